"""The QUOTE suggester: every stretch between paired quotation marks is a candidate quote.

The span categorizer then decides which marked stretches are quotes: titles, scare quotes
and names of things are marked too. Stretches have no length cap, since quotations are long.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Ops, get_current_ops
from thinc.types import Ragged

from quotes.marks import OPENING, find_marked

# A paragraph seen alone cannot show that the next one reopens a running quote; a stand-in
# next paragraph that opens with a mark lets find_marked propose the open piece too.
_NEXT_OPENS = "\n" + OPENING[0]


def marked_spans(doc: Doc) -> list[tuple[int, int]]:
    """Token (start, end) of each marked stretch of `doc`, in order, without repeats."""
    spans: list[tuple[int, int]] = []
    text = doc.text  # built from the tokens each time it is asked for
    for marked in find_marked(text + _NEXT_OPENS):
        span = doc.char_span(marked.start, min(marked.end, len(text)), alignment_mode="expand")
        if span is not None and (span.start, span.end) not in spans:
            spans.append((span.start, span.end))
    return spans


def marks_suggester(docs: Iterable[Doc], *, ops: Ops | None = None) -> Ragged:
    """The marked stretches of each doc as spaCy's ragged (start, end) array."""
    ops = get_current_ops() if ops is None else ops
    per_doc = [marked_spans(doc) for doc in docs]
    lengths = ops.asarray1i([len(spans) for spans in per_doc])
    flat = [span for spans in per_doc for span in spans]
    if not flat:
        return Ragged(ops.xp.zeros((0, 0), dtype="i"), lengths)
    return Ragged(ops.asarray2i(flat), lengths)


@registry.misc("quotes.marks_suggester.v1")
def build_marks_suggester() -> Callable[..., Ragged]:
    """The registered factory that config.cfg names."""
    return marks_suggester
