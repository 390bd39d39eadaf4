"""Numba kernels of the bubbling and riser bed (:mod:`clc.bubbling_bed`) with their NumPy/SciPy twins beside
them: one cell's balances and their analytic Jacobian, the cell's damped Newton solver (with the positivity-
preserving and reforming-continuation fallbacks), the march up the cells, and the fixed point on the mean rate
factor <g> with all its marches in one compiled call (Brent's method by reverse communication as the fallback).

The twins: :func:`_kappa` of the rate factor in the kernels, :func:`_cell_scipy` (MINPACK's hybrd) of
:func:`_cell_newton`, :func:`_root_g` / :func:`_g_eval` / :func:`_brentq_rc` of :func:`_g_solve_kernel`;
the twin of :func:`_march_kernel` is :func:`clc.bubbling_bed._march`, which needs the bed's set-up and stays
there. ``solve(use_twin=True)`` runs the twins; ``tests/test_bubbling_bed.py``, ``tests/test_cell_solver.py``
and ``tests/test_ni_carrier.py`` hold them equal to the kernels. Compiled with ``cache=True``: the cache is
keyed on this file, so after editing :mod:`clc.reforming`, :mod:`clc.rates` or :mod:`clc.population` (whose
kernels these call) alone, delete ``clc/__pycache__/bubbling_bed_kernels*.nb*``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from scipy.optimize import brentq, root

from . import gas, population, rates
from .errors import ConvergenceError
from .reforming import RF_METAL, _reforming

# largest scaled cell residual the marches accept: the cells' balances, as fractions of the feed,
# then hold to ~1e-14 each (a warm-started Newton stops as soon as it is below, so this sets how
# closely the bed's inert and element balances close over its cells)
NEWTON_TOL = 1e-14


@njit(cache=True)
def _driving(c_tot, y, j, kin_idx, kin_rev):
    """Effective concentration of reacting gas j [mol/m3]."""
    prod = int(kin_rev[j, 0])
    c = y[kin_idx[j]]
    if prod >= 0:
        c -= y[prod] * kin_rev[j, 1]
    return c_tot * c


def _kappa(p: np.ndarray, T: float, C: float) -> float:
    """1/tau_j = b k C^n / (rho_m L) [1/s] (0 without gas)."""
    if C <= 0.0:
        return 0.0
    return 1.0 / rates.tau_chemical(p, T, C)


@njit(cache=True)
def _bubble_out(fb_in, y_e, a_b, c_tot, f_b_total, prod, out):
    """Bubble-cell outflows given the emulsion mole fractions and the emulsion's net gas production.

    Diffusive interchange a_b C_tot (y_b - y_e) is equimolar; the gas the emulsion reactions
    make (prod > 0) joins the bubbles with the emulsion's composition, the gas they consume
    (prod < 0) is drawn from the bubbles with theirs, so the emulsion keeps flowing at u_mf.
    """
    n = fb_in.shape[0]
    f_out = max(f_b_total + prod, 1e-300)
    if prod >= 0.0:
        for i in range(n):
            out[i] = (fb_in[i] + (a_b * c_tot + prod) * y_e[i]) / (1.0 + a_b * c_tot / f_out)
    else:
        for i in range(n):
            out[i] = (fb_in[i] + a_b * c_tot * y_e[i]) / (1.0 + (a_b * c_tot - prod) / f_out)


# gas indices of the shift and the reforming
_ICH4 = gas.INDEX["CH4"]
_ICO, _IH2O, _ICO2, _IH2 = (gas.INDEX[s_] for s_ in ("CO", "H2O", "CO2", "H2"))


@njit(cache=True)
def _cell_residual(xv, fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx, kin_nu,
                   kin_o, kin_rev, wgs, k_wgs, nu_wgs, scale, out):
    """Balances of one cell (scaled by the feed); unknowns xv = (emulsion mole fractions, xi_wgs / scale).

    The emulsion's total outflow equals its inflow (gas at u_mf); the bubble cell follows in
    closed form from :func:`_bubble_out`.
    """
    n = fe_in.shape[0]
    f_e = 0.0
    for i in range(n):
        f_e += fe_in[i]
    y_e = np.empty(n)
    for i in range(n):
        y_e[i] = max(xv[i], 0.0)
    src = np.zeros(n)  # reaction sources in the emulsion [mol/s]
    for j in range(kin_idx.shape[0]):
        c_j = _driving(c_tot, y_e, j, kin_idx, kin_rev)
        if c_j > 0.0:
            r = rate_scale / rates.tau_chemical(kin_p[j], T, c_j) / kin_o[j]
            for i in range(n):
                src[i] += kin_nu[j, i] * r
    if wgs:
        for i in range(n):
            src[i] += nu_wgs[i] * xv[n] * scale
    if nu_wgs.shape[0] > n:  # steam reforming on the reduced metal (its constants follow the shift's nu)
        _reforming(y_e, nu_wgs[n:], c_tot, T, src, src, np.zeros((n, n)), False)
    prod = 0.0
    for i in range(n):
        prod += src[i]
    fb_out = np.empty(n)
    _bubble_out(fb_in, y_e, a_b, c_tot, f_b_total, prod, fb_out)
    if f_b_total <= 0.0:  # no bubbles (riser): the gas itself carries the mole change
        for i in range(n):
            out[i] = (fe_in[i] - xv[i] * (f_e + prod) + src[i]) / scale
    else:
        for i in range(n):
            # what the bubbles lost (interchange + convection) the emulsion gained, less its outflow
            out[i] = (fe_in[i] - xv[i] * f_e + fb_in[i] - fb_out[i] + src[i]) / scale
    if wgs:
        out[n] = k_wgs * y_e[_ICO] * y_e[_IH2O] - y_e[_ICO2] * y_e[_IH2]


@njit(cache=True)
def _solve_small(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """x with a x = b by Gaussian elimination with partial pivoting (a, b copied).

    A pivot below 1e-300 (the WGS row is empty when no C/H gases are present) leaves that
    unknown unchanged (x = 0 for it), which is what the Newton step needs there.
    """
    x = np.empty(b.shape[0])
    _solve_into(a.copy(), b, x, np.ones(b.shape[0], dtype=np.bool_))
    return x


@njit(cache=True)
def _solve_into(a: np.ndarray, b: np.ndarray, x: np.ndarray, perm_ok: np.ndarray) -> None:
    """:func:`_solve_small` without allocations: ``a`` is overwritten, the solution goes to ``x``."""
    m = b.shape[0]
    for i in range(m):
        x[i] = b[i]
        perm_ok[i] = True
    for col in range(m):
        piv = col
        big = abs(a[col, col])
        for r in range(col + 1, m):
            if abs(a[r, col]) > big:
                big = abs(a[r, col])
                piv = r
        if big < 1e-300:
            perm_ok[col] = False
            continue
        if piv != col:
            for c in range(m):
                a[col, c], a[piv, c] = a[piv, c], a[col, c]
            x[col], x[piv] = x[piv], x[col]
        for r in range(col + 1, m):
            f = a[r, col] / a[col, col]
            if f != 0.0:
                for c in range(col, m):
                    a[r, c] -= f * a[col, c]
                x[r] -= f * x[col]
    for col in range(m - 1, -1, -1):
        if not perm_ok[col]:
            x[col] = 0.0
            continue
        s = x[col]
        for c in range(col + 1, m):
            s -= a[col, c] * x[c]
        x[col] = s / a[col, col]


@njit(cache=True)
def _cell_residual_jac(xv, fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx, kin_nu,
                       kin_o, kin_rev, wgs, k_wgs, nu_wgs, scale, out, jac, ws):
    """:func:`_cell_residual` (into ``out``) and its analytic Jacobian d out / d xv (into ``jac``).

    ``ws`` is a work array of shape (4, len(xv)). Where a mole fraction is clipped at 0 the
    derivative is the one-sided one from above (as a forward difference gives it); where a
    driving concentration is not positive its rate and the rate's derivative are 0.
    Its reference is the finite-difference Jacobian of :func:`_cell_residual` (tests).
    """
    n = fe_in.shape[0]
    m = xv.shape[0]
    f_e = 0.0
    for i in range(n):
        f_e += fe_in[i]
    y_e = ws[0]
    dy = ws[1]
    src = ws[2]
    dprod = ws[3]
    for i in range(n):
        y_e[i] = max(xv[i], 0.0)
        dy[i] = 1.0 if xv[i] >= 0.0 else 0.0
        src[i] = 0.0
    for i in range(m):
        for k in range(m):
            jac[i, k] = 0.0  # rows < n first hold d src / d xv
    for j in range(kin_idx.shape[0]):
        c_j = _driving(c_tot, y_e, j, kin_idx, kin_rev)
        if c_j > 0.0:
            r = rate_scale / rates.tau_chemical(kin_p[j], T, c_j) / kin_o[j]
            drdc = kin_p[j, rates.P_N] * r / c_j  # r = const C^n
            ij = kin_idx[j]
            prod_j = int(kin_rev[j, 0])
            for i in range(n):
                nu = kin_nu[j, i]
                if nu != 0.0:
                    src[i] += nu * r
                    jac[i, ij] += nu * drdc * c_tot * dy[ij]
                    if prod_j >= 0:
                        jac[i, prod_j] -= nu * drdc * c_tot * kin_rev[j, 1] * dy[prod_j]
    if wgs:
        for i in range(n):
            src[i] += nu_wgs[i] * xv[n] * scale
            jac[i, n] += nu_wgs[i] * scale
    if nu_wgs.shape[0] > n:  # steam reforming: sources into src, d src / d y_e into jac[:n, :n]
        # the gas slots only: with the shift, ws's rows are one longer, and their last slot is not set here
        _reforming(y_e[:n], nu_wgs[n:], c_tot, T, src, dy, jac, True)
    prod = 0.0
    for i in range(n):
        prod += src[i]
    for k in range(m):
        s = 0.0
        for i in range(n):
            s += jac[i, k]
        dprod[k] = s
    if f_b_total <= 0.0:  # riser: out_i = (fe_i - x_i (f_e + prod) + src_i) / scale
        for i in range(n):
            out[i] = (fe_in[i] - xv[i] * (f_e + prod) + src[i]) / scale
            for k in range(m):
                jac[i, k] = (jac[i, k] - xv[i] * dprod[k]) / scale
            jac[i, i] -= (f_e + prod) / scale
    else:
        # bubble outflow of :func:`_bubble_out`, fb_i = N_i / D, differentiated in y_i and prod
        a_c = a_b * c_tot
        f_out = f_b_total + prod
        dfo = 1.0
        if f_out <= 1e-300:
            f_out = 1e-300
            dfo = 0.0
        if prod >= 0.0:
            d = 1.0 + a_c / f_out
            dd = -a_c / (f_out * f_out) * dfo
            dn_dy = a_c + prod
        else:
            d = 1.0 + (a_c - prod) / f_out
            if dfo == 0.0:  # f_out clipped: f_out * f_out would underflow to 0
                dd = -1.0 / f_out
            else:
                dd = (-f_out - (a_c - prod) * dfo) / (f_out * f_out)
            dn_dy = a_c
        for i in range(n):
            num = fb_in[i] + dn_dy * y_e[i]
            fb_i = num / d
            dfb_dp = ((y_e[i] if prod >= 0.0 else 0.0) - fb_i * dd) / d
            out[i] = (fe_in[i] - xv[i] * f_e + fb_in[i] - fb_i + src[i]) / scale
            for k in range(m):
                jac[i, k] = (jac[i, k] - dfb_dp * dprod[k]) / scale
            jac[i, i] -= (f_e + dn_dy / d * dy[i]) / scale
    if wgs:
        out[n] = k_wgs * y_e[_ICO] * y_e[_IH2O] - y_e[_ICO2] * y_e[_IH2]
        jac[n, _ICO] += k_wgs * y_e[_IH2O] * dy[_ICO]
        jac[n, _IH2O] += k_wgs * y_e[_ICO] * dy[_IH2O]
        jac[n, _ICO2] -= y_e[_IH2] * dy[_ICO2]
        jac[n, _IH2] -= y_e[_ICO2] * dy[_IH2]


@njit(cache=True)
def _newton_work(m: int):
    """Work arrays of :func:`_cell_newton_ws` for m unknowns."""
    return (np.empty(m), np.empty(m), np.empty(m), np.empty(m), np.empty((m, m)), np.empty((m, m)),
            np.empty((4, m)), np.empty(m), np.ones(m, dtype=np.bool_))


@njit(cache=True)
def _cell_newton(x0, args, tol=1e-13, max_iter=100):
    """Damped Newton with the analytic Jacobian of :func:`_cell_residual_jac`; (x, converged).

    Where the plain iteration fails, it is repeated from ``x0`` with positivity-preserving steps
    (:func:`_cell_newton_ws` with ``positive``), the march kernel's fallback. Its NumPy/SciPy
    twin is :func:`_cell_scipy` (MINPACK's hybrd on :func:`_cell_residual`, the same fallback).
    """
    work = _newton_work(x0.shape[0])
    x, ok = _cell_newton_ws(x0, args, work, tol, max_iter, False)
    if not ok:
        x, ok = _cell_newton_ws(x0, args, work, tol, POSITIVE_MAX_ITER, True)
    if not ok:
        x, ok = _cell_newton_ramp(x0, args, work, tol)
    return x.copy(), ok


@njit(cache=True)
def _cell_newton_ramp(x0, args, work, tol):
    """The cell solved by continuation in its reforming rate, for cells where Newton fails outright.

    Reforming on much reduced metal is fast enough that the cell sits at its equilibrium, and Newton
    from the inflow (no H2: the rates at their H2 floor) does not find it. The metal in the cell
    (``args[14][n + RF_METAL]``, restored on return) is raised from 1e-8 of its value to all of it,
    tenfold per step, each step the positivity-preserving Newton from the last root; a failed step
    is retried with a smaller ratio. A step is accepted at a scaled residual below :data:`RAMP_TOL`
    where Newton stalls above ``tol``: near the reforming equilibrium the rates are small differences
    of large forward and reverse terms, whose round-off sets a floor on the residual (the bed's
    element balances are checked after the solve all the same). (x, converged); not converged
    without reforming.
    """
    (fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx, kin_nu, kin_o, kin_rev, wgs,
     k_wgs, nu, scale) = args
    res = np.empty(x0.shape[0])
    n = args[0].shape[0]
    x_ok = x0.copy()
    if nu.shape[0] <= n:
        return x_ok, False
    full = nu[n + RF_METAL]
    s_ok, s, ratio = 0.0, 1e-8, 10.0
    ok = False
    for _ in range(400):
        nu[n + RF_METAL] = full * s
        x, ok = _cell_newton_ws(x_ok, args, work, tol, POSITIVE_MAX_ITER, True)
        if not ok:
            _cell_residual(x, fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx, kin_nu, kin_o,
                           kin_rev, wgs, k_wgs, nu, scale, res)
            ok = np.max(np.abs(res)) < RAMP_TOL
        if ok:
            x_ok = x.copy()
            s_ok = s
            if s >= 1.0:
                break
            s = min(s * ratio, 1.0)
        else:
            ratio = math.sqrt(ratio)
            if ratio < 1.0001:
                break
            s = min(s_ok * ratio, 1.0) if s_ok > 0.0 else s * 1e-2
    nu[n + RF_METAL] = full
    return x_ok, ok and s_ok >= 1.0


# largest scaled cell residual a reforming cell solved by continuation accepts (_cell_newton_ramp)
RAMP_TOL = 1e-11

# iterations of the positivity-preserving Newton: each step that would cross zero cuts that mole
# fraction tenfold, so a fuel gas ~1e-30 below its start needs ~30 of them before Newton's own steps
POSITIVE_MAX_ITER = 300


@njit(cache=True)
def _cell_newton_ws(x0, args, work, tol, max_iter, positive):
    """:func:`_cell_newton` in the work arrays of :func:`_newton_work`; x is one of them.

    A step is halved until the largest scaled residual falls (a line search on the max norm).
    Mole fractions a step would make negative are clipped at 0; with ``positive`` they are cut to
    a tenth of their value instead (a fraction-to-the-boundary rule). The clipped iteration fails
    where the rate's order is below 1 and the fuel gas is nearly consumed: at 0 the rate and its
    derivative vanish, so Newton leaps to the inflow's composition and back to 0, never reaching
    the root a few decades below (e.g. CH4 on the Cu set, n = 0.4); the positive steps walk down
    to it geometrically and Newton finishes from there.
    """
    (fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx, kin_nu, kin_o, kin_rev, wgs,
     k_wgs, nu_wgs, scale) = args
    x, xn, r, r2, jac, jac2, ws, dx, perm_ok = work
    m = x0.shape[0]
    n_clip = m - 1 if wgs else m
    for i in range(m):
        x[i] = x0[i]
    _cell_residual_jac(x, fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx, kin_nu,
                       kin_o, kin_rev, wgs, k_wgs, nu_wgs, scale, r, jac, ws)
    norm = np.max(np.abs(r))
    n2 = norm
    for _ in range(max_iter):
        if norm < tol:
            return x, True
        for i in range(m):
            r2[i] = -r[i]
        _solve_into(jac, r2, dx, perm_ok)  # jac is recomputed at the next point
        step = 1.0
        for _ls in range(30):
            for i in range(m):
                xn[i] = x[i] + step * dx[i]
            for i in range(n_clip):
                if xn[i] < 0.0:
                    xn[i] = 0.1 * x[i] if positive else 0.0
            _cell_residual_jac(xn, fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx,
                               kin_nu, kin_o, kin_rev, wgs, k_wgs, nu_wgs, scale, r2, jac2, ws)
            n2 = np.max(np.abs(r2))
            if n2 < norm or step < 1e-6:
                break
            step *= 0.5
        if n2 >= norm:  # no descent even at a tiny step: the round-off floor of the residual
            return x, norm < 1e3 * tol
        x, xn = xn, x
        r, r2 = r2, r
        jac, jac2 = jac2, jac
        norm = n2
    return x, norm < tol


def _cell_scipy(x0, args):
    """NumPy/SciPy twin of :func:`_cell_newton`: the same balances solved by MINPACK's hybrd.

    Where hybrd fails, the positivity-preserving Newton of :func:`_cell_newton_ws` runs in plain
    Python (its ``py_func``), as the kernel's fallback does.
    """
    m = x0.shape[0]

    def f(xv):
        out = np.empty(m)
        _cell_residual.py_func(xv, *args, out)
        return out

    sol = root(f, x0, method="hybr", options={"xtol": 1e-13})
    if np.max(np.abs(f(sol.x))) < 1e-11:
        return sol.x, True
    work = _newton_work.py_func(m)
    x, ok = _cell_newton_ws.py_func(np.asarray(x0, dtype=float), args, work, 1e-13, POSITIVE_MAX_ITER, True)
    if not ok:  # reforming too fast to start from the inflow: continuation in its rate, as the kernel
        x, ok = _cell_newton_ramp.py_func(np.asarray(x0, dtype=float), args, work, 1e-13)
    return x.copy(), bool(ok)


@njit(cache=True)
def _march_kernel(fe, fb, src_cells, a_b_arr, m_s_arr, c_tot, o_per_kg, g_mean, T, kin_p, kin_idx, kin_nu, kin_o,
                  kin_rev, kin_sign, wgs, k_wgs, nu_wgs, guess):
    """Numba twin of :func:`clc.bubbling_bed._march`: the whole cell chain in one compiled call.

    ``guess`` (n_cells x unknowns per cell, or 0 x n) warm-starts each cell's Newton iteration;
    ``src_cells`` (n_cells x n) is the gas released in each cell's emulsion
    (:func:`clc.bubbling_bed._emulsion_sources`).
    Returns (outlet, y_bubble, y_emulsion, sum m_s kappa, O to gas, failed cell or -1, the
    cells' solved unknowns: the next march's ``guess``). Written with explicit loops (no array
    expressions), which keeps numba's compile time down.
    """
    n = fe.shape[0]
    n_cells = a_b_arr.shape[0]
    m = n + 1 if wgs else n
    yb_prof = np.zeros((n_cells, n))
    ye_prof = np.zeros((n_cells, n))
    x_prof = np.zeros((n_cells, m))
    work = _newton_work(m)
    x0 = np.zeros(m)
    src = np.zeros(n)
    y_e = np.zeros(n)
    fb = fb.copy()
    fe = fe.copy()
    fb_new = np.empty(n)
    scale = 0.0
    for i in range(n):
        scale += fe[i] + fb[i]
    for k in range(n_cells):
        for i in range(n):
            scale += src_cells[k, i]
    kappa_weighted = 0.0
    o_to_gas = 0.0
    # a cell's copy of nu_wgs, whose reforming entries (if any) carry that cell's reduced metal
    nu_cell = nu_wgs.copy()
    warm = guess.shape[0] == n_cells
    n_guess = min(m, guess.shape[1])
    failed = -1
    for k in range(n_cells):
        n_o = m_s_arr[k] * o_per_kg
        if nu_wgs.shape[0] > n:
            nu_cell[n + RF_METAL] = nu_wgs[n + RF_METAL] * m_s_arr[k]
        a_b = a_b_arr[k]
        if a_b < 0.0:  # freeboard cell: the bubbles have burst at the bed surface, one gas phase
            a_b = 0.0
            for i in range(n):
                fe[i] += fb[i]
                fb[i] = 0.0
        base_e = 0.0  # the emulsion's own inflow; gas released in it leaves to the bubbles
        for i in range(n):
            base_e += fe[i]
            fe[i] += src_cells[k, i]
        fb_tot = 0.0
        fe_tot = 0.0
        for i in range(n):
            fb_tot += fb[i]
            fe_tot += fe[i]
        args = (fe, fb, a_b, c_tot, fb_tot, n_o * g_mean, T, kin_p, kin_idx, kin_nu, kin_o,
                kin_rev, wgs, k_wgs, nu_cell, scale)
        ok = False
        x = x0
        # warm start; if it misleads Newton, cold; then cold with positivity-preserving steps (one
        # call site: compiles once)
        for attempt in range(4):
            if (attempt == 1 and not warm) or (attempt == 3 and nu_wgs.shape[0] <= n):
                continue
            for i in range(m):
                x0[i] = 0.0
            for i in range(n):
                if warm and attempt == 0:
                    x0[i] = guess[k, i]
                elif k == 0:
                    x0[i] = (fe[i] + fb[i]) / scale
                else:
                    x0[i] = ye_prof[k - 1, i]
            if warm and attempt == 0 and n_guess > n:
                x0[n] = guess[k, n]
            if attempt == 3:  # reforming: continuation in its rate (one call site)
                x, ok = _cell_newton_ramp(x0, args, work, NEWTON_TOL)
            else:
                x, ok = _cell_newton_ws(x0, args, work, NEWTON_TOL, POSITIVE_MAX_ITER if attempt == 2 else 100,
                                        attempt == 2)
            if ok:
                break
        if not ok:
            failed = k
            break
        for i in range(m):
            x_prof[k, i] = x[i]
        for i in range(n):
            y_e[i] = max(x[i], 0.0)
            src[i] = 0.0
        kap = 0.0
        for j in range(kin_idx.shape[0]):
            c_j = _driving(c_tot, y_e, j, kin_idx, kin_rev)
            kj = 1.0 / rates.tau_chemical(kin_p[j], T, c_j) if c_j > 0.0 else 0.0
            kap += kj
            for i in range(n):
                src[i] += kin_nu[j, i] * n_o * g_mean * kj / kin_o[j]
            o_to_gas += n_o * g_mean * kj * kin_sign[j]
        if nu_wgs.shape[0] > n:
            _reforming(y_e, nu_cell[n:], c_tot, T, src, src, np.zeros((n, n)), False)
        prod = 0.0
        for i in range(n):
            if wgs:
                src[i] += nu_wgs[i] * x[n] * scale
            prod += src[i]
        if fb_tot > 0.0:
            _bubble_out(fb, y_e, a_b, c_tot, fb_tot, prod, fb_new)
            fb_sum = 0.0
            for i in range(n):
                fb[i] = fb_new[i] + y_e[i] * (fe_tot - base_e)
                fb_sum += fb[i]
            for i in range(n):
                fe[i] = y_e[i] * base_e
                yb_prof[k, i] = fb[i] / fb_sum
        else:
            for i in range(n):
                fe[i] = y_e[i] * (fe_tot + prod)
                yb_prof[k, i] = y_e[i]  # a riser has one gas phase
        for i in range(n):
            ye_prof[k, i] = y_e[i]
        kappa_weighted += m_s_arr[k] * kap
    outlet = np.empty(n)
    for i in range(n):
        outlet[i] = fb[i] + fe[i]
    return outlet, yb_prof, ye_prof, kappa_weighted, o_to_gas, failed, x_prof


# --- root of g - <g>(g): Brent's method by reverse communication --------------------------------
# The state array holds (x_pre, x_cur, x_blk, f_pre, f_cur, f_blk, s_pre, s_cur); the iteration is
# the one of SciPy's brentq (Brent, Algorithms for Minimization without Derivatives, 1973, ch. 4),
# so that the numba root finder and its SciPy twin take the same steps.
_B_XPRE, _B_XCUR, _B_XBLK, _B_FPRE, _B_FCUR, _B_FBLK, _B_SPRE, _B_SCUR = range(8)


@njit(cache=True)
def _brent_start(xa: float, fa: float, xb: float, fb: float) -> np.ndarray:
    """Brent state on the bracket [xa, xb] (fa fb < 0); then call :func:`_brent_next`."""
    s = np.zeros(8)
    s[_B_XPRE], s[_B_XCUR], s[_B_FPRE], s[_B_FCUR] = xa, xb, fa, fb
    return s


@njit(cache=True)
def _brent_next(s: np.ndarray, xtol: float, rtol: float) -> tuple:
    """(x, done): the root if done, else the next point, whose f the caller stores in s[_B_FCUR]."""
    xpre, xcur, xblk = s[_B_XPRE], s[_B_XCUR], s[_B_XBLK]
    fpre, fcur, fblk = s[_B_FPRE], s[_B_FCUR], s[_B_FBLK]
    spre, scur = s[_B_SPRE], s[_B_SCUR]
    if fpre * fcur < 0.0:
        xblk, fblk = xpre, fpre
        spre = scur = xcur - xpre
    if abs(fblk) < abs(fcur):
        xpre, xcur, xblk = xcur, xblk, xcur
        fpre, fcur, fblk = fcur, fblk, fcur
    delta = (xtol + rtol * abs(xcur)) / 2.0
    sbis = (xblk - xcur) / 2.0
    done = fcur == 0.0 or abs(sbis) < delta
    if not done:
        if abs(spre) > delta and abs(fcur) < abs(fpre):
            if xpre == xblk:  # secant
                stry = -fcur * (xcur - xpre) / (fcur - fpre)
            else:  # inverse quadratic
                dpre = (fpre - fcur) / (xpre - xcur)
                dblk = (fblk - fcur) / (xblk - xcur)
                stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            if 2.0 * abs(stry) < min(abs(spre), 3.0 * abs(sbis) - delta):
                spre, scur = scur, stry
            else:
                spre = scur = sbis
        else:
            spre = scur = sbis
        xpre, fpre = xcur, fcur
        xcur += scur if abs(scur) > delta else (delta if sbis > 0.0 else -delta)
    s[_B_XPRE], s[_B_XCUR], s[_B_XBLK] = xpre, xcur, xblk
    s[_B_FPRE], s[_B_FCUR], s[_B_FBLK] = fpre, fcur, fblk
    s[_B_SPRE], s[_B_SCUR] = spre, scur
    return xcur, done


def _brentq_rc(f, a: float, b: float, xtol: float, rtol: float, maxiter: int = 200) -> float:
    """Brent's method through :func:`_brent_start` / :func:`_brent_next` (checked against SciPy's brentq)."""
    fa, fb = f(a), f(b)
    if fa * fb > 0.0:
        raise ValueError("f(a) and f(b) must have different signs")
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    s = _brent_start(a, fa, b, fb)
    for _ in range(maxiter):
        x, done = _brent_next(s, xtol, rtol)
        if done:
            return x
        s[_B_FCUR] = f(x)
    raise ConvergenceError(f"bubbling bed: Brent's method on the mean rate factor <g> did not converge in "
                           f"{maxiter} iterations")


def _first_step(g0: float, f0: float, g_max: float, slope: float | None) -> tuple[float, bool]:
    """Second point of the secant: a Newton step with the previous solve's slope, else g0 (1 + 1e-4).

    Returns (g1, whether g1 estimates the root, so that a step below the tolerance ends the search).
    """
    if slope is not None and slope != 0.0 and math.isfinite(slope):
        g1 = g0 - f0 / slope
        if 0.0 < g1 <= g_max and g1 != g0:
            return g1, True
    return min(g0 * (1.0 + 1e-4), g_max), False


def _root_g(f, g_max: float, guess: float | None, slope: float | None = None) -> tuple[float, float | None]:
    """Root of f(g) = g - <g>(g) in [0, g_max]: secant from a guess, else Brent on the bracket.

    Returns (root, the secant's last slope or None). Plain-Python twin of :func:`_g_solve_kernel`.
    """
    tol = 1e-11 * max(g_max, 1e-12)
    if guess is not None and 0.0 < guess < g_max:
        g0, f0 = guess, f(guess)
        g1, estimate = _first_step(g0, f0, g_max, slope)
    else:  # from g_max, whose image <g>(g_max) is the first step (a fixed-point step)
        g0, f0 = g_max, f(g_max)
        if f0 <= 0.0:
            return g_max, None
        g1, slope, estimate = g_max - f0, None, True
    f1 = f(g1)
    if estimate and abs(g1 - g0) <= tol:
        return g1, slope
    for _ in range(20):
        if f1 == f0:
            break
        g2 = g1 - f1 * (g1 - g0) / (f1 - f0)
        slope = (f1 - f0) / (g1 - g0)
        if not 0.0 <= g2 <= g_max:
            break
        g0, f0, g1 = g1, f1, g2
        f1 = f(g1)
        if abs(g1 - g0) <= tol:
            return g1, slope
    if f(g_max) <= 0.0:
        return g_max, None
    return brentq(f, 0.0, g_max, xtol=tol, rtol=1e-13, maxiter=200), None


def _g_eval(g, fe, fb, src_cells, a_b_arr, m_s_arr, c_tot, o_per_kg, T, kin_p, kin_idx, kin_nu, kin_o, kin_rev, kin_sign,
            wgs, k_wgs, nu_wgs, profile, fp, x_in, t_mean, m_bed, nodes, weights):
    """March at <g> = g and average the population: (g - <g>_new, march outputs, tau_eff, x_out).

    The step :func:`_g_solve_kernel` repeats (written out there); used by the tests."""
    out = _march_kernel(fe, fb, src_cells, a_b_arr, m_s_arr, c_tot, o_per_kg, g, T, kin_p, kin_idx, kin_nu, kin_o,
                        kin_rev, kin_sign, wgs, k_wgs, nu_wgs, profile)
    kappa_mean = out[3] / m_bed
    tau = 1.0 / kappa_mean if kappa_mean > 0.0 else math.inf
    x_out, g_new = population.mixed_bed_averages(fp, x_in, tau, t_mean, nodes, weights)
    return g - g_new, out, tau, x_out


@njit(cache=True)
def _extrapolate(x0, x1, g0, g1, g, n_species):
    """Warm start for a march at g: the cells' unknowns extrapolated linearly from the marches at g0
    and g1 (x0, x1), mole fractions kept >= 0; x1 itself where that would reach past 1.5 steps."""
    if x0.shape[0] != x1.shape[0] or x0.shape[1] != x1.shape[1] or x1.shape[0] == 0 or g1 == g0:
        return x1
    t = (g - g1) / (g1 - g0)
    if not abs(t) <= 1.5:
        return x1
    out = np.empty(x1.shape)
    for k in range(x1.shape[0]):
        for i in range(x1.shape[1]):
            v = x1[k, i] + (x1[k, i] - x0[k, i]) * t
            out[k, i] = max(v, 0.0) if i < n_species else v
    return out


@njit(cache=True)
def _g_solve_kernel(fe, fb, src_cells, a_b_arr, m_s_arr, c_tot, o_per_kg, T, kin_p, kin_idx, kin_nu, kin_o, kin_rev,
                    kin_sign, wgs, k_wgs, nu_wgs, profile, fp, x_in, t_mean, g_max, guess, slope, nodes, weights):
    """The bed's fixed point <g> = g in one compiled call: :func:`_root_g` over :func:`_march_kernel`.

    ``guess`` outside (0, g_max) and ``slope`` = 0 mean none; ``profile`` (n_cells x unknowns per
    cell, or 0 x n) warm-starts the cells' Newton iterations; later marches start from the last
    two (:func:`_extrapolate`). Returns (g, outlet, y_bubble, y_emulsion, O to gas, tau_eff, x_out,
    failed cell or -1, the secant's last slope or 0, number of marches, the cells' unknowns for
    the next warm start). Its twin is :func:`_root_g` over the Python march
    (``solve(use_twin=True)``): the same steps, Brent's as SciPy's brentq takes them. Written as
    one loop around a single march (a state machine over the phases below), which keeps the
    compiled code, and numba's compile time, small.
    """
    m_bed = m_s_arr.sum()
    n_sp = fe.shape[0]
    tol = 1e-11 * max(g_max, 1e-12)
    has_guess = 0.0 < guess < g_max
    start, first, secant, at_gmax, at_zero, brent, final = 0, 1, 2, 3, 4, 5, 6
    phase = start
    g_next = guess if has_guess else g_max
    # the last march (its point, f, outputs) and the one before it, for the warm starts
    g_last, tau_last, x_last = g_next, math.inf, x_in
    last = (fe + fb, np.zeros((0, n_sp)), np.zeros((0, n_sp)), 0.0, 0.0, -1, np.zeros((0, profile.shape[1])))
    prev_g = g_next
    prev_x = profile[:0]
    last_x = profile
    root = -1.0
    slope_out = slope if has_guess else 0.0
    f_gmax = math.nan
    g0 = f0 = g1 = f1 = 0.0
    estimate = True  # g1 estimates the root (not the secant's small perturbation)
    n_secant = 0
    n_brent = 0
    s = np.zeros(8)
    n_eval = 0
    for _ in range(300):
        out = _march_kernel(fe, fb, src_cells, a_b_arr, m_s_arr, c_tot, o_per_kg, g_next, T, kin_p, kin_idx, kin_nu,
                            kin_o,
                            kin_rev, kin_sign, wgs, k_wgs, nu_wgs,
                            _extrapolate(prev_x, last_x, prev_g, g_last, g_next, n_sp))
        n_eval += 1
        kappa_mean = out[3] / m_bed
        tau = 1.0 / kappa_mean if kappa_mean > 0.0 else math.inf
        x_o, g_new = population.mixed_bed_averages(fp, x_in, tau, t_mean, nodes, weights)
        f = g_next - g_new  # as in :func:`_g_eval`
        if out[5] >= 0:
            return g_next, out[0], out[1], out[2], out[4], tau, x_o, out[5], 0.0, n_eval, out[6]
        if n_eval > 1:
            prev_g, prev_x = g_last, last_x
        g_last, last, tau_last, x_last, last_x = g_next, out, tau, x_o, out[6]
        if g_next == g_max:
            f_gmax = f
        if phase == final:
            break
        # what this march tells, and where the next one goes
        fallback = False
        if phase == start:
            g0, f0 = g_next, f
            if has_guess:
                g1 = min(g0 * (1.0 + 1e-4), g_max)
                estimate = False
                if slope != 0.0 and math.isfinite(slope):  # Newton step with the previous solve's slope
                    g_try = g0 - f0 / slope
                    if 0.0 < g_try <= g_max and g_try != g0:
                        g1 = g_try
                        estimate = True
            else:  # from g_max, whose image <g>(g_max) is the first step (a fixed-point step)
                if f0 <= 0.0:
                    root = g_max
                g1 = g_max - f0
            phase = first
            g_next = g1
        elif phase == first or phase == secant:
            f1 = f
            if (phase == secant or estimate) and abs(g1 - g0) <= tol:
                root = g1
            elif n_secant == 20 or f1 == f0:
                fallback = True
            else:
                g2 = g1 - f1 * (g1 - g0) / (f1 - f0)
                slope_out = (f1 - f0) / (g1 - g0)
                if not 0.0 <= g2 <= g_max:
                    fallback = True
                else:
                    g0, f0, g1 = g1, f1, g2
                    n_secant += 1
                    phase = secant
                    g_next = g2
        elif phase == at_gmax:
            if f_gmax <= 0.0:
                root = g_max
            else:
                phase = at_zero
                g_next = 0.0
        elif phase == at_zero:
            if f == 0.0:
                root = 0.0
            else:  # f(0) = -<g>(0) < 0 < f(g_max)
                s = _brent_start(0.0, f, g_max, f_gmax)
                phase = brent
        elif phase == brent:
            s[_B_FCUR] = f
        if fallback:  # the secant failed: Brent on the bracket [0, g_max]
            slope_out = 0.0
            if f_gmax != f_gmax:  # not evaluated yet
                phase = at_gmax
                g_next = g_max
            elif f_gmax <= 0.0:
                root = g_max
            else:
                phase = at_zero
                g_next = 0.0
        if phase == brent and root < 0.0:
            x, done = _brent_next(s, tol, 1e-13)
            n_brent += 1
            if done or n_brent > 200:
                root = x if done else s[_B_XCUR]
            else:
                g_next = x
        if root >= 0.0:
            if root == g_last:
                break
            phase = final  # Brent may end on an earlier point: march there once more
            g_next = root
    return root, last[0], last[1], last[2], last[4], tau_last, x_last, -1, slope_out, n_eval, last[6]
