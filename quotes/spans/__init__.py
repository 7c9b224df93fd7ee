"""The trained span model: QUOTE among the marked stretches, CUE and SPEAKER spans (issue 3)."""

from quotes.spans.model import ScoredSpan, SpanAnnotation, SpanModel
from quotes.spans.train import train_spans

__all__ = ["ScoredSpan", "SpanAnnotation", "SpanModel", "train_spans"]
