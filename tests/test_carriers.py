"""Carrier data sets: every value sourced, loader checks, R_OC, checked rate entry."""

import pytest
import yaml

from clc import carriers, citations
from clc.data import kinetics_dir


@pytest.mark.parametrize("name", carriers.list_carriers())
def test_every_value_has_a_source(name):
    c = carriers.load(name)
    assert c.T_range_source
    values = list(c.composition.values()) + list(c.published.values())
    for r in c.reactions.values():
        values += list(r.parameters.values())
        assert {"k0", "E", "n", "grain_size", "rho_m"} <= set(r.parameters)
    for v in values:
        assert v.source and v.units


@pytest.mark.parametrize("name", carriers.list_carriers())
def test_reactions_are_balanced_and_sensible(name):
    c = carriers.load(name)
    for r in c.reactions.values():
        assert r.b > 0
        assert r.value("k0") > 0 and 0 < r.value("E") < 3e5 and 0 < r.value("n") <= 2
    assert 0.0 < c.R_OC < 0.25


def test_loading_records_the_citation():
    carriers.load("Abad2011_ilmenite_activated")
    assert "Abad2011" in [cit.key for cit in citations.used()]
    assert "Chem. Eng. Sci." in citations.get("Abad2011").text()


def test_r_oc_from_composition_and_published():
    fe = carriers.load("Abad2007_Fe45Al")
    # 45 wt% Fe2O3 reduced to Fe3O4: 0.45 * 2 M_O / (6 M_Fe2O3)
    assert fe.R_OC == pytest.approx(0.45 * 2 * 15.999 / (6 * 159.687), rel=1e-3)
    assert carriers.load("Abad2011_ilmenite_preoxidised").R_OC == 0.040
    assert carriers.load("Abad2011_ilmenite_activated").R_OC == 0.033


def test_bad_inputs_get_clear_errors():
    with pytest.raises(KeyError, match="unknown carrier 'Fe99'"):
        carriers.load("Fe99")
    with pytest.raises(ValueError, match=r"T=500.0 K is outside the range of carrier Abad2007_Fe45Al"):
        carriers.reaction_rate("Abad2007_Fe45Al", "CH4", 500.0, 1.0, 0.2)
    with pytest.raises(ValueError, match=r"concentration C=-1.0"):
        carriers.reaction_rate("Abad2007_Fe45Al", "CH4", 1173.15, -1.0, 0.2)
    with pytest.raises(ValueError, match=r"conversion X=1.5 must lie in \[0, 1\]"):
        carriers.reaction_rate("Abad2007_Fe45Al", "CH4", 1173.15, 1.0, 1.5)
    with pytest.raises(KeyError, match="no kinetics for gas 'H2'"):
        carriers.reaction_rate("Abad2007_Fe45Al", "H2", 1173.15, 1.0, 0.2)


def test_loader_refuses_unsourced_values(tmp_path):
    doc = yaml.safe_load((kinetics_dir() / "Abad2007_Fe45Al.yaml").read_text())
    doc["reactions"]["CH4"]["parameters"]["k0"] = {"value": 8e-4, "units": "SI"}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(ValueError, match="k0: every value needs 'value' and 'source'"):
        carriers._load(path)
    doc["reactions"]["CH4"]["parameters"]["k0"]["source"] = "x"
    doc["composition"]["Fe2O3"]["value"] = 0.5
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(ValueError, match="mass fractions sum to 1.05"):
        carriers._load(path)


def test_plate_grains_of_the_cu_carrier_convert_linearly_in_time():
    # plate-like grains under chemical control: X = t / tau, tau = rho_m L / (b k C^n)
    import numpy as np
    from clc import tga
    R, T, y = 8.31446261815324, 1073.15, 0.15
    C = y * 101325.0 / (R * T)
    tau = 80402.0 * 4.0e-10 / (4.0 * 4.5e-4 * np.exp(-60000.0 / (R * T)) * C**0.4)
    curve = tga.simulate("GarciaLabiano2004_Cu", "CH4", T, y, t=np.linspace(0, tau, 11))
    assert curve.tau == pytest.approx(tau, rel=1e-12)
    np.testing.assert_allclose(curve.X, np.linspace(0, 1, 11), atol=1e-12)
    # R_OC of 20 wt% CuO reduced to Cu
    assert carriers.load("GarciaLabiano2004_Cu").R_OC == pytest.approx(0.20 * 15.999 / 79.545, rel=1e-3)
