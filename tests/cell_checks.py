"""Shared check of the bubbling-bed cell's analytic Jacobian (used by the bed and Ni-carrier tests)."""
import numpy as np

from clc import bubbling_bed as bb


def assert_cell_jacobian_matches(x: np.ndarray, args: tuple, rtol_residual: float, atol_residual: float) -> None:
    """The kernel's residual equals the plain-Python one, and its analytic Jacobian equals central
    differences of the plain-Python residual (_cell_residual.py_func) to 1e-6 of the largest entry."""
    m = x.size
    out, jac, ws = np.empty(m), np.empty((m, m)), np.empty((4, m))
    bb._cell_residual_jac(x, *args, out, jac, ws)
    ref = np.empty(m)
    bb._cell_residual.py_func(x, *args, ref)
    np.testing.assert_allclose(out, ref, rtol=rtol_residual, atol=atol_residual)
    fd = np.empty((m, m))
    for q in range(m):
        h = 1e-6 * max(abs(x[q]), 1e-4)
        rp, rm = np.empty(m), np.empty(m)
        xp, xm = x.copy(), x.copy()
        xp[q] += h
        xm[q] -= h
        bb._cell_residual.py_func(xp, *args, rp)
        bb._cell_residual.py_func(xm, *args, rm)
        fd[:, q] = (rp - rm) / (2 * h)
    assert np.max(np.abs(jac - fd)) <= 1e-6 * np.max(np.abs(fd))
