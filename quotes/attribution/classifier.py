"""The attribution classifier: logistic regression over hashed pair features, kept as plain data.

Hashing makes the feature space fixed, so the model is only its weights: `attribution.json`
(settings, intercept) and `attribution.npz` (the non-zero weights). Loading reads numbers
and rebuilds the scikit-learn estimator; nothing is unpickled.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression

N_FEATURES = 2**18
FORMAT = "quotes-attribution/1"


class AttributionClassifier:
    """`fit` on (features, is-the-speaker) pairs; `predict_proba` scores candidates."""

    def __init__(self, c: float = 1.0, seed: int = 0) -> None:
        self.hasher = FeatureHasher(n_features=N_FEATURES, input_type="dict", alternate_sign=False)
        self.model = LogisticRegression(C=c, max_iter=5000, random_state=seed)
        self.c = c

    def fit(self, features: Sequence[dict[str, float]], labels: Sequence[int]) -> AttributionClassifier:
        self.model.fit(self.hasher.transform(features), np.asarray(labels))
        return self

    def predict_proba(self, features: Sequence[dict[str, float]]) -> np.ndarray:
        """The probability that each candidate is the quote's speaker."""
        if not features:
            return np.zeros(0)
        return self.model.predict_proba(self.hasher.transform(features))[:, 1]

    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        weights = self.model.coef_[0]
        index = np.flatnonzero(weights)
        np.savez_compressed(folder / "attribution.npz", index=index.astype(np.int64),
                            weights=weights[index])
        meta = {"format": FORMAT, "n_features": N_FEATURES, "c": self.c,
                "intercept": float(self.model.intercept_[0])}
        (folder / "attribution.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path) -> AttributionClassifier:
        folder = Path(folder)
        meta = json.loads((folder / "attribution.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or meta.get("n_features") != N_FEATURES:
            raise ValueError(f"{folder}: not a {FORMAT} attribution model")
        with np.load(folder / "attribution.npz", allow_pickle=False) as data:
            weights = np.zeros(N_FEATURES)
            weights[data["index"]] = data["weights"]
        clf = cls(c=meta["c"])
        clf.model.coef_ = weights[None, :]
        clf.model.intercept_ = np.array([meta["intercept"]])
        clf.model.classes_ = np.array([0, 1])
        return clf
