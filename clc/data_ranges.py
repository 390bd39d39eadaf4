"""Ranges on values of the kinetic data files: their forms, checked when a file is loaded.

A value of a data file (``kinetics/*.yaml``, ``kinetics/chars/*.yaml``, ``kinetics/fuels/*.yaml``)
may carry an ``uncertainty`` mapping beside its ``value``, ``units`` and ``source``::

    E: {value: 135200.0, units: J/mol, source: "...",
        uncertainty: {distribution: normal, sd: 6760.0, source: "ASSUMPTION: ..."}}

The forms are those of ``[uncertainty.inputs]`` (:mod:`clc.uncertainty`): ``uniform`` (low, high),
``triangular`` (low, mode, high), ``normal`` (sd; mean defaults to the value; optional low, high),
``relative`` (range, a fraction or "30 %"); numbers are bare, in the value's ``units``. ``source``
says where the range was read, or starts with ``ASSUMPTION`` (a stated default range). The loaders
call :func:`check_doc`, which refuses a malformed range by file, field and value.

Their use as uncertain inputs (dotted keys, sampled variants) is :mod:`clc.data_range_keys`.
"""

from __future__ import annotations

import math

from . import checks


FORMS = {  # distribution -> (required fields, optional fields); as clc.uncertainty.DISTRIBUTIONS
    "uniform": (("low", "high"), ()),
    "triangular": (("low", "mode", "high"), ()),
    "normal": (("sd",), ("mean", "low", "high")),
    "relative": (("range",), ()),
}
_FIELDS = {"distribution", "source", "low", "high", "mode", "mean", "sd", "range", "note"}


def _number(x, where: str) -> float:
    if isinstance(x, str):  # YAML 1.1 reads 2.5e5 (no exponent sign) as text, as it does the values
        try:
            x = float(x)
        except ValueError:
            pass
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise ValueError(f"{where}={x!r}: give a bare number in the value's units")
    if not math.isfinite(x):
        raise ValueError(f"{where}={x!r} is not finite")
    return float(x)


def _relative(x, where: str) -> float:
    if isinstance(x, str) and x.strip().endswith("%"):
        try:
            r = float(x.strip()[:-1]) / 100.0
        except ValueError:
            raise ValueError(f"{where}={x!r}: give a fraction (0.3) or a percentage (\"30 %\")") from None
    else:
        r = _number(x, where)
    if not 0.0 < r < 1.0:
        raise ValueError(f"{where}={x!r} must lie in (0, 100 %)")
    return r



def form_fields(spec: dict, dist: str, forms: dict, where: str) -> str:
    """Check a range's ``source`` and the fields its distribution ``dist`` takes (``forms``:
    distribution -> (required, optional)); return the source. Shared by the data files and the
    ``[uncertainty.inputs]`` tables, whose forms differ only in what a normal needs."""
    source = spec.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ValueError(f"{where}.source: missing; say where the range was read, or label it "
                         "\"ASSUMPTION: ...\" (a stated default range)")
    required, optional = forms[dist]
    missing = [f for f in required if f not in spec]
    extra = [f for f in ("low", "high", "mode", "mean", "sd", "range") if f in spec and f not in required + optional]
    if missing or extra:
        raise ValueError(f"{where}: distribution {dist!r} takes {', '.join(required)}"
                         + (f" (optional {', '.join(optional)})" if optional else "")
                         + (f"; missing {', '.join(missing)}" if missing else "")
                         + (f"; not {', '.join(extra)}" if extra else ""))
    return source.strip()

def check(spec, value: float, where: str) -> dict:
    """A data-file range, checked against its ``value``; returned in the form of an
    ``[uncertainty.inputs]`` entry (bare numbers, normal with its mean)."""
    if not isinstance(spec, dict):
        raise ValueError(f"{where}={spec!r}: give a mapping {{distribution, ..., source}}")
    checks.no_unknown(spec, _FIELDS, where, noun="field(s)")
    dist = spec.get("distribution")
    if dist not in FORMS:
        raise ValueError(f"{where}.distribution={dist!r}; allowed: {', '.join(FORMS)}")
    source = form_fields(spec, dist, FORMS, where)
    required, optional = FORMS[dist]
    out = {"distribution": dist, "source": source}
    if dist == "relative":
        out["range"] = _relative(spec["range"], f"{where}.range")
        if value == 0.0:
            raise ValueError(f"{where}: a relative range of the value 0 is empty; give low/high")
        return out
    for f in required + optional:
        if f in spec:
            out[f] = _number(spec[f], f"{where}.{f}")
    if dist == "normal":
        out.setdefault("mean", value)
        if not out["sd"] > 0.0:
            raise ValueError(f"{where}.sd={spec['sd']!r} must be positive")
    lo, hi = out.get("low"), out.get("high")
    if lo is not None and hi is not None and not hi > lo:
        raise ValueError(f"{where}: high ({hi:g}) must exceed low ({lo:g})")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ValueError(f"{where}: the file's value {value:g} lies outside the range [{lo}, {hi}]")
    if dist == "triangular" and not lo <= out["mode"] <= hi:
        raise ValueError(f"{where}.mode={out['mode']:g} must lie in [low, high] = [{lo:g}, {hi:g}]")
    return out


def check_doc(doc, where: str) -> int:
    """Check every ``uncertainty`` mapping in a data-file document; returns how many it holds."""
    count = 0
    if isinstance(doc, dict):
        if "uncertainty" in doc:
            if "value" not in doc:
                raise ValueError(f"{where}.uncertainty: a range belongs beside a 'value' (and its units and source)")
            try:
                value = float(doc["value"])
            except (TypeError, ValueError):
                raise ValueError(f"{where}.value={doc['value']!r}: a value with a range must be a number") from None
            check(doc["uncertainty"], value, f"{where}.uncertainty")
            count += 1
        for k, v in doc.items():
            if k != "uncertainty":
                count += check_doc(v, f"{where}.{k}")
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            count += check_doc(v, f"{where}[{i}]")
    return count


def strip(doc):
    """The document without its ``uncertainty`` mappings (what a model reads)."""
    if isinstance(doc, dict):
        return {k: strip(v) for k, v in doc.items() if k != "uncertainty"}
    if isinstance(doc, list):
        return [strip(v) for v in doc]
    return doc
