"""The three-phase Kunii-Levenspiel bubbling bed (:func:`clc.kl_bed.solve`) as a fuel reactor of the loop.

Implements :class:`clc.reactor.Reactor` (``fuel_reactor.type = "kunii_levenspiel"``) around
:func:`clc.kl_bed.solve` with clc's own closures (``exchange="kunii_levenspiel"``: bubble, cloud-wake and
emulsion, solids in bubbles and clouds; Horio-Nonaka bubble growth from Mori-Wen's size at the orifices; gas
expansion; the axial pressure profile). From the unit and its :class:`clc.specs.ReactorSpec`:

* geometry: ``fuel_reactor.diameter``; orifice density ``orifices`` / bed area (without ``orifices``: the
  sourced 1000 per m2 of :data:`clc.kl_closures.ORIFICE_DENSITY_DEFAULT` times the bed area, set by
  :mod:`clc.config`); the grid (jet) zone only with ``grid_zone = true`` (it lifts the TU Wien 120 kW prediction
  from 46.5 % to 83.9 % CH4 conversion against 30-40 % measured, both without a freeboard; see :func:`clc.kl_bed.solve`);
* inventory: the bed height is solved so that the bed holds ``fuel_reactor.inventory`` (kg, oxidised basis,
  as for the ``"bubbling"`` type; secant steps on the height, relative tolerance 1e-12);
* particles: the unit's d_p, rho_p (oxidised) and voidage_mf; u_mf from Wen & Yu at the feed gas, as
  :mod:`clc.bubbling_bed` computes it (the KL bed takes u_mf as given);
* solids: well mixed (``solids_mixing="mixed"``: one conversion in the bed, the outlet's; Kunii-Levenspiel's
  usual assumption for a bubbling fuel reactor fed and drained at its sides), on the loop's basis
  (``solids_basis="oxygen"``: X is the reduction degree s of :mod:`clc.solids`), rate basis ``"fed"``;
* kinetics: the unit's carrier set (:mod:`clc.carriers`), every fuel gas it has a rate for (CH4, CO, H2 together),
  with the water-gas shift at equilibrium in the emulsion where the unit asks for it (``water_gas_shift``);
* temperature: isothermal at the fuel reactor's temperature (the loop's energy balance gives the heat it
  needs; with ``adiabatic`` or ``heat_duty`` the loop solves that one temperature, as for ``"bubbling"``);
* freeboard: on (:data:`LOOP_FREEBOARD`; see :meth:`KuniiLevenspielBed._freeboard`): solids thrown up by Wen & Chen's
  (1982) surface flux decay by Kunii & Levenspiel's Fig. 7.12 constant, up to the vessel's top where the unit gives
  ``fuel_reactor.height`` (distributor to gas exit), else up to Chan & Knowlton's (1984) transport disengaging
  height (both second-hand; :mod:`clc.kl_closures`). It adds 1.4 points of CH4 conversion at the TU Wien 120 kW
  point (3 m vessel: 46.5 -> 47.9 %, measured 30-40 %) and 0.1 point on the CHEERS-type example; the
  wake-ejection flux it replaced (``freeboard_flux="wake_ejection"`` in :func:`clc.kl_bed.solve`) gave 84 %;
* pressure: the unit's pressure is the bed's top pressure (as in :mod:`clc.bubbling_bed`); the inlet pressure
  is solved so that the top is there (about the unit's pressure plus the bed's weight per area; no
  distributor drop: the unit file gives none).

Refused, naming the field: a feed with no fuel gas, a fuel fed that the carrier set has no rate for, an air
reactor, a solid fuel.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from . import carriers, gas, hydrodynamics, kl_bed, thermo
from . import kl_closures as kc
from .stoichiometry import Equation
from .constants import G
from .reactor import GasInlet, Outcome, Profile, SolidsInlet, oxygen_balance, oxygen_moles, reducer_gases

FUELS = ("CH4", "CO", "H2")
# Fuller diffusion volumes of every clc.gas species: clc.kl_closures.FULLER_VOLUMES (sources there)
DIFFUSION_VOLUMES = kc.FULLER_VOLUMES
HEIGHT_RTOL = 1e-11  # relative tolerance of the inventory the solved height gives
PRESSURE_RTOL = 1e-11  # relative tolerance of the top pressure the solved inlet pressure gives
# The freeboard in the loop when the unit gives neither a height nor a freeboard table: kl_bed's default (True: Wen &
# Chen's surface flux up to Chan & Knowlton's TDH) or none (False). On: see the figures in the module notes
LOOP_FREEBOARD = True


_oxygen = oxygen_moles  # mol O/s in species flows (clc.reactor.oxygen_moles)


class KuniiLevenspielBed:
    """A three-phase Kunii-Levenspiel fuel reactor; built by ``KuniiLevenspielBed(unit, spec, reacting_gases)``."""

    def __init__(self, unit, spec, reacting_gases: tuple[str, ...]):
        self.unit, self.spec = unit, spec
        self.reacting = reducer_gases("kunii_levenspiel", reacting_gases, FUELS)
        if getattr(unit, "solid_fuel", None) is not None:
            raise ValueError("fuel.type='solid' with fuel_reactor.type='kunii_levenspiel': the bed takes a "
                             "gaseous fuel (no char in it)")
        self.carrier = carriers.load(unit.carrier)
        self.r_oc = self.carrier.R_OC
        self.area = math.pi * spec.diameter ** 2 / 4.0
        self._height: float | None = None  # last solved height, the next solve's start
        self._dp: float | None = None  # last inlet-minus-top pressure [Pa]
        self._jacobian: np.ndarray | None = None  # last Broyden Jacobian of (inventory, top pressure) misses

    def warm_start(self, other: KuniiLevenspielBed) -> None:
        """Start the height iteration from ``other``'s last height."""
        if other._height is not None:
            self._height, self._dp, self._jacobian = other._height, other._dp, other._jacobian

    def fuels(self, feed: np.ndarray) -> tuple[str, ...]:
        """The gases that react in the bed: every fuel gas the carrier set has a rate for (fed, or made by the
        shift); a fuel fed without a rate is refused, naming the field."""
        fed = [g for g in self.reacting if feed[gas.INDEX[g]] > 0.0]
        if not fed:
            raise ValueError(f"fuel.composition: fuel_reactor.type='kunii_levenspiel' needs a fuel gas in the feed "
                             f"(one or more of {', '.join(FUELS)})")
        missing = [g for g in fed if g not in self.carrier.reactions]
        if missing:
            raise ValueError(f"fuel.composition: carrier {self.unit.carrier!r} has no rate with "
                             f"{', '.join(missing)} (it has {', '.join(self.carrier.reactions)})")
        # the fuels fed, those their reactions make, and, with the shift, CO's or H2's partner: a fuel that can
        # never be in the gas is left out (a CH4-only feed on ilmenite carries no CO or H2, and no shift)
        have = set(fed)
        atoms: dict = {}
        for name, v in zip(gas.SPECIES, feed):
            for el, c in thermo.species(name).composition.items():
                atoms[el] = atoms.get(el, 0.0) + c * v
        while True:
            more = set(have)
            for g in have:
                eq = Equation.parse(self.carrier.reactions[g].equation)
                more |= {s for s, v in eq.nu.items() if v > 0 and s in FUELS}
            if self.unit.wgs_equilibrium:  # the shift makes H2 from CO where there is hydrogen, CO from H2 with carbon
                if "CO" in more and atoms.get("H", 0.0) > 0.0:
                    more.add("H2")
                if "H2" in more and atoms.get("C", 0.0) > 0.0:
                    more.add("CO")
            more &= set(self.carrier.reactions)
            if more == have:
                break
            have = more
        return tuple(g for g in self.reacting if g in have)

    def _kwargs(self, gas_in: GasInlet, solids_in: SolidsInlet) -> dict:
        u, spec = self.unit, self.spec
        feed = np.asarray(gas_in.feed, dtype=float)
        fuels = self.fuels(feed)
        total = float(feed.sum())
        y = feed / total
        comp = {name: float(v) for name, v in zip(gas.SPECIES, y) if v > 0.0}
        mu, rho_g, _ = gas.transport(gas_in.T, gas_in.P, y, next(g for g in fuels if comp.get(g, 0.0) > 0.0))
        u_mf = hydrodynamics.u_mf_wen_yu(u.d_p, rho_g, u.rho_p, mu)
        x_in = solids_in.x_in
        m_in = solids_in.flow * (1.0 - self.r_oc * x_in)  # kg/s entering (the loop gives the oxidised basis)
        rho_in = u.rho_p * (1.0 - self.r_oc * x_in)  # particles keep their volume as they lose oxygen
        return dict(carrier=u.carrier, fuel=fuels, water_gas_shift=u.wgs_equilibrium, diameter=spec.diameter,
                    gas_flow=total, gas_composition=comp,
                    T_gas_in=gas_in.T,
                    solids_mass_flow=m_in, T_solids_in=gas_in.T, particle_diameter=u.d_p,
                    particle_density=rho_in, u_mf=u_mf, eps_mf=u.eps_mf,
                    orifice_density=spec.n_orifices / self.area, solids_conversion_in=x_in,
                    solids_mixing="mixed", solids_basis="oxygen", rate_basis="fed", exchange="kunii_levenspiel",
                    diffusion_volumes=DIFFUSION_VOLUMES, check_kinetic_range=not u.extrapolate_kinetics,
                    grid_zone=bool(getattr(spec, "grid_zone", False)))

    def _freeboard(self, bed_height: float) -> dict:
        """The freeboard above a bed of ``bed_height`` [m]: a table the spec gives (``freeboard_height`` and
        ``freeboard_params``); else up to the vessel's top where the unit gives its height (``fuel_reactor.height``,
        distributor to gas exit: freeboard = height - bed height); else, with :data:`LOOP_FREEBOARD`, kl_bed's
        default (Wen & Chen's surface flux, up to Chan & Knowlton's TDH); else none."""
        spec = self.spec
        if not spec.freeboard_height > 0.0:
            if spec.height > 0.0:
                return dict(freeboard_height=max(spec.height - bed_height, 0.0))
            return {} if LOOP_FREEBOARD else dict(freeboard_height=0.0)
        p = dict(spec.freeboard_params)
        if p.get("eps_star", 0.0) > 0.0:
            raise ValueError(f"fuel_reactor.freeboard.eps_star={p['eps_star']:g}: the kunii_levenspiel bed's freeboard "
                             "returns all its solids to the bed (eps_star = 0)")
        out = dict(freeboard_height=spec.freeboard_height)
        if "eps_surface" in p:
            out["freeboard_surface_solids"] = p["eps_surface"]
        if "a_u0" in p and p.get("eps_surface", 0.0) > 0.0:
            out["freeboard_decay"] = p["a_u0"]
        return out

    def _inventory(self, r: kl_bed.KLBedResult) -> float:
        """kg of solids in the bed on the oxidised basis (the unit file's inventory)."""
        return r.solids_inventory / (1.0 - self.r_oc * r.solids_conversion)

    def solve(self, gas_in: GasInlet, solids_in: SolidsInlet) -> Outcome:
        kw = self._kwargs(gas_in, solids_in)
        target = self.spec.inventory
        h_mf = target / (self.unit.rho_p * (1.0 - self.unit.eps_mf) * self.area)
        P_top = gas_in.P
        # the bed height that holds the inventory and the inlet pressure that leaves the unit's pressure at the
        # top, solved together: Broyden's method on (h, P_in), its Jacobian started from the bed's physics
        # (inventory ~ height; the top pressure falls by the bed's weight and follows the inlet one for one)
        h = self._height if self._height is not None else 1.2 * h_mf
        P_in = P_top + (self._dp if self._dp is not None else G * target / self.area)
        x = np.array([h, P_in])
        J, x_prev, F_prev = self._jacobian, None, None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # kept in the result's warnings
            for _ in range(60):
                r = kl_bed.solve(height=float(x[0]), P_in=float(x[1]), **kw, **self._freeboard(float(x[0])))
                F = np.array([self._inventory(r) / target - 1.0, (r.P_out - P_top) / P_top])
                if abs(F[0]) <= HEIGHT_RTOL and abs(F[1]) <= PRESSURE_RTOL:
                    break
                if J is None:
                    J = np.array([[1.0 / x[0], 0.0], [-(x[1] - r.P_out) / (x[0] * P_top), 1.0 / P_top]])
                elif x_prev is not None:
                    dx, dF = x - x_prev, F - F_prev
                    J = J + np.outer(dF - J @ dx, dx) / float(dx @ dx)
                step = -np.linalg.solve(J, F)
                if x[0] + step[0] <= 0.0:
                    step *= 0.5 * x[0] / -step[0]
                x_prev, F_prev = x, F
                x = x + step
            else:
                raise RuntimeError(f"fuel_reactor.inventory={target:g} kg: no bed height found that holds it "
                                   f"at pressure={P_top:g} Pa on top (last {x[0]:.6g} m, relative misses "
                                   f"{F[0]:.3g} (inventory) and {F[1]:.3g} (top pressure))")
        h, P_in = float(x[0]), float(x[1])
        if self.spec.height > 0.0 and h > self.spec.height:
            raise ValueError(f"fuel_reactor.height={self.spec.height:g} m: the bed that holds fuel_reactor.inventory="
                             f"{target:g} kg is {h:.4g} m tall, above the vessel's top")
        self._jacobian = J
        self._dp = P_in - P_top
        self._height = h
        feed = np.asarray(gas_in.feed, dtype=float)
        outlet = gas.vector(r.gas_out)
        o_to_gas = _oxygen(r.solids_in) - _oxygen(r.solids_out)
        n = r.z.size
        y = np.zeros((n, gas.N_SPECIES))
        Fe = r.F_emulsion
        for k, name in enumerate(r.gas_species):
            y[:, gas.INDEX[name]] = Fe[k] / Fe.sum(axis=0)
        # kg of solids at each profile point: solids volume per height times trapezoid widths, at the bed's one
        # particle density (well mixed), so that they add up to the bed's inventory
        hold = self.area * r.solids_fraction  # bed and freeboard
        dz = np.diff(r.z)
        w = np.zeros(n)
        w[:-1] += 0.5 * dz
        w[1:] += 0.5 * dz
        w *= hold
        w *= r.solids_inventory / w.sum()
        balances = {"O (gas vs solids)": oxygen_balance(feed, outlet, o_to_gas),
                    **{f"{el} (bed)": v for el, v in r.element_residuals.items()},
                    "energy (isothermal bed)": r.energy_residual,
                    "inventory (height solve)": self._inventory(r) / target - 1.0}
        msgs = tuple(dict.fromkeys(f"kunii-levenspiel bed: {m}" for m in r.warnings))
        return Outcome(outlet=outlet, x_out=r.solids_conversion, oxygen_to_gas=o_to_gas,
                       t_mean=r.solids_inventory / r.solids_mass_in, pressure_drop=r.pressure_drop,
                       height=r.bed_height, u0_over_umf=float(r.u_gas[0] / r.options["u_mf"]),
                       profile=Profile(r.z, y, w), balances=balances, warnings=msgs, result=r,
                       **(dict(freeboard_height=r.freeboard_height, freeboard_solids=r.freeboard_solids)
                          if r.freeboard_height > 0.0 else {}))
