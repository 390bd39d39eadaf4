"""Solid fuels, devolatilization balances, char gasification form and the carbon stripper."""

import math

import numpy as np
import pytest
import yaml
from scipy.integrate import solve_ivp

from clc import char, citations, solid_fuel
from clc.solid_fuel import Fuel

FUELS = solid_fuel.list_fuels()


def _user_fuel(**over):
    doc = {"name": "test coal",
           "proximate": {"basis": "ar", "moisture": "8 %", "ash": "10 %", "volatiles": "30 %",
                         "fixed_carbon": "52 %"},
           "ultimate": {"basis": "daf", "C": "80 %", "H": "5 %", "O": "12 %", "N": "1.5 %",
                        "S": "1.5 %"}}
    doc.update(over)
    return doc


# --- library -----------------------------------------------------------------------------


def test_library_has_a_lignite_and_a_bituminous_coal():
    ranks = {yaml.safe_load(p.read_text())["rank"] for p in solid_fuel.fuels_dir().glob("*.yaml")}
    assert {"lignite", "bituminous"} <= ranks


@pytest.mark.parametrize("name", FUELS)
def test_every_published_number_has_a_source(name):
    doc = yaml.safe_load((solid_fuel.fuels_dir() / f"{name}.yaml").read_text())
    entries = [v for sec in ("proximate", "ultimate") for k, v in doc[sec].items() if k != "basis"]
    entries.append(doc["heating_value"]["HHV"])
    for v in entries:
        assert v == "by_difference" or (isinstance(v, dict) and v["source"] and v["units"])


@pytest.mark.parametrize("name", FUELS)
def test_analyses_close_on_every_basis(name):
    f = solid_fuel.load(name)
    for basis in ("ar", "dry", "daf"):
        assert sum(f.proximate(basis).values()) == pytest.approx(1.0, abs=1e-12)
        assert sum(f.ultimate(basis).values()) == pytest.approx(1.0, abs=1e-12)
        assert all(v >= 0.0 for v in f.ultimate(basis).values())
    # the ash of both analyses is the same material
    assert f.proximate("dry")["ash"] == pytest.approx(f.ultimate("dry")["ash"], abs=1e-3)


@pytest.mark.parametrize("name", FUELS)
def test_measured_hhv_agrees_with_channiwala_parikh(name):
    # Channiwala & Parikh (2002) report a mean absolute error of 1.45 %; allow 5 % for one fuel
    f = solid_fuel.load(name)
    est = solid_fuel.hhv_channiwala_parikh(f.ultimate("dry"))
    assert est == pytest.approx(f.hhv("dry"), rel=0.05)


@pytest.mark.parametrize("name", FUELS)
def test_lhv_below_hhv_by_the_water_latent_heat(name):
    f = solid_fuel.load(name)
    water = 18.015 / 2.016 * f.ultimate("ar")["H"] + f.moisture  # kg water per kg fuel
    assert f.lhv("ar") == pytest.approx(f.hhv("ar") - 2.4426e6 * water, rel=1e-3)
    for basis in ("ar", "dry", "daf"):
        assert 0 < f.lhv(basis) < f.hhv(basis)
    assert f.hhv("daf") > f.hhv("dry") > f.hhv("ar")


def test_wet_lignite_loses_more_to_water_than_bituminous_coal():
    lig = solid_fuel.load("Vorres1990_BeulahZap_lignite")
    bit = solid_fuel.load("Vorres1990_Illinois6_bituminous")
    assert 1 - lig.lhv() / lig.hhv() > 1 - bit.lhv() / bit.hhv()


def test_loading_records_the_citation():
    solid_fuel.load("Vorres1990_BeulahZap_lignite")
    assert "Vorres1990" in [c.key for c in citations.used()]


def test_unknown_fuel_names_the_available_ones():
    with pytest.raises(KeyError, match="Vorres1990"):
        solid_fuel.load("nope")


# --- user fuels and validation -------------------------------------------------------------


def test_same_fuel_given_on_different_bases_is_the_same():
    a = Fuel.from_dict(_user_fuel())
    daf = a.ultimate("daf")
    b = Fuel.from_dict(_user_fuel(ultimate={"basis": "ar", **{k: v * (1 - 0.08) * (1 - a.proximate_d["ash"])
                                                               for k, v in daf.items()}}))
    dry_prox = a.proximate("dry")
    c = Fuel.from_dict(_user_fuel(proximate={"basis": "dry", "moisture": 0.08, **dry_prox}))
    for f in (b, c):
        for k, v in a.ultimate("dry").items():
            assert f.ultimate("dry")[k] == pytest.approx(v, abs=1e-12)
        for k, v in a.proximate("dry").items():
            assert f.proximate("dry")[k] == pytest.approx(v, abs=1e-12)


def test_without_hhv_the_correlation_is_used_and_named():
    f = Fuel.from_dict(_user_fuel())
    assert "Channiwala" in f.hhv_source
    assert f.hhv("dry") == pytest.approx(solid_fuel.hhv_channiwala_parikh(f.ultimate("dry")))


def test_hhv_units_and_bases():
    f = Fuel.from_dict(_user_fuel(heating_value={"HHV": {"value": 30.0, "units": "MJ/kg", "basis": "daf"}}))
    assert f.hhv("daf") == pytest.approx(30e6)
    g = Fuel.from_dict(_user_fuel(heating_value={"HHV": "30000 kJ/kg"}))
    assert g.hhv("ar") == pytest.approx(30e6)


def test_carbon_without_hydrogen_or_moisture_has_lhv_equal_hhv():
    f = Fuel.from_dict({"name": "carbon", "proximate": {"basis": "ar", "moisture": 0, "ash": 0,
                        "volatiles": 0, "fixed_carbon": 1},
                        "ultimate": {"basis": "dry", "C": 1, "H": 0, "O": 0, "N": 0, "S": 0},
                        "heating_value": {"HHV": "32.8 MJ/kg"}})
    assert f.lhv("ar") == f.hhv("ar")


@pytest.mark.parametrize("over, match", [
    ({"proximate": {"basis": "ar", "moisture": "8 %", "ash": "10 %", "volatiles": "30 %",
                    "fixed_carbon": "55 %"}}, r"sum to 103.00 %"),
    ({"proximate": {"basis": "ar", "moisture": "-8 %", "ash": "10 %", "volatiles": "30 %",
                    "fixed_carbon": "52 %"}}, r"moisture.*\[0, 1\]"),
    ({"proximate": {"basis": "wet", "moisture": "8 %", "ash": "10 %", "volatiles": "30 %",
                    "fixed_carbon": "52 %"}}, r"basis.*allowed"),
    ({"ultimate": {"basis": "daf", "C": "80 %", "H": "5 %", "O": "by_difference", "N": "1.5 %",
                   "S": "by_difference"}}, "only one entry"),
    ({"ultimate": {"basis": "daf", "C": "80 %", "H": "5 %", "O": "12 %", "N": "1.5 %"}}, "'S' is required"),
    ({"ultimate": {"basis": "daf", "C": "40 %", "H": "5 %", "O": "52 %", "N": "1.5 %", "S": "1.5 %"}},
     "fixed carbon"),
    ({"proximate": {"basis": "ar", "ash": "10 %", "volatiles": "30 %", "fixed_carbon": "52 %"}},
     "moisture"),
])
def test_bad_analyses_are_refused_with_the_field_named(over, match):
    with pytest.raises(ValueError, match=match):
        Fuel.from_dict(_user_fuel(**over))


def test_sourced_loading_refuses_a_bare_number():
    doc = _user_fuel()
    with pytest.raises(ValueError, match="source"):
        Fuel.from_dict(doc, sourced=True)


# --- devolatilization ----------------------------------------------------------------------


def _check_closure(f, d):
    fed, out = f.element_moles("ar"), d.element_moles()
    for el in solid_fuel.ELEMENTS:
        assert out[el] == pytest.approx(fed[el], abs=1e-9 * max(fed[el], 1.0)), el
    # mass: volatiles + moisture + char carbon + ash = 1 kg as received
    mass = (d.volatile_mass() + d.gas["H2O_moisture"] * 0.018015 + d.char_carbon * 0.012011 + d.ash)
    assert mass == pytest.approx(1.0, abs=2e-4)  # Cantera vs element-sum molar masses


@pytest.mark.parametrize("name", FUELS)
def test_devolatilization_closes_every_element_with_tar_by_difference(name):
    f = solid_fuel.load(name)
    d = solid_fuel.devolatilize(f, {"CO2": 0.3, "H2O": 0.5, "H2": 1.0})  # illustrative yields
    _check_closure(f, d)
    assert all(v >= 0 for v in d.tar.values())
    assert d.char_carbon * 0.012011 == pytest.approx(f.proximate("ar")["fixed_carbon"], rel=1e-3)


def test_devolatilization_closes_with_solved_species():
    f = solid_fuel.load("Vorres1990_BeulahZap_lignite")
    d = solid_fuel.devolatilize(f, {"CO2": 0.2, "H2O": 0.2}, closing=("CH4", "CO", "H2"))
    assert not d.tar
    assert all(v >= 0 for v in d.gas.values())
    _check_closure(f, d)


def test_carbon_rich_volatiles_cannot_close_without_tar():
    # Illinois No. 6 volatiles hold more C than CH4 and CO can take with its H and O: tar is needed
    f = solid_fuel.load("Vorres1990_Illinois6_bituminous")
    with pytest.raises(ValueError, match="< 0"):
        solid_fuel.devolatilize(f, {"CO2": 0.2, "H2O": 0.2}, closing=("CH4", "CO", "H2"))
    assert solid_fuel.devolatilize(f, {"CO2": 0.2, "H2O": 0.2}).tar["C"] > 0


def test_volatile_yield_follows_the_proximate_analysis():
    f = solid_fuel.load("Vorres1990_Illinois6_bituminous")
    d = solid_fuel.devolatilize(f, {})
    assert d.volatile_mass() == pytest.approx(f.proximate("ar")["volatiles"], rel=0.01)


def test_inconsistent_yields_are_refused():
    f = solid_fuel.load("Vorres1990_BeulahZap_lignite")
    with pytest.raises(ValueError, match="more"):
        solid_fuel.devolatilize(f, {"CH4": 100.0})
    with pytest.raises(ValueError, match="< 0"):
        solid_fuel.devolatilize(f, {"CH4": 2.0, "CO2": 0.5}, closing=("CO", "H2", "H2O"))
    with pytest.raises(ValueError, match="closing"):
        solid_fuel.devolatilize(f, {"CO": 1.0}, closing=("CO", "H2", "H2O"))
    with pytest.raises(ValueError, match="not modelled"):
        solid_fuel.devolatilize(f, {"C2H6": 1.0})


# --- char gasification ---------------------------------------------------------------------

# Synthetic parameters for testing the rate FORM only: not physical data, never shipped.
_SYN = "synthetic test value, not physical data"


def _kin(model="volumetric", inhibit=True):
    doc = {"name": "synthetic", "model": model,
           "k1": {"A": {"value": 1e3, "units": "1/(s bar)", "source": _SYN},
                  "E": {"value": 200, "units": "kJ/mol", "source": _SYN}},
           "k4": {"A": {"value": 1e2, "units": "1/(s bar)", "source": _SYN},
                  "E": {"value": 220, "units": "kJ/mol", "source": _SYN}}}
    if inhibit:
        doc["k2"] = {"A": {"value": 5.0, "units": "1/bar", "source": _SYN},
                     "E": {"value": 0, "units": "kJ/mol", "source": _SYN}}
        doc["k5"] = {"A": {"value": 5.0, "units": "1/bar", "source": _SYN},
                     "E": {"value": 0, "units": "kJ/mol", "source": _SYN}}
    if model == "random_pore":
        doc["psi"] = {"value": 5.0, "source": _SYN}
    return char.CharKinetics.from_dict(doc)


def test_rate_rises_with_temperature_and_steam_pressure():
    kin = _kin()
    p = {"H2O": 5e4, "H2": 5e3, "CO2": 2e4, "CO": 2e3}
    r = lambda T, pp: sum(char.gasification_rate(kin, T, pp, 0.3).values())
    assert r(1223.15, p) > r(1173.15, p) > r(1123.15, p) > 0
    assert r(1173.15, {**p, "H2O": 8e4}) > r(1173.15, p)


def test_h2_and_co_inhibit():
    kin = _kin()
    base = char.gasification_rate(kin, 1173.15, {"H2O": 5e4, "CO2": 2e4}, 0.2)
    inh = char.gasification_rate(kin, 1173.15, {"H2O": 5e4, "CO2": 2e4, "H2": 2e4, "CO": 2e4}, 0.2)
    assert inh["H2O"] < base["H2O"] and inh["CO2"] < base["CO2"]
    free = _kin(inhibit=False)
    assert char.gasification_rate(free, 1173.15, {"H2O": 5e4, "H2": 2e4}, 0.2)["H2O"] == \
        pytest.approx(char.gasification_rate(free, 1173.15, {"H2O": 5e4}, 0.2)["H2O"])


def test_no_gasifying_agent_no_rate():
    r = char.gasification_rate(_kin(), 1173.15, {"H2": 1e4, "CO": 1e4}, 0.5)
    assert r == {"H2O": 0.0, "CO2": 0.0}


@pytest.mark.parametrize("model", char.MODELS)
def test_conversion_time_matches_integrated_rate(model):
    kin = _kin(model)
    T, p = 1173.15, {"H2O": 5e4, "H2": 5e3, "CO2": 2e4}
    rhs = lambda t, x: [sum(char.gasification_rate(kin, T, p, min(x[0], 0.999999)).values())]
    t90 = char.conversion_time(kin, T, p, 0.9)
    sol = solve_ivp(rhs, (0, t90), [0.0], rtol=1e-10, atol=1e-12)
    assert sol.y[0, -1] == pytest.approx(0.9, abs=1e-6)
    assert char.conversion_time(kin, T, p, 0.5) < t90
    assert char.conversion_time(kin, T, p, 0.0) == 0.0


def test_random_pore_rate_peaks_inside_the_conversion_range():
    kin = _kin("random_pore")
    f = [char.structure_factor(kin, x) for x in np.linspace(0, 0.99, 100)]
    assert max(f) > f[0] and f[-1] < f[0] and all(math.isfinite(v) for v in f)


@pytest.mark.parametrize("args, match", [
    ((float("nan"), {"H2O": 1e4}, 0.1), "temperature"),
    ((1173.15, {"H2O": -1.0}, 0.1), "partial pressure"),
    ((1173.15, {"O2": 1.0}, 0.1), "not used"),
    ((1173.15, {"H2O": 1e4}, 1.0), r"\[0, 1\)"),
])
def test_bad_rate_inputs_are_refused(args, match):
    with pytest.raises(ValueError, match=match):
        char.gasification_rate(_kin(), *args)


def test_kinetics_need_sources_and_units():
    with pytest.raises(ValueError, match="source"):
        char.CharKinetics.from_dict({"name": "x", "k1": {"A": {"value": 1, "units": "1/(s Pa)"},
                                                         "E": {"value": 1, "units": "J/mol", "source": "s"}}})
    with pytest.raises(ValueError, match="units"):
        char.CharKinetics.from_dict({"name": "x", "k1": {"A": {"value": 1, "units": "1/s", "source": "s"},
                                                         "E": {"value": 1, "units": "J/mol", "source": "s"}}})
    with pytest.raises(ValueError, match="k1"):
        char.CharKinetics.from_dict({"name": "x"})


# --- carbon stripper -----------------------------------------------------------------------


def test_carbon_stripper_limits_and_monotonicity():
    eta = [char.carbon_stripper_efficiency(t, 100.0) for t in (0.0, 10.0, 100.0, 1e4)]
    assert eta[0] == 0.0 and eta[-1] == pytest.approx(1.0)
    assert all(a < b for a, b in zip(eta, eta[1:]))
    with pytest.raises(ValueError, match="tau"):
        char.carbon_stripper_efficiency(10.0, 0.0)
    with pytest.raises(ValueError, match="residence_time"):
        char.carbon_stripper_efficiency(-1.0, 10.0)
