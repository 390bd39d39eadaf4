"""Kinetics kernel benchmark: rate evaluations per second, one representative batch.

The batch: 400 height cells x 3 reactions (CH4, H2, CO on activated ilmenite) x 200 particle
conversion classes = 240 000 rates. Five implementations of the same arithmetic: pure Python
loops, vectorised NumPy (the twin), numba serial, numba parallel, and a plain C reference
compiled here with the system compiler (-O3 -march=native -ffast-math).
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

from clc import rates
from clc.constants import R

C_SOURCE = r"""
#include <math.h>
#include <stddef.h>
void sphere_rate_table(int nc, int nr, int nq, const double *restrict k0, const double *restrict E,
                       const double *restrict n, const double *restrict brl, const double *restrict T,
                       const double *restrict C, const double *restrict xi, double *restrict out) {
    for (int i = 0; i < nc; i++) {
        double inv_rt = 1.0 / (R_GAS * T[i]);
        for (int j = 0; j < nr; j++) {
            double c = C[i * nr + j], kap;
            if (c <= 0.0) kap = 0.0;
            else if (n[j] == 1.0) kap = brl[j] * k0[j] * exp(-E[j] * inv_rt) * c;
            else kap = brl[j] * k0[j] * exp(-E[j] * inv_rt + n[j] * log(c));
            double kap3 = 3.0 * kap;
            double *restrict row = out + ((size_t)i * nr + j) * nq;
            for (int q = 0; q < nq; q++) row[q] = kap3 * xi[q] * xi[q];
        }
    }
}
"""


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


def compile_c(workdir: Path):
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        return None, "no C compiler found"
    src = workdir / "kernel.c"
    src.write_text(C_SOURCE.replace("R_GAS", repr(R)))
    lib = workdir / "kernel.so"
    cmd = [cc, "-O3", "-march=native", "-ffast-math", "-shared", "-fPIC", str(src), "-o", str(lib), "-lm"]
    subprocess.run(cmd, check=True, capture_output=True)
    dll = ctypes.CDLL(str(lib))
    dll.sphere_rate_table.restype = None
    return dll.sphere_rate_table, " ".join(Path(c).name if i == 0 else c for i, c in enumerate(cmd[:5]))


def median(fn, repeat):
    ts = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def run() -> dict:
    args = batch()
    k0, E, n, brl, T, C, xi = args
    shape = (len(T), len(k0), len(xi))
    total = float(np.prod(shape))
    out = np.empty(shape)
    rates.sphere_rate_table(*args, out)
    rates.sphere_rate_table_parallel(*args, out)
    res = {}
    res["numba serial"] = median(lambda: rates.sphere_rate_table(*args, out), 50)
    res["numba parallel"] = median(lambda: rates.sphere_rate_table_parallel(*args, out), 50)
    res["NumPy (twin)"] = median(lambda: rates.sphere_rate_table_numpy(*args), 20)
    small = batch(n_cells=20)
    t_py = median(lambda: pure_python(*[a.tolist() for a in small]), 3)
    res["pure Python"] = t_py * len(T) / 20  # same per-rate cost, scaled to the batch
    with tempfile.TemporaryDirectory() as d:
        fn, note = compile_c(Path(d))
        if fn is not None:
            dp = ctypes.POINTER(ctypes.c_double)
            ptr = lambda a: np.ascontiguousarray(a).ctypes.data_as(dp)
            out_c = np.empty(shape)
            arrs = [np.ascontiguousarray(a) for a in (k0, E, n, brl, T, C, xi)]
            call = lambda: fn(ctypes.c_int(shape[0]), ctypes.c_int(shape[1]), ctypes.c_int(shape[2]),
                              *[ptr(a) for a in arrs], ptr(out_c))
            call()
            assert np.allclose(out_c, out, rtol=1e-12), "C reference disagrees with the numba kernel"
            res["C reference"] = median(call, 50)
            res["_c_flags"] = note
    res["_total"] = total
    return res


if __name__ == "__main__":
    r = run()
    total = r.pop("_total")
    flags = r.pop("_c_flags", "")
    for k, t in r.items():
        print(f"{k:16s} {total / t / 1e6:10.1f} M rates/s")
    print(flags)
