"""What an unnamed source is called (GUIDELINES §4.3): its description without its determiner,
without the clauses that only say why it is unnamed, made specific by what the text says of it.

"An Israeli official, speaking on the condition of anonymity" -> Israeli official; "one of two EU
diplomats familiar with the talks" -> EU diplomat familiar with the talks; "A spokesman for Platte
River" -> Platte River Networks spokesman (the body as a modifier, by the fullest name the text
gives it); "the person" after "A person familiar with the negotiations said" -> person familiar
with the negotiations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span, Token

from quotes.resolution.table import DEMONYMS, STATE_BODIES, word_key

# who speaks for a body: "a spokesman for X" is an X spokesman
AGENTS = frozenset("spokesman spokeswoman spokesperson official officer source aide representative lawmaker "
                   "employee staffer adviser advisor".split())
SOURCE_NOUNS = AGENTS | {"person", "man", "woman"}  # what an unnamed someone is called, never "it"
_DETERMINERS = frozenset("a an the one another some this that these those".split())
ONE_OF = frozenset("one each".split())  # "one of two EU diplomats": one diplomat
_SOME_OF = frozenset("some many several few most".split())
# clauses that say why a source is unnamed, not who it is
_WHY_UNNAMED = re.compile(r"\b(?:anonymity|anonymously|not authori[sz]ed|to be (?:named|identified)|"
                          r"on condition|requested)\b", re.IGNORECASE)
_BODY_PREPOSITIONS = frozenset("for of at with".split())
# characters before a mention in which what it refers back to is looked for: bounded, so that
# a long document stays linear
REACH = 10_000
# a word between an article and its noun ("a senior U.S. Defense Ministry official"), never a
# function word ("an incident in which an employee" is no description of the employee) nor
# the end of a sentence ("a briefing. A senior administration official")
_MODIFIER = (r"(?!(?i:a|an|the|one|another|which|who|that|in|of|for|to|with|and|or|by|at|on)\b)"
             r"(?:(?:[A-Z]\.)+|[\w’'-]+)")


def of_object(head: Token) -> Token | None:
    """The noun of "of" after a quantity ("one of two EU diplomats" -> diplomats)."""
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def _words(tokens: Sequence[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


def described(mention: Span, fullest: Callable[[str], str] = lambda name: name, one: bool = False) -> str:
    """The name of the unnamed source `mention` describes; `fullest` gives the fullest name the
    text gives a body named in it; `one`: the name of one of the several it describes."""
    head = mention.root
    singular = one
    inner = of_object(head) if head.lower_ in ONE_OF | _SOME_OF else None
    if inner is not None and mention.start <= inner.i < mention.end:
        singular, head = head.lower_ in ONE_OF, inner
    dropped: set[int] = set()
    for child in head.children:
        if child.dep_ in ("det", "predet") or (child.dep_ == "nummod" and (inner is not None or one)) \
                or child.lower_ in _DETERMINERS and child.i < head.i:  # "one of two EU diplomats": one
            dropped.add(child.i)
    for token in head.subtree:  # "who declined to be named for fear of trouble"
        if token.dep_ in ("relcl", "acl", "advcl") and _WHY_UNNAMED.search(
                _words(mention.doc[token.left_edge.i : token.right_edge.i + 1])):
            dropped.update(range(token.left_edge.i, token.right_edge.i + 1))
    start, end = max(head.left_edge.i, mention.start), min(head.right_edge.i + 1, mention.end)
    comma = next((t.i for t in mention.doc[head.i + 1 : end] if t.text == ","), None)
    if comma is not None:  # what follows a comma only describes it further
        end = comma
    before = [t for t in mention.doc[start : head.i] if t.i not in dropped]
    after = [t for t in mention.doc[head.i + 1 : end] if t.i not in dropped]
    noun = head.lemma_ if singular else head.text
    body = _body(head, after, fullest)
    if body is not None:
        text, rest = body
        return " ".join(w for w in (_words(before), text, noun, _words(rest)) if w)
    return " ".join(w for w in (_words(before), noun + head.whitespace_ + _words(after)) if w).strip()


def one_of(mention: Span, parses: Sequence[tuple[int, Doc]], at: int,
           fullest: Callable[[str], str] = lambda name: name) -> str | None:
    """The name of "one of them" or "one of the officials": one of the several sources the text
    described last before `at` as a verb's subject ("Two senior officials in the prime
    minister's office ... said" -> senior official in the prime minister's office; GUIDELINES
    §4.3); None for any other mention, or where no such sources are described."""
    inner = of_object(mention.root) if mention.root.lower_ in ONE_OF else None
    if inner is None or not (inner.lower_ in ("them", "those")
                             or any(c.lower_ == "the" for c in inner.children)):
        return None  # "one of two EU diplomats" describes its own
    noun = None if inner.pos_ == "PRON" else inner.lemma_.lower()
    found = None
    for offset, doc in parses:
        if offset >= at or offset + len(doc.text) < at - REACH:
            continue
        for token in doc:
            if offset + token.idx >= at:
                break
            if token.tag_ == "NNS" and token.dep_ in ("nsubj", "nsubjpass") and (
                    noun in (None, token.lemma_.lower())):
                found = doc[token.left_edge.i : token.right_edge.i + 1]
    return described(found, fullest, one=True) if found is not None else None


def _body(head: Token, after: list[Token], fullest: Callable[[str], str]) -> tuple[str, list[Token]] | None:
    """A body a spokesman or official speaks for, named before them ("A spokesperson for U.S.
    Immigration and Customs Enforcement" -> U.S. Immigration and Customs Enforcement
    spokesperson), and the words after it; None for anyone else or a body with no capital."""
    if head.lemma_.lower() not in AGENTS or not after or after[0].head != head \
            or after[0].lower_ not in _BODY_PREPOSITIONS:
        return None
    pobj = next((c for c in after[0].children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    words = [t for t in after if pobj.left_edge.i <= t.i <= pobj.right_edge.i and t.dep_ != "det"]
    if not any(t.text[:1].isupper() for t in words):
        return None
    text = _words(words)
    national = _national(words[0], words[2:]) if len(words) > 2 and words[1].tag_ == "POS" else None
    if national is not None:
        text = " ".join([national, _words(words[2:])])  # Japan's foreign ministry
    if pobj.text[:1].isupper():  # a body's name: its capitalised run, as fully as the text gives it
        at = words.index(pobj)
        first = last = at
        while first > 0 and _in_name(words, first - 1):
            first -= 1
        while last + 1 < len(words) and _in_name(words, last + 1):
            last += 1
        text = fullest(_words(words[first : last + 1]))
    return text, [t for t in after if t.i > pobj.right_edge.i]


def _national(owner: Token, owned: list[Token]) -> str | None:
    """The adjective of the country that owns a body: "Japan's" -> Japanese; "the North's" and
    "the South's" of a state body, as Korean news writes them -> North Korean, South Korean (a
    region has no foreign ministry or military; GUIDELINES §4.3)."""
    if owner.text in DEMONYMS:
        return DEMONYMS[owner.text]
    if owner.text in ("North", "South") and owner.i > 0 and owner.doc[owner.i - 1].lower_ == "the" \
            and not STATE_BODIES.isdisjoint(word_key(t.text) for t in owned):
        return f"{owner.text} Korean"
    return None


def _in_name(words: list[Token], i: int) -> bool:
    """Whether a word belongs to a capitalised name run ("Immigration and Customs Enforcement")."""
    if words[i].text[:1].isupper():
        return True
    inner = words[i].lower_ in ("and", "of", "for", "&") and 0 < i < len(words) - 1
    return inner and words[i - 1].text[:1].isupper() and words[i + 1].text[:1].isupper()


def introduction(text: str, noun: str, at: int) -> re.Match | None:
    """The nearest indefinite description of `noun` before `at` ("A person familiar with ...")."""
    pattern = rf"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:{_MODIFIER}\s+){{0,5}}?({re.escape(noun)})\b"
    found = list(re.compile(pattern).finditer(text, max(0, at - REACH), at))
    return found[-1] if found else None


def parse_at(parses: Sequence[tuple[int, Doc]], at: int) -> tuple[int, Doc | None]:
    """The parsed piece that holds the character `at`, with its offset; (0, None) where none does."""
    return next(((offset, doc) for offset, doc in parses if offset <= at < offset + len(doc.text)), (0, None))


def introduced(text: str, parses: Sequence[tuple[int, Doc]], noun: str, at: int,
               fullest: Callable[[str], str] = lambda name: name) -> str | None:
    """The name of the unnamed source a bare "the `noun`" refers to: the nearest indefinite
    description of that noun before `at` ("A person familiar with the negotiations said"), read
    from its parse where there is one, else its words; None when there is none."""
    match = introduction(text, noun, at)
    if match is None:
        return None
    offset, doc = parse_at(parses, match.start(1))
    if doc is not None:
        token = doc.char_span(match.start(1) - offset, match.end(1) - offset)
        article = doc.char_span(match.start() - offset, match.start(1) - offset, alignment_mode="expand")
        if token is not None and article is not None:  # from its article to the end of its phrase
            end = token.root.i
            for child in token.root.rights:  # not across the clause a crossing arc hangs on it
                if child.left_edge.i != end + 1:
                    break
                end = child.right_edge.i
            return described(doc[article.start : end + 1], fullest)
    words = match.group().split()
    return " ".join(words[1:])
