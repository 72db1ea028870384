"""The inbox hears of new messages: pushed by a channel (only those rows and
their deadlines change) or stored by another process (seen within seconds)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from plugins.api import Address, InboundMessage
from storage.connection import open_store
from storage.ingest import IngestItem, ingest_messages
from storage.pipeline.live import Arrival
from tests.console_tests.conftest import NOW, MakeApp, inbox, screen_text, settle


def a_new_mail(n: int) -> InboundMessage:
    return InboundMessage(
        external_id=f"new-{n}",
        raw=b"x",
        sender=Address(f"Zoé {n}", f"zoe{n}@example.com"),
        subject=f"Ma commande {n}",
        text="Bonjour, où en est ma commande ?",
        sent_at=NOW - timedelta(minutes=5),
    )


async def test_an_arrival_updates_its_rows_and_deadlines_not_the_queue(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        assert screen.queue.deadlines_known
        before, reading = list(screen.queue.ids), screen.queue.current
        whole: list[str] = []
        screen.reload_all = lambda: whole.append("queue")  # type: ignore[method-assign]
        every_deadline = app.inbox.deadlines

        async def counted() -> object:
            whole.append("deadlines")
            return await every_deadline()

        app.inbox.deadlines = counted  # type: ignore[method-assign]
        (result,) = await ingest_messages(
            app.inbox.store, "email", [IngestItem(a_new_mail(1), 0)]
        )
        conversation = result.conversation_id
        assert conversation is not None and result.message_id is not None
        arrival = Arrival("email", (result.message_id,), (conversation,))
        screen.automations._arrived(arrival)
        await settle(pilot)
        assert whole == []  # neither the whole queue nor every deadline again
        assert sorted(screen.queue.ids) == sorted([*before, conversation])
        assert screen.queue.rows[conversation].customer == "Zoé 1"
        assert conversation in screen.queue.deadlines  # its timer, computed
        assert screen.queue.current == reading  # the person stays where they are


async def test_what_another_process_stores_shows_within_seconds(
    make_app: MakeApp, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        before = len(screen.queue.ids)
        async with open_store(demo_db) as cron:  # another connection: a cron fetch
            await ingest_messages(cron, "email", [IngestItem(a_new_mail(2), 0)])
        for _ in range(100):
            await asyncio.sleep(0.05)
            await pilot.pause()
            if len(screen.queue.ids) == before + 1:
                break
        assert len(screen.queue.ids) == before + 1


async def test_a_message_a_server_would_not_give_is_said_in_the_status_line(
    make_app: MakeApp,
) -> None:
    from plugins.api import FetchProblem
    from storage.sync_state import ingest_batch

    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        given_up = FetchProblem("imap/INBOX/7/3", "folder INBOX UID 3: NO", final=True)
        await ingest_batch(app.inbox.store, "support", [], problems=[given_up])
        for _ in range(100):
            await asyncio.sleep(0.05)
            await pilot.pause()
            if "⚠ 1 not fetched" in screen_text(app):
                break
        assert "⚠ 1 not fetched" in screen_text(app)
