"""Stage 4 — the ``speakers`` frame: who was quoted, how much, from which side.

STUB: to be replaced (issue 3).
"""

import pandas as pd

from .frames import empty


def speaker_table(quotes: pd.DataFrame) -> pd.DataFrame:
    """One row per (article, speaker) with counts by kind and quoted-word shares."""
    return empty("speakers")
