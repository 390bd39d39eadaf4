"""Gas species of the reactor models, their stoichiometry with the carrier, and properties.

One fixed species order is used by every reactor: :data:`SPECIES`. Transport properties
(viscosity, diffusivity) come from Cantera's GRI-Mech 3.0 transport data, evaluated once per
solve, outside the hot loop.
"""

from __future__ import annotations

import functools

import cantera as ct
import numpy as np

from . import thermo
from .constants import R

SPECIES = ("CH4", "CO", "H2", "CO2", "H2O", "N2", "O2")
INDEX = {name: i for i, name in enumerate(SPECIES)}
N_SPECIES = len(SPECIES)

# Gas-solid reactions: gas change per mole of reacting gas, and O atoms the gas takes from the
# solid per mole (negative: the gas gives O to the solid).
CARRIER_REACTIONS = {
    "CH4": ({"CH4": -1.0, "CO2": 1.0, "H2O": 2.0}, 4.0),
    "CO": ({"CO": -1.0, "CO2": 1.0}, 1.0),
    "H2": ({"H2": -1.0, "H2O": 1.0}, 1.0),
    "O2": ({"O2": -1.0}, -2.0),
}
WGS = {"CO": -1.0, "H2O": -1.0, "CO2": 1.0, "H2": 1.0}  # CO + H2O -> CO2 + H2


def vector(d: dict[str, float]) -> np.ndarray:
    """Species dict -> array in :data:`SPECIES` order."""
    v = np.zeros(N_SPECIES)
    for name, x in d.items():
        if name not in INDEX:
            raise KeyError(f"gas species {name!r} is not modelled; allowed: {', '.join(SPECIES)}")
        v[INDEX[name]] = x
    return v


def element_matrix() -> tuple[tuple[str, ...], np.ndarray]:
    """(elements, A) with A[e, i] atoms of element e in species i."""
    elements = ("C", "H", "O", "N")
    A = np.zeros((len(elements), N_SPECIES))
    for i, name in enumerate(SPECIES):
        for el, n in thermo.species(name).composition.items():
            A[elements.index(el), i] = n
    return elements, A


def wgs_equilibrium_constant(T: float) -> float:
    """K of CO + H2O = CO2 + H2 at T [K] (equal moles: K_c = K_p)."""
    return thermo.Reaction("CO + H2O -> CO2 + H2").K(T)


@functools.cache
def _gri30() -> ct.Solution:
    return ct.Solution("gri30.yaml")


def transport(T: float, P: float, y: np.ndarray, key: str) -> tuple[float, float, float]:
    """(viscosity [Pa s], density [kg/m3], diffusivity of ``key`` in the mixture [m2/s]).

    Mixture-averaged transport of GRI-Mech 3.0 (Smith et al., http://combustion.berkeley.edu/gri-mech/)
    in Cantera.
    """
    gas = _gri30()
    comp = {name: max(float(x), 0.0) for name, x in zip(SPECIES, y) if x > 0}
    gas.TPX = T, P, comp
    k = gas.species_index(key)
    d = float(gas.mix_diff_coeffs[k])
    if not d > 0.0:  # a pure gas has no mixture-averaged value: take it diluting in its product, CO2
        d = float(gas.binary_diff_coeffs[k, gas.species_index("CO2")])
    return float(gas.viscosity), float(gas.density), d


def concentration_total(T: float, P: float) -> float:
    """Total molar concentration P / (R T) [mol/m3]."""
    return P / (R * T)
