"""Speaker mentions: who the cue says is speaking, as a span of the text.

The mention is the cue's grammatical subject with everything it governs ("Brian Fallon, the
campaign's press secretary,"), as in PolNeAR's Source spans. Cues without a subject of their
own borrow it from the verb they hang on ("... and vowed", "went on to say", "adding",
"began by saying").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_BORROW_FROM_HEAD = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep"})
_TRIM = frozenset({"punct", "cc"})
RELATIVE = frozenset({"who", "which", "that", "whom"})


def subject_of(cue: Token, skip: frozenset[int] = frozenset()) -> Token | None:
    """The token heading the speaker mention of a cue, or None; tokens in `skip` (inside
    quotes) are never the subject, however the parser attached them."""
    if cue.lower_ == "according":
        for to in cue.children:
            for obj in to.children:
                if obj.dep_ == "pobj":
                    return obj
        return None
    if cue.pos_ == "NOUN":  # "Trump's claim that ..."
        return next((c for c in cue.children if c.dep_ == "poss"), None)
    token, seen = cue, set()
    while token.i not in seen:
        seen.add(token.i)
        for child in token.children:
            if child.dep_ in SUBJECTS and child.i not in skip:
                return child
        if token.dep_ not in _BORROW_FROM_HEAD or token.head == token:
            return None
        token = token.head
    return None


def mention_span(head: Token) -> Span:
    """The subject's phrase, without the commas or conjunctions that close it."""
    doc = head.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    while end - 1 > head.i and doc[end - 1].dep_ in _TRIM:
        end -= 1
    while start < head.i and doc[start].dep_ in _TRIM:
        start += 1
    return doc[start:end]


def relayed(span: Span) -> Span:
    """Whose words a channel relays: "the leader" of "the leader was quoted as saying by the
    Korean Central News Agency" and of "Kim was quoted by KCNA as saying", not the agency
    (GUIDELINES §1), however the attribution model ranked the two."""
    root = span.root
    if root.dep_ != "pobj" or root.head.lower_ != "by":
        return span
    verb = root.head.head
    while verb.lemma_ != "quote" and verb.dep_ in ("pcomp", "prep") and verb.head != verb:
        verb = verb.head
    if verb.lemma_ != "quote":
        return span
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    return span if subject is None else mention_span(subject)


def closed(span: Span) -> Span:
    """`span` with the bracket it opens closed: "Rep. Gwen Moore (D-Wis.)", not "(D-Wis." (the
    parser hangs the closing bracket on the verb, outside the subject's phrase). Applied to what
    is shown only: the classifiers learned from the phrases as `mention_span` gives them."""
    doc, end = span.doc, span.end
    if end < len(doc) and doc[end].text == ")" and span.text.count("(") > span.text.count(")"):
        end += 1
    return doc[span.start : end]


def referent(head: Token) -> Token:
    """What a relative pronoun subject stands for ("the alliance, which said" -> alliance)."""
    if head.lower_ in RELATIVE and head.head.dep_ == "relcl":
        return head.head.head
    return head
