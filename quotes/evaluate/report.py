"""An evaluation's results as one object, written as Markdown (for people) and JSON (for tools)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from quotes.evaluate.metrics import COUNTS, HEADLINE, METRICS, KindRow, SpeakerKindRow, SpeakerRow
from quotes.schema import Document

SPEAKER_ROWS_SHOWN = 15


@dataclass
class Report:
    """Scores of one system on one gold set."""

    system: str
    gold: str
    documents: int
    metrics: dict[str, float | None]
    intervals: dict[str, tuple[float | None, float | None]]
    counts: dict[str, int]
    speakers: list[SpeakerRow] = field(default_factory=list)
    kinds: list[KindRow] = field(default_factory=list)
    speaker_kinds: list[SpeakerKindRow] = field(default_factory=list)
    failed_documents: int = 0
    unknown_ids: int = 0
    speaker_layer: str | None = None  # the standoff file the gold's canonical speakers came from
    unknown_speakers: int = 0  # gold quotes that layer has no record for
    warnings: list[str] = field(default_factory=list)
    indirect: Report | None = None  # the same scores for reported speech, when it was asked for

    def to_json(self) -> dict[str, Any]:
        own = {"indirect": self.indirect.to_json()} if self.indirect else {}
        return {**own, "system": self.system, "gold": self.gold, "documents": self.documents,
                "metrics": self.metrics,
                "ci95": {name: list(bounds) for name, bounds in self.intervals.items()},
                "counts": self.counts, "failed_documents": self.failed_documents,
                "unknown_ids": self.unknown_ids, "warnings": self.warnings,
                "speakers": [row.as_dict() for row in self.speakers],
                "mention_kinds": [row.as_dict() for row in self.kinds],
                "speaker_kinds": [row.as_dict() for row in self.speaker_kinds],
                "speaker_layer": self.speaker_layer, "unknown_speakers": self.unknown_speakers}

    def to_markdown(self) -> str:
        lines = [f"## {self.system} on {self.gold}", "",
                 f"{self.documents} documents, {self.counts['gold']} gold quotes, "
                 f"{self.counts['pred']} predicted quotes.", ""]
        for warning in self.warnings:
            lines += [f"Warning: {warning}.", ""]
        if self.failed_documents:
            lines += [f"The system failed on {self.failed_documents} documents "
                      "(scored as predicting nothing).", ""]
        if self.unknown_ids:
            lines += [f"{self.unknown_ids} predicted documents are not in the gold (ignored).", ""]
        if self.speaker_layer:
            lines += [f"Canonical speakers from {self.speaker_layer}; {self.unknown_speakers} gold quotes "
                      "have no record there (no gold name: judged by their mention).", ""]
        lines += ["| metric | value | 95% CI |", "| --- | --- | --- |"]
        for name in METRICS:
            low, high = self.intervals.get(name, (None, None))
            interval = f"{_cell(low)} – {_cell(high)}" if name in HEADLINE else ""
            lines.append(f"| {name} | {_cell(self.metrics[name])} | {interval} |")
        if self.kinds:
            lines += ["", "Speakers by kind of gold mention (pronouns and descriptions are named by "
                      "in-document resolution):", "",
                      "| gold mention | quotes | speaker_mention_acc | with a gold name "
                      "| canonical_speaker_acc |",
                      "| --- | --- | --- | --- | --- |"]
            lines += [f"| {row['kind']} | {row['mentions']} | {_cell(row['speaker_mention_acc'])} | "
                      f"{row['names']} | {_cell(row['canonical_speaker_acc'])} |"
                      for row in (kind.as_dict() for kind in self.kinds)]
        if self.speaker_kinds:
            lines += ["", "Canonical speaker by kind of gold speaker:", "",
                      "| gold speaker kind | quotes | canonical_speaker_acc |", "| --- | --- | --- |"]
            lines += [f"| {row['kind']} | {row['names']} | {_cell(row['canonical_speaker_acc'])} |"
                      for row in (kind.as_dict() for kind in self.speaker_kinds)]
        rows = [row.as_dict() for row in self.speakers[:SPEAKER_ROWS_SHOWN]]
        if rows:
            lines += ["", f"Top {len(rows)} of {len(self.speakers)} speakers (who-said-what):", "",
                      "| speaker | gold | pred | P | R | F1 |",
                      "| --- | --- | --- | --- | --- | --- |"]
            lines += [f"| {row['speaker'].replace('|', '/')} | {row['gold']} | {row['pred']} | "
                      f"{_cell(row['p'])} | {_cell(row['r'])} | {_cell(row['f1'])} |"
                      for row in rows]
        if self.indirect is not None:
            lines += ["", self.indirect.to_markdown().rstrip("\n")]
        return "\n".join(lines) + "\n"


def _cell(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def coverage_warnings(gold_documents: int, predicted: Sequence[Document], missing: int) -> list[str]:
    """What the user must know before trusting the scores: predictions that cover no gold
    document (every score then 0.0), or only some of them (the others predict nothing)."""
    if gold_documents and not predicted:
        return ["the predictions hold no documents: every gold quote counts as missed"]
    if gold_documents and missing == gold_documents:
        return [f"none of the {len(predicted)} predicted document ids is in the gold (the first is "
                f"{predicted[0].id!r}): every gold quote counts as missed"]
    if missing:
        return [f"{missing} of {gold_documents} gold documents have no prediction (scored as "
                "predicting nothing)"]
    return []


def counts_dict(totals: list[float]) -> dict[str, int]:
    return {name: int(value) for name, value in zip(COUNTS, totals, strict=True)}
