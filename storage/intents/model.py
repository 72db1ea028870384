"""A multinomial logistic regression over hashed features, in numpy.

Small enough to fit in a second on a few thousand messages, and its
probabilities are what the automation's confidence threshold reads. Only the
weights of features seen in training are kept (a lookup maps a hashed feature
to its row), so a fitted model weighs a few megabytes at most.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storage.intents.features import SIZE, Rows

Floats = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class FitOptions:
    epochs: int = 60
    rate: float = 0.25
    l2: float = 2e-4  # per example, on the mean loss


class IntentModel:
    def __init__(
        self, labels: Sequence[str], seen: npt.NDArray[np.int64], weights: Floats
    ) -> None:
        self.labels = tuple(labels)
        self.seen = seen  # hashed feature of each weight row; the last row: bias
        self.weights = weights
        self.lookup = np.full(SIZE, -1, dtype=np.int32)
        self.lookup[seen] = np.arange(len(seen), dtype=np.int32)

    @classmethod
    def fit(
        cls,
        rows: Rows,
        targets: Sequence[str],
        labels: Sequence[str],
        sample_weight: Sequence[float] | None = None,
        options: FitOptions | None = None,
    ) -> IntentModel:
        """Full-batch Adam on the weighted cross-entropy with an L2 penalty."""
        opts = options or FitOptions()
        index = {label: i for i, label in enumerate(labels)}
        y = np.array([index[t] for t in targets], dtype=np.int64)
        weight = np.asarray(
            sample_weight if sample_weight is not None else np.ones(len(y)), np.float32
        )
        weight = weight / weight.sum()
        seen, column = np.unique(rows.indices, return_inverse=True)
        order = np.argsort(column, kind="stable")
        starts = np.flatnonzero(np.diff(column[order], prepend=-1))
        entry_row = rows.row_of_entry()
        w = np.zeros((len(seen), len(labels)), dtype=np.float32)
        moment, square = np.zeros_like(w), np.zeros_like(w)
        onehot = np.zeros((len(y), len(labels)), dtype=np.float32)
        onehot[np.arange(len(y)), y] = 1.0
        for step in range(1, opts.epochs + 1):
            probs = _softmax(_scores(w, column, rows.values, rows.indptr))
            error = (probs - onehot) * weight[:, None]
            contributions = error[entry_row] * rows.values[:, None]
            grad = np.add.reduceat(contributions[order], starts, axis=0)
            grad += opts.l2 * w
            moment = (0.9 * moment + 0.1 * grad).astype(np.float32)
            square = (0.999 * square + 0.001 * grad * grad).astype(np.float32)
            fixed = moment / (1 - 0.9**step)
            scale = np.sqrt(square / (1 - 0.999**step)) + 1e-8
            w -= opts.rate * fixed / scale
        return cls(labels, seen.astype(np.int64), w)

    def probabilities(self, indices: npt.NDArray[np.int64], values: Floats) -> Floats:
        rows = self.lookup[indices]
        known = rows >= 0
        scores = (self.weights[rows[known]] * values[known, None]).sum(axis=0)
        probs: Floats = _softmax(scores[None, :])[0]
        return probs

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            labels=np.array(self.labels),
            seen=self.seen.astype(np.int32),
            weights=self.weights.astype(np.float16),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> IntentModel:
        with np.load(io.BytesIO(data), allow_pickle=False) as saved:
            return cls(
                [str(label) for label in saved["labels"]],
                saved["seen"].astype(np.int64),
                saved["weights"].astype(np.float32),
            )


def _scores(
    w: Floats,
    column: npt.NDArray[np.int64],
    values: Floats,
    indptr: npt.NDArray[np.int64],
) -> Floats:
    contributions = w[column] * values[:, None]
    scores: Floats = np.add.reduceat(contributions, indptr[:-1], axis=0)
    return scores


def _softmax(scores: Floats) -> Floats:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    probs: Floats = (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)
    return probs
