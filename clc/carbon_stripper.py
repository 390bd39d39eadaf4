"""Carbon stripper as a unit: a fluidized bed that separates char from the carrier by elutriation.

The solids leaving the fuel reactor (FR) -- carrier and char -- enter a bubbling bed fluidized at
the superficial velocity ``u0``. Particles light and small enough are carried out with the gas
and returned to the FR (the char, ideally); the rest leaves through the bottom to the air
reactor (AR). Each solids class i (the carrier; one or several char size classes) is elutriated
at the rate (Kunii & Levenspiel, Fluidization Engineering, 2nd ed., 1991, ch. 7 and ch. 14)::

    (elutriated of i) = K*_i A x_i = k_i W_i,        k_i = K*_i A / W            [kg/s, 1/s]

with K*_i [kg/(m2 s)] the elutriation rate constant of particles of size d_i, A the bed's
cross-section, W its inventory and x_i = W_i / W the bed's mass fraction of class i. A perfectly
mixed bed of fixed inventory W withdrawn at the bottom at the rate constant k_u [1/s] (the
overflow / underflow of ch. 14) then holds, at steady state (K&L ch. 14, eqs. (12), (16), (17),
as used in the book's Example 1, "Flow with elutriation", p. 343)::

    W_i = F_i / (k_i + k_u),     sum_i W_i = W   (solved for k_u),
    returned_i = k_i W_i,  to AR_i = k_u W_i,  eta_i = k_i / (k_i + k_u)

The K&L ch. 14 equations were read in the FOSSEE Scilab textbook companion of the book (files
headed ``Chapter-14, Example 1, Page 343`` and ``Example 2, Page 344``, stored public-code index);
the book itself was not read. When the gas carries every class out faster than the feed can
hold W (sum_i F_i / k_i < W) there is no underflow (k_u = 0) and the bed holds less than W; the
result says so in ``warnings``.

Elutriation rate constants shipped (:data:`CORRELATIONS`; read in the FOSSEE companion of K&L,
``Chapter-7, Example 5, Page 181``, "Comparing predictions for k*"; the original papers and the
book were not read: second-hand, both named; authors as the companion names them, their papers'
years and journals were not read)::

    geldart       K* = 23.7 rho_g u0 exp(-5.4 u_t / u0)                 (Geldart et al.)
    wen_hasinger  K* = 1.52e-5 (u0 - u_t)^2 rho_g / sqrt(g d_p) Re_t^0.725 ((rho_s - rho_g) / rho_g)^1.15
    yagi_aochi    K* = mu (u0 - u_t)^2 / (g d_p^2) (0.0015 Re_t^0.5 + 0.01 Re_t^1.2)
                  Re_t = rho_g u_t d_p / mu

u_t is the single-particle terminal velocity (Haider & Levenspiel 1989, :func:`clc.riser.terminal_velocity`).
ASSUMPTION (labelled): a particle whose terminal velocity is not below u0 is not elutriated
(K* = 0), the picture behind the (u0 - u_t) factors of the last two forms; for Geldart's form it
cuts K* from 0.107 rho_g u0 to 0 at u_t = u0. Geldart's form falls monotonically with u_t (so with
particle size and density) and rises with u0, so it is the default; Wen & Hasinger's rises with size
in the Stokes range before it falls (a peak at an intermediate size). The three differ by up to two
orders of magnitude (e.g. 80 um, 800 kg/m3 char in 0.25 kg/m3 gas at 0.8 m/s: 3.2, 0.06 and
0.15 kg/(m2 s)), the spread K&L's example shows: calibrate where a separation figure exists.

Validity: the published ranges of these three correlations were not read. K&L compared them for
d_p = 30-120 um, rho_s = 2000 kg/m3, u0 = 1 m/s, ambient air; a run outside those sizes and
velocities gets a warning saying so. Colakyan & Levenspiel (Powder Technol. 38 (1984) 223; validated
for u0 = 0.9-3.7 m/s, 300-1000 um) and Tasirin & Geldart (u0 = 0.2-0.8 m/s, 68-124 um), ranges as
quoted by Kramp, Thon, Hartge, Heinrich & Werther, Fluidization XIII (2010), ECI, paper 69, are
NOT shipped: their constants could not be read here. For a stripper outside the compared range,
multiply K* by ``factor`` and fit it to a stated separation efficiency with :func:`calibrate_factor`.

Link to the fixed-efficiency form :func:`clc.char.carbon_stripper_efficiency` (kept as an option):
a char particle held in the stripper for t is elutriated at the first-order rate k_i, so over a
solids plug flow of residence time t = W / sum F its separated share is 1 - exp(-t / tau) with
tau = 1 / k_i (``mixing="plug"``); the default, ``mixing="perfect"``, is the ch. 14 balance above.

All functions are plain NumPy/SciPy, SI units, called once per solve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from scipy.optimize import brentq

from .constants import G


def terminal_velocity(d_p: float, rho_p: float, rho_g: float, mu: float, sphericity: float = 1.0) -> float:
    """:func:`clc.riser.terminal_velocity` [m/s], imported when called: :mod:`clc.config` reads the
    stripper's design from this module and stays below the solver modules (tests/test_specs.py)."""
    from .riser import terminal_velocity as u_t

    return u_t(d_p, rho_p, rho_g, mu, sphericity)


_FOSSEE = ("Kunii & Levenspiel, Fluidization Engineering, 2nd ed., 1991, ch. 7, Example 5 (p. 181), read in "
           "the FOSSEE Scilab textbook companion of the book (second-hand)")
# conditions over which K&L compared the shipped correlations (not a validity range: none was read)
COMPARED_D_P = (30e-6, 120e-6)  # m, K&L ch. 7 Example 5 (FOSSEE companion)
COMPARED_U0 = 1.0  # m/s, same example
MIXING = ("perfect", "plug")


def _check(name: str, value, lo: float = 0.0, hi: float = math.inf, lo_open: bool = True) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"carbon stripper: {name}={value!r} must be a number") from None
    if not (math.isfinite(v) and (v > lo if lo_open else v >= lo) and v < hi):
        rng = f"{'(' if lo_open else '['}{lo:g}, {hi:g})"
        raise ValueError(f"carbon stripper: {name}={value!r} outside the allowed range {rng}")
    return v


def k_star_geldart(u0: float, u_t: float, rho_g: float) -> float:
    """Elutriation rate constant K* [kg/(m2 s)], Geldart et al.: 23.7 rho_g u0 exp(-5.4 u_t/u0).

    Read in K&L 1991 ch. 7 Example 5 via its FOSSEE Scilab companion (second-hand). K* = 0 for
    u_t >= u0 (labelled assumption, module docstring).

    >>> round(k_star_geldart(1.0, 0.0, 1.2), 4)      # u_t -> 0: 23.7 rho_g u0
    28.44
    >>> k_star_geldart(1.0, 1.2, 1.2)
    0.0
    """
    u0, u_t, rho_g = _check("u0", u0), _check("u_t", u_t, lo_open=False), _check("rho_g", rho_g)
    if u_t >= u0:
        return 0.0
    return 23.7 * rho_g * u0 * math.exp(-5.4 * u_t / u0)


def k_star_wen_hasinger(u0: float, u_t: float, d_p: float, rho_p: float, rho_g: float, mu: float) -> float:
    """K* [kg/(m2 s)], Wen & Hasinger:
    1.52e-5 (u0 - u_t)^2 rho_g / sqrt(g d_p) Re_t^0.725 ((rho_p - rho_g)/rho_g)^1.15.

    Read in K&L 1991 ch. 7 Example 5 via its FOSSEE Scilab companion (second-hand); 0 for u_t >= u0.
    """
    u0, u_t = _check("u0", u0), _check("u_t", u_t, lo_open=False)
    d_p, rho_p, rho_g, mu = _check("d_p", d_p), _check("rho_p", rho_p), _check("rho_g", rho_g), _check("mu", mu)
    if u_t >= u0:
        return 0.0
    re_t = rho_g * u_t * d_p / mu
    return 1.52e-5 * (u0 - u_t) ** 2 * rho_g / math.sqrt(G * d_p) * re_t**0.725 * ((rho_p - rho_g) / rho_g) ** 1.15


def k_star_yagi_aochi(u0: float, u_t: float, d_p: float, rho_g: float, mu: float) -> float:
    """K* [kg/(m2 s)], Yagi & Aochi: mu (u0 - u_t)^2 / (g d_p^2) (0.0015 Re_t^0.5 + 0.01 Re_t^1.2).

    Read in K&L 1991 ch. 7 Example 5 via its FOSSEE Scilab companion (second-hand); 0 for u_t >= u0.
    """
    u0, u_t = _check("u0", u0), _check("u_t", u_t, lo_open=False)
    d_p, rho_g, mu = _check("d_p", d_p), _check("rho_g", rho_g), _check("mu", mu)
    if u_t >= u0:
        return 0.0
    re_t = rho_g * u_t * d_p / mu
    return mu * (u0 - u_t) ** 2 / (G * d_p**2) * (0.0015 * re_t**0.5 + 0.01 * re_t**1.2)


CORRELATIONS = {
    "geldart": "Geldart et al.: K* = 23.7 rho_g u0 exp(-5.4 u_t/u0); " + _FOSSEE,
    "wen_hasinger": "Wen & Hasinger; " + _FOSSEE,
    "yagi_aochi": "Yagi & Aochi; " + _FOSSEE,
}


def correlations() -> list[str]:
    """Names of the shipped K* correlations (a callable is accepted too, see :func:`elutriation_rate_constant`)."""
    return list(CORRELATIONS)


KStar = Callable[..., float]  # (u0, u_t, d_p, rho_p, rho_g, mu) -> K* [kg/(m2 s)]


def elutriation_rate_constant(d_p: float, rho_p: float, u0: float, rho_g: float, mu: float,
                              correlation: str | KStar = "geldart", sphericity: float = 1.0,
                              factor: float = 1.0) -> float:
    """K* [kg/(m2 s)] of particles (d_p [m], rho_p [kg/m3], sphericity) in gas (rho_g, mu [Pa s]) at u0 [m/s].

    ``correlation``: a name of :data:`CORRELATIONS` or a callable ``f(u0, u_t, d_p, rho_p, rho_g, mu)``
    (your own, e.g. a measured one); ``factor`` multiplies the result (calibration, :func:`calibrate_factor`).

    >>> k1 = elutriation_rate_constant(100e-6, 800.0, 0.5, 0.25, 4.5e-5)   # char-like, in hot gas
    >>> k2 = elutriation_rate_constant(200e-6, 800.0, 0.5, 0.25, 4.5e-5)
    >>> k1 > k2 > 0.0
    True
    """
    factor = _check("factor", factor, lo_open=False)
    u_t = terminal_velocity(d_p, rho_p, rho_g, mu, sphericity)
    if callable(correlation):
        k = float(correlation(u0, u_t, d_p, rho_p, rho_g, mu))
        if not (math.isfinite(k) and k >= 0.0):
            raise ValueError(f"carbon stripper: the K* callable returned {k!r}; it must be finite and >= 0 kg/(m2 s)")
    elif correlation == "geldart":
        k = k_star_geldart(u0, u_t, rho_g)
    elif correlation == "wen_hasinger":
        k = k_star_wen_hasinger(u0, u_t, d_p, rho_p, rho_g, mu)
    elif correlation == "yagi_aochi":
        k = k_star_yagi_aochi(u0, u_t, d_p, rho_g, mu)
    else:
        raise ValueError(f"carbon stripper: correlation={correlation!r}; allowed: {', '.join(CORRELATIONS)} "
                         "or a callable f(u0, u_t, d_p, rho_p, rho_g, mu) -> K* [kg/(m2 s)]")
    return factor * k


def validity_warnings(d_p, u0: float, correlation) -> list[str]:
    """Messages when particle sizes d_p [m] or u0 [m/s] lie outside the conditions over which K&L
    compared the shipped correlations (their own validity ranges were not read); [] for a callable."""
    if callable(correlation):
        return []
    out = []
    d = np.atleast_1d(np.asarray(d_p, dtype=float))
    lo, hi = COMPARED_D_P
    if np.any(d < lo) or np.any(d > hi):
        out.append(f"elutriation ({correlation}): particle sizes {1e6 * d.min():.0f}-{1e6 * d.max():.0f} um lie "
                   f"outside the {1e6 * lo:.0f}-{1e6 * hi:.0f} um over which Kunii & Levenspiel compared the "
                   "correlations (no validity range was read): extrapolated; calibrate 'factor' if a figure exists")
    if not 0.5 * COMPARED_U0 <= u0 <= 2.0 * COMPARED_U0:
        out.append(f"elutriation ({correlation}): u0={u0:.3g} m/s is far from the {COMPARED_U0:g} m/s of Kunii & "
                   "Levenspiel's comparison (no validity range was read): extrapolated")
    return out


@dataclass(frozen=True)
class StripperResult:
    """Steady state of the carbon stripper (kg/s, kg, 1/s, s; arrays per char class).

    ``eta_char[i]``: share of char class i returned to the FR (elutriated); ``eta_carrier``: share of
    the carrier returned with it (carrier that does not reach the AR); ``efficiency``: share of all
    the char returned (the figure the fixed-efficiency option takes).
    """

    char_in: np.ndarray
    char_returned: np.ndarray
    char_to_ar: np.ndarray
    carrier_in: float
    carrier_returned: float
    carrier_to_ar: float
    eta_char: np.ndarray
    eta_carrier: float
    efficiency: float
    k_elutriation_char: np.ndarray  # 1/s
    k_elutriation_carrier: float  # 1/s
    k_underflow: float  # 1/s
    holdup_char: np.ndarray  # kg
    holdup_carrier: float  # kg
    residence_time: float  # s, W / (total solids fed)
    mixing: str
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def mass_balance_residual(self) -> float:
        """max relative residual of in = returned + to AR over the classes (0 to round-off)."""
        fed = np.append(self.char_in, self.carrier_in)
        out = np.append(self.char_returned + self.char_to_ar, self.carrier_returned + self.carrier_to_ar)
        return float(np.max(np.abs(fed - out)) / max(fed.sum(), 1e-300))


def separate(carrier_flow: float, carrier_d: float, carrier_rho: float, char_flow, char_d, char_rho: float, *,
             u0: float, area: float, inventory: float, rho_g: float, mu: float,
             correlation: str | KStar = "geldart", factor: float = 1.0, mixing: str = "perfect",
             carrier_sphericity: float = 1.0, char_sphericity: float = 1.0) -> StripperResult:
    """Separate char from the carrier in the stripper at steady state.

    Parameters
    ----------
    carrier_flow : carrier entering [kg/s] (the FR's solids outflow); carrier_d [m], carrier_rho [kg/m3]
    char_flow : char entering per class [kg/s] (scalar or array); char_d [m] per class; char_rho [kg/m3]
    u0 : stripper superficial gas velocity [m/s]; area [m2]; inventory W [kg] of solids held
    rho_g, mu : stripper gas density [kg/m3] and viscosity [Pa s] at its temperature
    correlation, factor : K* correlation (name or callable) and its multiplier
    mixing : "perfect" (K&L ch. 14 balance) or "plug" (1 - exp(-k_i t), the fixed-efficiency form)

    Returns
    -------
    StripperResult; ``warnings`` holds extrapolations and a bed that cannot hold W.

    LOOP HOOK: call once per char-balance iteration with the FR's solids outflow (carrier: the
    circulation; char: (k_out W_char) per class, kg/s); pass ``result.eta_char`` (scalar when one
    class, or per class to :func:`clc.char_classes.char_class_balance`) as the stripper efficiency
    in place of the fixed ``eta``; ``result.carrier_returned`` [kg/s] is carrier that goes back to
    the FR instead of the AR (the AR receives ``carrier_to_ar``); print ``result.warnings``.

    >>> r = separate(10.0, 150e-6, 4250.0, [0.005, 0.005], [100e-6, 200e-6], 800.0, u0=0.8, area=1.0,
    ...              inventory=100.0, rho_g=0.25, mu=4.5e-5)      # illustrative numbers
    >>> r.eta_carrier == 0.0 and 0.0 < r.eta_char[1] < r.eta_char[0] < 1.0 and r.mass_balance_residual() < 1e-12
    True
    """
    if mixing not in MIXING:
        raise ValueError(f"carbon stripper: mixing={mixing!r}; allowed: {', '.join(MIXING)}")
    carrier_flow = _check("carrier_flow", carrier_flow, lo_open=False)
    u0, area, inventory = _check("u0", u0), _check("area", area), _check("inventory", inventory)
    fc = np.atleast_1d(np.asarray(char_flow, dtype=float))
    dc = np.atleast_1d(np.asarray(char_d, dtype=float))
    if fc.shape != dc.shape or fc.ndim != 1:
        raise ValueError(f"carbon stripper: char_flow {fc.shape} and char_d {dc.shape} must be 1-D of one length")
    if not np.all(np.isfinite(fc)) or np.any(fc < 0.0):
        raise ValueError(f"carbon stripper: char_flow={fc.tolist()} kg/s must be finite and >= 0")
    if not np.all(np.isfinite(dc)) or np.any(dc <= 0.0):
        raise ValueError(f"carbon stripper: char_d={dc.tolist()} m must be finite and > 0")
    total = carrier_flow + fc.sum()
    if total <= 0.0:
        raise ValueError("carbon stripper: no solids enter (carrier_flow + char_flow = 0 kg/s)")
    kc = np.array([elutriation_rate_constant(d, char_rho, u0, rho_g, mu, correlation, char_sphericity, factor)
                   for d in dc]) * area / inventory
    ko = elutriation_rate_constant(carrier_d, carrier_rho, u0, rho_g, mu, correlation, carrier_sphericity,
                                   factor) * area / inventory
    warnings = validity_warnings(np.append(dc, carrier_d), u0, correlation)
    u_t_carrier = terminal_velocity(carrier_d, carrier_rho, rho_g, mu, carrier_sphericity)
    if u0 > u_t_carrier:
        warnings.append(f"carbon stripper: u0={u0:.3g} m/s exceeds the carrier's terminal velocity "
                        f"{u_t_carrier:.3g} m/s: carrier is elutriated and returned to the FR with the char")
    k_all = np.append(kc, ko)
    f_all = np.append(fc, carrier_flow)
    t_res = inventory / total
    if mixing == "plug":
        eta = 1.0 - np.exp(-k_all * t_res)
        hold = f_all * np.where(k_all > 0.0, -np.expm1(-k_all * t_res) / np.where(k_all > 0, k_all, 1.0), t_res)
        k_u = 1.0 / t_res
    else:
        hold_at = lambda ku: float(np.sum(f_all / (k_all + ku))) if ku > 0.0 else (
            math.inf if np.any((k_all == 0.0) & (f_all > 0.0)) else float(np.sum(f_all[f_all > 0] / k_all[f_all > 0])))
        if hold_at(0.0) <= inventory:
            k_u = 0.0
            warnings.append(f"carbon stripper: the gas elutriates the solids faster than they are fed; the bed "
                            f"holds {hold_at(0.0):.4g} kg < inventory {inventory:.4g} kg and nothing reaches the AR")
        else:
            hi = total / inventory
            k_u = brentq(lambda ku: hold_at(ku) - inventory, 0.0 if math.isfinite(hold_at(0.0)) else 1e-300, hi,
                         xtol=1e-15, rtol=1e-14, maxiter=200) if hold_at(hi) < inventory else hi
        denom = k_all + k_u
        eta = np.where(denom > 0.0, k_all / np.where(denom > 0, denom, 1.0), 0.0)
        hold = np.where(denom > 0.0, f_all / np.where(denom > 0, denom, 1.0), 0.0)
    returned = eta * f_all
    to_ar = f_all - returned
    n = fc.size
    fed_char = fc.sum()
    return StripperResult(
        char_in=fc, char_returned=returned[:n], char_to_ar=to_ar[:n], carrier_in=carrier_flow,
        carrier_returned=float(returned[n]), carrier_to_ar=float(to_ar[n]), eta_char=eta[:n],
        eta_carrier=float(eta[n]), efficiency=float(returned[:n].sum() / fed_char) if fed_char > 0 else 0.0,
        k_elutriation_char=kc, k_elutriation_carrier=float(ko), k_underflow=float(k_u), holdup_char=hold[:n],
        holdup_carrier=float(hold[n]), residence_time=t_res, mixing=mixing, warnings=tuple(warnings))


def equivalent_time_constant(char_d: float, char_rho: float, *, u0: float, area: float, inventory: float,
                             rho_g: float, mu: float, correlation: str | KStar = "geldart", factor: float = 1.0,
                             sphericity: float = 1.0) -> float:
    """tau = 1 / k_i = W / (K*_i A) [s] of a char class: the time constant of the fixed-efficiency form
    :func:`clc.char.carbon_stripper_efficiency` (eta = 1 - exp(-t / tau)) that this model implies in
    solids plug flow; inf when the char is not elutriated."""
    k = elutriation_rate_constant(char_d, char_rho, u0, rho_g, mu, correlation, sphericity, factor)
    return math.inf if k == 0.0 else _check("inventory", inventory) / (k * _check("area", area))


def calibrate_factor(target_efficiency: float, carrier_flow: float, carrier_d: float, carrier_rho: float,
                     char_flow, char_d, char_rho: float, **kw) -> float:
    """The multiplier of K* (``factor``) at which :func:`separate` returns the char ``efficiency``
    ``target_efficiency`` (a stated, e.g. published or measured, separation); other arguments as
    :func:`separate` (keywords). The calibration route when no K* correlation fits the stripper.

    Raises a ValueError when no factor reaches the target (e.g. the char's terminal velocity is
    above u0, so it is never elutriated, or the target needs more than the feed allows).
    """
    target = _check("target_efficiency", target_efficiency, 0.0, 1.0)
    kw.pop("factor", None)
    eff = lambda lf: separate(carrier_flow, carrier_d, carrier_rho, char_flow, char_d, char_rho,
                              factor=math.exp(lf), **kw).efficiency - target
    lo, hi = math.log(1e-9), math.log(1e9)
    e_lo, e_hi = eff(lo), eff(hi)
    if e_lo > 0.0 or e_hi < 0.0:
        raise ValueError(f"carbon stripper: no K* factor in [1e-9, 1e9] gives efficiency={target:g} "
                         f"(range {e_lo + target:.4g}-{e_hi + target:.4g}); check u0 against the char's "
                         "terminal velocity")
    return math.exp(brentq(eff, lo, hi, xtol=1e-12, rtol=1e-12, maxiter=300))


@dataclass(frozen=True)
class StripperUnit:
    """A carbon stripper's design and gas, SI: what a unit file's ``[carbon_stripper]`` table would hold
    for the elutriation model (the fixed ``efficiency`` stays the other option).

    ``u0`` [m/s], ``area`` [m2], ``inventory`` [kg] of solids held, ``rho_g`` [kg/m3] and ``mu`` [Pa s]
    of its fluidizing gas at its temperature (:meth:`with_gas` takes them from a composition),
    ``carrier_d`` [m] / ``carrier_rho`` [kg/m3] and ``char_rho`` [kg/m3] of the particles, the K*
    ``correlation`` (name or callable) with its ``factor``, and the solids ``mixing``.

    LOOP HOOK: build it once from the unit file; per char iteration call
    ``unit.separate(circulation, char_flow_per_class, char_d_per_class)`` and use ``eta_char``
    (per class) or ``efficiency`` (one number) in place of the fixed efficiency.

    >>> unit = StripperUnit(u0=0.8, area=1.0, inventory=100.0, rho_g=0.25, mu=4.5e-5, carrier_d=150e-6,
    ...                     carrier_rho=4250.0, char_rho=800.0)
    >>> 0.0 < unit.separate(10.0, 0.01, 100e-6).efficiency < 1.0
    True
    """

    u0: float
    area: float
    inventory: float
    rho_g: float
    mu: float
    carrier_d: float
    carrier_rho: float
    char_rho: float
    correlation: str | KStar = "geldart"
    factor: float = 1.0
    mixing: str = "perfect"
    carrier_sphericity: float = 1.0
    char_sphericity: float = 1.0

    def __post_init__(self):
        for name in ("u0", "area", "inventory", "rho_g", "mu", "carrier_d", "carrier_rho", "char_rho"):
            _check(name, getattr(self, name))
        _check("factor", self.factor, lo_open=False)
        for name in ("carrier_sphericity", "char_sphericity"):
            v = getattr(self, name)
            if not (isinstance(v, (int, float)) and 0.5 <= v <= 1.0):
                raise ValueError(f"carbon stripper: {name}={v!r} outside the allowed range [0.5, 1] "
                                 "(Haider-Levenspiel terminal velocity)")
        if self.mixing not in MIXING:
            raise ValueError(f"carbon stripper: mixing={self.mixing!r}; allowed: {', '.join(MIXING)}")
        if not callable(self.correlation) and self.correlation not in CORRELATIONS:
            raise ValueError(f"carbon stripper: correlation={self.correlation!r}; allowed: "
                             f"{', '.join(CORRELATIONS)} or a callable")

    @classmethod
    def with_gas(cls, T: float, P: float, y, **kw) -> "StripperUnit":
        """The unit with rho_g and mu of the gas of mole fractions ``y`` (:data:`clc.gas.SPECIES` order)
        at T [K] and P [Pa] (Cantera, GRI-Mech 3.0 transport, :func:`clc.gas.transport`)."""
        from . import gas

        y = np.asarray(y, dtype=float)
        key = gas.SPECIES[int(np.argmax(y))]
        mu, rho, _ = gas.transport(_check("T", T), _check("P", P), y, key)
        return cls(rho_g=rho, mu=mu, **kw)

    def separate(self, carrier_flow: float, char_flow, char_d) -> StripperResult:
        """:func:`separate` with this unit's design (flows kg/s, char sizes m)."""
        return separate(carrier_flow, self.carrier_d, self.carrier_rho, char_flow, char_d, self.char_rho,
                        u0=self.u0, area=self.area, inventory=self.inventory, rho_g=self.rho_g, mu=self.mu,
                        correlation=self.correlation, factor=self.factor, mixing=self.mixing,
                        carrier_sphericity=self.carrier_sphericity, char_sphericity=self.char_sphericity)

    def calibrated(self, target_efficiency: float, carrier_flow: float, char_flow, char_d) -> "StripperUnit":
        """A copy whose K* ``factor`` gives the char ``efficiency`` ``target_efficiency`` at these flows."""
        import dataclasses

        f = calibrate_factor(target_efficiency, carrier_flow, self.carrier_d, self.carrier_rho, char_flow, char_d,
                             self.char_rho, u0=self.u0, area=self.area, inventory=self.inventory, rho_g=self.rho_g,
                             mu=self.mu, correlation=self.correlation, mixing=self.mixing,
                             carrier_sphericity=self.carrier_sphericity, char_sphericity=self.char_sphericity)
        return dataclasses.replace(self, factor=f)


@dataclass(frozen=True)
class StripperDesign:
    """A carbon stripper unit as a unit file's ``[carbon_stripper]`` describes it (SI; built by
    :mod:`clc.config`): superficial gas velocity ``u0`` [m/s], cross-section ``area`` [m2], solids
    ``inventory`` [kg], K* ``correlation`` and ``factor``, or ``calibrate_to_efficiency`` (the factor
    is then solved so the stripper returns that share of the char, :meth:`StripperUnit.calibrated`),
    solids ``mixing``, the fluidizing ``gas`` (mole fractions, (species, fraction) pairs; default
    steam) and its ``temperature`` [K] (None: the fuel reactor's). The particles' sizes and densities
    come from the unit's carrier and char (:meth:`unit`).
    """

    u0: float
    area: float
    inventory: float
    correlation: str = "geldart"
    factor: float = 1.0
    calibrate_to_efficiency: float | None = None
    mixing: str = "perfect"
    gas: tuple[tuple[str, float], ...] = (("H2O", 1.0),)
    temperature: float | None = None

    def __post_init__(self):
        for name in ("u0", "area", "inventory"):
            _check(name, getattr(self, name))
        _check("factor", self.factor, lo_open=False)
        if self.calibrate_to_efficiency is not None:
            _check("calibrate_to_efficiency", self.calibrate_to_efficiency, 0.0, 1.0)
        if self.correlation not in CORRELATIONS:
            raise ValueError(f"carbon stripper: correlation={self.correlation!r}; allowed: {', '.join(CORRELATIONS)}")
        if self.mixing not in MIXING:
            raise ValueError(f"carbon stripper: mixing={self.mixing!r}; allowed: {', '.join(MIXING)}")

    def unit(self, T_fr: float, P: float, carrier_d: float, carrier_rho: float, char_rho: float,
             char_sphericity: float = 1.0) -> StripperUnit:
        """The :class:`StripperUnit` at the fuel reactor's temperature ``T_fr`` [K] (unless the design
        gives its own) and pressure ``P`` [Pa], gas properties from Cantera (:meth:`StripperUnit.with_gas`)."""
        from . import gas

        y = gas.vector(dict(self.gas))
        return StripperUnit.with_gas(self.temperature if self.temperature is not None else T_fr, P, y / y.sum(),
                                     u0=self.u0, area=self.area, inventory=self.inventory, carrier_d=carrier_d,
                                     carrier_rho=carrier_rho, char_rho=char_rho, correlation=self.correlation,
                                     factor=self.factor, mixing=self.mixing, char_sphericity=char_sphericity)
