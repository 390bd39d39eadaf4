"""The plant's coal outside the heat balances: the power to grind and feed it, its sulfur, its ash.

**Grinding and feeding.** Every coal-burning route grinds its coal (kiln burner, calciner and, on
the coal-fired CLC route, the CLC unit's coal) and feeds it pneumatically. The electricity is
``work`` [J per kg of as-received coal] x the coal ground. The reference plant's mill is already
inside the plant's comprehensive electricity (``[electricity] consumption`` of the plant file and
``cost.plant_electricity``, both outside the KPI boundary), so the boundary counts only the CHANGE
against the reference: work x (coal ground in the case - coal ground in the reference). A route
that grinds less coal (natural-gas CLC: only the kiln burner's) gets a credit.

One plant figure was read: the coal-powder preparation section ("煤粉制备"; its equipment is not
listed) of a Chinese clinker line used 109 914.8 kWh for 2 728.96 t of pulverised coal produced, 3 630.62 t
consumed, i.e. 40.3 kWh/t produced and 30.3 kWh/t consumed [calc]; plant data in the test fixture of
a public GB 16780-2012 calculator (nxjcproject/StandardCalculation, CalculationTestGB/StandardTest.cs,
commit 7903403; a Ningxia company's energy system by its names; plant and period not stated): weight
C. The mill's own figure is the one per tonne produced (GB 16780 charges it x the powder consumed).
Context only: vertical roller mills save 7-10 kWh per t of coal against ball mills (5-7 realised in
Indian plants), IIP Industrial Efficiency Technology Database, "Vertical roller mills for coal
grinding" [seen]. No cement BREF, ECRA/CSI, CEMCAP or IEAGHG figure could be read. The work stays a
REQUIRED input of the integration (``integration.coal_preparation_work``); the shipped cases give 40
kWh/t coal. Feeding is counted as far as that section holds it; a separate dosing of the powder to
the burners or into the CLC fuel reactor (weigher, conveying blower) is not (no figure read). The same work is
charged to the CLC unit's coal, though a fluidised fuel reactor takes coarser coal than a kiln
burner (conservative, ASSUMPTION).

**Sulfur.** Kiln line: fuel S burnt in the kiln burner and the calciner "is easily removed by
reactive lime present in the kiln" (Miller, Young & von Seebach, Portland Cement Association R&D
Serial No. 2460, 2001, abstract [seen]); no retention percentage was read. The plant balance keeps
the fuel S with the solids (:attr:`clc.cement.fuel.Fuel.inert`: retention 1, ASSUMPTION); it is
reported as SO3 in the clinker. CLC unit: the loop does not follow the fuel S past devolatilization
(:mod:`clc.solid_fuel_reactor`); the integration takes it to leave the fuel reactor with its gas and
to burn to SO2 in the oxygen polishing (ASSUMPTION): its O2 is drawn from the air separation unit,
its heat goes to the polishing's waste-heat power, and the SO2 joins the CO2 product
(:func:`clc.cement.clc_integration._co2_processing`). No desulfurisation is counted: no SO2 limit for
CO2 transport could be read.

**Ash.** The CLC unit's coal ash leaves the unit with the carrier purge (loop: with the solids); it
is listed as a solid stream. The kiln line's ash goes into the clinker (unchanged).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..solid_fuel import ATOMIC_MASS
from ..units import _split

J_PER_KWH = 3.6e6
WORK_UNITS = {"kWh/t coal": J_PER_KWH / 1e3, "kWh/t": J_PER_KWH / 1e3, "J/kg": 1.0, "kJ/kg": 1e3}
WORK_RANGE = (0.0, 200.0 * J_PER_KWH / 1e3)  # J/kg coal accepted (0-200 kWh/t)
VRM_SAVING_KWH_PER_T = (7.0, 10.0)  # IIP IETD "Vertical roller mills for coal grinding" [seen]: VRM vs ball mill
# A Chinese line's coal-powder preparation (nxjcproject/StandardCalculation test data, see above; weight C):
# electricity [kWh], pulverised coal produced and consumed [t] in the same period
PLANT_COAL_PREPARATION_KWH = 109914.8
PLANT_COAL_POWDER_PRODUCED_T = 2728.9594
PLANT_COAL_POWDER_CONSUMED_T = 3630.6195

M_S = ATOMIC_MASS["S"]  # kg/mol (Cantera)
M_SO3 = M_S + 3 * ATOMIC_MASS["O"]


def parse_work(value, field: str = "integration.coal_preparation_work") -> float:
    """J per kg coal from a number (kWh/t coal) or a string with kWh/t coal, kWh/t, J/kg or kJ/kg."""
    x, unit = _split(value, field)
    unit = unit or "kWh/t coal"
    if unit not in WORK_UNITS:
        raise ValueError(f"{field}: unit {unit!r} in {value!r} not understood; use one of {', '.join(WORK_UNITS)}")
    w = x * WORK_UNITS[unit]
    lo, hi = WORK_RANGE
    if not (math.isfinite(w) and lo <= w <= hi):
        raise ValueError(f"{field}={value!r} is outside the allowed range [0, 200] kWh/t coal")
    return w


@dataclass(frozen=True)
class CoalGround:
    """Coal ground and fed [kg as received per kg clinker]."""

    kiln_line: float  # kiln burner + calciner
    clc_unit: float = 0.0  # the CLC unit's (its own coal; the stand-in's mass when one stands in)

    @property
    def total(self) -> float:
        return self.kiln_line + self.clc_unit


def preparation_power(case: CoalGround, reference: CoalGround, work: float) -> tuple[float, str]:
    """Electricity [J/kg clinker] to grind and feed the coal a case burns beyond the reference's.

    ``work`` [J/kg coal]; negative when the case grinds less coal than the reference. Returns the
    value and a source text naming both coal flows.
    """
    lo, hi = WORK_RANGE
    if not (math.isfinite(work) and lo <= work <= hi):
        raise ValueError(f"coal preparation work={work!r} J/kg is outside [0, {hi:g}] J/kg")
    for name, v in (("case", case.total), ("reference", reference.total)):
        if not (math.isfinite(v) and v >= 0.0):
            raise ValueError(f"coal ground ({name})={v!r} kg/kg clinker must be finite and not negative")
    d = case.total - reference.total
    parts = f"kiln line {case.kiln_line * 1e3:.1f}" + (f" + CLC unit {case.clc_unit * 1e3:.1f}" if case.clc_unit else "")
    src = (f"{work / (J_PER_KWH / 1e3):.0f} kWh/t coal (integration.coal_preparation_work) x ({parts} - reference "
           f"{reference.total * 1e3:.1f}) = {d * 1e3:+.1f} kg coal/t clinker; the reference mill is in the plant's "
           "comprehensive electricity (outside this boundary)")
    return work * d, src


def sulfur_moles(mass_fraction_s: float, coal: float) -> float:
    """mol S per kg clinker in ``coal`` kg coal/kg clinker of S mass fraction ``mass_fraction_s``."""
    return mass_fraction_s * coal / M_S


def so3_in_clinker(n_s: float) -> float:
    """kg SO3 per kg clinker from ``n_s`` mol S/kg clinker retained as sulfate."""
    return n_s * M_SO3
