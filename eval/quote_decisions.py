"""Which quote decision is best on PolNeAR dev: the rules', the quote classifier's, the span model's?

    python -m eval.quote_decisions [--model quotes/data/model] [--spans DIR] [--out FILE]

Every marked stretch the rules locate in the dev documents is one item, labelled by whether
it is a gold quote (the evaluation's one-to-one matching); each decision is scored by
precision, recall and F1 over those items. `--spans` names a trained span model (a spaCy
pipeline folder from `quotes train --spans`) whose P(QUOTE) is scored too, alone and averaged
with the classifier's.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from functools import partial
from pathlib import Path

import numpy as np

from eval.compare import GOLDS
from quotes.evaluate.inputs import load_gold
from quotes.linear import HashedLogistic
from quotes.quotation.train import quote_data
from quotes.rules import RulesExtractor
from quotes.spans.model import SpanModel
from quotes.trained import span_probabilities


def scores(decision: np.ndarray, gold: np.ndarray) -> str:
    tp = int((decision & gold).sum())
    p, r = tp / max(1, decision.sum()), tp / max(1, gold.sum())
    return f"{p:.3f} | {r:.3f} | {2 * p * r / max(1e-9, p + r):.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path("quotes/data/model"))
    parser.add_argument("--spans", type=Path)
    parser.add_argument("--out", type=Path, default=Path("eval/results/quote-decisions.md"))
    args = parser.parse_args(argv)
    dev = load_gold(GOLDS["polnear-dev"])
    spans = SpanModel.load(args.spans) if args.spans else None
    features, labels = quote_data(RulesExtractor(), dev, partial(span_probabilities, spans))
    gold = np.array(labels, dtype=bool)
    rules = np.array([f.get("rules_keep=True", 0.0) > 0 for f in features])
    plain = [{k: v for k, v in f.items() if not k.startswith("span_model")} for f in features]
    classifier = HashedLogistic.load(args.model, "quotation").predict_proba(plain)
    rows = [("rules (the shipped decision)", rules), ("quote classifier, P >= 0.5", classifier >= 0.5),
            ("rules, or classifier P >= 0.7 where the rules said no", rules | (classifier >= 0.7))]
    if spans is not None:
        span_p = np.array([f["span_model"] for f in features])
        rows += [("span model (spancat over marked stretches), P >= 0.5", span_p >= 0.5),
                 ("mean of classifier and span model, >= 0.5", (classifier + span_p) / 2 >= 0.5)]
    table = "\n".join(f"| {name} | {scores(decision, gold)} |" for name, decision in rows)
    text = (f"# Quote decisions on PolNeAR dev\n\nCommand: `python -m eval.quote_decisions "
            f"{shlex.join(argv if argv is not None else sys.argv[1:])}`\n\n{len(gold)} marked stretches, "
            f"{int(gold.sum())} of them gold quotes.\n\n| decision | P | R | F1 |\n"
            f"| --- | --- | --- | --- |\n{table}\n")
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
