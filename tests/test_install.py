"""A fresh install from the declared dependencies reads HTML: the HTML cleaner lxml split off is declared."""

import importlib
import re

from helpers import articles
from helpers.paths import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "html" / "transcript.html"


def test_the_html_cleaner_is_declared_and_importable():
    """lxml >= 5.2 moved lxml.html.clean to lxml_html_clean; trafilatura's justext imports it, and
    older pips resolve a justext that does not declare it: without it every .html is unreadable."""
    dependencies = (ROOT / "pyproject.toml").read_text(encoding="utf-8").split("dependencies = [", 1)[1].split("]\n")[0]
    assert re.search(r'^\s*"lxml(?:_html_clean|\[html_clean\])\b', dependencies, re.M)
    assert importlib.import_module("lxml.html.clean").Cleaner


def test_an_html_page_is_read_through_the_real_extractor():
    rows, problems = articles.read_file(FIXTURE)
    assert problems == [] and rows[0]["format"] == "html" and rows[0]["n_words"] > 20
