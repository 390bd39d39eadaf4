"""Figures of merit of a CLC unit, each defined once, here, with its source.

Flows are molar flows [mol/s] in :data:`clc.gas.SPECIES` order.
"""

from __future__ import annotations

import numpy as np

from . import gas, thermo

# O2 needed to burn one mole of each species to CO2 and H2O: c + h/4 - o/2 for fuels
_O2_DEMAND = np.array([
    max(thermo.species(n).composition.get("C", 0) + thermo.species(n).composition.get("H", 0) / 4
        - thermo.species(n).composition.get("O", 0) / 2, 0.0) if n in ("CH4", "CO", "H2") else 0.0
    for n in gas.SPECIES
])


def o2_demand(flows: np.ndarray) -> float:
    """mol O2/s needed to burn the CH4, CO and H2 in ``flows`` completely."""
    return float(_O2_DEMAND @ flows)


def lower_heating_values(T: float = 298.15) -> np.ndarray:
    """LHV [J/mol] of each gas species (combustion to CO2 and H2O vapour), from Cantera data.

    >>> round(float(lower_heating_values()[gas.INDEX["CH4"]]) / 1e3, 1)   # NIST: 802.3 kJ/mol
    802.6
    """
    h = {n: thermo.h(n, T) for n in ("CO2", "H2O", "O2")}
    out = np.zeros(gas.N_SPECIES)
    for i, n in enumerate(gas.SPECIES):
        if _O2_DEMAND[i] > 0:
            comp = thermo.species(n).composition
            products = comp.get("C", 0) * h["CO2"] + comp.get("H", 0) / 2 * h["H2O"]
            out[i] = thermo.h(n, T) + _O2_DEMAND[i] * h["O2"] - products
    return out


def fuel_conversion(fed: np.ndarray, out: np.ndarray, species: str = "CH4") -> float:
    """Conversion of one fuel species, 1 - F_out / F_in."""
    i = gas.INDEX[species]
    return float(1.0 - out[i] / fed[i]) if fed[i] > 0 else float("nan")


def combustion_efficiency(fed: np.ndarray, out: np.ndarray) -> float:
    """Share of the fuel's lower heating value released: 1 - LHV(unburnt out) / LHV(fuel in).

    A heating-value form of the combustion efficiency of Abad et al. (Chem. Eng. Sci. 62 (2007)
    533), who count the oxygen the fuel-reactor gas still needs.
    """
    lhv = lower_heating_values()
    return float(1.0 - (lhv @ out) / (lhv @ fed))


def co2_yield(out: np.ndarray) -> float:
    """gamma_CO2 = F_CO2 / (F_CO2 + F_CO + F_CH4) at the fuel-reactor outlet.

    Lyngfelt and co-workers' CO2 yield (e.g. Linderholm et al., Int. J. Greenhouse Gas Control,
    2017, Chalmers 100 kW unit); here on the carbon the fuel reactor's gas carries out.
    """
    c = out[gas.INDEX["CO2"]] + out[gas.INDEX["CO"]] + out[gas.INDEX["CH4"]]
    return float(out[gas.INDEX["CO2"]] / c) if c > 0 else float("nan")


def oxygen_demand(fed: np.ndarray, out: np.ndarray) -> float:
    """Omega_OD = O2 needed to burn the fuel-reactor gas fully / O2 needed to burn the fuel fed.

    Lyngfelt group's oxygen demand (Linderholm et al. 2017, as above).
    """
    return o2_demand(out) / o2_demand(fed)


def co2_capture_efficiency(fr_out: np.ndarray, ar_out: np.ndarray) -> float:
    """Carbon leaving with the fuel-reactor gas / all carbon leaving the unit (as CO2, CO, CH4)."""
    carbon = lambda f: f[gas.INDEX["CO2"]] + f[gas.INDEX["CO"]] + f[gas.INDEX["CH4"]]
    total = carbon(fr_out) + carbon(ar_out)
    return float(carbon(fr_out) / total) if total > 0 else float("nan")


def co2_purity_dry(fr_out: np.ndarray) -> float:
    """CO2 mole fraction of the fuel-reactor gas after all its water is condensed."""
    dry = fr_out.sum() - fr_out[gas.INDEX["H2O"]]
    return float(fr_out[gas.INDEX["CO2"]] / dry)


def oxygen_carrier_to_fuel_ratio(solids_flow: float, r_oc: float, fed: np.ndarray) -> float:
    """phi = O the circulating carrier can give / O the fuel needs for full combustion.

    Abad et al. (2007): phi = F_MeO / (b F_fuel); written here on oxygen, so phi = 1 is exactly
    the stoichiometric supply whatever the carrier.
    """
    return float(solids_flow * r_oc / thermo.M_O / (2.0 * o2_demand(fed)))
