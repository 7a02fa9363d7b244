"""Quotation marks: pair the marks of one paragraph into quoted spans, and index those spans.

Direction (opening/closing) is read from the characters around each mark, with the glyph as a hint; unbalanced
marks fall back to alternation and never leak into the next paragraph. Typewriter two-character marks are
normalised first by ``ascii_double_marks`` (same length, so offsets still index the original text).
"""

import re
from bisect import bisect_left
from itertools import accumulate

OPEN_GLYPHS, CLOSE_GLYPHS = "“„‟«‹‘‚", "”»›’"
DOUBLE, SINGLE = "\"“”„‟«»", "'‘’‚‹›"
MARK = re.compile(r"[\"“”„‟«»'‘’‚‹›]")


def _direction(text: str, i: int, start: int, end: int) -> str:
    """'O', 'C' or 'A' (ambiguous) for the quotation mark at ``i``."""
    prev = text[i - 1] if i > start else " "
    nxt = text[i + 1] if i + 1 < end else " "
    opens = prev.isspace() or prev in "([{—–-/" or prev in DOUBLE + SINGLE
    closes = nxt.isspace() or nxt in ".,;:!?)]}—–/" or nxt in DOUBLE + SINGLE
    if opens and not closes:
        return "O"
    if closes and not opens:
        return "C"
    g = text[i]
    return "O" if g in OPEN_GLYPHS else "C" if g in CLOSE_GLYPHS else "A"


def _is_apostrophe(text: str, i: int, start: int, end: int) -> bool:
    prev = text[i - 1] if i > start else " "
    nxt = text[i + 1] if i + 1 < end else " "
    return prev.isalnum() and (nxt.isalnum() or text[i] in "'’")


def _closes(text: str, i: int, end: int) -> bool:
    """Whether the mark at ``i`` is followed by a space, punctuation or the paragraph's end (it can close)."""
    return i + 1 >= end or not text[i + 1].isalnum()


def _pair(marks: list[tuple[int, str]], end: int) -> list[tuple[int, int]]:
    """Pairs (open, close) of one family of marks; close == end for a quote left open."""
    stack: list[int] = []
    pairs: list[tuple[int, int, int]] = []
    ok = True
    for i, d in marks:
        if d == "O" or (d == "A" and not stack):
            stack.append(i)
        elif stack:
            o = stack.pop()
            pairs.append((o, i, len(stack)))
        else:
            ok = False
    if ok and not stack:
        return [(o, c) for o, c, depth in pairs if depth == 0]
    positions = [i for i, _ in marks]
    out = [(positions[k], positions[k + 1]) for k in range(0, len(positions) - 1, 2)]
    if len(positions) % 2:
        out.append((positions[-1], end))
    return out


def quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(open mark, close mark or paragraph end) of the outermost quotations in one paragraph."""
    doubles, singles = [], []
    open_single = False
    for m in MARK.finditer(text, start, end):
        i, g = m.start(), m.group()
        if g in DOUBLE:
            doubles.append((i, _direction(text, i, start, end)))
            continue
        if _is_apostrophe(text, i, start, end) and not (open_single and _closes(text, i, end)):
            continue  # an apostrophe, unless it can close the single quotation that is open ('within reach',)
        d = _direction(text, i, start, end)
        if d == "C" and not open_single:
            continue  # Rus' / plural possessive
        open_single = d != "C"
        singles.append((i, d))
    pairs = _pair(doubles, end)
    inner = lambda i: any(o < i < c for o, c in pairs)
    # a single quotation left open runs to the paragraph's end only when the next paragraph opens one again
    # (a quotation continued across paragraphs); otherwise the open mark is more likely a stray apostrophe
    continued = _next_paragraph_opens(text, end, SINGLE)
    pairs += [p for p in _pair([s for s in singles if not inner(s[0])], end) if p[1] != end or continued]
    return sorted(pairs)


def _next_paragraph_opens(text: str, end: int, marks: str) -> bool:
    """Whether the paragraph after ``end`` starts with one of ``marks`` followed by a word."""
    rest = text[end:end + 200].lstrip()
    return len(rest) > 1 and rest[0] in marks and rest[1].isalnum()


JOINER = "\u2060"   # the zero-width half of a two-character quotation mark (see ascii_double_marks)
TWO_CHAR_MARK = re.compile(r"(?<!')''(?!')|``")


class SpanIndex:
    """Quotation spans (open, close) sorted by open, with the furthest close reached so far: which spans open
    in a range, and whether a position lies inside one, by bisection."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.opens = [o for o, _ in self.spans]
        self.reach = list(accumulate((c for _, c in self.spans), max))

    def reach_before(self, x: int) -> int:
        """The furthest close among the spans opening before ``x`` (-1 when none)."""
        k = bisect_left(self.opens, x)
        return self.reach[k - 1] if k else -1

    def opening_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The spans opening in ``[lo, hi)``."""
        return self.spans[bisect_left(self.opens, lo):bisect_left(self.opens, hi)]


def ascii_double_marks(text: str) -> str:
    """``text`` with typewriter double marks made of two characters (``''`` and two backticks, as some newspapers
    write quotation marks) turned into '"' and a word joiner (U+2060), the mark on the side of the quoted words: same
    length, so every offset still indexes the original text."""
    if "''" not in text and "``" not in text:
        return text
    return TWO_CHAR_MARK.sub(lambda m: '"' + JOINER if m.group() == "``" or m.start() == 0 or
                             not text[m.start() - 1].isalnum() and text[m.start() - 1] not in ".,;:!?" else JOINER + '"',
                             text)
