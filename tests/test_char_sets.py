"""Shipped char gasification sets, reaction orders, the volume and random pore models, and the char
balance of a perfectly mixed bed over its residence-time distribution."""

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from clc import char
from clc import solid_fuel_reactor as sfr

SRC = {"source": "test input (not a published set)"}


def kin(**doc):
    base = {"name": "test input",
            "k4": {"A": {"value": 1.0, "units": "1/(s Pa)", **SRC}, "E": {"value": 0, "units": "J/mol", **SRC}}}
    return char.CharKinetics.from_dict(base | doc)


def test_shipped_sets_reproduce_the_rates_their_sources_give():
    # Hamel 2001: 4.8e-3, 8.7e-3, 1.5e-2 1/s at 1 bar CO2 and 1123, 1173, 1223 K (data-found.md 1A [calc])
    hamel = char.load("Hamel2001_rhenish_lignite_char_CO2")
    for T, r in ((1123.0, 4.8e-3), (1173.0, 8.7e-3), (1223.0, 1.5e-2)):
        assert char.initial_rates(hamel, T, {"CO2": 1e5})["CO2"] == pytest.approx(r, rel=0.03)
    assert hamel.orders == (1.0, 0.45) and hamel.model == "random_pore" and hamel.psi == 2.43
    # Watanabe & Otaka 2006: k at 0.1 MPa and 1173 K is 4.0e-4 (H2O) and 8.2e-5 (CO2) 1/s
    wo = char.load("WatanabeOtaka2006_bituminous_char")
    r = char.initial_rates(wo, 1173.0, {"H2O": 1e5, "CO2": 1e5})
    assert r["H2O"] == pytest.approx(4.0e-4, rel=0.01) and r["CO2"] == pytest.approx(8.2e-5, rel=0.01)


def test_every_shipped_set_names_its_sources_and_measured_range():
    for name in char.list_sets():
        k = char.load(name)
        assert k.measured_T_range is not None
        assert all(": " in s and len(s.split(": ", 1)[1]) > 10 for s in k.sources)


def test_extrapolation_and_provisional_are_reported():
    hamel = char.load("Hamel2001_rhenish_lignite_char_CO2")
    assert hamel.extrapolation(1173.0) == ""
    assert "outside the 800-950 degC" in hamel.extrapolation(1233.15)
    wo = char.load("WatanabeOtaka2006_bituminous_char")
    assert "provisional" in wo.extrapolation(1400.0) and "extrapolated" not in wo.extrapolation(1400.0)


def test_pressure_units_of_an_nth_order_constant():
    # k p^n is the same whatever pressure unit the constant is given in
    a = kin(k4={"A": {"value": 2.0, "units": "1/(s MPa^n)", **SRC}, "E": {"value": 0, "units": "J/mol", **SRC},
                "n": {"value": 0.6, **SRC}})
    b = kin(k4={"A": {"value": 2.0 * 1e-6 ** 0.6 / 1e-5 ** 0.6, "units": "1/(s bar^n)", **SRC},
                "E": {"value": 0, "units": "J/mol", **SRC}, "n": {"value": 0.6, **SRC}})
    p = {"CO2": 3.0e4}
    expected = 2.0 * 0.03 ** 0.6
    assert char.initial_rates(a, 1000.0, p)["CO2"] == pytest.approx(expected, rel=1e-12)
    assert char.initial_rates(b, 1000.0, p)["CO2"] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("edit,match", [
    ({"k4": {"A": {"value": 1.0, "units": "1/(s MPa)", **SRC}, "E": {"value": 0, "units": "J/mol", **SRC},
             "n": {"value": 0.5, **SRC}}}, r"first order but the order is n=0.5"),
    ({"k4": {"A": {"value": 1.0, "units": "1/(s psi^n)", **SRC}, "E": {"value": 0, "units": "J/mol", **SRC}}},
     r"units '1/\(s psi\^n\)' not understood"),
    ({"k4": {"A": {"value": 1.0, "units": "1/(s Pa)", **SRC}, "E": {"value": 0, "units": "J/mol", **SRC},
             "n": {"value": 3.0, **SRC}}}, r"k4.n=3.0 must lie in \(0, 2\]"),
    ({"m": {"value": 0.5, **SRC}, "model": "random_pore", "psi": {"value": 1.0, **SRC}}, "belongs to the volume model"),
    ({"m": {"value": 0.5}}, r"m: needs \{value, source\}"),
    ({"measured_T_range": {"min": 1200, "max": 1100, **SRC}}, "must be increasing"),
])
def test_bad_set_entries_name_the_field(edit, match):
    with pytest.raises(ValueError, match=match):
        kin(**edit)


@pytest.mark.parametrize("doc", [
    {"m": {"value": 0.57, **SRC}},
    {"m": {"value": 1.4, **SRC}},
    {"model": "random_pore", "psi": {"value": 2.43, **SRC}},
])
def test_remaining_is_the_solution_of_the_rate_equation(doc):
    k = kin(**doc)
    r0 = 1e-3
    sol = solve_ivp(lambda t, x: [r0 * char.structure_factor(k, min(x[0], 1 - 1e-15))], (0, 600.0), [0.0],
                    rtol=1e-11, atol=1e-13, dense_output=True)
    for t in (10.0, 100.0, 300.0, 600.0):
        assert char.remaining(k, r0, t) == pytest.approx(1.0 - sol.sol(t)[0], rel=1e-7)


@pytest.mark.parametrize("doc", [
    {},
    {"m": {"value": 0.57, **SRC}},
    {"model": "random_pore", "psi": {"value": 2.43, **SRC}},
])
def test_unconverted_fraction_is_the_mean_over_the_exponential_residence_time(doc):
    k = kin(**doc)
    r0, k_exit = 2e-3, 1e-3
    # Monte Carlo-free check: a fine trapezoid over the residence-time density
    t = np.linspace(0.0, 40.0 / k_exit, 400001)
    f = k_exit * np.exp(-k_exit * t) * np.array([char.remaining(k, r0, ti) for ti in t])
    assert char.unconverted_fraction(k, r0, k_exit) == pytest.approx(np.trapezoid(f, t), rel=1e-6)
    if not doc:
        assert char.unconverted_fraction(k, r0, k_exit) == pytest.approx(k_exit / (k_exit + r0), rel=1e-14)


def test_random_pore_with_psi_zero_is_first_order():
    a = kin(model="random_pore", psi={"value": 0.0, **SRC})
    assert char.unconverted_fraction(a, 2e-3, 1e-3) == pytest.approx(1.0 / 3.0, rel=1e-14)


def test_char_balance_closes_and_follows_the_structure_of_the_char():
    # a char whose reactivity rises with conversion (random pore, psi > 2) converts more in the
    # same bed than a first-order char with the same initial rate; a shrinking-core-like volume
    # model (m < 1) also burns out faster at the end
    F_C, r_h2o, r_co2, k_out, eta = 2.0, 1.5e-3, 0.5e-3, 1e-2, 0.9
    first = sfr.char_balance(F_C, r_h2o, r_co2, k_out, eta)
    for doc in ({"model": "random_pore", "psi": {"value": 2.43, **SRC}}, {"m": {"value": 0.57, **SRC}}):
        b = sfr.char_balance(F_C, r_h2o, r_co2, k_out, eta, kin(**doc))
        assert b.gasified_h2o + b.gasified_co2 + b.to_air_reactor == pytest.approx(F_C, rel=1e-12)
        assert b.gasified_h2o / b.gasified_co2 == pytest.approx(r_h2o / r_co2, rel=1e-12)
        # the char leaving the FR for the AR is the hold-up times its exit rate constant
        assert b.to_air_reactor == pytest.approx((1 - eta) * k_out * b.inventory / sfr.M_C, rel=1e-12)
        assert b.conversion > first.conversion
    # first order through the general path equals the closed form
    same = sfr.char_balance(F_C, r_h2o, r_co2, k_out, eta, kin())
    assert same == first
    assert math.isclose(first.conversion, 2e-3 / (2e-3 + 1e-3))


def test_a_reactivity_factor_scales_both_gasification_rates_and_is_reported():
    """``{set, reactivity_factor}``: the rates at any T and gas are the set's times the factor
    (orders, activation energies and inhibition kept), and the scaled set says it is provisional."""
    base = char.load("WatanabeOtaka2006_bituminous_char")
    doc = {"set": base.name, "reactivity_factor": 2.5, "reactivity_factor_source": "test input"}
    scaled = char.CharKinetics.from_dict(doc)
    for T in (1123.0, 1223.0):
        p = {"H2O": 4e4, "CO2": 2e4, "H2": 1e4, "CO": 5e3}
        r0, r1 = char.initial_rates(base, T, p), char.initial_rates(scaled, T, p)
        assert r1["H2O"] == pytest.approx(2.5 * r0["H2O"], rel=1e-12)
        assert r1["CO2"] == pytest.approx(2.5 * r0["CO2"], rel=1e-12)
    assert np.array_equal(scaled.E, base.E) and scaled.orders == base.orders
    assert "reactivity factor 2.5 (test input)" in scaled.extrapolation(1223.0)
    same = char.CharKinetics.from_dict({"set": base.name})  # factor 1: the set itself
    assert same.name == base.name and np.array_equal(same.A, base.A) and same.provisional == base.provisional


@pytest.mark.parametrize("doc, match", [
    ({"set": "WatanabeOtaka2006_bituminous_char", "reactivity_factor": 2.0}, "reactivity_factor_source"),
    ({"set": "WatanabeOtaka2006_bituminous_char", "reactivity_factor": 0.0, "reactivity_factor_source": "x"},
     "outside the allowed range"),
    ({"set": "WatanabeOtaka2006_bituminous_char", "reactivity_factor": "2"}, "must be a number"),
    ({"set": "WatanabeOtaka2006_bituminous_char", "factor": 2.0}, "unknown key beside 'set'"),
    ({"set": "no such set"}, "not a shipped set"),
])
def test_bad_reactivity_factor_tables_name_the_field(doc, match):
    with pytest.raises(ValueError, match=match):
        char.CharKinetics.from_dict(doc)
