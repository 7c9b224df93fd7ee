"""Quote-classifier examples: each marked stretch, labelled by whether it is a gold quote
under the evaluation's own matching."""

from __future__ import annotations

from collections.abc import Iterable

from quotes.quotation.features import quote_features
from quotes.rules import RulesExtractor
from quotes.schema import Document
from quotes.trained import Labelled, SpansFor, labelled, span_probabilities

Examples = tuple[list[dict[str, float]], list[int]]


def quote_examples(doc: Labelled) -> Examples:
    """Features and labels of the marked stretches of one labelled document; the span model's
    P(QUOTE) of each stretch is a feature when it has one."""
    scores = span_probabilities(doc.notes, doc.found)
    return ([quote_features(item, score) for item, score in zip(doc.found, scores, strict=True)],
            [int(index in doc.partners) for index in range(len(doc.found))])


def quote_data(extractor: RulesExtractor, gold: Iterable[Document], spans: SpansFor | None = None,
               batch_size: int = 32) -> Examples:
    """Features and labels of every marked stretch in the gold documents."""
    features: list[dict[str, float]] = []
    labels: list[int] = []
    for doc in labelled(extractor, gold, spans, batch_size):
        more, marks = quote_examples(doc)
        features.extend(more)
        labels.extend(marks)
    return features, labels
