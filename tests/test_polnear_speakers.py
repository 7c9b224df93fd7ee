"""The canonical-speaker layers over PolNeAR dev and a sample of train: each fits its gold quotes
exactly and holds no corpus text, and `quotes eval --speakers` scores canonical speakers with the
dev layer."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from paths import DEV, POLNEAR, ROOT

from annotations.build_polnear_speakers import sample
from quotes.gold.polnear import read_polnear
from quotes.gold.speakers import apply_layer, read_layer, text_sha1
from quotes.schema import SPEAKER_KINDS

LAYER = ROOT / "annotations" / "polnear-dev-speakers.jsonl"
TRAIN_LAYER = ROOT / "annotations" / "polnear-train-speakers.jsonl"


@pytest.fixture(scope="module", params=["dev", "train"])
def layer(request):
    """(gold documents, layer file, records expected): dev whole, train's 150-document sample."""
    if request.param == "dev":
        return list(read_polnear(DEV)), LAYER, 805
    return sample(read_polnear(POLNEAR / "train"), 150), TRAIN_LAYER, 1610


def test_every_quote_has_one_record_and_every_record_a_quote(layer):
    docs, path, expected = layer
    records = read_layer(path)
    quotes = {(doc.id, q.start, q.end) for doc in docs for q in doc.quotes}
    assert len(records) == len({r.key for r in records}) == len(quotes) == expected
    assert {r.key for r in records} == quotes
    applied = apply_layer(docs, records)
    assert applied.unknown == 0 and applied.warnings == []
    digests = {doc.id: text_sha1(doc.text) for doc in docs}
    assert all(r.text_sha1 == digests[r.doc] for r in records)


def test_kinds_are_valid_and_only_quotes_without_a_source_lack_a_speaker(layer):
    docs, path, _ = layer
    records = {r.key: r for r in read_layer(path)}
    for doc in docs:
        for quote in doc.quotes:
            record = records[(doc.id, quote.start, quote.end)]
            assert record.speaker_kind in (*SPEAKER_KINDS, None)
            assert (record.speaker is None) == (record.speaker_kind is None)
            if quote.speaker_mention is not None:
                assert record.speaker, (doc.id, quote.start)  # every Source is someone
    kinds = {r.speaker_kind for r in records.values()}
    assert set(SPEAKER_KINDS) <= kinds


def test_the_layer_copies_no_quote_of_the_corpus(layer):
    docs, path, _ = layer
    text = path.read_text(encoding="utf-8")
    long_quotes = [q.text for doc in docs for q in doc.quotes if len(q.text) >= 25]
    assert long_quotes and not [quote for quote in long_quotes if quote in text]


def _eval(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quotes.cli", "eval", "--gold", str(DEV), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=900)


def test_eval_scores_canonical_speakers_on_dev_by_kind(tmp_path):
    report = tmp_path / "report.json"
    result = _eval("--model", "default", "--speakers", str(LAYER), "--report-json", str(report))
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    data = json.loads(report.read_text())
    assert data["counts"]["name_total"] > 700 and data["unknown_speakers"] == 0
    assert 0 < data["metrics"]["canonical_speaker_acc"] < 1
    assert {row["kind"] for row in data["speaker_kinds"]} == set(SPEAKER_KINDS)
    assert "| canonical_speaker_acc | n/a" not in result.stdout
    assert "Canonical speaker by kind of gold speaker" in result.stdout


def test_missing_and_stray_records_are_unknown_and_warned(tmp_path):
    lines = LAYER.read_text(encoding="utf-8").splitlines()
    stray = json.loads(lines[0]) | {"start": 0, "end": 3}
    layer = tmp_path / "layer.jsonl"
    layer.write_text("\n".join([*lines[1:], json.dumps(stray)]) + "\n", encoding="utf-8")
    empty = tmp_path / "none.jsonl"
    empty.write_text("", encoding="utf-8")
    report = tmp_path / "report.json"
    result = _eval("--pred", str(empty), "--speakers", str(layer), "--report-json", str(report))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 2 and f"{stray['doc']} 0-3 matches no gold quote" in warnings[0]
    assert warnings[1] == "warning: the predictions hold no documents: every gold quote counts as missed"
    assert json.loads(report.read_text())["unknown_speakers"] == 1


def test_a_bad_layer_is_a_one_line_error(tmp_path):
    layer = tmp_path / "layer.jsonl"
    layer.write_text('{"doc": "x", "start": 1}\n', encoding="utf-8")
    empty = tmp_path / "none.jsonl"
    empty.write_text("", encoding="utf-8")
    result = _eval("--pred", str(empty), "--speakers", str(layer))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "not a speaker record" in result.stderr


def test_the_train_layer_teaches_the_ranker_and_the_shipped_ranker_names_its_speakers():
    """Resolution data from news (quotes/resolution/polnear.py): every ranked gold Source gets
    candidates and a right index among them (or a new entity), and the shipped ranker names
    most Sources of these train documents as the layer does (it learned from them)."""
    from quotes.aliases import AliasRegistry
    from quotes.resolution.polnear import parsed_pieces, walk
    from quotes.resolution.ranker import load_ranker
    from quotes.rules import load_parser

    records = {r.key: r for r in read_layer(TRAIN_LAYER)}
    wanted = sorted({key[0] for key in records})[:8]
    docs = [d for d in read_polnear(POLNEAR / "train") if d.id in wanted]
    nlp, registry = load_parser(), AliasRegistry.load()
    taught: list[tuple[int, int | None]] = []

    def teach(cands, feats, right):
        assert len(feats) == len(cands) + 1  # each candidate and a new entity
        taught.append((len(cands), right))
        return (len(cands) if right is None else right), 1.0

    named = []
    for doc in docs:
        pieces = parsed_pieces(doc, nlp)
        walk(doc, pieces, records, registry, None, teach)
        named += [r for r in walk(doc, pieces, records, registry, load_ranker()) if r.record.speaker]
    assert len(taught) >= 10 and all(right is None or 0 <= right <= size for size, right in taught)
    assert sum(right is not None and right < size for size, right in taught) >= len(taught) // 2
    assert sum(r.right for r in named) >= 0.7 * len(named)
