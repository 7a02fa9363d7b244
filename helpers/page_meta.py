"""A web page's title, author, date, site name and URL: what trafilatura's ``extract_metadata`` gives for them.

The same steps in the same order (meta tags, JSON-LD, the ``<title>``, the canonical link, htmldate), less the
fields no frame uses (categories, tags, licence), and with one shortcut: trafilatura's search for an author
through the page's elements (``extract_author``: three XPath searches of ``xpaths.AUTHOR_XPATHS`` over a pruned
copy of the page, whose regex tests call Python for every element; about 4 ms a page) runs only when an element
could give one. An element matches those XPaths only through an attribute (class, id, rel, itemprop, data-*)
holding one of ``AUTHOR_HINTS`` ("author", "byline", "writer", …), by being an ``author`` element or by holding a
``rel`` one; and the author is its text, which pruning only shortens, of more than two characters. A page with no
such element with such a text gets no author from its elements: skipping the search gives the same result.
"""

import re
from collections.abc import Iterator

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (META_URL, examine_meta, extract_author, extract_meta_json, extract_sitename,
                                  extract_title, extract_url)
from trafilatura.settings import Document
from trafilatura.utils import trim

# an attribute value of each element that ``xpaths.AUTHOR_XPATHS`` match holds one of these (case-sensitive tests)
AUTHOR_HINTS = ("author", "Author", "byl", "Byline", "BBL", "username", "screenname", "writer", "zuozhe", "bianji",
                "xiaobian", "channel-name", "submitted-by", "posted-by", "journalist-name")
_HINT = re.compile("|".join(map(re.escape, AUTHOR_HINTS)))


def may_name_author(tree: HtmlElement) -> bool:
    """Whether an element of ``tree`` could give ``extract_author`` an author (see the module docstring)."""
    return any(len(trim(" ".join(e.itertext()))) > 2 for e in _author_candidates(tree))


def _author_candidates(tree: HtmlElement) -> Iterator[HtmlElement]:
    """The elements ``xpaths.AUTHOR_XPATHS`` could match: ``author`` elements, those holding a ``rel`` one, and
    those with an attribute holding an ``AUTHOR_HINTS`` word."""
    yield from tree.iter("author")
    yield from (e.getparent() for e in tree.iter("rel"))
    yield from (e for e in tree.iter() if _HINT.search(" ".join(e.values())))


def page_metadata(tree: HtmlElement, date_params: dict) -> Document:
    """``trafilatura.metadata.extract_metadata(tree, date_config=date_params)``'s title, author, url, date and
    sitename (its other fields are left empty)."""
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:  # noqa: BLE001 - as trafilatura: a broken JSON-LD block leaves the meta tags' values
        pass
    meta.title = meta.title or extract_title(tree)
    meta.author = meta.author or (extract_author(tree) if may_name_author(tree) else None)
    meta.url = meta.url or extract_url(tree)
    meta.date = find_date(tree, **{**date_params, "url": meta.url})
    meta.sitename = _sitename(meta.sitename or extract_sitename(tree), meta.url)
    meta.clean_and_trim()
    return meta


def _sitename(name: str | None, url: str | None) -> str | None:
    """The site name as trafilatura tidies it (no leading @, title case when lower case and not a domain), else
    the URL's domain."""
    if name:
        name = name.lstrip("@")
        return name.title() if name and "." not in name and not name[0].isupper() else name
    match = META_URL.match(url) if url else None
    return match[1] if match else name
