"""Sentiment a sentence expresses toward one target mention in it: a small linear model, explained.

``target_sentiment(texts, spans)`` returns one row per (sentence, (start, end) character span of the
mention) with ``label`` (negative | neutral | positive), ``score`` = P(positive) - P(negative) in
[-1, 1] and ``evidence``: the words that pushed the score, "word:+0.42, …", strongest first.

The model is a multinomial logistic regression over explainable features (``features``): the words of
the sentence, the words and word pairs on each side of the mention within ``NEAR`` tokens, the
mention's own words, lexicon polarity (the combined lexicon of ``helpers.sentiment``: data/
sentiment_lexicon.csv over VADER, TextBlob, AFINN and the General Inquirer; negators flip it) summed
over the sentence, near the mention and in its clause, whether the mention is quoted or speaks, and
the cues of data/stance_cues.csv read with the mention as their agent (it stands before the cue) or
patient (after). Weights: data/models/target_sentiment.json, trained by ``python -m helpers train``
(helpers/train.py; held-out numbers in data/models/README.md). Inference is pure Python.
"""

import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .knowledge import Knowledge, resolve
from .paths import data_file
from .sentiment import Lexicon, load_lexicon

LABELS = ("negative", "neutral", "positive")
NEAR = 5  # tokens on each side of the mention read as its context
NEGATION_REACH = 3  # a negator flips lexicon words up to this many tokens later in its clause
EVIDENCE = 6  # words listed in ``evidence``
MIN_EVIDENCE = 0.05  # smallest |contribution| listed
TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)*|[^\sA-Za-z0-9]")
CLAUSE_END = frozenset(",;:.!?()\u2013\u2014")
QUOTE_MARKS = frozenset('"\u201c\u201d')
SPEECH = frozenset({"said", "says", "say", "told", "tells", "wrote", "writes", "added", "argued", "argues",
                    "claimed", "claims", "stated", "insisted", "asked", "according"})
MODEL = data_file("models") / "target_sentiment.json"


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(lower-case token, start, end) of every word and punctuation mark."""
    if "\u2019" in text:
        text = text.replace("\u2019", "'")
    return [(m.group().lower(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def _cues(path: Path) -> tuple[dict[tuple[str, ...], tuple[float, str]], dict[str, tuple[float, str]]]:
    """Stance cues as {token tuple: (polarity, role)} and {word prefix: …} for cues ending in *."""
    table = pd.read_csv(path, comment="#", dtype=str, skipinitialspace=True).fillna("")
    exact, stars = {}, {}
    for cue, pol, role in table[["cue", "polarity", "role"]].itertuples(index=False):
        cue = cue.strip().lower()
        entry = (float(pol), role.strip() or "agent")
        if cue.endswith("*") and " " not in cue:
            stars[cue[:-1]] = entry
        else:
            exact[tuple(t for t, _, _ in tokenize(cue.rstrip("*")))] = entry
    return exact, stars


class _Vocab(NamedTuple):
    """The sentiment lexicon and stance cues of one knowledge, and the memo of what each word means."""
    lex: Lexicon
    exact: dict[tuple[str, ...], tuple[float, str]]
    stars: dict[str, tuple[float, str]]
    words: dict[str, tuple]  # word -> (negator factor | None, polarities | None, cue entry | None, cue head)


_VOCABS: dict[tuple[int, int], _Vocab] = {}  # by id() of the tables (Knowledge keeps replaced tables alive)


def _vocab(knowledge: Knowledge | None = None) -> _Vocab:
    """The ``_Vocab`` of ``knowledge`` (default: ``data/``) as its tables are now."""
    knowledge = resolve(knowledge).snapshot()
    lex, cues = load_lexicon(knowledge=knowledge), knowledge.load("stance_cues.csv", _cues)
    key = id(lex), id(cues)
    if key not in _VOCABS:
        _VOCABS[key] = _Vocab(lex, *cues, {})
    return _VOCABS[key]


def _word(w: str, vocab: _Vocab) -> tuple:
    """What one word means to ``_Sentence`` (memoised): a negator's factor, its polarity in each
    lexicon, the stance cue it is (a one-word or word* cue) and whether a longer cue starts with it."""
    info = vocab.words.get(w)
    if info is None:
        lex, exact, stars = vocab.lex, vocab.exact, vocab.stars
        mod = lex.modifiers.get(w) or (lex.modifiers.get("n't") if w.endswith("n't") else None)
        pol = lex.polarity(w)
        cue = exact.get((w,)) or next((stars[w[:cut]] for cut in range(len(w), 2, -1) if w[:cut] in stars), None)
        info = vocab.words[w] = (mod[1] if mod and mod[0] == "neg" else None, pol if any(pol) else None, cue,
                            any(k[0] == w for k in exact if len(k) > 1))
    return info


class _Sentence:
    """What the features of every mention of one sentence share: tokens, clause numbers, the lexicon
    polarity of each token (negated where a negator precedes it) and the stance cues."""

    def __init__(self, text: str, vocab: _Vocab | None = None):
        vocab = vocab or _vocab()
        exact, known = vocab.exact, vocab.words
        self.toks = tokenize(text)
        words = self.words = [t for t, _, _ in self.toks]
        n = len(words)
        self.clause, self.quoted = [0] * n, [False] * n
        self.polarity, self.sources = [0.0] * n, [None] * n
        self.cues: list[tuple[int, int, float, str]] = []  # (first token, last token, polarity, role)
        clause = quote = 0
        flip_until, factor, skip = -1, 1.0, 0
        for i, w in enumerate(words):
            if w in CLAUSE_END:
                clause += 1
                flip_until = -1
            elif w in QUOTE_MARKS:
                quote += 1
            self.clause[i], self.quoted[i] = clause, quote % 2 == 1
            negator, pol, cue, head = known.get(w) or _word(w, vocab)
            if negator is not None:
                flip_until, factor = i + NEGATION_REACH, negator
            elif pol:
                f = factor if i <= flip_until else 1.0
                self.polarity[i] = f * sum(pol) / len(pol)
                self.sources[i] = tuple(p * f for p in pol) if f != 1.0 else pol
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


def features(sent: _Sentence, start: int, end: int) -> list[tuple[str, float, str]]:
    """(feature, value, evidence word) of the mention text[start:end]; the evidence word is what the
    feature's weight is credited to ('' when it is not a word of the sentence)."""
    toks, words = sent.toks, sent.words
    inside = [i for i, (_, a, b) in enumerate(toks) if a < end and b > start]
    if not inside:  # an empty or punctuation-free span: the nearest token stands for it
        inside = [min(range(len(toks)), key=lambda i: abs(toks[i][1] - start))] if toks else []
    if not inside:
        return []
    first, last = inside[0], inside[-1]
    feats: list[tuple[str, float, str]] = [(f"t:{words[i]}", 1.0, "") for i in inside]
    for i, w in enumerate(words):
        if first <= i <= last or w in CLAUSE_END:
            continue
        if i < first:
            dist, side = first - i, "l"
        else:
            dist, side = i - last, "r"
        feats.append((f"w:{w}", 1.0, w))
        if dist <= NEAR:
            feats.append((f"{side}:{w}", 1.0, w))
            j = i + 1
            if j < len(words) and not first <= j <= last and (j < first) == (i < first):
                feats.append((f"{side}b:{w} {words[j]}", 1.0, f"{w} {words[j]}"))
        pol = sent.polarity[i]
        if pol:
            sign = "pos" if pol > 0 else "neg"
            feats.append((f"lex:{sign}", abs(pol), w))
            feats.append((f"lex:{side}_{sign}", abs(pol) / (1 + dist / NEAR), w))
            if sent.clause[i] == sent.clause[first]:
                feats.append((f"lex:clause_{sign}", abs(pol), w))
            for k, p in enumerate(sent.sources[i]):
                if p:
                    feats.append((f"lex{k}:{'pos' if p > 0 else 'neg'}", abs(p), w))
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
    if any(w in SPEECH for w in words[last + 1:last + 4]) or any(w in SPEECH for w in words[max(0, first - 2):first]):
        feats.append(("speaks", 1.0, ""))
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


def _predict(feats: list[tuple[str, float, str]], intercept: list[float],
             weights: dict[str, list[float]]) -> tuple[str, float, str]:
    z0, z1, z2 = intercept
    credit: dict[str, float] = {}
    for name, value, word in feats:
        w = weights.get(name)
        if w is None:
            continue
        z0 += w[0] * value
        z1 += w[1] * value
        z2 += w[2] * value
        if word:
            credit[word] = credit.get(word, 0.0) + (w[2] - w[0]) * value
    top = max(z0, z1, z2)
    e0, e1, e2 = math.exp(z0 - top), math.exp(z1 - top), math.exp(z2 - top)
    total = e0 + e1 + e2
    label = LABELS[1] if top == z1 else LABELS[0] if top == z0 else LABELS[2]
    shown = sorted((kv for kv in credit.items() if abs(kv[1]) >= MIN_EVIDENCE), key=lambda kv: -abs(kv[1]))
    evidence = ", ".join(f"{w}:{v:+.2f}" for w, v in shown[:EVIDENCE])
    return label, (e2 - e0) / total, evidence


def target_sentiment(texts: Sequence[str], spans: Sequence[tuple[int, int]],
                     model: Path | None = None, knowledge: Knowledge | None = None) -> pd.DataFrame:
    """One row per (text, (start, end) span): start, end, mention, label, score, evidence.

    A span outside its text, or an empty text, gives label neutral, score 0 and evidence naming the
    problem (the row is kept, so rows stay aligned with the input)."""
    if len(texts) != len(spans):
        raise ValueError(f"{len(texts)} texts but {len(spans)} spans")
    knowledge = resolve(knowledge).snapshot()
    intercept, weights, _ = load_model(knowledge, model)
    vocab = _vocab(knowledge)
    rows, memo = [], {}
    for text, (start, end) in zip(texts, spans):
        text = "" if text is None else str(text)
        start, end = int(start), int(end)
        if not 0 <= start < end <= len(text):
            rows.append((start, end, text[max(start, 0):max(end, 0)], LABELS[1], 0.0,
                         f"(span {start}-{end} outside a text of {len(text)} characters)"))
            continue
        sent = memo.get(text)
        if sent is None:
            sent = memo[text] = _Sentence(text, vocab)
            if len(memo) > 10_000:
                memo.clear()
                memo[text] = sent
        rows.append((start, end, text[start:end], *_predict(features(sent, start, end), intercept, weights)))
    return pd.DataFrame(rows, columns=["start", "end", "mention", "label", "score", "evidence"])
