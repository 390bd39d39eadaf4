"""Isothermal bubbling fluidized bed with an oxygen carrier: the fuel and air reactors' core.

Gas, 1-D along the expanded bed height, two phases in the Kunii-Levenspiel tradition
(Kunii & Levenspiel, Fluidization Engineering, 2nd ed., 1991, ch. 6 and 12):

* bubbles carry the gas in excess of minimum fluidization, u0 - u_mf (two-phase theory,
  Toomey & Johnstone 1952), rise at u_b = u0 - u_mf + 0.711 sqrt(g d_b) and hold no solids;
  their size grows with height (Mori & Wen 1975, perforated plate with N orifices);
* the emulsion holds all solids at voidage eps_mf and carries gas at u_mf plus the gas the
  reactions make;
* bubble and emulsion exchange gas at K_be (bubble-cloud and cloud-emulsion resistances in
  series); the bubble fraction is delta = (u0 - u_mf) / u_b;
* each phase is a chain of ``n_cells`` stirred cells (tanks in series) marched upward.

Solids are perfectly mixed (CSTR residence-time distribution): every particle samples the
whole bed, so the bed's reactivity is set by the solids-weighted mean of sum_j b_j k_j
C_j^n_j / (rho_m,j L_j) and the population balance of :mod:`clc.population`. The local rate of
gas j in a cell is n_O,cell <g> kappa_j(C_j) / |o_j|, with kappa_j = 1/tau_j and o_j the O atoms
gas j exchanges with the solid. A scalar fixed point on <g> couples gas and solids; at the
solution the solids' oxygen balance equals the gas's exactly.

The water-gas shift is held at equilibrium in the emulsion where asked (Abad et al. 2010,
Combust. Flame 157, 602, take it so for CLC fuel reactors).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import brentq, root

from . import carriers, gas, hydrodynamics, population, rates
from .constants import G, R

M_O = 0.015999  # kg/mol, IUPAC standard atomic weight of O


@dataclass(frozen=True)
class BedInput:
    """Everything a bubbling-bed solve needs, in SI units."""

    carrier: str
    reacting_gases: tuple[str, ...]  # gases that react with the carrier, e.g. ("CH4", "CO", "H2")
    T: float  # K
    P: float  # Pa, at the bed top
    feed: np.ndarray  # mol/s of each gas.SPECIES
    inventory: float  # kg of solids (oxidised basis)
    solids_flow: float  # kg/s through the bed (oxidised basis)
    x_in: float  # conversion of the entering solids in this bed's reaction direction
    diameter: float  # m
    n_orifices: int
    d_p: float  # m, particle diameter
    rho_p: float  # kg/m3, particle density
    eps_mf: float  # voidage at minimum fluidization
    n_cells: int = 20
    wgs_equilibrium: bool = True
    extrapolate_kinetics: bool = False


@dataclass
class BedResult:
    """Outlet, profiles and hydrodynamics of one bed."""

    outlet: np.ndarray  # mol/s of each gas.SPECIES leaving the bed top
    x_out: float  # mean conversion of the leaving solids
    g_mean: float  # population-averaged reactivity factor <g>
    tau_eff: float  # s, effective full-conversion time of a particle in the bed
    t_mean: float  # s, mean solids residence time
    oxygen_to_gas: float  # mol O/s the solids gave the gas (negative: taken from it)
    z: np.ndarray  # m, cell mid-heights
    y_bubble: np.ndarray  # (n_cells, n_species) mole fractions
    y_emulsion: np.ndarray
    hydro: dict = field(default_factory=dict)


def _kinetics(inp: BedInput):
    c = carriers.load(inp.carrier)
    if not inp.extrapolate_kinetics:
        c.check_temperature(inp.T)
    out = []
    fps = set()
    for g in inp.reacting_gases:
        if g not in c.reactions:
            continue  # the carrier has no kinetics for this gas: it passes unreacted
        r = c.reaction(g)
        if r.model != "chemical":
            raise ValueError(f"the bubbling-bed model needs chemical-control kinetics; {c.name}/{g} uses {r.model!r}")
        p = r.kernel_params()
        fps.add(int(p[rates.P_FP]))
        nu, o = gas.CARRIER_REACTIONS[g]
        out.append((g, p, gas.vector(nu), o))
    if len(fps) > 1:
        raise ValueError(f"carrier {c.name}: reactions with different grain shapes cannot share one population balance")
    fp = fps.pop() if fps else 3
    return c, out, fp


def _kappa(p: np.ndarray, T: float, C: float) -> float:
    """1/tau_j = b k C^n / (rho_m L) [1/s] (0 without gas)."""
    if C <= 0.0:
        return 0.0
    return 1.0 / rates.tau_chemical(p, T, C)


def _validate(inp: BedInput) -> None:
    checks = {
        "T": (inp.T, 0.0, math.inf), "P": (inp.P, 0.0, math.inf), "inventory": (inp.inventory, 0.0, math.inf),
        "solids_flow": (inp.solids_flow, 0.0, math.inf), "diameter": (inp.diameter, 0.0, math.inf),
        "d_p": (inp.d_p, 0.0, math.inf), "rho_p": (inp.rho_p, 0.0, math.inf), "eps_mf": (inp.eps_mf, 0.0, 1.0),
    }
    for name, (v, lo, hi) in checks.items():
        if not (math.isfinite(v) and lo < v < hi):
            raise ValueError(f"{name}={v!r} must lie in ({lo:g}, {hi:g})")
    if not 0.0 <= inp.x_in < 1.0:
        raise ValueError(f"x_in={inp.x_in!r} must lie in [0, 1)")
    if np.any(inp.feed < 0) or not np.all(np.isfinite(inp.feed)) or inp.feed.sum() <= 0:
        raise ValueError(f"feed={inp.feed!r}: molar flows must be finite, not negative, and not all zero")
    if inp.n_orifices < 1 or inp.n_cells < 1:
        raise ValueError(f"n_orifices={inp.n_orifices!r} and n_cells={inp.n_cells!r} must be at least 1")


def _layout(inp: BedInput) -> dict:
    """Hydrodynamics: u_mf, bed height, and per-cell bubble size, fraction and interchange."""
    area = math.pi * inp.diameter**2 / 4.0
    c_tot = gas.concentration_total(inp.T, inp.P)
    f_tot = float(inp.feed.sum())
    u0 = f_tot / (c_tot * area)
    y_feed = inp.feed / f_tot
    key = next((g for g in inp.reacting_gases if y_feed[gas.INDEX[g]] > 0), gas.SPECIES[int(np.argmax(y_feed))])
    mu, rho_g, diff = gas.transport(inp.T, inp.P, y_feed, key)
    u_mf = hydrodynamics.u_mf_wen_yu(inp.d_p, rho_g, inp.rho_p, mu)
    if u0 <= u_mf:
        raise ValueError(f"superficial gas velocity u0={u0:.4g} m/s does not exceed u_mf={u_mf:.4g} m/s: "
                         "the bed is not fluidised (more gas or a smaller diameter)")
    h_mf = inp.inventory / (inp.rho_p * (1.0 - inp.eps_mf) * area)

    def delta(z):
        d_b = hydrodynamics.bubble_diameter_mori_wen(z, u0, u_mf, inp.diameter, inp.n_orifices)
        return min((u0 - u_mf) / hydrodynamics.bubble_velocity(u0, u_mf, d_b), 0.99), d_b

    def solids_height(h):  # expanded height h holding the inventory: int_0^h (1 - delta) dz = h_mf
        zz = (np.arange(inp.n_cells) + 0.5) * h / inp.n_cells
        return sum(1.0 - delta(z)[0] for z in zz) * h / inp.n_cells - h_mf

    height = brentq(solids_height, h_mf, 100.0 * h_mf, xtol=1e-10 * h_mf)
    dz = height / inp.n_cells
    z = (np.arange(inp.n_cells) + 0.5) * dz
    cells = []
    for zk in z:
        dk, d_b = delta(zk)
        kbe = hydrodynamics.interchange_bubble_emulsion(u_mf, inp.eps_mf, d_b, diff)
        v_b = dk * area * dz
        m_s = inp.rho_p * (1.0 - inp.eps_mf) * (1.0 - dk) * area * dz
        cells.append((d_b, dk, kbe, v_b, m_s))
    return dict(area=area, c_tot=c_tot, u0=u0, u_mf=u_mf, h_mf=h_mf, height=height, z=z, cells=cells,
                mu=mu, rho_g=rho_g, diffusivity=diff, u0_over_umf=u0 / u_mf,
                pressure_drop=inp.inventory * G / area)


def _march(inp, lay, kin, g_mean, r_oc, k_wgs):
    """Solve the cells bottom to top for a given <g>; returns outlet, profiles, sum kappa."""
    c_tot = lay["c_tot"]
    f_tot = float(inp.feed.sum())
    frac_b = 1.0 - lay["u_mf"] / lay["u0"]
    f_b_total = frac_b * f_tot
    fb = inp.feed * frac_b
    fe = inp.feed * (1.0 - frac_b)
    n = gas.N_SPECIES
    ico, ih2o, ico2, ih2 = (gas.INDEX[s] for s in ("CO", "H2O", "CO2", "H2"))
    nu_wgs = gas.vector(gas.WGS)
    wgs = inp.wgs_equilibrium
    yb_prof, ye_prof = np.zeros((inp.n_cells, n)), np.zeros((inp.n_cells, n))
    kappa_weighted = 0.0
    o_to_gas = 0.0
    scale = f_tot
    for k, (_, _, kbe, v_b, m_s) in enumerate(lay["cells"]):
        n_o = m_s * r_oc / M_O  # mol O the cell's solids can exchange
        a_b = kbe * v_b

        def bubble_out(c_e):
            return (fb + a_b * c_e) / (1.0 + a_b * c_tot / f_b_total)

        def residual(xv):
            fe_out = xv[:n] * scale
            c_e = c_tot * np.maximum(fe_out, 0.0) / max(fe_out.sum(), 1e-300)
            res = fe - fe_out + (fb - bubble_out(c_e))
            for g_name, p, nu, o in kin:
                res = res + nu * (n_o * g_mean * _kappa(p, inp.T, c_e[gas.INDEX[g_name]]) / abs(o))
            if not wgs:
                return res / scale
            res = res + nu_wgs * (xv[n] * scale)
            eq = (k_wgs * c_e[ico] * c_e[ih2o] - c_e[ico2] * c_e[ih2]) / c_tot**2
            return np.append(res / scale, eq)

        x0 = fe / scale
        if wgs:
            x0 = np.append(x0, 0.0)
        sol = root(residual, x0, method="hybr", options={"xtol": 1e-12})
        if not sol.success or np.max(np.abs(residual(sol.x))) > 1e-9:
            raise RuntimeError(f"bubbling bed: cell {k + 1} of {inp.n_cells} did not converge ({sol.message})")
        fe_out = np.maximum(sol.x[:n] * scale, 0.0)
        c_e = c_tot * fe_out / fe_out.sum()
        fb = bubble_out(c_e)
        fe = fe_out
        yb_prof[k] = fb / fb.sum()
        ye_prof[k] = fe / fe.sum()
        kap = 0.0
        for g_name, p, _, o in kin:
            kj = _kappa(p, inp.T, c_e[gas.INDEX[g_name]])
            kap += kj
            o_to_gas += n_o * g_mean * kj * math.copysign(1.0, o)
        kappa_weighted += m_s * kap
    return fb + fe, yb_prof, ye_prof, kappa_weighted, o_to_gas


def solve(inp: BedInput) -> BedResult:
    """Steady state of the bed; raises RuntimeError if it does not converge."""
    _validate(inp)
    carrier, kin, fp = _kinetics(inp)
    lay = _layout(inp)
    r_oc = carrier.R_OC
    k_wgs = gas.wgs_equilibrium_constant(inp.T) if inp.wgs_equilibrium else 0.0
    t_mean = inp.inventory / inp.solids_flow
    m_bed = sum(c[4] for c in lay["cells"])
    g_max = fp * (1.0 - inp.x_in) ** ((fp - 1.0) / fp)

    def averages(g_mean):
        out = _march(inp, lay, kin, g_mean, r_oc, k_wgs)
        kappa_mean = out[3] / m_bed
        tau_eff = 1.0 / kappa_mean if kappa_mean > 0 else math.inf
        x_out, g_new = population.mixed_bed_averages(fp, inp.x_in, tau_eff, t_mean,
                                                     population.GL_NODES, population.GL_WEIGHTS)
        return out, tau_eff, x_out, g_new

    if not kin:
        g_star = g_max
    else:
        f = lambda gm: gm - averages(gm)[3]
        lo, hi = 0.0, g_max
        if f(hi) <= 0.0:
            g_star = hi
        else:
            g_star = brentq(f, lo, hi, xtol=1e-13 * max(g_max, 1e-12), rtol=1e-13, maxiter=200)
    (outlet, yb, ye, _, o_to_gas), tau_eff, x_out, _ = averages(g_star)
    # oxygen leaves the solids at o_to_gas; the population balance gives the same through x_out
    hydro = {k: v for k, v in lay.items() if k not in ("cells", "z")}
    hydro["bubble_diameter"] = np.array([c[0] for c in lay["cells"]])
    hydro["bubble_fraction"] = np.array([c[1] for c in lay["cells"]])
    result = BedResult(outlet, x_out, g_star, tau_eff, t_mean, o_to_gas, lay["z"], yb, ye, hydro)
    if not np.all(np.isfinite(outlet)) or not math.isfinite(x_out):
        raise RuntimeError("bubbling bed: non-finite result")
    result.hydro["fp"] = fp
    return result
