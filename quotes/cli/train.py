"""`quotes train`: a model folder from gold data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quotes.cli.extract import fail
from quotes.evaluate.inputs import InputError


def train(
    train_paths: Annotated[list[Path], typer.Option("--train", help="Gold JSONL or PolNeAR split folder "
                                                    "(repeatable).")],
    dev: Annotated[Path, typer.Option("--dev", help="Gold to choose the best model on.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model folder to write.")],
    config: Annotated[Path | None, typer.Option("--config", help="spaCy config for the span "
                                               "model (default: quotes/spans/config.cfg).")] = None,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    report: Annotated[list[Path] | None, typer.Option("--report", help="Extra gold scored on the "
                                                      "model card (repeatable).")] = None,
    max_steps: Annotated[int | None, typer.Option("--max-steps", help="Stop the span model's "
                                                  "training after this many steps.")] = None,
) -> None:
    """Train the span model and the attribution classifier; write a loadable model folder."""
    from quotes.train import train_model

    if config is not None and not config.is_file():
        raise fail(f"{config}: no such config file")
    overrides = {"training.max_steps": max_steps} if max_steps else None
    try:
        meta = train_model(train_paths, dev, output, config=config, seed=seed,
                           span_overrides=overrides, report=report or [])
    except (InputError, OSError, ValueError) as err:
        raise fail(str(err)) from None
    dev_scores = meta["metrics"]["dev"]
    typer.echo(f"wrote {output}: dev quote F1 {dev_scores['quote_f1_overlap']:.3f}, "
               f"who-said-what F1 {dev_scores['who_said_what_f1']:.3f}")
