"""py3langid's probabilities for a whole batch of texts at once.

py3langid walks its n-gram automaton over each text's bytes in Python, then
scores each text with a few small numpy calls: ~45 µs a message, most of a
parse worker's language step. Here the batch's automata are walked in
lockstep (one numpy step per byte position, over every text still that long),
the features counted for all texts at once, and each text scored with the
same float32 operations as `LanguageIdentifier._decide` (the same product,
temperature sqrt(bytes), softmax, aliases folded): the same probabilities,
bit for bit, over the corpus and the labelled messages.

Only numpy arrays over the model's own tables: the automaton stays mapped
from the cache file, nothing of it is copied.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import numpy as np
from numpy.typing import NDArray

# Texts walked and scored together: a parse worker's batch of 500 at once
# held 3.8 MB of numpy arrays at its peak; by 125, 1.2 MB, for 0.03 s more
# CPU per 10,000 messages.
CHUNK = 125


Tables = tuple[NDArray[Any], NDArray[Any], NDArray[Any]]


def _tables(model: Any) -> Tables:
    """The automaton as numpy views (copies only when the model was read from
    py3langid's own file, not the cache): next state, row offsets, feature."""
    nextmove = np.asarray(model.tk_nextmove)
    rowbase = np.asarray(model._rowbase, dtype=np.int64)
    output = np.asarray(model.tk_output, dtype=np.int32)
    return nextmove, rowbase, output


def _features(tables: Tables, data: list[bytes]) -> NDArray[np.int32]:
    """The feature found after each byte, per text (one column each), -1
    where none; texts sorted longest first, so that each step takes a prefix."""
    nextmove, rowbase, output = tables
    width = len(data[0])
    if width == 0:
        return np.full((0, len(data)), -1, dtype=np.int32)
    joined = b"".join(text.ljust(width, b"\0") for text in data)
    columns = np.frombuffer(joined, dtype=np.uint8).reshape(len(data), width).T
    lengths = np.array([len(text) for text in data], dtype=np.int64)
    # Texts still walking at each position: lengths are in decreasing order.
    active = np.searchsorted(-lengths, -np.arange(width), side="left")
    states = np.zeros(len(data), dtype=np.int64)
    found = np.full((width, len(data)), -1, dtype=np.int32)
    for at in range(width):
        walking = active[at]
        moved = nextmove[rowbase[states[:walking]] + columns[at, :walking]]
        states[:walking] = moved
        found[at, :walking] = output[moved]
    return found


def _raw_scores(model: Any, tables: Tables, data: list[bytes]) -> NDArray[np.float32]:
    """Naive Bayes log-scores, a row per text; zeros for a text with no
    feature (py3langid's 'abstain' under normalised probabilities).

    Each text's sum is py3langid's own product (its counts in the order
    first seen, by the same BLAS call): summed any other way in float32, the
    scores of long texts strayed by up to 1e-5 in probability."""
    ptc: NDArray[np.float32] = model.nb_ptc
    scores = np.zeros((len(data), ptc.shape[1]), dtype=np.float32)
    found = _features(tables, data).T  # a row per text, in byte order
    present = found >= 0
    texts = np.nonzero(present)[0].astype(np.int64)
    if texts.size == 0:
        return scores
    keys = texts * ptc.shape[0] + found[present]
    pairs, first, counts = np.unique(keys, return_index=True, return_counts=True)
    seen = np.argsort(first)  # by text, then first occurrence (all distinct)
    text_of, feature_of = np.divmod(pairs[seen], ptc.shape[0])
    weights = np.log1p(counts[seen].astype(np.float32))
    rows = ptc[feature_of]
    bounds = np.flatnonzero(np.r_[True, text_of[1:] != text_of[:-1], True]).tolist()
    for start, end in pairwise(bounds):
        scores[text_of[start]] = weights[start:end] @ rows[start:end]
    scores[text_of[bounds[:-1]]] += model.nb_pc
    return scores


def probabilities(model: Any, texts: Sequence[str]) -> NDArray[np.float32]:
    """What `model._decide(text)` gives for each text (a row each, in the
    model's class order); `model` normalises probabilities."""
    if not texts:
        return np.zeros((0, len(model.nb_classes)), dtype=np.float32)
    data = [model._encode(text) for text in texts]
    order = sorted(range(len(data)), key=lambda index: -len(data[index]))
    ordered = [data[index] for index in order]
    tables = _tables(model)
    scores = np.concatenate(
        [
            _raw_scores(model, tables, ordered[at : at + CHUNK])
            for at in range(0, len(ordered), CHUNK)
        ]
    )
    # py3langid's temperature, a Python float applied to float32 scores
    scale = np.array(
        [1.0 / math.sqrt(len(text) or 1) for text in ordered], dtype=np.float32
    )
    scores *= scale[:, None]
    scores = np.exp(scores - scores.max(axis=1, keepdims=True))
    scores /= scores.sum(axis=1, keepdims=True)
    for first, dupe in model._alias_pairs:
        scores[:, first] += scores[:, dupe]
        scores[:, dupe] = 0.0
    unsorted: NDArray[np.float32] = np.empty_like(scores)
    unsorted[order] = scores
    return unsorted
