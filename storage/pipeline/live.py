"""Channels while the app runs: each watching instance kept alive, with backoff.

A watch that fails (a server gone, a password refused, the database locked
by another process for too long) starts again after a delay that doubles up
to five minutes, and resets only once the watch has stayed up a while: a
server that accepts the login and then drops the session is not hammered.
The person hears of it once per run of failures, and once when it is back.
What arrives is reported with its message and conversation ids, so that the
app updates those rows only.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from plugins.api import AuthenticationError, ConfigurationError, PluginError
from storage.connection import Store
from storage.errors import StoreError
from storage.ingest import IngestResult
from storage.pipeline.ingest import IngestReport
from storage.pipeline.instances import Channels
from storage.pipeline.runs import watch_instance

FIRST_DELAY, MAX_DELAY = 2.0, 300.0
HEALTHY_AFTER = 120.0  # a watch up this long (or that stored mail) was healthy
NEEDS_PERSON_DELAY = 300.0


@dataclass(frozen=True, slots=True)
class Arrival:
    """What one stored batch brought: new messages and their conversations."""

    instance: str
    message_ids: tuple[int, ...]
    conversation_ids: tuple[int, ...]


OnArrival = Callable[[Arrival], Awaitable[None] | None]
OnTrouble = Callable[[str, str], None]  # instance, one line ("" once it is back)


def _arrival(instance: str, results: Sequence[IngestResult]) -> Arrival | None:
    new = [r for r in results if r.outcome == "new" and r.message_id is not None]
    if not new:
        return None
    conversations = dict.fromkeys(r.conversation_id for r in new if r.conversation_id)
    return Arrival(
        instance, tuple(r.message_id for r in new if r.message_id), tuple(conversations)
    )


def _line(exc: BaseException) -> str:
    if isinstance(exc, PluginError | StoreError):
        return exc.message
    return f"unexpected error: {exc!r}"


class Keeper:
    """Keeps one instance's watch running until cancelled; never raises."""

    def __init__(
        self,
        store: Store,
        channels: Channels,
        instance: str,
        on_arrival: OnArrival,
        on_trouble: OnTrouble,
    ) -> None:
        self.store, self.channels, self.instance = store, channels, instance
        self.on_arrival, self.on_trouble = on_arrival, on_trouble
        self.in_trouble = False
        self.delay = FIRST_DELAY
        self.sleep = asyncio.sleep  # tests count the waits instead

    def _healthy(self) -> None:
        """Up a while, or mail stored: the next failure starts a new run."""
        self.delay = FIRST_DELAY
        if self.in_trouble:
            self.in_trouble = False
            self.on_trouble(self.instance, "")

    async def _heard(
        self, report: IngestReport, results: Sequence[IngestResult]
    ) -> None:
        self._healthy()
        arrival = _arrival(self.instance, results)
        if arrival is not None:
            done = self.on_arrival(arrival)
            if inspect.isawaitable(done):
                await done

    async def _once(self) -> None:
        timer = asyncio.get_running_loop().call_later(HEALTHY_AFTER, self._healthy)
        try:
            channel = self.channels.open(self.instance, self.store)
            async with channel:
                shop = self.channels.shop_addresses
                await watch_instance(self.store, channel, shop, self._heard)
        finally:
            timer.cancel()

    async def run(self) -> None:
        while True:
            try:
                await self._once()
                raise PluginError("the channel stopped watching", self.instance)
            except Exception as exc:  # every failure is retried, said once
                if not self.in_trouble:
                    self.in_trouble = True
                    self.on_trouble(self.instance, _line(exc))
                await self.sleep(self._wait(exc))

    def _wait(self, exc: Exception) -> float:
        if isinstance(exc, AuthenticationError | ConfigurationError):
            return NEEDS_PERSON_DELAY  # a person must act; no quick retry
        wait = max(self.delay, getattr(exc, "retry_after", None) or 0.0)
        self.delay = min(self.delay * 2, MAX_DELAY)
        return wait


def watching(channels: Channels) -> list[str]:
    """The configured instances whose channel can push what arrives."""
    out = []
    for item in channels.configured:
        cls = channels.capable(item.name)
        if cls is not None and cls.capabilities.watch:
            out.append(item.name)
    return out


def start_watching(
    store: Store, channels: Channels, on_arrival: OnArrival, on_trouble: OnTrouble
) -> list[asyncio.Task[None]]:
    """A task per watching instance; cancel them to stop."""
    return [
        asyncio.create_task(
            Keeper(store, channels, name, on_arrival, on_trouble).run(),
            name=f"comptoir-watch-{name}",
        )
        for name in watching(channels)
    ]
