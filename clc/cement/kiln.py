"""Mass and energy balances of a dry-process kiln line: cyclone preheater, precalciner, rotary
kiln with main burner, grate cooler. Basis: 1 kg clinker; reference state 25 degC (all feeds
enter at 25 degC). Enthalpies of gases, carbonates and oxides from :mod:`clc.thermo` (Cantera);
clinker phases from :mod:`clc.cement.formation`.

The calciner runs in one of three ways (:class:`Calciner`):

* ``air`` (the reference line): burns its fuel share with tertiary air from the cooler and
  receives the kiln gas; one preheater string carries the calciner gas;
* ``external_heat`` (an oxygen-free calciner, e.g. heated by a CLC unit): burns no fuel and takes
  no air; its heat comes from outside and is solved; the kiln gas bypasses it;
* ``oxy``: burns its fuel with oxygen from an air separation unit diluted by recycled calciner
  gas; the kiln gas bypasses it.

In the last two the gas paths are two: the kiln gas heats one preheater string, the calciner's
CO2-rich gas another (:mod:`clc.cement.preheater`), as indirect- and oxy-calciner designs do;
the raw meal is split between them so that both exit gases leave at one temperature (a design
rule, or a split the user fixes). The calciner temperature is checked against the CaCO3/CaO
equilibrium in its own atmosphere (:mod:`clc.cement.calcination`).

Units (each closes exactly; the overall residuals are reported):

* preheater string(s): see :mod:`clc.cement.preheater` (dust, bottom-stage calcination);
  false air (``preheater.false_air``) enters the kiln-gas string with the gas at its bottom
  (simplification: in a tower it leaks in along the height);
* calciner at T_calc: calcines CaCO3 up to the degree of calcination X at the kiln inlet (an
  input), less what the bottom cyclones calcined; preheater-tower shell losses are lumped here;
* kiln: the rest of the CaCO3 calcines and the clinker forms; main-burner fuel with primary air
  (cold, a fraction of the kiln's air) and secondary air from the cooler; the kiln gas leaves at
  its given temperature. Either the kiln fuel follows from the kiln's first-law balance, or the
  kiln burner's share of the fuel is given (``kiln.fuel_share``, a design specification from
  published fuel splits) and the kiln heat the model does not resolve is solved (see below); a
  capture case keeps the reference kiln's burner fuel and that heat;
* kiln gas bypass: a share of the kiln gas leaves at the kiln inlet temperature (its heat and
  CO2 are lost to the stack);
* cooler: cools the clinker with the given cooling air; secondary and tertiary air leave at
  their given temperatures, the rest is cooler exhaust whose temperature is solved.

Clinker melt. The clinker leaves the kiln carrying the heat of its liquid phase
(``PlantSpec.clinker_melt_heat``, default :data:`clc.cement.data.CLINKER_MELT_HEAT`, 0.10 MJ/kg
clinker, a textbook value of weight C); the melt crystallises in the cooler's quench zone, which
gets that heat back. The term is internal to the line (the overall balance does not see it), but
it moves heat from the kiln burner's duty to the cooler's air.

Kiln heat not resolved. With the sourced kiln-gas temperature (950-1150 degC) the first-law kiln
balance gives the kiln burner about 19 % of the fuel (15 % without the melt term), where
precalciner kilns are reported to fire 40-50 % there (:data:`clc.cement.data.KILN_FUEL_SHARE_REPORTED`, weight C). The difference is
heat that this model's kiln sinks (residual calcination, heating to the clinker temperature,
clinker-phase formation, shell loss) do not take. Candidates: the clinker melt, internal
sulfur/alkali/dust cycles between the burning zone and the riser, a kiln-exit stream carrying
more than gas at the measured temperature; none is quantified by a source read. When ``kiln.fuel_share`` is given, this
heat (``kiln_unresolved_heat``, reported) is solved and taken to leave the kiln with its gas
(ASSUMPTION) and to be released where that gas goes: the calciner of an air-fired line, the bottom
stage of the kiln-gas string of a capture line, the stack with a bypass. A capture line may instead
lose it to the surroundings (``kiln.unresolved_heat_in_capture = "lost"``, a bound: the reference
still recovers it). The reference line must
recover it for the specific-heat calibration to close: lost, or given to the cooler, the line
cannot reach 3.06 MJ/kg clinker at tertiary air below 1100 degC.

Shell losses are given per kg clinker (fixed for the line) or as a share of the reference
line's fuel heat; :func:`fixed_losses` turns the latter into fixed values, so a capture case
keeps the reference's losses and they do not follow the fuel.

Labelled simplifications: clinker above 25 degC is its oxides by the Neumann-Kopp rule, plus the
fixed melt heat above between kiln and cooler; ash (and fuel sulfur) joins the clinker and is heated as quartz per kg
(assumption); no CO in gases.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import brentq

from .. import thermo
from . import calcination
from .data import CLINKER_MELT_HEAT
from .formation import heat_of_formation, phase_formation_from_oxides
from .fuel import AIR, Fuel
from .preheater import H_WATER_LIQUID, StringResult, add, h_stream, solve_string, temperature_of
from .rawmeal import Clinker, bogue, clinker_from_raw_meal, phase_molar_mass

T0 = 298.15  # K, reference and feed temperature
M_AIR = AIR["O2"] * 0.0319988 + AIR["N2"] * 0.0280134  # kg/mol of the lumped dry air (Cantera's O2, N2 masses)


@dataclass(frozen=True)
class PlantSpec:
    """A kiln line in SI units (built from a TOML file by :mod:`clc.cement.config`)."""

    name: str
    raw_meal: dict  # dry mass fractions
    moisture: float  # kg water / kg wet raw meal
    fuel: Fuel
    annual_clinker: float  # kg clinker per year
    stages: int
    calciner_temperature: float  # K
    degree_of_calcination: float  # of CaCO3 at kiln inlet
    calciner_excess_air: float
    calciner_shell_loss: float  # J/kg clinker (calciner + preheater tower)
    kiln_clinker_temperature: float  # K, clinker leaving kiln into cooler
    kiln_gas_temperature: float  # K, kiln gas into calciner
    kiln_excess_air: float
    primary_air_fraction: float
    kiln_shell_loss: float  # J/kg clinker
    cooling_air: float  # kg air / kg clinker
    clinker_out_temperature: float  # K
    secondary_air_temperature: float  # K
    tertiary_air_temperature: float  # K
    cooler_shell_loss: float  # J/kg clinker
    free_lime: float = 0.0  # kg/kg clinker
    # shell losses may instead (or also) be given as fractions of the reference line's fuel heat
    calciner_shell_loss_fraction: float = 0.0
    kiln_shell_loss_fraction: float = 0.0
    cooler_shell_loss_fraction: float = 0.0
    kiln_fuel_share: float | None = None  # kiln burner's share of the fuel heat (design spec); None: first law
    # J/kg clinker the kiln gives its exit gas beyond the gas's heat at kiln_gas_temperature (the kiln
    # heat not resolved, see the module docstring); None: solved from kiln_fuel_share, else 0
    kiln_unresolved_heat: float | None = None
    # where a capture plant puts the reference's kiln heat not resolved: "kiln_gas" (with the kiln gas into the
    # kiln-gas string, as the reference line puts it into its calciner) or "lost" (to the surroundings)
    unresolved_heat_in_capture: str = "kiln_gas"
    kiln_heat_lost: float = 0.0  # J/kg clinker: the kiln heat not resolved, lost (set by fixed_losses for "lost")
    false_air: float = 0.0  # kg air / kg clinker leaking into the (kiln-gas) preheater string
    dust: float = 0.0  # kg dust leaving the preheater per kg meal passed on
    bypass: float = 0.0  # share of the kiln gas extracted at the kiln inlet
    calcination_approach: float = 0.0  # K, calciner temperature required above T_eq
    clinker_rate: float | None = None  # kg/s while the kiln runs (None: annual_clinker over a year)
    electricity: float | None = None  # J electric / kg clinker
    grid_factor: float | None = None  # kg CO2 / J electric
    notes: dict = field(default_factory=dict)
    # J/kg clinker: heat of the clinker melt, taken up in the kiln's burning zone and given back when the
    # melt crystallises in the cooler (clc.cement.data.CLINKER_MELT_HEAT, textbook value, weight C)
    clinker_melt_heat: float = CLINKER_MELT_HEAT


CALCINER_KINDS = ("air", "external_heat", "oxy")
UNRESOLVED_HEAT_DESTINATIONS = ("kiln_gas", "lost")


@dataclass(frozen=True)
class Calciner:
    """How the calciner is heated (see the module docstring); SI units.

    ``temperature`` None keeps the plant's. ``meal_split`` is the share of the raw meal passed
    through the kiln-gas string (None: solved so both exit gases leave at one temperature).
    False air leaks into each string in proportion to the meal it carries (the plant's
    ``false_air`` for the whole tower); ``co2_string_leakage`` scales the CO2 string's share
    (0: a sealed string).
    Oxy-firing: ``oxygen_purity`` (O2 mole fraction of the ASU product; the rest counted as N2),
    ``oxygen_excess`` (O2 supplied / O2 the fuel needs), ``oxidant_o2_fraction`` (O2 mole
    fraction of product O2 plus recycled gas: sets the recycle).
    """

    kind: str = "air"
    temperature: float | None = None
    meal_split: float | None = None
    co2_string_leakage: float = 1.0  # false air into the CO2 string per kg meal, as a share of the reference tower's
    oxygen_purity: float = 0.95
    oxygen_excess: float = 1.1
    oxidant_o2_fraction: float = 0.35
    cooler_air_draw: float = 0.0  # mol air / kg clinker drawn hot from the cooler for use outside (a CLC air reactor)
    # gas from outside joining the calciner gas at the bottom of the CO2 string (a CLC fuel
    # reactor's off-gas: its heat preheats meal and it is captured with the calciner's CO2)
    co2_string_extra_gas: tuple = ()  # ((species, mol / kg clinker), ...)
    co2_string_extra_gas_temperature: float = 298.15  # K

    def __post_init__(self):
        if self.kind not in CALCINER_KINDS:
            raise ValueError(f"calciner kind={self.kind!r}; available: {', '.join(CALCINER_KINDS)}")
        if self.meal_split is not None and not 0.0 < self.meal_split < 1.0:
            raise ValueError(f"meal_split={self.meal_split!r} must lie in (0, 1)")
        if not (math.isfinite(self.co2_string_leakage) and 0.0 <= self.co2_string_leakage <= 1.0):
            raise ValueError(f"co2_string_leakage={self.co2_string_leakage!r} is outside [0, 1]")
        if not 0.5 <= self.oxygen_purity <= 1.0:
            raise ValueError(f"oxygen_purity={self.oxygen_purity!r} is outside [0.5, 1]")
        if not 1.0 <= self.oxygen_excess <= 2.0:
            raise ValueError(f"oxygen_excess={self.oxygen_excess!r} is outside [1, 2]")
        if not (math.isfinite(self.cooler_air_draw) and self.cooler_air_draw >= 0.0):
            raise ValueError(f"cooler_air_draw={self.cooler_air_draw!r} mol/kg clinker must be >= 0")
        if self.cooler_air_draw > 0.0 and self.kind == "air":
            raise ValueError("cooler_air_draw: an air-fired calciner takes the cooler's tertiary air itself")
        if not 0.15 <= self.oxidant_o2_fraction <= self.oxygen_purity:
            raise ValueError(f"oxidant_o2_fraction={self.oxidant_o2_fraction!r} is outside "
                             f"[0.15, oxygen_purity={self.oxygen_purity:g}]")


AIR_CALCINER = Calciner()


def running_clinker_rate(spec: PlantSpec) -> float:
    """Clinker rate while the kiln runs [kg/s] (what a heat supply must be sized for)."""
    return spec.clinker_rate if spec.clinker_rate is not None else spec.annual_clinker / (365.0 * 86400.0)


MOLAR_VOLUME = 8.314462618 * 273.15 / 101325.0  # m3(n)/mol, ideal gas at 0 degC, 1 atm


@dataclass
class PlantResult:
    spec: PlantSpec
    clinker: Clinker
    phases: dict  # Bogue mass fractions
    formation: dict  # J/kg clinker, parts and total
    fuel_kiln: float  # kg fuel / kg clinker
    fuel_calciner: float
    stage_temperatures: list  # K, top (1) to bottom (N) of the (kiln-gas) string
    cooler_exhaust_temperature: float  # K
    streams: dict  # name -> (dict mol/kg clinker, temperature)
    heat_balance: dict  # name -> J/kg clinker (inputs positive, outputs positive, see report)
    figures: dict  # name -> (value, unit)
    balances: dict  # residuals, relative
    external_calciner_heat: float = 0.0  # J/kg clinker, solved (external_heat calciner)
    calciner: Calciner = AIR_CALCINER
    calcination: calcination.CalcinationCheck | None = None
    strings: dict = field(default_factory=dict)  # name -> StringResult
    meal_split: float = 1.0  # share of the meal through the kiln-gas string
    destinations: dict = field(default_factory=dict)  # stream name -> "stack" / "CO2 processing" / "solid"
    kiln_gas_temperature: float = 0.0  # K, solved or given
    oxygen: float = 0.0  # kg O2 (product, pure O2 part) / kg clinker, oxy calciner
    recycle: float = 0.0  # mol recycled gas / kg clinker, oxy calciner
    kiln_unresolved_heat: float = 0.0  # J/kg clinker, kiln heat not resolved, carried with the kiln gas

    # named figures (the ``figures`` table is for printing; code reads these)
    @property
    def specific_heat_consumption(self) -> float:
        """MJ fuel (LHV) / kg clinker, kiln and calciner together."""
        return (self.fuel_kiln + self.fuel_calciner) * self.spec.fuel.lhv / 1e6

    @property
    def kiln_burner_share(self) -> float:
        """The kiln burner's share of the line's fuel (heat and mass alike: one fuel)."""
        return self.fuel_kiln / (self.fuel_kiln + self.fuel_calciner)

    @property
    def calciner_temperature(self) -> float:
        """K, the calciner's (its own setting, else the plant's)."""
        return self.calciner.temperature if self.calciner.temperature is not None else self.spec.calciner_temperature

    @property
    def calcination_equilibrium_temperature(self) -> float:
        """K, CaCO3 equilibrium at the calciner's CO2 partial pressure."""
        return self.calcination.T_eq

    @property
    def recycle_volume(self) -> float:
        """Nm3 (0 degC, 1 atm) of recycled flue gas / kg clinker, oxy calciner."""
        return self.recycle * MOLAR_VOLUME


def _ash_h(mass: float, T: float) -> float:
    """Sensible heat [J] of ``mass`` kg ash at T, as quartz per kg (assumption)."""
    return mass * (thermo.h("SiO2", T) - thermo.h("SiO2", T0)) / thermo.species("SiO2").molar_mass


def _validate(s: PlantSpec, T_calc: float) -> None:
    def rng(name, x, lo, hi, unit=""):
        if not (isinstance(x, (int, float)) and math.isfinite(x) and lo <= x <= hi):
            raise ValueError(f"{name}={x!r}{(' ' + unit) if unit else ''} is outside the allowed range [{lo:g}, {hi:g}]")
    rng("preheater.stages", s.stages, 1, 6)
    rng("calciner.temperature", T_calc, 1000.0, 1400.0, "K")  # CaCO3 thermo ends at 1400 K (extrapolated above 1200)
    rng("calciner.degree_of_calcination", s.degree_of_calcination, 0.0, 1.0)
    rng("kiln.clinker_temperature", s.kiln_clinker_temperature, T_calc, 1696.0, "K")  # SiO2 data end
    rng("kiln.gas_temperature", s.kiln_gas_temperature, s.calciner_temperature, 1800.0, "K")
    rng("kiln.primary_air_fraction", s.primary_air_fraction, 0.0, 0.5)
    rng("raw_meal.moisture", s.moisture, 0.0, 0.2)
    rng("cooler.cooling_air", s.cooling_air, 0.5, 5.0, "kg/kg clinker")
    rng("cooler.clinker_temperature", s.clinker_out_temperature, T0, s.kiln_clinker_temperature, "K")
    rng("cooler.secondary_air_temperature", s.secondary_air_temperature, T0, s.kiln_clinker_temperature, "K")
    rng("cooler.tertiary_air_temperature", s.tertiary_air_temperature, T0, s.kiln_clinker_temperature, "K")
    for unit in ("calciner", "kiln", "cooler"):
        rng(f"{unit}.shell_loss", getattr(s, f"{unit}_shell_loss"), 0.0, 2e6, "J/kg clinker")
        rng(f"{unit}.shell_loss (fraction of fuel heat)", getattr(s, f"{unit}_shell_loss_fraction"), 0.0, 0.3)
    rng("production.annual_clinker", s.annual_clinker, 1e6, 1e11, "kg/yr")
    if s.kiln_fuel_share is not None:
        rng("kiln.fuel_share", s.kiln_fuel_share, 0.05, 0.95)
    if s.kiln_unresolved_heat is not None:
        rng("kiln heat not resolved", s.kiln_unresolved_heat, 0.0, 5e6, "J/kg clinker")
    rng("kiln heat not resolved, lost", s.kiln_heat_lost, 0.0, 5e6, "J/kg clinker")
    if s.unresolved_heat_in_capture not in UNRESOLVED_HEAT_DESTINATIONS:
        raise ValueError(f"kiln.unresolved_heat_in_capture={s.unresolved_heat_in_capture!r}; allowed: "
                         f"{', '.join(UNRESOLVED_HEAT_DESTINATIONS)}")
    rng("preheater.false_air", s.false_air, 0.0, 1.0, "kg/kg clinker")
    rng("preheater.dust", s.dust, 0.0, 0.3, "kg/kg meal")
    rng("kiln.bypass", s.bypass, 0.0, 0.5)
    rng("calciner.calcination_approach", s.calcination_approach, 0.0, 200.0, "K")
    rng("clinker melt heat", s.clinker_melt_heat, 0.0, 0.5e6, "J/kg clinker")


def fixed_losses(spec: PlantSpec, reference: PlantResult | None = None) -> PlantSpec:
    """``spec`` with its shell losses as fixed J/kg clinker, taken from its reference solution.

    Losses given as a share of fuel heat are resolved at the reference line's fuel; a capture
    case built on the result keeps them, whatever fuel it fires. The kiln heat not resolved is
    fixed the same way (and the kiln-share design specification dropped: it was met): it rides with
    the kiln gas, or, with ``unresolved_heat_in_capture = "lost"``, leaves the kiln to the surroundings.
    """
    ref = reference if reference is not None else solve(spec)
    hb = ref.heat_balance
    X = max(ref.kiln_unresolved_heat, 0.0)
    lost = spec.unresolved_heat_in_capture == "lost"
    return dataclasses.replace(
        spec, kiln_shell_loss=hb["shell loss, kiln"], calciner_shell_loss=hb["shell loss, calciner and preheater"],
        cooler_shell_loss=hb["shell loss, cooler"], kiln_shell_loss_fraction=0.0,
        calciner_shell_loss_fraction=0.0, cooler_shell_loss_fraction=0.0,
        kiln_unresolved_heat=0.0 if lost else X, kiln_heat_lost=X if lost else 0.0, kiln_fuel_share=None)


def _mix(gas: dict, T: float, air_mol: float) -> tuple[dict, float]:
    """Gas at T with ``air_mol`` of air at 25 degC mixed in: composition and temperature."""
    if air_mol <= 0.0:
        return gas, T
    mixed = add(gas, {k: air_mol * v for k, v in AIR.items()})
    T_mix = temperature_of(mixed, h_stream(gas, T) + h_stream({k: air_mol * v for k, v in AIR.items()}, T0), T0, T)
    return mixed, T_mix


def solve(spec: PlantSpec, calciner: Calciner = AIR_CALCINER, kiln_fuel: float | None = None) -> PlantResult:
    """Balances of the kiln line with the given calciner.

    ``kiln_fuel`` [kg fuel / kg clinker], when given, fixes the kiln burner (a capture case
    keeps the reference kiln's) and the kiln gas temperature is solved.

    Raises ValueError for inputs outside their ranges and RuntimeError when the balances have no
    physical solution (e.g. too little cooling air, a calciner too cold to calcine), saying which
    limit stops it.
    """
    s = spec
    Tc = calciner.temperature if calciner.temperature is not None else s.calciner_temperature
    _validate(s, Tc)
    if s.kiln_clinker_temperature <= Tc:
        raise ValueError(f"kiln.clinker_temperature={s.kiln_clinker_temperature:.2f} K must exceed the calciner "
                         f"temperature {Tc:.2f} K")
    kind = calciner.kind
    two_strings = kind != "air"
    cl = clinker_from_raw_meal(s.raw_meal)
    phases = bogue(cl.oxides, free_lime=s.free_lime)
    formation = heat_of_formation(cl, s.free_lime)
    f = s.fuel
    hf = f.enthalpy
    n_rm = cl.moles_per_kg_clinker()
    m_dry = cl.raw_meal_per_clinker
    n_w = s.moisture / (1.0 - s.moisture) * m_dry / thermo.species("H2O").molar_mass
    X = s.degree_of_calcination
    n_caco3 = n_rm.get("CaCO3", 0.0)
    n_mgco3 = n_rm.get("MgCO3", 0.0)
    meal_pre = {k: v for k, v in n_rm.items() if k != "MgCO3"}
    meal_pre["MgO"] = meal_pre.get("MgO", 0.0) + n_mgco3
    meal_calc = dict(meal_pre)  # leaving the calciner into the kiln
    meal_calc["CaCO3"] = n_caco3 * (1 - X)
    meal_calc["CaO"] = meal_calc.get("CaO", 0.0) + n_caco3 * X
    oxides = dict(meal_calc)
    oxides["CaO"] = oxides.get("CaO", 0.0) + oxides.pop("CaCO3", 0.0)
    clinker_offset = sum(w / phase_molar_mass(p) * phase_formation_from_oxides(p) for p, w in phases.items())

    def h_clinker(T):
        return h_stream(oxides, T) + clinker_offset

    air_k = f.air(s.kiln_excess_air)
    flue_k = f.flue_gas(s.kiln_excess_air)
    air_c = f.air(s.calciner_excess_air)
    flue_c = f.flue_gas(s.calciner_excess_air)
    co2_kiln = {"CO2": n_caco3 * (1 - X)}
    Tk = s.kiln_clinker_temperature
    pf = s.primary_air_fraction
    b = s.bypass
    # oxy-firing per kg fuel: O2 product (pure O2 + its N2) and the fuel's products with excess O2
    o2_fuel = calciner.oxygen_excess * f.o2_demand  # mol O2 / kg fuel
    ox_product = {"O2": o2_fuel, "N2": o2_fuel * (1.0 - calciner.oxygen_purity) / calciner.oxygen_purity}
    flue_ox = add(f.products(), {"O2": o2_fuel - f.o2_demand, "N2": ox_product["N2"]})

    def loss(unit: str, mk: float, mc: float) -> float:
        return getattr(s, f"{unit}_shell_loss") + getattr(s, f"{unit}_shell_loss_fraction") * (mk + mc) * f.lhv

    def kiln_gas(mk: float) -> dict:
        return add(flue_k, co2_kiln, scale=(mk, 1.0))

    # kiln heat not resolved [J/kg clinker]: solved by the kiln-share design spec (air line), else fixed
    unresolved = [s.kiln_unresolved_heat if s.kiln_unresolved_heat is not None else 0.0]

    def r_kiln(mk: float, mc: float, Tkg: float, X: float | None = None) -> float:
        """Kiln energy balance, in - out [J/kg clinker]; X: the kiln heat not resolved (leaves with the gas)."""
        X = unresolved[0] if X is None else X
        ash_k, ash_c = mk * f.inert, mc * f.inert
        return (h_stream(meal_calc, Tc) + _ash_h(ash_c, Tc) + mk * hf + pf * mk * h_stream(air_k, T0)
                + (1 - pf) * mk * h_stream(air_k, s.secondary_air_temperature)
                - h_clinker(Tk) - s.clinker_melt_heat - _ash_h(ash_k + ash_c, Tk) - h_stream(kiln_gas(mk), Tkg)
                - loss("kiln", mk, mc) - s.kiln_heat_lost - X)

    def calciner_gas(mk: float, mc: float, co2_released: float, recycle: dict) -> dict:
        if kind == "air":
            return add(kiln_gas(mk), flue_c, {"CO2": co2_released}, scale=(1.0 - b, mc, 1.0))
        if kind == "oxy":
            return add(flue_ox, {"CO2": co2_released}, recycle, scale=(mc, 1.0, 1.0))
        return {"CO2": co2_released}

    # CaCO3 calcined in the calciner = CaCO3 arriving in the meal - CaCO3 leaving for the kiln
    def released(meals) -> float:
        return sum(m.get("CaCO3", 0.0) for m, _ in meals) - meal_calc["CaCO3"]

    def r_calc(mk, mc, Q, Tkg, meals, recycle, T_rec, X: float | None = None) -> float:
        X = unresolved[0] if X is None else X
        gas = calciner_gas(mk, mc, released(meals), recycle)
        h_in = sum(h_stream(m, T) for m, T in meals) + mc * hf + Q
        if kind == "air":  # the kiln gas, with the kiln heat it carries beyond its own (X)
            h_in += ((1.0 - b) * (h_stream(kiln_gas(mk), Tkg) + X)
                     + mc * h_stream(air_c, s.tertiary_air_temperature))
        elif kind == "oxy":
            h_in += mc * h_stream(ox_product, T0) + h_stream(recycle, T_rec)
        h_out = h_stream(meal_calc, Tc) + _ash_h(mc * f.inert, Tc) + h_stream(gas, Tc) + loss("calciner", mk, mc)
        return h_in - h_out

    def fuels_and_heat(meals, recycle, T_rec) -> tuple[float, float, float, float]:
        """(mk, mc, Q, Tkg) closing the kiln and calciner balances for the given meal and recycle."""
        if kind == "air":
            def linear(Tkg):
                r0 = np.array([r_kiln(0, 0, Tkg), r_calc(0, 0, 0, Tkg, meals, recycle, T_rec)])
                J = np.column_stack([np.array([r_kiln(1, 0, Tkg), r_calc(1, 0, 0, Tkg, meals, recycle, T_rec)]) - r0,
                                     np.array([r_kiln(0, 1, Tkg), r_calc(0, 1, 0, Tkg, meals, recycle, T_rec)]) - r0])
                mk_, mc_ = np.linalg.solve(J, -r0)
                return float(mk_), float(mc_)
            if kiln_fuel is not None:
                raise ValueError("kiln_fuel may be fixed only for a capture calciner (external_heat or oxy)")
            Tkg = s.kiln_gas_temperature
            if s.kiln_fuel_share is None:
                mk_, mc_ = linear(Tkg)
                return mk_, mc_, 0.0, Tkg
            # design spec: the kiln burner fires the given share of the fuel heat and the kiln gas leaves
            # at its given temperature; the kiln heat not resolved (X) closes the kiln balance. The kiln
            # and calciner balances and the share are linear in (mk, mc, X); X is scaled to MJ.
            share = s.kiln_fuel_share
            args = (meals, recycle, T_rec)

            def res(mk_: float, mc_: float, x_: float) -> np.ndarray:
                return np.array([r_kiln(mk_, mc_, Tkg, x_ * 1e6), r_calc(mk_, mc_, 0.0, Tkg, *args, x_ * 1e6),
                                 ((1.0 - share) * mk_ - share * mc_) * f.lhv])
            r0 = res(0.0, 0.0, 0.0)
            J = np.column_stack([res(1.0, 0.0, 0.0) - r0, res(0.0, 1.0, 0.0) - r0, res(0.0, 0.0, 1.0) - r0])
            mk_, mc_, x_ = np.linalg.solve(J, -r0)
            unresolved[0] = float(x_) * 1e6  # may be < 0 while the meal iterates; checked once converged
            return float(mk_), float(mc_), 0.0, Tkg
        # capture calciners: the calciner's unknown (its heat, or its fuel) first; it does not see the kiln gas
        if kind == "external_heat":
            mc_ = 0.0
            Q_ = -r_calc(0.0, 0.0, 0.0, Tc, meals, recycle, T_rec)
            if Q_ < 0:
                raise RuntimeError("external_heat calciner: the meal arrives with more heat than the calciner needs")
        else:
            r0 = r_calc(0.0, 0.0, 0.0, Tc, meals, recycle, T_rec)
            mc_ = -r0 / (r_calc(0.0, 1.0, 0.0, Tc, meals, recycle, T_rec) - r0)
            Q_ = 0.0
            if mc_ <= 0:
                raise RuntimeError("oxy calciner: needs no fuel at these temperatures")
        if kiln_fuel is None:
            Tkg = s.kiln_gas_temperature
            r0 = r_kiln(0.0, mc_, Tkg)
            mk_ = -r0 / (r_kiln(1.0, mc_, Tkg) - r0)
        else:
            mk_ = kiln_fuel
            k = lambda t: r_kiln(mk_, mc_, t)
            if k(Tc + 1e-6) < 0:
                raise RuntimeError(f"kiln: the burner's fuel ({mk_:.4g} kg/kg clinker) cannot heat the kiln when "
                                   f"its gas leaves at the calciner temperature {Tc - 273.15:.0f} degC")
            if k(2000.0) > 0:
                raise RuntimeError("kiln: the burner's fuel would heat the kiln gas above 1727 degC")
            Tkg = brentq(k, Tc + 1e-6, 2000.0, xtol=1e-10, rtol=1e-14)
        return mk_, mc_, Q_, Tkg

    # --- fixed point: meal from the string(s) -> fuels, heat -> gases -> string(s) ---
    meal_guess = dict(meal_pre)
    strings: dict[str, StringResult] = {}
    meals = [(meal_guess, Tc - 100.0)]
    recycle: dict = {}
    T_rec = T0 + 100.0
    split = 1.0
    air_fa = s.false_air / M_AIR  # mol air / kg clinker into the whole tower
    prev = None
    for _ in range(200):
        mk, mc, Q, Tkg = fuels_and_heat(meals, recycle, T_rec)
        if mk <= 0 or mc < 0:
            raise RuntimeError(f"kiln line: no positive fuel rates (kiln {mk:.4g}, calciner {mc:.4g} kg/kg clinker); "
                               "check temperatures and losses")
        co2_rel = released(meals)
        if kind == "air":
            gas, T_gas = _mix(calciner_gas(mk, mc, co2_rel, recycle), Tc, air_fa)
            strings = {"preheater": solve_string(n_rm, 0.0, gas, T_gas, s.stages, s.dust, "preheater")}
            meals = [(strings["preheater"].meal_out, strings["preheater"].meal_temperature)]
        else:
            kgas, T_kgas = {k: (1.0 - b) * v for k, v in kiln_gas(mk).items()}, Tkg
            cgas, T_cgas = calciner_gas(mk, mc, co2_rel, recycle), Tc
            if calciner.co2_string_extra_gas:
                extra = dict(calciner.co2_string_extra_gas)
                T_ex = calciner.co2_string_extra_gas_temperature
                mixed = add(cgas, extra)
                T_cgas = temperature_of(mixed, h_stream(cgas, T_cgas) + h_stream(extra, T_ex), T0, max(T_cgas, T_ex))
                cgas = mixed
            strings, split = _two_strings(n_rm, 0.0, kgas, T_kgas, cgas, T_cgas, s, calciner.meal_split,
                                          split if strings else None, air_fa, air_fa * calciner.co2_string_leakage,
                                          (1.0 - b) * unresolved[0])
            meals = [(st.meal_out, st.meal_temperature) for st in strings.values()]
            if kind == "oxy":
                st = strings["CO2 string"]
                ex = st.exit_gas
                tot = sum(ex.values())
                y_o2_rec = ex.get("O2", 0.0) / tot
                p_o2 = mc * ox_product["O2"]  # mol O2 of product
                p_tot = mc * sum(ox_product.values())
                y = calciner.oxidant_o2_fraction
                if y_o2_rec >= y:
                    raise RuntimeError("oxy calciner: the recycled gas is richer in O2 than the oxidant asked for")
                n_rec = max((p_o2 - y * p_tot) / (y - y_o2_rec), 0.0)
                recycle = {k: v * n_rec / tot for k, v in ex.items()}
                T_rec = st.exit_temperature
        state = np.array([t for _, t in meals] + [m.get("CaCO3", 0.0) for m, _ in meals]
                         + [sum(recycle.values()), T_rec, mk, mc, Q, unresolved[0]])
        if prev is not None and np.all(np.abs(state - prev) <= 1e-11 * np.maximum(1.0, np.abs(state))):
            break
        prev = state
    else:
        raise RuntimeError("kiln line: the preheater/calciner iteration did not converge")
    mk, mc, Q, Tkg = fuels_and_heat(meals, recycle, T_rec)
    if unresolved[0] < -1e-9 * (mk + mc) * f.lhv:
        first = solve(dataclasses.replace(s, kiln_fuel_share=None, kiln_unresolved_heat=None), calciner)
        raise RuntimeError(f"kiln.fuel_share={s.kiln_fuel_share:g} is below the share the kiln's own heat balance "
                           f"needs ({first.fuel_kiln / (first.fuel_kiln + first.fuel_calciner):.3f} with the kiln gas at "
                           f"{Tkg - 273.15:.0f} degC): the kiln heat not resolved would be "
                           f"{unresolved[0] / 1e6:.3f} MJ/kg clinker")
    co2_rel = released(meals)
    calc_gas = calciner_gas(mk, mc, co2_rel, recycle)
    kgas = kiln_gas(mk)
    ash = (mk + mc) * f.inert

    # calcination feasibility in the calciner's own atmosphere
    p_co2 = thermo.P_REF * calc_gas.get("CO2", 0.0) / sum(calc_gas.values())
    check = calcination.check(Tc, p_co2, s.calcination_approach)
    if kind != "air" and not check.feasible:
        raise RuntimeError(f"calciner: {check.describe()}; raise the calciner temperature to at least "
                           f"{check.T_eq + check.approach - 273.15:.1f} degC")

    # cooler
    n_air_cool = s.cooling_air / M_AIR  # mol air / kg clinker
    sec = {k: (1 - pf) * mk * v for k, v in air_k.items()}
    if kind == "air":
        ter = {k: mc * v for k, v in air_c.items()}
    else:  # no tertiary air; hot air may be drawn for a CLC air reactor at the tertiary-air temperature
        ter = {k: calciner.cooler_air_draw * v for k, v in AIR.items()} if calciner.cooler_air_draw > 0 else {}
    n_ex = n_air_cool - sum(sec.values()) - sum(ter.values())
    if n_ex <= 0:
        need = (sum(sec.values()) + sum(ter.values())) * M_AIR
        raise RuntimeError(f"cooler.cooling_air={s.cooling_air:g} kg/kg clinker is less than the secondary + tertiary "
                           f"air the kiln and calciner need ({need:.3g} kg/kg clinker)")
    exhaust = {k: n_ex * v for k, v in AIR.items()}
    # the clinker brings its melt heat, released as the melt crystallises in the quench zone
    cool_in = (h_clinker(Tk) + s.clinker_melt_heat + _ash_h(ash, Tk)
               + h_stream({k: n_air_cool * v for k, v in AIR.items()}, T0))
    cool_fixed = (h_clinker(s.clinker_out_temperature) + _ash_h(ash, s.clinker_out_temperature)
                  + h_stream(sec, s.secondary_air_temperature) + h_stream(ter, s.tertiary_air_temperature)
                  + loss("cooler", mk, mc))
    g = lambda T: cool_in - cool_fixed - h_stream(exhaust, T)
    if g(T0) < 0:
        raise RuntimeError("cooler: the clinker does not carry enough heat to warm the secondary and tertiary air "
                           "to their given temperatures (lower them or raise kiln.clinker_temperature)")
    if g(Tk) > 0:
        raise RuntimeError("cooler: exhaust air would be hotter than the clinker entering; give more cooling_air")
    T_cex = brentq(g, T0, Tk, xtol=1e-10, rtol=1e-13)
    stack_name = "preheater exit gas" if kind == "air" else "kiln-gas string exit gas"
    first_st = next(iter(strings.values()))
    stack, T_stack, exhaust, T_cex, drier_gas = _raw_mill_drier(first_st.exit_gas, first_st.exit_temperature,
                                                                exhaust, T_cex, n_w)

    # --- streams leaving the line, with where they go ---
    streams: dict = {}
    dest: dict = {}
    bypass_gas = {k: b * v for k, v in kgas.items()}
    if kind == "air":
        streams["preheater exit gas"], dest["preheater exit gas"] = (stack, T_stack), "stack"
    else:
        c_st = strings["CO2 string"]
        streams["kiln-gas string exit gas"] = (stack, T_stack)
        dest["kiln-gas string exit gas"] = "stack"
        product = c_st.exit_gas
        if kind == "oxy":
            product = {k: v - recycle.get(k, 0.0) for k, v in product.items()}
        streams["CO2 string exit gas"] = (product, c_st.exit_temperature)
        dest["CO2 string exit gas"] = "CO2 processing"
    if b > 0:
        streams["kiln gas bypass"], dest["kiln gas bypass"] = (bypass_gas, Tkg), "stack"
    if kind != "air" and ter:
        streams["hot air to the CLC air reactor"] = (ter, s.tertiary_air_temperature)
        dest["hot air to the CLC air reactor"] = "CLC air reactor"
    streams["cooler exhaust"], dest["cooler exhaust"] = (exhaust, T_cex), "stack"
    dust_total = add(*[st.dust for st in strings.values()])
    T_dust = {name: st.exit_temperature for name, st in strings.items()}
    h_dust = sum(h_stream(st.dust, st.exit_temperature) for st in strings.values())

    # --- overall balances ---
    feed = add(*[st.feed for st in strings.values()])
    water = n_w
    fa_total = air_fa if not two_strings else air_fa * (split + (1 - split) * calciner.co2_string_leakage)
    false_air = {k: fa_total * v for k, v in AIR.items()}
    air_in = add({k: n_air_cool * v for k, v in AIR.items()}, {k: pf * mk * v for k, v in air_k.items()}, false_air)
    o2_in = {k: mc * v for k, v in ox_product.items()} if kind == "oxy" else {}
    extra_in = dict(calciner.co2_string_extra_gas)
    T_extra = calciner.co2_string_extra_gas_temperature
    gas_out = {name: st for name, st in streams.items()}
    H_in = ((mk + mc) * hf + h_stream(feed, T0) + water * H_WATER_LIQUID + h_stream(air_in, T0) + h_stream(o2_in, T0)
            + Q + h_stream(extra_in, T_extra))
    losses = loss("kiln", mk, mc) + loss("calciner", mk, mc) + loss("cooler", mk, mc) + s.kiln_heat_lost
    H_out = (sum(h_stream(c, T) for c, T in gas_out.values()) + h_dust + h_clinker(s.clinker_out_temperature)
             + _ash_h(ash, s.clinker_out_temperature) + losses + b * unresolved[0])
    lhv_in = (mk + mc) * f.lhv
    balances = {"energy": (H_in - H_out) / (lhv_in + Q)}
    Mw = lambda st_: sum(n * thermo.species(k).molar_mass for k, n in st_.items())
    m_in = (mk + mc) + Mw(feed) + water * thermo.species("H2O").molar_mass + Mw(air_in) + Mw(o2_in) + Mw(extra_in)
    m_out = sum(Mw(c) for c, _ in gas_out.values()) + Mw(dust_total) + Mw(oxides) + ash
    balances["mass"] = (m_in - m_out) / m_in

    def elements(st_):
        out = {}
        for k, n in st_.items():
            for el, c in thermo.species(k).composition.items():
                out[el] = out.get(el, 0.0) + n * c
        return out
    u = f.ultimate_checked
    fuel_el = {"C": u.get("C", 0) / thermo.species("C").molar_mass, "H": u.get("H", 0) / thermo.species("H2").molar_mass * 2
               + 2 * u.get("moisture", 0) / thermo.species("H2O").molar_mass,
               "O": u.get("O", 0) / thermo.species("O2").molar_mass * 2 + u.get("moisture", 0) / thermo.species("H2O").molar_mass,
               "N": u.get("N", 0) / thermo.species("N2").molar_mass * 2}
    e_in = add(elements(feed), elements({"H2O": water}), elements(air_in), elements(o2_in), elements(extra_in),
               {k: (mk + mc) * v for k, v in fuel_el.items()})
    e_out = add(*[elements(c) for c, _ in gas_out.values()], elements(dust_total), elements(oxides))
    for el in sorted(e_in):
        balances[el] = (e_in[el] - e_out.get(el, 0.0)) / e_in[el]
    balances["kiln energy"] = r_kiln(mk, mc, Tkg) / (lhv_in + Q)
    balances["calciner energy"] = r_calc(mk, mc, Q, Tkg, meals, recycle, T_rec) / (lhv_in + Q)
    for name, st in strings.items():
        balances[f"{name} energy"] = st.residual() / (lhv_in + Q)

    # --- heat balance table [J/kg clinker] ---
    evap = water * (thermo.h("H2O", T0) - H_WATER_LIQUID)
    stack_heat = lambda c, T: h_stream(c, T) - h_stream(c, T0)
    heat = {
        "fuel LHV, kiln burner": mk * f.lhv,
        "fuel LHV, calciner": mc * f.lhv,
        "external heat to calciner": Q,
        "gas joining the CO2 string (sensible)": h_stream(extra_in, T_extra) - h_stream(extra_in, T0),
        "heat of clinker formation": formation["total"],
        "evaporation of raw-meal moisture": evap,
    }
    for name, (c, T) in gas_out.items():
        if name != "cooler exhaust":  # a bypass takes its share of the kiln heat not resolved with it
            heat[name] = stack_heat(c, T) + (b * unresolved[0] if name == "kiln gas bypass" else 0.0)
    heat["preheater dust"] = sum(h_stream(st.dust, st.exit_temperature) - h_stream(st.dust, T0) for st in strings.values())
    heat["cooler exhaust air"] = stack_heat(exhaust, T_cex)
    heat["clinker leaving cooler"] = (h_clinker(s.clinker_out_temperature) - h_clinker(T0)
                                      + _ash_h(ash, s.clinker_out_temperature))
    heat["shell loss, kiln"] = loss("kiln", mk, mc)
    if s.kiln_heat_lost > 0.0:
        heat["kiln heat not resolved, lost"] = s.kiln_heat_lost
    heat["shell loss, calciner and preheater"] = loss("calciner", mk, mc)
    heat["shell loss, cooler"] = loss("cooler", mk, mc)
    # the heat of the dust's partial reactions and the false air's own enthalpy are in the stream terms
    inputs = sum(heat[k] for k in HEAT_INPUTS)
    outputs = sum(v for k, v in heat.items() if k not in HEAT_INPUTS)
    heat["balance residual"] = inputs - outputs
    balances["heat balance table"] = heat["balance residual"] / inputs

    m_co2 = thermo.species("CO2").molar_mass
    co2_calc_kg = (n_caco3 + n_mgco3) * m_co2
    co2_fuel_kg = (mk + mc) * f.co2
    molar_volume = MOLAR_VOLUME
    first = next(iter(strings.values()))
    fig = {
        "specific heat consumption": ((mk + mc) * f.lhv / 1e6, "MJ/kg clinker"),
        "specific fuel consumption": (mk + mc, "kg fuel/kg clinker"),
        "calciner fuel": (mc, "kg fuel/kg clinker"),
        "calciner fuel share": (mc / (mk + mc), "-"),
        "kiln fuel share": (mk / (mk + mc), "-"),
        "external heat to calciner": (Q / 1e6, "MJ/kg clinker"),
        "raw meal to clinker ratio (dry)": (m_dry, "kg/kg"),
        "degree of calcination at kiln inlet": (X, "-"),
        "degree of calcination of the meal entering the calciner": (
            1.0 - sum(m.get("CaCO3", 0.0) for m, _ in meals) / n_caco3 if n_caco3 > 0 else 0.0, "-"),
        "calciner temperature": (Tc - 273.15, "degC"),
        "calciner CO2 partial pressure": (p_co2 / 1e5, "bar"),
        "calcination equilibrium temperature": (check.T_eq - 273.15, "degC"),
        "kiln gas temperature": (Tkg - 273.15, "degC"),
        "kiln heat not resolved (carried with the kiln gas)": (unresolved[0] / 1e6, "MJ/kg clinker"),
        "heat of clinker formation": (formation["total"] / 1e6, "MJ/kg clinker"),
        "heat of the clinker melt (kiln to cooler)": (s.clinker_melt_heat / 1e6, "MJ/kg clinker"),
        "cooler heat recovery (secondary + tertiary air / clinker heat in)": (
            (h_stream(sec, s.secondary_air_temperature) - h_stream(sec, T0) + h_stream(ter, s.tertiary_air_temperature)
             - h_stream(ter, T0)) / (h_clinker(Tk) - h_clinker(T0) + s.clinker_melt_heat + _ash_h(ash, Tk)
                                     - _ash_h(ash, T0)), "-"),
        "preheater exit gas temperature": (first.exit_temperature - 273.15, "degC"),
        "preheater exit gas flow": (sum(first.exit_gas.values()) * molar_volume, "Nm3/kg clinker"),
        "stack gas temperature after the raw-mill drier": (
            (T_stack if drier_gas != "cooler" else T_cex) - 273.15, "degC"),
        "meal temperature into calciner": (first.meal_temperature - 273.15, "degC"),
        "cooler exhaust temperature": (T_cex - 273.15, "degC"),
        "cooler exhaust air": (n_ex * M_AIR, "kg/kg clinker"),
        "secondary air": (sum(sec.values()) * M_AIR, "kg/kg clinker"),
        "tertiary air": (sum(ter.values()) * M_AIR if kind == "air" else 0.0, "kg/kg clinker"),
        "hot air drawn for the CLC air reactor": (calciner.cooler_air_draw * M_AIR, "kg/kg clinker"),
        "CO2 from calcination": (co2_calc_kg * 1e3, "kg/t clinker"),
        "CO2 from fuel": (co2_fuel_kg * 1e3, "kg/t clinker"),
        "CO2 direct total": ((co2_calc_kg + co2_fuel_kg) * 1e3, "kg/t clinker"),
        "annual clinker": (s.annual_clinker / 1e3, "t/yr"),
        "annual fuel": ((mk + mc) * s.annual_clinker / 1e3, "t/yr"),
        "annual CO2 direct": ((co2_calc_kg + co2_fuel_kg) * s.annual_clinker / 1e3, "t/yr"),
        "annual CO2 from calcination": (co2_calc_kg * s.annual_clinker / 1e3, "t/yr"),
        "annual CO2 from fuel": (co2_fuel_kg * s.annual_clinker / 1e3, "t/yr"),
    }
    if two_strings:
        fig["raw meal share through the kiln-gas string"] = (split, "-")
        fig["CO2 string exit gas temperature"] = (strings["CO2 string"].exit_temperature - 273.15, "degC")
        fig["meal temperature into calciner from the CO2 string"] = (
            strings["CO2 string"].meal_temperature - 273.15, "degC")
    if kind == "oxy":
        fig["oxygen for the calciner"] = (mc * o2_fuel * thermo.species("O2").molar_mass * 1e3, "kg O2/t clinker")
        fig["flue-gas recycle"] = (sum(recycle.values()) * molar_volume, "Nm3/kg clinker")
    if s.electricity is not None and s.grid_factor is not None:
        fig["CO2 from electricity (indirect)"] = (s.electricity * s.grid_factor * 1e3, "kg/t clinker")
    for k, (v, _) in fig.items():
        if not math.isfinite(v):
            raise RuntimeError(f"kiln line: figure {k!r} is not finite")
    streams = {"raw meal (dry)": (feed, T0), "raw-meal moisture": ({"H2O": water}, T0), **streams,
               "kiln gas": (kgas, Tkg), "calciner gas": (calc_gas, Tc),
               "secondary air": (sec, s.secondary_air_temperature),
               "tertiary air": (ter if kind == "air" else {}, s.tertiary_air_temperature),
               "preheater dust": (dust_total, min(T_dust.values())),
               "clinker oxides": (oxides, s.clinker_out_temperature)}
    dest["preheater dust"] = "solid"
    return PlantResult(s, cl, phases, formation, mk, mc, [float(t) for t in first.stage_temperatures], float(T_cex),
                       streams, heat, fig, {k: float(v) for k, v in balances.items()}, Q, calciner, check, strings,
                       split, dest, float(Tkg), mc * o2_fuel * thermo.species("O2").molar_mass,
                       sum(recycle.values()), float(unresolved[0]))


HEAT_INPUTS = ("fuel LHV, kiln burner", "fuel LHV, calciner", "external heat to calciner",
                "gas joining the CO2 string (sensible)")


def _raw_mill_drier(stack: dict, T_stack: float, cooler_exhaust: dict, T_cooler: float,
                    water: float) -> tuple[dict, float, dict, float, str]:
    """Evaporate the raw meal's moisture (liquid, 25 degC) in the raw mill before the preheater.

    The preheater's (kiln-gas string's) exit gas dries it where it carries the heat, as on most
    lines; otherwise the cooler exhaust air does (a capture plant's kiln-gas string can leave
    too cold). The vapour leaves with the drying gas. Returns the stack gas and its temperature,
    the cooler exhaust and its temperature (one of the pair with the vapour), and which dried.
    """
    if water <= 0.0:
        return stack, T_stack, cooler_exhaust, T_cooler, "none"
    for which in ("preheater", "cooler"):
        gas, T = (stack, T_stack) if which == "preheater" else (cooler_exhaust, T_cooler)
        wet = add(gas, {"H2O": water})
        T_wet = temperature_of(wet, h_stream(gas, T) + water * H_WATER_LIQUID, T0, max(T, T0 + 1.0))
        if T_wet is not None:
            if which == "preheater":
                return wet, T_wet, cooler_exhaust, T_cooler, which
            return stack, T_stack, wet, T_wet, which
    raise RuntimeError(f"raw-mill drier: neither the preheater exit gas ({T_stack - 273.15:.0f} degC) nor the cooler "
                       f"exhaust ({T_cooler - 273.15:.0f} degC) carries the heat to dry the raw meal")


def _two_strings(n_rm: dict, n_w: float, kgas0: dict, T_kgas0: float, cgas0: dict, T_cgas0: float, s: PlantSpec,
                 split: float | None, guess: float | None = None, fa_kiln: float = 0.0,
                 fa_co2: float = 0.0, kiln_heat: float = 0.0) -> tuple[dict, float]:
    """The kiln-gas and CO2 strings with the raw meal split between them.

    ``kiln_heat`` [J/kg clinker]: the kiln heat not resolved that rides with the kiln gas; it is
    released in the kiln-gas string's bottom stage.

    The split (share of the meal through the kiln-gas string) is the user's, or solved so that
    both exit gases leave at one temperature (a design rule: each string cools its gas as far
    as the other). Where no split both strings can take does that, the split that brings the two
    exit temperatures closest is taken (it lies where one string stops being able to take its
    meal) and the strings exit at different temperatures (the plant's figures show both).
    """
    def gases(x: float):
        """Each string's gas with its false air (in proportion to its meal), and temperature."""
        return _mix(kgas0, T_kgas0, x * fa_kiln) + _mix(cgas0, T_cgas0, (1 - x) * fa_co2)

    def strings(x: float) -> dict:
        kgas, T_kgas, cgas, T_cgas = gases(x)
        return {"kiln-gas string": solve_string({k: x * v for k, v in n_rm.items()}, x * n_w, kgas, T_kgas, s.stages,
                                                s.dust, "kiln-gas string", kiln_heat),
                "CO2 string": solve_string({k: (1 - x) * v for k, v in n_rm.items()}, (1 - x) * n_w, cgas, T_cgas,
                                           s.stages, s.dust, "CO2 string")}
    if split is not None:
        return strings(split), split

    def diff(x: float) -> float:
        """Exit temperature of the kiln-gas string less the CO2 string's; a string that cannot take
        its meal (too little gas heat for it) counts as infinitely cold."""
        kgas, T_kgas, cgas, T_cgas = gases(x)
        try:
            k = solve_string({k_: x * v for k_, v in n_rm.items()}, x * n_w, kgas, T_kgas, s.stages, s.dust,
                             "kiln-gas string", kiln_heat).exit_temperature
        except RuntimeError:
            return -_INFEASIBLE
        try:
            c = solve_string({k_: (1 - x) * v for k_, v in n_rm.items()}, (1 - x) * n_w, cgas, T_cgas, s.stages,
                             s.dust, "CO2 string").exit_temperature
        except RuntimeError:
            return _INFEASIBLE
        return k - c

    if guess is not None:  # the last iteration's split: bracket it closely first
        for width in (0.005, 0.03):
            lo, hi = max(guess - width, 0.02), min(guess + width, 0.98)
            d_lo, d_hi = diff(lo), diff(hi)
            if d_lo * d_hi <= 0:
                x = brentq(diff, lo, hi, xtol=1e-12, rtol=1e-12)
                if abs(diff(x)) < 1e-6:
                    return strings(x), x
        # the last split sat on a feasibility boundary (no split equalised them, below): follow it
        x = _feasibility_boundary(diff, guess, width=0.005)
        if x is not None and _closest_split(diff, x):
            return strings(x), x
    grid = np.linspace(0.02, 0.98, 25)
    d = [diff(x) for x in grid]
    for i in range(len(grid) - 1):
        if d[i] * d[i + 1] <= 0:
            x = brentq(diff, grid[i], grid[i + 1], xtol=1e-12, rtol=1e-12)
            if abs(diff(x)) < 1e-6:
                return strings(x), x
    # No split gives one exit temperature (e.g. heat released in the kiln-gas string that its meal can take
    # only when it gets most of the meal): the design rule is kept as far as it goes, the split that both
    # strings can take and that brings their exit temperatures closest; the strings then exit apart.
    feasible = [i for i, v in enumerate(d) if abs(v) < _INFEASIBLE]
    if not feasible:
        raise RuntimeError("raw meal split: no share of the meal lets both strings take their meal with the gas heat "
                           "they get; fix calciner meal_split or raise the gas heat")
    i = min(feasible, key=lambda j: abs(d[j]))
    x = float(grid[i])
    for j in (i - 1, i + 1):  # an infeasible neighbour: the closest split lies on the boundary between them
        if 0 <= j < len(grid) and abs(d[j]) >= _INFEASIBLE:
            xb = _bisect_boundary(diff, float(grid[i]), float(grid[j]))
            if abs(diff(xb)) < abs(diff(x)):
                x = xb
    return strings(x), x


_INFEASIBLE = 1e4  # K: what diff() returns for a string that cannot take its meal


def _bisect_boundary(diff, inside: float, outside: float, tol: float = 1e-13) -> float:
    """The split between ``inside`` (both strings feasible) and ``outside`` (one is not) where feasibility
    ends, to ``tol``; the feasible side is returned."""
    while abs(outside - inside) > tol:
        mid = 0.5 * (inside + outside)
        if abs(diff(mid)) < _INFEASIBLE:
            inside = mid
        else:
            outside = mid
    return inside


def _feasibility_boundary(diff, guess: float, width: float) -> float | None:
    """The feasibility boundary within ``width`` of ``guess``, if it lies there."""
    lo, hi = max(guess - width, 0.02), min(guess + width, 0.98)
    f_lo, f_hi = abs(diff(lo)) < _INFEASIBLE, abs(diff(hi)) < _INFEASIBLE
    if f_lo == f_hi:
        return None
    return _bisect_boundary(diff, lo, hi) if f_lo else _bisect_boundary(diff, hi, lo)


def _closest_split(diff, x: float) -> bool:
    """Whether the boundary split ``x`` still cannot be bettered: the exit temperatures differ with the
    sign that points into the infeasible side (moving toward equal temperatures is not possible)."""
    d = diff(x)
    if abs(d) >= _INFEASIBLE:
        return False
    step = 1e-6
    # a neighbour is either infeasible (|diff| at the flag value) or further from equal temperatures
    return all(abs(diff(x + sgn * step)) >= abs(d) for sgn in (-1, 1))
