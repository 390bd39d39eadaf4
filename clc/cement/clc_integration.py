"""A CLC unit heating a cement plant's calciner: capture rate, CO2 avoided, SPECCA, energy penalty.

Integration options (``[integration] option`` of a ``cement_clc`` file); in both the calciner
burns no fuel and the CO2 released by calcination there leaves undiluted, ready for capture
together with the fuel reactor's CO2:

* ``calciner_indirect``: the CLC air reactor's heat (``heat to remove from AR`` of
  :mod:`clc.loop`) is passed to the calciner through a heat exchanger in the air reactor.
* ``calciner_carrier``: the hot carrier itself heats the calciner. The air reactor is adiabatic;
  the carrier leaving it passes a heat exchanger in the calciner (an external fluidized-bed
  heat exchanger on the solids line to the fuel reactor, :attr:`clc.loop.UnitSpec.
  solids_cooler_temperature`) and leaves it ``solids_approach`` above the calciner temperature
  (a labelled design input), then enters the fuel reactor. The calciner's heat is then the
  carrier's sensible heat between the air-reactor and that temperature, so this option needs
  an air reactor hotter than the calciner and a circulation large enough to carry the heat.

The kiln burner stays as it is: its flame must exceed what an air reactor at about 1000 degC can
deliver, so replacing it by CLC heat is not offered.

Model approximations (labelled, not sourced):

* the kiln line with its calciner fuel replaced is solved by :func:`clc.cement.kiln.solve` with
  an external calciner heat; keeping the calciner's CO2 apart from the kiln gas (a separate
  preheater string, as an indirectly heated calciner needs) is assumed not to change that
  balance;
* the CLC unit is scaled from the given unit at constant velocities and specific inventories
  (areas, inventories, flows and orifices in proportion to the thermal power), so its per-MW
  figures stay as solved; its fuel-reactor gas is captured after drying; any CH4, CO or H2 left
  in it is burnt with oxygen from an oxygen polishing step (its O2 is reported; its electricity
  counts only where the user gives the specific energy of oxygen production);
* captured CO2 is compressed by :func:`clc.co2_compression.compression_work`.

Figures of merit, with the definitions used in the CEMCAP project (Voldsund et al., Energies 12
(2019) 559, and Campanari et al. for SPECCA): capture rate = CO2 captured / CO2 generated;
CO2 avoided = 1 - e / e_ref (direct: stack CO2; equivalent: plus electricity's CO2 at the grid
factor); SPECCA = (q_eq - q_eq,ref) / (e_eq,ref - e_eq) [MJ/kg CO2], q_eq the primary energy per
kg clinker with electricity counted at ``electric_efficiency``; energy penalty = q_eq / q_eq,ref - 1.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from scipy.optimize import brentq

from .. import gas, loop, metrics, thermo
from ..co2_compression import compression_work
from .kiln import PlantSpec, solve as solve_plant
from .rawmeal import clinker_from_raw_meal

SECONDS_PER_YEAR = 365.0 * 86400.0


@dataclass(frozen=True)
class IntegrationOptions:
    """User inputs of the integration (SI). Defaults are labelled assumptions of the example."""

    electric_efficiency: float = 0.40  # primary energy -> electricity for SPECCA (user input)
    compression_pressure: float = 110e5  # Pa, pipeline pressure (user input)
    compression_stages: int = 4
    compression_efficiency: float = 0.80
    oxygen_specific_energy: float | None = None  # J electric per kg O2 of the polishing step; None: not counted
    extra_electricity: float = 0.0  # J/kg clinker for fans etc. of the capture case, beyond the reference
    co2_recovery: float = 1.0  # share of the CO2 in the captured streams that purification recovers
    grid_factor: float | None = None  # kg CO2 per J electric; None: the plant's, else 0
    option: str = "calciner_indirect"  # or "calciner_carrier" (see the module docstring)
    solids_approach: float = 30.0  # K, carrier above the calciner temperature leaving its exchanger (design input)


OPTIONS = ("calciner_indirect", "calciner_carrier")


def scale_unit(u: loop.UnitSpec, factor: float) -> loop.UnitSpec:
    """The unit scaled at constant velocities and specific inventories."""
    if not (math.isfinite(factor) and factor > 0):
        raise ValueError(f"scale factor={factor!r} must be positive")

    def reactor(r: loop.ReactorSpec) -> loop.ReactorSpec:
        return dataclasses.replace(r, diameter=r.diameter * math.sqrt(factor), inventory=r.inventory * factor,
                                   n_orifices=max(1, round(r.n_orifices * factor)),
                                   extra_feed={k: v * factor for k, v in r.extra_feed.items()},
                                   heat_duty=None if r.heat_duty is None else r.heat_duty * factor)

    return dataclasses.replace(u, name=f"{u.name} (x{factor:.3g})", thermal_power=u.thermal_power * factor,
                               solids_circulation=u.solids_circulation * factor,
                               fuel_reactor=reactor(u.fuel_reactor), air_reactor=reactor(u.air_reactor))


_DEMAND_CACHE: dict[str, float] = {}


def calciner_heat_demand(plant: PlantSpec) -> float:
    """External heat [J/kg clinker] that lets the calciner run without fuel (cached per plant)."""
    key = repr(plant)
    if key not in _DEMAND_CACHE:
        _DEMAND_CACHE[key] = _calciner_heat_demand(plant)
    return _DEMAND_CACHE[key]


def _calciner_heat_demand(plant: PlantSpec) -> float:
    ref = solve_plant(plant)
    if ref.fuel_calciner <= 0:
        return 0.0
    f = lambda q: solve_plant(plant, external_calciner_heat=q).fuel_calciner
    hi = 2.0 * ref.fuel_calciner * plant.fuel.lhv
    for _ in range(6):
        try:
            if f(hi) <= 0.0:
                break
        except RuntimeError:
            break
        hi *= 2.0
    # fuel_calciner(q) falls linearly to zero; past that point the solve may refuse, so bisect
    def g(q):
        try:
            return f(q)
        except RuntimeError:
            return -1.0
    return brentq(g, 0.0, hi, xtol=1e-6 * hi)


def evaluate(plant: PlantSpec, unit: loop.UnitSpec, options: IntegrationOptions = IntegrationOptions()) -> dict:
    """Reference plant and the CLC-heated-calciner case; figures as name -> (value, units)."""
    kg_per_s = plant.annual_clinker / SECONDS_PER_YEAR
    ref = solve_plant(plant)
    q_calc = calciner_heat_demand(plant)  # J/kg clinker
    case = solve_plant(plant, external_calciner_heat=q_calc)
    heat_needed = q_calc * kg_per_s  # W

    if options.option not in OPTIONS:
        raise ValueError(f"integration.option={options.option!r}; available: {', '.join(OPTIONS)}")
    if options.option == "calciner_carrier":
        unit, heat_figure = _carrier_heated(unit, plant, options.solids_approach), "heat removed in solids cooler"
    else:
        heat_figure = "heat to remove from AR"
    probe = _solve_clc(unit, options.option)
    per_w = probe.figures[heat_figure][0] / unit.thermal_power
    if per_w <= 0:
        raise RuntimeError(f"CLC unit {unit.name!r} gives no heat for the calciner at its temperatures "
                           f"({heat_figure} {probe.figures[heat_figure][0]:.3g} W): it cannot heat a calciner")
    scaled = scale_unit(unit, heat_needed / (per_w * unit.thermal_power))
    clc = _solve_clc(scaled, options.option)
    m_co2 = thermo.species("CO2").molar_mass
    fr_out = clc.fuel_reactor.outlet
    carbon_fr = fr_out[gas.INDEX["CO2"]] + fr_out[gas.INDEX["CO"]] + fr_out[gas.INDEX["CH4"]]
    co2_clc = carbon_fr * m_co2 / kg_per_s  # kg/kg clinker, all polished to CO2 and captured
    carbon_ar = sum(clc.air_reactor.outlet[gas.INDEX[s]] for s in ("CO2", "CO", "CH4"))
    co2_clc_lost = carbon_ar * m_co2 / kg_per_s
    o2_polish = metrics.o2_demand(fr_out) * thermo.species("O2").molar_mass / kg_per_s  # kg O2/kg clinker

    n_caco3 = clinker_from_raw_meal(plant.raw_meal).moles_per_kg_clinker().get("CaCO3", 0.0)
    co2_calciner = n_caco3 * plant.degree_of_calcination * m_co2  # kg/kg clinker, undiluted
    e_ref = ref.figures["CO2 direct total"][0] / 1e3  # kg/kg clinker
    generated = case.figures["CO2 direct total"][0] / 1e3 + co2_clc + co2_clc_lost
    if not 0.0 <= options.co2_recovery <= 1.0:
        raise ValueError(f"co2_recovery={options.co2_recovery!r} must lie in [0, 1]")
    captured = (co2_calciner + co2_clc) * options.co2_recovery
    emitted = generated - captured

    w_comp = compression_work(P_out=options.compression_pressure, stages=options.compression_stages,
                              eta=options.compression_efficiency)
    el_case = captured * w_comp + options.extra_electricity
    if options.oxygen_specific_energy is not None:
        el_case += o2_polish * options.oxygen_specific_energy
    el_ref = 0.0  # electricity common to both plants cancels; only the capture case's extra is counted
    grid = options.grid_factor if options.grid_factor is not None else (plant.grid_factor or 0.0)  # kg CO2/J
    e_eq_ref, e_eq = e_ref + el_ref * grid, emitted + el_case * grid
    fuel_ref = (ref.fuel_kiln + ref.fuel_calciner) * plant.fuel.lhv  # J/kg clinker
    fuel_case = (case.fuel_kiln + case.fuel_calciner) * plant.fuel.lhv + scaled.thermal_power / kg_per_s
    q_ref = fuel_ref + el_ref / options.electric_efficiency
    q_case = fuel_case + el_case / options.electric_efficiency
    if e_eq_ref - e_eq <= 0:
        raise RuntimeError("the capture case emits no less CO2 than the reference: SPECCA undefined")
    return {
        "reference: specific heat consumption": (fuel_ref / 1e6, "MJ/kg clinker"),
        "reference: direct CO2": (e_ref * 1e3, "kg/t clinker"),
        "calciner heat supplied by CLC": (q_calc / 1e6, "MJ/kg clinker"),
        "CLC thermal power (fuel LHV)": (scaled.thermal_power / 1e6, "MWth"),
        "CLC heat delivered to the calciner": (heat_needed / 1e6, "MW"),
        "CLC combustion efficiency": (clc.figures["combustion efficiency"][0], "-"),
        "CLC CO2 capture efficiency": (clc.figures["CO2 capture efficiency"][0], "-"),
        "CLC O2 for oxygen polishing": (o2_polish * 1e3, "kg/t clinker"),
        "coal saved": ((ref.fuel_calciner + ref.fuel_kiln - case.fuel_calciner - case.fuel_kiln) * plant.fuel.lhv / 1e6,
                       "MJ/kg clinker"),
        "extra fuel (CLC)": (scaled.thermal_power / kg_per_s / 1e6, "MJ/kg clinker"),
        "CO2 generated": (generated * 1e3, "kg/t clinker"),
        "CO2 captured": (captured * 1e3, "kg/t clinker"),
        "CO2 emitted (direct)": (emitted * 1e3, "kg/t clinker"),
        "CO2 capture rate": (captured / generated, "-"),
        "CO2 avoided (direct)": (1.0 - emitted / e_ref, "-"),
        "CO2 avoided (equivalent)": (1.0 - e_eq / e_eq_ref, "-"),
        "CO2 compression work": (w_comp / 3600.0, "kWh/t CO2"),
        "electricity of capture (counted)": (el_case / 3600.0, "kWh/t clinker"),
        "grid emission factor": (grid * 3.6e6, "kg CO2/kWh"),
        "SPECCA": ((q_case - q_ref) / (e_eq_ref - e_eq) / 1e6, "MJ/kg CO2"),
        "energy penalty (primary energy)": (q_case / q_ref - 1.0, "-"),
        "recoverable heat: FR off-gas above 25 degC": (
            sum(f * (thermo.h(n, scaled.fuel_reactor.temperature) - thermo.h(n, 298.15))
                for n, f in zip(gas.SPECIES, fr_out) if f > 0) / kg_per_s / 1e6, "MJ/kg clinker"),
        "recoverable heat: unburnt FR gas burnt in oxygen polishing": (
            float(metrics.lower_heating_values() @ fr_out) / kg_per_s / 1e6, "MJ/kg clinker"),
        "CLC air reactor temperature": (clc.figures["AR temperature"][0] - 273.15, "degC"),
        "CLC carrier temperature into the fuel reactor": (clc.figures["solids temperature into FR"][0] - 273.15, "degC"),
        "CLC solids circulation": (clc.figures["solids circulation"][0], "kg/s"),
        "CLC max balance residual": (max(abs(v) for v in clc.balances.values()), "-"),
        "plant max balance residual": (max(abs(v) for v in case.balances.values()), "-"),
    }


def _carrier_heated(unit: loop.UnitSpec, plant: PlantSpec, approach: float) -> loop.UnitSpec:
    """The unit of option ``calciner_carrier``: adiabatic AR, carrier cooled in the calciner."""
    if not (math.isfinite(approach) and 0.0 < approach < 300.0):
        raise ValueError(f"integration.solids_approach={approach!r} K must lie in (0, 300)")
    return dataclasses.replace(
        unit, solids_cooler_temperature=plant.calciner_temperature + approach,
        air_reactor=dataclasses.replace(unit.air_reactor, heat_duty=0.0))


def _solve_clc(unit: loop.UnitSpec, option: str) -> loop.LoopResult:
    """Solve the CLC unit; say which integration option failed and why."""
    try:
        return loop.solve(unit)
    except (RuntimeError, ValueError) as exc:
        hint = (" (calciner_carrier needs an adiabatic air reactor hotter than the calciner plus the approach: "
                "more air preheat, a hotter fuel reactor or a larger circulation may help)"
                if option == "calciner_carrier" else "")
        raise RuntimeError(f"integration.option={option!r}: the CLC unit cannot be solved: {exc}{hint}") from None


def _grid(i: dict) -> float | None:
    from .data import GRID_FACTORS_2022

    region = i.get("grid_region")
    if region is None:
        return None
    if region not in GRID_FACTORS_2022:
        raise ValueError(f"integration.grid_region={region!r}; known: {', '.join(GRID_FACTORS_2022)}")
    return GRID_FACTORS_2022[region] / 3.6e6  # kg/kWh -> kg/J


def load_case(path) -> tuple[PlantSpec, loop.UnitSpec, IntegrationOptions]:
    """Read an integration file (``kind = "cement_clc"``): plant, CLC unit with overrides, options."""
    import tomllib
    from pathlib import Path

    from .. import config as unit_config
    from .. import units
    from . import config as plant_config
    from ..study import _apply

    doc = tomllib.loads(Path(path).read_text())
    if doc.get("kind") != "cement_clc":
        raise ValueError(f"{path}: kind={doc.get('kind')!r}; an integration file has kind = \"cement_clc\"")
    option = doc.get("integration", {}).get("option", "calciner_indirect")
    if option not in OPTIONS:
        raise ValueError(f"integration.option={option!r}; available: {', '.join(OPTIONS)}")
    plant = plant_config.load(plant_config.example_path(doc["plant"]) if "/" not in doc["plant"] and
                              not doc["plant"].endswith(".toml") else Path(path).parent / doc["plant"])
    unit_name = doc.get("unit", unit_config.DEFAULT_EXAMPLE)
    unit_path = unit_config.example_path(unit_name) if not unit_name.endswith(".toml") else Path(path).parent / unit_name
    unit_doc = _apply(tomllib.loads(unit_path.read_text()), doc.get("unit_overrides", {}))
    unit = unit_config.from_dict(unit_doc)
    i = doc.get("integration", {})
    opts = IntegrationOptions(
        electric_efficiency=float(i.get("electric_efficiency", 0.40)),
        compression_pressure=units.quantity(i.get("compression_pressure", 110e5), "pressure", "integration.compression_pressure"),
        compression_stages=int(i.get("compression_stages", 4)),
        compression_efficiency=float(i.get("compression_efficiency", 0.80)),
        co2_recovery=float(i.get("co2_recovery", 1.0)),
        grid_factor=_grid(i),
        option=option,
        solids_approach=units.quantity(i.get("solids_approach", 30.0), "temperature_difference",
                                       "integration.solids_approach"),
    )
    if not 0.05 <= opts.electric_efficiency <= 1.0:
        raise ValueError(f"integration.electric_efficiency={opts.electric_efficiency!r} is outside [0.05, 1]")
    return plant, unit, opts
