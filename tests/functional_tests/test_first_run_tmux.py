"""`comptoir` on a new machine, in a real terminal: no config, an empty inbox."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import COMPTOIR
from tests.functional_tests.test_console_tmux import Tmux

pytestmark = pytest.mark.skipif(
    not shutil.which("tmux"), reason="tmux is not installed"
)

MAIL = (
    b"From: Ann Martin <ann@example.com>\r\nTo: bonjour@theiere.example\r\n"
    b"Subject: Where is my order #1124?\r\nMessage-ID: <first@example.com>\r\n"
    b"Date: Mon, 04 May 2026 09:00:00 +0200\r\n\r\nHello, where is it?\r\n"
)


def test_the_first_run_welcomes_then_shows_the_first_mail(tmp_path: Path) -> None:
    env = {"COMPTOIR_DB": str(tmp_path / "inbox.db")}
    env["COMPTOIR_CONFIG"] = str(tmp_path / "nothing-here.toml")  # no config
    assignments = " ".join(f"{k}={v}" for k, v in env.items())
    tmux = Tmux(f"env {assignments} {COMPTOIR}", width=80, height=24)
    try:
        tmux.wait_for("Welcome to comptoir")
        # The last line of the welcome: a capture taken mid-frame can hold only
        # the top of the box (seen on a loaded CI machine).
        shown = tmux.wait_for("? every key")
        assert "Welcome to comptoir" in shown
        assert "comptoir demo" in shown and "comptoir setup" in shown
        assert "comptoir import maildir DIR" in shown
        (tmp_path / "first.eml").write_bytes(MAIL)
        subprocess.run(  # from another terminal, as the welcome says
            [str(COMPTOIR), "import", "eml", str(tmp_path / "first.eml")],
            env={**env, "PATH": "/usr/bin:/bin"},
            check=True,
            capture_output=True,
        )
        tmux.wait_for("Where is my order #1124?")
        shown = tmux.wait_for("Needs answer (1)")
        assert "Welcome to comptoir" not in shown
    finally:
        tmux.close()
