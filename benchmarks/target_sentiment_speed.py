"""Speed of ``helpers.target_sentiment``: (sentence, target mention) pairs per second on one core.

Pairs: the target mentions of NewsMTSC's training file (../shared/benchmarks/target_sentiment/), cycled
to ``--n`` pairs; each cycle pads its sentences with trailing spaces so that every sentence is new to
the per-call sentence memo (the timing is of unseen sentences, ~1.1 mentions per sentence as in
NewsMTSC). Prints a table: pairs, wall and CPU seconds, pairs/s, µs per pair; target: 100,000 pairs in <= 20 s.

Run: .venv/bin/python benchmarks/target_sentiment_speed.py [--n 100000]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helpers import target_sentiment  # noqa: E402
from helpers.paths import SHARED  # noqa: E402
from helpers.train import NEWSMTSC, load_newsmtsc  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="pairs to score")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (default ../shared)")
    args = parser.parse_args()
    path = args.shared / NEWSMTSC
    if not path.exists():
        print(f"SKIPPED: {path} is absent (the benchmark needs ../shared next to the repository).")
        return
    texts, spans, _, _ = load_newsmtsc(path)
    pairs = [(texts[i % len(texts)] + " " * (i // len(texts)), spans[i % len(texts)]) for i in range(args.n)]
    target_sentiment([texts[0]], [spans[0]])  # load the model and lexicons once
    start, cpu = time.perf_counter(), time.process_time()
    out = target_sentiment([t for t, _ in pairs], [s for _, s in pairs])
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{'pairs':>9} {'sentences':>9} {'seconds':>8} {'CPU s':>8} {'pairs/s':>9} {'µs/pair':>8}")
    print(f"{len(out):>9,} {len({t for t, _ in pairs}):>9,} {seconds:8.2f} {cpu:8.2f} {len(out) / seconds:9,.0f} "
          f"{seconds / len(out) * 1e6:8.1f}")
    print("(seconds: wall clock; CPU s: this process's CPU time, which excludes waiting for a core on a busy "
          "machine)")
    print(f"target: 100,000 pairs in <= 20 s on one core -> {'met' if seconds * 100_000 / len(out) <= 20 else 'NOT met'}")


if __name__ == "__main__":
    main()
