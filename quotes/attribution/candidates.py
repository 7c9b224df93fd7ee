"""Candidate speaker mentions for a quote: every phrase nearby that could be the one speaking.

Subjects of verbs, the object of "according to", possessors ("Trump's claim"), named
entities and pronouns, in the quote's paragraph and the one before it, outside any quote.
The rules' own pick is always among them, so the classifier can only add to what the
rules see.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Span, Token

from quotes.rules import Found, Piece
from quotes.sources import mention_span

_HEAD_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "appos", "conj"})
MAX_TOKENS = 80  # candidates further from the quote than this, in its paragraph, are dropped


@dataclass
class Candidate:
    """A possible speaker: the phrase, its head word and why it was proposed."""

    head: Token
    span: Span
    piece: Piece
    how: str


def _why(token: Token) -> str | None:
    if token.dep_ in _HEAD_DEPS and token.pos_ in ("PROPN", "NOUN", "PRON"):
        return token.dep_
    if token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head.lower_ == "according":
        return "according"
    if token.pos_ == "PROPN" and not (token.dep_ == "compound" and token.head.pos_ == "PROPN"):
        return "name"
    if token.tag_ == "PRP" and token.dep_ not in ("dobj", "pobj", "dative"):
        return "pronoun"
    return None


Proposal = tuple[Token, str, Span]  # a token that could head a speaker mention, why, its phrase


def proposals(piece: Piece) -> list[Proposal]:
    """Every token of `piece` that could head a speaker mention, why, and its phrase: the same
    for every quote of the document, so worked out once per piece."""
    found = []
    for token in piece.doc:
        why = _why(token)
        if why is not None:
            found.append((token, why, mention_span(token)))
    return found


def candidates(item: Found, window: list[Piece], inside: set[tuple[int, int]],
               proposed: Mapping[int, list[Proposal]]) -> list[Candidate]:
    """Candidates for `item` in the pieces of `window` (its own paragraph last), outside the
    quoted tokens `inside` (`rules.quoted_tokens`); `proposed` holds each piece's `proposals`
    by piece id. The sentences before a piece cut from a long line are its paragraph too: there
    the distance counts across the cut."""
    found: dict[tuple[int, int], Candidate] = {}
    if item.mention is not None and item.mention_piece is not None:
        head = item.mention.root
        found[(id(item.mention_piece), head.i)] = Candidate(head, item.mention, item.mention_piece,
                                                            "rules")
    for piece in window:
        for token, why, span in proposed[id(piece)]:
            key = (id(piece), token.i)
            if key in found or key in inside:
                continue
            if piece is item.piece and min(abs(token.i - item.span.start),
                                           abs(token.i - item.span.end)) > MAX_TOKENS:
                continue
            if piece is not item.piece and item.piece.cut and (
                    len(piece.doc) - token.i + item.span.start > MAX_TOKENS):
                continue
            if any((id(piece), i) in inside for i in range(span.start, span.end)):
                span = piece.doc[token.i : token.i + 1]
            found[key] = Candidate(token, span, piece, why)
    return list(found.values())
