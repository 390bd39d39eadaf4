"""pytest-benchmark suite: ``python -m pytest benchmarks --benchmark-only``.

Not part of the test suite (pytest's testpaths are tests/ and clc/); run_benchmarks.py writes
the results table in README.md from the same cases.
"""

import numpy as np
import pytest

import clc
from clc import bubbling_bed, config, loop, moving_bed, rates

pytest.importorskip("pytest_benchmark")

UNIT = config.load()


@pytest.fixture(scope="module")
def kinetics_batch():
    import kinetics_kernel

    args = kinetics_kernel.batch()
    out = np.empty((len(args[4]), len(args[0]), len(args[6])))
    rates.sphere_rate_table(*args, out)
    rates.sphere_rate_table_parallel(*args, out)
    return args, out


def test_loop_default_unit(benchmark):
    loop.solve(UNIT)
    result = benchmark(loop.solve, UNIT)
    assert max(abs(v) for v in result.balances.values()) < 1e-6


def test_simulate_default_unit(benchmark):
    """clc.simulate() end to end: unit file read, spec built and checked, loop solved."""
    clc.simulate()
    result = benchmark(clc.simulate)
    assert max(abs(v) for v in result.balances.values()) < 1e-6


def test_pointwise_rate_kernel(benchmark):
    p = rates.make_params("chemical", 3, k0=9.8, E=135200.0, n=1.0, L=1.25e-6, rho_m=13590.0, b=5.78)
    rng = np.random.default_rng(1)
    n = 1_000_000
    T, C, X = rng.uniform(1073, 1223, n), rng.uniform(0, 10, n), rng.uniform(0, 1, n)
    out = np.empty(n)
    rates.rate_batch(p, T, C, X, out)
    benchmark(rates.rate_batch, p, T, C, X, out)


def test_fuel_reactor_numba(benchmark):
    fr_feed, _ = loop.feeds(UNIT)
    bed = loop._bed(UNIT, UNIT.fuel_reactor, fr_feed, ("CH4", "CO", "H2"), 0.03)
    bubbling_bed.solve(bed)
    benchmark(bubbling_bed.solve, bed)


def _idaes_case(energy: bool) -> dict:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "validation" / "idaes_moving_bed"))
    import compare

    return compare.energy_case_kwargs() if energy else compare.case_kwargs()


def test_moving_bed_idaes_case(benchmark):
    kw = _idaes_case(energy=False)
    moving_bed.simulate("Abad2007_Fe45Al", "CH4", **kw)
    result = benchmark(moving_bed.simulate, "Abad2007_Fe45Al", "CH4", **kw)
    assert result.residual < 1e-9


def test_moving_bed_idaes_energy_case(benchmark):
    kw = _idaes_case(energy=True)
    moving_bed.simulate("Abad2007_Fe45Al", "CH4", **kw)
    result = benchmark(moving_bed.simulate, "Abad2007_Fe45Al", "CH4", **kw)
    assert result.energy_residual < 1e-9


def test_rate_table_numba_serial(benchmark, kinetics_batch):
    args, out = kinetics_batch
    benchmark(rates.sphere_rate_table, *args, out)


def test_rate_table_numba_parallel(benchmark, kinetics_batch):
    args, out = kinetics_batch
    benchmark(rates.sphere_rate_table_parallel, *args, out)


def test_rate_table_numpy_twin(benchmark, kinetics_batch):
    args, _ = kinetics_batch
    benchmark(rates.sphere_rate_table_numpy, *args)
