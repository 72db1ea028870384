"""To and Cc on each message; reply to the sender or to all; To, Cc and Bcc
shown and edited in the composer; `f` forwards a message with its attachments."""

from __future__ import annotations

from datetime import timedelta

from textual.pilot import Pilot

from console.demo import data
from console.tui.app import ComptoirApp
from console.tui.messages import InboxChanged
from plugins.api import Address, Attachment, InboundMessage
from storage.conversations import get_conversation
from storage.ingest import IngestItem, ingest_messages
from storage.outbox import list_outbox
from tests.console_tests.conftest import NOW, MakeApp, inbox, screen_text, settle

SHOP = Address(data.SHOP_NAME, data.SHOP_ADDRESS)
ANN = Address("Ann Martin", "ann.martin@example.fr")
BOB = Address("Bob Martin", "bob.martin@example.fr")


async def arrives(app: ComptoirApp, pilot: Pilot[None]) -> int:
    """A customer mail to the shop, her husband and the shop's own address in Cc,
    a photo attached; the cursor put on it."""
    mail = InboundMessage(
        external_id="cc-1",
        raw=b"x",
        sender=ANN,
        to=(SHOP,),
        cc=(BOB, Address("", data.SHOP_ADDRESS.upper())),
        subject="Théière fêlée",
        text="Bonjour,\nla théière est fêlée, photo jointe.\nAnn",
        message_id="<cc-1@example.fr>",
        sent_at=NOW - timedelta(minutes=5),
        attachments=(Attachment("fêlure.png", "image/png", b"\x89PNG photo"),),
    )
    (result,) = await ingest_messages(
        app.inbox.store, "email", [IngestItem(mail, 0)], frozenset({SHOP.address})
    )
    assert result.conversation_id is not None
    screen = inbox(pilot)
    screen.post_message(InboxChanged())  # as when a channel brings mail
    await settle(pilot)
    screen.queue.move_to(screen.queue.ids.index(result.conversation_id))
    await settle(pilot)
    return result.conversation_id


def flat(app: ComptoirApp) -> str:
    """The conversation's messages as text, whatever the pane's width."""
    return "\n".join(str(b.render()) for b in app.screen.query("MessageBlock"))


def field(pilot: Pilot[None], name: str) -> str:
    return str(inbox(pilot).query_one(f"#address-{name}").value)  # type: ignore[attr-defined]


async def test_to_and_cc_are_shown_and_a_reply_to_all_keeps_the_cc(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        conversation = await arrives(app, pilot)
        text = flat(app)
        assert "To: La Théière Bleue <bonjour@latheierebleue.fr>" in text
        assert "Cc: Bob Martin <bob.martin@example.fr>" in text
        await pilot.press("r")
        await settle(pilot)
        assert field(pilot, "to") == "Ann Martin <ann.martin@example.fr>"
        assert field(pilot, "cc") == ""
        await pilot.press("escape")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert field(pilot, "to") == "Ann Martin <ann.martin@example.fr>"
        assert field(pilot, "cc") == "Bob Martin <bob.martin@example.fr>"  # no shop
        await pilot.press(*"Bonjour à tous les deux,", "ctrl+s")
        await settle(pilot)
        detail = await get_conversation(app.inbox.store, conversation)
        reply = detail.messages[-1]
        assert [(k, a) for k, _, a in reply.recipients] == [
            ("to", ANN.address),
            ("cc", BOB.address),
        ]


async def test_cc_and_bcc_are_edited_in_the_composer_and_checked(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        conversation = await arrives(app, pilot)
        await pilot.press("r", *"Bonjour Ann,")
        await pilot.press("shift+tab", *"boss@", "shift+tab", *"bob.martin@example.fr")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("Bcc: 'boss@' is not an email address" in str(n.message)
                   for n in app._notifications)  # fmt: skip
        assert await list_outbox(app.inbox.store) == []
        inbox(pilot).query_one(
            "#address-bcc"
        ).value = "Camille <camille@latheierebleue.fr>"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        (queued,) = await list_outbox(app.inbox.store)
        reply = (await get_conversation(app.inbox.store, conversation)).messages[-1]
        assert queued.message_id == reply.id and reply.text == "Bonjour Ann,"
        assert [(k, a) for k, _, a in reply.recipients] == [
            ("to", ANN.address),
            ("cc", BOB.address),
            ("bcc", "camille@latheierebleue.fr"),
        ]
        await pilot.press("slash", "ctrl+u", *"status:open", "enter")  # answered
        await settle(pilot)
        inbox(pilot).queue.move_to(inbox(pilot).queue.ids.index(conversation))
        await settle(pilot)
        assert "Bcc: Camille <camille@latheierebleue.fr>" in flat(app)


async def test_f_forwards_the_message_and_its_attachments_to_a_supplier(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        conversation = await arrives(app, pilot)
        await pilot.press("f")
        await settle(pilot)
        assert "forwarded with it: fêlure.png" in screen_text(app)
        assert (
            "---------- Forwarded message ----------" in inbox(pilot).composer.area.text
        )
        await pilot.press(*"sav@transports.example", "tab", "tab", "tab")
        await pilot.press(*"Voici la photo de la casse.", "ctrl+s")
        await settle(pilot)
        assert any("Forwarded to sav@transports.example" in str(n.message)
                   for n in app._notifications)  # fmt: skip
        assert conversation in inbox(pilot).queue.ids  # still awaits an answer
        detail = await get_conversation(app.inbox.store, conversation)
        forward = detail.messages[-1]
        assert forward.subject == "Fwd: Théière fêlée"
        assert forward.text.startswith("Voici la photo de la casse.")
        assert "la théière est fêlée" in forward.text
        assert [a.filename for a in forward.attachments] == ["fêlure.png"]
        assert [(k, a) for k, _, a in forward.recipients] == [
            ("to", "sav@transports.example")
        ]
        (queued,) = await list_outbox(app.inbox.store)
        assert queued.message_id == forward.id


async def test_a_chat_is_not_forwarded(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        rows = await app.inbox.rows(screen.queue.ids)
        chat = next(i for i in screen.queue.ids if rows[i].channel == "chat")
        screen.queue.move_to(screen.queue.ids.index(chat))
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert not screen.composer.is_open
        assert any("Only mail can be forwarded" in str(n.message)
                   for n in app._notifications)  # fmt: skip


async def test_recipients_edited_stay_when_the_reply_is_taken_up_again(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await arrives(app, pilot)
        await pilot.press("ctrl+r", *"Bonjour,", "shift+tab", "shift+tab", "ctrl+u")
        await pilot.press(*"zoe@example.fr", "escape")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert field(pilot, "cc") == "zoe@example.fr"
        assert inbox(pilot).composer.area.text == "Bonjour,"
