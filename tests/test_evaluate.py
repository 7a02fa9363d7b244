"""Evaluator arithmetic on a hand-made gold file, and the dev-set acceptance check when ../shared exists."""

import json

import pandas as pd
import pytest

from helpers import actors, evaluate
from helpers.paths import GOLD

TEXT = ("Talks resume\n\n"
        "“We will never give up our land,” said Volodymyr Zelensky. "
        "Dmitry Peskov said that the talks were useful. "
        "The “Minsk” points remain a problem.")


def span(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


def gold_quote(fragment, kind, speaker, optional=False):
    s, e = span(fragment)
    return {"start": s, "end": e, "text": fragment, "kind": kind, "speaker": speaker, "optional": optional}


@pytest.fixture
def gold_dir(tmp_path):
    gold = {"article_id": "tiny", "text": TEXT, "quotes": [
        gold_quote("We will never give up our land,", "direct", "Volodymyr Zelenskyy"),
        gold_quote("the talks were useful", "indirect", "Peskov"),
        gold_quote("Minsk", "partial", None, optional=True),
        gold_quote("The “Minsk” points remain a problem", "indirect", "Sergei Lavrov"),
    ]}
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "tiny.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


def test_scoring_arithmetic(gold_dir):
    results = evaluate.evaluate(gold_dir)
    row = results["summary"].set_index("file").loc["sub/tiny.json"]
    # 3 required gold quotes, the last one is not predicted: recall 2/3; both predictions are right.
    assert (row.n_gold, row.n_optional, row.n_found, row.n_right) == (3, 1, 2, 2)
    assert row.precision == 1.0 and row.recall == pytest.approx(2 / 3)
    assert row.f1 == pytest.approx(0.8)
    # speakers compared by surname across transliterations: Zelensky == Zelenskyy, Dmitry Peskov == Peskov
    assert (row.n_speaker, row.n_speaker_right) == (2, 2)
    assert results["misses"]["text"].tolist() == ["The “Minsk” points remain a problem"]
    assert results["summary"]["file"].iloc[-1] == "ALL"
    assert "Misses (1)" in evaluate.format_report(results)


def test_score_file_counts_half_overlaps_and_ignores_optional():
    gold = {"quotes": [gold_quote("We will never give up our land,", "direct", "Volodymyr Zelensky"),
                       gold_quote("Minsk", "partial", None, optional=True)]}
    s, e = span("We will never give up")
    pred = pd.DataFrame([
        {"start": s, "end": e, "kind": "direct", "speaker": "Joe Biden", "speaker_mention": "Biden", "text": "x"},
        {"start": s - 2, "end": e + 40, "kind": "direct", "speaker": None, "speaker_mention": None, "text": "y"},
        {"start": span("Minsk")[0], "end": span("Minsk")[1], "kind": "partial", "speaker": None,
         "speaker_mention": None, "text": "Minsk"},
    ])
    row, misses, wrong, false_pos = evaluate.score_file(gold, pred, actors.matcher(actors.load_actors()), "f")
    # first prediction lies inside the gold quote (right) and covers 21 of its 31 chars (found);
    # the second is mostly outside (false positive); the optional match is not counted.
    assert (row["n_pred"], row["n_pred_scored"], row["n_right"], row["n_found"]) == (3, 2, 1, 1)
    assert len(false_pos) == 1 and not misses
    assert wrong[0]["predicted"] == "Joe Biden"


def test_same_speaker_uses_surnames_and_aliases():
    m = actors.matcher(actors.load_actors())
    assert evaluate.same_speaker("Volodymyr Zelenskiy", "Zelenski", m)
    assert evaluate.same_speaker("Mykhailo Podoliak", "Mykhailo Podolyak", m)
    assert not evaluate.same_speaker("Dmitry Peskov", "Vladimir Putin", m)
    assert not evaluate.same_speaker(None, "Vladimir Putin", m)


@pytest.mark.skipif(not (GOLD / "press").is_dir(), reason="../shared/gold is absent (evaluation runs only with it)")
def test_dev_set_meets_acceptance():
    summary = evaluate.evaluate(GOLD / "press")["summary"].set_index("file").loc["ALL"]
    assert summary.f1 >= 0.9 and summary.speaker_accuracy >= 0.9
