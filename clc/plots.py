"""Plots (matplotlib, headless)."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def tga_curves(curves, path: Path) -> Path:
    """X(t) of simulated TGA curves, one panel per gas."""
    gases = list(dict.fromkeys(c.gas for c in curves))
    fig, axes = plt.subplots(1, len(gases), figsize=(4.2 * len(gases), 3.6), squeeze=False)
    for ax, gas in zip(axes[0], gases):
        for c in (c for c in curves if c.gas == gas):
            ax.plot(c.t, c.X, label=f"{c.T - 273.15:.0f} degC, y={c.y:.2f}")
        ax.set_title(f"{curves[0].carrier}: {gas}", fontsize=9)
        ax.set_xlabel("time [s]")
        ax.set_ylabel("conversion X [-]")
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return Path(path)


def tga_parity(errors, path: Path, dense=None) -> Path:
    """Measured and modelled X(t) of every validation curve, plus a parity plot.

    ``dense(error) -> (t, X)`` draws each model curve finely; else it is drawn at the data times.
    """
    n = len(errors)
    cols = 6
    rows = (n + cols - 1) // cols + 1
    fig = plt.figure(figsize=(3.0 * cols, 2.6 * rows))
    for i, e in enumerate(errors):
        ax = fig.add_subplot(rows, cols, i + 1)
        ax.plot(e.t, e.X_data, "o", ms=3, label="data")
        if dense is not None:
            td, xd = dense(e)
            ax.plot(td, xd, "-", label="model")
        else:
            ax.plot(e.t, e.X_model, "-", label="model")
        ax.set_title(f"Fig.{e.figure} {e.carrier.split('_')[-1][:4]} {e.gas} {e.T:.0f}K y={e.y:.2f}", fontsize=7)
        ax.tick_params(labelsize=6)
        ax.set_ylim(-0.02, 1.05)
    ax = fig.add_subplot(rows, cols, (rows - 1) * cols + 1)
    for e in errors:
        ax.plot(e.X_data, e.X_model, ".", ms=2)
    ax.plot([0, 1], [0, 1], "k-", lw=0.8)
    ax.set_xlabel("X measured", fontsize=7)
    ax.set_ylabel("X model", fontsize=7)
    ax.set_title("parity", fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)


def loop_profiles(result, path: Path) -> Path:
    """Gas composition along both reactors (bubble and emulsion) and the FR particles' conversion distribution."""
    from . import gas, population

    fig, axes = plt.subplots(1, 3, figsize=(14, 4))
    for ax, bed, title in ((axes[0], result.fuel_reactor, "fuel reactor"), (axes[1], result.air_reactor, "air reactor")):
        z, y_e = bed.profile.z, bed.profile.y  # the gas the solids see (a bubbling bed's emulsion)
        native = getattr(bed, "result", bed)
        y_b = getattr(native, "y_bubble", None)
        two_phase = y_b is not None and getattr(native, "hydro", {}).get("gas_in_bubbles", 0.0) > 0
        for i, name in enumerate(gas.SPECIES):
            if y_e[:, i].max() < 1e-4 and (y_b is None or y_b[:, i].max() < 1e-4):
                continue
            line, = ax.plot(y_e[:, i], z, "-", label=f"{name} emulsion" if y_b is not None else name)
            if two_phase:
                ax.plot(y_b[:, i], z, "--", color=line.get_color(), label=f"{name} bubbles")
        ax.set_xlabel("mole fraction [-]")
        ax.set_ylabel("height [m]")
        ax.set_title(title, fontsize=9)
        ax.legend(fontsize=6)
        ax.grid(alpha=0.3)
    fr = getattr(result.fuel_reactor, "result", result.fuel_reactor)
    if hasattr(fr, "hydro"):  # well-mixed solids: their conversion distribution
        edges, frac = population.conversion_distribution(int(fr.hydro["fp"]), result.s_fr_in, fr.tau_eff, fr.t_mean)
        axes[2].bar(edges[:-1], frac, width=np.diff(edges), align="edge")
        axes[2].set_xlabel("reduction degree of particles in the FR [-]")
        axes[2].set_ylabel("mass fraction [-]")
        axes[2].set_title("conversion distribution (CSTR solids)", fontsize=9)
    else:  # plug-flow solids (moving bed): their conversion along the height
        axes[2].plot(fr.X_solid, fr.z, "-")
        axes[2].set_xlabel("reduction degree of the solids [-]")
        axes[2].set_ylabel("height [m]")
        axes[2].set_title("solids in the fuel reactor (plug flow)", fontsize=9)
    fig.suptitle(result.unit.name, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return Path(path)


def study_plot(rows: list[dict], parameters: list[str], figure: str, path: Path) -> Path:
    """A figure of merit against one parameter (line per value of a second one) or a map of two."""
    ok = [r for r in rows if r["status"] == "ok"]
    num = lambda v: float(str(v).split()[0])
    fig, ax = plt.subplots(figsize=(6, 4.2))
    if len(parameters) == 1 or len({r[parameters[1]] for r in ok}) > 12:
        p0 = parameters[0]
        groups = {}
        for r in ok:
            groups.setdefault(r[parameters[1]] if len(parameters) > 1 else "", []).append(r)
        for label, rs in groups.items():
            rs = sorted(rs, key=lambda r: num(r[p0]))
            ax.plot([num(r[p0]) for r in rs], [float(r[figure]) for r in rs], "o-",
                    label=f"{parameters[1]} = {label}" if label else None)
        ax.set_xlabel(p0)
        ax.set_ylabel(figure)
        if len(groups) > 1:
            ax.legend(fontsize=7)
    else:
        x = [num(r[parameters[0]]) for r in ok]
        y = [num(r[parameters[1]]) for r in ok]
        z = [float(r[figure]) for r in ok]
        sc = ax.tricontourf(x, y, z, levels=12) if len(set(x)) > 1 and len(set(y)) > 1 else ax.scatter(x, y, c=z)
        fig.colorbar(sc, ax=ax, label=figure)
        ax.set_xlabel(parameters[0])
        ax.set_ylabel(parameters[1])
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return Path(path)


def cement_co2(comp, path: Path) -> Path:
    """CO2 per tonne of clinker: the reference plant against each capture case (emitted, captured)."""
    ref = comp.reference
    fig, ax = plt.subplots(figsize=(6.5, 4))
    ax.bar(["reference"], [ref.co2_emitted * 1e3], color="tab:red", label="emitted")
    for route, c in comp.cases.items():
        label = route.replace(" (", "\n(")
        ax.bar([label], [c.co2_emitted * 1e3], color="tab:red")
        ax.bar([label], [c.co2_captured * 1e3], bottom=[c.co2_emitted * 1e3], color="tab:green",
               label="captured" if route == next(iter(comp.cases)) else None)
        k = comp.kpis[route]
        ax.annotate(f"capture {k['CO2 capture rate'][0]:.0%}\nSPECCA {k['SPECCA'][0]:.2f} MJ/kg",
                    (label, c.co2_generated * 1e3), ha="center", va="bottom", fontsize=7)
    ax.set_ylabel("kg CO2 / t clinker")
    ax.set_title(ref.plant.spec.name, fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return Path(path)


ROUTE_AXES = ("CO2 capture rate", "energy penalty (primary energy)")  # x and y of the capture-route chart


def route_intervals(comp, intervals: dict | None) -> dict:
    """The 5-95 % intervals of the capture-route chart's axes: {route: {KPI: (median, p05, p95)}} for
    each route whose two KPIs a ``clc uncertainty`` run gave (``intervals``: as
    :func:`clc.uncertainty_report.intervals` reads them, keys "route: KPI")."""
    out = {}
    for route in comp.kpis:
        rows = [(intervals or {}).get(f"{route}: {k}") for k in ROUTE_AXES]
        if all(r and np.isfinite([r["median"], r["p05"], r["p95"]]).all() for r in rows):  # NaN: no sample solved
            out[route] = {k: (r["median"], r["p05"], r["p95"]) for k, r in zip(ROUTE_AXES, rows)}
    return out


def capture_routes(comp, path: Path, intervals: dict | None = None) -> Path:
    """Capture rate against the rise in primary energy use: this model's capture cases, and
    published capture routes each labelled with its own measure.

    With ``intervals`` (of a ``clc uncertainty`` run of the same case, :func:`route_intervals`) each
    route of this model also shows its median over the samples with 5-95 % error bars on both axes.

    Routes from :data:`clc.cement.data.CAPTURE_ROUTES` (Vatopoulos & Tzimas 2012, abstract: their
    "specific energy consumption"; a route whose figure the source gives only as a sign is drawn as
    an arrow from zero) and :data:`clc.cement.data.CAPTURE_ROUTES_CEMCAP` (rise in fuel use only,
    second-hand). Only this model's points are the axis' measure (primary energy, electricity at
    the case's electricity reference).
    """
    fig = capture_routes_figure(comp, intervals)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return Path(path)


def capture_routes_figure(comp, intervals: dict | None = None):
    """The figure of :func:`capture_routes` (open; the caller saves and closes it)."""
    from . import citations
    from .cement import data

    citations.cite("Vatopoulos2012")
    citations.cite("CEMCAP_D4.6")
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    for r in data.CAPTURE_ROUTES_CEMCAP:
        ax.plot([r["capture"]], [r["energy_increase"]], "D", mfc="none", color="tab:blue")
        ax.annotate(f"{r['route']}\n[fuel use only]", (r["capture"], r["energy_increase"]), fontsize=6,
                    xytext=(-5, 5), textcoords="offset points", ha="right")
    for r in data.CAPTURE_ROUTES:
        if r["energy_increase"] is None:
            ax.annotate("", xy=(r["capture"], -0.08 if r["sign"] < 0 else 0.08), xytext=(r["capture"], 0.0),
                        arrowprops={"arrowstyle": "->", "color": "tab:gray"})
            ax.plot([r["capture"]], [0.0], "o", mfc="none", color="tab:gray")
            ax.annotate(f"{r['route']} [their SEC; below 0, no value]", (r["capture"], 0.0), fontsize=6,
                        xytext=(5, 5), textcoords="offset points")
        else:
            ax.plot([r["capture"]], [r["energy_increase"]], "s", mfc="none", color="tab:gray")
            ax.annotate(f"{r['route']} [their SEC]", (r["capture"], r["energy_increase"]), fontsize=6,
                        xytext=(5, 5), textcoords="offset points")
    for route, k in comp.kpis.items():
        x, y = k["CO2 capture rate"][0], k["energy penalty (primary energy)"][0]
        ax.plot([x], [y], "*", ms=12, color="tab:red")
        ax.annotate(f"{route} (this model)", (x, y), fontsize=6, xytext=(-8, -12), textcoords="offset points",
                    ha="right")
    bars = route_intervals(comp, intervals)
    for n, (route, iv) in enumerate(bars.items()):
        (mx, x0, x1), (my, y0, y1) = (iv[k] for k in ROUTE_AXES)
        ax.errorbar([mx], [my], xerr=[[mx - x0], [x1 - mx]], yerr=[[my - y0], [y1 - my]], fmt="o", ms=4,
                    color="tab:red", mfc="white", capsize=3, lw=1,
                    label="this model: median and 5-95 % interval (clc uncertainty)" if n == 0 else None)
    if bars:
        ax.legend(fontsize=6, loc="upper left")
    ax.axhline(0.0, color="k", lw=0.5)
    lo, hi = ax.get_xlim()
    ax.set_xlim(lo, hi + 0.1)
    ax.set_ylim(min(ax.get_ylim()[0], -0.12), None)
    ax.set_xlabel("CO2 capture rate [-]")
    ax.set_ylabel("rise in primary energy use over the reference [-]\n(this model; others: their own measure)",
                  fontsize=8)
    ax.set_title("Red: this model (primary energy, electricity at " + comp.electricity.name + ")\n"
                 "grey: Vatopoulos & Tzimas 2012 (abstract), their specific energy consumption;\n"
                 "blue: CEMCAP base cases, rise in fuel use only (second-hand)", fontsize=7)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig
