"""Training the paragraph-break model on PolNeAR train's articles, each joined into one line.

    python -m quotes.paragraphs.train [--train ../shared/data/polnear/train] [--output quotes/data/paragraphs]

Each article's lines are joined by single spaces, as a one-line corpus stores it; a sentence
boundary of the joined line is a break where the article had a line end. The examples read each
boundary with the true count of sentences since the last break, as prediction reads its own.

The threshold is chosen by two-fold cross-validation on the articles for what the cuts are
for: each half joined into one line, its quotes found (the shipped extractor) with the paragraphs
cut by the model fitted on the other half, and the lowest threshold whose who-said-what F1 is
within TOLERANCE of the best kept (about ten minutes). The final model is fitted on all the
articles.
"""

from __future__ import annotations

import argparse
import os
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from quotes.linear import HashedLogistic
from quotes.paragraphs.features import Boundary, boundaries, with_count
from quotes.paragraphs.model import NAME, BreakModel, default_folder, using
from quotes.schema import Document, Span

POLNEAR_TRAIN = Path(__file__).resolve().parents[3] / "shared" / "data" / "polnear" / "train"
LONG_LINE = 1500  # characters: shorter lines are never cut (quotes/shape.py), so not learned from
C = 1.0
FOLDS = 2
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
# Who-said-what F1 within this of the best is as good (the curve over thresholds is that flat): of
# those thresholds the lowest is kept, which cuts most paragraphs, so that least text is parsed
# (PolNeAR train on one line: 0.7 parses 14% more than the plain text, 0.5 5%).
TOLERANCE = 0.001
_LINE_END = re.compile(r"\s*\n\s*")


@dataclass(frozen=True)
class Article:
    """One article joined into one line: its boundaries and which of them were line ends."""

    found: list[Boundary]
    labels: list[int]


def joined(text: str) -> tuple[str, list[tuple[int, int]]]:
    """`text` on one line (each run of line ends and the spaces around it one space, trailing
    space dropped) and, for each such run, (its end in `text`, the offset of its space)."""
    text = text.rstrip()
    runs, parts, done, at = [], [], 0, 0
    for match in _LINE_END.finditer(text):
        parts += [text[done : match.start()], " "]
        at += match.start() - done
        runs.append((match.end(), at))
        at += 1
        done = match.end()
    parts.append(text[done:])
    return "".join(parts), runs


def one_line(doc: Document) -> Document:
    """`doc` joined into one line, its quotes moved with their text."""
    line, runs = joined(doc.text)
    ends = [end for end, _ in runs]

    def moved(offset: int) -> int:
        i = bisect_right(ends, offset) - 1
        return offset if i < 0 else runs[i][1] + 1 + offset - ends[i]

    def span(s: Span | None) -> Span | None:
        return None if s is None else Span(s.text, moved(s.start), moved(s.end))

    quotes = [replace(q, start=moved(q.start), end=moved(q.end), cue=span(q.cue),
                      speaker_mention=span(q.speaker_mention)) for q in doc.quotes]
    return Document(doc.id, line, quotes)


def articles(texts: Iterable[str]) -> list[Article]:
    """The articles long enough to be cut once on one line, with their boundaries labelled."""
    found = []
    for text in texts:
        line, runs = joined(text)
        if len(line) >= LONG_LINE:
            spaces = {space for _, space in runs}
            bounds = boundaries(line, 0, len(line))
            found.append(Article(bounds, [int(b.space in spaces) for b in bounds]))
    return found


def _examples(data: list[Article]) -> tuple[list[dict[str, float]], list[int]]:
    features, labels = [], []
    for article in data:
        count = 0
        for boundary, label in zip(article.found, article.labels, strict=True):
            features.append(with_count(boundary.features, count))
            labels.append(label)
            count = 0 if label else count + 1
    return features, labels


def fit(data: list[Article], c: float = C, threshold: float = 0.5) -> BreakModel:
    return BreakModel(HashedLogistic(NAME, c=c).fit(*_examples(data)), threshold)


def choose_threshold(gold: list[Document], c: float = C, folds: int = FOLDS) -> dict[float, float]:
    """Who-said-what F1 of the one-line articles at each threshold, each fold cut by the model
    fitted on the other folds."""
    from quotes import extract_many
    from quotes.evaluate import evaluate

    shaped = [one_line(doc) for doc in gold]
    predicted: dict[float, list[Document]] = {t: [] for t in THRESHOLDS}
    for fold in range(folds):
        model = fit(articles(d.text for i, d in enumerate(gold) if i % folds != fold), c)
        held_out = shaped[fold::folds]
        with using(model):
            for threshold in THRESHOLDS:
                model.threshold = threshold
                predicted[threshold] += extract_many({"id": d.id, "text": d.text} for d in held_out)
    order = [d for fold in range(folds) for d in shaped[fold::folds]]
    return {t: evaluate(order, found).metrics["who_said_what_f1"] or 0.0 for t, found in predicted.items()}


def train(gold: list[Document], source: str, c: float = C) -> BreakModel:
    """The model fitted on the gold articles, its threshold chosen by cross-validation."""
    scores = choose_threshold(gold, c)
    best = min(t for t in THRESHOLDS if scores[t] >= max(scores.values()) - TOLERANCE)
    data = articles(d.text for d in gold)
    model = fit(data, c, best)
    record: dict[str, Any] = {
        "train": source, "articles": len(data), "boundaries": sum(len(a.labels) for a in data),
        "breaks": sum(sum(a.labels) for a in data), "c": c, "folds": FOLDS,
        "cv_one_line_who_said_what_f1": {str(t): round(v, 4) for t, v in scores.items()}}
    model.record = record
    return model


def main(argv: list[str] | None = None) -> None:
    from quotes.gold.polnear import read_polnear

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=POLNEAR_TRAIN)
    parser.add_argument("--output", type=Path, default=default_folder())
    parser.add_argument("--c", type=float, default=C)
    args = parser.parse_args(argv)
    gold = sorted(read_polnear(args.train), key=lambda d: d.id)
    model = train(gold, os.path.relpath(args.train, Path(__file__).resolve().parents[2]), args.c)
    model.save(args.output)
    print(f"wrote {args.output}: threshold {model.threshold}, "
          f"cross-validated who-said-what F1 {model.record['cv_one_line_who_said_what_f1']}")


if __name__ == "__main__":
    main()
