"""Candidate cues for a quote: every word nearby that could be the one introducing it.

The reporting verbs the rules know ("said", "according to"), every other verb of the
sentences that hold the quote ("went on about", "lauded", "rated"; PolNeAR's cues are any
predicate that frames a quote), a colon right before the opening mark ("Clinton: “…”"),
and the cue the rules show, which may be borrowed from an earlier attribution or be the
dash that signs the quote. The rules' own pick is always among them, so the classifier can
only add to what the rules see.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from spacy.tokens import Token

from quotes.cues import cue_span, is_cue_head
from quotes.rules import Found, cue_region, offsets


@dataclass(frozen=True)
class CueCandidate:
    """A possible cue: its offsets in the document's text, its head word (none for a cue the
    rules show from elsewhere) and why it was proposed."""

    start: int
    end: int
    head: Token | None
    how: str  # "reporting", "verb", "colon" or "shown"


def _colon_before(item: Found, skip: AbstractSet[int]) -> Token | None:
    """The colon right before the quote's opening mark, if there is one outside any quote."""
    doc, at = item.span.doc, item.span.start - 1
    while at >= 0 and (doc[at].is_space or doc[at].is_quote):
        at -= 1
    return doc[at] if at >= 0 and doc[at].text == ":" and at not in skip else None


def cue_candidates(item: Found, skip: AbstractSet[int]) -> list[CueCandidate]:
    """The candidate cues of `item`, in reading order, then the rules' shown cue when it is none
    of them; `skip` holds the indices of quoted tokens in the quote's parse."""
    found: dict[tuple[int, int], CueCandidate] = {}
    for token in cue_region(item.span.doc, item.span):
        if token.i in skip:
            continue
        if is_cue_head(token) or (token.pos_ == "VERB" and token.dep_ != "amod"):
            start, end = offsets(cue_span(token), item.piece)
            found.setdefault((start, end), CueCandidate(start, end, token,
                                                        "reporting" if is_cue_head(token) else "verb"))
    colon = _colon_before(item, skip)
    if colon is not None:
        start, end = offsets(colon.doc[colon.i : colon.i + 1], item.piece)
        found.setdefault((start, end), CueCandidate(start, end, colon, "colon"))
    if item.shown_cue is not None and item.shown_cue not in found:
        found[item.shown_cue] = CueCandidate(*item.shown_cue, None, "shown")
    return list(found.values())
