"""Which cue is best on PolNeAR dev: the rules' or the cue classifier's?

    python -m eval.cue_decisions [--model quotes/data/model] [--out FILE] [--folds 5]

Every gold quote with a cue that the marks find is one item; a decision is right when the cue
it shows shares characters with the gold cue (`cue_right`, as `quotes eval` counts cue
accuracy). The rules show the reporting verb that governs the quote (else the nearest one),
the cue they borrow, or the dash that signs it; the classifier shows its most probable
candidate. Labels follow our guidelines on relayed quotes (quotes/cueing/train.py), as in
training, so a few "according to" cues that PolNeAR marks count for the quote's own verb.

A second table scores both on PolNeAR train by cross-validation over its documents, for
several regularisation strengths C: the classifier (without span-model scores, which would
need a span model per fold) is trained on the other folds and decides each held-out fold.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from eval.compare import GOLDS, POLNEAR
from quotes.attribution.train import PairData
from quotes.cueing.train import cue_data
from quotes.evaluate.inputs import load_gold
from quotes.linear import HashedLogistic
from quotes.rules import RulesExtractor
from quotes.train import CUE_C
from quotes.trained import TrainedExtractor

CS = (0.3, 1.0, 3.0, 10.0)


def rules_right(data: PairData) -> int:
    """Quotes whose rules' cue (the candidate they show) is a right one."""
    right, at = 0, 0
    for size in data.sizes:
        right += any(data.labels[at + i] and data.features[at + i].get("rules=True") for i in range(size))
        at += size
    return right


def _row(name: str, right: int, total: int) -> str:
    return f"| {name} | {right} | {right / max(1, total):.3f} |"


def cross_validated(extractor: RulesExtractor, folds: int) -> list[str]:
    """Rules and cue classifier (each C) on PolNeAR train, every `folds`-th document one fold."""
    train = load_gold(POLNEAR / "train")
    parts = [cue_data(extractor, train[k::folds]) for k in range(folds)]
    quotes = sum(len(part.sizes) for part in parts)
    rows = [_row("rules", sum(rules_right(part) for part in parts), quotes)]
    for c in CS:
        right = 0
        for k, part in enumerate(parts):
            rest = [(f, y) for j, other in enumerate(parts) if j != k
                    for f, y in zip(other.features, other.labels, strict=True)]
            model = HashedLogistic("cue", c=c).fit([f for f, _ in rest], [y for _, y in rest])
            right += round(part.top1(model.predict_proba(part.features)) * len(part.sizes))
        rows.append(_row(f"cue classifier, C = {c}" + (" (shipped)" if c == CUE_C else ""), right, quotes))
    return [f"{quotes} gold quotes with a cue.", "", "| decision | right | accuracy |", "| --- | --- | --- |",
            *rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path("quotes/data/model"))
    parser.add_argument("--out", type=Path, default=Path("eval/results/cue-decisions.md"))
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds on train (0: skip)")
    args = parser.parse_args(argv)
    extractor = TrainedExtractor(args.model)
    if extractor.cues is None:
        parser.error(f"{args.model} has no cue classifier (cue.json)")
    data = cue_data(extractor, load_gold(GOLDS["polnear-dev"]), lambda _: extractor.spans)
    total = len(data.sizes)
    learned = round(data.top1(extractor.cues.predict_proba(data.features)) * total)
    text = (f"# Cue decisions on PolNeAR dev\n\nCommand: `python -m eval.cue_decisions "
            f"{shlex.join(argv if argv is not None else sys.argv[1:])}`\n\n{total} gold quotes with a cue; "
            f"the gold cue is among the candidates for {data.covered}.\n\n"
            "| decision | right | accuracy |\n| --- | --- | --- |\n"
            f"{_row('rules', rules_right(data), total)}\n"
            f"{_row('cue classifier (shipped)', learned, total)}\n")
    if args.folds > 1:
        text += (f"\n## PolNeAR train, {args.folds}-fold cross-validation over documents\n\n"
                 + "\n".join(cross_validated(extractor, args.folds)) + "\n")
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
