"""Numba kernels of the counter-current moving bed (:mod:`clc.moving_bed`): the right-hand sides of
the gas side's balances (extent, pressure; with the energy balance also the gas temperature and the
heat to the solids), the solids temperature from the enthalpy invariant, the backward-difference
residuals, the bed-weight ratio of the pressure drop, and the DOP853 drivers of :mod:`clc.odes`
(called by the shooting solvers of :mod:`clc.moving_bed_shooting`).

They read the bed through two flat arrays, ``prm`` (the bed) and ``eprm`` (the energy balance, first
item of the tuple ``ed``), whose slots are named by the ``_*`` and ``_E_*`` constants below;
:class:`clc.moving_bed._Bed` fills them. Their NumPy twins are the methods of ``_Bed`` that each
kernel's docstring names (``use_twin=True`` runs them); ``tests/test_moving_bed.py`` holds the two
equal. Compiled with ``cache=True``: the cache is keyed on this file, so after editing a module whose
kernels these call (:mod:`clc.rates`, :mod:`clc.transport`, :mod:`clc.hydrodynamics`,
:mod:`clc.nasa`) alone, delete ``clc/__pycache__/moving_bed_kernels*.nb*`` and
``clc/__pycache__/odes*moving_bed_kernels*.nb*``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from . import hydrodynamics, nasa, odes, rates, transport
from .constants import G, R

# --- numba kernels of the model equations; the methods of the same names of clc.moving_bed._Bed are
# their twins ----------------------------------------------------------------------------------------
# scalar parameters in one array (indices)
(_T, _EPS, _FA, _C0, _B, _AREA, _US, _DP, _IFUEL, _XIN, _S0, _REMAINING, _DPMODEL, _MOX, _WACT, _DELTA,
 _QS) = range(17)
_DP_CODES = {"none": 0, "ergun": 1, "idaes_simple": 2}


@njit(cache=True)
def _flows_nb(F_in, nu_g, xi, F):
    """F = max(F_in + nu xi, 0) (twin: ``_Bed.flows``)."""
    for i in range(F.shape[0]):
        F[i] = max(F_in[i] + nu_g[i] * xi, 0.0)


@njit(cache=True)
def _rate_at_nb(F, P, X, T_gas, T_solid, prm, p_kin):
    """Reaction rate per bed volume [mol/(m3 s)]: fuel concentration at the gas temperature, rate
    constant at the solids temperature (twin: ``_Bed.rate``)."""
    C = F[int(prm[_IFUEL])] / F.sum() * max(P, 0.0) / (R * T_gas)
    X = min(max(X, 0.0), 1.0)
    dxdt = rates.conversion_rate(p_kin, T_solid, C, X)
    phi = (1.0 - X) if prm[_REMAINING] != 0.0 else 1.0
    return (1.0 - prm[_EPS]) * prm[_FA] * prm[_C0] * phi * dxdt / prm[_B]


@njit(cache=True)
def _rate_nb(F, P, X, prm, p_kin):
    """Reaction rate per bed volume [mol/(m3 s)] of the isothermal bed (twin: ``_Bed.rate``)."""
    return _rate_at_nb(F, P, X, prm[_T], prm[_T], prm, p_kin)


@njit(cache=True)
def _dpdz_nb(P, F, X, prm, M_g, mu, phi):
    """Pressure gradient [Pa/m] of the isothermal bed (twin: ``_Bed.dpdz``)."""
    model = int(prm[_DPMODEL])
    if model == 0:
        return 0.0
    visc = transport.viscosity_nb(F, mu, phi) if model == 1 else 0.0
    return _dpdz_at_nb(P, F, X, prm[_T], visc, prm, M_g)


@njit(cache=True)
def _dpdz_at_nb(P, F, X, T, visc, prm, M_g):
    """Pressure gradient [Pa/m] with the gas at T [K] and of viscosity visc [Pa s] (Ergun only)."""
    model = int(prm[_DPMODEL])
    if model == 0:
        return 0.0
    eps = prm[_EPS]
    f_tot = F.sum()
    u_g = f_tot * R * T / (prm[_AREA] * P)
    m = 0.0
    for i in range(F.shape[0]):
        m += F[i] * M_g[i]
    rho_g = P * m / (f_tot * R * T)
    if model == 1:
        u = u_g + eps / (1.0 - eps) * prm[_US]
        return hydrodynamics.ergun_gradient_nb(u, visc, rho_g, eps, prm[_DP])
    rho_p = prm[_MOX] * (1.0 - prm[_WACT] * prm[_DELTA] * X) / prm[_QS]
    return hydrodynamics.idaes_simple_gradient_nb(u_g, rho_p, rho_g)


@njit(cache=True, inline="always")
def _rhs_nb(xi, P, g, dead, prm, p_kin, F_in, nu_g, M_g, mu, phi, F, out):
    """(dxi/dz, dP/dz) into ``out`` (twin: ``_Bed.rhs``); F is a work array."""
    _flows_nb(F_in, nu_g, xi, F)
    if dead:
        X = 1.0
        out[0] = 0.0
    else:
        X = min(prm[_XIN] + prm[_B] * max(g - xi, 0.0) / prm[_S0], 1.0)
        out[0] = prm[_AREA] * _rate_nb(F, P, X, prm, p_kin)
    out[1] = _dpdz_nb(P, F, X, prm, M_g, mu, phi)


@njit(cache=True)
def _rhs_iso_nb(y, args, out):
    """:func:`_rhs_nb` in the integrators' form (:mod:`clc.odes`): args = (g, dead, prm, p_kin, F_in, nu_g,
    M_g, mu, phi, F)."""
    g, dead, prm, p_kin, F_in, nu_g, M_g, mu, phi, F = args
    _rhs_nb(y[0], y[1], g, dead, prm, p_kin, F_in, nu_g, M_g, mu, phi, F, out)
    return 0.0


def _integrate_nb(z0, z1, y0, g, dead, stops, rtol, atol, p_low, prm, p_kin, F_in, nu_g, M_g, mu, phi, dense,
                  y_stops, stop_from):
    """Gas side (xi, P) of the isothermal bed from z0 to z1 by :func:`clc.odes.dop853` (SciPy's DOP853
    steps; with ``dense`` the state at ``stops`` from the steps' interpolant). Returns (status, y, z at
    the event, RHS calls, next k), status as in :func:`clc.odes.dop853` (EVENT: the pressure fell below
    p_low)."""
    F = np.empty(F_in.shape[0])
    return odes.dop853(_rhs_iso_nb, (g, dead, prm, p_kin, F_in, nu_g, M_g, mu, phi, F), z0, z1, y0, stops, rtol,
                       atol, 1, p_low, -1, 0.0, 0.0, False, dense, y_stops, stop_from, odes.DOP853_TABLEAU)


@njit(cache=True)
def _fd_residual_nb(v, n, h, L, sx, sP, P_in, X_in, S0, b, A, prm, p_kin, F_in, nu_g, M_g, mu, phi, out):
    """Scaled backward-difference balances (twin: the ``residual`` of ``_Bed.backward_difference``)."""
    F = np.empty(F_in.shape[0])
    for i in range(1, n + 1):
        xi_i = v[i - 1] * sx
        xi_p = 0.0 if i == 1 else v[i - 2] * sx
        X_i = X_in if i == n else v[n + i]
        X_p = v[n + i - 1]
        P_i = v[2 * n + i - 1] * sP
        P_p = P_in if i == 1 else v[2 * n + i - 2] * sP
        _flows_nb(F_in, nu_g, xi_i, F)
        r = A * _rate_nb(F, P_i, X_i, prm, p_kin)
        out[i - 1] = ((xi_i - xi_p) / h - r) / sx * L
        out[n + i - 1] = (S0 * (X_p - X_i) / h - b * r) / (b * sx) * L
        out[2 * n + i - 1] = ((P_i - P_p) / h - _dpdz_nb(P_i, F, X_i, prm, M_g, mu, phi)) / sP * L


@njit(cache=True)
def _dp_ratio_nb(P_z, F_z, X_z, prm, M_g, mu, phi):
    """Largest (-dP/dz) / buoyant bed weight per volume along the profile (twin: loop in ``simulate``)."""
    eps = prm[_EPS]
    T = prm[_T]
    ratio = 0.0
    F = np.empty(F_z.shape[0])
    for k in range(P_z.shape[0]):
        m = 0.0
        for i in range(F.shape[0]):
            F[i] = F_z[i, k]
            m += F[i] * M_g[i]
        rho_g = P_z[k] * m / (F.sum() * R * T)
        rho_p = prm[_MOX] * (1.0 - prm[_WACT] * prm[_DELTA] * X_z[k]) / prm[_QS]
        weight = (1 - eps) * (rho_p - rho_g) * G
        ratio = max(ratio, -_dpdz_nb(P_z[k], F, X_z[k], prm, M_g, mu, phi) / weight)
    return ratio


# --- energy balance (``energy_balance=True``): numba kernels; the _Bed methods named in each
# docstring are their twins ---------------------------------------------------------------------
# scalar parameters of the energy balance in one array (indices); _E_THETA and _E_E0 change with
# the shooting guesses
(_E_TGIN, _E_TSIN, _E_THETA, _E_E0, _E_NUSSELT, _E_TLO, _E_THI) = range(7)
_NUSSELT_CODES = {m: k for k, m in enumerate(hydrodynamics.NUSSELT_METHODS)}


@njit(cache=True, error_model="numpy")
def _enthalpy_flow_nb(S, coef, tmax, nseg, T):
    """(sum_k S_k h_k(T) [W], sum_k S_k cp_k(T) [W/K]) from NASA polynomials (twin: clc.thermo)."""
    H = 0.0
    C = 0.0
    for k in range(S.shape[0]):
        if S[k] != 0.0:
            H += S[k] * R * T * nasa.h_RT(coef, tmax, nseg, k, T)
            C += S[k] * R * nasa.cp_R(coef, tmax, nseg, k, T)
    return H, C


@njit(cache=True, error_model="numpy")
def _solids_flows_nb(X, sa, sb, S):
    """Molar flows of the solid species at conversion X: S = sa + sb X."""
    for k in range(S.shape[0]):
        S[k] = sa[k] + sb[k] * X


@njit(cache=True, error_model="numpy")
def _solid_T_nb(X, H, T0, sa, sb, scoef, stmax, snseg, S):
    """Solids temperature [K] whose enthalpy flow at conversion X is H [W] (twin: ``_Bed.solid_T``).

    Newton's method from T0 on the increasing H_s(T) (cp > 0), steps limited to a factor 2 until
    the root is bracketed, then kept inside the bracket, bisecting where a Newton step leaves it or
    does not halve the previous step (Press et al., Numerical Recipes, 3rd ed., 2007, ``rtsafe``).
    After a Newton step below 1e-7 T one more is taken and returned: Newton's error after it is
    about (dcp/dT / 2 cp) dT^2 < 1e-12 K for these smooth heat capacities. The NASA fits jump
    slightly where their temperature ranges meet (e.g. +0.18 J/mol for Fe3O4 at 1000 K); an H
    inside such a jump has no root, and the bracket closes on the range boundary instead (to
    1e-12 T). NaN if nothing converges in 300 steps.
    """
    _solids_flows_nb(X, sa, sb, S)
    T = T0
    lo = -1.0  # a temperature whose enthalpy is below H (none yet)
    hi = -1.0  # one whose enthalpy is above H
    dx_old = math.inf
    for _it in range(300):
        h, c = _enthalpy_flow_nb(S, scoef, stmax, snseg, T)
        f = h - H
        if f == 0.0:
            return T
        if f < 0.0:
            lo = T
        else:
            hi = T
        both = lo > 0.0 and hi > 0.0
        a = min(lo, hi)
        b = max(lo, hi)
        if both and b - a <= 1e-12 * T:
            return 0.5 * (a + b)
        T_new = T - f / c
        newton = True
        if both:
            if not (a < T_new < b) or abs(T_new - T) > 0.5 * abs(dx_old):
                T_new = 0.5 * (a + b)
                newton = False
        else:
            T_new = min(max(T_new, 0.5 * T), 2.0 * T)
        if newton and abs(T_new - T) <= 1e-7 * T:
            h, c = _enthalpy_flow_nb(S, scoef, stmax, snseg, T_new)
            T2 = T_new - (h - H) / c
            if not both or a <= T2 <= b:
                return T2
        dx_old = T_new - T
        T = T_new
    return math.nan


@njit(cache=True, error_model="numpy", inline="always")
def _energy_terms_nb(xi, P, Tg, X, dead, Ts_given, prm, p_kin, F_in, nu_g, M_g, ed, F, S, wk, phi):
    """(Ts, A r, dP/dz, q, s_prod, C_g, H_g) at one state of the energy-balance model (twin:
    ``_Bed.energy_terms``).

    Ts is ``Ts_given``, or where that is NaN, the solids temperature of the enthalpy invariant
    H_s(z) = H_g(z) - E0; q [W/m] the heat from the gas to the solids per bed height;
    s_prod = sum over gas products nu_j (h_j(Ts) - h_j(Tg)) [J/mol] (0 where nothing reacts);
    C_g = sum F_j cp_j(Tg) [W/K]; H_g = sum F_j h_j(Tg) [W]. wk: work array of 3 x n_gas whose
    row 2 returns h_j(Tg).
    """
    eprm, gcoef, gtmax, gnseg, scoef, stmax, snseg, sa, sb, vpoly, kpoly, wm, wd = ed
    _flows_nb(F_in, nu_g, xi, F)
    n = F.shape[0]
    Hg = 0.0
    Cg = 0.0
    m = 0.0
    ftot = 0.0
    for j in range(n):
        hj = R * Tg * nasa.h_RT(gcoef, gtmax, gnseg, j, Tg)
        wk[2, j] = hj
        Hg += F[j] * hj
        Cg += F[j] * R * nasa.cp_R(gcoef, gtmax, gnseg, j, Tg)
        m += F[j] * M_g[j]
        ftot += F[j]
    if math.isnan(Ts_given):
        Ts = _solid_T_nb(X, Hg - eprm[_E_E0], eprm[_E_THETA], sa, sb, scoef, stmax, snseg, S)
    else:
        Ts = Ts_given
    Ar = 0.0 if dead else prm[_AREA] * _rate_at_nb(F, P, X, Tg, Ts, prm, p_kin)
    visc, cond = transport.transport_nb(Tg, F, vpoly, kpoly, wm, wd, wk[0], wk[1], phi)
    eps = prm[_EPS]
    d_p = prm[_DP]
    u_g = ftot * R * Tg / (prm[_AREA] * P)
    rho_g = P * m / (ftot * R * Tg)
    Re = u_g * d_p * rho_g / visc
    Pr = Cg / m * visc / cond
    h_gs = hydrodynamics.nusselt_particle_nb(Re, Pr, int(eprm[_E_NUSSELT])) * cond / d_p
    q = 6.0 * h_gs * (1.0 - eps) * prm[_AREA] * (Tg - Ts) / d_p
    s_prod = 0.0
    if Ar != 0.0:
        for j in range(n):
            if nu_g[j] > 0.0:
                s_prod += nu_g[j] * (R * Ts * nasa.h_RT(gcoef, gtmax, gnseg, j, Ts) - wk[2, j])
    dpdz = _dpdz_at_nb(P, F, X, Tg, visc, prm, M_g)
    return Ts, Ar, dpdz, q, s_prod, Cg, Hg


@njit(cache=True, error_model="numpy", inline="always")
def _rhs_e_nb(y, g, dead, prm, p_kin, F_in, nu_g, M_g, ed, F, S, wk, phi, out):
    """(dxi/dz, dP/dz, dTg/dz, dQ/dz) into ``out`` (twin: ``_Bed.rhs_energy``)."""
    X = 1.0 if dead else min(prm[_XIN] + prm[_B] * max(g - y[0], 0.0) / prm[_S0], 1.0)
    Ts, Ar, dpdz, q, s_prod, Cg, _Hg = _energy_terms_nb(y[0], y[1], y[2], X, dead, math.nan, prm, p_kin, F_in,
                                                        nu_g, M_g, ed, F, S, wk, phi)
    out[0] = Ar
    out[1] = dpdz
    out[2] = (-q + Ar * s_prod) / Cg
    out[3] = q
    return Ts


@njit(cache=True, error_model="numpy")
def _rhs_energy_nb(y, args, out):
    """:func:`_rhs_e_nb` in the integrators' form (:mod:`clc.odes`); returns Ts (NaN where none is found).
    args = (g, dead, prm, p_kin, F_in, nu_g, M_g, ed, F, S, wk, phi)."""
    g, dead, prm, p_kin, F_in, nu_g, M_g, ed, F, S, wk, phi = args
    return _rhs_e_nb(y, g, dead, prm, p_kin, F_in, nu_g, M_g, ed, F, S, wk, phi, out)


def _energy_args(g, dead, prm, p_kin, F_in, nu_g, M_g, ed):
    """The ``args`` of :func:`_rhs_energy_nb`, work arrays included."""
    n = F_in.shape[0]
    return (g, dead, prm, p_kin, F_in, nu_g, M_g, ed, np.empty(n), np.empty(ed[7].shape[0]), np.empty((3, n)),
            np.empty((n, n)))


def _integrate_e_nb(z0, z1, y0, g, dead, stops, rtol, atol, p_low, prm, p_kin, F_in, nu_g, M_g, ed, dense, y_stops,
                    stop_from):
    """:func:`_integrate_nb` for the energy-balance state (xi, P, Tg, Q): the same DOP853 steps,
    except that with ``dense`` the steps end on the output heights ``stops`` (the state there is a
    step's end, not the interpolant: at the stability-limited steps of this stiff system, where the
    gas relaxes to the solids' temperature within millimetres, the interpolant of the fast
    component is not error-controlled).

    Status GUARD: the gas temperature left (T_lo, T_hi) or the solids temperature could not be found
    (NaN); the other codes as in :func:`_integrate_nb`.
    """
    return odes.dop853(_rhs_energy_nb, _energy_args(g, dead, prm, p_kin, F_in, nu_g, M_g, ed), z0, z1, y0, stops,
                       rtol, atol, 1, p_low, 2, ed[0][_E_TLO], ed[0][_E_THI], True, dense, y_stops, stop_from,
                       odes.DOP853_TABLEAU)


@njit(cache=True, error_model="numpy")
def _fd_residual_e_nb(v, n, h, L, sx, sP, sT, sE, P_in, X_in, S0, b, prm, p_kin, F_in, nu_g, M_g, ed, out):
    """Scaled backward-difference balances with the energy balance (twin: ``_Bed.fd_residual_energy``).

    Unknowns (scaled) xi_1..n, X_0..n-1, P_1..n, Tg_1..n, Ts_0..n-1; at node i = 1..n the balances of
    :meth:`_Bed.backward_difference` and (H_g,i - H_g,i-1)/h = (H_s,i - H_s,i-1)/h = -q_i + A r_i
    sum_j nu_j h_j(T*_j,i), every term at node i (T* = Ts for the gas products, Tg for the fuel).
    """
    eprm, gcoef, gtmax, gnseg, scoef, stmax, snseg, sa, sb, vpoly, kpoly, wm, wd = ed
    F = np.empty(F_in.shape[0])
    S = np.empty(sa.shape[0])
    wk = np.empty((3, F_in.shape[0]))
    phi = np.empty((F_in.shape[0], F_in.shape[0]))
    Hg_p, _c = _enthalpy_flow_nb(F_in, gcoef, gtmax, gnseg, eprm[_E_TGIN])
    _solids_flows_nb(v[n], sa, sb, S)
    Hs_p, _c = _enthalpy_flow_nb(S, scoef, stmax, snseg, v[4 * n] * sT)
    for i in range(1, n + 1):
        xi_i = v[i - 1] * sx
        xi_p = 0.0 if i == 1 else v[i - 2] * sx
        X_i = X_in if i == n else v[n + i]
        X_p = v[n + i - 1]
        P_i = v[2 * n + i - 1] * sP
        P_p = P_in if i == 1 else v[2 * n + i - 2] * sP
        Tg_i = v[3 * n + i - 1] * sT
        Ts_i = eprm[_E_TSIN] if i == n else v[4 * n + i] * sT
        _Ts, Ar, dpdz, q, s_prod, _Cg, Hg_i = _energy_terms_nb(xi_i, P_i, Tg_i, X_i, False, Ts_i, prm, p_kin, F_in,
                                                              nu_g, M_g, ed, F, S, wk, phi)
        _solids_flows_nb(X_i, sa, sb, S)
        Hs_i, _c = _enthalpy_flow_nb(S, scoef, stmax, snseg, Ts_i)
        src = s_prod  # enthalpy the gas gains per mol of reaction with the species it exchanges
        for j in range(F.shape[0]):
            src += nu_g[j] * wk[2, j]
        e_src = -q + Ar * src
        out[i - 1] = ((xi_i - xi_p) / h - Ar) / sx * L
        out[n + i - 1] = (S0 * (X_p - X_i) / h - b * Ar) / (b * sx) * L
        out[2 * n + i - 1] = ((P_i - P_p) / h - dpdz) / sP * L
        out[3 * n + i - 1] = ((Hg_i - Hg_p) / h - e_src) / sE * L
        out[4 * n + i - 1] = ((Hs_i - Hs_p) / h - e_src) / sE * L
        Hg_p = Hg_i
        Hs_p = Hs_i


@njit(cache=True, error_model="numpy")
def _solid_T_profile_nb(X_z, xi_z, Tg_z, E, T0, F_in, nu_g, ed, out):
    """Solids temperatures from the invariant H_s(z) = H_g(z) - E at the profile points (twin: the
    ``use_twin`` branch of ``_Bed.solid_T_profile``)."""
    eprm, gcoef, gtmax, gnseg, scoef, stmax, snseg, sa, sb, vpoly, kpoly, wm, wd = ed
    F = np.empty(F_in.shape[0])
    S = np.empty(sa.shape[0])
    for k in range(X_z.shape[0]):
        _flows_nb(F_in, nu_g, xi_z[k], F)
        h_g, _c = _enthalpy_flow_nb(F, gcoef, gtmax, gnseg, Tg_z[k])
        out[k] = _solid_T_nb(X_z[k], h_g - E, T0, sa, sb, scoef, stmax, snseg, S)


@njit(cache=True, error_model="numpy")
def _dp_ratio_e_nb(xi_z, P_z, Tg_z, Ts_z, X_z, prm, p_kin, F_in, nu_g, M_g, ed):
    """Largest (-dP/dz) / buoyant bed weight per volume along a profile with the energy balance (twin:
    the loop over ``_Bed.local_terms`` in ``_simulate_energy``)."""
    n = F_in.shape[0]
    F = np.empty(n)
    S = np.empty(ed[7].shape[0])
    wk = np.empty((3, n))
    phi = np.empty((n, n))
    eps = prm[_EPS]
    ratio = 0.0
    for k in range(xi_z.shape[0]):
        _t, _ar, dpdz, _q, _s, _cg, _hg = _energy_terms_nb(xi_z[k], P_z[k], Tg_z[k], X_z[k], False, Ts_z[k], prm,
                                                           p_kin, F_in, nu_g, M_g, ed, F, S, wk, phi)
        m = 0.0
        for i in range(n):
            m += F[i] * M_g[i]
        rho_g = P_z[k] * m / (F.sum() * R * Tg_z[k])
        rho_p = prm[_MOX] * (1.0 - prm[_WACT] * prm[_DELTA] * X_z[k]) / prm[_QS]
        ratio = max(ratio, -dpdz / ((1 - eps) * (rho_p - rho_g) * G))
    return ratio
