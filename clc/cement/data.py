"""Sourced data of the cement model, each value next to its source.

Thermochemistry of gases, carbonates and oxides comes from :mod:`clc.thermo` (Cantera). This
module holds only what Cantera lacks: the clinker phases and a few reference figures used to
judge results. Values marked [seen] were read in a stored copy of the source during
development; values taken from the project's ``shared/reference/literature.md`` say so.
"""

from __future__ import annotations

from .. import citations
from ..citations import Citation

# --- clinker phases -------------------------------------------------------------------------
# Standard enthalpies of formation from the elements at 298.15 K [kJ/mol], as compiled on
# D. Moore, "Enthalpy of Formation Data", cementkilns.co.uk (data_enthalpy_formation.html)
# [seen]. Cross-checks made here: beta-C2S -2307.6 +- 4.5 kJ/mol by oxide-melt solution
# calorimetry ("Thermodynamic data of belite polymorphs", abstract [seen]); C3A from the oxides
# -6.65 kJ/mol (Coughlin, J. Am. Chem. Soc. 78 (1956) 5479, as quoted in a CaO-Al2O3 database
# provenance file [second-hand]) against -7.6 kJ/mol from the value below and Cantera's oxides.
# The same page lists CaO -635.09, SiO2 (quartz) -910.86, Fe2O3 -825.48, CaCO3 -1206.92 kJ/mol,
# within 0.2 kJ/mol of Cantera's NASA data (checked in tests/test_cement_formation.py).
PHASES: dict[str, dict] = {
    "C3S": {"formula": {"Ca": 3, "Si": 1, "O": 5}, "oxides": {"CaO": 3, "SiO2": 1}, "dHf_kJ": -2929.20},
    "C2S": {"formula": {"Ca": 2, "Si": 1, "O": 4}, "oxides": {"CaO": 2, "SiO2": 1}, "dHf_kJ": -2307.50},
    "C3A": {"formula": {"Ca": 3, "Al": 2, "O": 6}, "oxides": {"CaO": 3, "Al2O3": 1}, "dHf_kJ": -3588.60},
    "C4AF": {"formula": {"Ca": 4, "Al": 2, "Fe": 2, "O": 10}, "oxides": {"CaO": 4, "Al2O3": 1, "Fe2O3": 1},
             "dHf_kJ": -5092.89},
}
PHASE_SOURCE = "D. Moore, Enthalpy of Formation Data, cementkilns.co.uk (standard state 298.15 K, 101325 Pa)"

# Liquid water at 298.15 K [kJ/mol]: CODATA key value (Cox, Wagman & Medvedev, CODATA Key Values
# for Thermodynamics, 1989), as listed on the cementkilns.co.uk page above [seen].
DHF_WATER_LIQUID_KJ = -285.830

# --- Bogue (ASTM C150) coefficients, for checking the stoichiometric derivation only ----------
# Bogue, Ind. Eng. Chem. Anal. Ed. 1 (1929) 192; ASTM C150 form as given e.g. on
# cementops.io/tools/bogue-calculator [seen]; valid for Al2O3/Fe2O3 >= 0.64 (mass).
ASTM_C150_BOGUE = {
    "C3S": {"CaO": 4.071, "SiO2": -7.600, "Al2O3": -6.718, "Fe2O3": -1.430, "SO3": -2.852},
    "C2S": {"SiO2": 2.867, "C3S": -0.7544},
    "C3A": {"Al2O3": 2.650, "Fe2O3": -1.692},
    "C4AF": {"Fe2O3": 3.043},
}

# --- reference figures ------------------------------------------------------------------------
# 1 kg of standard coal equivalent (kgce) = 7000 kcal = 29.3076 MJ (literature.md, [seen]).
KGCE_MJ = 29.3076

# GB 16780 (2012 edition structure), lines >= 4000 t/d, comparable clinker coal consumption
# limits [kgce/t clinker] (literature.md, [seen]; the standard's text was not read here, and its
# altitude/capacity "comparable" corrections are not applied by this model).
GB16780_KGCE_PER_T = {"existing": 120.0, "new": 110.0, "advanced": 107.0}

# China 2007 averages [kcal/kg clinker] (literature.md, [seen]): new dry process kilns 802,
# lines >= 4000 t/d 790; Sichuan and Anhui below 800.
CHINA_2007_KCAL_PER_KG = {"new dry process": 802.0, ">= 4000 t/d": 790.0}
KCAL_MJ = 4.1868e-3  # MJ per kcal (International Table calorie)

# Grid emission factors for 2022 [kg CO2/kWh], MEE and NBS, published December 2024
# (literature.md, [seen]).
GRID_FACTORS_2022 = {"national": 0.5366, "Sichuan": 0.1404, "Anhui": 0.6782,
                     "Southwest grid": 0.2268, "East China grid": 0.5617}
GRID_SOURCE = "China MEE and NBS, electricity CO2 emission factors for 2022 (published December 2024)"

citations.add(Citation("Bogue1929", "R. H. Bogue", 1929,
                       "Calculation of the compounds in Portland cement", "Ind. Eng. Chem. Anal. Ed.", "1", "192-197"))
citations.add(Citation("MooreEnthalpy", "D. Moore", 2026, "Enthalpy of Formation Data (web page, accessed 2026)",
                       "cementkilns.co.uk, data_enthalpy_formation.html"))
citations.add(Citation("GB16780", "Standardization Administration of China", 2012,
                       "GB 16780 The norm of energy consumption per unit product of cement"))
citations.add(Citation("MEE2024grid", "Ministry of Ecology and Environment; National Bureau of Statistics", 2024,
                       "Electricity CO2 emission factors for 2022"))

# --- published figures of other capture routes, for the comparison chart ----------------------
# Vatopoulos & Tzimas, J. Clean. Prod. 32 (2012) 251-261, abstract [seen]: retrofitted to a
# reference cement plant, at the same capture efficiency of 85 % the specific energy consumption
# rises by 18 % with (tail-end) calcium looping and by 45 % with MEA absorption; oxy-combustion
# captures 60 % with a specific energy consumption *below* the reference plant's (the abstract
# gives no number, so the chart shows only its sign). Their "specific energy consumption" is
# compared here with this model's primary-energy penalty: close, but not necessarily the same
# accounting of electricity (the abstract does not say).
CAPTURE_ROUTES = [
    {"route": "MEA absorption", "capture": 0.85, "energy_increase": 0.45},
    {"route": "calcium looping", "capture": 0.85, "energy_increase": 0.18},
    {"route": "oxy-combustion", "capture": 0.60, "energy_increase": None, "sign": -1},
]
CAPTURE_ROUTES_SOURCE = ("Vatopoulos & Tzimas, Assessment of CO2 capture technologies in cement manufacturing "
                         "process, J. Clean. Prod. 32 (2012) 251-261 (abstract)")
# CEMCAP base cases, SECOND-HAND: public techno-economic Python code (package green_concrete,
# class CementPlant, author tag evan-sharafuddin, June 2023; hosting repository not identified)
# uses, for the plant without capture 3.136 MJ fuel/kg clinker (citing IEAGHG 2013/19 and
# CEMCAP), for the CEMCAP oxyfuel base case 3.349 MJ/kg and 90 % capture, and for the CEMCAP
# tail-end calcium-looping base case 7.1 MJ/kg and 93.6 % capture with a net electricity
# export (41.2 kWh/t cement). The rise below is in FUEL use only (electricity not counted), so
# it is not the same measure as a primary-energy penalty. The CEMCAP D4.6 report itself was not
# read.
CEMCAP_REFERENCE_FUEL_MJ_PER_KG = 3.136
CAPTURE_ROUTES_CEMCAP = [
    {"route": "oxyfuel (CEMCAP base case)", "capture": 0.90, "energy_increase": 3.349 / 3.136 - 1.0},
    {"route": "CaL tail-end (CEMCAP base case)", "capture": 0.936, "energy_increase": 7.1 / 3.136 - 1.0},
]
CAPTURE_ROUTES_CEMCAP_SOURCE = ("CEMCAP D4.6 base cases (SINTEF, 2018), fuel use only, second-hand via public "
                                "techno-economic code (green_concrete, 2023)")
citations.add(Citation("CEMCAP_D4.6", "SINTEF Energy Research et al. (CEMCAP consortium)", 2018,
                       "CEMCAP comparative techno-economic analysis of CO2 capture in cement plants (D4.6); "
                       "figures used second-hand", "CEMCAP deliverable"))
citations.add(Citation("Vatopoulos2012", "K. Vatopoulos, E. Tzimas", 2012,
                       "Assessment of CO2 capture technologies in cement manufacturing process",
                       "J. Clean. Prod.", "32", "251-261"))

# --- 2023 grid factors and GB 16780-2021 (added for clc.cement.energy_boundary) ---------------
# Provincial grid CO2 emission factors for 2023 [kg CO2/kWh], China Ministry of Ecology and
# Environment (MEE) and National Bureau of Statistics (NBS), published 2025-12-31. SECOND-HAND:
# read in /work/shared/reference/data-found.md section 4 (labelled [2nd] there); the MEE/NBS
# notice itself was not read here.
GRID_FACTORS_2023 = {"national": 0.5306, "Sichuan": 0.1564, "Anhui": 0.6553}
GRID_2023_SOURCE = ("China MEE and NBS, electricity CO2 emission factors for 2023 (published 2025-12-31), "
                    "second-hand via the project's data-found.md section 4")

# GB 16780-2021, "The norm of energy consumption per unit product of cement" (replaced GB 16780-2012
# from 1 Nov 2022): limits for clinker at levels 1 (best) / 2 / 3 (limit of the standard).
# Comprehensive coal and energy in kgce per t clinker (1 kgce = KGCE_MJ MJ), comprehensive
# electricity in kWh per t clinker. SECOND-HAND: read in data-found.md section 4 ("[2nd] encoding
# of the standard"); the standard's text (and its correction terms) was not read here.
GB16780_2021 = {
    "comprehensive_coal_kgce_per_t": {1: 94.0, 2: 100.0, 3: 109.0},
    "comprehensive_energy_kgce_per_t": {1: 100.0, 2: 107.0, 3: 117.0},
    "comprehensive_electricity_kWh_per_t": {1: 48.0, 2: 57.0, 3: 61.0},
}
GB16780_2021_SOURCE = ("GB 16780-2021 clinker energy limits, levels 1/2/3, second-hand via the project's "
                       "data-found.md section 4")

citations.add(Citation("MEE2025grid", "Ministry of Ecology and Environment; National Bureau of Statistics", 2025,
                       "Electricity CO2 emission factors for 2023 (published 2025-12-31); figures used second-hand"))
citations.add(Citation("GB16780_2021", "State Administration for Market Regulation; Standardization "
                       "Administration of China", 2021,
                       "GB 16780-2021 The norm of energy consumption per unit product of cement; "
                       "figures used second-hand"))

# --- kiln burner's share of the fuel in precalciner kilns (issue 12 item 7) -------------------
# What was found (search of the stored page corpus, 2026-12; docs/cement_reference_data.md section 2).
# All weight C: a forum post, an encyclopedic entry and a vendor's blog; no peer-reviewed, standard
# or CEMCAP figure for the split could be read (the stored copies of Voldsund et al. 2019 and of the
# CLM BREF stop before their plant descriptions).
#   "approx. 60 % of the total coal used in a modern kiln is burned in the precalciner"
#     (CemNet forum thread 108875, answer by "Ted");
#   "50-60 %" of the total fuel to the calciner (ca800.com encyclopedic entry "干法窑");
#   "roughly 60 % of total fuel energy is fired at the calciner and 40 % at the main kiln burner"
#     (Oswal Kiln Seals blog "The cement calciner explained", citing Holderbank course conventions
#     and FLSmidth's ILC).
# Kiln burner share, low and high end of these statements:
KILN_FUEL_SHARE_REPORTED = (0.40, 0.50)
KILN_FUEL_SHARE_SOURCE = ("CemNet forum thread 108875; ca800.com entry 干法窑; Oswal Kiln Seals blog 'The cement "
                          "calciner explained' (all weight C, docs/cement_reference_data.md section 2)")
# Temperatures that bound the kiln's own heat need, also weight C: kiln back-end (inlet) gas normally
# 950-1100 degC, 1100-1150 degC where the kiln gas passes into the calciner; burning zone: material
# 1300-1400 degC, flame 1600-1800 degC (unattributed textbook excerpt on hjjxzz.cn.b2b168.com);
# material 1400-1450 degC, gas up to about 1700 degC (dlx7.com rotary-kiln page); material peak
# 1420 degC in the sintering zone (Glasser, "Advances in cement clinkering", in Innovations in
# Portland Cement Manufacturing, PCA, Fig. 3.4.1, as excerpted on Scribd; weight B).
KILN_INLET_GAS_TEMPERATURE_C = (950.0, 1150.0)
BURNING_ZONE_MATERIAL_C = (1300.0, 1450.0)
BURNING_ZONE_FLAME_C = (1600.0, 1800.0)

# --- heat of the clinker melt (issue 12 item 7, term-by-term audit) ----------------------------
# Heat of forming the clinker liquid phase: 100 kJ/kg clinker, the fixed term "Q_liquid phase = 100
# kJ/kg clinker" of the textbook formula for the heat of clinker formation
#   Q = G_CaCO3 * 1780 + G_H2O,clay * 7880 + 100 - 0.01 (528 C3S + 715 C2S + 61 C3A + 84 C4AF)  [kJ/kg]
# as applied in a student report on the Paranai cement plant (cwetochki.ru, "Расчёт теплотехнической
# эффективности замены барабанного холодильника на колосниковый", page 8) [seen]. Second-hand: the
# report quotes the formula of Russian cement-technology textbooks without naming one; weight C.
# ~25 % of an OPC clinker is liquid at 1400 degC (Lea & Parker, L1400 = 2.95 A + 2.2 F + M, as given on
# cementkilns.co.uk, "Clinker Thermochemistry" [seen]), so the term is about 0.4 MJ per kg of melt [calc].
# The melt forms in the kiln's burning zone and crystallises in the cooler's quench zone: the clinker
# leaving the kiln carries this heat to the cooler (clc.cement.kiln), it is internal to the line.
CLINKER_MELT_HEAT = 100e3  # J/kg clinker
CLINKER_MELT_HEAT_SOURCE = ("textbook heat of the clinker liquid phase, 100 kJ/kg clinker, second-hand via a "
                            "student report (cwetochki.ru, Paranai plant cooler study, p. 8); weight C")
# The same formula's exothermic term, to check the model's clinker-phase formation (Bogue phases in %):
CLINKER_FORMATION_TEXTBOOK_KJ = {"C3S": 528.0, "C2S": 715.0, "C3A": 61.0, "C4AF": 84.0}  # kJ/kg of phase, released

# --- grate cooler (issue 12 item 7 audit; docs/cement_reference_data.md section 8) ---------------
# Typical Chinese 5000 t/d NSP line: cooler exhaust about 310 000 Nm3/h at 200-250 degC, i.e. 1.49 Nm3/kg
# clinker [calc at 208.3 t/h], carrying about 430 kJ/kg clinker [calc] (azcospm.cn article on pure
# low-temperature WHR, weight B). Chinese design code for energy saving in cement plants, clause 3.3.2:
# cooler heat recovery at least 72 % (weight A, a design minimum). Vendor and practice figures: recovery up
# to 75 % (generalflame.net, C); 70-72 % claimed by vendors, 55-60 % actual in WHR-integrated kilns with a
# mid take-off (cementequipment.org, C); secondary air 900-1050 degC, tertiary air 850-950 degC, clinker
# leaving the kiln 1350-1450 degC (generalflame.net, C).
COOLER_EXHAUST_NM3_PER_KG_CN = 1.49
COOLER_EXHAUST_TEMPERATURE_C_CN = (200.0, 250.0)
COOLER_EXHAUST_HEAT_KJ_PER_KG_CN = 430.0
COOLER_RECOVERY_DESIGN_MIN_CN = 0.72
