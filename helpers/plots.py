"""Plot helpers shared by the notebooks, so plots stay readable on large folders.

Top-N with the rest grouped and counted, side colours and legends from ``data/sides.csv``
(``helpers.sides``), legends outside the axes, figure heights that keep bar labels apart.
matplotlib is imported only where a legend is built.
"""

import pandas as pd

from . import sides
from .positioning import ARTICLE_SPEAKER
from .sentiment import UNRESOLVED

NOT_SPEAKERS = (UNRESOLVED, ARTICLE_SPEAKER)  # groups of quotes or sentences that are no person


def top_n(values: pd.Series, n: int, other: str = "other") -> pd.Series:
    """The ``n`` largest values, and the rest summed as one row named "<other> (<k> more)"."""
    values = values.sort_values(ascending=False)
    if len(values) <= n:
        return values
    rest = values.iloc[n:]
    return pd.concat([values.iloc[:n], pd.Series({f"{other} ({len(rest)} more)": rest.sum()})])


def speakers_only(frame: pd.DataFrame, column: str = "speaker") -> tuple[pd.DataFrame, int]:
    """Rows of ``frame`` that name a person (no empty speaker, "(unresolved)" or "(article)"), and how
    many rows were left out."""
    keep = frame[column].notna() & (frame[column] != "") & ~frame[column].isin(NOT_SPEAKERS)
    return frame[keep], int((~keep).sum())


def side_handles(present) -> list:
    """Legend handles (same-size squares) for the sides in ``present``, in the table's order."""
    from matplotlib.patches import Patch

    keys = {sides.key(s) for s in present}
    table = sides.load_sides()
    return [Patch(color=row.colour, label=row.label) for side, row in table.iterrows() if side in keys]


def legend_outside(ax, handles: list | None = None, title: str | None = None, **kwargs):
    """A legend right of the axes (never over the data); ``handles`` default to the axes' labelled artists."""
    kwargs = {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0), "borderaxespad": 0.0, "fontsize": 9} | kwargs
    return ax.legend(handles=handles, title=title, **kwargs) if handles is not None else ax.legend(title=title, **kwargs)


def height(rows: int, per_row: float = 0.32, base: float = 1.6) -> float:
    """Figure height (inches) for ``rows`` horizontal bars or labels, so labels never overlap."""
    return base + per_row * max(rows, 1)


def sentiment_bars(tone: pd.DataFrame, title: str, ax=None):
    """Horizontal bars of ``speaker_sentiment`` rows: each speaker's mean score with its 90% interval,
    coloured by side (``data/sides.csv``), legend outside. Returns the matplotlib axes."""
    import matplotlib.pyplot as plt

    tone = tone.sort_values("mean_score")
    ax = ax or plt.subplots(figsize=(8, height(len(tone), 0.4)))[1]
    ax.barh([f"{s} ({sides.label(side)})" for s, side in zip(tone["speaker"], tone["side"])], tone["mean_score"],
            xerr=[tone["mean_score"] - tone["ci_low"], tone["ci_high"] - tone["mean_score"]],
            color=[sides.colour(s) for s in tone["side"]], edgecolor="black", linewidth=0.5)
    ax.axvline(0, color="grey", lw=0.8)
    ax.set(title=title, xlabel="mean combined score (−1 negative … +1 positive, unitless)", ylabel="speaker (side)")
    legend_outside(ax, side_handles(tone["side"]), title="side")
    return ax
