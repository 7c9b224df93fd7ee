"""Gold direct quotes from PolNeAR (Newell, Margolin and Ruths, LREC 2018) in BRAT standoff.

PolNeAR annotates attributions (Source, Cue, Content), direct or not. A direct quote is an
attribution whose Content contains double quotation marks (straight or curly); this reading
gives the corpus's own counts (624 attributions in dev, 5,183 in train). Each stretch between
paired marks in a Content fragment is one gold quote, marks excluded: a split quote gives two,
a mixed quote keeps only its quoted words, "a "liar" who is "amoral"" gives one per phrase.

Annotators often leave a quote's closing (or opening) mark just outside the Content, so the
marks are paired on the document text around each fragment, never on the fragment string.
The attribution's Source is the speaker mention and its Cue the cue; a discontinuous Source or
Cue (eleven in train and dev together) keeps its first fragment, where the head noun phrase
starts. PolNeAR has no canonical speakers, so `speaker` stays None.

Reported speech (`kinds` with "indirect") is read from the same attributions: a Content
without marks is one `indirect` item, from its first fragment's start to its last one's end
(a Content split around its cue, "Trump, he said, will win", keeps the words between; 142 of
dev's 1,568 are split); a mixed Content gives its marked stretches as direct quotes and the
rest of its fragments' words outside them, from the first to the last, as one indirect item
sharing their cue and source when three words or more are left. A quote split by its own
attribution ("...," said Rep. Butterfield. "...") is a Content of quoted fragments only: the
cue and source between them are no reported speech (read as such before, they made train's
reported items 17,125, now 16,393, and dev's 1,867, now 1,778).

Articles done by several annotators have one `.ann` file each (`<article>_<annotator>.ann`);
the reader always takes the lexicographically first annotator id. One quote span claimed by
nested attributions ("The Post reported that Trump said "..."") keeps the attribution whose
Content is the shortest, i.e. the nearest speaker.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from quotes.schema import Document, Quote, Span

OPENING, CLOSING, STRAIGHT = "“", "”", '"'
MARKS = OPENING + CLOSING + STRAIGHT
_SPAN_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
_EVENT_LINE = re.compile(r"^(E\d+)\t(.+)$")
_ROLE_DIGITS = re.compile(r"\d+$")
# What may separate a fragment edge from the mark it left out: space, or the sentence's
# punctuation that the annotator kept on one side of the mark and the quote on the other.
_GAP = " \t,.;:?!"

Fragments = list[tuple[int, int]]


@dataclass
class _Attribution:
    """One BRAT `E` line resolved to its fragments; roles missing from the line are empty."""

    content: Fragments
    source: Fragments
    cue: Fragments


def split_dirs(split_dir: str | Path) -> tuple[Path, Path]:
    """The `text/` and `attributions/` folders of a split, or ValueError naming what is missing."""
    root = Path(split_dir)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not (text_dir.is_dir() and ann_dir.is_dir()):
        raise ValueError(f"{root} is not a PolNeAR split (no text/ and attributions/ in it)")
    return text_dir, ann_dir


def is_polnear_split(path: str | Path) -> bool:
    """True for a folder holding PolNeAR's `text/` and `attributions/`."""
    return (Path(path) / "text").is_dir() and (Path(path) / "attributions").is_dir()


def annotation_files(ann_dir: Path) -> dict[str, Path]:
    """Article id -> its `.ann` file, taking the lexicographically first annotator id."""
    chosen: dict[str, Path] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        chosen.setdefault(path.stem.rsplit("_", 1)[0], path)
    return chosen


def parse_ann(content: str) -> list[_Attribution]:
    """The attributions of one `.ann` file (annotator notes and stray lines are skipped)."""
    spans: dict[str, Fragments] = {}
    events: list[list[tuple[str, str]]] = []
    for line in content.splitlines():
        if match := _SPAN_LINE.match(line):
            spans[match.group(1)] = [(int(a), int(b)) for a, b in
                                     (frag.split() for frag in match.group(3).split(";"))]
        elif match := _EVENT_LINE.match(line):
            events.append([tuple(arg.split(":", 1)) for arg in match.group(2).split()
                           if ":" in arg])
    attributions = []
    for args in events:
        roles: dict[str, Fragments] = {"Content": [], "Source": [], "Cue": []}
        for role, span_id in args:
            role = _ROLE_DIGITS.sub("", role)  # Content2 is a second Content
            if role in roles:
                roles[role] += spans.get(span_id, [])
        attributions.append(_Attribution(sorted(roles["Content"]), roles["Source"], roles["Cue"]))
    return attributions


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """The fragment grown over a mark that sits just outside it (past space or punctuation)."""
    left = start
    while left > 0 and text[left - 1] in _GAP:
        left -= 1
    if left > 0 and text[left - 1] in MARKS:
        start = left - 1
    right = end
    while right < len(text) and text[right] in _GAP:
        right += 1
    if right < len(text) and text[right] in MARKS:
        end = right + 1
    return start, end


def _closes(text: str, pos: int) -> bool:
    """Whether the mark at `pos` ends a quote: curly marks say so, straight ones by context."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if text[pos] == CLOSING:  # sometimes typed for an opening one: at a paragraph's start
        paragraph_start = before == "\n" or unicodedata.category(before) == "Cf"
        return not (paragraph_start or before.isspace() and after.isalnum())
    if text[pos] == OPENING:
        return False
    return not before.isspace() and (after.isspace() or after in ",.;:?!)]—–-")


def quoted_stretches(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The outermost stretches between paired marks in `text[start:end]` and the marks beside it.

    A quote still open at a paragraph break or at the window's end runs to that point; a
    closing mark with no opening one closes a quote that began before the window.
    """
    start, end = _widen(text, start, end)
    stretches: list[tuple[int, int]] = []
    opened: list[str] = []  # the marks of the quotes open here, outermost first
    begin: int | None = start  # None after a quote closed: a stray closing mark ends nothing
    for pos in range(start, end + 1):
        char = text[pos] if pos < end else "\n"
        if char == "\n":
            if opened and begin is not None:
                stretches.append((begin, pos))
            opened, begin = [], None
        elif char in MARKS:
            closes = _closes(text, pos) or (char == STRAIGHT and opened[-1:] == [STRAIGHT])
            if not closes:
                if not opened:
                    begin = pos + 1
                opened.append(char)
            elif len(opened) > 1:
                opened.pop()
            elif begin is not None:  # ends the outermost quote, or one opened before the window
                stretches.append((begin, pos))
                opened, begin = [], None
    return [trimmed for s, e in stretches if (trimmed := _trim(text, s, e))]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The stretch without surrounding space and marks; None when no word is left in it."""
    while start < end and (text[start].isspace() or text[start] in MARKS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in MARKS):
        end -= 1
    return (start, end) if any(c.isalnum() for c in text[start:end]) else None


def _shares_words(text: str, one: tuple[int, int], other: tuple[int, int]) -> bool:
    start, end = max(one[0], other[0]), min(one[1], other[1])
    return any(char.isalnum() for char in text[start:end])


def _first_span(text: str, fragments: Fragments) -> Span | None:
    return Span.of(text, *fragments[0]) if fragments else None


def document_quotes(text: str, attributions: list[_Attribution]) -> list[Quote]:
    """Gold quotes of one article: one per quoted stretch of a direct-quote Content."""
    best: dict[tuple[int, int], tuple[int, Quote]] = {}
    for attribution in attributions:
        fragments = attribution.content
        if not any(mark in text[a:b] for a, b in fragments for mark in MARKS):
            continue
        size = sum(b - a for a, b in fragments)
        for start, end in quoted_stretches(text, fragments[0][0], max(b for _, b in fragments)):
            if not any(_shares_words(text, (start, end), fragment) for fragment in fragments):
                continue  # another attribution's quote between this one's fragments
            if (start, end) in best and best[(start, end)][0] <= size:
                continue
            best[(start, end)] = (size, Quote(
                text=text[start:end], start=start, end=end,
                cue=_first_span(text, attribution.cue),
                speaker_mention=_first_span(text, attribution.source)))
    return sorted((quote for _, quote in best.values()), key=lambda q: (q.start, q.end))


MIN_REPORTED_WORDS = 3  # a mixed Content's paraphrase shorter than this is its quotes' glue


def _words_in(text: str, start: int, end: int) -> int:
    return sum(any(c.isalnum() for c in word) for word in text[start:end].split())


def _unquoted(start: int, end: int, quoted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of `start:end` outside the `quoted` stretches (sorted, marks beside them
    included in neither)."""
    parts = []
    for q_start, q_end in quoted:
        if q_end <= start or q_start >= end:
            continue
        if q_start - 1 > start:
            parts.append((start, q_start - 1))
        start = max(start, q_end + 1)
    if start < end:
        parts.append((start, end))
    return parts


def _reported(text: str, attribution: _Attribution) -> Quote | None:
    """The reported speech of one attribution: its Content from first to last fragment; of a
    mixed one, from the first to the last of its words outside the quoted stretches (`_trim`med;
    None when too few are left)."""
    fragments = attribution.content
    if not fragments:
        return None
    start, end = fragments[0][0], max(b for _, b in fragments)
    if any(mark in text[a:b] for a, b in fragments for mark in MARKS):
        quoted = quoted_stretches(text, start, end)
        rest = [part for a, b in fragments for part in _unquoted(a, b, quoted)
                if _words_in(text, *part)]  # the Content's own words: never the cue and
        if sum(_words_in(text, *part) for part in rest) < MIN_REPORTED_WORDS:  # source between
            return None  # two quoted fragments ("...," said Patricia Moran. "...")
        start, end = min(a for a, _ in rest), max(b for _, b in rest)
    trimmed = _trim_reported(text, start, end)
    if trimmed is None:
        return None
    start, end = trimmed
    return Quote(text=text[start:end], start=start, end=end, cue=_first_span(text, attribution.cue),
                 speaker_mention=_first_span(text, attribution.source), kind="indirect")


def _trim_reported(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A content span without space, marks and the sentence's closing punctuation at its ends."""
    while start < end and (text[start].isspace() or text[start] in MARKS + ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in MARKS + ",;:."):
        end -= 1
    return (start, end) if any(c.isalnum() for c in text[start:end]) else None


def reported_quotes(text: str, attributions: list[_Attribution]) -> list[Quote]:
    """Gold reported speech of one article, one item per attribution that has some, in order."""
    items = {}
    for attribution in attributions:
        item = _reported(text, attribution)
        if item is not None:
            items.setdefault((item.start, item.end), item)
    return sorted(items.values(), key=lambda q: (q.start, q.end))


def read_polnear(split_dir: str | Path, kinds: tuple[str, ...] = ("direct",)) -> Iterator[Document]:
    """Every article of a PolNeAR split (`train/` or `dev/`) as a gold `Document`, by id, with
    its direct quotes, and its reported speech too when `kinds` has "indirect".

    Articles without a direct quote are kept (with no quotes): they still count as documents
    where a system should find nothing.
    """
    text_dir, ann_dir = split_dirs(split_dir)
    for doc_id, ann_path in sorted(annotation_files(ann_dir).items()):
        with open(text_dir / f"{doc_id}.txt", encoding="utf-8", newline="") as handle:
            text = handle.read()
        attributions = parse_ann(ann_path.read_text(encoding="utf-8"))
        found = document_quotes(text, attributions) if "direct" in kinds else []
        if "indirect" in kinds:
            found = sorted(found + reported_quotes(text, attributions), key=lambda q: (q.start, q.end))
        yield Document(id=doc_id, text=text, quotes=found)
