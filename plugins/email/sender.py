"""Sending the outbox: each reply exactly once, then filed in the Sent folder.

Why a reply is never lost: it is in the outbox (same transaction as its
message) before any attempt, and leaves 'queued'/'sending' only when the SMTP
server has answered 250 (-> 'sent') or a person gave up on it ('cancelled').
Transient failures go back to 'queued' with a later `next_attempt_at`;
permanent ones become 'failed' with `last_error`, shown until retried.

Why it is never sent twice: the MIME bytes, Message-ID included, are built
once and stored (raw_messages) when the row is first claimed, so a retry is
the same mail. Before talking to SMTP the row is marked 'sending' (committed).
On the server's 250 the row is marked 'sent' at once, before anything else
(filing in Sent comes after and is retried on its own). Only one sender runs
per account (a lock beside the database), so a row found 'sending' was left
by a sender that died mid-attempt: it is looked up in the Sent folder by its
Message-ID (servers that file sent mail themselves, or an earlier filing), and
only if absent is it sent again. What remains is SMTP's own ambiguity: a crash
in the milliseconds between the server's 250 and our commit, or a connection
cut before the 250 arrives; a resend then carries the same Message-ID, which
mail clients use to show one message.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from imapclient import IMAPClient

from plugins.api import PluginError
from plugins.email.errors import QuotaExceeded, explained
from plugins.email.folders import find_sent, listing
from plugins.email.imap_connect import close, connect
from plugins.email.lock import fetch_lock
from plugins.email.mime import bracket, build_reply
from plugins.email.passwords import imap_password, smtp_password
from plugins.email.settings import EmailSettings
from plugins.email.smtp import SendFailure, send_raw, smtp_login_check
from storage.connection import Store
from storage.outbox_state import (
    OutgoingMail,
    defer_filing,
    due_mail,
    mail_attachments,
    mark_failed,
    mark_filed,
    mark_retry,
    mark_sending,
    mark_sent,
)

__all__ = ["FlushReport", "flush_outbox", "smtp_login_check"]

MAX_ATTEMPTS = 10
FIRST_DELAY, MAX_DELAY = 30, 3600  # seconds; doubled at each attempt
# A full or unreachable Sent folder rarely heals within the minute: try filing
# again later rather than at every flush (the reply itself is sent already).
FILING_DELAY = 600

Password = Callable[[EmailSettings], str]


@dataclass(slots=True)
class FlushReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)  # "instance: message"


class _Later(Exception):
    """This row cannot be decided now; the next flush takes it up again."""


def backoff(attempts: int) -> int:
    return int(min(FIRST_DELAY * 2 ** max(attempts - 1, 0), MAX_DELAY))


class _Account:
    """One account's flush: SMTP per mail, one IMAP session opened on demand."""

    def __init__(
        self, settings: EmailSettings, store: Store, shop_name: str,
        smtp_pw: Password, imap_pw: Password, report: FlushReport,
    ) -> None:  # fmt: skip
        self.s, self.store, self.shop_name = settings, store, shop_name
        self.smtp_pw, self.imap_pw, self.report = smtp_pw, imap_pw, report
        self.imap: IMAPClient | None = None
        self.sent = settings.sent_folder  # None: the one the server flags \\Sent

    async def session(self) -> IMAPClient:
        if self.imap is None:
            secret = await asyncio.to_thread(self.imap_pw, self.s)
            self.imap = await asyncio.to_thread(connect, self.s, secret)
        return self.imap

    async def close(self) -> None:
        if self.imap is not None:
            await asyncio.to_thread(close, self.imap)

    async def sent_folder(self) -> str:
        """The Sent folder's name ("": the account has none), found once."""
        if self.sent is None:
            s, client = self.s, await self.session()
            with explained(s.instance, s.imap_host, s.imap_port, "listing folders"):
                listed = await asyncio.to_thread(listing, client)
            self.sent = find_sent(listed) or ""
        return self.sent

    def _in_sent(self, client: IMAPClient, folder: str, message_id: str) -> bool:
        client.select_folder(folder, readonly=True)
        return bool(client.search(["HEADER", "Message-ID", bracket(message_id)]))

    async def in_sent(self, mail: OutgoingMail) -> bool:
        if not (folder := await self.sent_folder()):
            return False
        client = await self.session()
        found = mail.message_id_header
        return await asyncio.to_thread(self._in_sent, client, folder, found)

    async def recovered(self, mail: OutgoingMail) -> bool:
        """A row a dead sender left 'sending': True if it is already in Sent.
        When Sent cannot be read now, the row waits (never risk a resend)."""
        try:
            return await self.in_sent(mail)
        except PluginError as exc:
            self.imap = None
            self.report.errors.append(f"{self.s.instance}: {exc.message}")
            raise _Later from exc

    async def file(self, mail: OutgoingMail, raw: bytes) -> None:
        """APPEND to Sent, marked \\Seen; a failure is said and tried again later."""
        s = self.s
        try:
            if not (folder := await self.sent_folder()):
                await mark_filed(self.store, mail.outbox_id)
                return
            client = await self.session()
            with explained(s.instance, s.imap_host, s.imap_port, f"filing in {folder}"):
                await asyncio.to_thread(client.append, folder, raw, [b"\\Seen"], None)
        except PluginError as exc:
            await self.filing_failed(mail, exc)
            return
        await mark_filed(self.store, mail.outbox_id)

    async def filing_failed(self, mail: OutgoingMail, exc: PluginError) -> None:
        if not isinstance(exc, QuotaExceeded):  # the session may be broken
            client, self.imap = self.imap, None
            if client is not None:
                await asyncio.to_thread(close, client)
        line = (
            f"reply {mail.outbox_id} was sent but is not in {self.sent or 'Sent'}: "
            f"{exc.message}; filing is tried again at a later flush"
        )
        at = int(time.time()) + FILING_DELAY
        await defer_filing(self.store, mail.outbox_id, line, at)
        self.report.errors.append(f"{self.s.instance}: {line}")

    async def build(self, mail: OutgoingMail) -> bytes:
        if mail.raw is not None:
            return mail.raw  # the bytes of the first attempt, byte for byte
        address = mail.sender_address or self.s.address
        files = await mail_attachments(self.store, mail.message_id)
        return build_reply(mail, self.shop_name, address, files)

    async def send(self, mail: OutgoingMail) -> None:
        if mail.state == "sent":
            await self.file(mail, await self.build(mail))
            return
        if mail.state == "sending" and await self.recovered(mail):
            await mark_sent(self.store, mail.outbox_id)  # a dead sender got the 250
            await mark_filed(self.store, mail.outbox_id)
            self.report.sent += 1
            return
        raw = await self.build(mail)
        await mark_sending(self.store, mail, raw)
        sender = mail.sender_address or self.s.address
        # Bcc only in the envelope: the headers (build_reply) never name them.
        recipients = [a for _, a in (*mail.to, *mail.cc, *mail.bcc)]
        try:
            secret = await asyncio.to_thread(self.smtp_pw, self.s)
            await send_raw(self.s, secret, raw, sender, recipients)
        except PluginError as exc:  # no password: a person must act
            await self.failed(mail, SendFailure(exc.message, False))
            return
        except SendFailure as failure:
            await self.failed(mail, failure)
            return
        await mark_sent(self.store, mail.outbox_id)
        self.report.sent += 1
        await self.file(mail, raw)

    async def failed(self, mail: OutgoingMail, failure: SendFailure) -> None:
        attempts = mail.attempts + 1
        self.report.errors.append(f"{self.s.instance}: {failure.message}")
        if failure.transient and attempts < MAX_ATTEMPTS:
            at = int(time.time()) + backoff(attempts)
            await mark_retry(self.store, mail.outbox_id, failure.message, at)
            self.report.retrying += 1
            return
        message = failure.message
        if failure.transient:
            message = f"gave up after {attempts} attempts: {message}"
        await mark_failed(self.store, mail.outbox_id, message)
        self.report.failed += 1


async def flush_outbox(
    instances: Sequence[EmailSettings],
    store: Store,
    shop_name: str,
    *,
    smtp_pw: Password = smtp_password,
    imap_pw: Password = imap_password,
    now: int | None = None,
) -> FlushReport:
    """Send every due reply of these accounts once; the app runs it every minute
    or so, and right after a reply is queued."""
    report = FlushReport()
    for settings in instances:
        async with fetch_lock(store.path, f"{settings.instance}-send", 120.0):
            account = _Account(settings, store, shop_name, smtp_pw, imap_pw, report)
            try:
                for mail in await due_mail(store, [settings.instance], now):
                    with contextlib.suppress(_Later):
                        await account.send(mail)
            finally:
                await account.close()
    return report
