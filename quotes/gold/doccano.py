"""Gold records in doccano's relation JSONL, so that gold and tasks import into doccano as they are.

One line per document::

    {"doc_id": "...", "text": "...",
     "entities": [{"id": 0, "start_offset": 5, "end_offset": 20, "label": "QUOTE"}, ...],
     "relations": [{"id": 0, "from_id": 0, "to_id": 1, "type": "SAID_BY"}, ...],
     "attribution": [{"start": 5, "end": 20, "speaker": "Kim Jong Un", "confidence": 1.0,
                      "speaker_kind": "person"}]}

A direct quote is a QUOTE span, reported speech (an item of kind `indirect`) a CONTENT span;
relations go from either to its SPEAKER mention (`SAID_BY`) and to its CUE (`CUE`), and a
mixed attribution's QUOTE and CONTENT join the same CUE and SPEAKER entities.
The canonical speaker, confidence and speaker kind (`quotes.schema.SPEAKER_KINDS`, left out
where unknown) of each item live in `attribution`, keyed by the item's offsets (and `"kind":
"indirect"` for a CONTENT, absent for a QUOTE) rather than its entity id, because doccano
renumbers entities on import.
doccano keeps every key it does not know as the example's metadata and wants the same
extra keys on every line, so `doc_id` and `attribution` are always written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic.v1 import BaseModel, Extra, StrictFloat, StrictInt, StrictStr, validator

from quotes.records import RecordError, checked, read_records
from quotes.schema import SPEAKER_KINDS, Document, Quote, Span

QUOTE, CUE, SPEAKER, CONTENT = "QUOTE", "CUE", "SPEAKER", "CONTENT"
SAID_BY, CUED_BY = "SAID_BY", "CUE"
SPAN_LABELS = (QUOTE, CUE, SPEAKER, CONTENT)
ITEM_KINDS = {QUOTE: "direct", CONTENT: "indirect"}  # the labels of an item's own span, by its kind
ITEM_LABELS = {kind: label for label, kind in ITEM_KINDS.items()}
RELATION_TYPES = (SAID_BY, CUED_BY)


class GoldFormatError(RecordError):
    """A record that cannot be read as gold; the message says which and why."""


EntityId = StrictInt | StrictStr
Number = StrictFloat | StrictInt


class EntityRecord(BaseModel):
    id: EntityId
    start_offset: StrictInt
    end_offset: StrictInt
    label: StrictStr


class RelationRecord(BaseModel):
    id: EntityId | None = None
    from_id: EntityId
    to_id: EntityId
    type: StrictStr


class AttributionRecord(BaseModel):
    start: StrictInt
    end: StrictInt
    speaker: StrictStr | None = None
    confidence: Number = 1.0
    speaker_kind: StrictStr | None = None
    kind: StrictStr = "direct"  # which item: the QUOTE or the CONTENT at these offsets

    @validator("kind")
    def known_item(cls, kind: str) -> str:  # noqa: N805 - pydantic's validator form
        if kind not in ITEM_LABELS:
            raise ValueError(f"{kind!r} is not one of {', '.join(ITEM_LABELS)}")
        return kind

    @validator("speaker_kind")
    def known_kind(cls, kind: str | None) -> str | None:  # noqa: N805 - pydantic's validator form
        if kind is not None and kind not in SPEAKER_KINDS:
            raise ValueError(f"{kind!r} is not one of {', '.join(SPEAKER_KINDS)}")
        return kind


class GoldRecord(BaseModel, extra=Extra.allow):
    """The structure of one line; doccano's own keys (`Comments`, ...) pass through."""

    text: StrictStr
    doc_id: StrictStr | StrictInt | None = None
    id: StrictStr | StrictInt | None = None
    entities: list[EntityRecord] = []
    relations: list[RelationRecord] = []
    attribution: list[AttributionRecord] | None = None


def document_to_record(doc: Document) -> dict[str, Any]:
    """A `Document` as one doccano relation JSONL line."""
    entities: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    attribution: list[dict[str, Any]] = []
    index: dict[tuple[int, int, str], int] = {}

    def entity(start: int, end: int, label: str) -> int:
        key = (start, end, label)
        if key not in index:
            index[key] = len(entities)
            entities.append({"id": index[key], "start_offset": start, "end_offset": end,
                             "label": label})
        return index[key]

    for quote in sorted(doc.quotes, key=lambda q: (q.start, q.end, q.kind)):
        qid = entity(quote.start, quote.end, ITEM_LABELS[quote.kind])
        for span, label, rel in ((quote.speaker_mention, SPEAKER, SAID_BY), (quote.cue, CUE, CUED_BY)):
            if span is not None:
                relations.append({"id": len(relations), "from_id": qid,
                                  "to_id": entity(span.start, span.end, label), "type": rel})
        meta = {"start": quote.start, "end": quote.end, "speaker": quote.speaker,
                "confidence": round(float(quote.confidence), 4)}
        if quote.speaker_kind is not None:
            meta["speaker_kind"] = quote.speaker_kind
        if quote.kind != "direct":  # a direct quote's line reads as before reported speech
            meta["kind"] = quote.kind
        attribution.append(meta)
    return {"doc_id": doc.id, "text": doc.text, "entities": entities, "relations": relations,
            "attribution": attribution}


def record_to_document(record: Any, default_id: str = "") -> Document:
    """A doccano relation JSONL line (ours or doccano's export) as a `Document`.

    Raises `GoldFormatError` naming the first problem: a field of the wrong type, an offset
    outside the text, a relation to a missing entity or between the wrong labels, a quote or
    content with more than one speaker or cue, or a CUE or SPEAKER that no relation joins to a
    QUOTE or CONTENT (it would be lost: gold holds cues and speakers only as an item's).
    """
    try:
        gold = checked(GoldRecord, record)
    except RecordError as err:
        raise GoldFormatError(str(err)) from None
    text = gold.text
    entities: dict[Any, EntityRecord] = {}
    for ent in gold.entities:
        if not 0 <= ent.start_offset < ent.end_offset <= len(text):
            raise GoldFormatError(f"entity {ent.id} has offsets {ent.start_offset}..{ent.end_offset} "
                                  f"outside the text (length {len(text)})")
        if ent.label not in SPAN_LABELS:
            raise GoldFormatError(f"entity {ent.id} has unknown label {ent.label!r}")
        if ent.id in entities:
            raise GoldFormatError(f"entity id {ent.id} is used twice")
        entities[ent.id] = ent
    links: dict[str, dict[Any, Span]] = {SPEAKER: {}, CUE: {}}
    joined = set()
    for rel in gold.relations:
        src, dst = entities.get(rel.from_id), entities.get(rel.to_id)
        if src is None or dst is None:
            raise GoldFormatError(f"relation {rel.id} joins a missing entity "
                                  f"({rel.from_id} -> {rel.to_id})")
        if dst.label in ITEM_KINDS:  # drawn backwards in the browser
            src, dst = dst, src
        if src.label not in ITEM_KINDS or dst.label in ITEM_KINDS:
            raise GoldFormatError(f"relation {rel.id} joins a {src.label} and a {dst.label}, "
                                  "not a QUOTE or CONTENT and a CUE or SPEAKER")
        target = Span.of(text, dst.start_offset, dst.end_offset)
        table = links[dst.label]
        if table.get(src.id, target) != target:
            item = "quote" if src.label == QUOTE else "content"
            raise GoldFormatError(f"{item} {src.id} has more than one {dst.label.lower()}")
        table[src.id] = target
        joined.add(dst.id)
    for ent in entities.values():
        if ent.label not in ITEM_KINDS and ent.id not in joined:
            raise GoldFormatError(f"{ent.label} entity {ent.id} ({text[ent.start_offset:ent.end_offset]!r} "
                                  f"at {ent.start_offset}..{ent.end_offset}) is joined to no QUOTE or "
                                  f"CONTENT: draw its relation or delete it")
    names = {(a.start, a.end, a.kind): a for a in gold.attribution or []}
    quotes = []
    for ent in entities.values():
        kind = ITEM_KINDS.get(ent.label)
        if kind is None:
            continue
        start, end = ent.start_offset, ent.end_offset
        meta = names.get((start, end, kind))
        quotes.append(Quote(text=text[start:end], start=start, end=end,
                            cue=links[CUE].get(ent.id), speaker_mention=links[SPEAKER].get(ent.id),
                            speaker=meta.speaker if meta else None,
                            confidence=float(meta.confidence) if meta else 1.0,
                            speaker_kind=meta.speaker_kind if meta else None, kind=kind))
    quotes.sort(key=lambda q: (q.start, q.end, q.kind))
    return Document(id=str(gold.doc_id or gold.id or default_id), text=text, quotes=quotes)


def parse_gold(lines: Iterable[bytes], source: str) -> Iterator[tuple[dict[str, Any], Document] | str]:
    """Each non-blank line as (record, document), or as one `source:line: problem` message (a
    document id seen before among them)."""
    stem = Path(source).stem
    return read_records(lines, source, lambda record, number: record_to_document(
        record, default_id=f"{stem}-{number}"), key=lambda doc: doc.id)


def read_gold(path: str | Path) -> Iterator[Document]:
    """Every document of a gold JSONL file; the first bad line raises `GoldFormatError`."""
    with open(path, "rb") as handle:
        for parsed in parse_gold(handle, str(path)):
            if isinstance(parsed, str):
                raise GoldFormatError(parsed)
            yield parsed[1]


def write_gold(docs: Iterable[Document], path: str | Path) -> int:
    """Write documents as doccano relation JSONL; returns how many."""
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for doc in docs:
            handle.write(json.dumps(document_to_record(doc), ensure_ascii=False) + "\n")
            count += 1
    return count
