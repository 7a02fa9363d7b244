"""Command line: ``python -m helpers analyze|evaluate|report|train`` (also installed as ``newsvoices``)."""

import argparse
import os
import sys
from pathlib import Path

# Before numpy loads: its BLAS runs one thread unless the caller says otherwise. The pipeline's few matrix
# products are small (loading the models), and after each one the idle BLAS threads spin: about 0.7 s of CPU
# per run of the press releases and Kremlin pages, for the same frames. Chunks run in parallel as processes.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .paths import ARTICLES, DATA, GOLD, SHARED  # noqa: E402 (after the BLAS setting)
from .sentiment import ENGINES  # noqa: E402


def _analyze(args: argparse.Namespace) -> int:
    from .knowledge import Knowledge
    from .pipeline import analyze_to_parquet, output_rows
    folders = analyze_to_parquet(args.paths, args.out, chunk_size=args.chunk_size, workers=args.workers,
                                 engine=args.engine, scheduler=args.scheduler, cache=not args.no_cache,
                                 engines=("score",) if args.fast else ENGINES, knowledge=Knowledge(args.data))
    counts = output_rows(args.out, ["articles", "problems", "quotes"])
    print(f"{counts['articles']} articles, {counts['quotes']} quotes, {counts['problems']} problems")
    print(f"wrote {len(folders)} frames to {Path(args.out).resolve()} (<frame>.csv and <frame>/part-*.parquet)")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    gold = Path(args.gold_dir)
    if not gold.is_dir():
        print(f"skipped: gold annotations {gold} not found")
        return 0
    from . import evaluate
    from .knowledge import Knowledge
    print(evaluate.format_report(evaluate.evaluate(gold, knowledge=Knowledge(args.data))))
    return 0


def _report(args: argparse.Namespace) -> int:
    from .reports import ReportError, build_report
    try:
        index = build_report(args.articles, args.run, article=args.article, show_code=args.show_code,
                             log=lambda line: print(line, flush=True))
    except ReportError as exc:
        print(f"report FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"report written: {index}", flush=True)
    return 0


def _train(args: argparse.Namespace) -> int:
    from . import train
    return train.main(Path(args.shared), args.only)


def parser() -> argparse.ArgumentParser:
    """The ``analyze``, ``evaluate``, ``report`` and ``train`` commands."""
    top = argparse.ArgumentParser(prog="newsvoices", description="News articles as pandas frames: "
                                  "who spoke, with what sentiment, positioning Russia versus Ukraine.")
    commands = top.add_subparsers(dest="command", required=True)

    run = commands.add_parser("analyze", help="write every frame as CSV and Parquet")
    run.add_argument("paths", nargs="+", help="article files or folders")
    run.add_argument("--out", required=True, help="output folder")
    run.add_argument("--workers", type=int, help="processes (default: every core for large inputs)")
    run.add_argument("--engine", choices=["local", "dask"], default="local")
    run.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786 (with --engine dask)")
    run.add_argument("--no-cache", action="store_true", help="ignore and do not fill the per-file cache")
    run.add_argument("--chunk-size", type=int, help="files per chunk (default: automatic)")
    run.add_argument("--fast", action="store_true", help="sentiment: the combined score only (TextBlob and "
                     "VADER columns left empty); much faster on large corpora")
    run.add_argument("--data", default=str(DATA), help="folder of the knowledge tables (default: data/)")
    run.set_defaults(handler=_analyze)

    ev = commands.add_parser("evaluate", help="score quotes, speakers and positions against gold annotations")
    ev.add_argument("gold_dir", nargs="?", default=str(GOLD))
    ev.add_argument("--data", default=str(DATA), help="folder of the knowledge tables (default: data/)")
    ev.set_defaults(handler=_evaluate)

    rep = commands.add_parser("report", help="execute the notebooks into reports/<run>/ (ipynb + HTML), with an "
                              "index of every article and one page per article")
    rep.add_argument("articles", nargs="?", default=str(ARTICLES), help="article files folder")
    rep.add_argument("--run", default="sample", help="report name (folder under reports/)")
    rep.add_argument("--article", help="article_id the notebooks focus on (default: all articles)")
    rep.add_argument("--show-code", action="store_true", help="keep the code cells in the HTML reports")
    rep.set_defaults(handler=_report)

    tr = commands.add_parser("train", help="retrain the models of data/models/ from ../shared; print held-out scores")
    tr.add_argument("shared", nargs="?", default=str(SHARED), help="the shared folder (default ../shared)")
    tr.add_argument("--only", choices=("sentence", "target"), help="retrain only the sentence or the target model")
    tr.set_defaults(handler=_train)
    return top


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m helpers`` and of the ``newsvoices`` script."""
    args = parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
