"""Which lines of a scraped page are article prose, so that nothing is taken from web boilerplate.

Pages copied from news sites carry lists of related stories, teasers cut off with an
ellipsis, photo captions and repeated headlines. Quotes in those are not the article's:
a line counts as prose only when it reads like a paragraph of the story.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

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


def _is_prose(line: str) -> bool:
    return (
        len(line.split(maxsplit=_MIN_WORDS)) >= (_MIN_WORDS - 1 if _LEAD_IN.search(line) else _MIN_WORDS)
        and bool(_ENDS_SENTENCE.search(line) or _QUOTED_SENTENCE.search(line))
        and not _TEASER.search(line)
        and not _CAPTION.search(line)
    )


def prose_lines(text: str, cut: Callable[[int, int], list[tuple[int, int]]] | None = None
                ) -> list[tuple[int, int]]:
    """Offsets of the lines of `text` that are article prose, in order.

    A line is prose when it ends like a sentence, or when it holds a whole quoted sentence
    (“...,” ― Name lists of reader voices); headlines do neither. Three words at least, or two
    for a lead-in that ends in a colon ("He added:"), whose quote is the next paragraph. A line
    that appears twice is not prose. `cut`, when given, cuts a line into pieces (offsets), each
    judged as a line of its own but for repeats: a caption inside a paragraph of a page that
    lost its line breaks then costs that caption only, not the paragraph.
    """
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    counts = Counter(text[s:e].strip() for s, e in lines)
    keep = []
    for start, end in lines:
        if counts[text[start:end].strip()] == 1:
            keep += [(s, e) for s, e in (cut(start, end) if cut else [(start, end)])
                     if _is_prose(text[s:e].strip())]
    return keep


_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^<>]*>|<!--.*?-->", re.DOTALL)
_BLOCK = frozenset("p div br li h1 h2 h3 h4 h5 h6 tr td blockquote section article".split())


def mask_markup(text: str) -> str:
    """`text` with HTML tags blanked out, offsets unchanged; block tags end a line.

    Attribute values such as class="lead" would otherwise read as quotations.
    """
    if "<" not in text:
        return text

    def blank(match: re.Match[str]) -> str:
        width = match.end() - match.start()
        block = match.group(2) and match.group(2).lower() in _BLOCK
        return ("\n" + " " * (width - 1)) if block else " " * width

    return _TAG.sub(blank, text)
