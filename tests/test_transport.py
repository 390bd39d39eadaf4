"""clc.transport: the numba viscosity and conductivity kernels against Cantera (their reference twin)."""

import numpy as np
import pytest

from clc import thermo, transport

SPECIES = ("CH4", "CO2", "H2O", "N2", "Ar", "CO", "H2")


def test_kernels_equal_cantera_mixture_averaged_transport():
    gt = transport.GasTransport(SPECIES)
    vpoly, kpoly = gt.polynomials()
    M = np.array([thermo.species(s).molar_mass for s in SPECIES])
    wm, wd = transport.wilke_factors(M)
    n = len(SPECIES)
    mu, lam, phi = np.empty(n), np.empty(n), np.empty((n, n))
    rng = np.random.default_rng(1)
    for _ in range(30):
        F = rng.uniform(0.0, 5.0, n)
        F[rng.integers(n)] = 0.0
        T = rng.uniform(300.0, 2500.0)
        v, k = transport.transport_nb(T, F, vpoly, kpoly, wm, wd, mu, lam, phi)
        v_c, k_c = gt.both(T, 1e5, F)
        assert v == pytest.approx(v_c, rel=1e-12) and k == pytest.approx(k_c, rel=1e-12)
        # Wilke's rule at a fixed temperature from the pure-gas data there
        mu_k, phi_kj = gt.wilke(T)
        assert transport.viscosity_nb(F, mu_k, phi_kj) == pytest.approx(gt(T, 1e5, F), rel=1e-12)
    # Cantera's mixture viscosity does not depend on pressure (what lets a kernel fix T only)
    assert gt(1000.0, 1e4, F) == pytest.approx(gt(1000.0, 1e6, F), rel=1e-14)


def test_pure_gas_viscosity_and_a_species_without_data():
    gt = transport.GasTransport(("N2",))
    # N2 at 300 K and 1 bar: 17.9 uPa s (Lemmon & Jacobsen, Int. J. Thermophys. 25 (2004) 21); the
    # GRI-Mech 3.0 Lennard-Jones data give 18.09 (1.1% above)
    assert gt(300.0, 1e5, np.array([1.0])) == pytest.approx(17.9e-6, rel=0.02)
    with pytest.raises(ValueError, match="'Fe2O3' has no transport data"):
        transport.GasTransport(("N2", "Fe2O3"))
