"""Quotes and speakers on PolNeAR (US election news, 2016) scored by ``../shared/tools/quote_eval.py``.

Run: POLNEAR_GIT=/path/to/PolNeAR.git .venv/bin/python benchmarks/polnear_eval.py [--split dev|train] [--keep DIR]
     [--scorer ../shared/tools/quote_eval.py]
Prints "skipped" without POLNEAR_GIT (or without the scorer). The split is converted into a temporary folder outside
the repository (PolNeAR text has no licence: never commit it); our quotes are written there as quotes.csv and scored
per slice (quoted, speech, all). The test split is held out: this script refuses it.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helpers import articles, pipeline  # noqa: E402
from helpers.paths import SHARED  # noqa: E402

SCORER = SHARED / "tools" / "quote_eval.py"


def predict(texts: Path) -> pd.DataFrame:
    """The quotes frame of every ``*.txt`` under ``texts`` (offsets into the file as Python reads it)."""
    rows = [articles.article_from_text(p.stem, p.read_text(encoding="utf-8")) for p in sorted(texts.glob("*.txt"))]
    frame = pd.DataFrame(rows)
    return pipeline.analyze_articles(frame, engines=("score",))["quotes"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "train"], default="dev")
    ap.add_argument("--keep", help="folder for the converted split and quotes.csv (default: a temporary one)")
    ap.add_argument("--scorer", type=Path, default=SCORER, help=f"quote_eval.py (default: {SCORER})")
    args = ap.parse_args()
    scorer = args.scorer
    if not os.environ.get("POLNEAR_GIT") or not scorer.is_file():
        print("PolNeAR: skipped (set POLNEAR_GIT to a git directory of networkdynamics/PolNeAR; "
              f"needs {scorer})")
        return 0
    out = Path(args.keep or tempfile.mkdtemp(prefix=f"polnear_{args.split}_"))
    if not (out / "gold").is_dir():
        subprocess.run([sys.executable, str(scorer), "gold-polnear", str(out), "--split", args.split], check=True,
                       stdout=subprocess.DEVNULL)
    t0 = time.perf_counter()
    found = predict(out / "texts")
    seconds = time.perf_counter() - t0
    found.to_csv(out / "quotes.csv", index=False)
    print(f"PolNeAR {args.split}: {found['article_id'].nunique()} articles with quotes, {len(found)} quotes "
          f"in {seconds:.1f}s ({out})")
    return subprocess.run([sys.executable, str(scorer), "score", str(out), str(out / "quotes.csv")]).returncode


if __name__ == "__main__":
    sys.exit(main())
