"""Stage 4 — who is speaking: mention resolution and the ``speakers`` frame.

``ArticleSpeakers`` resolves the words naming a speaker ("Peskov", "he", "the Dutch politician",
"the Head of State") to a canonical name using the actors table and the article's own earlier
descriptions of people (appositions and titles before names). ``speaker_table`` counts quotes
and quoted words per (article, speaker).
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .actors import ActorMatcher, fold, name_key
from .frames import COLUMNS, empty
from .knowledge import Knowledge, resolve, read_table

UPPER = "".join(chr(c) for c in range(0x250) if chr(c).isupper())
LOWER = "".join(chr(c) for c in range(0x250) if chr(c).islower())
# A word; a lower-case letter glued to a capital starts a new word ("Kim Jong-unChairman": site tooltip junk).
WORD = re.compile(rf"[\w'’.\-](?:[\w'’.\-](?<![{LOWER}][{UPPER}]))*(?<=\w)")
POSSESSIVE = re.compile(r"['’]s$")
TITLE_BEFORE = re.compile(r"\b(\w+)\.?\s+$")   # the word right before a name ("Mrs", "Queen"), read by _title_before
TITLE_WINDOW = 20   # characters before a name where that word is looked for


# Patterns used inside functions, compiled once (named for what they match).
SENTENCE_START_BEFORE = re.compile(r"(?:^|[.!?:]['\"”’»]?\s+|\n\s*|(?:^|\n)\s*[-–—•*]\s+)$")
BULLETS = "-–—•*"   # marks opening a list item at the start of a line
INTRO_OR_TITLE_BEFORE = re.compile(r"(?:^|[.!?]\s+|\n\s*)(?:[A-Z][\w']*(?:\s+\w+){0,5},\s+|(?:Mr|Mrs|Ms|Dr)\.?\s+)$")
INTRO_OR_TITLE_ENDS = (",", "Mr", "Mrs", "Ms", "Dr", "Mr.", "Mrs.", "Ms.", "Dr.")   # before its final spaces
TITLE_WORD = re.compile(r"[\w'’\-]+")
CHAIN_WORD = re.compile(r"[^\S\n]*([\w'’\-]+)")   # the next of the TITLE_WORDs apart by spaces only (not a line break)
DESCRIPTION_BEFORE = re.compile(r"(?:^|[.,;:]\s+|\n)((?:[Tt]he\s+)?[^,.;:\n]{3,80}),\s*$")
FRONTED_PLACE = re.compile(r"(?:^|[.!?]\s+|\n)(?:In|At|From|Near|Outside)\s+$")   # "In Oslo, …" opening a sentence
APPOSITION_AFTER = re.compile(r",\s+([^,.;:\n\"“”]{3,90}?)\s*(?:,|\.(?:\s|$)|$)")
# "of the European Greens": the body or place a name is of, before the apposition that describes the person
CAPITALISED = r"[A-Z][\w'’\-]*"
AFFILIATION_AFTER = re.compile(rf"\s+(?:of|from)\s+(?:the\s+)?{CAPITALISED}(?:\s+(?:(?:and|of|for|the)\s+)?{CAPITALISED})*")
AFFILIATION_BEFORE = re.compile(rf"{CAPITALISED}\s+(?:of|from)\s+(?:the\s+)?(?:{CAPITALISED}\s+(?:(?:and|of|for|the)\s+)?)*$")
SENTENCE_BREAK = re.compile(r"[.!?][\"”’]?\s+|\n")
BODY_OPENING = re.compile(r"(?:^|(?<=[.!?])\s+|\n)((?:[Tt]he\s+)?(?:[\w'’\-]+\s+){1,6})")   # "The Russian embassy in …"
TITLE_JOINERS = frozenset({"of", "for"})   # inside a title before a name ("Commissioner for Human Rights")
INDEFINITE = re.compile(r"\s*an?\s", re.IGNORECASE)   # "a senior diplomat": someone new
AGE = re.compile(r"\b\d{1,3}-year-old\b")   # "the 62-year-old": a person described by age
# Head concepts too wide to tell one unnamed source from another ("the government" is no "Ministry of Health").
GENERIC_HEADS = frozenset({"person", "institution"})
# Words before a place that make it where someone is, not whose they are ("a diplomat in Moscow").
WHERE_WORDS = frozenset({"in", "at", "near", "from", "to", "outside", "inside", "across", "visiting"})
# "Her colleague, …, Andriy, was", "His neighbour, Ann Lee, a 45-year-old nurse, is",
# "…, Olga, who sells milk, pointed"
APPOSED_SUBJECT = re.compile(r"(?:,\s+(?:an?|the|who|whose)\s+[^,.;:!?\"“”]{1,60})?,\s+"
                             r"(?:was|were|is|has|had|said|says|told|[a-z]+ed)\b")
INVERTED_OPENING = re.compile(r"\s*(?:Among|Also|Alongside|Beside|Behind|Next|With|"
                              r"(?!During|According|Following|Regarding|Concerning|Including)[A-Z][a-z]+ing)\b")
COPULA_BEFORE = re.compile(r"\b(?:was|were|is)\s+$")   # an inverted subject: "Among those waiting was Ann Lee"
NEXT_WORD = re.compile(r"[ \t]+([\w'’\-]+)")
CLAUSE_WORD = re.compile(r"\b(?:that|who|which|said|says)\b")   # a clause, not a title, around "…, Name,"
LEADING_THE = re.compile(r"^(?:[Tt]he)\s+")
LEADING_ARTICLE = re.compile(r"^(?:[Tt]he|[Aa]n?)\s+")
JOINED = re.compile(r"\s(?:of|to|at|for|in|on|from)\s")   # "the ambassador to the UN", "officials in Kyiv"
STATE_FORM = frozenset({"state_form"})   # data/role_words.csv concept of a word of a state's formal name
# words opening a source's description, left out of its label ("a senior diplomat", "two officials")
SOURCE_OPENING = re.compile(r"^(?:[Tt]he|[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome|[Mm]any)\s+")
WHERE_FROM = re.compile(r"\b[a-z]+\s+(?:in|from|near)\s+(?:the\s+)?$")   # "a trader in [the] …" before a name
TRAILING_PARTICIPLE = re.compile(r"(?:\s+[a-z]+(?:ed|ing))+$")
PLAIN_WORD = re.compile(r"[\w'’.\-]+")
DESCRIPTION_JOINERS = frozenset({"the", "of", "to", "at", "for", "in", "on", "from", "and"})   # after the role word
COORDINATED = re.compile(r"\sand\s+(?:the|a|an)\s")   # "the President of X and the President of Y": two people
NOT_SPEAKER_CONCEPTS = frozenset({"portfolio", "region", "statement"})   # role_words concepts that name no source
NAMED_OFFICE = "leader"   # a concept of offices whose holders the news always names ("the President of X")
POSSESSIVE_S = re.compile(r"['’]s\b")
NOT_WORD = re.compile(r"[^\w\s]")
GENDER_WORD = re.compile(r"[\w']+")
POSSESSOR = re.compile(r"(?:[Ii]ts|[Tt]heir)\s")   # "Its representative", "their spokesman"
NAME_OF = re.compile(r"(.+?)\s+(?:of|from)\s")   # 'Sen. Jo Lind of Iowa'
TOPIC_OF = re.compile(r"([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)\s+of\s+the\s")   # 'Zelensky of the Russians'
GLUED = re.compile(r"[a-z][A-Z]")   # a role a site glued to a name ("Jong-unChairman"; also "McFaul": left alone)
# words between a title and its object ("Head of Udmurtia", "the embassy in Riga")
TITLE_OBJECT_BEFORE = frozenset({"of", "for", "to", "in"})
# "MOSCOW - ", "KYIV, May 16 (Wire) - ": the place a report comes from, opening its first paragraph
DATELINE = re.compile(r"^[A-Z]{2}[A-Z .'’\-]*(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})?\s+[-—–]\s+")
PARTY_STATE = re.compile(r"\s*\([^()]{1,24}\)?\s*$")   # a closing parenthesis, or one cut off ('(D-Mo')

@lru_cache(maxsize=65536)
def clean_name(run: str, honorifics: frozenset[str]) -> tuple[str, int] | None:
    """(words joined by one space, number of words) of a written name, honorifics dropped and a name repeated
    by a site's tooltip ("Alexander Lukashenko Lukashenko Alexander") once; None when nothing is left."""
    words = run.split()
    while words and fold(words[0]) in honorifics:
        words = words[1:]
    if not words:
        return None
    half = len(words) // 2
    if len(words) % 2 == 0 and sorted(words[:half]) == sorted(words[half:]):
        words = words[:half]
    return " ".join(words), len(words)


def title_case(line: str) -> bool:
    """A Title Case heading ('Senator Blasts Budget Plan In Late Vote'): all its words of four letters or more
    are capitalised, so where a name ends cannot be read from capitals."""
    words = [w for w in line.split() if len(w) > 3]
    return len(words) >= 3 and all(w[0].isupper() or not w[0].isalpha() for w in words)


def _glued(text: str, at: int) -> str:
    """The non-space characters right before ``at`` (at most 3: all a sentence-gap check looks at)."""
    before = text[max(0, at - 3):at]
    return "" if not before or before[-1].isspace() else before.split()[-1]


def _title_before(text: str, start: int) -> str | None:
    """``TITLE_BEFORE.search(text, max(0, start - TITLE_WINDOW), start).group(1)`` (None without a match), read
    backwards: the spaces before ``start``, an optional period, then a whole word inside the window."""
    lo = max(0, start - TITLE_WINDOW)
    q = start
    while q > lo and text[q - 1].isspace():
        q -= 1
    if q == start:
        return None
    if q > lo and text[q - 1] == ".":
        q -= 1
    p = q
    while p > 0 and (text[p - 1].isalnum() or text[p - 1] == "_"):   # a word is all \w; \b sees before the window
        p -= 1
    return text[p:q] if lo <= p < q else None


def _chain_word(backwards: str, chain: list[re.Match], i: int) -> str | None:
    """The ``i``-th of the words apart by spaces only that open ``backwards`` (a reversed text), in reading
    order; ``chain`` holds the words matched so far. None past the last."""
    while len(chain) <= i:
        m = CHAIN_WORD.match(backwards, chain[-1].end() if chain else 0)
        if m is None:
            return None
        chain.append(m)
    return chain[i].group(1)[::-1]


def _sentence_gap(text: str, end: int, nxt: int, honorifics: frozenset[str]) -> bool:
    """A period between two capitalised words ends a sentence unless it closes an initial ("George W. Bush")."""
    if "." not in text[end:nxt]:
        return False
    word = text[max(0, end - 4):end].split()[-1:]
    return not word or not (len(word[0]) == 1 or fold(word[0]) in honorifics)


def _after_sentence_end(before: str, core: str) -> bool:
    """``SENTENCE_START_BEFORE.search(before)`` for a non-blank ``before`` whose rstrip is ``core``, without
    scanning: a line break in the trailing space, or [.!?:] (and a closing mark) right before it."""
    if len(core) == len(before):
        return False
    if "\n" in before[len(core):]:
        return True
    head = core[:-1].rstrip()
    if core[-1] in BULLETS and (not head or "\n" in core[len(head):-1]):
        return True   # a list item: "- Asked about …"
    return core[-1] in ".!?:" or core[-1] in "'\"”’»" and len(core) > 1 and core[-2] in ".!?:"


@dataclass(frozen=True)
class Vocabulary:
    """Role words, nationalities and pronouns from ``data/``."""
    concepts: dict[str, frozenset[str]]      # word or phrase -> concepts
    phrases: tuple[str, ...]                 # multi-word role phrases, longest first
    places: dict[str, str]                   # folded nationality/place/country word -> country (folded)
    nationalities: dict[str, str]            # folded nationality adjective or country name -> country (folded)
    pronouns: dict[str, str]                 # pronoun -> number
    desc_words: frozenset[str]               # words that describe rather than name
    place_types: frozenset[str]              # words that make capitalised words a place ("Territory", "Region")
    genders: dict[str, str]                  # pronoun, title word or canonical name -> male | female
    function_words: frozenset[str]           # grammar words that never begin a name (data/function_words.txt)
    first_names: dict[str, str]              # folded first name -> male | female (data/first_names.csv)
    honorifics: frozenset[str]               # titles dropped before a name (data/name_words.csv)
    particles: frozenset[str]                # lower-case words inside names (data/name_words.csv)
    capital_run: re.Pattern                  # capitalised words, particles between them: where names are looked for


def _csv(path: Path) -> list[dict]:
    return read_table(path).to_dict("records")


VOCABULARY_TABLES = ("role_words.csv", "nationalities.csv", "places.csv", "pronouns.csv", "genders.csv",
                     "function_words.txt", "first_names.csv", "name_words.csv", "place_types.csv")


def vocabulary(knowledge: Knowledge | None = None) -> Vocabulary:
    """The vocabularies of ``knowledge`` (default: ``data/``): role words, nationalities, places, pronouns, genders."""
    return resolve(knowledge).load(VOCABULARY_TABLES, _parse_vocabulary)


def _parse_vocabulary(role_path: Path, nat_path: Path, place_path: Path, pron_path: Path,
                      gender_path: Path, function_path: Path, first_name_path: Path,
                      name_word_path: Path, place_type_path: Path) -> Vocabulary:
    concepts: dict[str, frozenset[str]] = {}
    for row in _csv(role_path):
        concepts[fold(row["word"]).strip()] = frozenset(c.strip() for c in row["concepts"].split(";") if c.strip())
    places: dict[str, str] = {}
    for row in _csv(nat_path):
        country = fold(row["country"]).strip()
        places[country] = country
        places[fold(row["adjective"]).strip()] = country
    nationalities = dict(places)
    for row in _csv(place_path):
        places[fold(row["place"]).strip()] = fold(row["country"]).strip()
    pronoun_rows = _csv(pron_path)
    pronouns = {r["pronoun"].strip().lower(): r["number"].strip() for r in pronoun_rows}
    genders = {r["pronoun"].strip().lower(): r["gender"].strip() for r in pronoun_rows if r.get("gender", "").strip()}
    genders |= {r["word"].strip(): r["gender"].strip() for r in _csv(gender_path)}
    words = {w for key in [*concepts, *places] for w in re.split(r"[\s\-]+", key)}
    honorifics, particles, connectors = name_words(name_word_path)
    place_types = frozenset(fold(r["word"]).strip() for r in _csv(place_type_path))
    return Vocabulary(concepts, tuple(sorted((p for p in concepts if " " in p), key=len, reverse=True)),
                      places, nationalities, pronouns, frozenset(words | connectors | place_types), place_types,
                      genders,
                      _word_list(function_path),
                      {fold(r["name"]).strip(): r["gender"].strip() for r in _csv(first_name_path)},
                      honorifics, particles, re.compile(rf"[{UPPER}][\w'’.\-]*(?: (?:{particle_regex(particles)} )*"
                                                        rf"[{UPPER}][\w'’.\-]*)*"))


def name_words(path: Path, joiner: str = "connector") -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(honorifics, particles, words of kind ``joiner``) of a word,kinds table (``data/name_words.csv``)."""
    kinds: dict[str, set[str]] = {}
    for row in _csv(path):
        for kind in row["kinds"].split(";"):
            kinds.setdefault(kind.strip(), set()).add(row["word"].strip())
    return tuple(frozenset(kinds.get(k, ())) for k in ("honorific", "particle", joiner))


def particle_regex(particles: frozenset[str]) -> str:
    """A group matching any one of ``particles``."""
    return f"(?:{'|'.join(sorted(particles))})"


def _word_list(path: Path) -> frozenset[str]:
    """The lower-case words of a one-word-a-line file (lines opening with '#' are comments)."""
    with open(path, encoding="utf-8") as f:
        return frozenset(w.strip().lower() for w in f if w.strip() and not w.lstrip().startswith("#"))


_NAME_WORDS: dict[int, dict[str, bool]] = {}
_DESCRIBING: dict[int, dict[str, bool]] = {}
_RUN_NAMES: dict[int, dict[str | tuple[str, str], tuple]] = {}
_GENDERS: dict[tuple[int, str], str | None] = {}
_TERMS: dict[tuple[int, str], tuple[list[frozenset[str]], frozenset[str]]] = {}


def description_terms(phrase: str, vocab: Vocabulary) -> tuple[list[frozenset[str]], frozenset[str]]:
    """Concept sets of the content words of a description, and the concepts of its head word (memoised)."""
    key = (id(vocab), phrase)
    if key not in _TERMS:
        if len(_TERMS) > 100_000:
            _TERMS.clear()
        _TERMS[key] = _description_terms(phrase, vocab)
    return _TERMS[key]


def _description_terms(phrase: str, vocab: Vocabulary) -> tuple[list[frozenset[str]], frozenset[str]]:
    """Concept sets of the content words of a description, and the concepts of its head word.

    The head is the role word before the first "of"/"to" ("Adviser to the Head of ..." -> adviser).
    """
    text = " " + POSSESSIVE_S.sub(" ", fold(phrase)).replace("-", " ") + " "
    text = NOT_WORD.sub(" ", text)
    for p in vocab.phrases:
        if p in text and f" {p} " in text:
            text = text.replace(f" {p} ", f" {p.replace(' ', '_')} ")
    terms: list[frozenset[str]] = []
    forms: list[frozenset[str]] = []   # words of a state's formal name (concept state_form)
    head: frozenset[str] = frozenset()
    head_done = False
    for word in text.split():
        if word in ("of", "to", "for"):
            head_done = head_done or bool(head)
            continue
        if word in ("the", "a", "an", "and", "his", "her", "its"):
            continue
        key = word.replace("_", " ")
        if vocab.concepts.get(key) == STATE_FORM:
            forms.append(frozenset({key}))
            continue
        if key in vocab.concepts:
            found = vocab.concepts[key] | {key}
        elif key in vocab.places:
            found = frozenset({key, vocab.places[key]})
        else:
            found = frozenset({key})
        terms.append(found)
        if key in vocab.concepts and not head_done:
            head = found
    if forms and not any(t & set(vocab.places.values()) for t in terms):
        terms += forms   # "the Republic of Poland" is Poland; "the Head of the Republic" (of Dagestan) keeps it
    return terms, head


@dataclass
class Person:
    """Someone the article names, with the descriptions it gives them."""
    name: str
    first: int
    descriptions: list[str] = field(default_factory=list)
    is_place: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)   # where the name occurs (descriptions read lazily)
    gender: str | None = None   # from a title right before the name ("Mrs", "Queen")


class NameReader:
    """How the names in a text and the titles before them are read, by ``ArticleSpeakers`` and ``helpers.acts``:
    capitalised words that are no role, place or grammar word, a run cut at a known first name ('Pushkin Museum
    Marina Loshak'), and the role, place and connecting words right before a name ('Prime Minister of Israel')."""

    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self._name_words = _NAME_WORDS.setdefault(id(vocab), {})
        self._describing = _DESCRIBING.setdefault(id(vocab), {})
        self._run_memo = _RUN_NAMES.setdefault(id(vocab), {})

    def names_in(self, text: str, start: int, end: int) -> list[tuple[int, int, tuple[str, int]]]:
        """(start, end, name cleaned by ``clean_name``) of the names in the capitalised runs of ``text[start:end]``."""
        out = []
        for run in self.vocab.capital_run.finditer(text, start, end):
            at, written = run.start(), run.group()
            glued = "" if "." not in written else _glued(text, at)
            out += [self.title_object_cut(text, at + a, at + b, name) for a, b, name in self._run_names(written, glued)
                    if name]
        return out

    def title_object_cut(self, text: str, a: int, b: int, name: tuple[str, int]) -> tuple[int, int, tuple[str, int]]:
        """A name of three words or more right after a title's "of" ("the") and describing words, none of them a
        country, not opening with a known first name, less its first word, the title's object (a country or body the
        vocabulary lacks): 'President of Uzbekistan Shavkat Mirziyoyev' -> 'Shavkat Mirziyoyev' ('Ambassador of India
        Harsh Kumar Jain' stays: its title names the country); else ``(a, b, name)`` unchanged."""
        words = name[0].split()
        if name[1] < 3 or fold(words[0]) in self.vocab.first_names:
            return a, b, name
        before = text[max(0, a - 60):a].split()
        while before and before[-1][0] in UPPER and self._describes(before[-1]):
            word = fold(POSSESSIVE.sub("", before.pop()))
            if self.vocab.places.get(word) == word:
                return a, b, name
        title = self.title_before(text, a) if before[-1:] == ["of"] or before[-2:] == ["of", "the"] else None
        if title is None or not self.has_role(text[title:a]):
            return a, b, name
        first = text.find(words[0], a, b)
        cut = text.find(words[1], first + len(words[0]), b) if first >= 0 else -1
        rest = clean_name(POSSESSIVE.sub("", text[cut:b]), self.vocab.honorifics) if cut >= 0 else None
        return (cut, b, rest) if rest else (a, b, name)

    def title_before(self, text: str, start: int) -> int | None:
        """Where the title words right before the name at ``start`` begin ('Prime Minister of Israel '), or None."""
        lo = max(0, start - 120)
        found = self._title_start(text[lo:start])
        return None if found is None else lo + found

    def _run_names(self, run: str, glued: str) -> tuple[tuple[int, int, tuple[str, int] | None], ...]:
        """(start, end, cleaned name) of the names in a capitalised run, ``glued`` the non-space text before it
        (it decides whether a period closes an initial), remembered per vocabulary (by the run alone when nothing is
        glued)."""
        key, memo = (glued, run) if glued else run, self._run_memo
        if key not in memo:
            if len(memo) > 200_000:
                memo.clear()
            spans, shift, full = [], len(glued), glued + run
            particles, honorifics = self.vocab.particles, self.vocab.honorifics
            start = None
            for m in WORD.finditer(run):
                if start is not None and _sentence_gap(full, end + shift, m.start() + shift, honorifics):
                    spans.append((start, end))
                    start = None
                if start is not None and m.group() in particles:
                    continue
                if self.is_name_word(m.group()):
                    start = m.start() if start is None else start
                    end = m.end()
                    continue
                if start is not None:
                    spans.append((start, end))
                start = None
            if start is not None:
                spans.append((start, end))
            spans = [(self._first_name_start(run, a, b), b) for a, b in spans]
            memo[key] = tuple((a, b, clean_name(POSSESSIVE.sub("", run[a:b]), honorifics)) for a, b in spans)
        return memo[key]

    def _first_name_start(self, run: str, a: int, b: int) -> int:
        """Start of the person's name in the run ``run[a:b]`` of three words or more: at a known first name
        (data/first_names.csv) that follows words other than first names and titles and precedes a surname
        ('Pushkin Museum Marina Loshak', 'Meet Alexander Khurudzhi'); else ``a``."""
        words = run[a:b].split()
        if len(words) < 3:
            return a
        first_names, honorifics = self.vocab.first_names, self.vocab.honorifics
        i = next((i for i, w in enumerate(words[:-1]) if fold(w) in first_names), 0)
        if i == 0 or all(fold(w) in honorifics for w in words[:i]):
            return a
        return a + run[a:b].index(" " + words[i]) + 1

    def is_name_word(self, w: str) -> bool:
        known = self._name_words.get(w)
        if known is None:
            known = self._name_words[w] = self._check_name_word(w)
        return known

    def _check_name_word(self, w: str) -> bool:
        if w[0] not in UPPER or (len(w) > 1 and w.isupper()):
            return False
        base = fold(POSSESSIVE.sub("", w)).rstrip(".")
        if base in self.vocab.function_words:
            return False
        if base in self.vocab.particles:   # capitalised inside a name: "Bart De Wever", "Van Rompuy"
            return True
        return not all(part in self.vocab.desc_words for part in base.split("-") if part)

    def _title_start(self, before: str) -> int | None:
        """Where the title words right before a name start in ``before``, or None."""
        backwards = before[::-1]
        chain: list[re.Match] = []   # the words separated by spaces only, read from the end as far as needed
        k = 0
        while (word := _chain_word(backwards, chain, k)) is not None:
            if self._describes(word):
                k += 1
                continue
            j = k   # "Governor of the Tula Region": names inside a title follow "of", "for" or "the"
            while word is not None and word[0] in UPPER and not self._describes(word):
                j += 1
                word = _chain_word(backwards, chain, j)
            if j == k or word not in ("of", "for", "the"):
                break
            k = j
        return len(before) - chain[k - 1].end(1) if k else None

    def _describes(self, word: str) -> bool:
        """Whether every part of ``word`` is a role, place or connecting word (memoised per word)."""
        known = self._describing.get(word)
        if known is None:
            known = self._describing[word] = self._check_describes(word)
        return known

    def _check_describes(self, word: str) -> bool:
        base = fold(POSSESSIVE.sub("", word))
        return all(part in self.vocab.desc_words for part in base.split("-") if part)

    def has_role(self, phrase: str) -> bool:
        return len(phrase.split()) <= 14 and bool(description_terms(phrase, self.vocab)[1])

    def title_only(self, phrase: str) -> bool:
        """Whether ``phrase`` is a title and nothing else: role, place and connecting words with a role among them
        ("Deputy Head of the Office of the President")."""
        return all(self._describes(w) for w in TITLE_WORD.findall(phrase)) and self.has_role(phrase)


class ArticleSpeakers(NameReader):
    """Resolves speaker mentions of one article to canonical names."""

    def __init__(self, text: str, matcher: ActorMatcher, vocab: Vocabulary, skip: list[tuple[int, int]] = (),
                 headings: list[tuple[int, int]] = ()):
        super().__init__(vocab)
        self.text, self.matcher = text, matcher
        self.people: dict[str, Person] = {}
        self.subjects: list[tuple[int, str]] = []   # (offset, canonical) of people starting a sentence
        self.spoke: list[tuple[int, str]] = []       # (offset, canonical) of resolved speakers
        self._person_like: dict[str, bool] = {}      # ``_may_be_person`` of each name asked about
        self._profiles: dict[tuple[str, int], tuple[set[str], set[str]]] = {}
        self._parts: dict[str, str] = {}   # name_key of each word of an earlier full name -> that name
        self._tokens: frozenset[str] | None = None   # the article's word tokens (``_common_word``)
        self._scan(skip, headings)

    # ---- names found anywhere in the article ---------------------------------------------
    def _scan(self, skip, headings) -> None:
        """Register the names of capitalised runs outside ``skip``; in ``headings`` (Title Case lines, where capitals
        do not end a name: 'Senator Jo Lind Slams Plan') a name is a known actor, a label ('Jo Lind: …') or the part
        of it the text repeats after them."""
        text, register = self.text, self._register
        skip = sorted(skip)
        k, n_skip = 0, len(skip)
        memo = self._run_memo
        for run in self.vocab.capital_run.finditer(text):
            at = run.start()
            while k < n_skip and skip[k][1] <= at:
                k += 1
            if k < n_skip and skip[k][0] <= at:
                continue
            written = run.group()
            glued = "" if "." not in written else _glued(text, at)
            names = memo.get((glued, written) if glued else written)
            if names is None:
                names = self._run_names(written, glued)
            head_end = next((e for s, e in headings if s <= at < e), None)
            for start, end, name in names:
                if head_end is not None and name and not (self.matcher.match(name[0]) or text.startswith(":", at + end)):
                    a, b = self._repeated_part(at + start, at + end, head_end)
                    if b:
                        register(a, b, clean_name(POSSESSIVE.sub("", text[a:b]), self.vocab.honorifics))
                    continue
                a, b = at + start, at + end
                cut, b, name = self.title_object_cut(text, a, b, name) if name and name[1] > 2 else (a, b, name)
                register(cut, b, name, text[a:cut])

    def _repeated_part(self, start: int, end: int, after: int) -> tuple[int, int]:
        """The longest run of two words or more of the heading name ``text[start:end]`` that the text repeats after
        ``after`` ('Ann Lee' of 'Surgeon Ann Lee Blasts Plan'), (start, 0) when there is none."""
        words = list(WORD.finditer(self.text, start, end))
        for n in range(len(words), 1, -1):
            for i in range(len(words) - n, -1, -1):
                a, b = words[i].start(), words[i + n - 1].end()
                if self.text.find(self.text[a:b], after) >= 0:
                    return a, b
        return start, 0

    def _starts_sentence(self, pos: int) -> bool:
        if pos > 1 and self.text[pos - 1] == " " and self.text[pos - 2].isalnum() and self.text[pos - 2] not in "rs":
            return False   # after a word and one space: no sentence end, comma or "Mr"/"Mrs"/"Ms"/"Dr" before it
        before = self.text[max(0, pos - 40):pos]
        core = before.rstrip()
        if not core or _after_sentence_end(before, core):
            return True
        # "For his part, Trump ..." / "Mr Putin ..." at the start of a sentence (the pattern ends so)
        return len(core) < len(before) and core.endswith(INTRO_OR_TITLE_ENDS) and \
            bool(INTRO_OR_TITLE_BEFORE.search(before))

    def _title_opening(self, start: int) -> int:
        """Where the title words right before a name begin ('Democratic Sen. Jo Lind', 'Ohio Gov. Jo Lind',
        "Russia's envoy Jo Lind", 'German Green MEP Jo Lind', 'Acme Commissioner for Human Rights Jo Lind'): role,
        place and honorific words, read backwards, with the names of bodies and "for"/"of" among them up to the
        first of those words."""
        text = self.text
        opening, titled, loose = start, False, 0
        while start > 1 and text[start - 1] == " " and not text[start - 2].isspace():
            lo = max(0, start - 30)
            p = max(text.rfind(" ", lo, start - 1), text.rfind("\n", lo, start - 1)) + 1
            word = text[p:start - 1]
            folded = fold(word)
            if folded not in self.vocab.function_words and (self._describes(word) or folded in self.vocab.honorifics):
                titled, loose = True, 0
            elif titled and loose < 2 and word.isalpha() and word.islower() and folded not in self.vocab.function_words:
                loose += 1   # "EU foreign policy chief Kaja Kallas": words of a title the role table lacks
                start = p
                continue
            elif not (word[:1] in UPPER and word[-1:].isalnum() and folded not in self.vocab.function_words
                      or folded in TITLE_JOINERS):
                break
            else:
                loose = 0
            start = p
            opening = start if titled else opening
        return opening

    def _register(self, start: int, end: int, name: tuple[str, int] | None, title_object: str = "") -> None:
        """Record the person a name found at ``text[start:end]`` (cleaned: ``name``) stands for; the words of the
        ``title_object`` cut off before it (``title_object_cut``) still find that person, as they did in the name."""
        canonical = self._canonical(name, start) if name and not (name[1] == 1 and self._object_of_title(start)) \
            else None
        if canonical is None:
            return
        person = self.people.get(canonical) or self._add(canonical, start, False)
        for part in name_key(title_object).split() if not person.is_place else ():
            self._parts.setdefault(part, canonical)
        person.spans.append((start, end))
        if not person.gender:
            title = _title_before(self.text, start)
            if title:
                person.gender = self.vocab.genders.get(fold(title))
        if not person.is_place and (self._starts_sentence(self._title_opening(start)) or self._inverted(start)
                                    or self._apposed(start, end) or self._for_topic(start)) \
                and not self._titles_next(end):
            self.subjects.append((start, canonical))   # also "Among those waiting was Ann Lee", "A nurse, Ann, said"

    def _may_be_person(self, name: str) -> bool:
        """Whether "he" or "she" may refer to ``name``: no organisation of the actors table or institution."""
        known = self._person_like.get(name)
        if known is None:
            known = self._person_like[name] = self.matcher.info.get(name, {}).get("kind", "person") == "person" \
                and self.institution(name) is None
        return known

    def _apposed(self, start: int, end: int) -> bool:
        """Whether the name at ``text[start:end]`` is set off by commas right before its verb ("Her colleague, a
        nurse, Andriy, was more guarded"; not "the so-called Danzig Corridor, was used")."""
        return self.text.startswith(", ", max(0, start - 2)) and bool(APPOSED_SUBJECT.match(self.text, end))

    def _for_topic(self, start: int) -> bool:
        """Whether the name at ``start`` follows a sentence-opening "For" ("For Anna Kowal, who runs the aid point,
        the talk of peace has brought …"): the person the sentence is about, whom "she" then refers to."""
        return self.text.startswith("For ", start - 4) and self._starts_sentence(start - 4)

    def _inverted(self, start: int) -> bool:
        """Whether the name at ``start`` is the subject after the verb of a sentence opening with a place or a
        participle ("Among those waiting was Ann Lee", "Joining him was Ann Lee"; not "The theme is Creative …")."""
        if not COPULA_BEFORE.search(self.text, max(0, start - 6), start):
            return False
        lo = max([0] + [m.end() for m in SENTENCE_BREAK.finditer(self.text, max(0, start - 200), start)])
        return bool(INVERTED_OPENING.match(self.text, lo))

    def _titles_next(self, end: int) -> bool:
        """Whether a role word follows the name ending at ``end`` ("Verkhovna Rada Commissioner …", "Acme spokesman";
        not "Koval's company"): the name is part of the title of whoever comes next, not the sentence's subject."""
        m = NEXT_WORD.match(self.text, end)
        return bool(m) and self._describes(m.group(1)) and not POSSESSIVE.search(self.text, end - 2, end) \
            and bool(description_terms(m.group(1), self.vocab)[1])

    def _object_of_title(self, start: int) -> bool:
        """Whether the title words right before ``start`` end in "of", "for" or "to" ("the head of Udmurtia"): the
        name there is the title's object, no person."""
        before = self.text[max(0, start - 30):start].split()
        if not before or before[-1] not in TITLE_OBJECT_BEFORE and not self._describes(before[-1]):
            return False   # cheap first: no "of", "the" or place word right before
        title = self.title_before(self.text, start)
        return title is not None and self.ends_in_title_of(self.text[title:start])

    def ends_in_title_of(self, before: str) -> bool:
        """Whether the words ``before`` a name are a title and "of", "for" or "to" (and "the"): the name is the
        title's object ("the head of Udmurtia", "a spokesman for Lind")."""
        words = before.split()
        if len(words) > 1 and words[-2] == "the" and fold(words[-1]) in self.vocab.places:
            words.pop()   # "President of the Norwegian Storting"
        if words[-1:] == ["the"]:
            words.pop()
        return len(words) > 1 and words[-1] in TITLE_OBJECT_BEFORE and self.has_role(" ".join(words))

    def _descriptions_around(self, start: int, end: int) -> list[str]:
        """Title before the name ("Turkish Foreign Minister"), appositions ("X, presidential spokesman,")."""
        text, out = self.text, []
        before = text[max(0, start - 120):start]
        title = self.title_before(text, start)
        if title is not None and self.has_role(text[title:start]) and not self.ends_in_title_of(text[title:start]):
            out.append(text[title:start].strip())
        m = DESCRIPTION_BEFORE.search(before) if before.rstrip().endswith(",") else None   # the pattern ends so
        if m and self.has_role(m.group(1)) and not CLAUSE_WORD.search(m.group(1)):
            out.append(m.group(1))
        if AFFILIATION_BEFORE.search(text, max(0, start - 80), start):
            return out   # "X of the European Greens, an MEP,": the apposition describes X
        if FRONTED_PLACE.search(text, max(0, start - 12), start):
            return out   # "In Oslo, the Harbour Office said": the words after the comma are the subject
        affiliation = AFFILIATION_AFTER.match(text, end, end + 80)
        after = affiliation.end() if affiliation else end
        m = APPOSITION_AFTER.match(text, after, after + 120) if text.startswith(",", after) else None
        if m and self.has_role(m.group(1)) and not CLAUSE_WORD.match(m.group(1)):
            out.append(m.group(1))
        return out

    def role_phrase(self, phrase: str) -> bool:
        """'the regional head', 'The Governor of the region': 'the' and nothing but role and place words."""
        words = TITLE_WORD.findall(fold(phrase).replace("-", " "))
        return len(words) > 1 and words[0] == "the" and all(w in self.vocab.desc_words for w in words) and \
            self.has_role(phrase)

    def place_label(self, label: str) -> bool:
        """Whether a speaker label names a place: it ends with a word of data/place_types.csv and holds no role
        besides ("Perm Territory", "Tula Region"; not "Sadyr Japarov President of the Kyrgyz Republic")."""
        words = label.split()
        place_types = self.vocab.place_types
        return fold(words[-1]) in place_types and \
            not self.has_role(" ".join(w for w in words if fold(w) not in place_types))

    def canonical_name(self, run: str, pos: int) -> str | None:
        """Canonical name of a capitalised name ("Fidan" -> "Hakan Fidan" met earlier), or None."""
        name = clean_name(run, self.vocab.honorifics)
        return self._canonical(name, pos) if name else None

    def _canonical(self, name: tuple[str, int], pos: int) -> str | None:
        """``canonical_name`` of a name cleaned by ``clean_name``: (words joined, number of words)."""
        run, n_words = name
        hit, no_person, part = self._name_facts(run, n_words)
        if hit and n_words == 1 and not no_person and (earlier := self._namesake(name_key(run), hit, pos)):
            return earlier
        if hit:
            if no_person and hit not in self.people:
                self.people[hit] = Person(hit, len(self.text), is_place=True)
            return hit
        earlier = self._parts.get(part) if part else None
        if earlier and self.people[earlier].first < pos:
            return earlier
        place = fold(run) in self.vocab.places
        if n_words == 1 and not place and (self._starts_sentence(pos) and fold(run) not in self.vocab.first_names
                                           or self._common_word(run)):
            return None
        if run not in self.people:
            self._add(run, pos, place)
        return run

    def _common_word(self, word: str) -> bool:
        """Whether the article also writes ``word`` in lower case ("… Indeed, they" and "indeed"; "People’s
        Republic" and "people"): a common word, not a name, unless a first name of data/first_names.csv."""
        if self._tokens is None:   # read once per article, when first asked
            self._tokens = frozenset(TITLE_WORD.findall(self.text))
        low = word.lower()
        return low != word and low in self._tokens and fold(word) not in self.vocab.first_names

    def _add(self, name: str, pos: int, is_place: bool) -> Person:
        person = self.people[name] = Person(name, pos, is_place=is_place)
        if not is_place:
            for part in name_key(name).split():
                self._parts.setdefault(part, name)
        return person

    def _namesake(self, surname: str, actor: str, pos: int) -> str | None:
        """A person the article named before ``pos`` with ``surname`` last, other than the actors table's ``actor``
        the surname alone would name and the article has not named ("Vin Weber … Weber"; not "PMDonald Trump", a
        run glued to the actor's name)."""
        earlier = self._parts.get(surname)
        if not earlier or earlier == actor or earlier in self.matcher.info or self.people[earlier].first >= pos \
                or actor in self.people and self.people[actor].first < pos:   # "Donald Trump … Eric Trump … Trump"
            return None
        words = name_key(earlier).split()
        return earlier if words[-1] == surname and name_key(actor).split()[0] not in name_key(earlier) else None

    def _name_facts(self, run: str, n_words: int) -> tuple[str | None, bool, str | None]:
        """(actor matching a cleaned name, whether that actor is no person, else the key of the name's last word
        when longer than a letter): what the actors table alone says of the name."""
        hit = self.matcher.match(run) or n_words > 2 and self._known_after_first_word(run)
        if hit:
            return hit, self.matcher.info.get(hit, {}).get("kind", "person") != "person", None
        key = name_key(run)
        part = key if n_words == 1 else key.rsplit(" ", 1)[-1]
        return None, False, part if len(part) > 1 else None

    # ---- resolving a mention ---------------------------------------------------------------
    def resolve(self, mention: str, pos: int) -> tuple[str | None, float]:
        """Canonical speaker for the words ``mention`` found at ``pos``, with a confidence."""
        words = mention.strip().strip(",").split()
        if not words:
            return None, 0.0
        low = mention.strip().lower()
        if low in self.vocab.pronouns:
            if self.vocab.pronouns[low] == "body":
                who = self._body_before(pos)
                return who, 0.6 if who else 0.0
            if self.vocab.pronouns[low] != "singular":
                return None, 0.3
            gender = self.vocab.genders.get(low)
            who = self.salient(pos, gender, strict=True)
            if who:
                self._learn_gender(who, gender)
                return who, 0.75
            who = self._named_last(pos, gender)
            if who:
                return who, 0.6
            who = self.salient(pos, gender)   # machine translations confuse pronouns: the one candidate left
            return who, 0.5 if who else 0.0
        mention = PARTY_STATE.sub("", mention).strip() or mention   # 'Sen. Jo Lind (D-Iowa)'
        mention = DATELINE.sub("", mention) or mention   # "MOSCOW - Russia's Foreign Ministry"
        tokens = list(WORD.finditer(mention))
        name = self._person_of_topic(mention, pos) or self._trailing_name(mention, pos, tokens) \
            or self._glued_name(mention, pos, tokens) or self._name_before_of(mention, pos)
        if name:
            return name, 0.95
        if POSSESSOR.match(mention):   # "Its representative": the body's, not someone described so before
            body = self._body_before(pos)
            return (body, 0.6) if body else (None, 0.0)
        who = self.describe(mention, pos)
        if who:
            return who, 0.8
        body = self.institution(mention) or self.group(mention)
        return (body, 0.6) if body else (None, 0.0)

    def institution(self, mention: str) -> str | None:
        """The body a description names when no earlier name fits it ("the Ukrainian embassy", "Ukraine's
        agriculture ministry"): its words without a leading "the", when its head is a word of concept
        ``institution`` (data/role_words.csv) and another word says which body; the body speaks as one."""
        terms, head = description_terms(mention, self.vocab)
        if "spokesperson" in head and "institution" not in head:   # "a State Department spokesperson"
            return self._spoken_for(mention)
        if "institution" not in head or len(terms) < 2 or len(terms) > 6 or any(c in mention for c in "\"“”«»") \
                or not all(w[0] in UPPER and len(w) > 1 or self._describes(w) or w.lower() in ("the", "of", "for", "in")
                           for w in TITLE_WORD.findall(mention)):
            return None   # not a noun phrase of names and title words ("the Commission thanked the guests")
        return LEADING_THE.sub("", mention.strip())

    def group(self, mention: str) -> str | None:
        """A group a nationality and a plural role name ("Ukrainian officials", "the US diplomats"), which speaks as
        one: its words without "the"; not a bare plural ("officials said") nor a lone nationality."""
        words = LEADING_THE.sub("", mention.strip()).split()
        role = words[-1].lower() if len(words) > 1 else ""
        if not role.endswith("s") or "person" not in self.vocab.concepts.get(role[:-1], ()):
            return None
        return " ".join(words) if all(w[0] in UPPER and fold(w) in self.vocab.places for w in words[:-1]) else None

    def unnamed(self, mention: str, opens_sentence: bool = False) -> str | None:
        """A source the article describes and never names ("a senior European diplomat", "Western officials", "the
        British ambassador to the UN"): its words without the opening article, when a role word of
        data/role_words.csv (or its plural) ends the words before any "of"/"to"/"at", only capitalised, role, place
        and joining words follow, and a capitalised word that is no mere sentence opening says whose it is (not "a
        senior official", "Another journalist": they say no more than "someone"); not a leader's office ("the
        President of Turkey"), whose holder has a name the article or the actors table should give."""
        stripped = mention.strip()
        text = TRAILING_PARTICIPLE.sub("", SOURCE_OPENING.sub("", stripped))   # "a diplomat involved [in …]"
        words = text.split()
        core = JOINED.split(text, 1)[0].split()
        tail = words[len(core):]
        if not (1 <= len(core) <= 6 and len(words) <= 10 and all(PLAIN_WORD.fullmatch(w) for w in words)) \
                or COORDINATED.search(text) or any(fold(w) in self.vocab.function_words for w in core) \
                or len(core) == 1 and not tail or text == stripped and words[0][0] not in UPPER \
                or not self._source_head(core[-1]) \
                or not all(w[0] in UPPER or self._describes(w) or w.lower() in DESCRIPTION_JOINERS for w in tail):
            return None
        opening = opens_sentence and not SOURCE_OPENING.match(stripped)   # its first word is capitalised anyway
        if not any(w[0] in UPPER and (k or not opening or fold(POSSESSIVE.sub("", w)) in self.vocab.places
                                      or w.isupper()) for k, w in enumerate(words)):
            return None
        first = fold(POSSESSIVE.sub("", words[0]))
        return text[0].lower() + text[1:] if first in self.vocab.concepts else text   # one label for "Adviser …"

    def _source_head(self, word: str) -> bool:
        """Whether ``word`` (or its singular) is a role word of a person or body that may be a source: not a
        portfolio, region or statement, and not a leader's office."""
        key = fold(word)
        concepts = self.vocab.concepts.get(key) or (self.vocab.concepts.get(key[:-1]) if key.endswith("s") else None)
        return bool(concepts) and not concepts <= NOT_SPEAKER_CONCEPTS and NAMED_OFFICE not in concepts

    def _spoken_for(self, mention: str) -> str | None:
        """The body a spokesperson named by it speaks for: "a State Department spokesperson" -> State Department
        (the role words of concept ``spokesperson`` in data/role_words.csv end the description)."""
        words = LEADING_ARTICLE.sub("", mention.strip()).split()
        for k in (1, 2):   # "spokesman", "press secretary"
            role = description_terms(" ".join(words[-k:]), self.vocab)[1]
            if len(words) > k and "spokesperson" in role:
                return self.institution(" ".join(words[:-k]))
        return None

    def name_start(self, tokens: list[re.Match]) -> int:
        """Index of the first token of the name ending ``tokens`` (particles between name words count)."""
        k = len(tokens)
        while k > 0:
            j = k - 1
            while k < len(tokens) and j > 0 and tokens[j].group() in self.vocab.particles:
                j -= 1
            if not self.is_name_word(tokens[j].group()):
                return k
            k = j
        return k

    def name_end(self, tokens: list[re.Match]) -> int:
        """Number of tokens of the name opening ``tokens`` (particles between name words count)."""
        k = 0
        while k < len(tokens):
            j = k
            while k > 0 and j < len(tokens) - 1 and tokens[j].group() in self.vocab.particles:
                j += 1
            if not self.is_name_word(tokens[j].group()):
                return k
            k = j + 1
        return k

    def _trailing_name(self, mention: str, pos: int, tokens: list[re.Match]) -> str | None:
        """The name ending ``mention`` (words: ``tokens``), or the place it names; none where a one-word name is the
        object of the title before it ("the head of Udmurtia", "a spokesman for Lind": that title is the speaker)."""
        k = self.name_start(tokens)
        if k == len(tokens) - 1 and k > 1 and self.ends_in_title_of(mention[:tokens[k].start()]):
            return None
        if k == len(tokens):
            place = mention.strip()
            place = LEADING_THE.sub("", place)
            if fold(place) in self.vocab.places or self.matcher.match(place):
                return self.matcher.match(place) or place
            return None
        start = tokens[k].start()
        if WHERE_FROM.search(mention, 0, start):
            return None   # "a grain trader in Geneva": where the speaker is, not who
        name = self.canonical_name(POSSESSIVE.sub("", mention[start:tokens[-1].end()]), pos)
        if name and name in self.people and start > 0:
            self.people[name].descriptions.append(mention[:start])
        return name

    def _name_before_of(self, mention: str, pos: int) -> str | None:
        """The name of two or more words before 'of'/'from' ('Sen. Jo Lind of Iowa', 'Al Roe from the Cato
        Institute'), when the whole mention ends in no name and the words before the name are titles or descriptions
        ('the Chamber of Commerce' is an organisation's whole name)."""
        head = NAME_OF.match(mention)
        tokens = list(WORD.finditer(head.group(1))) if head else []
        if len(tokens) - self.name_start(tokens) < 2 or LEADING_THE.match(mention) or \
                not all(t.group()[0] in UPPER or fold(t.group()) in self.vocab.desc_words for t in tokens):
            return None
        return self._trailing_name(head.group(1), pos, tokens)

    def _person_of_topic(self, mention: str, pos: int) -> str | None:
        """A person named before "of the …" ('said Zelensky of the Russians': what the words are about), when that
        name is a person met before; not a title ("the head of the mission") nor a body ("Bank of England")."""
        head = TOPIC_OF.match(mention)
        if not head or GLUED.search(head.group(1)) or \
                any(fold(w) in self.vocab.desc_words or w in ("The", "A", "An") for w in head.group(1).split()):
            return None
        name = self.canonical_name(head.group(1), pos)
        person = self.people.get(name) if name else None
        return name if person and not person.is_place and " " in name else None   # a full name, not "Lord"

    def _glued_name(self, mention: str, pos: int, tokens: list[re.Match]) -> str | None:
        """The name opening 'Kim Jong-un Kim Jong-unChairman of …', where a site glued a role to it."""
        j = self.name_end(tokens)
        if 0 < j < len(tokens) and tokens[j].start() == tokens[j - 1].end() and \
                all(t.group()[0] in UPPER or fold(t.group()) in self.vocab.desc_words for t in tokens[j:]):
            return self.canonical_name(mention[:tokens[j - 1].end()], pos)
        return None

    def describe(self, phrase: str, pos: int) -> str | None:
        """The person an earlier description fits ("the Head of State" -> President of Ukraine X)."""
        terms, head = description_terms(phrase, self.vocab)
        if not head:
            return self.matcher.describe(phrase)
        if "institution" in head and len(terms) == 1 and (body := self._body_described(head - {"institution"}, pos)):
            return body   # a bare "the ministry"; "the Ukrainian embassy" names its own body (``institution``)
        # "the diplomat" may be any person the other words fit; "a senior diplomat" introduces someone: only a
        # person with that role ("a man" stays open: PolNeAR's "a man" is mostly someone named before)
        generic = "person" in head and not (INDEFINITE.match(phrase) and head - GENERIC_HEADS)
        gender = phrase_gender(phrase, self.vocab)
        best: tuple[int, int, str] | None = None   # (shared head concepts, last seen, name)
        for name, person in self.people.items():
            if person.first >= pos or person.is_place or not self.fits(name, gender):
                continue
            profile, heads = self._profile(name, person)
            if " " not in name and name not in self.matcher.info and not heads:
                continue   # a lone unknown capitalised word is too weak to carry a description
            if not (generic or head & heads) or not all(t & profile for t in terms if t is not head):
                continue
            candidate = (len(head & heads - {"person"}), max(person.first, self._last_seen(name, pos)), name)
            if best is None or candidate[:2] > best[:2]:
                best = candidate   # the closest role ("President" over a "chief"; not "person"), then the latest
        source = self._unnamed_described(head, terms, pos) if head - GENERIC_HEADS else None
        if source and (best is None or source[0] > best[1]):
            return source[1]   # "the diplomat" after "a senior European diplomat said", not an envoy named before
        if best:
            return best[2]
        if AGE.search(phrase) and (who := self.salient(pos, gender)) and who in self.people:
            return who   # "the 62-year-old retired teacher": news re-describes the person it just named
        return self.matcher.describe(phrase) or self._national_descriptor(phrase, gender)

    def _unnamed_described(self, head: frozenset[str], terms: list[frozenset[str]], pos: int) -> tuple[int, str] | None:
        """(offset, name) of the latest unnamed source ("senior European diplomat", no person of the article) that spoke
        before ``pos`` and whose words have ``head`` and every other term of a description."""
        found = []
        for p, n in self.spoke:
            if p < pos and n not in self.people and n not in self.matcher.info:
                own_terms, own_head = description_terms(n, self.vocab)
                words = frozenset().union(*own_terms) if own_terms else frozenset()
                if head & own_head - GENERIC_HEADS and all(t & words for t in terms if t is not head):
                    found.append((p, n))
        return max(found) if found else None

    def _body_described(self, concepts: frozenset[str], pos: int) -> str | None:
        """The latest organisation or institution that spoke or opened a sentence before ``pos`` and whose name or
        role has a head of ``concepts``: "the ministry said" after "the Russian Defence Ministry reported"."""
        found = [(p, n) for p, n in self.spoke + self.subjects if p < pos and (
            self.matcher.info.get(n, {}).get("kind") == "organisation" or self.institution(n))
            and concepts & (description_terms(n, self.vocab)[1]
                            | description_terms(self.matcher.info.get(n, {}).get("role", ""), self.vocab)[1])]
        return max(found)[1] if found else None

    def _national_descriptor(self, phrase: str, gender: str | None) -> str | None:
        """A bare descriptor ("the First Lady") read as "first lady of COUNTRY", COUNTRY the speakers' most common."""
        counts: dict[str, int] = {}
        for _, name in self.spoke + self.subjects:
            country = self.matcher.info.get(name, {}).get("country", "")
            if country:
                counts[country] = counts.get(country, 0) + 1
        if not counts:
            return None
        who = self.matcher.describe(f"{phrase} of {max(counts, key=counts.get)}")
        return who if who and self.fits(who, gender) else None

    def _last_seen(self, name: str, pos: int) -> int:
        seen = [p for p, n in self.spoke + self.subjects if n == name and p < pos]
        return max(seen, default=-1)

    def _profile(self, name: str, person: Person) -> tuple[set[str], set[str]]:
        while person.spans:
            person.descriptions.extend(self._descriptions_around(*person.spans.pop()))
        key = (name, len(person.descriptions))
        if key not in self._profiles:
            self._profiles[key] = self._build_profile(name, person)
        return self._profiles[key]

    def _build_profile(self, name: str, person: Person) -> tuple[set[str], set[str]]:
        info = self.matcher.info.get(name, {})
        texts = [*person.descriptions, info.get("role", ""), *info.get("descriptors", [])]
        profile: set[str] = {"person"}
        heads: set[str] = set()
        for t in texts:
            terms, head = description_terms(t, self.vocab)
            for found in terms:
                profile |= found
            heads |= head
        country = fold(info.get("country", ""))
        if country:
            profile |= {country, self.vocab.places.get(country, country)}
        return profile, heads

    def country(self, name: str) -> str | None:
        """The one country (folded) whose name or nationality the words of a speaker not in the actors table hold in
        the article: its own words ("Ukrainian officials") or its descriptions ("X, the Slovak foreign minister");
        None if none or several."""
        if name in self.matcher.info:
            return None
        person = self.people.get(name)
        if person:
            self._profile(name, person)   # reads the descriptions around its mentions
        found = set()
        for t in [name, *(person.descriptions if person else ())]:
            words = [POSSESSIVE.sub("", w) for w in WORD.findall(t)]
            found |= {c for k, w in enumerate(words) if w[:1].isupper() and (c := self.vocab.nationalities.get(fold(w)))
                      and not (k and words[k - 1].lower() in WHERE_WORDS)}   # not "a diplomat in Russia", "us"
        return found.pop() if len(found) == 1 else None

    # ---- salience ----------------------------------------------------------------------------
    def note_speaker(self, name: str, pos: int) -> None:
        """Record that ``name`` spoke at ``pos`` (pronouns after it may refer to them)."""
        self.spoke.append((pos, name))

    def salient(self, pos: int, gender: str | None = None, strict: bool = False) -> str | None:
        """The most recent speaker or sentence subject before ``pos``, preferring ``gender`` or unknown gender
        (machine translations confuse pronouns, so a mismatch alone does not drop the only candidate, unless
        ``strict``)."""
        events = [e for e in self.spoke + self.subjects if e[0] < pos and self._may_be_person(e[1])
                  and (" " in e[1] or e[1] in self.matcher.info or fold(e[1]) in self.vocab.first_names
                       or self.gender(e[1]))]   # a lone word is a person if a first name ("Olga"), no "Saratov"
        fitting = [e for e in events if self.fits(e[1], gender)]
        pool = fitting or ([] if strict else events)
        return max(pool)[1] if pool else None

    def _learn_gender(self, name: str, gender: str | None) -> None:
        """A person of unknown gender whom "he" or "she" refers to has that gender from then on ("Tomasz Lis …
        he said" makes a later "she" someone else)."""
        person = self.people.get(name)
        if gender and person and not person.is_place and self.gender(name) is None:
            person.gender = gender

    def _body_before(self, pos: int) -> str | None:
        """The organisation (actors table) or institution ("the Russian embassy") that spoke or opened one of the
        sentence before ``pos`` or began its own sentence: what "it said" refers to."""
        lo = max([0] + [m.end() for m in SENTENCE_BREAK.finditer(self.text, max(0, pos - 600), pos)][-2:-1])
        found = [(p, n) for p, n in self.spoke + self.subjects
                 if lo <= p < pos and self.matcher.info.get(n, {}).get("kind") == "organisation"]
        for m in BODY_OPENING.finditer(self.text, max(0, lo - 2), pos):
            words = m.group(1).split()
            body = next((b for k in range(len(words), 0, -1) if (b := self._body(" ".join(words[:k])))), None)
            if body:
                found.append((m.start(1), body))
        return max(found)[1] if found else None

    def _body(self, phrase: str) -> str | None:
        """The organisation of the actors table ("the Kremlin") or the institution ``phrase`` names, or None."""
        known = self.matcher.match(LEADING_THE.sub("", phrase))
        if known and self.matcher.info.get(known, {}).get("kind") == "organisation":
            return known
        return self.institution(phrase)

    def _known_after_first_word(self, run: str) -> str | None:
        """The actor a name less its first word is, surname and all ("Consider Kaja Kallas" -> Kaja Kallas; not
        "Archpriest Alexander Tkachenko" -> Alexander Lukashenko by a near spelling)."""
        rest = run.split(" ", 1)[1]
        hit = self.matcher.match(rest)
        return hit if hit and name_key(hit).rsplit(" ", 1)[-1] == name_key(rest).rsplit(" ", 1)[-1] else None

    def _named_last(self, pos: int, gender: str | None) -> str | None:
        """Before any speaker or subject: the person first named last before ``pos`` whom the actors table or a
        first name or title shows to be a person of ``gender`` (a pronoun's referent in a scene-setting opening)."""
        named = [(p.first, n) for n, p in self.people.items() if p.first < pos and not p.is_place and
                 (n in self.matcher.info or self.gender(n)) and self.fits(n, gender)]
        return max(named)[1] if named else None

    def fits(self, name: str, gender: str | None) -> bool:
        """Whether ``name`` may be referred to by words of ``gender`` (None: any)."""
        return gender is None or self.gender(name) in (None, gender)

    def gender(self, name: str) -> str | None:
        """'male', 'female' or None: from data/genders.csv, else a title before the name or a description, else
        the first name (data/first_names.csv)."""
        known = self.vocab.genders.get(name)
        if known:
            return known
        person = self.people.get(name)
        found = person and (person.gender or phrase_gender(" ".join(person.descriptions), self.vocab))
        words = name.split()
        return found or (self.vocab.first_names.get(fold(words[0])) if len(words) > 1 else None)


def phrase_gender(phrase: str, vocab: Vocabulary) -> str | None:
    """Gender a description implies ("Her Majesty", "the spokeswoman", "the first lady"), or None (memoised)."""
    key = (id(vocab), phrase)
    if key not in _GENDERS:
        if len(_GENDERS) > 100_000:
            _GENDERS.clear()
        _GENDERS[key] = _phrase_gender(phrase, vocab)
    return _GENDERS[key]


def _phrase_gender(phrase: str, vocab: Vocabulary) -> str | None:
    words = GENDER_WORD.findall(fold(phrase))
    grams = [" ".join(words[i:i + 2]) for i in range(len(words) - 1)] + words
    return next((vocab.genders[g] for g in grams if g in vocab.genders and g not in vocab.pronouns), None)


def speaker_table(quotes: pd.DataFrame) -> pd.DataFrame:
    """One row per (article, speaker) with counts by kind and quoted-word shares: rows by article, most quoted
    words first (ties in order of the speaker's first quote); ``side`` and ``role`` the first known of the speaker's
    quotes. Counted in plain Python (grouping with pandas cost about 0.1 s more CPU per run of the press releases
    and Kremlin pages)."""
    if quotes.empty or quotes["speaker"].notna().sum() == 0:
        return empty("speakers")
    words = [len(t.split()) for t in quotes["text"].tolist()]
    first = quotes["speaker_start"].fillna(quotes["start"]).astype(int).tolist()
    totals: dict[str, int] = {}
    groups: dict[tuple[str, str], list] = {}  # (article, speaker) -> [side, role, quotes by kind, words, first]
    for aid, speaker, side, role, kind, n, pos in zip(quotes["article_id"].tolist(), _or_none(quotes["speaker"]),
                                                       _or_none(quotes["side"]), _or_none(quotes["role"]),
                                                       quotes["kind"].tolist(), words, first):
        totals[aid] = totals.get(aid, 0) + n
        if speaker is None:
            continue
        group = groups.get((aid, speaker))
        if group is None:
            group = groups[aid, speaker] = [side, role, 0, 0, 0, 0, 0, pos]
        group[0] = side if group[0] is None else group[0]
        group[1] = role if group[1] is None else group[1]
        group[2] += 1
        group[3] += kind == "direct"
        group[4] += kind == "partial"
        group[5] += kind == "indirect"
        group[6] += n
        group[7] = min(group[7], pos)
    rows = [(aid, speaker, side, role, n, direct, partial, indirect, quoted,
             quoted / totals[aid] if totals[aid] > 0 else 0.0, pos)
            for (aid, speaker), (side, role, n, direct, partial, indirect, quoted, pos) in groups.items()]
    rows.sort(key=lambda row: (row[0], -row[8]))
    return pd.DataFrame(rows, columns=COLUMNS["speakers"])


def _or_none(column: pd.Series) -> list:
    """The values of ``column``, None where one is missing."""
    return [v if known else None for v, known in zip(column.tolist(), column.notna().tolist())]
