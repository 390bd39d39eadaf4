"""Three-phase Kunii-Levenspiel bubbling bed (bubble, cloud-wake, emulsion), 1-D in height, steady state.

:func:`solve` is the public entry (one bed, one gaseous fuel, one carrier reduction). Design notes and every
closure with its source: ``validation/idaes_bubbling_bed/README.md``; closures: :mod:`clc.kl_closures`.

Model (z up from the distributor, A the bed area; per unit height)
-----------------------------------------------------------------
* Gas regions: bubble (b, species flows F_b), cloud-wake (c, quasi-steady: no net convection, Kunii &
  Levenspiel 1991 ch. 12) and emulsion (e, species flows F_e, superficial velocity u_mf: two-phase theory,
  Toomey & Johnstone, Chem. Eng. Prog. 48 (1952) 220). The emulsion and cloud gas are at the solids'
  temperature T_s (ASSUMPTION: their thermal relaxation length u_mf rho c_p / (h a) is ~0.1 mm at CLC
  conditions); the bubble gas has its own temperature T_b.
* Gas expansion: the gas velocity u(z) = (F_b R T_b + F_e R T_s)/(P A) follows the moles the reactions add,
  the temperatures and the pressure. The emulsion keeps F_e,tot = A u_mf P/(R T_s); the bulk flow B between
  emulsion and bubbles that this demands is solved exactly at each height (upwind composition and enthalpy),
  as IDAES-PSE's BFB does with its bulk-transfer terms (there through a permeation coefficient Kd).
* Bubble fraction delta = (u - u_mf)/u_b, u_b = u - u_mf + 0.711 sqrt(g d_b) (Davidson & Harrison 1963).
  Solids per bubble volume: gamma_b in bubbles, gamma_c = (1 - eps_mf)(f_c + f_w) in clouds and wakes,
  gamma_e = (1 - eps_mf)(1 - delta)/delta - gamma_b - gamma_c in the emulsion (KL ch. 12), so that the
  solids fraction is (1 - delta)(1 - eps_mf) at every height.
* Interchange (per bubble volume): K_bc (b-c), K_ce (c-e) of KL ch. 10 with the fuel's diffusivity in the
  emulsion gas (Fuller et al. 1966; ASSUMPTION: one diffusivity for all species in the three-phase model);
  ``exchange="idaes"`` instead: no cloud region, IDAES' K_be per species between bubble and emulsion.
* Solids: plug flow co-current with the gas (as IDAES' BFB, ``flow_type="co_current"``), one conversion X(z)
  and one temperature T_s(z) at each height; or well mixed (``solids_mixing="mixed"``: one X and T_s in the
  bed, equal to the outlet's, found by Brent's method). Particles keep their volume (IDAES ``solid_super_vel``).
* Rate per particle volume: r = f_a c0 phi(X) (dX/dt)_grain / b [mol fuel/(m3 s)], the grain model of
  :mod:`clc.rates` at T_s and the local fuel concentration of each region; phi = 1 - X for
  ``rate_basis="remaining"`` (IDAES' rate) and 1 for ``"fed"`` (as :mod:`clc.moving_bed`).
* Pressure: P(0) = P_in - dP_distributor, dP/dz = -g (1 - delta)(1 - eps_mf) rho_p(X) (the solids' weight,
  IDAES ``gas_emulsion_pressure_drop``; KL ch. 3).
* Bubble size: ``"horio_nonaka"`` (ODE from Mori-Wen's initial size at the orifices, IDAES' form),
  ``"mori_wen"`` or ``"darton"`` (closed forms at the local velocity), or ``"auto"`` (Mori-Wen inside its
  stated range, else Horio-Nonaka). Outside a correlation's stated range the result carries a warning
  (``strict=True`` raises).
* Energy (``energy_balance=True``): adiabatic; enthalpy flows with formation enthalpies (NASA / Cantera
  data, :mod:`clc.thermo`). States H_b (bubble gas) and H_se (solids + emulsion gas); every exchange is
  added to one and subtracted from the other, so gas + solids enthalpy is conserved by construction.
  Bubble-cloud heat interchange H_bc (KL ch. 11) and bubble-solids convection (Nu = 2, ASSUMPTION).

The states (F_b, F_e, X, H_b, H_se, P, d_b) are integrated from z = 0 by an adaptive Dormand-Prince 5(4)
kernel (numba, ``cache=True``); ``use_twin=True`` integrates a separately written NumPy right-hand side with
SciPy's LSODA, the reference the kernel is tested against. Element and enthalpy flows are linear invariants
of the equations and are conserved by both integrators to rounding.
"""

from __future__ import annotations

import functools
import math
import time
import warnings
from dataclasses import dataclass, field

import numpy as np
from numba import njit
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from . import carriers, hydrodynamics, nasa, rates, thermo
from . import kl_closures as kc
from .constants import G, R
from .checks import in_range
from .stoichiometry import Equation

__all__ = ["solve", "KLBedResult", "EXCHANGE_MODELS", "BUBBLE_SIZE_MODELS", "RATE_BASES", "SOLIDS_MIXING", "KLBedError"]

EXCHANGE_MODELS = ("kunii_levenspiel", "idaes")
BUBBLE_SIZE_MODELS = ("horio_nonaka", "mori_wen", "darton", "auto")
RATE_BASES = ("fed", "remaining")  # as clc.moving_bed.RATE_BASES
SOLIDS_MIXING = ("plug", "mixed")
SOLIDS_BASES = ("phases", "oxygen")

# Ranz & Marshall, Chem. Eng. Prog. 48 (1952) 141: Nu -> 2 for a sphere in still gas; used for the
# bubble-solids heat transfer (ASSUMPTION: the lower bound, the slip inside a bubble is not resolved)
NU_BUBBLE_SOLIDS = 2.0

RTOL_KERNEL = 1e-10
RTOL_TWIN = 1e-10
T_BOUNDS = (200.0, 6000.0)  # K: a temperature solve outside this range means the state has diverged

_EX_CODES = {"kunii_levenspiel": 0, "idaes": 1}
_DB_CODES = {"horio_nonaka": 0, "mori_wen": 1, "darton": 2}

# integer parameters
I_NG, I_NS, I_JF, I_EX, I_DB, I_EN, I_BASIS, I_CLOUD, I_MIX = range(9)
# float parameters
(F_A, F_DT, F_UMF, F_EPS, F_DP, F_AOR, F_GB, F_FW, F_C0, F_FA, F_B, F_SACT, F_RHOP, F_MIN, F_TISO,
 F_KG, F_NUTOT, F_XMIX, F_TMIX) = range(19)
N_FPRM = 19


class KLBedError(RuntimeError):
    """The bed could not be solved (integrator failure or a state leaving its physical range)."""


@dataclass(frozen=True)
class KLBedResult:
    """Solution of :func:`solve`. Flows in mol/s, z in m from the distributor; profiles at ``z``."""

    carrier: str
    fuel: str
    equation: str
    z: np.ndarray
    P: np.ndarray  # Pa
    T_bubble: np.ndarray  # K
    T_solids: np.ndarray  # K (emulsion and cloud gas too)
    X_solid: np.ndarray  # conversion of the active phase
    u_gas: np.ndarray  # m/s superficial
    bubble_diameter: np.ndarray  # m
    bubble_fraction: np.ndarray  # delta
    gas_species: tuple[str, ...]
    F_bubble: np.ndarray  # (n_species, n_z)
    F_emulsion: np.ndarray  # (n_species, n_z)
    gas_in: dict
    gas_out: dict
    solids_in: dict
    solids_out: dict
    solids_mass_in: float  # kg/s
    solids_mass_out: float  # kg/s
    T_gas_out: float  # K, mixed-cup temperature of the gas leaving
    T_solids_out: float
    P_in: float
    P_out: float
    distributor_pressure_drop: float
    solids_inventory: float  # kg in the bed
    heat_duty: float  # W supplied to keep the bed isothermal (0 with the energy balance)
    element_residuals: dict  # relative (in - out) / in per element
    energy_residual: float  # |H_in - H_out - heat_duty| / scale
    enthalpy_flows: dict  # W: gas_in, gas_out, solids_in, solids_out
    warnings: tuple[str, ...]
    steps: int
    solve_time: float
    options: dict = field(default_factory=dict)

    @property
    def fuel_conversion(self) -> float:
        return 1.0 - self.gas_out[self.fuel] / self.gas_in[self.fuel]

    @property
    def solids_conversion(self) -> float:
        """Conversion of the active phase leaving (X_Fe2O3 for Fe2O3 carriers)."""
        return float(self.X_solid[-1])

    @property
    def pressure_drop(self) -> float:
        return self.P_in - self.P_out

    def mole_fractions_out(self) -> dict:
        tot = sum(self.gas_out.values())
        return {k: v / tot for k, v in self.gas_out.items()}


# --------------------------------------------------------------------------------------------------
# numba kernels


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
def _rate_nb(p_kin, T, C, X, c0, f_a, b, basis):
    """mol fuel / (m3 particle s)."""
    if C <= 0.0 or X >= 1.0:
        return 0.0
    x = X if X > 0.0 else 0.0
    phi = 1.0 - x if basis == 1 else 1.0
    return f_a * c0 * phi * rates.conversion_rate(p_kin, T, C, x) / b


@njit(cache=True)
def _cloud_fuel_nb(Cb, Ce, yb, Kbc, Kce, gc, c_e, nb_base, nutot, p_kin, T, X, c0, f_a, b, basis):
    """Fuel concentration in the quasi-steady cloud-wake: Kbc(Cb - C) - Kce(C - Ce) - gc r(C) - out(C) = 0."""
    lo = 0.0
    hi = max(Cb, Ce)
    # residual at hi may still be positive where the cloud draws gas from the bubble (out < 0): widen
    for _ in range(60):
        r = _rate_nb(p_kin, T, hi, X, c0, f_a, b, basis)
        n_c = nb_base + gc * nutot * r
        out = hi * n_c / c_e if n_c >= 0.0 else yb * n_c
        f = Kbc * (Cb - hi) - Kce * (hi - Ce) - gc * r - out
        if f <= 0.0:
            break
        hi = 2.0 * hi + 1e-12
    flo = Kbc * Cb + Kce * Ce
    n0 = nb_base
    flo -= yb * n0 if n0 < 0.0 else 0.0
    fhi = 0.0
    r = _rate_nb(p_kin, T, hi, X, c0, f_a, b, basis)
    n_c = nb_base + gc * nutot * r
    out = hi * n_c / c_e if n_c >= 0.0 else yb * n_c
    fhi = Kbc * (Cb - hi) - Kce * (hi - Ce) - gc * r - out
    if flo <= 0.0:
        return 0.0
    if fhi >= 0.0:
        return hi
    # Illinois regula falsi
    a, fa, c, fc = lo, flo, hi, fhi
    side = 0
    x = 0.5 * (a + c)
    for _ in range(200):
        x = (a * fc - c * fa) / (fc - fa)
        r = _rate_nb(p_kin, T, x, X, c0, f_a, b, basis)
        n_c = nb_base + gc * nutot * r
        out = x * n_c / c_e if n_c >= 0.0 else yb * n_c
        fx = Kbc * (Cb - x) - Kce * (x - Ce) - gc * r - out
        if fx == 0.0 or abs(c - a) < 1e-15 * max(Cb, Ce, 1e-300):
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
        if abs(c - a) <= 1e-14 * x:
            return x
    return x


@njit(cache=True)
def _rhs_nb(z, y, out, iprm, prm, nu_g, Mg, Vg, gcoef, gtmax, gnseg, Sref, dS, Ms, scoef, stmax, snseg,
            p_kin, work):
    ng = iprm[I_NG]
    ns = iprm[I_NS]
    jf = iprm[I_JF]
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
    b = prm[F_B]
    F_b = y[0:ng]
    F_e = y[ng:2 * ng]
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
    u = (Fbt * R * Tb + Fet * R * Ts) / (P * A)
    uex = u - umf
    if uex < 1e-9:
        uex = 1e-9
        work[2] += 1.0
    if dbm == 0:
        db = y[2 * ng + 4]
    elif dbm == 1:
        db = kc.mori_wen_diameter_nb(z, uex, Dt, A, prm[F_AOR])
    else:
        db = kc.darton_diameter_nb(z, uex, prm[F_AOR])
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
    r_e = _rate_nb(p_kin, Ts, Ce[jf], X, c0, fa, b, basis)
    # cp of the bubble gas (heat interchange)
    cpb = 0.0
    for j in range(ng):
        cpb += yb[j] * R * nasa.cp_R(gcoef, gtmax, gnseg, j, Tb)
    Hbc = kc.h_bubble_cloud_nb(umf, db, c_b * cpb, prm[F_KG])
    E = np.empty(ng)
    dFb0 = np.empty(ng)
    Qb0 = 0.0
    if ex == 1:
        ge = eps_s / delta
        for j in range(ng):
            Kbe = kc.k_bubble_emulsion_idaes_nb(umf, db, D[j])
            J = A * delta * Kbe * (Cb[j] - Ce[j])
            E[j] = J + A * delta * ge * nu_g[j] * r_e
            dFb0[j] = -J
            Tup = Tb if J > 0.0 else Ts
            Qb0 -= J * R * Tup * nasa.h_RT(gcoef, gtmax, gnseg, j, Tup)
        Qb0 -= A * delta * Hbc * (Tb - Ts)
        Rtot = A * delta * ge * r_e
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
        Dm = D[jf]
        Kbc = kc.k_bubble_cloud_nb(umf, db, Dm)
        Kce = kc.k_cloud_emulsion_nb(epsmf, db, Dm)
        r_b = _rate_nb(p_kin, Ts, Cb[jf], X, c0, fa, b, basis)
        nutot = prm[F_NUTOT]
        nb_base = Kbc * (c_b - c_e)
        if gc > 0.0:
            Ccf = _cloud_fuel_nb(Cb[jf], Ce[jf], yb[jf], Kbc, Kce, gc, c_e, nb_base, nutot, p_kin, Ts, X,
                                 c0, fa, b, basis)
            r_c = _rate_nb(p_kin, Ts, Ccf, X, c0, fa, b, basis)
        else:
            Ccf = 0.0
            r_c = 0.0
        n_c = nb_base + gc * nutot * r_c
        hcs = 0.0
        for j in range(ng):
            if n_c >= 0.0:
                Ccj = (Kbc * Cb[j] + Kce * Ce[j] + gc * nu_g[j] * r_c) / (Kbc + Kce + n_c / c_e)
                if j == jf and gc > 0.0:
                    Ccj = Ccf
                upj = Ccj * n_c / c_e
                Tup_c = Ts
            else:
                Ccj = (Kbc * Cb[j] + Kce * Ce[j] + gc * nu_g[j] * r_c - yb[j] * n_c) / (Kbc + Kce)
                if j == jf and gc > 0.0:
                    Ccj = Ccf
                upj = yb[j] * n_c
                Tup_c = Tb
            Jbc = A * delta * Kbc * (Cb[j] - Ccj)
            Ncb = A * delta * upj
            Rc = A * delta * gc * nu_g[j] * r_c
            Rb = A * delta * gb * nu_g[j] * r_b
            Jce = Jbc + Rc - Ncb
            E[j] = Jce + A * delta * ge * nu_g[j] * r_e
            dFb0[j] = -Jbc + Ncb + Rb
            Tup = Tb if Jbc > 0.0 else Ts
            Qb0 -= Jbc * R * Tup * nasa.h_RT(gcoef, gtmax, gnseg, j, Tup)
            Qb0 += Ncb * R * Tup_c * nasa.h_RT(gcoef, gtmax, gnseg, j, Tup_c)
            Tr = Tb if nu_g[j] < 0.0 else Ts
            Qb0 += Rb * R * Tr * nasa.h_RT(gcoef, gtmax, gnseg, j, Tr)
        hp = NU_BUBBLE_SOLIDS * prm[F_KG] / prm[F_DP]
        Qb0 -= A * delta * (Hbc + gb * 6.0 / prm[F_DP] * hp) * (Tb - Ts)
        Rtot = A * delta * (gb * r_b + gc * r_c + ge * r_e)
    dX = b * Rtot / prm[F_SACT]
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
def _integrate_nb(zgrid, y0, rtol, scale, iprm, prm, nu_g, Mg, Vg, gcoef, gtmax, gnseg, Sref, dS, Ms,
                  scoef, stmax, snseg, p_kin, work, dpA, dpB, dpE):
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
    _rhs_nb(z, y, K[0], iprm, prm, nu_g, Mg, Vg, gcoef, gtmax, gnseg, Sref, dS, Ms, scoef, stmax, snseg,
            p_kin, work)
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
                _rhs_nb(z + _DP_C[s] * h, ys, K[s], iprm, prm, nu_g, Mg, Vg, gcoef, gtmax, gnseg, Sref, dS,
                        Ms, scoef, stmax, snseg, p_kin, work)
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
                if steps > 2_000_000:
                    return Y, steps, 2
            else:
                h = h * max(0.1, 0.9 * err ** -0.2)
                if h < 1e-14 * L:
                    return Y, steps, 1
        Y[ig] = y
    return Y, steps, 0


# --------------------------------------------------------------------------------------------------
# NumPy / SciPy twin (written separately from the kernel; plain-Python closures of kl_closures)


class _Twin:
    def __init__(self, m: "_Model"):
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

    def rate(self, T, C, X):
        m = self.m
        if C <= 0.0 or X >= 1.0:
            return 0.0
        X = max(X, 0.0)
        p = m.p_kin
        fp = p[rates.P_FP]
        k = p[rates.P_K0] * math.exp(-p[rates.P_E] / (R * T))
        tau = p[rates.P_RHO] * p[rates.P_L] / (p[rates.P_B] * k * C ** p[rates.P_N])
        dxdt = fp * (1.0 - X) ** (1.0 - 1.0 / fp) / tau
        phi = 1.0 - X if m.rate_basis == "remaining" else 1.0
        return m.f_a * m.c0 * phi * dxdt / m.b

    def rhs(self, z, y):
        m = self.m
        ng = m.ng
        Fb, Fe, X, Hb, Hse, P = y[:ng], y[ng:2 * ng], y[2 * ng], y[2 * ng + 1], y[2 * ng + 2], y[2 * ng + 3]
        if m.mixed:
            X = m.X_mix
        S = m.Sref + m.dS * X
        if m.energy_balance:
            Ts = m.T_mix if m.mixed else self._T(Hse, Fe, S)
            Tb = self._T(Hb, Fb, np.zeros(0))
        else:
            Ts = Tb = m.T_iso
        yb, ye = Fb / Fb.sum(), Fe / Fe.sum()
        cb, ce = P / (R * Tb), P / (R * Ts)
        u = (Fb.sum() * R * Tb + Fe.sum() * R * Ts) / (P * m.A)
        uex = max(u - m.u_mf, 1e-9)
        if m.bubble_size == "horio_nonaka":
            db = y[2 * ng + 4]
        elif m.bubble_size == "mori_wen":
            db = kc.mori_wen_diameter(z, uex, m.D_t, m.A, m.A_or)
        else:
            db = kc.darton_diameter(z, uex, m.A_or)
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
        jf = m.jf
        r_e = self.rate(Ts, Ce[jf], X)
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
            E = J + A * delta * ge * m.nu_g * r_e
            dFb0 = -J
            Qb0 = -float(np.sum(J * np.where(J > 0, h_b, h_s))) - A * delta * Hbc * (Tb - Ts)
            Rtot = A * delta * ge * r_e
        else:
            gb = m.gamma_b
            gmax = eps_s / delta - gb
            if gmax < 0:
                gb, gmax = eps_s / delta, 0.0
            gc = 0.0
            if m.cloud_solids:
                gc = min((1 - m.eps_mf) * (kc.cloud_fraction(m.u_mf, m.eps_mf, ubr) + m.wake_fraction), gmax)
            ge = eps_s / delta - gb - gc
            Kbc = kc.k_bubble_cloud(m.u_mf, db, D[jf])
            Kce = kc.k_cloud_emulsion(m.eps_mf, db, D[jf])
            r_b = self.rate(Ts, Cb[jf], X)
            nb_base = Kbc * (cb - ce)

            def n_c_of(C):
                return nb_base + gc * m.nutot * self.rate(Ts, C, X)

            def res(C):
                n_c = n_c_of(C)
                out = C * n_c / ce if n_c >= 0 else yb[jf] * n_c
                return Kbc * (Cb[jf] - C) - Kce * (C - Ce[jf]) - gc * self.rate(Ts, C, X) - out

            if gc > 0:
                hi = max(Cb[jf], Ce[jf])
                while res(hi) > 0:
                    hi = 2 * hi + 1e-12
                Ccf = 0.0 if res(0.0) <= 0 else (hi if res(hi) >= 0 else brentq(res, 0.0, hi, xtol=1e-300, rtol=1e-15))
                r_c = self.rate(Ts, Ccf, X)
            else:
                Ccf, r_c = 0.0, 0.0
            n_c = nb_base + gc * m.nutot * r_c
            if n_c >= 0:
                Cc = (Kbc * Cb + Kce * Ce + gc * m.nu_g * r_c) / (Kbc + Kce + n_c / ce)
                up, Tc = Cc * n_c / ce, Ts
            else:
                Cc = (Kbc * Cb + Kce * Ce + gc * m.nu_g * r_c - yb * n_c) / (Kbc + Kce)
                up, Tc = None, Tb
            if gc > 0:
                Cc[jf] = Ccf
            if n_c >= 0:
                up = Cc * n_c / ce
            else:
                up = yb * n_c
            Jbc = A * delta * Kbc * (Cb - Cc)
            Ncb = A * delta * up
            Rc = A * delta * gc * m.nu_g * r_c
            Rb = A * delta * gb * m.nu_g * r_b
            E = (Jbc + Rc - Ncb) + A * delta * ge * m.nu_g * r_e
            dFb0 = -Jbc + Ncb + Rb
            h_c = h_s if Tc == Ts else h_b
            hp = NU_BUBBLE_SOLIDS * m.k_g / m.d_p
            Qb0 = (-float(np.sum(Jbc * np.where(Jbc > 0, h_b, h_s))) + float(np.sum(Ncb * h_c))
                   + float(np.sum(Rb * np.where(m.nu_g < 0, h_b, h_s)))
                   - A * delta * (Hbc + gb * 6.0 / m.d_p * hp) * (Tb - Ts))
            Rtot = A * delta * (gb * r_b + gc * r_c + ge * r_e)
        dX = m.b * Rtot / m.S_act
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
        out[2 * ng] = dX
        out[2 * ng + 1] = dHb
        out[2 * ng + 2] = -dHb
        out[2 * ng + 3] = dP
        out[2 * ng + 4] = (kc.horio_nonaka_slope(y[2 * ng + 4], uex, m.u_mf, m.D_t, m.A)
                           if m.bubble_size == "horio_nonaka" else 0.0)
        return out


# --------------------------------------------------------------------------------------------------
# set-up


def _check(name, value, lo, hi, lo_open=True, hi_open=False, units=""):
    return in_range(name, value, lo, hi, lo_open=lo_open, hi_open=hi_open, units=units)


def _choice(name, value, allowed):
    if value not in allowed:
        raise ValueError(f"{name}={value!r}; allowed: {', '.join(allowed)}")
    return value


@dataclass
class _Model:
    carrier: str
    fuel: str
    equation: str
    gas_names: tuple
    solid_names: tuple
    ng: int
    ns: int
    jf: int
    nu_g: np.ndarray
    Mg: np.ndarray
    Vg: np.ndarray
    garr: object
    sarr: object
    Sref: np.ndarray
    dS: np.ndarray
    Ms: np.ndarray
    p_kin: np.ndarray
    A: float
    D_t: float
    L: float
    u_mf: float
    eps_mf: float
    d_p: float
    A_or: float
    gamma_b: float
    wake_fraction: float
    c0: float
    f_a: float
    b: float
    S_act: float
    rho_p: float
    m_in: float
    T_iso: float
    k_g: float
    nutot: float
    exchange: str
    bubble_size: str
    energy_balance: bool
    rate_basis: str
    cloud_solids: bool
    T_s_in: float
    T_g_in: float
    P_in: float
    dP_dist: float
    F_in: np.ndarray
    mixed: bool = False
    X_mix: float = 0.0
    T_mix: float = 0.0
    X_in: float = 0.0

    def arrays(self):
        iprm = np.array([self.ng, self.ns, self.jf, _EX_CODES[self.exchange], _DB_CODES[self.bubble_size],
                         int(self.energy_balance), int(self.rate_basis == "remaining"), int(self.cloud_solids),
                         int(self.mixed)],
                        dtype=np.int64)
        prm = np.zeros(N_FPRM)
        prm[F_A], prm[F_DT], prm[F_UMF], prm[F_EPS], prm[F_DP] = self.A, self.D_t, self.u_mf, self.eps_mf, self.d_p
        prm[F_AOR], prm[F_GB], prm[F_FW], prm[F_C0], prm[F_FA] = (self.A_or, self.gamma_b, self.wake_fraction,
                                                                  self.c0, self.f_a)
        prm[F_B], prm[F_SACT], prm[F_RHOP], prm[F_MIN] = self.b, self.S_act, self.rho_p, self.m_in
        prm[F_TISO], prm[F_KG], prm[F_NUTOT] = self.T_iso, self.k_g, self.nutot
        prm[F_XMIX], prm[F_TMIX] = self.X_mix, self.T_mix
        return iprm, prm


@functools.cache
def _gri30():
    import cantera as ct
    return ct.Solution("gri30.yaml", transport_model="mixture-averaged")


def _gas_conductivity(names, y, T, P):
    """Mixture-averaged thermal conductivity [W/(m K)]: Cantera with the GRI-Mech 3.0 transport data (Smith et al.,
    GRI-Mech 3.0, 1999; Cantera's mixture rule of Mathur, Tondon & Saxena, Mol. Phys. 12 (1967) 569)."""
    gas = _gri30()
    gas.TPX = T, P, {("AR" if n == "Ar" else n): v for n, v in zip(names, y)}
    return float(gas.thermal_conductivity)


def _initial_state(m: _Model) -> np.ndarray:
    ng = m.ng
    P0 = m.P_in - m.dP_dist
    S0 = m.Sref + m.dS * m.X_in
    y_in = m.F_in / m.F_in.sum()
    if m.energy_balance and m.mixed:
        # well-mixed solids: the emulsion's share of the feed enters at the bed temperature T_mix
        Ts = m.T_mix
        hg_in = np.array([thermo.h(g, m.T_g_in) for g in m.gas_names])
        Fe = m.A * m.u_mf * P0 / (R * Ts) * y_in
        Hse = float(np.sum(S0 * np.array([thermo.h(s, m.T_s_in) for s in m.solid_names]))) + float(np.dot(Fe, hg_in))
        Fb = m.F_in - Fe
        Hb = float(np.dot(Fb, hg_in))
        Tb = m.T_g_in
    elif m.energy_balance:
        Hs_in = float(np.sum(S0 * np.array([thermo.h(s, m.T_s_in) for s in m.solid_names])))
        hg_in = np.array([thermo.h(g, m.T_g_in) for g in m.gas_names])
        Ts = m.T_s_in
        for _ in range(100):
            Fe_tot = m.A * m.u_mf * P0 / (R * Ts)
            Fe = Fe_tot * y_in
            H = Hs_in + float(np.dot(Fe, hg_in))

            def f(T, Fe=Fe, H=H):
                return (sum(S0[k] * thermo.h(s, T) for k, s in enumerate(m.solid_names))
                        + sum(Fe[j] * thermo.h(g, T) for j, g in enumerate(m.gas_names)) - H)
            Tn = brentq(f, min(m.T_g_in, m.T_s_in) - 1e-9, max(m.T_g_in, m.T_s_in) + 1e-9, xtol=1e-12, rtol=1e-15)
            if abs(Tn - Ts) < 1e-10 * Ts:
                Ts = Tn
                break
            Ts = Tn
        Fe_tot = m.A * m.u_mf * P0 / (R * Ts)
        Fe = Fe_tot * y_in
        Hse = Hs_in + float(np.dot(Fe, hg_in))
        Fb = m.F_in - Fe
        Hb = float(np.dot(Fb, hg_in))
        Tb = m.T_g_in
    else:
        Ts = Tb = m.T_iso
        Fe = m.A * m.u_mf * P0 / (R * Ts) * y_in
        Fb = m.F_in - Fe
        Hb = Hse = 0.0
    if Fb.sum() <= 0.0:
        raise ValueError(f"gas_flow={float(m.F_in.sum())!r} mol/s does not exceed the emulsion's share at u_mf "
                         f"({Fe.sum():.6g} mol/s): the bed would not bubble (u0 <= u_mf)")
    u0 = (Fb.sum() * R * Tb + Fe.sum() * R * Ts) / (P0 * m.A)
    db0 = kc.initial_bubble_diameter(u0 - m.u_mf, m.A_or)
    y0 = np.zeros(2 * ng + 5)
    y0[:ng], y0[ng:2 * ng], y0[2 * ng] = Fb, Fe, m.X_in
    y0[2 * ng + 1], y0[2 * ng + 2], y0[2 * ng + 3], y0[2 * ng + 4] = Hb, Hse, P0, db0
    return y0


def solve(carrier: str = "Abad2007_Fe45Al", fuel: str = "CH4", *, height: float, diameter: float,
          gas_flow: float, gas_composition: dict, T_gas_in: float, P_in: float,
          solids_mass_flow: float, T_solids_in: float, particle_diameter: float, particle_density: float,
          u_mf: float, eps_mf: float, orifice_density: float, distributor_pressure_drop: float = 0.0,
          solids_conversion_in: float = 0.0, reactive_fraction: float = 1.0, rate_basis: str = "fed",
          exchange: str = "kunii_levenspiel", bubble_size: str = "horio_nonaka",
          gamma_b: float = kc.GAMMA_B_DEFAULT, wake_fraction: float = kc.WAKE_FRACTION_DEFAULT,
          cloud_solids: bool = True, energy_balance: bool = False, solids_mixing: str = "plug",
          diffusion_volumes: dict | None = None, solids_basis: str = "phases",
          n_points: int = 101, strict: bool = False, use_twin: bool = False,
          check_kinetic_range: bool = True) -> KLBedResult:
    """Solve a bubbling-bed fuel reactor (three-phase Kunii-Levenspiel, co-current plug-flow solids).

    Parameters
    ----------
    carrier, fuel : str
        Kinetic set of :mod:`clc.carriers` and the fuel gas it reduces with (chemical-control grain model).
    height, diameter : float
        Bed (expanded, dense-bed) height [m] and diameter [m].
    gas_flow : float
        Gas fed [mol/s]; ``gas_composition`` its mole fractions (species of the reaction or inert, each with
        a Fuller diffusion volume: CH4, CO2, H2O built in, others through ``diffusion_volumes``).
    T_gas_in, P_in : float
        Gas feed temperature [K] and pressure below the distributor [Pa].
    solids_mass_flow, T_solids_in : float
        Carrier fed [kg/s] at the bottom (co-current with the gas, as IDAES-PSE's BFB) and its temperature [K].
    particle_diameter, particle_density : float
        [m] and [kg/m3] of the fed particles (particles keep their volume as they lose oxygen).
    u_mf, eps_mf : float
        Minimum-fluidisation velocity [m/s] and voidage [-], given (e.g. measured, or IDAES' 0.039624 m/s and
        0.45; :func:`clc.hydrodynamics.u_mf_wen_yu` computes one from particle data).
    orifice_density : float
        Distributor orifices per m2 of plate (IDAES ``number_orifice``); sets the initial bubble size.
    distributor_pressure_drop : float
        Pressure drop over the distributor [Pa] (IDAES fixes 3400 Pa, no source given there).
    solids_conversion_in, reactive_fraction, rate_basis : float, float, str
        Conversion of the fed carrier; reachable share f_a of the active phase (IDAES ``a_vol`` 0.28);
        ``"fed"`` (grain model as written) or ``"remaining"`` (IDAES' rate: times the active phase left).
    exchange : {"kunii_levenspiel", "idaes"}
        Three-phase bubble/cloud-wake/emulsion interchange, or IDAES' two-region K_be (no cloud, no solids in
        bubbles).
    bubble_size : {"horio_nonaka", "mori_wen", "darton", "auto"}
        Horio & Nonaka's growth ODE from Mori-Wen's orifice size (IDAES' form), Mori & Wen's or Darton et al.'s
        closed form at the local velocity; ``"auto"``: Mori-Wen where the solved bed lies inside its stated
        range (D_t, u_mf, d_p, u - u_mf; Kunii & Levenspiel 1991 ch. 5), else Horio-Nonaka, with a warning
        saying so.
    gamma_b, wake_fraction, cloud_solids :
        Solids in bubbles per bubble volume, wake volume per bubble volume, and whether the cloud-wake holds
        solids (three-phase model only).
    solids_mixing : {"plug", "mixed"}
        Solids in co-current plug flow (IDAES' BFB) or well mixed (one conversion and temperature in the bed,
        Kunii & Levenspiel's usual assumption; solved by Brent's method on the bed conversion, and on the
        bed temperature with the energy balance).
    solids_basis : {"phases", "oxygen"}
        ``"phases"``: the solids are the carrier set's composition and X the conversion of its active phase
        by the reaction's equation (needs the composition; the IDAES case). ``"oxygen"``: the solids are
        :func:`clc.solids.solid_model`'s phases and X the reduction degree s, the share of the oxygen transport
        capacity R_OC given up (the loop's basis; works for sets that publish R_OC only, e.g. ilmenite); the fuel
        then takes O atoms from the solids as its gas-side equation says (CH4 + 4 O -> CO2 + 2 H2O) and the
        grain rate dX/dt is that of the oxygen capacity.
    energy_balance : bool
        False: the bed is isothermal at ``T_solids_in`` (the gas must be fed at that temperature), the heat
        that keeps it so is ``heat_duty``. True: adiabatic, gas and solids temperatures solved.
    n_points : int
        Heights at which profiles are reported (the integrator's steps are adaptive).
    strict : bool
        Raise instead of warn when a correlation is used outside its stated range.
    use_twin : bool
        Integrate the NumPy right-hand side with SciPy's LSODA (the reference) instead of the numba kernel.

    Returns
    -------
    KLBedResult
    """
    t0 = time.perf_counter()
    height = _check("height", height, 0.0, 100.0, units="m")
    diameter = _check("diameter", diameter, 0.0, 50.0, units="m")
    gas_flow = _check("gas_flow", gas_flow, 0.0, 1e7, units="mol/s")
    T_gas_in = _check("T_gas_in", T_gas_in, 250.0, 2000.0, units="K")
    P_in = _check("P_in", P_in, 1e3, 1e8, units="Pa")
    solids_mass_flow = _check("solids_mass_flow", solids_mass_flow, 0.0, 1e6, units="kg/s")
    T_solids_in = _check("T_solids_in", T_solids_in, 250.0, 2000.0, units="K")
    particle_diameter = _check("particle_diameter", particle_diameter, 0.0, 0.05, units="m")
    particle_density = _check("particle_density", particle_density, 100.0, 20000.0, units="kg/m3")
    u_mf = _check("u_mf", u_mf, 0.0, 10.0, units="m/s")
    eps_mf = _check("eps_mf", eps_mf, 0.2, 0.9, hi_open=True)
    orifice_density = _check("orifice_density", orifice_density, 0.0, 1e6, units="1/m2")
    distributor_pressure_drop = _check("distributor_pressure_drop", distributor_pressure_drop, 0.0, P_in,
                                       lo_open=False, hi_open=True, units="Pa")
    solids_conversion_in = _check("solids_conversion_in", solids_conversion_in, 0.0, 1.0, lo_open=False,
                                  hi_open=True)
    reactive_fraction = _check("reactive_fraction", reactive_fraction, 0.0, 1.0)
    gamma_b = _check("gamma_b", gamma_b, 0.0, 0.1, lo_open=False)
    wake_fraction = _check("wake_fraction", wake_fraction, 0.0, 2.0, lo_open=False)
    _choice("rate_basis", rate_basis, RATE_BASES)
    _choice("solids_basis", solids_basis, SOLIDS_BASES)
    _choice("solids_mixing", solids_mixing, SOLIDS_MIXING)
    _choice("exchange", exchange, EXCHANGE_MODELS)
    _choice("bubble_size", bubble_size, BUBBLE_SIZE_MODELS)
    if bubble_size == "auto":
        # Mori-Wen where the bed lies inside its stated range (checked on the solution), else Horio-Nonaka
        kw = {k: v for k, v in locals().items() if k in _SOLVE_ARGS}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = solve(**{**kw, "bubble_size": "mori_wen", "strict": False})
        mw = [w_ for w_ in r.warnings if w_.startswith("Mori-Wen")]
        if not mw:
            out = r
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out = solve(**{**kw, "bubble_size": "horio_nonaka", "strict": False})
            note = ("bubble_size='auto' switched from Mori-Wen to Horio-Nonaka: " + "; ".join(mw))
            object.__setattr__(out, "warnings", (note,) + out.warnings)
        object.__setattr__(out, "options", {**out.options, "bubble_size_requested": "auto"})
        object.__setattr__(out, "solve_time", time.perf_counter() - t0)
        if out.warnings and strict:
            raise ValueError("; ".join(out.warnings))
        for w_ in out.warnings:
            warnings.warn(w_, stacklevel=2)
        return out
    n_points = int(_check("n_points", n_points, 2, 100000, lo_open=False))
    if not energy_balance and abs(T_gas_in - T_solids_in) > 1e-9:
        raise ValueError(f"T_gas_in={T_gas_in!r} K differs from T_solids_in={T_solids_in!r} K: the isothermal "
                         "bed needs them equal (energy_balance=True solves the temperatures)")

    car = carriers.load(carrier)
    rx = car.reaction(fuel)
    if rx.model != "chemical":
        raise ValueError(f"carrier {carrier!r} with {fuel}: model={rx.model!r}; this bed supports 'chemical' "
                         "(grain model under chemical control) only")
    if check_kinetic_range:
        car.check_temperature(T_solids_in)
    eq = Equation.parse(rx.equation)
    nu = eq.nu
    gas_names = [s for s in nu if thermo.species(s).phase == "gas"]
    solid_names = [s for s in nu if thermo.species(s).phase != "gas"]
    if not isinstance(gas_composition, dict) or not gas_composition:
        raise ValueError(f"gas_composition={gas_composition!r} must be a non-empty dict of mole fractions")
    for k, v in gas_composition.items():
        _check(f"gas_composition[{k!r}]", v, 0.0, 1.0, lo_open=False)
        if thermo.species(k).phase != "gas":
            raise ValueError(f"gas_composition[{k!r}]: {k} is not a gas")
        if k not in gas_names:
            gas_names.append(k)
    tot = sum(gas_composition.values())
    if abs(tot - 1.0) > 1e-6:
        raise ValueError(f"gas_composition sums to {tot!r}; allowed: 1 within 1e-6")
    if gas_composition.get(fuel, 0.0) <= 0.0:
        raise ValueError(f"gas_composition[{fuel!r}] must be positive (the fuel)")
    vols = {**kc.FULLER_VOLUMES, **(diffusion_volumes or {})}
    missing = [g for g in gas_names if g not in vols]
    if missing:
        raise ValueError(f"diffusion_volumes: no Fuller diffusion volume for {', '.join(missing)}; give them "
                         f"(known: {', '.join(sorted(vols))})")
    if solids_basis == "oxygen":
        # the loop's basis (clc.solids): X = reduction degree s; per kg of oxidised carrier the phases go from
        # sm.oxidised to sm.reduced and R_OC/M_O mol O leave; b = O atoms per mole of fuel (gas side)
        from . import solids as _solids
        sm = _solids.solid_model(carrier)
        solid_names = list(sm.names)
        b = sum(nu.get(g, 0.0) * thermo.species(g).composition.get("O", 0.0) for g in gas_names) / -nu[fuel]
        if not b > 0.0:
            raise ValueError(f"carrier {carrier!r} with {fuel}: equation {rx.equation!r} takes no oxygen from "
                             "the solids; solids_basis='oxygen' needs a reduction")
        Ms_d = {s: thermo.species(s).molar_mass for s in solid_names}  # kg/mol
        Sref = solids_mass_flow * sm.oxidised
        S_act_ox = solids_mass_flow * car.R_OC / thermo.M_O  # mol O/s the solids can give (X = 1)
        dS_unit = solids_mass_flow * (sm.reduced - sm.oxidised)  # mol/s per unit X
    else:
        for comp in car.composition:
            if comp not in solid_names:
                solid_names.append(comp)
        # solids: mole flows at X = 0 (fully oxidised basis) and their change per unit X
        w = {k: p.value for k, p in car.composition.items()}
        Ms_d = {s: thermo.species(s).molar_mass for s in solid_names}  # kg/mol
        active = rx.solid_reactant
        if active not in w:
            raise ValueError(f"carrier {carrier!r}: no composition of its active phase {active} (it publishes "
                             "R_OC only); use solids_basis='oxygen'")
        b = rx.b
        Sref = np.array([solids_mass_flow * w.get(s, 0.0) / Ms_d[s] for s in solid_names])
        # the fed carrier at conversion X_in: solids flows at X = 0 are those of the oxidised form with the same
        # metal content; mass flow given at X_in, so rescale
        S_act_ox = Sref[solid_names.index(active)]
        nu_s = np.array([nu.get(s, 0.0) for s in solid_names])
        dS_unit = nu_s / b * S_act_ox  # mol/s per unit X (per mole of the oxidised form)
    ng, ns = len(gas_names), len(solid_names)
    mass_ox = float(np.dot(Sref, [Ms_d[s] for s in solid_names]))
    mass_x = mass_ox + solids_conversion_in * float(np.dot(dS_unit, [Ms_d[s] for s in solid_names]))
    scale = solids_mass_flow / mass_x
    Sref = Sref * scale
    dS = dS_unit * scale
    S_act = S_act_ox * scale
    Ms = np.array([Ms_d[s] for s in solid_names])
    # particle density given at the feed (X_in); c0 = active phase (oxidised basis) per particle volume
    Q_s = solids_mass_flow / particle_density
    c0 = S_act / Q_s
    m_in = solids_mass_flow
    F_in = np.array([gas_flow * gas_composition.get(g, 0.0) for g in gas_names])
    garr = thermo.nasa_arrays(gas_names)
    sarr = thermo.nasa_arrays(solid_names)
    A = math.pi * diameter ** 2 / 4.0
    k_g = _gas_conductivity(gas_names, F_in / gas_flow, T_solids_in, P_in)
    model = _Model(carrier, fuel, rx.equation, tuple(gas_names), tuple(solid_names), ng, ns, gas_names.index(fuel),
                   np.array([nu.get(g, 0.0) for g in gas_names]),
                   np.array([thermo.species(g).molar_mass * 1000.0 for g in gas_names]),
                   np.array([vols[g] for g in gas_names]), garr, sarr, Sref, dS, Ms, rx.kernel_params(),
                   A, diameter, height, u_mf, eps_mf, particle_diameter, 1.0 / orifice_density, gamma_b,
                   wake_fraction, c0, reactive_fraction, b, S_act, particle_density, m_in, T_solids_in, k_g,
                   float(sum(nu.get(g, 0.0) for g in gas_names)), exchange, bubble_size, bool(energy_balance),
                   rate_basis, bool(cloud_solids), T_solids_in, T_gas_in, P_in, distributor_pressure_drop, F_in)
    model.mixed = solids_mixing == "mixed"
    model.X_in = model.X_mix = solids_conversion_in
    model.T_mix = T_solids_in
    y0 = _initial_state(model)
    zgrid = np.linspace(0.0, height, n_points)
    sc = np.zeros_like(y0)
    sc[:2 * ng] = 1e-6 * gas_flow
    sc[2 * ng] = 1e-6
    h_scale = abs(y0[2 * ng + 2]) + abs(y0[2 * ng + 1]) + 1.0
    sc[2 * ng + 1] = sc[2 * ng + 2] = 1e-6 * h_scale
    sc[2 * ng + 3] = 1e-6 * P_in
    sc[2 * ng + 4] = 1e-6 * diameter
    if solids_mixing == "plug":
        Y, steps, counts = _run(model, zgrid, sc, use_twin)
    else:
        Y, steps, counts = _solve_mixed(model, zgrid, sc, use_twin)
    return _result(model, zgrid, Y, steps, time.perf_counter() - t0, counts, strict,
                   dict(exchange=exchange, bubble_size=bubble_size, energy_balance=bool(energy_balance),
                        rate_basis=rate_basis, reactive_fraction=reactive_fraction, gamma_b=gamma_b, solids_basis=solids_basis,
                        wake_fraction=wake_fraction, cloud_solids=bool(cloud_solids), use_twin=bool(use_twin),
                        orifice_density=orifice_density, u_mf=u_mf, eps_mf=eps_mf, solids_mixing=solids_mixing))


def _run(model: _Model, zgrid, sc, use_twin):
    """Integrate the states from z = 0 (kernel or twin); (Y at zgrid, steps, kernel counters)."""
    y0 = _initial_state(model)
    counts = np.zeros(8)
    if use_twin:
        tw = _Twin(model)
        sol = solve_ivp(tw.rhs, (0.0, zgrid[-1]), y0, method="LSODA", t_eval=zgrid, rtol=RTOL_TWIN,
                        atol=RTOL_TWIN * sc)
        if not sol.success:
            raise KLBedError(f"the twin integrator failed: {sol.message}")
        Y = sol.y.T
        steps = int(sol.t.size)
    else:
        iprm, prm = model.arrays()
        counts[0], counts[1] = (model.T_mix if model.mixed else model.T_s_in), model.T_g_in
        Y, steps, status = _integrate_nb(zgrid, y0, RTOL_KERNEL, sc, iprm, prm, model.nu_g, model.Mg, model.Vg,
                                         model.garr.coef, model.garr.tmax, model.garr.nseg, model.Sref, model.dS,
                                         model.Ms, model.sarr.coef, model.sarr.tmax, model.sarr.nseg, model.p_kin,
                                         counts, _DP_A, _DP_B, _DP_E)
        if status != 0:
            raise KLBedError("the kernel integrator failed (" + ("step size underflow" if status == 1 else
                                                                "too many steps") + ")")
    if not np.all(np.isfinite(Y)):
        raise KLBedError("the solution holds non-finite values")
    return Y, steps, counts


def _T_se_out(model: _Model, y) -> float:
    """Temperature of solids + emulsion gas from the enthalpy state H_se at the top."""
    ng = model.ng
    S = model.Sref + model.dS * y[2 * ng]
    return _Twin(model)._T(y[2 * ng + 2], y[ng:2 * ng], S)


def _solve_mixed(model: _Model, zgrid, sc, use_twin):
    """Well-mixed solids: the bed's conversion X_mix (and temperature T_mix) equal the outlet's.

    Inner: Brent's method on X_mix for X(L; X_mix) = X_mix (the residual falls with X_mix: more converted
    solids react more slowly). Outer (energy balance): secant steps, then Brent's method once bracketed, on
    T_mix for T_se(L; T_mix) = T_mix, T_se from the enthalpy state at the top.
    """
    ng = model.ng
    out = {}

    def inner(T):
        model.T_mix = T
        x_hi = 1.0 - 1e-12

        def g(Xm):
            model.X_mix = Xm
            Y, steps, counts = _run(model, zgrid, sc, use_twin)
            out["last"] = (Y, steps, counts)
            return Y[-1, 2 * ng] - Xm
        g_lo = g(model.X_in)
        if g_lo <= 0.0:
            return out["last"]
        xm = brentq(g, model.X_in, x_hi, xtol=1e-14, rtol=1e-13)
        if model.X_mix != xm:
            g(xm)
        return out["last"]

    if not model.energy_balance:
        return inner(model.T_iso)

    def f(T):
        Y, steps, counts = inner(T)
        return _T_se_out(model, Y[-1]) - T

    lo, hi = T_BOUNDS[0] + 1.0, max(model.T_s_in, model.T_g_in) + 1.0
    a, fa = model.T_s_in, f(model.T_s_in)
    b_ = a - 10.0 if fa < 0 else a + 10.0
    fb = f(b_)
    for _ in range(40):
        if fa * fb <= 0.0:
            T = brentq(f, min(a, b_), max(a, b_), xtol=1e-9, rtol=1e-13)
            break
        if fb == fa:
            raise KLBedError("well-mixed energy balance: the bed temperature could not be bracketed")
        c = b_ - fb * (b_ - a) / (fb - fa)
        c = min(max(c, lo), hi)
        a, fa, b_, fb = b_, fb, c, f(c)
        if abs(fb) < 1e-9:
            T = b_
            break
    else:
        raise KLBedError("well-mixed energy balance did not converge on the bed temperature")
    return inner(T)


_SOLVE_ARGS = ("carrier", "fuel", "height", "diameter", "gas_flow", "gas_composition", "T_gas_in", "P_in",
               "solids_mass_flow", "T_solids_in", "particle_diameter", "particle_density", "u_mf", "eps_mf",
               "orifice_density", "distributor_pressure_drop", "solids_conversion_in", "reactive_fraction",
               "rate_basis", "exchange", "bubble_size", "gamma_b", "wake_fraction", "cloud_solids",
               "energy_balance", "solids_mixing", "diffusion_volumes", "solids_basis", "n_points", "strict", "use_twin",
               "check_kinetic_range")


def _profiles(m: _Model, z: np.ndarray, Y: np.ndarray, twin: bool = False):
    """Temperatures, velocity, bubble size and fraction at each height, from the states (temperatures by the
    kernel's Newton solve, or by the twin's Brent solve when ``twin``)."""
    ng = m.ng
    n = len(z)
    empty = np.zeros(0)

    def T_of(H, Fg, S, T0):
        if twin:
            return _Twin(m)._T(H, Fg, S)
        return _T_from_H_nb(H, Fg, m.garr.coef, m.garr.tmax, m.garr.nseg, S, m.sarr.coef, m.sarr.tmax,
                            m.sarr.nseg, T0)

    Ts, Tb, u, db, delta = (np.empty(n) for _ in range(5))
    for i in range(n):
        y = Y[i]
        Fb, Fe, X = y[:ng], y[ng:2 * ng], y[2 * ng]
        S = m.Sref + m.dS * X
        if m.energy_balance and m.mixed:
            Ts[i] = m.T_mix
            Tb[i] = T_of(y[2 * ng + 1], Fb, empty, m.T_mix)
        elif m.energy_balance:
            Ts[i] = T_of(y[2 * ng + 2], Fe, S, m.T_s_in)
            Tb[i] = T_of(y[2 * ng + 1], Fb, empty, m.T_s_in)
        else:
            Ts[i] = Tb[i] = m.T_iso
        P = y[2 * ng + 3]
        u[i] = (Fb.sum() * R * Tb[i] + Fe.sum() * R * Ts[i]) / (P * m.A)
        uex = max(u[i] - m.u_mf, 1e-9)
        if m.bubble_size == "horio_nonaka":
            db[i] = y[2 * ng + 4]
        elif m.bubble_size == "mori_wen":
            db[i] = kc.mori_wen_diameter(z[i], uex, m.D_t, m.A, m.A_or)
        else:
            db[i] = kc.darton_diameter(z[i], uex, m.A_or)
        delta[i] = uex / (uex + kc.rise_velocity(db[i]))
    return Ts, Tb, u, db, delta


_ELEMENTS = ("C", "H", "O", "N", "Fe", "Al", "Ni", "Cu", "Mn", "Ti", "Ar", "Ca", "Si", "Mg")


def _elements(flows: dict) -> dict:
    out: dict = {}
    for s, f in flows.items():
        for el, c in thermo.species(s).composition.items():
            out[el] = out.get(el, 0.0) + c * f
    return out


def _result(m: _Model, z, Y, steps, dt, counts, strict, options) -> KLBedResult:
    ng = m.ng
    Ts, Tb, u, db, delta = _profiles(m, z, Y, bool(options.get("use_twin")))
    Fb, Fe = Y[:, :ng].T, Y[:, ng:2 * ng].T
    X = Y[:, 2 * ng]
    P = Y[:, 2 * ng + 3]
    Fout = Fb[:, -1] + Fe[:, -1]
    gas_in = {g: float(m.F_in[j]) for j, g in enumerate(m.gas_names)}
    gas_out = {g: float(Fout[j]) for j, g in enumerate(m.gas_names)}
    S_in = m.Sref + m.dS * X[0]
    S_out = m.Sref + m.dS * X[-1]
    solids_in = {s: float(S_in[k]) for k, s in enumerate(m.solid_names)}
    solids_out = {s: float(S_out[k]) for k, s in enumerate(m.solid_names)}
    mass_in = float(np.dot(S_in, m.Ms))
    mass_out = float(np.dot(S_out, m.Ms))
    T_s_out = _T_se_out(m, Y[-1]) if (m.energy_balance and m.mixed) else float(Ts[-1])
    if m.mixed:
        X = np.full_like(X, X[-1])  # well mixed: the bed's conversion is the outlet's
    # gas leaving: bubble at T_b, emulsion at T_s; mixed-cup temperature from the enthalpy flow
    if m.energy_balance:
        H_gas_out = float(Y[-1, 2 * ng + 1]) + sum(Fe[j, -1] * thermo.h(g, T_s_out) for j, g in enumerate(m.gas_names))
        T_gas_out = brentq(lambda T: sum(Fout[j] * thermo.h(g, T) for j, g in enumerate(m.gas_names)) - H_gas_out,
                           T_BOUNDS[0], T_BOUNDS[1], xtol=1e-10)
    else:
        T_gas_out = m.T_iso
        H_gas_out = sum(Fout[j] * thermo.h(g, T_gas_out) for j, g in enumerate(m.gas_names))
    H = dict(gas_in=sum(m.F_in[j] * thermo.h(g, m.T_g_in) for j, g in enumerate(m.gas_names)),
             gas_out=H_gas_out,
             solids_in=sum(S_in[k] * thermo.h(s, m.T_s_in) for k, s in enumerate(m.solid_names)),
             solids_out=sum(S_out[k] * thermo.h(s, T_s_out) for k, s in enumerate(m.solid_names)))
    H = {k: float(v) for k, v in H.items()}
    net = H["gas_out"] + H["solids_out"] - H["gas_in"] - H["solids_in"]
    heat_duty = 0.0 if m.energy_balance else net
    scale_h = abs(H["gas_in"]) + abs(H["solids_in"]) + 1.0
    energy_residual = abs(net - heat_duty) / scale_h
    e_in = _elements({**gas_in, **solids_in})
    e_out = _elements({**gas_out, **solids_out})
    el_res = {el: (e_in[el] - e_out.get(el, 0.0)) / e_in[el] for el in e_in if e_in[el] > 0}
    # inventory: solids volume fraction (1 - delta)(1 - eps_mf) times the particle density at each height
    rho_p = m.rho_p * (np.array([np.dot(m.Sref + m.dS * x, m.Ms) for x in X]) / m.m_in)
    inv = float(np.trapezoid(m.A * (1 - delta) * (1 - m.eps_mf) * rho_p, z))
    warns = _validity_warnings(m, db, u, Ts, counts)
    lo, hi = carriers.load(m.carrier).T_range
    if m.energy_balance and (Ts.min() < lo or Ts.max() > hi):
        warns.append(f"solids temperature {Ts.min():.1f}-{Ts.max():.1f} K leaves the kinetic data range of "
                     f"{m.carrier} [{lo:g}, {hi:g}] K: the rate is extrapolated there")
    if warns and strict:
        raise ValueError("; ".join(warns))
    for w_ in warns:
        warnings.warn(w_, stacklevel=3)
    return KLBedResult(m.carrier, m.fuel, m.equation, z, P, Tb, Ts, X, u, db, delta, m.gas_names, Fb, Fe,
                       gas_in, gas_out, solids_in, solids_out, mass_in, mass_out, float(T_gas_out), T_s_out,
                       m.P_in, float(P[-1]), m.dP_dist, inv, float(heat_duty), el_res, float(energy_residual), H,
                       tuple(warns), int(steps), dt, options)


def _validity_warnings(m: _Model, db, u, Ts, counts) -> list[str]:
    out = []
    if m.bubble_size == "mori_wen":
        out += hydrodynamics.validity("bubble_diameter_mori_wen", D_t=m.D_t, u_mf=m.u_mf, d_p=m.d_p,
                                      u0_minus_umf=float(np.max(u) - m.u_mf))
    elif m.bubble_size == "horio_nonaka":
        if m.D_t > 1.3:
            out.append(f"Horio-Nonaka bubble size at D_t = {m.D_t:.3g} m: no numeric validity range could be read "
                       "(Horio & Nonaka, AIChE J. 33 (1987) 1865), so none is checked; Mori-Wen's, from which it "
                       "starts, ends at D_t = 1.3 m (Kunii & Levenspiel 1991, ch. 5)")
    out += hydrodynamics.validity("bubble_rise_velocity", db_over_Dt=float(np.max(db) / m.D_t))
    if counts[2] > 0:
        out.append("gas velocity fell to u_mf somewhere in the bed: no bubbles there (delta clamped)")
    if counts[4] > 0:
        out.append("cloud-wake solids capped at the solids available (slow bubbles or very large wakes)")
    return out
