"""How a command stops: a failure is one line on stderr and an exit code (`fail`); SIGINT and
SIGTERM end a command cleanly, one line on stderr, exit code 128 + the signal, no traceback.
The exception the signal raises unwinds the run (worker processes are terminated on the way
out); while a record is being written it waits, so the output ends after a whole record."""

from __future__ import annotations

import functools
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import ParamSpec, TypeVar

import typer

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one line to stderr and give the exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


class Stopped(BaseException):
    """A stop signal arrived (a BaseException, so that no `except Exception` takes it for a
    failing document)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.code = 128 + signum  # the shell's convention: 130 for SIGINT, 143 for SIGTERM
        self.message = "interrupted" if signum == signal.SIGINT else \
            f"stopped by {signal.Signals(signum).name}"


class _State:
    """Whether a record is being written (`holding`), and a signal that came meanwhile."""

    holding = False
    pending: int | None = None
    raised = False

    def handle(self, signum: int, _frame: object) -> None:
        if self.raised or self.pending is not None:  # one stop is enough: let the run wind down
            return
        if self.holding:
            self.pending = signum
            return
        self.stop(signum)

    def stop(self, signum: int) -> None:
        self.raised = True
        raise Stopped(signum)


_state = _State()


def stops_cleanly(command: Callable[P, R]) -> Callable[P, R]:
    """`command`, run with SIGINT and SIGTERM raising `Stopped` and `Stopped` made a one-line
    error and its exit code. Outside the main thread, where handlers cannot be set, `command`."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if threading.current_thread() is not threading.main_thread():
            return command(*args, **kwargs)
        global _state
        _state = _State()
        previous = {signum: signal.signal(signum, _state.handle)
                    for signum in (signal.SIGINT, signal.SIGTERM)
                    if signal.getsignal(signum) is not signal.SIG_IGN}  # as nohup and `&` left it
        try:
            result = command(*args, **kwargs)
            if _state.pending is not None:  # came while the last record was written
                _state.stop(_state.pending)
            return result
        except Stopped as stop:
            typer.echo(f"error: {stop.message}", err=True)
            raise typer.Exit(stop.code) from None
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    return run


def between_records(items: Iterable[T]) -> Iterator[T]:
    """`items`, with a stop signal held from the moment one is handed on until the next is
    asked for (the consumer writes it meanwhile), and raised then."""
    source = iter(items)
    try:
        while True:
            _state.holding = False
            if _state.pending is not None:
                _state.stop(_state.pending)
            try:
                item = next(source)
            except StopIteration:
                return
            _state.holding = True
            yield item
    finally:
        _state.holding = False
        close = getattr(source, "close", None)
        if close:
            close()  # a stop raised here leaves the source suspended: its workers go now
