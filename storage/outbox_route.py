"""Where a reply goes.

A reply goes out on the channel instance the customer last wrote on in the
conversation, to the identity they wrote from (a chat reply also to the same
chat, by its thread key). A person may choose another identity of the same
customer (`via`): the reply then goes where that identity last wrote, or, if
it never did, through any instance that reaches its kind (channel ''). When a
channel cannot deliver and names a fallback kind, the reply is handed over to
the customer's identity of that kind, in the same conversation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from storage.connection import Store
from storage.errors import NotFound
from storage.outbox_state import OutboxRow, Person

Identity = tuple[str, str]  # (kind, value), as the identities table holds them
# Replies to a conversation that came from files go out by e-mail: any instance.
ANY_INSTANCE = ""


@dataclass(frozen=True, slots=True)
class Answered:
    """What a reply answers: the customer's message, its channel and thread."""

    channel: str
    subject: str
    recipient: Person
    message_id: str | None
    references: list[str]
    thread_key: str | None


async def _kind(store: Store, customer_id: int, value: str) -> str:
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT kind FROM identities WHERE customer_id = ? AND value = ? LIMIT 1",
            (customer_id, value),
        )
    )
    return str(rows[0][0]) if rows else "email"


async def _conversation(store: Store, conversation_id: int) -> tuple[str, str, int]:
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT channel, subject, customer_id FROM conversations WHERE id = ?",
            (conversation_id,),
        )
    )
    if not rows:
        raise NotFound(f"there is no conversation {conversation_id}", "conversation")
    return str(rows[0][0]), str(rows[0][1]), int(rows[0][2])


_LAST = (
    "SELECT channel, sender_name, sender_address, message_id_header, "
    "references_json, thread_key, conversation_id FROM messages WHERE direction = 'in'"
)


async def answered_message(
    store: Store, conversation_id: int, via: Identity | None = None
) -> Answered:
    """The message a reply answers, and so where it goes (see the module)."""
    channel, subject, customer = await _conversation(store, conversation_id)
    if via is None:
        sql = f"{_LAST} AND conversation_id = ? ORDER BY sent_at DESC, id DESC LIMIT 1"
        args: tuple[object, ...] = (conversation_id,)
    else:
        sql = (
            f"{_LAST} AND sender_address = ? AND conversation_id IN (SELECT id FROM "
            "conversations WHERE customer_id = ?) ORDER BY conversation_id = ? DESC, "
            "sent_at DESC, id DESC LIMIT 1"
        )
        args = (via[1], customer, conversation_id)
    rows = list(await store.conn.execute_fetchall(sql, args))
    if not rows:
        name = await _display_name(store, customer, via) if via else ""
        kind, value = via or ("email", "")
        route = ANY_INSTANCE if via else channel
        return Answered(route, subject, (name, value, kind), None, [], None)
    where, name, address, message_id, references, thread_key, conv = rows[0]
    kind = via[0] if via else await _kind(store, customer, str(address))
    if conv != conversation_id:  # another conversation: no thread to continue
        message_id, references = None, "[]"
    chain = [*json.loads(references or "[]"), *([message_id] if message_id else [])]
    person = (str(name or ""), str(address or ""), kind)
    return Answered(str(where), subject, person, message_id, chain, thread_key)


async def _display_name(store: Store, customer: int, via: Identity) -> str:
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT display_name FROM identities WHERE customer_id IN (SELECT id FROM "
            "customers WHERE id = ? OR merged_into = ?) AND kind = ? AND value = ?",
            (customer, customer, *via),
        )
    )
    return str(rows[0][0]) if rows else ""


async def hand_over(
    store: Store, row: OutboxRow, to: Person, why: str, anchor: tuple[str, list[str]]
) -> None:
    """Send the reply to the customer's other identity `to` instead, on any
    instance that reaches its kind, answering `anchor` (Message-ID and
    references, maybe empty); the bytes prepared for the first channel go."""
    recipients = [{"kind": "to", "name": to[0], "address": to[1], "identity": to[2]}]
    header, references = anchor
    async with store.transaction():
        await store.conn.execute(
            "DELETE FROM raw_messages WHERE message_id = ?", (row.message_pk,)
        )
        await store.conn.execute(
            "UPDATE messages SET recipients_json = ?, in_reply_to = ?, "
            "references_json = ?, thread_key = NULL WHERE id = ?",
            (json.dumps(recipients, ensure_ascii=False), header or None,
             json.dumps(references), row.message_pk),
        )  # fmt: skip
        await store.conn.execute(
            "UPDATE outbox SET state = 'queued', channel = '', attempts = 0, "
            "next_attempt_at = 0, last_error = ? WHERE id = ?",
            (why, row.outbox_id),
        )


async def other_identity(
    store: Store, conversation_id: int, kind: str
) -> tuple[Person, tuple[str, list[str]]] | None:
    """The conversation's customer's identity of this kind, and the newest
    message of theirs from it in the conversation to answer (if any)."""
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT i.display_name, i.value FROM identities i JOIN conversations c "
            "ON c.customer_id = i.customer_id WHERE c.id = ? AND i.kind = ? "
            "ORDER BY i.id LIMIT 1",
            (conversation_id, kind),
        )
    )
    if not rows:
        return None
    name, value = str(rows[0][0]), str(rows[0][1])
    anchor = list(
        await store.conn.execute_fetchall(
            "SELECT message_id_header, references_json FROM messages WHERE "
            "conversation_id = ? AND sender_address = ? AND message_id_header IS NOT "
            "NULL ORDER BY sent_at DESC, id DESC LIMIT 1",
            (conversation_id, value),
        )
    )
    if not anchor:
        return (name, value, kind), ("", [])
    header, references = str(anchor[0][0]), json.loads(anchor[0][1] or "[]")
    return (name, value, kind), (header, [*references, header])
