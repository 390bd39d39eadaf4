"""Grid convergence of the default unit (issue 16, item 8; the sampled table: benchmarks/grid_convergence.py)."""

from __future__ import annotations

import dataclasses

from clc import config, loop

BASE = config.load()
# (tallest bubbling-bed cell [m], tallest riser cell [m], least cells): the default, then halved thrice
LADDER = ((0.2, 1.0, 8), (0.1, 0.5, 16), (0.05, 0.25, 32), (0.025, 0.125, 64))


def test_default_unit_converges_with_the_grid():
    eta = [loop.solve(dataclasses.replace(BASE, cell_height=h, riser_cell_height=r, n_cells=n)).combustion_efficiency
           for h, r, n in LADDER]
    steps = [abs(b - a) for a, b in zip(eta, eta[1:])]
    assert steps[0] > steps[1] > steps[2]  # each halving moves the result less
    assert abs(eta[0] - eta[-1]) < 0.01  # the default grid within one point of one 8x finer


def test_grids_coarser_than_the_allowed_are_refused():
    import pytest

    doc = config.read()
    for key, value in (("cells", 7), ("cell_height", "1.5 m"), ("riser_cell_height", "6 m")):
        bad = config.read()
        bad["model"][key] = value
        with pytest.raises(ValueError, match=f"model.{key}"):
            config.from_dict(bad)
    config.from_dict(doc)  # the default file is accepted
