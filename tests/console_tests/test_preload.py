"""Moving through the queue shows preloaded conversations at once, and never
leaves a stale copy on screen when the store changed behind the app's back."""

from __future__ import annotations

from storage.connection import open_store
from storage.outbox import Author, add_note
from tests.console_tests.conftest import MakeApp, inbox, screen_text, settle


async def test_j_shows_the_next_conversation_without_waiting_for_a_worker(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 36)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        following = screen.queue.ids[1]
        assert following in screen.preloaded.loaded  # loaded beside the first one
        await pilot.press("j")  # no settle: the key's own handling shows it
        assert screen.view.detail is not None
        assert screen.view.detail.summary.id == following
        subject = screen.view.detail.summary.subject
        await settle(pilot)
        assert subject in screen_text(app)


async def test_a_change_made_by_another_process_shows_when_moving_onto_it(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 36)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        following = screen.queue.ids[1]
        assert following in screen.preloaded.loaded
        async with open_store(app.inbox.settings.db_path) as store:
            await add_note(
                store, following, "Written by cron meanwhile", Author("Cron", "")
            )
        await pilot.press("j")
        await settle(pilot)
        assert "Written by cron meanwhile" in screen_text(app)


async def test_a_change_in_the_app_drops_what_was_preloaded(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 36)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        first = screen.queue.ids[0]
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        await pilot.press("n", *"note from the app", "ctrl+s")
        await settle(pilot)
        assert first in screen.preloaded.loaded  # loaded again after the change
        await pilot.press("j", "k")
        await settle(pilot)
        assert "note from the app" in screen_text(app)
