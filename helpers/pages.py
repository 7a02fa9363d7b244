"""The report's front page (``index.html``) and one page per article, as static HTML from the frames.

The index lists every article (title, date, outlet, words, quotes, speakers, problems) with a link
to its page; an article's page shows its text with the quotes highlighted by speaker, its
speakers, the sentiment of each quote and the positions, whose evidence links to the quotes.
"""

import html
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from . import plots, render, sides

STYLE = ("<style>body{font-family:sans-serif;margin:1.5em;max-width:80em}table{border-collapse:collapse;"
         "font-size:90%}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top;text-align:left}"
         "th{background:#f0f0f0}td.n{text-align:right}.side{display:inline-block;width:.8em;height:.8em;"
         "margin-right:4px;border:1px solid #555}</style>")
PAGES = "articles"  # folder of the per-article pages, next to index.html


def page_name(article_id: str) -> str:
    """The file of an article's page, relative to the index."""
    return f"{PAGES}/{article_id}.html"


def unit_anchor(article_id: str, unit_id: object) -> str:
    """The html id of an evidence unit: a ``quote_id``, or ``<article_id>:<sent_id>`` for a sentence."""
    unit = str(unit_id)
    return unit if ":" in unit else f"{article_id}:{unit}"


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "<td></td>"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<td class="n">{value:.3g}</td>' if isinstance(value, float) else f'<td class="n">{value}</td>'
    return f"<td>{html.escape(str(value))}</td>"


def table(frame: pd.DataFrame, raw: tuple[str, ...] = ()) -> str:
    """``frame`` as an HTML table; columns in ``raw`` hold HTML already."""
    if frame.empty:
        return "<p><i>none</i></p>"
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = ("".join(f"<td>{v}</td>" if c in raw else _cell(v) for c, v in zip(frame.columns, row))
            for row in frame.itertuples(index=False))
    return f"<table><tr>{head}</tr>{''.join(f'<tr>{r}</tr>' for r in rows)}</table>"


def side_html(side: object) -> str:
    """A side's colour swatch and name (colours from ``data/sides.csv``)."""
    return (f'<span style="white-space:nowrap"><span class="side" style="background:{sides.colour(side)}"></span>'
            f"{html.escape(sides.label(side))}</span>")


def evidence_html(evidence: object, article_id: str) -> str:
    """Links from an article's page to the units of an ``evidence`` list ("a:q1;a:3", or "q1;3")."""
    links = []
    for unit in (u for u in str(evidence or "").split(";") if u and u != "nan"):
        anchor = unit_anchor(article_id, unit)
        owner = anchor.rsplit(":", 1)[0]
        target = "" if owner == article_id else f"{owner}.html"  # pages are siblings in PAGES
        links.append(f'<a href="{html.escape(target)}#{html.escape(anchor)}">{html.escape(render.local_id(unit))}'
                     "</a>")
    return " ".join(links)


def _page(title: str, body: str) -> str:
    return f"<!doctype html><meta charset='utf-8'><title>{html.escape(title)}</title>{STYLE}{body}"


def by_article(frames: dict[str, pd.DataFrame]) -> dict[str, dict[str, pd.DataFrame]]:
    """``{article_id: {frame name: its rows}}`` for every article of ``frames["articles"]`` (split once)."""
    groups = {name: dict(tuple(f.groupby("article_id", sort=False))) for name, f in frames.items()
              if "article_id" in f.columns}
    return {aid: {name: g.get(aid, frames[name].iloc[:0]) for name, g in groups.items()}
            for aid in frames["articles"]["article_id"]}


def article_page(article: dict, mine: dict[str, pd.DataFrame]) -> str:
    """The page of one article from its rows of every frame (``by_article``): metadata, text with quotes
    highlighted, speakers, sentiment, positions."""
    aid = article["article_id"]
    quotes, sents = mine["quotes"], mine["sentences"]
    anchors = {unit_anchor(aid, s): int(at) for s, at in zip(sents["sent_id"], sents["start"])}
    meta = [(k, article.get(k)) for k in ("published", "outlet", "author", "url", "source_path")]
    meta_html = "".join(f"<b>{k}</b>: {html.escape(str(v))}<br>" for k, v in meta if isinstance(v, str) and v)
    speakers = mine["speakers"].assign(side=lambda f: f["side"].map(side_html)).drop(columns="article_id")
    scores = mine["sentiment"].set_index("quote_id")["score"] if len(mine["sentiment"]) else pd.Series(dtype=float)
    shown = quotes.assign(
        quote=[f'<a href="#{html.escape(q)}">{html.escape(render.local_id(q))}</a>' for q in quotes["quote_id"]],
        score=quotes["quote_id"].map(scores))
    columns = ["quote", "kind", "speaker", "speaker_mention", "cue", "confidence", "corrected", "score", "text"]
    positions = mine["positions"].drop(columns="article_id")
    if "evidence" in positions.columns:
        positions = positions.assign(evidence=[evidence_html(e, aid) for e in positions["evidence"]])
    if "side" in positions.columns:
        positions = positions.assign(side=positions["side"].map(side_html))
    sentiment = mine["speaker_sentiment"].drop(columns="article_id")
    no_person = sentiment["speaker"].isin(plots.NOT_SPEAKERS)  # "(unresolved)" has no side, not an unknown one
    sentiment = sentiment.assign(side=sentiment["side"].where(~no_person, "").map(side_html))
    body = (f'<p><a href="../index.html">← all articles</a></p><h1>{html.escape(str(article.get("title") or aid))}</h1>'
            f"<p><b>article_id</b>: {html.escape(aid)}<br>{meta_html}{len(quotes)} quotes, "
            f"{len(mine['speakers'])} speakers</p>"
            + (f"<h2>Problems</h2>{table(mine['problems'])}" if len(mine["problems"]) else "")
            + f"<h2>Speakers</h2>{table(speakers, raw=('side',))}"
            + f"<h2>Positions</h2><p>Evidence links go to the quote (q&lt;n&gt;) or narrative sentence in the text "
              f"below.</p>{table(positions, raw=('evidence', 'side'))}"
            + f"<h2>Sentiment per speaker</h2>{table(sentiment, raw=('side',))}"
            + f"<h2>Quotes</h2>{table(shown[[c for c in columns if c in shown.columns]], raw=('quote',))}"
            + f"<h2>The article, quotes highlighted by speaker</h2>"
              f"{render.article_html(article['text'], quotes, anchors)}")
    return _page(f"{article.get('title') or aid} — newsvoices", body)


def _per_article(frame: pd.DataFrame, key: str = "article_id") -> pd.Series:
    return frame.groupby(key).size() if len(frame) else pd.Series(dtype=int)


def index_page(run: str, source: Path, frames: dict[str, pd.DataFrame], notebooks: list[Path],
               folder: str, focus: str | None = None) -> str:
    """The front page: run date and folder, notebook reports, the frames' files (``folder/<frame>.csv``
    and ``folder/<frame>/`` Parquet), and every article linked to its page."""
    articles, problems = frames["articles"], frames["problems"]
    speakers = frames["speakers"].groupby("article_id")["speaker"].nunique() if len(frames["speakers"]) else {}
    table_rows = pd.DataFrame({
        "article": [f'<a href="{html.escape(page_name(a))}">{html.escape(str(t or a))}</a><br><small>'
                    f"{html.escape(a)}</small>" for a, t in zip(articles["article_id"], articles["title"])],
        "date": articles["published"], "outlet": articles["outlet"], "words": articles["n_words"],
        "quotes": articles["article_id"].map(_per_article(frames["quotes"])).fillna(0).astype(int),
        "speakers": articles["article_id"].map(speakers).fillna(0).astype(int),
        "problems": articles["article_id"].map(_per_article(problems)).fillna(0).astype(int)})
    unread = problems[~problems["article_id"].isin(set(articles["article_id"]))]
    reports = " · ".join(f'<a href="{html.escape(p.name)}">{html.escape(p.stem)}</a>' for p in notebooks)
    downloads = " · ".join(f'{name} (<a href="{folder}/{name}.csv">CSV</a>, <a href="{folder}/{name}/">Parquet</a>)'
                           for name in frames)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    focused = f"<p>Notebooks focused on article <b>{html.escape(focus)}</b>.</p>" if focus else ""
    body = (f"<h1>newsvoices report: {html.escape(run)}</h1><p><b>Run</b>: {now}<br><b>Articles folder</b>: "
            f"{html.escape(str(source))}<br>{len(articles)} articles, {len(frames['quotes'])} quotes, "
            f"{len(problems)} problems</p>{focused}<p><b>Notebook reports</b>: {reports}</p>"
            f"<p><b>Frames</b>: {downloads}</p>"
            f"<h2>Articles</h2><p>Each title opens the article's page: its text with the quotes highlighted by "
            f"speaker, its speakers, sentiment and positions.</p>{table(table_rows, raw=('article',))}"
            f"<h2>Files that gave no article</h2>{table(unread)}")
    return _page(f"newsvoices: {run}", body)
