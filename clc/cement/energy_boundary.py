"""Energy items at the boundary of a cement plant with CO2 capture (SI units throughout).

One public function per item: fan and blower work, fluidised-bed distributor pressure drop,
oxygen production, CO2 purification, waste-heat power, the electricity reference (CO2 and
primary energy of a kWh), and the heat exchanger that carries heat into the calciner.

Labels used next to every number:

- **[seen]** read in the source named, during development;
- **SECOND-HAND** read in public code or a text quoting the source (both are named);
- **[calc]** arithmetic on read values;
- **ASSUMPTION** a modelling choice, with the range found where one was found.

Values that no source could be found for are *not* given defaults: the caller must pass them
(fan efficiency is the only such required argument with a documented example value).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

from scipy.optimize import brentq

from .. import citations, thermo
from ..checks import in_range
from ..citations import Citation
from ..constants import R
from .data import GRID_FACTORS_2023, GRID_2023_SOURCE

J_PER_KWH = 3.6e6  # J per kWh (exact)

# ----------------------------------------------------------------------------------------------
# validation helpers
# ----------------------------------------------------------------------------------------------


def _check(name: str, value: float, lo: float, hi: float, *, lo_open: bool = False,
           hi_open: bool = False) -> float:
    """Return ``value`` as float or raise ValueError naming the field, value and range."""
    return in_range(name, value, lo, hi, lo_open=lo_open, hi_open=hi_open)


def _check_flows(name: str, molar_flows: Mapping[str, float]) -> dict[str, float]:
    if not isinstance(molar_flows, Mapping) or not molar_flows:
        raise ValueError(f"{name}={molar_flows!r} must be a non-empty dict of species -> mol/s")
    flows: dict[str, float] = {}
    for sp, n in molar_flows.items():
        try:
            info = thermo.species(sp)
        except KeyError:
            raise ValueError(f"{name}: unknown species {sp!r}; known gases include "
                             "N2, O2, CO2, H2O, Ar, CO, H2, CH4, SO2") from None
        if info.phase != "gas":
            raise ValueError(f"{name}: species {sp!r} is not a gas")
        flows[sp] = _check(f"{name}[{sp!r}]", n, 0.0, 1e9)
    if sum(flows.values()) <= 0.0:
        raise ValueError(f"{name}={molar_flows!r}: total molar flow must be > 0 mol/s")
    return flows


def _mix_h(flows: Mapping[str, float], T: float) -> float:
    """Enthalpy flow [W] of an ideal-gas mixture at T (formation enthalpies included)."""
    return sum(n * thermo.h(sp, T) for sp, n in flows.items() if n > 0.0)


def _mix_s0(flows: Mapping[str, float], T: float) -> float:
    """Sum of n_i s_i°(T) [W/K]; the mixing and pressure terms are added by the caller."""
    return sum(n * thermo.s(sp, T) for sp, n in flows.items() if n > 0.0)


# ----------------------------------------------------------------------------------------------
# 1. fans and blowers
# ----------------------------------------------------------------------------------------------

# Example value only, NOT a default: Kunii & Levenspiel, Fluidization Engineering, 2nd ed.,
# Butterworth-Heinemann 1991, ch. 4, Example 3 (p. 110, "Power requirement for a fluidized coal
# combustor") uses a compressor efficiency of 0.75 with their eqs. (18) and (20). SECOND-HAND: read
# in a public Scilab textbook-companion coding of that example; the book was not read here.
BLOWER_EFFICIENCY_KL1991_EXAMPLE = 0.75


def fan_work(molar_flows: dict[str, float], T_in: float, p_in: float, dp: float, efficiency: float) -> float:
    """Shaft work [W] of adiabatic compression of an ideal-gas mixture by ``dp``.

    The isentropic end state solves s(T2s, p2) = s(T_in, p_in) for the mixture, with
    s = sum n_i [s_i°(T) - R ln(y_i p / p°)] (ideal-gas mixing, composition unchanged, so the
    mixing terms cancel); s_i° and h_i come from :mod:`clc.thermo` (NASA polynomials via Cantera,
    McBride et al. 1993), not from a constant gamma. Work = sum n_i [h_i(T2s) - h_i(T_in)] / efficiency.

    Parameters
    ----------
    molar_flows : dict[str, float]
        Gas species known to :mod:`clc.thermo` -> molar flow [mol/s] (>= 0, total > 0).
    T_in : float
        Inlet temperature [K], 200-2000 K (and inside every species' data range).
    p_in : float
        Inlet pressure [Pa], 1e3-1e7 Pa.
    dp : float
        Pressure rise [Pa], > 0 and at most 10 p_in.
    efficiency : float
        Isentropic efficiency (0, 1]. No sourced default was found; see
        ``BLOWER_EFFICIENCY_KL1991_EXAMPLE`` for a textbook example value.

    Returns
    -------
    float
        Shaft work [W].
    """
    flows = _check_flows("molar_flows", molar_flows)
    T1 = _check("T_in", T_in, 200.0, 2000.0)
    p1 = _check("p_in", p_in, 1e3, 1e7)
    dpv = _check("dp", dp, 0.0, 10.0 * p1, lo_open=True)
    eta = _check("efficiency", efficiency, 0.0, 1.0, lo_open=True)
    p2 = p1 + dpv
    n_tot = sum(flows.values())
    target = _mix_s0(flows, T1) + n_tot * R * math.log(p2 / p1)

    def residual(T: float) -> float:
        return _mix_s0(flows, T) - target

    # cp >= 5/2 R for any ideal gas, so T2s <= T1 (p2/p1)^(2/5): a guaranteed upper bracket
    T_hi = T1 * (p2 / p1) ** 0.4 * (1.0 + 1e-9) + 1e-9
    T2s = brentq(residual, T1, T_hi, xtol=1e-12, rtol=1e-15, maxiter=200)
    return (_mix_h(flows, T2s) - _mix_h(flows, T1)) / eta


# ----------------------------------------------------------------------------------------------
# 2. distributor pressure drop
# ----------------------------------------------------------------------------------------------

# ASSUMPTION: distributor pressure drop = 0.3 x bed pressure drop. The design rule quoted for
# fluidised-bed distributors is 0.2-0.4 of the bed pressure drop (Kunii & Levenspiel 1991 ch. 3/4,
# as quoted in the project brief; the same 20-40 % rule appears, unsourced, in public fluidisation
# notes; the book's text was not read here). Kunii & Levenspiel's ch. 4 Example 3 (SECOND-HAND, as
# above) takes a 10 kPa bed with 3 kPa (ratio 0.3 [calc]) and 10 kPa distributors.
DISTRIBUTOR_RATIO = 0.3
DISTRIBUTOR_RATIO_RANGE = (0.2, 0.4)


def distributor_pressure_drop(bed_pressure_drop: float, ratio: float = DISTRIBUTOR_RATIO) -> float:
    """Pressure drop [Pa] across a fluidised-bed gas distributor, ``ratio`` x bed pressure drop.

    Parameters
    ----------
    bed_pressure_drop : float
        Pressure drop of the fluidised bed [Pa] (its weight per unit area), in (0, 1e6].
    ratio : float
        Distributor/bed pressure-drop ratio, in (0, 2]; default ``DISTRIBUTOR_RATIO`` (ASSUMPTION
        within the 0.2-0.4 design rule).

    Returns
    -------
    float
        Distributor pressure drop [Pa].
    """
    dpb = _check("bed_pressure_drop", bed_pressure_drop, 0.0, 1e6, lo_open=True)
    r = _check("ratio", ratio, 0.0, 2.0, lo_open=True)
    return r * dpb


# ----------------------------------------------------------------------------------------------
# 3. oxygen production (cryogenic ASU)
# ----------------------------------------------------------------------------------------------

# SECOND-HAND / ASSUMPTION: 200 kWh per tonne O2 for a cryogenic ASU. Read [seen] in C. Scheer &
# N. Schindler (Evonik), "Pulling a production boost out of thin air", World Cement, 23 Dec 2022
# ("energy requirements of 200 kWh/t of oxygen", citing their ref. 1; purity and delivery pressure
# not stated). Cross-checks read only in public code: an oxy-fuel model test quotes "Buhre range
# 200-240 kWh/tO2" (Buhre et al., Prog. Energy Combust. Sci. 31 (2005) 283, not read); a DAC model
# assumes 238 kWh/t-O2, "more conservative than McQueen (typically over 200 kWh/tO2)". No Darde
# et al. (2009), CEMCAP or IEAGHG figure could be read. Treat 200 kWh/t as the low end of a
# 200-240 kWh/t range for about 95 % O2.
OXYGEN_SPECIFIC_WORK = 200.0 * J_PER_KWH / 1000.0  # J/kg O2 (= 720 kJ/kg)
OXYGEN_SPECIFIC_WORK_RANGE = (200.0 * J_PER_KWH / 1000.0, 240.0 * J_PER_KWH / 1000.0)  # J/kg O2

# ASSUMPTION: ASU product 95 mol% O2. Prosser & Shah (Praxair), "Air separation units for oxy-coal
# power plants", 2nd Oxyfuel Combustion Conference (2011) [seen, first page]: low-purity O2 of
# 90-98 % suffices for oxy-coal and "the optimal oxygen purity, considering the overall system, is
# in the range of 95% to 97%". The remaining 5 % is argon and nitrogen; it is lumped here as "N2"
# (ASSUMPTION, as clc.loop.AIR lumps argon with N2; Liu & Shao, Applied Energy 87 (2010) 3162,
# abstract [seen], give the N2/Ar of oxy-coal CO2 as ca. 1-6 %, mainly set by the ASU purity).
OXYGEN_PURITY = 0.95  # mol O2 / mol product
OXYGEN_PRODUCT = {"O2": OXYGEN_PURITY, "N2": 1.0 - OXYGEN_PURITY}  # mole fractions (N2 = N2 + Ar)


def oxygen_production_work(m_o2: float, specific_work: float = OXYGEN_SPECIFIC_WORK) -> float:
    """Electric power [W] of a cryogenic ASU delivering ``m_o2`` kg/s of O2.

    Parameters
    ----------
    m_o2 : float
        Contained O2 [kg/s], in [0, 1e4].
    specific_work : float
        Electricity per kg O2 [J/kg], in (0, 5e6]; default ``OXYGEN_SPECIFIC_WORK``
        (200 kWh/t, second-hand, see module notes).

    Returns
    -------
    float
        Electric power [W].
    """
    m = _check("m_o2", m_o2, 0.0, 1e4)
    w = _check("specific_work", specific_work, 0.0, 5e6, lo_open=True)
    return m * w


# ----------------------------------------------------------------------------------------------
# 4. CO2 purification
# ----------------------------------------------------------------------------------------------


def _x_ln_x(x: float) -> float:
    return x * math.log(x) if x > 0.0 else 0.0


def minimum_separation_work(y_co2: float, T: float, recovery: float) -> float:
    """Minimum (reversible, isothermal, isobaric) work [J per mol of feed] of an ideal binary split.

    A feed of CO2 mole fraction ``y`` is split into pure CO2 (``recovery`` of the feed CO2) and a
    residue. With ideal-gas mixing (Gibbs energy of mixing RT sum x ln x per mole of mixture)

        W_min = R T [ n_r (y_r ln y_r + (1 - y_r) ln(1 - y_r)) - (y ln y + (1 - y) ln(1 - y)) ],

    n_r = 1 - r y, y_r = y (1 - r) / (1 - r y), per mole of feed. This is the textbook result of
    House et al., PNAS 108 (2011) 20428 and Wilcox, Carbon Capture (Springer 2012), ch. 2 (the
    formula is derived here from the ideal-gas mixing entropy; those texts were not re-read).

    Parameters
    ----------
    y_co2 : float
        CO2 mole fraction of the feed, in (0, 1].
    T : float
        Temperature [K], in [200, 1000].
    recovery : float
        Fraction of the feed CO2 recovered as pure CO2, in (0, 1].

    Returns
    -------
    float
        Minimum work [J/mol feed], >= 0.
    """
    y = _check("y_co2", y_co2, 0.0, 1.0, lo_open=True)
    Tv = _check("T", T, 200.0, 1000.0)
    r = _check("recovery", recovery, 0.0, 1.0, lo_open=True)
    n_r = 1.0 - r * y
    feed = _x_ln_x(y) + _x_ln_x(1.0 - y)
    if n_r <= 0.0:
        residue = 0.0
    else:
        y_r = y * (1.0 - r) / n_r
        residue = n_r * (_x_ln_x(y_r) + _x_ln_x(1.0 - y_r))
    return max(R * Tv * (residue - feed), 0.0)


# No cited second-law efficiency or specific energy of an oxy-fuel/CLC CO2 purification unit could
# be read (CEMCAP oxyfuel CPU, Posch & Haider, Darde et al. 2009 were searched for): the caller
# must pass second_law_efficiency.


def purification_work(y_co2_dry: float, m_co2: float, recovery: float, second_law_efficiency: float,
                      T: float = 303.15) -> float:
    """Power [W] of a CO2 purification unit: minimum separation work / second-law efficiency.

    Parameters
    ----------
    y_co2_dry : float
        CO2 mole fraction of the dry feed, in (0, 1].
    m_co2 : float
        CO2 recovered as product [kg/s], in [0, 1e4].
    recovery : float
        Fraction of the feed CO2 recovered, in (0, 1].
    second_law_efficiency : float
        W_min / W_actual, in (0, 1]. No sourced value found; required.
    T : float
        Separation temperature [K], default 303.15 K (ASSUMPTION: ambient cooling-water level).

    Returns
    -------
    float
        Power [W] (only the separation; CO2 compression is :mod:`clc.co2_compression`).
    """
    m = _check("m_co2", m_co2, 0.0, 1e4)
    eta = _check("second_law_efficiency", second_law_efficiency, 0.0, 1.0, lo_open=True)
    w_feed = minimum_separation_work(y_co2_dry, T, recovery)  # J/mol feed (validates the rest)
    n_co2 = m / thermo.species("CO2").molar_mass  # mol/s product
    n_feed = n_co2 / (float(recovery) * float(y_co2_dry))
    return w_feed * n_feed / eta


# ----------------------------------------------------------------------------------------------
# 5. waste-heat power
# ----------------------------------------------------------------------------------------------

# ASSUMPTION: heat-to-electricity efficiency of a waste-heat steam cycle on cement kiln exhaust,
# 0.225 = the thermal efficiency of a simulated heat-recovery steam generator cycle on 250-400 degC
# cement-plant exhaust in H. Abdul Ameer Aliwe, Rafidain J. Eng. Sci. 3(2) (2025) 187-199, abstract
# [seen]; the same study gives 0.154 for an ORC. Not Chinese plant data. Cross-checks of the
# product: ZKG International 2011-05, "Trends in power generation from waste heat in cement
# plants", summary [seen]: 30-45 kWh/t clinker depending on the system; a web repost of a 2009
# Chinese trade article (original not identified) [seen]: Chinese new-dry-process lines with pure
# low-temperature WHR reach about 20-30 kWh/t clinker, theoretical 26-32 kWh/t, from the head and
# tail exhaust gases of about 340 degC carrying about 35 % of the clinker burning heat.
WHR_EFFICIENCY = 0.225
WHR_EFFICIENCY_RANGE = (0.154, 0.225)
WHR_KWH_PER_T_CLINKER_CHINA = (20.0, 30.0)  # kWh/t clinker, see above (web repost, weak source)
WHR_KWH_PER_T_CLINKER_ZKG2011 = (30.0, 45.0)  # kWh/t clinker, see above


def waste_heat_power(heat: float, efficiency: float) -> float:
    """Electric power [W] generated from recovered heat ``heat`` [W] at ``efficiency``.

    Parameters
    ----------
    heat : float
        Heat taken from the exhaust [W], in [0, 1e10].
    efficiency : float
        Net heat-to-electricity efficiency, in (0, 1) (e.g. ``WHR_EFFICIENCY``, an assumption).

    Returns
    -------
    float
        Electric power [W].
    """
    q = _check("heat", heat, 0.0, 1e10)
    eta = _check("efficiency", efficiency, 0.0, 1.0, lo_open=True, hi_open=True)
    return q * eta


def steam_raising_heat(n_h2o: float, T_steam: float) -> float:
    """Heat [W] to raise ``n_h2o`` [mol/s] of steam at ``T_steam`` [K] from liquid water at 25 degC.

    n [h_H2O,gas(T_steam) - h_H2O,gas(298.15 K) + L M_H2O]: gas enthalpies from :mod:`clc.thermo`
    (Cantera), L the latent heat of water at 25 degC (:func:`clc.solid_fuel.water_latent_heat`,
    2442 kJ/kg, steam tables). At atmospheric pressure (no pump work counted).

    >>> round(steam_raising_heat(1.0, 298.15) / 1e3, 1)   # latent heat only: 2442 kJ/kg x 18.015 g/mol
    44.0
    """
    from ..solid_fuel import water_latent_heat

    n = _check("n_h2o", n_h2o, 0.0, 1e8)
    T = _check("T_steam", T_steam, 298.15, 2000.0)
    dh = thermo.h("H2O", T) - thermo.h("H2O", 298.15)
    return n * (dh + water_latent_heat() * thermo.species("H2O").molar_mass)


def recoverable_heat(molar_flows: dict[str, float], T_hot: float, T_stack: float) -> float:
    """Sensible heat [W] of a gas stream cooled from ``T_hot`` to ``T_stack``.

    sum n_i [h_i(T_hot) - h_i(T_stack)] with :mod:`clc.thermo` enthalpies; water stays vapour
    (no condensation heat is counted, so ``T_stack`` should lie above the dew point).

    Parameters
    ----------
    molar_flows : dict[str, float]
        Gas species -> molar flow [mol/s].
    T_hot : float
        Gas temperature before recovery [K], in (T_stack, 2000].
    T_stack : float
        Stack temperature after recovery [K], in [250, 2000).

    Returns
    -------
    float
        Heat [W], > 0.
    """
    flows = _check_flows("molar_flows", molar_flows)
    Ts = _check("T_stack", T_stack, 250.0, 2000.0)
    Th = _check("T_hot", T_hot, 250.0, 2000.0)
    if Th <= Ts:
        raise ValueError(f"T_hot={T_hot!r} K must exceed T_stack={T_stack!r} K")
    return _mix_h(flows, Th) - _mix_h(flows, Ts)


# ----------------------------------------------------------------------------------------------
# 6. electricity reference
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElectricityReference:
    """CO2 and primary energy charged to one joule of electricity.

    Attributes
    ----------
    name : str
    co2_factor : float
        kg CO2 per J electric.
    primary_energy_factor : float
        J primary (fossil, LHV) per J electric.
    source : str
    """

    name: str
    co2_factor: float  # kg CO2 per J electric
    primary_energy_factor: float  # J primary per J electric
    source: str

    @classmethod
    def grid(cls, region: str, fossil_fuel_co2_per_lhv: float) -> "ElectricityReference":
        """The 2023 provincial grid of China (MEE/NBS factors, SECOND-HAND, see ``clc.cement.data``).

        Primary energy is an INFERENCE: the fossil primary energy implied by the grid factor,
        grid_factor / fossil_fuel_co2_per_lhv, i.e. the grid's fossil part is taken to burn that
        fuel and non-fossil power counts as zero fossil primary energy.

        Parameters
        ----------
        region : str
            One of ``GRID_FACTORS_2023`` ("national", "Sichuan", "Anhui").
        fossil_fuel_co2_per_lhv : float
            CO2 of the grid's fossil fuel per LHV [kg/J], in [1e-8, 2e-7].
        """
        if region not in GRID_FACTORS_2023:
            raise ValueError(f"region={region!r}; allowed: {', '.join(GRID_FACTORS_2023)}")
        f = _check("fossil_fuel_co2_per_lhv", fossil_fuel_co2_per_lhv, 1e-8, 2e-7)
        citations.cite("MEE2025grid")
        co2 = GRID_FACTORS_2023[region] / J_PER_KWH  # kg/kWh -> kg/J
        return cls(f"grid {region} 2023", co2, co2 / f,
                   f"{GRID_2023_SOURCE}; primary energy inferred as factor / {f:.4g} kg CO2 per J LHV "
                   "(fossil part burns that fuel, non-fossil power = 0)")

    @classmethod
    def power_plant(cls, efficiency: float, fuel_co2_per_lhv: float, name: str) -> "ElectricityReference":
        """A power plant burning a fuel at ``efficiency`` (LHV): primary 1/eta, CO2 fuel_co2/eta.

        Parameters
        ----------
        efficiency : float
            Net electric efficiency (LHV), in (0, 1].
        fuel_co2_per_lhv : float
            CO2 of the fuel per LHV [kg/J], in [1e-8, 2e-7].
        name : str
        """
        eta = _check("efficiency", efficiency, 0.0, 1.0, lo_open=True)
        f = _check("fuel_co2_per_lhv", fuel_co2_per_lhv, 1e-8, 2e-7)
        return cls(str(name), f / eta, 1.0 / eta,
                   f"power plant at efficiency {eta:g} (LHV) burning fuel of {f:.4g} kg CO2/J LHV")

    def co2(self, electricity: float) -> float:
        """CO2 [kg] (or kg/s) charged to ``electricity`` [J] (or W)."""
        return self.co2_factor * electricity

    def primary_energy(self, electricity: float) -> float:
        """Primary energy [J] (or W) charged to ``electricity`` [J] (or W)."""
        return self.primary_energy_factor * electricity


# ----------------------------------------------------------------------------------------------
# 8. heat exchange into the calciner
# ----------------------------------------------------------------------------------------------


def log_mean_temperature_difference(T_hot_in: float, T_hot_out: float, T_cold_in: float,
                                    T_cold_out: float, counter_current: bool = True) -> float:
    """Log-mean temperature difference [K] of a two-stream exchanger.

    Counter-current: dT1 = T_hot_in - T_cold_out, dT2 = T_hot_out - T_cold_in; co-current:
    dT1 = T_hot_in - T_cold_in, dT2 = T_hot_out - T_cold_out. LMTD = (dT1 - dT2)/ln(dT1/dT2),
    and dT1 when dT1 = dT2. Both ends must have dT > 0.
    """
    vals = {}
    for nm, v in (("T_hot_in", T_hot_in), ("T_hot_out", T_hot_out), ("T_cold_in", T_cold_in),
                  ("T_cold_out", T_cold_out)):
        vals[nm] = _check(nm, v, 1.0, 5000.0)
    if counter_current:
        d1 = vals["T_hot_in"] - vals["T_cold_out"]
        d2 = vals["T_hot_out"] - vals["T_cold_in"]
        ends = "T_hot_in - T_cold_out and T_hot_out - T_cold_in"
    else:
        d1 = vals["T_hot_in"] - vals["T_cold_in"]
        d2 = vals["T_hot_out"] - vals["T_cold_out"]
        ends = "T_hot_in - T_cold_in and T_hot_out - T_cold_out"
    if d1 <= 0.0 or d2 <= 0.0:
        raise ValueError(f"temperature crossing: {ends} = {d1:g} K and {d2:g} K must both be > 0")
    if math.isclose(d1, d2, rel_tol=1e-9):
        return 0.5 * (d1 + d2)
    return (d1 - d2) / math.log(d1 / d2)


def heat_exchanger_area(duty: float, U: float, dT_lm: float) -> float:
    """Heat-transfer area [m2] = duty / (U dT_lm).

    Parameters
    ----------
    duty : float
        Heat duty [W], in [0, 1e10].
    U : float
        Overall heat-transfer coefficient [W/(m2 K)], in (0, 1e5].
    dT_lm : float
        Log-mean temperature difference [K], in (0, 3000].
    """
    q = _check("duty", duty, 0.0, 1e10)
    u = _check("U", U, 0.0, 1e5, lo_open=True)
    dt = _check("dT_lm", dT_lm, 0.0, 3000.0, lo_open=True)
    return q / (u * dt)


def overall_heat_transfer_coefficient(h1: float, h2: float, wall_resistance: float = 0.0) -> float:
    """Overall U [W/(m2 K)] of a plane wall: 1/U = 1/h1 + R_wall + 1/h2 (same area both sides)."""
    a = _check("h1", h1, 0.0, 1e5, lo_open=True)
    b = _check("h2", h2, 0.0, 1e5, lo_open=True)
    rw = _check("wall_resistance", wall_resistance, 0.0, 1.0)
    return 1.0 / (1.0 / a + rw + 1.0 / b)


# Bed-to-surface heat-transfer coefficient of a bubbling fluidised bed [W/(m2 K)]: about 550 with
# sand and about 850 with ilmenite, air at 0.25 m/s, vertical U-tube immersed in the bubbling loop
# seal of a 12 MWth CFB boiler/gasifier; steam or recirculated flue gas as fluidising gas raised it
# by more than 40 %. Read [seen] in the abstract of "Measurement of bed-to-tube surface heat transfer
# coefficient to a vertically immersed U-tube in bubbling loop seal of a CFB boiler"
# (discovery.researcher.life; authors and journal not shown there; bed temperature not given in the
# abstract). For context: radiation was 11 % of bed-to-tube transfer for a 0.9 mm sand bed at
# 1088 K in an atmospheric FBC (OSTI 5908440, abstract [seen]); in the dilute upper furnace of a
# commercial CFB (suspension density 1.55-6.14 kg/m3, bed 1063-1183 K) the bed-to-wall coefficient
# is lower and rises with suspension density (Blaszczuk & Nowak, ChinaXiv 201711.00026, [seen]; its
# Fig. 3 axis, read in a text extraction, runs to 250 W/(m2 K)).
H_BUBBLING_BED_SAND = 550.0  # W/(m2 K)
H_BUBBLING_BED_ILMENITE = 850.0  # W/(m2 K)

# [calc] + ASSUMPTION: a wall with a bubbling bed like the measured sand bed on BOTH sides (the CLC
# air reactor / carrier-side exchanger and a fluidised calciner), wall conduction and fouling
# neglected: 1/U = 1/h1 + 1/h2 -> U = 275 W/(m2 K). A dilute calciner suspension would give a lower h2
# (use overall_heat_transfer_coefficient with the caller's h2).
U_FLUIDISED_BED_WALL = 1.0 / (1.0 / H_BUBBLING_BED_SAND + 1.0 / H_BUBBLING_BED_SAND)
U_FLUIDISED_BED_WALL_RANGE = (1.0 / (2.0 / H_BUBBLING_BED_SAND),
                              1.0 / (2.0 / H_BUBBLING_BED_ILMENITE))  # sand-sand to ilmenite-ilmenite

citations.add(Citation("KuniiLevenspiel1991", "D. Kunii, O. Levenspiel", 1991, "Fluidization Engineering, 2nd ed.",
                       "Butterworth-Heinemann, Boston"))
citations.add(Citation("ScheerSchindler2022", "C. Scheer, N. Schindler", 2022,
                       "Pulling a production boost out of thin air", "World Cement (23 Dec 2022)"))
citations.add(Citation("ProsserShah2011", "N. Prosser, M. Shah", 2011,
                       "Air separation units for oxy-coal power plants", "2nd Oxyfuel Combustion Conference"))
citations.add(Citation("Aliwe2025", "H. Abdul Ameer Aliwe", 2025,
                       "Evaluation of waste heat recovery systems efficiency in thermal plants: a case study on "
                       "cement industry", "Rafidain J. Eng. Sci.", "3(2)", "187-199", "10.61268/7mw8mx26"))
citations.add(Citation("ZKG2011WHR", "ZKG International", 2011,
                       "Trends in power generation from waste heat in cement plants", "ZKG International 2011-05"))
