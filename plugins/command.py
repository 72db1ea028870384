"""Running a command from the config (a `*_command` setting), never left behind.

The command runs in a process group of its own, so that at its timeout it is
killed whole (the shell and whatever it started), and nothing it started keeps
running or holds our pipes open. An interrupt kills it the same way: in its own
group, a terminal's Ctrl-C no longer reaches it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess


def run_command(command: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run `command` with the shell; raises subprocess.TimeoutExpired once the
    whole group is killed."""
    proc = subprocess.Popen(
        command,
        shell=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except BaseException:  # the timeout, or an interrupt
        _kill_group(proc)
        raise
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def _kill_group(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    for pipe in (proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()
    proc.wait()
