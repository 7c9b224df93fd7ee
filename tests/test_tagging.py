"""The memoised attribute ruler and lemmatizer give spaCy's own output, token for token."""

from __future__ import annotations

import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from quotes.rules import SPACY_MODEL, load_parser, plan
from quotes.tagging import MemoTagging
from tests.paths import DEV

ATTRS = [POS, MORPH, LEMMA, TAG, DEP]


def dev_pieces(n: int) -> list[str]:
    """The text the extractor parses in the first `n` PolNeAR dev documents, and a line with
    words the ruler's two-word patterns are about, next to their partners and not."""
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((DEV / "text").glob("*.txt"))[:n]]
    pieces = [piece.text for doc_id, text in texts for piece in plan(doc_id, text).pieces]
    return [*pieces, "Y'all gon na see: there is a deal, there 's more, let 's go, it ai n't over."]


def test_memoised_tagging_matches_spacy_on_polnear_dev() -> None:
    pieces = dev_pieces(30)
    reference = spacy.load(SPACY_MODEL, exclude=["ner"])
    fast = load_parser()
    assert "attribute_ruler" in fast.disabled and "lemmatizer" in fast.disabled
    memo = fast.get_pipe("quotes_memo_tagging")
    assert isinstance(memo, MemoTagging) and memo.pairs is not None  # memoised, not run as is
    for _ in range(2):  # cold memo, then warm
        for want, got in zip(reference.pipe(pieces), fast.pipe(pieces), strict=True):
            assert (want.to_array(ATTRS) == got.to_array(ATTRS)).all(), want.text[:80]
    tokens = sum(len(reference.make_doc(p)) for p in pieces)
    assert 0 < len(memo.memo) < tokens  # words repeat: fewer contexts than tokens


def test_the_memo_stays_bounded_and_right_when_generations_turn_over() -> None:
    pieces = dev_pieces(10)
    reference = spacy.load(SPACY_MODEL, exclude=["ner"])
    fast = load_parser()
    memo = fast.get_pipe("quotes_memo_tagging")
    memo.generation = 200  # turn over many times on ten documents
    largest = 0
    for _ in range(2):
        for want, got in zip(reference.pipe(pieces), fast.pipe(pieces), strict=True):
            assert (want.to_array(ATTRS) == got.to_array(ATTRS)).all(), want.text[:80]
            largest = max(largest, len(memo.memo) + len(memo.old))
    longest = max(len(reference.make_doc(p)) for p in pieces)
    assert memo.old and largest <= 2 * (memo.generation + longest)
