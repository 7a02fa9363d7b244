"""Speaker mentions of quotations no cue word attributes (fixture sentences written for these tests)."""

import pandas as pd
import pytest

from helpers import actors, articles, quotes, segments


@pytest.fixture(scope="module")
def table():
    return actors.load_actors()


def quote(text: str, fragment: str, table) -> dict:
    arts = pd.DataFrame([articles.article_from_text("t", text)])
    found = quotes.find_quotes(arts, segments.paragraphs(arts), table)
    rows = found[found["text"].str.contains(fragment, regex=False)].to_dict("records")
    assert len(rows) == 1, (fragment, found[["kind", "text", "speaker"]].to_dict("records"))
    q = rows[0]
    if q["speaker_mention"]:
        assert text[q["speaker_start"]:q["speaker_end"]] == q["speaker_mention"]
    return q


def body(*paras: str) -> str:
    return "Harbour strike enters second week\n\n" + "\n\n".join(paras)


@pytest.mark.parametrize("para, mention, speaker", [
    ('"The cranes stay idle until spring," she grumbled.', "she", "Laura Jensen"),
    ('"Who pays for the dredging?" she went on.', "she", "Laura Jensen"),
    ('"Nobody asked the crews," Jensen snapped.', "Jensen", "Laura Jensen"),
    ('"Go home, all of you!" the man shouted from the quay.', "the man", ...),   # the mention, not a name before
])
def test_subject_and_any_verb_after_a_quotation_attribute_it(table, para, mention, speaker):
    text = body("Laura Jensen, who runs the northern docks, met the union on Monday. Mark Berg listened.", para)
    q = quote(text, para.split('"')[1][:12], table)
    assert q["speaker_mention"] == mention and speaker in (q["speaker"], ...)


@pytest.mark.parametrize("para", ['"The talks are over." He left the room.', '"Is this the end?" He walked out.'])
def test_a_new_sentence_after_a_quotation_attributes_nothing(table, para):
    text = body("Laura Jensen met the union on Monday.", para)
    q = quote(text, para.split('"')[1][:10], table)
    assert q["speaker_mention"] != "He"


@pytest.mark.parametrize("intro, mention, speaker", [
    ("The pilot Oskar Lind echoed:", "The pilot Oskar Lind", "Oskar Lind"),
    ("Laura Jensen spoke next. She then listed her demands:", "She", "Laura Jensen"),
    ("Freight figures for March - Ana Ruiz:", "Ana Ruiz", "Ana Ruiz"),
    ("The strike does not surprise the economist Ana Ruiz:", "Ana Ruiz", "Ana Ruiz"),
    ("When Berg left the union in 2004, Laura Jensen released a statement:", "Laura Jensen", "Laura Jensen"),
    ("Asked about the permits twice, the harbour master replied:", "the harbour master", None),
    ("Another docker wrote on the union board:", "Another docker", None),
])
def test_a_sentence_ending_in_a_colon_names_the_speaker_of_the_next_quotation(table, intro, mention, speaker):
    text = body("Mark Berg opened the meeting.", intro, '"Nobody sails without the permits, and nobody sails at night."')
    q = quote(text, "Nobody sails", table)
    assert (q["speaker_mention"], q["speaker"]) == (mention, speaker)


@pytest.mark.parametrize("dash", ["—", "–", "―"])
def test_any_dash_after_a_quotation_can_introduce_its_speaker(table, dash):
    q = quote(body(f"“The quay will reopen in May.” {dash} Ana Ruiz"), "quay will reopen", table)
    assert q["speaker"] == "Ana Ruiz"


def test_a_quotation_continuing_the_last_speaker_points_at_that_speakers_mention(table):
    text = body('Mark Berg met the union on Monday. "We will reopen the quay," he said.',
                '"The crews will be paid for every idle day."')
    q = quote(text, "crews will be paid", table)
    assert (q["speaker"], q["speaker_mention"]) == ("Mark Berg", "he")


@pytest.mark.parametrize("title, speaker", [
    ("Senator Ann Lee Blasts Harbour Plan", "Ann Lee"),     # Title Case: only the part the text repeats
    ("Ann Lee: Crews Deserve Better Pay", "Ann Lee"),        # a label
])
def test_title_case_headline_words_are_no_part_of_a_name(table, title, speaker):
    text = (f"{title}\n\nThe harbour plan was debated on Monday. Ann Lee, a senator, spoke first.\n\n"
            '"The crews deserve better pay, and the plan gives them nothing," Lee said.')
    assert quote(text, "crews deserve", table)["speaker"] == speaker


def test_a_headline_with_lower_case_words_keeps_its_names(table):
    text = ("Meeting with Harbour Director Oskar Lindqvist\n\nThe meeting took place in the port office.\n\n"
            '"We need two more cranes before the winter comes," Mr Lindqvist said.')
    assert quote(text, "two more cranes", table)["speaker"] == "Oskar Lindqvist"


def reports(text: str, table) -> dict[str, dict]:
    arts = pd.DataFrame([articles.article_from_text("t", text)])
    found = quotes.find_quotes(arts, segments.paragraphs(arts), table)
    return {q["text"][:12]: q for q in found.to_dict("records")}


def test_the_subject_nearest_the_cue_speaks_not_a_name_or_time_opening_the_sentence(table):
    found = reports(body("Mark Berg chairs the port board, and Ann Lee runs the docks.",
                         "Emerging from a long meeting with Ann Lee, Berg said the cranes would be repaired by May.",
                         "Six months ago, the harbour director said, the cranes had been idle for a whole season."), table)
    assert found["the cranes w"]["speaker"] == "Mark Berg"
    assert found["the cranes h"]["speaker_mention"] == "the harbour director"


@pytest.mark.parametrize("sentence, speaker", [
    ('"The port will get federal money before the storms," said Rep. Nora Quist.', "Nora Quist"),
    ("In a statement, Sen. Nora Quist said the crews had waited long enough for a fair deal.", "Nora Quist"),
    ("Ohio Gov. Peter Strand said the state would pay for half of the new quay.", "Peter Strand"),
    ("Democrat Nora Quist said the crews had waited long enough for a fair deal.", "Nora Quist"),
])
def test_titles_parties_and_states_are_no_part_of_a_name(table, sentence, speaker):
    found = reports(body("The port board met on Monday.", sentence), table)
    assert [q["speaker"] for q in found.values()] == [speaker]


def test_she_skips_a_man_known_by_his_first_name(table):
    text = body('Claire Dunn spoke first. Gordon Pike answered her. "We will not sign this deal tonight," she said.')
    assert quote(text, "sign this deal", table)["speaker"] == "Claire Dunn"


def test_a_name_after_title_words_opening_a_sentence_is_its_subject(table):
    text = body("Democratic Sen. Claire Dunn toured the docks. Gordon Pike, a union official, walked with her.",
                '"The crews were promised a fair deal in spring," she said.')
    assert quote(text, "crews were promised", table)["speaker"] == "Claire Dunn"


def test_a_party_and_state_in_parentheses_are_no_part_of_a_name(table):
    found = reports(body("In a statement, Sen. Nora Quist (D-Iowa) said the crews had waited long enough for a deal."),
                    table)
    assert [q["speaker"] for q in found.values()] == ["Nora Quist"]


def test_a_report_continuing_a_speaker_points_at_the_speakers_mention(table):
    text = body("Mark Berg chairs the port board.",
                "“We will reopen the quay in May,” he said, adding that the crews “would be paid for every idle day.”")
    found = reports(text, table)
    assert {(q["speaker"], q["speaker_mention"]) for q in found.values()} == {("Mark Berg", "he")}


@pytest.mark.parametrize("para, fragment, mention, speaker", [
    ('The board met Mayor Ann Lee, who has long called the dredging plan "a waste of harbour money."',
     "plan", "who", "Ann Lee"),                                  # the relative pronoun is the cue's subject
    ('"We sail at dawn," said Ann Lee, the port director, who added that the crews "will be paid for every day."',
     "crews \"will", "who", "Ann Lee"),                          # after an apposition
    ('Mark Berg spoke at the quay. Repair costs, he added, were "far too high for the crews."',
     "were", "he", "Mark Berg"),                                 # a pronoun between the mention and the cue
])
def test_the_word_right_before_a_cue_is_its_speaker_mention(table, para, fragment, mention, speaker):
    q = quote(body(para), fragment, table)
    assert (q["speaker_mention"], q["speaker"]) == (mention, speaker)


def test_a_place_ending_appositions_is_not_the_speaker(table):
    text = body("The crews met in the park.",
                'Dana Wills, a nurse from Tampa, Florida, said the plan of the board was "a good start."')
    q = quote(text, "plan of the board", table)
    assert (q["speaker_mention"], q["speaker"]) == ("Dana Wills", "Dana Wills")



@pytest.mark.parametrize("para, fragment, mention, speaker", [
    ('Informed of the harbour losses, Starr described the report as "news to the whole board."', "report as",
     "Starr", "Ann Starr"),
    ('Holding signs against the mayor, the dockers chanted "Pay the crews now."', "Pay the crews", "the dockers", None),
    ('Mark Berg\'s plan for the "smaller harbours," Starr said, "is a plan for empty quays."', "empty quays",
     "Starr", "Ann Starr"),                                      # a name nearer the cue than the one found
])
def test_a_subject_after_the_opening_words_comma_is_the_speaker_mention(table, para, fragment, mention, speaker):
    q = quote(body("Mark Berg and Ann Starr spoke at the quay.", para), fragment, table)
    assert (q["speaker_mention"], q["speaker"] if isinstance(q["speaker"], str) else None) == (mention, speaker)


@pytest.mark.parametrize("para", [
    'In Florida, Governor Ann Park released a statement Thursday night condemning "what looks like a cowardly attack."',
    'Governor Ann Park sent an email to donors Tuesday inviting them "to win a signed cap from the harbour."',
])
def test_a_place_or_day_before_a_participle_gives_way_to_the_main_subject(table, para):
    arts = pd.DataFrame([articles.article_from_text("t", body("Mark Berg spoke at the quay.", para))])
    found = quotes.find_quotes(arts, segments.paragraphs(arts), table)
    assert found["speaker"].tolist() and set(found["speaker"]) == {"Ann Park"}


@pytest.mark.parametrize("para, mention, speaker", [
    ('"The levee will hold," said Gov. Nora Quill of Vermont.', "Gov. Nora Quill of Vermont", "Nora Quill"),
    ('"Rates must fall," said Ivo Brandt of the Harbour Institute.', "Ivo Brandt of the Harbour Institute",
     "Ivo Brandt"),
    # a person met before, then whom the words are about: "of the Danes" names no speaker
    ('"They never listen," said Jensen of the Danes.', "Jensen of the Danes", "Laura Jensen"),
])
def test_a_name_before_of_or_from_is_the_speaker(table, para, mention, speaker):
    text = body("Dock workers walked out on Monday. Laura Jensen met them.", para,
                '"Nobody wins a strike," the mayor added later.')
    q = quote(text, para.split('"')[1][:12], table)
    assert q["speaker_mention"] == mention
    assert q["speaker"] == speaker


@pytest.mark.parametrize("para", [
    '"The cranes are old," Reese said. Okafor said the budget was "a gamble." "Nobody repaired the cranes."',
    '"The cranes are old," Reese said. The budget was "a gamble," Okafor said. "Nobody repaired the cranes."',
])
def test_an_unattributed_quotation_continues_the_latest_report_in_its_paragraph(table, para):
    text = body("Ruth Okafor chairs the harbour board. Mayor Tom Reese opposed her.", para)
    q = quote(text, "Nobody repaired", table)
    assert q["speaker"] == "Ruth Okafor" and q["speaker_mention"] == "Okafor"


@pytest.mark.parametrize("para, fragment, speaker", [
    ('Port director Laura Jensen, at her weekly briefing in Bergen, said the cranes "stay idle".', 'cranes "stay',
     "Laura Jensen"),   # a phrase between subject and cue names nobody
    ('Port director Laura Jensen, in a post on X: "The cranes stay idle until spring."', "The cranes",
     "Laura Jensen"),   # a colon intro without a verb: its subject, not the platform
    ('Mark Berg met the crews.\n\n- Asked about the cranes, he said they would "stay idle".', "they would",
     "Mark Berg"),   # a list item's first word is no name
    ('Laura Jensen met the harbour chief, Mark Berg, saying the cranes would "stay idle" for weeks.',
     "cranes would", "Laura Jensen"),   # a participle's subject is the clause's, not the object's apposition
    ('Laura Jensen spoke first. One crane driver, a man from Bergen who gave only his first name, Ivar, said the '
     'cranes would "stay idle".', "cranes would", "Ivar"),   # the name after a relative clause speaks
    ('Laura Jensen spoke first.\n\nAmong those waiting was Ivar Lund, whose son drives a crane. "We wait," he said.',
     "We wait", "Ivar Lund"),   # an inverted subject is the person "he" refers to
    ('Macron said France supported using the funds "in a way that is legally sound," while Merz said Europe could '
     'not "leave this money idle while the towns freeze."', "Europe could", "Friedrich Merz"),   # after a quotation
    ('Laura Jensen said the cranes "stay idle." High Representative Eva Lund followed. The port, she argued, was '
     '"a place of the past."', 'was "a place', "Eva Lund"),   # a title opens the subject "she" refers to
    ('Laura Jensen spoke first. Her colleague, a crane driver who gave only his first name, Andriy, was more '
     'guarded. "We wait for orders," he said.', "We wait", "Andriy"),   # a first name in an apposed subject
    ('Laura Jensen spoke first. A young mother, Iryna, said the ferries were "always late".', "ferries were",
     "Iryna"),   # a known first name after an opening phrase is a name, not a common word
])
def test_adverbials_platforms_list_items_and_objects_name_no_speaker(table, para, fragment, speaker):
    q = quote(body(para), fragment, table)
    assert q["speaker"] == speaker


def test_a_spokesperson_of_a_named_body_speaks_for_the_body(table):
    """ "a Harbour Office spokesperson said" is the Harbour Office's report, also after a place opening the
    sentence ("In Oslo, …": no apposition to Oslo); a spokesperson of no named body stays unnamed."""
    text = body("In Oslo, a Harbour Office spokesperson said the cranes would be repaired by May.",
                "In Oslo, the Harbour Office said the quay would reopen in June.",
                "A spokesman said nothing new was planned for the quay.")
    assert quote(text, "the cranes would", table)["speaker"] == "Harbour Office"
    assert quote(text, "the quay would", table)["speaker"] == "Harbour Office"
    assert pd.isna(quote(text, "nothing new", table)["speaker"])


def test_a_ukrainian_first_name_alone_is_a_person(table):
    """ "His neighbour, Serhii, a tram driver who …, was more laconic." makes Serhii the "he" of the next quote,
    not the man quoted before (Ukrainian transliterations are in data/first_names.csv)."""
    text = body("Laura Jensen, who runs the northern docks, met the union on Monday. Mark Berg listened.",
                '"We will wait," Mark Berg said.',
                "His neighbour, Serhii, a tram driver who did not want to give his surname, was more laconic. "
                '"Fix the cranes, go to work," he said.')
    assert quote(text, "Fix the cranes", table)["speaker"] == "Serhii"


def test_its_representative_is_the_body_s_not_someone_described_before(table):
    """ "Its representative said …" after "The United States struck a neutral tone." is not Russia's envoy named
    earlier (an envoy too); after "The Kremlin issued a statement." "Its spokesman" speaks for the Kremlin."""
    text = body("Russia's envoy Vassily Nebenzia rejected the accusation. He accused the West of staging a show.",
                "The United States struck a more neutral tone. Its representative said Washington remained engaged "
                "with both parties.",
                "The Kremlin issued a statement. Its spokesman said the talks were useful.")
    assert pd.isna(quote(text, "Washington remained", table)["speaker"])
    assert quote(text, "the talks were useful", table)["speaker"] == "Kremlin"


def test_a_nationality_and_a_plural_role_name_a_group_that_speaks_as_one(table):
    """ "Ukrainian officials said …" is the Ukrainian officials' report (a group of the side its name states);
    bare "Officials said …" names nobody."""
    text = body("Ukrainian officials said the cranes would be repaired by May.",
                "Officials said the quay would reopen in June.")
    assert quote(text, "the cranes would", table)["speaker"] == "Ukrainian officials"
    assert pd.isna(quote(text, "the quay would", table)["speaker"])


def test_a_source_described_and_never_named_is_the_speaker_as_described(table):
    """An unnamed source whose description says whose it is ("a senior Nordic diplomat", "the Danish ambassador to
    the UN") speaks under that description, without the article; the body after "to" is not the speaker; a bare
    "a senior official" stays unattributed; a description an earlier name fits is that person."""
    text = body('"The harbour will not reopen this winter," a senior Nordic diplomat said.',
                "The Danish ambassador to the UN said the blockade had cost the port dearly.",
                '"We will see," a senior official said.',
                '"Nobody wants a freeze," said a Swedish negotiator involved in the talks.',
                "Laura Jensen, the Danish harbour minister, visited the docks. The Danish harbour minister said the "
                "cranes were sound.")
    assert quote(text, "will not reopen", table)["speaker"] == "senior Nordic diplomat"
    ambassador = quote(text, "the blockade had", table)
    assert ambassador["speaker"] == "Danish ambassador to the UN"
    assert ambassador["speaker_mention"] == "The Danish ambassador to the UN"
    assert pd.isna(quote(text, "We will see", table)["speaker"])
    assert quote(text, "Nobody wants", table)["speaker"] == "Swedish negotiator"
    adviser = body("Adviser to the Mayor of Bergen said the plan was dead.")   # a role word opening: lower case
    assert quote(adviser, "the plan was dead", table)["speaker"] == "adviser to the Mayor of Bergen"
    assert quote(text, "cranes were sound", table)["speaker"] == "Laura Jensen"


def test_a_clause_before_or_after_said_is_no_speaker(table):
    """ "A, B's envoy, said C had lied": "C had lied" is the report, not a speaker after an inverted cue; "The plan has
    failed, said the mayor": the clause before the cue is not its subject."""
    text = body("Mark Berg, the union's envoy to the port, said the owners had lied again.",
                "The plan has failed, said the mayor of the town.")
    arts = pd.DataFrame([articles.article_from_text("t", text)])
    found = quotes.find_quotes(arts, segments.paragraphs(arts), table)
    assert set(found["text"]) == {"the owners had lied again", "The plan has failed"}
    assert found.set_index("text").loc["The plan has failed", "speaker_mention"] == "the mayor of the town"


def test_the_place_where_a_described_source_is_is_not_the_speaker(table):
    """ "A grain trader in Geneva said": the trader, not Geneva; "An analyst in Kyiv, who asked not to be named, said": the
    analyst (described), not Kyiv or Ukraine."""
    text = body("A grain trader in Geneva said the market had priced out any truce.",
                "An analyst in Kyiv, who asked not to be named, said the front line was stable.")
    assert quote(text, "the market had", table)["speaker"] == "grain trader in Geneva"   # occupation: role word
    assert quote(text, "the front line", table)["speaker"] == "analyst in Kyiv"


def test_he_after_an_unnamed_source_is_that_source(table):
    """ '"…," a senior Nordic diplomat said. "…," he added': the unnamed source speaks on (not the person named
    before)."""
    text = body("Mayor Tom Berg opened the talks on Monday.",
                '"The talks have stalled," a senior Nordic diplomat said. "Nobody is moving," he added.')
    assert quote(text, "Nobody is moving", table)["speaker"] == "senior Nordic diplomat"


def test_he_after_a_report_found_late_is_its_speaker(table):
    """ "A Nordic diplomat said the offer was a trap. He said …": the report with no "that" is found by the last
    step, after "He" was first read as the person named before; the pronoun is read again. A name reported inside
    a sentence whose subject is someone else ("Berg answered the mention by Holm of …. He suggested …") does not take
    the pronoun."""
    text = body("Mayor Tom Berg opened the talks on Monday.",
                "A senior Nordic diplomat said the offer was a trap. He said the port would stay shut.")
    assert quote(text, "the port would stay shut", table)["speaker"] == "senior Nordic diplomat"
    kept = body("Mayor Tom Berg opened the talks. Mark Holm, the union leader, said the port would close.",
                'Tom Berg gave a long answer to the mention by Mark Holm of the possibility of "tough" fines in a '
                "dispute. He suggested that this would be a grave error.")
    assert quote(kept, "a grave error", table)["speaker"] == "Tom Berg"


def test_a_bare_body_word_is_the_latest_body_of_that_kind(table):
    """ "the ministry said" after "the Russian Defence Ministry reported" is that ministry (not the village named
    before it in apposition); a qualified "The Ukrainian embassy" is its own body, not the Russian embassy that spoke
    before."""
    text = body("Units have taken the village of Novopavlivka, the Russian Defence Ministry reported. The Russian "
                "embassy in Chisinau said the drone was not Russian. Over the past day, the enemy lost 1,300 soldiers, "
                "the ministry said. The Ukrainian embassy said it was grateful.")
    assert quote(text, "the enemy lost", table)["speaker"] == "Russian Defence Ministry"
    assert quote(text, "it was grateful", table)["speaker"] == "Ukrainian embassy"
