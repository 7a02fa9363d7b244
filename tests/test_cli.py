"""``python -m helpers``: analyze writes every frame, evaluate skips cleanly, report fails loudly."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers import reports
from helpers.__main__ import main
from helpers.paths import ARTICLES, ROOT
from helpers.pipeline import FRAME_NAMES, read_output


def test_analyze_writes_every_frame_as_csv_and_parquet(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["analyze", str(ARTICLES), "--out", str(out), "--no-cache", "--workers", "1"]) == 0
    for name in FRAME_NAMES:
        assert (out / f"{name}.csv").is_file(), name
        assert list((out / name).glob("part-*.parquet")), name
    frames = read_output(out)
    assert len(frames["articles"]) == 1
    assert list(pd.read_csv(out / "quotes.csv").columns)[:4] == list(frames["quotes"].columns)[:4]
    assert "1 articles" in capsys.readouterr().out


def test_evaluate_without_gold_says_skipped(tmp_path, capsys):
    assert main(["evaluate", str(tmp_path / "no_gold")]) == 0
    assert "skipped" in capsys.readouterr().out


def test_module_runs_as_a_script():
    done = subprocess.run([sys.executable, "-m", "helpers", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and "analyze" in done.stdout


def _notebook(path: Path, *sources: str) -> None:
    params = nbformat.v4.new_code_cell('ARTICLES = "../data/articles"\nOUT = "../reports/out"')
    params.metadata["tags"] = ["parameters"]
    cells = [nbformat.v4.new_markdown_cell("# test"), params, *map(nbformat.v4.new_code_cell, sources)]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


@pytest.fixture
def notebooks(tmp_path: Path) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    _notebook(folder / "01_plot.ipynb", "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
              "plt.plot([1, 2], [3, 4]); plt.title(ARTICLES); plt.show()")
    _notebook(folder / "90_evaluation.ipynb", "print('gold')")
    return folder


def test_report_writes_executed_notebooks_and_self_contained_html(notebooks, tmp_path):
    index = reports.build_report(ARTICLES, "t", folder=notebooks, reports=tmp_path / "reports",
                                 gold=tmp_path / "no_gold")
    run = tmp_path / "reports" / "t"
    assert index == run / "index.html"
    assert (run / "01_plot.ipynb").is_file() and not (run / "90_evaluation.ipynb").exists()
    page = (run / "01_plot.html").read_text()
    assert "data:image/png;base64" in page and str(ARTICLES.resolve()) in page


def test_report_fails_loudly_naming_notebook_cell_and_error(notebooks, tmp_path):
    _notebook(notebooks / "02_broken.ipynb", "x = 1", "1 / 0")
    with pytest.raises(reports.ReportError) as failure:
        reports.build_report(ARTICLES, "t", folder=notebooks, reports=tmp_path / "reports", gold=notebooks)
    message = str(failure.value)
    assert "02_broken.ipynb" in message and "ZeroDivisionError" in message and "1 / 0" in message
    run = tmp_path / "reports" / "t"
    assert (run / "FAILED.txt").is_file() and not (run / "index.html").exists()
    assert not (run / "90_evaluation.html").exists()
