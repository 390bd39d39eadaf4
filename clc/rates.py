"""Gas-solid rate kernels for oxygen carriers (numba), each with a NumPy reference twin.

Conversion X of one particle (0 = fresh, 1 = fully reacted) for one reaction, at constant
temperature T [K] and gas concentration C [mol/m3]. Grains of geometry factor F_p
(1 plate, 2 cylinder, 3 sphere) react by the shrinking-core mechanism; the models are those
of Szekely, Evans & Sohn, *Gas-Solid Reactions* (Academic Press, 1976), and Levenspiel,
*Chemical Reaction Engineering*, 3rd ed. (Wiley, 1999), ch. 25; the changing grain size
model (CGSM) is Georgakis, Chang & Szekely, Chem. Eng. Sci. 34 (1979) 1072.

Characteristic times, with L the grain radius (or half-thickness of a plate)::

    tau_ch = rho_m L / (b k C^n),   k = k0 exp(-E / (R T))               (chemical control)
    tau_D  = rho_m L^2 / (2 F_p b D C),   D = D0 exp(-E_D / (R T))       (product-layer diffusion)

Time to reach X (each model's closed form; mixed control adds the two resistances' times, Levenspiel ch. 25)::

    chemical:  t / tau_ch = 1 - (1 - X)^(1/F_p)
    diffusion: t / tau_D  = X^2 (plate); X + (1-X) ln(1-X) (cylinder);
                            1 - 3 (1-X)^(2/3) + 2 (1-X) (sphere)
    CGSM diffusion (spheres, Z = product/reactant volume ratio):
               t / tau_D  = 3 [1 - (1-X)^(2/3) - ((Z - (Z-1)(1-X))^(2/3) - 1) / (Z - 1)]

and the rate is dX/dt = 1 / (dt/dX). Parameters travel as one float array ``p`` (indices
below) so that the same kernels serve every carrier and reaction.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from .constants import R as R_GAS

# model codes
CHEMICAL, DIFFUSION, MIXED, CGSM = 0, 1, 2, 3
MODEL_CODES = {"chemical": CHEMICAL, "diffusion": DIFFUSION, "mixed": MIXED, "cgsm": CGSM}

# indices into the parameter vector p
P_MODEL, P_FP, P_K0, P_E, P_N, P_L, P_RHO, P_B, P_D0, P_ED, P_Z = range(11)
N_PARAMS = 11

X_FLOOR = 1e-12  # below this the diffusion rate (infinite at X = 0) is evaluated at X_FLOOR


def make_params(model: str, geometry_factor: float, k0: float = 0.0, E: float = 0.0,
                n: float = 1.0, L: float = 1.0, rho_m: float = 1.0, b: float = 1.0,
                D0: float = 0.0, E_D: float = 0.0, Z: float = 1.0) -> np.ndarray:
    """Pack one reaction's kinetic parameters into the kernels' vector ``p``.

    Units: k0 in mol^(1-n) m^(3n-2) s^-1, E and E_D in J/mol, L in m, rho_m in mol/m3,
    D0 in m2/s, b in mol solid per mol gas.
    """
    if model not in MODEL_CODES:
        raise ValueError(f"model={model!r}; allowed: {sorted(MODEL_CODES)}")
    if geometry_factor not in (1, 2, 3):
        raise ValueError(f"geometry_factor={geometry_factor!r}; allowed: 1 (plate), 2 (cylinder), 3 (sphere)")
    if model == "cgsm" and geometry_factor != 3:
        raise ValueError("the CGSM is defined for spherical grains (geometry_factor=3)")
    p = np.zeros(N_PARAMS)
    p[:] = (MODEL_CODES[model], geometry_factor, k0, E, n, L, rho_m, b, D0, E_D, Z)
    return p


# --- scalar building blocks (numba) --------------------------------------------------------


@njit(cache=True)
def arrhenius(k0: float, E: float, T: float) -> float:
    """k = k0 exp(-E / (R T))."""
    return k0 * math.exp(-E / (R_GAS * T))


@njit(cache=True)
def tau_chemical(p: np.ndarray, T: float, C: float) -> float:
    """tau_ch = rho_m L / (b k C^n) [s]; inf where C = 0."""
    kcn = arrhenius(p[P_K0], p[P_E], T) * C ** p[P_N]
    if kcn <= 0.0:
        return math.inf
    return p[P_RHO] * p[P_L] / (p[P_B] * kcn)


@njit(cache=True)
def tau_diffusion(p: np.ndarray, T: float, C: float) -> float:
    """tau_D = rho_m L^2 / (2 F_p b D C) [s]; inf where C = 0."""
    dc = arrhenius(p[P_D0], p[P_ED], T) * C
    if dc <= 0.0:
        return math.inf
    return p[P_RHO] * p[P_L] ** 2 / (2.0 * p[P_FP] * p[P_B] * dc)


@njit(cache=True)
def _g_chemical(fp: float, X: float) -> float:
    return 1.0 - (1.0 - X) ** (1.0 / fp)


@njit(cache=True)
def _dg_chemical(fp: float, X: float) -> float:
    return (1.0 - X) ** (1.0 / fp - 1.0) / fp


@njit(cache=True)
def _g_diffusion(fp: float, z: float, cgsm: bool, X: float) -> float:
    y = 1.0 - X
    if cgsm and z != 1.0:
        u = z - (z - 1.0) * y
        return 3.0 * (1.0 - y ** (2.0 / 3.0) - (u ** (2.0 / 3.0) - 1.0) / (z - 1.0))
    if fp == 1.0:
        return X * X
    if fp == 2.0:
        return X + y * math.log(y) if y > 0.0 else 1.0
    return 1.0 - 3.0 * y ** (2.0 / 3.0) + 2.0 * y


@njit(cache=True)
def _dg_diffusion(fp: float, z: float, cgsm: bool, X: float) -> float:
    y = 1.0 - X
    if cgsm and z != 1.0:
        u = z - (z - 1.0) * y
        return 2.0 * (y ** (-1.0 / 3.0) - u ** (-1.0 / 3.0))
    if fp == 1.0:
        return 2.0 * X
    if fp == 2.0:
        return -math.log(y) if y > 0.0 else math.inf
    return 2.0 * (y ** (-1.0 / 3.0) - 1.0) if y > 0.0 else math.inf


@njit(cache=True)
def time_to_conversion(p: np.ndarray, T: float, C: float, X: float) -> float:
    """Time [s] for a fresh particle to reach conversion X at constant T and C."""
    model = int(p[P_MODEL])
    t = 0.0
    if model != DIFFUSION:
        t += tau_chemical(p, T, C) * _g_chemical(p[P_FP], X)
    if model != CHEMICAL:
        t += tau_diffusion(p, T, C) * _g_diffusion(p[P_FP], p[P_Z], model == CGSM, X)
    return t


@njit(cache=True)
def conversion_rate(p: np.ndarray, T: float, C: float, X: float) -> float:
    """dX/dt [1/s] of a particle at conversion X, temperature T, concentration C."""
    if X >= 1.0 or C <= 0.0:
        return 0.0
    model = int(p[P_MODEL])
    x = max(X, X_FLOOR) if model == DIFFUSION else X
    dtdx = 0.0
    if model != DIFFUSION:
        dtdx += tau_chemical(p, T, C) * _dg_chemical(p[P_FP], x)
    if model != CHEMICAL:
        dtdx += tau_diffusion(p, T, C) * _dg_diffusion(p[P_FP], p[P_Z], model == CGSM, x)
    return 1.0 / dtdx


@njit(cache=True)
def conversion_at_time(p: np.ndarray, T: float, C: float, t: float) -> float:
    """Conversion X reached after time t [s], inverting the closed-form t(X).

    Chemical control has X = 1 - (1 - t/tau)^F_p; the other models are inverted by
    bisection on the monotonic t(X) to 1e-14 in X.
    """
    if t <= 0.0:
        return 0.0
    if int(p[P_MODEL]) == CHEMICAL:
        tau = tau_chemical(p, T, C)
        if t >= tau:
            return 1.0
        return 1.0 - (1.0 - t / tau) ** p[P_FP]
    if t >= time_to_conversion(p, T, C, 1.0):
        return 1.0
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if time_to_conversion(p, T, C, mid) < t:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


# --- batch kernels ---------------------------------------------------------------------------


@njit(cache=True)
def rate_batch(p: np.ndarray, T: np.ndarray, C: np.ndarray, X: np.ndarray,
               out: np.ndarray) -> None:
    """out[i] = dX/dt at (T[i], C[i], X[i]) for one reaction."""
    for i in range(X.shape[0]):
        out[i] = conversion_rate(p, T[i], C[i], X[i])


@njit(cache=True)
def conversion_curve(p: np.ndarray, T: float, C: float, t: np.ndarray,
                     out: np.ndarray) -> None:
    """out[i] = X(t[i]) at constant T and C."""
    for i in range(t.shape[0]):
        out[i] = conversion_at_time(p, T, C, t[i])


# --- NumPy reference twins -------------------------------------------------------------------


def _tau_ch_numpy(p, T, C):
    kcn = p[P_K0] * np.exp(-p[P_E] / (R_GAS * T)) * np.power(C, p[P_N])
    with np.errstate(divide="ignore"):
        return np.where(kcn > 0, p[P_RHO] * p[P_L] / (p[P_B] * kcn), np.inf)


def _tau_d_numpy(p, T, C):
    dc = p[P_D0] * np.exp(-p[P_ED] / (R_GAS * T)) * C
    with np.errstate(divide="ignore"):
        return np.where(dc > 0, p[P_RHO] * p[P_L] ** 2 / (2 * p[P_FP] * p[P_B] * dc), np.inf)


def _g_d_numpy(p, X):
    fp, z, y = p[P_FP], p[P_Z], 1.0 - X
    if int(p[P_MODEL]) == CGSM and z != 1.0:
        return 3 * (1 - y ** (2 / 3) - ((z - (z - 1) * y) ** (2 / 3) - 1) / (z - 1))
    if fp == 1:
        return X**2
    if fp == 2:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(y > 0, X + y * np.log(np.where(y > 0, y, 1.0)), 1.0)
    return 1 - 3 * y ** (2 / 3) + 2 * y


def _dg_d_numpy(p, X):
    fp, z, y = p[P_FP], p[P_Z], 1.0 - X
    with np.errstate(divide="ignore"):
        if int(p[P_MODEL]) == CGSM and z != 1.0:
            return 2 * (y ** (-1 / 3) - (z - (z - 1) * y) ** (-1 / 3))
        if fp == 1:
            return 2 * X
        if fp == 2:
            return -np.log(y)
        return 2 * (y ** (-1 / 3) - 1)


def time_to_conversion_numpy(p, T, C, X):
    """NumPy twin of :func:`time_to_conversion` (arrays broadcast)."""
    T, C, X = np.broadcast_arrays(np.asarray(T, float), np.asarray(C, float), np.asarray(X, float))
    model, fp = int(p[P_MODEL]), p[P_FP]
    t = np.zeros(X.shape)
    if model != DIFFUSION:
        t = t + _tau_ch_numpy(p, T, C) * (1 - (1 - X) ** (1 / fp))
    if model != CHEMICAL:
        t = t + _tau_d_numpy(p, T, C) * _g_d_numpy(p, X)
    return t


def rate_numpy(p, T, C, X):
    """NumPy twin of :func:`rate_batch`."""
    T, C, X = np.broadcast_arrays(np.asarray(T, float), np.asarray(C, float), np.asarray(X, float))
    model, fp = int(p[P_MODEL]), p[P_FP]
    x = np.maximum(X, X_FLOOR) if model == DIFFUSION else X
    dtdx = np.zeros(X.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        if model != DIFFUSION:
            dtdx = dtdx + _tau_ch_numpy(p, T, C) * (1 - x) ** (1 / fp - 1) / fp
        if model != CHEMICAL:
            dtdx = dtdx + _tau_d_numpy(p, T, C) * _dg_d_numpy(p, x)
        rate = 1.0 / dtdx
    return np.where((X >= 1.0) | (C <= 0.0), 0.0, rate)


def conversion_curve_numpy(p, T, C, t):
    """NumPy twin of :func:`conversion_curve`: vectorised bisection on t(X)."""
    t = np.asarray(t, float)
    if int(p[P_MODEL]) == CHEMICAL:
        tau = _tau_ch_numpy(p, T, C)
        return np.where(t >= tau, 1.0, 1.0 - np.clip(1.0 - t / tau, 0.0, 1.0) ** p[P_FP])
    lo, hi = np.zeros(t.shape), np.ones(t.shape)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        below = time_to_conversion_numpy(p, T, C, mid) < t
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    x = 0.5 * (lo + hi)
    x = np.where(t >= time_to_conversion_numpy(p, T, C, 1.0), 1.0, x)
    return np.where(t <= 0, 0.0, x)


# --- batch kernel for reactor cells x particle classes (chemical control, spheres) ------------


@njit(cache=True, fastmath=True)
def sphere_rate_table(k0: np.ndarray, E: np.ndarray, n: np.ndarray, b_over_rho_l: np.ndarray,
                      T: np.ndarray, C: np.ndarray, xi: np.ndarray, out: np.ndarray) -> None:
    """out[i, j, c] = dX/dt of particle class c in cell i by reaction j [1/s].

    Chemical control on spherical grains, written on the unreacted-core radius fraction
    xi = (1 - X)^(1/3): dX/dt = 3 xi^2 / tau, 1/tau = b k0 exp(-E/RT) C^n / (rho_m L). The
    transcendental work (exp, pow) is done once per (cell, reaction), not per particle class,
    and the inner loop over classes is a plain multiply the compiler vectorises.
    T[i], C[i, j] (mol/m3), xi[c]; k0, E, n, b_over_rho_l per reaction.
    """
    for i in range(T.shape[0]):
        _rate_table_cell(k0, E, n, b_over_rho_l, T, C, xi, out, i)


@njit(cache=True, fastmath=True, inline="always")
def _rate_table_cell(k0, E, n, b_over_rho_l, T, C, xi, out, i) -> None:
    """One cell of :func:`sphere_rate_table` (shared by the serial and parallel kernels)."""
    inv_rt = 1.0 / (R_GAS * T[i])
    for j in range(k0.shape[0]):
        c = C[i, j]
        if c <= 0.0:
            kap = 0.0
        elif n[j] == 1.0:
            kap = b_over_rho_l[j] * k0[j] * math.exp(-E[j] * inv_rt) * c
        else:
            kap = b_over_rho_l[j] * k0[j] * math.exp(-E[j] * inv_rt + n[j] * math.log(c))
        kap3 = 3.0 * kap
        for q in range(xi.shape[0]):
            out[i, j, q] = kap3 * xi[q] * xi[q]


def sphere_rate_table_numpy(k0, E, n, b_over_rho_l, T, C, xi):
    """NumPy twin of :func:`sphere_rate_table`."""
    T = np.asarray(T, float)[:, None]
    C = np.asarray(C, float)
    with np.errstate(divide="ignore"):
        kap = b_over_rho_l * k0 * np.exp(-E / (R_GAS * T)) * np.where(C > 0, np.maximum(C, 1e-300) ** n, 0.0)
    return 3.0 * kap[:, :, None] * (np.asarray(xi, float) ** 2)[None, None, :]


@njit(cache=True, fastmath=True, parallel=True)
def sphere_rate_table_parallel(k0, E, n, b_over_rho_l, T, C, xi, out) -> None:
    """:func:`sphere_rate_table` with the cells spread over threads (numba ``prange``)."""
    for i in prange(T.shape[0]):
        _rate_table_cell(k0, E, n, b_over_rho_l, T, C, xi, out, i)
