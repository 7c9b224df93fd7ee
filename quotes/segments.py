"""Where over-long text is cut: documents into segments, lines into pieces, never inside a quote.

A document of more than SEGMENT characters is extracted one segment at a time, and a line
(paragraph) of more than LONG_LINE characters is parsed a few sentences at a time, so that what
the extractor holds and what any step of it looks at stay bounded: time and memory grow
linearly with the input, a 20 MB document on one line included. Articles are never cut: the
longest PolNeAR document has 33,672 characters and its longest line 2,573. A cut falls at a
line end (segments only), else at the end of a sentence, else at a space, and never between
a pair of quotation marks nor between the paragraphs of a quote running over several.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from quotes.marks import Marked, find_marked

SEGMENT = 100_000  # characters of a document extracted at once
LONG_LINE = 5_000  # characters of a line parsed at once
PIECE = 2_000  # characters of sentences a long line is cut into, when it can be
MAX_CUT = 100_000  # beyond this a cut falls inside a quote if it must (that quote is lost)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s)")
_SPACE = re.compile(r"\s")


class Quoted:
    """The stretches from an opening mark to its closing mark in a text, for telling whether a
    cut falls inside one."""

    def __init__(self, text: str, marked: list[Marked]) -> None:
        self.starts: list[int] = []  # opening marks
        self.ends: list[int] = []  # closing marks (a running quote's last one)
        running = False
        for m in marked:
            opening, closing = m.start - 1, m.end
            while opening > 0 and text[opening].isspace():
                opening -= 1
            while closing < len(text) - 1 and text[closing].isspace():
                closing += 1
            if running:
                self.ends[-1] = closing
            else:
                self.starts.append(opening)
                self.ends.append(closing)
            running = m.continues

    def allows(self, cut: int) -> bool:
        """Whether `text[:cut]` and `text[cut:]` leave every pair of marks whole."""
        i = bisect_left(self.starts, cut) - 1  # the last stretch opened before the cut
        return i < 0 or self.ends[i] < cut


def _last(cuts: Iterator[int], quoted: Quoted) -> int | None:
    return next((c for c in sorted(cuts, reverse=True) if quoted.allows(c)), None)


def _first(cuts: Iterator[int], quoted: Quoted) -> int | None:
    return next((c for c in cuts if quoted.allows(c)), None)


def _sentence_ends(text: str, lo: int, hi: int) -> Iterator[int]:
    return (m.end() for m in _SENTENCE_END.finditer(text, lo, hi))


def _spaces(text: str, lo: int, hi: int) -> Iterator[int]:
    return (m.start() for m in _SPACE.finditer(text, lo, hi))


def _newlines(text: str, lo: int, hi: int) -> Iterator[int]:
    at = text.find("\n", lo, hi)
    while at >= 0:
        yield at
        at = text.find("\n", at + 1, hi)


def _cut(text: str, pos: int, end: int, size: int, quoted: Quoted, lines: bool) -> int:
    """Where the stretch from `pos` ends: at the last good place in its first `size` characters
    (a line end in the second half of them when `lines`, else a sentence end), else at the first
    sentence end after them (up to twice `size`), else at a space."""
    hi, far = min(pos + size, end - 1), min(pos + MAX_CUT, end - 1)
    cut = _last(_newlines(text, pos + size // 2, hi + 1), quoted) if lines else None
    if cut is None:
        cut = _last(_sentence_ends(text, pos + 1, hi + 1), quoted)
    if cut is None:
        cut = _first(_sentence_ends(text, hi + 1, min(pos + 2 * size, far) + 1), quoted)
    if cut is None:
        cut = _last(_spaces(text, pos + 1, hi + 1), quoted)
    if cut is None:
        cut = _first(_spaces(text, hi + 1, far + 1), quoted)
    if cut is None:  # inside one quote all the way: cut it
        cut = max(_spaces(text, pos + 1, far + 1), default=far)
    return cut


def _cut_all(text: str, start: int, end: int, size: int, quoted: Quoted, lines: bool
             ) -> list[tuple[int, int]]:
    """`text[start:end]` as consecutive stretches of about `size` characters at most."""
    stretches = []
    while end - start > size:
        at = _cut(text, start, end, size, quoted, lines)
        stretches.append((start, at))
        start = at
    stretches.append((start, end))
    return stretches


def line_pieces(text: str, start: int, end: int, quoted: Quoted) -> list[tuple[int, int]]:
    """The line `text[start:end]` as pieces of a few sentences (at most PIECE characters
    where the quotes allow), without the spaces between them."""
    found = []
    for lo, hi in _cut_all(text, start, end, PIECE, quoted, lines=False):
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if lo < hi:
            found.append((lo, hi))
    return found


def segments(text: str) -> list[tuple[int, int]]:
    """`text` as consecutive segments of at most SEGMENT characters where the quotes allow;
    one segment, the whole text, when it is no longer than that."""
    if len(text) <= SEGMENT:
        return [(0, len(text))]
    return _cut_all(text, 0, len(text), SEGMENT, Quoted(text, find_marked(text)), lines=True)
