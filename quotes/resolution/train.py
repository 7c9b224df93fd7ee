"""Train the speaker ranker on GUM train and PolNeAR train's speaker layer.

    python -m quotes.resolution.train [--gum DIR] [--polnear DIR] [--layer FILE]
                                      [--weight W] [--c C] [--output DIR] [--cv K]

Every person and organisation mention of GUM train is linked in reading order with the right
choice taken (so the table grows as it should), and so is every gold Source of the PolNeAR
train documents the canonical-speaker layer covers (annotations/polnear-train-speakers.jsonl:
news speakers, with the names they should get); each candidate of each mention is an example,
right or not. PolNeAR's examples count `--weight` times. Writes `resolver.json/npz`
(quotes/linear.py) to the output folder, the shipped `quotes/data/resolver` by default.

`--cv K` instead cross-validates: K folds of GUM train and of the layer's documents, each fold
held out in turn from both, and prints how often the held-out mentions are named right: PolNeAR
Sources by form (name, description, pronoun; from gold mentions, as the pipeline resolves
them), GUM's pronouns, descriptions and short names (as `python -m eval.gum` counts them).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from quotes.aliases import AliasRegistry
from quotes.gold.gum import read_split
from quotes.gold.polnear import read_polnear
from quotes.gold.speakers import read_layer
from quotes.linear import HashedLogistic
from quotes.resolution import gum, polnear
from quotes.resolution.ranker import NAME, default_folder
from quotes.resolution.table import Entity
from quotes.rules import load_parser

ROOT = Path(__file__).resolve().parents[2]
GUM = ROOT.parent / "shared" / "data" / "gum"
POLNEAR = ROOT.parent / "shared" / "data" / "polnear" / "train"
LAYER = ROOT / "annotations" / "polnear-train-speakers.jsonl"
C = 0.3
WEIGHT = 1

Examples = tuple[list[dict[str, float]], list[int]]


@dataclass
class Corpus:
    """Both training sets, parsed once: each document with its examples (teacher-forced, so
    they do not depend on the ranker being trained)."""

    gum_docs: list[tuple[gum.GumDocument, object, Examples]]
    polnear_docs: list[tuple[object, list, Examples]]
    records: dict
    registry: AliasRegistry


def _recorder(examples: Examples):
    feats_all, labels = examples

    def record(feats: list[dict[str, float]], right: int) -> None:
        feats_all.extend(feats)
        labels.extend(int(i == right) for i in range(len(feats)))
    return record


def load(gum_folder: Path, polnear_folder: Path, layer: Path, registry: AliasRegistry) -> Corpus:
    nlp = load_parser()
    gum_docs = read_split(gum_folder)
    gum_out = []
    for doc, parse in zip(gum_docs, gum.parse_all(gum_docs, nlp), strict=True):
        examples: Examples = ([], [])
        record = _recorder(examples)

        def step(item: gum.Item, cands: list[Entity], feats: list[dict[str, float]], right: int,
                 record=record) -> tuple[int, float]:
            record(feats, right)
            return right, 1.0

        gum.walk(doc, parse, registry, None, step)
        gum_out.append((doc, parse, examples))
    records = {r.key: r for r in read_layer(layer)}
    covered = {key[0] for key in records}
    polnear_out = []
    for doc in read_polnear(polnear_folder):
        if doc.id not in covered:
            continue
        pieces = polnear.parsed_pieces(doc, nlp)
        examples = ([], [])
        record = _recorder(examples)

        def teach(cands: list[Entity], feats: list[dict[str, float]], right: int | None,
                  record=record) -> tuple[int, float]:
            if right is None:
                return len(cands), 1.0
            record(feats, right)
            return right, 1.0

        polnear.walk(doc, pieces, records, registry, None, teach)
        polnear_out.append((doc, pieces, examples))
    return Corpus(gum_out, polnear_out, records, registry)


def fit(gum_examples: Sequence[Examples], polnear_examples: Sequence[Examples], weight: int = WEIGHT,
        c: float = C) -> HashedLogistic:
    feats: list[dict[str, float]] = []
    labels: list[int] = []
    for examples, times in [*((e, 1) for e in gum_examples), *((e, weight) for e in polnear_examples)]:
        for _ in range(times):
            feats += examples[0]
            labels += examples[1]
    return HashedLogistic(NAME, c=c).fit(feats, labels)


def cross_validate(corpus: Corpus, folds: int, weight: int = WEIGHT, c: float = C) -> dict[str, Counter]:
    """Held-out counts {"polnear name": Counter(right=, total=), ..., "gum pronoun": ...}."""
    results: dict[str, Counter] = {}
    for fold in range(folds):
        train_gum = [e for i, (_, _, e) in enumerate(corpus.gum_docs) if i % folds != fold]
        train_pol = [e for i, (_, _, e) in enumerate(corpus.polnear_docs) if i % folds != fold]
        ranker = fit(train_gum, train_pol, weight, c)
        held = [(d, p) for i, (d, p, _) in enumerate(corpus.polnear_docs) if i % folds == fold]
        for resolved in polnear.resolve(held, corpus.records, corpus.registry, ranker):
            if resolved.record.speaker and resolved.form:
                for key in (f"polnear {resolved.form}", "polnear all"):
                    counts = results.setdefault(key, Counter())
                    counts["total"] += 1
                    counts["right"] += resolved.right
        for i, (doc, parse, _) in enumerate(corpus.gum_docs):
            if i % folds != fold:
                continue
            linked, table, chains = gum.walk(doc, parse, corpus.registry, ranker)
            for item, entity in linked:
                if item.category is not None:
                    counts = results.setdefault(f"gum {item.category}", Counter())
                    counts["total"] += 1
                    counts["right"] += gum.name_right(doc, item, entity.name, table, chains)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gum", type=Path, default=GUM)
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    parser.add_argument("--layer", type=Path, default=LAYER)
    parser.add_argument("--output", type=Path, default=default_folder())
    parser.add_argument("--c", type=float, default=C)
    parser.add_argument("--weight", type=int, nargs="+", default=[WEIGHT],
                        help="times PolNeAR's examples count (several with --cv: one run each)")
    parser.add_argument("--cv", type=int, default=0, help="cross-validate with this many folds instead")
    args = parser.parse_args(argv)
    corpus = load(args.gum / "train", args.polnear, args.layer, AliasRegistry.load())
    if args.cv:
        for weight in args.weight:
            results = cross_validate(corpus, args.cv, weight, args.c)
            cells = [f"{key} {c['right'] / c['total']:.3f} ({c['right']}/{c['total']})"
                     for key, c in sorted(results.items())]
            print(f"weight {weight}, C {args.c}: " + "; ".join(cells))
        return
    fit([e for *_, e in corpus.gum_docs], [e for *_, e in corpus.polnear_docs],
        args.weight[0], args.c).save(args.output)
    print(f"wrote {args.output / NAME}.json/npz")


if __name__ == "__main__":
    main()
