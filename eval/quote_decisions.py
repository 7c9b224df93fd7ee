"""Which quote decision is best on PolNeAR dev: the rules', the quote classifier's, the span model's?

    python -m eval.quote_decisions [--model quotes/data/model] [--out FILE] [--folds 5]

Every marked stretch the rules locate in the dev documents is one item, labelled by whether
it is a gold quote (the evaluation's one-to-one matching); each decision is scored by
precision, recall and F1 over those items. When the model has a span model, its P(QUOTE) is
a feature of the classifier and is also scored alone.

The rules were written while reading dev's errors, so dev may flatter them. A second table
scores the same two decisions on PolNeAR train by cross-validation over its documents: the
quote classifier (the shipped settings, without span-model scores, which would need a span
model per fold) is trained on the other folds and decides each held-out fold. A third counts,
by kind, the stretches the rules reject that the gold of train and of dev marks as quotes: the
two splits follow different conventions there, which is why a decision learned on train loses
to the rules on dev while it wins on train.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

from eval.compare import GOLDS, POLNEAR
from quotes.evaluate.inputs import load_gold
from quotes.linear import HashedLogistic
from quotes.quotation.train import Examples, quote_data
from quotes.train import QUOTE_C
from quotes.trained import TrainedExtractor

THRESHOLDS = np.round(np.arange(0.05, 1.0, 0.05), 2)


def scores(decision: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of a yes/no decision per marked stretch."""
    tp = int((decision & gold).sum())
    p, r = tp / max(1, decision.sum()), tp / max(1, gold.sum())
    return p, r, 2 * p * r / max(1e-9, p + r)


def _best(decide: Callable[[float], np.ndarray], gold: np.ndarray) -> float:
    """The threshold of THRESHOLDS whose decision has the best F1; the highest among equals."""
    return max(THRESHOLDS, key=lambda t: (scores(decide(t), gold)[2], t))


def _rules_said(features: list[dict[str, float]]) -> np.ndarray:
    return np.array([f.get("rules_keep=True", 0.0) > 0 for f in features])


def _row(name: str, decision: np.ndarray, gold: np.ndarray) -> str:
    return "| {} | {:.3f} | {:.3f} | {:.3f} |".format(name, *scores(decision, gold))


def cross_validated(parts: list[Examples]) -> tuple[int, list[str]]:
    """Rules and quote classifier on PolNeAR train, each part's stretches decided by a classifier
    trained on the other parts (folds of documents)."""
    gold, rules, classifier = [], [], []
    for k, (features, labels) in enumerate(parts):
        rest = [(f, y) for j, part in enumerate(parts) if j != k for f, y in zip(*part, strict=True)]
        model = HashedLogistic("quotation", c=QUOTE_C).fit([f for f, _ in rest], [y for _, y in rest])
        gold.append(np.array(labels, dtype=bool))
        rules.append(_rules_said(features))
        classifier.append(model.predict_proba(features))
    y, said, p = np.concatenate(gold), np.concatenate(rules), np.concatenate(classifier)
    return len(y), [_row("rules", said, y), _row("quote classifier, P >= 0.5", p >= 0.5, y),
                    _row("quote classifier, P >= 0.7", p >= 0.7, y)]


def _kind(features: dict[str, float]) -> str:
    if features.get("title") or features.get("names_a_thing"):
        return "title or name of a thing"
    return "whole sentence" if features.get("sentence") else "phrase"


def rejected_by_kind(data: Examples) -> dict[str, tuple[int, int]]:
    """Of the stretches the rules rejected, by kind: how many the gold marks as quotes, of how many.
    Where train and dev disagree, a decision learned on train cannot follow dev's convention."""
    counts: dict[str, tuple[int, int]] = {}
    for features, label in zip(*data, strict=True):
        if not features.get("rules_keep=True"):
            gold, total = counts.get(_kind(features), (0, 0))
            counts[_kind(features)] = gold + label, total + 1
    return counts


def _share(counts: tuple[int, int]) -> str:
    return f"{counts[0]} of {counts[1]} ({counts[0] / max(1, counts[1]):.2f})"


def _conventions(train: Examples, dev: Examples) -> str:
    by_train, by_dev = rejected_by_kind(train), rejected_by_kind(dev)
    rows = [f"| {kind} | {_share(by_train.get(kind, (0, 0)))} | {_share(by_dev.get(kind, (0, 0)))} |"
            for kind in sorted(by_train.keys() | by_dev.keys())]
    return ("\n## What the rules reject, and what the gold says of it\n\nMarked stretches the rules do "
            "not take for quotes (scare quotes, titles, names, transcript lines), by kind: how many of them "
            "are gold quotes. A whole sentence the rules reject is a transcript line (\"PENCE: ...\").\n\n"
            "| kind | PolNeAR train: gold quotes | PolNeAR dev: gold quotes |\n| --- | --- | --- |\n"
            + "\n".join(rows) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path("quotes/data/model"))
    parser.add_argument("--out", type=Path, default=Path("eval/results/quote-decisions.md"))
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds on train (0: skip)")
    args = parser.parse_args(argv)
    dev = load_gold(GOLDS["polnear-dev"])
    extractor = TrainedExtractor(args.model)
    features, labels = quote_data(extractor, dev, lambda _: extractor.spans)
    gold = np.array(labels, dtype=bool)
    rules = _rules_said(features)
    classifier = extractor.quotation.predict_proba(features)
    best = _best(lambda t: classifier >= t, gold)
    override = _best(lambda t: rules | (classifier >= t), gold)
    veto = _best(lambda t: rules & (classifier >= 1 - t), gold)
    rows = [("rules (the shipped decision)", rules), ("quote classifier, P >= 0.5", classifier >= 0.5),
            (f"quote classifier, P >= {best} (the best threshold on dev)", classifier >= best),
            (f"rules, or classifier P >= {override} where the rules said no (the best on dev)",
             rules | (classifier >= override)),
            (f"rules, unless classifier P < {1 - veto:.2f} where the rules said yes (the best on dev)",
             rules & (classifier >= 1 - veto))]
    if extractor.spans is not None:
        span_p = np.array([f["span_model"] for f in features])
        rows.append(("span model alone (spancat over marked stretches), P >= 0.5", span_p >= 0.5))
    table = "\n".join(_row(name, decision, gold) for name, decision in rows)
    text = (f"# Quote decisions on PolNeAR dev\n\nCommand: `python -m eval.quote_decisions "
            f"{shlex.join(argv if argv is not None else sys.argv[1:])}`\n\n{len(gold)} marked stretches, "
            f"{int(gold.sum())} of them gold quotes. Thresholds are tried from {THRESHOLDS[0]} to "
            f"{THRESHOLDS[-1]}; among equals the highest counts (for the two mixed decisions, the one "
            "that changes the rules' decision least).\n\n"
            f"| decision | P | R | F1 |\n| --- | --- | --- | --- |\n{table}\n")
    train = load_gold(POLNEAR / "train")
    folds = max(1, args.folds)  # one part, not cross-validated, for the conventions table
    parts = [quote_data(extractor, train[k::folds]) for k in range(folds)]
    if args.folds > 1:
        items, cv_rows = cross_validated(parts)
        text += (f"\n## PolNeAR train, {args.folds}-fold cross-validation over documents\n\n{items} marked "
                 "stretches; the classifier without span-model scores, trained on the other folds.\n\n"
                 "| decision | P | R | F1 |\n| --- | --- | --- | --- |\n" + "\n".join(cv_rows) + "\n")
    text += _conventions(([f for part in parts for f in part[0]], [y for part in parts for y in part[1]]),
                         (features, labels))
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
