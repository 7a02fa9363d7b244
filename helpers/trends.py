"""Corpus trends: quotes, sentiment and stance per period (by ``articles.published``), side, speaker, outlet.

Every function takes frames and returns a wide frame (one row per period, one column per group)
ready to plot; periods are pandas frequency aliases ("W" weekly, "MS" monthly). Periods without
any article are NaN (not 0) and every period between the first and the last is a row, so plotted
lines break across gaps in the coverage instead of bridging years. Undated articles cannot be
placed in time: ``undated`` counts them, to be said next to every trend.
"""

import pandas as pd

MIN_ARTICLES = 2


def _published(articles: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(articles["published"], errors="coerce", utc=True).dt.tz_localize(None)


def dated(frame: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its article's ``published`` (UTC timestamp) and ``outlet``; undated rows dropped."""
    when = articles[["article_id", "outlet"]].assign(published=_published(articles))
    return frame.merge(when, on="article_id", how="inner").dropna(subset=["published"])


def undated(articles: pd.DataFrame) -> int:
    """How many articles have no usable ``published`` date (left out of every trend)."""
    return int(_published(articles).isna().sum())


def no_trend_reason(articles: pd.DataFrame) -> str | None:
    """Why the corpus cannot show trends (one article, no dates, one date), or None."""
    if len(articles) < MIN_ARTICLES:
        return "one article: no trends" if len(articles) == 1 else "no articles: no trends"
    days = _published(articles).dropna().dt.normalize()
    if days.nunique() < MIN_ARTICLES:
        return f"{days.nunique()} publication date(s) among {len(articles)} articles: no trends"
    return None


def period(span: pd.Timedelta) -> str:
    """Weekly bins for a corpus spanning up to six months, monthly beyond."""
    return "W" if span <= pd.Timedelta(days=183) else "MS"


def _on_periods(table: pd.DataFrame, articles: pd.DataFrame, freq: str, fill: float | None) -> pd.DataFrame:
    """``table`` on every period of the coverage: ``fill`` where articles exist but no rows, NaN in gaps."""
    when = _published(articles).dropna().to_frame("published")
    per_period = when.groupby(pd.Grouper(key="published", freq=freq)).size()
    table = table.reindex(per_period.index)
    if fill is not None:
        table[per_period.to_numpy() > 0] = table[per_period.to_numpy() > 0].fillna(fill)
    table[per_period.to_numpy() == 0] = float("nan")
    return table


def _top(values: pd.Series, n: int) -> list:
    return values.value_counts().head(n).index.tolist()


def counts_over_time(frame: pd.DataFrame, articles: pd.DataFrame, by: str, freq: str, top: int = 8) -> pd.DataFrame:
    """Rows of ``frame`` (e.g. quotes) per period and value of ``by`` (its ``top`` most frequent): 0 in
    periods with articles but no such rows, NaN in periods without articles."""
    rows = dated(frame, articles).dropna(subset=[by])
    rows = rows[rows[by].isin(_top(rows[by], top))]
    table = rows.groupby([pd.Grouper(key="published", freq=freq), by]).size().unstack(by, fill_value=0)
    return _on_periods(table, articles, freq, 0) if len(table) else table


def mean_over_time(frame: pd.DataFrame, articles: pd.DataFrame, value: str, by: str, freq: str,
                   top: int = 6, min_n: int = 3) -> pd.DataFrame:
    """Mean of ``value`` per period and ``by`` (its ``top`` most frequent); cells under ``min_n`` rows,
    and periods without articles, empty."""
    rows = dated(frame, articles).assign(**{value: lambda f: pd.to_numeric(f[value], errors="coerce")})
    rows = rows.dropna(subset=[value, by])
    rows = rows[rows[by].isin(_top(rows[by], top))]
    grouped = rows.groupby([pd.Grouper(key="published", freq=freq), by])[value].agg(["mean", "size"])
    table = grouped["mean"].where(grouped["size"] >= min_n).unstack(by)
    return _on_periods(table, articles, freq, None) if len(table) else table


def by_outlet(frame: pd.DataFrame, articles: pd.DataFrame, by: str = "side") -> pd.DataFrame:
    """Rows of ``frame`` per outlet (where known) and value of ``by``."""
    rows = frame.merge(articles[["article_id", "outlet"]], on="article_id").dropna(subset=["outlet", by])
    return rows.groupby(["outlet", by]).size().unstack(by, fill_value=0)
