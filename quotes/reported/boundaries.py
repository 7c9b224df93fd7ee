"""Where a cue's content starts and ends, token by token: a learned alternative to the
candidates' fixed shapes.

Two `HashedLogistic`s score every token of the cue's sentence (outside quotation marks and the
cue's own words) as the first and as the last word of what the cue introduces, from what the
token is to the cue (which of the cue's children holds it, whether such a subtree starts or ends
there, its side and distance) and what it is itself (its word or part of speech, its dependency,
the word beside it, whether a constituent starts or ends at it). Each is normalised over the
sentence; the likeliest (start, end) pairs join the candidates (`Content.how == "boundary"`) and
every candidate's start and end scores are features of the content ranker, which chooses.
In a study by 2-fold CV on PolNeAR train (a first version of these features), a right content
was chosen for 0.751 of the cues of gold reported speech from the fixed candidates, 0.768 from
the boundary pairs alone and 0.793 from both with the boundary scores as ranker features.
"""

from __future__ import annotations

import math
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.tokens import Token

from quotes.linear import HashedLogistic, bucket, feature_index
from quotes.reported.candidates import Content

PAIRS = 6  # the likeliest (start, end) pairs added to a cue's candidates
FLOOR = 1e-6  # the probability of a boundary the models gave none (punctuation, a quoted word)
_FUNCTION_WORDS = frozenset("that to about for on of with against in whether if as from by and but "
                            "who which what how why when".split())


def _word(token: Token) -> str:
    """A word by itself when it is a function word or punctuation, else its part of speech."""
    lower = token.lower_
    return lower if token.is_punct or token.is_stop or lower in _FUNCTION_WORDS else token.pos_


@dataclass
class CueTree:
    """What a cue's dependents say about its sentence's tokens: where each child's subtree starts
    (`left`) and ends (`right`), which child's subtree holds each token (`member`), and the
    cue's own words `own` (the verb, or "according to X")."""

    left: dict[int, list[str]]
    right: dict[int, list[str]]
    member: dict[int, str]
    own: tuple[int, int]
    lemma: str
    dep: str

    def side_features(self, side: str) -> list[str]:
        """The names of the features of a token that depend on the cue and the token's side only."""
        return [f"side={side}", f"lemma={self.lemma}&side={side}", f"cue_dep={self.dep}&side={side}"]

    @classmethod
    def of(cls, cue: Token) -> CueTree:
        left: dict[int, list[str]] = {}
        right: dict[int, list[str]] = {}
        member: dict[int, str] = {}
        for child in cue.children:
            left.setdefault(child.left_edge.i, []).append(child.dep_)
            right.setdefault(child.right_edge.i, []).append(child.dep_)
            member.update((t.i, child.dep_) for t in child.subtree)
            if child.dep_ == "prep":  # "warned of *a crisis*": the object's subtree
                for obj in child.children:
                    if obj.dep_ in ("pobj", "pcomp"):
                        left.setdefault(obj.left_edge.i, []).append("pobj")
        if cue.head.i != cue.i:  # "*Talks will resume*, he said": the clause the cue hangs on
            left.setdefault(cue.head.left_edge.i, []).append("HEAD")
            right.setdefault(cue.head.right_edge.i, []).append("HEAD")
        own = (cue.i, cue.right_edge.i) if cue.lower_ == "according" else (cue.i, cue.i)
        return cls(left, right, member, own, cue.lemma_.lower(), cue.dep_)


def boundary_tokens(cue: Token, tree: CueTree, skip: AbstractSet[int]) -> list[Token]:
    """The tokens of the cue's sentence that may start or end its content: no punctuation, no
    word inside quotation marks (a mixed content runs from its own first word to its own last),
    none of the cue's own words."""
    low, high = tree.own
    return [t for t in cue.sent if not t.is_punct and t.i not in skip and not low <= t.i <= high]


@dataclass(frozen=True)
class TokenView:
    """What the start or end model reads of a token whatever the cue: its word (or part of
    speech), dependency and the word beside it (before it for a start, after it for an end),
    whether its own subtree, its head's subtree or its sentence starts (ends) there."""

    word: str
    dep: str
    near: str
    near_dep: str
    own_edge: bool
    head_edge: bool
    sentence_edge: bool

    @classmethod
    def of(cls, token: Token, start: bool, sentence_end: int) -> TokenView:
        doc, i = token.doc, token.i
        beside = doc[i - 1] if start and i > 0 else doc[i + 1] if not start and i + 1 < len(doc) else None
        if beside is None:
            near = "<edge>"
        elif token.is_sent_start if start else beside.is_sent_start:
            near = "<sent>"
        else:
            near = _word(beside)
        head = token.head
        return cls(_word(token), token.dep_, near, "none" if beside is None else beside.dep_,
                   (token.left_edge.i if start else token.right_edge.i) == i,
                   (head.left_edge.i if start else head.right_edge.i) == i,
                   token.is_sent_start if start else (
                       i + 1 == sentence_end or i + 2 == sentence_end and doc[i + 1].is_punct))

    def features(self) -> dict[str, float]:
        """The features of the token alone, the same for every cue."""
        return {"bias": 1.0, f"word={self.word}": 1.0, f"near={self.near}": 1.0,
                f"near_dep={self.near_dep}": 1.0, f"dep={self.dep}": 1.0,
                f"dep={self.dep}&near={self.near}": 1.0, f"own_edge={self.own_edge}": 1.0}


# A relation feature is a key, (template, values...), and its name the template filled in
# (`feature_name`): scoring looks its weight up by key (`_Weights`) without writing the name.
_TEMPLATES = {"side&d": "side={}&d={}", "member": "member={}", "member&side": "member={}&side={}",
              "word&side": "word={}&side={}", "near&side": "near={}&side={}",
              "member&own": "member={}&own={}", "head_edge&side": "head_edge={}&side={}",
              "sentence_edge&side": "sentence_edge={}&side={}", "beside_cue": "beside_cue",
              "edge": "edge={}", "edge&lemma": "edge={}&lemma={}"}


def feature_name(key: tuple) -> str:
    """The name of the feature `key` (`relation_keys`)."""
    return _TEMPLATES[key[0]].format(*key[1:])


def relation_keys(cue: Token, index: int, view: TokenView, tree: CueTree, start: bool) -> list[tuple]:
    """The keys of the features (each of value 1) of the token `index` as the cue's content's
    first (`start`) or last word, but for those of the cue and side alone (`CueTree.side_features`)."""
    low, high = tree.own
    side = "after" if index > high else "before"
    member = tree.member.get(index, "none")
    keys = [("side&d", side, bucket(abs(index - cue.i))), ("member", member), ("member&side", member, side),
            ("word&side", view.word, side), ("near&side", view.near, side),
            ("member&own", member, view.own_edge), ("head_edge&side", view.head_edge, side),
            ("sentence_edge&side", view.sentence_edge, side)]
    if index == (high + 1 if start else low - 1):
        keys.append(("beside_cue",))
    edges = (tree.left if start else tree.right).get(index, ())
    for dep in dict.fromkeys(edges):
        keys += [("edge", dep), ("edge&lemma", dep, tree.lemma)]
    if not edges:
        keys.append(("edge", "none"))
    return keys


def relation_features(cue: Token, index: int, view: TokenView, tree: CueTree, start: bool) -> list[str]:
    """The names of `relation_keys`' features."""
    return [feature_name(key) for key in relation_keys(cue, index, view, tree, start)]


def boundary_features(cue: Token, token: Token, tree: CueTree, start: bool) -> dict[str, float]:
    """What the start (`start`) or end model knows of `token` as the first or last content word."""
    view = TokenView.of(token, start, cue.sent.end)
    side = "after" if token.i > tree.own[1] else "before"
    names = tree.side_features(side) + relation_features(cue, token.i, view, tree, start)
    return view.features() | dict.fromkeys(names, 1.0)


@dataclass
class Scored:
    """A cue's boundary tokens with the log-probabilities of starting and ending its content."""

    tokens: list[Token]
    starts: np.ndarray
    ends: np.ndarray

    def __post_init__(self) -> None:
        self._positions = {t.i: n for n, t in enumerate(self.tokens)}

    def log_start(self, index: int) -> float:
        """The log-probability that the token `index` of the parse starts the content."""
        return self._at(self.starts, index)

    def log_end(self, index: int) -> float:
        """The log-probability that the token `index` of the parse ends the content."""
        return self._at(self.ends, index)

    def _at(self, values: np.ndarray, index: int) -> float:
        position = self._positions.get(index)
        return float(values[position]) if position is not None else math.log(FLOOR)

    def pairs(self, k: int = PAIRS) -> list[Content]:
        """The `k` likeliest contents (start at or before end), likeliest first (ties in
        reading order): the stable sort of the pairs at least as likely as the k-th."""
        n = len(self.tokens)
        joint = self.starts[:, None] + self.ends[None, :]
        joint[_below(n)] = -np.inf
        flat = joint.ravel()
        top = np.arange(flat.size)
        if flat.size > k:
            top = np.flatnonzero(flat >= np.partition(flat, flat.size - k)[flat.size - k])
        order = top[np.argsort(-flat[top], kind="stable")][:k].tolist()
        return [Content(self.tokens[o // n].i, self.tokens[o % n].i + 1, "boundary")
                for o in order if math.isfinite(flat[o])]


@lru_cache(maxsize=256)
def _below(n: int) -> np.ndarray:
    """Where an n x n table's end comes before its start."""
    return np.tri(n, k=-1, dtype=bool)


class _Weights(dict):
    """A model's weight of each relation feature key, looked up by its name once."""

    def __init__(self, model: HashedLogistic) -> None:
        super().__init__()
        self.model = model

    def __missing__(self, key: tuple) -> float:
        weight = self[key] = self.model.weights.get(feature_index(feature_name(key)), 0.0)
        return weight


MEMO = 2**14  # views and feature keys remembered at most, per model (about 10 MB at most)


@dataclass
class Boundaries:
    """The start and end models, with what they gave each token view and feature key (read
    once, then looked up: the same sums, in the same order, as `HashedLogistic.unit_sum`)."""

    starts: HashedLogistic
    ends: HashedLogistic

    def __post_init__(self) -> None:
        self._alone: dict[bool, dict[TokenView, float]] = {True: {}, False: {}}
        self._weights = {True: _Weights(self.starts), False: _Weights(self.ends)}

    def score(self, cue: Token, skip: AbstractSet[int],
              seen: dict[tuple[int, bool], TokenView] | None = None) -> Scored | None:
        """The cue's boundary tokens scored, or None when it has none. `seen`: the view of each
        token of the parse already scored for another cue (a token of a sentence of five cues
        is read once)."""
        tree = CueTree.of(cue)
        tokens = boundary_tokens(cue, tree, skip)
        if not tokens:
            return None
        seen = {} if seen is None else seen
        sentence_end = cue.sent.end
        scores = []
        for start, model in ((True, self.starts), (False, self.ends)):
            alone, weights = self._alone[start], self._weights[start]
            if len(alone) > MEMO or len(weights) > MEMO:
                alone.clear()
                weights.clear()
            by_side = {side: model.unit_sum(tree.side_features(side)) + model.intercept
                       for side in ("before", "after")}
            row = []
            for token in tokens:
                view = seen.get((token.i, start))
                if view is None:
                    view = seen[(token.i, start)] = TokenView.of(token, start, sentence_end)
                own = alone.get(view)
                if own is None:
                    own = alone[view] = model.unit_sum(view.features())
                side = "after" if token.i > tree.own[1] else "before"
                row.append(own + by_side[side]
                           + sum(map(weights.__getitem__, relation_keys(cue, token.i, view, tree, start))))
            scores.append(_normalised(np.array(row)))
        return Scored(tokens, *scores)


def _normalised(scores: np.ndarray) -> np.ndarray:
    """Log-probabilities that sum to one over the sentence, from the models' scores."""
    p = 1.0 / (1.0 + np.exp(-scores))
    return np.log(p / p.sum() + FLOOR)
