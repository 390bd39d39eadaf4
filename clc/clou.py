"""A CLOU fuel reactor burning coal: oxygen released by CuO, char burnt by that gaseous O2.

In chemical looping with oxygen uncoupling (CLOU) the carrier releases O2 in the fuel reactor
(4 CuO -> 2 Cu2O + O2) and the coal's volatiles and char burn with it as in air, so the char needs
no slow gasification step (Abad et al., Int. J. Greenhouse Gas Control 6 (2012) 189, section 1).
Where the fuel reactor of :mod:`clc.loop` moves lattice oxygen to fuel gases, this one moves
gaseous O2 to a solid fuel; it is a separate model with its own inputs (:class:`ClouUnit`).

The model, one bubbling bed held at a set temperature (the ICB-CSIC units are heated by ovens;
Abad et al. 2012 section 2.3):

- **Solids perfectly mixed**: exponential residence times, mean ``tau = bed mass / solids flow``.
  Char particles follow the carrier and none is elutriated (Abad et al. 2012 section 2.5: the
  elutriation of char was negligible in the carbon balance). ASSUMPTION: the char's residence time
  is the carrier's, as the paper's own analysis takes it (its Fig. 9).
- **Gas perfectly mixed**: one O2 partial pressure ``p`` in the bed and at its exit. ASSUMPTION (a
  short, narrow bed; it makes the O2 that leaves the O2 the char sees).
- **Oxygen release** (``release = "kinetic"``): a particle converts at
  ``dX/dt = k f(X) (p_eq - p)^n`` with ``G(X) = [-ln(1-X)]^(1/3)``, so at the bed's constant ``p``
  ``X(t) = 1 - exp(-(a t)^3)``, ``a = k (p_eq - p)^n`` (the form and constants of a set in
  ``kinetics/oxygen_release/``); the carrier leaving averages ``X(t)`` over the residence times.
  ``release = "equilibrium"`` sets ``p = p_eq``: the limit of a carrier that releases as fast as
  the fuel takes O2, which is what Abad et al. 2012 observed with Cu60MgAl (section 3: "the oxygen
  evolved in the fuel-reactor is not limited by the reaction rate of oxygen-carrier, but for the
  demand of oxygen by coal"; exit O2 "slightly lower than the equilibrium concentration").
- **Equilibrium pressure** ``p_eq(T)`` of CuO/Cu2O from the Gibbs energies in Cantera
  (:func:`oxygen_equilibrium_pressure`).
- **Volatiles** burn at once with the released O2 (no CH4, CO, H2, C2-C4 or tar at the FR exit in
  any test, Abad et al. 2012 section 3); if the release cannot cover them (kinetic release), the
  rest leaves unburnt and the combustion efficiency says so.
- **Char** (the coal's fixed carbon, as Abad et al. 2012 eqs. 17-18 count it): shrinking particle
  of constant carbon density; the surface reaction 2 C + O2 -> 2 CO at
  ``k_r = 8710 exp(-27000 cal/mol / RT) g O2 / (cm2 s atm)`` (Wen, Chen & Onozaki 1982, DOE/MC/16474-1390,
  and Desai & Wen 1978, as coded in the MFIX gasifier tutorial ``C_COM_06/rrates.f``, read
  second-hand at GitHub truongd8593/mfix), in series with film diffusion of O2 at Sherwood number 2
  (the exact result for diffusion to a sphere in stagnant gas; ASSUMPTION that bed motion adds
  nothing), the O2 diffusivity in N2 (the fluidising gas; ASSUMPTION: CO2 and H2O ignored there) from
  Cantera's GRI-Mech 3.0 transport data. CO burns to CO2 in the gas.
- **Fuel N** leaves as N2 and **S** as SO2 (ASSUMPTION; the paper measured small SO2 and NOx and did
  not evaluate them).

Figures as Abad et al. 2012 define them: carbon capture (eq. 21, CO2 leaving the FR over the coal's
carbon), char conversion (eq. 22), combustion efficiency (eq. 24, O2 basis).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np
import yaml
from scipy.integrate import quad
from scipy.optimize import brentq

from . import gas, thermo
from .errors import ConvergenceError
from .constants import R
from .data import kinetics_dir

M_C = 0.012011  # kg/mol
M_H = 0.001008
M_O = 0.015999
M_N = 0.014007
M_S = 0.03206
M_CuO = 0.079545
M_H2O = 0.018015
P_ATM = 101325.0

# Char surface reaction, Wen et al. 1982 / Desai & Wen 1978 via MFIX C_COM_06/rrates.f:
# K_r = 8710 exp(-27000/(1.987 T)) in g O2/(cm2 s atm) -> mol O2/(m2 s Pa)
CHAR_K0 = 8710.0 * 10.0 / 0.031999 / P_ATM
CHAR_E = 27000.0 * 4.184  # J/mol
CHAR_C_PER_O2 = 2.0  # 2 C + O2 -> 2 CO at the surface (the same source's stoichiometry)
SHERWOOD_STAGNANT = 2.0  # diffusion to a sphere in stagnant gas (exact)


def oxygen_equilibrium_pressure(T: float) -> float:
    """O2 partial pressure [Pa] over CuO/Cu2O at ``T`` [K], from the Gibbs energies in Cantera.

    4 CuO = 2 Cu2O + O2 with pure solids: K = p_O2 / p_ref.

    >>> round(oxygen_equilibrium_pressure(1173.15) / 101325.0, 4)
    0.0141
    """
    return thermo.equilibrium_constant("4 CuO -> 2 Cu2O + O2", T) * thermo.P_REF


@dataclass(frozen=True)
class ReleaseKinetics:
    """An oxygen-release (CLOU) set: ``dX/dt = A exp(-E/RT) f(X) (p_eq - p)^n``, p in atm."""

    name: str
    A: float  # atm^-n s^-1
    E: float  # J/mol
    n: float
    T_min: float  # K, measured range
    T_max: float
    measured_carrier: str
    source: str

    def rate_constant(self, T: float) -> float:
        return self.A * math.exp(-self.E / (R * T))


def release_sets_dir():
    return kinetics_dir() / "oxygen_release"


@functools.cache
def load_release(name: str) -> ReleaseKinetics:
    """The oxygen-release set ``kinetics/oxygen_release/<name>.yaml``."""
    path = release_sets_dir() / f"{name}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in release_sets_dir().glob("*.yaml"))
        raise ValueError(f"carrier.oxygen_release={name!r}: no such set (known: {', '.join(known)})")
    doc = yaml.safe_load(path.read_text())
    par = doc["release"]["parameters"]
    rng = doc["temperature_range"]
    cite = doc["citation"]
    return ReleaseKinetics(name=name, A=float(par["A"]["value"]), E=float(par["E"]["value"]),
                           n=float(par["n"]["value"]), T_min=float(rng["min"]), T_max=float(rng["max"]),
                           measured_carrier=str(doc["description"]).split(":")[0].strip(),
                           source=f"{cite['authors']} ({cite['year']}), {cite['journal']} {cite['volume']}")


@dataclass(frozen=True)
class Coal:
    """A coal as fed: mass fractions of C, H, O, N, S, ash, moisture (sum 1) and its fixed carbon."""

    ultimate: dict  # element / ash / moisture -> kg/kg as fed
    fixed_carbon: float  # kg/kg as fed (proximate analysis): the char's carbon
    particle_diameter: float  # m, the char particle's initial size (ASSUMPTION: no swelling or fragmentation)
    char_carbon_density: float  # kg of char carbon per m3 of particle
    lhv: float | None = None  # J/kg as fed (water as vapour); sets the coal's formation enthalpy for the energy balance

    def moles(self, key: str) -> float:
        """mol per kg of coal of an element (or of water for ``moisture``)."""
        m = {"C": M_C, "H": M_H, "O": M_O, "N": M_N, "S": M_S, "moisture": M_H2O}[key]
        return self.ultimate.get(key, 0.0) / m

    def oxygen_demand(self) -> float:
        """mol O2 per kg coal to burn it to CO2, H2O, SO2 and N2."""
        return self.moles("C") + self.moles("H") / 4.0 + self.moles("S") - self.moles("O") / 2.0


@dataclass(frozen=True)
class ClouUnit:
    """One CLOU fuel reactor at steady state (SI units)."""

    temperature: float  # K, the bed's (held by heaters)
    pressure: float  # Pa
    inventory: float  # kg of carrier in the bed
    solids_circulation: float  # kg/s of carrier, entering fully oxidised from the AR (ASSUMPTION)
    cuo_fraction: float  # kg CuO per kg carrier
    coal_feed: float  # kg/s
    coal: Coal
    fluidising_n2: float  # mol/s
    release: str = "equilibrium"  # or "kinetic"
    release_set: str = "Tian2020_CuO_TiO2_Al2O3"
    release_factor: float = 1.0  # multiplies the set's rate (a carrier other than the measured one)
    char_rate_factor: float = 1.0  # multiplies the char surface rate constant
    sherwood: float = SHERWOOD_STAGNANT
    carrier_inlet_temperature: float | None = None  # K, solids from the AR (None: the FR's own)
    n2_inlet_temperature: float = 298.15  # K, fluidising N2 (ASSUMPTION: unheated; the coal enters at 298.15 K)

    def __post_init__(self):
        checks = {"fuel_reactor.temperature": (self.temperature, 700.0, 1400.0, "K"),
                  "fuel_reactor.pressure": (self.pressure, 5e4, 5e6, "Pa"),
                  "fuel_reactor.inventory": (self.inventory, 1e-6, 1e7, "kg"),
                  "solids_circulation": (self.solids_circulation, 1e-9, 1e5, "kg/s"),
                  "carrier.CuO_fraction": (self.cuo_fraction, 1e-3, 1.0, "kg/kg"),
                  "coal.feed": (self.coal_feed, 1e-9, 1e4, "kg/s"),
                  "coal.particle_diameter": (self.coal.particle_diameter, 1e-6, 0.02, "m"),
                  "coal.char_carbon_density": (self.coal.char_carbon_density, 10.0, 2300.0, "kg/m3"),
                  "fuel_reactor.fluidising_N2": (self.fluidising_n2, 0.0, 1e6, "mol/s"),
                  "carrier.release_factor": (self.release_factor, 1e-6, 1e6, "-"),
                  "coal.char_rate_factor": (self.char_rate_factor, 1e-6, 1e6, "-"),
                  "fuel_reactor.sherwood": (self.sherwood, 1e-3, 1e3, "-"),
                  "air_reactor.temperature": (self.carrier_inlet_temperature or self.temperature, 700.0, 1400.0, "K"),
                  "fuel_reactor.N2_inlet_temperature": (self.n2_inlet_temperature, 250.0, 1400.0, "K"),
                  "coal.lhv": (self.coal.lhv or 1e7, 1e6, 4e7, "J/kg")}
        for name, (v, lo, hi, unit) in checks.items():
            if not (math.isfinite(v) and lo <= v <= hi):
                raise ValueError(f"{name}={v!r} {unit} is outside the allowed range [{lo:g}, {hi:g}]")
        if self.release not in ("equilibrium", "kinetic"):
            raise ValueError(f"carrier.release={self.release!r}: allowed 'equilibrium' or 'kinetic'")
        total = sum(self.coal.ultimate.values())
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"coal.ultimate sums to {total:.6g}, must be 1 (C, H, O, N, S, ash, moisture as fed)")
        if not 0.0 < self.coal.fixed_carbon <= self.coal.ultimate.get("C", 0.0):
            raise ValueError(f"coal.fixed_carbon={self.coal.fixed_carbon!r} must lie in (0, C={self.coal.ultimate.get('C', 0.0)}]: "
                             "the char's carbon is part of the coal's")


@dataclass
class ClouResult:
    unit: ClouUnit
    p_O2: float  # Pa, bed and exit
    p_O2_eq: float  # Pa
    residence_time: float  # s, mean of the solids
    burnout_time: float  # s, of a char particle at the bed's O2 (inf with no O2)
    char_conversion: float
    carbon_capture: float
    combustion_efficiency: float
    carrier_conversion: float  # CuO -> Cu2O, mean of the carrier leaving
    o2_released: float  # mol/s
    o2_demand: float  # mol/s to burn all the coal
    release_capacity: float  # mol/s the carrier would release at p = 0 (inf for equilibrium release)
    outlet: dict  # FR gas, mol/s by species (and 'unburnt volatiles' as element flows)
    char_to_ar: float  # mol C/s carried to the air reactor (burnt there)
    element_residuals: dict
    release_residual: float  # (kinetic release - O2 taken) / demand at the solved p; 0 at equilibrium
    heat_duty: float | None  # W added to hold the bed at its temperature (negative: removed); None without coal.lhv
    energy_residual: float | None  # (H_in + duty - H_out) / thermal power, re-summed from the reported streams
    warnings: list = field(default_factory=list)

    @property
    def y_O2_dry(self) -> float:
        dry = sum(v for k, v in self.outlet.items() if k not in ("H2O", "unburnt volatiles"))
        return self.outlet["O2"] / dry

    @property
    def figures(self) -> dict:
        """Figure name -> (value, meaning), as :attr:`clc.loop.LoopResult.figures`."""
        return {"carbon capture": (self.carbon_capture, "CO2 leaving the FR / carbon fed (Abad et al. 2012 eq. 21)"),
                "char conversion": (self.char_conversion, "fixed carbon burnt in the FR (eq. 22)"),
                "combustion efficiency": (self.combustion_efficiency, "O2 basis (eq. 24)"),
                "carrier conversion": (self.carrier_conversion, "CuO -> Cu2O, carrier leaving the FR"),
                "FR exit O2 (dry)": (self.y_O2_dry, "mole fraction"),
                "O2 equilibrium fraction": (self.p_O2_eq / self.unit.pressure, "p_eq / P")}


def _release_mean_conversion(b: float) -> float:
    """Mean of 1 - exp(-(a t)^3) over exponential residence times, b = a tau."""
    if b <= 0.0:
        return 0.0
    if b > 1e3:
        return 1.0 - quad(lambda s: math.exp(-(b * s) ** 3 - s), 0.0, 10.0 / b, limit=200)[0]
    return 1.0 - quad(lambda s: math.exp(-(b * s) ** 3 - s), 0.0, math.inf, limit=200)[0]


def _char_unconverted(p: float, unit: ClouUnit, D: float, tau: float) -> tuple[float, float]:
    """(fraction of the char's carbon leaving unburnt, burnout time [s]) at bed O2 pressure ``p`` [Pa].

    Shrinking particle: carbon flux per surface = C_PER_O2 p / (1/k_r + d R T / (Sh D)), so the time to
    shrink from d0 to d is t(d) = rho / (2 C_PER_O2 M_C p) [(d0 - d)/k_r + R T (d0^2 - d^2) / (2 Sh D)]."""
    if p <= 0.0:
        return 1.0, math.inf
    T = unit.temperature
    k_r = unit.char_rate_factor * CHAR_K0 * math.exp(-CHAR_E / (R * T))
    d0, rho, sh = unit.coal.particle_diameter, unit.coal.char_carbon_density, unit.sherwood
    c = rho / (2.0 * CHAR_C_PER_O2 * M_C * p)

    def t_of(s: float) -> float:
        d = s * d0
        return c * ((d0 - d) / k_r + R * T * (d0 * d0 - d * d) / (2.0 * sh * D))

    def integrand(s: float) -> float:
        dtds = c * d0 * (1.0 / k_r + R * T * d0 * s / (sh * D))
        return s ** 3 * math.exp(-t_of(s) / tau) * dtds / tau

    t_burn = t_of(0.0)
    points = [max(1.0 - 30.0 * tau / t_burn, 0.0)] if t_burn > 30.0 * tau else None
    U = quad(integrand, 0.0, 1.0, points=points, limit=200, epsabs=1e-13, epsrel=1e-10)[0]
    return min(max(U, 0.0), 1.0), t_burn


# Support and ash as clc's thermo holds them. ASSUMPTION: MgAl2O4 takes the heat capacity of MgO + Al2O3
# (Neumann-Kopp; clc has no MgAl2O4 data) and the coal's ash that of SiO2; only their sensible heat enters.
_SUPPORT = {"MgO": 0.040304 / 0.142266, "Al2O3": 0.101961 / 0.142266}  # kg/kg of MgAl2O4
_M = {"MgO": 0.040304, "Al2O3": 0.101961, "SiO2": 0.060084}


def _sensible(name: str, T: float) -> float:
    return thermo.h(name, T) - thermo.h(name, 298.15)


def _coal_formation_enthalpy(coal: Coal) -> float:
    """J per kg of coal as fed at 298.15 K, from its LHV: burning it to CO2, H2O (gas), SO2 and N2 releases the LHV."""
    products = (coal.moles("C") * thermo.h("CO2", 298.15) + (coal.moles("H") / 2.0 + coal.moles("moisture")) * thermo.h("H2O", 298.15)
                + coal.moles("S") * thermo.h("SO2", 298.15))
    return products + coal.lhv


def _energy(unit: ClouUnit, vol: dict, water: float, beta: float, c_burnt: float, char_to_ar: float,
            o2_rel: float, outlet: dict, D_v: float) -> tuple[float, float]:
    """(heat duty [W], relative energy residual) of the fuel reactor.

    In: coal at 298.15 K, N2 at its inlet temperature, carrier (CuO + support) at the AR temperature. Out:
    the gas, the carrier (part reduced to Cu2O), char carbon (as graphite) and ash at the bed temperature.
    Unburnt volatiles (a release too slow for them) leave as their burnt products plus the heat they did
    not release (ASSUMPTION: their sensible heat is their products').

    The duty is computed twice: from absolute enthalpies (formation included; the coal's from its LHV) and
    by Hess's law (reaction heats at 298.15 K from the extents: coal burnt, CuO decomposed; plus each
    stream's sensible heat). The residual is their difference over the thermal power."""
    T, Tn = unit.temperature, unit.n2_inlet_temperature
    Tc = unit.carrier_inlet_temperature or T
    coal, mdot = unit.coal, unit.coal_feed
    F_cuo = unit.solids_circulation * unit.cuo_fraction / M_CuO
    m_sup = unit.solids_circulation * (1.0 - unit.cuo_fraction)
    ash = coal.ultimate.get("ash", 0.0) * mdot / _M["SiO2"]
    power = coal.lhv * mdot
    X = o2_rel * 4.0 / F_cuo
    h0 = lambda n: thermo.h(n, 298.15)  # noqa: E731
    dh_c = h0("CO2") - h0("C") - h0("O2")  # J/mol C burnt to CO2 (negative)
    q_vol = (power + C_char_heat(unit, dh_c)) / D_v if D_v > 0.0 else 0.0  # J/mol O2 the volatiles release
    q_unburnt = (1.0 - beta) * D_v * q_vol  # heat the unburnt volatiles keep
    unb = outlet.get("unburnt volatiles", {"C": 0.0, "H": 0.0, "S": 0.0, "N": 0.0})
    # the gas leaving, unburnt volatiles counted as their burnt products (less the O2 they did not take)
    gas = {k: outlet[k] for k in ("N2", "CO2", "H2O", "SO2", "O2")}
    gas["CO2"] += unb["C"]
    gas["H2O"] += unb["H"] / 2.0
    gas["SO2"] += unb["S"]
    gas["N2"] += unb["N"] / 2.0
    gas["O2"] -= (1.0 - beta) * D_v
    support = lambda T_: sum(m_sup * w / _M[n] * _sensible(n, T_) for n, w in _SUPPORT.items())  # noqa: E731

    # route 1: absolute enthalpies
    H_in = (mdot * _coal_formation_enthalpy(coal) + unit.fluidising_n2 * thermo.h("N2", Tn)
            + F_cuo * thermo.h("CuO", Tc) + support(Tc))
    H_out = (sum(n * thermo.h(k, T) for k, n in gas.items()) + q_unburnt
             + F_cuo * ((1.0 - X) * thermo.h("CuO", T) + X / 2.0 * thermo.h("Cu2O", T)) + support(T)
             + char_to_ar * thermo.h("C", T) + ash * _sensible("SiO2", T))
    duty = H_out - H_in

    # route 2: Hess's law, reaction heats at 298.15 K from the extents, plus sensible heats
    dh_dec = (2.0 * h0("Cu2O") + h0("O2") - 4.0 * h0("CuO"))  # J/mol O2 released
    reaction = o2_rel * dh_dec + (-power - char_to_ar * dh_c + q_unburnt)
    sens_out = (sum(n * _sensible(k, T) for k, n in gas.items())
                + F_cuo * ((1.0 - X) * _sensible("CuO", T) + X / 2.0 * _sensible("Cu2O", T)) + support(T)
                + char_to_ar * _sensible("C", T) + ash * _sensible("SiO2", T))
    sens_in = unit.fluidising_n2 * _sensible("N2", Tn) + F_cuo * _sensible("CuO", Tc) + support(Tc)
    duty_hess = reaction + sens_out - sens_in
    return duty, (duty - duty_hess) / power


def C_char_heat(unit: ClouUnit, dh_c: float) -> float:
    """Heat [W, negative] of burning all the char (fixed) carbon to CO2 at 298.15 K."""
    return unit.coal.fixed_carbon / M_C * unit.coal_feed * dh_c


def solve(unit: ClouUnit) -> ClouResult:
    """Solve the fuel reactor's O2 balance for the bed's O2 pressure and report the figures."""
    T, P = unit.temperature, unit.pressure
    coal, mdot = unit.coal, unit.coal_feed
    warnings: list[str] = []
    p_eq = oxygen_equilibrium_pressure(T)
    tau = unit.inventory / unit.solids_circulation
    F_cap = unit.solids_circulation * unit.cuo_fraction / M_CuO / 4.0  # mol O2/s the carrier could give
    N_cap = F_cap * tau

    C_tot = coal.moles("C") * mdot
    C_char = coal.fixed_carbon / M_C * mdot
    vol = {k: coal.moles(k) * mdot for k in ("C", "H", "O", "N", "S")}
    vol["C"] -= C_char
    D_v = vol["C"] + vol["H"] / 4.0 + vol["S"] - vol["O"] / 2.0  # O2 to burn the volatiles
    water = coal.moles("moisture") * mdot
    demand = D_v + C_char
    if D_v < 0.0:
        raise ValueError(f"coal: its volatiles carry more O than they can burn with (O2 demand {D_v:.3g} mol/s); "
                         "check the ultimate analysis and fixed carbon")

    y_guess = np.zeros(len(gas.SPECIES))
    y_guess[gas.SPECIES.index("N2")] = 1.0
    D = gas.transport(T, P, y_guess, "O2")[2]

    if unit.release == "kinetic":
        rk = load_release(unit.release_set)
        if not (rk.T_min <= T <= rk.T_max):
            warnings.append(f"oxygen release: {rk.name} was measured at {rk.T_min - 273.15:.0f}-{rk.T_max - 273.15:.0f} degC; "
                            f"used at {T - 273.15:.0f} degC (extrapolated, provisional)")
        warnings.append(f"oxygen release: {rk.name} was measured on {rk.measured_carrier}; for another carrier it is provisional")
        k = unit.release_factor * rk.rate_constant(T)

        def released(p: float) -> float:
            drive = max(p_eq - p, 0.0) / P_ATM
            return N_cap / tau * _release_mean_conversion(k * drive ** rk.n * tau)
        capacity = released(0.0)
    else:
        released = None
        capacity = math.inf

    def burnt_char(p: float) -> tuple[float, float, float]:
        U, tb = _char_unconverted(p, unit, D, tau)
        return C_char * (1.0 - U), U, tb

    def others(beta: float, c_burnt: float) -> float:
        """Gas leaving other than O2 [mol/s] (N2, CO2, H2O, SO2)."""
        return (unit.fluidising_n2 + beta * vol["N"] / 2.0 + beta * vol["C"] + c_burnt
                + beta * vol["H"] / 2.0 + water + beta * vol["S"])

    beta = 1.0
    release_residual = 0.0
    if unit.release == "equilibrium":
        p = p_eq
        c_burnt, U, t_burn = burnt_char(p)
        o2_out = p / P / (1.0 - p / P) * others(1.0, c_burnt)
        o2_rel = D_v + c_burnt + o2_out
        if o2_rel > F_cap:
            raise ValueError(f"the carrier cannot supply the O2 the coal and the exit gas take at equilibrium "
                             f"({o2_rel:.4g} mol/s against {F_cap:.4g} mol/s of releasable O2 in the solids flow): "
                             "raise solids_circulation")
    else:
        def balance(p: float) -> float:
            cb = burnt_char(p)[0]
            return released(p) - D_v - cb - p / P / (1.0 - p / P) * others(1.0, cb)
        if capacity <= D_v:
            p = 0.0
            beta = capacity / D_v if D_v > 0.0 else 1.0
            warnings.append(f"oxygen release: the carrier releases {capacity:.3g} mol O2/s at most, less than the "
                            f"volatiles' demand {D_v:.3g}: {100 * (1 - beta):.1f} % of their O2 demand leaves unburnt")
        else:
            p = brentq(balance, 0.0, p_eq * (1.0 - 1e-12), xtol=1e-12 * p_eq, rtol=1e-13, maxiter=200)
        c_burnt, U, t_burn = burnt_char(p)
        o2_out = p / P / (1.0 - p / P) * others(beta, c_burnt)
        # the O2 taken (burnt + leaving) is what the carrier gave up; the kinetic release at the root
        # differs from it by the root's residual, reported and bounded
        o2_rel = beta * D_v + c_burnt + o2_out
        release_residual = (released(p) - o2_rel) / demand
        if not abs(release_residual) <= 1e-6:
            raise ConvergenceError(f"CLOU fuel reactor: the O2 balance of the bed did not converge "
                                   f"(release minus use = {release_residual:.3g} of the demand)")

    X_oc = o2_rel / F_cap
    outlet = {"N2": unit.fluidising_n2 + beta * vol["N"] / 2.0, "CO2": beta * vol["C"] + c_burnt,
              "H2O": beta * vol["H"] / 2.0 + water, "SO2": beta * vol["S"], "O2": o2_out}
    unburnt = {k: (1.0 - beta) * v for k, v in vol.items()}
    if beta < 1.0:
        outlet["unburnt volatiles"] = unburnt
    char_to_ar = C_char - c_burnt

    # element balances over the FR (carrier O counted through the O2 it releases)
    O_in = coal.moles("O") * mdot + water + 2.0 * o2_rel
    O_out = 2.0 * outlet["CO2"] + outlet["H2O"] + 2.0 * outlet["SO2"] + 2.0 * o2_out + unburnt["O"]
    res = {"C": (C_tot - outlet["CO2"] - char_to_ar - unburnt["C"]) / C_tot,
           "H": (coal.moles("H") * mdot + 2.0 * water - 2.0 * outlet["H2O"] - unburnt["H"]) / (coal.moles("H") * mdot + 2.0 * water),
           "O": (O_in - O_out) / O_in,
           "N": (coal.moles("N") * mdot + 2.0 * unit.fluidising_n2 - 2.0 * outlet["N2"] - unburnt["N"])
                / (coal.moles("N") * mdot + 2.0 * unit.fluidising_n2),
           "S": 0.0 if vol["S"] == 0.0 else (vol["S"] - outlet["SO2"] - unburnt["S"]) / vol["S"]}
    for name, r in res.items():
        if not abs(r) <= 1e-9:
            raise RuntimeError(f"CLOU fuel reactor: {name} balance residual {r:.3g} above 1e-9")

    duty = energy_res = None
    if coal.lhv is not None:
        duty, energy_res = _energy(unit, vol, water, beta, c_burnt, char_to_ar, o2_rel, outlet, D_v)
    eta = 1.0 - (1.0 - beta) * D_v / (D_v + c_burnt) if (D_v + c_burnt) > 0.0 else 0.0
    warnings.append("char: the surface rate of Wen et al. (1982) was fitted on gasifier chars, not on this coal's "
                    "(second-hand via MFIX); provisional")
    return ClouResult(unit=unit, p_O2=p, p_O2_eq=p_eq, residence_time=tau, burnout_time=t_burn,
                      char_conversion=1.0 - U, carbon_capture=outlet["CO2"] / C_tot, combustion_efficiency=eta,
                      carrier_conversion=X_oc, o2_released=o2_rel, o2_demand=demand, release_capacity=capacity,
                      outlet=outlet, char_to_ar=char_to_ar, element_residuals=res,
                      release_residual=release_residual, heat_duty=duty, energy_residual=energy_res,
                      warnings=warnings)


_SECTIONS = {"fuel_reactor": {"temperature", "pressure", "inventory", "fluidising_N2", "sherwood", "N2_inlet_temperature"},
             "air_reactor": {"temperature"},
             "carrier": {"CuO_fraction", "release", "oxygen_release", "release_factor"},
             "coal": {"feed", "ultimate", "fixed_carbon", "particle_diameter", "char_carbon_density", "char_rate_factor", "lhv"}}


def _number(value, field: str) -> float:
    """A plain number the file gives, or a ValueError naming the field."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{field}={value!r}: give a number")
    return float(value)


def from_dict(doc: dict) -> ClouUnit:
    """A :class:`ClouUnit` from a unit document (TOML tables; values with units as people type them).

    ``[fuel_reactor]`` temperature, pressure (default 1 atm), inventory, fluidising_N2 (molar flow),
    sherwood (default 2), N2_inlet_temperature (default 25 degC); ``[air_reactor]`` temperature (of the
    carrier coming in; default the FR's); ``solids_circulation``; ``[carrier]`` CuO_fraction, release
    ("equilibrium" or "kinetic"), oxygen_release (set name), release_factor; ``[coal]`` feed,
    ultimate (C, H, O, N, S, ash, moisture as fed; O may be "by_difference"), fixed_carbon,
    particle_diameter, char_carbon_density, char_rate_factor, lhv (as fed; needed for the energy balance).
    """
    from . import checks, units

    allowed_top = set(_SECTIONS) | {"solids_circulation", "model", "name", "description"}
    checks.no_unknown(doc, allowed_top, "CLOU unit")
    for sec, keys in _SECTIONS.items():
        checks.no_unknown(doc.get(sec, {}), keys, sec)
    fr, car, cl = doc.get("fuel_reactor", {}), doc.get("carrier", {}), doc.get("coal", {})

    def need(table: dict, key: str, sec: str):
        if key not in table:
            raise ValueError(f"{sec}.{key}: missing")
        return table[key]

    ult_raw = dict(need(cl, "ultimate", "coal"))
    by_diff = [k for k, v in ult_raw.items() if v == "by_difference"]
    if len(by_diff) > 1:
        raise ValueError(f"coal.ultimate: only one entry may be 'by_difference' (got {', '.join(by_diff)})")
    ult = {k: units.fraction(v, f"coal.ultimate.{k}") for k, v in ult_raw.items() if v != "by_difference"}
    if by_diff:
        ult[by_diff[0]] = 1.0 - sum(ult.values())
        if ult[by_diff[0]] < 0.0:
            raise ValueError(f"coal.ultimate: the given fractions sum above 1, so {by_diff[0]} by difference is negative")
    coal = Coal(ultimate=ult, fixed_carbon=units.fraction(need(cl, "fixed_carbon", "coal"), "coal.fixed_carbon"),
                particle_diameter=units.quantity(need(cl, "particle_diameter", "coal"), "length", "coal.particle_diameter"),
                char_carbon_density=units.quantity(need(cl, "char_carbon_density", "coal"), "density", "coal.char_carbon_density"),
                lhv=units.quantity(cl["lhv"], "heating_value", "coal.lhv") if "lhv" in cl else None)
    ar = doc.get("air_reactor", {})
    return ClouUnit(
        temperature=units.temperature(need(fr, "temperature", "fuel_reactor"), "fuel_reactor.temperature"),
        pressure=units.quantity(fr.get("pressure", "1 atm"), "pressure", "fuel_reactor.pressure"),
        inventory=units.quantity(need(fr, "inventory", "fuel_reactor"), "mass", "fuel_reactor.inventory"),
        solids_circulation=units.quantity(need(doc, "solids_circulation", "unit"), "mass_flow", "solids_circulation"),
        cuo_fraction=units.fraction(need(car, "CuO_fraction", "carrier"), "carrier.CuO_fraction"),
        coal_feed=units.quantity(need(cl, "feed", "coal"), "mass_flow", "coal.feed"),
        coal=coal,
        fluidising_n2=units.quantity(fr.get("fluidising_N2", 0.0), "molar_flow", "fuel_reactor.fluidising_N2"),
        release=str(car.get("release", "equilibrium")),
        release_set=str(car.get("oxygen_release", "Tian2020_CuO_TiO2_Al2O3")),
        release_factor=_number(car.get("release_factor", 1.0), "carrier.release_factor"),
        char_rate_factor=_number(cl.get("char_rate_factor", 1.0), "coal.char_rate_factor"),
        sherwood=_number(fr.get("sherwood", SHERWOOD_STAGNANT), "fuel_reactor.sherwood"),
        carrier_inlet_temperature=units.temperature(ar["temperature"], "air_reactor.temperature") if "temperature" in ar else None,
        n2_inlet_temperature=units.temperature(fr.get("N2_inlet_temperature", 298.15), "fuel_reactor.N2_inlet_temperature"))
