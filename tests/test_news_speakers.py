"""Speakers of newspaper sentences (thirteenth stop): appositions, participle phrases, contrasting reports, sides."""

import pandas as pd
import pytest

from test_quotes import body, find, table  # noqa: F401 (the actors-table fixture)


def speaker_of(found: pd.DataFrame, fragment: str) -> object:
    rows = found[found["text"].str.contains(fragment, regex=False)]
    assert len(rows) >= 1, (fragment, found[["kind", "text"]].to_dict("records"))
    return rows.iloc[0]["speaker"]


def test_the_name_in_an_apposition_before_the_verb_is_the_subject_of_a_participle_cue(table):
    """ "The EU's top diplomat, Ann Lee, has made the point, saying …": Ann Lee; "Lee" is no verb ("Kallas")."""
    found = find(body("The EU’s foreign policy chief, Kaja Kallas, has made the same point, saying that any deal "
                      "must not reward the invasion."), table)
    assert speaker_of(found, "any deal must not") == "Kaja Kallas"


def test_a_pronoun_after_an_introduced_person_is_that_person_not_the_previous_speaker(table):
    text = body("“We are tired,” Oleksandr Mazur said.",
                "Mazur’s neighbour, Serhiy Tkachenko, a 45-year-old tram driver, is more defiant. “If we give them "
                "this city today, tomorrow they will want the next one,” he said.")
    assert speaker_of(find(text, table), "If we give them") == "Serhiy Tkachenko"


def test_a_cue_word_after_an_article_and_an_adjective_is_a_noun(table):
    """ "struck a similar note, telling …": the participle reports, with the sentence's subject as speaker."""
    found = find(body("Slovakia’s Robert Fico struck a similar note, telling Slovak television that sanctions were "
                      "costly for his country."), table)
    row = found[found["text"].str.startswith("sanctions were costly")]
    assert list(row["cue"]) == ["telling"] and list(row["speaker"]) == ["Robert Fico"]


def test_a_preposition_after_a_cue_names_no_speaker(table):
    text = body("Tatiana Stanovaya, the founder of a political analysis firm, cautioned against reading too much "
                "into the ministry’s rhetoric. “The real signals come from elsewhere,” she said.")
    found = find(text, table)
    assert not found["text"].str.contains("Tatiana Stanovaya, the founder").any()
    assert speaker_of(found, "The real signals") == "Tatiana Stanovaya"


def test_a_participle_phrase_after_an_unnamed_source_is_not_its_name(table):
    """ "A senior European diplomat involved in the discussions said": the diplomat, not "the discussions"; later
    "the diplomat" is that source, not an envoy the article named before."""
    text = body("The plan was drafted by US envoy Steve Witkoff and Kremlin envoy Kirill Dmitriev. A senior "
                "European diplomat involved in the discussions said the text was “much better than before”.",
                "“We are being asked to pay for reconstruction,” the diplomat said.")
    found = find(text, table)
    assert speaker_of(found, "the text was") == "senior European diplomat"
    assert speaker_of(found, "We are being asked") == "senior European diplomat"


def test_a_contrasting_report_of_another_speaker_ends_the_first_report(table):
    text = body("Marco Rubio said the meeting had been “the most productive” of the year, while Rustem Umerov, "
                "Ukraine’s chief negotiator, described the text as a document that “reflects our interests”.")
    found = find(text, table)
    first = found[found["text"].str.startswith("the meeting had been")]
    assert list(first["text"]) == ["the meeting had been “the most productive” of the year"]
    assert speaker_of(found, "reflects our interests") == "Rustem Umerov"


@pytest.mark.parametrize("sentence, speaker, side", [
    ("Russian diplomats said the talks were over.", "Russian diplomats", "russia"),
    ("Serhiy Lysak, the Ukrainian governor of the region, said the talks were over.", "Serhiy Lysak", "ukraine"),
    ("A Western diplomat in Moscow said the talks were over.", "Western diplomat in Moscow", "unknown"),
])
def test_a_speaker_outside_the_actors_table_takes_the_side_of_its_nationality(table, sentence, speaker, side):
    found = find(body(sentence), table)
    row = found[found["speaker"] == speaker]
    assert len(row) and set(row["side"]) == {side}


def test_a_catenative_before_a_cue_belongs_to_the_subject(table):
    """ "The Kremlin's spokesman, Dmitry Peskov, likes to remind reporters that …": Peskov reminds."""
    found = find(body("The Kremlin’s spokesman, Dmitry Peskov, likes to remind reporters that Russia “has always "
                      "been open to dialogue”."), table)
    assert speaker_of(found, "has always been open") == "Dmitry Peskov"


def test_signalled_reports_a_clause(table):
    found = find(body("Moscow has signalled repeatedly that it sees the battlefield as the place to draw borders."),
                 table)
    assert speaker_of(found, "it sees the battlefield") == "Russia"


def test_an_age_description_is_the_person_the_article_just_named(table):
    text = body("Valentyna Hrytsenko was sweeping broken glass outside her building.",
                "“People on television talk about Istanbul,” said the 62-year-old retired chemistry teacher.")
    assert speaker_of(find(text, table), "People on television") == "Valentyna Hrytsenko"


def test_a_whose_clause_between_name_and_cue_is_skipped(table):
    found = find(body("Turkey's foreign minister, Hakan Fidan, whose country hosted the 2025 rounds, said the "
                      "sides were closer than ever."), table)
    assert speaker_of(found, "the sides were closer") == "Hakan Fidan"


def test_lower_case_title_words_the_role_table_lacks_still_open_the_sentence(table):
    """ "EU foreign policy chief Kaja Kallas dismissed the warning. "…," she said": she is Kallas."""
    text = body("“Russia must pay,” said Hakan Fidan.",
                "EU foreign policy chief Kaja Kallas dismissed the warning. “Russia does not get a veto,” she said.")
    assert speaker_of(find(text, table), "Russia does not get a veto") == "Kaja Kallas"


def test_he_and_she_teach_a_persons_gender(table):
    """Zając was "he": a later "she" is the woman named since, not him."""
    text = body("The mayor, Tomasz Zając, acknowledged the tensions. “We cannot pretend everything is easy,” he said.",
                "For Anna Kowal, who coordinates the aid point, the talk of peace has brought a new question. “Now "
                "they ask me whether they will lose their status,” she said.")
    assert speaker_of(find(text, table), "Now they ask me") == "Anna Kowal"


def test_a_report_inside_an_apposition_leaves_the_subjects_own_report(table):
    """ "Denis Volkov, director of X, a pollster that the government has labelled a "foreign agent", said that
    …": both reports; Volkov's speaker is Volkov, not the body his apposition names."""
    found = find(body("Denis Volkov, director of the Levada Center, an independent pollster that the government "
                      "has labelled a “foreign agent”, said that support for peace talks had been rising steadily."),
                 table)
    assert speaker_of(found, "support for peace talks") == "Denis Volkov"
    assert found["text"].str.contains("foreign agent").any()


def test_repeated_reports_a_clause(table):
    found = find(body("Kremlin spokesman Dmitry Peskov repeated this week that Moscow “will not repeat the "
                      "mistakes of 2022”."), table)
    assert speaker_of(found, "will not repeat") == "Dmitry Peskov"


def test_a_first_name_after_an_opening_phrase_is_a_subject_and_a_city_no_person(table):
    text = ("In Saratov, talk of peace meets weariness\n\nSARATOV, Russia — On the embankment, Lyudmila "
            "Sergeyevna sells socks.\n\nAt a covered market near the city centre, Olga, who sells dairy products, "
            "pointed to a slab of butter. “Two years ago it was half that,” she said.")
    assert speaker_of(find(text, table), "Two years ago") == "Olga"


def test_an_indefinite_description_with_a_role_introduces_someone_new(table):
    """ "A senior European diplomat said" after "Helena Marsh, a senior fellow at the European Council …" is an
    unnamed diplomat, not Marsh, whose words "senior" and "European" fit but whose role is no diplomat's."""
    text = body("That is where the trouble starts, says Helena Marsh, a senior fellow at the European Council on "
                "Foreign Relations.",
                "A senior European diplomat said the Geneva text was better than before.")
    assert speaker_of(find(text, table), "the Geneva text") == "senior European diplomat"


def test_a_person_a_sentence_opens_with_for_is_what_she_refers_to(table):
    text = body("“I will go,” said Olena Marchenko.",
                "For Anna Kowal, who coordinates the aid point, the talk of peace has brought a new question. “Now "
                "they ask me about their status,” she said.")
    assert speaker_of(find(text, table), "Now they ask me") == "Anna Kowal"
