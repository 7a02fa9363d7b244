"""One colour and legend label per side, from ``data/sides.csv``: every plot and page uses these."""

import csv
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .paths import data_file

FALLBACK = "unknown"
NO_SIDE = "none"


@lru_cache(maxsize=4)
def _table(path: str, mtime: float) -> pd.DataFrame:
    with open(path, encoding="utf-8", newline="") as f:  # colours start with '#': only whole lines are comments
        rows = list(csv.DictReader(line for line in f if not line.lstrip().startswith("#")))
    return pd.DataFrame(rows, columns=["side", "colour", "label"]).fillna("").set_index("side")


def load_sides(path: str | Path | None = None) -> pd.DataFrame:
    """The sides table, indexed by ``side``: ``colour``, ``label``."""
    path = Path(path or data_file("sides.csv"))
    return _table(str(path), path.stat().st_mtime)


def key(side: object) -> str:
    """The table's row for a frame's ``side`` value: empty or missing is ``none``, unlisted ``unknown``."""
    if not isinstance(side, str) or not side.strip():
        return NO_SIDE
    return side if side in load_sides().index else FALLBACK


def side_colours() -> dict[str, str]:
    """``{side: colour}`` of every row of the table."""
    return load_sides()["colour"].to_dict()


def colour(side: object) -> str:
    """The colour of a frame's ``side`` value."""
    return load_sides().at[key(side), "colour"]


def label(side: object) -> str:
    """The legend label of a frame's ``side`` value."""
    return load_sides().at[key(side), "label"]
