"""Reading conversations: filtered lists and the whole of one conversation."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storage.connection import Store
from storage.errors import NotFound
from storage.models import (
    AttachmentView,
    ConversationDetail,
    ConversationSummary,
    EventView,
    MessageView,
    utc,
)
from storage.vocabulary import STATUSES

_SUMMARY = """
SELECT c.id, c.customer_id, cu.name,
       (SELECT value FROM identities WHERE customer_id = cu.id ORDER BY id LIMIT 1),
       c.subject, c.channel, c.status, c.snoozed_until, c.priority, c.assignee,
       (SELECT group_concat(tag, char(31)) FROM
            (SELECT tag FROM conversation_tags WHERE conversation_id = c.id ORDER BY tag)),
       c.created_at, c.last_message_at, c.last_inbound_at, c.message_count,
       c.language, c.language_source
FROM conversations c JOIN customers cu ON cu.id = c.customer_id
"""


@dataclass(frozen=True, slots=True)
class ConversationFilter:
    statuses: tuple[str, ...] = ()
    tag: str | None = None
    channel: str | None = None
    customer: str | None = None  # part of a name or address
    since: int | None = None
    until: int | None = None
    limit: int = 50
    offset: int = 0


def _summary(row: Sequence[Any]) -> ConversationSummary:
    created, last = utc(row[11]), utc(row[12])
    assert created is not None and last is not None
    return ConversationSummary(
        id=row[0],
        customer_id=row[1],
        customer_name=row[2],
        customer_address=row[3] or "",
        subject=row[4],
        channel=row[5],
        status=row[6],
        snoozed_until=utc(row[7]),
        priority=row[8],
        assignee=row[9],
        tags=tuple(row[10].split("\x1f")) if row[10] else (),
        created_at=created,
        last_message_at=last,
        last_inbound_at=utc(row[13]),
        message_count=row[14],
        language=row[15],
        language_source=row[16],
    )


def _where(f: ConversationFilter) -> tuple[str, list[object]]:
    clauses = ["c.merged_into IS NULL"]
    params: list[object] = []
    if f.statuses:
        clauses.append(f"c.status IN ({','.join('?' * len(f.statuses))})")
        params.extend(f.statuses)
    if f.tag:
        clauses.append(
            "EXISTS (SELECT 1 FROM conversation_tags t "
            "WHERE t.conversation_id = c.id AND t.tag = ?)"
        )
        params.append(f.tag)
    if f.channel:
        clauses.append("c.channel = ?")
        params.append(f.channel)
    if f.customer:
        clauses.append(
            "(cu.name LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM identities i "
            "WHERE i.customer_id = cu.id AND i.value LIKE ? ESCAPE '\\'))"
        )
        pattern = "%" + f.customer.replace("\\", "\\\\").replace("%", "\\%") + "%"
        params.extend([pattern, pattern.lower()])
    if f.since is not None:
        clauses.append("c.last_message_at >= ?")
        params.append(f.since)
    if f.until is not None:
        clauses.append("c.last_message_at < ?")
        params.append(f.until)
    return " AND ".join(clauses), params


async def list_conversations(
    store: Store, filters: ConversationFilter = ConversationFilter()
) -> list[ConversationSummary]:
    """Conversations matching the filters, the latest activity first."""
    where, params = _where(filters)
    rows = await store.conn.execute_fetchall(
        f"{_SUMMARY} WHERE {where} ORDER BY c.last_message_at DESC, c.id DESC "
        "LIMIT ? OFFSET ?",
        [*params, filters.limit, filters.offset],
    )
    return [_summary(row) for row in rows]


async def inbox_is_empty(store: Store) -> bool:
    """True until the first conversation arrives (a first run, before any mail)."""
    rows = await store.conn.execute_fetchall(
        "SELECT NOT EXISTS (SELECT 1 FROM conversations)"
    )
    return bool(next(iter(rows))[0])


async def count_conversations(store: Store) -> dict[str, int]:
    rows = await store.conn.execute_fetchall(
        "SELECT status, count(*) FROM conversations WHERE merged_into IS NULL "
        "GROUP BY status"
    )
    counts: dict[str, int] = dict.fromkeys(map(str, STATUSES), 0)
    counts.update((str(status), int(n)) for status, n in rows)
    return counts


async def _attachments(
    store: Store, conversation_id: int
) -> dict[int, list[AttachmentView]]:
    rows = await store.conn.execute_fetchall(
        "SELECT a.message_id, a.position, a.filename, a.content_type, a.size, "
        "a.blob_sha256 FROM attachments a JOIN messages m ON m.id = a.message_id "
        "WHERE m.conversation_id = ? ORDER BY a.message_id, a.position",
        (conversation_id,),
    )
    found: dict[int, list[AttachmentView]] = {}
    for message_id, *fields in rows:
        found.setdefault(message_id, []).append(AttachmentView(*fields))
    return found


def _message(row: Sequence[Any], attachments: list[AttachmentView]) -> MessageView:
    recipients = tuple((r["kind"], r["name"], r["address"]) for r in json.loads(row[9]))
    sent_at = utc(row[13])
    assert sent_at is not None
    return MessageView(
        id=row[0],
        conversation_id=row[1],
        channel=row[2],
        external_id=row[3],
        direction=row[4],
        author_type=row[5],
        message_id_header=row[6],
        sender_name=row[7],
        sender_address=row[8],
        recipients=recipients,
        subject=row[10],
        text=row[11],
        has_html=bool(row[12]),
        sent_at=sent_at,
        thread_reason=row[14],
        thread_detail=row[15],
        defects=tuple(json.loads(row[16])),
        attachments=tuple(attachments),
        language=row[17] or "",
    )


async def get_conversation(store: Store, conversation_id: int) -> ConversationDetail:
    """One conversation with its messages and events, oldest first."""
    rows = list(
        await store.conn.execute_fetchall(
            f"{_SUMMARY} WHERE c.id = ?", (conversation_id,)
        )
    )
    if not rows:
        raise NotFound(f"there is no conversation {conversation_id}", "conversation")
    attachments = await _attachments(store, conversation_id)
    message_rows = await store.conn.execute_fetchall(
        "SELECT id, conversation_id, channel, external_id, direction, author_type, "
        "message_id_header, sender_name, sender_address, recipients_json, subject, "
        "body_text, body_html IS NOT NULL, sent_at, thread_reason, thread_detail, "
        "defects_json, language FROM messages WHERE conversation_id = ? "
        "ORDER BY sent_at, id",
        (conversation_id,),
    )
    event_rows = await store.conn.execute_fetchall(
        "SELECT id, at, kind, actor_type, actor, visibility, message_id, value, previous "
        "FROM events WHERE conversation_id = ? ORDER BY at, id",
        (conversation_id,),
    )
    messages = tuple(_message(r, attachments.get(r[0], [])) for r in message_rows)
    events = tuple(
        EventView(r[0], utc(r[1]) or utc(0), *r[2:])  # type: ignore[arg-type]
        for r in event_rows
    )
    return ConversationDetail(_summary(rows[0]), messages, events)
