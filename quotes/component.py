"""`quotes` as a spaCy pipeline component: `nlp.add_pipe("quotes")` on any English pipeline.

The extractor parses the quote-bearing lines itself, so the user's pipeline needs no parser:
quotes are found in `doc.text` and their character offsets mapped onto the user's tokens.

Results live on the Doc twice. `doc.user_data["quotes"]` holds the `Quote.to_dict()` records
(exact character offsets) as one JSON string, which `doc.to_bytes()`, `DocBin(store_user_data=
True)` and `nlp.pipe(n_process=...)` carry unchanged (msgpack would turn lists into tuples);
`doc._.quotes_data` reads the records back and `doc._.quotes` rebuilds spaCy `Span`s from them.
`doc.spans[spans_key]` holds the QUOTE, CUE and SPEAKER spans (a SPEAKER's `kb_id_` is the
canonical speaker) for displaCy's span visualiser and `Scorer.score_spans`. With the setting
`kind="all"` reported speech comes too: items of kind `indirect`, whose spans are CONTENT (the
label doccano tasks give them), with their CUE and SPEAKER.

The component holds only the model's name or folder; the extractor is loaded lazily through
the cached `quotes.pipeline.load`, so pickling it for worker processes pickles no model. On
`to_disk` a trained model folder is copied into the component's folder and `from_disk` uses
that copy, so a saved or packaged pipeline carries the very model it was saved with; the rules
extractor is stored by name.
"""

# No `from __future__ import annotations`: spaCy reads the factory's argument types at runtime.
import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.scorer import Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import minibatch

from quotes.pipeline import DEFAULT_MODEL, extract_many, load
from quotes.schema import Quote, check_extracted

SPANS_KEY = "quotes"
LABELS = {"quote": "QUOTE", "cue": "CUE", "speaker_mention": "SPEAKER"}
CONTENT = "CONTENT"  # the label of an indirect item's own span (reported speech)
CONFIG_FILE = "cfg.json"
MODEL_DIR = "model"
USER_DATA_KEY = "quotes"


def _char_span(doc: Doc, data: dict[str, Any] | None, label: str = "") -> Span | None:
    """The tokens covering `data`'s characters (`None` for no span)."""
    if data is None:
        return None
    return doc.char_span(data["start"], data["end"], label=label, alignment_mode="expand")


def _quotes_data(doc: Doc) -> list[dict[str, Any]]:
    """`doc._.quotes_data`: the quotes as `Quote.to_dict()` records."""
    return json.loads(doc.user_data.get(USER_DATA_KEY, "[]"))


def _quotes(doc: Doc) -> list[dict[str, Any]]:
    """`doc._.quotes`: each item's record with `Span`s for the quote, cue and speaker mention."""
    return [{"kind": data.get("kind", "direct"), "quote": _char_span(doc, data),
             "cue": _char_span(doc, data["cue"]),
             "speaker_mention": _char_span(doc, data["speaker_mention"]),
             "speaker": data["speaker"], "speaker_kind": data.get("speaker_kind"),
             "confidence": data["confidence"]}
            for data in _quotes_data(doc)]


Doc.set_extension("quotes_data", getter=_quotes_data, force=True)
Doc.set_extension("quotes", getter=_quotes, force=True)


def annotate(doc: Doc, quotes: Iterable[Quote], spans_key: str = SPANS_KEY) -> Doc:
    """Put `quotes` (offsets into `doc.text`) on `doc`: the records, and the labelled spans."""
    records = [quote.to_dict() for quote in quotes]
    doc.user_data[USER_DATA_KEY] = json.dumps(records)
    spans: dict[tuple[str, int, int], Span] = {}
    for data in records:
        for field, label in LABELS.items():
            if field == "quote" and data["kind"] == "indirect":
                label = CONTENT
            span = _char_span(doc, data if field == "quote" else data[field], label)
            if span is not None:
                if field == "speaker_mention" and data["speaker"]:
                    span.kb_id_ = data["speaker"]
                spans.setdefault((label, span.start, span.end), span)  # a shared cue counts once
    doc.spans[spans_key] = sorted(spans.values(), key=lambda span: (span.start, span.end))
    return doc


class QuotesComponent:
    """Finds direct quotations (with `kind="all"`, reported speech too), their cues and
    speakers in each Doc (see the module notes)."""

    def __init__(self, name: str = "quotes", model: str = DEFAULT_MODEL,
                 spans_key: str = SPANS_KEY, kind: str = "direct") -> None:
        check_extracted(kind)  # a wrong setting fails when the pipe is added, not on the first Doc
        self.name = name
        self.model = str(model)
        self.spans_key = spans_key
        self.kind = kind

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc], batch_size=1))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            found = extract_many([doc.text for doc in batch], model=self.model, batch_size=batch_size,
                                 kind=self.kind)
            for doc, result in zip(batch, found, strict=True):
                if result.error:
                    raise ValueError(f"quotes: {result.error}")
                yield annotate(doc, result.quotes, self.spans_key)

    def initialize(self, get_examples: Any = None, nlp: Language | None = None) -> None:
        """Nothing to learn here; load the extractor now so a bad model name fails early."""
        load(self.model)

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Span P/R/F overall and per label (QUOTE, CUE, SPEAKER; CONTENT with `kind="all"`),
        keys `spans_<spans_key>_*`."""
        key = self.spans_key
        return Scorer.score_spans(examples, f"spans_{key}", getter=lambda doc, _: doc.spans.get(key, []),
                                  has_annotation=lambda doc: key in doc.spans, allow_overlap=True,
                                  **kwargs)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        folder = getattr(load(self.model), "folder", None)  # trained models have one, rules not
        if folder is not None and folder.resolve() != (path / MODEL_DIR).resolve():
            shutil.rmtree(path / MODEL_DIR, ignore_errors=True)
            shutil.copytree(folder, path / MODEL_DIR)
        config = {"model": self.model, "spans_key": self.spans_key, "kind": self.kind}
        (path / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "QuotesComponent":
        path = Path(path)
        config = json.loads((path / CONFIG_FILE).read_text(encoding="utf-8"))
        self.spans_key = config["spans_key"]
        self.kind = config.get("kind", self.kind)  # a pipeline saved before the setting: direct
        if (path / MODEL_DIR / "meta.json").is_file():
            self.model = str(path / MODEL_DIR)
        return self


@Language.factory("quotes", default_config={"model": DEFAULT_MODEL, "spans_key": SPANS_KEY,
                                            "kind": "direct"},
                  assigns=["doc._.quotes", "doc._.quotes_data", "doc.spans"])
def make_quotes(nlp: Language, name: str, model: str, spans_key: str, kind: str) -> QuotesComponent:
    """The `quotes` factory: `model` is "rules", "default" (the shipped model) or a model folder;
    `kind` is "direct" (quotations) or "all" (reported speech too)."""
    return QuotesComponent(name, model=model, spans_key=spans_key, kind=kind)
