"""NASA polynomial kernels (numba) and their NumPy reference twins.

Every species is held in the NASA-9 form, piecewise in temperature::

    cp/R = a1 T^-2 + a2 T^-1 + a3 + a4 T + a5 T^2 + a6 T^3 + a7 T^4
    h/RT = -a1 T^-2 + a2 ln(T)/T + a3 + a4 T/2 + a5 T^2/3 + a6 T^3/4 + a7 T^4/5 + b1/T
    s/R  = -a1 T^-2/2 - a2/T + a3 ln(T) + a4 T + a5 T^2/2 + a6 T^3/3 + a7 T^4/4 + b2

(McBride, Zehe & Gordon, NASA/TP-2002-211556, eqs. 4-6). A NASA-7 polynomial is the same
form with a1 = a2 = 0, so one array layout serves Cantera's NASA-7 gases, its NASA-9
condensed species, and Shomate-derived data alike.

Array layout, built by :func:`clc.thermo.nasa_arrays`:

* ``coef[k, j, 0:9]`` the nine coefficients (a1..a7, b1, b2) of species k, segment j;
* ``tmax[k, j]`` the upper temperature of segment j (segment j covers T <= tmax[k, j]
  above the previous one); the last segment is used above its own limit, as Cantera does;
* ``nseg[k]`` the number of segments of species k.

The hot loop reads these arrays and never calls Cantera; tests hold the kernels equal to
Cantera to 1e-10 relative.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = [
    "cp_R",
    "h_RT",
    "s_R",
    "g_RT",
    "cp_R_numpy",
    "h_RT_numpy",
    "s_R_numpy",
    "g_RT_numpy",
    "h_mix_RT",
    "h_mix_RT_numpy",
]


@njit(cache=True, inline="always")
def _segment(tmax_k: np.ndarray, nseg_k: int, T: float) -> int:
    j = 0
    while j < nseg_k - 1 and T > tmax_k[j]:
        j += 1
    return j


@njit(cache=True)
def cp_R(coef: np.ndarray, tmax: np.ndarray, nseg: np.ndarray, k: int, T: float) -> float:
    """Dimensionless heat capacity cp/R of species k at T [K]."""
    a = coef[k, _segment(tmax[k], nseg[k], T)]
    return a[0] / (T * T) + a[1] / T + a[2] + T * (a[3] + T * (a[4] + T * (a[5] + T * a[6])))


@njit(cache=True)
def h_RT(coef: np.ndarray, tmax: np.ndarray, nseg: np.ndarray, k: int, T: float) -> float:
    """Dimensionless enthalpy h/(RT) of species k at T [K] (formation enthalpy included)."""
    a = coef[k, _segment(tmax[k], nseg[k], T)]
    return (
        -a[0] / (T * T)
        + a[1] * np.log(T) / T
        + a[2]
        + T * (a[3] / 2.0 + T * (a[4] / 3.0 + T * (a[5] / 4.0 + T * a[6] / 5.0)))
        + a[7] / T
    )


@njit(cache=True)
def s_R(coef: np.ndarray, tmax: np.ndarray, nseg: np.ndarray, k: int, T: float) -> float:
    """Dimensionless standard-state entropy s/R of species k at T [K]."""
    a = coef[k, _segment(tmax[k], nseg[k], T)]
    return (
        -a[0] / (2.0 * T * T)
        - a[1] / T
        + a[2] * np.log(T)
        + T * (a[3] + T * (a[4] / 2.0 + T * (a[5] / 3.0 + T * a[6] / 4.0)))
        + a[8]
    )


@njit(cache=True)
def g_RT(coef: np.ndarray, tmax: np.ndarray, nseg: np.ndarray, k: int, T: float) -> float:
    """Dimensionless standard Gibbs energy g/(RT) = h/RT - s/R of species k at T [K]."""
    return h_RT(coef, tmax, nseg, k, T) - s_R(coef, tmax, nseg, k, T)


# --- NumPy reference twins: vectorised over T, written for clarity rather than speed ---


def _coefficients_numpy(coef, tmax, nseg, k, T):
    T = np.asarray(T, dtype=float)
    j = np.zeros(T.shape, dtype=int)
    for seg in range(int(nseg[k]) - 1):
        j = np.where(T > tmax[k, seg], seg + 1, j)
    return np.moveaxis(coef[k][j], -1, 0), T


def cp_R_numpy(coef, tmax, nseg, k, T):
    """NumPy twin of :func:`cp_R`; T may be an array."""
    a, T = _coefficients_numpy(coef, tmax, nseg, k, T)
    return a[0] * T**-2 + a[1] / T + a[2] + a[3] * T + a[4] * T**2 + a[5] * T**3 + a[6] * T**4


def h_RT_numpy(coef, tmax, nseg, k, T):
    """NumPy twin of :func:`h_RT`; T may be an array."""
    a, T = _coefficients_numpy(coef, tmax, nseg, k, T)
    return (
        -a[0] * T**-2 + a[1] * np.log(T) / T + a[2] + a[3] * T / 2 + a[4] * T**2 / 3
        + a[5] * T**3 / 4 + a[6] * T**4 / 5 + a[7] / T
    )


def s_R_numpy(coef, tmax, nseg, k, T):
    """NumPy twin of :func:`s_R`; T may be an array."""
    a, T = _coefficients_numpy(coef, tmax, nseg, k, T)
    return (
        -a[0] * T**-2 / 2 - a[1] / T + a[2] * np.log(T) + a[3] * T + a[4] * T**2 / 2
        + a[5] * T**3 / 3 + a[6] * T**4 / 4 + a[8]
    )


def g_RT_numpy(coef, tmax, nseg, k, T):
    """NumPy twin of :func:`g_RT`; T may be an array."""
    return h_RT_numpy(coef, tmax, nseg, k, T) - s_R_numpy(coef, tmax, nseg, k, T)


@njit(cache=True)
def h_mix_RT(coef: np.ndarray, tmax: np.ndarray, nseg: np.ndarray, n: np.ndarray, T: float) -> float:
    """sum_k n[k] h_k/(RT) of a mixture holding n[k] mol of species k at T [K]: its enthalpy is
    R T times this. One call for a whole stream (the cement balances evaluate streams, not species)."""
    total = 0.0
    for k in range(n.size):
        if n[k] != 0.0:
            total += n[k] * h_RT(coef, tmax, nseg, k, T)
    return total


def h_mix_RT_numpy(coef, tmax, nseg, n, T):
    """NumPy twin of :func:`h_mix_RT`; T may be an array."""
    return sum(n[k] * h_RT_numpy(coef, tmax, nseg, k, T) for k in range(len(n)) if n[k] != 0.0)
