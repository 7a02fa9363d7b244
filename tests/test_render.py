"""The highlighted article keeps every character and gives every quote and link target an anchor."""

import html
import re

import pandas as pd

from helpers import pages, render

TEXT = 'Intro line.\n\nHe said that Putin must "be serious" now. Then more.'


def _quote(qid: str, fragment: str, kind: str, speaker: str | None, extend: int = 0) -> dict:
    start = TEXT.index(fragment)
    return dict(quote_id=qid, start=start, end=start + len(fragment) + extend, kind=kind, speaker=speaker,
                speaker_mention="He", cue="said", corrected=False)


def test_nested_and_crossing_quotes_all_get_anchors_and_the_text_survives():
    quotes = pd.DataFrame([_quote("a:q1", 'that Putin must "be serious" now', "indirect", "Dmitry Peskov"),
                           _quote("a:q2", "be serious", "partial", "Dmitry Peskov"),
                           _quote("a:q3", "serious", "partial", None, extend=12)])
    page = render.article_html(TEXT, quotes, anchors={"a:4": TEXT.index("Then")})
    for anchor in ("a:q1", "a:q2", "a:q3", "a:4"):
        assert f'id="{anchor}"' in page
    body = page.split("</small></p>", 1)[1]
    assert body.index('id="a:q1"') < body.index('id="a:q2"') < body.index("</span>")  # q2 drawn inside q1
    plain = html.unescape(re.sub(r"<sup[^>]*>q\d+</sup>|<[^>]+>", "", body.replace("</p><p>", "\n\n")))
    assert plain == TEXT


def test_evidence_links_to_units_of_the_page_and_of_other_pages():
    links = pages.evidence_html("a:q1;3;b:q2", "a")
    assert 'href="#a:q1"' in links and 'href="#a:3"' in links and 'href="b.html#b:q2"' in links
