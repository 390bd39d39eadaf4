"""clc: chemical-looping combustion process simulator.

Thermochemistry from Cantera (:mod:`clc.thermo`), oxygen-carrier kinetics from sourced
parameter sets (:mod:`clc.carriers`, :mod:`clc.rates`), and a TGA simulator (:mod:`clc.tga`).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("clc")
except PackageNotFoundError:  # running from a checkout without installation
    __version__ = "0.1.0"


def simulate(config=None):
    """Solve a CLC unit to steady state.

    ``config`` is a TOML path, a dict, None (the default unit), or a :class:`clc.specs.UnitSpec`
    already built (e.g. by :func:`clc.config.load`), which is solved as it is: no file read, no
    validation repeated. Returns a :class:`clc.loop.LoopResult` (``figures``, ``balances``,
    reactor profiles).
    """
    from . import config as _config
    from . import loop
    from .specs import UnitSpec

    if isinstance(config, UnitSpec):
        unit = config
    else:
        unit = _config.from_dict(config) if isinstance(config, dict) else _config.load(config)
    return loop.solve(unit)


__all__ = ["__version__", "simulate"]
