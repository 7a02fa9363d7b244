"""The convolution part of the target-sentiment model: every token adds its own logits, so each is exact evidence.

Each token of the sentence is read with its ``window`` neighbours on each side (their GloVe vectors,
data/models/word_vectors.npy, their lexicon polarity and whether they belong to the mention) and its place
relative to the mention (inside it, or left/right at a bucketed distance; in the mention's clause or not):
one hidden layer (ReLU; in a net with a second layer, a second one that reads the token's hidden units and its
neighbours', ReLU, added to the first) and a linear map give the token's three logits and its attention scores
(one for all three logits, or one per logit). A net's logits are its tokens' logits weighted by the softmax of
their scores over the sentence's tokens, plus a bias; the part is the sum of its nets (``CONVS``: a one-layer
and a two-layer net, each saved with half the part's weight, so their logits are averaged), and
``helpers.mention_sentiment`` adds it to the linear model's logits: a token's share (its logits times its
attention weight, in each net) is credited to its word in ``evidence``. Weights: data/models/target_conv.json and
target_conv_2.json (plain lists), trained with PyTorch by ``python -m helpers train`` (helpers/conv_train.py);
inference is numpy, over many (sentence, mention) pairs at once (``conv_elements``).
"""

import json
from collections.abc import Sequence
from itertools import chain
from pathlib import Path
from typing import NamedTuple, Protocol

import numpy as np

from .knowledge import Knowledge, resolve

CONVS = ("models/target_conv.json", "models/target_conv_2.json")  # the part's nets; their logits are summed
BLOCK = 1024  # elements whose hidden units get their place rows at a time (``conv_elements``)


class Tokens(Protocol):
    """What the part reads of a sentence (``mention_sentiment._Sentence`` has it): per token its row of
    the word vectors (-1: none), lexicon polarity and clause number."""
    rows: list[int]
    polarity: list[float]
    clause: list[int]


class ConvPart(NamedTuple):
    """The weights of the convolution part, arranged for ``conv_elements``."""
    window: int  # neighbours read on each side
    dist: np.ndarray  # upper bounds of the distance buckets (a larger distance: the last bucket)
    extra: np.ndarray  # (2, dims): the vectors of a word without one and of the padding past the sentence's ends
    words: np.ndarray  # (dims, 2 window + 1, hidden): a neighbour's vector at each offset -> hidden
    polarity: np.ndarray  # (2 window + 1, hidden): a neighbour's lexicon polarity at each offset -> hidden
    place: np.ndarray  # (places x 2^(2 window + 1), hidden): place bucket and which neighbours are in the
    #                    mention, plus the hidden units' bias
    second: np.ndarray | None  # (3, hidden, hidden): the previous, own and next element's units -> second layer
    second_bias: np.ndarray | None  # (hidden,); both None in a net of one layer
    out: np.ndarray  # (hidden, 3 + heads): hidden -> logits (negative, neutral, positive) and attention scores
    bias: np.ndarray  # (3,)


def load_conv(knowledge: Knowledge | None = None, folder: Path | None = None) -> tuple[ConvPart, ...]:
    """The nets of the convolution part (``CONVS`` that exist) of ``knowledge`` (default ``data/``) or in the
    model folder ``folder``; none when the model has no such part (the linear model alone)."""
    if folder is not None:
        return tuple(read_conv(Path(folder) / Path(c).name) for c in CONVS if (Path(folder) / Path(c).name).exists())
    knowledge = resolve(knowledge)
    return tuple(knowledge.load(c, read_conv) for c in CONVS if knowledge.path(c).exists())


def read_conv(path: Path) -> ConvPart:
    """A ``target_conv.json`` saved by helpers/conv_train.py: {"meta": …, "window": …, "dist": […], and
    the arrays as nested lists}."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    arr = {k: np.array(raw[k], dtype=np.float32) for k in ("extra", "words", "polarity", "place", "inside",
                                                            "hidden_bias", "out", "bias", "second", "second_bias")
           if k in raw}
    window = int(raw["window"])
    width = 2 * window + 1
    # every pattern of which of the 2 window + 1 neighbours lie in the mention, as a sum of "inside" rows
    bits = (np.arange(2 ** width)[:, None] >> np.arange(width)) & 1
    place = (arr["place"][:, None, :] + (bits @ arr["inside"])[None]).reshape(-1, arr["place"].shape[1])
    return ConvPart(window, np.array(raw["dist"]), arr["extra"], arr["words"], arr["polarity"],
                    place + arr["hidden_bias"], arr.get("second"), arr.get("second_bias"), arr["out"], arr["bias"])


class Inputs(NamedTuple):
    """The (mention, token) elements of a batch and what each reads: elements run mention by mention over
    all tokens of the mention's sentence, in order."""
    padded_rows: np.ndarray  # rows of the batch's sentences one after another, ``window`` paddings around each
    padded_polarity: np.ndarray
    token_at: np.ndarray  # each token's index in the padded arrays (sentences in order)
    token: np.ndarray  # each element's token (index into ``token_at``)
    pair: np.ndarray  # each element's mention
    place: np.ndarray  # each element's place bucket x 2^(2 window + 1) + which neighbours are in the mention
    starts: np.ndarray  # each mention's first element


def inputs(sents: Sequence[Tokens], mentions: np.ndarray, window: int, dist: np.ndarray, vocab_size: int,
           flat: np.ndarray | None = None) -> Inputs:
    """The ``Inputs`` of ``mentions`` (rows of sentence number, first token, last token); a word without a
    vector reads row ``vocab_size``, the padding ``vocab_size + 1``. ``flat``: the tokens' rows, sentences one
    after another, when the caller has them (else read from ``sents``)."""
    lens = np.array([len(s.polarity) for s in sents], dtype=np.intp)
    token_at = np.arange(int(lens.sum()), dtype=np.intp) + window * np.repeat(np.arange(1, len(sents) + 1), lens)
    size = int(lens.sum()) + window * (len(sents) + 1)
    rows, pol = np.full(size, vocab_size + 1, dtype=np.intp), np.zeros(size, dtype=np.float32)
    if flat is None:
        flat = np.fromiter(chain.from_iterable(s.rows for s in sents), dtype=np.intp, count=len(token_at))
    rows[token_at] = np.where(flat < 0, vocab_size, flat)
    pol[token_at] = np.fromiter(chain.from_iterable(s.polarity for s in sents), dtype=np.float32, count=len(token_at))
    clause = np.fromiter(chain.from_iterable(s.clause for s in sents), dtype=np.intp, count=len(token_at))
    sent_start = np.cumsum(lens) - lens
    where = np.asarray(mentions, dtype=np.intp).reshape(-1, 3)
    elen = lens[where[:, 0]]
    starts = np.cumsum(elen) - elen
    pair = np.repeat(np.arange(len(where)), elen)
    i = np.arange(int(elen.sum())) - starts[pair]
    token = sent_start[where[pair, 0]] + i
    first, last = where[pair, 1], where[pair, 2]
    # place bucket: 0 in the mention, 1 + the distance's bucket left of it, 1 + buckets + that right of it
    bucket = 1 + np.searchsorted(dist, np.arange(1, int(dist[-1]) + 2))  # of distances 1 .. dist[-1] + 1
    left = i < first
    d = np.where(left, first - i, i - last)
    side = np.where(d > 0, bucket[np.clip(d, 1, len(bucket)) - 1] + np.where(left, 0, len(dist) + 1), 0)
    same = clause[token] == clause[token - i + first]
    # bit k set when neighbour i + k - window lies in the mention: bits lo .. hi, clipped to the window
    width = 2 * window + 1
    lo = np.clip(first - i + window, 0, width)
    hi = np.clip(last - i + window + 1, 0, width)
    code = (1 << np.maximum(hi, lo)) - (1 << lo)
    place = (side * 2 + same) * 2 ** width + code
    return Inputs(rows, pol, token_at, token, pair, place, starts)


def conv_elements(sents: Sequence[Tokens], mentions: np.ndarray, nets: Sequence[ConvPart], vectors: np.ndarray,
                  rows: np.ndarray | None = None) -> np.ndarray:
    """(elements, 3): what each (mention, token) element adds to the mention's logits (``Inputs`` order), summed
    over ``nets``: in each, its logits times its attention weight; summed by mention plus the nets' ``bias`` they
    are the part's logits. The nets read the same window and distance buckets, so the inputs are built once.
    ``rows``: the tokens' rows of ``vectors`` (``inputs``' ``flat``), when the caller has them."""
    x = inputs(sents, mentions, nets[0].window, nets[0].dist, len(vectors), rows)
    # each distinct (row, polarity) of the batch, projected once per net onto its hidden units at every offset
    values, pol = np.unique(x.padded_polarity, return_inverse=True)
    used, inverse = np.unique(x.padded_rows * len(values) + pol, return_inverse=True)
    rows, pol = np.divmod(used, len(values))
    known = rows < len(vectors)  # rows without a vector (the unknown word, the padding) sort last
    seen = vectors[rows[known]]
    total = np.zeros((len(x.token), 3), dtype=np.float32)
    for conv in nets:
        if conv.window != nets[0].window or not np.array_equal(conv.dist, nets[0].dist):
            raise ValueError("the nets of a convolution part must read the same window and distance buckets")
        table = np.concatenate([seen, conv.extra[rows[~known] - len(vectors)]])
        total += _net_elements(x, conv, table, values[pol], inverse)
    return total


def _net_elements(x: Inputs, conv: ConvPart, table: np.ndarray, polarity: np.ndarray, inverse: np.ndarray
                  ) -> np.ndarray:
    """``conv_elements`` of one net: ``table`` the vectors of the batch's distinct (row, polarity), ``polarity``
    their polarity, ``inverse`` each padded position's number among them."""
    width = 2 * conv.window + 1
    proj = table @ conv.words.reshape(table.shape[1], -1) + (polarity[:, None] * conv.polarity.reshape(1, -1))
    proj = proj.reshape(-1, conv.out.shape[0])
    hidden = np.take(proj, inverse[x.token_at - conv.window] * width, axis=0)
    for k in range(1, width):
        hidden += np.take(proj, inverse[x.token_at + (k - conv.window)] * width + k, axis=0)
    h = (hidden if len(x.token) == len(hidden) and (x.token[1:] > x.token[:-1]).all()  # one mention each
         else np.take(hidden, x.token, axis=0))
    for a in range(0, len(h), BLOCK):  # in blocks, so that the place rows gathered stay in the cache
        part = h[a:a + BLOCK]
        part += np.take(conv.place, x.place[a:a + BLOCK], axis=0)
        np.maximum(part, 0.0, out=part)
    z = h @ conv.out if conv.second is None else _second(h, x.starts, conv)
    scores = z[:, 3:]  # softmax over each mention's elements (one column, or one per logit)
    weight = np.exp(scores - np.maximum.reduceat(scores, x.starts, axis=0)[x.pair])
    weight /= np.add.reduceat(weight, x.starts, axis=0)[x.pair]
    return z[:, :3] * weight


def _second(h: np.ndarray, starts: np.ndarray, conv: ConvPart) -> np.ndarray:
    """``(h + relu(second layer(h))) @ conv.out`` of a net with a second layer, in blocks of elements (each
    element's units and those of its neighbours in the mention's sentence: the elements before and after it,
    unless it starts or ends its mention's run)."""
    before, own, after = conv.second
    n = len(h)
    has_before = np.ones(n, dtype=np.float32)
    has_before[starts] = 0.0  # a mention's first element has no previous one, and the one before it no next one
    has_after = np.ones(n, dtype=np.float32)
    has_after[starts[1:] - 1] = 0.0
    has_after[-1:] = 0.0
    z = np.empty((n, conv.out.shape[1]), dtype=np.float32)
    for a in range(0, n, BLOCK):
        b = min(a + BLOCK, n)
        part = h[a:b]
        h2 = part @ own + conv.second_bias
        lo = max(a - 1, 0)
        h2[lo + 1 - a:] += (h[lo:b - 1] @ before) * has_before[lo + 1:b, None]
        hi = min(b + 1, n)
        h2[:hi - 1 - a] += (h[a + 1:hi] @ after) * has_after[a:hi - 1, None]
        np.maximum(h2, 0.0, out=h2)
        h2 += part
        np.matmul(h2, conv.out, out=z[a:b])
    return z
