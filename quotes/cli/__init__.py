"""The `quotes` command: a thin shell over the Python API, one module per subcommand.

A subcommand's module is imported only when it runs: `quotes stats` does not pay for the
parser, the evaluation or doccano's client. `app` (all subcommands) is built on first use.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable

import typer

from quotes import startup

HELP = "Who said what: direct quotations, cues and speakers in news text."
# subcommand -> (module under quotes.cli, its function; None: the module's own Typer app)
COMMANDS: dict[str, tuple[str, str | None]] = {
    "extract": ("extract", "extract"), "eval": ("evaluate", "evaluate_command"),
    "render": ("render", "render"), "train": ("train", "train"), "stats": ("stats", "stats_command"),
    "annotate": ("annotate", None)}


def build(names: Iterable[str] = COMMANDS) -> typer.Typer:
    """The command with the subcommands `names` (a group even with one, so `quotes stats`
    keeps its name)."""
    cli = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, help=HELP,
                      rich_markup_mode=None)  # plain click help: rich costs 0.5 s of start-up
    cli.callback()(lambda: None)
    for name in names:
        module_name, function = COMMANDS[name]
        module = importlib.import_module(f"quotes.cli.{module_name}")
        if function is None:
            cli.add_typer(module.app, name=name)
        else:
            cli.command(name)(getattr(module, function))
    return cli


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        globals()["app"] = built = build()
        return built
    raise AttributeError(name)


def runs_transformer(argv: list[str]) -> bool:
    """Whether the command `argv` may run a transformer: `train` (its `--config trf`) and
    `annotate`, or a `--model` folder whose span model has one."""
    if not argv or argv[0] in ("train", "annotate"):
        return True
    models = [value for flag, value in zip(argv, argv[1:], strict=False) if flag == "--model"]
    models += [arg.removeprefix("--model=") for arg in argv if arg.startswith("--model=")]
    return any(startup.uses_transformer(startup.model_folder(model) / "spans") for model in models)


def main() -> None:
    asked = sys.argv[1] if len(sys.argv) > 1 else None
    startup.TORCH = runs_transformer(sys.argv[1:])
    build([asked] if asked in COMMANDS else COMMANDS)()
