"""`quotes stats` and `quotes.stats`: who gets quoted across the seed articles, as a user counts it."""

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import pytest
from paths import ROOT

import quotes
from quotes.io import read_inputs


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quotes.cli", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)


def extracted_seeds(folder, *options: str) -> list[dict]:
    """The shipped model's records for the five seed articles, with an outlet and a date each as
    a corpus would carry them (passed through `quotes extract` from JSONL input)."""
    inputs = folder / "seeds.jsonl"
    with inputs.open("w", encoding="utf-8") as out:
        for number, record in enumerate(read_inputs([str(ROOT / "seeds")])):
            out.write(json.dumps({"id": record.id, "text": record.text,
                                  "outlet": "wire" if number % 2 else "daily",
                                  "date": f"2024-0{number % 3 + 1}-1{number}"}) + "\n")
    done = run("extract", str(inputs), "-q", *options)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> list[dict]:
    return extracted_seeds(tmp_path_factory.mktemp("seeds"))


@pytest.fixture(scope="module")
def seeds_all(tmp_path_factory) -> list[dict]:
    """The same records with reported speech (`quotes extract --kind all`)."""
    return extracted_seeds(tmp_path_factory.mktemp("seeds-all"), "--kind", "all")


def test_extract_passes_the_records_other_fields_on(seeds):
    assert [(r["outlet"], r["date"][:7]) for r in seeds[:2]] == [("daily", "2024-01"), ("wire", "2024-02")]


def test_seed_counts_are_the_hand_counted_ones(seeds):
    rows = {row.speaker: row for row in quotes.stats(seeds).speakers}
    # Counted by reading the five articles (annotations/seeds.spec.json holds the same counts).
    assert (rows["Kim Jong Un"].quotes, rows["Kim Jong Un"].documents) == (4, 2)
    assert (rows["Donald Trump"].quotes, rows["Donald Trump"].documents) == (4, 1)
    assert (rows["Yoon Suk Yeol"].quotes, rows["Yoon Suk Yeol"].documents) == (4, 2)
    assert sum(row.quotes for row in rows.values()) == 30
    assert rows["Donald Trump"].share == pytest.approx(4 / 30)
    assert rows["Donald Trump"].words == sum(len(q["text"].split()) for r in seeds for q in r["quotes"]
                                            if q["speaker"] == "Donald Trump")


def test_spellings_of_one_speaker_in_different_documents_are_one_row(seeds):
    """Records written by another tool, or before the registry knew a name, spell Yoon as the
    article did; the registry and name folding make them one speaker."""
    spelled = iter(["Yun Suk-yul", "Yoon Suk-yeol", "YOON SUK YEOL", "Yoon Suk Yeol"])
    records = json.loads(json.dumps(seeds))
    for record in records:
        for quote in record["quotes"]:
            if quote["speaker"] == "Yoon Suk Yeol":
                quote["speaker"] = next(spelled)
            elif quote["speaker"] == "Kim Jong Un":
                quote["speaker"] = "kim jong-un"
    rows = {row.speaker: row for row in quotes.stats(records).speakers}
    assert (rows["Yoon Suk Yeol"].quotes, rows["Yoon Suk Yeol"].documents) == (4, 2)
    assert "Yun Suk-yul" not in rows
    assert (rows["Kim Jong Un"].quotes, rows["Kim Jong Un"].documents) == (4, 2)


def test_unnamed_sources_are_never_merged_across_documents(seeds):
    records = json.loads(json.dumps(seeds))
    for record in records[:2]:
        record["quotes"][0].update(speaker="senior administration official", speaker_kind="unnamed")
    table = quotes.stats(records, kind="unnamed")
    rows = sorted((r.speaker, r.quotes, r.document) for r in table.speakers)
    assert [row for row in rows if row[0] == "senior administration official"] == [
        ("senior administration official", 1, records[0]["id"]),
        ("senior administration official", 1, records[1]["id"])]
    named = [(q["speaker"], r["id"]) for r in records for q in r["quotes"] if q["speaker_kind"] == "unnamed"]
    assert {(speaker, document) for speaker, _, document in rows} == set(named)  # a row per document's source
    [unnamed] = [k for k in table.kinds if k.kind == "unnamed"]
    assert (unnamed.quotes, unnamed.speakers) == (len(named), len(set(named)))
    assert unnamed.share == pytest.approx(len(named) / 30)


def test_by_outlet_and_month_with_top_and_dates(seeds):
    table = quotes.stats(seeds, by=["outlet"], top=2)
    groups = [row.group for row in table.speakers]
    assert groups == ["daily", "daily", "wire", "wire"]
    for group in ("daily", "wire"):
        total = sum(len(r["quotes"]) for r in seeds if r["outlet"] == group)
        kinds = [k for k in table.kinds if k.group == group]
        assert sum(k.quotes for k in kinds) == total and sum(k.share for k in kinds) == pytest.approx(1)
    months = quotes.stats(seeds, by=["month"])
    trump = [row for row in months.speakers if row.speaker == "Donald Trump"]
    trump_record = next(r for r in seeds if any(q["speaker"] == "Donald Trump" for q in r["quotes"]))
    assert [(row.group, row.first, row.last) for row in trump] == [
        (trump_record["date"][:7], trump_record["date"], trump_record["date"])]


def test_min_confidence_leaves_out_quotes(seeds):
    lowest = min(q["confidence"] for r in seeds for q in r["quotes"])
    assert quotes.stats(seeds, min_confidence=lowest + 1e-6).quotes < 30 == quotes.stats(seeds).quotes


def test_cli_formats_agree(seeds, tmp_path):
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text("".join(json.dumps(r) + "\n" for r in seeds), encoding="utf-8")
    as_json = json.loads(run("stats", str(predictions), "--format", "json").stdout)
    as_csv = list(csv.DictReader(io.StringIO(run("stats", str(predictions), "--format", "csv").stdout)))
    table = run("stats", str(predictions), "--top", "3").stdout
    markdown = run("stats", str(predictions), "--format", "md").stdout
    assert as_json["quotes"] == 30 and as_json["documents"] == 5
    assert [r["speaker"] for r in as_csv] == [r["speaker"] for r in as_json["speakers"]]
    assert [int(r["quotes"]) for r in as_csv] == [r["quotes"] for r in as_json["speakers"]]
    assert "| Donald Trump | " in markdown and "Quotes by speaker kind" in markdown
    assert table.count("\n") < markdown.count("\n") and "Kim Jong Un" in table


def test_a_bad_line_is_named_and_the_rest_counted(seeds, tmp_path):
    predictions = tmp_path / "pred.jsonl"
    lines = [json.dumps(r) for r in seeds]
    lines.insert(2, '{"id": "broken", "quotes": 5}')
    lines.insert(4, "not json")
    predictions.write_bytes("\n".join(lines).encode("utf-8") + b"\n\xff\n")  # a bad byte: line 8
    done = run("stats", str(predictions), "--format", "json")
    assert done.returncode == 1
    assert json.loads(done.stdout)["quotes"] == 30
    errors = done.stderr.strip().splitlines()
    assert errors == [f"error: {predictions}:3: not a quotes extract record",
                      f"error: {predictions}:5: not a JSON line",
                      f"error: {predictions}:8: not a JSON line"]


def test_charts_are_valid_images(seeds, tmp_path):
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text("".join(json.dumps(r) + "\n" for r in seeds), encoding="utf-8")
    png, svg = tmp_path / "top.png", tmp_path / "by.svg"
    assert run("stats", str(predictions), "--chart", str(png)).returncode == 0
    assert run("stats", str(predictions), "--by", "outlet", "--chart", str(svg)).returncode == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    root = ElementTree.parse(svg).getroot()
    texts = "".join(root.itertext())
    assert root.tag.endswith("svg") and "Donald Trump" in texts and "wire" in texts
    wrong = run("stats", str(predictions), "--chart", str(tmp_path / "top.gif"))
    assert wrong.returncode == 2 and wrong.stderr.strip().endswith("a chart is written as .png or .svg")


def test_stats_from_inputs_with_a_model():
    done = run("stats", str(ROOT / "seeds"), "--model", "default", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = {r["speaker"]: r["quotes"] for r in json.loads(done.stdout)["speakers"]}
    assert rows["Donald Trump"] == 4 and rows["Kim Jong Un"] == 4


def test_frame_needs_pandas(seeds):
    table = quotes.stats(seeds)
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="Stats.rows"):
            table.frame()
    else:
        assert list(table.frame()["speaker"]) == [r.speaker for r in table.speakers]


def test_item_kind_counts_direct_quotes_by_default_and_reported_speech_when_asked(seeds, seeds_all):
    """The default counts of records with reported speech are those of the direct-only records;
    `indirect` counts the reported items, `all` both, each row saying how many of each."""
    assert quotes.stats(seeds_all).rows() == quotes.stats(seeds).rows()
    assert quotes.stats(seeds_all).rows("kinds") == quotes.stats(seeds).rows("kinds")
    reported = sum(q["kind"] == "indirect" for r in seeds_all for q in r["quotes"])
    assert reported > 0
    indirect, both = quotes.stats(seeds_all, items="indirect"), quotes.stats(seeds_all, items="all")
    unattributed = sum(not q["speaker"] for r in seeds_all for q in r["quotes"] if q["kind"] == "indirect")
    assert indirect.quotes == reported and sum(r.quotes for r in indirect.speakers) == reported - unattributed
    assert both.quotes == 30 + reported
    assert all(r.direct + r.indirect == r.quotes for r in both.speakers + both.kinds)
    assert sum(r.direct for r in both.kinds) == 30 and sum(r.indirect for r in both.kinds) == reported
    direct = {r.speaker: r.quotes for r in quotes.stats(seeds).speakers}
    assert {r.speaker: r.direct for r in both.speakers if r.direct} == direct
    assert all("direct" not in row for row in indirect.rows())
    assert all("indirect" in row for row in both.rows())
    with pytest.raises(ValueError, match="items must be one of direct, indirect, all"):
        quotes.stats(seeds_all, items="reported")


def test_item_kind_on_hand_made_records():
    records = [{"id": "a", "quotes": [
        {"kind": "direct", "text": "We will win.", "speaker": "Kim Jong Un", "speaker_kind": "person"},
        {"kind": "indirect", "text": "the talks had failed", "speaker": "Kim Jong Un",
         "speaker_kind": "person"},
        {"kind": "indirect", "text": "sanctions work", "speaker": "Jane Roe", "speaker_kind": "person"},
        {"text": "No comment.", "speaker": "Jane Roe", "speaker_kind": "person"}]}]  # no kind: direct
    both = {r.speaker: (r.quotes, r.direct, r.indirect, r.words)
            for r in quotes.stats(records, items="all").speakers}
    assert both == {"Kim Jong Un": (2, 1, 1, 7), "Jane Roe": (2, 1, 1, 4)}
    assert [(r.speaker, r.words) for r in quotes.stats(records).speakers] == [
        ("Kim Jong Un", 3), ("Jane Roe", 2)]
    assert [(r.speaker, r.words) for r in quotes.stats(records, items="indirect").speakers] == [
        ("Kim Jong Un", 4), ("Jane Roe", 2)]


def test_cli_item_kind(seeds_all, tmp_path):
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text("".join(json.dumps(r) + "\n" for r in seeds_all), encoding="utf-8")
    reported = sum(q["kind"] == "indirect" for r in seeds_all for q in r["quotes"])
    plain = json.loads(run("stats", str(predictions), "--format", "json").stdout)
    assert plain["quotes"] == 30 and "items" not in plain and "direct" not in plain["speakers"][0]
    both = json.loads(run("stats", str(predictions), "--item-kind", "all", "--format", "json").stdout)
    assert (both["quotes"], both["items"]) == (30 + reported, "all")
    assert all(r["direct"] + r["indirect"] == r["quotes"] for r in both["speakers"])
    rows = list(csv.DictReader(io.StringIO(run("stats", str(predictions), "--item-kind", "all",
                                               "--format", "csv").stdout)))
    assert list(rows[0])[:5] == ["speaker", "kind", "quotes", "direct", "indirect"]
    assert [r["speaker"] for r in rows] == [r["speaker"] for r in both["speakers"]]
    table = run("stats", str(predictions), "--item-kind", "all").stdout
    assert table.startswith(f"{30 + reported} items (30 direct quotes, {reported} reported) in 5 documents")
    assert run("stats", str(predictions), "--item-kind", "indirect").stdout.startswith(
        f"{reported} reported items in 5 documents")
    assert run("stats", str(predictions), "--item-kind", "reported").returncode == 2
    extracted = json.loads(run("stats", str(ROOT / "seeds"), "--model", "default", "--item-kind", "all",
                               "--format", "json").stdout)
    undated = [dict(r, first=None, last=None) for r in both["speakers"]]  # the inputs have no dates
    assert extracted["quotes"] == both["quotes"] and extracted["speakers"] == undated
