"""Mention resolution and the speakers frame."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import actors
from helpers.frames import COLUMNS
from helpers.speakers import (INTRO_OR_TITLE_BEFORE, SENTENCE_START_BEFORE, ArticleSpeakers, NameReader,
                              description_terms, speaker_table, vocabulary)


@pytest.fixture(scope="module")
def matcher():
    return actors.matcher(actors.load_actors())


def people(text, matcher):
    return ArticleSpeakers(text, matcher, vocabulary())


def test_surname_maps_to_full_name_met_earlier(matcher):
    text = "Lithuanian President Gitanas Nausėda arrived. Later Nausėda spoke."
    sp = people(text, matcher)
    assert sp.resolve("Nausėda", text.rindex("Nausėda"))[0] == "Gitanas Nausėda"


def test_descriptor_from_title_before_name_and_nationality(matcher):
    text = ("Polish President Andrzej Duda met Lithuanian President Gitanas Nausėda. "
            "Then the Lithuanian leader spoke, and the President of Poland replied.")
    sp = people(text, matcher)
    assert sp.resolve("the Lithuanian leader", text.index("the Lithuanian"))[0] == "Gitanas Nausėda"
    assert sp.resolve("the President of Poland", text.index("the President of"))[0] == "Andrzej Duda"


@pytest.mark.parametrize("text, mention, expected", [
    # a headline ending in a title does not join the body's title before the name at the start of the body
    ("Ivo Marten talked with the Adviser to the Prime Minister of Freedonia\n\nDeputy Head of the Office of the "
     "President of Ruritania Ivo Marten talked with Ann Lee. \"We agree,\" said the Deputy Head of the President's "
     "Office.", "the Deputy Head of the President's Office", "Ivo Marten"),
    # a one-word name after a title and "of" is its object: "the head of Ruritania" is the region's head
    ("Meeting with Head of Ruritania Ivo Marten\n\nIvo Marten spoke about schools. According to the head of "
     "Ruritania, the market is stable.", "the head of Ruritania", "Ivo Marten"),
    # "the head of the Cabinet of Ministers" is the prime minister
    ("Prime Minister Ivo Marten met Health Minister Ann Lee. The head of the Cabinet of Ministers spoke.",
     "The head of the Cabinet of Ministers", "Ivo Marten"),
    # the closest role wins over a more recent looser one: a chancellor is a leader, not a head of state
    ("President of Ruritania Ivo Marten met Chancellor of Freedonia Ann Lee. The Head of State spoke.",
     "The Head of State", "Ivo Marten"),
    # a clause before "…, Name," is no description of the name: the President stays Marten
    ("President Ivo Marten spoke. The President stated that the situation in the occupied Tarnia, Velm, "
     "worsened. \"We hold,\" the President said.", "the President", "Ivo Marten"),
])
def test_a_title_names_the_person_it_describes(matcher, text, mention, expected):
    assert people(text, matcher).resolve(mention, text.rindex(mention))[0] == expected


def test_the_object_of_a_title_is_no_person(matcher):
    """ "the spokesman for Marten" is someone else than Marten; "Ruritania" after "Head of" is no person."""
    text = ("Meeting with Head of Ruritania Ivo Marten\n\nIvo Marten spoke. According to the head of Ruritania, "
            "the market is stable. Later the spokesman for Marten spoke.")
    sp = people(text, matcher)
    assert sp.resolve("the spokesman for Marten", text.index("the spokesman"))[0] != "Ivo Marten"
    assert "Ruritania" not in sp.people


def test_a_body_after_a_title_and_a_nationality_is_no_person(matcher):
    """ "the President of the Polish Sejm" is the Sejm's president: "Sejm" is no person the President could be."""
    text = ("President Ivo Marten met the President of the Polish Sejm Ann Lee. \"Welcome,\" said the President "
            "of the Polish Sejm. \"Thank you,\" the Head of State replied.")
    sp = people(text, matcher)
    assert "Sejm" not in sp.people
    assert sp.resolve("the Head of State", text.index("the Head of State"))[0] == "Ivo Marten"


def test_descriptor_from_apposition_and_role_synonyms(matcher):
    text = ("Mykhailo Podoliak, Adviser to the Head of the President's Office, spoke. Then President of "
            "Ukraine Volodymyr Zelenskyy arrived. Later the Head of State and the Adviser to the Head of the "
            "President's Office left.")
    sp = people(text, matcher)
    assert sp.resolve("the Head of State", text.index("the Head of State"))[0] == "Volodymyr Zelensky"
    assert sp.resolve("the Adviser to the Head of the President's Office", text.rindex("the Adviser"))[0] \
        == "Mykhailo Podolyak"


def test_apposition_after_an_affiliation_describes_the_person_not_the_body(matcher):
    """ "X of the Greens and Reformists, a Polish MEP,": the MEP is X, not "Reformists"."""
    text = ("Ewa Lisowska of the European Greens and Reformists, a Polish MEP, spoke first. Later the Polish MEP "
            "said more.")
    assert people(text, matcher).resolve("the Polish MEP", text.rindex("the Polish"))[0] == "Ewa Lisowska"


def test_it_refers_to_the_body_that_opened_the_sentence_before(matcher):
    """ "it said" after "The Latvian embassy in Oslo …" or "The Kremlin …"; never a person or a body farther back."""
    text = ("Ann Lee spoke. The Latvian embassy in Oslo rejected the claim. In a post, it said more. The Kremlin "
            "declined to comment. It said later that talks go on. The report came out on Monday. It said more.")
    sp = people(text, matcher)
    assert sp.resolve("it", text.index("it said"))[0] == "Latvian embassy in Oslo"
    assert sp.resolve("It", text.index("It said later"))[0] == "Kremlin"
    assert sp.resolve("It", text.rindex("It said"))[0] is None


def test_a_known_name_after_a_capitalised_word_is_that_actor(matcher):
    text = "Consider Kaja Kallas, who spoke this week."
    assert people(text, matcher).resolve("Consider Kaja Kallas", 0)[0] == "Kaja Kallas"


def test_a_dateline_is_no_part_of_a_speaker(matcher):
    text = "BERGEN - The Latvian Foreign Ministry on Thursday rejected the plan."
    assert people(text, matcher).resolve("BERGEN - The Latvian Foreign Ministry", 0)[0] == "Latvian Foreign Ministry"


@pytest.mark.parametrize("between, who", [
    # a title holding a body's name opens the subject: neither "Green" nor "Acme" is one
    ("German Green MEP Ivan Lind criticised both.", "Ivan Lind"),
    ("Acme Commissioner for Human Rights Ivan Lind criticised both.", "Ivan Lind"),
    ("For the Liberals, Swedish MEP Ivan Lind criticised both.", "Ivan Lind"),
    # no body, and no name after a plain copula or before a comma that is no apposition
    ("The Kremlin declined to comment.", "Ann Berg"), ("The Ukrainian side offered a corridor.", "Ann Berg"),
    ("The theme this year is Creative Destruction.", "Ann Berg"),
    ("The legacy of the so-called Danzig Corridor, was discussed.", "Ann Berg"),
    ("Consider Archpriest Irina Tkachenko.", "Ann Berg"),   # no subject (a named man would be "he")
])
def test_he_refers_to_the_subject_a_title_opens_and_to_no_body_or_copula_name(matcher, between, who):
    text = f"Ann Berg spoke first. {between} The plan, he said, was bad."
    assert people(text, matcher).resolve("he", text.index("he said"))[0] == who


def test_pronoun_takes_the_latest_speaker_or_subject(matcher):
    text = "Charles Michel arrived. Vladimir Putin set out his view. He added more."
    sp = people(text, matcher)
    assert sp.resolve("He", text.index("He added"))[0] == "Vladimir Putin"
    assert sp.resolve("they", text.index("He added"))[0] is None


def test_pronoun_without_an_earlier_speaker_or_subject_takes_the_person_named_last(matcher):
    """A person, by a first name or the actors table: "Ivan Sirko", not "Cold War"."""
    text = "The drones of a company led by Ivan Sirko fly at night, as in the Cold War. Later he spoke."
    assert people(text, matcher).resolve("he", text.index("he spoke"))[0] == "Ivan Sirko"


def test_a_rank_before_a_name_opens_the_sentence_subject(matcher):
    text = "The basement is cold. Captain Ivo Marten, 34, points at the screen. Ann Lee watches. Later he spoke."
    assert people(text, matcher).resolve("he", text.index("he spoke"))[0] == "Ivo Marten"


def test_unresolvable_description_is_none(matcher):
    text = "Vladimir Putin spoke. A local resident said nothing."
    assert people(text, matcher).resolve("a local resident", text.index("A local"))[0] is None


def test_description_head_is_the_role_before_of():
    terms, head = description_terms("the Adviser to the Head of the President's Office", vocabulary())
    assert "adviser" in head and "president" not in head and len(terms) == 4


def test_speaker_table_counts_and_shares():
    quotes = pd.DataFrame([
        dict(article_id="a", quote_id="a:q1", kind="direct", start=0, end=10, text="one two three four",
             speaker="X", speaker_start=5, side="ukraine", role="r"),
        dict(article_id="a", quote_id="a:q2", kind="indirect", start=20, end=30, text="five six",
             speaker="X", speaker_start=None, side="ukraine", role="r"),
        dict(article_id="a", quote_id="a:q3", kind="partial", start=40, end=50, text="seven eight",
             speaker="Y", speaker_start=38, side="russia", role="s"),
        dict(article_id="a", quote_id="a:q4", kind="direct", start=60, end=70, text="nine ten",
             speaker=None, speaker_start=None, side="unknown", role=""),
    ])
    table = speaker_table(quotes)
    assert list(table.columns) == COLUMNS["speakers"]
    x = table.set_index("speaker").loc["X"]
    assert (x.n_quotes, x.n_direct, x.n_indirect, x.words_quoted, x.first_mention) == (2, 1, 1, 6, 5)
    assert x.share_quoted_words == pytest.approx(6 / 10)
    assert table["speaker"].tolist() == ["X", "Y"]


def test_title_with_a_place_name_describes_the_person(matcher):
    text = "Governor of the Tula Region Pavel Orlov met Russian President Vladimir Putin's adviser Ivan Sirko."
    sp = people(text, matcher)
    assert sp.resolve("the head of the region", len(text))[0] == "Pavel Orlov"
    assert sp.resolve("the adviser", len(text))[0] == "Ivan Sirko"


def test_name_particles_and_glued_words(matcher):
    text = "Crown Prince Khalid bin Tariq arrived. Later Tariq spoke. Ivan Sirko Sirko IvanMayor of Tula came."
    sp = people(text, matcher)
    assert sp.resolve("Tariq", text.index("Tariq spoke"))[0] == "Khalid bin Tariq"
    assert "Ivan Sirko" in sp.people and not any("Mayor" in name for name in sp.people)


def test_a_capitalised_particle_is_part_of_the_name(matcher):
    """ "Bart De Wever", "Alexander Van der Bellen": a particle written with a capital stays in the name (not "Wever"),
    and the surname with it finds the full name."""
    text = "Flemish Prime Minister Bart De Wever met Alexander Van der Bellen. Later De Wever spoke."
    sp = people(text, matcher)
    assert {"Bart De Wever", "Alexander Van der Bellen"} <= set(sp.people)
    assert sp.resolve("De Wever", text.rindex("De Wever"))[0] == "Bart De Wever"


@pytest.mark.parametrize("text, names", [
    ("Later George W. Bush spoke.", ["George W. Bush"]),                  # the period closes an initial
    ("The talks ended at noon. Ivan Petrenko spoke.", ["Ivan Petrenko"]),  # the period ends a sentence
    ("A vote on the plan (cf. Ivan Petrenko) failed.", ["Ivan Petrenko"]),
    ("Observers, W. Bush among them, left.", ["W. Bush"]),
    ("Observers (W. Bush among them) left.", ["W"]),        # "(W." counts as a word, not an initial
    ("Observers (Wx. Bush among them) left.", ["Wx"]),
])
def test_names_of_capitalised_runs_split_at_sentence_periods(matcher, text, names):
    """Each run is read once per distinct (text glued before it, run): the same names in a second article."""
    for _ in range(2):
        sp = people(text, matcher)
        assert [text[a:b] for p in sp.people.values() for a, b in p.spans] == names


@pytest.mark.parametrize("text, names", [
    ("Beside me is the director of the Tula Art Museum Olga Sirko.", ["Olga Sirko"]),   # the place ends at the name
    ("Now meet Ivan Sirko.", ["Ivan Sirko"]),
    ("He spoke. Meet Ivan Sirko, our guest.", ["Ivan Sirko"]),                        # a verb opening the sentence
    ("Mr Ivan Sirko arrived.", ["Ivan Sirko"]),                                      # a title stays out as before
    ("Later Ivan Pavel Sirko arrived.", ["Ivan Pavel Sirko"]),                       # two first names: one name
])
def test_a_first_name_inside_a_capitalised_run_starts_the_name(matcher, text, names):
    sp = people(text, matcher)
    assert sorted(sp.people) == names


@pytest.mark.parametrize("text, name, descriptions", [
    ("Governor of the Tula Region Pavel Orlov met him.", "Pavel Orlov", ["Governor of the Tula Region"]),
    ("Yesterday Turkish Foreign Minister Hakan Fidan arrived.", "Hakan Fidan", ["Turkish Foreign Minister"]),
    ("Talks began. Ivan Sirko, deputy head of the regional council, said so.", "Ivan Sirko",
     ["deputy head of the regional council"]),
    ("Talks began. The Mayor of Tula, Ivan Sirko, said so.", "Ivan Sirko", ["The Mayor of Tula"]),
    ("x" * 110 + " Deputy Foreign Minister of Tula Ivan Sirko spoke.", "Ivan Sirko", ["Deputy Foreign Minister of Tula"]),
    ("Talks went on for hours, and at last the delegations met again in the old hall of the palace, where Deputy "
     "Foreign Minister of Tula Ivan Sirko spoke.", "Ivan Sirko", ["Deputy Foreign Minister of Tula"]),
    ("Ivan Sirko spoke.", "Ivan Sirko", []),
])
def test_descriptions_around_a_name(matcher, text, name, descriptions):
    at = text.index(name)
    assert people(text, matcher)._descriptions_around(at, at + len(name)) == descriptions


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Mr", "Mrs.", "Dr", "said", "talks", "ended.", "Yes!", "“No.”", "As", "he", "said,", "\n",
                                 "Ivan", "Sirko", "  ", "2024", ":", "-", "•", "\n-"]), min_size=1, max_size=10))
def test_sentence_start_shortcut_agrees_with_the_patterns(words):
    """Every capitalised word: a sentence start exactly when the sentence-end or intro patterns find one."""
    text = " ".join(words)
    sp = ArticleSpeakers(text, actors.matcher(actors.load_actors()), vocabulary())
    for pos in range(len(text)):
        before = text[max(0, pos - 40):pos]
        expected = not before.strip() or bool(SENTENCE_START_BEFORE.search(before) or INTRO_OR_TITLE_BEFORE.search(before))
        assert sp._starts_sentence(pos) == expected, (text, pos)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("ab_É9 .\n\t,’-") + ["\u00a0", "\x1c", "Mrs", "Dr."]), max_size=30).map("".join),
       st.data())
def test_title_word_before_a_name_agrees_with_its_pattern(text, data):
    """The word before the spaces before a position (a period after it allowed), read backwards as the pattern does."""
    from helpers.speakers import TITLE_BEFORE, TITLE_WINDOW, _title_before
    start = data.draw(st.integers(0, len(text)))
    m = TITLE_BEFORE.search(text, max(0, start - TITLE_WINDOW), start)
    assert _title_before(text, start) == (m.group(1) if m else None), (text, start)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(["Foreign", "Minister", "of", "the", "Tula", "Region", "Governor", "said", "Turkish",
                                 "talks", ",", "  ", "\n", "Ivan", "for", "Peace"]), max_size=10))
def test_title_before_a_name_reads_only_the_words_it_needs(words, matcher):
    """The title's start agrees with reading the whole chain of words apart by spaces before the name."""
    import re
    before = " ".join(words) + " "
    sp = people("", matcher)
    chain = re.match(r"[^\S\n]*[\w'’\-]+(?:[^\S\n]+[\w'’\-]+)*", before[::-1])  # a line break ends it
    found = [w[::-1] for w in chain.group().split()] if chain else []
    k = 0
    while k < len(found):
        if sp._describes(found[k]):
            k += 1
            continue
        j = k
        while j < len(found) and found[j][0].isupper() and not sp._describes(found[j]):
            j += 1
        if j == k or not (j < len(found) and found[j] in ("of", "for", "the")):
            break
        k = j
    expected = None if not k else len(before) - list(re.finditer(r"[\w'’\-]+", before[::-1]))[k - 1].end()
    assert sp._title_start(before) == expected, before


@pytest.mark.parametrize("text, names", [
    ("Talks with the President of Freedonia Rufus Firefly began.", ["Rufus Firefly"]),  # a country the tables lack
    ("Freedonia Rufus Firefly arrived.", ["Freedonia Rufus Firefly"]),  # no title: nothing tells the words apart
    ("They recalled the visit of Rufus Tiberius Firefly.", ["Rufus Tiberius Firefly"]),  # "visit" is no role
    ("Talks with the Ambassador of India Rufus Tiberius Firefly began.", ["Rufus Tiberius Firefly"]),  # a known country
    ("Talks with the Minister of Freedonia Anna Maria Lind began.", ["Anna Maria Lind"]),  # from the first name on
])
def test_a_name_after_a_title_leaves_out_the_titles_object(text, names):
    reader = NameReader(vocabulary())
    assert [name for _, _, (name, n_words) in reader.names_in(text, 0, len(text)) if n_words > 1] == names


def test_a_speaker_after_a_title_of_an_unknown_country_is_named_without_it(matcher):
    text = 'Talks went on. "We will help," said the President of Freedonia Rufus Firefly. Later Firefly left.'
    sp = people(text, matcher)
    assert "Rufus Firefly" in sp.people and "Freedonia Rufus Firefly" not in sp.people
    assert sp.resolve("Firefly", text.rindex("Firefly"))[0] == "Rufus Firefly"


def test_a_lower_case_title_before_a_name_opens_the_sentence_subject(matcher):
    """ "Russia's envoy Ivan Sirko rejected …": Sirko is the subject "He" refers to, not the speaker before."""
    text = 'Ann Lee accused Russia. "It must stop," she said. Russia\'s envoy Ivan Sirko rejected it. He left.'
    assert people(text, matcher).resolve("He", text.index("He left"))[0] == "Ivan Sirko"


def test_a_subject_after_a_long_introductory_phrase_is_a_subject(matcher):
    """ "For the Socialists and Democrats, Swedish MEP Anna Lind struck a cautious tone. She …": She is Lind."""
    text = ("Manfred Weber spoke first. For the Socialists and Democrats, Swedish MEP Anna Lind struck a cautious "
            "tone. She welcomed the plan.")
    assert people(text, matcher).resolve("She", text.index("She welcomed"))[0] == "Anna Lind"


@pytest.mark.parametrize("mention, expected", [
    ("The Ukrainian embassy", "Ukrainian embassy"),       # a body that speaks as one, named by its description
    ("Ruritania's agriculture ministry", "Ruritania's agriculture ministry"),
    ("the government", None),                             # which government: nothing says
    ("State Affairs Commission thanked the guests", None),  # no noun phrase
])
def test_an_unnamed_institution_speaks_as_itself(matcher, mention, expected):
    text = f"Talks went on. {mention} said it was grateful."
    assert people(text, matcher).resolve(mention, text.index(mention))[0] == expected


def test_a_generic_description_takes_the_latest_person_not_one_whose_role_is_generic(matcher):
    """ "the diplomat" (head concepts diplomat and person) after Zakharova spoke is Zakharova, not a president named
    before her whose profile also holds the generic "person"."""
    text = ("The strikes show that Volodymyr Zelensky is not interested in peace, Russian Foreign Ministry spokeswoman "
            'Maria Zakharova said on Wednesday. "This is a method," Zakharova said.\n\nAccording to the diplomat, the '
            "attacks were planned abroad.")
    assert people(text, matcher).resolve("the diplomat", text.index("the diplomat"))[0] == "Maria Zakharova"



def test_a_surname_is_the_namesake_the_article_named_before_the_table_alias(matcher):
    """ "Vin Weber … Weber said": the person the article introduced, not the actors table's Manfred Weber; a bare
    "Weber" with nobody of that name before is the table's."""
    text = "Vin Weber, a Republican strategist, met donors on Monday. Later Weber spoke to reporters."
    assert people(text, matcher).resolve("Weber", text.rindex("Weber"))[0] == "Vin Weber"
    text = "Weber met donors on Monday. Later Weber spoke to reporters."
    assert people(text, matcher).resolve("Weber", text.rindex("Weber"))[0] == "Manfred Weber"


def test_a_states_formal_name_in_a_description_is_the_state(matcher):
    """ "The President of the Republic of Poland" after "Polish President Andrzej Duda" is Duda; "the Head of the
    Republic" (a republic of a federation, no country named) keeps "republic" as a word the person must fit."""
    text = ("President Volodymyr Zelensky met the leaders. For his part, Polish President Andrzej Duda said the visit "
            "mattered. The President of the Republic of Poland said that today he saw it with his own eyes.")
    m = "The President of the Republic of Poland"
    assert people(text, matcher).resolve(m, text.index(m))[0] == "Andrzej Duda"
    assert {"republic"} in [set(t) for t in description_terms("the Head of the Republic", vocabulary())[0]]
