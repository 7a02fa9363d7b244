"""Speed of quotes + speakers on the press releases of ../shared/corpus/press_releases/*.csv.

Run: .venv/bin/python benchmarks/quotes_speed.py   (prints a table; articles and paragraphs are built first, untimed)
"""

import sys
import time

import pandas as pd

from helpers import actors, articles, quotes, segments, speakers
from helpers.paths import CORPUS


def main() -> None:
    folder = CORPUS / "press_releases"
    if not folder.is_dir():
        sys.exit(f"skipped: {folder} is absent")
    rows = []
    for path in sorted(folder.glob("*.csv")):
        table = pd.read_csv(path)
        for i, r in enumerate(table.to_dict("records")):
            text = f"{r['headline']}\n\n{r['body']}"
            rows.append(articles.article_from_text(f"{path.stem}_{i}", text))
    frame = pd.DataFrame(rows)
    paras = segments.paragraphs(frame)
    table = actors.load_actors()
    quotes.find_quotes(frame.head(5), paras, table)   # warm the lexicon and matcher caches
    t0, c0 = time.perf_counter(), time.process_time()
    found = quotes.find_quotes(frame, paras, table)
    t1, c1 = time.perf_counter(), time.process_time()
    spk = speakers.speaker_table(found)
    t2, c2 = time.perf_counter(), time.process_time()
    # cpu_seconds (this process only) stays meaningful when other jobs share the machine
    result = pd.DataFrame([
        {"stage": "find_quotes", "articles": len(frame), "rows": len(found), "seconds": t1 - t0, "cpu_seconds": c1 - c0},
        {"stage": "speaker_table", "articles": len(frame), "rows": len(spk), "seconds": t2 - t1, "cpu_seconds": c2 - c1},
        {"stage": "total", "articles": len(frame), "rows": len(found), "seconds": t2 - t0, "cpu_seconds": c2 - c0},
    ])
    result["articles_per_s"] = result["articles"] / result["seconds"]
    print(result.to_string(index=False, float_format="{:.2f}".format))


if __name__ == "__main__":
    main()
