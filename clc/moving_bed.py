"""Counter-current moving-bed fuel reactor (reducer) for a gaseous fuel, isothermal, 1-D.

Gas enters at the bottom (z = 0) and rises in plug flow; the oxygen carrier enters at the top
(z = L) and sinks in plug flow. One heterogeneous reaction, the carrier set's reduction by the
fuel (e.g. ``CH4 + 12 Fe2O3 -> 8 Fe3O4 + CO2 + 2 H2O`` of ``Abad2007_Fe45Al``), with the rate of
:mod:`clc.rates` (grain / shrinking-core kernels).

Balances (z upward, A the bed cross-section, eps the bed voidage, b mol solid per mol fuel)::

    dxi/dz = A r_v                                 xi(0) = 0       (extent, mol/s)
    F_i(z) = F_i,in + nu_i xi(z)                                   (gas species)
    X(z)   = X_in + b (xi(L) - xi(z)) / S0                         (solids conversion)
    r_v    = (1 - eps) f_a c0 phi(X) (dX/dt)_grain(T, C_fuel, X) / b   [mol/(m3 bed s)]
    dP/dz  = - Ergun(u_slip)                       P(0) = P_in

with S0 the molar flow of the active phase in the fully oxidised carrier fed [mol/s], c0 = S0/Q_s
its amount per particle volume (Q_s the particles' volumetric flow, taken constant: particles
keep their volume as they lose oxygen -- an assumption, also made by IDAES-PSE's MBR), f_a the
fraction of the active phase that is reachable (IDAES-PSE's ``a_vol``; 1 for the plain grain
model) and phi(X) = 1 when the grain rate acts on the carrier fed (``rate_basis="fed"``, the
grain model as written) or phi = 1 - X when it acts on the active phase still present
(``rate_basis="remaining"``, the meaning of IDAES-PSE's rate expression, see below).

The gas and solids are coupled at both ends, a two-point boundary-value problem. It is solved by
shooting on the extent xi(L) (equivalently the solids outlet conversion X(0)): for a guess g the
gas side is an initial-value problem from z = 0 (numba kernels of the model equations integrated
by Dormand & Prince's 8(5,3) pair with SciPy's DOP853 step control and dense output, rtol 1e-12;
``use_twin=True`` integrates the plain-Python equations with SciPy's
LSODA, rtol 1e-10, the reference the kernels are tested against); the residual
xi(L; g) - g is strictly decreasing in g (more converted solids react more slowly), positive at
g = 0 and negative at g = xi_max, so Brent's method on [0, xi_max] brackets the one root. Where
the solids limit the conversion and leave fully reduced (rates that reach X = 1, as chemical
control does), the bottom of the bed holds a zone of fully reduced, inert solids; the shooting
parameter is then the height of that zone (see ``_Bed.shoot``). The outlet streams are built from
the integrated extent xi(L), so they balance exactly; the relative residual |xi(L; g) - g| /
xi_max, reported as ``residual``, measures how far the profiles are from consistent. It is
~1e-12 in ordinary cases and grows (up to ~1e-6 seen) where the solids leave almost fully
reduced and the residual is steep in g; above 1e-5 the solve raises
:class:`MovingBedConvergenceError`, as it does when Brent's method fails.

Results of the two paths agree to ~1e-9 relative in ordinary cases and to about the shooting
residual where the solids leave almost fully reduced (the problem itself is ill-conditioned there).

Pressure drop: Ergun, Chem. Eng. Prog. 48 (1952) 89-94, for spheres, written with the
superficial slip velocity u_slip = u_g + eps/(1 - eps) u_s (u_s the particles' volumetric flux
per bed area, downward): the gas interstitial velocity u_g/eps plus the particle velocity
u_s/(1 - eps), times eps. Applying Ergun's fixed-bed correlation in the particles' frame is an
assumption. Gas viscosity: Cantera's mixture-averaged transport with the GRI-Mech 3.0 transport
data of ``gri30.yaml`` (Smith et al., GRI-Mech 3.0, 1999); Cantera's mixture rule is Wilke's,
which the numba kernels evaluate from the pure-gas viscosities at T (the same value).
``pressure_drop="idaes_simple"`` instead uses -dP/dz = 0.2 s^-1 u_g (rho_p - rho_g), the default
correlation of IDAES-PSE's MBR (idaes/models_extra/gas_solid_contactors/unit_models/moving_bed.py,
which gives no source for it), kept only to compare with that model.

IDAES-PSE's rate (methane_iron_OC_reduction/hetero_reactions.py), in words: the moles of
reaction per particle volume and time are the Fe2O3 now in the particle per volume
(x_Fe2O3 (1 - eps_p) rho_skel / M_Fe2O3), times the reachable fraction a_vol, times the
grain-model conversion rate 3 b k C^n (1 - X)^(2/3) / (rho_m r_g), divided by b. Since the Fe2O3
now present is c0 (1 - X), this is c0 a_vol (1 - X) (dX/dt)_grain / b: ``rate_basis="remaining"``
with ``reactive_fraction=a_vol`` here.

Energy: the bed is isothermal at T (gas and solids fed at T). The heat that keeps it so,
Q = xi(L) dH_r(T), is reported with dH_r from :mod:`clc.thermo` (Cantera / NASA data).
"""

from __future__ import annotations

import functools
import math
import time
import warnings
from dataclasses import dataclass, field

import numpy as np
from numba import njit
from scipy.integrate import DOP853, solve_ivp
from scipy.optimize import brentq

from . import carriers, rates, thermo
from .constants import G, R

ERGUN_A = 150.0  # Ergun (1952), viscous term constant
ERGUN_B = 1.75  # Ergun (1952), inertial term constant
IDAES_SIMPLE_K = 0.2  # 1/s, IDAES-PSE moving_bed.py "simple_correlation" (no source given there)

PRESSURE_DROP_MODELS = ("ergun", "idaes_simple", "none")
RATE_BASES = ("fed", "remaining")

# clc gas names whose GRI-Mech 3.0 (gri30.yaml) name differs
_GRI_NAMES = {"Ar": "AR"}

RTOL_IVP = 1e-10  # LSODA (the Python twin)
RTOL_DOP853 = 1e-12  # the numba integrator: a hundredth of the twin's, for the steep solids-limited cases
SEED = 1e-10  # relative extent that starts the reacting zone above fully reduced solids
RESIDUAL_TOL = 1e-5  # relative |xi(L; g) - g| / xi_max accepted; see the module docstring


class MovingBedConvergenceError(RuntimeError):
    """The shooting solve of the moving bed did not converge."""


@dataclass(frozen=True)
class MovingBedResult:
    """Solution of one moving-bed run. Flows in mol/s, z in m from the gas inlet (bottom)."""

    carrier: str
    fuel: str
    equation: str
    T: float  # K
    length: float  # m
    diameter: float  # m
    z: np.ndarray  # m
    P: np.ndarray  # Pa
    extent: np.ndarray  # mol/s of reaction below z
    X_solid: np.ndarray  # conversion of the solids passing z
    u_gas: np.ndarray  # m/s, gas superficial velocity
    gas_species: tuple[str, ...]
    F_gas: np.ndarray  # (n_species, n_z) mol/s
    gas_in: dict[str, float]
    gas_out: dict[str, float]
    solids_in: dict[str, float]  # mol/s
    solids_out: dict[str, float]  # mol/s
    solids_mass_in: float  # kg/s
    solids_mass_out: float  # kg/s
    u_solid: float  # m/s, particles' volumetric flux per bed area (downward)
    solids_residence_time: float  # s
    heat_duty: float  # W that keeps the bed isothermal (> 0: heat supplied)
    max_dp_to_bed_weight: float  # largest (-dP/dz) / ((1-eps)(rho_p - rho_g) g); > 1: would fluidise
    residual: float  # relative shooting residual at the solution
    iterations: int  # shooting iterations
    solve_time: float  # s (wall clock)
    options: dict = field(default_factory=dict)

    @property
    def fuel_conversion(self) -> float:
        """Fraction of the fuel fed that is converted."""
        return 1.0 - self.gas_out[self.fuel] / self.gas_in[self.fuel]

    @property
    def solids_conversion_out(self) -> float:
        """Conversion of the solids leaving at the bottom."""
        return float(self.X_solid[0])

    @property
    def pressure_drop(self) -> float:
        """P_in - P_out [Pa]."""
        return float(self.P[0] - self.P[-1])

    @property
    def P_out(self) -> float:
        return float(self.P[-1])

    def mole_fractions_out(self) -> dict[str, float]:
        total = sum(self.gas_out.values())
        return {k: v / total for k, v in self.gas_out.items()}

    def mass_fractions_solids_out(self) -> dict[str, float]:
        m = {k: v * thermo.species(k).molar_mass for k, v in self.solids_out.items()}
        total = sum(m.values())
        return {k: v / total for k, v in m.items()}


def _check_range(name: str, value, lo: float, hi: float, lo_open: bool = True,
                 hi_open: bool = False, units: str = "") -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} is not a number") from None
    ok = math.isfinite(v) and (v > lo if lo_open else v >= lo) and (v < hi if hi_open else v <= hi)
    if not ok:
        left = "(" if lo_open else "["
        right = ")" if hi_open else "]"
        u = f" {units}" if units else ""
        raise ValueError(f"{name}={value!r}{u} is outside the allowed range {left}{lo:g}, {hi:g}{right}{u}")
    return v


@functools.cache
def _gri30():
    import cantera as ct

    return ct.Solution("gri30.yaml", transport_model="mixture-averaged")


class _Viscosity:
    """Mixture viscosity [Pa s] of the gas species, Cantera mixture-averaged (GRI-Mech 3.0 data)."""

    def __init__(self, species: tuple[str, ...]):
        self.gas = _gri30()
        names = self.gas.species_names
        idx = []
        for s in species:
            gri = _GRI_NAMES.get(s, s)
            if gri not in names:
                raise ValueError(f"gas species {s!r} has no transport data in gri30.yaml; "
                                 "the Ergun pressure drop needs its viscosity")
            idx.append(names.index(gri))
        self.idx = np.array(idx)
        self.x = np.zeros(self.gas.n_species)

    def __call__(self, T: float, P: float, F: np.ndarray) -> float:
        self.x[:] = 0.0
        self.x[self.idx] = np.maximum(F, 0.0)
        self.gas.TPX = T, P, self.x
        return float(self.gas.viscosity)

    def wilke(self, T: float) -> tuple[np.ndarray, np.ndarray]:
        """(pure-gas viscosities mu_k, Wilke's phi_kj) at T: the data of :func:`_viscosity_nb`.

        Cantera's mixture-averaged viscosity is Wilke's rule (Wilke, J. Chem. Phys. 18 (1950)
        517) over pure-gas viscosities that depend on T only, so at fixed T these arrays give it.
        """
        self.gas.TPX = T, 101325.0, {self.gas.species_names[self.idx[0]]: 1.0}
        mu = np.asarray(self.gas.species_viscosities)[self.idx]
        M = np.asarray(self.gas.molecular_weights)[self.idx]
        phi = ((1.0 + np.sqrt(mu[:, None] / mu[None, :]) * (M[None, :] / M[:, None]) ** 0.25) ** 2
               / np.sqrt(8.0 * (1.0 + M[:, None] / M[None, :])))
        return mu, phi


# --- numba kernels of the model equations; the _Bed methods of the same names are their twins -----
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
def _rate_nb(F, P, X, prm, p_kin):
    """Reaction rate per bed volume [mol/(m3 s)] (twin: ``_Bed.rate``)."""
    C = F[int(prm[_IFUEL])] / F.sum() * max(P, 0.0) / (R * prm[_T])
    X = min(max(X, 0.0), 1.0)
    dxdt = rates.conversion_rate(p_kin, prm[_T], C, X)
    phi = (1.0 - X) if prm[_REMAINING] != 0.0 else 1.0
    return (1.0 - prm[_EPS]) * prm[_FA] * prm[_C0] * phi * dxdt / prm[_B]


@njit(cache=True)
def _viscosity_nb(F, mu, phi):
    """Wilke's mixture viscosity [Pa s] of flows F (twin: ``_Viscosity.__call__``, Cantera)."""
    tot = 0.0
    for k in range(F.shape[0]):
        tot += max(F[k], 0.0)
    s = 0.0
    for k in range(F.shape[0]):
        xk = max(F[k], 0.0) / tot
        if xk > 0.0:
            d = 0.0
            for j in range(F.shape[0]):
                d += phi[k, j] * max(F[j], 0.0) / tot
            s += xk * mu[k] / d
    return s


@njit(cache=True)
def _dpdz_nb(P, F, X, prm, M_g, mu, phi):
    """Pressure gradient [Pa/m] (twin: ``_Bed.dpdz``)."""
    model = int(prm[_DPMODEL])
    if model == 0:
        return 0.0
    eps = prm[_EPS]
    T = prm[_T]
    f_tot = F.sum()
    u_g = f_tot * R * T / (prm[_AREA] * P)
    m = 0.0
    for i in range(F.shape[0]):
        m += F[i] * M_g[i]
    rho_g = P * m / (f_tot * R * T)
    if model == 1:
        visc = _viscosity_nb(F, mu, phi)
        u = u_g + eps / (1.0 - eps) * prm[_US]
        return -(ERGUN_A * visc * (1 - eps) ** 2 * u / (eps**3 * prm[_DP] ** 2)
                 + ERGUN_B * (1 - eps) * rho_g * u * abs(u) / (eps**3 * prm[_DP]))
    rho_p = prm[_MOX] * (1.0 - prm[_WACT] * prm[_DELTA] * X) / prm[_QS]
    return -IDAES_SIMPLE_K * u_g * (rho_p - rho_g)


@njit(cache=True)
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


# Dormand & Prince's 8(5,3) pair (Hairer, Norsett & Wanner, Solving ODEs I, 2nd ed., 1993), the
# tableau and step control of SciPy's DOP853
_RK_A = np.ascontiguousarray(DOP853.A, dtype=np.float64)
_RK_B = np.ascontiguousarray(DOP853.B, dtype=np.float64)
_RK_C = np.ascontiguousarray(DOP853.C, dtype=np.float64)
_RK_E3 = np.ascontiguousarray(DOP853.E3, dtype=np.float64)
_RK_E5 = np.ascontiguousarray(DOP853.E5, dtype=np.float64)
_RK_AX = np.ascontiguousarray(DOP853.A_EXTRA, dtype=np.float64)  # dense output's extra stages
_RK_CX = np.ascontiguousarray(DOP853.C_EXTRA, dtype=np.float64)
_RK_D = np.ascontiguousarray(DOP853.D, dtype=np.float64)


@njit(cache=True)
def _rk_norm(v, scale):
    s = 0.0
    for i in range(v.shape[0]):
        s += (v[i] / scale[i]) ** 2
    return math.sqrt(s / v.shape[0])


@njit(cache=True)
def _integrate_nb(z0, z1, y0, g, dead, stops, rtol, atol, p_low, prm, p_kin, F_in, nu_g, M_g, mu, phi,
                  rk_a, rk_b, rk_c, rk_e3, rk_e5, rk_ax, rk_cx, rk_d, dense, y_stops, stop_from):
    """Gas side from z0 to z1 by DOP853 (SciPy's tableau, step control and dense output).

    With ``dense`` the state at each of ``stops`` (ascending) inside (z0, z1] is written to
    y_stops[:, k] for k >= stop_from, from the step's 7th-order interpolant; the steps do not
    depend on ``dense`` or ``stops``. Returns (status, y(z1) or the state at the event, z at the
    event, RHS calls, next k): status 0 done, 1 the pressure fell below p_low, 2 the step size
    underflowed or the steps ran out.
    """
    n = 2
    n_st = rk_b.shape[0]
    K = np.zeros((n_st + 1 + rk_cx.shape[0], n))
    Fd = np.zeros((3 + rk_d.shape[0], n))
    F = np.empty(F_in.shape[0])
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
    _rhs_nb(y[0], y[1], g, dead, prm, p_kin, F_in, nu_g, M_g, mu, phi, F, f)
    n_rhs += 1
    while k_stop < stops.shape[0] and stops[k_stop] <= z0:
        k_stop += 1
    if z1 <= z0:
        return 0, y, z0, n_rhs, k_stop
    # initial step (SciPy's select_initial_step, error estimator order 7)
    for i in range(n):
        scale[i] = atol[i] + abs(y[i]) * rtol
    d0 = _rk_norm(y, scale)
    d1 = _rk_norm(f, scale)
    length = z1 - z0
    h0 = 1e-6 if (d0 < 1e-5 or d1 < 1e-5) else 0.01 * d0 / d1
    h0 = min(h0, length)
    for i in range(n):
        y_tmp[i] = y[i] + h0 * f[i]
    _rhs_nb(y_tmp[0], y_tmp[1], g, dead, prm, p_kin, F_in, nu_g, M_g, mu, phi, F, err5)
    n_rhs += 1
    for i in range(n):
        err3[i] = err5[i] - f[i]
    d2 = _rk_norm(err3, scale) / h0
    if d1 <= 1e-15 and d2 <= 1e-15:
        h1 = max(1e-6, h0 * 1e-3)
    else:
        h1 = (0.01 / max(d1, d2)) ** (1.0 / 8.0)
    h_abs = min(100.0 * h0, h1, length)
    for _step in range(1_000_000):
        if z >= z1:
            return 0, y, z, n_rhs, k_stop
        min_step = 10.0 * abs(np.nextafter(z, np.inf) - z)
        h_abs = max(h_abs, min_step)
        rejected = False
        h = h_abs
        z_new = z
        while True:
            if h_abs < min_step:
                return 2, y, z, n_rhs, k_stop
            z_new = min(z + h_abs, z1)
            h = z_new - z
            # one DOP853 step
            for i in range(n):
                K[0, i] = f[i]
            for s in range(1, n_st):
                for i in range(n):
                    acc = 0.0
                    for q in range(s):
                        acc += K[q, i] * rk_a[s, q]
                    y_tmp[i] = y[i] + acc * h
                _rhs_nb(y_tmp[0], y_tmp[1], g, dead, prm, p_kin, F_in, nu_g, M_g, mu, phi, F, K[s])
            for i in range(n):
                acc = 0.0
                for q in range(n_st):
                    acc += K[q, i] * rk_b[q]
                y_new[i] = y[i] + h * acc
            _rhs_nb(y_new[0], y_new[1], g, dead, prm, p_kin, F_in, nu_g, M_g, mu, phi, F, K[n_st])
            n_rhs += n_st
            for i in range(n):
                scale[i] = atol[i] + max(abs(y[i]), abs(y_new[i])) * rtol
                a5 = 0.0
                a3 = 0.0
                for q in range(n_st + 1):
                    a5 += K[q, i] * rk_e5[q]
                    a3 += K[q, i] * rk_e3[q]
                err5[i] = a5 / scale[i]
                err3[i] = a3 / scale[i]
            e5 = err5[0] ** 2 + err5[1] ** 2
            e3 = err3[0] ** 2 + err3[1] ** 2
            if e5 == 0.0 and e3 == 0.0:
                err = 0.0
            else:
                err = abs(h) * e5 / math.sqrt((e5 + 0.01 * e3) * n)
            if err < 1.0:  # accepted
                factor = 10.0 if err == 0.0 else min(10.0, 0.9 * err ** (-1.0 / 8.0))
                if rejected:
                    factor = min(1.0, factor)
                h_abs = h * factor
                break
            # rejected (a non-finite error also lands here)
            f_rej = 0.9 * err ** (-1.0 / 8.0)
            h_abs = h * (f_rej if f_rej > 0.2 else 0.2)
            rejected = True
        if not (math.isfinite(y_new[0]) and math.isfinite(y_new[1])):
            return 2, y_new, z_new, n_rhs, k_stop
        if y_new[1] < p_low:  # terminal event: locate it on the step's chord
            z_ev = z + (z_new - z) * (y[1] - p_low) / (y[1] - y_new[1])
            return 1, y_new, z_ev, n_rhs, k_stop
        # the output heights this step passed
        have_dense = False
        while k_stop < stops.shape[0] and stops[k_stop] <= z_new:
            if dense:
                if stops[k_stop] == z_new:
                    y_stops[0, k_stop] = y_new[0]
                    y_stops[1, k_stop] = y_new[1]
                else:
                    if not have_dense:  # SciPy's Dop853DenseOutput: three more stages
                        for e in range(rk_cx.shape[0]):
                            s = n_st + 1 + e
                            for i in range(n):
                                acc = 0.0
                                for q in range(s):
                                    acc += K[q, i] * rk_ax[e, q]
                                y_tmp[i] = y[i] + acc * h
                            _rhs_nb(y_tmp[0], y_tmp[1], g, dead, prm, p_kin, F_in, nu_g, M_g, mu, phi, F, K[s])
                        n_rhs += rk_cx.shape[0]
                        for i in range(n):
                            dy = y_new[i] - y[i]
                            Fd[0, i] = dy
                            Fd[1, i] = h * K[0, i] - dy
                            Fd[2, i] = 2.0 * dy - h * (K[n_st, i] + K[0, i])
                            for r in range(rk_d.shape[0]):
                                acc = 0.0
                                for q in range(K.shape[0]):
                                    acc += rk_d[r, q] * K[q, i]
                                Fd[3 + r, i] = h * acc
                        have_dense = True
                    x = (stops[k_stop] - z) / h
                    for i in range(n):
                        v = 0.0
                        for j in range(Fd.shape[0]):
                            v += Fd[Fd.shape[0] - 1 - j, i]
                            v *= x if j % 2 == 0 else 1.0 - x
                        y_stops[i, k_stop] = v + y[i]
            k_stop += 1
        z = z_new
        for i in range(n):
            y[i] = y_new[i]
            f[i] = K[n_st, i]
    return 2, y, z, n_rhs, k_stop


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


class _Path:
    """Numba solution of the gas side: the state at the end and at the output heights."""

    def __init__(self, y_end: np.ndarray, z: np.ndarray, y_z: np.ndarray):
        self.y_end, self.z, self.y_z = y_end, z, y_z


class _Bed:
    """Checked inputs and the model equations of one moving-bed case."""

    def __init__(self, carrier, fuel, length, diameter, T, P_in, gas_flow, gas_composition,
                 solids_mass_flow, particle_diameter, particle_density, bed_voidage,
                 solids_conversion_in, reactive_fraction, rate_basis, pressure_drop, use_twin=False):
        self.L = _check_range("length", length, 0.0, math.inf, units="m")
        self.D = _check_range("diameter", diameter, 0.0, math.inf, units="m")
        self.T = T = _check_range("T", T, 0.0, math.inf, units="K")
        self.P_in = _check_range("P_in", P_in, 0.0, math.inf, units="Pa")
        F_gas_in = _check_range("gas_flow", gas_flow, 0.0, math.inf, units="mol/s")
        self.m_in = _check_range("solids_mass_flow", solids_mass_flow, 0.0, math.inf, units="kg/s")
        self.d_p = _check_range("particle_diameter", particle_diameter, 0.0, math.inf, units="m")
        self.rho_p_in = _check_range("particle_density", particle_density, 0.0, math.inf, units="kg/m3")
        self.eps = _check_range("bed_voidage", bed_voidage, 0.0, 1.0, hi_open=True)
        self.X_in = _check_range("solids_conversion_in", solids_conversion_in, 0.0, 1.0,
                                 lo_open=False, hi_open=True)
        self.f_a = _check_range("reactive_fraction", reactive_fraction, 0.0, 1.0)
        if rate_basis not in RATE_BASES:
            raise ValueError(f"rate_basis={rate_basis!r}; allowed: {', '.join(RATE_BASES)}")
        if pressure_drop not in PRESSURE_DROP_MODELS:
            raise ValueError(f"pressure_drop={pressure_drop!r}; allowed: {', '.join(PRESSURE_DROP_MODELS)}")
        self.rate_basis, self.pressure_drop = rate_basis, pressure_drop

        c = carriers.load(carrier)
        c.check_temperature(T)
        rxn = c.reaction(fuel)
        eq = thermo.Reaction(rxn.equation)
        self.carrier, self.fuel, self.rxn, self.eq = c, fuel, rxn, eq
        self.active = active = rxn.solid_reactant
        if active not in c.composition:
            raise ValueError(f"carrier {c.name} gives no mass fraction of {active}; the moving bed "
                             "needs the carrier's composition")
        self.b = b = rxn.b
        self.p_kin = rxn.kernel_params()

        if not isinstance(gas_composition, dict) or not gas_composition:
            raise ValueError(f"gas_composition={gas_composition!r} must be a non-empty dict of mole fractions")
        for s, y in gas_composition.items():
            if thermo.species(s).phase != "gas":  # species() raises on unknown names
                raise ValueError(f"gas_composition[{s!r}]: {s} is not a gas species")
            _check_range(f"gas_composition[{s!r}]", y, 0.0, 1.0, lo_open=False)
        total = sum(float(y) for y in gas_composition.values())
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"gas_composition: mole fractions sum to {total:.9g}; allowed: 1 +/- 1e-6")
        if gas_composition.get(fuel, 0.0) <= 0.0:
            raise ValueError(f"gas_composition[{fuel!r}]={gas_composition.get(fuel, 0.0)!r}: the fuel "
                             "must be fed, allowed range (0, 1]")
        self.gas_species = gs = tuple(dict.fromkeys([*gas_composition, *eq.gas_nu]))
        self.F_in = np.array([F_gas_in * float(gas_composition.get(s, 0.0)) / total for s in gs])
        self.nu_g = np.array([eq.gas_nu.get(s, 0.0) for s in gs])
        self.M_g = np.array([thermo.species(s).molar_mass for s in gs])
        self.i_fuel = gs.index(fuel)

        # solids, on the fully oxidised basis
        self.solid_products = {s: v for s, v in eq.nu.items()
                               if v > 0 and thermo.species(s).phase == "condensed"}
        M_act = thermo.species(active).molar_mass
        self.w_act = w = c.composition[active].value
        # kg lost per kg of active phase reduced
        self.delta = (M_act - sum(v / b * thermo.species(s).molar_mass
                                  for s, v in self.solid_products.items())) / M_act
        self.m_ox = self.m_in / (1.0 - w * self.delta * self.X_in)  # kg/s fully oxidised carrier
        self.S0 = self.m_ox * w / M_act  # mol/s active phase, fully oxidised basis
        self.inerts = {k: p.value for k, p in c.composition.items() if k != active}

        self.A = math.pi * self.D**2 / 4.0
        self.Q_s = self.m_in / self.rho_p_in  # m3/s of particles (constant particle volume: assumption)
        self.u_s = self.Q_s / self.A
        self.c0 = self.S0 / self.Q_s  # mol active phase (oxidised basis) per m3 of particle
        self.xi_max = min(self.F_in[self.i_fuel] / -self.nu_g[self.i_fuel],
                          self.S0 * (1.0 - self.X_in) / b)
        self.visc = _Viscosity(gs) if pressure_drop == "ergun" else None

        # the same model for the numba kernels (``use_twin``: the Python methods below and LSODA)
        self.use_twin = bool(use_twin)
        self.grid = np.array([0.0, self.L])  # heights at which the integrations report the state
        prm = np.zeros(17)
        prm[[_T, _EPS, _FA, _C0, _B, _AREA, _US, _DP, _IFUEL, _XIN, _S0, _REMAINING, _DPMODEL, _MOX, _WACT,
             _DELTA, _QS]] = (T, self.eps, self.f_a, self.c0, b, self.A, self.u_s, self.d_p, self.i_fuel,
                              self.X_in, self.S0, rate_basis == "remaining", _DP_CODES[pressure_drop],
                              self.m_ox, w, self.delta, self.Q_s)
        self.prm = prm
        if self.visc is not None:
            self.mu_k, self.phi = self.visc.wilke(T)
        else:
            self.mu_k, self.phi = np.ones(len(gs)), np.ones((len(gs), len(gs)))
        self._kernel_data = (prm, self.p_kin, self.F_in, self.nu_g, self.M_g, self.mu_k, self.phi)

    # --- model equations -------------------------------------------------------------------
    def flows(self, xi: float) -> np.ndarray:
        return np.maximum(self.F_in + self.nu_g * xi, 0.0)

    def solids_flows(self, X: float) -> dict[str, float]:
        out = {self.active: self.S0 * (1.0 - X)}
        for s, v in self.solid_products.items():
            out[s] = out.get(s, 0.0) + self.S0 * X * v / self.b
        for s, w in self.inerts.items():
            out[s] = out.get(s, 0.0) + self.m_ox * w / thermo.species(s).molar_mass
        return out

    def solids_mass(self, X: float) -> float:
        return self.m_ox * (1.0 - self.w_act * self.delta * X)

    def rate(self, F: np.ndarray, P: float, X: float) -> float:
        """Reaction rate per bed volume [mol/(m3 s)]."""
        C = F[self.i_fuel] / F.sum() * max(P, 0.0) / (R * self.T)
        X = min(max(X, 0.0), 1.0)
        dxdt = rates.conversion_rate(self.p_kin, self.T, C, X)  # grains' dX/dt, 1/s
        phi = (1.0 - X) if self.rate_basis == "remaining" else 1.0
        return (1.0 - self.eps) * self.f_a * self.c0 * phi * dxdt / self.b

    def gas_density(self, P: float, F: np.ndarray) -> float:
        return P * float(F @ self.M_g) / (F.sum() * R * self.T)

    def dpdz(self, P: float, F: np.ndarray, X: float) -> float:
        if self.pressure_drop == "none":
            return 0.0
        eps = self.eps
        u_g = F.sum() * R * self.T / (self.A * P)
        rho_g = self.gas_density(P, F)
        if self.pressure_drop == "ergun":
            mu = self.visc(self.T, P, F)
            u = u_g + eps / (1.0 - eps) * self.u_s  # superficial slip velocity
            return -(ERGUN_A * mu * (1 - eps) ** 2 * u / (eps**3 * self.d_p**2)
                     + ERGUN_B * (1 - eps) * rho_g * u * abs(u) / (eps**3 * self.d_p))
        rho_p = self.solids_mass(X) / self.Q_s
        return -IDAES_SIMPLE_K * u_g * (rho_p - rho_g)

    # --- shooting ----------------------------------------------------------------------------
    def conversion(self, xi: float, g: float) -> float:
        return min(self.X_in + self.b * max(g - xi, 0.0) / self.S0, 1.0)

    def rhs(self, _z, y, g, dead):
        xi, P = y
        F = self.flows(xi)
        X = 1.0 if dead else self.conversion(xi, g)
        return [0.0 if dead else self.A * self.rate(F, P, X), self.dpdz(P, F, X)]

    def integrate(self, g: float, z_dead: float = 0.0, dense: bool = False):
        """Gas-side initial-value problem from z = 0 for the extent guess g.

        With ``z_dead > 0`` the bed below z_dead holds fully reduced solids (X = 1, no reaction);
        above it the gas starts with the extent SEED (a relative 1e-10 of xi_max), which takes it
        off the trivial branch xi = 0 of rates that vanish at X = 1.
        Returns a :class:`_Path` (numba kernels, DOP853; with ``dense`` the state at ``self.grid``
        too), or with ``use_twin`` a list of (LSODA solution, dead) segments.
        """
        if self.use_twin:
            return self._integrate_lsoda(g, z_dead)
        P_in = self.P_in
        atol = np.array([1e-13 * self.xi_max, 1e-9 * P_in])
        grid = self.grid
        y_z = np.empty((2, grid.size))
        y_z[:, 0] = (0.0, P_in)
        y0, z0, k = np.array([0.0, P_in]), 0.0, 1
        parts = [(z_dead, True), (self.L, False)] if z_dead > 0.0 else [(self.L, False)]
        for z1, dead in parts:
            if z1 <= z0:
                continue
            status, y, z_ev, _, k = _integrate_nb(z0, z1, y0, g, dead, grid, RTOL_DOP853, atol, 1e-3 * P_in,
                                                  *self._kernel_data, _RK_A, _RK_B, _RK_C, _RK_E3, _RK_E5, _RK_AX,
                                                  _RK_CX, _RK_D, dense, y_z, k)
            if status == 1:
                raise ValueError(
                    f"the gas pressure falls below 0.1% of P_in={P_in:g} Pa within the bed (at z = "
                    f"{z_ev:.4g} m of length={self.L:g} m): the {self.pressure_drop} "
                    "pressure drop exceeds the inlet pressure; shorten the bed or raise P_in")
            if status != 0 or not np.all(np.isfinite(y)):
                raise MovingBedConvergenceError(
                    f"gas-side integration failed for extent guess {g!r} mol/s at z = {z_ev:.6g} m")
            z0, y0 = z1, np.array([SEED * self.xi_max if dead else y[0], y[1]])
        y_z[:, -1] = y
        return _Path(y, grid, y_z if dense else None)

    def _integrate_lsoda(self, g: float, z_dead: float = 0.0):
        """Twin of :meth:`integrate`: SciPy's LSODA on the Python right-hand side."""
        P_in = self.P_in

        def low_pressure(_z, y, _g, _d):
            return y[1] - 1e-3 * P_in

        low_pressure.terminal = True
        atol = [1e-13 * self.xi_max, 1e-9 * P_in]
        segments, y0, z0 = [], [0.0, P_in], 0.0
        parts = [(z_dead, True), (self.L, False)] if z_dead > 0.0 else [(self.L, False)]
        for z1, dead in parts:
            if z1 <= z0:
                continue
            sol = solve_ivp(self.rhs, (z0, z1), y0, method="LSODA", args=(g, dead), rtol=RTOL_IVP,
                            atol=atol, dense_output=True, events=low_pressure)
            if sol.status == 1:
                raise ValueError(
                    f"the gas pressure falls below 0.1% of P_in={P_in:g} Pa within the bed (at z = "
                    f"{sol.t_events[0][0]:.4g} m of length={self.L:g} m): the {self.pressure_drop} "
                    "pressure drop exceeds the inlet pressure; shorten the bed or raise P_in")
            if sol.status != 0 or not np.all(np.isfinite(sol.y)):
                raise MovingBedConvergenceError(
                    f"gas-side integration failed for extent guess {g!r} mol/s: {sol.message}")
            segments.append((sol, dead))
            z0, y0 = z1, [SEED * self.xi_max if dead else sol.y[0, -1], sol.y[1, -1]]
        return segments

    @staticmethod
    def end(segments) -> float:
        if isinstance(segments, _Path):
            return float(segments.y_end[0])
        return float(segments[-1][0].y[0, -1])

    @staticmethod
    def evaluate(segments, z: np.ndarray) -> np.ndarray:
        """(extent, pressure) of the segmented solution at heights z."""
        if isinstance(segments, _Path):
            if segments.y_z is None or not np.array_equal(z, segments.z):
                raise ValueError("a numba path holds the state only at the heights it was integrated for "
                                 "with dense=True")
            return segments.y_z.copy()
        out = np.empty((2, z.size))
        for k, zk in enumerate(z):
            for sol, _dead in segments:
                if zk <= sol.t[-1] or sol is segments[-1][0]:
                    out[:, k] = sol.sol(min(max(zk, sol.t[0]), sol.t[-1]))
                    break
        out[:, 0] = segments[0][0].y[:, 0]
        out[:, -1] = segments[-1][0].y[:, -1]
        return out

    def shoot(self):
        """Solve the two-point problem; returns (g, segments, residual, iterations).

        Ordinary case: Brent's method on g = xi(L) in [0, xi_max] for xi(L; g) = g. Where the
        solids limit the conversion and even a fully reduced solids outlet leaves the gas able to
        react more (residual of the seeded integration at g = xi_max still >= 0), the solids are
        fully reduced over a bottom zone of height z_dead, and Brent's method finds z_dead in
        [0, L] with xi(L; z_dead) = xi_max (xi decreases as z_dead grows).
        """
        n_iter = 0
        xi_max = self.xi_max
        solids_limited = self.S0 * (1.0 - self.X_in) / self.b <= xi_max * (1.0 + 1e-15)

        def residual(g: float) -> float:
            nonlocal n_iter
            n_iter += 1
            return self.end(self.integrate(g)) - g

        def residual_dead(z_dead: float) -> float:
            nonlocal n_iter
            n_iter += 1
            return self.end(self.integrate(xi_max, max(z_dead, 1e-12 * self.L))) - xi_max

        def brent(f, lo, hi, scale, what):
            try:
                root, info = brentq(f, lo, hi, xtol=1e-14 * scale, rtol=4 * np.finfo(float).eps,
                                    maxiter=200, full_output=True)
            except RuntimeError as e:  # maxiter reached
                raise MovingBedConvergenceError(f"shooting on {what} did not converge: {e}") from None
            if not info.converged:
                raise MovingBedConvergenceError(f"shooting on {what} did not converge: {info.flag}")
            return root

        r_lo = residual(0.0)
        if r_lo < 0.0:
            raise MovingBedConvergenceError(f"shooting residual {r_lo:g} < 0 at zero extent")
        r_dead = residual_dead(0.0) if solids_limited else -1.0
        if r_lo == 0.0:
            g, segments = 0.0, self.integrate(0.0, dense=True)
        elif r_dead >= 0.0:
            z_dead = brent(residual_dead, 0.0, self.L, self.L, "the height of the fully reduced zone")
            g = xi_max
            segments = self.integrate(g, max(z_dead, 1e-12 * self.L), dense=True)
        else:
            r_hi = residual(xi_max)
            if solids_limited:
                r_hi = min(r_hi, r_dead)
            if r_hi > 0.0:
                raise MovingBedConvergenceError(
                    f"shooting on the extent is not bracketed: residual {r_lo:g} at 0 and {r_hi:g} "
                    f"at {xi_max:g} mol/s (expected >= 0 and <= 0)")
            g = xi_max if r_hi == 0.0 else brent(residual, 0.0, xi_max, xi_max,
                                                  "the solids outlet conversion")
            segments = self.integrate(g, dense=True)
        res = abs(self.end(segments) - g) / xi_max
        if not res <= RESIDUAL_TOL:
            raise MovingBedConvergenceError(
                f"moving bed did not converge: relative shooting residual {res:.3g} > {RESIDUAL_TOL:g}")
        return g, segments, res, n_iter

    # --- first-order backward differences (the default scheme of IDAES-PSE's MBR) ---------------
    def backward_difference(self, n: int, z0, xi0, X0, P0):
        """Solve the balances on n equal elements with first-order backward differences in z.

        Unknowns xi_1..xi_n, X_0..X_{n-1}, P_1..P_n (xi_0 = 0, X_n = X_in, P_0 = P_in); at node
        i = 1..n: (xi_i - xi_{i-1})/h = A r_i, S0 (X_{i-1} - X_i)/h = b A r_i,
        (P_i - P_{i-1})/h = dP/dz_i, every term evaluated at node i. Newton-type solve (MINPACK
        hybrd) started from the shooting solution interpolated onto the nodes.
        """
        from scipy.optimize import root

        z = np.linspace(0.0, self.L, n + 1)
        sx, sP = self.xi_max, self.P_in

        def residual(v):
            return self.fd_residual(v, n, self.use_twin)

        v0 = np.concatenate([np.interp(z, z0, xi0)[1:] / sx, np.interp(z, z0, X0)[:-1],
                             np.interp(z, z0, P0)[1:] / sP])
        sol = root(residual, v0, method="hybr", options={"xtol": 1e-13})
        res = float(np.max(np.abs(residual(sol.x))))
        if not (sol.success and res <= RESIDUAL_TOL):
            raise MovingBedConvergenceError(
                f"backward-difference moving bed ({n} elements) did not converge: {sol.message} "
                f"(largest scaled residual {res:.3g})")
        xi, X, P = self.fd_unpack(sol.x, n)
        return z, xi, X, P, res, int(sol.nfev)

    def fd_unpack(self, v: np.ndarray, n: int):
        """(xi, X, P) on the n + 1 nodes from the scaled unknowns of :meth:`backward_difference`."""
        xi = np.concatenate([[0.0], v[:n] * self.xi_max])
        X = np.concatenate([v[n:2 * n], [self.X_in]])
        P = np.concatenate([[self.P_in], v[2 * n:] * self.P_in])
        return xi, X, P

    def fd_residual(self, v: np.ndarray, n: int, use_twin: bool = False) -> np.ndarray:
        """Scaled residuals of the n-element backward-difference balances (numba, or Python twin)."""
        h, sx, sP = self.L / n, self.xi_max, self.P_in
        out = np.empty(3 * n)
        if not use_twin:
            _fd_residual_nb(v, n, h, self.L, sx, sP, self.P_in, self.X_in, self.S0, self.b, self.A,
                            *self._kernel_data, out)
            return out
        xi, X, P = self.fd_unpack(v, n)
        for i in range(1, n + 1):
            F = self.flows(xi[i])
            r = self.A * self.rate(F, P[i], X[i])
            out[i - 1] = ((xi[i] - xi[i - 1]) / h - r) / sx * self.L
            out[n + i - 1] = (self.S0 * (X[i - 1] - X[i]) / h - self.b * r) / (self.b * sx) * self.L
            out[2 * n + i - 1] = ((P[i] - P[i - 1]) / h - self.dpdz(P[i], F, X[i])) / sP * self.L
        return out


def simulate(carrier: str, fuel: str, *, length: float, diameter: float, T: float,
             P_in: float, gas_flow: float, gas_composition: dict[str, float],
             solids_mass_flow: float, particle_diameter: float, particle_density: float,
             bed_voidage: float, solids_conversion_in: float = 0.0,
             reactive_fraction: float = 1.0, rate_basis: str = "fed",
             pressure_drop: str = "ergun", n_points: int = 101,
             n_elements: int | None = None, use_twin: bool = False) -> MovingBedResult:
    """Solve the isothermal counter-current moving-bed reducer.

    Parameters (SI): ``length`` bed height [m]; ``diameter`` [m]; ``T`` [K] of gas, solids and
    bed; ``P_in`` gas inlet pressure [Pa]; ``gas_flow`` [mol/s] of composition
    ``gas_composition`` (mole fractions summing to 1, e.g. ``{"CH4": 0.975, "CO2": 0.025}``);
    ``solids_mass_flow`` [kg/s] of carrier entering with conversion ``solids_conversion_in``
    (its fully oxidised composition is the carrier set's); ``particle_diameter`` [m] and
    ``particle_density`` [kg/m3, apparent density of the entering particles]; ``bed_voidage``;
    ``reactive_fraction`` and ``rate_basis`` as in the module docstring (defaults: the plain
    grain model); ``pressure_drop`` one of ``"ergun"``, ``"idaes_simple"``, ``"none"``.

    ``n_elements=None`` (default) solves the differential equations to the integrator's
    tolerance and returns ``n_points`` profile points; an integer n instead returns the solution
    of the n-element first-order backward-difference equations (IDAES-PSE's default scheme, for
    comparisons with that model), on its n + 1 nodes.

    ``use_twin`` solves with the plain Python model equations, Cantera's viscosity and SciPy's
    LSODA (the reference of the numba kernels and their DOP853 integrator, the default).

    Raises ``ValueError`` for bad input (naming the field, the value and the allowed range) and
    :class:`MovingBedConvergenceError` if the boundary-value problem is not solved.
    """
    t0 = time.perf_counter()
    if isinstance(n_points, bool) or not isinstance(n_points, (int, np.integer)) or n_points < 2:
        raise ValueError(f"n_points={n_points!r} must be an integer >= 2")
    if n_elements is not None and (isinstance(n_elements, bool)
                                   or not isinstance(n_elements, (int, np.integer)) or n_elements < 1):
        raise ValueError(f"n_elements={n_elements!r} must be None or an integer >= 1")
    bed = _Bed(carrier, fuel, length, diameter, T, P_in, gas_flow, gas_composition,
               solids_mass_flow, particle_diameter, particle_density, bed_voidage,
               solids_conversion_in, reactive_fraction, rate_basis, pressure_drop, use_twin)
    L, b, S0 = bed.L, bed.b, bed.S0

    z = np.linspace(0.0, L, n_points if n_elements is None else max(n_points, 4 * n_elements + 1))
    bed.grid = z
    g, segments, res, n_iter = bed.shoot()
    xi_L = bed.end(segments)
    yz = bed.evaluate(segments, z)
    xi_z = np.minimum(np.maximum(yz[0], 0.0), xi_L)
    P_z = yz[1]
    X_z = np.minimum(bed.X_in + b * (xi_L - xi_z) / S0, 1.0)
    method = "shooting"
    if n_elements is not None:
        z, xi_z, X_fd, P_z, res, nfev = bed.backward_difference(int(n_elements), z, xi_z, X_z, P_z)
        n_iter += nfev
        xi_L = float(xi_z[-1])
        # solids from the converged extent, so that the outlets balance exactly
        X_z = np.minimum(bed.X_in + b * (xi_L - xi_z) / S0, 1.0)
        X_z[0], X_z[1:-1] = bed.X_in + b * xi_L / S0, X_fd[1:-1]
        method = f"backward_difference({int(n_elements)})"

    F_z = np.maximum(bed.F_in[:, None] + bed.nu_g[:, None] * xi_z[None, :], 0.0)
    u_z = F_z.sum(axis=0) * R * bed.T / (bed.A * P_z)
    gs = bed.gas_species
    gas_in = {s: float(bed.F_in[k]) for k, s in enumerate(gs)}
    gas_out = {s: float(max(bed.F_in[k] + bed.nu_g[k] * xi_L, 0.0)) for k, s in enumerate(gs)}
    X_out = float(X_z[0])

    # fluidisation check of the packed moving bed
    ratio = 0.0
    if bed.pressure_drop != "none" and not use_twin:
        ratio = _dp_ratio_nb(P_z, F_z, X_z, bed.prm, bed.M_g, bed.mu_k, bed.phi)
    elif bed.pressure_drop != "none":
        for k in range(z.size):
            F = F_z[:, k]
            weight = (1 - bed.eps) * (bed.solids_mass(X_z[k]) / bed.Q_s - bed.gas_density(P_z[k], F)) * G
            ratio = max(ratio, -bed.dpdz(P_z[k], F, X_z[k]) / weight)
    if ratio > 1.0:
        warnings.warn(f"moving bed: the gas pressure gradient reaches {ratio:.3g} times the bed's "
                      "buoyant weight per volume; the packed bed would fluidise", stacklevel=2)

    for name, arr in (("pressure", P_z), ("extent", xi_z), ("conversion", X_z), ("velocity", u_z)):
        if not np.all(np.isfinite(arr)):
            raise MovingBedConvergenceError(f"moving bed: non-finite {name} profile")

    return MovingBedResult(
        carrier=bed.carrier.name, fuel=bed.fuel, equation=bed.rxn.equation, T=bed.T, length=L,
        diameter=bed.D, z=z, P=P_z, extent=xi_z, X_solid=X_z, u_gas=u_z, gas_species=gs, F_gas=F_z,
        gas_in=gas_in, gas_out=gas_out, solids_in=bed.solids_flows(bed.X_in),
        solids_out=bed.solids_flows(X_out), solids_mass_in=bed.m_in,
        solids_mass_out=bed.solids_mass(X_out), u_solid=bed.u_s,
        solids_residence_time=(1 - bed.eps) * bed.A * L / bed.Q_s,
        heat_duty=xi_L * bed.eq.delta_h(bed.T), max_dp_to_bed_weight=ratio, residual=res,
        iterations=n_iter, solve_time=time.perf_counter() - t0,
        options=dict(reactive_fraction=bed.f_a, rate_basis=bed.rate_basis,
                     pressure_drop=bed.pressure_drop, bed_voidage=bed.eps,
                     particle_diameter=bed.d_p, particle_density=bed.rho_p_in, P_in=bed.P_in,
                     method=method),
    )
