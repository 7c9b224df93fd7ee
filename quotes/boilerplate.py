"""Which stretches of a scraped page are article prose, so that nothing is taken from web boilerplate.

Pages copied from news sites carry lists of related stories, teasers cut off with an
ellipsis, photo captions, repeated headlines and wire trailers ("(END)", "Reporting by ...;
Editing by ...", copyright lines). Quotes in those are not the article's: a stretch counts as
prose only when it reads like a paragraph, or the sentences of one, of the story.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

_LINE = re.compile(r"[^\n]+")
_ENDS_SENTENCE = re.compile(r"[.!?:;][\"'”’“)\]]*\s*$|[\"”“]\s*$")
_TEASER = re.compile(r"(…|\.\.\.)\s*$")
_CAPTION = re.compile(
    r"^\s*(in this (undated |handout |file |pool )*(photo|image|picture)|photo:|file photo)"
    r"|\((ap|afp|reuters|aap|pa|getty images|pa aap)\)\s*$|photo: [a-z]",
    re.IGNORECASE,
)
_MIN_WORDS = 3
_LEAD_IN = re.compile(r"\w:\s*$")  # "Caddell continued:" before a quoted paragraph
_QUOTED_SENTENCE = re.compile(r"[\"“”][^\"“”\n]{20,}[.!?][\"”]")


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"“‘'(\[–—-]*[A-Z0-9])")
_TRAILER = re.compile(
    r"^[(\[\s–—-]*ends?[)\]\s.–—-]*$"
    r"|^(additional |compiled |edited |)(reporting|writing|editing|compiled) by\b"
    r"|^(copyright\b|©|\(c\) \d{4}|all rights reserved)|^read (more|the rest|the full|next)\b"
    r"|^(click here|subscribe\b|sign up\b|follow us\b|our standards\b)",
    re.IGNORECASE,
)
HEADLINE_RUN = 30  # words
_UNCAPITALISED = re.compile(r"(?<!\S)[^\sA-Z0-9\"“‘'(]")  # a word's first character
_TAIL = 12  # characters: a sentence end, its closing marks and brackets, trailing space
_ARTICLE = 3  # prose sentences: a line holding this many is an article, whatever else it holds


def _headlines(stretch: str) -> bool:
    """A run of headlines (related stories on a page stored on one line): HEADLINE_RUN words at
    least, four in five capitalised or numbers, with fewer commas than a list of names has."""
    spaces = stretch.count(" ")
    if spaces < HEADLINE_RUN or 8 * stretch.count(",") >= spaces:
        return False
    return 5 * len(_UNCAPITALISED.findall(stretch)) <= spaces


def _is_junk(stretch: str) -> bool:
    """Not story text: a teaser cut off with an ellipsis, a photo caption, a wire trailer, a run
    of headlines, or words with no sentence end and no whole quoted sentence (a headline)."""
    tail = stretch[-_TAIL:]  # the end patterns are anchored there: no need to scan the whole line
    return (bool(_TEASER.search(tail) or _CAPTION.search(stretch) or _TRAILER.match(stretch))
            or not (_ENDS_SENTENCE.search(tail) or _QUOTED_SENTENCE.search(stretch))
            or _headlines(stretch))


def _is_prose(stretch: str) -> bool:
    """A stretch that reads like story text (it ends like a sentence or holds a whole quoted
    sentence, as “...,” ― Name lists of reader voices do and headlines do not), of three words
    at least, or two for a lead-in that ends in a colon ("He added:"), whose quote is the next
    paragraph."""
    words = len(stretch.split())
    least = _MIN_WORDS - 1 if _LEAD_IN.search(stretch[-_TAIL:]) else _MIN_WORDS
    return words >= least and not _is_junk(stretch)


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of one line, by their end punctuation and the capital after it."""
    cuts = [start, *(m.end() for m in _SENTENCE_END.finditer(text, start, end)), end]
    return [(a, a + len(text[a:b].rstrip())) for a, b in zip(cuts, cuts[1:], strict=False)
            if text[a:b].strip()]


def _prose_of_line(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The prose stretch of one line. A line of prose is kept, less a wire trailer, copyright
    notice or "Read more" tail at its end. A line that is not prose as a whole (a headline, a
    list of teasers, an article in one line ending in such a tail) gives the stretch from its
    first sentence of story text to its last, when it holds an article's worth of prose or
    its story text comes before the rest."""
    sentences = _sentences(text, start, end)
    if _is_prose(text[start:end]):
        while len(sentences) > 1 and _TRAILER.match(text[slice(*sentences[-1])]):
            sentences.pop()
        return start, sentences[-1][1]
    story = [i for i, (a, b) in enumerate(sentences) if not _is_junk(text[a:b])]
    prose = [i for i in story if _is_prose(text[slice(*sentences[i])])]
    if prose and (len(prose) >= _ARTICLE or story == list(range(len(story)))):
        return sentences[story[0]][0], sentences[story[-1]][1]
    return None


@lru_cache(maxsize=4)  # asked for twice of a text: the mark convention, then the plan
def prose_lines(text: str, cut: Callable[[int, int], list[tuple[int, int]]] | None = None
                ) -> tuple[tuple[int, int], ...]:
    """Offsets of the prose of the lines of `text` (each line's stretch, trimmed), in order.

    Prose is decided per line and, within a line, per sentence, so that an article stored on
    one line keeps its sentences while its tail is cut. A line repeated word for word (a
    headline shown twice, a pull quote, an article stored twice) is prose once at most: the
    first time it appears. `cut`, when given, cuts a line into pieces (offsets), each judged
    as a line of its own: a caption inside a very long line then costs that caption only.
    """
    seen: set[str] = set()
    keep = []
    for match in _LINE.finditer(text):
        line = match.group().strip()
        if not line or line in seen:
            continue
        seen.add(line)
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        end = start + len(line)
        for piece_start, piece_end in cut(start, end) if cut else [(start, end)]:
            stretch = _prose_of_line(text, piece_start, piece_end)
            if stretch is not None:
                keep.append(stretch)
    return tuple(keep)
