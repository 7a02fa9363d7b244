"""What stances are read from, shared by ``helpers.positioning`` and ``helpers.acts``: a ``Mention`` of a target,
an actor or a person in an article's text, and the words around a position."""

import re
from dataclasses import dataclass

WORD = re.compile(r"[A-Za-z’']+")


@dataclass(slots=True)
class Mention:
    start: int      # offsets into the article text
    end: int
    target: str     # a target of data/targets.csv, or another actor side (kept only as a pronoun antecedent)
    kind: str       # state | group | person | adjective | country (of no target: only a pronoun antecedent)
    name: str = ""  # canonical actor name for persons of the actors table


def word_before(text: str, pos: int, skip: frozenset[str] = frozenset()) -> str:
    """The lower-cased last word in the 30 characters before ``pos`` that is not in ``skip`` ('' if none)."""
    words = [w.lower() for w in WORD.findall(text, max(0, pos - 30), pos)]
    while words and words[-1] in skip:
        words.pop()
    return words[-1] if words else ""
