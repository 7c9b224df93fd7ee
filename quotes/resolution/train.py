"""Train the speaker ranker on GUM train: `python -m quotes.resolution.train [--gum DIR] [--output DIR]`.

Every person and organisation mention of GUM train is linked in reading order with the right
choice taken (so the table grows as it should); each of its candidates is an example, right or
not. Writes `resolver.json/npz` (quotes/linear.py) to the output folder, the shipped
`quotes/data/resolver` by default.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from quotes.aliases import AliasRegistry
from quotes.gold.gum import GumDocument, read_split
from quotes.linear import HashedLogistic
from quotes.resolution.gum import Item, parse_all, walk
from quotes.resolution.ranker import NAME, default_folder
from quotes.resolution.table import Entity
from quotes.rules import load_parser

GUM = Path(__file__).resolve().parents[3] / "shared" / "data" / "gum"
C = 0.3


def examples(docs: list[GumDocument], registry: AliasRegistry) -> tuple[list[dict[str, float]], list[int]]:
    """(features, right or not) for every candidate of every mention of `docs`."""
    feats_all: list[dict[str, float]] = []
    labels: list[int] = []
    nlp = load_parser()

    def step(item: Item, cands: list[Entity], feats: list[dict[str, float]], right: int) -> tuple[int, float]:
        feats_all.extend(feats)
        labels.extend(int(i == right) for i in range(len(feats)))
        return right, 1.0

    for doc, parse in zip(docs, parse_all(docs, nlp), strict=True):
        walk(doc, parse, registry, None, step)
    return feats_all, labels


def train(folder: Path, registry: AliasRegistry, c: float = C) -> HashedLogistic:
    feats, labels = examples(read_split(folder), registry)
    return HashedLogistic(NAME, c=c).fit(feats, labels)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gum", type=Path, default=GUM)
    parser.add_argument("--output", type=Path, default=default_folder())
    parser.add_argument("--c", type=float, default=C)
    args = parser.parse_args(argv)
    train(args.gum / "train", AliasRegistry.load(), args.c).save(args.output)
    print(f"wrote {args.output / NAME}.json/npz")


if __name__ == "__main__":
    main()
