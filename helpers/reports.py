"""Execute the numbered notebooks on a set of articles and keep them as a report.

``reports/<run>/`` receives ``index.html`` (the front page: every article, linked to its own page
in ``articles/``), every frame as CSV and Parquet in ``frames/``, each executed notebook and a
self-contained HTML copy (images embedded, code cells hidden unless ``show_code``), and the tables
the notebooks export in ``out/``. The input is checked before any notebook runs: a missing path, a
folder without files, or one where nothing could be read raises a one-line ``ReportError``. Any
cell error stops the run with a ``ReportError`` naming the notebook, the cell and the error, and
leaves ``FAILED.txt`` instead of an index: a report is complete or visibly broken, never partial.
"""

import html
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
import pandas as pd
import papermill
from nbconvert import HTMLExporter
from papermill.exceptions import PapermillExecutionError

from . import articles as articles_mod, pages, pipeline
from .paths import GOLD, NOTEBOOKS, REPORTS

EVALUATION_PREFIX = "90_"  # needs the gold annotations in ../shared
FRAMES = "frames"  # folder of the run's frames (CSV + Parquet), next to index.html
# The kernel process's own log, silenced: every start prints a TCP notice, and a kernel stopped between
# notebooks may log "KeyboardInterrupt caught". A failing cell still stops the report with its error.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
XLSX_MAX_CHARS = 32_000  # below Excel's limit of 32,767 characters per cell
FORMATS = ", ".join(sorted(set(articles_mod.FORMATS)))
DEFAULT_MAX_WORDS = 2000  # notebook 00 opens on an article this short when there is one


class ReportError(RuntimeError):
    """The input cannot make a report, or a notebook failed while building one."""


def notebooks(folder: Path = NOTEBOOKS, gold: Path = GOLD) -> list[Path]:
    """The notebooks of a report, in order; the evaluation notebook only where ``gold`` exists."""
    found = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    return [nb for nb in found if gold.is_dir() or not nb.name.startswith(EVALUATION_PREFIX)]


def to_html(notebook: Path, show_code: bool = False) -> Path:
    """Write a self-contained HTML copy of an executed notebook next to it (code cells hidden unless
    ``show_code``)."""
    exporter = HTMLExporter(embed_images=True, exclude_input=not show_code, exclude_input_prompt=not show_code,
                            exclude_output_prompt=not show_code)
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    target = notebook.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target


def export(frame: pd.DataFrame, out: str | Path, name: str) -> list[Path]:
    """Write ``frame`` as ``out/<name>.csv`` and ``out/<name>.xlsx`` (for spreadsheets: long texts cut at
    Excel's cell limit, list cells joined with ';'); the paths written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    csv, xlsx = out / f"{name}.csv", out / f"{name}.xlsx"
    frame.to_csv(csv, index=False)
    frame.map(_spreadsheet_cell).to_excel(xlsx, index=False)
    return [csv, xlsx]


def _spreadsheet_cell(value: object) -> object:
    if isinstance(value, (list, tuple)):
        value = "; ".join(map(str, value))
    return value[:XLSX_MAX_CHARS] if isinstance(value, str) else value


def links_html(paths: list[Path], base: str | Path) -> str:
    """HTML links to ``paths``, relative to ``base`` (the folder of the page that shows them)."""
    return " · ".join(f'<a href="{html.escape(Path(p).resolve().relative_to(Path(base).resolve()).as_posix())}">'
                      f"{html.escape(Path(p).name)}</a>" for p in paths)


def focus(frames: dict[str, pd.DataFrame], article: str | None) -> dict[str, pd.DataFrame]:
    """``frames`` restricted to the rows of ``article`` (all of them when None); a ``ReportError`` when
    no article has that id."""
    if article is None:
        return frames
    _check_known(frames, article)
    return {name: f[f["article_id"] == article].reset_index(drop=True) if "article_id" in f.columns else f
            for name, f in frames.items()}


def _check_known(frames: dict[str, pd.DataFrame], article: str) -> None:
    if article not in set(frames["articles"]["article_id"]):
        raise ReportError(f"article {article!r} not found; the ids are in the articles table")


def richest_article(frames: dict[str, pd.DataFrame], article: str | None = None,
                    max_words: int | None = DEFAULT_MAX_WORDS) -> str:
    """``article`` when given (a ``ReportError`` when no article has that id), else the article with the most
    distinct speakers, then the most quotes, among those of at most ``max_words`` words when there are any (a
    long transcript is hard to read as a first example); the first of the articles table on ties."""
    if article is not None:
        _check_known(frames, article)
        return article
    table = frames["articles"]
    if table.empty:
        raise ReportError("no articles: nothing to show")
    if max_words is not None and (table["n_words"] <= max_words).any():
        table = table[table["n_words"] <= max_words]
    quotes = frames["quotes"]
    n_quotes = quotes["article_id"].value_counts()
    n_speakers = quotes.dropna(subset=["speaker"]).groupby("article_id")["speaker"].nunique()
    return max(table["article_id"], key=lambda a: (n_speakers.get(a, 0), n_quotes.get(a, 0)))


def check_input(path: Path) -> list[Path]:
    """The files under ``path``; a one-line ``ReportError`` when it is missing or holds none."""
    if not path.exists():
        raise ReportError(f"{path}: not found. Give an existing folder (or file) of articles, "
                          f"e.g. make report ARTICLES=data/articles")
    files, _ = articles_mod.list_files([path])
    if not files:
        raise ReportError(f"{path}: no files in it. Put articles there ({FORMATS}) and rerun")
    return files


def _analyze(source: Path, run_dir: Path) -> dict[str, pd.DataFrame]:
    """Every frame of ``source``, written to ``run_dir/frames`` (CSV + Parquet) and returned."""
    folder = run_dir / FRAMES
    shutil.rmtree(folder, ignore_errors=True)
    pipeline.analyze_to_parquet([source], folder)
    frames = pipeline.read_output(folder)
    if frames["articles"].empty:
        reasons = frames["problems"]["reason"].value_counts()
        counts = ", ".join(f"{n} {reason}" for reason, n in reasons.items())
        raise ReportError(f"{source}: none of its files could be read ({counts}); see "
                          f"{folder / 'problems.csv'} and use {FORMATS}")
    return frames


def _execute(notebook: Path, executed: Path, folder: Path, parameters: dict, run_dir: Path) -> None:
    """Run ``notebook`` with those of ``parameters`` its ``parameters`` cell names."""
    known = papermill.inspect_notebook(notebook)
    parameters = {k: v for k, v in parameters.items() if k in known}
    try:
        papermill.execute_notebook(notebook, executed, cwd=str(folder), progress_bar=False, parameters=parameters,
                                   extra_arguments=KERNEL_ARGUMENTS)
    except PapermillExecutionError as exc:
        message = (f"{notebook.name}: cell {exc.cell_index} (execution {exc.exec_count}) raised "
                   f"{exc.ename}: {exc.evalue}\n--- cell source ---\n{exc.source}")
        (run_dir / "FAILED.txt").write_text(message + f"\n--- executed notebook ---\n{executed}\n")
        raise ReportError(message) from None


def build_report(articles: str | Path, run: str, folder: Path = NOTEBOOKS, reports: Path = REPORTS,
                 gold: Path = GOLD, article: str | None = None, show_code: bool = False,
                 log: Callable[[str], None] = print) -> Path:
    """Analyse ``articles``, write one page per article, execute every notebook of ``folder`` on them
    into ``reports/<run>/``; its index.html.

    Notebooks get the parameters ``ARTICLES``, ``OUT`` (absolute; ``reports/<run>/out``) and
    ``ARTICLE`` (the article to focus on, or None). Raises ``ReportError`` on bad input (before any
    notebook runs) and on the first failing cell. ``log``: progress lines.
    """
    source = Path(articles).resolve()
    files = check_input(source)
    run_dir = (reports / run).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    for stale in [*run_dir.glob("*.ipynb"), *run_dir.glob("*.html"), run_dir / "FAILED.txt"]:
        stale.unlink(missing_ok=True)
    shutil.rmtree(run_dir / pages.PAGES, ignore_errors=True)
    log(f"reading {len(files)} file(s) in {source}")
    frames = _analyze(source, run_dir)
    if article is not None and article not in set(frames["articles"]["article_id"]):
        raise ReportError(f"article {article!r} is not among the {len(frames['articles'])} articles of {source}; "
                          f"see {run_dir / FRAMES / 'articles.csv'} for the ids")
    (run_dir / pages.PAGES).mkdir()
    rows_of = pages.by_article(frames)
    for row in frames["articles"].to_dict("records"):
        page = pages.article_page(row, rows_of[row["article_id"]])
        (run_dir / pages.page_name(row["article_id"])).write_text(page, encoding="utf-8")
    log(f"{len(frames['articles'])} article page(s) written to {run_dir / pages.PAGES}")
    parameters = {"ARTICLES": str(source), "OUT": str(run_dir / "out"), "ARTICLE": article}
    done = []
    chosen = notebooks(folder, gold)
    for i, notebook in enumerate(chosen, 1):
        log(f"[{i}/{len(chosen)}] running {notebook.name} …")
        started = time.perf_counter()
        _execute(notebook, run_dir / notebook.name, folder, parameters, run_dir)
        done.append(to_html(run_dir / notebook.name, show_code))
        log(f"[{i}/{len(chosen)}] {notebook.name} done in {time.perf_counter() - started:.0f} s")
    index = run_dir / "index.html"
    index.write_text(pages.index_page(run, source, frames, done, FRAMES, article), encoding="utf-8")
    return index
