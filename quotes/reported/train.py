"""Training the reported-speech stage from gold attributions (PolNeAR train: direct, indirect, mixed).

    python -m quotes.reported.train --train ../shared/data/polnear/train --model quotes/data/model

Every candidate cue of the fully parsed gold documents is labelled by whether it is a gold
attribution's cue (any kind: the classifier learns what reports speech, the content ranker
what is reported), under the evaluation's rule (`cue_right`). The candidate contents of a
cue that is the cue of a gold indirect item are labelled by whether they match that item best
(the highest trimmed character IoU, and >= 0.5, as the evaluation matches): a looser candidate
that still matches would teach the ranker nothing about where the content ends. The lexicon is
the cue words the gold confirmed at least twice: a line without one is not parsed for reported
speech.

The confidence an item needs is chosen by two-fold cross-validation on the training split:
each half's items found by the stage trained on the other half, scored as `quotes eval`
scores reported speech, and the threshold of best who-said-what F1 kept.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from quotes.cues import cue_span
from quotes.evaluate import evaluate
from quotes.evaluate.matching import MIN_IOU, cue_right, iou, trim
from quotes.gold.polnear import read_polnear
from quotes.linear import HashedLogistic
from quotes.reported.candidates import contents, cue_heads, typed_marks
from quotes.reported.extractor import ReportedSpeech
from quotes.reported.features import content_features, cue_features
from quotes.rules import RulesExtractor, offsets, reading
from quotes.schema import Document, Quote, Span

# Regularisation, by two-fold cross-validation on PolNeAR train's candidates: cue P/R at 0.5
# 0.846/0.727, 0.823/0.736, 0.804/0.737 for C = 0.3, 1, 3; content pair accuracy 0.824, 0.819, 0.812.
CUE_C = 0.3
CONTENT_C = 0.3
MIN_LEXICON_COUNT = 2
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 15))  # the confidences tried


@dataclass
class Examples:
    """Labelled candidate cues and contents, and how often the gold was among the candidates."""

    cues: list[dict[str, float]] = field(default_factory=list)
    cue_labels: list[int] = field(default_factory=list)
    contents: list[dict[str, float]] = field(default_factory=list)
    content_labels: list[int] = field(default_factory=list)
    words: Counter[str] = field(default_factory=Counter)  # the words of the gold-confirmed cues
    reported: int = 0  # gold indirect items whose cue is among the candidate cues
    covered: int = 0  # ... and whose content is among that cue's candidate contents


def _match(text: str, start: int, end: int, golds: list[Quote]) -> list[Quote]:
    cue = Span.of(text, start, end)
    return [g for g in golds if g.cue is not None and cue_right(cue, g.cue)]


def add_examples(data: Examples, work, gold: Document) -> None:
    """The labelled candidates of one parsed gold document."""
    golds = [q for q in gold.quotes if q.cue is not None]
    for piece, skip in reading(work):
        typed = typed_marks(piece.doc)
        for head in cue_heads(piece.doc[:], skip):
            matched = _match(work.text, *offsets(cue_span(head), piece), golds)
            data.cues.append(cue_features(head))
            data.cue_labels.append(int(bool(matched)))
            if not matched:
                continue
            data.words[head.lower_] += 1
            indirect = [g for g in matched if g.kind == "indirect"]
            data.reported += len(indirect)
            cands = contents(head, skip, typed) if indirect else []
            if not cands:
                continue
            overlaps = []
            for cand in cands:
                span = Span.of(work.text, *offsets(piece.doc[cand.start : cand.end], piece))
                overlaps.append(max(iou(trim(span), trim(g)) for g in indirect))
            best = max(overlaps)
            labels = [int(v >= MIN_IOU and v == best) for v in overlaps]
            data.covered += int(any(labels))
            data.contents.extend(content_features(head, c, cands) for c in cands)
            data.content_labels.extend(labels)


def examples(rules: RulesExtractor, gold: list[Document], folds: int = 1) -> list[Examples]:
    """Labelled candidates of every gold document, each parsed in full (every prose line), by
    fold (document `i` in fold `i % folds`)."""
    golds = {doc.id: (i % folds, doc) for i, doc in enumerate(gold)}
    data = [Examples() for _ in range(folds)]
    for work in rules.parsed(((d.id, d.text) for d in gold), 32, ReportedSpeech()):
        fold, doc = golds[work.doc_id]
        add_examples(data[fold], work, doc)
    return data


def _joined(parts: list[Examples]) -> Examples:
    joined = Examples()
    for part in parts:
        for name in ("cues", "cue_labels", "contents", "content_labels"):
            getattr(joined, name).extend(getattr(part, name))
        joined.words.update(part.words)
        joined.reported += part.reported
        joined.covered += part.covered
    return joined


def _fit(data: Examples, seed: int, threshold: float = 0.0) -> ReportedSpeech:
    cues = HashedLogistic("reported_cue", c=CUE_C, seed=seed).fit(data.cues, data.cue_labels)
    ranker = HashedLogistic("reported_content", c=CONTENT_C, seed=seed).fit(data.contents,
                                                                           data.content_labels)
    lexicon = frozenset(w for w, n in data.words.items() if n >= MIN_LEXICON_COUNT)
    return ReportedSpeech(cues, ranker, lexicon, threshold)


def choose_threshold(rules: RulesExtractor, gold: list[Document], parts: list[Examples],
                     seed: int) -> tuple[float, dict[str, float]]:
    """The confidence of best cross-validated who-said-what F1, and that F1 per threshold tried."""
    predicted: list[Document] = []
    for fold in range(len(parts)):
        rules.reported = _fit(_joined([p for i, p in enumerate(parts) if i != fold]), seed)
        held_out = [(d.id, d.text) for i, d in enumerate(gold) if i % len(parts) == fold]
        predicted += rules.pipe(held_out, 32, kind="all")
    scores = {}
    for threshold in THRESHOLDS:
        kept = [replace(d, quotes=[q for q in d.quotes if q.confidence >= threshold]) for d in predicted]
        scores[str(threshold)] = evaluate(gold, kept, kind="indirect").metrics["who_said_what_f1"] or 0.0
    best = max(THRESHOLDS, key=lambda t: scores[str(t)])
    return best, scores


def fit_reported(rules: RulesExtractor, train_docs: list[Document], output: str | Path,
                 seed: int = 0, folds: int = 2) -> dict[str, Any]:
    """Fit and save the stage into the model folder `output`; returns its training record."""
    parts = examples(rules, train_docs, folds)
    threshold, scores = choose_threshold(RulesExtractor(rules.nlp, rules.registry), train_docs, parts, seed)
    data = _joined(parts)
    stage = _fit(data, seed, threshold)
    stage.save(output)
    return {"cue_c": CUE_C, "content_c": CONTENT_C, "threshold": threshold,
            "cv_who_said_what_f1": {k: round(v, 4) for k, v in scores.items()},
            "cue_examples": len(data.cue_labels), "cue_positives": sum(data.cue_labels),
            "content_examples": len(data.content_labels), "lexicon": len(stage.lexicon or ()),
            "content_candidate_coverage": round(data.covered / max(1, data.reported), 4)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", nargs="+", required=True, help="PolNeAR split folders")
    parser.add_argument("--model", required=True, help="the model folder to add the stage to")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    docs = [doc for path in args.train for doc in read_polnear(path, kinds=("direct", "indirect"))]
    record = fit_reported(RulesExtractor(), docs, args.model, args.seed)
    meta_path = Path(args.model) / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["reported"] = {"train": args.train, **record}
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    from quotes.train import model_card  # the model card is the trainer's, written anew with the stage

    (Path(args.model) / "README.md").write_text(model_card(meta), encoding="utf-8")
    print(json.dumps(meta["reported"], indent=1))


if __name__ == "__main__":
    main()
