"""Fluidization correlations for bubbling beds, each a small cited function (SI units).

Used by the fuel- and air-reactor models (two-phase bubble/emulsion beds in the
Kunii-Levenspiel tradition). g = 9.80665 m/s2 (standard gravity).

The bubble and interchange correlations also take NumPy arrays for the height or the bubble
diameter (element by element), so that a bed's cells are evaluated in one call.

Validity ranges: each correlation's published range is held as data in :data:`VALIDITY`
(with the source that states it; where no source read states one, the entry says so and
nothing is checked), and :func:`validity` returns one message per violated bound. The
correlations themselves do not check these ranges (a bed solve outside them still runs); the
reactor models collect the messages at the conditions they solved at (see
:mod:`clc.bubbling_bed`, ``hydro["validity_warnings"]``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from .constants import G


@dataclass(frozen=True)
class Bound:
    """One quantity's validity range: ``lo < value < hi`` (``None``: no bound on that side).

    ``key`` is the keyword :func:`validity` takes (SI units), ``label`` how messages name it,
    and ``scale`` / ``unit`` how they print it (e.g. 1e6 and "um" for a particle diameter).
    A value equal to a bound counts as inside.
    """

    key: str
    label: str
    lo: float | None = None
    hi: float | None = None
    unit: str = ""
    scale: float = 1.0

    def range_text(self) -> str:
        u = f" {self.unit}" if self.unit else ""
        lo = None if self.lo is None else f"{self.lo * self.scale:g}"
        hi = None if self.hi is None else f"{self.hi * self.scale:g}"
        if lo is not None and hi is not None:
            return f"{lo}{u} < {self.label} < {hi}{u}"
        if hi is not None:
            return f"{self.label} < {hi}{u}"
        return f"{self.label} > {lo}{u}"

    def violated(self, value: float) -> bool:
        return (self.lo is not None and value < self.lo) or (self.hi is not None and value > self.hi)


@dataclass(frozen=True)
class Validity:
    """A correlation's validity range: its bounds and the source that states them.

    ``bounds`` empty: no source read states a range; ``note`` then says what is known, and
    :func:`validity` checks nothing for it.
    """

    title: str
    source: str
    bounds: tuple[Bound, ...] = ()
    note: str = ""


def check_validity(table: dict, name: str, values: dict) -> list[str]:
    """Messages for the bounds of ``table[name]`` that ``values`` violate (shared with :mod:`clc.riser`).

    Only the quantities given are checked; a keyword the entry does not know is an error
    (a typo would otherwise pass silently), and so is a value that is not a finite number.
    """
    if name not in table:
        raise ValueError(f"validity: unknown correlation {name!r}; known: {', '.join(sorted(table))}")
    v = table[name]
    known = {b.key: b for b in v.bounds}
    unknown = set(values) - set(known)
    if unknown:
        allowed = ", ".join(known) or "none (no range is stated for it)"
        raise ValueError(f"validity: {name!r} has no bound on {', '.join(sorted(unknown))}; its quantities: {allowed}")
    out = []
    for key, b in known.items():
        if key not in values:
            continue
        x = float(values[key])
        if not math.isfinite(x):
            raise ValueError(f"validity: {name!r} {key}={values[key]!r} must be a finite number")
        if b.violated(x):
            u = f" {b.unit}" if b.unit else ""
            out.append(f"{v.title}: {b.label} = {x * b.scale:.3g}{u} is outside its validity range "
                       f"{b.range_text()} ({v.source})")
    return out


_KL = "Kunii & Levenspiel, Fluidization Engineering, 2nd ed., 1991"

VALIDITY: dict[str, Validity] = {
    "u_mf_wen_yu": Validity(
        "Wen-Yu minimum fluidization velocity",
        "Wen & Yu, AIChE J. 12 (1966) 610: the Re_mf range of the data it was fitted to",
        (Bound("Re_mf", "Re_mf", 0.001, 4000.0),)),
    "u_mf_ergun": Validity(
        "Ergun minimum fluidization velocity", f"Ergun 1952; {_KL}, ch. 3",
        note="no validity range stated in the sources cited; not checked (it needs eps_mf and sphericity "
             "of the actual solids)"),
    "bubble_diameter_mori_wen": Validity(
        "Mori-Wen bubble diameter", f"{_KL}, ch. 5",
        (Bound("D_t", "D_t", hi=1.3, unit="m"),
         Bound("u_mf", "u_mf", 0.005, 0.2, unit="m/s"),
         Bound("d_p", "d_p", 60e-6, 450e-6, unit="um", scale=1e6),
         Bound("u0_minus_umf", "u0 - u_mf", hi=0.48, unit="m/s"))),
    "bubble_diameter_darton": Validity(
        "Darton bubble diameter", f"Darton et al. 1977; {_KL}, ch. 5",
        note="stated for Geldart B and D particles; no numeric range stated in the sources cited; not checked"),
    "bubble_rise_velocity": Validity(
        "Davidson bubble rise velocity",
        f"{_KL}, ch. 5, eq. 3, as read in the chemics package (wigging/chemics, ubr_kunii)",
        (Bound("db_over_Dt", "d_b/D_t", hi=0.125),),
        note="the book itself was not read; per the chemics reading, K&L's eq. 4 corrects for the wall "
             "for 0.125 < d_b/D_t < 0.6 and the bed slugs above 0.6; this module uses eq. 3 throughout"),
    "bubble_velocity": Validity(
        "Davidson-Harrison bubble velocity", f"Davidson & Harrison 1963; {_KL}, ch. 6",
        note="no range of its own stated in the sources cited, so not checked here; it inherits "
             "bubble_rise_velocity's (checked there)"),
    "interchange_bubble_cloud": Validity(
        "Kunii-Levenspiel bubble-cloud interchange", f"{_KL}, ch. 10",
        note="no validity range stated in the sources cited; not checked"),
    "interchange_cloud_emulsion": Validity(
        "Kunii-Levenspiel cloud-emulsion interchange", f"{_KL}, ch. 10",
        note="no validity range stated in the sources cited; not checked"),
    "interchange_bubble_emulsion": Validity(
        "Kunii-Levenspiel bubble-emulsion interchange", f"{_KL}, ch. 10",
        note="no validity range stated in the sources cited; not checked"),
}


def validity(name: str, **values: float) -> list[str]:
    """One human-readable message per bound of correlation ``name`` that ``values`` violate.

    ``name`` is a key of :data:`VALIDITY` (the function's name); ``values`` its quantities in SI
    units (keywords as in the entry's bounds, e.g. ``D_t``, ``u_mf``, ``d_p``, ``u0_minus_umf``
    for Mori-Wen). Pure: nothing is changed. Returns [] inside the range (or where no range is
    stated).

    >>> validity("bubble_diameter_mori_wen", D_t=1.0, u_mf=0.02, d_p=150e-6, u0_minus_umf=0.3)
    []
    >>> validity("bubble_diameter_mori_wen", D_t=7.1)
    ['Mori-Wen bubble diameter: D_t = 7.1 m is outside its validity range D_t < 1.3 m (Kunii & Levenspiel, Fluidization Engineering, 2nd ed., 1991, ch. 5)']
    """
    return check_validity(VALIDITY, name, values)


def _positive(**kw) -> None:
    for name, v in kw.items():
        if isinstance(v, np.ndarray):
            if not np.all(np.isfinite(v) & (v > 0.0)):
                flat = v.ravel()
                bad = float(flat[~(np.isfinite(flat) & (flat > 0.0))][0])
                raise ValueError(f"{name}={bad!r} must be positive and finite")
        elif not (math.isfinite(v) and v > 0.0):
            raise ValueError(f"{name}={v!r} must be positive and finite")


def archimedes(d_p: float, rho_g: float, rho_s: float, mu: float) -> float:
    """Archimedes number Ar = d_p^3 rho_g (rho_s - rho_g) g / mu^2 [-].

    >>> round(archimedes(150e-6, 0.3, 4000.0, 4.5e-5), 2)
    19.61
    """
    _positive(d_p=d_p, rho_g=rho_g, rho_s=rho_s, mu=mu)
    if rho_s <= rho_g:
        raise ValueError(f"rho_s={rho_s!r} must exceed rho_g={rho_g!r}")
    return d_p**3 * rho_g * (rho_s - rho_g) * G / mu**2


def u_mf_wen_yu(d_p: float, rho_g: float, rho_s: float, mu: float,
                C1: float = 33.7, C2: float = 0.0408) -> float:
    """Minimum fluidization velocity [m/s], Wen & Yu (1966), AIChE J. 12, 610-612.

    Re_mf = sqrt(C1^2 + C2 Ar) - C1, u_mf = Re_mf mu / (rho_g d_p); C1 = 33.7, C2 = 0.0408
    (Kunii & Levenspiel, Fluidization Engineering, 2nd ed., Butterworth-Heinemann 1991, ch. 3).
    Valid for Re_mf from about 0.001 to 4000.

    >>> round(u_mf_wen_yu(150e-6, 0.3, 4000.0, 4.5e-5) * 1000, 3)   # mm/s
    11.87
    """
    ar = archimedes(d_p, rho_g, rho_s, mu)
    re = math.sqrt(C1 * C1 + C2 * ar) - C1
    return re * mu / (rho_g * d_p)


def u_mf_ergun(d_p: float, rho_g: float, rho_s: float, mu: float, eps_mf: float,
               sphericity: float = 1.0) -> float:
    """Minimum fluidization velocity [m/s] from the Ergun equation at incipient fluidization.

    1.75 Re^2 / (eps^3 phi) + 150 (1 - eps) Re / (eps^3 phi^2) = Ar
    (Ergun, Chem. Eng. Prog. 48 (1952) 89; Kunii & Levenspiel 1991, ch. 3), solved for Re_mf.
    """
    ar = archimedes(d_p, rho_g, rho_s, mu)
    if not 0.0 < eps_mf < 1.0:
        raise ValueError(f"eps_mf={eps_mf!r} must lie in (0, 1)")
    if not 0.0 < sphericity <= 1.0:
        raise ValueError(f"sphericity={sphericity!r} must lie in (0, 1]")
    a = 1.75 / (eps_mf**3 * sphericity)
    b = 150.0 * (1.0 - eps_mf) / (eps_mf**3 * sphericity**2)
    re = (-b + math.sqrt(b * b + 4.0 * a * ar)) / (2.0 * a)
    return re * mu / (rho_g * d_p)


def bubble_diameter_mori_wen(h: float, u0: float, u_mf: float, D_t: float, n_orifices: int) -> float:
    """Bubble diameter [m] at height h above a perforated-plate distributor, Mori & Wen (1975).

    In cgs units (cm, cm/s): d_bm = 0.652 [A_t (u0 - u_mf)]^0.4, d_b0 = 0.347
    [A_t (u0 - u_mf) / N_or]^0.4, d_b = d_bm - (d_bm - d_b0) exp(-0.3 h / D_t)
    (Mori & Wen, AIChE J. 21 (1975) 109; Kunii & Levenspiel 1991, ch. 5).
    Validity as Kunii & Levenspiel quote it: D_t < 1.3 m, 0.005 < u_mf < 0.2 m/s,
    60 um < d_p < 450 um, u0 - u_mf < 0.48 m/s.
    """
    _positive(u0=u0, D_t=D_t)
    if isinstance(h, np.ndarray):
        if h.size and not np.min(h) >= 0:
            raise ValueError(f"h={float(h.ravel()[~(h.ravel() >= 0)][0])!r} must not be negative")
        decay = np.exp(-0.3 * h / D_t)
    else:
        if h < 0:
            raise ValueError(f"h={h!r} must not be negative")
        decay = math.exp(-0.3 * h / D_t)
    if u0 <= u_mf:
        raise ValueError(f"u0={u0!r} m/s must exceed u_mf={u_mf!r} m/s for bubbles to form")
    if n_orifices < 1:
        raise ValueError(f"n_orifices={n_orifices!r} must be at least 1")
    area_cm2 = math.pi / 4.0 * (D_t * 100.0) ** 2
    excess_cm_s = (u0 - u_mf) * 100.0
    d_bm = 0.652 * (area_cm2 * excess_cm_s) ** 0.4
    d_b0 = 0.347 * (area_cm2 * excess_cm_s / n_orifices) ** 0.4
    return (d_bm - (d_bm - d_b0) * decay) / 100.0


def bubble_diameter_darton(h: float, u0: float, u_mf: float, area_per_orifice: float) -> float:
    """Bubble diameter [m] at height h, Darton, LaNauze, Davidson & Harrison (1977).

    d_b = 0.54 (u0 - u_mf)^0.4 (h + 4 sqrt(A_0))^0.8 / g^0.2, dimensionally consistent
    (Trans. IChemE 55 (1977) 274; Kunii & Levenspiel 1991, ch. 5), A_0 the distributor
    area per orifice [m2]. Geldart B and D particles.
    """
    _positive(u0=u0, area_per_orifice=area_per_orifice)
    if h < 0:
        raise ValueError(f"h={h!r} must not be negative")
    if u0 <= u_mf:
        raise ValueError(f"u0={u0!r} m/s must exceed u_mf={u_mf!r} m/s for bubbles to form")
    return 0.54 * (u0 - u_mf) ** 0.4 * (h + 4.0 * math.sqrt(area_per_orifice)) ** 0.8 / G**0.2


def bubble_rise_velocity(d_b: float) -> float:
    """Rise velocity of a single bubble [m/s], u_br = 0.711 sqrt(g d_b).

    Davidson & Harrison, Fluidised Particles (Cambridge, 1963); Kunii & Levenspiel 1991, ch. 5.

    >>> round(bubble_rise_velocity(0.1), 3)
    0.704
    """
    _positive(d_b=d_b)
    return 0.711 * np.sqrt(G * d_b) if isinstance(d_b, np.ndarray) else 0.711 * math.sqrt(G * d_b)


def bubble_velocity(u0: float, u_mf: float, d_b: float) -> float:
    """Rise velocity of bubbles in a bubbling bed [m/s], u_b = u0 - u_mf + u_br.

    Davidson & Harrison (1963); Kunii & Levenspiel 1991, ch. 6.
    """
    return u0 - u_mf + bubble_rise_velocity(d_b)


def interchange_bubble_cloud(u_mf: float, d_b: float, D_gas: float) -> float:
    """Bubble-to-cloud gas interchange coefficient K_bc [1/s].

    K_bc = 4.5 u_mf / d_b + 5.85 D^0.5 g^0.25 / d_b^1.25, dimensionally consistent
    (Kunii & Levenspiel 1991, ch. 10).
    """
    _positive(d_b=d_b, D_gas=D_gas)
    return 4.5 * u_mf / d_b + 5.85 * D_gas**0.5 * G**0.25 / d_b**1.25


def interchange_cloud_emulsion(eps_mf: float, d_b: float, D_gas: float) -> float:
    """Cloud-to-emulsion gas interchange coefficient K_ce [1/s].

    K_ce = 6.77 (D eps_mf u_br / d_b^3)^0.5 (Kunii & Levenspiel 1991, ch. 10).
    """
    _positive(d_b=d_b, D_gas=D_gas, eps_mf=eps_mf)
    return 6.77 * np.sqrt(D_gas * eps_mf * bubble_rise_velocity(d_b) / d_b**3) if isinstance(d_b, np.ndarray) \
        else 6.77 * math.sqrt(D_gas * eps_mf * bubble_rise_velocity(d_b) / d_b**3)


def interchange_bubble_emulsion(u_mf: float, eps_mf: float, d_b: float, D_gas: float) -> float:
    """Overall bubble-to-emulsion interchange K_be [1/s]: 1/K_be = 1/K_bc + 1/K_ce.

    Kunii & Levenspiel 1991, ch. 10 (resistances in series).
    """
    kbc = interchange_bubble_cloud(u_mf, d_b, D_gas)
    kce = interchange_cloud_emulsion(eps_mf, d_b, D_gas)
    return 1.0 / (1.0 / kbc + 1.0 / kce)


# --- packed and moving beds: pressure gradient and gas-particle heat transfer ------------------------
# (each a cited function with its numba kernel ``*_nb``, held equal by tests/test_hydrodynamics.py)

ERGUN_A = 150.0  # Ergun (1952), viscous term constant
ERGUN_B = 1.75  # Ergun (1952), inertial term constant
IDAES_SIMPLE_K = 0.2  # 1/s, IDAES-PSE moving_bed.py "simple_correlation" (no source given there)
# particle Nusselt number Nu = WK_A + WK_B Pr^(1/3) Re^WK_N, Wakao & Kaguei, Heat and Mass Transfer in
# Packed Beds (Gordon and Breach, 1982); Wakao, Kaguei & Funazkri, Chem. Eng. Sci. 34 (1979) 325
WK_A, WK_B, WK_N = 2.0, 1.1, 0.6
NUSSELT_METHODS = ("wakao_kaguei", "idaes")  # kernel codes: their positions


@njit(cache=True)
def ergun_gradient_nb(u: float, mu: float, rho_g: float, eps: float, d_p: float) -> float:
    """Kernel of :func:`ergun_gradient`."""
    return -(ERGUN_A * mu * (1 - eps) ** 2 * u / (eps**3 * d_p**2)
             + ERGUN_B * (1 - eps) * rho_g * u * abs(u) / (eps**3 * d_p))


def ergun_gradient(u: float, mu: float, rho_g: float, eps: float, d_p: float) -> float:
    """Pressure gradient dP/dz [Pa/m] of a packed bed of spheres, Ergun's equation (< 0 along u > 0).

    Parameters
    ----------
    u : superficial gas velocity [m/s] (relative to the particles)
    mu : gas viscosity [Pa s];  rho_g : gas density [kg/m3]
    eps : bed voidage [-];  d_p : particle diameter [m]

    -dP/dz = 150 mu (1 - eps)^2 u / (eps^3 d_p^2) + 1.75 (1 - eps) rho_g u |u| / (eps^3 d_p).

    References: S. Ergun, Fluid flow through packed columns, Chem. Eng. Prog. 48 (1952) 89-94.
    """
    return -(ERGUN_A * mu * (1 - eps) ** 2 * u / (eps**3 * d_p**2)
             + ERGUN_B * (1 - eps) * rho_g * u * abs(u) / (eps**3 * d_p))


@njit(cache=True)
def idaes_simple_gradient_nb(u_g: float, rho_p: float, rho_g: float) -> float:
    """Kernel of :func:`idaes_simple_gradient`."""
    return -IDAES_SIMPLE_K * u_g * (rho_p - rho_g)


def idaes_simple_gradient(u_g: float, rho_p: float, rho_g: float) -> float:
    """Pressure gradient dP/dz [Pa/m] of IDAES-PSE's moving-bed "simple_correlation":
    -dP/dz = 0.2 s^-1 u_g (rho_p - rho_g), u_g the superficial gas velocity [m/s], rho_p the
    particle and rho_g the gas density [kg/m3]. IDAES-PSE gives no source for it
    (idaes/models_extra/gas_solid_contactors/unit_models/moving_bed.py); kept to compare with that model.
    """
    return -IDAES_SIMPLE_K * u_g * (rho_p - rho_g)


@njit(cache=True, error_model="numpy")
def nusselt_particle_nb(Re: float, Pr: float, code: int) -> float:
    """Kernel of :func:`nusselt_particle`: code 0 Wakao & Kaguei, 1 IDAES-PSE's form."""
    if code == 0:
        return WK_A + WK_B * Pr ** (1.0 / 3.0) * Re**WK_N
    return ((WK_A + WK_B * Re ** (3.0 * WK_N)) * Pr) ** (1.0 / 3.0)


def nusselt_particle(Re: float, Pr: float, method: str = "wakao_kaguei") -> float:
    """Gas-particle Nusselt number h d_p / lambda in a packed bed of spheres.

    Parameters
    ----------
    Re : particle Reynolds number u d_p rho_g / mu, u the superficial velocity [-]
    Pr : Prandtl number cp mu / lambda [-]
    method : "wakao_kaguei" (default): Nu = 2 + 1.1 Pr^(1/3) Re^0.6 (Wakao & Kaguei, Heat and
        Mass Transfer in Packed Beds, Gordon and Breach, 1982; Wakao, Kaguei & Funazkri, Chem. Eng.
        Sci. 34 (1979) 325; fitted for 15 < Re < 8500); "idaes": Nu = ((2 + 1.1 Re^1.8) Pr)^(1/3),
        IDAES-PSE's MBR ``nusselt_number_particle`` as coded (it cubes the Re term alone), for
        comparisons with that model. :func:`nusselt_particle_methods` lists them.
    """
    if method not in NUSSELT_METHODS:
        raise ValueError(f"method={method!r}; allowed: {', '.join(NUSSELT_METHODS)}")
    if method == "wakao_kaguei":
        return WK_A + WK_B * Pr ** (1.0 / 3.0) * Re**WK_N
    return ((WK_A + WK_B * Re ** (3.0 * WK_N)) * Pr) ** (1.0 / 3.0)


def nusselt_particle_methods() -> tuple[str, ...]:
    """The ``method`` names :func:`nusselt_particle` takes."""
    return NUSSELT_METHODS
