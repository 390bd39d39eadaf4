"""Specs below the solvers, the dotted-key helper, and one parse per unit file."""

import subprocess
import sys

import pytest

from clc import config, dotted, study


def test_config_imports_no_solver():
    code = ("import sys, clc.config, clc.specs; "
            "print(sorted(m for m in ('clc.loop', 'clc.bubbling_bed', 'clc.riser', 'clc.moving_bed') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_loop_reexports_the_specs():
    from clc import loop, specs

    assert loop.UnitSpec is specs.UnitSpec and loop.ReactorSpec is specs.ReactorSpec
    assert isinstance(config.load(), specs.UnitSpec)


def test_dotted_get_and_set():
    doc = {"fr": {"temperature": 1}, "x": 2}
    assert dotted.get_value(doc, "fr.temperature") == 1
    assert dotted.get_value(doc, "fr.height", None) is None
    with pytest.raises(ValueError, match=r"fr\.height: no such value"):
        dotted.get_value(doc, "fr.height")
    new = dotted.with_values(doc, {"fr.temperature": 3})
    assert new["fr"]["temperature"] == 3 and doc["fr"]["temperature"] == 1
    with pytest.raises(ValueError, match=r"parameters\.ar\.temperature: 'ar' is not a table"):
        dotted.with_values(doc, {"ar.temperature": 3}, where="parameters.")
    with pytest.raises(ValueError, match=r"x\.y: 'x' is not a table"):
        dotted.set_value(doc, "x.y", 1, create=True)
    dotted.set_value(doc, "ar.temperature", 5, create=True)
    assert doc["ar"] == {"temperature": 5}
    with pytest.raises(ValueError, match="not a dotted key"):
        dotted.get_value(doc, "fr..temperature")


def test_study_point_names_a_missing_table():
    base = config.read()
    with pytest.raises(ValueError, match=r"parameters\.nosuch\.value"):
        study._apply(base, {"nosuch.value": 1})


def test_unit_file_is_parsed_once(tmp_path):
    path = tmp_path / "unit.toml"
    path.write_text(config.example_path().read_text())
    config._parse.cache_clear()
    a = config.read(path)
    b = config.read(path)
    assert a == b and a is not b
    a["fuel_reactor"]["temperature"] = "1 K"  # a copy: the cache is untouched
    assert config.read(path)["fuel_reactor"]["temperature"] != "1 K"
    info = config._parse.cache_info()
    assert info.misses == 1 and info.hits == 2
    path.write_text(path.read_text() + "\n# changed\n")  # a changed file is parsed again
    config.read(path)
    assert config._parse.cache_info().misses == 2
