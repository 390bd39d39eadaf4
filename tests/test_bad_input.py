"""Bad input, tried as a new user would (issue 16 item 6): each is refused with one clear line naming the field.

Every case runs through an entry point (``clc run``/``clc sweep``/``clc cement`` via :func:`clc.cli.main`, or the
Python loaders); it must be refused (0 accepted silently), as a ``ValueError`` or a ``clc: error:`` line (0
tracebacks), with a message holding the expected fragment (the field, the value or the file).
"""

from __future__ import annotations

import copy
import json

import pytest

from clc import cli, config, study
from clc.cement import clc_integration
from clc.cement import config as cement_config

BASE = {
    "name": "bad-input base", "carrier": "Abad2011_ilmenite_activated", "thermal_power": "3 MWth",
    "solids_circulation": "30 kg/s",
    "fuel": {"composition": {"CH4": 1.0}, "temperature": "300 degC"},
    "air": {"excess": 1.2, "temperature": "300 degC"},
    "particles": {"diameter": "150 um", "density": "4250 kg/m3", "voidage_mf": 0.45},
    "fuel_reactor": {"type": "bubbling", "diameter": "1.4 m", "inventory": "2000 kg/MWth", "temperature": "900 degC",
                     "orifices": 20000, "steam": "1.0 mol/s"},
    "air_reactor": {"type": "riser", "diameter": "1.2 m", "height": "15 m", "inventory": "2 t",
                    "riser_model": "chalmers", "eps_bottom": 0.18, "temperature": "950 degC", "orifices": 20000},
    "model": {"cells": 8, "cell_height": "0.2 m", "riser_cell_height": "1 m", "water_gas_shift": "equilibrium",
              "extrapolate_kinetics": False},
}


def _value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_value(x)}" for k, x in v.items()) + " }"
    return repr(v)


def dumps(doc: dict) -> str:
    """A small TOML writer: scalars and inline tables at the top, one [section] per table of tables."""
    lines = [f"{json.dumps(k)} = {_value(v)}" for k, v in doc.items() if not isinstance(v, dict)]
    for k, v in doc.items():
        if isinstance(v, dict):
            lines.append(f"\n[{k}]")
            lines += [f"{json.dumps(kk)} = {_value(vv)}" for kk, vv in v.items()]
    return "\n".join(lines) + "\n"


def _set_keys(doc: dict, changes: dict) -> dict:
    """``doc`` with keys set, tables joined by "__" in the key (``None`` deletes)."""
    for dotted, value in changes.items():
        *tables, key = dotted.split("__")
        d = doc
        for t in tables:
            d = d[t]
        if value is None:
            d.pop(key, None)
        else:
            d[key] = value
    return doc


def _edit(**changes) -> dict:
    """BASE with dotted keys set (``None`` deletes)."""
    return _set_keys(copy.deepcopy(BASE), changes)


# (case id, unit-file edit (dotted with "__"), expected fragment)
UNIT_CASES = [
    ("top-typo", {"thermal_powr": "3 MWth"}, "thermal_powr: unknown key; did you mean 'thermal_power'"),
    ("top-typo-circ", {"solids_circulaton": "30 kg/s"}, "did you mean 'solids_circulation'"),
    ("table-typo-cooler", {"solid_cooler": {"outlet_temperature": "800 degC"}}, "did you mean 'solids_cooler'"),
    ("model-cels", {"model__cels": 8}, "model.cels: unknown key; did you mean 'cells'"),
    ("model-extrap-typo", {"model__extrapolate_kinetic": True}, "did you mean 'extrapolate_kinetics'"),
    ("air-typo", {"air__exces": 1.2}, "air.exces: unknown key; did you mean 'excess'"),
    ("air-temp-typo", {"air__temprature": "300 degC"}, "did you mean 'temperature'"),
    ("particles-typo", {"particles__diamter": "150 um"}, "particles.diamter: unknown key"),
    ("particles-vmf-typo", {"particles__voidage": 0.45}, "did you mean 'voidage_mf'"),
    ("fr-typo", {"fuel_reactor__inventry": "2 t"}, "fuel_reactor.inventry: unknown key; did you mean 'inventory'"),
    ("fr-orifice", {"fuel_reactor__orifice": 100}, "did you mean 'orifices'"),
    ("ar-typo", {"air_reactor__eps_botom": 0.18}, "air_reactor.eps_botom: unknown key"),
    ("ar-adiabatik", {"air_reactor__adiabatik": True}, "did you mean 'adiabatic'"),
    ("fuel-typo", {"fuel__compositon": {"CH4": 1.0}}, "fuel.compositon: unknown key"),
    ("cooler-typo", {"solids_cooler": {"outlet_temp": "800 degC"}}, "solids_cooler.outlet_temp: unknown key"),
    ("extrap-string", {"model__extrapolate_kinetics": "false"}, "model.extrapolate_kinetics='false': must be a boolean"),
    ("extrap-int", {"model__extrapolate_kinetics": 0}, "model.extrapolate_kinetics=0: must be a boolean"),
    ("adiabatic-no", {"fuel_reactor__adiabatic": "no"}, "fuel_reactor.adiabatic='no': must be a boolean"),
    ("adiabatic-ar-str", {"air_reactor__adiabatic": "true"}, "air_reactor.adiabatic='true'"),
    ("orifices-frac", {"fuel_reactor__orifices": 1.9}, "fuel_reactor.orifices=1.9: must be a whole number"),
    ("orifices-str", {"air_reactor__orifices": "many"}, "air_reactor.orifices='many'"),
    ("orifices-bool", {"air_reactor__orifices": True}, "air_reactor.orifices=True"),
    ("orifices-zero", {"fuel_reactor__orifices": 0}, "fuel_reactor.orifices=0"),
    ("cells-frac", {"model__cells": 7.5}, "model.cells=7.5: must be a whole number"),
    ("cells-str", {"model__cells": "eight"}, "model.cells='eight'"),
    ("cells-coarse", {"model__cells": 4}, "model.cells=4 is outside the allowed range [8, 500]"),
    ("cell-height-coarse", {"model__cell_height": "2 m"}, "model.cell_height=2 m is outside the allowed range [0.001, 1]"),
    ("riser-cell-coarse", {"model__riser_cell_height": "10 m"}, "model.riser_cell_height=10 m is outside"),
    ("fuel-string", {"fuel": "CH4"}, "fuel='CH4': must be a table"),
    ("fuel-number", {"fuel": 1.0}, "fuel=1.0: must be a table"),
    ("particles-number", {"particles": 150}, "particles=150: must be a table"),
    ("air-list", {"air": [1.2]}, "air=[1.2]: must be a table"),
    ("model-string", {"model": "fine"}, "model='fine': must be a table"),
    ("fr-string", {"fuel_reactor": "bubbling"}, "fuel_reactor='bubbling': must be a table"),
    ("ar-number", {"air_reactor": 2}, "air_reactor=2: must be a table"),
    ("cooler-number", {"solids_cooler": 800}, "solids_cooler=800: must be a table"),
    ("composition-string", {"fuel__composition": "CH4"}, "fuel.composition='CH4': must be a table"),
    ("composition-abc", {"fuel__composition": {"CH4": "abc "}}, "fuel.composition.CH4='abc '"),
    ("excess-abc", {"air__excess": "abc "}, "air.excess='abc '"),
    ("vmf-abc", {"particles__voidage_mf": "abc"}, "particles.voidage_mf='abc'"),
    ("excess-bool", {"air__excess": True}, "air.excess=True"),
    ("carrier-number", {"carrier": 3}, "carrier=3"),
    ("carrier-unknown", {"carrier": "ilmenite"}, "carrier='ilmenite'"),
    ("no-particles", {"particles": None}, "particles: missing"),
    ("no-fuel", {"fuel": None}, "fuel: missing"),
]


def _api(path):
    config.load(path)


def assert_cli_refuses(argv, capsys, fragment):
    try:
        rc = cli.main(argv)
    except SystemExit as exc:  # argparse refusals
        rc = exc.code
    err = capsys.readouterr().err
    assert rc not in (0, None), f"accepted silently: {argv}"
    assert "Traceback" not in err
    assert fragment in err, err


def assert_api_refuses(fn, fragment):
    with pytest.raises(ValueError) as info:  # any other exception class is a traceback for a user
        fn()
    assert fragment in str(info.value), str(info.value)


@pytest.mark.parametrize("entry", ["cli", "api"])
@pytest.mark.parametrize("case, edit, fragment", UNIT_CASES, ids=[c[0] for c in UNIT_CASES])
def test_bad_unit_file(tmp_path, capsys, entry, case, edit, fragment):
    path = tmp_path / "unit.toml"
    path.write_text(dumps(_edit(**edit)))
    if entry == "cli":
        assert_cli_refuses(["run", str(path), "--out", str(tmp_path / "out")], capsys, fragment)
    else:
        assert_api_refuses(lambda: _api(path), fragment)


def _bad_file(tmp_path, kind):
    p = tmp_path / "input.toml"
    if kind == "missing":
        return p, "cannot read the file"
    if kind == "directory":
        p.mkdir()
        return p, "is a directory"
    if kind == "binary":
        p.write_bytes(bytes(range(256)))
        return p, "not a UTF-8 text file"
    if kind == "nul":
        p.write_bytes(b"name = 1\x00\n")
        return p, "NUL"
    if kind == "utf16":
        p.write_bytes('name = "x"\n'.encode("utf-16"))
        return p, "not a UTF-8 text file"
    if kind == "not-toml":
        p.write_text("this is = = not toml\n")
        return p, "not valid TOML"
    raise AssertionError(kind)


FILE_KINDS = ["missing", "directory", "binary", "nul", "utf16", "not-toml"]
LOADERS = {"run": config.load, "cement": clc_integration.load_case, "sweep": study.load, "plant": cement_config.load}


@pytest.mark.parametrize("kind", FILE_KINDS)
@pytest.mark.parametrize("command", ["run", "cement", "sweep"])
def test_bad_file_cli(tmp_path, capsys, command, kind):
    path, fragment = _bad_file(tmp_path, kind)
    argv = [command, str(path)] + ([] if command == "sweep" else ["--out", str(tmp_path / "out")])
    assert_cli_refuses(argv, capsys, fragment)
    assert_cli_refuses(argv, capsys, str(path))


@pytest.mark.parametrize("kind", FILE_KINDS)
@pytest.mark.parametrize("loader", list(LOADERS))
def test_bad_file_api(tmp_path, loader, kind):
    path, fragment = _bad_file(tmp_path, kind)
    assert_api_refuses(lambda: LOADERS[loader](path), fragment)
    assert_api_refuses(lambda: LOADERS[loader](path), str(path))


STUDY_CASES = [
    ("param-typo", '[parameters]\n"solids_circulaton" = { values = ["20 kg/s", "30 kg/s"] }\n',
     "solids_circulaton: unknown key; did you mean 'solids_circulation'"),
    ("param-table-typo", '[parameters]\n"model.cels" = { values = [4, 8] }\n', "model.cels: unknown key"),
    ("top-typo", 'outptu = "x.csv"\n[parameters]\n"solids_circulation" = { values = ["20 kg/s"] }\n',
     "did you mean 'output'"),
    ("sampling-typo", '[sampling]\nmethdo = "grid"\n[parameters]\n"solids_circulation" = { values = ["20 kg/s"] }\n',
     "did you mean 'method'"),
    ("parameters-number", 'parameters = 3\n', "parameters=3: must be a table"),
    ("sampling-string", 'sampling = "grid"\n[parameters]\n"solids_circulation" = { values = ["20 kg/s"] }\n',
     "sampling='grid': must be a table"),
]


@pytest.mark.parametrize("entry", ["cli", "api"])
@pytest.mark.parametrize("case, text, fragment", STUDY_CASES, ids=[c[0] for c in STUDY_CASES])
def test_bad_study(tmp_path, capsys, entry, case, text, fragment):
    path = tmp_path / "study.toml"
    path.write_text(text)
    if entry == "cli":
        assert_cli_refuses(["sweep", str(path)], capsys, fragment)
    else:
        assert_api_refuses(lambda: study.load(path), fragment)


@pytest.mark.parametrize("workers, fragment", [("0", "--workers=0: must be >= 1"), ("-2", "--workers=-2"),
                                               ("two", "--workers='two'")])
def test_workers_refused(tmp_path, capsys, workers, fragment):
    path = tmp_path / "study.toml"
    path.write_text('[parameters]\n"solids_circulation" = { values = ["20 kg/s"] }\n')
    assert_cli_refuses(["sweep", str(path), "--workers", workers], capsys, fragment)


def test_cement_without_plant(tmp_path, capsys):
    path = tmp_path / "case.toml"
    path.write_text('kind = "cement_clc"\n')
    assert_cli_refuses(["cement", str(path), "--out", str(tmp_path / "out")], capsys, "plant: missing")
    assert_api_refuses(lambda: clc_integration.load_case(path), "plant: missing")


@pytest.mark.parametrize("share, fragment", [
    ("2", "kiln.fuel_share=2 is outside the allowed range [0.05, 0.95]"),
    ("0.1", "kiln.fuel_share=0.1 is below the share the kiln's own heat balance needs"),
    ("abc", "argument --kiln-share: invalid float value"),
])
def test_cement_kiln_share_refused_by_name(tmp_path, capsys, share, fragment):
    assert_cli_refuses(["cement", "--kiln-share", share, "--out", str(tmp_path / "out")], capsys, fragment)


# --- cement plant files, cement capture-case files, solid-fuel tables, [uncertainty] (issue 16 item 6) ---

PLANT = cement_config.example_path("cement_sichuan_nsp_5000tpd")


def _plant_edit(**changes) -> dict:
    return _set_keys(config.read_toml(PLANT), changes)


PLANT_CASES = [
    ("plant-top-typo", {"kilnn": {}}, "kilnn: unknown key; did you mean 'kiln'"),
    ("plant-electric-efficency", {"electricity__electric_efficency": 0.4}, "electricity.electric_efficency: unknown key"),
    ("plant-calciner-typo", {"calciner__temprature": "880 degC"}, "calciner.temprature: unknown key; did you mean"),
    ("plant-kiln-typo", {"kiln__excess_ari": 1.1}, "did you mean 'excess_air'"),
    ("plant-cooler-typo", {"cooler__cooling_ari": "2 kg/kg clinker"}, "cooler.cooling_ari: unknown key"),
    ("plant-preheater-typo", {"preheater__stage": 5}, "did you mean 'stages'"),
    ("plant-production-typo", {"production__capcity": "5000 t/d"}, "production.capcity: unknown key"),
    ("plant-raw-meal-typo", {"raw_meal__moistur": 0.01}, "did you mean 'moisture'"),
    ("plant-fuel-typo", {"fuel__lvh": "26 MJ/kg"}, "fuel.lvh: unknown key; did you mean 'lhv'"),
    ("plant-clinker-typo", {"clinker__free_lim": 0.01}, "did you mean 'free_lime'"),
    ("plant-calibration-typo", {"calibration__tolerance": 1}, "calibration.tolerance: unknown key"),
    ("plant-shell-surface-typo", {"calciner__shell_loss": {"are": "5 m2"}}, "calciner.shell_loss.are: unknown key"),
    ("plant-kiln-number", {"kiln": 5}, "kiln=5: must be a table"),
    ("plant-production-string", {"production": "5000 t/d"}, "production='5000 t/d': must be a table"),
    ("plant-composition-list", {"raw_meal__composition": [0.8, 0.2]}, "raw_meal.composition=[0.8, 0.2]: must be a table"),
    ("plant-composition-bool", {"raw_meal__composition": {"CaCO3": True}}, "raw_meal.composition.CaCO3=True"),
    ("plant-ultimate-string", {"fuel__ultimate": "coal"}, "fuel.ultimate='coal': must be a table"),
    ("plant-temperature-bool", {"calciner__temperature": True}, "calciner.temperature=True: must be a number"),
    ("plant-capacity-factor-bool", {"production__capacity_factor": True}, "production.capacity_factor=True"),
    ("plant-excess-list", {"kiln__excess_air": [1.1]}, "kiln.excess_air=[1.1]"),
    ("plant-stages-frac", {"preheater__stages": 4.5}, "preheater.stages=4.5 must be a whole number"),
    ("plant-stages-text", {"preheater__stages": "five"}, "preheater.stages='five'"),
    ("plant-name-number", {"name": 5}, "name=5: must be text"),
    ("plant-region-number", {"electricity__region": 5}, "electricity.region=5"),
    ("plant-no-cooler", {"cooler": None}, "cooler: missing"),
    ("plant-no-kiln", {"kiln": None}, "kiln: missing"),
]


@pytest.mark.parametrize("entry", ["cli", "api"])
@pytest.mark.parametrize("case, edit, fragment", PLANT_CASES, ids=[c[0] for c in PLANT_CASES])
def test_bad_plant_file(tmp_path, capsys, entry, case, edit, fragment):
    plant = tmp_path / "plant.toml"
    plant.write_text(dumps(_plant_edit(**edit)))
    if entry == "api":
        assert_api_refuses(lambda: cement_config.load(plant), fragment)
        assert_api_refuses(lambda: cement_config.load(plant), str(plant))  # the message names the file
    else:
        case_file = tmp_path / "case.toml"
        case_file.write_text('kind = "cement_clc"\nplant = "plant.toml"\n')
        assert_cli_refuses(["cement", str(case_file), "--out", str(tmp_path / "out")], capsys, fragment)


CASE_BASE = 'kind = "cement_clc"\nplant = "cement_sichuan_nsp_5000tpd"\n'
CASE_CASES = [
    ("case-top-typo", CASE_BASE + 'untit = "cheers_3mw_natural_gas"\n', "untit: unknown key; did you mean 'unit'"),
    ("case-integration-table-typo", CASE_BASE + "[integraton]\noption = \"calciner_indirect\"\n",
     "integraton: unknown key; did you mean 'integration'"),
    ("case-electric-efficency", CASE_BASE + "[integration]\nelectric_efficency = 0.4\n",
     "unknown key(s) electric_efficency; did you mean"),
    ("case-plant-number", 'kind = "cement_clc"\nplant = 5\n', "plant=5: must be text"),
    ("case-unit-list", CASE_BASE + 'unit = ["a"]\n', "unit=['a']: must be text"),
    ("case-integration-string", CASE_BASE + 'integration = "indirect"\n', "integration='indirect': must be a table"),
    ("case-overrides-number", CASE_BASE + "unit_overrides = 3\n", "unit_overrides=3: must be a table"),
    ("case-option-number", CASE_BASE + "[integration]\noption = 1\n", "integration.option=1: must be text"),
    ("case-override-typo", CASE_BASE + '[unit_overrides]\n"air.temprature" = "800 degC"\n', "air.temprature"),
    ("case-cost-typo", CASE_BASE + "[cost]\nelectricty_price = 1.0\n", "electricty_price"),
]


@pytest.mark.parametrize("entry", ["cli", "api"])
@pytest.mark.parametrize("case, text, fragment", CASE_CASES, ids=[c[0] for c in CASE_CASES])
def test_bad_cement_case(tmp_path, capsys, entry, case, text, fragment):
    from clc.cement import cost

    path = tmp_path / "case.toml"
    path.write_text(text)
    if entry == "cli":
        assert_cli_refuses(["cement", str(path), "--out", str(tmp_path / "out")], capsys, fragment)
    else:
        assert_api_refuses(lambda: (clc_integration.load_case(path), cost.load(path)), fragment)


def _solid(**changes) -> dict:
    doc = copy.deepcopy(BASE)
    doc["fuel"] = {"type": "solid", "name": "Vorres1990_BeulahZap_lignite",
                   "volatiles": {"closing": ["CO", "H2", "CH4"], "bypass": 0.1},
                   "char_kinetics": "WatanabeOtaka2006_bituminous_char"}
    doc["fuel_reactor"]["steam"] = "20 mol/s"
    doc["carbon_stripper"] = {"efficiency": 0.9}
    for dotted, value in changes.items():
        *tables, key = dotted.split("__")
        d = doc
        for t in tables:
            d = d[t]
        d[key] = value
    return doc


SOLID_CASES = [
    ("solid-fuel-typo", {"fuel__char_kinetic": "x"}, "fuel.char_kinetic: unknown key; did you mean 'char_kinetics'"),
    ("solid-fuel-name-typo", {"fuel__nmae": "x"}, "fuel.nmae: unknown key; did you mean 'name'"),
    ("solid-volatiles-typo", {"fuel__volatiles__bypas": 0.1}, "fuel.volatiles.bypas: unknown key; did you mean 'bypass'"),
    ("solid-volatiles-string", {"fuel__volatiles": "closing"}, "fuel.volatiles='closing': must be a table"),
    ("solid-yields-list", {"fuel__volatiles__yields": [1.0]}, "fuel.volatiles.yields=[1.0]: must be a table"),
    ("solid-bypass-text", {"fuel__volatiles__bypass": "some"}, "fuel.volatiles.bypass='some': must be a number"),
    ("solid-name-number", {"fuel__name": 3}, "fuel.name=3: must be text"),
    ("solid-analysis-string", {"fuel__analysis": "lignite"}, "fuel.analysis='lignite': must be a table"),
    ("solid-stripper-typo", {"carbon_stripper": {"efficency": 0.9}}, "carbon_stripper.efficency: unknown key"),
]


@pytest.mark.parametrize("entry", ["cli", "api"])
@pytest.mark.parametrize("case, edit, fragment", SOLID_CASES, ids=[c[0] for c in SOLID_CASES])
def test_bad_solid_fuel_table(tmp_path, capsys, entry, case, edit, fragment):
    path = tmp_path / "unit.toml"
    path.write_text(dumps(_solid(**edit)))
    if entry == "cli":
        assert_cli_refuses(["run", str(path), "--out", str(tmp_path / "out")], capsys, fragment)
    else:
        assert_api_refuses(lambda: _api(path), fragment)


def test_solid_fuel_base_is_valid(tmp_path):
    """The solid-fuel cases above differ from a unit file that is read without complaint."""
    path = tmp_path / "unit.toml"
    path.write_text(dumps(_solid()))
    assert config.load(path).solid_fuel is not None


UNC_INPUT = {"distribution": "relative", "range": "20 %", "source": "ASSUMPTION: test range"}
UNCERTAINTY_CASES = [
    ("unc-settings-typo", {"sampels": 10}, "unknown key(s) sampels; did you mean 'samples'"),
    ("unc-field-typo", {"inputs": {"solids_circulation": {**UNC_INPUT, "rnage": "5 %"}}},
     "unknown field(s) rnage; did you mean 'range'"),
    ("unc-input-key-typo", {"inputs": {"solids_circulaton": UNC_INPUT}}, "solids_circulaton"),
    ("unc-samples-frac", {"samples": 10.5}, "uncertainty.samples=10.5"),
    ("unc-data-ranges-text", {"data_ranges": "yes"}, "uncertainty.data_ranges='yes' must be true or false"),
    ("unc-kpis-string", {"kpis": "combustion efficiency"}, "uncertainty.kpis='combustion efficiency'"),
    ("unc-method", {"method": "sobolx"}, "uncertainty.method='sobolx'"),
    ("unc-no-source", {"inputs": {"solids_circulation": {"distribution": "relative", "range": "20 %"}}},
     "source: missing"),
]


@pytest.mark.parametrize("entry", ["cli", "api"])
@pytest.mark.parametrize("case, edit, fragment", UNCERTAINTY_CASES, ids=[c[0] for c in UNCERTAINTY_CASES])
def test_bad_uncertainty_table(tmp_path, capsys, entry, case, edit, fragment):
    from clc import uncertainty

    doc = copy.deepcopy(BASE)
    doc["uncertainty"] = {"kpis": ["combustion efficiency"], "inputs": {"solids_circulation": UNC_INPUT}, **edit}
    path = tmp_path / "unit.toml"
    path.write_text(uncertainty.toml_text(doc))
    if entry == "cli":
        assert_cli_refuses(["uncertainty", str(path), "--out", str(tmp_path / "out")], capsys, fragment)
    else:
        assert_api_refuses(lambda: uncertainty.load(path), fragment)


def test_sweep_with_every_point_failed_exits_nonzero(tmp_path, capsys, monkeypatch):
    """A study whose every point is refused says so and exits non-zero (each point's reason printed)."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "study.toml"
    path.write_text('[parameters]\n"air_reactor.temperature" = { values = ["600 degC", "650 degC"] }\n')
    assert_cli_refuses(["sweep", str(path)], capsys, "every one of the 2 points failed")


def test_study_varying_a_solved_temperature_is_refused(tmp_path, capsys, monkeypatch):
    """The natural-gas example's FR is adiabatic: its temperature only starts the solver, so a study over it
    would report one unit at every point; it is refused by name with what to vary instead."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "study.toml"
    path.write_text('[parameters]\n"fuel_reactor.temperature" = { values = ["880 degC", "920 degC"] }\n')
    assert_cli_refuses(["sweep", str(path)], capsys, "fuel_reactor.temperature: the fuel_reactor is adiabatic")
    path.write_text('[parameters]\n"fuel_reactor.temperature" = { values = ["880 degC", "920 degC"] }\n'
                    '"fuel_reactor.adiabatic" = { values = [false] }\n')
    from clc import study
    assert len(study.load(path).points) == 2  # the energy mode varied too: the temperature is an input again
