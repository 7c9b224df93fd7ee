"""Scoring, kept apart from the models: gold and predicted `Document`s in, a `Report` out."""

from __future__ import annotations

from collections.abc import Iterable

from quotes.evaluate.matching import Outcome, match_documents, prediction_outcomes
from quotes.evaluate.metrics import (
    METRICS,
    bootstrap,
    count_table,
    per_kind,
    per_speaker,
    per_speaker_kind,
    point_scores,
)
from quotes.evaluate.report import Report, counts_dict, coverage_warnings
from quotes.schema import Document, of_kinds

__all__ = ["METRICS", "Outcome", "Report", "evaluate", "prediction_outcomes"]


def evaluate(gold: Iterable[Document], predicted: Iterable[Document], system: str = "system",
             gold_name: str = "gold", kind: str = "direct") -> Report:
    """Score predictions against gold, joined by document id: the direct quotes, and with
    `kind="all"` the reported speech too, scored apart in `Report.indirect` (each item is
    matched only with items of its own kind).

    Gold documents without a prediction count as predicting nothing; predictions for ids not
    in the gold are left out and counted in `unknown_ids`. The report's `warnings` say when that
    leaves gold documents unscored, or nothing scored at all (F1 0.0).
    """
    gold, predicted = list(gold), list(predicted)
    if kind == "all":
        report = evaluate(of_kinds(gold, ("direct",)), of_kinds(predicted, ("direct",)), system, gold_name)
        report.indirect = evaluate(of_kinds(gold, ("indirect",)), of_kinds(predicted, ("indirect",)),
                                   system, f"{gold_name}, reported speech (indirect)", "indirect")
        return report
    gold, predicted = of_kinds(gold, (kind,)), of_kinds(predicted, (kind,))
    gold_ids = {doc.id for doc in gold}
    missing = len(gold_ids - {doc.id for doc in predicted})
    matches = match_documents(gold, predicted)
    table = count_table(matches)
    return Report(system=system, gold=gold_name, documents=len(gold),
                  metrics=point_scores(table), intervals=bootstrap(table),
                  counts=counts_dict(table.sum(axis=0).tolist()), speakers=per_speaker(matches),
                  kinds=per_kind(matches), speaker_kinds=per_speaker_kind(matches),
                  failed_documents=sum(doc.error is not None for doc in predicted
                                       if doc.id in gold_ids),
                  unknown_ids=sum(doc.id not in gold_ids for doc in predicted),
                  warnings=coverage_warnings(len(gold), predicted, missing))
