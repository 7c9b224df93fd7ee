"""Train the span model with spaCy's own training loop from config.cfg.

The gold documents become paragraph DocBins in a temporary folder; everything else (model,
optimizer, steps, seed) comes from the config, so a run is repeated by its config and seed.
"""

from __future__ import annotations

import logging
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spacy
from spacy.cli.train import train

import quotes.spans.suggesters  # noqa: F401  (registers quotes.marks_suggester.v1)
from quotes.schema import Document
from quotes.spans.backbone import parser_lookups
from quotes.spans.corpus import to_docs, write_docbin

CONFIG = Path(__file__).with_name("config.cfg")
# A few steps on a few documents: checks the whole path in seconds, learns next to nothing.
QUICK = {"training.max_steps": 6, "training.eval_frequency": 3, "training.patience": 0}

log = logging.getLogger(__name__)


def train_spans(
    train_docs: Iterable[Document],
    dev_docs: Iterable[Document],
    output_dir: str | Path,
    config_path: str | Path | None = None,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
) -> Path:
    """Train on `train_docs`, pick the best step on `dev_docs`; returns `output_dir/model-best`."""
    output_dir = Path(output_dir)
    vocab = spacy.blank("en").vocab
    vocab.lookups = parser_lookups()  # the norms en_core_web_sm's tok2vec reads
    with tempfile.TemporaryDirectory(prefix="quotes-spans-") as tmp:
        paths = {}
        for split, documents in (("train", train_docs), ("dev", dev_docs)):
            counts: Counter = Counter()
            paths[split] = Path(tmp) / f"{split}.spacy"
            n = write_docbin(to_docs(documents, vocab, counts), paths[split])
            log.info("%s: %d paragraphs, spans %s", split, n, dict(sorted(counts.items())))
        settings = {"paths.train": str(paths["train"]), "paths.dev": str(paths["dev"]),
                    "system.seed": seed, **(overrides or {})}
        train(config_path or CONFIG, output_dir, overrides=settings)
    best = output_dir / "model-best"
    _forget_paths(best)
    return best


def _forget_paths(model: Path) -> None:
    """Blank the temporary corpus paths spaCy wrote into the trained model's config, so that
    the same seed gives byte-identical model folders; loading never reads them."""
    config = spacy.util.load_config(model / "config.cfg")
    config["paths"].update(train=None, dev=None)
    config.to_disk(model / "config.cfg")
