"""The one output schema: every extractor, reader, metric and writer speaks it.

A `Quote` is the text inside a pair of quotation marks (marks excluded), the cue
that introduces it, the mention of its speaker in the text and the canonical
speaker name; or, of kind `indirect`, a reported content without marks ("Kim said
*the partnership poses a threat*"). Offsets are character offsets into the document
text as read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Span:
    """A stretch of the document: `text == doc_text[start:end]`."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Span | None:
        if data is None:
            return None
        return cls(text=data["text"], start=int(data["start"]), end=int(data["end"]))

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span `[start, end)` of `text`."""
        return cls(text=text[start:end], start=start, end=end)


KINDS = ("direct", "indirect")
"""What an item is: a direct quotation (the words inside quotation marks) or reported speech (a
content span without marks, a paraphrase of what was said); see annotations/GUIDELINES.md."""

EXTRACTED = ("direct", "all")
"""What an extraction asks for (`kind=`): the direct quotes, or reported speech too."""


Item = tuple[str, str] | tuple[str, str, str | None]
"""A document handed to an extractor: `(id, text)`, or `(id, text, place)` with the place of a
wire dateline blanked in the text ("SEOUL"), which names the country of the story's unnamed
officials (quotes/shape.py)."""


def check_extracted(kind: str) -> None:
    """ValueError naming the choices for a `kind=` that is not one of EXTRACTED."""
    if kind not in EXTRACTED:
        raise ValueError(f"kind must be one of {', '.join(EXTRACTED)}, not {kind!r}")


SPEAKER_KINDS = ("person", "organization", "group", "unnamed")
"""What a canonical speaker is: a named person, a named body, several speakers at once, or a
source the text does not name ("a senior official"); see annotations/GUIDELINES.md."""


@dataclass
class Quote:
    """One quotation, direct or reported (`kind`), and who said it."""

    text: str
    start: int
    end: int
    cue: Span | None = None
    speaker_mention: Span | None = None
    speaker: str | None = None
    confidence: float = 1.0
    speaker_kind: str | None = None  # one of SPEAKER_KINDS, None where nothing is known
    kind: str = "direct"  # one of KINDS

    @property
    def span(self) -> Span:
        return Span(self.text, self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "cue": self.cue.to_dict() if self.cue else None,
            "speaker_mention": self.speaker_mention.to_dict() if self.speaker_mention else None,
            "speaker": self.speaker,
            "speaker_kind": self.speaker_kind,
            "confidence": round(float(self.confidence), 4),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        return cls(
            text=data["text"],
            start=int(data["start"]),
            end=int(data["end"]),
            cue=Span.from_dict(data.get("cue")),
            speaker_mention=Span.from_dict(data.get("speaker_mention")),
            speaker=data.get("speaker"),
            confidence=float(data.get("confidence", 1.0)),
            speaker_kind=data.get("speaker_kind"),
            kind=data.get("kind") or "direct",
        )


@dataclass
class Document:
    """A text with its quotes: a prediction, or gold when read from annotations."""

    id: str
    text: str
    quotes: list[Quote] = field(default_factory=list)
    error: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # the input record's other fields

    def to_dict(self) -> dict[str, Any]:
        """The JSONL output record: the id, the input record's other fields (outlet, date...)
        as given, the quotes; `text` is left out, outputs refer to it by id."""
        record: dict[str, Any] = {"id": self.id, **self.meta,
                                  "quotes": [q.to_dict() for q in self.quotes]}
        if self.error is not None:
            record["error"] = self.error
        return record

    @classmethod
    def from_dict(cls, data: dict[str, Any], text: str = "") -> Document:
        return cls(
            id=str(data["id"]),
            text=data.get("text", text),
            quotes=[Quote.from_dict(q) for q in data.get("quotes", [])],
            error=data.get("error"),
            meta=metadata(data),
        )


def of_kinds(docs: Iterable[Document], kinds: tuple[str, ...]) -> list[Document]:
    """The documents with only their items of the given kinds (KINDS), e.g. for scoring each
    kind apart."""
    return [replace(doc, quotes=[q for q in doc.quotes if q.kind in kinds]) for doc in docs]


RECORD_FIELDS = frozenset({"id", "text", "quotes", "error"})


def metadata(record: dict[str, Any]) -> dict[str, Any]:
    """A record's fields other than those the schema owns: passed on from input to output."""
    return {key: value for key, value in record.items() if key not in RECORD_FIELDS}
