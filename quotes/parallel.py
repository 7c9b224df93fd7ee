"""Extraction in worker processes: each loads the model once, batches go out in order and come
back in order.

At most two batches per worker are in flight, so a stream of any length is never held in
memory, and a worker that is slow on one batch does not let the others run far ahead.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from quotes.io import Record
from quotes.schema import Document, Quote

_IN_FLIGHT_PER_WORKER = 2
_model: tuple[str, tuple[str, ...]] | None = None


def _start(model: str, aliases: tuple[str, ...]) -> None:
    """Worker start-up: load the extractor once (a forked worker finds it already loaded)."""
    global _model
    from quotes.pipeline import load

    load(model, aliases)
    _model = (model, aliases)


Results = list[tuple[list[Quote], str | None]]  # a batch's quotes and errors, without the texts


def _run(batch: list[Record], marks: str) -> Results:
    """A worker's share: the texts stay behind, only what was found goes back."""
    from quotes.pipeline import extract_batch, load

    return [(doc.quotes, doc.error) for doc in extract_batch(load(*_model), batch, marks)]


def in_workers(batches: Iterable[list[Record]], model: str, aliases: tuple[str, ...],
               n_process: int, marks: str = "auto") -> Iterator[list[Document]]:
    """The documents of each batch, extracted by `n_process` worker processes, in input order."""
    with ProcessPoolExecutor(n_process, initializer=_start, initargs=(model, aliases)) as pool:
        pending: deque[tuple[list[Record], Future[Results]]] = deque()
        for batch in batches:
            pending.append((batch, pool.submit(_run, batch, marks)))
            if len(pending) >= n_process * _IN_FLIGHT_PER_WORKER:
                yield _documents(*pending.popleft())
        while pending:
            yield _documents(*pending.popleft())


def _documents(batch: list[Record], future: Future[Results]) -> list[Document]:
    return [Document(record.id, record.text, quotes, error)
            for record, (quotes, error) in zip(batch, future.result(), strict=True)]
