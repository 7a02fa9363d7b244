"""Speaker-turn labels of transcripts."""

import pytest

from helpers import turns


def labels(text: str, start: int = 0, end: int | None = None) -> list[str]:
    return [text[a:b] for a, b, _ in turns.label_candidates(text, start, len(text) if end is None else end)]


@pytest.mark.parametrize("text, found", [
    ("Vladimir Putin: Good afternoon. Question: What next? Dmitry Peskov: Nothing.",
     ["Vladimir Putin", "Question", "Dmitry Peskov"]),
    ("We agree.” Recep Tayyip Erdogan (retranslated): Thank you.", ["Recep Tayyip Erdogan"]),   # closing mark
    ("The end. <…> Mohammed bin Salman: Welcome. * * * Ursula von der Leyen: Thanks.",
     ["Mohammed bin Salman", "Ursula von der Leyen"]),
    ("He said: we will see. The talks went on: nothing new.", []),   # lower-case words name no one
    ("The plan has three points: peace, trade, talks.", []),
])
def test_label_candidates(text, found):
    assert labels(text) == found


def test_a_sentence_ending_right_before_the_paragraph_counts():
    text = "Yes. Vladimir Putin: We agree."
    assert turns.label_candidates(text, 4, len(text)) == [(5, 19, 21)]
    assert labels(text, 5) == ["Vladimir Putin"]   # at the paragraph start
    assert labels(text, 6) == []                   # inside a word


def test_turn_end_drops_editorial_markers():
    text = "We will meet again. <…> "
    assert text[:turns.turn_end(text, 0, len(text))] == "We will meet again."
