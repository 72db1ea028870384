"""A progress display on a terminal, and none when piped or quiet."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

from tests.conftest import COMPTOIR


def _stderr_on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [str(COMPTOIR), *args], stdout=subprocess.DEVNULL, stderr=follower, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the program
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_shows_on_a_terminal_only(
    corpus: Path, cli_env: dict[str, str], tmp_path: Path
) -> None:
    lkml = str(corpus / "email/notmuch/corpora/lkml")
    env = {**cli_env, "COLUMNS": "100", "TERM": "xterm-256color"}
    shown = _stderr_on_a_terminal(["import", "maildir", lkml], env)
    assert "importing maildir" in shown
    assert "111 new, 21 already present" in shown

    quiet_env = {**env, "COMPTOIR_DB": str(tmp_path / "quiet.db")}
    assert (
        _stderr_on_a_terminal(["import", "maildir", "--quiet", lkml], quiet_env) == ""
    )

    piped = subprocess.run(
        [str(COMPTOIR), "import", "maildir", lkml],
        capture_output=True,
        text=True,
        env={**env, "COMPTOIR_DB": str(tmp_path / "p.db")},
        check=True,
    )
    assert "importing" not in piped.stderr
    assert "111 new, 21 already present" in piped.stderr
