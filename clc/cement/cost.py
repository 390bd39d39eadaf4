"""Cost of clinker, cost of CO2 avoided and break-even carbon price of the capture routes.

The structure is CEMCAP's (Gardarsdottir et al., Energies 12 (2019) 542): capital as equipment
cost -> total direct cost (installation) -> total plant cost with indirect, owner's, process and
project contingency shares, annualised with the capital recovery factor; fixed O&M as shares of
the total plant cost (maintenance, insurance) plus labour; variable O&M from the energy boundary
of :mod:`clc.cement.clc_integration` (fuels, electricity, carrier make-up) and per-tonne items.
Every default, its value and where it was read are in :data:`DEFAULTS` and ``docs/cost_sources.md``;
a value that could not be found is labelled ASSUMPTION or has no default (a required input).

Definitions (per tonne clinker; ``e`` CO2 emitted per tonne clinker):

* cost of CO2 avoided = (c - c_ref) / (e_eq,ref - e_eq), on the equivalent basis (direct
  emissions plus the CO2 of the net electricity, the integration's electricity reference);
* break-even carbon price = (c - c_ref) / (e_ref - e): the price on *direct* (stack) CO2 at
  which the capture plant's clinker cost, CO2 cost included, equals the reference's;
* clinker cost rise = c - c_ref, and relative to c_ref.

Money is EUR inside; inputs may be given in EUR or CNY ("0.6 CNY/kWh", "149.82 MEUR") and are
converted with ``eur_to_cny``; results are reported in both.

>>> round(capital_recovery_factor(0.08, 25), 5)
0.09368
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from .kiln import running_clinker_rate

J_PER_KWH = 3.6e6

# --- sources ---------------------------------------------------------------------------------
HOPP = ("second-hand: GitHub evan-sharafuddin/HOPP, green_concrete/ ({file}), coding the CEMCAP "
        "spreadsheet (Zenodo record 1475804) and CEMCAP D4.6")
ASSUMPTION = "ASSUMPTION"

def _check(name: str, v, lo: float, hi: float, unit: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or not lo <= v <= hi:
        raise ValueError(f"{name}={v!r} {unit} is outside the allowed range [{lo:g}, {hi:g}]")
    return float(v)


# capital items: size quantity each is scaled on (key of CaseResult.sizes) and its unit
SIZE_UNITS = {
    "reference_plant": ("clinker", "t/d"),
    "co2_processing": ("co2_captured", "t CO2/h"),
    "asu": ("oxygen", "t O2/d"),
    "capture_core": ("clinker", "t/d"),
    "clc_reactors": ("clc_thermal_power", "MWth"),
    "calciner_heat_exchanger": ("calciner_heat_exchanger_area", "m2"),
    "air_recuperator": ("air_recuperator_duty", "MW"),
}
# which items each route carries (beyond the reference plant, which every case carries)
ROUTE_ITEMS = {
    "clc": ("co2_processing", "asu", "capture_core", "clc_reactors", "calciner_heat_exchanger", "air_recuperator"),
    "oxy": ("co2_processing", "asu", "capture_core"),
}


@dataclass(frozen=True)
class CapitalItem:
    """cost = factor * reference_cost * (size / reference_size) ** exponent [EUR].

    ``basis`` says what the reference cost is: "equipment" (the installation factor turns it
    into a direct cost) or "direct" (a total direct cost already).
    """

    name: str
    reference_cost: float  # EUR
    reference_size: float  # in SIZE_UNITS[name][1]
    exponent: float
    basis: str  # "equipment" or "direct"
    source: str
    factor: float = 1.0  # calibration multiplier (see :func:`calibrate_factor`)

    def __post_init__(self):
        where = f"cost.capital.{self.name}"
        if self.name not in SIZE_UNITS:
            raise ValueError(f"cost.capital: unknown item {self.name!r}; allowed: {', '.join(SIZE_UNITS)}")
        _check(f"{where}.reference_cost", self.reference_cost, 0.0, 1e11, "EUR")
        _check(f"{where}.reference_size", self.reference_size, 1e-9, 1e9, SIZE_UNITS[self.name][1])
        _check(f"{where}.exponent", self.exponent, 0.2, 1.2, "-")
        _check(f"{where}.factor", self.factor, 0.0, 100.0, "-")
        if self.reference_size <= 0:
            raise ValueError(f"{where}.reference_size={self.reference_size!r} must be positive")
        if self.basis not in ("equipment", "direct"):
            raise ValueError(f"{where}.basis={self.basis!r}; allowed: equipment, direct")
        if not str(self.source).strip():
            raise ValueError(f"{where}.source: missing (every capital cost needs its source or ASSUMPTION)")

    def cost(self, size: float) -> float:
        """Cost at ``size`` [EUR] (0 for a zero size), on this item's basis."""
        if size <= 0.0:
            return 0.0
        return self.factor * self.reference_cost * (size / self.reference_size) ** self.exponent


# (value, source) of every default; values in EUR and SI-like units noted per key
DEFAULT_CAPITAL = {
    "reference_plant": CapitalItem(
        "reference_plant", 149.82e6, 3000.0, 0.6, "direct",
        "total direct cost of the CEMCAP reference plant, 149.82 M EUR (2014, 'adjusted from 2013 using CEPCI'), "
        + HOPP.format(file="capex.py") + "; at 3000 t/d (1 Mt/yr at 0.913); exponent 0.6 ASSUMPTION (six-tenths rule)"),
    "co2_processing": CapitalItem(
        "co2_processing", 23.537e6, 99.0, 0.6, "equipment",
        "CEMCAP oxyfuel CO2 purification unit equipment (compressors, vessels, exchangers, pumps, cooling tower), "
        "23,537 k EUR (2014) summed from " + HOPP.format(file="capex.py") + "; size: about 99 t CO2/h captured of "
        "110 t/h (HOPP plots.ipynb, from D4.6); exponent 0.6 ASSUMPTION"),
    "asu": CapitalItem(
        "asu", 19.461e6, 819.0, 0.6, "equipment",
        "CEMCAP oxyfuel ASU equipment 19,461 k EUR (2014), " + HOPP.format(file="capex.py") + "; size derived: "
        "191 Nm3 O2/t clinker (HOPP opex.py) x 125 t/h x 1.429 kg/Nm3 = 819 t O2/d; exponent 0.6 ASSUMPTION"),
    "capture_core": CapitalItem(
        "capture_core", 7.432e6, 3000.0, 0.6, "equipment",
        "CEMCAP oxyfuel core-process equipment (cooler, kiln hood and sealings, fans, other), 7,432 k EUR (2014), "
        + HOPP.format(file="capex.py") + "; applied to both routes for the CO2 string's sealing and fans: "
        "ASSUMPTION (analogue); exponent 0.6 ASSUMPTION"),
    "clc_reactors": CapitalItem(
        "clc_reactors", 12.795e6, 137.7, 0.6, "equipment",
        "ASSUMPTION (analogue): the carbonator + calciner circulating-bed pair of CEMCAP's tail-end calcium looping, "
        "7,522 + 5,273 k EUR (2014) equipment, " + HOPP.format(file="capex.py") + "; size: its calciner fuel, "
        "(7.1 - 3.135) MJ/kg clinker x 125 t/h = 137.7 MWth (derived from HOPP cement_plant.py); exponent 0.6 ASSUMPTION; "
        "no published CLC reactor cost could be read"),
}
# calciner_heat_exchanger and air_recuperator: no default (required inputs for the CLC route)

DEFAULTS = {
    # key: (value in internal units, unit, source)
    "discount_rate": (0.08, "-", "ASSUMPTION: the CEMCAP discount rate could not be read; 8 % real is common in "
                                 "CCS cost studies"),
    "lifetime": (25.0, "yr", "HOPP cement_plant.py default plant life (not attributed to CEMCAP there): ASSUMPTION"),
    "installation_factor": (52134.0 / 39379.0, "-",
                            "derived: CEMCAP oxyfuel total direct cost 52,134 k EUR over its equipment cost 39,379 k EUR "
                            "(ASU excluded), both from " + HOPP.format(file="capex.py")),
    "indirect_share": (0.14, "-", "indirect costs 14 % of total direct cost, " + HOPP.format(file="capex.py")),
    "owners_share": (0.07, "-", "owner's costs 7 % of total direct cost, " + HOPP.format(file="capex.py")),
    "project_contingency": (0.15, "-", "project contingencies 15 % of total direct cost, " + HOPP.format(file="capex.py")),
    "process_contingency": (0.30, "-", "ASSUMPTION for the capture equipment: HOPP codes 0.32 (calcium looping) and "
                                       "0.42 (oxyfuel) of direct cost as CEMCAP's process contingencies; not read first-hand"),
    "maintenance_share": (5.09e6 / (149.82e6 * 1.36), "-/yr",
                          "derived: maintenance 5.09 M EUR/yr over the reference plant's total plant cost "
                          "(149.82 M EUR x 1.36), both " + HOPP.format(file="opex.py, capex.py")),
    "insurance_share": (0.01, "-/yr", "HOPP 'taxation and insurance' 1 % of plant cost per year (not attributed to "
                                      "CEMCAP there): ASSUMPTION"),
    "maintenance_labour_share": (0.40, "-", "maintenance labour 40 % of maintenance cost, " + HOPP.format(file="opex.py")),
    "admin_share": (0.30, "-", "administration and support 30 % of operating + maintenance labour, "
                               + HOPP.format(file="opex.py")),
    "labour_cost": (60e3, "EUR/(worker yr)", "60 k EUR per worker-year, " + HOPP.format(file="opex.py")),
    "workers_reference": (100.0, "-", "100 workers without capture, " + HOPP.format(file="opex.py")),
    "workers_capture": (120.0, "-", "120 workers with capture ('CEMCAP spreadsheet'), " + HOPP.format(file="opex.py")),
    "fuel_price": (3.0 / 1e9, "EUR/J", "coal 3 EUR/GJ, " + HOPP.format(file="opex.py")),
    "clc_fuel_price": (6.0 / 1e9, "EUR/J", "natural gas 6 EUR/GJ, " + HOPP.format(file="opex.py")),
    "plant_electricity": (131.9 * J_PER_KWH / 1e3, "J/kg clinker",
                          "rest of the plant (grinding, kiln drive, ...), CEMCAP reference 0.1319 MWh/t clinker, "
                          "second-hand (shared/reference/data-found.md section 4, read in HOPP)"),
    "raw_meal_cost": (5.0 / 1e3, "EUR/kg clinker", "raw meal 5 EUR/t clinker (coded as 5 x clinker/cement EUR/t cement), "
                                                   + HOPP.format(file="opex.py")),
    "other_variable": ((0.014 + 0.8) / 0.737 / 1e3, "EUR/kg clinker",
                       "process water 0.014 + miscellaneous 0.8 EUR/t cement over clinker/cement 0.737, "
                       + HOPP.format(file="opex.py")),
    "capture_variable": (0.3 / 0.737 / 1e3, "EUR/kg clinker",
                         "cooling-water make-up of the oxyfuel case 0.3 EUR/t cement over 0.737, "
                         + HOPP.format(file="opex.py") + "; applied to the CLC route too: ASSUMPTION"),
    "co2_transport_storage": (0.0, "EUR/kg CO2", "0: CEMCAP's cost of CO2 avoided excludes transport and storage "
                                                 "(CORDIS final report summary, data-found.md section 4)"),
    "carbon_price": (0.0, "EUR/kg CO2", "0: the clinker cost is shown without a CO2 price unless given"),
}
REQUIRED = ("eur_to_cny", "electricity_price")
REQUIRED_CLC = ("carrier_price", "carrier_lifetime | carrier_attrition",
                "capital.calciner_heat_exchanger", "capital.air_recuperator")

# allowed ranges of each scalar input: (lo, hi, display unit, factor internal -> display)
_E_GJ, _E_MWH, _PER_T = 1e9, 3.6e9, 1e3
RANGES = {
    "eur_to_cny": (1.0, 20.0, "CNY per EUR", 1.0),
    "discount_rate": (0.0, 0.3, "-", 1.0),
    "lifetime": (1.0, 80.0, "yr", 1.0),
    "capacity_factor": (0.05, 1.0, "-", 1.0),
    "installation_factor": (1.0, 5.0, "-", 1.0),
    "indirect_share": (0.0, 1.0, "-", 1.0),
    "owners_share": (0.0, 1.0, "-", 1.0),
    "project_contingency": (0.0, 1.0, "-", 1.0),
    "process_contingency": (0.0, 2.0, "-", 1.0),
    "maintenance_share": (0.0, 0.2, "per yr", 1.0),
    "insurance_share": (0.0, 0.1, "per yr", 1.0),
    "maintenance_labour_share": (0.0, 2.0, "-", 1.0),
    "admin_share": (0.0, 2.0, "-", 1.0),
    "labour_cost": (0.0, 1e6, "EUR/yr per worker", 1.0),
    "workers_reference": (0.0, 1e4, "workers", 1.0),
    "workers_capture": (0.0, 1e4, "workers", 1.0),
    "fuel_price": (0.0, 100.0, "EUR/GJ", _E_GJ),
    "clc_fuel_price": (0.0, 100.0, "EUR/GJ", _E_GJ),
    "electricity_price": (0.0, 1000.0, "EUR/MWh", _E_MWH),
    "plant_electricity": (0.0, 500.0, "kWh/t clinker", 1.0 / 3600.0),
    "raw_meal_cost": (0.0, 200.0, "EUR/t clinker", _PER_T),
    "other_variable": (0.0, 200.0, "EUR/t clinker", _PER_T),
    "capture_variable": (0.0, 200.0, "EUR/t clinker", _PER_T),
    "co2_transport_storage": (0.0, 500.0, "EUR/t CO2", _PER_T),
    "carbon_price": (0.0, 1000.0, "EUR/t CO2", _PER_T),
    "carrier_price": (0.0, 1e5, "EUR/t", _PER_T),
    "carrier_lifetime": (1.0, 1e6, "h", 1.0),
    "carrier_attrition": (1e-8, 1.0, "1/h (share of the inventory lost per hour)", 1.0),
}
OPTIONAL = ("capacity_factor", "carrier_price", "carrier_lifetime", "carrier_attrition")


def check_input(key: str, v) -> float:
    """Refuse a [cost] value outside its range, naming the field, the value and the range."""
    lo, hi, unit, f = RANGES[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise ValueError(f"cost.{key}={v!r}: not a finite number")
    if not lo <= v * f <= hi:
        raise ValueError(f"cost.{key}={v * f:.6g} {unit} is outside the allowed range [{lo:g}, {hi:g}] {unit}")
    return float(v)


@dataclass(frozen=True)
class CostInputs:
    """Economic inputs (EUR, SI). Defaults and their sources: :data:`DEFAULTS`."""

    eur_to_cny: float  # CNY per EUR (required)
    electricity_price: float  # EUR/J (required)
    discount_rate: float = DEFAULTS["discount_rate"][0]
    lifetime: float = DEFAULTS["lifetime"][0]
    capacity_factor: float | None = None  # None: the plant file's annual clinker
    installation_factor: float = DEFAULTS["installation_factor"][0]
    indirect_share: float = DEFAULTS["indirect_share"][0]
    owners_share: float = DEFAULTS["owners_share"][0]
    project_contingency: float = DEFAULTS["project_contingency"][0]
    process_contingency: float = DEFAULTS["process_contingency"][0]
    maintenance_share: float = DEFAULTS["maintenance_share"][0]
    insurance_share: float = DEFAULTS["insurance_share"][0]
    maintenance_labour_share: float = DEFAULTS["maintenance_labour_share"][0]
    admin_share: float = DEFAULTS["admin_share"][0]
    labour_cost: float = DEFAULTS["labour_cost"][0]
    workers_reference: float = DEFAULTS["workers_reference"][0]
    workers_capture: float = DEFAULTS["workers_capture"][0]
    fuel_price: float = DEFAULTS["fuel_price"][0]
    clc_fuel_price: float = DEFAULTS["clc_fuel_price"][0]
    plant_electricity: float = DEFAULTS["plant_electricity"][0]
    raw_meal_cost: float = DEFAULTS["raw_meal_cost"][0]
    other_variable: float = DEFAULTS["other_variable"][0]
    capture_variable: float = DEFAULTS["capture_variable"][0]
    co2_transport_storage: float = DEFAULTS["co2_transport_storage"][0]
    carbon_price: float = DEFAULTS["carbon_price"][0]
    carrier_price: float | None = None  # EUR/kg (required for the CLC route)
    carrier_lifetime: float | None = None  # h
    carrier_attrition: float | None = None  # 1/h
    capital: dict = field(default_factory=lambda: dict(DEFAULT_CAPITAL))  # name -> CapitalItem
    sources: dict = field(default_factory=dict)  # key -> source text of values given in the file

    def __post_init__(self):
        for k in RANGES:
            v = getattr(self, k)
            if v is None and k in OPTIONAL:
                continue
            check_input(k, v)
        if self.carrier_lifetime is not None and self.carrier_attrition is not None:
            raise ValueError("cost.carrier_lifetime and cost.carrier_attrition both given: give one of them")
        for name, item in self.capital.items():
            if not isinstance(item, CapitalItem) or item.name != name:
                raise ValueError(f"cost.capital.{name}: not a CapitalItem named {name!r}")

    def source(self, key: str) -> str:
        if key in self.sources:
            return self.sources[key]
        if key in DEFAULTS:
            return DEFAULTS[key][2]
        return "user input"


def capital_recovery_factor(rate: float, years: float) -> float:
    """CRF = r (1+r)^n / ((1+r)^n - 1); 1/n at r = 0."""
    if rate == 0.0:
        return 1.0 / years
    g = (1.0 + rate) ** years
    return rate * g / (g - 1.0)


# --- results ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseCost:
    """Cost of one case. ``breakdown``: term -> EUR per kg clinker (CO2 cost not included)."""

    route: str
    capital: dict  # item -> total plant cost share [EUR] (reference plant and capture items)
    total_plant_cost: float  # EUR
    annual_clinker: float  # kg/yr
    breakdown: dict  # term -> EUR/kg clinker
    co2_direct: float  # kg CO2 / kg clinker, emitted at the stack
    co2_equivalent: float  # plus the net electricity's CO2

    @property
    def clinker_cost(self) -> float:
        """EUR per kg clinker, without a CO2 price."""
        return sum(self.breakdown.values())

    def clinker_cost_with_co2(self, price: float) -> float:
        """EUR per kg clinker with ``price`` [EUR/kg CO2] on the direct emissions."""
        return self.clinker_cost + price * self.co2_direct


@dataclass(frozen=True)
class RouteCost:
    route: str
    case: CaseCost
    clinker_cost_rise: float  # EUR/kg clinker
    clinker_cost_rise_relative: float  # -
    co2_avoided_cost: float  # EUR/kg CO2, equivalent basis
    co2_avoided_cost_direct: float  # EUR/kg CO2, direct basis (= break-even carbon price)
    break_even_carbon_price: float  # EUR/kg CO2 on direct emissions


@dataclass(frozen=True)
class CostComparison:
    inputs: CostInputs
    reference: CaseCost
    routes: dict  # route -> RouteCost

    def figures(self, route: str) -> dict:
        """name -> (value, unit) of one route, EUR and CNY (per tonne)."""
        r, x = self.routes[route], self.inputs.eur_to_cny
        out = {}
        for name, v_eur_per_kg, unit in (
                ("clinker cost, reference", self.reference.clinker_cost, "t clinker"),
                ("clinker cost, capture case", r.case.clinker_cost, "t clinker"),
                ("clinker cost rise", r.clinker_cost_rise, "t clinker"),
                ("cost of CO2 avoided (equivalent)", r.co2_avoided_cost, "t CO2"),
                ("cost of CO2 avoided (direct)", r.co2_avoided_cost_direct, "t CO2"),
                ("break-even carbon price (direct CO2)", r.break_even_carbon_price, "t CO2")):
            out[name] = (v_eur_per_kg * 1e3, f"EUR/{unit}")
            out[f"{name} [CNY]"] = (v_eur_per_kg * 1e3 * x, f"CNY/{unit}")
        out["clinker cost rise (relative)"] = (r.clinker_cost_rise_relative, "-")
        out["total plant cost, capture case"] = (r.case.total_plant_cost / 1e6, "M EUR")
        out["capture plant cost (TPC)"] = ((r.case.total_plant_cost - self.reference.total_plant_cost) / 1e6, "M EUR")
        if self.inputs.carbon_price > 0:
            p = self.inputs.carbon_price
            out["clinker cost with CO2 price, reference"] = (self.reference.clinker_cost_with_co2(p) * 1e3, "EUR/t clinker")
            out["clinker cost with CO2 price, capture case"] = (r.case.clinker_cost_with_co2(p) * 1e3, "EUR/t clinker")
        return out


# --- evaluation ------------------------------------------------------------------------------

def route_kind(case) -> str:
    """"clc" for a case with a CLC unit, "oxy" otherwise (a capture case), "reference" without capture."""
    if case.route == "reference":
        return "reference"
    return "clc" if case.clc is not None else "oxy"


def _fuel_price(item, inputs: CostInputs) -> float:
    """EUR/J of one fuel energy item: the CLC unit's fuel or the plant's."""
    if item.name.startswith("fuel (CLC"):
        return inputs.clc_fuel_price
    if item.name.startswith("fuel"):
        return inputs.fuel_price
    raise ValueError(f"fuel energy item {item.name!r}: no price for it (known: 'fuel (kiln line)', 'fuel (CLC unit, LHV)')")


def case_cost(case, inputs: CostInputs, electricity, reference_sizes: dict) -> CaseCost:
    """Cost of one case (a :class:`clc.cement.clc_integration.CaseResult`).

    ``electricity`` is the comparison's electricity reference (for the equivalent CO2),
    ``reference_sizes`` the reference case's sizes (for the reference plant item).
    """
    kind = route_kind(case)
    spec = case.plant.spec
    rate = running_clinker_rate(spec)  # kg/s while running
    annual = spec.annual_clinker if inputs.capacity_factor is None else rate * 8760.0 * 3600.0 * inputs.capacity_factor
    sizes = {"clinker": rate * 86.4, **reference_sizes, **case.sizes}
    share = inputs.indirect_share + inputs.owners_share + inputs.project_contingency
    capital = {}
    ref_item = inputs.capital["reference_plant"]
    ref_direct = ref_item.cost(sizes["clinker"]) * (inputs.installation_factor if ref_item.basis == "equipment" else 1.0)
    capital["reference_plant"] = ref_direct * (1.0 + share)
    for name in ROUTE_ITEMS.get(kind, ()):
        if name not in inputs.capital:
            raise ValueError(f"cost.capital.{name}: missing (required input for the {case.route} route: reference_cost, "
                             f"reference_size in {SIZE_UNITS[name][1]}, exponent, basis, source)")
        item = inputs.capital[name]
        qty, _ = SIZE_UNITS[name]
        size = sizes.get(qty)
        if size is None:
            raise RuntimeError(f"{case.route}: the integration gives no size {qty!r} for cost item {name!r}")
        direct = item.cost(size) * (inputs.installation_factor if item.basis == "equipment" else 1.0)
        capital[name] = direct * (1.0 + share + inputs.process_contingency)
    tpc = sum(capital.values())
    crf = capital_recovery_factor(inputs.discount_rate, inputs.lifetime)
    workers = inputs.workers_reference if kind == "reference" else inputs.workers_capture
    maintenance = inputs.maintenance_share * tpc
    op_labour = workers * inputs.labour_cost
    mt_labour = inputs.maintenance_labour_share * maintenance
    b = {
        "capital": crf * tpc / annual,
        "maintenance": maintenance / annual,
        "insurance and local taxes": inputs.insurance_share * tpc / annual,
        "operating labour": op_labour / annual,
        "maintenance labour": mt_labour / annual,
        "administration and support": inputs.admin_share * (op_labour + mt_labour) / annual,
    }
    fuel_terms: dict = {}
    for e in case.energy:
        if e.kind == "fuel":
            key = "CLC fuel" if e.name.startswith("fuel (CLC") else "fuel"
            fuel_terms[key] = fuel_terms.get(key, 0.0) + e.value * _fuel_price(e, inputs)
    b |= fuel_terms
    net_el = case.electricity()  # J/kg clinker on the boundary (negative: generated)
    b["electricity (rest of the plant)"] = inputs.plant_electricity * inputs.electricity_price
    b["electricity (boundary items, net)"] = net_el * inputs.electricity_price
    b["raw meal"] = inputs.raw_meal_cost
    b["other variable O&M"] = inputs.other_variable
    if kind != "reference":
        b["capture variable O&M"] = inputs.capture_variable
        b["CO2 transport and storage"] = inputs.co2_transport_storage * case.co2_captured
    if kind == "clc":
        b["carrier make-up"] = carrier_makeup(case, inputs, rate) * inputs.carrier_price
    e_dir = case.co2_emitted
    e_eq = e_dir + electricity.co2(net_el)  # as the integration's KPIs (the rest of the plant is common)
    return CaseCost(case.route, capital, tpc, annual, b, e_dir, e_eq)


def carrier_makeup(case, inputs: CostInputs, rate: float) -> float:
    """kg carrier per kg clinker: inventory / particle lifetime, or inventory x attrition rate."""
    if inputs.carrier_price is None:
        raise ValueError("cost.carrier_price: missing (required input for the CLC route, EUR/t or CNY/t)")
    if inputs.carrier_lifetime is None and inputs.carrier_attrition is None:
        raise ValueError("cost.carrier_lifetime (h) or cost.carrier_attrition (1/h): missing (one is required for "
                         "the CLC route)")
    inventory = case.sizes["carrier_inventory"] * 1e3  # kg
    per_h = inventory / inputs.carrier_lifetime if inputs.carrier_lifetime is not None else \
        inventory * inputs.carrier_attrition
    return per_h / (rate * 3600.0)


def evaluate(comp, inputs: CostInputs) -> CostComparison:
    """Costs of a :class:`clc.cement.clc_integration.Comparison`: the reference and each route."""
    el = comp.electricity
    ref = case_cost(comp.reference, inputs, el, {})
    ref_sizes = {"clinker": running_clinker_rate(comp.reference.plant.spec) * 86.4}
    routes = {}
    for route, case in comp.cases.items():
        c = case_cost(case, inputs, el, ref_sizes)
        d = c.clinker_cost - ref.clinker_cost
        de_eq = ref.co2_equivalent - c.co2_equivalent
        de_dir = ref.co2_direct - c.co2_direct
        if de_eq <= 0 or de_dir <= 0:
            raise RuntimeError(f"{route}: the capture case emits no less CO2 than the reference "
                               f"(direct {de_dir:+.4g}, equivalent {de_eq:+.4g} kg/kg clinker): no cost of CO2 avoided")
        routes[route] = RouteCost(route, c, d, d / ref.clinker_cost, d / de_eq, d / de_dir, d / de_dir)
    return CostComparison(inputs, ref, routes)


def calibrate_factor(comp, inputs: CostInputs, route: str, item: str, target: float,
                     bounds: tuple = (0.0, 100.0)) -> float:
    """The factor on capital ``item`` at which ``route``'s cost of CO2 avoided (equivalent basis)
    equals ``target`` [EUR/kg CO2]: the calibration route for a capital cost with no published
    scaling law (e.g. fit to CEMCAP's 42 EUR/t for oxyfuel). The cost is linear in the factor,
    so two evaluations give it exactly. Raises ValueError when it falls outside ``bounds``.
    """
    import dataclasses

    def avoided(f: float) -> float:
        items = dict(inputs.capital)
        items[item] = dataclasses.replace(items[item], factor=f)
        return evaluate(comp, dataclasses.replace(inputs, capital=items)).routes[route].co2_avoided_cost

    a0, a1 = avoided(0.0), avoided(1.0)
    if a1 == a0:
        raise ValueError(f"cost.capital.{item} does not change the {route} cost of CO2 avoided: cannot calibrate it")
    f = (target - a0) / (a1 - a0)
    if not bounds[0] <= f <= bounds[1]:
        raise ValueError(f"calibrating cost.capital.{item}.factor to {target * 1e3:g} EUR/t CO2 avoided needs factor "
                         f"{f:.4g}, outside [{bounds[0]:g}, {bounds[1]:g}]")
    return f


# --- reading the [cost] table ----------------------------------------------------------------

_MONEY = re.compile(r"^\s*([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([kM]?)(EUR|CNY)\s*(?:/\s*(.+?))?\s*$")
_PER = {  # per-unit spellings -> factor to the internal unit (J, kg, yr, kg clinker, kg CO2)
    "energy": {"GJ": 1e9, "MJ": 1e6, "MWh": 3.6e9, "kWh": 3.6e6},
    "mass": {"t": 1e3, "kg": 1.0},
    "none": {"": 1.0},
    "per_year": {"yr": 1.0, "a": 1.0},
}
# key -> (kind of per-unit, default spelling for a bare number)
_PRICE_KEYS = {
    "electricity_price": ("energy", "EUR/MWh"),
    "fuel_price": ("energy", "EUR/GJ"),
    "clc_fuel_price": ("energy", "EUR/GJ"),
    "raw_meal_cost": ("mass", "EUR/t"),  # per t clinker
    "other_variable": ("mass", "EUR/t"),
    "capture_variable": ("mass", "EUR/t"),
    "co2_transport_storage": ("mass", "EUR/t"),  # per t CO2
    "carbon_price": ("mass", "EUR/t"),
    "carrier_price": ("mass", "EUR/t"),
    "labour_cost": ("per_year", "EUR/yr"),
}
_PLAIN_KEYS = ("discount_rate", "lifetime", "capacity_factor", "installation_factor", "indirect_share", "owners_share",
               "project_contingency", "process_contingency", "maintenance_share", "insurance_share",
               "maintenance_labour_share", "admin_share", "workers_reference", "workers_capture",
               "carrier_lifetime", "carrier_attrition")
_CAPITAL_KEYS = ("reference_cost", "reference_size", "exponent", "basis", "source", "factor")


def money(value, field: str, per: str, eur_to_cny: float, default: str) -> float:
    """EUR per internal unit from a number (read in ``default``, e.g. "EUR/MWh") or a string
    such as "0.6 CNY/kWh", "3 EUR/GJ", "149.82 MEUR" (k and M prefixes on the currency)."""
    if isinstance(value, bool):
        raise ValueError(f"{field}={value!r}: not a money value (e.g. \"{_example(default)}\")")
    if isinstance(value, (int, float)):
        value = f"{value!r} {default}"
    m = _MONEY.match(str(value))
    if not m:
        raise ValueError(f"{field}={value!r}: not understood; write a number and a currency, e.g. \"{_example(default)}\" "
                         "(currencies EUR, CNY; prefixes k, M)")
    x, prefix, cur, unit = float(m.group(1)), m.group(2), m.group(3), (m.group(4) or "")
    units = _PER[per]
    if unit not in units:
        raise ValueError(f"{field}={value!r}: unit {unit or '(none)'!r} not understood; use "
                         + ", ".join(f"{cur}/{u}" if u else cur for u in units))
    x *= {"": 1.0, "k": 1e3, "M": 1e6}[prefix]
    if cur == "CNY":
        x /= eur_to_cny
    return x / units[unit]


def _example(default: str) -> str:
    return f"1.0 {default}"


def from_table(table: dict, where: str = "cost.") -> CostInputs:
    """Build :class:`CostInputs` from a parsed ``[cost]`` table (unknown keys refused)."""
    t = dict(table)
    allowed = {"eur_to_cny", "capital", "plant_electricity", *(_PRICE_KEYS), *_PLAIN_KEYS}
    unknown = set(t) - allowed
    if unknown:
        raise ValueError(f"{where[:-1]}: unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(allowed))}")
    for k in REQUIRED:
        if k not in t:
            raise ValueError(f"{where}{k}: missing (required input"
                             + ("; CNY per EUR" if k == "eur_to_cny" else "; e.g. \"0.6 CNY/kWh\" or \"60 EUR/MWh\"") + ")")
    kw: dict = {}
    kw["eur_to_cny"] = check_input("eur_to_cny", _plain(t["eur_to_cny"], f"{where}eur_to_cny"))
    for k, (per, default) in _PRICE_KEYS.items():
        if k in t:
            kw[k] = money(t[k], f"{where}{k}", per, kw["eur_to_cny"], default)
    for k in _PLAIN_KEYS:
        if k in t:
            kw[k] = _plain(t[k], f"{where}{k}")
    if "plant_electricity" in t:
        kw["plant_electricity"] = _kwh_per_t(t["plant_electricity"], f"{where}plant_electricity")
    cap = t.get("capital", {})
    if not isinstance(cap, dict):
        raise ValueError(f"{where}capital: must be a table of items ({', '.join(SIZE_UNITS)})")
    items = dict(DEFAULT_CAPITAL)
    for name, spec in cap.items():
        w = f"{where}capital.{name}"
        if name not in SIZE_UNITS:
            raise ValueError(f"{where}capital: unknown item {name!r}; allowed: {', '.join(SIZE_UNITS)}")
        if not isinstance(spec, dict):
            raise ValueError(f"{w}: must be a table with {', '.join(_CAPITAL_KEYS)}")
        bad = set(spec) - set(_CAPITAL_KEYS)
        if bad:
            raise ValueError(f"{w}: unknown key(s) {', '.join(sorted(bad))}; allowed: {', '.join(_CAPITAL_KEYS)}")
        base = items.get(name)
        if base is None:
            missing = [k for k in ("reference_cost", "reference_size", "exponent", "basis", "source") if k not in spec]
            if missing:
                raise ValueError(f"{w}: missing {', '.join(missing)} (no default: a required input; size in "
                                 f"{SIZE_UNITS[name][1]})")
        elif any(k in spec for k in ("reference_cost", "reference_size", "exponent", "basis")) and "source" not in spec:
            raise ValueError(f"{w}.source: missing (a changed capital cost needs its source or ASSUMPTION)")
        vals = {
            "reference_cost": money(spec["reference_cost"], f"{w}.reference_cost", "none", kw["eur_to_cny"], "EUR")
            if "reference_cost" in spec else base.reference_cost,
            "reference_size": _plain(spec["reference_size"], f"{w}.reference_size") if "reference_size" in spec
            else base.reference_size,
            "exponent": _plain(spec["exponent"], f"{w}.exponent") if "exponent" in spec else base.exponent,
            "basis": str(spec["basis"]) if "basis" in spec else base.basis,
            "source": str(spec["source"]) if "source" in spec else base.source,
            "factor": _plain(spec["factor"], f"{w}.factor") if "factor" in spec else (base.factor if base else 1.0),
        }
        items[name] = CapitalItem(name, **vals)
    kw["capital"] = items
    kw["sources"] = {k: "plant file" for k in t if k != "capital"}
    return CostInputs(**kw)


def _kwh_per_t(v, field: str) -> float:
    """J per kg clinker from a number (kWh/t clinker) or "57 kWh/t" / "57 kWh/t clinker"."""
    if isinstance(v, str):
        m = re.match(r"^\s*([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*kWh/t(?: clinker)?\s*$", v)
        if not m:
            raise ValueError(f"{field}={v!r}: not understood; use kWh per t clinker, e.g. \"57 kWh/t clinker\"")
        v = float(m.group(1))
    return _plain(v, field) * J_PER_KWH / 1e3


def _plain(v, field: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"{field}={v!r}: not a number")
    x = float(v)
    if not math.isfinite(x):
        raise ValueError(f"{field}={v!r}: not finite")
    return x


def load(path) -> CostInputs | None:
    """The ``[cost]`` table of an integration file, or None when it has none."""
    import tomllib

    doc = tomllib.loads(Path(path).read_text())
    if "cost" not in doc:
        return None
    return from_table(doc["cost"])
