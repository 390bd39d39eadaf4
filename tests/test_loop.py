"""The loop: conservation on random valid units, physical limits, steady state."""

import dataclasses

import numpy as np
import pytest

from clc import bubbling_bed, config, gas, loop
from clc.errors import InfeasibleError

# the natural-gas example with its fuel reactor held at 900 degC (the example solves it adiabatically):
# these tests set the energy mode of each reactor themselves
_EXAMPLE = config.load()
BASE = dataclasses.replace(_EXAMPLE, n_cells=8, fuel_reactor=dataclasses.replace(_EXAMPLE.fuel_reactor, heat_duty=None))


def _random_units(n, seed=7):
    rng = np.random.default_rng(seed)
    for _ in range(n):
        power = rng.uniform(0.5e6, 5e6)
        scale = power / 3e6
        yield dataclasses.replace(
            BASE,
            thermal_power=power,
            fuel={"CH4": 0.9, "CO": 0.05, "H2": 0.05} if rng.random() < 0.5 else {"CH4": 1.0},
            solids_circulation=rng.uniform(10.0, 40.0) * scale,
            air_excess=rng.uniform(1.05, 1.5),
            wgs_equilibrium=bool(rng.random() < 0.5),
            fuel_reactor=dataclasses.replace(BASE.fuel_reactor, inventory=rng.uniform(500, 3000) * power / 1e6,
                                             temperature=rng.uniform(1080.0, 1220.0),
                                             diameter=1.4 * np.sqrt(scale), extra_feed={"H2O": rng.uniform(0, 2) * scale}),
            air_reactor=dataclasses.replace(BASE.air_reactor, inventory=rng.uniform(200, 600) * power / 1e6,
                                            temperature=rng.uniform(1100.0, 1220.0), diameter=1.2 * np.sqrt(scale)),
        )


@pytest.mark.slow
@pytest.mark.parametrize("unit", list(_random_units(6)), ids=lambda u: f"{u.thermal_power / 1e6:.2f}MW")
def test_conservation_on_random_units(unit):
    r = loop.solve(unit)
    for name, residual in r.balances.items():
        assert abs(residual) < 1e-6, (name, residual)
    for name, (value, _) in r.figures.items():
        assert value is not None and (isinstance(value, bool) or np.isfinite(value)), name
    assert 0.0 <= r.s_fr_in <= r.s_fr_out <= 1.0
    f = r.figures
    assert 0.0 <= f["fuel conversion (CH4)"][0] <= 1.0
    assert 0.0 <= f["CO2 yield"][0] <= 1.0 and 0.0 <= f["oxygen demand"][0] <= 1.0


def test_default_unit_closes_its_balances():
    r = loop.solve(BASE)
    assert max(abs(v) for v in r.balances.values()) < 1e-9
    # a gaseous fuel has no char: all carbon leaves with the fuel-reactor gas
    assert r.figures["CO2 capture efficiency"][0] == pytest.approx(1.0)
    # energy: what the fuel releases heats the outlet streams; duties are finite numbers
    assert np.isfinite(r.figures["heat to remove from AR"][0])


def test_phi_below_one_cannot_burn_the_fuel():
    # each kg of circulating carrier can carry R_OC kg O: below phi = 1 the fuel cannot burn fully
    u = dataclasses.replace(BASE, solids_circulation=BASE.solids_circulation / 8)
    r = loop.solve(u)
    phi = r.figures["oxygen carrier to fuel ratio phi"][0]
    assert phi < 1.0
    assert r.figures["combustion efficiency"][0] <= phi + 1e-9


def test_more_fuel_reactor_inventory_never_lowers_conversion():
    conv = []
    for w in (2000.0, 4000.0, 8000.0):
        u = dataclasses.replace(BASE, fuel_reactor=dataclasses.replace(BASE.fuel_reactor, inventory=w))
        conv.append(loop.solve(u).figures["fuel conversion (CH4)"][0])
    assert conv[0] <= conv[1] <= conv[2]


def test_air_feed_follows_air_excess():
    fr, ar = loop.feeds(BASE)
    o2_needed = 2.0 * fr[gas.INDEX["CH4"]]
    assert ar[gas.INDEX["O2"]] == pytest.approx(BASE.air_excess * o2_needed, rel=1e-12)
    lhv = 802.557e3  # J/mol CH4 from Cantera's data (tests/test_metrics.py holds it to NIST)
    assert fr[gas.INDEX["CH4"]] * lhv == pytest.approx(BASE.thermal_power, rel=1e-5)


def test_adiabatic_fuel_reactor_temperature_from_the_energy_balance():
    u = dataclasses.replace(BASE, fuel_reactor=dataclasses.replace(BASE.fuel_reactor, heat_duty=0.0))
    r = loop.solve(u)
    t_fr, t_ar = r.figures["FR temperature"][0], r.figures["AR temperature"][0]
    assert abs(r.figures["heat to supply to FR"][0]) < 1e-3 * u.thermal_power
    # hot solids from the air reactor carry the heat: an adiabatic fuel reactor runs cooler
    assert t_fr < t_ar
    assert max(abs(v) for v in r.balances.values()) < 1e-9


def test_air_reactor_temperature_from_its_heat_extraction():
    duty = 1.0e6
    u = dataclasses.replace(BASE, air_reactor=dataclasses.replace(BASE.air_reactor, heat_duty=duty))
    r = loop.solve(u)
    assert r.figures["heat to remove from AR"][0] == pytest.approx(duty, rel=1e-4)
    # removing more heat than the unit can give is refused with an explanation
    impossible = dataclasses.replace(BASE, air_reactor=dataclasses.replace(BASE.air_reactor, heat_duty=50e6))
    with pytest.raises(InfeasibleError, match="heat duty 50 MW cannot be met"):
        loop.solve(impossible)


def test_syngas_fuel_without_methane():
    u = dataclasses.replace(BASE, fuel={"CO": 0.5, "H2": 0.5})
    r = loop.solve(u)
    assert "fuel conversion (CH4)" not in r.figures
    assert 0.0 < r.figures["fuel conversion (H2)"][0] <= 1.0
    assert max(abs(v) for v in r.balances.values()) < 1e-9


def _riser_unit(model: str, **params):
    import copy
    import tomllib

    doc = tomllib.loads(config.example_path().read_text())
    ar = doc["air_reactor"]
    for k in ("riser_model", "eps_bottom"):
        ar.pop(k, None)
    ar.update(riser_model=model, **params)
    return config.from_dict(copy.deepcopy(doc))


def test_riser_profiles_hold_the_inventory_and_its_weight():
    for unit in (_riser_unit("chalmers", eps_bottom=0.18),
                 _riser_unit("kunii_levenspiel", eps_dense=0.2, eps_star=0.01, a_u0=3.0)):
        r = loop.solve(unit)
        prep = bubbling_bed.prepare(loop._bed(unit, unit.air_reactor, r.feeds["air_reactor"], ("O2",), 0.0))
        masses = np.array([c[4] for c in prep.lay["cells"]])
        assert masses.sum() == pytest.approx(unit.air_reactor.inventory, rel=1e-10)
        area = np.pi * unit.air_reactor.diameter**2 / 4
        assert r.figures["AR pressure drop"][0] == pytest.approx(unit.air_reactor.inventory * 9.80665 / area, rel=1e-10)
        assert max(abs(v) for v in r.balances.values()) < 1e-9


def test_riser_profile_shifts_solids_down_but_plug_flow_contact_is_the_same():
    # ilmenite's O2 reaction is first order: in plug flow the gas sees sum(k m_cell) whatever
    # the axial distribution, so the AR outlet O2 barely depends on it
    uniform = loop.solve(_riser_unit("uniform", inventory="2 t"))
    chalmers = loop.solve(_riser_unit("chalmers", eps_bottom=0.18))
    assert chalmers.figures["AR riser dense-zone height"][0] > 0
    assert chalmers.figures["O2 in AR exhaust"][0] == pytest.approx(uniform.figures["O2 in AR exhaust"][0], rel=2e-3)


def test_riser_inventory_too_small_for_the_circulation_is_refused():
    with pytest.raises(ValueError, match="inventory"):
        loop.solve(_riser_unit("chalmers", eps_bottom=0.18, inventory="0.5 t"))
    with pytest.raises(ValueError, match="air_reactor.eps_star"):
        _riser_unit("kunii_levenspiel", eps_dense=0.2, eps_star=-1.0, a_u0=3.0)
    with pytest.raises(ValueError, match="air_reactor.riser_model"):
        _riser_unit("core_annulus")


def test_solids_cooler_moves_heat_from_the_solids_line_to_the_fuel_reactor_duty():
    # at fixed reactor temperatures the beds are the same; the FR must then be given exactly the
    # heat the cooler took from its solids: q_FR(cooler) - q_FR(none) = q_cooler
    t_c = BASE.air_reactor.temperature - 50.0
    plain, cooled = loop.solve(BASE), loop.solve(dataclasses.replace(BASE, solids_cooler_temperature=t_c))
    q_c = cooled.figures["heat removed in solids cooler"][0]
    assert plain.figures["heat removed in solids cooler"][0] == 0.0
    assert cooled.figures["solids temperature into FR"][0] == t_c
    dq_fr = cooled.figures["heat to supply to FR"][0] - plain.figures["heat to supply to FR"][0]
    assert dq_fr == pytest.approx(q_c, rel=1e-9)
    # the heat is the carrier's sensible heat over 50 K: mean cp of an oxide carrier, 0.5-1.5 kJ/(kg K)
    assert 0.5e3 < q_c / (BASE.solids_circulation * 50.0) < 1.5e3
    assert cooled.figures["heat to remove from AR"][0] == pytest.approx(plain.figures["heat to remove from AR"][0], rel=1e-9)
    assert max(abs(v) for v in cooled.balances.values()) < 1e-9


def test_solids_cooler_cools_an_adiabatic_fuel_reactor():
    adiabatic = dataclasses.replace(BASE, fuel_reactor=dataclasses.replace(BASE.fuel_reactor, heat_duty=0.0))
    t_plain = loop.solve(adiabatic).figures["FR temperature"][0]
    r = loop.solve(dataclasses.replace(adiabatic, solids_cooler_temperature=BASE.air_reactor.temperature - 30.0))
    assert r.figures["FR temperature"][0] < t_plain
    assert max(abs(v) for v in r.balances.values()) < 1e-9


def test_solids_cooler_cannot_heat():
    with pytest.raises(ValueError, match=r"solids_cooler.outlet_temperature=.* is above the AR temperature"):
        loop.solve(dataclasses.replace(BASE, solids_cooler_temperature=BASE.air_reactor.temperature + 10.0))


def test_adiabatic_air_reactor_feeding_a_solids_cooler():
    # the range's low end has no solution (the riser cannot hold its inventory; the cooler would
    # be hotter than the AR): the root is found by scanning the range
    u = dataclasses.replace(BASE, air_temperature=1073.15, extrapolate_kinetics=True, solids_cooler_temperature=1183.15,
                            air_reactor=dataclasses.replace(BASE.air_reactor, heat_duty=0.0))
    r = loop.solve(u)
    assert abs(r.figures["heat to remove from AR"][0]) < 1e-6 * u.thermal_power
    assert r.figures["AR temperature"][0] > 1183.15
    assert r.figures["heat removed in solids cooler"][0] > 0.0
    assert max(abs(v) for v in r.balances.values()) < 1e-9
    # a cooler hotter than any AR temperature allowed: no solution anywhere, said so
    hot = dataclasses.replace(u, solids_cooler_temperature=1600.0)
    # (an input the loop cannot run at any temperature: a ValueError naming the cooler)
    with pytest.raises(ValueError, match="no air reactor temperature .* where the unit solves: none.*cooler"):
        loop.solve(hot)
