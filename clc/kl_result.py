"""The result of the Kunii-Levenspiel bubbling bed (:func:`clc.kl_bed.solve`): its states read out.

:class:`KLBedResult` is what :func:`clc.kl_bed.solve` returns. :func:`_result` builds it from the integrated
states (F_b, F_e, X, H_b, H_se, P, d_b at each height): the profiles of temperature, gas velocity, bubble size,
bubble fraction and solids fraction (:func:`_profiles`, temperatures by the kernel's Newton solve on the enthalpy
states, or by the twin's Brent solve for a twin run); the gas and solids flows in and out; the element and
enthalpy balances; the inventory of the bed and its freeboard; and the validity warnings of the correlations
(:func:`_validity_warnings`; ``strict`` turns them into a ``ValueError``). :func:`_T_se_out` (solids temperature
from the enthalpy state at the top) and :func:`_bubble_diameter` (by the bed's bubble-size model) are also read
by the solver in :mod:`clc.kl_bed`.

The set-up, the model (``_Model``) and the solver drivers live in :mod:`clc.kl_bed`, which re-exports
:class:`KLBedResult`; the kernels in :mod:`clc.kl_kernels`, their NumPy twin in :mod:`clc.kl_twin`. This module
imports ``_Model`` for type hints only, so it does not import :mod:`clc.kl_bed`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import brentq

from . import carriers, gas, hydrodynamics, kl_freeboard, thermo
from . import kl_closures as kc
from .constants import R
from .kl_closures import T_BOUNDS
from .kl_kernels import _T_from_H_nb
from .kl_twin import Twin as _Twin

if TYPE_CHECKING:
    from .kl_bed import _Model

__all__ = ["KLBedResult"]


@dataclass(frozen=True)
class KLBedResult:
    """Solution of :func:`clc.kl_bed.solve`. Flows in mol/s, z in m from the distributor; profiles at ``z``."""

    carrier: str
    fuel: str
    equation: str
    z: np.ndarray  # with a freeboard, the bed's top height appears twice (bed top, freeboard bottom)
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
    fuels: tuple[str, ...] = ()  # every gas that reacts with the carrier (``fuel`` is the first)
    solids_fraction: np.ndarray | None = None  # solids volume fraction at ``z`` (bed and freeboard)
    bed_height: float = 0.0  # m; heights above it in ``z`` are the freeboard's
    freeboard_height: float = 0.0  # m (0: no freeboard)
    freeboard_solids: float = 0.0  # kg of the inventory held in the freeboard

    @property
    def fuel_conversion(self) -> float:
        return self.conversion(self.fuel)

    def conversion(self, gas_name: str) -> float:
        """1 - out/in of a gas fed (negative where the bed makes more than it is fed, e.g. H2 by the shift)."""
        if self.gas_in.get(gas_name, 0.0) <= 0.0:
            fed = ", ".join(g for g, v in self.gas_in.items() if v > 0)
            raise ValueError(f"gas_name={gas_name!r} is not fed (fed: {fed})")
        return 1.0 - self.gas_out[gas_name] / self.gas_in[gas_name]

    @property
    def combustion_efficiency(self) -> float:
        """1 - (O atoms the gas leaving still needs) / (O atoms the gas fed needs), to CO2 and H2O, counting CH4,
        CO and H2 (their O demand as :data:`clc.gas.CARRIER_REACTIONS` writes it)."""
        need = {g: o for g, (_nu, o) in gas.CARRIER_REACTIONS.items() if o > 0.0}
        d_in = sum(self.gas_in.get(g, 0.0) * o for g, o in need.items())
        d_out = sum(self.gas_out.get(g, 0.0) * o for g, o in need.items())
        return 1.0 - d_out / d_in

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


def _T_se_out(model: _Model, y) -> float:
    """Temperature of solids + emulsion gas from the enthalpy state H_se at the top."""
    ng = model.ng
    S = model.Sref + model.dS * y[2 * ng]
    return _Twin(model)._T(y[2 * ng + 2], model.emulsion(y[ng:2 * ng]), S)


def _bubble_diameter(m: _Model, z: float, y, uex: float) -> float:
    """Bubble diameter [m] at height ``z`` (state ``y``, excess velocity ``uex``) by the bed's bubble-size model."""
    if m.bubble_size == "horio_nonaka":
        return float(y[2 * m.ng + 4])
    if m.bubble_size == "mori_wen":
        return kc.mori_wen_diameter(max(z - m.L_jet, 0.0), uex, m.D_t, m.A, m.A_or)
    return kc.darton_diameter(max(z - m.L_jet, 0.0), uex, m.A_or)


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
    n_bed = m.n_bed if m.n_bed else n
    for i in range(n):
        y = Y[i]
        Fb, Fe, X = y[:ng], m.emulsion(y[ng:2 * ng]), y[2 * ng]
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
        db[i] = _bubble_diameter(m, z[i], y, uex)
        # no bubbles above the bed, nor in the grid zone (the gas rises there in plug flow through the emulsion)
        delta[i] = uex / (uex + kc.rise_velocity(db[i])) if m.n_jet <= i < n_bed else 0.0
    eps_s = (1.0 - delta) * (1.0 - m.eps_mf)
    if n_bed < n:
        eps_s[n_bed:] = m.fb_eps0 * np.exp(-m.fb_a * (z[n_bed:] - m.L))
    return Ts, Tb, u, db, delta, eps_s


_ELEMENTS = ("C", "H", "O", "N", "Fe", "Al", "Ni", "Cu", "Mn", "Ti", "Ar", "Ca", "Si", "Mg")


def _elements(flows: dict) -> dict:
    out: dict = {}
    for s, f in flows.items():
        for el, c in thermo.species(s).composition.items():
            out[el] = out.get(el, 0.0) + c * f
    return out


def _result(m: _Model, z, Y, steps, dt, counts, strict, options) -> KLBedResult:
    ng = m.ng
    z = m.z_all if m.z_all is not None and len(m.z_all) == len(Y) else z
    Ts, Tb, u, db, delta, eps_s = _profiles(m, z, Y, bool(options.get("use_twin")))
    Fb = Y[:, :ng].T
    Fe = np.array([m.emulsion(Y[i, ng:2 * ng]) for i in range(len(z))]).T  # after the shift
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
    nb = m.n_bed if m.n_bed else len(z)
    inv_bed = float(np.trapezoid(m.A * eps_s[:nb] * rho_p[:nb], z[:nb]))
    inv_fb = float(np.trapezoid(m.A * eps_s[nb:] * rho_p[nb:], z[nb:])) if nb < len(z) else 0.0
    inv = inv_bed + inv_fb
    warns = _validity_warnings(m, db[:nb], u[:nb], Ts, counts)  # the bed's correlations, at the bed's heights
    lo, hi = carriers.load(m.carrier).T_range
    if m.energy_balance and (Ts.min() < lo or Ts.max() > hi):
        warns.append(f"solids temperature {Ts.min():.1f}-{Ts.max():.1f} K leaves the kinetic data range of "
                     f"{m.carrier} [{lo:g}, {hi:g}] K: the rate is extrapolated there")
    if warns and strict:
        raise ValueError("; ".join(warns))
    if m.fb is not None:  # said, not a range broken: strict does not raise on these
        warns += kl_freeboard.notices(m.fb, m.fb_request)
    for w_ in warns:
        warnings.warn(w_, stacklevel=3)
    return KLBedResult(m.carrier, m.fuel, m.equation, z, P, Tb, Ts, X, u, db, delta, m.gas_names, Fb, Fe,
                       gas_in, gas_out, solids_in, solids_out, mass_in, mass_out, float(T_gas_out), T_s_out,
                       m.P_in, float(P[-1]), m.dP_dist, inv, float(heat_duty), el_res, float(energy_residual), H,
                       tuple(warns), int(steps), dt, options, tuple(m.fuels), eps_s, float(z[nb - 1]),
                       float(z[-1] - z[nb - 1]), inv_fb)


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
    if counts[8] > 0:
        out.append("the cloud-wake's fuel balances did not converge in their sweeps somewhere in the bed")
    if counts[4] > 0:
        out.append("cloud-wake solids capped at the solids available (slow bubbles or very large wakes)")
    if m.L_jet_request > m.L:
        out.append(f"grid-zone jet length {m.L_jet_request:.3g} m exceeds the bed height {m.L:.3g} m: cut there")
    if m.fb is not None:
        out += kl_freeboard.validity(m.fb, m.fb_request, m.d_p)
    return out
