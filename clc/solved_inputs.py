"""Unit-file values that a solve overwrites, so varying them in a study or an uncertainty run is meaningless.

A reactor that is adiabatic (``adiabatic = true``) or has a ``heat_duty`` solves its temperature from
its energy balance; the ``temperature`` its file gives is only where the solver starts. A parameter
study or uncertainty analysis that varied it would report the base unit at every point and attribute
no effect to it, so both refuse it by name (issue 13: the natural-gas example's fuel reactor is
adiabatic).
"""

from __future__ import annotations

REACTORS = ("fuel_reactor", "air_reactor")


def solved_fields(doc: dict, varied: set[str] | frozenset[str] = frozenset()) -> dict[str, str]:
    """Dotted key -> why it is solved, for the unit document ``doc``.

    A reactor whose energy mode itself is among the ``varied`` keys (``<reactor>.adiabatic`` or
    ``<reactor>.heat_duty``) is left out: then its temperature may be meant for the fixed-T points.

    >>> solved_fields({"fuel_reactor": {"temperature": "900 degC", "adiabatic": True}, "air_reactor": {}})
    {'fuel_reactor.temperature': 'the fuel_reactor is adiabatic, so its temperature is solved'}
    """
    out = {}
    for r in REACTORS:
        table = doc.get(r, {})
        if not isinstance(table, dict) or {f"{r}.adiabatic", f"{r}.heat_duty"} & set(varied):
            continue
        if "heat_duty" in table:
            out[f"{r}.temperature"] = f"the {r} has a heat_duty, so its temperature is solved"
        elif table.get("adiabatic") is True:
            out[f"{r}.temperature"] = f"the {r} is adiabatic, so its temperature is solved"
    return out


def refuse_varying_solved(doc: dict, keys, where: str, prefix: str = "") -> None:
    """Raise ValueError when a varied key (``prefix`` + dotted key of ``doc``) is a solved value."""
    keys = list(keys)
    local = {k[len(prefix):] for k in keys if k.startswith(prefix)}
    solved = solved_fields(doc, local)
    for key in keys:
        k = key[len(prefix):] if key.startswith(prefix) else None
        if k in solved:
            r = k.split(".")[0]
            other = "air_reactor" if r == "fuel_reactor" else "fuel_reactor"
            raise ValueError(f"{where}{key}: {solved[k]}; the value given only starts the solver, so varying it "
                             f"changes nothing. Vary {prefix}{other}.temperature (it sets the solids' heat), or "
                             f"set {prefix}{r}.adiabatic = false in the unit to hold the {r} at its temperature")
