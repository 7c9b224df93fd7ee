"""Text with overlapping highlights as well-formed HTML.

A speaker mention may sit inside a quote, and a missed gold quote may cross a predicted one, so
tags are emitted from sorted boundary events: at each offset the elements that end there are
closed, and any element still open inside them is closed too and reopened (as a `cont` piece)
right after, which keeps the HTML nested however the spans overlap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape


@dataclass(frozen=True)
class Element:
    """A tag around `text[start:end]`; with `start == end` and `inner`, a small element (a label)
    placed at that offset."""

    start: int
    end: int
    tag: str
    attrs: dict[str, str] = field(default_factory=dict, hash=False)
    inner: str = ""

    def open(self, continued: bool = False) -> str:
        attrs = dict(self.attrs)
        if continued:  # a piece reopened after a crossing tag: the same classes, not its id
            attrs["class"] = f"{attrs.get('class', '')} cont".strip()
            attrs.pop("id", None)
        rendered = "".join(f' {name}="{escape(value)}"' for name, value in attrs.items())
        return f"<{self.tag}{rendered}>"

    def close(self) -> str:
        return f"</{self.tag}>"


def _outer_first(element: Element) -> tuple[int, int]:
    return (-element.end, element.start)


def markup(text: str, elements: list[Element]) -> str:
    """`text`, escaped, with every element placed at its offsets (clipped to the text)."""
    size = len(text)
    elements = [Element(min(max(e.start, 0), size), min(max(e.end, 0), size), e.tag, e.attrs,
                        e.inner) for e in elements]
    spans = [e for e in elements if e.start < e.end]
    points = [e for e in elements if e.start == e.end]
    out: list[str] = []
    stack: list[Element] = []
    last = 0
    for pos in sorted({0, size} | {e.start for e in elements} | {e.end for e in spans}):
        out.append(escape(text[last:pos], quote=False))
        last = pos
        first_ending = next((i for i, e in enumerate(stack) if e.end <= pos), len(stack))
        closed = stack[first_ending:]
        del stack[first_ending:]
        out.extend(e.close() for e in reversed(closed))
        reopen = [e for e in closed if e.end > pos]
        out.extend(e.open() + escape(e.inner, quote=False) + e.close()
                   for e in points if e.start == pos)
        for element in sorted(reopen + [e for e in spans if e.start == pos], key=_outer_first):
            out.append(element.open(continued=any(element is e for e in reopen)))
            stack.append(element)
    return "".join(out)
