"""Features of a marked stretch: is it speech, or a title, a name or a scare quote?

What the rules concluded (a cue that governs it, a speaker, their own verdict) is a feature
among others: the words around the marks ("on CNN's", "called it"), its length and shape
(a whole sentence, title case, a first-person pronoun), and where it stands in its line.
"""

from __future__ import annotations

from quotes.attribution.features import bucket
from quotes.rules import Found, is_sentence, is_title, names_a_thing

_FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "you", "your"})


def quote_features(item: Found, span_probability: float | None = None) -> dict[str, float]:
    """The features of one marked stretch, after the rules have looked at it."""
    span, doc = item.span, item.span.doc
    words = [t for t in span if t.is_alpha]
    before = doc[span.start - 2] if span.start >= 2 else None  # the token before the opening mark
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None  # after the closing mark
    f: dict[str, float] = {
        "bias": 1.0,
        f"rules_keep={item.keep}": 1.0,
        f"words={bucket(len(words))}": 1.0,
        "sentence": float(is_sentence(span)),
        "title": float(is_title(span)),
        "names_a_thing": float(names_a_thing(span)),
        "first_person": float(any(t.lower_ in _FIRST_PERSON for t in span)),
        "starts_upper": float(bool(words) and words[0].is_title),
        "line_start": float(span.start <= 1),
        "whole_line": float(span.start <= 1 and span.end >= len(doc) - 2),
        "continued": float(item.marked.continued),
        "continues": float(item.marked.continues),
        f"root_dep={span.root.dep_}": 1.0,
        f"root_pos={span.root.pos_}": 1.0,
        f"before={before.lower_ if before is not None else '<s>'}": 1.0,
        f"before_pos={before.pos_ if before is not None else '<s>'}": 1.0,
        f"after={after.lower_ if after is not None else '</s>'}": 1.0,
        f"after_pos={after.pos_ if after is not None else '</s>'}": 1.0,
    }
    if item.cue is not None:
        f["cue"] = 1.0
        f[f"cue_governs={item.cue.governs}"] = 1.0
        f[f"cue={item.cue.head.lemma_.lower()}"] = 1.0
        f[f"cue_governs={item.cue.governs}&words={bucket(len(words))}"] = 1.0
    f["mention"] = float(item.mention is not None)
    f[f"rules_keep={item.keep}&sentence={is_sentence(span)}"] = 1.0
    f[f"rules_keep={item.keep}&words={bucket(len(words))}"] = 1.0
    if span_probability is not None:
        f["span_model"] = span_probability
        f[f"span_model>{0.5}"] = float(span_probability > 0.5)
    return f
