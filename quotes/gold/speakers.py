"""A standoff layer of canonical speakers over gold quotes whose corpus we may not copy.

PolNeAR's Sources are mentions ("he", "the spokesman"), not names, so its gold cannot score
the canonical speaker. The layer (`annotations/polnear-dev-speakers.jsonl`) adds one record
per gold quote, keyed by document id and quote offsets, and holds no text of the corpus
beyond the speaker's name::

    {"doc": ID, "text_sha1": HEX, "start": 10, "end": 42, "speaker": "Hillary Clinton",
     "aliases": ["Clinton", "Mrs. Clinton"], "speaker_kind": "person", "proposed": ...}

`text_sha1` is the SHA-1 of the document text as read: a record whose document changed is
not applied. `proposed` is the pre-annotation the record was corrected from (kept so that the
corrections can be counted); readers ignore it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from quotes.schema import SPEAKER_KINDS, Document

FIELDS = ("doc", "text_sha1", "start", "end", "speaker", "aliases", "speaker_kind")


class LayerError(ValueError):
    """A layer file that cannot be read; the message names the line and the problem."""


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SpeakerRecord:
    """The canonical speaker of the gold quote at `start:end` of document `doc`."""

    doc: str
    text_sha1: str
    start: int
    end: int
    speaker: str | None
    aliases: tuple[str, ...] = ()
    speaker_kind: str | None = None
    proposed: dict | None = None

    @property
    def key(self) -> tuple[str, int, int]:
        return self.doc, self.start, self.end

    def to_dict(self) -> dict:
        record = {"doc": self.doc, "text_sha1": self.text_sha1, "start": self.start, "end": self.end,
                  "speaker": self.speaker, "aliases": list(self.aliases),
                  "speaker_kind": self.speaker_kind}
        if self.proposed is not None:
            record["proposed"] = self.proposed
        return record


def _record(data: object) -> SpeakerRecord:
    if not isinstance(data, dict):
        raise ValueError("not an object")
    missing = [name for name in FIELDS if name not in data]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    kind = data["speaker_kind"]
    if kind is not None and kind not in SPEAKER_KINDS:
        raise ValueError(f"speaker_kind {kind!r} is not one of {', '.join(SPEAKER_KINDS)}")
    if (data["speaker"] is None) != (kind is None):
        raise ValueError("speaker and speaker_kind must be both set or both null")
    return SpeakerRecord(doc=str(data["doc"]), text_sha1=str(data["text_sha1"]),
                         start=int(data["start"]), end=int(data["end"]), speaker=data["speaker"],
                         aliases=tuple(data["aliases"] or ()), speaker_kind=kind,
                         proposed=data.get("proposed"))


def read_layer(path: str | Path) -> list[SpeakerRecord]:
    """The records of a layer file, or LayerError naming the first bad line."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise LayerError(f"cannot read speaker layer {path}: {err}") from None
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            records.append(_record(json.loads(line)))
        except (ValueError, TypeError) as err:
            raise LayerError(f"{path}:{number}: not a speaker record ({err})") from None
    return records


def write_layer(path: str | Path, records: list[SpeakerRecord]) -> None:
    ordered = sorted(records, key=lambda r: r.key)
    Path(path).write_text("".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in ordered),
                          encoding="utf-8")


@dataclass
class Applied:
    """Gold documents with the layer's speakers, and what did not fit."""

    documents: list[Document]
    unknown: int = 0  # gold quotes the layer has no record for
    warnings: list[str] = field(default_factory=list)


def apply_layer(gold: list[Document], records: list[SpeakerRecord]) -> Applied:
    """The gold documents with each quote's `speaker` and `speaker_kind` taken from the layer.

    A gold quote with no record (or whose document's text changed) keeps no canonical speaker
    and counts as unknown; each record that matches no gold quote is a one-line warning.
    """
    by_key = {record.key: record for record in records}
    docs, used, changed = [], set(), set()
    unknown = 0
    for doc in gold:
        digest = text_sha1(doc.text)
        quotes = []
        for quote in doc.quotes:
            record = by_key.get((doc.id, quote.start, quote.end))
            if record is not None and record.text_sha1 != digest:
                changed.add(doc.id)
                record = None
            if record is None:
                unknown += 1
                quotes.append(replace(quote, speaker=None, speaker_kind=None))
                continue
            used.add(record.key)
            quotes.append(replace(quote, speaker=record.speaker, speaker_kind=record.speaker_kind))
        docs.append(replace(doc, quotes=quotes))
    warnings = []
    if changed:
        warnings.append(f"speaker layer: {len(changed)} documents changed since annotation "
                        f"(text hash differs), their records not applied: {', '.join(sorted(changed))}")
    gold_ids = {doc.id for doc in gold}
    for record in records:
        if record.key not in used and record.doc not in changed:
            where = "no such document" if record.doc not in gold_ids else "no gold quote there"
            warnings.append(f"speaker layer: record {record.doc} {record.start}-{record.end} "
                            f"matches no gold quote ({where})")
    return Applied(docs, unknown, warnings)
