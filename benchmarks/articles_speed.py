"""Speed of stage 1-2: reading files, paragraphs and sentences. Prints a table.

Usage: .venv/bin/python benchmarks/articles_speed.py [PATH ...]
(default: ../shared/corpus/press_releases and ../shared/corpus/kremlin_html). Best of 3 runs for the
fast inputs, one run for HTML.
"""

import sys
import time
from pathlib import Path

import pandas as pd

from helpers import pipeline, segments
from helpers.paths import CORPUS


def run(path: Path, repeat: int) -> dict:
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        articles, problems = pipeline.read_articles([path])
        t1 = time.perf_counter()
        paras = segments.paragraphs(articles)
        t2 = time.perf_counter()
        sents = segments.sentences(articles, paras)
        t3 = time.perf_counter()
        times = (t1 - t0, t2 - t1, t3 - t2, t3 - t0)
        best = times if best is None or times[-1] < best[-1] else best
    return {"input": path.name, "articles": len(articles), "problems": len(problems), "paragraphs": len(paras),
            "sentences": len(sents), "read_s": best[0], "paragraphs_s": best[1], "sentences_s": best[2],
            "total_s": best[3], "articles_per_s": len(articles) / best[3] if best[3] else float("nan")}


def main(argv: list[str]) -> None:
    paths = [Path(p) for p in argv] or [CORPUS / "press_releases", CORPUS / "kremlin_html"]
    rows = [run(p, 1 if any(p.rglob("*.htm*")) else 3) for p in paths if p.exists()]
    if not rows:
        sys.exit("no input found (the shared corpus is absent?)")
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda x: f"{x:.3f}"))


if __name__ == "__main__":
    main(sys.argv[1:])
