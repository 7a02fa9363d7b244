import re

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from helpers import articles as art
from helpers import segments
from helpers.paths import ARTICLES

SAMPLE = ARTICLES / "istanbul_talks.txt"


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in segments.split_sentences(text, 0, len(text))]


def assert_round_trip(articles: pd.DataFrame, paras: pd.DataFrame, sents: pd.DataFrame) -> None:
    texts = dict(zip(articles.article_id, articles.text))
    for frame_ in (paras, sents):
        for aid, s, e, t in zip(frame_.article_id, frame_.start, frame_.end, frame_.text):
            assert texts[aid][s:e] == t
            assert t == t.strip() and t
    spans = {(a, p): (s, e) for a, p, s, e in zip(paras.article_id, paras.para_id, paras.start, paras.end)}
    for aid, pid, s, e in zip(sents.article_id, sents.para_id, sents.start, sents.end):
        ps, pe = spans[(aid, pid)]
        assert ps <= s < e <= pe  # never crosses a paragraph boundary


def assert_body_coverage(row: dict, paras: pd.DataFrame) -> None:
    """Paragraphs inside [body_start, body_end) cover it, gaps being whitespace only."""
    text = row["text"]
    inside = paras[(paras.start >= row["body_start"]) & (paras.end <= row["body_end"])].sort_values("start")
    pos = row["body_start"]
    for s, e, role in zip(inside.start, inside.end, inside.role):
        assert text[pos:s].strip() == ""
        assert role not in ("title", "byline", "author_bio", "dateline")
        pos = e
    assert text[pos:row["body_end"]].strip() == ""
    outside = paras[(paras.end <= row["body_start"]) | (paras.start >= row["body_end"])]
    assert len(inside) + len(outside) == len(paras)
    assert not (outside.role == "body").any()


# ---------------------------------------------------------------- the sample article

@pytest.fixture(scope="module")
def sample():
    row = art.article_from_text("sample", SAMPLE.read_text(encoding="utf-8"), str(SAMPLE))
    articles = frame(row)
    paras = segments.paragraphs(articles)
    return row, articles, paras, segments.sentences(articles, paras)


def test_sample_structure(sample):
    row, _, paras, _ = sample
    assert row["title"].startswith("Negotiations for a peace between Ukraine and Russia")
    assert row["author"] == "Chijioke Obinna"
    roles = paras.role.tolist()
    assert roles[:3] == ["title", "byline", "title"]
    assert roles[-2:] == ["byline", "author_bio"]
    assert paras.text.iloc[-1].startswith("I've been passionate")
    assert row["body_end"] <= paras.start.iloc[-2]
    subheadings = paras[paras.role == "subheading"].text.tolist()
    assert len(subheadings) == 4
    assert all(not t.endswith(".") for t in subheadings)
    assert (paras.role == "body").sum() == 13


def test_sample_round_trip_and_coverage(sample):
    row, articles, paras, sents = sample
    assert_round_trip(articles, paras, sents)
    assert_body_coverage(row, paras)
    assert (sents.role[sents.para_id == paras.para_id.iloc[-1]] == "author_bio").all()
    assert sents.groupby("article_id").sent_id.apply(lambda s: list(s) == list(range(len(s)))).all()


def test_sample_quote_sentences(sample):
    sents = sample[3].text.tolist()
    assert "“We have to move towards peace." in sents
    assert "Every day we lose means losing lives." in sents


# ---------------------------------------------------------------- layouts

def test_press_layout_headline_blank_body():
    title, body = "Telephone conversation with the Prime Minister", "The leaders discussed talks. They agreed."
    row = art.article_from_text("p", title + "\n\n" + body)
    assert row["title"] == title and row["body_start"] == len(title) + 2 and row["body_end"] == len(row["text"])
    paras = segments.paragraphs(frame(row))
    assert paras.role.tolist() == ["title", "body"]


def test_single_paragraph_is_all_body():
    row = art.article_from_text("x", "Just one paragraph of text, nothing else.")
    assert row["title"] is None and (row["body_start"], row["body_end"]) == (0, len(row["text"]))


def test_header_roles_byline_dateline_and_bio_by_first_person():
    text = ("Ceasefire talks stall\n\nBy Jane Doe\n16 May 2025\n\nTalks stalled on Friday.\n\n"
            "Background\n\nThe sides met twice.\n\nI am a correspondent covering Eastern Europe.")
    row = art.article_from_text("x", text)
    assert row["author"] == "Jane Doe" and row["published"] == "2025-05-16"
    paras = segments.paragraphs(frame(row))
    assert paras.role.tolist() == ["title", "byline", "dateline", "body", "subheading", "body", "author_bio"]
    assert_body_coverage(row, paras)


def test_first_person_ending_without_author_stays_body():
    text = "Press conference\n\nThe talks went on.\n\nI hope journalists will be safe in their work."
    paras = segments.paragraphs(frame(art.article_from_text("x", text)))
    assert paras.role.tolist() == ["title", "body", "body"]


def test_turn_label_and_caption_roles():
    text = ("Interview\n\nQuestion:\n\nWhat happens next?\n\nPhoto: Reuters / John Smith\n\n"
            "Vladimir Putin: We will see.")
    paras = segments.paragraphs(frame(art.article_from_text("x", text)))
    assert paras.role.tolist() == ["title", "turn_label", "body", "caption", "body"]


def test_crlf_and_nbsp_offsets():
    text = "Title here\r\n\r\n\u00a0First para.\u00a0\r\nSecond para ends here.\r\n"
    articles = frame(art.article_from_text("x", text))
    paras = segments.paragraphs(articles)
    assert paras.text.tolist() == ["Title here", "First para.", "Second para ends here."]
    assert_round_trip(articles, paras, segments.sentences(articles, paras))


# ---------------------------------------------------------------- sentence splitter

@pytest.mark.parametrize("text, expected", [
    ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
    ("Gen. Lt. Col. St. No. 5 was there. Yes.", ["Gen. Lt. Col. St. No. 5 was there.", "Yes."]),
    ("He met J. R. Smith today. Then he left.", ["He met J. R. Smith today.", "Then he left."]),
    ("Growth was 3.5 percent. It fell.", ["Growth was 3.5 percent.", "It fell."]),
    ("U.S. President Biden spoke. U.N. Secretary-General Guterres too.",
     ["U.S. President Biden spoke.", "U.N. Secretary-General Guterres too."]),
    ("Aid came from the U.S. The talks resumed.", ["Aid came from the U.S.", "The talks resumed."]),
    ("They met at 9 a.m. Monday in Kyiv.", ["They met at 9 a.m. Monday in Kyiv."]),
    ("Tanks, guns, etc. were sent. E.g. Leopards.", ["Tanks, guns, etc. were sent.", "E.g. Leopards."]),
    ("On Jan. 5 and Feb. 6 they met, i.e. twice. Fine.", ["On Jan. 5 and Feb. 6 they met, i.e. twice.", "Fine."]),
    ("Ukraine vs. Russia. Done.", ["Ukraine vs. Russia.", "Done."]),
    ("He paused... Then he spoke. Wait… What?", ["He paused...", "Then he spoke.", "Wait…", "What?"]),
    ("He said ... and went on.", ["He said ... and went on."]),
    ('"We want peace." He said it twice.', ['"We want peace."', "He said it twice."]),
    ("“We want peace.” He said it twice.", ["“We want peace.”", "He said it twice."]),
    ("“Will it end?” he asked. “Soon!” she said.", ["“Will it end?” he asked.", "“Soon!” she said."]),
    ("“It is over. We go home,” he said.", ["“It is over.", "We go home,” he said."]),
    ("It ended (finally.) The end.", ["It ended (finally.)", "The end."]),
    ("The vote was 2022. 15 people came.", ["The vote was 2022.", "15 people came."]),
    ("No final stop", ["No final stop"]),
])
def test_split_sentences(text, expected):
    assert split(text) == expected


def test_split_sentences_offsets_inside_a_longer_text():
    text = "xx  One. Two!  yy"
    assert [text[s:e] for s, e in segments.split_sentences(text, 2, 15)] == ["One.", "Two!"]


def test_abbreviation_file_is_used():
    never, never_lower, may, _ = segments.sentence_rules()
    assert {"Mr.", "Dr.", "Gen.", "No."} <= never and {"e.g.", "i.e.", "vs."} <= never_lower
    assert {"U.S.", "a.m.", "etc."} <= may


# ---------------------------------------------------------------- generated articles

WORDS = ["peace", "talks", "Kyiv", "Moscow", "delegation", "ceasefire", "3.5", "the", "sides", "Mr.", "Dr.",
         "U.S.", "J.", "e.g.", "etc.", "“quoted”", '"straight"', "it’s", "—", "\u00a0", "(aside)", "...", "…"]
sentence_st = st.builds(
    lambda first, rest, end: " ".join([first.capitalize()] + rest) + end,
    st.sampled_from(WORDS), st.lists(st.sampled_from(WORDS), max_size=12),
    st.sampled_from([".", "?", "!", ".”", "…", "", ",” he said."]))
paragraph_st = st.lists(sentence_st, min_size=1, max_size=5).map(" ".join)
separator_st = st.sampled_from(["\n\n", "\n", "\r\n", "\n \n\t\n", "\n\n\n"])


@st.composite
def article_text(draw) -> str:
    parts = []
    if draw(st.booleans()):
        parts.append(draw(st.text("Peace talks in Geneva", min_size=1, max_size=40)))
    if draw(st.booleans()):
        parts.append("By Jane Doe")
    parts += draw(st.lists(paragraph_st, min_size=1, max_size=6))
    seps = draw(st.lists(separator_st, min_size=len(parts), max_size=len(parts)))
    lead = draw(st.sampled_from(["", " ", "\n", "\ufeff"]))
    return lead + "".join(p + s for p, s in zip(parts, seps))


@settings(max_examples=200, deadline=None)
@given(st.lists(article_text(), min_size=1, max_size=3))
def test_generated_articles_round_trip(texts):
    rows = [art.article_from_text(f"g{i}", t) for i, t in enumerate(texts)]
    articles = frame(*rows)
    paras = segments.paragraphs(articles)
    sents = segments.sentences(articles, paras)
    assert_round_trip(articles, paras, sents)
    for row in rows:
        assert_body_coverage(row, paras[paras.article_id == row["article_id"]])
        n_lines = sum(1 for line in re.split(r"[\r\n]", row["text"]) if line.strip())
        assert (paras.article_id == row["article_id"]).sum() == n_lines
    # every non-space character of a paragraph lies in exactly one sentence
    for aid, pid, ps, pe in zip(paras.article_id, paras.para_id, paras.start, paras.end):
        own = sents[(sents.article_id == aid) & (sents.para_id == pid)]
        covered = sum(e - s for s, e in zip(own.start, own.end))
        text = articles.set_index("article_id").text[aid]
        assert covered == len(text[ps:pe]) - sum(len(g) for g in _gaps(own, ps, pe, text))


def _gaps(own: pd.DataFrame, ps: int, pe: int, text: str) -> list[str]:
    bounds = [ps] + [x for s, e in zip(own.start, own.end) for x in (s, e)] + [pe]
    gaps = [text[bounds[i]:bounds[i + 1]] for i in range(0, len(bounds), 2)]
    assert all(g.strip() == "" for g in gaps)
    return gaps


def test_empty_frames_keep_columns():
    from helpers.frames import COLUMNS, empty
    assert list(segments.paragraphs(empty("articles")).columns) == COLUMNS["paragraphs"]
    assert list(segments.sentences(empty("articles")).columns) == COLUMNS["sentences"]
