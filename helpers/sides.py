"""One colour and legend label per side, from ``data/sides.csv``: every plot and page uses these."""

import csv
from pathlib import Path

import pandas as pd

from .actors import fold
from .knowledge import Knowledge, read_table, resolve

FALLBACK = "unknown"
NO_SIDE = "none"


def read_sides(path: Path) -> pd.DataFrame:
    """The sides table of a file, indexed by ``side``: ``colour``, ``label``."""
    with open(path, encoding="utf-8", newline="") as f:  # colours start with '#': only whole lines are comments
        rows = list(csv.DictReader(line for line in f if not line.lstrip().startswith("#")))
    return pd.DataFrame(rows, columns=["side", "colour", "label"]).fillna("").set_index("side")


def load_sides(knowledge: Knowledge | None = None) -> pd.DataFrame:
    """The ``sides.csv`` of the knowledge (default: ``data/``), read again when it changes."""
    return resolve(knowledge).load("sides.csv", read_sides)


def country_sides(knowledge: Knowledge | None = None) -> dict[str, str]:
    """``{folded country: side}`` of ``data/country_sides.csv``: the side of speakers known only by nationality."""
    return resolve(knowledge).load("country_sides.csv", _read_country_sides)


def _read_country_sides(path: Path) -> dict[str, str]:
    return {fold(r["country"]).strip(): r["side"].strip() for r in read_table(path).to_dict("records")}


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
