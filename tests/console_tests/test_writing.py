"""Drafts survive a quit; a customer message that arrives mid-draft stops the send."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from plugins.api import Address, InboundMessage
from storage.connection import open_store
from storage.conversations import get_conversation
from storage.ingest import IngestItem, ingest_messages
from storage.outbox import list_outbox
from tests.console_tests.conftest import NOW, MakeApp, inbox, settle


async def test_a_draft_survives_quitting_and_comes_back(make_app: MakeApp) -> None:
    async with make_app().run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        conversation = inbox(pilot).open_id
        await pilot.press("r", *"Je vérifie le suivi")
        await pilot.pause(0.8)  # the draft is written after half a second of quiet
        await settle(pilot)
    async with make_app().run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert inbox(pilot).open_id == conversation
        await pilot.press("r")
        await settle(pilot)
        assert inbox(pilot).composer.area.text == "Je vérifie le suivi"


async def test_a_new_customer_message_stops_the_send_and_is_shown(
    make_app: MakeApp, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        conversation = inbox(pilot).open_id
        assert conversation is not None
        await pilot.press("r", *"Votre colis est parti.")
        await settle(pilot)
        detail = await app.inbox.conversation(conversation)
        customer = detail.messages[0]
        follow_up = InboundMessage(
            external_id="follow-up-1",
            raw=b"x",
            sender=Address(customer.sender_name, customer.sender_address),
            subject="Re: " + detail.summary.subject,
            text="Finalement, annulez ma commande.",
            in_reply_to=(customer.message_id_header or "",),
            sent_at=NOW - timedelta(seconds=30),  # the clock is frozen at NOW
        )
        await ingest_messages(app.inbox.store, "email", [IngestItem(follow_up, 0)])
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "customer wrote again" in str(app.screen.query_one("Static").render())
        shown = [m.text for m in inbox(pilot).view.detail.messages]  # type: ignore[union-attr]
        assert "Finalement, annulez ma commande." in shown
        assert await list_outbox(app.inbox.store) == []
        await pilot.press("escape")  # close the notice, then send as it is
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(await list_outbox(app.inbox.store)) == 1
    async with open_store(demo_db) as store:
        last = (await get_conversation(store, conversation)).messages[-1]
    assert (last.direction, last.text) == ("out", "Votre colis est parti.")
