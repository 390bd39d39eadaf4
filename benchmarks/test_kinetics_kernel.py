"""The C references of kinetics_kernel.py build, agree with the numba kernels, and time inside C.

Plain tests (no pytest-benchmark needed); skipped where no C compiler is found.
"""

import ctypes
import shutil
import tempfile
from pathlib import Path

import kinetics_kernel as kk
import numpy as np
import pytest

from clc import rates

pytestmark = pytest.mark.skipif(shutil.which("cc") is None and shutil.which("gcc") is None,
                                reason="no C compiler")


@pytest.fixture(scope="module")
def builds():
    with tempfile.TemporaryDirectory() as d:
        yield {flavour: kk.compile_c(Path(d), flavour)[0] for flavour in kk.C_FLAGS}


def test_c_batch_kernel_equals_numba_and_times_itself(builds):
    args = kk.batch(n_cells=9, n_classes=7)
    shape = (len(args[4]), len(args[0]), len(args[6]))
    out, out_c = np.empty(shape), np.empty(shape)
    rates.sphere_rate_table(*args, out)
    ptrs = [kk._ptr(np.ascontiguousarray(a)) for a in args] + [kk._ptr(out_c)]
    dims = [ctypes.c_int(s) for s in shape]
    t = kk.median_in_c(builds["fast-math"].time_sphere_rate_table, 5, *dims, *ptrs)
    np.testing.assert_allclose(out_c, out, rtol=1e-12)
    assert 0.0 < t < 0.1


@pytest.mark.parametrize("n, fp", [(1.0, 3), (0.8, 3), (1.0, 1), (1.3, 2)])
def test_c_pointwise_kernel(builds, n, fp):
    """Strict C is conversion_rate bit for bit; fast-math C and the vectorised numba batch agree to 1e-14."""
    p = rates.make_params("chemical", fp, k0=9.8, E=135200.0, n=n, L=1.25e-6, rho_m=13590.0, b=5.78)
    rng = np.random.default_rng(7)
    m = 3000
    T, C, X = rng.uniform(300, 1500, m), rng.uniform(-1, 10, m), rng.uniform(-0.2, 1.2, m)
    ref = np.array([rates.conversion_rate(p, t, c, x) for t, c, x in zip(T, C, X)])
    batch = np.empty(m)
    rates.rate_batch(p, T, C, X, batch)
    for flavour, dll in builds.items():
        out = np.empty(m)
        dll.rate_chemical(ctypes.c_int(m), kk._ptr(p), kk._ptr(T), kk._ptr(C), kk._ptr(X), kk._ptr(out))
        if flavour == "strict":
            assert np.array_equal(out, ref)
        else:
            np.testing.assert_allclose(out, ref, rtol=1e-13, atol=0.0)
    np.testing.assert_allclose(batch, ref, rtol=1e-13, atol=0.0)


def test_side_by_side_takes_medians():
    calls = []
    res = kk.side_by_side({"a": lambda: calls.append("a") or 1.0, "b": lambda: calls.append("b") or 2.0}, 3)
    assert res == {"a": 1.0, "b": 2.0}
    assert calls == ["a", "b"] * 4  # one warm-up round, then turns
