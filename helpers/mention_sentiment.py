"""Sentiment a sentence expresses toward one target mention: a linear model plus a convolution part, explained.

``target_sentiment(texts, spans)`` returns one row per (sentence, (start, end) character span of the
mention) with ``label`` (negative | neutral | positive), ``score`` = P(positive) - P(negative) in
[-1, 1] and ``evidence``: the words that pushed the score, "word:+0.42, …", strongest first.

The model is a multinomial logistic regression over explainable features (``features``): the words of
the sentence, the words and word pairs on each side of the mention within ``NEAR`` tokens, the
mention's own words, lexicon polarity (the combined lexicon of ``helpers.sentiment``: data/
sentiment_lexicon.csv over VADER and TextBlob; negators flip it) summed over the sentence, per lexicon,
on each side of the mention and in its clause, the word classes of data/word_classes.csv (attack,
praise, legal, victim, …) in the sentence and on each side of the mention, whether the mention is
quoted or speaks (a word of kind ``speech`` of data/quote_words.csv next to it), the cues of
data/stance_cues.csv read with the mention as their agent (it stands before the cue) or patient
(after), and the mean word vector (data/models/word_vectors.npy: GloVe 6B 50d, PDDL 1.0) of the words
``NEAR`` left of the mention, right of it, of the sentence outside it and of the mention itself (each
word's share of a mean is credited to it in ``evidence``). Weights: data/models/target_sentiment.json, trained by ``python -m helpers train``
(helpers/train.py); the model card data/models/README.md has the held-out table.
Inference is pure Python (``_linear``): each sentence is read once for all its mentions, the shares of its
words in the logits are summed once, and only the features near a mention are added per mention. The logits
of the convolution part (helpers/mention_conv.py, data/models/target_conv.json: each token read with its
neighbours' word vectors and its place relative to the mention adds its own logits) are added ``BATCH``
pairs at a time, as numpy arrays, each token's share credited to its word.
"""

import json
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from .knowledge import Knowledge, resolve, read_table
from .mention_conv import CONV, ConvPart, conv_elements, load_conv
from .paths import data_file
from .sentiment import SUFFIXES, Lexicon, load_lexicon

LABELS = ("negative", "neutral", "positive")
NEAR = 5  # tokens on each side of the mention read as its context
NEGATION_REACH = 3  # a negator flips lexicon words up to this many tokens later in its clause
# Feature scales (the L2 penalty treats all weights alike, so a scale sets how freely a group may act;
# chosen by cross-validation by story in helpers/train.py's training part)
LEXICON, SENTENCE_WORD, WORD_CLASS = 3.0, 0.5, 0.5
VECTOR = 3.0  # scale of the mean word vectors
VECTOR_GROUPS = ("vl", "vr", "vs", "vt")  # mean vector left of the mention, right, sentence outside it, mention
EVIDENCE = 6  # words listed in ``evidence``
BATCH = 1000  # (sentence, mention) pairs scored together (the convolution part as arrays)
MIN_EVIDENCE = 0.05  # smallest |contribution| listed
TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)*|[^\sA-Za-z0-9]")
CLAUSE_END = frozenset(",;:.!?()\u2013\u2014")
QUOTE_MARKS = frozenset('"\u201c\u201d')
MODEL = data_file("models") / "target_sentiment.json"
VECTORS = ("models/word_vectors.json", "models/word_vectors.npy")  # words, and their vectors (float16 rows)


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(lower-case token, start, end) of every word and punctuation mark."""
    if "\u2019" in text:
        text = text.replace("\u2019", "'")
    low = text.lower()
    if len(low) == len(text):  # lower-casing kept every offset (it does not for a few letters, e.g. 'İ')
        return [(m[0], m.start(), m.end()) for m in TOKEN_RE.finditer(low)]
    return [(m[0].lower(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def _cues(path: Path) -> tuple[dict[tuple[str, ...], tuple[float, str]], dict[str, tuple[float, str]]]:
    """Stance cues as {token tuple: (polarity, role)} and {word prefix: …} for cues ending in *."""
    table = read_table(path)
    exact, stars = {}, {}
    for cue, pol, role in table[["cue", "polarity", "role"]].itertuples(index=False):
        cue = cue.strip().lower()
        entry = (float(pol), role.strip() or "agent")
        if cue.endswith("*") and " " not in cue:
            stars[cue[:-1]] = entry
        else:
            exact[tuple(t for t, _, _ in tokenize(cue.rstrip("*")))] = entry
    return exact, stars


def _word_classes(path: Path) -> dict[str, tuple[str, ...]]:
    """{lower-case word: its classes} of data/word_classes.csv (columns word, classes; classes separated
    by spaces)."""
    out: dict[str, set[str]] = {}
    for word, classes in read_table(path)[["word", "classes"]].itertuples(index=False):
        out.setdefault(word.strip().lower(), set()).update(f"c_{c}" for c in classes.split())
    return {w: tuple(sorted(c)) for w, c in out.items()}


def _classes_of(w: str, classes: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The classes of word ``w``, or of its base form for common inflections (as the lexicon does)."""
    found = classes.get(w)
    if found is None:
        found = next((classes[base] for suffix, repl in SUFFIXES if len(w) > len(suffix) + 2 and w.endswith(suffix)
                      and (base := w[: -len(suffix)] + repl) in classes), ())
    return found


class _Vocab(NamedTuple):
    """The sentiment lexicon and stance cues of one knowledge, and the memo of what each word means."""
    lex: Lexicon
    exact: dict[tuple[str, ...], tuple[float, str]]
    stars: dict[str, tuple[float, str]]
    heads: frozenset[str]  # first words of the cues of several words
    classes: dict[str, tuple[str, ...]]  # word -> its classes in data/word_classes.csv
    words: dict[str, tuple]  # word -> (negator factor | None, polarities | None, cue entry | None, cue head,
    #                                word classes)
    contributions: dict[int, "Contributions"]  # id() of a model's weights -> ``_linear``'s memo for them
    speech: frozenset[str]  # words that make a mention next to them a speaker (data/quote_words.csv, kind speech)
    vectors: "WordVectors"


class WordVectors(NamedTuple):
    """Word vectors of data/models/word_vectors.*: {word: row} and the rows (float32)."""
    rows: dict[str, int]
    matrix: np.ndarray


def read_vectors(words: Path, matrix: Path) -> WordVectors:
    """The word vectors saved by helpers/train.py (``build_vectors``): a JSON {"words": [...]} and an .npy
    matrix with one row per word."""
    vocab = json.loads(Path(words).read_text(encoding="utf-8"))["words"]
    vectors = np.load(matrix).astype(np.float32)
    if vectors.shape[0] != len(vocab):
        raise ValueError(f"{matrix}: {vectors.shape[0]} rows for {len(vocab)} words")
    return WordVectors({w: i for i, w in enumerate(vocab)}, vectors)


_VOCABS: dict[tuple[int, int, int, int, int], _Vocab] = {}  # by id() of the tables (Knowledge keeps replaced tables alive)


def _vocab(knowledge: Knowledge | None = None) -> _Vocab:
    """The ``_Vocab`` of ``knowledge`` (default: ``data/``) as its tables are now."""
    knowledge = resolve(knowledge).snapshot()
    lex, cues = load_lexicon(knowledge=knowledge), knowledge.load("stance_cues.csv", _cues)
    classes = knowledge.load("word_classes.csv", _word_classes)
    speech = knowledge.load("quote_words.csv", _speech_words)
    vectors = knowledge.load(VECTORS, read_vectors)
    key = id(lex), id(cues), id(classes), id(speech), id(vectors)
    if key not in _VOCABS:
        _VOCABS[key] = _Vocab(lex, *cues, frozenset(k[0] for k in cues[0] if len(k) > 1), classes, {}, {},
                              speech, vectors)
    return _VOCABS[key]


def _speech_words(path: Path) -> frozenset[str]:
    """The words of kind ``speech`` in data/quote_words.csv (columns word, kind)."""
    table = read_table(path)
    return frozenset(w.strip().lower() for w, kind in table[["word", "kind"]].itertuples(index=False)
                     if kind.strip() == "speech")


def _word(w: str, vocab: _Vocab) -> tuple:
    """What one word means to ``_Sentence`` (memoised): a negator's factor, its polarity in each
    lexicon, the stance cue it is (a one-word or word* cue), whether a longer cue starts with it and
    its word classes."""
    info = vocab.words.get(w)
    if info is None:
        lex, exact, stars = vocab.lex, vocab.exact, vocab.stars
        mod = lex.modifiers.get(w) or (lex.modifiers.get("n't") if w.endswith("n't") else None)
        pol = lex.polarity(w)
        cue = exact.get((w,)) or next((stars[w[:cut]] for cut in range(len(w), 2, -1) if w[:cut] in stars), None)
        info = vocab.words[w] = (mod[1] if mod and mod[0] == "neg" else None, pol if any(pol) else None, cue,
                            w in vocab.heads, _classes_of(w, vocab.classes))
    return info


class _Sentence:
    """What the features of every mention of one sentence share: tokens, clause numbers, the lexicon
    polarity of each token (negated where a negator precedes it) and the stance cues."""

    def __init__(self, text: str, vocab: _Vocab | None = None):
        vocab = vocab or _vocab()
        self.speech = vocab.speech
        exact, known = vocab.exact, vocab.words
        toks = tokenize(text)
        words = self.words = list(map(itemgetter(0), toks))
        self.vectors = vocab.vectors
        rows = vocab.vectors.rows
        self.rows = [rows.get(w, -1) for w in words]  # each token's row of the word vectors (-1: none)
        self.starts, self.ends = list(map(itemgetter(1), toks)), list(map(itemgetter(2), toks))
        n = len(words)
        self.clause, self.quoted = clauses, quoted = [0] * n, [False] * n
        self.polarity, self.sources, self.classes = polarity, sources, classes = [0.0] * n, [None] * n, [()] * n
        self.cues: list[tuple[int, int, float, str]] = []  # (first token, last token, polarity, role)
        clause = quote = 0
        flip_until, factor, skip = -1, 1.0, 0
        for i, w in enumerate(words):
            if w in CLAUSE_END:
                clause += 1
                flip_until = -1
            elif w in QUOTE_MARKS:
                quote += 1
            clauses[i], quoted[i] = clause, quote % 2 == 1
            negator, pol, cue, head, classes[i] = known.get(w) or _word(w, vocab)
            if negator is not None:
                flip_until, factor = i + NEGATION_REACH, negator
            elif pol:
                f = factor if i <= flip_until else 1.0
                polarity[i] = f * sum(pol) / len(pol)
                sources[i] = tuple(p * f for p in pol) if f != 1.0 else pol
            if skip:
                skip -= 1
                continue
            if head:
                size = next((k for k in (3, 2) if tuple(words[i:i + k]) in exact), 0)
                if size:
                    self.cues.append((i, i + size - 1, *exact[tuple(words[i:i + size])]))
                    skip = size - 1
                    continue
            if cue:
                self.cues.append((i, i, *cue))
        self.polar = [i for i, p in enumerate(polarity) if p]
        self.scored: tuple | None = None  # (model id, per-token contributions, their sums) of ``_linear``
        self.vector_sums: tuple[int, list[float], dict[str, float]] = (0, [0.0, 0.0, 0.0], {})  # of ``_linear``

    def common(self, i: int) -> list[tuple[str, float, str]]:
        """The features word i gives every mention of the sentence it is not part of."""
        w = self.words[i]
        if w in CLAUSE_END:
            return []
        out = [(f"w:{w}", SENTENCE_WORD, w)] + [(c, WORD_CLASS, w) for c in self.classes[i]]
        pol = self.polarity[i]
        if pol:
            out.append((f"lex:{'pos' if pol > 0 else 'neg'}", abs(pol) * LEXICON, w))
            out += [(f"lex{k}:{'pos' if p > 0 else 'neg'}", abs(p) * LEXICON, w)
                    for k, p in enumerate(self.sources[i]) if p]
        return out


def _mention(sent: _Sentence, start: int, end: int) -> tuple[int, int] | None:
    """First and last token of the mention text[start:end] (the nearest token for a span of none)."""
    starts = sent.starts
    if not starts:
        return None
    # the tokens ending after start, and those starting before end (tokens neither overlap nor nest)
    first, last = bisect_right(sent.ends, start), bisect_left(starts, end) - 1
    if first <= last:
        return first, last
    nearest = min(range(len(starts)), key=lambda i: abs(starts[i] - start))
    return nearest, nearest


def vector_groups(sent: _Sentence, first: int, last: int) -> dict[str, list[int]]:
    """The tokens (with a word vector) of each of ``VECTOR_GROUPS``: NEAR left of the mention (tokens
    first..last), NEAR right of it, the sentence outside it, the mention."""
    rows, n = sent.rows, len(sent.rows)
    has = lambda span: [i for i in span if rows[i] >= 0]  # noqa: E731
    return {"vl": has(range(max(0, first - NEAR), first)), "vr": has(range(last + 1, min(n, last + NEAR + 1))),
            "vs": has(i for i in range(n) if not first <= i <= last), "vt": has(range(first, last + 1))}


def vector_features(sent: _Sentence, first: int, last: int) -> list[tuple[str, float, str]]:
    """(group:dimension, VECTOR x that word's share of the group's mean, word) for every word of each
    ``vector_groups`` group: summed by name they are the groups' mean vectors (what the trainer fits on)."""
    feats = []
    matrix, words = sent.vectors.matrix, sent.words
    for group, tokens in vector_groups(sent, first, last).items():
        share = VECTOR / len(tokens) if tokens else 0.0
        for i in tokens:
            feats += [(f"{group}:{k}", float(v) * share, words[i]) for k, v in enumerate(matrix[sent.rows[i]])]
    return feats


def local_features(sent: _Sentence, first: int, last: int) -> list[tuple[str, float, str]]:
    """The features that depend on where the mention (tokens first..last) stands: its words, the words
    and word pairs near it, lexicon words by side and clause, cues by role, quoted/speaking/start."""
    words = sent.words
    feats: list[tuple[str, float, str]] = [(f"t:{words[i]}", 1.0, "") for i in range(first, last + 1)]
    for i in range(max(0, first - NEAR), min(len(words), last + NEAR + 1)):
        w = words[i]
        if first <= i <= last or w in CLAUSE_END:
            continue
        side = "l" if i < first else "r"
        feats.append((f"{side}:{w}", 1.0, w))
        j = i + 1
        if j < len(words) and (j < first or i > last):
            feats.append((f"{side}b:{w} {words[j]}", 1.0, f"{w} {words[j]}"))
        for c in sent.classes[i]:
            feats.append((f"{side}_{c}", WORD_CLASS, w))
    for i in sent.polar:
        if first <= i <= last:
            continue
        pol, w = sent.polarity[i], words[i]
        dist, side = (first - i, "l") if i < first else (i - last, "r")
        sign = "pos" if pol > 0 else "neg"
        pol = abs(pol) * LEXICON
        feats.append((f"lex:{side}_{sign}", pol / (1 + dist / NEAR), w))
        if sent.clause[i] == sent.clause[first]:
            feats.append((f"lex:clause_{sign}", pol, w))
    for a, b, pol, role in sent.cues:
        if first <= a <= last:
            continue
        position = "agent" if a > last else "patient"
        if role == "actor":
            role = "agent"
        feats.append((f"cue:{position}_as_{role}", pol, " ".join(words[a:b + 1])))
    if sent.quoted[first]:
        feats.append(("quoted", 1.0, ""))
    if first == 0:
        feats.append(("sentence_start", 1.0, ""))
    speech = sent.speech
    if not speech.isdisjoint(words[last + 1:last + 4]) or not speech.isdisjoint(words[max(0, first - 2):first]):
        feats.append(("speaks", 1.0, ""))
    return feats


def features(sent: _Sentence, start: int, end: int) -> list[tuple[str, float, str]]:
    """(feature, value, evidence word) of the mention text[start:end]: ``local_features`` plus the
    ``common`` features of every word outside the mention. The evidence word is what the feature's
    weight is credited to ('' when it is not a word of the sentence)."""
    where = _mention(sent, start, end)
    if where is None:
        return []
    first, last = where
    feats = local_features(sent, first, last) + vector_features(sent, first, last)
    for i in range(len(sent.words)):
        if not first <= i <= last:
            feats += sent.common(i)
    return feats


def _merge(feats: list[tuple[str, float, str]]) -> dict[str, float]:
    """Feature values summed by name (what the trainer fits on)."""
    out: dict[str, float] = {}
    for name, value, _ in feats:
        out[name] = out.get(name, 0.0) + value
    return out


def load_model(knowledge: Knowledge | None = None, path: Path | None = None
               ) -> tuple[list[float], dict[str, list[float]], dict]:
    """(intercepts, {feature: weights per label}, metadata) of a model saved by helpers/train.py: the
    ``models/target_sentiment.json`` of ``knowledge`` (default: ``data/``), or the file ``path``."""
    if path is not None:
        return _read_model(Path(path))
    return resolve(knowledge).load("models/target_sentiment.json", _read_model)


def _read_model(path: Path) -> tuple[list[float], dict[str, list[float]], dict]:
    model = json.loads(Path(path).read_text(encoding="utf-8"))
    if model["labels"] != list(LABELS):
        raise ValueError(f"{path}: labels {model['labels']} are not {list(LABELS)}")
    return model["intercept"], model["weights"], model.get("meta", {})


def _add(feats: list[tuple[str, float, str]], weights: dict[str, list[float]], z: list[float],
         credit: dict[str, float]) -> None:
    """Add the weighted ``feats`` to the logits ``z`` and each evidence word's credit (positive minus
    negative logit)."""
    get = weights.get
    for name, value, word in feats:
        w = get(name)
        if w is None:
            continue
        z[0] += w[0] * value
        z[1] += w[1] * value
        z[2] += w[2] * value
        if word:
            credit[word] = credit.get(word, 0.0) + (w[2] - w[0]) * value


Contributions = dict[str | tuple, tuple[float, float, float, float]]
Projections = dict[str, list[list[float]]]  # vector group -> per word row, its logits VECTOR x vector . weights
_PROJECTIONS = ("vector projections",)  # the key of a model's ``Projections`` in its ``Contributions`` memo


def _projections(vectors: WordVectors, weights: dict[str, list[float]]) -> Projections:
    """What each word's vector adds to the three logits in each vector group (before dividing by the
    group's size); none for a model without vector weights."""
    dims = vectors.matrix.shape[1]
    w = {g: np.array([weights.get(f"{g}:{k}", (0.0, 0.0, 0.0)) for k in range(dims)]) for g in VECTOR_GROUPS}
    if not any(m.any() for m in w.values()):
        return {}
    matrix = vectors.matrix.astype(np.float64)
    return {g: (VECTOR * matrix @ m).tolist() for g, m in w.items()}


def _add_vectors(sent: _Sentence, first: int, last: int, proj: Projections, z: list[float],
                 credit: dict[str, float]) -> None:
    """Add the mean-vector features of the mention (tokens first..last) to ``z`` and ``credit``, as
    ``_add(vector_features(…))`` does: the sentence group from the per-sentence sums of ``_linear``."""
    if not proj:
        return
    rows, words = sent.rows, sent.words
    for group, span in (("vl", range(max(0, first - NEAR), first)), ("vr", range(last + 1, min(len(rows), last + NEAR + 1))),
                        ("vt", range(first, last + 1))):
        _add_mean([i for i in span if rows[i] >= 0], rows, words, proj[group], z, credit)
    count, totals, shares = sent.vector_sums
    inside = [i for i in range(first, last + 1) if rows[i] >= 0]
    n = count - len(inside)
    if not n:
        return
    t = list(totals)
    own: dict[str, float] = {}
    p = proj["vs"]
    for i in inside:
        c = p[rows[i]]
        t[0] -= c[0]
        t[1] -= c[1]
        t[2] -= c[2]
        own[words[i]] = own.get(words[i], 0.0) + c[2] - c[0]
    z[0] += t[0] / n
    z[1] += t[1] / n
    z[2] += t[2] / n
    for w, c in shares.items():
        c -= own.get(w, 0.0)
        if c:
            credit[w] = credit.get(w, 0.0) + c / n


def _add_mean(tokens: list[int], rows: list[int], words: list[str], proj: list[list[float]],
              z: list[float], credit: dict[str, float]) -> None:
    """Add the mean of the projections of ``tokens`` to ``z`` and each word's share to ``credit``."""
    if not tokens:
        return
    n = len(tokens)
    for i in tokens:
        c = proj[rows[i]]
        z[0] += c[0] / n
        z[1] += c[1] / n
        z[2] += c[2] / n
        credit[words[i]] = credit.get(words[i], 0.0) + (c[2] - c[0]) / n


def _linear(sent: _Sentence, first: int, last: int, intercept: list[float],
            weights: dict[str, list[float]], known: Contributions) -> tuple[list[float], dict[str, float]]:
    """Logits and evidence credits of a mention: the same sums as ``_add(features(…))``, with the common
    features of the sentence's words summed once per sentence (each word's share memoised) and the
    mention's own words taken back out."""
    if sent.scored is None or sent.scored[0] is not weights:
        per_token, credit = [], {}
        t0 = t1 = t2 = 0.0
        for i, (w, pol, sources) in enumerate(zip(sent.words, sent.polarity, sent.sources)):
            key = w if sources is None else (w, pol, sources)  # a word without polarity: the word alone
            c = known.get(key)
            if c is None:
                z, cred = [0.0, 0.0, 0.0], {}
                _add(sent.common(i), weights, z, cred)
                c = known[key] = (*z, cred.get(w, 0.0))
            per_token.append(c)
            t0 += c[0]
            t1 += c[1]
            t2 += c[2]
            if c[3]:
                credit[w] = credit.get(w, 0.0) + c[3]
        totals = t0, t1, t2
        sent.scored = (weights, per_token, totals, credit)
        proj = known.get(_PROJECTIONS)
        if proj is None:
            proj = known[_PROJECTIONS] = _projections(sent.vectors, weights)
        sums, shares, count = [0.0, 0.0, 0.0], {}, 0
        for w, row in zip(sent.words, sent.rows) if proj else ():
            if row >= 0:
                c = proj["vs"][row]
                sums[0] += c[0]
                sums[1] += c[1]
                sums[2] += c[2]
                shares[w] = shares.get(w, 0.0) + c[2] - c[0]
                count += 1
        sent.vector_sums = count, sums, shares
    _, per_token, totals, sentence_credit = sent.scored
    z = [intercept[k] + totals[k] for k in range(3)]
    credit = dict(sentence_credit)
    for i in range(first, last + 1):
        c = per_token[i]
        z[0] -= c[0]
        z[1] -= c[1]
        z[2] -= c[2]
        if c[3]:
            credit[sent.words[i]] -= c[3]
    _add(local_features(sent, first, last), weights, z, credit)
    _add_vectors(sent, first, last, known[_PROJECTIONS], z, credit)
    return z, credit


Evidence = list[tuple[str, float]]  # (word, credit: what it added to the positive minus the negative logit)


def _strength(item: tuple[str, float]) -> float:
    return -abs(item[1])


def _result(z: list[float], credit: dict[str, float]) -> tuple[str, float, Evidence]:
    """Label, P(positive) - P(negative) and the evidence of a mention's logits and credits: the words of
    credit at least MIN_EVIDENCE, strongest first (ties in the order they were credited), at most EVIDENCE."""
    z0, z1, z2 = z
    top = max(z0, z1, z2)
    e0, e1, e2 = math.exp(z0 - top), math.exp(z1 - top), math.exp(z2 - top)
    label = LABELS[1] if top == z1 else LABELS[0] if top == z0 else LABELS[2]
    shown = [kv for kv in credit.items() if kv[1] >= MIN_EVIDENCE or kv[1] <= -MIN_EVIDENCE]
    shown.sort(key=_strength)
    return label, (e2 - e0) / (e0 + e1 + e2), shown[:EVIDENCE]


def evidence_text(evidence: Evidence) -> str:
    """The ``evidence`` column of ``target_sentiment``: "word:+0.42, …" (credits rounded to 2 decimals)."""
    return ", ".join(f"{w}:{v:+.2f}" for w, v in evidence)


def target_sentiment(texts: Sequence[str], spans: Sequence[tuple[int, int]],
                     model: Path | None = None, knowledge: Knowledge | None = None) -> pd.DataFrame:
    """One row per (text, (start, end) span): start, end, mention, label, score, evidence.

    A span outside its text, or an empty text, gives label neutral, score 0 and evidence naming the
    problem (the row is kept, so rows stay aligned with the input)."""
    return pd.DataFrame(target_sentiment_rows(texts, spans, model, knowledge),
                        columns=["start", "end", "mention", "label", "score", "evidence"])


def target_sentiment_rows(texts: Sequence[str], spans: Sequence[tuple[int, int]], model: Path | None = None,
                          knowledge: Knowledge | None = None) -> list[tuple[int, int, str, str, float, str]]:
    """The rows of ``target_sentiment`` as tuples (no frame)."""
    rows = []
    for text, (start, end), (label, score, evidence) in zip(texts, spans, _scored(texts, spans, model, knowledge)):
        text, start, end = "" if text is None else str(text), int(start), int(end)
        if 0 <= start < end <= len(text):
            rows.append((start, end, text[start:end], label, score, evidence_text(evidence)))
        else:
            rows.append((start, end, text[max(start, 0):max(end, 0)], label, score,
                         f"(span {start}-{end} outside a text of {len(text)} characters)"))
    return rows


def score_mentions(texts: Sequence[str], spans: Sequence[tuple[int, int]], model: Path | None = None,
                   knowledge: Knowledge | None = None) -> list[tuple[str, float, Evidence]]:
    """(label, score, evidence) per (text, span) as ``target_sentiment`` finds them, with the evidence as
    (word, credit) pairs (stages call it once per article); neutral, 0 and no evidence for a span outside
    its text. A text given several times is read once for all its spans."""
    return list(_scored(texts, spans, model, knowledge))


def _scored(texts: Sequence[str], spans: Sequence[tuple[int, int]], model: Path | None,
            knowledge: Knowledge | None) -> Iterator[tuple[str, float, Evidence]]:
    """``score_mentions`` one at a time (``target_sentiment_rows`` keeps only the evidence text)."""
    if len(texts) != len(spans):  # checked here, at the call, not when the first row is read
        raise ValueError(f"{len(texts)} texts but {len(spans)} spans")
    return _scoring(texts, spans, model, knowledge)


def _scoring(texts: Sequence[str], spans: Sequence[tuple[int, int]], model: Path | None,
             knowledge: Knowledge | None) -> Iterator[tuple[str, float, Evidence]]:
    """The generator of ``_scored``: ``BATCH`` pairs at a time (the convolution part scores a batch at once)."""
    knowledge = resolve(knowledge).snapshot()
    intercept, weights, _ = load_model(knowledge, model)
    conv = load_conv(knowledge, None if model is None else Path(model).with_name(Path(CONV).name))
    vocab = _vocab(knowledge)
    # {word, or (word, polarity, sources) for a polar word: its common contributions} of these weights and
    # words (the weights of ``knowledge`` stay alive while their id() is a key; a ``model`` file's do not)
    known = {} if model is not None else vocab.contributions.setdefault(id(weights), {})
    pairs = zip(texts, spans)
    while batch := list(islice(pairs, BATCH)):
        memo: dict[str, int] = {}
        sents, mentions, found = [], [], []
        for text, (start, end) in batch:
            text = "" if text is None else str(text)
            start, end = int(start), int(end)
            where = None
            if 0 <= start < end <= len(text):
                if text not in memo:
                    memo[text] = len(sents)
                    sents.append(_Sentence(text, vocab))
                where = _mention(sents[memo[text]], start, end)
            if where is not None:
                mentions.append((memo[text], *where))
            found.append(where is not None)
        scored = iter(_with_conv([_linear(sents[s], a, b, intercept, weights, known) for s, a, b in mentions],
                                 sents, mentions, conv, vocab.vectors.matrix))
        for ok in found:
            yield _result(*next(scored)) if ok else (LABELS[1], 0.0, [])


def _with_conv(scored: list[tuple[list[float], dict[str, float]]], sents: list[_Sentence],
               mentions: list[tuple[int, int, int]], conv: ConvPart | None, vectors: np.ndarray
               ) -> list[tuple[list[float], dict[str, float]]]:
    """The linear logits and credits of each mention (sentence number, first, last token) plus those of the
    convolution part (``helpers.mention_conv``): each token's logits added, its positive minus negative
    logit credited to its word."""
    if conv is None or not mentions:
        return scored
    elements = conv_elements(sents, np.array(mentions), conv, vectors)
    credits = (elements[:, 2] - elements[:, 0]).tolist()
    sums = np.zeros((len(mentions), 3))
    lens = [len(sents[s].words) for s, _, _ in mentions]
    np.add.at(sums, np.repeat(np.arange(len(mentions)), lens), elements)
    sums += conv.bias
    k = 0
    for (z, credit), add, (s, _, _) in zip(scored, sums.tolist(), mentions):
        z[0] += add[0]
        z[1] += add[1]
        z[2] += add[2]
        for w in sents[s].words:
            credit[w] = credit.get(w, 0.0) + credits[k]
            k += 1
    return scored
