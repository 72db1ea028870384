"""`comptoir demo` as a person runs it, in a real terminal: the console says
where the shop's page with its live chat is, and that page answers."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import COMPTOIR
from tests.functional_tests.test_console_tmux import Tmux

pytestmark = pytest.mark.skipif(
    not shutil.which("tmux"), reason="tmux is not installed"
)


def _demo_home(tmp_path: Path, demo_template: Path) -> Path:
    """A home whose demo inbox is built already (the test's copy of it)."""
    home = tmp_path / "home"
    data = home / ".local" / "share" / "comptoir"
    data.mkdir(parents=True)
    shutil.copy(demo_template, data / "demo.db")
    return home


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
def test_the_demo_says_where_to_chat_as_a_visitor(
    tmp_path: Path, demo_template: Path, size: tuple[int, int]
) -> None:
    home = _demo_home(tmp_path, demo_template)
    term = Tmux(f"env HOME={home} COMPTOIR_DB= {COMPTOIR} demo", *size)
    try:
        screen = term.wait_for("to chat as a visitor", timeout=30)
        flat = re.sub(r"\s+", " ", screen)
        url = re.search(r"(http://127\.0\.0\.1:\d+)/", flat)
        assert url, screen
        page = httpx.get(url.group(1) + "/", timeout=10)
        assert page.status_code == 200 and "/chat/static/widget.js" in page.text
        term.keys("C-q")
        deadline = time.monotonic() + 10
        while not term.dead():  # the chat's server stops with the console
            assert time.monotonic() < deadline, term.screen()
            time.sleep(0.1)
    finally:
        term.close()
