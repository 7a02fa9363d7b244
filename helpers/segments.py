"""Stage 2 — split articles into ``paragraphs`` and ``sentences`` with offsets and roles.

STUB: to be replaced (issue 2).
"""

import pandas as pd

from .frames import empty


def paragraphs(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per paragraph of every article, with its role."""
    return empty("paragraphs")


def sentences(articles: pd.DataFrame, paras: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per sentence of every article."""
    return empty("sentences")
