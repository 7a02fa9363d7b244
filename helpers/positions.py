"""Stage 7 — positions: each speaker's stance toward the Russian and the Ukrainian side, per article and
over the corpus (``ALL``), from the ``stances`` of ``helpers.positioning``; and what a reader needs to
check them: the strongest evidence units, their text with target and cue words highlighted, the map.

``Positions`` builds the frame chunk by chunk (the pipeline feeds it as chunks finish); ``positions``
is the same over whole frames.
"""

import html
import re
from dataclasses import dataclass, field

import pandas as pd

from .frames import COLUMNS
from .positioning import ARTICLE_SPEAKER, SIDES, clip
from .sides import colour, side_colours

# |mean stance| above which a speaker's position toward a side is labelled negative / positive.
LABEL_THRESHOLD = 0.2
# Weight, in a speaker's mean stance, of a unit that only names a side (no cue, not the own side) relative
# to a unit where a cue speaks about it: many neutral mentions must not drown one explicit accusation.
MENTION_WEIGHT = 0.25


def label(stance: float, threshold: float | None = None) -> str:
    """negative / neutral / positive for a stance in [-1, 1] (``LABEL_THRESHOLD`` unless given)."""
    threshold = LABEL_THRESHOLD if threshold is None else threshold
    return "positive" if stance > threshold else "negative" if stance < -threshold else "neutral"


def positions(stances: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Per (article, speaker) and per (ALL, speaker): weighted mean stance toward each side (units where a
    cue speaks or that name the own side weigh 1, mere mentions MENTION_WEIGHT), label, evidence ids.

    Every quoted speaker gets a row (stance 0 toward a side it never spoke about); ``(article)`` gets a
    row when its narrative speaks about a side, ``n_quotes`` then counting those sentences. ``evidence``
    lists, strongest first, the units whose stance has the sign of a non-neutral label and passes the
    threshold (in ALL rows made unique with ``global_id``).
    """
    totals = Positions()
    totals.add(stances, quotes)
    return totals.frame()


@dataclass
class Positions:
    """``positions`` built chunk by chunk: ``add`` the stances and quotes of whole articles, in corpus
    order, then ``frame()``. Article rows are computed as each chunk comes; the corpus (ALL) rows keep
    per speaker and side only running sums and the units beyond the threshold, so memory stays small."""

    rows: list[tuple] = field(default_factory=list)  # article rows, as tuples of the frame's columns
    corpus: dict = field(default_factory=dict)  # speaker -> its ALL totals (see ``_totals``)

    def add(self, stances: pd.DataFrame, quotes: pd.DataFrame) -> None:
        """Add the stances and quotes of some articles (every row of each of them)."""
        groups: dict[tuple, dict] = {}
        known = quotes[quotes["speaker"].notna()] if len(quotes) else quotes
        for article, speaker, side, qid in zip(*(known[c].tolist() if c in known else [None] * len(known)
                                                 for c in ["article_id", "speaker", "side", "quote_id"])):
            g = groups.get((article, speaker)) or groups.setdefault((article, speaker), _group(side))
            g["quotes"].add(str(qid))
            totals = self._totals(speaker)
            totals["quote_side"] = totals["quote_side"] or [side]
        spoken = stances[stances["speaker"].notna()]
        for article, speaker, side, unit, cue_words, target, stance in zip(
                *(spoken[c].tolist() for c in ["article_id", "speaker", "side", "unit_id", "cue_words", "target",
                                               "stance"])):
            weight = 1.0 if cue_words or target == side else MENTION_WEIGHT
            g = groups.get((article, speaker)) or groups.setdefault((article, speaker), _group(side))
            g[target].add(stance, weight, str(unit))
            if speaker == ARTICLE_SPEAKER:
                g["quotes"].add(unit)
            totals = self._totals(speaker)
            totals["stance_side"] = totals["stance_side"] or [side]
            totals[target].add(stance, weight, global_id(article, unit))
        for (aid, speaker), g in groups.items():
            self.rows.append(_row(_position(aid, speaker, g["side"], len(g["quotes"]), g)))
            self._totals(speaker)["n_quotes"] += len(g["quotes"])

    def _totals(self, speaker: str) -> dict:
        """A speaker's ALL totals: the side of its first quote (else of its first stance unit), the
        quotes counted, and the ``_Sums`` toward each side."""
        if speaker not in self.corpus:
            self.corpus[speaker] = {"quote_side": [], "stance_side": [], "n_quotes": 0,
                                    **{side: _Sums() for side in SIDES}}
        return self.corpus[speaker]

    def frame(self) -> pd.DataFrame:
        """The ``positions`` frame of everything added: article rows, then ALL rows, each sorted."""
        rows = list(self.rows)
        for speaker, t in self.corpus.items():
            side = (t["quote_side"] or t["stance_side"])[0]
            rows.append(_row(_position("ALL", speaker, _side(side), t["n_quotes"], t)))
        out = pd.DataFrame(rows, columns=COLUMNS["positions"])
        out["_all"] = out["article_id"] == "ALL"
        return out.sort_values(["_all", "article_id", "speaker"]).drop(columns="_all").reset_index(drop=True)


def _row(position: dict) -> tuple:
    """A ``positions`` row as a tuple in the frame's column order (a third of a dict's memory)."""
    return tuple(position[c] for c in COLUMNS["positions"])


@dataclass
class _Sums:
    """Running totals of one group toward one side: sum of stance × weight, sum of weights, and the
    ``(stance, unit id)`` of its units beyond the threshold, in the order added."""

    weighted: float = 0
    weight: float = 0
    strong: list[tuple[float, str]] = field(default_factory=list)

    def add(self, stance: float, weight: float, unit_id: str) -> None:
        self.weighted += stance * weight
        self.weight += weight
        if abs(stance) > LABEL_THRESHOLD:
            self.strong.append((stance, unit_id))


def _position(aid, speaker, side: str, n_quotes: int, sums_of: dict) -> dict:
    """The ``positions`` row of one group from its ``_Sums`` toward each side."""
    row = dict(article_id=aid, speaker=speaker, side=side, n_quotes=n_quotes)
    evidence: dict[str, None] = {}
    for target in SIDES:
        sums = sums_of[target]
        mean = clip(sums.weighted / sums.weight) if sums.weight else 0.0
        lab = label(mean)
        row[f"stance_{target}"], row[f"label_{target}"] = mean, lab
        if lab != "neutral":
            sign = 1 if lab == "positive" else -1
            strong = sorted((u for u in sums.strong if sign * u[0] > LABEL_THRESHOLD), key=lambda u: -sign * u[0])
            evidence |= dict.fromkeys(unit for _, unit in strong)
    row["evidence"] = ";".join(evidence)
    return row


def global_id(article_id: str, unit_id: str) -> str:
    """A unit id unique over articles: ``article_id:unit_id`` unless it already starts so."""
    return unit_id if unit_id.startswith(f"{article_id}:") else f"{article_id}:{unit_id}"


def _side(side) -> str:
    return side if isinstance(side, str) else ""


def _group(side) -> dict:
    """An (article, speaker) group: its side, quote ids, and ``_Sums`` toward each side."""
    return {"side": _side(side), "quotes": set(), **{target: _Sums() for target in SIDES}}


# ---------------------------------------------------------------- evidence for readers

def strongest(stances: pd.DataFrame, positions: pd.DataFrame, article_id: str = "ALL", n: int = 3) -> pd.DataFrame:
    """Each speaker's ``n`` strongest units per target side in ``article_id`` (or all articles for "ALL"),
    with the speaker's label toward that side; speakers in the order of ``positions``."""
    rows = stances if article_id == "ALL" else stances[stances["article_id"] == article_id]
    order = positions[positions["article_id"] == article_id]
    labels = {(r["speaker"], side): r[f"label_{side}"] for r in order.to_dict("records") for side in SIDES}
    rank = {s: i for i, s in enumerate(order["speaker"])}
    rows = rows[rows["speaker"].isin(rank)].assign(strength=rows["stance"].abs())
    top = rows.sort_values("strength", ascending=False).groupby(["speaker", "target"], sort=False).head(n)
    top = top.assign(label=[labels[(s, t)] for s, t in zip(top["speaker"], top["target"])],
                     rank=top["speaker"].map(rank))
    return top.sort_values(["rank", "target", "strength"], ascending=[True, True, False]).drop(
        columns=["rank", "strength"]).reset_index(drop=True)


def highlight_html(text: str, target_words: str, cue_words: str) -> str:
    """``text`` as HTML with the side mentions (blue) and stance cues (orange) marked with <mark>."""
    marks = [(w, "#cfe3ff") for w in target_words.split(";") if w] + [(w, "#ffd8a8") for w in cue_words.split(";") if w]
    if not marks:
        return html.escape(text)
    colour = {w.lower(): c for w, c in marks}
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w, _ in sorted(marks, key=lambda m: -len(m[0]))),
                         re.I)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out += [html.escape(text[pos:m.start()]),
                f'<mark style="background:{colour.get(m.group().lower(), "#eee")}">{html.escape(m.group())}</mark>']
        pos = m.end()
    return "".join(out) + html.escape(text[pos:])


def evidence_html(strong: pd.DataFrame, max_chars: int = 400) -> str:
    """An HTML table of ``strongest`` rows: speaker, side, label, unit stance and the marked text."""
    head = "<tr><th>speaker</th><th>toward</th><th>label</th><th>stance</th><th>unit</th><th>text</th></tr>"
    body = []
    for r in strong.to_dict("records"):
        text = r["text"] if len(r["text"]) <= max_chars else r["text"][:max_chars] + " …"
        body.append(f"<tr><td>{html.escape(str(r['speaker']))}</td><td>{r['target']}</td><td>{r['label']}</td>"
                    f"<td>{r['stance']:+.2f}</td><td>{html.escape(global_id(r['article_id'], r['unit_id']))}"
                    f"</td><td style='text-align:left'>{highlight_html(text, r['target_words'], r['cue_words'])}"
                    "</td></tr>")
    legend = ('<p><mark style="background:#cfe3ff">side mention</mark> '
              '<mark style="background:#ffd8a8">stance cue</mark></p>')
    return f"{legend}<table>{head}{''.join(body)}</table>"


SIDE_COLOURS = side_colours() | {"": colour("")}  # data/sides.csv (helpers.sides): one colour per side everywhere


def plot_map(rows: pd.DataFrame, title: str, min_quotes: int = 3, ax=None):
    """Speakers of ``positions`` rows on a map: x stance toward Russia, y toward Ukraine (both -1..1),
    size = number of quotes, colour = side, the neutral band dashed; speakers with fewer than
    ``min_quotes`` quotes are marked '(few quotes)'. Returns the matplotlib axes."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(7.5, 7))[1]
    t = LABEL_THRESHOLD
    ax.add_patch(plt.Rectangle((-t, -t), 2 * t, 2 * t, fill=False, ls="--", color="grey", lw=0.8))
    ax.axhline(0, color="black", lw=0.8)
    ax.axvline(0, color="black", lw=0.8)
    placed: list[tuple[float, float]] = []
    for r in rows.sort_values("n_quotes", ascending=False).to_dict("records"):
        x, y = r["stance_russia"], r["stance_ukraine"]
        ax.scatter(x, y, s=60 + 40 * r["n_quotes"], color=SIDE_COLOURS.get(r["side"], "#7f7f7f"), alpha=0.6,
                   edgecolor="black", label=r["side"] or ARTICLE_SPEAKER)
        crowd = sum(abs(x - px) < 0.3 and abs(y - py) < 0.08 for px, py in placed)  # stagger close labels
        placed.append((x, y))
        few = " (few quotes)" if r["n_quotes"] < min_quotes else ""
        ax.annotate(f"{r['speaker']}{few}", (x, y), textcoords="offset points", xytext=(6, 6 - 12 * crowd),
                    fontsize=8)
    handles = dict(zip(*reversed(ax.get_legend_handles_labels())))
    ax.legend(handles.values(), handles.keys(), title="side", loc="lower left", fontsize=8, markerscale=0.5)
    ax.set(xlim=(-1.05, 1.05), ylim=(-1.05, 1.05), title=title,
           xlabel="stance toward Russia (−1 negative … +1 positive, unitless)",
           ylabel="stance toward Ukraine (−1 negative … +1 positive, unitless)")
    return ax
