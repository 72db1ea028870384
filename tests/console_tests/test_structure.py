"""The console's shape: one screen over widgets that own their state, each key
handled by the widget its row names; one user action, one transaction; reading
never writes, and the automations run on their own timers."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.screen import Screen

from console.tui.actions import ACTIONS
from console.tui.app import ComptoirApp
from console.tui.composer import Composer
from console.tui.conversation_pane import ConversationPane
from console.tui.conversation_view import ConversationView
from console.tui.inbox_data import Inbox
from console.tui.inbox_screen import InboxScreen
from console.tui.queue_list import QueueList
from console.tui.view_bar import ViewBar
from storage.actions import Actor, set_status
from storage.connection import open_store
from storage.conversations import get_conversation
from storage.outbox import list_outbox
from storage.survey_settings import SurveySettings
from tests.console_tests.conftest import NOW, MakeApp, inbox, settings_for, settle

HANDLERS: dict[str, type[Any]] = {
    "queue": QueueList,
    "pane": ConversationPane,
    "composer": Composer,
    "view": ConversationView,
    "bar": ViewBar,
    "screen": InboxScreen,
    "app": ComptoirApp,
}
TUI = Path(__file__).resolve().parents[2] / "console" / "tui"


def test_one_screen_no_mixins() -> None:
    assert InboxScreen.__bases__ == (Screen,)
    parts = sorted(p.name for p in TUI.glob("inbox_*.py"))
    assert parts == ["inbox_data.py", "inbox_screen.py"]


def test_each_action_is_handled_by_the_widget_its_row_names() -> None:
    for action in ACTIONS:
        widget = HANDLERS[action.handler]
        assert hasattr(widget, f"action_{action.action}"), action


async def test_the_widgets_say_what_happened_in_messages(make_app: MakeApp) -> None:
    heard: list[Message] = []
    app = make_app()
    async with app.run_test(size=(140, 40), message_hook=heard.append) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        second = screen.queue.ids[1]
        await pilot.press("j")
        await settle(pilot)
        selected = [m for m in heard if isinstance(m, QueueList.Selected)]
        assert selected[-1].conversation_id == second
        await pilot.press("n", *"vu", "ctrl+s")
        await settle(pilot)
        # (heard once at each widget it bubbles through: the same message)
        (submitted,) = {m for m in heard if isinstance(m, Composer.Submitted)}
        assert (submitted.submission.mode, submitted.submission.text) == ("note", "vu")
        assert submitted.submission.conversation_id == second


async def test_reading_the_queue_writes_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        before = app.inbox.store.conn.total_changes
        await pilot.press("j", "j", "G", "g", "z", "w")
        await settle(pilot)
        await pilot.press("v", "end", "enter")
        await settle(pilot)
        await pilot.press("slash", "ctrl+u", *"status:snoozed", "enter")
        await settle(pilot)
        assert app.inbox.store.conn.total_changes == before


async def test_snoozes_end_on_their_own_timer_not_in_a_reading(
    make_app: MakeApp, demo_db: Path
) -> None:
    async with open_store(demo_db) as store:
        rows = await store.conn.execute_fetchall(
            "SELECT id FROM conversations WHERE status = 'open' LIMIT 1"
        )
        conversation = int(next(iter(rows))[0])
        past = int((NOW - timedelta(hours=1)).timestamp())
        await set_status(
            store, conversation, "snoozed", Actor("agent", "Camille"),
            snoozed_until=past, at=past - 3600,
        )  # fmt: skip
    reader = Inbox(settings_for(demo_db))
    await reader.open()
    try:
        await reader.ids("status:open")
        await reader.ids("status:snoozed", 10)
        still = await get_conversation(reader.store, conversation)
        assert still.summary.status == "snoozed"  # a reading woke nothing
    finally:
        await reader.close()
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)  # the app's timer runs once at start, then every 30 s
        woken = await get_conversation(app.inbox.store, conversation)
        assert woken.summary.status == "open"
        assert woken.events[-1].actor_type == "automation"


async def test_sending_the_outbox_queues_no_survey(demo_db: Path) -> None:
    settings = replace(
        settings_for(demo_db),
        survey=SurveySettings(enabled=True, delay=3600),
        survey_senders={"email": "bonjour@latheierebleue.fr"},
    )
    inbox_ = Inbox(settings)
    await inbox_.open()
    try:
        assert await inbox_.send_queued() == (0, 0)
        assert await list_outbox(inbox_.store) == []
        queued = await inbox_.queue_surveys()
        assert queued > 0 and len(await list_outbox(inbox_.store)) == queued
    finally:
        await inbox_.close()
