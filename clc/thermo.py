"""Thermochemistry of gases and solids, with Cantera as the source of truth.

Species are named as chemists write them (``Fe2O3``, ``CH4``); each maps to one or more
Cantera species (a solid's polymorphs, e.g. ``Fe`` = Fe(a) below 1184 K, Fe(c) above).
Data come from Cantera's ``nasa_gas.yaml`` and ``nasa_condensed.yaml`` (McBride, Gordon &
Reno, NASA TM-4513, 1993) and, for species Cantera lacks, from Cantera-format files in
``kinetics/species/`` whose headers give their sources and fit errors.

Units are SI per mole: J/mol, J/(mol K), K, Pa. The standard state is the one Cantera
gives the species (its ``reference_pressure``, 101325 Pa for these files); pure solids
have unit activity.

The reactor kernels never call Cantera: :func:`nasa_arrays` compiles the polynomials into
arrays read by :mod:`clc.nasa`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import cantera as ct
import numpy as np
import yaml
from scipy.optimize import brentq

from . import nasa
from .constants import R  # J/(mol K); equal to ct.gas_constant / 1000
from .data import species_dir
from .stoichiometry import Equation

P_REF = ct.one_atm  # Pa, reference pressure of the NASA data as Cantera reads them
M_O = ct.Element("O").weight / 1000.0  # kg/mol, atomic mass of oxygen as Cantera holds it (IUPAC: 15.999 g/mol)

# clc name -> Cantera species names in nasa_gas.yaml
_GASES = {n: n for n in ("CH4", "C2H6", "CO", "CO2", "H2", "H2O", "O2", "N2", "Ar", "SO2")}

# clc name -> Cantera species in nasa_condensed.yaml, low to high temperature
_CONDENSED = {
    "Fe2O3": ["Fe2O3(s)"],
    "Fe3O4": ["Fe3O4(s)"],
    "FeO": ["FeO(s)"],
    "Fe": ["Fe(a)", "Fe(c)", "Fe(d)"],
    "Al2O3": ["AL2O3(a)"],
    "CuO": ["CuO(s)"],
    "Cu2O": ["Cu2O(s)"],
    "Cu": ["Cu(cr)"],
    "Ni": ["Ni(cr)"],
    "TiO2": ["TiO2(ru)"],
    # CaCO3: CaCO3(caL) to 1200 K plus a labelled extrapolation, kinetics/species/CaCO3_extrapolated.yaml
    "CaO": ["CaO(s)"],
    "SiO2": ["SiO2(Lqz)", "SiO2(hqz)"],
    "MgO": ["MgO(s)"],
    "MgCO3": ["MgCO3(s)"],
    "C": ["C(gr)"],
}


@dataclass(frozen=True)
class Species:
    """One species as the simulator sees it.

    ``segments`` are Cantera ``Species`` objects covering contiguous temperature ranges
    (the stable polymorph in each).
    """

    name: str
    phase: str  # "gas" or "condensed"
    composition: dict[str, float]
    molar_mass: float  # kg/mol
    segments: tuple = field(repr=False)
    source: str = ""
    # upper end [K] of the measured data where the top segment is an extrapolation
    # (a file's ``measured-T-max``); None when every segment is measured data
    extrapolated_above: float | None = None

    @property
    def T_min(self) -> float:
        # NASA TM-4513 condensed data start at 300 K; the 298.15 K reference state is reached
        # by the lowest polynomial, as in McBride et al. (its H298 and S298 are fitted there)
        return min(float(self.segments[0].thermo.min_temp), 298.15)

    @property
    def T_max(self) -> float:
        return float(self.segments[-1].thermo.max_temp)

    @property
    def measured_T_max(self) -> float:
        """Upper end [K] of the measured data; above it (up to T_max) the data are extrapolated.

        >>> species("CaCO3").measured_T_max, species("CaCO3").T_max
        (1200.0, 1500.0)
        >>> species("CaO").measured_T_max == species("CaO").T_max
        True
        """
        return self.T_max if self.extrapolated_above is None else float(self.extrapolated_above)

    def segment_at(self, T: float):
        for sp in self.segments:
            if T <= sp.thermo.max_temp:
                return sp
        return self.segments[-1]


def _normalise_element(sym: str) -> str:
    return sym[0].upper() + sym[1:].lower()


def _make_species(name: str, phase: str, segments: list, source: str,
                  extrapolated_above: float | None = None) -> Species:
    comp = {_normalise_element(k): v for k, v in segments[0].composition.items()}
    mass = sum(ct.Element(el).weight * n for el, n in comp.items()) / 1000.0
    return Species(name, phase, comp, mass, tuple(segments), source, extrapolated_above)


@functools.cache
def _registry() -> dict[str, Species]:
    gas = {s.name: s for s in ct.Species.list_from_file("nasa_gas.yaml")}
    cond = {s.name: s for s in ct.Species.list_from_file("nasa_condensed.yaml")}
    reg: dict[str, Species] = {}
    nasa_src = "McBride, Gordon & Reno (1993), NASA TM-4513, via Cantera"
    for name, ct_name in _GASES.items():
        reg[name] = _make_species(name, "gas", [gas[ct_name]], f"{nasa_src} nasa_gas.yaml")
    for name, ct_names in _CONDENSED.items():
        segs = [cond[n] for n in ct_names]
        reg[name] = _make_species(name, "condensed", segs, f"{nasa_src} nasa_condensed.yaml")
    for path in sorted(species_dir().glob("*.yaml")):
        doc = yaml.safe_load(path.read_text())
        by_name = {s.name: s for s in ct.Species.list_from_file(str(path))}
        t_meas = doc.get("measured-T-max")
        for name, ct_names in doc["clc-species"].items():
            # a segment not defined in the file is taken from nasa_condensed.yaml
            segs = [by_name[n] if n in by_name else cond[n] for n in ct_names]
            reg[name] = _make_species(name, "condensed", segs, doc["source"].strip(),
                                      None if t_meas is None else float(t_meas))
    return reg


def list_species() -> list[str]:
    """Names of every species the thermo module knows.

    >>> {"CH4", "Fe2O3", "Fe3O4"} <= set(list_species())
    True
    """
    return sorted(_registry())


def species(name: str) -> Species:
    """The :class:`Species` called ``name``; a clear error if unknown."""
    try:
        return _registry()[name]
    except KeyError:
        raise KeyError(
            f"unknown species {name!r}; known species: {', '.join(list_species())}"
        ) from None


def _checked(name: str, T: float) -> Species:
    sp = species(name)
    if not (sp.T_min <= T <= sp.T_max) or not math.isfinite(T):
        if sp.measured_T_max < sp.T_max:
            allowed = (f"[{sp.T_min:g}, {sp.measured_T_max:g}] K measured + "
                       f"({sp.measured_T_max:g}, {sp.T_max:g}] K extrapolated")
        else:
            allowed = f"[{sp.T_min:g}, {sp.T_max:g}] K"
        raise ValueError(f"temperature T={T!r} K is outside the data range of {name} {allowed}")
    return sp


def cp(name: str, T: float) -> float:
    """Molar heat capacity cp [J/(mol K)] of ``name`` at T [K], from Cantera.

    >>> round(cp("N2", 298.15), 2)   # NIST-JANAF: 29.124
    29.12
    """
    return _checked(name, T).segment_at(T).thermo.cp(T) / 1000.0


def h(name: str, T: float) -> float:
    """Molar enthalpy [J/mol] at T [K], formation enthalpy at 298.15 K included.

    >>> round(h("CO2", 298.15) / 1000, 2)   # NIST-JANAF dHf(298.15) = -393.52 kJ/mol
    -393.51
    """
    return _checked(name, T).segment_at(T).thermo.h(T) / 1000.0


def s(name: str, T: float) -> float:
    """Standard molar entropy [J/(mol K)] at T [K] and the reference pressure."""
    return _checked(name, T).segment_at(T).thermo.s(T) / 1000.0


def g(name: str, T: float) -> float:
    """Standard molar Gibbs energy h - T s [J/mol] at T [K]."""
    return h(name, T) - T * s(name, T)


# --- arrays for the kernels -------------------------------------------------------------


@dataclass(frozen=True)
class NasaArrays:
    """NASA-9 coefficient arrays for :mod:`clc.nasa` kernels (layout documented there)."""

    names: tuple[str, ...]
    coef: np.ndarray  # (n_species, n_segments_max, 9)
    tmax: np.ndarray  # (n_species, n_segments_max)
    nseg: np.ndarray  # (n_species,)

    def index(self, name: str) -> int:
        return self.names.index(name)

    def cp(self, name: str, T: float) -> float:
        """cp [J/(mol K)] from the compiled kernel."""
        return R * nasa.cp_R(self.coef, self.tmax, self.nseg, self.index(name), T)

    def h(self, name: str, T: float) -> float:
        """h [J/mol] from the compiled kernel."""
        return R * T * nasa.h_RT(self.coef, self.tmax, self.nseg, self.index(name), T)

    def s(self, name: str, T: float) -> float:
        """s [J/(mol K)] from the compiled kernel."""
        return R * nasa.s_R(self.coef, self.tmax, self.nseg, self.index(name), T)


def _nasa9_segments(sp) -> list[tuple[float, list[float]]]:
    """(upper temperature, 9 coefficients) for each polynomial of a Cantera species."""
    data = sp.input_data["thermo"]
    ranges, blocks = data["temperature-ranges"], data["data"]
    out = []
    for i, block in enumerate(blocks):
        if data["model"] == "NASA7":
            coeffs = [0.0, 0.0, *block]
        elif data["model"] == "NASA9":
            coeffs = list(block)
        else:
            raise ValueError(f"species {sp.name}: thermo model {data['model']} not supported")
        out.append((float(ranges[i + 1]), coeffs))
    return out


def nasa_arrays(names: list[str] | tuple[str, ...] | None = None) -> NasaArrays:
    """Compile the thermo of ``names`` (default: every species) into kernel arrays (cached).

    >>> arr = nasa_arrays(["CO2", "Fe"])
    >>> abs(arr.h("CO2", 1000.0) - h("CO2", 1000.0)) < 1e-6
    True
    """
    return _nasa_arrays(tuple(names) if names is not None else tuple(list_species()))


@functools.lru_cache(maxsize=64)
def _nasa_arrays(names: tuple[str, ...]) -> NasaArrays:
    segs = [[seg for sp in species(n).segments for seg in _nasa9_segments(sp)] for n in names]
    nmax = max(len(s_) for s_ in segs)
    coef = np.zeros((len(names), nmax, 9))
    tmax = np.full((len(names), nmax), np.inf)
    nseg = np.zeros(len(names), dtype=np.int64)
    for k, s_ in enumerate(segs):
        nseg[k] = len(s_)
        for j, (t_hi, c) in enumerate(s_):
            coef[k, j] = c
            tmax[k, j] = t_hi
    return NasaArrays(names, coef, tmax, nseg)


# --- reactions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reaction:
    """Thermochemistry of one reaction between known species.

    >>> r = Reaction("O2 + 4 Fe3O4 -> 6 Fe2O3")
    >>> round(r.delta_h(298.15) / 1000, 1)   # NIST-JANAF gives -469.4
    -472.2
    """

    equation: str

    def __post_init__(self):
        eq = Equation.parse(self.equation)
        for name in eq.species:
            species(name)  # raises on unknown names
        balance = self.element_balance()
        bad = {el: v for el, v in balance.items() if abs(v) > 1e-9}
        if bad:
            raise ValueError(f"reaction {self.equation!r} is not balanced in {bad}")

    @functools.cached_property
    def nu(self) -> dict[str, float]:
        return Equation.parse(self.equation).nu

    def element_balance(self) -> dict[str, float]:
        """Net element change (products - reactants), all zero for a balanced reaction."""
        out: dict[str, float] = {}
        for name, nu in self.nu.items():
            for el, n in species(name).composition.items():
                out[el] = out.get(el, 0.0) + nu * n
        return out

    @property
    def gas_nu(self) -> dict[str, float]:
        return {n: v for n, v in self.nu.items() if species(n).phase == "gas"}

    def T_range(self) -> tuple[float, float]:
        names = list(self.nu)
        return max(species(n).T_min for n in names), min(species(n).T_max for n in names)

    def delta_h(self, T: float) -> float:
        """Reaction enthalpy [J per mole of reaction as written] at T [K]."""
        return sum(nu * h(n, T) for n, nu in self.nu.items())

    def delta_s(self, T: float) -> float:
        """Standard reaction entropy [J/K per mole of reaction] at T [K]."""
        return sum(nu * s(n, T) for n, nu in self.nu.items())

    def delta_g(self, T: float) -> float:
        """Standard reaction Gibbs energy [J per mole of reaction] at T [K]."""
        return sum(nu * g(n, T) for n, nu in self.nu.items())

    def log_K(self, T: float) -> float:
        """ln K, gases referred to P_REF, pure solids at unit activity."""
        return -self.delta_g(T) / (R * T)

    def K(self, T: float) -> float:
        """Equilibrium constant K = exp(-dG0/RT) (may overflow to inf for very large K)."""
        return math.exp(min(self.log_K(T), 700.0))


@functools.lru_cache(maxsize=256)
def equilibrium_constant(equation: str, T: float) -> float:
    """K of a reaction at T, cached (the reactors prepare their beds at the same temperatures)."""
    return Reaction(equation).K(T)


def gas_conversion_limit(equation: str, T: float, P: float = ct.one_atm,
                         fuel: str | None = None) -> float:
    """Equilibrium conversion of a gaseous fuel over a solid redox pair.

    The fuel (the first gaseous reactant unless ``fuel`` is given) enters pure, with the
    solids in excess; the extent x solves sum(nu_i ln y_i) + dn ln(P/P_REF) = ln K(T)
    (ideal gases, pure solids). For one gas molecule in and one out (H2 -> H2O,
    CO -> CO2) this is X = K / (1 + K).

    Returns the converted fraction of the fuel, in [0, 1].

    >>> x = gas_conversion_limit("CO + 3 Fe2O3 -> 2 Fe3O4 + CO2", 1173.15)
    >>> x > 0.9999
    True
    >>> 0.99 < gas_conversion_limit("H2 + NiO -> Ni + H2O", 1173.15) < 1.0
    True

    Caveat: Cantera's FeO(s) is stoichiometric FeO (NASA TM-4513), while real wustite is
    Fe(1-y)O; limits over the Fe3O4/FeO pair computed with it are therefore higher than
    those of the Fe-O phase diagram.
    """
    if P <= 0 or not math.isfinite(P):
        raise ValueError(f"pressure P={P!r} Pa must be positive and finite")
    r = Reaction(equation)
    gas_nu = r.gas_nu
    reactant_gases = [n for n, v in gas_nu.items() if v < 0]
    if not reactant_gases:
        raise ValueError(f"reaction {equation!r} has no gaseous reactant")
    fuel = fuel or reactant_gases[0]
    if gas_nu.get(fuel, 0.0) >= 0:
        raise ValueError(f"{fuel!r} is not a gaseous reactant of {equation!r}")
    lo, hi = r.T_range()
    if not lo <= T <= hi:
        raise ValueError(f"temperature T={T!r} K is outside the data range [{lo:g}, {hi:g}] K of {equation!r}")
    ln_k = r.log_K(T)
    a = -gas_nu[fuel]  # fuel moles per unit extent
    dn = sum(gas_nu.values())
    x_max = 1.0 / a

    def residual(z: float) -> float:
        # z = converted fraction of the fuel; moles on 1 mol fuel fed
        x = z * x_max
        moles = {n: (1.0 if n == fuel else 0.0) + v * x for n, v in gas_nu.items()}
        total = sum(moles.values())
        lnq = dn * math.log(P / P_REF)
        for n, v in gas_nu.items():
            lnq += v * math.log(max(moles[n], 1e-300) / total)
        return lnq - ln_k

    eps = 1e-15
    if residual(1.0 - eps) <= 0.0:
        return 1.0
    if residual(eps) >= 0.0:
        return 0.0
    return brentq(residual, eps, 1.0 - eps, xtol=1e-15, rtol=1e-14)


def oxygen_transport_capacity(oxidation: str, active: str, mass_fraction: float) -> float:
    """Oxygen transport capacity R_OC = x_active (m_ox - m_red) / m_ox of a carrier.

    ``oxidation`` is the carrier's oxidation with O2 (e.g. ``"2 Ni + O2 -> 2 NiO"``), ``active``
    the oxidised active phase (``"NiO"``), ``mass_fraction`` its mass fraction in the fully
    oxidised carrier. The O released per mole of ``active`` is 2 nu_O2 / nu_active
    (Adanez et al., Prog. Energy Combust. Sci. 38 (2012) 215, eq. 1, R_OC = x_OC R_O).

    >>> round(oxygen_transport_capacity("2 Cu + O2 -> 2 CuO", "CuO", 1.0), 4)   # 16.00/79.55
    0.2011
    """
    if not 0.0 <= mass_fraction <= 1.0:
        raise ValueError(f"mass_fraction={mass_fraction!r} must lie in [0, 1]")
    nu = Reaction(oxidation).nu
    if nu.get("O2", 0.0) >= 0 or nu.get(active, 0.0) <= 0:
        raise ValueError(f"{oxidation!r} must consume O2 and produce {active!r}")
    o_per_active = 2.0 * -nu["O2"] / nu[active]
    return mass_fraction * o_per_active * ct.Element("O").weight / 1000.0 / species(active).molar_mass
