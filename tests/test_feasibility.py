"""Cheap necessary conditions before the loop is solved (issue 16, item 2): clc.feasibility."""

from __future__ import annotations

import dataclasses

import pytest

import convergence_sampler as cs
from clc import config, errors, feasibility, loop

# the natural-gas example with its fuel reactor held at 900 degC (the example solves it adiabatically):
# these tests set the energy mode of each reactor themselves
_EXAMPLE = config.load()
BASE = dataclasses.replace(_EXAMPLE, fuel_reactor=dataclasses.replace(_EXAMPLE.fuel_reactor, heat_duty=None))


def _solved_units(n: int = 60):
    """Converged sampled units at fixed temperatures (no heat duties)."""
    out = []
    for doc in cs.sample(7, n):
        doc["fuel_reactor"].pop("adiabatic", None)
        doc["air_reactor"].pop("heat_duty", None)
        if cs.classify(doc).outcome == "converged":
            u = config.from_dict(doc)
            out.append((u, loop.solve(u)))
    return out


def test_bounds_hold_the_solved_heat_of_every_sampled_unit():
    """The solved heat of each reactor lies between the bounds over all reachable states."""
    units = _solved_units()
    assert len(units) > 20
    for u, r in units:
        fr_feed, ar_feed = loop.feeds(u)
        least, most = feasibility.fuel_reactor_heat_bounds(u, fr_feed, u.fuel_reactor.temperature,
                                                           r.solids_temperature_into_fr)
        tol = 1e-9 * u.thermal_power
        assert least - tol <= r.heat_to_fr <= most + tol
        least, most = feasibility.air_reactor_heat_bounds(u, ar_feed, u.air_reactor.temperature,
                                                          u.fuel_reactor.temperature)
        assert least - tol <= r.heat_from_ar <= most + tol


def test_bounds_move_with_temperature_as_the_check_assumes():
    """A hotter FR needs more heat (its outlets are hotter), a hotter AR gives less off."""
    fr_feed, ar_feed = loop.feeds(BASE)
    T_s = BASE.air_reactor.temperature
    fr = [feasibility.fuel_reactor_heat_bounds(BASE, fr_feed, T, T_s) for T in (1073.15, 1150.0, 1223.15)]
    assert all(a[0] <= b[0] and a[1] <= b[1] for a, b in zip(fr, fr[1:]))
    ar = [feasibility.air_reactor_heat_bounds(BASE, ar_feed, T, 1173.15) for T in (1073.15, 1150.0, 1223.15)]
    assert all(a[0] >= b[0] and a[1] >= b[1] for a, b in zip(ar, ar[1:]))


def test_adiabatic_fr_with_cold_solids_is_infeasible_before_solving():
    """Solids entering far below the FR's kinetic range cannot carry the endotherm: said with figures."""
    u = dataclasses.replace(BASE, solids_circulation=2.0, solids_cooler_temperature=900.0,
                            fuel_reactor=dataclasses.replace(BASE.fuel_reactor, heat_duty=0.0))
    with pytest.raises(errors.InfeasibleError, match=r"fuel_reactor: its heat duty 0 MW .* needs at least [\d.]+ MW"):
        loop.solve(u)
    # the full model agrees: at the range's cold end the FR still needs heat
    lo = loop._temperature_bracket(u)[0]
    fixed = dataclasses.replace(u, fuel_reactor=dataclasses.replace(u.fuel_reactor, heat_duty=None, temperature=lo))
    assert loop.solve(fixed).heat_to_fr > 0.0


def test_air_reactor_duty_beyond_any_state_is_infeasible():
    """An AR asked to give off more heat than its air and solids can hold at any temperature."""
    u = dataclasses.replace(BASE, air_reactor=dataclasses.replace(BASE.air_reactor, heat_duty=50.0 * BASE.thermal_power))
    with pytest.raises(errors.InfeasibleError, match=r"air_reactor: its heat duty .* gives off at most [-\d.]+ MW"):
        loop.solve(u)


def test_a_feasible_adiabatic_unit_passes_the_check():
    u = dataclasses.replace(BASE, fuel_reactor=dataclasses.replace(BASE.fuel_reactor, heat_duty=0.0))
    fr_feed, ar_feed = loop.feeds(u)
    feasibility.check_heat_duties(u, fr_feed, ar_feed, *loop._temperature_bracket(u))  # no error
    assert abs(loop.solve(u).heat_to_fr) < 1e-6 * u.thermal_power
