"""Which canned replies fit a message: the three most likely, best first.

Four signals, added up:
- the intent: a reply tagged with an intent's name (`tags: [order_status]`)
  scores that intent's probability;
- the language: a reply in the message's language is preferred, and once one
  fits, replies in other languages are not shown;
- the words: the reply's title and text against the customer's own words;
- the shop's habit: the replies picked before for the most similar messages
  (the console records each pick; older sent replies are matched to the
  canned reply they were written from).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storage.intents.features import SIZE, Rows, featurise, stack
from storage.intents.text import fold, language

_TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
MIN_SCORE = 1.6  # rank's: more than the language alone
INTENT_WEIGHT = 3.0
LANGUAGE_WEIGHT = 1.0
WORDS_WEIGHT = 2.0
HABIT_WEIGHT = 3.0
NEIGHBOURS = 7


Vector = tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]


@dataclass(frozen=True, slots=True)
class ReplyCard:
    """A canned reply as the ranking sees it."""

    name: str
    title: str
    intents: frozenset[str]
    language: str  # the variant's own, else read from its words
    vector: Vector
    variant: str = ""  # the stored variant's language ('': the shop's first)


@dataclass(frozen=True, slots=True)
class Picks:
    """The replies the shop chose for earlier messages, and those messages'
    vectors stacked (one row each)."""

    replies: tuple[str, ...]
    rows: Rows

    @classmethod
    def of(cls, picks: Sequence[tuple[str, Vector]]) -> Picks:
        return cls(tuple(r for r, _ in picks), rows_of([v for _, v in picks]))


def rows_of(vectors: Sequence[Vector]) -> Rows:
    """Vectors stacked as rows; each starts with a zero entry, so that no row
    is empty (numpy's reduceat needs that)."""
    return stack(
        [
            (
                np.concatenate([[0], indices]).astype(np.int64),
                np.concatenate([[0.0], values]).astype(np.float32),
            )
            for indices, values in vectors
        ]
    )


def vector(folded: str, folded_subject: str = "") -> Vector:
    """Unit-length word and character features (no bias, no cues): the dot
    product of two is their cosine."""
    indices, values = featurise(folded, folded_subject, cues=False)
    return indices[1:], values[1:]


def cosine(a: Vector, b: Vector) -> float:
    common, left, right = np.intersect1d(
        a[0], b[0], assume_unique=True, return_indices=True
    )
    return float((a[1][left] * b[1][right]).sum()) if len(common) else 0.0


def card(
    name: str,
    title: str,
    body: str,
    tags: Sequence[str],
    intents: Sequence[str],
    variant: str = "",
) -> ReplyCard:
    """A variant written without a language is read for one (a shop's first
    replies are often in both of its languages under different names)."""
    text = fold(_TEMPLATE_CODE.sub(" ", f"{title}\n{body}"))
    return ReplyCard(
        name,
        title,
        frozenset(tag for tag in tags if tag in intents),
        variant or language(text),
        vector(text),
        variant,
    )


def rank(
    cards: Sequence[ReplyCard],
    probabilities: Mapping[str, float],
    message_language: str,
    message_vector: Vector,
    picks: Picks | None = None,
) -> list[tuple[str, float]]:
    """Every reply with its score, best first (ties keep the cards' order)."""
    habit = _habit(picks, message_vector) if picks else {}
    scored = []
    for position, one in enumerate(cards):
        score = INTENT_WEIGHT * sum(probabilities.get(i, 0.0) for i in one.intents)
        score += LANGUAGE_WEIGHT * (1.0 if one.language == message_language else -1.0)
        score += WORDS_WEIGHT * cosine(one.vector, message_vector)
        score += HABIT_WEIGHT * habit.get(one.name, 0.0)
        scored.append((-score, position, one.name))
    scored.sort()
    return [(name, round(-score, 4)) for score, _, name in scored]


def shown(
    cards: Sequence[ReplyCard],
    scored: Sequence[tuple[str, float]],
    message_language: str,
    count: int = 3,
) -> list[str]:
    """What the context pane offers from `rank`'s scores: a reply that only
    shares the language is no suggestion; once a reply in the message's
    language fits, those written only in others are left out ('': the language
    could not be told, none is); a reply's variants count once."""
    fitting = list(dict.fromkeys(n for n, score in scored if score >= MIN_SCORE))
    speaks = {c.name for c in cards if c.language == message_language}
    if any(name in speaks for name in fitting):
        fitting = [name for name in fitting if name in speaks]
    return fitting[:count]


def similarities(rows: Rows, message_vector: Vector) -> npt.NDArray[np.float32]:
    """The cosine of the message with every row, at once."""
    dense = np.zeros(SIZE, dtype=np.float32)
    dense[message_vector[0]] = message_vector[1]
    products = dense[rows.indices] * rows.values
    if not len(products):
        return np.zeros(len(rows), dtype=np.float32)
    sums: npt.NDArray[np.float32] = np.add.reduceat(products, rows.indptr[:-1])
    return sums


def _habit(picks: Picks, message_vector: Vector) -> dict[str, float]:
    """The replies picked for the nearest past messages, each by the mean
    similarity of the neighbours it was picked for: near 1 when the closest
    past messages all got it, near 0 when nothing like this came before."""
    if not picks.replies:
        return {}
    similarity = similarities(picks.rows, message_vector)
    nearest = np.argsort(-similarity, kind="stable")[:NEIGHBOURS]
    shares: dict[str, float] = {}
    for index in nearest.tolist():
        if similarity[index] > 0:
            reply = picks.replies[index]
            share = float(similarity[index]) / NEIGHBOURS
            shares[reply] = shares.get(reply, 0.0) + share
    return shares
