"""clc.data_ranges: ranges beside values of the kinetic data files, checked by the loaders and sampled
by `clc uncertainty` (carrier.<gas>.<parameter>, fuel.char_kinetics.<path>)."""

import copy

import pytest
import yaml

from clc import carriers, char, config, data_range_keys, data_ranges, solid_fuel, uncertainty

CARRIER = "Abad2011_ilmenite_activated"  # the carrier of the shipped natural-gas unit
E_CH4 = ("reactions", "CH4", "parameters", "E")


def _unit_file(tmp_path, inputs: dict, extra: str = "", name: str = "unit.toml"):
    text = config.example_path().read_text().split("\n[uncertainty]")[0]
    lines = [text, "", "[uncertainty]", 'kpis = ["combustion efficiency"]', extra, "[uncertainty.inputs]"]
    lines += [f"{uncertainty._toml_value(k)} = {uncertainty._toml_value(v)}" for k, v in inputs.items()]
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n")
    return p


def _width(spec, n=12, seed=3) -> tuple[float, float]:
    """(5-95 % width, median) of the unit's combustion efficiency over an LHS of the spec's inputs,
    each sample solved in this process."""
    des = uncertainty.design(spec.inputs, "lhs", n, seed)
    rows = [{"point": str(i), **uncertainty.run_unit_sample(spec.base, p, ["combustion efficiency"])}
            for i, p in enumerate(des.points)]
    assert all(r["status"] == "ok" for r in rows), [r["error"] for r in rows if r["status"] != "ok"]
    (res,) = uncertainty.analyse(des, rows, ["combustion efficiency"])
    assert res.p05 <= res.median <= res.p95
    return res.p95 - res.p05, res.median


def test_shipped_files_hold_checked_ranges_with_sources():
    doc, path = carriers.document(CARRIER)
    assert data_ranges.check_doc(doc, path.name) == 4  # E of H2, CO, CH4, O2
    spec = data_range_keys.input_spec("carrier.CH4.E", {"carrier": CARRIER})
    assert spec["source"].startswith("ASSUMPTION") and CARRIER in spec["source"]
    inp = uncertainty.parse_input("carrier.CH4.E", spec, doc["reactions"]["CH4"]["parameters"]["E"]["value"])
    assert (inp.params["low"], inp.params["high"]) == pytest.approx((0.95 * 135200.0, 1.05 * 135200.0))
    # a range taken from a source (not labelled ASSUMPTION): Hamel's three random pore fits
    hamel = data_range_keys.input_spec("fuel.char_kinetics.psi", {"fuel": {"char_kinetics": "Hamel2001_rhenish_lignite_char_CO2"}})
    assert (hamel["low"], hamel["high"]) == (2.38, 2.43) and not hamel["source"].startswith("ASSUMPTION")
    unit = {"carrier": CARRIER, "fuel": {"char_kinetics": "WatanabeOtaka2006_bituminous_char"}}
    keys = data_range_keys.ranged_keys(unit)
    assert "carrier.CH4.E" in keys and "fuel.char_kinetics.k4.n" in keys and "fuel.char_kinetics.k1.A" in keys
    for key in keys:  # every range of the provisional char set says where it comes from
        assert data_range_keys.input_spec(key, unit)["source"]
    assert solid_fuel.list_fuels() and char.list_sets()  # loaders accept the files with their ranges


@pytest.mark.parametrize("rng, match", [
    ({"distribution": "uniform", "low": 1.0, "high": 2.0}, r"\.uncertainty\.source: missing"),
    ({"distribution": "uniform", "low": 1.0, "high": 2.0, "source": "x", "sd": 1.0}, r"takes low, high; not sd"),
    ({"distribution": "uniform", "low": 60000.0, "high": 70000.0, "source": "x"}, r"value 135200 lies outside"),
    ({"distribution": "lognormal", "source": "x"}, r"distribution='lognormal'; allowed"),
    ({"distribution": "normal", "sd": -1.0, "source": "x"}, r"sd=-1.0 must be positive"),
    ({"distribution": "relative", "range": 1.5, "source": "x"}, r"range=1.5 must lie in \(0, 100 %\)"),
    ({"distribution": "uniform", "low": "130 kJ/mol", "high": 140000.0, "source": "x"}, r"bare number"),
    ({"distribution": "uniform", "low": 1.0, "high": 2.0, "source": "x", "spread": 1}, r"unknown field\(s\) spread"),
])
def test_loaders_refuse_bad_ranges_by_file_and_field(rng, match):
    doc, path = carriers.document(CARRIER)
    doc = copy.deepcopy(doc)
    doc["reactions"]["CH4"]["parameters"]["E"]["uncertainty"] = rng
    with pytest.raises(ValueError, match=match) as err:
        data_ranges.check_doc(doc, path.name)
    assert f"{path.name}.reactions.CH4.parameters.E.uncertainty" in str(err.value)
    kin = yaml.safe_load((char.chars_dir() / "Hamel2001_rhenish_lignite_char_CO2.yaml").read_text())
    kin["k4"]["E"]["uncertainty"] = {"distribution": "uniform", "low": 1.0, "high": 2.0}
    with pytest.raises(ValueError, match=r"k4\.E\.uncertainty\.source: missing"):
        char.CharKinetics.from_dict(kin)  # an inline set is checked as a shipped one


def test_sample_sets_the_data_value():
    unit = {"carrier": CARRIER}
    point = data_range_keys.resolve_point({"carrier.CH4.E": 130000.0, "fuel_reactor.temperature": "900 degC"}, unit)
    assert point["fuel_reactor.temperature"] == "900 degC" and point["carrier"] != CARRIER
    var = carriers.load(point["carrier"])
    assert var.reactions["CH4"].parameters["E"].value == 130000.0
    assert var.reactions["H2"].parameters["E"].value == carriers.load(CARRIER).reactions["H2"].parameters["E"].value
    assert carriers.load(CARRIER).reactions["CH4"].parameters["E"].value == 135200.0  # the shipped set unchanged
    assert data_range_keys.resolve_point({"carrier.CH4.E": 130000.0}, unit)["carrier"] == point["carrier"]  # same name
    # a char set: given inline with the sampled value (the unit file takes a table for a name)
    unit = {"fuel": {"char_kinetics": "WatanabeOtaka2006_bituminous_char"}}
    table = data_range_keys.resolve_point({"fuel.char_kinetics.k4.n": 0.7}, unit)["fuel.char_kinetics"]
    kin, ship = char.CharKinetics.from_dict(table), char.load("WatanabeOtaka2006_bituminous_char")
    assert kin.orders == (ship.orders[0], 0.7) and kin.E.tolist() == ship.E.tolist()
    assert kin.provisional == ship.provisional  # the set stays provisional (and says so) in a sample
    with pytest.raises(ValueError, match=r"carrier.CH4: a carrier value is addressed as carrier.<gas>.<parameter>"):
        data_range_keys.resolve_point({"carrier.CH4": 1.0}, {"carrier": CARRIER})
    with pytest.raises(ValueError, match=r"has no value reactions.CH4.parameters.Q"):
        data_range_keys.entry("carrier.CH4.Q", {"carrier": CARRIER})


def test_capture_case_samples_the_unit_carrier():
    from clc.cli import plant_config_example

    spec = uncertainty.load(plant_config_example("cement_clc_sichuan"))
    _, unit, _, _ = uncertainty.cement_case(spec.base, {"unit.carrier.CH4.E": 140000.0, "unit.air.excess": 1.25})
    assert carriers.load(unit.carrier).reactions["CH4"].parameters["E"].value == 140000.0
    assert unit.air_excess == 1.25


def test_data_range_widens_the_interval_and_shrinking_it_shrinks_it(tmp_path, monkeypatch):
    toml_only = {"solids_circulation": {"distribution": "relative", "range": "3 %", "source": "ASSUMPTION: test"}}
    spec0 = uncertainty.load(_unit_file(tmp_path, toml_only))
    spec1 = uncertainty.load(_unit_file(tmp_path, {**toml_only, "carrier.CH4.E": "data"}, name="u1.toml"))
    assert [i.key for i in spec1.inputs] == ["solids_circulation", "carrier.CH4.E"]
    w0, m0 = _width(spec0)
    w1, m1 = _width(spec1)
    assert w1 > 2.0 * w0  # the file's +-5 % on E adds to the spread of the combustion efficiency

    # the same file with the range shrunk to +-0.5 %: the interval shrinks with it
    docs = dict(carriers._documents())
    doc, path = docs[CARRIER]
    doc = copy.deepcopy(doc)
    e = doc["reactions"]["CH4"]["parameters"]["E"]
    e["uncertainty"] = {**e["uncertainty"], "range": 0.005}
    docs[CARRIER] = (doc, path)
    monkeypatch.setattr(carriers, "_documents", lambda: docs)  # plain Python (no kernel reads it)
    spec2 = uncertainty.load(_unit_file(tmp_path, {**toml_only, "carrier.CH4.E": "data"}, name="u2.toml"))
    assert spec2.inputs[1].params["high"] == pytest.approx(135200.0 * 1.005)
    w2, m2 = _width(spec2)
    assert w2 < 0.5 * w1
    assert m0 == pytest.approx(m1, abs=0.3 * w1) and m2 == pytest.approx(m1, abs=0.3 * w1)


def test_data_ranges_setting_and_bad_keys(tmp_path):
    spec = uncertainty.load(_unit_file(tmp_path, {}, extra="data_ranges = true"))
    assert {i.key for i in spec.inputs} == {"carrier.H2.E", "carrier.CO.E", "carrier.CH4.E", "carrier.O2.E"}
    assert all(i.assumption for i in spec.inputs)
    with pytest.raises(ValueError, match=r"carrier.CH4.k0: Abad2011_ilmenite_activated.yaml gives no range"):
        uncertainty.load(_unit_file(tmp_path, {"carrier.CH4.k0": "data"}))
    own = {"distribution": "uniform", "low": 5.0, "high": 15.0, "source": "ASSUMPTION: test"}
    assert uncertainty.load(_unit_file(tmp_path, {"carrier.CH4.k0": own})).inputs[0].params["high"] == 15.0
    with pytest.raises(ValueError, match=r"data_ranges='yes' must be true or false"):
        uncertainty.load(_unit_file(tmp_path, {}, extra='data_ranges = "yes"'))
