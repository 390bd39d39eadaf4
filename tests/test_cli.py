"""The command line, run in-process."""

import pytest

from clc import carriers, cli, units


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("clc ")


def test_carriers_lists_sets_with_sources(capsys):
    assert cli.main(["carriers"]) == 0
    out = capsys.readouterr().out
    for name in ("Abad2007_Fe45Al", "Abad2011_ilmenite_activated", "Abad2011_ilmenite_preoxidised",
                 "GarciaLabiano2004_Cu", "Medrano2015_NiO"):
        assert name in out
    # one source line per set (other tests may have registered variants of the shipped sets)
    assert out.count("source:") == len(carriers.list_carriers()) >= 5 and "Chem. Eng. Sci." in out and "Ind. Eng. Chem. Res." in out


def test_tga_writes_a_plot(tmp_path, capsys):
    assert cli.main(["tga", "--out", str(tmp_path), "-T", "900 degC"]) == 0
    out = capsys.readouterr().out
    png = tmp_path / "tga_Abad2011_ilmenite_activated.png"
    assert png.stat().st_size > 10_000
    assert "Please cite" in out and "Abad2011" in out


def test_tga_bad_temperature_is_a_clear_error(tmp_path, capsys):
    assert cli.main(["tga", "--out", str(tmp_path), "-T", "2000 degC"]) == 2
    err = capsys.readouterr().err
    assert "T=2273.15 K is outside the range" in err


def test_units():
    assert units.temperature("950 degC") == pytest.approx(1223.15)
    assert units.temperature("1000 K") == 1000.0
    with pytest.raises(ValueError, match="unit 'F'"):
        units.temperature("100 F")
    with pytest.raises(ValueError, match="positive absolute"):
        units.temperature("-300 degC")
    assert units.fraction("21 %") == pytest.approx(0.21)
    with pytest.raises(ValueError, match=r"must lie in \[0, 1\]"):
        units.fraction(1.2)


def test_run_default_unit_prints_figures_and_writes_plots(tmp_path, capsys):
    assert cli.main(["run", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    # issue 14 item 6: the default is the CHEERS-type lignite unit, with its solid-fuel figures
    assert "lignite" in out.splitlines()[0]
    for figure in ("CO2 capture efficiency", "oxygen demand", "char conversion in FR", "balance residuals"):
        assert figure in out
    assert "extrapolated" in out  # the ilmenite set above its measured range says so
    assert (tmp_path / "profiles.png").stat().st_size > 20_000


def test_run_json(tmp_path, capsys):
    import json
    assert cli.main(["run", "--json", "--out", str(tmp_path)]) == 0
    doc = json.loads(capsys.readouterr().out)
    figures = doc["figures"]
    assert 0.0 < figures["char conversion in FR"]["value"] <= 1.0
    assert 0.0 < figures["oxygen demand"]["value"] < 1.0
    # solved inside the published window of the 5 MWth pilot (Li et al. 2026): 3.5-5 MWth, FR 940-980, AR 1000-1040 degC
    assert 3.5e6 <= figures["thermal power (LHV)"]["value"] <= 5.0e6
    assert 940 + 273.15 <= figures["FR temperature"]["value"] <= 980 + 273.15
    assert 1000 + 273.15 <= figures["AR temperature"]["value"] <= 1040 + 273.15
    assert max(abs(v) for v in doc["balance_residuals"].values()) < 1e-9


def test_run_bad_config_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    text = __import__("clc.config", fromlist=["x"]).example_path().read_text().replace('"900 degC"', '"3000 degC"')
    bad.write_text(text)
    assert cli.main(["run", str(bad), "--out", str(tmp_path)]) == 2
    assert "fuel_reactor.temperature=3273.15 K is outside the allowed range" in capsys.readouterr().err


def test_run_clou_unit_file(capsys):
    from clc import cli, config

    path = config.example_path("icb_csic_1_5kw_clou_coal")
    assert cli.main(["run", str(path)]) == 0
    out = capsys.readouterr().out
    assert "CLOU fuel reactor" in out and "carbon capture" in out and "energy (two routes)" in out
    assert cli.main(["run", str(path), "--json"]) == 0
    import json
    doc = json.loads(capsys.readouterr().out)
    assert doc["model"] == "clou_fuel_reactor"
    assert all(abs(v) <= 1e-9 for v in doc["balance_residuals"].values())
    assert 0.9 < doc["figures"]["carbon capture"] < 1.0
