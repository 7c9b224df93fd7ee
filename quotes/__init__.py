"""quotes: who said what in news text.

    >>> import quotes
    >>> quotes.extract('"We will win," Kim said.')[0].speaker
    'Kim'
"""

from quotes.pipeline import DEFAULT_MODEL, extract, extract_many, load
from quotes.schema import Document, Quote, Span
from quotes.stats import stats

__all__ = ["DEFAULT_MODEL", "Document", "Quote", "Span", "extract", "extract_many", "load", "stats"]
__version__ = "0.1.0"
