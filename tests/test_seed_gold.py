"""The gold sets are what they claim to be: exact offsets, one speaker per quote, built from
the human-edited spec; the seeds' canonical names are registered and nothing is taken from
their boilerplate; every wire quote has a canonical speaker and a valid kind."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from quotes.aliases import fold
from quotes.gold.doccano import SAID_BY, read_gold, write_gold
from quotes.schema import SPEAKER_KINDS, Document

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "annotations" / "seeds.jsonl"
SPEC = ROOT / "annotations" / "seeds.spec.json"
ALIASES = ROOT / "quotes" / "data" / "aliases.json"
SEEDS = ROOT / "seeds"
WIRE = ROOT / "annotations" / "wire"
# name -> (gold JSONL, spec, folder of texts)
SETS = {"seeds": (GOLD, SPEC, SEEDS),
        "wire": (ROOT / "annotations" / "wire.jsonl", ROOT / "annotations" / "wire.spec.json", WIRE)}

_loader = importlib.util.spec_from_file_location("build_seeds", ROOT / "annotations" / "build_seeds.py")
build_seeds = importlib.util.module_from_spec(_loader)
_loader.loader.exec_module(build_seeds)

# Boilerplate of each seed, named by the text that opens and closes it (None: the end).
BOILERPLATE = {
    "002_6aac2701e2edd0f1": [("Featured Stories", None)],
    "003_6cd36bc9f5521f98": [
        ("At a fence-mending summit on Thursday, Tokyo and Seoul", "/ AFP"),
        ("READ MORE:", "\n"),
        ("SOURCE:TRTWorld", None),
    ],
    "004_83e7ea5211d4f1e1": [
        ("In this undated photo provided", "\n"),
        ("President Donald Trump and Japanese Prime Minister Shigeru Ishiba hold", "\n"),
        ("Trump Kim handshake", "(PA AAP)"),
        ("Chilling message spells doom", "\n"),
        ("You May Also Like", None),
    ],
}


@pytest.fixture(scope="module")
def gold() -> dict[str, Document]:
    return {doc.id: doc for doc in read_gold(GOLD)}


@pytest.fixture(scope="module", params=sorted(SETS))
def gold_set(request) -> tuple[dict[str, Document], list[dict], dict, Path]:
    """Each gold set in turn: its documents by id, its raw lines, its spec and its texts."""
    path, spec, texts = SETS[request.param]
    return ({doc.id: doc for doc in read_gold(path)},
            [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()],
            json.loads(spec.read_text(encoding="utf-8")), texts)


@pytest.fixture(scope="module")
def aliases() -> dict[str, dict]:
    return json.loads(ALIASES.read_text(encoding="utf-8"))


def _regions(text: str, start_marker: str, end_marker: str | None) -> list[tuple[int, int]]:
    """Every stretch from `start_marker` to the end of the next `end_marker` (or the text)."""
    regions, at = [], text.find(start_marker)
    while at >= 0:
        end = len(text) if end_marker is None else text.index(end_marker, at) + len(end_marker)
        regions.append((at, end))
        at = text.find(start_marker, at + 1)
    return regions


def test_every_article_has_gold_on_its_exact_text(gold_set):
    gold, _, _, folder = gold_set
    texts = {path.stem: path.read_text(encoding="utf-8") for path in folder.glob("*.txt")}
    assert set(gold) == set(texts)
    for doc_id, doc in gold.items():
        assert doc.text == texts[doc_id]
        assert doc.quotes, f"{doc_id} has no gold quote"


def test_doccano_lines_have_the_same_keys(gold_set):
    assert len({tuple(sorted(record)) for record in gold_set[1]}) == 1


def test_gold_round_trips_through_the_shared_writer(gold_set, tmp_path):
    gold, records, _, _ = gold_set
    write_gold(gold.values(), tmp_path / "again.jsonl")
    again = [json.loads(line) for line in (tmp_path / "again.jsonl").read_text().splitlines()]
    assert sorted(again, key=lambda r: r["doc_id"]) == sorted(records, key=lambda r: r["doc_id"])


def test_spans_are_exact_and_quotes_exclude_their_marks(gold_set):
    for doc in gold_set[0].values():
        text, stretches = doc.text, build_seeds.marked_stretches(doc.text)
        for quote in doc.quotes:
            assert quote.text == text[quote.start:quote.end]
            assert (quote.start, quote.end) in stretches, f"{doc.id}: {quote.text!r} is not marked"
            assert quote.text == quote.text.strip()
            assert quote.text[0] not in build_seeds.DOUBLE_MARKS
            assert quote.text[-1] not in build_seeds.DOUBLE_MARKS
            before = text[:quote.start].rstrip(" \t")
            assert before and before[-1] in build_seeds.DOUBLE_MARKS
            after = text[quote.end:].lstrip(" \t")
            if not after or after[0] == "\n":  # a paragraph piece of a multi-paragraph quote
                assert after.lstrip()[:1] in tuple(build_seeds.DOUBLE_MARKS)
            else:
                assert after[0] in build_seeds.DOUBLE_MARKS
            for span in (quote.cue, quote.speaker_mention):
                if span is None:
                    continue
                assert span.text == text[span.start:span.end]
                assert span.text == span.text.strip(" ,.;:") and span.text
                assert not any(s < span.end and span.start < e for s, e in stretches), (
                    f"{doc.id}: {span.text!r} lies inside a quotation")


def test_each_quote_has_at_most_one_speaker_and_one_cue(gold_set):
    for record in gold_set[1]:
        labels = {ent["id"]: ent["label"] for ent in record["entities"]}
        links: dict[tuple[int, str], int] = {}
        for rel in record["relations"]:
            key = (rel["from_id"], rel["type"])
            links[key] = links.get(key, 0) + 1
            assert labels[rel["from_id"]] == "QUOTE"
            assert labels[rel["to_id"]] == ("SPEAKER" if rel["type"] == SAID_BY else "CUE")
        assert max(links.values()) == 1


def test_every_named_canonical_speaker_is_registered(gold, aliases):
    """People, bodies and states by their registry key; the three unnamed sources by their
    description (GUIDELINES §4.3: a common noun last, in lower case)."""
    speakers = [q.speaker for doc in gold.values() for q in doc.quotes if q.speaker]
    unnamed = sorted(s for s in speakers if s.split()[-1].islower())
    assert unnamed == ["North Korean foreign ministry spokesman"] * 2 + [
        "South Korean defence ministry official"]
    for speaker in speakers:
        assert speaker in unnamed or speaker in aliases, speaker


def test_boilerplate_holds_no_gold_quote(gold):
    for doc_id, markers in BOILERPLATE.items():
        text = gold[doc_id].text
        for start_marker, end_marker in markers:
            regions = _regions(text, start_marker, end_marker)
            assert regions, f"{doc_id}: {start_marker!r} not found"
            for start, end in regions:
                inside = [q.text for q in gold[doc_id].quotes if start <= q.start < end]
                assert not inside, f"{doc_id}: gold quotes {inside} in boilerplate"


def test_boilerplate_regions_do_contain_double_marks(gold):
    """Otherwise the boilerplate check above could not fail."""
    for doc_id in ("002_6aac2701e2edd0f1", "004_83e7ea5211d4f1e1"):
        start_marker, end_marker = BOILERPLATE[doc_id][-1]
        (start, end), = _regions(gold[doc_id].text, start_marker, end_marker)
        assert any(start <= s < end for s, _ in build_seeds.marked_stretches(gold[doc_id].text))


def test_every_marked_stretch_is_a_quote_or_a_documented_non_quote(gold_set):
    gold, _, spec, _ = gold_set
    for doc_id, doc in gold.items():
        quoted = {(q.start, q.end) for q in doc.quotes}
        excused = {item["text"] for item in spec[doc_id]["not_quotes"]}
        for start, end in build_seeds.marked_stretches(doc.text):
            assert (start, end) in quoted or doc.text[start:end] in excused, (
                f"{doc_id}: {doc.text[start:end]!r} is neither gold nor a listed non-quote")


def test_gold_is_what_the_spec_builds(gold_set):
    gold, _, spec, texts = gold_set
    built = {doc.id: doc for doc in build_seeds.build(spec, texts)}
    assert built == gold


def test_the_builder_writes_the_wire_gold_from_its_arguments(tmp_path):
    gold, spec, texts = SETS["wire"]
    build_seeds.main(["--spec", str(spec), "--texts", str(texts), "--output", str(tmp_path / "w.jsonl")])
    assert (tmp_path / "w.jsonl").read_text(encoding="utf-8") == gold.read_text(encoding="utf-8")


def test_every_wire_quote_has_a_canonical_speaker_and_a_kind():
    docs = list(read_gold(SETS["wire"][0]))
    assert len(docs) >= 12
    quotes = [quote for doc in docs for quote in doc.quotes]
    for quote in quotes:
        assert quote.speaker and quote.speaker == quote.speaker.strip(), quote.text
        assert quote.speaker_kind in SPEAKER_KINDS, (quote.text, quote.speaker_kind)
        assert quote.speaker_mention is not None, quote.text
    assert {quote.speaker_kind for quote in quotes} == set(SPEAKER_KINDS)


def test_wire_texts_are_marked_as_written_for_the_test_set():
    readme = (WIRE / "README.md").read_text(encoding="utf-8")
    assert "not real news articles" in readme and "written by the" in readme


def test_a_spec_with_an_unknown_kind_or_a_missing_cue_is_refused():
    text = "TOKYO--\"We are ready,\" the minister said.\n"
    entry = {"quotes": [{"quote": "We are ready,", "cue": "said", "speaker_mention": "the minister",
                         "speaker": "Japanese defense minister", "speaker_kind": "official"}]}
    with pytest.raises(build_seeds.SpecError, match="speaker_kind 'official'"):
        build_seeds.build_document("x", text, entry)
    entry["quotes"][0].update(speaker_kind="unnamed", cue="told")
    with pytest.raises(build_seeds.SpecError, match="'told' is not in paragraph"):
        build_seeds.build_document("x", text, entry)
    entry["quotes"][0].update(cue="said", attribution_at=1)
    with pytest.raises(build_seeds.SpecError, match="no paragraph"):
        build_seeds.build_document("x", text, entry)


def test_no_alias_names_two_entities(aliases):
    owner: dict[str, str] = {}
    for canonical, entry in aliases.items():
        assert entry["type"] in {"PERSON", "ORG", "GPE", "GROUP"}, canonical
        for alias in [canonical, *entry["aliases"]]:
            key = fold(alias)
            assert owner.setdefault(key, canonical) == canonical, (
                f"{alias!r} names both {owner[key]!r} and {canonical!r}")


def test_no_surname_alone_is_an_alias(aliases):
    for canonical, entry in aliases.items():
        if entry["type"] == "PERSON":
            surname = fold(canonical.split()[-1] if canonical.split()[-1] != "Jr." else "")
            assert surname not in {fold(a) for a in entry["aliases"]}, canonical
