"""A cyclone preheater string: N ideal counter-current stages, meal down, gas up.

Basis: 1 kg clinker (streams in mol per kg clinker); reference state 25 degC. Each stage is an
equilibrium stage: its gas and meal leave at one temperature. Meal enters the top stage cold
(dry raw meal; any liquid water fed evaporates in the top stage). The MgCO3 calcines in the
bottom stage (labelled simplification: it decomposes well below the bottom stage's temperature,
and Cantera's MgCO3 data end at 1000 K; the overall balance is unchanged, only the stage profile
is). A share of the meal leaves the top stage with the gas as dust, at the top stage's
temperature.

Calcination in the string. The bottom stage meets the hottest gas; where its temperature would
exceed the CaCO3/CaO equilibrium temperature at the CO2 partial pressure of the gas leaving it
(:mod:`clc.cement.calcination`), part of its CaCO3 calcines, and the stage settles at that
equilibrium temperature (the endothermic calcination holds it there); the CO2 released joins
the string's gas. This matters in a capture plant: meal calcined in the kiln-gas string gives
its CO2 to the kiln gas, which is not captured. The stages above are checked to stay below
their own equilibrium temperature.

Solution: shooting from the bottom. Given the bottom stage's temperature (no calcination) or
the CaCO3 it calcines (calcination, temperature pinned), each stage balance gives the meal
temperature of the stage above; the top stage's balance with the cold feed is the residual,
found by Brent's method.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.optimize import brentq

import numpy as np
from numba import njit

from .. import nasa, thermo
from ..constants import R
from . import calcination
from .data import DHF_WATER_LIQUID_KJ

T0 = 298.15  # K, feed and reference temperature
T_MAX = 1500.0  # K, highest stage temperature searched
H_WATER_LIQUID = DHF_WATER_LIQUID_KJ * 1e3  # J/mol liquid water at 25 degC


# The balances call enthalpies tens of thousands of times per solve: they read Cantera's NASA
# polynomials through the compiled kernels of clc.nasa (equal to thermo.h, held in the tests),
# with the same data-range check as thermo.h.
_SPECIES = ("CaCO3", "CaO", "MgCO3", "MgO", "SiO2", "Al2O3", "Fe2O3", "CO2", "H2O", "N2", "O2", "CH4", "CO", "H2")
_ARRAYS = thermo.nasa_arrays(_SPECIES)
_RANGE = {n: (thermo.species(n).T_min, thermo.species(n).T_max) for n in _SPECIES}


def h_species(name: str, T: float) -> float:
    """Molar enthalpy [J/mol] as :func:`clc.thermo.h` gives it (Cantera's data, formation
    enthalpy included). MgCO3 above its data (1000 K) continues with constant cp (a labelled
    extrapolation: it only carries the 1-2 % of MgCO3 in the meal through the cyclones above the
    bottom stage, where it is taken to calcine; the overall balance does not depend on it)."""
    rng = _RANGE.get(name)
    if rng is None:
        return thermo.h(name, T)
    if name == "MgCO3" and T > rng[1]:
        return h_species(name, rng[1]) + _ARRAYS.cp(name, rng[1]) * (T - rng[1])
    if not (rng[0] <= T <= rng[1]):
        return thermo.h(name, T)  # raises the data-range error
    return _ARRAYS.h(name, T)


def h_stream(stream: dict[str, float], T: float) -> float:
    """Enthalpy [J per kg clinker] of a stream in mol per kg clinker at T [K] (Cantera data)."""
    if all(k in _INDEX for k in stream):
        return h_vector(vector(stream), T)
    return sum(n * h_species(sp, T) for sp, n in stream.items() if n != 0.0)


_INDEX = {n: i for i, n in enumerate(_SPECIES)}
_LO = np.array([_RANGE[n][0] for n in _SPECIES])
_HI = np.array([_RANGE[n][1] for n in _SPECIES])


def vector(stream: dict[str, float]) -> np.ndarray:
    """A stream as mol of each of the cement species (:data:`_SPECIES` order)."""
    v = np.zeros(len(_SPECIES))
    for k, n in stream.items():
        v[_INDEX[k]] += n
    return v


@njit(cache=True)
def _h_vector_kernel(coef, tmax, nseg, lo, hi, extrapolate, v, T):
    """sum_k v[k] h_k(T) / R; a species above its data with ``extrapolate[k]`` continues at its
    cp(hi) (see :func:`h_species`); NaN where a species present is outside its data."""
    total = 0.0
    for k in range(v.size):
        if v[k] == 0.0:
            continue
        if T < lo[k] or (T > hi[k] and not extrapolate[k]):
            return np.nan
        if T > hi[k]:
            t = hi[k]
            total += v[k] * (t * nasa.h_RT(coef, tmax, nseg, k, t) + nasa.cp_R(coef, tmax, nseg, k, t) * (T - t))
        else:
            total += v[k] * T * nasa.h_RT(coef, tmax, nseg, k, T)
    return total


_EXTRAPOLATE = np.array([n == "MgCO3" for n in _SPECIES])


def h_vector(v: np.ndarray, T: float) -> float:
    """Enthalpy [J] of ``v`` mol of the cement species at T [K] in one compiled call; equal to
    :func:`h_vector_numpy` (its reference twin). Outside a species' data range it raises the
    data-range error of :func:`clc.thermo.h`."""
    h = _h_vector_kernel(_ARRAYS.coef, _ARRAYS.tmax, _ARRAYS.nseg, _LO, _HI, _EXTRAPOLATE, v, T)
    if h != h:  # NaN: let thermo say which species is out of its range
        return h_vector_numpy(v, T)
    return R * h


def h_vector_numpy(v: np.ndarray, T: float) -> float:
    """Reference twin of :func:`h_vector`: the species' :func:`h_species` summed in Python."""
    return sum(n * h_species(_SPECIES[i], T) for i, n in enumerate(v) if n != 0.0)


def add(*streams: dict, scale: tuple | None = None) -> dict[str, float]:
    """Sum of streams (mol), each optionally scaled."""
    out: dict[str, float] = {}
    for i, s in enumerate(streams):
        f = 1.0 if scale is None else scale[i]
        for k, v in s.items():
            out[k] = out.get(k, 0.0) + f * v
    return out


def temperature_of(stream: dict[str, float], h_target: float, lo: float = T0, hi: float = T_MAX) -> float | None:
    """T with h_stream(stream, T) = h_target in [lo, hi]; None where no such T exists."""
    f = lambda T: h_stream(stream, T) - h_target
    f_lo, f_hi = f(lo), f(hi)
    if f_lo > 0.0 or f_hi < 0.0:
        return None
    return brentq(f, lo, hi, xtol=1e-10, rtol=1e-14)


def co2_partial_pressure(gas: dict[str, float], P: float = thermo.P_REF) -> float:
    """CO2 partial pressure [Pa] of a gas at total pressure P (ideal gas)."""
    total = sum(gas.values())
    return P * gas.get("CO2", 0.0) / total if total > 0 else 0.0


@dataclass
class StringResult:
    """One preheater string at its solution (streams in mol per kg clinker)."""

    stage_temperatures: list[float]  # K, top (1) to bottom (N)
    exit_gas: dict[str, float]  # leaving the top stage, with moisture and MgCO3's CO2
    exit_temperature: float  # K
    meal_out: dict[str, float]  # into the calciner
    meal_temperature: float  # K
    calcined: float  # mol CaCO3 calcined in the bottom stage
    dust: dict[str, float]  # meal leaving with the exit gas, at the exit temperature
    feed: dict[str, float]  # dry meal fed (clinker's share plus dust)
    water: float  # mol liquid water fed
    gas_in: dict[str, float]
    gas_in_temperature: float
    bottom_equilibrium_temperature: float  # K, T_eq at the bottom stage's gas
    heat_in: float = 0.0  # J per kg clinker released into the bottom stage besides the gas's own heat

    def residual(self) -> float:
        """Energy balance of the whole string [J per kg clinker] (in - out)."""
        h_in = (h_stream(self.feed, T0) + self.water * H_WATER_LIQUID
                + h_stream(self.gas_in, self.gas_in_temperature) + self.heat_in)
        h_out = (h_stream(self.exit_gas, self.exit_temperature) + h_stream(self.dust, self.exit_temperature)
                 + h_stream(self.meal_out, self.meal_temperature))
        return h_in - h_out


def solve_string(raw_meal: dict[str, float], water: float, gas_in: dict[str, float], T_gas_in: float,
                 stages: int, dust_ratio: float = 0.0, name: str = "preheater", heat_in: float = 0.0) -> StringResult:
    """Solve one string.

    Parameters
    ----------
    raw_meal : dry raw meal (mol per kg clinker) that this string passes to the calciner
        (carbonates and oxides, as :meth:`clc.cement.rawmeal.Clinker.moles_per_kg_clinker`).
    water : liquid water fed with it [mol per kg clinker].
    gas_in, T_gas_in : gas entering the bottom stage [mol per kg clinker] and its temperature [K].
    stages : number of cyclone stages.
    dust_ratio : dust leaving with the exit gas, as a share of the meal passed on (kg/kg).
    name : used in error messages.
    heat_in : heat [J per kg clinker] released into the bottom stage besides the gas's own (the kiln
        heat that rides with the kiln gas beyond its sensible heat, :mod:`clc.cement.kiln`); with it
        the bottom stage may run hotter than the gas entering.

    Raises RuntimeError (naming the string) when no stage temperatures balance the gas and meal.
    """
    if not (T_gas_in > T0):
        raise ValueError(f"{name}: gas inlet temperature {T_gas_in!r} K must exceed 25 degC")
    feed = {k: v * (1.0 + dust_ratio) for k, v in raw_meal.items()}
    water_fed = water * (1.0 + dust_ratio)
    # meal flowing down stages 1..N-1 (dry: the raw mill dried it; see clc.cement.kiln), and dust
    meal_pre = dict(raw_meal)
    dust = {k: v * dust_ratio for k, v in raw_meal.items()}
    n_mgco3 = meal_pre.get("MgCO3", 0.0)
    top_release = {"H2O": water_fed}
    n_caco3 = meal_pre.get("CaCO3", 0.0)
    h_feed = h_stream(feed, T0) + water_fed * H_WATER_LIQUID
    if not (math.isfinite(heat_in) and heat_in >= 0.0):
        raise ValueError(f"{name}: heat_in={heat_in!r} J/kg clinker must be finite and >= 0")
    h_gas_in = h_stream(gas_in, T_gas_in) + heat_in
    # highest temperature the meal above the bottom stage may take (its species' data ranges)
    T_meal_max = min([T_MAX] + [thermo.species(k).T_max for k, v in meal_pre.items() if v > 0 and k != "MgCO3"])
    T_bottom_max = min(T_meal_max, T_gas_in) if heat_in == 0.0 else T_meal_max
    T_bracket = T_gas_in - 1e-9 if heat_in == 0.0 else T_bottom_max  # hottest bottom meal tried

    def bottom_meal(xi: float) -> dict[str, float]:
        """Meal leaving the bottom stage: MgCO3 calcined, xi mol CaCO3 calcined."""
        m = {k: v for k, v in meal_pre.items() if k != "MgCO3"}
        m["MgO"] = m.get("MgO", 0.0) + n_mgco3
        m["CaCO3"] = n_caco3 - xi
        m["CaO"] = m.get("CaO", 0.0) + xi
        return m

    def gas_of(xi: float) -> dict[str, float]:
        """Gas leaving the bottom stage (and every stage above): with the CO2 calcination released."""
        return add(gas_in, {"CO2": xi + n_mgco3})

    # the march below runs thousands of times per solve: streams as species vectors
    mp, du = vector(meal_pre), vector(dust)
    g_in, e_co2, top_v = vector(gas_in), vector({"CO2": 1.0}), vector(top_release)
    bm0, e_calc = vector(bottom_meal(0.0)), vector({"CaO": 1.0, "CaCO3": -1.0})
    h_mp_T0 = h_vector(mp, T0)

    def temperature(v: np.ndarray, h_target: float, hi: float) -> float | None:
        """T in [25 degC, hi] with h(v, T) = h_target; where h jumps (a phase change with latent
        heat, e.g. quartz at 847 K) and the target lies in the jump, the jump's temperature.
        None when the target lies outside h(25 degC)..h(hi)."""
        f_ = lambda T: h_vector(v, T) - h_target
        if f_(T0) > 0.0 or f_(hi) < 0.0:
            return None
        return brentq(f_, T0, hi, xtol=1e-10, rtol=1e-14)

    def march(h_N: float, xi: float, T_N: float | None = None) -> tuple[float, list[float]]:
        """Stage temperatures from the bottom up and the top stage's residual [J/kg clinker].

        The bottom stage is given by the enthalpy of the meal leaving it (``h_N``; its
        temperature ``T_N`` follows, or is given). Each stage's meal is carried by its enthalpy,
        so a stage may sit at a phase change (partly transformed) and the balances stay exact.
        A positive residual means the feed brings more than the top stage's outflows: the
        bottom was taken too cold. Where no meal temperature balances a stage, the march stops
        with a residual of the sign the bracket needs.
        """
        gas = g_in + (xi + n_mgco3) * e_co2
        bottom = bm0 + xi * e_calc
        if T_N is None:
            T_N = temperature(bottom, h_N, T_bottom_max)
            if T_N is None:
                return (1.0 if h_N < h_vector(bottom, T0) else -1.0) * 1e9, []
        T = [T_N]  # bottom to top
        hm = [h_N]  # enthalpy of the meal leaving each stage
        # stage N: meal in from N-1: h_meal(N-1) = out - gas in
        h_target = h_vector(gas, T_N) + h_N - h_gas_in
        if stages == 1:
            return h_feed - (h_vector(gas + top_v, T_N) + h_vector(du, T_N) + h_N - h_gas_in), T
        for i in range(stages - 1):
            if h_target < h_mp_T0:  # the meal above would be colder than the feed: bottom too cold
                return 1e9, T
            T_up = temperature(mp, h_target, T_meal_max)
            if T_up is None:  # hotter than its data allow: bottom too hot
                return -1e9, T
            T.append(T_up)
            hm.append(h_target)
            if i == stages - 2:
                break
            # stage above: gas in at T[-2], meal out with enthalpy hm[-1] at T[-1]
            h_target = h_vector(gas, T[-1]) + hm[-1] - h_vector(gas, T[-2])
        T1, T2 = T[-1], T[-2]
        r = h_feed + h_vector(gas, T2) - (h_vector(gas + top_v, T1) + hm[-1] + h_vector(du, T1))
        return r, T

    def t_eq(xi: float) -> float:
        p = co2_partial_pressure(gas_of(xi))
        return calcination.equilibrium_temperature(p) if p > 0 else 0.0

    # branch 1: no calcination; the enthalpy of the meal leaving the bottom stage is the unknown
    f = lambda h: march(h, 0.0)[0]
    lo, hi = h_vector(bm0, T0 + 1e-6), h_vector(bm0, T_bracket)
    if f(lo) < 0 or f(hi) > 0:
        raise RuntimeError(f"{name}: no stage temperatures between 25 degC and the gas inlet temperature "
                           f"{T_gas_in - 273.15:.0f} degC balance the gas and meal (check the gas flow and "
                           "temperatures)")
    h_N = brentq(f, lo, hi, xtol=1e-9, rtol=1e-15)
    T_N = temperature(bm0, h_N, T_bottom_max)
    xi = 0.0
    T_eq0 = t_eq(0.0)
    if n_caco3 > 0 and T_N > T_eq0:
        # branch 2: the bottom stage calcines and sits at its equilibrium temperature
        def g(x: float) -> float:
            t = t_eq(x)
            return march(h_vector(bm0 + x * e_calc, t), x, t)[0]
        if g(n_caco3) > 0:
            # branch 3: the bottom stage calcines all its CaCO3 and is hotter than T_eq
            xi = n_caco3
            full = bm0 + xi * e_calc
            lo3, hi3 = h_vector(full, t_eq(xi)), h_vector(full, T_bracket)
            if march(lo3, xi)[0] < 0 or march(hi3, xi)[0] > 0:
                raise RuntimeError(f"{name}: no stage temperatures balance the gas and a fully calcined bottom stage")
            h_N = brentq(lambda h: march(h, xi)[0], lo3, hi3, xtol=1e-9, rtol=1e-15)
            T_N = temperature(full, h_N, T_bottom_max)
        else:
            xi = brentq(g, 0.0, n_caco3, xtol=1e-14 * max(n_caco3, 1.0), rtol=1e-14)
            T_N = t_eq(xi)
            h_N = h_vector(bm0 + xi * e_calc, T_N)
    r, T_up = march(h_N, xi, T_N)
    if len(T_up) != stages or abs(r) > 1e-7 * max(abs(h_gas_in), 1.0):
        raise RuntimeError(f"{name}: no stage temperatures above 25 degC balance the gas and meal "
                           f"(gas in at {T_gas_in - 273.15:.0f} degC; top-stage imbalance {r:.3g} J/kg clinker)")
    temps = list(reversed(T_up))  # top to bottom
    gas = gas_of(xi)
    T_eq_bottom = t_eq(xi)
    p_co2 = co2_partial_pressure(gas)
    for i, t in enumerate(temps[:-1]):  # stages above the bottom must not calcine
        if p_co2 > 0 and t > calcination.equilibrium_temperature(p_co2) + 1e-6:
            raise RuntimeError(f"{name}: stage {i + 1} would calcine ({t - 273.15:.0f} degC) as well as the "
                               "bottom stage; this model calcines only in the bottom stage")
    return StringResult(temps, add(gas, top_release), temps[0], bottom_meal(xi), temps[-1], xi, dust, feed,
                        water_fed, dict(gas_in), T_gas_in, T_eq_bottom, heat_in)
