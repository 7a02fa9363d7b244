"""Stage 1 — read files into the ``articles`` frame (and the ``problems`` frame).

STUB: to be replaced by the real reader (issue 2).
"""

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .frames import empty


def read_articles(paths: Iterable[str | Path]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read files and folders (recursively) into ``(articles, problems)``."""
    return empty("articles"), empty("problems")


def article_from_text(article_id: str, text: str, source_path: str = "", fmt: str = "txt") -> dict:
    """One ``articles`` row from a decoded text, recognising title, byline and body."""
    raise NotImplementedError
