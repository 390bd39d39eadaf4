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
* the height is cut into cells no taller than ``max_cell_height`` (and at least ``n_cells``),
  marched upward; in each cell the emulsion is stirred and the bubbles rise in plug flow
  through it, so their exchange with the emulsion is 1 - exp(-K_be dz / u_b) of the way to it.

Solids are perfectly mixed (CSTR residence-time distribution): every particle samples the
whole bed, so the bed's reactivity is set by the solids-weighted mean of sum_j b_j k_j
C_j^n_j / (rho_m,j L_j) and the population balance of :mod:`clc.population`. The local rate of
gas j in a cell is n_O,cell <g> kappa_j(C_j) / |o_j|, with kappa_j = 1/tau_j and o_j the O atoms
gas j exchanges with the solid. A scalar fixed point on <g> couples gas and solids; at the
solution the solids' oxygen balance equals the gas's exactly.

Regime "riser" is a deliberately simple stand-in for a fast-fluidized air reactor: the solids
are spread evenly over the given riser height and all gas flows in plug flow through them with
no bubble bypass (an upper bound on gas-solid contact; an assumption of this model, not a
published riser correlation).

The water-gas shift is held at equilibrium in the emulsion where asked (Abad et al. 2010,
Combust. Flame 157, 602, take it so for CLC fuel reactors).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numba import njit
from scipy.optimize import brentq, root

from . import carriers, gas, hydrodynamics, population, rates, thermo
from .constants import G

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
    n_cells: int = 20  # at least this many cells
    max_cell_height: float = 0.1  # m: deeper beds get more cells, so resolution does not fall with height
    wgs_equilibrium: bool = True
    extrapolate_kinetics: bool = False
    regime: str = "bubbling"  # or "riser": homogeneous plug flow, see module docstring
    riser_height: float = 0.0  # m, for regime "riser"


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
        product = _REVERSIBLE.get(g)
        inv_k = 0.0
        if product is not None:  # 1:1 reaction: driving force C_fuel - C_product / K (equilibrium-limited)
            inv_k = 1.0 / thermo.Reaction(r.equation).K(inp.T)
        out.append((g, p, gas.vector(nu), o, gas.INDEX[product] if product else -1, inv_k))
    if len(fps) > 1:
        raise ValueError(f"carrier {c.name}: reactions with different grain shapes cannot share one population balance")
    fp = fps.pop() if fps else 3
    return c, out, fp


# gases whose reaction with the carrier keeps the gas moles (H2 -> H2O, CO -> CO2): their rate is
# driven by the distance from the redox pair's equilibrium, C_fuel - C_product / K, so that no
# conversion passes the thermodynamic limit (an assumption of this model: the sources fit
# irreversible rates far from equilibrium)
_REVERSIBLE = {"H2": "H2O", "CO": "CO2"}


@njit(cache=True)
def _driving(c_tot, y, j, kin_idx, kin_rev):
    """Effective concentration of reacting gas j [mol/m3]."""
    prod = int(kin_rev[j, 0])
    c = y[kin_idx[j]]
    if prod >= 0:
        c -= y[prod] * kin_rev[j, 1]
    return c_tot * c


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
    if inp.regime not in ("bubbling", "riser"):
        raise ValueError(f"regime={inp.regime!r}; allowed: 'bubbling', 'riser'")
    if inp.regime == "riser" and not (math.isfinite(inp.riser_height) and inp.riser_height > 0):
        raise ValueError(f"riser_height={inp.riser_height!r} m must be positive for regime 'riser'")
    if inp.n_orifices < 1 or inp.n_cells < 1:
        raise ValueError(f"n_orifices={inp.n_orifices!r} and n_cells={inp.n_cells!r} must be at least 1")


def _layout(inp: BedInput) -> dict:
    """Hydrodynamics: u_mf, bed height, and per-cell bubble size, fraction and interchange."""
    if not (math.isfinite(inp.max_cell_height) and inp.max_cell_height > 0):
        raise ValueError(f"max_cell_height={inp.max_cell_height!r} m must be positive")
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
    common = dict(area=area, c_tot=c_tot, u0=u0, u_mf=u_mf, h_mf=h_mf, mu=mu, rho_g=rho_g, diffusivity=diff,
                  u0_over_umf=u0 / u_mf, pressure_drop=inp.inventory * G / area)
    if inp.regime == "riser":
        n_cells = max(inp.n_cells, math.ceil(inp.riser_height / inp.max_cell_height))
        dz = inp.riser_height / n_cells
        z = (np.arange(n_cells) + 0.5) * dz
        cells = [(0.0, 0.0, 0.0, 0.0, inp.inventory / n_cells)] * n_cells
        return dict(common, height=inp.riser_height, z=z, cells=cells, gas_in_bubbles=0.0,
                    solids_fraction=inp.inventory / (inp.rho_p * area * inp.riser_height))

    def delta(z):
        d_b = hydrodynamics.bubble_diameter_mori_wen(z, u0, u_mf, inp.diameter, inp.n_orifices)
        return min((u0 - u_mf) / hydrodynamics.bubble_velocity(u0, u_mf, d_b), 0.99), d_b

    # cell count from the settled height (expansion rarely exceeds a factor 3 here)
    n_cells = max(inp.n_cells, math.ceil(2.0 * h_mf / inp.max_cell_height))

    def solids_height(h):  # expanded height h holding the inventory: int_0^h (1 - delta) dz = h_mf
        zz = (np.arange(n_cells) + 0.5) * h / n_cells
        return sum(1.0 - delta(z)[0] for z in zz) * h / n_cells - h_mf

    height = brentq(solids_height, h_mf, 100.0 * h_mf, xtol=1e-10 * h_mf)
    dz = height / n_cells
    z = (np.arange(n_cells) + 0.5) * dz
    cells = []
    for zk in z:
        dk, d_b = delta(zk)
        kbe = hydrodynamics.interchange_bubble_emulsion(u_mf, inp.eps_mf, d_b, diff)
        u_b = hydrodynamics.bubble_velocity(u0, u_mf, d_b)
        # plug-flow bubbles through a stirred emulsion cell: the stirred-cell exchange capacity
        # a_b that gives the same approach, 1/(1 + NTU') = exp(-NTU), NTU = K_be dz / u_b
        a_b = math.expm1(kbe * dz / u_b) * (u0 - u_mf) * area  # m3/s
        m_s = inp.rho_p * (1.0 - inp.eps_mf) * (1.0 - dk) * area * dz
        cells.append((d_b, dk, kbe, a_b, m_s))
    return dict(common, height=height, z=z, cells=cells, gas_in_bubbles=1.0 - u_mf / u0)


@njit(cache=True)
def _bubble_out(fb_in, y_e, a_b, c_tot, f_b_total, prod, out):
    """Bubble-cell outflows given the emulsion mole fractions and the emulsion's net gas production.

    Diffusive interchange a_b C_tot (y_b - y_e) is equimolar; the gas the emulsion reactions
    make (prod > 0) joins the bubbles with the emulsion's composition, the gas they consume
    (prod < 0) is drawn from the bubbles with theirs, so the emulsion keeps flowing at u_mf.
    """
    n = fb_in.shape[0]
    f_out = max(f_b_total + prod, 1e-300)
    if prod >= 0.0:
        for i in range(n):
            out[i] = (fb_in[i] + (a_b * c_tot + prod) * y_e[i]) / (1.0 + a_b * c_tot / f_out)
    else:
        for i in range(n):
            out[i] = (fb_in[i] + a_b * c_tot * y_e[i]) / (1.0 + (a_b * c_tot - prod) / f_out)


@njit(cache=True)
def _cell_residual(xv, fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx, kin_nu,
                   kin_o, kin_rev, wgs, k_wgs, nu_wgs, scale, out):
    """Balances of one cell (scaled by the feed); unknowns xv = (emulsion mole fractions, xi_wgs / scale).

    The emulsion's total outflow equals its inflow (gas at u_mf); the bubble cell follows in
    closed form from :func:`_bubble_out`.
    """
    n = fe_in.shape[0]
    f_e = 0.0
    for i in range(n):
        f_e += fe_in[i]
    y_e = np.empty(n)
    for i in range(n):
        y_e[i] = max(xv[i], 0.0)
    src = np.zeros(n)  # reaction sources in the emulsion [mol/s]
    for j in range(kin_idx.shape[0]):
        c_j = _driving(c_tot, y_e, j, kin_idx, kin_rev)
        if c_j > 0.0:
            r = rate_scale / rates.tau_chemical(kin_p[j], T, c_j) / kin_o[j]
            for i in range(n):
                src[i] += kin_nu[j, i] * r
    if wgs:
        for i in range(n):
            src[i] += nu_wgs[i] * xv[n] * scale
    prod = 0.0
    for i in range(n):
        prod += src[i]
    fb_out = np.empty(n)
    _bubble_out(fb_in, y_e, a_b, c_tot, f_b_total, prod, fb_out)
    if f_b_total <= 0.0:  # no bubbles (riser): the gas itself carries the mole change
        for i in range(n):
            out[i] = (fe_in[i] - xv[i] * (f_e + prod) + src[i]) / scale
    else:
        for i in range(n):
            # what the bubbles lost (interchange + convection) the emulsion gained, less its outflow
            out[i] = (fe_in[i] - xv[i] * f_e + fb_in[i] - fb_out[i] + src[i]) / scale
    if wgs:
        out[n] = k_wgs * y_e[_ICO] * y_e[_IH2O] - y_e[_ICO2] * y_e[_IH2]


_ICO, _IH2O, _ICO2, _IH2 = (gas.INDEX[s_] for s_ in ("CO", "H2O", "CO2", "H2"))


@njit(cache=True)
def _solve_small(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """x with a x = b by Gaussian elimination with partial pivoting (a, b copied).

    A pivot below 1e-300 (the WGS row is empty when no C/H gases are present) leaves that
    unknown unchanged (x = 0 for it), which is what the Newton step needs there.
    """
    m = b.shape[0]
    a = a.copy()
    x = b.copy()
    perm_ok = np.ones(m, dtype=np.bool_)
    for col in range(m):
        piv = col
        big = abs(a[col, col])
        for r in range(col + 1, m):
            if abs(a[r, col]) > big:
                big = abs(a[r, col])
                piv = r
        if big < 1e-300:
            perm_ok[col] = False
            continue
        if piv != col:
            for c in range(m):
                a[col, c], a[piv, c] = a[piv, c], a[col, c]
            x[col], x[piv] = x[piv], x[col]
        for r in range(col + 1, m):
            f = a[r, col] / a[col, col]
            if f != 0.0:
                for c in range(col, m):
                    a[r, c] -= f * a[col, c]
                x[r] -= f * x[col]
    for col in range(m - 1, -1, -1):
        if not perm_ok[col]:
            x[col] = 0.0
            continue
        s = x[col]
        for c in range(col + 1, m):
            s -= a[col, c] * x[c]
        x[col] = s / a[col, col]
    return x


@njit(cache=True)
def _cell_newton(x0, args, tol=1e-13, max_iter=100):
    """Damped Newton with a finite-difference Jacobian on :func:`_cell_residual`; (x, converged)."""
    (fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx, kin_nu, kin_o, kin_rev, wgs,
     k_wgs, nu_wgs, scale) = args
    m = x0.shape[0]
    x = x0.copy()
    r = np.empty(m)
    r2 = np.empty(m)
    jac = np.empty((m, m))
    _cell_residual(x, fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx, kin_nu,
                   kin_o, kin_rev, wgs, k_wgs, nu_wgs, scale, r)
    norm = np.max(np.abs(r))
    for _ in range(max_iter):
        if norm < tol:
            return x, True
        for q in range(m):
            h = 1e-8 * max(abs(x[q]), 1e-4)
            xq = x[q]
            x[q] = xq + h
            _cell_residual(x, fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx,
                           kin_nu, kin_o, kin_rev, wgs, k_wgs, nu_wgs, scale, r2)
            x[q] = xq
            for i in range(m):
                jac[i, q] = (r2[i] - r[i]) / h
        dx = _solve_small(jac, -r)
        step = 1.0
        for _ls in range(30):
            xn = x + step * dx
            for i in range(m - (1 if wgs else 0)):
                xn[i] = max(xn[i], 0.0)
            _cell_residual(xn, fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx,
                           kin_nu, kin_o, kin_rev, wgs, k_wgs, nu_wgs, scale, r2)
            n2 = np.max(np.abs(r2))
            if n2 < norm or step < 1e-6:
                break
            step *= 0.5
        if n2 >= norm:  # no descent even at a tiny step: the round-off floor of the FD Jacobian
            return x, norm < 1e3 * tol
        x = xn
        r[:] = r2
        norm = n2
    return x, norm < tol


def _cell_scipy(x0, args):
    """NumPy/SciPy twin of :func:`_cell_newton`: the same balances solved by MINPACK's hybrd."""
    m = x0.shape[0]

    def f(xv):
        out = np.empty(m)
        _cell_residual.py_func(xv, *args, out)
        return out

    sol = root(f, x0, method="hybr", options={"xtol": 1e-13})
    return sol.x, bool(np.max(np.abs(f(sol.x))) < 1e-11)


def _kinetic_arrays(kin):
    nk = len(kin)
    kin_p = np.zeros((nk, rates.N_PARAMS))
    kin_idx = np.zeros(nk, dtype=np.int64)
    kin_nu = np.zeros((nk, gas.N_SPECIES))
    kin_o = np.zeros(nk)
    kin_rev = np.zeros((nk, 2))
    for j, (g_name, p, nu, o, prod, inv_k) in enumerate(kin):
        kin_p[j], kin_idx[j], kin_nu[j], kin_o[j] = p, gas.INDEX[g_name], nu, abs(o)
        kin_rev[j] = (prod, inv_k)
    return kin_p, kin_idx, kin_nu, kin_o, kin_rev


@njit(cache=True)
def _march_kernel(fe, fb, a_b_arr, m_s_arr, c_tot, o_per_kg, g_mean, T, kin_p, kin_idx, kin_nu, kin_o,
                  kin_rev, kin_sign, wgs, k_wgs, nu_wgs, guess):
    """Numba twin of :func:`_march`: the whole cell chain in one compiled call.

    ``guess`` (n_cells x n_species, or 0 x n) warm-starts each cell's Newton iteration.
    Returns (outlet, y_bubble, y_emulsion, sum m_s kappa, O to gas, failed cell or -1).
    """
    n = fe.shape[0]
    n_cells = a_b_arr.shape[0]
    scale = fe.sum() + fb.sum()
    yb_prof = np.zeros((n_cells, n))
    ye_prof = np.zeros((n_cells, n))
    kappa_weighted = 0.0
    o_to_gas = 0.0
    m = n + 1 if wgs else n
    for k in range(n_cells):
        n_o = m_s_arr[k] * o_per_kg
        fb_tot = fb.sum()
        x0 = np.zeros(m)
        if guess.shape[0] == n_cells:
            x0[:n] = guess[k]
        elif k == 0:
            x0[:n] = (fe + fb) / scale
        else:
            x0[:n] = ye_prof[k - 1]
        args = (fe, fb, a_b_arr[k], c_tot, fb_tot, n_o * g_mean, T, kin_p, kin_idx, kin_nu, kin_o,
                kin_rev, wgs, k_wgs, nu_wgs, scale)
        x, ok = _cell_newton(x0, args)
        if not ok and guess.shape[0] == n_cells:  # the warm start misled Newton: start cold
            x0[:] = 0.0
            x0[:n] = (fe + fb) / scale if k == 0 else ye_prof[k - 1]
            x, ok = _cell_newton(x0, args)
        if not ok:
            return fb + fe, yb_prof, ye_prof, kappa_weighted, o_to_gas, k
        y_e = np.maximum(x[:n], 0.0)
        src = np.zeros(n)
        kap = 0.0
        for j in range(kin_idx.shape[0]):
            c_j = _driving(c_tot, y_e, j, kin_idx, kin_rev)
            kj = 1.0 / rates.tau_chemical(kin_p[j], T, c_j) if c_j > 0.0 else 0.0
            kap += kj
            for i in range(n):
                src[i] += kin_nu[j, i] * n_o * g_mean * kj / kin_o[j]
            o_to_gas += n_o * g_mean * kj * kin_sign[j]
        if wgs:
            for i in range(n):
                src[i] += nu_wgs[i] * x[n] * scale
        fe_tot = fe.sum()
        if fb_tot > 0.0:
            fb_new = np.empty(n)
            _bubble_out(fb, y_e, a_b_arr[k], c_tot, fb_tot, src.sum(), fb_new)
            fb = fb_new
            fe = y_e * fe_tot
            yb_prof[k] = fb / fb.sum()
        else:
            fe = y_e * (fe_tot + src.sum())
            yb_prof[k] = y_e  # a riser has one gas phase
        ye_prof[k] = y_e
        kappa_weighted += m_s_arr[k] * kap
    return fb + fe, yb_prof, ye_prof, kappa_weighted, o_to_gas, -1


def _march(inp, lay, kin, g_mean, r_oc, k_wgs, cell_solver=_cell_newton):
    """Solve the cells bottom to top for a given <g>; returns outlet, profiles, sum kappa.

    Plain-Python reference of :func:`_march_kernel` (with ``cell_solver=_cell_scipy``, its
    NumPy/SciPy twin).
    """
    c_tot = lay["c_tot"]
    f_tot = float(inp.feed.sum())
    frac_b = lay["gas_in_bubbles"]
    fb = inp.feed * frac_b
    fe = inp.feed * (1.0 - frac_b)
    n = gas.N_SPECIES
    nu_wgs = gas.vector(gas.WGS)
    # the shift needs its gases; a bed fed and reacting only O2 (air reactor) has none
    wgs = bool(inp.wgs_equilibrium) and any(g != "O2" for g, *_ in kin)
    kin_p, kin_idx, kin_nu, kin_o, kin_rev = _kinetic_arrays(kin)
    n_cells = len(lay["cells"])
    yb_prof, ye_prof = np.zeros((n_cells, n)), np.zeros((n_cells, n))
    kappa_weighted = 0.0
    o_to_gas = 0.0
    scale = f_tot
    for k, (_, _, _, a_b, m_s) in enumerate(lay["cells"]):
        n_o = m_s * r_oc / M_O  # mol O the cell's solids can exchange
        args = (fe, fb, a_b, c_tot, float(fb.sum()), n_o * g_mean, inp.T, kin_p, kin_idx, kin_nu, kin_o,
                kin_rev, wgs, k_wgs, nu_wgs, scale)
        x0 = (fe + fb) / (fe.sum() + fb.sum()) if k == 0 else ye_prof[k - 1].copy()
        if wgs:
            x0 = np.append(x0, 0.0)
        x, ok = cell_solver(x0, args)
        if not ok:
            raise RuntimeError(f"bubbling bed: the balances of cell {k + 1} of {n_cells} did not converge")
        y_e = np.maximum(x[:n], 0.0)
        src = np.zeros(n)
        kap = 0.0
        for j in range(len(kin)):
            kj = _kappa(kin_p[j], inp.T, _driving(c_tot, y_e, j, kin_idx, kin_rev))
            kap += kj
            src += kin_nu[j] * n_o * g_mean * kj / kin_o[j]
            o_to_gas += n_o * g_mean * kj * math.copysign(1.0, kin[j][3])
        if wgs:
            src += nu_wgs * x[n] * scale
        if fb.sum() > 0.0:
            fb_new = np.empty(n)
            _bubble_out(fb, y_e, a_b, c_tot, float(fb.sum()), float(src.sum()), fb_new)
            fe_new = y_e * fe.sum()
        else:
            fb_new, fe_new = fb, y_e * (fe.sum() + src.sum())
        fb, fe = fb_new, fe_new
        yb_prof[k] = fb / fb.sum() if fb.sum() > 0 else y_e  # a riser has one gas phase
        ye_prof[k] = y_e
        kappa_weighted += m_s * kap
    return fb + fe, yb_prof, ye_prof, kappa_weighted, o_to_gas


@dataclass
class Prepared:
    """What a bed solve needs that does not depend on the entering solids (reused by the loop)."""

    carrier: object
    kin: list
    fp: int
    lay: dict
    arrays: tuple
    k_wgs: float
    wgs: bool
    g_last: float | None = None  # the previous solve's <g>, a starting guess for the next


def prepare(inp: BedInput) -> Prepared:
    """Validate ``inp`` and compute its hydrodynamics and kinetic arrays."""
    _validate(inp)
    carrier, kin, fp = _kinetics(inp)
    lay = _layout(inp)
    k_wgs = gas.wgs_equilibrium_constant(inp.T) if inp.wgs_equilibrium else 0.0
    kin_arrays = _kinetic_arrays(kin)
    kin_sign = np.array([math.copysign(1.0, k[3]) for k in kin])
    a_b_arr = np.array([c[3] for c in lay["cells"]])
    m_s_arr = np.array([c[4] for c in lay["cells"]])
    wgs = bool(inp.wgs_equilibrium) and any(g != "O2" for g, *_ in kin)
    return Prepared(carrier, kin, fp, lay, (*kin_arrays, kin_sign, a_b_arr, m_s_arr), k_wgs, wgs)


def _root_g(f, g_max: float, guess: float | None) -> float:
    """Root of f(g) = g - <g>(g) in [0, g_max]: secant from a guess, else Brent on the bracket."""
    tol = 1e-11 * max(g_max, 1e-12)
    if guess is not None and 0.0 < guess < g_max:
        g0, f0 = guess, f(guess)
        g1 = min(guess * (1.0 + 1e-4), g_max)
        f1 = f(g1)
        for _ in range(20):
            if f1 == f0:
                break
            g2 = g1 - f1 * (g1 - g0) / (f1 - f0)
            if not 0.0 <= g2 <= g_max:
                break
            g0, f0, g1 = g1, f1, g2
            f1 = f(g1)
            if abs(g1 - g0) <= tol:
                return g1
    if f(g_max) <= 0.0:
        return g_max
    return brentq(f, 0.0, g_max, xtol=tol, rtol=1e-13, maxiter=200)


def solve(inp: BedInput, use_twin: bool = False, prepared: Prepared | None = None) -> BedResult:
    """Steady state of the bed; raises RuntimeError if it does not converge.

    ``use_twin`` solves with the plain-Python/SciPy reference instead of the numba kernels;
    ``prepared`` (from :func:`prepare` on an input differing at most in ``x_in``) skips the
    set-up and starts from that bed's last solution.
    """
    if prepared is None:
        prepared = prepare(inp)
    elif not 0.0 <= inp.x_in < 1.0:
        raise ValueError(f"x_in={inp.x_in!r} must lie in [0, 1)")
    carrier, kin, fp, lay, k_wgs, wgs = (prepared.carrier, prepared.kin, prepared.fp, prepared.lay,
                                         prepared.k_wgs, prepared.wgs)
    kin_p, kin_idx, kin_nu, kin_o, kin_rev, kin_sign, a_b_arr, m_s_arr = prepared.arrays
    r_oc = carrier.R_OC
    t_mean = inp.inventory / inp.solids_flow
    m_bed = float(m_s_arr.sum())
    g_max = fp * (1.0 - inp.x_in) ** ((fp - 1.0) / fp)
    frac_b = lay["gas_in_bubbles"]
    nu_wgs = gas.vector(gas.WGS)
    warm = {"guess": np.zeros((0, gas.N_SPECIES))}

    def march(g_mean):
        if use_twin:
            return _march(inp, lay, kin, g_mean, r_oc, k_wgs, cell_solver=_cell_scipy)
        out = _march_kernel(inp.feed * (1.0 - frac_b), inp.feed * frac_b, a_b_arr, m_s_arr, lay["c_tot"],
                            r_oc / M_O, g_mean, inp.T, kin_p, kin_idx, kin_nu, kin_o, kin_rev, kin_sign,
                            wgs, k_wgs, nu_wgs, warm["guess"])
        if out[5] >= 0:
            raise RuntimeError(f"bubbling bed: the balances of cell {out[5] + 1} of {len(a_b_arr)} did not converge")
        warm["guess"] = out[2]
        return out[:5]

    def averages(g_mean):
        out = march(g_mean)
        kappa_mean = out[3] / m_bed
        tau_eff = 1.0 / kappa_mean if kappa_mean > 0 else math.inf
        x_out, g_new = population.mixed_bed_averages(fp, inp.x_in, tau_eff, t_mean,
                                                     population.GL_NODES, population.GL_WEIGHTS)
        return out, tau_eff, x_out, g_new

    g_star = g_max if not kin else _root_g(lambda gm: gm - averages(gm)[3], g_max, prepared.g_last)
    prepared.g_last = g_star
    (outlet, yb, ye, _, o_to_gas), tau_eff, x_out, _ = averages(g_star)
    hydro = {k: v for k, v in lay.items() if k not in ("cells", "z")}
    hydro["bubble_diameter"] = np.array([c[0] for c in lay["cells"]])
    hydro["bubble_fraction"] = np.array([c[1] for c in lay["cells"]])
    hydro["fp"] = fp
    result = BedResult(outlet, x_out, g_star, tau_eff, t_mean, o_to_gas, lay["z"], yb, ye, hydro)
    if not np.all(np.isfinite(outlet)) or not math.isfinite(x_out):
        raise RuntimeError("bubbling bed: non-finite result")
    return result
