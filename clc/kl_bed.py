"""Three-phase Kunii-Levenspiel bubbling bed (bubble, cloud-wake, emulsion), 1-D in height, steady state.

:func:`solve` is the public entry (one bed; one or several fuel gases, CH4, CO and H2 each reducing the carrier
by its own rate of the carrier set; the water-gas shift at equilibrium in the emulsion). Design notes and every
closure with its source: ``validation/idaes_bubbling_bed/README.md``; closures: :mod:`clc.kl_closures`; rates,
cloud-wake solve and shift: :mod:`clc.kl_gas`.

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
* Rate per particle volume of each fuel k: r_k = f_a c0 phi(X) (dX/dt)_grain,k / b_k [mol fuel/(m3 s)], the
  grain model of :mod:`clc.rates` at T_s and the local concentration of fuel k in each region; phi = 1 - X for
  ``rate_basis="remaining"`` (IDAES' rate) and 1 for ``"fed"`` (as :mod:`clc.moving_bed`); the solids convert
  at sum_k b_k r_k (the rates add, as in :mod:`clc.bubbling_bed`). The water-gas shift is held at equilibrium
  in the emulsion gas (:mod:`clc.kl_gas`).
* Pressure: P(0) = P_in - dP_distributor, dP/dz = -g (1 - delta)(1 - eps_mf) rho_p(X) (the solids' weight,
  IDAES ``gas_emulsion_pressure_drop``; KL ch. 3).
* Bubble size: ``"horio_nonaka"`` (ODE from Mori-Wen's initial size at the orifices, IDAES' form),
  ``"mori_wen"`` or ``"darton"`` (closed forms at the local velocity), or ``"auto"`` (Mori-Wen inside its
  stated range, else Horio-Nonaka). Outside a correlation's stated range the result carries a warning
  (``strict=True`` raises).
* Grid (jet) zone (off by default, ``grid_zone=True``): over the jet length of Yang & Keairns (1979, second-hand)
  all gas rises in plug flow through emulsion-density solids (ASSUMPTION, the upper bound of its contact); the
  bubbles form at its top. Closures and their labels in :mod:`clc.kl_closures`.
* Freeboard (on by default, ``freeboard_height=0`` for none): above the bed all gas rises in plug flow past
  the solids thrown up from the surface, eps_s(h) = eps_s0 exp(-a h) (Kunii & Levenspiel 1991 ch. 7; a u0 of
  their Fig. 7.12, eps_s0 from Wen & Chen's surface flux, up to Chan & Knowlton's TDH; chosen in
  :mod:`clc.kl_freeboard`, sources and labels in :mod:`clc.kl_closures`); the solids fall back (total reflux),
  so their oxygen leaves with the bed's solids.
* Energy (``energy_balance=True``): adiabatic; enthalpy flows with formation enthalpies (NASA / Cantera
  data, :mod:`clc.thermo`). States H_b (bubble gas) and H_se (solids + emulsion gas); every exchange is
  added to one and subtracted from the other, so gas + solids enthalpy is conserved by construction.
  Bubble-cloud heat interchange H_bc (KL ch. 11) and bubble-solids convection (Nu = 2, ASSUMPTION).

The states (F_b, F_e, X, H_b, H_se, P, d_b) are integrated from z = 0 by the implicit Radau IIA method of
:mod:`clc.odes` (numba, ``cache=True``; ``integrator="dopri5"``: the adaptive Dormand-Prince 5(4) kernel of
before, which the emulsion's fast fuel relaxation makes take ~1e4 steps with CO or syngas); ``use_twin=True``
integrates a separately written NumPy right-hand side with SciPy's LSODA, the reference the kernels are tested
against. Element and enthalpy flows are linear invariants of the equations and are conserved by every
integrator to rounding. The kernels live in :mod:`clc.kl_kernels` (their NumPy twin in :mod:`clc.kl_twin`);
numba caches them by that file's time stamp: after an edit of :mod:`clc.kl_gas` or :mod:`clc.kl_closures`
alone, delete ``clc/__pycache__/kl_kernels*.nb*`` and ``clc/__pycache__/odes*kl_kernels*.nb*``.

This module holds the set-up (input checks, ``_Model`` and its parameter arrays, the initial state), :func:`solve`
and the solver drivers (grid zone, bed and freeboard segments; the well-mixed solve). The result,
:class:`KLBedResult`, and its read-out of the states (profiles, balances, inventory, validity warnings) live in
:mod:`clc.kl_result`; ``KLBedResult`` is re-exported here.
"""

from __future__ import annotations

import functools
import math
import time
import warnings
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from . import carriers, gas, kl_freeboard, odes, thermo
from . import kl_closures as kc
from .kl_result import KLBedResult, _bubble_diameter, _result, _T_se_out
from .kl_twin import Twin as _Twin
from .constants import R
from .checks import in_range
from .stoichiometry import Equation

__all__ = ["solve", "KLBedResult", "EXCHANGE_MODELS", "BUBBLE_SIZE_MODELS", "RATE_BASES", "SOLIDS_MIXING", "KLBedError"]

EXCHANGE_MODELS = ("kunii_levenspiel", "idaes")
BUBBLE_SIZE_MODELS = ("horio_nonaka", "mori_wen", "darton", "auto")
RATE_BASES = ("fed", "remaining")  # as clc.moving_bed.RATE_BASES
SOLIDS_MIXING = ("plug", "mixed")
SOLIDS_BASES = ("phases", "oxygen")

NU_BUBBLE_SOLIDS = kc.NU_BUBBLE_SOLIDS  # the kernel's global (source in kl_closures)

RTOL_KERNEL = 1e-10
# Radau IIA (clc.odes, step doubling): the emulsion's fuel relaxes over u_mf / k (sub-millimetre for CO on
# ilmenite), which makes the explicit kernel take ~1e4 steps; the implicit one is not held by that
RTOL_RADAU = 1e-9
NEWTON_TOL_RADAU = 1e-3
MESH_MAX = 20000
INTEGRATORS = ("radau", "dopri5")
MIXED_XTOL = 1e-11  # |X(L) - X_mix| the well-mixed solve accepts from the final adaptive integration
RTOL_TWIN = 1e-10
T_BOUNDS = kc.T_BOUNDS

_EX_CODES = {"kunii_levenspiel": 0, "idaes": 1}
_DB_CODES = {"horio_nonaka": 0, "mori_wen": 1, "darton": 2}

from .kl_kernels import (
    F_A, F_DT, F_UMF, F_EPS, F_DP, F_AOR, F_GB, F_FW,
    F_C0, F_FA, F_SACT, F_RHOP, F_MIN, F_TISO, F_KG, F_XMIX,
    F_TMIX, F_KWGS, F_L, F_FB_EPS0, F_FB_A, F_LJ, N_FPRM,
    _emulsion_flows_nb, _rhs_auto_nb, _integrate_nb, _DP_A, _DP_B, _DP_E)


class KLBedError(RuntimeError):
    """The bed could not be solved (integrator failure or a state leaving its physical range)."""


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
    fuels: tuple  # the gases that react with the carrier (one reaction each)
    equation: str
    gas_names: tuple
    solid_names: tuple
    ng: int
    ns: int
    kin_j: np.ndarray  # (nr,) gas index of each reaction's fuel
    kin_nu: np.ndarray  # (nr, ng) gas change per mole of that fuel
    kin_p: np.ndarray  # (nr, rates.N_PARAMS) grain-model parameters
    kin_b: np.ndarray  # (nr,) moles of active phase (or O atoms, oxygen basis) per mole of fuel
    kin_nutot: np.ndarray  # (nr,) gas moles made per mole of fuel
    kin_w: np.ndarray  # (nr,) weights of the fuels' diffusivities in the one interchange diffusivity
    Mg: np.ndarray
    Vg: np.ndarray
    garr: object
    sarr: object
    Sref: np.ndarray
    dS: np.ndarray
    Ms: np.ndarray
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
    S_act: float
    rho_p: float
    m_in: float
    T_iso: float
    k_g: float
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
    integrator: str = "radau"
    wgs: bool = False
    wgs_index: tuple = (0, 0, 0, 0)  # CO, H2O, CO2, H2 in gas_names
    K_wgs: float = 0.0
    mixed: bool = False
    X_mix: float = 0.0
    T_mix: float = 0.0
    X_in: float = 0.0
    # freeboard: requested height (None: kl_closures' default; 0: none), decay a u0 and surface solids (None: the
    # closures'), the values the last bed solution set, and whether the kernel integrates it now
    fb_request: tuple = (0.0, None, None, "wen_chen")
    fb_height: float = 0.0
    fb_eps0: float = 0.0
    fb_a: float = 0.0
    fb_au0: float = 0.0
    fb: kl_freeboard.Freeboard | None = None  # the freeboard's closures as last solved (None: no freeboard)
    in_fb: bool = False
    L_jet: float = 0.0  # grid (jet) zone height [m] (0: none)
    L_jet_request: float = 0.0  # the jet length before the cut at the bed height
    in_jet: bool = False  # the kernel integrates the grid zone now
    n_jet: int = 0  # profile points in the grid zone (the first ones; its top height appears twice)
    d_or: float = 0.0  # orifice diameter [m] the jet length was computed for (0: given or no grid zone)
    n_fb: int = 41
    z_all: np.ndarray | None = None
    n_bed: int = 0

    @property
    def fuel(self) -> str:
        """The first fuel fed (the one ``fuel_conversion`` reports)."""
        return next(f for f, j in zip(self.fuels, self.kin_j) if self.F_in[j] > 0.0)

    def arrays(self):
        iprm = np.array([self.ng, self.ns, len(self.kin_j), _EX_CODES[self.exchange], _DB_CODES[self.bubble_size],
                         int(self.energy_balance), int(self.rate_basis == "remaining"), int(self.cloud_solids),
                         int(self.mixed), int(self.wgs), *self.wgs_index, int(self.in_fb), int(self.in_jet)],
                        dtype=np.int64)
        prm = np.zeros(N_FPRM)
        prm[F_A], prm[F_DT], prm[F_UMF], prm[F_EPS], prm[F_DP] = self.A, self.D_t, self.u_mf, self.eps_mf, self.d_p
        prm[F_AOR], prm[F_GB], prm[F_FW], prm[F_C0], prm[F_FA] = (self.A_or, self.gamma_b, self.wake_fraction,
                                                                  self.c0, self.f_a)
        prm[F_SACT], prm[F_RHOP], prm[F_MIN] = self.S_act, self.rho_p, self.m_in
        prm[F_TISO], prm[F_KG] = self.T_iso, self.k_g
        prm[F_XMIX], prm[F_TMIX], prm[F_KWGS] = self.X_mix, self.T_mix, self.K_wgs
        prm[F_L], prm[F_FB_EPS0], prm[F_FB_A] = self.L, self.fb_eps0, self.fb_a
        prm[F_LJ] = self.L_jet
        return iprm, prm

    def emulsion(self, Fe: np.ndarray) -> np.ndarray:
        """Emulsion flows after the water-gas shift (the kernel's function)."""
        iprm, prm = self.arrays()
        out = np.empty(self.ng)
        _emulsion_flows_nb(np.ascontiguousarray(Fe, dtype=float), iprm, prm, out)
        return out


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


def _gas_viscosity(names, y, T, P):
    """Mixture viscosity [Pa s]: Cantera with the GRI-Mech 3.0 transport data (as :func:`_gas_conductivity`)."""
    gas = _gri30()
    gas.TPX = T, P, {("AR" if n == "Ar" else n): v for n, v in zip(names, y)}
    return float(gas.viscosity)


def _set_jet(model: _Model, grid_zone: bool, jet_length, orifice_density: float, orifice_velocity: float) -> None:
    """Grid-zone height: given, or Yang & Keairns' jet length for orifices sized to pass the feed gas at
    ``orifice_velocity`` (gas at the bed temperature, ASSUMPTION: the plenum is inside the hot vessel)."""
    model.L_jet = 0.0
    if not grid_zone:
        return
    if jet_length is None:
        T = model.T_s_in
        Ft = float(model.F_in.sum())
        y = model.F_in / Ft
        M = float(np.dot(y, model.Mg)) / 1000.0
        rho_g = model.P_in * M / (R * T)
        u0 = Ft * R * T / (model.P_in * model.A)
        d_or = kc.orifice_diameter(u0, orifice_density, orifice_velocity)
        model.d_or = d_or
        jet_length = kc.jet_length(d_or, orifice_velocity, rho_g, _gas_viscosity(model.gas_names, y, T, model.P_in),
                                   model.rho_p, model.d_p)
    model.L_jet_request = float(jet_length)
    model.L_jet = min(float(jet_length), model.L)


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


def _fuels(car, fuel, gas_composition) -> tuple[str, ...]:
    """The gases that react: ``fuel`` (a name, or a sequence of names), or with ``fuel=None`` every gas the
    carrier set has a reduction rate for (a gas not fed may be made by the shift or another reaction)."""
    if fuel is None:
        fuel = tuple(g for g in car.reactions if g != "O2")
    names = (fuel,) if isinstance(fuel, str) else tuple(fuel)
    if not names or len(set(names)) != len(names):
        raise ValueError(f"fuel={fuel!r}: give one gas or distinct gases")
    for f in names:
        if f == "O2" or f not in car.reactions:
            raise ValueError(f"fuel={f!r}: carrier {car.name!r} has no reduction rate with it (it has rates for "
                             f"{', '.join(g for g in car.reactions if g != 'O2')})")
    if isinstance(fuel, str) and gas_composition.get(fuel, 0.0) <= 0.0:
        raise ValueError(f"gas_composition[{fuel!r}] must be positive (the fuel)")
    if sum(gas_composition.get(f, 0.0) for f in names) <= 0.0:
        raise ValueError(f"gas_composition holds none of the fuels {', '.join(names)}")
    return names


def solve(carrier: str = "Abad2007_Fe45Al", fuel: str | tuple | None = "CH4", *, height: float, diameter: float,
          gas_flow: float, gas_composition: dict, T_gas_in: float, P_in: float,
          solids_mass_flow: float, T_solids_in: float, particle_diameter: float, particle_density: float,
          u_mf: float, eps_mf: float, orifice_density: float, distributor_pressure_drop: float = 0.0,
          solids_conversion_in: float = 0.0, reactive_fraction: float = 1.0, rate_basis: str = "fed",
          exchange: str = "kunii_levenspiel", bubble_size: str = "horio_nonaka",
          gamma_b: float = kc.GAMMA_B_DEFAULT, wake_fraction: float = kc.WAKE_FRACTION_DEFAULT,
          cloud_solids: bool = True, energy_balance: bool = False, solids_mixing: str = "plug",
          diffusion_volumes: dict | None = None, solids_basis: str = "phases",
          n_points: int = 101, strict: bool = False, use_twin: bool = False,
          check_kinetic_range: bool = True, water_gas_shift: bool = True,
          integrator: str = "radau", freeboard_height: float | None = None, freeboard_decay: float | None = None,
          freeboard_surface_solids: float | None = None, freeboard_flux: str = "wen_chen", grid_zone: bool = False,
          jet_length: float | None = None, orifice_velocity: float = kc.ORIFICE_VELOCITY_DEFAULT) -> KLBedResult:
    """Solve a bubbling-bed fuel reactor (three-phase Kunii-Levenspiel, co-current plug-flow solids).

    Parameters
    ----------
    carrier, fuel : str; fuel also a sequence of names or None
        Kinetic set of :mod:`clc.carriers` and the fuel gas it reduces with (chemical-control grain model); a
        sequence: those gases react, each by its own rate (at least one fed); None: every gas the set has a
        reduction rate for. ``fuel_conversion`` reports the first one fed; ``conversion(gas)`` any fed one.
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
    freeboard_height, freeboard_decay, freeboard_surface_solids : float or None
        The freeboard above the bed (on by default): all gas in plug flow past the solids thrown up from the
        surface, eps_s(h) = eps_s0 exp(-a h). ``freeboard_height`` [m] (None: the transport disengaging height
        of Chan & Knowlton 1984 at the gas velocity leaving the bed, second-hand; 0: no freeboard);
        ``freeboard_decay`` a u0 [1/s] (None: Kunii & Levenspiel 1991 Fig. 7.12 at d_p, second-hand);
        ``freeboard_surface_solids`` eps_s0 (None: twice the upward flux F0 at the surface over rho_p u0, the
        factor 2 and the particle speed u0 an ASSUMPTION). ``freeboard_flux`` sets F0: ``"wen_chen"`` (Wen & Chen
        1982, at the bubble size, gas density and viscosity at the bed's top; second-hand, no validity range
        read, so the run warns) or ``"wake_ejection"`` (Pemberton & Davidson 1986, second-hand; the value before
        Wen & Chen's, about 100 times more solids at 950 degC). Its solids count in ``solids_inventory``
        (``freeboard_solids``); their oxygen leaves with the solids (they fall back).
    grid_zone, jet_length, orifice_velocity : bool, float or None, float
        The grid (jet) zone at the distributor (off by default, as IDAES-PSE's BFB has none). Over the jet
        length L_j all gas rises in plug flow through solids at the emulsion's density, 1 - eps_mf (ASSUMPTION: no
        source for the grid zone's gas-solids exchange was read; this is the upper bound of its contact, and it
        lifts CH4 conversion far above the TU Wien 120 kW data, hence off by default); the
        bubbles start at Mori-Wen's orifice size at z = L_j. ``jet_length`` [m] (None: Yang & Keairns 1979,
        read second-hand, for orifices of the diameter that passes the gas at ``orifice_velocity`` [m/s, default
        35: the middle of the 30-40 m/s of commercial distributors, second-hand], gas at the bed temperature,
        ASSUMPTION); :mod:`clc.kl_closures` holds the sources. A jet longer than the bed is cut at the bed
        height, with a warning.
    energy_balance : bool
        False: the bed is isothermal at ``T_solids_in`` (the gas must be fed at that temperature), the heat
        that keeps it so is ``heat_duty``. True: adiabatic, gas and solids temperatures solved.
    n_points : int
        Heights at which profiles are reported (the integrator's steps are adaptive).
    strict : bool
        Raise instead of warn when a correlation is used outside its stated range.
    use_twin : bool
        Integrate the NumPy right-hand side with SciPy's LSODA (the reference) instead of the numba kernel.
    water_gas_shift : bool
        Hold CO + H2O = CO2 + H2 at equilibrium in the emulsion gas wherever CO or H2 is among the gases (all four
        species are then carried). Not with ``energy_balance=True`` and plug-flow solids.
    integrator : {"radau", "dopri5"}
        The kernel's integrator (Radau IIA, implicit; or the explicit Dormand-Prince 5(4)).

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
    orifice_velocity = _check("orifice_velocity", orifice_velocity, 0.0, 400.0, units="m/s")
    if jet_length is not None:
        jet_length = _check("jet_length", jet_length, 0.0, 100.0, lo_open=False, units="m")
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
    fuels = _fuels(car, fuel, gas_composition)
    rxs = [car.reaction(f) for f in fuels]
    for f, rx in zip(fuels, rxs):
        if rx.model != "chemical":
            raise ValueError(f"carrier {carrier!r} with {f}: model={rx.model!r}; this bed supports 'chemical' "
                             "(grain model under chemical control) only")
    if check_kinetic_range:
        car.check_temperature(T_solids_in)
    eqs = [Equation.parse(rx.equation) for rx in rxs]
    gas_names: list = []
    solid_names: list = []
    for eq in eqs:
        for s_ in eq.nu:
            (gas_names if thermo.species(s_).phase == "gas" else solid_names).append(s_)
    gas_names = list(dict.fromkeys(gas_names))
    solid_names = list(dict.fromkeys(solid_names))
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
    # the water-gas shift acts where CO or H2 can be in the gas: all four of its species are then carried
    wgs = bool(water_gas_shift) and any(g in gas_names for g in ("CO", "H2"))
    if wgs:
        for g in ("CO", "H2O", "CO2", "H2"):
            if g not in gas_names:
                gas_names.append(g)
        if energy_balance and solids_mixing == "plug":
            raise ValueError("water_gas_shift=True with energy_balance=True and solids_mixing='plug': not supported "
                             "(the shift's heat would move the solids temperature the bulk-flow closure assumes); "
                             "use solids_mixing='mixed' or water_gas_shift=False")
    vols = {**kc.FULLER_VOLUMES, **(diffusion_volumes or {})}
    missing = [g for g in gas_names if g not in vols]
    if missing:
        raise ValueError(f"diffusion_volumes: no Fuller diffusion volume for {', '.join(missing)}; give them "
                         f"(known: {', '.join(sorted(vols))})")
    nu_gas = [np.array([eq.nu.get(g, 0.0) / -eq.nu[f] for g in gas_names]) for f, eq in zip(fuels, eqs)]
    if solids_basis == "oxygen":
        # the loop's basis (clc.solids): X = reduction degree s; per kg of oxidised carrier the phases go from
        # sm.oxidised to sm.reduced and R_OC/M_O mol O leave; b_k = O atoms per mole of fuel k (gas side)
        from . import solids as _solids
        sm = _solids.solid_model(carrier)
        solid_names = list(sm.names)
        kin_b = []
        for f, rx, nuv in zip(fuels, rxs, nu_gas):
            b = float(sum(nuv[j] * thermo.species(g).composition.get("O", 0.0) for j, g in enumerate(gas_names)))
            if not b > 0.0:
                raise ValueError(f"carrier {carrier!r} with {f}: equation {rx.equation!r} takes no oxygen from "
                                 "the solids; solids_basis='oxygen' needs a reduction")
            kin_b.append(b)
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
        active = rxs[0].solid_reactant
        if active not in w:
            raise ValueError(f"carrier {carrier!r}: no composition of its active phase {active} (it publishes "
                             "R_OC only); use solids_basis='oxygen'")
        # one conversion X describes the solids only if every reaction changes them alike per mole of active phase
        per_active = [np.array([eq.nu.get(s, 0.0) / -eq.nu[f] / rx.b for s in solid_names])
                      for f, rx, eq in zip(fuels, rxs, eqs)]
        for f, rx, pa in zip(fuels[1:], rxs[1:], per_active[1:]):
            if rx.solid_reactant != active or not np.allclose(pa, per_active[0], rtol=1e-12, atol=0.0):
                raise ValueError(f"carrier {carrier!r}: {fuels[0]} and {f} reduce the solids differently "
                                 f"({rxs[0].equation!r}, {rx.equation!r}); one conversion cannot describe them: "
                                 "use solids_basis='oxygen'")
        kin_b = [rx.b for rx in rxs]
        Sref = np.array([solids_mass_flow * w.get(s, 0.0) / Ms_d[s] for s in solid_names])
        S_act_ox = Sref[solid_names.index(active)]
        dS_unit = per_active[0] * S_act_ox  # mol/s per unit X (per mole of the oxidised form)
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
    # ASSUMPTION: one diffusivity sets the bubble-cloud-emulsion interchange of every species (equimolar
    # interchange, KL ch. 10); with several fuels, their own diffusivities weighted by their share of the fuel fed
    y_f = np.array([gas_composition.get(f, 0.0) for f in fuels])
    kin_w = y_f / y_f.sum()
    kin_nu = np.array(nu_gas)
    model = _Model(carrier, tuple(fuels), "; ".join(rx.equation for rx in rxs), tuple(gas_names),
                   tuple(solid_names), ng, ns, np.array([gas_names.index(f) for f in fuels], dtype=np.int64),
                   kin_nu, np.array([rx.kernel_params() for rx in rxs]), np.array(kin_b, dtype=float),
                   kin_nu.sum(axis=1), kin_w,
                   np.array([thermo.species(g).molar_mass * 1000.0 for g in gas_names]),
                   np.array([vols[g] for g in gas_names]), garr, sarr, Sref, dS, Ms,
                   A, diameter, height, u_mf, eps_mf, particle_diameter, 1.0 / orifice_density, gamma_b,
                   wake_fraction, c0, reactive_fraction, S_act, particle_density, m_in, T_solids_in, k_g,
                   exchange, bubble_size, bool(energy_balance),
                   rate_basis, bool(cloud_solids), T_solids_in, T_gas_in, P_in, distributor_pressure_drop, F_in)
    if wgs:
        model.wgs = True
        model.wgs_index = tuple(gas_names.index(g) for g in ("CO", "H2O", "CO2", "H2"))
        model.K_wgs = gas.wgs_equilibrium_constant(T_solids_in)
    model.integrator = _choice("integrator", integrator, INTEGRATORS)
    model.fb_request = (
        None if freeboard_height is None else _check("freeboard_height", freeboard_height, 0.0, 100.0,
                                                     lo_open=False, units="m"),
        None if freeboard_decay is None else _check("freeboard_decay", freeboard_decay, 0.0, 1e3, units="1/s"),
        None if freeboard_surface_solids is None else _check("freeboard_surface_solids", freeboard_surface_solids,
                                                             0.0, 1.0 - eps_mf, lo_open=False),
        _choice("freeboard_flux", freeboard_flux, kc.FREEBOARD_FLUXES))
    model.n_fb = max(11, n_points // 2)
    _set_jet(model, grid_zone, jet_length, orifice_density, orifice_velocity)
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
                        orifice_density=orifice_density, u_mf=u_mf, eps_mf=eps_mf, solids_mixing=solids_mixing,
                        freeboard_decay_au0=model.fb_au0, freeboard_surface_solids=model.fb_eps0,
                        freeboard_flux=freeboard_flux, freeboard_surface_flux=model.fb.flux if model.fb else 0.0,
                        grid_zone=bool(grid_zone), jet_length=model.L_jet, orifice_diameter=model.d_or,
                        orifice_velocity=orifice_velocity))


def _run(model: _Model, zgrid, sc, use_twin, mesh: dict | None = None):
    """Integrate the bed from z = 0, then its freeboard (if any); (Y at the heights, steps, kernel counters).

    The freeboard's closures take the gas velocity at the bed's top (:func:`_set_freeboard`); its heights follow
    the bed's in ``model.z_all``, the bed's top height twice (the bed's top, then the freeboard's bottom).
    Radau with a ``mesh`` dict: an empty one gets the bed's adaptive mesh and its
    step data; one that holds them is integrated on that mesh, each step's Newton iteration started from the
    stored stages and factors (cheap where the model changed a little, as between the well-mixed solve's
    iterates)."""
    model.in_fb = False
    y0 = _initial_state(model)
    model.n_jet = 0
    Yj = None
    if model.L_jet > 0.0:
        # the grid zone as its own segment (its right-hand side differs), then the bed above it; its top height
        # appears twice in the profiles (the zone's top, the bubbling bed's bottom)
        zj = np.linspace(0.0, model.L_jet, max(11, len(zgrid) // 4))
        jet_mesh = mesh.setdefault("jet", {}) if mesh is not None else None
        model.in_jet = True
        try:
            Yj, sj, cj = _run_segment(model, zj, sc, use_twin, jet_mesh, y0)
        finally:
            model.in_jet = False
        y0 = Yj[-1].copy()
        zgrid = model.L_jet + (zgrid - zgrid[0]) * (model.L - model.L_jet) / (zgrid[-1] - zgrid[0])
    Y, steps, counts = _run_segment(model, zgrid, sc, use_twin, mesh, y0)
    if Yj is not None:
        Y = np.vstack([Yj, Y])
        steps += sj
        counts[2:] += cj[2:]
        zgrid = np.concatenate([zj, zgrid])
        model.n_jet = len(zj)
    model.z_all = zgrid
    model.n_bed = len(zgrid)
    if model.fb_request[0] is None or model.fb_request[0] > 0.0:
        _set_freeboard(model, Y[-1])
        zf = model.L + np.linspace(0.0, model.fb_height, model.n_fb)
        model.in_fb = True
        try:
            Yf, s2, c2 = _run_segment(model, zf, sc, use_twin, None, Y[-1].copy())
        finally:
            model.in_fb = False
        # the bed's top height twice: once the bed's (its solids fraction), once the freeboard's bottom
        Y = np.vstack([Y, Yf])
        steps += s2
        counts[2:] += c2[2:]
        model.z_all = np.concatenate([zgrid, zf])
    return Y, steps, counts


def _set_freeboard(model: _Model, y_top) -> None:
    """Freeboard closures at the gas velocity leaving the bed (:mod:`clc.kl_freeboard`)."""
    ng = model.ng
    Fb, Fe, P = y_top[:ng], model.emulsion(y_top[ng:2 * ng]), y_top[2 * ng + 3]
    if model.energy_balance:
        S = model.Sref + model.dS * (model.X_mix if model.mixed else y_top[2 * ng])
        tw = _Twin(model)
        Ts = model.T_mix if model.mixed else tw._T(y_top[2 * ng + 2], Fe, S)
        Tb = tw._T(y_top[2 * ng + 1], Fb, np.zeros(0))
    else:
        Ts = Tb = model.T_iso
    u_top = (Fb.sum() * R * Tb + Fe.sum() * R * Ts) / (P * model.A)

    def surface_gas():  # bubble size, density (ideal gas) and viscosity of the gas leaving the bed
        Ft = Fb + Fe
        y = Ft / Ft.sum()
        T = (Fb.sum() * Tb + Fe.sum() * Ts) / Ft.sum()
        d_b = _bubble_diameter(model, model.L, y_top, max(u_top - model.u_mf, 1e-9))
        return d_b, P * float(np.dot(y, model.Mg)) / 1000.0 / (R * T), _gas_viscosity(model.gas_names, y, T, P)

    fb = kl_freeboard.closures(model.fb_request, d_p=model.d_p, eps_mf=model.eps_mf, u_mf=model.u_mf,
                               rho_p=model.rho_p, u_top=u_top, surface_gas=surface_gas)
    model.fb = fb
    model.fb_height, model.fb_au0, model.fb_a, model.fb_eps0 = fb.height, fb.au0, fb.a, fb.eps0


def _run_segment(model: _Model, zgrid, sc, use_twin, mesh, y0):
    """Integrate from zgrid[0] (the bed, or the freeboard where ``model.in_fb``) with the kernel or the twin."""
    counts = np.zeros(9)
    if use_twin:
        tw = _Twin(model)
        sol = solve_ivp(tw.rhs, (zgrid[0], zgrid[-1]), y0, method="LSODA", t_eval=zgrid, rtol=RTOL_TWIN,
                        atol=RTOL_TWIN * sc)
        if not sol.success:
            raise KLBedError(f"the twin integrator failed: {sol.message}")
        Y = sol.y.T
        steps = int(sol.t.size)
    elif model.integrator == "radau" and not model.in_jet:
        # (the grid zone has no interchange and so no stiffness: the explicit kernel below integrates it; Radau
        # failed on some zones a fraction of a millimetre long)
        iprm, prm = model.arrays()
        counts[0], counts[1] = (model.T_mix if model.mixed else model.T_s_in), model.T_g_in
        args = (iprm, prm, model.kin_j, model.kin_nu, model.kin_p, model.kin_b, model.kin_nutot, model.kin_w,
                model.Mg, model.Vg, model.garr.coef, model.garr.tmax, model.garr.nseg, model.Sref, model.dS, model.Ms,
                model.sarr.coef, model.sarr.tmax, model.sarr.nseg, counts)
        n = y0.size + 1
        ya = np.append(y0, zgrid[0])
        atol = np.append(RTOL_RADAU * sc, RTOL_RADAU * zgrid[-1])
        y_z = np.empty((n, zgrid.size))
        given = mesh is not None and "points" in mesh
        if given:
            points, n_mesh, store = mesh["points"], mesh["n"], mesh["store"]
        else:
            points, n_mesh, store = np.empty(MESH_MAX), 0, odes.radau_storage(MESH_MAX, n)
        status, y_end, steps, _c = odes.radau5(_rhs_auto_nb, args, float(zgrid[0]), float(zgrid[-1]), ya,
                                               RTOL_RADAU, atol, points, n_mesh, not given,
                                               1e-6 * (zgrid[-1] - zgrid[0]), zgrid, y_z, -1, 0.0, 0.0, *store,
                                               given, NEWTON_TOL_RADAU)
        if status != odes.DONE and given:  # the stored mesh does not fit this model: build a new one
            mesh.clear()
            return _run_segment(model, zgrid, sc, use_twin, mesh, y0)
        if status != odes.DONE:
            raise KLBedError(f"the kernel integrator (Radau IIA) failed after {steps} mesh points")
        if mesh is not None and not given:
            mesh.update(points=points, n=steps, store=store)
        y_z[:, -1] = y_end
        Y = y_z[:-1].T.copy()
    else:
        iprm, prm = model.arrays()
        counts[0], counts[1] = (model.T_mix if model.mixed else model.T_s_in), model.T_g_in
        Y, steps, status = _integrate_nb(zgrid, y0, RTOL_KERNEL, sc, iprm, prm, model.kin_j, model.kin_nu,
                                         model.kin_p, model.kin_b, model.kin_nutot, model.kin_w, model.Mg, model.Vg,
                                         model.garr.coef, model.garr.tmax, model.garr.nseg, model.Sref, model.dS,
                                         model.Ms, model.sarr.coef, model.sarr.tmax, model.sarr.nseg, counts,
                                         _DP_A, _DP_B, _DP_E, 2_000_000)
        if status != 0:
            raise KLBedError("the kernel integrator failed (" + ("step size underflow" if status == 1 else
                                                                "too many steps") + ")")
    if not np.all(np.isfinite(Y)):
        raise KLBedError("the solution holds non-finite values")
    return Y, steps, counts


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
        if model.wgs:
            model.K_wgs = gas.wgs_equilibrium_constant(T)
        x_hi = 1.0 - 1e-12

        mesh: dict = {}

        def g(Xm):
            model.X_mix = Xm
            Y, steps, counts = _run(model, zgrid, sc, use_twin, mesh)
            out["last"] = (Y, steps, counts)
            return Y[-1, 2 * ng] - Xm
        g_lo = g(model.X_in)
        if g_lo <= 0.0:
            return out["last"]
        # X(L; X_mix) falls with X_mix, so the root lies below X(L; X_in) = X_in + g_lo
        top = min(x_hi, model.X_in + g_lo * (1.0 + 1e-9) + 1e-15)
        xm = brentq(g, model.X_in, top, xtol=1e-14, rtol=1e-13) if g(top) < 0.0 else top
        if "points" in mesh:
            # Radau: that root was found on the mesh built at X_in; integrate adaptively at the root, and where
            # that misses it, find it again on the new mesh from a bracket about it
            mesh.clear()
            g1 = g(xm)
            if abs(g1) <= MIXED_XTOL:
                return out["last"]
            step = max(4.0 * abs(g1), 1e-9)
            lo, hi = (xm - step, xm) if g1 < 0.0 else (xm, xm + step)
            while lo > model.X_in and g(lo) <= 0.0:
                lo = max(model.X_in, xm - 2.0 * (xm - lo))
            while hi < x_hi and g(hi) >= 0.0:
                hi = min(x_hi, xm + 2.0 * (hi - xm))
            xm = brentq(g, max(lo, model.X_in), min(hi, x_hi), xtol=1e-14, rtol=1e-13)
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
               "check_kinetic_range", "water_gas_shift", "integrator", "freeboard_height", "freeboard_decay",
               "freeboard_surface_solids", "freeboard_flux", "grid_zone", "jet_length", "orifice_velocity")
