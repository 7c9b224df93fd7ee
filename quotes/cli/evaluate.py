"""`quotes eval`: score predictions (a file, or a model run on the gold texts) against gold."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from quotes.evaluate import Report


INDIRECT = "indirect_"  # a gate's prefix for a metric of the reported speech


class Kind(StrEnum):
    direct = "direct"
    all = "all"


def _gates(specs: list[str]) -> dict[str, float]:
    """`METRIC=VALUE` pairs, or InputError naming the first one that is not."""
    from quotes.evaluate import METRICS
    from quotes.evaluate.inputs import InputError

    gates = {}
    for spec in specs:
        name, _, value = spec.partition("=")
        if name.removeprefix(INDIRECT) not in METRICS:
            raise InputError(f"--fail-under: unknown metric {name!r} (known: {', '.join(METRICS)})")
        try:
            gates[name] = float(value)
        except ValueError:
            raise InputError(f"--fail-under {spec!r}: expected METRIC=NUMBER") from None
    return gates


def failed_gates(report: Report, gates: dict[str, float]) -> list[str]:
    """One message per metric under its floor (an undefined metric fails its gate)."""
    messages = []
    for name, floor in gates.items():
        scored = report.indirect if name.startswith(INDIRECT) else report
        if scored is None:
            messages.append(f"FAIL {name} needs --kind all")
            continue
        value = scored.metrics[name.removeprefix(INDIRECT)]
        if value is None:
            messages.append(f"FAIL {name} is undefined on this gold (needed >= {floor})")
        elif value < floor:
            messages.append(f"FAIL {name} = {value:.4f} < {floor}")
    return messages


def evaluate_command(
    gold: Annotated[Path, typer.Option(help="Gold: a doccano JSONL or a PolNeAR split folder.")],
    pred: Annotated[Path | None, typer.Option(help="Predictions JSONL (`quotes extract`).")] = None,
    model: Annotated[str | None, typer.Option(help="Run this model on the gold texts.")] = None,
    speakers: Annotated[Path | None, typer.Option(
        help="Canonical speakers for the gold quotes from this standoff layer "
             "(annotations/polnear-dev-speakers.jsonl for PolNeAR dev).")] = None,
    fail_under: Annotated[list[str] | None, typer.Option(
        help="METRIC=VALUE: exit 1 when METRIC is below VALUE (repeatable).")] = None,
    report_md: Annotated[Path | None, typer.Option(help="Write the Markdown report here.")] = None,
    report_json: Annotated[Path | None, typer.Option(help="Write the JSON report here.")] = None,
    plots: Annotated[Path | None, typer.Option(help="Write PNG charts (per speaker, per "
                                                    "confidence threshold) to this folder.")] = None,
    kind: Annotated[Kind, typer.Option("--kind", help="direct: quotations; all: reported speech "
                                       "too, scored apart (gates: indirect_METRIC).")] = Kind.direct,
) -> None:
    """Score quotes and speakers against gold; print a Markdown summary."""
    from quotes.evaluate import evaluate  # numpy and the matching: not for `quotes --help`
    from quotes.evaluate.inputs import InputError, load_gold, load_predictions, run_model, with_speakers

    try:
        if (pred is None) == (model is None):
            raise InputError("give exactly one of --pred FILE or --model NAME")
        gates = _gates(fail_under or [])
        gold_docs = load_gold(gold, ("direct", "indirect") if kind is Kind.all else ("direct",))
        layer = with_speakers(gold_docs, speakers) if speakers is not None else None
        if layer is not None:
            gold_docs = layer.documents
            for warning in layer.warnings:
                typer.echo(f"warning: {warning}", err=True)
        predicted = (load_predictions(pred, gold_docs) if pred is not None
                     else run_model(gold_docs, model, kind.value))
    except InputError as err:
        for problem in err.problems:
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(2) from None
    report = evaluate(gold_docs, predicted, system=str(model or pred), gold_name=str(gold), kind=kind.value)
    if layer is not None:
        report.speaker_layer, report.unknown_speakers = str(speakers), layer.unknown
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    markdown = report.to_markdown()
    typer.echo(markdown)
    try:
        if report_md is not None:
            report_md.write_text(markdown, encoding="utf-8")
        if report_json is not None:
            report_json.write_text(json.dumps(report.to_json(), indent=1) + "\n", encoding="utf-8")
        if plots is not None:
            from quotes.evaluate.plots import write_plots  # matplotlib only when asked for

            write_plots(plots, gold_docs, predicted)
    except OSError as err:
        typer.echo(f"error: cannot write the report: {err}", err=True)
        raise typer.Exit(2) from None
    failures = failed_gates(report, gates)
    for message in failures:
        typer.echo(message, err=True)
    if failures:
        raise typer.Exit(1)
