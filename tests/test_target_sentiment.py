"""helpers.target_sentiment: the shipped weights load and label invented sentences; rows stay aligned
and explained; ``python -m helpers train`` skips cleanly without ../shared."""

import json
import shutil

import numpy as np
import pandas as pd
import pytest

import helpers
from helpers.__main__ import main
from helpers import mention_conv as mc, mention_sentiment as ms
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
    model = "model (linear + convolution, trained on the training part)"
    assert held[model] > held["VADER (whole sentence)"]
    card = (MODEL.parent / "README.md").read_text()
    assert f"| {model} | {held[model]:.3f} |" in card


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


def _conv_by_hand(sent: ms._Sentence, first: int, last: int, raw: dict, vectors) -> np.ndarray:
    """The convolution part's logits of one mention, token by token and offset by offset, from the JSON."""
    a = {k: np.array(raw[k]) for k in ("extra", "words", "polarity", "place", "inside", "hidden_bias", "out", "bias",
                                       "second", "second_bias") if k in raw}
    window, dist, n = raw["window"], np.array(raw["dist"]), len(sent.words)
    tokens = []
    for p in range(n):
        pre = a["hidden_bias"].copy()
        for k, q in enumerate(range(p - window, p + window + 1)):
            row = sent.rows[q] if 0 <= q < n else None
            vec = a["extra"][1] if row is None else a["extra"][0] if row < 0 else vectors[row]
            pre += vec @ a["words"][:, k] + (sent.polarity[q] if row is not None else 0.0) * a["polarity"][k]
            pre += a["inside"][k] if first <= q <= last else 0.0
        side = (0 if first <= p <= last else 1 + np.searchsorted(dist, first - p) if p < first
                else 2 + len(dist) + np.searchsorted(dist, p - last))
        pre += a["place"][side * 2 + (sent.clause[p] == sent.clause[first])]
        tokens.append(np.maximum(pre, 0))
    if "second" in a:  # each token's units and its neighbours', ReLU, added to its units
        second = [np.maximum(a["second_bias"] + sum(tokens[q] @ a["second"][k] for k, q in enumerate(range(p - 1, p + 2))
                                                     if 0 <= q < n), 0) for p in range(n)]
        tokens = [h + h2 for h, h2 in zip(tokens, second)]
    tokens = [h @ a["out"] for h in tokens]
    logits, scores = np.array(tokens)[:, :3], np.array(tokens)[:, 3:]
    weights = np.exp(scores) / np.exp(scores).sum(axis=0)  # attention over the sentence's tokens
    return a["bias"] + (logits * weights).sum(axis=0)


def test_the_convolution_part_sums_each_token_s_logits_as_its_definition_says():
    """conv_elements (all mentions of a batch at once, as arrays) equals each shipped net computed token by
    token, for two mentions of one sentence and mentions of other sentences in the same batch; the part has a
    one-layer and a two-layer net."""
    nets, vectors = mc.load_conv(), _vocab().vectors.matrix
    assert [net.second is None for net in nets] == [True, False]
    texts = ["Critics accused Tom Reed of lying, but they praised Anna Berg warmly.", CASES[1][0], CASES[3][0]]
    sents = [ms._Sentence(t) for t in texts]
    span = lambda i, m: (texts[i].index(m), texts[i].index(m) + len(m))  # noqa: E731
    mentions = [(0, *ms._mention(sents[0], *span(0, "Tom Reed"))), (1, *ms._mention(sents[1], *span(1, "Anna Berg"))),
                (0, *ms._mention(sents[0], *span(0, "Anna Berg"))), (2, 0, 1)]
    for name, conv in zip(mc.CONVS, nets):
        raw = json.loads((DATA / name).read_text(encoding="utf-8"))
        elements = mc.conv_elements(sents, np.array(mentions), [conv], vectors)
        start = 0
        for s, first, last in mentions:
            n = len(sents[s].words)
            z = elements[start:start + n].sum(axis=0) + conv.bias
            assert z == pytest.approx(_conv_by_hand(sents[s], first, last, raw, vectors), abs=1e-4)
            start += n
        assert start == len(elements)


@pytest.mark.parametrize("layers", [1, 2])
def test_the_convolution_net_read_by_numpy_computes_what_the_torch_network_saved_to_it_computes(tmp_path, layers):
    """A network of helpers/conv_train.py with random weights, saved and read back, gives mention_conv's numpy
    logits equal to its own, for mentions sharing a sentence and mentions of other sentences."""
    torch = pytest.importorskip("torch")
    from helpers import conv_train
    vectors = _vocab().vectors.matrix
    torch.manual_seed(3)
    net = conv_train._network(vectors, layers)
    with torch.no_grad():
        for p in net.parameters():
            p.normal_(0, 0.3)
    net.train(False)
    texts = ["Critics accused Tom Reed of lying, but they praised Anna Berg warmly.", CASES[1][0], CASES[3][0]]
    sents = [ms._Sentence(t) for t in texts]
    span = lambda i, m: (texts[i].index(m), texts[i].index(m) + len(m))  # noqa: E731
    mentions = np.array([(0, *ms._mention(sents[0], *span(0, "Tom Reed"))),
                         (1, *ms._mention(sents[1], *span(1, "Anna Berg"))),
                         (0, *ms._mention(sents[0], *span(0, "Anna Berg"))), (2, 0, 1)])
    expected = conv_train.logits(net, sents, mentions, np.arange(len(mentions)), vectors)
    conv_train.save(net, 1.0, tmp_path / "target_conv.json", {})
    (conv,) = mc.load_conv(folder=tmp_path)
    assert (conv.second is None) == (layers == 1)
    elements = mc.conv_elements(sents, mentions, [conv], vectors)
    starts = np.cumsum([0] + [len(sents[s].words) for s in mentions[:-1, 0]])
    got = np.add.reduceat(elements, starts, axis=0) + conv.bias
    assert got == pytest.approx(expected, abs=2e-3)


def test_the_convolution_part_is_added_to_the_linear_logits_and_credited_to_each_token_s_word(tmp_path):
    """Scores with the shipped convolution part differ from the linear model's alone by exactly its logits,
    and a word's evidence grows by its tokens' shares; a model folder without the part scores linearly."""
    linear_only = tmp_path / "target_sentiment.json"
    shutil.copy(MODEL, linear_only)
    sentence, mention, _ = CASES[0]
    sent, start = ms._Sentence(sentence), sentence.index(mention)
    first, last = ms._mention(sent, start, start + len(mention))
    intercept, weights, _ = load_model()
    z, credit = list(intercept), {}
    ms._add(ms.features(sent, start, start + len(mention)), weights, z, credit)
    nets = mc.load_conv()
    elements = mc.conv_elements([sent], np.array([(0, first, last)]), nets, _vocab().vectors.matrix)
    both = np.array(z) + elements.sum(axis=0) + sum(net.bias for net in nets)
    label, score, evidence = ms.score_mentions([sentence], [(start, start + len(mention))])[0]
    e = np.exp(both - both.max())
    assert score == pytest.approx((e[2] - e[0]) / e.sum()) and label == LABELS[int(both.argmax())]
    shares = dict(credit)
    for w, c in zip(sent.words, elements[:, 2] - elements[:, 0]):
        shares[w] = shares.get(w, 0.0) + c
    assert dict(evidence) == pytest.approx({w: shares[w] for w, _ in evidence})
    alone = ms.score_mentions([sentence], [(start, start + len(mention))], model=linear_only)[0]
    e = np.exp(np.array(z) - max(z))
    assert alone[1] == pytest.approx((e[2] - e[0]) / e.sum()) and alone[1] != score
