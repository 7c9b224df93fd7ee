"""Which quote decision is best on PolNeAR dev: the rules', the quote classifier's, the span model's?

    python -m eval.quote_decisions [--model quotes/data/model] [--out FILE] [--folds 5]

Every marked stretch the rules locate in the dev documents is one item, labelled by whether
it is a gold quote (the evaluation's one-to-one matching); each decision is scored by
precision, recall and F1 over those items. When the model has a span model, its P(QUOTE) is
a feature of the classifier and is also scored alone.

The rules were written while reading dev's errors, so dev may flatter them. A second table
scores the same two decisions on PolNeAR train by cross-validation over its documents: the
quote classifier (the shipped settings, without span-model scores, which would need a span
model per fold) is trained on the other folds and decides each held-out fold.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

import numpy as np

from eval.compare import GOLDS, POLNEAR
from quotes.evaluate.inputs import load_gold
from quotes.linear import HashedLogistic
from quotes.quotation.train import quote_data
from quotes.rules import RulesExtractor
from quotes.train import QUOTE_C
from quotes.trained import TrainedExtractor

THRESHOLDS = np.round(np.arange(0.05, 1.0, 0.05), 2)


def scores(decision: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of a yes/no decision per marked stretch."""
    tp = int((decision & gold).sum())
    p, r = tp / max(1, decision.sum()), tp / max(1, gold.sum())
    return p, r, 2 * p * r / max(1e-9, p + r)


def _rules_said(features: list[dict[str, float]]) -> np.ndarray:
    return np.array([f.get("rules_keep=True", 0.0) > 0 for f in features])


def _row(name: str, decision: np.ndarray, gold: np.ndarray) -> str:
    return "| {} | {:.3f} | {:.3f} | {:.3f} |".format(name, *scores(decision, gold))


def cross_validated(extractor: RulesExtractor, folds: int) -> tuple[int, list[str]]:
    """Rules and quote classifier on PolNeAR train, each document's stretches decided by a
    classifier trained on the other folds of documents (every `folds`-th document one fold)."""
    train = load_gold(POLNEAR / "train")
    parts = [quote_data(extractor, train[k::folds]) for k in range(folds)]
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
    best = max(THRESHOLDS, key=lambda t: (scores(classifier >= t, gold)[2], -t))
    rows = [("rules (the shipped decision)", rules), ("quote classifier, P >= 0.5", classifier >= 0.5),
            (f"quote classifier, P >= {best} (the best of {THRESHOLDS[0]}..{THRESHOLDS[-1]} on dev)",
             classifier >= best),
            ("rules, or classifier P >= 0.7 where the rules said no", rules | (classifier >= 0.7))]
    if extractor.spans is not None:
        span_p = np.array([f["span_model"] for f in features])
        rows.append(("span model alone (spancat over marked stretches), P >= 0.5", span_p >= 0.5))
    table = "\n".join(_row(name, decision, gold) for name, decision in rows)
    text = (f"# Quote decisions on PolNeAR dev\n\nCommand: `python -m eval.quote_decisions "
            f"{shlex.join(argv if argv is not None else sys.argv[1:])}`\n\n{len(gold)} marked stretches, "
            f"{int(gold.sum())} of them gold quotes.\n\n| decision | P | R | F1 |\n"
            f"| --- | --- | --- | --- |\n{table}\n")
    if args.folds > 1:
        items, cv_rows = cross_validated(extractor, args.folds)
        text += (f"\n## PolNeAR train, {args.folds}-fold cross-validation over documents\n\n{items} marked "
                 "stretches; the classifier without span-model scores, trained on the other folds.\n\n"
                 "| decision | P | R | F1 |\n| --- | --- | --- | --- |\n" + "\n".join(cv_rows) + "\n")
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
