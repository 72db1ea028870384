"""Merging and splitting conversations, and what the context pane reads about them.

A merge moves every message of one conversation into another and leaves the
emptied one pointing at it (`merged_into`), so links to it still lead
somewhere. A split moves a message and those after it into a new conversation.
Both are recorded as events on each side.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from storage.actions import Actor
from storage.connection import Store
from storage.errors import NotFound, StoreError
from storage.vocabulary import Priority


@dataclass(frozen=True, slots=True)
class PastConversation:
    id: int
    subject: str
    status: str
    last_message_at: int
    message_count: int


async def customer_conversations(
    store: Store, customer_id: int, limit: int = 20
) -> list[PastConversation]:
    rows = await store.conn.execute_fetchall(
        "SELECT id, subject, status, last_message_at, message_count FROM conversations "
        "WHERE customer_id = ? AND merged_into IS NULL "
        "ORDER BY last_message_at DESC LIMIT ?",
        (customer_id, limit),
    )
    return [PastConversation(*row) for row in rows]


async def count_customer_conversations(
    store: Store, customer_id: int, besides: int
) -> int:
    """How many other conversations the customer has (merged ones are not)."""
    rows = await store.conn.execute_fetchall(
        "SELECT count(*) FROM conversations WHERE customer_id = ? "
        "AND merged_into IS NULL AND id != ?",
        (customer_id, besides),
    )
    return int(next(iter(rows))[0])


async def attachment_bytes(store: Store, sha256: str) -> bytes:
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT data FROM blobs WHERE sha256 = ?", (sha256,)
        )
    )
    if not rows:
        raise NotFound(f"the attachment {sha256[:12]} is not stored", "attachment")
    return bytes(rows[0][0])


async def _event(
    store: Store,
    conversation_id: int,
    at: int,
    kind: str,
    actor: Actor,
    value: str,
    visibility: str = "internal",
    previous: str | None = None,
) -> None:
    await store.conn.execute(
        "INSERT INTO events (conversation_id, at, kind, actor_type, actor, "
        "visibility, value, previous) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            conversation_id,
            at,
            kind,
            actor.type,
            actor.name,
            visibility,
            value,
            previous,
        ),
    )


async def _refresh_counts(store: Store, conversation_id: int) -> None:
    await store.conn.execute(
        "UPDATE conversations SET "
        "message_count = (SELECT count(*) FROM messages WHERE conversation_id = :c), "
        "last_message_at = coalesce((SELECT max(sent_at) FROM messages "
        "    WHERE conversation_id = :c), last_message_at), "
        "last_inbound_at = (SELECT max(sent_at) FROM messages "
        "    WHERE conversation_id = :c AND direction = 'in'), "
        "last_reply_at = (SELECT max(at) FROM events "
        "    WHERE conversation_id = :c AND kind = 'reply_out') "
        "WHERE id = :c",
        {"c": conversation_id},
    )


async def _live(store: Store, conversation_id: int) -> int:
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT customer_id FROM conversations WHERE id = ? AND merged_into IS NULL",
            (conversation_id,),
        )
    )
    if not rows:
        raise NotFound(f"there is no conversation {conversation_id}", "conversation")
    return int(rows[0][0])


async def _take_over(
    store: Store, absorbed: int, into: int, actor: Actor, stamp: int
) -> None:
    """`into` gains the tags of `absorbed` and its priority if higher, each with
    its event: the messages moving over keep what chose their policy."""
    rows = await store.conn.execute_fetchall(
        "SELECT tag FROM conversation_tags WHERE conversation_id = ? AND tag NOT IN "
        "(SELECT tag FROM conversation_tags WHERE conversation_id = ?) ORDER BY tag",
        (absorbed, into),
    )
    for (tag,) in rows:
        await store.conn.execute(
            "INSERT INTO conversation_tags (conversation_id, tag) VALUES (?, ?)",
            (into, tag),
        )
        await _event(store, into, stamp, "tag_added", actor, tag, "public")
    rows = await store.conn.execute_fetchall(
        "SELECT id, priority FROM conversations WHERE id IN (?, ?)", (absorbed, into)
    )
    priority = {int(cid): Priority(value) for cid, value in rows}
    theirs, ours = priority[absorbed], priority[into]
    order = list(Priority)
    if order.index(theirs) > order.index(ours):
        await store.conn.execute(
            "UPDATE conversations SET priority = ? WHERE id = ?", (theirs, into)
        )
        await _event(store, into, stamp, "priority", actor, theirs, "public", ours)


async def merge_conversations(
    store: Store, absorbed: int, into: int, actor: Actor, *, at: int | None = None
) -> None:
    """Move every message and event-worthy fact of `absorbed` into `into`; the
    messages' timers follow them (storage/sla/history.py)."""
    if absorbed == into:
        raise StoreError("a conversation cannot be merged into itself")
    stamp = int(time.time()) if at is None else at
    async with store.transaction():
        await _live(store, absorbed)
        await _live(store, into)
        await store.conn.execute(
            "UPDATE messages SET conversation_id = ? WHERE conversation_id = ?",
            (into, absorbed),
        )
        await _take_over(store, absorbed, into, actor, stamp)
        await store.conn.execute(
            "UPDATE conversations SET merged_into = ?, status = 'closed', "
            "snoozed_until = NULL, message_count = 0 WHERE id = ?",
            (into, absorbed),
        )
        await _event(store, absorbed, stamp, "merged", actor, f"into:{into}")
        await _event(store, into, stamp, "merged", actor, f"from:{absorbed}")
        await _refresh_counts(store, into)


async def split_conversation(
    store: Store, message_id: int, actor: Actor, *, at: int | None = None
) -> int:
    """Move this message and every later one into a new conversation; its id.
    The new one has the tags, priority and assignee the messages had, and their
    timers follow them (storage/sla/history.py)."""
    stamp = int(time.time()) if at is None else at
    async with store.transaction():
        rows = list(
            await store.conn.execute_fetchall(
                "SELECT conversation_id, sent_at, subject FROM messages WHERE id = ?",
                (message_id,),
            )
        )
        if not rows:
            raise NotFound(f"there is no message {message_id}", "message")
        source, sent_at, subject = rows[0]
        first = await store.conn.execute_fetchall(
            "SELECT min(id) FROM messages WHERE conversation_id = ?", (source,)
        )
        if next(iter(first))[0] == message_id:
            raise StoreError(
                "the first message cannot be split off: nothing would stay"
            )
        cursor = await store.conn.execute(
            "INSERT INTO conversations (customer_id, channel, subject, subject_key, "
            "status, priority, assignee, created_at, last_message_at) SELECT "
            "customer_id, channel, ?, subject_key, 'open', priority, assignee, ?, ? "
            "FROM conversations WHERE id = ?",
            (subject, sent_at, sent_at, source),
        )
        created = int(cursor.lastrowid or 0)
        await store.conn.execute(
            "INSERT INTO conversation_tags (conversation_id, tag) "
            "SELECT ?, tag FROM conversation_tags WHERE conversation_id = ?",
            (created, source),
        )
        await store.conn.execute(
            "UPDATE messages SET conversation_id = ? WHERE conversation_id = ? "
            "AND (sent_at > ? OR (sent_at = ? AND id >= ?))",
            (created, source, sent_at, sent_at, message_id),
        )
        await _event(store, source, stamp, "split", actor, f"to:{created}")
        await _event(store, created, stamp, "split", actor, f"from:{source}")
        await _refresh_counts(store, source)
        await _refresh_counts(store, created)
    return created
