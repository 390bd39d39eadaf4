"""Char size classes in the fuel reactor (clc.char_classes): population balance, carbon closure, trends.

Rates, sizes, FR dimensions and gas properties below are TEST INPUTS, not published values.
"""

import numpy as np
import pytest

from clc import char_classes as cc
from clc import solid_fuel_reactor as sfr

EDGES = [1.0e-3, 6e-4, 4e-4, 2.5e-4, 1.5e-4, 8e-5, 0.0]
FEED = [0.1, 0.25, 0.25, 0.2, 0.12, 0.08]
FR = dict(area=2.0, inventory=3000.0, rho_g=0.25, mu=4.5e-5)


@pytest.mark.parametrize("eta", [0.0, 0.6, 0.95])
@pytest.mark.parametrize("shrink", ["volumetric", "constant_size"])
def test_one_class_without_elutriation_is_char_balance(eta, shrink):
    ref = sfr.char_balance(2.5, 3e-3, 1e-3, 4e-3, eta)
    b = cc.char_class_balance(2.5, [1.0], [8e-4, 0.0], 3e-3, 1e-3, 4e-3, eta, shrink=shrink)
    for f in ("gasified_h2o", "gasified_co2", "to_air_reactor", "inventory", "conversion"):
        assert getattr(b, f) == pytest.approx(getattr(ref, f), rel=1e-13)
    assert b.elutriated == 0.0 and isinstance(b, sfr.CharBalance)
    assert np.allclose(b.products(), ref.products(), rtol=1e-13, atol=0)


@pytest.mark.parametrize("shrink,rate", [("volumetric", None), ("constant_size", None), ("surface", 2e-7)])
def test_carbon_closes_with_classes_elutriation_and_stripper(shrink, rate):
    k_e, _ = cc.fr_elutriation_constants(EDGES, 700.0, u0=0.7, **FR)
    eta = np.linspace(0.9, 0.5, 6)
    b = cc.char_class_balance(1.7, FEED, EDGES, 2e-3, 5e-4, 5e-3, eta, k_elutriation=k_e, shrink=shrink,
                              shrink_rate=rate)
    assert abs(b.carbon_residual()) < 1e-12
    per_class = b.gasified_h2o_classes + b.gasified_co2_classes + b.to_air_reactor_classes + b.elutriated_classes
    assert per_class.sum() == pytest.approx(1.7, rel=1e-12)
    assert b.elutriated > 0.0 and b.elutriated_classes[0] == 0.0  # coarse char is not carried out
    assert b.gasified_h2o / b.gasified_co2 == pytest.approx(4.0, rel=1e-12)
    for a in (per_class, b.holdup_classes):
        assert np.all(np.isfinite(a)) and np.all(a >= 0.0)


def test_elutriated_carbon_rises_with_gas_velocity_and_finer_feed():
    def elutriated(u0, feed):
        k_e, _ = cc.fr_elutriation_constants(EDGES, 700.0, u0=u0, **FR)
        return cc.char_class_balance(1.0, feed, EDGES, 2e-3, 5e-4, 5e-3, 0.8, k_elutriation=k_e).elutriated
    by_u0 = [elutriated(u, FEED) for u in (0.4, 0.6, 0.8, 1.0, 1.3)]
    assert by_u0[0] > 0.0 and all(b > a for a, b in zip(by_u0, by_u0[1:]))
    coarse = [0.3, 0.3, 0.2, 0.1, 0.07, 0.03]
    fine = [0.03, 0.07, 0.1, 0.2, 0.3, 0.3]
    assert elutriated(0.7, fine) > elutriated(0.7, FEED) > elutriated(0.7, coarse)


def test_shrinking_moves_char_to_finer_classes():
    # fed only in the coarsest class: volumetric shrinking fills the finer classes, constant size does not
    feed = [1.0, 0, 0, 0, 0, 0]
    shr = cc.char_class_balance(1.0, feed, EDGES, 2e-3, 0.0, 5e-3, 0.5)
    fixed = cc.char_class_balance(1.0, feed, EDGES, 2e-3, 0.0, 5e-3, 0.5, shrink="constant_size")
    assert np.all(shr.holdup_classes[1:] > 0.0) and np.all(fixed.holdup_classes[1:] == 0.0)
    # without elutriation both lose the same carbon: the specific rate does not depend on size
    assert shr.conversion == pytest.approx(fixed.conversion, rel=1e-12)


def test_surface_shrinking_is_kunii_levenspiel_eq_33():
    # K&L 1991 ch. 14 Example 4 (FOSSEE companion): 11 classes of 0.1 mm, R = -1.58e-5 mm/s, no withdrawal
    dpi = np.array([1.05, 0.95, 0.85, 0.75, 0.65, 0.55, 0.45, 0.35, 0.25, 0.15, 0.05])  # mm
    Fo = np.array([0, 0.5, 3.5, 8.8, 13.5, 17.0, 18.2, 17.0, 13.5, 7.3, 0]) * 1e-2  # kg/s
    k = np.array([0, 0, 0, 0, 0, 0, 0, 0, 2.0, 12.5, 62.5]) * 1e-5  # 1/s
    R, dd = -1.58e-5, 0.1
    W = np.zeros(11)
    for m in range(1, 11):  # their recursion, eq. (33), from the largest class that holds solids
        W[m] = (Fo[m] - R * W[m - 1] / dd) / (k[m] - R / dd - 3 * R / dpi[m])
    edges = np.append(np.arange(1.1, 0.0, -0.1)[:11], 0.0) * 1e-3
    b = cc.char_class_balance(Fo.sum(), Fo / Fo.sum(), edges, 1.0, 0.0, 0.0, 0.0, k_elutriation=k,
                              shrink="surface", shrink_rate=1.58e-8)
    assert b.holdup_classes == pytest.approx(W, rel=1e-10)
    assert abs(b.carbon_residual()) < 1e-12


def test_bad_inputs_get_clear_errors():
    ok = dict(char_carbon=1.0, feed_fractions=[0.5, 0.5], edges=[1e-3, 5e-4, 0.0], r_h2o=1e-3, r_co2=0.0,
              k_out=1e-3, eta=0.5)
    with pytest.raises(ValueError, match="edges=.*end at 0"):
        cc.char_class_balance(**{**ok, "edges": [1e-3, 5e-4, 1e-4]})
    with pytest.raises(ValueError, match="feed_fractions sum to 0.9"):
        cc.char_class_balance(**{**ok, "feed_fractions": [0.5, 0.4]})
    with pytest.raises(ValueError, match="eta=\\[1.0\\]"):
        cc.char_class_balance(**{**ok, "eta": [0.5, 1.0]})
    with pytest.raises(ValueError, match="shrink='melting'"):
        cc.char_class_balance(**ok, shrink="melting")
    with pytest.raises(ValueError, match="needs shrink_rate"):
        cc.char_class_balance(**ok, shrink="surface")
    with pytest.raises(ValueError, match="k_elutriation has shape"):
        cc.char_class_balance(**ok, k_elutriation=[0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="no steady state"):
        cc.char_class_balance(**{**ok, "r_h2o": 0.0, "k_out": 0.0})
    with pytest.raises(ValueError, match="r_co2=-1"):
        cc.char_class_balance(**{**ok, "r_co2": -1.0})
    with pytest.raises(ValueError, match="inventory=0"):
        cc.fr_elutriation_constants([1e-3, 0.0], 700.0, u0=0.7, area=1.0, inventory=0.0, rho_g=0.25, mu=4.5e-5)


def test_classes_with_a_stripper_unit_close_and_return_fines_first():
    from clc import carbon_stripper as cs

    unit = cs.StripperUnit(u0=0.8, area=1.0, inventory=100.0, rho_g=0.25, mu=4.5e-5, carrier_d=150e-6,
                           carrier_rho=4250.0, char_rho=700.0)
    b, s = cc.with_stripper(1.7, FEED, EDGES, 2e-3, 5e-4, 5e-3, 20.0, unit)
    assert abs(b.carbon_residual()) < 1e-12 and s.mass_balance_residual() < 1e-12
    assert s.eta_char[-1] > s.eta_char[2] >= s.eta_char[0] == 0.0
    # more separation than with no stripper: less char to the AR
    none = cc.char_class_balance(1.7, FEED, EDGES, 2e-3, 5e-4, 5e-3, 0.0)
    assert b.to_air_reactor < none.to_air_reactor
    # the stripper saw the FR's char outflow
    assert s.char_in == pytest.approx(5e-3 * b.holdup_classes * sfr.M_C, rel=1e-12)


# --- random-pore kinetics in classes (issue 14 item 5) -------------------------------------------

def _rpm(psi: float):
    from clc import char
    return char.CharKinetics.from_dict({"name": "random pore (TEST INPUT)", "model": "random_pore",
                                        "psi": {"value": psi, "source": "test input"},
                                        "k4": {"A": {"value": 1.0, "units": "1/(s Pa)", "source": "test input"},
                                               "E": {"value": 0, "units": "J/mol", "source": "test input"}}})


@pytest.mark.parametrize("shrink", ["volumetric", "constant_size"])
def test_random_pore_with_psi_0_is_the_volume_model_in_classes(shrink):
    k_e, _ = cc.fr_elutriation_constants(EDGES, 700.0, u0=0.7, **FR)
    eta = [0.9, 0.8, 0.6, 0.4, 0.2, 0.05]
    args = (1.7, FEED, EDGES, 2e-3, 5e-4, 5e-3, eta)
    vol = cc.char_class_balance(*args, k_elutriation=k_e, shrink=shrink)
    rpm = cc.char_class_balance(*args, k_elutriation=k_e, shrink=shrink, kin=_rpm(0.0))
    # the conversion bins were solved (the per-class arrays come from them) and sum to the volume model's
    for f in ("gasified_h2o", "gasified_co2", "to_air_reactor", "inventory", "conversion", "elutriated"):
        assert getattr(rpm, f) == pytest.approx(getattr(vol, f), rel=1e-12), f
    for f in ("holdup_classes", "elutriated_classes", "to_air_reactor_classes"):
        assert np.allclose(getattr(rpm, f), getattr(vol, f), rtol=1e-12, atol=0.0), f


@pytest.mark.parametrize("psi", [2.43, 10.0])
@pytest.mark.parametrize("ratio", [1e-2, 0.1, 1.0, 10.0, 100.0])
def test_one_random_pore_class_is_the_segregated_flow_char_balance(psi, ratio):
    # one class, no elutriation: size does not matter, so the bins must give the lumped
    # segregated-flow value (clc.char.unconverted_fraction by quadrature)
    k_out = 5e-3
    k = ratio * k_out
    ref = sfr.char_balance(1.0, 0.3 * k, 0.7 * k, k_out, 0.5, _rpm(psi))
    b = cc.char_class_balance(1.0, [1.0], [1e-3, 0.0], 0.3 * k, 0.7 * k, k_out, 0.5, kin=_rpm(psi))
    assert b.conversion == pytest.approx(ref.conversion, abs=5e-5)
    assert b.inventory == pytest.approx(ref.inventory, rel=2e-4)
    assert b.gasified_h2o / b.gasified_co2 == pytest.approx(0.3 / 0.7, rel=1e-12)


@pytest.mark.parametrize("shrink", ["volumetric", "constant_size"])
def test_random_pore_classes_close_carbon_and_converge_with_the_bins(shrink):
    k_e, _ = cc.fr_elutriation_constants(EDGES, 700.0, u0=0.7, **FR)
    args = (1.7, FEED, EDGES, 2e-3, 5e-4, 5e-3, 0.7)
    b = cc.char_class_balance(*args, k_elutriation=k_e, shrink=shrink, kin=_rpm(2.43))
    assert abs(b.carbon_residual()) < 1e-12
    assert b.elutriated > 0.0 and b.to_air_reactor > 0.0
    fine = cc.char_class_balance(*args, k_elutriation=k_e, shrink=shrink, kin=_rpm(2.43),
                                 grid=(1e-5, 1.02, 0.002, 30.0))
    coarse = cc.char_class_balance(*args, k_elutriation=k_e, shrink=shrink, kin=_rpm(2.43),
                                   grid=(1e-3, 1.1, 0.1, 30.0))
    err, err_coarse = abs(b.conversion - fine.conversion), abs(coarse.conversion - fine.conversion)
    assert err < 2e-5 and err < err_coarse


def test_random_pore_gasifies_more_than_the_volume_model_at_the_same_initial_rate():
    # f(X) = (1 - X) sqrt(1 - psi ln(1 - X)) >= 1 - X: the pores open, so more char is gasified
    # before it leaves, and less is elutriated or sent to the AR
    k_e, _ = cc.fr_elutriation_constants(EDGES, 700.0, u0=0.7, **FR)
    args = (1.0, FEED, EDGES, 2e-3, 5e-4, 5e-3, 0.7)
    vol = cc.char_class_balance(*args, k_elutriation=k_e)
    low = cc.char_class_balance(*args, k_elutriation=k_e, kin=_rpm(1.0))
    high = cc.char_class_balance(*args, k_elutriation=k_e, kin=_rpm(10.0))
    assert vol.conversion < low.conversion < high.conversion
    assert vol.elutriated > low.elutriated > high.elutriated


def test_classes_refuse_the_volume_model_with_m_not_1():
    from clc import char
    kin = char.CharKinetics.from_dict({"name": "m = 0.57 (TEST INPUT)", "m": {"value": 0.57, "source": "test input"},
                                       "k4": {"A": {"value": 1.0, "units": "1/(s Pa)", "source": "test input"},
                                              "E": {"value": 0, "units": "J/mol", "source": "test input"}}})
    with pytest.raises(ValueError, match="m=0.57"):
        cc.char_class_balance(1.0, FEED, EDGES, 2e-3, 5e-4, 5e-3, 0.5, kin=kin)
