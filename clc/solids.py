"""Phase composition and enthalpy of an oxygen carrier at any degree of reduction.

Per kg of fully oxidised carrier, the redox pair holds n_u = R_OC / (2 M_O) mol of "O2 units"
of its oxidation equation (e.g. 4 FeTiO3 + O2 -> 2 Fe2TiO5 + 2 TiO2): at reduction degree s
(0 = oxidised, 1 = fully reduced) the carrier holds (1 - s) n_u nu_p of each product and
s n_u nu_r of each reactant; the rest of the mass is inert (the composition's other phases, or
the set's labelled ``inert`` species). Enthalpies come from the NASA kernels of :mod:`clc.nasa`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import yaml

from . import carriers, thermo
from .data import kinetics_dir
from .stoichiometry import Equation

M_O2 = 2 * thermo.M_O  # kg/mol


@dataclass(frozen=True)
class SolidModel:
    carrier: str
    names: tuple[str, ...]
    oxidised: np.ndarray  # mol/kg of fully oxidised carrier, per species in ``names``
    reduced: np.ndarray  # mol/kg at s = 1
    arrays: thermo.NasaArrays

    def moles(self, s: float) -> np.ndarray:
        """mol of each species per kg of oxidised carrier at reduction degree s."""
        return (1.0 - s) * self.oxidised + s * self.reduced

    def enthalpy(self, T: float, s: float) -> float:
        """Enthalpy [J per kg of oxidised carrier] at T [K] and reduction degree s."""
        n = self.moles(s)
        return float(sum(n[k] * self.arrays.h(name, T) for k, name in enumerate(self.names) if n[k] != 0.0))

    def elements(self, s: float) -> dict[str, float]:
        """mol of each element per kg of oxidised carrier."""
        out: dict[str, float] = {}
        for k, name in enumerate(self.names):
            for el, a in thermo.species(name).composition.items():
                out[el] = out.get(el, 0.0) + a * self.moles(s)[k]
        return out


@functools.cache
def solid_model(carrier_name: str) -> SolidModel:
    """The phase model of a carrier set (see the module docstring)."""
    c = carriers.load(carrier_name)
    eq = Equation.parse(c.oxidation)
    n_u = c.R_OC / M_O2 / eq.reactants["O2"]
    amounts: dict[str, list[float]] = {}
    for name, nu in eq.products.items():
        amounts.setdefault(name, [0.0, 0.0])[0] += nu * n_u
    for name, nu in eq.reactants.items():
        if name != "O2":
            amounts.setdefault(name, [0.0, 0.0])[1] += nu * n_u
    pair_mass = sum(a[0] * thermo.species(n).molar_mass for n, a in amounts.items())
    inert_mass = 1.0 - pair_mass
    if inert_mass < -1e-9:
        raise ValueError(f"carrier {c.name}: R_OC={c.R_OC} needs more than 1 kg of redox pair per kg")
    inert = {n: p.value for n, p in c.composition.items() if n not in amounts}
    if not inert:
        doc = yaml.safe_load((kinetics_dir() / f"{c.name}.yaml").read_text())
        if "inert" not in doc:
            raise ValueError(f"carrier {c.name}: give its composition or an 'inert' species for the solids' enthalpy")
        inert = {doc["inert"]["species"]: 1.0}
    total = sum(inert.values())
    for name, w in inert.items():
        mol = inert_mass * w / total / thermo.species(name).molar_mass
        amounts.setdefault(name, [0.0, 0.0])
        amounts[name][0] += mol
        amounts[name][1] += mol
    names = tuple(amounts)
    return SolidModel(c.name, names, np.array([amounts[n][0] for n in names]),
                      np.array([amounts[n][1] for n in names]), thermo.nasa_arrays(names))
