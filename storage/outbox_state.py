"""The outbox's life after `queue_reply`: claimed, sent, retried, failed, filed.

States: queued -> sending -> sent, or back to queued (a transient failure, with
`next_attempt_at` pushed back), or failed (for good, or until a person acts:
`last_error` says what to do, until `retry_entry`); queued or failed ->
cancelled. `filed_at` records that the sent reply's copy is kept (the Sent
folder); `maybe_twice` that it was sent again after an attempt whose outcome
nobody could know. The loop that drives these is storage.pipeline.outbox.
"""

from __future__ import annotations

import hashlib
import json
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from plugins.api import Attachment
from storage.connection import Store
from storage.errors import NotFound, StoreError
from storage.ingest_rows import pack_raw

Person = tuple[str, str, str]  # name, address, identity kind ("email", "chat")


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """What the outbox loop needs to hand one reply to its channel."""

    outbox_id: int
    message_pk: int
    conversation_id: int
    channel: str
    state: str
    attempts: int
    message_id_header: str
    in_reply_to: str | None
    references: tuple[str, ...]
    sender_name: str
    sender_address: str
    to: tuple[Person, ...]
    cc: tuple[Person, ...]
    subject: str
    body: str
    sent_at: int
    quote: tuple[str, str, int | None] | None  # text, author, when
    raw: bytes | None  # the bytes prepared at the first attempt, if any
    filed: bool
    automated: bool  # written by comptoir itself (a survey), not a person
    thread_key: str | None
    maybe_twice: bool
    answered_to: tuple[str, ...]  # where the answered message was sent to
    bcc: tuple[Person, ...] = ()  # the envelope's only: never a header


_COLUMNS = (
    "o.id, o.message_id, m.conversation_id, o.channel, o.state, o.attempts, "
    "m.message_id_header, m.in_reply_to, m.references_json, m.sender_name, "
    "m.sender_address, m.recipients_json, m.subject, m.body_text, m.sent_at, "
    "o.quote_original, q.body_text, q.sender_name, q.sender_address, q.sent_at, "
    "r.encoding, r.data, o.filed_at, m.author_type, m.thread_key, o.maybe_twice, "
    "q.recipients_json "
    "FROM outbox o JOIN messages m ON m.id = o.message_id "
    "LEFT JOIN messages q ON q.message_id_header = m.in_reply_to "
    "AND q.conversation_id = m.conversation_id "
    "LEFT JOIN raw_messages r ON r.message_id = m.id"
)


def _int(value: object) -> int:
    return int(value) if isinstance(value, int | str) else 0


def _people(recipients: object, kind: str) -> tuple[Person, ...]:
    return tuple(
        (p["name"], p["address"], p.get("identity", "email"))
        for p in json.loads(str(recipients))
        if p["kind"] == kind and p["address"]
    )


def _row(row: Sequence[object]) -> OutboxRow:
    quoting = bool(row[15]) and row[16] is not None
    raw = row[21]
    if isinstance(raw, bytes) and row[20] == "zlib":
        raw = zlib.decompress(raw)
    quote = None
    if quoting:
        when = _int(row[19]) if row[19] is not None else None
        quote = (str(row[16]), str(row[17] or row[18] or ""), when)
    return OutboxRow(
        _int(row[0]),
        _int(row[1]),
        _int(row[2]),
        str(row[3]),
        str(row[4]),
        _int(row[5]),
        str(row[6]),
        row[7] if isinstance(row[7], str) else None,
        tuple(json.loads(str(row[8]))),
        str(row[9]),
        str(row[10]),
        _people(row[11], "to"),
        _people(row[11], "cc"),
        str(row[12]),
        str(row[13]),
        _int(row[14]),
        quote,
        raw if isinstance(raw, bytes) else None,
        row[22] is not None,
        row[23] == "automation",
        row[24] if isinstance(row[24], str) else None,
        bool(row[25]),
        tuple(p["address"] for p in json.loads(str(row[26] or "[]"))),
        _people(row[11], "bcc"),
    )


async def due_replies(store: Store, now: int | None = None) -> list[OutboxRow]:
    """Rows to work on now, of every channel: queued and due, 'sending' left by
    a sender that died, sent but whose copy is still to be filed (once due)."""
    at = int(time.time()) if now is None else now
    rows = await store.conn.execute_fetchall(
        f"SELECT {_COLUMNS} WHERE (o.state = 'queued' AND o.next_attempt_at <= ?) "
        "OR (o.state = 'sending' AND o.next_attempt_at <= ?) "
        "OR (o.state = 'sent' AND o.filed_at IS NULL AND o.next_attempt_at <= ?) "
        "ORDER BY o.created_at, o.id",
        (at, at, at),
    )
    return [_row(row) for row in rows]


async def mark_sending(
    store: Store, row: OutboxRow, raw: bytes | None, channel: str, doubt: bool
) -> None:
    """Claim the row for `channel` and keep the exact bytes: every attempt
    sends the same. `doubt`: an earlier attempt may have been delivered."""
    async with store.transaction():
        if raw is not None:
            packed = pack_raw(raw)
            await store.conn.execute(
                "INSERT OR IGNORE INTO raw_messages (message_id, encoding, size, data) "
                "VALUES (?, ?, ?, ?)",
                (row.message_pk, packed.encoding, len(raw), packed.data),
            )
        await store.conn.execute(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1, "
            "claimed_at = ?, channel = ?, maybe_twice = maybe_twice OR ? WHERE id = ?",
            (int(time.time()), channel, int(doubt), row.outbox_id),
        )
        # The reply's copy synced back from Sent is then known as this reply.
        await store.conn.execute(
            "UPDATE messages SET channel = ? WHERE id = ? AND channel != ?",
            (channel, row.message_pk, channel),
        )


async def _set(store: Store, sql: str, args: tuple[object, ...]) -> None:
    async with store.transaction():
        await store.conn.execute(sql, args)


async def mark_sent(
    store: Store, outbox_id: int, receipt: str = "", filed: bool = False
) -> None:
    """Delivered (`filed`: nothing more to keep, or already kept)."""
    now = int(time.time())
    await _set(
        store,
        "UPDATE outbox SET state = 'sent', sent_at = ?, last_error = '', receipt = ?, "
        "filed_at = CASE WHEN ? THEN ? ELSE filed_at END WHERE id = ?",
        (now, receipt, int(filed), now, outbox_id),
    )


async def mark_filed(store: Store, outbox_id: int) -> None:
    await _set(
        store,
        "UPDATE outbox SET filed_at = ?, last_error = '' WHERE id = ?",
        (int(time.time()), outbox_id),
    )


async def defer_filing(store: Store, outbox_id: int, error: str, at: int) -> None:
    """Filing a sent reply's copy failed: say why, try again at `at` (the
    reply itself stays 'sent': it is never sent again for this)."""
    await _set(
        store,
        "UPDATE outbox SET last_error = ?, next_attempt_at = ? WHERE id = ? "
        "AND state = 'sent'",
        (error, at, outbox_id),
    )


async def note_error(store: Store, outbox_id: int, error: str, at: int) -> None:
    """Why a row could not be worked on now, leaving its state as it is."""
    await _set(
        store,
        "UPDATE outbox SET last_error = ?, next_attempt_at = ? WHERE id = ?",
        (error, at, outbox_id),
    )


async def mark_retry(
    store: Store, outbox_id: int, error: str, at: int, doubt: bool = False
) -> None:
    """Back to queued until `at`; `doubt`: this attempt may have been delivered."""
    await _set(
        store,
        "UPDATE outbox SET state = 'queued', last_error = ?, next_attempt_at = ?, "
        "maybe_twice = maybe_twice OR ? WHERE id = ?",
        (error, at, int(doubt), outbox_id),
    )


async def mark_failed(store: Store, outbox_id: int, error: str) -> None:
    await _set(
        store,
        "UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?",
        (error, outbox_id),
    )


async def _change(store: Store, outbox_id: int, sql: str, allowed: str) -> None:
    async with store.transaction():
        rows = list(
            await store.conn.execute_fetchall(
                "SELECT state FROM outbox WHERE id = ?", (outbox_id,)
            )
        )
        if not rows:
            raise NotFound(f"there is no outbox entry {outbox_id}", "outbox")
        if rows[0][0] not in allowed.split():
            raise StoreError(
                f"outbox entry {outbox_id} is {rows[0][0]}; only {allowed.replace(' ', ' or ')} "
                "entries can be changed so"
            )
        await store.conn.execute(sql, (int(time.time()), outbox_id))


async def retry_entry(store: Store, outbox_id: int) -> None:
    """A failed (or waiting) reply goes again at the next flush."""
    await _change(
        store,
        outbox_id,
        "UPDATE outbox SET state = 'queued', next_attempt_at = ?, attempts = 0 "
        "WHERE id = ?",
        "failed queued",
    )


async def cancel_entry(store: Store, outbox_id: int) -> None:
    """Never send it; the reply stays in the conversation, marked cancelled."""
    await _change(
        store,
        outbox_id,
        "UPDATE outbox SET state = 'cancelled', next_attempt_at = ? WHERE id = ?",
        "failed queued",
    )


async def outbox_counts(store: Store) -> dict[str, int]:
    """Rows per state, every state present (the app's badge shows 'failed')."""
    counts = dict.fromkeys(("queued", "sending", "sent", "failed", "cancelled"), 0)
    rows = await store.conn.execute_fetchall(
        "SELECT state, count(*) FROM outbox GROUP BY state"
    )
    counts.update({str(state): int(n) for state, n in rows})
    return counts


async def reply_attachments(store: Store, message_id: int) -> list[Attachment]:
    """The files attached to a reply, in order, to be sent with it."""
    rows = await store.conn.execute_fetchall(
        "SELECT a.filename, a.content_type, b.data, a.disposition, a.content_id "
        "FROM attachments a JOIN blobs b ON b.sha256 = a.blob_sha256 "
        "WHERE a.message_id = ? ORDER BY a.position",
        (message_id,),
    )
    return [Attachment(str(f), str(t), bytes(d), str(s), c) for f, t, d, s, c in rows]


async def add_attachments(
    store: Store, message_id: int, attachments: Sequence[Attachment]
) -> None:
    """Attach files to a stored reply (inside the caller's transaction)."""
    for position, item in enumerate(attachments):
        digest = hashlib.sha256(item.data).hexdigest()
        await store.conn.execute(
            "INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)",
            (digest, len(item.data), item.data),
        )
        await store.conn.execute(
            "INSERT INTO attachments (message_id, position, filename, content_type, "
            "disposition, content_id, size, blob_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (message_id, position, item.filename, item.content_type,
             item.disposition, item.content_id, len(item.data), digest),
        )  # fmt: skip
