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

Numba cannot cache a function specialised on another numba function passed as an argument (the
cache key holds that function's identity, so each process would compile again and add files to
the cache); the integrators are therefore compiled once per process (``cache=False``), while the
step helpers below and the models' right-hand sides are cached.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from scipy.integrate import DOP853 as _SCIPY_DOP853

# --- Dormand & Prince 8(5,3): SciPy's tableau ------------------------------------------------------
DOP853_TABLEAU = tuple(np.ascontiguousarray(a, dtype=np.float64) for a in (
    _SCIPY_DOP853.A, _SCIPY_DOP853.B, _SCIPY_DOP853.C, _SCIPY_DOP853.E3, _SCIPY_DOP853.E5,
    _SCIPY_DOP853.A_EXTRA, _SCIPY_DOP853.C_EXTRA, _SCIPY_DOP853.D))

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


@njit
def dop853(rhs, args, z0, z1, y0, stops, rtol, atol, i_low, y_low, i_guard, guard_lo, guard_hi, end_on_stops,
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
    aux = rhs(y, args, f)
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
    rhs(y_tmp, args, err5)
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
                rhs(y_tmp, args, K[s])
            dp_stage_state(K, rk_b, n_st, y, h, y_new)
            aux = rhs(y_new, args, K[n_st])
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
                            rhs(y_tmp, args, K[s])
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
_S6 = math.sqrt(6.0)
RADAU_C = np.array([(4.0 - _S6) / 10.0, (4.0 + _S6) / 10.0, 1.0])
RADAU_A = np.array([
    [(88.0 - 7.0 * _S6) / 360.0, (296.0 - 169.0 * _S6) / 1800.0, (-2.0 + 3.0 * _S6) / 225.0],
    [(296.0 + 169.0 * _S6) / 1800.0, (88.0 + 7.0 * _S6) / 360.0, (-2.0 - 3.0 * _S6) / 225.0],
    [(16.0 - _S6) / 36.0, (16.0 + _S6) / 36.0, 1.0 / 9.0]])
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


@njit
def _radau_step(rhs, args, y, f0, h, scale, J, M, piv, Z, Fz, dZ, ytmp, fwork, ra):
    """One Radau IIA step of size h from y (f0 = rhs(y)): the stage increments Z (3 x n) by Newton's
    method with the Jacobian J taken at y. Returns (converged, RHS calls); the state after the step
    is y + Z[2] (stiffly accurate)."""
    n = y.shape[0]
    # the Jacobian by forward differences at the step's start
    for j in range(n):
        d = 1.49e-8 * max(abs(y[j]), scale[j] * 1e4)
        for i in range(n):
            ytmp[i] = y[i]
        ytmp[j] = y[j] + d
        rhs(ytmp, args, fwork)
        for i in range(n):
            J[i, j] = (fwork[i] - f0[i]) / d
    n_rhs = n
    # Newton matrix I - h (A x J)
    for s in range(3):
        for q in range(3):
            for i in range(n):
                for j in range(n):
                    M[s * n + i, q * n + j] = (1.0 if (s == q and i == j) else 0.0) - h * ra[s, q] * J[i, j]
    if not lu_factor(M, piv):
        return False, n_rhs
    # start from the explicit guess Z_s = c_s h f0
    for s in range(3):
        cs = ra[s, 0] + ra[s, 1] + ra[s, 2]
        for i in range(n):
            Z[s, i] = cs * h * f0[i]
    prev = math.inf
    for _it in range(NEWTON_MAX):
        for s in range(3):
            for i in range(n):
                ytmp[i] = y[i] + Z[s, i]
            aux = rhs(ytmp, args, Fz[s])
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
        if nrm <= 1e-3:
            return True, n_rhs
        if nrm > 2.0 * prev and _it > 1:
            return False, n_rhs
        prev = nrm
    return False, n_rhs


@njit
def radau5(rhs, args, z0, z1, y0, rtol, atol, mesh, n_mesh, adapt, h_first, stops, y_stops, i_guard, guard_lo,
           guard_hi):
    """Integrate y' = rhs(y) from z0 to z1 by the 3-stage Radau IIA method.

    ``adapt``: build the mesh by step doubling to the tolerance (``rtol``, ``atol``), starting with
    the step ``h_first``; the mesh is written to ``mesh`` (n_mesh returned). Else integrate on
    ``mesh[:n_mesh]`` (z0 ... z1) as given. The state at the output heights ``stops`` (ascending,
    inside [z0, z1]) is written to y_stops[:, k] from each step's collocation polynomial.
    Guard (i_guard >= 0): y[i_guard] must stay inside (guard_lo, guard_hi) and rhs finite.
    Returns (status, y(z1), number of mesh points, RHS calls).
    """
    n = y0.shape[0]
    ra = np.empty((3, 3))
    for s in range(3):
        for q in range(3):
            ra[s, q] = RADAU_A[s, q]
    rc = np.empty(3)
    for s in range(3):
        rc[s] = RADAU_C[s]
    J = np.empty((n, n))
    M = np.empty((3 * n, 3 * n))
    piv = np.empty(3 * n, dtype=np.int64)
    Z = np.empty((3, n))
    Z1 = np.empty((3, n))
    Z2 = np.empty((3, n))
    Fz = np.empty((3, n))
    dZ = np.empty(3 * n)
    ytmp = np.empty(n)
    fwork = np.empty(n)
    scale = np.empty(n)
    err = 0.0
    y = y0.copy()
    ym = np.empty(n)
    yb = np.empty(n)
    f0 = np.empty(n)
    fm = np.empty(n)
    for i in range(n):
        scale[i] = atol[i] + rtol * abs(y[i])
    aux = rhs(y, args, f0)
    n_rhs = 1
    if i_guard >= 0 and not math.isfinite(aux):
        return GUARD, y, 1, n_rhs
    k_stop = 0
    while k_stop < stops.shape[0] and stops[k_stop] <= z0:
        for i in range(n):
            y_stops[i, k_stop] = y[i]
        k_stop += 1
    z = z0
    m = 1
    if adapt:
        mesh[0] = z0
    h = h_first
    n_max = mesh.shape[0] if adapt else n_mesh
    for _step in range(10_000_000):
        if adapt:
            if z >= z1:
                break
            if m + 2 > n_max:
                return FAILED, y, m, n_rhs
            h = min(h, z1 - z)
            if z + h >= z1 or z1 - (z + h) < 1e-12 * (z1 - z0):
                h = z1 - z
            if h < 1e-14 * (z1 - z0):
                return FAILED, y, m, n_rhs
            for i in range(n):
                scale[i] = atol[i] + rtol * abs(y[i])
            ok, c = _radau_step(rhs, args, y, f0, h, scale, J, M, piv, Z, Fz, dZ, ytmp, fwork, ra)
            n_rhs += c
            if not ok:
                h *= 0.25
                continue
            for i in range(n):
                yb[i] = y[i] + Z[2, i]
            hh = 0.5 * h
            ok, c = _radau_step(rhs, args, y, f0, hh, scale, J, M, piv, Z1, Fz, dZ, ytmp, fwork, ra)
            n_rhs += c
            if not ok:
                h *= 0.25
                continue
            for i in range(n):
                ym[i] = y[i] + Z1[2, i]
            aux = rhs(ym, args, fm)
            n_rhs += 1
            if not math.isfinite(aux):
                h *= 0.25
                continue
            ok, c = _radau_step(rhs, args, ym, fm, hh, scale, J, M, piv, Z2, Fz, dZ, ytmp, fwork, ra)
            n_rhs += c
            if not ok:
                h *= 0.25
                continue
            err = 0.0
            for i in range(n):
                sc = atol[i] + rtol * max(abs(y[i]), abs(ym[i] + Z2[2, i]))
                err = max(err, abs(ym[i] + Z2[2, i] - yb[i]) / (2.0**RADAU_ORDER - 1.0) / sc)
            if not err <= 1.0:
                h *= max(0.2, 0.9 * err ** (-1.0 / (RADAU_ORDER + 1.0))) if math.isfinite(err) else 0.25
                continue
            # accepted: keep the two half steps
            segs = 2
        else:
            if m >= n_max:
                break
            hh = mesh[m] - z
            for i in range(n):
                scale[i] = atol[i] + rtol * abs(y[i])
            ok, c = _radau_step(rhs, args, y, f0, hh, scale, J, M, piv, Z1, Fz, dZ, ytmp, fwork, ra)
            n_rhs += c
            if not ok:
                return FAILED, y, m, n_rhs
            segs = 1
        z_start = z
        for seg in range(segs):
            Zs = Z1 if seg == 0 else Z2
            z_new = z_start + hh if seg < segs - 1 else (z_start + h if adapt else mesh[m])
            # output heights inside (z, z_new]: the collocation polynomial through y, y + Z_s at c_s
            while k_stop < stops.shape[0] and stops[k_stop] <= z_new:
                x = (stops[k_stop] - z) / (z_new - z)
                for i in range(n):
                    # Lagrange basis on the nodes 0, c1, c2, 1 (the increment is 0 at x = 0)
                    v = 0.0
                    for s in range(3):
                        lb = x / rc[s]
                        for q in range(3):
                            if q != s:
                                lb *= (x - rc[q]) / (rc[s] - rc[q])
                        v += lb * Zs[s, i]
                    y_stops[i, k_stop] = y[i] + v
                k_stop += 1
            for i in range(n):
                y[i] = y[i] + Zs[2, i]
            z = z_new
            if adapt:
                mesh[m] = z
            m += 1
            if seg < segs - 1:
                for i in range(n):
                    f0[i] = fm[i]
        for i in range(n):
            if not math.isfinite(y[i]):
                return FAILED, y, m, n_rhs
        aux = rhs(y, args, f0)
        n_rhs += 1
        if i_guard >= 0 and not (math.isfinite(aux) and guard_lo < y[i_guard] < guard_hi):
            return GUARD, y, m, n_rhs
        if adapt:
            h *= min(4.0, max(0.2, 0.9 * max(err, 1e-12) ** (-1.0 / (RADAU_ORDER + 1.0))))
    return DONE, y, m, n_rhs


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

        Z = fsolve(stage_eq, np.outer(RADAU_C * h, f0).ravel(), xtol=1e-14).reshape(3, n)
        y = y + Z[2]
        out.append(y.copy())
    return np.array(out)
