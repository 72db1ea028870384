"""Timers in the console: a promise offered before sending, breaches announced once."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from textual.widgets import OptionList

from console.tui.modals import ChoiceModal
from storage.conversations import get_conversation
from storage.outbox import list_outbox
from tests.console_tests.conftest import NOW, MakeApp, inbox, screen_text, settle


async def test_a_promised_time_is_offered_and_kept_as_a_timer(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        conversation = inbox(pilot).open_id
        assert conversation is not None
        await pilot.press("r", *"Je vous recontacte demain avant 14 heures.", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        assert "A promise to follow up by Tue 24 Nov 14:00" in screen_text(app)
        await pilot.press("t")  # Track it as a promise, and send
        await settle(pilot)
        detail = await get_conversation(app.inbox.store, conversation)
        assert [e.kind for e in detail.events][-2:] == ["reply_out", "promise_made"]
        timers = await app.inbox.timers(conversation)
        (promise,) = [t for t in timers if t.metric == "promise" and t.pending]
        expected = app.inbox.writing.promises_in(
            "Je vous recontacte demain avant 14 heures."
        )[0]
        assert promise.due_at == expected.due
        assert expected.due.astimezone(app.inbox.settings.zone).hour == 14


async def test_going_back_from_the_promise_question_sends_nothing(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        conversation = inbox(pilot).open_id
        await pilot.press("r", *"I'll get back to you by Friday.", "ctrl+s")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert inbox(pilot).composer.is_open
        detail = await get_conversation(app.inbox.store, conversation)  # type: ignore[arg-type]
        assert detail.messages[-1].direction == "in"


async def test_a_breach_while_open_rings_and_toasts_once(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        now = int(NOW.timestamp())
        soon = [
            c
            for c, d in screen.queue.deadlines.items()
            if d.state_at(now) != "breached"
        ]
        due = min(screen.queue.deadlines[c].due for c in soon)
        later = NOW + timedelta(seconds=due - now + 1)
        app.inbox.settings = replace(app.inbox.settings, frozen_now=later)
        screen.queue.tick()
        screen.queue.tick()
        await settle(pilot)
        warnings = [
            n.message for n in app._notifications if "Past its target" in n.message
        ]
        assert len(warnings) == 1
        newly = [c for c in soon if screen.queue.deadlines[c].due == due]
        assert all(f"#{c}" in warnings[0] for c in newly)


async def test_nothing_is_chosen_for_the_person_in_the_promise_question(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        conversation = inbox(pilot).open_id
        assert conversation is not None
        await pilot.press("r", *"I'll update you by Friday.", "ctrl+s")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ChoiceModal)
        assert modal.query_one(OptionList).highlighted is None
        await pilot.press("enter")  # Enter alone picks nothing
        await settle(pilot)
        assert app.screen is modal
        assert await list_outbox(app.inbox.store) == []


async def test_shipping_news_is_sent_without_a_promise_question(
    make_app: MakeApp,
) -> None:
    """The shop's own canned "casse" reply, and a box that leaves tomorrow."""
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r", "ctrl+t", *"casse", "enter")
        await settle(pilot)
        await pilot.press(*" Le coffret part demain.", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ChoiceModal)
        (queued,) = await list_outbox(app.inbox.store)
        detail = await get_conversation(app.inbox.store, queued.conversation_id)
        assert "part aujourd'hui" in detail.messages[-1].text
        assert "promise_made" not in [e.kind for e in detail.events]
