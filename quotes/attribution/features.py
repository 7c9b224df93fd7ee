"""Features of a (quote, candidate mention) pair, as a dict of named values.

They say where the candidate stands from the quote (distance, direction, same sentence or
paragraph, a cue or another quote in between), how it is tied to a reporting verb (subject of
the quote's cue, of another reporting verb, object of "according to"), and what it is
(pronoun, name, description; a title or a body's name; at the start of its paragraph), and
how strongly the span model takes it for a speaker. Names are hashed by the classifier, so
adding a feature needs no vocabulary file.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping

from spacy.tokens import Doc, Span

from quotes.aliases import fold
from quotes.attribution.candidates import Candidate
from quotes.coref import TITLE_WORDS, names_organisation
from quotes.cues import REPORTING_NOUNS, REPORTING_VERBS
from quotes.linear import bucket
from quotes.rules import Found, Piece, is_sentence
from quotes.spans.model import SpanAnnotation


def _reporting(token) -> bool:
    lemma = token.lemma_.lower()
    return lemma in REPORTING_VERBS or lemma in REPORTING_NOUNS or token.lower_ == "according"


def _name_kind(span: Span) -> str:
    """What the words of a mention say it names, where a tagger alone can tell: a titled
    person ("Sen. Bernie Sanders"), a body ("the Foreign Ministry"), else nothing."""
    words = [fold(t.text) for t in span]
    if any(w in TITLE_WORDS for w in words):
        return "titled"
    return "body" if names_organisation(span.text) else "other"


def _between(span: Span, start: int, end: int) -> Span:
    return span.doc[min(start, end) : max(start, end)]


class Sentences:
    """Where a parse's sentences start, for sentence arithmetic without `Token.sent` (which
    walks the parse every time it is asked)."""

    def __init__(self, doc: Doc) -> None:
        self.starts = [sent.start for sent in doc.sents]

    def start_of(self, i: int) -> int:
        return self.starts[bisect_right(self.starts, i) - 1]

    def gap(self, i: int, j: int) -> int:
        """How many sentence breaks lie between tokens `i` and `j`."""
        lo, hi = min(i, j), max(i, j)
        return max(0, bisect_left(self.starts, hi) - bisect_right(self.starts, lo))


class Context:
    """What the candidates of a document's quotes are weighed against, worked out once for all
    of them: the marked stretches of each piece, and the sentences of each parse."""

    def __init__(self, found: list[Found]) -> None:
        self.quotes: dict[int, list[Found]] = {}
        for item in found:
            self.quotes.setdefault(id(item.piece), []).append(item)
        self._sentences: dict[int, Sentences] = {}

    def sentences(self, piece: Piece) -> Sentences:
        if id(piece) not in self._sentences:
            self._sentences[id(piece)] = Sentences(piece.doc)
        return self._sentences[id(piece)]


def pair_features(item: Found, cand: Candidate, quotes: list[Found], previous: Candidate | None,
                  sentences: Sentences, inside: set[tuple[int, int]]) -> dict[str, float]:
    """The features of `cand` as the speaker of `item`; `quotes` are the marked stretches of
    `item`'s piece, `sentences` those of the candidate's parse and `inside` the quoted tokens
    (`rules.quoted_tokens`)."""
    head, quote = cand.head, item.span
    f: dict[str, float] = {"bias": 1.0, f"how={cand.how}": 1.0}
    same = cand.piece is item.piece
    if same:
        after = head.i >= quote.end
        distance = head.i - quote.end if after else quote.start - cand.span.end
        direction = "after" if after else "before"
        anchor = quote[-1] if after else quote[0]
        sent_gap = sentences.gap(head.i, anchor.i)
        gap = _between(quote, head.i, quote.end if not after else quote.end - 1)
        others = [q for q in quotes if q is not item and q.piece is item.piece
                  and min(head.i, quote.start) < q.span.start < max(head.i, quote.end)]
        f[f"quotes_between={min(len(others), 3)}"] = 1.0
        f["cue_between"] = float(any(_reporting(t) for t in gap if (id(item.piece), t.i) not in inside))
        f[f"sent_gap={min(sent_gap, 3)}"] = 1.0
        f[f"dir={direction}&sent_gap={min(sent_gap, 3)}"] = 1.0
    else:
        direction, distance = "prev_par", 99
        f["sent_gap=par"] = 1.0
    f[f"dir={direction}"] = 1.0
    f[f"dist={bucket(distance)}"] = 1.0
    f[f"dir={direction}&dist={bucket(distance)}"] = 1.0

    rules_pick = item.mention is not None and item.mention.root == head
    f["rules_pick"] = float(rules_pick)
    if item.cue is not None:
        f[f"rules_pick&cue_governs={item.cue.governs}"] = float(rules_pick)
        f["subj_of_quote_cue"] = float(head.head == item.cue.head)
    f[f"rules_pick&conf={item.confidence:.2f}"] = float(rules_pick)
    if cand.how == "according" and item.cue is not None and item.mention is not None and not rules_pick:
        f["according&quote_has_speaker"] = 1.0  # "Kim said “...”, according to KCNA": a relay
    f[f"dep={head.dep_}"] = 1.0
    f[f"dep={head.dep_}&dir={direction}"] = 1.0
    governor = head.head
    if _reporting(governor):
        f["gov_reporting"] = 1.0
        f[f"gov_lemma={governor.lemma_.lower()}"] = 1.0
        f[f"gov_reporting&dir={direction}"] = 1.0
    kind = "pron" if head.pos_ == "PRON" else "propn" if head.pos_ == "PROPN" else "noun"
    f[f"kind={kind}"] = 1.0
    f[f"kind={kind}&dir={direction}"] = 1.0
    if kind == "pron":
        f[f"pron={head.lower_}"] = 1.0
    elif kind == "noun":
        f[f"noun={head.lemma_.lower()}"] = 1.0
    f[f"name={_name_kind(cand.span)}"] = 1.0
    f[f"len={bucket(len(cand.span))}"] = 1.0
    sentence_start = sentences.start_of(head.i)
    f["cand_par_start"] = float(sentence_start == 0)
    f["cand_sent_start"] = float(cand.span.start == sentence_start)
    f["quote_par_start"] = float(quote.start <= 1)
    f["quote_whole_par"] = float(quote.start <= 1 and quote.end >= len(quote.doc) - 2)
    f["quote_partial"] = float(not is_sentence(quote))
    f["quote_continued"] = float(item.marked.continued)
    f["rules_no_cue"] = float(item.cue is None)
    if _reporting(governor) and same:
        f["gov_governs_quote"] = float(any(quote.start <= t.i < quote.end for t in governor.subtree))
    f["what_clause"] = float(any(c.lower_ == "what" for c in governor.children))
    atoms = [f"how={cand.how}", f"dir={direction}", f"dist={bucket(distance)}", f"kind={kind}",
             f"dep={head.dep_}", f"rules={rules_pick}", f"gov={_reporting(governor)}",
             f"partial={f['quote_partial']:.0f}", f"nocue={item.cue is None}",
             f"govq={f.get('gov_governs_quote', 0):.0f}"]
    for i, one in enumerate(atoms):
        for other in atoms[i + 1 :]:
            f[f"{one}&{other}"] = 1.0
    if previous is not None:
        same_as_prev = previous.head == head or previous.span.text.lower() == cand.span.text.lower()
        f["prev_speaker"] = float(same_as_prev)
        f[f"prev_speaker&quote_par_start={quote.start <= 1}"] = float(same_as_prev)
    return f


def _distance(item: Found, cand: Candidate) -> int:
    """Tokens between the candidate and the quote; candidates of the paragraph before come after
    all those of the quote's own paragraph, nearest (last) first."""
    if cand.piece is not item.piece:
        return 10_000 + len(cand.head.doc) - cand.head.i
    return min(abs(cand.head.i - item.span.start), abs(cand.head.i - (item.span.end - 1)))


def _speaker_probability(notes: Mapping[int, SpanAnnotation], cand: Candidate) -> float:
    """The span model's highest P(SPEAKER) for a span holding the candidate's head word."""
    note = notes.get(id(cand.piece))
    if note is None:
        return 0.0
    return max((s.probability for s in note.speakers if s.start <= cand.head.i < s.end), default=0.0)


def candidate_features(item: Found, cands: list[Candidate], context: Context,
                       previous: Candidate | None, inside: set[tuple[int, int]],
                       notes: Mapping[int, SpanAnnotation] | None = None) -> list[dict[str, float]]:
    """The features of every candidate of `item`, with how near each is among them (the nearest
    subject of a reporting verb is a better bet than a nearer object) and, given the span
    model's `notes` (by id of piece), its P(SPEAKER) and whether it is the highest."""
    distances = [_distance(item, c) for c in cands]
    speakers = [_speaker_probability(notes, c) for c in cands] if notes else []
    top = max(speakers, default=0.0)
    rank = {i: r for r, i in enumerate(sorted(range(len(cands)), key=distances.__getitem__))}
    by_kind: dict[str, list[int]] = {}
    for cand, distance in zip(cands, distances, strict=True):
        by_kind.setdefault(cand.how, []).append(distance)
    for kind in by_kind.values():
        kind.sort()
    quotes = context.quotes[id(item.piece)]
    features = []
    for i, cand in enumerate(cands):
        f = pair_features(item, cand, quotes, previous, context.sentences(cand.piece), inside)
        kind_rank = bisect_left(by_kind[cand.how], distances[i])  # nearer ones of its kind
        f[f"rank={min(rank[i], 3)}"] = 1.0
        f[f"how={cand.how}&kind_rank={min(kind_rank, 2)}"] = 1.0
        f[f"rules={f['rules_pick']:.0f}&rank={min(rank[i], 3)}"] = 1.0
        if speakers:
            f["span_speaker"] = speakers[i]
            f["span_speaker>0.5"] = float(speakers[i] > 0.5)
            f["span_speaker_top"] = float(speakers[i] > 0 and speakers[i] == top)
        features.append(f)
    return features
