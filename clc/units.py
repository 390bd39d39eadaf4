"""Values as people type them ("950 degC", "3 MWth"), converted explicitly to SI."""

from __future__ import annotations

import math
import re

_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z°%/0-9]*)\s*$")


def _split(value, field: str) -> tuple[float, str]:
    if isinstance(value, (int, float)):
        return float(value), ""
    m = _NUMBER_UNIT.match(str(value))
    if not m:
        raise ValueError(f"{field}: cannot read {value!r} as a number with a unit")
    return float(m.group(1)), m.group(2)


def temperature(value, field: str = "temperature") -> float:
    """Temperature in K from a number (K) or a string with K, degC or C.

    >>> temperature("950 degC")
    1223.15
    >>> temperature(1173.15)
    1173.15
    """
    x, unit = _split(value, field)
    if unit in ("", "K"):
        T = x
    elif unit in ("degC", "C", "°C"):
        T = x + 273.15
    else:
        raise ValueError(f"{field}: unit {unit!r} in {value!r} not understood; use K or degC")
    if not (math.isfinite(T) and T > 0):
        raise ValueError(f"{field}: {value!r} is not a positive absolute temperature")
    return round(T, 10)


def fraction(value, field: str = "fraction") -> float:
    """A fraction in [0, 1] from a number or a percentage string ("15 %").

    >>> fraction("15 %")
    0.15
    """
    x, unit = _split(value, field)
    if unit == "%":
        x /= 100.0
    elif unit:
        raise ValueError(f"{field}: unit {unit!r} in {value!r} not understood; use a fraction or %")
    if not (0.0 <= x <= 1.0):
        raise ValueError(f"{field}={value!r} must lie in [0, 1]")
    return x
