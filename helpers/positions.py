"""Stage 7 — positions: each speaker's stance toward each target (``data/targets.csv``; by default the
Russian and the Ukrainian side), per article and over the corpus (``ALL``), from the ``stances`` of
``helpers.positioning``; and what a reader needs to check them: the strongest evidence units, their text with
target and cue words highlighted, the map and the heat map.

``Positions`` builds the frame chunk by chunk (the pipeline feeds it as chunks finish); ``positions``
is the same over whole frames.
"""

import html
import re
from dataclasses import dataclass, field

import pandas as pd

from .frames import COLUMNS
from .positioning import ARTICLE_SPEAKER, clip
from . import sides
from .sides import colour, side_colours

# |mean stance| above which a speaker's position toward a target is labelled negative / positive.
LABEL_THRESHOLD = 0.2
# Weight, in a speaker's mean stance, of a unit that only names a target (no cue, not the own side) relative
# to a unit where a cue speaks about it: many neutral mentions must not drown one explicit accusation.
MENTION_WEIGHT = 0.25


def label(stance: float, threshold: float | None = None) -> str:
    """negative / neutral / positive for a stance in [-1, 1] (``LABEL_THRESHOLD`` unless given)."""
    threshold = LABEL_THRESHOLD if threshold is None else threshold
    return "positive" if stance > threshold else "negative" if stance < -threshold else "neutral"


def positions(stances: pd.DataFrame, quotes: pd.DataFrame, targets: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per (article, speaker, target) and per (ALL, speaker, target): the weighted mean stance toward the
    target (units where a cue speaks or that name the own side weigh 1, mere mentions MENTION_WEIGHT), its
    label, the number of units behind it and the evidence ids.

    Every speaker (every quoted speaker, and ``(article)`` in every article with a quote or a stance unit) gets
    a row for every target it said something about and for each of ``targets`` (those of ``data/targets.csv``):
    a speaker who only named a target, or never spoke about it (``n_units`` 0), is ``neutral``: no stance
    expressed. ``n_quotes`` counts the speaker's quotes in the article (for ``(article)``: its sentences that
    speak about a target). ``evidence`` lists, strongest first, the units whose stance has the sign of a
    non-neutral label and passes the threshold (in ALL rows made unique with ``global_id``).
    """
    totals = Positions(targets)
    totals.add(stances, quotes)
    return totals.frame()


@dataclass
class Positions:
    """``positions`` built chunk by chunk: ``add`` the stances and quotes of whole articles, in corpus
    order, then ``frame()``. Article rows are computed as each chunk comes; the corpus (ALL) rows keep
    per speaker and target only running sums and the units beyond the threshold, so memory stays small."""

    targets: tuple[str, ...] = ()  # every speaker gets a row toward each, neutral with n_units 0 if it said nothing
    rows: list[tuple] = field(default_factory=list)  # article rows, as tuples of the frame's columns
    corpus: dict = field(default_factory=dict)  # speaker -> its ALL totals (see ``_totals``)

    def add(self, stances: pd.DataFrame, quotes: pd.DataFrame) -> None:
        """Add the stances and quotes of some articles (every row of each of them)."""
        groups: dict[tuple, dict] = {}
        for article in dict.fromkeys([*quotes["article_id"].tolist(), *stances["article_id"].tolist()]):
            groups[(article, ARTICLE_SPEAKER)] = _group("")   # the article's voice, whether or not it speaks
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
            g["toward"].setdefault(target, _Sums()).add(stance, weight, str(unit))
            if speaker == ARTICLE_SPEAKER:
                g["quotes"].add(unit)
            totals = self._totals(speaker)
            totals["stance_side"] = totals["stance_side"] or [side]
            totals["toward"].setdefault(target, _Sums()).add(stance, weight, global_id(article, unit))
        for (aid, speaker), g in groups.items():
            totals = self._totals(speaker)
            for target in self.targets:
                g["toward"].setdefault(target, _Sums())
                totals["toward"].setdefault(target, _Sums())
            self.rows += _rows(aid, speaker, g["side"], len(g["quotes"]), g["toward"])
            totals["n_quotes"] += len(g["quotes"])

    def _totals(self, speaker: str) -> dict:
        """A speaker's ALL totals: the side of its first quote (else of its first stance unit), the
        quotes counted, and the ``_Sums`` toward each target."""
        if speaker not in self.corpus:
            self.corpus[speaker] = {"quote_side": [], "stance_side": [], "n_quotes": 0, "toward": {}}
        return self.corpus[speaker]

    def frame(self) -> pd.DataFrame:
        """The ``positions`` frame of everything added: article rows, then ALL rows, each sorted by article,
        speaker and target."""
        rows = list(self.rows)
        for speaker, t in self.corpus.items():
            side = (t["quote_side"] or t["stance_side"] or [""])[0]
            rows += _rows("ALL", speaker, _side(side), t["n_quotes"], t["toward"])
        out = pd.DataFrame(rows, columns=COLUMNS["positions"])
        out["_all"] = out["article_id"] == "ALL"
        return out.sort_values(["_all", "article_id", "speaker", "target"]).drop(columns="_all").reset_index(drop=True)


@dataclass
class _Sums:
    """Running totals of one group toward one target: the number of units, sum of stance × weight, sum of
    weights, and the ``(stance, unit id)`` of its units beyond the threshold, in the order added."""

    n: int = 0
    weighted: float = 0
    weight: float = 0
    strong: list[tuple[float, str]] = field(default_factory=list)

    def add(self, stance: float, weight: float, unit_id: str) -> None:
        self.n += 1
        self.weighted += stance * weight
        self.weight += weight
        if abs(stance) > LABEL_THRESHOLD:
            self.strong.append((stance, unit_id))


def _rows(aid, speaker, side: str, n_quotes: int, toward: dict[str, _Sums]) -> list[tuple]:
    """The ``positions`` rows (tuples in the frame's column order) of one group, one per target."""
    rows = []
    for target, sums in toward.items():
        mean = clip(sums.weighted / sums.weight) if sums.weight else 0.0
        lab = label(mean)
        evidence = ""
        if lab != "neutral":
            sign = 1 if lab == "positive" else -1
            strong = sorted((u for u in sums.strong if sign * u[0] > LABEL_THRESHOLD), key=lambda u: -sign * u[0])
            evidence = ";".join(dict.fromkeys(unit for _, unit in strong))
        row = dict(article_id=aid, speaker=speaker, side=side, target=target, n_quotes=n_quotes, n_units=sums.n,
                   stance=mean, label=lab, evidence=evidence)
        rows.append(tuple(row[c] for c in COLUMNS["positions"]))
    return rows


def global_id(article_id: str, unit_id: str) -> str:
    """A unit id unique over articles: ``article_id:unit_id`` unless it already starts so."""
    return unit_id if unit_id.startswith(f"{article_id}:") else f"{article_id}:{unit_id}"


def _side(side) -> str:
    return side if isinstance(side, str) else ""


def _group(side) -> dict:
    """An (article, speaker) group: its side, quote ids, and ``_Sums`` toward each target it spoke about."""
    return {"side": _side(side), "quotes": set(), "toward": {}}


def wide(positions: pd.DataFrame, value: str = "stance", fill=None) -> pd.DataFrame:
    """``positions`` as one row per (article, speaker) with one ``value`` column per target (``fill`` where
    the speaker said nothing about a target: 0.0 for stance, "neutral" for label, 0 for n_units)."""
    fill = {"stance": 0.0, "label": "neutral", "n_units": 0}.get(value) if fill is None else fill
    keys = ["article_id", "speaker"]
    groups = positions.groupby(keys, sort=False).agg(side=("side", "first"), n_quotes=("n_quotes", "first"))
    table = positions.pivot(index=keys, columns="target", values=value)
    table = table.reindex(groups.index).fillna(fill) if len(table.columns) else table.reindex(groups.index)
    table.columns.name = None
    return groups.join(table).reset_index()


# ---------------------------------------------------------------- evidence for readers

def strongest(stances: pd.DataFrame, positions: pd.DataFrame, article_id: str = "ALL", n: int = 3) -> pd.DataFrame:
    """Each speaker's ``n`` strongest units per target in ``article_id`` (or all articles for "ALL"), with
    the speaker's label toward that target; speakers in the order of ``positions``."""
    rows = stances if article_id == "ALL" else stances[stances["article_id"] == article_id]
    order = positions[positions["article_id"] == article_id]
    labels = {(r["speaker"], r["target"]): r["label"] for r in order.to_dict("records")}
    rank = {s: i for i, s in enumerate(dict.fromkeys(order["speaker"]))}
    rows = rows[rows["speaker"].isin(rank)].assign(strength=rows["stance"].abs())
    top = rows.sort_values("strength", ascending=False).groupby(["speaker", "target"], sort=False).head(n)
    top = top.assign(label=[labels.get((s, t), "") for s, t in zip(top["speaker"], top["target"])],
                     rank=top["speaker"].map(rank))
    return top.sort_values(["rank", "target", "strength"], ascending=[True, True, False]).drop(
        columns=["rank", "strength"]).reset_index(drop=True)


def highlight_html(text: str, target_words: str, cue_words: str, model_words: str = "") -> str:
    """``text`` as HTML with the target mentions (blue), stance cues (orange) and the target-sentiment model's
    evidence words (green) marked with <mark>."""
    marks = [(w, "#cfe3ff") for w in target_words.split(";") if w] + [(w, "#ffd8a8") for w in cue_words.split(";") if w] \
        + [(w, "#c8f0c8") for w in model_words.split(";") if w]
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
    """An HTML table of ``strongest`` rows: speaker, target, label, unit stance and the marked text."""
    head = "<tr><th>speaker</th><th>toward</th><th>label</th><th>stance</th><th>unit</th><th>text</th></tr>"
    body = []
    for r in strong.to_dict("records"):
        text = r["text"] if len(r["text"]) <= max_chars else r["text"][:max_chars] + " …"
        body.append(f"<tr><td>{html.escape(str(r['speaker']))}</td><td>{r['target']}</td><td>{r['label']}</td>"
                    f"<td>{r['stance']:+.2f}</td><td>{html.escape(global_id(r['article_id'], r['unit_id']))}"
                    f"</td><td style='text-align:left'>{highlight_html(text, r['target_words'], r['cue_words'], r.get('model_words') or '')}"
                    "</td></tr>")
    legend = ('<p><mark style="background:#cfe3ff">target mention</mark> '
              '<mark style="background:#ffd8a8">stance cue</mark> '
              '<mark style="background:#c8f0c8">model evidence</mark></p>')
    return f"{legend}<table>{head}{''.join(body)}</table>"


SIDE_COLOURS = side_colours() | {"": colour("")}  # data/sides.csv (helpers.sides): one colour per side everywhere


def _top(rows: pd.DataFrame, top: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``top`` speakers of wide rows by quotes (then name), and the rest."""
    ranked = rows.sort_values(["n_quotes", "speaker"], ascending=[False, True])
    return ranked.head(top), ranked.iloc[top:]


def plot_map(rows: pd.DataFrame, title: str, x: str = "russia", y: str = "ukraine", min_quotes: int = 3,
             top: int = 20, ax=None, labels: int = 10):
    """Speakers of ``positions`` rows (one article, or ALL) on a map: x stance toward target ``x``, y toward
    target ``y`` (both -1..1; 0 for a target the speaker never spoke about), marker area ~ √quotes, colour =
    side (``data/sides.csv``), the neutral band dashed. Only speakers who spoke about ``x`` or ``y`` are
    placed, the ``top`` of them by quotes; the rest are counted under the plot. Names are written next to at
    most ``labels`` points outside the neutral band (most quotes first, none next to an already named point,
    moved apart with adjustText); every
    other placed speaker — the crowd near the origin — is listed with its stances in a table right of the
    plot, under the legend, so no names overprint. Speakers with fewer than ``min_quotes`` quotes are marked
    '(few quotes)'. Returns the matplotlib axes."""
    import matplotlib.pyplot as plt
    from adjustText import adjust_text

    ax = ax or plt.subplots(figsize=(9, 7))[1]
    about = rows[rows["target"].isin([x, y]) & (rows["n_units"] > 0)]
    shown, rest = _top(wide(about), top)
    shown = shown.assign(**{c: shown[c] if c in shown else 0.0 for c in (x, y)})
    named, listed = _labelled(shown, x, y, labels)
    t = LABEL_THRESHOLD
    ax.add_patch(plt.Rectangle((-t, -t), 2 * t, 2 * t, fill=False, ls="--", color="grey", lw=0.8))
    ax.axhline(0, color="black", lw=0.8)
    ax.axvline(0, color="black", lw=0.8)
    most = max(shown["n_quotes"].max() if len(shown) else 1, 1)
    ax.scatter(shown[x], shown[y], s=[40 + 360 * (n / most) ** 0.5 for n in shown["n_quotes"]],
               c=[colour(side) for side in shown["side"]], alpha=0.6, edgecolors="black")
    few = {True: " (few quotes)", False: ""}
    texts = [ax.text(r[x], r[y], f"{r['speaker']}{few[r['n_quotes'] < min_quotes]}", fontsize=8)
             for r in named.to_dict("records")]
    handles = [plt.Line2D([], [], marker="o", ls="", color=colour(side), markeredgecolor="black", alpha=0.6,
                          label=sides.label(side)) for side in sorted(set(shown["side"]))]
    legend = ax.legend(handles=handles, title="speaker's side (size: quotes)", loc="upper left",
                       bbox_to_anchor=(1.02, 1), fontsize=8, borderaxespad=0)
    ax.set(xlim=(-1.05, 1.05), ylim=(-1.05, 1.05), title=title,
           xlabel=f"stance toward {x} (−1 negative … +1 positive, unitless)",
           ylabel=f"stance toward {y} (−1 negative … +1 positive, unitless)")
    if len(rest):
        ax.annotate(f"+ {len(rest)} more speaker(s) with fewer quotes not shown ({int(rest['n_quotes'].sum())} quotes)",
                    (0, -0.12), xycoords="axes fraction", fontsize=8, va="top")
    if len(listed):
        ax.figure.canvas.draw()  # the legend's size is known only once drawn
        below = ax.transAxes.inverted().transform(legend.get_window_extent())[0][1]
        ax.annotate(_unlabelled_table(listed, x, y, min_quotes), (1.02, below - 0.04), xycoords="axes fraction",
                    va="top", ha="left", fontsize=7.5, family="monospace", annotation_clip=False)
    if texts:
        adjust_text(texts, x=shown[x].tolist(), y=shown[y].tolist(), ax=ax,  # keep names off every marker
                    arrowprops=dict(arrowstyle="-", color="grey", lw=0.5))
    return ax


def _labelled(shown: pd.DataFrame, x: str, y: str, labels: int, spacing: float = 0.15
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The map's speakers named on the plot and the rest (listed in the table beside it). Named: outside the
    neutral band, at most ``labels``, most quotes first (``shown``'s order), none closer than ``spacing``
    (in stance units, on both axes) to a point already named, so every name sits by its own point."""
    outside = (shown[x].abs() > LABEL_THRESHOLD) | (shown[y].abs() > LABEL_THRESHOLD)
    keep: list = []
    for i, px, py in zip(shown.index[outside], shown[x][outside], shown[y][outside]):
        if len(keep) < labels and all(max(abs(px - qx), abs(py - qy)) >= spacing for _, qx, qy in keep):
            keep.append((i, px, py))
    named = shown.loc[[i for i, _, _ in keep]]
    return named, shown.drop(index=named.index)


def _unlabelled_table(listed: pd.DataFrame, x: str, y: str, min_quotes: int) -> str:
    """The monospace table of the speakers placed on the map without a name: name, stances, quotes."""
    wx, wy = max(len(x), 6) + 1, max(len(y), 6) + 1
    lines = [f"not named on the map ({len(listed)}):", f"{'speaker':<24}{x:>{wx}}{y:>{wy}}{'quotes':>7}"]
    for r in listed.to_dict("records"):
        name = str(r["speaker"]) + ("*" if r["n_quotes"] < min_quotes else "")
        name = name if len(name) <= 23 else name[:22] + "…"
        lines.append(f"{name:<24}{r[x]:>+{wx}.2f}{r[y]:>+{wy}.2f}{r['n_quotes']:>7d}")
    if (listed["n_quotes"] < min_quotes).any():
        lines.append(f"* fewer than {min_quotes} quotes")
    return "\n".join(lines)


def plot_heatmap(rows: pd.DataFrame, title: str, top: int = 25, ax=None):
    """Speaker × target heat map of ``positions`` rows (one article, or ALL): colour = stance (−1 red … +1
    blue), each cell annotated with its stance and ``n_units``; an empty cell is a target the speaker never
    spoke about. The ``top`` speakers by quotes are shown, the rest counted in the title; each speaker's name
    is coloured by side. Returns the matplotlib axes."""
    import matplotlib.pyplot as plt

    rows = rows[rows["n_units"] > 0]
    targets = sorted(rows["target"].unique())
    shown, rest = _top(wide(rows, fill=float("nan")), top)
    units = wide(rows, "n_units").set_index(["article_id", "speaker"])
    ax = ax or plt.subplots(figsize=(4 + 1.3 * max(len(targets), 1), 2 + 0.4 * max(len(shown), 1)))[1]
    values = shown[targets].to_numpy(dtype=float) if targets else [[0.0]]
    image = ax.imshow(values, cmap="RdBu", vmin=-1, vmax=1, aspect="auto")
    for i, r in enumerate(shown.to_dict("records")):
        for j, target in enumerate(targets):
            if r[target] == r[target]:  # not NaN
                n = int(units.loc[(r["article_id"], r["speaker"]), target])
                ax.text(j, i, f"{r[target]:+.2f}\nn={n}", ha="center", va="center", fontsize=7)
    ax.set_xticks(range(len(targets)), targets)
    ax.set_yticks(range(len(shown)), [f"{s} ({sides.label(side)})" for s, side in zip(shown["speaker"], shown["side"])])
    for tick, side in zip(ax.get_yticklabels(), shown["side"]):
        tick.set_color(colour(side))
    more = f" (+{len(rest)} speakers with fewer quotes)" if len(rest) else ""
    ax.set(title=title + more, xlabel="target", ylabel="speaker (side)")
    ax.figure.colorbar(image, ax=ax, label="mean stance (−1 … +1, unitless)", shrink=0.8)
    return ax
