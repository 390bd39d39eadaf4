"""Fit one input of a pilot dataset to a few of its points (``calibration:`` in ``metadata.yaml``).

A dataset whose carrier has no kinetic set of its own (e.g. the ICB-CSIC 500 Wth unit's Cu-Mn
carrier, run with a CuO set) gets one input fitted, typically ``carrier_reactivity``
(:func:`clc.carriers.with_reactivity`), on the points its ``calibration.points`` names; the other
points are predicted with that value and only they count in the dataset's error metrics
(:meth:`clc.validate.DatasetResult.metrics`).

The fit: the value in ``calibration.bracket`` at which the model's mean error (model minus data,
:meth:`clc.validate.PointResult.deviation`) over the calibration points is zero, found by Brent's
method on the logarithm of the value (the input is a positive factor spanning decades). The mean
error must change sign over the bracket; the model's figure is expected to rise or fall with the
input monotonically (a rate factor raises conversion).

It differs from :mod:`clc.loop_calibration` (one unit, one figure met exactly, ``[calibration]`` in a
unit file): here one input is fitted to several measured points of a dataset at once, and the
dataset's remaining points test it.
"""

from __future__ import annotations

import dataclasses
import math

from scipy.optimize import brentq

from . import validate


def mean_error(ds: validate.Dataset, value: float) -> float:
    """Mean model-minus-data error of the calibrated quantity over the calibration points at ``value``.

    Raises if a calibration point fails to solve (a fit on fewer points than named would be silent)."""
    cal = ds.calibration
    if cal is None:
        raise ValueError(f"{ds.name}: no calibration: block in its metadata.yaml")
    trial = dataclasses.replace(ds, calibration=dataclasses.replace(cal, value=value))
    rows = {str(r.get("point")): r for r in ds.rows}
    devs = []
    for pid in cal.points:
        res = validate.simulate_point(trial, rows[pid], sensitivity=False, trends=False)
        if not res.ok:
            raise RuntimeError(f"{ds.name}: calibration point {pid} failed at {cal.field}={value:g}: {res.error}")
        if not res.compared(cal.quantity):
            raise ValueError(f"{ds.name}: calibration point {pid} has no {cal.quantity} data")
        devs.append(res.deviation(cal.quantity))
    return sum(devs) / len(devs)


def calibrate(ds: validate.Dataset | str, rtol: float = 1e-4) -> float:
    """The value of the dataset's calibrated input that zeroes the mean error over its calibration points.

    ``rtol``: relative tolerance on the value. Raises ValueError if the mean error does not change sign
    over ``calibration.bracket`` (the data cannot be met inside it)."""
    ds = ds if isinstance(ds, validate.Dataset) else validate.load_dataset(ds)
    cal = ds.calibration
    if cal is None:
        raise ValueError(f"{ds.name}: no calibration: block in its metadata.yaml")
    lo, hi = cal.bracket
    f_lo, f_hi = mean_error(ds, lo), mean_error(ds, hi)
    if f_lo == 0.0:
        return lo
    if f_hi == 0.0:
        return hi
    if (f_lo > 0.0) == (f_hi > 0.0):
        raise ValueError(f"{ds.name}: the mean {cal.quantity} error over {', '.join(cal.points)} is "
                         f"{f_lo:+.3g} at {cal.field}={lo:g} and {f_hi:+.3g} at {hi:g}: no zero in the bracket")
    x = brentq(lambda t: mean_error(ds, math.exp(t)), math.log(lo), math.log(hi), xtol=rtol, rtol=1e-12)
    return math.exp(x)

