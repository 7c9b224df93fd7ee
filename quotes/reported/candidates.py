"""Where reported speech can be: candidate cues in a parse, and the spans a cue may introduce.

A candidate cue is a verb, or "according" before "to", outside any quotation marks. The
content candidates of a cue are the subtrees of its complements (what it says: "said *that
talks will resume*", "denied *the report*", "warned *of a crisis*"), its head's clause less
the cue's own phrase where the cue hangs on it ("*Talks will resume*, he said", "*Talks will
resume*, according to the ministry"), for a parenthetical cue the sentence around it, and for a
cue between speech typed in two apostrophes (the Times' ''...'') the split quote around it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from quotes.cues import REPORTING_VERBS, is_according
from quotes.sources import SUBJECTS

# Dependencies of a cue's child whose subtree may be what was said.
COMPLEMENTS = frozenset({"ccomp", "xcomp", "dobj", "obj", "attr", "oprd", "advcl", "prep", "dative",
                         "conj", "npadvmod"})
# How a cue hangs on the clause it reports: "…, he said" (parataxis), "…, according to X" (prep).
HANGING = frozenset({"parataxis", "prep", "advcl", "ccomp", "conj"})
_EDGE_DEPS = frozenset({"punct", "cc"})
# A content needs one word: "denied it", "endorsed Sanders" are reported too (PolNeAR train,
# two-fold cross-validation: who-said-what F1 0.4833 with three words at least, 0.4852 with one)
MIN_WORDS = 1
# A complement's right children that start what its speaker did not say: "that talks will resume
# *and* ...", "..., *even as* ...".
_TAIL_DEPS = frozenset({"cc", "conj", "advcl", "parataxis", "punct", "relcl", "acl"})


@dataclass(frozen=True)
class Content:
    """One candidate content: tokens `start:end` of the cue's parse, and how it was found."""

    start: int
    end: int
    how: str  # "ccomp", "dobj"... (the child's dependency), "head", "sentence"


def is_candidate_cue(token: Token) -> bool:
    """A verb, or "according" with its "to": what the cue classifier decides on."""
    return token.pos_ == "VERB" if token.lower_ != "according" else is_according(token)


def cue_heads(doc: Span, skip: AbstractSet[int]) -> Iterator[Token]:
    """The candidate cues of `doc` whose index is not in `skip` (the tokens inside marks)."""
    return (t for t in doc if t.i not in skip and is_candidate_cue(t))


def _trimmed(doc, start: int, end: int, skip: AbstractSet[int]) -> tuple[int, int]:
    """`start:end` without punctuation, conjunctions and quoted tokens at its edges."""
    while start < end and (doc[start].dep_ in _EDGE_DEPS or doc[start].is_punct or start in skip):
        start += 1
    while end > start and (doc[end - 1].dep_ in _EDGE_DEPS or doc[end - 1].is_punct or end - 1 in skip):
        end -= 1
    return start, end


def _outside(sent: Span, start: int, end: int) -> tuple[int, int]:
    """The longer of the two stretches of `sent` on either side of `start:end`."""
    left, right = (sent.start, start), (end, sent.end)
    return left if left[1] - left[0] >= right[1] - right[0] else right


_BREAKS = frozenset({",", ";", "—", "–", "--"})
# ... and those that add where, when or how it was said: "the news *on social media*".
_CIRCUMSTANCE_DEPS = _TAIL_DEPS | {"prep", "npadvmod", "advmod", "agent"}


def _head_part(token: Token, deps: frozenset[str] = _TAIL_DEPS) -> int:
    """Where `token`'s subtree ends without the tail its right children of `deps` start (a
    coordinated clause, a comma and what follows it)."""
    tail = [c for c in token.rights if c.dep_ in deps]
    return tail[0].left_edge.i if tail else token.right_edge.i + 1


def _to_break(token: Token) -> int:
    """Where `token`'s subtree ends at its first comma, semicolon or dash after `token` itself: what
    follows one ("…the Zika virus, *which is spread by mosquitoes*") is often the writer's."""
    doc = token.doc
    for i in range(token.i + 1, token.right_edge.i + 1):
        if doc[i].text in _BREAKS:
            return i
    return token.right_edge.i + 1


def _own_act(cue: Token, complement: Token) -> int:
    """Where the complement's subtree ends before a second act of the cue's speaker that the parser
    hung on it: "Kim said X poses a threat *and vowed to* ...", a reporting verb in the cue's tense
    with no subject of its own, coordinated with the complement's head."""
    for conj in complement.rights:
        if (conj.dep_ == "conj" and conj.tag_ == cue.tag_ and conj.lemma_.lower() in REPORTING_VERBS
                and not any(c.dep_ in SUBJECTS for c in conj.children)):
            ccs = [t for t in complement.rights if t.dep_ == "cc" and t.i < conj.i]
            return ccs[-1].i if ccs else conj.left_edge.i
    return complement.right_edge.i + 1


def _before_relay(doc, start: int, end: int, cue: Token, according: Sequence[int]) -> int:
    """`end`, or where an "according to X" that closes `start:end` begins: the channel that relayed
    the content is another attribution's cue, not what was said (`according`: the indices of
    the parse's "according", `Landmarks`)."""
    for i in according[bisect_right(according, start) : bisect_left(according, end)]:
        if i != cue.i and doc[i].right_edge.i + 1 >= end - 1:
            return i
    return end


@dataclass(frozen=True)
class Landmarks:
    """What every cue of one parse looks for, found in one pass over its tokens: the indices of
    its `''` tokens (`typed`: speech typed in two apostrophes, as the Times types it, which is no
    quote to the marks reader) and of its "according" (`according`: a relaying "according to X"
    that may close a content; looking for them in each candidate's tokens cost more)."""

    typed: list[int]
    according: list[int]


def landmarks(doc: Doc) -> Landmarks:
    """The `Landmarks` of a parse."""
    typed, according = [], []
    for t in doc:
        if t.text == "''":
            typed.append(t.i)
        elif t.lower_ == "according":
            according.append(t.i)
    return Landmarks(typed, according)


def contents(cue: Token, skip: AbstractSet[int], marks: Landmarks) -> list[Content]:
    """The candidate contents of `cue`, each a distinct token range with MIN_WORDS words or more;
    a range around a parenthetical cue ("Trump, Sexton said, has won") holds it, as the gold's does.
    `marks`: the parse's `Landmarks`."""
    doc, found = cue.doc, []
    for child in cue.children:
        if child.dep_ in COMPLEMENTS:
            limit = _own_act(cue, child)
            for end, how in ((child.right_edge.i + 1, child.dep_), (_head_part(child), f"{child.dep_}_head"),
                             (_head_part(child, _CIRCUMSTANCE_DEPS), f"{child.dep_}_core"),
                             (_to_break(child), f"{child.dep_}_clause")):
                found.append((child.left_edge.i, min(end, limit), how))
            if child.dep_ == "prep":  # "warned of a crisis": the object, not the preposition
                for obj in child.children:
                    if obj.dep_ in ("pobj", "pcomp"):
                        found.append((obj.left_edge.i, obj.right_edge.i + 1, "pobj"))
    if cue.head.i != cue.i and cue.dep_ in HANGING:
        head = cue.head
        clause = doc[head.left_edge.i : head.right_edge.i + 1]
        found.append((*_outside(clause, *_phrase(cue)), "head"))
        found.append((clause.start, _head_part(head), "head_around"))
    sent = cue.sent
    found.append((*_outside(sent, *_phrase(cue)), "sentence"))
    # speech typed in two apostrophes: its Content is the split quote, cue inside (''...,'' Mr.
    # Lou said. ''...''), from the last pair opened before the cue to the first pair closed after it
    before, after = [i for i in marks.typed if i < cue.i], [i for i in marks.typed if i > cue.i]
    if before and after:
        opening = before[-2] if len(before) % 2 == 0 else before[-1]
        found.append((opening, after[min(1, len(after) - 1)] + 1, "apostrophes_around"))
    seen: dict[tuple[int, int], Content] = {}
    for start, end, how in found:
        span = fitted(cue, start, end, how, skip, marks.according)
        if span is not None:
            seen.setdefault(span, Content(*span, how))
    return list(seen.values())


def _phrase(cue: Token) -> tuple[int, int]:
    """The cue's own phrase: its subtree ("Sexton said"), or "according to X"."""
    return (cue.i if cue.lower_ == "according" else cue.left_edge.i), cue.right_edge.i + 1


def fitted(cue: Token, start: int, end: int, how: str, skip: AbstractSet[int],
           according: Sequence[int]) -> tuple[int, int] | None:
    """`start:end` as a content of `cue`: trimmed (`_trimmed`), cut before a closing "according to
    X" (`_before_relay`), and kept if it has MIN_WORDS words or more and does not hold the cue, or
    holds it inside as the gold's do ("Trump, Sexton said, has won") when it is a range found
    around the cue (`how`: "...around", or "boundary", the boundary models' pairs)."""
    doc = cue.doc
    start, end = _trimmed(doc, start, _before_relay(doc, start, end, cue, according), skip)
    if start <= cue.i < end:
        phrase = _phrase(cue)
        around = (how.endswith("around") or how == "boundary") and (
            start < phrase[0] and phrase[1] < end or how == "apostrophes_around" and start < cue.i < end - 1)
        if not around:
            return None
    words = 0
    for token in doc[start:end]:  # MIN_WORDS words at least, counted no further
        words += token.is_alpha
        if words >= MIN_WORDS:
            return start, end
    return None
