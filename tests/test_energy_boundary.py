"""Physics checks of clc.cement.energy_boundary (no hard-coded results)."""

import math

import pytest

from clc import thermo
from clc.constants import R
from clc.cement import data
from clc.cement import energy_boundary as eb

AIR = {"N2": 0.79, "O2": 0.21}


# --- fan work --------------------------------------------------------------------------------

def _constant_cp_work(flows, T, p, dp, eta):
    n = sum(flows.values())
    cp = sum(v * thermo.cp(k, T) for k, v in flows.items()) / n
    return n * cp * T * ((1 + dp / p) ** (R / cp) - 1) / eta


@pytest.mark.parametrize("dp", [500.0, 2000.0, 5000.0])
def test_fan_work_matches_constant_cp_for_small_dp(dp):
    w = eb.fan_work(AIR, 298.15, 101325.0, dp, 1.0)
    ref = _constant_cp_work(AIR, 298.15, 101325.0, dp, 1.0)
    assert w == pytest.approx(ref, rel=0.01)


def test_fan_work_linear_in_small_dp_and_efficiency_divides():
    w1 = eb.fan_work(AIR, 298.15, 101325.0, 1000.0, 1.0)
    w2 = eb.fan_work(AIR, 298.15, 101325.0, 2000.0, 1.0)
    assert w2 / w1 == pytest.approx(2.0, rel=0.01)
    # V dp limit: n R T dp / p
    assert w1 == pytest.approx(R * 298.15 * 1000.0 / 101325.0, rel=0.01)
    assert eb.fan_work(AIR, 298.15, 101325.0, 1000.0, 0.5) == pytest.approx(2 * w1, rel=1e-9)


def test_fan_work_co2_hot_gas_and_scaling_with_flow():
    flows = {"CO2": 1.0, "H2O": 2.0}
    w = eb.fan_work(flows, 600.0, 1e5, 1e4, 0.8)
    doubled = eb.fan_work({k: 2 * v for k, v in flows.items()}, 600.0, 1e5, 1e4, 0.8)
    assert doubled == pytest.approx(2 * w, rel=1e-9)
    # the isentropic work lies between the V dp bounds at inlet and outlet temperature
    n = 3.0
    assert n * R * 600.0 * math.log(1.1) / 0.8 == pytest.approx(w, rel=0.01)


@pytest.mark.parametrize("kwargs, field", [
    ({"efficiency": 0.0}, "efficiency"), ({"efficiency": 1.2}, "efficiency"),
    ({"dp": -1.0}, "dp"), ({"p_in": 0.0}, "p_in"), ({"T_in": 50.0}, "T_in"),
])
def test_fan_work_errors_name_argument(kwargs, field):
    args = {"molar_flows": AIR, "T_in": 300.0, "p_in": 1e5, "dp": 1e3, "efficiency": 0.8} | kwargs
    with pytest.raises(ValueError, match=field):
        eb.fan_work(**args)


def test_fan_work_rejects_unknown_species_and_empty():
    with pytest.raises(ValueError, match="molar_flows"):
        eb.fan_work({"Xe": 1.0}, 300.0, 1e5, 1e3, 0.8)
    with pytest.raises(ValueError, match="molar_flows"):
        eb.fan_work({}, 300.0, 1e5, 1e3, 0.8)
    with pytest.raises(ValueError, match="molar_flows"):
        eb.fan_work({"Fe2O3": 1.0}, 300.0, 1e5, 1e3, 0.8)


# --- distributor ----------------------------------------------------------------------------

def test_distributor_pressure_drop():
    assert eb.distributor_pressure_drop(1e4) == pytest.approx(eb.DISTRIBUTOR_RATIO * 1e4)
    lo, hi = eb.DISTRIBUTOR_RATIO_RANGE
    assert lo <= eb.DISTRIBUTOR_RATIO <= hi
    assert eb.distributor_pressure_drop(1e4, 1.0) == pytest.approx(1e4)
    with pytest.raises(ValueError, match="bed_pressure_drop"):
        eb.distributor_pressure_drop(-5.0)
    with pytest.raises(ValueError, match="ratio"):
        eb.distributor_pressure_drop(1e4, 0.0)


# --- oxygen ---------------------------------------------------------------------------------

def test_oxygen_production_work():
    assert eb.OXYGEN_SPECIFIC_WORK == pytest.approx(200.0 * 3.6e6 / 1000.0)
    assert eb.oxygen_production_work(2.0) == pytest.approx(2.0 * eb.OXYGEN_SPECIFIC_WORK)
    assert eb.oxygen_production_work(1.0, 1e6) == pytest.approx(1e6)
    assert sum(eb.OXYGEN_PRODUCT.values()) == pytest.approx(1.0)
    assert eb.OXYGEN_PRODUCT["O2"] == eb.OXYGEN_PURITY
    with pytest.raises(ValueError, match="m_o2"):
        eb.oxygen_production_work(-1.0)
    with pytest.raises(ValueError, match="specific_work"):
        eb.oxygen_production_work(1.0, 0.0)


# --- separation -----------------------------------------------------------------------------

def test_minimum_separation_work_pure_feed_is_zero():
    assert eb.minimum_separation_work(1.0, 300.0, 0.9) == 0.0
    assert eb.minimum_separation_work(1.0, 300.0, 1.0) == 0.0


def test_minimum_separation_work_by_hand():
    y, r, T = 0.8, 0.9, 303.15
    n_r = 1 - r * y
    y_r = y * (1 - r) / n_r
    hand = R * T * (n_r * (y_r * math.log(y_r) + (1 - y_r) * math.log(1 - y_r))
                    - (y * math.log(y) + (1 - y) * math.log(1 - y)))
    assert eb.minimum_separation_work(y, T, r) == pytest.approx(hand, rel=1e-12)
    # full recovery: W = -R T [y ln y + (1-y) ln(1-y)]
    assert eb.minimum_separation_work(0.5, T, 1.0) == pytest.approx(R * T * math.log(2), rel=1e-12)


def test_minimum_work_per_mol_co2_rises_as_feed_dilutes():
    ys = [1.0, 0.95, 0.9, 0.8, 0.6, 0.4, 0.2, 0.1]
    per_co2 = [eb.minimum_separation_work(y, 303.15, 0.9) / (0.9 * y) for y in ys]
    assert all(b > a for a, b in zip(per_co2, per_co2[1:]))
    # per mole of feed it also rises as y falls from 1 in the CO2-rich range
    per_feed = [eb.minimum_separation_work(y, 303.15, 0.9) for y in (1.0, 0.95, 0.9, 0.8)]
    assert all(b > a for a, b in zip(per_feed, per_feed[1:]))
    # proportional to T
    assert eb.minimum_separation_work(0.8, 600.0, 0.9) == pytest.approx(
        2 * eb.minimum_separation_work(0.8, 300.0, 0.9))


def test_purification_work():
    M = thermo.species("CO2").molar_mass
    w = eb.purification_work(0.8, 1.0, 0.9, 0.5)
    wmin = eb.minimum_separation_work(0.8, 303.15, 0.9)
    assert w == pytest.approx(wmin * (1.0 / M) / (0.9 * 0.8) / 0.5)
    assert eb.purification_work(0.8, 1.0, 0.9, 0.25) == pytest.approx(2 * w)
    with pytest.raises(ValueError, match="second_law_efficiency"):
        eb.purification_work(0.8, 1.0, 0.9, 0.0)
    with pytest.raises(ValueError, match="y_co2"):
        eb.minimum_separation_work(0.0, 300.0, 0.9)
    with pytest.raises(ValueError, match="recovery"):
        eb.minimum_separation_work(0.5, 300.0, 1.5)


# --- waste heat -----------------------------------------------------------------------------

def test_waste_heat():
    assert eb.waste_heat_power(1e6, 0.2) == pytest.approx(2e5)
    with pytest.raises(ValueError, match="efficiency"):
        eb.waste_heat_power(1e6, 1.0)
    with pytest.raises(ValueError, match="heat"):
        eb.waste_heat_power(-1.0, 0.2)
    lo, hi = eb.WHR_EFFICIENCY_RANGE
    assert lo <= eb.WHR_EFFICIENCY <= hi


def test_recoverable_heat_equals_integral_of_cp():
    flows = {"N2": 1.0, "CO2": 0.5}
    q = eb.recoverable_heat(flows, 600.0, 400.0)
    # trapezoid integral of the mixture cp
    N = 400
    Ts = [400.0 + 200.0 * i / N for i in range(N + 1)]
    cps = [sum(n * thermo.cp(k, T) for k, n in flows.items()) for T in Ts]
    integral = sum(0.5 * (a + b) * (200.0 / N) for a, b in zip(cps, cps[1:]))
    assert q == pytest.approx(integral, rel=1e-5)
    with pytest.raises(ValueError, match="T_hot"):
        eb.recoverable_heat(flows, 400.0, 600.0)


# --- electricity reference ------------------------------------------------------------------

def test_grid_and_power_plant_consistent():
    f_coal = 95e-9  # kg/J, an arbitrary test fuel
    g = eb.ElectricityReference.grid("Anhui", f_coal)
    assert g.co2_factor == pytest.approx(data.GRID_FACTORS_2023["Anhui"] / 3.6e6)
    eta = f_coal / g.co2_factor  # the plant whose CO2 factor equals the grid's
    plant = eb.ElectricityReference.power_plant(eta, f_coal, "equivalent plant")
    assert plant.co2_factor == pytest.approx(g.co2_factor, rel=1e-12)
    assert plant.primary_energy_factor == pytest.approx(g.primary_energy_factor, rel=1e-12)
    assert g.co2(3.6e6) == pytest.approx(data.GRID_FACTORS_2023["Anhui"])
    assert plant.primary_energy(2.0) == pytest.approx(2.0 / eta)


def test_electricity_errors():
    with pytest.raises(ValueError, match="region"):
        eb.ElectricityReference.grid("Mars", 95e-9)
    with pytest.raises(ValueError, match="fossil_fuel_co2_per_lhv"):
        eb.ElectricityReference.grid("Anhui", 1.0)
    with pytest.raises(ValueError, match="efficiency"):
        eb.ElectricityReference.power_plant(0.0, 95e-9, "x")


# --- heat exchange --------------------------------------------------------------------------

def test_area_and_lmtd():
    assert eb.heat_exchanger_area(1e6, 250.0, 100.0) == pytest.approx(1e6 / (250.0 * 100.0))
    assert eb.log_mean_temperature_difference(1300.0, 1200.0, 1150.0, 1250.0) == pytest.approx(50.0)
    lm = eb.log_mean_temperature_difference(1300.0, 1150.0, 1100.0, 1200.0)
    d1, d2 = 100.0, 50.0
    assert lm == pytest.approx((d1 - d2) / math.log(d1 / d2))
    assert min(d1, d2) < lm < max(d1, d2)
    co = eb.log_mean_temperature_difference(1300.0, 1250.0, 1100.0, 1150.0, counter_current=False)
    assert co == pytest.approx((200.0 - 100.0) / math.log(2.0))
    with pytest.raises(ValueError, match="crossing"):
        eb.log_mean_temperature_difference(1200.0, 1100.0, 1150.0, 1250.0)
    with pytest.raises(ValueError, match="U"):
        eb.heat_exchanger_area(1e6, 0.0, 100.0)
    with pytest.raises(ValueError, match="dT_lm"):
        eb.heat_exchanger_area(1e6, 200.0, -1.0)


def test_overall_u():
    assert eb.overall_heat_transfer_coefficient(500.0, 500.0) == pytest.approx(250.0)
    assert eb.U_FLUIDISED_BED_WALL == pytest.approx(eb.H_BUBBLING_BED_SAND / 2)
    lo, hi = eb.U_FLUIDISED_BED_WALL_RANGE
    assert lo <= eb.U_FLUIDISED_BED_WALL <= hi
    assert eb.overall_heat_transfer_coefficient(500.0, 500.0, 1e-3) < 250.0
    with pytest.raises(ValueError, match="h2"):
        eb.overall_heat_transfer_coefficient(500.0, 0.0)


# --- data additions -------------------------------------------------------------------------

def test_data_additions():
    assert set(data.GRID_FACTORS_2023) == {"national", "Sichuan", "Anhui"}
    for table in data.GB16780_2021.values():
        assert table[1] <= table[2] <= table[3]
    assert data.GRID_FACTORS_2022  # existing names kept
