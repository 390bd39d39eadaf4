"""Heat of clinker formation at 25 degC, from thermochemistry (never a hard-coded total).

Reaction: dry raw meal (carbonates, oxides) at 298.15 K -> clinker (Bogue phases, free lime,
MgO) + CO2(g) at 298.15 K. It is split into

* calcination: sum over carbonates of n (h_oxide + h_CO2 - h_carbonate), Cantera (NASA) data;
* phase formation from the oxides: n_phase (dHf_phase - sum nu_ox dHf_ox), with dHf_phase from
  :data:`clc.cement.data.PHASES` (cited there) and dHf_ox from Cantera at 298.15 K.

Raw-meal moisture evaporation is reported apart (it is not part of clinker formation). Units:
J per kg clinker. Validity: Bogue domain (see :mod:`clc.cement.rawmeal`); crystalline phases,
no minor phases (alkali sulfates, MgO solid solution) and no clay dehydroxylation.

>>> from clc.cement.rawmeal import clinker_from_raw_meal
>>> c = clinker_from_raw_meal({"CaCO3": 0.785, "MgCO3": 0.015, "SiO2": 0.14, "Al2O3": 0.037, "Fe2O3": 0.023})
>>> f = heat_of_formation(c)
>>> 1.5e6 < f["total"] < 2.0e6   # J/kg clinker; Taylor's textbook figure is about 1.75 MJ/kg
True
"""

from __future__ import annotations

from .. import thermo
from .data import PHASES
from .rawmeal import CARBONATES, Clinker, bogue, phase_molar_mass

T_REF = 298.15  # K


def phase_formation_from_oxides(phase: str) -> float:
    """dH [J/mol] of forming ``phase`` from its oxides at 298.15 K (negative: exothermic).

    >>> round(phase_formation_from_oxides("C3S") / 1e3, 1)   # kJ/mol
    -113.1
    """
    p = PHASES[phase]
    return p["dHf_kJ"] * 1e3 - sum(nu * thermo.h(ox, T_REF) for ox, nu in p["oxides"].items())


def heat_of_formation(clinker: Clinker, free_lime: float = 0.0) -> dict[str, float]:
    """Heat of clinker formation [J/kg clinker] at 298.15 K and its parts.

    Returns keys ``calcination CaCO3``, ``calcination MgCO3``, ``formation C3S`` ... and ``total``.
    """
    out: dict[str, float] = {}
    n = clinker.moles_per_kg_clinker()
    for carb, ox in CARBONATES.items():
        if n.get(carb, 0.0) > 0:
            dh = thermo.h(ox, T_REF) + thermo.h("CO2", T_REF) - thermo.h(carb, T_REF)
            out[f"calcination {carb}"] = n[carb] * dh
    phases = bogue(clinker.oxides, free_lime=free_lime)
    for ph, w in phases.items():
        out[f"formation {ph}"] = w / phase_molar_mass(ph) * phase_formation_from_oxides(ph)
    out["total"] = sum(out.values())
    return out
