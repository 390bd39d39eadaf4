"""Numba kernels of the three-phase Kunii-Levenspiel bed (:mod:`clc.kl_bed`): the right-hand side of
the bed's axial balances (bubble gas, emulsion gas with its cloud solved in place, solids conversion,
enthalpy, pressure) and the explicit Dormand-Prince integrator that carries it up the bed.

They read the bed through two flat arrays, ``iprm`` (integers) and ``prm`` (floats), whose slots are
named by the ``I_*`` and ``F_*`` constants below; :mod:`clc.kl_bed` fills them. The NumPy twin of
these kernels is :mod:`clc.kl_twin`; ``tests/test_kl_bed.py`` holds the two equal. Compiled with
``cache=True``: the cache is keyed on this file, so after editing :mod:`clc.kl_closures` or
:mod:`clc.kl_gas` (whose kernels these call) delete ``clc/__pycache__/kl_kernels*.nb*``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from . import kl_closures as kc
from . import kl_gas, nasa
from .constants import G, R
from .kl_closures import NU_BUBBLE_SOLIDS

# integer parameters
(I_NG, I_NS, I_NR, I_EX, I_DB, I_EN, I_BASIS, I_CLOUD, I_MIX, I_WGS, I_ICO, I_IH2O, I_ICO2, I_IH2,
 I_FB, I_JET) = range(16)
# float parameters
(F_A, F_DT, F_UMF, F_EPS, F_DP, F_AOR, F_GB, F_FW, F_C0, F_FA, F_SACT, F_RHOP, F_MIN, F_TISO,
 F_KG, F_XMIX, F_TMIX, F_KWGS, F_L, F_FB_EPS0, F_FB_A, F_LJ) = range(22)
N_FPRM = 22



@njit(cache=True)
def _h_sum_nb(F, coef, tmax, nseg, T):
    s = 0.0
    for k in range(F.shape[0]):
        s += F[k] * R * T * nasa.h_RT(coef, tmax, nseg, k, T)
    return s


@njit(cache=True)
def _cp_sum_nb(F, coef, tmax, nseg, T):
    s = 0.0
    for k in range(F.shape[0]):
        s += F[k] * R * nasa.cp_R(coef, tmax, nseg, k, T)
    return s


@njit(cache=True)
def _T_from_H_nb(H, Fg, gcoef, gtmax, gnseg, S, scoef, stmax, snseg, T0):
    """Temperature at which sum Fg h_g(T) + sum S h_s(T) = H (Newton kept in a bracket by bisection)."""
    lo, hi = 200.0, 6000.0
    T = min(max(T0, lo + 1.0), hi - 1.0)
    for _ in range(100):
        f = _h_sum_nb(Fg, gcoef, gtmax, gnseg, T) + _h_sum_nb(S, scoef, stmax, snseg, T) - H
        c = _cp_sum_nb(Fg, gcoef, gtmax, gnseg, T) + _cp_sum_nb(S, scoef, stmax, snseg, T)
        if f > 0.0:
            hi = T
        else:
            lo = T
        Tn = T - f / c if c > 0.0 else 0.5 * (lo + hi)
        if not (lo < Tn < hi):
            Tn = 0.5 * (lo + hi)
        if abs(Tn - T) < 1e-11 * T:
            return Tn
        T = Tn
    return T


@njit(cache=True)
def _emulsion_flows_nb(F_e, iprm, prm, out):
    """The emulsion's species flows after the water-gas shift at equilibrium (``out``; a copy without it)."""
    for j in range(F_e.shape[0]):
        out[j] = F_e[j]
    if iprm[I_WGS] == 1:
        ico, ih2o, ico2, ih2 = iprm[I_ICO], iprm[I_IH2O], iprm[I_ICO2], iprm[I_IH2]
        xi = kl_gas.shift_extent_nb(F_e, ico, ih2o, ico2, ih2, prm[F_KWGS])
        out[ico] -= xi
        out[ih2o] -= xi
        out[ico2] += xi
        out[ih2] += xi


@njit(cache=True)
def _project_shift_nb(out, F_e, iprm, prm, ng):
    """Keep the emulsion on the shift's equilibrium g = K CO H2O - CO2 H2 = 0: its derivative projected onto it
    along the shift's direction nu (dF/dz - nu (grad g . dF/dz) / (grad g . nu)); the state then carries no free
    component along nu for the integrator to chase (elements are unchanged: nu conserves them)."""
    if iprm[I_WGS] != 1:
        return
    ico, ih2o, ico2, ih2 = iprm[I_ICO], iprm[I_IH2O], iprm[I_ICO2], iprm[I_IH2]
    K = prm[F_KWGS]
    g_co, g_h2o, g_co2, g_h2 = K * F_e[ih2o], K * F_e[ico], -F_e[ih2], -F_e[ico2]
    gnu = -g_co - g_h2o + g_co2 + g_h2
    if gnu != 0.0:
        lam = (g_co * out[ng + ico] + g_h2o * out[ng + ih2o] + g_co2 * out[ng + ico2] + g_h2 * out[ng + ih2]) / gnu
        out[ng + ico] += lam
        out[ng + ih2o] += lam
        out[ng + ico2] -= lam
        out[ng + ih2] -= lam


@njit(cache=True)
def _plug_zone_rhs_nb(eps, out, iprm, prm, F_b, F_e, Ts, Tb, P, S, X, kin_j, kin_nu, kin_p, kin_b, Ms, gcoef, gtmax,
                      gnseg, work):
    """All gas in plug flow past a solids volume fraction ``eps``: the freeboard above the bed (eps_s0 exp(-a h))
    and the grid (jet) zone at its foot (1 - eps_mf, ASSUMPTION, see :func:`solve`).

    The rates act at the mixed gas's concentrations and the solids' temperature; each gas consumed is taken from
    the bubble and emulsion streams in proportion to their flows of it (the bubble gas's share leaves H_b at T_b),
    what is made joins the emulsion stream. No bulk flow, no bubble growth."""
    ng = F_b.shape[0]
    nr = kin_j.shape[0]
    A = prm[F_A]
    Ft = 0.0
    for j in range(ng):
        Ft += F_b[j] + F_e[j]
    c = P / (R * Ts)
    r = np.empty(nr)
    dX = 0.0
    for k in range(nr):
        j = kin_j[k]
        r[k] = kl_gas.rate_nb(kin_p[k], Ts, c * (F_b[j] + F_e[j]) / Ft, X, prm[F_C0], prm[F_FA], kin_b[k],
                              iprm[I_BASIS])
        dX += kin_b[k] * A * eps * r[k]
    dHb = 0.0
    for j in range(ng):
        src = 0.0
        for k in range(nr):
            src += kin_nu[k, j] * r[k]
        src *= A * eps
        Fj = F_b[j] + F_e[j]
        if src < 0.0 and Fj > 0.0:
            out[j] = src * F_b[j] / Fj
            out[ng + j] = src * F_e[j] / Fj
        else:
            out[j] = 0.0
            out[ng + j] = src
        dHb += out[j] * R * Tb * nasa.h_RT(gcoef, gtmax, gnseg, j, Tb)
    m = 0.0
    for k in range(S.shape[0]):
        m += S[k] * Ms[k]
    out[2 * ng] = dX / prm[F_SACT]
    out[2 * ng + 1] = dHb
    out[2 * ng + 2] = -dHb
    out[2 * ng + 3] = -G * eps * prm[F_RHOP] * m / prm[F_MIN]
    out[2 * ng + 4] = 0.0
    _project_shift_nb(out, F_e, iprm, prm, ng)
    work[6] = 0.0
    work[7] = (Ft * R * Ts) / (P * A)


@njit(cache=True)
def _rhs_nb(z, y, out, iprm, prm, kin_j, kin_nu, kin_p, kin_b, kin_nutot, kin_w, Mg, Vg, gcoef, gtmax, gnseg, Sref,
            dS, Ms, scoef, stmax, snseg, work):
    ng = iprm[I_NG]
    ns = iprm[I_NS]
    nr = iprm[I_NR]
    ex = iprm[I_EX]
    dbm = iprm[I_DB]
    energy = iprm[I_EN] == 1
    basis = iprm[I_BASIS]
    A = prm[F_A]
    Dt = prm[F_DT]
    umf = prm[F_UMF]
    epsmf = prm[F_EPS]
    c0 = prm[F_C0]
    fa = prm[F_FA]
    F_b = y[0:ng]
    F_e = np.empty(ng)
    _emulsion_flows_nb(y[ng:2 * ng], iprm, prm, F_e)
    mixed = iprm[I_MIX] == 1
    X = prm[F_XMIX] if mixed else y[2 * ng]
    H_b = y[2 * ng + 1]
    P = y[2 * ng + 3]
    Fbt = 0.0
    Fet = 0.0
    for j in range(ng):
        Fbt += F_b[j]
        Fet += F_e[j]
    S = np.empty(ns)
    for k in range(ns):
        S[k] = Sref[k] + dS[k] * X
    if energy:
        if mixed:
            Ts = prm[F_TMIX]
        else:
            Ts = _T_from_H_nb(y[2 * ng + 2], F_e, gcoef, gtmax, gnseg, S, scoef, stmax, snseg, work[0])
        Tb = _T_from_H_nb(H_b, F_b, gcoef, gtmax, gnseg, S[:0], scoef, stmax, snseg, work[1])
        work[0] = Ts
        work[1] = Tb
    else:
        Ts = prm[F_TISO]
        Tb = Ts
    c_b = P / (R * Tb)
    c_e = P / (R * Ts)
    yb = np.empty(ng)
    ye = np.empty(ng)
    for j in range(ng):
        yb[j] = F_b[j] / Fbt
        ye[j] = F_e[j] / Fet
    if iprm[I_FB] == 1:
        eps_fb = prm[F_FB_EPS0] * math.exp(-prm[F_FB_A] * (z - prm[F_L]))
        _plug_zone_rhs_nb(eps_fb, out, iprm, prm, F_b, F_e, Ts, Tb, P, S, X, kin_j, kin_nu, kin_p, kin_b, Ms, gcoef,
                          gtmax, gnseg, work)
        return
    if iprm[I_JET] == 1:  # grid (jet) zone: the gas in plug flow through emulsion-density solids
        _plug_zone_rhs_nb(1.0 - prm[F_EPS], out, iprm, prm, F_b, F_e, Ts, Tb, P, S, X, kin_j, kin_nu, kin_p, kin_b, Ms,
                          gcoef, gtmax, gnseg, work)
        return
    u = (Fbt * R * Tb + Fet * R * Ts) / (P * A)
    uex = u - umf
    if uex < 1e-9:
        uex = 1e-9
        work[2] += 1.0
    if dbm == 0:
        db = y[2 * ng + 4]
    elif dbm == 1:  # heights above the grid zone, where the bubbles form
        db = kc.mori_wen_diameter_nb(z - prm[F_LJ], uex, Dt, A, prm[F_AOR])
    else:
        db = kc.darton_diameter_nb(z - prm[F_LJ], uex, prm[F_AOR])
    ubr = kc.rise_velocity_nb(db)
    vb = uex + ubr
    delta = uex / vb
    eps_s = (1.0 - delta) * (1.0 - epsmf)
    # Fuller diffusivities in the emulsion gas
    D = np.empty(ng)
    for j in range(ng):
        s = 0.0
        for i in range(ng):
            if i != j:
                s += ye[i] / kc.fuller_binary_nb(Ts, P, Mg[j], Mg[i], Vg[j], Vg[i])
        if s > 0.0 and 1.0 - ye[j] > 1e-14:
            D[j] = (1.0 - ye[j]) / s
        else:
            i2 = 1 if j == 0 else 0
            D[j] = kc.fuller_binary_nb(Ts, P, Mg[j], Mg[i2], Vg[j], Vg[i2])
    Cb = np.empty(ng)
    Ce = np.empty(ng)
    for j in range(ng):
        Cb[j] = c_b * yb[j]
        Ce[j] = c_e * ye[j]
    r_e = np.empty(nr)
    for k in range(nr):
        r_e[k] = kl_gas.rate_nb(kin_p[k], Ts, Ce[kin_j[k]], X, c0, fa, kin_b[k], basis)
    # cp of the bubble gas (heat interchange)
    cpb = 0.0
    for j in range(ng):
        cpb += yb[j] * R * nasa.cp_R(gcoef, gtmax, gnseg, j, Tb)
    Hbc = kc.h_bubble_cloud_nb(umf, db, c_b * cpb, prm[F_KG])
    E = np.empty(ng)
    dFb0 = np.empty(ng)
    Qb0 = 0.0
    dX = 0.0
    if ex == 1:
        ge = eps_s / delta
        for j in range(ng):
            Kbe = kc.k_bubble_emulsion_idaes_nb(umf, db, D[j])
            J = A * delta * Kbe * (Cb[j] - Ce[j])
            src = 0.0
            for k in range(nr):
                src += kin_nu[k, j] * r_e[k]
            E[j] = J + A * delta * ge * src
            dFb0[j] = -J
            Tup = Tb if J > 0.0 else Ts
            Qb0 -= J * R * Tup * nasa.h_RT(gcoef, gtmax, gnseg, j, Tup)
        Qb0 -= A * delta * Hbc * (Tb - Ts)
        for k in range(nr):
            dX += kin_b[k] * A * delta * ge * r_e[k]
    else:
        gb = prm[F_GB]
        gmax = eps_s / delta - gb
        if gmax < 0.0:
            gb = eps_s / delta
            gmax = 0.0
            work[3] += 1.0
        gc = 0.0
        if iprm[I_CLOUD] == 1:
            fc = kc.cloud_fraction_nb(umf, epsmf, ubr)
            gc = (1.0 - epsmf) * (fc + prm[F_FW])
            if gc > gmax:
                gc = gmax
                work[4] += 1.0
        ge = eps_s / delta - gb - gc
        # one diffusivity for the interchange: the fuels' own, weighted by their share of the fuel fed
        Dm = 0.0
        for k in range(nr):
            Dm += kin_w[k] * D[kin_j[k]]
        Kbc = kc.k_bubble_cloud_nb(umf, db, Dm)
        Kce = kc.k_cloud_emulsion_nb(epsmf, db, Dm)
        r_b = np.empty(nr)
        r_c = np.zeros(nr)
        for k in range(nr):
            r_b[k] = kl_gas.rate_nb(kin_p[k], Ts, Cb[kin_j[k]], X, c0, fa, kin_b[k], basis)
        nb_base = Kbc * (c_b - c_e)
        if gc > 0.0:
            sw = kl_gas.cloud_rates_nb(Cb, Ce, yb, Kbc, Kce, gc, c_e, nb_base, kin_j, kin_nu, kin_p, kin_b, kin_nutot,
                                       Ts, X, c0, fa, basis, r_c)
            if sw < 0:
                work[8] += 1.0
        n_c = nb_base
        for k in range(nr):
            n_c += gc * kin_nutot[k] * r_c[k]
        for j in range(ng):
            src_c = 0.0
            prod_b = 0.0
            cons_b = 0.0
            src_e = 0.0
            for k in range(nr):
                src_c += kin_nu[k, j] * r_c[k]
                src_e += kin_nu[k, j] * r_e[k]
                if kin_nu[k, j] > 0.0:
                    prod_b += kin_nu[k, j] * r_b[k]
                else:
                    cons_b -= kin_nu[k, j] * r_b[k]
            if n_c >= 0.0:
                Ccj = (Kbc * Cb[j] + Kce * Ce[j] + gc * src_c) / (Kbc + Kce + n_c / c_e)
                upj = Ccj * n_c / c_e
                Tup_c = Ts
            else:
                Ccj = (Kbc * Cb[j] + Kce * Ce[j] + gc * src_c - yb[j] * n_c) / (Kbc + Kce)
                upj = yb[j] * n_c
                Tup_c = Tb
            Jbc = A * delta * Kbc * (Cb[j] - Ccj)
            Ncb = A * delta * upj
            Rc = A * delta * gc * src_c
            Rb = A * delta * gb * (prod_b - cons_b)
            Jce = Jbc + Rc - Ncb
            E[j] = Jce + A * delta * ge * src_e
            dFb0[j] = -Jbc + Ncb + Rb
            Tup = Tb if Jbc > 0.0 else Ts
            Qb0 -= Jbc * R * Tup * nasa.h_RT(gcoef, gtmax, gnseg, j, Tup)
            Qb0 += Ncb * R * Tup_c * nasa.h_RT(gcoef, gtmax, gnseg, j, Tup_c)
            # bubble solids: what they take is the bubble gas (T_b), what they give leaves at T_s
            Qb0 += A * delta * gb * (prod_b * R * Ts * nasa.h_RT(gcoef, gtmax, gnseg, j, Ts)
                                     - cons_b * R * Tb * nasa.h_RT(gcoef, gtmax, gnseg, j, Tb))
        hp = NU_BUBBLE_SOLIDS * prm[F_KG] / prm[F_DP]
        Qb0 -= A * delta * (Hbc + gb * 6.0 / prm[F_DP] * hp) * (Tb - Ts)
        for k in range(nr):
            dX += kin_b[k] * A * delta * (gb * r_b[k] + gc * r_c[k] + ge * r_e[k])
    dX = dX / prm[F_SACT]
    m = 0.0
    for k in range(ns):
        m += S[k] * Ms[k]
    dP = -G * eps_s * prm[F_RHOP] * m / prm[F_MIN]
    sumE = 0.0
    for j in range(ng):
        sumE += E[j]
    Gt = A * umf * P / (R * Ts)
    yup = np.empty(ng)
    if energy and mixed:
        # well-mixed solids: one bed temperature, dT_s/dz = 0
        B = sumE - Gt * dP / P
        Tup = Ts if B >= 0.0 else Tb
        hup = 0.0
        for j in range(ng):
            yup[j] = ye[j] if B >= 0.0 else yb[j]
            hup += yup[j] * R * Tup * nasa.h_RT(gcoef, gtmax, gnseg, j, Tup)
        dHb = Qb0 + B * hup
    elif energy:
        Cse = _cp_sum_nb(S, scoef, stmax, snseg, Ts) + _cp_sum_nb(F_e, gcoef, gtmax, gnseg, Ts)
        W = -Qb0
        for k in range(ns):
            W -= R * Ts * nasa.h_RT(scoef, stmax, snseg, k, Ts) * dS[k] * dX
        for j in range(ng):
            W -= R * Ts * nasa.h_RT(gcoef, gtmax, gnseg, j, Ts) * E[j]
        B = sumE - Gt * (dP / P - W / Cse / Ts)
        if B >= 0.0:
            Tup = Ts
            for j in range(ng):
                yup[j] = ye[j]
        else:
            Db = 0.0
            for j in range(ng):
                Db += yb[j] * R * (Tb * nasa.h_RT(gcoef, gtmax, gnseg, j, Tb)
                                   - Ts * nasa.h_RT(gcoef, gtmax, gnseg, j, Ts))
            B = (sumE - Gt * dP / P + Gt * W / (Ts * Cse)) / (1.0 + Gt * Db / (Ts * Cse))
            Tup = Tb
            for j in range(ng):
                yup[j] = yb[j]
        hup = 0.0
        for j in range(ng):
            hup += yup[j] * R * Tup * nasa.h_RT(gcoef, gtmax, gnseg, j, Tup)
        dHb = Qb0 + B * hup
    else:
        B = sumE - Gt * dP / P
        for j in range(ng):
            yup[j] = ye[j] if B >= 0.0 else yb[j]
        dHb = 0.0
    for j in range(ng):
        out[j] = dFb0[j] + B * yup[j]
        out[ng + j] = E[j] - B * yup[j]
    _project_shift_nb(out, F_e, iprm, prm, ng)
    out[2 * ng] = dX
    out[2 * ng + 1] = dHb
    out[2 * ng + 2] = -dHb
    out[2 * ng + 3] = dP
    if dbm == 0:
        out[2 * ng + 4] = kc.horio_nonaka_slope_nb(y[2 * ng + 4], uex, umf, Dt, A)
    else:
        out[2 * ng + 4] = 0.0
    work[5] = db
    work[6] = delta
    work[7] = u


@njit(cache=True)
def _rhs_auto_nb(y, args, out):
    """:func:`_rhs_nb` in the autonomous form :mod:`clc.odes` integrates: the height is the last state."""
    n = y.shape[0] - 1
    (iprm, prm, kin_j, kin_nu, kin_p, kin_b, kin_nutot, kin_w, Mg, Vg, gcoef, gtmax, gnseg, Sref, dS, Ms, scoef,
     stmax, snseg, work) = args
    _rhs_nb(y[n], y[:n], out[:n], iprm, prm, kin_j, kin_nu, kin_p, kin_b, kin_nutot, kin_w, Mg, Vg, gcoef, gtmax,
            gnseg, Sref, dS, Ms, scoef, stmax, snseg, work)
    out[n] = 1.0
    for i in range(n):
        if not math.isfinite(out[i]):
            return math.nan
    return 0.0


# Dormand & Prince (1980) RK5(4)7M coefficients (J. Comput. Appl. Math. 6, 19), as SciPy's RK45
_DP_C = np.array([0.0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1.0, 1.0])
_DP_A = np.array([
    [0, 0, 0, 0, 0, 0],
    [1 / 5, 0, 0, 0, 0, 0],
    [3 / 40, 9 / 40, 0, 0, 0, 0],
    [44 / 45, -56 / 15, 32 / 9, 0, 0, 0],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729, 0, 0],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656, 0],
    [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84]], dtype=np.float64)
_DP_B = np.array([35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0])
_DP_E = np.array([71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40])


@njit(cache=True)
def _integrate_nb(zgrid, y0, rtol, scale, iprm, prm, kin_j, kin_nu, kin_p, kin_b, kin_nutot, kin_w, Mg, Vg, gcoef,
                  gtmax, gnseg, Sref, dS, Ms, scoef, stmax, snseg, work, dpA, dpB, dpE, max_steps):
    """Adaptive RK5(4) from zgrid[0], ending steps on every grid height. Returns (Y, steps, status)."""
    n = y0.shape[0]
    ng_ = zgrid.shape[0]
    Y = np.empty((ng_, n))
    Y[0] = y0
    y = y0.copy()
    K = np.empty((7, n))
    ys = np.empty(n)
    z = zgrid[0]
    L = zgrid[-1] - zgrid[0]
    h = 1e-4 * L
    steps = 0
    _rhs_nb(z, y, K[0], iprm, prm, kin_j, kin_nu, kin_p, kin_b, kin_nutot, kin_w, Mg, Vg, gcoef, gtmax, gnseg, Sref,
            dS, Ms, scoef, stmax, snseg, work)
    for ig in range(1, ng_):
        zt = zgrid[ig]
        while z < zt:
            last = False
            if z + h >= zt - 1e-14 * L:
                h = zt - z
                last = True
            for s in range(1, 7):
                for i in range(n):
                    acc = y[i]
                    for q in range(s):
                        acc += h * dpA[s, q] * K[q, i]
                    ys[i] = acc
                _rhs_nb(z + _DP_C[s] * h, ys, K[s], iprm, prm, kin_j, kin_nu, kin_p, kin_b, kin_nutot, kin_w, Mg,
                        Vg, gcoef, gtmax, gnseg, Sref, dS, Ms, scoef, stmax, snseg, work)
            # ys holds the 5th-order solution (FSAL: stage 6 is at the new point)
            err = 0.0
            for i in range(n):
                e = 0.0
                for q in range(7):
                    e += dpE[q] * K[q, i]
                e *= h
                sc = rtol * (scale[i] + max(abs(y[i]), abs(ys[i])))
                err = max(err, abs(e) / sc)
            if not math.isfinite(err):
                err = 1e10
            if err <= 1.0:
                z = zt if last else z + h
                for i in range(n):
                    y[i] = ys[i]
                    K[0, i] = K[6, i]
                steps += 1
                fac = 0.9 * err ** -0.2 if err > 0.0 else 5.0
                h = h * min(5.0, max(0.2, fac))
                if steps > max_steps:
                    return Y, steps, 2
            else:
                h = h * max(0.1, 0.9 * err ** -0.2)
                if h < 1e-14 * L:
                    return Y, steps, 1
        Y[ig] = y
    return Y, steps, 0
