"""Quotation marks: pair them into candidate quote spans, never raising on odd input.

Only double marks delimit quotes (straight `"`, curly `“ ”`, low `„`, guillemets `« »`);
single marks are nested quotes or headline style. Curly marks say which way they face;
straight marks alternate inside a paragraph. Double marks nest too (a poll question quoted
in a quote, “... what he calls “hell” ...”): the outer quote is the span, the inner one part
of it. A paragraph that ends inside an open quote while the next paragraph opens with a mark
is a quote running over several paragraphs: each paragraph's piece becomes its own span,
linked to the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quotes.boilerplate import prose_lines

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
ALL_MARKS = OPENING + CLOSING + STRAIGHT
TRIM = " \t\r\n" + ALL_MARKS
_MARK = re.compile(f"[{re.escape(ALL_MARKS)}]")
_PARAGRAPH = re.compile(r"[^\n]+")
_APOSTROPHES = re.compile("''")


@dataclass(frozen=True)
class Marked:
    """The text between a pair of marks (marks excluded), in document offsets.

    `continues` is True when the quote goes on in the next paragraph; `continued` when
    this piece carries on a quote opened in an earlier paragraph.
    """

    start: int
    end: int
    continues: bool = False
    continued: bool = False


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _facing(text: str, pos: int, mark: str, is_open: bool, start: int, end: int) -> str:
    """A curly mark typed the wrong way round, read by its surroundings: “Mostly False.“
    closes, and ”Fortunately, ... opens."""
    before = text[pos - 1] if pos > start else " "
    after = text[pos + 1] if pos + 1 < end else " "
    if mark in OPENING and is_open and not before.isspace() and (after.isspace() or after in ",.;:"):
        return CLOSING[0]
    if mark in CLOSING and not is_open and before.isspace() and after.isalnum():
        return OPENING[0]
    return mark


def _straight_opens(text: str, pos: int, start: int, end: int) -> bool:
    """Whether a straight mark inside a curly quote opens a quote nested in it (`calls "hell"`):
    space or an opening bracket before it, a word after it. Otherwise it closes the curly
    quote, typed with the wrong mark (`“Yes," he said`)."""
    before = text[pos - 1] if pos > start else " "
    after = text[pos + 1] if pos + 1 < end else " "
    return (before.isspace() or before in "([") and after.isalnum()


def _outermost(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pairs not inside another pair, in order: a nested quote stays part of its quote."""
    kept: list[tuple[int, int]] = []
    for pair in sorted(pairs):
        if not kept or pair[0] > kept[-1][1]:
            kept.append(pair)
    return kept


def _pairs_in_paragraph(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None]:
    """The outermost paired (open, close) mark positions, and the position of a mark left open
    at the end. Quotes nest (“... calls “hell” ...”, "... question: “...?” ..."); an opening
    mark that never closes is dropped, and only the last such one, with no pair after it, is
    left open for the next paragraph to carry on."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []  # open marks: position, straight or curly
    for match in _MARK.finditer(text, start, end):
        mark, pos = match.group(), match.start()
        mark = _facing(text, pos, mark, bool(stack), start, end)
        if mark in OPENING:
            stack.append((pos, "curly"))
        elif mark in CLOSING:
            if stack:
                pairs.append((stack.pop()[0], pos))
        elif not stack or (stack[-1][1] == "curly" and _straight_opens(text, pos, start, end)):
            stack.append((pos, "straight"))
        else:
            pairs.append((stack.pop()[0], pos))
    last_close = max((close for _, close in pairs), default=-1)
    open_at = stack[-1][0] if stack and stack[-1][0] > last_close else None
    return _outside_apostrophe_pairs(text, start, end, _outermost(pairs)), open_at


def _outside_apostrophe_pairs(text: str, start: int, end: int, pairs: list[tuple[int, int]]
                              ) -> list[tuple[int, int]]:
    """The pairs not nested in speech marked with two apostrophes (The New York Times' style,
    ''She said, "You weren't in line," '' Ms. Compton recalled): a quote inside a quote is part
    of it, and that speech is not read as a quote (PolNeAR marks none)."""
    if "''" not in text[start:end]:
        return pairs
    marks = [m.start() for m in _APOSTROPHES.finditer(text, start, end)]
    stretches = list(zip(marks[::2], marks[1::2], strict=False))
    return [(a, b) for a, b in pairs if not any(lo < a and b < hi for lo, hi in stretches)]


def find_marked(text: str) -> list[Marked]:
    """Every stretch of `text` between paired double quotation marks, in order."""
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    spans: list[Marked] = []
    carried = False
    for index, (p_start, p_end) in enumerate(paragraphs):
        pairs, open_at = _pairs_in_paragraph(text, p_start, p_end)
        next_opens = False
        if index + 1 < len(paragraphs):
            n_start, n_end = _trimmed(text, *paragraphs[index + 1])
            next_opens = n_start < n_end and text[n_start] in OPENING + STRAIGHT
        for pos, (open_pos, close_pos) in enumerate(pairs):
            start, end = _trimmed(text, open_pos + 1, close_pos)
            if start < end:
                spans.append(Marked(start, end, continued=carried and pos == 0
                                    and open_pos == _trimmed(text, p_start, p_end)[0]))
        if open_at is not None and next_opens:
            start, end = _trimmed(text, open_at + 1, p_end)
            continued = carried and not pairs and open_at == _trimmed(text, p_start, p_end)[0]
            if start < end:
                spans.append(Marked(start, end, continues=True, continued=continued))
            carried = True
        else:
            carried = False
    return spans


# Single marks: a mark between two letters, before a decade or in an elision is an apostrophe
# (don’t, ’90s, O’Brien, d’Ivoire, ‘em, ’n’); ’ never opens (’em, ’til), ‘ closes only
# after a word (typed the wrong way round). Marks typed against the words
# they quote (the'extended deterrence'against) are the one exception: between letters, but not
# before a contraction's ending, they pair with each other only.
_SINGLE = re.compile("[‘’']")
_GLUED_REACH, _REACH = 8, 64  # marks: a glued mark's partner is among the next few, any within 64
_DECADE = re.compile(r"[‘’']\d\d(?:s\b|\b(?![%-]))")  # not ‘50-state strategy’
# Elisions typed with any single mark, as speech is transcribed: ‘em, 'cause, ’til, ’Twas, rock ’n’ roll
_ELISION = re.compile(r"[‘’'](?:(?:em|cause|til|tis|twas)\b|n[‘’'])|(?<=[‘’']n)[‘’'](?=\s)", re.IGNORECASE)
_CONTRACTION = re.compile(r"[‘’'](?:s|t|d|m|n|ll|re|ve|am|em)\b|[‘’'][A-Z]")
_OPENS_AFTER = "([{—–-\"“”:"  # also after a colon typed without its space (Gowdy:'I have ...)
_ENDS = ".!?…"
# also a quote nested at the start of speech (‘“Crooked Hillary” ...), sums and handles (‘$5-10 billion’)
_OPENS_BEFORE = "…[(.“\"$£€#@"
_OPENS_BEFORE_SPACE = re.compile(r" (?:…|\.\.\.|\w)")  # ‘ … if the primary ..., ‘ You know (‘ only)
_SPACED_AFTER = ',!?"”'
_CLOSES_BEFORE = ",.;:!?)]}—–-\"”…"
_PUNCTUATED = ",.;:!?…—–-"
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’)\]]*\s+[\"'“‘(\[]*[A-Z]")
_TO_SINGLE = str.maketrans({"“": "‘", "”": "’", '"': "'", "„": "‚", "«": "‹", "»": "›"})


@dataclass(frozen=True)
class _Single:
    """A single mark that may open or close a quote; `glued` when typed between two letters."""

    pos: int
    opens: bool
    closes: bool
    glued: bool = False


def _glued(text: str, pos: int, start: int) -> bool:
    """Whether a mark between two letters may be a quotation mark typed without its space: not
    before a contraction's ending or a capital, nor after a one-letter word (l’, d’, O’)."""
    return pos - 2 >= start and text[pos - 2].isalnum() and not _CONTRACTION.match(text, pos)


def _single_marks(text: str, start: int, end: int) -> list[_Single]:
    """The single marks of a paragraph that may open or close a quote."""
    marks = []
    for match in _SINGLE.finditer(text, start, end):
        pos, mark = match.start(), match.group()
        before = text[pos - 1] if pos > start else " "
        after = text[pos + 1] if pos + 1 < end else " "
        if before.isalnum() and after.isalnum():
            if _glued(text, pos, start):
                marks.append(_Single(pos, True, True, glued=True))
            continue
        if _DECADE.match(text, pos) or _ELISION.match(text, pos) or "'" in (before + after):
            continue  # '' is a double mark typed as two (old New York Times style), not single ones
        # ’ typed the wrong way round opens before a capital, as ” does in the double convention
        # (’Fear. I am ...); elisions (’Twas) and decades are apostrophes, left out above
        opens = (mark != "’" or after.isupper()) and (before.isspace() or before in _OPENS_AFTER or (
            mark == "‘" and before in "’,")) and (  # said,‘Look, ...
            after.isalnum() or after in _OPENS_BEFORE
            or (mark == "‘" and before.isspace() and bool(_OPENS_BEFORE_SPACE.match(text, pos + 1)))
            or bool(_ELISION.match(text, pos + 1) or _DECADE.match(text, pos + 1)))  # ‘’Twas the ...
        # a closing mark typed after its space (`clearly shown, 'said a spokesman`, `of
        # "quality," ' he said`) closes too
        spaced = before.isspace() and pos - 2 >= start and text[pos - 2] in _SPACED_AFTER and (
            after.islower() or after.isspace())
        closes = (spaced and mark != "‘") or not before.isspace() and (
            after.isspace() or after in _CLOSES_BEFORE  # ‘ typed the wrong way round closes
            or (mark != "‘" and before in _ENDS + "," and (after.isupper() or after == "‘")))
        # ‘... voters!’After his, ‘... born.’‘Your facts: glued to the next sentence or quote
        if opens or closes:
            marks.append(_Single(pos, opens, closes))
    return marks


def _punctuated(text: str, close: int) -> bool:
    """Whether the quote ends in punctuation before a closing mark (a space between allowed)."""
    before = text[close - 2] if text[close - 1].isspace() else text[close - 1]
    return before in _PUNCTUATED


def _closing(text: str, open_pos: int, closers: list[int]) -> int:
    """Which closing-shaped mark ends the quote opened at `open_pos`: the first one after
    punctuation (‘The Koreans’ future is ours,’ she said), looked for past a sentence end only
    when the quote opens a sentence; else the first (‘in the strongest possible terms’ the
    ... states’ new treaty)."""
    punctuated = [c for c in closers if _punctuated(text, c)]
    if punctuated and (text[open_pos + 1].isupper()
                       or not _SENTENCE_BREAK.search(text, open_pos, punctuated[0] - 1)):
        return punctuated[0]
    return closers[0]


def single_pairs(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None]:
    """Single marks paired as speech in one paragraph, and a mark left open at its end. Glued
    marks pair with each other only, within a sentence (not Sana'a ... the'first)."""
    marks = _single_marks(text, start, end)
    pairs: list[tuple[int, int]] = []
    index = 0
    while index < len(marks):
        mark = marks[index]
        index = after = index + 1
        if not mark.opens:
            continue
        closers = []
        reach = after + (_GLUED_REACH if mark.glued else _REACH)
        while index < min(len(marks), reach) and not (marks[index].opens and not marks[index].closes):
            if marks[index].closes and marks[index].glued == mark.glued:
                closers.append(marks[index].pos)
            index += 1
        close = _closing(text, mark.pos, closers) if closers else None
        if mark.glued and (close is None or _SENTENCE_BREAK.search(text, mark.pos, close)):
            index = after
        elif close is not None:
            pairs.append((mark.pos, close))
            index = next((i for i in range(after, index) if marks[i].pos > close), index)
        elif index >= len(marks):
            return pairs, mark.pos
    return pairs, None


def _speech_like(text: str, start: int, end: int) -> bool:
    """A pair of marks around speech, not a scare quote or a title: four words at least, or
    words ending in punctuation inside the marks, not all in capitals nor Title Case (a headline)."""
    inner = text[start + 1 : end].strip()
    if inner.isupper() or inner.istitle():
        return False
    return len(inner.split()) >= 4 or (len(inner.split()) >= 2 and inner[-1:] in ",.!?")


def convention(text: str) -> str:
    """`single` when the document puts speech in single marks (British and Australian press):
    more speech-like single-mark pairs outside double marks than double-mark pairs outside
    single marks (or pairs of '', double marks typed as two), in the article's prose; with as
    many (none), more pairs of single marks than of double ones. Otherwise `double`."""
    if not _SINGLE.search(text):
        return "double"
    singles, doubles = [0, 0], [text.count("''") // 2] * 2  # '' typed for a double mark
    for start, end in prose_lines(text):  # headlines use single marks in either convention
        double = _pairs_in_paragraph(text, start, end)[0]
        single = single_pairs(text, start, end)[0]
        for count, pairs, other in ((singles, single, double), (doubles, double, single)):
            outside = [p for p in pairs if not any(o[0] < p[0] and p[1] < o[1] for o in other)]
            count[0] += sum(_speech_like(text, *p) for p in outside)
            count[1] += len(outside)
    return "single" if singles > doubles else "double"


def speech_in_double_marks(text: str) -> str:
    """A single-mark document re-marked, character for character, in the double convention that
    every stage reads: its speech marks become double ones (' as ", ‘ ’ as “ ”), its double marks
    (quotes nested in speech) single ones."""
    chars = list(text.translate(_TO_SINGLE))
    for paragraph in _PARAGRAPH.finditer(text):
        pairs, open_at = single_pairs(text, *paragraph.span())
        opening = [*(pair[0] for pair in pairs), *([] if open_at is None else [open_at])]
        for marks, curly in ((opening, "“"), ([pair[1] for pair in pairs], "”")):
            for pos in marks:
                chars[pos] = '"' if text[pos] == "'" else curly
    return "".join(chars)
