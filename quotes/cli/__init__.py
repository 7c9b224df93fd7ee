"""The `quotes` command: a thin shell over the Python API, one module per subcommand."""

from __future__ import annotations

import typer

from quotes.cli import annotate, evaluate, extract, render, stats, train

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Who said what: direct quotations, cues and speakers in news text.")
app.command("extract")(extract.extract)
app.command("eval")(evaluate.evaluate_command)
app.command("render")(render.render)
app.command("train")(train.train)
app.command("stats")(stats.stats_command)
app.add_typer(annotate.app, name="annotate")


def main() -> None:
    app()
