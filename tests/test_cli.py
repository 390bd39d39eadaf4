"""The command line, run in-process."""

import pytest

from clc import cli, units


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("clc ")


def test_carriers_lists_sets_with_sources(capsys):
    assert cli.main(["carriers"]) == 0
    out = capsys.readouterr().out
    for name in ("Abad2007_Fe45Al", "Abad2011_ilmenite_activated", "Abad2011_ilmenite_preoxidised",
                 "GarciaLabiano2004_Cu"):
        assert name in out
    assert out.count("source:") == 4 and "Chem. Eng. Sci." in out and "Ind. Eng. Chem. Res." in out


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
