"""How well the confidences are calibrated: reliability tables, expected calibration error, Brier.

    python -m eval.calibration [--model default] [--out eval/results/calibration.md]

Four checks, on PolNeAR dev with the evaluation's own matching: the quote classifier's
P(quote) for every marked stretch, the attribution classifier's P(speaker) for the candidate
it chooses, and the output `confidence` (their product) against who-said-what being right,
judged by the speaker mention and, with the canonical-speaker layer
(annotations/polnear-dev-speakers.jsonl), by the canonical speaker.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import brier_score_loss

from eval.compare import GOLDS
from quotes.evaluate.inputs import load_gold, run_model, with_speakers
from quotes.evaluate.matching import prediction_outcomes

BINS = 10
SPEAKER_LAYER = Path(__file__).resolve().parents[1] / "annotations" / "polnear-dev-speakers.jsonl"


def reliability(confidence: np.ndarray, right: np.ndarray) -> tuple[str, float, float]:
    """A Markdown reliability table, the expected calibration error and the Brier score."""
    edges = np.linspace(0, 1, BINS + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, BINS - 1)
    rows, ece = [], 0.0
    for b in range(BINS):
        inside = which == b
        if inside.any():
            gap = abs(confidence[inside].mean() - right[inside].mean())
            ece += inside.mean() * gap
            rows.append(f"| {edges[b]:.1f}–{edges[b + 1]:.1f} | {inside.sum()} | "
                        f"{confidence[inside].mean():.3f} | {right[inside].mean():.3f} |")
    table = "| confidence | quotes | mean confidence | share right |\n| --- | --- | --- | --- |\n"
    return table + "\n".join(rows), ece, brier_score_loss(right, confidence)


def sections(model: str) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(title, probabilities, outcomes) for P(quote), P(speaker) and the joint confidence."""
    from quotes.attribution.train import pair_data
    from quotes.pipeline import load
    from quotes.quotation.train import quote_data
    from quotes.trained import TrainedExtractor

    gold = load_gold(GOLDS["polnear-dev"])
    found: list[tuple[str, np.ndarray, np.ndarray]] = []
    extractor = load(model)
    if isinstance(extractor, TrainedExtractor) and extractor.quotation is not None:
        features, labels = quote_data(extractor, gold, lambda _: extractor.spans)
        found.append(("P(quote) of every marked stretch, against being a gold quote",
                      extractor.quotation.predict_proba(features), np.array(labels, dtype=float)))
    if isinstance(extractor, TrainedExtractor):
        pairs = pair_data(extractor, gold, lambda _: extractor.spans)
        probs = extractor.classifier.predict_proba(pairs.features)
        top, right, at = [], [], 0
        for size in pairs.sizes:
            if size:
                best = at + int(np.argmax(probs[at : at + size]))
                top.append(probs[best])
                right.append(pairs.labels[best])
            at += size
        found.append(("P(speaker) of the chosen candidate of every gold quote, against being the "
                      "gold speaker", np.array(top), np.array(right, dtype=float)))
    predicted = run_model(gold, model)
    named = with_speakers(gold, SPEAKER_LAYER).documents
    for judged, title in ((gold, "the speaker mention"), (named, "the canonical speaker (speaker layer)")):
        outcomes = prediction_outcomes(judged, predicted)
        found.append((f"the output confidence of every predicted quote, against who-said-what being "
                      f"right by {title}", np.array([o.confidence for o in outcomes]),
                      np.array([o.who_said_what for o in outcomes], dtype=float)))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="default")
    parser.add_argument("--out", type=Path, default=Path("eval/results/calibration.md"))
    args = parser.parse_args(argv)
    parts = [f"# Calibration of `{args.model}` on PolNeAR dev\n",
             f"Command: `python -m eval.calibration {shlex.join(argv or sys.argv[1:])}`\n",
             f"{BINS} equal-width bins; expected calibration error (ECE) is the share-weighted gap "
             "between mean confidence and share right.\n"]
    for title, probability, right in sections(args.model):
        table, ece, brier = reliability(probability, right)
        parts.append(f"## {title}\n\n{len(right)} items. ECE {ece:.3f}, Brier score {brier:.3f}.\n\n"
                     f"{table}\n")
    args.out.write_text("\n".join(parts), encoding="utf-8")
    print("\n".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
