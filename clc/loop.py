"""The circulating loop: fuel reactor + air reactor solved to a steady state.

Solids leave the air reactor at reduction degree s1, enter the fuel reactor, leave it at s2,
and return to the air reactor. The steady state is the s1 at which the air reactor returns
the solids at the degree the fuel reactor received them; it is found by bracketing (Brent's
method) and the solve says so when it fails. Between the reactors the particles' conversion
distribution is replaced by its mean (an approximation of this model).

Temperatures are the user's; the energy balance gives the heat each reactor needs
(fuel reactor) or gives off (air reactor) to hold them, from the enthalpies of every stream
(NASA kernels, Cantera's data), and whether the fuel reactor runs autothermally.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import brentq

from . import (bubbling_bed, carriers, char_classes, citations, feasibility, gas, metrics, reactor, solid_fuel_reactor,
               solids, thermo)
from .bubbling_bed import BedInput, BedResult
from .errors import ConvergenceError, InfeasibleError
from .reactor import GasInlet, Outcome, SolidsInlet
from .solid_fuel_reactor import SolidFuelSpec  # noqa: F401 (re-exported)
from .specs import ReactorSpec, UnitSpec  # noqa: F401 (re-exported: the specs live in clc.specs)

AIR = {"O2": 0.21, "N2": 0.79}  # assumption: dry air as 21 % O2, argon lumped with N2


@dataclass(frozen=True)
class ReactorFigures:
    """Figures of one reactor of a solved loop."""

    temperature: float  # K
    inventory: float  # kg (oxidised basis)
    specific_inventory: float  # kg/MWth of fuel input
    pressure_drop: float  # Pa over the bed
    bed_height: float  # m
    u0_over_umf: float | None  # gas velocity over minimum fluidization (None: not a fluidized bed)
    mean_residence_time: float  # s, mean solids residence time
    freeboard_height: float | None = None  # m, a bubbling bed's freeboard
    freeboard_solids: float | None = None  # kg entrained in it
    riser_dense_height: float | None = None  # m, a riser with a published solids profile
    terminal_velocity: float | None = None  # m/s, particle terminal velocity (riser)
    riser_implied_circulation: float | None = None  # kg/s that Kunii-Levenspiel's profile implies


@dataclass(frozen=True)
class SolidFuelFigures:
    """Figures of a solid fuel in the fuel reactor (see :mod:`clc.solid_fuel_reactor`)."""

    oxygen_demand_bypass: float  # - of the fuel's O2 need: volatiles bypassing the bed
    oxygen_demand_bed_gas: float  # - : gas leaving the bed
    char_conversion: float  # share of the fed char carbon gasified in the FR
    char_gasified_h2o: float  # kg/s of char carbon
    char_gasified_co2: float  # kg/s
    char_to_ar: float  # kg/s
    char_inventory: float  # kg in the FR
    stripper_efficiency: float  # -
    fuel_feed: float  # kg/s as received
    # the O2 demand shared by origin: volatiles (bypassing, plus their share of the bed gas) and the
    # char's gasification products; the two add up to the oxygen demand (see _fuel_figures)
    oxygen_demand_volatiles: float | None = None  # -
    oxygen_demand_char_gas: float | None = None  # -
    elutriated_carbon: float | None = None  # kg/s of char carbon carried out of the FR (char classes only)
    carrier_returned_by_stripper: float | None = None  # kg/s (a stripper unit only)
    stripper_factor: float | None = None  # its K* factor (given, or calibrated to a stated efficiency)


@dataclass(frozen=True)
class LoopResult:
    """Steady state of the loop: named figures, reactor results, balances.

    ``figures`` is the printed table (display label -> (value, unit)), a view built from the
    fields by :data:`FIGURE_TABLE`; code reads the fields.
    """

    unit: UnitSpec
    fuel_reactor: Outcome  # the reactors' outlets, figures, profiles (clc.reactor); ``.result`` the model's own
    air_reactor: Outcome
    feeds: dict  # "fuel_reactor" / "air_reactor" -> mol/s arrays
    s_fr_in: float  # reduction degree of the solids entering the fuel reactor
    s_fr_out: float
    balances: dict  # element and energy residuals, relative
    fr: ReactorFigures
    ar: ReactorFigures
    fuel_conversion: dict  # species -> conversion of each fuel species fed (gaseous fuel)
    combustion_efficiency: float  # -
    co2_yield: float | None  # - (None: not applicable, no carbon in the unit, e.g. pure H2)
    oxygen_demand: float  # - (O2 the FR gas still needs over the O2 the fuel needs)
    co2_capture_efficiency: float | None  # - (None: not applicable, as co2_yield)
    co2_purity_dry: float | None  # - (dry FR gas; None: not applicable, as co2_yield)
    o2_for_polishing: float  # kg/s
    phi: float  # oxygen carrier to fuel ratio
    o2_in_ar_exhaust: float  # mol/mol
    solids_circulation: float  # kg/s
    heat_to_fr: float  # W to supply to the fuel reactor (< 0: it gives heat off)
    heat_from_ar: float  # W to remove from the air reactor
    heat_solids_cooler: float  # W removed in the solids cooler
    solids_temperature_into_fr: float  # K
    thermal_power: float  # W (LHV)
    solid: SolidFuelFigures | None = None  # solid fuels only
    citations: list = field(default_factory=list)
    char: solid_fuel_reactor.CharBalance | None = None  # solid fuels: the char's steady state
    # correlations used outside their published validity ranges, "fuel reactor: ..." /
    # "air reactor: ..." (from each reactor's outcome ``warnings``; see validity_warnings)
    warnings: list[str] = field(default_factory=list)

    @property
    def autothermal(self) -> bool:
        """The fuel reactor needs no heat (an adiabatic FR's solved duty, zero to the solver's
        tolerance, counts as none: 1e-9 of the thermal power)."""
        return bool(self.heat_to_fr <= HEAT_ZERO * self.thermal_power)

    @property
    def loop_autothermal(self) -> bool:
        """No reactor takes heat from outside: the FR needs none and the AR gives heat off (or none)."""
        return self.autothermal and bool(self.heat_from_ar >= -HEAT_ZERO * self.thermal_power)

    @property
    def solids_conversion_difference(self) -> float:
        """dX = s_fr_out - s_fr_in."""
        return self.s_fr_out - self.s_fr_in

    @property
    def max_balance_residual(self) -> float:
        return max(abs(v) for v in self.balances.values())

    @property
    def figures(self) -> dict:
        """The printed table: display label -> (value, unit), in print order (a fresh dict)."""
        out = {}
        for label, unit, get in FIGURE_TABLE:
            v = get(self)
            if v is not None:
                out[label] = (v, unit)
        return out


def _opt(group: str, name: str):
    return lambda r: None if getattr(r, group) is None else getattr(getattr(r, group), name)


def _conv(species: str):
    return lambda r: r.fuel_conversion.get(species)


# the figures view: (label, unit, field getter) in print order; a getter giving None omits the row
FIGURE_TABLE: tuple = (
    *((f"fuel conversion ({s})", "-", _conv(s)) for s in ("CH4", "CO", "H2")),
    ("combustion efficiency", "-", lambda r: r.combustion_efficiency),
    ("CO2 yield", "-", lambda r: r.co2_yield),
    ("oxygen demand", "-", lambda r: r.oxygen_demand),
    ("CO2 capture efficiency", "-", lambda r: r.co2_capture_efficiency),
    ("CO2 purity (dry FR gas)", "-", lambda r: r.co2_purity_dry),
    ("O2 for oxygen polishing", "kg/s", lambda r: r.o2_for_polishing),
    ("oxygen carrier to fuel ratio phi", "-", lambda r: r.phi),
    ("oxygen demand of bypassing volatiles", "-", _opt("solid", "oxygen_demand_bypass")),
    ("oxygen demand of gas leaving the bed", "-", _opt("solid", "oxygen_demand_bed_gas")),
    ("oxygen demand of volatiles", "-", _opt("solid", "oxygen_demand_volatiles")),
    ("oxygen demand of char gas", "-", _opt("solid", "oxygen_demand_char_gas")),
    ("char conversion in FR", "-", _opt("solid", "char_conversion")),
    ("char gasified by H2O", "kg/s", _opt("solid", "char_gasified_h2o")),
    ("char gasified by CO2", "kg/s", _opt("solid", "char_gasified_co2")),
    ("char to AR", "kg/s", _opt("solid", "char_to_ar")),
    ("elutriated carbon", "kg/s", _opt("solid", "elutriated_carbon")),
    ("char in FR", "kg", _opt("solid", "char_inventory")),
    ("carbon stripper efficiency", "-", _opt("solid", "stripper_efficiency")),
    ("carrier returned by the stripper", "kg/s", _opt("solid", "carrier_returned_by_stripper")),
    ("carbon stripper K* factor", "-", _opt("solid", "stripper_factor")),
    ("fuel feed (as received)", "kg/s", _opt("solid", "fuel_feed")),
    ("O2 in AR exhaust", "mol/mol", lambda r: r.o2_in_ar_exhaust),
    ("solids conversion difference dX", "-", lambda r: r.solids_conversion_difference),
    ("reduction degree entering FR", "-", lambda r: r.s_fr_in),
    ("reduction degree leaving FR", "-", lambda r: r.s_fr_out),
    ("solids circulation", "kg/s", lambda r: r.solids_circulation),
    ("FR inventory", "kg", _opt("fr", "inventory")),
    ("AR inventory", "kg", _opt("ar", "inventory")),
    ("FR specific inventory", "kg/MWth", _opt("fr", "specific_inventory")),
    ("AR specific inventory", "kg/MWth", _opt("ar", "specific_inventory")),
    ("FR pressure drop", "Pa", _opt("fr", "pressure_drop")),
    ("AR pressure drop", "Pa", _opt("ar", "pressure_drop")),
    ("FR bed height", "m", _opt("fr", "bed_height")),
    ("AR bed height", "m", _opt("ar", "bed_height")),
    ("FR u0/u_mf", "-", _opt("fr", "u0_over_umf")),
    ("AR u0/u_mf", "-", _opt("ar", "u0_over_umf")),
    ("FR mean solids residence time", "s", _opt("fr", "mean_residence_time")),
    *((f"{tag} {label}", unit, _opt(tag.lower(), name)) for tag in ("FR", "AR") for label, unit, name in (
        ("freeboard height", "m", "freeboard_height"),
        ("freeboard entrained solids", "kg", "freeboard_solids"),
        ("riser dense-zone height", "m", "riser_dense_height"),
        ("particle terminal velocity", "m/s", "terminal_velocity"),
        ("circulation implied by riser profile", "kg/s", "riser_implied_circulation"))),
    ("heat to supply to FR", "W", lambda r: r.heat_to_fr),
    ("heat to remove from AR", "W", lambda r: r.heat_from_ar),
    ("heat removed in solids cooler", "W", lambda r: r.heat_solids_cooler),
    ("solids temperature into FR", "K", lambda r: r.solids_temperature_into_fr),
    ("FR autothermal", "-", lambda r: r.autothermal),
    ("loop autothermal", "-", lambda r: r.loop_autothermal),
    ("thermal power (LHV)", "W", lambda r: r.thermal_power),
    ("FR temperature", "K", _opt("fr", "temperature")),
    ("AR temperature", "K", _opt("ar", "temperature")),
)
FIGURE_LABELS: tuple[str, ...] = tuple(label for label, _, _ in FIGURE_TABLE)  # every label the view can hold


def feeds(u: UnitSpec) -> tuple[np.ndarray, np.ndarray]:
    """Molar feeds of the fuel reactor (fuel + extra gas) and the air reactor (air + extra).

    For a solid fuel, the fuel reactor's feed is the gas the fuel releases in the bed (moisture,
    in-bed volatiles) plus the extra gas, before char gasification.
    """
    carrier = carriers.load(u.carrier)
    if "O2" not in carrier.gases:
        raise ValueError(f"carrier={u.carrier!r}: this carrier has no oxidation (O2) kinetics, so the air reactor "
                         f"cannot re-oxidise it (it has {', '.join(carrier.gases)}); choose a carrier with O2 "
                         f"kinetics: {', '.join(n for n in carriers.list_carriers() if 'O2' in carriers.load(n).gases)}")
    if u.solid_fuel is not None:
        ff = solid_fuel_reactor.fuel_feed(u.solid_fuel, u.thermal_power)
        return ff.in_bed + gas.vector(u.fuel_reactor.extra_feed), _air(u, ff.o2_demand)
    y_fuel = gas.vector(u.fuel)
    if abs(y_fuel.sum() - 1.0) > 1e-6:
        raise ValueError(f"fuel: mole fractions sum to {y_fuel.sum():g}, not 1")
    lhv = float(metrics.lower_heating_values() @ y_fuel)
    if lhv <= 0:
        raise ValueError(f"fuel={u.fuel}: has no heating value (needs CH4, CO or H2)")
    # CH4 also burns on a carrier without CH4 kinetics whose reduced metal reforms it (Ni: carrier.reforming)
    missing = [n for n in ("CH4", "CO", "H2") if y_fuel[gas.INDEX[n]] > 0 and n not in carrier.gases
               and not (n == "CH4" and carrier.reforming)]
    if (y_fuel[gas.INDEX["CH4"]] > 0 and "CH4" not in carrier.gases and carrier.reforming
            and u.fuel_reactor.regime not in REFORMING_REGIMES):
        raise ValueError(f"fuel_reactor.type={u.fuel_reactor.regime!r} with carrier={u.carrier!r}: this carrier burns "
                         "CH4 only through steam reforming on its reduced metal, which runs in fuel reactors of type "
                         f"{', '.join(map(repr, REFORMING_REGIMES))}")
    if missing:
        raise ValueError(f"fuel.composition={dict(u.fuel)!r} with carrier={u.carrier!r}: this carrier has no "
                         f"reduction kinetics for {', '.join(missing)} (it has {', '.join(carrier.gases)}); "
                         "choose a fuel of those gases or a carrier with kinetics for the fuel's gases")
    fuel = y_fuel * u.thermal_power / lhv
    fr = fuel + gas.vector(u.fuel_reactor.extra_feed)
    return fr, _air(u, metrics.o2_demand(fuel))


# fuel-reactor types whose model runs a carrier's steam reforming (clc.bubbling_bed)
REFORMING_REGIMES = ("bubbling", "riser")


def _air(u: UnitSpec, o2_demand: float) -> np.ndarray:
    """Air reactor feed: ``air_excess`` times the fuel's O2 demand as air, plus extra gas."""
    air_o2 = u.air_excess * o2_demand
    return gas.vector({k: v * air_o2 / AIR["O2"] for k, v in AIR.items()}) + gas.vector(u.air_reactor.extra_feed)


def _bed(u: UnitSpec, r: ReactorSpec, feed, reacting, x_in) -> BedInput:
    """A fluidized bed's input (kept for the benchmarks; the loop itself goes through clc.reactor)."""
    return bubbling_bed.bed_input(u, r, feed, reacting, x_in)


def _gas_enthalpy(arr: thermo.NasaArrays, flows: np.ndarray, T: float) -> float:
    return float(sum(f * arr.h(n, T) for n, f in zip(gas.SPECIES, flows) if f != 0.0))


def solve(u: UnitSpec) -> LoopResult:
    """Steady state of the loop.

    Raises :class:`clc.errors.InfeasibleError` when the unit has no physical steady state (with
    the reason), :class:`clc.errors.ConvergenceError` when the solvers fail or a solution's
    balances do not close within :data:`BALANCE_TOLERANCE` (both are RuntimeErrors), and
    ValueError for an input that cannot run (naming the field). Figures that do not apply (the
    carbon figures of a fuel without carbon, e.g. pure H2) are None and left out of ``figures``.

    Where a reactor has a ``heat_duty``, its temperature is solved (Brent's method within the
    carrier's kinetic data range, or the thermo range with ``extrapolate_kinetics``) so that its
    energy balance gives that duty; otherwise temperatures are the user's.
    """
    fr_duty, ar_duty = u.fuel_reactor.heat_duty, u.air_reactor.heat_duty
    if fr_duty is None and ar_duty is None:
        return _solve_at_temperatures(u)
    lo, hi = _temperature_bracket(u)
    checked = []

    def check_feasible() -> None:
        """Refuse first what no temperature can change (the carrier's kinetics for the fuel), then a duty
        no reachable state meets at any temperature of the range (clc.feasibility); for a solid fuel, its
        feed (devolatilisation, the carrier's O2 kinetics). Run once, before any bracketing search."""
        if checked:
            return
        if u.solid_fuel is None:
            feasibility.check_heat_duties(u, *feeds(u), lo, hi)
        else:
            solid_fuel_reactor.fuel_feed(u.solid_fuel, u.thermal_power)
            feeds(u)
        checked.append(True)

    at = _Continuation(u)

    def solve_fr(t_ar: float) -> LoopResult:
        if fr_duty is None:
            return at(u.fuel_reactor.temperature, t_ar)
        f = lambda t: (at(t, t_ar).heat_to_fr - fr_duty) / u.thermal_power
        # a duty met from the start temperature needs no feasibility argument: the root proves it
        t_fr = _secant_root(f, u.fuel_reactor.temperature, lo, hi)
        if t_fr is None:
            check_feasible()
            t_fr = _temperature_root(f, lo, hi, "fuel reactor")
        return at(t_fr, t_ar)

    if ar_duty is None:
        return solve_fr(u.air_reactor.temperature)
    check_feasible()
    g = lambda t: (solve_fr(t).heat_from_ar - ar_duty) / u.thermal_power
    if fr_duty is None:
        return solve_fr(_temperature_root(g, lo, hi, "air reactor"))
    # both solved: an adiabatic fuel reactor exists only for air-reactor temperatures high enough,
    # so bracket the air-reactor root among feasible points, from the given start upwards and down
    start = min(max(u.air_reactor.temperature, lo), hi)
    points = sorted({start, hi, *np.linspace(start, lo, 7)[1:]}, reverse=True)
    feasible, errors = [], {}
    for t in points:
        try:
            feasible.append((t, g(t)))
        except (RuntimeError, ValueError) as exc:
            errors[t] = exc
            continue
        if len(feasible) > 1 and feasible[-2][1] * feasible[-1][1] <= 0.0:
            (t_hi, _), (t_lo, _) = feasible[-2], feasible[-1]
            return solve_fr(brentq(g, t_lo, t_hi, xtol=1e-6, rtol=1e-12))
    root = _edge_root(g, feasible, errors)
    if root is not None:
        return solve_fr(root)
    raise _no_root(f"air-reactor temperature in [{lo:.2f}, {hi:.2f}] K gives the heat duties asked (fuel reactor "
                   f"{fr_duty:g} W, air reactor {ar_duty:g} W)", feasible, errors)


def _edge_root(f, solved: list, errors: dict, steps: int = 10) -> float | None:
    """A root of ``f`` next to the edge of the temperatures where the unit solves, or None.

    A scan may find the residual of one sign at every point that solves while it changes sign
    just inside the edge beyond which the unit does not run (e.g. where an adiabatic fuel reactor
    stops being possible). From each solved point next to a failed one, the edge is approached by
    bisection, continuing from the last point solved; a sign change on the way is bracketed.
    """
    grid = sorted([(t, v) for t, v in solved] + [(t, None) for t in errors])
    for (t0, v0), (t1, v1) in zip(grid, grid[1:]):
        if (v0 is None) == (v1 is None):
            continue
        (ts, vs), tf = ((t0, v0), t1) if v1 is None else ((t1, v1), t0)
        for _ in range(steps):
            mid = 0.5 * (ts + tf)
            try:
                vm = f(mid)
            except (RuntimeError, ValueError):
                tf = mid
                continue
            if vm * vs <= 0.0:
                return brentq(f, min(ts, mid), max(ts, mid), xtol=1e-6, rtol=1e-12)
            ts, vs = mid, vm
    return None


def _no_root(what: str, solved: list, errors: dict) -> Exception:
    """The error of a temperature search that found no root, of the class its evidence supports.

    No point solved, none for numerical reasons: the points' own reasons (an input the loop cannot
    run, or an infeasible unit, at every temperature), as a ValueError (InfeasibleError if any is
    one). Points solved, and the others fail for input or physical reasons: infeasible, with the
    residuals (they keep one sign, or change it only where the unit does not run). Any point
    failed numerically: a convergence error.
    """
    listed = ", ".join(f"{t:.0f} K: {v:.3g}" for t, v in sorted(solved)) or "none"
    numerical = [e for e in errors.values() if isinstance(e, ConvergenceError)]
    if not solved and errors and not numerical:
        # one line per distinct reason (numbers aside), with the temperatures it holds at
        reasons: dict = {}
        for t, e in sorted(errors.items()):
            reasons.setdefault(re.sub(r"[-+]?\d[\d.]*(e[-+]?\d+)?", "#", str(e)), []).append((t, e))
        told = "; ".join(f"at {ts[0][0]:.0f}-{ts[-1][0]:.0f} K: {ts[0][1]}" if len(ts) > 1 else
                         f"at {ts[0][0]:.0f} K: {ts[0][1]}" for ts in list(reasons.values())[:3])
        cls = InfeasibleError if any(isinstance(e, InfeasibleError) for e in errors.values()) else ValueError
        return cls(f"loop: no {what}: where the unit solves: none; {told}")
    if solved and not numerical:
        signs = {v > 0.0 for _, v in solved}
        how = (f"stays {'above' if True in signs else 'below'} zero where the unit solves" if len(signs) == 1 else
               "changes sign only across temperatures where the unit does not run")
        why = f"; elsewhere: {next(iter(errors.values()))}" if errors else ""
        return InfeasibleError(f"loop: no {what}: the heat-duty residual (share of the thermal power) {how} "
                               f"({listed}){why}")
    example = (numerical or list(errors.values()) or ["-"])[0]
    return ConvergenceError(f"loop: no {what}; residuals (share of the thermal power) where the unit solves: "
                            f"{listed}; elsewhere it does not solve, e.g. {example}")


def _temperature_bracket(u: UnitSpec) -> tuple[float, float]:
    if u.extrapolate_kinetics:
        return 700.0, 1500.0
    return carriers.load(u.carrier).T_range


def _secant_root(f, start: float, lo: float, hi: float, xtol: float = 1e-6, maxiter: int = 12) -> float | None:
    """Root of a heat-duty residual by the secant method from the reactor's given temperature, or None.

    The duty is nearly linear in the temperature (the solids' sensible heat dominates), so from the
    start (the temperature the unit file gives) and a point 5 K away a few warm-started solves reach
    the root; the bracketing search of :func:`_temperature_root` (which first solves both ends of the
    range, far from the start) is the fallback when an iterate leaves [lo, hi], a solve fails, or
    the iteration stalls. Converged to ``xtol`` K, as that search is, or to a residual of 1e-12."""
    t0 = min(max(start, lo), hi)
    t1 = t0 + 5.0 if t0 + 5.0 <= hi else t0 - 5.0
    try:
        f0, f1 = f(t0), f(t1)
        for _ in range(maxiter):
            if abs(f1) <= 1e-12:  # the duty met to 1e-12 of the thermal power
                return t1
            if f1 == f0:
                return None
            t2 = t1 - f1 * (t1 - t0) / (f1 - f0)
            if not lo <= t2 <= hi:
                return None
            t0, f0, t1 = t1, f1, t2
            f1 = f(t1)
            if abs(t1 - t0) <= xtol:
                return t1
    except (RuntimeError, ValueError):
        return None
    return None


def _temperature_root(f, lo: float, hi: float, which: str, n_scan: int = 9) -> float:
    """Root of ``f`` (a heat-duty residual) in [lo, hi].

    Where the unit has no solution at an end of the range (e.g. a riser that cannot hold its
    inventory at that gas velocity, or a solids cooler hotter than the air reactor), the range
    is scanned at ``n_scan`` points and the root sought between neighbouring points that solve.
    """
    try:
        f_lo, f_hi = f(lo), f(hi)
    except (RuntimeError, ValueError) as exc:
        return _scanned_root(f, lo, hi, which, n_scan, exc)
    if f_lo * f_hi > 0.0:
        # the ends agree: a residual that is not monotone may still cross zero twice inside
        inner = []
        for t in np.linspace(lo, hi, n_scan)[1:-1]:
            try:
                inner.append((t, f(t)))
            except (RuntimeError, ValueError):
                continue
            if inner[-1][1] * f_lo <= 0.0:
                return brentq(f, lo, t, xtol=1e-6, rtol=1e-12)
        listed = ", ".join(f"{t:.0f} K: {v:.3g}" for t, v in [(lo, f_lo), *inner, (hi, f_hi)])
        raise InfeasibleError(
            f"loop: no {which} temperature in [{lo:.2f}, {hi:.2f}] K meets its heat duty: the residual (share "
            f"of the thermal power) stays {'above' if f_lo > 0 else 'below'} zero ({listed}); change the duty, "
            "the circulation, or allow extrapolate_kinetics")
    return brentq(f, lo, hi, xtol=1e-6, rtol=1e-12)


def _scanned_root(f, lo: float, hi: float, which: str, n_scan: int, first: Exception) -> float:
    points, errors = [], {}
    for t in np.linspace(lo, hi, n_scan):
        try:
            points.append((t, f(t)))
        except (RuntimeError, ValueError) as exc:
            errors[t] = exc
            points.append((t, None))
    for (t0, f0), (t1, f1) in zip(points, points[1:]):
        if f0 is not None and f1 is not None and f0 * f1 <= 0.0:
            return brentq(f, t0, t1, xtol=1e-6, rtol=1e-12)
    if not errors:  # the scan solved where the first try did not: keep that reason
        errors = {lo: first}
    root = _edge_root(f, [(t, v) for t, v in points if v is not None], errors)
    if root is not None:
        return root
    raise _no_root(f"{which} temperature in [{lo:.2f}, {hi:.2f}] K meets its heat duty",
                   [(t, v) for t, v in points if v is not None], errors) from None


def _solve_at_temperatures(u: UnitSpec) -> LoopResult:
    """Steady state at the reactors' given temperatures."""
    return _solve_warm(u, None)[0]


def _solve_warm(u: UnitSpec, warm: tuple | None) -> tuple[LoopResult, tuple | None]:
    """:func:`_solve_at_temperatures` started from ``warm`` (a nearby solved state, see
    :func:`_circulate`); returns the result and its own state (None for a solid fuel, which
    warm-starts its own iterations)."""
    if not (math.isfinite(u.solids_circulation) and u.solids_circulation > 0):
        raise ValueError(f"solids_circulation={u.solids_circulation!r} kg/s must be positive")
    if u.solid_fuel is not None:
        return _solve_solid_fuel(u), None
    fr_feed, ar_feed = feeds(u)
    s1, fr, ar, state = _circulate(u, fr_feed, ar_feed, warm)
    return _assemble(u, s1, fr, ar, fr_feed, ar_feed), state


class _Continuation:
    """The unit solved at given (FR, AR) temperatures, each solve continued from the nearest
    temperature pair already solved (its reduction degree and the beds' <g>, cell unknowns and
    slopes as starting points); a warm start that fails is repeated cold, so continuation only
    ever adds solutions. Results agree with cold solves to the solvers' tolerances."""

    def __init__(self, u: UnitSpec):
        self.u = u
        self.states: dict[tuple[float, float], tuple] = {}
        self.results: dict[tuple[float, float], LoopResult] = {}  # a root search ends where it last solved

    def __call__(self, t_fr: float, t_ar: float) -> LoopResult:
        if (t_fr, t_ar) in self.results:
            return self.results[(t_fr, t_ar)]
        u = self.u
        unit = dataclasses.replace(u, fuel_reactor=dataclasses.replace(u.fuel_reactor, temperature=t_fr),
                                   air_reactor=dataclasses.replace(u.air_reactor, temperature=t_ar))
        near = min(self.states, key=lambda k: abs(k[0] - t_fr) + abs(k[1] - t_ar), default=None)
        if near is not None:
            try:
                result, state = _solve_warm(unit, self.states[near])
            except ConvergenceError:
                result, state = _solve_warm(unit, None)
        else:
            result, state = _solve_warm(unit, None)
        if state is not None:
            self.states[(t_fr, t_ar)] = state
        self.results[(t_fr, t_ar)] = result
        return result


def _circulate(u: UnitSpec, fr_feed: np.ndarray, ar_feed: np.ndarray, warm: tuple | None = None,
               fr_emulsion: np.ndarray | None = None):
    """Solids loop at fixed gas feeds: (s1, FR outcome, AR outcome, warm state for the next call).

    ``fr_emulsion`` [mol/s]: the part of ``fr_feed`` made in the fuel reactor's bed (a solid fuel's
    gases), released in its emulsion (:class:`clc.reactor.GasInlet`).

    ``warm`` (the last element returned by a previous call on a nearby unit) starts the beds'
    solvers and the steady-state iteration from that solution: the solid-fuel iteration and the
    temperature solves call this many times with small changes.
    """
    fuels = ("CH4", "CO", "H2")
    fr_bed = reactor.build(u, u.fuel_reactor, fuels)
    ar_bed = reactor.build(u, u.air_reactor, ("O2",))
    start = None
    if warm is not None:
        start, old_fr, old_ar = warm
        if type(old_fr) is type(fr_bed):
            fr_bed.warm_start(old_fr)
        if type(old_ar) is type(ar_bed):
            ar_bed.warm_start(old_ar)
    fr_gas = GasInlet(fr_feed, u.fuel_reactor.temperature, u.pressure, fr_emulsion)
    ar_gas = GasInlet(ar_feed, u.air_reactor.temperature, u.pressure)
    last = {}

    def cycle(s1: float):
        if last.get("s") == s1:
            return last["out"]
        fr = _named(lambda: fr_bed.solve(fr_gas, SolidsInlet(u.solids_circulation, s1)), "fuel_reactor",
                    u.fuel_reactor.regime)
        s2 = fr.x_out
        ar = _named(lambda: ar_bed.solve(ar_gas, SolidsInlet(u.solids_circulation, 1.0 - s2)), "air_reactor",
                    u.air_reactor.regime)
        last["s"], last["out"] = s1, (s1 - (1.0 - ar.x_out), fr, ar)
        return last["out"]

    hi = 1.0 - 1e-9
    s1 = _steady_state(lambda s: cycle(s)[0], hi, start)
    res, fr, ar = cycle(s1)
    if abs(res) > 1e-8:
        raise ConvergenceError(f"loop: steady state not reached (solids mismatch {res:.3g})")
    return s1, fr, ar, (s1, fr_bed, ar_bed)


def _named(solve, role: str, regime: str):
    """``solve()``, its input or solver error prefixed with the reactor it came from (the table the
    user typed, e.g. "fuel_reactor (moving_bed): ..."), class kept."""
    try:
        return solve()
    except (ValueError, InfeasibleError, ConvergenceError) as exc:
        if str(exc).startswith(role) or type(exc) not in (ValueError, InfeasibleError, ConvergenceError):
            raise
        raise type(exc)(f"{role} ({regime}): {exc}") from None


HEAT_ZERO = 1e-9  # a duty below this share of the thermal power is zero (solver tolerance of the duty searches)
BALANCE_TOLERANCE = 1e-9  # relative element/energy residual above which a "converged" loop is an error (issue 16)
CHAR_TOLERANCE = 1e-9  # relative change of the gasification rates at which their iteration stops
STRIPPER_TOLERANCE = 1e-11  # relative change of the stripper's efficiencies and carrier flow (stripper unit)


def _solve_solid_fuel(u: UnitSpec) -> LoopResult:
    """Loop with a solid fuel: char gasification and the beds' gas solved together.

    Fixed point on the gasification rates (r_H2O, r_CO2): they set the char balance and the
    gasification products fed to the fuel reactor; the solved bed's emulsion (solids-weighted
    mean partial pressures) gives the next rates. See :mod:`clc.solid_fuel_reactor`.
    """
    sf = u.solid_fuel
    ff = solid_fuel_reactor.fuel_feed(sf, u.thermal_power)
    base = ff.in_bed + gas.vector(u.fuel_reactor.extra_feed)
    air = _air(u, ff.o2_demand)
    k_out = u.solids_circulation / u.fuel_reactor.inventory
    T = u.fuel_reactor.temperature
    rates = lambda p: np.array(solid_fuel_reactor.gasification_rates(sf.char_kinetics, T, p))
    r = rates(u.pressure * base / base.sum())
    cp = sf.char_particles
    elutriating = cp is not None and cp.elutriation is not None
    k_e, elut_warnings = (_fr_elutriation(u, cp, np.maximum(base, 0.0), 0.0) if elutriating else (0.0, []))
    stripper = None
    if sf.stripper_unit is not None:
        stripper = sf.stripper_unit.unit(T, u.pressure, u.d_p, u.rho_p, cp.density, cp.sphericity)
    strip = None
    warm = None
    for _ in range(200):
        if cp is None:
            cb = solid_fuel_reactor.char_balance(ff.char_carbon, r[0], r[1], k_out, sf.stripper_efficiency,
                                                 sf.char_kinetics)
        elif stripper is None:
            cb = char_classes.char_class_balance(ff.char_carbon, cp.fractions, cp.edges, r[0], r[1], k_out,
                                                 sf.stripper_efficiency, k_elutriation=k_e, shrink=cp.shrink,
                                                 shrink_rate=cp.shrink_rate, kin=sf.char_kinetics)
        else:
            cb, strip = _char_with_stripper(u, ff.char_carbon, r, k_e, stripper)
        fr_feed = base + cb.products()
        # H2O or CO2 the char takes beyond what the bottom feed holds is made in the bed by the
        # carrier's reactions: it is fed here and taken from the outlet (labelled assumption)
        deficit = np.maximum(-fr_feed, 0.0)
        fr_feed = fr_feed + deficit
        ar_feed = air + gas.vector({"O2": -cb.to_air_reactor, "CO2": cb.to_air_reactor})
        if ar_feed[gas.INDEX["O2"]] < 0.0:
            raise ValueError(f"air.excess={u.air_excess:g}: the air cannot burn the char reaching the air reactor")
        # the fuel's gases (moisture, in-bed volatiles, char gas, and the agents the char takes) are
        # made in the bed by particles mixed with the carrier: released in the emulsion, not through
        # the distributor (only the fluidizing gas is); see clc.bubbling_bed._emulsion_sources
        made_in_bed = np.minimum(np.maximum(fr_feed - gas.vector(u.fuel_reactor.extra_feed), 0.0), fr_feed)
        s1, fr, ar, warm = _circulate(u, fr_feed, ar_feed, warm, made_in_bed)
        # solids mass per cell: the char samples the emulsion as the carrier does
        w = np.asarray(fr.profile.solids)
        p = u.pressure * (w @ fr.profile.y) / w.sum()
        r_new = rates(p)
        done = np.abs(r_new - r).max() <= CHAR_TOLERANCE * max(r.sum(), 1e-300)
        if elutriating:  # the elutriation constants follow the FR's gas: iterated with the rates
            top = np.maximum(fr.outlet - deficit, 0.0) + ff.bypass
            k_e_new, elut_warnings = _fr_elutriation(u, cp, top, cb.inventory)
            done = done and np.abs(k_e_new - k_e).max() <= CHAR_TOLERANCE * max(float(k_e_new.max()), 1e-300)
            k_e = k_e_new
        if done:
            break
        r = r_new
    else:
        raise ConvergenceError("loop: char gasification and the fuel reactor's gas did not converge in 200 iterations")
    if np.any(fr.outlet - deficit < -1e-9 * fr.outlet.sum()):
        raise InfeasibleError("loop: the char gasifies more H2O/CO2 than the fuel reactor's gas holds; "
                              "more steam, or a larger fuel reactor")
    notes = [f"fuel reactor: char {w}" for w in elut_warnings]
    if strip is not None:
        notes += [w if w.startswith("carbon stripper") else f"carbon stripper: {w}" for w in strip[0].warnings]
    return _assemble(u, s1, fr, ar, fr_feed, ar_feed, solid=(ff, cb, deficit, air, strip, notes))


def _fr_elutriation(u: UnitSpec, cp, top_gas: np.ndarray, char_inventory: float) -> tuple[np.ndarray, list[str]]:
    """Elutriation constants [1/s] of the char classes from the FR and their warnings
    (:func:`clc.char_classes.fr_elutriation_constants`).

    The FR's top superficial gas velocity is that of the gas leaving it (``top_gas`` [mol/s], ideal
    gas at the FR's temperature and pressure) over its cross-section pi D^2 / 4 (any reactor type);
    the gas's density and viscosity are Cantera's (:func:`clc.gas.transport`, GRI-Mech 3.0,
    mixture-averaged); the inventory is the carrier's plus the char carbon's (``char_inventory`` [kg]).
    """
    T, P, fr = u.fuel_reactor.temperature, u.pressure, u.fuel_reactor
    n = float(top_gas.sum())
    y = top_gas / n
    mu, rho_g, _ = gas.transport(T, P, y, gas.SPECIES[int(np.argmax(y))])
    area = math.pi * fr.diameter**2 / 4.0
    u0 = n * gas.R * T / P / area
    return char_classes.fr_elutriation_constants(
        cp.edges, cp.density, u0=u0, area=area, inventory=fr.inventory + char_inventory, rho_g=rho_g, mu=mu,
        correlation=cp.elutriation, factor=cp.elutriation_factor, sphericity=cp.sphericity)


def _char_with_stripper(u: UnitSpec, char_carbon: float, r, k_e, stripper, max_iter: int = 200):
    """Char classes in the FR with a carbon stripper unit: (CharClassBalance, (StripperResult, unit)).

    Fixed point (as :func:`clc.char_classes.with_stripper`) on the per-class stripper efficiency
    ``eta_char`` and on the carrier flow F through the stripper: the FR's solids leave at the rate
    constant F / W_FR (char with them), the stripper returns ``carrier_returned`` of the carrier to the
    FR, and F = circulation + carrier returned. Labelled assumptions: the carrier returned is the FR's
    own well-mixed solids, so the beds (solved at the circulation to the AR) are unchanged by it; the
    stripper's solids are at the FR's temperature and conversion and neither gasify nor react; its
    fluidizing gas is not one of the unit's streams. With ``calibrate_to_efficiency`` the K* factor
    is solved at each step so the stripper returns that share of the char.
    """
    cp, design = u.solid_fuel.char_particles, u.solid_fuel.stripper_unit
    W, ms = u.fuel_reactor.inventory, u.solids_circulation
    d = cp.sizes
    eta, F = np.zeros(d.size), ms
    for _ in range(max_iter):
        k_out = F / W
        b = char_classes.char_class_balance(char_carbon, cp.fractions, cp.edges, r[0], r[1], k_out, eta,
                                            k_elutriation=k_e, shrink=cp.shrink, shrink_rate=cp.shrink_rate,
                                            kin=u.solid_fuel.char_kinetics)
        flow = k_out * b.holdup_classes * solid_fuel_reactor.M_C  # kg/s of char per class into the stripper
        unit = stripper
        if design.calibrate_to_efficiency is not None:
            try:
                unit = stripper.calibrated(design.calibrate_to_efficiency, F, flow, d)
            except ValueError as exc:
                raise ValueError(f"carbon_stripper.calibrate_to_efficiency={design.calibrate_to_efficiency:g}: "
                                 f"not reachable at gas_velocity={design.u0:g} m/s ({exc})") from None
        s = unit.separate(F, flow, d)
        if s.eta_carrier > 0.99:
            raise ValueError(f"carbon_stripper.gas_velocity={design.u0:g} m/s returns {100 * s.eta_carrier:.1f} % "
                             "of the carrier to the FR: no steady circulation to the AR; lower the gas velocity")
        eta_new = np.minimum(s.eta_char, 1.0 - 1e-12)
        F_new = ms + s.carrier_returned
        if (np.max(np.abs(eta_new - eta)) <= STRIPPER_TOLERANCE * max(float(np.max(eta_new)), 1e-300)
                and abs(F_new - F) <= STRIPPER_TOLERANCE * F):
            b = char_classes.char_class_balance(char_carbon, cp.fractions, cp.edges, r[0], r[1], F_new / W,
                                                eta_new, k_elutriation=k_e, shrink=cp.shrink,
                                                shrink_rate=cp.shrink_rate, kin=u.solid_fuel.char_kinetics)
            return b, (s, unit)
        eta, F = eta_new, F_new
    raise ConvergenceError(f"loop: the carbon stripper and the FR char did not converge in {max_iter} iterations")


def _steady_state(residual, hi: float, start: float | None = None) -> float:
    """s1 with residual(s1) = s1 - F(s1) = 0 in [0, hi].

    The air reactor's return map F is nearly flat, so a secant iteration from the fixed-point
    step (s = 0, then s = F(0)) converges in a few cycles; Brent's method on [0, hi] is the
    fallback whenever the secant would leave the interval. ``start`` (a previous solution)
    replaces s = 0 as the first point when given.
    """
    if start is not None and 0.0 < start <= hi:
        a, fa = start, residual(start)
        if abs(fa) < 1e-14:
            return start
        b = min(max(start - fa, 0.0), hi)
        if b != a:
            s = _secant(residual, a, fa, b, hi)
            if s is not None:
                return s
    r0 = residual(0.0)
    if r0 >= 0.0:
        return 0.0
    s = _secant(residual, 0.0, r0, min(-r0, hi), hi)  # second point: F(0), the fixed-point step
    if s is not None:
        return s
    if residual(hi) <= 0.0:
        raise InfeasibleError("loop: no steady state in [0, 1]: the air reactor cannot re-oxidise the carrier")
    return brentq(residual, 0.0, hi, xtol=1e-12, rtol=1e-12, maxiter=200)


def _secant(residual, a: float, fa: float, b: float, hi: float) -> float | None:
    """Secant iteration from (a, fa) and b; None when it would leave [0, hi] or stall."""
    fb = residual(b)
    for _ in range(30):
        if abs(fb) < 1e-14 or fb == fa:
            return b
        c = b - fb * (b - a) / (fb - fa)
        if not 0.0 <= c <= hi:
            return None
        a, fa, b = b, fb, c
        fb = residual(b)
        if abs(b - a) < 1e-13:
            return b
    return None


def _assemble(u, s1, fr, ar, fr_feed, ar_feed, solid=None) -> LoopResult:
    """Figures of merit, energy and element balances of a solved loop.

    ``solid`` = (fuel feed, char balance, gasifying agents taken from the FR outlet, air,
    (stripper result, stripper unit) or None, warnings) for a solid fuel;
    then ``fr_feed`` and ``ar_feed`` are the beds' feeds (with gasification products, and with
    the char burnt in the air reactor's gas) and the unit's outer streams are rebuilt here.
    """
    sm = solids.solid_model(u.carrier)
    s2 = fr.x_out
    s1_back = 1.0 - ar.x_out
    arr = thermo.nasa_arrays(gas.SPECIES)
    T_fr, T_ar = u.fuel_reactor.temperature, u.air_reactor.temperature
    ms = u.solids_circulation
    extra_fr = gas.vector(u.fuel_reactor.extra_feed)
    if solid is None:
        gas_in_fr, air_in, fr_out = fr_feed, ar_feed, fr.outlet
        h_fuel = h_char = h_ash = 0.0
        fuel_elements: dict = {}
    else:
        ff, cb, deficit, air_in = solid[:4]
        gas_in_fr = extra_fr  # the fuel's own gases come from ``h_fuel``
        fr_out = np.maximum(fr.outlet - deficit, 0.0) + ff.bypass
        h_fuel = ff.enthalpy
        h_char = cb.to_air_reactor * thermo.h("C", T_fr)  # char carried to the air reactor
        # ash, and tar leaving unburnt with the FR gas (not a gas species: added as its own stream)
        h_ash = ff.ash * solid_fuel_reactor.ash_enthalpy(T_fr) + ff.tar_unburnt_enthalpy(T_fr)
        if cb.elutriated > 0.0:  # char fines carried out with the FR gas, as carbon at T_FR (not captured)
            h_ash += cb.elutriated * thermo.h("C", T_fr)
        fuel_elements = ff.elements
    # solids into the fuel reactor: at the AR temperature, or at the cooler's outlet temperature
    T_s_fr = T_ar if u.solids_cooler_temperature is None else u.solids_cooler_temperature
    if T_s_fr > T_ar + 1e-9:
        raise ValueError(f"solids_cooler.outlet_temperature={T_s_fr:.2f} K is above the AR temperature "
                         f"{T_ar:.2f} K: a cooler cannot heat the carrier")
    q_cooler = ms * (sm.enthalpy(T_ar, s1) - sm.enthalpy(T_s_fr, s1))  # heat removed on the AR->FR line
    # stream enthalpies [W]
    h_fr_in = _gas_enthalpy(arr, gas_in_fr, u.fuel_temperature) + h_fuel + ms * sm.enthalpy(T_s_fr, s1)
    h_fr_out = _gas_enthalpy(arr, fr_out, T_fr) + ms * sm.enthalpy(T_fr, s2) + h_char + h_ash
    h_ar_in = _gas_enthalpy(arr, air_in, u.air_temperature) + ms * sm.enthalpy(T_fr, s2) + h_char
    h_ar_out = _gas_enthalpy(arr, ar.outlet, T_ar) + ms * sm.enthalpy(T_ar, s1_back)
    q_fr = h_fr_out - h_fr_in  # heat to supply to the fuel reactor
    q_ar = h_ar_in - h_ar_out  # heat to remove from the air reactor
    h_in = _gas_enthalpy(arr, gas_in_fr, u.fuel_temperature) + h_fuel + _gas_enthalpy(arr, air_in, u.air_temperature)
    h_out = _gas_enthalpy(arr, fr_out, T_fr) + _gas_enthalpy(arr, ar.outlet, T_ar) + h_ash
    energy_residual = (h_in - h_out + q_fr - q_ar - q_cooler) / u.thermal_power
    # element balances over the whole unit, solids included
    elements, A = gas.element_matrix()
    gas_in = A @ (gas_in_fr + air_in)
    gas_out = A @ (fr_out + ar.outlet)
    if solid is not None:  # unburnt tar and elutriated char leave with the FR gas
        for e, el in enumerate(elements):
            gas_out[e] += solid[0].tar_unburnt.get(el, 0.0)
        if solid[1].elutriated > 0.0:
            gas_out[elements.index("C")] += solid[1].elutriated
    solid_in, solid_out = sm.elements(s1), sm.elements(s1_back)  # per kg; steady state: equal
    balances = {}
    for e, el in enumerate(elements):
        d_sol = ms * (solid_out.get(el, 0.0) - solid_in.get(el, 0.0))
        into = gas_in[e] + fuel_elements.get(el, 0.0)
        balances[el] = float((into - gas_out[e] - d_sol) / max(into, 1e-300))
    for el in solid_in:
        if el not in elements:
            balances[el] = float((solid_out[el] - solid_in[el]) / solid_in[el])
    # the oxygen the fuel reactor's solids gave equals what its gas took, and likewise in the AR
    o_solids_fr = ms * (sm.elements(s1)["O"] - sm.elements(s2)["O"])
    balances["O (fuel reactor, solids vs gas)"] = float((o_solids_fr - fr.oxygen_to_gas) / max(abs(o_solids_fr), 1e-300))
    balances["energy"] = float(energy_residual)
    p_mw = u.thermal_power / 1e6
    result = LoopResult(
        u, fr, ar, {"fuel_reactor": fr_feed, "air_reactor": ar_feed}, s1, s2, balances,
        fr=_reactor_figures(u.fuel_reactor, fr, p_mw), ar=_reactor_figures(u.air_reactor, ar, p_mw),
        **_fuel_figures(u, fr_feed, fr_out, ar, solid),
        o2_in_ar_exhaust=float(ar.outlet[gas.INDEX["O2"]] / ar.outlet.sum()), solids_circulation=ms,
        heat_to_fr=q_fr, heat_from_ar=q_ar, heat_solids_cooler=q_cooler, solids_temperature_into_fr=T_s_fr,
        thermal_power=u.thermal_power, citations=[c.key for c in citations.used()],
        char=None if solid is None else solid[1],
        warnings=(validity_warnings(fr, ar) + _data_range_warnings(u, T_fr) + _held_fr_warnings(u, q_fr, T_fr)
                  + ([] if solid is None else solid[5])))
    for v, _ in result.figures.values():
        if isinstance(v, float) and not math.isfinite(v):
            raise ConvergenceError("loop: a figure of merit is not finite")
    worst = max(balances, key=lambda k: abs(balances[k]) if math.isfinite(balances[k]) else math.inf)
    if not abs(balances[worst]) <= BALANCE_TOLERANCE:
        raise ConvergenceError(f"loop: the solvers stopped but the {worst} balance does not close (relative "
                               f"residual {balances[worst]:.3g} > {BALANCE_TOLERANCE:g}); no result is returned")
    return result


@functools.cache
def _carbon_heating_value() -> float:
    """J/mol released burning graphite to CO2 at 298.15 K (Cantera data)."""
    return thermo.h("C", 298.15) + thermo.h("O2", 298.15) - thermo.h("CO2", 298.15)


def _held_fr_warnings(u: UnitSpec, q_fr: float, T_fr: float) -> list[str]:
    """A fuel reactor held at its temperature that must give heat off: a real FR has no cooling
    surfaces, so it would run hotter; say so (an adiabatic FR solves its temperature instead)."""
    if u.fuel_reactor.heat_duty is not None or q_fr >= -1e-3 * u.thermal_power:
        return []
    return [f"fuel reactor: held at {T_fr - 273.15:.0f} degC it must give off {-q_fr / 1e6:.3g} MW "
            f"({-100.0 * q_fr / u.thermal_power:.0f} % of the thermal power); without cooling surfaces it would run "
            "hotter: set fuel_reactor.adiabatic = true to solve its temperature"]


def _data_range_warnings(u: UnitSpec, T_fr: float) -> list[str]:
    """Kinetic data used outside the range they were measured in, or labelled provisional."""
    from .validity_checks import carrier_range_warnings  # the carrier's measured range (clc.validity_checks)
    if u.solid_fuel is None:
        return carrier_range_warnings(u)
    note = u.solid_fuel.char_kinetics.extrapolation(T_fr)
    return carrier_range_warnings(u) + ([f"fuel reactor: {note}"] if note else [])


def validity_warnings(fr: Outcome | BedResult, ar: Outcome | BedResult) -> list[str]:
    """The beds' validity messages (their ``warnings``), prefixed "fuel reactor: " /
    "air reactor: ", in order and without repeats. They are not figures (figures stay numeric)."""
    out: list[str] = []
    for tag, bed in (("fuel reactor", fr), ("air reactor", ar)):
        for msg in bed.warnings:
            line = f"{tag}: {msg}"
            if line not in out:
                out.append(line)
    return out


M_O2 = 2 * thermo.M_O  # kg/mol


def _reactor_figures(r: ReactorSpec, bed: Outcome, p_mw: float) -> ReactorFigures:
    """A reactor's figures from its outcome (a riser with a published solids profile adds its
    dense-zone height and the circulation Kunii-Levenspiel's profile implies for the inventory,
    to hold against the imposed one; a bubbling bed with a freeboard its height and entrained solids)."""
    return ReactorFigures(temperature=r.temperature, inventory=r.inventory, specific_inventory=r.inventory / p_mw,
                          pressure_drop=bed.pressure_drop, bed_height=bed.height, u0_over_umf=bed.u0_over_umf,
                          mean_residence_time=bed.t_mean, freeboard_height=bed.freeboard_height,
                          freeboard_solids=bed.freeboard_solids, riser_dense_height=bed.riser_dense_height,
                          terminal_velocity=bed.terminal_velocity,
                          riser_implied_circulation=bed.riser_implied_circulation)


def _fuel_figures(u: UnitSpec, fr_feed, fr_out, ar, solid) -> dict:
    """Fuel-side figures of merit (fields of :class:`LoopResult`): conversion, combustion, CO2,
    oxygen demand (and char, if solid).

    Solid fuels (Lyngfelt group's definitions, e.g. Linderholm et al. 2017, as in
    :mod:`clc.metrics`): the oxygen demand is the O2 the FR gas still needs over the O2 the fuel
    fed needs; the combustion efficiency is the share of the fuel's LHV not leaving unburnt in
    the FR gas (char burnt in the AR counts as burnt); the CO2 capture efficiency is the carbon
    in the FR gas over all carbon leaving the unit (char burnt in the AR is not captured).
    Char elutriated from the FR (char classes) leaves as solid carbon: not captured, and unburnt
    in the combustion efficiency (its heat of combustion to CO2); it is not in the oxygen demand,
    which is that of the FR gas. The oxygen demand is shared by origin: the bypassing volatiles'
    (with unburnt tar), and the bed gas's shared between in-bed volatiles and char gas in the ratio
    of the O2 each brings into the bed (an attribution; "of volatiles" + "of char gas" = total).
    """
    ms, r_oc = u.solids_circulation, carriers.load(u.carrier).R_OC
    conversion: dict = {}
    sf = None
    if solid is None:
        fed = fr_feed - gas.vector(u.fuel_reactor.extra_feed)
        for species in ("CH4", "CO", "H2"):  # conversion of each fuel species fed (WGS may make some)
            if fed[gas.INDEX[species]] > 0:
                conversion[species] = metrics.fuel_conversion(fr_feed, fr_out, species)
        eta_c = metrics.combustion_efficiency(fed, fr_out)
        o2_fuel = metrics.o2_demand(fed)
    else:
        ff, cb, _, _, strip = solid[:5]
        o2_fuel = ff.o2_demand
        tar_lhv = 0.0 if ff.tar is None else ff.mass_flow * ff.tar_unburnt_share * ff.tar.heat_of_combustion()
        unburnt = metrics.lower_heating_values() @ fr_out + tar_lhv
        if cb.elutriated > 0.0:  # elutriated char leaves unburnt
            unburnt += cb.elutriated * _carbon_heating_value()
        eta_c = float(1.0 - unburnt / u.thermal_power)
        bypass = (metrics.o2_demand(ff.bypass) + ff.tar_unburnt_o2) / o2_fuel
        bed = metrics.o2_demand(fr_out - ff.bypass) / o2_fuel
        # the bed gas's O2 need shared between the in-bed volatiles and the char's gas in the ratio of
        # the O2 they bring into the bed (an attribution: the bed converts both alike)
        d_vol, d_char = metrics.o2_demand(ff.in_bed), metrics.o2_demand(cb.products())
        share_vol = d_vol / (d_vol + d_char) if d_vol + d_char > 0.0 else 1.0
        sf = SolidFuelFigures(
            oxygen_demand_bypass=bypass,
            oxygen_demand_bed_gas=bed,
            char_conversion=cb.conversion,
            char_gasified_h2o=cb.gasified_h2o * solid_fuel_reactor.M_C,
            char_gasified_co2=cb.gasified_co2 * solid_fuel_reactor.M_C,
            char_to_ar=cb.to_air_reactor * solid_fuel_reactor.M_C,
            char_inventory=cb.inventory,
            stripper_efficiency=u.solid_fuel.stripper_efficiency if strip is None else strip[0].efficiency,
            fuel_feed=ff.mass_flow,
            oxygen_demand_volatiles=bypass + share_vol * bed,
            oxygen_demand_char_gas=(1.0 - share_vol) * bed,
            elutriated_carbon=None if u.solid_fuel.char_particles is None else cb.elutriated * solid_fuel_reactor.M_C,
            carrier_returned_by_stripper=None if strip is None else strip[0].carrier_returned,
            stripper_factor=None if strip is None else strip[1].factor)
    # tar leaving unburnt (solid fuels; not a gas species): its O2 need and its carbon, which
    # goes with the FR gas to polishing and is captured; elutriated char carbon is not captured
    tar_o2 = 0.0 if solid is None else solid[0].tar_unburnt_o2
    tar_c = 0.0 if solid is None else solid[0].tar_unburnt.get("C", 0.0)
    elut_c = 0.0 if solid is None else solid[1].elutriated
    capture = metrics.co2_capture_efficiency(fr_out, ar.outlet)
    if tar_c > 0.0 or elut_c > 0.0:
        c_fr, c_ar = (sum(v[gas.INDEX[s_]] for s_ in ("CO2", "CO", "CH4")) for v in (fr_out, ar.outlet))
        capture = float((c_fr + tar_c) / (c_fr + tar_c + c_ar + elut_c))
    co2_yield, purity = metrics.co2_yield(fr_out), metrics.co2_purity_dry(fr_out)
    carbon = lambda f: f[gas.INDEX["CO2"]] + f[gas.INDEX["CO"]] + f[gas.INDEX["CH4"]]
    if carbon(fr_out) + carbon(ar.outlet) + tar_c + elut_c <= 0.0:
        # no carbon in the unit (e.g. pure H2): the carbon figures do not apply (None, n/a)
        co2_yield = capture = purity = None
    return dict(
        fuel_conversion=conversion, combustion_efficiency=eta_c,
        co2_yield=co2_yield,
        oxygen_demand=(metrics.o2_demand(fr_out) + tar_o2) / o2_fuel,
        co2_capture_efficiency=capture,
        co2_purity_dry=purity,
        o2_for_polishing=(metrics.o2_demand(fr_out) + tar_o2) * M_O2,
        phi=ms * r_oc / thermo.M_O / (2.0 * o2_fuel),  # metrics.oxygen_carrier_to_fuel_ratio on O2 demand
        solid=sf)
