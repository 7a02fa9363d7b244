"""Transcript speakers that name no one: a place a question was sent from, a common word written with a capital
(on invented transcripts)."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import actors, articles, quotes, segments
from helpers.knowledge import Knowledge
from helpers.paths import DATA
from helpers.speakers import ArticleSpeakers, vocabulary

TRANSCRIPT = """Direct Line with the President

Vladimir Putin: Good afternoon. Let us begin with the questions from the regions.
Maria Ivanova: Thank you. We have many calls today.
Perm Territory: Why are the old factories in our town closing?
Vladimir Putin: They are not closing, the plants are working.
Governor of the Perm Territory Anton Belov: Thank you for the question.
Maria Ivanova: The next caller asks about roads.
"""


def speakers(knowledge: Knowledge | None = None) -> dict[str, tuple]:
    arts = pd.DataFrame([articles.article_from_text("t", TRANSCRIPT)])
    found = quotes.find_quotes(arts, segments.paragraphs(arts), actors.load_actors(), knowledge=knowledge)
    return {q["text"]: (q["speaker"] if isinstance(q["speaker"], str) else None, q["speaker_mention"])
            for q in found.to_dict("records")}


def test_a_label_naming_a_place_is_a_turn_whose_speaker_stays_unknown(tmp_path: Path):
    found = speakers()
    assert found["Why are the old factories in our town closing?"] == (None, "Perm Territory")
    assert found["Thank you for the question."][0] == "Anton Belov"
    assert found["They are not closing, the plants are working."][0] == "Vladimir Putin"
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("articles"))
    table = data / "place_types.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("\nterritory\n", "\n"), encoding="utf-8")
    edited = speakers(Knowledge(data))
    assert edited["Why are the old factories in our town closing?"][0] == "Perm Territory"
    assert edited["Thank you for the question."][0] != "Anton Belov"


@pytest.mark.parametrize("lower_case_too, registered", [(True, False), (False, True)])
def test_a_capitalised_word_the_article_also_writes_in_lower_case_is_no_name(lower_case_too, registered):
    text = ("Talks on the harbour\n\nThe board would decide… Indeed, they might not agree. "
            + ("It was indeed a long night." if lower_case_too else "It was a long night."))
    people = ArticleSpeakers(text, actors.matcher(actors.load_actors()), vocabulary())
    assert ("Indeed" in people.people) == registered


def test_his_excellency_is_a_title_not_a_speaker():
    text = ("Forum opens\n\nPresident Kassym-Jomart Tokayev spoke at the forum. Last week, His Excellency also "
            "addressed the council and said: “We must build a constructive dialogue.”")
    arts = pd.DataFrame([articles.article_from_text("t", text)])
    found = quotes.find_quotes(arts, segments.paragraphs(arts), actors.load_actors())
    assert found["speaker"].tolist() == ["Kassym-Jomart Tokayev"]


def test_a_turn_word_label_names_the_person_the_article_introduced_by_it():
    """ "HOST:" is the host the introduction named ("The host, Lena Holm, spoke with …"); "QUESTION:" stays nobody's
    even after "answering a question, Mayor Berg said" (a name after the word, but no apposition)."""
    text = ("Harbour talks on the radio\n\n"
            "The host, Lena Holm, spoke with the mayor. Answering a question, Mayor Tom Berg said he was tired.\n\n"
            "HOST: Mayor, thank you for joining us.\n\n"
            "BERG: Thank you, Lena.\n\n"
            "QUESTION: Will the cranes move?\n\n"
            "BERG: They will move in May.")
    arts = pd.DataFrame([articles.article_from_text("t", text)])
    found = quotes.find_quotes(arts, segments.paragraphs(arts), actors.load_actors()).set_index("text")
    assert found.loc["Mayor, thank you for joining us.", "speaker"] == "Lena Holm"
    assert pd.isna(found.loc["Will the cranes move?", "speaker"])
    assert found.loc["They will move in May.", "speaker"] == "Tom Berg"


def test_a_line_label_may_carry_the_speakers_role_but_a_sentence_inside_a_turn_is_no_label():
    """ "Alisa Shmelyova, metrology engineer: …" opens her turn; "President Putin, a simple question for you: …"
    inside a questioner's turn stays the questioner's."""
    text = ("Conversation with workers\n\nVladimir Putin: Congratulations on this event.\nAlisa Shmelyova, metrology "
            "engineer: Mr President, thank you for your support of our plant.\nVladimir Putin: Okay.\n"
            "Question: I have a question. President Putin, a simple question for you: will the plant grow?\n")
    arts = pd.DataFrame([articles.article_from_text("t", text)])
    found = quotes.find_quotes(arts, segments.paragraphs(arts), actors.load_actors())
    said = {q["text"]: q["speaker"] for q in found.to_dict("records")}
    assert said["Mr President, thank you for your support of our plant."] == "Alisa Shmelyova"
    assert not any(t.startswith("will the plant grow") for t in said)
