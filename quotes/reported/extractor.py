"""Finding reported speech in the parsed pieces of a document, and naming its speakers.

`ReportedSpeech` holds its classifiers (or none: the rule baseline): the cue classifier, the
start and end models of contents (quotes/reported/boundaries.py), the content ranker, and the lexicon of cue
words that chooses which prose lines are parsed for it (a line without any of them holds no
cue the classifier would take; scoring only the lexicon's verbs in the lines parsed lost 0.007
dev who-said-what F1 and no measurable time). A candidate cue with P(cue) >= CANDIDATE gives an item, its most
probable content; the item's confidence is P(cue) x P(content) x the resolver's certainty of
its speaker, and items whose confidence is under the stage's threshold (chosen by
cross-validation on the training split, quotes/reported/train.py) are left out.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

from quotes.cues import cue_heads as reporting_heads
from quotes.linear import HashedLogistic
from quotes.marks import Marked
from quotes.reported.boundaries import PAIRS, Boundaries
from quotes.reported.candidates import Content, Landmarks, contents, cue_heads, fitted, landmarks
from quotes.reported.features import content_features, cue_features

FORMAT = "quotes-reported/2"
CANDIDATE = 0.2  # the P(cue) a candidate cue needs to be given a content at all
_WORD = re.compile(r"[^\W\d_]+")


@dataclass
class Item:
    """One reported content found: its cue and content in a parse, and P(cue) x P(content)."""

    doc: Doc
    offset: int  # where the parse starts in the document's text
    cue: Token
    content: Content
    probability: float


def candidates(cue: Token, skip: frozenset[int], marks: Landmarks, boundaries: Boundaries | None,
               seen: dict | None = None) -> tuple[list[Content], list[dict[str, float]]]:
    """The cue's candidate contents (`contents`, and the boundary models' likeliest pairs that are
    not among them) and the content ranker's features of each (`seen`: `Boundaries.score`'s)."""
    found = contents(cue, skip, marks)
    scored = boundaries.score(cue, skip, seen) if boundaries is not None else None
    ranks: dict[tuple[int, int], int] = {}  # each pair's place among the likeliest, as a content
    for n, pair in enumerate(scored.pairs(PAIRS) if scored is not None else ()):
        span = fitted(cue, pair.start, pair.end, pair.how, skip, marks.according)
        if span is not None:
            ranks.setdefault(span, min(n, 3))
    known = {(c.start, c.end) for c in found}
    found += [Content(*span, "boundary") for span in ranks if span not in known]
    return found, content_features(cue, found, skip, scored, ranks) if found else []


def quoted(doc: Doc, offset: int, marked: Sequence[Marked]) -> frozenset[int]:
    """The indices of `doc`'s tokens that start inside quotation marks (`marked`: sorted, in
    document offsets; only those over the parse's stretch of text are looked at)."""
    # len(doc.text), without joining every token's text anew
    length = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    first = max(0, bisect_right(marked, offset, key=lambda m: m.start) - 1)
    last = bisect_right(marked, offset + length, key=lambda m: m.start)
    over = [m for m in marked[first:last] if m.end > offset]
    if not over:  # most lines parsed for reported speech hold no quote: no token list to build
        return frozenset()
    starts = [offset + t.idx for t in doc]
    inside: set[int] = set()
    for mark in over:
        inside.update(range(bisect_left(starts, mark.start), bisect_left(starts, mark.end)))
    return frozenset(inside)


class ReportedSpeech:
    """The reported-speech stage: `find` items in parsed pieces; `save`/`load` as plain data."""

    def __init__(self, cues: HashedLogistic | None = None, contents_: HashedLogistic | None = None,
                 lexicon: frozenset[str] | None = None, threshold: float = 0.0,
                 boundaries: Boundaries | None = None) -> None:
        self.cues, self.contents, self.boundaries = cues, contents_, boundaries
        self.lexicon = lexicon  # None: parse every prose line
        self.threshold = threshold

    def wants(self, line: str) -> bool:
        """Whether a prose line may hold a cue, so that it is worth parsing."""
        return self.lexicon is None or not self.lexicon.isdisjoint(
            word.lower() for word in _WORD.findall(line))

    def find(self, doc: Doc, offset: int, skip: frozenset[int]) -> list[Item]:
        """The reported contents of one parsed piece (`skip`: its tokens inside marks)."""
        if self.cues is None:
            return self._rules(doc, offset, skip)
        heads = list(cue_heads(doc[:], skip))
        if not heads:
            return []
        p_cue = self.cues.predict_proba([cue_features(t) for t in heads])
        marks, seen = landmarks(doc), {}
        items = []
        floor = max(CANDIDATE, self.threshold)  # the resolver's certainty only lowers a confidence:
        for head, p in zip(heads, p_cue, strict=True):  # what is under the threshold here stays so
            if p < floor:
                continue
            cands, rows = candidates(head, skip, marks, self.boundaries, seen)
            if not cands:
                continue
            probs = self.contents.predict_proba(rows)
            best = int(np.argmax(probs))
            if p * probs[best] >= self.threshold:
                items.append(Item(doc, offset, head, cands[best], float(p * probs[best])))
        return items

    @staticmethod
    def _rules(doc: Doc, offset: int, skip: frozenset[int]) -> list[Item]:
        """The baseline: each reporting verb's clausal complement; for "according to", the
        clause it hangs on."""
        items, marks = [], landmarks(doc)
        for head in reporting_heads(doc[:], skip):
            want = "head" if head.lower_ == "according" else "ccomp"
            cands = [c for c in contents(head, skip, marks) if c.how == want]
            if cands:
                items.append(Item(doc, offset, head, cands[0], 0.5))
        return items

    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        for model in (self.cues, self.contents, self.boundaries.starts, self.boundaries.ends):
            model.save(folder)
        settings = {"format": FORMAT, "threshold": self.threshold, "cues": self.cues.name,
                    "contents": self.contents.name, "starts": self.boundaries.starts.name,
                    "ends": self.boundaries.ends.name, "lexicon": sorted(self.lexicon or ())}
        (folder / "reported.json").write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path) -> ReportedSpeech | None:
        """The stage saved in a model folder; None for a folder without one."""
        path = Path(folder) / "reported.json"
        if not path.is_file():
            return None
        settings = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(settings, dict) or settings.get("format") != FORMAT:
            raise ValueError(f"{path}: not a {FORMAT} file")
        cues, contents_, starts, ends = (HashedLogistic.load(folder, settings[key])
                                         for key in ("cues", "contents", "starts", "ends"))
        return cls(cues, contents_, frozenset(settings["lexicon"]), float(settings["threshold"]),
                   Boundaries(starts, ends))
