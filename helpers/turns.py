"""Speaker turns of transcripts: "Vladimir Putin: …", "Question: …", also when flattened into one paragraph.

A turn label is a run of 1–8 capitalised tokens (initials and name particles such as "of", "bin" allowed,
an optional parenthesis such as "(retranslated)") followed by ": ", at a paragraph start or right after a
sentence end or a "* * *" separator. ``label_candidates`` finds them; deciding whether a candidate names a speaker
is left to the caller, which knows the article's people.
"""

import re
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .knowledge import Knowledge, resolve
from .speakers import UPPER, name_words, particle_regex

TOKEN = rf"(?:[{UPPER}]\.|(?:Mr|Mrs|Ms|Dr)\.|[{UPPER}][\w'’\-]*)"
# editorial markers that close a turn without being speech ("<…>", "[…]", "* * *")
TRAILING_MARKERS = re.compile(r"(?:\s*(?:<[^<>]{0,20}>|\[[^\[\]]{0,20}\]|\*(?:\s*\*){2,}))+\s*$")


def _parse_turn_words(path: Path) -> frozenset[str]:
    table = pd.read_csv(path, comment="#", dtype=str)
    return frozenset(w.strip().lower() for w in table["word"].dropna())


def turn_words(knowledge: Knowledge | None = None) -> frozenset[str]:
    """Lower-case labels naming no person (``data/turn_words.csv``)."""
    return resolve(knowledge).load("turn_words.csv", _parse_turn_words)


class Labels(NamedTuple):
    """The turn label patterns; group 1 of a match is the label."""
    at_start: re.Pattern    # a label opening the text scanned
    after_end: re.Pattern   # a label after a sentence end


def labels(knowledge: Knowledge | None = None) -> Labels:
    """The label patterns of ``knowledge``: name particles and label joiners of ``data/name_words.csv``."""
    return resolve(knowledge).load("name_words.csv", _parse_labels)


def _parse_labels(path: Path) -> Labels:
    _, particles, joiners = name_words(path, "label")
    name = rf"({TOKEN}(?:\s+(?:{particle_regex(particles | joiners)}\s+)*{TOKEN}){{0,7}})"
    label = name + r"(?:\s+\([\w\s\-]{1,30}\))?:[ \t]+(?=\S)"   # "Question (retranslated):"
    # a line may open with the name and its role: "Alisa Shmelyova, metrology engineer:" (not inside a paragraph:
    # "President Putin, a simple question for you: …")
    line_label = name + r"(?:\s+\([\w\s\-]{1,30}\)|,\s+[a-z][a-z\s\-]{1,40})?:[ \t]+(?=\S)"
    # after a sentence end: . ! ? … optionally closed by a mark, an editorial cut "<…>" or a separator "* * *"
    # (the match starts on the sentence end's last character, so the scan jumps between such characters: faster;
    # scans start one character early to see the end of a sentence just before a paragraph)
    return Labels(re.compile(line_label),
                  re.compile(rf"[.!?…>*\"”»’)](?:(?<=[.!?…>*])|(?<=[.!?…][\"”»’)]))\s+{label}"))


def label_candidates(text: str, start: int, end: int, patterns: Labels | None = None) -> list[tuple[int, int, int]]:
    """(label start, label end, turn start) of every possible turn label in ``text[start:end]`` (``patterns``
    default: those of ``data/``)."""
    if ": " not in text[start:end]:
        return []
    at_start, after_end = patterns or labels()
    found = []
    first = at_start.match(text, start, end)
    if first:
        found.append((first.start(1), first.end(1), first.end()))
    found += [(m.start(1), m.end(1), m.end()) for m in after_end.finditer(text, max(0, start - 1), end)]
    return found


def turn_end(text: str, start: int, end: int) -> int:
    """End of a turn's speech in ``text[start:end]``: trailing spaces and editorial markers dropped."""
    seg = text[start:end].rstrip()
    if seg[-1:] in (">", "]", "*"):   # every marker ends so: other turns skip the (slow) search
        seg = TRAILING_MARKERS.sub("", seg).rstrip()
    return start + len(seg)
