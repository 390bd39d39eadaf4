"""Uncertainty of a unit's figures of merit or a cement capture case's KPIs: input ranges, sampling
and sensitivity indices (SALib).

An ``[uncertainty]`` table in a unit file or a cement capture-case file (``kind = "cement_clc"``)
gives the uncertain inputs by dotted key, each with a distribution in the units users type and
where its range comes from::

    [uncertainty]
    kpis = ["combustion efficiency"]          # optional (defaults: DEFAULT_UNIT_KPIS / DEFAULT_CEMENT_KPIS)
    method = "lhs"                            # optional defaults of `clc uncertainty`: method, samples, seed

    [uncertainty.inputs]
    "fuel_reactor.temperature" = { distribution = "uniform", low = "880 degC", high = "920 degC",
                                   source = "ASSUMPTION: +-20 K around the design value" }
    "air_reactor.eps_bottom" = { distribution = "triangular", low = 0.13, mode = 0.18, high = 0.23,
                                 source = "Ouyang & Potter 1993: 0.18 +/- 0.05" }
    "particles.density" = { distribution = "normal", mean = "4250 kg/m3", sd = "100 kg/m3",
                            source = "..." }          # truncated at low/high, default mean -+ 3 sd
    "fuel_reactor.inventory" = { distribution = "relative", range = "20 %", source = "ASSUMPTION" }

``source`` is required: where the range was read, or a text starting with ``ASSUMPTION`` (a
stated default range). A value of the unit's data files is addressed as ``carrier.<gas>.<parameter>``
or ``fuel.char_kinetics.<path>`` (:mod:`clc.data_ranges`); ``"carrier.CH4.E" = "data"`` takes the
range the data file gives beside the value, and ``data_ranges = true`` in ``[uncertainty]`` adds
every range of the unit's carrier and char set files (a capture case: keys under ``unit.``). In a capture-case file a key starts with ``plant.`` (the plant file),
``unit.`` (the CLC unit, applied as a unit override) or names a value of the case file itself
(``integration.whr_efficiency``; the integration options the file leaves at their defaults may
be given too).

Sampling is done on the unit hypercube (SALib: Saltelli's scheme on a Sobol' sequence, Morris
trajectories, Latin hypercube) and mapped to each input through its inverse distribution
function; the samples run on :mod:`clc.study`'s runner (local processes or Dask, resumable),
and a failed sample is kept with its error. :func:`run` writes the sample table, a KPI table
(median, 5-95 % interval), an index table and a tornado chart (:mod:`clc.uncertainty_report`,
whose :func:`intervals` and :func:`report_lines` read them back for reports).
"""

from __future__ import annotations

import dataclasses
import math
import tempfile
import tomllib
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import stats

from . import config as unit_config
from . import checks, data_range_keys, data_ranges, dotted, loop, solved_inputs, study, units
from .uncertainty_report import (INDICES_CSV, KPIS_CSV, SAMPLES_CSV, TORNADO_PNG, format_report,  # noqa: F401
                                 intervals, report_lines, tornado, write_indices, write_kpis)

METHODS = ("sobol", "morris", "lhs")
#: samples when none is given: Sobol' base samples N (N (D + 2) runs), Morris trajectories r
#: (r (D + 1) runs), Latin hypercube points; small, for a first look and for CI
DEFAULT_SAMPLES = {"sobol": 8, "morris": 4, "lhs": 16}
DISTRIBUTIONS = {  # distribution -> (required fields, optional fields)
    "uniform": (("low", "high"), ()),
    "triangular": (("low", "mode", "high"), ()),
    "normal": (("mean", "sd"), ("low", "high")),
    "relative": (("range",), ()),
}
NORMAL_TRUNCATION_SD = 3.0  # a normal input without low/high is truncated at mean -+ 3 sd
DEFAULT_UNIT_KPIS = ("combustion efficiency", "CO2 capture efficiency", "oxygen demand")
DEFAULT_CEMENT_KPIS = ("CO2 capture rate", "CO2 avoided (equivalent)", "SPECCA", "energy penalty (primary energy)")
CEMENT_KPI_UNITS = {"CO2 generated": "kg/t clinker", "CO2 captured": "kg/t clinker", "CO2 emitted (direct)": "kg/t clinker",
                    "CO2 capture rate": "-", "CO2 avoided (direct)": "-", "CO2 avoided (equivalent)": "-",
                    "primary energy, reference": "MJ/kg clinker", "primary energy, capture case": "MJ/kg clinker",
                    "net electricity, reference": "kWh/t clinker", "net electricity, capture case": "kWh/t clinker",
                    "energy penalty (primary energy)": "-", "SPECCA": "MJ/kg CO2",
                    # clc.cement.cost (when the case file has a [cost] table)
                    **{f"{name}{cny}": f"{'CNY' if cny else 'EUR'}/t {per}" for name, per in (
                        ("clinker cost, reference", "clinker"), ("clinker cost, capture case", "clinker"),
                        ("clinker cost rise", "clinker"), ("cost of CO2 avoided (equivalent)", "CO2"),
                        ("cost of CO2 avoided (direct)", "CO2"), ("break-even carbon price (direct CO2)", "CO2"))
                       for cny in ("", " [CNY]")},
                    "clinker cost rise (relative)": "-"}
_SETTINGS = {"inputs", "kpis", "method", "samples", "seed", "data_ranges"}
_INPUT_FIELDS = {"distribution", "source", "low", "high", "mode", "mean", "sd", "range", "note"}
_OFFSET_UNITS = ("degC", "C", "°C")


# ----------------------------------------------------------------------------------------------
# inputs
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Input:
    """One uncertain input: a distribution over numbers in ``unit`` (as typed, e.g. "degC")."""

    key: str
    distribution: str
    params: dict  # low, high, (mode), (mean, sd): numbers in ``unit``
    unit: str
    source: str

    @property
    def assumption(self) -> bool:
        return self.source.strip().upper().startswith("ASSUMPTION")

    def ppf(self, u) -> np.ndarray:
        """The input's values at probabilities ``u`` in [0, 1] (inverse distribution function)."""
        u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
        p = self.params
        lo, hi = p["low"], p["high"]
        if self.distribution in ("uniform", "relative"):
            return lo + u * (hi - lo)
        if self.distribution == "triangular":
            return stats.triang(c=(p["mode"] - lo) / (hi - lo), loc=lo, scale=hi - lo).ppf(u)
        m, sd = p["mean"], p["sd"]
        return stats.truncnorm((lo - m) / sd, (hi - m) / sd, loc=m, scale=sd).ppf(u)

    def typed(self, x: float):
        """A sample value as the file would hold it."""
        return f"{x:.10g} {self.unit}" if self.unit else float(x)

    def describe(self) -> str:
        p, u = self.params, f" {self.unit}" if self.unit else ""
        if self.distribution == "triangular":
            text = f"triangular {p['low']:g}/{p['mode']:g}/{p['high']:g}{u}"
        elif self.distribution == "normal":
            text = f"normal {p['mean']:g} sd {p['sd']:g}{u} in [{p['low']:g}, {p['high']:g}]"
        elif self.distribution == "relative":
            text = f"uniform {p['low']:g}-{p['high']:g}{u} (+-{p['range'] * 100:g} % of {p['base']:g})"
        else:
            text = f"uniform {p['low']:g}-{p['high']:g}{u}"
        return text


def _forms() -> str:
    return "; ".join(f"{d}: {', '.join(req)}" + (f" (optional {', '.join(opt)})" if opt else "")
                     for d, (req, opt) in DISTRIBUTIONS.items())


def parse_input(key: str, spec, base_value, where: str = "uncertainty.inputs.") -> Input:
    """One ``[uncertainty.inputs]`` entry, checked against the value the file gives (``base_value``;
    None where the file leaves the value at its default)."""
    name = f"{where}{key}"
    if not isinstance(spec, dict):
        raise ValueError(f"{name}={spec!r}: give a table {{ distribution = ..., source = ... }}; forms: {_forms()}")
    checks.no_unknown(spec, _INPUT_FIELDS, name, noun="field(s)")
    dist = spec.get("distribution")
    if dist not in DISTRIBUTIONS:
        raise ValueError(f"{name}.distribution={dist!r}; allowed forms: {_forms()}")
    source = data_ranges.form_fields(spec, dist, DISTRIBUTIONS, name)
    required, optional = DISTRIBUTIONS[dist]
    if isinstance(base_value, bool):
        raise ValueError(f"{name}: the file's value {base_value!r} is true/false, not a number to sample")
    if isinstance(base_value, (dict, list)):
        raise ValueError(f"{name}: the file's value is a table or list, not a number; give the key of one value")
    base_num = base_unit = None
    if base_value is not None:
        try:
            base_num, base_unit = units._split(base_value, name)
        except ValueError:
            raise ValueError(f"{name}: the file's value {base_value!r} is not a number (with a unit) to sample") from None
        if isinstance(base_value, int):
            raise ValueError(f"{name}: the file's value {base_value!r} is a whole number (a count); "
                             "only continuous values can be sampled")
    params: dict = {}
    unit = None
    if dist == "relative":
        if base_num is None:
            raise ValueError(f"{name}: distribution 'relative' needs the value in the file; "
                             "give low/high (distribution = \"uniform\")")
        if base_unit in _OFFSET_UNITS:
            raise ValueError(f"{name}: a relative range of a temperature in {base_unit} is not meaningful; "
                             "give low/high (distribution = \"uniform\")")
        r = units.fraction(spec["range"], f"{name}.range")
        if not 0.0 < r < 1.0:
            raise ValueError(f"{name}.range={spec['range']!r} must lie in (0, 100 %)")
        lo, hi = sorted((base_num * (1.0 - r), base_num * (1.0 + r)))
        if lo == hi:
            raise ValueError(f"{name}: the file's value is 0; a relative range of 0 is empty, give low/high")
        params = {"low": lo, "high": hi, "range": r, "base": base_num}
        unit = base_unit
    else:
        for f in required + optional:
            if f not in spec:
                continue
            x, u = units._split(spec[f], f"{name}.{f}")
            if not math.isfinite(x):
                raise ValueError(f"{name}.{f}={spec[f]!r} is not finite")
            if unit is not None and u != unit:
                raise ValueError(f"{name}: give every value in one unit (got {unit!r} and {u!r} in {f}={spec[f]!r})")
            unit = u
            params[f] = x
        if base_unit is not None:
            if base_unit == "" and unit != "":
                raise ValueError(f"{name}: the file gives a bare number ({base_value!r}); give the range as bare "
                                 f"numbers too, not in {unit!r}")
            if base_unit and unit and unit != base_unit:  # (the same spelling needs no check: "CNY/kWh")
                try:
                    units.convert(1.0, unit, base_unit, name)
                except ValueError:
                    raise ValueError(f"{name}: unit {unit!r} is not a unit of the file's value {base_value!r}") from None
        if dist == "normal":
            m, sd = params["mean"], params["sd"]
            if not sd > 0:
                raise ValueError(f"{name}.sd={spec['sd']!r} must be positive")
            params.setdefault("low", m - NORMAL_TRUNCATION_SD * sd)
            params.setdefault("high", m + NORMAL_TRUNCATION_SD * sd)
            if not params["low"] < m < params["high"]:
                raise ValueError(f"{name}: mean {spec['mean']!r} must lie between low and high")
        if not params["high"] > params["low"]:
            raise ValueError(f"{name}: high ({spec.get('high')!r}) must exceed low ({spec.get('low')!r})")
        if dist == "triangular" and not params["low"] <= params["mode"] <= params["high"]:
            raise ValueError(f"{name}.mode={spec['mode']!r} must lie in [low, high]")
    return Input(key, dist, params, unit or "", source.strip())


def _settings(table: dict, where: str) -> dict:
    if not isinstance(table, dict):
        raise ValueError(f"{where}: must be a table")
    checks.no_unknown(table, _SETTINGS, where, hint=f" (inputs go in [{where}.inputs] by dotted key)")
    out = {}
    if "method" in table:
        out["method"] = _method(table["method"], f"{where}.method")
    for k in ("samples", "seed"):
        if k in table:
            v = table[k]
            if not isinstance(v, int) or isinstance(v, bool) or v < (1 if k == "samples" else 0):
                raise ValueError(f"{where}.{k}={v!r} must be a whole number{' >= 1' if k == 'samples' else ' >= 0'}")
            out[k] = v
    if "kpis" in table:
        k = table["kpis"]
        if not (isinstance(k, list) and k and all(isinstance(x, str) for x in k)):
            raise ValueError(f"{where}.kpis={k!r} must be a non-empty list of figure names")
        out["kpis"] = list(k)
    if "data_ranges" in table:
        if not isinstance(table["data_ranges"], bool):
            raise ValueError(f"{where}.data_ranges={table['data_ranges']!r} must be true or false")
        out["data_ranges"] = table["data_ranges"]
    inputs = table.get("inputs", {} if out.get("data_ranges") else None)
    if not isinstance(inputs, dict) or not (inputs or out.get("data_ranges")):
        raise ValueError(f"{where}.inputs: missing or empty; list the uncertain inputs by dotted key "
                         "(or set data_ranges = true to use the ranges of the data files)")
    return out


def _method(m, where: str) -> str:
    if m not in METHODS:
        raise ValueError(f"{where}={m!r}; allowed: {', '.join(METHODS)}")
    return m


# ----------------------------------------------------------------------------------------------
# files: a unit file or a cement capture case
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Spec:
    """An uncertainty problem read from a file."""

    path: Path
    kind: str  # "unit" or "cement"
    base: dict  # what the sample evaluator receives (see run_unit_sample, run_cement_sample)
    inputs: tuple[Input, ...]
    kpis: tuple[str, ...] | None  # None: the defaults for the file's kind
    settings: dict = field(default_factory=dict)


def load(path: str | Path) -> Spec:
    """Read the ``[uncertainty]`` table of a unit file or a cement capture-case file."""
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML ({exc})") from None
    if "uncertainty" not in doc:
        raise ValueError(f"{path}: no [uncertainty] table (uncertain inputs by dotted key, see clc.uncertainty)")
    table = doc.pop("uncertainty")
    settings = _settings(table, "uncertainty")
    kind = doc.get("kind")
    if kind == "cement_clc":
        base, lookup, absent_ok = _cement_base(doc, path)
        kind = "cement"
    elif kind is None:
        base, lookup, absent_ok = doc, doc, set()
        kind = "unit"
    else:
        raise ValueError(f"{path}: kind={kind!r}; `clc uncertainty` takes a unit file or a capture case "
                         "(kind = \"cement_clc\")")
    inputs = []
    unit_doc, prefix = (lookup["unit"], "unit.") if kind == "cement" else (lookup, "")
    entries = dict(table.get("inputs", {}))
    if settings.get("data_ranges"):  # every range the unit's data files give, unless listed
        for k in data_range_keys.ranged_keys(unit_doc):
            entries.setdefault(prefix + k, "data")
    for key, spec in entries.items():
        data_entry = data_range_keys.entry(key[len(prefix):], unit_doc) if key.startswith(prefix) else None
        if data_entry is not None:  # a value of the carrier's or char set's data file
            if spec == "data" or (isinstance(spec, dict) and spec.get("distribution") == "data"):
                spec = data_range_keys.input_spec(key[len(prefix):], unit_doc)
            inputs.append(parse_input(key, spec, float(data_entry["value"])))
            continue
        try:
            base_value = dotted.get_value(lookup, key, where="uncertainty.inputs.")
        except ValueError:
            if key not in absent_ok:
                hint = (" (keys start with plant., unit., or name a value of the case file)" if kind == "cement" else "")
                raise ValueError(f"uncertainty.inputs.{key}: no such value in {path.name}{hint}; an uncertain input "
                                 "must be a value the file sets") from None
            base_value = None
        if kind == "cement":
            _check_not_calibrated(base, key)
        inputs.append(parse_input(key, spec, base_value))
    solved_inputs.refuse_varying_solved(unit_doc, [i.key for i in inputs], "uncertainty.inputs.", prefix)
    spec = Spec(path, kind, base, tuple(inputs), tuple(settings["kpis"]) if "kpis" in settings else None, settings)
    if kind == "unit":
        _check_unit_ends(spec)
    return spec


def _check_unit_ends(spec: Spec) -> None:
    """The unit must load with every input at its low and at its high end (clear errors before any run)."""
    for end in ("low", "high"):
        point = data_range_keys.resolve_point({i.key: i.typed(i.params[end]) for i in spec.inputs}, spec.base)
        try:
            unit_config.from_dict(dotted.with_values(spec.base, point))
        except ValueError as exc:
            raise ValueError(f"uncertainty.inputs: with every input at its {end} end the unit does not load: {exc}") from None


def _resolved(doc: dict, path: Path) -> dict:
    """The case document with its plant and unit references made absolute (samples run elsewhere)."""
    doc = dotted.deep_copy(doc)
    p = doc.get("plant")
    if isinstance(p, str) and ("/" in p or p.endswith(".toml")):
        doc["plant"] = str((path.parent / p).resolve())
    u = doc.get("unit")
    if isinstance(u, str) and u.endswith(".toml"):
        doc["unit"] = str((path.parent / u).resolve())
    return doc


def _cement_base(doc: dict, path: Path) -> tuple[dict, dict, set]:
    """The evaluator's base ({case, plant}), the lookup document (keys plant., unit., own) and the
    integration keys that may be absent from the file."""
    from .cement import clc_integration
    from .cement import config as plant_config

    case = _resolved(doc, path)
    if "plant" not in case:
        raise ValueError(f"{path}: plant: missing (the cement plant file or shipped example name)")
    p = case["plant"]
    plant_path = Path(p) if "/" in p or p.endswith(".toml") else plant_config.example_path(p)
    # the case's own plant overrides go into the plant document the samples start from
    plant_overrides = case.pop("plant_overrides", {})
    plant_doc = dotted.with_values(tomllib.loads(plant_path.read_text()), plant_overrides, where="plant_overrides.")
    unit_name = case.get("unit", unit_config.DEFAULT_EXAMPLE)
    unit_path = Path(unit_name) if unit_name.endswith(".toml") else unit_config.example_path(unit_name)
    unit_doc = dotted.with_values(unit_config.read(unit_path), case.get("unit_overrides", {}), where="unit_overrides.")
    lookup = {k: v for k, v in case.items() if k not in ("plant", "unit")} | {"plant": plant_doc, "unit": unit_doc}
    absent_ok = {f"integration.{f.name}" for f in dataclasses.fields(clc_integration.IntegrationOptions)
                 if f.name not in ("electricity", "option", "grid_region", "ar_air_from_cooler", "fr_gas_to_co2_string",
                                   "compression_stages")} | {"integration.power_plant_efficiency",
                                                             "plant.kiln.fuel_share"}  # optional: first law when absent
    return ({"case": case, "plant": plant_doc, "unit": unit_doc, "plant_overridden": bool(plant_overrides)}, lookup,
            absent_ok)


def _check_not_calibrated(base: dict, key: str) -> None:
    cal = base["plant"].get("calibration", {})
    if key.startswith("plant.") and cal.get("vary") == key[len("plant."):]:
        raise ValueError(f"uncertainty.inputs.{key}: the plant's [calibration] solves this value "
                         f"(to meet target_specific_heat); vary plant.calibration.target_specific_heat instead")


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v) if math.isfinite(v) else ("nan" if math.isnan(v) else ("inf" if v > 0 else "-inf"))
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_toml_value(k)} = {_toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {v!r} as TOML")


def toml_text(doc: dict, prefix: tuple = ()) -> str:
    """A parsed TOML document written back (tables as [a.b], keys quoted); ``tomllib.loads`` of it
    gives ``doc`` again.

    >>> tomllib.loads(toml_text({"a": 1, "t": {"x.y": "9 degC", "s": {"b": [1.5, True]}}}))
    {'a': 1, 't': {'x.y': '9 degC', 's': {'b': [1.5, True]}}}
    """
    lines = []
    if prefix:
        lines.append("[" + ".".join(_toml_value(p) for p in prefix) + "]")
    tables = []
    for k, v in doc.items():
        if isinstance(v, dict):
            tables.append((k, v))
        else:
            lines.append(f"{_toml_value(k)} = {_toml_value(v)}")
    text = "\n".join(lines) + "\n"
    for k, v in tables:
        text += toml_text(v, prefix + (k,))
    return text


# ----------------------------------------------------------------------------------------------
# sample evaluators (module level: worker processes receive them)
# ----------------------------------------------------------------------------------------------

def run_unit_sample(base: dict, point: dict, figures: list[str] | None) -> dict:
    """One sample of a unit file: :func:`clc.study.run_point` (data-file values set by
    :func:`clc.data_range_keys.resolve_point`)."""
    try:
        point = data_range_keys.resolve_point(point, base)
    except Exception as exc:  # a failed sample is data, not a crash
        return {"status": "error", "error": f"{type(exc).__name__}: {exc}"}
    return study.run_point(base, point, figures)


def cement_case(base: dict, point: dict):
    """(plant, unit, options, cost inputs or None) of a capture case with the sample's values set."""
    from .cement import clc_integration, cost

    case = dotted.deep_copy(base["case"])
    plant_doc = dotted.deep_copy(base["plant"])
    overrides = dict(case.get("unit_overrides", {}))
    plant_changed = base.get("plant_overridden", False)  # the case's plant overrides live in plant_doc
    unit_point = {}
    for key, value in point.items():
        head, _, rest = key.partition(".")
        if head == "plant":
            dotted.set_value(plant_doc, rest, value, where="plant.")
            plant_changed = True
        elif head == "unit":
            unit_point[rest] = value
        else:
            dotted.set_value(case, key, value, create=True)
    # data-file values (carrier.<gas>.<parameter>, fuel.char_kinetics.<path>) become a carrier variant or a table
    overrides.update(data_range_keys.resolve_point(unit_point, base.get("unit", {})))
    case["unit_overrides"] = overrides
    with tempfile.TemporaryDirectory(prefix="clc-uncertainty-") as d:
        if plant_changed:
            (Path(d) / "plant.toml").write_text(toml_text(plant_doc))
            case["plant"] = str(Path(d) / "plant.toml")
        (Path(d) / "case.toml").write_text(toml_text(case))
        return (*clc_integration.load_case(Path(d) / "case.toml"), cost.load(Path(d) / "case.toml"))


def run_cement_sample(base: dict, point: dict, figures: list[str] | None) -> dict:
    """One sample of a capture case: {"status", "error", "<route>: <KPI>": value, ...}. Never raises."""
    from .cement import clc_integration

    try:
        plant, unit, options, costs = cement_case(base, point)
        comp = clc_integration.evaluate(plant, unit, options, costs=costs)
        kpis = {route: {**kp, **(comp.costs.figures(route) if getattr(comp, "costs", None) else {})}
                for route, kp in comp.kpis.items()}
        row = {"status": "ok", "error": ""}
        names = figures or [f"{route}: {k}" for route, kp in kpis.items() for k in kp]
        for name in names:
            route, _, kpi = name.partition(": ")
            if route not in kpis or kpi not in kpis[route]:
                raise KeyError(f"unknown KPI {name!r}; available: {', '.join(f'{r}: {k}' for r in kpis for k in kpis[r])}")
            row[name] = float(kpis[route][kpi][0])
        row["max balance residual"] = max(abs(v) for c in comp.cases.values() for v in c.plant.balances.values())
        return row
    except Exception as exc:  # a failed sample is data, not a crash
        return {"status": "error", "error": f"{type(exc).__name__}: {exc}"}


def _evaluator(spec: Spec):
    return run_cement_sample if spec.kind == "cement" else run_unit_sample


def nominal(spec: Spec) -> dict:
    """The file as given (no input varied): every figure it yields (a row of the evaluator)."""
    row = _evaluator(spec)(spec.base, {}, None)
    if row["status"] != "ok":
        raise RuntimeError(f"{spec.path}: the file as given does not solve: {row['error']}")
    return row


def kpi_names(spec: Spec, available: list[str]) -> list[str]:
    """The KPIs to report: the file's ``kpis`` or the defaults, checked against ``available``."""
    if spec.kind == "unit":
        wanted = list(spec.kpis or DEFAULT_UNIT_KPIS)
        bad = [k for k in wanted if k not in available]
        if bad:
            raise ValueError(f"uncertainty.kpis: unknown figure(s) {', '.join(map(repr, bad))}; available: "
                             f"{', '.join(available)}")
        return wanted
    routes = list(dict.fromkeys(a.partition(": ")[0] for a in available))
    out = []
    for k in spec.kpis or DEFAULT_CEMENT_KPIS:
        names = [k] if k in available else [f"{r}: {k}" for r in routes if f"{r}: {k}" in available]
        if not names:
            raise ValueError(f"uncertainty.kpis: unknown KPI {k!r}; available: "
                             f"{', '.join(dict.fromkeys(a.partition(': ')[2] for a in available))} "
                             f"(of every route, or as 'route: KPI' with routes {', '.join(routes)})")
        out += names
    return list(dict.fromkeys(out))


def kpi_unit(name: str) -> str:
    table = {label: unit for label, unit, _ in loop.FIGURE_TABLE}
    return table.get(name) or CEMENT_KPI_UNITS.get(name.partition(": ")[2], "")


# ----------------------------------------------------------------------------------------------
# design and analysis
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Design:
    """The sample: probabilities ``u`` (runs x inputs) and the values they map to."""

    method: str
    samples: int  # as asked: Sobol' base samples, Morris trajectories, or points
    seed: int
    inputs: tuple[Input, ...]
    u: np.ndarray
    points: list[dict]  # key -> typed value

    @property
    def block(self) -> int:
        """Rows that belong together (a Saltelli block, a Morris trajectory; 1 for LHS)."""
        d = len(self.inputs)
        return {"sobol": d + 2, "morris": d + 1}.get(self.method, 1)


def _problem(d: int) -> dict:
    return {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}


def design(inputs, method: str = "lhs", samples: int | None = None, seed: int = 0) -> Design:
    """Sample the inputs: same method, samples, seed and inputs give the same design (resumable)."""
    method = _method(method, "method")
    inputs = tuple(inputs)
    if not inputs:
        raise ValueError("no uncertain inputs")
    n = DEFAULT_SAMPLES[method] if samples is None else int(samples)
    if n < 1:
        raise ValueError(f"samples={samples!r} must be at least 1")
    d = len(inputs)
    prob = _problem(d)
    if method == "sobol":
        from SALib.sample import sobol as sobol_sample

        if n < 2 or n & (n - 1):
            raise ValueError(f"samples={n} for method 'sobol': give a power of 2 (8, 16, 32, ...): the Sobol' "
                             "sequence is balanced only then")
        u = sobol_sample.sample(prob, n, calc_second_order=False, seed=seed)
    elif method == "morris":
        from SALib.sample import morris as morris_sample

        if n < 2:
            raise ValueError(f"samples={n} for method 'morris': at least 2 trajectories")
        u = morris_sample.sample(prob, n, num_levels=4, seed=seed)
    else:
        from SALib.sample import latin

        u = latin.sample(prob, n, seed=seed)
    u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
    values = np.column_stack([inp.ppf(u[:, k]) for k, inp in enumerate(inputs)])
    points = [{inp.key: inp.typed(values[i, k]) for k, inp in enumerate(inputs)} for i in range(len(u))]
    return Design(method, n, seed, inputs, u, points)


@dataclass
class KpiResult:
    name: str
    unit: str
    nominal: float
    median: float
    p05: float
    p95: float
    n_used: int  # samples behind the interval
    n_failed: int  # samples of the design whose KPI is missing
    indices: dict  # input key -> {measure: value}
    note: str = ""

    def ranking(self) -> list[tuple[str, float]]:
        """Inputs by importance (ST, mu* or |swing|), largest first."""
        out = []
        for key, ix in self.indices.items():
            m = next((ix[k] for k in ("ST", "mu_star", "swing") if k in ix), float("nan"))
            if not math.isfinite(m):  # Latin hypercube with too few samples for the fit: rank correlation
                m = ix.get("spearman", float("nan"))
            out.append((key, abs(m)))
        return sorted(out, key=lambda kv: -kv[1] if math.isfinite(kv[1]) else math.inf)


def _values(rows: list[dict], n: int, kpi: str) -> np.ndarray:
    """The KPI of each design row (NaN where the sample failed or is missing)."""
    y = np.full(n, np.nan)
    for r in rows:
        i = int(r["point"])
        if i < n and r.get("status") == "ok":
            try:
                y[i] = float(r.get(kpi, "nan"))
            except (TypeError, ValueError):
                pass
    return y


def analyse(des: Design, rows: list[dict], kpis: list[str], nominal_row: dict | None = None,
            num_resamples: int = 100) -> list[KpiResult]:
    """Median, 5-95 % interval and indices of each KPI from the sample rows (``study`` table rows).

    Failed samples: the interval uses the samples that solved. Sobol' indices drop every Saltelli
    block (the D + 2 runs of one base sample) with a failure, Morris drops the trajectory; the
    counts are in each result's note.
    """
    n, d = des.u.shape
    keys = [i.key for i in des.inputs]
    out = []
    for kpi in kpis:
        y = _values(rows, n, kpi)
        ok = np.isfinite(y)
        n_failed = int((~ok).sum())
        nom = float(nominal_row.get(kpi, np.nan)) if nominal_row else float("nan")
        notes = []
        idx: dict = {k: {} for k in keys}
        constant = ok.any() and np.ptp(y[ok]) <= 1e-12 * max(1.0, float(np.abs(y[ok]).max()))
        if constant:  # no input moves it: every index is 0
            notes.append("the KPI is constant over the samples")
            zero = {"sobol": ("S1", "S1_conf", "ST", "ST_conf"), "morris": ("mu", "mu_star", "sigma", "mu_star_conf"),
                    "lhs": ("swing",)}[des.method]
            idx = {k: {m: 0.0 for m in zero} | ({"spearman": float("nan")} if des.method == "lhs" else {}) for k in keys}
            y_int = y[ok]
            if des.method == "sobol":  # the interval from the A and B rows, as below
                blocks = y.reshape(-1, des.block)
                good = np.all(np.isfinite(blocks), axis=1)
                y_int = np.concatenate([blocks[good, 0], blocks[good, -1]])
        elif des.method == "sobol":
            blocks = y.reshape(-1, des.block)
            good = np.all(np.isfinite(blocks), axis=1)
            # intervals from the A and B rows (independent draws of the inputs), not the mixed rows
            y_int = np.concatenate([blocks[good, 0], blocks[good, -1]])
            if (~good).any():
                notes.append(f"Sobol': {int((~good).sum())} of {len(blocks)} base samples had a failed run; their "
                             f"Saltelli blocks ({des.block} runs each) were left out, indices from {int(good.sum())}")
            if good.sum() >= 2:
                from SALib.analyze import sobol as sobol_analyze

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    si = sobol_analyze.analyze(_problem(d), blocks[good].ravel(), calc_second_order=False,
                                               num_resamples=num_resamples, seed=des.seed + 1)
                for k, key in enumerate(keys):
                    idx[key] = {m: float(si[m][k]) for m in ("S1", "S1_conf", "ST", "ST_conf")}
            else:
                notes.append("Sobol' indices not computed (fewer than 2 complete blocks)")
                idx = {k: {m: float("nan") for m in ("S1", "S1_conf", "ST", "ST_conf")} for k in keys}
        elif des.method == "morris":
            traj = y.reshape(-1, des.block)
            good = np.all(np.isfinite(traj), axis=1)
            y_int = y[ok]
            notes.append("interval from the Morris trajectory points (grid levels, not a random sample): indicative")
            if (~good).any():
                notes.append(f"Morris: {int((~good).sum())} of {len(traj)} trajectories had a failed run and were "
                             f"left out, indices from {int(good.sum())}")
            if good.sum() >= 1:
                from SALib.analyze import morris as morris_analyze

                X = des.u.reshape(-1, des.block, d)[good].reshape(-1, d)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    mi = morris_analyze.analyze(_problem(d), X, traj[good].ravel(), num_resamples=num_resamples,
                                                num_levels=4, seed=des.seed + 1)
                for k, key in enumerate(keys):
                    idx[key] = {m: float(mi[m][k]) for m in ("mu", "mu_star", "sigma", "mu_star_conf")}
            else:
                idx = {k: {m: float("nan") for m in ("mu", "mu_star", "sigma", "mu_star_conf")} for k in keys}
        else:
            y_int = y[ok]
            if ok.sum() > d + 1:
                # linear fit in probability space: the KPI's swing as each input goes from its 5 % to its
                # 95 % quantile, the others held (a tornado); R2 says how far a linear view holds
                A = np.column_stack([np.ones(ok.sum()), des.u[ok]])
                coef, *_ = np.linalg.lstsq(A, y[ok], rcond=None)
                fit = A @ coef
                ss = float(np.sum((y[ok] - y[ok].mean()) ** 2))
                n_ok = int(ok.sum())
                r2 = 1.0 - float(np.sum((y[ok] - fit) ** 2)) / ss * (n_ok - 1) / (n_ok - d - 1) if ss > 0 else float("nan")
                for k, key in enumerate(keys):
                    rho = stats.spearmanr(des.u[ok, k], y[ok])[0] if ss > 0 else float("nan")
                    idx[key] = {"swing": 0.9 * float(coef[k + 1]), "spearman": float(rho)}
                notes.append(f"swing: linear fit in probability space, adjusted R2 = {r2:.3f} ({n_ok} samples, "
                             f"{d} inputs)")
            else:  # too few for the fit; a rank correlation needs only a few samples that differ
                notes.append(f"swing not computed: {int(ok.sum())} samples solved, a linear fit needs more than {d + 1}"
                             + ("; inputs ranked by Spearman's rho" if ok.sum() >= 3 and np.ptp(y[ok]) > 0 else ""))
                for k, key in enumerate(keys):
                    rho = (float(stats.spearmanr(des.u[ok, k], y[ok])[0]) if ok.sum() >= 3 and np.ptp(y[ok]) > 0
                           else float("nan"))
                    idx[key] = {"swing": float("nan"), "spearman": rho}
        if y_int.size:
            med, p05, p95 = (float(v) for v in np.percentile(y_int, [50, 5, 95]))
        else:
            med = p05 = p95 = float("nan")
            notes.append("no sample solved")
        out.append(KpiResult(kpi, kpi_unit(kpi), nom, med, p05, p95, int(y_int.size), n_failed, idx, "; ".join(notes)))
    return out


# ----------------------------------------------------------------------------------------------
# run, tables, chart, report
# ----------------------------------------------------------------------------------------------

@dataclass
class Report:
    spec: Spec
    design: Design
    results: list[KpiResult]
    failures: list[dict]  # sample rows with status "error"
    files: dict  # name -> Path

    def text(self) -> str:
        return format_report(self)


def _check_existing(path: Path, des: Design) -> None:
    """An earlier sample table in the folder must hold this design's points (else refuse)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    for r in study.read_table(path):
        i = int(r["point"])
        want = des.points[i] if i < len(des.points) else None
        if want is None or any(str(want[k]) != r.get(k) for k in want):
            raise ValueError(f"{path}: it holds samples of another design (method, samples, seed or ranges differ); "
                             "remove it or choose another --out")


def run(path, method: str | None = None, samples: int | None = None, seed: int | None = None,
        workers: int | None = None, scheduler: str | None = None, out="clc-output", progress=None,
        max_points: int | None = None) -> Report:
    """Propagate the file's input ranges to its KPIs; writes the tables and the chart in ``out``.

    Method, samples and seed: the arguments, else the file's ``[uncertainty]`` settings, else
    ``lhs``, :data:`DEFAULT_SAMPLES`, 0. The samples run on :func:`clc.study.run` (``workers``
    local processes, or ``scheduler`` for Dask); a folder holding part of the same design's
    samples is resumed.
    """
    spec = load(path)
    method = _method(method or spec.settings.get("method", "lhs"), "method")
    samples = samples if samples is not None else spec.settings.get("samples")
    seed = int(seed if seed is not None else spec.settings.get("seed", 0))
    des = design(spec.inputs, method, samples, seed)
    nom = nominal(spec)
    available = [k for k in nom if k not in ("status", "error", "max balance residual")]
    kpis = kpi_names(spec, available)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    table = out / SAMPLES_CSV
    _check_existing(table, des)
    st = study.Study(spec.base, [i.key for i in des.inputs], des.points, kpis, table, _evaluator(spec))
    study.run(st, workers=workers, scheduler=scheduler, max_points=max_points, progress=progress)
    rows = study.read_table(table)
    results = analyse(des, rows, kpis, nom)
    failures = [r for r in rows if r["status"] != "ok"]
    files = {"samples": table, "kpis": write_kpis(results, des, spec, out / KPIS_CSV),
             "indices": write_indices(results, des, out / INDICES_CSV),
             "tornado": tornado(results, des, out / TORNADO_PNG)}
    return Report(spec, des, results, failures, files)
