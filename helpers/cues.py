"""The cue lexicon: speech cues of ``data/cues.csv`` and the words of ``data/quote_words.csv``, compiled into the
patterns the quote finder scans with (``Lexicon``), once per content of the tables."""

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .knowledge import Knowledge, resolve, read_table
from .patterns import trie_regex

# The words of data/quote_words.csv (filler, lead_filler, clause_trail, past, mention_end) are compiled into
# ``Lexicon`` patterns.
SPACE_MARKS = [chr(c) for c in range(128) if chr(c).isspace()]
# The subject of a sentence's first finite verb ("On Monday, the President of Russia shared …").
SUBJECT_HEAD = r"((?:[Tt]he\s+)?[\w'’.\-]+(?:\s+[\w'’.\-]+){0,11}?)"   # a sentence's subject
SUBJECT_WORDS = SUBJECT_HEAD + r"\s+"   # then fillers, then a finite verb
# A word of a name: an initial keeps its period ("George W. Bush"); any other period ends the sentence.
NAME_TOKEN = r"(?:[A-Z]\.|(?![A-Z]\.)[\w'’\-]*\w)"
# A name or title after a cue ("said Ann Lee", "said the Minister of Foreign Affairs"), up to a mark or a word that
# ends it (kind mention_end: "said Ann Lee in a statement", "…, said Ann Lee, adding")
OBJECT_MENTION = (rf"\s*((?:[Tt]he\s+)?{NAME_TOKEN}(?:(?:\s+(?:of|to|for)\s+(?:the\s+)?(?=[A-Z])|\s+)"
                  rf"{NAME_TOKEN}){{{{0,8}}}}?)"
                  r"(?=\s*[,.;:!?\"“”()—]|\s+(?:{ends})\b|\s+(?:of|to|for)\b(?!\s+(?:the\s+)?[A-Z])|\s*$)")
# '"…," he continued' / '"…?" the man shouted': the closing mark and a short subject, then a lower-case finite verb.
AFTER_QUOTE_SUBJECT = r"[\s\u2060]*[\"”’»']\s*((?:(?:[Tt]he|[Aa]n?)\s+)?[\w'’.\-]+(?:\s+[\w'’.\-]+){0,5}?)\s+(?:\w+ly\s+)?"


@dataclass(frozen=True)
class Lexicon:
    """The cue lexicon: one compiled pattern and the frames of each surface form."""
    pattern: re.Pattern
    frames: dict[str, frozenset[str]]
    cues: dict[str, str]
    subject_then_cue: re.Pattern   # "…, Vladimir Putin emphasised": the words before a cue
    clause_then_cue: re.Pattern    # "CLAUSE, X said." / "…, X said, CLAUSE2": the speaker and the cue
    last_words: frozenset[str]     # the last word of every form
    # compiled from data/quote_words.csv:
    trail_filler: re.Pattern       # fillers and separators ending a text
    filler_pieces: frozenset[str]  # every letter run of the filler pattern, a superset of its words
    filler_ends: tuple[str, ...]   # the endings of its "*" words ("ly", "day")
    leading_fillers: re.Pattern    # fillers opening a text
    lead_filler: re.Pattern        # lead fillers and separators opening a text
    clause_trail: re.Pattern       # clause trail words and separators ending a text
    clause_trail_last: frozenset[str]   # the ASCII characters a clause_trail match can end with
    first_verb_subject: re.Pattern      # the subject of a sentence's first finite verb ("On Monday, the President …")
    apposed_verb_subject: re.Pattern    # the same with a phrase between commas before the verb ("X, in Vilnius, said")
    main_clause_after: re.Pattern       # the main clause after a sentence-initial participle ("Stressing …, X drew …")
    after_quote_subject: re.Pattern     # the subject of a finite verb right after a closing quotation mark
    lower_verb: re.Pattern              # a lower-case finite verb
    object_mention: re.Pattern          # a name or title after a cue ("said Ann Lee in a statement")
    report_stop: re.Pattern   # where a reported clause ends: the next speech act ("…, adding", "…" and then tweeted",
                              # "…, according to"; "and warning that", not "and promising areas")


def _inflect(base: str) -> list[str]:
    """Regular forms of a phrase's first word, in both -ise and -ize spellings."""
    first, _, rest = base.partition(" ")
    if first.endswith("ee"):
        forms = [first, first + "s", first + "d", first + "ing"]
    elif first.endswith("e"):
        forms = [first, first + "s", first + "d", first[:-1] + "ing"]
    elif first.endswith("y") and first[-2:-1] not in "aeiou":
        forms = [first, first[:-1] + "ies", first[:-1] + "ied", first + "ing"]
    elif first.endswith(("s", "sh", "ch", "x", "z")):
        forms = [first, first + "es", first + "ed", first + "ing"]
    else:
        forms = [first, first + "s", first + "ed", first + "ing"]
    forms += [f.replace("is", "iz", 1) for f in forms if re.search(r"is(e|es|ed|ing)$", f)]
    return [f"{f} {rest}".strip() for f in forms]


def load_cues(knowledge: Knowledge | None = None) -> Lexicon:
    """The cue lexicon of ``data/cues.csv`` and the words of ``data/quote_words.csv`` (of ``knowledge``), compiled
    once per content of the tables."""
    return resolve(knowledge).load(("cues.csv", "quote_words.csv"), _parse_cues)


def _alternation(entries: list[str]) -> str:
    """Alternatives of ``entries`` in order, a "*" opening a word standing for any word characters."""
    return "|".join(" ".join(r"\w+".join(map(re.escape, word.split("*"))) for word in entry.split())
                    for entry in entries)


def _parse_cues(path: Path, words_path: Path) -> Lexicon:
    """Compile a cues table (surface form -> frames) and a quote words table (word,kind)."""
    words = pd.read_csv(words_path, comment="#", dtype=str, skipinitialspace=True, keep_default_na=False)
    kinds: dict[str, list[str]] = {}
    for word, kind in zip(words["word"].str.strip().str.lower(), words["kind"].str.strip()):
        kinds.setdefault(kind, []).append(word)
    fillers, trail = kinds.get("filler", []), kinds.get("clause_trail", [])
    filler = f"(?:{_alternation(fillers)})"
    lead = _alternation(kinds.get("lead_filler", []))
    negator = _alternation(kinds.get("negator", [])) or "(?!x)x"   # "and never called": no next speech act
    finite_verb = rf"(?:\w+ed|\w+[^s\W]s|{_alternation(kinds.get('past', [])) or '(?!x)x'})\b"
    subject_then_verb = rf"{SUBJECT_WORDS}(?:{filler}\s+)*(?=[a-z]){finite_verb}"   # "Kaja Kallas" is no verb
    table = read_table(path)
    frames: dict[str, frozenset[str]] = {}
    cues: dict[str, str] = {}
    for row in table.to_dict("records"):
        base = row["cue"].strip().lower()
        fs = frozenset(f.strip() for f in row["frames"].split(";") if f.strip())
        forms = [f.strip().lower() for f in row["forms"].split(";") if f.strip()]
        for form in ([] if row["forms"].strip() else _inflect(base)) + forms + [base]:
            frames[form] = frames.get(form, frozenset()) | fs
            cues.setdefault(form, base)
    written = [f for form in frames for f in (form, form[:1].upper() + form[1:])]
    firsts = "".join(sorted({re.escape(f[:1]) for f in written if f}))
    ahead = f"(?=[{firsts}])" if firsts else ""  # a lookahead on the first letters makes the scan faster
    pattern = re.compile(rf"{ahead}\b{trie_regex(written)}\b")
    verbs = {form.split()[0] for form in frames} - set(fillers)   # "has" of "has been sure" is no cue
    ing = _alternation(sorted((v for v in verbs if v.endswith("ing") and v != "according"), key=len, reverse=True))
    finite = _alternation(sorted((v for v in verbs if not v.endswith("ing") and v not in cues.values()),
                                 key=len, reverse=True))
    according = _alternation(sorted((f for f, fs in frames.items() if "according" in fs), key=len, reverse=True))
    return Lexicon(pattern, frames, cues,
                   re.compile(rf"[\s,]*([^,;]{{2,80}}?)\s+(?:{filler}\s+)*(?={pattern.pattern})", re.IGNORECASE),
                   re.compile(rf"([^,;]{{2,60}}?)\s+(?:{filler}\s+)*({pattern.pattern})(?=[.!]?$|\s*,)", re.IGNORECASE),
                   frozenset(form.split()[-1] for form in frames),
                   re.compile(rf"(?:[\s,;:—–\-]+|\b{filler}\b)+$", re.IGNORECASE),
                   frozenset(re.findall(r"[a-z]+", filler)),
                   tuple(dict.fromkeys(w.rsplit("*", 1)[1] for w in fillers if "*" in w)),
                   re.compile(rf"(?:\b{filler}\b[\s,]*)+", re.IGNORECASE),
                   re.compile(rf"^(?:[\s,]+|\b(?:{lead})\b)+", re.IGNORECASE),
                   re.compile(rf"(?:[\s,;:—–\-]+|\b(?:{_alternation(trail)})\b)+$", re.IGNORECASE),
                   frozenset(SPACE_MARKS + list(",;:-") + [w[-1] for w in trail]),
                   re.compile(rf"(?:[^,;:]{{0,40}},\s+)?{subject_then_verb}"),
                   re.compile(rf"{SUBJECT_HEAD},\s+([^,;:]{{2,80}}?),\s+(?:{filler}\s+)*{finite_verb}"),
                   re.compile(rf",\s+{subject_then_verb}"),
                   re.compile(rf"{AFTER_QUOTE_SUBJECT}(?=[a-z]){finite_verb}"),
                   re.compile(rf"\b(?=[a-z]){finite_verb}"),
                   re.compile(OBJECT_MENTION.format(ends=_alternation(kinds.get("mention_end", [])) or "(?!x)x")),
                   re.compile(rf"(?:,|(?<=,[\"”’]))\s+(?:(?:and|but)\s+(?:{filler}\s+)*)?(?:{ing}|{according})\b|"
                              rf",?\s+(?:and|but)\s+(?:(?!{negator}\b){filler}\s+)*(?:(?:{finite})\b|(?:{ing})\b"
                              rf"(?=\s+(?:that|to)\b|\s*[,:\"“]))"))
