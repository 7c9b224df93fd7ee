"""Score every system on every gold set with the same code as `quotes eval`, side by side.

    python -m eval.compare [--systems marks textacy rules] [--out eval/results]

Gold sets: PolNeAR dev (`../shared/data/polnear/dev`, or $QUOTES_POLNEAR/dev) and the seed
gold `annotations/seeds.jsonl`; one that is missing is skipped with a message. Systems:
`marks` and `textacy` are the baselines in eval/baselines/, any other name is a model of
`quotes.extract_many`. Writes `<out>/summary.md` and `<out>/<gold>/<system>.{json,md}`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shlex
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from quotes.evaluate import Report, evaluate
from quotes.evaluate.inputs import InputError, load_gold, run_model
from quotes.evaluate.metrics import HEADLINE
from quotes.schema import Document

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = Path(os.environ.get("QUOTES_POLNEAR") or ROOT.parent / "shared" / "data" / "polnear")
GOLDS = {"polnear-dev": POLNEAR / "dev", "seeds": ROOT / "annotations" / "seeds.jsonl"}
COLUMNS = ("quote_f1_exact", "quote_f1_overlap", "speaker_mention_acc", "canonical_speaker_acc", "cue_acc",
           "who_said_what_p", "who_said_what_r", "who_said_what_f1")

Predictor = Callable[[list[Document]], Iterable[Document]]


def predictor(system: str) -> Predictor | None:
    """The function that predicts for `system`, or None (with a message) when it cannot run."""
    if system == "marks":
        from eval.baselines.marks import predict

        return predict
    if system == "textacy":
        if importlib.util.find_spec("textacy") is None:
            print("skip textacy: not installed (pip install .[textacy])", file=sys.stderr)
            return None
        from eval.baselines.textacy_quotes import predict

        return predict
    return lambda gold: run_model(gold, system)


def _cell(report: Report, name: str) -> str:
    value = report.metrics[name]
    if value is None:
        return "n/a"
    if name not in HEADLINE:
        return f"{value:.3f}"
    low, high = report.intervals[name]
    return f"{value:.3f} ({low:.2f}–{high:.2f})"


def summary(reports: list[tuple[str, Report]], command: str) -> str:
    """The Markdown table of all systems on all gold sets."""
    lines = ["# Systems compared", "", f"Command: `{command}`", "",
             "Headline metrics with 95% bootstrap intervals over documents (1000 resamples).", "",
             "| gold | system | docs | failed docs | " + " | ".join(COLUMNS) + " |",
             "| --- " * (4 + len(COLUMNS)) + "|"]
    for gold_name, report in reports:
        cells = [gold_name, report.system, str(report.documents), str(report.failed_documents)]
        lines.append("| " + " | ".join(cells + [_cell(report, c) for c in COLUMNS]) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", nargs="+", default=["marks", "textacy", "rules"])
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "results")
    args = parser.parse_args()
    command = "python -m eval.compare " + shlex.join(sys.argv[1:])
    reports = []
    for gold_name, gold_path in GOLDS.items():
        if not gold_path.exists():
            print(f"skip {gold_name}: {gold_path} not found", file=sys.stderr)
            continue
        gold = load_gold(gold_path)
        for system in args.systems:
            predict = predictor(system)
            if predict is None:
                continue
            try:
                predicted = list(predict(gold))
            except InputError as err:
                print(f"skip {system} on {gold_name}: {err}", file=sys.stderr)
                continue
            report = evaluate(gold, predicted, system=system, gold_name=gold_name)
            folder = args.out / gold_name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{system}.json").write_text(json.dumps(report.to_json(), indent=1) + "\n",
                                                   encoding="utf-8")
            (folder / f"{system}.md").write_text(report.to_markdown(), encoding="utf-8")
            reports.append((gold_name, report))
            print(f"{gold_name} {system}: quote F1 {report.metrics['quote_f1_overlap']}, "
                  f"who-said-what F1 {report.metrics['who_said_what_f1']}", file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "summary.md").write_text(summary(reports, command), encoding="utf-8")


if __name__ == "__main__":
    main()
