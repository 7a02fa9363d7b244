"""Compare two output folders of ``python -m helpers analyze`` frame by frame. Prints a table and the differing rows.

Usage: .venv/bin/python benchmarks/compare_frames.py OLD_DIR NEW_DIR [--frames quotes stances] [--show 5]
                                                   [--tolerance 0] [--ignore source_path]

Each frame is read from its Parquet dataset (``<dir>/<frame>/part-*.parquet``), sorted by its key columns
(``KEYS``) and matched on them: rows only in OLD, rows only in NEW, and matched rows whose values differ (per
column; floats equal within ``--tolerance``, NaN equals NaN). A frame in long format (one row per ``target``) is
compared with a wide one (``stance_russia``, ``label_ukraine``…) by pivoting it to the wide columns the other has.
``--ignore`` leaves columns out (``source_path`` differs between two checkouts of the same files). Exit status 1
when any frame differs.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

KEYS = {"articles": ["article_id"], "problems": ["source_path", "article_id", "reason"],
        "paragraphs": ["article_id", "para_id"], "sentences": ["article_id", "sent_id"],
        "quotes": ["article_id", "quote_id"], "speakers": ["article_id", "speaker"],
        "sentiment": ["article_id", "quote_id"], "speaker_sentiment": ["article_id", "speaker"],
        "stances": ["article_id", "unit_id", "target"], "positions": ["article_id", "speaker", "target"]}


def read(folder: Path, name: str) -> pd.DataFrame | None:
    """The frame ``name`` of an output folder (None when it has none); list cells become tuples."""
    parts = sorted((folder / name).glob("part-*.parquet"))
    if not parts:
        return None
    tables = [pq.read_table(p) for p in parts]
    table = pa.concat_tables(tables, promote_options="permissive")
    frame = table.to_pandas()
    for column, field in zip(table.columns, table.schema):
        if pa.types.is_list(field.type) or pa.types.is_large_list(field.type):
            frame[field.name] = [None if v is None else tuple(v) for v in column.to_pylist()]
    return frame


def widen(long: pd.DataFrame, wide: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``long`` (one row per ``target``) as the wide columns ``<column>_<target>`` that ``wide`` has."""
    rest = [k for k in keys if k != "target"]
    values = [c for c in long.columns if c not in keys and any(w.startswith(f"{c}_") for w in wide.columns)]
    pivot = long.pivot_table(index=rest, columns="target", values=values, aggfunc="first")
    pivot.columns = [f"{c}_{t}" for c, t in pivot.columns]
    shared = [c for c in long.columns if c not in values and c not in keys]
    others = long.drop_duplicates(rest).set_index(rest)[shared]
    return pivot.join(others).reset_index()


def _keyed(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``frame`` indexed by ``keys`` (plus a running number where keys repeat), sorted."""
    frame = frame.copy()
    frame["_n"] = frame.groupby(keys, dropna=False).cumcount()
    return frame.set_index(keys + ["_n"]).sort_index()


def _equal(a: pd.Series, b: pd.Series, tolerance: float) -> np.ndarray:
    both_na = a.isna().to_numpy() & b.isna().to_numpy()
    if pd.api.types.is_numeric_dtype(a) and pd.api.types.is_numeric_dtype(b) and not pd.api.types.is_bool_dtype(a):
        x, y = a.to_numpy(dtype=float, na_value=np.nan), b.to_numpy(dtype=float, na_value=np.nan)
        return both_na | (np.abs(x - y) <= tolerance)
    return both_na | (a.astype(object).to_numpy() == b.astype(object).to_numpy())


def compare(old: pd.DataFrame, new: pd.DataFrame, name: str, tolerance: float) -> dict:
    """Counts of rows only in one side and of differing matched rows, with examples."""
    keys = [k for k in KEYS.get(name, []) if k in old.columns or k in new.columns]
    if "target" in keys and ("target" in old.columns) != ("target" in new.columns):
        old, new = (widen(old, new, keys), new) if "target" in old.columns else (old, widen(new, old, keys))
        keys = [k for k in keys if k != "target"]
    keys = [k for k in keys if k in old.columns and k in new.columns] or list(old.columns.intersection(new.columns))
    a, b = _keyed(old, keys), _keyed(new, keys)
    only_old, only_new = a.index.difference(b.index), b.index.difference(a.index)
    common = a.index.intersection(b.index)
    a, b = a.loc[common], b.loc[common]
    columns = [c for c in a.columns if c in b.columns]
    differ = pd.Series(False, index=common)
    by_column = {}
    for c in columns:
        same = _equal(a[c], b[c], tolerance)
        if not same.all():
            by_column[c] = int((~same).sum())
            differ |= ~same
    return {"frame": name, "old rows": len(old), "new rows": len(new), "only old": len(only_old),
            "only new": len(only_new), "differing": int(differ.sum()), "columns": by_column,
            "missing columns": sorted(set(old.columns) ^ set(new.columns)),
            "examples": (list(only_old[:SHOW]), list(only_new[:SHOW]),
                         [(k, {c: (a.at[k, c], b.at[k, c]) for c in by_column
                               if not _equal(a.loc[[k], c], b.loc[[k], c], tolerance).all()})
                          for k in differ[differ].index[:SHOW]])}


SHOW = 5


def main() -> int:
    global SHOW
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--frames", nargs="*", default=list(KEYS))
    ap.add_argument("--show", type=int, default=5, help="examples of differing rows per frame")
    ap.add_argument("--tolerance", type=float, default=0.0, help="float columns equal within this")
    ap.add_argument("--ignore", nargs="*", default=[], help="columns left out of the comparison")
    args = ap.parse_args()
    SHOW = args.show
    results, same = [], True
    for name in args.frames:
        old, new = read(args.old, name), read(args.new, name)
        if old is None or new is None:
            print(f"{name}: missing in {'OLD' if old is None else 'NEW'}")
            same = False
            continue
        old, new = (f.drop(columns=[c for c in args.ignore if c in f.columns]) for f in (old, new))
        results.append(compare(old, new, name, args.tolerance))
    table = pd.DataFrame([{k: v for k, v in r.items() if k in ("frame", "old rows", "new rows", "only old",
                                                                "only new", "differing")} for r in results])
    print(table.to_string(index=False))
    for r in results:
        if r["only old"] or r["only new"] or r["differing"] or r["missing columns"]:
            same = False
            only_old, only_new, changed = r["examples"]
            print(f"\n== {r['frame']}: {r['only old']} only in OLD, {r['only new']} only in NEW, {r['differing']} "
                  f"differing; columns differing {r['columns']}; columns in one side only {r['missing columns']}")
            for k in only_old:
                print(f"  only OLD {k}")
            for k in only_new:
                print(f"  only NEW {k}")
            for k, cells in changed:
                print(f"  differs {k}: " + "; ".join(f"{c}: {o!r} -> {n!r}" for c, (o, n) in cells.items()))
    print("\nall frames identical" if same else "\nframes differ")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
