"""The freeboard of the Kunii-Levenspiel bed (clc.kl_bed, clc.kl_closures): its closures reproduce their sources
(KL Fig. 7.12, Wen & Chen's surface flux, Chan & Knowlton's TDH), kernel == twin for both surface fluxes, elements
close, its pressure drop is its solids' weight, an empty freeboard changes nothing, and more contact converts
more."""

import math
import warnings

import numpy as np
import pytest

from clc import kl_bed
from clc import kl_closures as kc
from clc.constants import G

ILM = "Abad2011_ilmenite_activated"
BED = dict(height=1.0, diameter=1.0, gas_flow=3.0, T_gas_in=1173.15, P_in=1.3e5, solids_mass_flow=20.0,
           T_solids_in=1173.15, particle_diameter=150e-6, particle_density=4250.0, u_mf=0.01, eps_mf=0.45,
           orifice_density=2000.0, solids_conversion_in=0.02, solids_basis="oxygen", fuel=None,
           gas_composition={"CH4": 0.3, "CO": 0.1, "H2": 0.1, "H2O": 0.3, "CO2": 0.2})


def _solve(**kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return kl_bed.solve(ILM, **{**BED, **kw})


def test_decay_constant_passes_through_the_digitised_points_of_kunii_levenspiel_fig_7_12():
    for d_um, au0 in zip(kc.FREEBOARD_AU0_DP_UM, kc.FREEBOARD_AU0):
        assert kc.freeboard_decay_au0(d_um * 1e-6) == pytest.approx(au0, rel=1e-12)
    d = np.geomspace(34e-6, 800e-6, 50)
    a = [kc.freeboard_decay_au0(x) for x in d]
    assert np.all(np.diff(a) > 0.0)  # coarser particles fall back sooner
    assert kc.freeboard_decay_au0(10e-6) == kc.FREEBOARD_AU0[0]  # end values outside (the bed warns)


def test_surface_solids_and_default_height():
    # eps_s0 = 2 x 0.1 (1 - eps_mf)(u0 - u_mf)/u0 (Pemberton-Davidson wake flux over rho_p u0, up and down)
    assert kc.freeboard_surface_solids(0.45, 0.01, 0.51) == pytest.approx(0.2 * 0.55 * 0.5 / 0.51, rel=1e-14)
    # the same closure through the flux: the wake flux F0 = 0.1 rho_p (1 - eps_mf)(u0 - u_mf), up and down at u0
    f0 = 0.1 * 4250.0 * 0.55 * 0.5
    assert kc.surface_solids_from_flux(f0, 4250.0, 0.51) == pytest.approx(kc.freeboard_surface_solids(0.45, 0.01, 0.51),
                                                                         rel=1e-14)
    # Wen & Chen (1982), by hand in SI: air-like gas (1.2 kg/m3, 1.8e-5 Pa s), d_b 0.1 m, u0 - u_mf = 0.3 m/s
    by_hand = 3.07e-9 * 0.1 * 1.2 ** 3.5 * 9.80665 ** 0.5 * 0.3 ** 2.5 / 1.8e-5 ** 2.5
    assert kc.surface_flux_wen_chen(0.1, 1.2, 1.8e-5, 0.31, 0.01) == pytest.approx(by_hand, rel=1e-14)
    assert 10.0 < by_hand < 100.0  # kg/(m2 s): the cold bed's flux is that of the wake-ejection model's order
    # its limits: no excess gas, no flux; linear in d_b, power 2.5 in u0 - u_mf
    assert kc.surface_flux_wen_chen(0.1, 1.2, 1.8e-5, 0.01, 0.01) == 0.0
    f = kc.surface_flux_wen_chen(0.2, 1.2, 1.8e-5, 0.61, 0.01) / kc.surface_flux_wen_chen(0.1, 1.2, 1.8e-5, 0.31, 0.01)
    assert f == pytest.approx(2.0 * 2.0 ** 2.5, rel=1e-12)
    # Chan & Knowlton's TDH: 1.7587 m at 0.3 m/s (the value of wigging/chemics' tdh_chan example); taller when faster
    assert kc.tdh_chan_knowlton(0.3) == pytest.approx(1.7587, abs=1e-4)
    assert kc.tdh_chan_knowlton(1.0) > kc.tdh_chan_knowlton(0.3)


@pytest.fixture(scope="module")
def with_fb():
    return _solve()


@pytest.fixture(scope="module")
def with_wake():
    return _solve(freeboard_flux="wake_ejection")


@pytest.mark.parametrize("flux", ["wen_chen", "wake_ejection"])
def test_freeboard_kernel_equals_twin(with_fb, with_wake, flux):
    r = with_fb if flux == "wen_chen" else with_wake
    t = _solve(use_twin=True, freeboard_flux=flux)
    assert t.freeboard_height == pytest.approx(r.freeboard_height, rel=1e-9)
    for g in ("CH4", "CO", "H2"):
        assert t.conversion(g) == pytest.approx(r.conversion(g), rel=1e-7, abs=1e-9), g
    assert t.solids_conversion == pytest.approx(r.solids_conversion, rel=1e-7)
    assert t.P_out == pytest.approx(r.P_out, rel=1e-9)


def test_freeboard_conserves_and_weighs_its_solids(with_fb):
    r = with_fb
    for el, v in r.element_residuals.items():
        assert abs(v) < 1e-9, el
    nb = int(np.searchsorted(r.z, r.bed_height, side="left")) + 1
    assert r.z[nb] == r.bed_height and r.bubble_fraction[nb:].max() == 0.0  # no bubbles above the bed
    A = math.pi / 4
    h = r.z[nb:] - r.bed_height
    eps0 = r.options["freeboard_surface_solids"]
    a = r.options["freeboard_decay_au0"] / r.u_gas[nb - 1]
    np.testing.assert_allclose(r.solids_fraction[nb:], eps0 * np.exp(-a * h), rtol=1e-12)
    dp_fb = r.P[nb] - r.P[-1]
    assert dp_fb == pytest.approx(G * r.freeboard_solids / A, rel=2e-3)  # trapezoid rule on the solids
    u_top = r.u_gas[nb - 1]
    assert r.freeboard_height == pytest.approx(kc.tdh_chan_knowlton(u_top), rel=1e-12)  # the default: up to the TDH
    # eps_s0 carries Wen & Chen's flux up and down at the gas velocity
    assert eps0 == pytest.approx(2.0 * r.options["freeboard_surface_flux"] / (4250.0 * u_top), rel=1e-12)
    assert r.options["freeboard_flux"] == "wen_chen"
    assert any("Wen & Chen" in w and "no validity range" in w for w in r.warnings)


def test_no_freeboard_and_an_empty_one_give_the_dense_bed(with_fb, with_wake):
    off = _solve(freeboard_height=0.0)
    empty = _solve(freeboard_surface_solids=0.0)
    assert off.freeboard_solids == 0.0 and off.z[-1] == pytest.approx(BED["height"])
    for g in ("CH4", "CO", "H2"):
        assert empty.gas_out[g] == pytest.approx(off.gas_out[g], rel=1e-9), g
    # the solids thrown up burn the gas the bubbles carried past the bed: more fuel converted with them, and more
    # with the wake-ejection flux (about 200 times Wen & Chen's at 900 degC here) than with Wen & Chen's
    assert with_fb.conversion("CH4") > off.conversion("CH4")
    assert with_fb.combustion_efficiency > off.combustion_efficiency
    wake = with_wake
    assert wake.options["freeboard_surface_solids"] > 10.0 * with_fb.options["freeboard_surface_solids"]
    assert wake.conversion("CH4") > with_fb.conversion("CH4")
    # a given eps_s0 overrides either flux
    given = _solve(freeboard_surface_solids=0.01, freeboard_flux="wake_ejection")
    assert given.options["freeboard_surface_solids"] == 0.01 and given.options["freeboard_surface_flux"] == 0.0


def test_freeboard_inputs_are_checked():
    with pytest.raises(ValueError, match="freeboard_surface_solids"):
        _solve(freeboard_surface_solids=0.9)
    with pytest.raises(ValueError, match="freeboard_height"):
        _solve(freeboard_height=-1.0)
    with pytest.raises(ValueError, match="freeboard_flux='pemberton'; allowed: wen_chen, wake_ejection"):
        _solve(freeboard_flux="pemberton")
