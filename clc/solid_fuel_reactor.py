"""Fuel reactor fed with a solid fuel: drying, devolatilization, char gasification, carbon stripper.

The solid-fuel side of the loop (:func:`clc.loop.solve` calls it when the unit's fuel is solid).
Per second, ``m_fuel = P / LHV_ar`` kg of fuel enters the fuel reactor (FR); then

1. **Drying and devolatilization** (:func:`clc.solid_fuel.devolatilize`): the moisture and the
   volatile gases are released. A share ``bypass`` of the volatiles rises in plumes and leaves
   the FR without meeting the carrier; the rest (and the moisture) is released in the bed.
2. **Char gasification** by H2O and CO2 in the bed (:mod:`clc.char` rate forms): the char is
   perfectly mixed with the carrier, so it leaves the bed with the solids at the rate constant
   ``k_out = F_s / W_FR`` [1/s] (the carrier's own; labelled assumption: char and carrier are
   mixed alike). With the volumetric model a char particle loses mass at the first-order rate
   ``k = r_H2O + r_CO2`` [1/s] whatever its age, so over the exponential residence-time
   distribution of the perfectly mixed bed the share of fed char carbon that is gasified is
   exactly::

       chi = k / (k + (1 - eta) k_out)

   where ``eta`` is the carbon stripper's efficiency: the share of the char reaching it that is
   separated and returned to the FR (the rest goes to the air reactor, AR, and burns there, its
   CO2 not captured). The char held in the FR is ``W_char = F_C / (k + (1 - eta) k_out)``.
3. **The gas through the bed**: the fluidizing gas enters through the distributor; the moisture,
   the in-bed volatiles and the gasification products (C + H2O -> CO + H2, C + CO2 -> 2 CO) are
   made by fuel particles mixed with the carrier, so they are released in the emulsion, spread
   over the bed's cells in proportion to their solids (:class:`clc.reactor.GasInlet`
   ``emulsion_feed``; labelled assumption: the char and the devolatilizing fuel sample the bed as
   the carrier does; the share ``bypass`` of the volatiles stands for the plumes that escape).
   Gas fed at the bottom instead would rise ~98 % in the bubbles of a CHEERS-sized bed and be
   burnt only as far as they exchange with the emulsion, whatever the carrier's reactivity. The
   char sees the emulsion's solids-weighted mean partial pressures; the gasification rates and
   the bed's gas are solved together by fixed-point iteration.

The fuel enters at 298.15 K (labelled assumption: its sensible heat is neglected) with the
enthalpy its higher heating value gives (products CO2, liquid H2O, N2 and SO2 at 298.15 K).
The char is taken as pure carbon (graphite's enthalpy, Cantera); the ash leaves the FR at its
temperature with the sensible enthalpy of SiO2 (labelled assumption for the ash's heat
capacity); fuel S and Cl are not followed past devolatilization: they leave with the ash as
elements at their reference enthalpy, so the S's heat of combustion is not released (at most
a few tenths of a percent of the fuel's heat for the shipped fuels).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from . import char, gas, solid_fuel, thermo
from . import tar as tar_mod
from .solid_fuel import formation_enthalpy  # noqa: F401 (re-exported; the fuel's own property)

if TYPE_CHECKING:  # types only: clc.char_classes imports this module
    from . import carbon_stripper, char_classes

M_C = 0.0120107  # kg/mol, IUPAC standard atomic weight of carbon
TAR_FATES = (None, "reformed", "unburnt")


@dataclass(frozen=True)
class SolidFuelSpec:
    """A solid fuel as the loop burns it (built from a config by :mod:`clc.config`)."""

    fuel: solid_fuel.Fuel
    yields: dict  # mol per kg daf of volatile species given (see clc.solid_fuel.devolatilize)
    closing: tuple[str, str, str] | None  # species solved from the C, H, O balance of the volatiles
    bypass: float  # share of the volatiles leaving the FR without contact with the carrier
    char_kinetics: char.CharKinetics
    stripper_efficiency: float  # share of the char reaching the carbon stripper sent back to the FR
    notes: tuple[str, ...] = field(default_factory=tuple)
    # What becomes of the tar (volatile matter the named gases do not hold; :mod:`clc.tar`):
    # None refuses any tar (name three closing species instead); "reformed": the in-bed share is
    # steam-reformed to CO + H2 in the bed, the bypassing share leaves unburnt; "unburnt": all of
    # it leaves the FR unburnt with the bypassing volatiles, to oxygen polishing.
    tar: str | None = None
    tar_method: str = "difference"  # formation enthalpy of the tar, see clc.tar.METHODS
    # char particles in size classes (clc.char_classes.CharParticles; None: one lumped char, no
    # elutriation): the loop then uses clc.char_classes.char_class_balance (first-order or
    # random-pore kinetics, passed as its ``kin``)
    char_particles: "char_classes.CharParticles | None" = None
    # a carbon stripper unit (clc.carbon_stripper.StripperDesign) in place of the fixed
    # ``stripper_efficiency`` (which is then unused and 0); needs ``char_particles``
    stripper_unit: "carbon_stripper.StripperDesign | None" = None

    def __post_init__(self):
        for name, v, hi in (("bypass", self.bypass, 1.0), ("stripper_efficiency", self.stripper_efficiency, 1.0)):
            if not (math.isfinite(v) and 0.0 <= v <= hi):
                raise ValueError(f"solid fuel {name}={v!r} is outside the allowed range [0, {hi:g}]")
        if self.stripper_efficiency >= 1.0:
            raise ValueError("solid fuel stripper_efficiency=1 would keep unconverted char in the FR forever; "
                             "allowed range [0, 1)")
        if self.tar not in TAR_FATES:
            raise ValueError(f"solid fuel tar={self.tar!r}; allowed: None, " + ", ".join(f for f in TAR_FATES if f))
        if self.tar_method not in tar_mod.METHODS:
            raise ValueError(f"solid fuel tar_method={self.tar_method!r}; allowed: {', '.join(tar_mod.METHODS)}")
        if self.stripper_unit is not None and self.char_particles is None:
            raise ValueError("solid fuel: a carbon stripper unit needs the char's particles (char_particles: "
                             "its size and density set its elutriation)")
        if self.char_particles is not None:
            kin = self.char_kinetics
            if kin.model != "random_pore" and kin.m != 1.0:
                raise ValueError(f"solid fuel: char size classes need first-order (volume model, m = 1) or "
                                 f"random-pore char kinetics; the char kinetics {kin.name!r} have the volume "
                                 f"model with m={kin.m:g}")

    def devolatilization(self) -> solid_fuel.Devolatilization:
        d = solid_fuel.devolatilize(self.fuel, self.yields, self.closing)
        if self.tar is None and d.tar and any(v > 1e-12 for v in d.tar.values()):
            raise ValueError(f"solid fuel {self.fuel.name}: the volatile yields leave tar by difference "
                             f"({d.tar} mol/kg); name three closing species so every volatile atom is a gas, "
                             f"or set tar to one of {', '.join(f for f in TAR_FATES if f)}")
        return d

    def tar_species(self) -> tar_mod.Tar:
        """The lumped tar per kg of as-received fuel (:func:`clc.tar.tar_of`; zero when there is none)."""
        return tar_mod.tar_of(self.fuel, self.devolatilization(), self.tar_method)


@dataclass(frozen=True)
class FuelFeed:
    """What the fuel brings per second [mol/s unless stated], at a given thermal power."""

    mass_flow: float  # kg/s as received
    in_bed: np.ndarray  # gas released in the bed (moisture + volatiles not bypassing)
    bypass: np.ndarray  # volatiles leaving without contact with the carrier
    char_carbon: float  # mol C/s of char
    ash: float  # kg/s
    sulfur: float  # mol S/s (not followed further)
    chlorine: float  # mol Cl/s
    elements: dict  # mol/s of C, H, O, N, S, Cl in the fuel
    o2_demand: float  # mol O2/s to burn the fuel's C and H fully (S excluded, as in the model)
    enthalpy: float  # W: H of the fuel at 298.15 K (formation basis, from its HHV)
    # tar leaving the FR unburnt with the bypassing volatiles (zero without tar); see clc.tar
    tar_unburnt: dict = field(default_factory=lambda: {"C": 0.0, "H": 0.0, "O": 0.0})  # mol/s of C, H, O
    tar_unburnt_o2: float = 0.0  # mol O2/s that oxygen polishing needs for it (to CO2 + H2O)
    tar: "tar_mod.Tar | None" = None  # the tar per kg of fuel (None: the fuel gives none)
    tar_unburnt_share: float = 0.0  # share of the tar leaving unburnt

    def tar_unburnt_enthalpy(self, T: float) -> float:
        """Enthalpy [W] of the unburnt tar leaving at T [K] (formation + sensible, :meth:`clc.tar.Tar.enthalpy`)."""
        if self.tar is None or self.tar_unburnt_share == 0.0:
            return 0.0
        return self.mass_flow * self.tar_unburnt_share * self.tar.enthalpy(T)


def fuel_feed(spec: SolidFuelSpec, thermal_power: float) -> FuelFeed:
    """Fuel rate and its products at ``thermal_power`` [W, LHV as received].

    Tar (``spec.tar``; :mod:`clc.tar`): with ``"reformed"`` the in-bed share (1 - bypass) of the
    tar enters ``in_bed`` as its steam-reforming products (+CO, +H2, -H2O: ``in_bed[H2O]`` may be
    negative, i.e. the bed must supply the steam; the loop's H2O/CO2 deficit rule covers it) and
    the bypassing share leaves unburnt; with ``"unburnt"`` all of it leaves unburnt. The unburnt
    tar is NOT in the gas vectors (no tar species in :data:`clc.gas.SPECIES`). LOOP HOOK: add
    ``tar_unburnt`` [mol/s of C, H, O] to the FR outlet in the element balances,
    ``tar_unburnt_enthalpy(T_FR)`` [W] to the FR outlet enthalpy, and ``tar_unburnt_o2``
    [mol O2/s] to the O2 that polishing needs (and to the bypassing volatiles' oxygen demand).

    >>> from clc import solid_fuel
    >>> f = solid_fuel.load("Vorres1990_BeulahZap_lignite")
    >>> kin = char.CharKinetics.from_dict({"name": "illustration only",
    ...     "k1": {"A": {"value": 1.0, "units": "1/(s bar)", "source": "illustration"},
    ...            "E": {"value": 0, "units": "J/mol", "source": "illustration"}}})
    >>> spec = SolidFuelSpec(f, {}, ("CO", "H2", "CH4"), 0.1, kin, 0.0)
    >>> feed = fuel_feed(spec, 1e6)
    >>> round(feed.mass_flow * f.lhv("ar") / 1e6, 9)        # 1 MW of LHV
    1.0
    >>> total = feed.in_bed + feed.bypass                   # C of gases + char = C of the fuel
    >>> C = sum(total[gas.INDEX[s]] for s in ("CH4", "CO", "CO2")) + feed.char_carbon
    >>> bool(abs(C / feed.elements["C"] - 1.0) < 1e-12)
    True
    """
    if not (math.isfinite(thermal_power) and thermal_power > 0.0):
        raise ValueError(f"thermal_power={thermal_power!r} W must be positive")
    fuel = spec.fuel
    m = thermal_power / fuel.lhv("ar")
    d = spec.devolatilization()
    volatiles = gas.vector({sp: n for sp, n in d.gas.items() if sp not in ("H2O_moisture", "N2")}) * m
    moisture = gas.vector({"H2O": d.gas["H2O_moisture"]}) * m
    n2 = gas.vector({"N2": d.gas["N2"]}) * m
    bypass = spec.bypass * volatiles
    in_bed = moisture + n2 + (1.0 - spec.bypass) * volatiles
    el = {k: v * m for k, v in fuel.element_moles("ar").items()}
    o2 = el["C"] + el["H"] / 4.0 - el["O"] / 2.0
    extra = {}
    t = tar_mod.tar_of(fuel, d, spec.tar_method) if spec.tar is not None else None
    if t is not None and t.C + t.H + t.O > 0.0:
        share = 1.0 if spec.tar == "unburnt" else spec.bypass  # "reformed": the in-bed share is reformed
        if share < 1.0:
            reformed, _ = t.converted_gas("reformed")
            in_bed = in_bed + (1.0 - share) * m * reformed
        extra = dict(tar_unburnt={k: share * m * v for k, v in t.elements.items()},
                     tar_unburnt_o2=share * m * t.o2_demand(), tar=t, tar_unburnt_share=share)
    return FuelFeed(m, in_bed, bypass, d.char_carbon * m, d.ash * m, d.sulfur * m, d.chlorine * m, el, o2,
                    m * formation_enthalpy(fuel), **extra)


def ash_enthalpy(T: float) -> float:
    """Sensible enthalpy of ash [J/kg] at T relative to 298.15 K (labelled assumption: as SiO2)."""
    sio2 = thermo.species("SiO2")
    return (thermo.h("SiO2", T) - thermo.h("SiO2", 298.15)) / sio2.molar_mass


@dataclass(frozen=True)
class CharBalance:
    """Steady state of the char in the FR + carbon stripper."""

    gasified_h2o: float  # mol C/s
    gasified_co2: float  # mol C/s
    to_air_reactor: float  # mol C/s
    inventory: float  # kg of char carbon held in the FR
    conversion: float  # share of the fed char carbon gasified in the FR
    elutriated: float = 0.0  # mol C/s carried out of the FR with its gas (char classes; 0 otherwise)

    def products(self) -> np.ndarray:
        """Change of the FR gas [mol/s]: C + H2O -> CO + H2, C + CO2 -> 2 CO."""
        return (gas.vector({"H2O": -1.0, "CO": 1.0, "H2": 1.0}) * self.gasified_h2o
                + gas.vector({"CO2": -1.0, "CO": 2.0}) * self.gasified_co2)


def char_balance(char_carbon: float, r_h2o: float, r_co2: float, k_out: float, eta: float,
                 kin: char.CharKinetics | None = None) -> CharBalance:
    """Char in a perfectly mixed bed with a carbon stripper.

    ``r_h2o``, ``r_co2`` [1/s]: initial gasification rate (per unit of initial char, before f(X))
    by each agent; ``k_out`` [1/s]: the rate constant at which char leaves the bed with the solids;
    ``eta``: carbon stripper efficiency; ``kin``: the char's conversion model (None: first order).
    Balance on the char carbon for the first-order model (module docstring)::

        F_C + eta k_out W = (k + k_out) W   ->   W = F_C / (k + (1 - eta) k_out)

    Any other model (volume model with m != 1, random pore): a char particle's total time in the
    FR, over its passes through the stripper, is exponential with rate constant
    k' = (1 - eta) k_out (a geometric sum of exponential stays), so the share leaving to the AR is
    u = :func:`clc.char.unconverted_fraction` (r0 = r_H2O + r_CO2, k'), the gasified share 1 - u
    splits between H2O and CO2 as their rates, and the hold-up is W = F_C u / k'.

    >>> b = char_balance(1.0, 0.002, 0.0, 0.002, 0.0)     # k = k_out: half is gasified
    >>> round(b.conversion, 12), round(b.to_air_reactor, 12)
    (0.5, 0.5)
    >>> round(char_balance(1.0, 0.002, 0.0, 0.002, 0.9).conversion, 6)   # the stripper returns 90 %
    0.909091
    """
    for name, v in (("char_carbon", char_carbon), ("r_h2o", r_h2o), ("r_co2", r_co2)):
        if not (math.isfinite(v) and v >= 0.0):
            raise ValueError(f"char balance: {name}={v!r} must be finite and not negative")
    if not (math.isfinite(k_out) and k_out > 0.0):
        raise ValueError(f"char balance: k_out={k_out!r} 1/s must be positive (solids must leave the FR)")
    if not 0.0 <= eta < 1.0:
        raise ValueError(f"char balance: stripper efficiency eta={eta!r} must lie in [0, 1)")
    k = r_h2o + r_co2
    if kin is None or (kin.m == 1.0 and not (kin.model == "random_pore" and kin.psi > 0.0)):
        w = char_carbon / (k + (1.0 - eta) * k_out)  # mol C held
        return CharBalance(r_h2o * w, r_co2 * w, (1.0 - eta) * k_out * w, w * M_C,
                           k / (k + (1.0 - eta) * k_out) if char_carbon > 0 else 0.0)
    k_exit = (1.0 - eta) * k_out
    u = char.unconverted_fraction(kin, k, k_exit)
    gasified = char_carbon * (1.0 - u)
    share_h2o = r_h2o / k if k > 0.0 else 0.0
    w = char_carbon * u / k_exit  # mol C held
    return CharBalance(gasified * share_h2o, gasified * (1.0 - share_h2o), char_carbon * u, w * M_C,
                       (1.0 - u) if char_carbon > 0 else 0.0)


def gasification_rates(kin: char.CharKinetics, T: float, p: np.ndarray) -> tuple[float, float]:
    """(r_H2O, r_CO2) [1/s] at T and the partial pressures ``p`` [Pa, gas.SPECIES order]."""
    pp = {s: max(float(p[gas.INDEX[s]]), 0.0) for s in ("H2O", "H2", "CO2", "CO")}
    r = char.initial_rates(kin, T, pp)
    return r["H2O"], r["CO2"]
