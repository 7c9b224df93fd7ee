"""Gold documents as spaCy training docs: one Doc per paragraph that holds a quote or a gold span.

Whole articles are long and most of their paragraphs hold no quote, so the span model reads
paragraphs. Each Doc keeps where it came from (`doc.user_data["doc_id"]`, `["offset"]`: the
paragraph's character offset in the document) so that its spans map back to the document.
Gold spans go to one key per type, so that spaCy scores each type on its own: QUOTE in
"quotes", CUE in "cues", SPEAKER in "speakers"; "candidates" holds cues and speakers together
for the span_finder that proposes them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from quotes.marks import ALL_MARKS
from quotes.schema import Document
from quotes.schema import Span as CharSpan

QUOTES, CUES, SPEAKERS, CANDIDATES = "quotes", "cues", "speakers", "candidates"
LABELS = {QUOTES: "QUOTE", CUES: "CUE", SPEAKERS: "SPEAKER"}
_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Paragraph:
    """A line of a document, by its character offsets."""

    doc_id: str
    start: int
    end: int


def paragraphs(document: Document) -> list[Paragraph]:
    """The lines of `document` that hold a quotation mark or the start of a gold span."""
    starts = [span.start for quote in document.quotes
              for span in (quote.span, quote.cue, quote.speaker_mention) if span is not None]
    chosen = []
    for match in _LINE.finditer(document.text):
        start, end = match.span()
        if any(mark in match.group() for mark in ALL_MARKS) or any(start <= s < end for s in starts):
            chosen.append(Paragraph(document.id, start, end))
    return chosen


def _gold_spans(document: Document) -> dict[str, set[CharSpan]]:
    spans: dict[str, set[CharSpan]] = {QUOTES: set(), CUES: set(), SPEAKERS: set()}
    for quote in document.quotes:
        spans[QUOTES].add(quote.span)
        if quote.cue is not None:
            spans[CUES].add(quote.cue)
        if quote.speaker_mention is not None:
            spans[SPEAKERS].add(quote.speaker_mention)
    return spans


def to_docs(documents: Iterable[Document], vocab: Vocab, counts: Counter | None = None) -> Iterator[Doc]:
    """Training Docs for `documents`, one per chosen paragraph, with gold spans set.

    `counts` (if given) tallies per key the spans `aligned`, `expanded` (token boundaries
    wider than the gold characters), and `outside` (crossing or beyond a chosen paragraph).
    """
    counts = Counter() if counts is None else counts
    nlp = spacy.blank("en", vocab=vocab)
    for document in documents:
        gold = _gold_spans(document)
        placed: set[tuple[str, CharSpan]] = set()
        for para in paragraphs(document):
            doc = nlp.make_doc(document.text[para.start:para.end])
            doc.user_data.update(doc_id=document.id, offset=para.start)
            for key, spans in gold.items():
                group = []
                for span in sorted(spans, key=lambda s: (s.start, s.end)):
                    if not (para.start <= span.start and span.end <= para.end):
                        continue
                    placed.add((key, span))
                    token_span = doc.char_span(span.start - para.start, span.end - para.start,
                                               label=LABELS[key], alignment_mode="expand")
                    if token_span is None:
                        counts[f"{key}_unaligned"] += 1
                        continue
                    counts[f"{key}_expanded" if token_span.text != span.text else f"{key}_aligned"] += 1
                    group.append(token_span)
                doc.spans[key] = group
            doc.spans[CANDIDATES] = list(doc.spans[CUES]) + list(doc.spans[SPEAKERS])
            yield doc
        for key, spans in gold.items():
            counts[f"{key}_outside"] += sum((key, span) not in placed for span in spans)


def write_docbin(docs: Iterable[Doc], path: str | Path) -> int:
    """Save `docs` (with their spans and origin) as a DocBin; returns how many."""
    docbin = DocBin(store_user_data=True)
    for doc in docs:
        docbin.add(doc)
    docbin.to_disk(path)
    return len(docbin)
