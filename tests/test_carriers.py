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


def _fe45al_with(tmp_path, **edits):
    """The Abad2007_Fe45Al file with CH4 parameters replaced, written to a temporary file."""
    doc = yaml.safe_load((kinetics_dir() / "Abad2007_Fe45Al.yaml").read_text())
    params = doc["reactions"]["CH4"]["parameters"]
    for k, (value, unit) in edits.items():
        params[k] = {**params.get(k, {"source": "test"}), "value": value, "units": unit}
    path = tmp_path / "Fe45Al_edited.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def test_loader_converts_units_of_the_same_dimensions(tmp_path):
    import numpy as np
    ref = carriers.load("Abad2007_Fe45Al").reaction("CH4")
    n = ref.value("n")  # 1.3: k0 in mol^(1-n) m^(3n-2) / s = mol^-0.3 m^1.9 / s
    k0_kmol_cm = ref.value("k0") / (1e3 ** (1 - n) * 1e-2 ** (3 * n - 2))
    path = _fe45al_with(tmp_path, E=(ref.value("E") / 1e3, "kJ/mol"), grain_size=(ref.value("grain_size") * 1e6, "um"),
                        rho_m=(ref.value("rho_m") / 1e3, "kmol m-3"), k0=(k0_kmol_cm, "kmol^-0.3 cm^1.9 s^-1"))
    got = carriers._load(path).reaction("CH4")
    assert got.parameters["E"].value == ref.value("E") and got.parameters["E"].units == "J/mol"
    assert got.parameters["grain_size"].units == "m" and got.parameters["rho_m"].units == "mol/m3"
    np.testing.assert_allclose(got.kernel_params(), ref.kernel_params(), rtol=1e-12)


def test_loader_refuses_units_it_cannot_convert_naming_file_field_and_unit(tmp_path):
    cases = [("E", (49.0, "kJ"), r"Fe45Al_edited.yaml: Abad2007_Fe45Al.reactions.CH4.E: unit 'kJ' is not a unit of J/mol"),
             ("E", (5900.0, "K"), r"reactions.CH4.E: unit 'K' is not a unit of J/mol"),
             ("grain_size", (0.26, "widgets"), r"Fe45Al_edited.yaml: .*reactions.CH4.grain_size: unit 'widgets' not understood"),
             ("b", (12.0, "kg/kg"), r"reactions.CH4.b: units 'kg/kg' not understood; use one of 'mol/mol'"),
             ("k0", (8e-4, "m/s"), r"reactions.CH4.k0 \(order n=1.3\): unit 'm/s' is not a unit of mol\*\*-0.3")]
    for field, edit, match in cases:
        with pytest.raises(ValueError, match=match):
            carriers._load(_fe45al_with(tmp_path, **{field: edit}))


def test_composition_in_percent_reads_as_mass_fractions(tmp_path):
    doc = yaml.safe_load((kinetics_dir() / "Abad2007_Fe45Al.yaml").read_text())
    for k, v in doc["composition"].items():
        v.update(value=v["value"] * 100, units="wt%")
    path = tmp_path / "pct.yaml"
    path.write_text(yaml.safe_dump(doc))
    assert carriers._load(path).R_OC == pytest.approx(carriers.load("Abad2007_Fe45Al").R_OC, rel=1e-12)
    doc["composition"]["Fe2O3"]["units"] = "vol%"
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(ValueError, match=r"pct.yaml: Abad2007_Fe45Al.composition.Fe2O3: units 'vol%'"):
        carriers._load(path)
