"""``python -m helpers``: analyze writes every frame, evaluate skips cleanly, report fails loudly."""

import os
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
    _notebook(folder / "01_plot.ipynb", "import matplotlib.pyplot as plt\n"
              "plt.plot([1, 2], [3, 4]); plt.title(ARTICLES); plt.show()\nprint(ARTICLES)")
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
    assert "hl-ipython3" not in page  # code cells hidden by default…
    reports.build_report(ARTICLES, "t", folder=notebooks, reports=tmp_path / "reports", gold=tmp_path / "no_gold",
                         show_code=True)
    assert "hl-ipython3" in (run / "01_plot.html").read_text()  # …kept on request


def test_report_fails_loudly_naming_notebook_cell_and_error(notebooks, tmp_path):
    _notebook(notebooks / "02_broken.ipynb", "x = 1", "1 / 0")
    with pytest.raises(reports.ReportError) as failure:
        reports.build_report(ARTICLES, "t", folder=notebooks, reports=tmp_path / "reports", gold=notebooks)
    message = str(failure.value)
    assert "02_broken.ipynb" in message and "ZeroDivisionError" in message and "1 / 0" in message
    run = tmp_path / "reports" / "t"
    assert (run / "FAILED.txt").is_file() and not (run / "index.html").exists()
    assert not (run / "90_evaluation.html").exists()


def test_report_on_a_missing_folder_exits_non_zero_with_one_line_and_no_traceback(tmp_path):
    missing = tmp_path / "missing" / "folder"
    done = subprocess.run([sys.executable, "-m", "helpers", "report", str(missing), "--run", "x"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode != 0
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert len(lines) == 1 and str(missing) in lines[0] and "not found" in lines[0]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("files, says", [({}, "no files"),
                                         ({"empty.txt": "", "notes.docx": "PK"}, "none of its files could be read")])
def test_report_stops_before_any_notebook_on_an_empty_or_unreadable_folder(notebooks, tmp_path, files, says):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    with pytest.raises(reports.ReportError) as failure:
        reports.build_report(folder, "t", folder=notebooks, reports=tmp_path / "reports", gold=tmp_path / "no_gold")
    assert str(folder) in str(failure.value) and says in str(failure.value) and "\n" not in str(failure.value)
    assert not list((tmp_path / "reports" / "t").glob("*.ipynb"))


def test_index_links_a_page_per_article_showing_its_own_quotes(notebooks, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "mine.txt").write_text("Talks in Geneva\n\n\"We want the guns to fall silent now,\" Dmitry Peskov "
                                     "said on Monday.\n")
    (folder / "sample.txt").write_bytes((ARTICLES / "istanbul_talks.txt").read_bytes())
    index = reports.build_report(folder, "t", folder=notebooks, reports=tmp_path / "reports",
                                 gold=tmp_path / "no_gold", log=lambda line: None)
    front = index.read_text()
    assert 'href="articles/mine.html"' in front and 'href="articles/sample.html"' in front
    assert str(folder.resolve()) in front and "href=\"frames/quotes.csv\"" in front and "01_plot" in front
    page = (index.parent / "articles" / "mine.html").read_text()
    assert 'id="mine:q1"' in page and "guns to fall silent" in page and "Dmitry Peskov" in page
    assert "Rutte" not in page and "Rutte" in (index.parent / "articles" / "sample.html").read_text()


def test_export_writes_csv_and_xlsx(tmp_path):
    frame = pd.DataFrame({"quote_id": ["a:q1"], "text": ["x" * 40_000], "words": [["a", "b"]]})
    csv, xlsx = reports.export(frame, tmp_path, "quotes")
    assert pd.read_csv(csv)["text"].str.len().tolist() == [40_000]
    back = pd.read_excel(xlsx)
    assert back["text"].str.len().tolist() == [reports.XLSX_MAX_CHARS] and back["words"].tolist() == ["a; b"]


def test_every_article_of_a_mixed_folder_gets_a_page_with_its_own_quotes(notebooks, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for path in [*(ROOT / "tests" / "fixtures" / "news").glob("*.txt"), ARTICLES / "istanbul_talks.txt"]:
        (folder / path.name).write_bytes(path.read_bytes())
    index = reports.build_report(folder, "m", folder=notebooks, reports=tmp_path / "reports",
                                 gold=tmp_path / "no_gold", log=lambda line: None)
    quotes = pd.read_csv(index.parent / "frames" / "quotes.csv")
    front = index.read_text()
    assert quotes["article_id"].nunique() == 4
    for article_id, own in quotes.groupby("article_id"):
        assert f'href="articles/{article_id}.html"' in front
        page = (index.parent / "articles" / f"{article_id}.html").read_text()
        assert all(f'id="{q}"' in page for q in own["quote_id"])
        assert not any(f'id="{q}"' in page for q in quotes.loc[quotes["article_id"] != article_id, "quote_id"])


def test_the_article_shown_by_default_has_most_speakers_then_quotes_and_is_not_too_long():
    frames = {"articles": pd.DataFrame({"article_id": ["a", "b", "c", "d"], "n_words": [300, 400, 500, 9000]}),
              "quotes": pd.DataFrame({"article_id": ["c", "b", "c", "b", "a", "d", "d", "d"],
                                      "speaker": ["X", "X", "X", "Y", "X", "X", "Y", "Z"]})}
    assert reports.richest_article(frames) == "b"              # two speakers beat three quotes of one
    assert reports.richest_article(frames, max_words=None) == "d"  # the long one, when length does not matter
    assert reports.richest_article(frames, "a") == "a"
    with pytest.raises(reports.ReportError):
        reports.richest_article(frames, "z")
    frames["quotes"] = frames["quotes"][frames["quotes"]["speaker"] == "X"]
    assert reports.richest_article(frames) == "c"              # one speaker each: the most quotes
    frames["quotes"] = frames["quotes"].iloc[:0]
    assert reports.richest_article(frames) == "a"   # no quotes anywhere: the first article


@pytest.mark.parametrize("given, expected", [(None, "1"), ("3", "3")])
def test_the_command_line_runs_blas_on_one_thread_unless_told(given, expected):
    """Set before numpy loads (idle BLAS threads spin after each matrix product); a caller's setting is kept."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given:
        env["OPENBLAS_NUM_THREADS"] = given
    code = "import os, helpers.__main__; print(os.environ['OPENBLAS_NUM_THREADS'])"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == expected
