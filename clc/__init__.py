"""clc: chemical-looping combustion process simulator.

Thermochemistry from Cantera (:mod:`clc.thermo`), oxygen-carrier kinetics from sourced
parameter sets (:mod:`clc.carriers`, :mod:`clc.rates`), and a TGA simulator (:mod:`clc.tga`).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("clc")
except PackageNotFoundError:  # running from a checkout without installation
    __version__ = "0.1.0"

__all__ = ["__version__"]
