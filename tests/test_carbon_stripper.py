"""Carbon stripper unit (clc.carbon_stripper): elutriation balance, limits, trends, calibration.

Stripper sizes, flows and gas properties below are TEST INPUTS (illustrative), not a published unit.
"""

import math

import numpy as np
import pytest
from scipy.optimize import brentq

from clc import carbon_stripper as cs
from clc import char, riser

GAS = dict(rho_g=0.25, mu=4.5e-5)  # ~ steam near 900 degC (test input)
CARRIER = (10.0, 150e-6, 4250.0)  # kg/s, m, kg/m3 (ilmenite-like, test input)
BED = dict(area=1.0, inventory=100.0)


def run(u0=0.8, char_d=200e-6, char_rho=800.0, char_flow=0.01, **kw):
    return cs.separate(*CARRIER, char_flow, char_d, char_rho, u0=u0, **BED, **GAS, **kw)


def test_balance_closes_and_no_nan():
    r = run(char_flow=[0.002, 0.003, 0.005], char_d=[80e-6, 150e-6, 250e-6])
    assert r.mass_balance_residual() < 1e-14
    assert sum(r.holdup_char) + r.holdup_carrier == pytest.approx(BED["inventory"], rel=1e-12)
    for v in (r.eta_char, r.char_returned, r.char_to_ar, r.holdup_char):
        assert np.all(np.isfinite(v))


def test_efficiency_rises_with_u0_and_falls_with_char_size():
    effs = [run(u0=u).efficiency for u in (0.4, 0.5, 0.6, 0.8, 0.95)]
    assert all(b > a for a, b in zip(effs, effs[1:]))
    by_size = [run(char_d=d).efficiency for d in (60e-6, 100e-6, 150e-6, 200e-6, 250e-6)]
    assert all(b < a for a, b in zip(by_size, by_size[1:]))


def test_below_both_terminal_velocities_nothing_is_separated():
    ut_char = riser.terminal_velocity(200e-6, 800.0, **GAS)
    ut_carrier = riser.terminal_velocity(150e-6, 4250.0, **GAS)
    r = run(u0=0.9 * min(ut_char, ut_carrier))
    assert r.efficiency == 0.0 and r.eta_carrier == 0.0
    assert r.char_to_ar.sum() == pytest.approx(0.01, rel=1e-14)
    assert r.carrier_to_ar == pytest.approx(CARRIER[0], rel=1e-14)


def test_above_both_terminal_velocities_carrier_is_lost_with_the_char():
    ut_carrier = riser.terminal_velocity(150e-6, 4250.0, **GAS)
    r = run(u0=1.5 * ut_carrier)
    assert r.eta_carrier > 0.0 and r.carrier_returned > 0.0
    assert r.efficiency > r.eta_carrier  # the lighter char still goes first
    assert any("carrier is elutriated" in w for w in r.warnings)


def test_plug_flow_is_the_fixed_efficiency_form():
    r = run(mixing="plug")
    tau = cs.equivalent_time_constant(200e-6, 800.0, u0=0.8, **BED, **GAS)
    t = BED["inventory"] / (CARRIER[0] + 0.01)
    assert r.efficiency == pytest.approx(char.carbon_stripper_efficiency(t, tau), rel=1e-13)
    # perfect mixing separates less than plug flow at the same mean residence time
    assert run().efficiency < r.efficiency
    assert cs.equivalent_time_constant(2e-3, 800.0, u0=0.8, **BED, **GAS) == math.inf


def test_perfect_mixing_reproduces_kunii_levenspiel_ch14_example_1():
    # K&L 1991 ch. 14 Example 1 (FOSSEE companion): fines 0.9 and coarse 1.8 kg/min into a 17 kg bed,
    # elutriation constants 0.8 and 0.0125 1/min; overflow from their eq. (17)
    W, kf, kc, F0f, F0c = 17.0, 0.8 / 60, 0.0125 / 60, 0.9 / 60, 1.8 / 60
    area = 2.0
    kstar = lambda u0, u_t, d, rho_p, rho_g, mu: (kf if d < 1e-4 else kc) * W / area
    r = cs.separate(F0c, 2e-4, 2500.0, F0f, 5e-5, 2500.0, u0=5.0, area=area, inventory=W, correlation=kstar, **GAS)
    F1 = brentq(lambda F1: F1 - F0f / (1 + W / F1 * kf) - F0c / (1 + W / F1 * kc), 1e-9, 1.0, xtol=1e-15)
    assert r.char_to_ar[0] + r.carrier_to_ar == pytest.approx(F1, rel=1e-10)
    assert r.char_to_ar[0] == pytest.approx(F0f / (1 + W / F1 * kf), rel=1e-10)


def test_bed_that_cannot_hold_its_inventory_says_so():
    r = cs.separate(0.0, 150e-6, 4250.0, 1e-4, 60e-6, 800.0, u0=0.8, **BED, **GAS)
    assert r.k_underflow == 0.0 and r.efficiency == pytest.approx(1.0)
    assert any("holds" in w for w in r.warnings)


def test_calibration_reaches_the_stated_efficiency():
    f = cs.calibrate_factor(0.5, *CARRIER, 0.01, 200e-6, 800.0, u0=0.8, **BED, **GAS)
    assert run(factor=f).efficiency == pytest.approx(0.5, rel=1e-9)
    with pytest.raises(ValueError, match="no K\\* factor"):  # char heavier than u0 can carry
        cs.calibrate_factor(0.5, *CARRIER, 0.01, 2e-3, 800.0, u0=0.8, **BED, **GAS)


def test_correlations_are_selectable_and_positive_below_ut():
    for name in cs.correlations():
        k = cs.elutriation_rate_constant(80e-6, 800.0, 0.8, **GAS, correlation=name)
        assert k > 0.0 and math.isfinite(k)
        assert cs.elutriation_rate_constant(2e-3, 800.0, 0.8, **GAS, correlation=name) == 0.0
    assert cs.k_star_geldart(1.0, 0.0, 1.2) == pytest.approx(23.7 * 1.2)


def test_bad_inputs_get_clear_errors():
    with pytest.raises(ValueError, match="mixing='stirred'"):
        run(mixing="stirred")
    with pytest.raises(ValueError, match="correlation='zenz'"):
        run(correlation="zenz")
    with pytest.raises(ValueError, match="u0=-1"):
        run(u0=-1.0)
    with pytest.raises(ValueError, match="char_flow"):
        run(char_flow=-0.1)
    with pytest.raises(ValueError, match="inventory=0"):
        cs.separate(*CARRIER, 0.01, 2e-4, 800.0, u0=0.8, area=1.0, inventory=0.0, **GAS)
    with pytest.raises(ValueError, match="target_efficiency=1.5"):
        cs.calibrate_factor(1.5, *CARRIER, 0.01, 200e-6, 800.0, u0=0.8, **BED, **GAS)
    with pytest.raises(ValueError, match="callable returned"):
        run(correlation=lambda *a: float("nan"))


def test_stripper_unit_wraps_separate_and_calibrates():
    from clc import gas

    unit = cs.StripperUnit(u0=0.8, area=1.0, inventory=100.0, **GAS, carrier_d=150e-6, carrier_rho=4250.0,
                           char_rho=800.0)
    assert unit.separate(CARRIER[0], 0.01, 200e-6).efficiency == run().efficiency
    cal = unit.calibrated(0.3, CARRIER[0], 0.01, 200e-6)
    assert cal.separate(CARRIER[0], 0.01, 200e-6).efficiency == pytest.approx(0.3, rel=1e-9)
    steam = cs.StripperUnit.with_gas(1173.15, 101325.0, gas.vector({"H2O": 1.0}), u0=0.8, area=1.0,
                                     inventory=100.0, carrier_d=150e-6, carrier_rho=4250.0, char_rho=800.0)
    assert 0.15 < steam.rho_g < 0.25 and 3e-5 < steam.mu < 6e-5  # steam near 900 degC
    with pytest.raises(ValueError, match="char_sphericity=0.3"):
        cs.StripperUnit(u0=0.8, area=1.0, inventory=100.0, **GAS, carrier_d=150e-6, carrier_rho=4250.0,
                        char_rho=800.0, char_sphericity=0.3)
    with pytest.raises(ValueError, match="area=-1"):
        cs.StripperUnit(u0=0.8, area=-1.0, inventory=100.0, **GAS, carrier_d=150e-6, carrier_rho=4250.0,
                        char_rho=800.0)
