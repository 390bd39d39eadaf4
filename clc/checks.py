"""Input checks shared by the models: a number inside its allowed range, or a clear error.

Every message names the field, the value (with its units) and the allowed range, so that a user
can find and fix the input (e.g. ``diameter=-1.0 m is outside the allowed range (0, inf) m``).
"""

from __future__ import annotations

import difflib
import math


def in_range(name: str, value, lo: float, hi: float, *, lo_open: bool = False, hi_open: bool = False,
             units: str = "") -> float:
    """``value`` as a float if it is a finite number in the range, else ``ValueError``.

    >>> in_range("inventory", 5, 0.0, math.inf, lo_open=True, units="kg")
    5.0
    >>> in_range("voidage", 1.2, 0.0, 1.0, hi_open=True)
    Traceback (most recent call last):
    ...
    ValueError: voidage=1.2 is outside the allowed range [0, 1)
    """
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} is not a number") from None
    ok = math.isfinite(v) and (v > lo if lo_open else v >= lo) and (v < hi if hi_open else v <= hi)
    if not ok:
        u = f" {units}" if units else ""
        left, right = ("(" if lo_open else "["), (")" if hi_open else "]")
        raise ValueError(f"{name}={value!r}{u} is outside the allowed range {left}{lo:g}, {hi:g}{right}{u}")
    return v


def known_keys(doc: dict, allowed, where: str = "") -> None:
    """Refuse a key of ``doc`` not in ``allowed``, naming the nearest allowed one.

    >>> known_keys({"electric_efficency": 0.4}, ("electricity_reference", "power_plant_efficiency"), "integration.")
    Traceback (most recent call last):
    ...
    ValueError: integration.electric_efficency: unknown key; did you mean 'electricity_reference'? allowed: electricity_reference, power_plant_efficiency
    """
    allowed = list(allowed)
    for key in doc:
        if key not in allowed:
            raise ValueError(f"{where}{key}: unknown key; {nearest(key, allowed)}allowed: {', '.join(allowed)}")


def no_unknown(doc: dict, allowed, where: str, noun: str = "key(s)", hint: str = "") -> None:
    """Refuse all keys of ``doc`` outside ``allowed`` in one message ("<where>: unknown <noun> a, b;
    did you mean ...? allowed: ..."), ``hint`` appended.

    >>> no_unknown({"sampels": 8}, ("method", "samples"), "uncertainty")
    Traceback (most recent call last):
    ...
    ValueError: uncertainty: unknown key(s) sampels; did you mean 'samples'? allowed: method, samples
    """
    unknown = sorted(set(doc) - set(allowed))
    if unknown:
        allowed = sorted(allowed)
        raise ValueError(f"{where}: unknown {noun} {', '.join(unknown)}; {nearest(unknown[0], allowed)}allowed: "
                         f"{', '.join(allowed)}{hint}")


def nearest(key, allowed) -> str:
    """``"did you mean 'x'? "`` with the allowed name closest to ``key`` ("" when none is allowed).

    >>> nearest("sampels", ["seed", "samples"])
    "did you mean 'samples'? "
    """
    near = difflib.get_close_matches(str(key), [str(a) for a in allowed], n=1, cutoff=0.0)
    return f"did you mean {near[0]!r}? " if near else ""


def table(doc: dict, key: str, where: str = "", required: bool = True) -> dict:
    """``doc[key]`` as a TOML table; missing (if required), or a number, string or list there, is
    refused by name.

    >>> table({"kiln": 5}, "kiln")
    Traceback (most recent call last):
    ...
    ValueError: kiln=5: must be a table [kiln], not a int
    """
    if key not in doc:
        if required:
            raise ValueError(f"{where}{key}: missing (required table)")
        return {}
    v = doc[key]
    if not isinstance(v, dict):
        raise ValueError(f"{where}{key}={v!r}: must be a table [{where}{key}], not a {type(v).__name__}")
    return v
