"""`quotes extract`: who said what in files, folders, JSONL or standard input."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from quotes.aliases import AliasError
from quotes.io import WRITERS, read_inputs
from quotes.pipeline import DEFAULT_MODEL, ModelError, extract_many


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one line to stderr and give the exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def extract(
    paths: Annotated[list[str], typer.Argument(help=".txt files, folders of them, .jsonl files "
                                                    "({\"id\", \"text\"} per line) or - for stdin.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here, not to "
                                                "stdout.")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.jsonl,
    aliases: Annotated[list[Path] | None, typer.Option("--aliases", help="Extra alias registry "
                                                      "JSON (repeatable).")] = None,
    model: Annotated[str, typer.Option("--model", help="Extractor name.")] = DEFAULT_MODEL,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 64,
) -> None:
    """Find every direct quotation, its cue and its speaker; one record per document."""
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    failed = 0
    try:
        docs = extract_many(read_inputs(paths), model=model, aliases=[str(a) for a in aliases or []],
                            batch_size=batch_size)
        for doc in WRITERS[fmt.value](docs, out):
            if doc.error:
                failed += 1
                typer.echo(f"error: {doc.error}", err=True)
    except (AliasError, ModelError, OSError) as err:
        raise fail(str(err)) from None
    finally:
        if output:
            out.close()
    if failed:
        raise typer.Exit(1)
