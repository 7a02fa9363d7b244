"""Stage 5 — sentiment of quotes: TextBlob, VADER and the news-aware combined ``score``.

Columns (helpers.frames.SENTIMENT_COLUMNS), each named after the engine that made it:

- ``textblob_polarity`` [-1, 1], ``textblob_subjectivity`` [0, 1], ``textblob_words``: TextBlob's
  pattern analyzer (the function behind ``TextBlob(t).sentiment``) and its assessments.
- ``vader_compound`` [-1, 1], ``vader_words``: VADER's compound score and the words of the text
  found in VADER's lexicon (valence / 4).
- ``score`` [-1, 1], ``score_words``: the newsvoices combined score, a small trained model
  (data/models/sentence_sentiment.json, model card in data/models/README.md, retrained by
  ``python -m helpers train``): clip(g × (``lexicon`` × the rule score + the learned weights of the text's
  words + the hit-vector term), -1, 1), g damping texts of more than LENGTH_REF words. The rule score (``lexicon_score``): one pass of our own scorer over the words reads
  each word's polarity in two general-purpose lexicons (both MIT) loaded at run time from installed
  packages (``GENERAL_LEXICONS``: VADER, TextBlob/pattern); terms of ``data/sentiment_lexicon.csv``
  (news) override both. Negators, polarity shifters, intensifiers and contrast words
  (``data/sentiment_*.csv``) modify the words; negators and 'but' also add a small tone of their
  own. A capitalised word inside a sentence is read as part of a name ("Justice Kennedy",
  "Freedom House") and carries no sentiment. Per lexicon the hits are summed (negative ones times
  NEGATIVE) and damped by sqrt(number of hits); the mean ``s`` over the lexicons, weighted by
  WEIGHTS, is squashed to ``s / sqrt(s² + ALPHA)``. The learned words (``word_features``) are each
  word, or the word marked negated within WINDOW tokens after a negator in its clause. Held-out
  numbers on human-rated news sentences: ``benchmarks/sentiment_benchmark.py``.
- ``engines_disagree``: TextBlob and VADER have opposite signs, each beyond ``DEAD_BAND``.
- ``*_words``: "phrase:+0.00, …", the words that moved the score, strongest first.

Speed: the combined score is cheap (tens of µs per sentence, a dictionary look-up per word for the
model); the two engines cost more. Use
``engines=("score",)`` or ``combined_score`` for large corpora; the frame columns of skipped
engines are then empty (NaN / None).
"""

import importlib.util
import json
import math
import operator
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import pandas as pd
import vaderSentiment.vaderSentiment as vader_module

from .frames import COLUMNS, SENTIMENT_COLUMNS
from .knowledge import Knowledge, resolve

if TYPE_CHECKING:
    from .mention_sentiment import WordVectors

T = TypeVar("T")


@cache
def _import_textblob_sentiment() -> Callable[[str], tuple[float, float]]:
    """TextBlob's ``en.sentiment``, imported on first use (importing TextBlob and NLTK costs ~0.35 s of CPU,
    which runs with only the combined score, ``--fast``, never need) and without scipy.stats: TextBlob
    imports NLTK, whose collocation metrics import scipy.stats when it is installed (adjustText brings it)
    only for a Fisher test we never use; that import cost ~0.45 s of CPU in every process. NLTK falls back
    to a stub when the import fails."""
    blocked = "scipy.stats" not in sys.modules
    if blocked:
        sys.modules["scipy.stats"] = None  # makes ``import scipy.stats`` raise ImportError
    try:
        from textblob.en import sentiment
    finally:
        if blocked and sys.modules.get("scipy.stats", 0) is None:
            del sys.modules["scipy.stats"]
    return sentiment


def textblob_sentiment(text: str) -> tuple[float, float]:
    """``TextBlob(text).sentiment``: (polarity, subjectivity), with ``.assessments``."""
    return _import_textblob_sentiment()(text)

ENGINES = ("textblob", "vader", "score")
ALPHA = 1.0  # squashing constant: a damped sum of 1 gives a score of 1/sqrt(1 + ALPHA)
NEGATIVE = 1.3  # negative hits weigh this much more than positive ones (news readers' negativity bias)
DEAD_BAND = 0.05  # |engine score| below this is neutral when checking engines_disagree
MIN_QUOTES = 3  # speakers with fewer scored quotes are flagged too_few
WINDOW = 3  # negators and intensifiers reach this many tokens ahead, within a clause
UNRESOLVED = "(unresolved)"

NAME = "_"  # the token of a capitalised word inside a sentence: part of a name, no sentiment
# the capital first, then the look behind it: a pattern opening with a character class is scanned faster
NAME_RE = re.compile(r"[A-Z](?<=[A-Za-z0-9,;)%] [A-Z])[a-z]+(?:'s)?(?![A-Za-z'])")
TOKEN_RE = re.compile(r"[a-z]+(?:'[a-z]+)*|[,;:.!?_]")
CLAUSE_END = frozenset(",;:.!?")
CLAUSE, PHRASE = "clause end", "phrase start"  # token actions of ``Lexicon.action`` besides entries
SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""),
            ("ing", "e"), ("ly", ""))


def tokens(text: str) -> list[str]:
    """Lower-case word and clause-punctuation tokens; hyphens and other symbols separate words.

    A capitalised word that follows a word, number or comma inside a sentence is part of a name
    or title ("Justice Kennedy", "Ocean Spray", "Freedom House") and becomes the neutral NAME,
    unless most words of the text are capitalised (a headline in title case).
    """
    text = text.replace("\u2019", "'")
    masked, names = NAME_RE.subn(NAME, text)
    found = TOKEN_RE.findall(masked.lower())
    if names and 2 * names > len(found):
        return TOKEN_RE.findall(text.lower())
    return found


def package_file(package: str, *parts: str) -> Path:
    """A data file shipped inside an installed package, located without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the package {package!r} is not installed (see pyproject.toml)")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def vader_lexicon() -> dict[str, float]:
    """VADER's word valences (-4..4, crowd-rated) divided by 4."""
    lines = package_file("vaderSentiment", "vader_lexicon.txt").read_text(encoding="utf-8").splitlines()
    return {word: float(valence) / 4 for word, valence, *_ in (line.split("\t") for line in lines)}


def textblob_lexicon() -> dict[str, float]:
    """TextBlob's (pattern's) adjective polarities (-1..1), averaged over word senses."""
    senses: dict[str, list[float]] = {}
    for entry in ET.parse(package_file("textblob", "en", "en-sentiment.xml")).getroot().iter("word"):
        senses.setdefault(entry.get("form").lower(), []).append(float(entry.get("polarity")))
    return {w: sum(p) / len(p) for w, p in senses.items()}


GENERAL_LEXICONS = {"vader": vader_lexicon, "textblob": textblob_lexicon}
# The weight of each general lexicon in the combined score (document-level cross-validation in
# benchmarks/sentiment_benchmark.py: VADER's crowd ratings are the most reliable on news).
WEIGHTS = {"vader": 2.0, "textblob": 1.0}


@dataclass
class Lexicon:
    """Word polarities (one per general lexicon, news terms overriding all) and modifiers of the
    combined score; phrases are keyed by first token."""

    words: dict[str, tuple[float, ...]]
    modifiers: dict[str, tuple]  # token -> ("neg", factor, tone) | ("int", mult) | ("con", before, after, scope, tone)
    phrases: dict[str, list[tuple[tuple[str, ...], tuple]]]  # first token -> [(tokens, entry)]
    zero: tuple[float, ...]
    negators: frozenset[str] = frozenset()  # one-token negators (the reach of ``word_features``)
    memo: dict[str, tuple[float, ...]] = field(default_factory=dict)
    singles: dict[str, tuple | None] = field(default_factory=dict)
    actions: dict[str, object] = field(default_factory=dict)

    def polarity(self, token: str) -> tuple[float, ...]:
        """Polarities of a token, falling back to its base form for common inflections."""
        if token in self.memo:
            return self.memo[token]
        value = self.words.get(token)
        if value is None:
            value = next((self.words[base] for suffix, repl in SUFFIXES
                          if len(token) > len(suffix) + 2 and token.endswith(suffix)
                          and (base := token[: -len(suffix)] + repl) in self.words), self.zero)
        self.memo[token] = value
        return value

    def action(self, token: str) -> object:
        """What ``_hits`` does with a token: CLAUSE (it ends a clause), PHRASE (a lexicon phrase may
        start here), its ``single`` entry, or None (neutral); memoised in ``actions``."""
        act = CLAUSE if token in CLAUSE_END else PHRASE if token in self.phrases else self.single(token)
        self.actions[token] = act
        return act

    def single(self, token: str) -> tuple | None:
        """The entry of a token read alone (a modifier, or its polarities); None when it moves nothing."""
        if token in self.singles:
            return self.singles[token]
        entry = self.modifiers.get(token)
        if entry is None and token.endswith("n't"):
            entry = self.modifiers.get("n't")
        if entry is None:
            pol = self.polarity(token)
            entry = ("word", pol) if any(pol) else None
        self.singles[token] = entry
        return entry


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, comment="#", skipinitialspace=True, dtype={0: str})


LEXICON_TABLES = ("sentiment_lexicon.csv", "sentiment_negators.csv", "sentiment_intensifiers.csv",
                  "sentiment_contrast.csv")


def load_lexicon(sources: tuple[str, ...] = tuple(GENERAL_LEXICONS), knowledge: Knowledge | None = None) -> Lexicon:
    """The combined lexicon of the general lexicons ``sources`` and the news tables of ``knowledge``
    (default: ``data/``), built once per content of those tables."""
    return resolve(knowledge).load(LEXICON_TABLES, _parse_lexicon, tuple(sources))


def _parse_lexicon(news: Path, negators: Path, intensifiers: Path, contrast: Path,
                   sources: tuple[str, ...]) -> Lexicon:
    general = [GENERAL_LEXICONS[name]() for name in sources]
    words = {w: tuple(lex.get(w, 0.0) for lex in general) for w in set().union(*general)}
    entries: dict[tuple[str, ...], tuple] = {}
    for term, pol in _read_csv(news)[["term", "polarity"]].itertuples(index=False):
        toks = tuple(tokens(term))
        if len(toks) == 1:
            words[toks[0]] = (float(pol),) * len(general)
        else:
            entries[toks] = ("word", (float(pol),) * len(general))
    for word, factor, tone in _read_csv(negators).itertuples(index=False):
        entries[tuple(tokens(word))] = ("neg", float(factor), float(tone))
    for word, mult in _read_csv(intensifiers).itertuples(index=False):
        entries[tuple(tokens(word))] = ("int", float(mult))
    for word, before, after, scope, tone in _read_csv(contrast).itertuples(index=False):
        entries[tuple(tokens(word))] = ("con", float(before), float(after), scope.strip(), float(tone))
    modifiers, phrases = {}, {}
    for toks, entry in entries.items():
        if len(toks) > 1:
            phrases.setdefault(toks[0], []).append((toks, entry))
        else:
            modifiers[toks[0]] = entry
    for heads in phrases.values():
        heads.sort(key=lambda p: -len(p[0]))
    negators = frozenset(t for t, entry in modifiers.items() if entry[0] == "neg")
    return Lexicon(words, modifiers, phrases, (0.0,) * len(general), negators)


def _match(toks: list[str], i: int, lex: Lexicon) -> tuple[int, tuple | None]:
    """Length and entry of the longest lexicon item starting at ``toks[i]`` (None: a neutral word)."""
    t = toks[i]
    for ptoks, entry in lex.phrases.get(t, ()):
        if tuple(toks[i:i + len(ptoks)]) == ptoks:
            return len(ptoks), entry
    return 1, lex.single(t)


def _hits(text: str, lex: Lexicon) -> list[list]:
    """``_token_hits`` of the tokens of ``text``."""
    return _token_hits(tokens(text), lex)


def _token_hits(toks: list[str], lex: Lexicon) -> list[list]:
    """[phrase, weight, polarities] for every sentiment-bearing item of ``toks``, in order; the
    item's polarity in general lexicon k is weight * polarities[k].

    A negator or intensifier modifies the sentiment words up to WINDOW tokens later in its clause
    (an intensifier only the first); one that modifies nothing counts with its own polarity.
    A negator's ``tone`` is added as a hit of its own only when it negates a sentiment word (a bare
    "they have not changed" stays neutral); a contrast word's ``tone`` always.
    """
    hits: list[list] = []
    neg = boost = None  # [factor, phrase, tokens left, own hit or None until used]
    sentence_w = clause_w = 1.0

    def close(state: list | None) -> None:
        if state and state[3]:
            hits.append(state[3])

    actions, skip = lex.actions, 0
    for i, t in enumerate(toks):
        if skip:  # inside a phrase already read
            skip -= 1
            continue
        act = actions[t] if t in actions else lex.action(t)
        if act is None:  # a neutral word: it only uses up the reach of a pending negator or intensifier
            if neg is None and boost is None:
                continue
            size = 1
        elif act is CLAUSE:
            if neg or boost:
                close(neg), close(boost)
                neg = boost = None
            clause_w = 1.0
            continue
        else:
            size, entry = _match(toks, i, lex) if act is PHRASE else (1, act)
        if act is not None and entry is not None:
            phrase = t if size == 1 else " ".join(toks[i:i + size])
            kind = entry[0]
            if kind in ("neg", "int"):
                own = lex.words.get(phrase)
                weight = sentence_w * clause_w * (neg[0] if kind == "int" and neg else 1.0)
                state = [entry[1], phrase, WINDOW + 1, [phrase, weight, own] if own and any(own) else None]
                if kind == "neg":
                    close(neg)
                    neg = state + [[f"({phrase})", sentence_w * clause_w, (entry[2],) * len(lex.zero)]
                                   if entry[2] else None]
                else:
                    close(boost)
                    boost = state
            elif kind == "con":
                _, before, after, scope, tone = entry
                if tone:
                    hits.append([f"({phrase})", 1.0, (tone,) * len(lex.zero)])
                if scope == "clause":
                    clause_w = after
                else:
                    for hit in hits:
                        hit[1] *= before
                    sentence_w *= after
            elif any(entry[1]):
                weight, label = sentence_w * clause_w, phrase
                if boost:
                    weight, label, boost = weight * boost[0], f"{boost[1]} {label}", None
                if neg:
                    weight, label, neg[3] = weight * neg[0], f"{neg[1]} {label}", None
                    if neg[4]:  # the negator's own tone counts once, when it negates a sentiment word
                        hits.append(neg[4])
                        neg[4] = None
                hits.append([label, weight, entry[1]])
        skip = size - 1
        if neg is None and boost is None:
            continue
        for state in (neg, boost):
            if state:
                state[2] -= size
        if neg and neg[2] <= 0:
            close(neg)
            neg = None
        if boost and boost[2] <= 0:
            close(boost)
            boost = None
    close(neg), close(boost)
    return hits


def _squash(hits: list[list], alpha: float, weights: Sequence[float], negative: float) -> float:
    """Per general lexicon, the sum of its hits (negative ones times ``negative``) damped by
    sqrt(its number of hits) so long quotes do not saturate; the mean over lexicons weighted by
    ``weights``, squashed into [-1, 1] by s / sqrt(s² + alpha)."""
    if not hits:
        return 0.0
    total = 0.0
    for k, weight in enumerate(weights):
        values = [w * pol[k] for _, w, pol in hits if pol[k]]
        if values:
            damped = sum(v * negative if v < 0 else v for v in values) / math.sqrt(len(values))
            total += weight * damped
    total /= sum(weights)
    return total / math.sqrt(total * total + alpha)


def _shares(hits: list[list], score: float, weights: Sequence[float], negative: float) -> list[float]:
    """Each hit's part of ``score`` (a ``_squash`` of ``hits``): its share of the sum before squashing."""
    parts = [0.0] * len(hits)
    for k, weight in enumerate(weights):
        found = [i for i, (_, _, pol) in enumerate(hits) if pol[k]]
        for i in found:
            v = hits[i][1] * hits[i][2][k]
            parts[i] += weight * (v * negative if v < 0 else v) / math.sqrt(len(found))
    total = sum(parts)
    return [p / total * score for p in parts] if total else parts


def _words(pairs: Iterable[tuple[str, float]]) -> str:
    """'phrase:+0.00, …' strongest first; '' when nothing moved the score."""
    return ", ".join(f"{w}:{v:+.2f}" for w, v in sorted(pairs, key=lambda p: -abs(p[1])) if v)


def lexicon_score(texts: Sequence[str], alpha: float = ALPHA,
                  sources: tuple[str, ...] = tuple(GENERAL_LEXICONS),
                  weights: Sequence[float] | None = None, negative: float = NEGATIVE,
                  knowledge: Knowledge | None = None) -> list[float]:
    """The rule score of each text in [-1, 1], the model's ``lexicon`` input. ``weights`` (one per
    source, default WEIGHTS) and ``negative`` are parameters for benchmarks that fit them."""
    lex = load_lexicon(sources, knowledge)
    weights = tuple(weights or (WEIGHTS[name] for name in sources))
    return [_squash(_hits(t, lex), alpha, weights, negative) for t in texts]


@dataclass
class SentenceModel:
    """The trained combined score (data/models/sentence_sentiment.json, written by helpers/sentence_train.py):
    clip(g × (``lexicon`` × the rule score + the weights of the text's learned words + the hit-vector
    term), -1, 1), g = (alphabetic words / LENGTH_REF) ** -``damping`` beyond LENGTH_REF words, else 1 (long
    texts: their learned words add up, but human raters do not rate them further from neutral). A word's weight
    is its learned weight plus its ``induced`` weight (the model's weight of the induced lexicon,
    data/models/induced_lexicon.csv, times the word's polarity there; negated within a negator's reach).
    The hit-vector term: the mean over the words of the lexicon hits of each word's ``projection`` (its
    GloVe vector times the model's ``vector`` weights) times its hit's signed strength (``hit_words``), plus
    each lexicon hit's learned weight (``hits``, by phrase) times its strength (``hit_strengths``), over the
    hits of sentiment words (not the own tone of a negator or of "but") for each two successive ones the
    ``pairs`` weight of their signs (−−, −+, +−, ++) plus its last weight times the product of their strengths,
    and the ``ends`` weights times the strengths of the first, the last, the second and the second-to-last one
    (0 where there is none; ``end_strengths``). The word classes of data/word_classes.csv have learned weights too
    (``classes``: each word form's summed class weights), added to a word's weight like ``induced``."""

    lexicon: float
    words: dict[str, float]  # "w:word" -> weight; "n:word": the word within a negator's reach
    meta: dict
    induced: dict[str, float] = field(default_factory=dict)  # word -> induced weight x its induced polarity
    damping: float = 0.0
    projection: dict[str, float] = field(default_factory=dict)  # word -> its vector times the ``vector`` weights
    hits: dict[str, float] = field(default_factory=dict)  # lexicon hit phrase -> weight (times its strength)
    pairs: tuple[float, ...] = ()  # successive hits: weights of their signs −−, −+, +−, ++ and of their product
    ends: tuple[float, ...] = ()  # weights of the strengths of the first, last, second and second-to-last hit
    classes: dict[str, float] = field(default_factory=dict)  # word form -> the summed weights of its word classes
    plain: dict[str, float] = field(default_factory=dict)  # word -> its "w:" weight
    negated: dict[str, float] = field(default_factory=dict)  # word -> its "n:" weight
    tables: dict = field(default_factory=dict)  # id(lexicon) -> ``_learned`` table; (id, "hits") -> ``_hit_term``

    def __post_init__(self) -> None:
        self.plain = dict(self.induced)  # the induced lexicon's words first (most words), then the others added
        self.negated = _times(self.induced, -1.0)
        for table, key in ((self.plain, "w:"), (self.negated, "n:")):
            for k, v in self.words.items():
                if k.startswith(key):
                    table[k[2:]] = table.get(k[2:], 0.0) + v
        for word, value in self.classes.items():
            self.plain[word] = self.plain.get(word, 0.0) + value
            self.negated[word] = self.negated.get(word, 0.0) - value

    def weight(self, key: str) -> float:
        """The weight of a learned-word feature "w:word" or "n:word" (learned plus induced plus classes)."""
        return (self.plain if key[0] == "w" else self.negated).get(key[2:], 0.0)


MODEL = "models/sentence_sentiment.json"
INDUCED = "models/induced_lexicon.csv"
VECTORS = ("models/word_vectors.json", "models/word_vectors.npy")  # as in helpers/mention_sentiment.py
LENGTH_REF = 20  # texts of more alphabetic words than this are damped
CLASSES = "word_classes.csv"  # word classes (shared with helpers/mention_sentiment.py)


def load_model(knowledge: Knowledge | None = None) -> SentenceModel:
    """The ``models/sentence_sentiment.json`` of ``knowledge`` (default: ``data/``), with its induced lexicon,
    the word vectors its hit-vector term reads and the word classes."""
    return resolve(knowledge).load((MODEL, INDUCED, *VECTORS, CLASSES), _read_model)


def class_forms(path: Path) -> dict[str, tuple[str, ...]]:
    """{word form: its classes} of data/word_classes.csv (columns word, classes): each listed word and the
    inflections (SUFFIXES) that fall back to it, as the lexicon reads them (a listed form keeps its own)."""
    table = _read_csv(path).fillna("")
    listed: dict[str, set[str]] = {}
    for word, names in table[["word", "classes"]].itertuples(index=False):
        listed.setdefault(str(word).strip().lower(), set()).update(names.split())
    forms = {w: tuple(sorted(c)) for w, c in listed.items()}
    for base, found in list(forms.items()):
        for suffix, repl in SUFFIXES:
            if base.endswith(repl):
                form = base[: len(base) - len(repl)] + suffix
                if len(form) > len(suffix) + 2 and form not in listed and _fallback(form, listed) == base:
                    forms[form] = found
    return forms


def _fallback(form: str, listed: dict) -> str | None:
    """The listed base form ``form`` falls back to (the first SUFFIXES rule that reaches one)."""
    return next((base for suffix, repl in SUFFIXES if len(form) > len(suffix) + 2 and form.endswith(suffix)
                 and (base := form[: -len(suffix)] + repl) in listed), None)


def read_induced(path: Path) -> dict[str, float]:
    """{word: polarity} of an induced lexicon (columns word, polarity of alphabetic words; ``#`` lines are
    comments), read without pandas: its 100,000 rows are read by every process that scores text."""
    lines = [line for line in Path(path).read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    if lines[0].replace(" ", "") != "word,polarity":
        raise ValueError(f"{path}: the header must be 'word,polarity', not {lines[0]!r}")
    cells = ",".join(lines[1:]).split(",")
    return dict(zip(cells[0::2], map(float, cells[1::2])))


def projection(vectors: "WordVectors", weights: Sequence[float]) -> dict[str, float]:
    """{alphabetic word: its vector times ``weights``}: what each hit word adds to the hit-vector term."""
    words = [w for w in vectors.rows if w.isalpha()]
    values = vectors.matrix[[vectors.rows[w] for w in words]].astype(np.float64) @ np.asarray(weights, dtype=np.float64)
    return dict(zip(words, values.tolist()))


def _times(table: dict[str, float], k: float) -> dict[str, float]:
    """{word: value × ``k``}, multiplied by numpy (the same float products as in Python, at C speed)."""
    return dict(zip(table, (np.fromiter(table.values(), np.float64, len(table)) * k).tolist()))


def _read_model(path: Path, induced: Path, words: Path, matrix: Path, classes: Path) -> SentenceModel:
    from .mention_sentiment import read_vectors  # that module imports this one
    model = json.loads(Path(path).read_text(encoding="utf-8"))
    weight = float(model.get("induced", 0.0))
    vector = model.get("vector")
    return SentenceModel(float(model["lexicon"]), {k: float(v) for k, v in model["words"].items()},
                         model.get("meta", {}),
                         _times(read_induced(induced), weight) if weight else {},
                         float(model.get("damping", 0.0)),
                         projection(read_vectors(words, matrix), vector) if vector else {},
                         {k: float(v) for k, v in model.get("hits", {}).items()}, tuple(model.get("pairs", ())),
                         tuple(model.get("ends", ())), class_weights(class_forms(classes), model.get("classes", {})))


def class_weights(forms: dict[str, tuple[str, ...]], weights: dict[str, float]) -> dict[str, float]:
    """{word form: the sum of ``weights`` of its classes} (forms whose classes have no weight left out)."""
    out = {w: sum(weights.get(c, 0.0) for c in found) for w, found in forms.items()}
    return {w: v for w, v in out.items() if v}


def word_features(toks: list[str], lex: Lexicon) -> list[str]:
    """The learned-word feature of every word of ``toks``, in order: "w:word", or "n:word" for a word
    up to WINDOW tokens after a negator in its clause (the model learns "not helpful" apart from
    "helpful"). Negators, punctuation and names have none."""
    out = []
    reach = 0
    for t in toks:
        if t in CLAUSE_END:
            reach = 0
        elif _negator(t, lex):
            reach = WINDOW
        elif t != NAME:
            out.append(("n:" if reach > 0 else "w:") + t)
            reach -= 1
    return out


def _negator(token: str, lex: Lexicon) -> bool:
    return token in lex.negators or (token.endswith("n't") and "n't" in lex.negators)


def features(text: str, lex: Lexicon) -> tuple[list[list], float, list[str]]:
    """The model's inputs: the lexicon hits, the rule score and the learned-word features."""
    toks = tokens(text)
    hits = _token_hits(toks, lex)
    return hits, _squash(hits, ALPHA, tuple(WEIGHTS.values()), NEGATIVE), word_features(toks, lex)


def _text_factor(toks: list[str], damping: float) -> float:
    """``length_factor`` of a text's tokens (short texts are not counted)."""
    return 1.0 if len(toks) <= LENGTH_REF else length_factor(sum(map(str.isalpha, toks)), damping)


def length_factor(words: int, damping: float) -> float:
    """The combined score's damping of a text of ``words`` alphabetic tokens: 1 up to LENGTH_REF words,
    then (``words`` / LENGTH_REF) ** -damping."""
    return (words / LENGTH_REF) ** -damping if damping and words > LENGTH_REF else 1.0


def hit_words(hits: list[list], lex: Lexicon) -> list[tuple[str, float]]:
    """(word, signed strength) for each word of each lexicon hit but its negators and intensifiers: the
    hit's weight (negated: below 0) times its polarities averaged with WEIGHTS. The hit-vector input is
    the mean over the words that have a vector of strength × vector."""
    weights = tuple(WEIGHTS.values())
    total = sum(weights)
    out = []
    for phrase, w, pol in hits:
        words = [t for t in phrase.split() if t not in lex.modifiers and not _negator(t, lex)]
        if words:
            strength = w * sum(map(operator.mul, weights, pol)) / total
            out += [(t, strength) for t in words]
    return out


def hit_strengths(hits: list[list]) -> list[tuple[str, float]]:
    """(phrase, signed strength) of each lexicon hit whose strength is not 0: its weight (below 0 when
    negated) times its polarities averaged with WEIGHTS (what the model's ``hits`` weigh)."""
    weights = tuple(WEIGHTS.values())
    total = sum(weights)
    return [(phrase, s) for phrase, w, pol in hits if (s := w * sum(map(operator.mul, weights, pol)) / total)]


def word_strengths(strengths: list[tuple[str, float]], lex: Lexicon) -> list[tuple[str, float]]:
    """The ``hit_strengths`` of the sentiment words after the text's last contrast word with a tone of its own
    ("but", "however": what follows it is the point), without the own tone of a negator or contrast word
    ("(not)", "(but)"): what the model's ``pairs`` and ``ends`` read."""
    out: list[tuple[str, float]] = []
    for phrase, s in strengths:
        if phrase[0] != "(":
            out.append((phrase, s))
        elif _contrast(phrase, lex):
            out = []
    return out


def _contrast(phrase: str, lex: Lexicon) -> bool:
    """Whether a hit's phrase is the own tone of a contrast word ("(but)")."""
    return lex.modifiers.get(phrase[1:-1], ("",))[0] == "con"


def end_strengths(words: list[float]) -> tuple[float, float, float, float]:
    """The strengths of the first, the last, the second and the second-to-last of the sentiment-word hits
    ``words`` (0 where there is none)."""
    if not words:
        return 0.0, 0.0, 0.0, 0.0
    if len(words) == 1:
        return words[0], words[0], 0.0, 0.0
    return words[0], words[-1], words[1], words[-2]


def pair_sign(before: float, after: float) -> int:
    """The index in the model's ``pairs`` of two successive hits' signs: 0 −−, 1 −+, 2 +−, 3 ++."""
    return (0 if before < 0 else 2) + (0 if after < 0 else 1)


def _hit_term(hits: list[list], lex: Lexicon, model: SentenceModel, parts: dict[str, float] | None = None) -> float:
    """The terms of the combined score read from the lexicon hits: the hit-vector term, each hit's learned
    weight times its strength, the successive hits' ``pairs`` term and the first and last hits' ``ends``
    term; with ``parts``, each share of at least SHOWN is also added there (a pair's as "first + second")."""
    if not hits:
        return 0.0
    proj, known, pairs, ends = model.projection, model.hits, model.pairs, model.ends
    if parts is None:  # the fast path: ``hit_words`` read through a table without the modifiers
        table = model.tables.get((id(lex), "hits"))
        if table is None:
            table = model.tables[(id(lex), "hits")] = {
                w: v for w, v in proj.items() if w not in lex.modifiers and w not in lex.negators}
        weights = tuple(WEIGHTS.values())
        norm = sum(weights)
        total, n, learned, words = 0.0, 0, 0.0, []
        for phrase, w, pol in hits:
            strength = w * sum(map(operator.mul, weights, pol)) / norm
            if table:
                values = [table[t] for t in (phrase.split() if " " in phrase else (phrase,)) if t in table]
                if values:
                    total += strength * sum(values)
                    n += len(values)
            if strength:
                learned += known.get(phrase, 0.0) * strength
                if phrase[0] != "(":
                    words.append(strength)
                elif _contrast(phrase, lex):
                    words = []
        if words and ends:
            learned += sum(map(operator.mul, ends, end_strengths(words)))
            if pairs:
                for before, after in zip(words, words[1:]):
                    learned += pairs[pair_sign(before, after)] + pairs[4] * before * after
        return (total / n if n else 0.0) + learned
    found = [(t, s * proj[t]) for t, s in hit_words(hits, lex) if t in proj]
    shares = [(t, v / len(found)) for t, v in found]
    strengths = hit_strengths(hits)
    shares += [(phrase, known.get(phrase, 0.0) * s) for phrase, s in strengths]
    words = word_strengths(strengths, lex)
    if pairs:
        shares += [(f"{a} + {b}", pairs[pair_sign(x, y)] + pairs[4] * x * y) for (a, x), (b, y) in zip(words, words[1:])]
    if ends and words:
        at = [words[0][0], words[-1][0]] + ([words[1][0], words[-2][0]] if len(words) > 1 else [])
        shares += [(phrase, weight * value) for phrase, weight, value in zip(at, ends, end_strengths([v for _, v in words]))]
    for t, v in shares:
        if abs(v) >= SHOWN:
            parts[t] = parts.get(t, 0.0) + v
    return sum(v for _, v in shares)


def _model_score(lexicon: float, keys: list[str], hits: list[list], factor: float, lex: Lexicon,
                 model: SentenceModel) -> float:
    z = factor * (model.lexicon * lexicon + sum(map(model.weight, keys)) + _hit_term(hits, lex, model))
    return max(-1.0, min(1.0, z))


SHOWN = 0.005  # learned weights below this move the score but are not listed in ``score_words``


_RESET, _OPEN, _SKIP = object(), object(), object()  # ``_learned`` table entries: clause end, negator, name


def _learned(toks: list[str], lex: Lexicon, model: SentenceModel, parts: dict[str, float] | None = None) -> float:
    """The sum of the learned weights of ``word_features(toks, lex)``, read through a per-token table;
    with ``parts``, each word's weight of at least SHOWN is also added there ("word (negated)" within a
    negator's reach)."""
    if parts is None and lex.negators.isdisjoint(toks) and "n't" not in "".join(toks):
        return sum(filter(None, map(model.plain.get, toks)))  # no negator: the plain weights, summed in C
    table = model.tables.get(id(lex))
    if table is None:
        table = model.tables[id(lex)] = {}
    total, reach = 0.0, 0
    for t in toks:
        entry = table.get(t)
        if entry is None:
            entry = table[t] = (_RESET if t in CLAUSE_END else _OPEN if _negator(t, lex) else _SKIP if t == NAME
                                else (model.plain.get(t, 0.0), model.negated.get(t, 0.0)))
        if entry is _RESET:
            reach = 0
        elif entry is _OPEN:
            reach = WINDOW
        elif entry is not _SKIP:
            weight = entry[1] if reach > 0 else entry[0]
            reach -= 1
            total += weight
            if parts is not None and (weight >= SHOWN or weight <= -SHOWN):
                label = f"{t} (negated)" if reach >= 0 else t
                parts[label] = parts.get(label, 0.0) + weight
    return total


def combined_score(texts: Sequence[str], knowledge: Knowledge | None = None) -> list[float]:
    """The fast path: only the combined ``score`` of each text, in [-1, 1]."""
    lex, model = load_lexicon(knowledge=knowledge), load_model(knowledge)
    weights, scale, damping, out = tuple(WEIGHTS.values()), model.lexicon, model.damping, []
    for text in texts:
        toks = tokens(text)
        hits = _token_hits(toks, lex)
        z = (scale * _squash(hits, ALPHA, weights, NEGATIVE) + _learned(toks, lex, model)
             + _hit_term(hits, lex, model))
        z *= _text_factor(toks, damping)
        out.append(max(-1.0, min(1.0, z)))
    return out


def combined_with_words(text: str, knowledge: Knowledge | None = None) -> tuple[float, str]:
    """The combined ``score`` of one text and the words that drove it."""
    return _combined_with_words(text, load_lexicon(knowledge=knowledge), load_model(knowledge))


def _combined_with_words(text: str, lex: Lexicon, model: SentenceModel) -> tuple[float, str]:
    """The score and its evidence, each part times the length factor: each lexicon hit's share of the rule
    score times the model's ``lexicon`` weight, each learned word's weight ("word (negated)" within a
    negator's reach) and each hit word's share of the hit-vector term."""
    toks = tokens(text)
    hits = _token_hits(toks, lex)
    weights = tuple(WEIGHTS.values())
    rule = _squash(hits, ALPHA, weights, NEGATIVE)
    parts: dict[str, float] = {}
    if hits:
        for (phrase, _, _), share in zip(hits, _shares(hits, rule, weights, NEGATIVE)):
            parts[phrase] = parts.get(phrase, 0.0) + model.lexicon * share
    z = model.lexicon * rule + _learned(toks, lex, model, parts) + _hit_term(hits, lex, model, parts)
    factor = _text_factor(toks, model.damping)
    return max(-1.0, min(1.0, z * factor)), _words((w, v * factor) for w, v in parts.items())


@cache
def vader_analyzer() -> vader_module.SentimentIntensityAnalyzer:
    """One shared VADER analyzer (it loads its lexicon files on creation)."""
    return vader_module.SentimentIntensityAnalyzer()


def vader_with_words(text: str) -> tuple[float, str]:
    """VADER's compound score and the words of ``text`` found in VADER's lexicon."""
    analyzer = vader_analyzer()
    found = {t: analyzer.lexicon[t] / 4 for t in tokens(text) if t in analyzer.lexicon}
    return analyzer.polarity_scores(text)["compound"], _words(found.items())


def textblob_with_words(text: str) -> tuple[float, float, str]:
    """TextBlob's polarity, subjectivity and assessed words (one call of its pattern analyzer)."""
    result = textblob_sentiment(text)
    polarity, subjectivity = result
    return polarity, subjectivity, _words((" ".join(a[0]), a[1]) for a in result.assessments)


def _disagree(blob: float, vader: float) -> bool:
    return (blob > DEAD_BAND and vader < -DEAD_BAND) or (blob < -DEAD_BAND and vader > DEAD_BAND)


def score_texts(texts: Sequence[str], engines: Sequence[str] = ENGINES,
                knowledge: Knowledge | None = None) -> pd.DataFrame:
    """One row per text with the SENTIMENT_COLUMNS; engines left out of ``engines`` stay empty."""
    texts = ["" if t is None else str(t) for t in texts]
    cols: dict[str, list] = {c: [None] * len(texts) for c in SENTIMENT_COLUMNS}
    if "textblob" in engines:
        rows = _once_each(textblob_with_words, texts)
        cols["textblob_polarity"], cols["textblob_subjectivity"], cols["textblob_words"] = (
            map(list, zip(*rows)) if rows else ([], [], []))
    if "vader" in engines:
        rows = _once_each(vader_with_words, texts)
        cols["vader_compound"], cols["vader_words"] = map(list, zip(*rows)) if rows else ([], [])
    if "score" in engines:
        lex, model = load_lexicon(knowledge=knowledge), load_model(knowledge)
        rows = _once_each(lambda t: _combined_with_words(t, lex, model), texts)
        cols["score"], cols["score_words"] = map(list, zip(*rows)) if rows else ([], [])
    if "textblob" in engines and "vader" in engines:
        cols["engines_disagree"] = [_disagree(b, v) for b, v in
                                    zip(cols["textblob_polarity"], cols["vader_compound"])]
    frame = pd.DataFrame(cols, columns=SENTIMENT_COLUMNS)
    numeric = ["textblob_polarity", "textblob_subjectivity", "vader_compound", "score"]
    frame[numeric] = frame[numeric].astype(float)
    return frame


def _once_each(score: Callable[[str], T], texts: list[str]) -> list[T]:
    """``score`` of each of ``texts``, a text given several times (a repeated quote) scored once."""
    scored = {t: score(t) for t in dict.fromkeys(texts)}
    return [scored[t] for t in texts]


def quote_sentiment(quotes: pd.DataFrame, engines: Sequence[str] = ENGINES,
                    knowledge: Knowledge | None = None) -> pd.DataFrame:
    """The ``sentiment`` frame: every quote's identity columns plus the SENTIMENT_COLUMNS."""
    ids = quotes.reindex(columns=COLUMNS["sentiment"]).reset_index(drop=True)
    return pd.concat([ids, score_texts(ids["text"].tolist(), engines, knowledge)], axis=1)


def bootstrap_interval(values: np.ndarray, seed: int = 0, n_boot: int = 2000,
                       level: float = 0.90) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean; NaN for fewer than two values."""
    return bootstrap_intervals([values], seed, n_boot, level)[0]


BOOTSTRAP_BATCH = 2**18  # resampled values held in memory at once by ``bootstrap_intervals`` (small blocks stay
#                         in the allocator's reused memory: 4M-value blocks cost ~0.5 s of page faults per run)


def bootstrap_intervals(samples: Sequence[np.ndarray], seed: int = 0, n_boot: int = 2000,
                        level: float = 0.90) -> list[tuple[float, float]]:
    """``bootstrap_interval`` of every sample, each as if drawn by its own generator seeded with ``seed``:
    samples of one size share those draws, so they are resampled together."""
    out = [(math.nan, math.nan)] * len(samples)
    by_size: dict[int, list[int]] = {}
    for k, values in enumerate(samples):
        if len(values) >= 2:
            by_size.setdefault(len(values), []).append(k)
    for n, members in by_size.items():
        if n_boot * n > BOOTSTRAP_BATCH:  # a large sample: resample it in blocks of replicates (flat memory)
            for k in members:
                out[k] = _blocked_interval(np.asarray(samples[k], dtype=float), seed, n_boot, level)
            continue
        draws = np.random.default_rng(seed).integers(0, n, (n_boot, n))
        step = max(1, BOOTSTRAP_BATCH // (n_boot * n))
        for i in range(0, len(members), step):
            batch = members[i:i + step]
            stacked = np.array([samples[k] for k in batch], dtype=float)
            means = np.take(stacked, draws, axis=1).mean(axis=2)  # contiguous rows: sums as for one sample
            low, high = np.quantile(means, [(1 - level) / 2, (1 + level) / 2], axis=1)
            for k, lo, hi in zip(batch, low.tolist(), high.tolist()):
                out[k] = (lo, hi)
    return out


def _blocked_interval(values: np.ndarray, seed: int, n_boot: int, level: float) -> tuple[float, float]:
    """The bootstrap interval of one large sample, drawn ``BOOTSTRAP_BATCH`` indices at a time."""
    rng, n = np.random.default_rng(seed), len(values)
    block = max(1, BOOTSTRAP_BATCH // n)
    means = np.concatenate([values[rng.integers(0, n, (min(block, n_boot - i), n))].mean(axis=1)
                            for i in range(0, n_boot, block)])
    low, high = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return float(low), float(high)


def _side(sides: list) -> object:
    """The most frequent known side (the first in sort order on ties), None when none is known."""
    counts: dict = {}
    for side in sides:
        counts[side] = counts.get(side, 0) + 1
    if not counts:
        return None
    top = max(counts.values())
    return min(side for side, c in counts.items() if c == top)


def _nanmean(values: np.ndarray) -> float:
    """Mean of the non-NaN values (NaN when there are none), as pandas computes it."""
    missing = np.isnan(values)
    count = len(values) - int(missing.sum())
    return float(np.where(missing, 0.0, values).sum() / count) if count else math.nan


def _floats(column: pd.Series) -> np.ndarray:
    return column.astype(float).to_numpy(dtype=float)


def speaker_sentiment(sentiment: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """Per (article, speaker) and per ("ALL", speaker): n, mean score with a bootstrap 90% interval,
    the engines' means, the share of engine disagreements and ``too_few`` (n < MIN_QUOTES).

    Quotes without a resolved speaker are grouped as "(unresolved)". Every group's bootstrap uses
    its own generator seeded with ``seed``, so results do not depend on grouping order.
    """
    totals = SpeakerSentiment(seed)
    totals.add(sentiment)
    return totals.frame()


@dataclass
class SpeakerSentiment:
    """``speaker_sentiment`` built chunk by chunk: ``add`` the sentiment rows of whole articles, in
    corpus order, then ``frame()``. Article rows are computed as each chunk comes; the corpus ("ALL")
    rows keep only each speaker's numbers, so memory grows with the number of quotes, not their text."""

    seed: int = 0
    rows: list[tuple] = field(default_factory=list)  # article rows, as tuples of the frame's columns
    corpus: dict[str, list[tuple[np.ndarray, ...]]] = field(default_factory=dict)  # speaker -> per-chunk columns
    sides: dict[str, list] = field(default_factory=dict)

    def add(self, sentiment: pd.DataFrame) -> None:
        """Add the sentiment rows of some articles (every row of each of them)."""
        scored = sentiment[sentiment["score"].notna()]
        if scored.empty:
            return
        speakers = [UNRESOLVED if missing else s for s, missing in
                    zip(scored["speaker"].tolist(), scored["speaker"].isna().tolist())]
        sides = [None if missing else s for s, missing in
                 zip(scored["side"].tolist(), scored["side"].isna().tolist())]
        columns = tuple(_floats(scored[c]) for c in ("score", "textblob_polarity", "vader_compound",
                                                      "engines_disagree"))
        members: dict[tuple, list[int]] = {}
        for i, key in enumerate(zip(scored["article_id"].astype(object).tolist(), speakers)):
            members.setdefault(key, []).append(i)
        cols = COLUMNS["speaker_sentiment"]
        self.rows += [tuple(row[c] for c in cols) for row in _group_rows(members, columns, sides, self.seed)]
        by_speaker: dict[str, list[int]] = {}
        for i, speaker in enumerate(speakers):
            by_speaker.setdefault(speaker, []).append(i)
        for speaker, idx in by_speaker.items():
            rows = np.array(idx)
            self.corpus.setdefault(speaker, []).append(tuple(column[rows] for column in columns))
            self.sides.setdefault(speaker, []).extend(sides[i] for i in idx)

    def frame(self) -> pd.DataFrame:
        """The ``speaker_sentiment`` frame of everything added, rows sorted by (article_id, speaker)."""
        cols = COLUMNS["speaker_sentiment"]
        if not self.rows:
            return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
        members, parts, sides, start = {}, [], [], 0
        for speaker, chunks in self.corpus.items():
            n = sum(len(chunk[0]) for chunk in chunks)
            members[("ALL", speaker)] = list(range(start, start + n))
            parts += chunks
            sides += self.sides[speaker]
            start += n
        columns = tuple(np.concatenate([part[k] for part in parts]) for k in range(4))
        rows = self.rows + [tuple(row[c] for c in cols) for row in _group_rows(members, columns, sides, self.seed)]
        return pd.DataFrame(sorted(rows, key=lambda row: row[:2]), columns=cols)


def _group_rows(members: dict[tuple, list[int]], columns: tuple[np.ndarray, ...], sides: list,
                seed: int) -> list[dict]:
    """The ``speaker_sentiment`` row of each ``(article, speaker)`` group of row numbers."""
    score, blob, vader, disagree = columns
    keys = list(members)
    rows_of = [np.array(members[key]) for key in keys]
    intervals = bootstrap_intervals([score[rows] for rows in rows_of], seed)
    return [{
        "article_id": article, "speaker": speaker, "side": _side([sides[i] for i in idx if sides[i] is not None]),
        "n": len(idx), "mean_score": score[idx].mean(), "ci_low": low, "ci_high": high,
        "mean_textblob": _nanmean(blob[idx]), "mean_vader": _nanmean(vader[idx]),
        "share_disagree": _nanmean(disagree[idx]), "too_few": len(idx) < MIN_QUOTES,
    } for (article, speaker), idx, (low, high) in zip(keys, rows_of, intervals)]
