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

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
ALL_MARKS = OPENING + CLOSING + STRAIGHT
TRIM = " \t\r\n" + ALL_MARKS
_MARK = re.compile(f"[{re.escape(ALL_MARKS)}]")
_PARAGRAPH = re.compile(r"[^\n]+")


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
    return _outermost(pairs), open_at


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
