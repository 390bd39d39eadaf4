"""Lumped tar (clc.tar) and the tar fates of the solid-fuel feed.

The volatile yields below are TEST INPUTS (no published volatile composition of these coals was
read); they only decide how much of the volatile matter is left as tar.
"""

import dataclasses
import math

import numpy as np
import pytest

from clc import char, gas, solid_fuel, tar, thermo
from clc import solid_fuel_reactor as sfr

FUELS = solid_fuel.list_fuels()
YIELDS = ({}, {"CH4": 2.0, "CO": 1.0, "H2O": 1.0}, {"CH4": 3.0, "CO2": 0.5, "H2": 2.0})
KIN = char.CharKinetics.from_dict({"name": "test input (not a published set)",
                                   "k1": {"A": {"value": 1.0, "units": "1/(s bar)", "source": "test input"},
                                          "E": {"value": 0, "units": "J/mol", "source": "test input"}}})


@pytest.mark.parametrize("name", FUELS)
@pytest.mark.parametrize("yields", YIELDS)
def test_c_h_o_balances_close_with_tar(name, yields):
    f = solid_fuel.load(name)
    d = solid_fuel.devolatilize(f, yields)
    t = tar.tar_of(f, d)
    fuel_el = f.element_moles("ar")
    out = {el: d.char_carbon if el == "C" else 0.0 for el in ("C", "H", "O")}
    for sp, n in d.gas.items():
        for el, a in thermo.species("H2O" if sp == "H2O_moisture" else sp).composition.items():
            if el in out:
                out[el] += a * n
    for el in ("C", "H", "O"):
        out[el] += t.elements[el]
        assert out[el] == pytest.approx(fuel_el[el], rel=1e-12)
    assert t.C > 0 and t.H > 0 and t.mass > 0


@pytest.mark.parametrize("name", FUELS)
@pytest.mark.parametrize("yields", YIELDS)
def test_burning_every_product_gives_back_the_lhv(name, yields):
    f = solid_fuel.load(name)
    d = solid_fuel.devolatilize(f, yields)
    t = tar.tar_of(f, d)
    q = tar.products_heat_of_combustion(f, d, t)
    # the moisture leaves devolatilization as vapour, the LHV charges its evaporation
    assert q - solid_fuel.water_latent_heat() * f.moisture == pytest.approx(f.lhv("ar"), rel=1e-12)
    assert t.devolatilization_heat() == 0.0
    # with the correlation, the difference is the heat of devolatilization, to the same accuracy
    cp = tar.tar_of(f, d, "channiwala_parikh")
    q_cp = tar.products_heat_of_combustion(f, d, cp)
    assert q_cp - cp.devolatilization_heat() == pytest.approx(q, rel=1e-12)
    assert abs(cp.devolatilization_heat()) < 0.1 * f.lhv("ar")  # a few % of the LHV for these coals


def test_tar_heat_of_combustion_matches_its_own_hhv_under_channiwala_parikh():
    f = solid_fuel.load("Vorres1990_Illinois6_bituminous")
    t = tar.tar_of(f, solid_fuel.devolatilize(f, {}), "channiwala_parikh")
    mass = {el: n * solid_fuel.ATOMIC_MASS[el] for el, n in t.elements.items()}
    hhv = solid_fuel.hhv_channiwala_parikh({k: v / t.mass for k, v in mass.items()})
    water = t.H / 2.0 * thermo.species("H2O").molar_mass
    assert t.heat_of_combustion() == pytest.approx(hhv * t.mass - solid_fuel.water_latent_heat() * water, rel=1e-12)


def test_o2_demand_and_converted_gas_balance():
    f = solid_fuel.load("Vorres1990_Illinois6_bituminous")
    t = tar.tar_of(f, solid_fuel.devolatilize(f, {"CH4": 2.0}))
    _, A = gas.element_matrix()  # C, H, O, N
    ox, o_carrier = t.converted_gas("oxidised")
    assert o_carrier == pytest.approx(2.0 * t.o2_demand(), rel=1e-14)
    assert (A @ ox)[:3] == pytest.approx([t.C, t.H, t.O + o_carrier], rel=1e-13)
    ref, o0 = t.converted_gas("reformed")
    assert o0 == 0.0 and (A @ ref)[:3] == pytest.approx([t.C, t.H, t.O], rel=1e-13)
    # reformed gas burnt fully needs the same O2 as the tar
    o2_ref = ref[gas.INDEX["CO"]] / 2.0 + ref[gas.INDEX["H2"]] / 2.0
    assert o2_ref == pytest.approx(t.o2_demand(), rel=1e-13)


def test_enthalpy_rises_with_temperature_and_is_formation_at_298():
    f = solid_fuel.load("Vorres1990_BeulahZap_lignite")
    t = tar.tar_of(f, solid_fuel.devolatilize(f, {}))
    assert t.enthalpy(298.15) == pytest.approx(t.formation_enthalpy, abs=1e-6)
    assert t.enthalpy(1200.0) > t.enthalpy(900.0) > t.formation_enthalpy
    assert all(math.isfinite(t.enthalpy(T)) for T in (300.0, 1500.0))


def test_bad_inputs_get_clear_errors():
    f = solid_fuel.load("Vorres1990_BeulahZap_lignite")
    d = solid_fuel.devolatilize(f, {})
    with pytest.raises(ValueError, match="method='magic'"):
        tar.tar_of(f, d, "magic")
    with pytest.raises(ValueError, match="route='cracked'"):
        tar.tar_of(f, d).converted_gas("cracked")
    with pytest.raises(ValueError, match="T=-5"):
        tar.tar_of(f, d).enthalpy(-5.0)
    other = solid_fuel.load("Vorres1990_Illinois6_bituminous")
    with pytest.raises(ValueError, match="not of fuel"):
        tar.tar_of(other, d)
    with pytest.raises(ValueError, match="H=-1"):
        tar.Tar("x", 1.0, -1.0, 0.0, 0.0, "difference", 0.0)
    # a tar that is nearly pure carbon lies outside the correlation's fitted range: named, with the way out
    d_c = dataclasses.replace(d, tar={"C": 10.0, "H": 0.01, "O": 0.0})
    with pytest.raises(ValueError, match="method='difference'"):
        tar.tar_of(f, d_c, "channiwala_parikh")
    with pytest.raises(ValueError, match="tar='gone'"):
        sfr.SolidFuelSpec(f, {}, None, 0.1, KIN, 0.0, tar="gone")


def test_a_spec_without_a_tar_fate_still_refuses_tar():
    f = solid_fuel.load("Vorres1990_Illinois6_bituminous")
    with pytest.raises(ValueError, match="set tar to one of reformed, unburnt"):
        sfr.SolidFuelSpec(f, {"CH4": 2.0}, None, 0.1, KIN, 0.0).devolatilization()


@pytest.mark.parametrize("fate", ["reformed", "unburnt"])
@pytest.mark.parametrize("name", FUELS)
def test_fuel_feed_with_tar_closes_c_h_o(fate, name):
    f = solid_fuel.load(name)
    spec = sfr.SolidFuelSpec(f, {"CH4": 2.0, "CO": 1.0}, None, 0.2, KIN, 0.0, tar=fate)
    ff = sfr.fuel_feed(spec, 1e6)
    _, A = gas.element_matrix()
    g = A @ (ff.in_bed + ff.bypass)
    t = ff.tar
    # reforming takes H2O (O and H) from the bed: count it as a gas the bed supplies
    C = g[0] + ff.char_carbon + ff.tar_unburnt["C"]
    H = g[1] + ff.tar_unburnt["H"]
    O = g[2] + ff.tar_unburnt["O"]
    assert C == pytest.approx(ff.elements["C"], rel=1e-12)
    assert H == pytest.approx(ff.elements["H"], rel=1e-12)
    assert O == pytest.approx(ff.elements["O"], rel=1e-12)
    share = 1.0 if fate == "unburnt" else 0.2
    assert ff.tar_unburnt_o2 == pytest.approx(share * ff.mass_flow * t.o2_demand(), rel=1e-14)
    assert ff.tar_unburnt_enthalpy(1200.0) == pytest.approx(share * ff.mass_flow * t.enthalpy(1200.0), rel=1e-14)


def test_fuel_feed_without_tar_is_unchanged():
    f = solid_fuel.load("Vorres1990_BeulahZap_lignite")
    spec = sfr.SolidFuelSpec(f, {}, ("CO", "H2", "CH4"), 0.1, KIN, 0.0)
    ff = sfr.fuel_feed(spec, 1e6)
    assert ff.tar is None and ff.tar_unburnt_o2 == 0.0 and ff.tar_unburnt_enthalpy(1200.0) == 0.0
    assert np.all(np.isfinite(ff.in_bed))


def test_a_bituminous_coal_with_tar_runs_in_the_loop():
    """Illinois No. 6 with tar reformed in the bed (no bypass, so no unburnt tar needs the loop's hook)."""
    import copy
    import tomllib

    from clc import config, loop

    doc = tomllib.loads(config.example_path().read_text())
    doc["fuel"] = {"type": "solid", "name": "Vorres1990_BeulahZap_lignite",
                   "volatiles": {"closing": ["CO", "H2", "CH4"], "bypass": 0.0},
                   "char_kinetics": copy.deepcopy({
                       "name": "test input (not a published set)",
                       "k1": {"A": {"value": 1e5, "units": "1/(s bar)", "source": "test input"},
                              "E": {"value": 180, "units": "kJ/mol", "source": "test input"}},
                       "k4": {"A": {"value": 1e4, "units": "1/(s bar)", "source": "test input"},
                              "E": {"value": 180, "units": "kJ/mol", "source": "test input"}}})}
    doc["fuel_reactor"]["steam"] = "20 mol/s"
    doc["carbon_stripper"] = {"efficiency": 0.9}
    u = config.from_dict(doc)
    coal = solid_fuel.load("Vorres1990_Illinois6_bituminous")
    with pytest.raises(ValueError, match="H2 = -"):  # CO, H2, CH4 cannot hold its volatiles
        sfr.fuel_feed(dataclasses.replace(u.solid_fuel, fuel=coal), u.thermal_power)
    sf = dataclasses.replace(u.solid_fuel, fuel=coal, yields={"CH4": 2.0, "CO": 1.0, "H2O": 1.0}, closing=None,
                             tar="reformed")
    r = loop.solve(dataclasses.replace(u, solid_fuel=sf))
    assert max(abs(v) for v in r.balances.values()) < 1e-9


@pytest.fixture(scope="module")
def bituminous_runs():
    """Illinois No. 6 read from a unit table (config) with tar unburnt, reformed with bypass, and reformed
    without bypass; the yields are test inputs (not measured) that leave tar by difference."""
    import tomllib

    from clc import config, loop

    def run(fate, bypass):
        doc = tomllib.loads(config.example_path().read_text())
        doc["fuel"] = {"type": "solid", "name": "Vorres1990_Illinois6_bituminous",
                       "volatiles": {"yields": {"CH4": 2.0, "CO": 1.0, "CO2": 0.5, "H2": 3.0, "H2O": 1.0},
                                     "bypass": bypass, "tar": fate},
                       "char_kinetics": "WatanabeOtaka2006_bituminous_char"}
        doc["fuel_reactor"]["steam"] = "20 mol/s"
        doc["carbon_stripper"] = {"efficiency": 0.9}
        return loop.solve(config.from_dict(doc))
    return {k: run(*k) for k in (("unburnt", 0.1), ("reformed", 0.1), ("reformed", 0.0))}


def test_unburnt_tar_closes_the_loop_balances_and_counts_in_the_oxygen_demand(bituminous_runs):
    for key, r in bituminous_runs.items():
        assert max(abs(v) for v in r.balances.values()) < 1e-9, key
        assert r.oxygen_demand == pytest.approx(r.solid.oxygen_demand_bypass + r.solid.oxygen_demand_bed_gas,
                                                rel=1e-12)
    unburnt, reformed, no_bypass = (bituminous_runs[k] for k in (("unburnt", 0.1), ("reformed", 0.1),
                                                                  ("reformed", 0.0)))
    # all the tar bypassing the carrier needs more polishing O2 than only the bypassing share of it
    assert unburnt.solid.oxygen_demand_bypass > reformed.solid.oxygen_demand_bypass > 0.0
    assert no_bypass.solid.oxygen_demand_bypass == 0.0
    assert unburnt.combustion_efficiency < reformed.combustion_efficiency < no_bypass.combustion_efficiency
    # the unburnt tar's O2 is in the polishing O2: C + H/4 - O/2 of what leaves unburnt
    ff = sfr.fuel_feed(unburnt.unit.solid_fuel, unburnt.unit.thermal_power)
    gas_o2 = unburnt.o2_for_polishing / (2 * thermo.M_O) - ff.tar_unburnt_o2
    assert gas_o2 > 0.0 and ff.tar_unburnt_o2 > 0.0


def test_config_refuses_an_unknown_tar_fate():
    import tomllib

    from clc import config

    doc = tomllib.loads(config.example_path().read_text())
    doc["fuel"] = {"type": "solid", "name": "Vorres1990_Illinois6_bituminous",
                   "volatiles": {"yields": {"CH4": 2.0}, "tar": "cracked"},
                   "char_kinetics": "WatanabeOtaka2006_bituminous_char"}
    with pytest.raises(ValueError, match="fuel.volatiles.tar='cracked'; allowed"):
        config.from_dict(doc)
