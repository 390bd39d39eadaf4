"""Cement plant with a CLC-heated calciner: accounting, directions, compression work."""

import dataclasses

import pytest

from clc import co2_compression, config
from clc.cement import clc_integration as ci
from clc.cement import config as plant_config

PLANT = plant_config.load(plant_config.example_path("cement_sichuan_nsp_5000tpd"))
UNIT = dataclasses.replace(config.load(), air_temperature=1073.15)  # recuperated air (test input)


@pytest.fixture(scope="module")
def base():
    return ci.evaluate(PLANT, UNIT, ci.IntegrationOptions(grid_factor=0.1404 / 3.6e6))


@pytest.mark.slow
def test_carbon_accounting_closes(base):
    f = base
    assert f["CO2 generated"][0] == pytest.approx(f["CO2 captured"][0] + f["CO2 emitted (direct)"][0], rel=1e-12)
    assert 0.0 < f["CO2 capture rate"][0] < 1.0
    # the CLC heat replaces the calciner's fuel: coal saved is about the heat delivered
    assert f["coal saved"][0] == pytest.approx(f["calciner heat supplied by CLC"][0], rel=0.1)
    assert f["CLC heat delivered to the calciner"][0] > 0
    assert f["CLC max balance residual"][0] < 1e-6 and f["plant max balance residual"][0] < 1e-6
    # direct emissions fall below the reference's: calciner fuel and calcination CO2 are captured
    assert f["CO2 emitted (direct)"][0] < f["reference: direct CO2"][0]


@pytest.mark.slow
def test_capture_rate_and_specca_follow_recovery_and_grid_factor(base):
    lower_recovery = ci.evaluate(PLANT, UNIT, ci.IntegrationOptions(grid_factor=0.1404 / 3.6e6, co2_recovery=0.9))
    assert lower_recovery["CO2 capture rate"][0] < base["CO2 capture rate"][0]
    assert lower_recovery["SPECCA"][0] > base["SPECCA"][0]
    dirtier_grid = ci.evaluate(PLANT, UNIT, ci.IntegrationOptions(grid_factor=0.6782 / 3.6e6))
    assert dirtier_grid["CO2 avoided (equivalent)"][0] < base["CO2 avoided (equivalent)"][0]
    assert dirtier_grid["SPECCA"][0] > base["SPECCA"][0]
    assert dirtier_grid["CO2 avoided (direct)"][0] == pytest.approx(base["CO2 avoided (direct)"][0], rel=1e-9)


def test_scaled_unit_keeps_specific_figures():
    big = ci.scale_unit(UNIT, 4.0)
    assert big.thermal_power == 4 * UNIT.thermal_power
    assert big.fuel_reactor.inventory / big.thermal_power == pytest.approx(UNIT.fuel_reactor.inventory / UNIT.thermal_power)
    assert big.fuel_reactor.diameter == pytest.approx(2 * UNIT.fuel_reactor.diameter)
    with pytest.raises(ValueError, match="scale factor"):
        ci.scale_unit(UNIT, -1.0)


def test_compression_work_physics():
    w = co2_compression.compression_work
    assert w(P_out=150e5) > w(P_out=110e5) > w(P_out=50e5)
    assert w(stages=8) < w(stages=2)  # more intercooling, less work
    assert w(eta=0.7) == pytest.approx(w(eta=1.0) / 0.7, rel=1e-12)
    with pytest.raises(ValueError, match="P_out"):
        w(P_out=0.5e5)


def test_integration_file_errors(tmp_path):
    p = tmp_path / "x.toml"
    p.write_text('kind = "cement_plant"\n')
    with pytest.raises(ValueError, match="kind='cement_plant'"):
        ci.load_case(p)
    p.write_text('kind = "cement_clc"\nplant = "cement_sichuan_nsp_5000tpd"\n[integration]\noption = "kiln_burner"\n')
    with pytest.raises(ValueError, match="integration.option='kiln_burner'"):
        ci.load_case(p)
    p.write_text('kind = "cement_clc"\nplant = "cement_sichuan_nsp_5000tpd"\n[integration]\ngrid_region = "Mars"\n')
    with pytest.raises(ValueError, match="grid_region='Mars'"):
        ci.load_case(p)


@pytest.mark.slow
def test_capture_rate_follows_the_clc_units_carbon_capture():
    # a solid-fuel CLC unit (test char kinetics): without a carbon stripper more char burns in
    # the air reactor, so the CLC unit captures less carbon and the plant's capture rate falls
    from test_solid_fuel_reactor import solid_doc

    doc = solid_doc()
    doc["air"]["temperature"] = "800 degC"  # recuperated air, AR at the FR's temperature (test inputs)
    doc["air_reactor"]["temperature"] = "900 degC"
    doc["fuel_reactor"]["steam_temperature"] = "300 degC"
    with_stripper = ci.evaluate(PLANT, config.from_dict(doc), ci.IntegrationOptions(grid_factor=0.1404 / 3.6e6))
    doc.pop("carbon_stripper")
    without = ci.evaluate(PLANT, config.from_dict(doc), ci.IntegrationOptions(grid_factor=0.1404 / 3.6e6))
    assert without["CLC CO2 capture efficiency"][0] < with_stripper["CLC CO2 capture efficiency"][0]
    assert without["CO2 capture rate"][0] < with_stripper["CO2 capture rate"][0]
    assert without["CO2 avoided (direct)"][0] < with_stripper["CO2 avoided (direct)"][0]


def test_cli_cement_writes_sankey_co2_and_capture_route_charts(tmp_path, capsys):
    import json

    from clc import cli

    assert cli.main(["cement", "--out", str(tmp_path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (tmp_path / "cement_capture_routes.png").stat().st_size > 10_000
    assert str(tmp_path / "cement_capture_routes.png") in doc["plots"]
    assert "Vatopoulos2012" in doc["citations"]
    assert 0.0 < doc["clc_case"]["CO2 capture rate"]["value"] < 1.0


@pytest.mark.slow
def test_carrier_heated_calciner_carries_the_heat_as_sensible_heat():
    # option calciner_carrier (shipped example): adiabatic AR, the carrier gives the calciner its
    # heat on the way to the FR
    plant, unit, opts = ci.load_case(plant_config.example_path("cement_clc_sichuan_carrier"))
    assert opts.option == "calciner_carrier" and opts.solids_approach == 30.0
    f = ci.evaluate(plant, unit, opts)
    t_in = f["CLC carrier temperature into the fuel reactor"][0]
    assert t_in == pytest.approx(plant.calciner_temperature + 30.0 - 273.15, abs=1e-9)
    assert f["CLC air reactor temperature"][0] > t_in
    # the calciner demand is the plant's: the heat delivered covers exactly it
    kg_per_s = plant.annual_clinker / ci.SECONDS_PER_YEAR
    assert f["CLC heat delivered to the calciner"][0] * 1e6 == pytest.approx(
        ci.calciner_heat_demand(plant) * kg_per_s, rel=1e-9)
    # carrying it over the AR-to-exchanger temperature drop takes a large circulation:
    # Q = m_s cp dT with a carrier cp of 0.5-1.5 kJ/(kg K)
    q = f["CLC heat delivered to the calciner"][0] * 1e6
    cp = q / (f["CLC solids circulation"][0] * (f["CLC air reactor temperature"][0] - t_in))
    assert 0.5e3 < cp < 1.5e3
    assert f["CLC max balance residual"][0] < 1e-6
    assert f["CO2 generated"][0] == pytest.approx(f["CO2 captured"][0] + f["CO2 emitted (direct)"][0], rel=1e-12)
    assert 0.0 < f["CO2 capture rate"][0] < 1.0


def test_integration_option_errors():
    with pytest.raises(ValueError, match="integration.option='kiln_burner'; available: calciner_indirect, calciner_carrier"):
        ci.evaluate(PLANT, UNIT, ci.IntegrationOptions(option="kiln_burner"))
    with pytest.raises(ValueError, match=r"integration.solids_approach=-5.0 K must lie in \(0, 300\)"):
        ci.evaluate(PLANT, UNIT, ci.IntegrationOptions(option="calciner_carrier", solids_approach=-5.0))
