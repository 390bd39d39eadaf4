"""Riser hydrodynamics (clc.riser): conservation, limits, the sources' worked example, bad input."""

import math

import numpy as np
import pytest

from clc import riser as r
from clc.constants import G

# Kunii & Levenspiel 1991, ch. 8, Example 1 (p. 206), as coded in the FOSSEE Scilab companion:
# 0.4 m x 10 m vessel, 55 um solids of 1000 kg/m3, eps_mf = 0.5, eps* = 0.01, a u0 = 3 s^-1,
# eps_sd = 0.2, 0.16, 0.14 at u0 = 2, 4, 6 m/s (read by K&L from "Fig. 8(b)", as the companion cites it).
KL_EX = dict(height=10.0, diameter=0.4, rho_p=1000.0, eps_star=0.01, a_u0=3.0)
KL_EPS_SD = {2.0: 0.2, 4.0: 0.16, 6.0: 0.14}
KL_EPS_MF = 0.5
UT_FINE = 0.1  # m/s, only for the u0 > u_t check (55 um solids fall far slower than 2 m/s)

# an illustrative air-reactor riser (CHEERS-type geometry of clc/examples; the zone parameters
# are test inputs, not published values for ilmenite)
AR = dict(height=15.0, diameter=1.2, rho_p=4250.0)
UT_ILM = r.terminal_velocity(150e-6, 4250.0, 0.288, 4.9e-5)


def _kl(u0=4.0, **kw):
    args = dict(KL_EX, u0=u0, u_t=UT_FINE, eps_dense=KL_EPS_SD[u0])
    args.update(kw)
    return r.kunii_levenspiel_profile(**args)


def _ch(u0=3.8, inventory=2500.0, solids_flux=26.5, eps_bottom=0.3, u_t=UT_ILM):
    return r.chalmers_profile(u0=u0, u_t=u_t, eps_bottom=eps_bottom, inventory=inventory,
                              solids_flux=solids_flux, **AR)


# ---------------------------------------------------------------- the source's worked example
@pytest.mark.parametrize("u0", [2.0, 4.0, 6.0])
def test_kunii_levenspiel_example_1_modes(u0):
    """K&L ch. 8 Example 1: Mode II (Gs = 100 given) and Mode I (L_mf = 2.4 m given) agree with
    the chapter's eqs. (4), (7), (10) evaluated here independently of the module."""
    eps_sd, a = KL_EPS_SD[u0], 3.0 / u0
    area = math.pi * 0.4**2 / 4
    # Mode II: eps_se from eq. (4), H_f from eq. (7), L_mf from eq. (10)
    eps_se = 100.0 / (1000.0 * u0)
    h_f = math.log((eps_sd - 0.01) / (eps_se - 0.01)) / a
    l_mf = ((eps_sd - eps_se) / a + 10.0 * eps_sd - h_f * (eps_sd - 0.01)) / (1 - KL_EPS_MF)
    p = _kl(u0, solids_flux=100.0)
    assert p.height - p.dense_height == pytest.approx(h_f, rel=1e-12)
    assert p.eps_exit == pytest.approx(eps_se, rel=1e-12)
    assert p.inventory == pytest.approx(l_mf * (1 - KL_EPS_MF) * 1000.0 * area, rel=1e-12)
    # Mode I: the 2.4 m bed (W = rho_s A L_mf (1 - eps_mf)); eq. (10) must hold at the solution
    w = 1000.0 * area * 2.4 * (1 - KL_EPS_MF)
    q = _kl(u0, inventory=w)
    h_f = q.height - q.dense_height
    eps_se = 0.01 + (eps_sd - 0.01) * math.exp(-a * h_f)
    assert 2.4 * (1 - KL_EPS_MF) == pytest.approx((eps_sd - eps_se) / a + 10 * eps_sd - h_f * (eps_sd - 0.01),
                                                  rel=1e-10)
    assert q.solids_flux == pytest.approx(1000.0 * u0 * eps_se, rel=1e-10)


def test_kunii_levenspiel_example_1_values():
    # u0 = 4 m/s, Gs = 100: eps_se = 0.025, H_f = ln(10)/0.75, L_mf = 2.639 m (closed form)
    p = _kl(4.0, solids_flux=100.0)
    assert p.height - p.dense_height == pytest.approx(math.log(10.0) / 0.75, rel=1e-12)
    assert float(p.holdup(10.0)) / (1 - KL_EPS_MF) == pytest.approx(2.6390, abs=1e-4)


# ---------------------------------------------------------------- conservation
@pytest.mark.parametrize("build", [
    lambda: _kl(4.0, solids_flux=100.0),
    lambda: _kl(2.0, inventory=120.0),
    lambda: _kl(6.0, inventory=16.0),  # lean-only extension (no dense region)
    lambda: _ch(),
    lambda: _ch(u0=6.0, inventory=4000.0, solids_flux=10.0),
])
def test_cells_conserve_inventory_and_pressure_drop(build):
    p = build()
    area = math.pi * p.diameter**2 / 4
    for edges in (np.linspace(0, p.height, 7), r.cell_edges(p, 0.37, 5),
                  np.concatenate([[0.0], np.sort(np.random.default_rng(1).uniform(0, p.height, 40)), [p.height]])):
        m = r.cell_masses(p, edges)
        assert np.all(m > 0)
        assert m.sum() == pytest.approx(p.inventory, rel=1e-12)
    assert p.pressure_drop == pytest.approx(p.inventory * G / area, rel=1e-12)
    # the holdup integral agrees with quadrature of the profile
    z = np.linspace(0, p.height, 200001)
    eps = p.solids_fraction(z)
    assert np.sum(0.5 * (eps[1:] + eps[:-1]) * np.diff(z)) == pytest.approx(float(p.holdup(p.height)), rel=1e-6)


def test_profile_continuous_and_exit_flux():
    for p in (_kl(4.0, solids_flux=100.0), _ch()):
        hd = p.dense_height
        below, above = p.solids_fraction([hd - 1e-9, hd + 1e-9])
        assert below == pytest.approx(above, rel=1e-6)
        assert p.circulation == pytest.approx(p.solids_flux * math.pi * p.diameter**2 / 4)
    p = _kl(4.0, solids_flux=100.0)
    assert float(p.solids_fraction(p.height)) == pytest.approx(p.eps_exit, rel=1e-12)


def test_flux_and_inventory_routes_agree():
    p = _kl(4.0, solids_flux=60.0)
    q = _kl(4.0, inventory=p.inventory)
    assert q.dense_height == pytest.approx(p.dense_height, rel=1e-9)
    assert q.solids_flux == pytest.approx(60.0, rel=1e-9)


# ---------------------------------------------------------------- limits
def test_more_inventory_taller_dense_zone_more_circulation():
    area = math.pi * 0.4**2 / 4
    ws = np.linspace(1000 * area * 0.0105 * 10, 1000 * area * 0.16 * 10, 25)
    hd = [_kl(4.0, inventory=w).dense_height for w in ws]
    gs = [_kl(4.0, inventory=w).solids_flux for w in ws]
    assert np.all(np.diff(hd) > 0) and np.all(np.diff(gs) > 0)
    # full riser: the dense region fills it and the exit carries eps_sd
    full = _kl(4.0, inventory=ws[-1])
    assert full.dense_height == pytest.approx(10.0, rel=1e-9)
    assert full.eps_exit == pytest.approx(0.16, rel=1e-9)
    # Chalmers: at fixed circulation more solids raise the bottom bed
    hb = [_ch(inventory=w).dense_height for w in (2000.0, 3000.0, 5000.0, 10000.0)]
    assert np.all(np.diff(hb) > 0)


def test_lean_only_extension_when_inventory_is_small():
    p = _kl(4.0, inventory=20.0)
    assert p.dense_height < 0
    assert float(p.solids_fraction(0.0)) < 0.16
    assert p.inventory == pytest.approx(20.0)
    # joins the published model continuously at H_d = 0
    area = math.pi * 0.4**2 / 4
    w0 = 1000 * area * float(r._holdup(r.KUNII_LEVENSPIEL, 10.0, 10.0, 0.0, 0.16, 0.75, 0.01, math.nan, math.nan))
    assert _kl(4.0, inventory=w0 * (1 - 1e-9)).dense_height == pytest.approx(0.0, abs=1e-6)
    assert _kl(4.0, inventory=w0 * (1 + 1e-9)).dense_height == pytest.approx(0.0, abs=1e-6)


def test_decay_constants_as_the_sources_give_them():
    # K&L: a u0 is a constant of the solids, so the decay length u0/(a u0) grows with u0
    for u0 in (2.0, 4.0, 6.0):
        assert _kl(u0, solids_flux=100.0).a * u0 == pytest.approx(3.0)
    # Chalmers: a u0 / u_t = 4 and K (u0 - u_t) = 0.23 m/s... per metre
    u_t = 0.9
    us = u_t + np.array([3.0, 1.0, 0.3, 0.1, 0.01])
    ks = []
    for u0 in us:
        a, k = r.chalmers_decay_constants(u0, u_t)
        assert a * u0 / u_t == pytest.approx(4.0)
        assert k * (u0 - u_t) == pytest.approx(0.23)
        ks.append(k)
    assert np.all(np.diff(ks) > 0) and ks[-1] > 20.0  # K -> infinity as u0 -> u_t
    assert r.chalmers_decay_constants(u_t + 1e-9, u_t)[1] > 1e7
    # approaching u_t the dispersed solids pile up ever more steeply below the exit: at the
    # same exit flux, their fraction 1 m below the top over that at the top is exp(K * 1 m),
    # and the bottom bed must rise to hold the same inventory
    ratios, hb = [], []
    for u0 in (4.0, 2.0, 1.2):
        p = _ch(u0=u0, u_t=u_t, inventory=15000.0, solids_flux=5.0)
        top, below = p.dispersed_fraction([15.0, 14.0])
        assert below / top == pytest.approx(math.exp(p.K))
        assert top == pytest.approx(5.0 / (4250.0 * u0))  # the flux out of the top
        assert float(p.holdup(15.0)) * 4250.0 * p.area == pytest.approx(15000.0)
        ratios.append(below / top)
        hb.append(p.dense_height)
    assert np.all(np.diff(ratios) > 0) and np.all(np.diff(hb) > 0)
    with pytest.raises(ValueError, match=r"u0=0\.9.*allowed range"):
        r.chalmers_decay_constants(0.9, 0.9)


def test_splash_zone_top_is_where_cluster_and_dispersed_terms_meet():
    p = _ch()
    hs = p.splash_height
    assert p.dense_height < hs < p.height
    eps_db = p.eps_exit * math.exp(p.K * (p.height - p.dense_height))
    cluster = (p.eps_dense - eps_db) * math.exp(-p.a * (hs - p.dense_height))
    dispersed = p.eps_exit * math.exp(p.K * (p.height - hs))
    assert cluster == pytest.approx(dispersed, rel=1e-10)


def test_terminal_velocity_limits():
    # small particles: Stokes' law u_t = g d^2 (rho_p - rho_g) / (18 mu)
    d, rho_p, rho_g, mu = 5e-6, 2500.0, 1.2, 1.8e-5
    stokes = G * d**2 * (rho_p - rho_g) / (18 * mu)
    assert r.terminal_velocity(d, rho_p, rho_g, mu) == pytest.approx(stokes, rel=0.01)
    ds = np.geomspace(20e-6, 5e-3, 30)
    ut = [r.terminal_velocity(x, rho_p, rho_g, mu) for x in ds]
    assert np.all(np.diff(ut) > 0)
    assert r.terminal_velocity(500e-6, rho_p, rho_g, mu, sphericity=0.6) < r.terminal_velocity(500e-6, rho_p, rho_g, mu)


# ---------------------------------------------------------------- contacting per cell
def test_cell_contacting_is_a_volume_balance():
    eps_mf = 0.5
    p = _kl(4.0, solids_flux=100.0)
    c = r.cells(p, r.cell_edges(p, 1.0), eps_mf=eps_mf)
    assert set(c.zone) == {"dense", "lean"}
    for k, zone in enumerate(c.zone):
        d = c.lean_gas_fraction[k]
        if zone == "dense":  # bubbles hold no solids, emulsion at 1 - eps_mf
            assert c.eps_s[k] == pytest.approx((1 - d) * (1 - eps_mf))
            assert c.solids_in_channel[k] == 0.0
        else:  # core at eps* (default), wall at 1 - eps_mf
            assert c.eps_s[k] == pytest.approx(d * p.eps_star + (1 - d) * (1 - eps_mf))
            assert c.solids_in_channel[k] == pytest.approx(d * p.eps_star / c.eps_s[k])
    assert c.mass.sum() == pytest.approx(p.inventory, rel=1e-12)
    ch = r.cells(_ch(), r.cell_edges(_ch(), 1.0), eps_mf=0.45)
    assert ch.zone[0] == "bottom" and "splash" in ch.zone and ch.zone[-1] == "transport"
    assert np.all(np.isnan(ch.lean_gas_fraction[np.array(ch.zone) == "transport"]))  # needs eps_core
    ch = r.cells(_ch(), r.cell_edges(_ch(), 1.0), eps_mf=0.45, eps_core=1e-4)
    assert np.all((ch.lean_gas_fraction >= 0) & (ch.lean_gas_fraction <= 1))


def test_cell_edges_respect_zones_and_limits():
    p = _ch()
    e = r.cell_edges(p, 0.5, 10)
    assert e[0] == 0.0 and e[-1] == pytest.approx(p.height)
    assert np.max(np.diff(e)) <= 0.5 + 1e-12 and len(e) - 1 >= 30
    assert np.any(np.isclose(e, p.dense_height)) and np.any(np.isclose(e, p.splash_height))


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("kw, field", [
    (dict(solids_flux=5.0), "solids_flux"),  # below rho u0 eps* = 40
    (dict(solids_flux=700.0), "solids_flux"),  # above rho u0 eps_sd = 640
    (dict(inventory=1e4), "inventory"),  # more than a full riser
    (dict(inventory=1.0), "inventory"),  # less than eps* everywhere
    (dict(solids_flux=100.0, eps_star=0.2), "eps_star"),
    (dict(solids_flux=100.0, eps_dense=1.2), "eps_dense"),
    (dict(solids_flux=100.0, a_u0=-1.0), "a_u0"),
    (dict(solids_flux=100.0, height=float("nan")), "height"),
    (dict(solids_flux=100.0, u_t=5.0), "u0"),
])
def test_bad_input_names_field_and_range(kw, field):
    with pytest.raises(ValueError, match=rf"{field}=.*allowed range"):
        _kl(4.0, **kw)


def test_bad_input_other():
    with pytest.raises(ValueError, match="exactly one"):
        _kl(4.0)
    with pytest.raises(ValueError, match="exactly one"):
        _kl(4.0, inventory=100.0, solids_flux=100.0)
    with pytest.raises(ValueError, match=r"inventory=1000.0 kg outside the allowed range \[\d"):
        _ch(inventory=1000.0)
    with pytest.raises(ValueError, match="sphericity"):
        r.terminal_velocity(150e-6, 4250.0, 0.3, 4.5e-5, sphericity=0.3)
    with pytest.raises(ValueError, match="rho_p"):
        r.terminal_velocity(150e-6, 0.2, 0.3, 4.5e-5)
    p = _kl(4.0, solids_flux=100.0)
    with pytest.raises(ValueError, match="edges"):
        r.cell_masses(p, [0.0, 5.0, 4.0])
    with pytest.raises(ValueError, match="edges span"):
        r.cell_masses(p, [0.0, 11.0])
    with pytest.raises(ValueError, match="eps_mf"):
        r.cells(p, [0.0, 10.0], eps_mf=1.0)
    with pytest.raises(ValueError, match="eps_core"):
        r.cells(p, [0.0, 10.0], eps_mf=0.5, eps_core=0.6)
