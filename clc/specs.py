"""Unit and reactor specifications: plain data, in SI units, built by :mod:`clc.config`.

They sit below every solver: :mod:`clc.config` builds them without importing a solver, and
:mod:`clc.loop` (with the reactor models it selects) reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a type only: the spec of a solid fuel lives with its data
    from .solid_fuel_reactor import SolidFuelSpec


@dataclass(frozen=True)
class ReactorSpec:
    """One reactor of the loop: geometry, inventory, temperature, extra fluidizing gas."""

    diameter: float  # m
    inventory: float  # kg (oxidised basis)
    temperature: float  # K
    n_orifices: int
    extra_feed: dict = field(default_factory=dict)  # mol/s of gases fed besides fuel or air
    regime: str = "bubbling"  # the reactor type, ``type`` of the unit file: a name of clc.reactor.REACTOR_TYPES
    riser_height: float = 0.0  # m, for a riser
    riser_model: str = "uniform"  # solids profile of a riser, see clc.bubbling_bed / clc.riser
    riser_params: tuple = ()  # ((name, value), ...) of that profile
    freeboard_height: float = 0.0  # m above a bubbling bed (0: none), see clc.bubbling_bed
    freeboard_params: tuple = ()  # ((name, value), ...): eps_surface, eps_star, a_u0
    # W: if given, the temperature is solved so that this heat is supplied (fuel reactor; 0 for
    # an adiabatic one) or removed (air reactor); ``temperature`` is then only the start
    heat_duty: float | None = None
    height: float = 0.0  # m, a moving bed's height
    voidage: float = 0.0  # a moving bed's voidage
    grid_zone: bool = False  # kunii_levenspiel only: the distributor's jet zone (clc.kl_bed, grid_zone)


@dataclass(frozen=True)
class UnitSpec:
    """A CLC unit in SI units (built from a config file by :mod:`clc.config`)."""

    name: str
    carrier: str
    fuel: dict  # mole fractions of a gaseous fuel (empty for a solid fuel)
    thermal_power: float  # W, fuel LHV input
    fuel_temperature: float  # K, also the temperature of the fuel reactor's extra feed
    air_temperature: float  # K
    air_excess: float  # air O2 / O2 the fuel needs
    pressure: float  # Pa
    solids_circulation: float  # kg/s, oxidised basis
    d_p: float
    rho_p: float
    eps_mf: float
    fuel_reactor: ReactorSpec
    air_reactor: ReactorSpec
    n_cells: int = 8  # at least this many cells per reactor
    cell_height: float = 0.2  # m, tallest cell of a bubbling bed
    riser_cell_height: float = 1.0  # m, tallest cell of a riser (plug flow, results change < 1e-4 below this)
    wgs_equilibrium: bool = True
    extrapolate_kinetics: bool = False
    solid_fuel: SolidFuelSpec | None = None  # when given, the fuel is solid and ``fuel`` is unused
    # K: a heat exchanger on the solids line from the air to the fuel reactor (an external
    # fluidized-bed heat exchanger) cools the carrier to this temperature; None: no cooler
    solids_cooler_temperature: float | None = None
