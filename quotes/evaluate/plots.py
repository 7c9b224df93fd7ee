"""Pictures for `quotes eval --plots DIR`: who-said-what precision and recall per speaker, and
precision/recall against the confidence threshold.

Both are drawn from the evaluation's own matching, so the pictures agree with the report.
Figures are made without pyplot, so PNGs are drawn by the Agg canvas whatever backend the
user's matplotlib is set to, and no global figure state is left behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from quotes.evaluate.matching import Outcome, match_documents, prediction_outcomes
from quotes.evaluate.metrics import SpeakerRow, per_speaker
from quotes.schema import Document

TOP_SPEAKERS = 15
SPEAKERS_PNG, THRESHOLDS_PNG = "speakers.png", "thresholds.png"


@dataclass
class ThresholdCurve:
    """Precision and recall of the predictions kept at each confidence threshold (`>=`)."""

    thresholds: np.ndarray
    kept: np.ndarray
    quote_p: np.ndarray
    quote_r: np.ndarray
    who_p: np.ndarray
    who_r: np.ndarray


def threshold_curve(outcomes: Sequence[Outcome], gold_total: int) -> ThresholdCurve:
    """P and R of quotes and of who-said-what for every distinct confidence as the threshold;
    recall's denominator is all gold quotes, so recall can only fall as the threshold rises."""
    confidence = np.array([o.confidence for o in outcomes], dtype=float)
    quote_tp = np.array([o.quote_tp for o in outcomes], dtype=float)
    who_tp = np.array([o.who_said_what for o in outcomes], dtype=float)
    thresholds = np.unique(confidence)
    keep = confidence[None, :] >= thresholds[:, None]
    kept = keep.sum(axis=1)
    return ThresholdCurve(thresholds, kept, _ratio(keep @ quote_tp, kept),
                          _ratio(keep @ quote_tp, gold_total), _ratio(keep @ who_tp, kept),
                          _ratio(keep @ who_tp, gold_total))


def _ratio(hits: np.ndarray, total: np.ndarray | int) -> np.ndarray:
    """hits / total, NaN where total is 0."""
    total = np.broadcast_to(np.asarray(total, dtype=float), hits.shape)
    return np.divide(hits, total, out=np.full(hits.shape, np.nan), where=total > 0)


def plot_thresholds(curve: ThresholdCurve, path: Path, title: str = "") -> Path:
    figure = Figure(figsize=(8, 5), layout="constrained")
    axes = figure.subplots()
    for values, label, style in ((curve.quote_p, "quote precision", "-o"),
                                 (curve.quote_r, "quote recall", "--o"),
                                 (curve.who_p, "who-said-what precision", "-s"),
                                 (curve.who_r, "who-said-what recall", "--s")):
        axes.plot(curve.thresholds, values, style, label=label, markersize=4, drawstyle="steps-post")
    axes.set(xlabel="confidence threshold (predictions kept at >= threshold)", ylabel="score",
             ylim=(0, 1.05), title=title or "Precision and recall against the confidence threshold")
    if len(curve.thresholds):
        for x, count in zip(curve.thresholds, curve.kept, strict=True):
            axes.annotate(f"{count}", (x, 0.02), ha="center", fontsize=7, color="grey")
        axes.text(0.99, 0.07, "grey numbers: predictions kept", transform=axes.transAxes,
                  ha="right", fontsize=7, color="grey")
    axes.grid(alpha=0.3)
    axes.legend(loc="lower left", bbox_to_anchor=(0, 0.08))
    figure.savefig(path, dpi=120)
    return path


def plot_speakers(rows: Iterable[SpeakerRow], path: Path, top: int = TOP_SPEAKERS,
                  title: str = "") -> Path:
    """Horizontal bars of who-said-what P and R for the `top` speakers by gold count."""
    rows = [row for row in rows if row.gold > 0][:top]
    names = [f"{row.speaker[:40]} ({row.gold})" for row in rows]
    precision = [row.tp / row.pred if row.pred else None for row in rows]
    recall = [row.tp / row.gold for row in rows]
    positions = np.arange(len(rows))
    figure = Figure(figsize=(9, 1.8 + 0.42 * max(len(rows), 1)), layout="constrained")
    axes = figure.subplots()
    for offset, values, label, colour in ((-0.2, precision, "precision", "#3a7ca5"),
                                          (0.2, recall, "recall", "#f4a259")):
        bars = axes.barh(positions + offset, [v or 0.0 for v in values], height=0.4, label=label,
                         color=colour)
        axes.bar_label(bars, [f"{v:.2f}" if v is not None else "n/a (none predicted)"
                              for v in values], padding=2, fontsize=7)
    axes.set_yticks(positions, names)
    axes.invert_yaxis()
    axes.set(xlim=(0, 1.12), xlabel="who-said-what score", ylabel="speaker (gold quotes)",
             title=title or f"Who-said-what per speaker (top {len(rows)} by gold quotes)")
    axes.grid(axis="x", alpha=0.3)
    figure.legend(loc="outside lower center", ncols=2)
    figure.savefig(path, dpi=120)
    return path


def write_plots(directory: Path, gold: Iterable[Document], predicted: Iterable[Document],
                top: int = TOP_SPEAKERS) -> list[Path]:
    """The per-speaker and threshold charts as PNGs in `directory` (made if needed)."""
    directory.mkdir(parents=True, exist_ok=True)
    gold, predicted = list(gold), list(predicted)
    curve = threshold_curve(prediction_outcomes(gold, predicted), sum(len(d.quotes) for d in gold))
    return [plot_speakers(per_speaker(match_documents(gold, predicted)), directory / SPEAKERS_PNG, top),
            plot_thresholds(curve, directory / THRESHOLDS_PNG)]
