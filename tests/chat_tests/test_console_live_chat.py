"""The console with a live website chat: a visitor's message arrives while it
is open; while the person types the reply the visitor's widget hears "the shop
is writing"; ctrl+s sends it through the outbox to the visitor's page."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from console.tui.app import ComptoirApp
from tests.chat_tests.live import TOKEN, LiveWidget
from tests.chat_tests.pipeline_support import TOKEN_ENV, Visitor
from tests.console_tests.conftest import inbox, settings_for, settle

pytestmark = pytest.mark.server


async def until(check: Any, pilot: Any, seconds: float = 15) -> None:
    async with asyncio.timeout(seconds):
        while not await check():
            await pilot.pause(0.1)


async def test_the_console_hears_a_visitor_shows_it_is_writing_and_answers(
    live_widget: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live: LiveWidget = live_widget()
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    chat = {"type": "chat", "url": live.url, "token_env": TOKEN_ENV}
    settings = replace(
        settings_for(tmp_path / "inbox.db"), channels={"chat": chat}, frozen_now=None
    )
    visitor = Visitor(live)
    app = ComptoirApp(settings)
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            await visitor.start("Léa Dubois", "lea.dubois@example.fr")
            await visitor.say("q1", "Bonjour, le Sencha est-il en stock ?")
            screen = inbox(pilot)

            async def arrived() -> bool:
                return bool(screen.queue.ids)

            await until(arrived, pilot)
            await settle(pilot)
            heard = asyncio.create_task(visitor.poll(after=1, wait=15))
            await pilot.press("r", *"Oui, 40 sachets.")
            assert (await heard).get("typing") is True  # "the shop is writing…"
            await pilot.press("ctrl+s")

            async def answered() -> bool:
                return await visitor.replies() == ["Oui, 40 sachets."]

            await until(answered, pilot)
    finally:
        await visitor.close()
