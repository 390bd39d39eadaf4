"""Bubbling-bed reactor: twins, element balances, monotonic limits, thermodynamic limits, errors."""

import dataclasses
import math

import numpy as np
import pytest

from clc import bubbling_bed as bb
from clc import gas, thermo
from clc import population as pop
from cell_checks import assert_cell_jacobian_matches

FR = bb.BedInput(carrier="Abad2011_ilmenite_activated", reacting_gases=("CH4", "CO", "H2"), T=1173.15,
                 P=101325.0, feed=gas.vector({"CH4": 3.74, "H2O": 1.0}), inventory=3000.0, solids_flow=20.0,
                 x_in=0.1, diameter=1.4, n_orifices=5000, d_p=150e-6, rho_p=4250.0, eps_mf=0.45, n_cells=10)
_, A = gas.element_matrix()
M_O = 0.015999


def _solids_o(inp, res):
    """mol O/s the solids gave up, from the population balance."""
    from clc import carriers
    return (res.x_out - inp.x_in) * inp.solids_flow * carriers.load(inp.carrier).R_OC / M_O


@pytest.mark.parametrize("wgs", [True, False])
@pytest.mark.parametrize("regime", ["bubbling", "riser"])
def test_element_balances_close(wgs, regime):
    inp = dataclasses.replace(FR, wgs_equilibrium=wgs, regime=regime, riser_height=3.0,
                              feed=gas.vector({"CH4": 2.0, "CO": 1.0, "H2": 1.0, "H2O": 1.0, "N2": 0.5}))
    res = bb.solve(inp)
    d = A @ (res.outlet - inp.feed)  # C, H, O, N gained by the gas
    assert abs(d[0]) < 1e-10 * inp.feed.sum() and abs(d[1]) < 1e-10 * inp.feed.sum()
    assert abs(d[3]) < 1e-12 * inp.feed.sum()
    assert d[2] == pytest.approx(_solids_o(inp, res), rel=1e-9)
    assert d[2] == pytest.approx(res.oxygen_to_gas, rel=1e-9)
    assert np.all(res.outlet >= 0) and np.all(np.isfinite(res.y_bubble)) and np.all(np.isfinite(res.y_emulsion))


def test_air_reactor_takes_oxygen_from_air():
    inp = dataclasses.replace(FR, reacting_gases=("O2",), feed=gas.vector({"O2": 8.0, "N2": 30.0}), x_in=0.5,
                              diameter=1.2, regime="riser", riser_height=10.0)
    res = bb.solve(inp)
    d = A @ (res.outlet - inp.feed)
    assert d[2] < 0 and d[2] == pytest.approx(-_solids_o(inp, res), rel=1e-9)
    assert res.outlet[gas.INDEX["N2"]] == pytest.approx(30.0, rel=1e-12)


def test_newton_cell_solver_equals_scipy_twin():
    carrier, kin, fp = bb._kinetics(FR)
    lay = bb._layout(FR)
    k_wgs = gas.wgs_equilibrium_constant(FR.T)
    for g in (0.3, 1.5):
        a = bb._march(FR, lay, kin, g, carrier.R_OC, k_wgs, cell_solver=bb._cell_newton)
        b = bb._march(FR, lay, kin, g, carrier.R_OC, k_wgs, cell_solver=bb._cell_scipy)
        np.testing.assert_allclose(a[0], b[0], rtol=1e-8, atol=1e-12 * FR.feed.sum())
        assert a[3] == pytest.approx(b[3], rel=1e-8)


def test_more_inventory_never_lowers_fuel_conversion():
    conv = []
    for w in (500.0, 1500.0, 3000.0, 6000.0):
        res = bb.solve(dataclasses.replace(FR, inventory=w))
        conv.append(1 - res.outlet[gas.INDEX["CH4"]] / FR.feed[gas.INDEX["CH4"]])
    assert all(b >= a - 1e-12 for a, b in zip(conv, conv[1:])), conv
    assert conv[-1] > conv[0]


def test_h2_conversion_stays_below_the_thermodynamic_limit():
    # plenty of fresh carrier and perfect contact: H2 burns up to, not past, the Fe2TiO5/FeTiO3 limit
    # (20 t in a 10 m x 1.2 m riser: solids volume fraction 0.42, below 1 - eps_mf)
    inp = dataclasses.replace(FR, feed=gas.vector({"H2": 1.0, "N2": 1.0}), inventory=20000.0, x_in=0.0,
                              regime="riser", riser_height=10.0, solids_flow=50.0, diameter=1.2)
    res = bb.solve(inp)
    conv = 1 - res.outlet[gas.INDEX["H2"]] / 1.0
    limit = thermo.gas_conversion_limit("H2 + Fe2TiO5 + TiO2 -> 2 FeTiO3 + H2O", inp.T)
    assert conv <= limit + 1e-9
    assert conv > 0.99 * limit


def test_water_gas_shift_is_at_equilibrium_in_the_emulsion():
    inp = dataclasses.replace(FR, feed=gas.vector({"CO": 1.0, "H2O": 2.0, "N2": 1.0}))
    res = bb.solve(inp)
    y = res.y_emulsion[-1]
    ratio = y[gas.INDEX["CO2"]] * y[gas.INDEX["H2"]] / (y[gas.INDEX["CO"]] * y[gas.INDEX["H2O"]])
    assert ratio == pytest.approx(gas.wgs_equilibrium_constant(inp.T), rel=1e-6)


def test_bad_inputs():
    with pytest.raises(ValueError, match="not fluidised"):
        bb.solve(dataclasses.replace(FR, diameter=20.0))
    with pytest.raises(ValueError, match=r"eps_mf=1.2 must lie in \(0, 1\)"):
        bb.solve(dataclasses.replace(FR, eps_mf=1.2))
    with pytest.raises(ValueError, match=r"x_in=1.5 must lie in \[0, 1\]"):
        bb.solve(dataclasses.replace(FR, x_in=1.5))
    with pytest.raises(ValueError, match="feed="):
        bb.solve(dataclasses.replace(FR, feed=-FR.feed))
    with pytest.raises(ValueError, match="outside the range of carrier"):
        bb.solve(dataclasses.replace(FR, T=1400.0))
    with pytest.raises(ValueError, match="riser_height"):
        bb.solve(dataclasses.replace(FR, regime="riser"))


@pytest.mark.parametrize("regime", ["bubbling", "riser"])
def test_numba_solve_equals_numpy_scipy_twin(regime):
    inp = dataclasses.replace(FR, regime=regime, riser_height=3.0,
                              feed=gas.vector({"CH4": 2.0, "CO": 0.5, "H2": 0.5, "H2O": 1.0}))
    a = bb.solve(inp)
    b = bb.solve(inp, use_twin=True)
    np.testing.assert_allclose(a.outlet, b.outlet, rtol=1e-8, atol=1e-12 * inp.feed.sum())
    assert a.x_out == pytest.approx(b.x_out, rel=1e-9)
    np.testing.assert_allclose(a.y_emulsion, b.y_emulsion, atol=1e-9)


def test_cells_hold_the_inventory():
    lay = bb._layout(FR)
    assert sum(c[4] for c in lay["cells"]) == pytest.approx(FR.inventory, rel=1e-9)
    assert lay["height"] > lay["h_mf"]  # bubbles expand the bed


# --- numba kernels of the solve and their references ---------------------------------------------


def _cell_args(inp, cell=3, rate_scale=1.0):
    p = bb.prepare(inp)
    kin_p, kin_idx, kin_nu, kin_o, kin_rev, kin_sign, a_b_arr, m_s_arr = p.arrays
    frac_b = p.lay["gas_in_bubbles"]
    fb, fe = inp.feed * frac_b, inp.feed * (1.0 - frac_b)
    args = (fe, fb, a_b_arr[cell], p.lay["c_tot"], fb.sum(), rate_scale, inp.T, kin_p, kin_idx, kin_nu, kin_o,
            kin_rev, p.wgs, p.k_wgs, gas.vector(gas.WGS), inp.feed.sum())
    return args, gas.N_SPECIES + (1 if p.wgs else 0)


AR = dataclasses.replace(FR, reacting_gases=("O2",), feed=gas.vector({"O2": 8.0, "N2": 30.0}), x_in=0.5)


@pytest.mark.parametrize("inp", [
    FR, dataclasses.replace(FR, wgs_equilibrium=False), dataclasses.replace(FR, regime="riser", riser_height=3.0),
    dataclasses.replace(FR, feed=gas.vector({"CH4": 2.0, "CO": 0.5, "H2": 0.5, "H2O": 1.0, "CO2": 0.3})),
    AR, dataclasses.replace(AR, regime="riser", riser_height=10.0),
], ids=["fr", "fr-no-wgs", "fr-riser", "fr-mixed-fuel", "ar", "ar-riser"])
def test_analytic_cell_jacobian_equals_finite_differences_of_the_residual(inp):
    # reference: central differences of the plain-Python residual (_cell_residual.py_func)
    rng = np.random.default_rng(7)
    for trial in range(20):
        args, m = _cell_args(inp, cell=trial % 5, rate_scale=10 ** rng.uniform(-2, 2))
        x = rng.uniform(1e-3, 0.5, m)
        if m > gas.N_SPECIES:
            x[-1] = rng.uniform(-0.1, 0.1)
        assert_cell_jacobian_matches(x, args, rtol_residual=1e-13, atol_residual=1e-16)


def test_in_place_linear_solve_equals_numpy():
    rng = np.random.default_rng(3)
    for m in (1, 4, 8):
        a, b = rng.normal(size=(m, m)), rng.normal(size=m)
        x, perm = np.empty(m), np.empty(m, dtype=bool)
        bb._solve_into(a.copy(), b, x, perm)
        np.testing.assert_allclose(x, np.linalg.solve(a, b), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(bb._solve_small(a, b), x, rtol=0, atol=0)
        np.testing.assert_allclose(bb._solve_small.py_func(a, b), x, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("f, a, b", [
    (lambda x: x**3 - 2.0 * x - 5.0, 0.0, 4.0), (lambda x: np.cos(x) - x, 0.0, 1.0),
    (lambda x: np.exp(x) - 1e3, 0.0, 20.0), (lambda x: (x - 0.3) ** 9, 0.0, 1.0), (lambda x: x - 0.5, 0.5, 1.0),
])
def test_reverse_communication_brent_takes_scipys_steps(f, a, b):
    from scipy.optimize import brentq
    for xtol, rtol in ((1e-12, 1e-13), (1e-6, 4 * np.finfo(float).eps)):
        calls_rc, calls_sp = [], []
        x_rc = bb._brentq_rc(lambda x: calls_rc.append(x) or f(x), a, b, xtol, rtol)
        x_sp = brentq(lambda x: calls_sp.append(x) or f(x), a, b, xtol=xtol, rtol=rtol, maxiter=200)
        assert x_rc == x_sp
        assert calls_rc == calls_sp
    # and the kernels' own (numba) versions equal their Python twins
    s_nb, s_py = bb._brent_start(a, f(a), b, f(b)), bb._brent_start.py_func(a, f(a), b, f(b))
    for _ in range(5):
        assert bb._brent_next(s_nb, 1e-12, 1e-13) == bb._brent_next.py_func(s_py, 1e-12, 1e-13)
        np.testing.assert_array_equal(s_nb, s_py)
        s_nb[bb._B_FCUR] = s_py[bb._B_FCUR] = f(s_nb[bb._B_XCUR])


@pytest.mark.parametrize("guess, slope", [(None, None), (0.8, None), (0.8, 1.3), (2.9, None), (1e-9, None)])
def test_fixed_point_kernel_equals_python_root_over_the_same_march(guess, slope):
    # _g_solve_kernel (numba) and _root_g (Python) take the same steps on the same function
    inp = FR
    p = bb.prepare(inp)
    kin_p, kin_idx, kin_nu, kin_o, kin_rev, kin_sign, a_b_arr, m_s_arr = p.arrays
    frac_b = p.lay["gas_in_bubbles"]
    fe, fb = inp.feed * (1 - frac_b), inp.feed * frac_b
    nu_wgs = gas.vector(gas.WGS)
    o_per_kg = p.carrier.R_OC / bb.M_O
    t_mean = inp.inventory / inp.solids_flow
    g_max = p.fp * (1 - inp.x_in) ** ((p.fp - 1) / p.fp)
    src = np.zeros((len(a_b_arr), gas.N_SPECIES))  # nothing released in the emulsion
    common = (fe, fb, src, a_b_arr, m_s_arr, p.lay["c_tot"], o_per_kg, inp.T, kin_p, kin_idx, kin_nu, kin_o,
              kin_rev, kin_sign, p.wgs, p.k_wgs, nu_wgs)
    nodes, weights = pop.GL_NODES, pop.GL_WEIGHTS
    cold = np.zeros((0, gas.N_SPECIES))

    def f(g):
        return bb._g_eval(g, *common, cold, p.fp, inp.x_in, t_mean, m_s_arr.sum(), nodes, weights)[0]

    g_py, slope_py = bb._root_g(f, g_max, guess, slope)
    out = bb._g_solve_kernel(*common, cold, p.fp, inp.x_in, t_mean, g_max, guess or 0.0, slope or 0.0, nodes, weights)
    assert out[7] == -1
    assert out[0] == pytest.approx(g_py, rel=1e-10)
    assert f(out[0]) == pytest.approx(0.0, abs=1e-10)
    # the outputs are those of a march at the root
    ref = bb._march_kernel(*common[:7], out[0], *common[7:], cold)
    np.testing.assert_allclose(out[1], ref[0], rtol=1e-10)


def test_prepared_solves_repeat_and_warm_start_without_changing_results():
    prep = bb.prepare(FR)
    results = [bb.solve(dataclasses.replace(FR, x_in=x), prepared=prep) for x in (0.1, 0.3, 0.2, 0.2)]
    for x, r in zip((0.1, 0.3, 0.2, 0.2), results):
        cold = bb.solve(dataclasses.replace(FR, x_in=x))  # a fresh bed: no warm start
        np.testing.assert_allclose(r.outlet, cold.outlet, rtol=1e-9, atol=1e-13)
        assert r.x_out == pytest.approx(cold.x_out, rel=1e-10)
    # the repeated call returns the previous result as a copy, not the same arrays
    assert results[3] is not results[2] and results[3].outlet is not results[2].outlet
    np.testing.assert_array_equal(results[3].outlet, results[2].outlet)
    results[3].outlet[:] = -1.0
    again = bb.solve(dataclasses.replace(FR, x_in=0.2), prepared=prep)
    np.testing.assert_array_equal(again.outlet, results[2].outlet)


@pytest.mark.parametrize("regime", ["bubbling", "riser"])
def test_march_kernel_equals_python_march_cold_and_warm(regime):
    inp = dataclasses.replace(FR, regime=regime, riser_height=3.0)
    p = bb.prepare(inp)
    kin_p, kin_idx, kin_nu, kin_o, kin_rev, kin_sign, a_b_arr, m_s_arr = p.arrays
    frac_b = p.lay["gas_in_bubbles"]
    args = (inp.feed * (1 - frac_b), inp.feed * frac_b, np.zeros((len(a_b_arr), gas.N_SPECIES)), a_b_arr, m_s_arr,
            p.lay["c_tot"], p.carrier.R_OC / bb.M_O)
    rest = (inp.T, kin_p, kin_idx, kin_nu, kin_o, kin_rev, kin_sign, p.wgs, p.k_wgs, gas.vector(gas.WGS))
    ref = bb._march(inp, p.lay, p.kin, 1.2, p.carrier.R_OC, p.k_wgs, cell_solver=bb._cell_scipy)
    cold = bb._march_kernel(*args, 1.2, *rest, np.zeros((0, gas.N_SPECIES)))
    other = bb._march_kernel(*args, 0.9, *rest, np.zeros((0, gas.N_SPECIES)))[6]
    warm = bb._march_kernel(*args, 1.2, *rest, bb._extrapolate(other[:0], other, 0.9, 0.9, 1.2, gas.N_SPECIES))
    for out in (cold, warm):
        assert out[5] == -1
        np.testing.assert_allclose(out[0], ref[0], rtol=1e-9, atol=1e-12 * inp.feed.sum())
        np.testing.assert_allclose(out[2], ref[2], atol=1e-10)
        assert out[3] == pytest.approx(ref[3], rel=1e-9)
        assert out[4] == pytest.approx(ref[4], rel=1e-9)


def test_extrapolated_warm_start_equals_numpy():
    rng = np.random.default_rng(4)
    x0, x1 = rng.uniform(0, 0.2, (5, 8)), rng.uniform(0, 0.2, (5, 8))
    x0[:, -1] -= 0.5  # the WGS extent may be negative: not clipped
    for g in (1.05, 1.2, 0.98, 5.0):
        ref = x1 + (x1 - x0) * (g - 1.0) / (1.0 - 0.9)
        ref[:, :7] = np.maximum(ref[:, :7], 0.0)
        if abs((g - 1.0) / 0.1) > 1.5:
            ref = x1  # too far: no extrapolation
        np.testing.assert_allclose(bb._extrapolate(x0, x1, 0.9, 1.0, g, 7), ref, rtol=1e-15)
        np.testing.assert_allclose(bb._extrapolate.py_func(x0, x1, 0.9, 1.0, g, 7), ref, rtol=1e-15)
    assert bb._extrapolate(x0[:0], x1, 0.9, 1.0, 1.05, 7) is x1


# --- freeboard ------------------------------------------------------------------------------

FB_SOLIDS = (("eps_surface", 0.05), ("eps_star", 0.001), ("a_u0", 3.0))  # test inputs


def test_freeboard_holds_the_lean_zone_integral_and_its_weight():
    inp = dataclasses.replace(FR, freeboard_height=2.0, freeboard_params=FB_SOLIDS)
    prep = bb.prepare(inp)
    lay = prep.lay
    a = 3.0 / lay["u0"]
    expected = inp.rho_p * lay["area"] * (0.001 * 2.0 + (0.05 - 0.001) / a * (1.0 - np.exp(-a * 2.0)))
    assert lay["freeboard_solids"] == pytest.approx(expected, rel=1e-12)
    assert prep.m_bed == pytest.approx(inp.inventory + expected, rel=1e-10)
    assert lay["pressure_drop"] == pytest.approx((inp.inventory + expected) * 9.80665 / lay["area"], rel=1e-12)


def test_gas_only_freeboard_changes_no_conversion_and_keeps_the_shift_at_equilibrium():
    base = dataclasses.replace(FR, feed=gas.vector({"CH4": 2.0, "CO": 1.0, "H2": 1.0, "H2O": 1.0, "N2": 0.5}))
    no_fb = bb.solve(base)
    fb = bb.solve(dataclasses.replace(base, freeboard_height=1.0,
                                      freeboard_params=(("eps_surface", 0.0), ("eps_star", 0.0), ("a_u0", 1.0))))
    i = gas.INDEX
    assert fb.outlet[i["CH4"]] == pytest.approx(no_fb.outlet[i["CH4"]], rel=1e-9)
    assert fb.x_out == pytest.approx(no_fb.x_out, rel=1e-9)
    y = fb.outlet / fb.outlet.sum()  # bubbles and emulsion mixed, shifted to equilibrium
    K = gas.wgs_equilibrium_constant(FR.T)
    assert y[i["CO2"]] * y[i["H2"]] / (y[i["CO"]] * y[i["H2O"]]) == pytest.approx(K, rel=1e-6)


def test_freeboard_solids_burn_more_fuel_and_twins_agree():
    inp = dataclasses.replace(FR, freeboard_height=2.0, freeboard_params=FB_SOLIDS)
    res, twin = bb.solve(inp), bb.solve(inp, use_twin=True)
    assert res.outlet[gas.INDEX["CH4"]] < bb.solve(FR).outlet[gas.INDEX["CH4"]]
    np.testing.assert_allclose(res.outlet, twin.outlet, rtol=1e-8, atol=1e-12)
    assert res.x_out == pytest.approx(twin.x_out, rel=1e-8)
    d = A @ (res.outlet - inp.feed)
    assert d[2] == pytest.approx(res.oxygen_to_gas, rel=1e-9)


@pytest.mark.parametrize("changes, match", [
    ({"regime": "riser", "riser_height": 3.0}, "freeboard"),
    ({"freeboard_params": (("eps_surface", 0.01), ("eps_star", 0.02), ("a_u0", 3.0))}, "eps_star"),
    ({"freeboard_params": (("eps_surface", 0.01), ("eps_star", 0.0))}, "a_u0"),
])
def test_bad_freeboard(changes, match):
    inp = dataclasses.replace(FR, **{"freeboard_height": 1.0, "freeboard_params": FB_SOLIDS, **changes})
    with pytest.raises(ValueError, match=match):
        bb.prepare(inp)


def test_uniform_riser_refuses_more_solids_than_a_packed_bed_holds():
    # solids volume fraction of a uniform riser = W / (rho_p A H); above 1 - eps_mf no gas could pass
    area = math.pi * FR.diameter ** 2 / 4.0
    full = FR.rho_p * (1.0 - FR.eps_mf) * area * 3.0  # kg that would fill 3 m at eps_mf
    ok = bb.solve(dataclasses.replace(FR, regime="riser", riser_height=3.0, inventory=0.5 * full))
    assert ok.hydro["solids_fraction"] == pytest.approx(0.5 * (1.0 - FR.eps_mf))
    with pytest.raises(ValueError, match=r"inventory=.* needs a solids volume fraction .* above 1 - eps_mf"):
        bb.solve(dataclasses.replace(FR, regime="riser", riser_height=3.0, inventory=1.01 * full))


# --- gas made in the bed, released in the emulsion (emulsion_feed) -----------------------------

@pytest.mark.parametrize("use_twin", [False, True])
def test_a_zero_emulsion_feed_is_the_bottom_feed(use_twin):
    plain = bb.solve(FR, use_twin=use_twin)
    zero = bb.solve(dataclasses.replace(FR, emulsion_feed=np.zeros(gas.N_SPECIES)), use_twin=use_twin)
    np.testing.assert_array_equal(zero.outlet, plain.outlet)
    assert zero.x_out == plain.x_out


def test_emulsion_feed_kernel_equals_twin_and_conserves():
    inp = dataclasses.replace(FR, emulsion_feed=FR.feed * gas.vector({"CH4": 1.0}))  # the CH4 made in the bed
    r, t = bb.solve(inp), bb.solve(inp, use_twin=True)
    np.testing.assert_allclose(r.outlet, t.outlet, rtol=1e-9, atol=1e-12 * FR.feed.sum())
    assert r.x_out == pytest.approx(t.x_out, rel=1e-9)
    # elements: gas in = gas out (O from the solids counted)
    res = A @ (inp.feed - r.outlet)
    o = gas.element_matrix()[0].index("O")
    res[o] += r.oxygen_to_gas
    assert np.max(np.abs(res)) < 1e-9 * inp.feed.sum()
    assert r.oxygen_to_gas == pytest.approx(_solids_o(inp, r), rel=1e-9)


def test_gas_released_in_the_emulsion_burns_better_than_gas_through_the_distributor():
    # in a bubbling bed most of the distributor's gas rises in the bubbles; the same fuel made
    # where the solids are meets them first
    bottom = bb.solve(FR)
    emul = bb.solve(dataclasses.replace(FR, emulsion_feed=FR.feed * gas.vector({"CH4": 1.0})))
    i = gas.INDEX["CH4"]
    assert emul.outlet[i] < bottom.outlet[i]
    riser = dataclasses.replace(FR, regime="riser", riser_height=3.0)
    same = bb.solve(dataclasses.replace(riser, emulsion_feed=FR.feed * gas.vector({"CH4": 1.0})))
    np.testing.assert_array_equal(same.outlet, bb.solve(riser).outlet)  # one gas phase: all at the bottom


def test_an_emulsion_feed_above_the_feed_is_refused():
    with pytest.raises(ValueError, match="emulsion_feed"):
        bb.solve(dataclasses.replace(FR, emulsion_feed=2.0 * FR.feed))
