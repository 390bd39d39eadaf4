"""Lumped tar: the volatile matter that the named gases cannot hold, as one species C_x H_y O_z.

:func:`clc.solid_fuel.devolatilize` (without closing species) leaves the C, H and O of the volatile
matter that the given gas yields do not hold as ``Devolatilization.tar`` (mol per kg of
as-received fuel). This module makes that remainder a species the loop can carry: its element
moles, its enthalpy at T, its O2 demand, and the gas it gives when it is converted.

Formation enthalpy at 298.15 K (two methods, ``method``):

- ``"difference"`` (default): the tar takes the enthalpy the fuel leaves after the gases and the
  char, so that devolatilization is thermoneutral and burning every product gives back the
  fuel's heating value exactly::

      H_tar = h_fuel - sum_gas n_i h_f,i - n_moisture h_f(H2O, l)      [J per kg fuel]

  (h_fuel from the fuel's HHV, :func:`clc.solid_fuel.formation_enthalpy`; char as graphite
  and S, Cl as elements, all at zero; the moisture stays liquid so its heat of evaporation is not
  charged to the tar). Labelled assumption: the heat of devolatilization is zero.
- ``"channiwala_parikh"``: the tar's own HHV from the Channiwala & Parikh correlation
  (:func:`clc.solid_fuel.hhv_channiwala_parikh`, Fuel 81 (2002) 1051) applied to the tar's own
  C, H, O mass fractions, then H_tar = HHV_tar m_tar + n_C h(CO2) + (n_H / 2) h(H2O, l). ASSUMPTION:
  the correlation, fitted on whole solid fuels, holds for the tar. The difference between the two
  (:meth:`Tar.devolatilization_heat`) is then the heat of devolatilization it implies.

Sensible enthalpy (ASSUMPTION, labelled): the Neumann-Kopp rule, the tar's heat capacity is the
sum of its elements' in their reference states (graphite, H2, O2; Cantera's NASA data):
h_tar(T) - h_tar(298.15) = n_C dh_C(gr) + (n_H / 2) dh_H2 + (n_O / 2) dh_O2. The tar is a vapour at
bed temperature; no measured tar heat capacity was read here.

Closures for the loop (:meth:`Tar.converted_gas`):

- ``"oxidised"``: C_x H_y O_z + (2x + y/2 - z) O[carrier] -> x CO2 + (y/2) H2O: the tar burns on
  the carrier in the bed, taking ``carrier_oxygen`` mol O per kg fuel from it;
- ``"reformed"``: C_x H_y O_z + (x - z) H2O -> x CO + (x - z + y/2) H2: steam reforming, complete
  (ASSUMPTION: fast and complete in the bed; no tar cracking kinetics was read here); the CO and
  H2 then meet the carrier as any gas of the bed;
- unburnt: the tar leaves with the bypassing volatiles; :meth:`Tar.o2_demand` is what oxygen
  polishing must supply for it.

All quantities per kg of as-received fuel; moles in mol, enthalpy in J, SI otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import gas, solid_fuel, thermo

METHODS = ("difference", "channiwala_parikh")
ROUTES = ("oxidised", "reformed")
T_REF = 298.15


def _liquid_water_enthalpy() -> float:
    """h(H2O, l) at 298.15 K [J/mol] = h(H2O, g) - h_fg (Cantera's NASA data)."""
    return thermo.h("H2O", T_REF) - solid_fuel.water_latent_heat() * thermo.species("H2O").molar_mass


def elements_of(d: solid_fuel.Devolatilization) -> dict[str, float]:
    """C, H, O of the tar [mol per kg as-received fuel] of a devolatilization (zeros when none)."""
    return {el: float(d.tar.get(el, 0.0)) for el in ("C", "H", "O")}


@dataclass(frozen=True)
class Tar:
    """The tar one kg of as-received fuel gives: element moles and formation enthalpy.

    ``C``, ``H``, ``O`` [mol/kg fuel]; ``formation_enthalpy`` [J/kg fuel] at 298.15 K on the
    elements' reference basis (as Cantera's); ``method`` how it was found; ``difference_enthalpy``
    [J/kg fuel] the value the ``"difference"`` method gives (equal to ``formation_enthalpy`` for it).
    """

    fuel: str
    C: float
    H: float
    O: float
    formation_enthalpy: float
    method: str
    difference_enthalpy: float

    def __post_init__(self):
        for el in ("C", "H", "O"):
            v = getattr(self, el)
            if not (math.isfinite(v) and v >= 0.0):
                raise ValueError(f"tar of {self.fuel}: {el}={v!r} mol/kg must be finite and not negative")

    @property
    def elements(self) -> dict[str, float]:
        """mol of C, H, O per kg fuel."""
        return {"C": self.C, "H": self.H, "O": self.O}

    @property
    def mass(self) -> float:
        """kg of tar per kg of as-received fuel."""
        return sum(n * solid_fuel.ATOMIC_MASS[el] for el, n in self.elements.items())

    def formula(self) -> str:
        """Mean formula per C atom, e.g. ``"CH2.38O0.30"`` (empty tar: ``""``)."""
        if self.C <= 0.0:
            return "" if self.H <= 0.0 and self.O <= 0.0 else f"H{self.H:.3g}O{self.O:.3g} (no C)"
        return f"CH{self.H / self.C:.3g}O{self.O / self.C:.3g}"

    def o2_demand(self) -> float:
        """mol O2 per kg fuel to burn the tar to CO2 and H2O: C + H/4 - O/2."""
        return self.C + self.H / 4.0 - self.O / 2.0

    def sensible_enthalpy(self, T: float) -> float:
        """h(T) - h(298.15 K) [J/kg fuel], Neumann-Kopp rule on the elements (labelled assumption)."""
        if not (math.isfinite(T) and T > 0.0):
            raise ValueError(f"tar enthalpy: T={T!r} K must be positive and finite")
        d = lambda sp: thermo.h(sp, T) - thermo.h(sp, T_REF)
        return self.C * d("C") + self.H / 2.0 * d("H2") + self.O / 2.0 * d("O2")

    def enthalpy(self, T: float) -> float:
        """Enthalpy of the tar of 1 kg fuel at T [J/kg fuel]: formation + sensible."""
        return self.formation_enthalpy + self.sensible_enthalpy(T)

    def heat_of_combustion(self) -> float:
        """Heat released [J/kg fuel] burning the tar at 298.15 K to CO2 and H2O vapour (its LHV)."""
        return self.formation_enthalpy - (self.C * thermo.h("CO2", T_REF) + self.H / 2.0 * thermo.h("H2O", T_REF))

    def devolatilization_heat(self) -> float:
        """Heat [J/kg fuel] that devolatilization absorbs under this method (0 for ``"difference"``).

        = H_tar(method) - H_tar(difference): positive means the products hold more enthalpy than
        the fuel (endothermic devolatilization).
        """
        return self.formation_enthalpy - self.difference_enthalpy

    def converted_gas(self, route: str) -> tuple[np.ndarray, float]:
        """(gas change [mol/kg fuel, :data:`clc.gas.SPECIES` order], carrier O taken [mol O/kg fuel]).

        ``"oxidised"``: +x CO2, +y/2 H2O, O taken from the carrier 2x + y/2 - z.
        ``"reformed"``: -(x - z) H2O, +x CO, +(x - z + y/2) H2, no carrier O (a negative H2O
        consumption is H2O released, when the tar holds more O than C).
        """
        x, y, z = self.C, self.H, self.O
        if route == "oxidised":
            return gas.vector({"CO2": x, "H2O": y / 2.0}), 2.0 * x + y / 2.0 - z
        if route == "reformed":
            h2 = x - z + y / 2.0
            if h2 < -1e-12:
                raise ValueError(f"tar of {self.fuel}: reforming would give H2 = {h2:.4g} mol/kg < 0 "
                                 f"(tar {self.formula()} holds too much O); use route 'oxidised'")
            return gas.vector({"H2O": -(x - z), "CO": x, "H2": max(h2, 0.0)}), 0.0
        raise ValueError(f"tar route={route!r}; allowed: {', '.join(ROUTES)}")


def _difference_enthalpy(fuel: solid_fuel.Fuel, d: solid_fuel.Devolatilization) -> float:
    h = solid_fuel.formation_enthalpy(fuel)
    for sp, n in d.gas.items():
        if sp == "H2O_moisture":
            h -= n * _liquid_water_enthalpy()
        else:
            h -= n * thermo.h(sp, T_REF)
    return h  # char (graphite), S, Cl (elements) and ash are at zero at 298.15 K


def tar_of(fuel: solid_fuel.Fuel, d: solid_fuel.Devolatilization, method: str = "difference") -> Tar:
    """The lumped tar of ``d`` (a devolatilization of ``fuel``) with its formation enthalpy.

    >>> f = solid_fuel.load("Vorres1990_Illinois6_bituminous")
    >>> d = solid_fuel.devolatilize(f, {"CH4": 2.0, "CO": 1.0, "H2O": 1.0})   # illustrative yields
    >>> t = tar_of(f, d)
    >>> t.formula()
    'CH2.22O0.244'
    >>> round(t.devolatilization_heat(), 9)
    0.0
    """
    if d.fuel != fuel.name:
        raise ValueError(f"tar_of: the devolatilization is of {d.fuel!r}, not of fuel {fuel.name!r}")
    if method not in METHODS:
        raise ValueError(f"tar method={method!r}; allowed: {', '.join(METHODS)}")
    el = elements_of(d)
    h_diff = _difference_enthalpy(fuel, d)
    if method == "difference" or el["C"] + el["H"] + el["O"] <= 0.0:
        h = h_diff
    else:
        mass = {k: n * solid_fuel.ATOMIC_MASS[k] for k, n in el.items()}
        m = sum(mass.values())
        frac = {k: v / m for k, v in mass.items()}
        try:
            hhv = solid_fuel.hhv_channiwala_parikh({**frac, "N": 0.0, "S": 0.0, "ash": 0.0})
        except ValueError as e:
            raise ValueError(f"tar of {fuel.name} ({', '.join(f'{k} {100 * v:.1f}' for k, v in frac.items())} "
                             f"wt%): {e}; use method='difference'") from None
        h = hhv * m + el["C"] * thermo.h("CO2", T_REF) + el["H"] / 2.0 * _liquid_water_enthalpy()
    return Tar(fuel.name, el["C"], el["H"], el["O"], float(h), method, float(h_diff))


def products_heat_of_combustion(fuel: solid_fuel.Fuel, d: solid_fuel.Devolatilization, tar: Tar) -> float:
    """Heat [J/kg fuel] released burning every devolatilization product at 298.15 K to CO2, H2O vapour,
    SO2 (S as element) and N2: gases, char (graphite), tar, with the moisture as vapour.

    For ``method="difference"`` it equals LHV_ar + h_fg M (the fuel's LHV plus the heat of evaporation
    of its moisture, released already as vapour) exactly; otherwise it differs from that by
    -:meth:`Tar.devolatilization_heat`.
    """
    n = fuel.element_moles("ar")
    h_react = tar.formation_enthalpy
    for sp, k in d.gas.items():
        h_react += k * thermo.h("H2O" if sp == "H2O_moisture" else sp, T_REF)
    h_prod = (n["C"] * thermo.h("CO2", T_REF) + n["H"] / 2.0 * thermo.h("H2O", T_REF)
              + n["S"] * thermo.h("SO2", T_REF) + 0.5 * n["N"] * thermo.h("N2", T_REF))
    return h_react - h_prod
