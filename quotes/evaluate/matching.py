"""Which predicted quote is which gold quote, and whether its speaker is right.

The one place where gold and predictions meet: every metric, report and threshold curve
reads the `DocumentMatch`es made here, so they all agree on what counts as a hit.
Spans are compared after trimming quotation marks, punctuation and space from both ends,
because systems and annotators disagree on whether `"Yes," he said` quotes `Yes` or `Yes,`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from quotes.schema import Document, Quote, Span

MIN_IOU = 0.5
_POSTMODIFIER = re.compile(r"\s*[,(\[—–]|\s+(?:who|which|that|whose|in|on|at|of|for|from|with)\s",
                           re.IGNORECASE)


def _is_trimmed(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


def trim(span: Span | Quote) -> tuple[int, int]:
    """The span's offsets without quotation marks, punctuation and space at either end."""
    text, start, end = span.text, span.start, span.end
    head = next((i for i, char in enumerate(text) if not _is_trimmed(char)), len(text))
    tail = next((i for i, char in enumerate(reversed(text)) if not _is_trimmed(char)), len(text))
    return (start + head, end - tail) if head < len(text) else (start, start)


def iou(one: tuple[int, int], other: tuple[int, int]) -> float:
    """Character intersection over union of two offset pairs (0 when both are empty)."""
    inter = max(0, min(one[1], other[1]) - max(one[0], other[0]))
    union = max(one[1], other[1]) - min(one[0], other[0])
    return inter / union if union > 0 and inter > 0 else 0.0


def _words(text: str) -> list[str]:
    return "".join(" " if _is_trimmed(c) else c for c in text).split()


def _last_word(text: str) -> str:
    words = _words(text)
    return words[-1].casefold() if words else ""


def _heads(span: Span) -> set[str]:
    """The span's last word, and the last word before a postmodifier
    ("Kenneth Baer, a former official" -> "official", "baer")."""
    core = _POSTMODIFIER.split(span.text, maxsplit=1)[0]
    return {_last_word(span.text), _last_word(core)} - {""}


def mention_right(predicted: Span | None, gold: Span) -> bool:
    """A predicted speaker mention is right when it overlaps the gold one (IoU >= 0.5), or when
    one contains the other and they share the head word: "spokesman" in "a North Korean foreign
    ministry spokesman", "Kenneth Baer" in "Kenneth Baer, a former Obama administration
    official", "source" in "one source on the panel". The head is the last word, or the last
    word before a comma, bracket, dash, relative pronoun or preposition, because PolNeAR's
    Sources keep their appositives and modifiers."""
    if predicted is None:
        return False
    one, other = trim(predicted), trim(gold)
    if iou(one, other) >= MIN_IOU:
        return True
    nested = (one[0] <= other[0] and other[1] <= one[1]) or (
        other[0] <= one[0] and one[1] <= other[1])
    return nested and bool(_heads(predicted) & _heads(gold))


def _cue_core(span: Span) -> tuple[int, int]:
    """A cue's offsets, trimmed unless it is punctuation only: a dash ("” ― Carla Sanchez") or a
    colon ("Clinton: “...”") is a cue of its own."""
    core = trim(span)
    return core if core[1] > core[0] else (span.start, span.end)


def cue_right(predicted: Span | None, gold: Span) -> bool:
    """A predicted cue is right when it shares characters with the gold one: cues are a word or
    two, and annotators differ on how much they take ("told" or "told reporters")."""
    return predicted is not None and iou(_cue_core(predicted), _cue_core(gold)) > 0


# A gold mention that is one of these words needs in-document resolution to be named.
PRONOUNS = frozenset("i me we us you he him she her it they them who which that this these those".split())
KINDS = ("name", "description", "pronoun")


def mention_kind(text: str) -> str:
    """What a speaker mention is, from its words alone: a pronoun ("he", "which"), a name (its
    head word, as `_heads` finds it, is capitalised: "Kim", "The US", "Kenneth Baer, a former
    official") or a description ("the North Korean leader", "a spokesman for the ministry").
    Pronouns and descriptions are the mentions only in-document resolution can name."""
    words = _words(text)
    if len(words) == 1 and words[0].casefold() in PRONOUNS:
        return "pronoun"
    core = _words(_POSTMODIFIER.split(text, maxsplit=1)[0]) or words
    return "name" if core and core[-1][:1].isupper() else "description"


def normal_name(name: str | None) -> str:
    """A canonical speaker name compared case- and space-insensitively ("" for none)."""
    return " ".join((name or "").split()).casefold()


def speaker_right(predicted: Quote, gold: Quote) -> bool:
    """Who said it, judged at the finest level the gold knows: the canonical name where the
    gold has one, else the mention; a gold quote with neither (PolNeAR's attributions without
    a source) has no speaker to get right."""
    if gold.speaker:
        return normal_name(predicted.speaker) == normal_name(gold.speaker)
    return gold.speaker_mention is not None and mention_right(predicted.speaker_mention,
                                                              gold.speaker_mention)


@dataclass
class Outcome:
    """One predicted quote: the gold quote it overlaps (if any) and what it got right."""

    doc_id: str
    quote: Quote
    gold: Quote | None
    exact: bool
    who_said_what: bool

    @property
    def confidence(self) -> float:
        return self.quote.confidence

    @property
    def quote_tp(self) -> bool:
        return self.gold is not None


@dataclass
class DocumentMatch:
    """Gold and predictions of one document, matched one-to-one."""

    gold: Document
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def matched(self) -> Iterator[Outcome]:
        return (outcome for outcome in self.outcomes if outcome.gold is not None)


def _exact_hits(gold: list[Quote], predicted: list[Quote]) -> list[bool]:
    """Per prediction: whether it claims one of the gold spans exactly, each gold span once."""
    left = Counter(trim(quote) for quote in gold)
    hits = []
    for quote in predicted:
        key = trim(quote)
        hits.append(left[key] > 0)
        left[key] -= 1
    return hits


def match_document(gold: Document, predicted: Document | None) -> DocumentMatch:
    """Pair gold and predicted quotes one-to-one by the assignment of highest total IoU,
    keeping pairs with IoU >= 0.5; a missing prediction is a document with no quotes."""
    quotes = list(predicted.quotes) if predicted is not None else []
    golds = [trim(quote) for quote in gold.quotes]
    preds = [trim(quote) for quote in quotes]
    partner: dict[int, Quote] = {}
    if golds and preds:
        from scipy.optimize import linear_sum_assignment  # 0.6 s to import: not at start-up

        scores = np.array([[iou(g, p) for p in preds] for g in golds])
        for row, col in zip(*linear_sum_assignment(scores, maximize=True), strict=True):
            if scores[row, col] >= MIN_IOU:
                partner[int(col)] = gold.quotes[int(row)]
    exact = _exact_hits(gold.quotes, quotes)
    outcomes = []
    for index, quote in enumerate(quotes):
        match = partner.get(index)
        outcomes.append(Outcome(doc_id=gold.id, quote=quote, gold=match, exact=exact[index],
                                who_said_what=match is not None and speaker_right(quote, match)))
    return DocumentMatch(gold=gold, outcomes=outcomes)


def match_documents(gold: Iterable[Document],
                    predicted: Iterable[Document]) -> list[DocumentMatch]:
    """Match every gold document with the prediction of the same id (none: predicts nothing)."""
    by_id = {doc.id: doc for doc in predicted}
    return [match_document(doc, by_id.get(doc.id)) for doc in gold]


def prediction_outcomes(gold: Iterable[Document], predicted: Iterable[Document]) -> list[Outcome]:
    """Every predicted quote with its confidence and whether it is a quote TP and a
    who-said-what TP: what precision/recall per confidence threshold is computed from
    (recall's denominator is the number of gold quotes)."""
    return [outcome for match in match_documents(gold, predicted) for outcome in match.outcomes]
