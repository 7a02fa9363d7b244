"""Every committed notebook is clean (no outputs, a ``parameters`` cell) and runs on the sample data."""

from pathlib import Path

import nbformat
import papermill
import pytest

from helpers.paths import ARTICLES, GOLD, NOTEBOOKS
from helpers.reports import notebooks

ALL = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_there_are_notebooks():
    assert ALL, f"no notebooks in {NOTEBOOKS}"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_committed_without_outputs_and_with_parameters(path: Path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "clear outputs before committing"
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and "ARTICLES" in tagged[0].source and "OUT" in tagged[0].source
    assert nb.cells[0].cell_type == "markdown" and nb.cells[-1].cell_type == "markdown"
    assert "takeaways" in nb.cells[-1].source.lower()


@pytest.mark.parametrize("path", notebooks(NOTEBOOKS, GOLD), ids=lambda p: p.name)
def test_executes_on_the_sample(path: Path, tmp_path: Path):
    papermill.execute_notebook(path, tmp_path / path.name, cwd=str(NOTEBOOKS), progress_bar=False,
                               parameters={"ARTICLES": str(ARTICLES), "OUT": str(tmp_path / "out")})
