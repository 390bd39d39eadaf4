"""clc.uncertainty: input ranges, SALib designs, indices of a linear function, failures, files."""

import tomllib

import numpy as np
import pytest

from clc import config, dotted, study, uncertainty


# ---- a cheap model: Y = sum a_i X_i with uniform X_i, whose Sobol' indices are known ----------

A = {"x1": 1.0, "x2": 2.0, "x3": 3.0}
WIDTHS = {"x1": ("0 m", "1 m"), "x2": ("0 m", "2 m"), "x3": ("1 m", "2 m")}


def _inputs(widths=WIDTHS):
    base = {k: "1 m" for k in widths}
    return [uncertainty.parse_input(k, {"distribution": "uniform", "low": lo, "high": hi, "source": "ASSUMPTION: test"},
                                    base[k]) for k, (lo, hi) in widths.items()]


def _y(point: dict) -> float:
    return sum(a * float(str(point[k]).split()[0]) for k, a in A.items() if k in point)


def linear_sample(base, point, figures):
    """A study evaluator (in-process): the linear model; fails where x1 > 0.8 when base says so."""
    x1 = float(str(point["x1"]).split()[0])
    if base.get("fail_above") is not None and x1 > base["fail_above"]:
        return {"status": "error", "error": f"RuntimeError: x1={x1:g} above {base['fail_above']}"}
    return {"status": "ok", "error": "", "Y": _y(point), "max balance residual": 0.0}


def _rows(des):
    return [{"point": str(i), "status": "ok", "Y": repr(_y(p))} for i, p in enumerate(des.points)]


def _exact_indices():
    var = {k: A[k] ** 2 * (float(WIDTHS[k][1].split()[0]) - float(WIDTHS[k][0].split()[0])) ** 2 / 12 for k in A}
    tot = sum(var.values())
    return {k: v / tot for k, v in var.items()}


def test_linear_function_sobol_indices_reproduced():
    des = uncertainty.design(_inputs(), "sobol", 1024, seed=1)
    assert des.u.shape == (1024 * 5, 3)
    (res,) = uncertainty.analyse(des, _rows(des), ["Y"], num_resamples=20)
    exact = _exact_indices()  # a_i^2 var_i / sum: 1/26, 16/26, 9/26
    for k, s in exact.items():
        assert res.indices[k]["S1"] == pytest.approx(s, abs=0.01)
        assert res.indices[k]["ST"] == pytest.approx(s, abs=0.01)
    assert [k for k, _ in res.ranking()] == ["x2", "x3", "x1"]
    assert res.n_failed == 0 and res.n_used == 2 * 1024  # interval from the A and B rows


def test_linear_function_morris_and_lhs_measures_exact():
    des = uncertainty.design(_inputs(), "morris", 10, seed=2)
    (res,) = uncertainty.analyse(des, _rows(des), ["Y"], num_resamples=10)
    for k in A:  # an elementary effect of a linear model is a_i times the input's width, exactly
        w = float(WIDTHS[k][1].split()[0]) - float(WIDTHS[k][0].split()[0])
        assert res.indices[k]["mu_star"] == pytest.approx(A[k] * w, rel=1e-6)
        assert res.indices[k]["sigma"] == pytest.approx(0.0, abs=1e-6)
    des = uncertainty.design(_inputs(), "lhs", 40, seed=3)
    (res,) = uncertainty.analyse(des, _rows(des), ["Y"])
    for k in A:  # swing of the KPI as the input goes from its 5 % to its 95 % quantile
        w = float(WIDTHS[k][1].split()[0]) - float(WIDTHS[k][0].split()[0])
        assert res.indices[k]["swing"] == pytest.approx(0.9 * A[k] * w, rel=1e-6)


def test_few_lhs_samples_rank_inputs_by_rank_correlation():
    """Too few samples for the linear fit (here 3 for 3 inputs): no swing, but the inputs are still
    ranked, by Spearman's rho, and the dominant one (x2: 2 x a width of 2) comes first; the report
    prints what was computed and never lists inputs against a missing index."""
    from clc import uncertainty_report

    widths = {"x1": ("0 m", "0.001 m"), "x2": ("0 m", "2 m"), "x3": ("1 m", "1.001 m")}
    des = uncertainty.design(_inputs(widths), "lhs", 4, seed=4)
    (res,) = uncertainty.analyse(des, _rows(des), ["Y"])
    assert all(np.isnan(ix["swing"]) for ix in res.indices.values())
    # Y follows x2's ranks exactly; with 4 points another input may tie at |rho| = 1 only by chance
    assert res.indices["x2"]["spearman"] == pytest.approx(1.0)
    ranked = dict(res.ranking())
    assert ranked["x2"] == pytest.approx(1.0) and max(ranked.values()) == pytest.approx(1.0)
    assert all(ranked[k] == pytest.approx(abs(res.indices[k]["spearman"])) for k in ranked)
    assert "ranked by Spearman" in res.note
    des1 = uncertainty.design(_inputs(widths), "lhs", 2, seed=4)
    (one,) = uncertainty.analyse(des1, _rows(des1), ["Y"])
    assert all(np.isnan(ix["spearman"]) for ix in one.indices.values())

    class Rep:  # the fields format_report reads
        spec = type("S", (), {"path": "x.toml", "kind": "unit"})()
        design, results, failures, files = des1, [one], [], {"samples": __import__("pathlib").Path("s.csv")}
    text = uncertainty_report.format_report(Rep())
    assert "Y: no index computed" in text and "nan" not in text.split("inputs that drive")[1]


def test_intervals_shrink_when_ranges_shrink():
    wide = uncertainty.design(_inputs(), "lhs", 200, seed=4)
    narrow_widths = {k: (f"{(float(lo.split()[0]) + float(hi.split()[0])) / 2 - 0.1} m",
                         f"{(float(lo.split()[0]) + float(hi.split()[0])) / 2 + 0.1} m") for k, (lo, hi) in WIDTHS.items()}
    narrow = uncertainty.design(_inputs(narrow_widths), "lhs", 200, seed=4)
    (rw,) = uncertainty.analyse(wide, _rows(wide), ["Y"])
    (rn,) = uncertainty.analyse(narrow, _rows(narrow), ["Y"])
    assert rn.p05 < rn.median < rn.p95 and rw.p05 < rw.median < rw.p95
    assert (rn.p95 - rn.p05) < 0.3 * (rw.p95 - rw.p05)
    assert rn.median == pytest.approx(rw.median, rel=0.05)
    # a relative range: +-5 % is narrower than +-20 %
    r5 = uncertainty.parse_input("k", {"distribution": "relative", "range": "5 %", "source": "ASSUMPTION"}, "2000 kg/MWth")
    r20 = uncertainty.parse_input("k", {"distribution": "relative", "range": 0.2, "source": "ASSUMPTION"}, "2000 kg/MWth")
    assert (r5.params["low"], r5.params["high"], r5.unit) == (1900.0, 2100.0, "kg/MWth")
    assert r20.params["high"] - r20.params["low"] == pytest.approx(800.0)


def test_distributions_map_probabilities():
    tri = uncertainty.parse_input("t", {"distribution": "triangular", "low": "1 m", "mode": "2 m", "high": "4 m",
                                        "source": "x"}, "2 m")
    assert tri.ppf([0.0, 1.0]).tolist() == [1.0, 4.0]
    assert tri.ppf(1 / 3) == pytest.approx(2.0)  # the mode holds a third of the mass here
    nrm = uncertainty.parse_input("n", {"distribution": "normal", "mean": 10.0, "sd": 1.0, "source": "x"}, 10.0)
    assert (nrm.params["low"], nrm.params["high"]) == (7.0, 13.0)  # truncated at -+3 sd by default
    assert nrm.ppf(0.5) == pytest.approx(10.0) and nrm.ppf(0.0) == pytest.approx(7.0)
    assert not nrm.assumption and tri.typed(2.5) == "2.5 m"


def test_failed_samples_are_recorded_counted_and_reported(tmp_path):
    inputs = _inputs()
    des = uncertainty.design(inputs, "sobol", 8, seed=5)
    st = study.Study({"fail_above": 0.8}, [i.key for i in inputs], des.points, ["Y"], tmp_path / "s.csv", linear_sample)
    study.run(st, workers=1, progress=None)
    rows = study.read_table(tmp_path / "s.csv")
    assert len(rows) == len(des.points) == 8 * 5  # every sample has its row, failed or not
    failed = [r for r in rows if r["status"] == "error"]
    assert failed and all("above 0.8" in r["error"] for r in failed)
    (res,) = uncertainty.analyse(des, rows, ["Y"], num_resamples=10)
    assert res.n_failed == len(failed)
    blocks_bad = len({int(r["point"]) // des.block for r in failed})
    assert f"{blocks_bad} of 8 base samples had a failed run" in res.note
    assert res.n_used == 2 * (8 - blocks_bad)
    # Morris: the trajectories with a failure are left out
    des = uncertainty.design(inputs, "morris", 6, seed=5)
    st = study.Study({"fail_above": 0.8}, [i.key for i in inputs], des.points, ["Y"], tmp_path / "m.csv", linear_sample)
    study.run(st, workers=1, scheduler="local", progress=None)  # on Dask (an in-process cluster)
    rows = study.read_table(tmp_path / "m.csv")
    (res,) = uncertainty.analyse(des, rows, ["Y"], num_resamples=10)
    n_fail = sum(r["status"] == "error" for r in rows)
    assert res.n_failed == n_fail
    if n_fail:
        assert "trajectories had a failed run" in res.note


# ---- files: unit file end to end, capture case parsing, bad tables --------------------------------

def _unit_file(tmp_path, inputs: dict, extra: str = "") -> str:
    text = config.example_path().read_text().split("\n[uncertainty]")[0]
    lines = [text, "", "[uncertainty]", extra, "[uncertainty.inputs]"]
    lines += [f"{uncertainty._toml_value(k)} = {uncertainty._toml_value(v)}" for k, v in inputs.items()]
    p = tmp_path / "unit.toml"
    p.write_text("\n".join(lines) + "\n")
    return p


def test_unit_file_end_to_end_with_failures_and_resume(tmp_path):
    path = _unit_file(tmp_path, {
        "air_reactor.temperature": {"distribution": "uniform", "low": "880 degC", "high": "920 degC",
                                     "source": "ASSUMPTION: test"},
        "air_reactor.inventory": {"distribution": "uniform", "low": "0.4 t", "high": "2.5 t",
                                  "source": "ASSUMPTION: low end below what the riser profile holds"}})
    out = tmp_path / "out"
    rep = uncertainty.run(path, method="lhs", samples=8, seed=0, workers=1, out=out)
    rows = study.read_table(out / uncertainty.SAMPLES_CSV)
    failed = [r for r in rows if r["status"] == "error"]
    assert len(rows) == 8 and failed and len(rep.failures) == len(failed)
    assert all(r["error"] for r in failed)
    text = rep.text()
    assert f"failed samples: {len(failed)} of 8" in text and "combustion efficiency" in text
    assert all(p.is_file() for p in rep.files.values())
    res = {r.name: r for r in rep.results}
    ce = res["combustion efficiency"]
    assert ce.n_failed == len(failed) and ce.n_used == 8 - len(failed)
    assert ce.p05 <= ce.median <= ce.p95 and 0.5 < ce.nominal < 0.9
    iv = uncertainty.intervals(out, path)
    assert iv["combustion efficiency"]["median"] == pytest.approx(ce.median)
    assert uncertainty.intervals(out, tmp_path / "other.toml") is None
    assert "combustion efficiency" in "\n".join(uncertainty.report_lines(out, path))
    # rerun: resumed (nothing new to run); another design in the same folder is refused
    uncertainty.run(path, method="lhs", samples=8, seed=0, workers=1, out=out)
    assert len(study.read_table(out / uncertainty.SAMPLES_CSV)) == 8
    with pytest.raises(ValueError, match="another design"):
        uncertainty.run(path, method="lhs", samples=8, seed=1, workers=1, out=out)


def test_shipped_tables_load():
    unit = uncertainty.load(config.example_path())
    assert unit.kind == "unit" and len(unit.inputs) >= 5
    from clc.cli import plant_config_example

    case = uncertainty.load(plant_config_example("cement_clc_sichuan"))
    assert case.kind == "cement" and len(case.inputs) >= 8
    assert any(not i.assumption for i in case.inputs) and any(i.assumption for i in case.inputs)


def test_cement_case_sets_plant_unit_and_integration_values():
    from clc.cli import plant_config_example

    spec = uncertainty.load(plant_config_example("cement_clc_sichuan"))
    plant, unit, opts, costs = uncertainty.cement_case(spec.base, {
        "integration.whr_efficiency": 0.2, "unit.air.excess": 1.25,
        "plant.preheater.false_air": "0.3 kg/kg clinker", "integration.calciner_temperature": "930 degC"})
    assert opts.whr_efficiency == 0.2 and unit.air_excess == 1.25
    assert plant.false_air == pytest.approx(0.3) and opts.calciner_temperature == pytest.approx(1203.15)
    assert costs is not None and costs.electricity_price > 0  # the case's [cost] table travels with the sample
    plant0, unit0, opts0, _ = uncertainty.cement_case(spec.base, {})
    assert unit0.air_excess == 1.2 and opts0.whr_efficiency != 0.2


def test_cement_case_keeps_the_case_plant_overrides(tmp_path):
    """A case's [plant_overrides] are the plant every sample starts from; a sample may still vary them."""
    from clc.cli import plant_config_example

    doc = tomllib.loads(plant_config_example("cement_clc_sichuan").read_text())
    doc["plant_overrides"] = {"kiln.fuel_share": 0.40}
    doc["plant"] = str(plant_config_example(doc["plant"]))
    path = tmp_path / "case.toml"
    path.write_text(uncertainty.toml_text(doc))
    spec = uncertainty.load(path)
    plant, *_ = uncertainty.cement_case(spec.base, {})
    assert plant.kiln_fuel_share == 0.40
    plant, *_ = uncertainty.cement_case(spec.base, {"plant.kiln.fuel_share": 0.45})
    assert plant.kiln_fuel_share == 0.45
    plant, *_ = uncertainty.cement_case(spec.base, {"plant.preheater.false_air": "0.3 kg/kg clinker"})
    assert plant.kiln_fuel_share == 0.40 and plant.false_air == pytest.approx(0.3)


def test_toml_text_round_trip_of_shipped_case():
    from clc.cli import plant_config_example

    doc = tomllib.loads(plant_config_example("cement_clc_sichuan").read_text())
    assert tomllib.loads(uncertainty.toml_text(doc)) == doc


GOOD = {"distribution": "uniform", "low": "880 degC", "high": "920 degC", "source": "ASSUMPTION"}


@pytest.mark.parametrize("inputs, match", [
    ({"fuel_reactor.temprature": GOOD}, r"fuel_reactor.temprature: no such value"),
    ({"air_reactor.temperature": {**GOOD, "source": ""}}, r"source: missing"),
    ({"air_reactor.temperature": {k: v for k, v in GOOD.items() if k != "source"}}, r"source: missing"),
    ({"air_reactor.temperature": {**GOOD, "distribution": "lognormal"}}, r"distribution='lognormal'; allowed forms"),
    ({"air_reactor.temperature": {**GOOD, "low": "950 degC"}}, r"high .* must exceed low"),
    ({"air_reactor.temperature": {**GOOD, "low": "880 kg"}}, r"one unit"),
    ({"air_reactor.temperature": {**GOOD, "low": "880 kg", "high": "920 kg"}}, r"'kg' is not a unit of"),
    ({"air_reactor.temperature": {"distribution": "relative", "range": "10 %", "source": "x"}}, r"not meaningful"),
    ({"air_reactor.temperature": {**GOOD, "mode": "900 degC"}}, r"uniform' takes low, high; not mode"),
    ({"air_reactor.temperature": {**GOOD, "spread": 1}}, r"unknown field\(s\) spread"),
    ({"air.excess": {"distribution": "uniform", "low": 0.8, "high": 1.3, "source": "x"}},
     r"low end the unit does not load: air.excess=0.8 is outside the allowed range"),
    ({"fuel_reactor.orifices": {"distribution": "uniform", "low": 1e4, "high": 3e4, "source": "x"}}, r"whole number"),
    ({"particles.voidage_mf": {"distribution": "uniform", "low": "42 %", "high": "50 %", "source": "x"}}, r"bare number"),
    ({"fuel_reactor": GOOD}, r"table or list"),
    ({"air_reactor.temperature": "900 degC"}, r"give a table"),
])
def test_bad_tables_name_key_value_and_forms(tmp_path, inputs, match):
    path = _unit_file(tmp_path, inputs)
    with pytest.raises(ValueError, match=match) as err:
        uncertainty.load(path)
    assert "uncertainty.inputs" in str(err.value)


def test_bad_settings_and_designs(tmp_path):
    with pytest.raises(ValueError, match=r"uncertainty: unknown key\(s\) \"?air_reactor.temperature"):
        uncertainty.load(_unit_file(tmp_path, {}, extra=f'"air_reactor.temperature" = {uncertainty._toml_value(GOOD)}'))
    with pytest.raises(ValueError, match=r"uncertainty.method='mc'; allowed: sobol, morris, lhs"):
        uncertainty.load(_unit_file(tmp_path, {"air_reactor.temperature": GOOD}, extra='method = "mc"'))
    with pytest.raises(ValueError, match=r"uncertainty.inputs: missing or empty"):
        uncertainty.load(_unit_file(tmp_path, {}))
    with pytest.raises(ValueError, match="power of 2"):
        uncertainty.design(_inputs(), "sobol", 10)
    spec = uncertainty.load(_unit_file(tmp_path, {"air_reactor.temperature": GOOD}, extra='kpis = ["efficiency"]'))
    with pytest.raises(ValueError, match=r"unknown figure\(s\) 'efficiency'; available: .*combustion efficiency"):
        uncertainty.kpi_names(spec, ["combustion efficiency", "oxygen demand"])


def test_capture_case_keys(tmp_path):
    case = tmp_path / "case.toml"
    head = 'kind = "cement_clc"\nplant = "cement_sichuan_nsp_5000tpd"\nunit = "cheers_3mw_natural_gas"\n'

    def table(key, spec):
        return f"[uncertainty.inputs]\n{uncertainty._toml_value(key)} = {uncertainty._toml_value(spec)}\n"

    case.write_text(head + table("plant.cooler.tertiary_air_temperature", GOOD))
    with pytest.raises(ValueError, match=r"\[calibration\] solves this value"):
        uncertainty.load(case)
    case.write_text(head + table("plant.kiln.gas_temprature", GOOD))
    with pytest.raises(ValueError, match=r"no such value .*plant\., unit\."):
        uncertainty.load(case)
    ok = {"distribution": "uniform", "low": 0.154, "high": 0.225, "source": "x"}
    case.write_text(head + table("integration.whr_efficiency", ok))  # an option left at its default
    assert uncertainty.load(case).inputs[0].params["high"] == 0.225
    case.write_text(head + table("integration.whr_efficiency", {"distribution": "relative", "range": 0.1, "source": "x"}))
    with pytest.raises(ValueError, match="needs the value in the file"):
        uncertainty.load(case)
    case.write_text(head + table("unit.air_reactor.temperature", GOOD))
    assert dotted.get_value(uncertainty.load(case).base, "case.plant") == "cement_sichuan_nsp_5000tpd"


def test_cli_uncertainty(tmp_path, capsys):
    from clc import cli

    path = _unit_file(tmp_path, {"air_reactor.temperature": GOOD})
    assert cli.main(["uncertainty", str(path), "--method", "morris", "--samples", "2", "--workers", "1",
                     "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert "Morris: 2 trajectories x (D + 1) = 4 runs" in out and "by mu* (sigma)" in out
    assert (tmp_path / "o" / uncertainty.TORNADO_PNG).is_file()
    bad = _unit_file(tmp_path, {"air_reactor.temperature": {**GOOD, "distribution": "beta"}})
    assert cli.main(["uncertainty", str(bad), "--out", str(tmp_path / "b")]) == 2
    assert "uncertainty.inputs.air_reactor.temperature.distribution='beta'" in capsys.readouterr().err


@pytest.mark.parametrize("method, samples", [("sobol", 8), ("morris", 3), ("lhs", 8)])
def test_constant_kpi_has_zero_indices(method, samples):
    des = uncertainty.design(_inputs(), method, samples, seed=0)
    rows = [{"point": str(i), "status": "ok", "C": "1.0"} for i in range(len(des.points))]
    (res,) = uncertainty.analyse(des, rows, ["C"], num_resamples=10)
    assert res.median == res.p05 == res.p95 == 1.0 and "constant" in res.note
    assert all(v == 0.0 for ix in res.indices.values() for m, v in ix.items() if m != "spearman")


def test_a_solved_temperature_is_not_an_uncertain_input(tmp_path):
    """The natural-gas example's FR is adiabatic: its temperature is solved, so it cannot be sampled."""
    import tomllib

    doc = tomllib.loads(config.example_path().read_text())
    text = config.example_path().read_text().replace(
        '"air_reactor.temperature" = { distribution = "uniform", low = "900 degC", high = "950 degC"',
        '"fuel_reactor.temperature" = { distribution = "uniform", low = "880 degC", high = "920 degC"')
    assert doc["fuel_reactor"]["adiabatic"] is True and "fuel_reactor.temperature" in text
    path = tmp_path / "unit.toml"
    path.write_text(text)
    with pytest.raises(ValueError, match=r"uncertainty.inputs.fuel_reactor.temperature: the fuel_reactor is adiabatic"):
        uncertainty.load(path)
