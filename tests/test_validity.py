"""Validity ranges of the hydrodynamic correlations: the checker, and the messages a loop solve carries."""

import dataclasses
import math

import numpy as np
import pytest

from clc import bubbling_bed, config, hydrodynamics, loop, riser

MORI_WEN_OK = dict(D_t=1.0, u_mf=0.02, d_p=150e-6, u0_minus_umf=0.3)


def _scaled(u: loop.UnitSpec, fr_diameter: float) -> loop.UnitSpec:
    """The unit at constant velocities and specific inventories, its fuel reactor ``fr_diameter`` wide."""
    f = (fr_diameter / u.fuel_reactor.diameter) ** 2

    def reactor(r: loop.ReactorSpec, d: float) -> loop.ReactorSpec:
        return dataclasses.replace(r, diameter=d, inventory=r.inventory * f, n_orifices=round(r.n_orifices * f),
                                   extra_feed={k: v * f for k, v in r.extra_feed.items()})

    return dataclasses.replace(u, thermal_power=u.thermal_power * f, solids_circulation=u.solids_circulation * f,
                               fuel_reactor=reactor(u.fuel_reactor, fr_diameter),
                               air_reactor=reactor(u.air_reactor, u.air_reactor.diameter * math.sqrt(f)))


@pytest.fixture(scope="module")
def default_result():
    return loop.solve(config.load())


# --- the checker ---------------------------------------------------------------------------------

def test_checker_is_silent_inside_the_range():
    assert hydrodynamics.validity("bubble_diameter_mori_wen", **MORI_WEN_OK) == []
    assert hydrodynamics.validity("u_mf_wen_yu", Re_mf=1.0) == []
    assert hydrodynamics.validity("bubble_rise_velocity", db_over_Dt=0.1) == []
    assert riser.validity("terminal_velocity", sphericity=1.0) == []
    assert riser.validity("chalmers_profile", u0_minus_ut=3.0) == []
    # a value on a bound counts as inside
    assert hydrodynamics.validity("bubble_diameter_mori_wen", D_t=1.3, u_mf=0.005, d_p=450e-6) == []


def test_one_message_per_violated_bound_naming_quantity_value_range_and_source():
    msgs = hydrodynamics.validity("bubble_diameter_mori_wen", D_t=7.1, u_mf=0.3, d_p=30e-6, u0_minus_umf=1.0)
    assert len(msgs) == 4
    assert msgs[0] == ("Mori-Wen bubble diameter: D_t = 7.1 m is outside its validity range D_t < 1.3 m "
                       "(Kunii & Levenspiel, Fluidization Engineering, 2nd ed., 1991, ch. 5)")
    assert "u_mf = 0.3 m/s is outside its validity range 0.005 m/s < u_mf < 0.2 m/s" in msgs[1]
    assert "d_p = 30 um is outside its validity range 60 um < d_p < 450 um" in msgs[2]
    assert "u0 - u_mf = 1 m/s is outside its validity range u0 - u_mf < 0.48 m/s" in msgs[3]
    for m in msgs:
        assert m.startswith("Mori-Wen bubble diameter: ") and "Kunii & Levenspiel" in m
    # each bound on its own; only the quantities given are checked
    for key, bad in (("D_t", 2.0), ("u_mf", 0.001), ("d_p", 500e-6), ("u0_minus_umf", 0.5)):
        assert len(hydrodynamics.validity("bubble_diameter_mori_wen", **{**MORI_WEN_OK, key: bad})) == 1
    assert len(hydrodynamics.validity("u_mf_wen_yu", Re_mf=1e-4)) == 1
    assert len(hydrodynamics.validity("u_mf_wen_yu", Re_mf=5e3)) == 1
    assert len(hydrodynamics.validity("bubble_rise_velocity", db_over_Dt=0.2)) == 1
    assert len(riser.validity("terminal_velocity", sphericity=0.3)) == 1
    assert len(riser.validity("kunii_levenspiel_profile", u0_minus_ut=-0.1)) == 1


def test_checker_is_pure():
    values = dict(D_t=7.1, u_mf=0.3, d_p=30e-6, u0_minus_umf=1.0)
    before = dict(values)
    first = hydrodynamics.validity("bubble_diameter_mori_wen", **values)
    assert values == before
    assert hydrodynamics.validity("bubble_diameter_mori_wen", **values) == first


def test_unknown_names_and_bad_values_are_refused():
    with pytest.raises(ValueError, match="unknown correlation"):
        hydrodynamics.validity("mori_wen", D_t=1.0)
    with pytest.raises(ValueError, match="no bound on Dt"):
        hydrodynamics.validity("bubble_diameter_mori_wen", Dt=1.0)
    with pytest.raises(ValueError, match="finite"):
        hydrodynamics.validity("bubble_diameter_mori_wen", D_t=math.nan)


def test_every_correlation_has_an_entry_with_a_source_and_unchecked_ones_say_so():
    for module, names in ((hydrodynamics, ("u_mf_wen_yu", "u_mf_ergun", "bubble_diameter_mori_wen",
                                           "bubble_diameter_darton", "bubble_rise_velocity", "bubble_velocity",
                                           "interchange_bubble_cloud", "interchange_cloud_emulsion",
                                           "interchange_bubble_emulsion")),
                          (riser, ("terminal_velocity", "chalmers_profile", "kunii_levenspiel_profile"))):
        for name in names:
            assert callable(getattr(module, name))
            v = module.VALIDITY[name]
            assert v.source and v.title
            if not v.bounds:
                assert "not checked" in v.note
                assert module.validity(name) == []


# --- the solves --------------------------------------------------------------------------------

def test_default_unit_reports_its_fuel_reactor_beyond_mori_wen_and_the_rise_velocity(default_result):
    r = default_result
    u = r.unit
    assert u.fuel_reactor.diameter == pytest.approx(1.4)  # the example's FR is just beyond 1.3 m
    fr = r.fuel_reactor.hydro["validity_warnings"]
    assert isinstance(fr, list) and all(isinstance(m, str) for m in fr)
    assert r.air_reactor.hydro["validity_warnings"] == []  # riser: Wen-Yu, Haider-Levenspiel, Chalmers in range
    validity = [w for w in r.warnings if "validity range" in w]
    assert len(validity) == 2
    assert validity[0].startswith("fuel reactor: Mori-Wen bubble diameter: D_t = 1.4 m is outside its "
                                    "validity range D_t < 1.3 m")
    d_b_over_D = float(np.max(r.fuel_reactor.hydro["bubble_diameter"])) / u.fuel_reactor.diameter
    assert d_b_over_D > 0.125
    assert validity[1].startswith(f"fuel reactor: Davidson bubble rise velocity: d_b/D_t = {d_b_over_D:.3g} "
                                    "is outside its validity range d_b/D_t < 0.125")
    # u_mf, d_p and u0 - u_mf are inside Mori-Wen's range here
    h = r.fuel_reactor.hydro
    assert 0.005 < h["u_mf"] < 0.2 and 60e-6 < u.d_p < 450e-6 and h["u0"] - h["u_mf"] < 0.48


def test_warnings_are_not_figures(default_result):
    for name, (value, _) in default_result.figures.items():
        assert isinstance(value, (bool, int, float)), name
    fields = dataclasses.fields(loop.LoopResult)
    assert fields[-1].name == "warnings"
    assert fields[-1].default_factory is list


def test_a_5_m_fuel_reactor_reports_mori_wen_d_t():
    u = _scaled(config.load(), 5.0)
    r = loop.solve(u)
    assert any(w.startswith("fuel reactor: Mori-Wen bubble diameter: D_t = 5 m is outside its validity range "
                            "D_t < 1.3 m (Kunii & Levenspiel") for w in r.warnings), r.warnings
    assert all(w.startswith(("fuel reactor: ", "air reactor: ")) for w in r.warnings)
    assert len(set(r.warnings)) == len(r.warnings)
    assert r.figures["FR u0/u_mf"][0] > 1.0


def test_results_do_not_depend_on_the_check(default_result, monkeypatch):
    monkeypatch.setattr(bubbling_bed, "_validity_warnings", lambda inp, lay: [])
    bare = loop.solve(config.load())
    assert [w for w in bare.warnings if "validity range" in w] == []
    assert bare.figures == default_result.figures
    assert bare.balances == default_result.balances
    for a, b in ((bare.fuel_reactor, default_result.fuel_reactor), (bare.air_reactor, default_result.air_reactor)):
        for name in ("outlet", "z", "y_bubble", "y_emulsion"):
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
        assert (a.x_out, a.g_mean, a.tau_eff) == (b.x_out, b.g_mean, b.tau_eff)
        assert set(a.hydro) == set(b.hydro)
        for key in a.hydro:
            if key != "validity_warnings":
                np.testing.assert_array_equal(a.hydro[key], b.hydro[key])


def test_loop_messages_are_prefixed_and_deduplicated():
    def bed(msgs):
        return bubbling_bed.BedResult(np.zeros(1), 0.0, 0.0, 0.0, 0.0, 0.0, np.zeros(1), np.zeros((1, 1)),
                                      np.zeros((1, 1)), {"validity_warnings": msgs})

    out = loop.validity_warnings(bed(["a", "b", "a"]), bed(["a"]))
    assert out == ["fuel reactor: a", "fuel reactor: b", "air reactor: a"]


def test_repeated_bed_solves_do_not_share_the_message_list():
    r = loop.solve(config.load())
    r.fuel_reactor.hydro["validity_warnings"].append("changed")
    again = loop.solve(config.load())
    assert "changed" not in again.fuel_reactor.hydro["validity_warnings"]


def test_a_held_fuel_reactor_that_must_give_heat_off_is_flagged():
    """Held at 900 degC, the natural-gas example's FR takes 950 degC solids and must give off about 30 % of
    the thermal power (issue 13: it printed 'FR autothermal' with no word of it); solved adiabatic, as the
    example now is, no warning."""
    u = config.load()
    assert u.fuel_reactor.heat_duty == 0.0  # the example is adiabatic now
    held = loop.solve(dataclasses.replace(u, fuel_reactor=dataclasses.replace(u.fuel_reactor, heat_duty=None)))
    assert held.heat_to_fr < -0.1 * held.thermal_power
    (msg,) = [w for w in held.warnings if "must give off" in w]
    assert f"{-held.heat_to_fr / 1e6:.3g} MW" in msg and "fuel_reactor.adiabatic = true" in msg
    adiabatic = loop.solve(u)
    assert not any("must give off" in w for w in adiabatic.warnings)
    assert abs(adiabatic.heat_to_fr) <= 1e-9 * adiabatic.thermal_power
    assert adiabatic.fr.temperature > held.fr.temperature  # the heat it gave off now warms it


def test_the_natural_gas_example_solves_its_fr_inside_the_carriers_measured_range():
    """Issue 13 item 4: the example's adiabatic FR settles inside the ilmenite set's 800-950 degC, so no
    extrapolation warning; the AR duty is the design output and the loop takes no heat from outside."""
    r = loop.solve(config.load())
    assert 1073.15 < r.fr.temperature < 1223.15
    assert not any("measured temperature range" in w for w in r.warnings)
    assert r.heat_from_ar > 0.0 and r.loop_autothermal
    assert abs(r.heat_to_fr) <= 1e-9 * r.thermal_power
