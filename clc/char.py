"""Char gasification by H2O and CO2, and the carbon stripper: rate forms with user parameters.

Gasification rate (Langmuir-Hinshelwood form with product inhibition; the classical form for
steam, r = k1 p_H2O / (1 + k2 p_H2 + k3 p_H2O), of Long & Sykes, Proc. R. Soc. A 193 (1948) 377,
and its CO2 analogue of Ergun, J. Phys. Chem. 60 (1956) 480; used for coal chars with mixtures
of CO2 and H2O e.g. by Roberts & Harris, Fuel 86 (2007) 2672; these references were not checked
against the papers here)::

    dX/dt = [ k1 p_H2O^n1 / (1 + k2 p_H2 + k3 p_H2O) + k4 p_CO2^n4 / (1 + k5 p_CO + k6 p_CO2) ] f(X)
    k_i   = A_i exp(-E_i / (R T))
    f(X)  = (1 - X)^m                                  (volume model; m = 1, the default, is the
                                                        first-order "volumetric" model), or
    f(X)  = (1 - X) sqrt(1 - psi ln(1 - X))            (random pore model, Bhatia & Perlmutter,
                                                        AIChE J. 26 (1980) 379)

X: char (carbon) conversion; p in Pa; k1, k4 in 1/(s Pa^n); k2, k3, k5, k6 in 1/Pa; the orders
n1, n4 default to 1 (with k2..k6 = 0 the n-th order power law of most char sets). The rate is per
**initial** char carbon times f(X): a set measured per current char mass (dm/dt = -k m) is the
volume model with m = 1. The two reactions are taken as independent (no competition for sites;
Roberts & Harris discuss when that holds). A missing inhibition constant is zero (no inhibition).

Shipped sets (``kinetics/chars/*.yaml``, :func:`load`) carry the temperature range they were
measured in; used outside it, :meth:`CharKinetics.extrapolation` says so and the loop prints it
(a *provisional* set). Users may also give their own constants (each ``{value, units, source}``),
or a shipped set with a char-reactivity factor, ``{set = "<name>", reactivity_factor = f,
reactivity_factor_source = "..."}``: the rate constants k1 and k4 times f (:meth:`CharKinetics.scaled`;
the set is then provisional and the run says so). :mod:`clc.loop_calibration` can solve f so that a
unit meets a published figure.

In a perfectly mixed bed the char's residence time is exponential, so the share left unconverted
is the mean of 1 - X(t) over that distribution (:func:`unconverted_fraction`, the segregated-flow
model; in closed form k'/(k' + r0) for the first-order model).

Carbon stripper (:func:`carbon_stripper_efficiency`): first-order separation of char from the
carrier over the residence time t in the stripper, eta = 1 - exp(-t / tau). This form is a
labelled assumption (the simplest one); no published time constant tau could be found here, so
tau is a required user input.

The functions are plain NumPy (called outside hot loops).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from . import data_ranges
from .constants import R

_K_UNITS = {  # to SI: 1/(s Pa) for k1, k4 and 1/Pa for the adsorption constants
    "rate": {"1/(s Pa)": 1.0, "1/(s bar)": 1e-5, "1/(s atm)": 1.0 / 101325.0, "1/(s kPa)": 1e-3,
             "1/(s MPa)": 1e-6},
    "adsorption": {"1/Pa": 1.0, "1/bar": 1e-5, "1/atm": 1.0 / 101325.0, "1/kPa": 1e-3, "1/MPa": 1e-6},
}
_E_UNITS = {"J/mol": 1.0, "kJ/mol": 1e3}
_PRESSURE_PA = {"Pa": 1.0, "kPa": 1e3, "bar": 1e5, "atm": 101325.0, "MPa": 1e6}
_ROLES = {"k1": "rate", "k2": "adsorption", "k3": "adsorption",
          "k4": "rate", "k5": "adsorption", "k6": "adsorption"}
MODELS = ("volumetric", "random_pore")


@dataclass(frozen=True)
class CharKinetics:
    """Arrhenius constants (SI) of the six k_i; ``A[i] = 0`` switches a term off."""

    name: str
    A: np.ndarray  # (6,) pre-exponential factors, SI
    E: np.ndarray  # (6,) activation energies, J/mol
    model: str = "volumetric"
    psi: float = 0.0
    T_range: tuple[float, float] = (0.0, math.inf)
    sources: tuple[str, ...] = ()
    orders: tuple[float, float] = (1.0, 1.0)  # n1 (H2O) and n4 (CO2)
    m: float = 1.0  # exponent of the volume model
    measured_T_range: tuple[float, float] | None = None  # None: not stated (no extrapolation check)
    provisional: str = ""  # why the set is provisional ("" when it is not)

    def extrapolation(self, T: float) -> str:
        """A sentence when T lies outside the measured range or the set is provisional, else ""."""
        notes = []
        if self.measured_T_range is not None:
            lo, hi = self.measured_T_range
            if not lo <= T <= hi:
                notes.append(f"char kinetics {self.name}: used at {T - 273.15:.0f} degC, outside the "
                             f"{lo - 273.15:.0f}-{hi - 273.15:.0f} degC it was measured in (extrapolated)")
        if self.provisional:
            notes.append(f"char kinetics {self.name} is provisional: {self.provisional}")
        return "; ".join(notes)

    @classmethod
    def from_dict(cls, doc: dict) -> "CharKinetics":
        """Kinetics from ``{name, model, psi?, T_range?: {min, max, source}, k1: {A: {value, units,
        source}, E: {...}}, ...}``; k1 (steam) or k4 (CO2) must be given.

        >>> kin = CharKinetics.from_dict({"name": "demo (numbers for illustration only)",
        ...     "k1": {"A": {"value": 1.0, "units": "1/(s bar)", "source": "illustration"},
        ...            "E": {"value": 200, "units": "kJ/mol", "source": "illustration"}}})
        >>> float(kin.A[0]), float(kin.E[0])
        (1e-05, 200000.0)
        """
        if isinstance(doc, dict) and "set" in doc:
            return _scaled_set(doc)
        name = str(doc.get("name", "")).strip() or "char kinetics"
        data_ranges.check_doc(doc, name)  # ranges beside values (clc.data_ranges), refused when malformed
        A, E, sources, orders = np.zeros(6), np.zeros(6), [], [1.0, 1.0]
        for i, key in enumerate(_ROLES):
            entry = doc.get(key)
            if entry is None:
                continue
            n = 1.0
            if "n" in entry:
                if _ROLES[key] != "rate":
                    raise ValueError(f"{name}.{key}.n: a reaction order is given for k1 (H2O) or k4 (CO2) only")
                raw_n = entry["n"]
                if not isinstance(raw_n, dict) or "value" not in raw_n or not raw_n.get("source"):
                    raise ValueError(f"{name}.{key}.n: needs {{value, source}} (got {raw_n!r})")
                n = float(raw_n["value"])
                if not (math.isfinite(n) and 0.0 < n <= 2.0):
                    raise ValueError(f"{name}.{key}.n={n!r} must lie in (0, 2]")
                orders[0 if key == "k1" else 1] = n
                sources.append(f"{key}.n: {raw_n['source']}")
            for part, table, arr in (("A", _K_UNITS[_ROLES[key]], A), ("E", _E_UNITS, E)):
                raw = entry.get(part)
                where = f"{name}.{key}.{part}"
                if not isinstance(raw, dict) or "value" not in raw or not raw.get("source"):
                    raise ValueError(f"{where}: needs {{value, units, source}} (got {raw!r})")
                units = str(raw.get("units", "")).strip()
                if part == "A" and _ROLES[key] == "rate":
                    factor = _rate_factor(units, n, where)
                elif units in table:
                    factor = table[units]
                else:
                    raise ValueError(f"{where}: units {units!r} not understood; use one of {', '.join(table)}")
                v = float(raw["value"]) * factor
                if not math.isfinite(v) or (part == "A" and v < 0.0):
                    raise ValueError(f"{where}={raw['value']!r} must be finite"
                                     + (" and not negative" if part == "A" else ""))
                arr[i] = v
                sources.append(f"{key}.{part}: {raw['source']}")
        if A[0] == 0.0 and A[3] == 0.0:
            raise ValueError(f"{name}: give k1 (steam) or k4 (CO2) gasification constants")
        model = str(doc.get("model", "volumetric"))
        if model not in MODELS:
            raise ValueError(f"{name}.model={model!r}; allowed: {', '.join(MODELS)}")
        psi = 0.0
        if model == "random_pore":
            raw = doc.get("psi")
            if not isinstance(raw, dict) or not raw.get("source"):
                raise ValueError(f"{name}.psi: the random pore model needs psi as {{value, source}}")
            psi = float(raw["value"])
            if not (math.isfinite(psi) and psi >= 0.0):
                raise ValueError(f"{name}.psi={psi!r} must be finite and not negative")
        m = 1.0
        if "m" in doc:
            if model != "volumetric":
                raise ValueError(f"{name}.m: the exponent m belongs to the volume model (model = 'volumetric')")
            raw = doc["m"]
            if not isinstance(raw, dict) or "value" not in raw or not raw.get("source"):
                raise ValueError(f"{name}.m: needs {{value, source}} (got {raw!r})")
            m = float(raw["value"])
            if not (math.isfinite(m) and 0.0 < m <= 2.0):
                raise ValueError(f"{name}.m={m!r} must lie in (0, 2]")
            sources.append(f"m: {raw['source']}")
        tr = doc.get("T_range")
        T_range = (float(tr["min"]), float(tr["max"])) if tr else (0.0, math.inf)
        mr = doc.get("measured_T_range")
        measured = None
        if mr:
            if not isinstance(mr, dict) or not mr.get("source") or "min" not in mr or "max" not in mr:
                raise ValueError(f"{name}.measured_T_range: needs {{min, max, source}} in K (got {mr!r})")
            measured = (float(mr["min"]), float(mr["max"]))
            if not (0.0 < measured[0] < measured[1]):
                raise ValueError(f"{name}.measured_T_range=[{measured[0]:g}, {measured[1]:g}] K must be increasing")
        provisional = str(doc.get("provisional", "") or "").strip()
        return cls(name, A, E, model, psi, T_range, tuple(sources), (orders[0], orders[1]), m, measured,
                   provisional)

    def scaled(self, factor: float, why: str = "") -> "CharKinetics":
        """The set with its gasification rate constants k1 (H2O) and k4 (CO2) times ``factor``.

        A char-reactivity factor: the measured set's form, orders and activation energies kept, its
        rate scaled as a whole (the adsorption constants k2, k3, k5, k6 are left alone, so the
        inhibition per unit pressure is unchanged). ``why`` (e.g. "calibrated to ...") is carried
        in the set's sources; a factor other than 1 makes the set provisional and the run says so.
        """
        if not (math.isfinite(factor) and factor > 0.0):
            raise ValueError(f"{self.name}: reactivity_factor={factor!r} must be finite and > 0")
        if factor == 1.0:
            return self
        A = self.A.copy()
        A[[0, 3]] *= factor
        note = f"its rate constants k1, k4 are scaled by a reactivity factor {factor:.6g}" + (f" ({why})" if why else "")
        provisional = "; ".join(t for t in (self.provisional, note) if t)
        return dataclasses.replace(self, name=f"{self.name} x {factor:.6g}", A=A,
                                   sources=(*self.sources, f"reactivity_factor {factor:.6g}: {why or 'user input'}"),
                                   provisional=provisional)

    def constants(self, T: float) -> np.ndarray:
        """k_i(T) = A_i exp(-E_i / (R T)), SI."""
        _check_T(T, self)
        return self.A * np.exp(-self.E / (R * T))


_SCALED_KEYS = ("set", "reactivity_factor", "reactivity_factor_source")


def _scaled_set(doc: dict) -> CharKinetics:
    """``{set = "<shipped set>", reactivity_factor = f, reactivity_factor_source = "..."}``: a
    shipped set with its rate constants times f (:meth:`CharKinetics.scaled`); f defaults to 1."""
    for key in doc:
        if key not in _SCALED_KEYS:
            raise ValueError(f"fuel.char_kinetics.{key}: unknown key beside 'set'; allowed: {', '.join(_SCALED_KEYS)}")
    name = doc["set"]
    if not isinstance(name, str):
        raise ValueError(f"fuel.char_kinetics.set={name!r}: give a shipped set's name ({', '.join(list_sets())})")
    raw = doc.get("reactivity_factor", 1.0)
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ValueError(f"fuel.char_kinetics.reactivity_factor={raw!r}: must be a number > 0")
    factor = float(raw)
    if not (math.isfinite(factor) and 1e-6 <= factor <= 1e6):
        raise ValueError(f"fuel.char_kinetics.reactivity_factor={factor:g} is outside the allowed range [1e-06, 1e+06]")
    why = str(doc.get("reactivity_factor_source", "") or "").strip()
    if factor != 1.0 and not why:
        raise ValueError("fuel.char_kinetics.reactivity_factor_source: say where the factor comes from "
                         "(a calibration, a source, or ASSUMPTION)")
    return load(name).scaled(factor, why)


def _rate_factor(units: str, n: float, where: str) -> float:
    """SI factor of a rate constant in 1/(s P^n), P a pressure unit: k p^n is invariant, so the
    factor is (P in Pa)^-n. "1/(s P)" is accepted for n = 1."""
    text = units.replace(" ", "")
    for p_unit, pa in _PRESSURE_PA.items():
        if text == f"1/(s{p_unit}^n)":
            return pa ** -n
        if text == f"1/(s{p_unit})":
            if n != 1.0:
                raise ValueError(f"{where}: units {units!r} are first order but the order is n={n:g}; "
                                 f"write '1/(s {p_unit}^n)'")
            return 1.0 / pa
    allowed = ", ".join(f"'1/(s {u}^n)'" for u in _PRESSURE_PA)
    raise ValueError(f"{where}: units {units!r} not understood; use one of {allowed} "
                     "(or '1/(s P)' for a first-order set)")


def _check_T(T: float, kin: CharKinetics) -> None:
    if not (math.isfinite(T) and T > 0.0):
        raise ValueError(f"temperature T={T!r} K must be positive and finite")
    lo, hi = kin.T_range
    if not lo <= T <= hi:
        raise ValueError(f"temperature T={T!r} K is outside the range of {kin.name}'s data [{lo:g}, {hi:g}] K")


def _pressures(p: dict[str, float]) -> dict[str, float]:
    allowed = ("H2O", "H2", "CO2", "CO")
    out = {}
    for k, v in p.items():
        if k not in allowed:
            raise ValueError(f"partial pressure of {k!r} is not used; allowed: {', '.join(allowed)}")
        if not (math.isfinite(v) and v >= 0.0):
            raise ValueError(f"partial pressure p[{k}]={v!r} Pa must be finite and not negative")
        out[k] = float(v)
    return {k: out.get(k, 0.0) for k in allowed}


def structure_factor(kin: CharKinetics, X: float) -> float:
    """f(X) of the conversion model (volumetric or random pore), 0 <= X < 1."""
    if not (math.isfinite(X) and 0.0 <= X < 1.0):
        raise ValueError(f"char conversion X={X!r} must lie in [0, 1)")
    if kin.model == "random_pore":
        return (1.0 - X) * math.sqrt(1.0 - kin.psi * math.log(1.0 - X))
    return (1.0 - X) ** kin.m


def initial_rates(kin: CharKinetics, T: float, p: dict[str, float]) -> dict[str, float]:
    """The bracketed LH terms [1/s] for H2O and CO2 at X = 0 (before f(X)).

    >>> kin = CharKinetics.from_dict({"name": "demo (illustration only)",
    ...     "k1": {"A": {"value": 1.0, "units": "1/(s Pa)", "source": "illustration"},
    ...            "E": {"value": 0, "units": "J/mol", "source": "illustration"}}})
    >>> initial_rates(kin, 1200.0, {"H2O": 2.0})["H2O"]
    2.0
    """
    k = kin.constants(T)
    pp = _pressures(p)
    n1, n4 = kin.orders
    r_h2o = k[0] * pp["H2O"] ** n1 / (1.0 + k[1] * pp["H2"] + k[2] * pp["H2O"])
    r_co2 = k[3] * pp["CO2"] ** n4 / (1.0 + k[4] * pp["CO"] + k[5] * pp["CO2"])
    return {"H2O": float(r_h2o), "CO2": float(r_co2)}


def gasification_rate(kin: CharKinetics, T: float, p: dict[str, float], X: float) -> dict[str, float]:
    """dX/dt [1/s] by each gas at T [K], partial pressures p [Pa] and char conversion X.

    Carbon gasified [mol/s] = (dX/dt) * (initial char carbon [mol]); C + H2O -> CO + H2 and
    C + CO2 -> 2 CO give the gas products.
    """
    f = structure_factor(kin, X)
    return {g: r * f for g, r in initial_rates(kin, T, p).items()}


def conversion_time(kin: CharKinetics, T: float, p: dict[str, float], X: float) -> float:
    """Time [s] to reach conversion X at constant T and p (closed form of dX/dt = r0 f(X)).

    Volumetric: t = -ln(1 - X) / r0.  Random pore: t = 2 (sqrt(1 - psi ln(1 - X)) - 1) / (psi r0).
    """
    structure_factor(kin, X)
    r0 = sum(initial_rates(kin, T, p).values())
    if r0 <= 0.0:
        raise ValueError("no gasifying agent: the rate is zero, so conversion is never reached")
    L = -math.log(1.0 - X)
    if kin.model == "random_pore" and kin.psi > 0.0:
        return 2.0 * (math.sqrt(1.0 + kin.psi * L) - 1.0) / (kin.psi * r0)
    if kin.m != 1.0:  # integral of dX / (1 - X)^m
        return (1.0 - (1.0 - X) ** (1.0 - kin.m)) / ((1.0 - kin.m) * r0)
    return L / r0


def remaining(kin: CharKinetics, r0: float, t: float) -> float:
    """1 - X(t) of a char particle gasified for t [s] at the constant initial rate r0 [1/s] (the
    inverse of :func:`conversion_time`).

    >>> kin = CharKinetics.from_dict({"name": "demo (illustration only)", "model": "random_pore",
    ...     "psi": {"value": 2.0, "source": "illustration"},
    ...     "k4": {"A": {"value": 1.0, "units": "1/(s Pa)", "source": "illustration"},
    ...            "E": {"value": 0, "units": "J/mol", "source": "illustration"}}})
    >>> t = conversion_time(kin, 1200.0, {"CO2": 1e-3}, 0.7)
    >>> round(remaining(kin, 1e-3, t), 12)
    0.3
    """
    if r0 <= 0.0 or t <= 0.0:
        return 1.0
    x = r0 * t
    if kin.model == "random_pore" and kin.psi > 0.0:
        L = ((0.5 * kin.psi * x + 1.0) ** 2 - 1.0) / kin.psi
        return math.exp(-L)
    if kin.m == 1.0:
        return math.exp(-x)
    base = 1.0 - (1.0 - kin.m) * x
    if base <= 0.0:  # m < 1: the particle is gone after a finite time
        return 0.0
    return base ** (1.0 / (1.0 - kin.m))


def unconverted_fraction(kin: CharKinetics, r0: float, k_exit: float) -> float:
    """Share of the char fed to a perfectly mixed bed that leaves it unconverted.

    The char leaves at the first-order rate constant ``k_exit`` [1/s], so its residence time is
    exponential (mean 1/k_exit) and each particle gasifies at r0 f(X) [1/s] for its own time
    (segregated flow): u = integral over t of k_exit exp(-k_exit t) (1 - X(t)) dt. For the
    first-order model this is k_exit / (k_exit + r0) exactly.

    >>> kin = CharKinetics.from_dict({"name": "demo (illustration only)",
    ...     "k4": {"A": {"value": 1.0, "units": "1/(s Pa)", "source": "illustration"},
    ...            "E": {"value": 0, "units": "J/mol", "source": "illustration"}}})
    >>> unconverted_fraction(kin, 0.002, 0.002)
    0.5
    """
    if not (math.isfinite(r0) and r0 >= 0.0):
        raise ValueError(f"char gasification rate r0={r0!r} 1/s must be finite and not negative")
    if not (math.isfinite(k_exit) and k_exit > 0.0):
        raise ValueError(f"char exit rate constant k_exit={k_exit!r} 1/s must be positive")
    if r0 == 0.0:
        return 1.0
    if kin.m == 1.0 and not (kin.model == "random_pore" and kin.psi > 0.0):
        return k_exit / (k_exit + r0)
    from scipy.integrate import quad

    # in the dimensionless time s = k_exit t: u = integral of exp(-s) (1 - X(s / k_exit)) ds
    g = lambda s_: math.exp(-s_) * remaining(kin, r0, s_ / k_exit)
    if kin.model != "random_pore" and kin.m < 1.0:
        s_end = k_exit / ((1.0 - kin.m) * r0)  # burn-out time: the integrand is 0 beyond it
        val, _ = quad(g, 0.0, s_end, limit=200, epsabs=1e-14, epsrel=1e-12)
    else:
        val, _ = quad(g, 0.0, math.inf, limit=200, epsabs=1e-14, epsrel=1e-12)
    return min(max(val, 0.0), 1.0)


def carbon_stripper_efficiency(residence_time: float, tau: float) -> float:
    """Share of the char entering the carbon stripper that is separated and returned to the FR.

    eta = 1 - exp(-t / tau): first-order separation, a labelled assumption (the simplest form);
    t [s] is the solids' mean residence time in the stripper, tau [s] its separation time
    constant, a required user input (no published value could be found here).

    >>> round(carbon_stripper_efficiency(60.0, 60.0), 4)
    0.6321
    """
    if not (math.isfinite(residence_time) and residence_time >= 0.0):
        raise ValueError(f"carbon stripper residence_time={residence_time!r} s must be finite and >= 0")
    if not (math.isfinite(tau) and tau > 0.0):
        raise ValueError(f"carbon stripper tau={tau!r} s must be finite and > 0 (a required input)")
    return 1.0 - math.exp(-residence_time / tau)


# --- shipped parameter sets ----------------------------------------------------------------


def chars_dir():
    """Folder of the shipped char gasification sets (``kinetics/chars``)."""
    from .data import kinetics_dir

    return kinetics_dir() / "chars"


def list_sets() -> list[str]:
    """Names of the shipped char gasification parameter sets."""
    folder = chars_dir()
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def load(name: str) -> CharKinetics:
    """The shipped set ``name`` (``kinetics/chars/<name>.yaml``); records its citation."""
    import yaml

    from . import citations

    if name not in list_sets():
        raise ValueError(f"char kinetics {name!r} is not a shipped set; available: {', '.join(list_sets()) or 'none'}"
                         " (or give the constants as a table with their sources)")
    doc = yaml.safe_load((chars_dir() / f"{name}.yaml").read_text())
    cit = doc.get("citation")
    if cit:
        citations.add_from_dict(cit)
        citations.cite(cit["key"])
    return CharKinetics.from_dict(doc)
