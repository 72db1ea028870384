"""The help screen and the command palette list every action; narrow terminals work."""

from __future__ import annotations

from pathlib import Path

from console.tui.actions import ACTIONS
from console.tui.help_screen import HelpScreen
from console.tui.modals import NoticeModal
from tests.console_tests.conftest import MakeApp, inbox, screen_text, settle


async def test_help_lists_every_action(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(screen_text(app).split())
        for action in ACTIONS:
            assert " ".join(action.help.split()) in text, action.help
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_palette_offers_every_action_of_the_inbox(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for action in ACTIONS:
            if action.action != "focus_next":
                assert any(title.startswith(action.title + " (") for title in titles), (
                    action
                )


async def test_at_80_by_24_the_queue_then_the_conversation_fill_the_screen(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        assert screen.queue.display and screen.queue.size.width >= 78
        assert not screen.query_one("#context").display
        await pilot.press("enter")
        await settle(pilot)
        assert not screen.queue.display and screen.view.size.width >= 78
        await pilot.press("escape")
        await settle(pilot)
        assert screen.queue.display


async def test_an_inbox_that_cannot_be_opened_is_a_modal_not_a_traceback(
    make_app: MakeApp,
) -> None:
    app = make_app(Path("/proc/comptoir-cannot-write-here/inbox.db"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, NoticeModal)
        assert "cannot be opened" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
    assert app.return_code == 1


async def test_at_80_by_24_c_shows_the_customer_orders_and_deadlines(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        context = screen.query_one("#context")
        assert not context.display and "C Customer" in screen_text(app)  # footer
        await pilot.press("C")
        await settle(pilot)
        assert context.display and context.size.width >= 78
        assert not screen.queue.display
        text = screen_text(app)
        assert "Customer" in text and "Orders (" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not context.display and screen.queue.display


async def test_at_140_c_hides_and_shows_the_context_pane(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        context = inbox(pilot).query_one("#context")
        assert context.display
        await pilot.press("C")
        await settle(pilot)
        assert not context.display
        await pilot.press("C")
        await settle(pilot)
        assert context.display
