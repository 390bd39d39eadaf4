"""Design-spec calibration of a kiln line to a published specific heat use."""

import dataclasses
import tomllib

import pytest

from clc.cement import config, example_path, load, solve
from clc.cement.calibration import CALIBRATABLE, calibrate


@pytest.fixture(scope="module")
def line():
    # a line whose losses are fractions of the fuel heat (the Sichuan and Anhui lines give theirs from
    # the shell surface, which is not a fraction to calibrate)
    return load(example_path("cement_cemcap_reference"))


def test_calibration_meets_target_and_keeps_balances(line):
    base = solve(line).figures["specific heat consumption"][0] * 1e6
    target = base + 0.2e6
    cal = calibrate(line, target, "kiln.shell_loss", (0.0, 0.25))
    assert cal.result.figures["specific heat consumption"][0] * 1e6 == pytest.approx(target, rel=1e-6)
    assert abs(cal.result.balances["energy"]) < 1e-9
    # an extra loss of 0.2 MJ/kg clinker is covered by fuel: the loss fraction times the fuel heat
    # rises by at least the 0.2 MJ/kg (more, since the added fuel brings flue gas to heat too)
    extra_loss = cal.value * target - line.kiln_shell_loss_fraction * base
    assert 0.2e6 < extra_loss < 0.3e6
    assert cal.spec.kiln_shell_loss_fraction == cal.value and cal.original == line.kiln_shell_loss_fraction


def test_higher_target_needs_more_loss(line):
    lo = calibrate(line, 3.14e6, "calciner.shell_loss", (0.0, 0.08)).value
    hi = calibrate(line, 3.2e6, "calciner.shell_loss", (0.0, 0.08)).value
    assert lo < hi


def test_unreachable_target_says_what_the_bounds_reach(line):
    with pytest.raises(RuntimeError, match=r"not reachable by varying kiln.shell_loss in \[0, 0.01\].*goes from"):
        calibrate(line, 3.5e6, "kiln.shell_loss", (0.0, 0.01))


@pytest.mark.parametrize("kwargs,match", [
    ({"vary": "kiln.length"}, r"calibration.vary='kiln.length'; allowed: kiln.shell_loss"),
    ({"vary": "kiln.shell_loss", "bounds": (0.0, 0.9)}, r"calibration.bounds=\[0, 0.9\].*<= 0.3"),
    ({"vary": "kiln.shell_loss", "target": -1.0}, r"target_specific_heat=-1e-06 MJ/kg clinker must be in"),
])
def test_bad_calibration_inputs(line, kwargs, match):
    args = {"target": 3.2e6, "bounds": None} | kwargs
    with pytest.raises(ValueError, match=match):
        calibrate(line, args["target"], args["vary"], args["bounds"])


def test_absolute_loss_cannot_be_calibrated_as_fraction(line):
    spec = dataclasses.replace(line, kiln_shell_loss=0.2e6, kiln_shell_loss_fraction=0.0)
    with pytest.raises(ValueError, match="give it as a % of the fuel heat"):
        calibrate(spec, 3.2e6, "kiln.shell_loss")


def test_cemcap_example_is_calibrated_from_its_toml():
    doc = tomllib.loads(example_path("cement_cemcap_reference").read_text())
    spec = config.from_dict(doc)
    cal = spec.notes["calibration"]
    target = config.units.quantity(doc["calibration"]["target_specific_heat"], "specific_energy", "t", "J/kg clinker")
    assert solve(spec).figures["specific heat consumption"][0] * 1e6 == pytest.approx(target, rel=1e-6)
    assert cal["vary"] == doc["calibration"]["vary"] and 0.0 <= cal["value"] <= 0.25
    # without the table the same line uses less fuel: the calibration adds loss, it does not remove it
    del doc["calibration"]
    assert solve(config.from_dict(doc)).figures["specific heat consumption"][0] * 1e6 < target


@pytest.mark.parametrize("edit,match", [
    ({"vary": "cooler.fan"}, "calibration.vary='cooler.fan'"),
    ({"bounds": ["0 %"]}, "must be a list of two values"),
    ({"bounds": ["0 %", "250 %"]}, r"calibration.bounds\[1\]='250 %' must lie in \[0, 1\]"),
    ({"tolerance": 1}, "unknown key"),
])
def test_bad_calibration_table_names_the_field(edit, match):
    doc = tomllib.loads(example_path("cement_cemcap_reference").read_text())
    doc["calibration"].update(edit)
    with pytest.raises(ValueError, match=match):
        config.from_dict(doc)


def test_every_calibratable_field_exists_on_the_spec(line):
    for vary, (field, lo, hi, _unit) in CALIBRATABLE.items():
        assert hasattr(line, field), vary
        assert lo < hi
