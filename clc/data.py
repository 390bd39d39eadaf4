"""Where the package's YAML data live, from a checkout or from an installed wheel.

The repository keeps the data at its top level (``kinetics/``); the wheel ships the same
folder as the data package ``clc.kinetics``. Both are found here so that no other module
has to care which layout it runs from.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path


def kinetics_dir() -> Path:
    """Folder holding the kinetic parameter sets (``*.yaml``, one per material).

    >>> (kinetics_dir() / "species").is_dir()
    True
    """
    checkout = Path(__file__).resolve().parent.parent / "kinetics"
    if checkout.is_dir() and any(checkout.glob("*.yaml")):
        return checkout
    return Path(str(importlib.resources.files("clc.kinetics")))


def species_dir() -> Path:
    """Folder holding Cantera-format thermo for species Cantera lacks."""
    return kinetics_dir() / "species"


def validation_dir() -> Path | None:
    """The checkout's ``validation/`` folder, or None when running from an installed wheel."""
    checkout = Path(__file__).resolve().parent.parent / "validation"
    return checkout if checkout.is_dir() else None
