"""Values of the kinetic data files as uncertain inputs of `clc uncertainty`.

`clc uncertainty` addresses such values by dotted key in the unit document's terms:

* ``carrier.<gas>.<parameter>`` (``carrier.CH4.E``): a kinetic parameter of the unit's carrier;
* ``fuel.char_kinetics.<path>`` (``fuel.char_kinetics.k4.E``, ``fuel.char_kinetics.psi``): a value
  of the shipped char set the unit names.

A sample sets such values through :func:`resolve_point`: a carrier with the sampled values is
registered under a derived name (:func:`clc.carriers.variant`), a char set is given inline as a
table (which the unit file accepts in place of a name).

The ranges themselves and their checks are :mod:`clc.data_ranges`.
"""

from __future__ import annotations

import functools

import yaml

from . import carriers, char, dotted
from .data_ranges import check, strip

CARRIER_PREFIX = "carrier."
CHAR_PREFIX = "fuel.char_kinetics."
#: keys of a char set that from_dict reads (an inline table carries these only)
_CHAR_KEYS = ("name", "model", "psi", "m", "k1", "k2", "k3", "k4", "k5", "k6", "T_range", "measured_T_range",
              "provisional")


# ----------------------------------------------------------------------------------------------
# dotted keys of data-file values
# ----------------------------------------------------------------------------------------------

@functools.cache
def _char_document(name: str) -> dict:
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
        out["carrier"] = carriers.variant(unit_doc["carrier"], carrier_values)
    if char_values:
        name = dotted.get_value(unit_doc, "fuel.char_kinetics")
        doc = strip({k: v for k, v in _char_document(name).items() if k in _CHAR_KEYS})
        for path, value in char_values.items():
            dotted.set_value(doc, ".".join(path + ("value",)), value, where=f"{CHAR_PREFIX}")
        doc["name"] = f"{doc.get('name', name)} (uncertainty sample)"
        out["fuel.char_kinetics"] = doc
    return out
