"""Values as people type them ("950 degC", "3 MWth"), converted explicitly to SI through pint.

Each kind of quantity (:data:`UNITS`) accepts a listed set of spellings, so a unit file
stays readable and a stray unit ("1.4 furlong") is refused by name; the conversions
themselves are pint's (:data:`REGISTRY`), with the project's own definitions:

- ``Wth`` (``kWth``, ``MWth``): thermal power, a watt;
- ``t`` the tonne (1000 kg) and ``kt`` the kilotonne (pint's ``kt`` is the knot);
- ``cal``, ``kcal``: the International Table calorie (4.1868 J), as in cement heat figures;
- ``Nm3``: the amount of gas in one cubic metre at 0 degC and 1 atm (44.615 mol);
- ``m2``, ``cm3``, ``mol-1``...: a 2, a 3 or a negative digit after a unit symbol is its power;
- a trailing material label ("MJ/kg clinker", "kWh/t O2") names what the denominator
  counts and cancels in the conversion.

:func:`convert` takes any unit pint knows with the right dimensions (data files:
``kinetics/*.yaml``).
"""

from __future__ import annotations

import math
import re

import pint

_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z°µ%/0-9^ ]*?)\s*$")
_LABEL = re.compile(r"\s+(clinker|O2)$")  # "per kg clinker", "per t O2": a label, not a unit
_POWER = re.compile(r"\b([A-Za-zµ]+)([23]|-[1-9])\b")  # m2 -> m**2, cm3 -> cm**3, mol-1 -> mol**-1 (not Nm3)


def _preprocess(text: str) -> str:
    text = _POWER.sub(lambda m: m[0] if m[1] == "Nm" else f"{m[1]}**{m[2]}", text)
    text = re.sub(r"\bkt\b", "kilotonne", text)
    return re.sub(r"\b(k?)cal\b", r"\1cal_it", text)


REGISTRY = pint.UnitRegistry(preprocessors=[_preprocess], on_redefinition="raise")
REGISTRY.define("thermal_watt = watt = Wth")
REGISTRY.define("normal_cubic_meter = 101325 * pascal * meter ** 3 / (molar_gas_constant * 273.15 * kelvin) = Nm3")


def _split(value, field: str) -> tuple[float, str]:
    if isinstance(value, (int, float)):
        return float(value), ""
    m = _NUMBER_UNIT.match(str(value))
    if not m:
        raise ValueError(f"{field}: cannot read {value!r} as a number with a unit")
    return float(m.group(1)), m.group(2)


def _pint_units(spelling: str) -> str:
    return "" if spelling in ("", "-") else _LABEL.sub("", spelling)


def convert(value: float, unit: str, to: str, field: str) -> float:
    """``value`` given in ``unit``, expressed in ``to``; ``unit`` may be any unit pint knows
    with the dimensions of ``to`` ("-" and "" are dimensionless).

    >>> convert(65.0, "kJ/mol", "J/mol", "E")
    65000.0
    >>> round(convert(1.0, "Nm3", "mol", "gas"), 3)
    44.615
    """
    try:
        q = REGISTRY.Quantity(float(value), _pint_units(unit))
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, AssertionError, SyntaxError):
        raise ValueError(f"{field}: unit {unit!r} not understood; give a unit of {to}") from None
    try:
        out = float(q.to(_pint_units(to)).magnitude)
    except pint.errors.DimensionalityError:
        raise ValueError(f"{field}: unit {unit!r} is not a unit of {to} "
                         f"({q.dimensionality} is not {REGISTRY.Quantity(1.0, _pint_units(to)).dimensionality})") from None
    if not math.isfinite(out):
        raise ValueError(f"{field}: {value!r} {unit} is not finite")
    return out


_PERCENT_IN_ONE = float(REGISTRY.Quantity(1.0, "").to("percent").magnitude)  # 100


def temperature(value, field: str = "temperature") -> float:
    """Temperature in K from a number (K) or a string with K, degC or C.

    >>> temperature("950 degC")
    1223.15
    >>> temperature(1173.15)
    1173.15
    """
    x, unit = _split(value, field)
    pint_unit = {"": "K", "K": "K", "degC": "degC", "C": "degC", "°C": "degC"}.get(unit)
    if pint_unit is None:
        raise ValueError(f"{field}: unit {unit!r} in {value!r} not understood; use K or degC")
    T = REGISTRY.Quantity(x, pint_unit).to("K").magnitude
    if not (math.isfinite(T) and T > 0):
        raise ValueError(f"{field}: {value!r} is not a positive absolute temperature")
    return round(T, 10)


def fraction(value, field: str = "fraction") -> float:
    """A fraction in [0, 1] from a number or a percentage string ("15 %").

    >>> fraction("15 %")
    0.15
    """
    x, unit = _split(value, field)
    if unit not in ("", "%"):
        raise ValueError(f"{field}: unit {unit!r} in {value!r} not understood; use a fraction or %")
    if unit == "%":
        x /= _PERCENT_IN_ONE
    if not (0.0 <= x <= 1.0):
        raise ValueError(f"{field}={value!r} must lie in [0, 1]")
    return x


# The spellings accepted for each kind of quantity, and the unit its values come out in (SI,
# except per-year and per-day flows); the first spelling reads a bare number unless told.
_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "length": ("m", ("m", "cm", "mm", "um", "µm")),
    "area": ("m2", ("m2", "m^2")),
    "velocity": ("m/s", ("m/s",)),
    "mass": ("kg", ("kg", "t", "g")),
    "power": ("W", ("W", "kW", "MW", "kWth", "MWth")),
    "pressure": ("Pa", ("Pa", "kPa", "bar", "atm")),
    "mass_flow": ("kg/s", ("kg/s", "t/h", "kg/h", "g/h")),
    "molar_flow": ("mol/s", ("mol/s", "kmol/h", "kmol/s", "mol/h")),
    "density": ("kg/m3", ("kg/m3", "g/cm3")),
    "time": ("s", ("s", "min", "h")),
    "temperature_difference": ("K", ("K", "degC")),
    "specific_amount": ("mol/kg", ("mol/kg", "mmol/g", "mol/g")),
    "dimensionless": ("", ("",)),
    # inventory per thermal power
    "specific_inventory": ("kg/W", ("kg/MWth", "kg/kWth", "t/MWth")),
    # cement plants: per clinker and per year
    "annual": ("kg/yr", ("kg/yr", "t/yr", "kt/yr", "Mt/yr")),
    "daily": ("kg/d", ("t/d", "kg/d")),
    "specific_energy": ("J/kg", ("J/kg clinker", "kJ/kg clinker", "MJ/kg clinker", "GJ/t clinker", "kcal/kg clinker")),
    "heating_value": ("J/kg", ("J/kg", "kJ/kg", "MJ/kg", "kcal/kg")),
    "specific_mass": ("kg/kg", ("kg/kg clinker", "t/t clinker")),
    "specific_electricity": ("J/kg", ("kWh/t clinker", "J/kg clinker")),
    "specific_oxygen_work": ("J/kg", ("J/kg O2", "kJ/kg O2", "kWh/t O2")),
    "emission_factor": ("kg/J", ("kg/kWh", "t/MWh", "kg/J")),
}
_DELTA = {("temperature_difference", "degC"): "delta_degC"}  # a difference of 1 degC is 1 K


def _pint_spelling(kind: str, spelling: str) -> str:
    return _DELTA.get((kind, spelling), _pint_units(spelling))


def _factor(kind: str, spelling: str) -> float:
    """pint's factor from ``spelling`` to the kind's unit, without the rounding noise of
    chained decimal prefixes (g/cm3 -> kg/m3 comes out as 999.9999999999999)."""
    f = float(REGISTRY.Quantity(1.0, _pint_spelling(kind, spelling)).to(_KINDS[kind][0]).magnitude)
    tidy = float(f"{f:.12g}")
    return tidy if abs(tidy - f) <= 4 * math.ulp(f) else f


#: factor to the kind's unit for each accepted spelling, by kind of quantity (from pint)
UNITS: dict[str, dict[str, float]] = {kind: {s: _factor(kind, s) for s in spellings} for kind, (_, spellings) in _KINDS.items()}


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
    spellings = _KINDS[kind][1]
    if unit == "":
        unit = default_unit or spellings[0]
    if unit not in spellings:
        raise ValueError(f"{field}: unit {unit!r} in {value!r} not understood; use one of {', '.join(u for u in spellings if u)}")
    out = x * UNITS[kind][unit]
    if not math.isfinite(out):
        raise ValueError(f"{field}: {value!r} is not finite")
    return out
