"""Calibrate one uncertain input of a CLC unit so that the loop meets a published figure.

This is Aspen Plus' *design specification* for the loop, as :mod:`clc.cement.calibration` is
for the kiln line: vary one input of the unit file (by its dotted key) within a bracket until
one figure of merit of :func:`clc.loop.solve` equals a stated, published value. Use it for an
input nobody measured (a char-reactivity factor, the share of volatiles bypassing the bed, the
carbon stripper's efficiency, ...) when a pilot's figure is known; the calibrated value is
reported so that a user can judge whether it is physically plausible, and the unit's other
figures at that value are the check (calibrate on one figure, check the others).

Equation: find x in [lo, hi] with F(x) = F_target, F the figure of the solved unit; Brent's
method (``scipy.optimize.brentq``) on F(x) - F_target, which needs a change of sign over the
bracket (F need not be monotonic, but then the root found is one of several).

A unit file holds it as::

    [calibration]
    vary = "fuel.volatiles.bypass"         # dotted key of the unit file
    bracket = [0.0, 0.95]                   # ends of the search, in `unit` (a plain number when absent)
    # unit = "kg"                           # optional: the value is written as "<x> kg"
    figure = "oxygen demand"                # a label of the figures table (clc.loop.FIGURE_TABLE)
    target = "25 %"                         # its published value (a number in the figure's units; "%" for "-")
    source = "Ohlemueller et al. 2016, abstract: oxygen demand 'in the range of 25%'"
    # tolerance = 1e-6                      # optional: |F - target| allowed, in the figure's units

``vary = "fuel.char_kinetics.reactivity_factor"`` scales the rate constants of the unit's char
set (:meth:`clc.char.CharKinetics.scaled`); a set named by a string is turned into the table
``{set = name, reactivity_factor = x}`` for this, and the run then reports the set as provisional,
naming the calibration.

>>> spec = read_spec({"calibration": {"vary": "fuel.volatiles.bypass", "bracket": [0.0, 0.9],
...     "figure": "oxygen demand", "target": "25 %", "source": "a pilot's abstract"}})
>>> spec.target, spec.bracket
(0.25, (0.0, 0.9))
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from scipy.optimize import brentq

from . import config, dotted, loop, units
from .errors import ConvergenceError, InfeasibleError

REACTIVITY_FACTOR = "fuel.char_kinetics.reactivity_factor"
_KEYS = ("vary", "bracket", "unit", "figure", "target", "source", "tolerance")
_WHERE = "calibration."


@dataclass(frozen=True)
class CalibrationSpec:
    """The ``[calibration]`` table of a unit file, checked."""

    vary: str  # dotted key of the unit file
    bracket: tuple[float, float]  # in ``unit`` (a plain number when unit == "")
    unit: str
    figure: str  # a label of clc.loop.FIGURE_TABLE
    target: float  # in the figure's units
    source: str  # where the target comes from
    tolerance: float  # |figure - target| allowed at the calibrated value, in the figure's units

    def text(self, x: float) -> str:
        return f"{x:.6g}{(' ' + self.unit) if self.unit else ''}"


@dataclass(frozen=True)
class Calibration:
    """Outcome of :func:`calibrate`: the calibrated unit, its solution and the value found."""

    spec: CalibrationSpec
    value: float  # the calibrated input, in spec.unit
    original: object  # what the unit file gave (None when absent)
    unit: object  # clc.specs.UnitSpec at the calibrated value
    result: loop.LoopResult
    residual: float  # figure - target at the calibrated value, in the figure's units
    evaluations: int  # loop solves, the final one included
    ends: tuple[tuple[float, float], tuple[float, float]]  # (input, figure) at both ends of the bracket

    def lines(self) -> list[str]:
        """The printed report of the calibration."""
        s = self.spec
        fig_unit = figure_unit(s.figure)
        (lo, f_lo), (hi, f_hi) = self.ends
        return [f"calibration: {s.vary} = {s.text(self.value)} (unit file: {self.original!r}) so that "
                f"{s.figure} = {s.target:.6g} {fig_unit}",
                f"  target source: {s.source}",
                f"  residual {s.figure} - target = {self.residual:.3e} {fig_unit} after {self.evaluations} solves",
                f"  bracket: {s.figure} = {f_lo:.6g} at {s.text(lo)}, {f_hi:.6g} at {s.text(hi)}",
                "  the other figures below are the unit's at the calibrated value (checks, not fitted)"]

    def as_dict(self) -> dict:
        s = self.spec
        return {"vary": s.vary, "value": self.value, "unit": s.unit, "original": self.original,
                "figure": s.figure, "target": s.target, "source": s.source, "residual": self.residual,
                "evaluations": self.evaluations, "bracket": list(s.bracket),
                "figure_at_bracket": [self.ends[0][1], self.ends[1][1]]}


def figure_labels() -> dict[str, str]:
    """Label -> unit of every figure of the loop's figures table."""
    return {label: unit for label, unit, _ in loop.FIGURE_TABLE}


def figure_unit(label: str) -> str:
    return figure_labels()[label]


def _number(raw, field: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ValueError(f"{field}={raw!r}: must be a number")
    x = float(raw)
    if not math.isfinite(x):
        raise ValueError(f"{field}={raw!r}: must be finite")
    return x


def read_spec(doc: dict) -> CalibrationSpec | None:
    """The checked ``[calibration]`` table of a parsed unit file (None when it has none)."""
    if "calibration" not in doc:
        return None
    table = doc["calibration"]
    if not isinstance(table, dict):
        raise ValueError(f"calibration={table!r}: must be a table [calibration]")
    config._known_keys(table, _KEYS, _WHERE)
    for key in ("vary", "bracket", "figure", "target", "source"):
        if key not in table:
            raise ValueError(f"{_WHERE}{key}: missing (a calibration names vary, bracket, figure, target and source)")
    vary = table["vary"]
    if not isinstance(vary, str) or not vary or any(not p for p in vary.split(".")):
        raise ValueError(f"{_WHERE}vary={vary!r}: give a dotted key of the unit file, e.g. 'fuel.volatiles.bypass'")
    if vary.split(".")[0] in ("calibration", "uncertainty", "name"):
        raise ValueError(f"{_WHERE}vary={vary!r}: not an input of the unit")
    config.check_field(vary, _WHERE + "vary: ")
    br = table["bracket"]
    if not isinstance(br, list) or len(br) != 2:
        raise ValueError(f"{_WHERE}bracket={br!r}: give two numbers [low, high]")
    lo, hi = (_number(v, f"{_WHERE}bracket[{i}]") for i, v in enumerate(br))
    if not lo < hi:
        raise ValueError(f"{_WHERE}bracket=[{lo:g}, {hi:g}]: the low end must be below the high end")
    unit = table.get("unit", "")
    if not isinstance(unit, str):
        raise ValueError(f"{_WHERE}unit={unit!r}: give a unit as text, e.g. 'kg'")
    labels = figure_labels()
    figure = table["figure"]
    if figure not in labels:
        import difflib

        near = difflib.get_close_matches(str(figure), list(labels), n=1, cutoff=0.0)
        raise ValueError(f"{_WHERE}figure={figure!r}: not a figure of the loop; did you mean {near[0]!r}?")
    if figure in ("FR autothermal", "loop autothermal"):
        raise ValueError(f"{_WHERE}figure={figure!r}: a yes/no figure cannot be calibrated to")
    raw = table["target"]
    if labels[figure] == "-" and isinstance(raw, str):
        target = units.fraction(raw, f"{_WHERE}target")
    else:
        target = _number(raw, f"{_WHERE}target")
    source = table["source"]
    if not isinstance(source, str) or not source.strip():
        raise ValueError(f"{_WHERE}source: say where the target comes from (authors, year, table or page)")
    tol = _number(table.get("tolerance", 1e-6 * max(abs(target), 1e-3)), f"{_WHERE}tolerance")
    if not tol > 0.0:
        raise ValueError(f"{_WHERE}tolerance={tol:g}: must be > 0")
    return CalibrationSpec(vary, (lo, hi), unit, figure, target, source.strip(), tol)


def _with_value(doc: dict, spec: CalibrationSpec, x: float) -> dict:
    """A copy of the unit document with the varied input at ``x`` (and without [calibration])."""
    base = {k: v for k, v in doc.items() if k not in ("calibration", "uncertainty")}
    value = f"{x!r} {spec.unit}" if spec.unit else x
    if spec.vary == REACTIVITY_FACTOR:
        fuel = dotted.deep_copy(dotted.get_value(base, "fuel", where=_WHERE + "vary: "))
        kin = fuel.get("char_kinetics")
        if isinstance(kin, str):
            kin = {"set": kin}
        if not isinstance(kin, dict) or "set" not in kin:
            raise ValueError(f"{_WHERE}vary={spec.vary!r}: needs fuel.char_kinetics to name a shipped set "
                             "(a string, or a table with 'set')")
        kin = dict(kin, reactivity_factor=x,
                   reactivity_factor_source=f"calibrated so that {spec.figure} = {spec.target:.6g} ({spec.source})")
        return dict(base, fuel=dict(fuel, char_kinetics=kin))
    return dotted.with_values(base, {spec.vary: value}, create=True, where=_WHERE + "vary: ")


def _figure(result: loop.LoopResult, spec: CalibrationSpec, x: float) -> float:
    figs = result.figures
    if spec.figure not in figs:
        raise ValueError(f"{_WHERE}figure={spec.figure!r}: not applicable to this unit (at {spec.vary} = "
                         f"{spec.text(x)} the loop reports no such figure)")
    return float(figs[spec.figure][0])


def calibrate(doc: dict, spec: CalibrationSpec | None = None) -> Calibration:
    """Solve the unit of ``doc`` (a parsed unit file) with ``spec`` (default: its [calibration])
    so that the figure meets the target.

    Raises ValueError for a bad [calibration] table or a varied key that does not change the unit;
    :class:`clc.errors.InfeasibleError` when the target lies outside what the bracket reaches
    (the message gives the figure at both ends) or the unit has no solution at an end;
    :class:`clc.errors.ConvergenceError` when the root found misses the tolerance.
    """
    spec = spec or read_spec(doc)
    if spec is None:
        raise ValueError("calibrate: the unit file has no [calibration] table")
    original = dotted.get_value(doc, spec.vary, default=None)
    if spec.vary == REACTIVITY_FACTOR and original is None:
        original = 1.0  # a shipped set named as it is
    lo, hi = spec.bracket
    built = {x: config.from_dict(_with_value(doc, spec, x)) for x in (lo, hi)}
    if repr(built[lo]) == repr(built[hi]):
        raise ValueError(f"{_WHERE}vary={spec.vary!r}: the unit is the same at both ends of the bracket; the key "
                         "is not read by clc (check its spelling) or the bracket is too narrow")
    count = 0
    cache: dict[float, tuple] = {}

    def solve_at(x: float):
        nonlocal count
        if x not in cache:
            count += 1
            u = built[x] if x in built else config.from_dict(_with_value(doc, spec, x))
            r = loop.solve(u)
            cache.clear()  # keep only the latest: the last one evaluated is usually the answer
            cache[x] = (u, r, _figure(r, spec, x))
        return cache[x]

    ends = []
    for x in (lo, hi):
        try:
            ends.append((x, solve_at(x)[2]))
        except RuntimeError as exc:
            raise InfeasibleError(f"calibration: the unit has no solution at {spec.vary} = {spec.text(x)} ({exc}); "
                                  f"narrow {_WHERE}bracket") from None
    (_, f_lo), (_, f_hi) = ends
    fig_unit = figure_unit(spec.figure)
    if abs(f_lo - spec.target) <= spec.tolerance:
        x = lo
    elif abs(f_hi - spec.target) <= spec.tolerance:
        x = hi
    elif (f_lo - spec.target) * (f_hi - spec.target) > 0.0:
        raise InfeasibleError(
            f"calibration: target {spec.figure} = {spec.target:.6g} {fig_unit} is not reachable by varying {spec.vary} "
            f"in [{spec.text(lo)}, {spec.text(hi)}]: {spec.figure} is {f_lo:.6g} {fig_unit} at {spec.text(lo)} and "
            f"{f_hi:.6g} {fig_unit} at {spec.text(hi)}; widen {_WHERE}bracket or check the target")
    else:
        def miss(x: float) -> float:
            try:
                return solve_at(x)[2] - spec.target
            except RuntimeError as exc:
                raise InfeasibleError(f"calibration: the unit has no solution at {spec.vary} = {spec.text(x)} "
                                      f"inside the bracket ({exc}); narrow {_WHERE}bracket") from None

        x = brentq(miss, lo, hi, xtol=1e-12 * max(1.0, abs(lo), abs(hi)), rtol=1e-10, maxiter=100)
    u, r, f = solve_at(x)
    residual = f - spec.target
    if abs(residual) > spec.tolerance:
        raise ConvergenceError(f"calibration of {spec.vary}: Brent's method stopped at {spec.text(x)} with {spec.figure} "
                               f"= {f:.8g} {fig_unit}, {residual:.3e} from the target (tolerance {spec.tolerance:g}); "
                               f"the figure may jump there (a regime change): give {_WHERE}tolerance or a narrower bracket")
    return Calibration(spec, x, original, u, r, residual, count, (ends[0], ends[1]))


def solve_document(doc: dict):
    """(unit spec, loop result, :class:`Calibration` or None) of a parsed unit file: calibrated
    when the file has a [calibration] table, else solved as it stands."""
    if "calibration" in doc:
        cal = calibrate(doc)
        return cal.unit, cal.result, cal
    unit = config.from_dict(doc)
    return unit, loop.solve(unit), None


def solve_file(path: str | Path | None = None):
    """:func:`solve_document` of a unit file (default: the embedded example)."""
    return solve_document(config.read(path))
