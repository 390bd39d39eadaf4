"""Solid fuel in the loop: char balance, carbon balance with char to the AR, trends the issue names.

The char gasification constants below are TEST INPUTS chosen to give char conversions in the
middle of (0, 1); they are not a published set and are never shipped.
"""

import copy
import math
import tomllib

import numpy as np
import pytest

from clc import config, gas, loop, metrics, solid_fuel, thermo
from clc import solid_fuel_reactor as sfr

TEST_KINETICS = {
    "name": "test input (not a published set)",
    "k1": {"A": {"value": 1e5, "units": "1/(s bar)", "source": "test input"},
           "E": {"value": 180, "units": "kJ/mol", "source": "test input"}},
    "k2": {"A": {"value": 1.0, "units": "1/bar", "source": "test input"},
           "E": {"value": 0, "units": "kJ/mol", "source": "test input"}},
    "k4": {"A": {"value": 1e4, "units": "1/(s bar)", "source": "test input"},
           "E": {"value": 180, "units": "kJ/mol", "source": "test input"}},
}


def solid_doc(**changes) -> dict:
    doc = tomllib.loads(config.example_path().read_text())
    doc["fuel"] = {"type": "solid", "name": "Vorres1990_BeulahZap_lignite",
                   "volatiles": {"closing": ["CO", "H2", "CH4"], "bypass": 0.1},
                   "char_kinetics": copy.deepcopy(TEST_KINETICS)}
    doc["fuel_reactor"]["steam"] = "20 mol/s"
    doc["fuel_reactor"].pop("adiabatic", None)  # held at its 900 degC (the gas example solves it adiabatically)
    doc["carbon_stripper"] = {"efficiency": 0.9}
    for path, value in changes.items():
        *head, last = path.split(".")
        d = doc
        for k in head:
            d = d[k]
        if value is None:
            d.pop(last, None)
        else:
            d[last] = value
    return doc


@pytest.fixture(scope="module")
def base():
    return loop.solve(config.from_dict(solid_doc()))


def test_char_balance_closed_form():
    # k = 0.003, k_out = 0.001, eta = 0.5: chi = 0.003 / (0.003 + 0.0005) = 6/7
    b = sfr.char_balance(2.0, 0.002, 0.001, 0.001, 0.5)
    assert b.conversion == pytest.approx(6.0 / 7.0, rel=1e-14)
    assert b.gasified_h2o + b.gasified_co2 + b.to_air_reactor == pytest.approx(2.0, rel=1e-14)
    assert b.gasified_h2o == pytest.approx(2.0 * b.gasified_co2, rel=1e-14)
    # held carbon x leaving rate constant = what leaves
    assert b.inventory / sfr.M_C * 0.003 == pytest.approx(b.gasified_h2o + b.gasified_co2, rel=1e-14)


def test_char_balance_bad_input():
    with pytest.raises(ValueError, match="eta"):
        sfr.char_balance(1.0, 0.1, 0.0, 0.01, 1.0)
    with pytest.raises(ValueError, match="k_out"):
        sfr.char_balance(1.0, 0.1, 0.0, 0.0, 0.5)


def test_formation_enthalpy_gives_the_lhv():
    # burning the fuel to CO2, H2O vapour (incl. moisture) and SO2 releases its LHV
    f = solid_fuel.load("Vorres1990_Illinois6_bituminous")
    n = f.element_moles("ar")
    products = n["C"] * thermo.h("CO2", 298.15) + n["H"] / 2 * thermo.h("H2O", 298.15) + n["S"] * thermo.h("SO2", 298.15)
    assert sfr.formation_enthalpy(f) - products == pytest.approx(f.lhv("ar"), rel=1e-9)


def test_balances_close_with_char_to_air_reactor(base):
    for el in ("C", "H", "O", "N", "Fe", "Ti"):
        assert abs(base.balances[el]) < 1e-9, el
    assert abs(base.balances["energy"]) < 1e-9
    assert base.char.to_air_reactor > 0
    # every carbon atom leaves as FR gas, AR gas (the char burnt there) or nothing else
    ff = sfr.fuel_feed(base.unit.solid_fuel, base.unit.thermal_power)
    c_ar = sum(base.air_reactor.outlet[gas.INDEX[s]] for s in ("CO2", "CO", "CH4"))
    assert c_ar == pytest.approx(base.char.to_air_reactor, rel=1e-12)
    capture = base.figures["CO2 capture efficiency"][0]
    assert capture == pytest.approx(1.0 - base.char.to_air_reactor / ff.elements["C"], rel=1e-9)


def test_figures_are_physical(base):
    f = {k: v for k, (v, _) in base.figures.items()}
    for k in ("combustion efficiency", "CO2 capture efficiency", "char conversion in FR", "oxygen demand",
              "CO2 yield", "CO2 purity (dry FR gas)"):
        assert 0.0 < f[k] < 1.0, k
    assert f["oxygen demand"] == pytest.approx(
        f["oxygen demand of bypassing volatiles"] + f["oxygen demand of gas leaving the bed"], rel=1e-12)
    assert all(math.isfinite(v) for v in f.values() if isinstance(v, float))


def test_capture_falls_without_stripper(base):
    no_stripper = loop.solve(config.from_dict(solid_doc(carbon_stripper=None)))
    assert no_stripper.figures["CO2 capture efficiency"][0] < base.figures["CO2 capture efficiency"][0] - 0.05
    assert no_stripper.figures["char conversion in FR"][0] < base.figures["char conversion in FR"][0]


def test_capture_falls_with_shorter_char_residence_time(base):
    # half the FR inventory at the same circulation: the char leaves the FR twice as fast
    short = loop.solve(config.from_dict(solid_doc(**{"fuel_reactor.inventory": "1000 kg/MWth"})))
    assert short.figures["CO2 capture efficiency"][0] < base.figures["CO2 capture efficiency"][0]


def test_oxygen_demand_rises_with_volatile_bypass(base):
    more = loop.solve(config.from_dict(solid_doc(**{"fuel.volatiles.bypass": 0.5})))
    assert more.figures["oxygen demand"][0] > base.figures["oxygen demand"][0]
    assert more.figures["oxygen demand of bypassing volatiles"][0] == pytest.approx(
        5.0 * base.figures["oxygen demand of bypassing volatiles"][0], rel=1e-12)


def test_gasification_products_through_the_bed(base):
    # the char sees the emulsion, and its rate there is what the char balance used
    u = base.unit
    w = 1.0 - base.fuel_reactor.hydro["bubble_fraction"]
    p = u.pressure * (w @ base.fuel_reactor.y_emulsion) / w.sum()
    r = sfr.gasification_rates(u.solid_fuel.char_kinetics, u.fuel_reactor.temperature, p)
    k_out = u.solids_circulation / u.fuel_reactor.inventory
    chi = sum(r) / (sum(r) + (1 - u.solid_fuel.stripper_efficiency) * k_out)
    assert base.char.conversion == pytest.approx(chi, rel=1e-7)
    assert metrics.o2_demand(base.fuel_reactor.outlet) > 0


@pytest.mark.parametrize("path, value, match", [
    ("fuel.volatiles.bypass", 1.5, "fuel.volatiles.bypass"),
    ("fuel.name", "no such coal", "fuel.name"),
    ("fuel.char_kinetics", "no such set", "char kinetics"),
    ("carbon_stripper.efficiency", -0.1, "carbon_stripper.efficiency"),
    ("fuel.type", "liquid", "fuel.type"),
    ("fuel.volatiles.closing", ["CO", "H2"], "closing"),
])
def test_bad_solid_fuel_input(path, value, match):
    with pytest.raises(ValueError, match=match):
        config.from_dict(solid_doc(**{path: value}))


def test_user_fuel_analysis_not_summing_to_100():
    bad = {"name": "bad coal", "proximate": {"basis": "ar", "moisture": "8 %", "ash": "10 %",
                                             "volatiles": "30 %", "fixed_carbon": "60 %"},
           "ultimate": {"basis": "daf", "C": "80 %", "H": "5 %", "O": "12 %", "N": "1.5 %", "S": "1.5 %"}}
    doc = solid_doc()
    doc["fuel"].pop("name")
    doc["fuel"]["analysis"] = bad
    with pytest.raises(ValueError, match="proximate"):
        config.from_dict(doc)


def test_gas_fuel_unchanged_by_solid_path():
    gas_unit = loop.solve(config.load())
    assert "char conversion in FR" not in gas_unit.figures
    assert np.isclose(gas_unit.figures["oxygen demand"][0],
                      metrics.oxygen_demand(gas_unit.feeds["fuel_reactor"] - gas.vector(gas_unit.unit.fuel_reactor.extra_feed),
                                            gas_unit.fuel_reactor.outlet), rtol=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_conservation_on_sampled_solid_fuel_units(seed):
    rng = np.random.default_rng(seed)
    doc = solid_doc(**{
        "fuel.volatiles.bypass": float(rng.uniform(0.0, 0.6)),
        "carbon_stripper.efficiency": float(rng.uniform(0.0, 0.98)),
        "fuel_reactor.steam": f"{rng.uniform(10.0, 40.0):.3f} mol/s",
        "fuel_reactor.inventory": f"{rng.uniform(800.0, 3000.0):.1f} kg/MWth",
        "fuel_reactor.temperature": f"{rng.uniform(880.0, 940.0):.1f} degC",
        "solids_circulation": f"{rng.uniform(10.0, 60.0):.2f} kg/s",
    })
    r = loop.solve(config.from_dict(doc))
    for name, value in r.balances.items():
        assert abs(value) < 1e-9, name
    f = {k: v for k, (v, _) in r.figures.items()}
    assert 0.0 <= f["char conversion in FR"] <= 1.0 and 0.0 < f["CO2 capture efficiency"] <= 1.0
    assert all(math.isfinite(v) for v in f.values() if isinstance(v, float))


def test_random_pore_char_converts_more_and_keeps_the_balances(base):
    # same initial rates, but a random pore char's rate per remaining carbon rises with conversion
    # (f(X)/(1 - X) = sqrt(1 - psi ln(1 - X)) >= 1), so more of it is gasified in the same bed
    kin = copy.deepcopy(TEST_KINETICS) | {"model": "random_pore", "psi": {"value": 2.43, "source": "test input"}}
    rp = loop.solve(config.from_dict(solid_doc(**{"fuel.char_kinetics": kin})))
    for el in ("C", "H", "O", "N", "Fe", "Ti"):
        assert abs(rp.balances[el]) < 1e-9, el
    assert abs(rp.balances["energy"]) < 1e-9
    assert rp.char.conversion > base.char.conversion
    assert rp.figures["CO2 capture efficiency"][0] > base.figures["CO2 capture efficiency"][0]


def test_a_provisional_set_is_reported_in_the_run(base):
    assert not any("char kinetics" in w for w in base.warnings)
    run = loop.solve(config.from_dict(solid_doc(**{"fuel.char_kinetics": "WatanabeOtaka2006_bituminous_char"})))
    notes = [w for w in run.warnings if "char kinetics WatanabeOtaka2006_bituminous_char" in w]
    assert notes and "extrapolated" in notes[0] and "provisional" in notes[0]
