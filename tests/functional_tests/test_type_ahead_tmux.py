"""Keys a terminal delivers in one burst right after `r` or `/` (tmux sends
them at once, as a fast typist or a paste does) are text in the field that
opens, never commands: `c` once closed a conversation, `s` opened Snooze."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import pytest

from console.tui.inbox_screen import FIRST_PAGE
from console.tui.queue_row import CURSOR_MARK
from console.tui.view_bar import DEFAULT_VIEW
from storage.connection import open_store
from storage.queue import queue_ids
from tests.functional_tests.test_console_tmux import start

pytestmark = pytest.mark.skipif(
    not shutil.which("tmux"), reason="tmux is not installed"
)


@pytest.mark.parametrize("opener", ["r", "/"])
def test_a_burst_after_an_opening_key_is_text(
    demo_template: Path, tmp_path: Path, opener: str
) -> None:
    tmux, _db = start(demo_template, tmp_path)
    try:
        tmux.wait_for("Needs answer (20)")
        tmux.keys(opener)
        tmux.keys("close the chat", literal=True)
        screen = tmux.wait_for("close the chat")
        assert "Needs answer (20)" in screen
        assert "Closed" not in screen and "Snooze until" not in screen
    finally:
        tmux.close()


def test_keys_typed_as_the_program_starts_act_once_the_queue_shows(
    demo_template: Path, tmp_path: Path
) -> None:
    """`j j Enter` typed at once after launching, before anything is drawn (the
    terminal may still be cooked then, and turn Enter into a newline): the
    third conversation of the first screen opens, full width at 80x24."""
    tmux, db = start(demo_template, tmp_path, size=(80, 24))
    try:
        tmux.keys("j", "j", "Enter")
        third = asyncio.run(first_screen_ids(db))[2]
        # At 80 columns only Enter shows a conversation (the queue gives way);
        # it opens at its newest message (again when read again), Home goes
        # up to its title.
        tmux.wait_for("▎ To: ")
        deadline = time.monotonic() + 15
        while f"#{third}" not in (screen := tmux.screen()):
            assert time.monotonic() < deadline, screen
            tmux.keys("Home")
            time.sleep(0.2)
        # Back in the queue (re-sorted by the deadlines meanwhile), the
        # cursor's row is in view, marked.
        tmux.keys("Escape")
        tmux.wait_for(f"{CURSOR_MARK}●")
    finally:
        tmux.close()


async def first_screen_ids(db: Path) -> list[int]:
    async with open_store(db) as store:
        return await queue_ids(store, DEFAULT_VIEW[1], FIRST_PAGE)
