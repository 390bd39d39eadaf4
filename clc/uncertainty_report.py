"""Outputs of :mod:`clc.uncertainty`: the KPI and index tables (CSV), the tornado chart, the printed
report, and the intervals read back for other reports (:func:`intervals`, :func:`report_lines`:
the cement report may call them with its output folder and case file)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np

SAMPLES_CSV, KPIS_CSV, INDICES_CSV, TORNADO_PNG = ("uncertainty_samples.csv", "uncertainty_kpis.csv",
                                                  "uncertainty_indices.csv", "uncertainty_tornado.png")


def write_kpis(results, des, spec, path: Path) -> Path:
    """One row per KPI: nominal, median, 5 and 95 % quantiles, samples used and failed."""
    cols = ["kpi", "unit", "nominal", "median", "p05", "p95", "samples used", "failed", "runs", "method", "file", "note"]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        for r in results:
            w.writerow([r.name, r.unit, r.nominal, r.median, r.p05, r.p95, r.n_used, r.n_failed, len(des.points),
                        des.method, str(Path(spec.path).resolve()), r.note])
    return path


def write_indices(results, des, path: Path) -> Path:
    """One row per KPI and input, ranked: the method's indices, the input's distribution and source."""
    measures = {"sobol": ["S1", "S1_conf", "ST", "ST_conf"], "morris": ["mu", "mu_star", "sigma", "mu_star_conf"],
                "lhs": ["swing", "spearman"]}[des.method]
    inputs = {i.key: i for i in des.inputs}
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kpi", "input", "rank", *measures, "distribution", "source"])
        for r in results:
            for rank, (key, _) in enumerate(r.ranking(), 1):
                ix = r.indices[key]
                w.writerow([r.name, key, rank, *(ix.get(m, float("nan")) for m in measures),
                            inputs[key].describe(), inputs[key].source])
    return path


def tornado(results, des, path: Path, top: int = 10) -> Path:
    """One panel per KPI, inputs by importance: Sobol' S1 and ST, Morris mu* (sigma as a line), or the
    KPI's swing over each input's 5-95 % range about the median (LHS)."""
    from . import plots  # noqa: F401  (sets the headless backend, as every plot of the project)
    import matplotlib.pyplot as plt

    n = len(results)
    cols = 2 if n > 1 else 1
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(6.0 * cols, 0.35 * min(top, len(des.inputs)) * rows + 1.4 * rows),
                             squeeze=False)
    for ax, r in zip(axes.ravel(), results):
        keys = [k for k, _ in r.ranking()][:top][::-1]
        yy = np.arange(len(keys))
        if des.method == "sobol":
            ax.barh(yy, [r.indices[k]["ST"] for k in keys], color="tab:blue", alpha=0.4, label="total order ST")
            ax.barh(yy, [r.indices[k]["S1"] for k in keys], height=0.4, color="tab:blue", label="first order S1")
            ax.set_xlabel("Sobol' index [-]")
        elif des.method == "morris":
            ax.barh(yy, [r.indices[k]["mu_star"] for k in keys], color="tab:orange", label="mu*")
            ax.plot([r.indices[k]["sigma"] for k in keys], yy, "k|", ms=10, label="sigma")
            ax.set_xlabel(f"Morris mu* [{r.unit}]")
        else:
            s = np.array([r.indices[k]["swing"] for k in keys])
            ax.barh(yy, s / 2, left=r.median, color="tab:red", label="input at its 95 % quantile")
            ax.barh(yy, -s / 2, left=r.median, color="tab:blue", label="input at its 5 % quantile")
            ax.axvline(r.median, color="k", lw=0.8)
            ax.set_xlabel(f"{r.name} [{r.unit}] (input 5 % -> 95 %)")
        ax.set_yticks(yy, keys, fontsize=7)
        ax.set_title(f"{r.name}\nmedian {r.median:.4g}, 5-95 % {r.p05:.4g}-{r.p95:.4g} {r.unit}", fontsize=8)
        ax.grid(alpha=0.3, axis="x")
        ax.legend(fontsize=6)
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return Path(path)


def format_report(rep) -> str:
    """The printed report of a :class:`clc.uncertainty.Report`."""
    des, spec = rep.design, rep.spec
    runs = len(des.points)
    what = {"sobol": f"Sobol' (Saltelli): {des.samples} base samples x (D + 2) = {runs} runs",
            "morris": f"Morris: {des.samples} trajectories x (D + 1) = {runs} runs",
            "lhs": f"Latin hypercube: {runs} runs"}[des.method]
    lines = [f"uncertainty of {spec.path} ({'capture case' if spec.kind == 'cement' else 'unit'}), {what}, seed {des.seed}",
             f"failed samples: {len(rep.failures)} of {runs} (kept in {rep.files['samples'].name} with their error)", "",
             f"inputs ({len(des.inputs)}):"]
    for i in des.inputs:
        lines.append(f"  {i.key:<44} {i.describe():<42} {'ASSUMPTION' if i.assumption else 'source'}: "
                     f"{i.source.removeprefix('ASSUMPTION').lstrip(': ') or '-'}")
    lines += ["", f"{'KPI':<52} {'nominal':>10} {'median':>10} {'5 %':>10} {'95 %':>10}  unit   used/failed"]
    for r in rep.results:
        lines.append(f"{r.name:<52} {r.nominal:10.4g} {r.median:10.4g} {r.p05:10.4g} {r.p95:10.4g}  "
                     f"{r.unit:<6} {r.n_used}/{r.n_failed}")
    measure = {"sobol": "ST (S1)", "morris": "mu* (sigma)", "lhs": "swing 5->95 % (Spearman)"}[des.method]
    lines += ["", f"inputs that drive each KPI most, by {measure}:"]
    for r in rep.results:
        parts = []
        for key, _ in r.ranking()[:3]:
            ix = r.indices[key]
            if des.method == "sobol":
                parts.append(f"{key} {ix['ST']:.2f} ({ix['S1']:.2f})")
            elif des.method == "morris":
                parts.append(f"{key} {ix['mu_star']:.3g} ({ix['sigma']:.3g})")
            elif math.isfinite(ix["swing"]) or math.isfinite(ix["spearman"]):
                swing = f"{ix['swing']:+.3g}" if math.isfinite(ix["swing"]) else "n/a"
                parts.append(f"{key} {swing} ({ix['spearman']:+.2f})")
        if parts:
            lines.append(f"  {r.name}: {'; '.join(parts)}")
        else:
            lines.append(f"  {r.name}: no index computed")
        if r.note:
            lines.append(f"    note: {r.note}")
    if rep.failures:
        lines += ["", "failures (first 10):"]
        lines += [f"  sample {f['point']}: {f['error']}" for f in rep.failures[:10]]
    lines += ["", "files: " + ", ".join(str(p) for p in rep.files.values())]
    return "\n".join(lines)


def intervals(out_dir, case_path=None) -> dict | None:
    """The KPI intervals a ``clc uncertainty`` run left in ``out_dir`` (None when there are none, or,
    with ``case_path``, when they belong to another file): {kpi: {unit, nominal, median, p05, p95,
    samples used, failed, runs, method, note}}. For reports (the cement report may call it)."""
    path = Path(out_dir) / KPIS_CSV
    if not path.is_file():
        return None
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or (case_path is not None and rows[0]["file"] != str(Path(case_path).resolve())):
        return None
    num = ("nominal", "median", "p05", "p95")
    return {r["kpi"]: {k: (float(v) if k in num else int(v) if k in ("samples used", "failed", "runs") else v)
                       for k, v in r.items() if k != "kpi"} for r in rows}


def report_lines(out_dir, case_path=None) -> list[str]:
    """Lines "KPI: median (5-95 %: low-high) unit, method, n samples, k failed" for a report; empty
    when ``clc uncertainty`` has not run for this file in ``out_dir``."""
    iv = intervals(out_dir, case_path)
    if not iv:
        return []
    lines = ["uncertainty (clc uncertainty; median and 5-95 % interval over the sampled input ranges):"]
    for kpi, r in iv.items():
        lines.append(f"  {kpi}: {r['median']:.4g} (5-95 %: {r['p05']:.4g}-{r['p95']:.4g}) {r['unit']}, "
                     f"{r['method']}, {r['samples used']} samples, {r['failed']} failed of {r['runs']}")
    return lines
