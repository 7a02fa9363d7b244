"""Stage 2 — split articles into ``paragraphs`` and ``sentences`` with offsets and roles.

A paragraph is every non-empty line (blank lines and single newlines both separate
paragraphs), trimmed of surrounding whitespace; ``text[start:end]`` is the paragraph.

Paragraph roles:
- ``title``: a line before the body that is the title (or repeats it), or any other header line.
- ``byline``: the author's name before the body, or repeated after it (it then opens the bio).
- ``dateline``: a header line that is just a date ("16 May 2025").
- ``author_bio``: everything after the body (the author's note); never body.
- ``subheading``: a short line inside the body without final punctuation, followed by more body.
- ``turn_label``: a short line inside the body ending with a colon ("Question:") that opens a turn;
  speaker labels that start a paragraph ("Vladimir Putin: …") stay in ``body``.
- ``caption``: a photo/credit line inside the body (patterns in ``data/line_roles.csv``).
- ``body``: every other paragraph in ``[body_start, body_end)``.

Sentences never cross paragraph boundaries and take the role of their paragraph. The splitter
is rule based: terminal punctuation (. ! ? … ...) plus any closing quotes/brackets, followed by
a capitalised word, digit or opening quote; abbreviations come from ``data/abbreviations.txt``.
"""

import csv
import re
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .dates import parse_date
from .frames import COLUMNS, empty
from .knowledge import Knowledge, resolve

LINE = re.compile(r"[^\r\n]+")
# A possible sentence end: terminal punctuation and closing quotes/brackets (group 1), then space or end.
TERMINAL = re.compile(r"([.!?…]+[\"'”’»)\]]*)(?:\s+|$)")
OPENING = re.compile(r"[\"'“‘«(\[]*")
NEXT_WORD = re.compile(r"[\"'“‘«(\[]*([\w’'-]+)")
INITIAL = re.compile(r"[A-Z]\.")
LETTER_DOTS = re.compile(r"(?:[A-Za-z]\.){2,}")
FINAL_PUNCT = ".!?:;,…"
CLOSERS = "\"'”’»)]"
OPENERS = "\"'“‘«(["
SUBHEADING_MAX_WORDS = 20
SUBHEADING_MAX_CHARS = 160


def word_list(path: Path) -> tuple[str, ...]:
    """Non-comment, non-empty lines of a one-entry-per-line data file."""
    with open(path, encoding="utf-8") as f:
        return tuple(s for s in (line.strip() for line in f) if s and not s.startswith("#"))


class SentenceRules(NamedTuple):
    """What ``split_sentences`` reads from ``data/abbreviations.txt`` and ``data/sentence_starters.txt``."""
    never: frozenset      # abbreviations that never end a sentence
    never_lower: frozenset  # the same, written in lower case (matched case-insensitively)
    may: frozenset        # abbreviations that end a sentence before a sentence starter
    starters: frozenset   # words that open a sentence


def _parse_sentence_rules(abbreviations: Path, starters: Path) -> SentenceRules:
    never, never_lower, may = set(), set(), set()
    for entry in word_list(abbreviations):
        if entry.startswith("*"):
            may.add(entry[1:])
            may.add(entry[1:].lower())
        elif entry == entry.lower():
            never_lower.add(entry)
        else:
            never.add(entry)
    return SentenceRules(frozenset(never), frozenset(never_lower), frozenset(may), frozenset(word_list(starters)))


def sentence_rules(knowledge: Knowledge | None = None) -> SentenceRules:
    """The abbreviation sets and sentence starters of ``knowledge`` (default: ``data/``)."""
    return resolve(knowledge).load(("abbreviations.txt", "sentence_starters.txt"), _parse_sentence_rules)


def _parse_line_roles(path: Path) -> tuple[tuple[str, re.Pattern], ...]:
    with open(path, encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return tuple((r["role"], re.compile(r["pattern"], re.IGNORECASE)) for r in rows)


def load_line_roles(knowledge: Knowledge | None = None) -> tuple[tuple[str, re.Pattern], ...]:
    """``(role, compiled pattern)`` pairs from ``data/line_roles.csv``."""
    return resolve(knowledge).load("line_roles.csv", _parse_line_roles)


def line_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-empty line of ``text[start:end]``, whitespace trimmed."""
    spans = []
    for m in LINE.finditer(text, start, len(text) if end is None else end):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
    return spans


def split_sentences(text: str, start: int, end: int, knowledge: Knowledge | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence in ``text[start:end]`` (one paragraph), whitespace trimmed."""
    return _split(text, start, end, sentence_rules(knowledge))


def _split(text: str, start: int, end: int, rules: SentenceRules) -> list[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    never, never_lower, may, starters = rules
    spans, s = [], start
    for m in TERMINAL.finditer(text, start, end):
        nxt = m.end()
        if nxt < end:
            first = text[nxt]
            if first in OPENERS:
                first = text[OPENING.match(text, nxt, end).end():end][:1]
            if not (first.isupper() or first.isdigit()):
                continue
            punct = m.start()
            if text[punct] == "." and not text.startswith("..", punct):  # ! ? … and "..." always end
                token = text[text.rfind(" ", 0, punct) + 1:punct + 1].lstrip(OPENERS)
                if token in never or token.lower() in never_lower or INITIAL.fullmatch(token):
                    continue
                if token in may or LETTER_DOTS.fullmatch(token):
                    word = NEXT_WORD.match(text, nxt, end)
                    if word is None or word.group(1) not in starters:
                        continue
        spans.append((s, m.end(1)))
        s = nxt
    if s < end:
        spans.append((s, end))
    return spans


def is_subheading(line: str) -> bool:
    """A short line without final punctuation (closing quotes ignored)."""
    core = line.rstrip(CLOSERS)
    return (bool(core) and core[-1] not in FINAL_PUNCT and len(line) <= SUBHEADING_MAX_CHARS
            and len(line.split()) <= SUBHEADING_MAX_WORDS)


def _body_role(line: str, is_last: bool, line_roles: tuple[tuple[str, re.Pattern], ...]) -> str:
    for role, pattern in line_roles:
        if pattern.fullmatch(line):
            return role
    return "subheading" if not is_last and is_subheading(line) else "body"


def name_key(line: str) -> str:
    """A byline or name line reduced for comparison ("By Jane Doe" → "jane doe")."""
    line = re.sub(r"^by\s+", "", line.strip(), flags=re.IGNORECASE)
    return " ".join(line.lower().split())


def paragraph_roles(text: str, spans: list[tuple[int, int]], body_start: int, body_end: int,
                    author: str | None, knowledge: Knowledge | None = None) -> list[str]:
    """The role of each paragraph span of one article (see the module docstring)."""
    line_roles = load_line_roles(knowledge)
    body_idx = [i for i, (s, e) in enumerate(spans) if s >= body_start and e <= body_end]
    last_body = body_idx[-1] if body_idx else -1
    author_key = name_key(author) if author else None
    roles, seen_tail = [], False
    for i, (s, e) in enumerate(spans):
        line = text[s:e]
        if e <= body_start:
            if author_key and name_key(line) == author_key:
                roles.append("byline")
            elif parse_date(line, strict=True):
                roles.append("dateline")
            else:
                roles.append("title")
        elif s >= body_end and body_end > body_start:
            first_tail = not seen_tail
            seen_tail = True
            roles.append("byline" if first_tail and author_key and name_key(line) == author_key
                         else "author_bio")
        else:
            roles.append(_body_role(line, i == last_body, line_roles))
    return roles


def paragraphs(articles: pd.DataFrame, knowledge: Knowledge | None = None) -> pd.DataFrame:
    """One row per paragraph of every article, with its role."""
    if articles.empty:
        return empty("paragraphs")
    knowledge = resolve(knowledge).snapshot()
    aids, pids, starts, ends, roles, texts = [], [], [], [], [], []
    for aid, text, bs, be, author in zip(articles["article_id"].tolist(), articles["text"].tolist(),
                                         articles["body_start"].tolist(), articles["body_end"].tolist(),
                                         articles["author"].tolist()):
        spans = line_spans(text)
        roles.extend(paragraph_roles(text, spans, int(bs), int(be), author if isinstance(author, str) else None,
                                     knowledge))
        aids.extend([aid] * len(spans))
        pids.extend(range(len(spans)))
        for s, e in spans:
            starts.append(s)
            ends.append(e)
            texts.append(text[s:e])
    return pd.DataFrame(dict(zip(COLUMNS["paragraphs"], (aids, pids, starts, ends, roles, texts))))


def sentences(articles: pd.DataFrame, paras: pd.DataFrame | None = None,
              knowledge: Knowledge | None = None) -> pd.DataFrame:
    """One row per sentence of every article (sentences never cross paragraphs)."""
    paras = paragraphs(articles, knowledge) if paras is None else paras
    if paras.empty:
        return empty("sentences")
    rules = sentence_rules(knowledge)
    full = dict(zip(articles["article_id"].tolist(), articles["text"].tolist()))
    aids, sids, pids, starts, ends, roles, texts = [], [], [], [], [], [], []
    current, sid, text = None, 0, ""
    for aid, pid, ps, pe, role in zip(paras["article_id"].tolist(), paras["para_id"].tolist(),
                                      paras["start"].tolist(), paras["end"].tolist(), paras["role"].tolist()):
        if aid != current:
            current, sid, text = aid, 0, full[aid]
        spans = _split(text, int(ps), int(pe), rules)
        n = len(spans)
        aids.extend([aid] * n)
        sids.extend(range(sid, sid + n))
        pids.extend([pid] * n)
        roles.extend([role] * n)
        sid += n
        for s, e in spans:
            starts.append(s)
            ends.append(e)
            texts.append(text[s:e])
    return pd.DataFrame(dict(zip(COLUMNS["sentences"], (aids, sids, pids, starts, ends, roles, texts))))
