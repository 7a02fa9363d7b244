"""A fresh install from the declared dependencies reads HTML: the HTML cleaner lxml split off is declared."""

import importlib
import importlib.metadata
import tomllib
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


PERMISSIVE = re.compile(r"\b(MIT|BSD|Apache|PSF|Python Software Foundation)\b")


def _licence(distribution: str) -> str:
    """What an installed distribution declares (licence expression or field, licence classifiers) and the
    opening of the licence files its dist-info ships: a wheel can declare MIT and ship a GPL licence."""
    dist = importlib.metadata.distribution(distribution)
    meta = dist.metadata
    classifiers = [c for c in meta.get_all("Classifier") or [] if c.startswith("License")]
    shipped = [f.read_text(encoding="utf-8")[:400] for f in dist.files or []
               if f.parent.name.endswith(".dist-info") and re.match(r"(LICEN[CS]E|COPYING)", f.name, re.I)]
    return " ".join([meta.get("License-Expression") or "", (meta.get("License") or "")[:300], *classifiers, *shipped])


def test_every_runtime_dependency_declares_a_permissive_licence():
    """The project is MIT: what pyproject.toml installs for users must be MIT/BSD/Apache/PSF, never GPL."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = [re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0] for d in declared]
    licences = {n: _licence(n) for n in names}
    assert not [n for n, t in licences.items() if re.search(r"\bGPL|GENERAL PUBLIC LICENSE", t, re.I)
                or not PERMISSIVE.search(t)]
