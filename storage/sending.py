"""What the shop sends, each as one call and one transaction: a reply (with its
draft gone and its promise recorded), a note, a forward.

A crash can then never leave a queued reply beside its draft, nor a reply
without the promise it made.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from plugins.api import Address, Attachment
from storage.actions import Actor
from storage.connection import Store
from storage.drafts import drop_draft
from storage.errors import NotFound
from storage.models import MessageView
from storage.outbox import (
    Author,
    enqueue,
    insert_message,
    new_message_id,
    store_note,
    store_reply,
)
from storage.outbox_route import Identity
from storage.outbox_state import add_attachments
from storage.recipients import Recipients, check_recipients, format_addresses
from storage.sla.records import promise_event


@dataclass(frozen=True, slots=True)
class Promise:
    """A follow-up promised in the reply: by when (UTC seconds), in which words."""

    due: int
    words: str


async def send_reply(
    store: Store,
    conversation_id: int,
    body: str,
    author: Author,
    *,
    recipients: Recipients | None = None,
    promise: Promise | None = None,
    at: int | None = None,
    attachments: Sequence[Attachment] = (),
    via: Identity | None = None,
) -> int:
    """The reply in the outbox with its files, its draft gone, its promise
    recorded; its id. `via`: to this identity of the customer's (where they
    last wrote if None)."""
    stamp = int(time.time()) if at is None else at
    async with store.transaction():
        pk = await store_reply(
            store, conversation_id, body, author, at=stamp, recipients=recipients,
            via=via,
        )  # fmt: skip
        await add_attachments(store, pk, attachments)
        await drop_draft(store, conversation_id)
        if promise is not None:
            actor = Actor("agent", author.name)
            await promise_event(
                store, conversation_id, promise.due, promise.words, actor, stamp
            )
    return pk


async def save_note(
    store: Store, conversation_id: int, body: str, author: Author, *, at: int | None
) -> int:
    """The internal note kept, its draft gone; its id."""
    async with store.transaction():
        pk = await store_note(
            store,
            conversation_id,
            body,
            author,
            at=int(time.time()) if at is None else at,
        )
        await drop_draft(store, conversation_id)
    return pk


def forward_subject(subject: str) -> str:
    return subject if subject[:4].lower() == "fwd:" else f"Fwd: {subject}".strip()


def forwarded_text(message: MessageView, zone: ZoneInfo) -> str:
    """The forwarded message below the shop's own words, as mail clients write it."""
    sender = Address(message.sender_name, message.sender_address)
    lines = [
        "---------- Forwarded message ----------",
        f"From: {format_addresses((sender,))}",
        f"Date: {message.sent_at.astimezone(zone):%a %d %b %Y %H:%M}",
        f"Subject: {message.subject}",
    ]
    for kind, label in (("to", "To"), ("cc", "Cc")):
        people = tuple(Address(n, a) for k, n, a in message.recipients if k == kind)
        if people:
            lines.append(f"{label}: {format_addresses(people)}")
    return "\n".join(lines) + "\n\n" + message.text


async def forward_message(
    store: Store,
    message_id: int,
    body: str,
    recipients: Recipients,
    author: Author,
    *,
    at: int | None = None,
) -> int:
    """A copy of a message, its attachments included, sent to someone else (a
    supplier, a carrier) from its conversation; an internal event, no reply to
    the customer (no timer stops). Its message id."""
    check_recipients(recipients)
    stamp = int(time.time()) if at is None else at
    async with store.transaction():
        rows = list(
            await store.conn.execute_fetchall(
                "SELECT conversation_id, channel, subject FROM messages WHERE id = ?",
                (message_id,),
            )
        )
        if not rows:
            raise NotFound(f"there is no message {message_id}", "message")
        conversation_id, channel, subject = rows[0]
        header = new_message_id(author.address)
        pk = await insert_message(
            store,
            {
                "conversation_id": conversation_id,
                "channel": channel,
                "external_id": f"outbox:{header}",
                "direction": "out",
                "author_type": "agent",
                "message_id_header": header,
                "sender_name": author.name,
                "sender_address": author.address.lower(),
                "recipients_json": recipients.as_json(),
                "subject": forward_subject(subject),
                "body_text": body,
                "sent_at": stamp,
                "thread_reason": "composed",
            },
        )
        await store.conn.execute(
            "INSERT INTO attachments (message_id, position, filename, content_type, "
            "disposition, content_id, size, blob_sha256) SELECT ?, position, "
            "filename, content_type, disposition, content_id, size, blob_sha256 "
            "FROM attachments WHERE message_id = ? ORDER BY position",
            (pk, message_id),
        )
        await store.conn.execute(
            "INSERT INTO events (conversation_id, at, kind, actor_type, actor, "
            "visibility, message_id, value, data_json) VALUES (?, ?, 'note', "
            "'agent', ?, 'internal', ?, 'forward', ?)",
            (conversation_id, stamp, author.name, pk,
             json.dumps({"forwarded": message_id})),
        )  # fmt: skip
        await enqueue(store, pk, channel, stamp)
    return pk
