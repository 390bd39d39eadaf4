"""Riser (fast fluidized bed) hydrodynamics: axial solids profile, inventory, circulation, cells.

Two published closures of the same picture -- a dense zone at the bottom and solids thinning
out exponentially above it -- each a pure-NumPy function run once per solve (SI units):

* ``kunii_levenspiel_profile``: Kunii & Levenspiel, Fluidization Engineering, 2nd ed.,
  Butterworth-Heinemann 1991, ch. 8 ("fast fluidization"), its eqs. (4), (7) and (10) as used
  in its Example 1 ("Performance of a fast fluidized vessel", p. 206), read in the FOSSEE
  Scilab textbook companion of the book (file headed ``Chapter-8, Example 1, Page 206``,
  stored public-code index; the book itself was not read, and the equation numbers are the
  companion's). A lower dense region of solids fraction eps_sd and height H_d, a lean
  region above it decaying towards the saturation carrying capacity eps* with decay constant
  a, where a u0 is a constant of the solids (3 s^-1 in that example);
* ``chalmers_profile``: the Chalmers three-zone model, Johnsson & Leckner, Proc. 13th Int.
  Conf. on Fluidized Bed Combustion, ASME 1995, p. 671 (and Johnsson, Svensson & Leckner,
  Fluidization VII, 1992, p. 471), as written out by de las Obras-Loscertales, Garcia-Labiano,
  de Diego, Gayan, Abad & Adanez (ICB-CSIC), "Simulation of the sulfur retention in an oxy-fuel
  20 MW CFB combustor", eqs. (6)-(9) (read as text in the stored public-code index; its
  typeset equations are garbled there and were re-assembled from their symbols): a bottom bed
  of constant solids fraction, a splash zone where a cluster contribution decays with
  a = 4 u_t/u0 [1/m] and a transport zone where a dispersed contribution decays with
  K = 0.23/(u0 - u_t) [1/m].

The solids circulation is tied to the solids fraction at the exit by Kunii & Levenspiel's
eq. (4) of ch. 8, Gs = rho_s u0 eps_se [kg/(m2 s)]: what leaves the top is the circulation.
Pressure drop is hydrostatic, dp = g integral rho_p eps_s dz = inventory g / area (gas weight,
wall friction and solids acceleration are left out: an assumption of this module).

The terminal velocity u_t comes from Haider & Levenspiel, Powder Technol. 58 (1989) 63,
as Kunii & Levenspiel 1991 give it in ch. 3, eqs. (31)-(33) (cross-read in the chemics
package, ``chemics/pneumatics/terminal_velocity.py``).

What is NOT from a source and therefore an input: eps_sd (K&L read it from a figure of ch. 8,
"Fig. 8(b)" in the companion, for their solids), eps* and a u0 (K&L's Example 1 uses 0.01 and
3 s^-1 for fine 55 um, 1000 kg/m3 solids, nothing like an ilmenite), and the Chalmers
bottom-bed solids fraction.
:func:`cells` gives, per height cell, the solids mass and the gas-solid contacting split the
sources describe (bubble / emulsion in the dense zone, core / wall in the lean zone); see there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from .constants import G
from .hydrodynamics import Bound, Validity, check_validity

KUNII_LEVENSPIEL = "kunii_levenspiel"
CHALMERS = "chalmers"

# Chalmers decay constants (Johnsson & Leckner 1995, via de las Obras-Loscertales et al., eqs. 8-9)
CHALMERS_SPLASH_COEFF = 4.0  # a = 4 u_t / u0 [1/m]: the 4 is in 1/m
CHALMERS_TRANSPORT_COEFF = 0.23  # K = 0.23 / (u0 - u_t), [1/m] with velocities in m/s (so 0.23 is in 1/s)


def _check(name: str, value, lo: float = 0.0, hi: float = math.inf,
           lo_open: bool = True, hi_open: bool = True, unit: str = "") -> float:
    """Raise ``ValueError`` naming the field, its value and the allowed range."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} must be a number") from None
    ok = math.isfinite(v) and (v > lo if lo_open else v >= lo) and (v < hi if hi_open else v <= hi)
    if not ok:
        rng = f"{'(' if lo_open else '['}{lo:g}, {hi:g}{')' if hi_open else ']'}"
        raise ValueError(f"{name}={value!r}{' ' + unit if unit else ''} outside the allowed range {rng}")
    return v


_KL = "Kunii & Levenspiel, Fluidization Engineering, 2nd ed., 1991"

# Validity ranges of this module's correlations, with the source that states each (see
# clc.hydrodynamics.VALIDITY). The ones the functions already refuse outside (sphericity of
# Haider-Levenspiel, u0 > u_t of both profiles) are listed too, so that a caller can check a
# condition before calling.
VALIDITY: dict[str, Validity] = {
    "terminal_velocity": Validity(
        "Haider-Levenspiel terminal velocity", f"Haider & Levenspiel 1989; {_KL}, ch. 3, eqs. 31-33",
        (Bound("sphericity", "sphericity", 0.5, 1.0),)),
    "chalmers_profile": Validity(
        "Chalmers three-zone riser profile",
        "Johnsson & Leckner 1995, as eqs. 6-9 of de las Obras-Loscertales et al.",
        (Bound("u0_minus_ut", "u0 - u_t", lo=0.0, unit="m/s"),),
        note="its data are CFB boilers (u0 of a few m/s): no numeric range stated beyond u0 > u_t; "
             "that one is refused by the functions"),
    "kunii_levenspiel_profile": Validity(
        "Kunii-Levenspiel riser profile", f"{_KL}, ch. 8",
        (Bound("u0_minus_ut", "u0 - u_t", lo=0.0, unit="m/s"),),
        note="eps_sd, eps* and a u0 are the user's (read for other solids in the source); no range "
             "stated beyond u0 > u_t, which the functions refuse"),
}


def validity(name: str, **values: float) -> list[str]:
    """One message per bound of riser correlation ``name`` (a key of :data:`VALIDITY`) that
    ``values`` (SI units) violate; [] inside the range. Pure.

    >>> validity("terminal_velocity", sphericity=0.8)
    []
    >>> len(validity("chalmers_profile", u0_minus_ut=-0.2))
    1
    """
    return check_validity(VALIDITY, name, values)


def terminal_velocity(d_p: float, rho_p: float, rho_g: float, mu: float, sphericity: float = 1.0) -> float:
    """Terminal velocity of a single particle in a gas [m/s], Haider & Levenspiel (1989).

    d* = d_p [rho_g (rho_p - rho_g) g / mu^2]^(1/3),
    u_t* = [18 / d*^2 + (2.335 - 1.744 phi) / d*^0.5]^-1,
    u_t = u_t* [mu (rho_p - rho_g) g / rho_g^2]^(1/3)
    (Haider & Levenspiel, Powder Technol. 58 (1989) 63-70; Kunii & Levenspiel 1991, ch. 3,
    eqs. 31-33). Valid for sphericity 0.5 <= phi <= 1; for spheres 2.335 - 1.744 = 0.591.
    Units: d_p m, densities kg/m3, mu Pa s.

    Worked example, 150 um ilmenite (4250 kg/m3) in air near 950 degC:

    >>> round(terminal_velocity(150e-6, 4250.0, 0.288, 4.9e-5), 3)   # Re_t = 0.83: near Stokes (1.06 m/s)
    0.937
    """
    _check("d_p", d_p, unit="m")
    _check("rho_p", rho_p, unit="kg/m3")
    _check("rho_g", rho_g, unit="kg/m3")
    _check("mu", mu, unit="Pa s")
    _check("sphericity", sphericity, 0.5, 1.0, lo_open=False, hi_open=False)
    if rho_p <= rho_g:
        raise ValueError(f"rho_p={rho_p!r} kg/m3 must exceed rho_g={rho_g!r} kg/m3")
    d_star = d_p * (rho_g * (rho_p - rho_g) * G / mu**2) ** (1.0 / 3.0)
    ut_star = 1.0 / (18.0 / d_star**2 + (2.335 - 1.744 * sphericity) / math.sqrt(d_star))
    return ut_star * (mu * (rho_p - rho_g) * G / rho_g**2) ** (1.0 / 3.0)


@dataclass(frozen=True)
class RiserProfile:
    """Axial solids distribution of a riser and what follows from it (SI units).

    ``solids_fraction(z)`` and ``holdup(z)`` (= integral_0^z eps_s dz, m) are exact for the
    chosen closure; ``inventory``, ``solids_flux`` and ``pressure_drop`` are consistent with them.
    """

    model: str
    height: float  # m, riser height H (distributor to exit)
    diameter: float  # m
    u0: float  # m/s, superficial gas velocity
    u_t: float  # m/s, particle terminal velocity
    rho_p: float  # kg/m3, particle density
    eps_dense: float  # solids volume fraction of the dense (K&L) / bottom (Chalmers) zone
    dense_height: float  # m, H_d (K&L) or H_b (Chalmers); < 0 in K&L: no dense zone (see docs)
    a: float  # 1/m, lean-region (K&L) or splash-zone (Chalmers) decay constant
    eps_star: float  # K&L saturation carrying capacity (nan for Chalmers)
    K: float  # 1/m, Chalmers transport-zone decay constant (nan for K&L)
    eps_exit: float  # solids fraction that sets the flux out of the top, Gs = rho_p u0 eps_exit
    inventory: float  # kg of solids in the riser

    @property
    def area(self) -> float:
        return math.pi * self.diameter**2 / 4.0

    @property
    def solids_flux(self) -> float:
        """Gs = rho_p u0 eps_exit [kg/(m2 s)], K&L 1991 ch. 8 eq. (4): the circulation flux."""
        return self.rho_p * self.u0 * self.eps_exit

    @property
    def circulation(self) -> float:
        """Solids circulation rate [kg/s] = Gs * area."""
        return self.solids_flux * self.area

    @property
    def pressure_drop(self) -> float:
        """Hydrostatic pressure drop [Pa] = g rho_p integral eps_s dz = inventory g / area."""
        return G * self.rho_p * float(self.holdup(self.height))

    @property
    def splash_height(self) -> float:
        """Chalmers: top of the splash zone [m], where cluster and dispersed terms are equal
        (the definition de las Obras-Loscertales et al. give); nan for K&L or if never equal."""
        if self.model != CHALMERS:
            return math.nan
        hb, H = self.dense_height, self.height
        c0 = self.eps_dense - self.eps_exit * math.exp(self.K * (H - hb))
        d0 = self.eps_exit * math.exp(self.K * (H - hb))
        if c0 <= d0:
            return hb
        # c0 exp(-a s) = d0 exp(-K s)  ->  s = ln(c0/d0) / (a - K)
        if self.a <= self.K:
            return math.nan
        return min(hb + math.log(c0 / d0) / (self.a - self.K), H)

    def solids_fraction(self, z) -> np.ndarray:
        """Cross-section mean solids volume fraction eps_s at height(s) z [m] (0 <= z <= H)."""
        z = np.asarray(z, dtype=float)
        if np.any(z < 0) or np.any(z > self.height * (1 + 1e-12)):
            raise ValueError(f"z must lie in [0, {self.height:g}] m")
        hd = self.dense_height
        if self.model == KUNII_LEVENSPIEL:
            return self.eps_star + (self.eps_dense - self.eps_star) * np.exp(-self.a * np.maximum(z - hd, 0.0))
        above = np.maximum(z - hd, 0.0)
        eps_db = self.eps_exit * math.exp(self.K * (self.height - hd))
        lean = (self.eps_dense - eps_db) * np.exp(-self.a * above) + self.eps_exit * np.exp(self.K * (self.height - z))
        return np.where(z <= hd, self.eps_dense, lean)

    def dispersed_fraction(self, z) -> np.ndarray:
        """Chalmers: the dispersed-phase term eps_exit exp(K (H - z)) of eps_s (the part the
        transport-zone decay K governs; the cluster term adds to it); nan for K&L."""
        z = np.asarray(z, dtype=float)
        if self.model != CHALMERS:
            return np.full(z.shape, np.nan)
        return self.eps_exit * np.exp(self.K * (self.height - z))

    def holdup(self, z) -> np.ndarray:
        """Solids 'height' integral_0^z eps_s dz [m] (times rho_p * area gives kg)."""
        z = np.asarray(z, dtype=float)
        if np.any(z < 0) or np.any(z > self.height * (1 + 1e-12)):
            raise ValueError(f"z must lie in [0, {self.height:g}] m")
        return _holdup(self.model, z, self.height, self.dense_height, self.eps_dense, self.a,
                       self.eps_star, self.K, self.eps_exit)


def _holdup(model, z, H, hd, eps_d, a, eps_star, K, eps_exit):
    z = np.asarray(z, dtype=float)
    if model == KUNII_LEVENSPIEL:
        s = max(hd, 0.0)  # start of the exponential inside the riser
        amp = (eps_d - eps_star) * math.exp(-a * (s - hd))  # excess over eps* at z = s
        lean = z - s
        return np.where(z <= s, eps_d * z,
                        eps_d * s + eps_star * lean - amp * np.expm1(-a * np.maximum(lean, 0.0)) / a)
    eps_db = eps_exit * math.exp(K * (H - hd))
    above = np.maximum(z - hd, 0.0)
    lean = (-(eps_d - eps_db) * np.expm1(-a * above) / a
            + eps_exit * math.exp(K * (H - hd)) * (-np.expm1(-K * above)) / K)
    return np.where(z <= hd, eps_d * z, eps_d * hd + lean)


def _common(height, diameter, u0, u_t, rho_p):
    _check("height", height, unit="m")
    _check("diameter", diameter, unit="m")
    _check("u_t", u_t, unit="m/s")
    _check("u0", u0, u_t, math.inf, unit="m/s (a riser must run above the terminal velocity u_t)")
    _check("rho_p", rho_p, unit="kg/m3")
    return math.pi * diameter**2 / 4.0


def kunii_levenspiel_profile(height: float, diameter: float, u0: float, u_t: float, rho_p: float,
                             eps_dense: float, eps_star: float, a_u0: float, *,
                             inventory: float | None = None,
                             solids_flux: float | None = None) -> RiserProfile:
    """Fast-fluidized riser after Kunii & Levenspiel (1991, ch. 8); give inventory OR solids_flux.

    Lower dense region 0 <= z <= H_d at eps_s = eps_sd; lean region above (K&L ch. 8 eq. 7)
    eps_s(z) = eps* + (eps_sd - eps*) exp(-a (z - H_d)), a = (a u0) / u0 [1/m];
    exit: eps_se = eps_s(H), circulation Gs = rho_p u0 eps_se (eq. 4); inventory (eq. 10)
    W / (rho_p A) = eps_sd H_d + eps* H_l + (eps_sd - eps_se) / a, H_l = H - H_d.

    * ``solids_flux`` Gs [kg/(m2 s)] given: H_l = ln((eps_sd - eps*)/(eps_se - eps*)) / a, the
      inventory follows. Allowed: rho_p u0 eps* < Gs <= rho_p u0 eps_sd.
    * ``inventory`` W [kg] given: H_d solves eq. (10). Allowed: rho_p A eps* H < W <= rho_p A eps_sd H.
      More solids -> a taller dense region and more circulation, at fixed u0 (K&L's reading).
      Below the inventory that just fills a lean region of height H (H_d = 0), this module
      keeps the same exponential shifted down (H_d < 0: the bottom is leaner than eps_sd), an
      extension of the published model (assumption), flagged by ``dense_height < 0``.

    Inputs eps_sd (eps_dense), eps* and a u0 come from the user: K&L give eps_sd from their
    "Fig. 8(b)" for their solids, and use eps* = 0.01, a u0 = 3 s^-1 in Example 1 (55 um,
    1000 kg/m3 solids, 0.4 m x 10 m vessel); no value is assumed here.

    Worked example, K&L 1991 ch. 8 Example 1 (case u0 = 4 m/s, Gs = 100 kg/(m2 s), eps_sd = 0.16):
    eps_se = 0.025, H_l = ln(10)/0.75 = 3.07 m, H_d = 6.93 m, solids equal to a bed of
    L_mf = 2.64 m at eps_mf = 0.5:

    >>> p = kunii_levenspiel_profile(10.0, 0.4, 4.0, 0.1, 1000.0, 0.16, 0.01, 3.0, solids_flux=100.0)
    >>> round(p.height - p.dense_height, 3), round(p.eps_exit, 4)
    (3.07, 0.025)
    >>> round(float(p.holdup(p.height)) / 0.5, 3)   # L_mf = W / (rho_p A (1 - eps_mf))
    2.639
    """
    area = _common(height, diameter, u0, u_t, rho_p)
    _check("eps_dense", eps_dense, 0.0, 1.0)
    _check("eps_star", eps_star, 0.0, eps_dense, unit=f"(must stay below eps_dense={eps_dense!r})")
    _check("a_u0", a_u0, unit="1/s")
    a = a_u0 / u0
    if (inventory is None) == (solids_flux is None):
        raise ValueError("give exactly one of inventory (kg) or solids_flux (kg/(m2 s)); the other follows")
    amp = eps_dense - eps_star
    if solids_flux is not None:
        lo, hi = rho_p * u0 * eps_star, rho_p * u0 * eps_dense
        _check("solids_flux", solids_flux, lo, hi, hi_open=False, unit="kg/(m2 s)")
        eps_se = solids_flux / (rho_p * u0)
        hd = height - math.log(amp / (eps_se - eps_star)) / a
    else:
        lo, hi = rho_p * area * eps_star * height, rho_p * area * eps_dense * height
        _check("inventory", inventory, lo, hi, hi_open=False, unit="kg")
        target = inventory / (rho_p * area)

        def f(hd_):
            return float(_holdup(KUNII_LEVENSPIEL, height, height, hd_, eps_dense, a, eps_star, math.nan,
                                 math.nan)) - target

        if f(0.0) >= 0.0:
            # no dense region: eps* H + amp e^{a hd} (1 - e^{-a H}) / a = target, closed form
            hd = math.log((target - eps_star * height) * a / (amp * -math.expm1(-a * height))) / a
        else:
            hd = brentq(f, 0.0, height, xtol=1e-13 * height, rtol=1e-14)
        eps_se = eps_star + amp * math.exp(-a * (height - hd))
    prof = RiserProfile(KUNII_LEVENSPIEL, float(height), float(diameter), float(u0), float(u_t), float(rho_p),
                        float(eps_dense), float(hd), float(a), float(eps_star), math.nan, float(eps_se), 0.0)
    w = rho_p * area * float(prof.holdup(height)) if inventory is None else float(inventory)
    return _with_inventory(prof, w)


def _with_inventory(p: RiserProfile, w: float) -> RiserProfile:
    return RiserProfile(p.model, p.height, p.diameter, p.u0, p.u_t, p.rho_p, p.eps_dense, p.dense_height,
                        p.a, p.eps_star, p.K, p.eps_exit, w)


def chalmers_decay_constants(u0: float, u_t: float) -> tuple[float, float]:
    """Splash- and transport-zone decay constants (a, K) [1/m] of the Chalmers model.

    a = 4 u_t / u0 and K = 0.23 / (u0 - u_t), velocities in m/s (Johnsson & Leckner 1995, as
    eqs. 8-9 of de las Obras-Loscertales et al.). K grows without bound as u0 -> u_t: the
    dispersed solids fall off ever more steeply above the bottom zone. Valid for u0 > u_t;
    the source's data are CFB boilers (u0 of a few m/s).

    >>> a, K = chalmers_decay_constants(5.0, 0.5)
    >>> round(a, 3), round(K, 4)
    (0.4, 0.0511)
    """
    _check("u_t", u_t, unit="m/s")
    _check("u0", u0, u_t, math.inf, unit="m/s (the Chalmers transport decay needs u0 > u_t)")
    return CHALMERS_SPLASH_COEFF * u_t / u0, CHALMERS_TRANSPORT_COEFF / (u0 - u_t)


def chalmers_profile(height: float, diameter: float, u0: float, u_t: float, rho_p: float,
                     eps_bottom: float, *, inventory: float, solids_flux: float) -> RiserProfile:
    """Three-zone riser after Johnsson & Leckner (1995); needs both inventory and solids_flux.

    Bottom bed 0 <= z <= H_b at eps_s = eps_b; above it (eqs. 6-7 of de las Obras-Loscertales
    et al.) eps_s(z) = (eps_b - eps_db) exp(-a (z - H_b)) + eps_exit exp(K (H - z)),
    eps_db = eps_exit exp(K (H - H_b)), a and K from :func:`chalmers_decay_constants`.
    The exit term is set by the circulation with K&L's eq. (4), eps_exit = Gs / (rho_p u0)
    (the Chalmers text gives no flux relation here: borrowing K&L's is an assumption), and the
    bottom-bed height H_b from the inventory: W / (rho_p A) = integral_0^H eps_s dz.
    eps_b (the bottom bed's mean solids fraction; the source computes it from bubble flows
    with the emulsion at minimum fluidization) is an input.

    Allowed inventory: from the one with H_b as low as eps_db <= eps_b permits, to
    rho_p A eps_b H (the error message gives the numbers).

    >>> p = chalmers_profile(15.0, 1.2, 4.0, 0.7, 4250.0, 0.3, inventory=3000.0, solids_flux=20.0)
    >>> round(p.dense_height, 3), round(p.K, 4), round(p.a, 2)
    (0.57, 0.0697, 0.7)
    >>> round(p.pressure_drop / (3000.0 * 9.80665 / p.area), 12)
    1.0
    """
    area = _common(height, diameter, u0, u_t, rho_p)
    _check("eps_bottom", eps_bottom, 0.0, 1.0)
    a, K = chalmers_decay_constants(u0, u_t)
    _check("solids_flux", solids_flux, 0.0, rho_p * u0 * eps_bottom, unit="kg/(m2 s)")
    eps_exit = solids_flux / (rho_p * u0)
    target = _check("inventory", inventory, unit="kg") / (rho_p * area)
    hb_min = max(0.0, height - math.log(eps_bottom / eps_exit) / K)

    def f(hb):
        return float(_holdup(CHALMERS, height, height, hb, eps_bottom, a, math.nan, K, eps_exit)) - target

    w_lo = (f(hb_min) + target) * rho_p * area
    w_hi = eps_bottom * height * rho_p * area
    if not f(hb_min) <= 0.0 <= f(height):
        raise ValueError(f"inventory={inventory!r} kg outside the allowed range [{w_lo:.6g}, {w_hi:.6g}] kg "
                         f"for this riser at solids_flux={solids_flux!r} kg/(m2 s) and eps_bottom={eps_bottom!r}")
    hb = brentq(f, hb_min, height, xtol=1e-13 * height, rtol=1e-14) if f(hb_min) < 0.0 else hb_min
    return RiserProfile(CHALMERS, float(height), float(diameter), float(u0), float(u_t), float(rho_p),
                        float(eps_bottom), float(hb), float(a), math.nan, float(K), float(eps_exit),
                        float(inventory))


@dataclass(frozen=True)
class RiserCells:
    """Per-cell solids and gas-solid contacting of a riser (arrays over the cells, bottom up).

    * ``mass`` [kg]: exact integral of rho_p A eps_s over the cell; sums to the inventory.
    * ``eps_s``: cell-mean solids fraction; ``zone``: 'dense'/'lean' (K&L) or
      'bottom'/'splash'/'transport' (Chalmers), by the cell's mid-height.
    * ``lean_gas_fraction``: volume fraction of the cell taken by the solids-poor gas channel:
      bubbles in a dense/bottom zone, the core in a lean/transport zone; 0 in a Chalmers splash
      zone (described there as homogeneous clustering flow); nan where not computable.
    * ``solids_in_channel``: fraction of the cell's solids inside that channel (0 for bubbles;
      eps_core * delta / eps_s for the core).
    """

    edges: np.ndarray
    z: np.ndarray
    dz: np.ndarray
    mass: np.ndarray
    eps_s: np.ndarray
    zone: tuple[str, ...]
    lean_gas_fraction: np.ndarray
    solids_in_channel: np.ndarray


def cell_masses(profile: RiserProfile, edges) -> np.ndarray:
    """Solids mass [kg] between successive heights ``edges`` [m] (increasing, within [0, H]).

    mass_k = rho_p A (holdup(z_k+1) - holdup(z_k)), exact for the profile, so cells spanning
    0..H sum to the inventory to round-off.

    >>> p = kunii_levenspiel_profile(10.0, 0.4, 4.0, 0.1, 1000.0, 0.16, 0.01, 3.0, inventory=150.0)
    >>> m = cell_masses(p, np.linspace(0.0, 10.0, 11))
    >>> round(float(m.sum()), 9), bool(m[0] > m[-1])
    (150.0, True)
    """
    e = np.asarray(edges, dtype=float)
    if e.ndim != 1 or e.size < 2:
        raise ValueError(f"edges={edges!r} must list at least two heights (m)")
    if not np.all(np.isfinite(e)) or np.any(np.diff(e) <= 0):
        raise ValueError(f"edges={edges!r} must be finite and strictly increasing")
    if e[0] < 0 or e[-1] > profile.height * (1 + 1e-12):
        raise ValueError(f"edges span [{e[0]:g}, {e[-1]:g}] m; allowed range [0, {profile.height:g}] m")
    e = np.minimum(e, profile.height)
    return profile.rho_p * profile.area * np.diff(profile.holdup(e))


def cells(profile: RiserProfile, edges, eps_mf: float, eps_core: float | None = None) -> RiserCells:
    """Solids mass and gas-solid contacting per height cell (``edges`` in m, bottom up).

    Dense (K&L) / bottom (Chalmers) zone: solids sit in an emulsion at minimum fluidization
    (Chalmers bottom bed, as de las Obras-Loscertales et al. describe it; K&L treat their lower
    dense region like a bubbling bed), so the bubble (solids-free gas) fraction is
    delta = 1 - eps_s / (1 - eps_mf), a volume balance.

    Lean (K&L) / transport (Chalmers) zone: core-annulus structure. With a wall layer at
    minimum fluidization (solids fraction 1 - eps_mf) and a core carrying ``eps_core``, the
    core's area fraction is delta = (1 - eps_mf - eps_s) / (1 - eps_mf - eps_core), again a
    volume balance. For K&L, ``eps_core`` defaults to eps* (the core at the saturation carrying
    capacity, as a public MATLAB coding of the K&L riser model takes it, ``f_core = f_ast``;
    not checked against the book). For Chalmers it must be given, else nan.
    Where eps_s > 1 - eps_mf (a denser-than-emulsion cell, outside the picture) the split is nan.

    The core-wall and bubble-emulsion gas interchange coefficients are not computed here: the
    wall layer's (K&L's K_cw) were not found in a readable source; bubble-emulsion exchange in
    the dense zone can use :mod:`clc.hydrodynamics`.

    >>> p = kunii_levenspiel_profile(10.0, 0.4, 4.0, 0.1, 1000.0, 0.16, 0.01, 3.0, solids_flux=100.0)
    >>> c = cells(p, [0.0, 5.0, 10.0], eps_mf=0.5)
    >>> c.zone, round(float(c.lean_gas_fraction[0]), 2)
    (('dense', 'lean'), 0.68)
    """
    _check("eps_mf", eps_mf, 0.0, 1.0)
    m = cell_masses(profile, edges)
    e = np.minimum(np.asarray(edges, dtype=float), profile.height)
    dz = np.diff(e)
    z = 0.5 * (e[:-1] + e[1:])
    eps = m / (profile.rho_p * profile.area * dz)
    f_em = 1.0 - eps_mf
    if profile.model == KUNII_LEVENSPIEL:
        dense = z <= profile.dense_height
        zone = np.where(dense, "dense", "lean")
        eps_c = profile.eps_star if eps_core is None else eps_core
        splash = np.zeros_like(dense)
    else:
        dense = z <= profile.dense_height
        hs = profile.splash_height
        splash = ~dense & (z <= hs) if math.isfinite(hs) else np.zeros_like(dense)
        zone = np.where(dense, "bottom", np.where(splash, "splash", "transport"))
        eps_c = math.nan if eps_core is None else eps_core
    if eps_core is not None:
        _check("eps_core", eps_core, 0.0, f_em, lo_open=False, unit=f"(must stay below 1 - eps_mf = {f_em:g})")
    with np.errstate(invalid="ignore", divide="ignore"):
        delta_b = 1.0 - eps / f_em
        delta_c = (f_em - eps) / (f_em - eps_c)
        frac = np.where(dense, delta_b, np.where(splash, 0.0, delta_c))
        frac = np.where((frac >= 0.0) & (frac <= 1.0), frac, np.nan)
        in_channel = np.where(dense, 0.0, np.where(splash, 0.0, eps_c * frac / eps))
    in_channel = np.where(np.isnan(frac), np.nan, in_channel)
    return RiserCells(e, z, dz, m, eps, tuple(str(x) for x in zone), frac, in_channel)


def cell_edges(profile: RiserProfile, max_cell_height: float, min_cells: int = 1) -> np.ndarray:
    """Cell edges [m] from 0 to H, no cell taller than ``max_cell_height``, at least ``min_cells``
    cells, with the zone boundaries (H_d or H_b, and the Chalmers splash-zone top) as edges so
    that no cell straddles two zones.

    >>> p = kunii_levenspiel_profile(10.0, 0.4, 4.0, 0.1, 1000.0, 0.16, 0.01, 3.0, solids_flux=100.0)
    >>> e = cell_edges(p, 1.0)
    >>> len(e) - 1, bool(np.any(np.isclose(e, p.dense_height)))
    (11, True)
    """
    _check("max_cell_height", max_cell_height, unit="m")
    if int(min_cells) != min_cells or min_cells < 1:
        raise ValueError(f"min_cells={min_cells!r} must be an integer of at least 1")
    H = profile.height
    cuts = [0.0]
    for b in (profile.dense_height, profile.splash_height):
        if math.isfinite(b) and 1e-9 * H < b < H * (1 - 1e-9) and b > cuts[-1]:
            cuts.append(b)
    cuts.append(H)
    n_min = max(int(min_cells), math.ceil(H / max_cell_height))
    out = [0.0]
    for lo, hi in zip(cuts[:-1], cuts[1:]):
        n = max(1, math.ceil((hi - lo) / max_cell_height), round(n_min * (hi - lo) / H))
        out.extend(np.linspace(lo, hi, n + 1)[1:])
    return np.asarray(out)
