"""Rate kernels: NumPy twins, closed forms, integration of the rate law, limits."""

import numpy as np
import pytest
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
