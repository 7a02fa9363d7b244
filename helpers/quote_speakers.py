"""Speaker mentions of a cue: the words that name who spoke, before or after it, in the same sentence.

``SpeakerFinder`` looks for the mention ('said Dmitri Peskov, presidential spokesman', 'The Chief of the Alliance
has insisted', 'This was stated by X', 'X spoke about Y, noting that …') and returns it with its offset; who it
names is resolved by ``speakers.ArticleSpeakers``.
"""

import re

from .actors import fold
from .cues import Lexicon
from .speakers import INDEFINITE, WORD, ArticleSpeakers, description_terms

SUFFIX_START = re.compile(r"^|\b(?=[Tt]he\s)|(?<=\s)(?=[A-Z])")
ING_CUE = re.compile(r"[a-z]+ing\b")   # a participle cue ("saying", "adding")
PRONOUN = re.compile(r"^(?:he|she|they|it)$", re.IGNORECASE)
# A participle phrase after a description: "A senior diplomat involved in the talks", "an official familiar with".
POST_MODIFIER = re.compile(r"\s+(?:[a-z]+ed|[a-z]+ing|familiar|close)\s+(?:in|with|to|on|at|from|about|by)\s")
# a phrase between a subject and its cue that names nobody: "standing in Bergen", "at her briefing in Moscow"
ADVERBIAL = re.compile(r"(?:[a-z]+ing|at|in|on|during|after|before|from|with|via|through)\b")
ORIGIN = re.compile(r"(?:\d{1,3}|of\s.*)$")   # an age or where someone is from, in an apposition after a name
ENDS_WITH_JOIN = re.compile(r"(?:\band|\bbut|,|[\"“”])\s*$")
ENDS_WITH_AND = re.compile(r"\b(?:and|but)\s*$")
JOIN_ENDS = ("and", "but", ",", '"', "“", "”")   # how text those two patterns find ends, before its spaces
RELATIVE_PRONOUN = re.compile(r"\s+(?:who|which|whose)\s+")
CHUNK_SEPARATOR = re.compile(r"(,\s*|;\s*|\s+[—–]\s+)")
CAPITAL = re.compile(r"\b[A-Z]")
# "the ambassador to ", "an analyst in ": the words after belong to a role or say where its holder is
OBJECT_OF_ROLE = re.compile(r"^[^,]*(?:\s(?:to|at)|\b[a-z]+\s+(?:in|from|near))\s+$")
CLOSED_QUOTATION = re.compile(r"^[\"”»]\s+(?=(?:while|whereas|but|and)\s)")   # a quotation closed before a clause
DOUBLE_MARK = re.compile(r"[\"“”«»]")
BY_AGENT = re.compile(r"(?:\s+[\w'’]+){0,3}?\s+by\s+")
# The description closing the words before a cue, after a comma: '…, the harbour director '.
LAST_DESCRIPTION = re.compile(r",\s+((?:[Tt]he|[Aa]n?)\s+[^,;:\"“”]{2,60}?)\s*$")
# An intro that is only a name (or a heading, a dash, then a name) before a colon: 'More from Jones:'.
INTRO_LABEL = re.compile(r"(?:.*\s[—–―-]\s*)?((?:[\w'’.\-]+\s+){0,6}[\w'’.\-]+)\s*:$", re.DOTALL)
NAME_BEFORE_COLON = re.compile(r"((?:[A-Z][\w'’.\-]*\s+){0,3}[A-Z][\w'’.\-]*)\s*:$")
# A description that is the whole subject right before a verb: 'Asked twice, the columnist ' / 'Another voter '.
DESCRIPTOR_BEFORE = re.compile(r"(?:^|(?<=[,;])\s*|(?<=\n)|(?<=[.!?\"”]\s))((?:[Tt]he|[Aa]n?|[Aa]nother)"
                               r"(?:\s+[\w'’\-]+){0,2}\s+[a-z][\w'’\-]*)\s+(?:\w+ly\s+)?$")
DESCRIPTOR = re.compile(r"(?:[Tt]he|[Aa]n?)(?:\s+[a-z][\w'’\-]*){1,3}")   # "the man", "an aide"
# A relative clause between a speaker's name (and an apposition) and its cue: ', who has long ' (then 'called …').
RELATIVE_GAP = re.compile(r"(?:\s*,\s+[^,;:.!?\"“”]{2,60}?)?\s*,\s+(who|which)\s+(?:(?!(?:he|she|they|we|i)\s)[a-z][\w'’]*\s+){0,4}")
# A pronoun right before a cue, after the mention: '…, which he called' / 'Cost estimates, he added,'.
RELATIVE_OBJECT_SUBJECT = re.compile(r"[,\s](?:which|that|whom)\s+((?:[Tt]he|[Aa]n?)(?:\s+[\w'’.\-]+){1,4}?|"
                                     r"(?:[A-Z][\w'’.\-]*\s+){0,4}[A-Z][\w'’\-]*)\s+(?:\w+ly\s+)?$")
PRONOUN_BEFORE_CUE = re.compile(r"\b(he|she|they|we|I)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# A name or description after a comma or mark, right before a cue: ', Starr ' / '," the protesters '.
NAME_BEFORE_CUE = re.compile(r"[,;\"“”]\s*((?:[A-Z][\w'’.\-]*\s+){0,3}[A-Z][\w'’.\-]*|(?:[Tt]he|[Aa]n?)(?:\s+[a-z][\w'’\-]*)"
                             r"{1,3})\s+(?:\w+ly\s+)?$")
# Reading a text backwards: its words (reversed) and the marks no ``Lexicon.trail_filler`` match can hold.
WORD_OR_MARK_REVERSED = re.compile(r"(\w+)|[^\w\s,;:—–\-]")
# A cue's object starting with one of these names no speaker ("cautioned against reading …", "said that …").
OBJECT_NOT_SPEAKER = frozenset("that this it so in on by against about for with from at of to over into after before "
                               "during under without than as up out off down back".split())


class SpeakerFinder:
    """The speaker mentions around the cues of one article text."""

    def __init__(self, text: str, lex: Lexicon, people: ArticleSpeakers):
        self.text, self.lex, self.people = text, lex, people

    def place(self, who: str) -> bool:
        """Whether ``who`` is a place (a known place actor or a place word), not a person."""
        person = self.people.people.get(who)
        return bool(person and person.is_place) or fold(who) in self.people.vocab.places

    def object_mention(self, pos: int, end: int) -> tuple[str | None, int]:
        """The speaker named right after a cue: 'said Dmitri Peskov, presidential spokesman'."""
        text = self.text
        m = self._object_span(pos, end)
        if not m or text[m[0]:m[1]].split()[0].lower() in OBJECT_NOT_SPEAKER:
            return None, pos
        first = m
        for _ in range(2):   # "by Head of the delegation, Head of the faction David Arakhamia"
            if self.people.resolve(text[m[0]:m[1]], m[0])[0] or not text.startswith(",", m[1]):
                break
            nxt = self._object_span(m[1] + 1, end)
            if not nxt or not self.descriptive(text[m[0]:m[1]]):
                break
            m = nxt
        if not self.people.resolve(text[m[0]:m[1]], m[0])[0]:
            m = first
        return text[m[0]:m[1]], m[0]

    def _object_span(self, pos: int, end: int) -> tuple[int, int] | None:
        """(start, end) of the ``Lexicon.object_mention`` at ``pos``, read on past an abbreviated title ('Rep. Jo
        Lind')."""
        mention = self.lex.object_mention
        m = mention.match(self.text, pos, end)
        if not m:
            return None
        start, stop = m.span(1)
        while self.text.startswith(".", stop) and fold(self.text[start:stop].split()[-1]) + "." in \
                self.people.vocab.honorifics and (nxt := mention.match(self.text, stop + 1, end)):
            stop = nxt.end(1)
        return start, stop

    def subject(self, sent_start: int, cue_start: int) -> tuple[str | None, int]:
        """The speaker named before a cue in the same sentence ('The Chief of the Alliance has insisted'); before a
        participle after a comma, the subject of the clause's verb ('She mocked the chief, Ann Lee, saying …')."""
        found = self._subject(sent_start, cue_start)
        if found[0] and ING_CUE.match(self.text, cue_start) and self.text[sent_start:cue_start].rstrip().endswith(","):
            return self.main_subject(sent_start, cue_start) or found   # 'She mocked the chief, Ann Lee, saying …'
        return found

    def _subject(self, sent_start: int, cue_start: int) -> tuple[str | None, int]:
        text = self.text
        seg = text[sent_start:cue_start]
        seg = strip_trail_filler(seg, self.lex)
        if not seg or ends_with(text[sent_start:cue_start], ENDS_WITH_JOIN, JOIN_ENDS) and not seg.endswith(","):
            if not seg:
                return None, cue_start
            if and_ := ends_with(seg, ENDS_WITH_AND, JOIN_ENDS[:2]):
                return self.coordinated_subject(sent_start, sent_start + and_.start(), cue_start)
        rel = RELATIVE_PRONOUN.search(seg)
        if rel:
            last = seg.rstrip(", ").rsplit(",", 1)[-1]
            named = self.first_chunk_person((last, sent_start + len(seg.rstrip(", ")) - len(last))) \
                if last.strip() and rel.start() < len(seg) - len(last) else None
            if named:
                return named   # 'a soldier, who gave only his call sign, Sokil, said': the name after the clause
            seg = strip_trail_filler(seg[:rel.start()], self.lex)
        chunks = [ch for ch in CHUNK_SEPARATOR.split(seg)]
        offsets, pos = [], sent_start
        for ch in chunks:
            offsets.append(pos)
            pos += len(ch)
        parts = [(chunks[i], offsets[i]) for i in range(0, len(chunks), 2)]
        role: tuple[str | None, int] = (None, cue_start)   # "the regional head" naming nobody met: kept, unresolved
        if len(parts) > 2 and any(ORIGIN.match(chunk.strip()) for chunk, _ in parts[1:]) or len(parts) > 2 and all(
                chunk.strip()[:1].islower() for chunk, _ in parts[1:] if chunk.strip()):
            if first := self.first_chunk_person(parts[0]):   # 'Cory Lee, 41, of Bend, Ore., said', 'Ann Lee,
                return first                                   # director of X, a pollster that Y calls Z, said
        for k in range(len(parts) - 1, -1, -1):
            chunk, off = parts[k]
            closed = CLOSED_QUOTATION.match(chunk)   # '…," while Merz said': a name after the quotation
            if closed and CAPITAL.search(chunk, closed.end()):
                chunk, off = chunk[closed.end():], off + closed.end()
            stripped = self.lex.lead_filler.sub("", chunk)
            off += len(chunk) - len(stripped)
            stripped = stripped.strip()
            if not stripped:
                continue
            if len(stripped.split()) > 12 or DOUBLE_MARK.search(stripped):
                return None, cue_start
            if off > parts[0][1] and ADVERBIAL.match(stripped):
                continue   # 'Ann Lee, standing in Bergen, said': the phrase between subject and cue names nobody
            if PRONOUN.match(stripped):
                return stripped, off
            if (post := POST_MODIFIER.search(stripped)) and self.people.unnamed(stripped[:post.start()]):
                return stripped[:post.start()], off   # "A senior diplomat involved in the talks said"
            for m in SUFFIX_START.finditer(stripped):
                if m.start() and INDEFINITE.match(stripped):
                    break   # "A senior European diplomat": someone new, whom no later words of it name
                if OBJECT_OF_ROLE.match(stripped, 0, m.start()):   # "The ambassador to the UN": not the UN
                    role = (stripped, off) if role[0] is None and self.people.unnamed(stripped) else role
                    break
                cand = stripped[m.start():]
                if who := self.people.resolve(cand, off + m.start())[0]:
                    if self.place(who) and role[0]:
                        return role   # 'In Tampa, Florida, the senator said'
                    first = self.first_chunk_person(parts[0]) if self.place(who) and off > parts[0][1] else None
                    named = self.first_chunk_person(parts[k - 1]) if k and not first and m.start() == 0 else None
                    if named and self.people.resolve(*named)[0] == who:
                        return named   # 'Ann Lee, a structural engineer, said': the name, not its apposition
                    return first or (cand, off + m.start())
            if not self.descriptive(stripped):
                return role
            if role[0] is None and self.people.role_phrase(stripped):
                role = (stripped, off)
        return role

    def first_chunk_person(self, part: tuple[str, int]) -> tuple[str, int] | None:
        """(mention, offset) when a sentence's first chunk is all a person's name: the subject before appositions
        ending in a place ('Ann Lee, a nurse from Tampa, Florida, said')."""
        chunk, off = part
        stripped = self.lex.lead_filler.sub("", chunk)
        off += len(chunk) - len(stripped)
        words = list(WORD.finditer(stripped.strip()))
        who = self.people.resolve(stripped.strip(), off)[0] if words and len(words) <= 5 else None
        return (stripped.strip(), off) if who and not self.place(who) and self.people.name_start(words) == 0 else None

    def nearer_subject(self, mention: str, pos: int, cue_start: int, who: str | None,
                       conf: float) -> tuple[str, int, str | None, float]:
        """(mention, offset, speaker, confidence) for a subject before a cue that names nobody, a place or someone
        after other words ('Six months ago, the senator said', 'Leaving a meeting with Ann Lee, Berg said'): the chunk
        nearest the cue when it names someone."""
        if who and not self.place(who) and (self.people.name_start(list(WORD.finditer(mention))) == 0
                                            or who == self.people.institution(mention)):
            return mention, pos, who, conf   # a name ('Ann Lee, the port director, said') or a body ('the embassy')
        near, at = self.subject(pos, cue_start)
        if near is None and (m := LAST_DESCRIPTION.search(self.text, pos, cue_start)):
            near, at = m.group(1), m.start(1)   # 'Six months ago, the harbour director said'
        if near and at > pos and not OBJECT_OF_ROLE.search(self.text, pos, at):   # "the ambassador to the UN"
            who2, conf2 = self.people.resolve(near, at)
            if who2 and not self.place(who2) or who is None and self.descriptive(near):
                return near, at, who2, conf2
        return mention, pos, who, conf

    def coordinated_subject(self, sent_start: int, and_at: int, cue_start: int) -> tuple[str | None, int]:
        """'X shared his view … and stressed': the subject of the sentence's first verb, if it names someone or is a
        role ('The foreign minister')."""
        for first in (self.lex.first_verb_subject, self.lex.apposed_verb_subject):   # "X, in Vilnius, called …"
            m = first.match(self.text, sent_start, and_at)
            if m and m.lastindex == 2 and (who := self.people.resolve(m.group(2), m.start(2))[0]) \
                    and not self.place(who) and " " in who:
                return m.group(2), m.start(2)   # "The EU's top diplomat, Ann Lee, has …": the name
            if m and (PRONOUN.match(m.group(1)) or self.people.resolve(m.group(1), m.start(1))[0]
                      or self.people.role_phrase(m.group(1))):   # "The foreign minister …": kept, maybe unresolved
                return m.group(1), m.start(1)
        return None, cue_start

    def participle_subject(self, sent_start: int, cue_start: int, a: int, b: int) -> tuple[str | None, int, int]:
        """(subject, offset, clause end) of a participle's report: the main clause's subject, before
        ('X spoke about Y, noting that …') or after it ('Stressing that …, X drew attention to …')."""
        before = self.text[sent_start:cue_start]
        if not before.strip():
            for m in self.lex.main_clause_after.finditer(self.text, a, b):
                if PRONOUN.match(m.group(1)) or self.people.resolve(m.group(1), m.start(1))[0]:
                    return m.group(1), m.start(1), m.start()
            return None, cue_start, b
        if before.rstrip().endswith(","):
            mention, mpos = self.coordinated_subject(sent_start, sent_start + len(before.rstrip()) - 1, cue_start)
            return mention, mpos, b
        return None, cue_start, b

    def after_quote(self, end: int, limit: int) -> tuple[str | None, int]:
        """The subject of the verb right after a quotation ending at ``end`` (its closing mark next) that ends in a
        comma, or in ?/! with a pronoun or name after it: '"…," he continued', '"…?" Trump shot back'. A pronoun, a
        name or a lower-case description ('the man'); (None, end) otherwise."""
        last = self.text[end - 1:end]
        if last not in ",?!":
            return None, end
        m = self.lex.after_quote_subject.match(self.text, end, limit)
        if not m:
            return None, end
        mention = m.group(1)
        pronoun = mention.lower() in self.people.vocab.pronouns
        if pronoun and last != "," and mention[0].isupper():
            return None, end   # '"…?" He left.': a new sentence
        if pronoun or DESCRIPTOR.fullmatch(mention) or self.people.resolve(mention, m.start(1))[0]:
            return mention, m.start(1)
        return None, end

    def relative_subject(self, mention_end: int, cue_start: int) -> tuple[str, int] | None:
        """(pronoun, offset) when a relative pronoun is the cue's subject and the mention its antecedent ('Ann Lee,
        who has long called …'): the pronoun is the words that mention the speaker there."""
        m = RELATIVE_GAP.fullmatch(self.text, mention_end, cue_start)
        return (m.group(1), m.start(1)) if m else None

    def relative_clause_subject(self, mention_end: int, cue_start: int) -> tuple[str, int] | None:
        """(subject, offset) of a relative clause whose object is the antecedent and whose verb is the cue
        ('the ferry deal, which an audit said was …', 'a speech which Lee claims …'): the
        subject between the relative pronoun and the cue speaks, not the antecedent found before it."""
        m = RELATIVE_OBJECT_SUBJECT.search(self.text, max(mention_end, cue_start - 80), cue_start)
        if not m:
            return None
        who = self.people.resolve(m.group(1), m.start(1))[0]
        return (m.group(1), m.start(1)) if who and not self.place(who) or DESCRIPTOR.fullmatch(m.group(1)) else None

    def pronoun_before_cue(self, mention_end: int, cue_start: int) -> tuple[str, int] | None:
        """(pronoun, offset) of a pronoun right before a cue and after the mention found for it ('the board, which
        he called …'): the pronoun is the cue's subject."""
        m = PRONOUN_BEFORE_CUE.search(self.text, mention_end, cue_start)
        return (m.group(1), m.start(1)) if m else None

    def name_before_cue(self, mention_end: int, cue_start: int) -> tuple[str, int] | None:
        """(words, offset) of a person's name or a description right before a cue, after a comma or quotation mark
        and the mention found for it ('Remarking on the "empathy," Starr said')."""
        m = NAME_BEFORE_CUE.search(self.text, mention_end, cue_start)
        if not m:
            return None
        who = self.people.resolve(m.group(1), m.start(1))[0]
        return (m.group(1), m.start(1)) if who and not self.place(who) or DESCRIPTOR.fullmatch(m.group(1)) else None

    def main_subject(self, sent_start: int, cue_start: int) -> tuple[str, int] | None:
        """(mention, offset) of the subject of the first finite verb before a cue when it is a pronoun or names a
        person ('In Tampa, Ann Lee released a statement Monday saying …')."""
        verb = self.lex.lower_verb.search(self.text, sent_start, cue_start)
        mention, pos = self.subject(sent_start, verb.start()) if verb else (None, cue_start)
        if not mention:
            return None
        who = self.people.resolve(mention, pos)[0]
        return (mention, pos) if PRONOUN.match(mention) or who and not self.place(who) else None

    def colon_intro(self, sent_start: int, colon: int) -> tuple[str | None, int]:
        """The speaker mention of a sentence ending in a colon before a quotation: a name that is all of it or follows
        a dash ('More from Jones:', 'Polls in March - Ana Ruiz:'), else a pronoun right before its last finite verb
        ('Asked twice, he demurred:'), else the subject of its last finite verb that has one ('When Lee left, Ann Park
        released a statement:'), else of its first ('17-year-old Jared Potts echoed:',
        'He then listed …:'), else a name right before the colon, else a description before its last verb ('Asked
        twice, the columnist replied:')."""
        m = INTRO_LABEL.match(self.text, sent_start, colon + 1)
        if m and self.people.resolve(m.group(1), m.start(1))[0]:
            return m.group(1), m.start(1)
        verbs = list(self.lex.lower_verb.finditer(self.text, sent_start, colon))
        if verbs and (m := PRONOUN_BEFORE_CUE.search(self.text, sent_start, verbs[-1].start())):
            return m.group(1), m.start(1)   # '…, but she gave the board one warning:'
        mention, pos = None, colon
        for verb in verbs[:0:-1] + verbs[:1]:   # the main clause's verb is the last with a subject of its own
            mention, pos = self.subject(sent_start, verb.start())
            if mention:
                return mention, pos
        if not verbs and "," in self.text[sent_start:colon]:
            mention, pos = self.subject(sent_start, colon)   # 'Ann Lee, in a post on X:'
            if mention:
                return mention, pos
        if m := NAME_BEFORE_COLON.search(self.text, sent_start, colon + 1):
            who = self.people.resolve(m.group(1), m.start(1))[0]   # '… surprise pollster Dana Shaw:'
            if who and not self.place(who):
                return m.group(1), m.start(1)
        if verbs and (m := DESCRIPTOR_BEFORE.search(self.text, sent_start, verbs[-1].start())):
            return m.group(1), m.start(1)   # 'Asked twice, the columnist replied:'
        return mention, pos

    def descriptive(self, chunk: str) -> bool:
        """A chunk that could be an apposition ('presidential spokesman'), skipped when looking for a subject."""
        return len(chunk.split()) <= 12 and bool(description_terms(chunk, self.people.vocab)[1])

    def agent(self, pos: int, end: int) -> tuple[str | None, int]:
        """'by X' right after a cue ('This was stated by X', 'the mention by X of')."""
        m = BY_AGENT.match(self.text[pos:end])
        if not m:
            return None, pos
        return self.object_mention(pos + m.end(), end)


def strip_trail_filler(text: str, lex: Lexicon) -> str:
    """``lex.trail_filler.sub("", text)``, the pattern run only after the last mark or word no filler can be (an
    ASCII word that is no filler word and has no ending of a "*" filler): its match cannot start before it."""
    start = 0
    pieces, ends = lex.filler_pieces, lex.filler_ends
    for m in WORD_OR_MARK_REVERSED.finditer(text[::-1]):
        word = m.group(1) and m.group(1)[::-1].lower()
        if not word or word.isascii() and word not in pieces and not word.endswith(ends):
            start = len(text) - m.start()
            break
    return text[:start] + lex.trail_filler.sub("", text[start:])


def ends_with(text: str, pattern: re.Pattern, ends: tuple[str, ...]) -> re.Match | None:
    """``pattern.search(text)`` for a pattern anchored at the end whose matches end in one of ``ends`` and spaces."""
    return pattern.search(text) if text.rstrip().endswith(ends) else None
