"""Term-by-term audit of the reference kiln line against published heat-balance figures (issue 12 item 7).

Prints, per kg clinker, (1) the calibrated Sichuan line's heat balance, unit by unit (kiln, cooler, whole
line), beside the published figures of docs/cement_reference_data.md section 8; (2) what the two audit
corrections (the clinker melt's heat carried from kiln to cooler, and the cooling air sized from a measured
Chinese cooler exhaust) each do to the kiln burner's share and the Sichuan capture KPIs.

Usage: python validation/cement/kiln_audit.py   (about a minute)
"""

import dataclasses

from clc import config as unit_config
from clc import thermo
from clc.cement import calibration, config, data
from clc.cement import clc_integration as ci
from clc.cement.kiln import MOLAR_VOLUME, solve
from clc.cement.preheater import h_stream

T0 = 298.15
MJ = 1e6
KPIS = ("CO2 capture rate", "CO2 avoided (direct)", "CO2 avoided (equivalent)", "SPECCA",
        "energy penalty (primary energy)")


def terms(spec) -> tuple[dict, object]:
    """Unit-by-unit heat terms [MJ/kg clinker] of the solved line (25 degC reference)."""
    r = solve(spec)
    s, f = spec, spec.fuel
    sens = lambda st, T: (h_stream(st, T) - h_stream(st, T0)) / MJ  # noqa: E731
    ox = r.streams["clinker oxides"][0]
    n = r.clinker.moles_per_kg_clinker()
    X = s.degree_of_calcination
    meal = dict(ox)
    meal["CaO"] -= n["CaCO3"] * (1 - X)
    meal["CaCO3"] = n["CaCO3"] * (1 - X)
    dh = thermo.h("CaO", T0) + thermo.h("CO2", T0) - thermo.h("CaCO3", T0)
    dh_mg = thermo.h("MgO", T0) + thermo.h("CO2", T0) - thermo.h("MgCO3", T0)
    kg, T_kg = r.streams["kiln gas"]
    sec, T_sec = r.streams["secondary air"]
    ter, T_ter = r.streams["tertiary air"]
    ash = (r.fuel_kiln + r.fuel_calciner) * f.inert
    ash_h = lambda T: ash * (thermo.h("SiO2", T) - thermo.h("SiO2", T0)) / thermo.species("SiO2").molar_mass / MJ  # noqa: E731
    clinker_in = sens(ox, s.kiln_clinker_temperature) + ash_h(s.kiln_clinker_temperature)
    hb = {k: v / MJ for k, v in r.heat_balance.items()}
    t = {
        "fuel, kiln burner": hb["fuel LHV, kiln burner"],
        "fuel, calciner": hb["fuel LHV, calciner"],
        "kiln share": r.figures["kiln fuel share"][0],
        "kiln in: meal from calciner (sensible)": sens(meal, s.calciner_temperature),
        "kiln in: secondary air (sensible)": sens(sec, T_sec),
        "kiln out: residual calcination": n["CaCO3"] * (1 - X) * dh / MJ,
        "kiln out: clinker-phase formation": (r.formation["total"] - n["CaCO3"] * dh - n.get("MgCO3", 0.0) * dh_mg) / MJ,
        "kiln out: clinker melt": s.clinker_melt_heat / MJ,
        "kiln out: clinker to cooler (sensible)": clinker_in,
        "kiln out: kiln gas (sensible)": sens(kg, T_kg),
        "kiln gas flow [Nm3/kg]": sum(kg.values()) * MOLAR_VOLUME,
        "shell, kiln": hb["shell loss, kiln"],
        "cooler in: clinker sensible + melt": clinker_in + s.clinker_melt_heat / MJ,
        "cooler out: secondary air": sens(sec, T_sec),
        "cooler out: tertiary air": sens(ter, T_ter),
        "cooler out: exhaust air": hb["cooler exhaust air"],
        "cooler out: clinker": hb["clinker leaving cooler"],
        "shell, cooler": hb["shell loss, cooler"],
        "cooler recovery": r.figures["cooler heat recovery (secondary + tertiary air / clinker heat in)"][0],
        "secondary air [kg/kg, degC]": (r.figures["secondary air"][0], T_sec - 273.15),
        "tertiary air [kg/kg, degC]": (r.figures["tertiary air"][0], T_ter - 273.15),
        "cooler exhaust [Nm3/kg, degC]": (sum(r.streams["cooler exhaust"][0].values()) * MOLAR_VOLUME,
                                          r.cooler_exhaust_temperature - 273.15),
        "heat of clinker formation (theoretical)": hb["heat of clinker formation"],
        "preheater exit gas (sensible, after drier)": hb["preheater exit gas"],
        "preheater exit [Nm3/kg, degC]": (r.figures["preheater exit gas flow"][0],
                                          r.figures["preheater exit gas temperature"][0]),
        "evaporation of raw-meal moisture": hb["evaporation of raw-meal moisture"],
        "dust": hb["preheater dust"],
        "shell, calciner and preheater": hb["shell loss, calciner and preheater"],
        "shell, all": hb["shell loss, kiln"] + hb["shell loss, calciner and preheater"] + hb["shell loss, cooler"],
    }
    return t, r


def textbook_formation(r) -> float:
    """Exothermic clinker-phase formation by the textbook formula [MJ/kg clinker] (clc.cement.data)."""
    return -sum(data.CLINKER_FORMATION_TEXTBOOK_KJ[p] * w for p, w in r.phases.items()
                if p in data.CLINKER_FORMATION_TEXTBOOK_KJ) / 1e3


def plant(cooling_air: float | None, melt: float):
    """The Sichuan plant file with the given cooling air [kg/kg] and melt heat [J/kg], recalibrated."""
    doc = unit_config.read_toml(config.example_path("cement_sichuan_nsp_5000tpd"))
    cal = doc.pop("calibration")
    if cooling_air is not None:
        doc["cooler"]["cooling_air"] = f"{cooling_air} kg/kg clinker"
    spec = dataclasses.replace(config.from_dict(doc), clinker_melt_heat=melt)
    bounds = tuple(config._calibration_value(cal["vary"], v, "bounds") for v in cal["bounds"])
    target = config.load(config.example_path("cement_sichuan_nsp_5000tpd")).notes["calibration"]["target"]
    return calibration.calibrate(spec, target, cal["vary"], bounds).spec


if __name__ == "__main__":
    t, r = terms(config.load(config.example_path("cement_sichuan_nsp_5000tpd")))
    print("Sichuan reference line, calibrated to 3.063 MJ/kg clinker [MJ/kg clinker unless stated]")
    for k, v in t.items():
        print(f"  {k:45s} " + (f"{v[0]:8.3f} {v[1]:8.0f}" if isinstance(v, tuple) else f"{v:8.4f}"))
    print(f"  {'clinker-phase formation, textbook formula':45s} {textbook_formation(r):8.4f}")
    print("published (docs/cement_reference_data.md section 8): cooler exhaust "
          f"{data.COOLER_EXHAUST_NM3_PER_KG_CN} Nm3/kg at {data.COOLER_EXHAUST_TEMPERATURE_C_CN} degC, "
          f"{data.COOLER_EXHAUST_HEAT_KJ_PER_KG_CN / 1e3} MJ/kg; cooler recovery >= "
          f"{data.COOLER_RECOVERY_DESIGN_MIN_CN} (design code)")

    print("\nAttribution (Sichuan CLC and oxy-calciner cases):")
    case_plant, unit, opts = ci.load_case(config.example_path("cement_clc_sichuan"))
    for label, ca, melt in (("before: 2.0 kg/kg air, no melt", 2.0, 0.0),
                            ("melt only", 2.0, data.CLINKER_MELT_HEAT),
                            ("cooling air only", None, 0.0),
                            ("after: both (shipped)", None, data.CLINKER_MELT_HEAT)):
        p = plant(ca, melt)
        ref = solve(p)
        comp = ci.evaluate(p, unit, opts)
        print(f"  {label:32s} kiln share {ref.figures['kiln fuel share'][0]:.3f}, tertiary "
              f"{p.tertiary_air_temperature - 273.15:.0f} degC, cooler exhaust {ref.cooler_exhaust_temperature - 273.15:.0f} degC")
        for route, k in comp.kpis.items():
            print(f"    {route:26s} " + ", ".join(f"{n.split(' (')[0]} {k[n][0]:.3f}" for n in KPIS))
