"""en_core_web_sm's attribute ruler and lemmatizer, memoised on what each token's answer depends on.

Both are Python loops over every token (the ruler runs a Matcher of 179 patterns on each), and
together they cost more than the tagger and parser. Yet the ruler's patterns look only at a
token's own text, tag and dependency, and at one neighbour for the few two-word patterns, one
of whose words is always spelled out ("gon na", "let 's", "there is"); the lemmatizer looks at
the word and at what the ruler gave it. News repeats its words, so after a few documents nearly
every token is a dict lookup. The contexts of a document not seen before go through spaCy's own components in
one Doc of their own, so the output is theirs, token for token (tests/test_tagging.py checks
that on PolNeAR dev).
"""

# No `from __future__ import annotations`: spaCy reads the factory's argument types at runtime.
from collections.abc import Callable

import numpy
from spacy.attrs import DEP, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab

READ = [ORTH, LOWER, TAG, DEP, POS, MORPH, LEMMA]
_ORTH, _LOWER, _TAG, _DEP, _POS, _MORPH, _LEMMA = range(len(READ))
# The memo keeps two generations of at most this many contexts (about 600 bytes each): when the
# new one is full it becomes the old one, and what is still in use moves up from the old one as
# it is met, so memory stays bounded (about 30 MB) on an endless stream of new words.
GENERATION = 25_000
_BREAK = "\n"
_KEYED = {"ORTH", "TEXT", "LOWER", "TAG", "DEP", "IS_SPACE"}  # what a pattern may look at
Context = tuple[list[int] | None, list[int], list[int] | None]  # before, token, after (array rows)


def _spelled(token: dict) -> list[str] | None:
    """The spellings a pattern token's LOWER allows, when it lists them."""
    lower = token.get("LOWER")
    if isinstance(lower, str):
        return [lower]
    if isinstance(lower, dict) and set(lower) == {"IN"}:
        return list(lower["IN"])
    return None


def _pairs(components: list[Callable[[Doc], Doc]]) -> tuple[frozenset[int], frozenset[int]] | None:
    """The LOWER ids that open and that close a two-word ruler pattern (one of the two words of
    each is spelled out); None when a pattern looks further or at more than the memo keys on
    (then the components run as they are)."""
    openers: set[int] = set()
    closers: set[int] = set()
    for component in components:
        if not isinstance(component, AttributeRuler):
            continue
        strings = component.vocab.strings
        for pattern in component.patterns:
            for tokens in pattern["patterns"]:
                if len(tokens) > 2 or any(set(token) - _KEYED for token in tokens):
                    return None
                if len(tokens) == 2:
                    first, second = _spelled(tokens[0]), _spelled(tokens[1])
                    if first is None and second is None:
                        return None
                    side, words = (openers, first) if first is not None else (closers, second)
                    side.update(strings.add(w) for w in words)
    return frozenset(openers), frozenset(closers)


class MemoTagging:
    """Runs `components` (token-local taggers such as the attribute ruler and the lemmatizer)
    once per distinct token context and replays their answers elsewhere."""

    def __init__(self, vocab: Vocab, components: list[Callable[[Doc], Doc]]) -> None:
        self.vocab = vocab
        self.components = components
        self.pairs = _pairs(components)
        self.memo: dict[tuple, tuple[int, int, int, int, int]] = {}
        self.old: dict[tuple, tuple[int, int, int, int, int]] = {}
        self.generation = GENERATION

    def __call__(self, doc: Doc) -> Doc:
        if self.pairs is None:
            for component in self.components:
                doc = component(doc)
            return doc
        openers, closers = self.pairs
        if len(self.memo) > self.generation:
            self.old, self.memo = self.memo, {}
        rows = doc.to_array(READ).tolist()
        keys = []
        unseen: dict[tuple, Context] = {}
        for i, row in enumerate(rows):
            before = rows[i - 1] if i and (rows[i - 1][_LOWER] in openers or row[_LOWER] in closers) else None
            after = rows[i + 1] if i + 1 < len(rows) and (
                row[_LOWER] in openers or rows[i + 1][_LOWER] in closers) else None
            key = (tuple(row), before and tuple(before[:4]), after and tuple(after[:4]))
            keys.append(key)
            if key in self.memo:
                continue
            known = self.old.get(key)
            if known is not None:
                self.memo[key] = known
            else:
                unseen[key] = (before, row, after)
        if unseen:
            self._learn(unseen)
        answers = [self.memo[key] for key in keys]
        if answers:
            doc.from_array([POS, MORPH, LEMMA, TAG], numpy.array([a[:4] for a in answers], dtype="uint64"))
        for token, answer, row in zip(doc, answers, rows, strict=True):
            if answer[4] != row[_DEP]:
                token.dep = answer[4]
        return doc

    def _learn(self, unseen: dict[tuple, Context]) -> None:
        """Run the components once over all unseen contexts laid end to end (with a line break,
        which no pattern matches across, between two that could form a two-word pattern), and
        remember each centre token's answer."""
        openers, closers = self.pairs
        strings = self.vocab.strings
        words: list[str] = []
        rows: list[list[int] | None] = []
        centres = []
        for before, row, after in unseen.values():
            context = [r for r in (before, row, after) if r is not None]
            if rows and (rows[-1][_LOWER] in openers or context[0][_LOWER] in closers):
                words.append(_BREAK)  # the two could match a two-word pattern: keep them apart
                rows.append(None)
            centres.append(len(words) + (before is not None))
            words += [strings[r[_ORTH]] for r in context]
            rows += context
        batch = Doc(self.vocab, words=words)
        for token, row in zip(batch, rows, strict=True):
            if row is not None:
                token.tag, token.dep = row[_TAG], row[_DEP]
        for i, (_, row, _) in zip(centres, unseen.values(), strict=True):
            batch[i].pos, batch[i].lemma = row[_POS], row[_LEMMA]
            if row[_MORPH]:
                batch[i].set_morph(strings[row[_MORPH]])
        for component in self.components:
            batch = component(batch)
        for key, i in zip(unseen, centres, strict=True):
            centre = batch[i]
            self.memo[key] = (centre.pos, centre.morph.key, centre.lemma, centre.tag, centre.dep)


@Language.factory("quotes_memo_tagging",
                  default_config={"components": ["attribute_ruler", "lemmatizer"]})
def make_memo_tagging(nlp: Language, name: str, components: list[str]) -> MemoTagging:
    """Memoise the named components; add this after them and disable them."""
    return MemoTagging(nlp.vocab, [nlp.get_pipe(c) for c in components])


def memoise_tagging(nlp: Language,
                    components: tuple[str, ...] = ("attribute_ruler", "lemmatizer")) -> Language:
    """`nlp` with `components` replaced by their memoised run (in place; returns `nlp`)."""
    present = [c for c in components if c in nlp.pipe_names]
    if present:
        nlp.add_pipe("quotes_memo_tagging", after=present[-1], config={"components": present})
        for component in present:
            nlp.disable_pipe(component)
    return nlp
