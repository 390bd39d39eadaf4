"""The grid (jet) zone of the Kunii-Levenspiel bed and the sourced distributor default (clc.kl_bed,
clc.kl_closures, clc.config): the jet-length correlation's trends, kernel == twin, balances close, the zone's effect
vanishes as its length goes to 0, more contact converts more, and the loop's default orifice count is the
sourced density times the bed area."""

import math
import tomllib
import warnings
from pathlib import Path

import numpy as np
import pytest

from clc import config, kl_bed
from clc import kl_closures as kc

ILM = "Abad2011_ilmenite_activated"
BED = dict(height=1.0, diameter=1.0, gas_flow=3.0, T_gas_in=1173.15, P_in=1.3e5, solids_mass_flow=20.0,
           T_solids_in=1173.15, particle_diameter=150e-6, particle_density=4250.0, u_mf=0.01, eps_mf=0.45,
           orifice_density=2000.0, solids_conversion_in=0.02, solids_basis="oxygen", fuel="CH4",
           freeboard_height=0.0, gas_composition={"CH4": 0.3, "H2O": 0.4, "CO2": 0.3})


def _solve(**kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return kl_bed.solve(ILM, **{**BED, **kw})


def test_orifice_diameter_passes_the_gas():
    d = kc.orifice_diameter(0.3, 1000.0, 35.0)
    assert 1000.0 * math.pi / 4.0 * d**2 * 35.0 == pytest.approx(0.3, rel=1e-14)


def test_jet_length_trends_of_yang_keairns():
    base = dict(d_or=3e-3, u_or=35.0, rho_g=0.3, mu_g=4.5e-5, rho_p=4250.0, d_p=150e-6)
    L0 = kc.jet_length(**base)
    assert 0.0 < L0 < 1.0
    # faster jets penetrate further (Fr^0.47 outweighs Re^-0.654 at u^0.286), denser or coarser solids less far
    assert kc.jet_length(**{**base, "u_or": 70.0}) == pytest.approx(L0 * 2.0 ** (2 * 0.47 - 0.654), rel=1e-12)
    assert kc.jet_length(**{**base, "rho_p": 8500.0}) < L0
    assert kc.jet_length(**{**base, "d_p": 300e-6}) < L0
    # at one orifice velocity, smaller orifices (more of them) give shorter jets: L ~ d_or^(1 - 0.585 ... ) = d^0.461
    assert kc.jet_length(**{**base, "d_or": 1.5e-3}) == pytest.approx(L0 * 0.5 ** 0.461, rel=1e-12)
    assert kc.jet_length(**{**base, "d_or": 0.0}) == 0.0


def test_kernel_equals_twin_and_elements_close_with_a_grid_zone():
    r = _solve(grid_zone=True)
    t = _solve(grid_zone=True, use_twin=True)
    assert r.options["jet_length"] > 0.0
    assert r.fuel_conversion == pytest.approx(t.fuel_conversion, abs=1e-7)
    assert r.solids_conversion == pytest.approx(t.solids_conversion, abs=1e-7)
    for res in (r, t):
        assert max(abs(v) for v in res.element_residuals.values()) < 1e-9
    # no bubbles in the zone: the solids fraction there is the emulsion's
    inside = r.z < r.options["jet_length"]
    assert inside.sum() > 2
    assert np.allclose(r.solids_fraction[inside], 1.0 - BED["eps_mf"], rtol=1e-14)
    assert np.all(r.bubble_fraction[inside] == 0.0)


def test_well_mixed_solids_with_a_grid_zone_close_their_balances():
    r = _solve(grid_zone=True, solids_mixing="mixed")
    assert max(abs(v) for v in r.element_residuals.values()) < 1e-9
    assert 0.0 < r.fuel_conversion < 1.0


def test_zone_effect_vanishes_as_the_jet_length_goes_to_zero():
    off = _solve(grid_zone=False).fuel_conversion
    assert _solve(grid_zone=True, jet_length=0.0).fuel_conversion == off
    d = [abs(_solve(grid_zone=True, jet_length=L).fuel_conversion - off) for L in (1e-3, 1e-4, 1e-5)]
    assert d[0] > d[1] > d[2] > 0.0
    assert 5.0 < d[1] / d[2] < 20.0  # first order in L_j: tenfold shorter, tenfold smaller
    assert d[2] < 2e-4


def test_more_jet_contact_converts_more_and_the_jet_shortens_with_more_orifices():
    X = [_solve(grid_zone=True, jet_length=L).fuel_conversion for L in (0.0, 0.02, 0.05, 0.1)]
    assert np.all(np.diff(X) > 0.0)
    L = [_solve(grid_zone=True, orifice_density=n).options["jet_length"] for n in (200.0, 2000.0, 20000.0)]
    assert L[0] > L[1] > L[2] > 0.0


def test_jet_longer_than_the_bed_is_cut_with_a_warning():
    with pytest.warns(UserWarning, match="grid-zone jet length"):
        r = kl_bed.solve(ILM, **{**BED, "height": 0.05}, grid_zone=True, jet_length=0.2)
    assert r.options["jet_length"] == pytest.approx(0.05, rel=1e-12)
    assert max(abs(v) for v in r.element_residuals.values()) < 1e-9


def test_loop_default_orifice_count_is_the_sourced_density_times_the_area():
    path = Path(config.__file__).parent / "examples" / "cheers_3mw_natural_gas_kl.toml"
    doc = tomllib.loads(path.read_text())
    d = 1.4  # the example's fuel-reactor diameter [m]
    assert doc["fuel_reactor"]["diameter"] == "1.4 m"
    given = config.from_dict(doc)
    fr = dict(doc["fuel_reactor"])
    fr.pop("orifices")
    doc2 = {**doc, "fuel_reactor": fr}
    spec = config.from_dict(doc2).fuel_reactor
    assert spec.n_orifices == round(kc.ORIFICE_DENSITY_DEFAULT * math.pi * d**2 / 4.0)
    assert given.fuel_reactor.n_orifices == 20000  # a given count is kept
    assert not spec.grid_zone
    fr["grid_zone"] = True
    assert config.from_dict({**doc, "fuel_reactor": fr}).fuel_reactor.grid_zone
    ar = dict(doc["air_reactor"], grid_zone=True)
    with pytest.raises(ValueError, match="grid_zone"):
        config.from_dict({**doc, "air_reactor": ar})


def test_energy_balance_closes_with_a_grid_zone_and_a_cold_feed():
    # in the zone the bubble stream's gas keeps its own enthalpy (no heat interchange there); all is conserved
    kw = dict(T_gas_in=773.15, energy_balance=True, grid_zone=True)
    r, t = _solve(**kw), _solve(**kw, use_twin=True)
    assert r.energy_residual < 1e-9 and max(abs(v) for v in r.element_residuals.values()) < 1e-9
    assert r.fuel_conversion == pytest.approx(t.fuel_conversion, abs=1e-7)
    assert r.T_solids_out == pytest.approx(t.T_solids_out, abs=1e-5)
