"""helpers.target_sentiment: the shipped weights load and label invented sentences; rows stay aligned
and explained; ``python -m helpers train`` skips cleanly without ../shared."""

import json
import shutil

import pandas as pd
import pytest

import helpers
from helpers.__main__ import main
from helpers import mention_sentiment as ms
from helpers.knowledge import Knowledge
from helpers.mention_sentiment import LABELS, MODEL, _vocab, load_model
from helpers.paths import DATA

# Invented sentences (not from any corpus): (sentence, mention, expected label).
CASES = [
    ("Critics accused Tom Reed of lying to voters and covering up the corruption scandal.", "Tom Reed", "negative"),
    ("The mayor praised Anna Berg for her courageous leadership during the floods.", "Anna Berg", "positive"),
    ("Tom Reed arrived in Oslo on Tuesday for two days of meetings.", "Tom Reed", "neutral"),
    ("The senator was widely mocked after his disastrous speech.", "The senator", "negative"),
    ("Villagers thanked the nurses, who saved many lives.", "the nurses", "positive"),
]


def _logits(sent, start, end, intercept, weights):
    """(logits, credits) of the fast path for one mention of ``sent``."""
    model = ms._model(intercept, weights, _vocab().vectors)
    return ms._logits([sent], [(0, *ms._mention(sent, start, end))], model, _vocab())[0]


def _score(cases):
    texts = [s for s, _, _ in cases]
    spans = [(s.index(m), s.index(m) + len(m)) for s, m, _ in cases]
    return helpers.target_sentiment(texts, spans)


def test_shipped_weights_load_with_their_model_card_numbers():
    intercept, weights, meta = load_model()
    assert len(intercept) == 3 and len(weights) > 1000
    assert all(len(w) == 3 for w in list(weights.values())[:100])
    assert json.loads(MODEL.read_text())["labels"] == list(LABELS)
    held = meta["held_out"]["macro_f1"]
    assert held["model (linear, trained on the training part)"] > held["VADER (whole sentence)"]
    card = (MODEL.parent / "README.md").read_text()
    assert f"{held['model (linear, trained on the training part)']:.3f}" in card


def test_shipped_weights_reproduce_labels_of_invented_sentences():
    out = _score(CASES)
    assert out["label"].tolist() == [label for _, _, label in CASES]
    assert out["score"].between(-1, 1).all()
    assert out.loc[0, "score"] < -0.3 < 0.3 < out.loc[1, "score"]


def test_rows_keep_offsets_and_list_signed_evidence():
    out = _score(CASES)
    for (sentence, mention, _), row in zip(CASES, out.itertuples()):
        assert sentence[row.start:row.end] == row.mention == mention
    negative = dict(w.rsplit(":", 1) for w in out.loc[0, "evidence"].split(", "))
    assert float(negative["accused"]) < 0
    positive = dict(w.rsplit(":", 1) for w in out.loc[1, "evidence"].split(", "))
    assert float(positive["praised"]) > 0


def test_bad_span_keeps_a_neutral_row_that_says_why():
    out = helpers.target_sentiment(["Short text.", "", "Anna Berg spoke."], [(5, 50), (0, 1), (0, 9)])
    assert len(out) == 3
    assert out.loc[:1, "label"].tolist() == ["neutral", "neutral"]
    assert out.loc[:1, "evidence"].str.contains("outside").all()
    assert out.loc[2, "mention"] == "Anna Berg"
    with pytest.raises(ValueError):
        helpers.target_sentiment(["one"], [])


def test_empty_input_gives_the_columns():
    out = helpers.target_sentiment([], [])
    assert isinstance(out, pd.DataFrame) and out.empty
    assert list(out.columns) == ["start", "end", "mention", "label", "score", "evidence"]


def test_train_without_shared_says_skipped(tmp_path, capsys):
    assert main(["train", str(tmp_path / "no_shared")]) == 0
    assert "skipped" in capsys.readouterr().out


def test_the_fast_path_sums_the_same_features_the_model_was_trained_on():
    """target_sentiment sums each sentence's common features once; it must equal scoring every feature."""
    intercept, weights, _ = load_model()
    for sentence, mention, _ in CASES:
        sent = ms._Sentence(sentence)
        start = sentence.index(mention)
        z, credit = list(intercept), {}
        ms._add(ms.features(sent, start, start + len(mention)), weights, z, credit)
        fast_z, fast_credit = _logits(sent, start, start + len(mention), intercept, weights)
        assert fast_z == pytest.approx(z)
        strongest = lambda credit: dict(sorted(credit.items(), key=lambda kv: -abs(kv[1]))[:ms.EVIDENCE])  # noqa: E731
        assert strongest(fast_credit) == pytest.approx(strongest(credit))


def test_the_stance_cues_it_reads_follow_the_knowledge(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("articles"))
    knowledge = Knowledge(data)
    assert ("lambasted",) not in _vocab(knowledge).exact
    with open(data / "stance_cues.csv", "a", encoding="utf-8") as f:
        f.write("lambasted,-1.0,patient,,,blame\n")
    assert _vocab(knowledge).exact[("lambasted",)] == (-1.0, "patient")
    assert ("lambasted",) not in _vocab().exact  # data/ itself is untouched


def test_word_classes_come_from_the_data_table_and_cover_inflections(tmp_path):
    assert "c_attack" in ms._classes_of("excoriated", _vocab().classes)
    assert ms._classes_of("zorbled", _vocab().classes) == ()
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("articles"))
    with open(data / "word_classes.csv", "a", encoding="utf-8") as f:
        f.write("zorble,praise support\n")
    classes = _vocab(Knowledge(data)).classes
    assert ms._classes_of("zorbled", classes) == ("c_praise", "c_support")
    assert ms._classes_of("zorbled", _vocab().classes) == ()  # data/ itself is untouched


def test_speech_words_come_from_the_quote_words_table(tmp_path):
    """A mention next to a word of kind ``speech`` in data/quote_words.csv speaks; a new word counts too."""
    assert {"said", "told", "according"} <= _vocab().speech and "zorbled" not in _vocab().speech
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("articles"))
    with open(data / "quote_words.csv", "a", encoding="utf-8") as f:
        f.write("zorbled,speech\n")
    knowledge = Knowledge(data)
    assert "zorbled" in _vocab(knowledge).speech
    sentence = "Anna Berg zorbled on Tuesday."
    names = lambda vocab: {name for name, _, _ in ms.features(ms._Sentence(sentence, vocab), 0, 9)}  # noqa: E731
    assert "speaks" in names(_vocab(knowledge)) and "speaks" not in names(_vocab())


def test_score_mentions_gives_the_frame_s_labels_scores_and_evidence_as_pairs():
    texts = [s for s, _, _ in CASES]
    spans = [(s.index(m), s.index(m) + len(m)) for s, m, _ in CASES]
    frame, scored = _score(CASES), ms.score_mentions(texts, spans)
    assert [label for label, _, _ in scored] == frame["label"].tolist()
    assert [score for _, score, _ in scored] == frame["score"].tolist()
    assert [ms.evidence_text(evidence) for _, _, evidence in scored] == frame["evidence"].tolist()
    for _, _, evidence in scored:
        strength = [abs(v) for _, v in evidence]
        assert strength == sorted(strength, reverse=True) and min(strength) >= ms.MIN_EVIDENCE


def test_a_word_class_added_while_running_changes_the_next_scores(tmp_path):
    """The memo of each word's share of the logits follows the word classes, not only the model file."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("articles"))
    knowledge = Knowledge(data)
    text = "Villagers said the council zorbled Tom Reed and his zorbling friends."
    span = (text.index("Tom Reed"), text.index("Tom Reed") + len("Tom Reed"))
    before = ms.score_mentions([text], [span], knowledge=knowledge)[0]
    with open(data / "word_classes.csv", "a", encoding="utf-8") as f:
        f.write("zorble,attack\n")
    after = ms.score_mentions([text], [span], knowledge=knowledge)[0]
    assert after[1] != before[1]
    assert after[1] == ms.score_mentions([text], [span], knowledge=Knowledge(data))[0][1]


def test_shipped_word_vectors_load_as_plain_arrays_one_row_per_word():
    words = json.loads((MODEL.parent / "word_vectors.json").read_text(encoding="utf-8"))
    assert "PDDL" in words["meta"]["licence"]
    vectors = _vocab().vectors
    assert vectors.matrix.shape == (len(words["words"]), 50) and len(vectors.rows) == len(words["words"])
    assert {"the", ",", "peace", "war"} <= vectors.rows.keys()


def test_a_word_the_model_never_saw_moves_the_score_through_its_vector_and_is_credited():
    """A word with no weight of its own still counts through its vector; its share is its evidence."""
    _, weights, _ = load_model()
    rows = _vocab().vectors.rows
    word = next(w for w in ("treacherous", "despicable", "vile", "abhorrent")
                if w in rows and not any(f"{p}:{w}" in weights for p in ("w", "l", "r", "t")))
    text = f"Critics called Tom Reed {word}."
    _, credit = _logits(ms._Sentence(text), 15, 23, *load_model()[:2])
    assert abs(credit[word]) >= ms.MIN_EVIDENCE


def test_a_model_without_vector_weights_scores_as_before(tmp_path):
    """Vector features add nothing when the model file has no weights for them (an older model)."""
    model = json.loads(MODEL.read_text(encoding="utf-8"))
    model["weights"] = {k: v for k, v in model["weights"].items() if k.split(":")[0] not in ms.VECTOR_GROUPS}
    path = tmp_path / "no_vectors.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    intercept, weights, _ = load_model(path=path)
    sentence, mention, _ = CASES[1]
    sent, start = ms._Sentence(sentence), sentence.index(mention)
    first, last = ms._mention(sent, start, start + len(mention))
    z, credit = list(intercept), {}
    ms._add(ms.local_features(sent, first, last), weights, z, credit)
    for i in range(len(sent.words)):
        if not first <= i <= last:
            ms._add(sent.common(i), weights, z, credit)
    assert _logits(sent, start, start + len(mention), intercept, weights)[0] == pytest.approx(z)
