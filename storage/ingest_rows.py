"""The rows one ingest batch writes, gathered in memory and written in bulk."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

import aiosqlite
from isal import isal_zlib

from plugins.api import Address, InboundMessage, by_position
from storage import search_index
from storage.content_hash import content_sha256
from storage.language_store import decide_conversations
from storage.languages import NO_LANGUAGE, Detection, is_shop_address, shop_detector
from storage.survey_answers import SurveyAnswer, answer_event
from storage.threads import ThreadDecision

# Seconds fit in 36 bits until the year 4147; the low 22 bits keep rowids unique.
_TIME_LIMIT = (1 << 36) - 1
_ROWID_BITS = 22
# Raw originals above this size are kept compressed; small ones gain too little.
_COMPRESS_FROM = 2048
_ISAL_LEVEL = 1  # of 0-3; 0 saves a third of the time and stores 30 % more


def message_time(
    message: InboundMessage, fallback: int, now: int | None = None
) -> tuple[int, int | None]:
    """The message's own time (its Date), or the fallback (when the shop received
    it: INTERNALDATE, the file's time) when it has none or it is absurd; and
    when the Date is ahead of `now`, the time received (the fallback, else now),
    with that Date second, so that the reason can be told (a sender's clock
    running fast must not hide a message from the deadlines)."""
    received = max(0, min(fallback, _TIME_LIMIT))
    if message.sent_at is None:
        return received, None
    stamp = int(message.sent_at.timestamp())
    if not 0 <= stamp <= _TIME_LIMIT:
        return received, None
    if now is not None and stamp > now:
        return (received if 0 < received <= now else now), stamp
    return stamp, None


def search_rowid(sent_at: int, message_pk: int) -> int:
    return (sent_at << _ROWID_BITS) | (message_pk & ((1 << _ROWID_BITS) - 1))


def _address(person: Address) -> str:
    """E-mail addresses lower-cased; a chat handle as its network wrote it."""
    return person.address.lower() if person.kind == "email" else person.address


def _people(kind: str, people: tuple[Address, ...]) -> list[dict[str, str]]:
    return [
        {"kind": kind, "name": p.name, "address": _address(p)}
        if p.kind == "email"
        else {"kind": kind, "name": p.name, "address": p.address, "identity": p.kind}
        for p in people
    ]


def recipients_json(message: InboundMessage) -> str:
    people = [
        *_people("to", message.to),
        *_people("cc", message.cc),
        *_people("reply-to", message.reply_to),
    ]
    return json.dumps(people, ensure_ascii=False)


def _json_list(items: tuple[str, ...], ascii: bool = True) -> str:
    """Most lists are empty: skip the encoder (a sync writes thousands a second)."""
    return json.dumps(list(items), ensure_ascii=ascii) if items else "[]"


@dataclass(frozen=True, slots=True)
class PackedRaw:
    """A raw original as stored: its content hash, and its bytes, compressed if
    worth it."""

    sha256: str
    encoding: str
    data: bytes

    __reduce__ = by_position


def pack_raw(raw: bytes) -> PackedRaw:
    """Costly enough to be done where messages are parsed, off the writer's core.
    The hash is the content hash (storage.content_hash), the bytes are as given."""
    digest = content_sha256(raw)
    if len(raw) < _COMPRESS_FROM:
        return PackedRaw(digest, "identity", raw)
    return PackedRaw(digest, "zlib", _deflate(raw))


def _deflate(raw: bytes) -> bytes:
    """A plain zlib stream (any reader inflates it) written by Intel's ISA-L:
    for the 5,000 generated messages of 2 kB and more, 0.12 s of CPU where
    zlib's fastest level took 0.71 s, and 0.5 % fewer bytes."""
    return isal_zlib.compress(raw, _ISAL_LEVEL)


def _event_kind(message: InboundMessage, outbound: bool) -> tuple[str, str, str | None]:
    """The event a stored message makes: a responder's mail (an out of office,
    the shop's own acknowledgement: kept and shown, but it answers nothing,
    reopens nothing and starts no timer), the shop's reply, or a customer's
    message. Automatic before from the shop: an automatic message is never a reply."""
    if message.automatic:
        return "auto_message", "automation", "auto-reply"
    if outbound:
        return "reply_out", "agent", None
    return "message_in", "customer", None


def _author(message: InboundMessage, outbound: bool) -> str:
    if outbound:
        return "automation" if message.automatic else "agent"
    return "customer"


def customer_language(message: InboundMessage) -> Detection:
    """The language of what the customer wrote (NO_LANGUAGE when there is too
    little to tell, or it is the shop's own mail or a responder's). Costly
    enough to be done where messages are parsed."""
    return customer_languages([message])[0]


def customer_languages(messages: list[InboundMessage]) -> list[Detection]:
    """`customer_language` of each, the model reading them at once."""
    read = [
        ("", "")
        if m.automatic or is_shop_address(m.sender.address if m.sender else "")
        else (m.text, m.subject)
        for m in messages
    ]
    return [found or NO_LANGUAGE for found in shop_detector().detect_messages(read)]


@dataclass(slots=True)
class _Conversation:
    customer_id: int
    channel: str
    subject: str
    subject_key: str
    created_at: int
    last_message_at: int = 0
    last_inbound_at: int | None = None
    message_count: int = 0


@dataclass(slots=True)
class _Touch:
    """What a batch adds to a conversation stored before it."""

    last_message_at: int = 0
    last_inbound_at: int | None = None
    message_count: int = 0
    first_inbound: tuple[int, int] | None = None  # (time, message id)


@dataclass(slots=True)
class BatchRows:
    new_conversations: dict[int, _Conversation] = field(default_factory=dict)
    touched: dict[int, _Touch] = field(default_factory=dict)
    messages: list[tuple[int, *tuple[object, ...]]] = field(default_factory=list)
    raws: list[tuple[object, ...]] = field(default_factory=list)
    blobs: dict[str, bytes] = field(default_factory=dict)
    attachments: list[tuple[object, ...]] = field(default_factory=list)
    events: list[tuple[object, ...]] = field(default_factory=list)
    status_updates: list[tuple[object, ...]] = field(default_factory=list)
    languages: list[tuple[str, bool, int, int]] = field(default_factory=list)

    def new_conversation(
        self,
        conv_id: int,
        customer_id: int,
        channel: str,
        subject: str,
        key: str,
        at: int,
    ) -> None:
        self.new_conversations[conv_id] = _Conversation(
            customer_id, channel, subject, key, at
        )

    def _count(self, conv_id: int, at: int, inbound: bool, message_pk: int) -> None:
        target = self.new_conversations.get(conv_id) or self.touched.setdefault(
            conv_id, _Touch()
        )
        target.last_message_at = max(target.last_message_at, at)
        target.message_count += 1
        if inbound:
            target.last_inbound_at = max(target.last_inbound_at or 0, at)
            if isinstance(target, _Touch) and (
                target.first_inbound is None or at < target.first_inbound[0]
            ):
                target.first_inbound = (at, message_pk)

    def add_message(
        self,
        message_pk: int,
        conv_id: int,
        channel: str,
        message: InboundMessage,
        outbound: bool,
        sent_at: int,
        received: int,
        decision: ThreadDecision,
        packed: PackedRaw,
        answer: SurveyAnswer | None = None,
        dated: int | None = None,
        language: Detection | None = None,
    ) -> None:
        """`answer`: the message answers a survey; unless it also asks something,
        it is no customer message to answer (no reopening, no timer). `dated`:
        its Date, ahead of the clock, which `sent_at` replaces. `language`: the
        customer's, if read already (None: read it now)."""
        sender = message.sender or Address("", "")
        defects = message.defects
        if dated is not None:
            ahead = datetime.fromtimestamp(dated, UTC).isoformat()
            defects += (
                f"Date {ahead} is ahead of the clock: the time received is used",
            )
        found = NO_LANGUAGE
        if not outbound:
            found = language or customer_language(message)
        if found.language:
            self.languages.append((found.language, found.sure, sent_at, conv_id))
        self.messages.append(
            (
                message_pk,
                conv_id,
                channel,
                message.external_id,
                packed.sha256,
                "out" if outbound else "in",
                _author(message, outbound),
                message.message_id,
                message.in_reply_to[0] if message.in_reply_to else None,
                _json_list(message.references),
                sender.name,
                _address(sender),
                recipients_json(message),
                message.subject,
                message.text,
                message.html,
                sent_at,
                received,
                message.top_type,
                _json_list(message.parts),
                _json_list(defects, ascii=False),
                decision.reason,
                decision.detail,
                search_rowid(sent_at, message_pk),
                message.thread_key,
                found.language,
                found.confidence if found.language else None,
            )
        )
        self.raws.append((message_pk, packed.encoding, len(message.raw), packed.data))
        for position, attachment in enumerate(message.attachments):
            digest = hashlib.sha256(attachment.data).hexdigest()
            self.blobs[digest] = attachment.data
            self.attachments.append(
                (
                    message_pk,
                    position,
                    attachment.filename,
                    attachment.content_type,
                    attachment.disposition,
                    attachment.content_id,
                    len(attachment.data),
                    digest,
                )
            )
        if answer is not None:
            self.events.append(
                answer_event(conv_id, sent_at, str(sender), message_pk, answer)
            )
            if not answer.asks:
                self._count(conv_id, sent_at, False, message_pk)
                return
        kind, actor_type, value = _event_kind(message, outbound)
        event = (kind, actor_type, str(sender), "public", message_pk, value)
        data = None if dated is None else json.dumps({"dated": dated})
        self.events.append((conv_id, sent_at, *event, None, data))
        self._count(conv_id, sent_at, kind == "message_in", message_pk)

    def touched_existing(self) -> list[int]:
        return sorted(self.touched)

    def reopen(self, statuses: dict[int, str], channel: str) -> None:
        """A customer writing into a closed, pending or snoozed conversation reopens it."""
        for conv_id, touch in sorted(self.touched.items()):
            status = statuses.get(conv_id, "open")
            if touch.first_inbound is None or status == "open":
                continue
            at, message_pk = touch.first_inbound
            self.events.append(
                (
                    conv_id,
                    at,
                    "status",
                    "customer",
                    channel,
                    "public",
                    message_pk,
                    "open",
                    status,
                    None,
                )
            )
            self.status_updates.append((conv_id,))

    async def write(self, conn: aiosqlite.Connection) -> None:
        await conn.executemany(
            "INSERT INTO conversations (id, customer_id, channel, subject, subject_key, "
            "status, created_at, last_message_at, last_inbound_at, message_count) "
            "VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)",
            [
                (
                    cid,
                    c.customer_id,
                    c.channel,
                    c.subject,
                    c.subject_key,
                    c.created_at,
                    c.last_message_at,
                    c.last_inbound_at,
                    c.message_count,
                )
                for cid, c in self.new_conversations.items()
            ],
        )
        await self._write_messages(conn)
        await conn.executemany(
            "INSERT INTO raw_messages (message_id, encoding, size, data) VALUES (?, ?, ?, ?)",
            self.raws,
        )
        await conn.executemany(
            "INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)",
            [(digest, len(data), data) for digest, data in self.blobs.items()],
        )
        await conn.executemany(
            "INSERT INTO attachments (message_id, position, filename, content_type, "
            "disposition, content_id, size, blob_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            self.attachments,
        )
        await self._update_touched(conn)
        await decide_conversations(conn, self.languages)
        await conn.executemany(
            "INSERT INTO events (conversation_id, at, kind, actor_type, actor, "
            "visibility, message_id, value, previous, data_json) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.events,
        )

    async def _write_messages(self, conn: aiosqlite.Connection) -> None:
        if not self.messages:
            return
        await search_index.defer(conn)
        await conn.executemany(
            "INSERT INTO messages (id, conversation_id, channel, external_id, "
            "content_sha256, direction, author_type, message_id_header, in_reply_to, "
            "references_json, sender_name, sender_address, recipients_json, subject, "
            "body_text, body_html, sent_at, received_at, top_type, parts_json, "
            "defects_json, thread_reason, thread_detail, search_rowid, thread_key, "
            f"language, language_confidence) VALUES ({','.join('?' * 27)})",
            self.messages,
        )
        ids = [row[0] for row in self.messages]
        await search_index.index(conn, min(ids), max(ids))

    async def _update_touched(self, conn: aiosqlite.Connection) -> None:
        await conn.executemany(
            "UPDATE conversations SET last_message_at = max(last_message_at, ?), "
            "last_inbound_at = CASE WHEN ? IS NULL THEN last_inbound_at "
            "ELSE max(coalesce(last_inbound_at, 0), ?) END, "
            "message_count = message_count + ? WHERE id = ?",
            [
                (
                    t.last_message_at,
                    t.last_inbound_at,
                    t.last_inbound_at,
                    t.message_count,
                    cid,
                )
                for cid, t in self.touched.items()
            ],
        )
        await conn.executemany(
            "UPDATE conversations SET status = 'open', snoozed_until = NULL WHERE id = ?",
            self.status_updates,
        )
