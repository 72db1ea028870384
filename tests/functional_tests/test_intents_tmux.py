"""Routine questions in the real program (tmux) at 160x48 and 80x24: the badge,
the suggested replies, a suggestion inserted, and the To tell view."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.functional_tests.test_console_tmux import start

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(not shutil.which("tmux"), reason="tmux is not installed"),
]


@pytest.mark.parametrize(("width", "height"), [(160, 48), (80, 24)])
def test_badge_suggestions_and_to_tell(
    demo_template: Path, tmp_path: Path, width: int, height: int
) -> None:
    tmux, _ = start(demo_template, tmp_path, size=(width, height))
    try:
        screen = tmux.wait_for("Needs answer")
        assert "[" in screen and "]" in screen  # the badges of the queue's rows
        if width < 100:
            tmux.keys("C")  # the customer, what the message asks, the suggestions
        tmux.wait_for("Asks (I corrects)", timeout=30)
        tmux.wait_for(" 1  ", timeout=30)  # the first suggestion's key
        if width < 100:
            tmux.keys("Escape")
            time.sleep(0.5)  # an Escape alone, not the start of alt+1
        tmux.keys("1")
        tmux.wait_for("ctrl+s")  # the composer, the reply inserted
        tmux.keys("Escape")
        time.sleep(0.5)  # an Escape alone, not the start of alt+T
        tmux.keys("T")
        screen = tmux.wait_for("To tell")
        assert "chosen" in screen and "✓" in screen
        tmux.keys("Escape")
        tmux.wait_for("Needs answer")
        tmux.keys("C-q")
        tmux.wait_dead()
    finally:
        tmux.close()
