"""Stage 3, last step — reported speech as news writing has it, after quotes.py's mark- and cue-specific steps.

Shapes found here, with cues whose frames in ``data/cues.csv`` include ``clause`` (or ``direct`` for a quotation):
  SUBJECT [adverbs] CUE [object] [that] CLAUSE     "Local experts say the bridge will cost more."
  CLAUSE, SUBJECT CUE.  /  CLAUSE, CUE SUBJECT.    "The bridge will cost more, experts say."
  CLAUSE, according to SOURCE.                     "Costs rose by a third, according to the city auditor."
  SUBJECT … CUE, "QUOTATION"                       'The coach shrugged, saying, "We play again on Sunday."'
A reported clause holding quoted fragments is one indirect quote (the fragments stay partial rows inside it).
The words that open a fronted adverbial, may start a subject, or never name a speaker are in ``data/report_words.csv``.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, NamedTuple

import pandas as pd

from .knowledge import Knowledge, resolve
from .speakers import DATELINE


class Report(NamedTuple):
    """One reported utterance: what was said, the cue, and the words naming who said it (offsets into the text)."""
    kind: str            # "indirect" (a reported clause) or "direct" (a quotation after a cue and a comma)
    content_start: int
    content_end: int
    cue_start: int
    cue_end: int
    mention_start: int
    mention_end: int


@dataclass(frozen=True)
class ReportWords:
    """Word classes of ``data/report_words.csv``."""
    openers: frozenset[str]        # open a fronted adverbial before the subject ("On Monday, …", "Asked about …,")
    connectives: frozenset[str]    # may precede the subject without a comma ("But", "And", "Still")
    determiners: frozenset[str]    # may open a lower-case subject ("some experts", "many voters")
    not_speakers: frozenset[str]   # a subject that names nobody ("it", "this", "there", "what")
    verbs: frozenset[str]          # auxiliaries: a subject holding one is a clause, not a noun phrase
    adverbials: frozenset[str]     # words skipped between a cue and its clause ("Thursday", "reporters", "today")
    label_before: frozenset[str]   # before a short quotation, make it a label ("the", "so-called", "term")
    small: frozenset[str]          # function words ("to", "during", "of"): may follow speech, do not break a title
    conjunctions: frozenset[str]   # open a clause ("that", "but", "which"): end no subject, name no speaker
    prepositions: frozenset[str]   # after a cue, an object rather than a clause ("about", "of", "against")
    no_clause_start: frozenset[str]   # no reported clause opens with them: the prepositions and "so", "yes", …
    clause_openers: frozenset[str]    # may open a clause after a cue's prepositional phrase ("they", "the")
    pronoun_subjects: frozenset[str]  # open a reported clause without "that" ("he", "they", "there")
    apposition: frozenset[str]     # open an apposition after a speaker's name ("a", "the", "who")
    finite: re.Pattern             # a finite verb: an auxiliary, a past tense, a negation or a contraction
    object_then_preposition: re.Pattern   # "told Mario Draghi about …", "said to be": an object or a preposition
    clause_adverbial: re.Pattern   # an adverbial phrase and its comma opening a reported clause ("during his visit, ")
    adverbial_opening: re.Pattern  # a piece of a sentence that opens as an adverbial ("However", "Speaking at …")
    back_this: re.Pattern          # " this." / " so during …" right after a cue: what was said before
    this_then_preposition: re.Pattern   # "this during a meeting" after a cue: a back-reference, no clause
    clause_stop: re.Pattern        # where a reported clause gives way to the writer's words ("…, but polls show …")
    speech_act_before: re.Pattern  # a verb and a comma or colon right before a quotation ("continued, ", "shot back: ")
    predicate: re.Pattern          # a predicate opening with an auxiliary ("had reached …", "is required …")
    interposed: re.Pattern         # ", had reached …" after a cue: the predicate of the clause the cue is set in
    auxiliaries: frozenset[str]    # "had", "is", "will": a group of words holding one is a clause


def report_words(knowledge: Knowledge | None = None) -> ReportWords:
    """The word classes of ``data/report_words.csv`` (of ``knowledge``), parsed once per content of the table."""
    return resolve(knowledge).load("report_words.csv", _parse_report_words)


def _parse_report_words(path: Path) -> ReportWords:
    """Parse a word,kind table."""
    table = pd.read_csv(path, comment="#", dtype=str, skipinitialspace=True)
    kinds: dict[str, set[str]] = {}
    for word, kind in zip(table["word"].str.strip().str.lower(), table["kind"].str.strip()):
        kinds.setdefault(kind, set()).add(word)
    get = lambda k: frozenset(kinds.get(k, ()))
    alternation = lambda k: "|".join(map(re.escape, sorted(kinds.get(k, ())))) or "(?!x)x"
    after_this = alternation("after_this")
    return ReportWords(get("opener"), get("connective"), get("determiner"), get("not_speaker"), get("verb"),
                       get("adverbial"), get("label_before"), get("small"), get("conjunction"), get("preposition"),
                       get("preposition") | get("no_clause_start"), get("clause_opener"), get("pronoun_subject"),
                       get("apposition"), re.compile(rf"\b(?:{FINITE_FORMS}|{alternation('finite')})\b", re.IGNORECASE),
                       re.compile(rf"(?:(?:[A-Z][\w.'’\-]*|{alternation('object_pronoun')})\s+){{0,3}}"
                                  rf"(?:{alternation('preposition')})\b"),
                       re.compile(rf"[\s,]*(?:{alternation('clause_adverbial')})\b[^,;:\"“”]{{0,60}},\s*",
                                  re.IGNORECASE),
                       re.compile(rf"(?:{alternation('adverbial_opening')}|\w+ly|\w+ing)\b", re.IGNORECASE),
                       re.compile(rf"\s+(?:this|so)\b(?=\s*(?:[.,;]|$)|\s+(?:{after_this})\b)"),
                       re.compile(rf"(?:this|that|so|it)\s+(?:{after_this})\b"),
                       re.compile(rf";|\s[—–]+\s|\s--\s|(?:,|(?<=,[\"”’]))\s+(?:{alternation('writer_turn')})\b"
                                  r"(?!\s+that\b)"),
                       re.compile(rf"\b([a-z]+(?:ed|ing))(?:\s+(?:{alternation('speech_act_object')}))?\s*[,:]\s*$"),
                       re.compile(rf"(?:\w+ly\s+)?(?:{alternation('auxiliary')})\b"),
                       re.compile(rf"\s*,\s+(?:\w+ly\s+)?(?:{alternation('auxiliary')})\b"), get("auxiliary"))


QUOTE_MARKS = "\"“”„«»"
ANTECEDENT = re.compile(r"(?:[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*)*|(?:the|a|an)(?:\s+[a-z][\w'’\-]*){1,3})$")
RELATIVE_END = re.compile(r",\s+(?:who|which)\s+(?:\w+ly\s+|has\s+|had\s+|also\s+)*$")
WORDS = re.compile(r"[\w'’.\-]+")
# a dateline opening a paragraph: "MOSCOW - ", "VATICAN CITY — ", "ANCHORAGE, Alaska — "
HEAD_END = re.compile(r",|\s[—–-]+\s|\s\(")
# the finite verb forms known by their ending (the others are words of kind "finite"): a past, a negation, a contraction
FINITE_FORMS = r"\w+ed|\w+n[’']t|\w+[’']s|\w+[’']ll|\w+[’']re|\w+[’']d"
THAT_AFTER = re.compile(r"(?:[^,;:\"“”]{0,80}?\s)?that\s+")
# a subordinate clause opening inside a sentence, up to the cue: its subject speaks ("…, where he says …")
LATE_SUBORDINATE = re.compile(r"(?:,\s+|\s)(?:even\s+)?(?:where|when|although|though|because|while|whereas|since|as|after|if)"
                              r"\s+([^,]+)$")
TRAIL = re.compile(r"[\s,.;:!?]+$")
JOIN = re.compile(r",|\s(?:and|but)\s")
CLAUSE_TAIL = re.compile(r"(?:[\s,;:.!?]+|\b(?:and|but|or|therefore|so|then)\b)+$")
LOWER_PAST = re.compile(r"\b[a-z]+ed\b")
VERB_THEN_WORDS = re.compile(r"\b[a-z]+ed(?:\s+[a-z]+){2}")
# after a quoted fragment, a coordinated predicate or clause ends the report ('called it "a disgrace" and threatened …')
NEXT_PREDICATE = re.compile(r",?\s+(?:and|but)\s+(?=[a-z]+ed\b)|,\s+(?:and|but)\s+(?=(?:he|she|they|we|it)\b)|\s+even as\b")
# a subject right before a cue: a pronoun, a capitalised name, or a determiner and a noun ("one lawmaker")
NEXT_TO_CUE = re.compile(r"(?<![\w'’.\-])((?:[Hh]e|[Ss]he|[Tt]hey|(?:[A-Z][\w'’.\-]*\s+){0,3}[A-Z][\w'’\-]*|"
                         r"(?:[Oo]ne|[Aa]nother|[Aa]n?|[Tt]he)\s+[a-z]+))(?:,\s+who)?\s+"
                         r"(?:(?:also|then|later|had|has|have|\w+ly)\s+)*$")
CAPITALISED = re.compile(r"\s+[A-Z]")
FIRST_CLAUSE = re.compile(r"\s*(?:[^\s.,;:!?\"“”]+\s+){1,11}[^\s.,;:!?\"“”]+[.,]")   # two to twelve words
FRAGMENT_BREAK = re.compile(r"[,;—–―]|\s-+\s")
CONTRAST = re.compile(r",?\s+(?:while|whereas)\s+(?=[A-Z])([^.;:!?\"“”]{2,100})")   # ", while Ann Lee said …"
SAME_REPORT = re.compile(r"[\"”’]?\s+(?:and|but)\s+that\b")   # a second clause of the same report
NEXT_WORD = re.compile(r"\s*([\w'’\-]+)")
LEAD_ENDS_WITH_THAT = re.compile(r"\bthat\s*[\"“'‘]?\s*$")
# the verb right after a sentence's subject, auxiliaries and adverbs allowed before it
VERB_AFTER_SUBJECT = re.compile(r"\s+(?:(?:has|have|had|also|then|later|again|[a-z]+ly)\s+)*"
                                r"([a-z]+ed|said|told|wrote|spoke|thought)\b"
                                r"(?!\s*(?:to|with|by|in|on|at|into|from|for|of|as|up|out|down|off|over)\b)\s*")
CLOSING = re.compile(r"[\s,;:.!?]*$")
PRONOUN_THEN_CUE = re.compile(r"\b([Hh]e|[Ss]he|[Tt]hey)\s+(\w+),\s*$")
# the subject opening a sentence: a capitalised name, "the" and a word (and capitalised words), or a pronoun
SENTENCE_SUBJECT = re.compile(r"\s*(?![Aa]n?\s)((?:[Tt]he(?:\s+(?![a-z]+ed\b)[\w'’\-]+){1,3}?"
                              r"(?=\s+(?:[a-z]+ed|[a-z]+s|has|had|is|was|were|are|will|would)\b))"
                              r"|(?:[Tt]he\s+[\w'’\-]+(?:\s+[A-Z][\w'’\-]*)*)|(?:[A-Z][\w'’.\-]*\s+){0,3}"
                              r"[A-Z][\w'’\-]*|[Hh]e|[Ss]he|[Tt]hey)\b")


def clause_before_according(before: str, rest: str, words: ReportWords) -> bool:
    """Whether the words before "according to" are a whole clause it attributes ("Costs rose by a third, according
    to …", with ``rest`` after its source empty, opening with a conjunction or an apposition to the source: "…,
    according to Ann Lee, head of the institute"), not an opening phrase ("At the same time, according to …,
    CLAUSE") nor the start of a clause it interrupts ("Russia, according to …, has …")."""
    core = before.rstrip()
    rest = rest.strip(" ,")
    apposition = rest[:1].islower() and not words.finite.search(" ".join(rest.split()[:3]))
    if not core.endswith(",") or rest and first_word(rest) not in words.conjunctions | {"even", "yet", "still"} \
            and not apposition:
        return False
    found = WORDS.findall(core)
    return len(found) >= 5 and found[-1].lower() not in words.conjunctions


def auxiliary_in(s: str, words: ReportWords) -> bool:
    """Whether ``s`` holds an auxiliary ("had", "is", "won't"): a clause, not a noun phrase ("Russia's envoy")."""
    return any(w.lower() in words.auxiliaries or w.endswith(("n't", "n’t")) for w in WORDS.findall(s))


def first_word(s: str) -> str:
    m = WORDS.search(s)
    return m.group().lower() if m else ""


class NewsReports:
    """The reports of one article that the earlier steps missed, found sentence by sentence."""

    def __init__(self, text: str, lex, people, words: ReportWords, filler: re.Pattern):
        self.text, self.lex, self.people, self.words, self.filler = text, lex, people, words, filler

    def frames(self, cue: re.Match) -> frozenset[str]:
        return self.lex.frames.get(" ".join(cue.group().lower().split()), frozenset())

    def verb_cue(self, cue: re.Match, sent_start: int, inside_quote=lambda i: False) -> bool:
        """A cue used as a verb, outside quotation marks: not "The State Department", "well-maintained", "a state"."""
        at = cue.start()
        if inside_quote(at) or at > sent_start and (self.text[at - 1] in "-–" or cue.group()[0].isupper()):
            return False
        before = self.text[max(sent_start, at - 30):at].split()
        form = " ".join(cue.group().lower().split())
        if len(before) > 1 and before[-2].lower() in ("a", "an") and (self.lex.cues.get(form) == form
                                                                      or form.endswith("ing")):
            return False   # "struck a similar note", "a stern warning": a noun ("a spokesman said" stays a verb)
        return not before or before[-1].lower() not in ("a", "an", "the", "this", "that", "his", "her", "its", "their") \
            and not before[-1].endswith(("'s", "’s"))   # "Kyiv's answer": a noun

    # ---- the subject before a cue
    def subject(self, start: int, end: int) -> tuple[int, int] | None:
        """(start, end) of the words naming who speaks in ``text[start:end]`` (the words before a cue), or None."""
        text, w = self.text, self.words
        seg = text[start:end]
        if any(ch in seg for ch in QUOTE_MARKS) or ";" in seg or ":" in seg:
            return None
        late = LATE_SUBORDINATE.search(seg)
        if late:   # "…, where he says …", "…, although his advisers say …": the subject after the conjunction
            return self.subject(start + late.start(1), end)
        dateline = DATELINE.match(seg)
        lead = dateline.end() if dateline else 0
        while True:   # "But", "On Monday,", "In an interview with CNN,", "Asked about it,"
            rest = seg[lead:]
            first = first_word(rest)
            if first in w.connectives:
                lead += rest.lower().index(first) + len(first)
                lead += len(rest[rest.lower().index(first) + len(first):]) - \
                    len(rest[rest.lower().index(first) + len(first):].lstrip(" ,"))
                continue
            if first in w.openers:
                if "," not in rest:
                    return None   # "While those surveyed said …": a subordinate clause
                lead += rest.index(",") + 1
                lead += len(seg[lead:]) - len(seg[lead:].lstrip())
                continue
            break
        body = self.filler.sub("", seg[lead:]).rstrip(" ,")
        relative = RELATIVE_END.search(body + " ")
        if relative:   # "…, Ann Lee, who said …" / "…from a neighbour, who said …": the antecedent speaks
            body = body[:relative.start()]
            tail = ANTECEDENT.search(body)
            if tail and tail.start() > 0:
                lead += tail.start()
                body = body[tail.start():]
        if not body:
            return None
        cut = HEAD_END.search(body)
        head = body[:cut.start()] if cut else body
        words = [x.lower() for x in WORDS.findall(head)]
        if not words or len(words) > 8 or len(WORDS.findall(body)) > 24:
            return None
        if auxiliary_in(head, w):
            return None   # "The plan has failed, said …": a clause, not who speaks
        if words[0] in w.not_speakers or words[0] in w.prepositions | w.conjunctions or \
                any(x in w.not_speakers and x not in ("it", "this", "that") or x.endswith(("n't", "n’t"))
                    for x in words[1:]):
            return None   # "Everything I", "the defenders who", "Ukrainians won't"
        if any(x in w.verbs or x in w.connectives and (x != "and" or LOWER_PAST.search(head[:head.find(" and ")]))
               for x in words):
            return None   # a clause, not a noun phrase ("The plan failed and officials")
        if VERB_THEN_WORDS.search(head):
            return None   # "The captain shrugged after the meeting"
        if words[-1] in w.adverbials | w.conjunctions | {"a", "an", "the"} or words[-1].endswith("ly") and \
                (head.split()[-1].islower() or len(words) == 1):
            return None   # "Only recently", "Politicians often": an adverb ends no subject
        if cut and cut.group() == "," and not body.rstrip().endswith(tuple(",—–-)")) and body[cut.end():].strip():
            tail = body[cut.end():].strip()
            if w.finite.search(tail) and not tail.lower().startswith(("who ", "which ", "whose ")) \
                    and first_word(tail) not in w.determiners | {"a", "an", "the"}:
                return None   # "The plan failed, and officials said": the cue's subject is not the first chunk
        at = start + lead + (len(head) - len(head.lstrip()))
        return at, at + len(head.strip())

    # ---- the clause after a cue
    def clause_after(self, cue_end: int, end: int) -> tuple[int, int] | None:
        """(start, end) of the reported clause after a cue: past an object and adverbials, after 'that'."""
        text, w = self.text, self.words
        after = text[cue_end:end]
        m = THAT_AFTER.match(after)
        if m and len(m.group().split()) <= 10 and not any(ch in m.group() for ch in QUOTE_MARKS):
            a = cue_end + m.end()
        else:
            a = cue_end
            words = list(WORDS.finditer(after))
            k = 0
            while k < len(words) and words[k].group().lower().strip(".") in w.adverbials \
                    and not self._possessive_subject(words, k):   # "said Thursday", not "said her group would"
                k += 1
            if k < len(words) and words[k].group().lower() in ("in", "on", "at", "during", "after", "before"):
                k += 1   # "said in a statement Thursday night they …": a prepositional phrase, up to the subject
                k += k < len(words) and words[k].group().lower() in ("a", "an")
                j = k
                while j < min(len(words), k + 5) and words[j].group().lower() not in w.clause_openers:
                    j += 1
                if j < len(words) and words[j].group().lower() in w.clause_openers and j > k:
                    k = j + (words[j].group().lower() == "that")
                else:
                    return None
            if k:
                a = cue_end + words[k - 1].end()
            while a < end and text[a] in " ,":
                a += 1
        cut = stop_outside_quotes(w.clause_stop, text, a, end)
        b = cut.start() if cut else end
        cut = self.lex.report_stop.search(text, a, b) or self.contrast_report(a, b)   # "…, adding …": the next act
        b = cut.start() if cut else b
        inner = next((c for c in self.lex.pattern.finditer(text, a, b) if c.group()[0].islower() and self.verb_cue(c, a)),
                     None)
        if inner:   # "… that X must "Y" and, therefore, he said that …": the report ends before the next one
            join = None
            for join in JOIN.finditer(text, a, inner.start()):
                pass
            b = join.start() if join else b
        b = a + len(CLAUSE_TAIL.sub("", text[a:b]))
        clause = text[a:b]
        if clause[:1] in QUOTE_MARKS + "‘'":
            return None   # 'said that "…" and left': the quotation is the report, a partial quote
        after_that = m is not None and a == cue_end + m.end()
        n_words = len(clause.split())
        person = n_words > 1 and first_word(clause) in w.pronoun_subjects and \
            clause.split()[1].lower() not in w.prepositions   # "said they support …", not "said it in Paris"
        if n_words < (3 if person else 4) or first_word(clause) in w.no_clause_start or \
                w.object_then_preposition.match(clause) or w.this_then_preposition.match(clause):
            return None
        if not (after_that or self.subject_and_verb(clause) or person or
                len(clause.split()) >= 6 and (first_word(clause) in w.pronoun_subjects or clause[0].isupper())):
            return None
        return a, b

    def _possessive_subject(self, words: list[re.Match], k: int) -> bool:
        """Whether ``words[k]`` ("her") is the possessive opening the clause's subject, not an object: a noun
        follows it and a finite verb within the next three words ("said her delegation would abstain"; not
        "told her the plan was ready", "told her it was")."""
        if words[k].group().lower() not in self.words.determiners or k + 2 >= len(words):
            return False
        noun = words[k + 1].group()
        return noun.islower() and noun not in self.words.determiners | self.words.pronoun_subjects \
            | self.words.conjunctions and any(self.words.finite.fullmatch(x.group()) for x in words[k + 2:k + 5])

    def subject_and_verb(self, clause: str) -> bool:
        """Whether a clause opens with a subject and a finite verb (not "Mario Draghi about the liberated …")."""
        verb = self.words.finite.search(clause)
        if not verb:
            return False
        before = [x.lower() for x in WORDS.findall(clause[:verb.start()])]
        return len(before) <= 20 and not self.words.object_then_preposition.match(clause) and \
            not (before and before[-1] in ("the", "a", "an", "its", "his", "her", "their"))

    # ---- one sentence
    def sentence(self, sent_start: int, sent_end: int, inside_quote) -> list[Report]:
        """The reports of one sentence; ``inside_quote(i)`` tells whether offset i lies inside quotation marks."""
        cues = [c for c in self.lex.pattern.finditer(self.text, sent_start, sent_end)
                if self.verb_cue(c, sent_start, inside_quote)]
        out: list[Report] = []
        for cue in cues:
            if out and cue.start() < out[-1].content_end:
                continue   # a cue inside the reported clause belongs to that clause
            frames = self.frames(cue)
            if "according" in frames:
                r = self._according(cue, sent_start, sent_end)
            elif "clause" in frames:
                r = self._preposed(cue, sent_start, sent_end) or self._postposed(cue, sent_start, sent_end)
            else:
                r = None
            if r and not (inside_quote(r.content_start + 1) and inside_quote(r.content_end - 1)):   # no quotation
                out.append(r)   # "X, a pollster the state has labelled an agent, said that …": both
        return out

    def _preposed(self, cue: re.Match, sent_start: int, sent_end: int) -> Report | None:
        who = self.subject(sent_start, cue.start())
        if who and self.text[sent_start:who[0]].rstrip().endswith(",") and \
                self.words.interposed.match(self.text, cue.end(), sent_end):
            return None   # "Neither side, she added, had …": the cue is set in the clause (``_postposed``)
        if who is None and cue.group().endswith("ing") and self.text[sent_start:cue.start()].rstrip().endswith(","):
            # "The mayor defended the plan, adding that …", '"…," the mayor said, adding that …'
            who = self.sentence_subject(sent_start) or self._quotation_act(sent_start, cue.start())
        relative = RELATIVE_END.search(self.text, sent_start, cue.start())
        end = sent_end
        if relative:   # "X, who said Y, recounted …": the clause ends at the relative clause's comma
            comma = self.text.find(",", cue.end(), sent_end)
            end = comma if comma > 0 else sent_end
        span = who and self.clause_after(cue.end(), end)
        if not span:
            return None
        return Report("indirect", span[0], span[1], cue.start(), cue.end(), who[0], who[1])

    def _postposed(self, cue: re.Match, sent_start: int, sent_end: int) -> Report | None:
        """'CLAUSE, SUBJECT cue[ adverbial].', 'CLAUSE, cue SUBJECT[, apposition].' or, the cue set in the clause,
        'CLAUSE-START, SUBJECT cue, CLAUSE-END.' (the report is the whole sentence, its cue inside)."""
        text = self.text
        comma = text.rfind(",", sent_start, cue.start())
        if comma < 0:
            return None
        tail = text[cue.end():sent_end]
        between = text[comma + 1:cue.start()]
        if between[:1] in QUOTE_MARKS:   # '…, he "made a mistake," Lichtman said.'
            comma += 1
            between = between[1:]
        interposed = False
        if between.strip():   # "CLAUSE, experts say[ on Monday, adding …]."
            head, comma_, rest = tail.partition(",")
            interposed = bool(comma_) and not head.strip() and len(rest.split()) >= 2 \
                and not first_word(rest).endswith("ing") and first_word(rest) not in self.words.conjunctions \
                and not any(ch in text[sent_start:sent_end] for ch in QUOTE_MARKS) \
                and ", " not in text[sent_start:comma] \
                and (not self.words.finite.search(text[sent_start:comma]) or self.words.predicate.match(rest.lstrip())
                     or not self.subject_and_verb(rest))   # the cue splits one clause: A or B is no clause alone
            if not interposed and (len(head.split()) > 4 or comma_ and not first_word(rest).endswith("ing")):
                return None
            who = self.subject(comma + 1, cue.start())
        else:   # "CLAUSE, said the mayor of the town."
            head = HEAD_END.split(tail, 1)[0]
            head = TRAIL.sub("", head)
            if not head.strip() or len(head.split()) > 8 or auxiliary_in(head, self.words):
                return None   # "X, Russia's envoy, said Kyiv had lied": a report follows the cue, not its subject
            a = cue.end() + len(head) - len(head.lstrip())
            who = self.subject(a, a + len(head.strip()))
        if not who:
            return None
        a = sent_start
        stop = stop_outside_quotes(self.words.clause_stop, text, cue.end() + 2, sent_end) if interposed else None
        b = a + len(TRAIL.sub("", text[a:(stop.start() if stop else sent_end) if interposed else comma]))
        said = text[a:comma] + text[cue.end():b] if interposed else text[a:b]   # the clause without its cue
        if len(said.split()) < 4 or not self.words.finite.search(said):
            return None
        return Report("indirect", a, b, cue.start(), cue.end(), who[0], who[1])

    def _according(self, cue: re.Match, sent_start: int, sent_end: int) -> Report | None:
        """'CLAUSE, according to SOURCE.': the content is before the cue."""
        text = self.text
        before = text[sent_start:cue.start()].rstrip()
        if not before.endswith(","):
            return None
        src = HEAD_END.split(text[cue.end():sent_end], 1)[0]
        src = TRAIL.sub("", src)
        if not src.strip() or len(src.split()) > 10 or first_word(src) in self.words.not_speakers | self.words.conjunctions:
            return None
        if not clause_before_according(before, text[cue.end() + len(src):sent_end].strip(" ,.;!?"), self.words):
            return None
        a = sent_start
        b = a + len(TRAIL.sub("", before))
        m = cue.end() + len(src) - len(src.lstrip())
        return Report("indirect", a, b, cue.start(), cue.end(), m, m + len(src.strip()))

    def clause_around(self, cue_end: int, start: int, end: int, sent_end: int,
                      tight: bool = False) -> tuple[int, int] | None:
        """The reported clause after a cue that holds the quoted fragment ``text[start:end]``: from past the cue's
        object, adverbials and 'that' to the end of the clause ('dismissed that idea as a sign of "disarray"');
        ``tight``: a comma or dash after the fragment (or closing it) ends the clause too."""
        text = self.text
        if tight:
            brk = next((m.start() for m in FRAGMENT_BREAK.finditer(text, end - 1, sent_end)
                        if not SAME_REPORT.match(text, m.end())), sent_end)   # ', but that …' goes on
            sent_end = max(end + 1, brk)
        for m in self.lex.report_stop.finditer(text, cue_end, start):   # "said Monday, noting …": the later act
            cue_end = m.end()
        m = THAT_AFTER.match(text, cue_end, start)
        a = m.end() if m and len(m.group().split()) <= 10 else cue_end
        while a < start and text[a] in " ,:":
            a += 1
        stop = stop_outside_quotes(self.words.clause_stop, text, end, sent_end)
        stop = NEXT_PREDICATE.search(text, end, stop.start() if stop else sent_end) or stop
        stop = self.contrast_report(end, stop.start() if stop else sent_end) or stop
        stop = self.lex.report_stop.search(text, end - 1, stop.start() if stop else sent_end) or stop
        b = cue_end + len(CLAUSE_TAIL.sub("", text[cue_end:stop.start() if stop else sent_end]))
        lead = text[a:start]
        if not a < start < end <= b + 1 or len(text[a:b].split()) > 60 or LEAD_ENDS_WITH_THAT.search(lead):
            return None   # the clause of a nested report ("is aware that")
        if not lead.strip(" \"“”'‘’"):   # 'said "it gets me mad" every time …': the clause goes on after the fragment
            tail = WORDS.findall(text[end:b])
            if len(tail) < 3 or tail[0].lower() in ("and", "but", "or") or tail[0].lower() in self.words.openers:
                return None   # the fragment is the report itself ('said "the pier is finished" during a visit')
        return a, max(b, end)

    def contrast_report(self, start: int, end: int) -> re.Match | None:
        """A ", while X …" clause between ``start`` and ``end`` whose verb is a cue: another person's report ("…,
        while Ann Lee, the envoy, described the text as …")."""
        for m in CONTRAST.finditer(self.text, start, end):
            if any(c.group()[0].islower() and self.verb_cue(c, m.start(1))
                   for c in self.lex.pattern.finditer(self.text, m.start(1), m.end(1))):
                return m
        return None

    def sentence_subject(self, sent_start: int) -> tuple[int, int] | None:
        """The subject opening a sentence ("The coach shrugged, saying …"): a name, "the" and a noun, a pronoun."""
        m = SENTENCE_SUBJECT.match(self.text, sent_start)
        w = self.words
        if not m or first_word(m.group(1)) in w.not_speakers | w.openers | w.connectives | w.prepositions | w.conjunctions:
            return None
        return m.start(1), m.end(1)

    def clause_with_quotation(self, o: int, c: int, sent_start: int, sent_end: int) -> Report | None:
        """A quotation inside a sentence whose verb is no cue ('Holm dismissed the plan as "a sign of disarray."'):
        the sentence's subject is the speaker, the clause after its verb the report holding the quotation."""
        text = self.text
        who = self.subject_at_start(sent_start, o)
        verb = who and VERB_AFTER_SUBJECT.match(text, who[1], o)
        if not verb:
            return None
        a = verb.end()
        if self.lex.report_stop.search(text, a, o):
            return None   # '… as "superb," telling the council that "…"': the quotation is the later act's
        m = THAT_AFTER.match(text, a, o)
        a = m.end() if m and len(m.group().split()) <= 10 else a
        stop = stop_outside_quotes(self.words.clause_stop, text, c + 1, sent_end)
        stop = self.lex.report_stop.search(text, c - 1, stop.start() if stop else sent_end) or stop
        b = c + len(CLAUSE_TAIL.sub("", text[c:stop.start() if stop else sent_end]))
        if not a < o or len(text[a:b].split()) > 60 or len(text[o:c].split()) < 3:
            return None   # a word or two in quotation marks is more often a name or scare quotes than speech
        return Report("indirect", a, max(b, c + 1), verb.start(1), verb.end(1), who[0], who[1])

    def subject_next_to(self, sent_start: int, cue_start: int) -> tuple[int, int] | None:
        """The name, pronoun or "one official" right before a cue ("when he told them", "Beck, who said")."""
        m = NEXT_TO_CUE.search(self.text, max(sent_start, cue_start - 80), cue_start)
        if not m or first_word(m.group(1)) in self.words.not_speakers | self.words.openers | self.words.conjunctions:
            return None
        return m.start(1), m.end(1)

    def subject_at_start(self, sent_start: int, end: int) -> tuple[int, int] | None:
        """The subject opening a sentence, after a fronted adverbial closed by a comma ("On Monday, Holm …")."""
        who = self.sentence_subject(sent_start)
        if who is None:
            first = first_word(self.text[sent_start:end])
            comma = self.text.find(",", sent_start, end)
            if first in self.words.openers and comma > 0:
                at = comma + 1 + len(self.text[comma + 1:end]) - len(self.text[comma + 1:end].lstrip())
                who = self.sentence_subject(at)
        return who

    def _quotation_act(self, sent_start: int, at: int) -> tuple[int, int] | None:
        """The subject of the speech act closing a quotation right before ``at`` ('"…," Ann Lee said, adding' or
        '"…," said Ann Lee, adding'): who goes on speaking."""
        close = max(self.text.rfind(mark, sent_start, at) for mark in QUOTE_MARKS)
        cue = self.lex.pattern.search(self.text, close + 1, at) if close >= 0 else None
        if cue is None or not self.verb_cue(cue, close + 1):
            return None
        before = self.text[close + 1:cue.start()].strip(" ,")
        return self.subject(cue.start() - len(before) - 1, cue.start()) if before else \
            self.subject(cue.end(), self.text.rfind(",", cue.end(), at))

    def _previous_act(self, sent_start: int, at: int) -> tuple[int, int] | None:
        """The pronoun of a speech act right before ``at`` ('"…," he said, adding, "…"'): who goes on speaking."""
        m = PRONOUN_THEN_CUE.search(self.text, sent_start, at)
        return m.span(1) if m and self.lex.pattern.fullmatch(m.group(2)) else None

    # ---- a quotation after "cue," / "cue:" in the middle of a sentence
    def quotation_after_cue(self, o: int, c: int, sent_start: int) -> Report | None:
        """A quotation ``text[o:c+1]`` right after a cue and a comma (or nothing): 'X shrugged, saying, "…"'."""
        text = self.text
        before = text[sent_start:o]
        last = None
        for cue in self.lex.pattern.finditer(text, max(sent_start, o - 60), o):
            last = cue
        if last is None or "direct" not in self.frames(last) or not CLOSING.fullmatch(text[last.end():o]) \
                or not self.verb_cue(last, sent_start):
            # 'She continued, "…"', 'shot back: "…"'
            last = self.words.speech_act_before.search(text, max(sent_start, o - 60), o)
            if last is None or last.group(1).lower() in self.words.not_speakers | self.words.conjunctions:
                return None
        who = self.subject(sent_start, last.start()) or self._previous_act(sent_start, last.start()) or \
            self.sentence_subject(sent_start)
        if who is None:
            return None
        a, b = o + 1, c
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        return Report("direct", a, b, last.start(), last.end(), who[0], who[1]) if b - a > 1 else None


def title(text: str, o: int, c: int, words: ReportWords) -> bool:
    """Whether every word of the quotation ``text[o:c+1]`` but small ones is capitalised ('"Meet the Press"')."""
    inner = WORDS.findall(text[o + 1:c])
    return bool(inner) and all(w[0].isupper() or w.lower() in words.small for w in inner)


def spoken(text: str, o: int, c: int, words: ReportWords) -> bool:
    """Whether the quotation ``text[o:c+1]`` reads as someone's words by its form, not as a title, a label or scare
    quotes: two words or more, not all capitalised ("Meet the Press"), and when short neither after a label word
    ("the 'fiscal cliff'") nor before a lower-case word it modifies ('"brown beret" gear')."""
    inner = WORDS.findall(text[o + 1:c])
    if len(inner) < 2 or title(text, o, c, words) or text[o - 1:o] == "=":   # 'date="March 9, 2016"': markup
        return False
    if len(inner) > 4:
        return True
    before = WORDS.findall(text[max(0, o - 30):o])
    after = NEXT_WORD.match(text, c + 1)
    return not (before and before[-1].lower() in words.label_before) and not (
        text[c - 1] not in ".,!?" and after and after.group(1)[0].islower()
        and after.group(1).lower() not in words.small)


def attribution_gap(text: str, o: int, c: int, cues: re.Pattern) -> bool:
    """Whether ``text[o:c+1]`` is the text between two quotations that unbalanced marks paired ('" he said. The
    minister added "'): its first clause, two to twelve words, ends with a cue ("the President concluded.") or opens
    with one and a name ("said Ann Lee."; 'read the report twice' is someone's words)."""
    m = FIRST_CLAUSE.match(text, o + 1, c)
    clause = m.group().strip(" .,") if m else ""
    return any(not clause[cue.end():].strip() or not clause[:cue.start()].strip() and CAPITALISED.match(clause, cue.end())
               for cue in cues.finditer(clause))


def stop_outside_quotes(pattern: re.Pattern, text: str, a: int, b: int) -> re.Match | None:
    """The first match of ``pattern`` in ``text[a:b]`` outside a quotation opened after ``a`` (a dash or semicolon
    inside '"… on time — and cheap …"' ends no clause)."""
    for m in pattern.finditer(text, a, b):
        seg = text[a:m.start()]
        if seg.count("“") <= seg.count("”") and seg.count('"') % 2 == 0:
            return m
    return None


def overlaps(a: int, b: int, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether [a, b) shares a character with any span."""
    return any(s < b and a < e for s, e in spans)
