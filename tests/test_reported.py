"""Reported speech (`kind="all"`): the shipped model on the seeds, the gold reader on PolNeAR dev,
the evaluation's separate scoring, and the direct quotes left as they are."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

import quotes
from quotes.evaluate import evaluate
from quotes.gold.polnear import read_polnear
from tests.paths import DEV, ROOT

SEED_003 = next((ROOT / "seeds").glob("003_*.txt")).read_text(encoding="utf-8")
SEED_004 = next((ROOT / "seeds").glob("004_*.txt")).read_text(encoding="utf-8")
pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="needs PolNeAR dev")


def _indirect(found: list[quotes.Quote]) -> list[quotes.Quote]:
    return [q for q in found if q.kind == "indirect"]


def test_kim_reports_a_grave_threat_in_seed_004() -> None:
    found = quotes.extract(SEED_004, kind="all")
    threat = next(q for q in _indirect(found) if "poses a grave threat" in q.text)
    assert threat.text.startswith("an elevated US security partnership with South Korea and Japan")
    assert threat.text.rstrip(" .").endswith("poses a grave threat to his country")
    assert threat.speaker == "Kim Jong Un" and threat.speaker_kind == "person"
    assert threat.cue.text == "said" and threat.speaker_mention.text == "North Korean leader Kim Jong Un"
    assert SEED_004[threat.start : threat.end] == threat.text


def test_a_mixed_attribution_gives_its_quote_and_the_rest_as_reported_speech() -> None:
    found = quotes.extract(SEED_004, kind="all")
    direct = next(q for q in found if q.kind == "direct" and q.text.startswith("raising a grave challenge"))
    # Kim's paraphrase (KCNA's "according to" may report the whole sentence as well: nested)
    rest = next(q for q in _indirect(found)
                if "inviting military imbalance" in q.text and q.cue.text == "said")
    assert rest.text.startswith("the US-Japan-South Korea trilateral security partnership")
    assert "raising" not in rest.text  # the quoted words are the direct quote's, not the paraphrase's
    assert rest.end < direct.start
    assert rest.speaker == direct.speaker == "Kim Jong Un"
    assert rest.cue.text == direct.cue.text == "said"


def test_a_content_ends_before_the_next_clause_in_seed_003() -> None:
    # "Last year, Pyongyang declared itself an "irreversible" nuclear power, and recently leader
    # Kim Jong Un called for ...": the parser makes both clauses complements of "declared"; the
    # ranker, with the boundary models' scores of where a content starts and ends, takes the first
    found = _indirect(quotes.extract(SEED_003, kind="all"))
    declared = next(q for q in found if q.cue.text == "declared")
    assert declared.text == 'itself an "irreversible" nuclear power'
    assert declared.speaker_mention.text == "Pyongyang" and declared.speaker == "North Korea"
    assert SEED_003[declared.start : declared.end] == declared.text


def test_the_cue_of_a_direct_quote_reports_nothing_more_in_seed_003() -> None:
    # '... was asked "to proceed with ...," a defence ministry official, who declined to be named,
    # said on Saturday.': one direct quote; neither "said" nor "declined" reports anything else
    found = quotes.extract(SEED_003, kind="all")
    start = SEED_003.index("Following the Tokyo summit")
    end = SEED_003.index("\n", start)
    assert [q.kind for q in found if start <= q.start < end] == ["direct"]


def test_kind_direct_is_what_it_always_was() -> None:
    direct = quotes.extract(SEED_004)
    every = quotes.extract(SEED_004, kind="all")
    assert all(q.kind == "direct" for q in direct) and _indirect(every)
    assert [q.to_dict() for q in every if q.kind == "direct"] == [q.to_dict() for q in direct]


def test_unknown_kind_is_refused_in_one_line() -> None:
    with pytest.raises(ValueError, match="kind must be one of direct, all"):
        quotes.extract(SEED_004, kind="reported")


def test_polnear_gold_reads_indirect_attributions_apart_from_quotes() -> None:
    docs = list(read_polnear(DEV, kinds=("direct", "indirect")))
    plain = list(read_polnear(DEV))
    kinds = [q.kind for d in docs for q in d.quotes]
    assert kinds.count("direct") == sum(len(d.quotes) for d in plain)
    assert kinds.count("indirect") > 1500  # about six in ten attributions
    for doc in docs:
        for q in doc.quotes:
            assert doc.text[q.start : q.end] == q.text and q.text.strip() == q.text
            if q.kind == "indirect":
                assert not q.text.startswith(("“", '"')) and not q.text.endswith(("”", '"'))


def test_a_quote_split_by_its_attribution_gives_no_reported_speech() -> None:
    # "This is a disgusting day," said Rep. G.K. Butterfield (D-N.C.), head of the Congressional
    # Black Caucus. "Donald Trump is a disgusting fraud. ..." : one Content of quoted fragments
    # only; the attribution between them is its cue and source, not something reported
    doc = next(d for d in read_polnear(DEV, kinds=("direct", "indirect"))
               if d.id == "huff-post_2016-09-16_black-lawmakers-rip-donald-trump")
    direct = [q for q in doc.quotes if q.kind == "direct" and q.cue.text == "said"]
    assert [q.text[:25] for q in direct[:2]] == ["This is a disgusting day,", "Donald Trump is a disgust"]
    between = [q for q in doc.quotes if q.kind == "indirect" and direct[0].end <= q.start < direct[1].start]
    assert between == []
    assert all("Butterfield" not in q.text for q in doc.quotes if q.kind == "indirect")


def test_speech_in_two_apostrophes_is_reported_whole_with_its_speaker() -> None:
    # the Times types speech in '' ... '' (no quotation mark to the reader): ''This isn't tax
    # reform,'' said Douglas Holtz-Eakin, an economist who ... ''...'' is one reported item
    doc = next(d for d in read_polnear(DEV, kinds=("direct", "indirect"))
               if d.id.startswith("nyt_2016-09-16_clinton-plan-for-taxes"))
    found = _indirect(quotes.extract(doc.text, kind="all"))
    item = next(q for q in found if q.text.startswith("This isn't tax reform,''"))
    assert item.text.count("''") >= 2 and item.cue.text == "said"  # the split quote, cue inside
    assert item.speaker == "Douglas Holtz-Eakin" and item.speaker_kind == "person"
    gold = [g for g in doc.quotes if g.kind == "indirect" and "This isn't tax reform" in g.text]
    assert len(gold) == 1  # the gold's span, its apostrophes at either end aside
    assert 0 <= item.start - gold[0].start <= 2 and 0 <= gold[0].end - item.end <= 3


def test_evaluation_scores_each_kind_apart() -> None:
    gold = [d for d in itertools.islice(read_polnear(DEV, kinds=("direct", "indirect")), 10)]
    report = evaluate(gold, gold, kind="all")
    assert report.metrics["quote_f1_exact"] == 1.0 and report.indirect.metrics["quote_f1_exact"] == 1.0
    direct_only = [d.__class__(d.id, d.text, [q for q in d.quotes if q.kind == "direct"]) for d in gold]
    report = evaluate(gold, direct_only, kind="all")
    assert report.metrics["quote_f1_exact"] == 1.0 and report.indirect.metrics["quote_f1_overlap"] == 0.0
    assert "reported speech (indirect)" in report.to_markdown() and "indirect" in report.to_json()


def test_shipped_model_finds_reported_speech_on_dev(tmp_path: Path) -> None:
    gold = [d for d in itertools.islice(read_polnear(DEV, kinds=("direct", "indirect")), 20)]
    predicted = list(quotes.extract_many([{"id": d.id, "text": d.text} for d in gold], kind="all"))
    report = evaluate(gold, predicted, kind="all").indirect
    assert report.metrics["quote_f1_overlap"] > 0.5
    assert report.metrics["speaker_mention_acc"] > 0.8


def test_boundary_scores_are_what_the_models_give_their_training_features() -> None:
    """`Boundaries.score` reads the start and end models' weights by feature key and memoises
    them, for speed; `boundary_features` builds the named features the models are trained on.
    The two must give the same scores, or the shipped models would score other features."""
    import numpy as np

    from quotes.reported.boundaries import CueTree, _normalised, boundary_features, boundary_tokens
    from quotes.reported.extractor import ReportedSpeech
    from quotes.rules import load_parser

    stage = ReportedSpeech.load(ROOT / "quotes" / "data" / "model")
    doc = load_parser()(SEED_003[:3000])
    cues = [t for t in doc if t.lemma_ in ("say", "tell", "warn", "agree", "accord")]
    assert len(cues) >= 3
    for cue in cues:
        scored = stage.boundaries.score(cue, frozenset())
        tree = CueTree.of(cue)
        tokens = boundary_tokens(cue, tree, frozenset())
        for start, model, got in ((True, stage.boundaries.starts, scored.starts),
                                  (False, stage.boundaries.ends, scored.ends)):
            want = _normalised(np.array([model.score(boundary_features(cue, t, tree, start))
                                         for t in tokens]))
            np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)
