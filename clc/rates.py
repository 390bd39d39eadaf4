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
from llvmlite import ir as llvm_ir
from numba import njit, prange, types
from numba.extending import intrinsic

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
    k = arrhenius(p[P_K0], p[P_E], T)
    kcn = k * C if p[P_N] == 1.0 else k * C ** p[P_N]  # C ** 1.0 == C exactly: the pow call skipped
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
    """out[i] = dX/dt at (T[i], C[i], X[i]) for one reaction: :func:`conversion_rate` at each point.

    The model is read once, not per point, and picks a branch-free loop that the compiler
    vectorises: the arithmetic of :func:`conversion_rate`, with exp(x), ln(y) and
    pow(y, a) = exp(a ln y) taken from :func:`_exp_v` and :func:`_log_v` (each within 1 ulp of
    libm's). A rate then differs from :func:`conversion_rate`'s by a few units of 2.2e-16
    (relative) times 1 + |n ln C| + |a ln(1 - X)| (a: the exponents of 1 - X in the model), and
    by more where :func:`conversion_rate` itself loses digits (1 - (1-X)^(1/3) near X = 0 in
    product-layer diffusion): tests/test_rates.py bounds both.
    """
    if int(p[P_MODEL]) == CHEMICAL:
        _rate_batch_chemical(p, T, C, X, out)
    else:
        _diffusion_loop(p, T, C, X, out)


@njit(cache=True, error_model="numpy")
def _rate_batch_chemical(p, T, C, X, out) -> None:
    """:func:`rate_batch` for chemical control, one loop per case of n == 1 and F_p == 1.

    C^1 == C and (1-X)^0 / 1 == 1 exactly, so those cases skip the pow; the branch on them is
    taken once, outside the loop, so that the loop body has no branch left.
    """
    if p[P_N] == 1.0:
        if p[P_FP] == 1.0:
            _chemical_loop(p, T, C, X, out, True, True)
        else:
            _chemical_loop(p, T, C, X, out, True, False)
    elif p[P_FP] == 1.0:
        _chemical_loop(p, T, C, X, out, False, True)
    else:
        _chemical_loop(p, T, C, X, out, False, False)


@njit(cache=True, inline="always", error_model="numpy")
def _chemical_loop(p, T, C, X, out, first_order, plate) -> None:
    """dX/dt = 1 / (tau_ch dg/dX), tau_ch = rho_m L / (b k0 exp(-E/RT) C^n), dg/dX = (1-X)^(1/F_p - 1) / F_p.

    Written with selects, not branches (both sides are computed, then one kept), so that the
    loop vectorises; ``first_order`` and ``plate`` are compile-time constants at each call.
    """
    k0, E, n, fp = p[P_K0], p[P_E], p[P_N], p[P_FP]
    rho_l = p[P_RHO] * p[P_L]
    b = p[P_B]
    ex = 1.0 / fp - 1.0
    for i in range(X.shape[0]):
        x, c = X[i], C[i]
        k = k0 * _exp_v(-E / (R_GAS * T[i]))
        if first_order:
            kcn = k * c
        else:
            kcn = k * _exp_v(n * _log_v(c))
        tau = rho_l / (b * kcn) if kcn > 0.0 else math.inf
        if plate:
            dg = 1.0
        else:
            dg = _exp_v(ex * _log_v(1.0 - x)) / fp
        r = 1.0 / (tau * dg)
        out[i] = 0.0 if (x >= 1.0) | (c <= 0.0) else r


@njit(cache=True, error_model="numpy")
def _diffusion_loop(p, T, C, X, out) -> None:
    """:func:`rate_batch` for product-layer diffusion, mixed control and the CGSM: one loop for all.

    dt/dX = tau_ch dg_ch/dX (mixed control, CGSM) + tau_D dg_D/dX, dg_D/dX = 2X (plate),
    -ln(1-X) (cylinder), 2((1-X)^(-1/3) - 1) (sphere), 2((1-X)^(-1/3) - (Z - (Z-1)(1-X))^(-1/3))
    (CGSM). Every form is computed at every point and the model's kept by a select, so that the
    loop has no branch and vectorises (a few exp and log more per point than one form needs,
    against compiling a loop per model, geometry and order). The order of operations is
    :func:`conversion_rate`'s.
    """
    model = int(p[P_MODEL])
    k0, E, n, fp, D0, E_D, z = p[P_K0], p[P_E], p[P_N], p[P_FP], p[P_D0], p[P_ED], p[P_Z]
    rho_l, rho_l2 = p[P_RHO] * p[P_L], p[P_RHO] * p[P_L] ** 2
    b, two_fp_b = p[P_B], 2.0 * p[P_FP] * p[P_B]
    ex = 1.0 / fp - 1.0
    chemical = model != DIFFUSION
    first_order, plate = n == 1.0, fp == 1.0
    kind = 4 if (model == CGSM and z != 1.0) else int(fp)
    floor = X_FLOOR if model == DIFFUSION else -math.inf  # diffusion alone: infinite rate at X = 0
    for i in range(X.shape[0]):
        xin, c = X[i], C[i]
        x = max(xin, floor)
        y = 1.0 - x
        ln_y = _log_v(y)
        k = k0 * _exp_v(-E / (R_GAS * T[i]))
        kcn_n = k * _exp_v(n * _log_v(c))
        kcn = k * c if first_order else kcn_n
        tau = rho_l / (b * kcn) if kcn > 0.0 else math.inf
        dg_n = _exp_v(ex * ln_y) / fp
        dg = 1.0 if plate else dg_n
        chem = tau * dg if chemical else 0.0
        dc = D0 * _exp_v(-E_D / (R_GAS * T[i])) * c
        tau_d = rho_l2 / (two_fp_b * dc) if dc > 0.0 else math.inf
        y3 = _exp_v(-1.0 / 3.0 * ln_y)
        u3 = _exp_v(-1.0 / 3.0 * _log_v(z - (z - 1.0) * y))
        d_plate = 2.0 * x
        d_cylinder = -ln_y if y > 0.0 else math.inf
        d_sphere = 2.0 * (y3 - 1.0) if y > 0.0 else math.inf
        d_cgsm = 2.0 * (y3 - u3)
        dg_d = d_plate if kind == 1 else (d_cylinder if kind == 2 else (d_sphere if kind == 3 else d_cgsm))
        r = 1.0 / ((0.0 + chem) + tau_d * dg_d)
        out[i] = 0.0 if (xin >= 1.0) | (c <= 0.0) else r


# --- exp and log the compiler can vectorise ----------------------------------------------------
# libm's exp, log and pow are calls the loop vectoriser cannot widen (numba has no vector math
# library unless Intel's SVML is installed). These two are plain arithmetic on the float's bits:
# exp by Cody-Waite reduction and a degree-13 Taylor polynomial, log by fdlibm's e_log.c
# (Sun Microsystems, 1993: the same reduction and coefficients). Both are within 1 ulp of
# glibc's (tests/test_rates.py), and agree with it bit for bit on about 90 % of arguments.


@intrinsic
def _f64_from_bits(typingctx, v):
    """The float64 whose IEEE-754 bits are the int64 ``v``."""
    def codegen(context, builder, sig, args):
        return builder.bitcast(args[0], llvm_ir.DoubleType())
    return types.float64(types.int64), codegen


@intrinsic
def _bits_of_f64(typingctx, v):
    """The IEEE-754 bits of the float64 ``v``, as an int64."""
    def codegen(context, builder, sig, args):
        return builder.bitcast(args[0], llvm_ir.IntType(64))
    return types.int64(types.float64), codegen


_LN2_HI, _LN2_LO = 6.93147180369123816490e-01, 1.90821492927058770002e-10  # fdlibm's split of ln 2
_INV_LN2 = 1.44269504088896338700e+00
_LG1, _LG2, _LG3, _LG4 = 6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01, 2.222219843214978396e-01
_LG5, _LG6, _LG7 = 1.818357216161805012e-01, 1.531383769920937332e-01, 1.479819860511658591e-01
_MANTISSA, _ONE_BITS = (1 << 52) - 1, 1023 << 52


@njit(cache=True, inline="always", error_model="numpy")
def _exp_v(x: float) -> float:
    """exp(x) without a libm call (within 1 ulp of libm; 0 below -745.2, inf above 709.8, NaN kept)."""
    xc = min(max(x, -746.0), 710.0)
    kf = math.floor(xc * _INV_LN2 + 0.5)
    r = (xc - kf * _LN2_HI) - kf * _LN2_LO  # |r| <= ln2 / 2
    q = 1.0 / 6227020800.0  # expm1(r) = r + r^2 (1/2! + r/3! + ... + r^11/13!)
    q = q * r + 1.0 / 479001600.0
    q = q * r + 1.0 / 39916800.0
    q = q * r + 1.0 / 3628800.0
    q = q * r + 1.0 / 362880.0
    q = q * r + 1.0 / 40320.0
    q = q * r + 1.0 / 5040.0
    q = q * r + 1.0 / 720.0
    q = q * r + 1.0 / 120.0
    q = q * r + 1.0 / 24.0
    q = q * r + 1.0 / 6.0
    q = q * r + 0.5
    q = q * r * r + r
    k = np.int64(kf)
    k1 = k >> 1  # 2^k as two factors, so that results down to the subnormals come out right
    y = (1.0 + q) * _f64_from_bits((k1 + 1023) << 52) * _f64_from_bits((k - k1 + 1023) << 52)
    return y if x == x else x


@njit(cache=True, inline="always", error_model="numpy")
def _log_v(y: float) -> float:
    """ln(y) without a libm call (fdlibm's e_log.c; within 1 ulp of libm; -inf at 0, NaN below)."""
    sub = y < 2.2250738585072014e-308
    ys = y * 18014398509481984.0 if sub else y  # subnormals scaled by 2^54 into the normal range
    bits = _bits_of_f64(ys)
    e = ((bits >> 52) & 2047) - 1023 - (54 if sub else 0)
    m = _f64_from_bits((bits & _MANTISSA) | _ONE_BITS)  # y = m 2^e, 1 <= m < 2
    big = m > 1.4142135623730951
    m = 0.5 * m if big else m  # sqrt(2)/2 < m <= sqrt(2)
    dk = np.float64(e + 1 if big else e)
    f = m - 1.0
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    t1 = w * (_LG2 + w * (_LG4 + w * _LG6))
    t2 = z * (_LG1 + w * (_LG3 + w * (_LG5 + w * _LG7)))
    hfsq = 0.5 * f * f
    r = dk * _LN2_HI - ((hfsq - (s * (hfsq + (t1 + t2)) + dk * _LN2_LO)) - f)
    edge = -math.inf if y == 0.0 else (y if y == math.inf else math.nan)
    return r if (y > 0.0) & (y < math.inf) else edge


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
