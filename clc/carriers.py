"""Oxygen carriers: kinetic parameter sets loaded from ``kinetics/*.yaml``.

One YAML file per material, named after its source paper (``Abad2007_Fe45Al``). Every
number in it is a mapping ``{value, units, source}``; the loader refuses a value without a
source, so no parameter enters a run unsourced. It also checks the units of each known
parameter (:data:`PARAMETER_UNITS`): a value in another unit of the same dimensions
(``E`` in kJ/mol, ``grain_size`` in um) is converted, any other unit is refused by name.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import math
from dataclasses import dataclass, field

import numpy as np
import yaml

from . import citations, data_ranges, rates, thermo, units
from .data import kinetics_dir
from .stoichiometry import Equation

GEOMETRY_FACTORS = {"plate": 1, "cylinder": 2, "sphere": 3}

#: the unit each known parameter is held in (the units of :func:`clc.rates.make_params`);
#: a file may give any unit pint converts to it. Ratios take only the spellings listed, since
#: pint cannot tell a mole ratio from a mass ratio. k0's unit depends on the order n:
#: K0_UNITS as written, or any unit of mol^(1-n) m^(3n-2) / s with the set's n.
PARAMETER_UNITS = {"E": "J/mol", "E_D": "J/mol", "grain_size": "m", "rho_m": "mol/m3", "D0": "m2/s"}
RATIO_UNITS = {
    "n": {"-": 1.0, "": 1.0},
    "Z": {"-": 1.0, "": 1.0, "m3/m3": 1.0},
    "b": {"mol/mol": 1.0},
    "mass_fraction": {"kg/kg": 1.0, "g/g": 1.0, "%": 0.01, "wt%": 0.01},  # composition, R_OC
}
K0_UNITS = "mol^(1-n) m^(3n-2) s^-1"


@dataclass(frozen=True)
class Parameter:
    """A physical value with its units and source."""

    value: float
    units: str
    source: str


@dataclass(frozen=True)
class CarrierReaction:
    """Kinetics of one carrier with one gas (reduction by a fuel, or oxidation by O2)."""

    gas: str
    equation: str
    solid_reactant: str
    model: str
    geometry: str
    parameters: dict[str, Parameter]

    @property
    def b(self) -> float:
        """Moles of solid reactant per mole of gas reactant.

        From the equation, unless the source gives its own (e.g. an average over the
        phases of a natural ore such as ilmenite) as parameter ``b``.
        """
        if "b" in self.parameters:
            return self.parameters["b"].value
        eq = Equation.parse(self.equation)
        return eq.reactants[self.solid_reactant] / eq.reactants[self.gas]

    def value(self, name: str, default: float = 0.0) -> float:
        p = self.parameters.get(name)
        return p.value if p is not None else default

    def kernel_params(self) -> np.ndarray:
        """The vector ``p`` read by :mod:`clc.rates` kernels."""
        return rates.make_params(
            self.model, GEOMETRY_FACTORS[self.geometry],
            k0=self.value("k0"), E=self.value("E"), n=self.value("n", 1.0),
            L=self.value("grain_size", 1.0), rho_m=self.value("rho_m", 1.0), b=self.b,
            D0=self.value("D0"), E_D=self.value("E_D"), Z=self.value("Z", 1.0),
        )


@dataclass(frozen=True)
class Carrier:
    """An oxygen carrier: composition, redox pair, and kinetics with each gas."""

    name: str
    description: str
    citation_key: str
    composition: dict[str, Parameter]  # mass fractions, fully oxidised
    active_phase: str
    oxidation: str
    reactions: dict[str, CarrierReaction]
    T_range: tuple[float, float]
    T_range_source: str
    published: dict[str, Parameter] = field(default_factory=dict)
    notes: str = ""
    # steam reforming on the reduced metal (Xu & Froment constants, see REFORMING_KEYS); empty: none
    reforming: dict[str, Parameter] = field(default_factory=dict)

    @property
    def R_OC(self) -> float:
        """Oxygen transport capacity (kg O / kg oxidised carrier).

        Computed from the composition where the source gives one; otherwise the value the
        source publishes (natural ores such as ilmenite, whose phase split is not given).
        """
        if self.active_phase in self.composition:
            return thermo.oxygen_transport_capacity(
                self.oxidation, self.active_phase, self.composition[self.active_phase].value)
        return self.published["R_OC"].value

    @property
    def gases(self) -> list[str]:
        return list(self.reactions)

    def reaction(self, gas: str) -> CarrierReaction:
        try:
            return self.reactions[gas]
        except KeyError:
            raise KeyError(
                f"carrier {self.name} has no kinetics for gas {gas!r}; it has: {', '.join(self.reactions)}"
            ) from None

    def check_temperature(self, T: float) -> None:
        lo, hi = self.T_range
        if not (math.isfinite(T) and lo <= T <= hi):
            raise ValueError(
                f"temperature T={T!r} K is outside the range of carrier {self.name}'s data "
                f"[{lo:g}, {hi:g}] K ({self.T_range_source})"
            )


def _parameter(raw, where: str) -> Parameter:
    if not isinstance(raw, dict) or "value" not in raw or not raw.get("source"):
        raise ValueError(f"{where}: every value needs 'value' and 'source' (got {raw!r})")
    value = float(raw["value"])
    if not math.isfinite(value):
        raise ValueError(f"{where}: value {raw['value']!r} is not finite")
    return Parameter(value, str(raw.get("units", "-")), str(raw["source"]).strip())


def _in_units(p: Parameter, kind: str, where: str, n: float = 1.0) -> Parameter:
    """``p`` in the unit the model holds ``kind`` in (see :data:`PARAMETER_UNITS`)."""
    if kind in RATIO_UNITS:
        table = RATIO_UNITS[kind]
        if p.units not in table:
            raise ValueError(f"{where}: units {p.units!r} not understood; use one of "
                             f"{', '.join(repr(u) for u in table)}")
        to, value = next(iter(table)), p.value * table[p.units]
    elif kind == "k0":
        if " ".join(p.units.split()) == K0_UNITS:
            return p
        to = f"mol**{1.0 - n:g} * m**{3.0 * n - 2.0:g} / s"
        value = units.convert(p.value, p.units, to, f"{where} (order n={n:g})")
        to = K0_UNITS
    else:
        to = PARAMETER_UNITS[kind]
        value = units.convert(p.value, p.units, to, where)
    return p if p.units == to else Parameter(value, to, p.source)


#: the constants a carrier's ``reforming`` section must give (Xu & Froment 1989 form, see
#: :func:`clc.reforming.reforming_vector`), with the units each is held in
REFORMING_KEYS = {
    "catalyst": "kg/kg Ni", "H2_floor": "-",
    "k0_1": "mol bar^0.5 kg^-1 s^-1", "E_1": "J/mol", "k0_2": "mol bar^-1 kg^-1 s^-1", "E_2": "J/mol",
    "k0_3": "mol bar^0.5 kg^-1 s^-1", "E_3": "J/mol",
    "K0_CO": "1/bar", "dH_CO": "J/mol", "K0_H2": "1/bar", "dH_H2": "J/mol",
    "K0_CH4": "1/bar", "dH_CH4": "J/mol", "K0_H2O": "-", "dH_H2O": "J/mol",
}


def _reforming(doc: dict, name: str) -> dict[str, Parameter]:
    """The carrier's ``reforming`` constants, each in the unit of :data:`REFORMING_KEYS` (refused otherwise)."""
    raw = doc.get("reforming")
    if not raw:
        return {}
    if "citation" in raw:
        citations.add_from_dict(raw["citation"])
    out = {}
    for key, unit in REFORMING_KEYS.items():
        if key not in raw:
            raise ValueError(f"{name}.reforming: {key!r} is missing; needed: {', '.join(REFORMING_KEYS)}")
        p = _parameter(raw[key], f"{name}.reforming.{key}")
        if " ".join(p.units.split()) != unit:
            raise ValueError(f"{name}.reforming.{key}: units {p.units!r}; give them in {unit!r}")
        out[key] = p
    return out


def _load(path) -> Carrier:
    doc = yaml.safe_load(path.read_text())
    data_ranges.check_doc(doc, path.name)  # ranges beside values (clc.data_ranges), refused when malformed
    return _from_doc(doc, path)


def _from_doc(doc: dict, path) -> Carrier:
    name = doc["name"]
    cit = doc["citation"]
    citations.add_from_dict(cit)
    composition = {k: _in_units(_parameter(v, f"{name}.composition.{k}"), "mass_fraction",
                                f"{path.name}: {name}.composition.{k}")
                   for k, v in doc.get("composition", {}).items()}
    total = sum(p.value for p in composition.values())
    if composition and abs(total - 1.0) > 1e-6:
        raise ValueError(f"{name}.composition: mass fractions sum to {total}, not 1")
    reactions = {}
    for gas, r in doc["reactions"].items():
        where = f"{name}.reactions.{gas}"
        params = {k: _parameter(v, f"{where}.{k}") for k, v in r["parameters"].items()}
        n = _in_units(params["n"], "n", f"{path.name}: {where}.n").value if "n" in params else 1.0
        for k, p in params.items():
            if k in PARAMETER_UNITS or k in RATIO_UNITS or k == "k0":
                params[k] = _in_units(p, k, f"{path.name}: {where}.{k}", n)
        thermo.Reaction(r["equation"])  # species known, equation balanced
        if r["geometry"] not in GEOMETRY_FACTORS:
            raise ValueError(f"{where}.geometry={r['geometry']!r}; allowed: {sorted(GEOMETRY_FACTORS)}")
        reactions[gas] = CarrierReaction(gas, r["equation"], r["solid_reactant"], r["model"],
                                         r["geometry"], params)
        reactions[gas].kernel_params()  # validates the model name
    tr = doc["temperature_range"]
    published = {k: _parameter(v, f"{name}.published.{k}") for k, v in doc.get("published", {}).items()}
    if "R_OC" in published:
        published["R_OC"] = _in_units(published["R_OC"], "mass_fraction", f"{path.name}: {name}.published.R_OC")
    if doc["active_phase"] not in composition and "R_OC" not in published:
        raise ValueError(f"{name}: give the composition of {doc['active_phase']} or a published R_OC")
    return Carrier(
        name=name,
        description=doc["description"].strip(),
        citation_key=cit["key"],
        composition=composition,
        active_phase=doc["active_phase"],
        oxidation=doc["oxidation"],
        reactions=reactions,
        T_range=(float(tr["min"]), float(tr["max"])),
        T_range_source=str(tr["source"]).strip(),
        published=published,
        notes=str(doc.get("notes", "")).strip(),
        reforming=_reforming(doc, name),
    )


@functools.cache
def _all() -> dict[str, Carrier]:
    out = {}
    for path in sorted(kinetics_dir().glob("*.yaml")):
        c = _load(path)
        out[c.name] = c
    return out


#: separator of a carrier name with a reactivity factor: ``"<set>@reactivity=<factor>"``
REACTIVITY_TAG = "@reactivity="


def with_reactivity(name: str, factor: float) -> str:
    """The name of carrier ``name`` with every rate of its reductions (all gases but O2) times ``factor``.

    A calibration input, not a kinetic set: it lets one shipped set stand in for a carrier that has
    none (e.g. a pilot's Cu-Mn carrier run with a CuO set), its reactivity scaled to the pilot's data.
    Both k0 and D0 are scaled, so the characteristic times of chemical control and of product-layer
    diffusion fall by the factor and dX/dt rises by it at every X, whatever the rate model; the
    activation energies, orders and the oxidation (O2) are the set's own. ``factor == 1`` returns
    ``name`` itself. :func:`load` rebuilds the scaled set from the name, so it travels to worker
    processes as a plain string.

    >>> with_reactivity("GarciaLabiano2004_Cu", 0.5)
    'GarciaLabiano2004_Cu@reactivity=0.5'
    """
    if not (isinstance(factor, (int, float)) and math.isfinite(factor) and factor > 0.0):
        raise ValueError(f"carrier_reactivity={factor!r}: must be a positive finite number")
    base = name.split(REACTIVITY_TAG)[0]
    if base not in _all():
        raise KeyError(f"unknown carrier {base!r}; available: {', '.join(list_carriers())}")
    return base if factor == 1.0 else f"{base}{REACTIVITY_TAG}{float(factor)!r}"


def reactivity(name: str) -> float:
    """The reactivity factor a carrier name carries (1 for a shipped set as it is)."""
    return float(name.split(REACTIVITY_TAG)[1]) if REACTIVITY_TAG in name else 1.0


@functools.cache
def _scaled(base: str, factor: float) -> Carrier:
    """``base`` with k0 and D0 of its reductions times ``factor`` (see :func:`with_reactivity`)."""
    if not (math.isfinite(factor) and factor > 0.0):
        raise ValueError(f"reactivity factor {factor!r} must be positive and finite")
    c = _all()[base]
    reactions = {}
    for gas_name, r in c.reactions.items():
        params = dict(r.parameters)
        if gas_name != "O2":
            for key in ("k0", "D0"):
                if key in params:
                    p = params[key]
                    params[key] = Parameter(p.value * factor, p.units,
                                            f"{p.source}; times the calibrated reactivity factor {factor!r}")
        reactions[gas_name] = CarrierReaction(r.gas, r.equation, r.solid_reactant, r.model, r.geometry, params)
    # the copy keeps the set's own name (the phase model reads a set's file by it); only the key
    # load() finds it by carries the factor
    return Carrier(name=c.name, description=c.description, citation_key=c.citation_key,
                   composition=c.composition, active_phase=c.active_phase, oxidation=c.oxidation,
                   reactions=reactions, T_range=c.T_range, T_range_source=c.T_range_source,
                   published=c.published, reforming=c.reforming,
                   notes=f"{c.notes} Reduction rates times a reactivity factor {factor!r} (calibration input).".strip())


@functools.cache
def _documents() -> dict:
    return {d["name"]: (d, p) for p in sorted(kinetics_dir().glob("*.yaml"))
            for d in [yaml.safe_load(p.read_text())]}


def document(name: str) -> tuple[dict, object]:
    """The parsed YAML of the shipped carrier ``name`` and its path (read-only: do not modify it)."""
    try:
        return _documents()[name]
    except KeyError:
        raise KeyError(f"unknown carrier {name!r}; available: {', '.join(sorted(_documents()))}") from None


def variant(name: str, values: dict) -> str:
    """A copy of shipped carrier ``name`` with values of its file replaced, for uncertainty samples.

    ``values`` maps a path in the file (``("reactions", "CH4", "parameters", "E")``) to a number in
    the file's units. The copy is checked as the file is and registered (in this process) under a
    derived name, which is returned; the same values give the same name. The copy keeps the set's
    own ``name`` (what the phase model reads its file by): only its key in the registry differs.
    """
    doc, path = document(name)
    doc = copy.deepcopy(doc)
    for keys, value in values.items():
        node = doc
        for k in keys:
            node = node[k]
        node["value"] = float(value)
    tag = hashlib.sha1(repr(sorted((".".join(k), float(v)) for k, v in values.items())).encode()).hexdigest()[:10]
    new = f"{name}~{tag}"
    if new not in _all():
        _all()[new] = _from_doc(doc, path)
    return new


def list_carriers() -> list[str]:
    """Names of the shipped kinetic parameter sets.

    >>> "Abad2007_Fe45Al" in list_carriers()
    True
    """
    return sorted(_all())


def load(name: str) -> Carrier:
    """The carrier called ``name``; records its citation for this session."""
    try:
        if REACTIVITY_TAG in name:
            base, factor = name.split(REACTIVITY_TAG, 1)
            c = _scaled(base, float(factor))
        else:
            c = _all()[name]
    except (KeyError, ValueError):
        raise KeyError(f"unknown carrier {name!r}; available: {', '.join(list_carriers())}") from None
    citations.cite(c.citation_key)
    return c


def reaction_rate(carrier: str, gas: str, T: float, C: float, X: float) -> float:
    """dX/dt [1/s] of ``carrier`` at conversion X in ``gas`` of concentration C [mol/m3].

    The checked, scalar entry to the rate kernels (:func:`clc.rates.conversion_rate`).

    >>> r = reaction_rate("Abad2007_Fe45Al", "CH4", 1173.15, 1.558, 0.0)
    >>> round(r * 75.85, 2)   # 3/tau at X = 0 for spherical grains, tau = 75.85 s
    3.0
    """
    c = load(carrier)
    c.check_temperature(T)
    if not (math.isfinite(C) and C >= 0.0):
        raise ValueError(f"concentration C={C!r} mol/m3 must be finite and not negative")
    if not (math.isfinite(X) and 0.0 <= X <= 1.0):
        raise ValueError(f"conversion X={X!r} must lie in [0, 1]")
    return float(rates.conversion_rate(c.reaction(gas).kernel_params(), T, C, X))
