"""`quotes stats`: who gets quoted across a corpus, from `quotes extract` output (or from inputs,
extracting first), as a table, CSV, JSON or Markdown, and as a chart."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from quotes.aliases import AliasError, AliasRegistry
from quotes.cli.stopping import fail
from quotes.files import replacing
from quotes.schema import SPEAKER_KINDS
from quotes.stats import ITEMS, SPLIT, Stats, stats


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"


Kind = StrEnum("Kind", {kind: kind for kind in SPEAKER_KINDS})
ItemKind = StrEnum("ItemKind", {items: items for items in ITEMS})


def read_predictions(paths: list[str], problems: list[str]) -> Iterator[dict[str, Any]]:
    """`quotes extract` records from JSONL files (or `-`), line by line; a line that is not a
    record is noted in `problems` (file:line) and skipped, the others go on."""
    for name in paths:
        try:
            handle = sys.stdin.buffer if name == "-" else open(name, "rb")  # noqa: SIM115
        except OSError as err:
            problems.append(f"{name}: cannot read ({err.strerror or err})")
            continue
        with handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except (UnicodeDecodeError, json.JSONDecodeError):
                    problems.append(f"{name}:{number}: not a JSON line")
                    continue
                if not isinstance(record, dict) or not isinstance(record.get("quotes", []), list) \
                        or not all(isinstance(q, dict) for q in record.get("quotes", [])):
                    problems.append(f"{name}:{number}: not a quotes extract record")
                    continue
                yield record


def _columns(table: Stats) -> list[str]:
    columns = ["group"] if table.by else []
    columns += ["speaker", "kind", "quotes", *_split(table), "share", "documents", "words"]
    if any(row.first for row in table.speakers):
        columns += ["first", "last"]
    if any(row.document for row in table.speakers):
        columns.append("document")
    return columns


def _split(table: Stats) -> tuple[str, ...]:
    """The direct and indirect columns, shown when both kinds of item were counted."""
    return SPLIT if table.split else ()


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def _kind_columns(table: Stats) -> list[str]:
    return (["group"] if table.by else []) + ["kind", "quotes", *_split(table), "share", "speakers"]


def _aligned(columns: list[str], rows: list[dict[str, Any]], out: TextIO) -> None:
    cells = [[_cell(row[c]) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    numeric = {"quotes", "share", "documents", "words", "speakers", *SPLIT}
    for line in [columns, ["-" * w for w in widths], *cells]:
        out.write("  ".join(v.rjust(w) if c in numeric else v.ljust(w)
                            for v, w, c in zip(line, widths, columns, strict=True)).rstrip() + "\n")


def _markdown(columns: list[str], rows: list[dict[str, Any]], out: TextIO) -> None:
    out.write("| " + " | ".join(columns) + " |\n| " + " | ".join("---" for _ in columns) + " |\n")
    for row in rows:
        out.write("| " + " | ".join(_cell(row[c]).replace("|", "\\|") for c in columns) + " |\n")


def write_stats(table: Stats, fmt: Format, out: TextIO) -> None:
    """Both tables (speakers, then kinds) in `fmt`; CSV holds the speaker table only."""
    speakers, kinds = table.rows("speakers"), table.rows("kinds")
    if fmt is Format.json:
        # one row a line, each by the C encoder (json's indent= would take the pure-Python one)
        items = {} if table.items == "direct" else {"items": table.items}  # as before reported speech
        head = json.dumps({"documents": table.documents, "quotes": table.quotes, "by": list(table.by),
                           **items})
        out.write(head[:-1] + ",\n")
        for name, rows in (("speakers", speakers), ("kinds", kinds)):
            lines = ",\n  ".join(json.dumps(row, ensure_ascii=False) for row in rows)
            out.write(f' "{name}": [\n  {lines}\n ]' + (",\n" if name == "speakers" else "}\n"))
    elif fmt is Format.csv:
        writer = csv.DictWriter(out, _columns(table), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(speakers)
    else:
        write = _markdown if fmt is Format.md else _aligned
        out.write(f"{table.headline}\n\n")
        write(_columns(table), speakers, out)
        out.write("\nQuotes by speaker kind\n\n")
        write(_kind_columns(table), kinds, out)


def stats_command(
    paths: Annotated[list[str], typer.Argument(help="`quotes extract` JSONL output (or - for "
                                                    "stdin); with --model, inputs to extract.")],
    by: Annotated[list[str] | None, typer.Option("--by", help="Group by a field of the records "
                                                 "(outlet, section...); month or year bucket the "
                                                 "date field. Repeatable.")] = None,
    kind: Annotated[Kind | None, typer.Option("--kind", help="Only speakers of this kind.")] = None,
    item_kind: Annotated[ItemKind, typer.Option("--item-kind", help="Count direct quotes, reported "
                                                "speech (indirect) or all (with a column for "
                                                "each).")] = ItemKind.direct,
    top: Annotated[int | None, typer.Option("--top", min=1, help="The N most quoted speakers "
                                            "of each group.")] = None,
    min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0,
                                                  help="Leave out less confident quotes.")] = 0.0,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here, not to "
                                                "stdout.")] = None,
    chart: Annotated[Path | None, typer.Option("--chart", help="Also draw the top speakers "
                                               "(FILE.png or FILE.svg).")] = None,
    date_field: Annotated[str, typer.Option("--date-field", help="The records' ISO date "
                                            "field (for first/last and --by month).")] = "date",
    model: Annotated[str | None, typer.Option("--model", help="Extract from the inputs first "
                                              "with this model.")] = None,
    aliases: Annotated[list[Path] | None, typer.Option("--aliases", help="Extra alias registry "
                                                      "JSON (repeatable).")] = None,
) -> None:
    """Quotes, documents, words quoted and shares per canonical speaker and per speaker kind
    (direct quotes; --item-kind counts reported speech); exit 1 if a record could not be read
    (it is named on stderr, the rest is counted)."""
    from quotes.render.chart import ChartError, speaker_chart  # matplotlib is drawn in on use

    problems: list[str] = []
    alias_files = [str(a) for a in aliases or []]
    try:
        registry = AliasRegistry.load(alias_files)
        extracted = "direct" if item_kind is ItemKind.direct else "all"
        records = _extracted(paths, model, alias_files, problems, extracted) if model is not None \
            else read_predictions(paths, problems)
        table = stats(records, by=by or (), kind=kind and kind.value, top=top,
                      min_confidence=min_confidence, registry=registry, date_field=date_field,
                      items=item_kind.value)
    except AliasError as err:
        raise fail(str(err)) from None
    try:
        if output is None:
            write_stats(table, fmt, sys.stdout)
        else:
            if not output.parent.is_dir():  # as for quotes extract -o: no folder is made
                raise FileNotFoundError(2, f"no folder {output.parent}")
            with replacing(output) as temp, temp.open("w", encoding="utf-8", newline="") as out:
                write_stats(table, fmt, out)
        if chart is not None:
            speaker_chart(table, chart, top=top or 15)
    except ChartError as err:
        raise fail(str(err)) from None
    except OSError as err:
        raise fail(f"cannot write {output}: {err.strerror or err}") from None
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    if problems:
        raise typer.Exit(1)


def _extracted(paths: list[str], model: str, aliases: list[str], problems: list[str],
               kind: str = "direct") -> Iterator[dict[str, Any]]:
    """The records `quotes extract --model --kind` would write; documents that fail go to
    `problems`."""
    from quotes.io import read_inputs
    from quotes.pipeline import ModelError, extract_many

    try:
        for doc in extract_many(read_inputs(paths), model=model, aliases=aliases, kind=kind):
            if doc.error:
                problems.append(doc.error)
            yield doc.to_dict()
    except ModelError as err:
        raise fail(str(err)) from None
