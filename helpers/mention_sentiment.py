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
Inference (``_logits``) reads each sentence once for all its mentions and sums the features of every word for
a batch of mentions at once with numpy (each word's logits memoised); it equals summing ``features``. The
logits of the convolution part (helpers/mention_conv.py, data/models/target_conv*.json: in each of its nets,
each token read with its neighbours' word vectors and its place relative to the mention adds its own logits,
weighted by its attention over the sentence) are added to the same arrays, each token's share credited to its word.
"""

import json
import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from collections.abc import Iterator, Sequence
from itertools import accumulate, compress, islice
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from .knowledge import Knowledge, resolve, read_table
from .mention_conv import ConvPart, conv_elements, load_conv
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
BATCH = 1000  # (sentence, mention) pairs scored together as arrays
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
    models: dict[int, "_Model"]  # id() of a model's weights -> them arranged for ``_logits``
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
    lexicon, the stance cue it is (a one-word or word* cue), whether a longer cue starts with it, its
    word classes and whether it is any of the first four."""
    info = vocab.words.get(w)
    if info is None:
        lex, exact, stars = vocab.lex, vocab.exact, vocab.stars
        mod = lex.modifiers.get(w) or (lex.modifiers.get("n't") if w.endswith("n't") else None)
        pol = lex.polarity(w)
        cue = exact.get((w,)) or next((stars[w[:cut]] for cut in range(len(w), 2, -1) if w[:cut] in stars), None)
        info = (mod[1] if mod and mod[0] == "neg" else None, pol if any(pol) else None, cue, w in vocab.heads,
                _classes_of(w, vocab.classes))
        info = vocab.words[w] = (*info, info[0] is not None or any(info[1:4]))
    return info


class _Sentence:
    """What the features of every mention of one sentence share: tokens, clause numbers, the lexicon
    polarity of each token (negated where a negator precedes it) and the stance cues."""

    def __init__(self, text: str, vocab: _Vocab | None = None):
        vocab = vocab or _vocab()
        self.speech, self.vectors = vocab.speech, vocab.vectors
        exact, known = vocab.exact, vocab.words
        toks = tokenize(text)
        words = self.words = list(map(itemgetter(0), toks))
        self.starts, self.ends = list(map(itemgetter(1), toks)), list(map(itemgetter(2), toks))
        infos = [known.get(w) or _word(w, vocab) for w in words]
        self.classes = list(map(itemgetter(4), infos))
        # a clause end starts the next clause; a quote mark opens or closes a quote
        self.clause = clause = list(accumulate(map(CLAUSE_END.__contains__, words), initial=0))[1:]
        self.quoted = [q % 2 == 1 for q in accumulate(map(QUOTE_MARKS.__contains__, words), initial=0)][1:]
        n = len(words)
        self.polarity, self.sources = polarity, sources = [0.0] * n, [None] * n
        self.cues: list[tuple[int, int, float, str]] = []  # (first token, last token, polarity, role)
        flip_until, factor, skip_until = -1, 1.0, -1
        for i in compress(range(n), map(itemgetter(5), infos)):  # negators, lexicon words and cues
            negator, pol, cue, head = infos[i][:4]
            if negator is not None:
                flip_until, factor = i + NEGATION_REACH, negator
            elif pol:
                f = factor if i <= flip_until and clause[i] == clause[flip_until - NEGATION_REACH] else 1.0
                polarity[i] = f * sum(pol) / len(pol)
                sources[i] = tuple(p * f for p in pol) if f != 1.0 else pol
            if i <= skip_until:  # inside a cue of several words
                continue
            if head:
                size = 3 if tuple(words[i:i + 3]) in exact else 2 if tuple(words[i:i + 2]) in exact else 0
                if size:
                    self.cues.append((i, i + size - 1, *exact[tuple(words[i:i + size])]))
                    skip_until = i + size - 1
                    continue
            if cue:
                self.cues.append((i, i, *cue))
        self.polar = [i for i, p in enumerate(polarity) if p]

    @cached_property
    def rows(self) -> list[int]:
        """Each token's row of the word vectors (-1: none)."""
        rows = self.vectors.rows
        return [rows.get(w, -1) for w in self.words]

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


WORD_COLUMNS = 14  # of ``_Model.table``: the logits (3 each) of a word's common, left, right and mention
#                   features, its word-vector row (-1: none) and 1 for a clause end


@dataclass
class _Model:
    """A model's weights arranged for ``_logits``; ``table`` gets a row for each word as words come."""
    intercept: np.ndarray  # (3,)
    weights: dict[str, list[float]]
    sides: np.ndarray  # (side l/r, sign neg/pos, 3): the weights of lex:{side}_{sign}
    clause: np.ndarray  # (sign neg/pos, 3): the weights of lex:clause_{sign}
    projections: np.ndarray  # (vector row, VECTOR_GROUPS, 3): VECTOR x the row's vector . each group's weights
    lexicon: dict[tuple, tuple[float, ...]] = field(default_factory=dict)  # (polarity, sources) -> logits
    ids: dict[str, int] = field(default_factory=dict)  # word -> its row of ``table``
    words: list[str] = field(default_factory=list)  # the word of each row
    table: np.ndarray = field(default_factory=lambda: np.zeros((0, WORD_COLUMNS)))  # see WORD_COLUMNS


def _model(intercept: list[float], weights: dict[str, list[float]], vectors: WordVectors) -> _Model:
    """The ``_Model`` of a model's intercepts and weights."""
    get = lambda name: weights.get(name, (0.0, 0.0, 0.0))  # noqa: E731
    signs = ("neg", "pos")
    dims = vectors.matrix.shape[1]
    proj = np.stack([vectors.matrix.astype(np.float64) @ np.array([get(f"{g}:{k}") for k in range(dims)])
                     for g in VECTOR_GROUPS], axis=1)
    return _Model(np.array(intercept, dtype=float), weights,
                  np.array([[get(f"lex:{side}_{s}") for s in signs] for side in "lr"], dtype=float),
                  np.array([get(f"lex:clause_{s}") for s in signs], dtype=float), VECTOR * proj)


def _logits_of(feats: list[tuple[str, float, str]], weights: dict[str, list[float]]) -> list[float]:
    """The three logits ``feats`` add."""
    z = [0.0, 0.0, 0.0]
    _add(feats, weights, z, {})
    return z


def _word_logits(w: str, model: _Model, vocab: _Vocab) -> list[float]:
    """The ``WORD_COLUMNS`` of word ``w``: the logits it adds as a sentence word outside the mention (``common``
    without the lexicon), as a word left and right of it (``local_features``: the word and its classes) and
    in it; its vector row; whether it ends a clause."""
    classes, end = _word(w, vocab)[4], w in CLAUSE_END
    groups = [[(f"{side}:{w}", 1.0, w)] + [(f"{side}_{c}", WORD_CLASS, w) for c in classes] for side in ("l", "r")]
    common = [(f"w:{w}", SENTENCE_WORD, w)] + [(c, WORD_CLASS, w) for c in classes]
    out = [v for feats in (([], [], []) if end else (common, *groups)) for v in _logits_of(feats, model.weights)]
    return out + _logits_of([(f"t:{w}", 1.0, "")], model.weights) + [vocab.vectors.rows.get(w, -1), float(end)]


def _word_ids(words: list[str], model: _Model, vocab: _Vocab) -> np.ndarray:
    """The rows of ``model.table`` of ``words``, adding those of words it lacks."""
    get = model.ids.get
    ids = [get(w, -1) for w in words]
    if -1 in ids:
        new = list(dict.fromkeys(w for w, k in zip(words, ids) if k < 0))
        n = len(model.words)
        if n + len(new) > len(model.table):  # room for twice as many words
            model.table = np.concatenate([model.table, np.zeros((n + 2 * len(new), WORD_COLUMNS))])
        model.table[n:n + len(new)] = [_word_logits(w, model, vocab) for w in new]
        model.ids.update(zip(new, range(n, n + len(new))))
        model.words += new
        ids = [get(w) for w in words]
    return np.array(ids, dtype=np.intp)


def _lexicon_logits(pol: float, sources: tuple, model: _Model) -> tuple[float, ...]:
    """The logits of the common lexicon features of a word of polarity ``pol`` (memoised)."""
    found = model.lexicon.get((pol, sources))
    if found is None:
        sign = lambda p: "pos" if p > 0 else "neg"  # noqa: E731
        feats = [(f"lex:{sign(pol)}", abs(pol) * LEXICON, "")]
        feats += [(f"lex{k}:{sign(p)}", abs(p) * LEXICON, "") for k, p in enumerate(sources) if p]
        found = model.lexicon[pol, sources] = tuple(_logits_of(feats, model.weights))
    return found


def _logits(sents: list[_Sentence], mentions: list[tuple[int, int, int]], model: _Model,
            vocab: _Vocab, conv: Sequence[ConvPart] = ()) -> list[tuple[list[float], dict[str, float]]]:
    """Logits and evidence credits of each mention (its sentence's number in ``sents``, first and last token):
    the sums of ``_add(features(…))``, credits kept for the EVIDENCE strongest words of at least MIN_EVIDENCE
    and for every word pair and cue of several words. The features of every word are summed
    for all mentions at once, as arrays over the tokens of each mention's sentence; word pairs, cues and the
    mention's flags one mention at a time. With ``conv`` (the nets of the convolution part), each token's logits
    (``mention_conv.conv_elements``, summed over the nets, same element order) are added and credited to its word."""
    ids = _word_ids([w for s in sents for w in s.words], model, vocab)
    table = model.table[ids]  # per token of ``sents``
    rows, clause = table[:, 12].astype(np.intp), np.cumsum(table[:, 13])  # clause: equal in a clause of a sentence
    offsets = np.cumsum([0] + [len(s.words) for s in sents])
    polar = [(offset + k, s.polarity[k], s.sources[k], s.words[k] in CLAUSE_END)
             for s, offset in zip(sents, offsets.tolist()) for k in s.polar]
    pol = np.zeros(len(ids))
    if polar:  # a polar word's common lexicon features (none for a clause end)
        at = [k for k, _, _, _ in polar]
        pol[at] = [p for _, p, _, _ in polar]
        known = model.lexicon.get
        table[at, :3] += [(0.0, 0.0, 0.0) if end else known((p, sources)) or _lexicon_logits(p, sources, model)
                          for _, p, sources, end in polar]
    where = np.array(mentions, dtype=np.intp).reshape(-1, 3)
    lens = offsets[where[:, 0] + 1] - offsets[where[:, 0]]
    starts = np.cumsum(lens) - lens  # each mention's first element
    pair = np.repeat(np.arange(len(where)), lens)
    i = np.arange(lens.sum()) - starts[pair]  # token number in the sentence
    tok = offsets[where[pair, 0]] + i
    first, last = where[pair, 1], where[pair, 2]
    inside, left, right = (first <= i) & (i <= last), (first - NEAR <= i) & (i < first), (last < i) & (i <= last + NEAR)
    words = table[tok]
    z = np.where(inside, 0.0, 1.0)[:, None] * words[:, :3] + left[:, None] * words[:, 3:6] + right[:, None] * words[:, 6:9]
    p = pol[tok]
    polar, sign, side = (p != 0) & ~inside, (p > 0).astype(np.intp), (i > last).astype(np.intp)
    strength = np.where(polar, np.abs(p) * LEXICON, 0.0)
    dist = np.maximum(np.where(side == 1, i - last, first - i), 0)  # 0 inside the mention
    z += (strength / (1 + dist / NEAR))[:, None] * model.sides[side, sign]
    z += (strength * (clause[tok] == clause[tok - i + first]))[:, None] * model.clause[sign]
    has = rows[tok] >= 0
    groups = np.stack([left, right, ~inside, inside], axis=1) & has[:, None]  # the VECTOR_GROUPS
    shares = groups / np.maximum(np.add.reduceat(groups, starts, axis=0, dtype=float), 1)[pair]
    z += np.einsum("eg,egk->ek", shares, model.projections[rows[tok]])
    extras = [_local_extras(sents[s], a, b, model.weights) for s, a, b in where.tolist()]
    cues = [(start + a, logits) for start, (_, _, found) in zip(starts.tolist(), extras) for a, logits in found]
    if cues:
        np.add.at(z, [k for k, _ in cues], [logits for _, logits in cues])
    if conv:
        z += conv_elements(sents, where, conv, vocab.vectors.matrix, rows)
    credit = z[:, 2] - z[:, 0]
    z += inside[:, None] * words[:, 9:12]
    logits = np.add.reduceat(z, starts, axis=0) + [add for add, _, _ in extras] + model.intercept
    for net in conv:
        logits += net.bias
    # each word's credit per mention; the EVIDENCE strongest of at least MIN_EVIDENCE, by mention
    size = len(model.words)
    keys, inverse = np.unique(pair * size + ids[tok], return_inverse=True)
    sums = np.bincount(inverse, weights=credit, minlength=len(keys))
    shown = np.abs(sums) >= MIN_EVIDENCE
    keys, sums = keys[shown], sums[shown]
    order = np.lexsort((-np.abs(sums), keys // size))
    mention = keys[order] // size
    order = order[np.arange(len(order)) - np.searchsorted(mention, mention) < EVIDENCE]
    for key, value in zip(keys[order].tolist(), sums[order].tolist()):
        extras[key // size][1][model.words[key % size]] = value
    return [(row, credit) for row, (_, credit, _) in zip(logits.tolist(), extras)]


def _local_extras(sent: _Sentence, first: int, last: int, weights: dict[str, list[float]]
                  ) -> tuple[list[float], dict[str, float], list[tuple[int, list[float]]]]:
    """The features of ``local_features`` that ``_logits`` does not sum as arrays: the logits and credits of
    word pairs, cues of several words and the flags; and (token, logits) of each one-word cue."""
    words, get = sent.words, weights.get
    z, credit, cues = [0.0, 0.0, 0.0], {}, []
    for side, span in (("lb:", range(max(0, first - NEAR), first - 1)),
                       ("rb:", range(last + 1, min(len(words) - 1, last + NEAR + 1)))):
        for i in span:
            if words[i] not in CLAUSE_END:
                pair = f"{words[i]} {words[i + 1]}"
                w = get(side + pair)
                if w is not None:
                    z = [a + b for a, b in zip(z, w)]
                    credit[pair] = credit.get(pair, 0.0) + w[2] - w[0]
    for a, b, pol, role in sent.cues:
        if not first <= a <= last:
            w = get(f"cue:{'agent' if a > last else 'patient'}_as_{'agent' if role == 'actor' else role}")
            if w is None:
                continue
            if a == b:
                cues.append((a, [v * pol for v in w]))
            else:
                z = [x + v * pol for x, v in zip(z, w)]
                phrase = " ".join(words[a:b + 1])
                credit[phrase] = credit.get(phrase, 0.0) + (w[2] - w[0]) * pol
    speech = sent.speech
    for name, on in (("quoted", sent.quoted[first]), ("sentence_start", first == 0),
                     ("speaks", not speech.isdisjoint(words[last + 1:last + 4])
                      or not speech.isdisjoint(words[max(0, first - 2):first]))):
        if on and (w := get(name)) is not None:
            z = [a + b for a, b in zip(z, w)]
    return z, credit, cues


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
    """The generator of ``_scored``: ``BATCH`` pairs at a time, each text read once per batch."""
    knowledge = resolve(knowledge).snapshot()
    intercept, weights, _ = load_model(knowledge, model)
    conv = load_conv(knowledge, None if model is None else Path(model).parent)
    vocab = _vocab(knowledge)
    # the weights of ``knowledge`` stay alive while their id() is a key; a ``model`` file's do not
    arranged = vocab.models.get(id(weights)) if model is None else None
    if arranged is None:
        arranged = _model(intercept, weights, vocab.vectors)
        if model is None:
            vocab.models[id(weights)] = arranged
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
        scored = iter(_logits(sents, mentions, arranged, vocab, conv)) if mentions else iter(())
        for ok in found:
            yield _result(*next(scored)) if ok else (LABELS[1], 0.0, [])
