"""Solid fuels: proximate and ultimate analyses, heating values, devolatilization balances.

A fuel is read from ``kinetics/fuels/<name>.yaml`` (every number ``{value, units, source}``) or
from a user dict (:meth:`Fuel.from_dict`). Inside, everything is SI and on the **dry basis** as
mass fractions; :meth:`Fuel.proximate` and :meth:`Fuel.ultimate` convert to any basis.

Bases (ASTM D3180 conventions; M = as-received moisture, A_d = ash on the dry basis)::

    x_ar  = x_d (1 - M)            x_daf = x_d / (1 - A_d)

The ultimate analysis is the analysis of the dry matter: the H and O of the moisture are
not in H and O; the moisture is listed separately on the as-received basis.

Heating values (J/kg):

- HHV: the published gross calorific value when the source gives one; otherwise the dry-basis
  correlation of Channiwala & Parikh (Fuel 81 (2002) 1051, doi:10.1016/S0016-2361(01)00131-4)::

      HHV_d [MJ/kg] = 0.3491 C + 1.1783 H + 0.1005 S - 0.1034 O - 0.0151 N - 0.0211 A

  (wt% dry; fitted for C 0-92.25, H 0.43-25.15, O 0-50, N 0-5.6, S 0-94.08, ash 0-71.4 %,
  HHV 4.745-55.345 MJ/kg; mean absolute error 1.45 %). The coefficients were read in public code
  that tabulates the paper (e.g. PabloMBarral/apps core/combustion/heating_value.py).
- LHV from HHV: the water formed from the fuel's H and the moisture leave as vapour at 298.15 K::

      LHV_ar = HHV_ar - h_fg (M_H2O / (2 M_H) H_ar + M)

  with h_fg = h(H2O, g) - h(H2O, l) at 298.15 K from Cantera's NASA data (44.0 kJ/mol). Assumption
  (labelled): the difference between constant-volume (bomb) and constant-pressure heating values
  (the pV work of the gases, a few tenths of a percent) is neglected.

Devolatilization (:func:`devolatilize`): char = fixed carbon (as pure carbon) + ash, the
definition of the proximate analysis (ASTM D3172: fixed carbon by difference after the volatile
matter test). Labelled assumption: the char holds no H, O, N or S. The volatiles carry the rest
of the daf matter. No cited volatile-gas composition for the library fuels could be found, so
the split among CH4, CO, CO2, H2, H2O is a required input: give the yields you know (measured);
three closing species are solved from the C, H and O balances.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import cantera as ct
import numpy as np
import yaml

from . import citations, data_ranges, thermo
from .data import kinetics_dir

SUM_TOLERANCE = 0.001  # fractions must add to 1 within 0.1 percentage point
ELEMENTS = ("C", "H", "O", "N", "S", "Cl")
ATOMIC_MASS = {el: ct.Element(el).weight / 1000.0 for el in ELEMENTS}  # kg/mol (Cantera)
_BASES = {"ar": "ar", "as_received": "ar", "as-received": "ar", "d": "dry", "db": "dry",
          "dry": "dry", "daf": "daf", "dry_ash_free": "daf"}
_HV_UNITS = {"J/kg": 1.0, "kJ/kg": 1e3, "MJ/kg": 1e6,
             # International Table Btu per pound: 1 Btu/lb = 2.326 kJ/kg exactly (by definition)
             "Btu/lb": 2326.0}
VOLATILE_SPECIES = ("CH4", "CO", "CO2", "H2", "H2O")


def fuels_dir():
    """Folder of the fuel data files (``kinetics/fuels``).

    >>> fuels_dir().name
    'fuels'
    """
    return kinetics_dir() / "fuels"


def _basis(value, where: str) -> str:
    b = _BASES.get(str(value).strip().lower())
    if b is None:
        raise ValueError(f"{where}={value!r} is not a basis; allowed: ar (as_received), dry, daf")
    return b


def _fraction(raw, where: str) -> float:
    """A mass fraction from a number (fraction), a string ("32.2 %"), or ``{value, units}``."""
    if isinstance(raw, dict):
        if "value" not in raw:
            raise ValueError(f"{where}: needs 'value' (got {raw!r})")
        units = str(raw.get("units", "")).strip()
        value = float(raw["value"])
        if units == "%":
            value /= 100.0
        elif units not in ("", "-", "kg/kg"):
            raise ValueError(f"{where}: units {units!r} not understood; use % or kg/kg")
    elif isinstance(raw, str):
        s = raw.strip()
        value = float(s[:-1]) / 100.0 if s.endswith("%") else float(s)
    else:
        value = float(raw)
    if not math.isfinite(value) or value < 0.0 or value > 1.0:
        raise ValueError(f"{where}={raw!r} must be a mass fraction in [0, 1] (or 0-100 %)")
    return value


def _heating_value(raw, where: str) -> float:
    """J/kg from ``{value, units}`` or a string such as "25.3 MJ/kg"."""
    if isinstance(raw, dict):
        value, units = float(raw["value"]), str(raw.get("units", "J/kg")).strip()
    elif isinstance(raw, str):
        parts = raw.split()
        if len(parts) != 2:
            raise ValueError(f"{where}: cannot read {raw!r}; write e.g. '25.3 MJ/kg'")
        value, units = float(parts[0]), parts[1]
    else:
        value, units = float(raw), "J/kg"
    if units not in _HV_UNITS:
        raise ValueError(f"{where}: unit {units!r} not understood; use one of {', '.join(_HV_UNITS)}")
    out = value * _HV_UNITS[units]
    if not (math.isfinite(out) and out > 0.0):
        raise ValueError(f"{where}={raw!r} must be a positive heating value")
    return out


def _check_sum(values: dict[str, float], where: str) -> None:
    total = sum(values.values())
    if abs(total - 1.0) > SUM_TOLERANCE:
        parts = ", ".join(f"{k}={100 * v:.2f}" for k, v in values.items())
        raise ValueError(f"{where}: fractions sum to {100 * total:.2f} % ({parts} %); allowed "
                         f"100 +/- {100 * SUM_TOLERANCE:.1f} %")


@functools.cache
def water_latent_heat() -> float:
    """h_fg of water at 298.15 K [J/kg]: h(H2O gas) - h(H2O liquid), Cantera's NASA data.

    >>> round(water_latent_heat() / 1e3, 1)   # steam tables: 2442 kJ/kg at 25 degC
    2442.6
    """
    liquid = next(s for s in ct.Species.list_from_file("nasa_condensed.yaml") if s.name == "H2O(L)")
    h_fg = thermo.h("H2O", 298.15) - liquid.thermo.h(298.15) / 1000.0  # J/mol
    return h_fg / thermo.species("H2O").molar_mass


def hhv_channiwala_parikh(ultimate_dry: dict[str, float]) -> float:
    """HHV [J/kg, dry basis] from a dry ultimate analysis (mass fractions), Channiwala & Parikh 2002.

    HHV = 0.3491 C + 1.1783 H + 0.1005 S - 0.1034 O - 0.0151 N - 0.0211 A  [MJ/kg, wt% dry].
    Validity: C 0-92.25, H 0.43-25.15, O 0-50, N 0-5.6, S 0-94.08, ash 0-71.4 wt% (dry).
    Source: Channiwala & Parikh, Fuel 81 (2002) 1051-1063, doi:10.1016/S0016-2361(01)00131-4.

    >>> round(hhv_channiwala_parikh({"C": 0.75, "H": 0.05, "O": 0.08, "N": 0.015, "S": 0.01,
    ...                              "ash": 0.095}) / 1e6, 2)
    31.12
    """
    pct = {k: 100.0 * ultimate_dry.get(k, 0.0) for k in ("C", "H", "O", "N", "S", "ash")}
    ranges = {"C": (0, 92.25), "H": (0.43, 25.15), "O": (0, 50), "N": (0, 5.6), "S": (0, 94.08),
              "ash": (0, 71.4)}
    for k, (lo, hi) in ranges.items():
        if not lo <= pct[k] <= hi:
            raise ValueError(f"Channiwala-Parikh HHV: {k}={pct[k]:.2f} wt% (dry) outside the fitted "
                             f"range [{lo}, {hi}] wt%; give a measured HHV instead")
    mj = (0.3491 * pct["C"] + 1.1783 * pct["H"] + 0.1005 * pct["S"] - 0.1034 * pct["O"]
          - 0.0151 * pct["N"] - 0.0211 * pct["ash"])
    return mj * 1e6


@dataclass(frozen=True)
class Fuel:
    """A solid fuel, stored on the dry basis (mass fractions) with its as-received moisture.

    ``ultimate_d`` holds C, H, O, N, S (and Cl where published) and ``ash``; ``proximate_d``
    holds ``volatiles``, ``fixed_carbon``, ``ash``. ``hhv_ar`` is J/kg as received.
    """

    name: str
    moisture: float
    proximate_d: dict[str, float]
    ultimate_d: dict[str, float]
    hhv_ar: float
    hhv_source: str
    description: str = ""
    citation_key: str = ""
    sources: dict[str, str] = field(default_factory=dict, repr=False)
    notes: str = ""

    def __post_init__(self):
        if not (0.0 <= self.moisture < 1.0):
            raise ValueError(f"fuel {self.name}: moisture={self.moisture!r} must lie in [0, 1)")
        _check_sum(self.proximate_d, f"fuel {self.name}: proximate analysis (dry)")
        _check_sum(self.ultimate_d, f"fuel {self.name}: ultimate analysis (dry)")
        da = abs(self.proximate_d["ash"] - self.ultimate_d["ash"])
        if da > SUM_TOLERANCE:
            raise ValueError(f"fuel {self.name}: ash of the proximate ({100 * self.proximate_d['ash']:.2f} %) "
                             f"and ultimate ({100 * self.ultimate_d['ash']:.2f} %) analyses differ by more "
                             f"than {100 * SUM_TOLERANCE:.1f} % (dry basis)")
        if self.proximate_d["fixed_carbon"] > self.ultimate_d["C"] + SUM_TOLERANCE:
            raise ValueError(f"fuel {self.name}: fixed carbon {100 * self.proximate_d['fixed_carbon']:.2f} % "
                             f"exceeds total carbon {100 * self.ultimate_d['C']:.2f} % (dry)")
        if not (math.isfinite(self.hhv_ar) and self.hhv_ar > 0):
            raise ValueError(f"fuel {self.name}: HHV={self.hhv_ar!r} J/kg must be positive")

    # --- bases ---------------------------------------------------------------------------

    def _convert(self, d: dict[str, float], basis: str) -> dict[str, float]:
        basis = _basis(basis, "basis")
        if basis == "dry":
            return dict(d)
        if basis == "ar":
            out = {k: v * (1.0 - self.moisture) for k, v in d.items()}
            out["moisture"] = self.moisture
            return out
        daf = 1.0 - d["ash"]  # each analysis with its own ash, so each sums to 1
        return {k: v / daf for k, v in d.items() if k != "ash"}

    def proximate(self, basis: str = "dry") -> dict[str, float]:
        """Proximate analysis (mass fractions) on ``basis``: ar (with moisture), dry or daf.

        >>> f = load("Vorres1990_BeulahZap_lignite")
        >>> round(sum(f.proximate("ar").values()), 6), round(sum(f.proximate("daf").values()), 6)
        (1.0, 1.0)
        """
        return self._convert(self.proximate_d, basis)

    def ultimate(self, basis: str = "dry") -> dict[str, float]:
        """Ultimate analysis (mass fractions) on ``basis``; ar adds the moisture separately."""
        return self._convert(self.ultimate_d, basis)

    # --- heating values ------------------------------------------------------------------

    def hhv(self, basis: str = "ar") -> float:
        """Higher heating value [J/kg] on ``basis``."""
        basis = _basis(basis, "basis")
        dry = self.hhv_ar / (1.0 - self.moisture)
        return {"ar": self.hhv_ar, "dry": dry, "daf": dry / (1.0 - self.proximate_d["ash"])}[basis]

    def lhv(self, basis: str = "ar") -> float:
        """Lower heating value [J/kg] on ``basis`` (see module docstring for the relation).

        >>> f = load("Vorres1990_Illinois6_bituminous")
        >>> 0.9 < f.lhv("ar") / f.hhv("ar") < 1.0
        True
        """
        basis = _basis(basis, "basis")
        water_per_H = thermo.species("H2O").molar_mass / (2.0 * ATOMIC_MASS["H"])
        u = self.ultimate(basis)
        water = water_per_H * u["H"] + (self.moisture if basis == "ar" else 0.0)
        return self.hhv(basis) - water_latent_heat() * water

    # --- elements ------------------------------------------------------------------------

    def element_moles(self, basis: str = "ar") -> dict[str, float]:
        """mol of each element per kg of fuel on ``basis`` (ar includes the moisture's H and O)."""
        u = self.ultimate(basis)
        out = {el: u.get(el, 0.0) / ATOMIC_MASS[el] for el in ELEMENTS}
        m = u.get("moisture", 0.0)
        if m:
            out["H"] += 2.0 * m / thermo.species("H2O").molar_mass
            out["O"] += m / thermo.species("H2O").molar_mass
        return out

    # --- construction --------------------------------------------------------------------

    @classmethod
    def from_dict(cls, doc: dict, sourced: bool = False) -> "Fuel":
        """A fuel from a dict (user input or a data file).

        Keys: ``name``; ``proximate`` with ``basis`` (ar, dry, daf), ``moisture`` (as received;
        required unless the basis is ar, where it is part of the analysis), ``volatiles``,
        ``fixed_carbon``, ``ash`` (on a daf basis give ``ash`` on the dry basis); ``ultimate``
        with ``basis`` and C, H, O, N, S (Cl optional) and ``ash`` (not on daf); one entry of
        each analysis may be ``by_difference``; ``heating_value: {HHV: {value, units, basis}}``
        (optional: without it HHV comes from Channiwala & Parikh 2002). Numbers are fractions,
        strings like "32.2 %" or ``{value, units: "%"}``. With ``sourced`` every number needs a
        ``source``.

        >>> f = Fuel.from_dict({"name": "my coal",
        ...     "proximate": {"basis": "ar", "moisture": "8 %", "ash": "10 %", "volatiles": "30 %",
        ...                   "fixed_carbon": "52 %"},
        ...     "ultimate": {"basis": "daf", "C": "80 %", "H": "5 %", "O": "12 %", "N": "1.5 %",
        ...                  "S": "by_difference"}})
        >>> round(f.ultimate("dry")["C"], 4), round(f.proximate("daf")["volatiles"], 4)
        (0.713, 0.3659)
        """
        name = str(doc.get("name", "")).strip()
        if not name:
            raise ValueError("fuel: 'name' is required")
        sources: dict[str, str] = {}

        def read(section: dict, key: str, where: str):
            raw = section[key]
            if isinstance(raw, str) and raw.strip() == "by_difference":
                return None
            if sourced and not (isinstance(raw, dict) and raw.get("source")):
                raise ValueError(f"{where}: every value needs 'value' and 'source' (got {raw!r})")
            if isinstance(raw, dict) and raw.get("source"):
                sources[where] = str(raw["source"]).strip()
            return _fraction(raw, where)

        def analysis(section_name: str, keys: tuple[str, ...], optional: tuple[str, ...] = ()):
            section = doc.get(section_name)
            if not isinstance(section, dict):
                raise ValueError(f"fuel {name}: '{section_name}' analysis is required")
            basis = _basis(section.get("basis", ""), f"{name}.{section_name}.basis")
            vals, diff = {}, []
            allowed = set(keys) | set(optional) | {"basis", "moisture"}
            unknown = set(section) - allowed
            if unknown:
                raise ValueError(f"fuel {name}.{section_name}: unknown fields {sorted(unknown)}; "
                                 f"allowed: {sorted(allowed)}")
            for k in keys + optional:
                if k in section:
                    v = read(section, k, f"{name}.{section_name}.{k}")
                    (diff.append(k) if v is None else vals.__setitem__(k, v))
                elif k in keys:
                    raise ValueError(f"fuel {name}.{section_name}: '{k}' is required")
            if len(diff) > 1:
                raise ValueError(f"fuel {name}.{section_name}: only one entry may be by_difference "
                                 f"(got {diff})")
            return basis, vals, (diff[0] if diff else None), section

        pb, prox, pdiff, psec = analysis("proximate", ("volatiles", "fixed_carbon"), ("ash",))
        if "moisture" in psec:
            moisture = read(psec, "moisture", f"{name}.proximate.moisture")
        else:
            raise ValueError(f"fuel {name}.proximate: 'moisture' (as received) is required")
        if pb != "daf" and "ash" not in psec:
            raise ValueError(f"fuel {name}.proximate: 'ash' is required on the {pb} basis")
        if pb == "ar":
            target = 1.0 - moisture
        elif pb == "dry":
            target = 1.0
        else:
            if "ash" not in prox:
                raise ValueError(f"fuel {name}.proximate: on the daf basis give 'ash' on the dry basis")
            ash_d = prox.pop("ash")
            target = 1.0
        if pdiff:
            prox[pdiff] = target - sum(prox.values())
            if prox[pdiff] < -SUM_TOLERANCE:
                raise ValueError(f"fuel {name}.proximate.{pdiff} by difference is {100 * prox[pdiff]:.2f} %; "
                                 "the other entries exceed 100 %")
            prox[pdiff] = max(prox[pdiff], 0.0)
        if pb == "ar":
            _check_sum({**prox, "moisture": moisture}, f"fuel {name}: proximate analysis (ar)")
            prox_d = {k: v / (1.0 - moisture) for k, v in prox.items()}
        elif pb == "dry":
            prox_d = prox
        else:
            _check_sum(prox, f"fuel {name}: proximate analysis (daf)")
            prox_d = {k: v * (1.0 - ash_d) for k, v in prox.items()}
            prox_d["ash"] = ash_d
        _check_sum(prox_d, f"fuel {name}: proximate analysis (dry)")

        ub, ult, udiff, usec = analysis("ultimate", ("C", "H", "O", "N", "S"), ("Cl", "ash"))
        ash_dry = prox_d["ash"]
        if ub == "daf":
            if "ash" in ult:
                raise ValueError(f"fuel {name}.ultimate: a daf analysis has no ash")
            target = 1.0
        else:
            if "ash" not in ult:
                ult["ash"] = ash_dry * ((1.0 - moisture) if ub == "ar" else 1.0)
            target = (1.0 - moisture) if ub == "ar" else 1.0
        if udiff:
            ult[udiff] = target - sum(ult.values())
            if ult[udiff] < -SUM_TOLERANCE:
                raise ValueError(f"fuel {name}.ultimate.{udiff} by difference is {100 * ult[udiff]:.2f} %; "
                                 "the other entries exceed 100 %")
            ult[udiff] = max(ult[udiff], 0.0)
        if ub == "ar":
            _check_sum({**ult, "moisture": moisture}, f"fuel {name}: ultimate analysis (ar)")
            ult_d = {k: v / (1.0 - moisture) for k, v in ult.items()}
        elif ub == "dry":
            ult_d = ult
        else:
            _check_sum(ult, f"fuel {name}: ultimate analysis (daf)")
            ult_d = {k: v * (1.0 - ash_dry) for k, v in ult.items()}
            ult_d["ash"] = ash_dry
        _check_sum(ult_d, f"fuel {name}: ultimate analysis (dry)")

        hv = (doc.get("heating_value") or {}).get("HHV")
        if hv is not None:
            where = f"{name}.heating_value.HHV"
            if sourced and not (isinstance(hv, dict) and hv.get("source")):
                raise ValueError(f"{where}: every value needs 'value' and 'source' (got {hv!r})")
            hb = _basis(hv.get("basis", "ar") if isinstance(hv, dict) else "ar", f"{where}.basis")
            value = _heating_value(hv, where)
            hhv_ar = {"ar": value, "dry": value * (1.0 - moisture),
                      "daf": value * (1.0 - ash_dry) * (1.0 - moisture)}[hb]
            hhv_source = str(hv.get("source", "user input")) if isinstance(hv, dict) else "user input"
        else:
            hhv_ar = hhv_channiwala_parikh(ult_d) * (1.0 - moisture)
            hhv_source = ("Channiwala & Parikh, Fuel 81 (2002) 1051, correlation on the dry ultimate "
                          "analysis (no measured HHV given)")
        cit = doc.get("citation") or {}
        return cls(name=name, moisture=moisture, proximate_d=prox_d, ultimate_d=ult_d,
                   hhv_ar=hhv_ar, hhv_source=hhv_source,
                   description=str(doc.get("description", "")).strip(),
                   citation_key=str(cit.get("key", "")), sources=sources,
                   notes=str(doc.get("notes", "")).strip())


def _register(doc: dict) -> None:
    cit = doc.get("citation")
    if cit:
        citations.add_from_dict(cit)


@functools.cache
def _all() -> dict[str, Fuel]:
    out = {}
    for path in sorted(fuels_dir().glob("*.yaml")):
        doc = yaml.safe_load(path.read_text())
        data_ranges.check_doc(doc, path.name)  # ranges beside values (clc.data_ranges), refused when malformed
        _register(doc)
        fuel = Fuel.from_dict(doc, sourced=True)
        out[fuel.name] = fuel
    return out


def list_fuels() -> list[str]:
    """Names of the shipped fuels.

    >>> "Vorres1990_BeulahZap_lignite" in list_fuels()
    True
    """
    return sorted(_all())


def load(name: str) -> Fuel:
    """The shipped fuel called ``name``; records its citation for this session."""
    try:
        f = _all()[name]
    except KeyError:
        raise KeyError(f"unknown fuel {name!r}; available: {', '.join(list_fuels())}") from None
    if f.citation_key:
        citations.cite(f.citation_key)
    return f


# --- devolatilization --------------------------------------------------------------------


def formation_enthalpy(fuel: Fuel) -> float:
    """Enthalpy of the as-received fuel at 298.15 K [J/kg], on the elements' reference basis.

    From its higher heating value, the heat of combustion to CO2(g), H2O(l) (its H and its
    moisture), N2 and SO2 at 298.15 K with O2 at zero enthalpy::

        h_fuel = HHV_ar + n_C h(CO2) + (n_H / 2) h(H2O, l) + n_S h(SO2)

    (n_H counts the moisture's H.) Cantera's NASA data; h(H2O, l) = h(H2O, g) - h_fg.

    >>> f = load("Vorres1990_Illinois6_bituminous")
    >>> -5e6 < formation_enthalpy(f) < 0.0     # coals: small negative formation enthalpies
    True
    """
    n = fuel.element_moles("ar")
    h_h2o_l = thermo.h("H2O", 298.15) - water_latent_heat() * thermo.species("H2O").molar_mass
    return (fuel.hhv("ar") + n["C"] * thermo.h("CO2", 298.15) + n["H"] / 2.0 * h_h2o_l
            + n["S"] * thermo.h("SO2", 298.15))


@dataclass(frozen=True)
class Devolatilization:
    """Products of drying and devolatilization, per kg of as-received fuel.

    ``gas`` [mol/kg]: the volatile gases (CH4, CO, CO2, H2, H2O) plus ``H2O_moisture`` (the fuel's
    moisture) and ``N2`` (fuel N; labelled assumption: released as N2). ``sulfur``, ``chlorine``
    [mol/kg]: element moles released, not speciated (no source for their speciation here).
    ``char_carbon`` [mol/kg]: fixed carbon; ``ash`` [kg/kg]. ``tar`` [mol of C, H, O per kg]:
    the volatile matter not in the given gases (by difference; empty when closing species are
    solved instead).
    """

    fuel: str
    gas: dict[str, float]
    sulfur: float
    chlorine: float
    char_carbon: float
    ash: float
    tar: dict[str, float] = field(default_factory=dict)

    def element_moles(self) -> dict[str, float]:
        """mol of each element per kg of as-received fuel in all products."""
        out = {el: 0.0 for el in ELEMENTS}
        for sp, n in self.gas.items():
            comp = thermo.species("H2O" if sp == "H2O_moisture" else sp).composition
            for el, a in comp.items():
                out[el] += a * n
        out["C"] += self.char_carbon
        for el, n in self.tar.items():
            out[el] += n
        out["S"] += self.sulfur
        out["Cl"] += self.chlorine
        return out

    def volatile_mass(self) -> float:
        """kg of volatiles (without the moisture) per kg of as-received fuel."""
        m = sum(n * thermo.species(sp).molar_mass for sp, n in self.gas.items() if sp != "H2O_moisture")
        m += sum(n * ATOMIC_MASS[el] for el, n in self.tar.items())
        return m + self.sulfur * ATOMIC_MASS["S"] + self.chlorine * ATOMIC_MASS["Cl"]


def devolatilize(fuel: Fuel, yields: dict[str, float],
                 closing: tuple[str, str, str] | None = None) -> Devolatilization:
    """Close the element balance of devolatilization for ``fuel``.

    ``yields`` [mol per kg of daf fuel]: the volatile species you know (measured yields) among
    CH4, CO, CO2, H2, H2O. The rest of the volatile matter::

        C_vol = C - FC,  H_vol = H,  O_vol = O   (mol per kg daf)

    is either reported as tar by difference (``closing=None``, the default: its C, H, O moles
    are ``Devolatilization.tar``; tar is not lumped into CH4, no source here does so) or
    assigned to three ``closing`` species solved from ``sum_i a_e,i n_i = e_vol`` (e = C, H, O).

    Char = fixed carbon + ash (definition of the proximate analysis; labelled assumption: no H,
    O, N, S in the char). N leaves as N2 (labelled assumption); S and Cl are reported as element
    moles. A negative closing yield means the given yields are inconsistent with the analysis:
    that raises a ValueError naming the species.

    >>> f = load("Vorres1990_Illinois6_bituminous")
    >>> d = devolatilize(f, {"CH4": 2.0, "CO2": 0.5})   # yields made up for the example only
    >>> res = {el: d.element_moles()[el] - f.element_moles("ar")[el] for el in ("C", "H", "O")}
    >>> all(abs(v) < 1e-9 for v in res.values())
    True
    """
    closing = tuple(closing) if closing is not None else ()
    if closing and (len(closing) != 3 or len(set(closing)) != 3 or not set(closing) <= set(VOLATILE_SPECIES)):
        raise ValueError(f"closing={closing!r}: give three different species of {VOLATILE_SPECIES}")
    for sp, n in yields.items():
        if sp not in VOLATILE_SPECIES:
            raise ValueError(f"yields: species {sp!r} not modelled; allowed: {', '.join(VOLATILE_SPECIES)}")
        if sp in closing:
            raise ValueError(f"yields: {sp} is a closing species {closing}; it is solved, not given")
        if not (math.isfinite(n) and n >= 0.0):
            raise ValueError(f"yields[{sp}]={n!r} mol/kg daf must be finite and not negative")
    daf = fuel.ultimate("daf")
    fc = fuel.proximate_d["fixed_carbon"] / (1.0 - fuel.ultimate_d["ash"])  # on the ultimate's daf
    vol = {"C": (daf["C"] - fc) / ATOMIC_MASS["C"], "H": daf["H"] / ATOMIC_MASS["H"],
           "O": daf["O"] / ATOMIC_MASS["O"]}
    rest = dict(vol)
    for sp, n in yields.items():
        for el, a in thermo.species(sp).composition.items():
            rest[el] -= a * n
    daf_per_ar = (1.0 - fuel.moisture) * (1.0 - fuel.ultimate_d["ash"])
    gas = {sp: yields.get(sp, 0.0) * daf_per_ar for sp in VOLATILE_SPECIES}
    common = dict(
        fuel=fuel.name,
        sulfur=daf["S"] / ATOMIC_MASS["S"] * daf_per_ar,
        chlorine=daf.get("Cl", 0.0) / ATOMIC_MASS["Cl"] * daf_per_ar,
        char_carbon=fc / ATOMIC_MASS["C"] * daf_per_ar,
        ash=fuel.ultimate("ar")["ash"],
    )
    gas["N2"] = 0.5 * daf["N"] / ATOMIC_MASS["N"] * daf_per_ar
    gas["H2O_moisture"] = fuel.moisture / thermo.species("H2O").molar_mass
    if not closing:
        for el, n in rest.items():
            if n < -1e-9:
                raise ValueError(f"devolatilization of {fuel.name}: the given yields {yields} hold more "
                                 f"{el} than the volatile matter ({vol[el]:.4g} mol/kg daf); tar by "
                                 f"difference would have {el} = {n:.4g} mol/kg daf < 0")
        tar = {el: max(n, 0.0) * daf_per_ar for el, n in rest.items()}
        return Devolatilization(gas=gas, tar=tar, **common)
    A = np.array([[thermo.species(sp).composition.get(el, 0.0) for sp in closing] for el in ("C", "H", "O")])
    if abs(np.linalg.det(A)) < 1e-12:
        raise ValueError(f"closing species {closing} cannot close the C, H, O balances; pick e.g. CO, H2, H2O")
    n_close = np.linalg.solve(A, np.array([rest["C"], rest["H"], rest["O"]]))
    for sp, n in zip(closing, n_close):
        if n < -1e-12:
            raise ValueError(f"devolatilization of {fuel.name}: the given yields {yields} leave "
                             f"{sp} = {n:.4g} mol/kg daf < 0; they are inconsistent with the analysis "
                             f"(volatile C, H, O = {vol['C']:.3f}, {vol['H']:.3f}, {vol['O']:.3f} mol/kg daf)")
    for sp, n in zip(closing, n_close):
        gas[sp] = max(float(n), 0.0) * daf_per_ar
    return Devolatilization(gas=gas, **common)
