"""Parameter studies: expansion, failures recorded, interruption and resume, Dask path."""

import csv

import pytest

from clc import study

SPEC = """
base = "cheers_3mw_natural_gas"
output = "out.csv"
figures = ["fuel conversion (CH4)", "solids conversion difference dX"]
[parameters]
"fuel_reactor.inventory" = { values = ["1000 kg/MWth", "3000 kg/MWth"] }
"solids_circulation" = { range = ["10 kg/s", "40 kg/s"], points = 3 }
"""


def _spec(tmp_path, text=SPEC):
    p = tmp_path / "spec.toml"
    p.write_text(text)
    return study.load(p)


def _table(path):
    with open(path, newline="") as f:
        return sorted(csv.DictReader(f), key=lambda r: int(r["point"]))


def test_grid_expands_values_and_ranges(tmp_path):
    s = _spec(tmp_path)
    assert len(s.points) == 6
    assert {p["solids_circulation"] for p in s.points} == {"10 kg/s", "25 kg/s", "40 kg/s"}


def test_interrupted_and_resumed_equals_uninterrupted(tmp_path):
    whole = _spec(tmp_path)
    study.run(whole, workers=1, progress=None)
    reference = _table(whole.output)

    (tmp_path / "b").mkdir()
    part = _spec(tmp_path / "b")
    study.run(part, workers=1, max_points=2, progress=None)  # "killed" after two points
    assert len(_table(part.output)) == 2
    study.run(part, workers=2, progress=None)  # resumed, in parallel
    resumed = _table(part.output)
    assert [r["point"] for r in resumed] == [str(i) for i in range(6)]
    for a, b in zip(reference, resumed):
        assert a == b
    # a third run has nothing left to do and keeps the table as it is
    study.run(part, workers=1, progress=None)
    assert _table(part.output) == resumed


def test_a_failing_point_is_recorded_and_the_others_run(tmp_path):
    text = SPEC.replace('"1000 kg/MWth", "3000 kg/MWth"', '"1000 kg/MWth", "-5 kg/MWth"')
    s = _spec(tmp_path, text)
    study.run(s, workers=1, progress=None)
    rows = _table(s.output)
    bad = [r for r in rows if r["status"] == "error"]
    good = [r for r in rows if r["status"] == "ok"]
    assert len(bad) == 3 and len(good) == 3
    assert all("fuel_reactor.inventory" in r["error"] for r in bad)
    assert all(0.0 < float(r["fuel conversion (CH4)"]) <= 1.0 for r in good)


def test_latin_hypercube_samples_stay_in_their_ranges(tmp_path):
    text = SPEC.replace('{ values = ["1000 kg/MWth", "3000 kg/MWth"] }', '{ range = ["1000 kg/MWth", "3000 kg/MWth"] }')
    text += '\n[sampling]\nmethod = "latin_hypercube"\nsamples = 7\nseed = 3\n'
    s = _spec(tmp_path, text)
    assert len(s.points) == 7
    for p in s.points:
        assert 1000 <= float(p["fuel_reactor.inventory"].split()[0]) <= 3000
        assert 10 <= float(p["solids_circulation"].split()[0]) <= 40


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_table(tmp_path):
    pytest.importorskip("dask.distributed")
    a = _spec(tmp_path)
    study.run(a, workers=1, progress=None)
    (tmp_path / "d").mkdir()
    d = _spec(tmp_path / "d")
    study.run(d, workers=2, scheduler="local", progress=None)
    assert _table(a.output) == _table(d.output)


def test_bad_specs(tmp_path):
    with pytest.raises(ValueError, match=r"parameters.solids_circulation.range: both ends need the same unit"):
        _spec(tmp_path, SPEC.replace('["10 kg/s", "40 kg/s"]', '["10 kg/s", "40 t/h"]'))
    with pytest.raises(ValueError, match="give 'values' or 'range'"):
        _spec(tmp_path, SPEC.replace('{ range = ["10 kg/s", "40 kg/s"], points = 3 }', '{ step = 1 }'))
    with pytest.raises(ValueError, match="sampling.method='sobol'"):
        _spec(tmp_path, SPEC + '\n[sampling]\nmethod = "sobol"\n')


def test_progress_bar_only_on_a_terminal(tmp_path):
    import io

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    pipe, tty = io.StringIO(), Terminal()
    study.run(_spec(tmp_path), workers=1, max_points=1, progress=pipe)  # a pipe or a log file: silent
    assert pipe.getvalue() == ""
    (tmp_path / "b").mkdir()
    study.run(_spec(tmp_path / "b"), workers=1, max_points=1, progress=tty)
    assert "1/1" in tty.getvalue() and "point" in tty.getvalue()
