"""Training of the combined sentence ``score`` (data/models/sentence_sentiment.json), called by
``python -m helpers train``.

Model: ridge regression (no intercept: a text without evidence scores 0) of the human rating / 4 on the
rule score of helpers/sentiment.py (``lexicon``), on learned words (``word_features``: "w:word", or
"n:word" within a negator's reach), each word feature worth WORD_SCALE so the L2 penalty keeps word
weights small next to the lexicon, and on the hit vector (``hit_vector``, times VECTOR_SCALE); every input
of a row is multiplied by its length factor (``helpers.sentiment.length_factor``, damping from the grid). Training rows: the NYT editorial sentences rated by 20 people
(../shared/benchmarks/sentiment/nyt_editorial_snippets_dev.tsv, Hutto & Gilbert 2014, MIT) and, as
extra signal for news words, the NewsMTSC training sentences (Hamborg & Donnay 2021, MIT) with the mean
label of their target mentions (negative -1, neutral 0, positive 1) times NEWSMTSC_SCALE, weighted by
the grid's NewsMTSC weight. Words seen in fewer than MIN_COUNT training sentences are left out, weights
below PRUNE dropped. Held-out numbers: 5-fold cross-validation by NYT document, the ridge penalty,
NewsMTSC weight, damping and induced-lexicon scale chosen inside each training part (nested, 4 folds by
document); the shipped weights are fitted on every document with the grid point that cross-validates best.
Needs scikit-learn.

Induced lexicon (data/models/induced_lexicon.csv, one more input: the sum of its polarities over the
learned-word features, negated ones subtracted, times the grid's induced scale): for each of the
INDUCED_WORDS most frequent alphabetic GloVe 6B 50d words (PDDL 1.0; names and the FREQUENT words left
out), a ridge regression's polarity from its vector (fitted on the words of the combined lexicon: VADER,
TextBlob/pattern, data/sentiment_lexicon.csv) times P(a lexicon word | its vector) ** INDUCED_POWER, that
probability from a logistic regression of the lexicon's words against the other words among the
INDUCED_ANCHORS most frequent ones: words whose neighbours carry no sentiment ("delegation", "ministry")
stay near 0. Negators, intensifiers and contrast words get none: the rule score's rules read them
("the greatest threat" is worse than "a threat", not better). Rebuilt by ``build_induced`` when the GloVe package is installed.
"""

import json
import re
from functools import cache
from pathlib import Path

import numpy as np

from .paths import DATA, data_file
from .train import glove, write_between
from .mention_sentiment import WordVectors, read_vectors
from .sentiment import (CLASSES, INDUCED, MODEL, TOKEN_RE, VECTORS, Lexicon, SentenceModel, _hit_term, _model_score,
                        class_forms, class_weights, features, hit_strengths, hit_words, length_factor, load_lexicon,
                        end_strengths, pair_sign, projection, read_induced, tokens, word_strengths)

NYT = Path("benchmarks", "sentiment", "nyt_editorial_snippets_dev.tsv")  # under the shared folder
NEWSMTSC = Path("benchmarks", "target_sentiment", "newsmtsc_train.jsonl")
WORD_SCALE = 0.5
NEWSMTSC_SCALE = 0.3
# (ridge alpha, NewsMTSC weight, length damping, induced-lexicon scale)
GRID = [(alpha, 0.3, damping, induced) for alpha in (10.0, 20.0) for damping in (0.5, 0.7, 0.9)
        for induced in (0.4, 0.8, 1.6)]
VECTOR_SCALE = 0.3  # the hit-vector inputs' scale (how freely the penalty lets them act; set on the folds below)
HIT_SCALE = 2.0  # each lexicon hit phrase's strength (its learned correction of the lexicon)
PAIR_SCALE = 0.2  # successive hits' sign pairs and strength product
ENDS_SCALE = 1.0  # the strengths of the first, last, second and second-to-last hit
CLASS_SCALE = 0.3  # counts of the words of each class of data/word_classes.csv (negated ones subtracted)
MIN_COUNT = 2
PRUNE = 0.002
FREQUENT = 100
FOLDS, INNER = 5, 4
BAND = 0.05
INDUCED_WORDS = 100_000
INDUCED_ALPHA = 1.0  # ridge penalty of the induction
INDUCED_ANCHORS = 20_000  # the words not in the lexicon among these most frequent: the gate's neutral examples
INDUCED_POWER = 0.5  # the gate's probability is raised to this power
WORD_RE = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
CARD_START = "<!-- sentence sentiment table: written by python -m helpers train -->"
CARD_END = "<!-- end of sentence sentiment table -->"


def load_nyt(path: Path) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Document number, human mean rating (-4..4) and text of every NYT sentence."""
    docs, ratings, texts = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        sid, rating, text = line.split("\t", 2)
        docs.append(int(sid.split("_")[0]))
        ratings.append(float(rating))
        texts.append(text)
    return np.array(docs), np.array(ratings), texts


def load_newsmtsc_sentences(path: Path) -> tuple[list[str], np.ndarray]:
    """Every NewsMTSC sentence and the mean label of its target mentions (-1..1)."""
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts.append(row["sentence_normalized"])
        labels.append(float(np.mean([(t["polarity"] - 4.0) / 2.0 for t in row["targets"]])))
    return texts, np.array(labels)


def classes(values: np.ndarray, low: float = -BAND, high: float = BAND) -> np.ndarray:
    """0 negative (<= low), 1 neutral, 2 positive (>= high)."""
    return np.where(values <= low, 0, np.where(values >= high, 2, 1))


def names(texts: list[str]) -> set[str]:
    """Lower-cased words written with a capital in most of their occurrences in ``texts`` (names:
    "Trump", "Clinton"); the model learns no weight for them."""
    upper: dict[str, int] = {}
    total: dict[str, int] = {}
    for word in WORD_RE.findall(" ".join(texts).replace("\u2019", "'")):
        low = word.lower()
        total[low] = total.get(low, 0) + 1
        upper[low] = upper.get(low, 0) + (word[0] != low[0])
    return {w for w, n in total.items() if upper[w] * 2 > n}


# rule score, learned-word features, induced polarity sum, lexicon hits, alphabetic words
Row = tuple[float, list[str], float, list[list], int]


def inputs(texts: list[str]) -> list[tuple[float, list[str], list[list], int]]:
    """(rule score, learned-word features, lexicon hits, alphabetic words) of every text."""
    lex = load_lexicon()
    out = []
    for text in texts:
        hits, rule, keys = features(text, lex)
        out.append((rule, keys, hits, sum(map(str.isalpha, tokens(text)))))
    return out


@cache
def _vectors() -> WordVectors:
    """The shipped word vectors (data/models/word_vectors.*; ``build_vectors`` rewrites them first)."""
    return read_vectors(DATA / VECTORS[0], DATA / VECTORS[1])


def hit_vector(hits: list[list], vectors: WordVectors, lex: Lexicon) -> np.ndarray:
    """The hit-vector input: the mean over the hit words with a vector of signed strength × vector
    (``helpers.sentiment.hit_words``; inference reads the same sum through ``projection``)."""
    found = [(vectors.rows[t], s) for t, s in hit_words(hits, lex) if t.isalpha() and t in vectors.rows]
    if not found:
        return np.zeros(vectors.matrix.shape[1])
    return sum(s * vectors.matrix[i].astype(np.float64) for i, s in found) / len(found)


def induced_sum(keys: list[str], induced: dict[str, float]) -> float:
    """The sum of the induced polarities of the learned-word features (negated ones subtracted)."""
    return sum(induced.get(k[2:], 0.0) * (1 if k[0] == "w" else -1) for k in keys)


def skip_words(shared: Path) -> set[str]:
    """Names and the FREQUENT most frequent words of the training texts: no learned or induced weight."""
    texts = load_nyt(shared / NYT)[2] + load_newsmtsc_sentences(shared / NEWSMTSC)[0]
    return names(texts) | frequent(inputs(texts), FREQUENT)


def build_induced(shared: Path, out: Path = DATA / INDUCED) -> bool:
    """Write the induced lexicon from the installed GloVe package; False (file untouched) without it."""
    from sklearn.linear_model import LogisticRegression, Ridge
    found = glove()
    if found is None:
        return False
    words, matrix = found
    skip, lex = skip_words(shared), load_lexicon()
    keep = [i for i, w in enumerate(words) if isinstance(w, str) and TOKEN_RE.fullmatch(w) and w.isalpha()]
    keep = keep[:INDUCED_WORDS]
    vectors = np.asarray(matrix[keep], dtype=np.float64)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
    seeds = [(j, float(np.mean(p))) for j, i in enumerate(keep) if any(p := lex.polarity(words[i]))]
    seed_rows = [j for j, _ in seeds]
    neutral = sorted(set(range(min(INDUCED_ANCHORS, len(keep)))) - set(seed_rows))
    ridge = Ridge(alpha=INDUCED_ALPHA).fit(vectors[seed_rows], [p for _, p in seeds])
    gate = LogisticRegression(max_iter=2000).fit(vectors[seed_rows + neutral], [1] * len(seeds) + [0] * len(neutral))
    polarity = (vectors @ ridge.coef_ + ridge.intercept_) * gate.predict_proba(vectors)[:, 1] ** INDUCED_POWER
    skip |= set(lex.modifiers)  # negators, intensifiers and contrast words act through the rule score's rules
    rows = [f"{words[i]},{p:.4f}" for i, p in zip(keep, polarity) if words[i] not in skip and round(p, 4)]
    out.write_text("# Induced polarity of words (python -m helpers train, helpers/sentence_train.py build_induced):\n"
                   "# a ridge regression from GloVe 6B 50d vectors (Pennington et al. 2014, PDDL 1.0) to the mean\n"
                   f"# polarity of the combined lexicon (VADER and TextBlob/pattern, MIT; data/sentiment_lexicon.csv;\n"
                   f"# {len(seeds)} seed words) times P(a lexicon word | vector) ** {INDUCED_POWER} (a logistic regression of\n"
                   f"# the seeds against the {len(neutral)} other words among the {INDUCED_ANCHORS} most frequent), for the\n"
                   f"# {INDUCED_WORDS} most frequent alphabetic GloVe words (names, the most frequent words of the training\n"
                   "# texts and the lexicon's negators, intensifiers and contrast words left out). Retrain, do not edit.\n"
                   "word,polarity\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return True


def frequent(rows: list[tuple[float, list[str]]], n: int) -> set[str]:
    """The ``n`` words found in the most training sentences (grammar words: "the", "have", "on"),
    which would otherwise stand in for the missing intercept and tint every sentence."""
    found: dict[str, int] = {}
    for _, keys, *_ in rows:
        for word in {k[2:] for k in keys}:
            found[word] = found.get(word, 0) + 1
    return set(sorted(found, key=lambda w: (-found[w], w))[:n])


def training_inputs(shared: Path, induced: Path = DATA / INDUCED
                    ) -> tuple[np.ndarray, np.ndarray, list[Row], list[Row], np.ndarray]:
    """NYT documents, ratings and inputs; NewsMTSC inputs and labels (names and the FREQUENT most
    frequent words left out of both); each input with its sum over the ``induced`` lexicon."""
    docs, ratings, texts = load_nyt(shared / NYT)
    extra_texts, labels = load_newsmtsc_sentences(shared / NEWSMTSC)
    nyt, extra = inputs(texts), inputs(extra_texts)
    skip = names(texts + extra_texts) | frequent(nyt + extra, FREQUENT)
    polarity = read_induced(induced)

    def drop(rows: list) -> list[Row]:
        kept = [(lexicon, [k for k in keys if k[2:] not in skip], hits, n) for lexicon, keys, hits, n in rows]
        return [(lexicon, keys, induced_sum(keys, polarity), hits, n) for lexicon, keys, hits, n in kept]
    return docs, ratings, drop(nyt), drop(extra), labels


@cache
def _forms() -> dict[str, tuple[str, ...]]:
    """The word forms of data/word_classes.csv and their classes (``helpers.sentiment.class_forms``)."""
    return class_forms(DATA / CLASSES)


def fit(rows: list[Row], targets: np.ndarray, weights: np.ndarray, alpha: float, damping: float,
        induced_scale: float) -> dict:
    """The ridge fit of ``targets`` on ``rows``, each row times its length factor: weights of the rule score
    (``lexicon``), the learned words (``words``), the induced sum (``induced``, the input times
    ``induced_scale``), the hit vector (``vector``),
    the lexicon hits' phrases (``hits``, on their strengths), successive hits' sign pairs and strength
    product (``pairs``) and the strengths of the first two and last two hits (``ends``), pairs and ends over the
    sentiment words after the last contrast word (``helpers.sentiment.word_strengths``), and the word classes (``classes``, on their counts)."""
    from scipy import sparse
    from sklearn.linear_model import Ridge
    counts: dict[str, int] = {}
    for _, keys, _, hits, _ in rows:
        for key in keys + [f"h:{phrase}" for phrase in {p for p, _ in hit_strengths(hits)}]:
            counts[key] = counts.get(key, 0) + 1
    vectors, lex, forms = _vectors(), load_lexicon(), _forms()
    names = sorted({c for found in forms.values() for c in found})
    dim, first = vectors.matrix.shape[1], {c: j for j, c in enumerate(names)}
    fixed = 2 + dim + 5 + 4 + len(names)  # lexicon, induced, vector, pairs, ends, classes
    vocab = {key: j + fixed for j, key in enumerate(k for k, n in counts.items() if n >= MIN_COUNT)}
    cols, data, indptr = [], [], [0]
    for lexicon, keys, induced, hits, n in rows:
        g = length_factor(n, damping)
        pairs, found = np.zeros(5), np.zeros(len(names))
        strengths = hit_strengths(hits)
        words = [s for _, s in word_strengths(strengths, lex)]
        for a, b in zip(words, words[1:]):
            pairs[pair_sign(a, b)] += 1
            pairs[4] += a * b
        ends = np.array(end_strengths(words))
        for key in keys:
            for c in forms.get(key[2:], ()):
                found[first[c]] += 1 if key[0] == "w" else -1
        learned = [(vocab[k], g * WORD_SCALE) for k in keys if k in vocab]
        learned += [(vocab[k], g * HIT_SCALE * v) for p, v in strengths if (k := f"h:{p}") in vocab]
        cols += list(range(fixed)) + [j for j, _ in learned]
        data += ([g * lexicon, g * induced * induced_scale] + list(g * VECTOR_SCALE * hit_vector(hits, vectors, lex))
                 + list(g * PAIR_SCALE * pairs) + list(g * ENDS_SCALE * ends) + list(g * CLASS_SCALE * found)
                 + [v for _, v in learned])
        indptr.append(len(cols))
    x = sparse.csr_matrix((data, cols, indptr), shape=(len(rows), len(vocab) + fixed))
    coef = Ridge(alpha=alpha, fit_intercept=False).fit(x, targets, sample_weight=weights).coef_
    learned = {key: float(coef[j]) * (HIT_SCALE if key[0] == "h" else WORD_SCALE) for key, j in vocab.items()}
    learned = {key: v for key, v in learned.items() if abs(v) >= PRUNE}
    return {"lexicon": float(coef[0]), "induced": float(coef[1]) * induced_scale,
            "vector": coef[2:2 + dim] * VECTOR_SCALE, "pairs": coef[2 + dim:7 + dim] * PAIR_SCALE,
            "ends": coef[7 + dim:11 + dim] * ENDS_SCALE, "classes": dict(zip(names, (coef[11 + dim:fixed] * CLASS_SCALE).tolist())),
            "words": {k: v for k, v in learned.items() if k[0] != "h"},
            "hits": {k[2:]: v for k, v in learned.items() if k[0] == "h"}}


def predict(model: SentenceModel, rows: list[Row]) -> np.ndarray:
    """The shipped inference (helpers.sentiment._model_score) of ``rows``."""
    lex = load_lexicon()
    return np.array([_model_score(lexicon, keys, hits, length_factor(n, model.damping), lex, model)
                     for lexicon, keys, _, hits, n in rows])


def _model(fitted: dict, polarity: dict[str, float], damping: float, k: float = 1.0, digits: int = 12
           ) -> SentenceModel:
    """The SentenceModel of the weights of ``fit``, each times ``k`` and rounded to ``digits``."""
    def r(v: float) -> float:
        return round(float(v) * k, digits)
    induced, vector = r(fitted["induced"]), [r(v) for v in fitted["vector"]]
    classes = {c: r(v) for c, v in fitted["classes"].items()}
    return SentenceModel(r(fitted["lexicon"]), {w: r(v) for w, v in fitted["words"].items()},
                         {"induced": induced, "vector": vector, "classes": classes},
                         {w: induced * p for w, p in polarity.items()}, damping, projection(_vectors(), vector),
                         {h: r(v) for h, v in fitted["hits"].items()}, tuple(r(v) for v in fitted["pairs"]),
                         tuple(r(v) for v in fitted["ends"]), class_weights(_forms(), classes))


def _fit_grid(nyt: list[Row], ratings: np.ndarray, extra: list[Row], labels: np.ndarray, point: tuple,
              polarity: dict[str, float]) -> SentenceModel:
    """The fit at one grid point, its weights then multiplied so that its scores on the NYT training
    sentences spread as far as the rule score's (std): the score keeps the scale the stances stage's
    thresholds were set on (Pearson r does not change; the ±0.05 classes do)."""
    alpha, weight, damping, induced = point
    fitted = fit(nyt + extra, np.concatenate([ratings / 4, labels * NEWSMTSC_SCALE]),
                 np.concatenate([np.ones(len(nyt)), np.full(len(extra), weight)]), alpha, damping, induced)
    model, lex = _model(fitted, polarity, damping), load_lexicon()
    raw = np.array([length_factor(n, damping) * (model.lexicon * lexicon + sum(map(model.weight, keys))
                                                 + _hit_term(hits, lex, model)) for lexicon, keys, _, hits, n in nyt])
    k = float(np.std([lexicon for lexicon, *_ in nyt]) / np.std(raw))
    return _model(fitted, polarity, damping, k, 5)


def choose(nyt: list, ratings: np.ndarray, docs: np.ndarray, extra: list, labels: np.ndarray,
           folds: int, polarity: dict[str, float]) -> tuple[tuple, dict]:
    """The grid point with the best pooled out-of-fold r (``folds`` folds by document)."""
    from sklearn.model_selection import GroupKFold
    scores = {}
    for point in GRID:
        pred = np.zeros(len(nyt))
        for tr, te in GroupKFold(folds).split(nyt, ratings, docs):
            model = _fit_grid([nyt[i] for i in tr], ratings[tr], extra, labels, point, polarity)
            pred[te] = predict(model, [nyt[i] for i in te])
        scores[point] = float(np.corrcoef(pred, ratings)[0, 1])
    return max(scores, key=scores.get), scores


def out_of_fold(docs: np.ndarray, ratings: np.ndarray, nyt: list, extra: list, labels: np.ndarray,
                polarity: dict[str, float]) -> tuple[np.ndarray, list]:
    """Out-of-fold model scores of the NYT sentences (FOLDS folds by document, grid chosen inside each
    training part) and the grid point chosen in each fold."""
    from sklearn.model_selection import GroupKFold
    pred, chosen = np.zeros(len(nyt)), []
    for tr, te in GroupKFold(FOLDS).split(nyt, ratings, docs):
        point, _ = choose([nyt[i] for i in tr], ratings[tr], docs[tr], extra, labels, INNER, polarity)
        chosen.append(point)
        model = _fit_grid([nyt[i] for i in tr], ratings[tr], extra, labels, point, polarity)
        pred[te] = predict(model, [nyt[i] for i in te])
    return pred, chosen


def train_sentence_sentiment(shared: Path, out: Path = data_file(MODEL)) -> dict:
    """Cross-validate, fit on every NYT document, save; returns the model's metadata."""
    from .train import macro_f1
    from .sentiment import lexicon_score, vader_analyzer, textblob_sentiment
    docs, ratings, nyt, extra, labels = training_inputs(shared)
    texts = load_nyt(shared / NYT)[2]
    polarity = read_induced(DATA / INDUCED)
    pred, chosen = out_of_fold(docs, ratings, nyt, extra, labels, polarity)
    gold = classes(ratings / 4)
    vader = vader_analyzer()
    engines = {"model (out of fold)": pred, "rule score (lexicon input)": np.array(lexicon_score(texts)),
               "VADER compound": np.array([vader.polarity_scores(t)["compound"] for t in texts]),
               "TextBlob polarity": np.array([textblob_sentiment(t)[0] for t in texts])}
    table = {name: {"r": round(float(np.corrcoef(s, ratings)[0, 1]), 4), "macro_f1": round(macro_f1(classes(s), gold), 4)}
             for name, s in engines.items()}
    point, cv = choose(nyt, ratings, docs, extra, labels, FOLDS, polarity)
    model = _fit_grid(nyt, ratings, extra, labels, point, polarity)
    meta = {"data": "NYT editorial sentences rated by 20 people (Hutto & Gilbert 2014, MIT), dev half; "
                    "NewsMTSC train sentences (Hamborg & Donnay 2021, MIT)",
            "held_out": {"sentences": len(texts), "documents": int(len(set(docs))), "folds": FOLDS,
                         "chosen_per_fold": [list(p) for p in chosen], "table": table},
            "alpha": point[0], "newsmtsc_weight": point[1], "damping": point[2], "induced_scale": point[3],
            "cv_r_by_point": {"/".join(map(str, p)): round(v, 4) for p, v in cv.items()},
            "trained_on": {"nyt_sentences": len(texts), "newsmtsc_sentences": len(extra)},
            "command": "python -m helpers train"}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"lexicon": model.lexicon, "induced": model.meta["induced"], "damping": model.damping,
                               "vector": model.meta["vector"], "classes": model.meta["classes"],
                               "pairs": list(model.pairs), "ends": list(model.ends), "hits": dict(sorted(model.hits.items())),
                               "words": dict(sorted(model.words.items())), "meta": meta},
                              ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return meta


def write_card(meta: dict, card: Path = data_file("models") / "README.md") -> None:
    """Put the held-out table of ``meta`` between the sentence sentiment markers of the model card."""
    held = meta["held_out"]
    rows = "\n".join(f"| {name} | {v['r']:.3f} | {v['macro_f1']:.3f} |" for name, v in held["table"].items())
    table = (f"| engine | r | macro-F1 (±{BAND}) |\n|---|---|---|\n{rows}\n\n{held['sentences']} sentences of "
             f"{held['documents']} documents, {held['folds']}-fold by document; (ridge alpha, NewsMTSC weight, length "
             f"damping, induced-lexicon scale) chosen per fold: {held['chosen_per_fold']}; shipped: {meta['alpha']}, "
             f"{meta['newsmtsc_weight']}, {meta['damping']}, {meta['induced_scale']}.")
    write_between(card, CARD_START, CARD_END, table)


def report(meta: dict) -> None:
    """Print the held-out table."""
    held = meta["held_out"]
    print(f"sentence sentiment: NYT dev {held['sentences']} sentences, {held['documents']} documents, "
          f"{held['folds']}-fold by document (nested choice of alpha/NewsMTSC weight/damping/induced scale: "
          f"{held['chosen_per_fold']})")
    print(f"{'engine':<32} {'r':>6} {'macro-F1':>9}")
    for name, v in held["table"].items():
        print(f"{name:<32} {v['r']:6.3f} {v['macro_f1']:9.3f}")
