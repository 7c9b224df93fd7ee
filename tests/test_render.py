"""`quotes render`: the HTML page as a browser and as a parser see it."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import browser
import pytest
from typer.testing import CliRunner

import quotes
from quotes.cli import app
from quotes.evaluate.matching import match_document
from quotes.gold.doccano import read_gold, write_gold
from quotes.io import read_inputs
from quotes.render import render_page
from quotes.render.colours import lighter
from quotes.render.html import who
from quotes.render.markup import Element, markup
from quotes.schema import Document, Quote, Span

ROOT = Path(__file__).resolve().parents[1]
SEEDS, SEED_GOLD = ROOT / "seeds", ROOT / "annotations" / "seeds.jsonl"
VOID = {"meta", "br", "img", "input", "link", "hr"}


class Page(HTMLParser):
    """Elements with their attributes and text, checking that every tag closes in order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self.open: list[dict] = []
        self.feed(html)
        self.close()
        assert not self.open, f"unclosed: {[e['tag'] for e in self.open]}"

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, **dict(attrs), "text": "",
                   "within": {c for e in self.open for c in e.get("class", "").split()}}
        self.elements.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1]["tag"] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data

    def having(self, cls: str, within: str = "", **attrs: str) -> list[dict]:
        """Elements of class `cls` inside one of class `within` (the legend has samples of every
        class), with these attributes (`data_x` for data-x)."""
        return [e for e in self.elements if cls in e.get("class", "").split()
                and (not within or within in e["within"])
                and all(e.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def run(*args: str):
    return CliRunner().invoke(app, ["render", *args])


def test_markup_nests_crossing_and_inner_spans_and_keeps_the_text():
    text = 'He said "Yes, Kim said, & <no>" twice'
    elements = [Element(9, 30, "mark", {"class": "quote"}), Element(14, 17, "b", {"class": "in"}),
                Element(3, 12, "i", {"class": "cross"}), Element(9, 9, "span", {"class": "who"}, "K")]
    page = Page(f"<div>{markup(text, elements)}</div>")
    assert page.elements[0]["text"] == text[:9] + "K" + text[9:]
    assert "".join(e["text"] for e in page.having("quote")) == text[9:30]
    assert "".join(e["text"] for e in page.having("cross")) == text[3:9] + "K" + text[9:12]
    assert [e["text"] for e in page.having("in")] == ["Kim"]
    assert len(page.having("cont")) == 1  # the quote reopened after the crossing span closed


def test_markup_in_the_text_is_shown_not_run(tmp_path):
    text = ('<script>alert(1)</script> Kim Jong Un spoke. "We <b>will</b> win & never give up," '
            'Kim Jong Un said.')
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "page.html"
    result = run(str(tmp_path / "doc.txt"), "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "<b>" not in html
    page = Page(html)
    [quote] = page.having("quote", data_speaker="Kim Jong Un")
    assert quote["text"] == "We <b>will</b> win & never give up,"
    assert text[int(quote["data-start"]):int(quote["data-end"])] == quote["text"]
    assert [e["text"] for e in page.having("cue", "document")] == ["said"]
    assert [e["text"] for e in page.having("speaker-mention", "document")] == ["Kim Jong Un"]
    assert [e["text"] for e in page.having("who", "document")] == ["Kim Jong Un"]
    assert page.having("document")[0]["text"].count("<script>alert(1)</script>") == 1


def test_speaker_mention_inside_a_quote_is_marked_inside_it():
    text = '"Our army, Kim Jong Un said, is ready," the agency reported.'
    start = text.index("Kim")
    quote = Quote(text[1:38], 1, 38, cue=Span.of(text, start + 12, start + 16),
                  speaker_mention=Span.of(text, start, start + 11), speaker="Kim Jong Un")
    page = Page(render_page([Document("d", text, [quote])]))
    [mark] = page.having("quote", "document")
    assert mark["text"] == quote.text
    [mention] = page.having("speaker-mention", "quote")
    assert mention["text"] == "Kim Jong Un" and mention["data-speaker"] == "Kim Jong Un"
    assert [e["text"] for e in page.having("cue", "quote")] == ["said"]


def test_speaker_summary_counts_quotes_words_and_documents_with_one_colour_per_speaker(tmp_path):
    texts = ['"One two three," Yoon Suk Yeol told reporters. "Four five," Yoon Suk Yeol added.',
             '"Six seven," Yoon Suk Yeol said. "Eight," Kim Jong Un said.']
    for number, text in enumerate(texts):
        (tmp_path / f"d{number}.txt").write_text(text, encoding="utf-8")
    docs = list(quotes.extract_many(read_inputs([str(tmp_path)])))
    page = Page(render_page(docs))
    rows = {row["data-speaker"]: row for row in page.having("speaker-row")}
    assert (rows["Yoon Suk Yeol"]["data-quotes"], rows["Yoon Suk Yeol"]["data-words"]) == ("3", "7")
    assert (rows["Kim Jong Un"]["data-quotes"], rows["Kim Jong Un"]["data-words"]) == ("1", "1")
    cells = [cell["text"] for cell in page.elements if cell["tag"] == "td"]
    assert cells[:4] == ["Yoon Suk Yeol", "3", "7", "2"]
    colours = {m["data-speaker"]: set() for m in page.having("quote", "document")}
    for mark in page.having("quote", "document"):
        colours[mark["data-speaker"]].add(mark["style"])
    assert all(len(styles) == 1 for styles in colours.values())
    assert colours["Yoon Suk Yeol"] != colours["Kim Jong Un"]


def test_speaker_table_links_each_speaker_to_every_one_of_their_quotes():
    docs = list(quotes.extract_many(read_inputs([str(ROOT / "seeds")])))
    page = Page(render_page(docs))
    ids = Counter(e["id"] for e in page.elements if "id" in e)
    assert all(n == 1 for n in ids.values()), "duplicate ids"
    marks = {e["id"]: e for e in page.having("quote", "document")}
    for row in page.having("speaker-row"):
        links = [e["href"][1:] for e in page.elements if e["tag"] == "a" and "links" in e["within"]
                 and e["href"][1:] in marks and marks[e["href"][1:]]["data-speaker"] == row["data-speaker"]]
        assert len(links) == int(row["data-quotes"]), row["data-speaker"]
    trump = [e for e in page.having("speaker-row") if e["data-speaker"] == "Donald Trump"]
    assert [r["data-quotes"] for r in trump] == ["4"]


def test_gold_shows_hits_wrong_speakers_false_alarms_and_misses(tmp_path):
    text = ('"One two three," Yoon Suk Yeol told reporters. "Four five," Yoon Suk Yeol added. '
            '"Six," Kim Jong Un said. Officials called the talks a complete success.')
    (tmp_path / "talks.txt").write_text(text, encoding="utf-8")
    hit, wrong, alarm = quotes.extract(text)
    missed_at = text.index("a complete success")
    missed = Quote("a complete success", missed_at, missed_at + 18, speaker="Officials")
    relabelled = Quote(wrong.text, wrong.start, wrong.end, speaker="Han Duck-soo")
    write_gold([Document("talks", text, [hit, relabelled, missed])], tmp_path / "gold.jsonl")
    out = tmp_path / "page.html"
    result = run(str(tmp_path / "talks.txt"), "--gold", str(tmp_path / "gold.jsonl"), "-o", str(out))
    assert result.exit_code == 0, result.output
    page = Page(out.read_text(encoding="utf-8"))
    counts = {e["class"].split()[1]: e["data-count"] for e in page.having("count")}
    assert counts == {"hit": "1", "wrong-speaker": "1", "false-alarm": "1", "miss": "1"}
    [shown_hit] = page.having("hit", "text", data_start=str(hit.start))
    assert shown_hit["data-gold-speaker"] == shown_hit["data-speaker"] == "Yoon Suk Yeol"
    [shown_wrong] = page.having("wrong-speaker", "text", data_start=str(wrong.start))
    assert (shown_wrong["data-speaker"], shown_wrong["data-gold-speaker"]) == ("Yoon Suk Yeol",
                                                                            "Han Duck-soo")
    [shown_alarm] = page.having("false-alarm", "text", data_start=str(alarm.start))
    assert shown_alarm["data-speaker"] == "Kim Jong Un" and "data-gold-speaker" not in shown_alarm
    [shown_miss] = page.having("gold-quote", data_start=str(missed_at))
    assert shown_miss["text"] == "a complete success" and shown_miss["data-speaker"] == "Officials"
    rows = {row["data-start"]: row for row in page.having("gold-row")}
    assert rows[str(hit.start)]["class"] == "gold-row hit"
    assert rows[str(wrong.start)]["class"] == "gold-row miss wrong-speaker"
    assert "predicted: Yoon Suk Yeol" in rows[str(wrong.start)]["text"]
    assert rows[str(missed_at)]["class"] == "gold-row miss"
    assert [row["data-start"] for row in page.having("false-row")] == [str(alarm.start)]


def test_unreadable_documents_are_listed_and_exit_one(tmp_path):
    (tmp_path / "good.txt").write_text('"Yes," Kim Jong Un said.', encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00binary")
    out = tmp_path / "page.html"
    result = run(str(tmp_path / "good.txt"), str(tmp_path / "bad.txt"), str(tmp_path / "gone.txt"),
                 "-o", str(out))
    assert result.exit_code == 1
    page = Page(out.read_text(encoding="utf-8"))
    errors = [e["text"] for e in page.having("error")]
    assert errors == ["bad: not valid UTF-16 (byte 0x79 at offset 8)",  # it starts with a UTF-16 BOM
                      f"{tmp_path / 'gone.txt'}: no such file or folder"]
    assert [d["data-id"] for d in page.having("document")] == ["good"]
    assert "Traceback" not in result.output


def test_bad_gold_and_unwritable_output_are_one_line_errors(tmp_path):
    result = run(str(SEEDS), "--gold", str(tmp_path / "none.jsonl"), "-o", str(tmp_path / "p.html"))
    assert result.exit_code == 2 and result.output.strip().count("\n") == 0
    assert "error: gold" in result.output
    result = run(str(SEEDS), "-o", str(tmp_path / "no" / "dir" / "p.html"))
    assert result.exit_code == 2 and result.output.startswith("error: cannot write")


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("render") / "seeds.html"
    result = run(str(SEEDS), "--gold", str(SEED_GOLD), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.skipif(not browser.available() and os.environ.get("CI") != "true",
                    reason="no chromium/chromedriver (CI installs them and never skips)")
def test_seeds_page_in_chromium_shows_every_gold_quote(seeds_page):
    gold = list(read_gold(SEED_GOLD))
    predicted = {d.id: d for d in quotes.extract_many(read_inputs([str(SEEDS)]))}
    with browser.chromium() as driver:
        driver.get(seeds_page.as_uri())
        browser.full_page_screenshot(driver, ROOT / "artifacts" / "render-seeds.png")
        assert driver.title == "Who said what"
        found = 0
        for doc in gold:
            section = driver.find_element("css selector", f'section[data-id="{doc.id}"]')
            outcomes = {id(o.gold): o for o in match_document(doc, predicted[doc.id]).matched}
            for quote in doc.quotes:
                where = f'[data-start="{quote.start}"][data-end="{quote.end}"]'
                [row] = section.find_elements("css selector", f"li.gold-row{where}")
                assert row.is_displayed()
                assert row.get_attribute("data-speaker") == quote.speaker
                kind = set(row.get_attribute("class").split()) & {"hit", "miss"}
                outcome = outcomes.get(id(quote))
                assert kind == ({"hit"} if outcome and outcome.who_said_what else {"miss"})
                if outcome is None:
                    continue
                found += 1
                pred = outcome.quote
                marks = section.find_elements(
                    "css selector", f'mark.quote[data-gold-start="{quote.start}"]')
                assert marks and all(m.is_displayed() for m in marks)
                assert {m.get_attribute("data-speaker") for m in marks} == {pred.speaker or ""}
                assert "".join(m.get_attribute("textContent") for m in marks) == pred.text
                background = marks[0].value_of_css_property("background-color")
                assert background not in ("rgba(0, 0, 0, 0)", "transparent")
                label = driver.execute_script("return arguments[0].previousElementSibling", marks[0])
                assert "who" in label.get_attribute("class").split() and label.is_displayed()
                assert label.text.startswith(who(pred))
        assert found > 0
        speakers = Counter(q.speaker for d in predicted.values() for q in d.quotes)
        for speaker, count in speakers.items():
            [row] = driver.find_elements("css selector",
                                         f'tr.speaker-row[data-speaker="{speaker or ""}"]')
            assert row.get_attribute("data-quotes") == str(count) and row.is_displayed()
    assert (ROOT / "artifacts" / "render-seeds.png").stat().st_size > 50_000


def test_reported_speech_is_a_paler_dashed_mark_of_its_speakers_colour():
    text = 'Kim Jong Un said the talks had failed. "We go on," Kim Jong Un said.'
    kim, cue = Span.of(text, 0, 11), Span.of(text, 12, 16)
    reported = Quote("the talks had failed", 17, 37, cue, kim, "Kim Jong Un", kind="indirect")
    direct = Quote("We go on,", 40, 49, Span.of(text, 63, 67), Span.of(text, 51, 62), "Kim Jong Un")
    page = Page(render_page([Document("d", text, [reported, direct])]))
    [shown_direct] = page.having("quote", "document", data_kind="direct")
    [shown_reported] = page.having("quote", "document", data_kind="indirect")
    assert shown_reported["text"] == "the talks had failed" and shown_direct["text"] == "We go on,"
    assert "reported" in shown_reported["class"].split() and "reported" not in shown_direct["class"]
    colour = shown_direct["style"].removeprefix("background:")
    assert colour == "#ffd166" and shown_reported["style"] == f"background:{lighter(colour)}"
    assert lighter(colour) == "#ffedc2"
    labels = page.having("who", "document")
    assert [label["class"] for label in labels] == ["who reported", "who"]
    assert [e["text"] for e in page.having("cue", "document")] == ["said", "said"]
    assert [e["text"] for e in page.having("reported", "legend")] == ["reported speech"]
    [row] = page.having("speaker-row")
    assert (row["data-quotes"], row["data-direct"], row["data-indirect"]) == ("2", "1", "1")
    assert "1 quote(s), 1 reported" in page.having("counts")[0]["text"]
    plain = Page(render_page([Document("d", text, [direct])]))
    assert not plain.having("reported") and "data-direct" not in plain.having("speaker-row")[0]


def test_reported_speech_is_compared_with_gold_reported_speech_only():
    """A predicted indirect item over a gold direct quote is a false alarm, and the quote is
    missed, as `quotes eval` scores each kind apart."""
    text = 'Kim Jong Un said the talks had failed. "We go on," Kim Jong Un said.'
    kim = Span.of(text, 0, 11)
    gold_reported = Quote("the talks had failed", 17, 37, speaker_mention=kim, speaker="Kim Jong Un",
                          kind="indirect")
    gold_direct = Quote("We go on,", 40, 49, speaker="Kim Jong Un")
    predicted = [replace(gold_reported), replace(gold_direct, kind="indirect")]
    page = Page(render_page([Document("d", text, predicted)],
                            {"d": Document("d", text, [gold_reported, gold_direct])}))
    counts = {e["class"].split()[1]: e["data-count"] for e in page.having("count")}
    assert counts == {"hit": "1", "wrong-speaker": "0", "false-alarm": "1", "miss": "1"}
    [hit] = page.having("hit", "text")
    assert (hit["data-kind"], hit["data-start"]) == ("indirect", "17")
    [alarm] = page.having("false-alarm", "text")
    assert (alarm["data-kind"], alarm["data-start"]) == ("indirect", "40")
    [missed] = page.having("gold-quote", data_start="40")
    assert missed["data-kind"] == "direct"
    rows = {row["data-start"]: row for row in page.having("gold-row")}
    assert (rows["17"]["class"], rows["40"]["class"]) == ("gold-row hit", "gold-row miss")
    assert page.having("reported-text", "gold")  # reported speech is listed without <q> marks


def test_render_kind_all_marks_the_seeds_reported_speech(tmp_path):
    docs = {d.id: d for d in quotes.extract_many(read_inputs([str(SEEDS)]), kind="all")}
    pages = {}
    for args in ((), ("--kind", "all")):
        out = tmp_path / f"page{len(args)}.html"
        result = run(str(SEEDS), "-o", str(out), *args)
        assert result.exit_code == 0, result.output
        pages[args] = Page(out.read_text(encoding="utf-8"))
    assert not pages[()].having("quote", "document", data_kind="indirect")
    marks = pages[("--kind", "all")].having("quote", "document", data_kind="indirect")
    pieces = [m for m in marks if "cont" not in m["class"].split()]
    assert len(pieces) == sum(q.kind == "indirect" for d in docs.values() for q in d.quotes) > 0
    ids = Counter(e["id"] for e in pages[("--kind", "all")].elements if "id" in e)
    assert all(n == 1 for n in ids.values()), "duplicate ids"
    shown = {(m["id"].removeprefix("r-").rsplit("-", 2)[0], int(m["data-start"]), int(m["data-end"]))
             for m in pieces if "reported" in m["class"].split()}
    assert shown == {(d.id, q.start, q.end) for d in docs.values() for q in d.quotes if q.kind == "indirect"}
    for mark in pieces:  # a mark's first word is the text's (a nested item's label may follow it)
        text = docs[mark["id"].removeprefix("r-").rsplit("-", 2)[0]].text
        assert mark["text"].startswith(text[int(mark["data-start"]):int(mark["data-end"])].split()[0])
