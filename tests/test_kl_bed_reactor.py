"""The three-phase Kunii-Levenspiel bed as the loop's fuel reactor (clc.kl_bed_reactor, type "kunii_levenspiel")."""

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from clc import cli, config, kl_bed, kl_bed_reactor, kl_closures, loop, reactor, solids, thermo
from clc.reactor import GasInlet, Outcome, SolidsInlet

KL_EXAMPLE = "cheers_3mw_natural_gas_kl"


def _bed(**spec_changes):
    u = config.load(config.example_path(KL_EXAMPLE))
    spec = dataclasses.replace(u.fuel_reactor, **spec_changes)
    fr_feed, _ = loop.feeds(u)
    return u, spec, reactor.build(u, spec, ("CH4", "CO", "H2")), GasInlet(fr_feed, spec.temperature, u.pressure)


def test_registry_and_config_accept_the_type():
    assert "kunii_levenspiel" in reactor.types_for("fuel_reactor")
    assert "kunii_levenspiel" not in reactor.types_for("air_reactor")
    assert reactor.reactor_class("kunii_levenspiel") is kl_bed_reactor.KuniiLevenspielBed
    u = config.load(config.example_path(KL_EXAMPLE))
    assert u.fuel_reactor.regime == "kunii_levenspiel"
    assert u.fuel_reactor.inventory == pytest.approx(6000.0)


@pytest.mark.parametrize("which, value, message", [
    ("fuel_reactor", "kunii", r"fuel_reactor.type='kunii'; allowed: 'bubbling', 'riser', 'moving_bed', "
                              r"'kunii_levenspiel'"),
    ("air_reactor", "kunii_levenspiel", r"air_reactor.type='kunii_levenspiel'; allowed: 'bubbling', 'riser'"),
])
def test_a_bad_type_is_refused_naming_the_allowed_ones(which, value, message):
    doc = config.read(config.example_path(KL_EXAMPLE))
    doc[which]["type"] = value
    with pytest.raises(ValueError, match=message):
        config.from_dict(doc)


def test_the_bed_meets_the_protocol_and_holds_its_inventory():
    u, spec, bed, gas_in = _bed()
    assert isinstance(bed, reactor.Reactor)
    out = bed.solve(gas_in, SolidsInlet(u.solids_circulation, 0.05))
    assert isinstance(out, Outcome) and out.profile.y.shape == (out.profile.z.size, gas_in.feed.size)
    for name, value in out.balances.items():
        assert abs(value) < 1e-9, name
    # the solids give the gas R_OC/M_O mol O per kg (oxidised) and unit of reduction degree
    o = u.solids_circulation * solids.carriers.load(u.carrier).R_OC / thermo.M_O * (out.x_out - 0.05)
    assert out.oxygen_to_gas == pytest.approx(o, rel=1e-12)
    # inventory on the oxidised basis as the unit file gives it; the profile's kg add up to it (reduced basis)
    r = out.result
    assert r.solids_inventory / (1.0 - 0.033 * out.x_out) == pytest.approx(spec.inventory, rel=1e-10)
    assert out.profile.solids.sum() == pytest.approx(r.solids_inventory, rel=1e-12)
    rho = u.rho_p * (1.0 - 0.033 * out.x_out)  # the bed's particles (well mixed, keeping their volume)
    nb = int(np.searchsorted(r.z, r.bed_height, side="left")) + 1  # the bed's points (its top comes twice)
    assert np.allclose(r.solids_fraction[:nb], (1.0 - r.bubble_fraction[:nb]) * (1.0 - u.eps_mf), rtol=1e-14)
    hold = np.pi * 1.4 ** 2 / 4 * r.solids_fraction * rho  # bed, then the freeboard's solids above it
    assert np.trapezoid(hold, r.z) == pytest.approx(r.solids_inventory, rel=1e-9)
    # the loop's default freeboard (the example gives no vessel height): up to Chan & Knowlton's TDH at the gas
    # leaving the bed, Wen & Chen's surface solids, a small share of the inventory at 900 degC
    nb_top = int(np.searchsorted(r.z, r.bed_height, side="left"))
    assert r.freeboard_height == pytest.approx(kl_closures.tdh_chan_knowlton(r.u_gas[nb_top]), rel=1e-12)
    assert r.options["freeboard_flux"] == "wen_chen" and 0.0 < r.freeboard_solids < 1e-2 * r.solids_inventory
    # the top of the bed is at the unit's pressure (the gas enters below the bed's weight)
    assert r.P_out == pytest.approx(u.pressure, rel=2e-3)
    assert r.options["exchange"] == "kunii_levenspiel" and r.options["solids_mixing"] == "mixed"
    assert r.T_gas_out == spec.temperature


def test_conversion_rises_with_inventory():
    conv, prev = [], None
    u, spec, _, gas_in = _bed()
    for f in (0.5, 1.0, 2.0):
        bed = reactor.build(u, dataclasses.replace(spec, inventory=f * spec.inventory), ("CH4", "CO", "H2"))
        if prev is not None:
            bed.warm_start(prev)
        out = bed.solve(gas_in, SolidsInlet(u.solids_circulation, 0.05))
        prev = bed
        conv.append(1.0 - out.outlet[0] / gas_in.feed[0])
    assert conv[0] < conv[1] < conv[2] < 1.0


def test_feeds_the_bed_cannot_react_are_refused_naming_the_field():
    u, spec, bed, gas_in = _bed()
    none = gas_in.feed.copy()
    none[0] = 0.0  # steam only
    with pytest.raises(ValueError, match="fuel.composition: fuel_reactor.type='kunii_levenspiel' needs a fuel gas"):
        bed.solve(GasInlet(none, gas_in.T, gas_in.P), SolidsInlet(u.solids_circulation, 0.05))
    with pytest.raises(ValueError, match="is a fuel reactor"):
        kl_bed_reactor.KuniiLevenspielBed(u, u.air_reactor, ("O2",))


def test_mixed_fuel_feed_reacts_every_gas_and_closes_balances():
    """CH4 with CO and H2 fed together: all three react, the shift acts, every balance closes."""
    u, spec, bed, gas_in = _bed()
    mix = gas_in.feed.copy()
    mix[1], mix[2] = 0.5 * mix[0], 0.5 * mix[0]
    out = bed.solve(GasInlet(mix, gas_in.T, gas_in.P), SolidsInlet(u.solids_circulation, 0.05))
    for name, value in out.balances.items():
        assert abs(value) < 1e-9, name
    r = out.result
    assert r.fuels == ("CH4", "CO", "H2")
    for g in ("CH4", "CO", "H2"):
        assert 0.0 < r.conversion(g) < 1.0, g
    assert 0.0 < r.combustion_efficiency < 1.0


def test_a_freeboard_given_by_the_unit_is_solved_and_closes():
    u, spec, _, gas_in = _bed()
    spec = dataclasses.replace(spec, freeboard_height=1.0, freeboard_params=(("eps_surface", 0.05), ("eps_star", 0.0),
                                                                             ("a_u0", 2.0)))
    bed = reactor.build(u, spec, ("CH4", "CO", "H2"))
    out = bed.solve(gas_in, SolidsInlet(u.solids_circulation, 0.05))
    for name, value in out.balances.items():
        assert abs(value) < 1e-9, name
    r = out.result
    assert r.freeboard_height == pytest.approx(1.0) and r.options["freeboard_surface_solids"] == 0.05
    assert r.solids_inventory / (1.0 - 0.033 * out.x_out) == pytest.approx(spec.inventory, rel=1e-10)
    assert out.height == pytest.approx(r.bed_height) and r.freeboard_solids > 0.0

def test_the_vessel_height_sets_the_freeboard_and_a_short_vessel_is_refused():
    """fuel_reactor.height (distributor to gas exit) for a kunii_levenspiel bed: the freeboard fills the vessel above
    the solved bed (Wen & Chen's surface solids); a vessel lower than the bed is refused, naming the field."""
    doc = config.read(config.example_path(KL_EXAMPLE))
    doc["fuel_reactor"]["height"] = "4 m"
    assert config.from_dict(doc).fuel_reactor.height == pytest.approx(4.0)
    u, spec, bed, gas_in = _bed(height=4.0)
    out = bed.solve(gas_in, SolidsInlet(u.solids_circulation, 0.05))
    for name, value in out.balances.items():
        assert abs(value) < 1e-9, name
    r = out.result
    assert r.bed_height + r.freeboard_height == pytest.approx(4.0, rel=1e-12) and r.freeboard_solids > 0.0
    assert (out.freeboard_height, out.freeboard_solids) == (r.freeboard_height, r.freeboard_solids)  # loop figures
    assert r.options["freeboard_flux"] == "wen_chen"
    assert r.solids_inventory / (1.0 - 0.033 * out.x_out) == pytest.approx(spec.inventory, rel=1e-10)
    _, _, short, _ = _bed(height=1.0)
    with pytest.raises(ValueError, match="fuel_reactor.height=1 m: the bed .* above the vessel's top"):
        short.solve(gas_in, SolidsInlet(u.solids_circulation, 0.05))


def test_kl_bed_on_the_oxygen_basis_conserves_elements():
    r = kl_bed.solve("Abad2011_ilmenite_activated", "CO", height=1.5, diameter=1.0, gas_flow=3.0,
                     gas_composition={"CO": 0.8, "CO2": 0.1, "N2": 0.1}, T_gas_in=1173.15, P_in=1.3e5,
                     solids_mass_flow=20.0, T_solids_in=1173.15, particle_diameter=150e-6, particle_density=4250.0,
                     u_mf=0.01, eps_mf=0.45, orifice_density=5000.0, solids_conversion_in=0.02,
                     solids_basis="oxygen", diffusion_volumes=kl_bed_reactor.DIFFUSION_VOLUMES, freeboard_height=0.0)
    for el, v in r.element_residuals.items():
        assert abs(v) < 1e-12, el
    assert 0.02 < r.solids_conversion < 1.0 and 0.0 < r.fuel_conversion < 1.0
    with pytest.raises(ValueError, match="solids_basis='oxygen'"):
        kl_bed.solve("Abad2011_ilmenite_activated", "CO", height=1.5, diameter=1.0, gas_flow=3.0,
                     gas_composition={"CO": 1.0}, T_gas_in=1173.15, P_in=1.3e5, solids_mass_flow=20.0,
                     T_solids_in=1173.15, particle_diameter=150e-6, particle_density=4250.0, u_mf=0.01,
                     eps_mf=0.45, orifice_density=5000.0, diffusion_volumes=kl_bed_reactor.DIFFUSION_VOLUMES)


def test_the_example_runs_from_the_command_line_with_closed_balances(tmp_path, capsys):
    """The loop with the KL fuel reactor (one loop solve, through ``clc run``): element and energy balances."""
    path = config.example_path(KL_EXAMPLE)
    assert cli.main(["run", str(path), "--json", "--out", str(tmp_path)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"C", "H", "O", "Fe", "Ti", "energy"} <= set(doc["balance_residuals"])
    for name, value in doc["balance_residuals"].items():
        assert abs(value) < 1e-9, name
    fig = {k: v["value"] for k, v in doc["figures"].items()}
    assert 0.5 < fig["fuel conversion (CH4)"] < 1.0
    assert 0.0 <= fig["reduction degree entering FR"] < fig["reduction degree leaving FR"] < 1.0
    assert fig["FR inventory"] == pytest.approx(6000.0)
    # the example's FR is adiabatic (issue 13 item 4): its temperature is solved below the AR's, its duty is nil
    assert abs(fig["heat to supply to FR"]) <= 1e-9 * fig["thermal power (LHV)"]
    assert 1073.15 < fig["FR temperature"] < fig["AR temperature"] and fig["loop autothermal"]
    # the weight of the solids (the inventory, on the reduced basis they leave at)
    mass = 6000.0 * (1.0 - 0.033 * fig["reduction degree leaving FR"])
    assert fig["FR pressure drop"] == pytest.approx(mass * 9.80665 / (np.pi * 1.4 ** 2 / 4), rel=2e-3)
    assert any("kunii-levenspiel bed" in w for w in doc["warnings"])
    assert Path(doc["plot"]).is_file()
