"""Counter-current moving-bed fuel reactor (reducer) for a gaseous fuel, 1-D: isothermal (default) or adiabatic.

Gas enters at the bottom (z = 0) and rises in plug flow; the oxygen carrier enters at the top
(z = L) and sinks in plug flow. One heterogeneous reaction, the carrier set's reduction by the
fuel (e.g. ``CH4 + 12 Fe2O3 -> 8 Fe3O4 + CO2 + 2 H2O`` of ``Abad2007_Fe45Al``), with the rate of
:mod:`clc.rates`; pressure drop by Ergun's equation or IDAES-PSE's simple correlation and
gas-particle heat transfer by a particle Nusselt number (:mod:`clc.hydrodynamics`), gas viscosity
and conductivity from Cantera's mixture-averaged GRI-Mech 3.0 transport (:mod:`clc.transport`).
The balances, the assumptions and their sources, the energy balance and the solvers are described
in ``docs/moving_bed.md``.

:func:`simulate` solves the two-point boundary-value problem: by shooting on the extent with the
DOP853 integrator of :mod:`clc.odes` (isothermal), or with the energy balance by Newton's method on
the extent and the solids outlet temperature with the Radau IIA integrator (default,
``energy_solver="radau"``; the nested DOP853 shooting, ``energy_solver="dop853"``, is the reference
path and the fallback); or, with ``n_elements``, IDAES-PSE's first-order backward differences.
Results carry element and energy balance residuals; :class:`MovingBedResult` holds the profiles.

Where the parts live: this module holds the checked case ``_Bed`` (inputs, the model equations, the
backward-difference solve), :func:`simulate` and the result. The shooting solvers (the gas-side
integrations and the searches on their guesses) live in :mod:`clc.moving_bed_shooting`, which also
defines :class:`MovingBedConvergenceError` and the solver tolerances (re-exported here); the numba
kernels and DOP853 drivers in :mod:`clc.moving_bed_kernels`. Every kernel has a plain-Python twin among
the methods of ``_Bed`` below (``use_twin=True``: the same model on clc.thermo and Cantera, integrated
by SciPy's LSODA), held equal by tests/test_moving_bed.py.

Compared with IDAES-PSE's MBR in validation/idaes_moving_bed/.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass, field

import numpy as np

from . import carriers, hydrodynamics, rates, thermo, transport
from . import moving_bed_shooting as shooting
from .constants import G, R
from .checks import in_range
from .moving_bed_kernels import (  # noqa: F401 (tests call some kernels from here)
    _AREA, _B, _C0, _DELTA, _DP, _DP_CODES, _DPMODEL, _E_E0, _E_NUSSELT, _E_THETA, _E_THI, _E_TGIN, _E_TLO,
    _E_TSIN, _EPS, _FA, _IFUEL, _MOX, _NUSSELT_CODES, _QS, _REMAINING, _S0, _T, _US, _WACT, _XIN,
    _dp_ratio_e_nb, _dp_ratio_nb, _dpdz_nb, _energy_args, _energy_terms_nb, _enthalpy_flow_nb,
    _fd_residual_e_nb, _fd_residual_nb, _flows_nb, _integrate_e_nb, _integrate_nb, _rate_at_nb, _rate_nb,
    _rhs_e_nb, _rhs_energy_nb, _rhs_iso_nb, _rhs_nb, _solid_T_nb, _solid_T_profile_nb, _solids_flows_nb)
from .moving_bed_shooting import (  # noqa: F401 (the error and the solvers' tolerances, re-exported)
    ENERGY_NEWTON_F_TOL, MAX_OUTER, MESH_MAX, NEWTON_ENERGY_MAX, NEWTON_TOL_RADAU, RESIDUAL_TOL, RTOL_DOP853,
    RTOL_IVP, RTOL_RADAU, SEED, T_GUARD, MovingBedConvergenceError)


PRESSURE_DROP_MODELS = ("ergun", "idaes_simple", "none")
NUSSELT_MODELS = hydrodynamics.NUSSELT_METHODS
RATE_BASES = ("fed", "remaining")


ENERGY_SOLVERS = ("radau", "dop853")


@dataclass(frozen=True)
class MovingBedResult:
    """Solution of one moving-bed run. Flows in mol/s, z in m from the gas inlet (bottom)."""

    carrier: str
    fuel: str
    equation: str
    T: float  # K: the bed (isothermal) or the solids inlet (energy balance)
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
    heat_duty: float  # W that keeps the bed isothermal (> 0: heat supplied); 0 with the energy balance (adiabatic)
    max_dp_to_bed_weight: float  # largest (-dP/dz) / ((1-eps)(rho_p - rho_g) g); > 1: would fluidise
    residual: float  # relative shooting residual at the solution
    iterations: int  # shooting iterations
    solve_time: float  # s (wall clock)
    options: dict = field(default_factory=dict)
    energy_balance: bool = False  # True: adiabatic bed, gas and solids temperatures solved
    T_gas: np.ndarray | None = None  # K, gas temperature profile (isothermal: T everywhere)
    T_solid: np.ndarray | None = None  # K, solids temperature profile (isothermal: T everywhere)
    heat_exchanged: float = 0.0  # W passed from the solids to the gas (> 0: the solids heat the gas)
    energy_residual: float = 0.0  # relative enthalpy inconsistency of the profiles (see the module docstring)
    # W, enthalpy flows with formation enthalpies (clc.thermo): gas_in, gas_out, solids_in, solids_out
    enthalpy_flows: dict = field(default_factory=dict)

    @property
    def T_gas_in(self) -> float:
        return float(self.T_gas[0])

    @property
    def T_gas_out(self) -> float:
        return float(self.T_gas[-1])

    @property
    def T_solid_in(self) -> float:
        return float(self.T_solid[-1])

    @property
    def T_solid_out(self) -> float:
        return float(self.T_solid[0])

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
    return in_range(name, value, lo, hi, lo_open=lo_open, hi_open=hi_open, units=units)


class _Bed:
    """Checked inputs and the model equations of one moving-bed case."""

    def __init__(self, carrier, fuel, length, diameter, T, P_in, gas_flow, gas_composition,
                 solids_mass_flow, particle_diameter, particle_density, bed_voidage,
                 solids_conversion_in, reactive_fraction, rate_basis, pressure_drop, use_twin=False,
                 energy_balance=False, T_gas_in=None, nusselt="wakao_kaguei"):
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
        self.visc = transport.GasTransport(gs) if pressure_drop == "ergun" else None

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
        if not isinstance(energy_balance, (bool, np.bool_)):
            raise ValueError(f"energy_balance={energy_balance!r} must be True or False")
        self.energy = bool(energy_balance)
        if self.energy:
            self._setup_energy(T_gas_in, nusselt)
        elif T_gas_in is not None and float(T_gas_in) != T:
            raise ValueError(f"T_gas_in={T_gas_in!r} K differs from T={T!r} K: the isothermal model feeds the "
                             "gas at T; set energy_balance=True to feed it at another temperature")

    def _setup_energy(self, T_gas_in, nusselt):
        """Data of the energy balance: inlet temperatures, NASA arrays, transport fits."""
        gs = self.gas_species
        lo = max(thermo.species(s).T_min for s in gs)
        hi = min(thermo.species(s).T_max for s in gs)
        self.Tg_in = self.T if T_gas_in is None else _check_range("T_gas_in", T_gas_in, lo, hi, lo_open=False,
                                                                  units="K")
        if nusselt not in NUSSELT_MODELS:
            raise ValueError(f"nusselt={nusselt!r}; allowed: {', '.join(NUSSELT_MODELS)}")
        self.nusselt_model = nusselt
        self.Ts_in = self.T
        # solid species and their molar flows S = sa + sb X (fully oxidised basis, as solids_flows)
        ss = tuple(dict.fromkeys([self.active, *self.solid_products, *self.inerts]))
        self.solid_species = ss
        sa, sb = np.zeros(len(ss)), np.zeros(len(ss))
        sa[0], sb[0] = self.S0, -self.S0
        for s, v in self.solid_products.items():
            sb[ss.index(s)] += self.S0 * v / self.b
        for s, w in self.inerts.items():
            sa[ss.index(s)] += self.m_ox * w / thermo.species(s).molar_mass
        self.sa, self.sb = sa, sb
        lo_s = max(thermo.species(s).T_min for s in ss)
        hi_s = min(thermo.species(s).T_max for s in ss)
        _check_range("T", self.T, lo_s, hi_s, lo_open=False, units="K")
        self.T_range_gas, self.T_range_solids = (lo, hi), (lo_s, hi_s)
        self.transport_data = transport.GasTransport(gs, "the energy balance needs its viscosity and thermal conductivity")
        vpoly, kpoly = self.transport_data.polynomials()
        ga, sa_ = thermo.nasa_arrays(gs), thermo.nasa_arrays(ss)
        eprm = np.zeros(7)
        eprm[[_E_TGIN, _E_TSIN, _E_THETA, _E_E0, _E_NUSSELT, _E_TLO, _E_THI]] = (
            self.Tg_in, self.Ts_in, self.Ts_in, 0.0, _NUSSELT_CODES[nusselt], T_GUARD[0], T_GUARD[1])
        self.eprm = eprm
        self.ed = (eprm, ga.coef, ga.tmax, ga.nseg, sa_.coef, sa_.tmax, sa_.nseg, sa, sb, vpoly, kpoly,
                   *transport.wilke_factors(self.M_g))
        self._S = np.empty(len(ss))
        self.H_gas_in = self.gas_enthalpy(self.F_in, self.Tg_in)
        self.H_solids_in = self.solids_enthalpy(self.X_in, self.Ts_in)
        self.C_gas_in = self.gas_heat_capacity(self.F_in, self.Tg_in)
        self.C_solids_in = self.solids_heat_capacity(self.X_in, self.Ts_in)
        dT = max(abs(self.Ts_in - self.Tg_in), 1.0)
        # enthalpy scale of the energy residual: what the streams could exchange, plus the reaction's
        self.H_scale = ((self.C_gas_in + self.C_solids_in) * dT
                        + self.xi_max * abs(self.eq.delta_h(self.Ts_in)))
        self.T_scale = max(self.Tg_in, self.Ts_in)

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

    def rate(self, F: np.ndarray, P: float, X: float, T_gas: float | None = None,
             T_solid: float | None = None) -> float:
        """Reaction rate per bed volume [mol/(m3 s)]; fuel concentration at T_gas, rate at T_solid."""
        T_gas = self.T if T_gas is None else T_gas
        T_solid = self.T if T_solid is None else T_solid
        C = F[self.i_fuel] / F.sum() * max(P, 0.0) / (R * T_gas)
        X = min(max(X, 0.0), 1.0)
        dxdt = rates.conversion_rate(self.p_kin, T_solid, C, X)  # grains' dX/dt, 1/s
        phi = (1.0 - X) if self.rate_basis == "remaining" else 1.0
        return (1.0 - self.eps) * self.f_a * self.c0 * phi * dxdt / self.b

    def gas_density(self, P: float, F: np.ndarray, T: float | None = None) -> float:
        return P * float(F @ self.M_g) / (F.sum() * R * (self.T if T is None else T))

    def dpdz(self, P: float, F: np.ndarray, X: float, T: float | None = None) -> float:
        """Pressure gradient [Pa/m], the gas at T (default: the bed temperature)."""
        if self.pressure_drop == "none":
            return 0.0
        T = self.T if T is None else T
        eps = self.eps
        u_g = F.sum() * R * T / (self.A * P)
        rho_g = self.gas_density(P, F, T)
        if self.pressure_drop == "ergun":
            mu = self.visc(T, P, F)
            u = u_g + eps / (1.0 - eps) * self.u_s  # superficial slip velocity
            return hydrodynamics.ergun_gradient(u, mu, rho_g, eps, self.d_p)
        rho_p = self.solids_mass(X) / self.Q_s
        return hydrodynamics.idaes_simple_gradient(u_g, rho_p, rho_g)

    # --- energy balance: the model equations in plain Python (clc.thermo and Cantera called directly),
    # the twins of the kernels ----------------------------------------------------------------------
    def gas_enthalpy(self, F: np.ndarray, T: float) -> float:
        """sum_j F_j h_j(T) [W], formation enthalpies included (clc.thermo)."""
        return sum(float(F[j]) * thermo.h(s, T) for j, s in enumerate(self.gas_species) if F[j] != 0.0)

    def gas_heat_capacity(self, F: np.ndarray, T: float) -> float:
        """sum_j F_j cp_j(T) [W/K]."""
        return sum(float(F[j]) * thermo.cp(s, T) for j, s in enumerate(self.gas_species) if F[j] != 0.0)

    def solids_enthalpy(self, X: float, T: float) -> float:
        """Enthalpy flow [W] of the solids at conversion X and temperature T (clc.thermo)."""
        S = self.sa + self.sb * X
        return sum(float(S[k]) * thermo.h(s, T) for k, s in enumerate(self.solid_species) if S[k] != 0.0)

    def solids_heat_capacity(self, X: float, T: float) -> float:
        """Heat-capacity flow [W/K] of the solids at conversion X and temperature T."""
        S = self.sa + self.sb * X
        return sum(float(S[k]) * thermo.cp(s, T) for k, s in enumerate(self.solid_species) if S[k] != 0.0)

    def solid_T(self, X: float, H: float) -> float:
        """Temperature [K] at which the solids' enthalpy flow at conversion X is H: Newton's method on
        clc.thermo from the outlet guess theta inside the solids' data range, bisecting where a step
        leaves the bracket or does not halve the previous one (``rtsafe``); converged at a step or
        bracket below 1e-13 T (a bracket closes on a jump of the NASA fits between their ranges).
        NaN where H lies outside the data range."""
        lo, hi = self.T_range_solids
        T = min(max(float(self.eprm[_E_THETA]), lo), hi)
        dx_old = math.inf
        for _ in range(300):
            f = self.solids_enthalpy(X, T) - H
            if f == 0.0:
                return T
            if f > 0.0:
                hi = T
            else:
                lo = T
            if hi - lo <= 1e-13 * T:
                T_new = 0.5 * (lo + hi)
                break
            T_new = T - f / self.solids_heat_capacity(X, T)
            if not lo < T_new < hi or abs(T_new - T) > 0.5 * abs(dx_old):
                T_new = 0.5 * (lo + hi)
            if abs(T_new - T) <= 1e-13 * T:
                break
            dx_old = T_new - T
            T = T_new
        else:
            return math.nan
        return T_new if self.T_range_solids[0] < T_new < self.T_range_solids[1] else math.nan

    def transport(self, T: float, P: float, F: np.ndarray) -> tuple[float, float]:
        """(viscosity [Pa s], thermal conductivity [W/(m K)]) of the gas: Cantera, mixture-averaged."""
        return self.transport_data.both(T, P, F)

    def nusselt(self, Re: float, Pr: float) -> float:
        """Particle Nusselt number of the ``nusselt`` option (see the module docstring)."""
        return hydrodynamics.nusselt_particle(Re, Pr, self.nusselt_model)

    def heat_transfer_coefficient(self, T: float, P: float, F: np.ndarray) -> float:
        """Gas-particle heat-transfer coefficient h [W/(m2 K)] with the gas at T (Python twin)."""
        mu, lam = self.transport(T, P, F)
        m = float(F @ self.M_g)
        Re = F.sum() * R * T / (self.A * P) * self.d_p * self.gas_density(P, F, T) / mu
        Pr = self.gas_heat_capacity(F, T) / m * mu / lam
        return self.nusselt(Re, Pr) * lam / self.d_p

    def energy_terms(self, xi: float, P: float, Tg: float, X: float, dead: bool, E0: float,
                     Ts: float = math.nan):
        """Twin of :func:`_energy_terms_nb`: (Ts, A r, dP/dz, q, s_prod, C_g, H_g); Ts from the
        invariant with E0 unless given."""
        F = self.flows(xi)
        Hg = self.gas_enthalpy(F, Tg)
        if math.isnan(Ts):
            Ts = self.solid_T(X, Hg - E0)
        if not math.isfinite(Ts):
            return (Ts,) + (math.nan,) * 6
        Ar = 0.0 if dead else self.A * self.rate(F, P, X, Tg, Ts)
        q = 6.0 * self.heat_transfer_coefficient(Tg, P, F) * (1.0 - self.eps) * self.A * (Tg - Ts) / self.d_p
        s_prod = 0.0
        if Ar != 0.0:
            s_prod = sum(self.nu_g[j] * (thermo.h(s, Ts) - thermo.h(s, Tg))
                         for j, s in enumerate(self.gas_species) if self.nu_g[j] > 0.0)
        return Ts, Ar, self.dpdz(P, F, X, Tg), q, s_prod, self.gas_heat_capacity(F, Tg), Hg

    def rhs_energy(self, _z, y, g, dead):
        """Twin of :func:`_rhs_e_nb`: (dxi/dz, dP/dz, dTg/dz, dQ/dz)."""
        X = 1.0 if dead else self.conversion(y[0], g)
        _Ts, Ar, dpdz, q, s_prod, Cg, _Hg = self.energy_terms(y[0], y[1], y[2], X, dead, self.eprm[_E_E0])
        return [Ar, dpdz, (-q + Ar * s_prod) / Cg, q]

    def set_guesses(self, g: float, theta: float | None = None) -> None:
        """Store the solids outlet temperature guess theta and the invariant E0 = H_g,in - H_s,out(g, theta)."""
        if theta is not None:
            self.eprm[_E_THETA] = theta
        theta = self.eprm[_E_THETA]
        X_out = min(self.X_in + self.b * g / self.S0, 1.0)
        if self.use_twin:
            self.eprm[_E_E0] = self.H_gas_in - self.solids_enthalpy(X_out, theta)
        else:
            e = self.ed
            h_g, _c = _enthalpy_flow_nb(self.F_in, e[1], e[2], e[3], self.Tg_in)
            _solids_flows_nb(X_out, self.sa, self.sb, self._S)
            h_s, _c = _enthalpy_flow_nb(self._S, e[4], e[5], e[6], theta)
            self.eprm[_E_E0] = h_g - h_s

    def solids_T_from_balance(self, xi_L: float, Tg_out: float) -> float:
        """Solids outlet temperature [K] that closes the overall energy balance, given the extent
        xi(L) and the gas outlet temperature (kernel thermo, or clc.thermo with ``use_twin``)."""
        F_out = self.flows(xi_L)
        X_out = min(self.X_in + self.b * xi_L / self.S0, 1.0)
        if self.use_twin:
            H = self.H_gas_in + self.H_solids_in - self.gas_enthalpy(F_out, Tg_out)
            return self.solid_T(X_out, H)
        e = self.ed
        h_gi, _c = _enthalpy_flow_nb(self.F_in, e[1], e[2], e[3], self.Tg_in)
        h_go, _c = _enthalpy_flow_nb(F_out, e[1], e[2], e[3], Tg_out)
        _solids_flows_nb(self.X_in, self.sa, self.sb, self._S)
        h_si, _c = _enthalpy_flow_nb(self._S, e[4], e[5], e[6], self.Ts_in)
        return _solid_T_nb(X_out, h_gi + h_si - h_go, self.eprm[_E_THETA], self.sa, self.sb, e[4], e[5], e[6],
                           self._S)

    def solid_T_profile(self, X_z: np.ndarray, xi_z: np.ndarray, Tg_z: np.ndarray, E: float) -> np.ndarray:
        """Solids temperatures from the invariant H_s(z) = H_g(z) - E at the profile points."""
        out = np.empty(X_z.size)
        if not self.use_twin:
            _solid_T_profile_nb(np.ascontiguousarray(X_z), np.ascontiguousarray(xi_z), np.ascontiguousarray(Tg_z), E,
                                self.eprm[_E_THETA], self.F_in, self.nu_g, self.ed, out)
            return out
        for k in range(X_z.size):
            out[k] = self.solid_T(X_z[k], self.gas_enthalpy(self.flows(xi_z[k]), Tg_z[k]) - E)
        return out

    # --- the gas side for a shooting guess g (the solvers are in clc.moving_bed_shooting) --------
    def conversion(self, xi: float, g: float) -> float:
        return min(self.X_in + self.b * max(g - xi, 0.0) / self.S0, 1.0)

    def rhs(self, _z, y, g, dead):
        xi, P = y
        F = self.flows(xi)
        X = 1.0 if dead else self.conversion(xi, g)
        return [0.0 if dead else self.A * self.rate(F, P, X), self.dpdz(P, F, X)]

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

    def backward_difference_energy(self, n: int, z0, xi0, X0, P0, Tg0, Ts0):
        """:meth:`backward_difference` with the energy balance: Tg_1..n and Ts_0..n-1 unknowns too."""
        from scipy.optimize import root

        z = np.linspace(0.0, self.L, n + 1)
        sx, sP, sT = self.xi_max, self.P_in, self.T_scale

        def residual(v):
            return self.fd_residual_energy(v, n, self.use_twin)

        v0 = np.concatenate([np.interp(z, z0, xi0)[1:] / sx, np.interp(z, z0, X0)[:-1],
                             np.interp(z, z0, P0)[1:] / sP, np.interp(z, z0, Tg0)[1:] / sT,
                             np.interp(z, z0, Ts0)[:-1] / sT])
        sol = root(residual, v0, method="hybr", options={"xtol": 1e-13})
        res = float(np.max(np.abs(residual(sol.x))))
        if not (sol.success and res <= RESIDUAL_TOL):
            raise MovingBedConvergenceError(
                f"backward-difference moving bed with energy balance ({n} elements) did not converge: "
                f"{sol.message} (largest scaled residual {res:.3g})")
        return (z, *self.fd_unpack_energy(sol.x, n), res, int(sol.nfev))

    def fd_unpack_energy(self, v: np.ndarray, n: int):
        """(xi, X, P, Tg, Ts) on the n + 1 nodes from the scaled unknowns."""
        xi, X, P = self.fd_unpack(v[:3 * n], n)
        Tg = np.concatenate([[self.Tg_in], v[3 * n:4 * n] * self.T_scale])
        Ts = np.concatenate([v[4 * n:] * self.T_scale, [self.Ts_in]])
        return xi, X, P, Tg, Ts

    def fd_energy_scale(self) -> float:
        """W/K x K: the scale of the energy residuals of the backward-difference equations."""
        return (self.C_gas_in + self.C_solids_in) * self.T_scale

    def fd_residual_energy(self, v: np.ndarray, n: int, use_twin: bool = False) -> np.ndarray:
        """Scaled residuals of the n-element backward-difference balances with the energy balance."""
        h, sx, sP, sT, sE = self.L / n, self.xi_max, self.P_in, self.T_scale, self.fd_energy_scale()
        out = np.empty(5 * n)
        if not use_twin:
            _fd_residual_e_nb(v, n, h, self.L, sx, sP, sT, sE, self.P_in, self.X_in, self.S0, self.b,
                              *self._kernel_data[:5], self.ed, out)
            return out
        xi, X, P, Tg, Ts = self.fd_unpack_energy(v, n)
        Hg_p = self.H_gas_in
        Hs_p = self.solids_enthalpy(X[0], Ts[0])
        for i in range(1, n + 1):
            _Ts, Ar, dpdz, q, s_prod, _Cg, Hg_i = self.energy_terms(xi[i], P[i], Tg[i], X[i], False, 0.0, Ts[i])
            Hs_i = self.solids_enthalpy(X[i], Ts[i])
            src = s_prod + sum(self.nu_g[j] * thermo.h(s, Tg[i]) for j, s in enumerate(self.gas_species))
            e_src = -q + Ar * src
            out[i - 1] = ((xi[i] - xi[i - 1]) / h - Ar) / sx * self.L
            out[n + i - 1] = (self.S0 * (X[i - 1] - X[i]) / h - self.b * Ar) / (self.b * sx) * self.L
            out[2 * n + i - 1] = ((P[i] - P[i - 1]) / h - dpdz) / sP * self.L
            out[3 * n + i - 1] = ((Hg_i - Hg_p) / h - e_src) / sE * self.L
            out[4 * n + i - 1] = ((Hs_i - Hs_p) / h - e_src) / sE * self.L
            Hg_p, Hs_p = Hg_i, Hs_i
        return out

    def local_terms(self, xi: float, P: float, Tg: float, Ts: float, X: float):
        """(A r [mol/(m s)], dP/dz, q [W/m], rho_g) at one point of a profile (kernel or twin)."""
        if self.use_twin:
            _t, Ar, dpdz, q, _s, _c, _h = self.energy_terms(xi, P, Tg, X, False, 0.0, Ts)
        else:
            n = len(self.gas_species)
            _t, Ar, dpdz, q, _s, _c, _h = _energy_terms_nb(
                xi, P, Tg, X, False, Ts, *self._kernel_data[:5], self.ed, np.empty(n), self._S,
                np.empty((3, n)), np.empty((n, n)))
        return Ar, dpdz, q, self.gas_density(P, self.flows(xi), Tg)

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
             n_elements: int | None = None, use_twin: bool = False,
             energy_balance: bool = False, T_gas_in: float | None = None,
             nusselt: str = "wakao_kaguei", energy_solver: str = "radau") -> MovingBedResult:
    """Solve the counter-current moving-bed reducer, isothermal (default) or adiabatic.

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

    ``energy_balance=True`` solves the adiabatic bed of the module docstring instead: ``T`` is
    then the solids inlet temperature and ``T_gas_in`` the gas inlet temperature (default T);
    ``nusselt`` the particle Nusselt correlation, ``"wakao_kaguei"`` (default) or ``"idaes"``
    (IDAES-PSE's MBR as coded, for comparisons with that model). The result then holds the
    temperature profiles, the heat exchanged and the energy residual; ``heat_duty`` is 0.
    ``energy_solver``: ``"radau"`` (default: Newton on the extent and the solids outlet temperature,
    Radau IIA integrator; solids-limited beds go to the reference path) or ``"dop853"`` (the reference
    path: nested shooting with DOP853); ``options["energy_solver"]`` of the result names the one used.

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
               solids_conversion_in, reactive_fraction, rate_basis, pressure_drop, use_twin,
               energy_balance, T_gas_in, nusselt)
    if energy_solver not in ENERGY_SOLVERS:
        raise ValueError(f"energy_solver={energy_solver!r}; allowed: {', '.join(ENERGY_SOLVERS)}")
    if bed.energy:
        return _simulate_energy(bed, int(n_points), None if n_elements is None else int(n_elements), t0,
                                energy_solver)
    L, b, S0 = bed.L, bed.b, bed.S0

    z = np.linspace(0.0, L, n_points if n_elements is None else max(n_points, 4 * n_elements + 1))
    bed.grid = z
    g, segments, res, n_iter = shooting.shoot(bed)
    xi_L = shooting.end(segments)
    yz = shooting.evaluate(segments, z)
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
    return _assemble(bed, z, xi_z, X_z, P_z, None, None, res, n_iter, method, t0)


def _enthalpy_flows(gas_in: dict, gas_out: dict, solids_in: dict, solids_out: dict, Tg_in: float,
                    Tg_out: float, Ts_in: float, Ts_out: float) -> dict[str, float]:
    """Enthalpy flows [W] of the four streams, formation enthalpies included (clc.thermo)."""
    def flow(d, T):
        return sum(n * thermo.h(k, T) for k, n in d.items() if n != 0.0)
    return {"gas_in": flow(gas_in, Tg_in), "gas_out": flow(gas_out, Tg_out),
            "solids_in": flow(solids_in, Ts_in), "solids_out": flow(solids_out, Ts_out)}


def _simulate_energy(bed: _Bed, n_points: int, n_elements: int | None, t0: float,
                     energy_solver: str = "radau") -> MovingBedResult:
    """The adiabatic moving bed (``energy_balance=True``) of an already checked case."""
    L, b, S0 = bed.L, bed.b, bed.S0
    z = np.linspace(0.0, L, n_points if n_elements is None else max(n_points, 4 * n_elements + 1))
    bed.grid = z
    sol = shooting.shoot_energy_radau(bed) if energy_solver == "radau" else None
    if sol is None:  # the reference path: nested shooting with DOP853 (or LSODA, the twin)
        energy_solver = "dop853" if not bed.use_twin else "lsoda"
        sol = shooting.shoot_energy(bed)
    theta, g, segments, res, n_iter = sol
    E_bottom = float(bed.eprm[_E_E0])  # H_g - H_s of the profiles, fixed at the solids outlet (theta)
    xi_L = shooting.end(segments)
    yz = shooting.evaluate(segments, z)
    xi_z = np.minimum(np.maximum(yz[0], 0.0), xi_L)
    P_z, Tg_z = yz[1], yz[2]
    X_z = np.minimum(bed.X_in + b * (xi_L - xi_z) / S0, 1.0)

    def h_gas(F, T):
        if bed.use_twin:
            return bed.gas_enthalpy(F, T)
        return _enthalpy_flow_nb(F, bed.ed[1], bed.ed[2], bed.ed[3], T)[0]

    def h_solids_in():
        if bed.use_twin:
            return bed.H_solids_in
        _solids_flows_nb(bed.X_in, bed.sa, bed.sb, bed._S)
        return _enthalpy_flow_nb(bed._S, bed.ed[4], bed.ed[5], bed.ed[6], bed.Ts_in)[0]

    # the invariant fixed at the top instead (solids inlet): the solids outlet then closes the overall
    # energy balance exactly; the two differ by the profiles' inconsistency, the energy residual
    E_top = h_gas(bed.flows(xi_L), Tg_z[-1]) - h_solids_in()
    e_res = abs(E_top - E_bottom) / bed.H_scale
    Ts_z = bed.solid_T_profile(X_z, xi_z, Tg_z, E_top)
    Ts_z[-1] = bed.Ts_in  # the inlet (the invariant returns it to within its Newton tolerance)
    heat = -float(yz[3, -1])
    method = "shooting"
    if n_elements is not None:
        z, xi_z, X_fd, P_z, Tg_z, Ts_fd, res, nfev = bed.backward_difference_energy(
            n_elements, z, xi_z, X_z, P_z, Tg_z, Ts_z)
        n_iter += nfev
        xi_L = float(xi_z[-1])
        X_z = np.minimum(bed.X_in + b * (xi_L - xi_z) / S0, 1.0)
        X_z[0], X_z[1:-1] = bed.X_in + b * xi_L / S0, X_fd[1:-1]
        Ts_z = Ts_fd.copy()
        Ts_z[0] = bed.solids_T_from_balance(xi_L, float(Tg_z[-1]))
        C_out = bed.solids_heat_capacity(float(X_z[0]), float(Ts_z[0]))
        e_res = abs(Ts_fd[0] - Ts_z[0]) * C_out / bed.H_scale
        # heat exchanged: the backward-difference sum of q at nodes 1..n
        h = L / n_elements
        heat = -sum(h * bed.local_terms(xi_z[i], P_z[i], Tg_z[i], Ts_z[i], X_z[i])[2]
                    for i in range(1, n_elements + 1))
        method = f"backward_difference({n_elements})"

    return _assemble(bed, z, xi_z, X_z, P_z, Tg_z, Ts_z, res, n_iter, method, t0, heat, e_res,
                     dict(solids_T_out_shooting=theta, energy_solver=energy_solver))


def _assemble(bed: _Bed, z, xi_z, X_z, P_z, Tg_z, Ts_z, res: float, n_iter: int, method: str, t0: float,
              heat: float = 0.0, e_res: float | None = None, extra: dict | None = None) -> MovingBedResult:
    """The result of either model from its profiles (``Tg_z`` None: the isothermal bed): checks,
    outlet streams from the extent xi(L) (so that the elements balance exactly), velocities,
    fluidisation check, enthalpy flows and, for the isothermal bed, the heat duty and its energy
    residual."""
    energy = Tg_z is not None
    xi_L = float(xi_z[-1])
    profiles = [("pressure", P_z), ("extent", xi_z), ("conversion", X_z)]
    if energy:
        profiles += [("gas temperature", Tg_z), ("solids temperature", Ts_z)]
    for name, arr in profiles:
        if not np.all(np.isfinite(arr)):
            raise MovingBedConvergenceError(f"moving bed: non-finite {name} profile")
    if energy:
        if not e_res <= RESIDUAL_TOL:
            raise MovingBedConvergenceError(
                f"moving bed with energy balance did not converge: relative energy residual {e_res:.3g} > "
                f"{RESIDUAL_TOL:g}")
        for what, arr, (lo, hi) in (("gas", Tg_z, bed.T_range_gas), ("solids", Ts_z, bed.T_range_solids)):
            if arr.min() < lo or arr.max() > hi:
                raise ValueError(f"the {what} temperature reaches [{arr.min():.6g}, {arr.max():.6g}] K, outside "
                                 f"the thermodynamic data range [{lo:g}, {hi:g}] K of its species")
        lo, hi = bed.carrier.T_range
        if Ts_z.min() < lo or Ts_z.max() > hi:
            warnings.warn(f"moving bed: the solids temperature spans [{Ts_z.min():.6g}, {Ts_z.max():.6g}] K, "
                          f"beyond the range [{lo:g}, {hi:g}] K of carrier {bed.carrier.name}'s kinetics, which "
                          "are extrapolated there", stacklevel=4)

    F_z = np.maximum(bed.F_in[:, None] + bed.nu_g[:, None] * xi_z[None, :], 0.0)
    u_z = F_z.sum(axis=0) * R * (Tg_z if energy else bed.T) / (bed.A * P_z)
    gs = bed.gas_species
    gas_in = {s: float(bed.F_in[k]) for k, s in enumerate(gs)}
    gas_out = {s: float(max(bed.F_in[k] + bed.nu_g[k] * xi_L, 0.0)) for k, s in enumerate(gs)}
    X_out = float(X_z[0])

    # fluidisation check of the packed moving bed
    ratio = 0.0
    if bed.pressure_drop != "none" and not bed.use_twin:
        if energy:
            ratio = _dp_ratio_e_nb(*(np.ascontiguousarray(a) for a in (xi_z, P_z, Tg_z, Ts_z, X_z)),
                                   *bed._kernel_data[:5], bed.ed)
        else:
            ratio = _dp_ratio_nb(P_z, F_z, X_z, bed.prm, bed.M_g, bed.mu_k, bed.phi)
    elif bed.pressure_drop != "none":
        for k in range(z.size):
            if energy:
                _ar, dpdz, _q, rho_g = bed.local_terms(xi_z[k], P_z[k], Tg_z[k], Ts_z[k], X_z[k])
            else:
                F = F_z[:, k]
                dpdz, rho_g = bed.dpdz(P_z[k], F, X_z[k]), bed.gas_density(P_z[k], F)
            weight = (1 - bed.eps) * (bed.solids_mass(X_z[k]) / bed.Q_s - rho_g) * G
            ratio = max(ratio, -dpdz / weight)
    if ratio > 1.0:
        warnings.warn(f"moving bed: the gas pressure gradient reaches {ratio:.3g} times the bed's "
                      "buoyant weight per volume; the packed bed would fluidise", stacklevel=4 if energy else 3)

    solids_in, solids_out = bed.solids_flows(bed.X_in), bed.solids_flows(X_out)
    options = dict(reactive_fraction=bed.f_a, rate_basis=bed.rate_basis, pressure_drop=bed.pressure_drop,
                   bed_voidage=bed.eps, particle_diameter=bed.d_p, particle_density=bed.rho_p_in, P_in=bed.P_in,
                   method=method)
    if energy:
        heat_duty = 0.0
        H = _enthalpy_flows(gas_in, gas_out, solids_in, solids_out, bed.Tg_in, float(Tg_z[-1]), bed.Ts_in,
                            float(Ts_z[0]))
        options.update(energy_balance=True, T_gas_in=bed.Tg_in, nusselt=bed.nusselt_model, **(extra or {}))
    else:
        heat_duty = xi_L * bed.eq.delta_h(bed.T)
        H = _enthalpy_flows(gas_in, gas_out, solids_in, solids_out, bed.T, bed.T, bed.T, bed.T)
        e_scale = sum(abs(v) for v in H.values()) + abs(heat_duty)
        e_res = abs(H["gas_out"] + H["solids_out"] - H["gas_in"] - H["solids_in"] - heat_duty) / e_scale
        Tg_z = Ts_z = np.full(z.size, bed.T)
    return MovingBedResult(
        carrier=bed.carrier.name, fuel=bed.fuel, equation=bed.rxn.equation, T=bed.T, length=bed.L,
        diameter=bed.D, z=z, P=P_z, extent=xi_z, X_solid=X_z, u_gas=u_z, gas_species=gs, F_gas=F_z,
        gas_in=gas_in, gas_out=gas_out, solids_in=solids_in, solids_out=solids_out, solids_mass_in=bed.m_in,
        solids_mass_out=bed.solids_mass(X_out), u_solid=bed.u_s,
        solids_residence_time=(1 - bed.eps) * bed.A * bed.L / bed.Q_s,
        heat_duty=heat_duty, max_dp_to_bed_weight=ratio, residual=res, iterations=n_iter,
        solve_time=time.perf_counter() - t0, options=options, energy_balance=energy,
        T_gas=Tg_z, T_solid=Ts_z if energy else Tg_z.copy(), heat_exchanged=heat, energy_residual=e_res,
        enthalpy_flows=H,
    )
