"""Push: with the watcher running, a new mail is in the store within 2 s."""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest

from plugins.api import PluginError
from plugins.email.imap_sync import SyncReport
from plugins.email.watch import watch_account
from storage.connection import Store
from tests.functional_tests.email.conftest import SHOP, Account, mail

pytestmark = pytest.mark.server


async def test_idle_delivers_a_new_mail_within_two_seconds(
    account: Account, store: Store
) -> None:
    account.append([mail(1)])
    arrivals: asyncio.Queue[tuple[float, SyncReport]] = asyncio.Queue()
    errors: list[PluginError] = []

    def on_new(instance: str, report: SyncReport) -> None:
        arrivals.put_nowait((time.monotonic(), report))

    task = asyncio.create_task(
        watch_account(
            account.settings(), store, frozenset({SHOP}), on_new, errors.append
        )
    )
    try:
        _, first = await asyncio.wait_for(arrivals.get(), 10)  # the initial sync
        assert first.new == 1
        await asyncio.sleep(0.3)  # the watcher is now in IDLE
        start = time.monotonic()
        await asyncio.to_thread(account.append, [mail(2)])
        at, second = await asyncio.wait_for(arrivals.get(), 5)
        assert second.new == 1 and at - start < 2.0
        rows = await store.conn.execute_fetchall(
            "SELECT subject FROM messages WHERE id = ?", (second.new_ids[0],)
        )
        assert next(iter(rows))[0] == "Question 2"
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert errors == []


async def test_the_watcher_reports_a_wrong_password_and_keeps_going(
    account: Account, store: Store
) -> None:
    errors: asyncio.Queue[PluginError] = asyncio.Queue()
    task = asyncio.create_task(
        watch_account(
            account.settings(),
            store,
            frozenset(),
            lambda i, r: None,
            errors.put_nowait,
            password=lambda settings: "wrong",
        )
    )
    try:
        error = await asyncio.wait_for(errors.get(), 10)
        assert not task.done()  # it waits and retries; the app stays usable
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert error.title == "support"
    assert "refused the user name or password" in error.message
