"""The outbox's life after `queue_reply`: claimed, sent, retried, failed, filed.

States: queued -> sending -> sent, or back to queued (a transient failure, with
`next_attempt_at` pushed back), or failed (permanent, `last_error` says why,
until `retry_entry`); queued or failed -> cancelled. `filed_at` records that
the sent mail is in the account's Sent folder.
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


@dataclass(frozen=True, slots=True)
class OutgoingMail:
    """What the sender needs to build and send one reply."""

    outbox_id: int
    message_id: int
    channel: str
    state: str
    attempts: int
    message_id_header: str
    in_reply_to: str | None
    references: tuple[str, ...]
    sender_name: str
    sender_address: str
    to: tuple[tuple[str, str], ...]  # (name, address)
    cc: tuple[tuple[str, str], ...]
    subject: str
    body: str
    sent_at: int
    quote: str  # the answered message's text, when it is to be quoted
    quote_from: str
    quote_at: int | None
    raw: bytes | None  # the bytes built at the first attempt, if any
    filed: bool
    automated: bool = False  # written by comptoir itself (a survey), not a person
    bcc: tuple[tuple[str, str], ...] = ()  # the envelope's only: never a header


_COLUMNS = (
    "o.id, o.message_id, o.channel, o.state, o.attempts, m.message_id_header, "
    "m.in_reply_to, m.references_json, m.sender_name, m.sender_address, "
    "m.recipients_json, m.subject, m.body_text, m.sent_at, o.quote_original, "
    "q.body_text, q.sender_name, q.sender_address, q.sent_at, r.encoding, r.data, "
    "o.filed_at, m.author_type FROM outbox o JOIN messages m ON m.id = o.message_id "
    "LEFT JOIN messages q ON q.message_id_header = m.in_reply_to "
    "AND q.conversation_id = m.conversation_id "
    "LEFT JOIN raw_messages r ON r.message_id = m.id"
)


def _int(value: object) -> int:
    return int(value) if isinstance(value, int | str) else 0


def _people(recipients: object, kind: str) -> tuple[tuple[str, str], ...]:
    people = json.loads(str(recipients))
    return tuple(
        (p["name"], p["address"]) for p in people if p["kind"] == kind and p["address"]
    )


def _mail(row: Sequence[object]) -> OutgoingMail:
    quoting = bool(row[14]) and row[15] is not None
    raw = row[20]
    if isinstance(raw, bytes) and row[19] == "zlib":
        raw = zlib.decompress(raw)
    return OutgoingMail(
        outbox_id=_int(row[0]),
        message_id=_int(row[1]),
        channel=str(row[2]),
        state=str(row[3]),
        attempts=_int(row[4]),
        message_id_header=str(row[5]),
        in_reply_to=row[6] if isinstance(row[6], str) else None,
        references=tuple(json.loads(str(row[7]))),
        sender_name=str(row[8]),
        sender_address=str(row[9]),
        to=_people(row[10], "to"),
        cc=_people(row[10], "cc"),
        subject=str(row[11]),
        body=str(row[12]),
        sent_at=_int(row[13]),
        quote=str(row[15]) if quoting else "",
        quote_from=str(row[16] or row[17] or "") if quoting else "",
        quote_at=_int(row[18]) if quoting and row[18] is not None else None,
        raw=raw if isinstance(raw, bytes) else None,
        filed=row[21] is not None,
        automated=row[22] == "automation",
        bcc=_people(row[10], "bcc"),
    )


async def due_mail(
    store: Store, channels: Sequence[str], now: int | None = None
) -> list[OutgoingMail]:
    """Rows to work on now: queued and due, 'sending' left by a crashed sender,
    sent but not yet filed in Sent (once its next filing is due). The caller
    holds the send lock."""
    at = int(time.time()) if now is None else now
    marks = ",".join("?" * len(channels))
    rows = await store.conn.execute_fetchall(
        f"SELECT {_COLUMNS} WHERE o.channel IN ({marks}) AND ("
        "(o.state = 'queued' AND o.next_attempt_at <= ?) OR o.state = 'sending' "
        "OR (o.state = 'sent' AND o.filed_at IS NULL AND o.next_attempt_at <= ?)) "
        "ORDER BY o.created_at, o.id",
        (*channels, at, at),
    )
    return [_mail(row) for row in rows]


async def mark_sending(store: Store, mail: OutgoingMail, raw: bytes) -> None:
    """Claim the row and keep the exact bytes: every attempt sends the same."""
    packed = pack_raw(raw)
    async with store.transaction():
        await store.conn.execute(
            "INSERT OR IGNORE INTO raw_messages (message_id, encoding, size, data) "
            "VALUES (?, ?, ?, ?)",
            (mail.message_id, packed.encoding, len(raw), packed.data),
        )
        await store.conn.execute(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1, "
            "claimed_at = ? WHERE id = ?",
            (int(time.time()), mail.outbox_id),
        )


async def _set(store: Store, sql: str, args: tuple[object, ...]) -> None:
    async with store.transaction():
        await store.conn.execute(sql, args)


async def mark_sent(store: Store, outbox_id: int, at: int | None = None) -> None:
    await _set(
        store,
        "UPDATE outbox SET state = 'sent', sent_at = ?, last_error = '' WHERE id = ?",
        (int(time.time()) if at is None else at, outbox_id),
    )


async def mark_filed(store: Store, outbox_id: int) -> None:
    await _set(
        store,
        "UPDATE outbox SET filed_at = ? WHERE id = ?",
        (int(time.time()), outbox_id),
    )


async def defer_filing(store: Store, outbox_id: int, error: str, at: int) -> None:
    """Filing a sent reply in Sent failed: say why, try again at `at` (the
    reply itself stays 'sent': it is never sent again for this)."""
    await _set(
        store,
        "UPDATE outbox SET last_error = ?, next_attempt_at = ? WHERE id = ? "
        "AND state = 'sent'",
        (error, at, outbox_id),
    )


async def mark_retry(store: Store, outbox_id: int, error: str, at: int) -> None:
    await _set(
        store,
        "UPDATE outbox SET state = 'queued', last_error = ?, next_attempt_at = ? "
        "WHERE id = ?",
        (error, at, outbox_id),
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


async def mail_attachments(store: Store, message_id: int) -> list[Attachment]:
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
