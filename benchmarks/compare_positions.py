"""Compare the stances and positions of two runs of ``python -m helpers analyze`` (CSV folders), the long
``positions`` format of this release read back to the wide one of earlier releases through a pivot.

Usage: .venv/bin/python benchmarks/compare_positions.py BASELINE_DIR NEW_DIR

Stance rows are matched on (article_id, unit_id, target); a unit the new run leaves out is explained when it
is a quote the new stage deliberately reads as no stance of its speaker (``positioning._silent``: a
questioner's turn, a partial quote inside an indirect one). Positions are compared per (article, speaker):
every column of the wide frame (stance_<t>, label_<t>, n_quotes, evidence); a speaker the long format has no
row for must be neutral toward every target in the baseline.
"""

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helpers import positioning  # noqa: E402
from helpers.positions import wide  # noqa: E402

KEY = ["article_id", "unit_id", "target"]


def _read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype={"unit_id": str, "article_id": str}, keep_default_na=False,
                       na_values=[""])


def silent_units(folder: Path) -> set[tuple[str, str]]:
    """(article_id, quote_id) of the quotes of ``folder`` that carry no stance (``positioning._silent``)."""
    articles = _read(folder, "articles").set_index("article_id")["text"]
    quotes = _read(folder, "quotes")
    out = set()
    for aid, group in quotes.groupby("article_id", sort=False):
        rows = list(zip(range(len(group)), *(group[c].tolist() for c in
                                              ["quote_id", "kind", "start", "end", "cue", "speaker_end", "speaker",
                                               "side"])))
        out |= {(aid, q) for q in positioning._silent(articles[aid], rows)}
    return out


def compare_stances(base: pd.DataFrame, new: pd.DataFrame, silent: set) -> None:
    merged = base.merge(new, on=KEY, how="outer", suffixes=("_base", "_new"), indicator=True)
    only_base = merged[merged["_merge"] == "left_only"]
    explained = [(a, u) in silent for a, u in zip(only_base["article_id"], only_base["unit_id"])]
    both = merged[merged["_merge"] == "both"]
    columns = [c for c in base.columns if c not in KEY]
    diff = pd.Series(False, index=both.index)
    for c in columns:
        diff |= ~_same(both[f"{c}_base"], both[f"{c}_new"])
    changed = both[diff]
    print(f"stances: baseline {len(base)} rows, new {len(new)} rows")
    print(f"  only in baseline: {len(only_base)} ({sum(explained)} of silent quotes: questioner turns or "
          f"partial-in-indirect; {len(only_base) - sum(explained)} unexplained)")
    print(f"  only in new: {int((merged['_merge'] == 'right_only').sum())}")
    print(f"  in both with a different value: {len(changed)}")
    if len(changed):
        print(changed.head(10).to_string())
    if len(only_base) - sum(explained):
        print(only_base[[not e for e in explained]].head(10).to_string())


def _same(a: pd.Series, b: pd.Series) -> pd.Series:
    na = a.isna() & b.isna()
    try:
        return na | ((a.astype(float) - b.astype(float)).abs() < 1e-9)
    except (TypeError, ValueError):
        return na | (a.astype(str) == b.astype(str))


def compare_positions(base: pd.DataFrame, new: pd.DataFrame, changed_groups: set) -> None:
    stance, labels = wide(new), wide(new, "label")
    evidence = new.groupby(["article_id", "speaker"], sort=False)["evidence"].agg(
        lambda e: ";".join(dict.fromkeys(u for x in e if isinstance(x, str) for u in x.split(";") if u)))
    pivot = stance.rename(columns={t: f"stance_{t}" for t in new["target"].unique()})
    for t in new["target"].unique():
        pivot[f"label_{t}"] = labels[t]
    pivot = pivot.set_index(["article_id", "speaker"]).join(evidence)
    base = base.set_index(["article_id", "speaker"])
    missing = base.index.difference(pivot.index)
    neutral = base.loc[missing]
    label_cols = [c for c in base.columns if c.startswith("label_")]
    not_neutral = neutral[(neutral[label_cols] != "neutral").any(axis=1)]
    common = base.index.intersection(pivot.index)
    print(f"positions: baseline {len(base)} (article, speaker) rows, new long {len(new)} rows = {len(pivot)} "
          f"(article, speaker) groups")
    unexplained = [g for g in not_neutral.index if g not in changed_groups and not (
        g[0] == "ALL" and any(s == g[1] for _, s in changed_groups))]
    print(f"  baseline groups without a long row: {len(missing)} (neutral toward every target in the baseline: "
          f"{len(missing) - len(not_neutral)}; not: {len(not_neutral)}, of them speakers with a silent quote: "
          f"{len(not_neutral) - len(unexplained)})")
    print(f"  new groups not in baseline: {len(pivot.index.difference(base.index))}")
    columns = [c for c in base.columns if c in pivot.columns and c != "evidence"]
    b, p = base.loc[common, columns], pivot.loc[common, columns]
    diff = pd.Series(False, index=common)
    for c in columns:
        diff |= ~_same(b[c], p[c])
    e_base = base.loc[common, "evidence"].fillna("").map(lambda x: sorted(x.split(";")) if x else [])
    e_new = pivot.loc[common, "evidence"].fillna("").map(lambda x: sorted(x.split(";")) if x else [])
    diff |= e_base != e_new
    changed = diff[diff].index
    expected = [g in changed_groups or ("ALL", g[1]) in changed_groups or
                (g[0] == "ALL" and any(s == g[1] for _, s in changed_groups)) for g in changed]
    print(f"  groups with a different value: {len(changed)} ({sum(expected)} of speakers with a silent quote; "
          f"{len(changed) - sum(expected)} others)")
    for g in changed[:40]:
        print("   ", g, {c: (b.loc[g, c], p.loc[g, c]) for c in columns if not _same(b.loc[[g], c], p.loc[[g], c]).iloc[0]})


def main(base_dir: str, new_dir: str) -> None:
    base, new = Path(base_dir), Path(new_dir)
    silent = silent_units(new)
    kinds = _read(new, "quotes").set_index(["article_id", "quote_id"]).loc[sorted(silent), "kind"]
    print(f"silent quotes: {len(silent)} ({kinds.value_counts().to_dict()}; partial = inside an indirect one, "
          "direct = a questioner's turn)")
    compare_stances(_read(base, "stances"), _read(new, "stances"), silent)
    quotes = _read(new, "quotes").set_index(["article_id", "quote_id"])
    groups = {(a, quotes.loc[(a, q), "speaker"]) for a, q in silent}
    compare_positions(_read(base, "positions"), _read(new, "positions"), groups)


if __name__ == "__main__":
    main(*sys.argv[1:3])
