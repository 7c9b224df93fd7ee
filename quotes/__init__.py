"""quotes: who said what in news text.

    >>> import quotes
    >>> quotes.extract('"We will win," Kim said.')[0].speaker
    'Kim Jong Un'

The pipeline's names are imported on first use, so that `import quotes` (and a subcommand that
needs only the schema or the counts) does not load spaCy and the models' code.
"""

from __future__ import annotations

import importlib
from typing import Any

from quotes.schema import Document, Quote, Span
from quotes.stats import stats  # after the module: `quotes.stats` is the function

_PIPELINE = frozenset({"DEFAULT_MODEL", "extract", "extract_many", "load"})
__all__ = ["DEFAULT_MODEL", "Document", "Quote", "Span", "extract", "extract_many", "load", "stats"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name not in _PIPELINE:
        raise AttributeError(f"module 'quotes' has no attribute {name!r}")
    value = getattr(importlib.import_module("quotes.pipeline"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
