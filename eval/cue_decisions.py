"""Whose cue is better: the rules' or the cue classifier's? On PolNeAR dev, and by
cross-validation on PolNeAR train.

    python -m eval.cue_decisions [--model quotes/data/model] [--out FILE] [--folds 5]

Cue accuracy is `quotes eval`'s: over the matched gold quotes that have a cue, the share whose
shown cue shares characters with the gold one. The rules show the reporting verb that governs
the quote (else the nearest one), the cue they borrow, or the dash that signs it; the trained
extractor shows the cue classifier's most probable candidate.

The rules were written while reading dev's errors, so dev may flatter them. The second table
runs the whole trained extractor by cross-validation over PolNeAR train's documents: the
quote, cue and attribution classifiers (the shipped settings, without a span model, which
would need one per fold) are fit on the other folds and extract each held-out fold.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from eval.compare import GOLDS, POLNEAR
from quotes.evaluate import evaluate
from quotes.evaluate.inputs import load_gold
from quotes.rules import RulesExtractor
from quotes.schema import Document
from quotes.train import fit_classifiers
from quotes.trained import TrainedExtractor

Counts = tuple[int, int]  # right, total


def cue_counts(extractors: Sequence[RulesExtractor], gold: list[Document]) -> list[Counts]:
    """Each extractor's cue counts on `gold`, all from one parse of each document."""
    predicted: list[list[Document]] = [[] for _ in extractors]
    for work in extractors[0].parsed((d.id, d.text) for d in gold):
        for documents, extractor in zip(predicted, extractors, strict=True):
            documents.append(Document(work.doc_id, work.text, extractor.attribute(work)))
    reports = [evaluate(gold, documents) for documents in predicted]
    return [(report.counts["cue_right"], report.counts["cue_total"]) for report in reports]


def _row(name: str, counts: Counts) -> str:
    return f"| {name} | {counts[0]} of {counts[1]} | {counts[0] / max(1, counts[1]):.3f} |"


def _add(one: Counts, other: Counts) -> Counts:
    return one[0] + other[0], one[1] + other[1]


def cross_validated(rules: RulesExtractor, folds: int) -> tuple[Counts, Counts]:
    """Rules and trained extractor on PolNeAR train, every `folds`-th document one fold."""
    train = load_gold(POLNEAR / "train")
    by_rules = by_model = (0, 0)
    for k in range(folds):
        held, taught = train[k::folds], [d for i, d in enumerate(train) if i % folds != k]
        with tempfile.TemporaryDirectory(prefix="quotes-cv-") as tmp:
            fit_classifiers(rules, taught, None, Path(tmp), seed=0)
            (Path(tmp) / "meta.json").write_text(json.dumps({"name": f"fold{k}"}), encoding="utf-8")
            model = TrainedExtractor(tmp, nlp=rules.nlp, registry=rules.registry)
            fold_rules, fold_model = cue_counts([rules, model], held)
        by_rules, by_model = _add(by_rules, fold_rules), _add(by_model, fold_model)
    return by_rules, by_model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path("quotes/data/model"))
    parser.add_argument("--out", type=Path, default=Path("eval/results/cue-decisions.md"))
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds on train (0: skip)")
    args = parser.parse_args(argv)
    model = TrainedExtractor(args.model)
    if model.cues is None:
        parser.error(f"{args.model} has no cue classifier (cue.json)")
    rules = RulesExtractor(nlp=model.nlp, registry=model.registry)
    dev_rules, dev_model = cue_counts([rules, model], load_gold(GOLDS["polnear-dev"]))
    text = (f"# Cue decisions\n\nCommand: `python -m eval.cue_decisions "
            f"{shlex.join(argv if argv is not None else sys.argv[1:])}`\n\n## PolNeAR dev\n\n"
            "| cue shown by | right | accuracy |\n| --- | --- | --- |\n"
            f"{_row('rules', dev_rules)}\n{_row(f'cue classifier ({args.model})', dev_model)}\n")
    if args.folds > 1:
        by_rules, by_model = cross_validated(rules, args.folds)
        text += (f"\n## PolNeAR train, {args.folds}-fold cross-validation over documents\n\n"
                 "Classifiers fit on the other folds, without a span model.\n\n"
                 "| cue shown by | right | accuracy |\n| --- | --- | --- |\n"
                 f"{_row('rules', by_rules)}\n{_row('cue classifier', by_model)}\n")
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
