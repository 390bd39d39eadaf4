"""The reactor interface of the loop: a bed solved for given gas and solids inlets.

A reactor model is a class built from the unit and its reactor spec, whose ``solve`` takes the
gas and solids inlets and returns a :class:`Outcome` (outlets, the bed's own balances, a
profile along the height, its figures, the validity warnings, and the model's native result).
The loop (:mod:`clc.loop`) knows reactors only through this interface.

The registry names each type by its ``type`` in the unit file and the class that implements
it, as "module:Class" (imported when first used, so :mod:`clc.config` can check a type without
importing any solver). A new reactor type is one module with such a class plus one line in
:data:`REACTOR_TYPES` (or a call of :func:`register`), e.g.::

    "spouted": ReactorType("clc.spouted_bed:SpoutedBed", ("fuel_reactor",)),
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np


@dataclass(frozen=True)
class GasInlet:
    """Gas fed to the bed: at its bottom, except ``emulsion_feed``."""

    feed: np.ndarray  # mol/s of each clc.gas.SPECIES
    T: float  # K
    P: float  # Pa
    # mol/s of ``feed`` made in the bed itself (a solid fuel's gases), released in the emulsion of a
    # bubbling bed along its height (clc.bubbling_bed.BedInput.emulsion_feed); None: all at the bottom.
    # Reactor types without an emulsion take the whole feed at the bottom.
    emulsion_feed: np.ndarray | None = None


@dataclass(frozen=True)
class SolidsInlet:
    """Solids fed to the bed."""

    flow: float  # kg/s, oxidised basis
    x_in: float  # conversion of the entering solids in this bed's reaction direction, [0, 1] (1: spent, nothing reacts)


@dataclass(frozen=True)
class Profile:
    """Gas along the height (the phase the solids see)."""

    z: np.ndarray  # m
    y: np.ndarray  # (n_z, n_species) mole fractions
    solids: np.ndarray  # weight of each point in the solids' mean (kg of solids per cell, or equal weights)


@dataclass(frozen=True)
class Outcome:
    """What a reactor gives the loop.

    Attribute look-ups the outcome does not hold go to the model's native ``result`` (e.g. a
    bubbling bed's ``hydro``, ``y_bubble``), so existing code keeps reading them there.
    """

    outlet: np.ndarray  # mol/s of each clc.gas.SPECIES leaving
    x_out: float  # mean conversion of the leaving solids
    oxygen_to_gas: float  # mol O/s the solids gave the gas (negative: taken from it)
    t_mean: float  # s, mean solids residence time
    pressure_drop: float  # Pa
    height: float  # m of bed
    u0_over_umf: float | None  # None: not a fluidized bed
    profile: Profile
    balances: dict = field(default_factory=dict)  # the bed's own relative residuals
    warnings: tuple[str, ...] = ()  # correlations used outside their validity ranges
    # figures some types add (None: not this type)
    freeboard_height: float | None = None
    freeboard_solids: float | None = None
    riser_dense_height: float | None = None
    terminal_velocity: float | None = None
    riser_implied_circulation: float | None = None
    result: object = None  # the model's native result

    def __getattr__(self, name: str):
        if name.startswith("__") or name == "result":
            raise AttributeError(name)
        return getattr(self.result, name)


@functools.cache
def _oxygen_row() -> np.ndarray:
    from . import gas

    elements, A = gas.element_matrix()
    return A[elements.index("O")]


def oxygen_balance(feed: np.ndarray, outlet: np.ndarray, oxygen_to_gas: float) -> float:
    """Relative residual of the O the gas gained against the O the solids gave (per gas.SPECIES flows)."""
    o_gas = float(_oxygen_row() @ (outlet - feed))
    return (o_gas - oxygen_to_gas) / max(abs(oxygen_to_gas), 1e-300)


@runtime_checkable
class Reactor(Protocol):
    """A bed of the loop, built by ``cls(unit, spec, reacting_gases)`` (``clc.specs`` objects)."""

    def solve(self, gas_in: GasInlet, solids_in: SolidsInlet) -> Outcome:
        """Steady state of the bed for these inlets (RuntimeError when not found)."""

    def warm_start(self, other: Reactor) -> None:
        """Start the next solves from ``other``'s last solution (a nearby unit of the same type)."""


@dataclass(frozen=True)
class ReactorType:
    target: str  # "module:Class"
    roles: tuple[str, ...]  # "fuel_reactor" and/or "air_reactor"


REACTOR_TYPES: dict[str, ReactorType] = {
    "bubbling": ReactorType("clc.bubbling_bed:FluidizedBed", ("fuel_reactor", "air_reactor")),
    "riser": ReactorType("clc.bubbling_bed:FluidizedBed", ("fuel_reactor", "air_reactor")),
    "moving_bed": ReactorType("clc.moving_bed_reactor:MovingBed", ("fuel_reactor",)),
    "kunii_levenspiel": ReactorType("clc.kl_bed_reactor:KuniiLevenspielBed", ("fuel_reactor",)),
}


def register(name: str, target: str, roles: tuple[str, ...] = ("fuel_reactor", "air_reactor")) -> None:
    """Add a reactor type: ``target`` is "module:Class" of a class meeting :class:`Reactor`."""
    if ":" not in target:
        raise ValueError(f"reactor type {name!r}: target={target!r} must be 'module:Class'")
    bad = [r for r in roles if r not in ("fuel_reactor", "air_reactor")]
    if bad or not roles:
        raise ValueError(f"reactor type {name!r}: roles={roles!r}; allowed: 'fuel_reactor', 'air_reactor'")
    REACTOR_TYPES[name] = ReactorType(target, tuple(roles))


def types_for(role: str) -> tuple[str, ...]:
    """Reactor types allowed as ``role`` ("fuel_reactor" or "air_reactor")."""
    return tuple(n for n, t in REACTOR_TYPES.items() if role in t.roles)


def reactor_class(name: str) -> type:
    """The class of reactor type ``name``."""
    if name not in REACTOR_TYPES:
        raise ValueError(f"reactor type={name!r}; allowed: {', '.join(map(repr, REACTOR_TYPES))}")
    module, _, attr = REACTOR_TYPES[name].target.partition(":")
    return getattr(importlib.import_module(module), attr)


def build(unit, spec, reacting_gases: tuple[str, ...]) -> Reactor:
    """The reactor of ``spec`` (a :class:`clc.specs.ReactorSpec`) in ``unit``."""
    return reactor_class(spec.regime)(unit, spec, reacting_gases)


def oxygen_moles(flows: dict) -> float:
    """mol O/s held in species flows {name: mol/s} (gas or solid species of :mod:`clc.thermo`)."""
    from . import thermo

    return sum(v * thermo.species(k).composition.get("O", 0.0) for k, v in flows.items())


def reducer_gases(type_name: str, reacting_gases: tuple[str, ...],
                  fuels: tuple[str, ...] = ("CH4", "CO", "H2")) -> tuple[str, ...]:
    """The fuel gases a fuel-reactor-only type reacts; an air reactor (no fuel gas) is refused."""
    reacting = tuple(g for g in reacting_gases if g in fuels)
    if not reacting:
        raise ValueError(f"type={type_name!r} is a fuel reactor (a reducer); an air reactor takes "
                         "'bubbling' or 'riser'")
    return reacting
