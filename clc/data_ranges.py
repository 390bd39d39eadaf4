"""Ranges on values of the kinetic data files, and their use as uncertain inputs.

A value of a data file (``kinetics/*.yaml``, ``kinetics/chars/*.yaml``, ``kinetics/fuels/*.yaml``)
may carry an ``uncertainty`` mapping beside its ``value``, ``units`` and ``source``::

    E: {value: 135200.0, units: J/mol, source: "...",
        uncertainty: {distribution: normal, sd: 6760.0, source: "ASSUMPTION: ..."}}

The forms are those of ``[uncertainty.inputs]`` (:mod:`clc.uncertainty`): ``uniform`` (low, high),
``triangular`` (low, mode, high), ``normal`` (sd; mean defaults to the value; optional low, high),
``relative`` (range, a fraction or "30 %"); numbers are bare, in the value's ``units``. ``source``
says where the range was read, or starts with ``ASSUMPTION`` (a stated default range). The loaders
call :func:`check_doc`, which refuses a malformed range by file, field and value.

`clc uncertainty` addresses such values by dotted key in the unit document's terms:

* ``carrier.<gas>.<parameter>`` (``carrier.CH4.E``): a kinetic parameter of the unit's carrier;
* ``fuel.char_kinetics.<path>`` (``fuel.char_kinetics.k4.E``, ``fuel.char_kinetics.psi``): a value
  of the shipped char set the unit names.

A sample sets such values through :func:`resolve_point`: a carrier with the sampled values is
registered under a derived name (:func:`clc.carriers.variant`), a char set is given inline as a
table (which the unit file accepts in place of a name).
"""

from __future__ import annotations

import functools
import math

import yaml

from . import dotted

FORMS = {  # distribution -> (required fields, optional fields); as clc.uncertainty.DISTRIBUTIONS
    "uniform": (("low", "high"), ()),
    "triangular": (("low", "mode", "high"), ()),
    "normal": (("sd",), ("mean", "low", "high")),
    "relative": (("range",), ()),
}
_FIELDS = {"distribution", "source", "low", "high", "mode", "mean", "sd", "range", "note"}
CARRIER_PREFIX = "carrier."
CHAR_PREFIX = "fuel.char_kinetics."
#: keys of a char set that from_dict reads (an inline table carries these only)
_CHAR_KEYS = ("name", "model", "psi", "m", "k1", "k2", "k3", "k4", "k5", "k6", "T_range", "measured_T_range",
              "provisional")


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
    unknown = set(spec) - _FIELDS
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(_FIELDS))}")
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


# ----------------------------------------------------------------------------------------------
# dotted keys of data-file values
# ----------------------------------------------------------------------------------------------

@functools.cache
def _char_document(name: str) -> dict:
    from . import char

    if name not in char.list_sets():
        raise ValueError(f"char kinetics {name!r} is not a shipped set; available: {', '.join(char.list_sets())}")
    return yaml.safe_load((char.chars_dir() / f"{name}.yaml").read_text())


def locate(key: str, unit_doc: dict) -> tuple[str, str, tuple[str, ...]] | None:
    """(kind, data set name, path in its file) of a data-file key of ``unit_doc``; None for any other key.

    >>> locate("carrier.CH4.E", {"carrier": "Abad2011_ilmenite_activated"})
    ('carrier', 'Abad2011_ilmenite_activated', ('reactions', 'CH4', 'parameters', 'E'))
    >>> locate("fuel_reactor.temperature", {"carrier": "Abad2011_ilmenite_activated"}) is None
    True
    """
    if key.startswith(CARRIER_PREFIX) and isinstance(unit_doc.get("carrier"), str):
        parts = tuple(key[len(CARRIER_PREFIX):].split("."))
        if len(parts) != 2 or not all(parts):
            raise ValueError(f"{key}: a carrier value is addressed as carrier.<gas>.<parameter> (carrier.CH4.E)")
        return "carrier", unit_doc["carrier"], ("reactions", parts[0], "parameters", parts[1])
    if key.startswith(CHAR_PREFIX):
        name = dotted.get_value(unit_doc, "fuel.char_kinetics", None)
        if isinstance(name, str):
            return "char", name, tuple(key[len(CHAR_PREFIX):].split("."))
    return None


def _document(kind: str, name: str) -> tuple[dict, str]:
    if kind == "carrier":
        from . import carriers

        doc, path = carriers.document(name)
        return doc, path.name
    return _char_document(name), f"chars/{name}.yaml"


def entry(key: str, unit_doc: dict) -> dict | None:
    """The file's ``{value, units, source, uncertainty?, file}`` at a data-file key; None for another key."""
    loc = locate(key, unit_doc)
    if loc is None:
        return None
    kind, name, path = loc
    doc, fname = _document(kind, name)
    node = doc
    for p in path:
        if not isinstance(node, dict) or p not in node:
            known = ", ".join(sorted(node)) if isinstance(node, dict) else ""
            raise ValueError(f"{key}: {fname} has no value {'.'.join(path)} ({p!r} is missing"
                             + (f"; it has {known}" if known else "") + ")")
        node = node[p]
    if not isinstance(node, dict) or "value" not in node:
        raise ValueError(f"{key}: {fname} at {'.'.join(path)} is not a value {{value, units, source}}")
    return {**node, "file": fname}


def input_spec(key: str, unit_doc: dict) -> dict:
    """The data file's range at ``key`` as an ``[uncertainty.inputs]`` entry (its source names the file)."""
    e = entry(key, unit_doc)
    if e is None:
        raise ValueError(f"{key}: not a value of a data file (keys: carrier.<gas>.<parameter>, fuel.char_kinetics.<path>)")
    if "uncertainty" not in e:
        raise ValueError(f"{key}: {e['file']} gives no range for this value; give one here (distribution, low/high, "
                         "source) or add an 'uncertainty' mapping in the file")
    spec = check(e["uncertainty"], float(e["value"]), f"{e['file']}: {key}.uncertainty")
    spec["source"] = f"{spec['source']} [range from {e['file']}, in {e.get('units', '-')}]"
    return spec


def ranged_keys(unit_doc: dict) -> list[str]:
    """Every data-file key of the unit's carrier and shipped char set whose file gives a range."""
    out = []
    if isinstance(unit_doc.get("carrier"), str):
        from . import carriers

        doc, _ = carriers.document(unit_doc["carrier"])
        for gas, r in doc.get("reactions", {}).items():
            out += [f"{CARRIER_PREFIX}{gas}.{p}" for p, v in r.get("parameters", {}).items()
                    if isinstance(v, dict) and "uncertainty" in v]
    name = dotted.get_value(unit_doc, "fuel.char_kinetics", None)
    if isinstance(name, str):
        def walk(node, prefix):
            for k, v in node.items():
                if isinstance(v, dict) and "uncertainty" in v:
                    out.append(CHAR_PREFIX + ".".join(prefix + (k,)))
                elif isinstance(v, dict) and k != "citation":
                    walk(v, prefix + (k,))
        walk(_char_document(name), ())
    return out


def resolve_point(point: dict, unit_doc: dict) -> dict:
    """``point`` (dotted keys of the unit document -> values) with its data-file keys replaced by what
    sets them: ``carrier`` (a registered variant's name) and ``fuel.char_kinetics`` (an inline table)."""
    out, carrier_values, char_values = {}, {}, {}
    for key, value in point.items():
        loc = locate(key, unit_doc)
        if loc is None:
            out[key] = value
        elif loc[0] == "carrier":
            carrier_values[loc[2]] = float(value)
        else:
            char_values[loc[2]] = float(value)
    if carrier_values:
        from . import carriers

        out["carrier"] = carriers.variant(unit_doc["carrier"], carrier_values)
    if char_values:
        name = dotted.get_value(unit_doc, "fuel.char_kinetics")
        doc = strip({k: v for k, v in _char_document(name).items() if k in _CHAR_KEYS})
        for path, value in char_values.items():
            dotted.set_value(doc, ".".join(path + ("value",)), value, where=f"{CHAR_PREFIX}")
        doc["name"] = f"{doc.get('name', name)} (uncertainty sample)"
        out["fuel.char_kinetics"] = doc
    return out
