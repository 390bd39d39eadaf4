"""Mass and energy balances of a dry-process kiln line: cyclone preheater, precalciner with
tertiary air, rotary kiln with main burner, grate cooler. Basis: 1 kg clinker; reference state
25 degC (all feeds enter at 25 degC). Enthalpies of gases, carbonates and oxides from
:mod:`clc.thermo` (Cantera); clinker phases from :mod:`clc.cement.formation`.

Units and their balances (each closes exactly; the overall residuals are reported):

* preheater, N ideal cyclone stages: gas and meal leave each stage at one temperature
  (equilibrium stage), counter-current; raw-meal moisture evaporates and MgCO3 calcines in the
  top stage (simplification: Cantera's MgCO3 data end at 1000 K, so it cannot be carried lower;
  the overall balance is unchanged, only the stage profile is);
* calciner at T_calc: calcines the fraction X of the CaCO3 (the degree of calcination at the
  kiln inlet, an input), burns its fuel share with tertiary air (excess ``calciner.excess_air``);
  receives the kiln gas; preheater-tower shell losses are lumped here;
* kiln: the rest of the CaCO3 calcines and the clinker forms; main-burner fuel with primary air
  (cold, a fraction of the kiln's air) and secondary air from the cooler; kiln gas leaves at its
  given temperature;
* cooler: cools the clinker from the kiln outlet to the cooler outlet temperature with the given
  cooling air; secondary and tertiary air leave at their given temperatures, the rest is cooler
  exhaust whose temperature is solved.

The fuel of kiln and calciner follows from their two energy balances (linear in the two fuel
rates); the calciner balance depends on the meal temperature from the preheater, found by
fixed-point iteration. Labelled simplifications: clinker above 25 degC is its oxides by the
Neumann-Kopp rule (heats of the clinker melt, which is formed and frozen again inside the
system, are not resolved between kiln and cooler); ash (and fuel sulfur) joins the clinker and
is heated as quartz per kg (assumption); no dust, no false air, no bypass, no CO in gases.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import brentq

from .. import thermo
from .data import DHF_WATER_LIQUID_KJ
from .formation import heat_of_formation
from .fuel import AIR, Fuel
from .rawmeal import Clinker, bogue, clinker_from_raw_meal, phase_molar_mass
from .formation import phase_formation_from_oxides

T0 = 298.15  # K, reference and feed temperature


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
    # shell losses may instead (or also) be given as fractions of the fuel heat input (LHV)
    calciner_shell_loss_fraction: float = 0.0
    kiln_shell_loss_fraction: float = 0.0
    cooler_shell_loss_fraction: float = 0.0
    electricity: float | None = None  # J electric / kg clinker
    grid_factor: float | None = None  # kg CO2 / J electric
    notes: dict = field(default_factory=dict)


def _h(stream: dict[str, float], T: float) -> float:
    return sum(n * thermo.h(sp, T) for sp, n in stream.items() if n != 0.0)


def _add(*streams: dict, scale: tuple | None = None) -> dict[str, float]:
    out: dict[str, float] = {}
    for i, s in enumerate(streams):
        f = 1.0 if scale is None else scale[i]
        for k, v in s.items():
            out[k] = out.get(k, 0.0) + f * v
    return out


def _ash_h(mass: float, T: float) -> float:
    """Sensible heat [J] of ``mass`` kg ash at T, as quartz per kg (assumption)."""
    return mass * (thermo.h("SiO2", T) - thermo.h("SiO2", T0)) / thermo.species("SiO2").molar_mass


@dataclass
class PlantResult:
    spec: PlantSpec
    clinker: Clinker
    phases: dict  # Bogue mass fractions
    formation: dict  # J/kg clinker, parts and total
    fuel_kiln: float  # kg fuel / kg clinker
    fuel_calciner: float
    stage_temperatures: list  # K, top (1) to bottom (N)
    cooler_exhaust_temperature: float  # K
    streams: dict  # name -> (dict mol/kg clinker or kg, temperature)
    heat_balance: dict  # name -> J/kg clinker (inputs positive, outputs positive, see report)
    figures: dict  # name -> (value, unit)
    balances: dict  # residuals, relative
    external_calciner_heat: float = 0.0  # J/kg clinker


def _validate(s: PlantSpec) -> None:
    def rng(name, x, lo, hi, unit=""):
        if not (isinstance(x, (int, float)) and math.isfinite(x) and lo <= x <= hi):
            raise ValueError(f"{name}={x!r}{(' ' + unit) if unit else ''} is outside the allowed range [{lo:g}, {hi:g}]")
    rng("preheater.stages", s.stages, 1, 6)
    rng("calciner.temperature", s.calciner_temperature, 1000.0, 1200.0, "K")  # CaCO3 data end at 1200 K
    rng("calciner.degree_of_calcination", s.degree_of_calcination, 0.0, 1.0)
    rng("kiln.clinker_temperature", s.kiln_clinker_temperature, s.calciner_temperature, 1696.0, "K")  # SiO2 data end
    rng("kiln.gas_temperature", s.kiln_gas_temperature, s.calciner_temperature, 1800.0, "K")
    rng("kiln.primary_air_fraction", s.primary_air_fraction, 0.0, 0.5)
    rng("raw_meal.moisture", s.moisture, 0.0, 0.2)
    rng("cooler.cooling_air", s.cooling_air, 0.5, 5.0, "kg/kg clinker")
    rng("cooler.clinker_temperature", s.clinker_out_temperature, T0, s.kiln_clinker_temperature, "K")
    rng("cooler.secondary_air_temperature", s.secondary_air_temperature, T0, s.kiln_clinker_temperature, "K")
    rng("cooler.tertiary_air_temperature", s.tertiary_air_temperature, T0, s.kiln_clinker_temperature, "K")
    for name in ("calciner_shell_loss", "kiln_shell_loss", "cooler_shell_loss"):
        rng(name.replace("_shell", ".shell").replace("calciner.", "calciner.").replace("kiln.", "kiln."),
            getattr(s, name), 0.0, 2e6, "J/kg clinker")
    for name in ("calciner", "kiln", "cooler"):
        rng(f"{name}.shell_loss (fraction of fuel heat)", getattr(s, f"{name}_shell_loss_fraction"), 0.0, 0.3)
    rng("production.annual_clinker", s.annual_clinker, 1e6, 1e11, "kg/yr")


def solve(spec: PlantSpec, external_calciner_heat: float = 0.0) -> PlantResult:
    """Balances of the kiln line; ``external_calciner_heat`` [J/kg clinker] is heat supplied to the
    calciner from outside (e.g. a CLC air reactor); it replaces calciner fuel.

    Raises ValueError for inputs outside their ranges and RuntimeError when the balances have no
    physical solution (e.g. too little cooling air).
    """
    s = spec
    _validate(s)
    if not (math.isfinite(external_calciner_heat) and external_calciner_heat >= 0.0):
        raise ValueError(f"external_calciner_heat={external_calciner_heat!r} J/kg clinker must be >= 0")
    cl = clinker_from_raw_meal(s.raw_meal)
    phases = bogue(cl.oxides, free_lime=s.free_lime)
    formation = heat_of_formation(cl, s.free_lime)
    f = s.fuel
    hf = f.enthalpy
    n_rm = cl.moles_per_kg_clinker()
    m_dry = cl.raw_meal_per_clinker
    n_w = s.moisture / (1.0 - s.moisture) * m_dry / thermo.species("H2O").molar_mass
    h_wl = DHF_WATER_LIQUID_KJ * 1e3  # J/mol liquid water at 25 degC
    X = s.degree_of_calcination
    n_caco3 = n_rm.get("CaCO3", 0.0)
    n_mgco3 = n_rm.get("MgCO3", 0.0)
    # meal after the top stage (MgCO3 calcined, water evaporated)
    meal_pre = {k: v for k, v in n_rm.items() if k != "MgCO3"}
    meal_pre["MgO"] = meal_pre.get("MgO", 0.0) + n_mgco3
    meal_calc = dict(meal_pre)
    meal_calc["CaCO3"] = n_caco3 * (1 - X)
    meal_calc["CaO"] = meal_calc.get("CaO", 0.0) + n_caco3 * X
    oxides = dict(meal_calc)
    oxides["CaO"] = oxides.get("CaO", 0.0) + oxides.pop("CaCO3", 0.0)
    clinker_offset = sum(w / phase_molar_mass(p) * phase_formation_from_oxides(p) for p, w in phases.items())

    def h_clinker(T):
        return _h(oxides, T) + clinker_offset

    air_k = f.air(s.kiln_excess_air)
    air_c = f.air(s.calciner_excess_air)
    flue_k = f.flue_gas(s.kiln_excess_air)
    flue_c = f.flue_gas(s.calciner_excess_air)
    co2_kiln = {"CO2": n_caco3 * (1 - X)}
    co2_calc = {"CO2": n_caco3 * X}
    Tc, Tkg, Tk = s.calciner_temperature, s.kiln_gas_temperature, s.kiln_clinker_temperature
    pf = s.primary_air_fraction
    Q_ext = external_calciner_heat

    def loss(unit: str, mk: float, mc: float) -> float:
        return getattr(s, f"{unit}_shell_loss") + getattr(s, f"{unit}_shell_loss_fraction") * (mk + mc) * f.lhv

    def unit_residuals(mk: float, mc: float, T_meal_in: float) -> np.ndarray:
        ash_k, ash_c = mk * f.inert, mc * f.inert
        kiln_gas = _add(flue_k, co2_kiln, scale=(mk, 1.0))
        # kiln: in - out
        r_k = (_h(meal_calc, Tc) + _ash_h(ash_c, Tc) + mk * hf + pf * mk * _h(air_k, T0)
               + (1 - pf) * mk * _h(air_k, s.secondary_air_temperature)
               - h_clinker(Tk) - _ash_h(ash_k + ash_c, Tk) - _h(kiln_gas, Tkg) - loss("kiln", mk, mc))
        calc_gas = _add(kiln_gas, flue_c, co2_calc, scale=(1.0, mc, 1.0))
        r_c = (_h(meal_pre, T_meal_in) + _h(kiln_gas, Tkg) + mc * hf + mc * _h(air_c, s.tertiary_air_temperature) + Q_ext
               - _h(meal_calc, Tc) - _ash_h(ash_c, Tc) - _h(calc_gas, Tc) - loss("calciner", mk, mc))
        return np.array([r_k, r_c])

    def fuels(T_meal_in: float) -> tuple[float, float]:
        r0 = unit_residuals(0.0, 0.0, T_meal_in)
        J = np.column_stack([unit_residuals(1.0, 0.0, T_meal_in) - r0, unit_residuals(0.0, 1.0, T_meal_in) - r0])
        mk, mc = np.linalg.solve(J, -r0)
        return float(mk), float(mc)

    N = s.stages
    feed_meal = n_rm
    top_release = {"H2O": n_w, "CO2": n_mgco3}

    def preheater(gas_in: dict, guess=None) -> np.ndarray:
        """Stage temperatures, top to bottom, by shooting on the top temperature: from stage i's
        balance the gas temperature entering it (from stage i+1) follows; it must reach T_calc."""
        gas_top = _add(gas_in, top_release)
        h_gas = lambda T: _h(gas_in, T)

        def gas_temperature(h_target: float) -> float:
            f_ = lambda T: h_gas(T) - h_target
            if f_(Tc * 1.5) < 0:
                return Tc * 1.5
            if f_(T0) > 0:
                return T0
            return brentq(f_, T0, Tc * 1.5, xtol=1e-11, rtol=1e-14)

        def shoot(T1: float) -> list[float]:
            T = [T1]
            # stage 1: gas in from stage 2 + feed (dry meal + liquid water) = gas_top + meal_pre at T1
            h_in_gas = _h(gas_top, T1) + _h(meal_pre, T1) - _h(feed_meal, T0) - n_w * h_wl
            T.append(gas_temperature(h_in_gas))
            for i in range(1, N):
                if T[i] > Tc:  # already past the calciner temperature: the top guess was too hot
                    return T + [T[i]] * (N - i)
                h_in_gas = h_gas(T[i]) + _h(meal_pre, T[i]) - _h(meal_pre, T[i - 1])
                T.append(gas_temperature(h_in_gas))
            return T  # T[0..N-1] stage temperatures, T[N] gas temperature into the bottom stage

        lo, hi = T0 + 1e-6, Tc
        if (shoot(lo)[-1] - Tc) > 0 or (shoot(hi)[-1] - Tc) < 0:
            raise RuntimeError("preheater: no stage temperatures between 25 degC and the calciner temperature balance "
                               "the gas and meal (check the calciner gas flow and temperatures)")
        T1 = brentq(lambda t: shoot(t)[-1] - Tc, lo, hi, xtol=1e-11, rtol=1e-14)
        return np.array(shoot(T1)[:N])

    T_stages = np.linspace(600.0, Tc - 30.0, N)
    T_meal = T_stages[-1]
    for _ in range(200):
        mk, mc = fuels(T_meal)
        if mk <= 0 or mc < 0:
            raise RuntimeError(f"kiln line: no positive fuel rates (kiln {mk:.4g}, calciner {mc:.4g} kg/kg clinker); "
                               "check temperatures, losses and the external calciner heat")
        kiln_gas = _add(flue_k, co2_kiln, scale=(mk, 1.0))
        calc_gas = _add(kiln_gas, flue_c, co2_calc, scale=(1.0, mc, 1.0))
        T_stages = preheater(calc_gas, T_stages)
        if abs(T_stages[-1] - T_meal) < 1e-9:
            T_meal = T_stages[-1]
            break
        T_meal = T_stages[-1]
    else:
        raise RuntimeError("kiln line: preheater/calciner iteration did not converge")
    mk, mc = fuels(T_meal)
    kiln_gas = _add(flue_k, co2_kiln, scale=(mk, 1.0))
    calc_gas = _add(kiln_gas, flue_c, co2_calc, scale=(1.0, mc, 1.0))
    exit_gas = _add(calc_gas, top_release)
    T1 = float(T_stages[0])
    ash = (mk + mc) * f.inert

    # cooler
    M_air = AIR["O2"] * thermo.species("O2").molar_mass + AIR["N2"] * thermo.species("N2").molar_mass
    n_air_cool = s.cooling_air / M_air  # mol air / kg clinker
    sec = {k: (1 - pf) * mk * v for k, v in air_k.items()}
    ter = {k: mc * v for k, v in air_c.items()}
    n_ex = n_air_cool - sum(sec.values()) - sum(ter.values())
    if n_ex <= 0:
        need = (sum(sec.values()) + sum(ter.values())) * M_air
        raise RuntimeError(f"cooler.cooling_air={s.cooling_air:g} kg/kg clinker is less than the secondary + tertiary "
                           f"air the kiln and calciner need ({need:.3g} kg/kg clinker)")
    exhaust = {k: n_ex * v for k, v in AIR.items()}
    cool_in = h_clinker(Tk) + _ash_h(ash, Tk) + _h({k: n_air_cool * v for k, v in AIR.items()}, T0)
    cool_fixed = (h_clinker(s.clinker_out_temperature) + _ash_h(ash, s.clinker_out_temperature) + _h(sec, s.secondary_air_temperature)
                  + _h(ter, s.tertiary_air_temperature) + loss("cooler", mk, mc))
    g = lambda T: cool_in - cool_fixed - _h(exhaust, T)
    if g(T0) < 0:
        raise RuntimeError("cooler: the clinker does not carry enough heat to warm the secondary and tertiary air "
                           "to their given temperatures (lower them or raise kiln.clinker_temperature)")
    if g(Tk) > 0:
        raise RuntimeError("cooler: exhaust air would be hotter than the clinker entering; give more cooling_air")
    T_cex = brentq(g, T0, Tk, xtol=1e-10, rtol=1e-13)

    # --- overall balances ---
    air_in = _add({k: n_air_cool * v for k, v in AIR.items()}, {k: pf * mk * v for k, v in air_k.items()})
    H_in = (mk + mc) * hf + _h(feed_meal, T0) + n_w * h_wl + _h(air_in, T0) + Q_ext
    losses = loss("kiln", mk, mc) + loss("calciner", mk, mc) + loss("cooler", mk, mc)
    H_out = (_h(exit_gas, T1) + _h(exhaust, T_cex) + h_clinker(s.clinker_out_temperature)
             + _ash_h(ash, s.clinker_out_temperature) + losses)
    lhv_in = (mk + mc) * f.lhv
    balances = {"energy": (H_in - H_out) / (lhv_in + Q_ext)}
    # mass and elements
    Mw = lambda st: sum(n * thermo.species(k).molar_mass for k, n in st.items())
    m_in = (mk + mc) + Mw(feed_meal) + n_w * thermo.species("H2O").molar_mass + Mw(air_in)
    m_out = Mw(exit_gas) + Mw(exhaust) + Mw(oxides) + ash
    balances["mass"] = (m_in - m_out) / m_in

    def elements(st):
        out = {}
        for k, n in st.items():
            for el, c in thermo.species(k).composition.items():
                out[el] = out.get(el, 0.0) + n * c
        return out
    u = f.ultimate_checked
    fuel_el = {"C": u.get("C", 0) / thermo.species("C").molar_mass, "H": u.get("H", 0) / thermo.species("H2").molar_mass * 2
               + 2 * u.get("moisture", 0) / thermo.species("H2O").molar_mass,
               "O": u.get("O", 0) / thermo.species("O2").molar_mass * 2 + u.get("moisture", 0) / thermo.species("H2O").molar_mass,
               "N": u.get("N", 0) / thermo.species("N2").molar_mass * 2}
    e_in = _add(elements(feed_meal), elements({"H2O": n_w}), elements(air_in), {k: (mk + mc) * v for k, v in fuel_el.items()})
    e_out = _add(elements(exit_gas), elements(exhaust), elements(oxides))
    for el in sorted(e_in):
        balances[el] = (e_in[el] - e_out.get(el, 0.0)) / e_in[el]
    # each unit's own balance at the solution (kiln, calciner; preheater and cooler were solved exactly)
    rk, rc = unit_residuals(mk, mc, T_meal)
    balances["kiln energy"] = rk / lhv_in
    balances["calciner energy"] = rc / lhv_in

    # --- heat balance table [J/kg clinker] ---
    evap = n_w * (thermo.h("H2O", T0) - h_wl)
    heat = {
        "fuel LHV, kiln burner": mk * f.lhv,
        "fuel LHV, calciner": mc * f.lhv,
        "external heat to calciner": Q_ext,
        "heat of clinker formation": formation["total"],
        "evaporation of raw-meal moisture": evap,
        "preheater exhaust gas": _h(exit_gas, T1) - _h(exit_gas, T0),
        "cooler exhaust air": _h(exhaust, T_cex) - _h(exhaust, T0),
        "clinker leaving cooler": h_clinker(s.clinker_out_temperature) - h_clinker(T0) + _ash_h(ash, s.clinker_out_temperature),
        "shell loss, kiln": loss("kiln", mk, mc),
        "shell loss, calciner and preheater": loss("calciner", mk, mc),
        "shell loss, cooler": loss("cooler", mk, mc),
    }
    inputs = heat["fuel LHV, kiln burner"] + heat["fuel LHV, calciner"] + Q_ext
    outputs = sum(v for k, v in heat.items() if not k.startswith(("fuel", "external")))
    heat["balance residual"] = inputs - outputs
    balances["heat balance table"] = heat["balance residual"] / inputs

    m_co2 = thermo.species("CO2").molar_mass
    co2_calc_kg = (n_caco3 + n_mgco3) * m_co2
    co2_fuel_kg = (mk + mc) * f.co2
    molar_volume = 8.314462618 * 273.15 / 101325.0  # m3(n)/mol, ideal gas at 0 degC, 1 atm
    fig = {
        "specific heat consumption": ((mk + mc) * f.lhv / 1e6, "MJ/kg clinker"),
        "specific fuel consumption": (mk + mc, "kg fuel/kg clinker"),
        "calciner fuel share": (mc / (mk + mc), "-"),
        "kiln fuel share": (mk / (mk + mc), "-"),
        "raw meal to clinker ratio (dry)": (m_dry, "kg/kg"),
        "degree of calcination at kiln inlet": (X, "-"),
        "heat of clinker formation": (formation["total"] / 1e6, "MJ/kg clinker"),
        "preheater exit gas temperature": (T1 - 273.15, "degC"),
        "preheater exit gas flow": (sum(exit_gas.values()) * molar_volume, "Nm3/kg clinker"),
        "meal temperature into calciner": (float(T_meal) - 273.15, "degC"),
        "cooler exhaust temperature": (T_cex - 273.15, "degC"),
        "cooler exhaust air": (n_ex * M_air, "kg/kg clinker"),
        "secondary air": (sum(sec.values()) * M_air, "kg/kg clinker"),
        "tertiary air": (sum(ter.values()) * M_air, "kg/kg clinker"),
        "CO2 from calcination": (co2_calc_kg * 1e3, "kg/t clinker"),
        "CO2 from fuel": (co2_fuel_kg * 1e3, "kg/t clinker"),
        "CO2 direct total": ((co2_calc_kg + co2_fuel_kg) * 1e3, "kg/t clinker"),
        "annual clinker": (s.annual_clinker / 1e3, "t/yr"),
        "annual fuel": ((mk + mc) * s.annual_clinker / 1e3, "t/yr"),
        "annual CO2 direct": ((co2_calc_kg + co2_fuel_kg) * s.annual_clinker / 1e3, "t/yr"),
        "annual CO2 from calcination": (co2_calc_kg * s.annual_clinker / 1e3, "t/yr"),
        "annual CO2 from fuel": (co2_fuel_kg * s.annual_clinker / 1e3, "t/yr"),
    }
    if s.electricity is not None and s.grid_factor is not None:
        fig["CO2 from electricity (indirect)"] = (s.electricity * s.grid_factor * 1e3, "kg/t clinker")
    for k, (v, _) in fig.items():
        if not math.isfinite(v):
            raise RuntimeError(f"kiln line: figure {k!r} is not finite")
    streams = {
        "raw meal (dry)": (feed_meal, T0), "raw-meal moisture": ({"H2O": n_w}, T0),
        "preheater exit gas": (exit_gas, T1), "kiln gas": (kiln_gas, Tkg), "calciner gas": (calc_gas, Tc),
        "secondary air": (sec, s.secondary_air_temperature), "tertiary air": (ter, s.tertiary_air_temperature),
        "cooler exhaust": (exhaust, T_cex), "clinker oxides": (oxides, s.clinker_out_temperature),
    }
    return PlantResult(s, cl, phases, formation, mk, mc, [float(t) for t in T_stages], float(T_cex), streams,
                       heat, fig, {k: float(v) for k, v in balances.items()}, Q_ext)
