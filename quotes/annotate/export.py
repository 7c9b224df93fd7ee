"""Pre-annotated doccano tasks: the model's predictions as relation JSONL, ready to correct."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from quotes.files import replacing
from quotes.gold.doccano import write_gold
from quotes.schema import Document


def export_tasks(paths: Iterable[str | Path], out: str | Path, model: str | None = None,
                 kind: str = "direct") -> tuple[int, list[str]]:
    """Write one task per readable document to `out`; returns (tasks written, error lines).

    `model=None` leaves the choice to the API's default model; `kind="all"` pre-annotates
    reported speech too, as CONTENT spans (quotes/gold/doccano.py). A document the reader or the
    model could not handle is reported, not written, and the others still come through.
    """
    import quotes  # loaded here: the extractor pulls in spaCy, which the other commands skip
    from quotes.io import read_inputs

    errors: list[str] = []

    def good(docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            if doc.error is not None:
                errors.append(doc.error)
            else:
                yield doc

    options = {"kind": kind} if model is None else {"model": model, "kind": kind}
    with replacing(out) as temp:
        count = write_gold(good(quotes.extract_many(read_inputs(list(paths)), **options)), temp)
    return count, errors
