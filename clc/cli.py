"""The ``clc`` command line.

    clc --version
    clc run [CONFIG] [--json]    steady state of a CLC unit (default: CHEERS-type 4.5 MWth on lignite);
                                 a file with model = "clou_fuel_reactor" runs clc.clou (CLOU on coal)
    clc sweep SPEC               parameter study, local processes or a Dask cluster
    clc uncertainty FILE         input ranges -> KPI intervals and Sobol'/Morris indices (SALib)
    clc cement [CONFIG]          cement plant, reference and with a CLC-heated calciner
    clc carriers                 list the kinetic data sets with their sources
    clc tga [--carrier NAME]     simulate TGA conversion curves of a carrier, write a plot
    clc validate-tga             compare the TGA model with the published curves, write a report
    clc validate                 compare the models with pilot-plant data, write a report
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

from . import __version__, carriers, citations, units

DEFAULT_CARRIER = "Abad2011_ilmenite_activated"


def _cmd_carriers(args) -> int:
    for name in carriers.list_carriers():
        c = carriers.load(name)
        lo, hi = c.T_range
        print(f"{name}")
        print(f"  {c.description}")
        print(f"  gases: {', '.join(c.gases)};  R_OC = {c.R_OC:.4f};  T {lo - 273.15:.0f}-{hi - 273.15:.0f} degC")
        print(f"  source: {citations.get(c.citation_key).text()}")
    return 0


def _cmd_tga(args) -> int:
    from . import plots, tga

    c = carriers.load(args.carrier)
    temps = [units.temperature(t) for t in args.temperature] if args.temperature else None
    if temps is None:
        lo, hi = c.T_range
        temps = [lo, 0.5 * (lo + hi), hi]
    for T in temps:
        c.check_temperature(T)
    curves = []
    print(f"TGA simulation of {c.name} at {args.pressure / 1e5:g} bar")
    print(f"{'gas':>5} {'y':>6} {'T [degC]':>9} {'t(X=0.5) [s]':>13} {'tau [s]':>9}")
    for gas in c.gases:
        y = units.fraction(args.fraction_o2 if gas == "O2" else args.fraction, "fraction")
        for T in temps:
            curve = tga.simulate(c.name, gas, T, y, args.pressure)
            curves.append(curve)
            t_half = tga.time_to_conversion(c.name, gas, T, y, 0.5, args.pressure)
            print(f"{gas:>5} {y:6.2f} {T - 273.15:9.1f} {t_half:13.1f} {curve.tau:9.1f}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = plots.tga_curves(curves, out / f"tga_{c.name}.png")
    print(f"plot: {path}")
    _print_citations()
    return 0


def _cmd_validate_tga(args) -> int:
    from . import plots, tga
    from .data import validation_dir

    vdir = validation_dir()
    if vdir is None:
        print("validation data are in the source checkout (validation/), not in the installed wheel", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    lines = ["# TGA validation", "", "| dataset | figure | carrier | gas | T [K] | y | points | RMSE X | max abs |",
             "|---|---|---|---|---|---|---|---|---|"]
    for csv_path in sorted((vdir / "tga").glob("*.csv")):
        errs = tga.compare_dataset(csv_path)
        for e in errs:
            lines.append(f"| {csv_path.stem} | {e.figure} | {e.carrier} | {e.gas} | {e.T:.2f} | {e.y:.2f} | "
                         f"{e.n_points} | {e.rmse:.3f} | {e.max_abs:.3f} |")
        rmse = tga.overall_rmse(errs)
        lines += ["", f"{csv_path.stem}: {sum(e.n_points for e in errs)} points in {len(errs)} curves, "
                  f"overall RMSE in X = {rmse:.3f}", ""]
        def dense(e):
            curve = tga.simulate(e.carrier, e.gas, e.T, e.y, t=np.linspace(0.0, e.t.max(), 200))
            return curve.t, curve.X

        png = plots.tga_parity(errs, out / f"tga_validation_{csv_path.stem}.png", dense)
        lines.append(f"![{csv_path.stem}]({png.name})")
    report = out / "tga_validation.md"
    report.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"report: {report}")
    return 0


def _cmd_validate(args) -> int:
    from . import validate

    if args.root is None and validate.default_root() is None:
        print("pilot validation data are in the source checkout (validation/pilots/), not in the installed wheel; "
              "pass --root", file=sys.stderr)
        return 2
    results = validate.run(args.root, sensitivity=not args.no_sensitivity, trends=not args.no_trends)
    if not results:
        print(f"no datasets found under {args.root or validate.default_root()}", file=sys.stderr)
        return 2
    print(validate.summary_table(results))
    for r in results:
        for p in r.failed:
            print(f"  {r.dataset.name} point {p.point} failed: {p.error}")
    report = validate.write_report(results, args.out)
    print(f"report: {report}")
    _print_citations()
    return 0


def _cmd_run(args) -> int:
    import json

    from . import config, loop_calibration, plots

    path = args.config or config.example_path(config.RUN_DEFAULT_EXAMPLE)
    if _model_of(path) == "clou_fuel_reactor":
        return _run_clou(path, args.json)
    unit, result, cal = loop_calibration.solve_file(path)  # calibrated when the file has [calibration]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    png = plots.loop_profiles(result, out / "profiles.png")
    if args.json:
        doc = {"unit": unit.name, "figures": {k: {"value": v, "units": u} for k, (v, u) in result.figures.items()},
               "balance_residuals": result.balances, "citations": result.citations, "plot": str(png),
               "warnings": list(result.warnings)}
        if cal is not None:
            doc["calibration"] = cal.as_dict()
        print(json.dumps(doc, indent=2))
        return 0
    print(unit.name)
    for line in cal.lines() if cal is not None else ():
        print(line)
    print(f"{'figure of merit':<36} {'value':>14}  units")
    for name, (value, u) in result.figures.items():
        text = str(value) if isinstance(value, bool) else f"{value:14.6g}"
        print(f"{name:<36} {text:>14}  {u}")
    print("\nbalance residuals (relative)")
    for name, value in result.balances.items():
        print(f"  {name:<34} {value:10.2e}")
    for w in result.warnings:
        print(f"WARNING: {w}")
    print(f"\nplots: {png}")
    _print_citations()
    return 0


def _model_of(path) -> str:
    """The model a unit file names (``model = ...`` at its top; the loop when absent)."""
    import tomllib

    try:
        return str(tomllib.loads(Path(path).read_text()).get("model", "loop"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return "loop"  # the loop's loader reports the problem in its own words


def _run_clou(path, as_json: bool) -> int:
    """``clc run`` on a CLOU unit file (``model = "clou_fuel_reactor"``): solve :mod:`clc.clou` and print it."""
    import json
    import tomllib

    from . import clou

    result = clou.solve(clou.from_dict(tomllib.loads(Path(path).read_text())))
    figures = {name: value for name, (value, _) in result.figures.items()}
    extra = {"bed O2 pressure [Pa]": result.p_O2, "O2 equilibrium pressure [Pa]": result.p_O2_eq,
             "solids residence time [s]": result.residence_time, "char burnout time [s]": result.burnout_time,
             "O2 released [mol/s]": result.o2_released, "O2 demand of the coal [mol/s]": result.o2_demand,
             "char to the air reactor [mol C/s]": result.char_to_ar}
    if result.heat_duty is not None:
        extra["FR heat duty [W] (+ added, - removed)"] = result.heat_duty
    balances = {f"{el} element": r for el, r in result.element_residuals.items()}
    balances["O2 release (root)"] = result.release_residual
    if result.energy_residual is not None:
        balances["energy (two routes)"] = result.energy_residual
    if as_json:
        print(json.dumps({"unit": str(path), "model": "clou_fuel_reactor", "figures": figures, "details": extra,
                          "outlet_mol_s": result.outlet, "balance_residuals": balances,
                          "warnings": list(result.warnings)}, indent=2))
        return 0
    print(f"{path} (CLOU fuel reactor, clc.clou)")
    for name, value in {**figures, **extra}.items():
        print(f"{name:<40} {value:14.6g}")
    print("\nbalance residuals (relative)")
    for name, value in balances.items():
        print(f"  {name:<38} {value:10.2e}")
    for w in result.warnings:
        print(f"WARNING: {w}")
    return 0


def _cmd_sweep(args) -> int:
    from . import plots, study

    spec = study.load(args.spec)
    print(f"study {args.spec}: {len(spec.points)} points over {', '.join(spec.parameters)} -> {spec.output}")
    out = study.run(spec, workers=args.workers, scheduler=args.scheduler)
    rows = study.read_table(out)
    failed = [r for r in rows if r["status"] != "ok"]
    print(f"table: {out} ({len(rows)} rows, {len(failed)} failed)")
    for r in failed[:10]:
        print(f"  point {r['point']}: {r['error']}")
    if args.plot:
        png = plots.study_plot(rows, spec.parameters, args.plot, out.with_suffix(".png"))
        print(f"plot: {png}")
    if rows and len(failed) == len(rows):
        print(f"clc: error: {args.spec}: every one of the {len(rows)} points failed (table written: {out})",
              file=sys.stderr)
        return 1
    return 0


def _cmd_uncertainty(args) -> int:
    from . import uncertainty

    rep = uncertainty.run(args.file, method=args.method, samples=args.samples, seed=args.seed,
                          workers=args.workers, scheduler=args.scheduler, out=args.out, progress=sys.stderr)
    print(rep.text())
    return 0


def _cmd_cement(args) -> int:
    import json

    from . import plots
    from .cement import clc_integration, report

    path = Path(args.config) if args.config else plant_config_example("cement_clc_sichuan_coal")  # issue 12 item 10
    overrides = {} if args.kiln_share is None else {"kiln.fuel_share": args.kiln_share}
    plant, unit, options = clc_integration.load_case(path, plant_overrides=overrides)
    from .cement import cost
    comp = clc_integration.evaluate(plant, unit, options, costs=cost.load(path))
    ref = comp.reference.plant
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from . import uncertainty_report  # intervals of an earlier `clc uncertainty` run of this file in --out

    intervals = uncertainty_report.intervals(out, path)
    sankey = report.sankey(ref, out / "cement_reference_sankey.png")
    chart = plots.cement_co2(comp, out / "cement_co2.png")
    routes = plots.capture_routes(comp, out / "cement_capture_routes.png", intervals=intervals)
    pngs = [str(sankey), str(chart), str(routes)]

    if args.json:
        doc = report.capture_json(comp, unit.name)
        doc["plots"] = pngs
        doc["uncertainty"] = intervals
        doc["citations"] = [c.key for c in citations.used()]
        print(json.dumps(doc, indent=2, default=float))
        return 0
    print(report.summary(ref))
    print()
    print(report.capture_summary(comp, unit.name, intervals=intervals))
    for line in uncertainty_report.report_lines(out, path):
        print(line)
    print(f"\nplots: {', '.join(pngs)}")
    _print_citations()
    return 0


def plant_config_example(name: str) -> Path:
    from .cement import config as plant_config

    return plant_config.example_path(name)


def _print_citations() -> None:
    print("\nPlease cite:")
    for cit in citations.used():
        print(f"  [{cit.key}] {cit.text()}")


def _workers(text: str) -> int:
    """``--workers``: a whole number of local processes, at least 1."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--workers={text!r}: give a whole number >= 1") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"--workers={n}: must be >= 1 (omit it for all cores)")
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="clc", description="Chemical-looping combustion simulator")
    parser.add_argument("--version", action="version", version=f"clc {__version__}")
    sub = parser.add_subparsers(dest="command")
    p_run = sub.add_parser("run", help="solve a CLC unit to steady state and print its figures of merit")
    p_run.add_argument("config", nargs="?", help="unit configuration (TOML); default: the embedded CHEERS-type 4.5 MWth lignite unit")
    p_run.add_argument("--json", action="store_true", help="print the figures as JSON")
    p_run.add_argument("--out", default="clc-output", help="output folder for plots (default clc-output)")
    p_sw = sub.add_parser("sweep", help="run a parameter study (TOML spec) locally or on a Dask cluster")
    p_sw.add_argument("spec", help="study spec (TOML)")
    p_sw.add_argument("--workers", type=_workers, default=None, help="local worker processes (default: all cores)")
    p_sw.add_argument("--scheduler", default=None,
                      help="Dask scheduler address, e.g. tcp://host:8786 (needs the dask extra)")
    p_sw.add_argument("--plot", default=None, help="figure of merit to plot against the parameters")
    p_un = sub.add_parser("uncertainty", help="propagate the [uncertainty] input ranges of a unit or capture-case "
                          "file to its KPIs (intervals, Sobol' or Morris indices, tornado chart)")
    p_un.add_argument("file", help="unit file or cement capture case (kind = \"cement_clc\") with an [uncertainty] table")
    p_un.add_argument("--method", choices=("sobol", "morris", "lhs"), default=None,
                      help="sobol (Saltelli), morris (screening) or lhs (Latin hypercube; default, or the file's)")
    p_un.add_argument("--samples", type=int, default=None,
                      help="Sobol' base samples N (N(D+2) runs, a power of 2), Morris trajectories r (r(D+1) runs) "
                           "or LHS points (default: the file's, else 8, 4, 16)")
    p_un.add_argument("--seed", type=int, default=None, help="random seed (default: the file's, else 0)")
    p_un.add_argument("--workers", type=_workers, default=None, help="local worker processes (default: all cores)")
    p_un.add_argument("--scheduler", default=None, help="Dask scheduler address (needs the dask extra)")
    p_un.add_argument("--out", default="clc-output",
                      help="output folder: sample table (resumed when rerun), KPI and index tables, tornado chart")
    p_ce = sub.add_parser("cement", help="cement plant with and without a CLC-heated calciner")
    p_ce.add_argument("config", nargs="?", help="integration file (kind = \"cement_clc\"); default: Sichuan line, coal-fired CLC unit")
    p_ce.add_argument("--json", action="store_true", help="print the figures as JSON")
    p_ce.add_argument("--kiln-share", type=float, default=None, metavar="SHARE",
                      help="kiln burner's share of the reference line's fuel heat, e.g. 0.40 (sets the plant's "
                           "kiln.fuel_share; default: the plant file's, else the kiln's first-law balance)")
    p_ce.add_argument("--out", default="clc-output", help="output folder for plots (default clc-output)")
    sub.add_parser("carriers", help="list the kinetic parameter sets and their sources")
    p_tga = sub.add_parser("tga", help="simulate isothermal TGA conversion curves and write a plot")
    p_tga.add_argument("--carrier", default=DEFAULT_CARRIER, help=f"kinetic data set (default {DEFAULT_CARRIER})")
    p_tga.add_argument("--temperature", "-T", action="append",
                       help="temperature, e.g. '900 degC' or '1173 K' (repeatable; default: the data's range)")
    p_tga.add_argument("--fraction", type=float, default=0.15,
                       help="mole fraction of the fuel gas (default 0.15, Abad et al. 2011's TGA tests)")
    p_tga.add_argument("--fraction-o2", type=float, default=0.21, help="mole fraction of O2 (default 0.21, air)")
    p_tga.add_argument("--pressure", type=float, default=101325.0, help="pressure [Pa] (default 101325)")
    p_tga.add_argument("--out", default="clc-output", help="output folder (default clc-output)")
    p_val = sub.add_parser("validate-tga", help="compare the TGA model with published curves")
    p_val.add_argument("--out", default="clc-output", help="output folder (default clc-output)")
    p_pv = sub.add_parser("validate", help="compare the loop model (or a dataset's own model, e.g. the CLOU fuel reactor) "
                          "with pilot-plant data (validation/pilots/)")
    p_pv.add_argument("--root", default=None, help="folder of dataset folders (default: the checkout's validation/pilots/)")
    p_pv.add_argument("--out", default=None, help="report folder (default: validation/pilots/report/)")
    p_pv.add_argument("--no-sensitivity", action="store_true", help="skip the cases that vary assumed inputs")
    p_pv.add_argument("--no-trends", action="store_true", help="skip the trend sweeps (model against phi, T, inventory)")
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    handlers = {"run": _cmd_run, "sweep": _cmd_sweep, "uncertainty": _cmd_uncertainty, "cement": _cmd_cement, "carriers": _cmd_carriers, "tga": _cmd_tga, "validate-tga": _cmd_validate_tga,
                "validate": _cmd_validate}
    try:
        return handlers[args.command](args)
    except BrokenPipeError:  # output piped into a command that stopped reading (e.g. head)
        sys.stdout = open(os.devnull, "w")
        return 0
    except (ValueError, KeyError, RuntimeError, OSError) as exc:
        msg = exc.args[0] if exc.args else str(exc)
        if isinstance(exc, OSError) and exc.filename is not None:
            msg = f"{exc.filename}: {exc.strerror or exc}"
        print(f"clc: error: {msg}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
