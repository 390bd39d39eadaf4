"""Temperature searches by continuation from the nearest solved state (issue 16, item 3)."""

from __future__ import annotations

import dataclasses

import pytest

from clc import config, loop

BASE = config.load()


def _at(u, t_fr, t_ar):
    return dataclasses.replace(u, fuel_reactor=dataclasses.replace(u.fuel_reactor, temperature=t_fr),
                               air_reactor=dataclasses.replace(u.air_reactor, temperature=t_ar))


@pytest.mark.parametrize("carrier", ["Abad2011_ilmenite_activated", "GarciaLabiano2004_Cu"])
def test_continued_solves_equal_cold_solves(carrier):
    """Each solve continued from a neighbour lands on the cold solve's steady state."""
    u = dataclasses.replace(BASE, carrier=carrier)
    at = loop._Continuation(u)
    for t_fr, t_ar in [(1100.0, 1190.0), (1180.0, 1190.0), (1120.0, 1150.0), (1200.0, 1220.0), (1090.0, 1100.0)]:
        warm = at(t_fr, t_ar)
        cold = loop._solve_at_temperatures(_at(u, t_fr, t_ar))
        assert warm.s_fr_in == pytest.approx(cold.s_fr_in, rel=1e-8, abs=1e-12)
        assert warm.combustion_efficiency == pytest.approx(cold.combustion_efficiency, rel=1e-9)
        assert warm.heat_to_fr == pytest.approx(cold.heat_to_fr, rel=1e-8, abs=1e-6 * u.thermal_power)
        assert warm.max_balance_residual < 1e-9
    assert len(at.states) == 5


def test_adiabatic_fuel_reactor_root_is_the_cold_root():
    u = dataclasses.replace(BASE, fuel_reactor=dataclasses.replace(BASE.fuel_reactor, heat_duty=0.0))
    r = loop.solve(u)
    assert abs(r.heat_to_fr) < 1e-6 * u.thermal_power
    # the same temperature solved cold meets the duty too
    cold = loop._solve_at_temperatures(_at(u, r.fr.temperature, u.air_reactor.temperature))
    assert abs(cold.heat_to_fr) < 1e-6 * u.thermal_power
