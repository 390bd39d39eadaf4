"""The reactor interface: bubbling bed, riser and moving bed behind one Protocol and a registry."""

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from clc import bubbling_bed, cli, config, loop, reactor, study
from clc.reactor import GasInlet, Outcome, SolidsInlet

MB_EXAMPLE = "moving_bed_1mw_fe45al_methane"


@pytest.fixture(scope="module")
def mb_result():
    return loop.solve(config.load(config.example_path(MB_EXAMPLE)))


def test_registry_names_the_types_and_their_roles():
    assert reactor.types_for("fuel_reactor") == ("bubbling", "riser", "moving_bed", "kunii_levenspiel")
    assert reactor.types_for("air_reactor") == ("bubbling", "riser")
    for name in reactor.REACTOR_TYPES:
        cls = reactor.reactor_class(name)
        assert callable(getattr(cls, "solve")) and callable(getattr(cls, "warm_start"))
    with pytest.raises(ValueError, match=r"reactor type='spouted'; allowed: 'bubbling', 'riser', 'moving_bed', 'kunii_levenspiel'"):
        reactor.reactor_class("spouted")


@pytest.mark.parametrize("which, value, message", [
    ("fuel_reactor", "spouted", r"fuel_reactor.type='spouted'; allowed: 'bubbling', 'riser', 'moving_bed', 'kunii_levenspiel'"),
    ("air_reactor", "moving_bed", r"air_reactor.type='moving_bed'; allowed: 'bubbling', 'riser'"),
])
def test_config_checks_the_type(which, value, message):
    doc = config.read()
    doc[which]["type"] = value
    with pytest.raises(ValueError, match=message):
        config.from_dict(doc)


def test_config_checks_the_moving_bed_fields():
    doc = config.read(config.example_path(MB_EXAMPLE))
    del doc["fuel_reactor"]["height"]
    with pytest.raises(ValueError, match="fuel_reactor.height: missing"):
        config.from_dict(doc)
    doc = config.read(config.example_path(MB_EXAMPLE))
    doc["fuel_reactor"]["voidage"] = 0.95
    with pytest.raises(ValueError, match=r"fuel_reactor.voidage=0.95 is outside the allowed range \[0.2, 0.9\]"):
        config.from_dict(doc)
    doc = config.read(config.example_path(MB_EXAMPLE))
    doc["fuel"]["composition"] = {"CH4": 0.5, "H2": 0.5}
    with pytest.raises(ValueError, match="fuel.composition: fuel_reactor.type='moving_bed' reacts one fuel gas"):
        config.from_dict(doc)


def test_each_bed_meets_the_protocol():
    u = config.load()
    fr_feed, _ = loop.feeds(u)
    for spec in (u.fuel_reactor, dataclasses.replace(u.fuel_reactor, regime="riser", riser_height=15.0)):
        bed = reactor.build(u, spec, ("CH4", "CO", "H2"))
        assert isinstance(bed, reactor.Reactor)
        out = bed.solve(GasInlet(fr_feed, spec.temperature, u.pressure), SolidsInlet(u.solids_circulation, 0.1))
        assert isinstance(out, Outcome) and out.profile.y.shape == (out.profile.z.size, fr_feed.size)
        assert abs(out.balances["O (gas vs solids)"]) < 1e-9
        # the same numbers as the bed solved directly
        direct = bubbling_bed.solve(loop._bed(u, spec, fr_feed, ("CH4", "CO", "H2"), 0.1))
        np.testing.assert_array_equal(out.outlet, direct.outlet)
        assert out.x_out == direct.x_out


def test_moving_bed_fuel_reactor_closes_its_balances(mb_result):
    r = mb_result
    assert r.unit.fuel_reactor.regime == "moving_bed"
    for name, value in r.balances.items():
        assert abs(value) < 1e-9, name
    for name, value in r.fuel_reactor.balances.items():
        assert abs(value) < 1e-9, name
    assert 0.0 <= r.s_fr_in < r.s_fr_out < 1.0
    assert r.fuel_conversion["CH4"] > 0.99 and r.phi > 1.0
    assert r.fr.u0_over_umf is None and "FR u0/u_mf" not in r.figures
    assert r.fr.bed_height == r.unit.fuel_reactor.height
    assert r.fr.pressure_drop == pytest.approx(r.fuel_reactor.result.pressure_drop)
    assert all(np.isfinite(v) for v, _ in r.figures.values() if isinstance(v, float))


def test_moving_bed_runs_from_the_command_line(tmp_path, capsys):
    path = config.example_path(MB_EXAMPLE)
    assert cli.main(["run", str(path), "--json", "--out", str(tmp_path)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["figures"]["FR bed height"]["value"] == pytest.approx(3.0)
    assert Path(doc["plot"]).is_file()


def test_moving_bed_in_a_sweep(tmp_path):
    spec = tmp_path / "s.toml"
    spec.write_text(f'base = "{MB_EXAMPLE}"\noutput = "o.csv"\nfigures = ["fuel conversion (CH4)", '
                    '"reduction degree leaving FR"]\n[parameters]\n'
                    '"solids_circulation" = { values = ["10 kg/s", "14 kg/s"] }\n')
    s = study.load(spec)
    rows = [study.run_point(s.base, p, s.figures) for p in s.points]
    assert [r["status"] for r in rows] == ["ok", "ok"], rows
    assert rows[0]["reduction degree leaving FR"] > rows[1]["reduction degree leaving FR"]
    assert all(r["max balance residual"] < 1e-9 for r in rows)


class _Doubled:
    """A test reactor type: a bubbling bed (shows what one new type takes)."""

    def __init__(self, unit, spec, reacting):
        self.inner = bubbling_bed.FluidizedBed(unit, dataclasses.replace(spec, regime="bubbling"), reacting)

    def warm_start(self, other):
        self.inner.warm_start(other.inner)

    def solve(self, gas_in, solids_in):
        return self.inner.solve(gas_in, solids_in)


def test_a_new_type_is_one_class_and_one_registration(monkeypatch):
    monkeypatch.setitem(reactor.REACTOR_TYPES, "test_bed", reactor.ReactorType(f"{__name__}:_Doubled", ("fuel_reactor",)))
    doc = config.read()
    doc["fuel_reactor"]["type"] = "test_bed"
    r = loop.solve(config.from_dict(doc))
    ref = loop.solve(config.load())
    assert r.figures == ref.figures


def test_loop_reads_no_hydro_key_and_copies_no_warm_field():
    src = Path(loop.__file__).read_text()
    assert "hydro[" not in src and "_WARM_FIELDS" not in src and "setattr(" not in src


@pytest.mark.parametrize("inventory, x_in", [(500.0, 0.0), (1500.0, 0.0), (1500.0, 0.3)])
def test_bed_whose_bubbles_run_dry_solves_as_its_twin(inventory, x_in):
    """Fe45Al air reactor where the bubble gas is used up in a cell (its outflow clipped at 0):
    the numba Jacobian once divided by 0 there (ZeroDivisionError); it now matches the twin."""
    u = config.load(config.example_path(MB_EXAMPLE))
    _, ar_feed = loop.feeds(u)
    inp = bubbling_bed.bed_input(u, dataclasses.replace(u.air_reactor, inventory=inventory), ar_feed, ("O2",), x_in)
    fast, twin = bubbling_bed.solve(inp), bubbling_bed.solve(inp, use_twin=True)
    assert fast.x_out == pytest.approx(twin.x_out, rel=1e-10)
    np.testing.assert_allclose(fast.outlet, twin.outlet, rtol=1e-10, atol=1e-12)
