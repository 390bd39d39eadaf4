"""Interface for coupling the kiln line to a heat source at the calciner (e.g. a CLC unit).

:func:`calciner_heat_substitution` takes the heat a source delivers to the calciner and returns
the calciner fuel and fuel CO2 it avoids, by solving the kiln line with and without that heat
(same temperatures, degree of calcination and losses; the tertiary air follows the smaller
calciner fuel flow, so the cooler exhaust takes the air no longer needed).
"""

from __future__ import annotations

from .kiln import PlantSpec, solve

SECONDS_PER_YEAR = 365.0 * 86400.0


def calciner_heat_substitution(spec: PlantSpec, heat: float) -> dict[str, float]:
    """Fuel and CO2 avoided when ``heat`` [W, continuous over the year] reaches the calciner.

    Returns kg/s and per-kg-clinker figures: ``fuel_avoided`` [kg/s], ``lhv_avoided`` [W],
    ``co2_avoided`` [kg/s], ``fuel_per_heat`` [kg fuel per J supplied] and the new calciner share.
    Raises RuntimeError when the heat exceeds what the calciner can take (no calciner fuel left).

    >>> from clc.cement import load, example_path
    >>> out = calciner_heat_substitution(load(example_path("cement_cemcap_reference")), 10e6)
    >>> 0.9 < out["lhv_avoided"] / 10e6 < 1.5   # each MW in saves about a MW of fuel or more
    True
    """
    clinker_rate = spec.annual_clinker / SECONDS_PER_YEAR  # kg/s
    if heat < 0:
        raise ValueError(f"heat={heat!r} W must be >= 0")
    base = solve(spec)
    new = solve(spec, external_calciner_heat=heat / clinker_rate)
    d_fuel = (base.fuel_calciner + base.fuel_kiln - new.fuel_calciner - new.fuel_kiln) * clinker_rate
    return {
        "clinker_rate": clinker_rate,
        "fuel_avoided": d_fuel,
        "lhv_avoided": d_fuel * spec.fuel.lhv,
        "co2_avoided": d_fuel * spec.fuel.co2,
        "fuel_per_heat": d_fuel / heat if heat > 0 else 0.0,
        "calciner_fuel_before": base.fuel_calciner * clinker_rate,
        "calciner_fuel_after": new.fuel_calciner * clinker_rate,
        "specific_heat_after": new.figures["specific heat consumption"][0],
    }
