"""Which quote decision is best on PolNeAR dev: the rules', the quote classifier's, the span model's?

    python -m eval.quote_decisions [--model quotes/data/model] [--out FILE]

Every marked stretch the rules locate in the dev documents is one item, labelled by whether
it is a gold quote (the evaluation's one-to-one matching); each decision is scored by
precision, recall and F1 over those items. When the model has a span model, its P(QUOTE) is
a feature of the classifier and is also scored alone.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

import numpy as np

from eval.compare import GOLDS
from quotes.evaluate.inputs import load_gold
from quotes.quotation.train import quote_data
from quotes.trained import TrainedExtractor

THRESHOLDS = np.round(np.arange(0.05, 1.0, 0.05), 2)


def scores(decision: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of a yes/no decision per marked stretch."""
    tp = int((decision & gold).sum())
    p, r = tp / max(1, decision.sum()), tp / max(1, gold.sum())
    return p, r, 2 * p * r / max(1e-9, p + r)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path("quotes/data/model"))
    parser.add_argument("--out", type=Path, default=Path("eval/results/quote-decisions.md"))
    args = parser.parse_args(argv)
    dev = load_gold(GOLDS["polnear-dev"])
    extractor = TrainedExtractor(args.model)
    features, labels = quote_data(extractor, dev, lambda _: extractor.spans)
    gold = np.array(labels, dtype=bool)
    rules = np.array([f.get("rules_keep=True", 0.0) > 0 for f in features])
    classifier = extractor.quotation.predict_proba(features)
    best = max(THRESHOLDS, key=lambda t: (scores(classifier >= t, gold)[2], -t))
    rows = [("rules (the shipped decision)", rules), ("quote classifier, P >= 0.5", classifier >= 0.5),
            (f"quote classifier, P >= {best} (the best of {THRESHOLDS[0]}..{THRESHOLDS[-1]} on dev)",
             classifier >= best),
            ("rules, or classifier P >= 0.7 where the rules said no", rules | (classifier >= 0.7))]
    if extractor.spans is not None:
        span_p = np.array([f["span_model"] for f in features])
        rows.append(("span model alone (spancat over marked stretches), P >= 0.5", span_p >= 0.5))
    table = "\n".join("| {} | {:.3f} | {:.3f} | {:.3f} |".format(name, *scores(decision, gold))
                      for name, decision in rows)
    text = (f"# Quote decisions on PolNeAR dev\n\nCommand: `python -m eval.quote_decisions "
            f"{shlex.join(argv if argv is not None else sys.argv[1:])}`\n\n{len(gold)} marked stretches, "
            f"{int(gold.sum())} of them gold quotes.\n\n| decision | P | R | F1 |\n"
            f"| --- | --- | --- | --- |\n{table}\n")
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
