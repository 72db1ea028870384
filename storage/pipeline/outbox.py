"""The one outbox loop: states, retries, backoff and filing, for every channel.

Why a reply is never lost: it is in the outbox (same transaction as its
message) before any attempt, and leaves 'queued'/'sending' only when its
channel confirmed it (-> 'sent') or a person gave up on it ('cancelled').

Why it is sent twice as rarely as the protocol allows: the channel's bytes,
Message-ID included, are prepared once and kept, with the row marked
'sending', before the attempt; the channel's confirmation is recorded at once
(its copy is filed after, and retried on its own: "sent once, filing
retried"). Only one sender runs per instance (a lock beside the database), so
a row found 'sending' was left by a sender that died mid-attempt: the channel
is asked whether it went (`was_sent`, the Sent folder); if it cannot tell,
the same bytes go again and `outbox list` says the reply may have arrived twice.

Which channel: see storage.outbox_route and `route` below. A reply no
configured channel can send fails at once with what to configure.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from plugins.api import (
    Address,
    AuthenticationError,
    Channel,
    ConfigurationError,
    DeliveryRefused,
    OutboundReply,
    PluginError,
    Quote,
    TemporarilyUnavailable,
)
from storage.connection import Store
from storage.errors import StoreBusy
from storage.outbox_route import hand_over, other_identity
from storage.outbox_state import (
    OutboxRow,
    defer_filing,
    due_replies,
    mark_failed,
    mark_filed,
    mark_retry,
    mark_sending,
    mark_sent,
    note_error,
    reply_attachments,
)
from storage.pipeline.instances import Channels
from storage.pipeline.locks import instance_lock
from storage.pipeline.route import route

MAX_ATTEMPTS = 10
FIRST_DELAY, MAX_DELAY = 30, 3600  # seconds; doubled at each attempt
# A full or unreachable Sent folder rarely heals within the minute: try filing
# again later rather than at every flush (the reply itself is sent already).
FILING_DELAY = 600


@dataclass(slots=True)
class FlushReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    handed_over: int = 0
    errors: list[str] = field(default_factory=list)  # "instance: message"


Postpone = Callable[[Store, int, str, int], Awaitable[None]]


class _Stop(Exception):
    """The instance needs a person (credentials, config): stop using it now."""


def backoff(attempts: int) -> int:
    return int(min(FIRST_DELAY * 2 ** max(attempts - 1, 0), MAX_DELAY))


async def outbound(store: Store, row: OutboxRow, shop_name: str) -> OutboundReply:
    """The record a channel's `send` takes, from the stored reply."""
    quote = None
    if row.quote is not None:
        text, author, at = row.quote
        when = datetime.fromtimestamp(at, UTC) if at is not None else None
        quote = Quote(text, author, when)
    files = (
        () if row.raw is not None else await reply_attachments(store, row.message_pk)
    )
    subject = row.subject if row.subject.strip(" :").lower() not in ("", "re") else (
        f"Re: your message to {shop_name}"
    )  # fmt: skip
    return OutboundReply(
        row.outbox_id,
        row.conversation_id,
        row.message_id_header,
        Address(shop_name, row.sender_address),
        tuple(Address(*person) for person in row.to),
        row.body,
        datetime.fromtimestamp(row.sent_at, UTC),
        subject,
        cc=tuple(Address(*person) for person in row.cc),
        bcc=tuple(Address(*person) for person in row.bcc),
        in_reply_to=row.in_reply_to,
        references=row.references,
        thread_key=row.thread_key,
        attachments=tuple(files),
        quote=quote,
        automatic="survey" if row.automated else "",
        attempt=row.attempts + 1,
        prepared=row.raw,
    )


class _Sender:
    """One instance's turn: each due reply once, one failure never stopping
    the others (unless the instance itself needs a person)."""

    def __init__(
        self, store: Store, channel: Channel, shop_name: str, report: FlushReport
    ) -> None:
        self.store, self.channel, self.report = store, channel, report
        self.shop_name = shop_name

    def _say(self, line: str) -> None:
        self.report.errors.append(f"{self.channel.instance}: {line}")

    async def one(self, row: OutboxRow) -> None:
        reply = await outbound(self.store, row, self.shop_name)
        if row.state == "sent":
            await self._file(row, reply)
            return
        doubt = False
        if row.state == "sending":
            known = await self._was_sent(row, reply)
            if known is True or known == "later":
                return
            doubt = known is None
        raw = (
            reply.prepared
            if reply.prepared is not None
            else self.channel.prepare(reply)
        )
        await mark_sending(self.store, row, raw, self.channel.instance, doubt)
        try:
            receipt = await self.channel.send(replace(reply, prepared=raw))
        except PluginError as exc:
            await self._failed(row, exc)
            return
        copies = self.channel.capabilities.file_copies
        await mark_sent(self.store, row.outbox_id, receipt.external_id, not copies)
        self.report.sent += 1
        if copies:
            await self._file(row, replace(reply, prepared=raw))

    async def _was_sent(
        self, row: OutboxRow, reply: OutboundReply
    ) -> bool | str | None:
        """After a crash mid-send: True (and recorded) if it went; "later" when
        that cannot be looked up now (never risk a resend for that)."""
        try:
            verdict = await self.channel.was_sent(reply)
        except PluginError as exc:
            line = (
                f"reply {row.outbox_id} was being sent when a sender stopped, and "
                f"whether it went cannot be checked now: {exc.message}"
            )
            await self._later(note_error, row, line)
            return "later"
        if verdict:
            await mark_sent(
                self.store, row.outbox_id, "found after an interrupted send", True
            )
            self.report.sent += 1
        return verdict

    async def _file(self, row: OutboxRow, reply: OutboundReply) -> None:
        try:
            await self.channel.file_copy(reply)
        except PluginError as exc:
            line = (
                f"reply {row.outbox_id} was sent; keeping its copy failed: "
                f"{exc.message}; it is tried again at a later flush"
            )
            await self._later(defer_filing, row, line)
            return
        await mark_filed(self.store, row.outbox_id)

    async def _later(self, record: Postpone, row: OutboxRow, line: str) -> None:
        """Said once now, with the row looked at again after FILING_DELAY."""
        await record(self.store, row.outbox_id, line, int(time.time()) + FILING_DELAY)
        self._say(line)

    async def _failed(self, row: OutboxRow, exc: PluginError) -> None:
        self._say(exc.message)
        if isinstance(exc, DeliveryRefused):
            await self._refused(row, exc)
        elif isinstance(exc, AuthenticationError | ConfigurationError):
            await mark_failed(self.store, row.outbox_id, exc.message)
            self.report.failed += 1
            raise _Stop(exc.message)
        else:
            await self._retry(row, exc)

    async def _retry(self, row: OutboxRow, exc: PluginError) -> None:
        attempts = row.attempts + 1
        doubt = isinstance(exc, TemporarilyUnavailable) and exc.maybe_delivered
        if attempts < MAX_ATTEMPTS:
            wait = getattr(exc, "retry_after", None) or backoff(attempts)
            at = int(time.time() + wait)
            await mark_retry(self.store, row.outbox_id, exc.message, at, doubt)
            self.report.retrying += 1
            return
        line = f"gave up after {attempts} attempts: {exc.message}"
        await mark_failed(self.store, row.outbox_id, line)
        self.report.failed += 1

    async def _refused(self, row: OutboxRow, exc: DeliveryRefused) -> None:
        if exc.fallback:
            found = await other_identity(self.store, row.conversation_id, exc.fallback)
            if found is not None:
                person, anchor = found
                why = f"{exc.message}; handed over to {person[1]}"
                await hand_over(self.store, row, person, why, anchor)
                self.report.handed_over += 1
                return
            message = f"{exc.message}; the customer left no {exc.fallback} address to answer instead"  # fmt: skip
        else:
            message = exc.message
        await mark_failed(self.store, row.outbox_id, message)
        self.report.failed += 1


async def _instance(
    store: Store,
    channels: Channels,
    instance: str,
    ids: set[int],
    now: int | None,
    report: FlushReport,
) -> None:
    async with instance_lock(store.path, instance, 120.0, "send"):
        rows = [r for r in await due_replies(store, now) if r.outbox_id in ids]
        if not rows:
            return
        try:
            channel = channels.open(instance, store)
        except PluginError as exc:
            for row in rows:
                await mark_failed(store, row.outbox_id, exc.message)
            report.failed += len(rows)
            report.errors.append(f"{instance}: {exc.message}")
            return
        sender = _Sender(store, channel, channels.shop_name, report)
        async with channel:
            for index, row in enumerate(rows):
                try:
                    await sender.one(row)
                except _Stop as stop:
                    for rest in rows[index + 1 :]:
                        await mark_failed(store, rest.outbox_id, str(stop))
                        report.failed += 1
                    return
                except (StoreBusy, OSError):
                    raise
                except Exception as exc:  # one reply's trouble never blocks the others
                    line = f"reply {row.outbox_id}: unexpected error: {exc!r}"
                    at = int(time.time()) + backoff(row.attempts + 1)
                    await note_error(store, row.outbox_id, line, at)
                    report.errors.append(f"{instance}: {line}")


async def flush_outbox(
    store: Store, channels: Channels, *, now: int | None = None
) -> FlushReport:
    """Send every due reply once, on its channel; the app runs it every minute
    or so and right after a reply is queued; `comptoir outbox flush` once."""
    report = FlushReport()
    for _ in range(2):  # a second pass for replies handed over to e-mail
        handed = report.handed_over
        plan: dict[str, set[int]] = defaultdict(set)
        for row in await due_replies(store, now):
            where = route(row, channels)
            if where.instance is None:
                if row.state != "sent":
                    await mark_failed(store, row.outbox_id, where.reason)
                    report.failed += 1
                    report.errors.append(f"reply {row.outbox_id}: {where.reason}")
                continue
            plan[where.instance].add(row.outbox_id)
        for instance, ids in plan.items():
            try:
                await _instance(store, channels, instance, ids, now, report)
            except StoreBusy as busy:  # another sender has it: its turn, not ours
                report.errors.append(f"{instance}: {busy.message}")
        if report.handed_over == handed:
            break
    return report
