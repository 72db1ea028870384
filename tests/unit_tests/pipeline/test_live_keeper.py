"""Keeping a channel's watch alive: backoff that doubles and is not reset by a
mere reconnect, one line per run of failures, one when it works again."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from typing import ClassVar

import pytest

from plugins.api import Batch, Capabilities, TemporarilyUnavailable
from storage.connection import Store
from storage.pipeline import ingest as ingest_module
from storage.pipeline.live import Arrival, Keeper, watching
from tests.unit_tests.pipeline.fakes import Chat, channels, chat_line


class Flaky(Chat):
    """Connects, then fails: `failures` times, then delivers one message."""

    name: ClassVar[str] = "flaky"
    capabilities: ClassVar[Capabilities] = Capabilities(watch=True)
    failures: ClassVar[int] = 0

    async def watch(self, cursor: str | None) -> AsyncIterator[Batch]:
        if Flaky.failures > 0:
            Flaky.failures -= 1
            raise TemporarilyUnavailable(
                "the server dropped the session", self.instance
            )
        yield Batch((chat_line(1, "s1"),), "c1")
        await asyncio.Event().wait()  # then nothing more arrives


async def test_failures_after_connecting_back_off_and_are_said_once(
    store: Store,
) -> None:
    fakes = channels({"site": {"type": "flaky"}})
    fakes.classes["flaky"] = Flaky
    Flaky.failures = 6
    lines: list[tuple[str, str]] = []
    arrivals: list[Arrival] = []
    keeper = Keeper(
        store,
        fakes,
        "site",
        arrivals.append,
        lambda name, line: lines.append((name, line)),
    )
    waits: list[float] = []

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)

    keeper.sleep = no_wait
    task = asyncio.create_task(keeper.run())
    try:
        for _ in range(100):
            await asyncio.sleep(0.01)
            if arrivals:
                break
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert waits == [2.0, 4.0, 8.0, 16.0, 32.0, 64.0]
    assert lines == [("site", "the server dropped the session"), ("site", "")]
    ((arrival,),) = [arrivals]
    assert (arrival.instance, len(arrival.message_ids)) == ("site", 1)
    assert keeper.delay == 2.0  # working again: the next failure starts afresh


def test_only_channels_that_can_watch_are_watched() -> None:
    fakes = channels({"site": {"type": "chat"}, "mail": {"type": "mailer"}})
    assert watching(fakes) == ["site"]


class Steady(Chat):
    """Pushes one message per watch."""

    name: ClassVar[str] = "steady"
    capabilities: ClassVar[Capabilities] = Capabilities(watch=True)

    async def watch(self, cursor: str | None) -> AsyncIterator[Batch]:
        yield Batch((chat_line(1, "s1"),), "c1")
        await asyncio.Event().wait()


async def test_a_locked_database_is_waited_out_and_said_once(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_module, "BUSY_RETRIES", (0.01,))
    await store.conn.execute("PRAGMA busy_timeout = 50")
    fakes = channels({"site": {"type": "steady"}})
    fakes.classes["steady"] = Steady
    lines: list[str] = []
    arrivals: list[Arrival] = []
    keeper = Keeper(
        store, fakes, "site", arrivals.append, lambda n, line: lines.append(line)
    )
    waits: list[float] = []

    async def short_wait(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(0.05)

    keeper.sleep = short_wait
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a cron import holding the store
    task = asyncio.create_task(keeper.run())
    try:
        for _ in range(500):
            if len(waits) >= 3:
                break
            await asyncio.sleep(0.02)
        other.rollback()
        for _ in range(200):
            await asyncio.sleep(0.02)
            if arrivals:
                break
    finally:
        other.close()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert waits[:3] == [2.0, 4.0, 8.0]  # backing off, not hammering
    assert len(arrivals) == 1  # stored once the store was free: nothing lost
    assert [line for line in lines if line] == [
        f"the database {store.path} stayed busy with another comptoir process: "
        "what was stored before is kept; run again to resume"
    ]
    assert lines[-1] == ""  # and said when it works again
