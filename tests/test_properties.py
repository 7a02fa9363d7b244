"""Property tests: reading, splitting and quote finding never raise on random text, and offsets hold.

Invariants checked on every generated article:
- paragraphs, sentences and quotes: ``text[start:end] == row.text``;
- sentences cover the paragraphs: every non-whitespace character of a paragraph lies in exactly
  one sentence, and every sentence lies inside its paragraph with the paragraph's role;
- quotes lie inside their article (``0 <= start < end <= len(text)``), and so do their cue and
  speaker mention (``text[speaker_start:speaker_end] == speaker_mention``).

Texts mix news words, actor names, speech cues, every kind of quotation mark (balanced,
unbalanced, nested, mixed) and awkward Unicode (NBSP, zero-width, combining accents, RTL, emoji).
Each property runs ``EXAMPLES`` derandomized examples, so CI is reproducible; the time of the
whole file is measured in docs/reliability.md.
"""

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from helpers import actors as actors_mod, articles, quotes, segments

EXAMPLES = 2000
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

MARKS = ['"', "'", "“", "”", "‘", "’", "«", "»", "„", "‚", "‹", "›"]
ODD = ["\u00a0", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u0301", "\u0308", "\u0327",
       "\u202e", "\u202c", "\u200f", "\u200e", "שלום", "مرحبا بكم", "Привет", "😀", "👩‍👩‍👧", "🇺🇦",
       "\t", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\u3000", "…", "...", "—", "–"]
WORDS = ["the", "talks", "were", "useful", "ceasefire", "must", "hold", "Ukraine", "Russia", "Kyiv",
         "Moscow", "that", "and", "he", "she", "they", "It", "was", "noted", "Mr.", "Dr.", "U.S.", "e.g.",
         "no", "peace", "deal", "2025", "16", "May", "Question:", "By", "Jane", "Doe", "Photo:"]
CUES = ["said", "told reporters", "added", "according to", "stressed", "warned", "noted that", "said that",
        "insisted", "has repeatedly said", "was quoted as saying", "explained"]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", "\n\n\n", "  ", ", ", ". ", "! ", "? ", ": ", "; "]
NAMES = ["Vladimir Putin", "Volodymyr Zelensky", "Zelenskyy", "Sergei Lavrov", "Dmitry Peskov",
         "Donald Trump", "Jane Doe", "the spokeswoman", "the Kremlin", "a senior official"]

mark = st.sampled_from(MARKS)
name = st.sampled_from(NAMES)
cue = st.sampled_from(CUES)
word = st.one_of(st.sampled_from(WORDS), name, cue, st.text(min_size=1, max_size=6))
# A quotation: balanced, mixed, unbalanced or nested marks around a few words, maybe attributed.
quotation = st.builds(
    lambda o, body, inner, c, tail: f"{o}{body}{inner}{c}{tail}",
    mark, st.lists(word, min_size=1, max_size=8).map(" ".join),
    st.one_of(st.just(""), st.builds(lambda a, w, b: f" {a}{w}{b} ", mark, word, mark)),
    st.one_of(mark, st.just("")),
    st.one_of(st.just(""), st.builds(lambda n, c: f", {n} {c}.", name, cue),
              st.builds(lambda c, n: f" {c} {n}.", cue, name)),
)
token = st.one_of(word, word, word, st.sampled_from(SEPARATORS), st.sampled_from(SEPARATORS), mark,
                  st.sampled_from(ODD), quotation)
# News-like random text: tokens joined without separators, so marks and odd chars touch words.
news = st.lists(token, max_size=60).map("".join)
# Unstructured Unicode (surrogates excluded) with marks, odd characters and line breaks mixed in.
raw = st.lists(st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from(MARKS + ODD + ["\n", " "])), max_size=200).map("".join)
any_text = st.one_of(news, news, raw)
# A long paragraph: a random run of words and punctuation repeated to LONG_CHARS, with a few
# random tokens (quotations, marks, odd characters) spliced in at random places; no line breaks.
LONG_CHARS = (1_000, 10_000)
filler = st.lists(st.one_of(word, st.sampled_from([" ", " ", ". ", ", ", "? ", "! "])), min_size=5, max_size=25)


def _long(piece: list[str], length: int, extras: list[tuple[int, str]]) -> str:
    unit = "".join(piece) + " "
    text = unit * (length // len(unit) + 1)
    for pos, extra in sorted(extras, reverse=True):
        at = pos % len(text)
        text = text[:at] + extra + text[at:]
    return " ".join(text.splitlines())


long_para = st.builds(_long, filler, st.integers(*LONG_CHARS),
                      st.lists(st.tuples(st.integers(0, LONG_CHARS[1]), token), max_size=8))


@pytest.fixture(scope="module")
def actors() -> pd.DataFrame:
    return actors_mod.load_actors()


def _articles(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame([articles.article_from_text(f"a{i}", t) for i, t in enumerate(texts)])


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    return list(zip(*(frame[c].tolist() for c in columns)))


def check_segments(arts: pd.DataFrame) -> pd.DataFrame:
    """Paragraph and sentence invariants of every article; returns the paragraphs."""
    paras = segments.paragraphs(arts)
    sents = segments.sentences(arts, paras)
    by_id = dict(zip(arts["article_id"], arts["text"]))
    for text, bs, be in _rows(arts, ["text", "body_start", "body_end"]):
        assert 0 <= bs <= be <= len(text)
    bounds = {}
    for aid, pid, s, e, role, ptext in _rows(paras, ["article_id", "para_id", "start", "end", "role", "text"]):
        text = by_id[aid]
        assert 0 <= s < e <= len(text) and text[s:e] == ptext == ptext.strip()
        bounds[(aid, pid)] = (s, e, role)
    by_para: dict[tuple[str, int], list[tuple[int, int]]] = {key: [] for key in bounds}
    for aid, pid, s, e, role, stext in _rows(sents, ["article_id", "para_id", "start", "end", "role", "text"]):
        ps, pe, prole = bounds[(aid, pid)]
        assert ps <= s < e <= pe and role == prole
        assert by_id[aid][s:e] == stext
        by_para[(aid, pid)].append((s, e))
    for (aid, pid), spans in by_para.items():
        text, (ps, pe, _) = by_id[aid], bounds[(aid, pid)]
        ends = [ps] + [e for _, e in spans]
        starts = [s for s, _ in spans] + [pe]
        for gap_start, gap_end in zip(ends, starts):  # disjoint, in order, only whitespace between
            assert gap_start <= gap_end and not text[gap_start:gap_end].strip(), (text[gap_start:gap_end], spans)
    return paras


def check_quotes(arts: pd.DataFrame, paras: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Quote, cue and speaker-mention offsets of every article."""
    found = quotes.find_quotes(arts, paras, actors)
    assert list(found.columns) == quotes.COLUMNS["quotes"]
    by_id = dict(zip(arts["article_id"], arts["text"]))
    columns = ["article_id", "start", "end", "text", "cue_start", "cue_end", "speaker_mention",
               "speaker_start", "speaker_end"]
    for aid, s, e, qtext, cs, ce, mention, ms, me in _rows(found, columns):
        text = by_id[aid]
        assert 0 <= s < e <= len(text) and text[s:e] == qtext
        if not pd.isna(cs):
            assert 0 <= cs < ce <= len(text)
        if isinstance(mention, str) and mention:
            assert not pd.isna(ms) and 0 <= ms < me <= len(text)
            assert text[ms:me] == mention
    return found


@PROPERTY
@given(st.lists(any_text, min_size=1, max_size=3))
def test_segments_and_quotes_round_trip(actors, texts):
    """Several articles at once, so rows of one article can never point into another."""
    arts = _articles(texts)
    assert arts["text"].tolist() == texts and arts["n_chars"].tolist() == [len(t) for t in texts]
    check_quotes(arts, check_segments(arts), actors)


@PROPERTY
@given(long_para)
def test_long_paragraphs(actors, text):
    arts = _articles([text])
    check_quotes(arts, check_segments(arts), actors)


@PROPERTY
@given(any_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]), st.sampled_from([".txt", ".md"]))
def test_read_file_reads_the_text_back_or_names_a_problem(text, encoding, suffix):
    """A written text is read back exactly (one article) or yields one problem row, never an exception.

    A text with words and no control characters must be read, whatever its encoding.
    """
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data, encoding = text.encode("utf-8"), "utf-8"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"item{suffix}"
        path.write_bytes(data)
        rows, problems = articles.read_file(path)
    body = text.lstrip("\ufeff")
    if body.strip() and not articles.CONTROL.search(text):
        assert rows, f"a plain text written as {encoding} was not read: {problems}"
    if rows:
        assert problems == [] and len(rows) == 1
        # a single-byte guess may pick a sibling code page; NUL bytes without a BOM may be BOM-less UTF-16
        if encoding != "cp1252" and not ("\x00" in text and encoding == "utf-8"):
            assert rows[0]["text"] == body
        check_segments(pd.DataFrame(rows))
    else:
        assert len(problems) == 1 and problems[0]["reason"] in {"empty", "binary"}, problems
        assert problems[0]["reason"] != "empty" or not body.strip()
