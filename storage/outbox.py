"""Replies and internal notes written by the shop.

A reply is stored as a message, its `reply_out` event and its outbox row in one
transaction: from then on it cannot be lost, and the channel's sender picks it
up. Its Message-ID is chosen here, once, so that a retried send can never
become a second, different mail.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from plugins.api import Address, Attachment
from storage.connection import Store
from storage.ingest_rows import search_rowid
from storage.outbox_route import Identity, answered_message
from storage.outbox_state import add_attachments
from storage.recipients import Recipients


@dataclass(frozen=True, slots=True)
class Author:
    """The person of the shop writing: shown in the conversation and the event."""

    name: str
    address: str = ""


def reply_subject(subject: str) -> str:
    return subject if subject[:3].lower() == "re:" else f"Re: {subject}".strip()


def new_message_id(address: str) -> str:
    domain = address.rpartition("@")[2].lower() or "comptoir.invalid"
    # Stored without angle brackets, as the parser stores every Message-ID.
    return f"{uuid.uuid4().hex}@{domain}"


async def _next_id(store: Store) -> int:
    rows = list(await store.conn.execute_fetchall("SELECT max(id) FROM messages"))
    return int(rows[0][0] or 0) + 1


async def insert_message(store: Store, values: dict[str, Any]) -> int:
    """A message the shop writes (reply, note, survey), inside the caller's
    transaction, counted in its conversation; returns its id."""
    message_pk = await _next_id(store)
    values = {
        "id": message_pk,
        "search_rowid": search_rowid(values["sent_at"], message_pk),
        "content_sha256": hashlib.sha256(values["body_text"].encode()).hexdigest(),
        "received_at": values["sent_at"],
        **values,
    }
    columns = ", ".join(values)
    marks = ", ".join("?" * len(values))
    await store.conn.execute(
        f"INSERT INTO messages ({columns}) VALUES ({marks})", tuple(values.values())
    )
    await store.conn.execute(
        "UPDATE conversations SET last_message_at = max(last_message_at, ?), "
        "message_count = message_count + 1 WHERE id = ?",
        (values["sent_at"], values["conversation_id"]),
    )
    return message_pk


async def enqueue(
    store: Store, message_pk: int, channel: str, at: int, quote: bool = False
) -> None:
    """Put a stored message in the outbox, due at once (in the caller's transaction)."""
    await store.conn.execute(
        "INSERT INTO outbox (message_id, channel, next_attempt_at, created_at, "
        "quote_original) VALUES (?, ?, ?, ?, ?)",
        (message_pk, channel, at, at, int(quote)),
    )


async def _event(
    store: Store, conversation_id: int, at: int, kind: str, author: Author, pk: int
) -> None:
    visibility = "internal" if kind == "note" else "public"
    await store.conn.execute(
        "INSERT INTO events (conversation_id, at, kind, actor_type, actor, visibility, "
        "message_id) VALUES (?, ?, ?, 'agent', ?, ?, ?)",
        (conversation_id, at, kind, author.name, visibility, pk),
    )


async def store_reply(
    store: Store,
    conversation_id: int,
    body: str,
    author: Author,
    *,
    at: int,
    recipients: Recipients | None = None,
    attachments: Sequence[Attachment] = (),
    quote: bool = False,
    via: Identity | None = None,
) -> int:
    """A reply stored, with its event, and put in the outbox, inside the caller's
    transaction; its message id. It goes where the customer last wrote in the
    conversation, or to their identity `via` (storage.outbox_route). No
    `recipients`: to that identity."""
    answered = await answered_message(store, conversation_id, via)
    header = new_message_id(author.address)
    if recipients is None or not recipients.to:
        name, address, kind = answered.recipient
        customer = Address(name, address, kind)
        recipients = replace(recipients or Recipients(), to=(customer,))
    pk = await insert_message(
        store,
        {
            "conversation_id": conversation_id,
            "channel": answered.channel,
            "external_id": f"outbox:{header}",
            "direction": "out",
            "author_type": "agent",
            "message_id_header": header,
            "in_reply_to": answered.message_id,
            "references_json": json.dumps(answered.references),
            "sender_name": author.name,
            "sender_address": author.address.lower(),
            "recipients_json": recipients.as_json(),
            "subject": reply_subject(answered.subject),
            "body_text": body,
            "sent_at": at,
            "thread_reason": "composed",
            "thread_key": answered.thread_key,
        },
    )
    await _event(store, conversation_id, at, "reply_out", author, pk)
    await add_attachments(store, pk, attachments)
    await enqueue(store, pk, answered.channel, at, quote)
    return pk


async def queue_reply(
    store: Store,
    conversation_id: int,
    body: str,
    author: Author,
    *,
    at: int | None = None,
    cc: Sequence[str] = (),
    attachments: Sequence[Attachment] = (),
    quote: bool = False,
    via: Identity | None = None,
) -> int:
    """Store a reply to the customer and put it in the outbox; returns its message id.

    `attachments` go with the mail; `quote` adds the answered message, quoted;
    `via` sends it to another identity of the customer's."""
    copies = Recipients(cc=tuple(Address("", a) for a in cc))
    async with store.transaction():
        return await store_reply(
            store,
            conversation_id,
            body,
            author,
            at=int(time.time()) if at is None else at,
            recipients=copies,
            attachments=attachments,
            quote=quote,
            via=via,
        )


async def store_note(
    store: Store, conversation_id: int, body: str, author: Author, *, at: int
) -> int:
    """An internal note, inside the caller's transaction; its message id."""
    answered = await answered_message(store, conversation_id)
    pk = await insert_message(
        store,
        {
            "conversation_id": conversation_id,
            "channel": answered.channel,
            "external_id": f"note:{uuid.uuid4().hex}",
            "direction": "note",
            "author_type": "agent",
            "sender_name": author.name,
            "sender_address": author.address.lower(),
            "subject": answered.subject,
            "body_text": body,
            "sent_at": at,
            "thread_reason": "note",
        },
    )
    await _event(store, conversation_id, at, "note", author, pk)
    return pk


async def add_note(
    store: Store,
    conversation_id: int,
    body: str,
    author: Author,
    *,
    at: int | None = None,
) -> int:
    """An internal note: kept with the conversation, never sent to the customer."""
    async with store.transaction():
        return await store_note(
            store,
            conversation_id,
            body,
            author,
            at=int(time.time()) if at is None else at,
        )


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    id: int
    message_id: int
    conversation_id: int
    channel: str
    state: str
    attempts: int
    next_attempt_at: int
    last_error: str
    created_at: int
    sent_at: int | None
    subject: str
    maybe_twice: bool
    recipient: str


async def list_outbox(store: Store, states: Sequence[str] = ()) -> list[OutboxEntry]:
    """Outbox rows, oldest first, optionally only those in the given states."""
    where = f"WHERE o.state IN ({','.join('?' * len(states))})" if states else ""
    rows = await store.conn.execute_fetchall(
        "SELECT o.id, o.message_id, m.conversation_id, o.channel, o.state, o.attempts, "
        "o.next_attempt_at, o.last_error, o.created_at, o.sent_at, m.subject, "
        "o.maybe_twice, m.recipients_json FROM outbox o "
        "JOIN messages m ON m.id = o.message_id "
        f"{where} ORDER BY o.created_at, o.id",
        tuple(states),
    )
    return [_entry(row) for row in rows]


def _entry(row: Sequence[Any]) -> OutboxEntry:
    recipients = json.loads(row[12] or "[]")
    first = recipients[0]["address"] if recipients else ""
    names = [f.name for f in fields(OutboxEntry)][:12]
    values = dict(zip(names, row, strict=False))
    values["maybe_twice"] = bool(values["maybe_twice"])
    return OutboxEntry(**values, recipient=first)


async def conversation_outbox(
    store: Store, conversation_id: int
) -> dict[int, tuple[str, str]]:
    """Each outgoing message of the conversation: (state, last error), by message id."""
    rows = await store.conn.execute_fetchall(
        "SELECT o.message_id, o.state, o.last_error FROM outbox o "
        "JOIN messages m ON m.id = o.message_id WHERE m.conversation_id = ?",
        (conversation_id,),
    )
    return {int(r[0]): (str(r[1]), str(r[2])) for r in rows}
