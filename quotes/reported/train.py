"""Training the reported-speech stage from gold attributions (PolNeAR train: direct, indirect, mixed).

    python -m quotes.reported.train --train ../shared/data/polnear/train --model quotes/data/model

Every candidate cue of the fully parsed gold documents is labelled by whether it is a gold
attribution's cue (any kind: the classifier learns what reports speech, the content ranker
what is reported), under the evaluation's rule (`cue_right`). The candidate contents of a
cue that is the cue of a gold indirect item are labelled by whether they match that item
(trimmed character IoU >= 0.5, as the evaluation matches). The lexicon is the cue words the
gold confirmed at least twice: a line without one is not parsed for reported speech.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotes.cues import cue_span
from quotes.evaluate.matching import MIN_IOU, cue_right, iou, trim
from quotes.gold.polnear import read_polnear
from quotes.linear import HashedLogistic
from quotes.reported.candidates import contents, cue_heads
from quotes.reported.extractor import MIN_WORDS, THRESHOLD, ReportedSpeech, quoted
from quotes.reported.features import content_features, cue_features
from quotes.rules import RulesExtractor, offsets
from quotes.schema import Document, Quote, Span

CUE_C = 1.0
CONTENT_C = 1.0
MIN_LEXICON_COUNT = 2


@dataclass
class Examples:
    """Labelled candidate cues and contents, and how often the gold was among the candidates."""

    cues: list[dict[str, float]] = field(default_factory=list)
    cue_labels: list[int] = field(default_factory=list)
    contents: list[dict[str, float]] = field(default_factory=list)
    content_labels: list[int] = field(default_factory=list)
    words: Counter[str] = field(default_factory=Counter)  # the words of the gold-confirmed cues
    reported: int = 0  # gold indirect items whose cue is among the candidate cues
    covered: int = 0  # ... and whose content is among that cue's candidate contents


def _match(text: str, start: int, end: int, golds: list[Quote]) -> list[Quote]:
    cue = Span.of(text, start, end)
    return [g for g in golds if g.cue is not None and cue_right(cue, g.cue)]


def add_examples(data: Examples, work, gold: Document) -> None:
    """The labelled candidates of one parsed gold document."""
    golds = [q for q in gold.quotes if q.cue is not None]
    for piece in sorted(work.pieces + work.extra, key=lambda p: p.start):
        skip = quoted(piece.doc, piece.start, work.marked)
        for head in cue_heads(piece.doc[:], skip):
            matched = _match(work.text, *offsets(cue_span(head), piece), golds)
            data.cues.append(cue_features(head))
            data.cue_labels.append(int(bool(matched)))
            indirect = [g for g in matched if g.kind == "indirect"]
            if not matched:
                continue
            data.words[head.lower_] += 1
            cands = [c for c in contents(head, skip)
                     if sum(t.is_alpha for t in piece.doc[c.start : c.end]) >= MIN_WORDS]
            if not indirect or not cands:
                data.reported += len(indirect)
                continue
            labels = []
            for cand in cands:
                tokens = piece.doc[cand.start : cand.end]
                span = Span.of(work.text, *offsets(tokens, piece))
                labels.append(int(max(iou(trim(span), trim(g)) for g in indirect) >= MIN_IOU))
            data.reported += len(indirect)
            data.covered += int(any(labels))
            data.contents.extend(content_features(head, c, cands) for c in cands)
            data.content_labels.extend(labels)


def examples(rules: RulesExtractor, gold: Iterable[Document]) -> Examples:
    """Labelled candidates of every gold document, each parsed in full (every prose line)."""
    golds = {doc.id: doc for doc in gold}
    data = Examples()
    for work in rules.parsed(((d.id, d.text) for d in golds.values()), 32, ReportedSpeech()):
        add_examples(data, work, golds[work.doc_id])
    return data


def fit_reported(rules: RulesExtractor, train_docs: Iterable[Document], output: str | Path,
                 seed: int = 0) -> dict[str, Any]:
    """Fit and save the stage into the model folder `output`; returns its training record."""
    data = examples(rules, train_docs)
    cues = HashedLogistic("reported_cue", c=CUE_C, seed=seed).fit(data.cues, data.cue_labels)
    ranker = HashedLogistic("reported_content", c=CONTENT_C, seed=seed).fit(data.contents,
                                                                           data.content_labels)
    lexicon = frozenset(w for w, n in data.words.items() if n >= MIN_LEXICON_COUNT)
    ReportedSpeech(cues, ranker, lexicon, THRESHOLD).save(output)
    return {"cue_c": CUE_C, "content_c": CONTENT_C, "threshold": THRESHOLD,
            "cue_examples": len(data.cue_labels), "cue_positives": sum(data.cue_labels),
            "content_examples": len(data.content_labels), "lexicon": len(lexicon),
            "content_candidate_coverage": round(data.covered / max(1, data.reported), 4)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", nargs="+", required=True, help="PolNeAR split folders")
    parser.add_argument("--model", required=True, help="the model folder to add the stage to")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    docs = [doc for path in args.train for doc in read_polnear(path, kinds=("direct", "indirect"))]
    record = fit_reported(RulesExtractor(), docs, args.model, args.seed)
    meta_path = Path(args.model) / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["reported"] = {"train": args.train, **record}
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta["reported"], indent=1))


if __name__ == "__main__":
    main()
