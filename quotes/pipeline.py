"""The orchestrator: choose an extractor by name, stream documents through it, isolate failures.

One bad document never stops a batch: it comes out as a `Document` with an `error`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any, Protocol

from quotes.aliases import AliasRegistry
from quotes.io import Record, record_id
from quotes.schema import Document, Item, check_extracted, metadata
from quotes.shape import Reading, check_marks, read
from quotes.startup import DEFAULT_MODEL, SHIPPED_MODEL, import_spacy, model_folder

__all__ = ["DEFAULT_MODEL", "SHIPPED_MODEL", "ModelError", "Options", "extract", "extract_many", "load",
           "model_folder"]

MAX_CHARS = 20_000_000  # a document longer than this is refused, not parsed


@dataclass(frozen=True)
class Options:
    """How each document is read and what is extracted: `marks` says whether speech is in double
    marks, single marks (British style) or, with `auto`, decides per document; `kind` is `direct`
    (quotations) or `all` (reported speech too, items of kind `indirect`)."""

    marks: str = "auto"
    kind: str = "direct"

    def check(self) -> None:
        check_marks(self.marks)
        check_extracted(self.kind)


class Extractor(Protocol):
    name: str

    def pipe(self, items: Iterable[Item], batch_size: int = 64,
             kind: str = "direct") -> Iterator[Document]:
        ...


class ModelError(ValueError):
    """A model name or folder that cannot be loaded."""


def load(model: str = DEFAULT_MODEL, aliases: tuple[str, ...] = ()) -> Extractor:
    """The extractor called `model`, with the alias registry extended by `aliases` files;
    loaded once per process for the same model and aliases, however the call spells them."""
    return _load(str(model), tuple(str(a) for a in aliases))


@lru_cache(maxsize=4)
def _load(model: str, aliases: tuple[str, ...]) -> Extractor:
    registry = AliasRegistry.load(aliases)
    if model == "rules":
        import_spacy()
        from quotes.rules import RulesExtractor

        return RulesExtractor(registry=registry)
    folder = model_folder(model)
    if not (folder / "meta.json").is_file():
        raise ModelError(f"unknown model {model!r}: not 'default', 'rules' or a model folder")
    import_spacy()
    from quotes.trained import TrainedExtractor

    try:
        return TrainedExtractor(folder, registry=registry)
    except (OSError, ValueError, KeyError) as err:
        raise ModelError(f"{folder}: cannot load model ({err})") from None


def _as_record(item: Any, index: int) -> Record:
    if isinstance(item, Record):
        return item
    if isinstance(item, str):
        return Record(str(index), item)
    if isinstance(item, Mapping):
        doc_id = record_id(item.get("id"), str(index))
        text = item.get("text")
        if isinstance(text, str):
            return Record(doc_id, text, meta=metadata(dict(item)))
        return Record(doc_id, error=f"{doc_id}: needs a \"text\" string")
    return Record(str(index), error=f"{index}: not a text or a record with \"text\"")


def _checked(record: Record) -> Record:
    if record.error is None and len(record.text) > MAX_CHARS:
        record.error = f"{record.id}: {len(record.text):,} characters, over the limit of " \
                       f"{MAX_CHARS:,}"
    return record


def extract_many(items: Iterable[Any], model: str = DEFAULT_MODEL, aliases: Iterable[str] = (),
                 batch_size: int = 64, n_process: int = 1, marks: str = "auto",
                 kind: str = "direct") -> Iterator[Document]:
    """Stream `Document`s for texts, `{"id", "text"}` records or `Record`s, in input order;
    `n_process` > 1 extracts batches in that many worker processes. `marks` says whether speech
    is in double marks, single marks (British style) or, with `auto`, decides per document;
    `kind="all"` adds reported speech (items of kind `indirect`) to the direct quotes."""
    aliases = tuple(str(a) for a in aliases)
    options = Options(marks, kind)
    options.check()
    extractor = load(model, aliases)
    records = (_checked(_as_record(item, i)) for i, item in enumerate(items))
    sent: deque[list[Record]] = deque()  # the batches out for extraction, oldest first
    batches = _remembered(iter(lambda: list(islice(records, batch_size)), []), sent)
    if n_process > 1:
        from quotes.parallel import in_workers

        done = in_workers(batches, model, aliases, n_process, options)
    else:
        done = (extract_batch(extractor, batch, options) for batch in batches)
    for docs in done:
        for record, doc in zip(sent.popleft(), docs, strict=True):
            doc.meta = record.meta
            yield doc


def _remembered(batches: Iterable[list[Record]], sent: deque[list[Record]]) -> Iterator[list[Record]]:
    """The batches, each noted in `sent` as it goes out, so that its documents get back the
    records' other fields (workers send back only what they found)."""
    for batch in batches:
        sent.append(batch)
        yield batch


def extract_batch(extractor: Extractor, batch: list[Record], options: Options = Options()) -> list[Document]:
    """The documents of one batch of records; a failing document becomes an error record. Each
    text is read in its shape (quotes/shape.py) and its quotes mapped back to the text as given."""
    readings = [read(r.text, options.marks) for r in batch if r.error is None]
    good = [(r.id, reading.text, reading.place) for r, reading in zip(
        (r for r in batch if r.error is None), readings, strict=True)]
    try:
        done = iter(list(extractor.pipe(good, batch_size=len(batch), kind=options.kind)))
    except Exception:  # noqa: BLE001 - find the document that failed, keep the others
        done = iter([_one(extractor, item, options.kind) for item in good])
    shapes = iter(readings)
    return [Document(record.id, record.text, error=record.error) if record.error
            else _restored(next(done), next(shapes)) for record in batch]


def _restored(doc: Document, reading: Reading) -> Document:
    return Document(doc.id, reading.raw, reading.restore(doc.quotes), doc.error)


def _one(extractor: Extractor, item: Item, kind: str) -> Document:
    try:
        return next(iter(extractor.pipe([item], batch_size=1, kind=kind)))
    except Exception as err:  # noqa: BLE001 - reported on the document, the batch goes on
        return Document(item[0], item[1], error=f"{item[0]}: {err.__class__.__name__}: {err}")



def extract(text: str, model: str = DEFAULT_MODEL, aliases: Iterable[str] = (), marks: str = "auto",
            kind: str = "direct") -> list:
    """The quotes of one text: `list[Quote]`; with `kind="all"`, its reported speech too."""
    doc = next(extract_many([text], model=model, aliases=aliases, marks=marks, kind=kind))
    if doc.error:
        raise ValueError(doc.error)
    return doc.quotes
