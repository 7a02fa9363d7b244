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


def _crowd() -> pd.DataFrame:
    """Long ``positions`` rows: 30 invented speakers near the origin and three far out."""
    from helpers.frames import COLUMNS

    stances = [(f"Crowd Member {i}", "", 0.01 * (i % 7) - 0.03, 0.0, 5) for i in range(30)]
    stances += [("Far Hawk", "russia", 0.8, -0.6, 40), ("Far Dove", "ukraine", -0.5, 0.7, 30),
                ("Few Words", "eu", -0.4, 0.0, 1),
                ("Hawk Neighbour", "russia", 0.78, -0.62, 10)]
    rows = [dict(article_id="x", speaker=s, side=side, target=t, n_quotes=n, n_units=2, stance=v, label="",
                 evidence="") for s, side, r, u, n in stances for t, v in (("russia", r), ("ukraine", u))]
    return pd.DataFrame(rows, columns=COLUMNS["positions"])


def test_map_names_only_points_outside_the_neutral_band_and_lists_the_rest():
    import matplotlib
    matplotlib.use("Agg")
    from helpers.positions import plot_map

    ax = plot_map(_crowd(), "crowd", top=40, labels=3)
    tables = [t.get_text() for t in ax.texts if t.get_text().startswith("not named")]
    named = {t.get_text() for t in ax.texts} - set(tables)
    # most quotes first; the crowd gets no name, nor a point next to a named one; three labels allowed
    assert named == {"Far Hawk", "Far Dove", "Few Words (few quotes)"}
    assert len(tables) == 1 and "not named on the map (31)" in tables[0]
    assert "Crowd Member 29" in tables[0] and "Hawk Neighbour" in tables[0]
    assert plot_map(_crowd(), "crowd", top=40, labels=2).texts[-1].get_text().count("Few Words*") == 1
    colours = {tuple(c.round(3)) for c in ax.collections[0].get_facecolors()[:, :3]}
    assert len(colours) == 4  # none (crowd), russia, ukraine, eu: one colour per side


def test_sentiment_bars_take_their_colour_from_the_side_table():
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.colors import to_hex

    tone = pd.DataFrame({"speaker": ["A", "B"], "side": ["russia", "ukraine"], "mean_score": [0.2, -0.1],
                         "ci_low": [0.1, -0.3], "ci_high": [0.3, 0.0]})
    ax = plots.sentiment_bars(tone, "t")
    assert [to_hex(b.get_facecolor()) for b in ax.patches] == [sides.colour("ukraine"), sides.colour("russia")]
    assert ax.get_legend() is not None and [t.get_text() for t in ax.get_legend().get_texts()] == ["Russia", "Ukraine"]
