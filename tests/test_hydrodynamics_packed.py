"""Packed/moving-bed correlations of clc.hydrodynamics: the numba kernels equal their plain twins."""

import numpy as np
import pytest

from clc import hydrodynamics as hd


def test_ergun_kernel_equals_function_and_hand_value():
    rng = np.random.default_rng(4)
    for _ in range(50):
        a = (rng.uniform(-1.0, 3.0), rng.uniform(1e-5, 6e-5), rng.uniform(0.1, 10.0), rng.uniform(0.3, 0.6),
             rng.uniform(1e-4, 1e-2))
        assert hd.ergun_gradient_nb(*a) == pytest.approx(hd.ergun_gradient(*a), rel=1e-14)
    u, mu, rho, eps, d = 0.5, 4e-5, 1.2, 0.4, 1.5e-3
    hand = 150 * mu * 0.6**2 * u / (0.4**3 * d**2) + 1.75 * 0.6 * rho * u**2 / (0.4**3 * d)
    assert -hd.ergun_gradient(u, mu, rho, eps, d) == pytest.approx(hand, rel=1e-14)
    assert hd.ergun_gradient(-u, mu, rho, eps, d) == pytest.approx(hand, rel=1e-14)  # odd in u


def test_idaes_simple_gradient_kernel_equals_function():
    assert hd.idaes_simple_gradient_nb(0.3, 3000.0, 1.0) == hd.idaes_simple_gradient(0.3, 3000.0, 1.0) == \
        pytest.approx(-0.2 * 0.3 * 2999.0, rel=1e-15)


@pytest.mark.parametrize("code,method", list(enumerate(hd.nusselt_particle_methods())))
def test_nusselt_kernel_equals_function(code, method):
    for Re, Pr in ((0.1, 0.7), (5.0, 0.7), (300.0, 1.2)):
        assert hd.nusselt_particle_nb(Re, Pr, code) == pytest.approx(hd.nusselt_particle(Re, Pr, method), rel=1e-15)
    # as written in the module: Wakao & Kaguei; IDAES-PSE's Nu^3 = (2 + 1.1 (Re^0.6)^3) Pr
    expected = 2 + 1.1 * 0.7 ** (1 / 3) * 5**0.6 if method == "wakao_kaguei" else ((2 + 1.1 * (5**0.6) ** 3) * 0.7) ** (1 / 3)
    assert hd.nusselt_particle(5.0, 0.7, method) == pytest.approx(expected, rel=1e-14)


def test_nusselt_unknown_method_names_the_allowed_ones():
    with pytest.raises(ValueError, match="method='ranz_marshall'; allowed: wakao_kaguei, idaes"):
        hd.nusselt_particle(5.0, 0.7, "ranz_marshall")
