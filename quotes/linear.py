"""Logistic regression over hashed named features, kept as plain data.

Hashing makes the feature space fixed, so a model is only its weights: `NAME.json`
(settings, intercept) and `NAME.npz` (the non-zero weights). Loading reads numbers and
rebuilds the scikit-learn estimator; nothing is unpickled. The quote classifier and the
attribution classifier are both of this kind.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.special import expit
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression

N_FEATURES = 2**18
FORMAT = "quotes-linear/1"


class HashedLogistic:
    """`fit` on (features, yes/no) examples; `predict_proba` gives P(yes) for each."""

    def __init__(self, name: str, c: float = 1.0, seed: int = 0) -> None:
        self.name = name
        self.hasher = FeatureHasher(n_features=N_FEATURES, input_type="dict", alternate_sign=False)
        self.model = LogisticRegression(C=c, max_iter=5000, random_state=seed)
        self.c = c

    def fit(self, features: Sequence[dict[str, float]], labels: Sequence[int]) -> HashedLogistic:
        """Fit the weights; labels of one class only (a few training documents whose marked
        stretches are all quotes) give no weights and the Laplace-smoothed rate as intercept."""
        y = np.asarray(labels)
        if len(np.unique(y)) < 2:
            rate = (y.sum() + 1) / (len(y) + 2)
            self.model.coef_ = np.zeros((1, N_FEATURES))
            self.model.intercept_ = np.array([np.log(rate / (1 - rate))])
            self.model.classes_ = np.array([0, 1])
            return self
        self.model.fit(self.hasher.transform(features), y)
        return self

    def predict_proba(self, features: Sequence[dict[str, float]]) -> np.ndarray:
        """The probability of yes for each example: the estimator's own `expit(X w + b)`, without
        its input checks, which cost more than the product for the few rows of one quote."""
        if not features:
            return np.zeros(0)
        scores = self.hasher.transform(features) @ self.model.coef_[0] + self.model.intercept_[0]
        return expit(scores)

    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        weights = self.model.coef_[0]
        index = np.flatnonzero(weights)
        np.savez_compressed(folder / f"{self.name}.npz", index=index.astype(np.int64),
                            weights=weights[index])
        meta = {"format": FORMAT, "n_features": N_FEATURES, "c": self.c,
                "intercept": float(self.model.intercept_[0])}
        (folder / f"{self.name}.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path, name: str) -> HashedLogistic:
        folder = Path(folder)
        meta = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or meta.get("n_features") != N_FEATURES:
            raise ValueError(f"{folder / name}: not a {FORMAT} model")
        with np.load(folder / f"{name}.npz", allow_pickle=False) as data:
            weights = np.zeros(N_FEATURES)
            weights[data["index"]] = data["weights"]
        clf = cls(name, c=meta["c"])
        clf.model.coef_ = weights[None, :]
        clf.model.intercept_ = np.array([meta["intercept"]])
        clf.model.classes_ = np.array([0, 1])
        return clf
