"""Speed of stage 6 (stances + positions) on press releases of ../shared/corpus, per article.

Usage: .venv/bin/python benchmarks/positioning_speed.py [N_ARTICLES]
Earlier stages run first and are not timed; prints a table of ms per article.
"""

import sys
import time

import pandas as pd

from helpers import actors, articles, positioning, positions, quotes, segments
from helpers.paths import CORPUS


def main(n: int = 300) -> None:
    folder = CORPUS / "press_releases"
    if not folder.exists():
        print(f"skipped: {folder} not found")
        return
    raw = pd.concat([pd.read_csv(folder / "putin.csv"), pd.read_csv(folder / "zelenskyy.csv")])
    raw = raw.sample(min(n, len(raw)), random_state=0)
    arts = pd.DataFrame([articles.article_from_text(f"a{i}", f"{r.headline}\n\n{r.body}")
                         for i, r in enumerate(raw.itertuples())])
    table = actors.load_actors()
    paras = segments.paragraphs(arts)
    sents = segments.sentences(arts, paras)
    found = quotes.find_quotes(arts, paras, table)
    positioning.stances(arts.head(3), sents, found, table)  # warm-up: lexicons compiled once
    t0 = time.perf_counter()
    st = positioning.stances(arts, sents, found, table)
    t1 = time.perf_counter()
    pos = positions.positions(st, found)
    t2 = time.perf_counter()
    rows = [("stances", t1 - t0), ("positions", t2 - t1), ("total", t2 - t0)]
    print(f"{len(arts)} articles, {arts['n_chars'].mean():.0f} chars on average, {len(found)} quotes, "
          f"{len(st)} stance rows, {len(pos)} position rows")
    print(pd.DataFrame([(name, 1000 * s / len(arts)) for name, s in rows],
                       columns=["step", "ms_per_article"]).to_string(index=False, float_format="{:.2f}".format))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
