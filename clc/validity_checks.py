"""Checks of a solved unit against the ranges its data were measured in (messages, not errors).

The beds refuse a reactor temperature outside the carrier set's measured range unless the unit
allows ``extrapolate_kinetics``; with it allowed they run silently. The data-file rule (a set used
outside its measured range is *provisional* and the run says so) then needs a message in the
run's warnings: :func:`carrier_range_warnings` gives one per reactor whose temperature lies
outside the carrier's ``temperature_range`` (``kinetics/<carrier>.yaml``, held as
:attr:`clc.carriers.Carrier.T_range` with its source). The char sets' own range check is
:meth:`clc.char.CharKinetics.extrapolation`.
"""

from __future__ import annotations

from . import carriers
from .specs import UnitSpec

ROLES = (("fuel reactor", "fuel_reactor"), ("air reactor", "air_reactor"))


def carrier_range_warnings(u: UnitSpec) -> list[str]:
    """One message per reactor whose temperature lies outside the carrier's measured range.

    Each names the reactor, its temperature, the range and its source, and says the rates are
    extrapolated there (the set is provisional for this run). A temperature inside the range
    (its ends included, as :meth:`clc.carriers.Carrier.check_temperature` takes them) gives none.
    The reactors' temperatures are the unit's (solved ones where a heat duty was asked, since the
    loop assembles its result at the solved temperatures).
    """
    c = carriers.load(u.carrier)
    lo, hi = c.T_range
    out = []
    for tag, attr in ROLES:
        T = getattr(u, attr).temperature
        if lo <= T <= hi:
            continue
        side = "above" if T > hi else "below"
        out.append(f"{tag}: {T - 273.15:.1f} degC ({T:.2f} K) lies {side} the measured temperature range of "
                   f"carrier {c.name}'s kinetics, {lo - 273.15:.1f}-{hi - 273.15:.1f} degC ({lo:g}-{hi:g} K; "
                   f"{c.T_range_source}): its rates are extrapolated there (provisional)")
    return out
