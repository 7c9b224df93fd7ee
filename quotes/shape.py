"""The text's shape, read once before every stage: line ends, byte-order marks, HTML, datelines
and the quotation-mark convention, with an offset map back to the text as the user gave it.

Corpora store one article in many shapes (Windows line ends, HTML copied from a page, British
single marks, a wire dateline before the first sentence). Every later stage reads `Reading.text`,
one plain shape: `\\n` line ends, entities decoded, tags gone (a block tag ends a paragraph),
byte-order marks dropped, a dateline blanked, speech in double marks. The quotes found in it are
mapped back by `Reading.restore`: their offsets index the raw text, their `text` shows the decoded
text with its marks as written.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cached_property

from quotes.marks import convention, speech_in_double_marks
from quotes.schema import Quote, Span

MARKS = ("auto", "double", "single")
_BLOCK = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 tr td th table blockquote section article "
                   "header footer aside figure figcaption hr".split())
_TAG = r"<!--.*?-->|<(?P<raw>script|style)\b.*?</(?P=raw)\s*>|</?(?P<name>[a-zA-Z][\w:-]*)(?:\s[^<>]*)?/?>"
_PLAIN_SPECIAL = (r"(?P<line>\r\n?|[\u2028\u0085])|(?P<para>\u2029)|(?P<bom>\ufeff)"
                  r"|(?P<entity>&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});)")
_SPECIAL = re.compile(_PLAIN_SPECIAL, re.DOTALL | re.IGNORECASE)
_SPECIAL_OR_TAGS = re.compile(rf"(?P<tags>(?:\s*(?:{_TAG}))+\s*)|{_PLAIN_SPECIAL}", re.DOTALL | re.IGNORECASE)
_TAG_NAME = re.compile(_TAG, re.DOTALL | re.IGNORECASE)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?"
_AGENCY = r"\s*\([A-Z][\w&.' -]{0,30}\)"
_REGION = r",\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+){0,2}"
_DATELINE_WORDS = (
    r"(?:"
    # SEOUL, Dec. 1 (Yonhap) --   WASHINGTON (AP) --   TOKYO--   BRUSSELS, Nov. 15 --
    rf"[A-Z]{{3,}}(?:[ .'’-]+[A-Z]{{2,}}\.?){{0,3}}(?:{_REGION})??(?:,?\s*{_MONTH})?(?:{_AGENCY})?"
    r"\s*(?:--|—|–|\s-\s)"
    # Seoul, Dec. 1 (Yonhap) --   Seoul, South Korea (AP) -- : a title-case place needs a date or agency
    rf"|[A-Z][a-z]+(?:\s[A-Z][a-z]+){{0,2}}(?:{_REGION})?(?:,?\s*{_MONTH}(?:{_AGENCY})?|{_AGENCY})"
    r"\s*(?:--|—|–|-)"
    r")[ \t]*"
)
_DATELINE = re.compile(rf"^[ \t]*{_DATELINE_WORDS}", re.MULTILINE)
# An article stored on one line: the dateline follows its headline, the first sentence.
_DATELINE_AFTER_HEADLINE = re.compile(rf"\s*[^\n]{{0,300}}?[.!?…:][\"'”’)\]]*(\s+{_DATELINE_WORDS})")
_DATELINE_PLACE = re.compile(r"\s*([A-Z][A-Za-z]+(?:[ .'’-]+[A-Z][A-Za-z]+)*)")  # "SEOUL", "NEW YORK"
_DATELINE_REACH = 2000  # characters: a dateline opens the story, near the top
_LINE = re.compile(r"[^\n]+")
_LONG_LINE = 1500  # characters: no paragraph of PolNeAR dev is 1,000 long
# A live blog's rule and time stamp (AP's "The Latest": "... citizens. ___. 12:25 p.m.: President
# ..."), each a line of its own: the spaces before and after them end a paragraph.
_RULE = re.compile(r"(\s)(?=_{2,})|(?<=_)\.?(\s)|\b\d{1,2}:\d\d\s?[ap]\.m\.:?(\s)(?=\S)")


@dataclass(frozen=True)
class Piece:
    """A stretch of the reading text and the raw text it came from; `copied` when unchanged."""

    at: int
    raw_start: int
    raw_end: int
    copied: bool


@dataclass(frozen=True)
class Reading:
    """A text as the stages read it, and the way back to the raw text."""

    raw: str
    text: str
    shown: str  # `text` with the quotation marks as written (same length as `text`)
    pieces: tuple[Piece, ...] = ()  # empty: `text` has the raw offsets
    place: str | None = None  # where the dateline says the story was filed ("SEOUL")

    @cached_property
    def _starts(self) -> list[int]:
        return [p.at for p in self.pieces]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The raw offsets of `text[start:end]`."""
        if not self.pieces:
            return start, end
        starts = self._starts
        first = self.pieces[max(bisect_right(starts, start) - 1, 0)]
        raw_start = first.raw_start + (start - first.at) if first.copied else first.raw_start
        if end <= start:
            return raw_start, raw_start
        last = self.pieces[max(bisect_right(starts, end - 1) - 1, 0)]
        raw_end = last.raw_start + (end - last.at) if last.copied else last.raw_end
        return raw_start, raw_end

    def _span(self, span: Span | None) -> Span | None:
        if span is None:
            return None
        start, end = self.span(span.start, span.end)
        return Span(self.shown[span.start : span.end], start, end)

    def restore(self, found: list[Quote]) -> list[Quote]:
        """The quotes found in `text`, with raw offsets and the text as shown."""
        if self.text is self.raw:
            return found
        return [replace(q, text=self.shown[q.start : q.end], start=self.span(q.start, q.end)[0],
                        end=self.span(q.start, q.end)[1], cue=self._span(q.cue),
                        speaker_mention=self._span(q.speaker_mention)) for q in found]


def _replacement(match: re.Match[str]) -> str:
    kind = match.lastgroup
    if kind == "tags":
        names = {(m.group("name") or "").lower() for m in _TAG_NAME.finditer(match.group())}
        return "\n\n" if names & _BLOCK else (" " if any(c.isspace() for c in match.group()) else "")
    if kind == "line":
        return "\n"
    if kind == "para":
        return "\n\n"
    if kind == "bom":
        return ""
    return html.unescape(match.group())


def _plain(raw: str) -> tuple[str, tuple[Piece, ...]]:
    """`raw` with line ends, byte-order marks, tags and entities read, and the pieces mapping it."""
    parts: list[str] = []
    pieces: list[Piece] = []
    at = done = 0
    for match in (_SPECIAL_OR_TAGS if "<" in raw else _SPECIAL).finditer(raw):
        new = _replacement(match)
        if new == match.group():
            continue
        if match.start() > done:
            pieces.append(Piece(at, done, match.start(), True))
            parts.append(raw[done : match.start()])
            at += match.start() - done
        pieces.append(Piece(at, match.start(), match.end(), False))
        parts.append(new)
        at += len(new)
        done = match.end()
    if not pieces:
        return raw, ()
    pieces.append(Piece(at, done, len(raw), True))
    parts.append(raw[done:])
    return "".join(parts), tuple(pieces)


def _cuts(text: str, start: int, end: int) -> list[int]:
    """The spaces of a long line that end a paragraph: where the break model says one ends
    (quotes/paragraphs), and around a live blog's rules and time stamps."""
    from quotes.paragraphs.model import shipped  # loaded once, when a long line first comes

    breaks = shipped().breaks(text, start, end)
    rules = [m.start(m.lastindex) for m in _RULE.finditer(text, start, end)]
    return sorted({*breaks, *rules}) if rules else breaks


def as_paragraphs(text: str) -> str:
    """`text` with each line too long to be a paragraph (an article stored on one line) cut into
    lines at its paragraph ends, character for character (a space becomes a line end): the
    stages decide prose, pair marks and look for speakers paragraph by paragraph."""
    chars = None
    for line in _LINE.finditer(text):
        if line.end() - line.start() >= _LONG_LINE:
            chars = chars or list(text)
            for cut in _cuts(text, *line.span()):
                chars[cut] = "\n"
    return text if chars is None else "".join(chars)


def blank_dateline(text: str) -> tuple[str, str | None]:
    """`text` with the wire dateline of its first paragraphs (`SEOUL, Dec. 1 (Yonhap) --`)
    blanked: it is never part of a speaker mention, nor a speaker. On the headline's line (an
    article stored on one line) the space before it becomes a line end: the story starts there.
    With it, the dateline's place ("SEOUL"), which says whose government an unnamed official
    of the story serves (GUIDELINES §4.3), or None."""
    match = _DATELINE.search(text, 0, _DATELINE_REACH)
    after = _DATELINE_AFTER_HEADLINE.match(text)
    if after is not None and (match is None or after.start(1) < match.start()):
        start, end = after.span(1)
        return text[:start] + "\n" + " " * (end - start - 1) + text[end:], _place(text[start:end])
    if match is None:
        return text, None
    blanked = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
    return blanked, _place(match.group())


def _place(dateline: str) -> str | None:
    found = _DATELINE_PLACE.match(dateline)
    return found.group(1) if found else None


def check_marks(marks: str) -> str:
    """`marks` if it names a convention, else a ValueError of one line."""
    if marks not in MARKS:
        raise ValueError(f"marks must be one of {', '.join(MARKS)}, not {marks!r}")
    return marks


def read(raw: str, marks: str = "auto") -> Reading:
    """`raw` as every stage reads it. `marks`: `double` (speech in double marks, single marks
    nested or scare quotes), `single` (British and Australian style: speech in single marks)
    or `auto`, decided per document."""
    text, pieces = _plain(raw)
    shown = text
    if marks == "single" or (marks == "auto" and convention(text) == "single"):
        text = speech_in_double_marks(text)
    text, place = blank_dateline(as_paragraphs(text))
    return Reading(raw, text, shown, pieces, place)
