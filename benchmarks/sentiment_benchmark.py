"""Sentiment engines against human ratings of news sentences, plus the 100k-sentence timing.

Data: ../shared/benchmarks/sentiment/nyt_editorial_snippets_dev.tsv (Hutto & Gilbert 2014,
ICWSM-14; see its README). For TextBlob, VADER and the newsvoices combined ``score`` it prints
Pearson r with the human mean rating and 3-class macro-F1 (negative <= -0.05 < neutral < 0.05 <=
positive, human rating / 4 on the same band), then the same after fitting on half of the
documents and scoring the other half (2-fold by document): the combined score's squashing constant
ALPHA, negative weight NEGATIVE and lexicon WEIGHTS are fitted for r on the training half (coordinate
search over small grids), and every engine may get a calibrated neutral band fitted for macro-F1.
The 100k timing is of ``combined_score``, the same engine-free score as the table's 'combined'. r (CV) is the mean of the two held-out folds' r; F1 (CV) pools both folds.

Run: .venv/bin/python benchmarks/sentiment_benchmark.py [--n 100000] [--shared ../shared]
"""

import argparse
import itertools
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helpers import sentiment  # noqa: E402
from helpers.paths import SHARED  # noqa: E402
from helpers.train import macro_f1  # noqa: E402

DEV = Path("benchmarks", "sentiment", "nyt_editorial_snippets_dev.tsv")  # under the shared folder
BAND = 0.05
ALPHAS = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0]
NEGATIVES = [1.0, 1.15, 1.3, 1.5, 1.75]
LEXICON_WEIGHTS = [0.25, 0.5, 1.0, 1.5, 2.0, 3.0]
CUTS = np.round(np.arange(-0.4, 0.41, 0.02), 2)


def load(path: Path) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Document number, human mean rating and text of every sentence."""
    docs, ratings, texts = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        sid, rating, text = line.split("\t", 2)
        docs.append(int(sid.split("_")[0]))
        ratings.append(float(rating))
        texts.append(text)
    return np.array(docs), np.array(ratings), texts


def classes(values: np.ndarray, low: float = -BAND, high: float = BAND) -> np.ndarray:
    """0 negative (<= low), 1 neutral, 2 positive (>= high)."""
    return np.where(values <= low, 0, np.where(values >= high, 2, 1))


def fit_band(scores: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """The (low, high) neutral band maximising macro-F1 on a training fold."""
    pairs = [(lo, hi) for lo in CUTS for hi in CUTS if lo < hi]
    best = max(pairs, key=lambda b: (macro_f1(classes(scores, *b), gold), -abs(b[0]) - abs(b[1])))
    return float(best[0]), float(best[1])


def fit_combined(texts: list[str], ratings: np.ndarray) -> tuple:
    """(alpha, sources, weights, negative) maximising Pearson r on a training fold: two rounds of
    coordinate search from the shipped values; the last lexicon's weight stays 1 (only ratios count)."""
    sources = tuple(sentiment.GENERAL_LEXICONS)
    params = [sentiment.ALPHA, [sentiment.WEIGHTS[n] for n in sources], sentiment.NEGATIVE]

    def r(alpha: float, weights: list[float], negative: float) -> float:
        return np.corrcoef(sentiment.combined_score(texts, alpha, sources, weights, negative), ratings)[0, 1]

    for _ in range(2):
        params[0] = max(ALPHAS, key=lambda a: r(a, *params[1:]))
        params[2] = max(NEGATIVES, key=lambda m: r(*params[:2], m))
        for k in range(len(sources) - 1):
            params[1][k] = max(LEXICON_WEIGHTS, key=lambda w: r(params[0], params[1][:k] + [w] + params[1][k + 1:], params[2]))
    return params[0], sources, tuple(params[1]), params[2]


def cross_validated(name: str, scores_for, docs, ratings, texts) -> dict[str, float]:
    """Fit on one half of the documents, score the other; pooled r and macro-F1."""
    fold = (docs // 2) % 2  # dev documents are odd: 1, 5, 9… against 3, 7, 11…
    gold = classes(ratings / 4)
    pred, fixed = np.zeros(len(texts)), np.zeros(len(texts), dtype=int)
    notes, rs = [], []
    for k in (0, 1):
        train, test = fold != k, fold == k
        train_texts = [t for t, m in zip(texts, train) if m]
        test_texts = [t for t, m in zip(texts, test) if m]
        params = fit_combined(train_texts, ratings[train]) if name == "combined" else ()
        band = fit_band(np.array(scores_for(train_texts, params)), gold[train])
        pred[test] = scores_for(test_texts, params)
        fixed[test] = classes(pred[test], *band)
        rs.append(np.corrcoef(pred[test], ratings[test])[0, 1])
        shown = tuple(p for p in params if not (isinstance(p, tuple) and isinstance(p[0], str)))
        notes.append(f"fold {k}: params {shown} band ({band[0]:+.2f}, {band[1]:+.2f}) r {rs[-1]:.3f}")
    return {"r": float(np.mean(rs)), "f1": macro_f1(classes(pred), gold),
            "f1_band": macro_f1(fixed, gold), "notes": "; ".join(notes)}


def engines():
    """name -> scorer(texts, params) for each engine."""
    from textblob import TextBlob
    vader = sentiment.vader_analyzer()
    return {
        "textblob": lambda ts, p: [TextBlob(t).sentiment.polarity for t in ts],
        "vader": lambda ts, p: [vader.polarity_scores(t)["compound"] for t in ts],
        "combined": lambda ts, p: sentiment.combined_score(ts, *p),
    }


def accuracy_table(docs, ratings, texts) -> None:
    gold = classes(ratings / 4)
    print(f"{len(texts)} sentences, {len(set(docs))} documents; human classes neg/neu/pos "
          f"{np.bincount(gold).tolist()}\n")
    print(f"{'engine':<10} {'r (dev)':>8} {'F1 (dev)':>9} | {'r (CV)':>7} {'F1 (CV)':>8} "
          f"{'F1 (CV, fitted band)':>21}")
    notes = []
    for name, scorer in engines().items():
        whole = np.array(scorer(texts, ()))
        cv = cross_validated(name, scorer, docs, ratings, texts)
        print(f"{name:<10} {np.corrcoef(whole, ratings)[0, 1]:8.3f} {macro_f1(classes(whole), gold):9.3f} | "
              f"{cv['r']:7.3f} {cv['f1']:8.3f} {cv['f1_band']:21.3f}")
        notes.append(f"  {name}: {cv['notes']}")
    print(f"\n(dev: shipped ALPHA={sentiment.ALPHA}, NEGATIVE={sentiment.NEGATIVE}, band ±{BAND}, "
          f"lexicon weights {sentiment.WEIGHTS}; CV: 2-fold by document)")
    print("\n".join(notes))
    alpha, sources, weights, negative = fit_combined(texts, ratings)
    print(f"fit on all dev documents: alpha {alpha}, weights {dict(zip(sources, weights))}, negative {negative}")


def timing(texts: list[str], n: int) -> None:
    corpus = list(itertools.islice(itertools.cycle(texts), n))
    sentiment.combined_score(corpus[:10])  # load the lexicon once
    start = time.perf_counter()
    sentiment.combined_score(corpus)
    print(f"\ncombined score (combined_score, no engines), {n:,} sentences: {time.perf_counter() - start:.2f} s")
    sample = corpus[:5000]
    for name in ("textblob", "vader"):
        start = time.perf_counter()
        engines()[name](sample, ())
        per = (time.perf_counter() - start) / len(sample)
        print(f"{name}, extrapolated from {len(sample):,} sentences: {per * n:.2f} s per {n:,}")
    start = time.perf_counter()
    sentiment.score_texts(sample)
    per = (time.perf_counter() - start) / len(sample)
    print(f"score_texts with all engines: {per * 1e6:.0f} µs per sentence, "
          f"{per * 20 * 1e3:.2f} ms per article of 20 quotes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="sentences for the timing")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (default ../shared)")
    args = parser.parse_args()
    dev = args.shared / DEV
    if not dev.exists():
        print(f"SKIPPED: {dev} is absent (the benchmark needs ../shared next to the repository, or --shared).")
        return
    docs, ratings, texts = load(dev)
    accuracy_table(docs, ratings, texts)
    timing(texts, args.n)


if __name__ == "__main__":
    main()
