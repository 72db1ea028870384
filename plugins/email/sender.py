"""The Sent folder, for the outbox: was a reply sent already, and its copy.

Both use one IMAP session, opened when first needed. `was_sent` looks a reply
up by its Message-ID (chosen once by the core, so a retry is the same mail):
after a crash between the server's 250 and the core's record, a reply the
server filed itself, or that an earlier flush filed, is not sent again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from imapclient import IMAPClient

from plugins.api import PluginError
from plugins.email.errors import QuotaExceeded, explained
from plugins.email.folders import find_sent, listing
from plugins.email.imap_connect import close, connect
from plugins.email.mime import bracket
from plugins.email.settings import EmailSettings

Password = Callable[[], Awaitable[str]]


class SentFolder:
    def __init__(self, settings: EmailSettings, password: Password) -> None:
        self.s, self.password = settings, password
        self.imap: IMAPClient | None = None
        self.name = settings.sent_folder  # None: the one the server flags \\Sent

    async def _session(self) -> IMAPClient:
        if self.imap is None:
            secret = await self.password()
            self.imap = await asyncio.to_thread(connect, self.s, secret)
        return self.imap

    async def _call(self, doing: str, work: Callable[[IMAPClient], object]) -> object:
        s = self.s
        client = await self._session()
        try:
            with explained(s.instance, s.imap_host, s.imap_port, doing):
                return await asyncio.to_thread(work, client)
        except PluginError as exc:
            if not isinstance(exc, QuotaExceeded):  # the session may be broken
                await self.close()
            raise

    async def folder(self) -> str:
        """The Sent folder's name ("": the account has none), found once."""
        if self.name is None:
            found = await self._call("listing folders", listing)
            assert isinstance(found, list)
            self.name = find_sent(found) or ""
        return self.name

    async def holds(self, message_id: str) -> bool:
        """Whether a mail with this Message-ID is in the Sent folder."""
        folder = await self.folder()
        if not folder:
            return False

        def search(client: IMAPClient) -> bool:
            client.select_folder(folder, readonly=True)
            return bool(client.search(["HEADER", "Message-ID", bracket(message_id)]))

        return bool(await self._call(f"looking in {folder}", search))

    async def append(self, raw: bytes) -> None:
        """APPEND to Sent, marked \\Seen (the shop wrote it); nothing when the
        account has no Sent folder."""
        folder = await self.folder()
        if not folder:
            return
        await self._call(
            f"filing in {folder}",
            lambda client: client.append(folder, raw, [b"\\Seen"], None),
        )

    async def close(self) -> None:
        client, self.imap = self.imap, None
        if client is not None:
            await asyncio.to_thread(close, client)
