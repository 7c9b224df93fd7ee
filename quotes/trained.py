"""The trained extractor: the rules' quotes, scored by a classifier, and learned attribution.

The rules pair the marks, decide which stretches are quotes, find cues and propose candidate
speakers (their picks are features). The span model (when the model has one) scores QUOTE,
CUE and SPEAKER spans on the same parse; the quote classifier gives each quote its P(quote)
(the span model's P(QUOTE) among its features), the cue classifier ranks the candidate cues
(the span model's P(CUE) among its features), and the attribution classifier ranks the
candidate speaker mentions (the span model's P(SPEAKER) among its features). Canonical names
and speaker kinds come from the same resolver (quotes/resolution) as the rules. On PolNeAR dev no
learned quote decision beat the rules' own (eval/results/quote-decisions.md: train's gold marks
far more of the scare quotes and transcript lines the rules reject than dev's does), so the rules
keep that decision. The closest, the classifier taking what the rules reject at P >= 0.75, gained
0.0004 dev quote F1 and lost 0.006 who-said-what F1: the phrases it adds are seldom attributable.

A model folder holds `quotation.*`, `cue.*` and `attribution.*` (the classifiers, plain numbers),
`reported*` (the reported-speech stage, quotes/reported, optional),
`spans/` (a spaCy pipeline, optional) and `meta.json` (the training record).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.language import Language

from quotes.aliases import AliasRegistry
from quotes.attribution.candidates import Candidate, candidates, proposals
from quotes.attribution.features import Context, candidate_features
from quotes.cueing.candidates import cue_candidates
from quotes.cueing.features import cue_features
from quotes.evaluate.matching import match_document
from quotes.linear import HashedLogistic
from quotes.quotation.features import quote_features
from quotes.reported.extractor import ReportedSpeech
from quotes.rules import Found, Piece, RulesExtractor, Work, quoted_by_piece, quoted_tokens
from quotes.schema import Document, Quote
from quotes.spans.model import SpanAnnotation, SpanModel

# The span model's CUE/SPEAKER cut-off when its scores are features: low, so that a candidate the
# model half believes in still shows its probability.
FEATURE_THRESHOLD = 0.1
SpanNotes = dict[int, SpanAnnotation]  # the span model's spans of each parsed piece, by id(piece)
# The span model that scores a document for training, by document id: one that did not learn from it.
SpansFor = Callable[[str], SpanModel | None]
# A paragraph break: a run of line ends, one (an article cut into lines, quotes/shape.py) or a
# blank line between (PolNeAR) alike.
_BREAKS = re.compile(r"\n\s*")


def windows(work: Work) -> dict[int, list[Piece]]:
    """The pieces a speaker of a quote may stand in, by id of the quote's piece: the paragraph
    before it (the sentences right before it, for a piece cut from a long line), and its own."""
    found = {}
    for index, piece in enumerate(work.pieces):
        before = work.pieces[index - 1 : index] if index > 0 else []
        between = before[0].start + len(before[0].text) if before else 0
        if before and (work.text[between : piece.start].strip() if piece.cut else
                       len(_BREAKS.findall(work.text, between, piece.start)) > 1):
            before = []  # not the paragraph right before: no speaker reaches that far
        found[id(piece)] = [*before, piece]
    return found


Chooser = Callable[[Found, list[Candidate], list[dict[str, float]]], Candidate | None]


def attribute_in_order(work: Work, found: list[Found], kept: list[Found], choose: Chooser,
                       notes: SpanNotes | None = None) -> None:
    """Hand each kept quote, in reading order, its candidates and their features to `choose`;
    what it chose becomes the previous speaker the next quote's features look at. Training
    chooses from the gold, extraction from the classifier: both see the same features, the
    span model's `notes` among them when there is one."""
    previous: Candidate | None = None
    inside = quoted_tokens(found)
    around = windows(work)
    needed = {id(piece): piece for item in kept for piece in around[id(item.piece)]}
    proposed = {key: proposals(piece) for key, piece in needed.items()}
    context = Context(found)
    for item in kept:
        cands = candidates(item, around[id(item.piece)], inside, proposed)
        previous = choose(item, cands, candidate_features(item, cands, context, previous, inside, notes))


def load_spans(path: str | Path, parser: Language) -> SpanModel:
    """A span model loaded to give features to the classifiers, for parses made by `parser`."""
    return SpanModel.load(path, threshold=FEATURE_THRESHOLD, parser=parser)


def span_notes(spans: SpanModel | None, work: Work, items: list[Found]) -> SpanNotes:
    """The span model's spans in each parsed piece of the document; none without a model or
    without `items` (quotes) for them to score."""
    if spans is None or not items:
        return {}
    return {id(piece): note for piece, note in zip(
        work.pieces, spans.annotate_many(piece.doc for piece in work.pieces), strict=True)}


def span_probabilities(notes: SpanNotes, found: list[Found]) -> list[float | None]:
    """The span model's P(QUOTE) for each marked stretch (None without a span model)."""
    scored = {(key, span.start, span.end): span.probability
              for key, note in notes.items() for span in note.quotes}
    return [scored.get((id(item.piece), item.span.start, item.span.end)) for item in found]


def gold_partners(work: Work, found: list[Found], gold: Document) -> dict[int, Quote]:
    """The gold quote each marked stretch stands for (by index), by the evaluation's matching."""
    marked = Document(work.doc_id, work.text, [
        Quote(work.text[f.marked.start : f.marked.end], f.marked.start, f.marked.end) for f in found])
    match = match_document(gold, marked)
    return {i: o.gold for i, o in enumerate(match.outcomes) if o.gold is not None}


@dataclass
class Labelled:
    """One parsed gold document as both classifiers learn from it: the rules' marked stretches,
    the gold quote each stands for (by index) and the span model's spans."""

    work: Work
    found: list[Found]
    partners: dict[int, Quote]
    notes: SpanNotes


def labelled(extractor: RulesExtractor, gold: Iterable[Document], spans: SpansFor | None = None,
             batch_size: int = 32) -> Iterator[Labelled]:
    """Parse each gold document once, for the quote and the attribution examples alike; `spans`
    gives, by document id, the span model that scores it."""
    golds = {doc.id: doc for doc in gold}
    for work in extractor.parsed(((d.id, d.text) for d in golds.values()), batch_size):
        found = extractor.decide(work)
        model = spans(work.doc_id) if spans is not None else None
        yield Labelled(work, found, gold_partners(work, found, golds[work.doc_id]),
                       span_notes(model, work, found))


class TrainedExtractor(RulesExtractor):
    """Rules for marks and quote decisions, learned models for P(quote), cues and speakers."""

    name = "trained"

    def __init__(self, folder: str | Path, nlp: Language | None = None,
                 registry: AliasRegistry | None = None) -> None:
        self.folder = Path(folder)
        self.meta = json.loads((self.folder / "meta.json").read_text(encoding="utf-8"))
        if not isinstance(self.meta, dict):
            raise ValueError(f"{self.folder / 'meta.json'}: not a JSON object")
        # the classifiers are checked before the parser loads: a damaged file fails at once
        self.classifier = HashedLogistic.load(self.folder, "attribution")
        self.quotation = (HashedLogistic.load(self.folder, "quotation")
                          if (self.folder / "quotation.json").is_file() else None)
        self.cues = HashedLogistic.load(self.folder, "cue") if (self.folder / "cue.json").is_file() else None
        super().__init__(nlp=nlp, registry=registry)
        self.reported = ReportedSpeech.load(self.folder) or self.reported  # else the rule baseline
        self.spans = (load_spans(self.folder / "spans", self.nlp) if (self.folder / "spans").is_dir()
                      else None)

    def quote_probabilities(self, found: list[Found], notes: SpanNotes) -> list[float]:
        """P(quote) for each marked stretch: the quote classifier's over the rules' findings and
        the span model's score; without a classifier, the span model's, else the rules' verdict."""
        spans = span_probabilities(notes, found)
        if self.quotation is not None:
            return self.quotation.predict_proba([quote_features(item, p) for item, p in zip(
                found, spans, strict=True)]).tolist()
        return [float(item.keep) if p is None else p for item, p in zip(found, spans, strict=True)]

    def attribute(self, work: Work) -> list[Quote]:
        found = self.decide(work)
        kept = [item for item in found if item.keep]
        notes = span_notes(self.spans, work, kept)
        for item, p_quote in zip(kept, self.quote_probabilities(kept, notes), strict=True):
            item.confidence = p_quote
        if self.cues is not None:
            self.choose_cues(found, kept, notes)
        attribute_in_order(work, found, kept, self.choose, notes)
        return self._name(work, kept)

    def choose_cues(self, found: list[Found], kept: list[Found], notes: SpanNotes) -> None:
        """Show each kept quote with its most probable candidate cue (the rules' own is one of
        them); a quote with no candidate keeps none."""
        inside = quoted_by_piece(found)
        for item in kept:
            cands = cue_candidates(item, inside[id(item.piece)])
            if cands:
                best = cands[int(np.argmax(self.cues.predict_proba(cue_features(item, cands, notes))))]
                item.shown_cue = best.start, best.end

    def choose(self, item: Found, cands: list[Candidate], feats: list[dict[str, float]]) -> Candidate | None:
        """Give `item` its most probable speaker; confidence becomes P(quote) x P(speaker), the
        classifier's own probability of the chosen candidate (eval/calibration.py checks it)."""
        if not cands:  # no speaker to name: who-said-what cannot be right
            item.mention = item.mention_piece = None
            item.confidence = 0.0
            return None
        probs = self.classifier.predict_proba(feats)
        best = int(np.argmax(probs))
        item.mention, item.mention_piece = cands[best].span, cands[best].piece
        item.confidence *= float(probs[best])
        return cands[best]
