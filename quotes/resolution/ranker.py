"""The ranker and the linker that uses it over one document's entity table.

The ranker is a logistic regression over (mention, candidate) pairs: each entity named
before the mention (the nearest `MAX_CANDIDATES`) and a new entity. The most probable
candidate wins; its probability among the candidates' is the resolver's certainty. Weights
are learned on GUM and PolNeAR train's speaker layer (quotes/resolution/train.py) and kept
as `resolver.json/npz`.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

import numpy as np

from quotes.linear import HashedLogistic
from quotes.resolution.features import Context, Mention, name_match, new_features, overlap, pair_features
from quotes.resolution.table import Entity, EntityTable
from quotes.resolution.unnamed import SOURCE_NOUNS

MAX_CANDIDATES = 20
_NOT_PEOPLE = frozenset({"place", "organization"})  # what "he" and "she" never are
_NEUTER = frozenset({"it", "its", "itself"})
NAME = "resolver"


def _human(entity: Entity) -> bool:
    """An unnamed source described as someone ("a senior official", "the person")."""
    words = (entity.description or "").lower().split()
    return bool(words) and words[-1] in SOURCE_NOUNS


def default_folder() -> Path:
    return Path(str(resources.files("quotes").joinpath("data/resolver")))


def load_ranker(folder: str | Path | None = None) -> HashedLogistic | None:
    """The shipped ranker (or the one in `folder`); None when there is none."""
    folder = Path(folder) if folder else default_folder()
    return HashedLogistic.load(folder, NAME) if (folder / f"{NAME}.json").is_file() else None


# Chooses a candidate index (len(candidates) is the new entity) given their features.
Choose = Callable[[list[Entity], list[dict[str, float]]], tuple[int, float]]


class Linker:
    """Links the mentions of one document, in reading order, to the entities of its table."""

    def __init__(self, table: EntityTable, ranker: HashedLogistic | None) -> None:
        self.table = table
        self.ranker = ranker
        self.last_speaker: int | None = None

    def candidates(self, mention: Mention) -> tuple[list[Entity], Context]:
        """The entities named before the mention ends, nearest first, and what the features
        need to know about them."""
        named = [(e.last_before(mention.end, mention.quote), e) for e in self.table.entities]
        named = sorted(((at, e) for at, e in named if at is not None), key=lambda p: -p[0])
        cands = [e for _, e in named[:MAX_CANDIDATES]]
        ranks = {e.id: i for i, e in enumerate(cands)}
        fitting = [e for e in cands if e.kind in ("person", "unknown", "unnamed")
                   and (e.gender is None or e.gender == mention.gender)]
        registered = self.table._registered(mention.name) if mention.name else None
        context = Context(ranks, {e.id: i for i, e in enumerate(fitting)}, self.last_speaker, registered)
        context.fits = sum(name_match(mention, e) in ("first", "last", "part") for e in cands)
        shares = {e.id: overlap(mention, e) for e in cands}
        top = max(shares.values(), default=0.0)
        context.best_words = frozenset(i for i, v in shares.items() if v == top and v > 0)
        context.best_share = top
        opened = [(e.last_opened_before(mention.start, mention.quote), e.id) for e in cands]
        context.opener_ranks = {entity: i for i, (_, entity) in enumerate(
            sorted(((at, entity) for at, entity in opened if at is not None), reverse=True))}
        subjects = [(e.last_subject_before(mention.start, mention.quote), e.id) for e in cands]
        context.subject_ranks = {entity: i for i, (_, entity) in enumerate(
            sorted(((at, entity) for at, entity in subjects if at is not None), reverse=True))}
        return cands, context

    def features(self, mention: Mention) -> tuple[list[Entity], list[dict[str, float]]]:
        cands, context = self.candidates(mention)
        feats = [pair_features(mention, e, context) for e in cands]
        return cands, [*feats, new_features(mention, context)]

    def best(self, cands: list[Entity], feats: list[dict[str, float]], new: bool = True,
             gender: str | None = None, at: int = 0, neuter: bool = False) -> tuple[int, float]:
        """The ranker's choice and its share of the candidates' probability; with `new` false
        the choice is among the entities named before (a pronoun always points back), with a
        `gender` ("he", "she") not among places and bodies ("he" after "attacks in the U.S."),
        nor among people whose text or first name says the other gender while someone else fits
        ("she" after "Ben Jacobs", when a "Caroline" was named too), nor an unnamed source of no
        known gender when a person of that gender was named since its last mention before `at`
        ("she" after "a source said ...", then "Rubio's wife, Jeanette Rubio, attended"); with
        `neuter` ("it", "its") not among people, nor unnamed officials, where anything else fits."""
        if self.ranker is None:
            return len(cands), 1.0
        probs = self.ranker.predict_proba(feats)
        if gender is not None:
            people = [e.kind not in _NOT_PEOPLE and not e.common for e in cands]
            fitting = [p and (e.gender == gender or e.first_name_gender in (None, gender))
                       for p, e in zip(people, cands, strict=True)]
            allowed = fitting if any(fitting) else people
            if any(allowed):
                probs = probs * np.array([*allowed, True])
        if neuter:  # "its" is no person, nor an official or a spokesman described before
            things = [e.kind != "person" and not (e.kind == "unnamed" and _human(e)) for e in cands]
            if any(things):
                probs = probs * np.array([*things, True])
        index = int(np.argmax(probs if new or not cands else probs[: len(cands)]))
        chosen = cands[index] if index < len(cands) else None
        if gender is not None and chosen is not None and chosen.kind == "unnamed" and chosen.gender is None:
            since = chosen.last_before(at) or 0  # a person of that gender named since it
            named = [i for i, e in enumerate(cands) if e.kind == "person" and (e.last_before(at) or 0) > since
                     and (e.gender or e.first_name_gender) == gender]
            index = max(named, key=lambda i: probs[i], default=index)
        return index, float(probs[index] / probs.sum())

    def link(self, mention: Mention, choose: Choose | None = None, speaker: bool = True,
             remember: bool = True) -> tuple[Entity, float]:
        """The entity `mention` names (a new one when the ranker says so) and the certainty;
        the entity learns what the mention says of it unless `remember` is false."""
        cands, feats = self.features(mention)
        if choose is None:
            index, certainty = self.best(cands, feats, new=mention.form != "pronoun",
                                         gender=mention.gender if mention.form == "pronoun" else None,
                                         at=mention.start,
                                         neuter=mention.form == "pronoun" and mention.head in _NEUTER)
        else:
            index, certainty = choose(cands, feats)
        entity = cands[index] if index < len(cands) else self._new(mention)
        if remember or index == len(cands):  # a new entity is known from its first mention on
            self.record(mention, entity, speaker)
        return entity, certainty

    def _new(self, mention: Mention) -> Entity:
        if mention.form == "name" and mention.name:
            return self.table.named(mention.name)
        description = None
        if mention.form == "description":
            words = mention.text.split()
            while words and words[0].lower() in ("a", "an", "the", "one", "another", "some", "this", "that"):
                words.pop(0)
            description = " ".join(words) or None
        return self.table.new("unnamed", description, mention.plural)

    def record(self, mention: Mention, entity: Entity, speaker: bool = True) -> None:
        entity.occurrences.append((mention.start, mention.end))
        if mention.gender:
            entity.genders[mention.gender] += 1
        if mention.form == "description" and entity.names:
            entity.roles |= set(mention.words)
        if mention.form == "name" and mention.name and mention.name not in entity.names:
            self.table.add_name(entity, mention.name)
            if entity.kind == "unnamed":  # the source the text described is named now
                entity.kind = "person"
        if mention.subject:
            entity.subjects.append(mention.start)
        if mention.plural:
            entity.plural = True
        if speaker:
            entity.spoke += 1
            self.last_speaker = entity.id
