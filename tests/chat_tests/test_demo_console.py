"""`comptoir demo` as a person runs it, in a real terminal: the console says
where the shop's page with its live chat is, and that page answers; the demo's
visitor writes, the person finds the chat and answers it, the visitor thanks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.conftest import COMPTOIR
from tests.functional_tests.test_console_tmux import Tmux

pytestmark = pytest.mark.skipif(
    not shutil.which("tmux"), reason="tmux is not installed"
)


class Terminal(Tmux):
    def paste(self, text: str) -> None:
        """As a terminal pastes (bracketed): text for the focused field only."""
        subprocess.run([*self.base, "set-buffer", "-b", "reply", text], check=True)
        subprocess.run(
            [*self.base, "paste-buffer", "-p", "-d", "-b", "reply", "-t", "s"],
            check=True,
        )


def _demo_home(tmp_path: Path, demo_template: Path) -> Path:
    """A home whose demo is built already (the test's copy of its inbox, and
    its config), so `comptoir demo` opens it at once, without typer."""
    home = tmp_path / "home"
    data = home / ".local" / "share" / "comptoir"
    data.mkdir(parents=True)
    shutil.copy(demo_template, data / "demo.db")
    env = {**os.environ, "HOME": str(home)}
    env.pop("COMPTOIR_DEMO_DB", None)
    subprocess.run([str(COMPTOIR), "demo", "--no-open"], env=env, check=True)
    return home


def type_into_box(term: Tmux, text: str) -> None:
    """Keys sent in the instant a modal is drawn, before its box has the focus,
    reach nothing: typed again until the box shows them."""
    for _ in range(20):
        term.keys("C-u")
        term.keys(text, literal=True)
        try:
            term.wait_for(text, timeout=1)
            return
        except AssertionError:
            continue
    raise AssertionError(f"{text!r} never reached the box:\n{term.screen()}")


def write_reply(term: Terminal, text: str) -> None:
    """`r`, then the text pasted as a terminal pastes it: a paste reaches only
    the focused field, so if something took the focus back from the composer
    (the conversation still loading), no letter of it runs a command."""
    for _ in range(10):
        term.keys("r")
        term.wait_for("ctrl+s sends")
        term.paste(text)
        try:
            term.wait_for(text, timeout=2)
            return
        except AssertionError:
            continue
    raise AssertionError(f"the reply never reached the composer:\n{term.screen()}")


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
def test_the_demo_says_where_to_chat_as_a_visitor(
    tmp_path: Path, demo_template: Path, size: tuple[int, int]
) -> None:
    home = _demo_home(tmp_path, demo_template)
    term = Terminal(f"env HOME={home} COMPTOIR_DB= {COMPTOIR} demo", *size)
    try:
        screen = term.wait_for("to chat as a visitor", timeout=30)
        flat = re.sub(r"\s+", " ", screen)
        url = re.search(r"(http://127\.0\.0\.1:\d+)/", flat)
        assert url, screen
        page = httpx.get(url.group(1) + "/", timeout=10)
        assert page.status_code == 200 and "/chat/static/widget.js" in page.text
        term.wait_for("new message (chat)", timeout=30)  # the visitor wrote
        term.keys("/")
        term.wait_for("status:open is:unanswered")  # the search box, filled in
        type_into_box(term, "channel:chat is:unanswered toujours")
        term.keys("Enter")
        term.wait_for("Search (1)")
        term.keys("Enter")
        term.wait_for("n'est toujours pas arrivé")
        assert "widget:" not in term.screen()  # a visitor is shown by name
        write_reply(term, "Bonjour, il part demain.")
        term.keys("C-s")
        term.wait_for("Merci beaucoup", timeout=30)  # read on the page, answered
        term.keys("C-q")
        term.wait_dead()  # the chat's server stops with the console
    finally:
        term.close()
