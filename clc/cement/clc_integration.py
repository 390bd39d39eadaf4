"""A CLC unit heating an oxygen-free calciner, and an oxy-fired calciner on the same plant and
boundary: capture rate, CO2 avoided, SPECCA and energy penalty from listed streams and energy items.

The plant (:mod:`clc.cement.kiln`):

* the reference line fires its calciner with air (one preheater string);
* the capture cases keep the kiln burner, burn no fuel in the calciner with air, and split the
  gas paths: the kiln gas heats one preheater string, the calciner's CO2 another. The calciner
  runs at a temperature the user sets, checked against the CaCO3/CaO equilibrium in its own
  atmosphere plus the plant's approach; shell losses are the reference line's (fixed).

Integration options (``[integration] option``):

* ``calciner_indirect``: a heat exchanger between the CLC air reactor and the calciner carries
  the calciner's heat demand; the air reactor must be hotter than the calciner;
* ``calciner_carrier``: the hot carrier itself heats the calciner: the air reactor is
  adiabatic, the carrier crosses a heat exchanger in the calciner on its way to the fuel
  reactor and leaves it ``solids_approach`` above the calciner temperature;
* ``ar_air_from_cooler`` (either option): the air reactor's air is drawn hot from the clinker
  cooler at the tertiary-air temperature (the air the calciner no longer burns with).

The CLC unit is the loop model solved at the size whose delivered heat equals the calciner's
demand (secant on the size, relative tolerance 1e-6, each size solved by :func:`clc.loop.solve`),
scaled from the given unit at constant velocities and specific inventories.

A solid-fuel unit (coal, e.g. ``cement_clc_sichuan_coal.toml``) adds its own streams
(:func:`fuel_reactor_outlet`): the FR gas with the volatiles that bypassed the bed and, as C, H, O,
the unburnt tar, both to CO2 processing; the char carried to the air reactor burns there and its
CO2 leaves with the AR exhaust to the stack (emitted); char elutriated from the FR leaves as
carbon with the solids. The coal's ash, char figures and the CO2 of the char burnt in the AR are
reported; its sulfur, not followed by the loop, goes with the FR gas to polishing and burns to
SO2 there (ASSUMPTION, warned about). Raising the FR's fluidising
steam is an energy item (from waste heat, ASSUMPTION).

Capture is counted by stream: only CO2 in streams routed to CO2 processing is captured. There
the fuel reactor's unburnt gas is burnt with ASU oxygen (oxygen polishing, stoichiometric), the
gas is dried, and a dry CO2 purity below ``co2_purity_required`` calls for a purification step
(minimum separation work over a second-law efficiency the user gives; its recovery loses CO2).

Energy items (electric; a negative value is generated), each with its source in
:func:`energy_items`: CO2 compression and purification, ASU oxygen, air-reactor blower and
fuel-reactor fluidising gas from the beds' pressure drops plus a distributor, preheater fans,
waste-heat power from the stack streams above ``whr_stack_temperature``; the reference plant
gets the same fan and waste-heat items. One electricity reference
(:class:`clc.cement.energy_boundary.ElectricityReference`) converts electricity to both CO2 and
primary energy.

Figures of merit (CEMCAP definitions, Voldsund et al., Energies 12 (2019) 559; SPECCA after
Campanari et al.): capture rate = CO2 captured / CO2 generated; CO2 avoided = 1 - e / e_ref
(direct: stack CO2; equivalent: plus electricity's CO2); SPECCA = (q - q_ref) / (e_eq,ref - e_eq)
[MJ/kg CO2], q the primary energy per kg clinker; energy penalty = q / q_ref - 1.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np

from .. import carriers, gas, loop, metrics, solid_fuel_reactor, thermo
from ..co2_compression import compression_work
from . import coal
from . import energy_boundary as eb
from ..solid_fuel import ATOMIC_MASS
from .data import KILN_FUEL_SHARE_REPORTED
from .fuel import AIR
from .kiln import M_AIR, Calciner, PlantResult, PlantSpec, fixed_losses, running_clinker_rate
from .kiln import solve as solve_plant
from .preheater import temperature_of

OPTIONS = ("calciner_indirect", "calciner_carrier")
T0 = 298.15


@dataclass(frozen=True)
class IntegrationOptions:
    """User inputs of the integration (SI). Defaults are labelled assumptions or sourced constants."""

    option: str = "calciner_indirect"
    calciner_temperature: float | None = None  # K, capture calciner; None: the plant's
    solids_approach: float = 30.0  # K, carrier above the calciner leaving its exchanger (design input)
    ar_air_from_cooler: bool = False  # AR air drawn hot from the cooler at the tertiary-air temperature
    heat_transfer_coefficient: float = eb.U_FLUIDISED_BED_WALL  # W/(m2 K), calciner heat exchanger
    compression_pressure: float = 110e5  # Pa, pipeline pressure (user input)
    compression_stages: int = 4
    compression_efficiency: float = 0.80
    co2_purity_required: float = 0.95  # dry CO2 mole fraction below which purification is needed (user input)
    purification_recovery: float = 0.90  # CO2 recovered by purification when it is needed (user input)
    purification_efficiency: float | None = None  # second-law efficiency of purification (required if needed)
    oxygen_specific_work: float = eb.OXYGEN_SPECIFIC_WORK  # J/kg O2
    oxygen_purity: float = eb.OXYGEN_PURITY
    fan_efficiency: float = eb.BLOWER_EFFICIENCY_KL1991_EXAMPLE
    preheater_pressure_drop: float = 0.0  # Pa over a preheater string and its fan (0: not counted)
    whr_efficiency: float = eb.WHR_EFFICIENCY
    whr_stack_temperature: float = 393.15  # K, waste-heat recovery cools stack gases to this (user input)
    electricity: eb.ElectricityReference | None = None  # None: a 40 % coal plant on the plant's fuel
    grid_region: str | None = None  # for the report
    # oxy-fired calciner (the peer route)
    oxy_excess: float = 1.1
    oxy_oxidant_o2_fraction: float = 0.35
    co2_string_leakage: float = 1.0  # false air into the CO2 string per kg meal, share of the reference tower's
    fr_gas_to_co2_string: bool = False  # the FR off-gas joins the calciner's CO2 and preheats meal
    # J per kg coal to grind and feed coal (clc.cement.coal; no sourced value: required to count it)
    coal_preparation_work: float | None = None

    def __post_init__(self):
        if self.option not in OPTIONS:
            raise ValueError(f"integration.option={self.option!r}; available: {', '.join(OPTIONS)}")
        checks = (("integration.solids_approach", self.solids_approach, 0.0, 300.0, "K"),
                  ("integration.heat_transfer_coefficient", self.heat_transfer_coefficient, 1.0, 5000.0, "W/(m2 K)"),
                  ("integration.co2_purity_required", self.co2_purity_required, 0.5, 1.0, "-"),
                  ("integration.purification_recovery", self.purification_recovery, 0.5, 1.0, "-"),
                  ("integration.fan_efficiency", self.fan_efficiency, 0.3, 1.0, "-"),
                  ("integration.whr_efficiency", self.whr_efficiency, 0.0, 0.6, "-"),
                  ("integration.whr_stack_temperature", self.whr_stack_temperature, 323.15, 573.15, "K"),
                  ("integration.preheater_pressure_drop", self.preheater_pressure_drop, 0.0, 2e4, "Pa"),
                  ("integration.oxygen_specific_work", self.oxygen_specific_work, 0.0, 5e6, "J/kg O2"))
        for name, v, lo, hi, unit in checks:
            if not (isinstance(v, (int, float)) and math.isfinite(v) and lo <= v <= hi):
                raise ValueError(f"{name}={v!r} {unit} is outside the allowed range [{lo:g}, {hi:g}]")
        if self.solids_approach <= 0.0:
            raise ValueError(f"integration.solids_approach={self.solids_approach!r} K must lie in (0, 300)")
        if self.purification_efficiency is not None and not 0.01 <= self.purification_efficiency <= 1.0:
            raise ValueError(f"integration.purification_efficiency={self.purification_efficiency!r} is outside [0.01, 1]")
        if self.coal_preparation_work is not None:
            w, (lo, hi) = self.coal_preparation_work, coal.WORK_RANGE
            if not (isinstance(w, (int, float)) and math.isfinite(w) and lo <= w <= hi):
                raise ValueError(f"integration.coal_preparation_work={w!r} J/kg coal is outside the allowed range "
                                 f"[{lo:g}, {hi:g}] J/kg (0-200 kWh/t coal)")


@dataclass(frozen=True)
class Stream:
    """A stream leaving the system boundary, per kg clinker."""

    name: str
    composition: dict  # mol / kg clinker
    temperature: float  # K
    destination: str  # "stack", "CO2 processing", "CLC air reactor", "solid"
    # mol C, H, O, S / kg clinker carried outside the gas species (a solid fuel's unburnt tar, char,
    # or sulfur); empty for gas streams
    elements: dict = field(default_factory=dict)
    solid_mass: float = 0.0  # kg / kg clinker of solids carried besides the above (a coal's ash)
    heating_value: float = 0.0  # J / kg clinker, LHV of what ``elements`` carries (the tar's), 0 if not known

    @property
    def element_mass(self) -> float:
        """kg / kg clinker of the C, H, O carried outside the gas species."""
        return sum(n * ATOMIC_MASS[el] for el, n in self.elements.items())

    def element_formula(self) -> str:
        """Mean formula per C atom of what ``elements`` carries, e.g. "CH2.38O0.30" ("S" for sulfur alone,
        "" when empty)."""
        c = self.elements.get("C", 0.0)
        if c <= 0.0:
            return "S" if set(self.elements) == {"S"} else ""
        return "C" + "".join(f"{el}{self.elements[el] / c:.3g}" for el in ("H", "O") if self.elements.get(el, 0.0) > 0)

    @property
    def co2(self) -> float:
        """kg CO2 / kg clinker."""
        return self.composition.get("CO2", 0.0) * thermo.species("CO2").molar_mass

    @property
    def carbon_as_co2(self) -> float:
        """kg CO2 / kg clinker its carbon (CO2, CO, CH4, and carbon outside the gas species) makes when burnt."""
        c = sum(self.composition.get(k, 0.0) for k in ("CO2", "CO", "CH4")) + self.elements.get("C", 0.0)
        return c * thermo.species("CO2").molar_mass

    def dry_co2_fraction(self) -> float:
        dry = {k: v for k, v in self.composition.items() if k != "H2O"}
        tot = sum(dry.values())
        return dry.get("CO2", 0.0) / tot if tot > 0 else 0.0


@dataclass(frozen=True)
class EnergyItem:
    """One item of the energy boundary, per kg clinker: electric (W_e, + used / - generated) or heat."""

    name: str
    value: float  # J / kg clinker
    kind: str  # "electricity" or "fuel"
    source: str


@dataclass
class CaseResult:
    """One plant (reference or capture case) on the common boundary."""

    route: str
    plant: PlantResult
    streams: list[Stream]
    energy: list[EnergyItem]
    co2_generated: float  # kg / kg clinker
    co2_captured: float
    co2_emitted: float
    co2_product_purity: float  # dry, after polishing (before purification)
    clc: loop.LoopResult | None = None
    figures: dict = field(default_factory=dict)  # name -> (value, unit)
    warnings: list = field(default_factory=list)
    # equipment sizes the cost model scales on (clc.cement.cost.SIZE_UNITS): co2_captured t/h, oxygen t/d,
    # clc_thermal_power MWth, calciner_heat_exchanger_area m2, air_recuperator_duty MW, carrier_inventory t
    sizes: dict = field(default_factory=dict)

    def electricity(self) -> float:
        return sum(i.value for i in self.energy if i.kind == "electricity")

    def fuel(self) -> float:
        return sum(i.value for i in self.energy if i.kind == "fuel")


@dataclass
class Comparison:
    reference: CaseResult
    cases: dict  # route -> CaseResult
    kpis: dict  # route -> {name: (value, unit)}
    electricity: eb.ElectricityReference
    costs: object | None = None  # clc.cement.cost.CostComparison when cost inputs were given


def scale_unit(u: loop.UnitSpec, factor: float) -> loop.UnitSpec:
    """The unit scaled at constant velocities and specific inventories."""
    if not (math.isfinite(factor) and factor > 0):
        raise ValueError(f"scale factor={factor!r} must be positive")

    def reactor(r: loop.ReactorSpec) -> loop.ReactorSpec:
        return dataclasses.replace(r, diameter=r.diameter * math.sqrt(factor), inventory=r.inventory * factor,
                                   n_orifices=max(1, round(r.n_orifices * factor)),
                                   extra_feed={k: v * factor for k, v in r.extra_feed.items()},
                                   heat_duty=None if r.heat_duty is None else r.heat_duty * factor)

    return dataclasses.replace(u, name=f"{u.name} (x{factor:.4g})", thermal_power=u.thermal_power * factor,
                               solids_circulation=u.solids_circulation * factor,
                               fuel_reactor=reactor(u.fuel_reactor), air_reactor=reactor(u.air_reactor))


def _heat_delivered(res: loop.LoopResult, option: str) -> float:
    """W the unit gives the calciner: its solids cooler (``calciner_carrier``) or its air reactor."""
    return res.heat_solids_cooler if option == "calciner_carrier" else res.heat_from_ar


def _heat_name(option: str) -> str:
    return "heat removed in solids cooler" if option == "calciner_carrier" else "heat to remove from AR"


def _solve_clc(unit: loop.UnitSpec, option: str) -> loop.LoopResult:
    """Solve the CLC unit; say which integration option failed and why."""
    try:
        return loop.solve(unit)
    except (RuntimeError, ValueError) as exc:
        hint = (" (calciner_carrier needs an adiabatic air reactor hotter than the calciner plus the approach: "
                "more air preheat, a hotter fuel reactor or a larger circulation may help)"
                if option == "calciner_carrier" else "")
        raise RuntimeError(f"integration.option={option!r}: the CLC unit cannot be solved: {exc}{hint}") from None


def size_unit(unit: loop.UnitSpec, demand, option: str, rtol: float = 1e-6) -> tuple[loop.UnitSpec, loop.LoopResult, float]:
    """The unit scaled so that the heat it delivers to the calciner equals the demand [W].

    ``demand`` is a number, or a function of the solved loop (when the unit's own off-gas
    changes what the calciner needs). Secant iteration on the scale factor; every size is solved
    with :func:`clc.loop.solve`. Returns the scaled unit, its solution and the demand met.
    Raises RuntimeError when the unit delivers no heat or the iteration does not converge.
    """
    name = _heat_name(option)
    need = demand if callable(demand) else (lambda res: demand)

    def residual(f: float) -> tuple[float, loop.UnitSpec, loop.LoopResult, float]:
        u = unit if f == 1.0 else scale_unit(unit, f)
        res = _solve_clc(u, option)
        q, d = _heat_delivered(res, option), need(res)
        if q <= 0:
            raise RuntimeError(f"CLC unit {unit.name!r} gives no heat for the calciner at its temperatures "
                               f"({name} {q:.4g} W): it cannot heat a calciner")
        return q / d - 1.0, u, res, d

    f_prev, (r_prev, *_) = 1.0, residual(1.0)
    f = 1.0 / (1.0 + r_prev)
    for _ in range(40):
        r, u, res, d = residual(f)
        if abs(r) <= rtol:
            return u, res, d
        if r == r_prev:
            break
        f, f_prev, r_prev = f - r * (f - f_prev) / (r - r_prev), f, r
        if not (math.isfinite(f) and f > 0):
            break
    raise RuntimeError(f"CLC sizing: no unit size delivers the calciner's heat demand to {rtol:g} (relative); "
                       "the delivered heat does not follow the size smoothly")


def _carrier_heated(unit: loop.UnitSpec, T_calc: float, approach: float) -> loop.UnitSpec:
    """The unit of option ``calciner_carrier``: adiabatic AR, carrier cooled in the calciner."""
    return dataclasses.replace(unit, solids_cooler_temperature=T_calc + approach,
                               air_reactor=dataclasses.replace(unit.air_reactor, heat_duty=0.0))


@dataclass(frozen=True)
class FuelReactorOutlet:
    """What leaves the CLC fuel reactor with its gas [per second], and the air the AR takes.

    For a gaseous fuel: the bed's outlet gas and the unit's air. For a solid fuel
    (:func:`clc.loop._solve_solid_fuel`): the bed's outlet less the H2O/CO2 the char took beyond the
    bottom feed (fed to the bed there, taken from its outlet), plus the volatiles that bypassed the
    bed; the unburnt tar as C, H, O (not a gas species); char elutriated as carbon; the air is the
    AR feed with the char's CO2 put back as the O2 it burnt (the loop feeds the AR with that CO2).
    """

    gas: np.ndarray  # mol/s in clc.gas.SPECIES order
    tar: dict  # mol/s of C, H, O
    tar_lhv: float  # W released burning the tar (its LHV)
    elutriated_carbon: float  # mol C/s
    air: np.ndarray  # mol/s of air into the AR
    char_to_ar: float  # mol C/s burnt in the AR
    fuel_carbon: float  # mol C/s in the fuel fed
    ash: float  # kg/s
    fuel_feed: float  # kg/s as received
    sulfur: float  # mol S/s in the fuel (not followed by the loop; burnt to SO2 in polishing here)


def fuel_reactor_outlet(res: loop.LoopResult) -> FuelReactorOutlet:
    """The FR outlet and AR air of a solved unit (see :class:`FuelReactorOutlet`).

    The reconstruction is checked against the loop's own O2-for-polishing figure (relative 1e-9).
    """
    u = res.unit
    air = np.array(res.feeds["air_reactor"], dtype=float)
    if u.solid_fuel is None:
        fed = res.feeds["fuel_reactor"] - gas.vector(u.fuel_reactor.extra_feed)
        c = float(sum(fed[gas.INDEX[k]] for k in ("CO2", "CO", "CH4")))
        return FuelReactorOutlet(np.array(res.fuel_reactor.outlet, dtype=float), {}, 0.0, 0.0, air, 0.0, c,
                                 0.0, 0.0, 0.0)
    ff = solid_fuel_reactor.fuel_feed(u.solid_fuel, u.thermal_power)
    cb = res.char
    before = ff.in_bed + gas.vector(u.fuel_reactor.extra_feed) + cb.products()
    deficit = np.maximum(-before, 0.0)
    fr_gas = np.maximum(res.fuel_reactor.outlet - deficit, 0.0) + ff.bypass
    air = air + gas.vector({"O2": cb.to_air_reactor, "CO2": -cb.to_air_reactor})
    tar_lhv = 0.0 if ff.tar is None else ff.mass_flow * ff.tar_unburnt_share * ff.tar.heat_of_combustion()
    tar = {k: float(v) for k, v in ff.tar_unburnt.items()}
    out = FuelReactorOutlet(fr_gas, tar, float(tar_lhv), float(cb.elutriated), air, float(cb.to_air_reactor),
                            float(ff.elements["C"]), float(ff.ash), float(ff.mass_flow), float(ff.sulfur))
    o2 = (metrics.o2_demand(fr_gas) + ff.tar_unburnt_o2) * loop.M_O2
    if abs(o2 - res.o2_for_polishing) > 1e-9 * max(res.o2_for_polishing, 1e-300):
        raise RuntimeError(f"CLC unit: the fuel-reactor outlet rebuilt here needs {o2:.12g} kg/s O2 for polishing, "
                           f"the loop reports {res.o2_for_polishing:.12g}: the loop's solid-fuel outlet has changed")
    return out


def _plant_streams(r: PlantResult) -> list[Stream]:
    return [Stream(name, dict(c), T, r.destinations[name]) for name, (c, T) in r.streams.items()
            if name in r.destinations and r.destinations[name] != "solid"]


def _fan_items(plant: PlantResult, opts: IntegrationOptions, rate: float) -> list[EnergyItem]:
    """Preheater fans: each string's exit gas raised by ``preheater_pressure_drop`` (per kg clinker)."""
    if opts.preheater_pressure_drop <= 0.0:
        return []
    items = []
    for name, st in plant.strings.items():
        w = eb.fan_work({k: v * rate for k, v in st.exit_gas.items() if v > 0}, st.exit_temperature,
                        thermo.P_REF - opts.preheater_pressure_drop, opts.preheater_pressure_drop,
                        opts.fan_efficiency)
        items.append(EnergyItem(f"{name} fan", w / rate, "electricity",
                                f"fan work over {opts.preheater_pressure_drop:g} Pa (user input), efficiency "
                                f"{opts.fan_efficiency:g}; clc.cement.energy_boundary.fan_work"))
    return items


def _whr(streams: list[Stream], opts: IntegrationOptions) -> tuple[float, list[str]]:
    """Waste-heat power [J/kg clinker] from the stack streams hotter than the WHR stack temperature."""
    heat, names = 0.0, []
    for s in streams:
        if (s.destination in ("stack", "CO2 processing") and s.composition
                and s.temperature > opts.whr_stack_temperature + 1.0):
            flows = {k: v for k, v in s.composition.items() if v > 0}
            heat += eb.recoverable_heat(flows, s.temperature, opts.whr_stack_temperature)
            names.append(s.name)
    return heat * opts.whr_efficiency, names


def _whr_items(streams, opts: IntegrationOptions) -> list[EnergyItem]:
    """Waste-heat power from the stack streams (none when nothing is above the stack temperature)."""
    w, names = _whr(streams, opts)
    if w <= 0:
        return []
    return [EnergyItem("waste-heat power", -w, "electricity",
                       f"{opts.whr_efficiency:g} x heat of {', '.join(names)} above "
                       f"{opts.whr_stack_temperature - 273.15:.0f} degC (clc.cement.energy_boundary)")]


def _steam_items(unit: loop.UnitSpec, streams: list[Stream], opts: IntegrationOptions,
                 rate: float) -> list[EnergyItem]:
    """Raising the fuel reactor's fluidising steam from water at 25 degC.

    ASSUMPTION: the steam is raised from the plant's waste heat above the WHR stack temperature,
    so it costs the power that heat would have made (heat x WHR efficiency). If the stack streams
    hold less heat than the steam needs, the case is refused.
    """
    n = unit.fuel_reactor.extra_feed.get("H2O", 0.0)
    if n <= 0.0:
        return []
    q = eb.steam_raising_heat(n, unit.fuel_temperature)
    w, _ = _whr(streams, opts)
    available = w / opts.whr_efficiency * rate if opts.whr_efficiency > 0 else 0.0
    if q > available:
        raise RuntimeError(f"CLC fuel reactor: raising its fluidising steam needs {q / 1e6:.4g} MW of heat; the stack "
                           f"streams hold {available / 1e6:.4g} MW above the WHR stack temperature")
    return [EnergyItem("CLC fluidising steam (raised from waste heat)", q / rate * opts.whr_efficiency, "electricity",
                       f"{q / rate / 1e3:.1f} kJ/kg clinker of heat for {n:.4g} mol/s steam at "
                       f"{unit.fuel_temperature - 273.15:.0f} degC from water at 25 degC (clc.cement.energy_boundary."
                       f"steam_raising_heat), taken from waste heat: the power it would have made at "
                       f"{opts.whr_efficiency:g} (ASSUMPTION)")]


COAL_ITEM = "coal grinding and feeding (change vs the reference)"


def _coal_items(case: coal.CoalGround, ref: PlantResult, opts: IntegrationOptions,
                warnings: list) -> list[EnergyItem]:
    """Grinding and feeding the coal a case burns beyond the reference's (:mod:`clc.cement.coal`)."""
    if opts.coal_preparation_work is None:
        warnings.append("coal grinding and feeding are not counted: give integration.coal_preparation_work "
                        "(kWh/t coal; no sourced value, see clc.cement.coal)")
        return []
    value, source = coal.preparation_power(case, coal.CoalGround(ref.fuel_kiln + ref.fuel_calciner),
                                           opts.coal_preparation_work)
    return [EnergyItem(COAL_ITEM, value, "electricity", source)]


def _kiln_sulfur_figures(p: PlantResult) -> dict:
    """The kiln line's fuel S, kept with the clinker (retention 1, ASSUMPTION; clc.cement.coal)."""
    n_s = coal.sulfur_moles(p.spec.fuel.ultimate_checked.get("S", 0.0), p.fuel_kiln + p.fuel_calciner)
    return {"kiln-line fuel S retained in the clinker (as SO3; retention 1, ASSUMPTION)":
            (coal.so3_in_clinker(n_s) * 1e3, "kg/t clinker")}


def _reference_case(ref: PlantResult, opts: IntegrationOptions, rate: float) -> CaseResult:
    streams = _plant_streams(ref)
    f = ref.spec.fuel
    energy = [EnergyItem("fuel (kiln line)", (ref.fuel_kiln + ref.fuel_calciner) * f.lhv, "fuel", "plant balance")]
    energy += _coal_items(coal.CoalGround(ref.fuel_kiln + ref.fuel_calciner), ref, opts, [])
    energy += _fan_items(ref, opts, rate)
    energy += _whr_items(streams, opts)
    co2 = sum(s.carbon_as_co2 for s in streams)
    return CaseResult("reference", ref, streams, energy, co2, 0.0, co2, 0.0)


def _co2_processing(streams: list[Stream], opts: IntegrationOptions) -> tuple[dict, float, float, float]:
    """Polish (burn unburnt CH4, CO, H2 with ASU oxygen, stoichiometric), dry, and purify if needed.

    Returns (dry product, its CO2 purity, CO2 captured [kg/kg clinker], polishing O2 [kg/kg clinker]).
    """
    product: dict[str, float] = {}
    for s in streams:
        if s.destination == "CO2 processing":
            for k, v in s.composition.items():
                product[k] = product.get(k, 0.0) + v
    o2_mol = 0.0
    for sp, (co2, h2o, o2) in {"CH4": (1, 2, 2.0), "CO": (1, 0, 0.5), "H2": (0, 1, 0.5)}.items():
        n = product.pop(sp, 0.0)
        product["CO2"] = product.get("CO2", 0.0) + co2 * n
        product["H2O"] = product.get("H2O", 0.0) + h2o * n
        o2_mol += o2 * n
    for s in streams:  # unburnt tar (C, H, O) and fuel S carried with the FR gas: burnt to CO2, H2O, SO2
        if s.destination == "CO2 processing" and s.elements:
            c, h, o, sulfur = (s.elements.get(k, 0.0) for k in ("C", "H", "O", "S"))
            product["CO2"] = product.get("CO2", 0.0) + c
            product["H2O"] = product.get("H2O", 0.0) + h / 2.0
            if sulfur > 0.0:
                product["SO2"] = product.get("SO2", 0.0) + sulfur
            o2_mol += c + h / 4.0 - o / 2.0 + sulfur
    product["N2"] = product.get("N2", 0.0) + o2_mol * (1.0 - opts.oxygen_purity) / opts.oxygen_purity
    dry = {k: v for k, v in product.items() if k != "H2O" and v > 0}
    purity = dry.get("CO2", 0.0) / sum(dry.values()) if dry else 0.0
    m_co2 = dry.get("CO2", 0.0) * thermo.species("CO2").molar_mass
    recovery = 1.0 if purity >= opts.co2_purity_required else opts.purification_recovery
    return dry, purity, m_co2 * recovery, o2_mol * thermo.species("O2").molar_mass


def _capture_energy(case: CaseResult, dry: dict, purity: float, opts: IntegrationOptions,
                    rate: float, o2_polish: float, o2_other: float) -> list[EnergyItem]:
    items = []
    w_comp = compression_work(P_out=opts.compression_pressure, stages=opts.compression_stages,
                              eta=opts.compression_efficiency)
    items.append(EnergyItem("CO2 compression", case.co2_captured * w_comp, "electricity",
                            f"{w_comp / 3600:.1f} kWh/t CO2 to {opts.compression_pressure / 1e5:g} bar "
                            f"(clc.co2_compression, Cantera's real-fluid CO2)"))
    if purity < opts.co2_purity_required:
        if opts.purification_efficiency is None:
            raise RuntimeError(f"the CO2 product is {purity:.4f} CO2 (dry), below integration.co2_purity_required="
                               f"{opts.co2_purity_required:g}: give integration.purification_efficiency (second-law "
                               "efficiency of the purification step) so its energy can be counted")
        w = eb.purification_work(purity, case.co2_captured * rate, opts.purification_recovery,
                                 opts.purification_efficiency) / rate
        items.append(EnergyItem("CO2 purification", w, "electricity",
                                f"minimum separation work of {purity:.3f} CO2 at recovery {opts.purification_recovery:g}"
                                f" over a second-law efficiency {opts.purification_efficiency:g} (user input)"))
    for label, m in (("oxygen for polishing (ASU)", o2_polish), ("oxygen for the calciner (ASU)", o2_other)):
        if m > 0:
            items.append(EnergyItem(label, m * opts.oxygen_specific_work, "electricity",
                                    f"{opts.oxygen_specific_work / 3600:.0f} kWh/t O2 (clc.cement.energy_boundary."
                                    "OXYGEN_SPECIFIC_WORK, second-hand)"))
    return items


def _kpis(ref: CaseResult, case: CaseResult, el: eb.ElectricityReference) -> dict:
    e_ref = ref.co2_emitted
    e_eq_ref = e_ref + el.co2(ref.electricity())
    e_eq = case.co2_emitted + el.co2(case.electricity())
    q_ref = ref.fuel() + el.primary_energy(ref.electricity())
    q = case.fuel() + el.primary_energy(case.electricity())
    out = {
        "CO2 generated": (case.co2_generated * 1e3, "kg/t clinker"),
        "CO2 captured": (case.co2_captured * 1e3, "kg/t clinker"),
        "CO2 emitted (direct)": (case.co2_emitted * 1e3, "kg/t clinker"),
        "CO2 capture rate": (case.co2_captured / case.co2_generated, "-"),
        "CO2 avoided (direct)": (1.0 - case.co2_emitted / e_ref, "-"),
        "CO2 avoided (equivalent)": (1.0 - e_eq / e_eq_ref, "-"),
        "primary energy, reference": (q_ref / 1e6, "MJ/kg clinker"),
        "primary energy, capture case": (q / 1e6, "MJ/kg clinker"),
        "net electricity, reference": (ref.electricity() / 3600.0, "kWh/t clinker"),
        "net electricity, capture case": (case.electricity() / 3600.0, "kWh/t clinker"),
        "energy penalty (primary energy)": (q / q_ref - 1.0, "-"),
    }
    if e_eq_ref - e_eq > 0:
        out["SPECCA"] = ((q - q_ref) / (e_eq_ref - e_eq) / 1e6, "MJ/kg CO2")
    else:
        raise RuntimeError(f"{case.route}: the capture case emits no less CO2 (equivalent) than the reference: "
                           "SPECCA undefined")
    return out


def _electricity(plant: PlantSpec, opts: IntegrationOptions) -> eb.ElectricityReference:
    if opts.electricity is not None:
        return opts.electricity
    return eb.ElectricityReference.power_plant(0.40, plant.fuel.co2 / plant.fuel.lhv, "coal power plant at 40 % (ASSUMPTION)")


def _capture_plant(plant: PlantSpec, ref: PlantResult, calciner: Calciner) -> PlantResult:
    """The capture plant: fixed losses, the reference kiln burner, the given calciner."""
    fixed = fixed_losses(plant, ref)
    kiln_fuel = ref.fuel_kiln if plant.kiln_fuel_share is not None else None
    try:
        return solve_plant(fixed, calciner, kiln_fuel)
    except RuntimeError as exc:
        raise RuntimeError(f"{calciner.kind} calciner: {exc}") from None


def _clc_case(plant: PlantSpec, ref: PlantResult, unit: loop.UnitSpec, opts: IntegrationOptions,
              rate: float) -> CaseResult:
    T_calc = opts.calciner_temperature if opts.calciner_temperature is not None else plant.calciner_temperature
    calciner = Calciner("external_heat", T_calc, co2_string_leakage=opts.co2_string_leakage)
    # the fuel reactor has no heat exchanger here: its temperature follows from its balance, so no
    # heat enters the boundary unaccounted (its start temperature is the unit's)
    unit = dataclasses.replace(unit, fuel_reactor=dataclasses.replace(unit.fuel_reactor, heat_duty=0.0))
    if opts.ar_air_from_cooler:
        unit = dataclasses.replace(unit, air_temperature=plant.tertiary_air_temperature)
    if opts.option == "calciner_carrier":
        unit = _carrier_heated(unit, T_calc, opts.solids_approach)
    elif unit.air_reactor.heat_duty is None and unit.air_reactor.temperature <= T_calc:
        raise RuntimeError(f"calciner_indirect: the air reactor ({unit.air_reactor.temperature - 273.15:.0f} degC) must be "
                           f"hotter than the calciner ({T_calc - 273.15:.0f} degC) to heat it")
    comp = lambda arr: {n: float(v) / rate for n, v in zip(gas.SPECIES, arr) if v > 0}
    plants: dict = {}

    def plant_with(res: loop.LoopResult | None) -> PlantResult:
        c = calciner
        if res is not None and opts.fr_gas_to_co2_string:
            c = dataclasses.replace(c, co2_string_extra_gas=tuple(comp(fuel_reactor_outlet(res).gas).items()),
                                    co2_string_extra_gas_temperature=res.fr.temperature)
        if res is not None and opts.ar_air_from_cooler:
            air_ = fuel_reactor_outlet(res).air
            c = dataclasses.replace(c, cooler_air_draw=float(air_[gas.INDEX["O2"]] + air_[gas.INDEX["N2"]]) / rate)
        key = repr(c)
        if key not in plants:
            try:
                plants[key] = _capture_plant(plant, ref, c)
            except RuntimeError as exc:
                if opts.ar_air_from_cooler and "cooler" in str(exc):
                    raise RuntimeError(f"integration.ar_air_from_cooler: the CLC air reactor needs "
                                       f"{c.cooler_air_draw * M_AIR:.3g} kg air/kg clinker from the cooler at the tertiary-air "
                                       f"temperature; the cooler cannot give it ({exc}); switch the option off") from None
                raise
        return plants[key]

    base = plant_with(None)
    if opts.fr_gas_to_co2_string or opts.ar_air_from_cooler:  # the plant depends on the unit's size
        demand = lambda res: plant_with(res).external_calciner_heat * rate
    else:
        demand = base.external_calciner_heat * rate
    scaled, clc, heat = size_unit(unit, demand, opts.option)
    delivered = _heat_delivered(clc, opts.option)
    warnings = list(getattr(clc, "warnings", []))
    out = fuel_reactor_outlet(clc)
    air = out.air
    case = plant_with(clc) if (opts.fr_gas_to_co2_string or opts.ar_air_from_cooler) else base
    streams = _plant_streams(case)
    fr_out, ar_out = out.gas, clc.air_reactor.outlet
    T_fr, T_ar = clc.fr.temperature, clc.ar.temperature
    if not opts.fr_gas_to_co2_string:
        streams.append(Stream("CLC fuel-reactor gas", comp(fr_out), T_fr, "CO2 processing"))
    if out.tar.get("C", 0.0) > 0.0:
        # ASSUMPTION: the unburnt tar is led with the FR gas to oxygen polishing (burnt there to CO2
        # and H2O); its sensible heat is not given to the meal or the waste-heat boiler
        streams.append(Stream("CLC unburnt tar (with the FR gas)", {}, T_fr, "CO2 processing",
                              elements={k: v / rate for k, v in out.tar.items() if v > 0},
                              heating_value=out.tar_lhv / rate))
    h_s = -thermo.h("SO2", T0)  # J/mol: heat of burning S to SO2 at 25 degC (elements at 0)
    if out.sulfur > 0.0:
        # ASSUMPTION: the loop does not follow the fuel S; it is taken to leave the FR with its gas and to be
        # burnt to SO2 by the oxygen polishing (its O2 and its heat counted there), so the SO2 joins the CO2
        # product. Where the carrier oxidises it in the FR instead, its heat goes to the loop.
        streams.append(Stream("CLC fuel S (with the FR gas, to SO2 in polishing)", {}, T_fr, "CO2 processing",
                              elements={"S": out.sulfur / rate}, heating_value=out.sulfur * h_s / rate))
    if out.elutriated_carbon > 0.0:  # char fines leaving with the FR gas, caught as carbon (not burnt)
        streams.append(Stream("CLC elutriated char (unburnt carbon)", {}, T_fr, "solid",
                              elements={"C": out.elutriated_carbon / rate}))
    if out.ash > 0.0:  # the coal's ash leaves the unit with the carrier purge (the loop: with the solids)
        streams.append(Stream("CLC coal ash (with the carrier purge)", {}, T_fr, "solid", solid_mass=out.ash / rate))
    # AR exhaust: with a recuperator heating the AR air (no cooler draw), the exhaust leaves after it
    ar_T_out, recup = T_ar, 0.0
    air_flows = {n: float(v) for n, v in zip(gas.SPECIES, air) if v > 0}
    if not opts.ar_air_from_cooler and scaled.air_temperature > T0 + 1.0:
        recup = eb.recoverable_heat(air_flows, scaled.air_temperature, T0)
        ar_flows = {n: float(v) for n, v in zip(gas.SPECIES, ar_out) if v > 0}
        h_after = sum(n * thermo.h(k, T_ar) for k, n in ar_flows.items()) - recup
        T_after = temperature_of(ar_flows, h_after, T0, T_ar)
        if T_after is None:
            raise RuntimeError("CLC air recuperator: the air-reactor exhaust cannot heat the air to "
                               f"{scaled.air_temperature - 273.15:.0f} degC")
        ar_T_out = T_after
    streams.append(Stream("CLC air-reactor exhaust", comp(ar_out), ar_T_out, "stack"))
    dry, purity, captured, o2_polish = _co2_processing(streams, opts)
    generated = sum(s.carbon_as_co2 for s in streams if s.destination in ("stack", "CO2 processing"))
    # the CLC unit's carbon: fuel fed = FR gas + unburnt tar + AR exhaust (char burnt there) + elutriated char
    c_of = lambda v: float(v[gas.INDEX["CO2"]] + v[gas.INDEX["CO"]] + v[gas.INDEX["CH4"]])
    c_out = c_of(fr_out) + out.tar.get("C", 0.0) + c_of(ar_out) + out.elutriated_carbon
    carbon_residual = (out.fuel_carbon - c_out) / max(out.fuel_carbon, 1e-300)
    if not abs(carbon_residual) <= 1e-9:
        raise RuntimeError(f"CLC unit: its carbon does not close over the streams listed (relative residual "
                           f"{carbon_residual:.3g})")
    route = f"CLC ({opts.option})"
    res = CaseResult(route, case, streams, [], generated, captured, generated - captured, purity, clc,
                     warnings=warnings)
    f = plant.fuel
    energy = [EnergyItem("fuel (kiln line)", (case.fuel_kiln + case.fuel_calciner) * f.lhv, "fuel", "plant balance"),
              EnergyItem("fuel (CLC unit, LHV)", scaled.thermal_power / rate, "fuel", "CLC loop at its solved size")]
    energy += _capture_energy(res, dry, purity, opts, rate, o2_polish, 0.0)
    coal_ground = coal.CoalGround(case.fuel_kiln + case.fuel_calciner,
                                  out.fuel_feed / rate if scaled.solid_fuel is not None else 0.0)
    energy += _coal_items(coal_ground, ref, opts, warnings)
    # blowers: AR air and FR fluidising gas through bed + distributor (air from 25 degC, or from the
    # cooler at its temperature)
    dp_ar = clc.ar.pressure_drop
    dp_ar_total = dp_ar + eb.distributor_pressure_drop(dp_ar)
    T_air_in = plant.tertiary_air_temperature if opts.ar_air_from_cooler else T0
    energy.append(EnergyItem("CLC air-reactor blower", eb.fan_work(air_flows, T_air_in, thermo.P_REF, dp_ar_total,
                                                                  opts.fan_efficiency) / rate, "electricity",
                             f"air through {dp_ar_total / 1e3:.1f} kPa (AR bed + distributor at "
                             f"{eb.DISTRIBUTOR_RATIO:g} x bed, ASSUMPTION), efficiency {opts.fan_efficiency:g}"))
    extra = {k: v for k, v in scaled.fuel_reactor.extra_feed.items() if v > 0}
    if extra:
        dp_fr = clc.fr.pressure_drop
        dp_fr_total = dp_fr + eb.distributor_pressure_drop(dp_fr)
        energy.append(EnergyItem("CLC fuel-reactor fluidising gas", eb.fan_work(
            extra, max(scaled.fuel_temperature, T0), thermo.P_REF, dp_fr_total, opts.fan_efficiency) / rate,
            "electricity", f"{', '.join(extra)} through {dp_fr_total / 1e3:.1f} kPa (FR bed + distributor); "
            + ("the coal's grinding and feeding: item " + repr(COAL_ITEM) if scaled.solid_fuel is not None else
               "the fuel gas itself arrives at pipeline pressure (not counted)")))
    energy += _fan_items(case, opts, rate)
    energy += _whr_items(streams, opts)
    energy += _steam_items(scaled, streams, opts, rate)
    # released in polishing: the unburnt FR gas, the tar and the fuel S
    polish_heat = (float(metrics.lower_heating_values() @ fr_out) + out.tar_lhv + out.sulfur * h_s) / rate
    if polish_heat > 0:
        energy.append(EnergyItem("waste-heat power from oxygen polishing", -polish_heat * opts.whr_efficiency,
                                 "electricity", f"{opts.whr_efficiency:g} x LHV of the unburnt FR gas"
                                 + (" and tar" if out.tar_lhv > 0 else "")
                                 + (" and the heat of burning the fuel S to SO2" if out.sulfur > 0 else "")))
    res.energy = energy
    # feasibility of carrying the heat into the calciner
    carrier = carriers.load(unit.carrier)
    lo, hi = carrier.T_range
    if opts.option == "calciner_indirect":
        dT = T_ar - T_calc
        area = eb.heat_exchanger_area(delivered, opts.heat_transfer_coefficient, dT)
        res.figures["calciner heat exchanger area"] = (area, "m2")
        res.figures["calciner heat exchanger temperature difference"] = (dT, "K")
    else:
        T_in = clc.solids_temperature_into_fr
        dT = eb.log_mean_temperature_difference(T_ar, T_in, T_calc, T_calc)
        res.figures["calciner heat exchanger area"] = (eb.heat_exchanger_area(delivered, opts.heat_transfer_coefficient,
                                                                              dT), "m2")
        res.figures["calciner heat exchanger temperature difference (log mean)"] = (dT, "K")
    res.figures["heat transfer coefficient used"] = (opts.heat_transfer_coefficient, "W/(m2 K)")
    for label, T in (("air reactor", T_ar), ("fuel reactor", T_fr)):
        if not lo <= T <= hi:
            warnings.append(f"{label} at {T - 273.15:.0f} degC is outside the {carrier.name} kinetic data "
                            f"({lo - 273.15:.0f}-{hi - 273.15:.0f} degC): its rates are extrapolated")
    res.figures |= {
        "calciner heat demand": (heat / 1e6, "MW"),
        "CLC heat delivered to the calciner": (delivered / 1e6, "MW"),
        "heat delivered / demand - 1": (delivered / heat - 1.0, "-"),
        "CLC thermal power (fuel LHV)": (scaled.thermal_power / 1e6, "MWth"),
        "CLC combustion efficiency": (clc.combustion_efficiency, "-"),
        "CLC air reactor temperature": (T_ar - 273.15, "degC"),
        "CLC fuel reactor temperature": (T_fr - 273.15, "degC"),
        "CLC carrier temperature into the fuel reactor": (clc.solids_temperature_into_fr - 273.15, "degC"),
        "CLC solids circulation": (clc.solids_circulation, "kg/s"),
        "CLC fuel reactor diameter": (scaled.fuel_reactor.diameter, "m"),
        "CLC air reactor diameter": (scaled.air_reactor.diameter, "m"),
        "CLC O2 for oxygen polishing": (o2_polish * 1e3, "kg/t clinker"),
        "CLC air recuperator duty": (recup / rate / 1e6, "MJ/kg clinker"),
        "CLC max balance residual": (clc.max_balance_residual, "-"),
        "CLC carbon balance residual (streams listed here)": (carbon_residual, "-"),
    }
    if scaled.solid_fuel is not None:
        m_co2 = thermo.species("CO2").molar_mass
        res.figures |= {
            "CLC fuel fed (as received)": (out.fuel_feed / rate * 1e3, "kg/t clinker"),
            "CLC ash": (out.ash / rate * 1e3, "kg/t clinker"),
            "CLC char conversion in the fuel reactor": (float(clc.char.conversion), "-"),
            "CLC carbon stripper efficiency": (float(clc.solid.stripper_efficiency), "-"),
            "CLC CO2 capture efficiency (unit)": (clc.co2_capture_efficiency, "-"),
            "CO2 from char burnt in the air reactor (emitted)": (out.char_to_ar * m_co2 / rate * 1e3, "kg/t clinker"),
            "CO2 from unburnt tar (captured after polishing)": (out.tar.get("C", 0.0) * m_co2 / rate * 1e3,
                                                                "kg/t clinker"),
        }
        if out.sulfur > 0:
            so2 = dry.get("SO2", 0.0) / sum(dry.values())
            res.figures |= {
                "CLC fuel S (to SO2 in the oxygen polishing)": (out.sulfur / rate * 1e3, "mol/t clinker"),
                "SO2 in the dry CO2 product": (so2 * 1e6, "ppm (mol)"),
                "heat of burning the CLC fuel S to SO2 (in polishing, not in the loop)":
                    (out.sulfur * h_s / rate / 1e6, "MJ/kg clinker")}
            warnings.append(f"CLC fuel: its sulfur ({out.sulfur / rate * 1e3:.3g} mol S/t clinker) is not followed by the "
                            f"loop; it is taken to leave the fuel reactor with its gas and burn to SO2 in the oxygen "
                            f"polishing (ASSUMPTION), so the dry CO2 product holds {so2 * 1e6:.0f} ppm SO2; no "
                            "desulfurisation is counted (no SO2 limit for CO2 transport could be read)")
    res.figures |= {"coal ground (kiln line + CLC unit)": (coal_ground.total * 1e3, "kg/t clinker"),
                    **_kiln_sulfur_figures(case)}
    res.sizes = {"co2_captured": captured * rate * 3.6, "oxygen": o2_polish * rate * 86.4,
                 "clc_thermal_power": scaled.thermal_power / 1e6,
                 "calciner_heat_exchanger_area": res.figures["calciner heat exchanger area"][0],
                 "air_recuperator_duty": recup / 1e6, "carrier_inventory": (clc.fr.inventory + clc.ar.inventory) / 1e3}
    return res


def _kiln_line_warnings(p: PlantResult, ref: PlantResult) -> list[str]:
    """What a capture plant's kiln line takes on trust: the kiln burner's share, the kiln heat not
    resolved, a meal split off its rule."""
    out = []
    share = ref.kiln_burner_share
    low, high = KILN_FUEL_SHARE_REPORTED
    if ref.kiln_unresolved_heat == 0.0 and share < low:
        out.append(f"kiln burner: {share:.1%} of the reference line's fuel, from the kiln's first-law balance; "
                   f"precalciner kilns are reported to fire {low:.0%}-{high:.0%} there (weight C). A larger kiln "
                   "burner emits more CO2 that no capture case captures, so this capture rate is the upper end: "
                   f"`clc cement --kiln-share {low:.2f}` (or [plant_overrides] \"kiln.fuel_share\") runs the cases at "
                   "the reported share")
    if p.kiln_unresolved_heat > 0:
        out.append(f"kiln burner as fired in the reference line by its design specification (kiln.fuel_share): "
                   f"{p.kiln_unresolved_heat / 1e6:.3f} MJ/kg clinker of kiln heat that the "
                   "model does not resolve rides with the kiln gas (ASSUMPTION) into the kiln-gas string's bottom "
                   "stage, where it calcines meal whose CO2 goes to the stack")
    if p.spec.kiln_heat_lost > 0:
        out.append(f"kiln burner as fired in the reference line by its design specification (kiln.fuel_share): "
                   f"{p.spec.kiln_heat_lost / 1e6:.3f} MJ/kg clinker of kiln heat that the model does not resolve is "
                   "taken as lost to the surroundings (kiln.unresolved_heat_in_capture = \"lost\", ASSUMPTION); the "
                   "reference line recovers it in its calciner, so this penalty is an upper end")
    if "CO2 string" in p.strings and p.calciner.meal_split is None:
        t_k, t_c = (p.strings[k].exit_temperature - 273.15 for k in ("kiln-gas string", "CO2 string"))
        if abs(t_k - t_c) > 0.5:
            out.append(f"raw meal split: no share of the meal gives both strings one exit temperature; "
                       f"{p.meal_split:.3f} of it through the kiln-gas string brings them closest (kiln-gas string "
                       f"{t_k:.0f} degC, CO2 string {t_c:.0f} degC)")
    return out


def _oxy_case(plant: PlantSpec, ref: PlantResult, opts: IntegrationOptions, rate: float) -> CaseResult:
    T_calc = opts.calciner_temperature if opts.calciner_temperature is not None else plant.calciner_temperature
    calciner = Calciner("oxy", T_calc, co2_string_leakage=opts.co2_string_leakage,
                        oxygen_purity=opts.oxygen_purity, oxygen_excess=opts.oxy_excess,
                        oxidant_o2_fraction=opts.oxy_oxidant_o2_fraction)
    case = _capture_plant(plant, ref, calciner)
    streams = _plant_streams(case)
    dry, purity, captured, _ = _co2_processing(streams, opts)
    generated = sum(s.carbon_as_co2 for s in streams if s.destination in ("stack", "CO2 processing"))
    res = CaseResult("oxy-fired calciner", case, streams, [], generated, captured, generated - captured, purity)
    f = plant.fuel
    energy = [EnergyItem("fuel (kiln line)", (case.fuel_kiln + case.fuel_calciner) * f.lhv, "fuel", "plant balance")]
    energy += _capture_energy(res, dry, purity, opts, rate, 0.0, case.oxygen)
    energy += _coal_items(coal.CoalGround(case.fuel_kiln + case.fuel_calciner), ref, opts, res.warnings)
    energy += _fan_items(case, opts, rate)
    energy += _whr_items(streams, opts)
    res.energy = energy
    res.figures |= {
        "coal ground (kiln line)": ((case.fuel_kiln + case.fuel_calciner) * 1e3, "kg/t clinker"),
        **_kiln_sulfur_figures(case),
        "calciner fuel": (case.fuel_calciner * f.lhv / 1e6, "MJ/kg clinker"),
        "oxygen for the calciner": (case.oxygen * 1e3, "kg O2/t clinker"),
        "flue-gas recycle": (case.recycle_volume, "Nm3/kg clinker"),
    }
    res.sizes = {"co2_captured": captured * rate * 3.6, "oxygen": case.oxygen * rate * 86.4}
    return res


def evaluate(plant: PlantSpec, unit: loop.UnitSpec, options: IntegrationOptions = IntegrationOptions(),
             oxy: bool = True, costs=None) -> Comparison:
    """Reference plant, the CLC-heated calciner and (``oxy``) the oxy-fired calciner on one boundary.

    ``costs`` (:class:`clc.cement.cost.CostInputs`, e.g. from :func:`clc.cement.cost.load`) adds the
    cost of clinker, of CO2 avoided and the break-even carbon price (``Comparison.costs``).
    """
    rate = running_clinker_rate(plant)
    ref_plant = solve_plant(plant)
    el = _electricity(plant, options)
    ref = _reference_case(ref_plant, options, rate)
    cases = {}
    clc_case = _clc_case(plant, ref_plant, unit, options, rate)
    cases[clc_case.route] = clc_case
    if oxy:
        o = _oxy_case(plant, ref_plant, options, rate)
        cases[o.route] = o
    for c in cases.values():
        c.warnings.extend(_kiln_line_warnings(c.plant, ref_plant))
    kpis = {route: _kpis(ref, c, el) for route, c in cases.items()}
    for route, c in cases.items():
        for k, (v, _) in kpis[route].items():
            if not math.isfinite(v):
                raise RuntimeError(f"{route}: figure {k!r} is not finite")
    comp = Comparison(ref, cases, kpis, el)
    if costs is not None:
        from . import cost
        comp.costs = cost.evaluate(comp, costs)
    return comp


_INTEGRATION_KEYS = {"option", "calciner_temperature", "solids_approach", "ar_air_from_cooler",
                     "heat_transfer_coefficient", "fr_gas_to_co2_string", "compression_pressure", "compression_stages",
                     "compression_efficiency", "co2_purity_required", "purification_recovery",
                     "purification_efficiency", "oxygen_specific_work", "oxygen_purity", "fan_efficiency",
                     "preheater_pressure_drop", "whr_efficiency", "whr_stack_temperature", "electricity_reference",
                     "grid_region", "power_plant_efficiency", "oxy_excess", "oxy_oxidant_o2_fraction",
                     "co2_string_leakage", "coal_preparation_work"}


def load_case(path, plant_overrides: dict | None = None) -> tuple[PlantSpec, loop.UnitSpec, IntegrationOptions]:
    """Read an integration file (``kind = "cement_clc"``): plant and CLC unit, each with its overrides
    (``[plant_overrides]``, ``[unit_overrides]``: dotted keys of the plant or unit file), and options.
    ``plant_overrides`` given here are set after the file's own (``clc cement --kiln-share``)."""
    import tomllib
    from pathlib import Path

    from .. import config as unit_config
    from .. import dotted, units
    from . import config as plant_config

    from ..checks import known_keys, nearest, table

    doc = unit_config.read_toml(path)
    if doc.get("kind") != "cement_clc":
        raise ValueError(f"{path}: kind={doc.get('kind')!r}; an integration file has kind = \"cement_clc\"")
    if "plant" not in doc:
        raise ValueError(f"{path}: plant: missing (the cement plant file or shipped example name)")
    try:  # the file's own keys and types; the tables read elsewhere check their insides
        known_keys(doc, ("kind", "name", "plant", "plant_overrides", "unit", "unit_overrides", "integration", "cost",
                         "uncertainty"))
        for k in ("plant", "unit", "name"):
            if k in doc and not isinstance(doc[k], str):
                raise ValueError(f"{k}={doc[k]!r}: must be text (a shipped example's name or a .toml file)")
        for k in ("plant_overrides", "unit_overrides", "integration", "cost", "uncertainty"):
            table(doc, k, required=False)
        for k in ("option", "electricity_reference", "grid_region"):
            if k in doc.get("integration", {}) and not isinstance(doc["integration"][k], str):
                raise ValueError(f"integration.{k}={doc['integration'][k]!r}: must be text (a quoted string)")
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
    plant_path = (plant_config.example_path(doc["plant"]) if "/" not in doc["plant"] and not doc["plant"].endswith(".toml")
                  else Path(path).parent / doc["plant"])
    overrides = {**doc.get("plant_overrides", {}), **(plant_overrides or {})}
    if overrides:
        plant_doc = dotted.with_values(unit_config.read_toml(plant_path), overrides, where="plant_overrides.")
        try:
            plant = plant_config.from_dict(plant_doc)
        except ValueError as exc:
            raise ValueError(f"{plant_path} with plant_overrides {overrides}: {exc}") from None
    else:
        plant = plant_config.load(plant_path)
    unit_name = doc.get("unit", unit_config.DEFAULT_EXAMPLE)
    unit_path = unit_config.example_path(unit_name) if not unit_name.endswith(".toml") else Path(path).parent / unit_name
    unit_doc = dotted.with_values(unit_config.read(unit_path), doc.get("unit_overrides", {}), where="unit_overrides.")
    unit = unit_config.from_dict(unit_doc)
    i = dict(doc.get("integration", {}))
    unknown = set(i) - _INTEGRATION_KEYS
    if unknown:
        raise ValueError(f"integration: unknown key(s) {', '.join(sorted(unknown))}; "
                         f"{nearest(sorted(unknown)[0], sorted(_INTEGRATION_KEYS))}allowed: "
                         f"{', '.join(sorted(_INTEGRATION_KEYS))}")
    kw: dict = {}
    if "option" in i:
        kw["option"] = str(i["option"])
    if kw.get("option", "calciner_indirect") not in OPTIONS:
        raise ValueError(f"integration.option={kw['option']!r}; available: {', '.join(OPTIONS)}")
    T = lambda k: units.temperature(i[k], f"integration.{k}")
    q = lambda k, kind: units.quantity(i[k], kind, f"integration.{k}")
    num = lambda k: _number(i[k], f"integration.{k}")
    for k in ("calciner_temperature", "whr_stack_temperature"):
        if k in i:
            kw[k] = T(k)
    for k in ("solids_approach",):
        if k in i:
            kw[k] = q(k, "temperature_difference")
    for k in ("compression_pressure", "preheater_pressure_drop"):
        if k in i:
            kw[k] = q(k, "pressure")
    for k in ("heat_transfer_coefficient", "compression_efficiency", "co2_purity_required", "purification_recovery",
              "purification_efficiency", "oxygen_purity", "fan_efficiency", "whr_efficiency", "oxy_excess",
              "oxy_oxidant_o2_fraction", "co2_string_leakage"):
        if k in i:
            kw[k] = num(k)
    if "coal_preparation_work" in i:
        kw["coal_preparation_work"] = coal.parse_work(i["coal_preparation_work"])
    if "oxygen_specific_work" in i:
        kw["oxygen_specific_work"] = units.quantity(i["oxygen_specific_work"], "specific_oxygen_work",
                                                    "integration.oxygen_specific_work")
    if "compression_stages" in i:
        st = i["compression_stages"]
        if not isinstance(st, int) or isinstance(st, bool):
            raise ValueError(f"integration.compression_stages={st!r} must be a whole number")
        kw["compression_stages"] = st
    for k in ("ar_air_from_cooler", "fr_gas_to_co2_string"):
        if k in i:
            if not isinstance(i[k], bool):
                raise ValueError(f"integration.{k}={i[k]!r} must be true or false")
            kw[k] = i[k]
    ref = i.get("electricity_reference", "grid" if "grid_region" in i else "power_plant")
    fuel_co2 = plant.fuel.co2 / plant.fuel.lhv
    if ref == "grid":
        region = str(i.get("grid_region", "national"))
        kw["electricity"] = eb.ElectricityReference.grid(region, fuel_co2)
        kw["grid_region"] = region
    elif ref == "power_plant":
        eta = _number(i.get("power_plant_efficiency", 0.40), "integration.power_plant_efficiency")
        kw["electricity"] = eb.ElectricityReference.power_plant(eta, fuel_co2, f"coal power plant at {eta:g}")
    else:
        raise ValueError(f"integration.electricity_reference={ref!r}; available: grid, power_plant")
    return plant, unit, IntegrationOptions(**kw)


def _number(v, field: str) -> float:
    if isinstance(v, bool):
        raise ValueError(f"{field}={v!r}: not a number")
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise ValueError(f"{field}={v!r}: not a number") from None
    if not math.isfinite(x):
        raise ValueError(f"{field}={v!r}: not finite")
    return x


def figures(comp: Comparison) -> dict:
    """A flat name -> (value, unit) view of every case (for printing and JSON)."""
    out = {}
    for route, c in comp.cases.items():
        out[route] = {**comp.kpis[route], **c.figures,
                      "calciner fuel (capture case)": (c.plant.fuel_calciner * c.plant.spec.fuel.lhv / 1e6,
                                                       "MJ/kg clinker"),
                      "calciner temperature": (c.plant.calciner_temperature - 273.15, "degC"),
                      "calcination equilibrium temperature": (c.plant.calcination_equilibrium_temperature - 273.15,
                                                              "degC"),
                      "degree of calcination leaving the calciner": (c.plant.spec.degree_of_calcination, "-"),
                      "CO2 product purity (dry, before purification)": (c.co2_product_purity, "-"),
                      "raw meal share through the kiln-gas string": (c.plant.meal_split, "-"),
                      "plant max balance residual": (max(abs(v) for v in c.plant.balances.values()), "-")}
    return out
