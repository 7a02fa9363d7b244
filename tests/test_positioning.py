"""Positioning: who does what to whom, clause scoping, own side, the article's voice, labels, evidence, the long
format (one row per speaker and target), targets as data, and units that are no stance of their speaker."""

import shutil

import pandas as pd
import pytest

from helpers import paths, pipeline, positioning, positions
from helpers.knowledge import Knowledge
from helpers.paths import DATA
from helpers.actors import load_actors
from helpers.articles import article_from_text
from helpers.frames import COLUMNS
from helpers.segments import paragraphs, sentences


TARGETS = positioning.load_targets().order   # as the pipeline passes them


def build(*articles: tuple[str, str, list[tuple[str, str, str, str]]]):
    """Frames for fixture articles: (article_id, text, [(quote text, kind, speaker, side)])."""
    arts = pd.DataFrame([article_from_text(aid, text) for aid, text, _ in articles])
    sents = sentences(arts, paragraphs(arts))
    rows = []
    for aid, text, quotes in articles:
        for i, (quote, kind, speaker, side) in enumerate(quotes):
            start = text.index(quote)
            rows.append(dict(article_id=aid, quote_id=f"{aid}-q{i}", kind=kind, start=start,
                             end=start + len(quote), text=quote, speaker=speaker, side=side))
    quotes = pd.DataFrame(rows).reindex(columns=COLUMNS["quotes"])
    st = positioning.stances(arts, sents, quotes, load_actors())
    return arts, sents, quotes, st, positions.positions(st, quotes, TARGETS)


def row(pos: pd.DataFrame, speaker: str, article_id: str = "a1") -> dict:
    """A speaker's long ``positions`` rows as one dict: ``label_<target>``, ``stance_<target>``,
    ``n_units_<target>`` (neutral, 0 and 0 toward a default target it never spoke about), ``n_quotes`` and
    the union of its evidence."""
    found = pos[(pos["article_id"] == article_id) & (pos["speaker"] == speaker)]
    assert not found.duplicated("target").any(), found
    out = {"n_quotes": int(found["n_quotes"].iloc[0]) if len(found) else 0,
           "evidence": ";".join(e for e in found["evidence"] if e)}
    for target in ("russia", "ukraine"):
        out |= {f"label_{target}": "neutral", f"stance_{target}": 0.0, f"n_units_{target}": 0}
    for r in found.to_dict("records"):
        out |= {f"label_{r['target']}": r["label"], f"stance_{r['target']}": r["stance"],
                f"n_units_{r['target']}": r["n_units"]}
    return out


TITLE = "Talks in Geneva\n\n"


def test_agent_is_blamed_victim_is_not():
    text = TITLE + 'The envoy spoke on Monday. "Russia attacked Ukraine again," the envoy said.\n'
    *_, st, pos = build(("a1", text, [("Russia attacked Ukraine again,", "direct", "Envoy One", "eu")]))
    r = row(pos, "Envoy One")
    assert r["label_russia"] == "negative"
    assert r["label_ukraine"] == "neutral" and r["stance_ukraine"] >= 0
    # the passive voice keeps the roles: the attacked side is the patient
    text2 = TITLE + 'The envoy spoke. "Ukraine was attacked by Russia," the envoy said.\n'
    *_, pos2 = build(("a1", text2, [("Ukraine was attacked by Russia,", "direct", "Envoy One", "eu")]))
    r2 = row(pos2, "Envoy One")
    assert r2["label_russia"] == "negative" and r2["stance_ukraine"] >= 0


def test_clause_scoping_splits_praise_and_blame():
    quote = "Ukraine has shown great courage, but Russia must withdraw its troops,"
    text = TITLE + f'The minister was in Paris. "{quote}" the minister said.\n'
    *_, st, pos = build(("a1", text, [(quote, "direct", "Minister Two", "eu")]))
    r = row(pos, "Minister Two")
    assert r["label_ukraine"] == "positive" and r["label_russia"] == "negative"
    cues = dict(zip(st["target"], st["cue_words"]))
    assert "courage" in cues["ukraine"] and "must withdraw" in cues["russia"]
    assert (st["model_words"] == "").all()  # the model reads only targets no cue speaks about


def test_own_side_we_is_self_advocacy():
    quote = "We are defending our land and we will not give up,"
    text = TITLE + f'The adviser spoke in Kyiv. "{quote}" the adviser said.\n'
    *_, st, pos = build(("a1", text, [(quote, "direct", "Adviser Three", "ukraine")]))
    r = row(pos, "Adviser Three")
    assert r["label_ukraine"] == "positive" and r["label_russia"] == "neutral"
    assert "We" in st.iloc[0]["target_words"]
    # the same words from a speaker of another side say nothing about Ukraine
    *_, pos_other = build(("a1", text, [(quote, "direct", "Adviser Three", "eu")]))
    assert row(pos_other, "Adviser Three")["label_ukraine"] == "neutral"


@pytest.mark.parametrize("quote, expected", [
    ("Ukraine will rebuild every school,", "positive"),
    ("The rail bridge in Ukraine reopened on Monday,", "neutral"),           # a place, not the side
    ("Trains to the Kyiv region run on time,", "neutral"),
    ("In 2024 Ukraine rebuilt every school,", "positive"),                   # a year between: no place
])
def test_own_side_named_as_a_place_is_no_self_advocacy(quote, expected):
    text = TITLE + f'The adviser spoke. "{quote}" the adviser said.\n'
    *_, pos = build(("a1", text, [(quote, "direct", "Adviser Three", "ukraine")]))
    assert row(pos, "Adviser Three")["label_ukraine"] == expected


def test_pronoun_refers_to_previous_sentence_subject():
    quote = "He knows that he made a big mistake,"
    text = TITLE + f'Vladimir Putin sent a junior delegation to the talks. "{quote}" the diplomat said.\n'
    *_, pos = build(("a1", text, [(quote, "direct", "Diplomat Four", "nato")]))
    assert row(pos, "Diplomat Four")["label_russia"] == "negative"


def test_article_voice_is_scored_outside_quotes_only():
    quote = "Kyiv is ready for talks,"
    text = TITLE + f'The Russian invasion has devastated the region. "{quote}" the aide said.\n'
    arts, sents, quotes, st, pos = build(("a1", text, [(quote, "direct", "Aide Five", "ukraine")]))
    voice = row(pos, positioning.ARTICLE_SPEAKER)
    assert voice["label_russia"] == "negative"
    narrative = st[st["speaker"] == positioning.ARTICLE_SPEAKER]
    for r in narrative.to_dict("records"):
        assert r["unit_id"] in set(sents["sent_id"].astype(str))
        assert not any(q["start"] < r["end"] and r["start"] < q["end"] for q in quotes.to_dict("records"))
    assert row(pos, "Aide Five")["label_ukraine"] == "positive"


def test_threshold_decides_labels(monkeypatch):
    assert positions.label(positions.LABEL_THRESHOLD + 0.01) == "positive"
    assert positions.label(positions.LABEL_THRESHOLD) == "neutral"
    assert positions.label(-positions.LABEL_THRESHOLD - 0.01) == "negative"
    text = TITLE + 'The envoy spoke. "Russia attacked Ukraine again," the envoy said.\n'
    *_, st, _ = build(("a1", text, [("Russia attacked Ukraine again,", "direct", "Envoy One", "eu")]))
    monkeypatch.setattr(positions, "LABEL_THRESHOLD", 0.99)
    pos = positions.positions(st, pd.DataFrame(columns=COLUMNS["quotes"]))
    r = row(pos, "Envoy One")
    assert r["label_russia"] == "neutral" and r["evidence"] == ""


def test_all_rows_pool_articles_and_evidence_exists():
    q1, q2 = "Russia attacked Ukraine again,", "Moscow must stop the shelling,"
    arts, sents, quotes, st, pos = build(
        ("a1", TITLE + f'The envoy spoke. "{q1}" the envoy said.\n', [(q1, "direct", "Envoy One", "eu")]),
        ("a2", TITLE + f'The envoy spoke again. "{q2}" the envoy said.\n', [(q2, "direct", "Envoy One", "eu")]))
    assert list(pos.columns) == COLUMNS["positions"] and list(st.columns) == COLUMNS["stances"]
    all_row = row(pos, "Envoy One", "ALL")
    assert all_row["n_quotes"] == 2 and all_row["label_russia"] == "negative"
    assert set(all_row["evidence"].split(";")) == {"a1:a1-q0", "a2:a2-q0"}
    ids = set(quotes["quote_id"])
    for r in pos[(pos["article_id"] != "ALL") & (pos["speaker"] != positioning.ARTICLE_SPEAKER)].to_dict("records"):
        if r["label"] != "neutral":
            assert r["evidence"] and set(r["evidence"].split(";")) <= ids


def test_positions_fed_article_by_article_equal_one_call():
    q1, q2, q3 = "Russia attacked Ukraine again,", "Moscow must stop the shelling,", "Kyiv deserves our support,"
    arts, sents, quotes, st, pos = build(
        ("a1", TITLE + f'The envoy spoke. "{q1}" the envoy said.\n', [(q1, "direct", "Envoy One", "eu")]),
        ("a2", TITLE + f'The envoy spoke again. "{q2}" the envoy said. "{q3}" she said.\n',
         [(q2, "direct", "Envoy One", "eu"), (q3, "direct", "Envoy Two", "")]))
    totals = positions.Positions(TARGETS)
    for aid in ["a1", "a2"]:
        totals.add(st[st["article_id"] == aid], quotes[quotes["article_id"] == aid])
    pd.testing.assert_frame_equal(totals.frame(), pos, check_exact=True)
    assert set(pos["article_id"]) == {"a1", "a2", "ALL"}


def test_stance_rows_round_trip_and_stay_in_range():
    quote = "Russia attacked Ukraine again,"
    arts, sents, quotes, st, pos = build(("a1", TITLE + f'The envoy spoke. "{quote}" the envoy said.\n',
                                          [(quote, "direct", "Envoy One", "eu")]))
    text = arts.iloc[0]["text"]
    assert len(st)
    for r in st.to_dict("records"):
        assert text[r["start"]:r["end"]] == r["text"]
        assert -1 <= r["stance"] <= 1
    assert pos["stance"].abs().le(1).all()
    assert (pos.loc[pos["n_units"] == 0, "label"] == "neutral").all()   # no unit: no stance expressed


@pytest.mark.parametrize("text,expected", [
    ("one, two, three and four", 1),
    ("Ukraine is brave; Russia is not", 2),
    ("Moscow made a mistake, which it knows well", 2),
])
def test_clauses(text, expected):
    assert len(positioning.clauses(text, 0, len(text))) == expected


def test_sample_article_positions():
    """The user's sample article end to end (quote engine included)."""
    from helpers.paths import ARTICLES

    frames = pipeline.analyze([ARTICLES / "istanbul_talks.txt"])
    pos = frames["positions"]
    assert row(pos, "Mark Rutte", "istanbul_talks")["label_russia"] == "negative"
    assert row(pos, "Dmitry Peskov", "istanbul_talks")["label_russia"] == "positive"
    fidan = row(pos, "Hakan Fidan", "istanbul_talks")
    assert (fidan["label_russia"], fidan["label_ukraine"]) == ("neutral", "neutral")
    assert row(pos, positioning.ARTICLE_SPEAKER, "istanbul_talks")["label_russia"] == "negative"
    ids = set(frames["quotes"]["quote_id"]) | set(frames["sentences"]["sent_id"].astype(str))
    for evidence in frames["positions"].query("article_id != 'ALL'")["evidence"]:
        assert set(filter(None, evidence.split(";"))) <= ids


def test_highlight_marks_targets_cues_and_model_words():
    out = positions.highlight_html("Russia made a big mistake <again>", "Russia", "big mistake")
    assert out.count("<mark") == 2 and "&lt;again&gt;" in out
    assert positions.highlight_html("NATO is dangerous", "NATO", "", "dangerous").count("<mark") == 2


def labels(quote: str, side: str = "eu", speaker: str = "Speaker Six", before: str = "The speaker was in Rome.",
           **others: str) -> tuple[str, str]:
    """(label toward Russia, label toward Ukraine) of one direct quote in a fixture article."""
    text = TITLE + f'{before} "{quote}" the speaker said.\n'
    *_, pos = build(("a1", text, [(quote, "direct", speaker, side)]))
    r = row(pos, speaker)
    return r["label_russia"], r["label_ukraine"]


@pytest.mark.parametrize("quote", [
    "Ukraine can count on the solidarity and assistance of our union,",
    "We will continue our support for Ukraine,",
    "Our solidarity with the Ukrainian people is unwavering,",
    "We stand with Ukraine,",
    "We admire the courage of the Ukrainian people in resisting the aggressor,",
    "Military assistance to Ukraine will continue,",
    "We will help Ukraine for as long as it takes,",
])
def test_support_and_solidarity_are_positive_toward_the_side_helped(quote):
    assert labels(quote)[1] == "positive"


def test_support_reported_for_the_other_side_is_no_praise():
    assert labels("Iran supports Russia with drones,", side="ukraine")[0] == "neutral"
    assert labels("An assistant to Ukraine's leader spoke,", side="eu")[1] == "neutral"  # not "assist*"


def test_resisting_is_credit_only_against_something_bad():
    assert labels("The Ukrainian army keeps fighting against the occupiers,")[1] == "positive"
    assert labels("The Ukrainian army resisted calls for a pause,")[1] == "neutral"


@pytest.mark.parametrize("quote", [
    "The aggressor must be stopped,",
    "The invaders keep shelling the city,",
    "The occupiers will have to leave,",
    "Ukrainians are fighting against the aggressor,",
])
def test_war_nouns_without_a_side_mean_russia(quote):
    assert labels(quote, side="ukraine")[0] == "negative"
    assert labels(quote, side="eu")[0] == "negative"
    assert labels(quote, side="russia")[0] != "negative"  # no side calls itself the aggressor


def test_the_side_fighting_the_aggressor_is_not_the_aggressor():
    assert labels("Ukrainians are fighting against the aggressor,") == ("negative", "positive")
    assert labels("Russia is the aggressor,")[0] == "negative"
    assert labels("The Russian occupiers are retreating,")[0] == "negative"


@pytest.mark.parametrize("verb", ["has been invaded by", "is being shelled by", "had been attacked by",
                                  "was attacked by", "have been brutally attacked by", "will be attacked by",
                                  "would be attacked by", "was being bombed by", "is under attack by"])
def test_passive_forms_make_the_subject_the_victim(verb):
    subject = "Ukrainians" if verb.startswith("have") else "Ukraine"
    russia, ukraine = labels(f"{subject} {verb} Russian forces,")
    assert (russia, ukraine) == ("negative", "neutral")


def test_a_side_glued_to_a_cue_holds_it_after_a_preposition():
    assert labels("Our people are suffering from Russian aggression,", side="ukraine") == ("negative", "positive")


def test_passive_without_agent_is_not_blame():
    assert labels("Ukraine has been invaded and occupied,")[1] == "neutral"
    assert labels("Ukrainian cities are being shelled every day,", side="ukraine")[1] == "positive"


def test_second_person_is_the_other_principal():
    before = "The chancellor met with Volodymyr Zelensky in Kyiv."
    quote = "Your people stand firm, and you will always have our support,"
    assert labels(quote, before=before)[1] == "positive"
    # nobody named as met or addressed: "you" stays unresolved
    assert labels(quote, before="The chancellor spoke in Berlin.")[1] == "neutral"
    # three principals: unresolved
    crowded = "The chancellor met with Volodymyr Zelensky and Vladimir Putin."
    assert labels(quote, before=crowded) == ("neutral", "neutral")


@pytest.mark.parametrize("quote,side,expected", [
    ("The goals of the special military operation will be achieved,", "russia", ("positive", "neutral")),
    ("We will denazify Ukraine,", "russia", ("positive", "negative")),
    ("The demilitarisation of Ukraine is our goal,", "russia", ("positive", "negative")),
    ("The Kiev regime is shelling cities,", "russia", ("neutral", "negative")),
    ("Neo-Nazis and nationalist battalions hide in the cities,", "russia", ("neutral", "negative")),
    ("We must protect civilians in Donbass,", "russia", ("positive", "neutral")),
    ("Russia's decisive actions saved lives,", "china", ("positive", "neutral")),
    ("Talks require Kiev's recognition of the new borders,", "russia", ("neutral", "negative")),
    ("Talks resume only if Kyiv recognises the new territorial realities,", "russia", ("neutral", "negative")),
    ("The so-called special military operation is a war of aggression,", "ukraine", ("negative", "neutral")),
])
def test_russian_official_framing(quote, side, expected):
    assert labels(quote, side=side) == expected


def test_enemy_is_the_other_side_of_the_speaker():
    assert labels("The enemy is shelling the city,", side="ukraine")[0] == "negative"
    assert labels("The enemy is shelling the city,", side="russia")[1] == "negative"
    assert labels("The enemy is shelling the city,", side="eu") == ("neutral", "neutral")


def test_first_person_plural_in_a_long_transcript_turn():
    turn = ("Good afternoon, colleagues. Today we will discuss the harvest, the regional budgets, the transport "
            "system, the heating season and the new school year. We are focusing on the special military "
            "operation, and our people in Donbass can rely on us.")
    text = TITLE + f"The President held a meeting.\n\nVladimir Putin: {turn}\n"
    *_, pos = build(("a1", text, [(turn, "direct", "Vladimir Putin", "russia")]))
    assert row(pos, "Vladimir Putin")["label_russia"] == "positive"
    # a demand on the own side ("we must") is not criticism of it
    assert labels("We must do more for our people,", side="ukraine")[1] == "positive"


def test_pronouns_of_a_span_are_those_a_scan_of_the_span_finds():
    text = ("We met them. Their offer, which we saw, was his: ours, yours and theirs; US troops and us. "
            "Whose? Whom? Hers and thesis, weather, usher, ourselves")
    words = positioning.stance_words()
    art = positioning._Article(text, [], [], [], {}, words)
    for a in range(0, len(text), 3):
        for b in range(a, len(text) + 1, 2):  # spans ending inside words too ("we" of "wheat")
            scanned = [(p.start(), p.end(), words.pronoun_groups[p.group()])
                       for p in words.pronoun.finditer(text, a, b)]
            assert art.pronouns_in(a, b) == scanned, (a, b)


def test_stances_round_as_numpy_rounds_numpy_floats():
    import math

    import numpy as np
    for x in [0.12345, -0.00004, 0.00005, -0.00005, 0.99995, -1.2, 1.00004, 2.5e-05, -0.33335, 0.1 + 0.2]:
        expected = max(-1.0, min(1.0, round(np.float64(x), 4)))
        got = positioning.clip(np.float64(x))
        assert got == expected and math.copysign(1, got) == math.copysign(1, expected), x
        assert positioning.clip(x) == max(-1.0, min(1.0, round(x, 4)))


@pytest.mark.parametrize("text", [
    "Russia attacked, and   but Ukraine resisted, which was brave; though — however, they, who, whom…",
    "One, two, three, four words here,  but not there. Yes! No? ,,, , ;: ; — – - ,but ,which",
])
def test_clauses_match_a_cut_per_kind_reading(text):
    """The clause cuts found in two scans (hard; comma or conjunction) are those of one scan per kind."""
    import re
    word = re.compile(r"\s(?=(?:but|while|whereas|although|though|however|which|who|whom)\b)", re.I)
    for a in range(0, len(text), 5):
        for b in range(a, len(text) + 1, 7):
            cuts = [(m.start(), m.end(), False) for m in positioning._CLAUSE_HARD.finditer(text, a, b)]
            cuts += [(m.start(), m.end(), False) for m in word.finditer(text, a, b)]
            cuts += [(m.start(), m.end(), True) for m in re.compile(r",\s*").finditer(text, a, b)]
            pos, accepted = a, []
            for c in sorted(cuts):
                if c[0] >= pos:
                    accepted.append(c)
                    pos = c[1]
            found = [(m.start(), m.end(), text[m.start()] == ",")
                     for m in positioning.stance_words().clause_cut.finditer(text, a, b)]
            found += [(m.start(), m.end(), False) for m in positioning._CLAUSE_HARD.finditer(text, a, b)]
            pos, accepted2 = a, []
            for c in sorted(found):
                if c[0] >= pos:
                    accepted2.append(c)
                    pos = c[1]
            assert accepted2 == accepted, (a, b)


def test_rows_of_quotes_follow_the_quotes_frame_then_sentences():
    q1, q2 = "Russia attacked Ukraine again,", "Moscow must stop the shelling,"
    arts, sents, quotes, st, _ = build(
        ("a1", TITLE + f'Russia shelled Kharkiv. "{q1}" the envoy said.\n', [(q1, "direct", "Envoy One", "eu")]),
        ("a2", TITLE + f'Ukraine was attacked. "{q2}" the envoy said.\n', [(q2, "direct", "Envoy One", "eu")]))
    reordered = positioning.stances(arts, sents, quotes.iloc[::-1], load_actors())
    quoted = reordered[reordered["speaker"] != positioning.ARTICLE_SPEAKER]
    assert list(dict.fromkeys(quoted["unit_id"])) == ["a2-q0", "a1-q0"]
    voice = reordered[reordered["speaker"] == positioning.ARTICLE_SPEAKER]
    assert len(voice) and voice.index.min() > quoted.index.max()
    assert list(dict.fromkeys(voice["article_id"])) == ["a1", "a2"]


@pytest.mark.parametrize("text", [
    "RUSSIA attacked, BUT Ukraine resisted, Which was brave; THOUGH — However, they, WHO, whom…",
    "Kyiv’s answer, however, came While Moscow’s BUTTER, whichever; Ünal said, but Öztürk, WHOM",
])
def test_clauses_of_lower_cased_text_are_those_of_the_text(text):
    low = positioning._lower_text(text)
    assert low is not None
    for a in range(0, len(text), 3):
        for b in range(a, len(text) + 1, 5):
            assert positioning.clauses(text, a, b, low) == positioning.clauses(text, a, b), (a, b)


@pytest.mark.parametrize("text", ["Russia's ATTACK on Ukraine, which WE saw", "Kyiv’s answer and Ünal's ANSWER",
                                  "KELVIN \u212a and x\u212ay words"])
def test_words_are_the_lower_cased_matches_of_the_span(text):
    import re
    for a in range(len(text)):
        for b in range(a, len(text) + 1):
            expected = [w.lower() for w in re.findall(r"[A-Za-z’']+", text[a:b])]
            assert positioning._words(text, a, b) == expected, (a, b)


# ---------------------------------------------------------------- long format, targets as data, silent units

def test_positions_are_long_one_row_per_speaker_and_target():
    quote = "Russia attacked Ukraine again,"
    *_, st, pos = build(("a1", TITLE + f'The envoy spoke. "{quote}" the envoy said.\n',
                         [(quote, "direct", "Envoy One", "eu")]))
    assert list(pos.columns) == COLUMNS["positions"]
    assert not pos.duplicated(["article_id", "speaker", "target"]).any()
    envoy = pos[(pos["article_id"] == "a1") & (pos["speaker"] == "Envoy One")].set_index("target")
    assert set(envoy.index) == {"russia", "ukraine"}
    assert envoy.loc["russia", "label"] == "negative" and envoy.loc["russia", "n_units"] == 1
    assert envoy.loc["russia", "evidence"] == "a1-q0" and envoy.loc["ukraine", "evidence"] == ""


def test_a_target_named_without_evaluation_is_neutral_with_its_units():
    q1, q2 = "The delegation of Ukraine arrived in Geneva on Monday,", "The talks with Ukraine start at noon,"
    text = TITLE + f'The host spoke. "{q1}" the host said. "{q2}" she added.\n'
    *_, st, pos = build(("a1", text, [(q1, "direct", "Host Seven", ""), (q2, "direct", "Host Seven", "")]))
    host = pos[(pos["article_id"] == "a1") & (pos["speaker"] == "Host Seven")].set_index("target")
    assert host.loc["ukraine", "label"] == "neutral" and host.loc["ukraine", "n_units"] == 2  # a row, not a gap
    # a target never spoken about is neutral too, with no unit behind it, for every speaker and the article
    assert host.loc["russia", "label"] == "neutral" and host.loc["russia", "n_units"] == 0
    voice = pos[(pos["article_id"] == "a1") & (pos["speaker"] == positioning.ARTICLE_SPEAKER)]
    assert set(voice["target"]) == set(TARGETS) and set(voice["label"]) == {"neutral"}
    corpus = pos[(pos["article_id"] == "ALL") & (pos["speaker"] == "Host Seven")]
    assert set(corpus["target"]) == set(TARGETS)


def test_a_partial_quote_inside_an_indirect_one_counts_once():
    reported = 'Moscow was "a dangerous aggressor" in the region'
    text = TITLE + f"The minister spoke in Riga. The minister said that {reported}.\n"
    one = [(reported, "indirect", "Minister Eight", "eu")]
    *_, st_one, pos_one = build(("a1", text, one))
    *_, st, pos = build(("a1", text, one + [("a dangerous aggressor", "partial", "Minister Eight", "eu")]))
    assert set(st[st["speaker"] == "Minister Eight"]["unit_id"]) == {"a1-q0"}
    pd.testing.assert_frame_equal(pos.drop(columns="n_quotes"), pos_one.drop(columns="n_quotes"))
    assert row(pos, "Minister Eight")["n_units_russia"] == 1
    # a partial quote of another speaker inside it is that speaker's own unit
    *_, st_two, _ = build(("a1", text, one + [("a dangerous aggressor", "partial", "Envoy One", "eu")]))
    assert set(st_two["unit_id"]) >= {"a1-q0", "a1-q1"}


TRANSCRIPT = """Evening interview

Moscow, 3 May.

Anna Kovalenko: Good evening. A viewer from Tula asks: how long will the anti-Russia sanctions last?

Pavel Orlov: The sanctions against Russia have failed, and Russia is stronger than ever.

Anna Kovalenko: Thank you. And another question: why does Kyiv keep shelling Donetsk?

Pavel Orlov: Kyiv keeps shelling Donetsk every day.

Host: Does the Ukrainian army attack civilians?

Pavel Orlov: Yes, it does.
"""


def test_questions_read_out_in_a_transcript_are_no_stance(tmp_path):
    (tmp_path / "interview.txt").write_text(TRANSCRIPT, encoding="utf-8")
    frames = pipeline.analyze([tmp_path], cache=False)
    quotes, st, pos = frames["quotes"], frames["stances"], frames["positions"]
    asked = quotes[quotes["text"].str.contains("anti-Russia|why does Kyiv")]
    assert len(asked) == 2 and set(asked["speaker"]) == {"Anna Kovalenko"}  # the quotes are found ...
    assert "Anna Kovalenko" not in set(st["speaker"])  # ... but are not her stance
    asker = pos[pos["speaker"] == "Anna Kovalenko"]   # she took none: neutral, no unit behind it
    assert set(asker["label"]) == {"neutral"} and set(asker["n_units"]) == {0}
    host = quotes[quotes["text"].str.startswith("Does the Ukrainian army")]
    assert len(host) == 1 and host["speaker"].isna().all()  # "Host:" names nobody
    orlov = row(pos, "Pavel Orlov", "interview")
    assert orlov["label_ukraine"] == "negative"  # the answers are the speaker's stance


def test_a_speaker_asking_one_question_among_answers_keeps_the_stance(tmp_path):
    text = TRANSCRIPT.replace("Pavel Orlov: Yes, it does.", "Pavel Orlov: Why would Kyiv stop shelling Donetsk?")
    (tmp_path / "interview.txt").write_text(text, encoding="utf-8")
    frames = pipeline.analyze([tmp_path], cache=False)
    assert row(frames["positions"], "Pavel Orlov", "interview")["label_ukraine"] == "negative"


def test_a_known_actor_asking_questions_keeps_the_stance(tmp_path):
    text = ("Meeting on the ports\n\nMoscow, 3 May.\n\nVladimir Putin: Why does Kyiv keep shelling Donetsk?\n\n"
            "Pavel Orlov: We are looking into it.\n\nVladimir Putin: And why is Kyiv blocking the ports?\n")
    (tmp_path / "meeting.txt").write_text(text, encoding="utf-8")
    frames = pipeline.analyze([tmp_path], cache=False)
    assert set(frames["quotes"]["speaker"]) == {"Vladimir Putin", "Pavel Orlov"}
    assert row(frames["positions"], "Vladimir Putin", "meeting")["label_ukraine"] == "negative"


def copy_data(tmp_path, *target_rows: str) -> Knowledge:
    """A copy of data/ (without the sample articles) with rows added to its targets.csv, as knowledge."""
    knowledge = positioning.with_targets(target_rows, tmp_path / "data")
    assert knowledge.data_dir == (tmp_path / "data").resolve() and not (tmp_path / "data" / "articles").exists()
    assert (paths.DATA / "targets.csv").read_bytes() != (tmp_path / "data" / "targets.csv").read_bytes()
    return knowledge


def test_targets_come_from_the_table_and_actor_sides(tmp_path):
    assert positioning.load_targets().order == ("russia", "ukraine")  # the defaults
    knowledge = copy_data(tmp_path, "Sergey Lavrov,lavrov,person")
    assert positioning.load_targets(knowledge).order == ("russia", "ukraine", "lavrov")
    pattern, lexicon = positioning.target_lexicon(load_actors(), knowledge)
    assert lexicon["info"]["lavrov"][0] == "lavrov"  # an alias of the actor names the new target too
    assert lexicon["info"]["putin"][0] == "russia"  # other actors keep their side


NATO_ARTICLE = """Minister warns the alliance

Moscow, 12 June.

Russian Foreign Minister Sergey Lavrov spoke to reporters after the meeting. "NATO is a dangerous tool of confrontation," Lavrov said.
"""


def test_adding_nato_to_the_targets_table_needs_no_code_change(tmp_path):
    """Acceptance (issue 13): one row ``NATO,nato,group`` in a copy of data/ gives the Russian minister a
    negative position toward nato."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "nato.txt").write_text(NATO_ARTICLE, encoding="utf-8")
    before = pipeline.analyze([tmp_path / "articles"], cache=False)["positions"]
    assert "nato" not in set(before["target"])
    frames = pipeline.analyze([tmp_path / "articles"], cache=False, knowledge=copy_data(tmp_path, "NATO,nato,group"))
    nato = frames["positions"].query("article_id == 'nato' and target == 'nato' and n_units > 0")
    assert list(nato["speaker"]) == ["Sergei Lavrov"] and nato.iloc[0]["side"] == "russia"
    assert nato.iloc[0]["label"] == "negative" and nato.iloc[0]["evidence"]
    unit = frames["stances"].query("target == 'nato'").iloc[0]
    assert unit["target_words"] == "NATO" and unit["stance"] < -positions.LABEL_THRESHOLD
    assert "dangerous" in f'{unit["cue_words"]};{unit["model_words"]}'.split(";")  # the evidence shown


def test_stance_words_are_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("articles"))
    text = "Peace talks\n\nThe minister said that Russia had hardly attacked Ukraine."
    before = _stance_rows(text, None)
    with open(data / "stance_words.csv", "a", encoding="utf-8") as f:
        f.write("hardly,negator\n")
    after = _stance_rows(text, Knowledge(data))
    assert before["russia"] < 0 and after["russia"] > 0  # "hardly attacked" is now a negated attack


def _stance_rows(text: str, knowledge: Knowledge | None) -> dict[str, float]:
    arts = pd.DataFrame([article_from_text("h", text)])
    frames = pipeline.analyze_frame(arts, engines=("score",), knowledge=knowledge)
    st = frames["stances"]
    return dict(zip(st["target"], st["stance"]))


def test_speech_act_with_a_noun_phrase_object_is_the_speakers_unit():
    text = TITLE + ("Vladimir Putin informed the Turkish president about the special military operation. "
                    "Volodymyr Zelensky also thanked Britain for its support and condemned the Russian invasion. "
                    "The Kremlin condemned the sanctions.\n")
    arts, sents, quotes, st, pos = build(("a1", text, []))
    putin, zelensky = row(pos, "Vladimir Putin"), row(pos, "Volodymyr Zelensky")
    assert putin["label_russia"] == "positive" and putin["n_units_ukraine"] == 0
    assert zelensky["label_russia"] == "negative" and zelensky["label_ukraine"] == "positive"
    acts = st[st["speaker"] == "Volodymyr Zelensky"]
    assert set(acts["unit_id"]) <= set(sents["sent_id"].astype(str))  # the sentence is the evidence unit
    assert all(t.startswith("thanked Britain") for t in acts["text"])  # from the verb on: not the subject
    assert "condemned" in ";".join(acts["cue_words"]) and "invasion" in ";".join(acts["cue_words"])
    assert set(st["speaker"]) == {"Vladimir Putin", "Volodymyr Zelensky", positioning.ARTICLE_SPEAKER}
    assert row(pos, positioning.ARTICLE_SPEAKER)["n_units_russia"] == 3  # the article's voice keeps them


def test_speech_act_subjects_titles_pronouns_and_quotes():
    text = TITLE + ("President of Ukraine Volodymyr Zelensky met the Polish president in Warsaw. "
                    "The Head of State condemned the Russian aggression. The talks ended. "
                    "The lake condemned nothing about Russia's attacks.\n")
    *_, st, pos = build(("a1", text, []))
    assert row(pos, "Volodymyr Zelensky")["label_russia"] == "negative"
    assert set(st[st["speaker"] == "Volodymyr Zelensky"]["unit_id"]) == {"2"}  # "The lake": no title, no speaker
    # inside a quote, "he" is the person named before it: the Pope's unit, not the quoted speaker's
    quote = "Pope Francis prayed with us, and he supports Ukraine and condemns the Russian invasion"
    text2 = TITLE + f"The President spoke in Kyiv. Volodymyr Zelensky said that {quote}.\n"
    *_, st2, pos2 = build(("a1", text2, [(quote, "indirect", "Volodymyr Zelensky", "ukraine")]))
    pope = row(pos2, "Pope Francis")
    assert pope["label_russia"] == "negative" and pope["label_ukraine"] == "positive"
    assert row(pos2, "Volodymyr Zelensky")["n_units_russia"] == 1  # the quote itself, once


def test_speech_act_introducing_a_quote_is_not_counted_twice():
    reported = "Ukrainian militants had shelled the city"
    text = TITLE + f"The meeting was long. Vladimir Putin stressed that {reported}.\n"
    *_, st, pos = build(("a1", text, [(reported, "indirect", "Vladimir Putin", "russia")]))
    assert set(st[st["speaker"] == "Vladimir Putin"]["unit_id"]) == {"a1-q0"}
    assert row(pos, "Vladimir Putin")["label_ukraine"] == "negative"


def test_agent_prepositions_and_possessives_name_the_agent():
    cases = [("Provocations coming from the Ukrainian army caused the escalation,", "ukraine", "Provocations"),
             ("We fear an escalation on the part of Russia,", "russia", "escalation"),
             ("We are worried about Ukraine's continued provocations,", "ukraine", "provocations")]
    for quote, blamed, cue in cases:
        text = TITLE + f'The envoy spoke. "{quote}" the envoy said.\n'
        *_, st, pos = build(("a1", text, [(quote, "direct", "Envoy One", "eu")]))
        r = row(pos, "Envoy One")
        other = {"russia": "ukraine", "ukraine": "russia"}[blamed]
        assert r[f"label_{blamed}"] == "negative", quote
        assert r[f"label_{other}"] == "neutral", quote
        assert cue in st[st["target"] == blamed]["cue_words"].iloc[0].split(";"), quote  # the cue, not the tone
    # "suffer from" keeps its meaning: the side suffering is the victim, not the one after "from"
    quote = "Ukraine suffers from shelling,"
    text = TITLE + f'The envoy spoke. "{quote}" the envoy said.\n'
    *_, pos = build(("a1", text, [(quote, "direct", "Envoy One", "eu")]))
    assert row(pos, "Envoy One")["label_ukraine"] != "negative"


def test_implied_target_only_when_no_other_side_is_named():
    def russia(quote: str) -> str:
        text = TITLE + f'The envoy spoke. "{quote}" the envoy said.\n'
        *_, pos = build(("a1", text, [(quote, "direct", "Envoy One", "eu")]))
        return row(pos, "Envoy One")["label_russia"]
    assert russia("Europe will impose new sanctions next week,") == "negative"
    assert russia("Europe will impose new sanctions on Belarus next week,") == "neutral"
    # an agent cue glued to a name that is no target: that name's act, not the implied target's
    assert russia("Aid reaches people in the occupied territories,") == "negative"
    assert russia("Aid reaches people in the Israeli occupied territories,") == "neutral"


def test_speech_act_title_fits_the_speakers_role_and_quotes_keep_their_words():
    # "The President" is the president named before, not the secretary general named last
    text = TITLE + ("Volodymyr Zelensky met NATO Secretary General Mark Rutte. Mark Rutte toured the port. "
                    "The President thanked the Alliance for its support to Ukraine.\n")
    *_, st, pos = build(("a1", text, []))
    assert row(pos, "Volodymyr Zelensky")["label_ukraine"] == "positive"
    assert "Mark Rutte" not in set(st["speaker"])
    # a verb after a quote in its sentence introduces that quote: no second unit of the same words
    quote = "Ukraine will win,"
    text2 = TITLE + f'The minister spoke. "{quote}" Volodymyr Zelensky stressed.\n'
    *_, st2, _ = build(("a1", text2, [(quote, "direct", "Volodymyr Zelensky", "ukraine")]))
    assert set(st2[st2["speaker"] == "Volodymyr Zelensky"]["unit_id"]) == {"a1-q0"}
    # the speaker's own "his" is no mention of the speaker's side
    text3 = TITLE + "The visit ended. Vladimir Putin expressed his sympathy over the accident in the port.\n"
    *_, st3, _ = build(("a1", text3, []))
    assert "Vladimir Putin" not in set(st3["speaker"])


def test_a_pronoun_after_the_first_sentence_of_a_quote_refers_inside_it():
    """ "They" in a quote's second sentence is what its first sentence named (the attacks), not Ukraine, named in
    the sentence before the quote; in the first sentence a pronoun still reads the sentence before."""
    quote = "Attacks on civilians are prohibited. They must end now,"
    text = TITLE + f'The envoy called for a ceasefire in Ukraine. "{quote}" the envoy said.\n'
    *_, st, pos = build(("a1", text, [(quote, "direct", "Envoy One", "eu")]))
    assert "ukraine" not in set(st[st["speaker"] == "Envoy One"]["target"])
    quote2 = "They must stop the attacks now,"
    text2 = TITLE + f'The envoy spoke of Russia. "{quote2}" the envoy said.\n'
    *_, st2, _ = build(("a1", text2, [(quote2, "direct", "Envoy One", "eu")]))
    assert "russia" in set(st2[st2["speaker"] == "Envoy One"]["target"])


@pytest.mark.parametrize("intro, clause, speaker, side, target, expected", [
    # self-advocacy needs the side named ("Russia", "we"): "he" (the speaker himself) alone is none
    ("Vladimir Putin said", "he supported the idea in principle", "Vladimir Putin", "russia", "russia", "neutral"),
    ("Vladimir Putin said", "Russia supported the idea in principle", "Vladimir Putin", "russia", "russia",
     "positive"),
    # a side's speaker criticises it only with a cue: a defence full of dark words is none
    ("The envoy rejected the accusation, saying", "Russian forces targeted only military facilities, and the "
     "civilian casualties were caused by air defence", "Vasily Nebenzya", "russia", "russia", "positive"),
    # a body the actors table lacks is of the side its name states
    ("The Ukrainian embassy said", "the delegation from Ukraine arrived on Monday", "Ukrainian embassy", "unknown",
     "ukraine", "positive"),
])
def test_a_side_speaker_advocates_the_side_it_names(intro, clause, speaker, side, target, expected):
    text = TITLE + f"{intro} {clause}.\n"
    *_, pos = build(("a1", text, [(clause, "indirect", speaker, side)]))
    assert row(pos, speaker)[f"label_{target}"] == expected


@pytest.mark.parametrize("quote, expected", [
    ("We will not give the occupier what he could not capture,", "negative"),  # the verb is negated, not the noun
    ("Russia is not the aggressor,", "positive"),                               # the copula is
    ("We will not be intimidated by Russian threats,", "negative"),  # defiance: the threat is still Russia's
    ("A deal must not reward Russian aggression,", "negative"),      # "reward" takes the cue as its object
    ("We will never tolerate the Russian occupation,", "negative"),
    ("Russian forces did not attack the port,", "positive"),         # the negated act itself
])
def test_a_noun_naming_a_side_is_negated_only_by_its_copula(quote, expected):
    """A negated verb before a noun cue ("will not give", "must not reward"), or a refusal to suffer an act ("will
    not be intimidated"), keeps the cue."""
    text = TITLE + f'The envoy spoke. "{quote}" the envoy said.\n'
    *_, pos = build(("a1", text, [(quote, "direct", "Envoy One", "eu")]))
    assert row(pos, "Envoy One")["label_russia"] == expected


def test_a_negated_passive_of_a_good_cue_is_negated():
    """ "Russia cannot be trusted": the cue "trusted", negated (a refusal to suffer a bad act, "will not be
    intimidated", is not)."""
    quote = "Russia cannot be trusted,"
    text = TITLE + f'The envoy spoke. "{quote}" the envoy said.\n'
    *_, st, pos = build(("a1", text, [(quote, "direct", "Envoy One", "eu")]))
    unit = st[(st["speaker"] == "Envoy One") & (st["target"] == "russia")].iloc[0]
    assert "trusted" in unit["cue_words"] and unit["stance"] < 0


def test_they_after_we_refers_to_the_group_before_we():
    """ "We know what the Russians want. We know they cannot be trusted": "they" are the Russians, not "we"."""
    quote = "We know what the Russians want. We know they cannot be trusted,"
    text = TITLE + f'The minister spoke. "{quote}" the minister said.\n'
    *_, st, pos = build(("a1", text, [(quote, "direct", "Minister One", "ukraine")]))
    assert row(pos, "Minister One")["label_russia"] == "negative"
    assert "they" not in st[(st["speaker"] == "Minister One") & (st["target"] == "ukraine")]["target_words"].iloc[0]


def test_a_report_of_another_speaker_inside_a_quotation_is_no_stance_of_the_quoting_speaker():
    """'"Peskov says the Kiev regime is the aggressor. That is absurd," Sybiha said': Peskov's words count for
    Peskov, not as Sybiha's view of Ukraine."""
    quote = "Peskov says the Kiev regime is the aggressor. That is absurd,"
    nested = "the Kiev regime is the aggressor"
    text = TITLE + f'The minister spoke. "{quote}" Andrii Sybiha said.\n'
    with_report = [(quote, "direct", "Andrii Sybiha", "ukraine"), (nested, "indirect", "Dmitry Peskov", "russia")]
    *_, pos = build(("a1", text, with_report))
    assert row(pos, "Andrii Sybiha")["label_ukraine"] != "negative"
    assert row(pos, "Dmitry Peskov")["label_ukraine"] == "negative"
    *_, pos = build(("a1", text, with_report[:1]))   # without the nested report the words were Sybiha's
    assert row(pos, "Andrii Sybiha")["label_ukraine"] == "negative"


def test_a_stance_cue_reporting_an_object_speaks_about_that_object():
    """ "accused Russia of …", "thanked Norway for …": the report's object is the cue's patient."""
    text = TITLE + "The minister spoke. Ivan Sirko accused Russia of holding the meeting in Geneva.\n"
    *_, st, pos = build(("a1", text, [("Russia of holding the meeting in Geneva", "indirect", "Ivan Sirko", "eu")]))
    assert row(pos, "Ivan Sirko")["label_russia"] == "negative"
    assert list(st.loc[st["speaker"] == "Ivan Sirko", "cue_words"]) == ["accused"]


def test_its_after_a_country_of_no_target_refers_to_that_country():
    """ "Russia attacked Kyiv. X thanked Germany for its support.": "its" is Germany's, not Ukraine's."""
    text = TITLE + "Russia attacked Kyiv overnight. Volodymyr Zelensky thanked Germany for its steady support.\n"
    *_, st, _ = build(("a1", text, []))
    thanks = st[st["text"].str.contains("thanked")]
    assert "its" not in ";".join(thanks["target_words"].fillna(""))


def test_a_side_s_own_acts_of_war_in_its_own_words_are_no_criticism_of_it():
    quote = "Russia attacked the fuel depots again last night,"
    text = TITLE + f'The spokesman spoke. "{quote}" Dmitry Peskov said.\n'
    *_, pos = build(("a1", text, [(quote, "direct", "Dmitry Peskov", "russia")]))
    assert row(pos, "Dmitry Peskov")["label_russia"] != "negative"
    *_, pos = build(("a1", text, [(quote, "direct", "Ivan Sirko", "eu")]))   # said by another side: an attack
    assert row(pos, "Ivan Sirko")["label_russia"] == "negative"


def test_no_right_before_a_cue_negates_it_but_not_a_later_one():
    assert labels("Moscow has so far given no constructive answer,", side="russia")[0] == "negative"
    assert labels("There is no end to the aggression of Russia,", side="ukraine")[0] == "negative"


def test_a_seat_of_power_in_a_capital_is_that_side_acting():
    assert labels("The authorities in Kyiv are illegitimate,", side="russia")[1] == "negative"
    assert labels("The regime in Kyiv is criminal,", side="russia")[1] == "negative"
    assert labels("The talks in Kyiv were criminal,", side="russia")[1] == "neutral"   # a place, no actor


def test_the_source_of_a_report_is_not_the_agent_of_the_act_reported():
    assert labels("The strike, which Ukrainian officials say killed 11 people, was a crime,",
                  side="other")[1] != "negative"


def test_pressure_called_harmful_or_futile_counts_for_nothing():
    assert labels("Sanctions against Russia are a shot in our own knee,", side="eu")[0] == "neutral"
    assert labels("Sanctions against Russia are working and must stay,", side="eu")[0] == "negative"


def test_thanks_to_is_no_thanks_and_reparations_are_owed_by_russia():
    assert labels("Russia absorbed the loss thanks to its reserves,", side="other")[0] == "neutral"
    assert labels("The assets will fund a reparations loan to Ukraine,", side="eu") == ("negative", "neutral")


def test_terror_without_a_named_agent_is_the_opponents():
    assert labels("This was another act of terror against peaceful people,", side="ukraine")[0] == "negative"
    assert labels("This was another act of terror against peaceful people,", side="other")[0] == "neutral"


def test_wanting_peace_is_credit_and_not_wanting_it_blame():
    assert labels("Russia does not want peace,", side="eu")[0] == "negative"
    assert labels("Ukraine wants peace,", side="eu")[1] == "positive"


def test_a_demilitarised_zone_is_no_demand_to_demilitarise_ukraine():
    assert labels("A demilitarised zone in parts of Donetsk is one idea,", side="usa")[1] == "neutral"
    assert labels("The demilitarisation of Ukraine remains our goal,", side="russia")[1] == "negative"
