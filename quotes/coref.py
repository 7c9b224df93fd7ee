"""Speaker coreference inside one document: every mention of a speaker gets one canonical name.

"Kim Jong-un", "Kim", "the North Korean leader" and "he" are clustered on the fullest name the
document gives ("Kim Jong Un" once the alias registry has folded the spelling). Only the
speakers of quotes are resolved, in reading order, so a pronoun can lean on the speaker of
the quote before it ("... ," he added).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span

from quotes.aliases import AliasRegistry, fold

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "me"})
GROUP_PRONOUNS = frozenset({"it", "they", "them", "we", "us"})
_TITLE_WORDS = frozenset(
    "mr mrs ms dr president prime minister sen senator rep gov governor secretary gen general "
    "leader spokesman spokeswoman chairman chief".split()
)
# Runs of capitalised words: "Kim Jong-un", "Donald J. Trump", "Hillary Rodham Clinton".
_NAME = re.compile(r"\b[A-Z][\w’'-]*\.?(?: +(?:[A-Z]\. *)?[A-Z][\w’'-]*)+")
_POSSESSIVE = re.compile(r"['’]s\b")
_LOOKBACK = 2000  # characters a pronoun may reach back to its antecedent


@dataclass
class Resolved:
    """A mention's canonical name and whether it names a person (for pronoun agreement)."""

    name: str | None
    person: bool


def _names_before(text: str, end: int) -> list[tuple[int, str]]:
    """Capitalised names in `text[:end]`, cut before a possessive ("North Korea's" -> "North Korea")."""
    names = []
    for match in _NAME.finditer(text, 0, end):
        words = _POSSESSIVE.split(match.group())[0].split()
        while words and words[0].lower() in STOP_WORDS:
            words.pop(0)
        if words:
            names.append((match.start(), " ".join(words)))
    return names


def _is_name_token(token) -> bool:
    return (token.pos_ == "PROPN" and token.ent_type_ not in ("GPE", "NORP")) or (
        token.ent_type_ in ("PERSON", "ORG") and token.pos_ != "PUNCT"
    )


def _name_run(mention: Span) -> Span | None:
    """The run of name words holding the mention's head, else its first run of name words."""
    runs: list[tuple[int, int]] = []
    for token in mention:
        if _is_name_token(token):
            if runs and runs[-1][1] == token.i:
                runs[-1] = (runs[-1][0], token.i + 1)
            else:
                runs.append((token.i, token.i + 1))
    if not runs:
        return None
    root = mention.root.i
    start, end = next(((s, e) for s, e in runs if s <= root < e), runs[0])
    return mention.doc[start:end]


class SpeakerResolver:
    """Resolves the speaker mentions of one document, in reading order."""

    def __init__(self, text: str, registry: AliasRegistry) -> None:
        self.text = text
        self.registry = registry
        self.names = _names_before(text, len(text))
        self.history: list[tuple[int, Resolved]] = []

    def _full_name(self, name: str) -> str:
        """The registry's name, else the longest name in the text that extends this one."""
        registered = self.registry.canonical(name)
        if registered:
            return registered
        words = [w for w in fold(name).split() if w not in _TITLE_WORDS]
        if not words:
            return name
        best = None
        for _, candidate in self.names:
            cand_words = fold(candidate).split()
            if len(cand_words) > len(words) and (
                cand_words[-len(words):] == words or cand_words[: len(words)] == words
            ) and (best is None or len(candidate) > len(best)):
                best = candidate
        if best is not None:
            return self.registry.canonical(best) or best
        if len(words) == 1:
            registered = self.registry.by_family_name(words[0])
            if registered:
                return registered
        return " ".join(t for t in name.split() if fold(t) not in _TITLE_WORDS) or name

    def _is_person(self, name: str, ent_type: str) -> bool:
        registered = self.registry.canonical(name)
        if registered:
            return self.registry.types.get(registered, "PERSON") == "PERSON"
        return ent_type in ("PERSON", "")

    def _from_pronoun(self, pronoun: str, at: int) -> Resolved:
        person = pronoun in PERSON_PRONOUNS
        for position, earlier in reversed(self.history):
            if at - position > _LOOKBACK:
                break
            if earlier.name and earlier.person == person:
                return earlier
        if person:
            for position, name in reversed(_names_before(self.text, at)):
                if at - position > _LOOKBACK:
                    break
                full = self._full_name(name)
                if self._is_person(full, ""):
                    return Resolved(full, True)
        return Resolved(None, person)

    def _from_description(self, mention: Span) -> Resolved:
        """'the North Korean leader' -> the name that follows the same words earlier."""
        words = [t.text for t in mention if t.pos_ not in ("DET", "PRON", "PUNCT")]
        if words:
            described = r" +".join(re.escape(w) for w in words)
            pattern = re.compile(rf"\b(?i:{described}) +([A-Z][\w’'-]*(?: [A-Z][\w’'-]*){{1,3}})")
            match = pattern.search(self.text)
            if match:
                return Resolved(self._full_name(match.group(1).strip()), True)
        head = mention.root.lemma_.lower()
        for _, earlier in reversed(self.history):
            if earlier.name and head in fold(earlier.name).split():
                return earlier
        return Resolved(None, mention.root.ent_type_ in ("", "PERSON"))

    def resolve(self, mention: Span, offset: int = 0) -> str | None:
        """The canonical speaker of `mention` (a span of a parsed piece starting at `offset`)."""
        at = offset + mention.start_char
        head = mention.root
        registered = self.registry.canonical(mention.text) or self.registry.find_in(mention.text)
        if registered:
            person = self.registry.types.get(registered, "PERSON") == "PERSON"
            resolved = Resolved(registered, person)
        elif head.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS and len(mention) == 1:
            resolved = self._from_pronoun(head.lower_, at)
        else:
            run = _name_run(mention)
            if run is not None:
                name = self._full_name(run.text)
                resolved = Resolved(name, self._is_person(name, run.root.ent_type_))
            else:
                resolved = self._from_description(mention)
        self.history.append((at, resolved))
        return resolved.name
