"""The editable actors table (``data/actors.csv``) and name matching against it.

STUB: to be replaced (issue 3).
"""

from pathlib import Path

import pandas as pd

from .paths import data_file


def load_actors(path: str | Path | None = None) -> pd.DataFrame:
    """Actors with list columns ``aliases`` and ``descriptors``."""
    return pd.read_csv(path or data_file("actors.csv"), comment="#")
