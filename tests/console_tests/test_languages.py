"""The conversation's language in the console: a badge in the queue and the
conversation, set by hand with `L` and remembered for the customer."""

from __future__ import annotations

from pathlib import Path

from console.tui.modals import ChoiceModal
from storage.connection import open_store
from storage.conversations import get_conversation
from tests.console_tests.conftest import MakeApp, inbox, screen_text, settle


async def test_badges_show_each_conversations_language(
    make_app: MakeApp, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        conversation = screen.view.detail
        assert conversation is not None and conversation.summary.language
        code = conversation.summary.language.upper()
        text = screen_text(app)
        header = next(line for line in text.splitlines() if f"· {code}" in line)
        assert conversation.summary.priority in header
        rows = await app.inbox.rows(screen.queue.ids[:1])
        assert f"{code} {rows[screen.queue.ids[0]].channel}" in text


async def test_l_sets_it_and_the_customer_keeps_it(
    make_app: MakeApp, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        cid = screen.open_id
        assert cid is not None
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        assert "Language of #" in screen_text(app) and "Detect it from" in screen_text(
            app
        )
        await pilot.press("i")  # Italian (it), by its first letter
        await settle(pilot)
        assert not isinstance(app.screen, ChoiceModal)
        assert "Italian (set by hand)" in " ".join(
            n.message for n in app._notifications
        )
        assert screen.view.detail is not None
        assert screen.view.detail.summary.language == "it"
        assert "· IT" in screen_text(app)
    async with open_store(demo_db) as store:
        detail = await get_conversation(store, cid)
        rows = await store.conn.execute_fetchall(
            "SELECT language FROM customers WHERE id = ?", (detail.summary.customer_id,)
        )
    assert (detail.summary.language, detail.summary.language_source) == ("it", "agent")
    assert next(iter(rows))[0] == "it"
