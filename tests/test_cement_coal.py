"""The plant's coal outside the heat balances (issue 12, coal case): grinding and feeding power counted
as the change against the reference, the unburnt tar stream's composition, the CLC unit's ash as a
solid stream, and the fuel sulfur (kiln line: kept with the clinker; CLC unit: not followed by the loop,
burnt to SO2 in the oxygen polishing). The integration is solved once (about 10 s)."""

import dataclasses

import pytest

from clc import thermo
from clc.cement import clc_integration as ci
from clc.cement import coal
from clc.cement import config as plant_config
from clc.cement import kiln, report
from clc.solid_fuel import ATOMIC_MASS

ROUTE = "CLC (calciner_indirect)"
OXY = "oxy-fired calciner"
KWH_T = 3.6e6 / 1e3  # J/kg per kWh/t


# ---------------------------------------------------------------- clc.cement.coal on its own (fast)

def test_work_is_read_in_kwh_per_t_coal_and_refused_outside_its_range():
    assert coal.parse_work("30 kWh/t coal") == pytest.approx(30 * KWH_T, rel=1e-15)
    assert coal.parse_work(25) == pytest.approx(25 * KWH_T, rel=1e-15)  # a bare number is kWh/t coal
    assert coal.parse_work("108 kJ/kg") == pytest.approx(30 * KWH_T, rel=1e-12)
    with pytest.raises(ValueError, match="coal_preparation_work.*unit 'kWh/t clinker'"):
        coal.parse_work("30 kWh/t clinker")
    with pytest.raises(ValueError, match=r"coal_preparation_work=.*\[0, 200\] kWh/t coal"):
        coal.parse_work("-5 kWh/t coal")
    with pytest.raises(ValueError, match="integration.coal_preparation_work"):
        ci.IntegrationOptions(coal_preparation_work=1e9)


def test_preparation_power_is_the_work_times_the_extra_coal_and_a_credit_for_less():
    w = 30 * KWH_T
    ref = coal.CoalGround(0.1134)
    more, src = coal.preparation_power(coal.CoalGround(0.0196, 0.1349), ref, w)
    assert more == pytest.approx(w * (0.0196 + 0.1349 - 0.1134), rel=1e-12)
    assert "reference 113.4" in src and "CLC unit 134.9" in src
    less, _ = coal.preparation_power(coal.CoalGround(0.0196), ref, w)  # a gas-fired CLC: only the kiln burner's coal
    assert less == pytest.approx(-w * (0.1134 - 0.0196), rel=1e-12) and less < 0
    same, _ = coal.preparation_power(ref, ref, w)
    assert same == 0.0
    with pytest.raises(ValueError, match="coal ground"):
        coal.preparation_power(coal.CoalGround(-0.1), ref, w)


def test_sulfur_arithmetic_follows_the_atomic_masses():
    n = coal.sulfur_moles(0.01, 0.1134)  # 1 % S coal, 113.4 kg coal/t clinker
    assert n * ATOMIC_MASS["S"] == pytest.approx(0.01 * 0.1134, rel=1e-12)
    # SO3 = S + 3 O: 2.497 kg SO3 per kg S (the factor 0.02497 of a kiln sulfur balance per % S)
    assert coal.so3_in_clinker(n) / (0.01 * 0.1134) == pytest.approx(2.497, rel=1e-3)


# ---------------------------------------------------------------- the Sichuan coal case, solved once

@pytest.fixture(scope="module")
def case():
    plant, unit, opts = ci.load_case(plant_config.example_path("cement_clc_sichuan_coal"))
    return plant, unit, opts, ci.evaluate(plant, unit, opts, oxy=True)


def _coal_item(c):
    items = [e for e in c.energy if e.name == ci.COAL_ITEM]
    assert len(items) == 1 and items[0].kind == "electricity"
    return items[0]


def test_shipped_work_lies_in_the_plant_band(case):
    # the shipped work lies between the line's electricity per t of coal powder consumed and produced
    plant, unit, opts, comp = case
    lo = coal.PLANT_COAL_PREPARATION_KWH / coal.PLANT_COAL_POWDER_CONSUMED_T * KWH_T
    hi = coal.PLANT_COAL_PREPARATION_KWH / coal.PLANT_COAL_POWDER_PRODUCED_T * KWH_T
    assert lo <= opts.coal_preparation_work <= hi
    # the one other figure read, a roller mill's saving over a ball mill, is smaller than either
    assert coal.VRM_SAVING_KWH_PER_T[1] * KWH_T < lo


def test_coal_item_is_the_change_against_the_reference_from_independent_coal_flows(case):
    plant, unit, opts, comp = case
    rate = kiln.running_clinker_rate(plant)
    w = opts.coal_preparation_work
    ref = comp.reference.plant
    m_ref = ref.fuel_kiln + ref.fuel_calciner
    # the reference's mill is inside the plant's electricity: its item is zero
    assert _coal_item(comp.reference).value == 0.0
    # CLC: kiln burner coal + the unit's coal from its solved size and the coal's LHV (as received)
    c = comp.cases[ROUTE]
    fuel = c.clc.unit.solid_fuel.fuel
    m_clc = c.clc.unit.thermal_power / fuel.lhv("ar") / rate
    m_kiln = c.plant.fuel_kiln + c.plant.fuel_calciner
    assert _coal_item(c).value == pytest.approx(w * (m_kiln + m_clc - m_ref), rel=1e-9)
    assert c.figures["coal ground (kiln line + CLC unit)"][0] == pytest.approx((m_kiln + m_clc) * 1e3, rel=1e-9)
    # oxy-fired calciner: the calciner burns coal with oxygen, the kiln burner as the reference's
    o = comp.cases[OXY]
    m_oxy = o.plant.fuel_kiln + o.plant.fuel_calciner
    assert _coal_item(o).value == pytest.approx(w * (m_oxy - m_ref), rel=1e-12)
    assert m_oxy > m_ref  # the oxy calciner burns more coal than the reference (its recycle and O2 purity)


def test_kpis_recomputed_from_the_listed_items_include_the_coal_item(case):
    plant, unit, opts, comp = case
    el, ref = comp.electricity, comp.reference
    e_ref = sum(i.value for i in ref.energy if i.kind == "electricity")
    q_ref = sum(i.value for i in ref.energy if i.kind == "fuel") + el.primary_energy_factor * e_ref
    for route, c in comp.cases.items():
        e_el = sum(i.value for i in c.energy if i.kind == "electricity")
        q = sum(i.value for i in c.energy if i.kind == "fuel") + el.primary_energy_factor * e_el
        k = comp.kpis[route]
        assert k["net electricity, capture case"][0] == pytest.approx(e_el / 3600.0, rel=1e-12)
        assert k["energy penalty (primary energy)"][0] == pytest.approx(q / q_ref - 1.0, rel=1e-12)
        e_eq_ref = ref.co2_emitted + el.co2_factor * e_ref
        e_eq = c.co2_emitted + el.co2_factor * e_el
        assert k["SPECCA"][0] == pytest.approx((q - q_ref) / (e_eq_ref - e_eq) / 1e6, rel=1e-9)


def test_without_a_work_the_item_is_absent_and_the_run_says_so(case):
    plant, unit, opts, comp = case
    bare = ci.evaluate(plant, unit, dataclasses.replace(opts, coal_preparation_work=None), oxy=False)
    c, c0 = comp.cases[ROUTE], bare.cases[ROUTE]
    assert not any(e.name == ci.COAL_ITEM for e in c0.energy)
    assert any("coal grinding and feeding are not counted" in w for w in c0.warnings)
    # the item changes nothing else: the electricity differs by exactly the item
    assert c.electricity() - c0.electricity() == pytest.approx(_coal_item(c).value, rel=1e-9)


def test_tar_stream_shows_what_it_carries(case):
    plant, unit, opts, comp = case
    c = comp.cases[ROUTE]
    rate = kiln.running_clinker_rate(plant)
    tar = next(s for s in c.streams if s.name.startswith("CLC unburnt tar"))
    el = tar.elements
    assert tar.element_formula() == f"CH{el['H'] / el['C']:.3g}O{el['O'] / el['C']:.3g}"
    assert tar.element_mass == pytest.approx(sum(n * ATOMIC_MASS[k] for k, n in el.items()), rel=1e-12)
    # its LHV is the loop's: the unburnt share of the tar of the coal fed
    out = ci.fuel_reactor_outlet(c.clc)
    assert tar.heating_value == pytest.approx(out.tar_lhv / rate, rel=1e-12) and tar.heating_value > 0
    line = next(ln for ln in report.capture_summary(comp, "coal unit").splitlines() if "CLC unburnt tar" in ln)
    assert tar.element_formula() in line and f"{tar.element_mass * 1e3:.2f} kg/t clinker" in line
    js = next(s for s in report.capture_json(comp, "u")["capture_cases"][ROUTE]["streams"]
              if s["name"] == tar.name)
    carried = js["carried_outside_gas_species"]
    assert sum(carried["atom_fractions"].values()) == pytest.approx(1.0, rel=1e-12)
    assert carried["mass_kg_per_t_clinker"] == pytest.approx(tar.element_mass * 1e3, rel=1e-12)
    assert js["carbon_as_CO2_kg_per_t_clinker"] == pytest.approx(
        el["C"] * thermo.species("CO2").molar_mass * 1e3, rel=1e-12)


def test_clc_ash_leaves_as_a_solid_stream_with_the_coal_ash(case):
    plant, unit, opts, comp = case
    c = comp.cases[ROUTE]
    rate = kiln.running_clinker_rate(plant)
    fuel = c.clc.unit.solid_fuel.fuel
    ash_ar = fuel.ultimate("ar")["ash"]  # kg ash / kg coal as received (the ultimate analysis, as the loop)
    fed = c.clc.unit.thermal_power / fuel.lhv("ar")
    ash = next(s for s in c.streams if s.name.startswith("CLC coal ash"))
    assert ash.destination == "solid" and ash.composition == {} and ash.carbon_as_co2 == 0.0
    assert ash.solid_mass == pytest.approx(ash_ar * fed / rate, rel=1e-9)
    js = next(s for s in report.capture_json(comp, "u")["capture_cases"][ROUTE]["streams"] if s["name"] == ash.name)
    assert js["solids_kg_per_t_clinker"] == pytest.approx(ash.solid_mass * 1e3, rel=1e-12)


def test_fuel_sulfur_figures(case):
    plant, unit, opts, comp = case
    rate = kiln.running_clinker_rate(plant)
    c = comp.cases[ROUTE]
    key = "kiln-line fuel S retained in the clinker (as SO3; retention 1, ASSUMPTION)"
    for cc in (c, comp.cases[OXY]):
        m = cc.plant.fuel_kiln + cc.plant.fuel_calciner
        s = plant.fuel.ultimate["S"] * m  # kg S / kg clinker
        assert cc.figures[key][0] == pytest.approx(s * (ATOMIC_MASS["S"] + 3 * ATOMIC_MASS["O"]) / ATOMIC_MASS["S"]
                                                   * 1e3, rel=1e-12)
    # the CLC coal's S from its analysis and the unit's size; burnt to SO2 in polishing: the stream that
    # carries it, the SO2 in the dry product, the polishing O2 and heat
    fuel = c.clc.unit.solid_fuel.fuel
    n_s = c.clc.unit.thermal_power / fuel.lhv("ar") * fuel.element_moles("ar")["S"] / rate
    assert c.figures["CLC fuel S (to SO2 in the oxygen polishing)"][0] == pytest.approx(n_s * 1e3, rel=1e-9)
    s_stream = next(s for s in c.streams if s.elements.get("S", 0.0) > 0)
    assert s_stream.destination == "CO2 processing" and s_stream.elements == {"S": pytest.approx(n_s, rel=1e-12)}
    assert s_stream.element_formula() == "S"
    h_s = -thermo.h("SO2", 298.15)  # J/mol, the heat of S + O2 -> SO2 at 25 degC
    assert s_stream.heating_value == pytest.approx(n_s * h_s, rel=1e-12)
    assert 2.9e5 < h_s < 3.0e5  # 296.8 kJ/mol (NIST-JANAF, Cantera's data)
    dry, purity, _, o2 = ci._co2_processing(c.streams, opts)
    assert dry["SO2"] == pytest.approx(n_s, rel=1e-12)
    ppm = c.figures["SO2 in the dry CO2 product"][0]
    assert ppm == pytest.approx(n_s / sum(dry.values()) * 1e6, rel=1e-9) and 1e3 < ppm < 2e4
    # the polishing O2 takes one O2 per S; without the S stream it is that much less
    no_s = [s for s in c.streams if s is not s_stream]
    _, _, _, o2_no_s = ci._co2_processing(no_s, opts)
    assert (o2 - o2_no_s) / thermo.species("O2").molar_mass == pytest.approx(n_s, rel=1e-9)
    whr = next(e for e in c.energy if e.name == "waste-heat power from oxygen polishing")
    assert "fuel S" in whr.source
    assert c.figures["heat of burning the CLC fuel S to SO2 (in polishing, not in the loop)"][0] == pytest.approx(
        n_s * h_s / 1e6, rel=1e-12)
    # sulfur balance: what the CLC coal brings leaves as SO2 in the product, nowhere else
    assert sum(s.elements.get("S", 0.0) for s in c.streams) == pytest.approx(n_s, rel=1e-12)
    for v in [*c.plant.balances.values(), *c.clc.balances.values()]:
        assert abs(v) < 1e-9
