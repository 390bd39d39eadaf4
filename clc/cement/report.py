"""Results a cement engineer reads: heat balance table, CO2 split, GB 16780 comparison, Sankey.

>>> from clc.cement import load, solve, example_path
>>> r = solve(load(example_path("cement_cemcap_reference")))
>>> "heat of clinker formation" in heat_balance_table(r)
True
"""

from __future__ import annotations

from pathlib import Path

from .. import thermo
from .data import GB16780_2021, KGCE_MJ
from .kiln import PlantResult

from .kiln import HEAT_INPUTS as _INPUTS


def heat_balance_table(r: PlantResult) -> str:
    """Heat balance [MJ/kg clinker and % of heat input], reference 25 degC."""
    hb = r.heat_balance
    total_in = sum(hb[k] for k in _INPUTS)
    lines = [f"Heat balance of {r.spec.name} (reference 25 degC)",
             f"{'item':42s} {'MJ/kg cl':>9s} {'%':>6s}", "-" * 59, "IN"]
    for k in _INPUTS:
        if hb[k] or k.startswith("fuel"):
            lines.append(f"  {k:40s} {hb[k] / 1e6:9.3f} {100 * hb[k] / total_in:6.1f}")
    lines.append("OUT")
    for k, v in hb.items():
        if k not in _INPUTS:
            lines.append(f"  {k:40s} {v / 1e6:9.3f} {100 * v / total_in:6.1f}")
    lines.append("-" * 59)
    lines.append(f"  {'total heat input':40s} {total_in / 1e6:9.3f} {100.0:6.1f}")
    return "\n".join(lines)


def co2_table(r: PlantResult) -> str:
    f = r.figures
    rows = ["CO2 from calcination", "CO2 from fuel", "CO2 direct total"]
    if "CO2 from electricity (indirect)" in f:
        rows.append("CO2 from electricity (indirect)")
    out = [f"{'CO2':34s} {'kg/t clinker':>12s} {'t/yr':>12s}"]
    for k in rows:
        annual = f[k][0] * f["annual clinker"][0] / 1e3
        out.append(f"{k:34s} {f[k][0]:12.1f} {annual:12.0f}")
    return "\n".join(out)


def gb16780(r: PlantResult) -> dict[str, tuple[float, bool]]:
    """Fuel heat as kgce/t clinker against the GB 16780-2021 comprehensive-coal levels 1-3
    (no altitude or 'comparable' corrections; electricity not included).

    Returns {level name: (limit, meets)} and the plant's value under ``"plant"``.
    """
    kgce = r.specific_heat_consumption / KGCE_MJ * 1e3
    out = {"plant": (kgce, True)}
    for level, lim in GB16780_2021["comprehensive_coal_kgce_per_t"].items():
        out[f"level {level}"] = (lim, kgce <= lim)
    return out


def summary(r: PlantResult) -> str:
    lines = [heat_balance_table(r), "", co2_table(r), "", "Figures:"]
    for k, (v, u) in r.figures.items():
        lines.append(f"  {k:40s} {float(v):14.4g} {u}")
    lines.append("  preheater stage temperatures (top->bottom) degC: "
                 + ", ".join(f"{t - 273.15:.0f}" for t in r.stage_temperatures))
    g = gb16780(r)
    lines.append(f"  GB 16780-2021 comprehensive coal (kgce/t clinker): plant {g['plant'][0]:.1f}; "
                 + "; ".join(f"{k} limit {v[0]:.0f} {'met' if v[1] else 'NOT met'}" for k, v in g.items() if k != "plant"))
    lines.append("Balance residuals (relative): " + ", ".join(f"{k} {v:.1e}" for k, v in r.balances.items()))
    cal = r.spec.notes.get("calibration")
    if cal:
        lines.append(f"Calibration: {cal['text']}; target from: {cal['source'] or 'not given'}")
    return "\n".join(lines)


def sankey(r: PlantResult, path: str | Path) -> Path:
    """Write a Sankey diagram of the heat balance (matplotlib.sankey) to ``path``."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.sankey import Sankey

    hb = r.heat_balance
    ins = [(k, hb[k]) for k in _INPUTS if hb[k] > 0]
    outs = [(k, v) for k, v in hb.items() if k not in _INPUTS and k != "balance residual" and v > 0]
    total = sum(v for _, v in ins)
    flows = [v / total for _, v in ins] + [-v / total for _, v in outs]
    labels = [f"{k}\n{v / 1e6:.2f} MJ/kg" for k, v in ins] + [f"{k}\n{v / 1e6:.2f}" for k, v in outs]
    orient = [0] * len(ins) + [(-1 if i % 2 else 1) if i < len(outs) - 1 else 0 for i in range(len(outs))]
    fig = plt.figure(figsize=(11, 7))
    ax = fig.add_subplot(1, 1, 1, xticks=[], yticks=[])
    ax.set_title(f"{r.spec.name}: heat balance, MJ/kg clinker (ref. 25 degC)", fontsize=10)
    Sankey(ax=ax, unit=None, scale=1.0, offset=0.25, format="%.2f", gap=0.35).add(
        flows=flows, labels=labels, orientations=orient, pathlengths=0.4).finish()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(fig)
    return path


def _fmt_comp(c: dict) -> str:
    tot = sum(c.values())
    return ", ".join(f"{k} {100 * v / tot:.1f}" for k, v in sorted(c.items(), key=lambda kv: -kv[1]) if v > 0)


def _fmt_stream(st) -> str:
    """A stream's gas composition (mol %); what it carries outside the gas species (a solid fuel's
    unburnt tar or char): mean formula, atom %, kg/t clinker, LHV where known, mol/kg clinker of C, H,
    O and its carbon as CO2 once burnt; and solids (a coal's ash) in kg/t clinker."""
    parts = [_fmt_comp(st.composition)] if st.composition else []
    if st.elements:
        tot = sum(st.elements.values())
        atoms = ", ".join(f"{k} {100 * v / tot:.1f}" for k, v in sorted(st.elements.items()))
        mol = ", ".join(f"{k} {v:.4g}" for k, v in sorted(st.elements.items()))
        co2 = st.elements.get("C", 0.0) * thermo.species("CO2").molar_mass * 1e3
        formula = st.element_formula()
        lhv = f", LHV {st.heating_value / 1e6:.4f} MJ/kg clinker" if st.heating_value else ""
        carbon = f"; carbon = {co2:.1f} kg CO2/t once burnt" if st.elements.get("C", 0.0) > 0 else ""
        parts.append(f"{formula + ' ' if formula else ''}{st.element_mass * 1e3:.2f} kg/t clinker (atom % {atoms}{lhv}; "
                     f"mol/kg clinker {mol}{carbon})")
    if st.solid_mass:
        parts.append(f"solids {st.solid_mass * 1e3:.2f} kg/t clinker")
    return "; ".join(parts)


def stream_json(s) -> dict:
    """A JSON-ready view of one :class:`clc.cement.clc_integration.Stream` (per kg clinker)."""
    out = {"name": s.name, "temperature_K": s.temperature, "destination": s.destination,
           "composition_mol_per_kg_clinker": s.composition, "CO2_kg_per_t_clinker": s.co2 * 1e3,
           "carbon_as_CO2_kg_per_t_clinker": s.carbon_as_co2 * 1e3,
           "elements_mol_per_kg_clinker": s.elements,
           "CO2_dry_mole_fraction": s.dry_co2_fraction()}
    if s.elements:  # what the stream carries outside the gas species (the unburnt tar, char)
        tot = sum(s.elements.values())
        out["carried_outside_gas_species"] = {
            "formula_per_C": s.element_formula(), "mass_kg_per_t_clinker": s.element_mass * 1e3,
            "atom_fractions": {k: v / tot for k, v in s.elements.items()},
            "LHV_MJ_per_kg_clinker": s.heating_value / 1e6 if s.heating_value else None}
    if s.solid_mass:
        out["solids_kg_per_t_clinker"] = s.solid_mass * 1e3
    return out


def interval_text(intervals: dict | None, route: str, kpi: str) -> str:
    """"median m (5-95 %: a-b)" of a route's KPI from a ``clc uncertainty`` run (keys "route: KPI"), or ""."""
    r = (intervals or {}).get(f"{route}: {kpi}")
    if not r or r["median"] != r["median"]:  # none, or NaN (no sample solved)
        return ""
    return f"median {r['median']:.4g} (5-95 %: {r['p05']:.4g}-{r['p95']:.4g})"


def capture_summary(comp, unit_name: str, intervals: dict | None = None) -> str:
    """The capture cases beside the reference: streams, energy items, KPIs, feasibility, warnings.

    ``intervals`` (of a ``clc uncertainty`` run of the same case, :func:`clc.uncertainty_report.intervals`):
    each KPI it covers gets its median and 5-95 % interval beside the value."""
    lines = [f"Capture cases on one boundary (reference: {comp.reference.plant.spec.name}; electricity: "
             f"{comp.electricity.name}, {comp.electricity.co2_factor * 3.6e6:.4f} kg CO2/kWh, "
             f"{comp.electricity.primary_energy_factor:.3f} J primary/J)"]
    for c in [comp.reference, *comp.cases.values()]:
        lines += ["", f"== {c.route}" + (f" (CLC unit: {unit_name})" if c.clc is not None else ""),
                  f"  {'stream':34s} {'T degC':>7s} {'to':15s} {'CO2 kg/t':>9s}  composition, mol %"]
        for st in c.streams:
            lines.append(f"  {st.name:34s} {st.temperature - 273.15:7.1f} {st.destination:15s} {st.co2 * 1e3:9.1f}  "
                         f"{_fmt_stream(st)}")
        lines.append(f"  {'energy item':40s} {'MJ/kg cl':>9s} {'kWh/t cl':>9s}  source")
        for e in c.energy:
            kwh = f"{e.value / 3600:9.1f}" if e.kind == "electricity" else f"{'':9s}"
            lines.append(f"  {e.name:40s} {e.value / 1e6:9.4f} {kwh}  {e.source}")
        if c.route in comp.kpis:
            for k, (v, u) in {**comp.kpis[c.route], **c.figures}.items():
                iv = interval_text(intervals, c.route, k)
                lines.append(f"  {k:52s} {v:12.5g} {u}" + (f"   [{iv}]" if iv else ""))
            p = c.plant
            lines.append(f"  calciner fuel {p.fuel_calciner * p.spec.fuel.lhv / 1e6:.3f} MJ/kg clinker; "
                         f"{p.calcination.describe()}; degree of calcination leaving the calciner "
                         f"{p.spec.degree_of_calcination:.3f}")
            lines.append(f"  CO2 product purity (dry, after polishing): {c.co2_product_purity:.4f}")
            for w in c.warnings:
                lines.append(f"  WARNING: {w}")
    if getattr(comp, "costs", None) is not None:
        lines += ["", cost_summary(comp.costs, intervals)]
    if intervals:
        lines += ["", "[median (5-95 %)]: over the samples of `clc uncertainty` for this case file; the value "
                  "beside it is this run's"]
    return "\n".join(lines)


_COST_KPIS = ("clinker cost rise", "cost of CO2 avoided (equivalent)", "break-even carbon price (direct CO2)")


def cost_summary(costs, intervals: dict | None = None) -> str:
    """Cost of clinker, of CO2 avoided and break-even carbon price per route (EUR and CNY); with
    ``intervals`` (a ``clc uncertainty`` run) their medians and 5-95 % intervals in EUR/t."""
    x = costs.inputs.eur_to_cny
    ref = costs.reference
    lines = [f"Costs (CEMCAP structure, clc.cement.cost; EUR, and CNY at {x:g} CNY/EUR; sources: docs/cost_sources.md; "
             "CO2 transport and storage "
             + ("excluded" if costs.inputs.co2_transport_storage == 0 else
                f"{costs.inputs.co2_transport_storage * 1e3:g} EUR/t CO2") + ")",
             f"  {'EUR/t clinker':40s} {'reference':>10s}" + "".join(f" {r[:24]:>24s}" for r in costs.routes)]
    terms = list(ref.breakdown)
    for r in costs.routes.values():
        terms += [t for t in r.case.breakdown if t not in terms]
    for t in terms:
        lines.append(f"  {t:40s} {ref.breakdown.get(t, 0.0) * 1e3:10.2f}"
                     + "".join(f" {r.case.breakdown.get(t, 0.0) * 1e3:24.2f}" for r in costs.routes.values()))
    lines.append(f"  {'clinker cost':40s} {ref.clinker_cost * 1e3:10.2f}"
                 + "".join(f" {r.case.clinker_cost * 1e3:24.2f}" for r in costs.routes.values()))
    lines.append(f"  {'total plant cost, M EUR':40s} {ref.total_plant_cost / 1e6:10.1f}"
                 + "".join(f" {r.case.total_plant_cost / 1e6:24.1f}" for r in costs.routes.values()))
    for route, r in costs.routes.items():
        lines.append(f"  {route}: clinker cost +{r.clinker_cost_rise * 1e3:.1f} EUR/t (+{100 * r.clinker_cost_rise_relative:.0f} %, "
                     f"{r.clinker_cost_rise * 1e3 * x:.0f} CNY/t); cost of CO2 avoided {r.co2_avoided_cost * 1e3:.1f} EUR/t "
                     f"({r.co2_avoided_cost * 1e3 * x:.0f} CNY/t, equivalent basis); break-even carbon price "
                     f"{r.break_even_carbon_price * 1e3:.1f} EUR/t ({r.break_even_carbon_price * 1e3 * x:.0f} CNY/t) on direct CO2")
        ivs = [f"{k} {t}" for k in _COST_KPIS if (t := interval_text(intervals, route, k))]
        if ivs:
            lines.append(f"    [{route}, EUR/t: " + "; ".join(ivs) + "]")
    p = costs.inputs.carbon_price
    if p > 0:  # the clinker cost with the given carbon price on direct CO2, beside each break-even price
        lines.append(f"  at the carbon price given, {p * 1e3:.1f} EUR/t CO2 ({p * 1e3 * x:.0f} CNY/t) on direct CO2: clinker cost "
                     f"reference {ref.clinker_cost_with_co2(p) * 1e3:.2f}"
                     + "".join(f"; {route} {r.case.clinker_cost_with_co2(p) * 1e3:.2f}"
                               + (" (below its break-even)" if p < r.break_even_carbon_price else " (at or above its break-even)")
                               for route, r in costs.routes.items()) + " EUR/t clinker")
    return "\n".join(lines)


def cost_json(costs) -> dict:
    """A JSON-ready view of :class:`clc.cement.cost.CostComparison` (EUR and CNY per tonne)."""
    x = costs.inputs.eur_to_cny

    def case(c):
        return {"clinker_cost_EUR_per_t": c.clinker_cost * 1e3, "clinker_cost_CNY_per_t": c.clinker_cost * 1e3 * x,
                "breakdown_EUR_per_t_clinker": {k: v * 1e3 for k, v in c.breakdown.items()},
                "total_plant_cost_MEUR": c.total_plant_cost / 1e6,
                "capital_MEUR": {k: v / 1e6 for k, v in c.capital.items()},
                "CO2_direct_kg_per_t_clinker": c.co2_direct * 1e3,
                "CO2_equivalent_kg_per_t_clinker": c.co2_equivalent * 1e3}

    inp = costs.inputs
    return {"currency": "EUR", "eur_to_cny": x,
            "reference": case(costs.reference),
            "routes": {route: {**case(r.case),
                               "clinker_cost_rise_EUR_per_t": r.clinker_cost_rise * 1e3,
                               "clinker_cost_rise_relative": r.clinker_cost_rise_relative,
                               "cost_of_CO2_avoided_EUR_per_t": r.co2_avoided_cost * 1e3,
                               "cost_of_CO2_avoided_CNY_per_t": r.co2_avoided_cost * 1e3 * x,
                               "cost_of_CO2_avoided_direct_EUR_per_t": r.co2_avoided_cost_direct * 1e3,
                               "break_even_carbon_price_EUR_per_t": r.break_even_carbon_price * 1e3,
                               "break_even_carbon_price_CNY_per_t": r.break_even_carbon_price * 1e3 * x}
                       for route, r in costs.routes.items()},
            "capital_items": {k: {"reference_cost_MEUR": it.reference_cost / 1e6, "reference_size": it.reference_size,
                                  "exponent": it.exponent, "basis": it.basis, "factor": it.factor, "source": it.source}
                              for k, it in inp.capital.items()}}


def capture_json(comp, unit_name: str) -> dict:
    """A JSON-ready view of :func:`clc.cement.clc_integration.evaluate`."""
    def fig(d):
        return {k: {"value": v, "units": u} for k, (v, u) in d.items()}

    def case(c):
        p = c.plant
        out = {
            "route": c.route,
            "streams": [stream_json(s) for s in c.streams],
            "energy_items": [{"name": e.name, "value_MJ_per_kg_clinker": e.value / 1e6, "kind": e.kind,
                              "source": e.source} for e in c.energy],
            "calciner_fuel_MJ_per_kg_clinker": p.fuel_calciner * p.spec.fuel.lhv / 1e6,
            "calciner_temperature_degC": p.calciner_temperature - 273.15,
            "calcination_equilibrium_temperature_degC": p.calcination_equilibrium_temperature - 273.15,
            "calcination_check": p.calcination.describe(),
            "degree_of_calcination_leaving_calciner": p.spec.degree_of_calcination,
            "CO2_product_purity_dry": c.co2_product_purity,
            "plant_figures": fig(p.figures),
            "plant_balance_residuals": p.balances,
            "warnings": list(c.warnings),
        }
        if c.route in comp.kpis:
            out["kpis"] = fig(comp.kpis[c.route])
            out["figures"] = fig(c.figures)
        if c.clc is not None:
            out["clc_balance_residuals"] = c.clc.balances
        return out

    return {"plant": comp.reference.plant.spec.name, "clc_unit": unit_name,
            "electricity_reference": {"name": comp.electricity.name, "source": comp.electricity.source,
                                      "kg_CO2_per_kWh": comp.electricity.co2_factor * 3.6e6,
                                      "primary_energy_factor": comp.electricity.primary_energy_factor},
            "reference": case(comp.reference),
            "capture_cases": {route: case(c) for route, c in comp.cases.items()},
            **({"costs": cost_json(comp.costs)} if getattr(comp, "costs", None) is not None else {})}
