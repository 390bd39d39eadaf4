"""Regenerate benchmarks/README.md: timings measured side by side in one run (medians).

    python benchmarks/run_benchmarks.py

Cases: the natural-gas base unit's (`cheers_3mw_natural_gas`) steady-state loop solve (warm; cold in a fresh process with the
numba cache present), one fuel-reactor solve with the numba kernels and with the plain
Python/SciPy twin, the moving-bed reducer on IDAES-PSE's test cases (isothermal: numba kernels and
DOP853, and the Python/LSODA twin; energy balance: Radau IIA, and the DOP853 reference path), and a batch of rate evaluations with the numba kernel and its NumPy
twin; C references of both kernels, timed inside C.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import dataclasses  # noqa: E402
import resource  # noqa: E402
import tempfile  # noqa: E402

import clc  # noqa: E402
import numba  # noqa: E402
from clc import bubbling_bed, config, loop, moving_bed, study  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "validation" / "idaes_moving_bed"))
import compare as idaes_mbr  # noqa: E402
import kinetics_kernel  # noqa: E402


median_time = kinetics_kernel.median  # one timing helper for every benchmark


def parser() -> argparse.ArgumentParser:
    """The command line: no options, so that ``--help`` (or a mistyped option) prints and exits
    before any benchmark runs (the script used to ignore its arguments and run everything)."""
    return argparse.ArgumentParser(
        description="Time clc's benchmark cases side by side in one run (medians): the natural-gas base unit's "
                    "loop solve (warm, cold, empty numba cache), the fuel reactor and the moving-bed reducer "
                    "with their numba kernels and Python twins, the rate kernels against their C references, "
                    "grid scaling, memory and parameter-study throughput. Rewrites benchmarks/README.md with "
                    "the results (its convergence-map and grid-convergence sections are kept) and prints the "
                    "table. Takes minutes and loads the machine's cores.")


def main() -> None:
    load_before = os.getloadavg()[0]
    unit = config.load()
    loop.solve(unit)  # JIT warm-up
    # the example's FR is adiabatic (its temperature solved by a secant on the heat duty, about five loop
    # solves); held at its start temperature the same unit is one loop solve, timed beside it
    held = dataclasses.replace(unit, fuel_reactor=dataclasses.replace(unit.fuel_reactor, heat_duty=None))
    loop.solve(held)
    t_warm = kinetics_kernel.side_by_side({  # taking turns, so that they compare like with like
        "solve": kinetics_kernel.timed_in_python(lambda: loop.solve(unit)),
        "solve held": kinetics_kernel.timed_in_python(lambda: loop.solve(held)),
        "simulate": kinetics_kernel.timed_in_python(lambda: clc.simulate()),
        "simulate spec": kinetics_kernel.timed_in_python(lambda: clc.simulate(unit))}, 31)

    code = "import time; t=time.perf_counter(); from clc import config, loop; loop.solve(config.load()); print(time.perf_counter()-t)"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t_cold = statistics.median(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                                    env=env, check=True).stdout) for _ in range(3))

    with tempfile.TemporaryDirectory() as cache:
        env_nc = dict(env, NUMBA_CACHE_DIR=cache)  # empty cache: every kernel compiles
        t_nocache = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                         env=env_nc, check=True).stdout)

    fr_feed, _ = loop.feeds(unit)
    bed = loop._bed(unit, unit.fuel_reactor, fr_feed, ("CH4", "CO", "H2"), 0.03)
    bubbling_bed.solve(bed)
    t_bed = median_time(lambda: bubbling_bed.solve(bed), 11)
    t_bed_twin = median_time(lambda: bubbling_bed.solve(bed, use_twin=True), 3)

    mbr = {}  # moving-bed reducer, IDAES-PSE's isothermal test case
    for name, extra in (("Ergun", dict(pressure_drop="ergun")), ("IDAES dP", dict(pressure_drop="idaes_simple")),
                        ("IDAES dP, 10 backward-difference elements",
                         dict(pressure_drop="idaes_simple", n_elements=10))):
        kw = {**idaes_mbr.case_kwargs(), **extra}
        moving_bed.simulate("Abad2007_Fe45Al", "CH4", **kw)
        mbr[name] = (median_time(lambda: moving_bed.simulate("Abad2007_Fe45Al", "CH4", **kw), 11),
                     median_time(lambda: moving_bed.simulate("Abad2007_Fe45Al", "CH4", use_twin=True, **kw), 3))
    mbr_energy = {}  # IDAES-PSE's TestIronOC: energy balance, gas fed cold (numba only: the twin takes ~10 s)
    for name, extra, runs in (
            ("IDAES dP, Radau IIA + Newton on both shooting guesses (default)", {}, 11),
            ("IDAES dP, reference path: DOP853, nested shooting (`energy_solver='dop853'`)",
             dict(energy_solver="dop853"), 5),
            ("IDAES dP, 10 backward-difference elements", dict(n_elements=10), 3)):
        kw = {**idaes_mbr.energy_case_kwargs(), **extra}
        moving_bed.simulate("Abad2007_Fe45Al", "CH4", **kw)
        mbr_energy[name] = median_time(lambda: moving_bed.simulate("Abad2007_Fe45Al", "CH4", **kw), runs)

    n = 1_000_000
    pw = kinetics_kernel.pointwise(n)  # numba, NumPy twin and the C builds, taking turns
    pw_flags = pw.pop("_C flags")

    kin = kinetics_kernel.run()
    total = kin.pop("_total")
    c_flags = kin.pop("_c_flags", "C reference not built")
    t_c = kin.get("C reference")
    overheads = {k: kin.pop(k) for k in list(kin) if k.startswith("_")}

    scaling = []
    for h in (0.4, 0.2, 0.1, 0.05):
        u = dataclasses.replace(unit, cell_height=h, riser_cell_height=5 * h)
        loop.solve(u)
        r = loop.solve(u)
        scaling.append((h, len(r.fuel_reactor.z) + len(r.air_reactor.z), median_time(lambda: loop.solve(u), 5),
                        r.figures["fuel conversion (CH4)"][0]))

    code = "from clc import cli; cli.main(['run', '--out', '{out}'])"
    with tempfile.TemporaryDirectory() as d:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        subprocess.run([sys.executable, "-c", code.format(out=d)], env=env, check=True, capture_output=True)
        rss_run = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0  # MiB (Linux: KiB)
        del before
        spec = Path(d) / "spec.toml"
        spec.write_text('base = "cheers_3mw_natural_gas"\noutput = "out.csv"\n[parameters]\n'
                        '"solids_circulation" = { range = ["10 kg/s", "40 kg/s"], points = 600 }\n')
        sweep_rss = {}
        for npts in (100, 10_000):  # issue 6: memory must not grow with the number of points
            spec_n = Path(d) / f"spec{npts}.toml"
            spec_n.write_text(f'base = "cheers_3mw_natural_gas"\noutput = "rss{npts}.csv"\n[parameters]\n'
                              f'"solids_circulation" = {{ range = ["10 kg/s", "40 kg/s"], points = {npts} }}\n')
            probe = ("import resource, sys; from clc import study; "
                     f"study.run(study.load(r'{spec_n}'), workers=1, progress=None); "
                     "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)")
            sweep_rss[npts] = float(subprocess.run([sys.executable, "-c", probe], env=env, check=True,
                                                   capture_output=True, text=True).stdout)
        throughput = {}
        for w in (1, 2):
            st = study.load(spec)
            st.output.unlink(missing_ok=True)
            t = time.perf_counter()
            study.run(st, workers=w, progress=None)
            throughput[w] = len(st.points) / (time.perf_counter() - t)

    rows = [
        ("natural-gas base unit, `loop.solve(unit)`, warm (numba)", f"{t_warm['solve'] * 1e3:.1f} ms",
         "unit spec built once beforehand; adiabatic FR: its temperature solved (secant on the duty, about 5 loop solves)"),
        ("natural-gas base unit with its FR held at 900 degC, `loop.solve(unit)`, warm (numba)",
         f"{t_warm['solve held'] * 1e3:.1f} ms", "one loop solve at fixed temperatures (the base unit before issue 13 item 4)"),
        ("natural-gas base unit, `clc.simulate()` end to end, warm", f"{t_warm['simulate'] * 1e3:.1f} ms",
         "unit file read (parse reused while unchanged), spec built and checked, loop solved"),
        ("natural-gas base unit, `clc.simulate(unit)` with a built spec, warm", f"{t_warm['simulate spec'] * 1e3:.1f} ms",
         "as loop.solve"),
        ("natural-gas base unit, first call in a new process, numba cache present", f"{t_cold:.2f} s", "imports and cache loading included"),
        ("natural-gas base unit, first call in a new process, numba cache empty", f"{t_nocache:.1f} s", "every kernel compiled"),
        ("fuel reactor alone, numba kernels", f"{t_bed * 1e3:.2f} ms", ""),
        ("fuel reactor alone, Python/SciPy twin", f"{t_bed_twin * 1e3:.0f} ms", f"{t_bed_twin / t_bed:.0f}x the kernel's time"),
    ]
    pw_case = "general pointwise rate kernel (`rates.rate_batch`; chemical control, spheres, n = 1), 10^6 points"
    rows.append((f"{pw_case}, numba serial", f"{n / pw['numba'] / 1e6:.1f} M/s",
                 f"any model, one (T, C, X) at a time; {pw['NumPy twin'] / pw['numba']:.2f} x NumPy twin"
                 + "".join(f", {pw[k] / pw['numba']:.2f} x {k}" for k in pw_flags)))
    rows.append((f"{pw_case}, NumPy twin", f"{n / pw['NumPy twin'] / 1e6:.1f} M/s", "vectorised NumPy"))
    for k, flags in pw_flags.items():
        rows.append((f"{pw_case}, {k} (timed inside C)", f"{n / pw[k] / 1e6:.1f} M/s", f"`{flags}`"))
    for name, (t_nb, t_tw) in mbr.items():
        rows.append((f"moving-bed reducer, IDAES-PSE test case ({name}), numba kernels + DOP853",
                     f"{t_nb * 1e3:.1f} ms", "issue 6 target: 100x below IDAES-PSE's ~3 s, i.e. 30 ms"))
        rows.append((f"moving-bed reducer, IDAES-PSE test case ({name}), Python/LSODA twin",
                     f"{t_tw * 1e3:.0f} ms", f"{t_tw / t_nb:.0f}x the kernels' time"))
    energy_notes = {  # moving bed with the energy balance: what each solver does
        "default": "issue 17 target <= 10 ms; stiff gas-solid heat exchange integrated implicitly on a fixed mesh",
        "dop853": "stiff gas-solid heat exchange: stability-limited explicit steps, nested shooting",
        "backward": "IDAES' scheme: MINPACK hybr on the 50 node unknowns, started from the converged solution"}
    for name, t_nb in mbr_energy.items():
        note = next(v for k, v in energy_notes.items() if k in name)
        rows.append((f"moving-bed reducer with energy balance, IDAES-PSE TestIronOC, {name}, numba kernels",
                     f"{t_nb * 1e3:.1f} ms", note))
    for name, t in kin.items():
        note = f"{t_c / t:.2f} x C speed" if t_c else ""
        if name == "numba serial":
            note += f"; {kin['NumPy (twin)'] / t:.1f} x NumPy, {kin['pure Python'] / t:.0f} x pure Python"
        if name == "numba parallel":
            note += (f"; {numba.get_num_threads()} threads ({numba.threading_layer()}), timed on its own: needs free cores; "
                     f"fastest run {total / overheads['_numba parallel fastest'] / 1e6:.0f} M rates/s")
        label = "C reference (timed inside C)" if name == "C reference" else name
        rows.append((f"batch kernel (400 cells x 3 reactions x 200 classes), {label}", f"{total / t / 1e6:.0f} M rates/s", note))
    rows.append(("C reference flags", c_flags, "compiled at benchmark time from benchmarks/kinetics_kernel.c"))
    if "_ctypes call" in overheads:
        rows.append(("batch kernel, ctypes call overhead per call (not in the C row)", f"{overheads['_ctypes call'] * 1e6:.1f} us",
                     f"C called through ctypes, pointers built per call: {total / overheads['_C through ctypes'] / 1e6:.0f} M rates/s; "
                     f"numba's dispatch with the same arguments: {overheads['_numba dispatch'] * 1e6:.2f} us"))
    for h, cells, t, x in scaling:
        rows.append((f"natural-gas base unit, cells {h:g} m (bed) / {5 * h:g} m (riser): {cells} cells", f"{t * 1e3:.1f} ms",
                     f"CH4 conversion {x:.4f}"))
    rows.append(("peak resident memory of `clc run` (its default: the lignite unit, plots)", f"{rss_run:.0f} MiB", "whole process"))
    for npts, rss in sweep_rss.items():
        rows.append((f"peak resident memory of a {npts}-point study (1 process, rows streamed to disk)", f"{rss:.0f} MiB", ""))
    for w, tp in throughput.items():
        rows.append((f"parameter study, {len(st.points)} points, {w} worker process(es)", f"{tp:.1f} points/s", "first call per process compiles nothing: numba cache"))
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = ["# Benchmarks", "", "Regenerate with `python benchmarks/run_benchmarks.py` (medians of repeated runs, all",
             "figures from one run). Speed targets are met here, never by timed assertions in tests.",
             "The same cases run under pytest-benchmark: `pip install '.[bench]'` then",
             "`python -m pytest benchmarks --benchmark-only`.", "",
             f"Machine: {machine}; date {time.strftime('%Y-%m-%d')}; load average {load_before:.1f} at the start of the run,",
             f"{os.getloadavg()[0]:.1f} at its end (other processes on the same cores slow every row, and the numba",
             "parallel row most: its threads wait for free cores).", "",
             "| case | time or rate | note |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    lines += ["", "What the C rows measure. All C is built here by the system compiler from",
              "`benchmarks/kinetics_kernel.c` and timed inside C: `clock_gettime` around each run of the kernel",
              "over the same NumPy buffers the numba kernel uses, so no Python or ctypes work is counted (the numba",
              "rows are timed from Python and include numba's dispatch, about 1 us). Numba serial and C take turns run by",
              "run (with the NumPy twin, for the pointwise kernel) and each figure is a median, so that their ratios hold on a loaded",
              "machine; numba parallel is timed on its own (OpenMP's threads spin on after each run).",
              "",
              "- *batch kernel, C reference*: the same arithmetic as `rates.sphere_rate_table` (one exp, and a log",
              "  where n != 1, per cell and reaction; xi = (1-X)^(1/3) carried, no cube root per evaluation), built",
              "  with `-O3 -march=native -ffast-math`.",
              "- *ctypes call overhead*: an empty C function with the batch kernel's 11 arguments, called through",
              "  ctypes with the pointers built per call, as the former C row did; the row's note gives the C kernel",
              "  timed that way, which is what the former \"numba 1.13-2.2x faster than C\" compared with.",
              "- *pointwise kernel, C fast-math*: the arithmetic of `rates.rate_batch` for chemical control",
              "  (exp, pow, C^1 and the plate's pow skipped, one loop per case) with `-ffast-math`, which lets",
              "  GCC call glibc's vector exp and pow (libmvec). The numba kernel gets its vector speed from",
              "  `rates._exp_v` and `rates._log_v` (plain arithmetic, within 1 ulp of libm's), since numba has no",
              "  vector math library without Intel's SVML.",
              "- *pointwise kernel, C strict*: the same source without `-ffast-math`: scalar libm calls, the",
              "  arithmetic of `rates.conversion_rate` bit for bit."]
    readme = ROOT / "benchmarks" / "README.md"
    # the sections other scripts write (benchmarks/convergence_map.py, grid_convergence.py) are kept as they are
    kept = readme.read_text() if readme.exists() else ""
    starts = [kept.index(m) for m in ("<!-- convergence map: start", "<!-- grid convergence: start") if m in kept]
    kept = kept[min(starts):] if starts else ""
    readme.write_text("\n".join(lines) + "\n" + ("\n" + kept if kept else ""))
    print("\n".join(lines))


if __name__ == "__main__":
    parser().parse_args()
    main()
