"""The console and the website chat: closing a chat conversation puts its
rating request in the outbox at once (a survey without delay), not at the next
survey round five minutes later."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from console.tui.app import ComptoirApp
from storage.connection import open_store
from storage.outbox import list_outbox
from storage.survey_settings import SurveySettings
from tests.console_tests.conftest import demo_db, inbox, settings_for, settle

__all__ = ["demo_db"]  # the fixture, for this module
ANSWERED_CHAT = 240  # an open chat conversation of the demo the shop answered


async def test_closing_a_chat_queues_its_rating_request_at_once(demo_db: Path) -> None:
    survey = SurveySettings(enabled=True, channels=("chat",), delays={"chat": 0})
    settings = replace(
        settings_for(demo_db), survey=survey,
        survey_senders={"chat": "bonjour@latheierebleue.fr"},
    )  # fmt: skip
    app = ComptoirApp(settings)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        await pilot.press("slash", "ctrl+u", *"channel:chat status:open", "enter")
        await settle(pilot)
        assert ANSWERED_CHAT in screen.queue.ids
        for _ in screen.queue.ids:
            if screen.open_id == ANSWERED_CHAT:
                break
            await pilot.press("j")
            await settle(pilot)
        assert screen.open_id == ANSWERED_CHAT
        async with open_store(demo_db) as store:
            before = await list_outbox(store)
        await pilot.press("c")
        await settle(pilot)
        await settle(pilot)
    async with open_store(demo_db) as store:
        after = await list_outbox(store)
    new = [e for e in after if e not in before]
    assert [(e.conversation_id, e.channel) for e in new] == [(ANSWERED_CHAT, "chat")]
    assert new[0].subject.endswith("how did we do?")
