"""Reported speech on PolNeAR dev: the trained stage against the rule baseline, in one table.

    python -m eval.reported [--models rules default] [--out eval/results/reported.md]

Each model runs with `kind="all"` on the dev texts and is scored as `quotes eval --kind all`
scores it: reported speech (PolNeAR's attributions without marks, and the paraphrase of mixed
ones) apart from the direct quotes, whose numbers are shown beside it to show they are unchanged.
The baseline (`rules`) takes every reporting verb of the lexicon with its clausal complement;
`default` is the shipped model, its stage trained on PolNeAR train (quotes/reported/train.py).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from eval.compare import POLNEAR, ROOT
from quotes.evaluate import evaluate
from quotes.evaluate.inputs import load_gold, run_model

INDIRECT = ("quote_f1_exact", "quote_f1_overlap", "quote_p_overlap", "quote_r_overlap",
            "speaker_mention_acc", "cue_acc", "who_said_what_p", "who_said_what_r", "who_said_what_f1")
DIRECT = ("quote_f1_exact", "speaker_mention_acc", "who_said_what_f1")


def _cell(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", nargs="+", default=["rules", "default"])
    parser.add_argument("--gold", type=Path, default=POLNEAR / "dev")
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "results" / "reported.md")
    args = parser.parse_args(argv)
    gold = load_gold(args.gold, ("direct", "indirect"))
    rows, direct = [], []
    for model in args.models:
        report = evaluate(gold, run_model(gold, model, "all"), system=model, kind="all")
        scores, low_high = report.indirect.metrics, report.indirect.intervals
        wsw = low_high.get("who_said_what_f1", (None, None))
        rows.append(f"| {model} | {' | '.join(_cell(scores.get(k)) for k in INDIRECT)} | "
                    f"{_cell(wsw[0])} – {_cell(wsw[1])} | {report.indirect.counts['pred']} |")
        direct.append(f"| {model} | {' | '.join(_cell(report.metrics.get(k)) for k in DIRECT)} |")
        print(f"{model}: done", file=sys.stderr)
    command = shlex.join(["python", "-m", "eval.reported", *(argv if argv is not None else sys.argv[1:])])
    counts = report.indirect.counts
    lines = ["# Reported speech on PolNeAR dev", "", f"Command: `{command}`", "",
             f"{len(gold)} documents, {counts['gold']} gold reported-speech items (Content without "
             "quotation marks, and the rest of mixed ones: quotes/gold/polnear.py). Matching as in "
             "`quotes eval --kind all`: each kind apart, one-to-one, overlap = trimmed character IoU >= 0.5.",
             "", "## Reported speech (`indirect`)", "",
             f"| model | {' | '.join(INDIRECT)} | who_said_what_f1 95% CI | predicted |",
             f"| {' | '.join(['---'] * (len(INDIRECT) + 3))} |", *rows, "",
             "## Direct quotes in the same runs (unchanged by `--kind all`)", "",
             f"| model | {' | '.join(DIRECT)} |", f"| {' | '.join(['---'] * (len(DIRECT) + 1))} |", *direct]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
