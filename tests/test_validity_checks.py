"""A run whose reactor temperature lies outside the carrier set's measured range says so in its
warnings (issue 14 item 6, issue 13 item 4): clc.validity_checks.carrier_range_warnings, hooked
into the loop's warnings."""

from __future__ import annotations

import dataclasses

from clc import carriers, config, dotted, loop, validity_checks

LIGNITE = config.example_path("cheers_5mw_lignite_type")


def _with_temperatures(u, t_fr: float, t_ar: float):
    return dataclasses.replace(u, fuel_reactor=dataclasses.replace(u.fuel_reactor, temperature=t_fr),
                               air_reactor=dataclasses.replace(u.air_reactor, temperature=t_ar))


def test_temperatures_inside_the_range_give_no_message_and_its_ends_are_inside():
    u = config.load()  # the natural-gas example: FR 900, AR 950 degC, in the ilmenite set's 800-950 degC
    lo, hi = carriers.load(u.carrier).T_range
    assert validity_checks.carrier_range_warnings(u) == []
    assert validity_checks.carrier_range_warnings(_with_temperatures(u, lo, hi)) == []


def test_each_reactor_outside_the_range_is_named_with_the_range_and_its_source():
    u = config.load()
    c = carriers.load(u.carrier)
    lo, hi = c.T_range
    above = validity_checks.carrier_range_warnings(_with_temperatures(u, hi - 10.0, hi + 1.0))
    assert len(above) == 1 and above[0].startswith("air reactor: ") and "above" in above[0]
    assert "extrapolated" in above[0] and c.T_range_source in above[0] and c.name in above[0]
    both = validity_checks.carrier_range_warnings(_with_temperatures(u, lo - 1.0, hi + 50.0))
    assert [w.split(":")[0] for w in both] == ["fuel reactor", "air reactor"]
    assert "below" in both[0] and "above" in both[1]


def test_the_lignite_unit_prints_its_ilmenite_extrapolation():
    # FR 960 and AR 1020 degC lie above the 800-950 degC of the activated-ilmenite set
    r = loop.solve(config.load(LIGNITE))
    hi = carriers.load(r.unit.carrier).T_range[1]
    assert r.unit.fuel_reactor.temperature > hi and r.unit.air_reactor.temperature > hi
    msgs = [w for w in r.warnings if "measured temperature range of carrier" in w]
    assert len(msgs) == 2 and msgs[0].startswith("fuel reactor: ") and msgs[1].startswith("air reactor: ")
    assert any("Hamel2001" in w for w in r.warnings)  # the char set's own extrapolation stays


def test_a_gas_run_in_range_is_unchanged():
    r = loop.solve(config.load())
    assert not any("measured temperature range of carrier" in w for w in r.warnings)


def test_a_gas_run_above_the_range_says_so():
    doc = config.read()
    doc = dotted.with_values(doc, {"fuel_reactor.temperature": "940 degC", "air_reactor.temperature": "1000 degC",
                                   "model.extrapolate_kinetics": True, "fuel_reactor.adiabatic": False})
    r = loop.solve(config.from_dict(doc))
    msgs = [w for w in r.warnings if "measured temperature range of carrier" in w]
    assert len(msgs) == 1 and msgs[0].startswith("air reactor: 1000.0 degC")
