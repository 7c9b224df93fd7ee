"""`quotes extract`: who said what in files, folders, JSONL or standard input."""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from quotes.cli.evaluate import Kind
from quotes.cli.stopping import between_records, fail, stops_cleanly
from quotes.files import replacing
from quotes.startup import DEFAULT_MODEL


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


class Marks(StrEnum):
    auto = "auto"
    double = "double"
    single = "single"


class Engine(StrEnum):
    local = "local"
    spark = "spark"


@stops_cleanly
def extract(
    paths: Annotated[list[str], typer.Argument(help=".txt files, folders of them, .jsonl files "
                                                    "({\"id\", \"text\"} per line) or - for stdin.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here, not to "
                                                "stdout.")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.jsonl,
    aliases: Annotated[list[Path] | None, typer.Option("--aliases", help="Extra alias registry "
                                                      "JSON (repeatable).")] = None,
    model: Annotated[str, typer.Option("--model", help="Extractor name.")] = DEFAULT_MODEL,
    batch_size: Annotated[int | None, typer.Option("--batch-size", min=1, help="Documents per "
                                                   "batch (default 64; 16 with workers).")] = None,
    n_process: Annotated[int | None, typer.Option("--n-process", min=1, help="Worker processes "
                                                  "(local engine; default: one per CPU, at most 4, "
                                                  "for inputs of 100 kB or more, else 1).")] = None,
    engine: Annotated[Engine, typer.Option("--engine", help="local, or spark for JSONL/Parquet "
                                           "with id and text columns.")] = Engine.local,
    master: Annotated[str | None, typer.Option("--master", help="Spark master URL (default: "
                                               "spark-submit's, else local[*]).")] = None,
    encoding: Annotated[str, typer.Option("--encoding", help="Encoding of .txt files and stdin "
                                          "(strict; JSONL is UTF-8).")] = "utf-8",
    marks: Annotated[Marks, typer.Option("--marks", help="Speech in double marks, in single marks "
                                         "(British style), or auto: decided per document.")] = Marks.auto,
    kind: Annotated[Kind, typer.Option("--kind", help="direct: quotations; all: reported speech "
                                       "too (items of kind indirect).")] = Kind.direct,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0, help="Leave out "
                                                  "quotes whose confidence is lower.")] = 0.0,
) -> None:
    """Find every direct quotation (with --kind all, reported speech too), its cue and its
    speaker; one record per document."""
    from quotes.aliases import AliasError  # the pipeline's modules: not for `quotes --help`
    from quotes.io import WRITERS, read_inputs
    from quotes.pipeline import ModelError, extract_many
    from quotes.progress import note, shown
    from quotes.spark import SparkError, extract_spark

    if engine is Engine.local and master:
        raise fail("--master needs --engine spark")
    if engine is Engine.spark and n_process is not None and n_process > 1:
        raise fail("--n-process is for the local engine; Spark sets its own parallelism")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise fail(f"--encoding {encoding}: no such encoding") from None
    if engine is Engine.spark and (marks is not Marks.auto or encoding != "utf-8"):
        raise fail("--marks and --encoding are for the local engine")
    if output:
        check_output(output, paths)
    alias_files = [str(a) for a in aliases or []]
    if engine is Engine.local and n_process is None:
        from quotes.parallel import auto_processes
        from quotes.progress import input_bytes

        n_process = auto_processes(input_bytes(paths))
    if batch_size is None:
        from quotes.parallel import AUTO_BATCH

        batch_size = AUTO_BATCH if n_process is not None and n_process > 1 else 64
    failed = 0
    try:
        with writing(output) if output else nullcontext(sys.stdout) as out:
            if engine is Engine.spark:
                docs = extract_spark(paths, model=model, aliases=alias_files, batch_size=batch_size,
                                     master=master, kind=kind.value)
            else:
                docs = extract_many(read_inputs(paths, encoding=encoding), model=model,
                                    aliases=alias_files, batch_size=batch_size, n_process=n_process or 1,
                                    marks=marks.value, kind=kind.value)
            if min_confidence > 0:
                docs = (replace(doc, quotes=[q for q in doc.quotes if q.confidence >= min_confidence])
                        for doc in docs)
            for doc in WRITERS[fmt.value](shown(between_records(docs), paths, quiet), out):
                if doc.error:
                    failed += 1
                    note(f"error: {doc.error}")
            out.flush()
    except BrokenPipeError:  # the reader left (`| head`): stop quietly, as Unix tools do
        if not output:  # and keep Python's last flush at exit off the closed pipe
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    except (AliasError, ModelError, SparkError) as err:
        raise fail(str(err)) from None
    except OSError as err:
        raise fail(f"{err.filename or output or 'stdout'}: {err.strerror or err}") from None
    if failed:
        raise typer.Exit(1)


def check_output(output: Path, paths: list[str]) -> None:
    """Refuse an `-o` that is an input (or a `.txt` file an input folder would read) or that
    cannot be written, before any work."""
    target = output.resolve()
    for name in (p for p in paths if p != "-"):
        source = Path(name).resolve()
        if target == source or (output.exists() and source.exists() and output.samefile(source)):
            raise fail(f"{output}: -o is the input {name}; write the output elsewhere")
        if source.is_dir() and target.suffix == ".txt" and target.is_relative_to(source):
            raise fail(f"{output}: -o is a .txt file in the input folder {name}; write the output "
                       "elsewhere")
    if output.is_dir():
        raise fail(f"{output}: is a folder")
    if output.exists() and not os.access(output, os.W_OK):
        raise fail(f"{output}: not writable")
    if output.exists() and not output.is_file():
        return  # a device or a pipe, written in place
    if not target.parent.is_dir():
        raise fail(f"{output}: no folder {output.parent}")
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise fail(f"{output}: cannot create files in {output.parent}")


@contextmanager
def writing(output: Path) -> Iterator[TextIO]:
    """The output file, written beside `output` and renamed onto it only when the run completes,
    so that a failed or interrupted run leaves the old file as it was; a device or a pipe
    (`/dev/stdout`, a FIFO) is written in place."""
    if output.exists() and not output.is_file():
        with output.open("w", encoding="utf-8") as out:
            yield out
        return
    with replacing(output.resolve()) as temp, temp.open("w", encoding="utf-8") as out:
        yield out
