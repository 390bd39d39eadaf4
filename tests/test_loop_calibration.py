"""[calibration] of a loop unit (clc.loop_calibration): a figure the model itself produced at a
known input gives that input back; a target the bracket cannot reach is refused naming the figure
at both ends; bad tables are refused by field. Unit: the shipped TU Darmstadt example (a solid
fuel in two risers, about 0.5 s a solve)."""

from __future__ import annotations

import json
import re

import pytest

from clc import cli, config, dotted, loop, loop_calibration
from clc.errors import InfeasibleError

EXAMPLE = config.example_path("tudarmstadt_1mw_ilmenite_hard_coal")


@pytest.fixture(scope="module")
def doc() -> dict:
    d = config.read(EXAMPLE)
    d.pop("calibration")
    return d


def _figure_at(doc: dict, key: str, value, figure: str) -> float:
    return loop.solve(config.from_dict(dotted.with_values(doc, {key: value}))).figures[figure][0]


def _table(**changes) -> dict:
    base = {"vary": "fuel.volatiles.bypass", "bracket": [0.0, 0.9], "figure": "oxygen demand",
            "target": 0.2, "source": "test: a figure the model produced"}
    return {"calibration": {**base, **changes}}


def test_a_figure_the_model_produced_gives_its_input_back(doc):
    known = 0.37
    target = _figure_at(doc, "fuel.volatiles.bypass", known, "oxygen demand")
    cal = loop_calibration.calibrate({**doc, **_table(target=target)})
    assert cal.value == pytest.approx(known, abs=1e-6)
    assert abs(cal.residual) <= cal.spec.tolerance
    assert cal.result.figures["oxygen demand"][0] == pytest.approx(target, abs=1e-6)
    assert cal.original == 0.1 and cal.evaluations >= 3
    (lo, f_lo), (hi, f_hi) = cal.ends
    assert (lo, hi) == (0.0, 0.9) and f_lo < target < f_hi  # more bypass, more unburnt volatiles
    assert cal.result.max_balance_residual < 1e-9


def test_a_char_reactivity_factor_is_recovered(doc):
    """The factor scales the char set's rates; the char conversion it gives fixes it again."""
    known = 4.0
    kin = {"set": doc["fuel"]["char_kinetics"], "reactivity_factor": known, "reactivity_factor_source": "test"}
    target = loop.solve(config.from_dict(dotted.with_values(doc, {"fuel.char_kinetics": kin}))) \
        .figures["char conversion in FR"][0]
    cal = loop_calibration.calibrate({**doc, **_table(vary="fuel.char_kinetics.reactivity_factor", bracket=[0.5, 20.0],
                                                      figure="char conversion in FR", target=target)})
    assert cal.value == pytest.approx(known, rel=1e-5)
    assert cal.original == 1.0
    assert any("reactivity factor" in w and "calibrated" in w for w in cal.result.warnings)  # provisional, said so


def test_target_outside_the_bracket_names_both_ends(doc):
    with pytest.raises(InfeasibleError, match="not reachable by varying fuel.volatiles.bypass") as exc:
        loop_calibration.calibrate({**doc, **_table(bracket=[0.0, 0.2], target="25 %")})
    msg = str(exc.value)
    ends = [float(v) for v in re.findall(r"oxygen demand is ([0-9.e+-]+) - at 0 and ([0-9.e+-]+) - at 0.2", msg)[0]]
    assert ends[0] < ends[1] < 0.25  # both ends below the target, the error says by how much


@pytest.mark.parametrize("changes, match", [
    ({"figure": "oxygen demnd"}, "did you mean 'oxygen demand'"),
    ({"source": ""}, "calibration.source"),
    ({"bracket": [0.5, 0.1]}, "low end must be below"),
    ({"bracket": [0.1]}, "two numbers"),
    ({"target": "lots"}, "calibration.target"),
    ({"vary": "fuel_reactor.temprature"}, "did you mean 'temperature'"),
    ({"vary": "fuel.volatiles.bypas"}, "did you mean .bypass."),  # strict keys catch it before the solve
    ({"step": 1}, "calibration.step: unknown key"),
    ({"figure": "FR autothermal"}, "yes/no"),
])
def test_bad_calibration_tables_are_refused_by_field(doc, changes, match):
    with pytest.raises(ValueError, match=match):
        loop_calibration.calibrate({**doc, **_table(**changes)})


def test_clc_run_calibrates_the_shipped_darmstadt_unit(capsys, tmp_path):
    assert cli.main(["run", str(EXAMPLE), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "calibration: fuel.volatiles.bypass = " in out and "Ohlemueller" in out
    cal = loop_calibration.solve_file(EXAMPLE)[2]
    r = cal.result
    assert r.figures["oxygen demand"][0] == pytest.approx(0.25, abs=1e-6)
    assert 0.0 < cal.value < 0.95 and r.max_balance_residual < 1e-9
    # checks at the calibrated value: no stripper, so most char burns in the AR and capture is low
    # (the abstract: "the carbon dioxide capture efficiency was low"; "unconverted char ... burned in the AR")
    assert r.co2_capture_efficiency < 0.5 and r.solid.char_to_ar > 0.0
    assert cli.main(["run", str(EXAMPLE), "--json", "--out", str(tmp_path)]) == 0
    js = json.loads(capsys.readouterr().out)
    assert js["calibration"]["value"] == pytest.approx(cal.value, rel=1e-9)
    assert js["figures"]["oxygen demand"]["value"] == pytest.approx(0.25, abs=1e-6)


def test_the_shipped_petcoke_type_unit_meets_its_design_capture_with_a_provisional_char():
    cal = loop_calibration.solve_file(config.example_path("cheers_3mw_petcoke_type"))[2]
    r = cal.result
    assert cal.spec.vary == loop_calibration.REACTIVITY_FACTOR and cal.original == 1.0
    assert r.co2_capture_efficiency == pytest.approx(0.96, abs=1e-6) and r.max_balance_residual < 1e-9
    (_, cap_lo), (_, cap_hi) = cal.ends
    assert cap_lo < 0.96 < cap_hi  # a more reactive char is gasified before it reaches the stripper: more capture
    assert 0.0 < r.solid.char_conversion < 1.0 and r.solid.char_to_ar > 0.0
    assert any("provisional" in w and "reactivity factor" in w for w in r.warnings)


def test_a_value_with_units_is_recovered(doc):
    """``unit``: the bracket is in kg and the value is written "<x> kg" into the unit file."""
    known = 450.0
    target = _figure_at(doc, "fuel_reactor.inventory", f"{known} kg", "char conversion in FR")
    cal = loop_calibration.calibrate({**doc, **_table(vary="fuel_reactor.inventory", bracket=[150.0, 900.0], unit="kg",
                                                      figure="char conversion in FR", target=target)})
    assert cal.value == pytest.approx(known, rel=1e-5) and cal.original == "300 kg"
    assert cal.unit.fuel_reactor.inventory == pytest.approx(known, rel=1e-5)
