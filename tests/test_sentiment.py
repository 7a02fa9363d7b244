import json
import math

import pandas as pd
import pytest

from helpers import sentiment
from helpers.frames import COLUMNS, SENTIMENT_COLUMNS
from helpers.paths import DATA

STUMBLING = "The greatest stumbling block for a peace agreement in Ukraine seems to be Moscow."


def score(text: str) -> float:
    return sentiment.combined_score([text])[0]


@pytest.mark.parametrize("text", [
    "The offer isn't great.", STUMBLING, "Russia attacked Ukraine.",
    "The EU imposed sanctions on the bank.", "Investigators documented war crimes in the town.",
])
def test_news_negatives_that_textblob_misses(text):
    assert score(text) < -0.05


@pytest.mark.parametrize("text", ["The result was not bad.", "It was a constructive meeting."])
def test_news_positives(text):
    assert score(text) > 0.05


def test_textblob_misses_are_real():
    """The cases above are worth fixing: TextBlob scores them neutral or positive."""
    blob = sentiment.score_texts([STUMBLING, "Russia attacked Ukraine."], engines=("textblob",))
    assert (blob["textblob_polarity"] >= 0).all()


def test_contrast_weighs_what_follows_but():
    assert score("The talks were useful, but the shelling went on.") < 0
    assert score("The shelling went on, but the talks were useful.") > 0


def test_intensifier_with_own_polarity():
    assert score("the greatest threat") < score("a threat") < 0
    assert score("the greatest victory") > 0


def test_neutral_text_scores_near_zero():
    text = "The delegation arrived in Istanbul on Monday."
    assert sentiment.lexicon_score([text]) == [0.0] and abs(score(text)) < sentiment.DEAD_BAND


def test_columns_ranges_and_words():
    texts = ["Russia attacked Ukraine.", "It was a constructive meeting.", ""]
    frame = sentiment.score_texts(texts)
    assert list(frame.columns) == SENTIMENT_COLUMNS and len(frame) == 3
    for col in ["textblob_polarity", "vader_compound", "score"]:
        assert frame[col].between(-1, 1).all()
    assert frame["textblob_subjectivity"].between(0, 1).all()
    assert "attacked" in frame.loc[0, "score_words"] and "attack" in frame.loc[0, "vader_words"]
    assert "constructive" in frame.loc[1, "score_words"]
    assert frame.loc[2, "score"] == 0.0 and frame.loc[2, "score_words"] == ""


def test_fast_path_matches_full_frame():
    texts = [STUMBLING, "Not a bad day for diplomacy, however fragile."]
    assert sentiment.combined_score(texts) == pytest.approx(sentiment.score_texts(texts)["score"].tolist())
    fast = sentiment.score_texts(texts, engines=("score",))
    assert fast["textblob_polarity"].isna().all() and fast["score"].notna().all()


def test_engines_disagree_uses_dead_band():
    frame = sentiment.score_texts(["This isn't great.", "A good day.", "The sky is blue."])
    assert frame["engines_disagree"].tolist() == [True, False, False]


def test_empty_input():
    assert list(sentiment.score_texts([]).columns) == SENTIMENT_COLUMNS
    assert sentiment.combined_score([]) == []
    empty_quotes = pd.DataFrame({c: [] for c in COLUMNS["quotes"]})
    scored = sentiment.quote_sentiment(empty_quotes)
    assert list(scored.columns) == COLUMNS["sentiment"] + SENTIMENT_COLUMNS and scored.empty
    agg = sentiment.speaker_sentiment(scored)
    assert list(agg.columns) == COLUMNS["speaker_sentiment"] and agg.empty


def quotes_frame() -> pd.DataFrame:
    article = "A said: good. A said: great. A said: fine. B said: war. C said: awful."
    rows = []
    for k, (speaker, side, text) in enumerate([("Ann", "ukraine", "good"), ("Ann", "ukraine", "great"),
                                               ("Ann", "ukraine", "fine"), ("Bob", "russia", "war"),
                                               (None, None, "awful")]):
        start = article.index(text)
        rows.append({"article_id": "a1", "quote_id": k, "kind": "direct", "start": start,
                     "end": start + len(text), "text": text, "speaker": speaker, "side": side})
    return pd.DataFrame(rows).reindex(columns=COLUMNS["quotes"])


def test_quote_sentiment_keeps_identity():
    quotes = quotes_frame()
    scored = sentiment.quote_sentiment(quotes)
    assert list(scored.columns) == COLUMNS["sentiment"] + SENTIMENT_COLUMNS
    assert scored["text"].tolist() == quotes["text"].tolist()
    assert scored["start"].tolist() == quotes["start"].tolist()


def test_speaker_sentiment_groups_intervals_and_too_few():
    agg = sentiment.speaker_sentiment(sentiment.quote_sentiment(quotes_frame()))
    assert list(agg.columns) == COLUMNS["speaker_sentiment"]
    assert set(agg["article_id"]) == {"a1", "ALL"}
    ann = agg[(agg["article_id"] == "ALL") & (agg["speaker"] == "Ann")].iloc[0]
    assert ann["n"] == 3 and not ann["too_few"] and ann["side"] == "ukraine"
    assert ann["ci_low"] <= ann["mean_score"] <= ann["ci_high"] and ann["mean_score"] > 0
    bob = agg[(agg["article_id"] == "a1") & (agg["speaker"] == "Bob")].iloc[0]
    assert bob["too_few"] and bob["mean_score"] < 0 and math.isnan(bob["ci_low"])
    assert "(unresolved)" in set(agg["speaker"])


def test_speaker_sentiment_fed_in_chunks_equals_one_call():
    one = sentiment.quote_sentiment(quotes_frame())
    frame = pd.concat([one, one.assign(article_id="a2", score=one["score"] / 2)], ignore_index=True)
    totals = sentiment.SpeakerSentiment()
    for aid in frame["article_id"].unique():
        totals.add(frame[frame["article_id"] == aid])
    whole = sentiment.speaker_sentiment(frame)
    pd.testing.assert_frame_equal(totals.frame(), whole, check_exact=True)
    assert whole.query("article_id == 'ALL' and speaker == 'Ann'")["n"].tolist() == [6]


def test_bootstrap_is_reproducible():
    frame = sentiment.quote_sentiment(quotes_frame())
    pd.testing.assert_frame_equal(sentiment.speaker_sentiment(frame), sentiment.speaker_sentiment(frame))


def test_shifters_reverse_what_they_act_on():
    assert score("The plan will reduce poverty.") > 0 > score("The plan will reduce benefits.")
    assert score("Vaccines prevent disease.") > 0


@pytest.mark.parametrize("text", ["They have not changed.", "The ministry did not publish the figures.",
                                  "The talks haven't started yet."])
def test_a_bare_negator_is_not_negative(text):
    """A negator that negates no sentiment word adds no tone: a plain denial stays neutral."""
    assert abs(score(text)) < sentiment.DEAD_BAND


def test_a_negated_sentiment_word_keeps_the_negators_tone():
    assert score("The plan is not good.") < -0.3 and score("The plan is good.") > 0.3


def test_general_lexicons_ship_inside_installed_packages():
    for name, load in sentiment.GENERAL_LEXICONS.items():
        words = load()
        assert len(words) > 1000 and all(-1 <= v <= 1 for v in words.values()), name
    assert sentiment.vader_lexicon()["good"] > 0 > sentiment.textblob_lexicon()["bad"]


def test_only_permissively_licensed_lexicons():
    """VADER and TextBlob/pattern are MIT; AFINN (GPL/ODbL) and the General Inquirer (GPL-2) are out."""
    assert set(sentiment.GENERAL_LEXICONS) == {"vader", "textblob"}
    assert len(sentiment.load_lexicon().zero) == len(sentiment.WEIGHTS) == 2


def test_capitalised_words_inside_a_sentence_are_names():
    assert sentiment.tokens("He met Associate Justice Kennedy.") == ["he", "met", "_", "_", "_", "."]
    assert sentiment.lexicon_score(["The report came from Freedom House."]) == [0.0]
    assert "freedom" not in sentiment.combined_with_words("The report came from Freedom House.")[1]
    assert score("Freedom of the press matters.") > 0  # sentence-initial: an ordinary word


def test_title_case_headline_keeps_its_words():
    assert score("Peace Talks Collapse After Deadly Attack") < -0.05


def test_negative_words_weigh_more_than_positive_ones():
    texts = ["The attack failed.", "The talks succeeded."]
    even = sentiment.lexicon_score(texts, negative=1.0)
    shipped = sentiment.lexicon_score(texts)
    assert sentiment.NEGATIVE > 1 and shipped[0] < even[0] < 0 and shipped[1] == even[1] > 0


def test_shipped_model_loads_and_reproduces_labels():
    model = sentiment.load_model()
    assert 0 < model.lexicon and len(model.words) > 1000
    assert all(k[:2] in ("w:", "n:") for k in model.words)
    assert len(model.hits) > 100 and len(model.pairs) == 5 and model.classes
    assert model.meta["held_out"]["table"]["model (out of fold)"]["r"] > 0.55
    labels = ["negative" if s <= -0.05 else "positive" if s >= 0.05 else "neutral" for s in sentiment.combined_score([
        "Shelling destroyed the hospital and killed three nurses.", "The volunteers did wonderful, generous work.",
        "The committee meets on Tuesday."])]
    assert labels == ["negative", "positive", "neutral"]


def test_score_is_rule_score_times_weight_plus_learned_words_plus_hit_terms_damped_by_length():
    text = ("Critics said the brutal crackdown was not helpful, and the members of the committee who met in the old "
            "town hall on the first Tuesday of the month said so too.")
    model, lex = sentiment.load_model(), sentiment.load_lexicon()
    hits, rule, keys = sentiment.features(text, lex)
    assert "n:helpful" in keys and "w:helpful" not in keys and "w:brutal" in keys
    words = sum(map(str.isalpha, sentiment.tokens(text)))
    factor = sentiment.length_factor(words, model.damping)
    assert words > sentiment.LENGTH_REF and model.damping > 0 and 0 < factor < 1
    assert sentiment.length_factor(sentiment.LENGTH_REF, model.damping) == 1.0
    found = [s * model.projection[t] for t, s in sentiment.hit_words(hits, lex) if t in model.projection]
    assert found and "not" not in dict(sentiment.hit_words(hits, lex))  # the negator reads no vector
    strengths = sentiment.hit_strengths(hits)
    assert len(strengths) >= 2 and any(p in model.hits for p, _ in strengths)
    assert any(k[2:] in model.classes for k in keys)  # "critics": a form of a word of data/word_classes.csv
    values = [s for _, s in sentiment.word_strengths(strengths, lex)]
    hit_weights = sum(model.hits.get(p, 0.0) * s for p, s in strengths) + sum(
        model.pairs[sentiment.pair_sign(a, b)] + model.pairs[4] * a * b for a, b in zip(values, values[1:])) + sum(
        w * v for w, v in zip(model.ends, sentiment.end_strengths(values)))
    expected = factor * (model.lexicon * rule + sum(found) / len(found) + hit_weights + sum(
        model.words.get(k, 0.0) + (model.induced.get(k[2:], 0.0) + model.classes.get(k[2:], 0.0))
        * (1 if k[0] == "w" else -1) for k in keys))
    assert score(text) == pytest.approx(max(-1.0, min(1.0, expected)))


def test_evidence_words_add_up_to_the_score():
    value, words = sentiment.combined_with_words("The brave rescuers saved the children, but the war goes on.")
    parts = [float(p.rsplit(":", 1)[1]) for p in words.split(", ")]
    assert "war" in words and "saved" in words and sum(parts) == pytest.approx(value, abs=0.01 * len(parts))


def test_negator_reach_ends_at_the_clause():
    lex = sentiment.load_lexicon()
    assert sentiment.word_features(sentiment.tokens("It was never fair, and peace came."), lex) == [
        "w:it", "w:was", "n:fair", "w:and", "w:peace", "w:came"]


def test_induced_lexicon_keeps_neutral_words_near_zero_and_leaves_modifiers_to_the_rules():
    """Words whose vectors resemble no lexicon word get (almost) no induced polarity; negators, intensifiers
    and contrast words get none (the rule score reads them), so "greatest" cannot soften "the greatest threat"."""
    induced, lex = sentiment.read_induced(DATA / sentiment.INDUCED), sentiment.load_lexicon()
    assert induced["atrocious"] < -0.3 and induced["wonderful"] > 0.2
    for word in ("delegation", "ministry", "arrived", "meets", "tuesday"):
        assert abs(induced.get(word, 0.0)) < 0.05, word
    assert not set(lex.modifiers) & set(induced)


def test_read_induced_rejects_a_wrong_header(tmp_path):
    path = tmp_path / "induced.csv"
    path.write_text("# comment\nword,polarity\nawful,-0.5\n", encoding="utf-8")
    assert sentiment.read_induced(path) == {"awful": -0.5}
    path.write_text("polarity,word\n-0.5,awful\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        sentiment.read_induced(path)


def test_induced_lexicon_gives_words_the_model_never_learned_a_weight_that_negation_flips(tmp_path):
    model = sentiment.load_model()
    induced = sentiment.read_induced(DATA / sentiment.INDUCED)
    assert len(induced) > 10_000 and model.induced
    word = next(w for w in ("atrocious", "despicable", "abhorrent", "heinous", "vile")
                if w in induced and f"w:{w}" not in model.words and f"n:{w}" not in model.words)
    assert induced[word] < 0
    own = model.classes.get(word, 0.0)  # its word classes' weights, when data/word_classes.csv lists it
    assert model.induced[word] < 0 and model.plain[word] == pytest.approx(model.induced[word] + own)
    assert model.negated[word] == pytest.approx(-model.induced[word] - own)
    # without the induced weight (a model file whose "induced" is 0) the word moves nothing
    path = tmp_path / "models"
    path.mkdir()
    raw = json.loads((DATA / sentiment.MODEL).read_text(encoding="utf-8"))
    (path / "sentence_sentiment.json").write_text(json.dumps({**raw, "induced": 0.0}), encoding="utf-8")
    plain = sentiment._read_model(path / "sentence_sentiment.json", DATA / sentiment.INDUCED,
                                  *(DATA / name for name in sentiment.VECTORS), DATA / sentiment.CLASSES)
    assert word not in plain.plain


def test_word_classes_give_their_words_and_inflections_a_learned_weight(tmp_path):
    table = tmp_path / "word_classes.csv"
    table.write_text("# invented words\nword,classes\nglorp,attack\nshield,help\nshields,attack\n", encoding="utf-8")
    forms = sentiment.class_forms(table)
    assert forms["glorp"] == forms["glorped"] == forms["glorping"] == ("attack",)
    assert forms["shield"] == forms["shielded"] == ("help",) and forms["shields"] == ("attack",)  # a listed form wins
    raw = json.loads((DATA / sentiment.MODEL).read_text(encoding="utf-8"))
    attack = raw["classes"]["attack"]
    assert attack < 0
    model = sentiment._read_model(DATA / sentiment.MODEL, DATA / sentiment.INDUCED,
                                  *(DATA / name for name in sentiment.VECTORS), table)
    assert model.classes["glorped"] == pytest.approx(attack) and model.plain["glorped"] == pytest.approx(attack)
    assert model.negated["glorped"] == pytest.approx(-attack)
    assert "glorped" not in sentiment.load_model().plain  # the shipped table does not list it
