"""A damaged model folder (the shipped model, copied and then corrupted as a disk, a bad copy or
a hand edit would) is one `ModelError` at load, not a traceback or a failure on every document."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from quotes.pipeline import SHIPPED_MODEL, ModelError, load

ROOT = Path(__file__).resolve().parents[1]


def truncate(path: Path, keep: float = 0.5) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def rewrite(path: Path, **arrays: Callable[[np.ndarray], np.ndarray]) -> None:
    """Save the npz again with some of its arrays changed."""
    with np.load(path) as data:
        saved = dict(data)
    np.savez_compressed(path, **{name: arrays.get(name, lambda a: a)(value)
                                 for name, value in saved.items()})


def nan_first(weights: np.ndarray) -> np.ndarray:
    weights = weights.copy()
    weights[0] = np.nan
    return weights


# corruption -> (what it does to the copied folder, the file the message must name)
CORRUPTIONS: dict[str, tuple[Callable[[Path], None], str]] = {
    "truncated npz": (lambda m: truncate(m / "attribution.npz"), "attribution.npz"),
    "npz without its last bytes": (lambda m: truncate(m / "quotation.npz", 0.98), "quotation.npz"),
    "index out of range": (lambda m: rewrite(m / "cue.npz", index=lambda a: a + 2**18), "cue.npz"),
    "index of floats": (lambda m: rewrite(m / "cue.npz", index=lambda a: a.astype(float)), "cue.npz"),
    "weights of another length": (lambda m: rewrite(m / "attribution.npz", weights=lambda a: a[:5]),
                                  "attribution.npz"),
    "a NaN weight": (lambda m: rewrite(m / "attribution.npz", weights=nan_first), "attribution.npz"),
    "intercept as text": (lambda m: (m / "cue.json").write_text(
        '{"format": "quotes-linear/1", "n_features": 262144, "c": 3.0, "intercept": "-0.3"}'),
        "cue.json"),
    "truncated boundary weights": (lambda m: truncate(m / "reported_start.npz"), "reported_start.npz"),
    "reported speech of an older format": (lambda m: (m / "reported.json").write_text(
        '{"format": "quotes-reported/1", "threshold": 0.2}'), "reported.json"),
    "truncated span weights": (lambda m: truncate(m / "spans" / "spancat_quote" / "model"), "spans"),
    "span config garbage": (lambda m: (m / "spans" / "config.cfg").write_text("[nlp\nlang = "),
                            "spans"),
}


def damaged(tmp_path: Path, corruption: str) -> tuple[Path, str]:
    folder = tmp_path / "model"
    shutil.copytree(SHIPPED_MODEL, folder)
    corrupt, named = CORRUPTIONS[corruption]
    corrupt(folder)
    return folder, named


@pytest.mark.parametrize("corruption", CORRUPTIONS)
def test_a_damaged_model_file_is_a_model_error_at_load(tmp_path: Path, corruption: str) -> None:
    folder, named = damaged(tmp_path, corruption)
    with pytest.raises(ModelError) as raised:
        load(str(folder))
    message = str(raised.value)
    assert "\n" not in message
    assert str(folder / named) in message


def test_extract_with_a_damaged_model_fails_in_one_line(tmp_path: Path) -> None:
    folder, _ = damaged(tmp_path, "index out of range")
    result = subprocess.run([sys.executable, "-m", "quotes.cli", "extract", str(ROOT / "seeds"),
                             "--model", str(folder)],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert f"{folder / 'cue.npz'}: an index outside 0..262143" in lines[0]
    assert result.stdout == ""
