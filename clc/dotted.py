"""Nested values of a parsed TOML document addressed by dotted keys ("fuel_reactor.temperature").

One helper for every place that reads or sets a unit-file value by such a key (parameter
studies, validation datasets, the cement integration's unit overrides).

>>> doc = {"fuel_reactor": {"temperature": "950 degC"}}
>>> get_value(doc, "fuel_reactor.temperature")
'950 degC'
>>> with_values(doc, {"fuel_reactor.temperature": "900 degC"})["fuel_reactor"]
{'temperature': '900 degC'}
"""

from __future__ import annotations

_MISSING = object()


def _parts(key: str, where: str) -> list[str]:
    if not isinstance(key, str) or not key or any(not p for p in key.split(".")):
        raise ValueError(f"{where}{key!r}: not a dotted key (e.g. 'fuel_reactor.temperature')")
    return key.split(".")


def get_value(doc: dict, key: str, default=_MISSING, where: str = ""):
    """The value at ``key``; ``default`` when absent (without one: ValueError naming the key)."""
    node = doc
    for p in _parts(key, where):
        if not isinstance(node, dict) or p not in node:
            if default is not _MISSING:
                return default
            raise ValueError(f"{where}{key}: no such value ({p!r} is missing)")
        node = node[p]
    return node


def set_value(doc: dict, key: str, value, create: bool = False, where: str = "") -> None:
    """Set ``key`` in ``doc`` in place; missing tables are made when ``create``, else an error."""
    parts = _parts(key, where)
    node = doc
    for p in parts[:-1]:
        if p not in node and create:
            node[p] = {}
        if not isinstance(node.get(p), dict):
            raise ValueError(f"{where}{key}: {p!r} is not a table of the document"
                             + ("" if p in node else " (it has no such table)"))
        node = node[p]
    node[parts[-1]] = value


def deep_copy(doc: dict) -> dict:
    """A copy of the nested tables (leaves are shared: TOML values are immutable or lists)."""
    return {k: deep_copy(v) if isinstance(v, dict) else v for k, v in doc.items()}


def with_values(doc: dict, values: dict, create: bool = False, where: str = "") -> dict:
    """A copy of ``doc`` with each dotted key of ``values`` set (``doc`` is left unchanged)."""
    out = deep_copy(doc)
    for key, value in values.items():
        set_value(out, key, value, create=create, where=where)
    return out
