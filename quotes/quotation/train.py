"""Training the quote classifier: each marked stretch, labelled by whether it is a gold quote
under the evaluation's own matching."""

from __future__ import annotations

from collections.abc import Iterable

from quotes.linear import HashedLogistic
from quotes.quotation.features import quote_features
from quotes.rules import RulesExtractor
from quotes.schema import Document
from quotes.trained import SpansFor, gold_partners, span_notes, span_probabilities


def quote_data(extractor: RulesExtractor, gold: Iterable[Document], spans: SpansFor | None = None,
               batch_size: int = 32) -> tuple[list[dict[str, float]], list[int]]:
    """Features and labels of every marked stretch in the gold documents; `spans` gives, by
    document id, the span model whose P(QUOTE) of each stretch is a feature."""
    golds = {doc.id: doc for doc in gold}
    features, labels = [], []
    for work in extractor.parsed(((d.id, d.text) for d in golds.values()), batch_size):
        found = extractor.decide(work)
        partners = gold_partners(work, found, golds[work.doc_id])
        model = spans(work.doc_id) if spans is not None else None
        scores = span_probabilities(span_notes(model, work, found), found)
        for index, (item, score) in enumerate(zip(found, scores, strict=True)):
            features.append(quote_features(item, score))
            labels.append(int(index in partners))
    return features, labels


def train_quotation(extractor: RulesExtractor, gold: Iterable[Document], spans: SpansFor | None = None,
                    c: float = 1.0, seed: int = 0) -> HashedLogistic:
    features, labels = quote_data(extractor, gold, spans)
    return HashedLogistic("quotation", c=c, seed=seed).fit(features, labels)
