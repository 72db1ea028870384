"""What the automation would have done over past customer messages, under the
settings of today, without writing anything (no reading, no model, no decision).

Messages are taken in time order; an answer the replay would have sent counts
for the messages after it (the customer writing again is handed over), as the
real run would have seen it. Orders are read as they are today.
"""

from __future__ import annotations

from dataclasses import replace

from storage.automation.answers import wrote_after_automatic
from storage.automation.run import Automation, Plan
from storage.connection import Store
from storage.intents.order_match import match_order
from storage.intents.readings import CUSTOMER_MESSAGE, UnreadMessage, message_intent

LIMIT = 20_000  # messages replayed at most: a month of a busy shop


async def _messages(store: Store, since: int, until: int) -> list[UnreadMessage]:
    rows = await store.conn.execute_fetchall(
        "SELECT m.id, m.conversation_id, c.customer_id, m.subject, m.body_text, "
        "m.sent_at FROM messages m JOIN conversations c ON c.id = m.conversation_id "
        f"WHERE m.sent_at >= ? AND m.sent_at < ? AND {CUSTOMER_MESSAGE} "
        "ORDER BY m.sent_at, m.id LIMIT ?",
        (since, until, LIMIT),
    )
    return [UnreadMessage(*row) for row in rows]


async def _replied_between(
    store: Store, conversation_id: int, start: int, end: int
) -> bool:
    rows = await store.conn.execute_fetchall(
        "SELECT 1 FROM events WHERE conversation_id = ? AND kind = 'reply_out' "
        "AND at > ? AND at <= ? LIMIT 1",
        (conversation_id, start, end),
    )
    return bool(list(rows))


async def replay(
    store: Store, automation: Automation, since: int, until: int
) -> list[Plan]:
    """Every decision the automation would have made, oldest first."""
    classifier = await automation.reader.classifier(store)
    answered: dict[int, int] = {}  # conversation: when the replay answered it
    plans = []
    for past in await _messages(store, since, until):
        reading = classifier.read(past.subject, past.text)
        stored = await message_intent(store, past.id)
        if stored is not None and stored.source == "person":
            reading = replace(reading, intent=stored.intent, confidence=1.0, also=())
        order = await match_order(
            store, past.customer_id, reading.orders, reading.labelled, past.sent_at
        )
        at = answered.get(past.conversation_id)
        again = at is not None and not await _replied_between(
            store, past.conversation_id, at, past.sent_at
        )
        again = again or await wrote_after_automatic(
            store, past.conversation_id, past.sent_at
        )
        plan = await automation.plan(
            store, past.id, reading, order, past.sent_at, after=again, drafts=False
        )
        if plan is None:
            continue
        if plan.decision.action == "sent":
            answered[past.conversation_id] = past.sent_at
        plans.append(plan)
    return plans
