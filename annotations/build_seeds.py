"""Build `annotations/seeds.jsonl` from the human-edited `annotations/seeds.spec.json`.

The annotation decisions live in the spec, as strings a reader can check against the article;
this script only turns them into offsets, so that no offset is ever typed by hand. Per seed,
the spec lists each quote's exact text between its marks (`occurrence` picks among equal
quoted texts, default 0), the cue and speaker-mention strings and the canonical speaker. Cue
and mention are the nearest whole-word occurrences in the quote's paragraph that lie outside
every quotation. `not_quotes` lists the marked stretches that are deliberately not quotes,
with the reason (see GUIDELINES.md). Run from the repository root:

    python -m annotations.build_seeds
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from quotes.gold.doccano import write_gold
from quotes.schema import Document, Quote, Span

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


def paragraph_of(text: str, pos: int) -> tuple[int, int]:
    """The line of `text` around offset `pos`."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _locate(text: str, needle: str, quote: tuple[int, int],
            stretches: list[tuple[int, int]]) -> Span:
    """The nearest whole-word `needle` in the quote's paragraph, outside every quotation."""
    p_start, p_end = paragraph_of(text, quote[0])
    pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")
    found = []
    for match in pattern.finditer(text, p_start, p_end):
        start, end = match.span()
        if any(s < end and start < e for s, e in stretches):
            continue
        distance = quote[0] - end if end <= quote[0] else start - quote[1]
        found.append((distance, start, end))
    if not found:
        raise SpecError(f"{needle!r} is not in the paragraph of the quote at {quote[0]}")
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
        cue, mention = (_locate(text, item[key], (start, end), stretches) if item.get(key)
                        else None for key in ("cue", "speaker_mention"))
        quotes.append(Quote(text=text[start:end], start=start, end=end, cue=cue,
                            speaker_mention=mention, speaker=item.get("speaker")))
    return Document(id=doc_id, text=text, quotes=sorted(quotes, key=lambda q: q.start))


def build(spec: dict[str, Any], seeds_dir: Path = SEEDS) -> list[Document]:
    """Gold documents for every seed in the spec, in doc_id order."""
    return [build_document(doc_id, (seeds_dir / f"{doc_id}.txt").read_text(encoding="utf-8"),
                           spec[doc_id]) for doc_id in sorted(spec)]


def main() -> None:
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    count = write_gold(build(spec), GOLD)
    print(f"wrote {count} documents to {GOLD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
