"""Typed-in units: pint's conversions behind a listed set of spellings per kind."""

import math

import pytest

from clc import constants, units


@pytest.mark.parametrize("kind, unit, factor", [
    # the factors the hand-typed table held before pint; results must not move
    ("density", "g/cm3", 1000.0),
    ("mass_flow", "t/h", 1e3 / 3600.0),
    ("molar_flow", "kmol/h", 1e3 / 3600.0),
    ("specific_amount", "mmol/g", 1.0),
    ("annual", "kt/yr", 1e6),  # kilotonnes, not pint's knots
    ("annual", "Mt/yr", 1e9),
    ("daily", "t/d", 1e3),
    ("specific_energy", "GJ/t clinker", 1e6),
    ("specific_energy", "kcal/kg clinker", 4186.8),  # International Table calorie
    ("heating_value", "kcal/kg", 4186.8),
    ("specific_mass", "t/t clinker", 1.0),
    ("specific_electricity", "kWh/t clinker", 3600.0),
    ("specific_oxygen_work", "kWh/t O2", 3600.0),
    ("emission_factor", "t/MWh", 1.0 / 3.6e6),
    ("power", "MWth", 1e6),
    ("pressure", "atm", 101325.0),
    ("temperature_difference", "degC", 1.0),  # a difference: 1 degC is 1 K, not 274.15 K
    ("specific_inventory", "kg/MWth", 1e-6),
])
def test_factors_from_pint_equal_the_defined_values(kind, unit, factor):
    assert units.UNITS[kind][unit] == factor
    assert units.quantity(f"2.5 {unit}", kind, "f") == 2.5 * factor


def test_typed_values_in_si():
    assert units.quantity("0.085 MJ/kg clinker", "specific_energy", "f") == pytest.approx(85e3, rel=1e-15)
    assert units.quantity("57 kWh/t clinker", "specific_electricity", "f") == pytest.approx(205.2e3, rel=1e-15)
    assert units.quantity("12 m2", "area", "f") == units.quantity("12 m^2", "area", "f") == 12.0
    assert units.quantity("2000 kg/MWth", "specific_inventory", "f") == pytest.approx(2e-3, rel=1e-15)
    assert units.quantity(3, "emission_factor", "f") == 3 / 3.6e6  # a bare number in the first unit
    assert units.quantity(3, "specific_energy", "f", "MJ/kg clinker") == 3e6
    assert units.temperature("20 C") == units.temperature("20 °C") == 293.15


def test_quantity_refuses_units_outside_its_kind_even_when_pint_knows_them():
    with pytest.raises(ValueError, match=r"d: unit 'furlong' in '1 furlong' not understood; use one of m, cm, mm, um"):
        units.quantity("1 furlong", "length", "d")
    with pytest.raises(ValueError, match=r"q: unit 'MJ/kg' in '3 MJ/kg' not understood; use one of J/kg clinker"):
        units.quantity("3 MJ/kg", "specific_energy", "q")  # the per-clinker label is required
    with pytest.raises(ValueError, match=r"q: unit 'kWh/t' .* use one of J/kg O2"):
        units.quantity("300 kWh/t", "specific_oxygen_work", "q")
    with pytest.raises(ValueError, match="cannot read"):
        units.quantity("three MW", "power", "q")


def test_convert_takes_any_unit_of_the_right_dimensions():
    assert units.convert(65.0, "kJ/mol", "J/mol", "E") == 65000.0
    assert units.convert(65.0, "kJ mol-1", "J/mol", "E") == 65000.0
    assert units.convert(31.1, "kmol/m3", "mol/m3", "rho") == pytest.approx(31100.0, rel=1e-15)
    assert units.convert(1.25, "um", "m", "L") == pytest.approx(1.25e-6, rel=1e-15)
    assert units.convert(3.0, "-", "", "n") == 3.0
    # Nm3: the gas in one cubic metre at 0 degC and 1 atm
    assert units.convert(1.0, "Nm3", "mol", "V") == pytest.approx(constants.P_ATM / (constants.R * 273.15), rel=1e-12)
    with pytest.raises(ValueError, match=r"E: unit 'K' is not a unit of J/mol"):
        units.convert(5000.0, "K", "J/mol", "E")
    with pytest.raises(ValueError, match=r"E: unit 'widgets' not understood; give a unit of J/mol"):
        units.convert(5000.0, "widgets", "J/mol", "E")


def test_every_listed_spelling_can_be_typed():
    # the number-and-unit reader accepts every unit the tables list (it once refused "150 µm")
    for kind, table in units.UNITS.items():
        for unit, factor in table.items():
            assert units.quantity(f"1.5 {unit}" if unit else 1.5, kind, "f") == 1.5 * factor, (kind, unit)
