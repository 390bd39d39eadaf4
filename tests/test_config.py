"""Configuration files: units, validation errors naming field, value and range."""

import pytest

from clc import config


def test_default_example_loads_with_units_converted():
    u = config.load()
    assert u.thermal_power == 3e6
    assert u.fuel_reactor.temperature == pytest.approx(1173.15)
    assert u.fuel_reactor.inventory == pytest.approx(2000.0 * 3)  # "2000 kg/MWth" at 3 MWth
    assert u.air_reactor.inventory == 2000.0  # "2 t"
    assert u.air_reactor.riser_model == "chalmers" and dict(u.air_reactor.riser_params) == {"eps_bottom": 0.18}
    assert u.d_p == pytest.approx(150e-6)
    assert u.air_reactor.regime == "riser"
    assert "cheers_3mw_natural_gas" in config.list_examples()
    assert not any(name.startswith("cement_") for name in config.list_examples())


def _doc():
    import tomllib
    return tomllib.loads(config.example_path().read_text())


@pytest.mark.parametrize("path, value, message", [
    (("fuel_reactor", "temperature"), "2000 degC", r"fuel_reactor.temperature=2273.15 K is outside the allowed range \[500, 1600\]"),
    (("particles", "diameter"), "-1 mm", r"particles.diameter=-0.001 m is outside the allowed range"),
    (("fuel_reactor", "diameter"), "1.4 furlong", r"fuel_reactor.diameter: unit 'furlong'"),
    (("thermal_power",), "3 horses", r"thermal_power: unit 'horses'"),
    (("carrier",), "Unobtainium", r"carrier='Unobtainium' is not a known kinetic set"),
    (("fuel", "composition"), {"CH4": 0.5}, r"fuel.composition: mole fractions sum to 0.5"),
    (("fuel", "composition"), {"C2H6": 1.0}, r"fuel.composition.C2H6: species not modelled"),
    (("air", "excess"), 0.5, r"air.excess=0.5 is outside the allowed range \[1, 10\]"),
    (("air_reactor", "type"), "spouted", r"air_reactor.type='spouted'"),
    (("model", "water_gas_shift"), "maybe", r"model.water_gas_shift='maybe'"),
])
def test_bad_values_name_field_value_and_range(path, value, message):
    doc = _doc()
    target = doc
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value
    with pytest.raises(ValueError, match=message):
        config.from_dict(doc)


def test_missing_field_is_named():
    doc = _doc()
    del doc["fuel_reactor"]["diameter"]
    with pytest.raises(ValueError, match="fuel_reactor.diameter: missing"):
        config.from_dict(doc)


def test_invalid_toml(tmp_path):
    p = tmp_path / "bad.toml"
    p.write_text("carrier = [unclosed")
    with pytest.raises(ValueError, match="not valid TOML"):
        config.load(p)


def test_energy_balance_options():
    doc = _doc()
    doc["fuel_reactor"]["adiabatic"] = True
    doc["air_reactor"]["heat_duty"] = "1.2 MW"
    u = config.from_dict(doc)
    assert u.fuel_reactor.heat_duty == 0.0 and u.air_reactor.heat_duty == 1.2e6
    # the natural-gas example's FR is adiabatic (issue 13); without the key a reactor is held at its temperature
    assert config.load().fuel_reactor.heat_duty == 0.0 and config.load().air_reactor.heat_duty is None
    del doc["fuel_reactor"]["adiabatic"]
    assert config.from_dict(doc).fuel_reactor.heat_duty is None


def test_freeboard_table():
    d = _doc()
    d["fuel_reactor"]["freeboard"] = {"height": "2 m", "eps_surface": 0.05, "eps_star": 0.001, "a_u0": "3 1/s"}
    u = config.from_dict(d)
    assert u.fuel_reactor.freeboard_height == 2.0
    assert dict(u.fuel_reactor.freeboard_params) == {"eps_surface": 0.05, "eps_star": 0.001, "a_u0": 3.0}
    d["fuel_reactor"]["freeboard"] = {"height": "2 m", "eps_surface": 0.05}
    with pytest.raises(ValueError, match="fuel_reactor.freeboard.eps_star: missing"):
        config.from_dict(d)
    d["fuel_reactor"]["freeboard"] = {"height": "2 m", "eps_surface": 0.8}
    with pytest.raises(ValueError, match=r"fuel_reactor.freeboard.eps_surface=0.8 is outside the allowed range \[0, 0.6\]"):
        config.from_dict(d)
    d["air_reactor"]["freeboard"] = {"height": "2 m", "eps_surface": 0.0}
    d["fuel_reactor"].pop("freeboard")
    with pytest.raises(ValueError, match="air_reactor.freeboard"):
        config.from_dict(d)  # the default air reactor is a riser


def test_solids_cooler_table():
    doc = _doc()
    assert config.from_dict(doc).solids_cooler_temperature is None
    doc["solids_cooler"] = {"outlet_temperature": "900 degC"}
    assert config.from_dict(doc).solids_cooler_temperature == pytest.approx(1173.15)
    doc["solids_cooler"] = {"outlet_temperature": "2000 degC"}
    with pytest.raises(ValueError, match=r"solids_cooler.outlet_temperature=2273.15 K is outside"):
        config.from_dict(doc)
