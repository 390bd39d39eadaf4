"""The freeboard closures of the Kunii-Levenspiel bed (:mod:`clc.kl_bed`), evaluated at the gas leaving the bed.

Above the bed all gas rises in plug flow past the solids thrown up from the surface, eps_s(h) = eps_s0 exp(-a h)
(Kunii & Levenspiel 1991 ch. 7; total reflux). This module picks each constant (the sources and labels are in
:mod:`clc.kl_closures`) and says where one is used outside its data:

* a u0: Kunii & Levenspiel's Fig. 7.12 at d_p (digitised, second-hand), unless given;
* eps_s0: given, or twice the upward flux F0 at the surface over rho_p u0 (the factor and the particle speed an
  ASSUMPTION), F0 by Wen & Chen (1982, the default; at the bubble size, gas density and viscosity at the bed's top)
  or by Pemberton & Davidson's wake ejection (1986); both second-hand;
* height: given (the loop gives the vessel's top less the bed), else Chan & Knowlton's (1984) transport
  disengaging height at the gas velocity leaving the bed (second-hand).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import kl_closures as kc


@dataclass(frozen=True)
class Freeboard:
    """The freeboard's constants as solved: height [m], a u0 [1/s], a [1/m], eps_s0 [-], the surface flux F0
    [kg/(m2 s); 0 where eps_s0 was given], the gas velocity leaving the bed [m/s], and whether eps_s0 from the flux
    was cut at 1 - eps_mf."""
    height: float
    au0: float
    a: float
    eps0: float
    flux: float
    u_top: float
    capped: bool = False


def closures(request: tuple, *, d_p: float, eps_mf: float, u_mf: float, rho_p: float, u_top: float,
             surface_gas: Callable[[], tuple[float, float, float]]) -> Freeboard:
    """The freeboard for ``request`` = (height or None, a u0 or None, eps_s0 or None, flux name) above a bed whose
    gas leaves at ``u_top`` [m/s]; ``surface_gas()`` gives (d_b [m], rho_g [kg/m3], mu_g [Pa s]) at the bed's top
    and is called only for Wen & Chen's flux."""
    height, au0, eps0, flux_name = request
    au0 = kc.freeboard_decay_au0(d_p) if au0 is None else au0
    flux, capped = 0.0, False
    if eps0 is None and flux_name == "wake_ejection":
        eps0 = kc.freeboard_surface_solids(eps_mf, u_mf, u_top)
        flux = eps0 * rho_p * u_top / kc.FREEBOARD_STREAMS
    elif eps0 is None:
        d_b, rho_g, mu_g = surface_gas()
        flux = kc.surface_flux_wen_chen(d_b, rho_g, mu_g, u_top, u_mf)
        eps0 = kc.surface_solids_from_flux(flux, rho_p, u_top)
        if eps0 > 1.0 - eps_mf:
            eps0, capped = 1.0 - eps_mf, True
    height = kc.tdh_chan_knowlton(u_top) if height is None else height
    return Freeboard(height, au0, au0 / u_top, eps0, flux, u_top, capped)


def notices(fb: Freeboard, request: tuple) -> list[str]:
    """What the run must say though no range is broken: Wen & Chen's flux has no range that could be read (said
    each time it is used; not a range violation, so ``strict`` does not raise on it)."""
    if fb.height > 0.0 and request[2] is None and request[3] == "wen_chen":
        return [f"freeboard surface flux {fb.flux:.3g} kg/(m2 s) from Wen & Chen (AIChE J. 28 (1982) 117, read "
                "second-hand): no validity range could be read, so none is checked"]
    return []


def validity(fb: Freeboard, request: tuple, d_p: float) -> list[str]:
    """Warnings for the closures used outside their data."""
    out: list[str] = []
    if not fb.height > 0.0:
        return out
    height, au0, eps0, flux_name = request
    dp_um = d_p * 1e6
    if fb.capped:
        out.append("freeboard surface solids from the flux exceed 1 - eps_mf: cut there")
    if height is None:
        lo, hi = kc.TDH_CK_DP_UM
        if not lo <= dp_um <= hi:
            out.append(f"freeboard height {fb.height:.3g} m from Chan & Knowlton's TDH (1984, second-hand) at "
                       f"d_p = {dp_um:.4g} um: outside its data's {lo:g}-{hi:g} um (sand of {kc.TDH_CK_RHO_P:g} "
                       f"kg/m3 in a {kc.TDH_CK_D_T:g} m column)")
    if au0 is None:
        lo, hi = kc.FREEBOARD_AU0_DP_UM[0], kc.FREEBOARD_AU0_DP_UM[-1]
        if not lo <= dp_um <= hi or fb.u_top > kc.FREEBOARD_U0_MAX:
            out.append(f"freeboard decay a u0 = {fb.au0:.3g} 1/s read off Kunii & Levenspiel (1991) Fig. 7.12 at "
                       f"d_p = {dp_um:.4g} um, u0 = {fb.u_top:.3g} m/s: outside the figure's {lo:g}-{hi:g} um, "
                       f"u0 <= {kc.FREEBOARD_U0_MAX:g} m/s (the end value is used)")
    return out
