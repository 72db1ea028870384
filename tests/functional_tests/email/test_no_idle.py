"""A server without IDLE is polled every `poll_interval`, over one session: no
reconnecting every few seconds, no error toast (issue 10, point 12)."""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest

from storage.connection import Store
from storage.pipeline.live import Arrival, start_watching
from tests.functional_tests.email.conftest import Account, mail

pytestmark = pytest.mark.server


def logins(account: Account) -> int:
    log = (account.server.dir / "dovecot.log").read_text(errors="replace")
    return log.count(f"Login: user=<{account.user}>")


async def test_without_idle_new_mail_comes_by_polling_over_one_session(
    bare_account: Account, store: Store
) -> None:
    account = bare_account
    client = account.client()
    assert not client.has_capability("IDLE")
    client.logout()
    arrivals: asyncio.Queue[tuple[float, Arrival]] = asyncio.Queue()
    troubles: list[str] = []
    tasks = start_watching(
        store,
        account.channels(poll_interval=1),
        lambda arrival: arrivals.put_nowait((time.monotonic(), arrival)),
        lambda instance, line: troubles.append(line),
    )
    try:
        await asyncio.sleep(1.5)  # the first pass, then waiting for the poll
        start = time.monotonic()
        await asyncio.to_thread(account.append, [mail(1)])  # logs in itself
        before = logins(account)
        at, arrival = await asyncio.wait_for(arrivals.get(), 5)
        assert at - start < 2.5 and len(arrival.message_ids) == 1
        await asyncio.sleep(4)  # four more polls
        assert logins(account) == before  # the same session all along
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    assert troubles == []
