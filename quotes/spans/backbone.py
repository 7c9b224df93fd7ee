"""The span model's backbone: en_core_web_sm's own tok2vec, sourced into the span pipeline and
kept frozen.

The extractor parses every line it reads with en_core_web_sm anyway, and that parse leaves the
tok2vec's output on each Doc (`doc.tensor`). A span model whose tok2vec is the very same layer
can read that tensor instead of embedding the line a second time, so the model costs only its
own small layers. Its vocabulary needs the parser's lookups too: token norms ("colour" ->
"color") are part of what the tok2vec reads.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.util import registry

from quotes.rules import SPACY_MODEL

BACKBONE = "tok2vec"


@cache
def _parser_lookups() -> bytes:
    return spacy.load(SPACY_MODEL, exclude=["ner", "parser", "tagger", "attribute_ruler",
                                            "lemmatizer"]).vocab.lookups.to_bytes()


@registry.misc("quotes.parser_lookups.v1")
def parser_lookups() -> Lookups:
    """en_core_web_sm's lookup tables (its lexeme norms), for [initialize.lookups]."""
    return Lookups().from_bytes(_parser_lookups())


def shares_backbone(model: Path, parser: Language) -> bool:
    """Whether the tok2vec saved in the pipeline folder `model` is `parser`'s, byte for byte as
    saved: then the tensor the parse left on a Doc is exactly what the model's tok2vec would
    compute, and the model need not load its own."""
    ours = model / BACKBONE / "model"
    theirs = parser.path / BACKBONE / "model" if parser.path is not None else None
    if BACKBONE not in parser.pipe_names or theirs is None or not ours.is_file() or not theirs.is_file():
        return False
    return ours.stat().st_size == theirs.stat().st_size and ours.read_bytes() == theirs.read_bytes()
