"""Implied positions: who speaks in positions beyond the quotes, for ``helpers.positioning``.

It owns the speech acts (a sentence reporting a speaker's act with a verb of ``data/stance_words.csv``: "Putin
informed Abbas about …", "The leaders discussed …", "It was stressed that …"), their subjects (a person, a pronoun,
a title of ``data/role_words.csv``, a plural subject standing for the article's principals), the principals (quoted
speakers and people named as meeting or speaking), the guests among them whom the actors table lacks (their names
read as the speakers stage reads names: ``speakers.NameReader``), the side their title states ("Prime Minister of
Israel Naftali Bennett") and the titles in quotes that name one of them ("grateful to the President").
"""

import re
from bisect import bisect_left, bisect_right
from operator import attrgetter, itemgetter
from collections.abc import Container
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from .actors import fold
from .knowledge import Knowledge, read_table, resolve
from .mentions import WORD, Mention, word_before
from .speakers import TITLE_OBJECT_BEFORE, NameReader, description_terms, vocabulary

if TYPE_CHECKING:
    from .positioning import _Article  # the article as positioning reads it


class Act(NamedTuple):
    """A speech act: its speaker's unit from the verb to the end of its sentence (or of the quote holding it)."""
    sent_id: str
    speaker: str
    side: str
    start: int
    end: int


# how far into a sentence a comma may lie for a title after it
TITLE_REACH = 80
# sides of speakers the actors table does not know (``actors.ActorMatcher.side``): hosts and journalists
UNKNOWN_SIDES = ("", "unknown")
# Principals a plural subject ("The leaders") may stand for, at most: more would be a guess.
PLURAL_REACH = 3
# how far before a name its title may start
TITLE_BEFORE_REACH = 120
_THE = frozenset({"the"})
# the next word, capitalised word or parenthesis after a position, on its line (``_goes_on``)
_GOES_ON = re.compile(r"[^\S\n]*(\(|[A-Z]|[a-z]+\b)")
# the titles of a title subject joined by "and the" ("The President of France and the Federal Chancellor")
_TITLE_PIECE = re.compile(r"(?:^|(?<=\band ))[Tt]he\s.+?(?=\s+and\s+the\s|$)")


class Titles(NamedTuple):
    """Capitalised titles with the lower-case words of classes ``title_word`` and ``title_joiner`` of
    ``data/stance_words.csv`` between their words."""
    words: frozenset[str]     # the title words and joiners
    subject: str              # a title subject ("The Head of State"), matched at a sentence start or after a comma
                              # near it ("In turn, the …")
    name_run: str             # capitalised words and title words opening a sentence, all of them (atomic: one try
                              # of the verb per sentence): "Prime Minister of Israel Naftali Bennett" before
                              # "discussed"; the name is its end (``_named_acts``)
    before: re.Pattern        # capitalised words and title words right before a position on its line: a title
                              # ("Minister of Foreign Affairs of Ukraine ")
    title_words: frozenset[str]  # the title words alone
    anywhere: re.Pattern      # ``subject`` wherever it stands ("grateful to the President"; ``title_mentions``)


def titles(knowledge: Knowledge | None = None) -> Titles:
    """The ``Titles`` of ``data/stance_words.csv`` (of ``knowledge``)."""
    return resolve(knowledge).load("stance_words.csv", parse_titles)


def parse_titles(path: Path) -> Titles:
    """The ``Titles`` of a word,class table."""
    table = read_table(path)
    of = lambda cls: [re.escape(w) for w in table.loc[table["class"] == cls, "word"]]  # noqa: E731
    title = "|".join(of("title_word")) or "(?!x)x"
    joined = "|".join(of("title_word") + of("title_joiner")) or "(?!x)x"
    capital = r"[A-Z](?:\.|[\w’'-]*)"
    words = rf"(?-i:\s+(?:[A-Z][\w’'-]*|{joined})){{1,12}}"
    subject = rf"(?P<title>(?-i:[Tt]he){words})"
    return Titles(frozenset(table.loc[table["class"].isin(["title_word", "title_joiner"]), "word"]),
                  subject,
                  rf"(?P<name>(?>(?-i:{capital}(?:\s+(?:{capital}|{title}))*)))",
                  re.compile(rf"(?<![\w’'-])(?:(?:[A-Z][\w’'-]*|{title})[^\S\n]+)+$"),
                  frozenset(table.loc[table["class"] == "title_word", "word"]),
                  # the "T" read before the look-behind: a pattern opening with a character class is scanned faster
                  re.compile(rf"(?P<title>(?-i:[Tt](?<![\w’'-][Tt])he){words})"))


class Roles(NamedTuple):
    """What a title subject ("The Head of State") and a person's name are read with: the role words and phrases of
    ``data/role_words.csv``, each actor's role and descriptors (lower case) from the actors table, the speakers
    stage's name reader and the titles."""
    words: frozenset[str]
    phrases: tuple[str, ...]
    of_actor: dict[str, str]
    reader: NameReader  # how the speakers stage reads names (and roles)
    titles: Titles
    concepts: frozenset[str]  # the concepts of data/role_words.csv ("head_of_state"), not its words
    describes: dict[tuple[str, str], bool]  # memo of ``_describes``: (title, actor) -> whether it describes them

    def of_title(self, title: str) -> list[str]:
        """The role words and phrases in a title ("the head of state" -> ["head", "head of state"])."""
        low = title.lower()
        return [w for w in low.split() if w in self.words] + [p for p in self.phrases if p in low]

    def fits(self, name: str, found: list[str]) -> bool:
        """Whether an actor may bear a title with the role words ``found`` (a name the table lacks may)."""
        role = self.of_actor.get(name)
        return role is None or any(w in role for w in found)


def load_roles(actors: pd.DataFrame, knowledge: Knowledge | None = None) -> Roles:
    """The ``Roles`` of the actors table and of the role words and name vocabulary of ``knowledge``."""
    vocab = vocabulary(knowledge)
    return Roles(*role_words(knowledge), _actor_roles(actors), NameReader(vocab), titles(knowledge),
                 frozenset().union(*vocab.concepts.values()), {})


def _actor_roles(actors: pd.DataFrame) -> dict[str, str]:
    return {str(r.get("name", "")): " ".join(str(r.get(c, "") or "") for c in ("role", "descriptors")).lower()
            for r in actors.to_dict("records")}


def role_words(knowledge: Knowledge | None = None) -> tuple[frozenset[str], tuple[str, ...]]:
    """The role words of ``data/role_words.csv`` (shared with ``helpers.speakers``): single words and phrases."""
    return resolve(knowledge).load("role_words.csv", _parse_role_words)


def _parse_role_words(path: Path) -> tuple[frozenset[str], tuple[str, ...]]:
    found = [" ".join(w.lower().split()) for w in read_table(path)["word"]]
    return frozenset(w for w in found if " " not in w), tuple(w for w in found if " " in w)


def speech_acts(art: "_Article", quotes: list[tuple], roles: Roles, names: frozenset[str]) -> list[Act]:
    """The acts of speakers whose speech a sentence reports with a speech-act verb of ``data/stance_words.csv``
    and its object, quotation or not ("Putin informed Abbas about the special operation", "Zelenskyy
    thanked Turkey for its support", "The leaders discussed further sanctions", inside a quote "he supports
    Ukraine and condemns the aggression"): from the verb to the end of its sentence (and of the quote holding
    it). The subject is a person of the actors table right before the verb (adverbs between:
    ``subject_gap``), or "he"/"she" (the speaker of the quote it opens, else the nearest person before it in the
    sentence), or a title of ``data/role_words.csv`` opening the sentence ("The Head of State"; titles joined by
    "and the" are one subject each), both else the speaker last named as a subject or quoted before; or a plural
    subject opening the sentence (``plural_subject``: "The leaders",
    "The parties"), or a report without its agent opening it (``agentless_act``: "It was stressed that",
    "Attention was paid to"), which stand for each principal of the article named before it (people who met or
    spoke, quoted speakers; at most ``PLURAL_REACH``); or, right after a quote, "and" and the verb ("X said
    that … and condemned the aggression": the quoted speaker's next act). A subject other than the speaker of a
    quote holding the verb speaks to the end of the sentence ("he supports Ukraine and condemns …"). None inside
    the speaker's own quote, or where a quote of the same speaker (its mention the subject, or the same surname;
    for a pronoun, title or plural subject, any quote with a speaker) starts before the verb in its sentence (that
    quote is the unit); one starting after the verb ends the act ("X praised A but warned that B"), and an act so
    cut that names no target is none. The speaker's own mentions ("expressed his condolences") are not read as
    the speaker's side there."""
    text, words = art.text, art.words
    persons = [m for m in art.mentions if m.kind == "person" and m.name]
    found: list[tuple[int, int, Mention | None, str, bool]] = []  # verb start, subject start, person, title, plural
    unnamed: list[re.Match] = []  # subjects that may be persons the actors table lacks (``_named_acts``)
    for m in persons:
        hit = words.act_after.match(text, m.end)
        if hit:
            found.append((hit.start("verb"), m.start, m, "", False))
            if hit.group("co"):
                unnamed.append(hit)
    for a, b, group in art.pronouns:
        if group == "person" and text[a:b] in words.subject_pronouns:
            hit = words.act_after.match(text, b)
            if hit:
                found.append((hit.start("verb"), a, None, "", False))
    for sa, sb, role, _ in art.sentences:
        if role != "body":
            continue
        comma = text.find(", ", sa, min(sb, sa + TITLE_REACH)) + 2
        for at in (sa, comma) if comma > 1 else (sa,):
            hit = words.plural_act.match(text, at, sb)
            if hit:
                found.append((hit.start("verb"), at, None, "", True))
                break
            hit = words.agentless_act.match(text, at, sb)
            if hit:
                found.append((hit.end(), at, None, "", True))
                break
            hit = words.title_act.match(text, at, sb) if text.startswith(("The ", "the "), at) else None
            if hit:
                found.append((hit.start("verb"), at, None, hit.group("title"), False))
                break
            hit = words.name_act.match(text, at, sb)
            if hit:
                unnamed.append(hit)
                break
    found += _named_acts(art, quotes, roles, unnamed, names)
    quoted = sorted((int(a), int(b), sp, side if isinstance(side, str) else "",
                     int(se) if isinstance(se, (int, float)) and se == se else -1)
                    for _, _, _, a, b, _, se, sp, side in quotes if isinstance(sp, str))
    known: list[tuple[int, str, str]] = []  # (position, speaker, side) of the speakers named so far
    if any(person is None and not plural for *_, person, _, plural in found):
        known = [(a, sp, side) for a, _, sp, side, _ in quoted]
        for m in persons:
            i = art.sentence_index(m.start)
            if i is not None and all(w[0].isupper() or w in roles.titles.words
                                     for w in WORD.findall(text, art.sentences[i][0], m.start)):
                known.append((m.start, m.name, m.target))  # the subject opening a sentence
    units, seen = [], set()
    for a, at, person, title, plural in sorted(found, key=itemgetter(0)):
        i = art.sentence_index(a)
        if i is None or art.sentences[i][2] != "body":
            continue
        sa, sb, _, sid = art.sentences[i]
        holder = next((q for q in quoted if q[0] <= a < q[1]), None)
        if plural:
            subjects = _principals_before(art, a, [p for _, _, p, _, _ in found if p is not None and p.target == "unknown"])
        elif person is None and not title and holder and not WORD.search(text, holder[0], at):
            subjects = [(holder[2], holder[3])]  # "Macron said he had urged …": the speaker of the quote it opens
        elif title and " and the " in title:  # "The President of France and the Federal Chancellor … stressed"
            pieces = [(at + m.start(), at + m.end()) for m in _TITLE_PIECE.finditer(title)]
            subjects = list(dict.fromkeys(who for pa, pb in pieces if (who := _subject(
                art, sa, pb, pa, None, text[pa:pb], known, roles))))
        else:
            subject = _subject(art, sa, a, at, person, title, known, roles)
            subjects = [subject] if subject else []
            if subject:
                known.append((a, *subject))
        end = min(sb, holder[1]) if holder and any(holder[2] == sp for sp, _ in subjects) else sb
        in_sentence = [q for q in quoted if q[0] < end and sa < q[1] and q is not holder]
        for speaker, side in subjects:
            own = [q[0] for q in in_sentence
                   if person is None or at < q[4] <= a or _surname(q[2]) == _surname(speaker)]
            cut = min(own, default=end)  # its quote later in the sentence ends the act ("X praised A but warned …")
            if (sid, speaker) in seen or holder and holder[2] == speaker or cut <= a \
                    or cut < end and not art.mentions_in(a, cut):
                continue  # the speaker's own words, or its quote in the sentence ('"…," he stressed': the quote is the unit)
            seen.add((sid, speaker))
            units.append(Act(sid, speaker, side, a, cut))
    for qa, qb, speaker, side, _ in quoted:  # "X said that … and condemned the aggression": X's next act
        hit = words.coord_act.match(text, qb)
        i = art.sentence_index(qb) if hit else None
        if i is not None and art.sentences[i][2] == "body" and (art.sentences[i][3], speaker) not in seen \
                and not any(qb <= q[0] < art.sentences[i][1] for q in quoted):  # a later quote is its own unit
            seen.add((art.sentences[i][3], speaker))
            units.append(Act(art.sentences[i][3], speaker, side, hit.start("verb"), art.sentences[i][1]))
    return units


def _named_acts(art: "_Article", quotes: list[tuple], roles: Roles, hits: list[re.Match],
                names: frozenset[str]) -> list[tuple[int, int, Mention, str, bool]]:
    """``speech_acts`` subjects that are persons the actors table lacks, from ``hits``: ``name_act`` matches
    at a sentence start (or after a comma near it), whose capitalised words name no target or actor ("Prime
    Minister of Israel Naftali Bennett discussed …"), and ``act_after`` matches of a person with a co-subject
    ("Vladimir Putin and Naftali Bennett expressed"); the name is the name of two words or more the speakers stage
    reads at the end of those words (``NameReader.names_in``); a lone surname ("Bennett stressed") names an earlier
    such subject or quoted speaker with that surname. Side: the one the words before the name state
    (``_title_side``: a target of ``names``), else ``unknown``."""
    if not hits:
        return []
    out: list[tuple[int, int, Mention, str, bool]] = []
    full: dict[str, str] = {}  # last word -> full name
    for _, _, _, _, _, _, _, sp, _ in quotes:
        if isinstance(sp, str) and " " in sp:
            full.setdefault(sp.split()[-1], sp)
    for hit in sorted(hits, key=lambda h: h.start("verb")):
        for group in ("name", "co") if "name" in hit.re.groupindex else ("co",):
            start, b = hit.span(group)
            if start < 0:
                continue
            ending = [(n_a, name) for n_a, n_b, name in roles.reader.names_in(art.text, start, b) if n_b == b]
            a, (name, n_words) = ending[-1] if ending else (start, (None, 0))
            if art.mentions_in(a, b):
                continue  # a target or an actor of the table (read as such)
            side = _title_side(art.text, art.mentions_in(start, a), names)
            run = hit.group(group)
            name = name if n_words > 1 else full.get(run) if " " not in run else None
            if name is not None:
                full.setdefault(name.split()[-1], name)
                out.append((hit.start("verb"), a, Mention(a, b, side, "person", name), "", False))
    return out


def _title_side(text: str, mentions: list[Mention], names: frozenset[str]) -> str:
    """The side a title before a name states ("Minister of Foreign Affairs of Ukraine", "Ukrainian Ambassador",
    "Deputy Head of the Office of the President of Ukraine"): the target of its mentions after "of" (and "the"), as
    adjectives or as persons, when they name one target ("Ambassador to Russia" names none); else "unknown"."""
    found = {m.target for m in mentions if m.target in names
             and (m.kind in ("adjective", "person") or word_before(text, m.start, _THE) == "of")}
    return found.pop() if len(found) == 1 else "unknown"


def _surname(name: str) -> str:
    return fold(name.split()[-1]) if name.strip() else ""


def _principals_before(art: "_Article", pos: int, others: list[Mention]) -> list[tuple[str, str]]:
    """(name, side) of the article's principals (``_Article.principals`` and ``guests``) and of the ``others``
    (speech-act subjects the actors table lacks) named as persons before ``pos``, in the order first named, one
    per surname; none when there are more than ``PLURAL_REACH``."""
    named: dict[str, str] = {}
    for m in sorted([m for m in art.mentions_in(0, pos) if m.kind == "person" and m.name in art.principals]
                    + [m for m in others + art.guests if m.start < pos], key=attrgetter("start")):
        if all(_surname(n) != _surname(m.name) for n in named):
            named.setdefault(m.name, m.target)
    return list(named.items()) if len(named) <= PLURAL_REACH else []


def _subject(art: "_Article", sa: int, a: int, at: int, person: Mention | None, title: str,
             known: list[tuple[int, str, str]], roles: Roles) -> tuple[str, str] | None:
    """(speaker, side) of a speech act at ``a`` whose subject starts at ``at`` in the sentence starting at ``sa``
    (``speech_acts``): the ``person``; for a pronoun the nearest person before it in the sentence; for a
    ``title`` the person it names in the actors table ("the President of Russia"), or with a role word and no
    side or organisation in it a person: both else the speaker ``known``
    last before the verb (for a title, the last whose role in the actors table has one of its role words)."""
    if person is not None:
        return person.name, person.target
    found: list[str] = []
    if title:
        named = [m for m in art.mentions_in(at, a) if m.kind == "person" and m.name]
        if named:  # a title the actors table knows: "the President of Russia"
            return named[-1].name, named[-1].target
        found = roles.of_title(title)
        if not found or any(m.kind in ("state", "group") for m in art.mentions_in(at, a)):
            return None  # "The Kremlin condemned": an organisation or a side, no person
    else:
        near = [m for m in art.mentions_in(sa, at) if m.kind == "person" and m.name]
        if near:
            return near[-1].name, near[-1].target
    last = max((k for k in known if k[0] < a and (not found or roles.fits(k[1], found))), default=None,
               key=itemgetter(0))
    return (last[1], last[2]) if last else None


def principals(text: str, low: str | None, sents: list[tuple], mentions: list[Mention], speakers: dict[str, str],
                meeting: tuple[re.Pattern, re.Pattern], roles: Roles, guests: list[Mention],
                names: frozenset[str]) -> dict[str, str]:
    """The quoted speakers and the persons named in a sentence saying that people met or spoke; a person there
    whom the actors table lacks ("had a phone call with Prime Minister of Israel Naftali Bennett": a name of two words
    or more as the speakers stage reads names, after a title (``_title``) or with a known first name, no surname of
    another principal; not the object of a title ending in a title word ("of", "the"), nor a body's name that goes
    on (``_GOES_ON``)) is added to ``guests`` too; the side its title states (``_stated_side``) is its side, also
    for a quoted speaker of that surname whose side is unknown."""
    out = dict(speakers)
    persons = [m for m in mentions if m.kind == "person"]  # a title before a name has no actor name
    starts = [m.start for m in persons]
    search = meeting[0].search if low is None else meeting[1].search  # the lower-case twin scans ``low``
    scanned = text if low is None else low
    for a, b, _, _ in sents:
        named = persons[bisect_left(starts, a):bisect_left(starts, b)]
        if named and search(scanned, a, b):  # only sentences naming a person are searched
            for m in named:
                if m.name:
                    out.setdefault(m.name, m.target)
            for at, end, (name, n_words) in roles.reader.names_in(text, a, b):
                title = _title(text, at, roles)
                if n_words < 2 or any(at < m.end and m.start < end for m in named) or _goes_on(text, end, roles) \
                        or title is None and fold(name.split()[0]) not in roles.reader.vocab.first_names \
                        or title is not None and title.group().split()[-1] in roles.titles.title_words:
                    continue  # no person: "Prime Minister of the Grand Duchy of …", "the Advisory Board (DRAB)"
                side = _stated_side(text, at, mentions, names, roles)
                same = [p for p in out if _surname(p) == _surname(name)]
                if not same:
                    out[name] = side
                    guests.append(Mention(at, end, side, "person", name))
                elif out[same[0]] in UNKNOWN_SIDES and side in names:  # a quoted speaker the table lacks
                    out[same[0]] = side
    return out


def title_mentions(text: str, sents: list[tuple], spans: list[tuple[int, int]], mentions: list[Mention],
                   roles: Roles, principals: Container[str]) -> list[Mention]:
    """Capitalised titles standing alone in the quotes (``spans``: "grateful to the President", "the Head of State")
    as mentions of the one person whose role in the actors table the title describes (``_describes``) among the
    ``principals`` named before it and the persons named in its sentence or the one before (sentences: ``sents``,
    sorted). None where no person or several fit, where the title goes on ("the Office of the …"), is another
    title's object ("the Adviser to the President") or holds a mention already ("the President of Russia", "the
    Russian President")."""
    persons = [m for m in mentions if m.kind == "person" and m.name in roles.of_actor]
    person_starts = [m.start for m in persons]
    first: dict[str, Mention] = {}  # each principal's first mention
    for m in persons:
        if m.name in principals:
            first.setdefault(m.name, m)
    starts, mention_starts = [sa for sa, *_ in sents], [m.start for m in mentions]
    out: list[Mention] = []
    for hit in (h for a, b in spans for h in roles.titles.anywhere.finditer(text, a, b)):
        a, b = hit.span("title")
        title = hit.group("title")
        i = bisect_left(mention_starts, b)
        if title.split()[-1] in roles.titles.words or any(m.end > a for m in mentions[max(0, i - 2):i]):
            continue
        before = WORD.findall(text, max(0, a - 40), a)[-2:]
        if len(before) == 2 and before[1] in TITLE_OBJECT_BEFORE and roles.of_title(before[0]) \
                or _goes_on(text, b, roles):
            continue
        near = starts[max(0, bisect_right(starts, a) - 2)] if starts else 0
        named = [m for m in first.values() if m.start < a] + \
            persons[bisect_left(person_starts, near):bisect_left(person_starts, a)]
        fitting = {m.name: m.target for m in named if _describes(title, m.name, roles)}
        if len(fitting) == 1:
            (name, side), = fitting.items()
            out.append(Mention(a, b, side, "person", name))
    return out


def _describes(title: str, name: str, roles: Roles) -> bool:
    """Whether ``title`` describes the actor ``name`` as the speakers stage reads descriptions (``description_terms``):
    all concepts of its head are those of the actor's role and descriptors ("the Head of State" a president, not
    "the Prime Minister": both leaders), its other words are among theirs."""
    if (title, name) in roles.describes:
        return roles.describes[title, name]
    terms, with_word = description_terms(title, roles.reader.vocab)
    head = with_word & roles.concepts
    role_terms, role_head = description_terms(roles.of_actor[name], roles.reader.vocab)
    profile = frozenset().union(*role_terms)
    found = roles.describes[title, name] = bool(head) and head <= role_head and \
        all(t & profile for t in terms if t is not with_word)
    return found


def named_side(text: str, mentions: list[Mention], name: str, names: frozenset[str], roles: Roles) -> str:
    """The side the title before the first "<name>" in ``text`` states ("Deputy Foreign Minister of Ukraine Rufus
    Firefly"; ``_title``, ``_stated_side``), "" when none does."""
    at = text.find(name)
    side = _stated_side(text, at, mentions, names, roles) if _title(text, at, roles) else ""
    return side if side in names else ""


def _title(text: str, at: int, roles: Roles) -> re.Match | None:
    """The capitalised words and title words right before the name at ``at`` on its line ("Vice President of the
    Russian Academy of Sciences"), when the speakers stage reads a role in them (``NameReader.has_role``)."""
    title = roles.titles.before.search(text, max(0, at - TITLE_BEFORE_REACH), at) if at > 0 else None
    return title if title and roles.reader.has_role(title.group()) else None


def _stated_side(text: str, at: int, mentions: list[Mention], names: frozenset[str], roles: Roles) -> str:
    """The side (``_title_side``) the capitalised words and title words right before ``at`` on its line state: the
    whole title ("Russian Human Rights Commissioner"; the speakers stage's titles keep its last words)."""
    title = roles.titles.before.search(text, max(0, at - TITLE_BEFORE_REACH), at)
    return _title_side(text, [m for m in mentions if title.start() <= m.start < at], names) if title else "unknown"


def _goes_on(text: str, end: int, roles: Roles) -> bool:
    """Whether a body's name goes on after ``end``: a parenthesis, a capitalised word or a title word on its line
    ("Reform Advisory Board (DRAB)", "Euronest Parliamentary Assembly", "Armed Forces of Canada")."""
    after = _GOES_ON.match(text, end)
    word = after.group(1) if after else ""
    return word == "(" or word[:1].isupper() or word in roles.titles.title_words
