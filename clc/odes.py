"""Numerics of the reactor models' differential equations: one explicit and one implicit integrator.

Both take the right-hand side as a numba function ``rhs(y, args, out) -> aux`` (``args`` a tuple the
integrator passes through untouched, ``out`` the derivative written in place, ``aux`` a number the
model may use to signal a failed evaluation with NaN, e.g. a temperature that could not be found),
so that every reactor uses the same integrators.

- :func:`dop853`: Dormand & Prince's explicit 8(5,3) pair with SciPy's DOP853 tableau, error norm,
  step control and dense output (Hairer, Norsett & Wanner, Solving Ordinary Differential
  Equations I, 2nd ed., Springer 1993, section II.10; SciPy ``scipy.integrate.DOP853``), for
  non-stiff problems. Its reference twin is SciPy's DOP853 itself (the tests hold the steps equal).
- :func:`radau5`: the 3-stage Radau IIA collocation method (order 5, L-stable, stiffly accurate;
  Hairer & Wanner, Solving Ordinary Differential Equations II, 2nd ed., Springer 1996, section
  IV.5), for stiff problems. Each step solves its stage equations by Newton's method with a
  finite-difference Jacobian taken at the step's start. Either it builds its own mesh (step
  doubling: a step is accepted when one step of h and two of h/2 agree to the tolerance, and
  the two half steps are kept), or it integrates on a given mesh with no error control, which
  makes the discrete solution a smooth function of the model's parameters (what a Newton
  iteration over shooting parameters needs). :func:`radau5_reference` is its plain NumPy twin.

Numba cannot cache a function that takes another numba function as an argument (the cache key
would hold that function's identity, so each process would compile it again). The integrators are
therefore written as templates that call a global ``RHS``, and :func:`integrators` compiles them once
per right-hand side (cached like every kernel); :func:`dop853` and :func:`radau5` look them up.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import math
import types as _types
import warnings
from pathlib import Path
from typing import NamedTuple

import numpy as np
from numba import njit
from scipy.integrate import DOP853 as _SCIPY_DOP853

# --- Dormand & Prince 8(5,3): SciPy's tableau ------------------------------------------------------
DOP853_TABLEAU = tuple(np.ascontiguousarray(a, dtype=np.float64) for a in (
    _SCIPY_DOP853.A, _SCIPY_DOP853.B, _SCIPY_DOP853.C, _SCIPY_DOP853.E3, _SCIPY_DOP853.E5,
    _SCIPY_DOP853.A_EXTRA, _SCIPY_DOP853.C_EXTRA, _SCIPY_DOP853.D))

# the templates' callees, bound by :func:`integrators` (placeholders here)
RHS = RADAU_JACOBIAN = RADAU_NEWTON = None

# status codes of the integrators
DONE, EVENT, FAILED, GUARD = 0, 1, 2, 3


@njit(cache=True)
def rk_norm(v, scale):
    s = 0.0
    for i in range(v.shape[0]):
        s += (v[i] / scale[i]) ** 2
    return math.sqrt(s / v.shape[0])


@njit(cache=True)
def dp_first_h0(y, f, atol, rtol, length, scale):
    """SciPy's select_initial_step, first half: the trial step h0 and the norm d1 of f."""
    for i in range(y.shape[0]):
        scale[i] = atol[i] + abs(y[i]) * rtol
    d0 = rk_norm(y, scale)
    d1 = rk_norm(f, scale)
    h0 = 1e-6 if (d0 < 1e-5 or d1 < 1e-5) else 0.01 * d0 / d1
    return min(h0, length), d1


@njit(cache=True)
def dp_first_h(f, f1, scale, h0, d1, length, work):
    """SciPy's select_initial_step, second half (error estimator order 7), from f1 = f(y + h0 f)."""
    for i in range(f.shape[0]):
        work[i] = f1[i] - f[i]
    d2 = rk_norm(work, scale) / h0
    if d1 <= 1e-15 and d2 <= 1e-15:
        h1 = max(1e-6, h0 * 1e-3)
    else:
        h1 = (0.01 / max(d1, d2)) ** (1.0 / 8.0)
    return min(100.0 * h0, h1, length)


@njit(cache=True)
def dp_stage_state(K, a_row, s, y, h, out):
    """out = y + h sum_{q<s} a_row[q] K[q]: the state at which stage s is evaluated."""
    for i in range(y.shape[0]):
        acc = 0.0
        for q in range(s):
            acc += K[q, i] * a_row[q]
        out[i] = y[i] + acc * h


@njit(cache=True)
def dp_error(K, rk_e5, rk_e3, y, y_new, atol, rtol, h, scale):
    """DOP853's scaled error norm of one step (SciPy's _estimate_error_norm); K holds the n_st + 1 stages."""
    n = y.shape[0]
    e5 = 0.0
    e3 = 0.0
    for i in range(n):
        scale[i] = atol[i] + max(abs(y[i]), abs(y_new[i])) * rtol
        a5 = 0.0
        a3 = 0.0
        for q in range(rk_e5.shape[0]):
            a5 += K[q, i] * rk_e5[q]
            a3 += K[q, i] * rk_e3[q]
        e5 += (a5 / scale[i]) ** 2
        e3 += (a3 / scale[i]) ** 2
    if e5 == 0.0 and e3 == 0.0:
        return 0.0
    return abs(h) * e5 / math.sqrt((e5 + 0.01 * e3) * n)


@njit(cache=True)
def dp_next_h(err, h, rejected):
    """Step-size control: (accepted, next |h|)."""
    if err < 1.0:
        factor = 10.0 if err == 0.0 else min(10.0, 0.9 * err ** (-1.0 / 8.0))
        if rejected:
            factor = min(1.0, factor)
        return True, h * factor
    f_rej = 0.9 * err ** (-1.0 / 8.0)  # a non-finite error also lands here
    return False, h * (f_rej if f_rej > 0.2 else 0.2)


@njit(cache=True)
def dp_dense_coefficients(K, n_st, y, y_new, h, rk_d, Fd):
    """Coefficients Fd of SciPy's Dop853DenseOutput from the stages K (the three extra stages included)."""
    for i in range(y.shape[0]):
        dy = y_new[i] - y[i]
        Fd[0, i] = dy
        Fd[1, i] = h * K[0, i] - dy
        Fd[2, i] = 2.0 * dy - h * (K[n_st, i] + K[0, i])
        for r in range(rk_d.shape[0]):
            acc = 0.0
            for q in range(K.shape[0]):
                acc += rk_d[r, q] * K[q, i]
            Fd[3 + r, i] = h * acc


@njit(cache=True)
def dp_dense_eval(Fd, y, x, out, k):
    """The dense-output interpolant at the fraction x of the step into out[:, k]."""
    for i in range(y.shape[0]):
        v = 0.0
        for j in range(Fd.shape[0]):
            v += Fd[Fd.shape[0] - 1 - j, i]
            v *= x if j % 2 == 0 else 1.0 - x
        out[i, k] = v + y[i]


def _dop853_template(args, z0, z1, y0, stops, rtol, atol, i_low, y_low, i_guard, guard_lo, guard_hi, end_on_stops,
           dense, y_stops, stop_from, tab):
    """Integrate y' = rhs(y) from z0 to z1 by DOP853 (SciPy's tableau ``tab``, step control, dense output).

    ``stops`` (ascending) are output heights; with ``dense`` the state at stops[k] inside (z0, z1]
    is written to y_stops[:, k] for k >= stop_from, from the step's 7th-order interpolant, the steps
    not depending on ``stops`` (SciPy's DOP853 steps), or with ``end_on_stops`` from steps ended on
    the stops (for stiff problems at stability-limited steps, where the interpolant of a fast
    component is not error-controlled). Terminal event: y[i_low] falls below y_low (located on the
    step's chord; i_low < 0: none). Guard (i_guard >= 0): y[i_guard] must stay inside
    (guard_lo, guard_hi) and rhs must return a finite value.

    Returns (status, y at z1 or at the event, z there, RHS calls, next k): status DONE, EVENT,
    FAILED (step size underflow, non-finite state, steps ran out) or GUARD.
    """
    rk_a, rk_b, rk_c, rk_e3, rk_e5, rk_ax, rk_cx, rk_d = tab
    n = y0.shape[0]
    n_st = rk_b.shape[0]
    K = np.zeros((n_st + 1 + rk_cx.shape[0], n))
    Fd = np.zeros((3 + rk_d.shape[0], n))
    y = y0.copy()
    y_new = np.empty(n)
    y_tmp = np.empty(n)
    f = np.empty(n)
    err5 = np.empty(n)
    err3 = np.empty(n)
    scale = np.empty(n)
    n_rhs = 0
    k_stop = stop_from
    z = z0
    aux = RHS(y, args, f)
    n_rhs += 1
    if i_guard >= 0 and not math.isfinite(aux):
        return GUARD, y, z0, n_rhs, k_stop
    while k_stop < stops.shape[0] and stops[k_stop] <= z0:
        k_stop += 1
    if z1 <= z0:
        return DONE, y, z0, n_rhs, k_stop
    length = z1 - z0
    h0, d1 = dp_first_h0(y, f, atol, rtol, length, scale)
    for i in range(n):
        y_tmp[i] = y[i] + h0 * f[i]
    RHS(y_tmp, args, err5)
    n_rhs += 1
    h_abs = dp_first_h(f, err5, scale, h0, d1, length, err3)
    for _step in range(10_000_000):
        if z >= z1:
            return DONE, y, z, n_rhs, k_stop
        min_step = 10.0 * abs(np.nextafter(z, np.inf) - z)
        h_abs = max(h_abs, min_step)
        rejected = False
        h = h_abs
        z_new = z
        while True:
            if h_abs < min_step:
                return FAILED, y, z, n_rhs, k_stop
            z_new = min(z + h_abs, z1)
            if end_on_stops and dense and k_stop < stops.shape[0] and stops[k_stop] < z_new:
                z_new = stops[k_stop]
            h = z_new - z
            for i in range(n):
                K[0, i] = f[i]
            for s in range(1, n_st):
                dp_stage_state(K, rk_a[s], s, y, h, y_tmp)
                RHS(y_tmp, args, K[s])
            dp_stage_state(K, rk_b, n_st, y, h, y_new)
            aux = RHS(y_new, args, K[n_st])
            n_rhs += n_st
            err = dp_error(K, rk_e5, rk_e3, y, y_new, atol, rtol, h, scale)
            accepted, h_abs = dp_next_h(err, h, rejected)
            if accepted:
                break
            rejected = True
        for i in range(n):
            if not math.isfinite(y_new[i]):
                return FAILED, y_new, z_new, n_rhs, k_stop
        if i_guard >= 0 and not (math.isfinite(aux) and guard_lo < y_new[i_guard] < guard_hi):
            return GUARD, y_new, z_new, n_rhs, k_stop
        if i_low >= 0 and y_new[i_low] < y_low:  # terminal event: locate it on the step's chord
            z_ev = z + (z_new - z) * (y[i_low] - y_low) / (y[i_low] - y_new[i_low])
            return EVENT, y_new, z_ev, n_rhs, k_stop
        # the output heights this step passed
        have_dense = False
        while k_stop < stops.shape[0] and stops[k_stop] <= z_new:
            if dense:
                if stops[k_stop] == z_new:
                    for i in range(n):
                        y_stops[i, k_stop] = y_new[i]
                else:
                    if not have_dense:  # SciPy's Dop853DenseOutput: three more stages
                        for e in range(rk_cx.shape[0]):
                            s = n_st + 1 + e
                            dp_stage_state(K, rk_ax[e], s, y, h, y_tmp)
                            RHS(y_tmp, args, K[s])
                        n_rhs += rk_cx.shape[0]
                        dp_dense_coefficients(K, n_st, y, y_new, h, rk_d, Fd)
                        have_dense = True
                    dp_dense_eval(Fd, y, (stops[k_stop] - z) / h, y_stops, k_stop)
            k_stop += 1
        z = z_new
        for i in range(n):
            y[i] = y_new[i]
            f[i] = K[n_st, i]
    return FAILED, y, z, n_rhs, k_stop


# --- Radau IIA, 3 stages ------------------------------------------------------------------------------
@njit(cache=True)
def radau_tableau():
    """(A, c) of the 3-stage Radau IIA method (Hairer & Wanner 1996, table IV.5.6)."""
    s6 = math.sqrt(6.0)
    c = np.array([(4.0 - s6) / 10.0, (4.0 + s6) / 10.0, 1.0])
    a = np.array([
        [(88.0 - 7.0 * s6) / 360.0, (296.0 - 169.0 * s6) / 1800.0, (-2.0 + 3.0 * s6) / 225.0],
        [(296.0 + 169.0 * s6) / 1800.0, (88.0 + 7.0 * s6) / 360.0, (-2.0 - 3.0 * s6) / 225.0],
        [(16.0 - s6) / 36.0, (16.0 + s6) / 36.0, 1.0 / 9.0]])
    return a, c


RADAU_A, RADAU_C = radau_tableau.py_func()
RADAU_ORDER = 5
NEWTON_MAX = 12  # Newton iterations on one step's stage equations


@njit(cache=True)
def lu_factor(M, piv):
    """In-place LU factorisation with partial pivoting (Golub & Van Loan, algorithm 3.4.1); False if singular."""
    n = M.shape[0]
    for k in range(n):
        p = k
        big = abs(M[k, k])
        for i in range(k + 1, n):
            if abs(M[i, k]) > big:
                big, p = abs(M[i, k]), i
        piv[k] = p
        if big == 0.0 or not math.isfinite(big):
            return False
        if p != k:
            for j in range(n):
                M[k, j], M[p, j] = M[p, j], M[k, j]
        for i in range(k + 1, n):
            M[i, k] /= M[k, k]
            m = M[i, k]
            if m != 0.0:
                for j in range(k + 1, n):
                    M[i, j] -= m * M[k, j]
    return True


@njit(cache=True)
def lu_solve(M, piv, b):
    """Solve in place M x = b from :func:`lu_factor`'s factors."""
    n = M.shape[0]
    for k in range(n):
        p = piv[k]
        if p != k:
            b[k], b[p] = b[p], b[k]
    for i in range(n):
        acc = b[i]
        for j in range(i):
            acc -= M[i, j] * b[j]
        b[i] = acc
    for i in range(n - 1, -1, -1):
        acc = b[i]
        for j in range(i + 1, n):
            acc -= M[i, j] * b[j]
        b[i] = acc / M[i, i]


@njit(cache=True)
def radau_guess(Z, h, f0, ra):
    """Explicit start of the stage increments: Z_s = c_s h f0."""
    for s in range(3):
        cs = ra[s, 0] + ra[s, 1] + ra[s, 2]
        for i in range(Z.shape[1]):
            Z[s, i] = cs * h * f0[i]


@njit(cache=True)
def radau_matrix(J, h, ra, M, piv):
    """LU factors of the Newton matrix I - h (A x J) of one step into M, piv; False if singular."""
    n = J.shape[0]
    for s in range(3):
        for q in range(3):
            for i in range(n):
                for j in range(n):
                    M[s * n + i, q * n + j] = (1.0 if (s == q and i == j) else 0.0) - h * ra[s, q] * J[i, j]
    return lu_factor(M, piv)


def _radau_jacobian_template(args, y, f0, scale, J, ytmp, fwork):
    """J = d rhs / dy at y by forward differences; returns the RHS calls."""
    n = y.shape[0]
    for j in range(n):
        d = 1.49e-8 * max(abs(y[j]), scale[j] * 1e4)
        for i in range(n):
            ytmp[i] = y[i]
        ytmp[j] = y[j] + d
        RHS(ytmp, args, fwork)
        for i in range(n):
            J[i, j] = (fwork[i] - f0[i]) / d
    return n


def _radau_newton_template(args, y, h, scale, M, piv, Z, Fz, dZ, ytmp, ra, tol):
    """Simplified Newton iteration on one step's stage equations Z = h (A x I) F(y + Z), from the Z
    given, with the LU factors M, piv. Converged when the update's largest scaled component is
    <= tol. Returns (converged, RHS calls)."""
    n = y.shape[0]
    n_rhs = 0
    prev = math.inf
    for it in range(NEWTON_MAX):
        for s in range(3):
            for i in range(n):
                ytmp[i] = y[i] + Z[s, i]
            aux = RHS(ytmp, args, Fz[s])
            n_rhs += 1
            if not math.isfinite(aux):
                return False, n_rhs
        for s in range(3):
            for i in range(n):
                acc = 0.0
                for q in range(3):
                    acc += ra[s, q] * Fz[q, i]
                dZ[s * n + i] = h * acc - Z[s, i]
        lu_solve(M, piv, dZ)
        nrm = 0.0
        for s in range(3):
            for i in range(n):
                Z[s, i] += dZ[s * n + i]
                nrm = max(nrm, abs(dZ[s * n + i]) / scale[i])
        if not math.isfinite(nrm):
            return False, n_rhs
        if nrm <= tol:
            return True, n_rhs
        if it > 1 and nrm > 0.9 * prev:  # not contracting
            return False, n_rhs
        prev = nrm
    return False, n_rhs


@njit(cache=True)
def _radau_dense(Z, rc, y, x, y_stops, k):
    """y_stops[:, k] at the fraction x of a step: the collocation polynomial through y at 0 and
    y + Z_s at c_s (Lagrange basis on 0, c1, c2, 1)."""
    for i in range(y.shape[0]):
        v = 0.0
        for s in range(3):
            lb = x / rc[s]
            for q in range(3):
                if q != s:
                    lb *= (x - rc[q]) / (rc[s] - rc[q])
            v += lb * Z[s, i]
        y_stops[i, k] = y[i] + v


def _radau5_template(args, z0, z1, y0, rtol, atol, mesh, n_mesh, adapt, h_first, stops, y_stops, i_guard, guard_lo,
           guard_hi, Z_st, M_st, piv_st, reuse, newton_tol):
    """Integrate y' = rhs(y) from z0 to z1 by the 3-stage Radau IIA method.

    ``adapt``: build the mesh by step doubling to the tolerance (``rtol``, ``atol``; a step of h and
    two of h/2 agree to (2^5 - 1) times it), starting with the step ``h_first``; the mesh (the half
    steps) is written to ``mesh``. Else integrate on ``mesh[:n_mesh]`` (z0 ... z1) as given.
    Each mesh step's stage increments and Newton-matrix factors are stored in Z_st[k], M_st[k],
    piv_st[k]; with ``reuse`` (a given mesh) they start the step's Newton iteration (a step whose
    iteration does not converge takes a fresh Jacobian), which makes repeated integrations on one
    mesh with slightly different parameters cheap. Newton's iteration stops at a scaled update
    <= newton_tol (scale atol + rtol |y|). The state at the output heights ``stops`` (ascending)
    is written to y_stops[:, k] from each step's collocation polynomial. Guard (i_guard >= 0):
    y[i_guard] must stay inside (guard_lo, guard_hi) and rhs must return a finite value.
    Returns (status, y(z1), number of mesh points, RHS calls).
    """
    n = y0.shape[0]
    ra, rc = radau_tableau()
    J = np.empty((n, n))
    M = np.empty((3 * n, 3 * n))
    M1 = np.empty((3 * n, 3 * n))
    M2 = np.empty((3 * n, 3 * n))
    piv = np.empty(3 * n, dtype=np.int64)
    piv1 = np.empty(3 * n, dtype=np.int64)
    piv2 = np.empty(3 * n, dtype=np.int64)
    Z = np.empty((3, n))
    Z1 = np.empty((3, n))
    Z2 = np.empty((3, n))
    Fz = np.empty((3, n))
    dZ = np.empty(3 * n)
    ytmp = np.empty(n)
    fwork = np.empty(n)
    scale = np.empty(n)
    y = y0.copy()
    ym = np.empty(n)
    f0 = np.empty(n)
    fm = np.empty(n)
    err = 0.0
    aux = RHS(y, args, f0)
    n_rhs = 1
    if i_guard >= 0 and not math.isfinite(aux):
        return GUARD, y, 1, n_rhs
    k_stop = 0
    while k_stop < stops.shape[0] and stops[k_stop] <= z0:
        for i in range(n):
            y_stops[i, k_stop] = y[i]
        k_stop += 1
    z = z0
    m = 1  # mesh points so far
    cap = min(mesh.shape[0], Z_st.shape[0] + 1)
    if adapt:
        mesh[0] = z0
    h = h_first
    for _step in range(10_000_000):
        if adapt:
            if z >= z1:
                break
            if m + 2 > cap:
                return FAILED, y, m, n_rhs
            h = min(h, z1 - z)
            if z1 - (z + h) < 1e-9 * h:
                h = z1 - z
            if h < 1e-14 * (z1 - z0):
                return FAILED, y, m, n_rhs
            for i in range(n):
                scale[i] = atol[i] + rtol * abs(y[i])
            n_rhs += RADAU_JACOBIAN(args, y, f0, scale, J, ytmp, fwork)
            hh = 0.5 * h
            # one step of h
            if not radau_matrix(J, h, ra, M, piv):
                h *= 0.25
                continue
            radau_guess(Z, h, f0, ra)
            ok, c = RADAU_NEWTON(args, y, h, scale, M, piv, Z, Fz, dZ, ytmp, ra, newton_tol)
            n_rhs += c
            if not ok:
                h *= 0.25
                continue
            # two steps of h/2
            if not radau_matrix(J, hh, ra, M1, piv1):
                h *= 0.25
                continue
            radau_guess(Z1, hh, f0, ra)
            ok, c = RADAU_NEWTON(args, y, hh, scale, M1, piv1, Z1, Fz, dZ, ytmp, ra, newton_tol)
            n_rhs += c
            if not ok:
                h *= 0.25
                continue
            for i in range(n):
                ym[i] = y[i] + Z1[2, i]
            aux = RHS(ym, args, fm)
            n_rhs += 1
            if not math.isfinite(aux):
                h *= 0.25
                continue
            n_rhs += RADAU_JACOBIAN(args, ym, fm, scale, J, ytmp, fwork)
            if not radau_matrix(J, hh, ra, M2, piv2):
                h *= 0.25
                continue
            radau_guess(Z2, hh, fm, ra)
            ok, c = RADAU_NEWTON(args, ym, hh, scale, M2, piv2, Z2, Fz, dZ, ytmp, ra, newton_tol)
            n_rhs += c
            if not ok:
                h *= 0.25
                continue
            err = 0.0
            for i in range(n):
                y2 = ym[i] + Z2[2, i]
                sc = atol[i] + rtol * max(abs(y[i]), abs(y2))
                err = max(err, abs(y2 - y[i] - Z[2, i]) / (2.0**RADAU_ORDER - 1.0) / sc)
            if not err <= 1.0:
                h *= max(0.2, 0.9 * err ** (-1.0 / (RADAU_ORDER + 1.0))) if math.isfinite(err) else 0.25
                continue
            Z_st[m - 1] = Z1
            M_st[m - 1] = M1
            piv_st[m - 1] = piv1
            Z_st[m] = Z2
            M_st[m] = M2
            piv_st[m] = piv2
            segs = 2
        else:
            if m >= n_mesh:
                break
            hh = mesh[m] - z
            for i in range(n):
                scale[i] = atol[i] + rtol * abs(y[i])
            k = m - 1
            ok = False
            if reuse:
                for s in range(3):
                    for i in range(n):
                        Z1[s, i] = Z_st[k, s, i]
                ok, c = RADAU_NEWTON(args, y, hh, scale, M_st[k], piv_st[k], Z1, Fz, dZ, ytmp, ra, newton_tol)
                n_rhs += c
            if not ok:
                n_rhs += RADAU_JACOBIAN(args, y, f0, scale, J, ytmp, fwork)
                if not radau_matrix(J, hh, ra, M_st[k], piv_st[k]):
                    return FAILED, y, m, n_rhs
                radau_guess(Z1, hh, f0, ra)
                ok, c = RADAU_NEWTON(args, y, hh, scale, M_st[k], piv_st[k], Z1, Fz, dZ, ytmp, ra, newton_tol)
                n_rhs += c
                if not ok:
                    return FAILED, y, m, n_rhs
            Z_st[k] = Z1
            segs = 1
        z_start = z
        for seg in range(segs):
            Zs = Z1 if seg == 0 else Z2
            z_new = z_start + hh if seg < segs - 1 else (z_start + h if adapt else mesh[m])
            # output heights inside (z, z_new]
            while k_stop < stops.shape[0] and stops[k_stop] <= z_new:
                _radau_dense(Zs, rc, y, (stops[k_stop] - z) / (z_new - z), y_stops, k_stop)
                k_stop += 1
            for i in range(n):
                y[i] = y[i] + Zs[2, i]
            z = z_new
            if adapt:
                mesh[m] = z
            m += 1
        for i in range(n):
            if not math.isfinite(y[i]):
                return FAILED, y, m, n_rhs
        aux = RHS(y, args, f0)
        n_rhs += 1
        if i_guard >= 0 and not (math.isfinite(aux) and guard_lo < y[i_guard] < guard_hi):
            return GUARD, y, m, n_rhs
        if adapt:
            h *= min(4.0, max(0.2, 0.9 * max(err, 1e-12) ** (-1.0 / (RADAU_ORDER + 1.0))))
    return DONE, y, m, n_rhs


class Integrators(NamedTuple):
    """The integrators compiled for one right-hand side (see :func:`integrators`)."""

    dop853: object
    radau5: object


def _specialise(template, rhs_tag: str, **bind):
    """``template`` compiled (cached) with its globals RHS, RADAU_NEWTON, ... bound to ``bind``.

    The template's code is reused with new globals, under a name that holds the right-hand side's
    module, name and a hash of that module's source: numba caches the result in this module's
    cache directory under that name, and an edit of the model's source gives a new name, hence a
    new compilation (numba checks only the file of the function it caches).
    """
    g = dict(template.__globals__)
    g.update(bind)
    name = f"{template.__name__}__{rhs_tag}"
    f = _types.FunctionType(template.__code__, g, name, template.__defaults__)
    f.__qualname__ = name
    return njit(cache=True)(f)


@functools.cache
def integrators(rhs) -> Integrators:
    """:func:`dop853` and :func:`radau5` compiled for the numba function ``rhs(y, args, out) -> aux``.

    Numba cannot cache a function that takes another numba function as an argument (its cache key
    would hold that function's identity); the integrators are therefore templates whose RHS is a
    global, compiled once per right-hand side and cached like any kernel.
    """
    py = rhs.py_func
    try:
        src = Path(inspect.getfile(py)).read_bytes()
    except (OSError, TypeError):  # no source file: the function's own bytecode
        src = py.__code__.co_code
    tag = f"{py.__module__}_{py.__name__}_{hashlib.sha1(src).hexdigest()[:10]}".replace(".", "_")
    jac = _specialise(_radau_jacobian_template, tag, RHS=rhs)
    newton = _specialise(_radau_newton_template, tag, RHS=rhs)
    return Integrators(dop853=_specialise(_dop853_template, tag, RHS=rhs),
                       radau5=_specialise(_radau5_template, tag, RHS=rhs, RADAU_JACOBIAN=jac, RADAU_NEWTON=newton))


def dop853(rhs, args, *rest):
    """Integrate y' = rhs(y) by DOP853; the arguments after ``args`` as in :func:`_dop853_template`."""
    return integrators(rhs).dop853(args, *rest)


def radau5(rhs, args, *rest):
    """Integrate y' = rhs(y) by Radau IIA; the arguments after ``args`` as in :func:`_radau5_template`."""
    return integrators(rhs).radau5(args, *rest)


def newton_broyden(fun, p, f, aux, dp_jac, lo, hi, f_tol: float, max_iter: int = 30):
    """Newton's method for the shooting parameters p of a boundary-value problem: fun(p) -> (F(p), aux)
    with F None where the evaluation fails (aux: the evaluation's solution, returned with the root).

    Starts from p with its residual f and aux given; Jacobian by forward differences of steps dp_jac
    (one evaluation per parameter), then Broyden's rank-one updates (Broyden, Math. Comp. 19 (1965)
    577); each step is halved until the largest residual falls (at most 30 times), and kept inside
    [lo, hi]. Converged when max |F| <= f_tol. Returns (p, F, aux), or None where a Jacobian column
    fails, the Jacobian is singular, no step lowers the residual, or max_iter steps do not converge.
    """
    p = np.array(p, dtype=float)
    J = np.empty((f.size, p.size))
    for j in range(p.size):
        q = p.copy()
        q[j] += dp_jac[j]
        fq, _aux = fun(q)
        if fq is None:
            return None
        J[:, j] = (fq - f) / dp_jac[j]
    for _ in range(max_iter):
        if np.max(np.abs(f)) <= f_tol:
            return p, f, aux
        try:
            step = -np.linalg.solve(J, f)
        except np.linalg.LinAlgError:
            return None
        lam = 1.0
        for _half in range(30):
            q = np.minimum(np.maximum(p + lam * step, lo), hi)
            fq, aux_q = fun(q)
            if fq is not None and np.max(np.abs(fq)) < np.max(np.abs(f)):
                break
            lam *= 0.5
        else:
            return None
        s = q - p
        J = J + np.outer(fq - f - J @ s, s) / (s @ s)
        p, f, aux = q, fq, aux_q
    return None


def radau_storage(n_mesh: int, n: int):
    """(Z_st, M_st, piv_st): the per-step storage :func:`radau5` takes, for meshes of up to n_mesh points."""
    return (np.zeros((n_mesh, 3, n)), np.zeros((n_mesh, 3 * n, 3 * n)), np.zeros((n_mesh, 3 * n), dtype=np.int64))


def radau5_reference(rhs, z_mesh, y0):
    """Plain NumPy twin of :func:`radau5` on a given mesh: the same Radau IIA stage equations, solved by
    SciPy's ``fsolve`` (MINPACK) to round-off; rhs(y) -> dy/dz. Returns the states on the mesh."""
    from scipy.optimize import fsolve

    y = np.array(y0, dtype=float)
    n = y.size
    out = [y.copy()]
    for k in range(len(z_mesh) - 1):
        h = z_mesh[k + 1] - z_mesh[k]
        f0 = np.asarray(rhs(y))

        def stage_eq(zf, y=y, h=h):
            Z = zf.reshape(3, n)
            F = np.array([rhs(y + Z[s]) for s in range(3)])
            return (h * RADAU_A @ F - Z).ravel()

        with warnings.catch_warnings():  # fsolve warns when it starts at the root already
            warnings.simplefilter("ignore", RuntimeWarning)
            Z = fsolve(stage_eq, np.outer(RADAU_C * h, f0).ravel(), xtol=1e-14).reshape(3, n)
        y = y + Z[2]
        out.append(y.copy())
    return np.array(out)
