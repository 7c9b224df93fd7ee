"""Metrics on small hand-made gold and predictions, and `quotes eval` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotes.cli import app
from quotes.evaluate import evaluate, prediction_outcomes
from quotes.evaluate.matching import cue_right, mention_kind, mention_right
from quotes.gold.doccano import read_gold, write_gold
from quotes.schema import Document, Quote, Span

TEXT = ('"We will win," said a North Korean foreign ministry spokesman. Kenneth Baer, a former '
        'official, said: "It is over." Kim Jong Un added: "The enemy is weak." Later, "no '
        'comment."')


def span(text: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return Span.of(TEXT, start, start + len(text))


def quote(text: str, speaker_mention: str | None = None, speaker: str | None = None,
          confidence: float = 1.0) -> Quote:
    where = span(text)
    return Quote(where.text, where.start, where.end, confidence=confidence, speaker=speaker,
                 speaker_mention=span(speaker_mention) if speaker_mention else None)


GOLD = Document("d1", TEXT, [
    quote("We will win,", "a North Korean foreign ministry spokesman"),
    quote("It is over.", "Kenneth Baer, a former official"),
    quote("The enemy is weak.", "Kim Jong Un", speaker="Kim Jong Un"),
])


def scored(*quotes: Quote, gold: Document = GOLD):
    return evaluate([gold], [Document(gold.id, "", list(quotes))])


def test_exact_needs_the_same_trimmed_span_overlap_needs_half():
    report = scored(quote('"We will win,"'), quote("It is over"), quote("The enemy is"))
    assert report.counts["tp_exact"] == 2  # marks and punctuation are trimmed, a cut is not
    assert report.counts["tp_overlap"] == 3
    assert report.metrics["quote_p_exact"] == pytest.approx(2 / 3, abs=1e-4)
    assert report.metrics["quote_f1_overlap"] == 1.0


def test_overlap_below_half_is_a_miss():
    report = scored(quote("We"))
    assert report.counts["tp_overlap"] == 0
    assert report.metrics["quote_r_overlap"] == 0.0


def test_matching_is_one_to_one():
    report = scored(quote("We will win,"), quote("We will win"), quote("will win,"))
    assert report.counts["tp_overlap"] == 1
    assert report.counts["tp_exact"] == 1
    assert report.metrics["quote_p_overlap"] == pytest.approx(1 / 3, abs=1e-4)


def test_mention_rule_accepts_the_head_word_and_rejects_other_words():
    gold = span("a North Korean foreign ministry spokesman")
    assert mention_right(span("spokesman"), gold)
    assert mention_right(span("Korean foreign ministry spokesman"), gold)
    assert not mention_right(span("North Korean"), gold)
    assert mention_right(span("Kenneth Baer"), span("Kenneth Baer, a former official"))
    assert not mention_right(span("Kim Jong Un"), gold)
    assert not mention_right(None, gold)


def test_speakers_and_who_said_what():
    report = scored(
        quote("We will win,", "spokesman"),  # right mention (head word)
        quote("It is over.", "Kim Jong Un"),  # wrong mention
        quote("The enemy is weak.", "Kim Jong Un", speaker="kim  jong un"),  # right name
        quote("no comment."),  # not in the gold
    )
    assert report.metrics["speaker_mention_acc"] == pytest.approx(2 / 3, abs=1e-4)
    assert report.metrics["canonical_speaker_acc"] == 1.0
    assert report.counts["tp_who"] == 2
    assert report.metrics["who_said_what_p"] == 0.5
    assert report.metrics["who_said_what_r"] == pytest.approx(2 / 3, abs=1e-4)
    rows = {row.speaker: row for row in report.speakers}
    assert (rows["kim jong un"].gold, rows["kim jong un"].tp) == (1, 1)
    assert rows["kenneth baer, a former official"].tp == 0


def test_speakers_are_scored_by_kind_of_gold_mention():
    assert [mention_kind(t) for t in ("he", "which", "Kim", "The US", "Kenneth Baer, a former official",
                                      "the North Korean leader", "a spokesman for the ministry")] == [
        "pronoun", "pronoun", "name", "name", "name", "description", "description"]
    report = scored(quote("We will win,", "spokesman"), quote("It is over.", "Kim Jong Un"),
                    quote("The enemy is weak.", "Kim Jong Un", speaker="Kim Jong Un"))
    rows = {row["kind"]: row for row in report.to_json()["mention_kinds"]}
    assert rows["description"]["mentions"] == 1 and rows["description"]["speaker_mention_acc"] == 1.0
    assert rows["name"]["mentions"] == 2 and rows["name"]["speaker_mention_acc"] == 0.5
    assert (rows["name"]["names"], rows["name"]["canonical_speaker_acc"]) == (1, 1.0)
    assert "pronoun" not in rows  # no gold pronoun, no row
    assert "| description | 1 | 1.000 | 0 | n/a |" in report.to_markdown()


def test_a_cue_is_right_when_it_shares_words_with_the_gold_one():
    assert cue_right(span("said", 0), span("said", 0))
    assert cue_right(span("said a"), span("said", 0))  # "told" against "told reporters"
    assert not cue_right(span("said", 1), span("said", 0))
    assert not cue_right(None, span("said", 0))
    # punctuation is a cue of its own ("Kenneth Baer, a former official, said: ..."): trimming
    # would leave nothing to compare
    assert cue_right(span(":", 0), span(":", 0)) and not cue_right(span(":", 1), span(":", 0))
    gold = Document("d1", TEXT, [Quote("We will win,", 1, 13, cue=span("said", 0))])
    report = scored(Quote("We will win,", 1, 13, cue=span("said", 1)), gold=gold)
    assert (report.counts["cue_total"], report.counts["cue_right"], report.metrics["cue_acc"]) == (1, 0, 0.0)


def test_wrong_name_is_wrong_even_with_the_right_mention():
    report = scored(quote("The enemy is weak.", "Kim Jong Un", speaker="Kim Yo Jong"))
    assert report.metrics["speaker_mention_acc"] == 1.0
    assert report.metrics["canonical_speaker_acc"] == 0.0
    assert report.counts["tp_who"] == 0


def test_missing_documents_predict_nothing_and_outcomes_carry_confidence():
    other = Document("d2", TEXT, [quote("no comment.")])
    report = evaluate([GOLD, other], [Document("d1", "", [quote("We will win,")])])
    assert report.counts["gold"] == 4 and report.counts["pred"] == 1
    outcomes = prediction_outcomes(
        [GOLD], [Document("d1", "", [quote("We will win,", "spokesman", confidence=0.3),
                                     quote("no comment.", confidence=0.9)])])
    assert [(o.confidence, o.quote_tp, o.who_said_what) for o in outcomes] == [
        (0.3, True, True), (0.9, False, False)]


def test_bootstrap_interval_contains_the_point_estimate():
    golds, preds = [], []
    for index in range(12):  # documents of varying quality
        golds.append(Document(f"d{index}", TEXT, GOLD.quotes))
        preds.append(Document(f"d{index}", "", GOLD.quotes[: index % 4]))
    report = evaluate(golds, preds)
    for name, (low, high) in report.intervals.items():
        value = report.metrics[name]
        if value is not None:
            assert low <= value <= high, name
    low, high = report.intervals["quote_f1_overlap"]
    assert low < high
    assert evaluate(golds, preds).intervals == report.intervals  # fixed seed


@pytest.fixture()
def files(tmp_path):
    gold_path = tmp_path / "gold.jsonl"
    write_gold([GOLD], gold_path)
    pred_path = tmp_path / "pred.jsonl"
    pred = Document("d1", "", [quote("We will win,", "spokesman"), quote("It is over.")])
    pred_path.write_text(json.dumps(pred.to_dict()) + "\n", encoding="utf-8")
    return gold_path, pred_path, tmp_path


def run(*args: str):
    return CliRunner().invoke(app, ["eval", *args])


def test_cli_passes_and_fails_gates(files):
    gold, pred, tmp = files
    passed = run("--gold", str(gold), "--pred", str(pred), "--fail-under", "quote_f1_overlap=0.7",
                 "--report-json", str(tmp / "r.json"), "--report-md", str(tmp / "r.md"))
    assert passed.exit_code == 0, passed.output
    assert "| quote_f1_overlap | 0.800 |" in passed.stdout
    assert json.loads((tmp / "r.json").read_text())["metrics"]["quote_r_overlap"] == 0.6667
    assert (tmp / "r.md").read_text().startswith("## ")
    failed = run("--gold", str(gold), "--pred", str(pred), "--fail-under", "quote_f1_overlap=0.9",
                 "--fail-under", "who_said_what_f1=0.1", "--fail-under", "quote_r_exact=0.9")
    assert failed.exit_code == 1
    messages = failed.stderr.strip().splitlines()
    assert len(messages) == 2 and all(m.startswith("FAIL ") for m in messages)


def test_cli_unknown_metric_and_bad_pred_are_one_line_errors(files):
    gold, pred, tmp = files
    unknown = run("--gold", str(gold), "--pred", str(pred), "--fail-under", "f1=0.5")
    assert unknown.exit_code not in (0, 1) and len(unknown.stderr.strip().splitlines()) == 1
    assert "unknown metric 'f1'" in unknown.stderr
    bad = tmp / "bad.jsonl"
    bad.write_text('{"id": "d1", "quotes": []}\n{"id": "d2", "quotes": [{"start": 1}]}\n')
    result = run("--gold", str(gold), "--pred", str(bad))
    assert result.exit_code != 0
    assert result.stderr.strip().splitlines() == [f"error: {bad}:2: quotes.0.text: field required"]
    missing = run("--gold", str(gold), "--pred", str(tmp / "nope.jsonl"))
    assert missing.exit_code != 0 and len(missing.stderr.strip().splitlines()) == 1
    neither = run("--gold", str(gold))
    assert neither.exit_code != 0 and "exactly one of" in neither.stderr


SEED_GOLD = Path(__file__).resolve().parents[1] / "annotations" / "seeds.jsonl"


def seed_lines() -> list[dict]:
    return [json.loads(line) for line in SEED_GOLD.read_text(encoding="utf-8").splitlines()]


def jsonl(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_eval_names_each_bad_gold_record_in_one_line(tmp_path):
    records = seed_lines()
    records[1]["entities"] = 5
    records[2]["entities"][0]["end_offset"] = len(records[2]["text"]) + 1
    records[3]["doc_id"] = records[0]["doc_id"]
    gold = jsonl(tmp_path / "gold.jsonl", records)
    result = run("--gold", str(gold), "--pred", str(jsonl(tmp_path / "pred.jsonl", [])))
    assert result.exit_code == 2
    entity = records[2]["entities"][0]
    assert result.stderr.splitlines() == [
        f"error: {gold}:2: entities: value is not a valid list",
        f"error: {gold}:3: entity {entity['id']} has offsets {entity['start_offset']}.."
        f"{entity['end_offset']} outside the text (length {len(records[2]['text'])})",
        f"error: {gold}:4: document id {records[0]['doc_id']!r} is already on line 1"]


def test_eval_names_each_bad_prediction_record_in_one_line(tmp_path):
    docs = list(read_gold(SEED_GOLD))
    records = [doc.to_dict() for doc in docs]
    records[1]["quotes"][0]["start"] = str(records[1]["quotes"][0]["start"])
    records[2]["quotes"][1]["end"] = len(docs[2].text) + 10
    quote = records[3]["quotes"][0]
    quote["cue"]["start"], quote["cue"]["end"] = quote["cue"]["end"], quote["cue"]["start"]
    records.append(dict(records[0]))
    pred = jsonl(tmp_path / "pred.jsonl", records)
    result = run("--gold", str(SEED_GOLD), "--pred", str(pred))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {pred}:2: quotes.0.start: value is not a valid integer",
        f"error: {pred}:3: document {docs[2].id!r} quote 1: quote ends at {len(docs[2].text) + 10}, "
        f"past the end of the gold text (length {len(docs[2].text)})",
        f"error: {pred}:4: document {docs[3].id!r} quote 0: cue offsets {quote['cue']['start']}.."
        f"{quote['cue']['end']} start below 0 or after the end",
        f"error: {pred}:6: document id {docs[0].id!r} is already on line 1"]


def test_empty_or_mismatched_predictions_score_zero_and_say_why(tmp_path):
    empty = run("--gold", str(SEED_GOLD), "--pred", str(jsonl(tmp_path / "empty.jsonl", [])),
                "--fail-under", "quote_f1_exact=0.5")
    assert empty.exit_code == 1
    assert "| quote_f1_exact | 0.000 |" in empty.stdout and "| who_said_what_f1 | 0.000 |" in empty.stdout
    assert empty.stderr.splitlines() == [
        "warning: the predictions hold no documents: every gold quote counts as missed",
        "FAIL quote_f1_exact = 0.0000 < 0.5"]
    renamed = [dict(doc.to_dict(), id=f"x-{doc.id}") for doc in read_gold(SEED_GOLD)]
    other = run("--gold", str(SEED_GOLD), "--pred", str(jsonl(tmp_path / "other.jsonl", renamed)),
                "--report-json", str(tmp_path / "report.json"))
    assert other.exit_code == 0
    warning = (f"none of the 5 predicted document ids is in the gold (the first is "
               f"{renamed[0]['id']!r}): every gold quote counts as missed")
    assert other.stderr.splitlines() == [f"warning: {warning}"]
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["metrics"]["quote_f1_exact"] == report["metrics"]["who_said_what_f1"] == 0.0
    assert report["warnings"] == [warning] and report["unknown_ids"] == 5
    some = run("--gold", str(SEED_GOLD), "--pred", str(jsonl(tmp_path / "some.jsonl", [
        doc.to_dict() for doc in read_gold(SEED_GOLD)][:2])))
    assert some.stderr.splitlines() == [
        "warning: 3 of 5 gold documents have no prediction (scored as predicting nothing)"]
