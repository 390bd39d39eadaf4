"""Raw meal -> clinker: oxides, raw-meal-to-clinker ratio, calcination CO2, Bogue phases.

Raw meal is given as dry mass fractions of species :mod:`clc.thermo` knows (carbonates and
oxides); alumina and silica enter as free oxides (simplification: clay minerals and their
dehydroxylation are not modelled, clc.thermo has no kaolinite). Carbonates lose all their CO2
by the kiln outlet; every other species goes into the clinker as its oxide.

Bogue phases are computed from stoichiometry (all Fe2O3 in C4AF, the remaining Al2O3 in C3A,
the CaO left after free lime and CaSO4 shared between C3S and C2S), which reproduces the
Bogue (1929) / ASTM C150 coefficients (4.071 CaO - 7.600 SiO2 - ...; checked in the tests).
Valid for Al2O3/Fe2O3 >= 0.64 by mass (= equal moles) and for clinkers with both silicates.

>>> c = clinker_from_raw_meal({"CaCO3": 0.78, "MgCO3": 0.015, "SiO2": 0.135, "Al2O3": 0.045, "Fe2O3": 0.025})
>>> round(c.raw_meal_per_clinker, 3), round(c.calcination_co2, 3)   # kg/kg clinker
(1.54, 0.54)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cantera as ct

from .. import thermo
from .data import PHASES

RAW_MEAL_SPECIES = ("CaCO3", "MgCO3", "SiO2", "Al2O3", "Fe2O3", "CaO", "MgO")
# carbonate -> (oxide, CO2 per mole)
CARBONATES = {"CaCO3": "CaO", "MgCO3": "MgO"}


def molar_mass(formula: dict[str, float]) -> float:
    """kg/mol of an element formula, from Cantera's atomic weights."""
    return sum(ct.Element(el).weight * n for el, n in formula.items()) / 1000.0


M_SO3 = molar_mass({"S": 1, "O": 3})


def phase_molar_mass(phase: str) -> float:
    return molar_mass(PHASES[phase]["formula"])


def validate_fractions(comp: dict, field: str, allowed=RAW_MEAL_SPECIES, tol: float = 1e-6) -> dict[str, float]:
    """Mass fractions checked: known names, each in [0, 1], finite, summing to 1 within ``tol``."""
    if not isinstance(comp, dict) or not comp:
        raise ValueError(f"{field}: needs mass fractions, e.g. {{CaCO3 = 0.78, SiO2 = 0.14, ...}}")
    out = {}
    for k, v in comp.items():
        if k not in allowed:
            raise ValueError(f"{field}.{k}: species not modelled; allowed: {', '.join(allowed)}")
        try:
            x = float(v)
        except (TypeError, ValueError):
            raise ValueError(f"{field}.{k}={v!r}: not a number") from None
        if not math.isfinite(x) or not 0.0 <= x <= 1.0:
            raise ValueError(f"{field}.{k}={x:g} is outside the allowed range [0, 1]")
        out[k] = x
    total = sum(out.values())
    if abs(total - 1.0) > tol:
        raise ValueError(f"{field}: mass fractions sum to {total:.6g}, not 1 (allowed deviation {tol:g})")
    return out


@dataclass(frozen=True)
class Clinker:
    """Clinker made from 1 kg of dry raw meal, and per-kg-clinker figures."""

    raw_meal: dict[str, float]  # dry mass fractions
    oxides: dict[str, float]  # clinker oxide mass fractions (sum 1)
    raw_meal_per_clinker: float  # kg dry raw meal / kg clinker
    calcination_co2: float  # kg CO2 / kg clinker from carbonates (stoichiometric)

    def moles_per_kg_clinker(self) -> dict[str, float]:
        """mol of each raw-meal species per kg clinker."""
        return {k: x * self.raw_meal_per_clinker / thermo.species(k).molar_mass for k, x in self.raw_meal.items()}


def clinker_from_raw_meal(raw_meal: dict) -> Clinker:
    """Clinker oxides and ratios from a dry raw-meal composition (mass fractions summing to 1).

    Clinker mass per kg raw meal = 1 - LOI, LOI = sum(w_carbonate M_CO2 / M_carbonate).
    """
    rm = validate_fractions(raw_meal, "raw_meal.composition")
    m_co2 = thermo.species("CO2").molar_mass
    oxide_mass: dict[str, float] = {}
    co2 = 0.0
    for k, w in rm.items():
        if k in CARBONATES:
            n = w / thermo.species(k).molar_mass
            ox = CARBONATES[k]
            oxide_mass[ox] = oxide_mass.get(ox, 0.0) + n * thermo.species(ox).molar_mass
            co2 += n * m_co2
        else:
            oxide_mass[k] = oxide_mass.get(k, 0.0) + w
    clinker = sum(oxide_mass.values())
    if clinker <= 0:
        raise ValueError("raw_meal.composition: gives no clinker")
    return Clinker(rm, {k: v / clinker for k, v in oxide_mass.items()}, 1.0 / clinker, co2 / clinker)


def bogue(oxides: dict[str, float], free_lime: float = 0.0, so3: float = 0.0) -> dict[str, float]:
    """Bogue potential phases [mass fraction of clinker] from clinker oxide mass fractions.

    n_C4AF = n_F; n_C3A = n_A - n_F; n_C' = n_C(combined) - 4 n_C4AF - 3 n_C3A;
    n_C3S = n_C' - 2 n_S; n_C2S = 3 n_S - n_C'; CaO combined = CaO - free lime - CaO in CaSO4.
    Raises ValueError outside the Bogue domain (A/F < 0.64, or a negative silicate).

    >>> p = bogue({"CaO": 0.655, "SiO2": 0.215, "Al2O3": 0.052, "Fe2O3": 0.030, "MgO": 0.015})
    >>> {k: round(v, 3) for k, v in p.items()}
    {'C3S': 0.641, 'C2S': 0.133, 'C3A': 0.087, 'C4AF': 0.091}
    """
    for name, x in (("clinker.free_lime", free_lime), ("clinker.SO3", so3)):
        if not (math.isfinite(x) and 0.0 <= x <= 0.2):
            raise ValueError(f"{name}={x:g} is outside the allowed range [0, 0.2]")
    n = {k: oxides.get(k, 0.0) / thermo.species(k).molar_mass for k in ("CaO", "SiO2", "Al2O3", "Fe2O3")}
    n_c = n["CaO"] - free_lime / thermo.species("CaO").molar_mass - so3 / M_SO3
    if n["Al2O3"] < n["Fe2O3"]:
        ratio = oxides.get("Al2O3", 0.0) / max(oxides.get("Fe2O3", 0.0), 1e-300)
        raise ValueError(f"clinker Al2O3/Fe2O3 = {ratio:.3g} (mass) is below 0.64: outside the Bogue (ASTM C150) domain")
    c4af = n["Fe2O3"]
    c3a = n["Al2O3"] - c4af
    c_left = n_c - 4 * c4af - 3 * c3a
    c3s = c_left - 2 * n["SiO2"]
    c2s = 3 * n["SiO2"] - c_left
    if c3s < 0 or c2s < 0:
        which = "too little lime for C2S (C3S < 0)" if c3s < 0 else "more lime than C3S can bind (C2S < 0; LSF > 1)"
        raise ValueError(f"clinker oxides outside the Bogue domain: {which}")
    moles = {"C3S": c3s, "C2S": c2s, "C3A": c3a, "C4AF": c4af}
    return {k: v * phase_molar_mass(k) for k, v in moles.items()}


def bogue_coefficients() -> dict[str, dict[str, float]]:
    """The Bogue coefficients implied by the stoichiometry above (to compare with ASTM C150)."""
    M = {k: thermo.species(k).molar_mass for k in ("CaO", "SiO2", "Al2O3", "Fe2O3")}
    Ms = {k: phase_molar_mass(k) for k in PHASES}
    c3s = Ms["C3S"]
    return {
        "C3S": {"CaO": c3s / M["CaO"], "SiO2": -2 * c3s / M["SiO2"],
                "Al2O3": -3 * c3s / M["Al2O3"],
                "Fe2O3": -c3s / M["Fe2O3"],  # C4AF takes 4 CaO and frees 3 CaO of C3A
                "SO3": -c3s / M_SO3},
        # n_C2S = n_S - n_C3S
        "C2S": {"SiO2": Ms["C2S"] / M["SiO2"], "C3S": -Ms["C2S"] / c3s},
        "C3A": {"Al2O3": Ms["C3A"] / M["Al2O3"], "Fe2O3": -Ms["C3A"] / M["Fe2O3"]},
        "C4AF": {"Fe2O3": Ms["C4AF"] / M["Fe2O3"]},
    }
