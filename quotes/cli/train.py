"""`quotes train`: a model folder from gold data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quotes.cli.stopping import fail


def train(
    train_paths: Annotated[list[Path], typer.Option("--train", help="Gold JSONL or PolNeAR split folder "
                                                    "(repeatable).")],
    dev: Annotated[Path, typer.Option("--dev", help="Gold to choose the best model on.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model folder to write.")],
    config: Annotated[Path | None, typer.Option("--config", help="spaCy config for the span "
                                               "model (default: quotes/spans/config.cfg; `trf`: the "
                                               "transformer one).")] = None,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    report: Annotated[list[Path] | None, typer.Option("--report", help="Extra gold scored on the "
                                                      "model card (repeatable).")] = None,
    max_steps: Annotated[int | None, typer.Option("--max-steps", help="Stop the span model's "
                                                  "training after this many steps.")] = None,
    weights: Annotated[Path | None, typer.Option("--weights", help="Local Hugging Face folder for a "
                                                 "transformer config (default: all-MiniLM-L6-v2).")] = None,
    spans: Annotated[bool, typer.Option("--spans/--no-spans", help="Train the spaCy span model whose "
                                        "scores the classifiers read (implied by --config).")] = True,
) -> None:
    """Train the span model, the quote and attribution classifiers; write a loadable model folder."""
    from quotes.evaluate.inputs import InputError
    from quotes.spans.transformer import config_path, wants_weights, weights_overrides  # hub off first
    from quotes.train import train_model

    config = config_path(config)
    if config is not None and not config.is_file():
        raise fail(f"{config}: no such config file")
    transformer = config is not None and wants_weights(config)
    if weights is not None and not transformer:
        raise fail("--weights needs a transformer config (--config trf)")
    overrides = {"training.max_steps": max_steps} if max_steps else {}
    try:
        if transformer:
            overrides.update(weights_overrides(weights))
        meta = train_model(train_paths, dev, output, config=config, seed=seed,
                           spans=spans or config is not None,
                           span_overrides=overrides or None, report=report or [])
    except (InputError, OSError, ValueError) as err:
        raise fail(str(err)) from None
    dev_scores = meta["metrics"]["dev"]
    typer.echo(f"wrote {output}: dev quote F1 {dev_scores['quote_f1_overlap']:.3f}, "
               f"who-said-what F1 {dev_scores['who_said_what_f1']:.3f}")
