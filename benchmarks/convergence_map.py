"""Convergence map (issue 16, item 4): many sampled valid unit files, their outcomes tallied.

    python benchmarks/convergence_map.py                      # 5000 points, seed 2026, print
    python benchmarks/convergence_map.py --label after --write

The units come from ``tests/convergence_sampler.py`` (the same sampler the CI test runs on fewer
points). ``--write`` puts the table into benchmarks/README.md between the convergence-map
markers, replacing the row with the same label and keeping the others (so that a before row
stays beside an after row); nothing else in the file is touched.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import convergence_sampler as cs  # noqa: E402

START = "<!-- convergence map: start (benchmarks/convergence_map.py) -->"
END = "<!-- convergence map: end -->"
HEADER = ("| run | points | converged | infeasible | refused (input) | numerical failures | residual > 1e-9 | "
          "internal errors / tracebacks | converged share of feasible | worst residual (converged) |")


def _reason(message: str) -> str:
    """A message without its numbers: one reason per kind of failure."""
    text = re.sub(r"\{[^{}]*\}", "{...}", message)  # a fuel composition
    text = re.sub(r"(?<![A-Za-z_\d])[-+]?\d[\d.]*(e[-+]?\d+)?", "#", text)
    return text[:120]


def run(seed: int, points: int) -> tuple[list[cs.Run], float]:
    t0 = time.perf_counter()
    runs = [cs.classify(doc) for doc in cs.sample(seed, points)]
    return runs, time.perf_counter() - t0


def row(label: str, runs: list[cs.Run]) -> str:
    t = cs.tally(runs)
    feasible = t["converged"] + t["numerical"] + t["residual"] + t["internal"]
    worst = max((r.residual for r in runs if r.outcome == "converged"), default=float("nan"))
    share = t["converged"] / feasible if feasible else float("nan")
    return (f"| {label} | {len(runs)} | {t['converged']} | {t['infeasible']} | {t['refused']} | {t['numerical']} | "
            f"{t['residual']} | {t['internal']} | {100 * share:.1f} % | {worst:.2g} |")


def reasons(runs: list[cs.Run], top: int = 12) -> list[str]:
    """The most frequent reasons of the runs that did not converge, by outcome."""
    count = collections.Counter((r.outcome, _reason(r.message)) for r in runs if r.outcome != "converged")
    return [f"| {o} | {n} | {m} |" for (o, m), n in count.most_common(top)]


def write(label: str, seed: int, runs: list[cs.Run]) -> None:
    path = ROOT / "benchmarks" / "README.md"
    text = path.read_text()
    rows: list[str] = []
    if START in text:
        old = text[text.index(START):text.index(END) + len(END)]
        rows = [ln for ln in old.splitlines() if ln.startswith("| ") and " | points |" not in ln
                and not ln.startswith("| outcome") and ln.count("|") == HEADER.count("|")]
        text = text.replace(old, "").rstrip() + "\n"
    rows = [r for r in rows if not r.startswith(f"| {label} |")] + [row(label, runs)]
    section = [
        START, "", "## Convergence map (issue 16)", "",
        f"Valid unit files from `tests/convergence_sampler.py`, seed {seed}, solved one by one "
        "(`python benchmarks/convergence_map.py`). *Feasible* counts the units that are neither "
        "infeasible nor refused. A residual is the worst relative element or energy balance of a result.", "",
        HEADER, "|" + "---|" * (HEADER.count("|") - 1), *rows, "",
        f"Most frequent reasons in the last run ({label}):", "", "| outcome | runs | reason (numbers as #) |",
        "|---|---|---|", *reasons(runs), "", END]
    path.write_text(text.rstrip() + "\n\n" + "\n".join(section) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--points", type=int, default=5000)
    ap.add_argument("--label", default="current")
    ap.add_argument("--write", action="store_true", help="put the table into benchmarks/README.md")
    args = ap.parse_args()
    runs, seconds = run(args.seed, args.points)
    print(HEADER)
    print(row(args.label, runs))
    print(f"({seconds:.1f} s)")
    print("\n".join(reasons(runs, 30)))
    if args.write:
        write(args.label, args.seed, runs)


if __name__ == "__main__":
    main()
