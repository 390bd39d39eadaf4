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

Regime "riser" is a fast-fluidized bed: all gas flows in plug flow through the solids with no
bypass (an upper bound on gas-solid contact; an assumption: no sourced core-annulus exchange was
found), and the solids along the height either follow a published axial profile of
:mod:`clc.riser` (``riser_model`` "kunii_levenspiel", Kunii & Levenspiel 1991 ch. 8, or
"chalmers", Johnsson & Leckner 1995) or are spread evenly ("uniform", an assumption).

The hydrodynamic correlations' published validity ranges (:data:`clc.hydrodynamics.VALIDITY`,
:data:`clc.riser.VALIDITY`) are checked at the conditions the bed is solved at; the messages
for those violated are in ``hydro["validity_warnings"]`` (the results do not depend on them).

The water-gas shift is held at equilibrium in the emulsion where asked (Abad et al. 2010,
Combust. Flame 157, 602, take it so for CLC fuel reactors).

Numerics: each cell is solved by Newton's method with the balances' analytic Jacobian
(:func:`_cell_residual_jac`); the fixed point on <g> (a secant from the previous solve's <g> and
slope, else from g_max with a fixed-point step; Brent's method as the fallback) runs with all its
marches in one compiled call (:func:`_g_solve_kernel`), each march warm-started from the last
two. ``solve(use_twin=True)`` runs the same steps in plain Python with SciPy's hybrd per cell.
The numba kernels and their twins live in :mod:`clc.bubbling_bed_kernels` (except the march's twin,
:func:`_march`, here); this module keeps the set-up (kinetics, layout, validation), the solve and
the result.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import brentq

from . import carriers, citations, gas, hydrodynamics, population, rates, riser, thermo
from .bubbling_bed_kernels import (  # noqa: F401 (tests call some kernels and constants from here)
    _B_FCUR, _B_XCUR, _ICH4, _ICO, _ICO2, NEWTON_TOL, POSITIVE_MAX_ITER, RAMP_TOL, _brent_next, _brent_start,
    _brentq_rc, _bubble_out, _cell_newton, _cell_newton_ws, _cell_residual, _cell_residual_jac, _cell_scipy,
    _driving, _extrapolate, _g_eval, _g_solve_kernel, _kappa, _march_kernel, _newton_work, _root_g, _solve_into,
    _solve_small)
from .constants import G
from .constants import R as R_GAS
from .errors import ConvergenceError
from .reactor import Outcome, Profile, oxygen_balance
from .reforming import N_RF, RF_METAL, _reforming, reforming_vector  # noqa: F401 (steam reforming on reduced Ni)
from .thermo import M_O  # kg/mol


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
    # solids along a riser: "uniform" (spread evenly; an assumption), or a published profile of
    # clc.riser: "kunii_levenspiel" (params eps_dense, eps_star, a_u0) or "chalmers" (eps_bottom)
    riser_model: str = "uniform"
    riser_params: tuple = ()  # ((name, value), ...)
    # freeboard above a bubbling bed (0: none), its entrained solids decaying from eps_surface at
    # the bed surface towards eps_star with a = a_u0 / u0 (see _freeboard_cells)
    freeboard_height: float = 0.0  # m
    freeboard_params: tuple = ()  # (("eps_surface", ..), ("eps_star", ..), ("a_u0", .. 1/s))
    # mol/s of ``feed`` released in the emulsion rather than through the distributor: gas made
    # in the bed (a solid fuel's volatiles and char gas), spread over the bed cells in proportion
    # to their solids (see _emulsion_sources); None: all of ``feed`` through the distributor
    emulsion_feed: np.ndarray | None = None
    # multiplies the steam-reforming rates on the reduced metal of a carrier that has them (a Ni
    # carrier's ``reforming`` section): 1 runs them as published, 0 switches them off
    reforming_factor: float = 1.0


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

    @property
    def warnings(self) -> tuple[str, ...]:
        """The validity messages of the bed's correlations (``hydro["validity_warnings"]``)."""
        return tuple(self.hydro.get("validity_warnings", ()))


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
            inv_k = 1.0 / _equilibrium_constant(r.equation, inp.T)
        out.append((g, p, gas.vector(nu), o, gas.INDEX[product] if product else -1, inv_k))
    if len(fps) > 1:
        raise ValueError(f"carrier {c.name}: reactions with different grain shapes cannot share one population balance")
    fp = fps.pop() if fps else 3
    return c, out, fp


_equilibrium_constant = thermo.equilibrium_constant  # K(equation, T), cached


# gases whose reaction with the carrier keeps the gas moles (H2 -> H2O, CO -> CO2): their rate is
# driven by the distance from the redox pair's equilibrium, C_fuel - C_product / K, so that no
# conversion passes the thermodynamic limit (an assumption of this model: the sources fit
# irreversible rates far from equilibrium)
_REVERSIBLE = {"H2": "H2O", "CO": "CO2"}


def _validate(inp: BedInput) -> None:
    checks = {
        "T": (inp.T, 0.0, math.inf), "P": (inp.P, 0.0, math.inf), "inventory": (inp.inventory, 0.0, math.inf),
        "solids_flow": (inp.solids_flow, 0.0, math.inf), "diameter": (inp.diameter, 0.0, math.inf),
        "d_p": (inp.d_p, 0.0, math.inf), "rho_p": (inp.rho_p, 0.0, math.inf), "eps_mf": (inp.eps_mf, 0.0, 1.0),
    }
    for name, (v, lo, hi) in checks.items():
        if not (math.isfinite(v) and lo < v < hi):
            raise ValueError(f"{name}={v!r} must lie in ({lo:g}, {hi:g})")
    if not 0.0 <= inp.x_in <= 1.0:
        raise ValueError(f"x_in={inp.x_in!r} must lie in [0, 1]")
    if np.any(inp.feed < 0) or not np.all(np.isfinite(inp.feed)) or inp.feed.sum() <= 0:
        raise ValueError(f"feed={inp.feed!r}: molar flows must be finite, not negative, and not all zero")
    if inp.regime not in ("bubbling", "riser"):
        raise ValueError(f"regime={inp.regime!r}; allowed: 'bubbling', 'riser'")
    if inp.emulsion_feed is not None:
        ef = np.asarray(inp.emulsion_feed, dtype=float)
        if (ef.shape != inp.feed.shape or not np.all(np.isfinite(ef)) or np.any(ef < 0.0)
                or np.any(ef > inp.feed * (1.0 + 1e-12))):
            raise ValueError(f"emulsion_feed={inp.emulsion_feed!r}: molar flows must be finite, not negative and "
                             "at most the feed, species by species")
    if inp.regime == "riser" and not (math.isfinite(inp.riser_height) and inp.riser_height > 0):
        raise ValueError(f"riser_height={inp.riser_height!r} m must be positive for regime 'riser'")
    if inp.freeboard_height != 0.0:
        if inp.regime != "bubbling" or not (math.isfinite(inp.freeboard_height) and inp.freeboard_height > 0):
            raise ValueError(f"freeboard_height={inp.freeboard_height!r} m: a freeboard is for a bubbling bed "
                             "and must be positive")
        fp_ = dict(inp.freeboard_params)
        for name, lo, hi in (("eps_surface", 0.0, 0.6), ("eps_star", 0.0, 0.6), ("a_u0", 1e-6, 1e3)):
            v = fp_.get(name)
            if v is None or not (math.isfinite(v) and lo <= v <= hi):
                raise ValueError(f"freeboard {name}={v!r} must lie in [{lo:g}, {hi:g}]")
        if fp_["eps_star"] > fp_["eps_surface"]:
            raise ValueError(f"freeboard eps_star={fp_['eps_star']!r} exceeds eps_surface={fp_['eps_surface']!r}")
    needed = RISER_MODELS.get(inp.riser_model)
    if needed is None:
        raise ValueError(f"riser_model={inp.riser_model!r}; allowed: {', '.join(RISER_MODELS)}")
    missing = set(needed) - {k for k, _ in inp.riser_params}
    if missing:
        raise ValueError(f"riser_model={inp.riser_model!r} needs {', '.join(sorted(missing))}")
    if not (math.isfinite(inp.reforming_factor) and inp.reforming_factor >= 0.0):
        raise ValueError(f"reforming_factor={inp.reforming_factor!r} must be finite and not negative")
    if inp.n_orifices < 1 or inp.n_cells < 1:
        raise ValueError(f"n_orifices={inp.n_orifices!r} and n_cells={inp.n_cells!r} must be at least 1")


RISER_MODELS = {"uniform": (), riser.KUNII_LEVENSPIEL: ("eps_dense", "eps_star", "a_u0"),
                riser.CHALMERS: ("eps_bottom",)}


def _riser_layout(inp: BedInput, common: dict, rho_g: float, mu: float) -> dict:
    """Cells of a riser whose solids follow a published axial profile (:mod:`clc.riser`).

    Gas in plug flow through the cells (no core-annulus bypass: nothing sourced for its
    exchange was found, so this stays an upper bound on contact); each cell holds the solids
    the profile puts there. Kunii-Levenspiel's profile is set by the inventory and implies a
    circulation, reported beside the imposed one (``riser_implied_circulation``); the Chalmers
    profile takes both and sets the bottom bed's height.
    """
    p = dict(inp.riser_params)
    area, u0 = common["area"], common["u0"]
    u_t = riser.terminal_velocity(inp.d_p, inp.rho_p, rho_g, mu)
    if inp.riser_model == riser.KUNII_LEVENSPIEL:
        prof = riser.kunii_levenspiel_profile(inp.riser_height, inp.diameter, u0, u_t, inp.rho_p, p["eps_dense"],
                                              p["eps_star"], p["a_u0"], inventory=inp.inventory)
    else:
        prof = riser.chalmers_profile(inp.riser_height, inp.diameter, u0, u_t, inp.rho_p, p["eps_bottom"],
                                      inventory=inp.inventory, solids_flux=inp.solids_flow / area)
    edges = riser.cell_edges(prof, inp.max_cell_height, inp.n_cells)
    masses = riser.cell_masses(prof, edges)
    z = 0.5 * (edges[1:] + edges[:-1])
    cells = [(0.0, 0.0, 0.0, 0.0, float(m)) for m in masses]
    out = dict(common, height=inp.riser_height, z=z, cells=cells, gas_in_bubbles=0.0,
               solids_fraction=prof.solids_fraction(z), u_t=u_t, dense_height=prof.dense_height,
               riser_implied_circulation=prof.solids_flux * area, riser_model=inp.riser_model)
    out["validity_warnings"] = _validity_warnings(inp, out)
    return out


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
    if inp.regime == "riser" and inp.riser_model != "uniform":
        return _riser_layout(inp, common, rho_g, mu)
    if inp.regime == "riser":
        n_cells = max(inp.n_cells, math.ceil(inp.riser_height / inp.max_cell_height))
        dz = inp.riser_height / n_cells
        z = (np.arange(n_cells) + 0.5) * dz
        cells = [(0.0, 0.0, 0.0, 0.0, inp.inventory / n_cells)] * n_cells
        solids_fraction = inp.inventory / (inp.rho_p * area * inp.riser_height)
        if solids_fraction > 1.0 - inp.eps_mf:  # denser than a bed at minimum fluidisation: no riser
            raise ValueError(f"inventory={inp.inventory:.4g} kg spread over the riser ({inp.riser_height:.4g} m "
                             f"x {area:.4g} m2) needs a solids volume fraction {solids_fraction:.3g}, above "
                             f"1 - eps_mf = {1.0 - inp.eps_mf:.3g}: less inventory or a larger riser")
        out = dict(common, height=inp.riser_height, z=z, cells=cells, gas_in_bubbles=0.0,
                   solids_fraction=solids_fraction)
        out["validity_warnings"] = _validity_warnings(inp, out)
        return out

    def delta(z):  # bubble fraction and diameter at heights z (array)
        d_b = hydrodynamics.bubble_diameter_mori_wen(z, u0, u_mf, inp.diameter, inp.n_orifices)
        return np.minimum((u0 - u_mf) / hydrodynamics.bubble_velocity(u0, u_mf, d_b), 0.99), d_b

    # cell count from the settled height (expansion rarely exceeds a factor 3 here)
    n_cells = max(inp.n_cells, math.ceil(2.0 * h_mf / inp.max_cell_height))
    mid = np.arange(n_cells) + 0.5

    def solids_height(h):  # expanded height h holding the inventory: int_0^h (1 - delta) dz = h_mf
        return float(np.sum(1.0 - delta(mid * (h / n_cells))[0])) * h / n_cells - h_mf

    height = brentq(solids_height, h_mf, 100.0 * h_mf, xtol=1e-10 * h_mf)
    dz = height / n_cells
    z = mid * dz
    dk, d_b = delta(z)
    kbe = hydrodynamics.interchange_bubble_emulsion(u_mf, inp.eps_mf, d_b, diff)
    u_b = hydrodynamics.bubble_velocity(u0, u_mf, d_b)
    # plug-flow bubbles through a stirred emulsion cell: the stirred-cell exchange capacity
    # a_b that gives the same approach, 1/(1 + NTU') = exp(-NTU), NTU = K_be dz / u_b
    a_b = np.expm1(kbe * dz / u_b) * (u0 - u_mf) * area  # m3/s
    m_s = inp.rho_p * (1.0 - inp.eps_mf) * (1.0 - dk) * area * dz
    cells = list(zip(d_b.tolist(), dk.tolist(), kbe.tolist(), a_b.tolist(), m_s.tolist()))
    out = dict(common, height=height, z=z, cells=cells, gas_in_bubbles=1.0 - u_mf / u0)
    out["validity_warnings"] = _validity_warnings(inp, out)
    if inp.freeboard_height > 0.0:
        _freeboard_cells(inp, out)
    return out


def _emulsion_sources(inp: BedInput, lay: dict) -> tuple[np.ndarray, np.ndarray]:
    """(distributor feed, per-cell emulsion sources [n_cells x species]) of a bed.

    ``inp.emulsion_feed`` is released in the emulsion of the bed's cells (not the freeboard's) in
    proportion to their solids: gas made by particles mixed with the carrier (a solid fuel's char
    and volatiles) is made where the solids are. In each cell it mixes with the stirred emulsion
    and reacts there; what the emulsion then holds beyond its own inflow joins the bubbles at the
    emulsion's composition as it leaves the cell, as the gas the reactions make does (two-phase
    theory: the emulsion keeps flowing at u_mf). A riser has one gas phase and no bypass: there the
    whole feed enters at the bottom, as before (releasing it along the height would be another
    question, of contact time, not of bypass).
    """
    n_cells = len(lay["cells"])
    src = np.zeros((n_cells, inp.feed.shape[0]))
    if inp.emulsion_feed is None or inp.regime == "riser":
        return inp.feed, src
    ef = np.minimum(np.asarray(inp.emulsion_feed, dtype=float), inp.feed)
    m_s = np.array([c[4] if c[3] >= 0.0 else 0.0 for c in lay["cells"]])  # freeboard cells: a_b < 0
    src[:] = np.outer(m_s / m_s.sum(), ef)
    return inp.feed - ef, src


def _validity_warnings(inp: BedInput, lay: dict) -> list[str]:
    """Messages for the correlations this bed used outside their published ranges, at the
    conditions it was solved at (:func:`clc.hydrodynamics.validity`, :func:`clc.riser.validity`).

    Reads the layout, changes nothing: the results are the same with or without it. Checked:
    Wen-Yu's Re_mf (both regimes); in a bubbling bed, Mori-Wen's D_t, u_mf, d_p and u0 - u_mf
    and the rise velocity's d_b/D_t at the largest bubble; in a riser with a published profile,
    the terminal velocity's sphericity (1: spheres, as :func:`clc.riser.terminal_velocity` is
    called here) and u0 - u_t.
    """
    u0, u_mf = lay["u0"], lay["u_mf"]
    out = hydrodynamics.validity("u_mf_wen_yu", Re_mf=u_mf * lay["rho_g"] * inp.d_p / lay["mu"])
    if inp.regime == "riser":
        if "u_t" in lay:
            out += riser.validity("terminal_velocity", sphericity=1.0)
            out += riser.validity(f"{inp.riser_model}_profile", u0_minus_ut=u0 - lay["u_t"])
        return out
    out += hydrodynamics.validity("bubble_diameter_mori_wen", D_t=inp.diameter, u_mf=u_mf, d_p=inp.d_p,
                                  u0_minus_umf=u0 - u_mf)
    d_b = [c[0] for c in lay["cells"]]
    if d_b:
        out += hydrodynamics.validity("bubble_rise_velocity", db_over_Dt=max(d_b) / inp.diameter)
    return out


def _freeboard_cells(inp: BedInput, lay: dict) -> None:
    """Append the freeboard's cells to a bubbling bed's layout (in place).

    The bubbles burst at the bed surface and all gas rises in plug flow (assumption). Entrained
    solids thin out above the surface as in the lean zone of Kunii & Levenspiel (1991, ch. 8,
    eq. 7; :mod:`clc.riser`): eps_s(h) = eps* + (eps_surface - eps*) exp(-a h), a = (a u0) / u0,
    h above the surface; applying the riser's lean-zone form to a bubbling bed's freeboard is an
    assumption, and its three constants are the user's (eps_surface = 0: a gas-only freeboard,
    where only the water-gas shift acts). The entrained solids belong to the bed's well-mixed
    population (they fall back into it), so they add to the mass the particles' residence time
    counts; their weight adds to the pressure drop.
    """
    p = dict(inp.freeboard_params)
    eps0, eps_star, a = p["eps_surface"], p["eps_star"], p["a_u0"] / lay["u0"]
    h_fb = inp.freeboard_height
    n = max(1, math.ceil(h_fb / inp.max_cell_height))
    edges = np.linspace(0.0, h_fb, n + 1)
    # exact integral of eps_s over each cell
    holdup = eps_star * np.diff(edges) + (eps0 - eps_star) / a * -np.diff(np.exp(-a * edges))
    m_s = inp.rho_p * lay["area"] * holdup
    top = lay["height"]
    lay["cells"] = lay["cells"] + [(0.0, 0.0, 0.0, -1.0, float(m)) for m in m_s]
    lay["z"] = np.concatenate([lay["z"], top + 0.5 * (edges[1:] + edges[:-1])])
    lay["freeboard_height"] = h_fb
    lay["freeboard_solids"] = float(m_s.sum())
    lay["pressure_drop"] = lay["pressure_drop"] + float(m_s.sum()) * G / lay["area"]


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


def _march(inp, lay, kin, g_mean, r_oc, k_wgs, cell_solver=_cell_newton, reforming=None):
    """Solve the cells bottom to top for a given <g>; returns outlet, profiles, sum kappa.

    Plain-Python reference of :func:`_march_kernel` (with ``cell_solver=_cell_scipy``, its
    NumPy/SciPy twin). ``reforming``: the bed's reforming vector (:func:`reforming_vector`, per kg
    of solids), None without reforming.
    """
    c_tot = lay["c_tot"]
    f_tot = float(inp.feed.sum())
    frac_b = lay["gas_in_bubbles"]
    bottom, src_cells = _emulsion_sources(inp, lay)
    fb = bottom * frac_b
    fe = bottom * (1.0 - frac_b)
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
        ref_cell = None
        if reforming is not None:
            ref_cell = reforming.copy()
            ref_cell[RF_METAL] *= m_s
            nu_wgs = np.concatenate([nu_wgs[:n], ref_cell])
        if a_b < 0.0:  # freeboard cell: the bubbles have burst at the bed surface, one gas phase
            a_b, fe, fb = 0.0, fe + fb, np.zeros(n)
        base_e = float(fe.sum())  # the emulsion's own inflow; gas released in it (below) leaves to the bubbles
        fe = fe + src_cells[k]
        args = (fe, fb, a_b, c_tot, float(fb.sum()), n_o * g_mean, inp.T, kin_p, kin_idx, kin_nu, kin_o,
                kin_rev, wgs, k_wgs, nu_wgs, scale)
        x0 = (fe + fb) / (fe.sum() + fb.sum()) if k == 0 else ye_prof[k - 1].copy()
        if wgs:
            x0 = np.append(x0, 0.0)
        x, ok = cell_solver(x0, args)
        if not ok:
            raise ConvergenceError(f"bubbling bed: the balances of cell {k + 1} of {n_cells} did not converge "
                                   "(Newton from the previous cell's emulsion composition)")
        y_e = np.maximum(x[:n], 0.0)
        src = np.zeros(n)
        kap = 0.0
        for j in range(len(kin)):
            kj = _kappa(kin_p[j], inp.T, _driving(c_tot, y_e, j, kin_idx, kin_rev))
            kap += kj
            src += kin_nu[j] * n_o * g_mean * kj / kin_o[j]
            o_to_gas += n_o * g_mean * kj * math.copysign(1.0, kin[j][3])
        if wgs:
            src += nu_wgs[:n] * x[n] * scale
        if ref_cell is not None:
            _reforming.py_func(y_e, ref_cell, c_tot, inp.T, src, src, np.zeros((n, n)), False)
        if fb.sum() > 0.0:
            fb_new = np.empty(n)
            _bubble_out(fb, y_e, a_b, c_tot, float(fb.sum()), float(src.sum()), fb_new)
            fb_new = fb_new + y_e * (fe.sum() - base_e)
            fe_new = y_e * base_e
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
    x_in_last: float | None = None  # the previous solve's x_in
    x_in_slope: float | None = None  # d<g>/dx_in between the last two solves, extrapolates the guess
    slope_last: float | None = None  # the previous solve's d(g - <g>)/dg, the next one's first step
    profile_last: np.ndarray | None = None  # the previous solve's cell unknowns, Newton's start
    last: tuple | None = None  # (key, BedResult) of the previous solve: a repeated call returns it
    hydro: dict = field(default_factory=dict)  # the results' ``hydro`` entries
    m_bed: float = 0.0  # kg of solids in the cells
    # reforming constants per kg of solids when fully reduced (reforming_vector); None: no reforming
    reforming: np.ndarray | None = None


def prepare(inp: BedInput) -> Prepared:
    """Validate ``inp`` and compute its hydrodynamics and kinetic arrays."""
    _validate(inp)
    carrier, kin, fp = _kinetics(inp)
    lay = _layout(inp)
    k_wgs = _wgs_constant(inp.T) if inp.wgs_equilibrium else 0.0
    kin_arrays = _kinetic_arrays(kin)
    kin_sign = np.array([math.copysign(1.0, k[3]) for k in kin])
    a_b_arr = np.array([c[3] for c in lay["cells"]])
    m_s_arr = np.array([c[4] for c in lay["cells"]])
    wgs = bool(inp.wgs_equilibrium) and any(g != "O2" for g, *_ in kin)
    # reforming only where there is carbon to reform or shift: a carbon-free gas (H2 fuel, air) has
    # none, and leaving it out keeps the round-off of the cells' Newton steps from seeding carbon
    carbon = float(inp.feed[[_ICH4, _ICO, _ICO2]].sum()) > 0.0
    reforming = reforming_vector(carrier, inp.T, inp.reforming_factor) if carbon else None
    hydro = {k: v for k, v in lay.items() if k not in ("cells", "z")}
    hydro["bubble_diameter"] = np.array([c[0] for c in lay["cells"]])
    hydro["bubble_fraction"] = np.array([c[1] for c in lay["cells"]])
    hydro["cell_solids"] = m_s_arr.copy()  # kg of solids per cell
    hydro["fp"] = fp
    hydro["validity_warnings"] = list(lay["validity_warnings"])  # messages, see _validity_warnings
    return Prepared(carrier, kin, fp, lay, (*kin_arrays, kin_sign, a_b_arr, m_s_arr), k_wgs, wgs, hydro=hydro,
                    m_bed=float(m_s_arr.sum()), reforming=reforming)


@functools.lru_cache(maxsize=256)
def _wgs_constant(T: float) -> float:
    """Water-gas shift K at T (cached: the loop prepares its beds at the same temperatures)."""
    return gas.wgs_equilibrium_constant(T)


def _guess(prepared: Prepared, x_in: float, g_max: float) -> float | None:
    """Starting <g> of a solve: the previous solve's, moved along d<g>/dx_in of the last two."""
    g = prepared.g_last
    if g is None:
        return None
    if prepared.x_in_slope is not None and prepared.x_in_last is not None and math.isfinite(prepared.x_in_slope):
        g_ext = g + prepared.x_in_slope * (x_in - prepared.x_in_last)
        if 0.0 < g_ext < g_max:
            return g_ext
    return g


def _result_copy(r: BedResult) -> BedResult:
    hydro = dict(r.hydro)
    if "validity_warnings" in hydro:
        hydro["validity_warnings"] = list(hydro["validity_warnings"])
    return BedResult(r.outlet.copy(), r.x_out, r.g_mean, r.tau_eff, r.t_mean, r.oxygen_to_gas, r.z.copy(),
                     r.y_bubble.copy(), r.y_emulsion.copy(), hydro)


def solve(inp: BedInput, use_twin: bool = False, prepared: Prepared | None = None) -> BedResult:
    """Steady state of the bed; raises RuntimeError if it does not converge.

    ``use_twin`` solves with the plain-Python/SciPy reference instead of the numba kernels;
    ``prepared`` (from :func:`prepare` on an input differing at most in ``x_in``) skips the
    set-up and starts from that bed's last solution (a call repeating the previous one returns a
    copy of its result).
    """
    if prepared is None:
        prepared = prepare(inp)
    elif not 0.0 <= inp.x_in <= 1.0:
        raise ValueError(f"x_in={inp.x_in!r} must lie in [0, 1]")
    key = (inp.x_in, inp.solids_flow, inp.inventory, inp.feed.tobytes(),
           None if inp.emulsion_feed is None else np.asarray(inp.emulsion_feed).tobytes(), bool(use_twin))
    if prepared.last is not None and prepared.last[0] == key:
        return _result_copy(prepared.last[1])
    carrier, kin, fp, lay, k_wgs, wgs = (prepared.carrier, prepared.kin, prepared.fp, prepared.lay,
                                         prepared.k_wgs, prepared.wgs)
    kin_p, kin_idx, kin_nu, kin_o, kin_rev, kin_sign, a_b_arr, m_s_arr = prepared.arrays
    r_oc = carrier.R_OC
    m_bed = prepared.m_bed  # the inventory, plus a freeboard's entrained solids (well mixed with it)
    t_mean = m_bed / inp.solids_flow
    # x_in = 1: the solids have nothing left to give (or take) in this direction, so no reaction
    # with them runs (<g> = 0) and the gas passes with only its own water-gas shift
    spent = inp.x_in >= 1.0
    g_max = 0.0 if spent else fp * (1.0 - inp.x_in) ** ((fp - 1.0) / fp)
    frac_b = lay["gas_in_bubbles"]
    bottom, src_cells = _emulsion_sources(inp, lay)
    fe, fb = bottom * (1.0 - frac_b), bottom * frac_b
    n_cells = len(a_b_arr)

    def run(rf):
        """One solve at a given reforming vector (None: none): outlet, profiles, solids figures."""
        nu_wgs = _NU_WGS if rf is None else np.concatenate([_NU_WGS, rf])
        failed = -1
        if use_twin:
            def averages(g_mean):
                out = _march(inp, lay, kin, g_mean, r_oc, k_wgs, cell_solver=_cell_scipy, reforming=rf)
                kappa_mean = out[3] / m_bed
                tau_eff = 1.0 / kappa_mean if kappa_mean > 0 else math.inf
                x_out, g_new = population.mixed_bed_averages(fp, inp.x_in, tau_eff, t_mean,
                                                             population.GL_NODES, population.GL_WEIGHTS)
                return out, tau_eff, x_out, g_new

            slope = None
            g_star = g_max
            if spent:
                outlet, yb, ye, _, o_to_gas = _march(inp, lay, kin, 0.0, r_oc, k_wgs, cell_solver=_cell_scipy,
                                 reforming=rf)
                tau_eff, x_out = math.inf, 1.0
            else:
                if kin:
                    g_star, slope = _root_g(lambda gm: gm - averages(gm)[3], g_max,
                                            _guess(prepared, inp.x_in, g_max), prepared.slope_last)
                (outlet, yb, ye, _, o_to_gas), tau_eff, x_out, _ = averages(g_star)
        else:
            profile = prepared.profile_last
            if profile is None or profile.shape[0] != n_cells:
                profile = np.zeros((0, gas.N_SPECIES))
            if kin and not spent:
                guess = _guess(prepared, inp.x_in, g_max) or 0.0
                slope = prepared.slope_last if prepared.slope_last is not None else 0.0
                out = _g_solve_kernel(fe, fb, src_cells, a_b_arr, m_s_arr, lay["c_tot"], r_oc / M_O, inp.T, kin_p, kin_idx,
                                      kin_nu, kin_o, kin_rev, kin_sign, wgs, k_wgs, nu_wgs, profile, fp, inp.x_in,
                                      t_mean, g_max, guess, slope, population.GL_NODES, population.GL_WEIGHTS)
                g_star, outlet, yb, ye, o_to_gas, tau_eff, x_out, failed, slope, _, x_prof = out
            else:  # nothing reacts (or the solids are spent): <g> = g_max and the solids leave as they came
                outlet, yb, ye, _, o_to_gas, failed, x_prof = _march_kernel(
                    fe, fb, src_cells, a_b_arr, m_s_arr, lay["c_tot"], r_oc / M_O, g_max, inp.T, kin_p, kin_idx, kin_nu, kin_o,
                    kin_rev, kin_sign, wgs, k_wgs, nu_wgs, profile)
                g_star, tau_eff, x_out, slope = g_max, math.inf, inp.x_in, 0.0
            if failed >= 0:
                raise ConvergenceError(f"bubbling bed: the balances of cell {failed + 1} of {n_cells} did not "
                                       "converge (Newton from the previous cell's emulsion composition)")
            prepared.profile_last = x_prof
            slope = slope or None
        return outlet, yb, ye, o_to_gas, tau_eff, x_out, g_star, slope

    rf0 = prepared.reforming
    if rf0 is None:
        outlet, yb, ye, o_to_gas, tau_eff, x_out, g_star, slope = run(None)
    else:
        # the reforming runs on the reduced metal, the solids' mean conversion, which for well-mixed
        # solids is the leaving solids' x_out: a fixed point on it. Started from fully reduced solids,
        # so that it finds the reacting (upper) state: with no direct CH4 step (Ni: Medrano et al. 2015)
        # unreduced solids that make no H2 or CO are a steady state too, one that the bed would leave
        # at the first trace of reduced metal
        citations.cite("XuFroment1989")
        x_red = 1.0
        for _ in range(REDUCED_MAX_ITER):
            rf = rf0.copy()
            rf[RF_METAL] *= x_red
            outlet, yb, ye, o_to_gas, tau_eff, x_out, g_star, slope = run(rf)
            if abs(x_out - x_red) <= REDUCED_TOL:
                break
            x_red = x_out
        else:
            raise ConvergenceError(f"bubbling bed: the reduced fraction of the solids that catalyses reforming did "
                                   f"not settle in {REDUCED_MAX_ITER} steps (last {x_red!r} -> {x_out!r})")
    if prepared.g_last is not None and prepared.x_in_last is not None and inp.x_in != prepared.x_in_last:
        prepared.x_in_slope = (g_star - prepared.g_last) / (inp.x_in - prepared.x_in_last)
    prepared.g_last, prepared.x_in_last = g_star, inp.x_in
    prepared.slope_last = slope
    hydro = dict(prepared.hydro)
    hydro["bubble_diameter"] = hydro["bubble_diameter"].copy()
    hydro["bubble_fraction"] = hydro["bubble_fraction"].copy()
    hydro["validity_warnings"] = list(hydro["validity_warnings"])
    result = BedResult(outlet, x_out, g_star, tau_eff, t_mean, o_to_gas, lay["z"], yb, ye, hydro)
    if not np.all(np.isfinite(outlet)) or not math.isfinite(x_out):
        raise ConvergenceError("bubbling bed: the solve ended on a non-finite outlet or solids conversion")
    _check_balances(inp.feed, outlet, o_to_gas, "the reference twin" if use_twin else "the kernels")
    prepared.last = (key, _result_copy(result))
    return result


_NU_WGS = gas.vector(gas.WGS)
# the fixed point on the reduced fraction that catalyses reforming (see solve)
REDUCED_TOL = 1e-12
REDUCED_MAX_ITER = 200
BALANCE_TOLERANCE = 1e-9  # relative element residual of a bed above which its solve is an error


def _check_balances(feed: np.ndarray, outlet: np.ndarray, o_to_gas: float, solver: str) -> None:
    """A solved bed keeps the gas's C, H and N, and its O changes by what the solids gave; a residual
    above :data:`BALANCE_TOLERANCE` (relative to the feed's atoms of that element) is a
    :class:`ConvergenceError`, never a result."""
    elements, A = gas.element_matrix()
    into, out = A @ feed, A @ outlet
    o = elements.index("O")
    scale = max(float(into.max()), 1e-300)
    for e, el in enumerate(elements):
        gained = o_to_gas if e == o else 0.0
        residual = (out[e] - into[e] - gained) / max(into[e], abs(gained), 1e-12 * scale)
        if not abs(residual) <= BALANCE_TOLERANCE:
            raise ConvergenceError(f"bubbling bed: {solver} stopped but the bed's {el} balance does not close "
                                   f"(relative residual {residual:.3g} > {BALANCE_TOLERANCE:g}); no result is returned")


# --- the loop's reactor interface (clc.reactor) ------------------------------------------------

def bed_input(unit, spec, feed: np.ndarray, reacting: tuple[str, ...], x_in: float,
              T: float | None = None, P: float | None = None, emulsion_feed: np.ndarray | None = None) -> BedInput:
    """The :class:`BedInput` of reactor ``spec`` in ``unit`` (:mod:`clc.specs` objects)."""
    return BedInput(carrier=unit.carrier, reacting_gases=reacting, T=spec.temperature if T is None else T,
                    P=unit.pressure if P is None else P, feed=feed, emulsion_feed=emulsion_feed,
                    inventory=spec.inventory, solids_flow=unit.solids_circulation, x_in=x_in,
                    diameter=spec.diameter, n_orifices=spec.n_orifices, d_p=unit.d_p, rho_p=unit.rho_p,
                    eps_mf=unit.eps_mf, n_cells=unit.n_cells, wgs_equilibrium=unit.wgs_equilibrium,
                    extrapolate_kinetics=unit.extrapolate_kinetics, regime=spec.regime,
                    riser_height=spec.riser_height, riser_model=spec.riser_model, riser_params=spec.riser_params,
                    freeboard_height=spec.freeboard_height, freeboard_params=spec.freeboard_params,
                    max_cell_height=unit.riser_cell_height if spec.regime == "riser" else unit.cell_height)


_WARM_FIELDS = ("g_last", "x_in_last", "x_in_slope", "slope_last", "profile_last")


class FluidizedBed:
    """A bubbling bed or riser (``spec.regime``) as a reactor of the loop (:class:`clc.reactor.Reactor`).

    The bed is prepared (hydrodynamics, kinetic arrays) on its first solve for a gas inlet and
    reused while that inlet stays; each solve starts from the last solution.
    """

    def __init__(self, unit, spec, reacting_gases: tuple[str, ...]):
        self.unit, self.spec, self.reacting = unit, spec, tuple(reacting_gases)
        self._prepared: Prepared | None = None
        self._key = None
        self._warm: dict = {}

    def warm_start(self, other: FluidizedBed) -> None:
        src = other._prepared
        if src is not None:
            self._warm = {name: getattr(src, name) for name in _WARM_FIELDS}
            if self._prepared is not None:
                for name, v in self._warm.items():
                    setattr(self._prepared, name, v)

    def solve(self, gas_in, solids_in):
        if solids_in.flow != self.unit.solids_circulation:
            raise ValueError(f"solids flow={solids_in.flow!r} kg/s differs from the unit's solids_circulation "
                             f"{self.unit.solids_circulation!r} kg/s this bed was built for")
        key = (gas_in.feed.tobytes(), gas_in.T, gas_in.P)
        if self._prepared is None or key != self._key:
            try:
                self._prepared = prepare(bed_input(self.unit, self.spec, gas_in.feed, self.reacting, 0.0, gas_in.T,
                                                   gas_in.P))
            except ValueError as exc:  # name the reactor the user typed (its hydrodynamics cannot run)
                role = "fuel_reactor" if self.spec is self.unit.fuel_reactor else "air_reactor"
                raise ValueError(f"{role} ({self.spec.regime}): {exc}") from None
            self._key = key
            for name, v in self._warm.items():
                setattr(self._prepared, name, v)
        r = solve(bed_input(self.unit, self.spec, gas_in.feed, self.reacting, solids_in.x_in, gas_in.T, gas_in.P,
                            gas_in.emulsion_feed), prepared=self._prepared)
        h = r.hydro
        extra: dict = {}
        if "freeboard_height" in h:
            extra = dict(freeboard_height=float(h["freeboard_height"]), freeboard_solids=float(h["freeboard_solids"]))
        elif "riser_model" in h:
            extra = dict(riser_dense_height=float(h["dense_height"]), terminal_velocity=float(h["u_t"]))
            if h["riser_model"] == "kunii_levenspiel":
                extra["riser_implied_circulation"] = float(h["riser_implied_circulation"])
        balances = {"O (gas vs solids)": oxygen_balance(gas_in.feed, r.outlet, r.oxygen_to_gas)}
        return Outcome(outlet=r.outlet, x_out=r.x_out, oxygen_to_gas=r.oxygen_to_gas, t_mean=r.t_mean,
                       pressure_drop=h["pressure_drop"], height=h["height"], u0_over_umf=h["u0_over_umf"],
                       profile=Profile(r.z, r.y_emulsion, h["cell_solids"]), balances=balances,
                       warnings=tuple(h["validity_warnings"]), result=r, **extra)
