"""Char in particle size classes in the fuel reactor: shrinking, elutriation of fines, loss to the AR.

Population balance at steady state of char in a perfectly mixed bed, in N size classes (the form of
Kunii & Levenspiel, Fluidization Engineering, 2nd ed., 1991, ch. 14, eq. (33), for shrinking
particles with elutriation, as used in the book's Example 4, "Wide size distribution of shrinking
particles", p. 352; read in the FOSSEE Scilab textbook companion of the book; the book itself was
not read). Classes j = 0..N-1 lie between size edges e_0 > e_1 > ... > e_N = 0 [m], width
D_j = e_j - e_(j+1), representative size d_j = (e_j + e_(j+1)) / 2. With W_j the char carbon held
in class j [mol], F_j its feed [mol/s] and R(d) = dd/dt <= 0 the shrinking rate [m/s]::

    F_j + |R(e_j)| W_(j-1) / D_(j-1) = W_j [ k_e,j + (1 - eta_j) k_out + s_j + |R(e_(j+1))| / D_j ]

    k_e,j  elutriation constant of class j [1/s] (fines leave the FR with its gas),
    (1 - eta_j) k_out   char leaving with the carrier and not sent back by the carbon stripper,
    s_j    specific gasification (mass loss) rate in class j [1/s],

solved class by class from the largest (K&L's recursion; with eta = 0 and constant R it is their
eq. (33) plus the carrier's withdrawal term). The mass crossing an edge is taken with the density of
the class above it (upwind), so summing over the classes telescopes and the carbon balance
``fed = gasified + to AR + elutriated`` closes to round-off.

Shrinking models (``shrink``):

- ``"volumetric"`` (default): first-order loss per current mass, s = r_H2O + r_CO2 [1/s] (the volume
  model with m = 1 of :mod:`clc.char`), at constant particle density, so d^3 shrinks with the mass:
  R(d) = -s d / 3 and s_j = s. One class from d_0 down to 0 is then exactly
  :func:`clc.solid_fuel_reactor.char_balance` (no flux leaves through e_N = 0).
- ``"constant_size"``: the same loss, particles keep their size (density falls): R = 0. ASSUMPTION
  (labelled): the elutriation constants stay those of the fed char's density.
- ``"surface"``: K&L's shrinking particle with a constant dd/dt = -``shrink_rate`` [m/s] (e.g.
  external-surface-controlled gasification; a user input: no CLC char value was read), so
  s_j = 3 shrink_rate / d_j; particles leaving the smallest class burn out (counted as gasified).
  The gasified carbon is split between H2O and CO2 in the ratio r_H2O : r_CO2.

Random-pore kinetics (``kin`` of model "random_pore", :mod:`clc.char`): the specific loss rate of a
particle depends on its own conversion X, not on its size: with L = -ln(1 - X) (the log of the
particle's remaining carbon, the same for every size when the intrinsic rate is size independent)::

    dL/dt = s(L) = (r_H2O + r_CO2) sqrt(1 + psi L)

A size class alone does not carry X, so the char is held in (size class j, conversion bin b) cells:
L is cut into bins (edges from 0, the fed char, to ``L_max`` and one open bin above), a particle
moves up in L at s(L) and loses carbon at s(L) per unit carbon, and -- with ``shrink="volumetric"``
-- down in size at |R(d)| = s d / 3 (the size crossing taken with the cell's carbon, upwind as
above). Each flux leaving a cell enters the next one, so the carbon balance again telescopes to
round-off. Per cell (mol C held W_jb, s_b = s at the bin mid-point)::

    rem_jb W_jb = P_jb + Q_jb - (what crosses to bin b + 1)
    rem_jb = k_e,j + (1 - eta_j) k_out + s_b (1 + c_j),   c_j = e_(j+1) / (3 D_j)

with P_jb the carbon entering at the bin's lower edge (the feed F_j in bin 0, else what crosses
from bin b - 1) and Q_jb = s_b c_(j-1) W_(j-1)b what shrinks in from class j - 1 (c_j = 0 for
``constant_size``). With s held at s_b over the bin the continuous equation is solved exactly in
it (:func:`_bin_shares`, optical depth x = rem dL / s_b): of P the share exp(-x) crosses on, of Q
(entering spread over the bin) (1 - exp(-x)) / x; the rest is removed, and W_jb is that rest over
rem. The open last bin passes nothing on. Summed over the bins the bin fluxes cancel, so with
psi = 0 (s constant) the class totals W_j = sum_b W_jb obey exactly the volume model's recursion
above, whatever the bins: the random-pore path reduces to it. With psi > 0 the default grid
(:data:`L_GRID`) holds one class's char conversion to within about 1.4e-5 (absolute) of the
segregated-flow value of :func:`clc.solid_fuel_reactor.char_balance` over k / k_out from 1e-2 to
1e2, and six classes with elutriation to within 1e-5 of a grid ten times finer
(tests/test_char_classes.py).
With ``shrink="surface"`` the loss is set by ``shrink_rate`` and X does not enter: the kinetics'
f(X) is not used. The volume model with m != 1 is not supported in classes (refused).

LOOP HOOK: :func:`char_class_balance` returns a :class:`CharClassBalance`, a
:class:`clc.solid_fuel_reactor.CharBalance` with ``elutriated`` filled in, so it replaces
``char_balance(...)`` in the loop's char iteration: ``products()`` as before; the loop must also
take ``elutriated`` [mol C/s] out of the FR (leaving with the FR gas as solid carbon at T_FR:
element C and enthalpy ``elutriated * thermo.h("C", T_FR)``; not captured unless the FR cyclone
returns it), and report it as "elutriated carbon".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from typing import TYPE_CHECKING

from . import carbon_stripper
from .solid_fuel_reactor import M_C, CharBalance

if TYPE_CHECKING:
    from .char import CharKinetics

SHRINK = ("volumetric", "constant_size", "surface")
# conversion bins of the random-pore path, in L = -ln(1 - X): first width, growth factor, largest
# width, and L_max (above it one open bin; e^-30 of the carbon is left there). Numerical choices
# (not data), checked against the exact one-class value in tests/test_char_classes.py.
L_GRID = (1e-4, 1.05, 0.02, 30.0)


def conversion_bin_edges(grid: tuple[float, float, float, float] = L_GRID) -> np.ndarray:
    """Edges of the conversion bins in L = -ln(1 - X): 0, growing widths, L_max (the open bin above
    it is not listed).

    >>> e = conversion_bin_edges((0.1, 2.0, 0.5, 2.0))
    >>> [round(float(x), 6) for x in e]
    [0.0, 0.1, 0.3, 0.7, 1.2, 1.7, 2.0]
    """
    first, growth, widest, l_max = grid
    if not (0.0 < first <= widest and growth >= 1.0 and l_max > first):
        raise ValueError(f"char classes: conversion grid {grid!r} needs 0 < first <= widest, growth >= 1, "
                         "L_max > first")
    edges, w = [0.0], first
    while edges[-1] + w < l_max:
        edges.append(edges[-1] + w)
        w = min(w * growth, widest)
    edges.append(l_max)
    return np.asarray(edges)


def _arr(name: str, v, n: int, lo: float, hi: float = math.inf, hi_open: bool = False) -> np.ndarray:
    a = np.asarray(v, dtype=float)
    if a.ndim == 0:
        a = np.full(n, float(a))
    if a.shape != (n,):
        raise ValueError(f"char classes: {name} has shape {a.shape}; give a number or {n} values (one per class)")
    bad = ~np.isfinite(a) | (a < lo) | ((a >= hi) if hi_open else (a > hi))
    if np.any(bad):
        rng = f"[{lo:g}, {hi:g}{')' if hi_open else ']'}"
        raise ValueError(f"char classes: {name}={a[bad].tolist()} outside the allowed range {rng}")
    return a


def check_edges(edges) -> np.ndarray:
    """Size edges [m]: strictly decreasing, the last one 0 (the smallest class reaches zero size)."""
    e = np.asarray(edges, dtype=float)
    if e.ndim != 1 or e.size < 2:
        raise ValueError(f"char classes: edges={e.tolist()} must hold at least two sizes [m] (one class)")
    if not np.all(np.isfinite(e)) or e[-1] != 0.0 or np.any(np.diff(e) >= 0.0):
        raise ValueError(f"char classes: edges={e.tolist()} m must decrease strictly and end at 0 "
                         "(e.g. [1e-3, 5e-4, 2e-4, 0])")
    return e


def sizes(edges) -> np.ndarray:
    """Representative size of each class [m]: the mid-point of its edges."""
    e = check_edges(edges)
    return 0.5 * (e[:-1] + e[1:])


@dataclass(frozen=True)
class CharParticles:
    """The char's particles as a unit file's ``[fuel.char_particles]`` gives them (SI; built by
    :mod:`clc.config`): size class ``edges`` [m] (decreasing, last 0), the fed char's mass ``fractions``
    per class, its particle ``density`` [kg/m3] and ``sphericity``, the ``shrink`` model (and
    ``shrink_rate`` [m/s] for "surface"), and the K* correlation of elutriation from the FR
    (``elutriation``; None: no elutriation) with its ``elutriation_factor``.

    >>> [round(1e6 * d) for d in CharParticles((1e-3, 2e-4, 0.0), (0.6, 0.4), 800.0).sizes]   # um
    [600, 100]
    """

    edges: tuple[float, ...]
    fractions: tuple[float, ...]
    density: float
    shrink: str = "volumetric"
    shrink_rate: float | None = None
    elutriation: str | None = "geldart"
    elutriation_factor: float = 1.0
    sphericity: float = 1.0

    def __post_init__(self):
        e = check_edges(self.edges)
        frac = _arr("fractions", self.fractions, e.size - 1, 0.0, 1.0)
        if abs(frac.sum() - 1.0) > 1e-9:
            raise ValueError(f"char classes: fractions sum to {frac.sum():.12g}; they must sum to 1")
        if not (math.isfinite(self.density) and 100.0 <= self.density <= 5000.0):
            raise ValueError(f"char classes: density={self.density!r} kg/m3 outside the allowed range [100, 5000]")
        if self.shrink not in SHRINK:
            raise ValueError(f"char classes: shrink={self.shrink!r}; allowed: {', '.join(SHRINK)}")
        if (self.shrink == "surface") != (self.shrink_rate is not None):
            raise ValueError("char classes: shrink_rate is given with, and only with, shrink='surface'")
        if self.elutriation is not None and self.elutriation not in carbon_stripper.CORRELATIONS:
            raise ValueError(f"char classes: elutriation={self.elutriation!r}; allowed: "
                             f"{', '.join(carbon_stripper.CORRELATIONS)} or None")
        if not (math.isfinite(self.elutriation_factor) and self.elutriation_factor >= 0.0):
            raise ValueError(f"char classes: elutriation_factor={self.elutriation_factor!r} must be >= 0")
        if not 0.5 <= self.sphericity <= 1.0:
            raise ValueError(f"char classes: sphericity={self.sphericity!r} outside the allowed range [0.5, 1]")

    @property
    def sizes(self) -> np.ndarray:
        """Representative size of each class [m]."""
        return sizes(self.edges)

    @property
    def n_classes(self) -> int:
        return len(self.edges) - 1


@dataclass(frozen=True)
class CharClassBalance(CharBalance):
    """:class:`CharBalance` (totals, mol C/s) with the per-class arrays (mol C/s; holdup mol C)."""

    edges: np.ndarray = field(default=None, repr=False)  # m, decreasing, last 0
    feed: np.ndarray = field(default=None, repr=False)
    gasified_h2o_classes: np.ndarray = field(default=None, repr=False)
    gasified_co2_classes: np.ndarray = field(default=None, repr=False)
    to_air_reactor_classes: np.ndarray = field(default=None, repr=False)
    elutriated_classes: np.ndarray = field(default=None, repr=False)
    holdup_classes: np.ndarray = field(default=None, repr=False)  # mol C

    @property
    def sizes(self) -> np.ndarray:
        return sizes(self.edges)

    def carbon_residual(self) -> float:
        """(fed - gasified - to AR - elutriated) / fed; 0 to round-off."""
        fed = float(self.feed.sum())
        out = self.gasified_h2o + self.gasified_co2 + self.to_air_reactor + self.elutriated
        return (fed - out) / fed if fed > 0.0 else 0.0


def char_class_balance(char_carbon: float, feed_fractions, edges, r_h2o: float, r_co2: float, k_out: float,
                       eta, *, k_elutriation=0.0, shrink: str = "volumetric",
                       shrink_rate: float | None = None, kin: "CharKinetics | None" = None,
                       grid: tuple[float, float, float, float] = L_GRID) -> CharClassBalance:
    """Steady state of char fed in size classes to a perfectly mixed FR with a carbon stripper.

    Parameters
    ----------
    char_carbon : char carbon fed [mol C/s] (``FuelFeed.char_carbon``)
    feed_fractions : share of it in each class (N values, sum 1)
    edges : N + 1 size edges [m], decreasing, last 0
    r_h2o, r_co2 : gasification rates [1/s] (first order per current mass), as for ``char_balance``
    k_out : rate constant [1/s] at which solids leave the FR (circulation / FR inventory)
    eta : carbon stripper efficiency, one number or per class (e.g. ``StripperResult.eta_char``), in [0, 1)
    k_elutriation : elutriation constant of each class from the FR [1/s] (:func:`fr_elutriation_constants`)
    shrink, shrink_rate : the shrinking model (module docstring) and, for "surface", |dd/dt| [m/s]
    kin : the char's conversion model (None or the volume model with m = 1: first order per current
        mass; "random_pore": r_h2o and r_co2 are the initial rates and the conversion bins of the
        module docstring are solved on ``grid``, :data:`L_GRID`)

    >>> b = char_class_balance(1.0, [1.0], [1e-3, 0.0], 0.002, 0.0, 0.002, 0.0)   # = char_balance
    >>> round(b.conversion, 12), b.elutriated
    (0.5, 0.0)
    """
    e = check_edges(edges)
    n = e.size - 1
    d = 0.5 * (e[:-1] + e[1:])
    width = e[:-1] - e[1:]
    for name, v in (("char_carbon", char_carbon), ("r_h2o", r_h2o), ("r_co2", r_co2), ("k_out", k_out)):
        if not (math.isfinite(v) and v >= 0.0):
            raise ValueError(f"char classes: {name}={v!r} must be finite and not negative")
    frac = _arr("feed_fractions", feed_fractions, n, 0.0, 1.0)
    if abs(frac.sum() - 1.0) > 1e-9:
        raise ValueError(f"char classes: feed_fractions sum to {frac.sum():.12g}; they must sum to 1")
    eta = _arr("eta", eta, n, 0.0, 1.0, hi_open=True)
    k_e = _arr("k_elutriation", k_elutriation, n, 0.0)
    if shrink not in SHRINK:
        raise ValueError(f"char classes: shrink={shrink!r}; allowed: {', '.join(SHRINK)}")
    k = r_h2o + r_co2
    if shrink == "surface":
        if shrink_rate is None or not (math.isfinite(shrink_rate) and shrink_rate >= 0.0):
            raise ValueError(f"char classes: shrink='surface' needs shrink_rate=|dd/dt| >= 0 m/s (got {shrink_rate!r})")
        if shrink_rate > 0.0 and k <= 0.0:
            raise ValueError("char classes: shrink='surface' with shrink_rate > 0 but r_h2o = r_co2 = 0: "
                             "no gasifying agent to split the gasified carbon between")
        loss = 3.0 * shrink_rate / d
        out = np.full(n, shrink_rate) / width  # last class: burn-out at zero size
    elif shrink is not None and shrink_rate is not None:
        raise ValueError(f"char classes: shrink_rate is for shrink='surface' only (shrink={shrink!r})")
    if shrink == "volumetric":
        loss = np.full(n, k)
        out = k * e[1:] / 3.0 / width  # |R(e_(j+1))| / D_j, R = -k d / 3; 0 for the last class
    elif shrink == "constant_size":
        loss = np.full(n, k)
        out = np.zeros(n)
    k_x = (1.0 - eta) * k_out
    F = char_carbon * frac
    if kin is not None and kin.model != "random_pore" and kin.m != 1.0:
        raise ValueError(f"char classes: the char kinetics {kin.name!r} use the volume model with m={kin.m:g}; "
                         "size classes take first-order (m = 1) or random-pore kinetics")
    if kin is not None and kin.model == "random_pore" and shrink != "surface" and k > 0.0:
        c = e[1:] / 3.0 / width if shrink == "volumetric" else np.zeros(n)  # size crossing per unit s
        return _random_pore(F, e, r_h2o, r_co2, kin.psi, k_e, k_x, c, conversion_bin_edges(grid))
    W = np.zeros(n)
    inflow = 0.0
    for j in range(n):
        src = F[j] + inflow
        den = k_e[j] + k_x[j] + loss[j] + out[j]
        if den <= 0.0:
            if src > 0.0:
                raise ValueError(f"char classes: class {j} ({1e6 * d[j]:.0f} um) is fed but nothing removes its "
                                 "char (no gasification, elutriation, shrinking or exit): no steady state")
            W[j] = 0.0
        else:
            W[j] = src / den
        inflow = out[j] * W[j]
    gasified = loss * W
    gasified[-1] += out[-1] * W[-1]  # burn-out of the smallest class (0 unless shrink="surface")
    share_h2o = r_h2o / k if k > 0.0 else 0.0
    g_h2o, g_co2 = gasified * share_h2o, gasified * (1.0 - share_h2o)
    to_ar = k_x * W
    elut = k_e * W
    fed = char_carbon
    return CharClassBalance(
        gasified_h2o=float(g_h2o.sum()), gasified_co2=float(g_co2.sum()), to_air_reactor=float(to_ar.sum()),
        inventory=float(W.sum() * M_C), conversion=float(gasified.sum() / fed) if fed > 0.0 else 0.0,
        elutriated=float(elut.sum()), edges=e, feed=F, gasified_h2o_classes=g_h2o, gasified_co2_classes=g_co2,
        to_air_reactor_classes=to_ar, elutriated_classes=elut, holdup_classes=W)


def _bin_shares(x: float) -> tuple[float, float, float, float]:
    """What a conversion bin of optical depth x = rem dL / s passes on and holds (module docstring).

    Returns (passed, held x rem) for carbon entering at the bin's lower edge, then for carbon
    entering spread evenly over the bin: exp(-x) and 1 - exp(-x); (1 - exp(-x)) / x and
    1 - (1 - exp(-x)) / x. Each pair adds to 1 (the carbon balance of the bin).
    """
    if math.isinf(x):  # the open last bin: nothing passes
        return 0.0, 1.0, 0.0, 1.0
    held_edge = -math.expm1(-x)
    passed_spread = held_edge / x if x > 1e-8 else 1.0 - 0.5 * x
    return 1.0 - held_edge, held_edge, passed_spread, 1.0 - passed_spread


def _random_pore(F: np.ndarray, e: np.ndarray, r_h2o: float, r_co2: float, psi: float, k_e: np.ndarray,
                 k_x: np.ndarray, c: np.ndarray, bins: np.ndarray) -> CharClassBalance:
    """Char classes with random-pore kinetics: the (size class, conversion bin) cells of the module
    docstring, solved from the largest class and the fed (lowest) bin up (each cell's inflows come
    from cells already solved)."""
    if not (math.isfinite(psi) and psi >= 0.0):
        raise ValueError(f"char classes: psi={psi!r} must be finite and not negative")
    n, k = F.size, r_h2o + r_co2
    dl = np.diff(bins)
    mids = np.append(bins[:-1] + 0.5 * dl, bins[-1])  # the open bin: s at L_max
    s = (k * np.sqrt(1.0 + psi * mids)).tolist()
    dl = dl.tolist() + [math.inf]  # the open bin: nothing crosses out of it
    m = len(s)
    W = np.zeros((n, m))
    above = [0.0] * m  # size-crossing inflow into the current class, per bin
    for j in range(n):
        lam, cj = float(k_e[j] + k_x[j]), float(c[j])
        row = [0.0] * m
        prev = 0.0  # bin-crossing inflow from the bin below
        for b in range(m):
            edge = (float(F[j]) if b == 0 else 0.0) + prev  # enters at the bin's lower edge
            rem = lam + s[b] * (1.0 + cj)  # removal other than crossing to the next bin [1/s]
            pass_e, held_e, pass_s, held_s = _bin_shares(rem * dl[b] / s[b])
            row[b] = (edge * held_e + above[b] * held_s) / rem
            prev = edge * pass_e + above[b] * pass_s
        W[j] = row
        above = (cj * np.asarray(s) * W[j]).tolist()
    s_arr = np.asarray(s)
    gasified = W @ s_arr
    holdup = W.sum(axis=1)
    share_h2o = r_h2o / k
    g_h2o, g_co2 = gasified * share_h2o, gasified * (1.0 - share_h2o)
    to_ar, elut = k_x * holdup, k_e * holdup
    fed = float(F.sum())
    return CharClassBalance(
        gasified_h2o=float(g_h2o.sum()), gasified_co2=float(g_co2.sum()), to_air_reactor=float(to_ar.sum()),
        inventory=float(holdup.sum() * M_C), conversion=float(gasified.sum() / fed) if fed > 0.0 else 0.0,
        elutriated=float(elut.sum()), edges=e, feed=F, gasified_h2o_classes=g_h2o, gasified_co2_classes=g_co2,
        to_air_reactor_classes=to_ar, elutriated_classes=elut, holdup_classes=holdup)


def fr_elutriation_constants(edges, char_rho: float, *, u0: float, area: float, inventory: float, rho_g: float,
                             mu: float, correlation="geldart", factor: float = 1.0,
                             sphericity: float = 1.0) -> tuple[np.ndarray, list[str]]:
    """Elutriation constants k_e,j = K*_j A / W_FR [1/s] of the char classes from the fuel reactor, and
    the extrapolation warnings (:mod:`clc.carbon_stripper`'s K* correlations, at each class's
    representative size and the fed char's density ``char_rho`` [kg/m3]).

    ``u0`` [m/s] the FR superficial gas velocity, ``area`` [m2] its cross-section, ``inventory``
    [kg] its solids (carrier + char), ``rho_g`` [kg/m3] and ``mu`` [Pa s] its gas. Classes whose
    terminal velocity is at or above u0 get 0 (labelled assumption of :mod:`clc.carbon_stripper`).
    LOOP HOOK: from the FR's hydrodynamics (u0 at the bed top, area, inventory, gas properties) to
    ``k_elutriation`` of :func:`char_class_balance`; print the warnings.
    """
    if not (math.isfinite(inventory) and inventory > 0.0):
        raise ValueError(f"char classes: FR inventory={inventory!r} kg must be positive")
    if not (math.isfinite(area) and area > 0.0):
        raise ValueError(f"char classes: FR area={area!r} m2 must be positive")
    d = sizes(edges)
    k = np.array([carbon_stripper.elutriation_rate_constant(dj, char_rho, u0, rho_g, mu, correlation, sphericity,
                                                            factor) for dj in d]) * area / inventory
    return k, carbon_stripper.validity_warnings(d, u0, correlation)


def with_stripper(char_carbon: float, feed_fractions, edges, r_h2o: float, r_co2: float, k_out: float,
                  circulation: float, stripper, *, k_elutriation=0.0, shrink: str = "volumetric",
                  shrink_rate: float | None = None, tol: float = 1e-12, max_iter: int = 100,
                  kin: "CharKinetics | None" = None):
    """Char classes in the FR coupled with a carbon stripper unit; returns (CharClassBalance, StripperResult).

    The FR's solids outflow -- ``circulation`` [kg/s] of carrier and k_out W_j M_C [kg/s] of char per
    class, at the class's representative size -- enters ``stripper`` (a
    :class:`clc.carbon_stripper.StripperUnit`); its per-class ``eta_char`` goes back into
    :func:`char_class_balance`, and the two are iterated to a fixed point (relative change of eta
    below ``tol``). Labelled assumptions: char is pure carbon (ash not carried), and neither
    gasifies nor shrinks in the stripper. ``kin``: the char's conversion model, as for
    :func:`char_class_balance`. LOOP HOOK: call this instead of ``char_balance`` when the
    unit has a stripper unit and char classes; ``StripperResult.carrier_returned`` [kg/s] goes back
    to the FR instead of the AR.
    """
    if not (math.isfinite(circulation) and circulation >= 0.0):
        raise ValueError(f"char classes: circulation={circulation!r} kg/s must be finite and not negative")
    d = sizes(edges)
    eta = np.zeros(d.size)
    for _ in range(max_iter):
        b = char_class_balance(char_carbon, feed_fractions, edges, r_h2o, r_co2, k_out, eta,
                               k_elutriation=k_elutriation, shrink=shrink, shrink_rate=shrink_rate, kin=kin)
        s = stripper.separate(circulation, k_out * b.holdup_classes * M_C, d)
        eta_new = np.minimum(s.eta_char, 1.0 - 1e-12)  # eta = 1 would hold char in the FR forever
        if np.max(np.abs(eta_new - eta)) <= tol * max(float(np.max(eta_new)), 1e-300):
            b = char_class_balance(char_carbon, feed_fractions, edges, r_h2o, r_co2, k_out, eta_new,
                                   k_elutriation=k_elutriation, shrink=shrink, shrink_rate=shrink_rate, kin=kin)
            return b, s
        eta = eta_new
    raise RuntimeError(f"char classes: the stripper and the FR char did not converge in {max_iter} iterations")
