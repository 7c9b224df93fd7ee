"""`quotes.extract` and `quotes extract` on real seed text and on the hard cases the rules
must handle: partial, multi-paragraph and scare quotes, odd marks, and bad input."""

from __future__ import annotations

import codecs
import csv
import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

import quotes
from quotes.cli import app
from quotes.evaluate import evaluate
from quotes.gold.doccano import read_gold

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
MODELS = ["rules", quotes.DEFAULT_MODEL] if quotes.DEFAULT_MODEL != "rules" else ["rules"]


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quotes.cli", *args], input=stdin,
                          capture_output=True, cwd=ROOT, timeout=300)


def by_text(found: list[quotes.Quote]) -> dict[str, quotes.Quote]:
    return {q.text.strip(" ,."): q for q in found}


@pytest.mark.parametrize("model", MODELS)
def test_seed_quotes_have_the_gold_speakers(model: str) -> None:
    gold = {d.id: d for d in read_gold(ROOT / "annotations" / "seeds.jsonl")}
    right = total = 0
    for doc in quotes.extract_many(({"id": p.stem, "text": p.read_text(encoding="utf-8")}
                                    for p in sorted(SEEDS.glob("*.txt"))), model=model):
        assert doc.error is None
        predicted = {(q.start, q.end): q for q in doc.quotes}
        for want in gold[doc.id].quotes:
            total += 1
            got = predicted.get((want.start, want.end))
            right += got is not None and got.speaker == want.speaker
    assert total == 30
    assert right / total >= 0.95


def test_pronoun_and_description_speakers_of_the_seeds_get_their_names() -> None:
    """In-document resolution, measured: "he" -> Yoon Suk Yeol, "the statement" -> the three
    countries, "a spokesman" -> the North Korean foreign ministry spokesman."""
    gold = list(read_gold(ROOT / "annotations" / "seeds.jsonl"))
    report = evaluate(gold, quotes.extract_many({"id": d.id, "text": d.text} for d in gold))
    rows = {row["kind"]: row for row in report.to_json()["mention_kinds"]}
    assert rows["pronoun"]["names"] == 5 and rows["description"]["names"] == 8
    assert rows["pronoun"]["canonical_speaker_acc"] >= 0.8
    assert rows["description"]["canonical_speaker_acc"] >= 0.85


def test_offsets_point_into_the_text_as_read() -> None:
    text = (SEEDS / "004_83e7ea5211d4f1e1.txt").read_text(encoding="utf-8")
    found = quotes.extract(text, model="rules")
    assert found
    for q in found:
        assert text[q.start : q.end] == q.text
        assert text[q.start - 1] in "\"“" and text[q.end] in "\"”"
        for span in (q.cue, q.speaker_mention):
            assert span is None or text[span.start : span.end] == span.text
        assert 0.0 <= q.confidence <= 1.0


def test_partial_quote_inside_a_sentence() -> None:
    text = ('Seoul: South Korea, the United States, and Japan on Monday condemned "in the strongest '
            'possible terms" the expanding military cooperation between Russia and North Korea.')
    (q,) = quotes.extract(text, model="rules")
    assert q.text == "in the strongest possible terms"
    assert q.cue.text == "condemned"
    assert q.speaker == "United States, South Korea and Japan"


def test_quote_over_several_paragraphs_is_one_piece_per_paragraph_with_one_speaker() -> None:
    text = ('The senator spoke for an hour. "We will not give up on this bill," Senator Jane Roe said '
            'on Tuesday. "It matters to every family in the state.\n\n'
            '"And we will be back next year with more votes than before."\n\n'
            'The bill failed by two votes.')
    found = quotes.extract(text, model="rules")
    assert [q.text for q in found] == [
        "We will not give up on this bill,", "It matters to every family in the state.",
        "And we will be back next year with more votes than before."]
    assert {q.speaker for q in found} == {"Jane Roe"}


@pytest.mark.parametrize("model", MODELS)
def test_a_quote_inside_a_quote_stays_part_of_it(model: str) -> None:
    text = ('Caddell continued: "Here is the poll question: “Do you think her health affects her '
            'ability to serve?” Forty-three said yes."\n\n'
            'Veronica Cruz said: “I would rather live in what he calls “hell” than live in his '
            'America.”\n\n'
            '“We will win," the mayor said.')
    found = quotes.extract(text, model=model)
    assert [q.text for q in found] == [
        "Here is the poll question: “Do you think her health affects her ability to serve?” "
        "Forty-three said yes.",
        "I would rather live in what he calls “hell” than live in his America.",
        "We will win,"]  # a curly quote closed by a straight mark is still one quote
    assert [q.speaker_mention.text for q in found] == ["Caddell", "Veronica Cruz", "the mayor"]


@pytest.mark.parametrize("model", MODELS)
def test_quotes_without_a_cue_of_their_own_take_the_speaker_and_cue_before_them(model: str) -> None:
    text = ('“Yesterday there were two polls,” said Pat Caddell, a pollster. “Both had the same '
            'numbers.”\n\n'
            'Caddell continued:\n\n'
            '"The health issue is very much a partisan issue.\n\n'
            '"And the numbers show it."')
    found = quotes.extract(text, model=model)
    assert [q.text for q in found] == ["Yesterday there were two polls,", "Both had the same numbers.",
                                       "The health issue is very much a partisan issue.",
                                       "And the numbers show it."]
    said, continued = text.index("said"), text.index("continued")
    assert [(q.cue.text, q.cue.start) for q in found] == [
        ("said", said), ("said", said), ("continued", continued), ("continued", continued)]
    pat, caddell = text.index("Pat"), text.index("Caddell con")
    assert [q.speaker_mention.start for q in found] == [pat, pat, caddell, caddell]


@pytest.mark.parametrize("model", MODELS)
def test_a_quote_signed_with_a_dash_has_the_dash_as_cue(model: str) -> None:
    text = ('“He represents our greatest shame.” ― Sonya Herridge\n'
            '“He is ignorant of our culture and lives.”― Pamela Padilla\n')
    found = quotes.extract(text, model=model)
    assert [(q.speaker_mention.text, q.cue.text, q.cue.start) for q in found] == [
        ("Sonya Herridge", "―", text.index("―")), ("Pamela Padilla", "―", text.rindex("―"))]


def test_the_trained_cue_is_the_verb_that_frames_the_quote() -> None:
    """The rules take the nearest reporting verb ("comparing"); the default model's cue classifier
    learned from PolNeAR that the verb the quote hangs from is its cue."""
    text = "The mayor openly admires the chief as a “steady hand,” comparing him to his predecessor."
    assert [q.cue.text for q in quotes.extract(text, model="rules")] == ["comparing"]
    assert [q.cue.text for q in quotes.extract(text)] == ["admires"]


def test_a_short_sentence_after_a_split_quote_is_a_quote() -> None:
    """Three words, but a sentence ("Neither did I.", whose last token is "I.") and so a quote."""
    text = "“Nobody believed the budget numbers,” Ms. Ortiz said. “Neither did I.”"
    found = quotes.extract(text, model="rules")
    assert [(q.text, q.speaker_mention.text) for q in found] == [
        ("Nobody believed the budget numbers,", "Ms. Ortiz"), ("Neither did I.", "Ms. Ortiz")]


@pytest.mark.parametrize("model", MODELS)
def test_a_speaker_mention_closes_the_bracket_it_opens(model: str) -> None:
    text = "“We will fight,” Rep. Gwen Moore (D-Wis.) said on Friday."
    assert [q.speaker_mention.text for q in quotes.extract(text, model=model)] == ["Rep. Gwen Moore (D-Wis.)"]


@pytest.mark.parametrize("model", MODELS)
def test_words_a_channel_relays_are_the_speakers_not_the_channels(model: str) -> None:
    text = ("North Korea's state media reported that leader Kim Jong Un inspected a factory.\n\n"
            "\u201cOur army must be ready,\u201d the North Korean leader was quoted as saying by the Korean "
            "Central News Agency.\n\n\u201cWe will never give up,\u201d Kim was quoted by KCNA as saying.")
    found = [(q.speaker_mention.text, q.speaker) for q in quotes.extract(text, model=model)]
    assert found == [("the North Korean leader", "Kim Jong Un"), ("Kim", "Kim Jong Un")]


def test_titles_names_and_scare_quotes_are_not_quotes() -> None:
    text = ('Putin and Kim signed the "comprehensive strategic partnership" treaty last week, Yonhap '
            'reported. Flynn spoke on Fox News\'s "Fox and Friends." The so-called "reform" passed on '
            'Monday.')
    assert quotes.extract(text, model="rules") == []


def test_said_in_the_next_sentence_and_continuing_paragraphs() -> None:
    text = ('Kim Jong Un addressed the party congress on Saturday.\n\n'
            '"Our nuclear forces will grow without limit. The enemy knows it," he said.\n\n'
            '"There is no going back."')
    found = quotes.extract(text, model="rules")
    assert [q.speaker for q in found] == ["Kim Jong Un", "Kim Jong Un"]
    assert found[0].speaker_mention.text == "he"


def test_alias_registry_maps_variants_and_is_extendable(tmp_path: Path) -> None:
    text = '"We need to strengthen the alliance," said South Korean President Yun Suk-yul.'
    assert quotes.extract(text, model="rules")[0].speaker == "Yoon Suk Yeol"
    extra = tmp_path / "aliases.json"
    extra.write_text(json.dumps({"Jane Q. Roe": {"type": "PERSON", "aliases": ["Janie Roe"]}}))
    text = '"We will win," said Janie Roe.'
    assert quotes.extract(text, model="rules", aliases=[str(extra)])[0].speaker == "Jane Q. Roe"


@pytest.mark.parametrize("text", [
    "", "   \n\t ", 'He said "a "b "c" and left.', '“one “two” three', '" " "', "”backwards“ marks",
    "<p class=\"lead\">Hello</p><p>\"We won,\" she said.</p>",
])
def test_odd_input_never_raises(text: str) -> None:
    found = quotes.extract(text, model="rules")
    assert all(text[q.start : q.end] == q.text for q in found)


def test_html_attributes_are_not_quotes() -> None:
    text = '<div class="story"><p>"We won the vote tonight," the mayor told supporters.</p></div>'
    (q,) = quotes.extract(text, model="rules")
    assert q.text == "We won the vote tonight," and q.speaker_mention.text == "the mayor"


def test_a_five_megabyte_document_gives_a_result() -> None:
    paragraph = ("The council met on Monday to discuss the budget for next year and the roads. "
                 * 20 + "\n\n")
    text = paragraph * 3300 + '"We will fix the roads," the mayor said.\n'
    assert len(text.encode()) > 5_000_000
    (doc,) = quotes.extract_many([{"id": "big", "text": text}], model="rules")
    assert doc.error is None
    assert [q.text for q in doc.quotes] == ["We will fix the roads,"]


def test_cli_batch_goes_on_past_bad_documents(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text('"We will win," Smith told reporters.', encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "latin1.txt").write_bytes('caf\xe9 "said" he'.encode("latin-1"))
    result = run_cli("extract", str(tmp_path), "--model", "rules")
    assert result.returncode == 1
    records = {r["id"]: r for r in map(json.loads, result.stdout.decode().splitlines())}
    assert records["good"]["quotes"][0]["speaker_mention"]["text"] == "Smith"
    assert records["empty"]["quotes"] == [] and "error" not in records["empty"]
    assert "binary" in records["binary"]["error"] and "UTF-8" in records["latin1"]["error"]
    errors = result.stderr.decode().strip().splitlines()
    assert len(errors) == 2 and all(line.startswith("error: ") for line in errors)
    assert "Traceback" not in result.stderr.decode()


def test_cli_reads_jsonl_and_stdin_and_writes_csv_and_table(tmp_path: Path) -> None:
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text(json.dumps({"id": "a1", "text": '"Yes, we can," she said.'}) + "\nnot json\n")
    result = run_cli("extract", str(jsonl), "--format", "csv", "--model", "rules")
    assert result.returncode == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode())))
    assert rows[0]["id"] == "a1" and rows[0]["quote"] == "Yes, we can," and rows[0]["cue"] == "said"
    assert rows[1]["id"].endswith("docs.jsonl:2") and "not JSON" in rows[1]["error"]
    result = run_cli("extract", "-", "--format", "table", "--model", "rules",
                     stdin=b'"We are ready," the minister said.')
    assert result.returncode == 0 and "minister [said]" in result.stdout.decode()  # an unnamed source
    out = tmp_path / "out.jsonl"
    result = run_cli("extract", "-", "-o", str(out), "--model", "rules",
                     stdin=b'{"id": "x", "text": "no quotes"}')
    assert result.returncode == 0 and json.loads(out.read_text()) == {"id": "x", "quotes": []}


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "aliases.json"
    bad.write_text("{not json")
    for args in (["--aliases", str(bad)], ["--model", "no-such-model"]):
        result = run_cli("extract", str(SEEDS / "000_fc1882434836a0c2.txt"), *args)
        assert result.returncode == 2
        assert result.stderr.decode().count("\n") == 1 and "Traceback" not in result.stderr.decode()


def seed_paragraphs() -> list[str]:
    return [p for f in sorted(SEEDS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n")
            if p.strip()]


def invoke(*args: str, stdin: bytes | None = None) -> Result:
    """The command in this process (no start-up cost), with stdout and stderr apart."""
    result = CliRunner().invoke(app, list(args), input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_one_bad_jsonl_line_loses_no_other_record_from_a_file_or_stdin(tmp_path: Path) -> None:
    """A bad byte is one error naming its line; U+2028, U+0085 inside a string end no record."""
    paragraphs = seed_paragraphs()
    lines = [json.dumps({"id": f"p{n}", "text": paragraphs[n % len(paragraphs)]},
                        ensure_ascii=False).encode() for n in range(300)]
    lines[150] = lines[150].replace(b"text", b"te\xffxt")
    lines[200] = json.dumps({"id": "p200", "text": "\u2028\x85".join(paragraphs[27:29])},
                            ensure_ascii=False).encode()  # as lines 27 and 28, with 2 separators
    source = tmp_path / "corpus.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    want = [f"p{n}" for n in range(300) if n != 150]
    error = f"not valid UTF-8 (byte 0xff at offset {lines[150].index(0xFF)} of the line)"
    for args, stdin, where in (([str(source)], None, f"{source}:151"), (["-"], source.read_bytes(),
                                                                        "stdin:151")):
        result = invoke("extract", *args, "--model", "rules", stdin=stdin)
        assert result.exit_code == 1
        records = [json.loads(line) for line in result.stdout.split("\n") if line]
        assert [r["id"] for r in records if "error" not in r] == want
        assert [r["error"] for r in records if "error" in r] == [f"{where}: {error}"]
        assert [q["text"] for q in records[200]["quotes"]] == [
            q["text"] for r in records[27:29] for q in r["quotes"]] != []
        assert result.stderr == f"error: {where}: {error}\n"


def test_output_is_replaced_only_by_a_completed_run_and_never_overwrites_an_input(
        tmp_path: Path) -> None:
    seed = SEEDS / "000_fc1882434836a0c2.txt"
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    out.chmod(0o640)
    result = invoke("extract", str(seed), "--model", "no-such-model", "-o", str(out))
    assert result.exit_code == 2 and out.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temporary file left
    assert invoke("extract", str(seed), "--model", "rules", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text())["id"] == seed.stem and out.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_bytes(seed.read_bytes())
    (tmp_path / "link.txt").symlink_to(inputs / "a.txt")
    for args, message in (([str(inputs / "a.txt"), "-o", str(tmp_path / "link.txt")], "is the input"),
                          ([str(inputs), "-o", str(inputs / "a.txt")], "in the input folder"),
                          ([str(inputs), "-o", str(inputs / "new.txt")], "in the input folder"),
                          ([str(seed), "-o", str(tmp_path / "missing" / "x.jsonl")], "no folder"),
                          ([str(seed), "-o", str(inputs)], "is a folder"),
                          *([([str(seed), "-o", "/dev/full"], "No space left on device")]
                            if Path("/dev/full").exists() else [])):
        result = invoke("extract", *args, "--model", "rules")
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith("error: ") and message in result.stderr
    assert (inputs / "a.txt").read_bytes() == seed.read_bytes()
    assert not (tmp_path / "missing").exists() and not (inputs / "new.txt").exists()


@pytest.mark.parametrize(("signum", "code", "message"), [(signal.SIGINT, 130, "interrupted"),
                                                        (signal.SIGTERM, 143, "stopped by SIGTERM")])
def test_an_interrupted_run_leaves_the_old_output(tmp_path: Path, signum: int, code: int,
                                                  message: str) -> None:
    source = tmp_path / "corpus.jsonl"
    # long enough (about 10 s) that the signal always comes while it runs: at 20 copies a fast
    # run could finish between its first output and the signal
    source.write_text("".join(json.dumps({"id": str(n), "text": p}) + "\n"
                              for n, p in enumerate(seed_paragraphs() * 100)))
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    run = subprocess.Popen([sys.executable, "-m", "quotes.cli", "extract", str(source), "--model",
                            "rules", "-o", str(out)], cwd=ROOT, stderr=subprocess.PIPE)
    while not any(p.suffix == ".part" for p in tmp_path.iterdir()):
        assert run.poll() is None
        time.sleep(0.05)
    run.send_signal(signum)
    assert run.wait(timeout=60) == code
    assert run.stderr.read().decode() == f"error: {message}\n"
    assert out.read_text() == "old\n" and sorted(p.name for p in tmp_path.iterdir()) == [
        "corpus.jsonl", "out.jsonl"]


def test_a_reader_that_stops_early_ends_the_run_quietly() -> None:
    """`quotes extract ... | head -1`: exit 0 and no "Broken pipe" line."""
    for fmt in ("jsonl", "csv"):
        run = subprocess.Popen([sys.executable, "-m", "quotes.cli", "extract", str(SEEDS), "--model",
                                "rules", "--format", fmt], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
        run.stdout.close()  # before the model is loaded: the first write meets a closed pipe
        assert run.wait(timeout=300) == 0
        assert run.stderr.read() == b""


def test_utf16_text_is_read_and_ids_in_a_folder_tree_are_distinct(tmp_path: Path) -> None:
    seed = SEEDS / "004_83e7ea5211d4f1e1.txt"
    text = seed.read_text(encoding="utf-8")
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.txt").write_bytes(text.encode("utf-16"))  # with a BOM, as Windows writes it
    (tree / "sub" / "a.txt").write_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
    (tree / "b.txt").write_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text(json.dumps({"id": "x", "text": text}) + "\n", encoding="utf-16")
    result = invoke("extract", str(tree), str(seed), str(jsonl), "--model", "rules")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", "b", "sub/a", seed.stem, str(jsonl)]
    assert records[0]["quotes"] == records[2]["quotes"] == records[3]["quotes"] != []
    assert records[1]["error"] == "b: not valid UTF-16 (byte 0x00 at offset 2)"
    assert records[4]["error"] == f"{jsonl}: JSONL must be UTF-8; this file starts with a UTF-16 " \
                                  "byte-order mark"
    assert result.exit_code == 1 and "binary" not in result.stderr


def test_non_string_jsonl_ids_are_written_as_json(tmp_path: Path) -> None:
    text = (SEEDS / "000_fc1882434836a0c2.txt").read_text(encoding="utf-8")
    source = tmp_path / "ids.jsonl"
    source.write_text("".join(json.dumps({"id": doc_id, "text": text}) + "\n"
                              for doc_id in (True, 7, 2.5, {"a": 1}, [1, "x"], None, "plain")))
    result = invoke("extract", str(source), "--model", "rules")
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [
        "true", "7", "2.5", '{"a": 1}', '[1, "x"]', f"{source}:6", "plain"]
    assert [d.id for d in quotes.extract_many([{"id": False, "text": text}, {"text": text}],
                                              model="rules")] == ["false", "1"]


def _items_index_the_text(text: str, item: dict) -> bool:
    spans = [item] + [item[name] for name in ("cue", "speaker_mention") if item[name]]
    return all(text[span["start"]:span["end"]] == span["text"] for span in spans)


def test_kind_all_adds_reported_speech_and_leaves_the_direct_quotes_as_they_were() -> None:
    """`--kind all` on a seed: indirect items, each with offsets into the text, and the same
    direct quotes as the default run; the default run has no indirect item."""
    seed = SEEDS / "004_83e7ea5211d4f1e1.txt"
    text = seed.read_text(encoding="utf-8")
    runs = {}
    for args in ((), ("--kind", "direct"), ("--kind", "all")):
        result = run_cli("extract", str(seed), *args)
        assert result.returncode == 0, result.stderr
        runs[args] = json.loads(result.stdout)["quotes"]
    assert runs[()] == runs[("--kind", "direct")]
    assert runs[()] and {q["kind"] for q in runs[()]} == {"direct"}
    found = runs[("--kind", "all")]
    assert {q["kind"] for q in found} == {"direct", "indirect"}
    assert [q for q in found if q["kind"] == "direct"] == runs[()]
    assert all(_items_index_the_text(text, q) for q in found)
    assert [q.to_dict() for q in quotes.extract(text, kind="all")] == found


def test_kind_is_a_column_of_the_csv_and_reported_speech_has_no_marks_in_the_table() -> None:
    seed = str(SEEDS / "004_83e7ea5211d4f1e1.txt")
    rows = list(csv.DictReader(io.StringIO(run_cli("extract", seed, "--kind", "all", "--format",
                                                   "csv").stdout.decode())))
    assert {row["kind"] for row in rows} == {"direct", "indirect"}
    plain = list(csv.DictReader(io.StringIO(run_cli("extract", seed, "--format", "csv").stdout.decode())))
    assert {row["kind"] for row in plain} == {"direct"}
    assert len(rows) > len(plain)
    table = run_cli("extract", seed, "--kind", "all", "--format", "table").stdout.decode()
    reported = sum(row["kind"] == "indirect" for row in rows)
    assert f": {len(plain)} quote(s), {reported} reported\n" in table
    assert table.count("): reported: ") == reported
    assert run_cli("extract", seed, "--kind", "reported").returncode == 2  # not a choice


def test_writers_show_the_kind_of_hand_made_items() -> None:
    from quotes.io import write_csv, write_table
    from quotes.schema import Document, Quote, Span

    text = 'Kim said the talks failed. "We go on," he said.'
    doc = Document("d", text, [
        Quote("the talks failed", 9, 25, Span.of(text, 4, 8), Span.of(text, 0, 3), "Kim Jong Un",
              kind="indirect"),
        Quote("We go on,", 28, 37, Span.of(text, 42, 46), Span.of(text, 39, 41), "Kim Jong Un")])
    out = io.StringIO()
    list(write_csv([doc], out))
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["kind"], r["quote"], r["cue"]) for r in rows] == [
        ("indirect", "the talks failed", "said"), ("direct", "We go on,", "said")]
    out = io.StringIO()
    list(write_table([doc], out))
    assert out.getvalue() == ("== d: 1 quote(s), 1 reported\n"
                              "  Kim Jong Un [said] (1.00): reported: the talks failed\n"
                              "  Kim Jong Un [said] (1.00): \u201cWe go on,\u201d\n")
