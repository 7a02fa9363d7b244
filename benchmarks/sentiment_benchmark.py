"""Sentiment engines against human ratings of news sentences, plus the 100k-sentence timing.

Data: ../shared/benchmarks/sentiment/nyt_editorial_snippets_dev.tsv (Hutto & Gilbert 2014,
ICWSM-14; see its README). For TextBlob, VADER, the rule score (``lexicon_score``, the model's input)
and the newsvoices combined ``score`` (the trained model of data/models/sentence_sentiment.json) it
prints Pearson r with the human mean rating and 3-class macro-F1 (negative <= -0.05 < neutral < 0.05 <=
positive, human rating / 4 on the same band): first of the shipped scores (the combined model was
trained on these sentences, so its 'dev' numbers are in-sample), then out of fold, 5 folds by
document: the combined model is retrained without each fold's documents exactly as
``python -m helpers train`` does (helpers/sentence_train.py, nested choice of its penalty; needs
scikit-learn), and every engine may also get a neutral band fitted for macro-F1 on the other folds.
r and F1 (OOF) pool the five held-out folds. The 100k timing is of ``combined_score``.

Run: .venv/bin/python benchmarks/sentiment_benchmark.py [--n 100000] [--shared ../shared]
"""

import argparse
import itertools
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helpers import sentence_train, sentiment  # noqa: E402
from helpers.paths import SHARED  # noqa: E402
from helpers.train import macro_f1  # noqa: E402

CUTS = np.round(np.arange(-0.4, 0.41, 0.02), 2)
classes = sentence_train.classes


def fit_band(scores: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """The (low, high) neutral band maximising macro-F1 on a training fold."""
    pairs = [(lo, hi) for lo in CUTS for hi in CUTS if lo < hi]
    best = max(pairs, key=lambda b: (macro_f1(classes(scores, *b), gold), -abs(b[0]) - abs(b[1])))
    return float(best[0]), float(best[1])


def engines():
    """name -> scorer(texts) of each engine as shipped."""
    from textblob import TextBlob
    vader = sentiment.vader_analyzer()
    return {
        "textblob": lambda ts: [TextBlob(t).sentiment.polarity for t in ts],
        "vader": lambda ts: [vader.polarity_scores(t)["compound"] for t in ts],
        "rule": sentiment.lexicon_score,
        "combined": sentiment.combined_score,
    }


def banded(oof: np.ndarray, gold: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """Classes of ``oof`` with a neutral band fitted on the other folds' documents."""
    from sklearn.model_selection import GroupKFold
    out = np.zeros(len(oof), dtype=int)
    for tr, te in GroupKFold(sentence_train.FOLDS).split(oof, gold, docs):
        out[te] = classes(oof[te], *fit_band(oof[tr], gold[tr]))
    return out


def accuracy_table(shared: Path) -> None:
    docs, ratings, texts = sentence_train.load_nyt(shared / sentence_train.NYT)
    gold = classes(ratings / 4)
    print(f"{len(texts)} sentences, {len(set(docs))} documents; human classes neg/neu/pos "
          f"{np.bincount(gold).tolist()}\n")
    print(f"{'engine':<10} {'r (dev)':>8} {'F1 (dev)':>9} | {'r (OOF)':>8} {'F1 (OOF)':>9} {'F1 (OOF, fitted band)':>22}")
    _, _, nyt, extra, labels = sentence_train.training_inputs(shared)
    polarity = sentiment.read_induced(sentence_train.DATA / sentiment.INDUCED)
    model_oof, chosen = sentence_train.out_of_fold(docs, ratings, nyt, extra, labels, polarity)
    for name, scorer in engines().items():
        whole = np.array(scorer(texts))
        oof = model_oof if name == "combined" else whole
        print(f"{name:<10} {np.corrcoef(whole, ratings)[0, 1]:8.3f} {macro_f1(classes(whole), gold):9.3f} | "
              f"{np.corrcoef(oof, ratings)[0, 1]:8.3f} {macro_f1(classes(oof), gold):9.3f} "
              f"{macro_f1(banded(oof, gold, docs), gold):22.3f}")
    print(f"\n(combined: OOF = retrained without each fold's documents; (ridge alpha, NewsMTSC weight, length damping, induced scale) "
          f"chosen per fold {chosen}. rule: ALPHA={sentiment.ALPHA}, NEGATIVE={sentiment.NEGATIVE}, weights "
          f"{sentiment.WEIGHTS}, set on the whole dev file, so its OOF equals its dev numbers)")


def timing(texts: list[str], n: int) -> None:
    corpus = list(itertools.islice(itertools.cycle(texts), n))
    sentiment.combined_score(corpus[:10])  # load the lexicon and model once
    start = time.perf_counter()
    sentiment.combined_score(corpus)
    print(f"\ncombined score (combined_score, no engines), {n:,} sentences: {time.perf_counter() - start:.2f} s")
    sample = corpus[:5000]
    for name in ("textblob", "vader"):
        start = time.perf_counter()
        engines()[name](sample)
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
    dev = args.shared / sentence_train.NYT
    if not dev.exists():
        print(f"SKIPPED: {dev} is absent (the benchmark needs ../shared next to the repository, or --shared).")
        return
    try:
        import sklearn  # noqa: F401
    except ModuleNotFoundError:
        print("SKIPPED: the out-of-fold table retrains the model and needs scikit-learn: pip install -e '.[train]'")
        return
    accuracy_table(args.shared)
    timing(sentence_train.load_nyt(dev)[2], args.n)


if __name__ == "__main__":
    main()
