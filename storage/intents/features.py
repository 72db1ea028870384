"""Messages as sparse rows of hashed features, for the linear model.

Features: words and word pairs, character 3- to 5-grams (they survive typos,
plurals and conjugation: "commande", "comande", "commandé"), the subject's
words apart (a subject like "Facture 1350" says a lot, a reply's "Re: Votre
colis" says little, so it is left out), and the rule cues. Character n-grams
are hashed with numpy over the whole text at once, which keeps featurising in
the tens of microseconds per message.
"""

from __future__ import annotations

import itertools
import zlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storage.intents.rules import cue_counts

BITS = 18
SIZE = 1 << BITS
_MASK = np.uint64(SIZE - 1)
_PRIME = np.uint64(1_000_003)
_CUE_WEIGHT = 0.5  # a cue counts as much as a good share of the text's words
BIAS = 0  # feature 0 is on in every row: the reduction over rows needs one


@dataclass(frozen=True, slots=True)
class Rows:
    """A CSR matrix: row i holds indices[indptr[i]:indptr[i+1]] and values."""

    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.int64]
    values: npt.NDArray[np.float32]

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def row_of_entry(self) -> npt.NDArray[np.int64]:
        return np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.indptr))

    def take(self, rows: npt.NDArray[np.int64]) -> Rows:
        parts = [(self.indptr[r], self.indptr[r + 1]) for r in rows.tolist()]
        lengths = np.array([end - start for start, end in parts], dtype=np.int64)
        picked_index = (
            np.concatenate([np.arange(s, e) for s, e in parts]).astype(np.int64)
            if parts
            else np.zeros(0, np.int64)
        )
        indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        return Rows(indptr, self.indices[picked_index], self.values[picked_index])


def _word_hashes(words: list[str], salt: bytes) -> list[int]:
    hashes = [zlib.crc32(word.encode("ascii"), zlib.crc32(salt)) for word in words]
    pairs = [
        zlib.crc32(f"{a} {b}".encode("ascii"), zlib.crc32(salt + b"2"))
        for a, b in itertools.pairwise(words)
    ]
    return hashes + pairs


def _char_grams(folded: str) -> npt.NDArray[np.uint64]:
    data = np.frombuffer(f" {folded} ".encode("ascii"), dtype=np.uint8).astype(
        np.uint64
    )
    found = []
    with np.errstate(over="ignore"):
        for n in (3, 4, 5):
            if len(data) < n:
                continue
            rolling = np.full(len(data) - n + 1, np.uint64(n), dtype=np.uint64)
            for k in range(n):
                rolling = rolling * _PRIME + data[k : len(data) - n + 1 + k]
            found.append(rolling)
    return np.concatenate(found) if found else np.zeros(0, dtype=np.uint64)


def _normalised(
    hashes: npt.NDArray[np.uint64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Distinct buckets with sublinear counts, scaled to unit length."""
    buckets, counts = np.unique((hashes & _MASK).astype(np.int64), return_counts=True)
    values = (1.0 + np.log(counts)).astype(np.float32)
    norm = float(np.sqrt((values * values).sum())) or 1.0
    return buckets, values / norm


def featurise(
    folded_body: str, folded_subject: str = "", cues: bool = True
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """One message's feature indices and values (folded text in)."""
    words = folded_body.split()
    hashes = np.concatenate(
        [
            np.asarray(_word_hashes(words, b"w"), dtype=np.uint64),
            _char_grams(folded_body) if folded_body else np.zeros(0, np.uint64),
            np.asarray(_word_hashes(folded_subject.split(), b"s"), dtype=np.uint64),
        ]
    )
    indices, values = (
        _normalised(hashes)
        if len(hashes)
        else (
            np.zeros(0, np.int64),
            np.zeros(0, np.float32),
        )
    )
    found = cue_counts(f"{folded_subject} {folded_body}".strip()) if cues else {}
    cue_index = [zlib.crc32(f"cue:{intent}".encode()) & (SIZE - 1) for intent in found]
    cue_value = [_CUE_WEIGHT * min(count, 3) ** 0.5 for count in found.values()]
    return (
        np.concatenate([[BIAS], indices, np.asarray(cue_index, np.int64)]).astype(
            np.int64
        ),
        np.concatenate([[1.0], values, np.asarray(cue_value, np.float32)]).astype(
            np.float32
        ),
    )


def stack(rows: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]]) -> Rows:
    lengths = np.array([len(indices) for indices, _ in rows], dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    if not rows:
        return Rows(indptr, np.zeros(0, np.int64), np.zeros(0, np.float32))
    return Rows(
        indptr,
        np.concatenate([indices for indices, _ in rows]),
        np.concatenate([values for _, values in rows]),
    )
