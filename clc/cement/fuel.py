"""A solid fuel from its ultimate analysis and heating value: air demand, flue gas, enthalpy.

The fuel is given as received: mass fractions of C, H, O, N, S, ash and moisture (summing to
1) and its lower heating value (LHV, as received, products at 25 degC with water as vapour).
Both are inputs (no correlation guesses a heating value). Per kg fuel:

    O2 demand  = C/M_C + H/(2 M_H2) ... as mol: n_C + n_H2/2 - n_O2(fuel)
    products   = n_C CO2 + (n_H2 + n_moisture) H2O + n_N2 N2
    h_fuel(T0) = sum(products h) - O2 demand h_O2 + LHV     (so burning it releases exactly LHV)

Simplifications (labelled): sulfur is counted in the LHV but leaves with the ash as an inert, so
it adds no O2 demand: in a kiln line the fuel S burnt in the kiln and calciner is taken up by the
lime and leaves with the clinker (retention 1, ASSUMPTION; source and the SO3 it adds:
:mod:`clc.cement.coal`); the fuel enters at 25 degC.

>>> f = Fuel({"C": 0.70, "H": 0.045, "O": 0.08, "N": 0.015, "S": 0.01, "ash": 0.12, "moisture": 0.03}, 27e6)
>>> round(f.o2_demand, 2)   # mol O2 / kg fuel
66.94
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .. import thermo
from .rawmeal import validate_fractions

T_REF = 298.15
ULTIMATE = ("C", "H", "O", "N", "S", "ash", "moisture")
AIR = {"O2": 0.21, "N2": 0.79}  # assumption: dry air, argon lumped with N2 (as clc.loop)


@dataclass(frozen=True)
class Fuel:
    ultimate: dict[str, float]  # as-received mass fractions
    lhv: float  # J/kg, as received
    name: str = "coal"
    source: str = ""
    ultimate_checked: dict = field(init=False, repr=False)

    def __post_init__(self):
        u = validate_fractions(self.ultimate, "fuel.ultimate", allowed=ULTIMATE, tol=1e-4)
        object.__setattr__(self, "ultimate_checked", u)
        if not (math.isfinite(self.lhv) and 5e6 <= self.lhv <= 50e6):
            raise ValueError(f"fuel.lhv={self.lhv / 1e6:g} MJ/kg is outside the allowed range [5, 50] MJ/kg")
        if self.o2_demand <= 0:
            raise ValueError("fuel.ultimate: the fuel needs no oxygen (no C or H)")

    def _n(self, el: str, sp: str) -> float:
        return self.ultimate_checked.get(el, 0.0) / thermo.species(sp).molar_mass

    @property
    def o2_demand(self) -> float:
        """mol O2 per kg fuel for complete combustion."""
        return self._n("C", "C") + self._n("H", "H2") / 2 - self._n("O", "O2")

    def products(self) -> dict[str, float]:
        """mol per kg fuel of CO2, H2O and N2 from complete combustion (air N2 not included)."""
        return {"CO2": self._n("C", "C"), "H2O": self._n("H", "H2") + self._n("moisture", "H2O"),
                "N2": self._n("N", "N2")}

    @property
    def inert(self) -> float:
        """kg per kg fuel leaving as solid (ash + sulfur, see the module note)."""
        return self.ultimate_checked.get("ash", 0.0) + self.ultimate_checked.get("S", 0.0)

    @property
    def enthalpy(self) -> float:
        """h [J/kg] of the fuel at 25 degC on the elements' standard-state basis (see above)."""
        h = {n: thermo.h(n, T_REF) for n in ("CO2", "H2O", "N2", "O2")}
        return sum(v * h[k] for k, v in self.products().items()) - self.o2_demand * h["O2"] + self.lhv

    @property
    def co2(self) -> float:
        """kg CO2 per kg fuel burnt."""
        return self.products()["CO2"] * thermo.species("CO2").molar_mass

    def flue_gas(self, excess_air: float) -> dict[str, float]:
        """mol per kg fuel of flue gas with air ``excess_air`` times the O2 demand."""
        if not (math.isfinite(excess_air) and 1.0 <= excess_air <= 3.0):
            raise ValueError(f"excess_air={excess_air:g} is outside the allowed range [1, 3]")
        gas = self.products()
        o2 = excess_air * self.o2_demand
        gas["O2"] = o2 - self.o2_demand
        gas["N2"] = gas["N2"] + o2 * AIR["N2"] / AIR["O2"]
        return gas

    def air(self, excess_air: float) -> dict[str, float]:
        """mol air (O2, N2) per kg fuel."""
        o2 = excess_air * self.o2_demand
        return {"O2": o2, "N2": o2 * AIR["N2"] / AIR["O2"]}
