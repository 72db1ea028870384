"""A password_command that hangs is stopped whole at its timeout: the shell and
everything it started, so nothing is left running and nothing holds our pipes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from plugins.email import passwords
from plugins.email.passwords import PasswordError, imap_password
from plugins.email.settings import EmailSettings


def alive(pid: int) -> bool:
    """Running or stopped; a zombie waiting for init to reap it is dead."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


@pytest.mark.parametrize(
    "child",
    [
        "sleep 300",  # holds the command's stdout: the old timeout then hung
        "sleep 300 >/dev/null 2>&1",  # holds nothing: it used to be left running
    ],
)
def test_a_hung_command_is_killed_with_its_children(
    child: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passwords, "COMMAND_TIMEOUT", 1)
    pidfile = tmp_path / "child.pid"
    command = f"{child} & echo $! > {pidfile}; wait"
    settings = EmailSettings.from_options(
        "support",
        {"imap_host": "imap.example", "username": "me", "password_command": command},
    )
    started = time.monotonic()
    with pytest.raises(PasswordError) as refused:
        imap_password(settings, None)
    assert time.monotonic() - started < 10
    assert refused.value.message == (
        "password_command did not finish in 1 s and was stopped: is it waiting "
        "for input?"
    )
    pid = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid)
