"""Values as people type them ("950 degC", "3 MWth"), converted explicitly to SI."""

from __future__ import annotations

import math
import re

_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z°%/0-9^ ]*?)\s*$")


def _split(value, field: str) -> tuple[float, str]:
    if isinstance(value, (int, float)):
        return float(value), ""
    m = _NUMBER_UNIT.match(str(value))
    if not m:
        raise ValueError(f"{field}: cannot read {value!r} as a number with a unit")
    return float(m.group(1)), m.group(2)


def temperature(value, field: str = "temperature") -> float:
    """Temperature in K from a number (K) or a string with K, degC or C.

    >>> temperature("950 degC")
    1223.15
    >>> temperature(1173.15)
    1173.15
    """
    x, unit = _split(value, field)
    if unit in ("", "K"):
        T = x
    elif unit in ("degC", "C", "°C"):
        T = x + 273.15
    else:
        raise ValueError(f"{field}: unit {unit!r} in {value!r} not understood; use K or degC")
    if not (math.isfinite(T) and T > 0):
        raise ValueError(f"{field}: {value!r} is not a positive absolute temperature")
    return round(T, 10)


def fraction(value, field: str = "fraction") -> float:
    """A fraction in [0, 1] from a number or a percentage string ("15 %").

    >>> fraction("15 %")
    0.15
    """
    x, unit = _split(value, field)
    if unit == "%":
        x /= 100.0
    elif unit:
        raise ValueError(f"{field}: unit {unit!r} in {value!r} not understood; use a fraction or %")
    if not (0.0 <= x <= 1.0):
        raise ValueError(f"{field}={value!r} must lie in [0, 1]")
    return x


# factor to SI for each accepted unit, by kind of quantity
UNITS: dict[str, dict[str, float]] = {
    "length": {"m": 1.0, "cm": 1e-2, "mm": 1e-3, "um": 1e-6, "µm": 1e-6},
    "area": {"m2": 1.0, "m^2": 1.0},
    "velocity": {"m/s": 1.0},
    "mass": {"kg": 1.0, "t": 1e3, "g": 1e-3},
    "power": {"W": 1.0, "kW": 1e3, "MW": 1e6, "kWth": 1e3, "MWth": 1e6},
    "pressure": {"Pa": 1.0, "kPa": 1e3, "bar": 1e5, "atm": 101325.0},
    "mass_flow": {"kg/s": 1.0, "t/h": 1e3 / 3600.0, "kg/h": 1.0 / 3600.0},
    "molar_flow": {"mol/s": 1.0, "kmol/h": 1e3 / 3600.0, "kmol/s": 1e3},
    "density": {"kg/m3": 1.0, "g/cm3": 1e3},
    "time": {"s": 1.0, "min": 60.0, "h": 3600.0},
    "temperature_difference": {"K": 1.0, "degC": 1.0},
    "specific_amount": {"mol/kg": 1.0, "mmol/g": 1.0, "mol/g": 1e3},
    "dimensionless": {"": 1.0},
    # cement plants: per clinker and per year
    "annual": {"kg/yr": 1.0, "t/yr": 1e3, "kt/yr": 1e6, "Mt/yr": 1e9},
    "daily": {"t/d": 1e3, "kg/d": 1.0},
    "specific_energy": {"J/kg clinker": 1.0, "kJ/kg clinker": 1e3, "MJ/kg clinker": 1e6, "GJ/t clinker": 1e6,
                        "kcal/kg clinker": 4186.8},
    "heating_value": {"J/kg": 1.0, "kJ/kg": 1e3, "MJ/kg": 1e6, "kcal/kg": 4186.8},
    "specific_mass": {"kg/kg clinker": 1.0, "t/t clinker": 1.0},
    "specific_electricity": {"kWh/t clinker": 3.6e6 / 1e3, "J/kg clinker": 1.0},
    "specific_oxygen_work": {"J/kg O2": 1.0, "kJ/kg O2": 1e3, "kWh/t O2": 3600.0},
    "emission_factor": {"kg/kWh": 1.0 / 3.6e6, "t/MWh": 1.0 / 3.6e6, "kg/J": 1.0},
}


def quantity(value, kind: str, field: str, default_unit: str | None = None) -> float:
    """A value of ``kind`` in SI from a number or a string with one of :data:`UNITS`.

    A bare number is read in ``default_unit`` (the SI unit when not given).

    >>> quantity("3 MWth", "power", "thermal_power")
    3000000.0
    >>> quantity("150 um", "length", "particles.diameter")
    0.00015
    >>> quantity("6 t", "mass", "fuel_reactor.inventory")
    6000.0
    """
    x, unit = _split(value, field)
    table = UNITS[kind]
    if unit == "":
        unit = default_unit or next(iter(table))
    if unit not in table:
        raise ValueError(f"{field}: unit {unit!r} in {value!r} not understood; use one of {', '.join(u for u in table if u)}")
    out = x * table[unit]
    if not math.isfinite(out):
        raise ValueError(f"{field}: {value!r} is not finite")
    return out
