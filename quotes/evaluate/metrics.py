"""Scores from matched documents: quote P/R/F1, cue and speaker accuracies, who-said-what, per
speaker, and per kind of gold speaker mention (name, description, pronoun).

Every metric is a ratio of counts summed over documents, so a bootstrap over documents only
has to resample rows of one count table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from quotes.evaluate.matching import (
    KINDS,
    DocumentMatch,
    Outcome,
    cue_right,
    mention_kind,
    mention_right,
    normal_name,
)
from quotes.schema import SPEAKER_KINDS, Quote

COUNTS = ("gold", "pred", "tp_exact", "tp_overlap", "mention_total", "mention_right",
          "name_total", "name_right", "tp_who", "cue_total", "cue_right")
# metric -> (numerator, denominator) over COUNTS; F1 joins the _p and _r of its stem
RATIOS = {
    "quote_p_exact": ("tp_exact", "pred"), "quote_r_exact": ("tp_exact", "gold"),
    "quote_p_overlap": ("tp_overlap", "pred"), "quote_r_overlap": ("tp_overlap", "gold"),
    "speaker_mention_acc": ("mention_right", "mention_total"),
    "canonical_speaker_acc": ("name_right", "name_total"),
    "cue_acc": ("cue_right", "cue_total"),
    "who_said_what_p": ("tp_who", "pred"), "who_said_what_r": ("tp_who", "gold"),
}
F1S = {"quote_f1_exact": ("quote_p_exact", "quote_r_exact"),
       "quote_f1_overlap": ("quote_p_overlap", "quote_r_overlap"),
       "who_said_what_f1": ("who_said_what_p", "who_said_what_r")}
METRICS = ("quote_p_exact", "quote_r_exact", "quote_f1_exact",
           "quote_p_overlap", "quote_r_overlap", "quote_f1_overlap",
           "speaker_mention_acc", "canonical_speaker_acc", "cue_acc",
           "who_said_what_p", "who_said_what_r", "who_said_what_f1")
HEADLINE = ("quote_f1_exact", "quote_f1_overlap", "speaker_mention_acc",
            "canonical_speaker_acc", "who_said_what_f1")
SEED, RESAMPLES = 20240917, 1000


def _mention_hit(outcome: Outcome) -> bool:
    return mention_right(outcome.quote.speaker_mention, outcome.gold.speaker_mention)


def _name_hit(outcome: Outcome) -> bool:
    return normal_name(outcome.quote.speaker) == normal_name(outcome.gold.speaker)


def document_counts(match: DocumentMatch) -> list[int]:
    """One document's row of the count table, in the order of COUNTS."""
    matched = list(match.matched)
    with_mention = [o for o in matched if o.gold.speaker_mention is not None]
    with_name = [o for o in matched if o.gold.speaker]
    with_cue = [o for o in matched if o.gold.cue is not None]
    return [
        len(match.gold.quotes), len(match.outcomes),
        sum(o.exact for o in match.outcomes), len(matched),
        len(with_mention),
        sum(map(_mention_hit, with_mention)),
        len(with_name), sum(map(_name_hit, with_name)),
        sum(o.who_said_what for o in match.outcomes),
        len(with_cue), sum(cue_right(o.quote.cue, o.gold.cue) for o in with_cue),
    ]


def count_table(matches: Sequence[DocumentMatch]) -> np.ndarray:
    """Documents x COUNTS."""
    return np.array([document_counts(m) for m in matches], dtype=float).reshape(-1, len(COUNTS))


def scores(totals: np.ndarray) -> dict[str, np.ndarray]:
    """Every metric from summed counts (last axis = COUNTS); NaN where a denominator is 0."""
    column = {name: totals[..., i] for i, name in enumerate(COUNTS)}
    out: dict[str, np.ndarray] = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        for name, (num, den) in RATIOS.items():
            out[name] = np.where(column[den] > 0, column[num] / column[den], np.nan)
        for name, (p, r) in F1S.items():
            # No predictions (or no gold) leaves P (or R) undefined, but the other is then 0 and
            # so is F1: undefined only when there is neither gold nor a prediction.
            pr, rc = np.nan_to_num(out[p]), np.nan_to_num(out[r])
            f1 = np.where(pr + rc > 0, 2 * pr * rc / (pr + rc), 0.0)
            out[name] = np.where(np.isnan(out[p]) & np.isnan(out[r]), np.nan, f1)
    return out


def _value(number: float) -> float | None:
    return None if np.isnan(number) else round(float(number), 4)


def point_scores(table: np.ndarray) -> dict[str, float | None]:
    """The metrics over all documents; None where undefined (e.g. no gold names)."""
    values = scores(table.sum(axis=0))
    return {name: _value(values[name]) for name in METRICS}


def bootstrap(table: np.ndarray, resamples: int = RESAMPLES,
              seed: int = SEED) -> dict[str, tuple[float | None, float | None]]:
    """95% percentile intervals of the headline metrics, resampling documents."""
    if not len(table):
        return {name: (None, None) for name in HEADLINE}
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, len(table), size=(resamples, len(table)))
    values = scores(table[rows].sum(axis=1))
    intervals = {}
    for name in HEADLINE:
        sample = values[name][~np.isnan(values[name])]
        intervals[name] = ((_value(np.percentile(sample, 2.5)), _value(np.percentile(sample, 97.5)))
                           if len(sample) else (None, None))
    return intervals


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


@dataclass
class SpeakerRow:
    """Who-said-what for one gold speaker."""

    speaker: str
    gold: int
    pred: int
    tp: int

    def as_dict(self) -> dict[str, object]:
        p, r = _ratio(self.tp, self.pred), _ratio(self.tp, self.gold)
        f1 = _ratio(2 * self.tp, self.pred + self.gold)  # 0.0 for a speaker never predicted
        return {"speaker": self.speaker, "gold": self.gold, "pred": self.pred, "tp": self.tp,
                "p": p, "r": r, "f1": f1}


def _speaker_key(quote: Quote) -> str:
    """The gold canonical name, else the normalised mention text."""
    if quote.speaker:
        return normal_name(quote.speaker)
    return normal_name(quote.speaker_mention.text if quote.speaker_mention else "(no speaker)")


def per_speaker(matches: Sequence[DocumentMatch]) -> list[SpeakerRow]:
    """Gold count, predicted count and who-said-what hits per speaker, most quoted first.

    A right prediction counts for its gold speaker; any other counts for the speaker it names.
    """
    gold, pred, tp = Counter(), Counter(), Counter()
    for match in matches:
        gold.update(_speaker_key(quote) for quote in match.gold.quotes)
        for outcome in match.outcomes:
            key = _speaker_key(outcome.gold if outcome.who_said_what else outcome.quote)
            pred[key] += 1
            tp[key] += outcome.who_said_what
    keys = sorted(gold.keys() | pred.keys(), key=lambda k: (-gold[k], -pred[k], k))
    return [SpeakerRow(key, gold[key], pred[key], tp[key]) for key in keys]


@dataclass
class KindRow:
    """Speaker accuracy on the matched quotes whose gold mention is of one kind."""

    kind: str
    mentions: int = 0
    mention_right: int = 0
    names: int = 0
    name_right: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "mentions": self.mentions,
                "speaker_mention_acc": _ratio(self.mention_right, self.mentions),
                "names": self.names, "canonical_speaker_acc": _ratio(self.name_right, self.names)}


def per_kind(matches: Sequence[DocumentMatch]) -> list[KindRow]:
    """Speaker-mention and canonical-speaker accuracy by kind of gold mention: how well
    pronoun and description speakers are found and resolved, next to named ones."""
    rows = {kind: KindRow(kind) for kind in KINDS}
    for match in matches:
        for outcome in match.matched:
            gold = outcome.gold
            if gold.speaker_mention is None:
                continue
            row = rows[mention_kind(gold.speaker_mention.text)]
            row.mentions += 1
            row.mention_right += _mention_hit(outcome)
            if gold.speaker:
                row.names += 1
                row.name_right += _name_hit(outcome)
    return [rows[kind] for kind in KINDS if rows[kind].mentions]


@dataclass
class SpeakerKindRow:
    """Canonical-speaker accuracy on the matched quotes whose gold speaker is of one kind."""

    kind: str
    names: int = 0
    name_right: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "names": self.names,
                "canonical_speaker_acc": _ratio(self.name_right, self.names)}


def per_speaker_kind(matches: Sequence[DocumentMatch]) -> list[SpeakerKindRow]:
    """Canonical-speaker accuracy by kind of gold speaker (person, organization, group,
    unnamed): where names come from a standoff layer, how each kind of source is resolved."""
    rows = {kind: SpeakerKindRow(kind) for kind in SPEAKER_KINDS}
    for match in matches:
        for outcome in match.matched:
            gold = outcome.gold
            if gold.speaker and gold.speaker_kind in rows:
                row = rows[gold.speaker_kind]
                row.names += 1
                row.name_right += _name_hit(outcome)
    return [rows[kind] for kind in SPEAKER_KINDS if rows[kind].names]
