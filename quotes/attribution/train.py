"""Attribution-classifier examples from gold documents.

The gold quotes are found among the marked stretches (one-to-one, IoU >= 0.5, the same
matching as the evaluation), and every candidate of such a quote is labelled by whether it
is the gold speaker mention under the evaluation's own rule (`mention_right`), except where
our guidelines depart from PolNeAR's Source (a quote relayed "according to" a channel).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from quotes.attribution.candidates import Candidate
from quotes.evaluate.matching import mention_right
from quotes.rules import Found, RulesExtractor, Work
from quotes.schema import Document, Span
from quotes.trained import Labelled, SpansFor, attribute_in_order, labelled


@dataclass
class PairData:
    """Pair features and labels, and how often the gold speaker was among the candidates."""

    def top1(self, probs) -> float:
        """Share of quotes whose most probable candidate is a right one."""
        right, at = 0, 0
        for size in self.sizes:
            if size:
                right += self.labels[at + int(max(range(size), key=lambda i: probs[at + i]))]
            at += size
        return right / max(1, len(self.sizes))

    features: list[dict[str, float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)  # candidates per quote, in order
    quotes: int = 0
    covered: int = 0


def _char_span(work: Work, cand: Candidate) -> Span:
    return Span.of(work.text, cand.piece.start + cand.span.start_char,
                   cand.piece.start + cand.span.end_char)


def _relay_to_speaker(item: Found, cands: list[Candidate], labels: list[int]) -> list[int]:
    """The labels under our guidelines' departure from PolNeAR on nested attribution: where the
    gold Source is the object of "according to" and the quote's own reporting verb, which governs
    it, has a subject (Kim said ... “…,” according to KCNA), the subject is the speaker and the
    relaying channel is not (annotations/GUIDELINES.md)."""
    own = [i for i, c in enumerate(cands) if c.how == "rules"]
    relayed = any(label and c.how == "according" for c, label in zip(cands, labels, strict=True))
    if own and relayed and not labels[own[0]] and item.cue is not None and item.cue.governs:
        return [int(i == own[0]) for i in range(len(cands))]
    return labels


def add_pairs(data: PairData, doc: Labelled) -> None:
    """Add the labelled pairs of every gold quote with a speaker mention that the marks find in
    `doc`, the candidates' P(SPEAKER) among their features when it has span notes."""
    kept = [f for i, f in enumerate(doc.found) if i in doc.partners]
    gold_of = {id(f): doc.partners[i] for i, f in enumerate(doc.found) if i in doc.partners}

    def teach(item: Found, cands: list[Candidate], feats: list[dict[str, float]]) -> Candidate | None:
        mention = gold_of[id(item)].speaker_mention
        if mention is None:
            return None
        labels = _relay_to_speaker(item, cands, [int(mention_right(_char_span(doc.work, c), mention))
                                                 for c in cands])
        data.quotes += 1
        data.covered += int(any(labels))
        data.features.extend(feats)
        data.labels.extend(labels)
        data.sizes.append(len(labels))
        return cands[labels.index(1)] if any(labels) else None

    attribute_in_order(doc.work, doc.found, kept, teach, doc.notes)


def pair_data(extractor: RulesExtractor, gold: Iterable[Document], spans: SpansFor | None = None,
              batch_size: int = 32) -> PairData:
    """Labelled pairs of all the gold documents."""
    data = PairData()
    for doc in labelled(extractor, gold, spans, batch_size):
        add_pairs(data, doc)
    return data
