"""`quotes render`: one standalone HTML page of who said what, optionally compared with gold."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quotes.cli.evaluate import Kind
from quotes.cli.stopping import fail
from quotes.startup import DEFAULT_MODEL


def render(
    paths: Annotated[list[str], typer.Argument(help=".txt files, folders of them, .jsonl files "
                                                    "({\"id\", \"text\"} per line) or - for stdin.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML page to write.")],
    gold: Annotated[Path | None, typer.Option(help="Gold (doccano JSONL or PolNeAR split) to "
                                                   "compare with, by document id.")] = None,
    model: Annotated[str, typer.Option("--model", help="Extractor name.")] = DEFAULT_MODEL,
    aliases: Annotated[list[Path] | None, typer.Option("--aliases", help="Extra alias registry "
                                                      "JSON (repeatable).")] = None,
    kind: Annotated[Kind, typer.Option("--kind", help="direct: quotations; all: reported speech "
                                       "too, in a paler tint (and its gold, given --gold).")] = Kind.direct,
) -> None:
    """Write a page showing each document's quotes, cues and speakers; exit 1 if a document
    could not be read (it is listed on the page)."""
    from quotes.aliases import AliasError
    from quotes.evaluate.inputs import InputError, load_gold
    from quotes.files import replacing
    from quotes.io import read_inputs
    from quotes.pipeline import ModelError, extract_many
    from quotes.render import render_page
    from quotes.schema import KINDS

    try:
        kinds = KINDS if kind is Kind.all else ("direct",)
        reference = {doc.id: doc for doc in load_gold(gold, kinds)} if gold is not None else None
        docs = list(extract_many(read_inputs(paths), model=model,
                                 aliases=[str(a) for a in aliases or []], kind=kind.value))
    except (AliasError, ModelError, InputError) as err:
        raise fail(str(err)) from None
    subtitle = f"model: {model}" + (" · reported speech too" if kind is Kind.all else "") + (
        f" · gold: {gold}" if gold is not None else "")
    try:
        page = render_page(docs, reference, subtitle=subtitle)
        if not output.parent.is_dir():  # as for quotes extract -o: no folder is made
            raise FileNotFoundError(2, f"no folder {output.parent}")
        with replacing(output) as temp:
            temp.write_text(page, encoding="utf-8")
    except OSError as err:
        raise fail(f"cannot write {output}: {err.strerror or err}") from None
    failed = [doc for doc in docs if doc.error]
    for doc in failed:
        typer.echo(f"error: {doc.error}", err=True)
    reported = sum(q.kind == "indirect" for doc in docs for q in doc.quotes)
    typer.echo(f"{output}: {len(docs) - len(failed)} document(s), "
               f"{sum(len(doc.quotes) for doc in docs) - reported} quote(s)"
               + (f", {reported} reported" if reported else ""), err=True)
    if failed:
        raise typer.Exit(1)
