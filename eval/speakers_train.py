"""Canonical speakers on PolNeAR train's speaker layer: a model end to end, and its errors to study.

    python -m eval.speakers_train [--model default] [--errors FILE.tsv] [--before FILE.tsv]

Runs the model on the train documents of annotations/polnear-train-speakers.jsonl and scores
it as `quotes eval --speakers` scores dev (canonical speaker accuracy by gold mention and by
kind). `--errors` writes every matched quote (right or wrong) as a row to read; `--before`
compares with such a file written earlier (the speaker diff of a change: how many quotes went
right -> wrong and wrong -> right). Train is for studying errors; dev stays for measuring.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from quotes.evaluate import evaluate
from quotes.evaluate.inputs import run_model
from quotes.evaluate.matching import match_documents, mention_kind, normal_name
from quotes.gold.polnear import read_polnear
from quotes.gold.speakers import apply_layer, read_layer

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "train"
LAYER = ROOT / "annotations" / "polnear-train-speakers.jsonl"
COLUMNS = ("doc", "start", "end", "form", "kind", "gold", "predicted", "mention", "right")


def rows(model: str, train: Path = TRAIN, layer: Path = LAYER) -> tuple[str, list[dict[str, str]]]:
    """The report's Markdown and one row per gold quote with a gold name that the model found."""
    records = read_layer(layer)
    covered = {r.doc for r in records}
    gold = apply_layer([d for d in read_polnear(train) if d.id in covered], records).documents
    predicted = run_model(gold, model)
    report = evaluate(gold, predicted, system=model,
                      gold_name=f"{train} ({len(gold)} documents of {layer.name})")
    out = []
    for match in match_documents(gold, predicted):
        for outcome in match.matched:
            g, p = outcome.gold, outcome.quote
            if not g.speaker:
                continue
            out.append({"doc": match.gold.id, "start": str(g.start), "end": str(g.end),
                        "form": mention_kind(g.speaker_mention.text) if g.speaker_mention else "none",
                        "kind": g.speaker_kind or "", "gold": g.speaker, "predicted": p.speaker or "",
                        "mention": p.speaker_mention.text if p.speaker_mention else "",
                        "right": str(normal_name(p.speaker) == normal_name(g.speaker))})
    return report.to_markdown(), out


def diff(before: list[dict[str, str]], after: list[dict[str, str]]) -> str:
    """How many quotes changed speaker between two runs, and which way."""
    old = {(r["doc"], r["start"], r["end"]): r for r in before}
    moves = {"wrong -> right": 0, "right -> wrong": 0, "wrong -> other wrong": 0}
    for row in after:
        was = old.get((row["doc"], row["start"], row["end"]))
        if was is None or was["predicted"] == row["predicted"]:
            continue
        now = "right" if row["right"] == "True" else "wrong" if was["right"] == "True" else "other wrong"
        key = f"{'right' if was['right'] == 'True' else 'wrong'} -> {now}"
        moves[key] += 1
    return ", ".join(f"{k}: {v}" for k, v in moves.items())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="default")
    parser.add_argument("--errors", type=Path, help="write every scored quote here (TSV)")
    parser.add_argument("--before", type=Path, help="an earlier --errors file to diff against")
    args = parser.parse_args(argv)
    markdown, scored = rows(args.model)
    print(markdown)
    if args.errors:
        with args.errors.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, COLUMNS, delimiter="\t")
            writer.writeheader()
            writer.writerows(scored)
    if args.before:
        with args.before.open(encoding="utf-8", newline="") as handle:
            before = list(csv.DictReader(handle, delimiter="\t"))
        print(f"speaker diff against {args.before}: {diff(before, scored)}")


if __name__ == "__main__":
    main()
