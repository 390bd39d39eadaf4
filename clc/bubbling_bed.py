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
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np
from numba import njit
from scipy.optimize import brentq, root

from . import carriers, citations, gas, hydrodynamics, population, rates, riser, thermo
from .constants import G
from .constants import R as R_GAS
from .errors import ConvergenceError
from .reactor import Outcome, Profile, oxygen_balance
from .reforming import N_RF, RF_METAL, _reforming, reforming_vector  # noqa: F401 (steam reforming on reduced Ni)
from .thermo import M_O  # kg/mol

# largest scaled cell residual the marches accept: the cells' balances, as fractions of the feed,
# then hold to ~1e-14 each (a warm-started Newton stops as soon as it is below, so this sets how
# closely the bed's inert and element balances close over its cells)
NEWTON_TOL = 1e-14


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


# gas indices of the shift and the reforming
_ICH4 = gas.INDEX["CH4"]
_ICO, _IH2O, _ICO2, _IH2 = (gas.INDEX[s_] for s_ in ("CO", "H2O", "CO2", "H2"))


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
    if nu_wgs.shape[0] > n:  # steam reforming on the reduced metal (its constants follow the shift's nu)
        _reforming(y_e, nu_wgs[n:], c_tot, T, src, src, np.zeros((n, n)), False)
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




@njit(cache=True)
def _solve_small(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """x with a x = b by Gaussian elimination with partial pivoting (a, b copied).

    A pivot below 1e-300 (the WGS row is empty when no C/H gases are present) leaves that
    unknown unchanged (x = 0 for it), which is what the Newton step needs there.
    """
    x = np.empty(b.shape[0])
    _solve_into(a.copy(), b, x, np.ones(b.shape[0], dtype=np.bool_))
    return x


@njit(cache=True)
def _solve_into(a: np.ndarray, b: np.ndarray, x: np.ndarray, perm_ok: np.ndarray) -> None:
    """:func:`_solve_small` without allocations: ``a`` is overwritten, the solution goes to ``x``."""
    m = b.shape[0]
    for i in range(m):
        x[i] = b[i]
        perm_ok[i] = True
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


@njit(cache=True)
def _cell_residual_jac(xv, fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx, kin_nu,
                       kin_o, kin_rev, wgs, k_wgs, nu_wgs, scale, out, jac, ws):
    """:func:`_cell_residual` (into ``out``) and its analytic Jacobian d out / d xv (into ``jac``).

    ``ws`` is a work array of shape (4, len(xv)). Where a mole fraction is clipped at 0 the
    derivative is the one-sided one from above (as a forward difference gives it); where a
    driving concentration is not positive its rate and the rate's derivative are 0.
    Its reference is the finite-difference Jacobian of :func:`_cell_residual` (tests).
    """
    n = fe_in.shape[0]
    m = xv.shape[0]
    f_e = 0.0
    for i in range(n):
        f_e += fe_in[i]
    y_e = ws[0]
    dy = ws[1]
    src = ws[2]
    dprod = ws[3]
    for i in range(n):
        y_e[i] = max(xv[i], 0.0)
        dy[i] = 1.0 if xv[i] >= 0.0 else 0.0
        src[i] = 0.0
    for i in range(m):
        for k in range(m):
            jac[i, k] = 0.0  # rows < n first hold d src / d xv
    for j in range(kin_idx.shape[0]):
        c_j = _driving(c_tot, y_e, j, kin_idx, kin_rev)
        if c_j > 0.0:
            r = rate_scale / rates.tau_chemical(kin_p[j], T, c_j) / kin_o[j]
            drdc = kin_p[j, rates.P_N] * r / c_j  # r = const C^n
            ij = kin_idx[j]
            prod_j = int(kin_rev[j, 0])
            for i in range(n):
                nu = kin_nu[j, i]
                if nu != 0.0:
                    src[i] += nu * r
                    jac[i, ij] += nu * drdc * c_tot * dy[ij]
                    if prod_j >= 0:
                        jac[i, prod_j] -= nu * drdc * c_tot * kin_rev[j, 1] * dy[prod_j]
    if wgs:
        for i in range(n):
            src[i] += nu_wgs[i] * xv[n] * scale
            jac[i, n] += nu_wgs[i] * scale
    if nu_wgs.shape[0] > n:  # steam reforming: sources into src, d src / d y_e into jac[:n, :n]
        _reforming(y_e, nu_wgs[n:], c_tot, T, src, dy, jac, True)
    prod = 0.0
    for i in range(n):
        prod += src[i]
    for k in range(m):
        s = 0.0
        for i in range(n):
            s += jac[i, k]
        dprod[k] = s
    if f_b_total <= 0.0:  # riser: out_i = (fe_i - x_i (f_e + prod) + src_i) / scale
        for i in range(n):
            out[i] = (fe_in[i] - xv[i] * (f_e + prod) + src[i]) / scale
            for k in range(m):
                jac[i, k] = (jac[i, k] - xv[i] * dprod[k]) / scale
            jac[i, i] -= (f_e + prod) / scale
    else:
        # bubble outflow of :func:`_bubble_out`, fb_i = N_i / D, differentiated in y_i and prod
        a_c = a_b * c_tot
        f_out = f_b_total + prod
        dfo = 1.0
        if f_out <= 1e-300:
            f_out = 1e-300
            dfo = 0.0
        if prod >= 0.0:
            d = 1.0 + a_c / f_out
            dd = -a_c / (f_out * f_out) * dfo
            dn_dy = a_c + prod
        else:
            d = 1.0 + (a_c - prod) / f_out
            if dfo == 0.0:  # f_out clipped: f_out * f_out would underflow to 0
                dd = -1.0 / f_out
            else:
                dd = (-f_out - (a_c - prod) * dfo) / (f_out * f_out)
            dn_dy = a_c
        for i in range(n):
            num = fb_in[i] + dn_dy * y_e[i]
            fb_i = num / d
            dfb_dp = ((y_e[i] if prod >= 0.0 else 0.0) - fb_i * dd) / d
            out[i] = (fe_in[i] - xv[i] * f_e + fb_in[i] - fb_i + src[i]) / scale
            for k in range(m):
                jac[i, k] = (jac[i, k] - dfb_dp * dprod[k]) / scale
            jac[i, i] -= (f_e + dn_dy / d * dy[i]) / scale
    if wgs:
        out[n] = k_wgs * y_e[_ICO] * y_e[_IH2O] - y_e[_ICO2] * y_e[_IH2]
        jac[n, _ICO] += k_wgs * y_e[_IH2O] * dy[_ICO]
        jac[n, _IH2O] += k_wgs * y_e[_ICO] * dy[_IH2O]
        jac[n, _ICO2] -= y_e[_IH2] * dy[_ICO2]
        jac[n, _IH2] -= y_e[_ICO2] * dy[_IH2]


@njit(cache=True)
def _newton_work(m: int):
    """Work arrays of :func:`_cell_newton_ws` for m unknowns."""
    return (np.empty(m), np.empty(m), np.empty(m), np.empty(m), np.empty((m, m)), np.empty((m, m)),
            np.empty((4, m)), np.empty(m), np.ones(m, dtype=np.bool_))


@njit(cache=True)
def _cell_newton(x0, args, tol=1e-13, max_iter=100):
    """Damped Newton with the analytic Jacobian of :func:`_cell_residual_jac`; (x, converged).

    Where the plain iteration fails, it is repeated from ``x0`` with positivity-preserving steps
    (:func:`_cell_newton_ws` with ``positive``), the march kernel's fallback. Its NumPy/SciPy
    twin is :func:`_cell_scipy` (MINPACK's hybrd on :func:`_cell_residual`, the same fallback).
    """
    work = _newton_work(x0.shape[0])
    x, ok = _cell_newton_ws(x0, args, work, tol, max_iter, False)
    if not ok:
        x, ok = _cell_newton_ws(x0, args, work, tol, POSITIVE_MAX_ITER, True)
    if not ok:
        x, ok = _cell_newton_ramp(x0, args, work, tol)
    return x.copy(), ok


@njit(cache=True)
def _cell_newton_ramp(x0, args, work, tol):
    """The cell solved by continuation in its reforming rate, for cells where Newton fails outright.

    Reforming on much reduced metal is fast enough that the cell sits at its equilibrium, and Newton
    from the inflow (no H2: the rates at their H2 floor) does not find it. The metal in the cell
    (``args[14][n + RF_METAL]``, restored on return) is raised from 1e-8 of its value to all of it,
    tenfold per step, each step the positivity-preserving Newton from the last root; a failed step
    is retried with a smaller ratio. A step is accepted at a scaled residual below :data:`RAMP_TOL`
    where Newton stalls above ``tol``: near the reforming equilibrium the rates are small differences
    of large forward and reverse terms, whose round-off sets a floor on the residual (the bed's
    element balances are checked after the solve all the same). (x, converged); not converged
    without reforming.
    """
    (fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx, kin_nu, kin_o, kin_rev, wgs,
     k_wgs, nu, scale) = args
    res = np.empty(x0.shape[0])
    n = args[0].shape[0]
    x_ok = x0.copy()
    if nu.shape[0] <= n:
        return x_ok, False
    full = nu[n + RF_METAL]
    s_ok, s, ratio = 0.0, 1e-8, 10.0
    ok = False
    for _ in range(400):
        nu[n + RF_METAL] = full * s
        x, ok = _cell_newton_ws(x_ok, args, work, tol, POSITIVE_MAX_ITER, True)
        if not ok:
            _cell_residual(x, fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx, kin_nu, kin_o,
                           kin_rev, wgs, k_wgs, nu, scale, res)
            ok = np.max(np.abs(res)) < RAMP_TOL
        if ok:
            x_ok = x.copy()
            s_ok = s
            if s >= 1.0:
                break
            s = min(s * ratio, 1.0)
        else:
            ratio = math.sqrt(ratio)
            if ratio < 1.0001:
                break
            s = min(s_ok * ratio, 1.0) if s_ok > 0.0 else s * 1e-2
    nu[n + RF_METAL] = full
    return x_ok, ok and s_ok >= 1.0


# largest scaled cell residual a reforming cell solved by continuation accepts (_cell_newton_ramp)
RAMP_TOL = 1e-11

# iterations of the positivity-preserving Newton: each step that would cross zero cuts that mole
# fraction tenfold, so a fuel gas ~1e-30 below its start needs ~30 of them before Newton's own steps
POSITIVE_MAX_ITER = 300


@njit(cache=True)
def _cell_newton_ws(x0, args, work, tol, max_iter, positive):
    """:func:`_cell_newton` in the work arrays of :func:`_newton_work`; x is one of them.

    A step is halved until the largest scaled residual falls (a line search on the max norm).
    Mole fractions a step would make negative are clipped at 0; with ``positive`` they are cut to
    a tenth of their value instead (a fraction-to-the-boundary rule). The clipped iteration fails
    where the rate's order is below 1 and the fuel gas is nearly consumed: at 0 the rate and its
    derivative vanish, so Newton leaps to the inflow's composition and back to 0, never reaching
    the root a few decades below (e.g. CH4 on the Cu set, n = 0.4); the positive steps walk down
    to it geometrically and Newton finishes from there.
    """
    (fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx, kin_nu, kin_o, kin_rev, wgs,
     k_wgs, nu_wgs, scale) = args
    x, xn, r, r2, jac, jac2, ws, dx, perm_ok = work
    m = x0.shape[0]
    n_clip = m - 1 if wgs else m
    for i in range(m):
        x[i] = x0[i]
    _cell_residual_jac(x, fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx, kin_nu,
                       kin_o, kin_rev, wgs, k_wgs, nu_wgs, scale, r, jac, ws)
    norm = np.max(np.abs(r))
    n2 = norm
    for _ in range(max_iter):
        if norm < tol:
            return x, True
        for i in range(m):
            r2[i] = -r[i]
        _solve_into(jac, r2, dx, perm_ok)  # jac is recomputed at the next point
        step = 1.0
        for _ls in range(30):
            for i in range(m):
                xn[i] = x[i] + step * dx[i]
            for i in range(n_clip):
                if xn[i] < 0.0:
                    xn[i] = 0.1 * x[i] if positive else 0.0
            _cell_residual_jac(xn, fe_in, fb_in, a_b, c_tot, f_b_total, rate_scale, T, kin_p, kin_idx,
                               kin_nu, kin_o, kin_rev, wgs, k_wgs, nu_wgs, scale, r2, jac2, ws)
            n2 = np.max(np.abs(r2))
            if n2 < norm or step < 1e-6:
                break
            step *= 0.5
        if n2 >= norm:  # no descent even at a tiny step: the round-off floor of the residual
            return x, norm < 1e3 * tol
        x, xn = xn, x
        r, r2 = r2, r
        jac, jac2 = jac2, jac
        norm = n2
    return x, norm < tol


def _cell_scipy(x0, args):
    """NumPy/SciPy twin of :func:`_cell_newton`: the same balances solved by MINPACK's hybrd.

    Where hybrd fails, the positivity-preserving Newton of :func:`_cell_newton_ws` runs in plain
    Python (its ``py_func``), as the kernel's fallback does.
    """
    m = x0.shape[0]

    def f(xv):
        out = np.empty(m)
        _cell_residual.py_func(xv, *args, out)
        return out

    sol = root(f, x0, method="hybr", options={"xtol": 1e-13})
    if np.max(np.abs(f(sol.x))) < 1e-11:
        return sol.x, True
    work = _newton_work.py_func(m)
    x, ok = _cell_newton_ws.py_func(np.asarray(x0, dtype=float), args, work, 1e-13, POSITIVE_MAX_ITER, True)
    if not ok:  # reforming too fast to start from the inflow: continuation in its rate, as the kernel
        x, ok = _cell_newton_ramp.py_func(np.asarray(x0, dtype=float), args, work, 1e-13)
    return x.copy(), bool(ok)


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
def _march_kernel(fe, fb, src_cells, a_b_arr, m_s_arr, c_tot, o_per_kg, g_mean, T, kin_p, kin_idx, kin_nu, kin_o,
                  kin_rev, kin_sign, wgs, k_wgs, nu_wgs, guess):
    """Numba twin of :func:`_march`: the whole cell chain in one compiled call.

    ``guess`` (n_cells x unknowns per cell, or 0 x n) warm-starts each cell's Newton iteration;
    ``src_cells`` (n_cells x n) is the gas released in each cell's emulsion (:func:`_emulsion_sources`).
    Returns (outlet, y_bubble, y_emulsion, sum m_s kappa, O to gas, failed cell or -1, the
    cells' solved unknowns: the next march's ``guess``). Written with explicit loops (no array
    expressions), which keeps numba's compile time down.
    """
    n = fe.shape[0]
    n_cells = a_b_arr.shape[0]
    m = n + 1 if wgs else n
    yb_prof = np.zeros((n_cells, n))
    ye_prof = np.zeros((n_cells, n))
    x_prof = np.zeros((n_cells, m))
    work = _newton_work(m)
    x0 = np.zeros(m)
    src = np.zeros(n)
    y_e = np.zeros(n)
    fb = fb.copy()
    fe = fe.copy()
    fb_new = np.empty(n)
    scale = 0.0
    for i in range(n):
        scale += fe[i] + fb[i]
    for k in range(n_cells):
        for i in range(n):
            scale += src_cells[k, i]
    kappa_weighted = 0.0
    o_to_gas = 0.0
    # a cell's copy of nu_wgs, whose reforming entries (if any) carry that cell's reduced metal
    nu_cell = nu_wgs.copy()
    warm = guess.shape[0] == n_cells
    n_guess = min(m, guess.shape[1])
    failed = -1
    for k in range(n_cells):
        n_o = m_s_arr[k] * o_per_kg
        if nu_wgs.shape[0] > n:
            nu_cell[n + RF_METAL] = nu_wgs[n + RF_METAL] * m_s_arr[k]
        a_b = a_b_arr[k]
        if a_b < 0.0:  # freeboard cell: the bubbles have burst at the bed surface, one gas phase
            a_b = 0.0
            for i in range(n):
                fe[i] += fb[i]
                fb[i] = 0.0
        base_e = 0.0  # the emulsion's own inflow; gas released in it leaves to the bubbles
        for i in range(n):
            base_e += fe[i]
            fe[i] += src_cells[k, i]
        fb_tot = 0.0
        fe_tot = 0.0
        for i in range(n):
            fb_tot += fb[i]
            fe_tot += fe[i]
        args = (fe, fb, a_b, c_tot, fb_tot, n_o * g_mean, T, kin_p, kin_idx, kin_nu, kin_o,
                kin_rev, wgs, k_wgs, nu_cell, scale)
        ok = False
        x = x0
        # warm start; if it misleads Newton, cold; then cold with positivity-preserving steps (one
        # call site: compiles once)
        for attempt in range(4):
            if (attempt == 1 and not warm) or (attempt == 3 and nu_wgs.shape[0] <= n):
                continue
            for i in range(m):
                x0[i] = 0.0
            for i in range(n):
                if warm and attempt == 0:
                    x0[i] = guess[k, i]
                elif k == 0:
                    x0[i] = (fe[i] + fb[i]) / scale
                else:
                    x0[i] = ye_prof[k - 1, i]
            if warm and attempt == 0 and n_guess > n:
                x0[n] = guess[k, n]
            if attempt == 3:  # reforming: continuation in its rate (one call site)
                x, ok = _cell_newton_ramp(x0, args, work, NEWTON_TOL)
            else:
                x, ok = _cell_newton_ws(x0, args, work, NEWTON_TOL, POSITIVE_MAX_ITER if attempt == 2 else 100,
                                        attempt == 2)
            if ok:
                break
        if not ok:
            failed = k
            break
        for i in range(m):
            x_prof[k, i] = x[i]
        for i in range(n):
            y_e[i] = max(x[i], 0.0)
            src[i] = 0.0
        kap = 0.0
        for j in range(kin_idx.shape[0]):
            c_j = _driving(c_tot, y_e, j, kin_idx, kin_rev)
            kj = 1.0 / rates.tau_chemical(kin_p[j], T, c_j) if c_j > 0.0 else 0.0
            kap += kj
            for i in range(n):
                src[i] += kin_nu[j, i] * n_o * g_mean * kj / kin_o[j]
            o_to_gas += n_o * g_mean * kj * kin_sign[j]
        if nu_wgs.shape[0] > n:
            _reforming(y_e, nu_cell[n:], c_tot, T, src, src, np.zeros((n, n)), False)
        prod = 0.0
        for i in range(n):
            if wgs:
                src[i] += nu_wgs[i] * x[n] * scale
            prod += src[i]
        if fb_tot > 0.0:
            _bubble_out(fb, y_e, a_b, c_tot, fb_tot, prod, fb_new)
            fb_sum = 0.0
            for i in range(n):
                fb[i] = fb_new[i] + y_e[i] * (fe_tot - base_e)
                fb_sum += fb[i]
            for i in range(n):
                fe[i] = y_e[i] * base_e
                yb_prof[k, i] = fb[i] / fb_sum
        else:
            for i in range(n):
                fe[i] = y_e[i] * (fe_tot + prod)
                yb_prof[k, i] = y_e[i]  # a riser has one gas phase
        for i in range(n):
            ye_prof[k, i] = y_e[i]
        kappa_weighted += m_s_arr[k] * kap
    outlet = np.empty(n)
    for i in range(n):
        outlet[i] = fb[i] + fe[i]
    return outlet, yb_prof, ye_prof, kappa_weighted, o_to_gas, failed, x_prof


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


# --- root of g - <g>(g): Brent's method by reverse communication --------------------------------
# The state array holds (x_pre, x_cur, x_blk, f_pre, f_cur, f_blk, s_pre, s_cur); the iteration is
# the one of SciPy's brentq (Brent, Algorithms for Minimization without Derivatives, 1973, ch. 4),
# so that the numba root finder and its SciPy twin take the same steps.
_B_XPRE, _B_XCUR, _B_XBLK, _B_FPRE, _B_FCUR, _B_FBLK, _B_SPRE, _B_SCUR = range(8)


@njit(cache=True)
def _brent_start(xa: float, fa: float, xb: float, fb: float) -> np.ndarray:
    """Brent state on the bracket [xa, xb] (fa fb < 0); then call :func:`_brent_next`."""
    s = np.zeros(8)
    s[_B_XPRE], s[_B_XCUR], s[_B_FPRE], s[_B_FCUR] = xa, xb, fa, fb
    return s


@njit(cache=True)
def _brent_next(s: np.ndarray, xtol: float, rtol: float) -> tuple:
    """(x, done): the root if done, else the next point, whose f the caller stores in s[_B_FCUR]."""
    xpre, xcur, xblk = s[_B_XPRE], s[_B_XCUR], s[_B_XBLK]
    fpre, fcur, fblk = s[_B_FPRE], s[_B_FCUR], s[_B_FBLK]
    spre, scur = s[_B_SPRE], s[_B_SCUR]
    if fpre * fcur < 0.0:
        xblk, fblk = xpre, fpre
        spre = scur = xcur - xpre
    if abs(fblk) < abs(fcur):
        xpre, xcur, xblk = xcur, xblk, xcur
        fpre, fcur, fblk = fcur, fblk, fcur
    delta = (xtol + rtol * abs(xcur)) / 2.0
    sbis = (xblk - xcur) / 2.0
    done = fcur == 0.0 or abs(sbis) < delta
    if not done:
        if abs(spre) > delta and abs(fcur) < abs(fpre):
            if xpre == xblk:  # secant
                stry = -fcur * (xcur - xpre) / (fcur - fpre)
            else:  # inverse quadratic
                dpre = (fpre - fcur) / (xpre - xcur)
                dblk = (fblk - fcur) / (xblk - xcur)
                stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            if 2.0 * abs(stry) < min(abs(spre), 3.0 * abs(sbis) - delta):
                spre, scur = scur, stry
            else:
                spre = scur = sbis
        else:
            spre = scur = sbis
        xpre, fpre = xcur, fcur
        xcur += scur if abs(scur) > delta else (delta if sbis > 0.0 else -delta)
    s[_B_XPRE], s[_B_XCUR], s[_B_XBLK] = xpre, xcur, xblk
    s[_B_FPRE], s[_B_FCUR], s[_B_FBLK] = fpre, fcur, fblk
    s[_B_SPRE], s[_B_SCUR] = spre, scur
    return xcur, done


def _brentq_rc(f, a: float, b: float, xtol: float, rtol: float, maxiter: int = 200) -> float:
    """Brent's method through :func:`_brent_start` / :func:`_brent_next` (checked against SciPy's brentq)."""
    fa, fb = f(a), f(b)
    if fa * fb > 0.0:
        raise ValueError("f(a) and f(b) must have different signs")
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    s = _brent_start(a, fa, b, fb)
    for _ in range(maxiter):
        x, done = _brent_next(s, xtol, rtol)
        if done:
            return x
        s[_B_FCUR] = f(x)
    raise ConvergenceError(f"bubbling bed: Brent's method on the mean rate factor <g> did not converge in "
                           f"{maxiter} iterations")


def _first_step(g0: float, f0: float, g_max: float, slope: float | None) -> tuple[float, bool]:
    """Second point of the secant: a Newton step with the previous solve's slope, else g0 (1 + 1e-4).

    Returns (g1, whether g1 estimates the root, so that a step below the tolerance ends the search).
    """
    if slope is not None and slope != 0.0 and math.isfinite(slope):
        g1 = g0 - f0 / slope
        if 0.0 < g1 <= g_max and g1 != g0:
            return g1, True
    return min(g0 * (1.0 + 1e-4), g_max), False


def _root_g(f, g_max: float, guess: float | None, slope: float | None = None) -> tuple[float, float | None]:
    """Root of f(g) = g - <g>(g) in [0, g_max]: secant from a guess, else Brent on the bracket.

    Returns (root, the secant's last slope or None). Plain-Python twin of :func:`_g_solve_kernel`.
    """
    tol = 1e-11 * max(g_max, 1e-12)
    if guess is not None and 0.0 < guess < g_max:
        g0, f0 = guess, f(guess)
        g1, estimate = _first_step(g0, f0, g_max, slope)
    else:  # from g_max, whose image <g>(g_max) is the first step (a fixed-point step)
        g0, f0 = g_max, f(g_max)
        if f0 <= 0.0:
            return g_max, None
        g1, slope, estimate = g_max - f0, None, True
    f1 = f(g1)
    if estimate and abs(g1 - g0) <= tol:
        return g1, slope
    for _ in range(20):
        if f1 == f0:
            break
        g2 = g1 - f1 * (g1 - g0) / (f1 - f0)
        slope = (f1 - f0) / (g1 - g0)
        if not 0.0 <= g2 <= g_max:
            break
        g0, f0, g1 = g1, f1, g2
        f1 = f(g1)
        if abs(g1 - g0) <= tol:
            return g1, slope
    if f(g_max) <= 0.0:
        return g_max, None
    return brentq(f, 0.0, g_max, xtol=tol, rtol=1e-13, maxiter=200), None


def _g_eval(g, fe, fb, src_cells, a_b_arr, m_s_arr, c_tot, o_per_kg, T, kin_p, kin_idx, kin_nu, kin_o, kin_rev, kin_sign,
            wgs, k_wgs, nu_wgs, profile, fp, x_in, t_mean, m_bed, nodes, weights):
    """March at <g> = g and average the population: (g - <g>_new, march outputs, tau_eff, x_out).

    The step :func:`_g_solve_kernel` repeats (written out there); used by the tests."""
    out = _march_kernel(fe, fb, src_cells, a_b_arr, m_s_arr, c_tot, o_per_kg, g, T, kin_p, kin_idx, kin_nu, kin_o,
                        kin_rev, kin_sign, wgs, k_wgs, nu_wgs, profile)
    kappa_mean = out[3] / m_bed
    tau = 1.0 / kappa_mean if kappa_mean > 0.0 else math.inf
    x_out, g_new = population.mixed_bed_averages(fp, x_in, tau, t_mean, nodes, weights)
    return g - g_new, out, tau, x_out


@njit(cache=True)
def _extrapolate(x0, x1, g0, g1, g, n_species):
    """Warm start for a march at g: the cells' unknowns extrapolated linearly from the marches at g0
    and g1 (x0, x1), mole fractions kept >= 0; x1 itself where that would reach past 1.5 steps."""
    if x0.shape[0] != x1.shape[0] or x0.shape[1] != x1.shape[1] or x1.shape[0] == 0 or g1 == g0:
        return x1
    t = (g - g1) / (g1 - g0)
    if not abs(t) <= 1.5:
        return x1
    out = np.empty(x1.shape)
    for k in range(x1.shape[0]):
        for i in range(x1.shape[1]):
            v = x1[k, i] + (x1[k, i] - x0[k, i]) * t
            out[k, i] = max(v, 0.0) if i < n_species else v
    return out


@njit(cache=True)
def _g_solve_kernel(fe, fb, src_cells, a_b_arr, m_s_arr, c_tot, o_per_kg, T, kin_p, kin_idx, kin_nu, kin_o, kin_rev,
                    kin_sign, wgs, k_wgs, nu_wgs, profile, fp, x_in, t_mean, g_max, guess, slope, nodes, weights):
    """The bed's fixed point <g> = g in one compiled call: :func:`_root_g` over :func:`_march_kernel`.

    ``guess`` outside (0, g_max) and ``slope`` = 0 mean none; ``profile`` (n_cells x unknowns per
    cell, or 0 x n) warm-starts the cells' Newton iterations; later marches start from the last
    two (:func:`_extrapolate`). Returns (g, outlet, y_bubble, y_emulsion, O to gas, tau_eff, x_out,
    failed cell or -1, the secant's last slope or 0, number of marches, the cells' unknowns for
    the next warm start). Its twin is :func:`_root_g` over the Python march
    (``solve(use_twin=True)``): the same steps, Brent's as SciPy's brentq takes them. Written as
    one loop around a single march (a state machine over the phases below), which keeps the
    compiled code, and numba's compile time, small.
    """
    m_bed = m_s_arr.sum()
    n_sp = fe.shape[0]
    tol = 1e-11 * max(g_max, 1e-12)
    has_guess = 0.0 < guess < g_max
    start, first, secant, at_gmax, at_zero, brent, final = 0, 1, 2, 3, 4, 5, 6
    phase = start
    g_next = guess if has_guess else g_max
    # the last march (its point, f, outputs) and the one before it, for the warm starts
    g_last, tau_last, x_last = g_next, math.inf, x_in
    last = (fe + fb, np.zeros((0, n_sp)), np.zeros((0, n_sp)), 0.0, 0.0, -1, np.zeros((0, profile.shape[1])))
    prev_g = g_next
    prev_x = profile[:0]
    last_x = profile
    root = -1.0
    slope_out = slope if has_guess else 0.0
    f_gmax = math.nan
    g0 = f0 = g1 = f1 = 0.0
    estimate = True  # g1 estimates the root (not the secant's small perturbation)
    n_secant = 0
    n_brent = 0
    s = np.zeros(8)
    n_eval = 0
    for _ in range(300):
        out = _march_kernel(fe, fb, src_cells, a_b_arr, m_s_arr, c_tot, o_per_kg, g_next, T, kin_p, kin_idx, kin_nu,
                            kin_o,
                            kin_rev, kin_sign, wgs, k_wgs, nu_wgs,
                            _extrapolate(prev_x, last_x, prev_g, g_last, g_next, n_sp))
        n_eval += 1
        kappa_mean = out[3] / m_bed
        tau = 1.0 / kappa_mean if kappa_mean > 0.0 else math.inf
        x_o, g_new = population.mixed_bed_averages(fp, x_in, tau, t_mean, nodes, weights)
        f = g_next - g_new  # as in :func:`_g_eval`
        if out[5] >= 0:
            return g_next, out[0], out[1], out[2], out[4], tau, x_o, out[5], 0.0, n_eval, out[6]
        if n_eval > 1:
            prev_g, prev_x = g_last, last_x
        g_last, last, tau_last, x_last, last_x = g_next, out, tau, x_o, out[6]
        if g_next == g_max:
            f_gmax = f
        if phase == final:
            break
        # what this march tells, and where the next one goes
        fallback = False
        if phase == start:
            g0, f0 = g_next, f
            if has_guess:
                g1 = min(g0 * (1.0 + 1e-4), g_max)
                estimate = False
                if slope != 0.0 and math.isfinite(slope):  # Newton step with the previous solve's slope
                    g_try = g0 - f0 / slope
                    if 0.0 < g_try <= g_max and g_try != g0:
                        g1 = g_try
                        estimate = True
            else:  # from g_max, whose image <g>(g_max) is the first step (a fixed-point step)
                if f0 <= 0.0:
                    root = g_max
                g1 = g_max - f0
            phase = first
            g_next = g1
        elif phase == first or phase == secant:
            f1 = f
            if (phase == secant or estimate) and abs(g1 - g0) <= tol:
                root = g1
            elif n_secant == 20 or f1 == f0:
                fallback = True
            else:
                g2 = g1 - f1 * (g1 - g0) / (f1 - f0)
                slope_out = (f1 - f0) / (g1 - g0)
                if not 0.0 <= g2 <= g_max:
                    fallback = True
                else:
                    g0, f0, g1 = g1, f1, g2
                    n_secant += 1
                    phase = secant
                    g_next = g2
        elif phase == at_gmax:
            if f_gmax <= 0.0:
                root = g_max
            else:
                phase = at_zero
                g_next = 0.0
        elif phase == at_zero:
            if f == 0.0:
                root = 0.0
            else:  # f(0) = -<g>(0) < 0 < f(g_max)
                s = _brent_start(0.0, f, g_max, f_gmax)
                phase = brent
        elif phase == brent:
            s[_B_FCUR] = f
        if fallback:  # the secant failed: Brent on the bracket [0, g_max]
            slope_out = 0.0
            if f_gmax != f_gmax:  # not evaluated yet
                phase = at_gmax
                g_next = g_max
            elif f_gmax <= 0.0:
                root = g_max
            else:
                phase = at_zero
                g_next = 0.0
        if phase == brent and root < 0.0:
            x, done = _brent_next(s, tol, 1e-13)
            n_brent += 1
            if done or n_brent > 200:
                root = x if done else s[_B_XCUR]
            else:
                g_next = x
        if root >= 0.0:
            if root == g_last:
                break
            phase = final  # Brent may end on an earlier point: march there once more
            g_next = root
    return root, last[0], last[1], last[2], last[4], tau_last, x_last, -1, slope_out, n_eval, last[6]


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
