"""Input checks shared by the models: a number inside its allowed range, or a clear error.

Every message names the field, the value (with its units) and the allowed range, so that a user
can find and fix the input (e.g. ``diameter=-1.0 m is outside the allowed range (0, inf) m``).
"""

from __future__ import annotations

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
