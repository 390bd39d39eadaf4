"""Gas transport properties: viscosity and thermal conductivity of gas mixtures.

Cantera's mixture-averaged model with the GRI-Mech 3.0 transport data of ``gri30.yaml`` (Smith et al.,
GRI-Mech 3.0, 1999, http://combustion.berkeley.edu/gri-mech/): Wilke's rule for the mixture viscosity
(Wilke, J. Chem. Phys. 18 (1950) 517) and the mean of the series and parallel conductivities for the
mixture conductivity (Mathur, Tondon & Saxena, Mol. Phys. 12 (1967) 569). :class:`GasTransport` calls
Cantera (the reference twin); the numba kernels evaluate the same rules from Cantera's own pure-gas
fits, equal to Cantera to ~1e-13 (tests/test_transport.py).
"""

from __future__ import annotations

import functools
import math

import numpy as np
from numba import njit

# clc gas names whose GRI-Mech 3.0 (gri30.yaml) name differs
_GRI_NAMES = {"Ar": "AR"}


@functools.cache
def gri30():
    import cantera as ct

    return ct.Solution("gri30.yaml", transport_model="mixture-averaged")


class GasTransport:
    """Viscosity and thermal conductivity of a set of gas species, Cantera mixture-averaged (GRI-Mech 3.0
    data): the reference twin of the kernels below, and the source of their data."""

    def __init__(self, species: tuple[str, ...], needed_for: str = "the Ergun pressure drop needs its viscosity"):
        self.gas = gri30()
        names = self.gas.species_names
        idx = []
        for s in species:
            gri = _GRI_NAMES.get(s, s)
            if gri not in names:
                raise ValueError(f"gas species {s!r} has no transport data in gri30.yaml; {needed_for}")
            idx.append(names.index(gri))
        self.idx = np.array(idx)
        self.x = np.zeros(self.gas.n_species)

    def __call__(self, T: float, P: float, F: np.ndarray) -> float:
        self.x[:] = 0.0
        self.x[self.idx] = np.maximum(F, 0.0)
        self.gas.TPX = T, P, self.x
        return float(self.gas.viscosity)

    def wilke(self, T: float) -> tuple[np.ndarray, np.ndarray]:
        """(pure-gas viscosities mu_k, Wilke's phi_kj) at T: the data of :func:`viscosity_nb`.

        Cantera's mixture-averaged viscosity is Wilke's rule (Wilke, J. Chem. Phys. 18 (1950)
        517) over pure-gas viscosities that depend on T only, so at fixed T these arrays give it.
        """
        self.gas.TPX = T, 101325.0, {self.gas.species_names[self.idx[0]]: 1.0}
        mu = np.asarray(self.gas.species_viscosities)[self.idx]
        M = np.asarray(self.gas.molecular_weights)[self.idx]
        phi = ((1.0 + np.sqrt(mu[:, None] / mu[None, :]) * (M[None, :] / M[:, None]) ** 0.25) ** 2
               / np.sqrt(8.0 * (1.0 + M[:, None] / M[None, :])))
        return mu, phi

    def both(self, T: float, P: float, F: np.ndarray) -> tuple[float, float]:
        """(viscosity [Pa s], thermal conductivity [W/(m K)]) of the mixture, Cantera mixture-averaged."""
        self.x[:] = 0.0
        self.x[self.idx] = np.maximum(F, 0.0)
        self.gas.TPX = T, P, self.x
        return float(self.gas.viscosity), float(self.gas.thermal_conductivity)

    def polynomials(self) -> tuple[np.ndarray, np.ndarray]:
        """Cantera's fits of the pure-gas viscosities and conductivities: the data of :func:`transport_nb`.

        mu_k = sqrt(T) (sum_i a_ki ln(T)^i)^2, lam_k = sqrt(T) sum_i b_ki ln(T)^i (Cantera's
        GasTransport, non-CHEMKIN mode; the test suite holds this reading equal to Cantera).
        """
        v = np.array([self.gas.get_viscosity_polynomial(int(k)) for k in self.idx])
        c = np.array([self.gas.get_thermal_conductivity_polynomial(int(k)) for k in self.idx])
        return v, c


@njit(cache=True)
def viscosity_nb(F, mu, phi):
    """Wilke's mixture viscosity [Pa s] of flows F (twin: :meth:`GasTransport.__call__`, Cantera)."""
    tot = 0.0
    for k in range(F.shape[0]):
        tot += max(F[k], 0.0)
    s = 0.0
    for k in range(F.shape[0]):
        xk = max(F[k], 0.0) / tot
        if xk > 0.0:
            d = 0.0
            for j in range(F.shape[0]):
                d += phi[k, j] * max(F[j], 0.0) / tot
            s += xk * mu[k] / d
    return s


@njit(cache=True, error_model="numpy")
def poly_lnT_nb(c, k, lnT):
    """sum_i c[k, i] lnT^i (Cantera's fits of the pure-gas transport properties)."""
    s = 0.0
    for i in range(c.shape[1] - 1, -1, -1):
        s = s * lnT + c[k, i]
    return s


@njit(cache=True, error_model="numpy")
def transport_nb(T, F, vpoly, kpoly, wm, wd, mu, lam, phi):
    """(viscosity [Pa s], thermal conductivity [W/(m K)]) of gas flows F at T [K].

    Cantera's mixture-averaged model (twin: :meth:`GasTransport.both`, Cantera itself): the pure-gas
    viscosities mu_k = sqrt(T) a_k^2, a_k = sum_i a_ki lnT^i, and conductivities
    lam_k = sqrt(T) sum_i b_ki lnT^i of Cantera's fits (``get_viscosity_polynomial``,
    ``get_thermal_conductivity_polynomial``); Wilke's rule for the mixture viscosity, with
    phi_kj = (1 + sqrt(mu_k/mu_j) (M_j/M_k)^(1/4))^2 / sqrt(8 (1 + M_k/M_j)) = (1 + |a_k/a_j| wm_kj)^2 wd_kj
    (wm, wd: the molar-mass factors, from :func:`wilke_factors`), and
    lam = (sum x_k lam_k + 1 / sum(x_k / lam_k)) / 2 (Mathur, Tondon & Saxena, Mol. Phys. 12
    (1967) 569) for the mixture conductivity, as Cantera's MixTransport computes them. mu, lam,
    phi are work arrays.
    """
    n = F.shape[0]
    lnT = math.log(T)
    sqT = math.sqrt(T)
    for k in range(n):
        a = poly_lnT_nb(vpoly, k, lnT)
        mu[k] = sqT * a * a
        lam[k] = sqT * poly_lnT_nb(kpoly, k, lnT)
        phi[k, k] = abs(a)  # sqrt(mu_k) / T^(1/4), for the loop below
    for k in range(n):
        for j in range(n):
            if j != k:
                r = 1.0 + phi[k, k] / phi[j, j] * wm[k, j]
                phi[k, j] = r * r * wd[k, j]
    for k in range(n):
        phi[k, k] = 4.0 * wd[k, k]  # (1 + 1)^2 / sqrt(16)
    visc = viscosity_nb(F, mu, phi)
    tot = 0.0
    for k in range(n):
        tot += max(F[k], 0.0)
    s1 = 0.0
    s2 = 0.0
    for k in range(n):
        x = max(F[k], 0.0) / tot
        s1 += x * lam[k]
        s2 += x / lam[k]
    return visc, 0.5 * (s1 + 1.0 / s2)


def wilke_factors(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(wm, wd) of Wilke's phi_kj: wm_kj = (M_j/M_k)^(1/4), wd_kj = 1/sqrt(8 (1 + M_k/M_j))."""
    wm = (M[None, :] / M[:, None]) ** 0.25
    wd = 1.0 / np.sqrt(8.0 * (1.0 + M[:, None] / M[None, :]))
    return np.ascontiguousarray(wm), np.ascontiguousarray(wd)
