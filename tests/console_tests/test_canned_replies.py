"""The canned-reply flow: find, preview for this customer, fill placeholders,
insert several into one answer, and the check that refuses a wrong one."""

from __future__ import annotations

from console.tui.modals import AskModal, ChoiceModal, NoticeModal
from console.tui.reply_picker import ReplyPicker
from storage.outbox import list_outbox
from tests.console_tests.conftest import MakeApp, inbox, screen_text, settle


async def test_pick_preview_fill_and_insert_two_replies(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        conversation = screen.open_id
        assert conversation is not None
        context = await app.inbox.writing.reply_context(conversation)
        chosen = context.order["number"]  # type: ignore[index]
        first_name = context.customer["first_name"]
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ReplyPicker)
        await pilot.press(*"hello")
        await settle(pilot)
        assert f"Hi {first_name}," in screen_text(app)  # the live preview
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(
            "ctrl+t", *"delay"
        )  # i would be typed: the composer has focus
        await settle(pilot)
        assert f"Your order {chosen} is running late" in screen_text(app)
        await pilot.press("tab")  # the customer's next order
        await settle(pilot)
        other = app.screen.context.order["number"]  # type: ignore[attr-defined]
        assert other != chosen and f"Your order {other} is running" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AskModal)
        await pilot.press(*"Friday", "enter")
        await settle(pilot)
        text = screen.composer.area.text
        assert text.startswith(
            f"Hi {first_name},\n\nYour order {other} is running late"
        )
        assert "arrive on Friday." in text
        await pilot.press("ctrl+s")  # "it will arrive on Friday": no promise
        await settle(pilot)
        assert not isinstance(app.screen, ChoiceModal)
        (queued,) = await list_outbox(app.inbox.store)
        assert queued.conversation_id == conversation


async def test_an_unfilled_placeholder_or_a_foreign_order_stops_the_send(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i", *"retard", "enter")
        await settle(pilot)
        await pilot.press("escape")  # no date given: the placeholder stays visible
        await settle(pilot)
        assert "⟦Date de livraison⟧" in inbox(pilot).composer.area.text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NoticeModal)
        assert "has no value yet" in screen_text(app)
        await pilot.press("escape")
        area = inbox(pilot).composer.area
        area.load_text("Votre commande #1001 est partie.")  # an order of someone else
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "belongs to another customer" in screen_text(app)
        assert await list_outbox(app.inbox.store) == []


async def test_the_picker_starts_on_the_order_the_conversation_names(
    make_app: MakeApp,
) -> None:
    """On "Where is my order #1124?": #1124 first, Tab and shift+Tab both ways,
    and the order chosen stays chosen for the conversation."""
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        (row,) = [
            r for r in (await app.inbox.rows(screen.queue.ids)).values()
            if r.subject == "Where is my order #1124?"
        ]  # fmt: skip
        screen.queue.move_to(screen.queue.ids.index(row.id))
        await settle(pilot)
        await pilot.press("r", "ctrl+t", *"where")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, ReplyPicker)
        assert "Your order #1124 is on its way" in screen_text(app)
        assert "Order #1124" in screen_text(app)
        numbers = picker.context.order_numbers  # type: ignore[union-attr]
        assert len(numbers) > 1
        await pilot.press("tab")
        await settle(pilot)
        other = picker.order
        assert other != "#1124" and f"Your order {other} is on its way" in screen_text(
            app
        )
        await pilot.press("shift+tab")  # and back
        await settle(pilot)
        assert picker.order == "#1124"
        await pilot.press("shift+tab")  # the other way round
        await settle(pilot)
        here = list(numbers).index("#1124")
        assert other == numbers[(here + 1) % len(numbers)]
        chosen = picker.order
        assert chosen == numbers[(here - 1) % len(numbers)]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+t")  # the choice stays for this conversation
        await settle(pilot)
        assert isinstance(app.screen, ReplyPicker) and app.screen.order == chosen
        assert f"Order {chosen}" in screen_text(app)
