"""Bubbling-bed reactor: twins, element balances, monotonic limits, thermodynamic limits, errors."""

import dataclasses

import numpy as np
import pytest

from clc import bubbling_bed as bb
from clc import gas, thermo

FR = bb.BedInput(carrier="Abad2011_ilmenite_activated", reacting_gases=("CH4", "CO", "H2"), T=1173.15,
                 P=101325.0, feed=gas.vector({"CH4": 3.74, "H2O": 1.0}), inventory=3000.0, solids_flow=20.0,
                 x_in=0.1, diameter=1.4, n_orifices=5000, d_p=150e-6, rho_p=4250.0, eps_mf=0.45, n_cells=10)
_, A = gas.element_matrix()
M_O = 0.015999


def _solids_o(inp, res):
    """mol O/s the solids gave up, from the population balance."""
    from clc import carriers
    return (res.x_out - inp.x_in) * inp.solids_flow * carriers.load(inp.carrier).R_OC / M_O


@pytest.mark.parametrize("wgs", [True, False])
@pytest.mark.parametrize("regime", ["bubbling", "riser"])
def test_element_balances_close(wgs, regime):
    inp = dataclasses.replace(FR, wgs_equilibrium=wgs, regime=regime, riser_height=3.0,
                              feed=gas.vector({"CH4": 2.0, "CO": 1.0, "H2": 1.0, "H2O": 1.0, "N2": 0.5}))
    res = bb.solve(inp)
    d = A @ (res.outlet - inp.feed)  # C, H, O, N gained by the gas
    assert abs(d[0]) < 1e-10 * inp.feed.sum() and abs(d[1]) < 1e-10 * inp.feed.sum()
    assert abs(d[3]) < 1e-12 * inp.feed.sum()
    assert d[2] == pytest.approx(_solids_o(inp, res), rel=1e-9)
    assert d[2] == pytest.approx(res.oxygen_to_gas, rel=1e-9)
    assert np.all(res.outlet >= 0) and np.all(np.isfinite(res.y_bubble)) and np.all(np.isfinite(res.y_emulsion))


def test_air_reactor_takes_oxygen_from_air():
    inp = dataclasses.replace(FR, reacting_gases=("O2",), feed=gas.vector({"O2": 8.0, "N2": 30.0}), x_in=0.5,
                              diameter=1.2, regime="riser", riser_height=10.0)
    res = bb.solve(inp)
    d = A @ (res.outlet - inp.feed)
    assert d[2] < 0 and d[2] == pytest.approx(-_solids_o(inp, res), rel=1e-9)
    assert res.outlet[gas.INDEX["N2"]] == pytest.approx(30.0, rel=1e-12)


def test_newton_cell_solver_equals_scipy_twin():
    carrier, kin, fp = bb._kinetics(FR)
    lay = bb._layout(FR)
    k_wgs = gas.wgs_equilibrium_constant(FR.T)
    for g in (0.3, 1.5):
        a = bb._march(FR, lay, kin, g, carrier.R_OC, k_wgs, cell_solver=bb._cell_newton)
        b = bb._march(FR, lay, kin, g, carrier.R_OC, k_wgs, cell_solver=bb._cell_scipy)
        np.testing.assert_allclose(a[0], b[0], rtol=1e-8, atol=1e-12 * FR.feed.sum())
        assert a[3] == pytest.approx(b[3], rel=1e-8)


def test_more_inventory_never_lowers_fuel_conversion():
    conv = []
    for w in (500.0, 1500.0, 3000.0, 6000.0):
        res = bb.solve(dataclasses.replace(FR, inventory=w))
        conv.append(1 - res.outlet[gas.INDEX["CH4"]] / FR.feed[gas.INDEX["CH4"]])
    assert all(b >= a - 1e-12 for a, b in zip(conv, conv[1:])), conv
    assert conv[-1] > conv[0]


def test_h2_conversion_stays_below_the_thermodynamic_limit():
    # plenty of fresh carrier and perfect contact: H2 burns up to, not past, the Fe2TiO5/FeTiO3 limit
    inp = dataclasses.replace(FR, feed=gas.vector({"H2": 1.0, "N2": 1.0}), inventory=20000.0, x_in=0.0,
                              regime="riser", riser_height=10.0, solids_flow=50.0, diameter=0.3)
    res = bb.solve(inp)
    conv = 1 - res.outlet[gas.INDEX["H2"]] / 1.0
    limit = thermo.gas_conversion_limit("H2 + Fe2TiO5 + TiO2 -> 2 FeTiO3 + H2O", inp.T)
    assert conv <= limit + 1e-9
    assert conv > 0.99 * limit


def test_water_gas_shift_is_at_equilibrium_in_the_emulsion():
    inp = dataclasses.replace(FR, feed=gas.vector({"CO": 1.0, "H2O": 2.0, "N2": 1.0}))
    res = bb.solve(inp)
    y = res.y_emulsion[-1]
    ratio = y[gas.INDEX["CO2"]] * y[gas.INDEX["H2"]] / (y[gas.INDEX["CO"]] * y[gas.INDEX["H2O"]])
    assert ratio == pytest.approx(gas.wgs_equilibrium_constant(inp.T), rel=1e-6)


def test_bad_inputs():
    with pytest.raises(ValueError, match="not fluidised"):
        bb.solve(dataclasses.replace(FR, diameter=20.0))
    with pytest.raises(ValueError, match=r"eps_mf=1.2 must lie in \(0, 1\)"):
        bb.solve(dataclasses.replace(FR, eps_mf=1.2))
    with pytest.raises(ValueError, match=r"x_in=1.0 must lie in \[0, 1\)"):
        bb.solve(dataclasses.replace(FR, x_in=1.0))
    with pytest.raises(ValueError, match="feed="):
        bb.solve(dataclasses.replace(FR, feed=-FR.feed))
    with pytest.raises(ValueError, match="outside the range of carrier"):
        bb.solve(dataclasses.replace(FR, T=1400.0))
    with pytest.raises(ValueError, match="riser_height"):
        bb.solve(dataclasses.replace(FR, regime="riser"))


@pytest.mark.parametrize("regime", ["bubbling", "riser"])
def test_numba_solve_equals_numpy_scipy_twin(regime):
    inp = dataclasses.replace(FR, regime=regime, riser_height=3.0,
                              feed=gas.vector({"CH4": 2.0, "CO": 0.5, "H2": 0.5, "H2O": 1.0}))
    a = bb.solve(inp)
    b = bb.solve(inp, use_twin=True)
    np.testing.assert_allclose(a.outlet, b.outlet, rtol=1e-8, atol=1e-12 * inp.feed.sum())
    assert a.x_out == pytest.approx(b.x_out, rel=1e-9)
    np.testing.assert_allclose(a.y_emulsion, b.y_emulsion, atol=1e-9)


def test_cells_hold_the_inventory():
    lay = bb._layout(FR)
    assert sum(c[4] for c in lay["cells"]) == pytest.approx(FR.inventory, rel=1e-9)
    assert lay["height"] > lay["h_mf"]  # bubbles expand the bed
