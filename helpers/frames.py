"""The columns of every frame newsvoices produces: the project's one contract.

Every stage returns frames with exactly these columns (extra columns only where documented
here). Offsets are Python string indices into ``articles.text`` of the same ``article_id``.
"""

import pandas as pd

COLUMNS: dict[str, list[str]] = {
    # one row per article
    "articles": [
        "article_id", "source_path", "format", "title", "author", "published", "outlet", "url",
        "text", "body_start", "body_end", "n_chars", "n_words", "content_hash",
    ],
    # one row per input (or record) that could not be read fully
    "problems": ["source_path", "article_id", "reason", "detail"],
    # one row per paragraph / sentence; role: title, byline, subheading, body, author_bio, caption, dateline, turn_label
    "paragraphs": ["article_id", "para_id", "start", "end", "role", "text"],
    "sentences": ["article_id", "sent_id", "para_id", "start", "end", "role", "text"],
    # one row per quote; text == article.text[start:end] (without the quotation marks)
    "quotes": [
        "article_id", "quote_id", "kind", "start", "end", "text", "cue", "cue_start", "cue_end",
        "speaker", "speaker_mention", "speaker_start", "speaker_end", "role", "side", "confidence",
    ],
    # one row per (article, speaker)
    "speakers": [
        "article_id", "speaker", "side", "role", "n_quotes", "n_direct", "n_partial", "n_indirect",
        "words_quoted", "share_quoted_words", "first_mention",
    ],
    # one row per scored quote (quote columns needed to trace it, plus SENTIMENT_COLUMNS)
    "sentiment": ["article_id", "quote_id", "speaker", "side", "kind", "start", "end", "text"],
    # one row per (article or ALL, speaker): aggregates of the combined score with a bootstrap 90% interval
    "speaker_sentiment": [
        "article_id", "speaker", "side", "n", "mean_score", "ci_low", "ci_high",
        "mean_textblob", "mean_vader", "share_disagree", "too_few",
    ],
    # one row per (evidence unit, target): a quote or a narrative sentence of "(article)"; side = speaker's camp
    "stances": [
        "article_id", "unit_id", "speaker", "side", "target", "stance", "start", "end", "text",
        "target_words", "cue_words", "model_words",
    ],
    # one row per (article or ALL, speaker, target) the speaker said something about
    "positions": [
        "article_id", "speaker", "side", "target", "n_quotes", "n_units", "stance", "label", "evidence",
    ],
}

# Columns the sentiment stage adds to any frame with a ``text`` column.
SENTIMENT_COLUMNS = [
    "textblob_polarity", "textblob_subjectivity", "textblob_words",
    "vader_compound", "vader_words",
    "score", "score_words", "engines_disagree",
]

# Columns the corrections stage (helpers/corrections.py) adds to ``quotes``: True where data/corrections.csv
# changed the row's speaker or kind.
CORRECTION_COLUMNS = ["corrected"]


def empty(name: str) -> pd.DataFrame:
    """An empty frame with the columns of ``name``."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS[name]})
