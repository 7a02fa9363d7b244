"""Trends break across gaps and count undated articles; plots group the rest of a top-N and skip non-speakers."""

import pandas as pd

from helpers import plots, sides, trends

ARTICLES = pd.DataFrame({"article_id": list("abcde"), "outlet": None,
                         "published": ["2010-01-05", "2010-03-02", "2024-05-01", None, "2024-05-20"]})
QUOTES = pd.DataFrame({"article_id": list("aabce"), "side": ["russia", "ukraine", "russia", "russia", "ukraine"],
                       "score": [0.1, 0.2, 0.3, 0.4, 0.5]})


def test_counts_are_zero_where_articles_exist_and_empty_in_gaps():
    table = trends.counts_over_time(QUOTES, ARTICLES, "side", "MS")
    assert table.loc["2010-03-01"].tolist() == [1, 0]        # an article, no ukraine quote: 0
    assert table.loc["2010-02-01"].isna().all()              # no article at all: a gap, not 0
    assert table.index[0] == pd.Timestamp("2010-01-01") and table.index[-1] == pd.Timestamp("2024-05-01")
    assert trends.undated(ARTICLES) == 1


def test_means_are_empty_in_gaps():
    means = trends.mean_over_time(QUOTES, ARTICLES, "score", "side", "MS", min_n=1)
    assert means["russia"].notna().sum() == 3 and means.loc["2015-01-01"].isna().all()


def test_top_n_groups_and_counts_the_rest():
    values = pd.Series({"a": 5, "b": 9, "c": 1, "d": 2})
    assert plots.top_n(values, 2).to_dict() == {"b": 9, "a": 5, "other (2 more)": 3}
    assert plots.top_n(values, 10).index.tolist() == ["b", "a", "d", "c"]


def test_unresolved_and_article_voice_are_not_speakers():
    frame = pd.DataFrame({"speaker": ["Peskov", "(unresolved)", None, "(article)", ""]})
    kept, left_out = plots.speakers_only(frame)
    assert kept["speaker"].tolist() == ["Peskov"] and left_out == 4


def test_one_colour_per_side_from_the_table():
    table = sides.load_sides()
    assert table["colour"].is_unique and sides.colour("russia") == table.at["russia", "colour"]
    assert sides.colour("") == table.at["none", "colour"] and sides.colour("martians") == table.at["unknown", "colour"]
    labels = [h.get_label() for h in plots.side_handles(["ukraine", "russia", "ukraine"])]
    assert labels == [table.at["russia", "label"], table.at["ukraine", "label"]]
