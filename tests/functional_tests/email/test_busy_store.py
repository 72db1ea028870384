"""A store another process holds makes `comptoir fetch` wait, then resume; it
never hangs (issue 10, point 17: the cancellation swallowed in the old sync).
That it fails cleanly when the store stays busy is tested in process, with
short timeouts: tests/unit_tests/pipeline/test_ingest_loop.py."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.conftest import COMPTOIR
from tests.functional_tests.email.conftest import Account, mail
from tests.functional_tests.email.test_cli_email import configure, count
from tests.support import CliRunner

pytestmark = pytest.mark.server
HOLD = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
conn.rollback()
"""


def test_a_fetch_waits_for_a_busy_store_and_resumes(
    account: Account, cli_env: dict[str, str], comptoir: CliRunner
) -> None:
    configure(cli_env, account, sent_folder="")
    account.append([mail(n) + b"x" * 2000 for n in range(1500)])
    assert comptoir("db", "migrate").returncode == 0
    db = cli_env["COMPTOIR_DB"]
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, db, "13"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        began = time.monotonic()
        done = subprocess.run(
            [str(COMPTOIR), "fetch", "--json"],
            env=cli_env,
            capture_output=True,
            text=True,
            timeout=90,  # the old sync hung here for good
        )
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - began >= 12  # it did wait for the other writer
    assert count(db) == 1500
