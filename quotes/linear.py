"""Logistic regression over hashed named features, kept as plain data.

Hashing makes the feature space fixed, so a model is only its weights: `NAME.json`
(settings, intercept) and `NAME.npz` (the non-zero weights). Loading reads numbers; nothing is
unpickled. Training fits scikit-learn's estimator over its FeatureHasher; predicting hashes the
same way (MurmurHash3, signed, seed 0, as the hasher does) and sums the weights in the order the
hasher's sparse product does, without importing scikit-learn or SciPy (over a second of start-up).
The quote, cue and attribution classifiers and the coreference ranker are all of this kind.
"""

from __future__ import annotations

import json
import math
import zipfile
import zlib
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import numpy as np
from murmurhash.mrmr import hash_unicode

N_FEATURES = 2**18
FORMAT = "quotes-linear/1"
MAX_MEMBER = N_FEATURES * 8 + 4096  # an npy array of every feature's int64 index, with its header


class HashedLogistic:
    """`fit` on (features, yes/no) examples; `predict_proba` gives P(yes) for each."""

    def __init__(self, name: str, c: float = 1.0, seed: int = 0) -> None:
        self.name = name
        self.c = c
        self.seed = seed
        self.weights: dict[int, float] = {}  # the non-zero weights, by feature index
        self.intercept = 0.0

    def fit(self, features: Sequence[dict[str, float]], labels: Sequence[int]) -> HashedLogistic:
        """Fit the weights; labels of one class only (a few training documents whose marked
        stretches are all quotes) give no weights and the Laplace-smoothed rate as intercept."""
        from sklearn.feature_extraction import FeatureHasher
        from sklearn.linear_model import LogisticRegression

        y = np.asarray(labels)
        if len(np.unique(y)) < 2:
            rate = (y.sum() + 1) / (len(y) + 2)
            self.weights, self.intercept = {}, float(np.log(rate / (1 - rate)))
            return self
        hasher = FeatureHasher(n_features=N_FEATURES, input_type="dict", alternate_sign=False)
        model = LogisticRegression(C=self.c, max_iter=5000, random_state=self.seed)
        model.fit(hasher.transform(features), y)
        index = np.flatnonzero(model.coef_[0])
        self.weights = dict(zip(index.tolist(), model.coef_[0][index].tolist(), strict=True))
        self.intercept = float(model.intercept_[0])
        return self

    def predict_proba(self, features: Sequence[dict[str, float]]) -> np.ndarray:
        """The probability of yes for each example, `1 / (1 + exp(-(x w + b)))`."""
        scores = np.array([self.score(row) for row in features])
        return 1.0 / (1.0 + np.exp(-scores))

    def score(self, row: dict[str, float]) -> float:
        """`x w + b` for one example: a string value is the feature `name=value` at 1, colliding
        features add up, and the products are summed in index order, as in the hasher's CSR row."""
        weights = self.weights
        hashed: dict[int, float] = {}
        for name, value in row.items():
            if isinstance(value, str):
                index, value = feature_index(name, value), 1.0
            else:
                index = feature_index(name)
            if index in weights:  # a feature without a weight adds nothing
                hashed[index] = hashed.get(index, 0.0) + value
        total = 0.0
        for index in sorted(hashed):
            total += hashed[index] * weights[index]
        return total + self.intercept

    def unit_sum(self, names: Iterable[str]) -> float:
        """The weights of features of value 1 summed in the order given, without the intercept:
        what a part of an example's features adds (as `score` adds it but for the last bits of
        rounding; three times as fast, for the many small examples of a model read in parts)."""
        return sum(map(self.weights.get, map(feature_index, names), repeat(0.0)))

    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        index = sorted(self.weights)
        np.savez_compressed(folder / f"{self.name}.npz", index=np.array(index, dtype=np.int64),
                            weights=np.array([self.weights[i] for i in index], dtype=np.float64))
        meta = {"format": FORMAT, "n_features": N_FEATURES, "c": self.c, "intercept": self.intercept}
        (folder / f"{self.name}.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path, name: str) -> HashedLogistic:
        """The classifier saved in `folder`; `ValueError` (one line) for a file that is not one:
        a damaged or truncated npz, arrays of the wrong dtype, shape or length, an index
        outside the hashed feature space, or weights that are not finite numbers."""
        folder = Path(folder)
        meta = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("n_features") != N_FEATURES:
            raise ValueError(f"{folder / name}.json: not a {FORMAT} model")
        if not all(_finite(meta.get(key)) for key in ("c", "intercept")):
            raise ValueError(f"{folder / name}.json: 'c' and 'intercept' must be finite numbers")
        index, weights = _arrays(folder / f"{name}.npz")
        clf = cls(name, c=float(meta["c"]))
        clf.weights = {i: w for i, w in zip(index.tolist(), weights.tolist(), strict=True) if w != 0}
        clf.intercept = float(meta["intercept"])
        return clf


_BUCKETS = (0, 1, 2, 4, 8, 16, 32, 64)
_BUCKET_NAMES = tuple(map(str, _BUCKETS))


def bucket(value: int) -> str:
    """A count as a feature value: powers of two up to 64, so that lengths and distances
    share weights with their neighbours."""
    return _BUCKET_NAMES[bisect_right(_BUCKETS, value) - 1] if value >= 0 else "neg"


@lru_cache(maxsize=2**17)
def feature_index(name: str, value: str | None = None) -> int:
    """The column of a feature (`name=value` for a string value), as the hasher gives it:
    |MurmurHash3 (signed, seed 0)| mod N."""
    return abs(hash_unicode(name if value is None else f"{name}={value}")) % N_FEATURES


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _arrays(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The (index, weights) pair of a saved classifier, checked before any is used; members
    larger than the whole feature space could be are refused before they are inflated."""
    try:
        with zipfile.ZipFile(path) as archive:
            largest = max((info.file_size for info in archive.infolist()), default=0)
        if largest <= MAX_MEMBER:
            with np.load(path, allow_pickle=False) as data:
                index, weights = data["index"], data["weights"]
    except (zipfile.BadZipFile, EOFError, KeyError, ValueError, zlib.error) as err:
        raise ValueError(f"{path}: damaged or not a weights file ({err})") from None
    if largest > MAX_MEMBER:
        raise ValueError(f"{path}: holds an array larger than {N_FEATURES} weights")
    if index.ndim != 1 or index.dtype.kind not in "iu":
        raise ValueError(f"{path}: 'index' must be one row of integers, not {index.dtype} {index.shape}")
    if weights.shape != index.shape or weights.dtype.kind != "f":
        raise ValueError(f"{path}: 'weights' must be {len(index)} floats, "
                         f"not {weights.dtype} {weights.shape}")
    if len(index) and (index.min() < 0 or index.max() >= N_FEATURES):
        raise ValueError(f"{path}: an index outside 0..{N_FEATURES - 1}")
    if len(np.unique(index)) != len(index):
        raise ValueError(f"{path}: an index appears twice")
    if not np.isfinite(weights).all():
        raise ValueError(f"{path}: weights that are not finite")
    return index, weights
