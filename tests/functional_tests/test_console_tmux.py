"""The real program in a real terminal (tmux): keys typed, the screen read back."""

from __future__ import annotations

import asyncio
import functools
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.connection import open_store
from storage.conversations import get_conversation
from storage.outbox import list_outbox
from storage.replies import get_reply
from tests.conftest import COMPTOIR

pytestmark = pytest.mark.skipif(
    not shutil.which("tmux"), reason="tmux is not installed"
)
run = functools.partial(subprocess.run, capture_output=True, text=True, check=True)


class Tmux:
    def __init__(self, command: str, width: int = 140, height: int = 40) -> None:
        self.base = ["tmux", "-L", f"comptoir-test-{uuid.uuid4().hex[:8]}"]
        size = ["-x", str(width), "-y", str(height)]
        run([*self.base, "-f", "/dev/null", "new-session", "-d", "-s", "s", *size,
             "-e", "TERM=xterm-256color", command])  # fmt: skip
        run([*self.base, "set-option", "-t", "s", "remain-on-exit", "on"])

    def keys(self, *keys: str, literal: bool = False) -> None:
        run([*self.base, "send-keys", "-t", "s", *(["-l"] if literal else []), *keys])

    def screen(self) -> str:
        return str(run([*self.base, "capture-pane", "-p", "-t", "s"]).stdout)

    def dead(self) -> bool:
        shown = run([*self.base, "display", "-p", "-t", "s", "#{pane_dead}"]).stdout
        return str(shown).strip() == "1"

    def wait_for(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in (screen := self.screen()):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen:\n{self.screen()}")

    def wait_gone(self, text: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while text in self.screen():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} stayed; the screen:\n{self.screen()}")
            time.sleep(0.1)

    def wait_dead(self, timeout: float = 30) -> str:
        """The program has exited (the pane stays, remain-on-exit): its last screen."""
        deadline = time.monotonic() + timeout
        while not self.dead():
            if time.monotonic() > deadline:
                raise AssertionError(f"still running; the screen:\n{self.screen()}")
            time.sleep(0.05)
        return self.screen()

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True, check=False)


def start(
    demo_template: Path,
    tmp_path: Path,
    editor: str = "true",
    size: tuple[int, int] = (140, 40),
) -> tuple[Tmux, Path]:
    """The demo's copy opened in tmux at `size`, said in the environment too:
    under pytest the program may start before tmux has sized its window
    (Textual reads COLUMNS and LINES)."""
    db = tmp_path / "inbox.db"
    shutil.copy(demo_template, db)
    config = tmp_path / "config.toml"
    config.write_text(
        '[shop]\nname = "La Théière Bleue"\naddresses = ["bonjour@latheierebleue.fr"]\n'
        'timezone = "Europe/Paris"\nagent = "Camille"\n',
        encoding="utf-8",
    )
    width, height = size
    env = f"COMPTOIR_DB={db} COMPTOIR_CONFIG={config} EDITOR='{editor}'"
    env += f" COLUMNS={width} LINES={height}"
    return Tmux(f"env {env} {COMPTOIR}", width, height), db


@pytest.fixture
def terminal(demo_template: Path, tmp_path: Path) -> Iterator[tuple[Tmux, Path]]:
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nprintf 'Written in the editor.\\n' > \"$1\"\n")
    editor.chmod(0o755)
    tmux, db = start(demo_template, tmp_path, str(editor))
    try:
        yield tmux, db
    finally:
        tmux.close()


@pytest.fixture
def with_vi(demo_template: Path, tmp_path: Path) -> Iterator[tuple[Tmux, Path]]:
    if not shutil.which("vim"):
        pytest.skip("vim is not installed")
    tmux, db = start(demo_template, tmp_path, "vim -u NONE -N -n")
    try:
        yield tmux, db
    finally:
        tmux.close()


def send(tmux: Tmux) -> None:
    """ctrl+s, then wait for the reply to be queued. The check before sending
    may list words the conversation's dictionary does not know (French typed
    into an English conversation): it is sent anyway, as a person would."""
    tmux.wait_gone("Reply queued in the outbox")  # the toast of an earlier one
    tmux.keys("C-s")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        screen = tmux.screen()
        if "Reply queued in the outbox" in screen:
            return
        if "Before it goes" in screen and "Send anyway" in screen:
            tmux.keys("s")
        time.sleep(0.1)
    raise AssertionError(f"the reply was never queued; the screen:\n{tmux.screen()}")


def queued_bodies(db: Path) -> list[str]:
    """What went to the outbox (the demo has no channel: they fail there)."""

    async def read() -> list[str]:
        async with open_store(db) as store:
            bodies = []
            for entry in await list_outbox(store):
                detail = await get_conversation(store, entry.conversation_id)
                bodies += [m.text for m in detail.messages if m.id == entry.message_id]
            return bodies

    return asyncio.run(read())


def test_a_reply_typed_in_the_composer_lands_in_the_outbox(
    terminal: tuple[Tmux, Path],
) -> None:
    tmux, db = terminal
    tmux.wait_for("Needs answer")
    tmux.keys("r")
    tmux.wait_for("ctrl+s sends")
    tmux.keys("Bonjour, je regarde tout de suite.", literal=True)
    send(tmux)
    tmux.keys("e")  # $EDITOR, for the next conversation
    tmux.wait_for("Written in the editor.")
    send(tmux)
    tmux.keys("q")
    tmux.wait_dead()
    assert queued_bodies(db) == [
        "Bonjour, je regarde tout de suite.",
        "Written in the editor.\n",
    ]


def test_a_canned_reply_is_written_in_the_editor_from_the_picker(
    terminal: tuple[Tmux, Path],
) -> None:
    tmux, db = terminal
    tmux.wait_for("Needs answer")
    tmux.keys("i")
    tmux.wait_for("Type to find a canned reply")
    tmux.keys("C-n")
    tmux.wait_for("Name of the new canned reply")
    tmux.keys("merci-tmux", literal=True)
    tmux.keys("Enter")
    tmux.wait_for("Canned reply 'merci-tmux' saved.")
    tmux.keys("merci-tmux", literal=True)  # the picker finds it, with its text
    tmux.wait_for("Written in the editor.")

    async def stored() -> str:
        async with open_store(db) as store:
            return (await get_reply(store, "merci-tmux")).body

    assert asyncio.run(stored()) == "Written in the editor.\n"


def test_quitting_vi_without_saving_keeps_the_draft(
    with_vi: tuple[Tmux, Path],
) -> None:
    tmux, db = with_vi
    tmux.wait_for("Needs answer")
    tmux.keys("r")
    tmux.wait_for("ctrl+s sends")
    tmux.keys("Je regarde tout de suite.", literal=True)
    tmux.keys("Escape")
    tmux.wait_gone("ctrl+s sends")  # the composer is put away
    time.sleep(0.3)  # an Escape and a key too close together make alt+key
    tmux.keys("e")
    shown = tmux.wait_for("the message below is not sent")
    assert "Je regarde tout de suite." in shown and "wrote:" in shown
    tmux.keys(":q!", literal=True)
    tmux.keys("Enter")
    tmux.wait_for("unchanged")  # said in a toast
    tmux.wait_for("Je regarde tout de suite.")
    send(tmux)
    assert queued_bodies(db) == ["Je regarde tout de suite."]
