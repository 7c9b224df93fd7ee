"""`quotes annotate export/import/agreement` on real text: the seeds and PolNeAR dev."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from paths import POLNEAR, ROOT
from typer.testing import CliRunner

import quotes
from quotes.cli import app
from quotes.gold.doccano import document_to_record, read_gold, write_gold
from quotes.gold.polnear import document_quotes, parse_ann, read_polnear
from quotes.schema import Document, Span

SEEDS = ROOT / "seeds"
ARTICLES = ("politico_2016-09-08_flynn-says-trump-absolutely-righ",
            "wash-post_2016-09-26_charlotte-struggles-to-return-to")

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["annotate", *map(str, args)])


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def test_export_writes_the_models_predictions_as_tasks(tmp_path):
    out = tmp_path / "tasks.jsonl"
    result = run("export", SEEDS, tmp_path / "missing.txt", "-o", out)
    assert result.exit_code == 1
    assert error_lines(result) == [f"error: {tmp_path / 'missing.txt'}: no such file or folder"]
    tasks = list(read_gold(out))
    seeds = sorted(SEEDS.glob("*.txt"))
    assert [t.id for t in tasks] == [p.stem for p in seeds]
    predicted = list(quotes.extract_many([{"id": p.stem, "text": p.read_text()} for p in seeds]))
    assert [t.text for t in tasks] == [d.text for d in predicted]
    assert [t.quotes for t in tasks] == [d.quotes for d in predicted]
    assert sum(len(t.quotes) for t in tasks) > 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert all(set(line) == {"doc_id", "text", "entities", "relations", "attribution"}
               for line in lines)


def test_export_of_an_unknown_model_fails_in_one_line(tmp_path):
    out = tmp_path / "tasks.jsonl"
    out.write_text("kept\n")
    result = run("export", SEEDS, "-o", out, "--model", "no-such-model")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "no-such-model" in result.stderr
    assert out.read_text() == "kept\n"


def polnear_dev(count: int) -> list[Document]:
    docs = [d for d in read_polnear(POLNEAR / "dev")
            if any(q.speaker_mention for q in d.quotes)]
    return docs[:count]


def doccano_line(number: int, doc: Document) -> str:
    """A line as doccano 1.8.4 exports it: its own id, our meta keys, then labels."""
    record = document_to_record(doc)
    entities = [dict(e, id=e["id"] + 100) for e in record["entities"]]
    relations = [dict(r, from_id=r["from_id"] + 100, to_id=r["to_id"] + 100)
                 for r in record["relations"]]
    return json.dumps({"id": number, "text": doc.text, "doc_id": doc.id,
                       "attribution": record["attribution"], "entities": entities,
                       "relations": relations, "Comments": []})


def test_import_keeps_good_records_and_names_each_bad_one(tmp_path):
    good = polnear_dev(3)
    lines = [doccano_line(i, d) for i, d in enumerate(good, 1)]
    outside = json.loads(lines[0])
    outside["entities"][0]["end_offset"] = len(outside["text"]) + 5
    missing = json.loads(lines[1])
    missing["relations"][0]["to_id"] = 999
    two = json.loads(lines[2])
    said = next(r for r in two["relations"] if r["type"] == "SAID_BY")
    two["entities"] += [{"id": 900, "label": "SPEAKER", "start_offset": 0, "end_offset": 3}]
    two["relations"] += [{"id": 900, "from_id": said["from_id"], "to_id": 900, "type": "SAID_BY"}]
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("all.jsonl", "\n".join(
            lines[:1] + [json.dumps(outside)] + lines[1:2] + [json.dumps(missing), "{not json"]
            + lines[2:] + [json.dumps(two)]) + "\n")
    out = tmp_path / "gold.jsonl"
    result = run("import", export, "-o", out)
    assert result.exit_code == 1
    errors = error_lines(result)
    assert len(errors) == 4
    assert errors[0].startswith("error: all.jsonl:2: entity") and "outside the text" in errors[0]
    assert errors[1].startswith("error: all.jsonl:4: relation") and "missing entity" in errors[1]
    assert errors[2].startswith("error: all.jsonl:5:")
    assert errors[3] == f"error: all.jsonl:7: quote {said['from_id']} has more than one speaker"
    assert list(read_gold(out)) == good


def two_annotator_export(tmp_path: Path) -> Path:
    alice, bob = polnear_dev(2), polnear_dev(3)[1:]
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as archive:
        for name, docs in (("alice", alice), ("bob", bob)):
            archive.writestr(f"{name}.jsonl", "".join(doccano_line(i, d) + "\n"
                                                      for i, d in enumerate(docs, 1)))
    return export


def test_import_of_a_per_annotator_export_needs_the_annotator(tmp_path):
    export = two_annotator_export(tmp_path)
    out = tmp_path / "gold.jsonl"
    result = run("import", export, "-o", out)
    assert result.exit_code == 1 and not out.exists()
    assert error_lines(result) == [f"error: {export} has annotation files alice, bob: "
                                   "choose one with --annotator"]
    result = run("import", export, "-o", out, "--annotator", "bob")
    assert result.exit_code == 0, result.stderr
    assert list(read_gold(out)) == polnear_dev(3)[1:]


def annotator_gold(tmp_path: Path, annotator: str) -> Path:
    """The two doubly annotated dev articles as one PolNeAR annotator marked them."""
    docs = []
    for article in ARTICLES:
        text = (POLNEAR / "dev" / "text" / f"{article}.txt").read_text(encoding="utf-8")
        ann = POLNEAR / "dev" / "attributions" / f"{article}_{annotator}.ann"
        docs.append(Document(article, text, document_quotes(text, parse_ann(ann.read_text()))))
    path = tmp_path / f"{annotator}.jsonl"
    write_gold(docs, path)
    return path


def agreement(one: Path, other: Path) -> dict:
    result = run("agreement", one, other, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_agreement_between_two_polnear_annotators(tmp_path):
    one, other = annotator_gold(tmp_path, "4b22"), annotator_gold(tmp_path, "4e07")
    forward, backward = agreement(one, other), agreement(other, one)
    assert forward["documents"] == 2 and forward["quotes_both"] > 0
    for row, mirror in zip(forward["labels"], backward["labels"], strict=True):
        assert (row["a"], row["b"]) == (mirror["b"], mirror["a"])
        assert row["exact_f1"] == mirror["exact_f1"] and row["overlap_f1"] == mirror["overlap_f1"]
        assert 0 <= row["exact_f1"] <= row["overlap_f1"] <= 1
    assert forward["labels"][0]["a"] == sum(len(d.quotes) for d in read_gold(one))
    assert -1 <= forward["speaker_kappa"] <= 1
    table = run("agreement", one, other).stdout
    assert table.startswith("| label | A | B | exact F1 | overlap F1 |")
    assert f"{forward['speaker_kappa']:.3f}" in table


def test_agreement_of_identical_files_is_perfect_and_drops_with_an_edit(tmp_path):
    one = annotator_gold(tmp_path, "4b22")
    same = agreement(one, one)
    assert same["speaker_kappa"] == 1.0
    assert all(r["exact_f1"] == r["overlap_f1"] == 1.0 for r in same["labels"])
    docs = list(read_gold(one))
    quotes_total = sum(len(d.quotes) for d in docs)
    docs[0].quotes.pop()
    speakers = [q for d in docs for q in d.quotes if q.speaker_mention]
    assert len({q.speaker_mention.text for q in speakers}) > 1
    victim = speakers[0]
    other_mention = next(q.speaker_mention for q in speakers
                         if q.speaker_mention.text != victim.speaker_mention.text)
    victim.speaker_mention = Span(other_mention.text, other_mention.start, other_mention.end)
    edited = tmp_path / "edited.jsonl"
    write_gold(docs, edited)
    result = agreement(one, edited)
    quote_row = result["labels"][0]
    assert (quote_row["a"], quote_row["b"]) == (quotes_total, quotes_total - 1)
    assert quote_row["exact_f1"] == pytest.approx(2 * (quotes_total - 1) / (2 * quotes_total - 1))
    assert result["quotes_both"] == quotes_total - 1
    assert result["speaker_kappa"] < 1.0
