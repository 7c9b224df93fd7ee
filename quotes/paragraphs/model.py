"""The paragraph-break classifier and where it cuts a long line.

The classifier is a `HashedLogistic` over the features of each sentence boundary
(quotes/paragraphs/features.py), read left to right so that each boundary knows how many
sentences its paragraph has had; a boundary whose P(break) reaches the threshold (chosen by
cross-validation on PolNeAR train, quotes/paragraphs/train.py) ends a paragraph. Kept as
`breaks.json/npz` and `paragraphs.json` (the threshold and how it was chosen) in
`quotes/data/paragraphs`: numbers only, nothing unpickled.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from quotes.linear import HashedLogistic
from quotes.paragraphs.features import Boundary, boundaries, with_count

NAME = "breaks"
FORMAT = "quotes-paragraphs/1"


class BreakModel:
    """P(a paragraph ends) at each sentence boundary, and the boundaries that reach `threshold`."""

    def __init__(self, classifier: HashedLogistic, threshold: float = 0.5,
                 record: dict[str, Any] | None = None) -> None:
        self.classifier = classifier
        self.threshold = threshold
        self.record = record or {}

    def decide(self, found: list[Boundary], threshold: float | None = None) -> list[bool]:
        """Whether each boundary of one line ends a paragraph, decided in order. A quote running
        on always ends one: marks pair within a paragraph, and its next paragraph reopens it
        (PolNeAR train: 54 of the 63 such boundaries are breaks)."""
        threshold = self.threshold if threshold is None else threshold
        cut = -math.log(1 / threshold - 1)  # P >= threshold  <=>  score >= logit(threshold)
        decisions: list[bool] = []
        count = 0
        for boundary in found:
            decision = boundary.running or self.classifier.score(with_count(boundary.features, count)) >= cut
            decisions.append(decision)
            count = 0 if decision else count + 1
        return decisions

    def breaks(self, text: str, start: int, end: int) -> list[int]:
        """The spaces of `text[start:end]` (one long line) that end a paragraph."""
        found = boundaries(text, start, end)
        return [b.space for b, cut in zip(found, self.decide(found), strict=True) if cut]

    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        self.classifier.save(folder)
        settings = {"format": FORMAT, "classifier": self.classifier.name, "threshold": self.threshold,
                    **self.record}
        (folder / "paragraphs.json").write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path) -> BreakModel:
        """The model saved in `folder`; `ValueError` (one line) for one that is not."""
        folder = Path(folder)
        settings = json.loads((folder / "paragraphs.json").read_text(encoding="utf-8"))
        if not isinstance(settings, dict) or settings.get("format") != FORMAT:
            raise ValueError(f"{folder / 'paragraphs.json'}: not a {FORMAT} model")
        threshold = settings.get("threshold")
        if not isinstance(threshold, float) or not 0 < threshold < 1:
            raise ValueError(f"{folder / 'paragraphs.json'}: 'threshold' must be a number between 0 and 1")
        record = {k: v for k, v in settings.items() if k not in ("format", "classifier", "threshold")}
        return cls(HashedLogistic.load(folder, str(settings["classifier"])), threshold, record)


def default_folder() -> Path:
    return Path(str(resources.files("quotes").joinpath("data/paragraphs")))


_IN_USE: list[BreakModel] = []  # the shipped model once loaded, or one set by `using`


def shipped() -> BreakModel:
    """The model one-line texts are cut by: the shipped one, loaded once."""
    if not _IN_USE:
        _IN_USE.append(BreakModel.load(default_folder()))
    return _IN_USE[-1]


@contextmanager
def using(model: BreakModel) -> Iterator[BreakModel]:
    """Cut one-line texts with `model` inside the block (cross-validation: a fold's model)."""
    _IN_USE.append(model)
    try:
        yield model
    finally:
        _IN_USE.pop()
