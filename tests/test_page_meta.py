"""helpers.page_meta gives what trafilatura's extract_metadata gives; its author search is skipped only where it finds none."""

import re

import pytest
from trafilatura.metadata import extract_metadata
from trafilatura.settings import set_date_params
from trafilatura.utils import load_html
from trafilatura.xpaths import AUTHOR_XPATHS

from helpers import articles as art
from helpers import page_meta

FIELDS = ("title", "author", "date", "sitename", "url")
BODY = "<p>" + "The committee met on Tuesday to discuss the new harbour rules for small fishing boats. " * 4 + "</p>"


def page(head: str = "", byline: str = "") -> str:
    return (f"<html><head><title>Harbour rules agreed | Coast Gazette</title>{head}</head><body><article>"
            f"<h1>Harbour rules agreed</h1>{byline}{BODY}</article></body></html>")


PAGES = {
    "meta tag": (page('<meta name="author" content="Mira Okafor">'), "Mira Okafor"),
    "json-ld": (page('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
                     '"author": {"@type": "Person", "name": "Tomas Lindqvist"}}</script>'), "Tomas Lindqvist"),
    "byline element": (page(byline='<p class="byline">By Ana Ruiz Delgado</p>'), "Ana Ruiz Delgado"),
    "author element": (page(byline="<author>Jon Brekke</author>"), "Jon Brekke"),
    "link without text": (page('<link rel="author" href="https://example.org/about">'), None),
    "hint in a word of the text only": (page(byline="<p>The writer of the rules, bylaws aside.</p>"), None),
    "none": (page(), None),
}


@pytest.mark.parametrize("name", PAGES)
def test_same_metadata_as_trafilatura(name):
    html, author = PAGES[name]
    params = set_date_params(extensive=False)
    ours, theirs = page_meta.page_metadata(load_html(html), params), extract_metadata(load_html(html), None, params)
    assert [getattr(ours, f) for f in FIELDS] == [getattr(theirs, f) for f in FIELDS]
    assert ours.author == author and ours.title == "Harbour rules agreed"


@pytest.mark.parametrize("name", PAGES)
def test_article_from_html_keeps_the_author(name):
    html, author = PAGES[name]
    assert art.article_from_html("a", html, "a.html")["author"] == author


def test_skipped_author_search_only_where_no_element_can_name_one():
    assert not page_meta.may_name_author(load_html(PAGES["link without text"][0]))
    assert not page_meta.may_name_author(load_html(PAGES["hint in a word of the text only"][0]))
    assert page_meta.may_name_author(load_html(PAGES["byline element"][0]))
    assert page_meta.may_name_author(load_html(page(byline='<div id="x"><span data-component="Byline">Li Wei'
                                                             '</span></div>')))


def _words(pattern: str) -> list[str]:
    """The strings a literal of an XPath matches at least: each alternative, '[Aa]' and '-?' spelt out both ways."""
    out = []
    for alt in pattern.split("|"):
        forms = [alt]
        for a, b in re.findall(r"\[(\w)(\w)\]", alt):
            forms = [f.replace(f"[{a}{b}]", c, 1) for f in forms for c in (a, b)]
        out += [g for f in forms for g in (f.replace("-?", "-"), f.replace("-?", ""))]
    return out


def test_hints_cover_every_literal_of_trafilaturas_author_xpaths():
    """AUTHOR_HINTS were read off xpaths.AUTHOR_XPATHS: a trafilatura release that changes them fails here."""
    literals = [w for xpath in AUTHOR_XPATHS for lit in re.findall(r"'([^']*)'", xpath.path) for w in _words(lit)]
    assert "byline" in literals and "journalist-name" in literals
    missed = [w for w in literals if not re.search("|".join(page_meta.AUTHOR_HINTS), w)]
    assert set(missed) == {"me"}  # rel='me': a child element rel, which _author_candidates looks for
    assert {step for xpath in AUTHOR_XPATHS for step in re.findall(r"//([\w*]+)", xpath.path)} == {"*", "author"}


def test_a_page_whose_metadata_fails_is_empty_as_in_trafilatura(monkeypatch, tmp_path):
    """bare_extraction returned no document when its metadata step raised TypeError or ValueError."""
    def broken(tree, params):
        raise ValueError("bad date")
    monkeypatch.setattr(page_meta, "page_metadata", broken)
    path = tmp_path / "a.html"
    path.write_text(PAGES["meta tag"][0], encoding="utf-8")
    rows, problems = art.read_file(path)
    assert rows == [] and [p["reason"] for p in problems] == ["empty"]
