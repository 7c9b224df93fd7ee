"""Agreement between two annotators' gold files: span F1 per label and Cohen's kappa on speakers.

Spans are compared per label (QUOTE, CUE, SPEAKER, and CONTENT, reported speech, when either
annotator marked one) as sets of character ranges, exactly and with overlap (a one-to-one
matching, by linear_sum_assignment on character IoU, that counts pairs with IoU >= 0.5). F1 is
symmetric, so neither annotator is the reference. Attribution agreement is Cohen's kappa over
the items both annotators marked (overlap-matched, a QUOTE with a QUOTE and a CONTENT with a
CONTENT): the label is the canonical speaker if both gave one, else the normalised speaker
mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import cohen_kappa_score

from quotes.gold.doccano import CONTENT, CUE, ITEM_KINDS, SPAN_LABELS, SPEAKER
from quotes.schema import Document, Quote

MIN_IOU = 0.5
NO_SPEAKER = "<none>"

Range = tuple[int, int]


@dataclass
class LabelAgreement:
    label: str
    a: int
    b: int
    exact_f1: float
    overlap_f1: float


@dataclass
class Agreement:
    documents: int
    only_a: list[str]
    only_b: list[str]
    labels: list[LabelAgreement]
    quotes_both: int
    speaker_kappa: float | None

    def to_dict(self) -> dict:
        return asdict(self)

    def markdown(self) -> str:
        lines = ["| label | A | B | exact F1 | overlap F1 |", "|---|---:|---:|---:|---:|"]
        lines += [f"| {r.label} | {r.a} | {r.b} | {r.exact_f1:.3f} | {r.overlap_f1:.3f} |"
                  for r in self.labels]
        kappa = "n/a" if self.speaker_kappa is None else f"{self.speaker_kappa:.3f}"
        lines += ["", f"Speaker agreement (Cohen's kappa) over {self.quotes_both} quotes "
                      f"marked by both: {kappa}",
                  f"Documents compared: {self.documents}; only in A: {len(self.only_a)}; "
                  f"only in B: {len(self.only_b)}"]
        return "\n".join(lines)


def iou(one: Range, other: Range) -> float:
    inter = min(one[1], other[1]) - max(one[0], other[0])
    if inter <= 0:
        return 0.0
    return inter / (max(one[1], other[1]) - min(one[0], other[0]))


def overlap_pairs(a: list[Range], b: list[Range]) -> list[tuple[int, int]]:
    """Index pairs of a largest one-to-one matching of `a` and `b` with IoU >= MIN_IOU."""
    if not a or not b:
        return []
    scores = np.array([[iou(x, y) for y in b] for x in a])
    rows, cols = linear_sum_assignment((scores >= MIN_IOU).astype(float), maximize=True)
    return [(i, j) for i, j in zip(rows, cols, strict=True) if scores[i, j] >= MIN_IOU]


def f1(matched: int, a: int, b: int) -> float:
    return 1.0 if a == b == 0 else 2 * matched / (a + b)


def label_ranges(doc: Document, label: str) -> list[Range]:
    """The distinct character ranges an annotator marked with `label` in `doc`."""
    if label in ITEM_KINDS:  # QUOTE or CONTENT: the items of that kind
        return sorted({(q.start, q.end) for q in doc.quotes if q.kind == ITEM_KINDS[label]})
    spans = {CUE: lambda q: q.cue, SPEAKER: lambda q: q.speaker_mention}[label]
    return sorted({(s.start, s.end) for q in doc.quotes if (s := spans(q)) is not None})


def normalise(mention: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", mention)).strip().casefold()


def speaker_labels(one: Quote, other: Quote) -> tuple[str, str]:
    """What the two annotators say about who spoke, made comparable."""
    if one.speaker and other.speaker:
        return one.speaker, other.speaker
    return tuple(normalise(q.speaker_mention.text) if q.speaker_mention else NO_SPEAKER
                 for q in (one, other))


def kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa; 1.0 when every pair agrees on a single label (sklearn gives NaN there)."""
    if not pairs:
        return None
    a, b = zip(*pairs, strict=True)
    if len(set(a) | set(b)) == 1:
        return 1.0
    return float(cohen_kappa_score(a, b))


def agreement(docs_a: Iterable[Document], docs_b: Iterable[Document]) -> Agreement:
    """Compare the documents the two annotators share, joined by id."""
    by_a = {d.id: d for d in docs_a}
    by_b = {d.id: d for d in docs_b}
    shared = sorted(by_a.keys() & by_b.keys())
    counts = {label: [0, 0, 0, 0] for label in SPAN_LABELS}  # a, b, exact, overlap
    pairs: list[tuple[str, str]] = []
    for doc_id in shared:
        one, other = by_a[doc_id], by_b[doc_id]
        for label in SPAN_LABELS:
            ra, rb = label_ranges(one, label), label_ranges(other, label)
            count = counts[label]
            count[0] += len(ra)
            count[1] += len(rb)
            count[2] += len(set(ra) & set(rb))
            count[3] += len(overlap_pairs(ra, rb))
        for kind in ITEM_KINDS.values():
            items_a, items_b = ([q for q in doc.quotes if q.kind == kind] for doc in (one, other))
            for i, j in overlap_pairs([(q.start, q.end) for q in items_a],
                                      [(q.start, q.end) for q in items_b]):
                pairs.append(speaker_labels(items_a[i], items_b[j]))
    labels = [LabelAgreement(label, a, b, f1(exact, a, b), f1(overlap, a, b))
              for label, (a, b, exact, overlap) in counts.items()
              if label != CONTENT or a or b]  # no CONTENT row where nobody marked reported speech
    return Agreement(documents=len(shared), only_a=sorted(by_a.keys() - by_b.keys()),
                     only_b=sorted(by_b.keys() - by_a.keys()), labels=labels,
                     quotes_both=len(pairs), speaker_kappa=kappa(pairs))
