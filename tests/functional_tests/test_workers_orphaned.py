"""Parse workers exit when the command that forked them dies, even by SIGKILL,
so that a script reading its output sees the end (issue 10, point 22)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import COMPTOIR

pytestmark = pytest.mark.slow


def children(pid: int) -> list[int]:
    found = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True
    )
    return [int(p) for p in found.stdout.split()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


def test_killing_an_import_takes_its_workers_and_frees_its_pipes(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    box = tmp_path / "mail" / "cur"
    box.mkdir(parents=True)
    for n in range(6000):
        body = f"line {n}\n" * 200
        mail = (
            f"From: c{n}@example.com\nSubject: Order {n}\nMessage-ID: <{n}@x>\n\n{body}"
        )
        (box / f"{1700000000 + n}.M{n}.host:2,S").write_text(mail)
    proc = subprocess.Popen(
        [str(COMPTOIR), "import", "maildir", str(box.parent)],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while not (workers := children(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert workers, "the import should have forked parse workers"
    time.sleep(0.5)  # parsing under way
    proc.send_signal(signal.SIGKILL)  # the parent only, as an OOM killer would
    proc.wait()
    began = time.monotonic()
    while any(alive(w) for w in workers) and time.monotonic() - began < 10:
        time.sleep(0.05)
    assert not any(alive(w) for w in workers), "workers outlived their parent"
    assert time.monotonic() - began < 3
    # A reader of the command's output sees the end at once: nobody holds it.
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read() == b""
    proc.stderr.read()
