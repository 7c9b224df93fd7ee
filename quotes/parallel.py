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
from quotes.schema import Document

_IN_FLIGHT_PER_WORKER = 2
_model: tuple[str, tuple[str, ...]] | None = None


def _start(model: str, aliases: tuple[str, ...]) -> None:
    """Worker start-up: load the extractor once (a forked worker finds it already loaded)."""
    global _model
    from quotes.pipeline import load

    load(model, aliases)
    _model = (model, aliases)


def _run(batch: list[Record]) -> list[Document]:
    from quotes.pipeline import extract_batch, load

    return extract_batch(load(*_model), batch)


def in_workers(batches: Iterable[list[Record]], model: str, aliases: tuple[str, ...],
               n_process: int) -> Iterator[list[Document]]:
    """The documents of each batch, extracted by `n_process` worker processes, in input order."""
    with ProcessPoolExecutor(n_process, initializer=_start, initargs=(model, aliases)) as pool:
        pending: deque[Future[list[Document]]] = deque()
        for batch in batches:
            pending.append(pool.submit(_run, batch))
            if len(pending) >= n_process * _IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
