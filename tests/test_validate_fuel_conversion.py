"""Fuel-conversion validation: the ICB-CSIC 500 Wth Cu-Mn unit (one calibrated reactivity factor) and
the TU Wien 120 kW ilmenite unit with the Kunii-Levenspiel fuel reactor (validation/pilots/).

Fast tests run a few points; the whole 37-point ICB-CSIC dataset is marked slow."""

import math
import tomllib
from pathlib import Path

import pytest

from clc import carriers, config, rates, validate, validate_calibration

PILOTS = Path(__file__).resolve().parent.parent / "validation" / "pilots"
ICB = PILOTS / "ICBCSIC_500W_CuMn_methane_biogas"
TUWIEN_KL = PILOTS / "TUWien_120kW_ilmenite_natural_gas_KL"
Q = "combustion efficiency"

# Errors measured on 2026-12-04 (model minus data, percentage points of combustion efficiency),
# ICB-CSIC 500 Wth with GarciaLabiano2004_Cu x 0.02136 (fitted on CH4-C06, CH4-C18, Bio-C07):
# the 34 predicted points MAE 9.64, bias +2.17, max 30.18 (CH4-C04); the 3 calibration points MAE
# 6.54, bias 0.00, max 9.81. Bounds a little above; a change that worsens the agreement fails.
ICB_BOUNDS = {"mae": 10.5, "bias": 3.5, "max_abs": 32.0}
# A few predicted points for the fast test: (point, model minus data as measured, bound on |error|)
ICB_FAST = (("CH4-C11", +0.70, 2.0), ("CH4-C20", -11.14, 12.5), ("Bio-C02", -0.13, 1.5))


@pytest.fixture(scope="module")
def icb():
    return validate.load_dataset(ICB)


# ----------------------------------------------------------------------------- reactivity factor

def test_reactivity_factor_scales_every_reduction_rate_and_leaves_oxidation():
    base, name = "GarciaLabiano2004_Cu", carriers.with_reactivity("GarciaLabiano2004_Cu", 0.25)
    assert carriers.with_reactivity(base, 1.0) == base and carriers.reactivity(name) == 0.25
    for T, C, X in ((1073.15, 1.5, 0.0), (1173.15, 0.3, 0.4)):
        assert math.isclose(carriers.reaction_rate(name, "CH4", T, C, X),
                            0.25 * carriers.reaction_rate(base, "CH4", T, C, X), rel_tol=1e-12)
        assert carriers.reaction_rate(name, "O2", T, C, X) == carriers.reaction_rate(base, "O2", T, C, X)
    # spherical grains (rate depends on X): the rate scales at every X
    ilm = "Abad2011_ilmenite_activated"
    scaled = carriers.with_reactivity(ilm, 3.0)
    for gas in carriers.load(ilm).gases:
        if gas != "O2":
            for X in (0.05, 0.5, 0.9):
                assert math.isclose(carriers.reaction_rate(scaled, gas, 1173.15, 1.0, X),
                                    3.0 * carriers.reaction_rate(ilm, gas, 1173.15, 1.0, X), rel_tol=1e-9)


def test_scaling_k0_and_d0_scales_a_mixed_control_rate():
    """Why with_reactivity scales D0 with k0: under mixed control (reaction + product-layer diffusion)
    only scaling both characteristic times scales dX/dt by the factor at every X."""
    kw = dict(E=6e4, n=0.8, L=1e-7, rho_m=8e4, b=4.0, E_D=1e5, Z=1.0)
    p = rates.make_params("mixed", 3, k0=1e-3, D0=1e-6, **kw)
    q = rates.make_params("mixed", 3, k0=2.5e-3, D0=2.5e-6, **kw)
    for X in (0.01, 0.3, 0.8):
        assert math.isclose(rates.conversion_rate(q, 1123.15, 2.0, X), 2.5 * rates.conversion_rate(p, 1123.15, 2.0, X),
                            rel_tol=1e-12)


@pytest.mark.parametrize("bad", [0.0, -1.0, math.inf, math.nan])
def test_reactivity_factor_refuses_bad_values(bad):
    with pytest.raises(ValueError):
        carriers.with_reactivity("GarciaLabiano2004_Cu", bad)
    doc = tomllib.loads((ICB / "unit.toml").read_text())
    doc["carrier_reactivity"] = bad
    with pytest.raises(ValueError, match="carrier_reactivity"):
        config.from_dict(doc)


def test_unit_config_reads_the_reactivity_factor():
    doc = tomllib.loads((ICB / "unit.toml").read_text())
    unit = config.from_dict(doc)
    assert carriers.reactivity(unit.carrier) == doc["carrier_reactivity"]
    assert carriers.load(unit.carrier).R_OC == carriers.load("GarciaLabiano2004_Cu").R_OC
    del doc["carrier_reactivity"]
    assert config.from_dict(doc).carrier == "GarciaLabiano2004_Cu"


# ----------------------------------------------------------------------------- ICB-CSIC 500 Wth

def test_icb_dataset_holds_table_2(icb):
    assert len(icb.rows) == 37
    assert sum(r["fuel"] == "CH4" for r in icb.rows) == 20 and sum(r["fuel"] == "biogas" for r in icb.rows) == 17
    effs = [float(r["eta_comb_pct"]) for r in icb.rows]
    assert min(effs) == 24.2 and max(effs) == 91.9  # Table 2's range
    for r in icb.rows:
        y = float(r["y_CH4"]) + float(r["y_CO2"]) + float(r["y_N2"])
        assert math.isclose(y, 1.0, abs_tol=1e-9)
        assert math.isclose(float(r["y_CO2"]), float(r["CO2_CH4_ratio"]) * float(r["y_CH4"]), abs_tol=1e-9)
        # two bed heights: kg/MWth x power is 0.31 kg or 0.595 kg of carrier in the fuel reactor
        inv = float(r["m_FR_kg_MWth"]) * float(r["power_W"]) * 1e-6
        assert min(abs(inv - 0.31), abs(inv - 0.595)) < 0.012, (r["point"], inv)


def test_icb_calibration_is_declared_and_matches_the_unit_file(icb):
    cal = icb.calibration
    assert cal is not None and cal.field == "carrier_reactivity" and cal.quantity == Q
    assert set(cal.points) == {"CH4-C06", "CH4-C18", "Bio-C07"}
    assert tomllib.loads((ICB / "unit.toml").read_text())["carrier_reactivity"] == cal.value
    assert validate.point_config(icb, icb.rows[0])["carrier_reactivity"] == cal.value


def test_icb_calibrated_factor_reproduces_its_calibration_points(icb):
    """At the stored factor the mean error over the calibration points is ~0 (the value is rounded to
    4 digits from 0.0213589)."""
    assert abs(validate_calibration.mean_error(icb, icb.calibration.value)) < 0.3


@pytest.mark.slow
def test_icb_calibration_is_found_again_and_bracketed(icb):
    """calibrate() finds the stored value again; 20 % less reactivity under-predicts, 20 % more over-predicts."""
    cal = icb.calibration
    assert math.isclose(validate_calibration.calibrate(icb), cal.value, rel_tol=2e-3)
    assert validate_calibration.mean_error(icb, 0.8 * cal.value) < -1.0
    assert validate_calibration.mean_error(icb, 1.2 * cal.value) > 1.0


def test_icb_a_few_predicted_points_within_their_measured_error(icb):
    rows = {r["point"]: r for r in icb.rows}
    for pid, measured, bound in ICB_FAST:
        res = validate.simulate_point(icb, rows[pid], sensitivity=False, trends=False)
        assert res.ok and not res.calibration, res.error
        err = res.deviation(Q)
        assert abs(err) <= bound and abs(err - measured) < 1.0, (pid, err)


def test_calibration_points_are_left_out_of_the_predicted_metrics(icb):
    """metrics() counts the predicted points only; metrics(True) the calibration points."""
    pts = [validate.PointResult(p, {}, {Q: (50.0, 50.0)}, model={Q: 50.0 + e}, calibration=c)
           for p, e, c in (("a", 4.0, True), ("b", -2.0, True), ("c", 10.0, False), ("d", -6.0, False))]
    r = validate.DatasetResult(icb, pts)
    pred, cal = r.metrics()[Q], r.metrics(True)[Q]
    assert (pred["n"], pred["mae"], pred["bias"], pred["max_abs"]) == (2, 8.0, 2.0, 10.0)
    assert (cal["n"], cal["mae"], cal["bias"], cal["max_abs"]) == (2, 3.0, 1.0, 4.0)
    table = validate.summary_table([r])
    assert "combustion efficiency (predicted) | 2 |" in table and "(calibration points) | 2 |" in table


@pytest.mark.slow
def test_icb_all_points_within_bounds(icb):
    """The whole dataset (37 points, about 2-5 minutes): the predicted points' MAE, bias and largest error."""
    r = validate.validate_dataset(icb, sensitivity=False, trends=False)
    assert not r.failed, [p.error for p in r.failed]
    m = r.metrics()[Q]
    assert m["n"] == m["n_ok"] == 34
    assert m["mae"] <= ICB_BOUNDS["mae"] and abs(m["bias"]) <= ICB_BOUNDS["bias"] and m["max_abs"] <= ICB_BOUNDS["max_abs"], m
    assert abs(r.metrics(True)[Q]["bias"]) < 0.3
    by = {p.point: p.model[Q] for p in r.points}
    # the model's trends that hold in the data: efficiency rises with FR temperature (CH4, high bed) and
    # with FR inventory at the same temperature (800 and 850 degC)
    series = [by[f"CH4-C{i:02d}"] for i in range(15, 21)]
    assert all(b > a for a, b in zip(series, series[1:]))
    assert by["CH4-C16"] > by["CH4-C06"] and by["CH4-C18"] > by["CH4-C11"]


# ----------------------------------------------------------------------------- TU Wien 120 kW, KL bed

def test_tuwien_kl_bed_predicts_far_closer_than_the_riser_and_within_its_bound():
    """The Kunii-Levenspiel fuel reactor with the abstract's geometry (0.15 m, 3 m tall: the freeboard fills
    the vessel above the bed), nothing tuned: measured on 2026-12-04 at 47.9 % CH4 conversion against
    'about 30-40 %' (error +7.87 points; +6.48 without the freeboard; the riser dataset gives 84.5 %, +44.5).
    Bubble bypass puts it below the riser, the upper bound on contact."""
    ds = validate.load_dataset(TUWIEN_KL)
    assert ds.unit_doc["fuel_reactor"]["type"] == "kunii_levenspiel" and ds.calibration is None
    res = validate.simulate_point(ds, ds.rows[0], sensitivity=False, trends=False)
    assert res.ok, res.error
    err = res.deviation("CH4 conversion")
    assert abs(err) <= 9.9, res.model  # +7.87 above the range as measured, 2 points of margin as before
    assert res.model["CH4 conversion"] < 84.5 - 20.0  # well below the riser's prediction


def test_report_marks_the_calibration_points_and_names_the_fitted_input(icb, tmp_path):
    """The report (from results built here, no solve) gives the fitted value, the points' status and both metric rows."""
    pts = []
    for r in icb.rows[:6]:  # CH4-C01..C06: C06 is a calibration point
        d = float(r["eta_comb_pct"])
        pts.append(validate.PointResult(r["point"], {c: float(r[c]) for c in icb.conditions}, {Q: (d, d)},
                                        model={Q: d + 1.0}, other={"phi": 3.0},
                                        calibration=r["point"] in icb.calibration.points))
    text = validate.write_report([validate.DatasetResult(icb, pts)], tmp_path).read_text()
    assert "Calibrated input: `carrier_reactivity` = 0.02136" in text
    assert text.count("| calibration |") == 1 and "combustion efficiency (predicted) | 5 |" in text
    assert (tmp_path / f"pilot_{icb.name}.png").stat().st_size > 1000


def test_scaled_set_without_composition_keeps_its_phase_model():
    """A set without a composition (ilmenite: published R_OC, an 'inert' in its file) builds the same
    phase model scaled or not (the phase model reads the set's file by the set's own name)."""
    from clc import solids

    ilm = "Abad2011_ilmenite_activated"
    a, b = solids.solid_model(ilm), solids.solid_model(carriers.with_reactivity(ilm, 0.5))
    assert a.names == b.names and (a.oxidised == b.oxidised).all() and (a.reduced == b.reduced).all()


@pytest.mark.parametrize("edit, match", [
    ({"points": ["CH4-C99"]}, "points"),
    ({"quantity": "CO2 capture"}, "not a measured quantity"),
    ({"value": 2.0}, "outside its bracket"),
    ({"bracket": [0.0, 1.0]}, "0 < low < high"),
    ({"field": "not a field"}, "dotted unit-config field"),
])
def test_bad_calibration_block_names_the_field(tmp_path, edit, match):
    import shutil

    import yaml

    dst = tmp_path / ICB.name
    shutil.copytree(ICB, dst)
    meta = yaml.safe_load((dst / "metadata.yaml").read_text())
    meta["calibration"].update(edit)
    (dst / "metadata.yaml").write_text(yaml.safe_dump(meta))
    with pytest.raises(ValueError, match=match):
        validate.load_dataset(dst)
