"""The intent reader of one store: its model (read back from the store, or
fitted again when corrections or history changed), reading new customer
messages, and the canned replies to suggest for one.

Fitting and featurising run in a thread (`asyncio.to_thread`): the console's
event loop never waits on numpy.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storage.connection import Store
from storage.intents import history, readings
from storage.intents.classifier import Classifier, Reading, prepare
from storage.intents.model import IntentModel
from storage.intents.order_match import OrderMatch, match_order
from storage.intents.settings import IntentSettings
from storage.intents.suggest import (
    Picks,
    ReplyCard,
    Vector,
    card,
    rank,
    rows_of,
    shown,
    similarities,
    vector,
)
from storage.intents.text import fold, language_told
from storage.intents.training import Example, example, fit, seed_examples
from storage.replies import CannedReply, list_replies

BATCH = 500  # messages read per call: a big import is read over several


@dataclass(frozen=True, slots=True)
class NewReading:
    message: readings.UnreadMessage
    reading: Reading
    order: OrderMatch


@dataclass(slots=True)
class _Learnt:
    fingerprint: str
    classifier: Classifier
    picks: Picks
    cards: list[ReplyCard]


class IntentReader:
    """`keep`: store a model it fits, so that the next start reads it back
    (a replay, which must change nothing, keeps it in memory only)."""

    def __init__(self, settings: IntentSettings, keep: bool = True) -> None:
        self.settings, self.keep = settings, keep
        self._learnt: _Learnt | None = None
        self._lock = asyncio.Lock()

    async def classifier(self, store: Store) -> Classifier:
        return (await self._current(store)).classifier

    async def cards(self, store: Store) -> list[ReplyCard]:
        """The canned replies as the ranking reads them."""
        return (await self._current(store)).cards

    async def _current(self, store: Store) -> _Learnt:
        async with self._lock:
            labels = self.settings.intents
            print_ = await history.fingerprint(store, labels, self.settings.tags)
            if self._learnt is None or self._learnt.fingerprint != print_:
                self._learnt = await self._learn(store, print_)
            return self._learnt

    async def _learn(self, store: Store, fingerprint: str) -> _Learnt:
        replies = await list_replies(store)
        cards = await asyncio.to_thread(self._cards, replies)
        examples, picks = await self._history(store, cards)
        saved = await history.saved_model(store, fingerprint)
        if saved is not None:
            model = await asyncio.to_thread(IntentModel.from_bytes, saved)
            classifier = Classifier(model)
        else:
            everything = seed_examples() + examples
            classifier = await asyncio.to_thread(fit, everything, self.settings.intents)
            if self.keep:
                data = await asyncio.to_thread(classifier.model.to_bytes)
                await history.save_model(
                    store, fingerprint, data, len(everything), int(time.time())
                )
        return _Learnt(fingerprint, classifier, picks, cards)

    def _cards(self, replies: Sequence[CannedReply]) -> list[ReplyCard]:
        intents = self.settings.intents
        return [
            card(r.name, r.title, r.body, r.tags, intents, r.language) for r in replies
        ]

    async def _history(
        self, store: Store, cards: list[ReplyCard]
    ) -> tuple[list[Example], Picks]:
        """Examples and picks, a message once: a correction first, then a
        pick, a sent reply read as a canned one, a tag."""
        intents = {c.name: next(iter(sorted(c.intents)), "") for c in cards}
        seen: dict[int, Example] = {}
        chosen: dict[int, tuple[str, str, str]] = {}
        for row in await history.corrections(store):
            seen[row.message_id] = example(
                row.subject, row.text, row.intent, "correction"
            )
        for message_id, subject, text, reply in await history.picks(store):
            chosen.setdefault(message_id, (subject, text, reply))
        answered = await history.answered(store)
        matched = await asyncio.to_thread(_match_replies, answered, cards)
        for message_id, subject, text, reply in matched:
            chosen.setdefault(message_id, (subject, text, reply))
        for message_id, (subject, text, reply) in chosen.items():
            if intents.get(reply) and message_id not in seen:
                seen[message_id] = example(subject, text, intents[reply], "history")
        for row in await history.tagged(store, self.settings.tags):
            if row.message_id not in seen:
                seen[row.message_id] = example(
                    row.subject, row.text, row.intent, "history"
                )
        picks = await asyncio.to_thread(
            Picks.of,
            [
                (reply, _vector(subject, text))
                for subject, text, reply in chosen.values()
                if reply in intents
            ],
        )
        return list(seen.values())[: history.HISTORY_LIMIT], picks

    async def read_new(
        self,
        store: Store,
        now: int | None = None,
        message_ids: Sequence[int] = (),
        since: int | None = None,
        below: int | None = None,
    ) -> list[NewReading]:
        """Read the customer messages not read yet (the given ones, or those of
        the last `recent_days`), the latest first, at most BATCH (`below` goes
        on under a previous batch's ids); store the readings."""
        stamp = int(time.time()) if now is None else now
        start = stamp - self.settings.recent_days * 86400 if since is None else since
        unread = await readings.unread_messages(store, start, BATCH, message_ids, below)
        if not unread:
            return []
        learnt = await self._current(store)
        found = await asyncio.to_thread(
            lambda: [learnt.classifier.read(m.subject, m.text) for m in unread]
        )
        results = []
        for message, reading in zip(unread, found, strict=True):
            order = await match_order(
                store, message.customer_id, reading.orders, reading.labelled, stamp
            )
            results.append(NewReading(message, reading, order))
        async with store.transaction():
            await readings.save_readings(
                store, [_row(r, learnt.fingerprint, stamp) for r in results]
            )
        return results

    async def suggest(
        self,
        store: Store,
        subject: str,
        text: str,
        count: int = 3,
        intent: str | None = None,
    ) -> list[str]:
        """The names of the canned replies most likely to fit, best first;
        `intent`: what a person said the message asks (it replaces the model's
        reading)."""
        learnt = await self._current(store)
        if not learnt.cards:
            return []

        def ranked() -> list[str]:
            prepared = prepare(subject, text)
            probabilities = (
                {intent: 1.0}
                if intent is not None
                else learnt.classifier.probabilities(prepared)
            )
            reading = learnt.classifier.read(subject, text)
            scored = rank(
                learnt.cards,
                probabilities,
                reading.language,
                vector(prepared.body, prepared.subject),
                learnt.picks,
            )
            told = language_told(f"{prepared.subject} {prepared.body}")
            return shown(learnt.cards, scored, reading.language if told else "", count)

        return await asyncio.to_thread(ranked)


def _vector(subject: str, text: str) -> Vector:
    prepared = prepare(subject, text)
    return vector(prepared.body, prepared.subject)


def _match_replies(
    answered: list[tuple[int, str, str, str]], cards: list[ReplyCard]
) -> list[tuple[int, str, str, str]]:
    """Sent replies that read like a canned reply: (message id, subject, text,
    the canned reply's name)."""
    if not cards or not answered:
        return []
    rows = rows_of([c.vector for c in cards])
    found = []
    for message_id, subject, text, reply in answered:
        scores = similarities(rows, vector(fold(reply)))
        best = int(np.argmax(scores))
        if scores[best] >= history.MATCH_MIN:
            found.append((message_id, subject, text, cards[best].name))
    return found


def _row(result: NewReading, fingerprint: str, now: int) -> tuple[object, ...]:
    reading, order = result.reading, result.order
    return (
        result.message.id,
        reading.intent,
        reading.confidence,
        json.dumps(list(reading.also)),
        reading.language,
        order.order_id,
        order.number,
        order.how,
        fingerprint,
        now,
    )
