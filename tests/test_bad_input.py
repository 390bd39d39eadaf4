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


def _edit(**changes) -> dict:
    """BASE with dotted keys set (``None`` deletes)."""
    doc = copy.deepcopy(BASE)
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
