"""Calcination equilibrium CaCO3(s) = CaO(s) + CO2(g) and a calciner feasibility check.

The equilibrium CO2 pressure follows from the standard reaction Gibbs energy of
``thermo.Reaction("CaCO3 -> CaO + CO2")`` (Cantera's NASA TM-4513 data; pure solids at unit
activity, CO2 an ideal gas): K(T) = p_eq / p_ref = exp(-dG0(T) / (R T)), p_ref = ``thermo.P_REF``.
A calciner at T under a CO2 partial pressure p_CO2 calcines only when T > T_eq(p_CO2); a real
one needs a margin (the ``approach``) above it, which the caller sets.

Data range: CaCO3's measured data (CaCO3(caL), Barin 1989 via NASA TM-4513) end at
:data:`CACO3_DATA_T_MAX` = 1200 K. From there to 1500 K the thermo uses a LABELLED
EXTRAPOLATION (constant cp, h and s continuous; ``kinetics/species/CaCO3_extrapolated.yaml``),
and every result that relies on it says so (:attr:`CalcinationCheck.extrapolated`).

Against measurement: E. H. Baker, J. Chem. Soc. 1962, 464 (abstract) gives, for 1-39.5 atm CO2,
dG0 = 38,000 - 32.4 T cal/mol, i.e. p_eq = 1 atm at 1172.8 K (899.7 degC); this model gives
1166.3 K at 1 atm and 1090.7 K at 0.3 atm (Baker's relation: 1092.2 K). See
``tests/test_calcination.py``.

Units: K, Pa, J/mol.

>>> round(equilibrium_temperature(101325.0), 1)        # Baker (1962): 1172.8 K
1166.3
>>> round(equilibrium_pressure(1173.15) / 101325.0, 2)  # atm; Baker (1962): 1.00
1.11
>>> c = check(T=1193.15, p_co2=101325.0, approach=20.0)
>>> c.feasible, c.extrapolated
(True, False)
>>> print(c.describe())
calciner 920.0 degC; CaCO3 calcines above 893.1 degC at p_CO2 = 1.013 bar (required approach 20 K): feasible, margin 26.9 K; CaCO3 thermo measured (data to 926.85 degC)
>>> check(T=1213.15, p_co2=101325.0, approach=50.0).feasible
False
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

from scipy.optimize import brentq

from .. import thermo

#: The calcination reaction, as :class:`clc.thermo.Reaction` reads it.
REACTION = "CaCO3 -> CaO + CO2"

#: Upper end [K] of CaCO3's measured thermo data (1200 K, CaCO3(caL) of NASA TM-4513); above it
#: up to ``thermo.species("CaCO3").T_max`` (1500 K) the data are a labelled extrapolation.
CACO3_DATA_T_MAX: float = thermo.species("CaCO3").measured_T_max

_REACTION = thermo.Reaction(REACTION)
#: Temperature range [K] of the data of CaCO3, CaO and CO2 together (298.15-1500 K).
T_MIN, T_MAX = _REACTION.T_range()


def _real(name: str, value: object, lo: float, hi: float, unit: str, lo_open: bool = False) -> float:
    """``value`` as a float, or a ValueError naming ``name``, the value and the allowed range."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if ok:
        ok = (lo < value if lo_open else lo <= value) and value <= hi
    if not ok:
        left = "(" if lo_open else "["
        right = "]" if math.isfinite(hi) else ")"
        raise ValueError(f"{name}={value!r} {unit} is outside the allowed range {left}{lo:g}, {hi:g}{right} {unit}")
    return float(value)


def equilibrium_pressure(T: float) -> float:
    """Equilibrium CO2 partial pressure over CaCO3/CaO at temperature ``T``.

    Parameters
    ----------
    T : float
        Temperature [K], within the data range [:data:`T_MIN`, :data:`T_MAX`] (298.15-1500 K);
        above :data:`CACO3_DATA_T_MAX` the CaCO3 data are extrapolated.

    Returns
    -------
    float
        p_eq [Pa] = p_ref exp(-dG0(T) / (R T)), p_ref = ``thermo.P_REF``.

    Raises
    ------
    ValueError
        If ``T`` is not finite or outside the data range.

    Examples
    --------
    >>> equilibrium_pressure(1100.0) < equilibrium_pressure(1200.0)
    True
    """
    T = _real("T", T, T_MIN, T_MAX, "K")
    return thermo.P_REF * math.exp(_REACTION.log_K(T))


def equilibrium_temperature(p_co2: float) -> float:
    """Temperature at which the equilibrium CO2 pressure over CaCO3/CaO equals ``p_co2``.

    Parameters
    ----------
    p_co2 : float
        CO2 partial pressure [Pa], between ``equilibrium_pressure(T_MIN)`` (about 1e-18 Pa) and
        ``equilibrium_pressure(T_MAX)`` (about 4e6 Pa), the pressures the data range can answer.

    Returns
    -------
    float
        T_eq [K], solved with Brent's method to 1e-10 K. Above :data:`CACO3_DATA_T_MAX` it rests
        on the extrapolated CaCO3 data.

    Raises
    ------
    ValueError
        If ``p_co2`` is not finite and positive, or outside the range above.

    Examples
    --------
    >>> T = equilibrium_temperature(0.3 * 101325.0)   # Baker (1962) relation: 1092.2 K
    >>> round(T, 1)
    1090.7
    """
    p_co2 = _real("p_co2", p_co2, 0.0, math.inf, "Pa", lo_open=True)
    p_lo, p_hi = equilibrium_pressure(T_MIN), equilibrium_pressure(T_MAX)
    if not p_lo <= p_co2 <= p_hi:
        raise ValueError(
            f"p_co2={p_co2!r} Pa is outside the range [{p_lo:.4g}, {p_hi:.4g}] Pa that the CaCO3/CaO "
            f"equilibrium can answer (data range of CaCO3, CaO, CO2: {T_MIN:g}-{T_MAX:g} K)")
    ln_p = math.log(p_co2 / thermo.P_REF)
    return brentq(lambda T: _REACTION.log_K(T) - ln_p, T_MIN, T_MAX, xtol=1e-10, rtol=1e-15)


def minimum_temperature(p_co2: float, approach: float) -> float:
    """Lowest calciner temperature [K]: ``equilibrium_temperature(p_co2) + approach``.

    Parameters
    ----------
    p_co2 : float
        CO2 partial pressure [Pa] in the calciner.
    approach : float
        Required margin above the equilibrium temperature [K], >= 0.

    Examples
    --------
    >>> round(minimum_temperature(101325.0, 30.0) - equilibrium_temperature(101325.0), 6)
    30.0
    """
    approach = _real("approach", approach, 0.0, math.inf, "K")
    return equilibrium_temperature(p_co2) + approach


@dataclass(frozen=True)
class CalcinationCheck:
    """Whether a calciner at T calcines CaCO3 under p_CO2 with the required approach.

    Attributes
    ----------
    T : float
        Calciner temperature [K].
    p_co2 : float
        CO2 partial pressure [Pa].
    T_eq : float
        Equilibrium temperature [K] at ``p_co2``.
    approach : float
        Required margin above ``T_eq`` [K].
    margin : float
        ``T - T_eq`` [K].
    feasible : bool
        ``T >= T_eq + approach``.
    extrapolated : bool
        True when T (or T_eq) lies above :data:`CACO3_DATA_T_MAX`, i.e. the result uses the
        extrapolated CaCO3 data.
    """

    T: float
    p_co2: float
    T_eq: float
    approach: float
    margin: float
    feasible: bool
    extrapolated: bool

    def describe(self) -> str:
        """One line for reports, temperatures in degC, pressure in bar."""
        c = lambda t: t - 273.15  # noqa: E731
        verdict = (f"feasible, margin {self.margin:.1f} K" if self.feasible else
                   f"NOT feasible, short by {self.T_eq + self.approach - self.T:.1f} K")
        data = (f"CaCO3 thermo extrapolated above {c(CACO3_DATA_T_MAX):.2f} degC (assumption)"
                if self.extrapolated else f"CaCO3 thermo measured (data to {c(CACO3_DATA_T_MAX):.2f} degC)")
        return (f"calciner {c(self.T):.1f} degC; CaCO3 calcines above {c(self.T_eq):.1f} degC at "
                f"p_CO2 = {self.p_co2 / 1e5:.4g} bar (required approach {self.approach:g} K): "
                f"{verdict}; {data}")


def check(T: float, p_co2: float, approach: float) -> CalcinationCheck:
    """Check a calciner temperature against the calcination equilibrium.

    Parameters
    ----------
    T : float
        Calciner temperature [K], in [:data:`T_MIN`, :data:`T_MAX`] (298.15-1500 K).
    p_co2 : float
        CO2 partial pressure in the calciner [Pa], > 0 (and within the range
        :func:`equilibrium_temperature` answers).
    approach : float
        Required margin above the equilibrium temperature [K], >= 0.

    Returns
    -------
    CalcinationCheck

    Raises
    ------
    ValueError
        Naming the argument, its value and the allowed range.

    Examples
    --------
    >>> check(1300.0, 101325.0, 20.0).extrapolated
    True
    """
    T = _real("T", T, T_MIN, T_MAX, "K")
    p_co2 = _real("p_co2", p_co2, 0.0, math.inf, "Pa", lo_open=True)
    approach = _real("approach", approach, 0.0, math.inf, "K")
    T_eq = equilibrium_temperature(p_co2)
    return CalcinationCheck(
        T=T, p_co2=p_co2, T_eq=T_eq, approach=approach, margin=T - T_eq,
        feasible=T >= T_eq + approach,
        extrapolated=max(T, T_eq) > CACO3_DATA_T_MAX,
    )
