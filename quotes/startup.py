"""Start-up: loading spaCy pipelines without importing what they do not use.

Two imports cost more than the rest of `quotes extract` on a short text. `spacy.Language()`
loads every installed package's `spacy_factories` entry points, so spacy-transformers (the `trf`
extra) imports torch and transformers; `own_factories` builds the pipelines from the factories
already registered instead (spaCy's, and spacy-transformers' when a span model has a
transformer, imported for it), and keeps srsly from searching every package's entry points for
msgpack extensions at each of the hundreds of arrays it reads. And thinc imports torch whenever
it is installed, only to note that it is; a command that runs no transformer sets `TORCH` off
and spaCy is then imported with torch hidden (`import_spacy`).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DEFAULT_MODEL = "default"
SHIPPED_MODEL = Path(__file__).parent / "data" / "model"
TORCH = True  # False: this process runs no transformer, so thinc need not import torch


def model_folder(model: str) -> Path:
    """The folder a model name stands for (`rules` has none: the path `rules`)."""
    return SHIPPED_MODEL if model == DEFAULT_MODEL else Path(model)


def uses_transformer(spans: Path) -> bool:
    """Whether the span model in the folder `spans` has a spacy-transformers component."""
    config = spans / "config.cfg"
    return config.is_file() and 'factory = "transformer"' in config.read_text(encoding="utf-8")


def import_spacy() -> None:
    """Import spaCy, with torch hidden from thinc when `TORCH` is off and neither is imported yet
    (thinc then notes that torch is absent; nothing else in the process is changed)."""
    if TORCH or "thinc" in sys.modules or "torch" in sys.modules:
        importlib.import_module("spacy")
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # import torch -> ImportError
    try:
        importlib.import_module("spacy")
    finally:
        del sys.modules["torch"]


@contextmanager
def own_factories(transformer: bool = False) -> Iterator[None]:
    """Pipelines loaded in this block use only the factories registered by imported code (and,
    with `transformer`, spacy-transformers'), not every installed package's entry points."""
    from spacy.util import registry
    from srsly.msgpack import msgpack_decoders, msgpack_encoders

    if transformer:
        importlib.import_module("spacy_transformers")  # registers the "transformer" factory
    # the registry spaCy's Language() reads, and srsly's, read for each array
    registries = [registry._entry_point_factories, msgpack_decoders, msgpack_encoders]  # noqa: SLF001
    before = [r.entry_points for r in registries]
    for r in registries:
        r.entry_points = False
    try:
        yield
    finally:
        for r, value in zip(registries, before, strict=True):
            r.entry_points = value
