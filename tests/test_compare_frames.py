"""benchmarks/compare_frames.py: rows matched by key, differences found, long frames pivoted to wide ones."""

import importlib.util
from pathlib import Path

import pandas as pd

from helpers.paths import ROOT

spec = importlib.util.spec_from_file_location("compare_frames", ROOT / "benchmarks" / "compare_frames.py")
compare_frames = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare_frames)


def _write(folder: Path, name: str, frame: pd.DataFrame) -> None:
    (folder / name).mkdir(parents=True)
    frame.to_parquet(folder / name / "part-000000.parquet", index=False)


def test_rows_in_another_order_are_equal_and_a_changed_cell_is_found(tmp_path):
    old = pd.DataFrame({"article_id": ["a", "a", "b"], "quote_id": ["a:q1", "a:q2", "b:q1"],
                        "speaker": ["X", None, "Y"], "confidence": [0.5, 0.9, float("nan")]})
    _write(tmp_path / "old", "quotes", old)
    _write(tmp_path / "same", "quotes", old.iloc[::-1])
    changed = old.copy()
    changed.loc[1, "speaker"] = "Z"
    _write(tmp_path / "new", "quotes", changed)
    same = compare_frames.compare(old, compare_frames.read(tmp_path / "same", "quotes"), "quotes", 0.0)
    assert (same["only old"], same["only new"], same["differing"]) == (0, 0, 0)
    diff = compare_frames.compare(old, compare_frames.read(tmp_path / "new", "quotes"), "quotes", 0.0)
    assert diff["differing"] == 1 and diff["columns"] == {"speaker": 1}
    fewer = compare_frames.compare(old, old.iloc[:2], "quotes", 0.0)
    assert fewer["only old"] == 1 and fewer["only new"] == 0


def test_a_long_frame_is_compared_with_a_wide_one_through_a_pivot():
    wide = pd.DataFrame({"article_id": ["ALL"], "speaker": ["X"], "n_quotes": [2], "stance_russia": [-0.5],
                         "stance_ukraine": [0.0], "label_russia": ["negative"], "label_ukraine": ["neutral"]})
    long = pd.DataFrame({"article_id": ["ALL", "ALL"], "speaker": ["X", "X"], "target": ["russia", "ukraine"],
                         "n_quotes": [2, 2], "stance": [-0.5, 0.0], "label": ["negative", "neutral"]})
    result = compare_frames.compare(wide, long, "positions", 0.0)
    assert (result["only old"], result["only new"], result["differing"]) == (0, 0, 0)
    long.loc[1, "label"] = "positive"
    assert compare_frames.compare(wide, long, "positions", 0.0)["columns"] == {"label_ukraine": 1}
