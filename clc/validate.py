"""Validation of the loop model against pilot-plant data (``validation/pilots/<dataset>/``).

Each dataset folder holds

- ``data.csv``: one row per operating point, with the conditions that vary and the measured
  figures (a value, or a ``low``/``high`` range where the source gives only a range);
- ``metadata.yaml``: the source of every column, how condition columns map to unit-config
  fields (``conditions``), which clc figure of merit each measured column is compared with
  (``measured``), the assumptions, optional ``sensitivity`` cases (assumed inputs varied) and
  optional ``trends`` (one input swept around every point, for the report's trend plots);
- ``unit.toml``: a clc unit config (the schema of ``clc/examples/*.toml``) reproducing the pilot.

Data-only datasets: ``simulate: false`` with a ``reason:`` in ``metadata.yaml`` holds a pilot's
published figures although clc cannot simulate it yet (no char gasification kinetics shipped, no
kinetic set for its carrier, a layout clc does not model). ``unit.toml`` is then optional. Such a
dataset is read and its data are checked, it is listed in the report and the summary table as
"data only" with its reason and number of points, and it never counts as a failure and has no
error metrics. If its metadata names ``char_kinetics:`` (a shipped set of
:func:`clc.char.list_sets`, or a YAML file relative to the dataset folder) that exists, and
``unit.toml`` is present, the set is put in the unit's ``[fuel]`` and the dataset runs like any other.

A measured cell left empty means the quantity was not published for that point; ``offset`` in a
``measured`` entry shifts the model value (measured = model x scale + offset, e.g. K -> degC).

:func:`run` simulates every point (``clc.config.from_dict`` + ``clc.loop.solve``); a point that
fails keeps its error message and the others go on. Per dataset and measured quantity it gives the
mean absolute error, the bias and the largest error, in the measured units (percentage points
for efficiencies and conversions). For a range the error is 0 inside it and the distance to the
nearer end outside. :func:`write_report` writes a Markdown report with parity and trend plots.

Condition columns set dotted config fields (``fuel_reactor.temperature``) to "<value> <unit>";
the special field ``phi`` (oxygen-carrier-to-fuel ratio, as :func:`clc.metrics.oxygen_carrier_to_fuel_ratio`
defines it) sets ``solids_circulation`` from the carrier's R_OC and the fuel's O2 demand.

A ``trends:`` entry sweeps one input over ``values`` around every point, the others held at the
point's: ``{column: T_FR_degC, values: [...]}`` replaces a condition column's cell,
``{field: phi, values: [...]}`` sets phi as above, ``{field: fuel_reactor.inventory, unit: kg,
values: [...]}`` sets a dotted unit-config field; ``label`` names it (default: the column or
field). The entries are checked by :func:`load_dataset`. A sweep value whose solve fails keeps
its error (:attr:`PointResult.trends`) and the other values go on. The report draws one panel
per trend: the model's curve around each point and the point's data at its own condition.
"""

from __future__ import annotations

import copy
import csv
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import carriers, char, config, dotted, loop, metrics, thermo, units

REQUIRED_FILES = ("data.csv", "metadata.yaml", "unit.toml")
DATA_FILES = ("data.csv", "metadata.yaml")  # enough for a data-only dataset


def default_root() -> Path | None:
    """``validation/pilots/`` of the checkout, or None when running from an installed wheel."""
    from .data import validation_dir

    vdir = validation_dir()
    return vdir / "pilots" if vdir is not None else None


@dataclass(frozen=True)
class Measured:
    """One measured quantity of a dataset and the model figure it is compared with."""

    quantity: str
    figure: str | None  # key of clc.loop.LoopResult.figures (None: no clc figure yet, data-only datasets)
    scale: float  # model value x scale + offset = measured units
    unit: str
    value: str | None = None  # CSV column of a point value
    low: str | None = None  # CSV columns of a range
    high: str | None = None
    offset: float = 0.0


@dataclass(frozen=True)
class Trend:
    """One sweep of a ``trends:`` entry: one input varied around every point, the others held.

    Exactly one of ``column`` (a condition column of data.csv; the value replaces the row's cell)
    and ``field`` (``phi``, or a dotted unit-config field set to "<value> <unit>") is given."""

    label: str
    values: tuple[float, ...]
    column: str | None = None
    field: str | None = None
    unit: str | None = None

    @property
    def axis(self) -> str:
        """The x-axis label: a column or phi shares the data's axis, a field shows its unit."""
        if self.column is not None:
            return self.column
        if self.field == "phi":
            return "phi (oxygen-carrier-to-fuel ratio)"
        return f"{self.field} [{self.unit}]" if self.unit else str(self.field)


@dataclass(frozen=True)
class Calibration:
    """One input fitted to a few named points of a dataset (``calibration:`` in metadata.yaml).

    ``value`` is set on every point (before any sensitivity case); the points named in ``points``
    were used to fit it, so the error metrics are given apart for them and for the others (the
    predicted points). :func:`clc.validate_calibration.calibrate` finds the value again."""

    field: str  # dotted unit-config field, e.g. carrier_reactivity
    quantity: str  # the measured quantity it is fitted to
    points: tuple[str, ...]  # data.csv 'point' names used for the fit
    value: float
    bracket: tuple[float, float]  # search interval of clc.validate_calibration.calibrate
    method: str = ""


@dataclass
class Dataset:
    name: str
    path: Path
    title: str
    unit_doc: dict
    conditions: dict  # column -> {"field": dotted key, "unit": str}
    measured: list[Measured]
    rows: list[dict]
    sensitivity: list[dict] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    data_only_reason: str | None = None  # set: the dataset holds data only and is not simulated
    trends: list[Trend] = field(default_factory=list)
    calibration: Calibration | None = None

    @property
    def data_only(self) -> bool:
        return self.data_only_reason is not None


@dataclass
class PointResult:
    point: str
    conditions: dict  # column -> float
    data: dict  # quantity -> (low, high); equal for a point value
    model: dict = field(default_factory=dict)  # quantity -> model value in measured units
    other: dict = field(default_factory=dict)  # extra model figures (phi, temperatures, ...)
    sensitivity: dict = field(default_factory=dict)  # label -> {quantity: value} or {"error": msg}
    # trend label -> [(x, {quantity: value} or {"error": msg}), ...] in the order of the sweep values
    trends: dict = field(default_factory=dict)
    trend_x: dict = field(default_factory=dict)  # trend label -> x of the point itself (where its data sit)
    error: str | None = None
    calibration: bool = False  # the point was used to fit the dataset's calibrated input

    @property
    def ok(self) -> bool:
        return self.error is None

    def compared(self, quantity: str) -> bool:
        """True when the point has both data and a model value for ``quantity``."""
        return self.ok and quantity in self.data and quantity in self.model

    def deviation(self, quantity: str) -> float:
        """Model minus data; 0 inside a measured range, the distance to its nearer end outside."""
        lo, hi = self.data[quantity]
        m = self.model[quantity]
        return m - hi if m > hi else (m - lo if m < lo else 0.0)


@dataclass
class DatasetResult:
    dataset: Dataset
    points: list[PointResult]

    @property
    def data_only(self) -> bool:
        return self.dataset.data_only

    @property
    def failed(self) -> list[PointResult]:
        return [] if self.data_only else [p for p in self.points if not p.ok]

    def metrics(self, calibration: bool = False) -> dict:
        """quantity -> {n, n_failed, mae, bias, max_abs, unit}; error figures None when no point solved.

        Over the predicted points: those a ``calibration:`` was fitted to are left out, and
        ``calibration=True`` gives the figures of those alone. Empty for a data-only dataset
        (nothing is compared)."""
        if self.data_only:
            return {}
        out = {}
        points = [p for p in self.points if p.calibration == calibration]
        for m in self.dataset.measured:
            devs = [p.deviation(m.quantity) for p in points if p.compared(m.quantity)]
            n_failed = sum(1 for p in points if not p.ok)
            out[m.quantity] = {
                "n": len(points), "n_ok": len(devs), "n_failed": n_failed, "unit": m.unit,
                "mae": sum(abs(d) for d in devs) / len(devs) if devs else None,
                "bias": sum(devs) / len(devs) if devs else None,
                "max_abs": max(abs(d) for d in devs) if devs else None,
            }
        return out


# ---------------------------------------------------------------------------------------- loading

def discover(root: str | Path | None = None) -> list[Path]:
    """Dataset folders under ``root`` (default ``validation/pilots/``): those with data.csv and
    metadata.yaml (unit.toml is needed only by a dataset that is simulated)."""
    root = Path(root) if root is not None else default_root()
    if root is None:
        raise FileNotFoundError("pilot validation data are in the source checkout (validation/pilots/), "
                                "not in the installed wheel; pass the folder explicitly")
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: no such folder")
    return sorted(p for p in root.iterdir() if p.is_dir() and all((p / f).is_file() for f in DATA_FILES))


def _number(text: str, where: str) -> float:
    try:
        x = float(text)
    except (TypeError, ValueError):
        raise ValueError(f"{where}: {text!r} is not a number") from None
    if not math.isfinite(x):
        raise ValueError(f"{where}: {text!r} is not finite")
    return x


def _char_kinetics_entry(path: Path, name) -> str | dict | None:
    """The ``char_kinetics`` a data-only dataset names, if it exists: a shipped set's name, or the
    parsed YAML file (relative to the dataset folder); None when it does not exist (yet)."""
    if not isinstance(name, str) or not name.strip():
        return None
    if name in char.list_sets():
        return name
    file = path / name
    if file.suffix in (".yaml", ".yml") and file.is_file():
        try:
            doc = yaml.safe_load(file.read_text())
        except yaml.YAMLError as exc:
            raise ValueError(f"{file}: not valid YAML ({' '.join(str(exc).split())})") from None
        return doc if isinstance(doc, dict) else None
    return None


def _data_only_reason(path: Path, meta: dict, unit_doc: dict | None, where: str) -> str | None:
    """None when the dataset is simulated; otherwise why it holds data only.

    ``simulate: false`` needs a ``reason``. A ``char_kinetics`` the metadata names that exists
    (with a unit.toml) lifts it: the set goes into ``unit_doc['fuel']['char_kinetics']``."""
    simulate = meta.get("simulate", True)
    if not isinstance(simulate, bool):
        raise ValueError(f"{where}simulate={simulate!r}: give true or false")
    if simulate:
        return None
    reason = " ".join(str(meta.get("reason") or "").split())
    if not reason:
        raise ValueError(f"{where}simulate: false needs a 'reason' (why the unit cannot be simulated)")
    kin = _char_kinetics_entry(path, meta.get("char_kinetics"))
    if kin is not None and unit_doc is not None:
        fuel = unit_doc.setdefault("fuel", {})
        if not isinstance(fuel, dict):
            raise ValueError(f"{path / meta.get('unit_config', 'unit.toml')}: [fuel] is not a table")
        fuel.setdefault("char_kinetics", kin)
        return None
    return reason


def _check_rows(path: Path, rows: list[dict], measured: list[Measured]) -> None:
    """Every measured cell of a data-only dataset is empty or a finite number, ranges not reversed."""
    for row in rows:
        pid = row.get("point", "?")
        for m in measured:
            cols = [m.value] if m.value is not None else [m.low, m.high]
            cells = [(row.get(c) or "").strip() for c in cols]
            if not any(cells):
                continue
            vals = [_number(c, f"{path / 'data.csv'} point {pid}: column {col}") for c, col in zip(cells, cols)]
            if len(vals) == 2 and vals[0] > vals[1]:
                raise ValueError(f"{path / 'data.csv'} point {pid}: {m.quantity} range [{vals[0]:g}, {vals[1]:g}] is reversed")


_TREND_KEYS = ("label", "column", "field", "unit", "values")
_TEMPERATURE_UNITS = ("K", "degC", "C")


def _known_units() -> list[str]:
    """Units a ``trends:`` field may be swept in: those clc.units reads (temperature, %, tables)."""
    return list(dict.fromkeys([*_TEMPERATURE_UNITS, "%", *(u for table in units.UNITS.values() for u in table if u)]))


def _trend_values(raw, where: str) -> tuple[float, ...]:
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"{where}: 'values' must be a non-empty list of numbers, got {raw!r}")
    out = []
    for v in raw:
        # bool is an int to Python, but 'true' in a sweep is a typo, not a number
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise ValueError(f"{where}: value {v!r} in 'values' is not a finite number")
        out.append(float(v))
    return tuple(out)


def _load_trend(i: int, spec, conditions: dict, unit_doc: dict | None, where: str) -> Trend:
    """One checked ``trends:`` entry; ``where`` names the metadata file."""
    here = f"{where}trends[{i}]"
    if not isinstance(spec, dict):
        raise ValueError(f"{here}: must be a mapping with 'values' and one of 'column' or 'field', got {spec!r}")
    if "label" in spec:
        here += f" ({spec['label']})"
    unknown = sorted(set(spec) - set(_TREND_KEYS))
    if unknown:
        raise ValueError(f"{here}: unknown key(s) {', '.join(map(str, unknown))}; allowed: {', '.join(_TREND_KEYS)}")
    column, fld, unit = spec.get("column"), spec.get("field"), spec.get("unit")
    if (column is None) == (fld is None):
        raise ValueError(f"{here}: give either 'column' (a condition column of data.csv) or 'field' "
                         f"('phi' or a dotted unit-config field), not {'both' if column is not None else 'neither'}")
    values = _trend_values(spec.get("values"), here)
    if column is not None:
        if column not in conditions:
            raise ValueError(f"{here}: column {column!r} is not a condition column; allowed: "
                             f"{', '.join(map(str, conditions)) or 'none (no conditions: given)'}")
        if unit is not None:
            raise ValueError(f"{here}: 'unit' {unit!r} is not allowed with 'column' (the column's unit is in conditions:)")
    elif not isinstance(fld, str) or not all(k.isidentifier() for k in fld.split(".")):
        raise ValueError(f"{here}: field {fld!r} is not 'phi' or a dotted unit-config field (e.g. fuel_reactor.inventory)")
    elif fld == "phi":
        if unit is not None:
            raise ValueError(f"{here}: phi is dimensionless, remove 'unit' {unit!r}")
        if min(values) <= 0.0:
            raise ValueError(f"{here}: phi value {min(values):g} must be positive")
    else:
        _check_trend_field(here, fld, unit, conditions, unit_doc)
    label = " ".join(str(spec.get("label") or column or fld).split())
    return Trend(label=label, values=values, column=column, field=fld, unit=unit)


def _check_trend_field(here: str, fld: str, unit, conditions: dict, unit_doc: dict | None) -> None:
    if unit is not None and unit not in _known_units():
        raise ValueError(f"{here}: unit {unit!r} not understood; allowed: {', '.join(_known_units())}")
    if fld == "solids_circulation" and any(c.get("field") == "phi" for c in conditions.values()):
        # point_config sets the circulation from the phi column after any override
        raise ValueError(f"{here}: solids_circulation is set by the phi condition column; sweep field 'phi' instead")
    if isinstance(dotted.get_value(unit_doc or {}, fld, None), dict):
        raise ValueError(f"{here}: field {fld!r} is a table of unit.toml, not a value")


def _load_trends(meta: dict, conditions: dict, unit_doc: dict | None, where: str) -> list[Trend]:
    raw = meta.get("trends")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ValueError(f"{where}trends: must be a list of {{label, column or field, unit, values}}, got {raw!r}")
    trends = [_load_trend(i, spec, conditions, unit_doc, where) for i, spec in enumerate(raw)]
    labels = [t.label for t in trends]
    dup = sorted({x for x in labels if labels.count(x) > 1})
    if dup:
        raise ValueError(f"{where}trends: label(s) {', '.join(map(repr, dup))} used twice; each trend needs its own label")
    return trends


def load_dataset(path: str | Path) -> Dataset:
    """Read and check one dataset folder; errors name the file and the field."""
    path = Path(path)
    for f in DATA_FILES:
        if not (path / f).is_file():
            raise FileNotFoundError(f"{path}: missing {f}")
    where = f"{path / 'metadata.yaml'}: "
    try:
        meta = yaml.safe_load((path / "metadata.yaml").read_text()) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{where}not valid YAML ({' '.join(str(exc).split())})") from None
    if not isinstance(meta, dict):
        raise ValueError(f"{where}not a mapping")
    unit_file = path / meta.get("unit_config", "unit.toml")
    unit_doc = None
    if unit_file.is_file():
        try:
            unit_doc = tomllib.loads(unit_file.read_text())
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{unit_file}: not valid TOML ({exc})") from None
    reason = _data_only_reason(path, meta, unit_doc, where)
    if reason is None and unit_doc is None:
        raise FileNotFoundError(f"{path}: missing {unit_file.name} (a simulated dataset needs a unit config; "
                                "mark it 'simulate: false' with a 'reason' to hold data only)")
    with open(path / "data.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows:
        raise ValueError(f"{path / 'data.csv'}: no rows")
    columns = set(rows[0])
    conditions = meta.get("conditions") or {}
    if not isinstance(conditions, dict):
        raise ValueError(f"{where}conditions: must map CSV columns to {{field, unit}}")
    for col, spec in conditions.items():
        if col not in columns:
            raise ValueError(f"{where}conditions.{col}: no such column in data.csv (columns: {', '.join(sorted(columns))})")
        if not isinstance(spec, dict) or "field" not in spec:
            raise ValueError(f"{where}conditions.{col}: needs a 'field' (dotted unit-config key or 'phi')")
    measured = []
    for i, spec in enumerate(meta.get("measured") or []):
        try:
            figure = spec.get("figure")
            if figure is None and meta.get("simulate", True) is not False:
                raise KeyError("figure")  # only a dataset marked 'simulate: false' may hold a quantity clc has no figure for
            m = Measured(quantity=str(spec["quantity"]), figure=None if figure is None else str(figure),
                         scale=float(spec.get("scale", 1.0)), unit=str(spec.get("unit", "-")),
                         value=spec.get("value"), low=spec.get("low"), high=spec.get("high"),
                         offset=float(spec.get("offset", 0.0)))
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise ValueError(f"{where}measured[{i}]: needs quantity and figure ({exc})") from None
        if (m.value is None) == (m.low is None or m.high is None):
            raise ValueError(f"{where}measured[{i}] ({m.quantity}): give either 'value' or both 'low' and 'high'")
        for col in (m.value, m.low, m.high):
            if col is not None and col not in columns:
                raise ValueError(f"{where}measured[{i}] ({m.quantity}): column {col!r} not in data.csv")
        measured.append(m)
    if not measured:
        raise ValueError(f"{where}measured: no measured quantity given")
    if reason is not None:
        _check_rows(path, rows, measured)
    trends = _load_trends(meta, conditions, unit_doc, where)
    calibration = _load_calibration(meta, rows, measured, where)
    return Dataset(name=str(meta.get("dataset", path.name)), path=path, title=str(meta.get("title", path.name)),
                   unit_doc=unit_doc or {}, conditions=conditions, measured=measured, rows=rows,
                   sensitivity=list(meta.get("sensitivity") or []), metadata=meta, data_only_reason=reason,
                   trends=trends, calibration=calibration)


def _load_calibration(meta: dict, rows: list[dict], measured: list[Measured], where: str) -> Calibration | None:
    """The checked ``calibration:`` block: a field, the quantity and points it is fitted to, its value."""
    raw = meta.get("calibration")
    if raw is None:
        return None
    here = f"{where}calibration"
    if not isinstance(raw, dict):
        raise ValueError(f"{here}: must be a mapping with field, quantity, points, value, bracket")
    fld = raw.get("field")
    if not isinstance(fld, str) or not all(k.isidentifier() for k in fld.split(".")):
        raise ValueError(f"{here}.field={fld!r}: give a dotted unit-config field (e.g. carrier_reactivity)")
    quantity = raw.get("quantity")
    if quantity not in [m.quantity for m in measured]:
        raise ValueError(f"{here}.quantity={quantity!r}: not a measured quantity; allowed: "
                         f"{', '.join(m.quantity for m in measured)}")
    names = [str(r.get("point")) for r in rows]
    pts = raw.get("points")
    if not isinstance(pts, list) or not pts or any(str(p) not in names for p in pts):
        raise ValueError(f"{here}.points={pts!r}: give a non-empty list of data.csv points ({', '.join(names)})")
    if len(pts) == len(names):
        raise ValueError(f"{here}.points: every point is a calibration point; leave some to predict")
    try:
        value = float(raw.get("value"))
        lo, hi = (float(x) for x in raw.get("bracket"))
    except (TypeError, ValueError):
        raise ValueError(f"{here}: 'value' must be a number and 'bracket' two numbers "
                         f"(got {raw.get('value')!r}, {raw.get('bracket')!r})") from None
    if not (math.isfinite(value) and math.isfinite(lo) and math.isfinite(hi) and 0.0 < lo < hi):
        raise ValueError(f"{here}: bracket [{lo:g}, {hi:g}] must be finite with 0 < low < high")
    if not lo <= value <= hi:
        raise ValueError(f"{here}.value={value:g} is outside its bracket [{lo:g}, {hi:g}]")
    return Calibration(fld, str(quantity), tuple(str(p) for p in pts), value, (lo, hi),
                       " ".join(str(raw.get("method") or "").split()))


# ------------------------------------------------------------------------------------- simulating

def _with_phi(doc: dict, phi: float) -> dict:
    """Set solids_circulation so that the oxygen-carrier-to-fuel ratio is phi."""
    if not phi > 0.0:
        raise ValueError(f"phi={phi:g} must be positive")
    doc = copy.deepcopy(doc)
    doc.setdefault("solids_circulation", "1 kg/s")
    unit = config.from_dict(doc)
    fr_feed, _ = loop.feeds(unit)
    r_oc = carriers.load(unit.carrier).R_OC
    doc["solids_circulation"] = phi * 2.0 * metrics.o2_demand(fr_feed) * thermo.M_O / r_oc
    return doc


def point_config(ds: Dataset, row: dict, overrides: dict | None = None) -> dict:
    """The unit-config dict of one CSV row (conditions set, then ``overrides``)."""
    doc = copy.deepcopy(ds.unit_doc)
    phi = None
    for col, spec in ds.conditions.items():
        x = _number(row.get(col), f"{ds.name} point {row.get('point', '?')}: column {col}")
        if spec["field"] == "phi":
            phi = x
        else:
            unit = spec.get("unit")
            dotted.set_value(doc, spec["field"], f"{x!r} {unit}" if unit else x, create=True)
    if ds.calibration is not None:  # the fitted value, unless an override (sensitivity case) sets it
        dotted.set_value(doc, ds.calibration.field, ds.calibration.value, create=True)
    for key, value in (overrides or {}).items():
        dotted.set_value(doc, key, value, create=True)
    return _with_phi(doc, phi) if phi is not None else doc


MODELS = ("loop", "clou_fuel_reactor")  # what a dataset's ``model:`` may name


def _solve(ds: Dataset, doc: dict):
    """Solve one unit document with the model the dataset names (``model:`` in metadata.yaml): the loop
    (default), or the CLOU fuel reactor of :mod:`clc.clou` for a coal-fired CLOU unit."""
    kind = ds.metadata.get("model", "loop")
    if kind == "clou_fuel_reactor":
        from . import clou
        return clou.solve(clou.from_dict(doc))
    if kind != "loop":
        raise ValueError(f"{ds.name}: model={kind!r}; allowed: {', '.join(MODELS)}")
    return loop.solve(config.from_dict(doc))


def _other_figures(result) -> dict:
    """Extra model figures kept beside the compared ones (phi and temperatures for the loop)."""
    if isinstance(result, loop.LoopResult):
        return {"phi": result.phi, "T_FR_K": result.fr.temperature, "T_AR_K": result.ar.temperature,
                "combustion efficiency": result.combustion_efficiency}
    return {name: value for name, (value, _) in result.figures.items()}


def _model_values(ds: Dataset, result) -> dict:
    out = {}
    for m in ds.measured:
        if m.figure is None:
            continue
        if m.figure not in result.figures:
            raise KeyError(f"figure {m.figure!r} is not computed by the {ds.metadata.get('model', 'loop')} model "
                           f"(known: {', '.join(result.figures)})")
        v = float(result.figures[m.figure][0]) * m.scale + m.offset
        if not math.isfinite(v):
            raise RuntimeError(f"model figure {m.figure!r} is not finite")
        out[m.quantity] = v
    return out


def _trend_config(ds: Dataset, row: dict, trend: Trend, x: float) -> dict:
    """The unit config of ``row`` with the trend's input set to ``x``, every other input the row's."""
    if trend.column is not None:
        return point_config(ds, dict(row, **{trend.column: repr(x)}))
    if trend.field == "phi":
        return _with_phi(point_config(ds, row), x)
    return point_config(ds, row, {trend.field: f"{x!r} {trend.unit}" if trend.unit else x})


def _in_unit(value, unit: str | None, where: str) -> float | None:
    """A unit-config value (number or "<number> <unit>") in ``unit``; None when it cannot be read so."""
    try:
        if unit is None:
            return float(value)
        if unit in _TEMPERATURE_UNITS:
            T = units.temperature(value, where)
            return T if unit == "K" else T - 273.15
        if unit == "%":
            return 100.0 * units.fraction(value, where)
        kind = next(k for k, table in units.UNITS.items() if unit in table)
        return units.quantity(value, kind, where) / units.UNITS[kind][unit]
    except (TypeError, ValueError, StopIteration):
        return None


def _trend_x(ds: Dataset, row: dict, trend: Trend, point: PointResult) -> float | None:
    """Where the point itself lies on the trend's axis (the data are drawn there)."""
    if trend.column is not None:
        return point.conditions.get(trend.column)
    if trend.field == "phi":
        return point.other.get("phi")
    node = dotted.get_value(point_config(ds, row), trend.field, None)
    return None if node is None else _in_unit(node, trend.unit, trend.field)


def _sweep(ds: Dataset, row: dict, trend: Trend) -> list[tuple[float, dict]]:
    """Model values at each sweep value; a value that fails keeps its error and the others go on."""
    out = []
    for x in trend.values:
        try:
            out.append((x, _model_values(ds, _solve(ds, _trend_config(ds, row, trend, x)))))
        except Exception as exc:  # noqa: BLE001 - a failing sweep value is recorded, never fatal
            out.append((x, {"error": f"{type(exc).__name__}: {exc}"}))
    return out


def simulate_point(ds: Dataset, row: dict, sensitivity: bool = True, trends: bool = True) -> PointResult:
    """Simulate one CSV row. Never raises for a bad point: the error is kept in the result."""
    pid = str(row.get("point", "?"))
    conds, data = {}, {}
    try:
        for col in ds.conditions:
            conds[col] = _number(row.get(col), f"{ds.name} point {pid}: column {col}")
        for m in ds.measured:
            cols = [m.value] if m.value is not None else [m.low, m.high]
            if not any((row.get(c) or "").strip() for c in cols):
                continue  # not published for this point
            if m.value is not None:
                v = _number(row.get(m.value), f"{ds.name} point {pid}: column {m.value}")
                data[m.quantity] = (v, v)
            else:
                lo = _number(row.get(m.low), f"{ds.name} point {pid}: column {m.low}")
                hi = _number(row.get(m.high), f"{ds.name} point {pid}: column {m.high}")
                if lo > hi:
                    raise ValueError(f"{ds.name} point {pid}: {m.quantity} range [{lo:g}, {hi:g}] is reversed")
                data[m.quantity] = (lo, hi)
    except ValueError as exc:
        return PointResult(pid, conds, data, error=f"bad data row: {exc}")
    res = PointResult(pid, conds, data,
                      calibration=ds.calibration is not None and pid in ds.calibration.points)
    if ds.data_only:
        return res
    try:
        result = _solve(ds, point_config(ds, row))
        res.model = _model_values(ds, result)
        res.other = _other_figures(result)
    except Exception as exc:  # noqa: BLE001 - any failure of one point is recorded, never fatal
        res.error = f"{type(exc).__name__}: {exc}"
        return res
    if sensitivity:
        for case in ds.sensitivity:
            label = str(case.get("label", case.get("set")))
            try:
                r = _solve(ds, point_config(ds, row, case.get("set") or {}))
                res.sensitivity[label] = _model_values(ds, r)
            except Exception as exc:  # noqa: BLE001
                res.sensitivity[label] = {"error": f"{type(exc).__name__}: {exc}"}
    if trends:
        for trend in ds.trends:
            res.trends[trend.label] = _sweep(ds, row, trend)
            x0 = _trend_x(ds, row, trend, res)
            if x0 is not None and math.isfinite(x0):
                res.trend_x[trend.label] = x0
    return res


def _data_point(ds: Dataset, row: dict) -> PointResult:
    """A point of a data-only dataset: its conditions (where numeric) and data, nothing simulated."""
    conds = {}
    for col in ds.conditions:
        try:
            conds[col] = _number(row.get(col), "")
        except ValueError:
            pass
    data = {}
    for m in ds.measured:
        cols = [m.value] if m.value is not None else [m.low, m.high]
        cells = [(row.get(c) or "").strip() for c in cols]
        if any(cells):  # checked by load_dataset
            vals = [float(c) for c in cells]
            data[m.quantity] = (vals[0], vals[-1])
    return PointResult(str(row.get("point", "?")), conds, data)


def validate_dataset(ds: Dataset | str | Path, sensitivity: bool = True, trends: bool = True) -> DatasetResult:
    """Simulate every point of a dataset (with its sensitivity cases and trend sweeps unless turned
    off); a data-only dataset keeps its data and simulates nothing."""
    ds = ds if isinstance(ds, Dataset) else load_dataset(ds)
    if ds.data_only:
        return DatasetResult(ds, [_data_point(ds, row) for row in ds.rows])
    return DatasetResult(ds, [simulate_point(ds, row, sensitivity, trends) for row in ds.rows])


def run(root: str | Path | None = None, sensitivity: bool = True, trends: bool = True) -> list[DatasetResult]:
    """Validate every dataset under ``root``; a dataset that cannot be read is reported as failing."""
    out = []
    for path in discover(root):
        try:
            ds = load_dataset(path)
        except (ValueError, KeyError, FileNotFoundError) as exc:
            empty = Dataset(path.name, path, path.name, {}, {}, [], [])
            out.append(DatasetResult(empty, [PointResult("-", {}, {}, error=f"dataset not readable: {exc}")]))
            continue
        out.append(validate_dataset(ds, sensitivity, trends))
    return out


# ---------------------------------------------------------------------------------------- reports

def _fmt(x, spec=".2f") -> str:
    return "-" if x is None else format(x, spec)


def summary_table(results: list[DatasetResult]) -> str:
    """Per dataset and quantity: points, failures, MAE, bias, max error (Markdown); then the
    data-only datasets with their number of points and why they are not simulated."""
    lines = ["| dataset | quantity | points | failed | MAE | bias | max abs | unit |",
             "|---|---|---|---|---|---|---|---|"]
    data_only = [r for r in results if r.data_only]
    for r in results:
        if r.data_only:
            lines.append(f"| {r.dataset.name} | data only | {len(r.points)} | - | - | - | - | - |")
            continue
        ms = r.metrics()
        if not ms:
            lines.append(f"| {r.dataset.name} | - | {len(r.points)} | {len(r.failed)} | - | - | - | - |")
        cal = r.dataset.calibration
        rows = [("", ms)] if cal is None else [(" (predicted)", ms), (" (calibration points)", r.metrics(True))]
        for tag, table in rows:
            for q, m in table.items():
                lines.append(f"| {r.dataset.name} | {q}{tag} | {m['n']} | {m['n_failed']} | {_fmt(m['mae'])} | "
                             f"{_fmt(m['bias'], '+.2f')} | {_fmt(m['max_abs'])} | {m['unit']} |")
    if data_only:
        lines += ["", "Data only (held, not simulated):", "",
                  "| dataset | points | quantities | reason |", "|---|---|---|---|"]
        for r in data_only:
            qs = ", ".join(m.quantity for m in r.dataset.measured)
            lines.append(f"| {r.dataset.name} | {len(r.points)} | {qs} | "
                         f"{r.dataset.data_only_reason.replace('|', '/')} |")
    return "\n".join(lines)


def write_report(results: list[DatasetResult], out: str | Path | None = None) -> Path:
    """Markdown report with the metrics, per-point tables, parity and trend plots; returns its path."""
    out = Path(out) if out is not None else (default_root() or Path("clc-output")) / "report"
    out.mkdir(parents=True, exist_ok=True)
    lines = ["# Pilot-plant validation of the loop model", "",
             "Errors are model minus data in the measured units (percentage points for conversions "
             "and efficiencies); where the data are a range the error is 0 inside it. "
             "Generated by `clc validate`.", "", summary_table(results), ""]
    for r in results:
        ds = r.dataset
        lines += [f"## {ds.name}", "", ds.title, ""]
        src = (ds.metadata.get("source") or {}).get("text") if isinstance(ds.metadata.get("source"), dict) else None
        if src:
            lines += [f"Source: {' '.join(str(src).split())}", ""]
        if r.data_only:
            lines += _data_only_section(r)
            continue
        conds = list(ds.conditions)
        head = ["point", *conds, *(f"{m.quantity} data [{m.unit}]" for m in ds.measured),
                *(f"{m.quantity} model [{m.unit}]" for m in ds.measured), "phi (model)", "status"]
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for p in r.points:
            data = [(f"{p.data[m.quantity][0]:g}" if p.data[m.quantity][0] == p.data[m.quantity][1]
                     else f"{p.data[m.quantity][0]:g}-{p.data[m.quantity][1]:g}") if m.quantity in p.data else "-"
                    for m in ds.measured]
            model = [_fmt(p.model.get(m.quantity)) for m in ds.measured]
            status = ("calibration" if p.calibration else "ok") if p.ok else f"FAILED: {p.error}"
            lines.append("| " + " | ".join([p.point, *(_fmt(p.conditions.get(c), 'g') for c in conds), *data, *model,
                                            _fmt(p.other.get("phi")), status.replace("|", "/")]) + " |")
        sens = [p for p in r.points if p.sensitivity]
        if sens:
            lines += ["", "Sensitivity to assumed inputs (model, each case changes one assumption of unit.toml):", "",
                      "| point | case | " + " | ".join(f"{m.quantity} [{m.unit}]" for m in ds.measured) + " |",
                      "|---|---|" + "---|" * len(ds.measured)]
            for p in sens:
                lines.append(f"| {p.point} | base (unit.toml) | "
                             + " | ".join(_fmt(p.model.get(m.quantity)) for m in ds.measured) + " |")
                for label, vals in p.sensitivity.items():
                    cells = ([f"failed: {vals['error']}"] * len(ds.measured) if "error" in vals
                             else [_fmt(vals.get(m.quantity)) for m in ds.measured])
                    lines.append(f"| {p.point} | {label} | " + " | ".join(c.replace('|', '/') for c in cells) + " |")
        if ds.calibration is not None:
            c = ds.calibration
            lines += ["", f"Calibrated input: `{c.field}` = {c.value:.6g}, fitted to {c.quantity} at points "
                      f"{', '.join(c.points)} (status 'calibration' above); the other points are predicted. "
                      f"{c.method}".rstrip()]
        lines += _trend_lines(r)
        assumptions = ds.metadata.get("assumptions") or []
        if assumptions:
            lines += ["", "Assumptions (see metadata.yaml and unit.toml):", ""]
            lines += [f"- {a if isinstance(a, str) else yaml.safe_dump(a, default_flow_style=True).strip()}"
                      for a in assumptions]
        if ds.measured:
            png = _plot_dataset(r, out / f"pilot_{ds.name}.png")
            lines += ["", f"![{ds.name}]({png.name})", ""]
    report = out / "pilot_validation.md"
    report.write_text("\n".join(lines) + "\n")
    return report


def _trend_lines(r: DatasetResult) -> list[str]:
    """Report lines of the trend sweeps: the model at each sweep value, then the values that failed."""
    ds = r.dataset
    swept = [p for p in r.points if p.trends]
    if not swept:
        return []
    lines = ["", "Trends (model, one input swept around each point, the others held at the point's values; "
             "the sweep ranges are chosen for the plots in metadata.yaml `trends:`, they are not data):", "",
             "| point | trend | x | " + " | ".join(f"{m.quantity} model [{m.unit}]" for m in ds.measured) + " |",
             "|---|---|---|" + "---|" * len(ds.measured)]
    axes = {t.label: t.axis for t in ds.trends}
    failed = []
    for p in swept:
        for label, sweep in p.trends.items():
            name = label if axes.get(label, label).startswith(label) else f"{label} ({axes[label]})"
            for x, vals in sweep:
                if "error" in vals:
                    failed.append(f"- point {p.point}, {name} = {x:g}: {vals['error']}")
                    cells = ["failed (below)"] * len(ds.measured)
                else:
                    cells = [_fmt(vals.get(m.quantity)) for m in ds.measured]
                lines.append(f"| {p.point} | {name} | {x:g} | " + " | ".join(cells) + " |")
    if failed:
        lines += ["", "Sweep values that failed (the other values of the sweep are unaffected):", "", *failed]
    return lines


def _data_only_section(r: DatasetResult) -> list[str]:
    """Report lines of a data-only dataset: why, the data as published, the assumptions."""
    ds = r.dataset
    lines = [f"**Data only, not simulated**: {ds.data_only_reason} ({len(r.points)} point(s)).", ""]
    cols = list(ds.rows[0]) if ds.rows else []
    lines += ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in ds.rows:
        lines.append("| " + " | ".join((str(row.get(c) or "-")).replace("|", "/") for c in cols) + " |")
    lines += ["", "Measured quantities (clc figure each would be compared with):", ""]
    for m in ds.measured:
        cols_m = m.value if m.value is not None else f"{m.low} to {m.high}"
        lines.append(f"- {m.quantity} [{m.unit}]: columns {cols_m}; clc figure: {m.figure or 'none yet'}")
    assumptions = ds.metadata.get("assumptions") or []
    if assumptions:
        lines += ["", "Assumptions (see metadata.yaml):", ""]
        lines += [f"- {a if isinstance(a, str) else yaml.safe_dump(a, default_flow_style=True).strip()}"
                  for a in assumptions]
    return lines + [""]


def _trend_columns(ds: Dataset) -> list[str]:
    """Condition columns to plot against: phi and temperatures first, then any column that varies."""
    cols = list(ds.conditions)
    key = lambda c: (0 if ds.conditions[c]["field"] == "phi" else 1 if "temperature" in ds.conditions[c]["field"] else 2)
    varying = [c for c in cols if len({r.get(c) for r in ds.rows}) > 1]
    chosen = sorted(varying, key=key) or sorted(cols, key=key)[:1]
    return chosen[:3]


def _plot_parity(ax, r: DatasetResult, m: Measured) -> None:
    """Model against data at each point, with the spread over the sensitivity cases in grey."""
    q = m.quantity
    pts = [p for p in r.points if p.compared(q)]
    if pts:
        mid = [0.5 * sum(p.data[q]) for p in pts]
        half = [0.5 * (p.data[q][1] - p.data[q][0]) for p in pts]
        ax.errorbar(mid, [p.model[q] for p in pts], xerr=half, fmt="o", capsize=3, label="model (base)")
        for p in pts:  # spread over the sensitivity cases
            vals = [v[q] for v in p.sensitivity.values() if q in v]
            if vals:
                c = 0.5 * sum(p.data[q])
                ax.vlines(c, min(vals + [p.model[q]]), max(vals + [p.model[q]]), colors="0.6", lw=4, alpha=0.5)
        lo = min(min(p.data[q][0] for p in pts), min(p.model[q] for p in pts))
        hi = max(max(p.data[q][1] for p in pts), max(p.model[q] for p in pts))
        pad = 0.05 * (hi - lo or 1.0)
        ax.plot([lo - pad, hi + pad], [lo - pad, hi + pad], "k--", lw=0.8, label="1:1")
    ax.set_xlabel(f"{q} data [{m.unit}]")
    ax.set_ylabel(f"{q} model [{m.unit}]")
    ax.set_title(f"{r.dataset.name}: parity (grey: assumption spread)", fontsize=8)


def _plot_condition(ax, r: DatasetResult, m: Measured, col: str) -> None:
    """Data and model at the data points against a condition column (a dataset without ``trends:``)."""
    q = m.quantity
    pts = sorted((p for p in r.points if p.compared(q)), key=lambda p: p.conditions[col])
    xs = [p.conditions[col] for p in pts]
    ax.errorbar(xs, [0.5 * sum(p.data[q]) for p in pts], yerr=[0.5 * (p.data[q][1] - p.data[q][0]) for p in pts],
                fmt="s", capsize=3, label="data")
    ax.plot(xs, [p.model[q] for p in pts], "o-", label="model")
    ax.set_xlabel(col)
    ax.set_ylabel(f"{q} [{m.unit}]")


def _plot_sweep(ax, r: DatasetResult, m: Measured, trend: Trend) -> None:
    """The model's curve over a trend sweep around each point, the point's data at its own x."""
    q = m.quantity
    many = len(r.points) > 1
    failed_x = []
    for i, p in enumerate(p for p in r.points if trend.label in p.trends):
        color, tag = f"C{i % 10}", f", point {p.point}" if many else ""
        curve = sorted((x, v[q]) for x, v in p.trends[trend.label] if q in v)
        failed_x += [x for x, v in p.trends[trend.label] if "error" in v]
        if curve:
            ax.plot(*zip(*curve), "o-", color=color, ms=4, label=f"model{tag}")
        x0 = p.trend_x.get(trend.label)
        if x0 is None:
            continue
        if q in p.data:
            lo, hi = p.data[q]
            ax.errorbar([x0], [0.5 * (lo + hi)], yerr=[0.5 * (hi - lo)], fmt="s", color=color, mfc="white",
                        capsize=4, label=f"data{tag}")
        if q in p.model:
            ax.plot([x0], [p.model[q]], "*", color=color, ms=10, label=f"model at the point{tag}")
    if failed_x:  # on the axis: the curve has no value there
        ax.plot(failed_x, [0.02] * len(failed_x), "x", color="red", transform=ax.get_xaxis_transform(),
                clip_on=False, label="sweep value failed")
    ax.set_xlabel(trend.axis)
    ax.set_ylabel(f"{q} [{m.unit}]")
    ax.set_title(f"trend: {trend.label}", fontsize=8)


def trend_panels(ds: Dataset) -> list[str]:
    """Titles of the trend panels of a dataset's figure: one per ``trends:`` label, or else the
    condition columns the data points are plotted against."""
    return [t.label for t in ds.trends] if ds.trends else _trend_columns(ds)


def _plot_dataset(r: DatasetResult, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ds = r.dataset
    panels = trend_panels(ds)
    n_panels = 1 + len(panels)
    fig, axes = plt.subplots(len(ds.measured), n_panels, figsize=(4.2 * n_panels, 3.8 * len(ds.measured)), squeeze=False)
    for row_axes, m in zip(axes, ds.measured):
        _plot_parity(row_axes[0], r, m)
        for ax, name in zip(row_axes[1:], panels):
            if ds.trends:
                _plot_sweep(ax, r, m, next(t for t in ds.trends if t.label == name))
            else:
                _plot_condition(ax, r, m, name)
        for ax in row_axes:
            ax.grid(alpha=0.3)
            ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)
