"""Ni carrier (issue 13 item 3): Medrano et al. 2015 NiO kinetics and Xu & Froment 1989 steam reforming
on the reduced Ni in the bubbling bed; CO and H2 leave the fuel reactor."""

import dataclasses
import math

import numpy as np
import pytest

from clc import bubbling_bed as bb
from clc import carriers, config, gas, loop, thermo
from clc import reforming as rf_mod
from clc.constants import R
from cell_checks import assert_cell_jacobian_matches
from pathlib import Path

NI = "Medrano2015_NiO"
FR = bb.BedInput(carrier=NI, reacting_gases=("CH4", "CO", "H2"), T=1173.15, P=101325.0,
                 feed=gas.vector({"CH4": 3.74, "H2O": 1.0}), inventory=3000.0, solids_flow=20.0, x_in=0.1,
                 diameter=1.4, n_orifices=5000, d_p=150e-6, rho_p=4250.0, eps_mf=0.45, n_cells=10)
_, A = gas.element_matrix()


def test_medrano_rate_is_the_grain_model_under_chemical_control():
    # dX/dt = 3 b k C^n (1 - X)^(2/3) / (r0 CS) (the source's form without its product-layer term)
    T, C, X = 1173.15, 4.0, 0.3
    for g, k0, E, n, r0, cs, b in (("H2", 9.0e-4, 30e3, 0.60, 3.13e-8, 89960.0, 1.0),
                                   ("CO", 3.5e-3, 45e3, 0.65, 3.13e-8, 89960.0, 1.0),
                                   ("O2", 1.2e-3, 7e3, 0.90, 5.8e-7, 151200.0, 2.0)):
        k = k0 * math.exp(-E / (R * T))
        expected = 3.0 * b * k * C ** n * (1.0 - X) ** (2.0 / 3.0) / (r0 * cs)
        assert carriers.reaction_rate(NI, g, T, C, X) == pytest.approx(expected, rel=1e-12)
    c = carriers.load(NI)
    # R_OC of 0.40 kg NiO / kg: O of NiO
    assert c.R_OC == pytest.approx(0.40 * thermo.M_O / thermo.species("NiO").molar_mass, rel=1e-9)
    assert "CH4" not in c.reactions and set(c.reforming) == set(carriers.REFORMING_KEYS)


def _cell_args(inp, x_red, cell=3, rate_scale=1.0):
    p = bb.prepare(inp)
    kin_p, kin_idx, kin_nu, kin_o, kin_rev, kin_sign, a_b_arr, m_s_arr = p.arrays
    rf = p.reforming.copy()
    rf[rf_mod.RF_METAL] *= x_red * m_s_arr[cell]
    frac_b = p.lay["gas_in_bubbles"]
    fb, fe = inp.feed * frac_b, inp.feed * (1.0 - frac_b)
    nu = np.concatenate([gas.vector(gas.WGS), rf])
    args = (fe, fb, a_b_arr[cell], p.lay["c_tot"], fb.sum(), rate_scale, inp.T, kin_p, kin_idx, kin_nu, kin_o,
            kin_rev, p.wgs, p.k_wgs, nu, inp.feed.sum())
    return args, gas.N_SPECIES + (1 if p.wgs else 0), rf


def test_reforming_sources_are_xu_froment_rates():
    # the three rates written out from the file's constants and Cantera's equilibrium constants
    args, m, rf = _cell_args(FR, 0.3)
    c = carriers.load(NI).reforming
    T, c_tot = FR.T, args[3]
    P = c_tot * R * T / 1e5
    y = gas.vector({"CH4": 0.3, "H2O": 0.3, "CO": 0.05, "CO2": 0.15, "H2": 0.2})
    p = {s: P * y[gas.INDEX[s]] for s in ("CH4", "H2O", "CO", "CO2", "H2")}
    k = {i: c[f"k0_{i}"].value * math.exp(-c[f"E_{i}"].value / (R * T)) for i in (1, 2, 3)}
    K = {s: c[f"K0_{s}"].value * math.exp(-c[f"dH_{s}"].value / (R * T)) for s in ("CO", "H2", "CH4", "H2O")}
    atm = 101325.0 / 1e5
    K1 = thermo.Reaction("CH4 + H2O -> CO + 3 H2").K(T) * atm ** 2
    K2 = thermo.Reaction("CO + H2O -> CO2 + H2").K(T)
    K3 = thermo.Reaction("CH4 + 2 H2O -> CO2 + 4 H2").K(T) * atm ** 2
    den = 1 + K["CO"] * p["CO"] + K["H2"] * p["H2"] + K["CH4"] * p["CH4"] + K["H2O"] * p["H2O"] / p["H2"]
    r1 = k[1] / p["H2"] ** 2.5 * (p["CH4"] * p["H2O"] - p["H2"] ** 3 * p["CO"] / K1) / den ** 2
    r2 = k[2] / p["H2"] * (p["CO"] * p["H2O"] - p["H2"] * p["CO2"] / K2) / den ** 2
    r3 = k[3] / p["H2"] ** 3.5 * (p["CH4"] * p["H2O"] ** 2 - p["H2"] ** 4 * p["CO2"] / K3) / den ** 2
    src = np.zeros(gas.N_SPECIES)
    rf_mod._reforming.py_func(y, rf, c_tot, T, src, src, np.zeros((7, 7)), False)
    kg = rf[rf_mod.RF_METAL]
    assert src[gas.INDEX["CH4"]] == pytest.approx(-kg * (r1 + r3), rel=1e-12)
    assert src[gas.INDEX["CO"]] == pytest.approx(kg * (r1 - r2), rel=1e-12)
    assert src[gas.INDEX["H2"]] == pytest.approx(kg * (3 * r1 + r2 + 4 * r3), rel=1e-12)
    assert A @ src == pytest.approx(np.zeros(4), abs=1e-12 * np.abs(src).max())  # atoms kept
    # and the kernel agrees with its plain-Python body
    src_k = np.zeros(gas.N_SPECIES)
    rf_mod._reforming(y, rf, c_tot, T, src_k, src_k, np.zeros((7, 7)), False)
    np.testing.assert_allclose(src_k, src, rtol=1e-13)


def test_reforming_stops_at_equilibrium():
    # a gas at both the reforming and the shift equilibrium (Cantera's K): every rate vanishes
    args, m, rf = _cell_args(FR, 0.5)
    T, c_tot = FR.T, args[3]
    P = c_tot * R * T / 1e5
    y_ch4, y_h2o, y_co2, y_h2 = 0.05, 0.30, 0.10, 0.40
    K1, K2 = rf[rf_mod.RF_KEQ1], rf[rf_mod.RF_KEQ2]
    y_co = K1 * y_ch4 * y_h2o / (P ** 2 * y_h2 ** 3)
    y_co2 = K2 * y_co * y_h2o / y_h2  # shift equilibrium fixes CO2
    y = gas.vector({"CH4": y_ch4, "H2O": y_h2o, "CO": y_co, "CO2": y_co2, "H2": y_h2})
    src = np.zeros(gas.N_SPECIES)
    rf_mod._reforming.py_func(y, rf, c_tot, T, src, src, np.zeros((7, 7)), False)
    away = np.zeros(gas.N_SPECIES)
    rf_mod._reforming.py_func(gas.vector({"CH4": 0.3, "H2O": 0.3, "H2": 0.1}), rf, c_tot, T, away, away,
                          np.zeros((7, 7)), False)
    assert np.abs(src).max() < 1e-9 * np.abs(away).max()


@pytest.mark.parametrize("wgs", [True, False])
def test_cell_jacobian_with_reforming_equals_finite_differences(wgs):
    inp = dataclasses.replace(FR, wgs_equilibrium=wgs)
    rng = np.random.default_rng(11)
    for trial in range(15):
        args, m, _ = _cell_args(inp, rng.uniform(0.05, 1.0), cell=trial % 5, rate_scale=10 ** rng.uniform(-2, 2))
        x = rng.uniform(1e-3, 0.5, m)
        if trial % 3 == 0:
            x[gas.INDEX["H2"]] = 2e-4  # below the H2 floor
        if m > gas.N_SPECIES:
            x[-1] = rng.uniform(-0.1, 0.1)
        assert_cell_jacobian_matches(x, args, rtol_residual=1e-12, atol_residual=1e-15)


def test_cell_jacobian_reads_no_unset_work_array_slot():
    # the Newton work arrays are np.empty (_newton_work): the Jacobian must not read a slot it has not
    # set. With the shift, the work rows are one longer than the gas vector; NaN left in them must not
    # reach the Jacobian (it did through the reforming's loop over the row's length: a flaky failure
    # of the Ni bed's first cell, depending on what the heap held)
    args, m, _ = _cell_args(dataclasses.replace(FR, wgs_equilibrium=True), 0.5)
    assert m == gas.N_SPECIES + 1
    x = np.full(m, 0.1)
    x[-1] = 0.01
    jacs = []
    for fill in (0.0, np.nan, np.inf):
        out, jac = np.empty(m), np.empty((m, m))
        bb._cell_residual_jac(x, *args, out, jac, np.full((4, m), fill))
        assert np.isfinite(jac).all() and np.isfinite(out).all(), fill
        jacs.append(jac)
    np.testing.assert_array_equal(jacs[1], jacs[0])
    np.testing.assert_array_equal(jacs[2], jacs[0])


def test_fast_reforming_cell_solved_by_continuation_in_its_rate():
    # the first cell of a riser on fully reduced Ni: Newton from the inflow (no H2) fails, the
    # continuation in the reforming rate (_cell_newton_ramp) reaches the root; kernel == twin
    inp = dataclasses.replace(FR, regime="riser", riser_height=3.0)
    args, m, _ = _cell_args(inp, 1.0, cell=0, rate_scale=0.0)
    assert args[4] == 0.0  # a riser cell: no bubbles
    x0 = np.append(inp.feed / inp.feed.sum(), 0.0)
    work = bb._newton_work(m)
    assert not bb._cell_newton_ws(x0, args, work, 1e-13, 100, False)[1]
    assert not bb._cell_newton_ws(x0, args, work, 1e-13, bb.POSITIVE_MAX_ITER, True)[1]
    x, ok = bb._cell_newton(x0, args)
    assert ok
    res = np.empty(m)
    bb._cell_residual(x, *args, res)
    assert np.max(np.abs(res)) < bb.RAMP_TOL
    xt, okt = bb._cell_scipy(x0, args)
    assert okt
    np.testing.assert_allclose(xt[:gas.N_SPECIES], x[:gas.N_SPECIES], rtol=1e-8, atol=1e-12)
    assert x[gas.INDEX["H2"]] > 0.1 and x[gas.INDEX["CO"]] > 0.01  # reformed
    assert args[14][gas.N_SPECIES + rf_mod.RF_METAL] > 0.0  # the metal restored after the continuation


def test_ni_bed_kernel_equals_twin_and_balances_close():
    # (bubbling only: a Ni riser FR does not converge, see the note: the fractional orders of the set
    # against the NiO/Ni equilibrium floor its cells' residuals above the Newton tolerance)
    inp = FR
    r = bb.solve(inp)
    t = bb.solve(inp, use_twin=True)
    np.testing.assert_allclose(r.outlet, t.outlet, rtol=1e-9, atol=1e-12 * inp.feed.sum())
    assert r.x_out == pytest.approx(t.x_out, rel=1e-9)
    d = A @ (r.outlet - inp.feed)
    scale = A @ inp.feed
    assert abs(d[0]) < 1e-9 * scale[0] and abs(d[1]) < 1e-9 * scale[1]
    assert d[2] == pytest.approx(r.oxygen_to_gas, rel=1e-9)
    # the solids' O balance: what the gas gained the solids lost
    o_solids = (r.x_out - inp.x_in) * inp.solids_flow * carriers.load(NI).R_OC / thermo.M_O
    assert r.oxygen_to_gas == pytest.approx(o_solids, rel=1e-9)
    assert np.all(r.outlet >= 0.0)


def test_co_and_h2_leave_with_reforming_and_vanish_without():
    on = bb.solve(FR)
    off = bb.solve(dataclasses.replace(FR, reforming_factor=0.0))
    i = gas.INDEX
    f_in = FR.feed.sum()
    assert on.outlet[i["CO"]] > 1e-3 * f_in and on.outlet[i["H2"]] > 1e-3 * f_in
    assert on.outlet[i["CH4"]] < 0.5 * FR.feed[i["CH4"]]
    # no reforming: no direct CH4 step in the set, so nothing reacts and the solids leave as they came
    assert off.outlet[i["CO"]] == 0.0 and off.outlet[i["H2"]] == 0.0
    assert off.outlet[i["CH4"]] == pytest.approx(FR.feed[i["CH4"]], rel=1e-12)
    assert off.x_out == pytest.approx(FR.x_in, abs=1e-12)
    # half the catalyst: less CH4 reformed
    half = bb.solve(dataclasses.replace(FR, reforming_factor=0.5))
    assert on.outlet[i["CH4"]] < half.outlet[i["CH4"]] < off.outlet[i["CH4"]]
    with pytest.raises(ValueError, match="reforming_factor"):
        bb.solve(dataclasses.replace(FR, reforming_factor=-1.0))


def test_ni_converts_more_ch4_than_ilmenite_at_equal_conditions():
    # literature ordering: Ni carriers convert CH4 far better than ilmenite (e.g. Adanez et al.,
    # Prog. Energy Combust. Sci. 38 (2012) 215, review)
    i = gas.INDEX["CH4"]
    ni = bb.solve(FR)
    il = bb.solve(dataclasses.replace(FR, carrier="Abad2011_ilmenite_activated"))
    x_ni = 1 - ni.outlet[i] / FR.feed[i]
    x_il = 1 - il.outlet[i] / FR.feed[i]
    assert x_ni > x_il


def test_ni_example_unit_converges_and_reports_co_h2_losses():
    u = config.load(Path(config.__file__).parent / "examples" / "ni_10kw_methane.toml")
    r = loop.solve(u)
    assert r.max_balance_residual < 1e-9
    i = gas.INDEX
    fr_out = r.fuel_reactor.outlet
    assert fr_out[i["CO"]] > 0.0 and fr_out[i["H2"]] > 0.0
    # with CO and H2 in the FR gas the combustion efficiency and CO2 yield sit below the CH4 conversion
    x_ch4 = r.fuel_conversion["CH4"]
    assert 0.0 < r.combustion_efficiency < x_ch4 and 0.0 < r.co2_yield < x_ch4
    labels = [k for k in r.figures]
    assert "combustion efficiency" in labels and "CO2 yield" in labels


def test_ni_prepared_solves_equal_cold_solves():
    # the fixed point on the reduced fraction lands on the same state warm-started or cold
    prep = bb.prepare(FR)
    for x in (0.1, 0.4, 0.2):
        warm = bb.solve(dataclasses.replace(FR, x_in=x), prepared=prep)
        cold = bb.solve(dataclasses.replace(FR, x_in=x))
        np.testing.assert_allclose(warm.outlet, cold.outlet, rtol=1e-9, atol=1e-13)
        assert warm.x_out == pytest.approx(cold.x_out, rel=1e-9)
        assert warm.x_out > x  # the solids are reduced


def test_ni_on_ch4_in_a_fuel_reactor_without_reforming_is_refused():
    # the three-phase KL bed has no reforming: CH4 would pass unburnt, so the unit is refused by name
    u = config.load(Path(config.__file__).parent / "examples" / "ni_10kw_methane.toml")
    kl = dataclasses.replace(u, fuel_reactor=dataclasses.replace(u.fuel_reactor, regime="kunii_levenspiel"))
    with pytest.raises(ValueError, match=r"fuel_reactor\.type='kunii_levenspiel'.*steam reforming"):
        loop.solve(kl)
