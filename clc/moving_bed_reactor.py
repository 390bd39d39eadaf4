"""The counter-current moving bed (:func:`clc.moving_bed.simulate`) as a fuel reactor of the loop.

Implements :class:`clc.reactor.Reactor` around the moving bed's public ``simulate`` and its
result: the bed is isothermal at the fuel reactor's temperature (the loop's energy balance gives
the heat it needs), its height is ``fuel_reactor.height`` and its voidage ``fuel_reactor.voidage``,
the particles are the unit's. The moving bed reacts one fuel gas (the carrier set's reduction by
it); a feed holding more than one of CH4, CO, H2 is refused. Its conversion X of the active
phase is the loop's reduction degree s: both are shares of the carrier's oxygen transport
capacity R_OC (the loop's element balance checks this at every solve).
"""

from __future__ import annotations

import warnings

import numpy as np

from . import carriers, gas, moving_bed
from .reactor import GasInlet, Outcome, Profile, SolidsInlet, oxygen_balance, oxygen_moles, reducer_gases

FUELS = ("CH4", "CO", "H2")


_oxygen = oxygen_moles  # mol O/s in species flows (clc.reactor.oxygen_moles)


class MovingBed:
    """A moving-bed fuel reactor; built by ``MovingBed(unit, spec, reacting_gases)``."""

    def __init__(self, unit, spec, reacting_gases: tuple[str, ...]):
        self.unit, self.spec = unit, spec
        self.reacting = reducer_gases("moving_bed", reacting_gases, FUELS)
        self.r_oc = carriers.load(unit.carrier).R_OC

    def warm_start(self, other: MovingBed) -> None:
        """Nothing to carry: each solve shoots from its own bracket."""

    def fuel(self, feed: np.ndarray) -> str:
        fed = [g for g in self.reacting if feed[gas.INDEX[g]] > 0.0]
        if len(fed) != 1:
            raise ValueError(f"fuel_reactor.type='moving_bed' reacts one fuel gas; the feed holds "
                             f"{', '.join(fed) or 'none'} (allowed: one of {', '.join(FUELS)})")
        return fed[0]

    def solve(self, gas_in: GasInlet, solids_in: SolidsInlet) -> Outcome:
        u, spec = self.unit, self.spec
        feed = np.asarray(gas_in.feed, dtype=float)
        fuel = self.fuel(feed)
        total = float(feed.sum())
        comp = {name: float(f) / total for name, f in zip(gas.SPECIES, feed) if f > 0.0}
        x_in = solids_in.x_in
        # the moving bed takes the mass flow entering (at x_in), the loop the oxidised basis
        m_in = solids_in.flow * (1.0 - self.r_oc * x_in)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            r = moving_bed.simulate(u.carrier, fuel, length=spec.height, diameter=spec.diameter, T=gas_in.T,
                                    P_in=gas_in.P, gas_flow=total, gas_composition=comp, solids_mass_flow=m_in,
                                    particle_diameter=u.d_p, particle_density=u.rho_p, bed_voidage=spec.voidage,
                                    solids_conversion_in=x_in)
        outlet = gas.vector(r.gas_out)
        o_to_gas = _oxygen(r.solids_in) - _oxygen(r.solids_out)
        n = r.z.size
        y = np.zeros((n, gas.N_SPECIES))
        F_tot = r.F_gas.sum(axis=0)
        for k, name in enumerate(r.gas_species):
            y[:, gas.INDEX[name]] = r.F_gas[k] / F_tot
        w = np.full(n, 1.0)  # plug-flow solids, uniform holdup: trapezoid weights on the even grid
        w[0] = w[-1] = 0.5
        balances = {"O (gas vs solids)": oxygen_balance(feed, outlet, o_to_gas), "shooting": r.residual,
                    "energy (isothermal bed)": r.energy_residual}
        msgs = tuple(dict.fromkeys(f"moving bed: {c.message}" for c in caught))
        return Outcome(outlet=outlet, x_out=r.solids_conversion_out, oxygen_to_gas=o_to_gas,
                       t_mean=r.solids_residence_time, pressure_drop=r.pressure_drop, height=r.length,
                       u0_over_umf=None, profile=Profile(r.z, y, w), balances=balances, warnings=msgs, result=r)
