"""Convergence map (issue 16, item 4): sampled valid units solve, or stop with a classified reason.

The sampler (``tests/convergence_sampler.py``) draws valid unit files from a fixed seed; the
benchmark ``benchmarks/convergence_map.py`` runs the same sampler on thousands of points and
records the before/after table in benchmarks/README.md.
"""

from __future__ import annotations

import re

import pytest

import convergence_sampler as cs
from clc import config

SEED, POINTS = 16, 400
# numerical failures allowed on these points: the count measured when the solvers were last
# improved (a ratchet: it may only go down; the benchmark table records the history)
MAX_NUMERICAL = 0


@pytest.fixture(scope="module")
def runs() -> list[cs.Run]:
    return [cs.classify(doc) for doc in cs.sample(SEED, POINTS)]


def test_sampler_is_seeded_and_valid():
    """The same seed gives the same units, and every unit passes the unit-file checks."""
    a, b = cs.sample(SEED, 30), cs.sample(SEED, 30)
    assert a == b
    assert a != cs.sample(SEED + 1, 30)
    for doc in a:
        config.from_dict(doc)  # raises on an invalid unit


def test_no_internal_error_and_every_failure_classified(runs):
    internal = [r.message for r in runs if r.outcome == "internal"]
    assert internal == []
    assert all(r.outcome in cs.OUTCOMES for r in runs)
    assert all(r.message for r in runs if r.outcome != "converged")


def test_converged_balances_close(runs):
    converged = [r for r in runs if r.outcome == "converged"]
    assert len(converged) > POINTS // 3
    assert not [r for r in runs if r.outcome == "residual"]
    assert max(r.residual for r in converged) <= cs.RESIDUAL_LIMIT


def test_infeasible_units_say_why_with_numbers(runs):
    """An infeasible unit's message gives the physical reason with the figures that decide it."""
    for r in runs:
        if r.outcome == "infeasible":
            assert re.search(r"\d", r.message), r.message


def test_numerical_failures_do_not_grow(runs):
    assert cs.tally(runs)["numerical"] <= MAX_NUMERICAL


def test_classify_sorts_a_library_error_as_internal():
    """A ValueError raised outside clc (a library's message) is internal, not an input refusal."""
    import math

    with pytest.raises(ValueError) as library:
        math.sqrt(-1.0)
    assert not cs._raised_in_clc(library.value)
    with pytest.raises(ValueError) as ours:
        config.from_dict({"carrier": "nope"})
    assert cs._raised_in_clc(ours.value)


def test_a_reactor_that_cannot_run_is_named():
    """A bed's refusal names the reactor table the user typed (any reactor type, class kept)."""
    doc = config.read(config.example_path("moving_bed_1mw_fe45al_methane"))
    doc["carrier"] = "Abad2011_ilmenite_activated"  # no composition: the moving bed cannot run it
    run = cs.classify(doc)
    assert run.outcome == "refused"
    assert run.message.startswith("fuel_reactor (moving_bed): ")
