"""Writing what the automation decided: the decision and its reason, with the
automatic answer queued (and the conversation closed) or the draft left, all
in one transaction. A message is decided once: a second run (the app and cron
at the same time) finds the decision there and does nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from storage.connection import Store
from storage.machine_mail import MachineMail, queue_machine_mail

AUTO_ANSWER = (
    "auto-answer"  # the auto_message event's value, the message's thread reason
)


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    message_id: int
    at: int
    intent: str
    mode: str
    action: str
    reason: str
    reply: str = ""
    order_id: int | None = None
    answer_id: int | None = None


async def _decided(store: Store, message_id: int) -> bool:
    rows = await store.conn.execute_fetchall(
        "SELECT 1 FROM automation_decisions WHERE message_id = ?", (message_id,)
    )
    return bool(list(rows))


async def _insert(store: Store, record: DecisionRecord) -> None:
    await store.conn.execute(
        "INSERT INTO automation_decisions (message_id, at, intent, mode, action, "
        "reason, reply, order_id, answer_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            record.message_id,
            record.at,
            record.intent,
            record.mode,
            record.action,
            record.reason,
            record.reply,
            record.order_id,
            record.answer_id,
        ),
    )


async def record_decision(store: Store, record: DecisionRecord) -> bool:
    """A decision that writes nothing else (a hand-over); False if the message
    was decided already."""
    async with store.transaction():
        if await _decided(store, record.message_id):
            return False
        await _insert(store, record)
    return True


async def send_answer(
    store: Store, record: DecisionRecord, mail: MachineMail, close: bool
) -> int | None:
    """Queue the automatic answer with its decision; close the conversation if
    asked. Returns the answer's message id (None: decided already)."""
    async with store.transaction():
        if await _decided(store, record.message_id):
            return None
        answer = await queue_machine_mail(store, mail, record.at)
        await _insert(store, replace(record, answer_id=answer))
        if close:
            await _close(store, mail.conversation_id, record.at)
    return answer


async def draft_answer(
    store: Store, record: DecisionRecord, conversation_id: int, text: str
) -> bool:
    """Leave the answer as the conversation's draft (unless a person has one)."""
    async with store.transaction():
        if await _decided(store, record.message_id):
            return False
        await _insert(store, record)
        await store.conn.execute(
            "INSERT OR IGNORE INTO drafts (conversation_id, body, seen_message_id, "
            "started_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            (conversation_id, text, record.message_id, record.at, record.at),
        )
    return True


async def _close(store: Store, conversation_id: int, at: int) -> None:
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT status FROM conversations WHERE id = ?", (conversation_id,)
        )
    )
    if not rows or rows[0][0] == "closed":
        return
    await store.conn.execute(
        "UPDATE conversations SET status = 'closed', snoozed_until = NULL WHERE id = ?",
        (conversation_id,),
    )
    await store.conn.execute(
        "INSERT INTO events (conversation_id, at, kind, actor_type, actor, value, "
        "previous, data_json) VALUES (?, ?, 'status', 'automation', 'automation', "
        "'closed', ?, ?)",
        (conversation_id, at, rows[0][0], json.dumps({"by": AUTO_ANSWER})),
    )


@dataclass(frozen=True, slots=True)
class Envelope:
    """A customer message and its conversation, as an answer needs them."""

    conversation_id: int
    channel: str
    subject: str
    sender_name: str
    sender_address: str
    sent_at: int
    language: str  # the conversation's (set by a person or detected), else ''


async def envelope(store: Store, message_id: int) -> Envelope:
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT c.id, c.channel, c.subject, m.sender_name, m.sender_address, "
            "m.sent_at, coalesce(c.language, m.language, '') FROM messages m "
            "JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?",
            (message_id,),
        )
    )
    return Envelope(*rows[0])


async def wrote_after_automatic(
    store: Store, conversation_id: int, sent_at: int
) -> bool:
    """The customer writes again after an automatic answer that no person of
    the shop followed with a reply."""
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT max(at) FROM events WHERE conversation_id = ? AND "
            "kind = 'auto_message' AND value = ? AND at <= ?",
            (conversation_id, AUTO_ANSWER, sent_at),
        )
    )
    answered = rows[0][0]
    if answered is None:
        return False
    later = await store.conn.execute_fetchall(
        "SELECT 1 FROM events WHERE conversation_id = ? AND kind = 'reply_out' "
        "AND at >= ? AND at <= ? LIMIT 1",
        (conversation_id, answered, sent_at),
    )
    return not list(later)


async def has_draft(store: Store, conversation_id: int) -> bool:
    rows = await store.conn.execute_fetchall(
        "SELECT 1 FROM drafts WHERE conversation_id = ?", (conversation_id,)
    )
    return bool(list(rows))


async def conversation_decisions(
    store: Store, conversation_id: int
) -> list[DecisionRecord]:
    """The automation's decisions on the conversation's messages, oldest first."""
    rows = await store.conn.execute_fetchall(
        "SELECT d.message_id, d.at, d.intent, d.mode, d.action, d.reason, d.reply, "
        "d.order_id, d.answer_id FROM automation_decisions d JOIN messages m ON "
        "m.id = d.message_id WHERE m.conversation_id = ? ORDER BY d.at, d.id",
        (conversation_id,),
    )
    return [DecisionRecord(*row) for row in rows]


async def order_state(store: Store, order_id: int | None) -> str:
    """'delivered' or 'cancelled' when the order says so: a customer asking
    where such an order is needs a person."""
    if order_id is None:
        return ""
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT cancelled_at IS NOT NULL, lower(tracking_status || ' ' || "
            "fulfillment_status) FROM orders WHERE id = ?",
            (order_id,),
        )
    )
    if not rows:
        return ""
    cancelled, status = rows[0]
    if cancelled:
        return "cancelled"
    delivered = ("delivered", "livré", "livre", "distribué", "remis")
    return "delivered" if any(word in str(status) for word in delivered) else ""
