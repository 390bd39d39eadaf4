"""Cheap necessary conditions of a loop's steady state, checked before the solvers run (issue 16).

A reactor whose temperature is solved from a heat duty (``adiabatic`` or ``heat_duty``) has a
steady state only if some state of its streams meets that duty at a temperature of the search
range. Without solving a bed, the heat the reactor needs is bounded over *every* state its
streams can reach:

* the outlet gas: any non-negative flows of the reacting species that keep the C, H and O
  atoms of the feed, the O the solids give (or take) included; the other gases pass;
* the solids: any reduction degree entering (0-1), changed by exactly the O the gas took, within
  0-1 -- so the oxygen the carrier can carry at the given circulation bounds the extents.

The heat is linear in these unknowns (the carrier's enthalpy is linear in its reduction degree,
:class:`clc.solids.SolidModel`), so its least and greatest values are two small linear programs.
Each state's heat moves one way with the solved temperature (enthalpies rise with T), so the least
heat at the range's cold end and the greatest at its hot end bound it over the whole range:
a duty outside those bounds cannot be met, which is reported as :class:`clc.errors.InfeasibleError`
with the figures. The bounds are loose (a necessary condition, never sufficient): a unit passing
them may still have no steady state, which the solvers then report.

The fuel reactor's stoichiometry: CH4 + 4 O -> CO2 + 2 H2O, CO + O -> CO2, H2 + O -> H2O, with
the water-gas shift and partial oxidation in between (all inside the atom balances above). The
air reactor's: O2 from the air to the solids.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from . import carriers, gas, solids, thermo
from .errors import InfeasibleError
from .thermo import M_O

_REACTIVE = ("CH4", "CO", "H2", "CO2", "H2O")  # FR gases whose outlet flows the atoms fix


def _h(arr, flows: np.ndarray, T: float) -> float:
    return float(sum(f * arr.h(n, T) for n, f in zip(gas.SPECIES, flows) if f != 0.0))


def _extremes(c, const, which: str, **lp) -> tuple[float, float]:
    """(least, greatest) of const + c x over the LP's polytope; ``which`` "least"/"most" skips the
    other (then +-inf); no verdict (-inf, inf) where the polytope is empty."""
    least, most = -np.inf, np.inf
    if which in ("least", "both"):
        r = linprog(c, method="highs", **lp)
        least = const + r.fun if r.status == 0 else -np.inf
    if which in ("most", "both"):
        r = linprog(-c, method="highs", **lp)
        most = const - r.fun if r.status == 0 else np.inf
    return least, most


def fuel_reactor_heat_bounds(u, feed: np.ndarray, T: float, T_solids: float,
                             which: str = "both") -> tuple[float, float]:
    """(least, greatest) heat [W] to supply to the fuel reactor at temperature T over all the states
    its streams can reach (see the module docstring); solids enter at ``T_solids``."""
    sm = solids.solid_model(u.carrier)
    arr = thermo.nasa_arrays(gas.SPECIES)
    ms = u.solids_circulation
    o_capacity = ms * carriers.load(u.carrier).R_OC / M_O  # mol O/s from s = 0 to 1
    idx = [gas.INDEX[s] for s in _REACTIVE]
    elements, A = gas.element_matrix()
    rows = [elements.index(e) for e in ("C", "H", "O")]
    passing = feed.copy()
    passing[idx] = 0.0  # N2, O2 pass unchanged
    # unknowns: outlet flows of _REACTIVE, s_in, d (= s_out - s_in)
    a_eq = np.zeros((3, len(idx) + 2))
    b_eq = np.zeros(3)
    for r, e in enumerate(rows):
        a_eq[r, :len(idx)] = A[e, idx]
        b_eq[r] = A[e, idx] @ feed[idx]
    a_eq[2, -1] = -o_capacity  # O out = O in + the O the solids gave
    h_s0, h_s1 = sm.enthalpy(T, 0.0), sm.enthalpy(T, 1.0)
    hs0_in, hs1_in = sm.enthalpy(T_solids, 0.0), sm.enthalpy(T_solids, 1.0)
    # heat = H_out - H_in: gas out at T, solids out at T and s_in + d; gas in at the fuel's T, solids at T_solids, s_in
    c = np.array([arr.h(s, T) for s in _REACTIVE] + [ms * ((h_s1 - h_s0) - (hs1_in - hs0_in)), ms * (h_s1 - h_s0)])
    const = (_h(arr, passing, T) + ms * (h_s0 - hs0_in) - _h(arr, feed, u.fuel_temperature))
    a_ub = np.zeros((1, len(idx) + 2))
    a_ub[0, -2:] = 1.0  # s_in + d <= 1
    bounds = [(0.0, None)] * len(idx) + [(0.0, 1.0), (0.0, 1.0)]
    return _extremes(c, const, which, A_ub=a_ub, b_ub=[1.0], A_eq=a_eq, b_eq=b_eq, bounds=bounds)


def air_reactor_heat_bounds(u, feed: np.ndarray, T: float, T_solids: float,
                            which: str = "both") -> tuple[float, float]:
    """(least, greatest) heat [W] to remove from the air reactor at temperature T over all the
    states its streams can reach; solids enter from the fuel reactor at ``T_solids``."""
    sm = solids.solid_model(u.carrier)
    arr = thermo.nasa_arrays(gas.SPECIES)
    ms = u.solids_circulation
    o2_capacity = ms * carriers.load(u.carrier).R_OC / M_O / 2.0  # mol O2/s from s = 1 to 0
    o2 = feed[gas.INDEX["O2"]]
    h_o2 = arr.h("O2", T)
    h_s0, h_s1 = sm.enthalpy(T, 0.0), sm.enthalpy(T, 1.0)
    hs0_in, hs1_in = sm.enthalpy(T_solids, 0.0), sm.enthalpy(T_solids, 1.0)
    # unknowns: s_in, d (= s_in - s_out, the oxidation); O2 out = O2 in - d capacity >= 0
    # heat removed = H_in - H_out
    const = _h(arr, feed, u.air_temperature) + ms * hs0_in - _h(arr, feed, T) - ms * h_s0
    c = np.array([ms * (hs1_in - hs0_in) - ms * (h_s1 - h_s0), ms * (h_s1 - h_s0) + o2_capacity * h_o2])
    a_ub = np.array([[-1.0, 1.0], [0.0, o2_capacity]])  # d <= s_in; O2 taken <= O2 fed
    b_ub = [0.0, o2]
    return _extremes(c, const, which, A_ub=a_ub, b_ub=b_ub, bounds=[(0.0, 1.0), (0.0, 1.0)])


def check_heat_duties(u, fr_feed: np.ndarray, ar_feed: np.ndarray, t_lo: float, t_hi: float) -> None:
    """Raise :class:`InfeasibleError` where a reactor's heat duty cannot be met at any temperature
    in [t_lo, t_hi] K by any reachable state (the other reactor's temperature fixed); else nothing."""
    fr_duty, ar_duty = u.fuel_reactor.heat_duty, u.air_reactor.heat_duty
    mw = 1e6
    if fr_duty is not None and ar_duty is None:
        T_s = u.air_reactor.temperature if u.solids_cooler_temperature is None else u.solids_cooler_temperature
        least, _ = fuel_reactor_heat_bounds(u, fr_feed, t_lo, T_s, "least")
        _, most = fuel_reactor_heat_bounds(u, fr_feed, t_hi, T_s, "most")
        if least > fr_duty or most < fr_duty:
            need = (f"needs at least {least / mw:.4g} MW at {t_lo:.2f} K" if least > fr_duty else
                    f"takes at most {most / mw:.4g} MW at {t_hi:.2f} K")
            raise InfeasibleError(
                f"fuel_reactor: its heat duty {fr_duty / mw:.4g} MW cannot be met at any temperature in "
                f"[{t_lo:.2f}, {t_hi:.2f}] K: over every state its gas and solids can reach (the carrier carrying "
                f"at most {u.solids_circulation * carriers.load(u.carrier).R_OC / M_O:.4g} mol O/s at "
                f"solids_circulation={u.solids_circulation:.4g} kg/s), with solids entering at {T_s:.2f} K, "
                f"it {need}; change the circulation, the air reactor's temperature or the duty")
    if ar_duty is not None and fr_duty is None:
        T_s = u.fuel_reactor.temperature
        _, most = air_reactor_heat_bounds(u, ar_feed, t_lo, T_s, "most")
        least, _ = air_reactor_heat_bounds(u, ar_feed, t_hi, T_s, "least")
        if most < ar_duty or least > ar_duty:
            give = (f"gives off at most {most / mw:.4g} MW at {t_lo:.2f} K" if most < ar_duty else
                    f"gives off at least {least / mw:.4g} MW at {t_hi:.2f} K")
            raise InfeasibleError(
                f"air_reactor: its heat duty {ar_duty / mw:.4g} MW cannot be met at any temperature in "
                f"[{t_lo:.2f}, {t_hi:.2f}] K: over every state its gas and solids can reach (air O2 "
                f"{ar_feed[gas.INDEX['O2']]:.4g} mol/s, solids from the fuel reactor at {T_s:.2f} K), it {give}; "
                "change the duty, the air's temperature or excess, or the circulation")
