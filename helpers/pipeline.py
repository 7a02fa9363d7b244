"""Run every stage on a set of files and return all frames.

SIMPLE SERIAL VERSION: issue 6/7 add caching, parallel workers and the Dask engine.
"""

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from . import actors as actors_mod
from . import articles as articles_mod
from . import positioning, quotes as quotes_mod, segments, sentiment, speakers

FRAME_NAMES = ["articles", "problems", "paragraphs", "sentences", "quotes", "speakers",
               "sentiment", "speaker_sentiment", "stances", "positions"]


def analyze_frame(articles: pd.DataFrame, actors: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """All frames downstream of an ``articles`` frame."""
    actors = actors_mod.load_actors() if actors is None else actors
    paras = segments.paragraphs(articles)
    sents = segments.sentences(articles, paras)
    quotes = quotes_mod.find_quotes(articles, paras, actors)
    scored = sentiment.quote_sentiment(quotes)
    st = positioning.stances(articles, sents, quotes, actors)
    return {
        "articles": articles, "paragraphs": paras, "sentences": sents, "quotes": quotes,
        "speakers": speakers.speaker_table(quotes), "sentiment": scored,
        "speaker_sentiment": sentiment.speaker_sentiment(scored),
        "stances": st, "positions": positioning.positions(st, quotes),
    }


def analyze(paths: Iterable[str | Path], actors: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Read ``paths`` (files or folders) and return every frame, ``problems`` included."""
    articles, problems = articles_mod.read_articles(paths)
    frames = analyze_frame(articles, actors)
    frames["problems"] = problems
    return {name: frames[name] for name in FRAME_NAMES}
