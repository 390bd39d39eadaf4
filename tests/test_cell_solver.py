"""The bubbling bed's cell solver where plain Newton fails (issue 16, item 3).

A riser cell fed a trace of CH4 on the Cu set (rate order n = 0.4): the rate's derivative is
unbounded at zero CH4 and zero below it, so clipped Newton steps leap between zero and the inflow's
composition. The positivity-preserving fallback must reach the root, in the kernel and its twin.
"""

from __future__ import annotations

import numpy as np
import pytest

from clc import bubbling_bed as bb
from clc import gas

T = 1167.24  # K, inside the Cu set's kinetic data (973-1273 K)
FE = gas.vector({"CH4": 4.03e-9, "CO2": 0.685, "H2O": 1.556})  # mol/s into the cell (a riser: no bubbles)


def _cell(rate_scale: float):
    inp = bb.BedInput(carrier="GarciaLabiano2004_Cu", reacting_gases=("CH4",), T=T, P=101325.0, feed=FE,
                      inventory=50.0, solids_flow=10.0, x_in=0.0, diameter=0.5, n_orifices=100, d_p=150e-6,
                      rho_p=3000.0, eps_mf=0.45, regime="riser", riser_height=10.0)
    p = bb.prepare(inp)
    kin_p, kin_idx, kin_nu, kin_o, kin_rev = p.arrays[:5]
    c_tot = gas.concentration_total(T, 101325.0)
    args = (FE, np.zeros_like(FE), 0.0, c_tot, 0.0, rate_scale, T, kin_p, kin_idx, kin_nu, kin_o, kin_rev, True,
            bb._wgs_constant(T), gas.vector(gas.WGS), float(FE.sum()))
    x0 = np.append(FE / FE.sum(), 0.0)  # the inflow's composition, as the first cell starts
    return args, x0


def _residual(x, args):
    out = np.empty(x.shape[0])
    bb._cell_residual(x, *args, out)
    return out


@pytest.mark.parametrize("rate_scale", [3.11, 30.0])
def test_fractional_order_trace_fuel_cell_converges(rate_scale):
    args, x0 = _cell(rate_scale)
    m = x0.shape[0]
    _, plain = bb._cell_newton_ws(x0, args, bb._newton_work(m), 1e-13, 100, False)
    assert not plain  # the case the fallback exists for
    x, ok = bb._cell_newton(x0, args)
    assert ok
    assert np.max(np.abs(_residual(x, args))) < 1e-13
    y_ch4 = x[gas.INDEX["CH4"]]
    # nearly all CH4 reacts, yet it stays positive
    assert 0.0 < y_ch4 < 1e-3 * FE[gas.INDEX["CH4"]] / FE.sum()
    # the twin (hybrd, then the same positive Newton in plain Python) finds the same root
    xt, okt = bb._cell_scipy(x0, args)
    assert okt
    np.testing.assert_allclose(xt[:gas.N_SPECIES], x[:gas.N_SPECIES], rtol=1e-9, atol=1e-15)


def test_cell_elements_close_at_the_fallback_root():
    """C, H, O over the cell: what flows in leaves (the carrier's O added), at the fallback's root."""
    args, x0 = _cell(3.11)
    x, ok = bb._cell_newton(x0, args)
    assert ok
    n = gas.N_SPECIES
    y = np.maximum(x[:n], 0.0)
    # the riser cell's outflow: y (f_e + prod), prod = 2 r_CH4 (CH4 + 4 O -> CO2 + 2 H2O) + 0 (WGS)
    # CH4 balance FE - y (F + 2 r) - r = 0 solved for the rate r
    r_ch4 = (FE[gas.INDEX["CH4"]] - y[gas.INDEX["CH4"]] * FE.sum()) / (1.0 + 2.0 * y[gas.INDEX["CH4"]])
    out = y * (FE.sum() + 2.0 * r_ch4)
    elements, A = gas.element_matrix()
    carbon = elements.index("C")
    assert abs((A @ out)[carbon] - (A @ FE)[carbon]) <= 1e-12 * (A @ FE)[carbon]


def test_bed_balances_are_checked_before_a_result_is_returned():
    """A solved bed (kernels and twin) closes C, H, N, O; an outlet that does not is refused."""
    inp = bb.BedInput(carrier="Abad2011_ilmenite_activated", reacting_gases=("CH4", "CO", "H2"), T=1173.15,
                      P=101325.0, feed=gas.vector({"CH4": 1.0, "H2O": 0.5}), inventory=300.0, solids_flow=5.0,
                      x_in=0.1, diameter=0.6, n_orifices=500, d_p=150e-6, rho_p=4250.0, eps_mf=0.45, n_cells=8)
    for twin in (False, True):
        r = bb.solve(inp, use_twin=twin)
        bb._check_balances(inp.feed, r.outlet, r.oxygen_to_gas, "test")  # passes
    bad = r.outlet.copy()
    bad[gas.INDEX["CO2"]] *= 1.0 + 1e-6
    with pytest.raises(bb.ConvergenceError, match="C balance does not close"):
        bb._check_balances(inp.feed, bad, r.oxygen_to_gas, "test")
