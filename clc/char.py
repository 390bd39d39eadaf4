"""Char gasification by H2O and CO2, and the carbon stripper: rate forms with user parameters.

Gasification rate (Langmuir-Hinshelwood form with product inhibition; the classical form for
steam, r = k1 p_H2O / (1 + k2 p_H2 + k3 p_H2O), of Long & Sykes, Proc. R. Soc. A 193 (1948) 377,
and its CO2 analogue of Ergun, J. Phys. Chem. 60 (1956) 480; used for coal chars with mixtures
of CO2 and H2O e.g. by Roberts & Harris, Fuel 86 (2007) 2672; these references were not checked
against the papers here)::

    dX/dt = [ k1 p_H2O / (1 + k2 p_H2 + k3 p_H2O) + k4 p_CO2 / (1 + k5 p_CO + k6 p_CO2) ] f(X)
    k_i   = A_i exp(-E_i / (R T))
    f(X)  = 1 - X                                      (volumetric model), or
    f(X)  = (1 - X) sqrt(1 - psi ln(1 - X))            (random pore model, Bhatia & Perlmutter,
                                                        AIChE J. 26 (1980) 379)

X: char (carbon) conversion; p in Pa; k1, k4 in 1/(s Pa); k2, k3, k5, k6 in 1/Pa. The two
reactions are taken as independent (no competition for sites; Roberts & Harris discuss when
that holds). No published parameter set for a coal or petcoke char relevant to CLC could be read
here, so none is shipped: the parameters are a required user input (:meth:`CharKinetics.from_dict`,
each ``{value, units, source}``). A missing inhibition constant is zero (no inhibition).

Carbon stripper (:func:`carbon_stripper_efficiency`): first-order separation of char from the
carrier over the residence time t in the stripper, eta = 1 - exp(-t / tau). This form is a
labelled assumption (the simplest one); no published time constant tau could be found here, so
tau is a required user input.

The functions are plain NumPy (called outside hot loops).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .constants import R

_K_UNITS = {  # to SI: 1/(s Pa) for k1, k4 and 1/Pa for the adsorption constants
    "rate": {"1/(s Pa)": 1.0, "1/(s bar)": 1e-5, "1/(s atm)": 1.0 / 101325.0, "1/(s kPa)": 1e-3,
             "1/(s MPa)": 1e-6},
    "adsorption": {"1/Pa": 1.0, "1/bar": 1e-5, "1/atm": 1.0 / 101325.0, "1/kPa": 1e-3, "1/MPa": 1e-6},
}
_E_UNITS = {"J/mol": 1.0, "kJ/mol": 1e3}
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
        name = str(doc.get("name", "")).strip() or "char kinetics"
        A, E, sources = np.zeros(6), np.zeros(6), []
        for i, key in enumerate(_ROLES):
            entry = doc.get(key)
            if entry is None:
                continue
            for part, table, arr in (("A", _K_UNITS[_ROLES[key]], A), ("E", _E_UNITS, E)):
                raw = entry.get(part)
                where = f"{name}.{key}.{part}"
                if not isinstance(raw, dict) or "value" not in raw or not raw.get("source"):
                    raise ValueError(f"{where}: needs {{value, units, source}} (got {raw!r})")
                units = str(raw.get("units", "")).strip()
                if units not in table:
                    raise ValueError(f"{where}: units {units!r} not understood; use one of {', '.join(table)}")
                v = float(raw["value"]) * table[units]
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
        tr = doc.get("T_range")
        T_range = (float(tr["min"]), float(tr["max"])) if tr else (0.0, math.inf)
        return cls(name, A, E, model, psi, T_range, tuple(sources))

    def constants(self, T: float) -> np.ndarray:
        """k_i(T) = A_i exp(-E_i / (R T)), SI."""
        _check_T(T, self)
        return self.A * np.exp(-self.E / (R * T))


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
    return 1.0 - X


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
    r_h2o = k[0] * pp["H2O"] / (1.0 + k[1] * pp["H2"] + k[2] * pp["H2O"])
    r_co2 = k[3] * pp["CO2"] / (1.0 + k[4] * pp["CO"] + k[5] * pp["CO2"])
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
    return L / r0


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
