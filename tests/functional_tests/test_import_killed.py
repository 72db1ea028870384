"""An import killed with SIGKILL at any moment, then run again, ends with the
same database as one that was never interrupted."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import COMPTOIR
from tests.support import dump_tables, single_messages

TABLES = (
    "customers",
    "identities",
    "conversations",
    "conversation_tags",
    "messages",
    "raw_messages",
    "blobs",
    "attachments",
    "events",
)


@pytest.fixture(scope="module")
def big_maildir(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real-world messages copied with a distinct header, so that Message-IDs
    repeat across different mails as they do in the wild."""
    root = tmp_path_factory.mktemp("maildir")
    (root / "cur").mkdir()
    sources = [p.read_bytes() for p in single_messages(corpus / "email")]
    for n in range(2400):
        raw = f"X-Copy: {n}\n".encode() + sources[n % len(sources)]
        (root / "cur" / f"{1700000000 + n}.M{n}P1.host:2,S").write_bytes(raw)
    return root


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
    return dump_tables(db, TABLES)


def stored_messages(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM messages").fetchone()[0])
    except sqlite3.OperationalError:  # killed before the schema was created
        return 0
    finally:
        conn.close()


def wait_until_stored(
    db: Path, proc: subprocess.Popen[bytes], count: int, limit: float
) -> None:
    deadline = time.monotonic() + 2 * limit + 10
    while stored_messages(db) < count and proc.poll() is None:
        assert time.monotonic() < deadline, "the import made no progress"
        time.sleep(0.01)


def start_import(
    db: Path, maildir: Path, env: dict[str, str]
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(COMPTOIR), "--db", str(db), "import", "maildir", "-q", str(maildir)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its parse workers share the group: kill them all
    )


def test_sigkill_at_random_moments_then_resume(
    big_maildir: Path, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    reference = tmp_path / "reference.db"
    began = time.monotonic()
    done = start_import(reference, big_maildir, cli_env)
    assert done.wait(timeout=300) == 0, done.stderr.read() if done.stderr else ""
    duration = time.monotonic() - began
    expected = dump(reference)
    assert len(expected["messages"]) == 2400

    chance = random.Random(int(os.environ.get("COMPTOIR_KILL_SEED", "20261123")))
    interrupted = []
    for attempt in range(4):
        db = tmp_path / f"killed-{attempt}.db"
        for _ in range(1 + attempt % 2):  # one or two kills before the finishing run
            proc = start_import(db, big_maildir, cli_env)
            # Once a random share is stored, then a random instant later: mid-
            # transaction, and mid-import however loaded the machine is.
            wait_until_stored(db, proc, chance.randint(1, 2000), duration)
            time.sleep(chance.uniform(0, 0.05))
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            interrupted.append(stored_messages(db))
        finish = start_import(db, big_maildir, cli_env)
        assert finish.wait(timeout=300) == 0
        assert dump(db) == expected, f"attempt {attempt} differs from the reference"
    # The kills must have landed mid-import for the test to prove anything.
    assert any(0 < n < 2400 for n in interrupted), interrupted
