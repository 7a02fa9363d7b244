"""The editable actors table (``data/actors.csv``) and name matching against it.

``load_actors`` reads the table with list columns ``aliases`` and ``descriptors``;
``ActorMatcher`` maps a written name ("Zelenski", "Dmitri Peskov", "Podoliak") to its
canonical name through a transliteration-tolerant key, the aliases and a fuzzy match.
"""

import difflib
import re
import unicodedata
from collections.abc import Hashable
from functools import lru_cache
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from .knowledge import Knowledge, resolve, read_table

LIST_COLUMNS = ("aliases", "descriptors")
# difflib ratio two name keys need to count as the same name (tested in tests/test_actors.py).
FUZZY_THRESHOLD = 0.85
SURNAME_THRESHOLD = 0.82   # and the last words alike too: "Alexander Tkachenko" is no "Alexander Lukashenko"
# rapidfuzz's Indel ratio (x100) bounds difflib's ratio from above: keys under this bound cannot match
# (a hair below the threshold so that float rounding never drops a key difflib would keep).
_PREFILTER_CUTOFF = FUZZY_THRESHOLD * 100 - 0.01

# Transliteration variants folded together in a name key (applied in order on lower-case ASCII).
_KEY_RULES = [
    (re.compile(r"[^a-z ]+"), ""),          # punctuation, digits
    (re.compile(r"(.)\1+"), lambda m: m.group(1)),   # doubled letters: zelenskyy -> zelensky (a function: a
                                                    # template repl costs a Python-level call per sub in 3.11)
    (re.compile(r"i(?=[aeou])"), "y"),       # podoliak -> podolyak
    (re.compile(r"(?:iy|yi|ij|ii|i)\b"), "y"),  # zelenskiy / zelenski / dmitri -> ...y
    (re.compile(r"\s+"), " "),
]


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII with accents stripped ("Umérov" -> "umerov")."""
    if text.isascii():   # nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A spelling-tolerant key: equal for Zelensky/Zelenskyy/Zelenskiy/Zelenski, Podolyak/Podoliak."""
    key = fold(name).replace("-", " ").replace("'", "").replace("’", "")
    for pattern, repl in _KEY_RULES:
        key = pattern.sub(repl, key)
    return key.strip()


def surname_key(name: str) -> str:
    """Key of the last word of a name."""
    key = name_key(name)
    return key.rsplit(" ", 1)[-1] if key else ""


def _split_list(value) -> list[str]:
    if not isinstance(value, str):
        return []
    return [v.strip() for v in value.split(";") if v.strip()]


def _read(path: Path) -> pd.DataFrame:
    table = read_table(path)
    table.columns = [c.strip() for c in table.columns]
    for col in LIST_COLUMNS:
        table[col] = [_split_list(v) for v in table.get(col, pd.Series([""] * len(table)))]
    table = table[table["name"].str.strip() != ""].drop_duplicates("name").reset_index(drop=True)
    table["name"] = table["name"].str.strip()
    return table


def load_actors(source: str | Path | Knowledge | None = None) -> pd.DataFrame:
    """Actors (name, kind, side, country, role) with list columns ``aliases`` and ``descriptors``, from the
    ``actors.csv`` of a ``Knowledge`` (default: ``data/``) or from the CSV file ``source``."""
    if isinstance(source, (str, Path)):
        return _read(Path(source))
    return resolve(source).load("actors.csv", _read).copy()


class ActorMatcher:
    """Canonical names, sides and roles for written names and descriptor phrases."""

    def __init__(self, actors: pd.DataFrame):
        self.info: dict[str, dict] = {}
        self.by_key: dict[str, str] = {}
        self.by_surname: dict[str, set[str]] = {}
        self.by_descriptor: dict[str, str] = {}
        for row in actors.to_dict("records"):
            name = row["name"]
            self.info[name] = row
            aliases = [name, *row.get("aliases", [])]
            for alias in aliases:
                self.by_key.setdefault(name_key(alias), name)
            if row.get("kind", "person") == "person":
                for alias in aliases:
                    self.by_surname.setdefault(surname_key(alias), set()).add(name)
            for desc in row.get("descriptors", []):
                self.by_descriptor.setdefault(descriptor_key(desc), name)
        self._buckets: dict[str, list[str]] = {}
        for key in self.by_key:
            self._buckets.setdefault(key[:1], []).append(key)
        self._memo: dict[str, str | None] = {}

    def match(self, written: str) -> str | None:
        """Canonical name of a written name, or None when no actor is close enough."""
        if written not in self._memo:
            self._memo[written] = self._match(written)
        return self._memo[written]

    def _pool(self, key: str) -> list[str]:
        """Keys that may be close to ``key``: same first letter, length within 4."""
        return [k for k in self._buckets.get(key[:1], []) if abs(len(k) - len(key)) <= 4]

    def _close(self, key: str) -> list[str]:
        """Keys within FUZZY_THRESHOLD of ``key`` (difflib ratio), the best two, on the keys rapidfuzz lets through."""
        near = process.extract(key, self._pool(key), scorer=fuzz.ratio, score_cutoff=_PREFILTER_CUTOFF, limit=None)
        return difflib.get_close_matches(key, [k for k, _, _ in near], n=2, cutoff=FUZZY_THRESHOLD) if near else []

    def _match(self, written: str) -> str | None:
        key = name_key(written)
        if len(key) < 2:
            return None
        if key in self.by_key:
            return self.by_key[key]
        if " " not in key:
            owners = self.by_surname.get(key, set())
            if len(owners) == 1:
                return next(iter(owners))
        close = [k for k in self._close(key) if _surnames_close(k, key)]
        if close and (len(close) == 1 or self.by_key[close[0]] == self.by_key[close[1]]):
            return self.by_key[close[0]]
        if " " in key:  # "Dmitri Peskov": the surname identifies the actor if the first names agree on the initial
            owners = self.by_surname.get(key.rsplit(" ", 1)[-1], set())
            if len(owners) == 1:
                owner = next(iter(owners))
                if name_key(owner)[:1] == key[:1]:
                    return owner
        return None

    def describe(self, phrase: str) -> str | None:
        """Canonical name an exact descriptor phrase ("the Kremlin spokesman") stands for."""
        return self.by_descriptor.get(descriptor_key(phrase))

    def side(self, name: str | None) -> str:
        """The actor's side, 'unknown' for names not in the table."""
        return self.info.get(name, {}).get("side") or "unknown" if name else "unknown"

    def role(self, name: str | None) -> str:
        """The actor's role ('' for names not in the table)."""
        return self.info.get(name, {}).get("role", "") if name else ""


def descriptor_key(phrase: str) -> str:
    """Descriptor phrase without articles, case and accents ("The Russian president" -> "russian president")."""
    words = fold(phrase).replace("’", "'").split()
    return " ".join(w for w in words if w not in ("the", "a", "an"))


_MATCHERS: dict[tuple, ActorMatcher] = {}


def _hashable(value) -> Hashable:
    return tuple(value) if isinstance(value, list) else value


def _content(actors: pd.DataFrame) -> tuple:
    """The frame's columns and cells as a dict key (list cells as tuples)."""
    return tuple((col, tuple(_hashable(v) for v in actors[col].tolist())) for col in actors.columns)


def matcher(actors: pd.DataFrame) -> ActorMatcher:
    """The ActorMatcher of an actors frame, built once per frame content (copies of one table share it,
    and with it the memo of written names already matched)."""
    key = _content(actors)
    if key not in _MATCHERS:
        if len(_MATCHERS) >= 8:
            _MATCHERS.clear()
        _MATCHERS[key] = ActorMatcher(actors)
    return _MATCHERS[key]


def _surnames_close(a: str, b: str) -> bool:
    """Whether the last words of two name keys are alike (difflib ratio at least SURNAME_THRESHOLD)."""
    return difflib.SequenceMatcher(None, a.rsplit(" ", 1)[-1], b.rsplit(" ", 1)[-1]).ratio() >= SURNAME_THRESHOLD
