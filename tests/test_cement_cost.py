"""Cost of clinker, cost of CO2 avoided and break-even carbon price (clc.cement.cost): a worked
example by hand, costs scaling with their prices, break-even, calibration, clear input errors."""

import dataclasses
import json
from types import SimpleNamespace

import pytest

from clc.cement import clc_integration as ci
from clc.cement import config as plant_config
from clc.cement import cost
from clc.cement import energy_boundary as eb

KWH = 3.6e6  # J


# --- a small worked example, every number by hand ------------------------------------------

def _case(route, fuel, electricity, emitted, captured, sizes):
    plant = SimpleNamespace(spec=SimpleNamespace(annual_clinker=1e9, clinker_rate=12.5))  # 1 Mt/yr; 1080 t/d
    energy = [ci.EnergyItem("fuel (kiln line)", fuel, "fuel", "test"),
              ci.EnergyItem("fans", electricity, "electricity", "test")]
    return ci.CaseResult(route, plant, [], energy, emitted + captured, captured, emitted, 0.95, sizes=sizes)


def _worked_example():
    ref = _case("reference", 3.0e6, -0.1e6, 0.8, 0.0, {})
    oxy = _case("oxy-fired calciner", 3.3e6, 0.3e6, 0.1, 0.8, {"co2_captured": 36.0, "oxygen": 500.0})
    el = eb.ElectricityReference("test grid", 0.5 / KWH, 2.0, "test")  # 0.5 kg CO2/kWh
    comp = ci.Comparison(ref, {oxy.route: oxy}, {}, el)
    item = lambda name, c, s, basis: cost.CapitalItem(name, c, s, 0.6, basis, "test value")
    inputs = cost.CostInputs(
        eur_to_cny=8.0, electricity_price=50.0 / 3.6e9, discount_rate=0.10, lifetime=10.0,
        installation_factor=1.5, indirect_share=0.10, owners_share=0.05, project_contingency=0.05,
        process_contingency=0.30, maintenance_share=0.02, insurance_share=0.01, maintenance_labour_share=0.4,
        admin_share=0.3, labour_cost=50e3, workers_reference=100, workers_capture=120, fuel_price=3e-9,
        plant_electricity=100.0 * KWH / 1e3, raw_meal_cost=5e-3, other_variable=1e-3, capture_variable=0.5e-3,
        co2_transport_storage=10e-3,
        capital={"reference_plant": item("reference_plant", 100e6, 1080.0, "direct"),
                 "co2_processing": item("co2_processing", 20e6, 36.0, "equipment"),
                 "asu": item("asu", 10e6, 500.0, "equipment"),
                 "capture_core": item("capture_core", 0.0, 1080.0, "equipment")})
    return comp, inputs


def test_worked_example_by_hand():
    comp, inputs = _worked_example()
    res = cost.evaluate(comp, inputs)
    # capital, M EUR: reference plant 100 x (1 + 0.10 + 0.05 + 0.05) = 120; capture: CPU 20 x 1.5 x (1.2 + 0.3) = 45,
    # ASU 10 x 1.5 x 1.5 = 22.5 -> 187.5
    crf = 0.10 * 1.1 ** 10 / (1.1 ** 10 - 1.0)  # 0.162745...
    annual = 1e6  # t clinker/yr

    def fixed(tpc, workers):  # EUR/yr
        maint, op = 0.02 * tpc, workers * 50e3
        return maint + 0.01 * tpc + op + 0.4 * maint + 0.3 * (op + 0.4 * maint)

    # EUR/t clinker; fuel 3 GJ/t x 3 EUR/GJ; electricity 50 EUR/MWh x (100 + boundary) kWh/t
    c_ref = (crf * 120e6 + fixed(120e6, 100)) / annual + 3.0 * 3.0 + 0.05 * (100.0 - 0.1e6 / 3600) + 5.0 + 1.0
    c_oxy = ((crf * 187.5e6 + fixed(187.5e6, 120)) / annual + 3.3 * 3.0 + 0.05 * (100.0 + 0.3e6 / 3600) + 5.0 + 1.0
             + 0.5 + 10.0 * 0.8)
    e_ref, e_oxy = 800.0 + 0.5 * (-0.1e6 / 3600), 100.0 + 0.5 * (0.3e6 / 3600)  # kg CO2/t, equivalent
    assert res.reference.total_plant_cost == pytest.approx(120e6, rel=1e-12)
    r = res.routes["oxy-fired calciner"]
    assert r.case.total_plant_cost == pytest.approx(187.5e6, rel=1e-12)
    assert res.reference.clinker_cost * 1e3 == pytest.approx(c_ref, rel=1e-12)
    assert r.case.clinker_cost * 1e3 == pytest.approx(c_oxy, rel=1e-12)
    assert r.co2_avoided_cost * 1e3 == pytest.approx((c_oxy - c_ref) / (e_ref - e_oxy) * 1e3, rel=1e-12)
    assert r.break_even_carbon_price * 1e3 == pytest.approx((c_oxy - c_ref) / (800.0 - 100.0) * 1e3, rel=1e-12)
    assert r.clinker_cost_rise_relative == pytest.approx(c_oxy / c_ref - 1.0, rel=1e-12)
    f = res.figures("oxy-fired calciner")
    assert f["cost of CO2 avoided (equivalent) [CNY]"][0] == pytest.approx(8.0 * f["cost of CO2 avoided (equivalent)"][0])


def test_capital_recovery_factor():
    assert cost.capital_recovery_factor(0.0, 20.0) == pytest.approx(1 / 20)
    assert cost.capital_recovery_factor(0.08, 25.0) == pytest.approx(0.0936788, rel=1e-6)


def test_worked_example_break_even_makes_costs_equal():
    comp, inputs = _worked_example()
    r = cost.evaluate(comp, inputs).routes["oxy-fired calciner"]
    ref = cost.evaluate(comp, inputs).reference
    p = r.break_even_carbon_price
    assert r.case.clinker_cost_with_co2(p) == pytest.approx(ref.clinker_cost_with_co2(p), rel=1e-12)
    assert r.case.clinker_cost_with_co2(1.1 * p) < ref.clinker_cost_with_co2(1.1 * p)


# --- the shipped Sichuan case ------------------------------------------------------------------

@pytest.fixture(scope="module")
def sichuan():
    path = plant_config.example_path("cement_clc_sichuan")
    plant, unit, opts = ci.load_case(path)
    inputs = cost.load(path)
    return ci.evaluate(plant, unit, opts, costs=inputs), inputs


def test_sichuan_costs_for_both_routes(sichuan):
    comp, inputs = sichuan
    assert set(comp.costs.routes) == set(comp.cases)
    for route, r in comp.costs.routes.items():
        assert r.clinker_cost_rise > 0 and r.co2_avoided_cost > 0 and r.break_even_carbon_price > 0
        assert all(v == v for v in r.case.breakdown.values())
    clc_route = next(r for r in comp.costs.routes.values() if r.case.breakdown.get("carrier make-up"))
    assert clc_route.case.capital["calciner_heat_exchanger"] > 0


@pytest.mark.parametrize("price, terms", [
    ("electricity_price", ("electricity (rest of the plant)", "electricity (boundary items, net)")),
    ("fuel_price", ("fuel",)),
    ("clc_fuel_price", ("CLC fuel",)),
    ("carrier_price", ("carrier make-up",)),
    ("co2_transport_storage", ("CO2 transport and storage",)),
])
def test_costs_scale_with_their_prices(sichuan, price, terms):
    comp, inputs = sichuan
    if getattr(inputs, price) == 0.0:
        inputs = dataclasses.replace(inputs, **{price: 10e-3})
    base = cost.evaluate(comp, inputs)
    double = cost.evaluate(comp, dataclasses.replace(inputs, **{price: 2.0 * getattr(inputs, price)}))
    for a, b in [(base.reference, double.reference)] + [(base.routes[k].case, double.routes[k].case) for k in base.routes]:
        for t, v in a.breakdown.items():
            assert b.breakdown[t] == pytest.approx(2.0 * v if t in terms else v, rel=1e-12, abs=1e-15), (a.route, t)
    assert any(base.routes[k].case.breakdown.get(t, 0.0) != 0.0 for k in base.routes for t in terms)


def test_sichuan_break_even_makes_costs_equal(sichuan):
    comp, _ = sichuan
    ref = comp.costs.reference
    for r in comp.costs.routes.values():
        p = r.break_even_carbon_price
        assert r.case.clinker_cost_with_co2(p) == pytest.approx(ref.clinker_cost_with_co2(p), rel=1e-12)


def test_calibration_to_a_published_cost_of_co2_avoided(sichuan):
    comp, inputs = sichuan
    route = "oxy-fired calciner"
    f = cost.calibrate_factor(comp, inputs, route, "co2_processing", 42e-3)  # CEMCAP oxyfuel, 42 EUR/t
    items = dict(inputs.capital)
    items["co2_processing"] = dataclasses.replace(items["co2_processing"], factor=f)
    r = cost.evaluate(comp, dataclasses.replace(inputs, capital=items)).routes[route]
    assert r.co2_avoided_cost == pytest.approx(42e-3, rel=1e-9)
    with pytest.raises(ValueError, match="outside"):
        cost.calibrate_factor(comp, inputs, route, "co2_processing", 5.0)


def test_clc_route_needs_carrier_and_its_exchanger_costs(sichuan):
    comp, inputs = sichuan
    with pytest.raises(ValueError, match="cost.carrier_price: missing"):
        cost.evaluate(comp, dataclasses.replace(inputs, carrier_price=None))
    with pytest.raises(ValueError, match="carrier_lifetime .h. or cost.carrier_attrition"):
        cost.evaluate(comp, dataclasses.replace(inputs, carrier_lifetime=None))
    items = {k: v for k, v in inputs.capital.items() if k != "air_recuperator"}
    with pytest.raises(ValueError, match="cost.capital.air_recuperator: missing .required input"):
        cost.evaluate(comp, dataclasses.replace(inputs, capital=items))
    by_attrition = dataclasses.replace(inputs, carrier_lifetime=None, carrier_attrition=1.0 / inputs.carrier_lifetime)
    a, b = cost.evaluate(comp, inputs), cost.evaluate(comp, by_attrition)
    for k in a.routes:
        assert a.routes[k].case.clinker_cost == pytest.approx(b.routes[k].case.clinker_cost, rel=1e-12)


# --- reading [cost] ----------------------------------------------------------------------------

def test_money_in_eur_and_cny():
    assert cost.money("7.8 CNY/kWh", "f", "energy", 7.8, "EUR/MWh") == pytest.approx(1.0 / 3.6e6)
    assert cost.money(60, "f", "energy", 7.8, "EUR/MWh") == pytest.approx(60.0 / 3.6e9)
    assert cost.money("149.82 MEUR", "f", "none", 7.8, "EUR") == pytest.approx(149.82e6)
    assert cost.money("1500 CNY/t", "f", "mass", 7.5, "EUR/t") == pytest.approx(0.2)


BASE = {"eur_to_cny": 7.8, "electricity_price": "0.6 CNY/kWh"}


@pytest.mark.parametrize("table, message", [
    ({**BASE, "electricty_price": 1.0}, r"cost: unknown key\(s\) electricty_price; allowed: .*electricity_price"),
    ({"electricity_price": "60 EUR/MWh"}, r"cost.eur_to_cny: missing \(required input"),
    ({"eur_to_cny": 7.8}, r"cost.electricity_price: missing \(required input"),
    ({**BASE, "discount_rate": 0.5}, r"cost.discount_rate=0.5 - is outside the allowed range \[0, 0.3\]"),
    ({**BASE, "electricity_price": "2000 EUR/MWh"},
     r"cost.electricity_price=2000 EUR/MWh is outside the allowed range \[0, 1000\] EUR/MWh"),
    ({**BASE, "fuel_price": "3 USD/GJ"}, r"cost.fuel_price='3 USD/GJ': not understood"),
    ({**BASE, "fuel_price": "3 EUR/t"}, r"cost.fuel_price='3 EUR/t': unit 't' not understood; use EUR/GJ"),
    ({**BASE, "eur_to_cny": 0.1}, r"cost.eur_to_cny=0.1 CNY per EUR is outside the allowed range \[1, 20\]"),
    ({**BASE, "lifetime": "25 yr"}, r"cost.lifetime='25 yr': not a number"),
    ({**BASE, "carrier_lifetime": 1000.0, "carrier_attrition": 1e-3}, "both given"),
    ({**BASE, "capital": {"boiler": {}}}, r"cost.capital: unknown item 'boiler'; allowed: reference_plant"),
    ({**BASE, "capital": {"asu": {"exponent": 0.7}}}, r"cost.capital.asu.source: missing"),
    ({**BASE, "capital": {"asu": {"exponent": 3.0, "source": "x"}}},
     r"cost.capital.asu.exponent=3.0 - is outside the allowed range \[0.2, 1.2\]"),
    ({**BASE, "capital": {"asu": {"cost": 1.0}}}, r"cost.capital.asu: unknown key\(s\) cost"),
    ({**BASE, "capital": {"air_recuperator": {"reference_cost": "1 MEUR"}}},
     r"cost.capital.air_recuperator: missing reference_size, exponent, basis, source \(no default: a required input; "
     r"size in MW\)"),
    ({**BASE, "plant_electricity": "57 kWh"}, r"cost.plant_electricity='57 kWh': not understood"),
])
def test_bad_cost_inputs_are_refused_with_field_value_and_range(table, message):
    with pytest.raises(ValueError, match=message):
        cost.from_table(table)


def test_cost_table_read_from_file(tmp_path):
    import tomllib

    path = plant_config.example_path("cement_clc_anhui")
    inputs, table = cost.load(path), tomllib.loads(path.read_text())["cost"]
    assert inputs.eur_to_cny == table["eur_to_cny"]
    cny_per_kwh = float(table["electricity_price"].split()[0])  # the file gives it in CNY/kWh
    assert inputs.electricity_price * 3.6e6 == pytest.approx(cny_per_kwh / table["eur_to_cny"])
    assert inputs.carbon_price * 1e3 == pytest.approx(float(table["carbon_price"].split()[0]) / table["eur_to_cny"])
    assert inputs.capital["calciner_heat_exchanger"].source.startswith("ASSUMPTION")
    assert inputs.discount_rate == cost.DEFAULTS["discount_rate"][0]
    p = tmp_path / "x.toml"
    p.write_text('kind = "cement_clc"\nplant = "cement_sichuan_nsp_5000tpd"\n')
    assert cost.load(p) is None


def test_every_default_has_a_source():
    for k, (v, unit, src) in cost.DEFAULTS.items():
        assert src.strip() and unit, k
        assert "second-hand" in src or "ASSUMPTION" in src or "derived" in src or src.startswith("0:"), k
    for item in cost.DEFAULT_CAPITAL.values():
        assert "second-hand" in item.source


@pytest.mark.slow
def test_cli_cement_prints_and_carries_costs(sichuan, tmp_path, capsys):
    from clc import cli

    assert cli.main(["cement", "--out", str(tmp_path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    routes = doc["costs"]["routes"]
    assert set(routes) == set(doc["capture_cases"])
    for r in routes.values():
        assert r["cost_of_CO2_avoided_CNY_per_t"] == pytest.approx(doc["costs"]["eur_to_cny"] * r["cost_of_CO2_avoided_EUR_per_t"])
        assert r["break_even_carbon_price_EUR_per_t"] > 0
    assert cli.main(["cement", "--out", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert "cost of CO2 avoided" in text and "break-even carbon price" in text
    assert "at the carbon price given" in text  # the shipped case gives the 2024 national ETS price
    assert "5-95 %" not in text
    # an interval table of this case file in --out: printed beside the KPIs
    gas_case = plant_config.example_path("cement_clc_sichuan")  # the fixture's case (the default burns coal)
    _intervals(sichuan[0], tmp_path, gas_case)
    assert cli.main(["cement", str(gas_case), "--out", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert "CO2 capture rate" in text and "   [median " in text and ", EUR/t: cost of CO2 avoided (equivalent) median" in text


# --- intervals of a `clc uncertainty` run on the capture-route chart and in the report ----------

def _intervals(comp, folder, case=None):
    """The KPI table a `clc uncertainty` run writes, read back: samples spread -10..+10 % about this
    run's values through the real analysis (design, quantiles, CSV, reader)."""
    from clc import plots, uncertainty

    inp = uncertainty.parse_input("x", {"distribution": "uniform", "low": 0.0, "high": 1.0, "source": "ASSUMPTION: test"},
                                  0.5)
    des = uncertainty.design([inp], "lhs", 20, seed=0)
    values = {f"{r}: {k}": comp.kpis[r][k][0] for r in comp.kpis for k in plots.ROUTE_AXES}
    values.update({f"{r}: {k}": comp.costs.figures(r)[k][0] for r in comp.kpis
                   for k in ("cost of CO2 avoided (equivalent)", "break-even carbon price (direct CO2)")})
    rows = [{"point": str(i), "status": "ok", **{k: repr(float(v * (0.9 + 0.2 * u))) for k, v in values.items()}}
            for i, u in enumerate(des.u[:, 0])]
    results = uncertainty.analyse(des, rows, list(values), {k: v for k, v in values.items()})
    case = case or folder / "case.toml"
    uncertainty.write_kpis(results, des, SimpleNamespace(path=case), folder / uncertainty.KPIS_CSV)
    return uncertainty.intervals(folder, case)


def test_intervals_on_capture_route_chart(sichuan, tmp_path):
    import matplotlib.pyplot as plt
    from matplotlib.container import ErrorbarContainer

    from clc import plots

    comp, _ = sichuan
    iv = _intervals(comp, tmp_path)
    assert set(plots.route_intervals(comp, iv)) == set(comp.kpis)
    fig = plots.capture_routes_figure(comp, iv)
    bars = [c for c in fig.axes[0].containers if isinstance(c, ErrorbarContainer)]
    assert len(bars) == len(comp.kpis)  # one per route of this model
    for c in bars:
        line, _, (xbar, ybar) = c
        (mx,), (my,) = line.get_xdata(), line.get_ydata()
        route = next(r for r in comp.kpis if iv[f"{r}: CO2 capture rate"]["median"] == mx)
        x_iv, y_iv = (iv[f"{route}: {k}"] for k in plots.ROUTE_AXES)
        assert my == y_iv["median"]
        (x0, x1), (y0, y1) = xbar.get_segments()[0][:, 0], ybar.get_segments()[0][:, 1]
        assert (x0, x1) == pytest.approx((x_iv["p05"], x_iv["p95"])) and (y0, y1) == pytest.approx((y_iv["p05"], y_iv["p95"]))
        assert x0 < mx < x1 and y0 < my < y1  # the median lies inside its interval
    plt.close(fig)
    fig = plots.capture_routes_figure(comp, None)  # no run: no bars
    assert not [c for c in fig.axes[0].containers if isinstance(c, ErrorbarContainer)]
    plt.close(fig)
    assert plots.capture_routes(comp, tmp_path / "routes.png", intervals=iv).stat().st_size > 10_000


def test_intervals_beside_kpis_in_cement_report(sichuan, tmp_path):
    import re

    from clc.cement import report

    comp, _ = sichuan
    iv = _intervals(comp, tmp_path)
    text = report.capture_summary(comp, "unit", intervals=iv)
    for route in comp.kpis:
        section = text.split(f"== {route}")[1].split("\n== ")[0]
        for kpi in ("CO2 capture rate", "energy penalty (primary energy)"):
            line = next(ln for ln in section.splitlines() if ln.strip().startswith(kpi))
            med, lo, hi = (float(v) for v in re.search(r"median (\S+) \(5-95 %: (\S+)-(\S+)\)", line).groups())
            assert lo < med < hi and med == pytest.approx(iv[f"{route}: {kpi}"]["median"], rel=1e-3)
        assert f"[{route}, EUR/t: cost of CO2 avoided (equivalent) median" in text
    plain = report.capture_summary(comp, "unit")
    assert "median" not in plain and "5-95 %" not in plain


def test_carbon_price_given_is_set_against_each_break_even(sichuan):
    from clc.cement import report

    comp, _ = sichuan
    costs = comp.costs
    p, ref = costs.inputs.carbon_price, costs.reference
    assert p > 0  # the shipped case gives the 2024 national ETS price
    text = report.cost_summary(costs)
    for route, r in costs.routes.items():
        below = p < r.break_even_carbon_price
        # below the break-even price the capture case still costs more with its CO2 paid
        assert (r.case.clinker_cost_with_co2(p) > ref.clinker_cost_with_co2(p)) == below
        word = "below its break-even" if below else "at or above its break-even"
        assert f"{route} {r.case.clinker_cost_with_co2(p) * 1e3:.2f} ({word})" in text
