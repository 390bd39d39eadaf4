"""Kinetics kernel benchmark: rate evaluations per second, one representative batch.

The batch: 400 height cells x 3 reactions (CH4, H2, CO on activated ilmenite) x 200 particle
conversion classes = 240 000 rates. Five implementations of the same arithmetic: pure Python
loops, vectorised NumPy (the twin), numba serial, numba parallel, and a plain C reference
compiled here with the system compiler (-O3 -march=native -ffast-math) from
kinetics_kernel.c and timed inside C (clock_gettime around each run over the same buffers), with
the ctypes call overhead measured on its own. The same file holds a C twin of the general pointwise
rate kernel (rates.rate_batch, chemical control), built with and without -ffast-math.
"""

from __future__ import annotations

import ctypes
import math
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
from numba import njit

from clc import rates
from clc.constants import R

C_SOURCE = Path(__file__).with_name("kinetics_kernel.c")
C_FLAGS = {"fast-math": ["-O3", "-march=native", "-ffast-math"], "strict": ["-O3", "-march=native", "-ffp-contract=off"]}


def batch(n_cells=400, n_classes=200, seed=0):
    rng = np.random.default_rng(seed)
    k0 = np.array([9.8, 6.2e-2, 0.1])
    E = np.array([135200.0, 65000.0, 80700.0])
    n = np.array([1.0, 1.0, 0.8])
    brl = np.array([5.78, 1.45, 1.45]) / (13590.0 * 1.25e-6)
    T = rng.uniform(1073.0, 1223.0, n_cells)
    C = rng.uniform(0.0, 5.0, (n_cells, 3))
    xi = np.linspace(0.0, 1.0, n_classes)
    return k0, E, n, brl, T, C, xi


def pure_python(k0, E, n, brl, T, C, xi):
    out = [[[0.0] * len(xi) for _ in range(len(k0))] for _ in range(len(T))]
    for i in range(len(T)):
        for j in range(len(k0)):
            c = C[i][j]
            kap = 0.0 if c <= 0 else brl[j] * k0[j] * math.exp(-E[j] / (R * T[i])) * c ** n[j]
            for q in range(len(xi)):
                out[i][j][q] = 3.0 * kap * xi[q] * xi[q]
    return out


def compile_c(workdir: Path, flavour: str = "fast-math"):
    """Build kinetics_kernel.c with ``C_FLAGS[flavour]``; returns (ctypes library, flags as typed) or (None, why)."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        return None, "no C compiler found"
    lib = workdir / f"kernel-{flavour}.so"
    cmd = [cc, *C_FLAGS[flavour], f"-DR_GAS={R!r}", "-shared", "-fPIC", str(C_SOURCE), "-o", str(lib), "-lm"]
    subprocess.run(cmd, check=True, capture_output=True)
    dll = ctypes.CDLL(str(lib))
    for name in ("sphere_rate_table", "empty_call", "time_sphere_rate_table", "rate_chemical", "time_rate_chemical"):
        getattr(dll, name).restype = None
    return dll, " ".join([Path(cc).name, *C_FLAGS[flavour], "-shared"])


def median(fn, repeat):
    ts = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


_DP = ctypes.POINTER(ctypes.c_double)


def _ptr(a):
    return np.ascontiguousarray(a).ctypes.data_as(_DP)


def median_in_c(timer, repeat, *args):
    """Median of ``repeat`` runs timed inside C by ``timer(reps, times, *args)`` (args as ctypes values)."""
    times = np.zeros(repeat)
    timer(ctypes.c_int(repeat), _ptr(times), *args)
    return statistics.median(times)


def timed_in_python(fn):
    """A timer for :func:`side_by_side`: one call of ``fn`` timed with perf_counter."""
    def one():
        t = time.perf_counter()
        fn()
        return time.perf_counter() - t
    return one


def timed_in_c(timer, *args):
    """A timer for :func:`side_by_side`: one run timed inside C by ``timer(1, times, *args)``."""
    times = np.zeros(1)
    tp = _ptr(times)
    def one():
        timer(ctypes.c_int(1), tp, *args)
        return times[0]
    return one


def side_by_side(timers: dict, rounds: int) -> dict:
    """Median seconds of each timer, the timers taking turns run by run (the machine's load then
    falls on all of them alike, so that their ratios hold even when the absolute times drift)."""
    for one in timers.values():
        one()
    ts = {k: [] for k in timers}
    for _ in range(rounds):
        for k, one in timers.items():
            ts[k].append(one())
    return {k: statistics.median(v) for k, v in ts.items()}


@njit
def _numba_empty(k0, E, n, brl, T, C, xi, out):
    """numba's dispatch cost with sphere_rate_table's arguments: a kernel that does nothing."""
    return None


def run() -> dict:
    """Seconds per batch for each implementation (medians), plus call overheads; keys starting with _ are notes."""
    args = batch()
    k0, E, n, brl, T, C, xi = args
    shape = (len(T), len(k0), len(xi))
    total = float(np.prod(shape))
    out = np.empty(shape)
    rates.sphere_rate_table(*args, out)
    rates.sphere_rate_table_parallel(*args, out)
    timers = {"numba serial": timed_in_python(lambda: rates.sphere_rate_table(*args, out))}
    res = {}
    with tempfile.TemporaryDirectory() as d:
        dll, note = compile_c(Path(d))
        if dll is not None:
            out_c = np.empty(shape)
            arrs = [np.ascontiguousarray(a) for a in (k0, E, n, brl, T, C, xi)]
            dims = [ctypes.c_int(s) for s in shape]
            ptrs = [_ptr(a) for a in arrs] + [_ptr(out_c)]
            dll.sphere_rate_table(*dims, *ptrs)
            assert np.allclose(out_c, out, rtol=1e-12), "C reference disagrees with the numba kernel"
            ptrs[-1] = _ptr(out)  # from here on C writes where numba writes: the same buffers
            timers["C reference"] = timed_in_c(dll.time_sphere_rate_table, *dims, *ptrs)
            # what the former C row counted on top of the kernel: pointers built and passed by ctypes
            timers["_ctypes call"] = timed_in_python(lambda: dll.empty_call(
                *[ctypes.c_int(s) for s in shape], *[_ptr(a) for a in arrs], _ptr(out)))
            timers["_C through ctypes"] = timed_in_python(lambda: dll.sphere_rate_table(
                *[ctypes.c_int(s) for s in shape], *[_ptr(a) for a in arrs], _ptr(out)))
            res["_c_flags"] = note
        _numba_empty(*args, out)
        timers["_numba dispatch"] = timed_in_python(lambda: _numba_empty(*args, out))
        res.update(side_by_side(timers, 301))
    # on its own: OpenMP's threads spin for a while after each parallel run, which would slow
    # whatever ran next on the same cores
    par = timed_in_python(lambda: rates.sphere_rate_table_parallel(*args, out))
    t_par = [par() for _ in range(301)]
    res["numba parallel"] = statistics.median(t_par)
    res["_numba parallel fastest"] = min(t_par)  # what it does when both cores happen to be free
    res["NumPy (twin)"] = median(lambda: rates.sphere_rate_table_numpy(*args), 20)
    small = batch(n_cells=20)
    t_py = median(lambda: pure_python(*[a.tolist() for a in small]), 3)
    res["pure Python"] = t_py * len(T) / 20  # same per-rate cost, scaled to the batch
    res["_total"] = total
    return res


def pointwise(n_points: int = 1_000_000, seed: int = 1) -> dict:
    """The general pointwise kernel (rates.rate_batch, chemical control on spheres, first order) on
    n_points random (T, C, X), against its NumPy twin and C builds of the same arithmetic timed in C.

    Seconds per batch (medians); "_C flags" holds the compiler flags of each C row.
    """
    p = rates.make_params("chemical", 3, k0=9.8, E=135200.0, n=1.0, L=1.25e-6, rho_m=13590.0, b=5.78)
    rng = np.random.default_rng(seed)
    T, C, X = rng.uniform(1073, 1223, n_points), rng.uniform(0, 10, n_points), rng.uniform(0, 1, n_points)
    out = np.empty(n_points)
    rates.rate_batch(p, T, C, X, out)
    timers = {"numba": timed_in_python(lambda: rates.rate_batch(p, T, C, X, out)),
              "NumPy twin": timed_in_python(lambda: rates.rate_numpy(p, T, C, X))}
    flags = {}
    with tempfile.TemporaryDirectory() as d:
        for flavour in C_FLAGS:
            dll, note = compile_c(Path(d), flavour)
            if dll is None:
                break
            out_c = np.empty(n_points)
            args = [ctypes.c_int(n_points), _ptr(p), _ptr(T), _ptr(C), _ptr(X), _ptr(out_c)]
            dll.rate_chemical(*args)
            assert np.allclose(out_c, out, rtol=1e-12, atol=0.0), f"C ({flavour}) disagrees with rates.rate_batch"
            timers[f"C {flavour}"] = timed_in_c(dll.time_rate_chemical, *args)
            flags[f"C {flavour}"] = note
        res = side_by_side(timers, 21)
    res["_C flags"] = flags
    return res


if __name__ == "__main__":
    r = run()
    total = r.pop("_total")
    flags = r.pop("_c_flags", "")
    for k, t in r.items():
        if k.startswith("_"):
            print(f"{k[1:]:20s} {t * 1e6:10.2f} us per call")
        else:
            print(f"{k:20s} {total / t / 1e6:10.1f} M rates/s")
    print(flags)
    pw = pointwise()
    pw_flags = pw.pop("_C flags")
    for k, t in pw.items():
        print(f"pointwise {k:12s} {1e6 / t / 1e6:8.1f} M/s  {pw_flags.get(k, '')}")
