"""PolNeAR's canonical-speaker layers as resolution data: news speakers with the names they should get.

Each gold quote's Source mention is resolved in reading order by the speaker resolver, on the
pieces the extractor parses (and the line of every mention), as the pipeline resolves the
mention it finds; the layer (annotations/polnear-train-speakers.jsonl) says which canonical
name it should come out as. `walk` can hand each ranked mention's candidates to a `Step` with
the index of the right one (the candidate already linked to that speaker or bearing its name,
else a new entity), so that the ranker learns from news speakers as it does from GUM's chains
(train.py), and `resolve` scores the shipped ranker on gold mentions (eval/speakers_train.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Span

from quotes.aliases import AliasRegistry
from quotes.evaluate.matching import mention_kind, normal_name
from quotes.gold.speakers import SpeakerRecord
from quotes.linear import HashedLogistic
from quotes.resolution.resolver import Resolution, Resolver
from quotes.resolution.table import Entity
from quotes.rules import Piece, plan
from quotes.schema import Document, Quote
from quotes.sources import referent

# Given the candidates of a ranked mention, their features and the right index (None: no right
# one the ranker could choose), the index chosen and its certainty.
Step = Callable[[list[Entity], list[dict[str, float]], int | None], tuple[int, float]]


@dataclass
class Resolved:
    """One gold quote: its layer record, the mention's form (name, description, pronoun) and
    what the resolver made of its Source (None when it has none or it could not be read)."""

    quote: Quote
    record: SpeakerRecord
    form: str | None
    resolution: Resolution | None

    @property
    def right(self) -> bool:
        named = self.resolution.name if self.resolution is not None else None
        return self.resolution is not None and normal_name(named) == normal_name(self.record.speaker)


def parsed_pieces(doc: Document, nlp: Language) -> list[Piece]:
    """The lines the extractor would parse, and every line holding a gold Source mention, parsed."""
    work = plan(doc.id, doc.text)
    starts = {p.start for p in work.pieces}
    for quote in doc.quotes:
        if quote.speaker_mention is None:
            continue
        at = quote.speaker_mention.start
        line_start = doc.text.rfind("\n", 0, at) + 1
        line_end = doc.text.find("\n", at)
        line_end = len(doc.text) if line_end < 0 else line_end
        parsed = any(p.start <= at < p.start + len(p.text) for p in work.pieces)
        if not parsed and line_start not in starts:
            work.pieces.append(Piece(line_start, doc.text[line_start:line_end]))
            starts.add(line_start)
    work.pieces.sort(key=lambda p: p.start)
    for piece, parsed in zip(work.pieces, nlp.pipe(p.text for p in work.pieces), strict=True):
        piece.doc = parsed
    return work.pieces


def mention_target(pieces: Sequence[Piece], quote: Quote) -> tuple[Span, int, Span | None] | None:
    """The words of a quote's Source up to its head, as the pipeline hands a speaker to the
    resolver, with its piece's offset and the quotation when it is in the same parse."""
    mention = quote.speaker_mention
    if mention is None:
        return None
    piece = next(p for p in pieces if p.start <= mention.start < p.start + len(p.text))
    span = piece.doc.char_span(mention.start - piece.start,
                               min(mention.end, piece.start + len(piece.text)) - piece.start,
                               alignment_mode="expand")
    if span is None or not len(span):
        return None
    head = referent(span.root)
    target = span if head == span.root else span.doc[head.left_edge.i : head.i + 1]
    said = None
    if piece.start <= quote.start and quote.end <= piece.start + len(piece.text):
        said = piece.doc.char_span(quote.start - piece.start, quote.end - piece.start,
                                   alignment_mode="expand")
    return target, piece.start, said


def right_index(cands: list[Entity], record: SpeakerRecord, linked: dict[str, int]) -> int | None:
    """The candidate standing for the record's speaker: the one linked to it before, else the
    one named so (by its fullest name or registry entry, else by an alias of the speaker when only
    one candidate has it); a new entity when none is; None for a group or no speaker (not ranked)."""
    if record.speaker is None or record.speaker_kind == "group":
        return None
    gold = normal_name(record.speaker)
    if gold in linked:
        standing = [i for i, e in enumerate(cands) if e.id == linked[gold]]
        return standing[0] if standing else None
    named = [i for i, e in enumerate(cands)
             if gold in {normal_name(n) for n in (e.name, e.registered) if n}]
    if named:
        return named[0]
    aliases = {normal_name(a) for a in record.aliases} - {""}
    aliased = [i for i, e in enumerate(cands) if aliases & {normal_name(n) for n in e.names}]
    if len(aliased) == 1:
        return aliased[0]
    return len(cands)


def walk(doc: Document, pieces: Sequence[Piece], records: dict[tuple[str, int, int], SpeakerRecord],
         registry: AliasRegistry, ranker: HashedLogistic | None, step: Step | None = None) -> list[Resolved]:
    """Resolve every gold quote's Source of `doc` in reading order; with `step`, each ranked
    mention's choice is `step`'s, given the right index (to learn from)."""
    resolver = Resolver(doc.text, registry, [(p.start, p.doc) for p in pieces], ranker)
    linked: dict[str, int] = {}  # normalised gold speaker -> the entity it was linked to
    out = []
    for quote in doc.quotes:
        record = records[(doc.id, quote.start, quote.end)]
        found = mention_target(pieces, quote)
        if found is None:
            out.append(Resolved(quote, record, None, None))
            continue
        target, offset, said = found
        ranked: list[bool] = []

        def choose(cands: list[Entity], feats: list[dict[str, float]],
                   record: SpeakerRecord = record, ranked: list[bool] = ranked) -> tuple[int, float]:
            ranked.append(True)
            return step(cands, feats, right_index(cands, record, linked))

        resolver.choose = choose if step else None
        resolution = resolver.resolve(target, offset, said)
        if ranked and record.speaker and resolver.linker.last_speaker is not None:
            linked.setdefault(normal_name(record.speaker), resolver.linker.last_speaker)
        out.append(Resolved(quote, record, mention_kind(quote.speaker_mention.text), resolution))
    return out


def resolve(docs: Iterable[tuple[Document, list[Piece]]], records: dict[tuple[str, int, int], SpeakerRecord],
            registry: AliasRegistry, ranker: HashedLogistic | None) -> list[Resolved]:
    """What the resolver with `ranker` names every gold Source of `docs` (parsed pieces given)."""
    return [r for doc, pieces in docs for r in walk(doc, pieces, records, registry, ranker)]
