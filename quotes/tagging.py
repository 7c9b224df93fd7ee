"""en_core_web_sm's attribute ruler and lemmatizer, memoised on what each token's answer depends on.

Both are Python loops over every token (the ruler runs a Matcher of 179 patterns on each), and
together they cost more than the tagger and parser. Yet the ruler's patterns look only at a
token's own text, tag and dependency, and at one neighbour for the few two-word patterns, one of
whose words is always spelled out ("gon na", "let 's", "there is"); the lemmatizer looks at the word and at
what the ruler gave it. News repeats its words, so after a few documents nearly every token is a
dict lookup. A context not seen before goes through spaCy's own components on a Doc of at most
three words, so the output is theirs, token for token (tests/test_tagging.py checks that on
PolNeAR dev).
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
MAX_ENTRIES = 200_000  # the memo is emptied when it grows past this: memory stays flat


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
    each is spelled out); None when a pattern is of a shape the memo cannot key on (then the
    components run as they are)."""
    openers: set[int] = set()
    closers: set[int] = set()
    for component in components:
        if not isinstance(component, AttributeRuler):
            continue
        strings = component.vocab.strings
        for pattern in component.patterns:
            for tokens in pattern["patterns"]:
                if len(tokens) > 2:
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

    def __call__(self, doc: Doc) -> Doc:
        if self.pairs is None:
            for component in self.components:
                doc = component(doc)
            return doc
        openers, closers = self.pairs
        if len(self.memo) > MAX_ENTRIES:
            self.memo.clear()
        rows = doc.to_array(READ).tolist()
        out = []
        dep_changes = []
        for i, row in enumerate(rows):
            before = rows[i - 1] if i and (rows[i - 1][_LOWER] in openers or row[_LOWER] in closers) else None
            after = rows[i + 1] if i + 1 < len(rows) and (
                row[_LOWER] in openers or rows[i + 1][_LOWER] in closers) else None
            key = (tuple(row), before and tuple(before[:4]), after and tuple(after[:4]))
            found = self.memo.get(key)
            if found is None:
                found = self.memo[key] = self._compute(row, before, after)
            out.append(found[:4])
            if found[4] != row[_DEP]:
                dep_changes.append((i, found[4]))
        if rows:
            doc.from_array([POS, MORPH, LEMMA, TAG], numpy.array(out, dtype="uint64"))
        for i, dep in dep_changes:
            doc[i].dep = dep
        return doc

    def _compute(self, row: list[int], before: list[int] | None,
                 after: list[int] | None) -> tuple[int, int, int, int, int]:
        """The components' answer for one token, on a Doc of it and the neighbours its key holds."""
        context = [r for r in (before, row, after) if r is not None]
        strings = self.vocab.strings
        mini = Doc(self.vocab, words=[strings[r[_ORTH]] for r in context])
        for token, r in zip(mini, context, strict=True):
            token.tag, token.dep = r[_TAG], r[_DEP]
        centre = mini[1 if before is not None else 0]
        centre.pos, centre.lemma = row[_POS], row[_LEMMA]
        if row[_MORPH]:
            centre.set_morph(strings[row[_MORPH]])
        for component in self.components:
            mini = component(mini)
        centre = mini[1 if before is not None else 0]
        return centre.pos, centre.morph.key, centre.lemma, centre.tag, centre.dep


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
