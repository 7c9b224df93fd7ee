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
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Token

from quotes.linear import HashedLogistic, bucket
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
        return cls(left, right, member, own)


def boundary_tokens(cue: Token, tree: CueTree, skip: AbstractSet[int]) -> list[Token]:
    """The tokens of the cue's sentence that may start or end its content: no punctuation, no
    word inside quotation marks (a mixed content runs from its own first word to its own last),
    none of the cue's own words."""
    low, high = tree.own
    return [t for t in cue.sent if not t.is_punct and t.i not in skip and not low <= t.i <= high]


def boundary_features(cue: Token, token: Token, tree: CueTree, start: bool) -> dict[str, float]:
    """What the start (`start`) or end model knows of `token` as the first or last content word."""
    doc, i, lemma = cue.doc, token.i, cue.lemma_.lower()
    low, high = tree.own
    side = "after" if i > high else "before"
    member = tree.member.get(i, "none")
    beside = doc[i - 1] if start and i > 0 else doc[i + 1] if not start and i + 1 < len(doc) else None
    if beside is None:
        near = "<edge>"
    elif token.is_sent_start if start else beside.is_sent_start:
        near = "<sent>"
    else:
        near = _word(beside)
    word = _word(token)
    own = (token.left_edge.i if start else token.right_edge.i) == i
    head = token.head
    head_edge = (head.left_edge.i if start else head.right_edge.i) == i
    sentence_edge = token.is_sent_start if start else (
        i + 1 == token.sent.end or i + 2 == token.sent.end and doc[i + 1].is_punct)
    f = {"bias": 1.0, f"side={side}": 1.0, f"side={side}&d={bucket(abs(i - cue.i))}": 1.0,
         f"lemma={lemma}&side={side}": 1.0, f"member={member}": 1.0, f"member={member}&side={side}": 1.0,
         f"word={word}": 1.0, f"word={word}&side={side}": 1.0, f"near={near}": 1.0,
         f"near={near}&side={side}": 1.0, f"near_dep={'none' if beside is None else beside.dep_}": 1.0,
         f"dep={token.dep_}": 1.0, f"dep={token.dep_}&near={near}": 1.0,
         f"cue_dep={cue.dep_}&side={side}": 1.0, f"own_edge={own}": 1.0,
         f"member={member}&own={own}": 1.0, f"head_edge={head_edge}&side={side}": 1.0,
         f"sentence_edge={sentence_edge}&side={side}": 1.0}
    if i == (high + 1 if start else low - 1):
        f["beside_cue"] = 1.0
    edges = (tree.left if start else tree.right).get(i, ())
    for dep in edges:
        f[f"edge={dep}"] = f[f"edge={dep}&lemma={lemma}"] = 1.0
    if not edges:
        f["edge=none"] = 1.0
    return f


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
        """The `k` likeliest contents (start at or before end), likeliest first."""
        n = len(self.tokens)
        joint = self.starts[:, None] + self.ends[None, :]
        joint[np.tril_indices(n, -1)] = -np.inf
        order = np.argsort(-joint, axis=None, kind="stable")[:k]
        return [Content(self.tokens[int(o) // n].i, self.tokens[int(o) % n].i + 1, "boundary")
                for o in order if np.isfinite(joint.flat[o])]


@dataclass
class Boundaries:
    """The start and end models."""

    starts: HashedLogistic
    ends: HashedLogistic

    def score(self, cue: Token, skip: AbstractSet[int]) -> Scored | None:
        """The cue's boundary tokens scored, or None when it has none."""
        tree = CueTree.of(cue)
        tokens = boundary_tokens(cue, tree, skip)
        if not tokens:
            return None
        starts, ends = ([boundary_features(cue, t, tree, start) for t in tokens] for start in (True, False))
        return Scored(tokens, _normalised(self.starts, starts), _normalised(self.ends, ends))


def _normalised(model: HashedLogistic, rows: Sequence[dict[str, float]]) -> np.ndarray:
    """Log-probabilities that sum to one over the sentence."""
    p = model.predict_proba(rows)
    return np.log(p / p.sum() + FLOOR)
