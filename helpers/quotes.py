"""Stage 3 — find direct, partial and indirect quotes with their cue and speaker mention.

Per article, on plain strings: quotation marks are paired within each paragraph (``quote_marks``: direction
is a hint, unbalanced marks fall back to alternation and never leak into the next paragraph); quoted
spans are direct (a sentence of their own) or partial (inside a sentence); without a speech cue a
quotation is kept only when its form reads as speech (``reported.spoken``: no title, label or scare quotes). Reported speech comes from the cue lexicon ``data/cues.csv``:
"X said that …", "according to X, …", "This was stated by X", "It was noted that …", ", said X.".
The mention naming the speaker of a cue is found by ``quote_speakers.SpeakerFinder`` and resolved
by ``speakers.ArticleSpeakers``.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple
from functools import cached_property, lru_cache

import pandas as pd

from . import reported, segments, turns
from . import sides as sides_mod
from .actors import ActorMatcher, matcher as actor_matcher
from .cues import Lexicon, load_cues
from .frames import COLUMNS, empty
from .knowledge import Knowledge, resolve
from .quote_marks import JOINER, MARK, SpanIndex, ascii_double_marks, quote_spans
from .quote_speakers import PRONOUN, SpeakerFinder, strip_trail_filler
from .speakers import WORD, ArticleSpeakers, Vocabulary, title_case, vocabulary

TRANSCRIPT_LABELS = 5   # labels from which an article is a transcript: a turn continues into every next paragraph
SKIP_ROLES = frozenset({"byline", "author_bio", "caption", "dateline"})
HEAD_ROLES = frozenset({"title", "subheading"})

# "X said that Y and is aware of Z": a coordinated verb phrase returns to the reporting subject.
BARE_CLAUSE = re.compile(r"\s+(?:the|this|that|these|those|it|he|she|they|we|there|[A-Z]\w+)\b"
                         r"(?:\s+[\w'’\-]+){0,6}?\s+(?:is|are|was|were|will|would|can|could|must|should|"
                         r"may|might|has|have|had|does|do|did|\w+s|\w+ed)\b"
                         r"|\s+(?:he|she|they|it)\s+(?:\w+ly\s+)?\w+ed\b")   # "said he wanted to …"
# A description opening a sentence ("In this connection, the President of Russia provided …").
SENTENCE_SUBJECT = re.compile(r"(?:[^,;:.\"“”]{0,40},\s+)?([Tt]he\s+[^,;:.\"“”]{2,60}?)\s+(?:\w+ly\s+)?"
                              r"(?:has|have|had|was|is|also|\w+ed|\w+s)\b")
# A colon after a cue with no quotation mark after it: reported speech follows ("X stated, in part: …").
CUE_COLON = re.compile(r"(?:\s*,\s*in (?:part|particular|general)\s*,?|\s+as follows)?\s*:\s+(?![\"“”«„'‘])(?=\S)")
# "a programme according to which …" describes a document: no speaker
RELATIVE_ACCORDING = re.compile(r"\s+(?:which|whom|it|that|this)\b")

# what may follow a speaker and cue before the quotation continuing theirs ('said of the plan, "…')
ATTRIBUTION_TAIL = re.compile(r"[^.!?;:\"“”]{0,60}[,:]\s*")
# Patterns used inside functions, compiled once (named for what they match).
ENDS_WITH_INTRO = re.compile(r"[:.!?—–]\s*$")
AFTER_QUOTE_GAP = re.compile(r"[\s,.!?]*(?:[—–―‒-]\s*)?")
CLAUSE_BREAK = re.compile(r"[.!?;:\"“”]")
DEFINITE_ROLE = re.compile(r"[Tt]he(?:\s+[a-z][\w'’\-]*){1,3}")   # "the diplomat", "the senior official"
INITIAL = re.compile(r"[A-Z]\.")
QUOTED_AS = re.compile(r".*?\s(?:quoted|cited)\s+(.+?)\s+as$")
COLON_BEFORE = re.compile(r"(\S+)\s*[:,]\s*$")
SENTENCE_BREAK = re.compile(r"[.!?;\"“”]")
THAT_WORD = re.compile(r"\bthat\b")
CLAUSE_JOIN = re.compile(r"[,;:\"“”]|\b(?:and|but|while|whereas|or)\b")
APPOSITION = re.compile(r"([^,;:]{2,90}?),\s*")   # the words up to the next comma ("according to X, TITLE, ")
ACCORDING_MENTION = re.compile(r"\s+" + APPOSITION.pattern)   # "according to X, "
IMPERSONAL_PASSIVE = re.compile(r"\b(?:it|It)\s+(?:is|was|has been|had been|will be)\s+(?:also\s+)?$")
THAT_OPENS = re.compile(r"\s+that\s+")
THIS_PASSIVE = re.compile(r"\b(?:[Tt]his|[Tt]hat|[Ii]t)\s+(?:is|was|has been|had been)\s+(?:also\s+)?$")
PASSIVE_ENDS = ("is", "was", "be", "been", "also")   # the word before the final spaces of both passive patterns
BY_OPENS = re.compile(r"\s+by\b")
ENDS_WITH_AS = re.compile(r"\bas\s+$", re.IGNORECASE)
AS_SOMETHING = re.compile(r"\bas\s+\S", re.IGNORECASE)
COMMA_OPENS = re.compile(r"\s*,")
AS_SUBJECT = re.compile(r"\bas\s+([^,]{2,80})$", re.IGNORECASE)
COMMA_GAP = re.compile(r"\s*,\s*")
WORDS_THEN_THAT = re.compile(r"(?:[\s,]+(?!that\b)[\w'’.\-]+){0,4}?[\s,]+that(?:\s*,)?\s+")
MARK_OR_COLON = re.compile(r"[;:\"“”]")
OBJECT_THEN_TO = re.compile(r"(?:\s+(?!to\b)[\w'’.\-]+){1,6}?\s+(?=to\s+\w)")
NOUN_PHRASE_OPENS = re.compile(r"\s+(?!that\b|to\b|about\b|on\b|with\b|in\b|for\b)[\w'’]")
TO_OR_THAT_CLAUSE = re.compile(r"\b(?:to|that)\s+\w")
THAT_OR_TO_OPENS = re.compile(r"\s+(?:that|to)\b")
LAST_CLAUSE = re.compile(r"(?:,\s*|\s+(?:and|but|while)\s+)([^,]{1,80})$")
COMMA_SPLIT = re.compile(r",\s+")
CAPITALISED_NEXT = re.compile(r"\s+[A-Z]")
SENTENCE_TAIL = re.compile(r"[.!]?$")
REST_CLAUSE = re.compile(r"\s*,\s*(?:(?:and|but)\s+)?(?=\w)")
IN_REPORT_BREAK = re.compile(r"[;:\"“”]")
LOWER = re.compile(r"[a-z]")
NAMED_AS = re.compile(r"\sas\s*$")
NAMING_OBJECT = re.compile(r"(?:\s+[\w'’\-]+){1,8}\s*")
MENTION_TAIL = re.compile(r"[\s,]*(?:[,.]|$)")
CLAUSE_STOP = re.compile(r";|\s[—–]\s")
SPACES = re.compile(r"\s+")
PARENTHETICAL = re.compile(r"\([^()\n]{1,30}\)")
COMMA_OR_SEMICOLON = re.compile(r"[,;]")


class ReportClause(NamedTuple):
    """What a cue reports in its sentence: the clause, who the cue's own words name, and how sure the frame is."""
    confidence: float            # of the frame that matched (an agentless passive is least sure)
    start: int                   # the reported clause, text[start:end]
    end: int
    mention: str | None          # the speaker named by the cue's frame ("according to X", "as X noted"), if any
    mention_start: int | None
    refers_back: bool            # "This was stated by X": the clause is the previous sentence


@dataclass
class Quote:
    kind: str
    start: int
    end: int
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    mention: str | None = None
    mention_start: int | None = None
    speaker: str | None = None
    confidence: float = 0.0
    para: int = 0
    chain: int = -1


ADDRESS = re.compile(r"\b(?:I|[Ww]e|[Yy]ou|[Pp]lease)\b")   # the speaker or the addressee before a cue
SENTENCE_ENDS = (". ", "? ", "! ", ".\n", "\n")   # how a sentence inside a quotation ends, roughly
# between a name and its cue ("Mr Peskov has already said"); capitalised words that name nobody
BEFORE_CUE = frozenset({"has", "had", "have", "also", "already", "just", "then", "repeatedly", "recently", "once",
                        "again"})
NO_NAME = frozenset({"I", "We", "You", "He", "She", "They", "It", "The", "This", "That"})
NAMED = 0.8   # confidence of a speaker resolved from a name or a description (not a pronoun)
SENTENCE_END_MARKS = ".!?\"”’»:"   # before a word that opens a sentence (or a quotation)
INTRODUCED = r"((?:[A-Z][\w'’\-]+\s+){0,2}[A-Z][\w'’\-]+)"   # a name after a turn word ("The host, Ann Lee,")
UNNAMED_CONFIDENCE = 0.4   # confidence of a source the article describes and never names ("a senior diplomat")


# ---- the per-article finder ----------------------------------------------------------------
def _name_before(before: str) -> bool:
    """Whether the words ``before`` a cue end in a name, auxiliaries and adverbs aside ("Lavrov has said")."""
    words = before.split()
    while words and words[-1] in BEFORE_CUE:
        words.pop()
    return bool(words) and words[-1][:1].isupper() and words[-1] not in NO_NAME


class ArticleQuotes:
    """All quotes of one article text, given its paragraph spans and roles."""

    def __init__(self, text: str, paras: list[tuple[int, int, str]], lex: Lexicon,
                 matcher: ActorMatcher, vocab: Vocabulary,
                 split: dict[tuple[int, int], list[tuple[int, int]]] | None = None,
                 knowledge: Knowledge | None = None):
        self.text, self.paras, self.lex = text, paras, lex
        self.knowledge = resolve(knowledge)
        self.split = split or {}   # (start, end) of a paragraph -> its sentences, when already split
        self.spans: list[tuple[int, int, int]] = []   # (open, close, para index)
        for k, (s, e, role) in enumerate(paras):
            if role not in SKIP_ROLES:
                self.spans += [(o, c, k) for o, c in quote_spans(text, s, e)]
        headings = [(s, e) for s, e, role in paras if role in HEAD_ROLES and title_case(text[s:e])]
        self.people = ArticleSpeakers(text, matcher, vocab, [(o, c) for o, c, _ in self.spans], headings)
        self.mentions = SpeakerFinder(text, lex, self.people)
        self.para_spans: dict[int, list[tuple[int, int]]] = {}   # para index -> its (open, close)
        for o, c, k in self.spans:
            self.para_spans.setdefault(k, []).append((o, c))
        self.quoted = SpanIndex([(o, c) for o, c, _ in self.spans])
        self.labels = turns.labels(self.knowledge)
        self.candidates = {(s, e): turns.label_candidates(text, s, e, self.labels) for s, e, role in paras
                           if role == "body"}
        self.quotes: list[Quote] = []
        self.n_labels = 0
        self.introductions: dict[str, re.Match | None] = {}
        self.body_sentences: list[tuple[int, int, int]] = []   # (start, end, para index) of body sentences

    def run(self) -> list[Quote]:
        turn: tuple[str | None, str, int] | None = None
        speech = False   # the turn's label stands on a line of its own or before words that read as speech
        # a transcript (two labels or more anywhere) names its speakers, known or not ("Tatyana Ivanova: I agree.")
        self.n_labels = sum(len(self.candidates[s, e]) for s, e, role in self.paras if role == "body")
        for k, (s, e, role) in enumerate(self.paras):
            if role in SKIP_ROLES:
                continue
            if role == "turn_label":   # a line of its own: "Vladimir Putin:" (or a cue line "The message said:")
                label = self.labels.at_start.fullmatch(self.text, s, e)
                turn = self._turn_label(label.start(1), label.end(1), 2) if label else None
                speech = True
                continue
            labels = self._labels(s, e) if role == "body" else []
            if labels:
                if labels[0][0] > s:
                    self._paragraph(k, s, labels[0][0], role)
                for (ls, ts, who), nxt in zip(labels, labels[1:] + [(e, e, None)]):
                    turn, speech = who, self.n_labels >= TRANSCRIPT_LABELS
                    self._turn(k, ts, turns.turn_end(self.text, ts, nxt[0]), who)
                continue
            if turn and role == "body" and k not in self.para_spans and (speech or self._own_words(s, e)):
                self._turn(k, s, e, turn)
                continue
            self._paragraph(k, s, e, role)
        self._news_reports()
        self._loose_quotations()
        self._chains()
        self._cue_subjects()
        self._nested_reports()
        for q in self.quotes:   # "a senior European diplomat said": a source described, never named
            if q.speaker is None and q.mention:
                q.speaker = self._unnamed(q.mention, q.mention_start)
                q.confidence = UNNAMED_CONFIDENCE if q.speaker else q.confidence
        return sorted(self.quotes, key=lambda q: q.start)

    def _nested_reports(self) -> None:
        """Reports inside a direct quotation or a transcript turn whose subject names someone else ("HOST: Lavrov
        said this week that Ukraine …", '"Moscow says we are stalling," Sybiha said'): an indirect quote of that
        speaker inside the other, so that the words reported are not taken for the quoting speaker's own. A pronoun
        or an unnamed subject stays inside the quotation."""
        finder = self.finder
        pronouns = self.people.vocab.pronouns
        found = []
        text = self.text
        for q in [q for q in self.quotes if q.kind == "direct"]:
            sentences = set()   # the sentence around each cue inside (most quotations hold none)
            for m in self.lex.pattern.finditer(text, q.start, q.end):
                if not _name_before(text[max(q.start, m.start() - 40):m.start()]):
                    continue   # no name right before the cue ("I said", "we think", "the plan says")
                a = max([q.start] + [i + len(end) for end in SENTENCE_ENDS
                                     if (i := text.rfind(end, q.start, m.start())) >= 0])
                b = min([q.end] + [i + 1 for end in SENTENCE_ENDS if (i := text.find(end, m.end(), q.end)) >= 0])
                sentences.add((a, b))
            for a, b in sorted(sentences):
                for r in finder.sentence(a, b, lambda i: False):
                    mention = text[r.mention_start:r.mention_end]
                    if mention.strip().lower() in pronouns or r.content_end > q.end or \
                            ADDRESS.search(text, r.mention_start, max(r.cue_start, r.mention_end)):
                        continue   # "Mr Lee, I think …", "primarily Syria, we stressed": no one else's report
                    mention, at, who, conf = self._report_speaker(r)
                    if who and who != q.speaker and conf >= NAMED:
                        found.append(Quote("indirect", r.content_start, r.content_end,
                                           text[r.cue_start:r.cue_end], r.cue_start, r.cue_end, mention,
                                           at, who, min(conf, 0.7), q.para))
        self.quotes += found

    def _report_speaker(self, r: reported.Report) -> tuple[str, int, str | None, float]:
        """(mention, offset, speaker, confidence) of a report: its subject, or a nearer one when the subject names
        nobody or a place, or a comma stands before the cue ("The Kremlin's spokesman, Dmitry Peskov, said")."""
        mention, mpos = self.text[r.mention_start:r.mention_end], r.mention_start
        who, conf = self.people.resolve(mention, mpos)
        gap = self.text[r.mention_end:r.cue_start] if r.mention_end <= r.cue_start else None
        if gap is not None and (who is None or self.mentions.place(who) or "," in gap):
            mention, mpos, who, conf = self.mentions.nearer_subject(mention, mpos, r.cue_start, who, conf)
        return mention, mpos, who, conf

    def _cue_subjects(self) -> None:
        """The words right before a cue that mention who speaks, when the mention found is elsewhere: a relative
        pronoun ('Ann Lee, who called it "…"': 'who', the speaker its antecedent), the subject of a relative clause
        ('the deal, which an audit called "…"'), a personal pronoun ('the board,
        which he called …'), a name after a comma or mark when the mention names nobody or someone else ('Remarking
        on the "empathy," Starr said'); a place or a day found as the speaker gives way to the sentence's subject ('In Tampa, Lee released a
        statement Monday saying')."""
        adverbials = reported.report_words(self.knowledge).adverbials
        for q in self.quotes:
            if q.cue_start is None:
                continue
            sent_start = next((a for a, b, _ in self.body_sentences if a <= q.cue_start < b), None)
            if q.speaker and sent_start is not None and (self.mentions.place(q.speaker) or
                                                         q.speaker.lower() in adverbials):
                if main := self.mentions.main_subject(sent_start, q.cue_start):
                    q.mention, q.mention_start = main
                    q.speaker, q.confidence = self.people.resolve(*main)
            if not q.mention or q.mention_start is None:
                continue
            after = q.mention_start + len(q.mention)
            if q.speaker and q.mention and (rel := self.mentions.relative_subject(after, q.cue_start)):
                q.mention, q.mention_start = rel
            elif rel := self.mentions.relative_clause_subject(after, q.cue_start):
                q.mention, q.mention_start = rel
                q.speaker, q.confidence = self.people.resolve(*rel)
            elif pro := self.mentions.pronoun_before_cue(after, q.cue_start):
                q.mention, q.mention_start = pro
                q.speaker, q.confidence = self.people.resolve(*pro)
            elif (name := self.mentions.name_before_cue(after, q.cue_start)) and (
                    not q.speaker or self.people.resolve(*name)[0] not in (None, q.speaker)):
                q.mention, q.mention_start = name
                q.speaker, q.confidence = self.people.resolve(*name)

    def _news_reports(self) -> None:
        """The last step: reports in news writing the earlier steps missed (``reported.NewsReports``); a reported
        clause may hold partial quotes (a mixed quote), never overlap a direct or indirect quote."""
        finder = self.finder
        taken = [(q.start, q.end) for q in self.quotes if q.kind != "partial"]
        partial = [(q.start, q.end) for q in self.quotes if q.kind == "partial"]
        bare = [q for q in self.quotes if q.kind == "direct" and q.cue is None and q.mention is None]   # no attribution
        inside = lambda i: self.quoted.reach_before(i) > i
        found: list[reported.Report] = []

        def take(r: reported.Report) -> None:
            found.append(r)
            taken.append((r.content_start, r.content_end))

        for sent_start, sent_end, k in self.body_sentences:
            for o, c in self.quoted.opening_in(sent_start, sent_end):
                if not reported.overlaps(o, c + 1, taken + partial):
                    r = finder.quotation_after_cue(o, c, sent_start)
                    if r:
                        take(r)
            for r in finder.sentence(sent_start, sent_end, inside):
                held = [q for q in bare if r.content_start <= q.start and q.end <= r.content_end]
                if not reported.overlaps(r.content_start, r.content_end,
                                         [t for t in taken if t not in {(q.start, q.end) for q in held}]):
                    take(r)
                    for q in held:   # '"We never asked" for the fees, he said.': the quotation is a fragment
                        q.kind, q.cue, q.cue_start, q.cue_end = "partial", self.text[r.cue_start:r.cue_end], \
                            r.cue_start, r.cue_end
            for o, c in self.quoted.opening_in(sent_start, sent_end):   # a quotation in a clause no cue opens
                if not self._initial(sent_start, o) and not reported.overlaps(o, c + 1, taken + partial):
                    r = finder.clause_with_quotation(o, c, sent_start, sent_end)
                    if r and not reported.overlaps(r.content_start, r.content_end, taken):
                        take(r)
            for q in self.quotes:   # a fragment after its cue: the whole reported clause is a mixed quote
                if q.kind == "partial" and sent_start <= q.start < sent_end and q.cue_end is not None \
                        and q.cue_end < q.start \
                        and q.mention_start is not None and not reported.overlaps(q.start, q.end, taken):
                    after = max(q.cue_end, q.mention_start + len(q.mention) + 1)   # "According to X, …"
                    span = finder.clause_around(after, q.start, q.end, sent_end, tight=True)
                    if span and not reported.overlaps(span[0], span[1], taken):
                        take(reported.Report("indirect", span[0], span[1], q.cue_start, q.cue_end,
                                             q.mention_start, q.mention_start + len(q.mention)))
        partials = {(q.start, q.end) for q in self.quotes if q.kind == "partial"}   # grows with _fragments
        late = []
        for r in found:
            mention, mpos, who, conf = self._report_speaker(r)
            inner = next((q for q in self.quotes if q.kind == "partial" and q.speaker and q.cue_start == r.cue_start
                          and r.content_start <= q.start < r.content_end), None)
            if inner and not who:   # a mixed quote: its partial's speaker
                mention, mpos, who, conf = inner.mention, inner.mention_start, inner.speaker, inner.confidence
            if not who and mention and (who := self._unnamed(mention, mpos)):
                conf = UNNAMED_CONFIDENCE
            if who:
                self.people.note_speaker(who, mpos)
            para = next((k for start, end, k in self.body_sentences if start <= r.content_start < end), 0)
            q = Quote(r.kind, r.content_start, r.content_end, self.text[r.cue_start:r.cue_end],
                      r.cue_start, r.cue_end, mention, mpos, who, min(conf, 0.7) if who else 0.0, para)
            for held in self.quotes:   # its fragments that had no attribution of their own
                if held.kind == "partial" and held.mention is None and held.cue_start == r.cue_start:
                    _share_attribution(held, q)
            self.quotes.append(q)
            self.quotes += self._fragments(q, partials)
            late += [q] if who else []
        self._reread_pronouns(late)

    @cached_property
    def finder(self) -> "reported.NewsReports":
        """The news-report reader of this article."""
        return reported.NewsReports(self.text, self.lex, self.people, reported.report_words(self.knowledge),
                                    self.lex.trail_filler)

    def _reread_pronouns(self, late: list[Quote]) -> None:
        """Resolve again a "he"/"she" after a report this last step found in its paragraph, in a sentence where the
        pronoun's speaker is no subject: the earlier steps read the pronoun before that report's speaker was known
        ('A diplomat said the offer was a trap. He said …'; not 'Putin answered the mention by Biden of … . He …')."""
        starts = [s for s, _, _ in self.paras]
        rivals = []   # (where the report's speaker is named, its paragraph, its speaker, who else opens its sentence)
        for r in late:
            if r.mention_start is not None:
                s, e = next(((s, e) for s, e, _ in self.body_sentences if s <= r.mention_start < e), (0, 0))
                named = {n for p, n in self.people.spoke + self.people.subjects if s <= p < e}
                rivals.append((r.mention_start, bisect_right(starts, r.mention_start), r.speaker, named))
        for q in self.quotes if rivals else []:
            pronoun = q.mention and self.people.vocab.pronouns.get(q.mention.strip().lower()) == "singular" and any(
                at < q.mention_start and k == bisect_right(starts, q.mention_start) and who != q.speaker
                and q.speaker not in named for at, k, who, named in rivals)
            described = q.mention and DEFINITE_ROLE.fullmatch(q.mention) and any(   # "the diplomat" after "a diplomat
                at < q.mention_start and who != q.speaker and who not in self.people.people   # said"
                for at, _, who, _ in rivals)
            if pronoun or described:
                who, conf = self.people.resolve(q.mention, q.mention_start)
                if who and who != q.speaker:
                    q.speaker, q.confidence = who, min(conf, q.confidence) if q.confidence else conf

    def _fragments(self, report: Quote, taken: set[tuple[int, int]]) -> list[Quote]:
        """The quotations inside a report that no step took (``taken``: the spans of partial quotes, updated):
        partial quotes of its speaker (a mixed quote, 'experts note the board would not truly "close" the port');
        titles ('said on ABC's "This Week"') excepted."""
        out = []
        for o, c in self.quoted.opening_in(report.start, report.end):
            span = self._inside(o, c) if c < report.end else None
            if span and span not in taken and \
                    not reported.title(self.text, o, c, reported.report_words(self.knowledge)):
                out.append(Quote("partial", span[0], span[1], report.cue, report.cue_start, report.cue_end,
                                 report.mention, report.mention_start, report.speaker, report.confidence * 0.9,
                                 report.para))
                taken.add(span)
        return out

    def _loose_quotations(self) -> None:
        """Quotations of body sentences no step took, kept when their form reads as speech (``reported.spoken``):
        news writing quotes without a cue in the sentence. A quotation opening its sentence is direct (``_chains``
        finds its speaker); one inside a sentence is partial, said by the subject of the last cue before it or
        of the sentence, else by the current speaker; after a cue, the clause holding it is a mixed quote too."""
        words = reported.report_words(self.knowledge)
        finder = self.finder
        taken = [(q.start, q.end) for q in self.quotes]
        reports = [(q.start, q.end) for q in self.quotes if q.kind != "partial"]
        inside = lambda i: self.quoted.reach_before(i) > i
        for sent_start, sent_end, k in self.body_sentences:
            for o, c in self.quoted.opening_in(sent_start, sent_end):
                span = self._inside(o, c)
                if span is None or reported.overlaps(o, c + 1, taken):
                    continue
                spoken = reported.spoken(self.text, o, c, words)
                named = not spoken and self._named(o, c, sent_start, finder, inside)
                if not (spoken or named or self._in_report(o, c, sent_start, finder, inside, words)) or reported.attribution_gap(self.text, o, c, self.lex.pattern):
                    continue
                if self._initial(sent_start, o):
                    self.quotes.append(Quote("direct", span[0], span[1], para=k))
                    continue
                cue = None
                for m in self.lex.pattern.finditer(self.text, sent_start, o):
                    cue = m if finder.verb_cue(m, sent_start, inside) else cue
                subject = cue and (finder.subject(sent_start, cue.start()) or
                                   finder.subject_next_to(sent_start, cue.start())) or \
                    finder.subject_at_start(sent_start, o)
                mention, mpos = (self.text[subject[0]:subject[1]], subject[0]) if subject else (None, None)
                who, conf = self.people.resolve(mention, mpos) if mention else (self.people.salient(o), 0.5)
                conf = min(conf, 0.5) if who else 0.0
                self.quotes.append(Quote("partial", span[0], span[1], cue.group() if cue else None,
                                         cue.start() if cue else None, cue.end() if cue else None, mention, mpos,
                                         who, conf, k))
                clause = cue and finder.clause_around(cue.end(), span[0], span[1], sent_end, tight=True)
                if clause and named:   # a naming report is its object and the word: 'him a "stiff"'
                    clause = (clause[0], c + 1)
                if clause and not reported.overlaps(*clause, reports):   # a mixed quote
                    reports.append(clause)
                    self.quotes.append(Quote("indirect", clause[0], clause[1], cue.group(), cue.start(), cue.end(),
                                             mention, mpos, who, conf, k))

    def _named(self, o: int, c: int, sent_start: int, finder: "reported.NewsReports", inside) -> bool:
        """Whether a quotation ``text[o:c+1]`` follows a naming cue and its object of a few words ('calling him a
        "stiff"', 'called the plan "crazy"'): one word then is someone's words too; a name in capitals only after
        'as' ('refers to the mayor as "Dr. Lee"')."""
        if reported.title(self.text, o, c, reported.report_words(self.knowledge)) \
                and not NAMED_AS.search(self.text, 0, o):
            return False
        cue = None
        for m in self.lex.pattern.finditer(self.text, max(sent_start, o - 80), o):
            cue = m
        return cue is not None and "partial" in finder.frames(cue) and finder.verb_cue(cue, sent_start, inside) \
            and NAMING_OBJECT.fullmatch(self.text, cue.end(), o) is not None

    def _naming(self, cue: str, cue_end: int, o: int) -> bool:
        """Whether a naming cue ('called', 'described') and a short object lead to the quotation opening at ``o``
        ('called the plan "a fantasy"')."""
        return "partial" in self.lex.frames.get(_form(cue), ()) and NAMING_OBJECT.fullmatch(self.text, cue_end, o) \
            is not None

    def _in_report(self, o: int, c: int, sent_start: int, finder: "reported.NewsReports", inside,
                   words: reported.ReportWords) -> bool:
        """Whether a short quotation ``text[o:c+1]`` sits in the clause of a speech cue whose subject is found
        ('Ann Lee said the vote could be a "failure" if …'): not a title, markup, a number or after a label word."""
        text = self.text
        if reported.title(text, o, c, words) or text[o - 1:o] == "=" or not LOWER.search(text, o, c):
            return False
        before = text[max(sent_start, o - 30):o].split()
        if before and before[-1].lower() in words.label_before:
            return False
        cue = None
        for m in self.lex.pattern.finditer(text, max(sent_start, o - 150), o):
            cue = m
        return cue is not None and bool(finder.frames(cue) & {"that", "bare", "clause"}) \
            and finder.verb_cue(cue, sent_start, inside) and not IN_REPORT_BREAK.search(text, cue.end(), o) \
            and (finder.subject(sent_start, cue.start()) or finder.subject_next_to(sent_start, cue.start())) is not None

    def _labels(self, s: int, e: int) -> list[tuple[int, int, tuple[str | None, str, int]]]:
        """(label start, turn start, speaker) of the speaker turns in one paragraph."""
        found = [c for c in self.candidates[s, e] if self.quoted.reach_before(c[0]) <= c[0]   # not quoted
                 and not self._after_abbreviation(s, c[0])]
        out = []
        for ls, le, ts in found:
            who = self._turn_label(ls, le, max(len(found), self.n_labels))
            if who:
                out.append((ls, ts, who))
        return out

    def _after_abbreviation(self, s: int, ls: int) -> bool:
        """Whether the period before a label at ``ls`` ends an abbreviation of data/abbreviations.txt or an initial,
        not a sentence ('… turning away from Mr. Holm: a survey put him'): no label follows it."""
        word = self.text[max(s, ls - 40):ls].rstrip().rpartition(" ")[2]
        if not word.endswith("."):
            return False
        rules = segments.sentence_rules(self.knowledge)
        return word in rules.never or word.lower() in rules.never_lower or INITIAL.fullmatch(word) is not None

    def _turn_label(self, ls: int, le: int, n_labels: int) -> tuple[str | None, str, int] | None:
        """(speaker, label, offset) when ``text[ls:le]`` names who speaks next, else None.

        A turn word ("Question") or a place ("Perm Territory", ``ArticleSpeakers.place_label``) names nobody; a name
        needs to be a known actor, follow a role ("Patriarch Kirill") or share the article with another label (an
        unknown name alone may be a heading).
        """
        label = self.text[ls:le]
        label = label.title() if label.isupper() and len(label) > 2 else label   # "KALLAS:", "DMITRY PESKOV:"
        people = self.people
        if label.lower() in turns.turn_words(self.knowledge) or people.place_label(label):
            return self._introduced(label, ls), label, ls   # "Question:", "Perm Territory:": nobody named
        words = list(WORD.finditer(label))
        k = people.name_start(words)
        if k == len(words):   # "[Role] Name Role:" ("Alexander Lukashenko President of Belarus:")
            i = next((i for i, w in enumerate(words) if people.is_name_word(w.group())), len(words))
            j = i + people.name_end(words[i:])
            prefix, role = label[:words[i].start()] if i < len(words) else "", \
                label[words[j].start():] if j < len(words) else ""
            if not people.has_role(role) or prefix and not people.has_role(prefix):
                return None
            who, prefix = people.canonical_name(label[words[i].start():words[j - 1].end()], ls), role
        else:
            name_at = words[k].start()
            prefix = label[:name_at]
            if prefix and not people.has_role(prefix):
                return None   # "Ukraine Peace Plan:" is no speaker
            who = people.resolve(label, ls)[0] or people.canonical_name(label[name_at:], ls + name_at)
        if not who or people.people.get(who) and people.people[who].is_place:
            return None
        if who not in people.matcher.info and not prefix and n_labels < 2:
            return None
        people.note_speaker(who, ls)
        return who, label, ls

    def _unnamed(self, mention: str, pos: int | None) -> str | None:
        """``ArticleSpeakers.unnamed`` for a mention at ``pos``, told whether the mention opens a sentence."""
        before = self.text[:pos].rstrip()[-1:] if pos is not None else ""
        return self.people.unnamed(mention, not before or before in SENTENCE_END_MARKS)

    def _introduced(self, label: str, ls: int) -> str | None:
        """The person the article introduced before ``ls`` by the turn word ``label`` and a name ("The host, Ann Lee,
        spoke with …" for "HOST:"), else None."""
        if label not in self.introductions:   # the first introduction in the article, searched once per label
            self.introductions[label] = re.search(rf"\b(?i:{re.escape(label)})(?:\s+{INTRODUCED}\b|,\s+{INTRODUCED},)",
                                                  self.text)
        m = self.introductions[label]
        if m is None or m.start() >= ls:
            return None
        at = 1 if m.group(1) else 2
        return self.people.canonical_name(m.group(at), m.start(at))

    def _own_words(self, s: int, e: int) -> bool:
        """Whether ``text[s:e]`` reads as someone's own words: a first-person pronoun of data/pronouns.csv. A turn
        continues into the next paragraphs after a label on a line of its own or in a transcript (many labels);
        after a label in a news article ('Lee: Keep the ferry running.') only into paragraphs in the first person: one in
        the third person is the writer's."""
        first = {w for w, number in self.people.vocab.pronouns.items() if number == "first"}
        return any(w.group().lower() in first for w in WORD.finditer(self.text, s, e))

    def _turn(self, k: int, s: int, e: int, turn: tuple[str | None, str, int]) -> None:
        who, mention, pos = turn
        if e > s:
            self.quotes.append(Quote("direct", s, e, None, None, None, mention, pos, who, 0.9 if who else 0.0, k))

    # -- one paragraph
    def _paragraph(self, k: int, s: int, e: int, role: str) -> None:
        text = self.text
        spans = self.para_spans.get(k, [])
        quoted = SpanIndex(spans)
        sents = self._sentences(s, e, quoted)
        pending: list[Quote] = []
        para_cues = [m for m in self.lex.pattern.finditer(text, s, e)
                     if quoted.reach_before(m.start()) <= m.start() and self._cue_case_ok(m, s)]
        by_sentence: dict[int, list] = {}
        starts = [sent_start for sent_start, _ in sents]
        for m in para_cues:   # the sentence holding the cue (sentences are disjoint and in order)
            n = bisect_right(starts, m.start()) - 1
            if n >= 0 and m.end() <= sents[n][1]:
                by_sentence.setdefault(n, []).append(m)
        if role == "body":
            self.body_sentences += [(sent_start, sent_end, k) for sent_start, sent_end in sents]
        for n, (sent_start, sent_end) in enumerate(sents):
            # "The …" opens the subject, or follows an opening phrase
            opens = text.startswith(("The", "the"), sent_start) or "," in text[sent_start:min(sent_end, sent_start + 41)]
            subject = SENTENCE_SUBJECT.match(text, sent_start, sent_end) if opens else None
            if subject:
                who = self.people.describe(subject.group(1), subject.start(1))
                if who:
                    self.people.subjects.append((subject.start(1), who))
            cues = by_sentence.get(n, [])
            here = quoted.opening_in(sent_start, sent_end)
            for o, c in here:   # quotations standing as sentences, with their attribution
                if self._initial(sent_start, o):
                    q = self._direct(o, c, sent_start, sent_end, e, role)
                    if q:
                        q.para = k
                        pending.append(q)
            used = {q.cue_start for q in pending}
            cues = [m for m in cues if m.start() not in used]
            reports, carriers = ([], []) if role in HEAD_ROLES or not cues else \
                self._reports(sent_start, sent_end, cues, spans)
            for o, c in here:
                if not self._initial(sent_start, o):
                    q = self._continued(o, c, pending, sent_start) or \
                        self._partial(o, c, sent_start, sent_end, cues, carriers)
                    if q:
                        q.para = k
                        pending.append(q)
            pending += reports
        self.quotes += pending

    def _cue_case_ok(self, m, para_start: int) -> bool:
        """A capitalised cue ("According to") only opens a sentence or clause; "Head of State" holds no cue."""
        if not m.group()[0].isupper():
            return True
        if " " not in m.group() and CAPITALISED_NEXT.match(self.text, m.end()):
            return False   # a title word: "State Duma Speaker", "Report Card"
        before = self.text[para_start:m.start()].rstrip()   # after a comma only a phrase ("…, According to him")
        return not before or before[-1] in ".!?:;\"“”" or (before[-1] == "," and " " in m.group())

    def _ends_role_phrase(self, a: int, b: int) -> bool:
        """Whether the word ``text[a:b]`` ends a role phrase of data/role_words.csv ("head of state")."""
        words = [*self.text[max(0, a - 40):a].lower().split()[-3:], self.text[a:b].lower()]
        return any(" ".join(words[i:]) in self.people.vocab.concepts for i in range(len(words) - 1))

    def _first_person(self, mention: str | None) -> bool:
        return bool(mention) and self.people.vocab.pronouns.get(mention.strip().lower()) == "first"

    def _initial(self, sent_start: int, o: int) -> bool:
        before = self.text[sent_start:o]
        return not before.strip() or ENDS_WITH_INTRO.search(before) is not None

    def _inside(self, o: int, c: int) -> tuple[int, int] | None:
        a, b = o + 1, c
        while a < b and (self.text[a].isspace() or self.text[a] == JOINER):
            a += 1
        while b > a and (self.text[b - 1].isspace() or self.text[b - 1] == JOINER):
            b -= 1
        return (a, b) if b > a else None

    def _sentences(self, s: int, e: int, quoted: SpanIndex) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for a, b in self._split(s, e):
            if out and quoted.reach_before(a) >= a:   # a sentence starting inside a quotation continues the last
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
        return out

    def _split(self, s: int, e: int) -> list[tuple[int, int]]:
        """``segments.split_sentences`` of ``text[s:e]``, taken from the sentences frame for a whole paragraph."""
        found = self.split.get((s, e))
        return segments.split_sentences(self.text, s, e, self.knowledge) if found is None else found

    # -- quoted spans
    def _direct(self, o: int, c: int, sent_start: int, sent_end: int, para_end: int, role: str) -> Quote | None:
        span = self._inside(o, c)
        if span is None:
            return None
        a, b = span
        q = self._attribute_direct(o, c, a, b, sent_start, sent_end, para_end)
        if q or len(self.text[a:b].split()) >= 4 and role not in HEAD_ROLES:
            return q or Quote("direct", a, b)
        return None

    def _continued(self, o: int, c: int, pending: list[Quote], sent_start: int) -> Quote | None:
        """'"Q1," X said, "Q2"': a quotation right after the attribution of a direct quote continues it."""
        prev = next((q for q in reversed(pending) if q.kind == "direct" and sent_start <= q.start < o), None)
        span = self._inside(o, c)
        if prev is None or span is None or prev.cue_end is None or not prev.end <= prev.cue_start < o:
            return None
        ends = [prev.cue_end] + ([prev.mention_start + len(prev.mention)] if prev.mention and
                                 prev.mention_start is not None else [])
        if not ATTRIBUTION_TAIL.fullmatch(self.text, max(ends), o):
            return None
        return Quote("direct", span[0], span[1], prev.cue, prev.cue_start, prev.cue_end, prev.mention,
                     prev.mention_start, prev.speaker, prev.confidence)

    def _partial(self, o: int, c: int, sent_start: int, sent_end: int, cues, carriers: list[Quote]) -> Quote | None:
        """A quoted fragment inside a sentence: a partial quote when a cue and speaker go with it."""
        span = self._inside(o, c)
        if span is None or reported.title(self.text, o, c, reported.report_words(self.knowledge)):
            return None   # "said on ABC's 'This Week'": a title
        a, b = span
        for r in reversed(carriers):   # a fragment after a report's cue belongs to its speaker
            if r.cue_start < o and (r.mention or r.speaker) and not self.finder.contrast_report(r.cue_end, o):
                return Quote("partial", a, b, r.cue, r.cue_start, r.cue_end, r.mention, r.mention_start,
                             r.speaker, r.confidence)
        cue = next((m for m in reversed(cues) if m.end() <= o and self._naming(m.group(), m.end(), o)), None) or \
            min((m for m in cues if abs(m.start() - o) < 200), key=lambda m: abs(m.start() - o), default=None)
        if cue is None:
            return None
        mention, mpos = self.mentions.subject(sent_start, cue.start())
        agent = mention is None
        if agent:
            mention, mpos = self.mentions.agent(cue.end(), sent_end)
        if mention is None:
            return None
        who, conf = self.people.resolve(mention, mpos)
        if who and not agent:
            self.people.note_speaker(who, mpos)
        return Quote("partial", a, b, cue.group(), cue.start(), cue.end(), mention, mpos, who, conf * 0.9)

    def _attribute_direct(self, o: int, c: int, a: int, b: int, sent_start: int, sent_end: int,
                          para_end: int) -> Quote | None:
        """The attribution of the direct quotation ``text[o:c+1]``: a cue and mention after it, else a dash and a
        name, else a colon intro before it ("X told reporters: "…""), which comes first where the quotation ends
        its sentence ('…: "No." The mayor said …' is the mayor's next statement, not this quotation's)."""
        text = self.text
        if text[b - 1:b] in ".!?" and (intro := self._colon_attribution(o, a, b, sent_start)):
            return intro
        after_end = min(para_end, c + 160)
        after = text[c + 1:after_end] if c < para_end else ""
        m = AFTER_QUOTE_GAP.match(after)
        rest_at = c + 1 + m.end()
        cue = self.lex.pattern.match(text, rest_at, after_end)
        if cue and "direct" in self.lex.frames.get(_form(cue.group()), ()):
            mention, mpos = self.mentions.object_mention(cue.end(), after_end)
            if mention:
                return self._make("direct", a, b, cue, mention, mpos, 0.95)
        words = reported.report_words(self.knowledge)
        for cue in self.lex.pattern.finditer(text, rest_at, min(after_end, rest_at + 90)):
            if "direct" not in self.lex.frames.get(_form(cue.group()), ()) or cue.group()[0].isupper() or \
                    self._ends_role_phrase(cue.start(), cue.end()):
                continue   # a cue word is a title's ("the Head of State said", "the head of state said")
            between = text[rest_at:cue.start()]
            plain = PARENTHETICAL.sub(lambda m: " " * len(m.group()), between)   # 'Ann Lee (D-Ore.) said'
            if CLAUSE_BREAK.search(plain) and self._clause_break(plain):
                break
            mention = strip_trail_filler(between, self.lex).strip()
            first = mention.split(None, 1)[0].lower() if mention else ""
            if mention and len(mention.split()) <= 12 and first not in words.prepositions | words.openers:
                return self._make("direct", a, b, cue, mention, rest_at, 0.95)
            break   # '"We never asked" for the fees, X said': the clause goes on, X said all of it
        if m.group().strip().startswith(("—", "–", "―", "‒", "-")):
            mention, mpos = self.mentions.object_mention(rest_at - 1, after_end)
            if mention:
                return self._make("direct", a, b, None, mention, mpos, 0.85)
        return self._colon_attribution(o, a, b, sent_start)

    def _colon_attribution(self, o: int, a: int, b: int, sent_start: int) -> Quote | None:
        """The attribution of a quotation opening at ``o`` after a cue, its subject and a colon in its sentence."""
        text = self.text
        if not COLON_BEFORE.search(text[sent_start:o]):
            return None
        for cue in self.lex.pattern.finditer(text, sent_start, o):
            if "direct" in self.lex.frames.get(_form(cue.group()), ()) and \
                    not SENTENCE_BREAK.search(text[cue.end():o]):
                mention, mpos = self.mentions.subject(sent_start, cue.start())
                if mention:
                    return self._make("direct", a, b, cue, mention, mpos, 0.9)
        return None

    def _clause_break(self, between: str) -> bool:
        """Whether words between a quotation and its cue hold a break: a mark other than the period of an
        abbreviation from data/abbreviations.txt or an initial ('"…," Mr. Holm said', '…," Charles E. Grassley
        said')."""
        rules = segments.sentence_rules(self.knowledge)
        for m in CLAUSE_BREAK.finditer(between):
            if m.group() != ".":
                return True
            word = between[:m.end()].split()[-1] if between[:m.end()].strip() else "."
            if not (word in rules.never or word.lower() in rules.never_lower or INITIAL.fullmatch(word)):
                return True
        return False

    def _make(self, kind: str, a: int, b: int, cue, mention: str, mpos: int, conf: float) -> Quote:
        relay = QUOTED_AS.match(mention)
        if relay:   # "the RBK news website quoted X as saying": X spoke
            mention, mpos = relay.group(1), mpos + relay.start(1)
        who, c2 = self.people.resolve(mention, mpos)
        head, comma, rest = mention.partition(",")
        if not comma and " of " in mention:   # "Jason Gilbert of Cheyenne": a name, then where the person is from
            name, of, place = mention.partition(" of ")
            if who and who in place and len(name.split()) > 1 and all(self.people.is_name_word(w) for w in name.split()):
                head, comma, rest = name, of, place
        if comma and head.strip() and rest.strip() and (who is None or self.mentions.place(who) or " " not in who or
                                                         rest.split()[0].lower() in reported.report_words(self.knowledge).apposition):
            first, c1 = self.people.resolve(head, mpos)   # "Senator X, Republican of Iowa," / "X, a spokesman for Y,"
            if first and not self.mentions.place(first) and (" " in first or who is None or self.mentions.place(who)):
                mention, who, c2 = head.rstrip(), first, c1
        if not who and (who := self._unnamed(mention, mpos)):   # 'a senior diplomat said. "…," he added'
            c2 = UNNAMED_CONFIDENCE
        if who:
            self.people.note_speaker(who, mpos)
        return Quote(kind, a, b, cue.group() if cue else None, cue.start() if cue else None,
                     cue.end() if cue else None, mention, mpos, who, min(conf, c2) if who else 0.0)

    # -- reported speech
    def _reports(self, sent_start: int, sent_end: int, cues, spans) -> tuple[list[Quote], list[Quote]]:
        """Reported speech of one sentence, and every report (kept or not) that may carry a fragment."""
        out: list[Quote] = []
        carriers: list[Quote] = []
        last_speaker: tuple[str | None, int, str | None, float] | None = None
        found_cues = bool(cues)   # a cue inside a clause that opens no report and has no subject cuts nothing
        cues = self._outer([c for c in cues if self._opens_report(c, sent_start, sent_end)
                            or self._subject_before(sent_start, c.start())],
                           sent_end)
        for idx, cue in enumerate(cues):
            form = _form(cue.group())
            frames = self.lex.frames.get(form, frozenset())
            nxt = cues[idx + 1].start() if idx + 1 < len(cues) else sent_end
            clause = self._clause(cue, frames, sent_start, sent_end, nxt)
            if clause is None:
                continue
            a, b, mention, mpos = clause.start, clause.end, clause.mention, clause.mention_start
            if mention is None and clause.confidence > 0.5:
                mention, mpos = self.mentions.subject(sent_start, cue.start())
            if mention is None and clause.confidence >= 0.8 and cue.group().endswith("ing"):
                mention, mpos, b = self.mentions.participle_subject(sent_start, cue.start(), a, b)
            if mention is None and "by" in frames:
                mention, mpos = self.mentions.agent(cue.end(), sent_end)
            who, conf = (self.people.resolve(mention, mpos) if mention else (None, 0.0))
            if mention is None and last_speaker:   # "X said … and has been sure that …"
                who, mpos, mention, conf = last_speaker
            if mention is None and clause.confidence < 0.6:  # agentless passive: the item's current speaker
                who = self.people.salient(cue.start())
                conf = 0.5 if who else 0.0
            if mention is None and who is None:
                later = self._next_subject(b, sent_end)
                if later:
                    mention, mpos = later
                    who, conf = self.people.resolve(mention, mpos)
            if self._first_person(mention) or (mention is None and who is None):
                continue   # speech inside someone's own words, or a report nobody can be named for
            if who is None and (who := self._unnamed(mention, mpos)):
                conf = UNNAMED_CONFIDENCE
            b = self._trim(a, b)
            if contrast := self.finder.contrast_report(a, b):   # "…, while Ann Lee, the envoy, described …"
                b = self._trim(a, contrast.start())
            q = Quote("indirect", a, b, cue.group(), cue.start(), cue.end(), mention,
                      mpos if mention else None, who, min(conf, clause.confidence) if who else 0.0)
            carriers.append(q)
            if who:
                last_speaker = (who, mpos, mention, conf)
            if b - a < 3 or self._mostly_quoted(a, b, spans):
                continue
            if clause.refers_back and any(q.start < b and a < q.end for q in self.quotes):
                continue
            if who:
                self.people.note_speaker(who, mpos if mpos is not None else cue.start())
            out.append(q)
        if found_cues:
            out += self._postposed(sent_start, sent_end, spans, out)
        return out, carriers

    def _opens_report(self, cue, sent_start: int, sent_end: int) -> bool:
        """Whether a cue opens a report ('the details will not be disclosed' does not)."""
        frames = self.lex.frames.get(_form(cue.group()), frozenset())
        return self._clause(cue, frames, sent_start, sent_end, sent_end) is not None

    def _outer(self, cues, sent_end: int) -> list:
        """Cues not nested in the reported clause of an earlier cue ('noted that X had not mentioned …')."""
        out = []
        for cue in cues:
            if out and self._nested(out[-1], cue):
                continue
            out.append(cue)
        return out

    def _nested(self, prev, cue) -> bool:
        frames = self.lex.frames.get(_form(prev.group()), frozenset())
        between = self.text[prev.end():cue.start()]
        if "according" in frames:
            between = between.partition(",")[2]
        elif THAT_WORD.search(between) and frames & {"that", "passive"}:
            between = THAT_WORD.split(between)[-1]
            # "said that, during his visit, X had agreed …"
            fronted = reported.report_words(self.knowledge).clause_adverbial.match(between)
            between = between[fronted.end():] if fronted else between
        elif not frames & {"bare", "np", "to"}:
            return False
        return not CLAUSE_JOIN.search(between) and len(between.split()) <= 30

    def _clause(self, cue, frames, sent_start: int, sent_end: int, nxt: int) -> "ReportClause | None":
        """The report a cue opens in the sentence ``text[sent_start:sent_end]`` (``nxt``: where the next cue
        starts), or None."""
        text = self.text
        form = _form(cue.group())
        before = text[sent_start:cue.start()]
        after = text[cue.end():sent_end]
        if "according" in frames:
            if RELATIVE_ACCORDING.match(after):
                return None
            m = ACCORDING_MENTION.match(after)
            if m and reported.clause_before_according(before, after[m.end():],
                                                      reported.report_words(self.knowledge)):
                return None   # "CLAUSE, according to X, but …": reported.NewsReports reads the clause before the cue
            if m:
                a = cue.end() + m.end()
                title = APPOSITION.match(text, a, sent_end)   # "according to X, Deputy Head of Y, CLAUSE"
                if title and self.people.title_only(title.group(1)):
                    a = title.end()
                return ReportClause(0.9, a, self._clause_end(a, sent_end), m.group(1), cue.end() + m.start(1), False)
            return None
        passive_verb = before.rstrip().endswith(PASSIVE_ENDS)   # both passive patterns end so
        passive = passive_verb and IMPERSONAL_PASSIVE.search(before)
        if passive and "passive" not in frames:   # "It was agreed that …" reports nobody's words
            return None
        if passive:
            m = THAT_OPENS.match(after)
            if m:
                a = cue.end() + m.end()
                return ReportClause(0.5, a, self._clause_end(a, nxt), None, None, False)
            return None
        back = passive_verb and THIS_PASSIVE.search(before)
        if "by" in frames and back and BY_OPENS.match(after):
            prev = self._previous_sentence(sent_start)
            if prev:
                mention, mpos = self.mentions.agent(cue.end(), sent_end)
                return ReportClause(0.85, prev[0], prev[1], mention, mpos, True)
            return None
        if "by" in frames and reported.report_words(self.knowledge).back_this.match(after):   # "X said this."
            prev = self._previous_sentence(sent_start)
            if prev:
                return ReportClause(0.8, prev[0], prev[1], None, None, True)
            return None
        if ENDS_WITH_AS.search(before[-40:]) is None and AS_SOMETHING.search(before[-60:]) and \
                COMMA_OPENS.match(after):   # "as Mykhailo Podoliak noted, CLAUSE"
            m = AS_SUBJECT.search(before)
            if m:   # "as Moscow has repeatedly pointed out": the mention without its auxiliary and adverb
                a = cue.end() + COMMA_GAP.match(after).end()
                return ReportClause(0.9, a, self._clause_end(a, sent_end), strip_trail_filler(m.group(1), self.lex)
                                    .strip(), sent_start + m.start(1), False)
        if reported.report_words(self.knowledge).interposed.match(after) and "," in before:
            return None   # "Neither side, she added, had reached …": the cue is set in the clause (``_postposed``)
        m = CUE_COLON.match(after) if frames & {"direct", "that"} else None
        if m:   # "Her Majesty assured: Ukraine can count on …"
            a = cue.end() + m.end()
            return ReportClause(0.85, a, self._clause_end(a, sent_end), None, None, False)
        m = WORDS_THEN_THAT.match(after) if "that" in frames and "that" in after else None
        if m and after.lstrip().startswith(",") and reported.report_words(self.knowledge).finite.search(m.group()):
            m = None   # "Neither side, she added, had reached that point": "that" is no conjunction here
        if m and not MARK_OR_COLON.search(m.group()):
            a = cue.end() + m.end()
            return ReportClause(0.9, a, self._clause_end(a, nxt), None, None, False)
        m = OBJECT_THEN_TO.match(after) if "to" in frames else None
        if m:
            a = cue.end() + m.end()
            return ReportClause(0.8, a, self._clause_end(a, nxt), None, None, False)
        if "np" in frames and NOUN_PHRASE_OPENS.match(after):
            a = cue.end() + len(after) - len(after.lstrip())
            m = self.lex.leading_fillers.match(text[a:sent_end])
            a += m.end() if m else 0
            b = self._clause_end(a, nxt)
            claim = text[a:b]   # a topic ("his position on this issue") is not a report; a claim is
            if len(claim.split()) >= 8 or TO_OR_THAT_CLAUSE.search(claim):
                return ReportClause(0.8, a, b, None, None, False)
            return None
        if "bare" in frames and BARE_CLAUSE.match(after) and not THAT_OR_TO_OPENS.match(after):
            a = cue.end() + len(after) - len(after.lstrip())
            return ReportClause(0.7, a, self._clause_end(a, nxt), None, None, False)
        return None

    def _clause_end(self, a: int, limit: int) -> int:
        text = self.text
        b = limit
        semi = reported.stop_outside_quotes(CLAUSE_STOP, text, a, b)
        if semi:
            b = semi.start()
        coord = self.lex.report_stop.search(text, a, b)   # "…, adding …": another speech act
        b = coord.start() if coord else b
        if limit != b:
            return b
        if limit < len(text) and self.lex.pattern.match(text, limit):
            return self._subject_before(a, limit) or b
        return b

    def _subject_before(self, a: int, cue_start: int) -> int | None:
        """Where ', SUBJECT ' before a cue starts ('…, the Kremlin considers'), the subject naming someone."""
        m = self._last_clause(a, cue_start)
        if m:
            cand = strip_trail_filler(m.group(1), self.lex).strip()
            if cand and len(cand.split()) <= 8 and (self.people.resolve(cand, m.start(1))[0]
                                                    or PRONOUN.match(cand)):
                return m.start()
        return None

    def _last_clause(self, a: int, cue_start: int) -> re.Match | None:
        """``LAST_CLAUSE.search(text, a, cue_start)``, starting 200 characters before the cue when the text
        there rules out an earlier start (the pattern's opening spans spaces and at most five other characters)."""
        q = max(a, cue_start - 200)
        if q > a and len("".join(self.text[q:cue_start - 90].split())) <= 5:
            q = a
        return LAST_CLAUSE.search(self.text, q, cue_start)

    def _trim(self, a: int, b: int) -> int:
        return a + len(strip_clause_trail(self.text[a:b], self.lex).rstrip(".!? "))

    def _mostly_quoted(self, a: int, b: int, spans) -> bool:
        if any(o + 1 >= a and o <= a for o, c in spans):   # the reported clause is the quotation
            return True
        inside = sum(max(0, min(b, c + 1) - max(a, o)) for o, c in spans)
        return inside >= 0.4 * (b - a)

    def _previous_sentence(self, sent_start: int) -> tuple[int, int] | None:
        for k, (s, e, role) in enumerate(self.paras):
            if s <= sent_start <= e:
                sents = segments.split_sentences(self.text, s, sent_start, self.knowledge)
                if sents:
                    a, b = sents[-1]
                    return a, b
                if k > 0 and self.paras[k - 1][2] == "body":
                    sents = self._split(self.paras[k - 1][0], self.paras[k - 1][1])
                    return sents[-1] if sents else None
                return None
        return None

    def _next_subject(self, b: int, sent_end: int) -> tuple[str, int] | None:
        """'Having noted that …, Vladimir Putin emphasised': the subject after the clause."""
        m = self.lex.subject_then_cue.match(self.text[b:sent_end])
        if m:
            return m.group(1).strip(), b + m.start(1)
        return None

    def _postposed(self, sent_start: int, sent_end: int, spans, found: list[Quote]) -> list[Quote]:
        """'CLAUSE, said X.' / 'CLAUSE, X said.' with no quotation marks."""
        text = self.text
        seg = text[sent_start:sent_end]
        for m in COMMA_SPLIT.finditer(seg):
            pos = sent_start + m.end()
            if any(o <= pos <= c + 2 for o, c in spans) or any(q.start <= pos <= q.end for q in found):
                continue
            tail = text[pos:sent_end]
            cue = self.lex.pattern.match(text, pos, sent_end)
            mention, mid = None, False
            if cue and cue.group()[0].isupper():   # "…, State Duma Speaker X": a title, not a cue
                continue
            if cue and "direct" in self.lex.frames.get(_form(cue.group()), ()):
                mention, mpos = self.mentions.object_mention(cue.end(), sent_end)
                if mention and not MENTION_TAIL.match(text[mpos + len(mention):sent_end]):
                    mention = None
            else:
                mm = self.lex.clause_then_cue.match(tail) if _may_end_in_cue(tail, self.lex.last_words) else None
                mid = mm and not SENTENCE_TAIL.match(tail, mm.end())   # "CLAUSE, X said, CLAUSE2"
                if mid and self.lex.lead_filler.match(mm.group(1)):
                    mm = None
                if mm:
                    cue = self.lex.pattern.match(text, pos + mm.start(2), sent_end)
                    if cue and "direct" in self.lex.frames.get(_form(cue.group()), ()):
                        mention, mpos = mm.group(1), pos
            if not mention or any(sent_start <= o < pos and self._initial(sent_start, o) for o, c in spans):
                continue   # '"…," X said' is a direct quote; 'A "B" C, X said' a mixed one
            who, conf = self.people.resolve(mention, mpos)
            if who is None and not self.people.role_phrase(mention):
                continue
            rest = mid and REST_CLAUSE.match(text, cue.end(), sent_end)
            clauses = [(sent_start, sent_start + m.start())] + ([(rest.end(), sent_end)] if rest else [])
            if mid:   # "CLAUSE1, the President said, and CLAUSE2.": the clauses around a named speaker
                if not (PRONOUN.match(mention) or self.people.role_phrase(mention) or
                        who in self.people.matcher.info or " " in (who or "")):
                    continue
                split = clauses
                clauses = [(a, b) for a, b in split if self._is_clause(a, b)]
                words = reported.report_words(self.knowledge)
                if rest and cue.group()[0].islower() and self._is_clause_text(" ".join(text[a:b] for a, b in split)) \
                        and (not clauses and words.predicate.match(text, rest.end()) or clauses == split[:1]
                             and reported.first_word(text[rest.end():sent_end]) in words.determiners):
                    # "Neither side, she added, had …", "It was, she said, the …": one clause, the cue inside
                    clauses = [(sent_start, sent_end)]
            if who:
                self.people.note_speaker(who, mpos)
            return [Quote("indirect", a, self._trim(a, b), cue.group(), cue.start(), cue.end(), mention, mpos, who,
                          min(conf, 0.85) if who else 0.0) for a, b in clauses if self._trim(a, b) > a]
        return []

    def _is_clause(self, a: int, b: int) -> bool:
        """Subject and verb, not an opening adverbial ('In this case', 'Speaking at …', 'However')."""
        return self._is_clause_text(self.text[a:b])

    def _is_clause_text(self, seg: str) -> bool:
        opening = reported.report_words(self.knowledge).adverbial_opening
        return bool(BARE_CLAUSE.match(" " + seg)) and not opening.match(seg)

    # -- multi-paragraph quotations share their speaker
    def _chains(self) -> None:
        text = self.text
        direct = sorted((q for q in self.quotes if q.kind == "direct"), key=lambda q: q.start)
        for q in self.quotes:   # '"…," he continued' / 'X echoed: "…"': the subject of any verb attributes it
            if q.kind == "partial" and q.mention_start is not None and q.mention_start < q.start:
                mention, pos = self.mentions.after_quote(q.end, self.paras[q.para][1])   # 'The event "…," Lee said'
                if mention:
                    q.mention, q.mention_start = mention, pos
                    q.speaker, q.confidence = self.people.resolve(mention, pos)
            if q.kind == "direct" and q.mention is None and q.speaker is None:
                mention, pos = self.mentions.after_quote(q.end, self.paras[q.para][1])
                intro = None if mention else self._colon_intro(q)
                if intro:
                    mention, pos = self.mentions.colon_intro(*intro)
                if mention:
                    q.mention, q.mention_start = mention, pos
                    q.speaker, q.confidence = self.people.resolve(mention, pos)
        for prev, cur in zip(direct, direct[1:]):
            p_end = self.paras[prev.para][1]
            open_to_end = text[prev.end:p_end].strip() == "" or prev.end >= p_end
            if cur.para == prev.para + 1 and open_to_end and MARK.match(text, self.paras[cur.para][0]):
                cur.chain = prev.chain if prev.chain >= 0 else prev.start
                prev.chain = cur.chain
        groups: dict[int, list[Quote]] = {}
        for q in direct:
            if q.chain >= 0:
                groups.setdefault(q.chain, []).append(q)
        for members in groups.values():
            known = [q for q in members if q.speaker or q.mention]
            for q in members:
                if not q.speaker and not q.mention and known:
                    _share_attribution(q, known[-1])
        attributed = sorted((q for q in self.quotes if q.mention), key=lambda q: q.end)
        for cur in direct:   # '"Q1," she said. "Q2"' / 'Lee said she was "sure." "Q2"': Q2 has Q1's attribution
            prev = next((q for q in reversed(attributed) if q.end <= cur.start), None)
            if prev and cur.para == prev.para and (prev.speaker or prev.kind == "direct") and not cur.mention \
                    and not cur.speaker:
                _share_attribution(cur, prev)
        for prev, q in zip([None] + direct, direct):   # an unattributed quotation continues the current speaker
            if q.speaker is None and q.mention is None:
                q.speaker = self.people.salient(q.start)
                q.confidence = 0.5 if q.speaker else 0.0
                if prev and prev.para >= q.para - 1 and prev.mention and prev.speaker == q.speaker:
                    _share_attribution(q, prev)   # the mention too: '"Q1," he said.' then '"Q2"'
        last: dict[str, Quote] = {}   # a speaker's latest quote with a mention
        for q in sorted(self.quotes, key=lambda q: q.start):   # '"…," he said, adding that …': that 'he'
            if q.speaker and q.mention is None and q.speaker in last and last[q.speaker].para >= q.para - 1:
                q.mention, q.mention_start = last[q.speaker].mention, last[q.speaker].mention_start
            elif q.speaker and q.mention:
                last[q.speaker] = q

    def _colon_intro(self, q: Quote) -> tuple[int, int] | None:
        """(start, colon) of the sentence ending in a colon right before quotation ``q``, in its paragraph or
        ending the previous body paragraph or line ('The pilot echoed:')."""
        k, at = q.para, q.start
        while at > self.paras[k][0] and (self.text[at - 1].isspace() or MARK.match(self.text, at - 1)
                                         or self.text[at - 1] == JOINER):
            at -= 1
        if at == self.paras[k][0] and k and self.paras[k - 1][2] in ("body", "turn_label"):
            k, at = k - 1, self.paras[k - 1][1]
        if not self.text[:at].rstrip().endswith(":"):
            return None
        colon = len(self.text[:at].rstrip()) - 1
        sents = self._split(self.paras[k][0], self.paras[k][1]) if k != q.para else []
        start = next((a for a, b in reversed(sents) if a <= colon), self.paras[k][0])
        if k == q.para:
            start = max([self.paras[k][0]] + [b for a, b in segments.split_sentences(
                self.text, self.paras[k][0], colon, self.knowledge)[:-1]])
        return (start, colon) if start < colon else None


def _share_attribution(q: Quote, src: Quote) -> None:
    """Give ``q`` the speaker, mention and cue of ``src`` (a quotation continuing another)."""
    q.speaker, q.mention, q.mention_start = src.speaker, src.mention, src.mention_start
    q.cue, q.cue_start, q.cue_end, q.confidence = src.cue, src.cue_start, src.cue_end, src.confidence * 0.9


def strip_clause_trail(seg: str, lex: Lexicon) -> str:
    """``lex.clause_trail.sub("", seg)``, skipped when ``seg`` ends in an ASCII character no match can end with."""
    last = seg[-1:]
    return seg if last.isascii() and last.lower() not in lex.clause_trail_last else lex.clause_trail.sub("", seg)


def _may_end_in_cue(tail: str, last_words: frozenset[str]) -> bool:
    """Whether a cue can end where ``Lexicon.clause_then_cue`` needs one: before the first comma of ``tail`` (no
    semicolon first), or, with neither, at its end (before a final [.!] or line break); tested on the word there,
    lower-cased (a non-ASCII word is not ruled out: the pattern ignores case beyond ASCII)."""
    cut = COMMA_OR_SEMICOLON.search(tail)
    if cut:
        if cut.group() == ";":
            return False
        end = tail[:cut.start()].rstrip()
    else:
        end = tail[:-1] if tail.endswith("\n") else tail
        end = end[:-1] if end.endswith((".", "!")) else end
    word = end.rsplit(None, 1)[-1] if end.strip() else ""
    return not word.isascii() or word.lower() in last_words


@lru_cache(maxsize=4096)
def _form(surface: str) -> str:
    return SPACES.sub(" ", surface.lower())


def _rows(article_id: str, text: str, paras: list[tuple[int, int, str]], m: ActorMatcher, lex: Lexicon,
          vocab: Vocabulary, split: dict[tuple[int, int], list[tuple[int, int]]] | None = None,
          knowledge: Knowledge | None = None) -> list[tuple]:
    """Quote rows (tuples in ``quotes`` column order) of one article, given the matcher, cue lexicon, vocabulary
    and (optionally) the sentences of its paragraphs by paragraph (start, end)."""
    article = ArticleQuotes(ascii_double_marks(text), paras, lex, m, vocab, split, knowledge)
    found = article.run()
    by_country = sides_mod.country_sides(knowledge)
    sides = {q.speaker: m.side(q.speaker) for q in found if q.speaker}
    sides = {who: by_country.get(article.people.country(who) or "", side) if side == sides_mod.FALLBACK else side
             for who, side in sides.items()}   # "Ukrainian officials": their nationality's side
    rows = []
    for n, q in enumerate(found, 1):
        rows.append((
            article_id, f"{article_id}:q{n}", q.kind, q.start, q.end, text[q.start:q.end], q.cue,
            q.cue_start, q.cue_end, q.speaker, q.mention, q.mention_start,
            q.mention_start + len(q.mention) if q.mention and q.mention_start is not None else None,
            m.role(q.speaker), sides.get(q.speaker, "unknown"), round(q.confidence, 3),
        ))
    return rows


def _paragraph_sentences(sents: pd.DataFrame | None) -> dict[str, dict[tuple[int, int], list[tuple[int, int]]]]:
    """Sentence spans of each paragraph of a sentences frame, by article and by the paragraph's trimmed
    (start, end): its first sentence's start and last sentence's end (what ``split_sentences`` splits)."""
    groups: dict[tuple[str, int], list[tuple[int, int]]] = {}
    if sents is not None:
        at, spans = None, []
        for aid, pid, s, e in zip(sents["article_id"].tolist(), sents["para_id"].tolist(),
                                  sents["start"].tolist(), sents["end"].tolist()):
            if (aid, pid) != at:   # a new paragraph (rows of one paragraph normally follow each other)
                at = aid, pid
                spans = groups.setdefault(at, [])
            spans.append((s, e))
    out: dict[str, dict[tuple[int, int], list[tuple[int, int]]]] = {}
    for (aid, _), spans in groups.items():
        spans.sort()
        out.setdefault(aid, {})[spans[0][0], spans[-1][1]] = spans
    return out


def find_quotes(articles: pd.DataFrame, paras: pd.DataFrame, actors: pd.DataFrame,
                sents: pd.DataFrame | None = None, knowledge: Knowledge | None = None) -> pd.DataFrame:
    """The ``quotes`` frame, speakers resolved to canonical names where possible; ``sents`` (the sentences
    frame of these paragraphs, optional) saves splitting the paragraphs into sentences again;
    ``knowledge``: the tables (default: ``data/``'s)."""
    if articles.empty:
        return empty("quotes")
    by_article: dict[str, list[tuple[int, int, str]]] = {}
    for aid, s, e, role in zip(paras["article_id"].tolist(), paras["start"].tolist(),
                               paras["end"].tolist(), paras["role"].tolist()):
        by_article.setdefault(aid, []).append((int(s), int(e), role))
    knowledge = resolve(knowledge).snapshot()
    lex, m, vocab = load_cues(knowledge), actor_matcher(actors), vocabulary(knowledge)
    split = _paragraph_sentences(sents)
    rows: list[tuple] = []
    for aid, text in zip(articles["article_id"].tolist(), articles["text"].tolist()):
        rows += _rows(aid, text, sorted(by_article.get(aid, [])), m, lex, vocab, split.get(aid), knowledge)
    if not rows:
        return empty("quotes")
    frame = pd.DataFrame(rows, columns=COLUMNS["quotes"])
    for col in ("cue_start", "cue_end", "speaker_start", "speaker_end"):
        frame[col] = frame[col].astype("Int64")
    return frame
