"""`quotes annotate ...`: the doccano loop from pre-annotated tasks to gold and agreement."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from quotes.annotate.importing import MAX_INFLATED_MB
from quotes.cli.evaluate import Kind

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Annotate in doccano: export tasks, push, pull, import gold, agreement.")

# The help must not hold the variable in [brackets]: rich reads those as markup and drops them.
Url = Annotated[str, typer.Option("--url", envvar="QUOTES_DOCCANO_URL", help="doccano address")]
User = Annotated[str, typer.Option("--user", envvar="QUOTES_DOCCANO_USER", help="doccano user")]
Password = Annotated[str, typer.Option("--password", envvar="QUOTES_DOCCANO_PASSWORD",
                                       show_default=False,
                                       help="doccano password; set the variable instead, to keep "
                                            "it out of the shell history and `ps`")]
Project = Annotated[str, typer.Option("--project", help="doccano project name")]


def fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def report(errors: list[str]) -> None:
    """One stderr line per bad document or record; exit 1 after the good ones were written."""
    for error in errors:
        typer.echo(f"error: {error}", err=True)
    if errors:
        raise typer.Exit(1)


@app.command()
def export(
    docs: Annotated[list[str], typer.Argument(help=".txt files, folders of them, or .jsonl")],
    output: Annotated[Path, typer.Option("-o", "--output", help="tasks JSONL to write")],
    model: Annotated[str | None, typer.Option(help="model name [default: the API's]")] = None,
    kind: Annotated[Kind, typer.Option("--kind", help="direct: quotations (QUOTE spans); all: "
                                       "reported speech too (CONTENT spans)")] = Kind.direct,
) -> None:
    """Pre-annotate documents with the model's predictions as doccano relation JSONL tasks."""
    from quotes.annotate.export import export_tasks

    try:
        count, errors = export_tasks(docs, output, model=model, kind=kind.value)
    except (OSError, ValueError) as err:
        fail(str(err))
    typer.echo(f"wrote {count} tasks to {output}", err=True)
    report(errors)


@app.command("import")
def import_(
    export_path: Annotated[Path, typer.Argument(metavar="EXPORT",
                                                help="doccano export: the zip or a JSONL")],
    output: Annotated[Path, typer.Option("-o", "--output", help="gold JSONL to write")],
    annotator: Annotated[str | None, typer.Option(
        help="annotator whose USERNAME.jsonl to take, when the export has one per member")] = None,
    max_inflated_mb: Annotated[float, typer.Option(
        min=0, help="refuse a zipped annotation file that inflates to more MB than this")] = MAX_INFLATED_MB,
) -> None:
    """Turn doccano's export into validated gold records (bad records are reported, not kept)."""
    from quotes.annotate.importing import ExportError, import_export

    try:
        count, errors = import_export(export_path, output, annotator, max_inflated_mb)
    except (OSError, ExportError) as err:
        fail(str(err))
    typer.echo(f"wrote {count} gold documents to {output}", err=True)
    report(errors)


@app.command()
def push(
    tasks: Annotated[Path, typer.Argument(help="tasks JSONL from `quotes annotate export`")],
    project: Project, password: Password, url: Url = "http://127.0.0.1:8000",
    user: User = "admin",
    collaborative: Annotated[bool, typer.Option(
        help="new project: all members see and edit the pre-annotations")] = True,
) -> None:
    """Upload tasks to a doccano project (created if missing); tasks already there are skipped."""
    from quotes.annotate import server  # doccano-client and requests: only the server commands

    try:
        login = server.Login(url, user, password)
        uploaded, skipped = server.push(login, tasks, project, collaborative)
    except (OSError, server.DoccanoError) as err:
        fail(str(err))
    typer.echo(f"uploaded {uploaded} tasks to {project!r}; {skipped} were already there",
               err=True)


@app.command()
def pull(
    project: Project, password: Password,
    output: Annotated[Path, typer.Option("-o", "--output", help="export zip to write")],
    url: Url = "http://127.0.0.1:8000", user: User = "admin",
) -> None:
    """Download a doccano project's annotations (its JSONL export zip)."""
    from quotes.annotate import server

    try:
        server.pull(server.Login(url, user, password), project, output)
    except (OSError, server.DoccanoError) as err:
        fail(str(err))
    typer.echo(f"wrote {output}", err=True)


@app.command()
def agreement(
    gold_a: Annotated[Path, typer.Argument(metavar="A.jsonl", help="first annotator's gold")],
    gold_b: Annotated[Path, typer.Argument(metavar="B.jsonl", help="second annotator's gold")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table")] = False,
) -> None:
    """Span F1 per label and speaker kappa between two annotators, joined by document id."""
    from quotes.gold.doccano import GoldFormatError, read_gold

    try:
        from quotes.annotate.agreement import agreement as measure  # scikit-learn: only here

        result = measure(read_gold(gold_a), read_gold(gold_b))
    except (OSError, GoldFormatError) as err:
        fail(str(err))
    typer.echo(json.dumps(result.to_dict(), indent=2) if as_json else result.markdown())
