"""Gas chemistry of the Kunii-Levenspiel bed (:mod:`clc.kl_bed`) with several fuel gases: rates, the cloud-wake
solve and the water-gas shift, each as a numba kernel and a separately written Python twin.

* Rates: each fuel gas k reacts with the carrier by its own grain model of :mod:`clc.rates` (the carrier set's
  kinetics, as :mod:`clc.bubbling_bed` sums them), r_k = f_a c0 phi(X) (dX/dt)_k / b_k [mol gas k/(m3 particle s)].
  The rates are irreversible as the sets were fitted (for ilmenite's CO and H2 reactions K = 2.5e3 and 3.2e3 at
  1173 K, so an equilibrium limit would act only above 99.96 % conversion; :mod:`clc.bubbling_bed` adds the
  distance from that limit, an assumption this bed does not take).
* Cloud-wake (quasi-steady, KL ch. 12): for each fuel k, Kbc (Cb_k - C_k) - Kce (C_k - Ce_k) + gc sum_l nu_kl r_l
  - out_k = 0, out_k = C_k n_c / c_e (n_c >= 0, cloud gas to the bubble) or yb_k n_c (n_c < 0), n_c = Kbc (c_b -
  c_e) + gc sum_l nu_tot,l r_l. The kernel solves the fuels one at a time (Illinois regula falsi, bracketed: the
  residual falls with C_k) in Gauss-Seidel sweeps; the twin solves the whole system by MINPACK's hybrd.
* Water-gas shift CO + H2O = CO2 + H2 held at equilibrium in the emulsion gas, as :mod:`clc.bubbling_bed` does
  (citing Abad et al., Combust. Flame 157 (2010) 602, who take it so for CLC fuel reactors; read second-hand
  there). Not in the bubble or cloud-wake gas (ASSUMPTION: no catalyst surface to speak of in bubbles; the
  cloud-wake's gas stays there a short time). K from :func:`clc.gas.wgs_equilibrium_constant` (Cantera data).
  The bed integrates the emulsion flows before the shift; the shift is applied to them wherever they are read
  (equimolar: the total and every element are unchanged), which is the same as an instantaneous equilibrium.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from scipy.optimize import brentq, root

from . import rates
from .constants import R

CLOUD_SWEEPS = 60  # Gauss-Seidel sweeps of the cloud-wake fuels (they converge in 2-5 at CLC conditions)
CLOUD_RTOL = 1e-14
# mol/m3: below it a rate is taken linear in the gas's concentration (numerical regularisation of C^n, n < 1:
# a mole fraction of 1e-7 at 1 bar and 1173 K, where the gas is spent for any purpose the bed reports)
C_LINEAR = 1e-6


# --------------------------------------------------------------------------------------------------
# rates


@njit(cache=True)
def rate_nb(p_kin, T, C, X, c0, f_a, b, basis):
    """mol gas / (m3 particle s) of one carrier reaction (``basis`` 1: times the active phase left, IDAES).

    Odd in C: -r(-C) below zero. A solution never gets there (the rate vanishes with the gas), but the implicit
    integrator's Newton iterates do, and a rate cut to zero there is a kink that stalls them. Linear in C below
    :data:`C_LINEAR` (numerical regularisation): an order n < 1 (CO on ilmenite, n = 0.8) has an infinite slope
    at C = 0 that a trace of the gas (made by the shift) turns into stiffness the Newton iterates cannot follow.
    """
    if C == 0.0 or X >= 1.0:
        return 0.0
    x = X if X > 0.0 else 0.0
    phi = 1.0 - x if basis == 1 else 1.0
    Ca = abs(C)
    if Ca < C_LINEAR:
        r = f_a * c0 * phi * rates.conversion_rate(p_kin, T, C_LINEAR, x) / b * (Ca / C_LINEAR)
    else:
        r = f_a * c0 * phi * rates.conversion_rate(p_kin, T, Ca, x) / b
    return r if C > 0.0 else -r


def rate(p_kin, T, C, X, c0, f_a, b, basis_remaining):
    """Twin of :func:`rate_nb`: the grain model under chemical control written out (Levenspiel ch. 25)."""
    if C == 0.0 or X >= 1.0:
        return 0.0
    if C < 0.0:
        return -rate(p_kin, T, -C, X, c0, f_a, b, basis_remaining)
    if C < C_LINEAR:
        return rate(p_kin, T, C_LINEAR, X, c0, f_a, b, basis_remaining) * C / C_LINEAR
    X = max(X, 0.0)
    fp = p_kin[rates.P_FP]
    k = p_kin[rates.P_K0] * math.exp(-p_kin[rates.P_E] / (R * T))
    tau = p_kin[rates.P_RHO] * p_kin[rates.P_L] / (p_kin[rates.P_B] * k * C ** p_kin[rates.P_N])
    dxdt = fp * (1.0 - X) ** (1.0 - 1.0 / fp) / tau
    phi = 1.0 - X if basis_remaining else 1.0
    return f_a * c0 * phi * dxdt / b


# --------------------------------------------------------------------------------------------------
# cloud-wake


@njit(cache=True)
def _cloud_residual_nb(C, k, Cb, Ce, yb, Kbc, Kce, gc, c_e, n_other, src_other, kin_p, kin_b, kin_nutot, T, X,
                       c0, f_a, basis):
    r = rate_nb(kin_p[k], T, C, X, c0, f_a, kin_b[k], basis)
    n_c = n_other + gc * kin_nutot[k] * r
    out = C * n_c / c_e if n_c >= 0.0 else yb * n_c
    return Kbc * (Cb - C) - Kce * (C - Ce) + src_other - gc * r - out


@njit(cache=True)
def _cloud_one_nb(k, Cb, Ce, yb, Kbc, Kce, gc, c_e, n_other, src_other, kin_p, kin_b, kin_nutot, T, X, c0, f_a,
                  basis):
    """Cloud-wake concentration of fuel k with the other reactions' rates fixed (residual falls with C)."""
    flo = _cloud_residual_nb(0.0, k, Cb, Ce, yb, Kbc, Kce, gc, c_e, n_other, src_other, kin_p, kin_b, kin_nutot,
                             T, X, c0, f_a, basis)
    if flo <= 0.0:
        return 0.0
    hi = max(Cb, Ce) + src_other / (Kbc + Kce) + 1e-300
    fhi = 0.0
    for _ in range(200):
        fhi = _cloud_residual_nb(hi, k, Cb, Ce, yb, Kbc, Kce, gc, c_e, n_other, src_other, kin_p, kin_b,
                                 kin_nutot, T, X, c0, f_a, basis)
        if fhi <= 0.0:
            break
        hi = 2.0 * hi + 1e-12
    if fhi >= 0.0:
        return hi
    a, fa, c, fc = 0.0, flo, hi, fhi
    side = 0
    x = 0.5 * (a + c)
    for _ in range(300):
        x = (a * fc - c * fa) / (fc - fa)
        fx = _cloud_residual_nb(x, k, Cb, Ce, yb, Kbc, Kce, gc, c_e, n_other, src_other, kin_p, kin_b, kin_nutot,
                                T, X, c0, f_a, basis)
        if fx == 0.0:
            return x
        if fx * fc > 0.0:
            c, fc = x, fx
            if side == -1:
                fa *= 0.5
            side = -1
        else:
            a, fa = x, fx
            if side == 1:
                fc *= 0.5
            side = 1
        if abs(c - a) <= 1e-15 * x:
            return x
    return x


@njit(cache=True)
def cloud_rates_nb(Cb, Ce, yb, Kbc, Kce, gc, c_e, nb_base, kin_j, kin_nu, kin_p, kin_b, kin_nutot, T, X, c0, f_a,
                   basis, r_c):
    """Rates r_c[k] [mol/(m3 particle s)] in the quasi-steady cloud-wake; returns the sweeps taken (-1: none
    converged). ``Cb``, ``Ce`` concentrations of every gas in bubble and emulsion, ``yb`` bubble mole fractions."""
    nr = kin_j.shape[0]
    C = np.empty(nr)
    for k in range(nr):
        j = kin_j[k]
        C[k] = (Kbc * Cb[j] + Kce * Ce[j]) / (Kbc + Kce)
        r_c[k] = rate_nb(kin_p[k], T, C[k], X, c0, f_a, kin_b[k], basis)
    for sweep in range(CLOUD_SWEEPS):
        moved = 0.0
        for k in range(nr):
            j = kin_j[k]
            n_other = nb_base
            src = 0.0
            for q in range(nr):
                if q != k:
                    n_other += gc * kin_nutot[q] * r_c[q]
                    src += gc * kin_nu[q, j] * r_c[q]
            Cn = _cloud_one_nb(k, Cb[j], Ce[j], yb[j], Kbc, Kce, gc, c_e, n_other, src, kin_p, kin_b, kin_nutot, T,
                               X, c0, f_a, basis)
            moved = max(moved, abs(Cn - C[k]) / max(Cn, C[k], 1e-300))
            C[k] = Cn
            r_c[k] = rate_nb(kin_p[k], T, Cn, X, c0, f_a, kin_b[k], basis)
        if moved <= CLOUD_RTOL or nr == 1:
            return sweep + 1
    return -1


def cloud_rates(Cb, Ce, yb, Kbc, Kce, gc, c_e, nb_base, kin_j, kin_nu, kin_p, kin_b, kin_nutot, T, X, c0, f_a,
                basis_remaining):
    """Twin of :func:`cloud_rates_nb`: every fuel's cloud balance at once, MINPACK hybrd on C/c_e (scipy.optimize.root),
    from the no-reaction mix; one fuel by Brent's method."""
    kin_j = np.asarray(kin_j)
    nr = len(kin_j)

    def rates_of(C):
        return np.array([rate(kin_p[k], T, max(C[k], 0.0), X, c0, f_a, kin_b[k], basis_remaining) for k in range(nr)])

    def res(s):
        C = s * c_e
        r = rates_of(C)
        n_c = nb_base + gc * float(np.dot(kin_nutot, r))
        out = C * n_c / c_e if n_c >= 0 else yb[kin_j] * n_c
        return (Kbc * (Cb[kin_j] - C) - Kce * (C - Ce[kin_j]) + gc * (kin_nu[:, kin_j].T @ r) - out) / (Kbc * c_e)

    if nr == 1:
        f = lambda c: float(res(np.array([c / c_e]))[0])  # noqa: E731
        if f(0.0) <= 0.0:
            return np.zeros(1)
        hi = max(Cb[kin_j[0]], Ce[kin_j[0]]) + 1e-300
        while f(hi) > 0.0:
            hi = 2.0 * hi + 1e-12
        C = brentq(f, 0.0, hi, xtol=1e-300, rtol=1e-15)
        return rates_of(np.array([C]))
    s0 = (Kbc * Cb[kin_j] + Kce * Ce[kin_j]) / (Kbc + Kce) / c_e
    sol = root(res, s0, method="hybr", options={"xtol": 1e-15})
    s = np.maximum(sol.x, 0.0)
    if np.max(np.abs(res(s))) > 1e-11:
        raise RuntimeError(f"the twin's cloud-wake solve did not converge ({sol.message})")
    return rates_of(s * c_e)


# --------------------------------------------------------------------------------------------------
# water-gas shift


@njit(cache=True)
def shift_extent_nb(F, ico, ih2o, ico2, ih2, K):
    """Extent xi [mol/s] of CO + H2O -> CO2 + H2 that brings the flows F to K y_CO y_H2O = y_CO2 y_H2.

    The root of (K - 1) xi^2 - (K (CO + H2O) + CO2 + H2) xi + K CO H2O - CO2 H2 = 0 of smaller magnitude (the one
    inside [-min(CO2, H2), min(CO, H2O)] for flows >= 0), from the quadratic's stable form, then polished by
    Newton steps. Not clipped to that bracket: the root is then a smooth function of the flows even where the
    implicit integrator's Newton iterates make one of them slightly negative.
    """
    a, b_, c, d = F[ico], F[ih2o], F[ico2], F[ih2]
    f0 = K * a * b_ - c * d
    if f0 == 0.0:
        return 0.0
    qa = K - 1.0
    qb = -(K * (a + b_) + c + d)
    disc = qb * qb - 4.0 * qa * f0
    if disc < 0.0 or qb == 0.0:
        return 0.0
    q = -0.5 * (qb - math.sqrt(disc)) if qb < 0.0 else -0.5 * (qb + math.sqrt(disc))  # no cancellation
    x = f0 / q
    for _ in range(3):
        f = K * (a - x) * (b_ - x) - (c + x) * (d + x)
        df = -K * ((a - x) + (b_ - x)) - ((c + x) + (d + x))
        if df == 0.0:
            break
        dx = f / df
        x -= dx
        if abs(dx) <= 1e-16 * abs(x):
            break
    return x


def shift_extent(F, ico, ih2o, ico2, ih2, K):
    """Twin of :func:`shift_extent_nb`: the quadratic's roots by numpy (companion-matrix eigenvalues), the one of
    smaller magnitude, polished by Brent's method inside [-min(CO2, H2), min(CO, H2O)] where the flows are >= 0."""
    a, b_, c, d = (float(F[i]) for i in (ico, ih2o, ico2, ih2))
    f = lambda x: K * (a - x) * (b_ - x) - (c + x) * (d + x)  # noqa: E731
    if f(0.0) == 0.0:
        return 0.0
    roots = np.roots([K - 1.0, -(K * (a + b_) + c + d), K * a * b_ - c * d])
    roots = roots[np.isreal(roots)].real
    if roots.size == 0:
        return 0.0
    x = float(roots[np.argmin(np.abs(roots))])
    lo, hi = -min(c, d), min(a, b_)
    if min(a, b_, c, d) >= 0.0 and hi > lo and f(lo) > 0.0 > f(hi):
        x = brentq(f, lo, hi, xtol=1e-300, rtol=4 * np.finfo(float).eps)
    return x
