"""Every valid gaseous fuel runs on every shipped carrier, or is refused as a clear input error;
fully reduced / fully oxidised solids are legal bed states; the clc error classes."""

import dataclasses

import numpy as np
import pytest

from clc import bubbling_bed as bb
from clc import carriers, config, gas, loop
from clc.errors import ConvergenceError, InfeasibleError

# the natural-gas example with its fuel reactor held at 900 degC (the example solves it adiabatically):
# these tests set the energy mode of each reactor themselves
_EXAMPLE = config.load()
BASE = dataclasses.replace(_EXAMPLE, n_cells=8, fuel_reactor=dataclasses.replace(_EXAMPLE.fuel_reactor, heat_duty=None))
FUELS = {"CO": {"CO": 1.0}, "H2": {"H2": 1.0}, "CO+H2": {"CO": 0.5, "H2": 0.5}}
CARBON_FIGURES = ("CO2 yield", "CO2 capture efficiency", "CO2 purity (dry FR gas)")


@pytest.mark.parametrize("fuel", list(FUELS))
@pytest.mark.parametrize("carrier", carriers.list_carriers())
def test_every_carrier_with_every_fuel_solves_or_names_the_field(carrier, fuel):
    c = carriers.load(carrier)
    u = dataclasses.replace(BASE, carrier=carrier, fuel=FUELS[fuel])
    if "O2" not in c.gases:
        with pytest.raises(ValueError, match=rf"carrier='{carrier}'.*no oxidation \(O2\) kinetics"):
            loop.solve(u)
    elif any(g not in c.gases for g in FUELS[fuel]):
        with pytest.raises(ValueError, match=rf"fuel\.composition=.*carrier='{carrier}'.*no reduction kinetics"):
            loop.solve(u)
    else:
        r = loop.solve(u)
        assert r.max_balance_residual < 1e-9
        assert 0.0 <= r.s_fr_in <= r.s_fr_out <= 1.0
        for label, (value, _) in r.figures.items():
            assert isinstance(value, bool) or np.isfinite(value), label


def test_pure_h2_reports_the_carbon_figures_as_not_applicable():
    r = loop.solve(dataclasses.replace(BASE, fuel={"H2": 1.0}))
    assert r.max_balance_residual < 1e-9
    assert r.co2_yield is None and r.co2_capture_efficiency is None and r.co2_purity_dry is None
    f = r.figures
    assert not any(label in f for label in CARBON_FIGURES)  # omitted from the view, not 0/0
    assert 0.0 < f["fuel conversion (H2)"][0] <= 1.0 and 0.0 < f["combustion efficiency"][0] <= 1.0
    # the other labels are those of a carbon fuel, unchanged
    other = loop.solve(dataclasses.replace(BASE, fuel={"CO": 0.5, "H2": 0.5})).figures
    assert set(other) - set(f) == set(CARBON_FIGURES) | {"fuel conversion (CO)"}


FR = bb.BedInput(carrier="Abad2011_ilmenite_activated", reacting_gases=("CH4", "CO", "H2"), T=1173.15,
                 P=101325.0, feed=gas.vector({"CH4": 2.0, "CO": 0.5, "H2": 0.5, "H2O": 1.0}), inventory=3000.0,
                 solids_flow=20.0, x_in=1.0, diameter=1.4, n_orifices=5000, d_p=150e-6, rho_p=4250.0,
                 eps_mf=0.45, n_cells=10)
AR = dataclasses.replace(FR, reacting_gases=("O2",), feed=gas.vector({"O2": 2.1, "N2": 7.9}), diameter=1.2,
                         inventory=800.0)
_, A = gas.element_matrix()


@pytest.mark.parametrize("wgs", [True, False])
@pytest.mark.parametrize("regime", ["bubbling", "riser"])
@pytest.mark.parametrize("bed", ["fuel reactor, fully reduced solids", "air reactor, fully oxidised solids"])
def test_spent_solids_pass_the_gas_with_balances_closed_and_kernel_equals_twin(bed, regime, wgs):
    inp = dataclasses.replace(FR if bed.startswith("fuel") else AR, regime=regime, riser_height=3.0,
                              wgs_equilibrium=wgs)
    a, b = bb.solve(inp), bb.solve(inp, use_twin=True)
    for res in (a, b):
        assert res.x_out == 1.0 and res.g_mean == 0.0 and res.oxygen_to_gas == 0.0
        d = A @ (res.outlet - inp.feed)  # no element gained or lost by the gas: the solids give nothing
        assert np.all(np.abs(d) < 1e-12 * inp.feed.sum())
        assert np.all(res.outlet >= 0.0) and np.all(np.isfinite(res.outlet))
    np.testing.assert_allclose(a.outlet, b.outlet, rtol=1e-8, atol=1e-12 * inp.feed.sum())
    np.testing.assert_allclose(a.y_emulsion, b.y_emulsion, atol=1e-9)
    if bed.startswith("air"):  # only O2 reacts there, so the air passes unchanged
        np.testing.assert_allclose(a.outlet, inp.feed, rtol=1e-12)


def test_error_classes_are_runtime_errors():
    assert issubclass(InfeasibleError, RuntimeError) and issubclass(ConvergenceError, RuntimeError)


def test_an_air_reactor_that_cannot_reoxidise_is_infeasible():
    # the air reactor's return map F(s) = 2 lies above every reduction degree: no steady state exists
    with pytest.raises(InfeasibleError, match="cannot re-oxidise"):
        loop._steady_state(lambda s: s - 2.0, 1.0 - 1e-9)


def test_a_converged_loop_whose_balances_do_not_close_is_an_error(monkeypatch):
    monkeypatch.setattr(loop, "BALANCE_TOLERANCE", -1.0)  # nothing passes; read by Python only, not by a kernel
    with pytest.raises(ConvergenceError, match="balance does not close"):
        loop.solve(BASE)


def test_a_bed_solver_that_gives_up_is_a_convergence_error():
    # the bed's reverse-communication Brent on <g>, cut to one iteration on a slow root
    with pytest.raises(ConvergenceError, match="did not converge in 1 iterations"):
        bb._brentq_rc(lambda g: g ** 3 - 0.3, 0.0, 1.0, 1e-15, 1e-15, maxiter=1)
