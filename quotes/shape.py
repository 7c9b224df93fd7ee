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
_DATELINE = re.compile(
    r"^[ \t]*(?:"
    # SEOUL, Dec. 1 (Yonhap) --   WASHINGTON (AP) --   TOKYO--   BRUSSELS, Nov. 15 --
    rf"[A-Z]{{3,}}(?:[ .'’-]+[A-Z]{{2,}}\.?){{0,3}}(?:{_REGION})??(?:,?\s*{_MONTH})?(?:{_AGENCY})?"
    r"\s*(?:--|—|–|\s-\s)"
    # Seoul, Dec. 1 (Yonhap) --   Seoul, South Korea (AP) -- : a title-case place needs a date or agency
    rf"|[A-Z][a-z]+(?:\s[A-Z][a-z]+){{0,2}}(?:{_REGION})?(?:,?\s*{_MONTH}(?:{_AGENCY})?|{_AGENCY})"
    r"\s*(?:--|—|–|-)"
    r")[ \t]*",
    re.MULTILINE,
)
_DATELINE_REACH = 2000  # characters: a dateline opens the story, near the top
_LINE = re.compile(r"[^\n]+")
_LONG_LINE = 1500  # characters: no paragraph of PolNeAR dev is 1,000 long
_MARK = re.compile('[“”„«»"]')
_WHOLE_QUOTE = re.compile(r'\s*[“„«"].*[”»"]\s*', re.DOTALL)
_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*(\s+)(?=[\"“‘'(\[]*[A-Z0-9])")
_WORD_BEFORE = re.compile(r"(?:^|\s)(\S*?)[.!?…][\"'”’)\]]*\Z")
_NAME = r"[A-Z][\w.’'-]*"
_ATTRIBUTION = re.compile(rf"{_NAME}(?: {_NAME}){{0,4}}(?:,[^.\"“”]{{0,100}},)? "
                          r"(?:said|says|asked|added|told|wrote|replied|continued|explained|noted|tweeted|recalled|declared|insisted|"
                          r"argued|warned)\b")
_ATTRIBUTION_LENGTH = 100  # characters: "Miller, a retired worker from a nuclear plant, said pleasantly."
# A live blog's rule and time stamp (AP's "The Latest": "... citizens. ___. 12:25 p.m.: President
# ..."), each a line of its own: the spaces before and after them end a paragraph.
_RULE = re.compile(r"(\s)_{2,}\.?|(?<=_)\.?(\s)|\b\d{1,2}:\d\d\s?[ap]\.m\.:?(\s)(?=\S)")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr sen rep gov gen lt col sgt st jr sr prof rev mt jan feb mar apr aug sep sept oct "
    "nov dec no vs calif fla mass va inc corp co ltd".split())


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


def _attributed_after(text: str, before: int, space: int, after: int) -> bool:
    """A sentence quoted whole whose speaker is named in the short sentence after it (“How
    are you today?” Miller, a retired worker, said pleasantly.), with no quote of its own: one
    sentence of the writer's, so one paragraph (PolNeAR train: 32 in 36 such are)."""
    return (text[space - 1] in "”\"" and text[before + 1] in "“\"" and after - space < _ATTRIBUTION_LENGTH
            and _ATTRIBUTION.match(text, space + 1, after) is not None
            and _MARK.search(text, space + 1, after) is None)


def _boundaries(text: str, start: int, end: int) -> list[int]:
    """The spaces of a long line that end a paragraph, in order: the sentence ends outside any
    quote, less those before a sentence quoted whole after a sentence with a quote in it (“...,”
    he said. “More.”: nine in ten such stay in their paragraph in PolNeAR train), and the ends of
    one paragraph of a quote running on into the next (“... end. “Next ...)."""
    cuts: list[tuple[int, bool]] = []  # (space, inside a quote running on)
    open_ = False
    done = start
    for match in _BOUNDARY.finditer(text, start, end):
        space = match.start(1)
        for mark in _MARK.finditer(text, done, space):
            char = mark.group()
            open_ = char in "“„«" or (char == '"' and not open_)
        done = match.end(1)
        word = _WORD_BEFORE.search(text, max(start, match.start() - 40), match.start() + 1)
        before = word.group(1).lower().lstrip("\"“‘'([") if word else ""  # “Mr. Kim
        if before in _ABBREVIATIONS or len(before) <= 1 or "." in before:
            continue  # Mr. Obama, Sen. Kaine, U.S. officials, John F. Kennedy
        if not open_ or text[match.end(1)] in "“„«\"":
            cuts.append((space, open_))
            open_ = False  # a quote running on reopens with the next paragraph's mark
    ends = [start - 1, *(space for space, _ in cuts), end]
    kept = [space for i, (space, running) in enumerate(cuts) if running
            or not (_WHOLE_QUOTE.fullmatch(text, space + 1, ends[i + 2])
                    or _attributed_after(text, ends[i], space, ends[i + 2]))]
    rules = [m.start(m.lastindex) for m in _RULE.finditer(text, start, end)]
    return sorted({*kept, *rules}) if rules else kept


def as_paragraphs(text: str) -> str:
    """`text` with each line too long to be a paragraph (an article stored on one line) cut into
    lines at its sentence ends, character for character (a space becomes a line end): the
    stages decide prose, pair marks and look for speakers paragraph by paragraph."""
    chars = None
    for line in _LINE.finditer(text):
        if line.end() - line.start() >= _LONG_LINE:
            chars = chars or list(text)
            for cut in _boundaries(text, *line.span()):
                chars[cut] = "\n"
    return text if chars is None else "".join(chars)


def blank_dateline(text: str) -> str:
    """`text` with the wire dateline of its first paragraphs (`SEOUL, Dec. 1 (Yonhap) --`)
    blanked: it is never part of a speaker mention, nor a speaker."""
    match = _DATELINE.search(text, 0, _DATELINE_REACH)
    if match is None:
        return text
    return text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]


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
    return Reading(raw, blank_dateline(as_paragraphs(text)), shown, pieces)
