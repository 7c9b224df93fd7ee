"""`quotes train` end to end on a few documents: the span models (all data and each fold) for a
few steps, both classifiers, the model card; the folder loads and extracts; the same seed gives
the same model; training labels follow the guidelines where they depart from PolNeAR."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

import quotes
from quotes.attribution.train import pair_data
from quotes.cueing.train import cue_data
from quotes.rules import RulesExtractor
from quotes.schema import Document, Quote, Span

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "annotations" / "seeds.jsonl"
TEXT = (ROOT / "seeds" / "002_6aac2701e2edd0f1.txt").read_text(encoding="utf-8")


def train(output: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quotes.cli", "train", "--train", str(GOLD), "--dev",
                           str(GOLD), "--output", str(output), *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)


def test_train_writes_a_model_folder_that_extracts(tmp_path: Path) -> None:
    folder = tmp_path / "tiny"
    result = train(folder, "--max-steps", "3", "--seed", "1")
    assert result.returncode == 0, result.stderr[-2000:]
    names = {p.name for p in folder.iterdir()}
    assert {"meta.json", "README.md", "quotation.json", "quotation.npz", "cue.json", "cue.npz",
            "attribution.json", "attribution.npz", "spans"} <= names
    assert not list(folder.rglob("*.pkl")) and not list(folder.rglob("*.joblib"))
    meta = json.loads((folder / "meta.json").read_text())
    assert meta["span_model"] and meta["seed"] == 1 and meta["train_documents"] == 5
    assert set(meta["metrics"]["dev"]) >= {"quote_f1_overlap", "who_said_what_f1"}
    assert "Training data" in (folder / "README.md").read_text()
    found = quotes.extract(TEXT, model=str(folder))
    assert any(q.speaker == "Yoon Suk Yeol" for q in found)
    assert all(0.0 <= q.confidence <= 1.0 for q in found)


def test_the_same_seed_gives_the_same_model(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert train(tmp_path / name, "--seed", "7", "--max-steps", "3").returncode == 0
    weights = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a" / "spans").glob("*/model"))
    assert len(weights) == 5  # the sourced tok2vec and the four span components
    for path in weights:
        assert (tmp_path / "a" / path).read_bytes() == (tmp_path / "b" / path).read_bytes(), path
    for part in ("quotation", "cue", "attribution"):
        with np.load(tmp_path / "a" / f"{part}.npz") as one, np.load(tmp_path / "b" / f"{part}.npz") as two:
            assert np.array_equal(one["index"], two["index"])
            assert np.array_equal(one["weights"], two["weights"])
    metrics = [json.loads((tmp_path / n / "meta.json").read_text())["metrics"] for n in ("a", "b")]
    assert metrics[0] == metrics[1]


def test_bad_training_input_is_one_line(tmp_path: Path) -> None:
    result = train(tmp_path / "x", "--config", str(tmp_path / "missing.cfg"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1


def test_gold_whose_marked_stretches_are_all_quotes_still_trains(tmp_path: Path) -> None:
    """Two seed articles in which every marked stretch is a quote: the quote classifier has no
    negative example and keeps a constant P(quote), the smoothed share of quotes."""
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    few = tmp_path / "few.jsonl"
    few.write_text("\n".join(line for line in lines if '"001_' in line or '"003_' in line) + "\n",
                   encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "quotes.cli", "train", "--train", str(few), "--dev",
                             str(few), "--output", str(tmp_path / "m"), "--no-spans"],
                            capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    found = quotes.extract(TEXT, model=str(tmp_path / "m"))
    assert found and all(0.0 < q.confidence <= 1.0 for q in found)


KIM = ("In a speech on Saturday, Kim said the trilateral partnership is inviting military imbalance and "
       "“raising a grave challenge to the security environment of our state,” according to the "
       "official Korean Central News Agency.")


def _labelled_speakers(source: str) -> list[tuple[str, int]]:
    """(how the candidate was found, its training label) for the one quote of KIM when the
    gold gives it `source` as speaker mention, PolNeAR's way."""
    start, end = KIM.index("“") + 1, KIM.index(",”")
    at = KIM.index(source)
    gold = Document("kim", KIM, [Quote(KIM[start:end], start, end,
                                       speaker_mention=Span.of(KIM, at, at + len(source)))])
    data = pair_data(RulesExtractor(), [gold])
    hows = [next(k.removeprefix("how=") for k in f if k.startswith("how=")) for f in data.features]
    return list(zip(hows, data.labels, strict=True))


def test_a_relayed_quote_teaches_its_own_speaker_not_the_channel() -> None:
    """PolNeAR's Source for 'Kim said “…,” according to KCNA' is the agency; the guidelines give
    the quote to Kim, so training labels Kim's mention, whichever way the gold is written."""
    for source in ("official Korean Central News Agency", "Kim"):
        labels = _labelled_speakers(source)
        assert ("rules", 1) in labels, (source, labels)
        assert ("according", 0) in labels, (source, labels)
        assert sum(label for _, label in labels) == 1


def _labelled_cues(cue: str) -> list[tuple[str, int]]:
    """(candidate cue's words, its training label) for the one quote of KIM when the gold gives it
    `cue` as cue, PolNeAR's way."""
    start, end = KIM.index("“") + 1, KIM.index(",”")
    at = KIM.index(cue)
    gold = Document("kim", KIM, [Quote(KIM[start:end], start, end, cue=Span.of(KIM, at, at + len(cue)))])
    data = cue_data(RulesExtractor(), [gold])
    words = [next(k.removeprefix("lemma=") for k in f if k.startswith("lemma=")) if "how=verb" in f
             or "how=reporting" in f else "?" for f in data.features]
    return list(zip(words, data.labels, strict=True))


def test_a_relayed_quote_teaches_its_own_cue_not_according_to() -> None:
    """The cue of 'Kim said “…,” according to KCNA' is Kim's "said" under the guidelines, whichever
    of the two the gold marks; the other verbs of the sentence are candidates labelled no."""
    for cue in ("according to", "said"):
        labels = _labelled_cues(cue)
        assert ("say", 1) in labels and ("accord", 0) in labels, (cue, labels)
        assert ("invite", 0) in labels and sum(label for _, label in labels) == 1, (cue, labels)
