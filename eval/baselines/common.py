"""What every baseline script shares: read gold texts, predict each document, write our JSONL."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable

from quotes.evaluate.inputs import InputError, load_gold
from quotes.io import write_jsonl
from quotes.schema import Document


def run(predict: Callable[[Iterable[Document]], Iterable[Document]], description: str) -> None:
    """Command line: `--gold GOLD --out PRED.jsonl`; gold is a doccano JSONL or a PolNeAR split."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--gold", required=True, help="gold JSONL or PolNeAR split folder")
    parser.add_argument("--out", required=True, help="predictions JSONL to write")
    args = parser.parse_args()
    try:
        gold = load_gold(args.gold)
    except InputError as err:
        sys.exit(f"error: {err}")
    with open(args.out, "w", encoding="utf-8") as out:
        written = list(write_jsonl(predict(gold), out))
    failed = sum(doc.error is not None for doc in written)
    print(f"{len(written)} documents, {sum(len(d.quotes) for d in written)} quotes, "
          f"{failed} failed -> {args.out}", file=sys.stderr)
