"""An article as HTML with each speaker's quotes highlighted in its own colour, for checking by eye.

Each quote's span has ``id`` = its ``quote_id`` and a small ``q<n>`` label, so tables and evidence
lists can link to it (``#<quote_id>``); ``anchors`` adds link targets at other offsets (sentences).
"""

import html

import pandas as pd

PALETTE = ["#fde2a7", "#b9e3c6", "#c6d8f5", "#f5c6d8", "#e0ccf5", "#f5d9c6", "#c6f0f0", "#e8f0b0",
           "#f0c0c0", "#d0d0d0"]
UNRESOLVED = "#eeeeee"


def speaker_colours(quotes: pd.DataFrame) -> dict[str, str]:
    """A colour per speaker, most quoted first."""
    order = quotes["speaker"].dropna().value_counts().index
    return {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(order)}


def local_id(quote_id: str) -> str:
    """The part of a ``quote_id`` after the article id ("q8")."""
    return str(quote_id).rsplit(":", 1)[-1]


def _open(q, colours: dict[str, str]) -> str:
    speaker = q.speaker if isinstance(q.speaker, str) and q.speaker else None
    corrected = " — corrected by hand" if bool(getattr(q, "corrected", False)) else ""
    tip = (f"{local_id(q.quote_id)} {q.kind} — {speaker or 'unresolved'} ({q.speaker_mention or 'implied'}, "
           f"cue: {q.cue or '-'}){corrected}")
    border = "solid" if q.kind == "direct" else "dashed" if q.kind == "partial" else "dotted"
    return (f'<span id="{html.escape(str(q.quote_id))}" title="{html.escape(tip)}" '
            f'style="background:{colours.get(speaker, UNRESOLVED)};border-bottom:2px {border} #555">'
            f'<sup style="color:#555;font-size:70%">{html.escape(local_id(q.quote_id))}</sup>')


def _spans(text: str, start: int, end: int, items: list, colours: dict[str, str]) -> str:
    """``text[start:end]`` with ``items`` ((start, end, quote or anchor id), sorted, starting inside) drawn:
    a quote inside another is drawn inside it; one crossing another's end gets only its link target."""
    out, pos, i = [], start, 0
    while i < len(items):
        s, e, item = items[i]
        j = i + 1
        while j < len(items) and items[j][0] < e:
            j += 1
        if isinstance(item, str) or s < pos or e > end:   # a link target, or a quote crossing another
            at = max(s, pos)
            name = item if isinstance(item, str) else str(item.quote_id)
            out.append(html.escape(text[pos:at]) + f'<a id="{html.escape(name)}"></a>')
            pos, i = at, i + 1
            continue
        out.append(html.escape(text[pos:s]) + _open(item, colours) + _spans(text, s, e, items[i + 1:j], colours)
                   + "</span>")
        pos, i = e, j
    return "".join(out) + html.escape(text[pos:end])


def article_html(text: str, quotes: pd.DataFrame, anchors: dict[str, int] | None = None) -> str:
    """``text`` as HTML paragraphs; quotes highlighted by speaker (tooltip: id, kind, speaker, cue; a quote
    inside another drawn inside it), with a legend; ``anchors``: ``{html id: offset}`` link targets."""
    colours = speaker_colours(quotes)
    items = sorted([(int(q.start), int(q.end), q) for q in quotes.itertuples()]
                   + [(int(at), int(at), name) for name, at in (anchors or {}).items()],
                   key=lambda it: (it[0], -it[1], isinstance(it[2], str) is False))
    out = [_spans(text, 0, len(text), items, colours)]
    body = "".join(out).replace("\n\n", "</p><p>").replace("\n", "<br>")
    legend = " ".join(f'<span style="background:{c};padding:0 6px">{html.escape(s)}</span>'
                      for s, c in colours.items())
    legend += f' <span style="background:{UNRESOLVED};padding:0 6px">unresolved</span>'
    kinds = "underline: solid = direct, dashed = partial, dotted = indirect; q<n> = the quote's id"
    return f'<div style="font-family:serif;max-width:48em"><p><b>Speakers:</b> {legend}<br><small>{kinds}</small></p>' \
           f"<p>{body}</p></div>"
