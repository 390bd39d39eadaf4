"""Unit configuration files (TOML): read, convert units, validate, build a :class:`clc.specs.UnitSpec`.

Values may carry units ("950 degC", "3 MWth", "2000 kg/MWth", "150 um"); bare numbers are
read in SI (K for temperatures). Every field is checked: an error names the field, the value
and the allowed range. See ``clc/examples/*.toml`` for complete files.
"""

from __future__ import annotations

import copy
import difflib
import functools
import importlib.resources
import math
import tomllib
from pathlib import Path

from . import carbon_stripper, carriers, char, char_classes, checks, gas, reactor, solid_fuel, units
from .specs import ReactorSpec, UnitSpec
from .solid_fuel_reactor import SolidFuelSpec

DEFAULT_EXAMPLE = "cheers_3mw_natural_gas"   # base unit of studies, uncertainty runs and the cement integration
# What `clc run` solves with no file (issue 14 item 6): a CHEERS-type lignite unit in the published window of the
# 5 MWth pilot (Li et al., Engineering 59 (2026) 168); the natural-gas unit stays an example.
RUN_DEFAULT_EXAMPLE = "cheers_5mw_lignite_type"


def example_path(name: str = DEFAULT_EXAMPLE) -> Path:
    """Path of a shipped example configuration."""
    path = Path(str(importlib.resources.files("clc.examples"))) / f"{name}.toml"
    if not path.is_file():
        raise FileNotFoundError(f"no example configuration named {name!r}")
    return path


def list_examples() -> list[str]:
    """Shipped CLC unit examples (the ``cement_*`` files are cement plants, see :mod:`clc.cement`)."""
    folder = Path(str(importlib.resources.files("clc.examples")))
    return sorted(p.stem for p in folder.glob("*.toml") if not p.stem.startswith("cement_"))


def load(path: str | Path | None = None) -> UnitSpec:
    """Read a configuration file (default: the embedded CHEERS-type unit)."""
    return from_dict(read(path))


def read(path: str | Path | None = None) -> dict:
    """The parsed TOML of a unit file (default: the embedded CHEERS-type unit), as a fresh copy.

    A file is parsed once while it is unchanged (same modification time and size): repeated
    calls, e.g. :func:`clc.simulate` in a loop, reuse the parse.
    """
    path = Path(path) if path is not None else example_path()
    st = _stat(path)
    return copy.deepcopy(_parse(str(path.resolve()), st.st_mtime_ns, st.st_size))


def _stat(path: Path):
    """``os.stat`` of an input file, refusing a missing path or a directory with one clear line."""
    try:
        st = path.stat()
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    if path.is_dir():
        raise ValueError(f"{path}: is a directory, not a TOML file")
    return st


def read_toml(path: str | Path) -> dict:
    """Parse a TOML input file; a missing, unreadable, binary or non-UTF-8 file is one clear ``ValueError``."""
    path = Path(path)
    _stat(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not a UTF-8 text file (binary, or another encoding such as UTF-16)") from None
    if "\x00" in text:
        raise ValueError(f"{path}: not a text file (it contains NUL bytes)")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML ({exc})") from None


@functools.lru_cache(maxsize=64)
def _parse(path: str, mtime_ns: int, size: int) -> dict:
    return read_toml(path)


def _table(doc: dict, key: str, where: str, required: bool = True) -> dict:
    """``doc[key]`` as a TOML table; a number, string or list there is refused by name."""
    return checks.table(doc, key, where, required)


def _bool(doc: dict, key: str, where: str, default: bool) -> bool:
    """A TOML boolean (``true``/``false``); a string such as ``"no"`` is refused."""
    v = doc.get(key, default)
    if not isinstance(v, bool):
        raise ValueError(f"{where}{key}={v!r}: must be a boolean, true or false (unquoted)")
    return v


def _count(doc: dict, key: str, where: str, default: int, lo: float, hi: float) -> int:
    """A whole number in [lo, hi]; a fraction (1.9) is refused, not truncated."""
    v = doc.get(key, default)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or (isinstance(v, float) and not v.is_integer()):
        raise ValueError(f"{where}{key}={v!r}: must be a whole number in [{lo:g}, {hi:g}]")
    return int(_ranged(float(v), f"{where}{key}", lo, hi))


def _number(v, field: str) -> float:
    """A plain number; the error names the field."""
    if isinstance(v, bool):
        raise ValueError(f"{field}={v!r}: must be a number")
    try:
        return float(v)
    except (TypeError, ValueError):
        raise ValueError(f"{field}={v!r}: must be a number") from None


_TOP_KEYS = ("name", "carrier", "thermal_power", "fuel", "air", "particles", "model", "fuel_reactor", "air_reactor",
             "pressure", "solids_circulation", "solids_cooler", "carbon_stripper", "uncertainty", "carrier_reactivity",
             "calibration")  # [calibration]: read by clc.loop_calibration, not by the unit spec
_AIR_KEYS = ("temperature", "excess")
_PARTICLE_KEYS = ("density", "diameter", "voidage_mf")
_MODEL_KEYS = ("water_gas_shift", "cells", "cell_height", "riser_cell_height", "extrapolate_kinetics")
_REACTOR_KEYS = ("type", "diameter", "inventory", "temperature", "orifices", "steam", "steam_temperature",
                 "heat_duty", "adiabatic", "height", "voidage", "riser_model", "eps_dense", "eps_star", "a_u0",
                 "eps_bottom", "freeboard", "grid_zone")
_FREEBOARD_KEYS = ("height", "eps_surface", "eps_star", "a_u0")
_GAS_FUEL_KEYS = ("type", "composition", "temperature")
_COOLER_KEYS = ("outlet_temperature",)


def _get(doc: dict, key: str, where: str):
    if key not in doc:
        raise ValueError(f"{where}{key}: missing")
    return doc[key]


def _ranged(x: float, field: str, lo: float, hi: float, unit: str = "") -> float:
    if not (math.isfinite(x) and lo <= x <= hi):
        raise ValueError(f"{field}={x:g}{(' ' + unit) if unit else ''} is outside the allowed range [{lo:g}, {hi:g}]")
    return x


def _temperature(doc, key, where, lo=250.0, hi=1700.0) -> float:
    return _ranged(units.temperature(_get(doc, key, where), f"{where}{key}"), f"{where}{key}", lo, hi, "K")


def _default_orifices(regime: str, doc: dict, where: str) -> int:
    """Orifices when the unit gives none: 1000 (bubbling beds, unsourced, kept); for the ``kunii_levenspiel`` bed
    the sourced density of :data:`clc.kl_closures.ORIFICE_DENSITY_DEFAULT` times the bed area."""
    if regime != "kunii_levenspiel" or "orifices" in doc or "diameter" not in doc:
        return 1000
    from .kl_closures import ORIFICE_DENSITY_DEFAULT
    d = units.quantity(doc["diameter"], "length", f"{where}diameter")
    return max(1, round(ORIFICE_DENSITY_DEFAULT * math.pi * d**2 / 4.0))


def _grid_zone(regime: str, doc: dict, where: str) -> bool:
    """``grid_zone = true``: the kunii_levenspiel bed's distributor jet zone (off by default, see clc.kl_bed)."""
    if "grid_zone" in doc and regime != "kunii_levenspiel":
        raise ValueError(f"{where}grid_zone: only for type = 'kunii_levenspiel'")
    return _bool(doc, "grid_zone", where, False)


def _reactor(doc: dict, where: str, thermal_power: float, rho_p: float) -> ReactorSpec:
    _known_keys(doc, _REACTOR_KEYS, where)
    regime = doc.get("type", "bubbling")
    allowed = reactor.types_for(where.rstrip("."))
    if regime not in allowed:
        raise ValueError(f"{where}type={regime!r}; allowed: {', '.join(map(repr, allowed))}")
    bed_height = voidage = 0.0
    if regime == "moving_bed":  # a packed bed: its inventory follows from its size
        bed_height = _ranged(units.quantity(_get(doc, "height", where), "length", f"{where}height"),
                             f"{where}height", 0.01, 100.0, "m")
        voidage = _ranged(_number(_get(doc, "voidage", where), f"{where}voidage"), f"{where}voidage", 0.2, 0.9)
        if "inventory" in doc:
            raise ValueError(f"{where}inventory: a moving bed's inventory follows from its height, diameter and "
                             "voidage; remove it")
        d = _ranged(units.quantity(_get(doc, "diameter", where), "length", f"{where}diameter"), f"{where}diameter",
                    0.01, 30.0, "m")
        inventory = (1.0 - voidage) * math.pi * d**2 / 4.0 * bed_height * rho_p
    else:
        inv_raw = _get(doc, "inventory", where)
        if isinstance(inv_raw, str) and inv_raw.replace(" ", "").endswith("kg/MWth"):
            inventory = float(inv_raw.split("kg")[0]) * thermal_power / 1e6
        else:
            inventory = units.quantity(inv_raw, "mass", f"{where}inventory")
    extra = {}
    if "steam" in doc:
        extra["H2O"] = _ranged(units.quantity(doc["steam"], "molar_flow", f"{where}steam"), f"{where}steam", 0.0, 1e5, "mol/s")
    duty = None
    if "heat_duty" in doc:
        duty = _ranged(units.quantity(doc["heat_duty"], "power", f"{where}heat_duty"), f"{where}heat_duty",
                       -1e10, 1e10, "W")
    elif _bool(doc, "adiabatic", where, False):
        duty = 0.0
    height = 0.0
    riser_model, riser_params = "uniform", ()
    if regime == "kunii_levenspiel" and "height" in doc:  # the vessel, distributor to gas exit: bed + freeboard
        bed_height = _ranged(units.quantity(doc["height"], "length", f"{where}height"), f"{where}height", 0.01, 200.0, "m")
    if regime == "riser":
        height = _ranged(units.quantity(_get(doc, "height", where), "length", f"{where}height"), f"{where}height", 0.1, 200.0, "m")
        riser_model, riser_params = _riser_profile(doc, where)
    fb_height, fb_params = 0.0, ()
    if "freeboard" in doc:
        fb = doc["freeboard"]
        if regime != "bubbling" or not isinstance(fb, dict):
            raise ValueError(f"{where}freeboard: a table {{height, eps_surface, eps_star, a_u0}} for a bubbling bed")
        _known_keys(fb, _FREEBOARD_KEYS, f"{where}freeboard.")
        fb_height = _ranged(units.quantity(_get(fb, "height", f"{where}freeboard."), "length", f"{where}freeboard.height"),
                            f"{where}freeboard.height", 1e-3, 100.0, "m")
        eps0 = _ranged(float(_get(fb, "eps_surface", f"{where}freeboard.")), f"{where}freeboard.eps_surface", 0.0, 0.6)
        if eps0 > 0.0:  # entrained solids: their decay needs both constants (no defaults: no source)
            fb_params = (("eps_surface", eps0),
                         ("eps_star", _ranged(float(_get(fb, "eps_star", f"{where}freeboard.")),
                                              f"{where}freeboard.eps_star", 0.0, 0.6)),
                         ("a_u0", _ranged(float(str(_get(fb, "a_u0", f"{where}freeboard.")).replace("1/s", "").strip()),
                                          f"{where}freeboard.a_u0", 1e-6, 1e3, "1/s")))
        else:  # a gas-only freeboard; a_u0 then multiplies a zero holdup and has no effect
            fb_params = (("eps_surface", 0.0), ("eps_star", 0.0), ("a_u0", 1.0))
        if fb_params[1][1] > fb_params[0][1]:
            raise ValueError(f"{where}freeboard.eps_star={fb_params[1][1]:g} exceeds eps_surface={fb_params[0][1]:g}")
    return ReactorSpec(
        diameter=_ranged(units.quantity(_get(doc, "diameter", where), "length", f"{where}diameter"), f"{where}diameter", 0.01, 30.0, "m"),
        inventory=_ranged(inventory, f"{where}inventory", 1e-3, 1e7, "kg"),
        temperature=_temperature(doc, "temperature", where, 500.0, 1600.0),
        n_orifices=_count(doc, "orifices", where, _default_orifices(regime, doc, where), 1, 1e7),
        grid_zone=_grid_zone(regime, doc, where),
        extra_feed=extra, regime=regime, riser_height=height, heat_duty=duty,
        riser_model=riser_model, riser_params=riser_params, freeboard_height=fb_height, freeboard_params=fb_params,
        height=bed_height, voidage=voidage)


_RISER_FIELDS = {"uniform": {}, "kunii_levenspiel": {"eps_dense": (1e-4, 0.6), "eps_star": (1e-6, 0.3),
                                                     "a_u0": (1e-3, 100.0)},
                 "chalmers": {"eps_bottom": (1e-3, 0.6)}}


def _riser_profile(doc: dict, where: str) -> tuple[str, tuple]:
    """``riser_model`` and its parameters (solids fractions; a_u0 in 1/s) -> (model, ((name, value), ...))."""
    model = doc.get("riser_model", "uniform")
    if model not in _RISER_FIELDS:
        raise ValueError(f"{where}riser_model={model!r}; allowed: {', '.join(_RISER_FIELDS)}")
    params = []
    for name, (lo, hi) in _RISER_FIELDS[model].items():
        raw = _get(doc, name, where)
        value = float(str(raw).replace("1/s", "").strip()) if name == "a_u0" else float(raw)
        params.append((name, _ranged(value, f"{where}{name}", lo, hi, "1/s" if name == "a_u0" else "")))
    return model, tuple(params)


def from_dict(doc: dict) -> UnitSpec:
    """Build a validated :class:`UnitSpec` from a parsed configuration."""
    if not isinstance(doc, dict):
        raise ValueError(f"a unit configuration is a table, not a {type(doc).__name__}")
    _known_keys(doc, _TOP_KEYS, "")
    carrier = _get(doc, "carrier", "")
    if not isinstance(carrier, str) or carrier not in carriers.list_carriers():
        raise ValueError(f"carrier={carrier!r} is not a known kinetic set; available: {', '.join(carriers.list_carriers())}")
    if "carrier_reactivity" in doc:  # calibration input: the set's reduction rates times this factor
        carrier = carriers.with_reactivity(carrier, _ranged(_number(doc["carrier_reactivity"], "carrier_reactivity"),
                                                            "carrier_reactivity", 1e-6, 1e6))
    power = _ranged(units.quantity(_get(doc, "thermal_power", ""), "power", "thermal_power"), "thermal_power", 1.0, 5e9, "W")
    fuel = _table(doc, "fuel", "")
    fuel_type = fuel.get("type", "gas")
    if fuel_type not in ("gas", "solid"):
        raise ValueError(f"fuel.type={fuel_type!r}; allowed: 'gas', 'solid'")
    solid = None
    if fuel_type == "solid":
        comp = {}
        solid = _solid_fuel(fuel, doc.get("carbon_stripper", {}))
        fr_doc = _table(doc, "fuel_reactor", "")
        fuel_gas_T = (_temperature(fr_doc, "steam_temperature", "fuel_reactor.")
                      if "steam_temperature" in fr_doc else 298.15)
    else:
        _known_keys(fuel, _GAS_FUEL_KEYS, "fuel.")
        comp = {k: _number(v, f"fuel.composition.{k}") for k, v in _table(fuel, "composition", "fuel.").items()}
        for k, v in comp.items():
            if k not in gas.SPECIES:
                raise ValueError(f"fuel.composition.{k}: species not modelled; allowed: {', '.join(gas.SPECIES)}")
            _ranged(v, f"fuel.composition.{k}", 0.0, 1.0)
        if abs(sum(comp.values()) - 1.0) > 1e-6:
            raise ValueError(f"fuel.composition: mole fractions sum to {sum(comp.values()):g}, not 1")
        fuel_gas_T = _temperature(fuel, "temperature", "fuel.") if "temperature" in fuel else 298.15
    air = _table(doc, "air", "", required=False)
    _known_keys(air, _AIR_KEYS, "air.")
    particles = _table(doc, "particles", "")
    _known_keys(particles, _PARTICLE_KEYS, "particles.")
    rho_p = _ranged(units.quantity(_get(particles, "density", "particles."), "density", "particles.density"),
                    "particles.density", 500.0, 2e4, "kg/m3")
    model = _table(doc, "model", "", required=False)
    _known_keys(model, _MODEL_KEYS, "model.")
    wgs = model.get("water_gas_shift", "equilibrium")
    if wgs not in ("equilibrium", "none"):
        raise ValueError(f"model.water_gas_shift={wgs!r}; allowed: 'equilibrium', 'none'")
    fr = _reactor(_table(doc, "fuel_reactor", ""), "fuel_reactor.", power, rho_p)
    ar_doc = _table(doc, "air_reactor", "")
    cooler = _table(doc, "solids_cooler", "", required=False)
    _known_keys(cooler, _COOLER_KEYS, "solids_cooler.")
    if fr.regime == "moving_bed":
        _check_moving_bed_fuel(carrier, comp, solid)
    return UnitSpec(
        name=str(doc.get("name", "unnamed unit")),
        carrier=carrier,
        fuel=comp,
        thermal_power=power,
        fuel_temperature=fuel_gas_T,
        air_temperature=_temperature(air, "temperature", "air.") if "temperature" in air else 298.15,
        air_excess=_ranged(_number(air.get("excess", 1.2), "air.excess"), "air.excess", 1.0, 10.0),
        pressure=_ranged(units.quantity(doc.get("pressure", 101325.0), "pressure", "pressure"), "pressure", 1e4, 1e7, "Pa"),
        solids_circulation=_ranged(units.quantity(_get(doc, "solids_circulation", ""), "mass_flow", "solids_circulation"),
                                   "solids_circulation", 1e-6, 1e5, "kg/s"),
        d_p=_ranged(units.quantity(_get(particles, "diameter", "particles."), "length", "particles.diameter"),
                    "particles.diameter", 1e-6, 1e-2, "m"),
        rho_p=rho_p,
        eps_mf=_ranged(_number(particles.get("voidage_mf", 0.45), "particles.voidage_mf"), "particles.voidage_mf", 0.2, 0.9),
        fuel_reactor=fr,
        air_reactor=_reactor(ar_doc, "air_reactor.", power, rho_p),
        # grids: no coarser than 8 cells and 5x the default cell heights; on 200 sampled units coarser
        # grids moved combustion efficiency up to 9-37 points from a grid 8x finer than the default
        # (benchmarks/grid_convergence.py, benchmarks/README.md "Grid convergence")
        n_cells=_count(model, "cells", "model.", 8, 8, 500),
        cell_height=_ranged(units.quantity(model.get("cell_height", 0.2), "length", "model.cell_height"),
                            "model.cell_height", 1e-3, 1.0, "m"),
        riser_cell_height=_ranged(units.quantity(model.get("riser_cell_height", 1.0), "length", "model.riser_cell_height"),
                                  "model.riser_cell_height", 1e-3, 5.0, "m"),
        wgs_equilibrium=(wgs == "equilibrium"),
        extrapolate_kinetics=_bool(model, "extrapolate_kinetics", "model.", False),
        solid_fuel=solid,
        solids_cooler_temperature=(_temperature(cooler, "outlet_temperature", "solids_cooler.")
                                   if "solids_cooler" in doc else None),
    )


def _check_moving_bed_fuel(carrier: str, comp: dict, solid) -> None:
    """A moving-bed fuel reactor reacts one gaseous fuel with a rate in the carrier set."""
    if solid is not None:
        raise ValueError("fuel.type='solid' with fuel_reactor.type='moving_bed': the moving bed takes a gaseous fuel")
    fed = [k for k in ("CH4", "CO", "H2") if comp.get(k, 0.0) > 0.0]
    rates = carriers.load(carrier).reactions
    if len(fed) != 1 or fed[0] not in rates:
        allowed = [k for k in ("CH4", "CO", "H2") if k in rates]
        raise ValueError(f"fuel.composition: fuel_reactor.type='moving_bed' reacts one fuel gas, the feed holds "
                         f"{', '.join(fed) or 'none'}; allowed: one of {', '.join(allowed)} (with {carrier})")


def _solid_fuel(doc: dict, stripper: dict) -> SolidFuelSpec:
    """``[fuel]`` of type "solid" and ``[carbon_stripper]`` -> :class:`SolidFuelSpec`.

    ``fuel.name`` names a shipped fuel (``clc.solid_fuel.list_fuels()``) or ``[fuel.analysis]``
    gives one (schema of :meth:`clc.solid_fuel.Fuel.from_dict`); ``[fuel.volatiles]`` holds
    ``yields`` (mol/kg daf), ``closing`` (three species), ``bypass`` (share, 0-1) and ``tar``
    ("reformed" or "unburnt", :mod:`clc.tar`; needed when the named gases cannot hold the volatiles)
    with ``tar_enthalpy`` ("difference", the default, or "channiwala_parikh");
    ``fuel.char_kinetics`` names a shipped char set (``clc.char.list_sets()``) or is a table in
    the schema of :meth:`clc.char.CharKinetics.from_dict`. ``[fuel.char_particles]`` (optional,
    :func:`_char_particles`) puts the char in size classes, elutriated from the FR. The carbon
    stripper has an ``efficiency`` (0-1), or a ``residence_time`` and ``time_constant``, or is a unit
    (``gas_velocity``, ``area``, ``inventory``, ...: :func:`_stripper_unit`; it needs
    ``[fuel.char_particles]``); without the table there is no stripper.
    """
    _known_keys(doc, _SOLID_FUEL_KEYS, "fuel.")
    vol_doc = _table(doc, "volatiles", "fuel.", required=False)
    _known_keys(vol_doc, _VOLATILES_KEYS, "fuel.volatiles.")
    _table(vol_doc, "yields", "fuel.volatiles.", required=False)
    if "name" in doc and not isinstance(doc["name"], str):
        raise ValueError(f"fuel.name={doc['name']!r}: must be text, a shipped fuel's name")
    if "analysis" in doc:
        fuel = solid_fuel.Fuel.from_dict(_table(doc, "analysis", "fuel."))
    elif "name" in doc:
        if doc["name"] not in solid_fuel.list_fuels():
            raise ValueError(f"fuel.name={doc['name']!r} is not a shipped fuel; available: "
                             f"{', '.join(solid_fuel.list_fuels())} (or give [fuel.analysis])")
        fuel = solid_fuel.load(doc["name"])
    else:
        raise ValueError("fuel: a solid fuel needs 'name' (a shipped fuel) or an [fuel.analysis] table")
    vol = doc.get("volatiles", {})
    yields = {}
    for k, v in vol.get("yields", {}).items():
        yields[k] = _ranged(units.quantity(v, "specific_amount", f"fuel.volatiles.yields.{k}"),
                            f"fuel.volatiles.yields.{k}", 0.0, 1e3, "mol/kg daf")
    closing = vol.get("closing")
    if closing is not None and (not isinstance(closing, list) or len(closing) != 3):
        raise ValueError(f"fuel.volatiles.closing={closing!r}: give a list of three species, e.g. ['CO', 'H2', 'CH4']")
    bypass = _ranged(_number(vol.get("bypass", 0.0), "fuel.volatiles.bypass"), "fuel.volatiles.bypass", 0.0, 1.0)
    raw_kin = _get(doc, "char_kinetics", "fuel.")
    if isinstance(raw_kin, str):
        kin = char.load(raw_kin)
    elif isinstance(raw_kin, dict):
        kin = char.CharKinetics.from_dict(raw_kin)
    else:
        raise ValueError(f"fuel.char_kinetics={raw_kin!r}: give a shipped set's name or a table")
    particles = _char_particles(doc["char_particles"]) if "char_particles" in doc else None
    _known_keys(stripper, _STRIPPER_KEYS, "carbon_stripper.")
    unit_keys = sorted(set(stripper) & set(_STRIPPER_UNIT_KEYS))
    design = None
    if unit_keys:
        other = sorted(set(stripper) & {"efficiency", "residence_time", "time_constant"})
        if other:
            raise ValueError(f"carbon_stripper: give either a unit ({', '.join(unit_keys)}) or a fixed separation "
                             f"({', '.join(other)}), not both")
        if particles is None:
            raise ValueError("carbon_stripper: a stripper unit separates char from the carrier by size and density; "
                             "give the char's in [fuel.char_particles] (edges, fractions, density)")
        design = _stripper_unit(stripper)
        eta = 0.0  # unused: the unit's efficiency is solved in the loop
    elif "efficiency" in stripper:
        eta = _ranged(float(stripper["efficiency"]), "carbon_stripper.efficiency", 0.0, 0.9999)
    elif stripper:
        t = _ranged(units.quantity(_get(stripper, "residence_time", "carbon_stripper."), "time",
                                   "carbon_stripper.residence_time"), "carbon_stripper.residence_time", 0.0, 1e5, "s")
        tau = _ranged(units.quantity(_get(stripper, "time_constant", "carbon_stripper."), "time",
                                     "carbon_stripper.time_constant"), "carbon_stripper.time_constant", 1e-3, 1e5, "s")
        eta = min(char.carbon_stripper_efficiency(t, tau), 0.9999)
    else:
        eta = 0.0
    tar = vol.get("tar")
    if tar is not None and tar not in ("reformed", "unburnt"):
        raise ValueError(f"fuel.volatiles.tar={tar!r}; allowed: 'reformed' (the in-bed share is reformed to "
                         "CO + H2, the bypassing share leaves unburnt) or 'unburnt' (all to oxygen polishing)")
    tar_method = vol.get("tar_enthalpy", "difference")
    if tar_method not in ("difference", "channiwala_parikh"):
        raise ValueError(f"fuel.volatiles.tar_enthalpy={tar_method!r}; allowed: 'difference', 'channiwala_parikh'")
    if particles is not None and kin.model != "random_pore" and kin.m != 1.0:
        raise ValueError(f"fuel.char_particles: size classes need first-order (volume model, m = 1) or random-pore "
                         f"char kinetics; fuel.char_kinetics {kin.name!r} has the volume model with m={kin.m:g}: "
                         "remove [fuel.char_particles] or give m = 1 or random-pore kinetics")
    return SolidFuelSpec(fuel, yields, tuple(closing) if closing else None, bypass, kin, eta,
                         tar=tar, tar_method=tar_method, char_particles=particles, stripper_unit=design)


_SOLID_FUEL_KEYS = ("type", "name", "analysis", "volatiles", "char_kinetics", "char_particles")
_VOLATILES_KEYS = ("yields", "closing", "bypass", "tar", "tar_enthalpy")


def _known_keys(doc: dict, allowed, where: str) -> None:
    """Refuse a key not in ``allowed``, naming the nearest allowed one."""
    for key in doc:
        if key not in allowed:
            near = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.0)
            raise ValueError(f"{where}{key}: unknown key; did you mean {near[0]!r}? allowed: {', '.join(allowed)}")


_TABLE_KEYS = {"air": _AIR_KEYS, "particles": _PARTICLE_KEYS, "model": _MODEL_KEYS, "fuel_reactor": _REACTOR_KEYS,
               "air_reactor": _REACTOR_KEYS, "solids_cooler": _COOLER_KEYS}


def check_field(dotted: str, where: str = "") -> None:
    """Refuse a dotted unit-file field (``model.cells``) whose table or key is not known, naming the nearest."""
    parts = dotted.split(".")
    _known_keys({parts[0]: None}, _TOP_KEYS, where)
    if len(parts) > 1 and parts[0] in _TABLE_KEYS:
        _known_keys({parts[1]: None}, _TABLE_KEYS[parts[0]], f"{where}{parts[0]}.")


_CHAR_PARTICLE_KEYS = ("edges", "fractions", "density", "sphericity", "shrink", "shrink_rate", "elutriation",
                       "elutriation_factor")
_STRIPPER_UNIT_KEYS = ("gas_velocity", "area", "inventory", "correlation", "factor", "calibrate_to_efficiency",
                       "mixing", "gas", "temperature")
_STRIPPER_KEYS = ("efficiency", "residence_time", "time_constant") + _STRIPPER_UNIT_KEYS


def _list(doc: dict, key: str, where: str) -> list:
    v = _get(doc, key, where)
    if not isinstance(v, list) or not v:
        raise ValueError(f"{where}{key}={v!r}: give a list, e.g. {key} = "
                         + ('["1 mm", "500 um", "200 um", "0 um"]' if key == "edges" else "[0.3, 0.5, 0.2]"))
    return v


def _char_particles(doc: dict) -> char_classes.CharParticles:
    """``[fuel.char_particles]``: the char's size classes -> :class:`clc.char_classes.CharParticles`.

    ``edges`` (sizes, decreasing, the last 0, e.g. ``["1 mm", "400 um", "150 um", "0 um"]``),
    ``fractions`` (the fed char's mass share per class, sum 1), ``density`` (char particle density),
    optional ``sphericity`` (1), ``shrink`` ("volumetric", "constant_size" or "surface", with
    ``shrink_rate`` in m/s for "surface"), ``elutriation`` (a K* correlation of
    :data:`clc.carbon_stripper.CORRELATIONS`, default "geldart", or "none") and ``elutriation_factor`` (1).
    """
    where = "fuel.char_particles."
    if not isinstance(doc, dict):
        raise ValueError(f"fuel.char_particles={doc!r}: give a table (edges, fractions, density)")
    _known_keys(doc, _CHAR_PARTICLE_KEYS, where)
    edges = [_ranged(units.quantity(v, "length", f"{where}edges[{i}]"), f"{where}edges[{i}]", 0.0, 0.02, "m")
             for i, v in enumerate(_list(doc, "edges", where))]
    if len(edges) < 2 or edges[-1] != 0.0 or any(b >= a for a, b in zip(edges, edges[1:])):
        raise ValueError(f"{where}edges={[f'{1e6 * e:g} um' for e in edges]} must decrease strictly and end at "
                         "0 (at least two sizes: one class), e.g. [\"1 mm\", \"400 um\", \"0 um\"]")
    fractions = [_ranged(units.fraction(v, f"{where}fractions[{i}]"), f"{where}fractions[{i}]", 0.0, 1.0)
                 for i, v in enumerate(_list(doc, "fractions", where))]
    if len(fractions) != len(edges) - 1:
        raise ValueError(f"{where}fractions: {len(fractions)} values for {len(edges) - 1} classes "
                         f"({len(edges)} edges); give one per class")
    total = sum(fractions)
    if abs(total - 1.0) > 1e-6:
        raise ValueError(f"{where}fractions sum to {total:g}; allowed: 1 (within 1e-6)")
    fractions = [f / total for f in fractions]
    density = _ranged(units.quantity(_get(doc, "density", where), "density", f"{where}density"), f"{where}density",
                      100.0, 5000.0, "kg/m3")
    sphericity = _ranged(float(doc.get("sphericity", 1.0)), f"{where}sphericity", 0.5, 1.0)
    shrink = doc.get("shrink", "volumetric")
    if shrink not in char_classes.SHRINK:
        raise ValueError(f"{where}shrink={shrink!r}; allowed: {', '.join(char_classes.SHRINK)}")
    rate = None
    if shrink == "surface":
        rate = _ranged(units.quantity(_get(doc, "shrink_rate", where), "velocity", f"{where}shrink_rate"),
                       f"{where}shrink_rate", 0.0, 1e-3, "m/s")
    elif "shrink_rate" in doc:
        raise ValueError(f"{where}shrink_rate: for shrink = 'surface' only (shrink={shrink!r})")
    elut = doc.get("elutriation", "geldart")
    allowed = (*carbon_stripper.CORRELATIONS, "none")
    if elut not in allowed:
        raise ValueError(f"{where}elutriation={elut!r}; allowed: {', '.join(allowed)}")
    factor = _ranged(float(doc.get("elutriation_factor", 1.0)), f"{where}elutriation_factor", 0.0, 1e6)
    return char_classes.CharParticles(tuple(edges), tuple(fractions), density, shrink, rate,
                                      None if elut == "none" else elut, factor, sphericity)


def _stripper_unit(doc: dict) -> carbon_stripper.StripperDesign:
    """``[carbon_stripper]`` as a unit -> :class:`clc.carbon_stripper.StripperDesign`.

    ``gas_velocity`` (superficial), ``area`` (cross-section), ``inventory`` (solids held), optional
    ``correlation`` (K*, :data:`clc.carbon_stripper.CORRELATIONS`; "geldart"), ``factor`` (1) or
    ``calibrate_to_efficiency`` (0-1: the factor is solved in the loop so the stripper returns that
    share of the char), ``mixing`` ("perfect" or "plug"), ``gas`` (mole fractions; steam) and
    ``temperature`` (the fuel reactor's).
    """
    where = "carbon_stripper."
    u0 = _ranged(units.quantity(_get(doc, "gas_velocity", where), "velocity", f"{where}gas_velocity"),
                 f"{where}gas_velocity", 1e-3, 20.0, "m/s")
    area = _ranged(units.quantity(_get(doc, "area", where), "area", f"{where}area"), f"{where}area", 1e-4, 100.0, "m2")
    inv = _ranged(units.quantity(_get(doc, "inventory", where), "mass", f"{where}inventory"), f"{where}inventory",
                  1e-3, 1e6, "kg")
    corr = doc.get("correlation", "geldart")
    if corr not in carbon_stripper.CORRELATIONS:
        raise ValueError(f"{where}correlation={corr!r}; allowed: {', '.join(carbon_stripper.CORRELATIONS)}")
    if "factor" in doc and "calibrate_to_efficiency" in doc:
        raise ValueError(f"{where}factor and {where}calibrate_to_efficiency: give one (the calibration solves the factor)")
    factor = _ranged(float(doc.get("factor", 1.0)), f"{where}factor", 0.0, 1e6)
    target = None
    if "calibrate_to_efficiency" in doc:
        target = _ranged(units.fraction(doc["calibrate_to_efficiency"], f"{where}calibrate_to_efficiency"),
                         f"{where}calibrate_to_efficiency", 1e-6, 0.9999)
    mixing = doc.get("mixing", "perfect")
    if mixing not in carbon_stripper.MIXING:
        raise ValueError(f"{where}mixing={mixing!r}; allowed: {', '.join(carbon_stripper.MIXING)}")
    comp = doc.get("gas", {"H2O": 1.0})
    if not isinstance(comp, dict) or not comp:
        raise ValueError(f"{where}gas={comp!r}: give mole fractions, e.g. {{ H2O = 1.0 }}")
    for k, v in comp.items():
        if k not in gas.SPECIES:
            raise ValueError(f"{where}gas.{k}: species not modelled; allowed: {', '.join(gas.SPECIES)}")
        _ranged(float(v), f"{where}gas.{k}", 0.0, 1.0)
    if abs(sum(float(v) for v in comp.values()) - 1.0) > 1e-6:
        raise ValueError(f"{where}gas: mole fractions sum to {sum(float(v) for v in comp.values()):g}, not 1")
    T = _temperature(doc, "temperature", where, 500.0, 1600.0) if "temperature" in doc else None
    return carbon_stripper.StripperDesign(u0, area, inv, corr, factor, target, mixing,
                                          tuple((k, float(v)) for k, v in comp.items()), T)
