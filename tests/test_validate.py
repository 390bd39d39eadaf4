"""Pilot-plant validation of the loop model (clc/validate.py, validation/pilots/)."""

import csv
import math
import shutil
from pathlib import Path

import pytest
import yaml

from clc import cli, config, loop, validate

PILOTS = Path(__file__).resolve().parent.parent / "validation" / "pilots"
TUWIEN = PILOTS / "TUWien_120kW_ilmenite_natural_gas"

# Bounds on the model-vs-data error, measured 2026-11-28 with the unit.toml assumptions:
# TU Wien 120 kW, CH4 conversion: model 84.5 % against "about 30-40 %" (error to the range
# +44.5 percentage points). A change that worsens the agreement beyond these bounds fails.
BOUNDS = {"TUWien_120kW_ilmenite_natural_gas": {"CH4 conversion": {"mae": 50.0, "max_abs": 50.0}}}


# Fuel-conversion datasets (37 points, and a Kunii-Levenspiel bed): simulated and bounded in
# tests/test_validate_fuel_conversion.py, not here (they take minutes); here only read.
FUEL_CONVERSION = ("ICBCSIC_500W_CuMn_methane_biogas", "TUWien_120kW_ilmenite_natural_gas_KL")


@pytest.fixture(scope="module")
def results():
    return {r.dataset.name: r for r in (validate.validate_dataset(p) for p in validate.discover(PILOTS)
                                        if p.name not in FUEL_CONVERSION)}


def _copy_dataset(tmp_path: Path, rows: list[dict] | None = None, meta_edit=None) -> Path:
    root = tmp_path / "pilots"
    dst = root / TUWIEN.name
    shutil.copytree(TUWIEN, dst)
    if rows is not None:
        with open(dst / "data.csv", newline="") as fh:
            fields = csv.DictReader(fh).fieldnames
        with open(dst / "data.csv", "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=fields)
            w.writeheader()
            w.writerows(rows)
    if meta_edit is not None:
        meta = yaml.safe_load((dst / "metadata.yaml").read_text())
        meta_edit(meta)
        (dst / "metadata.yaml").write_text(yaml.safe_dump(meta))
    return root


def _base_row() -> dict:
    with open(TUWIEN / "data.csv", newline="") as fh:
        return dict(next(csv.DictReader(fh)))


def test_every_dataset_is_complete_and_loads():
    paths = validate.discover(PILOTS)
    assert TUWIEN in paths
    for p in paths:
        ds = validate.load_dataset(p)
        meta = ds.metadata
        assert meta.get("source"), f"{p.name}: no source"
        documented = set(meta.get("columns", {}))
        with open(p / "data.csv", newline="") as fh:
            assert set(csv.DictReader(fh).fieldnames) <= documented, f"{p.name}: a CSV column has no source"
        assert meta.get("assumptions"), f"{p.name}: assumptions must be listed"


def test_agreement_within_bounds(results):
    for name, bounds in BOUNDS.items():
        r = results[name]
        assert not r.failed, [p.error for p in r.failed]
        for quantity, b in bounds.items():
            m = r.metrics()[quantity]
            assert m["n_ok"] == m["n"] >= 1
            assert all(math.isfinite(m[k]) for k in ("mae", "bias", "max_abs"))
            assert m["mae"] <= b["mae"] and m["max_abs"] <= b["max_abs"], m


def test_tuwien_physics(results):
    """The riser fuel reactor (no bubble bypass) is an upper bound on gas-solid contact."""
    p = results["TUWien_120kW_ilmenite_natural_gas"].points[0]
    x = p.model["CH4 conversion"]
    s = {k: v["CH4 conversion"] for k, v in p.sensitivity.items()}
    lo, hi = p.data["CH4 conversion"]
    assert 0.0 < x < 100.0
    # more solids in the fuel reactor, more CH4 converted
    assert s["FR inventory 5 kg"] < x < s["FR inventory 25 kg"]
    assert s["FR as bubbling bed, 11 kg"] < s["FR as bubbling bed, 25 kg"]
    # bubbles bypass the solids: a bubbling bed of the same inventory converts less than the riser
    assert s["FR as bubbling bed, 11 kg"] < x
    # a riser without bypass can only over-predict (or meet) the data; the assumptions bracket the data
    assert results["TUWien_120kW_ilmenite_natural_gas"].metrics()["CH4 conversion"]["bias"] >= 0.0
    assert min(s.values()) < lo and max([*s.values(), x]) > hi


def test_failing_point_is_recorded_and_others_go_on(tmp_path):
    good = _base_row()
    too_hot = dict(good, point="2", T_FR_degC="1500")  # beyond the config's temperature range
    not_a_number = dict(good, point="3", X_CH4_low_pct="about thirty")
    root = _copy_dataset(tmp_path, rows=[good, too_hot, not_a_number])
    (r,) = validate.run(root, sensitivity=False)
    by_id = {p.point: p for p in r.points}
    assert by_id["1"].ok and 0.0 < by_id["1"].model["CH4 conversion"] < 100.0
    assert not by_id["2"].ok and "fuel_reactor.temperature" in by_id["2"].error
    assert not by_id["3"].ok and "not a number" in by_id["3"].error
    m = r.metrics()["CH4 conversion"]
    assert (m["n"], m["n_ok"], m["n_failed"]) == (3, 1, 2)
    assert all(math.isfinite(m[k]) for k in ("mae", "bias", "max_abs"))
    assert "FAILED" in validate.write_report([r], tmp_path / "report").read_text()


def test_report_is_written_with_plots(tmp_path):
    root = _copy_dataset(tmp_path)
    results = validate.run(root, sensitivity=False)
    report = validate.write_report(results, tmp_path / "out")
    text = report.read_text()
    assert "TUWien_120kW_ilmenite_natural_gas" in text and "| dataset | quantity |" in text
    assert (tmp_path / "out" / "pilot_TUWien_120kW_ilmenite_natural_gas.png").stat().st_size > 1000


def test_phi_condition_sets_the_circulation(tmp_path):
    """A `phi` column sets the solids circulation so that the model's phi is the one asked."""
    def use_phi(meta):
        meta["conditions"]["phi"] = {"field": "phi"}
    rows = [dict(_base_row(), phi="1.5"), dict(_base_row(), point="2", phi="3.0")]
    root = _copy_dataset(tmp_path, meta_edit=use_phi)
    ds_path = root / TUWIEN.name
    with open(ds_path / "data.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    (r,) = validate.run(root, sensitivity=False)
    phis = [p.other["phi"] for p in r.points]
    assert phis == pytest.approx([1.5, 3.0], rel=1e-9)
    # more oxygen carried per mole of fuel: the carrier leaves the fuel reactor less reduced,
    # so it converts more CH4
    assert r.points[1].model["CH4 conversion"] > r.points[0].model["CH4 conversion"]


def test_bad_metadata_gives_clear_errors(tmp_path):
    def wrong_column(meta):
        meta["measured"][0]["low"] = "X_missing"
    root = _copy_dataset(tmp_path, meta_edit=wrong_column)
    with pytest.raises(ValueError, match="X_missing"):
        validate.load_dataset(root / TUWIEN.name)
    (r,) = validate.run(root)  # a dataset that cannot be read is reported, not raised
    assert r.failed and "X_missing" in r.failed[0].error
    with pytest.raises(FileNotFoundError):
        validate.discover(tmp_path / "nowhere")


def test_cli_validate_prints_table(tmp_path, capsys):
    root = _copy_dataset(tmp_path)
    assert cli.main(["validate", "--root", str(root), "--out", str(tmp_path / "rep"), "--no-sensitivity"]) == 0
    out = capsys.readouterr().out
    assert "TUWien_120kW_ilmenite_natural_gas" in out and "CH4 conversion" in out
    assert (tmp_path / "rep" / "pilot_validation.md").is_file()


# ------------------------------------------------------------------ data-only (solid-fuel) datasets

# Char constants for TESTS ONLY (not a published set, never shipped): they let a data-only
# dataset be lifted to a runnable one, as a shipped char set will.
TEST_CHAR_KINETICS = {
    "name": "test input (not a published set)",
    "k1": {"A": {"value": 1e5, "units": "1/(s bar)", "source": "test input"},
           "E": {"value": 180, "units": "kJ/mol", "source": "test input"}},
}
TUDARMSTADT = PILOTS / "TUDarmstadt_1MW_ilmenite_hard_coal"
HAUS = PILOTS / "Haus_25kW_CuO_two_stage_coal"


def _dataset_folders() -> list[Path]:
    return sorted(p for p in PILOTS.iterdir() if p.is_dir() and p.name != "report")


def test_every_dataset_folder_has_valid_metadata_with_sources():
    folders = _dataset_folders()
    assert len(folders) >= 7
    assert folders == validate.discover(PILOTS), "a dataset folder is missing data.csv or metadata.yaml"
    for p in folders:
        meta = yaml.safe_load((p / "metadata.yaml").read_text())
        ds = validate.load_dataset(p)
        src = meta.get("source") or {}
        assert str(src.get("text", "")).strip() and src.get("quoted_facts"), f"{p.name}: source text and quoted facts"
        assert meta.get("assumptions"), f"{p.name}: assumptions must be listed"
        columns = meta.get("columns") or {}
        with open(p / "data.csv", newline="") as fh:
            header = csv.DictReader(fh).fieldnames
        for col in header:
            assert str(columns.get(col, "")).strip(), f"{p.name}: CSV column {col!r} has no source"
        for m in ds.measured:
            for col in (m.value, m.low, m.high):
                if col is not None:
                    assert col in header and str(columns[col]).strip(), f"{p.name}: measured column {col!r}"
        if meta.get("simulate", True) is False:
            # data only, unless a char set the metadata names lifts it (it then runs, and the reason
            # stays for the case the set goes missing)
            assert (ds.data_only or meta.get("char_kinetics")) and str(meta.get("reason", "")).strip(), p.name
            assert str(meta.get("confidence", "")).strip(), f"{p.name}: say how far the source was read"
        else:
            assert (p / "unit.toml").is_file() and all(m.figure for m in ds.measured), p.name
        if (p / "unit.toml").is_file():  # every unit-config value line carries a source or ASSUMPTION
            for line in (p / "unit.toml").read_text().splitlines():
                code = line.split("#")[0].strip()
                if "=" in code and not code.startswith("[") and not code.startswith(("name", "cells", "riser_cell_height",
                                                                                       "water_gas_shift", "extrapolate_kinetics")):
                    assert "#" in line, f"{p.name}/unit.toml: no source or ASSUMPTION on {line!r}"


def test_data_only_datasets_are_reported_with_their_reason(results, tmp_path):
    data_only = {n: r for n, r in results.items() if r.data_only}
    assert {"Chalmers_100kW_MnOre_Sinaus_solid_fuels",
            "Haus_25kW_CuO_two_stage_coal", "CHEERS_5MW_lignite", "Chalmers_10kW_ilmenite_char_batch",
            "Wang2018_separated_gasification_CLC_coal"} <= set(data_only)
    table = validate.summary_table(list(results.values()))
    report = validate.write_report(list(results.values()), tmp_path / "rep").read_text()
    for name, r in data_only.items():
        assert r.failed == [] and r.metrics() == {}
        assert all(p.ok and p.model == {} for p in r.points)
        assert len(r.points) == len(r.dataset.rows) >= 1 and any(p.data for p in r.points)
        reason = r.dataset.data_only_reason
        assert "char gasification kinetics" in reason
        assert f"| {name} | data only | {len(r.points)} |" in table and reason in table
        assert f"## {name}" in report and reason in report
        assert not (tmp_path / "rep" / f"pilot_{name}.png").exists()
    haus = data_only["Haus_25kW_CuO_two_stage_coal"]
    by_id = {p.point: p for p in haus.points}
    assert by_id["1"].data == {"carbon capture efficiency": (95.0, 100.0), "oxygen demand": (0.0, 2.0)}
    assert by_id["3"].data == {"carbon capture efficiency": (40.0, 40.0)}  # oxygen demand not published


def test_data_only_dataset_does_not_stop_or_fail_the_run(tmp_path, capsys):
    root = _copy_dataset(tmp_path)
    shutil.copytree(HAUS, root / HAUS.name)
    results = validate.run(root, sensitivity=False)
    by_name = {r.dataset.name: r for r in results}
    assert set(by_name) == {TUWIEN.name, HAUS.name}
    tw = by_name[TUWIEN.name]
    assert not tw.failed and all(math.isfinite(v) for v in tw.metrics()["CH4 conversion"].values() if isinstance(v, float))
    assert by_name[HAUS.name].data_only and not by_name[HAUS.name].failed
    assert cli.main(["validate", "--root", str(root), "--out", str(tmp_path / "rep"), "--no-sensitivity"]) == 0
    out = capsys.readouterr().out
    assert f"| {HAUS.name} | data only | 3 |" in out and "failed:" not in out and "nan" not in out.lower()


def test_data_only_metadata_is_checked(tmp_path):
    root = tmp_path / "pilots"
    dst = root / HAUS.name
    shutil.copytree(HAUS, dst)
    meta = yaml.safe_load((dst / "metadata.yaml").read_text())
    (dst / "metadata.yaml").write_text(yaml.safe_dump(dict(meta, reason="")))
    with pytest.raises(ValueError, match="reason"):
        validate.load_dataset(dst)
    (dst / "metadata.yaml").write_text(yaml.safe_dump(meta))
    text = (dst / "data.csv").read_text().replace(",95,100,", ",ninety-five,100,")
    (dst / "data.csv").write_text(text)
    with pytest.raises(ValueError, match="not a number"):
        validate.load_dataset(dst)
    (r,) = validate.run(root)  # broken data are reported as a failing dataset, never raised
    assert r.failed and "not a number" in r.failed[0].error
    (dst / "metadata.yaml").write_text("simulate: false\nreason: [unclosed\n")
    with pytest.raises(ValueError, match="not valid YAML"):
        validate.load_dataset(dst)


def test_tudarmstadt_unit_is_complete_except_char_kinetics():
    doc = config.read(TUDARMSTADT / "unit.toml")  # the file itself: clc validate adds the set metadata.yaml names
    assert "char_kinetics" not in doc["fuel"]
    with pytest.raises(ValueError, match="char_kinetics"):
        config.from_dict(doc)
    u = config.from_dict(dict(doc, fuel=dict(doc["fuel"], char_kinetics=TEST_CHAR_KINETICS)))
    assert u.solid_fuel is not None and u.solid_fuel.stripper_efficiency == 0.0  # no carbon stripper (abstract)
    assert (u.fuel_reactor.regime, u.air_reactor.regime) == ("riser", "riser")


def test_char_kinetics_named_in_metadata_lets_the_dataset_run(tmp_path):
    dst = tmp_path / "pilots" / TUDARMSTADT.name
    shutil.copytree(TUDARMSTADT, dst)
    meta = yaml.safe_load((dst / "metadata.yaml").read_text())
    meta["char_kinetics"] = "test_char.yaml"
    (dst / "metadata.yaml").write_text(yaml.safe_dump(meta))
    assert validate.load_dataset(dst).data_only  # named, but the file does not exist yet
    (dst / "test_char.yaml").write_text(yaml.safe_dump(TEST_CHAR_KINETICS))
    ds = validate.load_dataset(dst)
    assert not ds.data_only and ds.unit_doc["fuel"]["char_kinetics"]["name"] == TEST_CHAR_KINETICS["name"]
    r = validate.validate_dataset(ds, sensitivity=False, trends=False)
    # it runs (the stand-in coal's volatiles close with the lumped tar of unit.toml)
    (p,) = r.points
    assert p.ok and 0.0 < p.model["oxygen demand"] < 100.0
    assert r.metrics()["oxygen demand"]["n_ok"] == 1


def test_tudarmstadt_is_simulated_and_its_oxygen_demand_follows_the_volatiles_bypass():
    """The shipped dataset runs with the provisional char set its metadata names. In its riser FR
    nearly all in-bed gas is burnt, so the oxygen demand is set by the volatiles that bypass the
    bed: it rises with the bypass share and hardly moves with the FR temperature."""
    r = validate.validate_dataset(validate.load_dataset(TUDARMSTADT), sensitivity=True, trends=False)
    assert not r.data_only and not r.failed
    (p,) = r.points
    od = {k: v["oxygen demand"] for k, v in p.sensitivity.items()}
    assert od["volatiles bypass 0"] < p.model["oxygen demand"] < od["volatiles bypass 0.3"] < od["volatiles bypass 0.6"]
    assert abs(od["FR 1000 degC"] - od["FR 900 degC"]) < 0.1 * p.model["oxygen demand"]


# ------------------------------------------------------------------------ trend sweeps (trends:)

SMALL_TRENDS = [  # 3 values each keeps the tests fast; the point itself is at 950 degC, 11 kg
    {"label": "phi", "field": "phi", "values": [1.0, 2.5, 5.0]},
    {"label": "FR temperature", "column": "T_FR_degC", "values": [900, 925, 950]},
    {"label": "FR inventory", "field": "fuel_reactor.inventory", "unit": "kg", "values": [5, 11, 25]},
]


def _with_trends(trends):
    def edit(meta):
        meta["trends"] = trends
    return edit


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    """TU Wien with small trend sweeps, no sensitivity cases."""
    root = _copy_dataset(tmp_path_factory.mktemp("trends"), meta_edit=_with_trends(SMALL_TRENDS))
    (r,) = validate.run(root, sensitivity=False)
    return r


def _ch4(sweep):
    return [v["CH4 conversion"] for _, v in sweep]


def test_tuwien_metadata_trends_load():
    ds = validate.load_dataset(TUWIEN)
    assert {t.label for t in ds.trends} == {"phi", "FR temperature", "FR inventory"}
    assert all(len(t.values) >= 3 for t in ds.trends)


def test_trend_sweeps_follow_the_physics(swept):
    (p,) = swept.points
    assert p.ok and set(p.trends) == {t["label"] for t in SMALL_TRENDS}
    for label, sweep in p.trends.items():
        assert [x for x, _ in sweep] == [float(x) for x in next(t for t in SMALL_TRENDS if t["label"] == label)["values"]]
        assert all("error" not in v and math.isfinite(v["CH4 conversion"]) and 0.0 < v["CH4 conversion"] < 100.0
                   for _, v in sweep), sweep
    x_inv, x_T, x_phi = _ch4(p.trends["FR inventory"]), _ch4(p.trends["FR temperature"]), _ch4(p.trends["phi"])
    # more solids in the riser, more contact; hotter, faster kinetics; more oxygen carried per fuel
    assert all(b >= a for a, b in zip(x_inv, x_inv[1:])), x_inv
    assert all(b >= a for a, b in zip(x_T, x_T[1:])), x_T
    assert all(b >= a for a, b in zip(x_phi, x_phi[1:])), x_phi
    # a sweep value equal to the point's own input holds every other input: it is the point
    base = p.model["CH4 conversion"]
    assert p.trends["FR inventory"][1][1]["CH4 conversion"] == pytest.approx(base, rel=1e-9)
    assert p.trends["FR temperature"][2][1]["CH4 conversion"] == pytest.approx(base, rel=1e-9)
    # the data are drawn at the point's own condition on each axis
    assert p.trend_x == pytest.approx({"phi": p.other["phi"], "FR temperature": 950.0, "FR inventory": 11.0})


def test_phi_sweep_sets_the_model_phi(tmp_path):
    root = _copy_dataset(tmp_path, meta_edit=_with_trends([{"field": "phi", "values": [2.0]}]))
    ds = validate.load_dataset(root / TUWIEN.name)
    (trend,) = ds.trends
    assert trend.label == "phi"  # default label
    r = loop.solve(config.from_dict(validate._trend_config(ds, ds.rows[0], trend, 2.0)))
    assert r.figures["oxygen carrier to fuel ratio phi"][0] == pytest.approx(2.0, rel=1e-9)


def test_failing_sweep_value_is_recorded_and_the_others_kept(tmp_path):
    trends = [  # 1000 degC lies beyond the carrier's kinetic data; 0 kg beyond the config's range
        {"label": "FR temperature", "column": "T_FR_degC", "values": [900, 1000, 950]},
        {"label": "FR inventory", "field": "fuel_reactor.inventory", "unit": "kg", "values": [0, 11]},
    ]
    root = _copy_dataset(tmp_path, meta_edit=_with_trends(trends))
    (r,) = validate.run(root, sensitivity=False)
    (p,) = r.points
    assert p.ok and not r.failed  # a failing sweep value does not fail the point
    t = dict(p.trends["FR temperature"])
    assert "error" in t[1000.0] and "outside the range" in t[1000.0]["error"]
    assert set(t[900.0]) == set(t[950.0]) == {"CH4 conversion"}
    assert t[900.0]["CH4 conversion"] < t[950.0]["CH4 conversion"]
    inv = dict(p.trends["FR inventory"])
    assert "fuel_reactor.inventory" in inv[0.0]["error"]
    assert inv[11.0]["CH4 conversion"] == pytest.approx(p.model["CH4 conversion"], rel=1e-9)
    values = [v for sweep in p.trends.values() for _, d in sweep for k, v in d.items() if k != "error"]
    assert values and all(math.isfinite(v) for v in values)
    text = validate.write_report([r], tmp_path / "rep").read_text()
    assert "Sweep values that failed" in text and "FR temperature (T_FR_degC) = 1000" in text
    assert "nan" not in text.lower()


def test_trends_can_be_turned_off(swept, tmp_path):
    (r,) = validate.run(swept.dataset.path.parent, sensitivity=False, trends=False)
    assert r.points[0].ok and r.points[0].trends == {} and r.points[0].trend_x == {}


@pytest.mark.parametrize("entry, match", [
    ({"label": "e", "column": "T_FR_degC", "values": []}, r"trends\[0\] \(e\).*'values' must be a non-empty list"),
    ({"column": "T_FR_degC"}, r"trends\[0\].*'values'"),
    ({"column": "T_FR_degC", "values": [900, "hot"]}, r"trends\[0\].*'hot'.*not a finite number"),
    ({"column": "T_FR_degC", "values": [900, True]}, r"trends\[0\].*True.*not a finite number"),
    ({"column": "T_XX_degC", "values": [900]}, r"trends\[0\].*'T_XX_degC'.*not a condition column; allowed: .*T_FR_degC"),
    ({"column": "T_FR_degC", "field": "phi", "values": [1]}, r"trends\[0\].*'column'.*'field'.*not both"),
    ({"values": [1]}, r"trends\[0\].*not neither"),
    ({"field": "phi", "values": [1], "step": 2}, r"trends\[0\].*unknown key\(s\) step; allowed: label"),
    ({"field": "phi", "values": [0.0, 1.0]}, r"trends\[0\].*phi value 0 must be positive"),
    ({"field": "phi", "unit": "-", "values": [1.0]}, r"trends\[0\].*phi is dimensionless"),
    ({"column": "T_FR_degC", "unit": "K", "values": [900]}, r"trends\[0\].*'unit' 'K' is not allowed with 'column'"),
    ({"field": "fuel_reactor.inventory", "unit": "stone", "values": [5]}, r"trends\[0\].*unit 'stone'.*allowed: K"),
    ({"field": "fuel_reactor", "values": [5]}, r"trends\[0\].*'fuel_reactor' is a table"),
    ({"field": "fuel reactor.inventory", "values": [5]}, r"trends\[0\].*'fuel reactor.inventory' is not 'phi'"),
])
def test_bad_trend_entries_raise_naming_the_entry(tmp_path, entry, match):
    root = _copy_dataset(tmp_path, meta_edit=_with_trends([entry]))
    with pytest.raises(ValueError, match=match) as exc:
        validate.load_dataset(root / TUWIEN.name)
    assert TUWIEN.name in str(exc.value)  # the message names the dataset


def test_bad_trends_block_raises(tmp_path):
    root = _copy_dataset(tmp_path, meta_edit=_with_trends({"field": "phi"}))
    with pytest.raises(ValueError, match="trends: must be a list"):
        validate.load_dataset(root / TUWIEN.name)
    twice = [{"field": "phi", "values": [1.0]}, {"label": "phi", "column": "T_FR_degC", "values": [900]}]
    root = _copy_dataset(tmp_path / "b", meta_edit=_with_trends(twice))
    with pytest.raises(ValueError, match="'phi' used twice"):
        validate.load_dataset(root / TUWIEN.name)


def test_report_has_one_trend_panel_per_label(swept, tmp_path):
    assert validate.trend_panels(swept.dataset) == [t["label"] for t in SMALL_TRENDS]
    text = validate.write_report([swept], tmp_path / "rep").read_text()
    for t in SMALL_TRENDS:
        assert f"| 1 | {t['label']}" in text
    assert "they are not data" in text and "Sweep values that failed" not in text
    png = tmp_path / "rep" / f"pilot_{TUWIEN.name}.png"
    from matplotlib import image
    height, width = image.imread(png).shape[:2]
    assert width > 3.5 * height  # parity + three trend panels side by side
    # without trends: the panels fall back to the condition columns
    ds = validate.load_dataset(TUWIEN)
    ds.trends = []
    assert validate.trend_panels(ds) and set(validate.trend_panels(ds)) <= set(ds.conditions)
