"""Word lists the quote finder reads from data/ tables: an edit of a table changes what the next run finds."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import actors, acts, articles, positioning, quotes, reported, segments
from helpers.knowledge import Knowledge
from helpers.paths import DATA


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the knowledge tables of data/ (without the sample articles)."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("articles"))
    return copy


def edit(data: Path, table: str, add: tuple[str, ...] = (), remove: tuple[str, ...] = ()) -> Knowledge:
    """The knowledge of ``data`` after adding and removing rows ("word,kind") of a word,kind table."""
    path = data / table
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line not in remove]
    assert len(lines) == len(path.read_text(encoding="utf-8").splitlines()) - len(remove)   # each row was there
    path.write_text("\n".join(lines + list(add)) + "\n", encoding="utf-8")
    return Knowledge(data)


def clause_after(text: str, knowledge: Knowledge) -> str | None:
    """The reported clause after the first cue of ``text``, as ``NewsReports`` reads it."""
    lex = quotes.load_cues(knowledge)
    finder = reported.NewsReports(text, lex, None, reported.report_words(knowledge), lex.trail_filler)
    cue = lex.pattern.search(text)
    span = finder.clause_after(cue.end(), len(text))
    return text[span[0]:span[1]] if span else None


PLAIN = Knowledge(DATA)


@pytest.mark.parametrize("kind", ["preposition", "no_clause_start"])
def test_a_word_added_as_preposition_or_no_clause_start_opens_no_clause(data, kind):
    text = "The harbour board said amid the storm the old pier had collapsed."
    assert clause_after(text, PLAIN) == "amid the storm the old pier had collapsed"
    assert clause_after(text, edit(data, "report_words.csv", add=(f"amid,{kind}",))) is None


def test_clause_openers_end_the_phrase_after_a_cue(data):
    text = "The ferry company said in a statement Monday night it had cancelled all crossings."
    assert clause_after(text, PLAIN) == "it had cancelled all crossings"
    assert clause_after(text, edit(data, "report_words.csv", remove=("it,clause_opener",))) is None


def test_pronoun_subjects_open_a_clause_without_a_finite_verb_it_knows(data):
    text = "The harbour masters said they hope for a new bridge soon."
    assert clause_after(text, PLAIN) == "they hope for a new bridge soon"
    assert clause_after(text, edit(data, "report_words.csv", remove=("they,pronoun_subject",))) is None


def test_object_pronouns_make_an_object_not_a_clause(data):
    clause = "him about the storm the old pier had collapsed"
    assert reported.report_words(PLAIN).object_then_preposition.match(clause)
    edited = reported.report_words(edit(data, "report_words.csv", remove=("him,object_pronoun",)))
    assert not edited.object_then_preposition.match(clause)


def test_conjunctions_and_finite_verbs_decide_what_according_to_attributes(data):
    before = "Repair costs of the old harbour rose by a third,"
    words = reported.report_words(PLAIN)
    assert reported.clause_before_according(before, "but it stayed open", words)
    assert not reported.clause_before_according(before, "the pier took a hit", words)   # a clause of its own
    assert not reported.clause_before_according(
        before, "but it stayed open", reported.report_words(edit(data, "report_words.csv",
                                                                       remove=("but,conjunction",))))
    assert reported.clause_before_according(   # "took" no longer a verb: "the pier took a hit" reads as an apposition
        before, "the pier took a hit", reported.report_words(edit(data, "report_words.csv", remove=("took,finite",))))


def test_apposition_openers_keep_the_name_before_them_as_the_speaker(data):
    text = 'Harbour bridge plans stall\n\n"The bridge will open in May," Ann Lee, an aide to Sergei Lavrov, said.'
    arts = pd.DataFrame([articles.article_from_text("t", text)])
    speaker = lambda k: quotes.find_quotes(arts, segments.paragraphs(arts), actors.load_actors(),   # noqa: E731
                                           knowledge=k)["speaker"].tolist()
    assert speaker(PLAIN) == ["Ann Lee"]
    assert speaker(edit(data, "report_words.csv", remove=("an,apposition",))) == ["Sergei Lavrov"]


def test_irregular_pasts_of_the_quote_words_table_are_finite_verbs(data):
    text = 'the envoy drew'
    assert quotes.load_cues(PLAIN).lower_verb.search(text).group() == "drew"
    edited = quotes.load_cues(edit(data, "quote_words.csv", remove=("drew,past",)))
    assert edited.lower_verb.search(text) is None
    assert edited.after_quote_subject.match('" the envoy drew') is None
    assert quotes.load_cues(PLAIN).after_quote_subject.match('" the envoy drew').group(1) == "the envoy"


def test_coordinated_gaps_let_a_quoted_speakers_next_act_follow_and(data):
    after_quote = '" and then condemned the attack on the port'
    assert positioning.stance_words(PLAIN).coord_act.match(after_quote)
    edited = positioning.stance_words(edit(data, "stance_words.csv", remove=("then,coordinated_gap",)))
    assert not edited.coord_act.match(after_quote)


def test_title_words_and_joiners_hold_a_title_together(data):
    plain = acts.titles(PLAIN)
    assert plain.before.search("talks with Minister of Foreign Affairs of Ukraine ").group() == \
        "Minister of Foreign Affairs of Ukraine "
    subject = "The President and Prime Minister stressed that"
    assert positioning.stance_words(PLAIN).title_act.match(subject)["title"] == "The President and Prime Minister"
    knowledge = edit(data, "stance_words.csv", remove=("of,title_word", "and,title_joiner"))
    edited = acts.titles(knowledge)
    assert edited.before.search("talks with Minister of Foreign Affairs of Ukraine ").group() == "Ukraine "
    assert positioning.stance_words(knowledge).title_act.match(subject)["title"] == "The President"
    assert "of" in plain.title_words and "of" not in edited.title_words  # a guest after "of" is the title's object


@pytest.mark.parametrize("kind, field, text, word", [
    ("clause_adverbial", "clause_adverbial", " during his visit to the port, the board agreed", "during"),
    ("adverbial_opening", "adverbial_opening", "Meanwhile the board agreed", "meanwhile"),
    ("after_this", "back_this", " this during a visit to the port", "during"),
    ("after_this", "this_then_preposition", "this during a visit to the port", "during"),
    ("writer_turn", "clause_stop", "the pier is safe, whereas the bridge is not", "whereas"),
    ("speech_act_object", "speech_act_before", "The mayor fired back: ", "back"),
])
def test_report_word_patterns_follow_the_table(data, kind, field, text, word):
    """Each pattern is used as its caller uses it: anchored (``match``) or anywhere in the text (``search``)."""
    find = "search" if field in ("clause_stop", "speech_act_before") else "match"
    assert getattr(getattr(reported.report_words(PLAIN), field), find)(text)
    edited = reported.report_words(edit(data, "report_words.csv", remove=(f"{word},{kind}",)))
    assert not getattr(getattr(edited, field), find)(text)


def test_a_writer_turn_word_ends_the_reported_clause(data):
    text = "The harbour board said the old pier had collapsed, whereas the new bridge stood firm."
    assert clause_after(text, PLAIN) == "the old pier had collapsed"
    assert clause_after(text, edit(data, "report_words.csv", remove=("whereas,writer_turn",))) == \
        "the old pier had collapsed, whereas the new bridge stood firm"


def test_clause_break_words_split_a_sentence_into_clauses(data):
    text = "Russia attacked the port whereas Ukraine defended the town"
    assert len(positioning.clauses(text, 0, len(text))) == 2
    edited = positioning.stance_words(edit(data, "stance_words.csv", remove=("whereas,clause_break",)))
    assert len(positioning.clauses(text, 0, len(text), words=edited)) == 1


def test_mention_end_words_end_the_name_after_a_cue(data):
    after_cue = " Ann Lee upon arrival at the harbour"
    assert quotes.load_cues(PLAIN).object_mention.match(after_cue).group(1) == "Ann Lee"
    edited = quotes.load_cues(edit(data, "quote_words.csv", remove=("upon,mention_end",)))
    assert edited.object_mention.match(after_cue).group(1) == "Ann Lee upon arrival"
