"""Stage 6 — stances: how each speaker spoke about each target of ``data/targets.csv`` (by default the
Russian and the Ukrainian side), unit by unit, with evidence (the ``stances`` frame, one row per (unit,
target); ``helpers.positions`` pools them into each speaker's position toward each target).

A *unit* is a quote (partial quotes are read in the clause of their sentence that holds them), a body
sentence of the article's own voice, ``(article)``, outside every quote, or a speaker's speech act that a
sentence reports ("The leaders discussed further sanctions"; ``helpers.acts`` finds them and their speakers).
Each unit is split into clauses; in every clause the target mentions (``data/targets.csv``; the persons and organisations of the actors
table whose side is a target; pronouns; the speaker's "we/our") meet the cues of ``data/stance_cues.csv``.
A cue's polarity goes to the target in the cue's role: agent (who does it) or patient (to whom it is done);
the victim of a negative agent cue gets a small sympathetic plus. Clause sentiment
(``helpers.sentiment.combined_score``) is a secondary signal for targets without a cue in that clause, and
for a target no cue of the unit speaks about, ``helpers.target_sentiment`` (a model trained on NewsMTSC) reads
the sentence's sentiment toward each of its mentions (``MODEL_WEIGHT``; its evidence in ``model_words``).
``side`` is the speaker's camp (``data/actors.csv``), ``target`` what a stance is about: a speaker whose side
is a target advocates it (mentioning it without criticising it, or speaking in a positive tone without
naming it, counts as positive toward it). The two-camp rules ("the enemy", support for one's opponent) read
``data/opponents.csv``, written for the russia/ukraine pair.
"""

import math
import re
import shutil
from bisect import bisect_left, bisect_right
from itertools import accumulate
from operator import attrgetter, itemgetter
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from .frames import COLUMNS
from .knowledge import Knowledge, resolve, read_table
from .patterns import trie_regex
from .mention_sentiment import Evidence, score_mentions
from .sentiment import combined_score
from .actors import fold
from .acts import (UNKNOWN_SIDES, Roles, load_roles, named_side, parse_titles, principals, speech_acts,
                   title_mentions)
from .mentions import WORD, Mention, word_before

ARTICLE_SPEAKER = "(article)"
NO_TARGET = "(none)"   # the side of a mention that only a pronoun may refer to (a country of no target)
# Plus for the victim of a negative agent cue ("attacked Ukraine"), as a share of the cue's |polarity|;
# kept below positions.LABEL_THRESHOLD so that being a victim alone never makes a position positive.
SYMPATHY = 0.2
# Stance of a speaker toward the own side when mentioning it without criticism (self-advocacy). Positions right on
# gold + dev sets 2-5 (266 pairs): 211 at 0.4, 212 at 0.5 to 0.8 (the own side's tone floored at 0, below).
SELF_ADVOCACY = 0.5
# Weight of clause sentiment for a side the clause names but no cue speaks about.
SENTIMENT_WEIGHT = 0.4
# Weight of the target-sentiment model (``helpers.target_sentiment``: the sentence's sentiment toward the mention)
# for a target no cue of the unit speaks about, added to the clause sentiment (gold and dev sets 2-7: 351 of 463
# labels right with it, 337 without; 0.2 to 1.0 move it by at most 3).
MODEL_WEIGHT = 0.4
# Smallest |weight| of a word of the model's evidence listed in ``model_words``.
MODEL_EVIDENCE = 0.3
# Sentiment of a quote's most positive clause above which a speaker of a side who does not name it is
# advocating it ("These contacts would be extremely important", said the Kremlin's spokesman).
POSITIVE_TONE = 0.2
# A negated cue ("not ready") flips; a negated criticism ("does not refuse") keeps this share as praise.
NEGATED_CRITICISM = 0.5
# Words between a relative pronoun ("which", "who") and the mention it refers back to, at most.
RELATIVE_REACH = 3
# Words between a cue and a mention after it, at most, for the mention to be the cue's agent or patient.
ROLE_REACH = 10
# Distinct matched phrases whose lexicon entry is remembered, per lexicon.
MEMO_SIZE = 100_000

_FOUR_WORDS = re.compile(r"[A-Za-z’']+(?:[^A-Za-z’']+[A-Za-z’']+){3}")
# ; or : (and spaces), a sentence end and spaces, a dash between spaces: the first character is matched
# by one class and the alternative picked by a lookbehind on it, which lets the scan skip letters fast
_CLAUSE_HARD = re.compile(r"[;:.!?\s](?:(?<=[;:])\s*|(?<=[.!?])[.!?]*[”\"’]?\s+|(?<=\s)\s*[-–—]\s+)")
_WORD_CHAR = re.compile(r"\w")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_START = attrgetter("start")
# the mention kinds a pronoun group may refer to (the groups are in data/stance_words.csv)
_PRONOUN_KINDS = {"person": {"person"}, "plural": {"state", "group", "country"},
                  "its": {"state", "group", "person", "country"}, "rel": {"state", "group", "person", "country"}}
# categories of cues that take what follows as their object: a side named before one of them is not the agent
# of a cue after it ("Ukraine condemns the aggression", "Ukraine suffers from aggression")
_OBJECT_TAKING = {"resistance", "victimhood"}
# categories of agent cues whose agent, when unnamed, is the opponent (data/opponents.csv) of the side they hit: in
# a war of two camps, "the aggression against Ukraine" and "the shelling of Russian towns" name their agent
_TWO_CAMP = {"aggression"}
# categories of cues that the words of the ``undoing`` class of data/stance_words.csv undo ("lifting sanctions")
_UNDONE = {"pressure"}
# categories of negative cues that the words of the ``denial`` class drop in the 40 characters before them: "denied
# that its troops had shelled", "rejected accusations of war crimes" assert no blame (nor praise)
_DENIED = {"accusation", "aggression", "blame"}
# categories of positive cues that say nothing good of the speaker's opponent when they apply to it: "Iran supports
# Russia" said by a Ukrainian, "the Ukrainian army suffered heavy losses" said by a Russian
_NO_PRAISE = {"support", "provision", "victimhood"}
# categories of help given to the target in the patient role
_HELP = {"support", "provision"}
_PARTICIPLE = re.compile(r"^\w+(?:ed|en|wn)$", re.I)


@dataclass(slots=True)
class Cue:
    start: int
    end: int
    polarity: float
    role: str
    of_role: str
    implied: str    # a target | opponent (the speaker's opponent, data/opponents.csv) | empty
    category: str
    actor: bool     # a noun naming who it applies to ("the aggressor", "the regime")


# ---------------------------------------------------------------- lexicons (compiled once per source)

def _phrase_regex(phrases: list[str]) -> re.Pattern:
    """One case-insensitive regex of all phrases, built as a character trie (fast, longest match first);
    spaces match any whitespace and a trailing * matches the rest of the word."""
    return re.compile(rf"(?<![\w-])(?:{trie_regex(' '.join(p.lower().split()) for p in phrases) or '(?!x)x'})(?!\w)",
                      re.I)


class StanceWords(NamedTuple):
    """The word classes of ``data/stance_words.csv`` (see its header) and the regexes built from them."""
    determiners: frozenset[str]
    patient_preps: frozenset[str]
    recipient_preps: frozenset[str]
    recipient_words: frozenset[str]
    topic_preps: frozenset[str]
    copulas: frozenset[str]
    passive_aux: frozenset[str]
    between_participles: frozenset[str]
    function_words: frozenset[str]
    negation: re.Pattern         # a negator (case-insensitive)
    negation_part: re.Pattern    # a part of every ``negation`` match: text without one holds no negation
    negation_part_low: re.Pattern  # its twin for lower-cased text (``_lower_text``)
    pronoun_groups: dict[str, str]  # pronoun as written -> group (own, person, plural, its, rel, you)
    pronoun: re.Pattern          # any of the pronouns
    agent_preps: tuple[tuple[str, ...], ...]  # agent prepositions as word tuples, determiners left out
    act_after: re.Pattern        # matched right after a subject: subject gap words, a co-subject, the speech-act verb
    title_act: re.Pattern        # matched at a sentence start: a title subject ("The Head of State") and ``act_after``
    subject_pronouns: frozenset[str]
    topic_markers: frozenset[str]
    opposing_preps: frozenset[str]  # after a support cue, name whom it is aimed at, not who receives it
    scene_preps: frozenset[str]  # between a target and a cue after it, make the cue a background, not its act
    plural_act: re.Pattern       # matched at a sentence start: a plural subject ("The leaders") and ``act_after``
    agentless_act: re.Pattern    # matched at a sentence start: a report without its agent ("It was stressed that")
    hedge: re.Pattern            # a hedge ("whether"): a cue after it is asked about, not asserted
    condition: re.Pattern        # a condition ("if", "unless"): a bad act after it is supposed, not asserted
    undoing: re.Pattern          # before a pressure cue, undoes it ("the lifting of sanctions", "opposed sanctions")
    denial: re.Pattern           # before an accusation, denies it ("rejected accusations of war crimes")
    name_act: re.Pattern         # matched at a sentence start: capitalised words and ``of``/``the`` ("Prime Minister
                                 # of Israel"), then a run of capitalised words (a name) and ``act_after``
    coord_act: re.Pattern        # matched at a quote's end: "and" and a speech-act verb, the quoted speaker's next act
    negation_barriers: frozenset[str]  # after a negator, end its reach ("does not give in to provocations")
    clause_cut: re.Pattern       # a comma, or a space before a word of class clause_break ("but", "which")
    clause_cut_low: re.Pattern   # its twin for lower-cased text
    interests: frozenset[str]    # what a side has at stake ("Ukraine's security"): a negative cue aimed at it is sympathy
    place_before: re.Pattern     # a place preposition and determiners ending right before a mention ("over the")
    place_after: re.Pattern      # a place noun right after a mention ("region")
    near_negators: frozenset[str]  # negate only a cue at most one word after them ("no constructive response")
    seat_before: re.Pattern      # a seat of power and "in" right before a mention ("the regime in"): an actor, no place
    source_verbs: frozenset[str]  # after a mention: its claim, not its act ("officials say killed")
    undoing_after: re.Pattern    # in the eight words after a pressure cue: it counts 0 ("sanctions have hurt Europe")


def stance_words(knowledge: Knowledge | None = None) -> StanceWords:
    """The stance word classes of ``knowledge`` (default: ``data/``)."""
    return resolve(knowledge).load("stance_words.csv", _parse_stance_words)


def _parse_stance_words(path: Path) -> StanceWords:
    table = pd.read_csv(path, comment="#", dtype=str, skipinitialspace=True, keep_default_na=False)
    classes: dict[str, list[str]] = {}
    for word, cls in zip(table["word"].str.strip(), table["class"].str.strip()):
        classes.setdefault(cls, []).append(word)
    words = {cls: frozenset(ws) for cls, ws in classes.items()}
    negators = classes.get("negator", [])
    suffixes = [re.escape(w.replace("’", "'")).replace("'", "[’']") for w in negators if w[:2] in ("n'", "n’")]
    whole = [re.escape(w) for w in negators if w[:2] not in ("n'", "n’")]
    negation = "|".join(([rf"\b(?:{'|'.join(whole)})\b"] if whole else []) + [rf"{x}\b" for x in suffixes])
    parts = list(dict.fromkeys([re.escape(w.split()[-1]) for w in negators if w[:2] not in ("n'", "n’")] + suffixes
                               + [rf"\b{re.escape(w)}\b" for w in classes.get("near_negator", [])]))
    groups = {w: cls.removeprefix("pronoun_") for cls, ws in classes.items() if cls.startswith("pronoun_") for w in ws}
    # the lookahead on the possible first characters makes the pronoun scan about twice as fast, the trie a tenth
    pronoun = "(?=[%s])\\b(?:%s)\\b" % ("".join(sorted({w[0] for w in groups})), trie_regex(groups)) if groups \
        else "(?!x)x"
    determiners = words.get("determiner", frozenset())
    gaps = "|".join(re.escape(w) for w in sorted(words.get("subject_gap", ()))) or "(?!x)x"
    verbs = trie_regex(_phrases(classes.get("speech_act", []))) or "(?!x)x"
    # gap words or adverbs, or a co-subject not in the actors table ("and Naftali Bennett"), then the verb
    act = (rf"(?:[\s,]+(?:{gaps}|\w+ly)(?!\w))*(?:\s+and\s+(?P<co>(?-i:[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){{0,3}})))?[\s,]+"
           rf"(?P<verb>{verbs})(?!\w)")
    plural = trie_regex(_phrases(classes.get("plural_subject", []))) or "(?!x)x"
    hedges = trie_regex(w.lower() for w in classes.get("hedge", [])) or "(?!x)x"
    coordinated = "|".join([*map(re.escape, classes.get("coordinated_gap", [])), r"\w+ly"])
    titles = parse_titles(path)
    clause_cut = rf",\s*|\s(?=(?:{trie_regex(w.lower() for w in classes.get('clause_break', [])) or '(?!x)x'})\b)"
    return StanceWords(*(words.get(c, frozenset()) for c in (
        "determiner", "patient_preposition", "recipient_preposition", "recipient_verb", "topic_preposition", "copula",
        "passive_auxiliary", "between_participles", "function_word")),
        re.compile(negation or "(?!x)x", re.I), re.compile("|".join(parts) or "(?!x)x", re.I),
        re.compile("|".join(parts) or "(?!x)x"), groups, re.compile(pronoun),
        tuple(tuple(w for w in p.lower().split() if w not in determiners) for p in classes.get("agent_preposition", [])),
        re.compile(act, re.I), re.compile(titles.subject + act, re.I), words.get("subject_pronoun", frozenset()),
        words.get("topic_marker", frozenset()), words.get("opposing_preposition", frozenset()),
        words.get("scene_preposition", frozenset()),
        re.compile(rf"(?P<plural>{plural}){act}", re.I),
        re.compile(rf"(?:{trie_regex(_phrases(classes.get('agentless_act', []))) or '(?!x)x'})"
                   rf"(?!\w)", re.I),
        re.compile(rf"\b(?:{hedges})\b", re.I),
        re.compile(rf"\b(?:{trie_regex(w.lower() for w in classes.get('condition', [])) or '(?!x)x'})\b", re.I),
        *(re.compile(rf"\b(?:{trie_regex(_phrases(classes.get(c, []))) or '(?!x)x'})(?!\w)",
                     re.I) for c in ("undoing", "denial")),
        re.compile(titles.name_run + act, re.I),
        re.compile(rf"[\"”’]?,?\s+and\s+(?:(?:{coordinated})\s+)?(?P<verb>{verbs})(?!\w)", re.I),
        words.get("negation_barrier", frozenset()), re.compile(clause_cut, re.I), re.compile(clause_cut),
        words.get("interest", frozenset()),
        re.compile(rf"\b(?:{trie_regex(classes.get('place_preposition', [])) or '(?!x)x'})"
                   rf"(?:\W+(?:{trie_regex(determiners) or '(?!x)x'}))*\W+$", re.I),
        re.compile(rf"\W+(?:{trie_regex(classes.get('place_noun', [])) or '(?!x)x'})\b", re.I),
        words.get("near_negator", frozenset()),
        re.compile(rf"\b(?:{trie_regex(classes.get('seat_noun', [])) or '(?!x)x'})\s+in\s+(?:the\s+)?$", re.I),
        words.get("source_verb", frozenset()),
        re.compile(rf"\b(?:{trie_regex(_phrases(classes.get('undoing_after', []))) or '(?!x)x'})(?!\w)", re.I))


def _phrases(entries: list[str]) -> list[str]:
    """Lower-case phrases with single spaces."""
    return [" ".join(w.lower().split()) for w in entries]


def _key(phrase: str) -> str:
    return " ".join(phrase.lower().rstrip("*").split())


def _list(value) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    return [v for v in (value if isinstance(value, (list, tuple)) else []) if isinstance(v, str) and v.strip()]


@dataclass(frozen=True)
class Targets:
    """What stances are about: the targets of ``data/targets.csv`` (in file order) and, for the rules written
    for two camps, each side's opponent (``data/opponents.csv``)."""

    order: tuple[str, ...]
    opponents: tuple[tuple[str, str], ...] = ()

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.order)

    def opponent(self, side: str) -> str:
        """The target opposing ``side`` ("" when the table names none, or it is no target)."""
        found = dict(self.opponents).get(side, "")
        return found if found in self.order else ""


def _read(path: Path) -> pd.DataFrame:
    return read_table(path)


def load_targets(knowledge: Knowledge | None = None) -> Targets:
    """The ``Targets`` of ``targets.csv`` and ``opponents.csv`` of the knowledge's data folder."""
    return resolve(knowledge).load(("targets.csv", "opponents.csv"), _parse_target_set)


def _parse_target_set(path: Path, opponents: Path) -> Targets:
    pairs = _read(opponents)
    return Targets(tuple(dict.fromkeys(t.strip() for t in _read(path)["target"] if t.strip())),
                   tuple(zip(pairs["side"].str.strip(), pairs["opponent"].str.strip())))


def with_targets(rows: Iterable[str], folder: str | Path, knowledge: Knowledge | None = None) -> Knowledge:
    """A copy of the knowledge's tables (default ``data/``, sample articles left out) in ``folder``, with
    ``rows`` (``"phrase,target,kind"``) added to its targets.csv: to try a target before adding it to data/."""
    source, folder = resolve(knowledge), Path(folder)
    for name in source.files():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source.path(name), folder / name)
    with open(folder / "targets.csv", "a", encoding="utf-8") as f:
        f.writelines(f"{row.strip()}\n" for row in rows)
    return Knowledge(folder)


def target_lexicon(actors: pd.DataFrame, knowledge: Knowledge | None = None) -> tuple[re.Pattern, dict]:
    """Regex of every target mention and ``{lower phrase or star stem: (target, kind, name)}``.

    Every phrase of an actor (name, aliases, descriptors) names the actor's side; a row of the targets table
    names its target, and when its phrase is an actor's name or alias, all of that actor's phrases do. A country
    of data/nationalities.csv no row names is a state of no target, kept as what "its" may refer to ("thanked
    Germany for its support")."""
    rows = tuple((str(r.get("name", "")), str(r.get("side", "")), str(r.get("kind", "person")),
                  tuple(_list(r.get("aliases"))), tuple(_list(r.get("descriptors"))))
                 for r in actors.to_dict("records"))
    return resolve(knowledge).load(("targets.csv", "nationalities.csv"), _parse_targets, rows)


def _parse_targets(path: Path, countries: Path, rows: tuple) -> tuple[re.Pattern, dict]:
    info: dict[str, tuple[str, str, str]] = {_key(c): (NO_TARGET, "country", "")
                                             for c in _read(countries)["country"] if c.strip()}
    phrases_of: dict[str, tuple[str, ...]] = {}  # actor name or alias -> all phrases of that actor
    titles: set[str] = set()  # descriptor phrases ("prime minister of italy")
    for name, side, kind, aliases, descriptors in rows:
        if not name:
            continue
        phrases = (name, *aliases, *descriptors)
        for phrase in phrases:
            info.setdefault(_key(phrase), (side, "person" if kind == "person" else "group", name))
        for phrase in (name, *aliases):
            phrases_of.setdefault(_key(phrase), phrases)
        titles.update(_key(d) for d in descriptors)
    table = _read(path)
    for r in table.to_dict("records"):
        target, phrase = r["target"].strip(), _key(r["phrase"])
        actor = info.get(phrase)
        if actor and phrase in phrases_of and actor[0] != target:  # an actor as a target: all its phrases name it
            for p in phrases_of[phrase]:
                info[_key(p)] = (target, actor[1], actor[2])
        elif not (actor and actor[0] == target):  # an actor's phrase of the target's side keeps the actor's name
            info[phrase] = (target, r["kind"].strip(), "")
    stars = {_key(p) for p in table["phrase"] if p.strip().endswith("*")}
    pattern = _phrase_regex([k + ("*" if k in stars else "") for k in info])
    return (pattern, {"info": info, "stars": _stars(table["phrase"]), "lower": _lowered(pattern),
                      "memo": {}, "titles": frozenset(titles - set(phrases_of))})


def cue_lexicon(knowledge: Knowledge | None = None) -> tuple[re.Pattern, dict]:
    """Regex of every stance cue and ``{lower phrase: row}``."""
    return resolve(knowledge).load("stance_cues.csv", _parse_cues)


def _parse_cues(path: Path) -> tuple[re.Pattern, dict]:
    table = _read(path)
    info = {}
    for r in table.to_dict("records"):
        role = r["role"].strip() or "agent"
        info[_key(r["cue"])] = dict(polarity=float(r["polarity"]), role="agent" if role == "actor" else role,
                                    of_role=r["of_role"].strip() or "agent", actor=role == "actor",
                                    implied=r["implied_target"].strip(), category=r["category"].strip())
    pattern = _phrase_regex(list(table["cue"].str.strip()))
    return (pattern, {"info": info, "stars": _stars(table["cue"]), "lower": _lowered(pattern), "memo": {}})


@lru_cache(maxsize=4096)
def _plain_case(ch: str) -> bool:
    """Whether re.IGNORECASE matches ``ch`` as comparing lower-cased text does (not 'ı', 'ſ', 'İ', 'Σ', …)."""
    low = ch.lower()
    return ch.isascii() or (len(low) == 1 and ch.upper().lower() == low and ch != "\u03a3")


def _lowered(pattern: re.Pattern) -> re.Pattern:
    """The case-sensitive twin of a case-insensitive phrase regex, for lower-cased text (much faster to scan):
    a letter that case folding treats specially ('ı' in "Kalın") becomes the class of lower-case letters
    it matches ('[iı]')."""
    return re.compile("".join(ch if _plain_case(ch) else _fold_class(ch) for ch in pattern.pattern))


def _fold_class(ch: str) -> str:
    forms = {f for f in (ch, ch.lower(), ch.upper().lower()) if len(f) == 1 and re.fullmatch(re.escape(ch), f, re.I)}
    return "[" + "".join(re.escape(f) for f in sorted(forms)) + "]"


def _lower_text(text: str) -> str | None:
    """``text.lower()``, the text the lower-case twins scan; None when it holds a letter that case folding
    treats specially (the case-insensitive regexes scan the text itself)."""
    return text.lower() if text.isascii() or all(map(_plain_case, set(_NON_ASCII.findall(text)))) else None


def _spans(text: str, low: str | None, start: int, end: int, pattern: re.Pattern,
           lower: re.Pattern | None) -> list[tuple[int, int]]:
    """Spans of ``pattern.finditer(text, start, end)``, found by its twin ``lower`` in ``low`` (``_lower_text``)
    when there is one."""
    if lower is not None and low is not None:
        return [m.span() for m in lower.finditer(low, start, end)]
    return [m.span() for m in pattern.finditer(text, start, end)]


def _stars(phrases) -> list[tuple[str, re.Pattern]]:
    """``(lexicon key, full-match regex)`` of the phrases with a *, longest first ("protect* donbas*")."""
    keys = sorted({_key(p) for p in phrases if "*" in p}, key=len, reverse=True)
    return [(k, re.compile(r"\s".join(re.escape(w).replace(r"\*", r"[\w-]*") for w in k.split()) + r"[\w-]*"))
            for k in keys]


def meeting_words(knowledge: Knowledge | None = None) -> re.Pattern:
    """Regex of the words saying that people met or spoke (``data/meeting_words.csv``)."""
    return _meeting(knowledge)[0]


def _meeting(knowledge: Knowledge | None = None) -> tuple[re.Pattern, re.Pattern]:
    """``meeting_words`` and its case-sensitive twin for lower-cased text."""
    return resolve(knowledge).load("meeting_words.csv", _parse_meeting)


def _parse_meeting(path: Path) -> tuple[re.Pattern, re.Pattern]:
    pattern = _phrase_regex(list(pd.read_csv(path, comment="#", dtype=str)["word"].str.strip()))
    return pattern, _lowered(pattern)


def _lookup(matched: str, lexicon: dict):
    """The lexicon entry of a matched phrase, looked up once per distinct phrase (``lexicon["memo"]``)."""
    memo = lexicon["memo"]
    if matched not in memo:
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        memo[matched] = _entry(matched, lexicon)
    return memo[matched]


def _entry(matched: str, lexicon: dict):
    """The lexicon entry of a matched phrase: its normalised form, without 's, or a starred key's match."""
    word = " ".join(matched.lower().split())
    if word in lexicon["info"]:
        return lexicon["info"][word]
    if word.endswith(("'s", "’s")) and word[:-2] in lexicon["info"]:
        return lexicon["info"][word[:-2]]
    for key, regex in lexicon["stars"]:
        if regex.fullmatch(word):
            return lexicon["info"][key]
    return None


# ---------------------------------------------------------------- text analysis of one span

def clauses(text: str, start: int, end: int, low: str | None = None,
            words: StanceWords | None = None) -> list[tuple[int, int]]:
    """Clause spans of ``text[start:end]``: split at ; : sentence ends, dashes, but/while/which/who…,
    and at commas unless that leaves a piece of fewer than four words (list items, appositions).
    ``low``: the text's ``_lower_text`` if known (its word cuts are found faster there); ``words``: the stance words
    (default: ``data/``'s), whose class ``clause_break`` holds the words."""
    cuts = [(m.start(), m.end(), False) for m in _CLAUSE_HARD.finditer(text, start, end)]
    # comma cuts are soft; one scan finds them with the word cuts, as no other cut covers a comma, so that
    # a word cut hidden in the spaces after a comma would never be made anyway
    words = words or stance_words()
    scan, scanned = (words.clause_cut, text) if low is None else (words.clause_cut_low, low)
    cuts += [(m.start(), m.end(), scanned[m.start()] == ",") for m in scan.finditer(scanned, start, end)]
    if not cuts:
        return [(start, end)] if end > start else []
    pieces, pos = [], start
    for a, b, soft in sorted(cuts):
        if a < pos:
            continue
        pieces.append((pos, a, soft))
        pos = b
    pieces.append((pos, end, False))
    merged: list[list] = []
    for a, b, soft in pieces:
        joins = bool(merged) and merged[-1][2]
        short = (joins or soft) and _FOUR_WORDS.search(text, a, b) is None  # only read next to a comma
        if joins and (short or merged[-1][3]):
            merged[-1][1], merged[-1][2], merged[-1][3] = b, soft, False
        else:
            merged.append([a, b, soft, short])
    return [(a, b) for a, b, _, _ in merged if b > a]


def _find_mentions(text: str, low: str | None, start: int, end: int, pattern: re.Pattern,
                   lexicon: dict, words: StanceWords, first_names: Container[str] = ()) -> list[Mention]:
    """The target mentions of ``text[start:end]``; a descriptor of an actor written before a first name of
    ``first_names`` is that person's title: a person of the actor's side, not the actor ("Prime Minister of Italy
    Mario Draghi")."""
    found, memo = [], lexicon["memo"]
    for a, b in _spans(text, low, start, end, pattern, lexicon.get("lower")):
        matched = text[a:b]
        hit = memo[matched] if matched in memo else _lookup(matched, lexicon)
        if hit and hit[1] == "person" and (after := _NEXT_WORD.match(text, b)) \
                and fold(after.group(1)) in first_names and _key(matched) in lexicon["titles"]:
            hit = (hit[0], "person", "")
        if hit:
            kind = hit[1]
            if kind == "adjective" and _as_noun(text, a, b, words):
                kind = "person"
            found.append(Mention(a, b, hit[0], kind, hit[2]))
    return found


_NEXT_WORD = re.compile(r"[^\S\n]+([A-Z][\w’'-]*)")  # the capitalised word after a mention, on its line


def _as_noun(text: str, a: int, b: int, words: StanceWords) -> bool:
    """An adjective standing for a person: 'the Russian is aware', 'said the Ukrainian.'"""
    before = _words(text, max(0, a - 12), a)[-1:]
    after = text[b:b + 20]
    nxt = WORD.match(after.lstrip())
    return before == ["the"] and (not nxt or not after[:1].isspace() or nxt.group().lower() in words.function_words)


def _negated(before: list[str], words: StanceWords, actor: bool = False, polarity: float = -1.0) -> bool:
    """A negator among the words ``before`` a cue with no barrier word after it: "did not attack", but not "does
    not give in to provocations" or "did not say that the enemy" (the negator belongs to another verb). An
    ``actor`` cue, a noun naming who ("the occupier"), is negated only by a copula and a negator right before it
    ("is not the aggressor"), not by a verb's ("will not give the occupier")."""
    if actor:
        while before and before[-1].lower() in words.determiners:
            before = before[:-1]
        return len(before) > 1 and words.negation.fullmatch(before[-1]) is not None and \
            before[-2].lower() in words.copulas
    if polarity < 0 and len(before) > 1 and before[-1].lower() == "be" and words.negation.fullmatch(before[-2]):
        return False   # "will not be intimidated by X": defiance, the act is still X's ("cannot be trusted" is negated)
    if any(w.lower() in words.near_negators for w in before[-2:]):
        return True   # "no constructive response", "no real willingness"
    cut = max((i + 1 for i, w in enumerate(before) if w.lower() in words.negation_barriers), default=0)
    return words.negation.search(" ".join(before[cut:])) is not None


def _find_cues(text: str, low: str | None, start: int, end: int, pattern: re.Pattern, lexicon: dict,
               words: StanceWords) -> list[Cue]:
    found, memo = [], lexicon["memo"]
    # the negation part's lower-case twin scans ``low``
    part, scanned = (words.negation_part, text) if low is None else (words.negation_part_low, low)
    for a, b in _spans(text, low, start, end, pattern, lexicon.get("lower")):
        matched = text[a:b]
        row = memo[matched] if matched in memo else _lookup(matched, lexicon)
        if not row:
            continue
        pol = row["polarity"]
        window = max(start, a - 40), a
        if words.hedge.search(text, *window) and words.hedge.search(" ".join(WORD.findall(text, *window)[-4:])) \
                or pol < 0 and row["category"] != "demand" \
                and words.condition.search(" ".join(WORD.findall(text, *window)[-4:])) \
                or row["category"] in _DENIED and pol < 0 and words.denial.search(text, *window) \
                or row["category"] in _UNDONE and _called_futile(text, b, end, words):
            pol = 0.0  # asked, supposed, denied or called futile, not asserted: "whether sanctions should be eased",
            # "if Moscow refuses", "denied shelling", "sanctions have hurt Europe"
        elif part.search(scanned, *window) and \
                _negated(WORD.findall(text, *window)[-4:], words, row["actor"], pol) \
                or row["category"] in _UNDONE and words.undoing.search(" ".join(WORD.findall(text, *window)[-4:])):
            pol = -pol if pol > 0 else -pol * NEGATED_CRITICISM
        found.append(Cue(a, b, pol, row["role"], row["of_role"], row["implied"], row["category"], row["actor"]))
    return found


def _called_futile(text: str, b: int, end: int, words: StanceWords) -> bool:
    """Whether the eight words after a pressure cue ending at ``b`` call it harmful or futile (``undoing_after``:
    "sanctions have hurt Europe", "a shot in our own knee")."""
    return bool(words.undoing_after.search(" ".join(WORD.findall(text, b, min(end, b + 100))[:8])))


def _words(text: str, a: int, b: int) -> list[str]:
    span = text[a:b]
    return WORD.findall(span.lower()) if span.isascii() else [w.lower() for w in WORD.findall(span)]


def _role(text: str, cue: Cue, m: Mention, cues: list[Cue], words: StanceWords) -> str | None:
    """The mention's role for the cue: agent, patient or None (a location, a topic, too far).

    ``cues`` are the other cues of the clause: a side named before a cue that takes an object ("condemns",
    "resisting", "suffers from") is not the agent of a cue after that one."""
    if m.start < cue.end and cue.start < m.end:
        return "agent"
    if m.start >= cue.end:
        gap = [w for w in _words(text, cue.end, m.start) if w not in words.determiners]
        if not gap:
            return "agent" if cue.actor else "patient"  # "the aggressor Russia"; "attacked Ukraine"
        if len(gap) > ROLE_REACH:
            return None
        last, near = gap[-1], len(gap) <= 3
        if gap == ["of"]:
            return cue.of_role
        if (last == "by" and near or cue.category not in _OBJECT_TAKING) and _ends_with_agent_prep(gap, words) \
                and not any(cue.end <= c.start and c.end <= m.start for c in cues):  # "must stand by Kyiv"
            return "agent"
        if near and (last in words.patient_preps and not (cue.category in _HELP and last in words.opposing_preps)
                     or cue.role == "patient" and last in words.recipient_preps):  # no "help against X"
            return "patient"
        if last in words.copulas or last == "that":
            return "agent"
        return None
    gap = _words(text, m.end, cue.start)
    if len(gap) > ROLE_REACH or "by" in gap:  # "Ukraine was invaded by a brutal neighbour": the agent is after "by"
        return None
    content = [w for w in gap if w not in words.determiners]
    if not words.source_verbs.isdisjoint(content[:2]):
        return None   # "a strike, which Ukrainian officials say killed 11": they report it, the strike did it
    if cue.actor:  # only "Russian occupiers", "Russia, the aggressor", "Russia is the aggressor"
        return "agent" if not content or content[-1] in words.copulas else None
    if not content or len(content) <= 3 and text.startswith(("'s", "’s"), m.end):
        # glued: "(suffering from) Russian aggression", "Ukraine's continued provocations"; "Ukraine, attacked by"
        return "patient" if _passive(text, cue, gap, words) else "agent"
    if _topic(text, m, words) or content[-1] in words.topic_markers \
            or not words.scene_preps.isdisjoint(content):  # "Ukrainian schools during the invasion"
        return None
    if any(m.end <= c.start and c.end <= cue.start and (c.role == "patient" or c.category in _OBJECT_TAKING)
           for c in cues):
        return None
    if content[-1] == "under":  # "Ukraine is under attack"
        return "patient"
    if _passive(text, cue, gap, words):
        return "patient"
    if cue.category in _HELP and any(w in words.recipient_words for w in gap):
        return "patient"
    return "agent"


_NAME_AFTER = re.compile(r"\s+([a-z]+)\s+(?:the\s+)?[A-Z]")


_NAME_BEFORE = re.compile(r"[A-Z][\w-]*[ \t]$")


def _place(text: str, m: Mention, words: StanceWords) -> bool:
    """Whether a mention names a place, not an actor: after a place preposition ("in Russia", "over the Moscow
    region") or before a place noun ("the Kyiv region")."""
    return bool(words.place_before.search(text, max(0, m.start - 30), m.start)
                or words.place_after.match(text, m.end))


def _names_other(text: str, cue: Cue, words: StanceWords) -> bool:
    """Whether a patient cue names its patient right after it, or an agent cue its agent right before it, by a
    name that is no target ("sanctions on Belarus", "Israeli aggression"): then the cue's implied target is not
    meant."""
    if cue.role == "agent":
        found = _NAME_BEFORE.search(text, max(0, cue.start - 30), cue.start)
        return bool(found) and found.group().strip().lower() not in words.determiners
    found = _NAME_AFTER.match(text, cue.end) if cue.role == "patient" else None
    return bool(found) and found.group(1) in words.patient_preps


def _ends_with_agent_prep(gap: list[str], words: StanceWords) -> bool:
    """Whether the words between a cue and a mention end with an agent preposition ("from", "on the part of")
    with at most two words before it ("provocations coming from Ukrainian militants")."""
    return any(len(gap) <= len(p) + 2 and tuple(gap[-len(p):]) == p for p in words.agent_preps)


def _passive(text: str, cue: Cue, gap: list[str], words: StanceWords) -> bool:
    """Whether the cue is a past participle in the passive voice: after an auxiliary ("has been invaded",
    "is being shelled", "will be attacked"), also behind an adverb cue ("was brutally attacked"), or
    followed by "by" ("Ukraine, attacked by …")."""
    after = _words(text, cue.end, cue.end + 30)
    word = text[cue.start:cue.end].split()[-1]
    if word.lower().endswith("ly") and after:
        word, after = after[0], after[1:]
    if not _PARTICIPLE.match(word):
        return False
    aux = max((i for i, w in enumerate(gap) if w in words.passive_aux), default=None)
    return aux is not None and all(w in words.between_participles or w.endswith("ly") or _PARTICIPLE.match(w)
                                   for w in gap[aux + 1:]) or bool(after) and after[0] == "by"


def _actor_like(text: str, mentions: list[Mention], words: StanceWords) -> list[bool]:
    """Per mention: named as an actor, not as a place or topic ('talks in Ukraine', 'in the Moscow region',
    'between Russia and Ukraine', 'the Ukrainian crisis'); a conjunct ('X and Y') is read like the mention
    before it."""
    out: list[bool] = []
    for i, m in enumerate(mentions):
        before = word_before(text, m.start, words.determiners)
        if before in ("and", "or", "nor") and i and len(_words(text, mentions[i - 1].end, m.start)) == 1:
            out.append(out[-1])
        else:
            out.append(m.kind != "adjective" and (before not in words.topic_preps or _seat(text, m, words)))
    return out


def _seat(text: str, m: Mention, words: StanceWords) -> bool:
    """Whether the mention follows a seat of power and "in" ("the authorities in Kyiv"): who governs there acts."""
    return bool(words.seat_before.search(text, max(0, m.start - 40), m.start))


def _topic(text: str, m: Mention, words: StanceWords) -> bool:
    """Whether a topic preposition right before the mention makes it a topic or place ("talks in Ukraine"), not
    an actor ("the regime in Kyiv")."""
    return word_before(text, m.start) in words.topic_preps and not _seat(text, m, words)


# ---------------------------------------------------------------- pronouns

def _resolve(text: str, pronouns: list[tuple[int, int, str]], mentions: list[Mention],
             context: Callable[[], dict], speaker_side: str, speaker: str, reported: bool, targets: "Targets",
             addressee: str = "", context_until: int | None = None) -> list[Mention]:
    """Mentions of a unit plus its ``pronouns`` (``_Article.pronouns_in``), we/our and you/your resolved to
    a side where that is clear; ``context()`` gives the earlier mentions (``_Article.context``), asked
    only when a pronoun needs them.

    we/our refer to the speaker's side, you/your to the ``addressee`` side (empty: unresolved), when it is
    one of ``targets``.
    he/his/him refer to the nearest person before them in the unit; in reported (indirect, partial)
    speech else to the speaker; else to the nearest person earlier in the sentence, else to the first
    person of the previous sentence (never the speaker of a direct quote). they/their/them likewise to
    states and groups, its to anything but an adjective, which/who to a mention just before them. Only a
    pronoun before ``context_until`` (the end of the unit's first sentence) looks outside the unit: a later one
    refers to what the unit itself said ("Attacks on civilians are prohibited. They must end.")."""
    out = list(mentions)  # sorted by start
    unsorted = False  # pronouns of a chain and relative pronouns are appended at the end, sorted in later
    chain: dict[str, Mention] = {}
    earlier = None
    addressed: set[int] = set()   # starts of we/our and you/your: no antecedent of "they" ("We know they lie")
    for start, end, group in pronouns:
        if group in ("own", "you"):
            side = speaker_side if group == "own" else addressee
            if side in targets.names:
                out.append(Mention(start, end, side, "group"))
                out.sort(key=_START)
                unsorted = False
                addressed.add(start)
            continue
        kinds = _PRONOUN_KINDS[group]
        if group in chain:  # "they ... they": a pronoun keeps the referent of the same pronoun before it
            ante = chain[group]
            out.append(Mention(start, end, ante.target, ante.kind, ante.name))
            unsorted = True
            continue
        ante = next((m for m in reversed(out) if m.end <= start and m.kind in kinds and m.start not in addressed),
                    None)
        if group == "rel":
            if ante and len(_words(text, ante.end, start)) <= RELATIVE_REACH:
                out.append(Mention(start, end, ante.target, ante.kind, ante.name))
                unsorted = True
            continue
        if ante is None and reported and group == "person":  # "Putin said he was ready": the speaker
            ante = Mention(start, end, speaker_side, "person", speaker)
        if ante is None and context_until is not None and start >= context_until:
            continue
        if ante is None:
            earlier = earlier or context()
            same = [m for m in earlier["before"] if m.kind in kinds and m.name != speaker]
            ante = same[-1] if same else None
        if ante is None and group != "its":
            prev = [m for m in earlier["previous"] if m.kind in kinds and m.name != speaker]
            ante = prev[0] if prev else None
        if ante is not None:
            out.append(Mention(start, end, ante.target, ante.kind, ante.name))
            chain[group] = ante
            unsorted = True
        if unsorted:
            out.sort(key=_START)
            unsorted = False
    return out


# ---------------------------------------------------------------- scoring one unit

@dataclass(slots=True)
class _Score:
    cue: float = 0.0
    sympathy: float = 0.0
    criticised: bool = False
    sentiment_clauses: tuple = ()  # texts of the clauses whose sentiment counts
    model_spans: tuple = ()  # (start, end) of the target's mentions in those clauses, read by the model
    target_words: tuple = ()
    cue_words: tuple = ()
    places: int = 0  # how many of the mentions name a place ("in Russia", "the Moscow region")


def _score_unit(text: str, unit_clauses: list[tuple[int, int]], mentions: list[Mention], cues: list[Cue],
                speaker_side: str, targets: "Targets", words: StanceWords,
                partner: str = "") -> tuple[dict[str, _Score], bool]:
    """Per target: cue sum, clauses for sentiment, words; and whether a positive cue named no target. A positive
    support cue that names no one it helps ("reaffirmed support", "discussed cooperation in the defence sphere")
    helps the ``partner``: the side of the other principal of a bilateral meeting or call (``_partner``)."""
    scores: dict[str, _Score] = {}
    unassigned_positive = False
    for (ca, cb), nearby, cl_cues in _by_clause(unit_clauses, mentions, cues, targets.names):
        here = [m for m in nearby if m.target in targets.names]
        demand = any(c.category == "demand" for c in cl_cues)
        for m in here:
            s = scores.setdefault(m.target, _Score())
            s.target_words += (text[m.start:m.end],)
            s.places += _place(text, m, words)
        touched: set[str] = set()
        for cue in cl_cues:
            demanded = cue.polarity > 0 and demand  # a good act demanded ("Europe must support Kyiv"): its patient only
            if cue.category == "resistance" and not any(c.polarity < 0 and c.start >= cue.end for c in cl_cues):
                continue  # resisting is credit only against something bad ("resisting the aggressor")
            holders: dict[str, Mention] = {}  # the nearest agent and the nearest patient of the cue
            for m in sorted(nearby, key=lambda m: min(abs(m.start - cue.end), abs(cue.start - m.end))):
                role = _role(text, cue, m, cl_cues, words)
                if role and role not in holders:
                    holders[role] = m
            for role, m in holders.items():
                if demanded and role != "patient":
                    continue  # no credit to whom it is demanded of ("Russia must respect …")
                value = 0.0
                if role == cue.role:
                    value = cue.polarity
                elif cue.role == "agent" and role == "patient" and cue.polarity < 0:
                    value = SYMPATHY * -cue.polarity
                if value < 0 and role == "patient" and (m.target == speaker_side or _at_stake(text, m, words)):
                    value = SYMPATHY * -value  # said by the side it hits, or aimed at its security: victimhood
                if value < 0 and m.target == speaker_side and (cue.category == "demand" or
                                                               role == "agent" and cue.category in _TWO_CAMP):
                    value = 0.0  # a speaker's demands on the own side ("we must") and its acts of war ("we struck",
                    # "the regions Moscow annexed", said by Moscow) are not criticism of it
                # support for the speaker's opponent, reported by the speaker, is no praise, and its losses are no
                # victimhood: the cue is read (so neither the clause's sentiment nor the model scores that target)
                # and counts 0, as a hedged or denied cue (polarity 0) does
                no_praise = value > 0 and (cue.category in _NO_PRAISE or cue.polarity < 0) \
                    and m.target == targets.opponent(speaker_side)
                if no_praise:
                    value = 0.0
                if (value or no_praise or not cue.polarity) and m.target in targets.names:
                    _add(scores, m.target, value, text[cue.start:cue.end], cue.polarity < 0 < value)
                    touched.add(m.target)
            if demanded:
                continue
            # pressure nobody is named as facing ("sanctions work slowly") is Russia's in this conflict, but only a
            # speaker of a known side calls for it: an analyst of no side describes it
            implied = _implied(cue.implied, speaker_side, targets) \
                if cue.category != "pressure" or speaker_side not in UNKNOWN_SIDES else ""
            if not implied and cue.category in _TWO_CAMP and cue.role == "agent" and "patient" in holders \
                    and word_before(text, holders["patient"].start, words.determiners) in words.patient_preps:
                implied = targets.opponent(holders["patient"].target)  # "the aggression against Ukraine"
            if cue.role not in holders and implied and not _names_other(text, cue, words):
                value = cue.polarity
                if value < 0 and implied == speaker_side:  # no side calls itself "the aggressor"
                    value = SYMPATHY * -value if cue.role == "patient" else 0.0
                if value:
                    _add(scores, implied, value, text[cue.start:cue.end], cue.polarity < 0 < value)
                    touched.add(implied)
            elif partner and cue.category == "support" and cue.role == "patient" and cue.polarity > 0 \
                    and "patient" not in holders:
                _add(scores, partner, cue.polarity, text[cue.start:cue.end])
                touched.add(partner)
            elif not holders and cue.polarity > 0:
                unassigned_positive = True
        if {m.target for m in here} <= touched:
            continue  # no target is left for the clause's sentiment
        actors = [m for m, ok in zip(here, _actor_like(text, here, words)) if ok]
        for side in {m.target for m in actors} - touched:
            scores[side].sentiment_clauses += (text[ca:cb],)
            scores[side].model_spans += tuple((m.start, m.end) for m in actors if m.target == side)
    return scores, unassigned_positive


def _at_stake(text: str, m: Mention, words: StanceWords) -> bool:
    """Whether the mention names a side's interest ("Ukraine's security", "the security of Ukraine"): the words right
    after it and "'s", or right before "of" (and "the") and it, are of class ``interest``."""
    after = _POSSESSIVE_THEN.match(text, m.end)
    before = _words(text, max(0, m.start - 40), m.start)
    before = before[:-1] if before[-1:] == ["the"] else before
    return bool(after) and any(" ".join(_words(text, after.end(), after.end() + 40)[:n]) in words.interests
                               for n in (1, 2)) or \
        len(before) > 1 and before[-1] == "of" and any(" ".join(before[-1 - n:-1]) in words.interests for n in (1, 2))


_POSSESSIVE_THEN = re.compile(r"['’]s?\s+")  # "Ukraine's ", "the Ukrainians' "


def _partner(art: "_Article", u: "_Unit", targets: "Targets") -> str:
    """The target a speaker's support helps when it names no one: the side of the other principal when the
    article has two (``_Article.addressee``), a target other than the speaker's side; else ""."""
    if u.speaker is None or u.speaker == ARTICLE_SPEAKER:
        return ""
    side = art.addressee(u.speaker)
    return side if side in targets.names and side != u.side else ""


def _may_score(mentions: list[Mention], cues: list[Cue], speaker_side: str, targets: "Targets") -> bool:
    """Whether ``_score_unit`` can find anything: a target is named, or a cue may count for a target (the
    speaker's side, or one the cue implies)."""
    return any(m.target in targets.names for m in mentions) or bool(cues) and (
        speaker_side in targets.names or any(_implied(c.implied, speaker_side, targets) for c in cues))


def _by_clause(unit_clauses: list[tuple[int, int]], mentions: list[Mention],
               cues: list[Cue], names: frozenset[str]) -> list[tuple[tuple[int, int], list[Mention], list[Cue]]]:
    """The clauses where a target (of ``names``) is named or a cue speaks, in order, each with the mentions and the cues
    (in their order) that start in it; the other clauses add nothing to a unit's scores."""
    found: dict[int, tuple[list, list]] = {}
    for k, items in enumerate((mentions, cues)):
        for item in items:
            i = bisect_right(unit_clauses, (item.start, math.inf)) - 1  # the last clause starting at or before it
            if i >= 0 and item.start < unit_clauses[i][1]:
                found.setdefault(i, ([], []))[k].append(item)
    return [(unit_clauses[i], nearby, cl_cues) for i, (nearby, cl_cues) in sorted(found.items())
            if cl_cues or any(m.target in names for m in nearby)]


def _implied(implied: str, speaker_side: str, targets: "Targets") -> str:
    """The target an implied cue is about: as written, or for "opponent" the speaker's opponent."""
    if implied == "opponent":
        return targets.opponent(speaker_side)
    return implied if implied in targets.names else ""


def _add(scores: dict[str, _Score], side: str, value: float, word: str, sympathy: bool = False) -> None:
    """Add a cue's value; the sympathy of being a victim ("has been attacked and brutally shelled") adds up
    to SYMPATHY at most per unit."""
    s = scores.setdefault(side, _Score())
    if sympathy:
        s.sympathy = min(SYMPATHY, s.sympathy + value)
    else:
        s.cue += value
    s.criticised |= value < 0
    s.cue_words += (word,)


# ---------------------------------------------------------------- public API

@dataclass
class _Article:
    """One article's text with its sentences, mentions and cues found once, sorted by offset."""
    text: str
    sentences: list[tuple[int, int, str, str]]  # start, end, role, sent_id
    mentions: list[Mention]
    cues: list[Cue]
    principals: dict[str, str]  # quoted speakers and people named as meeting or speaking: {name: side}
    words: StanceWords
    low: str | None = None  # ``_lower_text(text)``
    guests: list[Mention] = field(default_factory=list)  # principals the actors table lacks (side ``unknown``)

    def __post_init__(self):
        self.clause_memo: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self.sent_starts = [s[0] for s in self.sentences]
        self.mention_starts = [m.start for m in self.mentions]
        self.cue_starts = [c.start for c in self.cues]
        groups = self.words.pronoun_groups
        self.pronouns = [(p.start(), p.end(), groups[p.group()]) for p in self.words.pronoun.finditer(self.text)]
        self.pronoun_starts = [p[0] for p in self.pronouns]

    def clauses(self, a: int, b: int) -> list[tuple[int, int]]:
        """``clauses`` of ``text[a:b]``, split once per span."""
        if (a, b) not in self.clause_memo:
            self.clause_memo[a, b] = clauses(self.text, a, b, self.low, self.words)
        return self.clause_memo[a, b]

    def unit_clauses(self, u: "_Unit") -> list[tuple[int, int]]:
        """The clauses a unit is read in; a speech act in its sentence's clauses from the verb on (the clause
        texts of the sentence's own unit: their sentiment is computed once)."""
        if u.kind != "act":
            return self.clauses(u.start, u.end)
        return [c for c in self.clauses(*self.sentences[self.sentence_index(u.start)][:2]) if c[1] > u.start]

    def sentence_index(self, pos: int) -> int | None:
        i = bisect_right(self.sent_starts, pos) - 1
        return i if i >= 0 and pos < self.sentences[i][1] else None

    def mentions_in(self, a: int, b: int) -> list[Mention]:
        return self.mentions[bisect_left(self.mention_starts, a):bisect_left(self.mention_starts, b)]

    def cues_in(self, a: int, b: int) -> list[Cue]:
        return self.cues[bisect_left(self.cue_starts, a):bisect_left(self.cue_starts, b)]

    def pronouns_in(self, a: int, b: int) -> list[tuple[int, int, str]]:
        """``(start, end, group)`` of the pronoun matches in ``text[a:b]``, as a scan of that span finds
        them: the article's matches inside it, and a pronoun cut off by a span ending inside a word."""
        found = self.pronouns[bisect_left(self.pronoun_starts, a):bisect_left(self.pronoun_starts, b)]
        if found and found[-1][1] > b:
            found.pop()
        if _WORD_CHAR.match(self.text, b):
            found += [(p.start(), b, self.words.pronoun_groups[p.group()])
                      for p in self.words.pronoun.finditer(self.text, max(a, b - 12), b) if p.end() == b]
        return found

    def addressee(self, speaker: str) -> str:
        """The side "you" means in a direct quote of ``speaker``: the other principal's when there are two."""
        others = [side for name, side in self.principals.items() if name != speaker]
        return others[0] if len(self.principals) == 2 and len(others) == 1 else ""

    def context(self, pos: int) -> dict:
        """Mentions earlier in the sentence at ``pos`` and in the sentence before it (pronoun antecedents)."""
        i = self.sentence_index(pos)
        if i is None:
            return {"before": [], "previous": []}
        before = self.mentions_in(self.sentences[i][0], pos)
        previous = self.mentions_in(*self.sentences[i - 1][:2]) if i else []
        return {"before": [m for m in before if m.kind != "adjective"],
                "previous": [m for m in previous if m.kind != "adjective"]}


def _by_article(frame: pd.DataFrame, columns: list[str]) -> dict[str, list[tuple]]:
    """The rows of ``frame`` per article, in frame order: ``(row number, *columns)``."""
    out: dict[str, list[tuple]] = {}
    for aid, row in zip(frame["article_id"].tolist(), zip(range(len(frame)), *(frame[c].tolist() for c in columns))):
        out.setdefault(aid, []).append(row)
    return out


def _article(text: str, sentences: list[tuple], quotes: list[tuple], t_lex: tuple, c_lex: tuple,
             meeting: tuple[re.Pattern, re.Pattern], words: StanceWords, roles: Roles,
             names: frozenset[str]) -> _Article:
    """An article's sentences (``_by_article`` rows) sorted, and its mentions, cues and principals."""
    sents = sorted((int(a), int(b), role, str(sid)) for _, a, b, role, sid in sentences)
    speakers: dict[str, str] = {}
    for *_, speaker, side in quotes:
        if isinstance(speaker, str):
            speakers.setdefault(speaker, side if isinstance(side, str) else "")
    low = _lower_text(text)
    mentions = _find_mentions(text, low, 0, len(text), *t_lex, words, roles.reader.vocab.first_names)
    guests: list[Mention] = []
    for speaker, side in speakers.items():
        if side in UNKNOWN_SIDES:
            speakers[speaker] = named_side(text, mentions, speaker, names, roles) or \
                _side_in_name(speaker, t_lex, words, names) or side
    people = principals(text, low, sents, mentions, speakers, meeting, roles, guests, names)
    spans = [(int(a), int(b)) for _, _, _, a, b, *_ in quotes]
    mentions = sorted(mentions + title_mentions(text, sents, spans, mentions, roles, people), key=attrgetter("start"))
    return _Article(text, sents, mentions, _find_cues(text, low, 0, len(text), *c_lex, words), people, words,
                    low, guests)


def _side_in_name(name: str, t_lex: tuple, words: StanceWords, names: frozenset[str]) -> str:
    """The one target a speaker's own name states ("Ukrainian embassy", "Russia's agriculture ministry"), else ""."""
    found = {m.target for m in _find_mentions(name, None, 0, len(name), *t_lex, words) if m.target in names}
    return found.pop() if len(found) == 1 else ""


class _Unit(NamedTuple):
    row: int | None  # the quote's row number in the quotes frame; None for a sentence of the article
    unit_id: str
    speaker: str | None
    side: str
    kind: str
    start: int
    end: int
    holes: tuple[tuple[int, int], ...] = ()  # reports of other speakers inside a quotation ("Lavrov says …")
    closed: bool = False  # its pronouns refer inside it ("thanked France for its help": its object's)

    def outside(self, items: list) -> list:
        """The mentions, cues or pronoun tuples of ``items`` that start outside the unit's holes."""
        if not self.holes:
            return items
        return [x for x in items if not any(a <= _start(x) < b for a, b in self.holes)]


def _start(item) -> int:
    return item[0] if isinstance(item, tuple) else item.start


# between a transcript turn's label and its speech: "Anna Petrova: …", "Question (retranslated): …"
_TURN_GAP = re.compile(r"\s*(?:\([^()\n]{0,40}\)\s*)?:")
_QUESTION_END = re.compile(r"\?[\"”’»)\]\s]*$")
# share of a transcript speaker's turns ending in a question from which on the speaker is a questioner
QUESTIONER_SHARE = 0.5


def _silent(text: str, quotes: list[tuple]) -> set[str]:
    """Ids of the quotes (``_by_article`` rows) that are no stance of their speaker:

    - the turns of a questioner: in a transcript (turns of two speakers or more), a speaker the actors table
      does not know, at least QUESTIONER_SHARE of whose turns end with a question, reads out questions (a
      host, a moderator, a journalist), and what a question names is not the asker's stance; the questions
      of a known actor ("Why are you blocking the ports?", said by a minister) stay the actor's stance;
    - a partial quote inside an indirect quote of the same speaker: its words count once, in the indirect one.
    """
    turns: dict[str, list[bool]] = {}
    turn_ids: dict[str, list[str]] = {}
    reported: dict[str, list[tuple[int, int]]] = {}
    unknown: set[str] = set()
    for _, qid, kind, a, b, cue, speaker_end, speaker, side in quotes:
        if not isinstance(speaker, str):
            continue
        if kind == "indirect":
            reported.setdefault(speaker, []).append((int(a), int(b)))
        elif kind == "direct" and not (isinstance(cue, str) and cue) and isinstance(speaker_end, (int, float)) \
                and speaker_end == speaker_end and speaker_end <= a and _TURN_GAP.match(text, int(speaker_end)):
            turns.setdefault(speaker, []).append(bool(_QUESTION_END.search(text, int(a), int(b))))
            turn_ids.setdefault(speaker, []).append(str(qid))
            if not isinstance(side, str) or side in UNKNOWN_SIDES:
                unknown.add(speaker)
    out: set[str] = set()
    if len(turns) >= 2:
        for speaker, asks in turns.items():
            if speaker in unknown and sum(asks) >= QUESTIONER_SHARE * len(asks):
                out.update(turn_ids[speaker])
    for _, qid, kind, a, b, _, _, speaker, _ in quotes:
        if kind == "partial" and any(ra <= int(a) and int(b) <= rb for ra, rb in reported.get(speaker, ())):
            out.add(str(qid))
    return out


def _object_cue_start(art: _Article, start: int) -> int:
    """Where a report whose object opens it begins, its cue included when that cue is a stance cue done to the
    object ("accused | Russia of playing for time", "thanked | the mediators"): the object is its patient."""
    before = [c for c in art.cues_in(max(0, start - 30), start)
              if c.role == "patient" and not art.text[c.end:start].strip()]
    return before[-1].start if before else start


def _units(art: _Article, quotes: list[tuple], roles: Roles, names: frozenset[str]) -> list[_Unit]:
    """The article's quotes (``_by_article`` rows; partial ones widened to their clause; no ``_silent`` ones),
    the speech acts of ``speech_acts`` and its body sentences outside every quote."""
    units, spans = [], []
    silent = _silent(art.text, quotes)
    reports = sorted((int(c), int(d), other) for _, _, k, c, d, _, _, other, _ in quotes if k == "indirect")
    report_starts = [r[0] for r in reports]
    for row, qid, kind, a, b, _, _, speaker, side in quotes:
        a, b = int(a), int(b)
        spans.append((a, b))
        if str(qid) in silent:
            continue
        start, end = a, b
        i = art.sentence_index(a) if kind == "partial" else None
        if i is not None:
            start, end = next(((ca, cb) for ca, cb in art.clauses(*art.sentences[i][:2]) if ca <= a < cb),
                              (a, b))
            end = max(end, b)
        elif kind == "indirect":
            start = _object_cue_start(art, start)
        side = side if isinstance(side, str) else ""
        if side in UNKNOWN_SIDES and isinstance(speaker, str):  # a side its title states ("… of Ukraine X")
            side = art.principals.get(speaker, side) if art.principals.get(speaker) in names else side
        holes = tuple((c, d) for c, d, other in reports[bisect_left(report_starts, a):bisect_left(report_starts, b)]
                      if d <= b and other != speaker) if kind == "direct" else ()
        units.append(_Unit(row, str(qid), speaker if isinstance(speaker, str) else None, side, kind, start, end,
                           holes, start < a and kind == "indirect"))
    spans.sort()
    q_starts = [q[0] for q in spans]
    reach = list(accumulate((q[1] for q in spans), max))  # furthest quote end so far
    for a, b, role, sid in art.sentences:
        k = bisect_left(q_starts, b) - 1  # quotes starting before the sentence ends
        if role == "body" and (k < 0 or reach[k] <= a):
            units.append(_Unit(None, sid, ARTICLE_SPEAKER, "", "", a, b))
    return units + [_Unit(None, act.sent_id, act.speaker, act.side, "act", act.start, act.end)
                    for act in speech_acts(art, quotes, roles, names)]


def stances(articles: pd.DataFrame, sentences: pd.DataFrame, quotes: pd.DataFrame,
            actors: pd.DataFrame, knowledge: Knowledge | None = None) -> pd.DataFrame:
    """One row per (quote or narrative sentence, target) that the unit speaks about.

    ``side`` is the speaker's camp, ``target`` one of ``data/targets.csv``. ``stance`` is in [-1, 1];
    ``target_words`` and ``cue_words`` are ';'-joined words of the unit that named the target and that
    carried the stance (empty for self-advocacy without naming it). Rows of quotes come first, in the
    order of ``quotes``, then the sentences, article by article.
    """
    knowledge = resolve(knowledge).snapshot()
    targets = load_targets(knowledge)
    lexicons = target_lexicon(actors, knowledge), cue_lexicon(knowledge), _meeting(knowledge), stance_words(knowledge)
    roles = load_roles(actors, knowledge)
    sents = _by_article(sentences, ["start", "end", "role", "sent_id"])
    quoted = _by_article(quotes, ["quote_id", "kind", "start", "end", "cue", "speaker_end", "speaker", "side"])
    of_quotes, of_sentences = [], []
    clauses: dict[str, None] = {}  # the clauses whose sentiment the rows read, each scored once
    # one article at a time, so that what is found in it is freed before the next (less garbage collection); the
    # clauses and the model's mentions of all articles are scored at once (fewer calls; the model's arrays pay off)
    found = []  # per article: id, text, its scored units and the model's (sentence, mention) pairs
    for aid, text in dict(zip(articles["article_id"].tolist(), articles["text"].tolist())).items():
        art = _article(text, sents.get(aid, []), quoted.get(aid, []), *lexicons, roles, targets.names)
        pending = _article_pending(art, _units(art, quoted.get(aid, []), roles, targets.names), clauses, targets)
        found.append((aid, text, pending, _model_pairs(art, [sc for _, scores, _, _ in pending
                                                              for sc in scores.values() if not sc.cue_words])))
    # numpy floats: numpy rounding in clip
    sentiment = dict(zip(clauses, np.array(combined_score(list(clauses), knowledge=knowledge), dtype=float)))
    for (aid, text, pending, _), model in zip(found, _model_scores([pairs for *_, pairs in found], knowledge)):
        for unit, row in _article_stances(aid, text, pending, sentiment, model, targets, lexicons[3]):
            if unit.row is None:
                of_sentences.append(row)
            else:
                of_quotes.append((unit.row, row))
    of_quotes.sort(key=itemgetter(0))
    return pd.DataFrame([row for _, row in of_quotes] + of_sentences, columns=COLUMNS["stances"])


_Pending = tuple[_Unit, dict[str, _Score], bool, list[str]]  # a unit, its scores, positive cue, tone clauses


def _article_pending(art: _Article, units: list[_Unit], to_score: dict[str, None], targets: Targets
                     ) -> list[_Pending]:
    """The units of one article that may get a ``stances`` row, with their scores; the clauses whose sentiment
    they read are added to ``to_score``."""
    pending = []
    text = art.text
    for u in units:
        span = u.start, u.end
        mentions, pronouns = u.outside(art.mentions_in(*span)), u.outside(art.pronouns_in(*span))
        if pronouns:
            first = art.sentence_index(u.start)
            mentions = _resolve(text, pronouns, mentions, partial(art.context, u.start), u.side,
                                u.speaker or "", u.kind in ("indirect", "partial", "act"), targets,
                                art.addressee(u.speaker) if u.kind == "direct" else "",
                                u.start if u.closed else None if first is None else art.sentences[first][1])
        if u.kind == "act":
            mentions = [m for m in mentions if m.name != u.speaker]
        cues = u.outside(art.cues_in(*span))
        partner = _partner(art, u, targets) if cues else ""
        scores, positive_cue = _score_unit(text, art.unit_clauses(u), mentions, cues, u.side, targets, art.words,
                                           partner) \
            if _may_score(mentions, cues, u.side, targets) or partner else ({}, False)
        for sc in scores.values():
            to_score.update(dict.fromkeys(sc.sentiment_clauses))
        tone_clauses = []
        if u.side in targets.names and u.side not in scores and not positive_cue:
            tone_clauses = [text[a:b] for a, b in art.unit_clauses(u)]
            to_score.update(dict.fromkeys(tone_clauses))
        if scores or tone_clauses or positive_cue and u.side in targets.names:
            pending.append((u, scores, positive_cue, tone_clauses))
    return pending


def _article_stances(aid: str, text: str, pending: list[_Pending], sentiment: dict[str, float],
                     model: dict[tuple[int, int], tuple[float, tuple[str, ...]]],
                     targets: Targets, words: StanceWords) -> list[tuple[_Unit, tuple]]:
    """The ``stances`` rows (tuples in the frame's column order) of one article's ``pending`` units, each with
    its unit; ``model``: the ``_model_scores`` of its mentions."""
    rows = []
    groups = words.pronoun_groups
    for u, scores, positive_cue, tone_clauses in pending:
        own = u.side
        tone = max((sentiment[t] for t in tone_clauses), default=0.0)
        if not scores and not (own in targets.names and (positive_cue or tone > POSITIVE_TONE)):
            continue
        unit_text = text[u.start:u.end]
        for side, sc in scores.items():
            tone_value = 0.0
            if sc.sentiment_clauses:
                tone_value += SENTIMENT_WEIGHT * sum(sentiment[t] for t in sc.sentiment_clauses) \
                    / len(sc.sentiment_clauses)
            read = [model[sp] for sp in sc.model_spans if sp in model] if not sc.cue_words else []
            if read:
                tone_value += MODEL_WEIGHT * sum(score for score, _ in read) / len(read)
            # "he", "his" alone (often the speaker himself) advocate nothing: no self-advocacy, and no tone
            himself = not sc.cue_words and all(groups.get(w) == "person" for w in sc.target_words)
            if side == own:  # a side's own speaker criticises it with a cue, not a tone
                tone_value = 0.0 if himself and sc.target_words else max(tone_value, 0.0)
            value = sc.cue + sc.sympathy + tone_value
            placed = sc.target_words and sc.places == len(sc.target_words)   # "over the Moscow region"
            if side == own and not sc.criticised and not himself and not placed:
                value += SELF_ADVOCACY
            rows.append((u, (aid, u.unit_id, u.speaker, own, side, clip(value), u.start, u.end, unit_text,
                             ";".join(dict.fromkeys(sc.target_words)), ";".join(dict.fromkeys(sc.cue_words)),
                             ";".join(dict.fromkeys(w for _, words in read for w in words)))))
        if own in targets.names and own not in scores and (positive_cue or tone > POSITIVE_TONE):
            rows.append((u, (aid, u.unit_id, u.speaker, own, own, SELF_ADVOCACY, u.start, u.end, unit_text, "", "",
                             "")))
    return rows


def _model_pairs(art: _Article, scores: list[_Score]) -> dict[tuple[int, int], tuple[str, tuple[int, int]]]:
    """``{(start, end): (sentence, span in it)}`` of the ``model_spans`` of ``scores``: the sentence holding each
    mention."""
    pairs: dict[tuple[int, int], tuple[str, tuple[int, int]]] = {}
    for sc in scores:
        for a, b in sc.model_spans:
            i = art.sentence_index(a)
            if i is not None and (a, b) not in pairs and b <= art.sentences[i][1]:
                start, end = art.sentences[i][:2]
                pairs[a, b] = (art.text[start:end], (a - start, b - start))
    return pairs


def _model_scores(pairs: list[dict[tuple[int, int], tuple[str, tuple[int, int]]]], knowledge: Knowledge
                  ) -> list[dict[tuple[int, int], tuple[float, tuple[str, ...]]]]:
    """Per article of ``pairs`` (``_model_pairs``), ``{(start, end): (score, words)}``: ``target_sentiment`` of
    each mention in its sentence, and the words of its evidence that push the score's way."""
    found = iter(score_mentions([t for p in pairs for t, _ in p.values()], [s for p in pairs for _, s in p.values()],
                                knowledge=knowledge))
    return [{span: (score, _pushing(evidence, score)) for span, (_, score, evidence) in zip(p, found)} for p in pairs]


def _pushing(evidence: Evidence, score: float) -> tuple[str, ...]:
    """The words of a ``target_sentiment`` evidence with the sign of ``score`` and, rounded to 2 decimals as
    its ``evidence`` column shows them, at least MODEL_EVIDENCE."""
    return tuple(w for w, v in evidence if (shown := round(v, 2)) * score > 0 and abs(shown) >= MODEL_EVIDENCE)


def clip(x: float) -> float:
    """``x`` rounded to 4 decimals and clipped to [-1, 1]; a numpy float (a stance with clause sentiment) is
    rounded as numpy rounds it: x·10⁴ to the nearest even integer, then ÷10⁴ (done in plain floats, faster)."""
    if isinstance(x, np.floating):
        y = float(x) * 10000.0
        return max(-1.0, min(1.0, (float(round(y)) or math.copysign(0.0, y)) / 10000.0))
    return max(-1.0, min(1.0, round(x, 4)))
