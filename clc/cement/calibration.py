"""Calibrate one assumed input of a kiln line so that it meets a published specific heat use.

This is Aspen Plus' *design specification*: vary one input (here an assumed loss, air ratio or
temperature of :class:`~clc.cement.kiln.PlantSpec`) until a computed result (the specific heat
consumption, fuel LHV per kg clinker) equals a target. Use it when the target comes from a source
(a reference plant's published figure) and the varied input is a labelled assumption; the
calibrated value is reported, so a user can judge whether it is physically plausible.

Equation: find x in [lo, hi] with q(x) = q_target, where q is the specific heat consumption of
:func:`clc.cement.kiln.solve`; solved with Brent's method (``scipy.optimize.brentq``).

>>> from clc.cement import load, example_path
>>> spec = load(example_path("cement_sichuan_nsp_5000tpd"))
>>> cal = calibrate(spec, 3.2e6, "cooler.tertiary_air_temperature", (773.15, 1223.15))
>>> round(cal.result.specific_heat_consumption, 4)
3.2
>>> cal.value < spec.tertiary_air_temperature   # colder tertiary air: more calciner fuel
True
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from scipy.optimize import brentq

from .kiln import PlantResult, PlantSpec, solve

# name users type -> (PlantSpec field, lower bound, upper bound, SI unit of the field); the bounds
# are the ranges kiln.solve accepts (temperatures there also depend on other inputs). A default
# range is wide: where the line has no solution at one end, give narrower calibration bounds.
CALIBRATABLE: dict[str, tuple[str, float, float, str]] = {
    "kiln.shell_loss": ("kiln_shell_loss_fraction", 0.0, 0.3, "fraction of fuel heat"),
    "calciner.shell_loss": ("calciner_shell_loss_fraction", 0.0, 0.3, "fraction of fuel heat"),
    "cooler.shell_loss": ("cooler_shell_loss_fraction", 0.0, 0.3, "fraction of fuel heat"),
    "kiln.excess_air": ("kiln_excess_air", 1.0, 3.0, "-"),
    "calciner.excess_air": ("calciner_excess_air", 1.0, 3.0, "-"),
    "cooler.cooling_air": ("cooling_air", 0.5, 5.0, "kg/kg clinker"),
    "cooler.secondary_air_temperature": ("secondary_air_temperature", 298.15, 1696.0, "K"),
    "cooler.tertiary_air_temperature": ("tertiary_air_temperature", 298.15, 1696.0, "K"),
    "kiln.gas_temperature": ("kiln_gas_temperature", 1000.0, 1800.0, "K"),
    "preheater.false_air": ("false_air", 0.0, 1.0, "kg/kg clinker"),
}


@dataclass(frozen=True)
class Calibration:
    """Outcome of :func:`calibrate`: the calibrated spec, its solution and the value found."""

    spec: PlantSpec
    result: PlantResult
    vary: str
    value: float  # SI, unit CALIBRATABLE[vary][3]
    original: float
    target: float  # J/kg clinker
    evaluations: int

    def describe(self) -> str:
        unit = CALIBRATABLE[self.vary][3]
        return (f"calibrated {self.vary} = {self.value:.5g} {unit} (was {self.original:.5g}) so that the "
                f"specific heat consumption is {self.target / 1e6:.4g} MJ/kg clinker ({self.evaluations} solves)")


def _specific_heat(spec: PlantSpec) -> float:
    return solve(spec).specific_heat_consumption * 1e6  # J/kg clinker


_CACHE: dict[tuple, Calibration] = {}


def calibrate(spec: PlantSpec, target: float, vary: str, bounds: tuple[float, float] | None = None,
              rtol: float = 1e-6) -> Calibration:
    """Vary ``vary`` (a key of :data:`CALIBRATABLE`) within ``bounds`` (SI; default: the field's
    allowed range) so that the specific heat consumption equals ``target`` [J/kg clinker].

    Raises ValueError for an unknown field, bounds outside the allowed range or a non-positive
    target, and RuntimeError when the target lies outside what the bounds can reach (the message
    gives the specific heat at both bounds) or the line has no solution at a bound.
    """
    if vary not in CALIBRATABLE:
        raise ValueError(f"calibration.vary={vary!r}; allowed: {', '.join(CALIBRATABLE)}")
    field, lo_hard, hi_hard, unit = CALIBRATABLE[vary]
    if not (math.isfinite(target) and 0.0 < target < 20e6):
        raise ValueError(f"calibration.target_specific_heat={target / 1e6:g} MJ/kg clinker must be in (0, 20)")
    lo, hi = bounds if bounds is not None else (lo_hard, hi_hard)
    if not (math.isfinite(lo) and math.isfinite(hi) and lo_hard <= lo < hi <= hi_hard):
        raise ValueError(f"calibration.bounds=[{lo:g}, {hi:g}] {unit} for {vary} must satisfy "
                         f"{lo_hard:g} <= low < high <= {hi_hard:g}")
    if vary.endswith("shell_loss") and getattr(spec, field.removesuffix("_fraction")) != 0.0:
        raise ValueError(f"calibration.vary={vary!r}: the plant gives this loss in MJ/kg clinker; "
                         "give it as a % of the fuel heat to calibrate it")
    key = (repr(spec), target, vary, lo, hi, rtol)
    if key in _CACHE:  # loading the same plant file twice need not repeat the solves
        return _CACHE[key]
    count = 0

    def q_minus_target(x: float) -> float:
        nonlocal count
        count += 1
        return _specific_heat(dataclasses.replace(spec, **{field: x})) - target

    ends = []
    for x in (lo, hi):
        try:
            ends.append(q_minus_target(x))
        except RuntimeError as exc:  # a bad input elsewhere stays a ValueError naming its field
            raise RuntimeError(f"calibration: the kiln line has no solution at {vary} = {x:g} {unit} ({exc}); "
                               "narrow calibration.bounds") from None
    if ends[0] * ends[1] > 0.0:
        raise RuntimeError(
            f"calibration: target {target / 1e6:.4g} MJ/kg clinker is not reachable by varying {vary} in "
            f"[{lo:g}, {hi:g}] {unit}: the specific heat goes from {(ends[0] + target) / 1e6:.4g} to "
            f"{(ends[1] + target) / 1e6:.4g} MJ/kg clinker")
    x = brentq(q_minus_target, lo, hi, xtol=1e-12, rtol=rtol * 1e-2, maxiter=100)
    new = dataclasses.replace(spec, **{field: x})
    result = solve(new)
    if abs(result.specific_heat_consumption * 1e6 - target) > rtol * target:
        raise RuntimeError(f"calibration of {vary} did not converge to {target / 1e6:.4g} MJ/kg clinker")
    _CACHE[key] = Calibration(new, result, vary, x, getattr(spec, field), target, count)
    return _CACHE[key]
