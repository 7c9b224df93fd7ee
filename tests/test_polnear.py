"""The PolNeAR reader on the real dev split: offsets, mark pairing and hand-checked quotes."""

from __future__ import annotations

import pytest
from paths import DEV

from quotes.gold.polnear import MARKS, annotation_files, document_quotes, parse_ann, read_polnear

pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason=f"PolNeAR dev not found at {DEV}")


@pytest.fixture(scope="module")
def dev() -> dict:
    return {doc.id: doc for doc in read_polnear(DEV)}


def quotes_by_text(doc) -> dict:
    return {quote.text: quote for quote in doc.quotes}


def test_every_article_is_read_with_exact_offsets_and_no_marks(dev):
    assert len(dev) == len(list((DEV / "text").glob("*.txt")))
    quotes = [(doc, q) for doc in dev.values() for q in doc.quotes]
    assert len(quotes) > 624  # at least one quote per direct-quote attribution (ORIGIN.md)
    for doc, quote in quotes:
        assert doc.text[quote.start:quote.end] == quote.text
        assert quote.text[0] not in MARKS + " \n" and quote.text[-1] not in MARKS + " \n"
        assert quote.speaker is None
        for span in (quote.cue, quote.speaker_mention):
            assert span is None or doc.text[span.start:span.end] == span.text
        assert len({(q.start, q.end) for q in doc.quotes}) == len(doc.quotes)


def test_direct_quote_attributions_are_the_corpus_own_count():
    """ORIGIN.md: dev has 624 attributions whose Content contains quotation marks."""
    count = 0
    for doc_id, path in annotation_files(DEV / "attributions").items():
        text = (DEV / "text" / f"{doc_id}.txt").read_text(encoding="utf-8")
        count += sum(any(mark in text[a:b] for a, b in attribution.content for mark in MARKS)
                     for attribution in parse_ann(path.read_text(encoding="utf-8")))
    assert count == 624


def test_split_quote_over_a_discontinuous_content_gives_two_quotes(dev):
    # "This is a disgusting day," said Rep. G.K. Butterfield (...). "Donald Trump is ... States."
    # annotated as one Content of six fragments (the annotator skipped the spaces between them)
    doc = dev["huff-post_2016-09-16_black-lawmakers-rip-donald-trump"]
    first, second = doc.quotes[0], doc.quotes[1]
    assert first.text == "This is a disgusting day,"
    assert second.text.startswith("Donald Trump is a disgusting fraud. By any definition,")
    assert second.text.endswith("running for president of the United States.")
    for quote in (first, second):
        assert quote.speaker_mention.text.startswith("Rep. G.K. Butterfield (D-N.C.)")
        assert quote.cue.text == "said"


def test_several_quoted_phrases_in_one_content_give_one_quote_each(dev):
    # PolitiFact claimed "Trump exaggerates" ... a "misleading use of statistics," and concluded
    # his comments were "Mostly False." -- the last one closed by a wrong-way curly mark
    doc = dev["west-journal_2016-09-26_popular-website-shows-bias-when-"]
    found = quotes_by_text(doc)
    phrases = ["Trump exaggerates", "misleading use of statistics,", "Mostly False."]
    assert all(phrase in found for phrase in phrases)
    assert {(found[p].speaker_mention.text, found[p].cue.text) for p in phrases} == {
        ("PolitiFact", "claimed")}


def test_mixed_quote_keeps_only_the_quoted_words(dev):
    doc = dev["breitbart_2016-09-12_stealth-over-health-hillary-clin"]
    assert len(doc.quotes) == 1
    quote = doc.quotes[0]
    assert quote.text == "keep the details of her medical treatment under wraps."
    assert (quote.speaker_mention.text, quote.cue.text) == ("The New York Post", "reports")


def test_closing_mark_left_outside_the_content_still_closes_the_quote(dev):
    doc = dev["politico_2016-09-22_house-panel-votes-to-hold-clinto"]
    found = quotes_by_text(doc)
    quote = found["Republicans want a photo op. They want a ready-made campaign commercial. "
                  "No matter what anyone says, that is not a legitimate legislative purpose,"]
    assert doc.text[quote.end] == '"'


def test_several_annotators_one_chosen_always_the_same(dev):
    article = "politico_2016-09-08_flynn-says-trump-absolutely-righ"
    files = sorted((DEV / "attributions").glob(f"{article}_*.ann"))
    assert len(files) > 1
    assert annotation_files(DEV / "attributions")[article] == files[0]
    text = (DEV / "text" / f"{article}.txt").read_text(encoding="utf-8")
    expected = document_quotes(text, parse_ann(files[0].read_text(encoding="utf-8")))
    assert dev[article].quotes == expected
    assert [q.to_dict() for q in next(d for d in read_polnear(DEV) if d.id == article).quotes] \
        == [q.to_dict() for q in expected]
