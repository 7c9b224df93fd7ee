"""Training the reported-speech stage from gold attributions (PolNeAR train: direct, indirect, mixed).

    python -m quotes.reported.train --train ../shared/data/polnear/train --model quotes/data/model

Every candidate cue of the fully parsed gold documents is labelled by whether it is a gold
attribution's cue (any kind: the classifier learns what reports speech, the content ranker
what is reported), under the evaluation's rule (`cue_right`). The start and end models
(quotes/reported/boundaries.py) learn the first and last words of the gold indirect contents
from the tokens of their cues' sentences. The candidate contents of every gold attribution's
cue (its fixed candidates and the boundary models' likeliest pairs) are labelled by whether they
match its gold indirect item best (`content_examples`); the cue of direct quotes only has none
right, which teaches the ranker that such a cue reports nothing more. The lexicon is
the cue words the gold confirmed at least twice: a line without one is not parsed for reported
speech.

The confidence an item needs is chosen by two-fold cross-validation on the training split:
each half's items found by the stage trained on the other half, scored as `quotes eval`
scores reported speech, and the threshold of best who-said-what F1 kept.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from spacy.tokens import Token

from quotes.cues import cue_span
from quotes.evaluate import evaluate
from quotes.evaluate.matching import MIN_IOU, cue_right, iou, trim
from quotes.gold.polnear import read_polnear
from quotes.linear import HashedLogistic
from quotes.reported.boundaries import PAIRS, Boundaries, CueTree, boundary_features, boundary_tokens
from quotes.reported.candidates import Landmarks, cue_heads, landmarks
from quotes.reported.extractor import ReportedSpeech, candidates
from quotes.reported.features import cue_features
from quotes.rules import RulesExtractor, offsets, reading
from quotes.schema import Document, Quote, Span

# Regularisation, by two-fold cross-validation on PolNeAR train's candidates: cue P/R at 0.5
# 0.846/0.727, 0.823/0.736, 0.804/0.737 for C = 0.3, 1, 3; content pair accuracy 0.824, 0.819, 0.812.
CUE_C = 0.3
CONTENT_C = 0.3
BOUNDARY_C = 0.3  # the start and end models (quotes/reported/boundaries.py)
MIN_LEXICON_COUNT = 2
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 15))  # the confidences tried


@dataclass
class Site:
    """A candidate cue that is a gold attribution's cue, in its parse: what the content models
    learn from."""

    cue: Token
    skip: frozenset[int]
    marks: Landmarks
    offset: int  # where the parse starts in the document's text
    text: str  # the document's text
    contents: list[tuple[int, int]]  # its gold reported contents, trimmed (none: a quote's cue only)
    group: int  # the document's index


@dataclass
class Examples:
    """Labelled candidate cues, the cues of gold attributions, and the gold cue words."""

    cues: list[dict[str, float]] = field(default_factory=list)
    cue_labels: list[int] = field(default_factory=list)
    sites: list[Site] = field(default_factory=list)
    words: Counter[str] = field(default_factory=Counter)  # the words of the gold-confirmed cues


def _match(text: str, start: int, end: int, golds: list[Quote]) -> list[Quote]:
    cue = Span.of(text, start, end)
    return [g for g in golds if g.cue is not None and cue_right(cue, g.cue)]


def add_examples(data: Examples, work, gold: Document, group: int) -> None:
    """The labelled candidate cues of one parsed gold document, and its cues' sites."""
    golds = [q for q in gold.quotes if q.cue is not None]
    for piece, skip in reading(work):
        marks = landmarks(piece.doc)
        for head in cue_heads(piece.doc[:], skip):
            matched = _match(work.text, *offsets(cue_span(head), piece), golds)
            data.cues.append(cue_features(head))
            data.cue_labels.append(int(bool(matched)))
            if matched:
                data.words[head.lower_] += 1
                data.sites.append(Site(head, skip, marks, piece.start, work.text,
                                       [trim(g) for g in matched if g.kind == "indirect"], group))


def examples(rules: RulesExtractor, gold: list[Document], folds: int = 1) -> list[Examples]:
    """Labelled candidates of every gold document, each parsed in full (every prose line), by
    fold (document `i` in fold `i % folds`); the parses are kept with the sites."""
    golds = {doc.id: (i, doc) for i, doc in enumerate(gold)}
    data = [Examples() for _ in range(folds)]
    for work in rules.parsed(((d.id, d.text) for d in gold), 32, ReportedSpeech()):
        index, doc = golds[work.doc_id]
        add_examples(data[index % folds], work, doc, index)
    return data


def _joined(parts: list[Examples]) -> Examples:
    joined = Examples()
    for part in parts:
        for name in ("cues", "cue_labels", "sites"):
            getattr(joined, name).extend(getattr(part, name))
        joined.words.update(part.words)
    return joined


def _char_span(site: Site, start: int, end: int) -> tuple[int, int]:
    tokens = site.cue.doc[start:end]
    return trim(Span.of(site.text, site.offset + tokens.start_char, site.offset + tokens.end_char))


def _gold_tokens(site: Site) -> tuple[int, int] | None:
    """The first and last token of the site's first gold content."""
    start, end = site.contents[0]
    inside = [t.i for t in site.cue.sent
              if start <= site.offset + t.idx and site.offset + t.idx + len(t) <= end]
    return (inside[0], inside[-1]) if inside else None


def fit_boundaries(sites: list[Site], seed: int) -> Boundaries:
    """The start and end models, from the sites whose first gold content starts and ends on
    boundary tokens of the cue's sentence (9 in 10 of train's)."""
    rows: dict[bool, list[dict[str, float]]] = {True: [], False: []}
    labels: dict[bool, list[int]] = {True: [], False: []}
    for site in sites:
        gold = _gold_tokens(site) if site.contents else None
        if gold is None:
            continue
        tree = CueTree.of(site.cue)
        tokens = boundary_tokens(site.cue, tree, site.skip)
        if not {gold[0], gold[1]} <= {t.i for t in tokens}:
            continue
        for start, at in ((True, gold[0]), (False, gold[1])):
            rows[start] += [boundary_features(site.cue, t, tree, start) for t in tokens]
            labels[start] += [int(t.i == at) for t in tokens]
    return Boundaries(*(HashedLogistic(name, c=BOUNDARY_C, seed=seed).fit(rows[start], labels[start])
                        for name, start in (("reported_start", True), ("reported_end", False))))


def content_examples(sites: list[Site],
                     boundaries: Boundaries) -> tuple[list[dict[str, float]], list[int], int]:
    """The content ranker's rows and labels for `sites`, with the number of sites with gold
    contents that have a right candidate: the candidate of highest trimmed character IoU with
    a gold content, if it is >= 0.5 as the evaluation matches (a looser candidate that still
    matches would teach the ranker nothing about where the content ends); every candidate of
    a cue of direct quotes only is wrong."""
    rows: list[dict[str, float]] = []
    labels: list[int] = []
    covered = 0
    for site in sites:
        cands, features = candidates(site.cue, site.skip, site.marks, boundaries)
        if not cands:
            continue
        overlaps = [max((iou(_char_span(site, c.start, c.end), g) for g in site.contents), default=0.0)
                    for c in cands]
        best = max(overlaps)
        found = [int(v >= MIN_IOU and v == best) for v in overlaps]
        covered += any(found)
        rows += features
        labels += found
    return rows, labels, covered


def _fit(data: Examples, seed: int, threshold: float = 0.0) -> tuple[ReportedSpeech, float]:
    """The stage, and the share of cues of gold contents with a right candidate. The ranker
    learns from boundary scores as they are on unseen text: each half of the documents' from
    start and end models fitted on the other half (the shipped ones are fitted on all)."""
    cues = HashedLogistic("reported_cue", c=CUE_C, seed=seed).fit(data.cues, data.cue_labels)
    groups = sorted({site.group for site in data.sites})
    half = {group: n % 2 for n, group in enumerate(groups)}
    rows: list[dict[str, float]] = []
    labels: list[int] = []
    covered = 0
    for part in (0, 1):
        boundaries = fit_boundaries([s for s in data.sites if half[s.group] != part], seed)
        more = content_examples([s for s in data.sites if half[s.group] == part], boundaries)
        rows, labels, covered = rows + more[0], labels + more[1], covered + more[2]
    ranker = HashedLogistic("reported_content", c=CONTENT_C, seed=seed).fit(rows, labels)
    lexicon = frozenset(w for w, n in data.words.items() if n >= MIN_LEXICON_COUNT)
    stage = ReportedSpeech(cues, ranker, lexicon, threshold, fit_boundaries(data.sites, seed))
    return stage, covered / max(1, sum(bool(s.contents) for s in data.sites))


def choose_threshold(rules: RulesExtractor, gold: list[Document], parts: list[Examples],
                     seed: int) -> tuple[float, dict[str, float]]:
    """The confidence of best cross-validated who-said-what F1, and that F1 per threshold tried."""
    predicted: list[Document] = []
    for fold in range(len(parts)):
        rules.reported = _fit(_joined([p for i, p in enumerate(parts) if i != fold]), seed)[0]
        held_out = [(d.id, d.text) for i, d in enumerate(gold) if i % len(parts) == fold]
        predicted += rules.pipe(held_out, 32, kind="all")
    scores = {}
    for threshold in THRESHOLDS:
        kept = [replace(d, quotes=[q for q in d.quotes if q.confidence >= threshold]) for d in predicted]
        scores[str(threshold)] = evaluate(gold, kept, kind="indirect").metrics["who_said_what_f1"] or 0.0
    best = max(THRESHOLDS, key=lambda t: scores[str(t)])
    return best, scores


def fit_reported(rules: RulesExtractor, train_docs: list[Document], output: str | Path,
                 seed: int = 0, folds: int = 2) -> dict[str, Any]:
    """Fit and save the stage into the model folder `output`; returns its training record."""
    parts = examples(rules, train_docs, folds)
    threshold, scores = choose_threshold(RulesExtractor(rules.nlp, rules.registry), train_docs, parts, seed)
    data = _joined(parts)
    stage, coverage = _fit(data, seed, threshold)
    stage.save(output)
    return {"cue_c": CUE_C, "content_c": CONTENT_C, "boundary_c": BOUNDARY_C, "pairs": PAIRS,
            "threshold": threshold, "cv_who_said_what_f1": {k: round(v, 4) for k, v in scores.items()},
            "cue_examples": len(data.cue_labels), "cue_positives": sum(data.cue_labels),
            "content_sites": len(data.sites), "lexicon": len(stage.lexicon or ()),
            "content_candidate_coverage": round(coverage, 4)}


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
    from quotes.train import model_card  # the model card is the trainer's, written anew with the stage

    (Path(args.model) / "README.md").write_text(model_card(meta), encoding="utf-8")
    print(json.dumps(meta["reported"], indent=1))


if __name__ == "__main__":
    main()
