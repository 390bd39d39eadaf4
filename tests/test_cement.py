"""Cement plant model: balances, stoichiometry, literature ranges, input errors."""

import dataclasses

import pytest

from clc import thermo
from clc.cement import config, data, example_path, formation, load, rawmeal, report, solve

RAW = {"CaCO3": 0.785, "MgCO3": 0.015, "SiO2": 0.14, "Al2O3": 0.037, "Fe2O3": 0.023}


@pytest.fixture(scope="module")
def ref():
    return solve(load(example_path("cement_cemcap_reference")))


def test_kiln_line_closes_mass_and_energy(ref):
    for k, v in ref.balances.items():
        assert abs(v) < 1e-9, (k, v)
    hb = ref.heat_balance
    inputs = hb["fuel LHV, kiln burner"] + hb["fuel LHV, calciner"] + hb["external heat to calciner"]
    outputs = sum(v for k, v in hb.items() if not k.startswith(("fuel", "external")))
    assert outputs == pytest.approx(inputs, rel=1e-9)


def test_every_unit_physical(ref):
    T = ref.stage_temperatures
    assert all(a < b for a, b in zip(T, T[1:]))  # meal heats on its way down
    assert 298.15 < T[0] and T[-1] < ref.spec.calciner_temperature
    assert 298.15 < ref.cooler_exhaust_temperature < ref.spec.kiln_clinker_temperature
    assert ref.fuel_kiln > 0 and ref.fuel_calciner > 0
    assert all(v >= 0 for k, v in ref.heat_balance.items() if k != "balance residual")


def test_calcination_co2_is_stoichiometric():
    c = rawmeal.clinker_from_raw_meal(RAW)
    m = {k: thermo.species(k).molar_mass for k in ("CaCO3", "MgCO3", "CO2")}
    per_raw_meal = RAW["CaCO3"] * m["CO2"] / m["CaCO3"] + RAW["MgCO3"] * m["CO2"] / m["MgCO3"]
    assert c.calcination_co2 == pytest.approx(per_raw_meal * c.raw_meal_per_clinker, rel=1e-12)
    # mass: raw meal = clinker + CO2
    assert c.raw_meal_per_clinker == pytest.approx(1.0 + c.calcination_co2, rel=1e-12)
    assert sum(c.oxides.values()) == pytest.approx(1.0)


def test_plant_co2_split(ref):
    f = ref.figures
    assert f["CO2 from calcination"][0] == pytest.approx(
        rawmeal.clinker_from_raw_meal(RAW).calcination_co2 * 1e3, rel=1e-12)
    assert f["CO2 direct total"][0] == pytest.approx(f["CO2 from calcination"][0] + f["CO2 from fuel"][0])
    fuel_c = (ref.fuel_kiln + ref.fuel_calciner) * ref.spec.fuel.ultimate["C"]
    assert f["CO2 from fuel"][0] / 1e3 == pytest.approx(fuel_c * 44.0095 / 12.011, rel=1e-3)


def test_bogue_stoichiometry_reproduces_astm_c150():
    derived = rawmeal.bogue_coefficients()
    for phase, coefs in data.ASTM_C150_BOGUE.items():
        for k, v in coefs.items():
            assert derived[phase][k] == pytest.approx(v, abs=6e-4), (phase, k)


def test_bogue_phases_sum_and_domain():
    c = rawmeal.clinker_from_raw_meal(RAW)
    p = rawmeal.bogue(c.oxides)
    main = c.oxides["CaO"] + c.oxides["SiO2"] + c.oxides["Al2O3"] + c.oxides["Fe2O3"]
    assert sum(p.values()) == pytest.approx(main, rel=1e-12)  # the four oxides end in the four phases
    assert 0.45 < p["C3S"] < 0.8 and 0.05 < p["C2S"] < 0.35
    with pytest.raises(ValueError, match="0.64"):
        rawmeal.bogue({"CaO": 0.65, "SiO2": 0.21, "Al2O3": 0.02, "Fe2O3": 0.05})
    with pytest.raises(ValueError, match="LSF"):
        rawmeal.bogue({"CaO": 0.80, "SiO2": 0.12, "Al2O3": 0.05, "Fe2O3": 0.03})


def test_heat_of_formation_from_thermochemistry():
    c = rawmeal.clinker_from_raw_meal(RAW)
    f = formation.heat_of_formation(c)
    # calcination part equals Cantera's CaCO3 -> CaO + CO2 enthalpy times the moles
    dh = thermo.Reaction("CaCO3 -> CaO + CO2").delta_h(298.15)
    assert f["calcination CaCO3"] == pytest.approx(c.moles_per_kg_clinker()["CaCO3"] * dh, rel=1e-12)
    assert all(f[f"formation {p}"] < 0 for p in data.PHASES)  # the phases form exothermically
    # textbook theoretical heat of clinker formation is about 1.7-1.8 MJ/kg (order-of-magnitude check)
    assert 1.5e6 < f["total"] < 2.0e6


def test_phase_data_consistent_with_cantera_oxides():
    # the cementkilns.co.uk page lists oxides too: they agree with Cantera's NASA data
    listed = {"CaO": -635.09, "SiO2": -910.86, "Fe2O3": -825.48, "CaCO3": -1206.92}
    for k, v in listed.items():
        assert thermo.h(k, 298.15) / 1e3 == pytest.approx(v, abs=0.2)
    # beta-C2S by solution calorimetry (-2307.6 +- 4.5 kJ/mol); C3A from oxides (Coughlin 1956, -6.65)
    assert data.PHASES["C2S"]["dHf_kJ"] == pytest.approx(-2307.6, abs=4.5)
    assert formation.phase_formation_from_oxides("C3A") / 1e3 == pytest.approx(-6.65, abs=2.0)


def test_reference_specific_heat_in_published_range(ref):
    q = ref.figures["specific heat consumption"][0]
    # above the theoretical minimum (the heat of clinker formation), below the GB 16780-2021 level-3
    # comprehensive coal limit (109 kgce/t = 3.19 MJ/kg; second-hand, data-found.md section 4)
    level3 = data.GB16780_2021["comprehensive_coal_kgce_per_t"][3]
    assert ref.formation["total"] / 1e6 < q < level3 * data.KGCE_MJ / 1e3
    assert 0.5 < ref.figures["calciner fuel share"][0] < 0.9
    g = report.gb16780(ref)
    assert g["level 3"][1] and g["level 3"][0] == level3


def test_annual_figures(ref):
    f = ref.figures
    assert f["annual clinker"][0] == pytest.approx(3000 * 365 * 0.913)
    assert f["annual CO2 direct"][0] == pytest.approx(f["CO2 direct total"][0] * f["annual clinker"][0] / 1e3)


@pytest.mark.parametrize("bad,match", [
    ({"CaCO3": 0.8, "SiO2": 0.14}, "sum to 0.94"),
    ({"CaCO3": 1.1, "SiO2": -0.1}, r"CaCO3=1.1 is outside the allowed range \[0, 1\]"),
    ({"CaCO3": 0.9, "SiO2": -0.05, "Al2O3": 0.15}, r"SiO2=-0.05 is outside"),
    ({"CaCO3": 0.8, "Clay": 0.2}, "Clay: species not modelled"),
])
def test_bad_raw_meal_gets_clear_errors(bad, match):
    with pytest.raises(ValueError, match=match):
        rawmeal.clinker_from_raw_meal(bad)


def test_config_errors_name_field_and_range():
    import tomllib
    doc = tomllib.loads(example_path("cement_cemcap_reference").read_text())
    doc["calciner"]["temperature"] = "1200 degC"
    with pytest.raises(ValueError, match=r"calciner.temperature=1473.15 K is outside the allowed range"):
        solve(config.from_dict(doc))
    doc = tomllib.loads(example_path("cement_cemcap_reference").read_text())
    doc["raw_meal"]["composition"]["CaCO3"] = 0.5
    with pytest.raises(ValueError, match="raw_meal.composition: mass fractions sum to"):
        solve(config.from_dict(doc))
    doc = tomllib.loads(example_path("cement_cemcap_reference").read_text())
    del doc["fuel"]["lhv"]
    with pytest.raises(ValueError, match="fuel.lhv: missing"):
        config.from_dict(doc)


def test_too_little_cooling_air(ref):
    spec = dataclasses.replace(ref.spec, cooling_air=0.8)
    with pytest.raises(RuntimeError, match="cooling_air"):
        solve(spec)


def test_more_stages_less_fuel(ref):
    four = solve(dataclasses.replace(ref.spec, stages=4))
    assert four.figures["preheater exit gas temperature"][0] > ref.figures["preheater exit gas temperature"][0]
    assert four.figures["specific heat consumption"][0] > ref.figures["specific heat consumption"][0]


def test_chinese_examples_and_report(tmp_path):
    names = config.list_examples()
    assert {"cement_cemcap_reference", "cement_sichuan_nsp_5000tpd", "cement_anhui_nsp_5000tpd"} <= set(names)
    r = solve(load(example_path("cement_anhui_nsp_5000tpd")))
    assert r.figures["annual clinker"][0] == pytest.approx(5000 * 365 * 0.85)
    text = report.summary(r)
    assert "GB 16780" in text and "nan" not in text.lower()
    out = report.sankey(r, tmp_path / "sankey.png")
    assert out.is_file() and out.stat().st_size > 1000


def test_grid_factor_region():
    import tomllib
    doc = tomllib.loads(example_path("cement_sichuan_nsp_5000tpd").read_text())
    doc["electricity"] = {"consumption": "100 kWh/t clinker", "region": "Sichuan"}
    spec = config.from_dict(doc)
    # 100 kWh/t = 0.1 kWh/kg; 2023 Sichuan grid 0.1564 kg CO2/kWh -> 0.01564 kg CO2/kg clinker
    assert spec.electricity * spec.grid_factor == pytest.approx(0.1 * 0.1564, rel=1e-9)
    doc["electricity"]["region"] = "Mars"
    with pytest.raises(ValueError, match="electricity.region='Mars'"):
        config.from_dict(doc)
