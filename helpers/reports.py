"""Execute the numbered notebooks on a set of articles and keep them as a report.

``reports/<run>/`` receives each executed notebook and a self-contained HTML copy (images
embedded), plus ``index.html``. Any cell error stops the run with a ``ReportError`` naming the
notebook, the cell and the error, and leaves ``FAILED.txt`` instead of an index: a report is
complete or visibly broken, never silently partial.
"""

import html
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter
from papermill.exceptions import PapermillExecutionError

from .paths import GOLD, NOTEBOOKS, REPORTS

EVALUATION_PREFIX = "90_"  # needs the gold annotations in ../shared


class ReportError(RuntimeError):
    """A notebook failed while building a report."""


def notebooks(folder: Path = NOTEBOOKS, gold: Path = GOLD) -> list[Path]:
    """The notebooks of a report, in order; the evaluation notebook only where ``gold`` exists."""
    found = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    return [nb for nb in found if gold.is_dir() or not nb.name.startswith(EVALUATION_PREFIX)]


def to_html(notebook: Path) -> Path:
    """Write a self-contained HTML copy of an executed notebook next to it."""
    exporter = HTMLExporter(embed_images=True)
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    target = notebook.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target


def _index(run_dir: Path, pages: list[Path], articles: Path) -> Path:
    links = "\n".join(f'<li><a href="{html.escape(p.name)}">{html.escape(p.stem)}</a></li>' for p in pages)
    target = run_dir / "index.html"
    target.write_text(f"<!doctype html><meta charset='utf-8'><title>newsvoices: {html.escape(run_dir.name)}</title>"
                      f"<h1>newsvoices report {html.escape(run_dir.name)}</h1>"
                      f"<p>Articles: {html.escape(str(articles))}</p><ol>{links}</ol>", encoding="utf-8")
    return target


def build_report(articles: str | Path, run: str, folder: Path = NOTEBOOKS,
                 reports: Path = REPORTS, gold: Path = GOLD) -> Path:
    """Execute every notebook of ``folder`` on ``articles`` into ``reports/<run>/``; its index.html.

    Notebooks get the parameters ``ARTICLES`` and ``OUT`` (absolute paths; ``OUT`` is
    ``reports/<run>/out``). Raises ``ReportError`` on the first failing cell.
    """
    articles = Path(articles).resolve()
    run_dir = (reports / run).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    for stale in [*run_dir.glob("*.ipynb"), *run_dir.glob("*.html"), run_dir / "FAILED.txt"]:
        stale.unlink(missing_ok=True)
    pages = []
    for notebook in notebooks(folder, gold):
        executed = run_dir / notebook.name
        try:
            papermill.execute_notebook(notebook, executed, cwd=str(folder), progress_bar=False,
                                       parameters={"ARTICLES": str(articles), "OUT": str(run_dir / "out")})
        except PapermillExecutionError as exc:
            message = (f"{notebook.name}: cell {exc.cell_index} (execution {exc.exec_count}) raised "
                       f"{exc.ename}: {exc.evalue}\n--- cell source ---\n{exc.source}")
            (run_dir / "FAILED.txt").write_text(message + f"\n--- executed notebook ---\n{executed}\n")
            raise ReportError(message) from None
        pages.append(to_html(executed))
    return _index(run_dir, pages, articles)
