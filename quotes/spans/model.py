"""The trained span model at work on paragraphs parsed by en_core_web_sm.

When the model's tok2vec is the parser's own (quotes/spans/backbone.py), its other components
run on the parsed paragraphs themselves and read the tensor the parse left there. Otherwise
(a model with a tok2vec of its own) the whole model runs on a copy of each paragraph made in
the model's vocab from the parse's words, spaces and norms: the tokenisation is the same, and
the model's hashed features then read exactly what they read in training.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

import quotes.spans.suggesters  # noqa: F401  (registers quotes.marks_suggester.v1)
from quotes.rules import BARE_TOKENIZER
from quotes.spans.backbone import BACKBONE, shares_backbone
from quotes.spans.corpus import CANDIDATES, CUES, QUOTES, SPEAKERS
from quotes.startup import own_factories, uses_transformer


@dataclass(frozen=True)
class ScoredSpan:
    """A token span [start, end) of the paragraph, its characters [start_char, end_char) in the
    paragraph's text, and its probability."""

    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    probability: float


@dataclass
class SpanAnnotation:
    """What the model sees in one paragraph: every marked stretch with its QUOTE probability,
    and the CUE and SPEAKER spans it keeps."""

    quotes: list[ScoredSpan]
    cues: list[ScoredSpan]
    speakers: list[ScoredSpan]


class SpanModel:
    """A pipeline folder written by `train_spans` (its model-best), loaded for annotation."""

    def __init__(self, nlp: Language, shared: bool = False) -> None:
        self.nlp = nlp
        self.shared = shared  # its tok2vec is the parser's: its heads read the parse's tensor

    @classmethod
    def load(cls, path: str | Path, threshold: float | None = None,
             parser: Language | None = None) -> SpanModel:
        """Load the pipeline; `threshold` (if given) replaces the trained CUE/SPEAKER cut-off, and
        `parser` is the pipeline whose parses it will annotate. When the saved tok2vec is the
        parser's, the model runs on the parses themselves: it shares the parser's tokenizer,
        vocabulary and tok2vec (its own copies, made from the parser's, are not read), and
        `nlp` runs them too on a text by itself.

        The QUOTE component keeps every candidate, so that each marked stretch gets a probability.
        A folder spaCy cannot load is a `ValueError` with a one-line message.
        """
        shared = parser is not None and shares_backbone(Path(path), parser)
        try:
            with own_factories(transformer=uses_transformer(Path(path))):
                nlp = (spacy.load(path, vocab=parser.vocab, exclude=["tokenizer", "vocab", BACKBONE],
                                  config=BARE_TOKENIZER) if shared else spacy.load(path))
        except Exception as err:  # noqa: BLE001 - spaCy, thinc and srsly each fail their own way
            raise ValueError(f"{path}: not a span model ({' '.join(str(err).split())[:300]})") from None
        for _, proc in nlp.pipeline:
            if getattr(proc, "key", None) == QUOTES:
                proc.cfg["threshold"] = 0.0
            elif threshold is not None and getattr(proc, "key", None) in (CUES, SPEAKERS):
                proc.cfg["threshold"] = threshold
        if shared:  # the model runs by itself too, on the parser's tokenizer and tok2vec
            nlp.tokenizer = parser.tokenizer
            nlp.add_pipe(BACKBONE, source=parser, first=True)
        return cls(nlp, shared)

    def _own(self, doc: Doc) -> Doc:
        own = Doc(self.nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
        for mine, theirs in zip(own, doc, strict=True):
            mine.norm_ = theirs.norm_  # the tokenizer's norms ("“" -> '"'), which words alone lose
        return own

    def annotate(self, doc: Doc) -> SpanAnnotation:
        """The spans of one paragraph (a Doc with en_core_web_sm's tokenisation)."""
        return next(self.annotate_many([doc]))

    def annotate_many(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[SpanAnnotation]:
        """The spans of many paragraphs, batched through the model, in order."""
        if not self.shared:
            for own in self.nlp.pipe((self._own(doc) for doc in docs), batch_size=batch_size):
                yield SpanAnnotation(*(_scored(own, key) for key in (QUOTES, CUES, SPEAKERS)))
            return
        heads = [proc for name, proc in self.nlp.pipeline if name != BACKBONE]
        for batch in minibatch(docs, size=batch_size):
            for proc in heads:
                batch = list(proc.pipe(batch))
            for doc in batch:
                yield SpanAnnotation(*(_scored(doc, key) for key in (QUOTES, CUES, SPEAKERS)))
                for key in (QUOTES, CUES, SPEAKERS, CANDIDATES):  # the parse is the caller's
                    doc.spans.pop(key, None)


def _scored(doc: Doc, key: str) -> list[ScoredSpan]:
    group = doc.spans.get(key, [])
    scores = group.attrs.get("scores", []) if group else []
    return sorted((ScoredSpan(span.start, span.end, span.start_char, span.end_char, span.text,
                               float(score))
                   for span, score in zip(group, scores, strict=True)), key=lambda s: (s.start, s.end))
