"""A customer known by e-mail and on a chat network is one customer: the context
pane lists both identities, and ctrl+l in the composer sends the reply to the
other one, on the channel where that identity last wrote."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from plugins.api import Address, InboundMessage
from storage.connection import open_store
from storage.ingest import IngestItem, ingest_messages
from storage.outbox import list_outbox
from tests.console_tests.conftest import NOW, inbox, screen_text, settings_for, settle


async def two_channels(db: Path) -> None:
    email = InboundMessage(
        external_id="m1",
        raw=b"x",
        sender=Address("Ann", "ann@example.com"),
        subject="Ma commande",
        text="Où est mon colis ?",
        sent_at=NOW - timedelta(hours=2),
        message_id="m1@example.com",
    )
    chat = InboundMessage(
        external_id="t1",
        raw=b"y",
        sender=Address("Ann", "telegram:5123", "chat"),
        text="Bonjour, c'est Ann",
        sent_at=NOW - timedelta(days=3),
        thread_key="5123",
        also_known_as=(Address("Ann", "ann@example.com"),),
    )
    async with open_store(db) as store:
        await ingest_messages(store, "tg", [IngestItem(chat, 0)])
        await ingest_messages(store, "support", [IngestItem(email, 0)])


async def test_ctrl_l_sends_the_reply_to_the_customers_other_identity(
    tmp_path: Path,
) -> None:
    from console.tui.app import ComptoirApp

    db = tmp_path / "inbox.db"
    await two_channels(db)
    app = ComptoirApp(settings_for(db))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        shown = screen_text(app)
        assert "email: ann@example.com" in shown and "chat: telegram:5123" in shown
        email_conversation = next(
            c for c, row in screen.queue.rows.items() if row.channel == "support"
        )
        screen.queue.move_to(screen.queue.ids.index(email_conversation))
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert "Reply to telegram:5123 (chat, on tg)" in screen_text(app)
        await pilot.press(*"Merci, nous regardons.", "ctrl+s")
        await settle(pilot)
    async with open_store(db) as store:
        (entry,) = await list_outbox(store)
        rows = await store.conn.execute_fetchall(
            "SELECT thread_key FROM messages WHERE id = ?", (entry.message_id,)
        )
    assert (entry.recipient, entry.conversation_id) == (
        "telegram:5123",
        email_conversation,
    )
    assert entry.channel == "tg" and list(rows) == [("5123",)]
