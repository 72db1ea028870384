"""The `email` channel: IMAP in, SMTP out, files read; loaded by its entry point.

It implements the plugin contract exactly as a third-party channel would:
`fetch` and `watch` yield batches of raw messages with the cursor (the core
parses them with `parse` in its workers and stores them), `send` hands one
reply to SMTP, `was_sent` and `file_copy` use the Sent folder, `read_files`
reads mbox, Maildir and .eml files for `comptoir import`. It imports nothing
from the core: secrets and what is stored come through its ChannelContext.
The protocol libraries are imported when first used, so the config checker
loads this module cheaply.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from plugins.api import (
    Batch,
    Capabilities,
    Channel,
    ChannelContext,
    CheckReport,
    FileProblem,
    InboundMessage,
    Option,
    OutboundReply,
    RawMessage,
    Receipt,
    Suggestion,
)
from plugins.email.options import OPTIONS
from plugins.email.settings import EmailSettings, problems

if TYPE_CHECKING:
    from imapclient import IMAPClient

    from plugins.email.sender import SentFolder
    from plugins.email.smtp import SmtpSession


class EmailChannel(Channel):
    name: ClassVar[str] = "email"
    label: ClassVar[str] = "Email (IMAP and SMTP)"
    options: ClassVar[tuple[Option, ...]] = OPTIONS
    capabilities: ClassVar[Capabilities] = Capabilities(
        watch=True,
        file_copies=True,
        file_formats=("mbox", "maildir", "eml"),
        identities=("email",),
    )

    def __init__(
        self,
        instance: str,
        settings: dict[str, Any],
        context: ChannelContext | None = None,
    ) -> None:
        super().__init__(instance, settings, context)
        self.email = EmailSettings.from_options(instance, dict(settings))
        self._smtp: SmtpSession | None = None
        self._sent: SentFolder | None = None

    @classmethod
    def check_options(
        cls, instance: str, options: dict[str, Any]
    ) -> list[tuple[str, str]]:
        return problems(instance, options)

    def own_addresses(self) -> frozenset[str]:
        return frozenset({self.email.address.lower()} - {""})

    # -- what the core lends ------------------------------------------------

    async def _secret(self, key: str, what: str, optional: bool = False) -> str:
        if self.context is not None:
            return await self.context.secret(key, what, optional=optional)
        from plugins.api import AuthenticationError
        from plugins.secrets import missing, resolve_secret

        found = await asyncio.to_thread(
            resolve_secret, self.instance, self.settings, key
        )
        if found or optional:
            return found
        raise AuthenticationError(
            missing(self.instance, self.settings, key, what), self.instance
        )

    async def _imap_password(self) -> str:
        return await self._secret("password", "IMAP password")

    async def _smtp_password(self) -> str:
        own = await self._secret("smtp_password", "SMTP password", optional=True)
        return own or await self._imap_password()

    def _warn(self, line: str) -> None:
        if self.context is not None:
            self.context.warn(line)

    async def _known(self, keys: Sequence[str]) -> set[str]:
        return set() if self.context is None else await self.context.known(keys)

    async def _connect(self) -> IMAPClient:
        from plugins.email.imap_connect import connect

        secret = await self._imap_password()
        return await asyncio.to_thread(connect, self.email, secret)

    # -- in -------------------------------------------------------------------

    async def check(self) -> CheckReport:
        from plugins.email.check import check_account

        return await check_account(self.email, self._imap_password, self._smtp_password)

    async def fetch(
        self, cursor: str | None, since: datetime | None = None
    ) -> AsyncIterator[Batch]:
        from plugins.email.cursor import Cursor
        from plugins.email.imap_connect import close
        from plugins.email.imap_sync import FolderReader

        client = await self._connect()
        try:
            state = Cursor.loads(cursor)
            reader = FolderReader(self.email, client, state, self._known, self._warn)
            day = since.date() if since is not None else None
            async for batch in reader.run(None, day):
                yield batch
        finally:
            await asyncio.to_thread(close, client)

    async def watch(self, cursor: str | None) -> AsyncIterator[Batch]:
        from plugins.email.cursor import Cursor
        from plugins.email.watch import Watcher

        state = Cursor.loads(cursor)
        watcher = Watcher(self.email, self._connect, state, self._known, self._warn)
        async for batch in watcher.batches():
            yield batch

    @classmethod
    async def suggest(cls, address: str) -> Suggestion | None:
        """The account's servers, looked up as mail programs do (autoconfig,
        the ISP database, DNS SRV records)."""
        from plugins.email.autoconfig import Sources, discover

        found = await discover(address, Sources.from_env())
        if found is None:
            return None
        imap, smtp = found.imap, found.smtp
        settings: dict[str, Any] = {
            "imap_host": imap.host,
            "imap_port": imap.port,
            "imap_tls": imap.security,
            "username": imap.username,
        }
        if smtp is not None:
            settings |= {
                "smtp_host": smtp.host,
                "smtp_port": smtp.port,
                "smtp_tls": smtp.security,
            }
        return Suggestion(settings, found.source, found.warning)

    @classmethod
    def parse(cls, raw: RawMessage) -> InboundMessage:
        from plugins.email.parse import parse_email

        return parse_email(raw.raw, raw.external_id)

    @classmethod
    def read_files(
        cls, file_format: str, paths: Sequence[str]
    ) -> Iterator[RawMessage | FileProblem]:
        from plugins.email.files import read_files

        return read_files(file_format, paths)

    # -- out ------------------------------------------------------------------

    def prepare(self, reply: OutboundReply) -> bytes:
        from plugins.email.mime import build_reply

        return build_reply(reply, self.email.address or reply.sender.address)

    async def send(self, reply: OutboundReply) -> Receipt:
        from plugins.email.smtp import SmtpSession

        if self._smtp is None:
            self._smtp = SmtpSession(self.email, self._smtp_password)
        raw = reply.prepared or self.prepare(reply)
        sender = self.email.address or reply.sender.address
        recipients = [a.address for a in (*reply.to, *reply.cc, *reply.bcc)]
        said = await self._smtp.send(raw, sender, recipients)
        return Receipt(reply.message_id, said)

    def _sent_folder(self) -> SentFolder:
        from plugins.email.sender import SentFolder

        if self._sent is None:
            self._sent = SentFolder(self.email, self._imap_password)
        return self._sent

    async def was_sent(self, reply: OutboundReply) -> bool | None:
        """Found in Sent: True. Not found proves nothing (SMTP does not file
        what it sends): None, and the core sends again, saying it may be twice."""
        if self.email.sent_folder == "":
            return None
        return True if await self._sent_folder().holds(reply.message_id) else None

    async def file_copy(self, reply: OutboundReply) -> None:
        if self.email.sent_folder != "":
            await self._sent_folder().append(reply.prepared or self.prepare(reply))

    async def close(self) -> None:
        for part in (self._smtp, self._sent):
            if part is not None:
                await part.close()
        self._smtp = self._sent = None
