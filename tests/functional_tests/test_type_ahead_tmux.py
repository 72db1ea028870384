"""Keys a terminal delivers in one burst right after `r` or `/` (tmux sends
them at once, as a fast typist or a paste does) are text in the field that
opens, never commands: `c` once closed a conversation, `s` opened Snooze."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
