"""Hand corrections of quotes (``data/corrections.csv``): a wrong speaker, a wrong kind, not a quote.

``apply`` runs after quote extraction and before sentiment and positions, so every later frame
sees the corrected quotes. Corrected rows get ``corrected=True``; a correction whose ``quote``
text matches no quote of its article, or several, becomes a ``problems`` row and changes nothing.
Corrections for articles not in the frame are ignored (the table serves every run).
"""

import re
from pathlib import Path

import pandas as pd

from .actors import matcher
from .frames import COLUMNS
from .knowledge import Knowledge, resolve

TABLE_COLUMNS = ["article_id", "quote", "field", "value", "note"]
FIELDS = ("speaker", "kind", "remove")
KINDS = ("direct", "partial", "indirect")
SPACE = re.compile(r"\s+")
NONE = pd.DataFrame(columns=[*TABLE_COLUMNS, "line"])  # no corrections (the quotes as found)


def read_corrections(path: Path) -> pd.DataFrame:
    """The corrections table of a file (``TABLE_COLUMNS``, strings; ``line`` = its line in the file)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if not line.lstrip().startswith("#"))
    table = pd.read_csv(path, skiprows=first, dtype=str, skipinitialspace=True, keep_default_na=False,
                        comment=None).reindex(columns=TABLE_COLUMNS).fillna("")
    table = table.apply(lambda c: c.str.strip())
    table["line"] = range(first + 2, first + 2 + len(table))  # 1-based, after the header line
    table.attrs["source"] = str(path)
    return table


def load_corrections(knowledge: Knowledge | None = None) -> pd.DataFrame:
    """The ``corrections.csv`` of the knowledge (default: ``data/``), read again when it changes."""
    return resolve(knowledge).load("corrections.csv", read_corrections)


def _norm(text: str) -> str:
    return SPACE.sub(" ", text).strip().casefold()


def _problem(corrections: pd.DataFrame, row: dict, reason: str, detail: str) -> dict:
    source = f"{corrections.attrs.get('source', 'corrections')}:{row.get('line', '?')}"
    return {"source_path": source, "article_id": row["article_id"], "reason": reason, "detail": detail}


def apply(quotes: pd.DataFrame, corrections: pd.DataFrame, actors: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(quotes corrected, problems)``: each correction of an article in ``quotes`` applied to the one
    quote whose text contains its ``quote`` piece. ``speaker`` corrections take the side and role of
    the actors table (``unknown`` side for a name not in it) and confidence 1."""
    quotes = quotes.assign(corrected=False)
    problems: list[dict] = []
    mine = corrections[corrections["article_id"].isin(set(quotes["article_id"]))]
    if mine.empty:
        return quotes, pd.DataFrame(problems, columns=COLUMNS["problems"])
    names = matcher(actors)
    texts = quotes["text"].fillna("").map(_norm)
    drop = []
    for row in mine.to_dict("records"):
        field, value = row["field"].lower(), row["value"]
        if field not in FIELDS or (field == "kind" and value not in KINDS) or (field == "speaker" and not value):
            problems.append(_problem(corrections, row, "bad correction",
                                     f"field {field!r} with value {value!r}: use speaker <name>, kind "
                                     f"{'|'.join(KINDS)} or remove"))
            continue
        piece = _norm(row["quote"])
        hits = quotes.index[(quotes["article_id"] == row["article_id"]) & bool(piece)
                            & texts.str.contains(piece, regex=False)]
        if len(hits) != 1:
            reason = "correction matches no quote" if len(hits) == 0 else "correction matches several quotes"
            ids = ", ".join(quotes.loc[hits, "quote_id"].astype(str))
            problems.append(_problem(corrections, row, reason, f"{row['quote']!r} in {row['article_id']}"
                                     + (f": {ids}; quote more of the text" if ids else "; nothing changed")))
            continue
        at = hits[0]
        if field == "remove":
            drop.append(at)
        elif field == "kind":
            quotes.loc[at, "kind"] = value
        else:
            name = names.match(value) or value
            quotes.loc[at, ["speaker", "side", "role", "confidence"]] = [name, names.side(name), names.role(name), 1.0]
        quotes.loc[at, "corrected"] = True
    return quotes.drop(index=drop).reset_index(drop=True), pd.DataFrame(problems, columns=COLUMNS["problems"])
