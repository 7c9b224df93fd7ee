"""Features of a (quote, candidate cue) pair, as a dict of named values.

What the candidate is (a reporting verb, another verb, a colon, the rules' shown cue), what
the rules chose, how the parse ties it to the quote (it governs the quote, it is the nearest
verb above the quote's root, its own dependency and the quote root's), where it stands
(distance, direction, same sentence), its lemma, whether its subject is the rules' speaker,
and how strongly the span model takes it for a CUE.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Span, Token

from quotes.cueing.candidates import CueCandidate
from quotes.linear import bucket
from quotes.rules import Found
from quotes.spans.model import SpanAnnotation

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _verb_above(quote: Span) -> Token | None:
    """The nearest verb above the quote's root: what the quote is said, called or rated by."""
    token = quote.root
    while token.head.i != token.i:
        token = token.head
        if token.pos_ == "VERB":
            return token
    return None


def _cue_probability(notes: Mapping[int, SpanAnnotation], item: Found, head: Token) -> float:
    """The span model's highest P(CUE) for a span holding the candidate's head word."""
    note = notes.get(id(item.piece))
    if note is None:
        return 0.0
    return max((s.probability for s in note.cues if s.start <= head.i < s.end), default=0.0)


def pair_features(item: Found, cand: CueCandidate, above: Token | None,
                  notes: Mapping[int, SpanAnnotation] | None) -> dict[str, float]:
    """The features of `cand` as the cue of `item`; `above` is the verb above the quote's root."""
    quote, how = item.span, cand.how
    rules = (cand.start, cand.end) == item.shown_cue
    f: dict[str, float] = {"bias": 1.0, f"how={how}": 1.0, f"rules={rules}": 1.0,
                           f"rules={rules}&how={how}": 1.0}
    head = cand.head
    if head is None:  # the rules' cue from elsewhere: an earlier attribution, or a signing dash
        f[f"shown_after={cand.start >= item.marked.end}"] = 1.0  # a dash after it, not an earlier cue
        f["continued"] = float(item.marked.continued)
        f[f"continued&rules={rules}"] = float(item.marked.continued)
        return f
    governs = head.left_edge.i < quote.end and head.right_edge.i >= quote.start and not (
        quote.start <= head.i < quote.end)
    after = head.i >= quote.end
    distance = head.i - quote.end if after else quote.start - head.i
    same_sentence = head.sent.start in (quote[0].sent.start, quote[-1].sent.start)
    is_above = above is not None and above.i == head.i
    subject = next((c for c in head.children if c.dep_ in _SUBJECTS), None)
    lemma = head.lemma_.lower()
    for name in (f"governs={governs}", f"after={after}", f"dist={bucket(distance)}",
                 f"same_sentence={same_sentence}", f"above={is_above}", f"dep={head.dep_}",
                 f"subject={subject is not None}"):
        f[f"{name}&how={how}"] = 1.0
    f[f"quote_dep={quote.root.dep_}&above={is_above}"] = 1.0
    f[f"governs={governs}&above={is_above}&rules={rules}"] = 1.0
    f[f"after={after}&dist={bucket(distance)}"] = 1.0
    if how in ("reporting", "verb"):
        f[f"lemma={lemma}"] = 1.0
        f[f"lemma={lemma}&governs={governs}"] = 1.0
    if subject is not None and item.mention is not None:
        f["subject_is_speaker"] = float(subject.i == item.mention.root.i and item.mention_piece is item.piece)
    if notes:
        probability = _cue_probability(notes, item, head)
        f["span_cue"] = probability
        f["span_cue>0.5"] = float(probability > 0.5)
    return f


def cue_features(item: Found, cands: list[CueCandidate],
                 notes: Mapping[int, SpanAnnotation] | None = None) -> list[dict[str, float]]:
    """The features of every candidate cue of `item`, with the span model's `notes` (by id of
    piece) when there is a span model."""
    above = _verb_above(item.span)
    return [pair_features(item, cand, above, notes) for cand in cands]
