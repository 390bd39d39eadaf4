"""clc.simulate: the package-level entry, from a path, a dict, None or a built UnitSpec."""

import clc
from clc import config


def test_simulate_accepts_a_built_spec_and_gives_the_same_result():
    unit = config.load()
    from_spec = clc.simulate(unit)
    from_default = clc.simulate()
    from_path = clc.simulate(config.example_path())
    from_dict = clc.simulate(config.read())
    for other in (from_default, from_path, from_dict):
        assert other.figures == from_spec.figures
        assert other.balances == from_spec.balances
