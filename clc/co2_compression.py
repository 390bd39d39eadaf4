"""Electric work to compress captured CO2 to pipeline pressure.

N intercooled stages with equal pressure ratios; each stage compresses from T_cool with
isentropic efficiency eta: w_stage = (h(s_in, P_out) - h_in) / eta, with the real-fluid
properties of CO2 from Cantera's pure-fluid model (``ct.CarbonDioxide``, Reynolds' equation of
state, W. C. Reynolds, Thermodynamic Properties in SI, Stanford University, 1979). The stream is
taken as pure CO2 (impurities, which raise the work, are not modelled). Stage count, efficiency,
intercooling temperature and final pressure are the user's inputs; the defaults are labelled
assumptions of an illustrative train, not sourced design values.
"""

from __future__ import annotations

import math

import cantera as ct


def compression_work(P_in: float = 1.0e5, P_out: float = 110e5, stages: int = 4, eta: float = 0.80,
                     T_cool: float = 303.15) -> float:
    """Specific work [J/kg CO2] of an intercooled multistage compression.

    >>> w = compression_work()
    >>> 250e3 < w < 450e3   # J/kg, i.e. about 70-125 kWh/t CO2
    True
    """
    for name, v, lo, hi in (("P_in", P_in, 1e3, 1e7), ("P_out", P_out, 1e3, 5e7), ("eta", eta, 0.1, 1.0),
                            ("T_cool", T_cool, 220.0, 500.0)):
        if not (math.isfinite(v) and lo <= v <= hi):
            raise ValueError(f"{name}={v!r} is outside the allowed range [{lo:g}, {hi:g}]")
    if P_out <= P_in:
        raise ValueError(f"P_out={P_out!r} Pa must exceed P_in={P_in!r} Pa")
    if not (isinstance(stages, int) and 1 <= stages <= 12):
        raise ValueError(f"stages={stages!r} must be an integer in [1, 12]")
    fluid = ct.CarbonDioxide()
    ratio = (P_out / P_in) ** (1.0 / stages)
    work = 0.0
    p = P_in
    for _ in range(stages):
        fluid.TP = T_cool, p
        h_in, s_in = fluid.h, fluid.s
        p_next = p * ratio
        fluid.SP = s_in, p_next
        work += (fluid.h - h_in) / eta
        p = p_next
    return work  # J/kg (Cantera's mass-based h is J/kg)
