"""Results a cement engineer reads: heat balance table, CO2 split, GB 16780 comparison, Sankey.

>>> from clc.cement import load, solve, example_path
>>> r = solve(load(example_path("cement_cemcap_reference")))
>>> "heat of clinker formation" in heat_balance_table(r)
True
"""

from __future__ import annotations

from pathlib import Path

from .data import GB16780_KGCE_PER_T, KGCE_MJ
from .kiln import PlantResult

_INPUTS = ("fuel LHV, kiln burner", "fuel LHV, calciner", "external heat to calciner")


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
    """Specific heat as kgce/t clinker against the GB 16780 limits (no 'comparable' corrections).

    Returns {limit name: (limit, meets)} and the plant's value under ``"plant"``.
    """
    kgce = r.figures["specific heat consumption"][0] / KGCE_MJ * 1e3
    out = {"plant": (kgce, True)}
    for k, lim in GB16780_KGCE_PER_T.items():
        out[k] = (lim, kgce <= lim)
    return out


def summary(r: PlantResult) -> str:
    lines = [heat_balance_table(r), "", co2_table(r), "", "Figures:"]
    for k, (v, u) in r.figures.items():
        lines.append(f"  {k:40s} {float(v):14.4g} {u}")
    lines.append("  preheater stage temperatures (top->bottom) degC: "
                 + ", ".join(f"{t - 273.15:.0f}" for t in r.stage_temperatures))
    g = gb16780(r)
    lines.append(f"  GB 16780 (kgce/t clinker): plant {g['plant'][0]:.1f}; "
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
