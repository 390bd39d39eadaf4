"""Cement plant TOML files: read, convert units, validate, build a :class:`PlantSpec`.

Values may carry the units cement engineers use: "880 degC", "3000 t/d", "1 Mt/yr",
"0.1 MJ/kg clinker", "26 MJ/kg", "95 kWh/t clinker", "0.5366 kg/kWh". Errors name the field,
the value and the allowed range. Shipped examples: ``clc/examples/cement_*.toml``.

>>> spec = load(example_path("cement_cemcap_reference"))
>>> spec.stages
5
"""

from __future__ import annotations

import dataclasses
import importlib.resources
import math
import tomllib
from pathlib import Path

from .. import units
from ..checks import known_keys, table
from .data import GRID_FACTORS_2023
from .fuel import Fuel
from .calibration import CALIBRATABLE, calibrate
from .kiln import UNRESOLVED_HEAT_DESTINATIONS, PlantSpec

def _q(value, kind: str, field: str, default_unit: str) -> float:
    """A cement-plant quantity in SI (unit tables in :data:`clc.units.UNITS`)."""
    return units.quantity(value, kind, field, default_unit)


def _get(doc: dict, key: str, where: str):
    if key not in doc:
        raise ValueError(f"{where}{key}: missing (required input)")
    return doc[key]


def _choice(doc: dict, key: str, where: str, allowed: tuple[str, ...]) -> str:
    """A text option (the first allowed value when absent); anything else is refused by name."""
    v = doc.get(key, allowed[0])
    if v not in allowed:
        raise ValueError(f"{where}{key}={v!r}; allowed: {', '.join(repr(a) for a in allowed)}")
    return v


def _num(doc, key, where, lo, hi):
    v = _get(doc, key, where)
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise ValueError(f"{where}{key}={v!r}: not a number") from None
    if not (math.isfinite(x) and lo <= x <= hi):
        raise ValueError(f"{where}{key}={x:g} is outside the allowed range [{lo:g}, {hi:g}]")
    return x


def example_path(name: str) -> Path:
    path = Path(str(importlib.resources.files("clc.examples"))) / f"{name}.toml"
    if not path.is_file():
        raise FileNotFoundError(f"no example configuration named {name!r}")
    return path


def list_examples(kind: str = "cement_plant") -> list[str]:
    """Shipped cement examples of one kind: "cement_plant" (kiln lines) or "cement_clc" (integrations)."""
    folder = Path(str(importlib.resources.files("clc.examples")))
    return sorted(p.stem for p in folder.glob("cement_*.toml") if tomllib.loads(p.read_text()).get("kind") == kind)


def load(path: str | Path) -> PlantSpec:
    """A cement plant file; an error names the file, then the field."""
    from .. import config as unit_config

    doc = unit_config.read_toml(path)
    try:
        return from_dict(doc)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None


# the keys a cement plant file may hold, by table (unknown keys are refused with the nearest one)
_KEYS = {
    "": ("kind", "name", "production", "raw_meal", "clinker", "fuel", "preheater", "calciner", "kiln", "cooler",
         "electricity", "calibration"),
    "production": ("clinker", "capacity", "capacity_factor"),
    "raw_meal": ("composition", "moisture"),
    "clinker": ("free_lime",),
    "fuel": ("name", "ultimate", "lhv", "source"),
    "preheater": ("stages", "false_air", "dust"),
    "calciner": ("temperature", "degree_of_calcination", "excess_air", "shell_loss", "calcination_approach"),
    "kiln": ("clinker_temperature", "gas_temperature", "excess_air", "primary_air_fraction", "shell_loss",
             "fuel_share", "unresolved_heat_in_capture", "bypass"),
    "cooler": ("cooling_air", "clinker_temperature", "secondary_air_temperature", "tertiary_air_temperature",
               "shell_loss"),
    "electricity": ("consumption", "grid_factor", "region"),
    "calibration": ("target_specific_heat", "vary", "bounds", "source"),
}


def _check_keys(doc: dict) -> None:
    """Every table of a plant file is a table and holds only known keys (the nearest one named)."""
    known_keys(doc, _KEYS[""])
    for name, keys in _KEYS.items():
        if name and name in doc:
            known_keys(table(doc, name), keys, f"{name}.")
    for name in ("raw_meal", "fuel"):
        inner = "composition" if name == "raw_meal" else "ultimate"
        if inner in doc.get(name, {}):
            comp = table(doc[name], inner, f"{name}.")
            for k, v in comp.items():
                if isinstance(v, bool) or not isinstance(v, (int, float, str)):
                    raise ValueError(f"{name}.{inner}.{k}={v!r}: must be a number (a mass fraction)")
    # TOML types: text where text belongs, else a number or a quantity with its unit ("880 degC"), never
    # a boolean; tables and lists only where named
    for name in _KEYS:
        tab = doc if not name else doc.get(name, {})
        for k, v in tab.items():
            field = f"{name}.{k}" if name else k
            if k in _TEXT or (not name and k in _KEYS):
                if k in _TEXT and not isinstance(v, str):
                    raise ValueError(f"{field}={v!r}: must be text (a quoted string)")
                continue
            if (k, type(v)) in _NESTED:
                continue
            if isinstance(v, bool) or isinstance(v, (dict, list)):
                raise ValueError(f"{field}={v!r}: must be a number or a quantity with its unit (e.g. \"880 degC\"), "
                                 f"not a {type(v).__name__}")


_TEXT = ("kind", "name", "source", "region", "vary")  # text fields
_NESTED = {("composition", dict), ("ultimate", dict), ("shell_loss", dict), ("bounds", list)}


def from_dict(doc: dict) -> PlantSpec:
    """Build a validated :class:`PlantSpec` from a parsed cement-plant file."""
    if not isinstance(doc, dict):
        raise ValueError(f"a cement plant file is a table, not a {type(doc).__name__}")
    if doc.get("kind") != "cement_plant":
        raise ValueError(f"kind={doc.get('kind')!r}: a cement plant file needs kind = \"cement_plant\"")
    _check_keys(doc)
    for name in ("production", "raw_meal", "fuel", "preheater", "calciner", "kiln", "cooler"):
        table(doc, name)  # required tables, refused by name when missing or not tables
    prod = _get(doc, "production", "")
    if "clinker" in prod:
        annual = _q(prod["clinker"], "annual", "production.clinker", "t/yr")
    else:
        cap = _q(_get(prod, "capacity", "production."), "daily", "production.capacity", "t/d")
        cf = _num(prod, "capacity_factor", "production.", 0.0, 1.0)
        annual = cap * 365.0 * cf
    rm = _get(doc, "raw_meal", "")
    fuel_doc = _get(doc, "fuel", "")
    fuel = Fuel(dict(_get(fuel_doc, "ultimate", "fuel.")),
                _q(_get(fuel_doc, "lhv", "fuel."), "heating_value", "fuel.lhv", "J/kg"),
                name=str(fuel_doc.get("name", "coal")), source=str(fuel_doc.get("source", "")))
    pre, calc, kiln, cool = (_get(doc, k, "") for k in ("preheater", "calciner", "kiln", "cooler"))
    T = lambda d, k, w: units.temperature(_get(d, k, w), f"{w}{k}")
    E = lambda d, k, w: _q(_get(d, k, w), "specific_energy", f"{w}{k}", "J/kg clinker")

    running_rate = _running_clinker_rate(prod, annual)

    def loss(d, w):
        """shell_loss as energy per kg clinker, as "x %" of the reference fuel heat, or from the
        casing's surface and temperature (a table, see :func:`_surface_loss`)."""
        v = _get(d, "shell_loss", w)
        if isinstance(v, dict):
            return _surface_loss(v, f"{w}shell_loss", running_rate), 0.0
        if isinstance(v, str) and v.strip().endswith("%"):
            return 0.0, units.fraction(v, f"{w}shell_loss")
        return E(d, "shell_loss", w), 0.0
    (calc_loss, calc_frac), (kiln_loss, kiln_frac), (cool_loss, cool_frac) = (
        loss(calc, "calciner."), loss(kiln, "kiln."), loss(cool, "cooler."))
    elec, grid = None, None
    if "electricity" in doc:
        e = doc["electricity"]
        elec = _q(_get(e, "consumption", "electricity."), "specific_electricity", "electricity.consumption", "kWh/t clinker")
        if "grid_factor" in e:
            grid = _q(e["grid_factor"], "emission_factor", "electricity.grid_factor", "kg/kWh")
        else:
            region = _get(e, "region", "electricity.")
            if region not in GRID_FACTORS_2023:
                raise ValueError(f"electricity.region={region!r}; known: {', '.join(GRID_FACTORS_2023)}")
            grid = GRID_FACTORS_2023[region] / 3.6e6
    stages = _num(pre, "stages", "preheater.", 1, 6)
    if stages != int(stages):
        raise ValueError(f"preheater.stages={stages:g} must be a whole number")
    spec = PlantSpec(
        name=str(doc.get("name", "unnamed plant")),
        raw_meal=dict(_get(rm, "composition", "raw_meal.")),
        moisture=_num(rm, "moisture", "raw_meal.", 0.0, 0.2) if "moisture" in rm else 0.0,
        fuel=fuel, annual_clinker=annual, stages=int(stages),
        calciner_temperature=T(calc, "temperature", "calciner."),
        degree_of_calcination=_num(calc, "degree_of_calcination", "calciner.", 0.0, 1.0),
        calciner_excess_air=_num(calc, "excess_air", "calciner.", 1.0, 3.0),
        calciner_shell_loss=calc_loss, calciner_shell_loss_fraction=calc_frac,
        kiln_clinker_temperature=T(kiln, "clinker_temperature", "kiln."),
        kiln_gas_temperature=T(kiln, "gas_temperature", "kiln."),
        kiln_excess_air=_num(kiln, "excess_air", "kiln.", 1.0, 3.0),
        primary_air_fraction=_num(kiln, "primary_air_fraction", "kiln.", 0.0, 0.5),
        kiln_shell_loss=kiln_loss, kiln_shell_loss_fraction=kiln_frac,
        cooling_air=_q(_get(cool, "cooling_air", "cooler."), "specific_mass", "cooler.cooling_air", "kg/kg clinker"),
        clinker_out_temperature=T(cool, "clinker_temperature", "cooler."),
        secondary_air_temperature=T(cool, "secondary_air_temperature", "cooler."),
        tertiary_air_temperature=T(cool, "tertiary_air_temperature", "cooler."),
        cooler_shell_loss=cool_loss, cooler_shell_loss_fraction=cool_frac,
        free_lime=_num(doc.get("clinker", {}), "free_lime", "clinker.", 0.0, 0.2) if "free_lime" in doc.get("clinker", {}) else 0.0,
        kiln_fuel_share=_num(kiln, "fuel_share", "kiln.", 0.05, 0.95) if "fuel_share" in kiln else None,
        unresolved_heat_in_capture=_choice(kiln, "unresolved_heat_in_capture", "kiln.", UNRESOLVED_HEAT_DESTINATIONS),
        false_air=_q(pre["false_air"], "specific_mass", "preheater.false_air", "kg/kg clinker") if "false_air" in pre else 0.0,
        dust=_num(pre, "dust", "preheater.", 0.0, 0.3) if "dust" in pre else 0.0,
        bypass=units.fraction(kiln["bypass"], "kiln.bypass") if "bypass" in kiln else 0.0,
        calcination_approach=(units.quantity(calc["calcination_approach"], "temperature_difference",
                                             "calciner.calcination_approach") if "calcination_approach" in calc else 0.0),
        clinker_rate=running_rate,
        electricity=elec, grid_factor=grid,
        notes={"region": doc.get("electricity", {}).get("region")},
    )
    if "calibration" in doc:
        spec = _calibrated(spec, doc["calibration"])
    return spec


def _running_clinker_rate(prod: dict, annual: float) -> float:
    """Clinker rate while the kiln runs [kg/s]: the daily capacity, else the annual figure spread
    over the year."""
    if "capacity" in prod:
        return _q(prod["capacity"], "daily", "production.capacity", "t/d") / 86400.0
    return annual / (365.0 * 86400.0)


_SURFACE_KEYS = {"area", "surface_temperature", "geometry", "size", "emissivity", "ambient_temperature",
                 "wind_speed", "source"}


def _surface_loss(d: dict, field: str, clinker_rate: float) -> float:
    """Shell loss [J/kg clinker] of a casing from its surface (:mod:`clc.cement.shell_loss`).

    Keys: area ("1086 m2"), surface_temperature ("280 degC"), geometry ("horizontal_cylinder" or
    "vertical"), size (diameter or height, "4.8 m"), emissivity, ambient_temperature
    (default 25 degC), wind_speed (default 0), source.
    """
    from .shell_loss import ShellSurface

    known_keys(d, sorted(_SURFACE_KEYS), f"{field}.")
    surface = ShellSurface(
        area=units.quantity(_get(d, "area", f"{field}."), "area", f"{field}.area"),
        T_surface=units.temperature(_get(d, "surface_temperature", f"{field}."), f"{field}.surface_temperature"),
        geometry=str(_get(d, "geometry", f"{field}.")),
        size=units.quantity(_get(d, "size", f"{field}."), "length", f"{field}.size"),
        emissivity=_num(d, "emissivity", f"{field}.", 0.01, 1.0),
        wind_speed=units.quantity(d.get("wind_speed", 0.0), "velocity", f"{field}.wind_speed"),
        source=str(d.get("source", "")))
    T_amb = units.temperature(d.get("ambient_temperature", 298.15), f"{field}.ambient_temperature")
    return surface.loss(T_amb) / clinker_rate


def _calibration_value(vary: str, value, field: str) -> float:
    """One calibration bound in the SI unit of the varied field (see :data:`CALIBRATABLE`)."""
    if vary.endswith("shell_loss"):
        return units.fraction(value, field)
    if vary.endswith("temperature"):
        return units.temperature(value, field)
    if vary in ("cooler.cooling_air", "preheater.false_air"):
        return _q(value, "specific_mass", field, "kg/kg clinker")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{field}={value!r}: not a number") from None


def _calibrated(spec: PlantSpec, cal: dict) -> PlantSpec:
    """Apply a ``[calibration]`` table: vary one assumed input to meet a published specific heat use.

    Keys: ``target_specific_heat`` (e.g. "3.136 MJ/kg clinker"), ``vary`` (a key of
    :data:`clc.cement.calibration.CALIBRATABLE`), optional ``bounds`` (two values in the field's
    units, e.g. ["0 %", "30 %"]) and ``source`` (where the target comes from).
    """
    unknown = set(cal) - {"target_specific_heat", "vary", "bounds", "source"}
    if unknown:
        raise ValueError(f"calibration: unknown key(s) {', '.join(sorted(unknown))}; "
                         "allowed: target_specific_heat, vary, bounds, source")
    target = _q(_get(cal, "target_specific_heat", "calibration."), "specific_energy",
                "calibration.target_specific_heat", "J/kg clinker")
    vary = str(_get(cal, "vary", "calibration."))
    if vary not in CALIBRATABLE:
        raise ValueError(f"calibration.vary={vary!r}; allowed: {', '.join(CALIBRATABLE)}")
    bounds = None
    if "bounds" in cal:
        b = cal["bounds"]
        if not (isinstance(b, list) and len(b) == 2):
            raise ValueError(f"calibration.bounds={b!r} must be a list of two values")
        bounds = tuple(_calibration_value(vary, v, f"calibration.bounds[{i}]") for i, v in enumerate(b))
    result = calibrate(spec, target, vary, bounds)
    notes = dict(result.spec.notes)
    notes["calibration"] = {"vary": vary, "value": result.value, "original": result.original,
                            "unit": CALIBRATABLE[vary][3], "target": target,
                            "source": str(cal.get("source", "")), "text": result.describe()}
    return dataclasses.replace(result.spec, notes=notes)
