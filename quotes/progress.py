"""A progress bar on stderr for long runs: documents done, documents/s and, when the number of
documents can be counted cheaply, the time left. Off when stderr is not a terminal (logs, CI,
pipes) or when asked to be quiet."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


class _Bar(tqdm):
    monitor_interval = 0  # no monitor thread: worker processes are forked while the bar runs


def _input_files(paths: Iterable[str]) -> list[Path] | None:
    """The files `paths` name (a folder's `.txt` files, as `quotes.io.read_inputs` reads them);
    None when a path is not files that can be listed (standard input, a Parquet folder)."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += [p for p in path.rglob("*.txt") if p.is_file()]
        elif path.suffix in (".jsonl", ".txt") and path.is_file():
            files.append(path)
        else:
            return None
    return files


def count_inputs(paths: Iterable[str]) -> int | None:
    """How many documents `paths` hold (as `quotes.io.read_inputs` reads them), without
    reading the texts; None when a path cannot be counted (standard input, a Parquet folder)."""
    files = _input_files(paths)
    if files is None:
        return None
    total = 0
    for path in files:
        if path.suffix == ".jsonl":
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        else:
            total += 1
    return total


def input_bytes(paths: Iterable[str]) -> int | None:
    """How many bytes the files of `paths` hold (None for standard input and the like)."""
    files = _input_files(paths)
    return None if files is None else sum(p.stat().st_size for p in files)


def shown(items: Iterable[T], paths: Iterable[str] = (), quiet: bool = False) -> Iterator[T]:
    """`items` (the documents of `paths`), passed through a tqdm bar on stderr unless quiet or
    stderr is not a terminal; the inputs are counted for the time left only when it is shown."""
    if quiet or not sys.stderr.isatty():
        return iter(items)
    return iter(_Bar(items, total=count_inputs(paths), unit="doc", file=sys.stderr,
                     dynamic_ncols=True, smoothing=0.1))


def note(message: str) -> None:
    """Print one line to stderr without breaking the bar (tqdm moves it below the line)."""
    tqdm.write(message, file=sys.stderr)
