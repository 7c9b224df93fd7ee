"""Extraction in supervised worker processes: each loads the model once, batches go out in order
and come back in order.

At most two batches per worker are read ahead, so a stream of any length is never held in
memory, and a worker that is slow on one batch does not let the others run far ahead. Each
worker holds one batch at a time, so when one dies (the OOM killer, a crash in native code) the
batch it held is known: it is redone once in a fresh worker; if that one dies too, its documents
are tried one by one, and a document that kills a worker on its own becomes an error record.
Workers ignore SIGINT (a Ctrl-C reaches the whole process group): the main process decides, and
when it stops, for whatever reason, it terminates them.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING

from quotes.io import Record
from quotes.schema import Document, Quote

if TYPE_CHECKING:
    from quotes.pipeline import Options

_READ_AHEAD_PER_WORKER = 2
AUTO_BYTES = 100_000  # inputs from this size (about 20 news articles) are shared among workers
AUTO_MAX = 4  # worker processes at most when the number is chosen for the user (each ~450 MB)
AUTO_BATCH = 16  # documents per batch then: small enough that every worker gets a share
_STOP_WAIT_S = 5.0  # a terminated worker that is still alive after this is killed
log = logging.getLogger(__name__)

Results = list[tuple[list[Quote], str | None]]  # a job's quotes and errors, without the texts


def _serve(conn: Connection, model: str, aliases: tuple[str, ...], options: Options,
           inherited: list[Connection]) -> None:
    """A worker's life: extract the jobs that come down the pipe until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the handler a forked CLI may have set
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    for other in inherited:  # forked copies of the main process's ends: without them, a pipe
        other.close()        # whose main process has gone reads as closed
    from quotes.pipeline import extract_batch, load

    extractor = load(model, aliases)  # a forked worker finds it already loaded
    try:
        while True:
            conn.send([(doc.quotes, doc.error) for doc in extract_batch(extractor, conn.recv(), options)])
    except (EOFError, OSError):  # the main process closed the pipe or went away
        return


@dataclass
class _Batch:
    """A batch read from the input and the documents done so far, in place."""

    records: list[Record]
    docs: list[Document | None] = field(init=False)
    missing: int = field(init=False)

    def __post_init__(self) -> None:
        self.docs = [None] * len(self.records)
        self.missing = len(self.records)

    def fill(self, start: int, docs: list[Document]) -> None:
        self.docs[start:start + len(docs)] = docs
        self.missing -= len(docs)


@dataclass
class _Job:
    """Records of one batch, from `start`, sent to a worker as one unit."""

    batch: _Batch
    start: int
    records: list[Record]
    deaths: int = 0  # workers that died holding it


class _Worker:
    """One process, its pipe and the job it holds."""

    def __init__(self, context: multiprocessing.context.BaseContext, model: str,
                 aliases: tuple[str, ...], options: Options, inherited: list[Connection]) -> None:
        self.conn, theirs = context.Pipe()
        self.process = context.Process(target=_serve, daemon=True,
                                       args=(theirs, model, aliases, options, [*inherited, self.conn]))
        self.process.start()
        theirs.close()
        self.job: _Job | None = None

    def give(self, job: _Job) -> None:
        self.job = job
        try:
            self.conn.send(job.records)
        except OSError:  # it has died already: its sentinel says so
            pass

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.terminate()


def _how(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"killed by {signal.Signals(-exitcode).name}"
    if exitcode is None:  # reaped by someone else (a SIGCHLD handler, a thread of the caller)
        return "exit status unknown"
    return f"exit code {exitcode}"


class _Pool:
    """`size` workers, started when there is a job for them and restarted when they die."""

    def __init__(self, size: int, model: str, aliases: tuple[str, ...], options: Options) -> None:
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.model, self.aliases, self.options = model, aliases, options
        self.workers: list[_Worker | None] = [None] * size
        self.todo: deque[_Job] = deque()

    def run(self, batches: Iterable[list[Record]]) -> Iterator[list[Document]]:
        """The documents of each batch, in input order."""
        source = iter(batches)
        ahead: deque[_Batch] = deque()
        exhausted = False
        while True:
            while not exhausted and len(ahead) < len(self.workers) * _READ_AHEAD_PER_WORKER:
                records = next(source, None)
                if records is None:
                    exhausted = True
                else:
                    ahead.append(_Batch(records))
                    self.todo.append(_Job(ahead[-1], 0, records))
            if not ahead:
                return
            self._dispatch()
            self._collect()
            self._dispatch()  # before the consumer takes its time over what is done
            while ahead and not ahead[0].missing:
                yield ahead.popleft().docs

    def _dispatch(self) -> None:
        for slot, worker in enumerate(self.workers):
            if not self.todo:
                return
            if worker is not None and worker.job is None and not worker.process.is_alive():
                self._bury(worker)  # died idle: nothing to redo
                worker = None
            if worker is None:
                inherited = [w.conn for w in self.workers if w is not None]
                worker = self.workers[slot] = _Worker(self.context, self.model, self.aliases, self.options,
                                                      inherited)
            if worker.job is None:
                worker.give(self.todo.popleft())

    def _collect(self) -> None:
        """Wait for results or deaths, and take in every one that is there."""
        busy = [w for w in self.workers if w is not None and w.job is not None]
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
        for worker in busy:
            if worker.conn in ready or worker.process.sentinel in ready:
                self._take(worker, died=worker.process.sentinel in ready)

    def _take(self, worker: _Worker, died: bool) -> None:
        job = worker.job
        try:
            if worker.conn.poll():  # a result sent before a death still counts
                results: Results = worker.conn.recv()
                job.batch.fill(job.start, [Document(r.id, r.text, quotes, error) for r, (quotes, error)
                                           in zip(job.records, results, strict=True)])
                worker.job = None
        except (EOFError, OSError):  # its end of the pipe is closed: it died, perhaps half-way
            died = True              # through sending
        if died:
            self._bury(worker)
            if worker.job is not None:
                self._redo(worker.job, _how(worker.process.exitcode), worker.process.pid)

    def _bury(self, worker: _Worker) -> None:
        self.workers[self.workers.index(worker)] = None
        worker.process.join()
        worker.conn.close()

    def _redo(self, job: _Job, how: str, pid: int | None) -> None:
        """A worker died holding `job`: once, it is redone whole; then one document at a time;
        a document that a worker dies on twice is an error record."""
        job.deaths += 1
        ids = job.records[0].id if len(job.records) == 1 else \
            f"{len(job.records)} documents, {job.records[0].id} to {job.records[-1].id}"
        if job.deaths == 1:
            log.warning("worker process %s %s extracting %s; redoing them in a new worker", pid, how, ids)
            self.todo.appendleft(job)
        elif len(job.records) > 1:
            log.warning("worker process %s %s again extracting %s; trying them one by one", pid, how, ids)
            self.todo.extendleft(reversed([_Job(job.batch, job.start + i, [r], deaths=1)
                                           for i, r in enumerate(job.records)]))
        else:
            record = job.records[0]  # reported as the error of its document, not here too
            job.batch.fill(job.start, [Document(record.id, record.text, error=f"{record.id}: a worker "
                                                f"process died twice extracting it (last {how})")])

    def stop(self) -> None:
        """Terminate every worker, busy or not, and wait for them (killing any that linger)."""
        live = [w for w in self.workers if w is not None]
        self.workers = [None] * len(self.workers)
        for worker in live:
            worker.stop()
        for worker in live:
            worker.process.join(_STOP_WAIT_S)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()


def auto_processes(size: int | None) -> int:
    """How many worker processes an input of `size` bytes (None: not known, as for standard
    input) is worth: one per CPU this process may use, at most AUTO_MAX, for AUTO_BYTES or more;
    else none (1: extraction in this process, which has the model loaded already)."""
    if size is None or size < AUTO_BYTES:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cpus, AUTO_MAX))


def in_workers(batches: Iterable[list[Record]], model: str, aliases: tuple[str, ...],
               n_process: int, options: Options) -> Iterator[list[Document]]:
    """The documents of each batch, extracted by `n_process` worker processes, in input order;
    the workers are gone when this ends, however it ends."""
    pool = _Pool(n_process, model, aliases, options)
    try:
        yield from pool.run(batches)
    finally:
        pool.stop()
