"""Steam reforming and the water-gas shift catalysed by a carrier's reduced metal (Ni), with
Xu & Froment's rates (AIChE J. 35 (1989) 88): the constants at a bed temperature
(:func:`reforming_vector`) and the source kernel of a gas cell (:func:`_reforming`, numba; its
plain-Python twin is ``_reforming.py_func``). Used by :mod:`clc.bubbling_bed`'s cells.

Numba caches a caller's kernels by the caller's file: after editing this module alone, delete
``clc/__pycache__/bubbling_bed*.nb*`` so that the bed's kernels compile against the new code.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from . import gas, thermo
from .constants import R as R_GAS

_ICH4 = gas.INDEX["CH4"]
_ICO, _IH2O, _ICO2, _IH2 = (gas.INDEX[s_] for s_ in ("CO", "H2O", "CO2", "H2"))


_equilibrium_constant = thermo.equilibrium_constant  # K(equation, T), cached


# --- steam reforming on the reduced metal (Xu & Froment, AIChE J. 35 (1989) 88) ------------------
# A carrier with a ``reforming`` section (kinetics/Medrano2015_NiO.yaml) catalyses, on its reduced
# metal, r1: CH4 + H2O = CO + 3 H2, r2: CO + H2O = CO2 + H2 and r3: CH4 + 2 H2O = CO2 + 4 H2, with
# Xu & Froment's rates per kg of catalyst (taken per kg of reduced metal; see the file), partial
# pressures in bar:
#   r1 = k1 pH2^-2.5 (pCH4 pH2O - pH2^3 pCO / K1) / DEN^2,  r2 = k2 pH2^-1 (pCO pH2O - pH2 pCO2 / K2) / DEN^2,
#   r3 = k3 pH2^-3.5 (pCH4 pH2O^2 - pH2^4 pCO2 / K3) / DEN^2,
#   DEN = 1 + K_CO pCO + K_H2 pH2 + K_CH4 pCH4 + K_H2O pH2O / pH2,
# with pH2 in the prefactors and in DEN's water term held at least at the file's floor (the rates are
# singular at pH2 = 0). The constants at the bed temperature travel as one vector (indices below),
# appended to the shift's stoichiometry ``nu_wgs`` so that every kernel signature stays as it was.
RF_METAL, RF_K1, RF_KEQ1, RF_K2, RF_KEQ2, RF_K3, RF_KEQ3, RF_KCO, RF_KH2, RF_KCH4, RF_KH2O, RF_FLOOR = range(12)
N_RF = 12


def reforming_vector(carrier, T: float, factor: float = 1.0) -> np.ndarray | None:
    """The reforming constants of ``carrier`` at T [K] (indices RF_*), or None if it has none.

    RF_METAL holds kg of catalysing metal per kg of oxidised carrier when all of it is reduced,
    times ``factor``; the solve multiplies it by the reduced fraction and each cell by its solids.
    Equilibrium constants come from Cantera (:mod:`clc.thermo`), in bar (Cantera's standard state is
    1 atm: K_bar = K (P_REF / 1e5 Pa)^dn).
    """
    rf = carrier.reforming
    if not rf:
        return None
    v = lambda k: rf[k].value  # noqa: E731
    metal, oxide = carrier.oxidation.split("->")[0].split("+")[0].split()[-1], carrier.active_phase
    w_metal = (carrier.composition[oxide].value * thermo.species(metal).molar_mass
               / thermo.species(oxide).molar_mass)
    to_bar = thermo.P_REF / 1e5
    arr = lambda k0, e: k0 * math.exp(-e / (R_GAS * T))  # noqa: E731
    out = np.zeros(N_RF)
    out[RF_METAL] = w_metal * v("catalyst") * factor
    out[RF_K1], out[RF_K2], out[RF_K3] = arr(v("k0_1"), v("E_1")), arr(v("k0_2"), v("E_2")), arr(v("k0_3"), v("E_3"))
    out[RF_KEQ1] = _equilibrium_constant("CH4 + H2O -> CO + 3 H2", T) * to_bar ** 2
    out[RF_KEQ2] = _equilibrium_constant("CO + H2O -> CO2 + H2", T)
    out[RF_KEQ3] = _equilibrium_constant("CH4 + 2 H2O -> CO2 + 4 H2", T) * to_bar ** 2
    for idx, sp in ((RF_KCO, "CO"), (RF_KH2, "H2"), (RF_KCH4, "CH4"), (RF_KH2O, "H2O")):
        out[idx] = arr(v(f"K0_{sp}"), v(f"dH_{sp}"))
    out[RF_FLOOR] = v("H2_floor")
    return out


@njit(cache=True)
def _reforming(y, rp, c_tot, T, src, dy, jac, want_jac):
    """Add the reforming sources [mol/s] at emulsion mole fractions ``y`` to ``src``; with
    ``want_jac``, add d src / d y (times the clip derivatives ``dy``) to ``jac[:n, :n]``.

    ``rp``: the cell's reforming vector (RF_METAL = kg of reduced metal in the cell).
    """
    m_cat = rp[RF_METAL]
    if m_cat <= 0.0:
        return
    n = y.shape[0]
    P = c_tot * R_GAS * T / 1e5  # bar
    ich4, ih2o, ico, ico2, ih2 = _ICH4, _IH2O, _ICO, _ICO2, _IH2
    p_ch4, p_h2o, p_co, p_co2, p_h2 = P * y[ich4], P * y[ih2o], P * y[ico], P * y[ico2], P * y[ih2]
    floored = y[ih2] < rp[RF_FLOOR]
    ph = P * rp[RF_FLOOR] if floored else p_h2
    dph = 0.0 if floored else P  # d ph / d y_H2
    k_co, k_h2, k_ch4, k_h2o = rp[RF_KCO], rp[RF_KH2], rp[RF_KCH4], rp[RF_KH2O]
    den = 1.0 + k_co * p_co + k_h2 * p_h2 + k_ch4 * p_ch4 + k_h2o * p_h2o / ph
    dden = np.zeros(n)
    dden[ico] = k_co * P
    dden[ich4] = k_ch4 * P
    dden[ih2o] = k_h2o * P / ph
    dden[ih2] = k_h2 * P - k_h2o * p_h2o / (ph * ph) * dph
    dF = np.zeros(n)
    for rxn in range(3):
        dF[:] = 0.0
        if rxn == 0:
            k, a = rp[RF_K1], 2.5
            F = p_ch4 * p_h2o - p_h2 ** 3 * p_co / rp[RF_KEQ1]
            dF[ich4] = P * p_h2o
            dF[ih2o] = P * p_ch4
            dF[ih2] = -3.0 * p_h2 ** 2 * p_co / rp[RF_KEQ1] * P
            dF[ico] = -p_h2 ** 3 / rp[RF_KEQ1] * P
            nu_ch4, nu_h2o, nu_co, nu_co2, nu_h2 = -1.0, -1.0, 1.0, 0.0, 3.0
        elif rxn == 1:
            k, a = rp[RF_K2], 1.0
            F = p_co * p_h2o - p_h2 * p_co2 / rp[RF_KEQ2]
            dF[ico] = P * p_h2o
            dF[ih2o] = P * p_co
            dF[ih2] = -p_co2 / rp[RF_KEQ2] * P
            dF[ico2] = -p_h2 / rp[RF_KEQ2] * P
            nu_ch4, nu_h2o, nu_co, nu_co2, nu_h2 = 0.0, -1.0, -1.0, 1.0, 1.0
        else:
            k, a = rp[RF_K3], 3.5
            F = p_ch4 * p_h2o ** 2 - p_h2 ** 4 * p_co2 / rp[RF_KEQ3]
            dF[ich4] = P * p_h2o ** 2
            dF[ih2o] = 2.0 * P * p_ch4 * p_h2o
            dF[ih2] = -4.0 * p_h2 ** 3 * p_co2 / rp[RF_KEQ3] * P
            dF[ico2] = -p_h2 ** 4 / rp[RF_KEQ3] * P
            nu_ch4, nu_h2o, nu_co, nu_co2, nu_h2 = -1.0, -2.0, 0.0, 1.0, 4.0
        pre = m_cat * k * ph ** (-a)
        r = pre * F / (den * den)
        src[ich4] += nu_ch4 * r
        src[ih2o] += nu_h2o * r
        src[ico] += nu_co * r
        src[ico2] += nu_co2 * r
        src[ih2] += nu_h2 * r
        if want_jac:
            for q in range(n):
                d = pre * dF[q] / (den * den) - 2.0 * r * dden[q] / den
                if q == ih2:
                    d += -a * r / ph * dph
                d *= dy[q]
                if d != 0.0:
                    jac[ich4, q] += nu_ch4 * d
                    jac[ih2o, q] += nu_h2o * d
                    jac[ico, q] += nu_co * d
                    jac[ico2, q] += nu_co2 * d
                    jac[ih2, q] += nu_h2 * d
