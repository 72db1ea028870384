"""The channels while the app runs: what arrives is pushed in, replies go out.

The work is the core pipeline's (storage.pipeline): each watching instance is
kept alive with backoff, the outbox loop sends. This module starts them and
passes on what they report: the ids of what arrived, a line when an instance
is in trouble (once per run of failures, and "" when it is back).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from storage.connection import Store
from storage.pipeline.instances import Channels
from storage.pipeline.live import Arrival, start_watching, watching
from storage.pipeline.outbox import FlushReport, flush_outbox

OnArrival = Callable[[Arrival], Awaitable[None] | None]
OnTrouble = Callable[[str, str], None]  # instance, one line ("" once it is back)


class LiveChannels:
    def __init__(
        self,
        channels: Mapping[str, Mapping[str, Any]],
        shop_name: str,
        shop_addresses: frozenset[str],
    ) -> None:
        self.channels = Channels(channels, shop_name, shop_addresses)
        self._watches: list[asyncio.Task[None]] = []

    @property
    def configured(self) -> bool:
        return bool(self.channels.config)

    def start(self, store: Store, on_arrival: OnArrival, on_trouble: OnTrouble) -> None:
        if not self._watches and watching(self.channels):
            self._watches = start_watching(store, self.channels, on_arrival, on_trouble)

    async def stop(self) -> None:
        watches, self._watches = self._watches, []
        for task in watches:
            task.cancel()
        await asyncio.gather(*watches, return_exceptions=True)

    async def send_queued(self, store: Store) -> FlushReport:
        """Send what is due on every channel; replies no channel can send fail
        with their reason (shown in their conversation)."""
        return await flush_outbox(store, self.channels)
