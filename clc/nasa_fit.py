"""Fit NASA-9 polynomials to published heat-capacity equations.

Mineral and oxide data (Robie & Hemingway 1995; Berman 1988; OECD/NEA) give Cp as a sum of
powers of T, e.g. ``Cp = a + b T + c T^-2 + d T^-0.5``, plus dHf and S at 298.15 K. Cantera
reads NASA-9 polynomials, which lack the T^-0.5 and T^-3 terms, so each source segment is
fitted by least squares on a dense grid; the integration constants b1, b2 are then set so
that H and S equal the source's own integrals at the start of every segment (exact at
298.15 K, and continuous across segments). The fit's largest errors in Cp, H and S are
returned and written into the species file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .constants import R

T_REF = 298.15


@dataclass(frozen=True)
class CpSegment:
    """Cp [J/(mol K)] = sum(c T^p) on [T_min, T_max]."""

    T_min: float
    T_max: float
    exponents: tuple[float, ...]
    coefficients: tuple[float, ...]

    def cp(self, T):
        T = np.asarray(T, float)
        return sum(c * T**p for c, p in zip(self.coefficients, self.exponents))

    def dh(self, T0: float, T):
        """Integral of Cp dT from T0 to T."""
        T = np.asarray(T, float)
        out = 0.0
        for c, p in zip(self.coefficients, self.exponents):
            out = out + (c * np.log(T / T0) if p == -1 else c * (T ** (p + 1) - T0 ** (p + 1)) / (p + 1))
        return out

    def ds(self, T0: float, T):
        """Integral of Cp/T dT from T0 to T."""
        T = np.asarray(T, float)
        out = 0.0
        for c, p in zip(self.coefficients, self.exponents):
            out = out + (c * np.log(T / T0) if p == 0 else c * (T**p - T0**p) / p)
        return out


@dataclass(frozen=True)
class SourceThermo:
    """A species' published thermo: H298 [J/mol], S298 [J/(mol K)], Cp segments."""

    H298: float
    S298: float
    segments: tuple[CpSegment, ...]

    @classmethod
    def from_dict(cls, d: dict) -> "SourceThermo":
        segs = tuple(CpSegment(float(s["T_min"]), float(s["T_max"]), tuple(map(float, s["exponents"])),
                               tuple(map(float, s["coefficients"]))) for s in d["segments"])
        return cls(float(d["H298"]), float(d["S298"]), segs)

    def _start_values(self) -> list[tuple[float, float]]:
        h, s, out = self.H298, self.S298, []
        for seg in self.segments:
            out.append((h, s))
            h = h + float(seg.dh(seg.T_min, seg.T_max))
            s = s + float(seg.ds(seg.T_min, seg.T_max))
        return out

    def _locate(self, T: float) -> int:
        for i, seg in enumerate(self.segments):
            if T <= seg.T_max:
                return i
        return len(self.segments) - 1

    def cp(self, T: float) -> float:
        return float(self.segments[self._locate(T)].cp(T))

    def h(self, T: float) -> float:
        i = self._locate(T)
        seg = self.segments[i]
        return self._start_values()[i][0] + float(seg.dh(seg.T_min, T))

    def s(self, T: float) -> float:
        i = self._locate(T)
        seg = self.segments[i]
        return self._start_values()[i][1] + float(seg.ds(seg.T_min, T))


def _cp_basis(T):
    return np.stack([T**-2, T**-1, np.ones_like(T), T, T**2, T**3, T**4], axis=1)


def _h_rt_poly(a, T):
    return -a[0] / T**2 + a[1] * math.log(T) / T + a[2] + a[3] * T / 2 + a[4] * T**2 / 3 + a[5] * T**3 / 4 + a[6] * T**4 / 5


def _s_r_poly(a, T):
    return -a[0] / (2 * T**2) - a[1] / T + a[2] * math.log(T) + a[3] * T + a[4] * T**2 / 2 + a[5] * T**3 / 3 + a[6] * T**4 / 4


def fit_nasa9(src: SourceThermo, split_at: tuple[float, ...] = (1000.0,),
              n_terms: int = 5) -> tuple[list[tuple[float, float, list[float]]], dict[str, float]]:
    """Fit NASA-9 segments to ``src``.

    Each source segment is cut further at the temperatures in ``split_at``; ``n_terms``
    chooses which of the seven cp/R terms are used (5: T^-2, T^-1, 1, T, T^2, which keeps
    the fit smooth). Returns ``[(T_lo, T_hi, [a1..a7, b1, b2]), ...]`` and the largest
    absolute errors ``{"cp": J/(mol K), "h": J/mol, "s": J/(mol K)}`` on a 1 K grid.
    """
    pieces = []
    for seg in src.segments:
        cuts = [seg.T_min, *[t for t in split_at if seg.T_min < t < seg.T_max], seg.T_max]
        pieces += list(zip(cuts[:-1], cuts[1:]))
    out = []
    for lo, hi in pieces:
        T = np.linspace(lo, hi, 400)
        y = np.array([src.cp(t) for t in (T * (1 - 1e-12) + lo * 1e-12)]) / R  # stay inside the segment
        basis = _cp_basis(T)[:, :n_terms]
        scale = np.abs(basis).max(axis=0)
        coef, *_ = np.linalg.lstsq(basis / scale, y, rcond=None)
        a = np.zeros(7)
        a[:n_terms] = coef / scale
        T0 = lo + 1e-9 if lo > T_REF else lo
        b1 = src.h(T0) / R - _h_rt_poly(a, T0) * T0
        b2 = src.s(T0) / R - _s_r_poly(a, T0)
        out.append((lo, hi, [*a.tolist(), float(b1), float(b2)]))
    errors = {"cp": 0.0, "h": 0.0, "s": 0.0}
    for lo, hi, c in out:
        for T in np.arange(lo + 0.5, hi, 1.0):
            errors["cp"] = max(errors["cp"], abs(R * float(_cp_basis(np.array([T]))[0] @ c[:7]) - src.cp(T)))
            errors["h"] = max(errors["h"], abs(R * T * (_h_rt_poly(c, T) + c[7] / T) - src.h(T)))
            errors["s"] = max(errors["s"], abs(R * (_s_r_poly(c, T) + c[8]) - src.s(T)))
    return out, errors
