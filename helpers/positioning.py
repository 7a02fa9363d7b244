"""Stage 6 — how each speaker positioned the Russian and the Ukrainian side.

STUB: to be replaced (issue 5).
"""

import pandas as pd

from .frames import empty


def stances(articles: pd.DataFrame, sentences: pd.DataFrame, quotes: pd.DataFrame,
            actors: pd.DataFrame) -> pd.DataFrame:
    """One row per (quote or narrative sentence, target side) that mentions the target."""
    return empty("stances")


def positions(stances: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Per (article, speaker) and per (ALL, speaker): stance toward each side, label, evidence ids."""
    return empty("positions")
