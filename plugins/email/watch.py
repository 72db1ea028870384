"""Push while the app runs: IDLE on INBOX, every folder read every poll interval.

One session sits in IDLE on INBOX; when the server says EXISTS the other
session reads INBOX, within about a second. Every folder, Sent included, is
read every `poll_interval` seconds; a server without IDLE is only polled so.
The generator runs until cancelled; any failure ends it with a PluginError
and the core starts it again after a backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from imapclient import IMAPClient

from plugins.api import Batch
from plugins.email.cursor import Cursor
from plugins.email.errors import explained
from plugins.email.imap_connect import close
from plugins.email.imap_sync import FolderReader, Known, Warn
from plugins.email.settings import EmailSettings

CHECK = 0.5  # seconds per IDLE wait: how soon a cancelled watcher stops
RENEW = 25 * 60  # RFC 2177: re-issue IDLE before 29 minutes

Connect = Callable[[], Awaitable[IMAPClient]]


class Watcher:
    def __init__(
        self,
        settings: EmailSettings,
        connect: Connect,
        cursor: Cursor,
        known: Known,
        warn: Warn,
    ) -> None:
        self.s, self.connect, self.cursor, self.known = settings, connect, cursor, known
        self.warn = warn

    async def _call(self, doing: str, fn: Callable[..., Any], *args: Any) -> Any:
        with explained(self.s.instance, self.s.imap_host, self.s.imap_port, doing):
            return await asyncio.to_thread(fn, *args)

    async def batches(self) -> AsyncIterator[Batch]:
        sync = await self.connect()
        idle: IMAPClient | None = None
        try:
            if sync.has_capability("IDLE"):  # INBOX watched before the first read:
                idle = await self.connect()  # what arrives during it is heard
                await self._call("opening INBOX", idle.select_folder, "INBOX", True)
            reader = FolderReader(self.s, sync, self.cursor, self.known, self.warn)
            async for batch in reader.run():  # every folder, the Sent one found
                yield batch
            polled = time.monotonic()
            while True:
                due = polled + self.s.poll_interval
                inbox_changed = await self._wait(idle, due)
                folders: tuple[str, ...] | None = self.s.folders
                if time.monotonic() >= due:
                    polled, folders = time.monotonic(), None  # every folder
                elif not inbox_changed:
                    continue
                async for batch in reader.run(folders):
                    yield batch
        finally:
            if idle is not None:  # in IDLE: a LOGOUT would wait; drop the socket
                with contextlib.suppress(Exception):
                    idle.shutdown()
            await asyncio.to_thread(close, sync)

    async def _wait(self, idle: IMAPClient | None, until: float) -> bool:
        """Until the poll is due, or INBOX changed (True) when IDLE is there."""
        if idle is None:
            await asyncio.sleep(max(0.0, until - time.monotonic()))
            return False
        await self._call("starting IDLE", idle.idle)
        # What the server said before IDLE began (mail that came during the last
        # read) is kept aside by imaplib, not handed to idle_check.
        started = time.monotonic()
        changed = bool(idle._imap.untagged_responses.pop("EXISTS", None))
        while not changed and time.monotonic() < min(until, started + RENEW):
            got = await self._call("waiting in IDLE", idle.idle_check, CHECK)
            changed = _exists(got)
        # Cancelled above, the session is dropped by `batches` instead.
        _text, last = await self._call("ending IDLE", idle.idle_done)
        return changed or _exists(last)  # a mail that came as IDLE ended


def _exists(responses: list[Any]) -> bool:
    return any(isinstance(r, tuple) and b"EXISTS" in r for r in responses)
