"""Project-relative paths, so notebooks and scripts never hard-code ``../..``."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ARTICLES = DATA / "articles"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
CACHE = ROOT / ".cache" / "newsvoices"
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold"
CORPUS = SHARED / "corpus"


def data_file(name: str) -> Path:
    """Path of an editable table in ``data/`` (actors.csv, cue lexicons…)."""
    return DATA / name
