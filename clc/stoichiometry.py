"""Parsing of reaction equations such as ``"CH4 + 12 Fe2O3 -> 8 Fe3O4 + CO2 + 2 H2O"``.

Species names are the package's own (``Fe2O3``, ``CH4``), not Cantera's phase-tagged
names; :mod:`clc.thermo` maps them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TERM = re.compile(r"^\s*(?:(\d+(?:\.\d*)?|\.\d+)\s*)?([A-Za-z][A-Za-z0-9()]*)\s*$")


@dataclass(frozen=True)
class Equation:
    """A parsed reaction equation: stoichiometric coefficients by species.

    ``reactants`` and ``products`` hold positive coefficients; :attr:`nu` gives the signed
    ones (negative for reactants).

    >>> eq = Equation.parse("CH4 + 12 Fe2O3 -> 8 Fe3O4 + CO2 + 2 H2O")
    >>> eq.nu["Fe2O3"], eq.nu["H2O"]
    (-12.0, 2.0)
    """

    text: str
    reactants: dict[str, float]
    products: dict[str, float]

    @classmethod
    def parse(cls, text: str) -> "Equation":
        if "->" in text:
            left, right = text.split("->")
        elif "=>" in text:
            left, right = text.split("=>")
        elif "<=>" in text:
            left, right = text.split("<=>")
        else:
            raise ValueError(f"reaction equation {text!r}: expected 'reactants -> products'")
        return cls(text.strip(), _side(left, text), _side(right, text))

    @property
    def nu(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for name, c in self.reactants.items():
            out[name] = out.get(name, 0.0) - c
        for name, c in self.products.items():
            out[name] = out.get(name, 0.0) + c
        return out

    @property
    def species(self) -> list[str]:
        return list(dict.fromkeys([*self.reactants, *self.products]))


def _side(side: str, text: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for term in side.split(" + "):
        m = _TERM.match(term)
        if not m:
            raise ValueError(f"reaction equation {text!r}: cannot read the term {term.strip()!r}")
        coeff = float(m.group(1)) if m.group(1) else 1.0
        out[m.group(2)] = out.get(m.group(2), 0.0) + coeff
    return out
