"""Cue-classifier examples from gold documents.

Every candidate cue of a gold quote that the marks find is labelled by whether it is the gold
cue under the evaluation's own rule (`cue_right`), except where our guidelines depart from
PolNeAR on a relayed quote: in "Kim said “…,” according to KCNA" the quote's own verb is the
cue, as its subject is the speaker (annotations/GUIDELINES.md).
"""

from __future__ import annotations

from collections.abc import Iterable

from quotes.attribution.train import PairData
from quotes.cueing.candidates import CueCandidate, cue_candidates
from quotes.cueing.features import cue_features
from quotes.evaluate.matching import cue_right
from quotes.rules import Found, RulesExtractor, offsets, quoted_by_piece
from quotes.schema import Document, Span
from quotes.trained import Labelled, SpansFor, labelled


def _relay_to_own_cue(item: Found, cands: list[CueCandidate], labels: list[int]) -> list[int]:
    """The labels under the guidelines' departure: where the gold cue is "according to" and the
    rules' own cue governs the quote and has a subject (their speaker), that cue is the one."""
    relayed = any(label and c.head is not None and c.head.lower_ == "according"
                  for c, label in zip(cands, labels, strict=True))
    if not relayed or item.cue is None or not item.cue.governs or item.mention is None:
        return labels
    own = offsets(item.cue.tokens, item.piece)
    return [int((c.start, c.end) == own) for c in cands]


def add_cue_pairs(data: PairData, doc: Labelled) -> None:
    """Add the labelled candidate cues of every gold quote with a cue that the marks find in `doc`."""
    inside = quoted_by_piece(doc.found)
    for index, item in enumerate(doc.found):
        gold = doc.partners.get(index)
        if gold is None or gold.cue is None:
            continue
        cands = cue_candidates(item, inside[id(item.piece)])
        labels = [int(cue_right(Span.of(doc.work.text, c.start, c.end), gold.cue)) for c in cands]
        labels = _relay_to_own_cue(item, cands, labels)
        data.quotes += 1
        data.covered += int(any(labels))
        data.features.extend(cue_features(item, cands, doc.notes))
        data.labels.extend(labels)
        data.sizes.append(len(labels))


def cue_data(extractor: RulesExtractor, gold: Iterable[Document], spans: SpansFor | None = None) -> PairData:
    """Labelled candidate cues of all the gold documents."""
    data = PairData()
    for doc in labelled(extractor, gold, spans):
        add_cue_pairs(data, doc)
    return data
