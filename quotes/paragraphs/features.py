"""The sentence boundaries of a long line, found by a regular expression (no parse), and the
features of each as a place where a paragraph may end.

A boundary is the space after a sentence's end (`.`, `!`, `?`, `…`, a colon or semicolon, with any
closing marks) before a capital, digit or opening mark. Its features: the words and marks around
it (the last two words before it and the first two after), whether it is among the line's first
(the first ends a headline), whether a double-marked quote is open there (and runs on: the next
sentence opens with a mark), what the sentences on either side hold (a quote, a quote whole, an
attribution such as "Smith said", their lengths), whether the hand rules that came before the
classifier cut there (`rule_cuts`), and how many sentences the paragraph has had so far (decided
left to right). A pass or two over the line; each boundary looks only at its two sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quotes.linear import bucket

BOUNDARY = re.compile(r"[.!?…:;][\"'”’)\]]*(\s+)(?=[\"“‘'(\[]*[A-Z0-9])")
_MARK = re.compile("[“”„«»\"]|''")  # '' : the Times' speech, typed as two apostrophes
_WORD_BEFORE = re.compile(r"(\S*?)[.!?…:;][\"'”’)\]]*\Z")
_WORD_AFTER = re.compile(r"[\"“‘'(\[]*([^\s\"“”‘’(\[]*)")
_NAME = r"[A-Z][\w.’'-]*"
ATTRIBUTION = re.compile(rf"[\"“]?{_NAME}(?: {_NAME}){{0,4}}(?:,[^.\"“”]{{0,100}},)? "
                         r"(?:said|says|asked|added|told|wrote|replied|continued|explained|noted|tweeted|"
                         r"recalled|declared|insisted|argued|warned)\b")
_SPEECH = re.compile(r"\b(?:said|says|told|added|asked)\b")
_WORDS = re.compile(r"[\w’'-]+")
ABBREVIATIONS = frozenset(
    "mr mrs ms dr sen rep gov gen lt col sgt st jr sr prof rev mt jan feb mar apr aug sep sept oct "
    "nov dec no vs calif fla mass va inc corp co ltd".split())
_LOOK = 40  # characters looked at before a boundary for its last word
_SHORT = 100  # characters: "Miller, a retired worker from a nuclear plant, said pleasantly."


@dataclass(frozen=True)
class Sentence:
    """A stretch between two boundaries (`start` to `end`, without the spaces) and what it holds."""

    start: int
    end: int
    marks: int  # double marks in it
    whole: bool  # quoted whole: it opens with a mark and ends with one
    opens: bool  # it opens with a double mark
    attribution: bool  # it opens by naming a speaker (Miller, a retired worker, said)
    short: bool  # under _SHORT characters
    speech: bool  # a verb of saying in it
    words: int
    first: str  # its first word, lower case


def _shape(word: str) -> str:
    if not word:
        return "none"
    if "." in word.strip("."):
        return "dotted"  # U.S, a.m
    if word.isdigit():
        return "digits"
    if word.isupper():
        return "upper" if len(word) > 1 else "letter"
    if word[0].isupper():
        return "title"
    return "lower" if word[0].isalpha() else "other"


def _sentence(text: str, start: int, end: int) -> Sentence:
    piece = text[start:end]
    marks = len(_MARK.findall(piece))
    stripped = piece.rstrip(".!?…:; )]")
    opens = piece[:1] in "“„«\"" or piece.startswith("''")
    closes = stripped[-1:] in "”»\"" or stripped.endswith("''")
    first = _WORD_AFTER.match(piece)
    return Sentence(start, end, marks, opens and closes and marks >= 2, opens,
                    ATTRIBUTION.match(piece) is not None, end - start < _SHORT,
                    _SPEECH.search(piece) is not None, piece.count(" ") + 1,
                    (first.group(1) if first else "").lower()[:20])


@dataclass(frozen=True)
class Boundary:
    """A boundary: the first space after a sentence end, its features but the running count, and
    whether a quote runs on over it (“... end. “Next ...)."""

    space: int
    features: dict[str, float]
    running: bool = False


def boundaries(text: str, start: int, end: int) -> list[Boundary]:
    """The sentence boundaries of `text[start:end]` in order, each with its features."""
    hand = rule_cuts(text, start, end)
    spaces: list[tuple[int, int]] = []  # (space, end of the spaces)
    for match in BOUNDARY.finditer(text, start, end):
        spaces.append((match.start(1), match.end(1)))
    if not spaces:
        return []
    sentences = [_sentence(text, a, b) for a, b in
                 zip([start, *(e for _, e in spaces)], [*(s for s, _ in spaces), end], strict=True)]
    found: list[Boundary] = []
    open_ = False
    done = start
    for i, (space, after) in enumerate(spaces):
        for mark in _MARK.finditer(text, done, space):
            char = mark.group()
            open_ = char in "“„«" or (char in ('"', "''") and not open_)
        done = after
        running = open_ and (text[after] in "“„«\"" or text.startswith("''", after))
        found.append(Boundary(space, _features(text, space, after, sentences[i], sentences[i + 1],
                                               open_, running, space in hand, i), running))
        if running:
            open_ = False  # a quote running on reopens with the next paragraph's mark
    return found


def _features(text: str, space: int, after: int, prev: Sentence, next_: Sentence, open_: bool,
              running: bool, hand: bool, index: int) -> dict[str, float]:
    word = _WORD_BEFORE.search(text, max(prev.start, space - _LOOK), space)
    before = word.group(1).lstrip("\"“‘'([") if word else ""
    punct = text[word.end(1) if word else space - 1 : space]
    punct = punct.replace("”", '"').replace("’", "'")
    lower = before.lower()
    abbreviation = lower in ABBREVIATIONS or len(lower) <= 1 or "." in lower
    nxt = _WORD_AFTER.match(text, after)
    next_word = nxt.group(1) if nxt else ""
    mark_next = text[after] in "“„«\"" or text.startswith("''", after)
    closed = '"' in punct or "''" in punct  # the sentence ends with a quote's end
    last_two = " ".join(_WORDS.findall(text, max(prev.start, space - _LOOK), space)[-2:]).lower()
    first_two = " ".join(_WORDS.findall(text, after, min(next_.end, after + _LOOK))[:2]).lower()
    f: dict[str, float] = {
        "bias": 1.0, f"punct={punct}": 1.0, f"before={lower[:20]}": 1.0,
        f"before_shape={_shape(before)}": 1.0, f"abbreviation={abbreviation}": 1.0,
        f"abbreviation&next_shape={abbreviation}&{_shape(next_word)}": 1.0,
        f"next={next_word.lower()[:20]}": 1.0, f"next_shape={_shape(next_word)}": 1.0,
        f"mark_next={mark_next}": 1.0, f"open={open_}&mark_next={mark_next}": 1.0,
        f"running={running}": 1.0, f"punct={punct}&mark_next={mark_next}": 1.0,
        f"prev_words={bucket(prev.words)}": 1.0, f"next_words={bucket(next_.words)}": 1.0,
        f"prev_first={prev.first}": 1.0, f"position={min(index, 3)}": 1.0,
        f"last_two={last_two}": 1.0, f"first_two={first_two}": 1.0,
        f"prev_marks={min(prev.marks, 3)}&next_marks={min(next_.marks, 3)}": 1.0,
        f"prev_whole={prev.whole}&next_whole={next_.whole}": 1.0,
        f"prev_marks={prev.marks > 0}&next_whole={next_.whole}": 1.0,
        f"prev_whole={prev.whole}&next_attribution={next_.attribution}": 1.0,
        f"next_attribution={next_.attribution}&next_marks={next_.marks > 0}": 1.0,
        f"prev_speech={prev.speech}&next_opens={next_.opens}": 1.0,
        f"prev_opens={prev.opens}&next_speech={next_.speech}": 1.0,
        f"spaces={min(after - space, 3)}": 1.0,
        f"rules={hand}": 1.0, f"rules={hand}&mark_next={mark_next}": 1.0,
        f"closed={closed}&next_attribution={next_.attribution and next_.short and not next_.marks}": 1.0,
        f"closed={closed}&next_whole={next_.whole}&prev_whole={prev.whole}": 1.0,
        f"closed={closed}&next_opens={next_.opens}&next_speech={next_.speech}": 1.0,
    }
    return f


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(\s+)(?=[\"“‘'(\[]*[A-Z0-9])")
_DOUBLE = re.compile('[“”„«»"]')
_WHOLE_QUOTE = re.compile(r'\s*[“„«"].*[”»"]\s*', re.DOTALL)


def _attributed_after(text: str, before: int, space: int, after: int) -> bool:
    """A sentence quoted whole whose speaker is named in the short sentence after it (“How
    are you today?” Miller, a retired worker, said pleasantly.), with no quote of its own."""
    return (text[space - 1] in "”\"" and text[before + 1] in "“\"" and after - space < _SHORT
            and ATTRIBUTION.match(text, space + 1, after) is not None
            and _DOUBLE.search(text, space + 1, after) is None)


def rule_cuts(text: str, start: int, end: int) -> set[int]:
    """The paragraph ends the hand rules chose before the classifier (a feature of it): sentence
    ends outside any quote and the ends of a paragraph of a quote running on, less those before a
    sentence quoted whole after a sentence with a quote, or before the short sentence naming a
    quoted sentence's speaker (PolNeAR train: nine in ten, and 32 in 36, stay in one paragraph)."""
    cuts: list[tuple[int, bool]] = []  # (space, inside a quote running on)
    open_ = False
    done = start
    for match in _SENTENCE_END.finditer(text, start, end):
        space = match.start(1)
        for mark in _DOUBLE.finditer(text, done, space):
            open_ = mark.group() in "“„«" or (mark.group() == '"' and not open_)
        done = match.end(1)
        word = _WORD_BEFORE.search(text, max(start, match.start() - _LOOK), match.start() + 1)
        before = word.group(1).lower().lstrip("\"“‘'([") if word else ""
        if before in ABBREVIATIONS or len(before) <= 1 or "." in before:
            continue
        if not open_ or text[match.end(1)] in "“„«\"":
            cuts.append((space, open_))
            open_ = False
    ends = [start - 1, *(space for space, _ in cuts), end]
    return {space for i, (space, running) in enumerate(cuts) if running
            or not (_WHOLE_QUOTE.fullmatch(text, space + 1, ends[i + 2])
                    or _attributed_after(text, ends[i], space, ends[i + 2]))}


def with_count(features: dict[str, float], count: int) -> dict[str, float]:
    """`features` and the number of sentences the paragraph has had before this boundary."""
    return {**features, f"count={min(count, 6)}": 1.0}
