"""data/corrections.csv: a correction changes every frame of its article; a bad one is a problem row."""

import json

import pandas as pd
import pytest

from helpers import articles as articles_mod, corrections, evaluate, pipeline

TEXT = ("Envoys meet in Geneva\n\n"
        "Diplomats met in Geneva on Monday to discuss a ceasefire.\n\n"
        "\"We condemn the brutal Russian attack on Kyiv and we stand with Ukraine,\" Ignazio Cassis said.\n\n"
        "\"The talks were useful and we thank our hosts,\" Dmitry Peskov said.\n")


def _articles() -> pd.DataFrame:
    return pd.DataFrame([articles_mod.article_from_text("geneva", TEXT)])


def _table(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    table = pd.DataFrame([dict(article_id=a, quote=q, field=f, value=v, note="test") for a, q, f, v in rows],
                         columns=corrections.TABLE_COLUMNS)
    return table.assign(line=range(2, 2 + len(table)))


def _first_quote_speaker(frame: pd.DataFrame) -> str:
    return frame.loc[frame["text"].str.contains("brutal Russian attack"), "speaker"].iloc[0]


def test_reassigning_a_speaker_changes_quotes_speakers_sentiment_and_positions():
    before = pipeline.analyze_frame(_articles(), corrections=_table())
    after = pipeline.analyze_frame(_articles(), corrections=_table(
        ("geneva", "brutal   RUSSIAN attack", "speaker", "Sybiha")))
    assert _first_quote_speaker(before["quotes"]) == "Ignazio Cassis"
    fixed = after["quotes"][after["quotes"]["corrected"]]
    assert fixed[["speaker", "side", "confidence"]].values.tolist() == [["Andrii Sybiha", "ukraine", 1.0]]
    assert not before["quotes"]["corrected"].any() and after["problems"].empty
    assert "Ignazio Cassis" in set(before["speakers"]["speaker"])
    assert "Ignazio Cassis" not in set(after["speakers"]["speaker"])
    assert "Andrii Sybiha" in set(after["speakers"]["speaker"])
    assert _first_quote_speaker(after["sentiment"]) == "Andrii Sybiha"
    assert "Andrii Sybiha" in set(after["speaker_sentiment"]["speaker"])
    moved = after["positions"][(after["positions"]["article_id"] == "geneva")]
    assert "Andrii Sybiha" in set(moved["speaker"]) and "Ignazio Cassis" not in set(moved["speaker"])
    assert "Andrii Sybiha" in set(after["stances"]["speaker"])


def test_kind_and_remove():
    after = pipeline.analyze_frame(_articles(), corrections=_table(
        ("geneva", "useful and we thank", "kind", "partial"), ("geneva", "brutal Russian", "remove", "")))
    quotes = after["quotes"]
    assert len(quotes) == 1 and quotes["kind"].tolist() == ["partial"] and quotes["corrected"].all()
    assert "Ignazio Cassis" not in set(after["positions"]["speaker"])


@pytest.mark.parametrize("piece, reason", [("never said this", "correction matches no quote"),
                                           ("said", "correction matches no quote"),
                                           ("we", "correction matches several quotes")])
def test_a_correction_matching_no_quote_or_several_is_a_problem_row(piece, reason):
    after = pipeline.analyze_frame(_articles(), corrections=_table(("geneva", piece, "speaker", "Sybiha")))
    assert after["problems"][["article_id", "reason"]].values.tolist() == [["geneva", reason]]
    assert not after["quotes"]["corrected"].any()
    assert _first_quote_speaker(after["quotes"]) == "Ignazio Cassis"


def test_a_bad_field_is_a_problem_and_other_articles_are_ignored():
    after = pipeline.analyze_frame(_articles(), corrections=_table(("geneva", "brutal", "colour", "red"),
                                                                   ("elsewhere", "brutal", "remove", "")))
    assert after["problems"]["reason"].tolist() == ["bad correction"]
    assert len(after["quotes"]) == 2


def test_the_table_loads_with_its_comments(tmp_path):
    path = tmp_path / "corrections.csv"
    path.write_text("# a comment, with a comma\narticle_id,quote,field,value,note\n"
                    "geneva,\"brutal, Russian\",speaker,Sybiha,it is his\n", encoding="utf-8")
    table = corrections.read_corrections(path)
    assert table[["quote", "value", "line"]].values.tolist() == [["brutal, Russian", "Sybiha", 3]]
    assert corrections.load_corrections().columns.tolist()[:5] == corrections.TABLE_COLUMNS


def test_evaluation_scores_without_and_with_corrections(tmp_path):
    start = TEXT.index("The talks were useful")
    quote = "The talks were useful and we thank our hosts,"
    gold = {"article_id": "geneva", "text": TEXT, "quotes": [
        {"start": start, "end": start + len(quote), "text": quote, "kind": "direct", "speaker": "Dmitry Peskov"}]}
    (tmp_path / "geneva.json").write_text(json.dumps(gold), encoding="utf-8")
    results = evaluate.evaluate(tmp_path, corrections=_table(("geneva", "thank our hosts", "speaker", "Lavrov")))
    effect = results["corrections"]
    assert effect["speaker_accuracy"].tolist() == [1.0, 0.0]
    assert effect["corrections"].tolist() == ["without", "with (1 quote(s) corrected)"]
    assert "without and with" in evaluate.format_report(results)
