"""Features of a candidate cue and of a (cue, candidate content) pair, as dicts of named values.

A cue: its word and lemma, whether the lexicon calls it a reporting verb, its dependency and
tense, which complements and subject it has (a clausal complement and a subject are what "said
that ..." looks like; "according" needs its object), what its subject is (a pronoun, a name,
a noun), the words beside it. A content: how it was found, for which cue lemma, its length,
its side of the cue, how it opens ("that", "whether", "to"), what follows it (a comma, a
relative clause), its commas, whether it holds a verb and a coordinated verb without a subject,
the part of speech of its head and the word before it, the boundary models' scores of its first
and last word (quotes/reported/boundaries.py), and how much of it and of the cue's
surroundings is in quotation marks (the cue of a direct quote has no reported content).
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from spacy.tokens import Token

from quotes.cues import REPORTING_VERBS
from quotes.linear import bucket
from quotes.reported.boundaries import Scored
from quotes.reported.candidates import Content
from quotes.sources import SUBJECTS


def _subject(cue: Token) -> Token | None:
    if cue.lower_ == "according":
        return next((o for to in cue.children for o in to.children if o.dep_ == "pobj"), None)
    return next((c for c in cue.children if c.dep_ in SUBJECTS), None)


def cue_features(cue: Token) -> dict[str, float]:
    """What the cue classifier knows of one candidate cue."""
    lemma, doc = cue.lemma_.lower(), cue.doc
    deps = sorted({c.dep_ for c in cue.children})
    subject = _subject(cue)
    kind = ("none" if subject is None else "pron" if subject.pos_ == "PRON" else
            "name" if subject.pos_ == "PROPN" else "noun")
    ccomp = "ccomp" in deps
    f = {"bias": 1.0, f"lemma={lemma}": 1.0, f"lower={cue.lower_}": 1.0, f"tag={cue.tag_}": 1.0,
         f"dep={cue.dep_}": 1.0, f"reporting={lemma in REPORTING_VERBS}": 1.0,
         f"subject={kind}": 1.0, f"lemma={lemma}&subject={kind}": 1.0,
         f"lemma={lemma}&ccomp={ccomp}": 1.0, f"ccomp={ccomp}&subject={kind}": 1.0,
         f"lemma={lemma}&dep={cue.dep_}": 1.0, f"head={cue.head.lemma_.lower()}": 1.0}
    for dep in deps:
        f[f"child={dep}"] = 1.0
        f[f"lemma={lemma}&child={dep}"] = 1.0
    marks = [c.lower_ for c in cue.children if c.dep_ in ("ccomp", "xcomp")
             for m in c.children if m.dep_ == "mark"]
    for word in marks:
        f[f"mark={word}"] = 1.0
    if subject is not None:
        f[f"subject_lemma={subject.lemma_.lower()}"] = 1.0
    before = doc[cue.i - 1].lower_ if cue.i > 0 else "<s>"
    after = doc[cue.i + 1].lower_ if cue.i + 1 < len(doc) else "</s>"
    f[f"before={before}"] = f[f"after={after}"] = 1.0
    f[f"passive={'auxpass' in deps}&lemma={lemma}"] = 1.0
    return f


def content_features(cue: Token, found: list[Content], skip: AbstractSet[int], scored: Scored | None,
                     ranks: dict[tuple[int, int], int]) -> list[dict[str, float]]:
    """What the content ranker knows of each of `found` as what `cue` introduces, among the
    others (`skip`: the parse's tokens inside marks; `scored`: the cue's boundary scores, and
    `ranks` the place of each boundary pair among the likeliest); what depends on the cue alone
    is read once."""
    lemma = cue.lemma_.lower()
    longest = max(c.end - c.start for c in found)
    hows = {c.how for c in found}
    sent = cue.sent
    beside = any(i in skip for i in range(max(sent.start, cue.i - 3), min(sent.end, cue.i + 4)))
    return [_content_features(cue, lemma, content, len(found), longest, hows, beside, skip, scored, ranks)
            for content in found]


def _content_features(cue: Token, lemma: str, content: Content, count: int, longest: int, hows: set[str],
                      beside: bool, skip: AbstractSet[int], scored: Scored | None,
                      ranks: dict[tuple[int, int], int]) -> dict[str, float]:
    doc, how = cue.doc, content.how
    span = doc[content.start : content.end]
    tokens = list(span)  # read once: each pass over a span makes its tokens anew
    size = content.end - content.start
    side = "after" if content.start > cue.i else "before"
    first = tokens[0].lower_
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in tokens)
    sentence = span.sent
    f = {"bias": 1.0, f"how={how}": 1.0, f"how={how}&lemma={lemma}": 1.0, f"side={side}": 1.0,
         f"how={how}&side={side}": 1.0, f"len={bucket(size)}": 1.0, f"how={how}&len={bucket(size)}": 1.0,
         f"first={first}": 1.0, f"how={how}&first={first}": 1.0, f"verb={has_verb}": 1.0,
         f"how={how}&verb={has_verb}": 1.0, f"longest={size == longest}": 1.0,
         f"candidates={min(count, 5)}": 1.0, f"cue_dep={cue.dep_}&how={how}": 1.0,
         f"whole_sentence={span.start == sentence.start and span.end >= sentence.end - 1}": 1.0}
    after = doc[content.end] if content.end < len(doc) else None
    follows = "end" if after is None else after.text if after.is_punct else after.dep_
    f[f"how={how}&follows={follows}"] = 1.0
    f[f"commas={min(3, sum(t.text == ',' for t in tokens))}&how={how}"] = 1.0
    f[f"last_dep={tokens[-1].dep_}"] = 1.0
    # "said X poses a threat and vowed to ...": a coordinated verb without a subject of its own
    # is often the speaker's next act, which the parser hung on the content
    bare = [t for t in tokens if t.dep_ == "conj" and t.pos_ == "VERB"
            and not any(c.dep_ in SUBJECTS for c in t.children)]
    f[f"bare_conj={bool(bare)}&how={how}"] = 1.0
    acts = any(t.lemma_.lower() in REPORTING_VERBS and t.tag_ == cue.tag_ for t in bare)
    f[f"bare_reporting_conj={acts}&how={how}"] = 1.0  # "... and vowed": the cue's own subject again
    # what the content is (one says a clause, endorses a name) and the word before it ("said *in*
    # an interview" is where, not what)
    root = span.root.pos_
    f[f"root={root}&lemma={lemma}"] = f[f"root={root}&how={how}"] = 1.0
    before = doc[content.start - 1].lower_ if content.start else "<s>"
    f[f"how={how}&before={before}"] = f[f"lemma={lemma}&before={before}"] = 1.0
    for other in sorted(hows - {how}):
        f[f"how={how}&also={other}"] = 1.0
    if scored is not None:
        f["log_start"] = scored.log_start(content.start)
        f["log_end"] = scored.log_end(content.end - 1)
    f[f"pair_rank={ranks.get((content.start, content.end), 'none')}"] = 1.0
    f[f"holds_cue={content.start <= cue.i < content.end}&how={how}"] = 1.0
    inside = sum(i in skip for i in range(content.start, content.end))
    f[f"quoted_share={4 * inside // size}"] = 1.0
    f[f"quote_beside_cue={beside}&how={how}"] = 1.0
    return f
