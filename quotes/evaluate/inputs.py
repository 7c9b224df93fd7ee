"""What `quotes eval` scores: gold from a doccano JSONL or a PolNeAR split, predictions from
our JSONL output or from running a model on the gold texts."""

from __future__ import annotations

import json
from pathlib import Path

from quotes.gold.doccano import read_gold
from quotes.gold.polnear import is_polnear_split, read_polnear
from quotes.gold.speakers import Applied, LayerError, apply_layer, read_layer
from quotes.schema import Document


class InputError(ValueError):
    """Gold or predictions that cannot be read; the message is one line for the user."""


def load_gold(path: str | Path) -> list[Document]:
    """Gold documents: a PolNeAR split folder (with text/ and attributions/) or a gold JSONL."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"gold {path} does not exist")
    if path.is_dir():
        if not is_polnear_split(path):
            raise InputError(f"gold folder {path} has no text/ and attributions/ (not PolNeAR)")
        return list(read_polnear(path))
    try:
        return list(read_gold(path))
    except (ValueError, OSError) as err:
        raise InputError(f"cannot read gold: {err}") from None


def with_speakers(gold: list[Document], layer: str | Path) -> Applied:
    """The gold with canonical speakers from a standoff layer (`quotes.gold.speakers`)."""
    try:
        return apply_layer(gold, read_layer(layer))
    except LayerError as err:
        raise InputError(str(err)) from None


def _prediction(line: str) -> Document:
    record = json.loads(line)
    if not isinstance(record, dict) or not isinstance(record.get("quotes", []), list):
        raise ValueError("not an object with a list of quotes")
    return Document.from_dict(record)


def load_predictions(path: str | Path) -> list[Document]:
    """Our output JSONL: one `{"id", "quotes": [...]}` per line (`Document.to_dict`)."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.readlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read predictions {path}: {err}") from None
    docs = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            docs.append(_prediction(line))
        except KeyError as err:
            raise InputError(f"{path}:{number}: prediction record without {err}") from None
        except (ValueError, TypeError, AttributeError) as err:
            raise InputError(f"{path}:{number}: not a prediction record ({err})") from None
    return docs


def run_model(gold: list[Document], model: str) -> list[Document]:
    """Predictions of `quotes.extract_many(..., model=model)` on the gold texts."""
    from quotes import extract_many  # the extractor is only loaded when a model is asked for

    records = [{"id": doc.id, "text": doc.text} for doc in gold]
    try:
        return list(extract_many(records, model=model))
    except (KeyError, ValueError) as err:
        raise InputError(f"model {model!r} failed: {err}") from None
