"""The quote-marks floor: every stretch between paired double marks is a quote, with no cue and
no speaker. What a system must beat on finding quotes, and the ceiling of marks-only recall.

    python -m eval.baselines.marks --gold ../shared/data/polnear/dev --out marks.jsonl
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from eval.baselines.common import run
from quotes.marks import find_marked
from quotes.schema import Document, Quote


def predict(docs: Iterable[Document]) -> Iterator[Document]:
    for doc in docs:
        quotes = [Quote(text=doc.text[m.start:m.end], start=m.start, end=m.end)
                  for m in find_marked(doc.text)]
        yield Document(id=doc.id, text=doc.text, quotes=quotes)


if __name__ == "__main__":
    run(predict, __doc__.splitlines()[0])
