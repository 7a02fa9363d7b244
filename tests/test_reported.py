"""Reported speech in news writing (helpers/reported.py), on sentences written for these tests."""

import pandas as pd
import pytest

from helpers import actors, articles, quotes, reported, segments


@pytest.fixture(scope="module")
def table():
    return actors.load_actors()


def find(table, *paras: str) -> pd.DataFrame:
    text = "Harbour bridge plans stall\n\n" + "\n\n".join(paras)
    arts = pd.DataFrame([articles.article_from_text("t", text)])
    found = quotes.find_quotes(arts, segments.paragraphs(arts), table)
    for q in found.to_dict("records"):
        assert text[q["start"]:q["end"]] == q["text"]
        if isinstance(q["speaker_mention"], str):
            assert text[q["speaker_start"]:q["speaker_end"]] == q["speaker_mention"]
    return found


def rows(found: pd.DataFrame) -> list[tuple]:
    return [(r["kind"], r["text"], r["speaker_mention"]) for r in found.to_dict("records")]


@pytest.mark.parametrize("para, clause, mention", [
    # present tense, a common-noun subject, no "that"
    ("Local engineers say the bridge will cost far more than planned.",
     "the bridge will cost far more than planned", "Local engineers"),
    # a fronted adverbial before the subject, an object and a time word after the cue
    ("On Tuesday, the harbour board told reporters the tender would reopen in spring.",
     "the tender would reopen in spring", "the harbour board"),
    # an apposition between the name and the cue
    ("Maria Lindqvist, a structural engineer, said the cables had rusted through.",
     "the cables had rusted through", "Maria Lindqvist"),
    # a prepositional phrase between the cue and the clause
    ("The ferry company said in a statement Monday night it had cancelled all crossings.",
     "it had cancelled all crossings", "The ferry company"),
    # a possessive opening the subject ("her" is no object here), and an object before the clause
    ("Maria Lindqvist said her department would review the cables.", "her department would review the cables",
     "Maria Lindqvist"),
    ("Maria Lindqvist told her the cables had rusted through.", "the cables had rusted through", "Maria Lindqvist"),
    # a negated cue after "and" goes on with the report: no next speech act of the speaker
    ("Maria Lindqvist said she has not held fundraising dinners and never called a donor for money.",
     "she has not held fundraising dinners and never called a donor for money", "Maria Lindqvist"),
])
def test_reported_clause_after_its_cue(table, para, clause, mention):
    assert ("indirect", clause, mention) in rows(find(table, para))


@pytest.mark.parametrize("para, clause, mention", [
    ("The bridge will cost far more than the council planned, local engineers say.",
     "The bridge will cost far more than the council planned", "local engineers"),
    ("The cables had rusted through long before the storm, said the harbour master.",
     "The cables had rusted through long before the storm", "the harbour master"),
])
def test_postposed_attribution(table, para, clause, mention):
    assert ("indirect", clause, mention) in rows(find(table, para))


def test_according_to_at_the_end_attributes_the_clause_before_it(table):
    found = rows(find(table, "Repair costs rose by a third in two years, according to the city auditor."))
    assert found == [("indirect", "Repair costs rose by a third in two years", "the city auditor")]


def test_according_to_after_an_opening_phrase_attributes_the_clause_after_it(table):
    found = rows(find(table, "At the same time, according to the city auditor, repair costs rose by a third."))
    assert ("indirect", "repair costs rose by a third", "the city auditor") in found


def test_quotation_after_a_cue_and_a_comma_is_direct(table):
    found = rows(find(table, 'The ferry captain shrugged after the meeting, saying, "We sail again on Sunday, '
                             'whatever the board decides."'))
    assert found == [("direct", "We sail again on Sunday, whatever the board decides.", "The ferry captain")]


def test_mixed_quote_is_the_reported_clause_with_its_fragment_inside(table):
    found = find(table, 'Maria Lindqvist said the cables were "beyond repair" and should be replaced this year.')
    kinds = {r["kind"]: r for r in found.to_dict("records")}
    assert kinds["indirect"]["text"] == 'the cables were "beyond repair" and should be replaced this year'
    assert kinds["partial"]["text"] == "beyond repair"
    assert kinds["indirect"]["start"] < kinds["partial"]["start"] < kinds["indirect"]["end"]


def test_relative_clause_report_ends_at_its_comma(table):
    found = find(table, "Maria Lindqvist, who said the cables had rusted, left the meeting early.")
    assert ("indirect", "the cables had rusted", "who") in rows(found)   # the antecedent speaks, 'who' mentions her
    assert found.loc[found["text"] == "the cables had rusted", "speaker"].tolist() == ["Maria Lindqvist"]


@pytest.mark.parametrize("para", [
    "The State Department released more pages of the report on Friday.",   # a name, not a cue
    "Trucks use the well-maintained road along the harbour every morning.",   # a cue inside a hyphenated word
    "Told about the delay, the engineers went home.",   # no clause after the cue
    "The harbour master told Maria Lindqvist about the plans for the new pier.",   # an object, then "about"
    "While those surveyed said little, the board voted to reopen the tender.",   # a subordinate clause's subject
])
def test_no_report_without_a_speaker_and_a_clause(table, para):
    assert rows(find(table, para)) == []


def test_typewriter_double_marks_are_quotation_marks(table):
    found = find(table, "''We will rebuild the pier by spring,'' Mr. Holm said. ''It will take a year.''")
    assert rows(found) == [("direct", "We will rebuild the pier by spring,", "Mr. Holm"),
                           ("direct", "It will take a year.", "Mr. Holm")]
    assert set(found["speaker"]) == {"Holm"}


def test_second_quotation_of_a_paragraph_shares_the_first_ones_attribution(table):
    found = find(table, '"The ferry is late again," she said. "Nobody on the board takes a bus."')
    assert [r[2] for r in rows(found)] == ["she", "she"]
    assert found["speaker_start"].nunique() == 1


@pytest.mark.parametrize("mention, speaker", [
    ("Senator Charles E. Grassley, Republican of Iowa,", "Charles E. Grassley"),   # initial and apposition
    ("Anna Holm, a spokeswoman for Vladimir Putin,", "Anna Holm"),   # the apposition names someone else
    ("Peter Berg of Cheyenne", "Peter Berg"),   # where the person is from
])
def test_postposed_name_with_an_apposition(table, mention, speaker):
    found = find(table, f'"The ferry is too slow for commuters," {mention} said.')
    assert found["speaker"].tolist() == [speaker]


def test_quotation_after_any_speech_act_and_a_comma(table):
    found = rows(find(table, 'Anna Holm snapped back, "Nobody on the board has ever taken the ferry."'))
    assert found == [("direct", "Nobody on the board has ever taken the ferry.", "Anna Holm")]


def test_fragment_after_its_cue_makes_the_clause_a_mixed_quote(table):
    found = find(table, 'Anna Holm warned the council of "utter disarray" if the plan failed.')
    kinds = {r["kind"]: r for r in found.to_dict("records")}
    assert kinds["indirect"]["text"] == 'the council of "utter disarray" if the plan failed'
    assert kinds["partial"]["text"] == "utter disarray"
    assert kinds["indirect"]["speaker_mention"] == kinds["partial"]["speaker_mention"] == "Anna Holm"


def test_fragment_that_is_the_whole_report_stays_partial(table):
    found = find(table, 'Anna Holm said that "the pier is finished" and left.')
    assert found["kind"].tolist() == ["partial"]


def test_quotation_in_a_clause_no_cue_opens(table):
    found = find(table, 'Anna Holm dismissed the harbour plan as "a sign of utter disarray" at the council.')
    assert ("indirect", 'the harbour plan as "a sign of utter disarray" at the council', "Anna Holm") in rows(found)


def test_short_scare_quotes_after_an_ordinary_verb_are_no_report(table):
    assert rows(find(table, 'The ferry company launched its "Blue Line" service in May.')) == []


@pytest.mark.parametrize("pronoun, speaker", [("he", "Peter Berg"), ("she", "Anna Holm")])
def test_pronoun_takes_the_nearest_speaker_of_its_gender_by_first_name(table, pronoun, speaker):
    found = find(table, "Peter Berg said the old pier was not safe for ferries. Anna Holm said the old pier was "
                        "still safe for ferries.", f'"We will not sell the pier," {pronoun} said.')
    assert one_row(found, "We will not sell")["speaker"] == speaker


def test_outlet_quoting_someone_relays_their_words(table):
    found = find(table, '"We will build the pier," the harbour news website quoted Anna Holm as saying.')
    assert found["speaker"].tolist() == ["Anna Holm"]


def test_organisation_as_speaker(table):
    found = find(table, "The Kremlin said the talks on the harbour would continue next week.")
    assert found[["speaker", "speaker_mention"]].values.tolist() == [["Kremlin", "The Kremlin"]]


def test_headline_and_caption_words_are_not_speakers(table):
    text = ("Harbour Board Said To Weigh Sale Of Its Ferry Unit\n\nGetty Images\n\n"
            '"Nobody asked the passengers about any of this," a commuter said. "It is a scandal for all of us."')
    arts = pd.DataFrame([articles.article_from_text("t", text)])
    found = quotes.find_quotes(arts, segments.paragraphs(arts), table)
    assert found["speaker_mention"].tolist() == ["a commuter", "a commuter"]
    assert found["speaker"].isna().all()


def one_row(found: pd.DataFrame, fragment: str) -> dict:
    hits = found[found["text"].str.contains(fragment, regex=False)]
    assert len(hits) == 1, found[["kind", "text"]].to_dict("records")
    return hits.iloc[0].to_dict()


def test_relative_clause_credits_its_antecedent(table):
    found = find(table, "The ferry board met Peter Berg, who said the old pier could not carry trucks, on Friday.")
    assert ("indirect", "the old pier could not carry trucks", "who") in rows(found)
    assert found.loc[found["text"] == "the old pier could not carry trucks", "speaker"].tolist() == ["Peter Berg"]


def test_back_reference_is_not_a_clause(table):
    found = find(table, "Ferries will run again in May. Anna Holm said this during a visit to the harbour on Monday.")
    assert not found["text"].str.startswith("this during").any()


def test_clause_going_on_after_an_opening_fragment_is_a_mixed_quote(table):
    found = rows(find(table, 'Anna Holm said "the ferry will never pay" whatever the council decides next year.'))
    assert ("indirect", '"the ferry will never pay" whatever the council decides next year', "Anna Holm") in found
    assert ("partial", "the ferry will never pay", "Anna Holm") in found


def test_fragment_followed_by_an_adverbial_stays_partial(table):
    found = find(table, 'Anna Holm has insisted that "the pier is finished" during her visit to the harbour.')
    assert found["kind"].tolist() == ["partial"]


@pytest.mark.parametrize("para, clause", [
    ('Anna Holm called the harbour plan "a costly fantasy."', 'the harbour plan "a costly fantasy."'),
    ('Peter Berg criticized the timetable as "a disgrace to the town."', 'the timetable as "a disgrace to the town."'),
    # a coordinated predicate after the fragment is no longer the report
    ('Anna Holm called the plan "a disgrace" and threatened to resign from the board.', 'the plan "a disgrace"'),
])
def test_naming_verb_reports_its_object_with_the_fragment(table, para, clause):
    assert clause in [text for kind, text, _ in rows(find(table, para)) if kind == "indirect"]


@pytest.mark.parametrize("para", [
    'The mayor appeared on "Meet the Press" on Sunday.',                  # a title
    'The council finally approved the "harbour deal" on Monday.',         # a label after "the"
    'Hundreds of supporters wore "brown beret" gear to the rally.',       # a modifier of the next word
    'The ferry company launched its "Blue Line" service in May.',
])
def test_titles_labels_and_scare_quotes_without_a_cue_are_no_quotes(table, para):
    assert rows(find(table, para)) == []


def test_quotation_without_a_cue_in_its_sentence_is_kept(table):
    found = find(table, "Peter Berg spoke after the vote. For the fishermen, the new timetable was "
                        '"a betrayal of everyone who depends on the ferry."', '"Nobody asked us."')
    assert ("partial", "a betrayal of everyone who depends on the ferry.") in [r[:2] for r in rows(found)]
    assert ("direct", "Nobody asked us.") in [r[:2] for r in rows(found)]


def test_form_of_a_quotation_tells_speech_from_markup_and_the_gap_between_two_quotations():
    words = reported.report_words()
    cues = quotes.load_cues().pattern
    markup = '<post date="May 2, 2019">'
    assert not reported.spoken(markup, markup.index('"'), markup.rindex('"'), words)
    speech = 'The mayor said it was "a betrayal of the town" today.'
    assert reported.spoken(speech, speech.index('"'), speech.rindex('"'), words)
    gap = '" the harbour master concluded. Then "'
    assert reported.attribution_gap(gap, 0, len(gap) - 1, cues)
    words_with_a_cue = '"We said no to the plan."'
    assert not reported.attribution_gap(words_with_a_cue, 0, len(words_with_a_cue) - 1, cues)


def test_according_to_a_source_with_an_apposition_attributes_the_clause_before_it(table):
    found = rows(find(table, "Repair costs rose by a third in two years, according to Ann Lee, head of the audit office."))
    assert [r[:2] for r in found] == [("indirect", "Repair costs rose by a third in two years")]


def test_fragment_after_a_cue_whose_subject_is_unknown_still_makes_a_mixed_quote(table):
    # no name the speaker finder knows: the report comes from the last step, the clause ends at the comma
    found = rows(find(table, 'On the quay a fisherman called the new timetable "a betrayal of the town," a view '
                             'many share.'))
    assert ("indirect", 'the new timetable "a betrayal of the town,"') in [r[:2] for r in found]
    assert ("partial", "a betrayal of the town,") in [r[:2] for r in found]


def test_postposed_attribution_of_a_clause_opening_with_a_quotation(table):
    found = rows(find(table, '"We never asked for these fees" at any of the harbour meetings, Peter Berg said.'))
    assert found == [("indirect", '"We never asked for these fees" at any of the harbour meetings', "Peter Berg"),
                     ("partial", "We never asked for these fees", "Peter Berg")]


def test_postposed_attribution_followed_by_a_participle(table):
    found = rows(find(table, "The bridge will cost far more than planned, local engineers said on Monday, adding "
                             "that the work would stop."))
    assert ("indirect", "The bridge will cost far more than planned", "local engineers") in found


@pytest.mark.parametrize("para, clause", [
    # a dash inside the quoted words ends no clause
    ('Ann Lee said the ferry line has been a bargain "by every yardstick — fares, speed and comfort" this year.',
     'the ferry line has been a bargain "by every yardstick — fares, speed and comfort" this year'),
    # ", but that …" goes on with the same report
    ('Ann Lee said the pier "needs work," but that the council would "find the money" for it.',
     'the pier "needs work," but that the council would "find the money" for it'),
])
def test_a_reported_clause_runs_past_marks_inside_quotes_and_but_that(table, para, clause):
    assert clause in [text for kind, text, _ in rows(find(table, para)) if kind == "indirect"]



def test_a_fragment_opening_with_a_cue_word_is_no_attribution_gap():
    """'"read the report twice"' opens with a cue word but no name follows: someone's words, not the text between
    two mispaired quotations ('" said Ann Lee. Then "')."""
    cues = quotes.load_cues().pattern
    words = '"read the harbour report twice."'
    assert not reported.attribution_gap(words, 0, len(words) - 1, cues)
    gap = '" said Ann Lee. Then "'
    assert reported.attribution_gap(gap, 0, len(gap) - 1, cues)


@pytest.mark.parametrize("para, clause", [
    # an -ing adjective after "and" is no second speech act ...
    ("According to Ann Lee, the two towns have many other useful and promising plans for the harbour.",
     "the two towns have many other useful and promising plans for the harbour"),
    # ... but an -ing cue opening its own report is
    ("According to Ann Lee, the ferry is late again and warning that fares will rise.", "the ferry is late again"),
])
def test_a_reported_clause_ends_only_at_an_ing_cue_that_reports(table, para, clause):
    assert ("indirect", clause, "Ann Lee") in rows(find(table, para))


@pytest.mark.parametrize("attribution", ["Ann Lee said", "said Ann Lee", "she said"])
def test_a_participle_after_a_quotation_and_its_attribution_goes_on_with_its_speaker(table, attribution):
    """'"…," Ann Lee said, adding that …': the clause after "adding" is a report of the quotation's speaker."""
    found = find(table, f'"The ferry is late again," {attribution}, adding that the harbour needs a second pier.')
    clause = found[found["text"] == "the harbour needs a second pier"]
    assert list(clause["kind"]) == ["indirect"]
    assert clause["speaker_mention"].iloc[0] == attribution.replace("said", "").strip()


def test_a_role_subject_of_a_first_verb_speaks_after_and_said(table):
    """'The foreign minister criticised the plan and said …': the role is the speaker mention, resolved or not."""
    found = find(table, "The foreign minister criticised the harbour plan and said the ferry would be late.")
    clause = found[found["text"] == "the ferry would be late"]
    assert list(clause["speaker_mention"]) == ["The foreign minister"]


def test_the_subject_before_a_phrase_set_off_by_commas_speaks_after_and_said(table):
    """'Maria Lindqvist, speaking in Oslo, criticised the plan and said …': a participle or apposition between
    commas after the subject leaves it the speaker of the coordinated report."""
    found = find(table, "Maria Lindqvist, speaking at a meeting in Oslo, criticised the harbour plan and said the ferry "
                        "would be late.")
    clause = found[found["text"] == "the ferry would be late"]
    assert list(clause["speaker_mention"]) == ["Maria Lindqvist"]


def test_the_subject_of_a_subordinate_clause_after_a_comma_speaks():
    """ "…, although his aides say their plan was better": the aides' report (the subject after the conjunction),
    also a three-word clause opening with a pronoun ("Already, 40 delegates have said they support Holm")."""
    text = ("Harbour vote\n\nThe mayor's campaign may never match hers, although his aides say their plan was better "
            "than expected. Already, forty delegates have publicly said they support Holm.")
    arts = pd.DataFrame([articles.article_from_text("t", text)])
    found = quotes.find_quotes(arts, segments.paragraphs(arts), actors.load_actors()).set_index("text")
    assert found.loc["their plan was better than expected", "speaker_mention"] == "his aides"
    assert "they support Holm" in found.index


def test_a_subject_after_a_conjunction_without_comma_and_a_possessive_noun_cue():
    """ "… hours after spokesman Tom Berg told reporters that the port was "ready" and was waiting for Oslo's answer on
    the plan": Berg's report, the whole clause ("Oslo's answer" is a noun, not the next report's cue)."""
    text = ("Harbour vote\n\nThe strike began hours after spokesman Tom Berg told reporters that the port was "
            "\u201cready for talks\u201d and was waiting for Oslo\u2019s answer on the plan.")
    arts = pd.DataFrame([articles.article_from_text("t", text)])
    found = quotes.find_quotes(arts, segments.paragraphs(arts), actors.load_actors())
    report = found[found["kind"] == "indirect"].iloc[0]
    assert report["text"].endswith("answer on the plan") and report["speaker"] == "Tom Berg"
