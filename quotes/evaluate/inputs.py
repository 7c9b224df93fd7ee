"""What `quotes eval` scores: gold from a doccano JSONL or a PolNeAR split, predictions from
our JSONL output or from running a model on the gold texts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO, Literal

from pydantic.v1 import BaseModel, Extra, StrictFloat, StrictInt, StrictStr

from quotes.gold.doccano import parse_gold
from quotes.gold.polnear import is_polnear_split, read_polnear
from quotes.gold.speakers import Applied, LayerError, apply_layer, read_layer
from quotes.records import RecordError, checked, read_records
from quotes.schema import Document, of_kinds


class InputError(ValueError):
    """Gold or predictions that cannot be read: one line for the user per problem; the
    message is the first, with a count of the others."""

    def __init__(self, *problems: str) -> None:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(problems[0] + more)
        self.problems = problems


class SpanRecord(BaseModel):
    text: StrictStr
    start: StrictInt
    end: StrictInt


class QuoteRecord(SpanRecord):
    kind: Literal["direct", "indirect"] = "direct"
    cue: SpanRecord | None = None
    speaker_mention: SpanRecord | None = None
    speaker: StrictStr | None = None
    speaker_kind: StrictStr | None = None
    confidence: StrictFloat | StrictInt = 1.0


class PredictionRecord(BaseModel, extra=Extra.allow):
    """One line of our output JSONL (`Document.to_dict`); other keys pass through."""

    id: StrictStr | StrictInt
    quotes: list[QuoteRecord] = []
    error: StrictStr | None = None


Parsed = Iterable[tuple[Any, Document] | str]


def _readable(path: Path, what: str, read: Callable[[BinaryIO], Parsed]) -> list[Document]:
    """The documents `read(binary handle)` yields from `path`; every problem it yields instead
    (a message) is gathered into one `InputError`."""
    try:
        with open(path, "rb") as handle:
            parsed = list(read(handle))
    except OSError as err:
        raise InputError(f"cannot read {what} {path}: {err.strerror or err}") from None
    problems = [item for item in parsed if isinstance(item, str)]
    if problems:
        raise InputError(*problems)
    return [item[1] for item in parsed]


def load_gold(path: str | Path, kinds: tuple[str, ...] = ("direct",)) -> list[Document]:
    """Gold documents: a PolNeAR split folder (with text/ and attributions/) or a gold JSONL,
    each record of which is checked as `quotes annotate import` checks doccano's export; with
    their items of the given `kinds` (direct quotes, reported speech: quotes/schema.py KINDS)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"gold {path} does not exist")
    if path.is_dir():
        if not is_polnear_split(path):
            raise InputError(f"gold folder {path} has no text/ and attributions/ (not PolNeAR)")
        return list(read_polnear(path, kinds))
    return of_kinds(_readable(path, "gold", lambda handle: parse_gold(handle, str(path))), kinds)


def with_speakers(gold: list[Document], layer: str | Path) -> Applied:
    """The gold with canonical speakers from a standoff layer (`quotes.gold.speakers`)."""
    try:
        return apply_layer(gold, read_layer(layer))
    except LayerError as err:
        raise InputError(str(err)) from None


def _offsets(quote: QuoteRecord, length: int | None) -> str | None:
    """What is wrong with the offsets or confidence of a predicted quote, if anything."""
    for name, span in (("quote", quote), ("cue", quote.cue), ("speaker_mention", quote.speaker_mention)):
        if span is None:
            continue
        if span.start < 0 or span.start > span.end:
            return f"{name} offsets {span.start}..{span.end} start below 0 or after the end"
        if length is not None and span.end > length:
            return f"{name} ends at {span.end}, past the end of the gold text (length {length})"
    if not 0 <= quote.confidence <= 1:
        return f"confidence {quote.confidence} is not between 0 and 1"
    return None


def prediction(value: Any, lengths: dict[str, int]) -> Document:
    """One prediction record as a `Document`, its offsets checked against the gold text of the
    same id (when there is one); a `RecordError` names the first problem."""
    record = checked(PredictionRecord, value)
    doc_id = str(record.id)
    for index, quote in enumerate(record.quotes):
        problem = _offsets(quote, lengths.get(doc_id))
        if problem:
            raise RecordError(f"document {doc_id!r} quote {index}: {problem}")
    return Document.from_dict(value)


def load_predictions(path: str | Path, gold: Iterable[Document] = ()) -> list[Document]:
    """Our output JSONL: one `{"id", "quotes": [...]}` per line (`Document.to_dict`), each checked
    for its types, its offsets (inside the `gold` text of its id) and a unique id."""
    lengths = {doc.id: len(doc.text) for doc in gold}
    return _readable(Path(path), "predictions", lambda handle: read_records(
        handle, str(path), lambda value, _: prediction(value, lengths), key=lambda doc: doc.id))


def run_model(gold: list[Document], model: str, kind: str = "direct") -> list[Document]:
    """Predictions of `quotes.extract_many(..., model=model, kind=kind)` on the gold texts."""
    from quotes import extract_many  # the extractor is only loaded when a model is asked for

    records = [{"id": doc.id, "text": doc.text} for doc in gold]
    try:
        return list(extract_many(records, model=model, kind=kind))
    except (KeyError, ValueError) as err:
        raise InputError(f"model {model!r} failed: {err}") from None
