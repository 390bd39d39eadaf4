"""clc.odes: the DOP853 and Radau IIA integrators against SciPy and their NumPy twin."""

import math

import numpy as np
import pytest
from numba import njit
from scipy.integrate import solve_ivp

from clc import odes

K_STIFF = 1e4


@njit(cache=True)
def stiff_rhs(y, args, out):
    """y0' = -k (y0 - cos z), y1' = y0, z' = 1 (z carried as y2): a stiff relaxation onto cos z."""
    k = args[0]
    out[0] = -k * (y[0] - math.cos(y[2]))
    out[1] = y[0]
    out[2] = 1.0
    return 0.0


def stiff_py(y):
    return np.array([-K_STIFF * (y[0] - math.cos(y[2])), y[0], 1.0])


@njit(cache=True)
def oscillator_rhs(y, args, out):
    out[0] = y[1]
    out[1] = -args[0] * y[0]
    return 0.0


def radau(y0, z1, rtol, mesh=None, stops=np.empty(0), reuse=False, store=None):
    n = y0.size
    store = store or odes.radau_storage(5000, n)
    y_stops = np.empty((n, stops.size))
    adapt = mesh is None
    buf = np.empty(5000) if adapt else mesh
    status, y, m, n_rhs = odes.radau5(stiff_rhs, (K_STIFF,), 0.0, z1, y0, rtol, np.full(n, 1e-12), buf,
                                      0 if adapt else mesh.size, adapt, 1e-6, stops, y_stops, -1, 0.0, 0.0, *store,
                                      reuse, 1e-6)
    assert status == odes.DONE
    return y, buf[:m].copy(), y_stops, n_rhs


def test_lu_equals_numpy_solve():
    rng = np.random.default_rng(3)
    for n in (1, 4, 12):
        A = rng.normal(size=(n, n)) + n * np.eye(n)
        b = rng.normal(size=n)
        M, piv, x = A.copy(), np.empty(n, dtype=np.int64), b.copy()
        assert odes.lu_factor(M, piv)
        odes.lu_solve(M, piv, x)
        np.testing.assert_allclose(x, np.linalg.solve(A, b), rtol=1e-12, atol=1e-14)
    assert not odes.lu_factor(np.zeros((3, 3)), np.empty(3, dtype=np.int64))


def test_radau_tableau_is_the_collocation_method():
    # Radau IIA: c are the roots of the Radau polynomial, A integrates the Lagrange basis exactly,
    # so sum_j a_ij c_j^(q-1) = c_i^q / q for q = 1..3 (simplifying assumption C(3))
    A, c = odes.RADAU_A, odes.RADAU_C
    for q in (1, 2, 3):
        np.testing.assert_allclose(A @ c ** (q - 1), c**q / q, rtol=1e-14)


def test_radau_on_a_mesh_equals_its_numpy_twin():
    y0 = np.array([0.0, 0.0, 0.0])
    _y, mesh, _s, _n = radau(y0, 0.2, 1e-8)
    mesh = mesh[:25]
    y, *_ = radau(y0, mesh[-1], 1e-8, mesh=mesh)
    twin = odes.radau5_reference(stiff_py, mesh, y0)
    np.testing.assert_allclose(y, twin[-1], rtol=1e-11, atol=1e-13)


def test_adaptive_radau_meets_its_tolerance_on_a_stiff_problem():
    y0 = np.array([0.0, 0.0, 0.0])
    stops = np.linspace(0.0, 2.0, 21)
    y, mesh, y_stops, n_rhs = radau(y0, 2.0, 1e-8, stops=stops)
    ref = solve_ivp(lambda z, v: [-K_STIFF * (v[0] - math.cos(z)), v[0]], (0.0, 2.0), [0.0, 0.0], method="Radau",
                    rtol=1e-13, atol=1e-15, dense_output=True)
    np.testing.assert_allclose(y[:2], ref.y[:, -1], rtol=1e-7, atol=1e-10)  # global error ~ 10 x the local tolerance
    # the collocation polynomial between mesh points (stage order 3: O(h^4) there, measured 3e-6)
    np.testing.assert_allclose(y_stops[:2], ref.sol(stops), rtol=0, atol=1e-5)
    # stiff: steps far above the explicit stability limit 2/k over most of the interval
    assert mesh.size < 200 and np.max(np.diff(mesh)) > 100 * 2.0 / K_STIFF


def test_radau_on_a_given_mesh_reuses_its_stages():
    y0 = np.array([0.0, 0.0, 0.0])
    y_a, mesh, _s, n_adapt = radau(y0, 2.0, 1e-8)
    store = odes.radau_storage(5000, 3)
    y_f, _m, _s, n_fresh = radau(y0, 2.0, 1e-8, mesh=mesh, store=store)
    y_r, _m, _s, n_reuse = radau(y0, 2.0, 1e-8, mesh=mesh, reuse=True, store=store)
    # the adaptive pass keeps its half steps: the same solution as the mesh integration
    np.testing.assert_allclose(y_f, y_a, rtol=1e-12)
    np.testing.assert_allclose(y_r, y_f, rtol=1e-12)
    assert n_reuse < 0.6 * n_fresh < n_adapt


@pytest.mark.parametrize("dense", [False, True])
def test_dop853_takes_scipys_steps(dense):
    y0 = np.array([1.0, 0.0])
    atol = np.full(2, 1e-12)
    stops = np.linspace(0.0, 10.0, 7)
    y_stops = np.zeros((2, stops.size))
    status, y, _z, n_rhs, _k = odes.dop853(oscillator_rhs, (4.0,), 0.0, 10.0, y0, stops, 1e-10, atol, -1, 0.0, -1,
                                           0.0, 0.0, False, dense, y_stops, 1, odes.DOP853_TABLEAU)
    ref = solve_ivp(lambda z, v: [v[1], -4.0 * v[0]], (0.0, 10.0), y0, method="DOP853", rtol=1e-10, atol=atol,
                    dense_output=True)
    assert status == odes.DONE
    np.testing.assert_allclose(y, ref.y[:, -1], rtol=1e-12, atol=1e-14)
    if not dense:  # SciPy's dense output adds three stages a step
        plain = solve_ivp(lambda z, v: [v[1], -4.0 * v[0]], (0.0, 10.0), y0, method="DOP853", rtol=1e-10, atol=atol)
        assert n_rhs == pytest.approx(plain.nfev, rel=0.02)
    else:
        np.testing.assert_allclose(y_stops[:, 1:-1], ref.sol(stops[1:-1]), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(y, [math.cos(20.0), -2.0 * math.sin(20.0)], rtol=1e-8, atol=1e-8)


def test_dop853_event_on_a_falling_component():
    y0 = np.array([1.0, 0.0])
    status, _y, z_ev, _n, _k = odes.dop853(oscillator_rhs, (1.0,), 0.0, 10.0, y0, np.empty(0), 1e-10,
                                           np.full(2, 1e-12), 0, 0.5, -1, 0.0, 0.0, False, False, np.empty((2, 0)),
                                           0, odes.DOP853_TABLEAU)
    assert status == odes.EVENT
    assert z_ev == pytest.approx(math.acos(0.5), rel=1e-2)  # on the step's chord


def test_newton_broyden_finds_a_root_inside_bounds_and_reports_failure():
    def fun(p):
        return np.array([p[0] ** 2 + p[1] - 3.0, p[0] - p[1] ** 3 + 7.0]), "aux"

    p0 = np.array([1.0, 1.0])
    p, f, aux = odes.newton_broyden(fun, p0, fun(p0)[0], None, np.array([1e-7, 1e-7]), np.array([-10.0, -10.0]),
                                    np.array([10.0, 10.0]), 1e-13)
    np.testing.assert_allclose(p, [1.0, 2.0], rtol=1e-12)
    assert np.max(np.abs(f)) <= 1e-13 and aux == "aux"
    # an evaluation that fails at every trial step: None
    assert odes.newton_broyden(lambda q: (None, None) if q[0] != 1.0 else fun(q), p0, fun(p0)[0], None,
                               np.array([1e-7, 1e-7]), np.array([-10.0, -10.0]), np.array([10.0, 10.0]),
                               1e-13) is None
