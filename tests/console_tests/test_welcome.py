"""A first run: an empty inbox says what to do, and makes way for the first mail."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from console.tui.app import ComptoirApp
from console.tui.help_screen import HelpScreen
from console.tui.inbox_data import Settings
from console.tui.welcome import Welcome
from plugins.api import Address, InboundMessage
from storage.connection import open_store
from storage.ingest import IngestItem, ingest_messages
from tests.console_tests.conftest import NOW, MakeApp, screen_text, settle
from tests.console_tests.test_snapshots import Compare, after


def first_run(
    db: Path, channels: dict[str, dict[str, str]] | None = None
) -> ComptoirApp:
    """The console as `comptoir` opens it with no config: every default."""
    return ComptoirApp(
        Settings(db, timezone="Europe/Paris", frozen_now=NOW, channels=channels or {})
    )


def words(app: ComptoirApp) -> str:
    return " ".join(screen_text(app).split())


async def first_mail(db: Path) -> None:
    """Mail arriving from elsewhere (an import or a fetch in another terminal)."""
    ask = InboundMessage(
        external_id="first-1",
        raw=b"Subject: Where is my order #1124?\r\n\r\nHello.\r\n",
        sender=Address("Ann Martin", "ann@example.com"),
        subject="Where is my order #1124?",
        text="Hello, where is my order?",
        sent_at=NOW - timedelta(hours=1),
        message_id="first-1@example.com",
    )
    async with open_store(db) as store:
        await ingest_messages(store, "email", [IngestItem(ask, 0)], frozenset())


async def wait_until(pilot: Pilot[None], text: str, present: bool = True) -> None:
    for _ in range(100):
        await pilot.pause(0.05)
        if (text in words(pilot.app)) == present:  # type: ignore[arg-type]
            return
    raise AssertionError(f"{text!r} {'never came' if present else 'stayed'}")


async def test_an_empty_inbox_says_what_to_do_then_makes_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Welcome, "CHECK_EVERY", 0.1)
    db = tmp_path / "first.db"
    app = first_run(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = words(app)
        assert "Welcome to comptoir" in shown
        for step in ("comptoir demo", "comptoir setup", "comptoir import maildir"):
            assert step in shown
        assert "? every key" in shown
        await pilot.press("question_mark")  # the welcome sends there: it works
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await first_mail(db)
        await wait_until(pilot, "Welcome to comptoir", present=False)
        await wait_until(pilot, "Where is my order #1124?")
        await wait_until(pilot, "Needs answer (1)")


async def test_a_connected_mailbox_is_named_while_it_is_empty(tmp_path: Path) -> None:
    app = first_run(tmp_path / "first.db", {"support": {"type": "x"}})
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        shown = words(app)
        assert "Connected: support. Its mail shows here as it arrives." in shown
        assert "comptoir fetch" in shown and "comptoir demo" not in shown


async def test_an_inbox_with_mail_never_shows_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert "Welcome to comptoir" not in words(app)
        assert not app.screen.query_one(Welcome).display


@pytest.mark.parametrize("size", [(80, 24), (140, 40)])
def test_the_welcome_snapshot(
    snap_compare: Compare, tmp_path: Path, size: tuple[int, int]
) -> None:
    assert snap_compare(
        first_run(tmp_path / "s.db"), terminal_size=size, run_before=after()
    )
