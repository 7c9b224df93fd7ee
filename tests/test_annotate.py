"""`quotes annotate export/import/agreement` on real text: the seeds and PolNeAR dev."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from doccano_server import free_port
from paths import POLNEAR, ROOT
from typer.testing import CliRunner

import quotes
from quotes.cli import app
from quotes.gold.doccano import GoldFormatError, document_to_record, read_gold, record_to_document, write_gold
from quotes.gold.polnear import document_quotes, parse_ann, read_polnear
from quotes.schema import Document, Quote, Span

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


def zipped(path: Path, member: str, data: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)
    return path


def test_import_keeps_good_records_around_structurally_bad_ones(tmp_path):
    good = polnear_dev(4)
    last = good[3]
    good[3] = Document(last.id, last.text + "\u2028", last.quotes)  # raw in the JSON, not a line end
    lines = [doccano_line(i, d) for i, d in enumerate(good, 1)]
    string_relation = json.loads(lines[1])
    string_relation["relations"][0] = "SAID_BY"
    text_offset = json.loads(lines[2])
    text_offset["entities"][1]["start_offset"] = "12"
    raw = [line.encode() for line in (
        lines[0], json.dumps({"id": 9, "text": "A text.", "entities": 5, "relations": []}),
        lines[1], json.dumps(string_relation), json.dumps([json.loads(lines[2])]), lines[2],
        json.dumps(text_offset), json.dumps({"id": 12, "entities": []}))]
    raw += ['{"id": 13, "text": "caf\xe9"}'.encode("latin-1"), json.dumps(
        json.loads(lines[3]), ensure_ascii=False).encode()]
    export = zipped(tmp_path / "export.zip", "all.jsonl", b"\n".join(raw) + b"\n")
    out = tmp_path / "gold.jsonl"
    result = run("import", export, "-o", out)
    assert result.exit_code == 1
    assert error_lines(result) == [
        "error: all.jsonl:2: entities: value is not a valid list",
        "error: all.jsonl:4: relations.0: value is not a valid dict",
        "error: all.jsonl:5: not a JSON object but an array",
        "error: all.jsonl:7: entities.1.start_offset: value is not a valid integer",
        "error: all.jsonl:8: text: field required",
        "error: all.jsonl:9: not UTF-8 (byte 0xe9 at column 24)"]
    assert list(read_gold(out)) == good


def test_import_reports_a_cue_or_speaker_that_no_relation_joins(tmp_path):
    good = polnear_dev(3)
    lines = [doccano_line(i, d) for i, d in enumerate(good, 1)]
    loose = json.loads(lines[1])
    targets = [r["to_id"] for r in loose["relations"]]
    cue = next(r for r in loose["relations"] if r["type"] == "CUE" and targets.count(r["to_id"]) == 1)
    loose["relations"].remove(cue)
    entity = next(e for e in loose["entities"] if e["id"] == cue["to_id"])
    said = good[1].text[entity["start_offset"]:entity["end_offset"]]
    export = zipped(tmp_path / "export.zip", "all.jsonl",
                    "\n".join([lines[0], json.dumps(loose), lines[2]]).encode())
    out = tmp_path / "gold.jsonl"
    result = run("import", export, "-o", out)
    assert result.exit_code == 1
    assert error_lines(result) == [
        f"error: all.jsonl:2: CUE entity {entity['id']} ({said!r} at {entity['start_offset']}.."
        f"{entity['end_offset']}) is joined to no QUOTE or CONTENT: draw its relation or delete it"]
    assert list(read_gold(out)) == [good[0], good[2]]


def patched(path: Path, local: int, central: int, value: int) -> None:
    """Set a 2-byte field of the first member's local and central headers (offsets in each)."""
    data = bytearray(path.read_bytes())
    for header, offset in ((b"PK\x03\x04", local), (b"PK\x01\x02", central)):
        at = data.index(header) + offset
        data[at:at + 2] = (int.from_bytes(data[at:at + 2], "little") | value).to_bytes(2, "little")
    path.write_bytes(bytes(data))


def flipped(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 16] = bytes(b ^ 0xFF for b in data[middle:middle + 16])
    path.write_bytes(bytes(data))


DAMAGES = {
    "corrupt data": (flipped, "all.jsonl is corrupt ("),
    "encrypted": (lambda p: patched(p, 6, 8, 0x1), "all.jsonl is encrypted"),
    "deflate64": (lambda p: patched(p, 8, 10, 0x9), "all.jsonl uses zip compression method 9"),
    "cut short": (lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]), "is a damaged zip"),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_zip_is_one_line_and_keeps_the_old_gold(tmp_path, damage):
    lines = [doccano_line(i, d) for i, d in enumerate(polnear_dev(20), 1)]
    export = zipped(tmp_path / "export.zip", "all.jsonl", "\n".join(lines).encode())
    spoil, said = DAMAGES[damage]
    spoil(export)
    out = tmp_path / "gold.jsonl"
    out.write_text("the previous import\n")
    result = run("import", export, "-o", out)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and said in result.stderr
    assert out.read_text() == "the previous import\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.zip", "gold.jsonl"]


# The CLI in a process of its own that writes its peak memory (KiB) to the file $PEAK on exit:
# VmHWM, the high-water mark of its own memory (ru_maxrss would carry the parent's over exec).
MEASURED_CLI = ("import atexit, os\n"
                "def peak():\n"
                "    with open('/proc/self/status') as status:\n"
                "        kib = next(line.split()[1] for line in status if line.startswith('VmHWM'))\n"
                "    open(os.environ['PEAK'], 'w').write(kib)\n"
                "atexit.register(peak)\n"
                "from quotes.cli import main\nmain()")


def test_a_zip_that_inflates_past_the_cap_is_refused_before_it_is_read(tmp_path):
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("all.jsonl", "w") as member:
        member.write((doccano_line(1, polnear_dev(1)[0]) + "\n").encode())
        for _ in range(300):
            member.write(b" " * 2**20)
    assert export.stat().st_size < 2**20  # under 1 MB that inflates to 300 MiB
    out, peak = tmp_path / "gold.jsonl", tmp_path / "peak"
    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from /proc (Linux)")
    result = subprocess.run([sys.executable, "-c", MEASURED_CLI, "annotate", "import", str(export),
                             "-o", str(out)], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "PEAK": str(peak)})
    assert result.returncode == 1
    assert result.stderr == (f"error: {export}: all.jsonl inflates to 314.6 MB, over the limit of "
                             "200 MB (raise it with --max-inflated-mb)\n")
    assert int(peak.read_text()) / 1024 < 250 and not out.exists(), peak.read_text()


def test_the_inflation_cap_is_an_option(tmp_path):
    docs = polnear_dev(20)
    export = zipped(tmp_path / "export.zip", "all.jsonl",
                    "".join(doccano_line(i, d) + "\n" for i, d in enumerate(docs, 1)).encode())
    size = zipfile.ZipFile(export).getinfo("all.jsonl").file_size / 1e6
    out = tmp_path / "gold.jsonl"
    assert size > 0.05
    refused = run("import", export, "-o", out, "--max-inflated-mb", "0.05")
    assert refused.exit_code == 1 and not out.exists()
    assert error_lines(refused) == [f"error: {export}: all.jsonl inflates to {size:,.1f} MB, over "
                                    "the limit of 0.05 MB (raise it with --max-inflated-mb)"]
    taken = run("import", export, "-o", out)
    assert taken.exit_code == 0 and list(read_gold(out)) == docs


def test_password_help_names_its_variable_and_the_variable_is_honoured(tmp_path):
    for command in ("push", "pull"):
        help_text = run(command, "--help").stdout
        assert "QUOTES_DOCCANO_PASSWORD" in re.sub(r"[\s│]", "", help_text)
    url = f"http://127.0.0.1:{free_port()}"
    result = runner.invoke(app, ["annotate", "pull", "--project", "p", "-o", str(tmp_path / "x.zip"),
                                 "--url", url], env={"QUOTES_DOCCANO_PASSWORD": "from-env"})
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: cannot reach doccano at {url}")


def in_order(docs) -> list[Document]:
    """The documents with their items in the order gold files keep them (offsets, then kind)."""
    return [Document(d.id, d.text, sorted(d.quotes, key=lambda q: (q.start, q.end, q.kind)), d.error,
                     d.meta) for d in docs]


def test_export_kind_all_writes_reported_speech_as_content_spans(tmp_path):
    out = tmp_path / "tasks.jsonl"
    result = run("export", SEEDS, "-o", out, "--kind", "all")
    assert result.exit_code == 0, result.stderr
    seeds = sorted(SEEDS.glob("*.txt"))
    predicted = quotes.extract_many([{"id": p.stem, "text": p.read_text()} for p in seeds], kind="all")
    tasks = list(read_gold(out))
    assert in_order(tasks) == in_order(predicted)
    assert {q.kind for t in tasks for q in t.quotes} == {"direct", "indirect"}
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    labels = {e["label"] for line in lines for e in line["entities"]}
    assert labels == {"QUOTE", "CONTENT", "CUE", "SPEAKER"}
    contents = sum(e["label"] == "CONTENT" for line in lines for e in line["entities"])
    assert contents == sum(q.kind == "indirect" for t in tasks for q in t.quotes)
    plain = tmp_path / "plain.jsonl"
    assert run("export", SEEDS, "-o", plain).exit_code == 0
    assert "CONTENT" not in plain.read_text()


def test_polnear_reported_speech_goes_through_doccano_and_back(tmp_path):
    """PolNeAR dev's direct and indirect gold as doccano exports it (its own entity ids) and
    imported again: every item, with its kind, cue, speaker mention and canonical speaker."""
    docs = [d for d in read_polnear(POLNEAR / "dev", ("direct", "indirect"))
            if any(q.kind == "indirect" for q in d.quotes)][:5]
    assert sum(q.kind == "indirect" for d in docs for q in d.quotes) >= 10
    export = zipped(tmp_path / "export.zip", "all.jsonl",
                    "\n".join(doccano_line(i, d) for i, d in enumerate(docs, 1)).encode())
    out = tmp_path / "gold.jsonl"
    result = run("import", export, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert list(read_gold(out)) == in_order(docs)


def test_a_mixed_attribution_shares_its_cue_and_speaker_and_keeps_each_items_names():
    text = 'Kim said the talks failed and "we go on." The talks failed, he said.'
    cue, kim = Span.of(text, 4, 8), Span.of(text, 0, 3)
    items = [Quote("the talks failed and \"we go on.\"", 9, 41, cue, kim, "Kim Jong Un",
                   speaker_kind="person", kind="indirect"),
             Quote("we go on.", 31, 40, cue, kim, "Kim Jong Un", 0.9, "person"),
             Quote("The talks failed", 42, 58, Span.of(text, 63, 67), Span.of(text, 60, 62), None,
                   0.5, kind="indirect")]
    doc = Document("mixed", text, items)
    record = document_to_record(doc)
    assert [e["label"] for e in record["entities"]] == ["CONTENT", "SPEAKER", "CUE", "QUOTE",
                                                        "CONTENT", "SPEAKER", "CUE"]
    assert len(record["relations"]) == 6  # the QUOTE and its CONTENT join the same CUE and SPEAKER
    assert [a.get("kind") for a in record["attribution"]] == ["indirect", None, "indirect"]
    assert record_to_document(record) == Document("mixed", text, in_order([doc])[0].quotes)
    backwards = json.loads(json.dumps(record))  # drawn from the CUE to the CONTENT in the browser
    for rel in backwards["relations"]:
        rel["from_id"], rel["to_id"] = rel["to_id"], rel["from_id"]
    assert record_to_document(backwards) == record_to_document(record)
    same = Document("same", text, [replace(items[1], kind="indirect", speaker="Kim"), items[1]])
    back = record_to_document(document_to_record(same))  # one stretch marked as both: two items
    assert [(q.kind, q.speaker, q.confidence) for q in back.quotes] == [
        ("direct", "Kim Jong Un", 0.9), ("indirect", "Kim", 0.9)]


def test_a_content_joined_to_a_quote_or_a_bad_kind_is_named_not_dropped():
    text = 'Kim said the talks failed and "we go on."'
    record = document_to_record(Document("d", text, [Quote("we go on.", 31, 40),
                                                     Quote("the talks failed", 9, 25, kind="indirect")]))
    content, quote = (e["id"] for e in record["entities"])
    joined = dict(record, relations=[{"id": 0, "from_id": quote, "to_id": content, "type": "CUE"}])
    with pytest.raises(GoldFormatError, match="joins a CONTENT and a QUOTE, not a QUOTE or CONTENT "
                                              "and a CUE or SPEAKER"):
        record_to_document(joined)
    wrong = dict(record, attribution=[dict(a, kind="reported") for a in record["attribution"]])
    with pytest.raises(GoldFormatError, match="'reported' is not one of direct, indirect"):
        record_to_document(wrong)


def test_agreement_counts_contents_apart_from_quotes(tmp_path):
    docs = [d for d in read_polnear(POLNEAR / "dev", ("direct", "indirect"))
            if any(q.kind == "indirect" for q in d.quotes)][:3]
    one, edited = tmp_path / "one.jsonl", tmp_path / "edited.jsonl"
    write_gold(docs, one)
    changed = [Document(d.id, d.text, list(d.quotes)) for d in docs]
    dropped = next(q for q in changed[0].quotes if q.kind == "indirect")
    changed[0].quotes.remove(dropped)
    write_gold(changed, edited)
    rows = {row["label"]: row for row in agreement(one, edited)["labels"]}
    contents = sum(q.kind == "indirect" for d in docs for q in d.quotes)
    direct = sum(q.kind == "direct" for d in docs for q in d.quotes)
    assert (rows["CONTENT"]["a"], rows["CONTENT"]["b"]) == (contents, contents - 1)
    assert (rows["QUOTE"]["a"], rows["QUOTE"]["b"], rows["QUOTE"]["exact_f1"]) == (direct, direct, 1.0)
    assert agreement(one, edited)["quotes_both"] == contents + direct - 1
    plain = tmp_path / "plain.jsonl"
    write_gold([Document(d.id, d.text, [q for q in d.quotes if q.kind == "direct"]) for d in docs], plain)
    assert "CONTENT" not in {row["label"] for row in agreement(plain, plain)["labels"]}
