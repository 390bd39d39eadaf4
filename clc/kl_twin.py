"""NumPy/SciPy twin of the Kunii-Levenspiel bed's right-hand side (:mod:`clc.kl_bed`), written separately from
the numba kernel with the plain-Python closures of :mod:`clc.kl_closures` and :mod:`clc.kl_gas`; SciPy's LSODA
integrates it (``kl_bed.solve(use_twin=True)``), the reference the kernels are tested against."""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import brentq

from . import kl_gas, nasa
from . import kl_closures as kc
from .constants import G, R
from .kl_closures import NU_BUBBLE_SOLIDS, T_BOUNDS


class Twin:
    """The twin of one bed model (a :class:`clc.kl_bed._Model`)."""

    def __init__(self, m):
        self.m = m
        self.Ts_guess = m.T_s_in
        self.Tb_guess = m.T_g_in

    def _H(self, F, arr, T):
        return float(np.sum(F * R * T * np.array([nasa.h_RT_numpy(arr.coef, arr.tmax, arr.nseg, k, T)
                                                     for k in range(len(F))])))

    def _T(self, H, Fg, S):
        m = self.m

        def f(T):
            return self._H(Fg, m.garr, T) + (self._H(S, m.sarr, T) if len(S) else 0.0) - H
        return brentq(f, T_BOUNDS[0], T_BOUNDS[1], xtol=1e-10, rtol=1e-14)

    def rate(self, k, T, C, X):
        m = self.m
        return kl_gas.rate(m.kin_p[k], T, C, X, m.c0, m.f_a, m.kin_b[k], m.rate_basis == "remaining")

    def emulsion(self, Fe):
        """Emulsion flows after the water-gas shift (Brent's method on its equilibrium)."""
        m = self.m
        if not m.wgs:
            return Fe
        ico, ih2o, ico2, ih2 = m.wgs_index
        xi = kl_gas.shift_extent(Fe, ico, ih2o, ico2, ih2, m.K_wgs)
        nu = np.zeros(m.ng)
        nu[[ico, ih2o]] = -1.0
        nu[[ico2, ih2]] = 1.0
        return Fe + xi * nu

    def plug_zone(self, eps, y, Fb, Fe, X, S, Ts, Tb, P):
        """Freeboard (eps = eps_s0 exp(-a h)) or grid zone (eps = 1 - eps_mf): one plug-flow gas at the solids'
        temperature past a solids volume fraction eps."""
        m = self.m
        ng = m.ng
        F = Fb + Fe
        C = P / (R * Ts) * F / F.sum()
        r = np.array([self.rate(k, Ts, C[m.kin_j[k]], X) for k in range(len(m.kin_j))])
        src = m.A * eps * (m.kin_nu.T @ r)
        with np.errstate(divide="ignore", invalid="ignore"):
            dFb = np.where((src < 0) & (F > 0), src * Fb / F, 0.0)
        h_b = R * Tb * np.array([nasa.h_RT_numpy(m.garr.coef, m.garr.tmax, m.garr.nseg, j, Tb) for j in range(ng)])
        out = np.zeros_like(y)
        out[:ng] = dFb
        out[ng:2 * ng] = src - dFb
        out[2 * ng] = float(np.dot(m.kin_b, m.A * eps * r)) / m.S_act
        out[2 * ng + 1] = float(np.dot(dFb, h_b))
        out[2 * ng + 2] = -out[2 * ng + 1]
        out[2 * ng + 3] = -G * eps * m.rho_p * float(np.dot(S, m.Ms)) / m.m_in
        self.project(out, Fe)
        return out

    def project(self, out, Fe):
        """The shift's equilibrium kept along the emulsion's derivative (projection along nu by grad g)."""
        m = self.m
        if not m.wgs:
            return
        ng = m.ng
        ico, ih2o, ico2, ih2 = m.wgs_index
        grad = np.zeros(ng)
        grad[[ico, ih2o, ico2, ih2]] = m.K_wgs * Fe[ih2o], m.K_wgs * Fe[ico], -Fe[ih2], -Fe[ico2]
        nu = np.zeros(ng)
        nu[[ico, ih2o]], nu[[ico2, ih2]] = -1.0, 1.0
        if grad @ nu != 0.0:
            out[ng:2 * ng] -= nu * (grad @ out[ng:2 * ng]) / (grad @ nu)

    def rhs(self, z, y):
        m = self.m
        ng = m.ng
        Fb, Fe, X, Hb, Hse, P = y[:ng], y[ng:2 * ng], y[2 * ng], y[2 * ng + 1], y[2 * ng + 2], y[2 * ng + 3]
        Fe = self.emulsion(Fe)
        if m.mixed:
            X = m.X_mix
        S = m.Sref + m.dS * X
        if m.energy_balance:
            Ts = m.T_mix if m.mixed else self._T(Hse, Fe, S)
            Tb = self._T(Hb, Fb, np.zeros(0))
        else:
            Ts = Tb = m.T_iso
        if m.in_fb:
            return self.plug_zone(m.fb_eps0 * math.exp(-m.fb_a * (z - m.L)), y, Fb, Fe, X, S, Ts, Tb, P)
        if m.in_jet:
            return self.plug_zone(1.0 - m.eps_mf, y, Fb, Fe, X, S, Ts, Tb, P)
        yb, ye = Fb / Fb.sum(), Fe / Fe.sum()
        cb, ce = P / (R * Tb), P / (R * Ts)
        u = (Fb.sum() * R * Tb + Fe.sum() * R * Ts) / (P * m.A)
        uex = max(u - m.u_mf, 1e-9)
        if m.bubble_size == "horio_nonaka":
            db = y[2 * ng + 4]
        elif m.bubble_size == "mori_wen":
            db = kc.mori_wen_diameter(z - m.L_jet, uex, m.D_t, m.A, m.A_or)
        else:
            db = kc.darton_diameter(z - m.L_jet, uex, m.A_or)
        ubr = kc.rise_velocity(db)
        delta = uex / (uex + ubr)
        eps_s = (1 - delta) * (1 - m.eps_mf)
        Dbin = np.array([[kc.fuller_binary(Ts, P, m.Mg[j], m.Mg[i], m.Vg[j], m.Vg[i]) if i != j else np.inf
                          for i in range(ng)] for j in range(ng)])
        s = (ye[None, :] / Dbin).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            other = np.where(np.arange(ng) == 0, 1, 0)
            D = np.where((s > 0) & (1 - ye > 1e-14), (1 - ye) / s, Dbin[np.arange(ng), other])
        Cb, Ce = cb * yb, ce * ye
        nr = len(m.kin_j)
        kj = m.kin_j
        nuT = m.kin_nu.T  # (ng, nr)
        r_e = np.array([self.rate(k, Ts, Ce[kj[k]], X) for k in range(nr)])
        h_b = R * Tb * np.array([nasa.h_RT_numpy(m.garr.coef, m.garr.tmax, m.garr.nseg, j, Tb) for j in range(ng)])
        h_s = R * Ts * np.array([nasa.h_RT_numpy(m.garr.coef, m.garr.tmax, m.garr.nseg, j, Ts) for j in range(ng)])
        cpb = float(np.dot(yb, R * np.array([nasa.cp_R_numpy(m.garr.coef, m.garr.tmax, m.garr.nseg, j, Tb)
                                               for j in range(ng)])))
        Hbc = kc.h_bubble_cloud(m.u_mf, db, cb * cpb, m.k_g)
        A = m.A
        if m.exchange == "idaes":
            ge = eps_s / delta
            Kbe = np.array([kc.k_bubble_emulsion_idaes(m.u_mf, db, D[j]) for j in range(ng)])
            J = A * delta * Kbe * (Cb - Ce)
            E = J + A * delta * ge * (nuT @ r_e)
            dFb0 = -J
            Qb0 = -float(np.sum(J * np.where(J > 0, h_b, h_s))) - A * delta * Hbc * (Tb - Ts)
            dX = float(np.dot(m.kin_b, A * delta * ge * r_e)) / m.S_act
        else:
            gb = m.gamma_b
            gmax = eps_s / delta - gb
            if gmax < 0:
                gb, gmax = eps_s / delta, 0.0
            gc = 0.0
            if m.cloud_solids:
                gc = min((1 - m.eps_mf) * (kc.cloud_fraction(m.u_mf, m.eps_mf, ubr) + m.wake_fraction), gmax)
            ge = eps_s / delta - gb - gc
            Dm = float(np.dot(m.kin_w, D[kj]))
            Kbc = kc.k_bubble_cloud(m.u_mf, db, Dm)
            Kce = kc.k_cloud_emulsion(m.eps_mf, db, Dm)
            r_b = np.array([self.rate(k, Ts, Cb[kj[k]], X) for k in range(nr)])
            nb_base = Kbc * (cb - ce)
            if gc > 0:
                r_c = kl_gas.cloud_rates(Cb, Ce, yb, Kbc, Kce, gc, ce, nb_base, kj, m.kin_nu, m.kin_p, m.kin_b,
                                         m.kin_nutot, Ts, X, m.c0, m.f_a, m.rate_basis == "remaining")
            else:
                r_c = np.zeros(nr)
            n_c = nb_base + gc * float(np.dot(m.kin_nutot, r_c))
            src_c = nuT @ r_c
            if n_c >= 0:
                Cc = (Kbc * Cb + Kce * Ce + gc * src_c) / (Kbc + Kce + n_c / ce)
                up, h_c = Cc * n_c / ce, h_s
            else:
                Cc = (Kbc * Cb + Kce * Ce + gc * src_c - yb * n_c) / (Kbc + Kce)
                up, h_c = yb * n_c, h_b
            Jbc = A * delta * Kbc * (Cb - Cc)
            Ncb = A * delta * up
            Rc = A * delta * gc * src_c
            prod_b = np.clip(m.kin_nu, 0.0, None).T @ r_b
            cons_b = np.clip(-m.kin_nu, 0.0, None).T @ r_b
            Rb = A * delta * gb * (prod_b - cons_b)
            E = (Jbc + Rc - Ncb) + A * delta * ge * (nuT @ r_e)
            dFb0 = -Jbc + Ncb + Rb
            hp = NU_BUBBLE_SOLIDS * m.k_g / m.d_p
            Qb0 = (-float(np.sum(Jbc * np.where(Jbc > 0, h_b, h_s))) + float(np.sum(Ncb * h_c))
                   + A * delta * gb * float(np.dot(prod_b, h_s) - np.dot(cons_b, h_b))
                   - A * delta * (Hbc + gb * 6.0 / m.d_p * hp) * (Tb - Ts))
            dX = float(np.dot(m.kin_b, A * delta * (gb * r_b + gc * r_c + ge * r_e))) / m.S_act
        mass = float(np.dot(S, m.Ms))
        dP = -G * eps_s * m.rho_p * mass / m.m_in
        Gt = A * m.u_mf * P / (R * Ts)
        if m.energy_balance and m.mixed:
            B = E.sum() - Gt * dP / P
            yup, hup = (ye, float(np.dot(ye, h_s))) if B >= 0 else (yb, float(np.dot(yb, h_b)))
            dHb = Qb0 + B * hup
        elif m.energy_balance:
            hs_s = R * Ts * np.array([nasa.h_RT_numpy(m.sarr.coef, m.sarr.tmax, m.sarr.nseg, k, Ts)
                                      for k in range(m.ns)])
            cps = R * np.array([nasa.cp_R_numpy(m.sarr.coef, m.sarr.tmax, m.sarr.nseg, k, Ts) for k in range(m.ns)])
            cpg = R * np.array([nasa.cp_R_numpy(m.garr.coef, m.garr.tmax, m.garr.nseg, j, Ts) for j in range(ng)])
            Cse = float(np.dot(S, cps) + np.dot(Fe, cpg))
            W = -Qb0 - float(np.dot(hs_s, m.dS)) * dX - float(np.dot(h_s, E))
            B = E.sum() - Gt * (dP / P - W / Cse / Ts)
            if B >= 0:
                yup, hup = ye, float(np.dot(ye, h_s))
            else:
                Db = float(np.dot(yb, h_b - h_s))
                B = (E.sum() - Gt * dP / P + Gt * W / (Ts * Cse)) / (1 + Gt * Db / (Ts * Cse))
                yup, hup = yb, float(np.dot(yb, h_b))
            dHb = Qb0 + B * hup
        else:
            B = E.sum() - Gt * dP / P
            yup = ye if B >= 0 else yb
            dHb = 0.0
        out = np.empty_like(y)
        out[:ng] = dFb0 + B * yup
        out[ng:2 * ng] = E - B * yup
        self.project(out, Fe)  # keep the emulsion on the shift's equilibrium
        out[2 * ng] = dX
        out[2 * ng + 1] = dHb
        out[2 * ng + 2] = -dHb
        out[2 * ng + 3] = dP
        out[2 * ng + 4] = (kc.horio_nonaka_slope(y[2 * ng + 4], uex, m.u_mf, m.D_t, m.A)
                           if m.bubble_size == "horio_nonaka" else 0.0)
        return out
