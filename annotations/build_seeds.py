"""Build a gold JSONL (`annotations/seeds.jsonl`, `annotations/wire.jsonl`) from its
human-edited spec (`annotations/seeds.spec.json`, `annotations/wire.spec.json`).

The annotation decisions live in the spec, as strings a reader can check against the article;
this script only turns them into offsets, so that no offset is ever typed by hand. Per article
(`<texts>/<doc_id>.txt`), the spec lists each quote's exact text between its marks
(`occurrence` picks among equal quoted texts, default 0), the cue and speaker-mention strings,
the canonical speaker and, where annotated, its `speaker_kind`. Cue and mention are the nearest
whole-word occurrences outside every quotation in the quote's paragraph, or in the paragraph
`attribution_at` paragraphs after (or, negative, before) it: the piece of a quote running over
paragraphs whose cue comes in a later one. `not_quotes` lists the marked stretches that are
deliberately not quotes, with the reason (see GUIDELINES.md). Run from the repository root:

    python -m annotations.build_seeds                      # the seeds
    python -m annotations.build_seeds --spec annotations/wire.spec.json \
        --texts annotations/wire --output annotations/wire.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

from quotes.gold.doccano import write_gold
from quotes.schema import SPEAKER_KINDS, Document, Quote, Span

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "annotations" / "seeds.spec.json"
GOLD = ROOT / "annotations" / "seeds.jsonl"
SEEDS = ROOT / "seeds"
DOUBLE_MARKS = "\"“”„«»"
_LINE = re.compile(r"[^\n]+")


class SpecError(ValueError):
    """A spec entry that does not match its article; the message says which and why."""


def marked_stretches(text: str) -> list[tuple[int, int]]:
    """Every stretch between paired double marks, whitespace-trimmed, in order.

    Marks pair up in order within a paragraph (a line); a paragraph that ends with a mark
    left open yields the piece up to the line end (a quote running over paragraphs).
    Kept independent of the extractor's mark pairing, so that gold checks do not inherit
    its mistakes.
    """
    stretches = []
    for line in _LINE.finditer(text):
        marks = [line.start() + i for i, char in enumerate(line.group()) if char in DOUBLE_MARKS]
        if len(marks) % 2:
            marks.append(line.end())
        for open_at, close_at in zip(marks[::2], marks[1::2], strict=True):
            inner = text[open_at + 1:close_at]
            if inner.strip():
                start = open_at + 1 + len(inner) - len(inner.lstrip())
                stretches.append((start, start + len(inner.strip())))
    return stretches


def paragraph_of(text: str, pos: int, shift: int = 0) -> tuple[int, int]:
    """The line of `text` around offset `pos`, or the non-blank line `shift` lines after
    (negative: before) it; raises `SpecError` past either end of the text."""
    lines = [line.span() for line in _LINE.finditer(text) if line.group().strip()]
    here = next((i for i, (start, end) in enumerate(lines) if start <= pos <= end), None)
    if here is None or not 0 <= here + shift < len(lines):
        raise SpecError(f"no paragraph {shift:+d} from offset {pos}")
    return lines[here + shift]


def _locate(text: str, needle: str, quote: tuple[int, int],
            stretches: list[tuple[int, int]], shift: int = 0) -> Span:
    """The nearest whole-word `needle` in the quote's paragraph (or the one `shift` paragraphs
    away), outside every quotation."""
    p_start, p_end = paragraph_of(text, quote[0], shift)
    pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")
    found = []
    for match in pattern.finditer(text, p_start, p_end):
        start, end = match.span()
        if any(s < end and start < e for s, e in stretches):
            continue
        distance = quote[0] - end if end <= quote[0] else start - quote[1]
        found.append((distance, start, end))
    if not found:
        raise SpecError(f"{needle!r} is not in paragraph {shift:+d} of the quote at {quote[0]}")
    found.sort()
    if len(found) > 1 and found[0][0] == found[1][0]:
        raise SpecError(f"{needle!r} is equally near the quote at {quote[0]} twice")
    return Span.of(text, found[0][1], found[0][2])


def build_document(doc_id: str, text: str, entry: dict[str, Any]) -> Document:
    """The gold `Document` that a spec entry describes; raises `SpecError` on any mismatch."""
    stretches = marked_stretches(text)
    quotes = []
    for item in entry["quotes"]:
        matches = [(s, e) for s, e in stretches if text[s:e] == item["quote"]]
        occurrence = item.get("occurrence", 0)
        if occurrence >= len(matches):
            raise SpecError(f"{doc_id}: quote {item['quote'][:40]!r} is not quoted "
                            f"{occurrence + 1} time(s)")
        start, end = matches[occurrence]
        kind = item.get("speaker_kind")
        if kind is not None and kind not in SPEAKER_KINDS:
            raise SpecError(f"{doc_id}: quote {item['quote'][:40]!r} has speaker_kind {kind!r}, "
                            f"not one of {', '.join(SPEAKER_KINDS)}")
        cue, mention = (_locate(text, item[key], (start, end), stretches,
                                item.get("attribution_at", 0)) if item.get(key)
                        else None for key in ("cue", "speaker_mention"))
        quotes.append(Quote(text=text[start:end], start=start, end=end, cue=cue,
                            speaker_mention=mention, speaker=item.get("speaker"),
                            speaker_kind=kind))
    return Document(id=doc_id, text=text, quotes=sorted(quotes, key=lambda q: q.start))


def build(spec: dict[str, Any], texts: Path = SEEDS) -> list[Document]:
    """Gold documents for every article of the spec (`texts/<doc_id>.txt`), in doc_id order."""
    return [build_document(doc_id, (texts / f"{doc_id}.txt").read_text(encoding="utf-8"),
                           spec[doc_id]) for doc_id in sorted(spec)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=SPEC, help="the human-edited spec JSON")
    parser.add_argument("--texts", type=Path, default=SEEDS, help="folder of <doc_id>.txt")
    parser.add_argument("--output", type=Path, default=GOLD, help="gold JSONL to write")
    args = parser.parse_args(argv)
    try:
        spec = json.loads(args.spec.read_text(encoding="utf-8"))
        count = write_gold(build(spec, args.texts), args.output)
    except (OSError, ValueError) as err:  # SpecError and bad JSON are ValueErrors
        parser.exit(1, f"build_seeds: {err}\n")
    print(f"wrote {count} documents to {args.output}")


if __name__ == "__main__":
    main()
