"""Conversion distribution of particles in a perfectly mixed bed (population balance).

Solids in a bubbling bed are well mixed: their residence times follow the CSTR distribution
E(t) = exp(-t/t_m)/t_m (Levenspiel, Chemical Reaction Engineering, 3rd ed., 1999, ch. 11),
and each particle sees the bed-averaged gas, so its conversion follows the grain model under
chemical control with one effective time tau (1/tau = sum over gases of the bed-averaged
b k C^n / (rho_m L)). A particle entering at X_in has unreacted-core fraction
a = (1 - X_in)^(1/F_p), and after time t::

    1 - X(t) = (a - t/tau)^F_p  for t < a tau,  0 after.

With lambda = tau / t_m and I_m = integral_0^a (a - u)^m exp(-lambda u) du (u = t/tau)::

    <1 - X>_out = lambda I_Fp          (mean unconverted fraction leaving the bed)
    <g>         = F_p lambda I_(Fp-1)  (mean of g(X) = F_p (1 - X)^((F_p-1)/F_p), so that
                                        the bed's mean rate is <dX/dt> = <g> / tau)

and the CSTR balance <X>_out - X_in = t_m <dX/dt> holds exactly (I_m = (a^m - m I_(m-1))/lambda).
The reactor models use <g> to scale local rates, so the solids' oxygen balance closes with
the gas's exactly.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

# Gauss-Legendre nodes on [0, 1] for the small-lambda branch (the integrand is then nearly a
# polynomial of degree F_p <= 3, which 8 nodes integrate to round-off)
_GL_X, _GL_W = np.polynomial.legendre.leggauss(8)
GL_NODES = 0.5 * (_GL_X + 1.0)
GL_WEIGHTS = 0.5 * _GL_W


@njit(cache=True)
def _integral(m: int, a: float, lam: float, nodes: np.ndarray, weights: np.ndarray) -> float:
    """I_m = int_0^a (a - u)^m exp(-lam u) du."""
    if a <= 0.0:
        return 0.0
    if lam * a > 1.0:
        # recursion, stable here because exp(-lam a) < 1/e keeps the terms from cancelling
        i = (1.0 - math.exp(-lam * a)) / lam
        for k in range(1, m + 1):
            i = (a**k - k * i) / lam
        return i
    s = 0.0
    for q in range(nodes.shape[0]):
        u = a * nodes[q]
        s += weights[q] * (a - u) ** m * math.exp(-lam * u)
    return a * s


@njit(cache=True)
def mixed_bed_averages(fp: int, x_in: float, tau: float, t_mean: float,
                       nodes: np.ndarray, weights: np.ndarray) -> tuple:
    """(<X>_out, <g>) of a perfectly mixed bed; tau = inf means no reaction."""
    a = (1.0 - x_in) ** (1.0 / fp)
    if not math.isfinite(tau) or tau <= 0.0:
        return x_in, fp * a ** (fp - 1)
    lam = tau / t_mean
    x_out = 1.0 - lam * _integral(fp, a, lam, nodes, weights)
    g = fp * lam * _integral(fp - 1, a, lam, nodes, weights)
    return x_out, g


def mixed_bed_averages_numpy(fp: int, x_in: float, tau: float, t_mean: float) -> tuple[float, float]:
    """NumPy twin of :func:`mixed_bed_averages`, by dense quadrature over residence time.

    >>> x, g = mixed_bed_averages_numpy(3, 0.0, 100.0, 100.0)
    >>> round(x, 6), round(g, 6)   # X_out - X_in = t_m <g> / tau
    (0.792723, 0.792723)
    """
    a = (1.0 - x_in) ** (1.0 / fp)
    if not np.isfinite(tau) or tau <= 0:
        return x_in, fp * a ** (fp - 1)
    # beyond 60 t_m the exit-age density is below exp(-60): nothing left to integrate
    t = np.linspace(0.0, min(a * tau, 60.0 * t_mean), 200001)
    e = np.exp(-t / t_mean) / t_mean
    core = a - t / tau
    # particles older than a tau are fully converted: they add nothing to <1 - X> or <g>
    x_out = 1.0 - np.trapezoid(core**fp * e, t)
    g = np.trapezoid(fp * core ** (fp - 1) * e, t)
    return float(x_out), float(g)


def conversion_distribution(fp: int, x_in: float, tau: float, t_mean: float,
                            bins: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """Mass fraction of the bed's particles in each conversion bin [0, 1].

    The exit-age distribution of a CSTR is the bed's age distribution, so the fraction
    with conversion below x is 1 - exp(-t(x)/t_m), t(x) the age at which a particle reaches x.

    >>> edges, frac = conversion_distribution(3, 0.0, 100.0, 100.0, bins=4)
    >>> round(float(frac.sum()), 12)
    1.0
    """
    a = (1.0 - x_in) ** (1.0 / fp)
    edges = np.linspace(0.0, 1.0, bins + 1)
    x = np.clip(edges, x_in, 1.0)
    age = tau * (a - (1.0 - x) ** (1.0 / fp))  # age to reach x; x = 1 reached at a tau
    cdf = 1.0 - np.exp(-np.maximum(age, 0.0) / t_mean)
    cdf[-1] = 1.0
    cdf[edges < x_in] = 0.0
    return edges, np.diff(cdf)
