"""Fluidization correlations: limits, internal consistency, unit invariance."""

import math

import pytest

from clc import hydrodynamics as hd

GAS = dict(rho_g=0.3, mu=4.5e-5)  # flue gas near 900 degC (illustrative inputs, not parameters)


def test_wen_yu_is_ergun_with_its_group_approximations():
    # Wen & Yu replaced 1/(phi eps^3) by 14 and (1 - eps)/(phi^2 eps^3) by 11 in Ergun's
    # equation, giving C1 = 150*11/(2*1.75*14) and C2 = 1/(1.75*14). A bed whose eps and phi
    # give exactly those group values must have the same u_mf by both routes.
    eps = _solve_eps()
    phi = 1.0 / (14.0 * eps**3)
    assert (1 - eps) / (phi**2 * eps**3) == pytest.approx(11.0, rel=1e-10)
    for d_p in (100e-6, 300e-6, 1e-3):
        u_wy = hd.u_mf_wen_yu(d_p, 0.3, 4000.0, 4.5e-5, C1=150 * 11 / (2 * 1.75 * 14), C2=1 / (1.75 * 14))
        u_er = hd.u_mf_ergun(d_p, 0.3, 4000.0, 4.5e-5, eps_mf=eps, sphericity=phi)
        assert u_wy == pytest.approx(u_er, rel=1e-10)


def _solve_eps():
    from scipy.optimize import brentq
    # phi = 1/(14 eps^3) turns (1 - eps)/(phi^2 eps^3) = 11 into 196 (1 - eps) eps^3 = 11
    return brentq(lambda e: 196.0 * (1 - e) * e**3 - 11.0, 0.5, 0.99)


def test_u_mf_limits():
    # small particles: Re_mf ~ C2 Ar / (2 C1) -> u_mf grows with d_p^2; large particles: ~ d_p^0.5
    u1 = hd.u_mf_wen_yu(50e-6, rho_s=4000.0, **GAS)
    u2 = hd.u_mf_wen_yu(100e-6, rho_s=4000.0, **GAS)
    assert u2 / u1 == pytest.approx(4.0, rel=0.01)
    u3 = hd.u_mf_wen_yu(0.05, rho_s=4000.0, **GAS)
    u4 = hd.u_mf_wen_yu(0.2, rho_s=4000.0, **GAS)
    assert u4 / u3 == pytest.approx(2.0, rel=0.02)


def test_mori_wen_limits():
    kw = dict(u0=0.3, u_mf=0.03, D_t=0.5, n_orifices=50)
    d0 = hd.bubble_diameter_mori_wen(0.0, **kw)
    dmax = hd.bubble_diameter_mori_wen(1e3, **kw)
    area_cm2 = math.pi / 4 * 50.0**2
    assert d0 == pytest.approx(0.347 * (area_cm2 * 27.0 / 50) ** 0.4 / 100, rel=1e-12)
    assert dmax == pytest.approx(0.652 * (area_cm2 * 27.0) ** 0.4 / 100, rel=1e-9)
    assert d0 < hd.bubble_diameter_mori_wen(0.3, **kw) < hd.bubble_diameter_mori_wen(0.6, **kw) < dmax


def test_darton_is_dimensionally_consistent():
    # the same bed in cm and cm/s (g = 980.665 cm/s2) gives the same diameter in cm
    d_si = hd.bubble_diameter_darton(0.5, 0.3, 0.03, 1e-4)
    d_cgs = 0.54 * 27.0**0.4 * (50.0 + 4 * math.sqrt(1.0)) ** 0.8 / 980.665**0.2
    assert d_si * 100 == pytest.approx(d_cgs, rel=1e-12)


def test_interchange_coefficients():
    kbc = hd.interchange_bubble_cloud(0.03, 0.1, 2e-4)
    kce = hd.interchange_cloud_emulsion(0.45, 0.1, 2e-4)
    kbe = hd.interchange_bubble_emulsion(0.03, 0.45, 0.1, 2e-4)
    assert kbe < min(kbc, kce)
    assert 1 / kbe == pytest.approx(1 / kbc + 1 / kce)
    # larger bubbles exchange less gas per unit volume
    assert hd.interchange_bubble_emulsion(0.03, 0.45, 0.2, 2e-4) < kbe


def test_bad_inputs():
    with pytest.raises(ValueError, match="u0=0.01 m/s must exceed u_mf=0.03"):
        hd.bubble_diameter_mori_wen(0.1, 0.01, 0.03, 0.5, 10)
    with pytest.raises(ValueError, match="d_p=-1"):
        hd.u_mf_wen_yu(-1, 0.3, 4000.0, 4.5e-5)
    with pytest.raises(ValueError, match="eps_mf=1.2"):
        hd.u_mf_ergun(1e-4, 0.3, 4000.0, 4.5e-5, eps_mf=1.2)


def test_bubble_correlations_take_arrays_element_by_element():
    import numpy as np
    h = np.array([0.0, 0.1, 0.5, 2.0])
    kw = dict(u0=0.3, u_mf=0.03, D_t=0.5, n_orifices=50)
    d_b = hd.bubble_diameter_mori_wen(h, **kw)
    for k in range(h.size):
        assert d_b[k] == pytest.approx(hd.bubble_diameter_mori_wen(float(h[k]), **kw), rel=1e-14)
        assert hd.bubble_velocity(0.3, 0.03, d_b)[k] == pytest.approx(hd.bubble_velocity(0.3, 0.03, float(d_b[k])),
                                                                      rel=1e-14)
        assert hd.interchange_bubble_emulsion(0.03, 0.45, d_b, 2e-4)[k] == pytest.approx(
            hd.interchange_bubble_emulsion(0.03, 0.45, float(d_b[k]), 2e-4), rel=1e-14)
    with pytest.raises(ValueError, match="h=-0.1 must not be negative"):
        hd.bubble_diameter_mori_wen(np.array([0.2, -0.1]), **kw)
    with pytest.raises(ValueError, match="d_b=0.0 must be positive"):
        hd.bubble_rise_velocity(np.array([0.1, 0.0]))
