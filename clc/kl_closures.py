"""Closures of the three-phase Kunii-Levenspiel bubbling bed (:mod:`clc.kl_bed`), one cited function each.

Scalar functions in SI units, written with :mod:`math` only so that :mod:`clc.kl_bed` compiles the same
source with numba (``*_nb`` names below, ``cache=True``) for its kernels, while its NumPy/SciPy twin calls
the plain Python functions. Where :mod:`clc.hydrodynamics` already holds a correlation (Davidson's rise
velocity, Kunii-Levenspiel's K_bc and K_ce, Mori-Wen, Darton) the tests hold these equal to it.

Every constant carries its source; "IDAES" means IDAES-PSE's BubblingFluidizedBed
(IDAES/idaes-pse, commit a60fbf8192a697c60564b68379847ce6e9dbb3b9,
idaes/models_extra/gas_solid_contactors/unit_models/bubbling_fluidized_bed.py, read for its equations;
no code copied), "KL" Kunii & Levenspiel, Fluidization Engineering, 2nd ed., Butterworth-Heinemann 1991.
"""

from __future__ import annotations

import math

from numba import njit

from .constants import G

# Davidson & Harrison, Fluidised Particles (1963); KL ch. 5 eq. 3: u_br = 0.711 sqrt(g d_b)
RISE_COEF = 0.711
# Mori & Wen, AIChE J. 21 (1975) 109, perforated plate, written with g explicit (SI): d_b0 = 1.38 g^-0.2
# [(u - u_mf) A_or]^0.4 (cgs 0.347; IDAES bubble_diameter_eqn at x = 0, A_or = area per orifice)
DB0_COEF = 1.38
# Mori & Wen (1975) limiting bubble size, SI with g explicit: d_bm = 2.59 g^-0.2 [A (u - u_mf)]^0.4
# (cgs 0.652; Horio & Nonaka, AIChE J. 33 (1987) 1865; IDAES bubble_diameter_maximum)
DBM_COEF = 2.59
# Horio & Nonaka (1987) bubble growth, differential form d(d_b)/dz = 0.3/D (d_bm - d_b - gamma sqrt(D d_b)),
# gamma = 0.0256 sqrt(D/g) / u_mf [0.0256 in m/s^2 units]; IDAES bubble_diameter_eqn, bubble_growth_coefficient
HN_RATE = 0.3
HN_GAMMA = 0.0256
# Kunii-Levenspiel bubble-cloud interchange K_bc = 4.5 u_mf/d_b + 5.85 D^0.5 g^0.25 / d_b^1.25 (KL ch. 10)
KBC_A, KBC_B = 4.5, 5.85
# IDAES' bubble-emulsion coefficient: K_be = 0.36 * 4.5 u_mf/d_b + 5.85 D^0.5 g^0.25 / d_b^1.25
# (IDAES bubble_cloud_mass_trans_coeff; the factor 0.36 on the convective term is IDAES' own, no source given)
KBE_IDAES_FACTOR = 0.36
# Kunii-Levenspiel cloud-emulsion interchange K_ce = 6.77 (D eps_mf u_br / d_b^3)^0.5 (KL ch. 10)
KCE_COEF = 6.77
# Fuller, Schettler & Giddings, Ind. Eng. Chem. 58(5) (1966) 18: D_ij [cm2/s] = 1.43e-3 T^1.75 /
# (P[atm] sqrt(M_ij) (V_i^(1/3) + V_j^(1/3))^2), M_ij = 2/(1/M_i + 1/M_j) [g/mol]
# (Poling, Prausnitz & O'Connell, The Properties of Gases and Liquids, 5th ed., eq. 11-4.4; as IDAES gas_phase_thermo)
FULLER_COEF = 1.43e-3
P_ATM = 101325.0  # Pa per atm
# Fuller diffusion volumes [-] of the species IDAES' methane_iron_OC_reduction gas package carries
# (gas_phase_thermo.py diff_vol_param, which cites Fuller et al. 1966 and Poling et al.)
FULLER_VOLUMES = {"CH4": 24.42, "CO2": 26.9, "H2O": 13.1,
                  # read second-hand (moved here from clc.kl_bed_reactor): N2 18.5 and O2 16.3 in IDAES-PSE's MEA
                  # vapour property package (diffus_binary_param, citing Seader & Henley 2006, Table 3.1); CO 18.0,
                  # H2 6.12, N2 and O2 also in public Fuller tables (e.g. code citing VDI-Waermeatlas 2002); the
                  # original table (Fuller et al. 1966; Poling et al. Table 11-1) was not read here
                  "CO": 18.0, "H2": 6.12, "N2": 18.5, "O2": 16.3}
# Davidson cloud around a fast bubble, cloud volume per bubble volume f_c = 3 u_f / (u_br - u_f), u_f = u_mf/eps_mf
# (Davidson & Harrison 1963; KL ch. 6 eq. 13 / ch. 12, gamma_c = (1 - eps_mf) (3/(u_br eps_mf/u_mf - 1) + f_w))
CLOUD_COEF = 3.0
# Ranz & Marshall, Chem. Eng. Prog. 48 (1952) 141: Nu -> 2 for a sphere in still gas; used for the
# bubble-solids heat transfer (ASSUMPTION: the lower bound, the slip inside a bubble is not resolved)
NU_BUBBLE_SOLIDS = 2.0
T_BOUNDS = (200.0, 6000.0)  # K: a temperature solve outside this range means the state has diverged
# KL ch. 12: solids in bubbles per bubble volume, gamma_b = 0.001-0.01 (from experiment); 0.005 the middle,
# an ASSUMPTION where nothing better is known
GAMMA_B_DEFAULT = 0.005
# KL ch. 5 (Rowe & Partridge 1965 X-ray data, Fig. 5.8): wake volume per bubble volume f_w ~ 0.2-0.6 for
# irregular sand; fine particles large, coarse small. 0.2 for coarse (Geldart B/D) solids: ASSUMPTION, read off
# that figure's range, not a fitted value
WAKE_FRACTION_DEFAULT = 0.2


def rise_velocity(d_b: float) -> float:
    """Single-bubble rise velocity u_br = 0.711 sqrt(g d_b) [m/s] (Davidson & Harrison 1963; KL ch. 5)."""
    return RISE_COEF * math.sqrt(G * d_b)


def initial_bubble_diameter(u_excess: float, area_per_orifice: float) -> float:
    """Bubble diameter at a perforated plate [m]: 1.38 g^-0.2 (u_excess A_or)^0.4 (Mori & Wen 1975).

    ``u_excess`` = u - u_mf [m/s], ``area_per_orifice`` [m2] (IDAES: 1 / number_orifice).
    """
    return DB0_COEF * G ** -0.2 * (u_excess * area_per_orifice) ** 0.4


def max_bubble_diameter(u_excess: float, area: float) -> float:
    """Limiting bubble diameter d_bm = 2.59 g^-0.2 (A u_excess)^0.4 [m] (Mori & Wen 1975; Horio & Nonaka 1987)."""
    return DBM_COEF * G ** -0.2 * (area * u_excess) ** 0.4


def horio_nonaka_slope(d_b: float, u_excess: float, u_mf: float, D_t: float, area: float) -> float:
    """d(d_b)/dz [-] of Horio & Nonaka (1987): 0.3/D (d_bm - d_b - gamma sqrt(D d_b)), gamma = 0.0256 sqrt(D/g)/u_mf.

    IDAES writes the same equation (bubble_diameter_eqn) with u - u_e in place of u - u_mf.
    """
    gam = HN_GAMMA * math.sqrt(D_t / G) / u_mf
    dbm = DBM_COEF * G ** -0.2 * (area * u_excess) ** 0.4
    return HN_RATE / D_t * (dbm - d_b - gam * math.sqrt(D_t * d_b))


def mori_wen_diameter(z: float, u_excess: float, D_t: float, area: float, area_per_orifice: float) -> float:
    """Mori & Wen (1975) bubble diameter at height z [m]: d_bm - (d_bm - d_b0) exp(-0.3 z / D)."""
    dbm = DBM_COEF * G ** -0.2 * (area * u_excess) ** 0.4
    db0 = DB0_COEF * G ** -0.2 * (u_excess * area_per_orifice) ** 0.4
    return dbm - (dbm - db0) * math.exp(-0.3 * z / D_t)


def darton_diameter(z: float, u_excess: float, area_per_orifice: float) -> float:
    """Darton et al., Trans. IChemE 55 (1977) 274: d_b = 0.54 u_excess^0.4 (z + 4 sqrt(A_0))^0.8 / g^0.2 [m]."""
    return 0.54 * u_excess ** 0.4 * (z + 4.0 * math.sqrt(area_per_orifice)) ** 0.8 / G ** 0.2


def k_bubble_cloud(u_mf: float, d_b: float, D: float) -> float:
    """K_bc = 4.5 u_mf/d_b + 5.85 D^0.5 g^0.25 / d_b^1.25 [1/s per bubble volume] (KL ch. 10)."""
    return KBC_A * u_mf / d_b + KBC_B * math.sqrt(D) * G ** 0.25 / d_b ** 1.25


def k_bubble_emulsion_idaes(u_mf: float, d_b: float, D: float) -> float:
    """IDAES' bubble-emulsion coefficient 0.36*4.5 u_mf/d_b + 5.85 D^0.5 g^0.25/d_b^1.25 [1/s]."""
    return KBE_IDAES_FACTOR * KBC_A * u_mf / d_b + KBC_B * math.sqrt(D) * G ** 0.25 / d_b ** 1.25


def k_cloud_emulsion(eps_mf: float, d_b: float, D: float) -> float:
    """K_ce = 6.77 (D eps_mf u_br / d_b^3)^0.5 [1/s per bubble volume] (KL ch. 10)."""
    u_br = RISE_COEF * math.sqrt(G * d_b)
    return KCE_COEF * math.sqrt(D * eps_mf * u_br / d_b ** 3)


def h_bubble_cloud(u_mf: float, d_b: float, rho_cp: float, k_g: float) -> float:
    """Bubble-cloud heat interchange H_bc = 4.5 u_mf rho c_p/d_b + 5.85 (k rho c_p)^0.5 g^0.25/d_b^1.25 [W/(m3 K)].

    The heat analogue of K_bc (KL ch. 11; the form IDAES' bubble_cloud_heat_trans_coeff writes, there with
    the molar enthalpy in place of c_p). ``rho_cp`` [J/(m3 K)], ``k_g`` [W/(m K)].
    """
    return KBC_A * u_mf * rho_cp / d_b + KBC_B * math.sqrt(k_g * rho_cp) * G ** 0.25 / d_b ** 1.25


def cloud_fraction(u_mf: float, eps_mf: float, u_br: float) -> float:
    """Cloud volume per bubble volume f_c = 3 u_f/(u_br - u_f), u_f = u_mf/eps_mf (Davidson; KL ch. 6).

    Only for fast bubbles (u_br > u_f); returns +inf otherwise (the caller caps it).
    """
    uf = u_mf / eps_mf
    if u_br <= uf:
        return math.inf
    return CLOUD_COEF * uf / (u_br - uf)


def fuller_binary(T: float, P: float, M_i: float, M_j: float, V_i: float, V_j: float) -> float:
    """Binary diffusivity [m2/s] of Fuller, Schettler & Giddings (1966); M in g/mol, P in Pa."""
    mij = 2.0 / (1.0 / M_i + 1.0 / M_j)
    d_cm2 = FULLER_COEF * T ** 1.75 / ((P / P_ATM) * math.sqrt(mij) * (V_i ** (1.0 / 3.0) + V_j ** (1.0 / 3.0)) ** 2)
    return d_cm2 * 1e-4


rise_velocity_nb = njit(cache=True)(rise_velocity)
initial_bubble_diameter_nb = njit(cache=True)(initial_bubble_diameter)
max_bubble_diameter_nb = njit(cache=True)(max_bubble_diameter)
horio_nonaka_slope_nb = njit(cache=True)(horio_nonaka_slope)
mori_wen_diameter_nb = njit(cache=True)(mori_wen_diameter)
darton_diameter_nb = njit(cache=True)(darton_diameter)
k_bubble_cloud_nb = njit(cache=True)(k_bubble_cloud)
k_bubble_emulsion_idaes_nb = njit(cache=True)(k_bubble_emulsion_idaes)
k_cloud_emulsion_nb = njit(cache=True)(k_cloud_emulsion)
h_bubble_cloud_nb = njit(cache=True)(h_bubble_cloud)
cloud_fraction_nb = njit(cache=True)(cloud_fraction)
fuller_binary_nb = njit(cache=True)(fuller_binary)


# --------------------------------------------------------------------------------------------------
# freeboard (solids thrown up from the bed surface, falling back: total reflux)

# KL 1991 ch. 7, Fig. 7.12: decay constant a of the entrained solids above a bubbling bed times the superficial
# velocity u0, against particle diameter. Read second-hand: the points as digitised from the figure in
# wigging/chemics (chemics/transport_disengagement.py, tdhDecayConstant: "Maximum particle diameter on plot is
# 800 um, and maximum superficial velocity is 1.25 m/s"); interpolated here log-log between them (no fit)
FREEBOARD_AU0_DP_UM = (34.0, 162.0, 302.0, 487.0, 616.0, 800.0)
FREEBOARD_AU0 = (0.39, 1.17, 1.70, 2.29, 2.67, 3.16)  # 1/s
FREEBOARD_U0_MAX = 1.25  # m/s, the figure's largest superficial velocity (same source)
# Pemberton & Davidson, Chem. Eng. Sci. 41 (1986) 243, wake-ejection model: upward solids flux at the bed surface
# F0 = 0.1 rho_p (1 - eps_mf)(u0 - u_mf) [kg/(m2 s)], for bubbles that coalesce before they burst. Read second-hand
# (wigging/chemics, chemics/bfb.py, solidsFluxPembWake). The option freeboard_flux="wake_ejection"
WAKE_EJECTION_COEF = 0.1
# Wen & Chen, AIChE J. 28 (1982) 117, entrainment rate at the bed surface (the default, freeboard_flux="wen_chen"):
# E0 = 3.07e-9 A d_b rho_g^3.5 g^0.5 (u0 - u_mf)^2.5 / mu^2.5 [kg/s], SI units, d_b the bubble diameter at the
# surface; per bed area F0 = E0 / A. Read second-hand, in two public codes that differ:
#   - a public bubbling-bed code's flow submodel (flow_submodel.cpp, its repository not named by the project's
#     search index): G_dens = 3.07e-9 A_bed d_b rho_g^3.5 g^0.5 (U0 - U_mf)^2.5 / mu_g^2.5 -- the form used here;
#   - wigging/chemics (chemics/bfb.py, solidsFluxWenChen, citing Wen & Chen, AIChE J 28 (1) 117-128) writes
#     rho_g^2.5 and divides by u_mf, and multiplies by (d_b/D_t)^2 for d_b < D_t (a large-bed correction of
#     Wells, Kulver & Krishnan, ORNL/TM-7847, 1980); neither is used here.
# No validity range could be read (the paper was not reachable): none is checked, and the bed says so.
WEN_CHEN_COEF = 3.07e-9
# ASSUMPTION: the ejected particles rise and fall at about the gas velocity u0, so the up and the down streams each
# hold F0 / (rho_p u0): eps_s0 = 2 F0 / (rho_p u0) at the surface (exposed as freeboard_surface_solids)
FREEBOARD_STREAMS = 2.0
# Chan & Knowlton, AIChE Symp. Ser. 80 (241) (1984), transport disengaging height [m] at superficial velocity
# u0 [m/s]: TDH = 0.85 u0^1.2 (7.33 - 1.2 ln u0). Read second-hand: wigging/chemics
# (chemics/transport_disengaging_height.py, tdh_chan) after Cahyadi, Neumayer, Hrenya, Cocco & Chew, Powder
# Technol. 275 (2015) 220, Table 1, which gives its data: Geldart A and B sand of 2595 kg/m3, 37-420 um, in a
# column of 0.3 m inner diameter. The freeboard is modelled up to it when the unit gives no height: above the
# TDH the refluxing solids are gone (total reflux here)
TDH_CK = (0.85, 1.2, 7.33, 1.2)
TDH_CK_DP_UM = (37.0, 420.0)
TDH_CK_RHO_P = 2595.0  # kg/m3
TDH_CK_D_T = 0.3  # m
FREEBOARD_FLUXES = ("wen_chen", "wake_ejection")


def freeboard_decay_au0(d_p: float) -> float:
    """a u0 [1/s] of KL Fig. 7.12 at particle diameter ``d_p`` [m] (log-log between the digitised points, the end
    values outside 34-800 um; the caller warns)."""
    x = math.log(d_p * 1e6)
    xs = [math.log(v) for v in FREEBOARD_AU0_DP_UM]
    ys = [math.log(v) for v in FREEBOARD_AU0]
    if x <= xs[0]:
        return FREEBOARD_AU0[0]
    if x >= xs[-1]:
        return FREEBOARD_AU0[-1]
    for i in range(len(xs) - 1):
        if x <= xs[i + 1]:
            w = (x - xs[i]) / (xs[i + 1] - xs[i])
            return math.exp(ys[i] + w * (ys[i + 1] - ys[i]))
    return FREEBOARD_AU0[-1]


def freeboard_surface_solids(eps_mf: float, u_mf: float, u0: float) -> float:
    """Solids volume fraction just above the bed surface: 2 F0/(rho_p u0), F0 of Pemberton & Davidson (1986)."""
    return FREEBOARD_STREAMS * WAKE_EJECTION_COEF * (1.0 - eps_mf) * max(u0 - u_mf, 0.0) / u0


def surface_flux_wen_chen(d_b: float, rho_g: float, mu_g: float, u0: float, u_mf: float) -> float:
    """Upward solids flux at the bed surface [kg/(m2 s)] of Wen & Chen (1982): E0 / A (SI; d_b [m] at the surface,
    rho_g [kg/m3], mu_g [Pa s], velocities [m/s])."""
    return WEN_CHEN_COEF * d_b * rho_g ** 3.5 * math.sqrt(G) * max(u0 - u_mf, 0.0) ** 2.5 / mu_g ** 2.5


def surface_solids_from_flux(flux: float, rho_p: float, u0: float) -> float:
    """Solids volume fraction just above the surface that carries the upward flux ``flux`` [kg/(m2 s)] up and the
    same down, each at u0 (FREEBOARD_STREAMS, ASSUMPTION)."""
    return FREEBOARD_STREAMS * flux / (rho_p * u0)


def tdh_chan_knowlton(u0: float) -> float:
    """Transport disengaging height [m] at superficial velocity ``u0`` [m/s] (Chan & Knowlton 1984, second-hand)."""
    c, e, k0, k1 = TDH_CK
    return c * u0 ** e * (k0 - k1 * math.log(u0))


# --------------------------------------------------------------------------------------------------
# distributor and grid (jet) zone

# Distributor orifice density [1/m2]. Geldart (1985), on distributor design: above about 1000 orifices per m2 the bubbles a few centimetres above the plate are the size a porous plate
# gives. Read second-hand (fluidizacao.com.br, "Size and distance between orifices", citing Geldart 1985). The
# lower end of good design is taken as the default (a CHOICE within 1000 /m2, that threshold, and 2500 /m2, the
# number_orifice of IDAES-PSE 2.13's public bubbling-bed case, ../shared/reference/idaes/idaes_public_defaults.json)
ORIFICE_DENSITY_DEFAULT = 1000.0
ORIFICE_DENSITY_RANGE = (1000.0, 2500.0)
# Gas velocity through the orifices [m/s]: 30-40 m/s in commercial distributors (up to 180 m/s in experiments).
# Read second-hand (fluidizacao.com.br, "Penetracao do jato", after Kunii & Levenspiel 1991 ch. 3). The middle,
# 35 m/s, is a CHOICE; it sets the orifice diameter with the orifice density: u0 = N (pi/4) d_or^2 u_or
ORIFICE_VELOCITY_DEFAULT = 35.0
ORIFICE_VELOCITY_RANGE = (30.0, 40.0)
# Yang & Keairns, Ind. Eng. Chem. Fundam. 18 (1979) 317, jet penetration of multiple vertical grid jets:
# L_j/d_or = 814.2 (rho_p d_p/(rho_g d_or))^-0.585 (rho_g d_or u_or/mu_g)^-0.654 (u_or^2/(g d_or))^0.47.
# Read second-hand: Vogt, Hartge, Werther & Brunner, China Particuology 3 (2005) 114, eq. 29 (who chose it "since
# it is based on the broadest range of experimental conditions"). That text prints the velocity of the Reynolds
# group as the injection velocity and of the Froude group as "u_0"; both are read here as the orifice velocity
# (ASSUMPTION: a jet's Froude number is formed with its own velocity)
YK_COEF = 814.2
YK_EXP_DENSITY = -0.585
YK_EXP_RE = -0.654
YK_EXP_FR = 0.47


def orifice_diameter(u0: float, orifice_density: float, u_orifice: float) -> float:
    """Orifice diameter [m] that passes superficial velocity ``u0`` [m/s] through ``orifice_density`` [1/m2]
    orifices at ``u_orifice`` [m/s] (continuity: u0 = N (pi/4) d_or^2 u_or)."""
    return math.sqrt(4.0 * u0 / (math.pi * orifice_density * u_orifice))


def jet_length(d_or: float, u_or: float, rho_g: float, mu_g: float, rho_p: float, d_p: float) -> float:
    """Penetration length [m] of a vertical grid jet (Yang & Keairns 1979, second-hand via Vogt et al. 2005)."""
    if d_or <= 0.0 or u_or <= 0.0:
        return 0.0
    density = rho_p * d_p / (rho_g * d_or)
    re = rho_g * d_or * u_or / mu_g
    fr = u_or * u_or / (G * d_or)
    return d_or * YK_COEF * density ** YK_EXP_DENSITY * re ** YK_EXP_RE * fr ** YK_EXP_FR
