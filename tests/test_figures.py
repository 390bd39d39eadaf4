"""The loop's figures table is a view of named fields; every label in use exists in it."""

import ast
import re
from pathlib import Path

import pytest
import yaml

from clc import config, loop, study

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def result():
    return loop.solve(config.load())


def _dataset_labels(model: str = "loop") -> set[str]:
    """Figures named by the datasets solved with ``model`` (``model:`` in metadata.yaml; the loop by default)."""
    out = set()
    for meta in (ROOT / "validation").rglob("metadata.yaml"):
        doc = yaml.safe_load(meta.read_text()) or {}
        if doc.get("model", "loop") != model:
            continue
        for m in doc.get("measured") or []:
            if m.get("figure"):
                out.add(m["figure"])
    return out


_FIGURES_LIST = re.compile(r"^\s*figures\s*=\s*(\[[^\]]*\])", re.M)


def _study_labels() -> set[str]:
    """``figures = [...]`` of study specs: shipped examples, the study docstring, the tests."""
    out = set()
    texts = [p.read_text() for p in (ROOT / "clc" / "examples").glob("*.toml")]
    texts += [study.__doc__, (ROOT / "tests" / "test_study.py").read_text()]
    for text in texts:
        for lst in _FIGURES_LIST.findall(text):
            out.update(ast.literal_eval(lst.split("#")[0]))
    return out


def test_labels_in_use_exist():
    labels = _dataset_labels() | _study_labels()
    assert len(_dataset_labels()) >= 4 and len(_study_labels()) >= 2
    missing = sorted(labels - set(loop.FIGURE_LABELS))
    assert not missing, missing


def test_clou_dataset_labels_exist():
    from clc import clou

    labels = _dataset_labels("clou_fuel_reactor")
    unit = clou.from_dict(__import__("tomllib").loads((ROOT / "clc" / "examples" / "icb_csic_1_5kw_clou_coal.toml").read_text()))
    known = set(clou.solve(unit).figures)
    assert labels and not sorted(labels - known), sorted(labels - known)


def test_package_code_reads_no_loop_figure_by_label():
    """Code outside the view reads fields; only user-chosen labels (studies, datasets) index the table."""
    hits = []
    for p in (ROOT / "clc").rglob("*.py"):
        for i, line in enumerate(p.read_text().splitlines(), 1):
            if re.search(r"figures\[\s*[\"']", line) and "res.figures[" not in line:
                hits.append(f"{p.relative_to(ROOT)}:{i}: {line.strip()}")
    assert not hits, hits


def test_view_is_built_from_fields(result):
    f = result.figures
    assert list(f) == [label for label in loop.FIGURE_LABELS if label in f]
    assert f["heat to supply to FR"] == (result.heat_to_fr, "W")
    assert f["heat to remove from AR"] == (result.heat_from_ar, "W")
    assert f["FR temperature"] == (result.fr.temperature, "K")
    assert f["AR pressure drop"] == (result.ar.pressure_drop, "Pa")
    assert f["oxygen carrier to fuel ratio phi"] == (result.phi, "-")
    assert f["fuel conversion (CH4)"] == (result.fuel_conversion["CH4"], "-")
    assert f["combustion efficiency"][0] == result.combustion_efficiency
    assert f["CO2 yield"][0] == result.co2_yield
    assert f["FR autothermal"][0] is result.autothermal
    assert f["loop autothermal"][0] is (result.autothermal and result.heat_from_ar >= -1e-9 * result.thermal_power)
    assert f["solids conversion difference dX"][0] == result.s_fr_out - result.s_fr_in
    assert result.max_balance_residual == max(abs(v) for v in result.balances.values())
    f["FR temperature"] = (0.0, "K")  # a fresh dict: the result is untouched
    assert result.figures["FR temperature"][0] == result.fr.temperature
    with pytest.raises(AttributeError):
        result.phi = 1.0  # frozen


def test_the_cement_integration_labels_are_its_own():
    """The integration reads the loop's fields; the labels it prints are its own table's."""
    from clc.cement import clc_integration

    src = Path(clc_integration.__file__).read_text()
    assert "clc.figures" not in src and "res.figures[name]" not in src


def test_study_rejects_an_unknown_figure(tmp_path):
    spec = tmp_path / "s.toml"
    spec.write_text('figures = ["no such figure"]\n[parameters]\n"air.excess" = { values = [1.2] }\n')
    with pytest.raises(ValueError, match="unknown figure.*'no such figure'"):
        study.load(spec)
