"""An out-of-office reply shows in its conversation, marked, and leaves the queue as it was."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from plugins.api import Address, InboundMessage
from storage.connection import open_store
from storage.conversations import get_conversation
from storage.ingest import IngestItem, ingest_messages
from tests.console_tests.conftest import NOW, MakeApp, inbox, screen_text, settle


async def test_an_automatic_reply_is_marked_and_asks_for_nothing(
    make_app: MakeApp, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        queue_before = list(inbox(pilot).queue.ids)
        first = queue_before[0]
    async with open_store(demo_db) as store:
        detail = await get_conversation(store, first)
        last = detail.messages[-1]
        away = InboundMessage(
            external_id="ooo-1",
            raw=b"Auto-Submitted: auto-replied\r\n\r\nAway until Monday.\r\n",
            sender=Address(last.sender_name, last.sender_address),
            subject="Out of office",
            text="Away until Monday.",
            sent_at=NOW - timedelta(minutes=5),
            message_id="ooo-1@example.com",
            in_reply_to=(last.message_id_header or "",),
            automatic="Auto-Submitted: auto-replied",
        )
        await ingest_messages(store, "email", [IngestItem(away, 0)], frozenset())
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert inbox(pilot).queue.ids == queue_before  # nothing moved up
        assert inbox(pilot).open_id == first
        text = " ".join(screen_text(app).split())
        assert "Automatic reply" in text and "Away until Monday." in text
