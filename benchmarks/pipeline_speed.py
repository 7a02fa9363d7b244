"""Speed, scale and cache benchmark of the whole pipeline on the press-release corpus.

    .venv/bin/python benchmarks/pipeline_speed.py [--sizes 10000 100000] [--workers 2] [--press DIR]

Replicates ``../shared/corpus/press_releases/*.csv`` (or ``--press``) to each size (CSV files in a temp dir;
each repetition of a release gets its own ``link``, so that it is not a duplicate of the first),
times every stage single-process on the first size, then the whole pipeline with 1 and with
``--workers`` processes, and the cache rerun after adding one article to the 1,784 press
releases split one article per file. Each measurement runs in a fresh process, so peak memory
(maxrss of the process plus its largest child) is its own. Prints tables; skips without ../shared.
"""

import argparse
import csv
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers import pipeline  # noqa: E402
from helpers.cache import fingerprint  # noqa: E402
from helpers.paths import CORPUS  # noqa: E402
from helpers.sentiment import ENGINES  # noqa: E402

PRESS = CORPUS / "press_releases"
ROWS_PER_FILE = 1000


def press_rows(press: Path) -> tuple[list[str], list[dict]]:
    """Header and rows of the press-release CSVs (columns of both files, missing ones empty)."""
    header: list[str] = []
    rows: list[dict] = []
    csv.field_size_limit(sys.maxsize)
    for path in sorted(press.glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            header += [c for c in reader.fieldnames if c not in header]
            rows += list(reader)
    return header, rows


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, header)
        writer.writeheader()
        writer.writerows(rows)


def _copy(row: dict, k: int) -> dict:
    """The ``k``-th repetition of a release: the same text under its own link (0: the release itself)."""
    return row if k == 0 else {**row, "link": f"{row.get('link', '')}#copy-{k}"}


def replicate(n: int, out_dir: Path, press: Path) -> Path:
    """``n`` press releases (the corpus repeated) as CSV files of 1,000 rows in ``out_dir``."""
    header, rows = press_rows(press)
    out_dir.mkdir(parents=True, exist_ok=True)
    for i in range(0, n, ROWS_PER_FILE):
        batch = [_copy(rows[j % len(rows)], j // len(rows)) for j in range(i, min(n, i + ROWS_PER_FILE))]
        _write(out_dir / f"press_{i // ROWS_PER_FILE:05d}.csv", header, batch)
    return out_dir


def split(out_dir: Path, press: Path) -> Path:
    """The press releases one article per CSV file in ``out_dir``."""
    header, rows = press_rows(press)
    out_dir.mkdir(parents=True, exist_ok=True)
    for i, row in enumerate(rows):
        _write(out_dir / f"article_{i:05d}.csv", header, [row])
    return out_dir


def peak_mb() -> float:
    """maxrss of this process plus that of its largest child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def _input_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


# ---- measurements, each run in a fresh process via --measure ----

def measure_stages(folder: Path, engines: tuple[str, ...]) -> list[dict]:
    """Seconds of each stage, single process, on every article of ``folder``."""
    import pandas as pd
    from helpers import actors as actors_mod, articles, positioning, positions, quotes, segments, sentiment, speakers
    timings = []

    def timed(name, fn, *args):
        start = time.perf_counter()
        result = fn(*args)
        timings.append({"stage": name, "seconds": time.perf_counter() - start})
        return result

    def read_all():
        rows = []
        for path in pipeline.list_files([folder]):
            rows += list(pipeline._frame(articles.read_file(path)[0], "articles").itertuples(index=False))
        return pd.DataFrame(rows, columns=pipeline.COLUMNS["articles"])

    arts = timed("read", read_all)
    actors = timed("actors", actors_mod.load_actors)
    paras = timed("paragraphs", segments.paragraphs, arts)
    sents = timed("sentences", segments.sentences, arts, paras)
    found = timed("quotes", quotes.find_quotes, arts, paras, actors, sents)
    timed("speakers", speakers.speaker_table, found)
    scored = timed("sentiment", sentiment.quote_sentiment, found, engines)
    timed("speaker_sentiment", sentiment.speaker_sentiment, scored)
    st = timed("stances", positioning.stances, arts, sents, found, actors)
    timed("positions", positions.positions, st, found)
    return [dict(t, articles=len(arts)) for t in timings]


def cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_pipeline(folder: Path, workers: int, stream: bool, engines: tuple[str, ...]) -> dict:
    """Wall and CPU seconds of the whole pipeline (no cache), in memory or streamed to Parquet."""
    start, cpu = time.perf_counter(), cpu_seconds()
    if stream:
        with tempfile.TemporaryDirectory() as out:
            pipeline.analyze_to_parquet([folder], out, workers=workers, cache=False, csv=False, progress=False,
                                        engines=engines)
            n = len(pipeline.read_output(out, ["articles"])["articles"])
    else:
        n = len(pipeline.analyze([folder], workers=workers, cache=False, progress=False,
                                 engines=engines)["articles"])
    return {"seconds": time.perf_counter() - start, "cpu": cpu_seconds() - cpu, "articles": n}


def measure_rerun(folder: Path, cache_dir: Path, extra: Path) -> dict:
    """Cold run of ``folder``, then (after moving ``extra`` in) the timed rerun, both with the cache."""
    start, code = time.perf_counter(), fingerprint()
    pipeline.analyze([folder], cache=cache_dir, progress=False)
    cold = time.perf_counter() - start
    shutil.copy(extra, folder / extra.name)
    start = time.perf_counter()
    n = len(pipeline.analyze([folder], cache=cache_dir, progress=False)["articles"])
    return {"cold": cold, "seconds": time.perf_counter() - start, "articles": n, "stable": code == fingerprint()}


def _measure(kind: str, *args: str, fast: bool = False) -> dict | list:
    """Run one measurement in a fresh interpreter; its result with the peak memory."""
    out = subprocess.run([sys.executable, __file__, *(["--fast"] if fast else []), "--measure", kind, *args],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _table(rows: list[dict], columns: list[str]) -> str:
    cells = [list(columns)] + [[f"{r[c]:,.2f}" if isinstance(r[c], float) else str(r[c]) for c in columns]
                                       for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(cell.rjust(w) for cell, w in zip(row, widths)) for row in cells]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache-only", action="store_true", help="only the cache rerun")
    parser.add_argument("--fast", action="store_true",
                        help="sentiment: combined score only, as `python -m helpers analyze --fast`")
    parser.add_argument("--press", type=Path, default=PRESS, help="folder of the press-release CSVs")
    parser.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        kind, *rest = args.measure
        engines = ("score",) if args.fast else ENGINES
        if kind == "stages":
            result = measure_stages(Path(rest[0]), engines)
        elif kind == "pipeline":
            result = measure_pipeline(Path(rest[0]), int(rest[1]), rest[2] == "stream", engines)
        else:
            result = measure_rerun(Path(rest[0]), Path(rest[1]), Path(rest[2]))
        print(json.dumps({"result": result, "peak_mb": peak_mb()}))
        return
    if not args.press.is_dir():
        print(f"skipped: {args.press} not found (the press-release corpus lives in ../shared)")
        return
    with tempfile.TemporaryDirectory(prefix="newsvoices-bench-") as tmp:
        tmp = Path(tmp)
        if not args.cache_only:
            print(f"sentiment engines: {'combined score only (--fast)' if args.fast else ', '.join(ENGINES)}")
            run_pipelines(tmp, args.sizes, args.workers, args.fast, args.press)
        run_rerun(tmp, args.press)


def run_pipelines(tmp: Path, sizes: list[int], workers: int, fast: bool, press: Path) -> None:
    folders = {n: replicate(n, tmp / f"corpus_{n}", press) for n in sizes}
    first = sizes[0]
    stages = _measure("stages", str(folders[first]), fast=fast)
    rows = [{"stage": s["stage"], "seconds": s["seconds"], "articles/s": s["articles"] / max(s["seconds"], 1e-9),
             "ms/article": 1000 * s["seconds"] / s["articles"]} for s in stages["result"]]
    print(f"\nStages, single process, {first:,} articles (peak {stages['peak_mb']:,.0f} MB)")
    print(_table(rows, ["stage", "seconds", "articles/s", "ms/article"]))
    rows = []
    for n, folder in folders.items():
        mb = _input_mb(folder)
        modes = [("memory", 1), ("memory", workers), ("stream", workers)] if n == first else [("stream", workers)]
        single = None
        for mode, w in modes:
            measured = _measure("pipeline", str(folder), str(w), mode, fast=fast)
            seconds = measured["result"]["seconds"]
            single = seconds if w == 1 else single
            rows.append({"articles": f"{n:,}", "mode": mode, "workers": w, "seconds": seconds,
                         "cpu s": measured["result"]["cpu"],
                         "articles/s": measured["result"]["articles"] / seconds, "MB/s": mb / seconds,
                         "peak MB": measured["peak_mb"],
                         "vs 1 proc": f"{single / seconds:.2f}x" if single else "-"})
    print("\nWhole pipeline, no cache (read → frames → quotes → speakers → sentiment → positions)")
    print(_table(rows, ["articles", "mode", "workers", "seconds", "cpu s", "articles/s", "MB/s", "peak MB",
                        "vs 1 proc"]))
    print("(cpu s: CPU time of the process tree; seconds well above cpu s / workers mean a busy machine)")
    streamed = {r["articles"]: r["seconds"] for r in rows if r["mode"] == "stream"}
    if len(sizes) > 1:
        small, big = sizes[0], sizes[-1]
        expected = streamed[f"{small:,}"] * big / small
        print(f"\nLinearity: {big:,} articles took {streamed[f'{big:,}']:.1f} s; "
              f"{big // small}x the {small:,} time is {expected:.1f} s "
              f"({100 * (streamed[f'{big:,}'] / expected - 1):+.0f}%)")


def run_rerun(tmp: Path, press: Path) -> None:
    folder = split(tmp / "split", press)
    last = sorted(folder.glob("*.csv"))[-1]
    extra = last.rename(tmp / last.name)
    measured = _measure("rerun", str(folder), str(tmp / "cache"), str(extra))
    r = measured["result"]
    print(f"\nCache: {r['articles']:,} articles, one per file; cold run {r['cold']:.1f} s; "
          f"rerun after adding one article {r['seconds']:.2f} s (target < 5 s); peak {measured['peak_mb']:,.0f} MB")
    if not r["stable"]:
        print("  (helpers/ or data/ changed during the run: the cache was rightly invalidated; rerun on a quiet tree)")


if __name__ == "__main__":
    main()
