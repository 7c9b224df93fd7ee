"""Gold records in doccano's relation JSONL, so that gold and tasks import into doccano as they are.

One line per document::

    {"doc_id": "...", "text": "...",
     "entities": [{"id": 0, "start_offset": 5, "end_offset": 20, "label": "QUOTE"}, ...],
     "relations": [{"id": 0, "from_id": 0, "to_id": 1, "type": "SAID_BY"}, ...],
     "attribution": [{"start": 5, "end": 20, "speaker": "Kim Jong Un", "confidence": 1.0}]}

Relations go from a QUOTE to its SPEAKER mention (`SAID_BY`) and to its CUE (`CUE`).
The canonical speaker, its kind and the confidence of each quote live in `attribution`, keyed by the
quote's offsets rather than its entity id, because doccano renumbers entities on import.
doccano keeps every key it does not know as the example's metadata and wants the same
extra keys on every line, so `doc_id` and `attribution` are always written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from quotes.schema import Document, Quote, Span

QUOTE, CUE, SPEAKER = "QUOTE", "CUE", "SPEAKER"
SAID_BY, CUED_BY = "SAID_BY", "CUE"
SPAN_LABELS = (QUOTE, CUE, SPEAKER)
RELATION_TYPES = (SAID_BY, CUED_BY)


class GoldFormatError(ValueError):
    """A record that cannot be read as gold; the message says which and why."""


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

    for quote in sorted(doc.quotes, key=lambda q: (q.start, q.end)):
        qid = entity(quote.start, quote.end, QUOTE)
        for span, label, rel in ((quote.speaker_mention, SPEAKER, SAID_BY), (quote.cue, CUE, CUED_BY)):
            if span is not None:
                relations.append({"id": len(relations), "from_id": qid,
                                  "to_id": entity(span.start, span.end, label), "type": rel})
        record = {"start": quote.start, "end": quote.end, "speaker": quote.speaker,
                  "confidence": round(float(quote.confidence), 4)}
        if quote.speaker_kind is not None:  # written where known, so older gold reads back unchanged
            record["speaker_kind"] = quote.speaker_kind
        attribution.append(record)
    return {"doc_id": doc.id, "text": doc.text, "entities": entities, "relations": relations,
            "attribution": attribution}


def record_to_document(record: dict[str, Any], default_id: str = "") -> Document:
    """A doccano relation JSONL line (ours or doccano's export) as a `Document`.

    Raises `GoldFormatError` naming the first problem: an offset outside the text, a
    relation to a missing entity, or a quote with more than one speaker.
    """
    text = record.get("text")
    if not isinstance(text, str):
        raise GoldFormatError("no 'text' string")
    doc_id = str(record.get("doc_id") or record.get("id") or default_id)
    entities: dict[Any, dict[str, Any]] = {}
    for ent in record.get("entities", []):
        start, end, label = ent.get("start_offset"), ent.get("end_offset"), ent.get("label")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise GoldFormatError(f"entity {ent.get('id')} has offsets {start}..{end} outside "
                                  f"the text (length {len(text)})")
        if label not in SPAN_LABELS:
            raise GoldFormatError(f"entity {ent.get('id')} has unknown label {label!r}")
        entities[ent.get("id")] = ent
    speakers: dict[Any, Span] = {}
    cues: dict[Any, Span] = {}
    for rel in record.get("relations", []):
        src, dst = entities.get(rel.get("from_id")), entities.get(rel.get("to_id"))
        if src is None or dst is None:
            raise GoldFormatError(f"relation {rel.get('id')} joins a missing entity "
                                  f"({rel.get('from_id')} -> {rel.get('to_id')})")
        if dst["label"] == QUOTE and src["label"] != QUOTE:  # drawn backwards in the browser
            src, dst = dst, src
        if src["label"] != QUOTE:
            raise GoldFormatError(f"relation {rel.get('id')} does not start at a QUOTE")
        target = Span.of(text, dst["start_offset"], dst["end_offset"])
        table = speakers if dst["label"] == SPEAKER else cues
        if dst["label"] == SPEAKER and src["id"] in speakers and speakers[src["id"]] != target:
            raise GoldFormatError(f"quote {src['id']} has more than one speaker")
        table[src["id"]] = target
    names = {(a["start"], a["end"]): a for a in record.get("attribution") or []}
    quotes = []
    for ent in entities.values():
        if ent["label"] != QUOTE:
            continue
        start, end = ent["start_offset"], ent["end_offset"]
        meta = names.get((start, end), {})
        quotes.append(Quote(text=text[start:end], start=start, end=end,
                            cue=cues.get(ent["id"]), speaker_mention=speakers.get(ent["id"]),
                            speaker=meta.get("speaker"), speaker_kind=meta.get("speaker_kind"),
                            confidence=float(meta.get("confidence", 1.0))))
    quotes.sort(key=lambda q: (q.start, q.end))
    return Document(id=doc_id, text=text, quotes=quotes)


def read_gold(path: str | Path) -> Iterator[Document]:
    """Every document of a gold JSONL file; a bad line raises `GoldFormatError` with its number."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield record_to_document(json.loads(line), default_id=f"{Path(path).stem}-{number}")
            except (json.JSONDecodeError, GoldFormatError) as err:
                raise GoldFormatError(f"{path}:{number}: {err}") from None


def write_gold(docs: Iterable[Document], path: str | Path) -> int:
    """Write documents as doccano relation JSONL; returns how many."""
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for doc in docs:
            handle.write(json.dumps(document_to_record(doc), ensure_ascii=False) + "\n")
            count += 1
    return count
