"""Thermogravimetric analyser (TGA) simulator: isothermal conversion-time curves X(t).

A TGA holds a few milligrams of carrier in a gas of fixed composition, so gas concentration
and temperature stay constant and each kinetic model's own closed form applies (see
:mod:`clc.rates`). The reacting gas concentration is C = y P / (R T).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import carriers, rates
from .rates import R_GAS


@dataclass(frozen=True)
class TGACurve:
    """One simulated isothermal curve."""

    carrier: str
    gas: str
    T: float  # K
    y: float  # mole fraction of the reacting gas
    P: float  # Pa
    t: np.ndarray  # s
    X: np.ndarray  # -
    tau: float  # s, time to full conversion


def _checked_carrier(carrier: str, T: float, P: float) -> carriers.Carrier:
    c = carriers.load(carrier)
    c.check_temperature(T)
    if not (math.isfinite(P) and P > 0.0):
        raise ValueError(f"pressure P={P!r} Pa must be positive")
    return c


def _kernel_inputs(carrier: str, gas: str, T: float, y: float, P: float) -> tuple[np.ndarray, float]:
    """Checked kinetic parameter vector and gas concentration for one carrier and gas."""
    c = _checked_carrier(carrier, T, P)
    if not (math.isfinite(y) and 0.0 < y <= 1.0):
        raise ValueError(f"mole fraction y={y!r} of the reacting gas must lie in (0, 1]")
    return c.reaction(gas).kernel_params(), concentration(y, T, P)


def _times(t, tau: float, n_points: int) -> np.ndarray:
    """The requested times, or ``n_points`` from 0 to 1.1 tau."""
    t = np.linspace(0.0, 1.1 * tau, n_points) if t is None else np.asarray(t, dtype=float)
    if np.any(~np.isfinite(t)) or np.any(t < 0):
        raise ValueError("times t must be finite and not negative")
    return t


def concentration(y: float, T: float, P: float = 101325.0) -> float:
    """Ideal-gas concentration C = y P / (R T) [mol/m3].

    >>> round(concentration(0.15, 1173.15), 3)
    1.558
    """
    if y < 0:
        raise ValueError(f"concentration: mole fraction y={y!r} must not be negative")
    return y * P / (R_GAS * T)


def time_to_conversion(carrier: str, gas: str, T: float, y: float, X: float,
                       P: float = 101325.0) -> float:
    """Time [s] for a fresh particle to reach conversion X.

    >>> round(time_to_conversion("Abad2007_Fe45Al", "CH4", 1173.15, 0.15, 0.5), 2)   # tau (1 - 0.5^(1/3))
    15.65
    """
    p, C = _kernel_inputs(carrier, gas, T, y, P)
    if not (math.isfinite(X) and 0.0 <= X <= 1.0):
        raise ValueError(f"conversion X={X!r} must lie in [0, 1]")
    return float(rates.time_to_conversion(p, T, C, X))


def full_conversion_time(carrier: str, gas: str, T: float, y: float, P: float = 101325.0) -> float:
    """Time [s] to full conversion (X = 1) of a fresh particle, tau.

    For chemical control of spherical grains tau = rho_m r_g / (b k C^n).

    >>> round(full_conversion_time("Abad2007_Fe45Al", "CH4", 1173.15, 0.15), 1)
    75.9
    """
    return time_to_conversion(carrier, gas, T, y, 1.0, P)


def simulate(carrier: str, gas: str, T: float, y: float, P: float = 101325.0,
             t: np.ndarray | None = None, n_points: int = 200) -> TGACurve:
    """Isothermal conversion-time curve of ``carrier`` reacting with ``gas``.

    ``t`` defaults to ``n_points`` times from 0 to 1.1 tau.

    >>> curve = simulate("Abad2007_Fe45Al", "CH4", 1173.15, 0.15)
    >>> float(curve.X[0]), float(curve.X[-1])
    (0.0, 1.0)
    """
    p, C = _kernel_inputs(carrier, gas, T, y, P)
    tau = float(rates.time_to_conversion(p, T, C, 1.0))
    t = _times(t, tau, n_points)
    X = np.empty_like(t)
    rates.conversion_curve(p, T, C, t, X)
    return TGACurve(carrier, gas, T, y, P, t, X, tau)


# --- comparison with measured curves ------------------------------------------------------


@dataclass(frozen=True)
class CurveError:
    """Model-vs-data error of one measured curve."""

    figure: int
    carrier: str
    gas: str
    T: float
    y: float
    n_points: int
    rmse: float  # root-mean-square error in X
    max_abs: float  # largest |X_model - X_data|
    t: np.ndarray
    X_data: np.ndarray
    X_model: np.ndarray


def read_tga_dataset(path: str | Path) -> dict[tuple, list[tuple[float, float]]]:
    """Read a TGA dataset CSV (figure, carrier, gas, T_K, y_gas, t_s, X) into curves."""
    curves: dict[tuple, list[tuple[float, float]]] = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            key = (int(row["figure"]), row["carrier"], row["gas"], float(row["T_K"]), float(row["y_gas"]))
            curves.setdefault(key, []).append((float(row["t_s"]), float(row["X"])))
    return curves


def compare_dataset(path: str | Path, P: float = 101325.0) -> list[CurveError]:
    """Simulate every curve of a TGA dataset at its measured times and return the errors.

    Digitisation noise is handled as read: negative times count as t = 0, and measured X is
    compared as given (not clipped), so the error includes the reading error of the figure.
    """
    out = []
    for (fig, carrier, gas, T, y), pts in read_tga_dataset(path).items():
        t = np.array([max(p[0], 0.0) for p in pts])
        X_data = np.array([p[1] for p in pts])
        X_model = simulate(carrier, gas, T, y, P, t=t).X
        err = X_model - X_data
        out.append(CurveError(fig, carrier, gas, T, y, len(pts), float(np.sqrt(np.mean(err**2))),
                              float(np.max(np.abs(err))), t, X_data, X_model))
    return out


def overall_rmse(errors: list[CurveError]) -> float:
    """Root-mean-square error in X over every point of every curve."""
    sq = np.concatenate([(e.X_model - e.X_data) ** 2 for e in errors])
    return float(np.sqrt(sq.mean()))


# --- gas mixtures ---------------------------------------------------------------------------


def simulate_mixture(carrier: str, composition: dict[str, float], T: float, P: float = 101325.0,
                     t: np.ndarray | None = None, n_points: int = 200) -> TGACurve:
    """Isothermal X(t) of ``carrier`` in a gas mixture, e.g. ``{"H2": 0.1, "CO": 0.1, "CO2": 0.2}``.

    Gases the carrier has kinetics for react in parallel on the same grains, so their rates
    add: dX/dt = sum_j dX/dt_j(X) (Abad et al., Chem. Eng. Sci. 62 (2007) 533, treat syngas
    this way). Other gases (H2O, CO2, N2, ...) are inert in these rate laws; what the
    fractions leave below 1 is inert balance. Reducing gases and O2 together are refused.
    Where every reacting gas follows chemical control on grains of one shape, the closed form
    holds with 1/tau = sum_j 1/tau_j; otherwise the rate law is integrated (LSODA, rtol 1e-9).

    >>> mix = simulate_mixture("Abad2011_ilmenite_activated", {"H2": 0.15, "CO": 0.15}, 1173.15)
    >>> h2 = full_conversion_time("Abad2011_ilmenite_activated", "H2", 1173.15, 0.15)
    >>> co = full_conversion_time("Abad2011_ilmenite_activated", "CO", 1173.15, 0.15)
    >>> round(mix.tau / (1 / (1 / h2 + 1 / co)), 12)
    1.0
    """
    from scipy.integrate import solve_ivp

    c = _checked_carrier(carrier, T, P)
    for gas, y in composition.items():
        if not (math.isfinite(y) and 0.0 <= y <= 1.0):
            raise ValueError(f"composition[{gas!r}]={y!r} must lie in [0, 1]")
    total = sum(composition.values())
    if total > 1.0 + 1e-9:
        raise ValueError(f"composition: mole fractions sum to {total:g}, more than 1")
    reacting = {g: y for g, y in composition.items() if g in c.reactions and y > 0.0}
    if not reacting:
        raise ValueError(f"composition {composition} holds no gas that {c.name} reacts with ({', '.join(c.gases)})")
    if "O2" in reacting and len(reacting) > 1:
        raise ValueError("composition: reducing gases and O2 together are not a TGA step; simulate them apart")
    params = [(c.reaction(g).kernel_params(), concentration(y, T, P)) for g, y in reacting.items()]
    closed = _has_closed_form(params)
    if closed:
        tau = 1.0 / sum(1.0 / rates.tau_chemical(p, T, C) for p, C in params)
    else:
        tau = _integrated_tau(params, T)
    t = _times(t, tau, n_points)
    if closed:
        fp = float(params[0][0][rates.P_FP])
        X = 1.0 - np.clip(1.0 - t / tau, 0.0, 1.0) ** fp
    else:
        def rhs(_, x):
            xc = min(max(x[0], 0.0), 1.0)
            return [sum(rates.conversion_rate(p, T, C, xc) for p, C in params)]
        x0 = 1e-9
        sol = solve_ivp(rhs, (0.0, float(t.max()) if t.size else 0.0), [x0], method="LSODA",
                        rtol=1e-9, atol=1e-12, dense_output=True)
        X = np.clip(sol.sol(t)[0], 0.0, 1.0)
        X[t <= 0] = 0.0
    gases = "+".join(reacting)
    return TGACurve(c.name, gases, T, sum(reacting.values()), P, t, X, float(tau))


def _has_closed_form(params) -> bool:
    """Summed chemical-control rates with one grain shape integrate in closed form."""
    shapes = {p[rates.P_FP] for p, _ in params}
    return all(int(p[rates.P_MODEL]) == rates.CHEMICAL for p, _ in params) and len(shapes) == 1


def _integrated_tau(params, T) -> float:
    """Time to X = 1 - 1e-9 with summed rates, by quadrature of dt = dX / rate."""
    from scipy.integrate import quad

    def inv_rate(x):
        return 1.0 / sum(rates.conversion_rate(p, T, C, x) for p, C in params)

    val, _ = quad(inv_rate, 1e-12, 1.0 - 1e-9, limit=200)
    return float(val)
