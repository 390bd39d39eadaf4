"""A seeded sampler of valid unit files and the classification of their runs (issue 16, item 4).

Every sampled unit passes :func:`clc.config.from_dict` (the ranges the unit-file reader enforces)
and is built around the shipped example (``cheers_3mw_natural_gas``): geometry scaled with the
thermal power so that gas velocities stay those of a unit of that kind. What varies: carrier set,
gaseous fuel composition (CH4/CO/H2 with CO2/H2O/N2), FR/AR temperatures (inside each carrier's
kinetic data), inventories, circulation (through the oxygen carrier to fuel ratio phi, 0.5-6:
below 1 the carrier cannot carry the fuel's oxygen), thermal power, particle size and density,
air excess, reactor types (bubbling FR or riser FR; riser or bubbling AR), riser profile model,
freeboard, solids cooler, adiabatic FR and/or AR heat duty, kinetics extrapolated beyond their data
(10 %), cell counts and heights, water-gas shift.

A run's outcome is one of:

- ``converged``: a result whose balances are all below :data:`RESIDUAL_LIMIT`;
- ``infeasible``: :class:`clc.errors.InfeasibleError` (the unit has no physical steady state);
- ``refused``: a ``ValueError`` raised by clc's own code naming what cannot run (e.g. a carrier
  set without kinetics for the fuel; the reactor not fluidised);
- ``numerical``: :class:`clc.errors.ConvergenceError` (the solvers failed);
- ``residual``: a returned result with a balance above :data:`RESIDUAL_LIMIT` (a bug);
- ``internal``: any other exception, or a ValueError raised outside clc (a library's message
  reaching the user: a bug).

The sampler draws its numbers from ``random.Random(seed)`` only, so a seed gives the same units on
every machine.
"""

from __future__ import annotations

import math
import random
import traceback
from dataclasses import dataclass
from pathlib import Path

from clc import carriers, config, errors, loop
from clc.thermo import M_O

RESIDUAL_LIMIT = 1e-9  # largest relative balance residual a converged run may have (issue 16)
OUTCOMES = ("converged", "infeasible", "refused", "numerical", "residual", "internal")
CLC_DIR = Path(config.__file__).resolve().parent

# carriers with O2 kinetics (the preoxidised ilmenite set has none: every unit with it is refused,
# which the sampler keeps at a small share so that the refusal stays covered)
_CARRIERS = (("Abad2011_ilmenite_activated", 0.40), ("Abad2007_Fe45Al", 0.25), ("GarciaLabiano2004_Cu", 0.25),
             ("Abad2011_ilmenite_preoxidised", 0.10))
# O2 (mol) each fuel gas needs per mol
_O2_NEED = {"CH4": 2.0, "CO": 0.5, "H2": 0.5}
# LHV, J/mol (order of magnitude only: the sampler uses them to size the circulation from phi; the
# loop computes its own from Cantera's data)
_LHV_APPROX = {"CH4": 802.3e3, "CO": 283.0e3, "H2": 241.8e3}


def _choice(rng: random.Random, weighted):
    x, acc = rng.random(), 0.0
    for item, w in weighted:
        acc += w
        if x < acc:
            return item
    return weighted[-1][0]


def _loguniform(rng: random.Random, lo: float, hi: float) -> float:
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def _fuel(rng: random.Random, carrier: str) -> dict:
    """A fuel composition: mostly of the carrier's own fuel gases, sometimes one it has no kinetics for."""
    gases = [g for g in ("CH4", "CO", "H2") if g in carriers.load(carrier).reactions]
    if rng.random() < 0.08 or not gases:  # any fuel gas: refused where the carrier has no kinetics for it
        gases = ["CH4", "CO", "H2"]
    picked = [g for g in gases if rng.random() < 0.6] or [rng.choice(gases)]
    comp = {g: rng.uniform(0.2, 1.0) for g in picked}
    if rng.random() < 0.3:  # diluents
        for d in rng.sample(["CO2", "H2O", "N2"], rng.randint(1, 2)):
            comp[d] = rng.uniform(0.02, 0.3)
    total = sum(comp.values())
    comp = {k: round(v / total, 6) for k, v in comp.items()}
    first = next(iter(comp))
    comp[first] = round(comp[first] + 1.0 - sum(comp.values()), 9)  # sum exactly 1 within 1e-6
    return comp


def sample_unit(rng: random.Random) -> dict:
    """One valid unit file (a TOML-like dict) drawn from ``rng``."""
    carrier = _choice(rng, _CARRIERS)
    lo, hi = carriers.load(carrier).T_range
    power = _loguniform(rng, 0.1e6, 100e6)  # W
    scale = math.sqrt(power / 3e6)  # cross-sections grow with power: velocities stay
    fuel = _fuel(rng, carrier)
    d_p = rng.uniform(90e-6, 300e-6)
    rho_p = rng.uniform(2500.0, 5000.0)
    # circulation from phi = m_s R_OC / M_O / (2 O2 demand) (loop.LoopResult.phi)
    lhv = sum(_LHV_APPROX[g] * y for g, y in fuel.items() if g in _LHV_APPROX)
    o2 = power / lhv * sum(_O2_NEED[g] * y for g, y in fuel.items() if g in _O2_NEED)
    phi = _loguniform(rng, 0.5, 6.0)
    r_oc = carriers.load(carrier).R_OC
    circulation = phi * 2.0 * o2 * M_O / r_oc
    extrapolate = rng.random() < 0.1  # kinetics used beyond their data (the loop's 700-1500 K search range)
    if extrapolate:
        lo, hi = max(lo - 100.0, 700.0), min(hi + 100.0, 1500.0)
    t_fr = rng.uniform(lo, hi)
    t_ar = rng.uniform(max(lo, t_fr - 50.0), hi)
    fr: dict = {"temperature": t_fr, "orifices": int(_loguniform(rng, 500, 50000) * scale**2) + 1,
                "steam": rng.uniform(0.0, 1.5) * power / 3e6}
    if rng.random() < 0.85:
        fr.update(type="bubbling", diameter=1.4 * scale * rng.uniform(0.7, 1.4),
                  inventory=_loguniform(rng, 150.0, 3000.0) * power / 1e6)
        if rng.random() < 0.2:
            eps0 = rng.choice([0.0, rng.uniform(0.005, 0.05)])
            fr["freeboard"] = {"height": rng.uniform(0.3, 3.0), "eps_surface": eps0,
                               "eps_star": eps0 * rng.uniform(0.0, 0.5), "a_u0": rng.uniform(0.5, 5.0)}
    else:  # a riser fuel reactor (uniform solids)
        fr.update(type="riser", diameter=0.6 * scale * rng.uniform(0.7, 1.4), height=rng.uniform(8.0, 25.0),
                  inventory=_loguniform(rng, 100.0, 1000.0) * power / 1e6)
    ar: dict = {"temperature": t_ar, "orifices": int(_loguniform(rng, 500, 50000) * scale**2) + 1}
    if rng.random() < 0.75:
        model = _choice(rng, (("chalmers", 0.5), ("uniform", 0.3), ("kunii_levenspiel", 0.2)))
        ar.update(type="riser", diameter=1.2 * scale * rng.uniform(0.7, 1.4), height=rng.uniform(8.0, 25.0),
                  riser_model=model, inventory=_loguniform(rng, 200.0, 1500.0) * power / 1e6)
        if model == "chalmers":
            ar["eps_bottom"] = rng.uniform(0.13, 0.23)
        elif model == "kunii_levenspiel":
            ar.update(eps_dense=rng.uniform(0.1, 0.3), eps_star=rng.uniform(0.005, 0.03), a_u0=rng.uniform(1.0, 5.0))
    else:
        ar.update(type="bubbling", diameter=2.0 * scale * rng.uniform(0.7, 1.4),
                  inventory=_loguniform(rng, 150.0, 1500.0) * power / 1e6)
    energy = rng.random()
    if energy < 0.13:
        fr["adiabatic"] = True
    elif energy < 0.20:
        ar["heat_duty"] = rng.uniform(0.0, 0.3) * power
    elif energy < 0.25:  # both temperatures solved
        fr["adiabatic"] = True
        ar["heat_duty"] = rng.uniform(0.0, 0.3) * power
    doc = {
        "name": "sampled unit", "carrier": carrier, "thermal_power": power, "pressure": 101325.0,
        "solids_circulation": circulation,
        "fuel": {"composition": fuel, "temperature": rng.uniform(298.15, 673.15)},
        "air": {"excess": rng.uniform(1.05, 1.5), "temperature": rng.uniform(298.15, 673.15)},
        "particles": {"diameter": d_p, "density": rho_p, "voidage_mf": rng.uniform(0.40, 0.50)},
        "fuel_reactor": fr, "air_reactor": ar,
        "model": {"cells": rng.randint(8, 24), "cell_height": rng.uniform(0.05, 0.5),
                  "riser_cell_height": rng.uniform(0.5, 2.0),
                  "water_gas_shift": "equilibrium" if rng.random() < 0.85 else "none",
                  "extrapolate_kinetics": extrapolate},
    }
    if rng.random() < 0.1:
        doc["solids_cooler"] = {"outlet_temperature": t_ar - rng.uniform(0.0, 100.0)}
    return doc


def sample(seed: int, n: int) -> list[dict]:
    """``n`` unit files from ``seed`` (the same list on every machine)."""
    rng = random.Random(seed)
    return [sample_unit(rng) for _ in range(n)]


@dataclass(frozen=True)
class Run:
    outcome: str  # one of OUTCOMES
    message: str  # the error's first line, or "" for a converged run
    residual: float | None = None  # the worst balance residual of a returned result


def _raised_in_clc(exc: BaseException) -> bool:
    """Whether the innermost frame that raised ``exc`` is clc's own code (not a library's)."""
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    return last is not None and Path(last.tb_frame.f_code.co_filename).resolve().is_relative_to(CLC_DIR)


def classify(doc: dict) -> Run:
    """Run one unit file (read, checked, solved) and sort its outcome."""
    try:
        unit = config.from_dict(doc)
        result = loop.solve(unit)
    except errors.InfeasibleError as exc:
        return Run("infeasible", str(exc).splitlines()[0])
    except errors.ConvergenceError as exc:
        return Run("numerical", str(exc).splitlines()[0])
    except ValueError as exc:
        if _raised_in_clc(exc):
            return Run("refused", str(exc).splitlines()[0])
        return Run("internal", "".join(traceback.format_exception_only(exc)).strip())
    except Exception as exc:  # noqa: BLE001: every other exception is the bug this sampler hunts
        return Run("internal", "".join(traceback.format_exception_only(exc)).strip())
    worst = result.max_balance_residual
    if not worst <= RESIDUAL_LIMIT:
        return Run("residual", f"worst balance residual {worst:.3g}", worst)
    return Run("converged", "", worst)


def tally(runs: list[Run]) -> dict:
    """Outcome -> count (every outcome present)."""
    out = dict.fromkeys(OUTCOMES, 0)
    for r in runs:
        out[r.outcome] += 1
    return out
