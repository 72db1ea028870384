"""A `*_command` that hangs is stopped whole at its timeout: the shell and
everything it started, so nothing is left running and nothing holds our pipes."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from plugins.command import run_command


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
def test_a_hung_command_is_killed_with_its_children(child: str, tmp_path: Path) -> None:
    pidfile = tmp_path / "child.pid"
    started = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        run_command(f"{child} & echo $! > {pidfile}; wait", timeout=1)
    assert time.monotonic() - started < 10
    pid = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid)


def test_a_command_that_finishes_gives_its_output_and_status() -> None:
    done = run_command("echo pw; echo oops >&2; exit 3", timeout=10)
    assert (done.returncode, done.stdout, done.stderr) == (3, "pw\n", "oops\n")
