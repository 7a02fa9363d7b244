"""Stage 3 — find direct, partial and indirect quotes with their cue and speaker mention.

STUB: to be replaced (issue 3).
"""

import pandas as pd

from .frames import empty


def find_quotes(articles: pd.DataFrame, paras: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """The ``quotes`` frame, speakers resolved to canonical names where possible."""
    return empty("quotes")
