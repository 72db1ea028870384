"""The console under Pilot: the demo inbox at a frozen instant, copied per test."""

from __future__ import annotations

import asyncio
import html
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from console.demo import data
from console.reply_settings import ReplySettings
from console.tui.app import ComptoirApp
from console.tui.inbox_data import Settings
from console.tui.inbox_screen import InboxScreen
from storage.ingest import IngestItem, ingest_messages
from tests.conftest import DEMO_NOW as NOW

MakeApp = Callable[..., ComptoirApp]


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "inbox.db"
    shutil.copy(demo_template, copy)
    return copy


def settings_for(db: Path, replies: ReplySettings | None = None) -> Settings:
    """The demo shop's; spelling off unless asked for (what it finds depends
    on the dictionaries installed, and typed test text is no prose)."""
    return Settings(
        db_path=db,
        shop_name=data.SHOP_NAME,
        shop_address=data.SHOP_ADDRESS,
        agent=data.AGENT,
        timezone="Europe/Paris",
        frozen_now=NOW,
        replies=replies or ReplySettings(spelling=False),
    )


@pytest.fixture
def make_app(demo_db: Path) -> MakeApp:
    def make(db: Path | None = None) -> ComptoirApp:
        return lasting_notices(ComptoirApp(settings_for(db or demo_db)))

    return make


def lasting_notices(app: ComptoirApp) -> ComptoirApp:
    """Toasts stay for the test to read: on a loaded machine a step can take
    longer than a toast's few seconds, and a test read an empty list."""
    notify = app.notify

    def lasting(message: str, **options: Any) -> None:
        notify(message, **{**options, "timeout": 600})

    app.notify = lasting  # type: ignore[method-assign]
    return app


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker is done and the screen has caught up."""
    for _ in range(50):
        await pilot.pause()
        if all(worker.is_finished for worker in pilot.app.workers):
            await pilot.pause()
            return
        await asyncio.sleep(0.02)


async def intents_read(pilot: Pilot[None]) -> None:
    """Started, and the intents read as the app's timer reads them a moment
    after start (the tests do not wait for it)."""
    await settle(pilot)
    await inbox(pilot).automations.catch_up()
    await settle(pilot)


def inbox(pilot: Pilot[None]) -> InboxScreen:
    """The inbox screen, under any modal open on it."""
    (screen,) = [s for s in pilot.app.screen_stack if isinstance(s, InboxScreen)]
    return screen


_TEXT = re.compile(r'<text[^>]*?x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', re.S)


def screen_text(app: ComptoirApp) -> str:
    """What a person sees on the screen now, as plain lines (from the SVG export)."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, content in _TEXT.findall(app.export_screenshot()):
        text = html.unescape(re.sub(r"<[^>]+>", "", content)).replace("\xa0", " ")
        rows.setdefault(float(y), []).append((float(x), text))
    return "\n".join(
        "".join(t for _, t in sorted(parts)) for _, parts in sorted(rows.items())
    )


async def open_newest(
    pilot: Pilot[None], channel: str, *items: IngestItem
) -> InboxScreen:
    """Store these messages and open the newest conversation (the queue shows
    the longest waiting first, so it is last)."""
    app = pilot.app
    assert isinstance(app, ComptoirApp)
    await ingest_messages(app.inbox.store, channel, list(items))
    screen = inbox(pilot)
    screen.load_queue()
    await settle(pilot)
    await pilot.press("G")
    await settle(pilot)
    return screen
