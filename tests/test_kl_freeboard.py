"""The freeboard of the Kunii-Levenspiel bed (clc.kl_bed, clc.kl_closures): its closures reproduce their sources,
kernel == twin, elements close, its pressure drop is its solids' weight, an empty freeboard changes nothing, and
more contact converts more."""

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
    a = 3.0
    h = kc.freeboard_height_default(a)
    assert math.exp(-a * h) == pytest.approx(kc.FREEBOARD_FLUX_LEFT, rel=1e-12)


@pytest.fixture(scope="module")
def with_fb():
    return _solve()


def test_freeboard_kernel_equals_twin(with_fb):
    r = with_fb
    t = _solve(use_twin=True)
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
    assert r.freeboard_height == pytest.approx(math.log(100.0) / a, rel=1e-12)


def test_no_freeboard_and_an_empty_one_give_the_dense_bed(with_fb):
    off = _solve(freeboard_height=0.0)
    empty = _solve(freeboard_surface_solids=0.0)
    assert off.freeboard_solids == 0.0 and off.z[-1] == pytest.approx(BED["height"])
    for g in ("CH4", "CO", "H2"):
        assert empty.gas_out[g] == pytest.approx(off.gas_out[g], rel=1e-9), g
    # the solids thrown up burn the gas the bubbles carried past the bed: more fuel converted with them
    assert with_fb.conversion("CH4") > off.conversion("CH4")
    assert with_fb.combustion_efficiency > off.combustion_efficiency


def test_freeboard_inputs_are_checked():
    with pytest.raises(ValueError, match="freeboard_surface_solids"):
        _solve(freeboard_surface_solids=0.9)
    with pytest.raises(ValueError, match="freeboard_height"):
        _solve(freeboard_height=-1.0)
