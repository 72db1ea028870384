"""Push: with the core watching the channel, a new mail is stored within 2 s,
and the arrival names the message and its conversation."""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest

from storage.connection import Store
from storage.pipeline.live import Arrival, start_watching
from tests.functional_tests.email.conftest import Account, mail

pytestmark = pytest.mark.server


async def stop(tasks: list[asyncio.Task[None]]) -> None:
    for task in tasks:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_idle_delivers_a_new_mail_within_two_seconds(
    account: Account, store: Store
) -> None:
    account.append([mail(1)])
    arrivals: asyncio.Queue[tuple[float, Arrival]] = asyncio.Queue()
    troubles: list[str] = []

    def arrived(arrival: Arrival) -> None:
        arrivals.put_nowait((time.monotonic(), arrival))

    tasks = start_watching(
        store, account.channels(), arrived, lambda i, line: troubles.append(line)
    )
    try:
        _, first = await asyncio.wait_for(arrivals.get(), 10)  # the initial sync
        assert (first.instance, len(first.message_ids)) == ("support", 1)
        await asyncio.sleep(0.3)  # the watcher is now in IDLE
        start = time.monotonic()
        await asyncio.to_thread(account.append, [mail(2)])
        at, second = await asyncio.wait_for(arrivals.get(), 5)
        assert len(second.message_ids) == 1 and at - start < 2.0
        rows = await store.conn.execute_fetchall(
            "SELECT subject, conversation_id FROM messages WHERE id = ?",
            (second.message_ids[0],),
        )
        ((subject, conversation),) = rows
        assert subject == "Question 2" and second.conversation_ids == (conversation,)
    finally:
        await stop(tasks)
    assert troubles == []


async def test_the_watcher_reports_a_wrong_password_once_and_keeps_going(
    account: Account, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPTOIR_TEST_IMAP_PW", "wrong")
    troubles: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    tasks = start_watching(
        store,
        account.channels(),
        lambda arrival: None,
        lambda instance, line: troubles.put_nowait((instance, line)),
    )
    try:
        instance, line = await asyncio.wait_for(troubles.get(), 10)
        assert not tasks[0].done()  # it waits and retries; the app stays usable
    finally:
        await stop(tasks)
    assert instance == "support"
    assert "refused the user name or password" in line
