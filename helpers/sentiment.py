"""Stage 5 — sentiment of quotes: TextBlob, VADER and a news-aware combined score.

STUB: to be replaced (issue 4).
"""

from collections.abc import Sequence

import pandas as pd

from .frames import SENTIMENT_COLUMNS, empty


def score_texts(texts: Sequence[str]) -> pd.DataFrame:
    """One row per string: textblob_polarity, textblob_subjectivity, vader_compound, score."""
    return pd.DataFrame({c: [0.0] * len(texts) for c in
                         ["textblob_polarity", "textblob_subjectivity", "vader_compound", "score"]})


def quote_sentiment(quotes: pd.DataFrame) -> pd.DataFrame:
    """The ``sentiment`` frame: every quote with the SENTIMENT_COLUMNS."""
    return empty("sentiment").reindex(columns=empty("sentiment").columns.tolist() + SENTIMENT_COLUMNS)


def speaker_sentiment(sentiment: pd.DataFrame) -> pd.DataFrame:
    """Per (article, speaker) and per (ALL, speaker): mean score, n and a bootstrap 90% interval."""
    return empty("speaker_sentiment")
