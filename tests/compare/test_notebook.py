"""The comparison notebook ships without outputs and only calls the public presentation API."""

import ast
import json

from survey._resources import bundled_path
from survey.report.comparison import ComparisonReport
from survey.report.render import COMPARISON_NOTEBOOK as NOTEBOOK


def _cells():
    notebook = json.loads((bundled_path("notebooks") / NOTEBOOK).read_text(encoding="utf-8"))
    return notebook["cells"]


def test_committed_without_outputs():
    for cell in _cells():
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_parameters_cell():
    parameters = [c for c in _cells() if "parameters" in c["metadata"].get("tags", [])]
    assert len(parameters) == 1
    tree = ast.parse("".join(parameters[0]["source"]))
    names = {t.id for node in tree.body for t in node.targets}
    assert names == {"wave_a", "wave_b", "output", "alpha", "correction", "small_base"}


def test_code_cells_only_call_public_methods():
    public = {name for name in dir(ComparisonReport) if not name.startswith("_")}
    calls = []
    for cell in _cells():
        if cell["cell_type"] != "code" or "parameters" in cell["metadata"].get("tags", []):
            continue
        tree = ast.parse("".join(cell["source"]))
        for node in ast.walk(tree):
            assert not isinstance(node, ast.For | ast.While | ast.If | ast.FunctionDef)
            if isinstance(node, ast.Attribute) and getattr(node.value, "id", "") == "comparaison":
                calls.append(node.attr)
    assert calls and set(calls) <= public
