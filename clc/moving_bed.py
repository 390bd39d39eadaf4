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
gas side is an initial-value problem from z = 0 (LSODA, rtol 1e-10); the residual
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

Pressure drop: Ergun, Chem. Eng. Prog. 48 (1952) 89-94, for spheres, written with the
superficial slip velocity u_slip = u_g + eps/(1 - eps) u_s (u_s the particles' volumetric flux
per bed area, downward): the gas interstitial velocity u_g/eps plus the particle velocity
u_s/(1 - eps), times eps. Applying Ergun's fixed-bed correlation in the particles' frame is an
assumption. Gas viscosity: Cantera's mixture-averaged transport with the GRI-Mech 3.0 transport
data of ``gri30.yaml`` (Smith et al., GRI-Mech 3.0, 1999). ``pressure_drop="idaes_simple"``
instead uses -dP/dz = 0.2 s^-1 u_g (rho_p - rho_g), the default correlation of IDAES-PSE's MBR
(idaes/models_extra/gas_solid_contactors/unit_models/moving_bed.py, which gives no source for
it), kept only to compare with that model.

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
from scipy.integrate import solve_ivp
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

RTOL_IVP = 1e-10
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


class _Bed:
    """Checked inputs and the model equations of one moving-bed case."""

    def __init__(self, carrier, fuel, length, diameter, T, P_in, gas_flow, gas_composition,
                 solids_mass_flow, particle_diameter, particle_density, bed_voidage,
                 solids_conversion_in, reactive_fraction, rate_basis, pressure_drop):
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

    def integrate(self, g: float, z_dead: float = 0.0):
        """Gas-side initial-value problem from z = 0 for the extent guess g.

        With ``z_dead > 0`` the bed below z_dead holds fully reduced solids (X = 1, no reaction);
        above it the gas starts with the extent SEED (a relative 1e-10 of xi_max), which takes it
        off the trivial branch xi = 0 of rates that vanish at X = 1.
        Returns a list of (ODE solution, dead) segments.
        """
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
        return float(segments[-1][0].y[0, -1])

    @staticmethod
    def evaluate(segments, z: np.ndarray) -> np.ndarray:
        """(extent, pressure) of the segmented solution at heights z."""
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
            g, segments = 0.0, self.integrate(0.0)
        elif r_dead >= 0.0:
            z_dead = brent(residual_dead, 0.0, self.L, self.L, "the height of the fully reduced zone")
            g = xi_max
            segments = self.integrate(g, max(z_dead, 1e-12 * self.L))
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
            segments = self.integrate(g)
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

        h = self.L / n
        z = np.linspace(0.0, self.L, n + 1)
        sx, sP = self.xi_max, self.P_in

        def unpack(v):
            xi = np.concatenate([[0.0], v[:n] * sx])
            X = np.concatenate([v[n:2 * n], [self.X_in]])
            P = np.concatenate([[self.P_in], v[2 * n:] * sP])
            return xi, X, P

        def residual(v):
            xi, X, P = unpack(v)
            out = np.empty(3 * n)
            for i in range(1, n + 1):
                F = self.flows(xi[i])
                r = self.A * self.rate(F, P[i], X[i])
                out[i - 1] = ((xi[i] - xi[i - 1]) / h - r) / sx * self.L
                out[n + i - 1] = (self.S0 * (X[i - 1] - X[i]) / h - self.b * r) / (self.b * sx) * self.L
                out[2 * n + i - 1] = ((P[i] - P[i - 1]) / h - self.dpdz(P[i], F, X[i])) / sP * self.L
            return out

        v0 = np.concatenate([np.interp(z, z0, xi0)[1:] / sx, np.interp(z, z0, X0)[:-1],
                             np.interp(z, z0, P0)[1:] / sP])
        sol = root(residual, v0, method="hybr", options={"xtol": 1e-13})
        res = float(np.max(np.abs(residual(sol.x))))
        if not (sol.success and res <= RESIDUAL_TOL):
            raise MovingBedConvergenceError(
                f"backward-difference moving bed ({n} elements) did not converge: {sol.message} "
                f"(largest scaled residual {res:.3g})")
        xi, X, P = unpack(sol.x)
        return z, xi, X, P, res, int(sol.nfev)


def simulate(carrier: str, fuel: str, *, length: float, diameter: float, T: float,
             P_in: float, gas_flow: float, gas_composition: dict[str, float],
             solids_mass_flow: float, particle_diameter: float, particle_density: float,
             bed_voidage: float, solids_conversion_in: float = 0.0,
             reactive_fraction: float = 1.0, rate_basis: str = "fed",
             pressure_drop: str = "ergun", n_points: int = 101,
             n_elements: int | None = None) -> MovingBedResult:
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
               solids_conversion_in, reactive_fraction, rate_basis, pressure_drop)
    L, b, S0 = bed.L, bed.b, bed.S0

    g, segments, res, n_iter = bed.shoot()
    xi_L = bed.end(segments)
    z = np.linspace(0.0, L, n_points if n_elements is None else max(n_points, 4 * n_elements + 1))
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
    if bed.pressure_drop != "none":
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
