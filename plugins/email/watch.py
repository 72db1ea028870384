"""Push while the app runs: an IDLE session per account, a sync on each change.

One session sits in IDLE on INBOX; when the server says EXISTS the other
session syncs (under the fetch lock, so a cron `comptoir fetch` waits its turn)
and `on_new` hears of what was stored, within about a second. Every folder,
Sent included, is also synced every `poll_every` seconds. Failures are reported
through `on_error` and retried with backoff: the app stays usable.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from imapclient import IMAPClient

from plugins.api import AuthenticationError, ConfigurationError, PluginError
from plugins.email.errors import explained
from plugins.email.imap_connect import close, connect
from plugins.email.imap_sync import FolderSync, SyncReport
from plugins.email.lock import fetch_lock
from plugins.email.passwords import imap_password
from plugins.email.service import email_instances
from plugins.email.settings import EmailSettings
from storage.connection import Store

OnNew = Callable[[str, SyncReport], Awaitable[None] | None]
OnError = Callable[[PluginError], Awaitable[None] | None]
CHECK = 0.5  # seconds per IDLE wait: how soon a cancelled watcher stops
RENEW = 25 * 60  # RFC 2177: re-issue IDLE before 29 minutes


def _no_prompt(settings: EmailSettings) -> str:
    return imap_password(settings, None)  # no terminal in the app


async def _call(result: Awaitable[None] | None) -> None:
    if inspect.isawaitable(result):
        await result


class _Watcher:
    def __init__(
        self, settings: EmailSettings, store: Store, shop: frozenset[str],
        on_new: OnNew, password: Callable[[EmailSettings], str],
    ) -> None:  # fmt: skip
        self.s, self.store, self.shop = settings, store, shop
        self.on_new, self.password = on_new, password
        self.idle: IMAPClient | None = None
        self.sync: IMAPClient | None = None

    async def open(self) -> None:
        secret = await asyncio.to_thread(self.password, self.s)
        self.sync = await asyncio.to_thread(connect, self.s, secret)
        self.idle = idle = await asyncio.to_thread(connect, self.s, secret)
        await self._thread("opening INBOX", idle.select_folder, "INBOX", True)

    async def _thread(self, doing: str, fn: Callable[..., Any], *args: Any) -> Any:
        with explained(self.s.instance, self.s.imap_host, self.s.imap_port, doing):
            return await asyncio.to_thread(fn, *args)

    async def close(self) -> None:
        if self.idle is not None:  # in IDLE: a LOGOUT would wait; drop the socket
            with contextlib.suppress(Exception):
                self.idle.shutdown()
        if self.sync is not None:
            await asyncio.to_thread(close, self.sync)
        self.idle = self.sync = None

    async def pass_(self, folders: tuple[str, ...] | None) -> None:
        """Sync `folders`; None: every folder, the Sent folder found included."""
        assert self.sync is not None
        async with fetch_lock(self.store.path, self.s.instance, 120.0):
            sync = FolderSync(self.s, self.sync, self.store, self.shop)
            for name in folders or await sync.folders():
                await sync.folder(name, None, lambda report: None)
        if sync.report.new:
            await _call(self.on_new(self.s.instance, sync.report))

    async def run(self, poll_every: float) -> None:
        """Sync, then IDLE; returns only by raising (a failure or cancellation)."""
        await self.pass_(None)
        assert self.idle is not None
        polled = renewed = time.monotonic()
        while True:
            await self._thread("starting IDLE", self.idle.idle)
            changed = False
            while not changed and time.monotonic() - renewed < RENEW:
                got = await self._thread("waiting in IDLE", self.idle.idle_check, CHECK)
                changed = any(isinstance(r, tuple) and b"EXISTS" in r for r in got) or (
                    time.monotonic() - polled > poll_every
                )
            await self._thread("ending IDLE", self.idle.idle_done)
            renewed = time.monotonic()
            if time.monotonic() - polled > poll_every:
                polled = time.monotonic()
                await self.pass_(None)
            else:
                await self.pass_(self.s.folders)


async def watch_account(
    settings: EmailSettings,
    store: Store,
    shop: frozenset[str],
    on_new: OnNew,
    on_error: OnError = lambda error: None,
    *,
    password: Callable[[EmailSettings], str] = _no_prompt,
    poll_every: float = 300.0,
) -> None:
    """Keep one account in sync until cancelled; never raises a PluginError."""
    delay = 2.0
    while True:
        watcher = _Watcher(settings, store, shop, on_new, password)
        try:
            await watcher.open()
            delay = 2.0
            await watcher.run(poll_every)
        except PluginError as exc:
            await _call(on_error(exc))
            needs_person = isinstance(exc, AuthenticationError | ConfigurationError)
            await asyncio.sleep(300.0 if needs_person else delay)
            delay = min(delay * 2, 300.0)
        finally:
            await watcher.close()


def start_watchers(
    channels: Mapping[str, Mapping[str, Any]],
    store: Store,
    shop: frozenset[str],
    on_new: OnNew,
    on_error: OnError = lambda error: None,
) -> asyncio.Task[None]:
    """One task watching every configured email account; cancel it to stop."""

    async def all_accounts() -> None:
        await asyncio.gather(
            *(
                watch_account(s, store, shop, on_new, on_error)
                for s in email_instances(channels)
            )
        )

    return asyncio.create_task(all_accounts(), name="comptoir-email-watch")
