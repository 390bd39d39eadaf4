"""Parameter studies: vary a unit's inputs over grids, ranges or Latin hypercube samples.

A study spec (TOML) names a base unit, the parameters to vary (dotted keys of the unit file,
values with units as people type them) and the figures to collect::

    base = "cheers_3mw_natural_gas"        # a shipped example, or a path to a unit file
    output = "sweep.csv"
    figures = ["fuel conversion (CH4)", "oxygen carrier to fuel ratio phi"]   # default: all

    [parameters]
    "fuel_reactor.inventory" = { values = ["1000 kg/MWth", "2000 kg/MWth"] }
    "solids_circulation" = { range = ["10 kg/s", "40 kg/s"], points = 4 }

    [sampling]
    method = "grid"                        # or "latin_hypercube" (ranges only), with samples, seed

Points run locally in parallel (a process pool, all cores, no server) or on a Dask cluster
(``scheduler = "tcp://host:8786"``; dask.distributed is the optional extra ``clc[dask]``). Each
finished point is appended to the CSV as one row (one write, flushed and fsynced), so an
interrupted study loses nothing and a restart runs only the points not yet in the table. A point
that fails is recorded with its error message and does not stop the others.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
from tqdm import tqdm

from . import config as unit_config
from . import dotted, loop, solved_inputs, units



@dataclass(frozen=True)
class Study:
    base: dict  # the base unit file, parsed
    parameters: list[str]
    points: list[dict]  # each: parameter -> value as typed (number or "value unit")
    figures: list[str] | None
    output: Path
    # evaluate(base, point, figures) -> row dict (never raises; see run_point, the default): another
    # model than the loop, e.g. a cement capture case (clc.uncertainty); a module-level function,
    # so that worker processes can receive it
    evaluate: Callable | None = None


def _split(v, field: str) -> tuple[float, str]:
    return units._split(v, f"parameters.{field}")


def _join(x: float, unit: str):
    return f"{x:.10g} {unit}" if unit else float(x)


def _axis(name: str, spec: dict) -> list | tuple:
    """A parameter's values (list) or, for ranges, (low, high, unit, points)."""
    if "values" in spec:
        vals = list(spec["values"])
        if not vals:
            raise ValueError(f"parameters.{name}.values is empty")
        return vals
    if "range" in spec:
        lo_raw, hi_raw = spec["range"]
        lo, u_lo = _split(lo_raw, name)
        hi, u_hi = _split(hi_raw, name)
        if u_lo != u_hi:
            raise ValueError(f"parameters.{name}.range: both ends need the same unit (got {u_lo!r} and {u_hi!r})")
        if not hi > lo:
            raise ValueError(f"parameters.{name}.range=[{lo_raw!r}, {hi_raw!r}]: the high end must exceed the low end")
        points = int(spec.get("points", 5))
        if points < 1:
            raise ValueError(f"parameters.{name}.points={points!r} must be at least 1")
        return (lo, hi, u_lo, points)
    raise ValueError(f"parameters.{name}: give 'values' or 'range'")


_STUDY_KEYS = ("base", "parameters", "sampling", "figures", "output")


def load(path: str | Path) -> Study:
    """Read and expand a study spec."""
    path = Path(path)
    doc = unit_config.read_toml(path)
    unit_config._known_keys(doc, _STUDY_KEYS, f"{path}: ")
    base_name = doc.get("base", unit_config.DEFAULT_EXAMPLE)
    if not isinstance(base_name, str):
        raise ValueError(f"{path}: base={base_name!r}: give a unit file path or a shipped example name")
    base_path = Path(base_name)
    if not base_path.is_absolute():
        base_path = path.parent / base_name
    if not base_path.is_file():
        base_path = unit_config.example_path(base_name)
    base = unit_config.read(base_path)  # parsed once: every point starts from this dict
    params = doc.get("parameters", {})
    if not isinstance(params, dict):
        raise ValueError(f"{path}: parameters={params!r}: must be a table [parameters]")
    for name in params:
        unit_config.check_field(name, f"{path}: parameters.")
    if not params:
        raise ValueError(f"{path}: [parameters] is empty: nothing to vary")
    solved_inputs.refuse_varying_solved(base, params, f"{path}: parameters.")
    axes = {name: _axis(name, spec) for name, spec in params.items()}
    sampling = doc.get("sampling", {})
    if not isinstance(sampling, dict):
        raise ValueError(f"{path}: sampling={sampling!r}: must be a table [sampling]")
    unit_config._known_keys(sampling, ("method", "samples", "seed"), f"{path}: sampling.")
    method = sampling.get("method", "grid")
    names = list(axes)
    if method == "grid":
        grids = [ax if isinstance(ax, list) else [_join(x, ax[2]) for x in np.linspace(ax[0], ax[1], ax[3])]
                 for ax in axes.values()]
        points = [dict(zip(names, combo)) for combo in itertools.product(*grids)]
    elif method == "latin_hypercube":
        from scipy.stats import qmc

        bad = [n for n, ax in axes.items() if isinstance(ax, list)]
        if bad:
            raise ValueError(f"sampling.method='latin_hypercube' needs ranges, not value lists ({', '.join(bad)})")
        n = int(sampling.get("samples", 20))
        if n < 1:
            raise ValueError(f"sampling.samples={n!r} must be at least 1")
        u = qmc.LatinHypercube(d=len(names), seed=int(sampling.get("seed", 0))).random(n)
        points = [{name: _join(ax[0] + (ax[1] - ax[0]) * u[i, k], ax[2]) for k, (name, ax) in enumerate(axes.items())}
                  for i in range(n)]
    else:
        raise ValueError(f"sampling.method={method!r}; allowed: 'grid', 'latin_hypercube'")
    figures = doc.get("figures")
    unknown = [f for f in figures or () if f not in loop.FIGURE_LABELS]
    if unknown:
        raise ValueError(f"{path}: figures: unknown figure(s) {', '.join(map(repr, unknown))}; "
                         f"allowed: {', '.join(loop.FIGURE_LABELS)}")
    output = Path(doc.get("output", path.with_suffix(".csv").name))
    if not output.is_absolute():
        output = path.parent / output
    return Study(base, names, points, list(figures) if figures else None, output)


def _apply(base: dict, point: dict) -> dict:
    """The unit document of one point: ``base`` with the point's dotted keys set (tables must exist)."""
    return dotted.with_values(base, point, where="parameters.")


def run_point(base: dict, point: dict, figures: list[str] | None) -> dict:
    """Solve one point; returns {"status": "ok"|"error", "error": ..., figure: value, ...}. Never raises."""
    try:
        result = loop.solve(unit_config.from_dict(_apply(base, point)))
        names = figures or list(result.figures)
        missing = [f for f in names if f not in result.figures]
        if missing:
            raise KeyError(f"unknown figure(s): {', '.join(missing)}")
        row = {"status": "ok", "error": ""}
        for f in names:
            v = result.figures[f][0]
            row[f] = float(v)
        row["max balance residual"] = max(abs(v) for v in result.balances.values())
        return row
    except Exception as exc:  # a failed point is data, not a crash
        return {"status": "error", "error": f"{type(exc).__name__}: {exc}"}


def _columns(study: Study) -> list[str]:
    figs = study.figures or list(loop.solve(unit_config.from_dict(study.base)).figures)
    return ["point", *study.parameters, "status", "error", *figs, "max balance residual"]


def _done(path: Path) -> set[int]:
    if not path.exists():
        return set()
    with open(path, newline="") as f:
        return {int(r["point"]) for r in csv.DictReader(f) if r.get("status") in ("ok", "error")}


def _append(path: Path, columns: list[str], row: dict) -> None:
    buf = io.StringIO()
    csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore").writerow(row)
    with open(path, "a", newline="") as f:  # one write per row: a crash never leaves half a row
        f.write(buf.getvalue())
        f.flush()
        os.fsync(f.fileno())


def _progress_bar(total: int, stream) -> tqdm:
    """A tqdm bar on ``stream``, silent when ``stream`` is None (quiet) or not a terminal."""
    quiet = stream is None or not (hasattr(stream, "isatty") and stream.isatty())
    return tqdm(total=total, file=stream, disable=quiet, unit="point", desc="points")


def run(study: Study, workers: int | None = None, scheduler: str | None = None,
        max_points: int | None = None, progress=sys.stderr) -> Path:
    """Run the points not yet in ``study.output``; returns the table's path.

    ``workers``: local processes (default: all cores; 1 runs in this process). ``scheduler``: a
    Dask scheduler address, or "local" for an in-process Dask cluster. ``max_points`` stops after
    that many new points (a deliberate interruption, used by the tests). ``progress``: the stream
    for a tqdm progress bar, shown only when it is a terminal; None for none.
    """
    columns = _columns(study)
    evaluate = study.evaluate or run_point
    out = study.output
    if not out.exists() or out.stat().st_size == 0:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", newline="") as f:
            csv.DictWriter(f, fieldnames=columns).writeheader()
    else:
        with open(out, newline="") as f:
            header = next(csv.reader(f))
        if header != columns:
            raise ValueError(f"{out}: its columns differ from this study's; remove it or choose another output")
    done = _done(out)
    todo = [(i, p) for i, p in enumerate(study.points) if i not in done]
    if max_points is not None:
        todo = todo[:max_points]
    bar = _progress_bar(len(todo), progress)

    def record(i, point, row):
        _append(out, columns, {"point": i, **point, **row})
        bar.update()

    # at most `window` points in flight: memory stays flat however many points the study has
    if scheduler:
        from dask.distributed import Client, LocalCluster, as_completed as dask_completed

        cluster = LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=False) if scheduler == "local" else None
        with Client(cluster if cluster is not None else scheduler) as client:
            window = 4 * max(sum(client.nthreads().values()), 1)
            pending = iter(todo)
            futures = {}
            for i, p in itertools.islice(pending, window):
                futures[client.submit(evaluate, study.base, p, study.figures, pure=False)] = (i, p)
            queue = dask_completed(list(futures))
            for fut in queue:
                i, p = futures.pop(fut)
                record(i, p, fut.result())
                fut.release()
                nxt = next(pending, None)
                if nxt is not None:
                    new_fut = client.submit(evaluate, study.base, nxt[1], study.figures, pure=False)
                    futures[new_fut] = nxt
                    queue.add(new_fut)
        if cluster is not None:
            cluster.close()
    elif (workers or os.cpu_count() or 1) == 1:
        for i, p in todo:
            record(i, p, evaluate(study.base, p, study.figures))
    else:
        n_workers = workers or os.cpu_count()
        with ProcessPoolExecutor(max_workers=n_workers) as pool:
            pending = iter(todo)
            futures = {pool.submit(evaluate, study.base, p, study.figures): (i, p)
                       for i, p in itertools.islice(pending, 4 * n_workers)}
            while futures:
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
                for fut in done:
                    i, p = futures.pop(fut)
                    record(i, p, fut.result())
                    nxt = next(pending, None)
                    if nxt is not None:
                        futures[pool.submit(evaluate, study.base, nxt[1], study.figures)] = nxt
    bar.close()
    _write_parquet(out)
    return out


def _write_parquet(csv_path: Path) -> Path | None:
    """A Parquet copy of the table beside the CSV, when pyarrow is installed."""
    try:
        import pyarrow.csv as pacsv
        import pyarrow.parquet as pq
    except ImportError:
        return None
    target = csv_path.with_suffix(".parquet")
    pq.write_table(pacsv.read_csv(csv_path), target)
    return target


def read_table(path: str | Path) -> list[dict]:
    """The study table, rows sorted by point number."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return sorted(rows, key=lambda r: int(r["point"]))
