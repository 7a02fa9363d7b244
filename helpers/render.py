"""An article as HTML with each speaker's quotes highlighted in its own colour, for checking by eye."""

import html

import pandas as pd

PALETTE = ["#fde2a7", "#b9e3c6", "#c6d8f5", "#f5c6d8", "#e0ccf5", "#f5d9c6", "#c6f0f0", "#e8f0b0",
           "#f0c0c0", "#d0d0d0"]
UNRESOLVED = "#eeeeee"


def speaker_colours(quotes: pd.DataFrame) -> dict[str, str]:
    """A colour per speaker, most quoted first."""
    order = quotes["speaker"].dropna().value_counts().index
    return {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(order)}


def article_html(text: str, quotes: pd.DataFrame) -> str:
    """``text`` as HTML paragraphs; quotes highlighted by speaker (tooltip: kind, speaker, cue), with a legend."""
    colours = speaker_colours(quotes)
    spans = sorted(((int(q.start), int(q.end), q) for q in quotes.itertuples()), key=lambda t: (t[0], -t[1]))
    out, pos = [], 0
    for start, end, q in spans:
        if start < pos:   # nested in a quote already drawn
            continue
        out.append(html.escape(text[pos:start]))
        speaker = q.speaker if isinstance(q.speaker, str) else None
        tip = f"{q.kind} — {speaker or 'unresolved'} ({q.speaker_mention or 'implied'}, cue: {q.cue or '-'})"
        border = "solid" if q.kind == "direct" else "dashed" if q.kind == "partial" else "dotted"
        out.append(f'<span title="{html.escape(tip)}" style="background:{colours.get(speaker, UNRESOLVED)};'
                   f'border-bottom:2px {border} #555">{html.escape(text[start:end])}</span>')
        pos = end
    out.append(html.escape(text[pos:]))
    body = "".join(out).replace("\n\n", "</p><p>").replace("\n", "<br>")
    legend = " ".join(f'<span style="background:{c};padding:0 6px">{html.escape(s)}</span>'
                      for s, c in colours.items())
    legend += f' <span style="background:{UNRESOLVED};padding:0 6px">unresolved</span>'
    kinds = "underline: solid = direct, dashed = partial, dotted = indirect"
    return f'<div style="font-family:serif;max-width:48em"><p><b>Speakers:</b> {legend}<br><small>{kinds}</small></p>' \
           f"<p>{body}</p></div>"
