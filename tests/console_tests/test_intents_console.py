"""Routine questions in the console: the intent badge, `I` to correct it, the
three suggested replies (`1` `2` `3`), `w` saying why, and `T`, To tell."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import OptionList

from console.tui.modals import ChoiceModal
from console.tui.outreach_screen import ToTellScreen
from tests.console_tests.conftest import (
    MakeApp,
    inbox,
    intents_read,
    screen_text,
    settle,
)


def rows(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def read_intent(db: Path, conversation: int) -> str:
    (found,) = rows(
        db,
        "SELECT i.intent FROM message_intents i JOIN messages m ON m.id = i.message_id "
        "WHERE m.conversation_id = ? ORDER BY m.sent_at DESC, m.id DESC LIMIT 1",
        conversation,
    )
    return str(found[0])


async def test_the_badge_shows_what_the_customer_asks_and_i_corrects_it(
    make_app: MakeApp, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await intents_read(pilot)
        screen = inbox(pilot)
        cid = screen.open_id
        assert cid is not None
        intent = read_intent(demo_db, cid)
        text = screen_text(app)
        # The badge: the queue's row, the conversation's header, the pane.
        assert text.count(f"[{intent}]") >= 3
        assert "Asks (I corrects)" in text and "suggested (1 2 3)" in text
        other = "cancel" if intent != "cancel" else "return"
        await pilot.press("I")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        choices = [value for value, _ in app.screen.choices]
        listed = app.screen.query_one(OptionList)
        assert listed.highlighted == choices.index(intent)  # Enter would keep it
        await pilot.press("home", *["down"] * choices.index(other))
        await pilot.press("enter")
        await settle(pilot)
        assert read_intent(demo_db, cid) == other
        text = screen_text(app)
        assert f"[{other}] set by a person" in text
        assert text.count(f"[{other}]") >= 3
        assert rows(demo_db, "SELECT intent, previous FROM intent_corrections") == [
            (other, intent)
        ]


async def test_suggestions_insert_rendered_for_the_order_and_are_remembered(
    make_app: MakeApp, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await intents_read(pilot)
        screen = inbox(pilot)
        assert app.inbox.routine.ready  # the timer read the model at start
        cid = screen.open_id
        assert cid is not None
        found = await app.inbox.writing.suggestion(cid, 0)
        assert found is not None
        reply, context = found
        name = reply.name
        text = screen_text(app)
        assert "suggested (1 2 3)" in text and f"1  {name}" in text
        ((number,),) = rows(
            demo_db,
            "SELECT order_number FROM message_intents i JOIN messages m ON m.id = "
            "i.message_id WHERE m.conversation_id = ? ORDER BY m.sent_at DESC LIMIT 1",
            cid,
        )
        assert context.order is not None and context.order["number"] == number
        await pilot.press("1")
        await settle(pilot)
        assert screen.composer.is_open
        assert str(number) in screen.composer.area.text
        assert rows(demo_db, "SELECT reply FROM reply_picks") == [(name,)]


async def test_w_says_what_each_message_asks_and_what_the_automation_did(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await intents_read(pilot)
        await pilot.press("w")
        await settle(pilot)
        text = screen_text(app)
        assert "why here:" in text and "asks: " in text


async def test_to_tell_groups_late_orders_leaves_one_out_and_sends_the_rest(
    make_app: MakeApp, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await intents_read(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, ToTellScreen)
        tell = app.screen
        assert tell.drafts, "the demo has late orders"
        text = "".join(screen_text(app).split())
        assert "Totell" in text and "chosen" in text
        first = tell.drafts[0]
        await pilot.press("space")  # the first draft is left out
        await settle(pilot)
        goes = [d for d in tell.chosen]
        assert first not in goes
        await pilot.press("ctrl+s")
        await settle(pilot)
        queued = rows(
            demo_db,
            "SELECT count(*) FROM outbox o JOIN messages m ON m.id = o.message_id "
            "WHERE m.thread_reason = 'outreach'",
        )
        assert queued == [(len(goes),)]
        sent = rows(demo_db, "SELECT count(*) FROM outreach WHERE state = 'sent'")
        assert sent == [(len(goes),)]
        assert [d.late.order_id for d in tell.drafts] == [first.late.order_id]


async def test_digits_typed_in_the_composer_stay_text(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await intents_read(pilot)
        screen = inbox(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press(*"order 1231")
        await settle(pilot)
        assert screen.composer.area.text.endswith("order 1231")
