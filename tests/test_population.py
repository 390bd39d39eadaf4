"""Population balance of a perfectly mixed bed: closed forms vs quadrature, CSTR identity, limits."""

import numpy as np
import pytest

from clc import population as pop

CASES = [(3, 0.0, 100.0, 100.0), (3, 0.3, 50.0, 400.0), (1, 0.2, 10.0, 1.0), (2, 0.5, 1e4, 3.0),
         (3, 0.0, 1.0, 1e5), (3, 0.9, 20.0, 2.0), (2, 0.0, 0.5, 0.5)]


@pytest.mark.parametrize("fp, x_in, tau, t_m", CASES)
def test_kernel_equals_numpy_twin(fp, x_in, tau, t_m):
    x, g = pop.mixed_bed_averages(fp, x_in, tau, t_m, pop.GL_NODES, pop.GL_WEIGHTS)
    x_np, g_np = pop.mixed_bed_averages_numpy(fp, x_in, tau, t_m)
    assert x == pytest.approx(x_np, rel=1e-7, abs=1e-9)
    assert g == pytest.approx(g_np, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("fp, x_in, tau, t_m", CASES)
def test_cstr_balance_holds_exactly(fp, x_in, tau, t_m):
    # steady CSTR: what leaves minus what enters equals residence time times the mean rate
    x, g = pop.mixed_bed_averages(fp, x_in, tau, t_m, pop.GL_NODES, pop.GL_WEIGHTS)
    assert x - x_in == pytest.approx(t_m * g / tau, rel=1e-12, abs=1e-15)
    assert x_in <= x <= 1.0


def test_first_order_plate_closed_form():
    # plates: dX/dt = 1/tau until X = 1; X_out = 1 - lam (1 - e^-1/lam) ... with x_in = 0:
    # <1 - X> = lam * int_0^1 (1 - u) e^(-lam u) du = 1 - (1 - e^-lam)/lam
    tau, t_m = 30.0, 60.0
    lam = tau / t_m
    x, _ = pop.mixed_bed_averages(1, 0.0, tau, t_m, pop.GL_NODES, pop.GL_WEIGHTS)
    assert 1.0 - x == pytest.approx(1.0 - (1.0 - np.exp(-lam)) / lam, rel=1e-12)


def test_limits():
    # no reaction: solids leave as they came and keep their full reactivity
    assert pop.mixed_bed_averages(3, 0.2, np.inf, 10.0, pop.GL_NODES, pop.GL_WEIGHTS) == (0.2, 3 * 0.8 ** (2 / 3))
    # very long residence: fully converted
    x, g = pop.mixed_bed_averages(3, 0.0, 1.0, 1e6, pop.GL_NODES, pop.GL_WEIGHTS)
    assert x > 0.99999 and g < 1e-5


def test_distribution_sums_to_one_and_matches_mean():
    edges, frac = pop.conversion_distribution(3, 0.1, 80.0, 100.0, bins=2000)
    assert frac.sum() == pytest.approx(1.0, abs=1e-12)
    mid = 0.5 * (edges[1:] + edges[:-1])
    x, _ = pop.mixed_bed_averages(3, 0.1, 80.0, 100.0, pop.GL_NODES, pop.GL_WEIGHTS)
    assert (mid * frac).sum() == pytest.approx(x, abs=1e-3)
