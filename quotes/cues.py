"""Cues: the words that introduce a quotation ("said", "told reporters", "according to").

A cue is a reporting verb (or "according to") outside the quote, in the sentence that
holds it. A verb that governs the quote in the parse wins over one that merely shares
its sentence; among equals the nearest wins.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from spacy.tokens import Span, Token

REPORTING_VERBS = frozenset(
    """say tell add write warn claim insist argue explain note ask reply respond answer announce
    declare state call describe accuse urge vow promise predict suggest admit acknowledge concede
    recall report quip joke tweet post continue complain boast allege assert stress emphasize
    emphasise observe remark comment mention confirm deny testify contend maintain caution
    affirm reaffirm repeat reiterate charge counter retort shout yell scream cry whisper murmur
    read conclude proclaim pledge threaten demand plead advise recommend propose
    predict lament concede agree disagree criticize criticise condemn praise thank welcome
    blast slam lash attack dismiss brand label dub term hail decry denounce mock
    ridicule question wonder muse reflect recount describe characterize characterise
    insist chime interject interrupt sneer snap bark gush rave fume
    tout boast brag crow claim reveal disclose divulge inform notify assure reassure
    remind announce broadcast publish print quote cite liken compare""".split()
)
REPORTING_NOUNS = frozenset(
    """claim statement remark comment words message promise warning pledge description assertion
    argument response reply answer testimony tweet post accusation charge criticism words quote
    vow insistence prediction""".split()
)
_NOT_CUE_DEPS = frozenset({"amod", "compound"})


@dataclass(frozen=True)
class Cue:
    """The cue's tokens (one verb, or "according to") and how firmly it holds the quote."""

    tokens: Span
    head: Token
    governs: bool


def is_according(token: Token) -> bool:
    """ "according" with its "to": a cue, however the parser tagged it."""
    return token.lower_ == "according" and any(c.lower_ == "to" for c in token.children)


def is_cue_head(token: Token) -> bool:
    if is_according(token):
        return True
    if token.dep_ in _NOT_CUE_DEPS:
        return False
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN":
        return lemma in REPORTING_NOUNS and any(c.dep_ == "poss" for c in token.children)
    return token.pos_ in {"VERB", "AUX"} and lemma in REPORTING_VERBS


def cue_span(token: Token) -> Span:
    """The cue's words: the verb with its particle ("lashed out"), or "according to"."""
    doc = token.doc
    if token.lower_ == "according":
        return doc[token.i : token.i + 2]
    end = token.i + 1
    while end < len(doc) and doc[end].dep_ == "prt" and doc[end].head == token:
        end += 1
    return doc[token.i : end]


def cue_heads(region: Span, skip: AbstractSet[int]) -> Iterator[Token]:
    """The reporting verbs (and "according") of `region` whose index is not in `skip`."""
    return (t for t in region if t.i not in skip and is_cue_head(t))


def find_cue(quote: Span, region: Span, inside: AbstractSet[int]) -> Cue | None:
    """The cue for `quote` among the tokens of `region` whose index is not `inside` a quote."""
    best: tuple[tuple[int, int], Cue] | None = None
    for token in cue_heads(region, inside):
        governs = any(quote.start <= t.i < quote.end for t in token.subtree)
        distance = min(abs(token.i - quote.start), abs(token.i - (quote.end - 1)))
        key = (0 if governs else 1, distance)
        if best is None or key < best[0]:
            best = (key, Cue(cue_span(token), token, governs))
    return best[1] if best else None
