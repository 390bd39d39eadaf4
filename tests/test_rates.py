"""Rate kernels: NumPy twins, closed forms, integration of the rate law, limits."""

import math

import numpy as np
import pytest
from numba import njit
from scipy.integrate import solve_ivp

from clc import carriers, rates

RNG = np.random.default_rng(20261128)

MODELS = [
    ("chemical", 1), ("chemical", 2), ("chemical", 3),
    ("diffusion", 1), ("diffusion", 2), ("diffusion", 3),
    ("mixed", 1), ("mixed", 2), ("mixed", 3), ("cgsm", 3),
]


def _params(model, fp):
    return rates.make_params(model, fp, k0=8e-4, E=49000.0, n=1.3, L=2.6e-7, rho_m=32811.0, b=12.0,
                             D0=2e-7, E_D=30000.0, Z=2.1)


@pytest.mark.parametrize("model, fp", MODELS)
def test_numba_equals_numpy_twin(model, fp):
    p = _params(model, fp)
    n = 500
    T = RNG.uniform(973.0, 1273.0, n)
    C = RNG.uniform(0.0, 5.0, n)
    X = RNG.uniform(0.0, 1.0, n)
    X[:3] = (0.0, 1.0, 0.999999)
    out = np.empty(n)
    rates.rate_batch(p, T, C, X, out)
    np.testing.assert_allclose(out, rates.rate_numpy(p, T, C, X), rtol=1e-12)
    t = np.linspace(0.0, 2.0 * rates.time_to_conversion(p, 1173.0, 1.5, 1.0), 50)
    xk = np.empty_like(t)
    rates.conversion_curve(p, 1173.0, 1.5, t, xk)
    np.testing.assert_allclose(xk, rates.conversion_curve_numpy(p, 1173.0, 1.5, t), atol=1e-12)
    assert np.all(np.isfinite(out)) and np.all(out >= 0)


@pytest.mark.parametrize("fp", [1, 2, 3])
def test_chemical_control_closed_form(fp):
    p = _params("chemical", fp)
    T, C = 1123.0, 2.0
    tau = rates.tau_chemical(p, T, C)
    t = np.linspace(0.0, 1.2 * tau, 40)
    x = np.empty_like(t)
    rates.conversion_curve(p, T, C, t, x)
    expected = 1.0 - np.clip(1.0 - t / tau, 0.0, None) ** fp  # Levenspiel ch. 25, chemical control
    np.testing.assert_allclose(x, expected, atol=1e-14)


@pytest.mark.parametrize("model, fp", MODELS)
def test_rate_law_integrates_to_the_closed_form(model, fp):
    """Integrating dX/dt from the kernel reproduces the closed-form X(t)."""
    p = _params(model, fp)
    T, C = 1173.0, 1.2
    t_half = rates.time_to_conversion(p, T, C, 0.5)
    t_end = rates.time_to_conversion(p, T, C, 0.95)
    x0 = 1e-6
    t0 = rates.time_to_conversion(p, T, C, x0)
    sol = solve_ivp(lambda t, x: [rates.conversion_rate(p, T, C, min(x[0], 1.0))], (t0, t_end), [x0],
                    rtol=1e-10, atol=1e-12, dense_output=True, method="LSODA")
    assert sol.sol(t_half)[0] == pytest.approx(0.5, abs=1e-5)
    assert sol.sol(t_end)[0] == pytest.approx(0.95, abs=1e-5)


def test_cgsm_tends_to_shrinking_core_when_volume_does_not_change():
    p_scm = rates.make_params("mixed", 3, k0=1e-3, E=0.0, n=1.0, L=1e-6, rho_m=2e4, b=1.0, D0=1e-9)
    p_cgsm = rates.make_params("cgsm", 3, k0=1e-3, E=0.0, n=1.0, L=1e-6, rho_m=2e4, b=1.0, D0=1e-9, Z=1.0 + 1e-7)
    for X in (0.1, 0.5, 0.9, 0.999):
        assert rates.time_to_conversion(p_cgsm, 1000.0, 1.0, X) == pytest.approx(
            rates.time_to_conversion(p_scm, 1000.0, 1.0, X), rel=1e-5)


def test_cgsm_product_expansion_slows_diffusion():
    kw = dict(k0=1e-3, E=0.0, n=1.0, L=1e-6, rho_m=2e4, b=1.0, D0=1e-12)
    t_z1 = rates.time_to_conversion(rates.make_params("cgsm", 3, Z=1.0, **kw), 1000.0, 1.0, 0.9)
    t_z2 = rates.time_to_conversion(rates.make_params("cgsm", 3, Z=2.0, **kw), 1000.0, 1.0, 0.9)
    assert t_z2 > t_z1


@pytest.mark.parametrize("T", [1073.15, 1173.15, 1273.15])
@pytest.mark.parametrize("y_ch4", [0.05, 0.15, 0.5])
def test_tau_of_fe45al_with_ch4_equals_closed_form(T, y_ch4):
    # tau = rho_m r_g / (b k C^n), k = k0 exp(-E/RT), with the Abad et al. (2007) values
    R = 8.31446261815324  # CODATA 2018
    C = y_ch4 * 101325.0 / (R * T)
    k = 8.0e-4 * np.exp(-49000.0 / (R * T))
    tau = 32811.0 * 2.6e-7 / (12.0 * k * C**1.3)
    p = carriers.load("Abad2007_Fe45Al").reaction("CH4").kernel_params()
    assert rates.tau_chemical(p, T, C) == pytest.approx(tau, rel=1e-12)
    assert rates.time_to_conversion(p, T, C, 1.0) == pytest.approx(tau, rel=1e-12)


def test_rate_is_zero_without_gas_and_at_full_conversion():
    for model, fp in MODELS:
        p = _params(model, fp)
        assert rates.conversion_rate(p, 1173.0, 0.0, 0.3) == 0.0
        assert rates.conversion_rate(p, 1173.0, 1.0, 1.0) == 0.0


def test_rate_rises_with_temperature_and_concentration():
    p = _params("chemical", 3)
    assert rates.conversion_rate(p, 1200.0, 1.0, 0.3) > rates.conversion_rate(p, 1100.0, 1.0, 0.3)
    assert rates.conversion_rate(p, 1200.0, 2.0, 0.3) == pytest.approx(
        2.0**1.3 * rates.conversion_rate(p, 1200.0, 1.0, 0.3), rel=1e-12)


def test_bad_model_parameters():
    with pytest.raises(ValueError, match="model='shrinking'"):
        rates.make_params("shrinking", 3)
    with pytest.raises(ValueError, match="geometry_factor=4"):
        rates.make_params("chemical", 4)
    with pytest.raises(ValueError, match="CGSM"):
        rates.make_params("cgsm", 1)


def test_sphere_rate_table_kernel_twin_and_pointwise_rate():
    rng = np.random.default_rng(3)
    k0 = np.array([9.8, 6.2e-2, 0.1])
    E = np.array([135200.0, 65000.0, 80700.0])
    n = np.array([1.0, 1.0, 0.8])
    rho_l = np.array([13590.0 * 1.25e-6] * 3)
    b = np.array([5.78, 1.45, 1.45])
    T = rng.uniform(1073, 1223, 7)
    C = rng.uniform(0, 5, (7, 3))
    C[0, 1] = 0.0
    xi = np.linspace(0, 1, 11)
    out = np.empty((7, 3, 11))
    rates.sphere_rate_table(k0, E, n, b / rho_l, T, C, xi, out)
    np.testing.assert_allclose(out, rates.sphere_rate_table_numpy(k0, E, n, b / rho_l, T, C, xi), rtol=1e-12)
    # the same as the general kernel at X = 1 - xi^3
    for j in range(3):
        p = rates.make_params("chemical", 3, k0=k0[j], E=E[j], n=n[j], L=1.25e-6, rho_m=13590.0, b=b[j])
        for i in (1, 4):
            for q in (0, 3, 10):
                X = 1.0 - xi[q] ** 3
                expected = rates.conversion_rate(p, T[i], C[i, j], X) if X < 1 else 0.0
                assert out[i, j, q] == pytest.approx(expected, rel=1e-12, abs=1e-300)


@njit
def _elementwise(f_code, x, out):
    for i in range(x.shape[0]):
        out[i] = rates._exp_v(x[i]) if f_code == 0 else rates._log_v(x[i])


@pytest.mark.parametrize("lo, hi", [(-745.0, 709.0), (-40.0, 0.0), (-1.0, 1.0)])
def test_vectorisable_exp_within_one_ulp_of_libm(lo, hi):
    x = np.concatenate([RNG.uniform(lo, hi, 200_000), [0.0, -0.0, 1e-300, -1e-300]])
    got = np.empty_like(x)
    _elementwise(0, x, got)
    ref = np.array([math.exp(v) for v in x])
    normal = ref > 2.3e-308
    assert np.all(np.abs(got - ref)[normal] <= np.spacing(ref[normal]))
    assert np.all(np.abs(got - ref)[~normal] <= 5e-324)  # subnormals: one unit of the last place


def test_vectorisable_exp_and_log_edges():
    x = np.array([-np.inf, -800.0, -745.2, -740.0, -709.0, 709.7, 709.8, 710.0, np.inf, np.nan])
    got = np.empty_like(x)
    _elementwise(0, x, got)
    with np.errstate(over="ignore"):
        np.testing.assert_array_equal(got, np.exp(x))
    y = np.array([0.0, -0.0, -1.0, 5e-324, 1e-310, 2.2250738585072014e-308, 1.0, 2.0, np.inf, np.nan, -np.inf])
    got = np.empty_like(y)
    _elementwise(1, y, got)
    with np.errstate(divide="ignore", invalid="ignore"):
        ref = np.log(y)
    np.testing.assert_allclose(got, ref, rtol=2.3e-16, atol=0.0)  # NaN and inf compared as equal


@pytest.mark.parametrize("sample", ["uniform", "near one", "log-uniform"])
def test_vectorisable_log_within_one_ulp_of_libm(sample):
    y = {"uniform": RNG.uniform(0.0, 1.0, 200_000), "near one": 1.0 - RNG.uniform(0.0, 1.0, 200_000) ** 8,
         "log-uniform": np.exp(RNG.uniform(-700.0, 700.0, 200_000))}[sample]
    got = np.empty_like(y)
    _elementwise(1, y, got)
    ref = np.array([math.log(v) for v in y])
    assert np.all(np.abs(got - ref) <= np.spacing(np.abs(ref)))


BATCH_CASES = [("chemical", 1, 1.0), ("chemical", 2, 1.0), ("chemical", 3, 1.0), ("chemical", 1, 0.8),
               ("chemical", 2, 1.3), ("chemical", 3, 0.6), ("diffusion", 1, 1.0), ("diffusion", 2, 1.0),
               ("diffusion", 3, 1.0), ("mixed", 1, 1.0), ("mixed", 2, 0.7), ("mixed", 3, 1.3), ("mixed", 3, 1.0),
               ("cgsm", 3, 1.0), ("cgsm", 3, 1.3)]


@pytest.mark.parametrize("model, fp, n", BATCH_CASES)
def test_rate_batch_equals_pointwise_kernel(model, fp, n):
    """The vectorised batch against conversion_rate (libm's exp, log and pow) point by point."""
    p = rates.make_params(model, fp, k0=9.8, E=135200.0, n=n, L=1.25e-6, rho_m=13590.0, b=5.78,
                          D0=2e-7, E_D=30000.0, Z=2.1)
    m = 2000
    T = RNG.uniform(300.0, 1500.0, m)
    C = RNG.uniform(-1.0, 10.0, m)
    X = RNG.uniform(-0.2, 1.2, m)
    C[:4] = (0.0, 1e-300, 1e-320, 5.0)
    X[4:9] = (0.0, 1.0, 1.0 - 2.0**-53, 1e-300, -0.0)
    out = np.empty(m)
    rates.rate_batch(p, T, C, X, out)
    ref = np.array([rates.conversion_rate(p, t, c, x) for t, c, x in zip(T, C, X)])
    assert np.array_equal(out == 0.0, ref == 0.0)
    # pow(y, a) = exp(a ln y) carries ln y's rounding times |a ln y| into the result, and the
    # diffusion forms' differences (1-X)^(-1/3) - 1 and (1-X)^(-1/3) - u^(-1/3) lose digits near
    # X = 0 (conversion_rate's as much as the batch's): 1 ulp of each term over the difference
    live = ref > 0.0
    x = np.maximum(X[live], rates.X_FLOOR) if model == "diffusion" else X[live]
    y, u = 1.0 - x, 2.1 - 1.1 * (1.0 - x)
    y3, u3 = y ** (-1 / 3), u ** (-1 / 3) if model == "cgsm" else 1.0
    with np.errstate(divide="ignore"):  # X = 0: the difference is 0 in both, the bound infinite
        cond = (y3 + u3) / np.abs(y3 - u3) if fp == 3 and model != "chemical" else 0.0
    amplification = np.abs(n * np.log(C[live])) + (1.0 + np.abs(np.log(y)) + np.abs(np.log(u))) * (1.0 + cond)
    assert np.all(np.abs(out[live] - ref[live]) <= 2.3e-16 * (8.0 + 2.0 * amplification) * ref[live])
    physical = (C[live] > 1e-6) & (X[live] > 1e-3)
    assert np.max(np.abs(out[live] / ref[live] - 1.0)[physical]) < 1e-12


def test_rate_batch_z_one_cgsm_is_the_shrinking_core():
    p = rates.make_params("cgsm", 3, k0=9.8, E=135200.0, L=1.25e-6, rho_m=13590.0, b=5.78, D0=2e-7, E_D=30000.0, Z=1.0)
    q = p.copy()
    q[rates.P_MODEL] = rates.MIXED
    T, C, X = np.full(50, 1100.0), np.full(50, 2.0), np.linspace(0.0, 0.99, 50)
    a, b = np.empty(50), np.empty(50)
    rates.rate_batch(p, T, C, X, a)
    rates.rate_batch(q, T, C, X, b)
    np.testing.assert_array_equal(a, b)
