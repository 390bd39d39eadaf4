"""Shooting solvers of the counter-current moving bed (:mod:`clc.moving_bed`): the gas side integrated
from its inlet (z = 0) for guessed shooting parameters, and the searches on those guesses that solve
the two-point boundary-value problem.

- :func:`integrate`: the gas-side initial-value problem for an extent guess g, by the DOP853 drivers
  of :mod:`clc.moving_bed_kernels` (``_integrate_nb``, ``_integrate_e_nb``) or, with ``use_twin``,
  by SciPy's LSODA on the bed's Python right-hand sides (:func:`_integrate_lsoda`); :func:`end`,
  :func:`end_state` and :func:`evaluate` read the path it returns.
- :func:`shoot`: Brent's method on the extent (or on the height of a fully reduced zone).
- :func:`shoot_energy`: with the energy balance, the outer search on the solids outlet temperature
  around :func:`shoot` (the reference path, ``energy_solver="dop853"``).
- :func:`shoot_energy_radau`: with the energy balance, Newton's method on both guesses with the Radau
  IIA integrator of :mod:`clc.odes` (the default, ``energy_solver="radau"``).

Each function takes the checked case, a :class:`clc.moving_bed._Bed`, which holds the inputs and the
model equations (their NumPy twins) and the backward-difference solve; it stores the solids outlet
guesses in ``bed.eprm`` and the height of a fully reduced zone in ``bed.z_dead``. :func:`clc.moving_bed.simulate`
calls these solvers and builds the result. The solvers and their tolerances are described in
``docs/moving_bed.md``. :class:`MovingBedConvergenceError` and the tolerances below are re-exported by
:mod:`clc.moving_bed`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from . import odes
from .moving_bed_kernels import _E_THETA, _energy_args, _integrate_e_nb, _integrate_nb, _rhs_energy_nb

if TYPE_CHECKING:
    from .moving_bed import _Bed


RTOL_IVP = 1e-10  # LSODA (the Python twin)
RTOL_DOP853 = 1e-12  # the numba integrator: a hundredth of the twin's, for the steep solids-limited cases
SEED = 1e-10  # relative extent that starts the reacting zone above fully reduced solids
RESIDUAL_TOL = 1e-5  # relative |xi(L; g) - g| / xi_max accepted; see docs/moving_bed.md
T_GUARD = (100.0, 10000.0)  # K: an integration whose gas temperature leaves this range has diverged
MAX_OUTER = 40  # secant steps on the solids outlet temperature (energy balance)
RTOL_RADAU = 3e-6  # step-doubling tolerance of the Radau IIA mesh (energy balance)
NEWTON_TOL_RADAU = 1e-5  # Radau stage equations solved to this fraction of the tolerance above
ENERGY_NEWTON_F_TOL = 1e-11  # Newton on (extent, solids outlet temperature): scaled residuals
MESH_MAX = 4000  # largest Radau mesh
NEWTON_ENERGY_MAX = 30  # Newton iterations on (extent, solids outlet temperature)


class MovingBedConvergenceError(RuntimeError):
    """The shooting solve of the moving bed did not converge."""


class _EarlyRoot(Exception):
    """Raised inside a root search whose residual is already within the integrator's noise."""


class _Path:
    """Numba solution of the gas side: the state at the end and at the output heights."""

    def __init__(self, y_end: np.ndarray, z: np.ndarray, y_z: np.ndarray):
        self.y_end, self.z, self.y_z = y_end, z, y_z


def integrate(bed: _Bed, g: float, z_dead: float = 0.0, dense: bool = False):
    """Gas-side initial-value problem from z = 0 for the extent guess g.

    With ``z_dead > 0`` the bed below z_dead holds fully reduced solids (X = 1, no reaction);
    above it the gas starts with the extent SEED (a relative 1e-10 of xi_max), which takes it
    off the trivial branch xi = 0 of rates that vanish at X = 1.
    Returns a :class:`_Path` (numba kernels, DOP853; with ``dense`` the state at ``bed.grid``
    too), or with ``use_twin`` a list of (LSODA solution, dead) segments.
    """
    if bed.energy:
        bed.set_guesses(g)
    if bed.use_twin:
        return _integrate_lsoda(bed, g, z_dead)
    if bed.energy:
        return _integrate_energy(bed, g, z_dead, dense)
    P_in = bed.P_in
    atol = np.array([1e-13 * bed.xi_max, 1e-9 * P_in])
    grid = bed.grid
    y_z = np.empty((2, grid.size))
    y_z[:, 0] = (0.0, P_in)
    y0, z0, k = np.array([0.0, P_in]), 0.0, 1
    parts = [(z_dead, True), (bed.L, False)] if z_dead > 0.0 else [(bed.L, False)]
    for z1, dead in parts:
        if z1 <= z0:
            continue
        status, y, z_ev, _, k = _integrate_nb(z0, z1, y0, g, dead, grid, RTOL_DOP853, atol, 1e-3 * P_in,
                                              *bed._kernel_data, dense, y_z, k)
        if status == 1:
            raise _pressure_collapse(bed, z_ev)
        if status != 0 or not np.all(np.isfinite(y)):
            raise MovingBedConvergenceError(
                f"gas-side integration failed for extent guess {g!r} mol/s at z = {z_ev:.6g} m")
        z0, y0 = z1, np.array([SEED * bed.xi_max if dead else y[0], y[1]])
    y_z[:, -1] = y
    return _Path(y, grid, y_z if dense else None)


def _pressure_collapse(bed: _Bed, z: float) -> ValueError:
    """The error for a bed whose pressure drop eats the inlet pressure (an input error, not a solver's)."""
    return ValueError(f"the gas pressure falls below 0.1% of P_in={bed.P_in:g} Pa within the bed (at z = "
                      f"{z:.4g} m of length={bed.L:g} m): the {bed.pressure_drop} "
                      "pressure drop exceeds the inlet pressure; shorten the bed or raise P_in")


def _atol_energy(bed: _Bed) -> np.ndarray:
    """Absolute tolerances of (xi, P, Tg, Q)."""
    return np.array([1e-13 * bed.xi_max, 1e-9 * bed.P_in, 1e-13 * bed.T_scale,
                     1e-13 * bed.C_gas_in * max(abs(bed.Ts_in - bed.Tg_in), 1.0)])


def _integrate_energy(bed: _Bed, g: float, z_dead: float, dense: bool):
    """:func:`integrate` with the energy balance (numba kernels, DOP853): state (xi, P, Tg, Q)."""
    P_in = bed.P_in
    atol = _atol_energy(bed)
    grid = bed.grid
    y_z = np.empty((4, grid.size))
    y_z[:, 0] = (0.0, P_in, bed.Tg_in, 0.0)
    y0, z0, k = np.array([0.0, P_in, bed.Tg_in, 0.0]), 0.0, 1
    parts = [(z_dead, True), (bed.L, False)] if z_dead > 0.0 else [(bed.L, False)]
    for z1, dead in parts:
        if z1 <= z0:
            continue
        status, y, z_ev, _, k = _integrate_e_nb(z0, z1, y0, g, dead, grid, RTOL_DOP853, atol, 1e-3 * P_in,
                                                *bed._kernel_data[:5], bed.ed, dense, y_z, k)
        if status == 1:
            raise _pressure_collapse(bed, z_ev)
        if status == 3:
            raise MovingBedConvergenceError(
                f"energy balance: the gas temperature left ({T_GUARD[0]:g}, {T_GUARD[1]:g}) K or no solids "
                f"temperature matches the enthalpy at z = {z_ev:.6g} m, for the guesses extent {g!r} mol/s "
                f"and solids outlet temperature {bed.eprm[_E_THETA]!r} K")
        if status != 0 or not np.all(np.isfinite(y)):
            raise MovingBedConvergenceError(
                f"gas-side integration failed for extent guess {g!r} mol/s at z = {z_ev:.6g} m")
        z0, y0 = z1, np.array([SEED * bed.xi_max if dead else y[0], y[1], y[2], y[3]])
    y_z[:, -1] = y
    return _Path(y, grid, y_z if dense else None)


def _integrate_lsoda(bed: _Bed, g: float, z_dead: float = 0.0):
    """Twin of :func:`integrate`: SciPy's LSODA on the Python right-hand side."""
    P_in = bed.P_in

    def low_pressure(_z, y, _g, _d):
        return y[1] - 1e-3 * P_in

    low_pressure.terminal = True
    atol = [1e-13 * bed.xi_max, 1e-9 * P_in]
    segments, y0, z0 = [], [0.0, P_in], 0.0
    rhs = bed.rhs
    if bed.energy:
        atol, y0, rhs = list(_atol_energy(bed)), [0.0, P_in, bed.Tg_in, 0.0], bed.rhs_energy
    parts = [(z_dead, True), (bed.L, False)] if z_dead > 0.0 else [(bed.L, False)]
    for z1, dead in parts:
        if z1 <= z0:
            continue
        sol = solve_ivp(rhs, (z0, z1), y0, method="LSODA", args=(g, dead), rtol=RTOL_IVP,
                        atol=atol, dense_output=True, events=low_pressure)
        if sol.status == 1:
            raise ValueError(
                f"the gas pressure falls below 0.1% of P_in={P_in:g} Pa within the bed (at z = "
                f"{sol.t_events[0][0]:.4g} m of length={bed.L:g} m): the {bed.pressure_drop} "
                "pressure drop exceeds the inlet pressure; shorten the bed or raise P_in")
        if sol.status != 0 or not np.all(np.isfinite(sol.y)):
            raise MovingBedConvergenceError(
                f"gas-side integration failed for extent guess {g!r} mol/s: {sol.message}")
        segments.append((sol, dead))
        z0, y0 = z1, [SEED * bed.xi_max if dead else sol.y[0, -1], *sol.y[1:, -1]]
    return segments


def end(segments) -> float:
    if isinstance(segments, _Path):
        return float(segments.y_end[0])
    return float(segments[-1][0].y[0, -1])


def end_state(segments) -> np.ndarray:
    """The whole state at z = L."""
    if isinstance(segments, _Path):
        return segments.y_end.copy()
    return segments[-1][0].y[:, -1].copy()


def evaluate(segments, z: np.ndarray) -> np.ndarray:
    """(extent, pressure) of the segmented solution at heights z."""
    if isinstance(segments, _Path):
        if segments.y_z is None or not np.array_equal(z, segments.z):
            raise ValueError("a numba path holds the state only at the heights it was integrated for "
                             "with dense=True")
        return segments.y_z.copy()
    out = np.empty((segments[0][0].y.shape[0], z.size))
    for k, zk in enumerate(z):
        for sol, _dead in segments:
            if zk <= sol.t[-1] or sol is segments[-1][0]:
                out[:, k] = sol.sol(min(max(zk, sol.t[0]), sol.t[-1]))
                break
    out[:, 0] = segments[0][0].y[:, 0]
    out[:, -1] = segments[-1][0].y[:, -1]
    return out


def shoot(bed: _Bed, dense: bool = True, hint: float | None = None, hint_dead: float | None = None):
    """Solve the two-point problem; returns (g, segments, residual, iterations).

    Ordinary case: Brent's method on g = xi(L) in [0, xi_max] for xi(L; g) = g. Where the
    solids limit the conversion and even a fully reduced solids outlet leaves the gas able to
    react more (residual of the seeded integration at g = xi_max still >= 0), the solids are
    fully reduced over a bottom zone of height z_dead (stored in ``bed.z_dead``), and Brent's
    method finds z_dead in [0, L] with xi(L; z_dead) = xi_max (xi decreases as z_dead grows).

    With the energy balance each path is integrated once (memoised: Brent's method evaluates its
    bracket's ends again), ``dense=False`` returns the path of the root's evaluation, and
    ``hint`` (an extent near the root, from the previous outer iteration) brackets the root
    from there: the residual falls with slope <= -1 (xi(L; g) does not grow with g), so
    g + r(g) lies across the root; ``hint_dead`` (the previous height of a fully reduced zone)
    brackets that zone's height by steps of 1e-3 L growing fourfold. Where that fails the
    search starts from [0, xi_max].
    """
    n_iter = 0
    xi_max = bed.xi_max
    solids_limited = bed.S0 * (1.0 - bed.X_in) / bed.b <= xi_max * (1.0 + 1e-15)
    memo = {} if bed.energy else None
    bed.z_dead = 0.0

    def run(g: float, z_dead: float = 0.0):
        nonlocal n_iter
        if memo is not None and (g, z_dead) in memo:
            return memo[g, z_dead]
        n_iter += 1
        path = integrate(bed, g, z_dead)
        if memo is not None:
            memo[g, z_dead] = path
        return path

    def final(g: float, z_dead: float = 0.0):
        return integrate(bed, g, z_dead, dense=True) if dense else run(g, z_dead)

    # energy balance: Brent's method stops where the residual is within the integrator's noise
    f_tol = (RTOL_IVP if bed.use_twin else 0.1 * RTOL_DOP853) * xi_max if bed.energy else -1.0

    def residual(g: float) -> float:
        r = end(run(g)) - g
        if abs(r) <= f_tol:
            raise _EarlyRoot(g)
        return r

    def residual_dead(z_dead: float) -> float:
        r = end(run(xi_max, max(z_dead, 1e-12 * bed.L))) - xi_max
        if abs(r) <= f_tol:
            raise _EarlyRoot(z_dead)
        return r

    def brent(f, lo, hi, scale, what):
        try:
            root, info = brentq(f, lo, hi, xtol=1e-14 * scale, rtol=4 * np.finfo(float).eps,
                                maxiter=200, full_output=True)
        except _EarlyRoot as e:
            return e.args[0]
        except RuntimeError as e:  # maxiter reached
            raise MovingBedConvergenceError(f"shooting on {what} did not converge: {e}") from None
        if not info.converged:
            raise MovingBedConvergenceError(f"shooting on {what} did not converge: {info.flag}")
        return root

    g_near = None
    if hint_dead is not None and hint_dead > 0.0 and solids_limited:
        z_a = min(hint_dead, bed.L)
        try:
            r_a = residual_dead(z_a)
            step = (1e-3 if r_a > 0.0 else -1e-3) * bed.L  # the residual falls as the zone grows
            for _ in range(8):
                z_b = min(max(z_a + step, 0.0), bed.L)
                r_b = residual_dead(z_b)
                if (r_b < 0.0) != (r_a < 0.0):
                    z_root = brent(residual_dead, min(z_a, z_b), max(z_a, z_b), bed.L,
                                   "the height of the fully reduced zone")
                    g_near, bed.z_dead = xi_max, max(z_root, 1e-12 * bed.L)
                    break
                if z_b in (0.0, bed.L):
                    break
                step *= 4.0
        except _EarlyRoot as e:
            g_near, bed.z_dead = xi_max, max(e.args[0], 1e-12 * bed.L)
    if g_near is None and hint is not None:
        g_a = min(max(float(hint), 0.0), xi_max)
        try:
            r_a = residual(g_a)
            step = r_a
            for _ in range(6):
                g_b = g_a + step
                if not 0.0 <= g_b <= xi_max:
                    break
                r_b = residual(g_b)
                if (r_b < 0.0) != (r_a < 0.0):
                    g_near = brent(residual, min(g_a, g_b), max(g_a, g_b), xi_max, "the solids outlet conversion")
                    break
                step *= 4.0
        except _EarlyRoot as e:
            g_near = e.args[0]
    if g_near is None:
        try:
            r_lo = residual(0.0)
        except _EarlyRoot:
            r_lo = 0.0
        if r_lo < 0.0:
            raise MovingBedConvergenceError(f"shooting residual {r_lo:g} < 0 at zero extent")
        try:
            r_dead = residual_dead(0.0) if solids_limited else -1.0
        except _EarlyRoot:
            g_near, bed.z_dead = xi_max, 1e-12 * bed.L
    if g_near is not None:
        g, segments = g_near, final(g_near, bed.z_dead)
    elif r_lo == 0.0:
        g, segments = 0.0, final(0.0)
    elif r_dead >= 0.0:
        z_dead = brent(residual_dead, 0.0, bed.L, bed.L, "the height of the fully reduced zone")
        g = xi_max
        bed.z_dead = max(z_dead, 1e-12 * bed.L)
        segments = final(g, bed.z_dead)
    else:
        try:
            r_hi = residual(xi_max)
        except _EarlyRoot:
            r_hi = 0.0
        if solids_limited:
            r_hi = min(r_hi, r_dead)
        if r_hi > 0.0:
            raise MovingBedConvergenceError(
                f"shooting on the extent is not bracketed: residual {r_lo:g} at 0 and {r_hi:g} "
                f"at {xi_max:g} mol/s (expected >= 0 and <= 0)")
        g = xi_max if r_hi == 0.0 else brent(residual, 0.0, xi_max, xi_max,
                                              "the solids outlet conversion")
        segments = final(g)
    res = abs(end(segments) - g) / xi_max
    if not res <= RESIDUAL_TOL:
        raise MovingBedConvergenceError(
            f"moving bed did not converge: relative shooting residual {res:.3g} > {RESIDUAL_TOL:g}")
    return g, segments, res, n_iter


def shoot_energy(bed: _Bed):
    """Solve the two-point problem with the energy balance; returns (theta, g, segments, residual,
    iterations), theta the solids outlet temperature of the profiles.

    Outer iteration on theta (see docs/moving_bed.md): for each theta the extent is shot as
    without the energy balance (:func:`shoot`, started near the previous root);
    R(theta) = Ts_bal(theta) - theta, with Ts_bal the solids outlet temperature that closes the
    overall energy balance given the gas outlet of that solution. R falls with theta (a hotter
    solids outlet heats the gas more, and the balance then leaves less enthalpy for the solids),
    with slope about -(1 + C_gas/C_solids) where the gas leaves near the solids' temperature.
    Start at the solids inlet temperature, one step of that slope, then secant steps (a step
    never more than 10 times the last one, theta within the solids' data range; a step whose
    integration fails is halved) until a sign change, which Brent's method closes to 1e-10 T_ref;
    stop where |R| <= 1e-11 T_ref, or within 10 res xi_max |dH_r| / C_s, what the relative
    residual res of the extent leaves of R's precision (res ~1e-7 where the solids leave almost
    fully reduced).
    """
    lo, hi = bed.T_range_solids
    tol = 1e-11 * bed.T_scale
    dh = abs(bed.eq.delta_h(bed.Ts_in))
    n_inner = 0
    found = {}
    history = []  # (theta, g) of ordinary solutions (no fully reduced zone), for the next hint
    last_dead = [None]  # height of the fully reduced zone of the last solution, if any

    class _Done(Exception):
        pass

    def R(theta: float) -> float:
        nonlocal n_inner
        if theta in found:
            return found[theta][3]
        bed.set_guesses(0.0, theta)
        hint = None
        if history:
            (t_a, g_a), (t_b, g_b) = history[-1], history[-2] if len(history) > 1 else history[-1]
            hint = g_a if t_a == t_b else g_a + (g_a - g_b) / (t_a - t_b) * (theta - t_a)
        try:
            g, seg, res, it = shoot(bed, dense=False, hint=hint, hint_dead=last_dead[0])
            n_inner += it
            y = end_state(seg)
            t_bal = bed.solids_T_from_balance(y[0], y[2])
        except MovingBedConvergenceError as e:
            raise MovingBedConvergenceError(_energy_failure(bed, theta, str(e))) from None
        if not math.isfinite(t_bal):
            raise MovingBedConvergenceError(_energy_failure(
                bed, theta, "the overall energy balance gives no solids outlet temperature in the data range "
                f"[{lo:g}, {hi:g}] K"))
        if bed.z_dead == 0.0:
            history.append((theta, g))
        last_dead[0] = bed.z_dead if bed.z_dead > 0.0 else None
        found[theta] = (g, bed.z_dead, res, t_bal - theta)
        # R is no more exact than the extent: stop within what the extent's residual allows
        if abs(t_bal - theta) <= max(tol, 10.0 * res * bed.xi_max * dh / bed.C_solids_in):
            raise _Done(theta)
        return t_bal - theta

    def clip(t: float) -> float:
        return min(max(t, lo), hi)

    def step_to(t_from: float, t_to: float):
        """(t, R(t)) at t_to, or nearer t_from where the integration at t_to fails."""
        for _ in range(40):
            try:
                return t_to, R(t_to)
            except MovingBedConvergenceError:
                t_to = 0.5 * (t_from + t_to)
        return t_to, R(t_to)

    theta = None
    try:
        t0 = bed.Ts_in
        r0 = R(t0)
        t1, r1 = step_to(t0, clip(t0 + r0 / (1.0 + bed.C_gas_in / bed.C_solids_in)))
        for _ in range(MAX_OUTER):
            if r0 * r1 < 0.0:
                try:
                    theta = brentq(R, min(t0, t1), max(t0, t1), xtol=1e-10 * bed.T_scale,
                                   rtol=4 * np.finfo(float).eps, maxiter=100)
                except RuntimeError as e:
                    raise MovingBedConvergenceError(_energy_failure(bed, t1, str(e))) from None
                break
            slope = (r1 - r0) / (t1 - t0)
            if not (math.isfinite(slope) and slope < 0.0):
                slope = -(1.0 + bed.C_gas_in / bed.C_solids_in)
            step = -r1 / slope
            step = max(min(step, 10.0 * abs(t1 - t0)), -10.0 * abs(t1 - t0))
            t2 = clip(t1 + step)
            if t2 == t1:
                break
            t0, r0 = t1, r1
            t1, r1 = step_to(t0, t2)
        if theta is None:
            raise MovingBedConvergenceError(_energy_failure(
                bed, t1, f"the solids outlet temperature did not converge in {MAX_OUTER} iterations "
                f"(last residual {r1:.3g} K)"))
    except _Done as done:
        theta = done.args[0]
    if theta not in found:
        try:
            R(theta)
        except _Done:
            pass
    g, z_dead, res, _r = found[theta]
    bed.set_guesses(g, theta)
    segments = integrate(bed, g, z_dead, dense=True)
    return theta, g, segments, res, n_inner + 1


def shoot_energy_radau(bed: _Bed):
    """Solve the two-point problem with the energy balance by Newton's method on both shooting
    guesses at once, the gas side integrated by the implicit Radau IIA method (:func:`clc.odes.radau5`)
    on a fixed mesh; returns (theta, g, path, residual, integrations), or None where this solver
    does not apply or fails (the caller then uses :func:`shoot_energy`).

    The unknowns p = (g, theta), the extent xi(L) and the solids outlet temperature; the residuals
    F(p) = ((xi(L; p) - g) / xi_max, (Ts_bal(p) - theta) / T_ref), Ts_bal the solids outlet
    temperature that closes the overall energy balance with the gas outlet (as in
    :func:`shoot_energy`). Start: g = xi_max (fuel-limited beds convert most of the fuel), theta
    from the overall balance with the gas leaving at the solids inlet temperature (large NTU). The
    mesh is built once by step doubling (:data:`RTOL_RADAU`) at the start, and again at the
    solution if that moved; on a fixed mesh F is a smooth function of p, so Newton's method (Jacobian
    by forward differences, then Broyden's updates; steps halved where an integration fails or the
    residual grows) converges to |F| <= 1e-12. Solids-limited beds (a fully reduced zone may form)
    are left to :func:`shoot_energy`.
    """
    if bed.use_twin or bed.S0 * (1.0 - bed.X_in) / bed.b <= bed.xi_max * (1.0 + 1e-9):
        return None
    lo, hi = bed.T_range_solids
    xi_max, T_ref = bed.xi_max, bed.T_scale
    args = _energy_args(0.0, False, *bed._kernel_data[:5], bed.ed)
    args_of = lambda g: (g,) + args[1:]  # noqa: E731
    y0 = np.array([0.0, bed.P_in, bed.Tg_in, 0.0])
    dT = max(abs(bed.Ts_in - bed.Tg_in), 1.0)
    atol = np.array([1e-10 * xi_max, 1e-9 * bed.P_in, 1e-9 * T_ref, 1e-9 * bed.C_gas_in * dT])
    h_first = 1e-6 * bed.L  # the gas relaxes to the solids' temperature within millimetres
    grid = bed.grid
    store = odes.radau_storage(MESH_MAX, 4)
    n_int = 0

    def integrate(mesh, p, adapt=False):
        """(y(L), profile at the grid, mesh) for the guesses p, or None where the integration fails."""
        nonlocal n_int
        bed.set_guesses(p[0], p[1])
        n_int += 1
        y_z = np.empty((4, grid.size))
        buf = np.empty(MESH_MAX) if adapt else mesh
        status, y, m, _c = odes.radau5(_rhs_energy_nb, args_of(p[0]), 0.0, bed.L, y0, RTOL_RADAU, atol, buf,
                                       buf.size if not adapt else 0, adapt, h_first, grid, y_z, 2, T_GUARD[0],
                                       T_GUARD[1], *store, not adapt, NEWTON_TOL_RADAU)
        if status != odes.DONE or not y[1] > 1e-3 * bed.P_in or not np.all(y_z[1] > 1e-3 * bed.P_in):
            return None
        y_z[:, -1] = y
        return y, y_z, (buf[:m].copy() if adapt else mesh)

    def F(sol, p):
        if sol is None:
            return None
        t_bal = bed.solids_T_from_balance(sol[0][0], sol[0][2])
        if not math.isfinite(t_bal):
            return None
        return np.array([(sol[0][0] - p[0]) / xi_max, (t_bal - p[1]) / T_ref])

    g0 = xi_max
    bed.set_guesses(g0, bed.Ts_in)
    theta0 = bed.solids_T_from_balance(g0, bed.Ts_in)
    if not math.isfinite(theta0):
        return None
    p = np.array([g0, min(max(theta0, lo), hi)])
    sol = integrate(None, p, adapt=True)
    f = F(sol, p)
    if f is None:
        return None
    mesh = sol[2]

    def residual(q):
        sol_q = integrate(mesh, q)
        return F(sol_q, q), sol_q

    out = odes.newton_broyden(residual, p, f, sol, np.array([-1e-7 * xi_max, 1e-6 * T_ref]),
                              np.array([0.0, lo]), np.array([xi_max, hi]), ENERGY_NEWTON_F_TOL,
                              NEWTON_ENERGY_MAX)
    if out is None:
        return None
    p, _f, sol = out
    g, theta = float(p[0]), float(p[1])
    bed.set_guesses(g, theta)
    bed.z_dead = 0.0
    y, y_z, _mesh = sol
    return theta, g, _Path(y, grid, y_z), abs(y[0] - g) / xi_max, n_int


def _energy_failure(bed: _Bed, theta: float, why: str) -> str:
    """Message of a failed energy-balance solve, with the likely cause where the gas carries more
    heat capacity than the solids (shooting from the gas inlet then amplifies errors)."""
    msg = f"moving bed with energy balance did not converge at solids outlet temperature {theta:.6g} K: {why}"
    if bed.C_gas_in > bed.C_solids_in:
        h = bed.heat_transfer_coefficient(bed.Tg_in, bed.P_in, bed.F_in)
        ntu = 6 * h * (1 - bed.eps) * bed.A * bed.L / bed.d_p / bed.C_solids_in
        msg += (f". The gas's heat-capacity flow {bed.C_gas_in:.4g} W/K exceeds the solids' "
                f"{bed.C_solids_in:.4g} W/K: integrating from the gas inlet amplifies errors about as "
                f"exp(NTU (1 - C_solids/C_gas)), here NTU = {ntu:.3g} (at the gas inlet); raise the solids "
                "flow or shorten the bed")
    return msg
