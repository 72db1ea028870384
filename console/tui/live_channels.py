"""The channels while the app runs: new mail pushed in (IMAP IDLE), replies sent.

The protocol work is the email plugin's; this module only starts it, hears what
it reports, and runs the outbox sender now and then.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from plugins.api import PluginError
from plugins.email.imap_sync import SyncReport
from plugins.email.sender import flush_outbox
from plugins.email.service import email_instances
from plugins.email.watch import start_watchers
from storage.connection import Store

OnNew = Callable[[str, int], Awaitable[None] | None]  # instance, messages stored
OnError = Callable[[str], None]  # one line naming the account and what to do


class LiveChannels:
    def __init__(
        self,
        channels: Mapping[str, Mapping[str, Any]],
        shop_name: str,
        shop_addresses: frozenset[str],
    ) -> None:
        self.channels, self.shop_name, self.shop = channels, shop_name, shop_addresses
        self._watch: asyncio.Task[None] | None = None

    @property
    def configured(self) -> bool:
        return bool(email_instances(self.channels))

    def start(self, store: Store, on_new: OnNew, on_error: OnError) -> None:
        if not self.configured or self._watch is not None:
            return

        async def heard(instance: str, report: SyncReport) -> None:
            if report.new:
                result = on_new(instance, report.new)
                if result is not None:
                    await result

        def failed(error: PluginError) -> None:
            on_error(
                f"{error.title}: {error.message}" if error.title else error.message
            )

        self._watch = start_watchers(self.channels, store, self.shop, heard, failed)

    async def stop(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
            await asyncio.gather(self._watch, return_exceptions=True)
            self._watch = None

    async def send_queued(self, store: Store) -> tuple[int, int]:
        """Send what is due; (sent, failed for good)."""
        instances = email_instances(self.channels)
        if not instances:
            return 0, 0
        report = await flush_outbox(instances, store, self.shop_name)
        return report.sent, report.failed
