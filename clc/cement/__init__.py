"""Cement plant model: raw meal -> clinker, heat of clinker formation, kiln-line balances.

Per kg clinker and per year. Modules, one job each:

* :mod:`~clc.cement.data` sourced data (clinker-phase enthalpies, reference figures, grid factors)
* :mod:`~clc.cement.rawmeal` raw meal -> clinker oxides, Bogue phases, calcination CO2
* :mod:`~clc.cement.formation` heat of clinker formation from thermochemistry
* :mod:`~clc.cement.fuel` solid fuel from its ultimate analysis and LHV
* :mod:`~clc.cement.kiln` preheater, calciner, kiln and cooler mass and energy balances
* :mod:`~clc.cement.report` heat balance table, CO2 split, GB 16780 comparison, Sankey diagram
* :mod:`~clc.cement.config` TOML plant files (``clc/examples/cement_*.toml``)
"""

from .config import example_path, list_examples, load
from .kiln import PlantResult, PlantSpec, solve

__all__ = ["PlantResult", "PlantSpec", "example_path", "list_examples", "load", "solve"]
