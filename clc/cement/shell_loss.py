"""Shell heat losses of kiln-line equipment from surface area and surface temperature.

A kiln shell, a calciner or preheater-tower casing and a cooler casing lose heat to the
surroundings by radiation and by natural (or wind-driven) convection. These losses are set by
the surface, its temperature and the weather, not by the fuel fired, so a plant balance should
take them in W (or J/kg clinker at the plant's output), not as a fraction of fuel heat.

    Q = A * (h_rad + h_conv) * (T_surface - T_ambient)

Correlations (each checked against its validity range at run time; outside it a
``RuntimeWarning`` is issued and the value is still returned):

* radiation, grey surface in large isothermal surroundings at ``T_ambient`` (Stefan-Boltzmann):
  ``h_rad = eps * sigma * (Ts^2 + Ta^2) * (Ts + Ta)``, which tends to ``4 eps sigma T^3`` as
  ``Ts -> Ta``. sigma from CODATA 2018 (``scipy.constants.Stefan_Boltzmann``).
* natural convection, long isothermal horizontal cylinder: Churchill & Chu (1975),
  Int. J. Heat Mass Transfer 18(9) 1049-1053, doi:10.1016/0017-9310(75)90222-7:
  ``Nu_D = {0.60 + 0.387 Ra_D^(1/6) / [1 + (0.559/Pr)^(9/16)]^(8/27)}^2``;
  lower limit Ra_D >= 1e-5 (Churchill & Chu), upper limit Ra_D <= 1e12 (Bergman, Lavine,
  Incropera & DeWitt, Fundamentals of Heat and Mass Transfer, 6th ed., Wiley 2011); both
  limits second-hand, read in the docstring of ``ht.conv_free_immersed`` (C. Bell,
  github.com/CalebBell/ht), which states the equation was checked against the original.
* natural convection, isothermal vertical plate: Churchill & Chu (1975), Int. J. Heat Mass
  Transfer 18(11) 1323-1329, doi:10.1016/0017-9310(75)90243-4:
  ``Nu_L = {0.825 + 0.387 Ra_L^(1/6) / [1 + (0.492/Pr)^(9/16)]^(8/27)}^2``;
  range 1e-1 <= Ra_L <= 1e12 (as quoted in public engineering code citing Churchill & Chu
  1975; second-hand). Tall preheater towers (H of tens of metres) lie above 1e12: the value
  is then an extrapolation and a warning is issued.
* forced convection, cylinder in cross-flow: Churchill & Bernstein (1977), J. Heat Transfer
  99(2) 300-306, doi:10.1115/1.3450685:
  ``Nu_D = 0.3 + 0.62 Re^(1/2) Pr^(1/3) / [1 + (0.4/Pr)^(2/3)]^(1/4)
  * [1 + (Re/282000)^(5/8)]^(4/5)``; valid for Re_D Pr > 0.2 (as quoted in public code citing
  Churchill & Bernstein 1977; second-hand). ``ht.conv_external`` (C. Bell) quotes the paper:
  the equation "appears to provide a lower bound for RePr > 0.4".
* mixed (free + forced) convection: ``Nu^3 = Nu_N^3 + Nu_F^3``, the power-mean combining rule
  of S. W. Churchill, "A comprehensive correlating equation for laminar, assisting, forced and
  free convection", AIChE J. 23(1) (1977) 10-16 (cited from memory, the paper was not read
  here). ASSUMPTION: wind across a kiln is treated as assisting/transverse flow with exponent 3;
  the combined value lies between max(Nu_N, Nu_F) and Nu_N + Nu_F whatever the exponent.

Air properties (rho, mu, k, cp) are those of Cantera's ``air.yaml`` (N2/O2/Ar, mixture-averaged
transport) at the film temperature ``(Ts + Ta)/2`` and 1 atm; beta = 1/T_film (ideal gas).

Typical plant values found in the literature are in :data:`TYPICAL_SURFACES` and in
``docs/shell_loss_sources.md``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import lru_cache

import cantera as ct
from scipy.constants import Stefan_Boltzmann as SIGMA  # W/(m2 K4), CODATA 2018
from scipy.constants import g as G  # m/s2, standard gravity (CGPM 1901)

__all__ = [
    "radiation_coefficient",
    "natural_convection_horizontal_cylinder",
    "natural_convection_vertical_surface",
    "forced_convection_cylinder",
    "mixed_convection_nusselt",
    "air_properties",
    "shell_heat_loss",
    "ShellSurface",
    "TYPICAL_SURFACES",
    "GEOMETRIES",
]

GEOMETRIES = ("horizontal_cylinder", "vertical")

# --- input ranges (ASSUMPTION: chosen to cover outdoor plant conditions; not from a source) ---
# Ambient air: -50 .. +60 degC. Surface: up to 1000 K (shell hot spots "under 600 degC" are
# discussed as abnormal, slideshare "maximum shell temp", second-hand; above 1000 K the grey
# steel surface and Cantera air-transport assumptions are not checked here).
T_AMBIENT_RANGE = (223.15, 333.15)  # K
T_SURFACE_RANGE = (223.15, 1000.0)  # K
WIND_RANGE = (0.0, 60.0)  # m/s
P_ATM = ct.one_atm  # Pa

# Validity ranges of the correlations (see module docstring for their sources).
RA_RANGE_HORIZONTAL_CYLINDER = (1e-5, 1e12)
RA_RANGE_VERTICAL_PLATE = (1e-1, 1e12)
REPR_MIN_CHURCHILL_BERNSTEIN = 0.2
MIXED_EXPONENT = 3.0


def _check_range(name: str, value: float, lo: float, hi: float, unit: str = "") -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} is not a number; allowed range {lo}..{hi} {unit}".rstrip())
    if not math.isfinite(v) or v < lo or v > hi:
        u = f" {unit}" if unit else ""
        raise ValueError(f"{name}={value!r}{u} is outside the allowed range {lo}..{hi}{u}")
    return v


def _check_positive(name: str, value: float, unit: str = "") -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} is not a number; it must be > 0 {unit}".rstrip())
    if not math.isfinite(v) or v <= 0.0:
        raise ValueError(f"{name}={value!r} must be a finite number > 0 {unit}".rstrip())
    return v


def _temps(T_surface: float, T_ambient: float) -> tuple[float, float]:
    Ts = _check_range("T_surface", T_surface, *T_SURFACE_RANGE, "K")
    Ta = _check_range("T_ambient", T_ambient, *T_AMBIENT_RANGE, "K")
    return Ts, Ta


@lru_cache(maxsize=1)
def _air() -> ct.Solution:
    gas = ct.Solution("air.yaml")
    gas.transport_model = "mixture-averaged"
    return gas


@lru_cache(maxsize=4096)
def air_properties(T: float, P: float = P_ATM) -> dict[str, float]:
    """Air properties from Cantera's ``air.yaml`` (mixture-averaged transport).

    Parameters
    ----------
    T : float
        Temperature [K], 200..3000 K.
    P : float, optional
        Pressure [Pa], default 1 atm.

    Returns
    -------
    dict
        ``rho`` [kg/m3], ``mu`` [Pa s], ``k`` [W/(m K)], ``cp`` [J/(kg K)], ``nu`` [m2/s],
        ``alpha`` [m2/s], ``Pr`` [-], ``beta`` = 1/T [1/K] (ideal gas).
    """
    T = _check_range("T", T, 200.0, 3000.0, "K")
    P = _check_range("P", P, 1e3, 1e7, "Pa")
    gas = _air()
    gas.TPX = T, P, "O2:0.21, N2:0.78, AR:0.01"
    rho, mu, k, cp = gas.density, gas.viscosity, gas.thermal_conductivity, gas.cp_mass
    return {"rho": rho, "mu": mu, "k": k, "cp": cp, "nu": mu / rho, "alpha": k / (rho * cp),
            "Pr": mu * cp / k, "beta": 1.0 / T}


def _warn_range(what: str, value: float, lo: float, hi: float) -> None:
    if not (lo <= value <= hi):
        warnings.warn(f"{what}={value:.3g} is outside the correlation's validity range "
                      f"{lo:g}..{hi:g}; the value is extrapolated", RuntimeWarning, stacklevel=3)


def radiation_coefficient(T_surface: float, T_ambient: float, emissivity: float) -> float:
    """Linearised radiation coefficient of a grey surface in large surroundings [W/(m2 K)].

    ``h_rad = eps * sigma * (Ts^2 + Ta^2) * (Ts + Ta)`` so that
    ``h_rad * (Ts - Ta) = eps * sigma * (Ts^4 - Ta^4)`` (Stefan-Boltzmann; surroundings taken
    at the air temperature, ASSUMPTION).

    Parameters
    ----------
    T_surface, T_ambient : float
        Surface and surroundings temperatures [K].
    emissivity : float
        Total hemispherical emissivity of the surface, 0 < eps <= 1.

    Returns
    -------
    float
        h_rad [W/(m2 K)].
    """
    Ts, Ta = _temps(T_surface, T_ambient)
    eps = _check_range("emissivity", emissivity, 1e-6, 1.0)
    return eps * SIGMA * (Ts * Ts + Ta * Ta) * (Ts + Ta)


def _rayleigh(Ts: float, Ta: float, L: float, P: float) -> tuple[float, dict[str, float]]:
    props = air_properties(0.5 * (Ts + Ta), P)
    Ra = G * props["beta"] * abs(Ts - Ta) * L**3 / (props["nu"] * props["alpha"])
    return Ra, props


def natural_convection_horizontal_cylinder(T_surface: float, T_ambient: float, diameter: float,
                                           *, pressure: float = P_ATM) -> float:
    """Free-convection coefficient of a long isothermal horizontal cylinder [W/(m2 K)].

    Churchill & Chu (1975), Int. J. Heat Mass Transfer 18, 1049-1053:
    ``Nu_D = {0.60 + 0.387 Ra_D^(1/6) / [1 + (0.559/Pr)^(9/16)]^(8/27)}^2``, air properties
    from Cantera at the film temperature. Warns outside 1e-5 <= Ra_D <= 1e12.

    Parameters
    ----------
    T_surface, T_ambient : float
        Surface and air temperatures [K].
    diameter : float
        Outer diameter [m].
    pressure : float, optional
        Air pressure [Pa], default 1 atm.

    Returns
    -------
    float
        h_conv [W/(m2 K)].
    """
    Ts, Ta = _temps(T_surface, T_ambient)
    D = _check_positive("diameter", diameter, "m")
    Ra, p = _rayleigh(Ts, Ta, D, pressure)
    _warn_range("Ra_D (Churchill-Chu horizontal cylinder)", Ra, *RA_RANGE_HORIZONTAL_CYLINDER)
    return _nu_horizontal_cylinder(Ra, p["Pr"]) * p["k"] / D


def _nu_horizontal_cylinder(Ra: float, Pr: float) -> float:
    return (0.60 + 0.387 * Ra ** (1 / 6) / (1 + (0.559 / Pr) ** (9 / 16)) ** (8 / 27)) ** 2


def _nu_vertical_plate(Ra: float, Pr: float) -> float:
    return (0.825 + 0.387 * Ra ** (1 / 6) / (1 + (0.492 / Pr) ** (9 / 16)) ** (8 / 27)) ** 2


def _nu_churchill_bernstein(Re: float, Pr: float) -> float:
    return 0.3 + (0.62 * Re**0.5 * Pr ** (1 / 3) / (1 + (0.4 / Pr) ** (2 / 3)) ** 0.25
                  * (1 + (Re / 282000.0) ** (5 / 8)) ** 0.8)


def natural_convection_vertical_surface(T_surface: float, T_ambient: float, height: float,
                                        *, pressure: float = P_ATM) -> float:
    """Free-convection coefficient of an isothermal vertical surface [W/(m2 K)].

    Churchill & Chu (1975), Int. J. Heat Mass Transfer 18, 1323-1329 (vertical plate, whole
    range): ``Nu_L = {0.825 + 0.387 Ra_L^(1/6) / [1 + (0.492/Pr)^(9/16)]^(8/27)}^2``, L = height.
    For the preheater tower and calciner casings (a vertical cylinder of large diameter behaves
    as a plate; ASSUMPTION). Warns outside 1e-1 <= Ra_L <= 1e12 (towers above ~10 m exceed it).

    Parameters
    ----------
    T_surface, T_ambient : float
        Surface and air temperatures [K].
    height : float
        Height of the surface [m].
    pressure : float, optional
        Air pressure [Pa], default 1 atm.

    Returns
    -------
    float
        h_conv [W/(m2 K)].
    """
    Ts, Ta = _temps(T_surface, T_ambient)
    H = _check_positive("height", height, "m")
    Ra, p = _rayleigh(Ts, Ta, H, pressure)
    _warn_range("Ra_L (Churchill-Chu vertical plate)", Ra, *RA_RANGE_VERTICAL_PLATE)
    return _nu_vertical_plate(Ra, p["Pr"]) * p["k"] / H


def forced_convection_cylinder(T_surface: float, T_ambient: float, diameter: float,
                               wind_speed: float, *, pressure: float = P_ATM) -> float:
    """Forced-convection coefficient of a cylinder in cross-flow [W/(m2 K)].

    Churchill & Bernstein (1977), J. Heat Transfer 99, 300-306, with air properties at the film
    temperature. Warns when Re_D Pr < 0.2.

    Parameters
    ----------
    T_surface, T_ambient : float
        Surface and air temperatures [K].
    diameter : float
        Outer diameter [m].
    wind_speed : float
        Air speed across the cylinder [m/s], 0..60; 0 gives 0.
    pressure : float, optional
        Air pressure [Pa], default 1 atm.

    Returns
    -------
    float
        h_forced [W/(m2 K)].
    """
    Ts, Ta = _temps(T_surface, T_ambient)
    D = _check_positive("diameter", diameter, "m")
    u = _check_range("wind_speed", wind_speed, *WIND_RANGE, "m/s")
    if u == 0.0:
        return 0.0
    p = air_properties(0.5 * (Ts + Ta), pressure)
    Re = u * D / p["nu"]
    if Re * p["Pr"] < REPR_MIN_CHURCHILL_BERNSTEIN:
        _warn_range("Re_D*Pr (Churchill-Bernstein)", Re * p["Pr"], REPR_MIN_CHURCHILL_BERNSTEIN, math.inf)
    return _nu_churchill_bernstein(Re, p["Pr"]) * p["k"] / D


def mixed_convection_nusselt(nu_natural: float, nu_forced: float, exponent: float = MIXED_EXPONENT) -> float:
    """Combine free and forced convection: ``Nu^n = Nu_N^n + Nu_F^n`` (Churchill 1977, n = 3).

    Parameters
    ----------
    nu_natural, nu_forced : float
        Nusselt numbers (or heat-transfer coefficients on the same length scale) >= 0.
    exponent : float, optional
        n, 1..10; default 3 (Churchill, AIChE J. 23 (1977) 10; ASSUMPTION, see module docstring).

    Returns
    -------
    float
        Combined value.
    """
    a = _check_range("nu_natural", nu_natural, 0.0, math.inf)
    b = _check_range("nu_forced", nu_forced, 0.0, math.inf)
    n = _check_range("exponent", exponent, 1.0, 10.0)
    return (a**n + b**n) ** (1.0 / n)


def convection_coefficient(T_surface: float, T_ambient: float, *, geometry: str, size: float,
                           wind_speed: float = 0.0, pressure: float = P_ATM) -> float:
    """Convective coefficient for a geometry, with wind combined by :func:`mixed_convection_nusselt`.

    Parameters
    ----------
    T_surface, T_ambient : float
        Surface and air temperatures [K].
    geometry : {"horizontal_cylinder", "vertical"}
        Shape; ``size`` is the diameter or the height [m].
    size : float
        Diameter (horizontal cylinder) or height (vertical) [m].
    wind_speed : float, optional
        Cross-wind speed [m/s]; only for "horizontal_cylinder" (no forced-convection
        correlation for a vertical surface is sourced here).
    pressure : float, optional
        Air pressure [Pa].

    Returns
    -------
    float
        h_conv [W/(m2 K)].
    """
    if geometry not in GEOMETRIES:
        raise ValueError(f"geometry={geometry!r} is not one of {GEOMETRIES}")
    u = _check_range("wind_speed", wind_speed, *WIND_RANGE, "m/s")
    if geometry == "vertical":
        if u > 0.0:
            raise ValueError(f"wind_speed={wind_speed!r} m/s: wind on a 'vertical' surface is not modelled "
                             "(no sourced correlation here); give wind_speed=0 (free convection, a lower bound)")
        return natural_convection_vertical_surface(T_surface, T_ambient, size, pressure=pressure)
    h_n = natural_convection_horizontal_cylinder(T_surface, T_ambient, size, pressure=pressure)
    if u == 0.0:
        return h_n
    h_f = forced_convection_cylinder(T_surface, T_ambient, size, u, pressure=pressure)
    return mixed_convection_nusselt(h_n, h_f)  # same length scale D, so h combines like Nu


def shell_heat_loss(area: float, T_surface: float, T_ambient: float, *, geometry: str, size: float,
                    emissivity: float, wind_speed: float = 0.0, pressure: float = P_ATM) -> float:
    """Heat lost by a hot casing to the surroundings [W].

    ``Q = area * (h_rad + h_conv) * (T_surface - T_ambient)``.

    Parameters
    ----------
    area : float
        Outer surface area [m2], > 0 (e.g. pi * D * L for a kiln shell).
    T_surface, T_ambient : float
        Mean surface temperature and air/surroundings temperature [K].
    geometry : {"horizontal_cylinder", "vertical"}
        "horizontal_cylinder": ``size`` is the diameter; "vertical": ``size`` is the height.
    size : float
        Diameter or height [m].
    emissivity : float
        Surface emissivity, 0 < eps <= 1.
    wind_speed : float, optional
        Cross-wind speed [m/s] (horizontal cylinder only), default 0.
    pressure : float, optional
        Air pressure [Pa], default 1 atm.

    Returns
    -------
    float
        Q [W]; negative if the surface is colder than the air.

    Examples
    --------
    >>> q = shell_heat_loss(1000.0, 573.15, 298.15, geometry="horizontal_cylinder", size=4.8,
    ...                     emissivity=0.8)
    >>> 5e6 < q < 9e6
    True
    """
    A = _check_positive("area", area, "m2")
    Ts, Ta = _temps(T_surface, T_ambient)
    if geometry not in GEOMETRIES:
        raise ValueError(f"geometry={geometry!r} is not one of {GEOMETRIES}")
    _check_positive("size", size, "m")
    _check_range("emissivity", emissivity, 1e-6, 1.0)
    _check_range("wind_speed", wind_speed, *WIND_RANGE, "m/s")
    if Ts == Ta:
        return 0.0
    h_rad = radiation_coefficient(Ts, Ta, emissivity)
    h_conv = convection_coefficient(Ts, Ta, geometry=geometry, size=size, wind_speed=wind_speed,
                                    pressure=pressure)
    return A * (h_rad + h_conv) * (Ts - Ta)


@dataclass(frozen=True)
class ShellSurface:
    """One hot casing of the kiln line (kiln shell, calciner/preheater tower, cooler).

    Parameters
    ----------
    area : float
        Outer area [m2].
    T_surface : float
        Mean surface temperature [K].
    geometry : {"horizontal_cylinder", "vertical"}
        Shape used for the convection correlation.
    size : float
        Diameter (horizontal cylinder) or height (vertical) [m].
    emissivity : float
        Surface emissivity, 0 < eps <= 1.
    wind_speed : float, optional
        Cross-wind speed [m/s], default 0.
    source : str, optional
        Where the area and temperature come from (or "ASSUMPTION: ...").
    """

    area: float
    T_surface: float
    geometry: str
    size: float
    emissivity: float
    wind_speed: float = 0.0
    source: str = ""

    def __post_init__(self) -> None:
        _check_positive("area", self.area, "m2")
        _check_range("T_surface", self.T_surface, *T_SURFACE_RANGE, "K")
        if self.geometry not in GEOMETRIES:
            raise ValueError(f"geometry={self.geometry!r} is not one of {GEOMETRIES}")
        _check_positive("size", self.size, "m")
        _check_range("emissivity", self.emissivity, 1e-6, 1.0)
        _check_range("wind_speed", self.wind_speed, *WIND_RANGE, "m/s")
        if self.geometry == "vertical" and self.wind_speed > 0.0:
            raise ValueError(f"wind_speed={self.wind_speed!r} m/s: wind on a 'vertical' surface is not modelled; "
                             "use wind_speed=0")

    def loss(self, T_ambient: float) -> float:
        """Heat loss [W] to air and surroundings at ``T_ambient`` [K]."""
        return shell_heat_loss(self.area, self.T_surface, T_ambient, geometry=self.geometry, size=self.size,
                               emissivity=self.emissivity, wind_speed=self.wind_speed)


# --- typical values found in the literature ---------------------------------------------------
# Each entry: value(s), unit, source, where it was read, and whether the source was read in the
# original ("original") or through another document ("second-hand"). See docs/shell_loss_sources.md.
TYPICAL_SURFACES: dict[str, dict] = {
    "kiln_shell_loss_share_Engin_Ari_2005": {
        "value": 0.1511, "unit": "fraction of total heat input (kiln shell, convection + radiation)",
        "plant": "dry rotary kiln with preheater, 600 t clinker/d, Turkey",
        "source": "T. Engin, V. Ari, Energy Conversion and Management 46 (2005) 551-562, "
                  "doi:10.1016/j.enconman.2004.04.007, abstract",
        "read": "abstract and first page, in copies on scribd.com and 1library.net",
        "status": "original (abstract only)",
    },
    "surface_loss_share_Farag_2013": {
        "value": 0.12, "unit": "fraction of total heat input (all convection + radiation losses)",
        "plant": "preheater/precalciner kiln with grate cooler, 6300 t clinker/d, bypass 15 %, Egypt",
        "source": "L. M. Farag, H. Ghorab, A. El Nemr, J. Applied Sciences Research 9(7) (2013) 4245-4254, abstract",
        "read": "abstract on de.scribd.com; also in shared/reference/literature.md",
        "status": "original (abstract only)",
    },
    "kiln_shell_max_temperature": {
        "value": 350.0, "unit": "degC (upper limit to protect the steel shell; scanners watch for hot spots)",
        "source": "Wikipedia, 'Rotary kiln' (refractory lining section), text copied on public pages",
        "read": "th4.ilovetranslation.com and indianyellowpages.com copies of the text", "status": "second-hand",
    },
    "refractory_temperature_drop": {
        "value": 1000.0, "unit": "K or more between hot and cold faces (lining 80-300 mm thick)",
        "source": "Wikipedia, 'Rotary kiln', as above", "read": "same copies", "status": "second-hand",
    },
    "kiln_shell_emissivity_software_default": {
        "value": 0.77, "unit": "-",
        "source": "default of the kiln shell-loss calculator github.com/mvoggu/heat_simulation "
                  "(heat_simulation_IQR.py) and its fork SaicharanRitwik39/PyroHeatBalanceProjectPS1; "
                  "no literature source given there",
        "read": "the code", "status": "unsourced software default; ASSUMPTION if used",
    },
    "kiln_shell_emissivity_simcem_pilot": {
        "value": 0.80, "unit": "-",
        "source": "SimCem kiln example (github.com/simcem/SimCem), KDO pilot kiln at Ibutech, trial 21; "
                  "no literature source given in the code",
        "read": "the code", "status": "software input value; ASSUMPTION if used",
    },
}
