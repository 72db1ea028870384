"""When the server fails us: gone in the middle of a sync, or a full mailbox.

Each failure is one line naming the account and what to do; what was done
before it is kept, and nothing is done twice once the server is well again.
"""

from __future__ import annotations

import json
import subprocess
import time

import pytest

from storage.connection import Store
from storage.outbox import list_outbox
from storage.pipeline.outbox import FILING_DELAY
from tests.conftest import COMPTOIR
from tests.functional_tests.email.conftest import Account, mail, smtp_options
from tests.functional_tests.email.test_cli_email import configure, count
from tests.functional_tests.email.test_outbox_send import in_sent, replied
from tests.servers import SmtpServer, crash_dovecot, restart_dovecot
from tests.support import CliRunner

pytestmark = pytest.mark.server
MESSAGES = 6000  # several seconds of sync: the crash lands in the middle
LAST_UID = (
    "SELECT json_extract(cursor, '$.folders.INBOX.last_uid') FROM sync_cursors "
    "WHERE channel = 'support'"
)
DISTINCT = "SELECT count(DISTINCT content_sha256) FROM messages"


def crash_mid_fetch(account: Account, env: dict[str, str]) -> tuple[int, str]:
    """Start `comptoir fetch`, crash the server once the first batch is stored."""
    proc = subprocess.Popen(
        [str(COMPTOIR), "fetch"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    db = env["COMPTOIR_DB"]
    while count(db) == 0 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    crash_dovecot(account.server)
    _, stderr = proc.communicate(timeout=60)
    return proc.returncode, stderr


def test_server_gone_mid_sync_keeps_what_was_stored_and_resumes(
    own_server_account: Account, cli_env: dict[str, str], comptoir: CliRunner
) -> None:
    account = own_server_account
    configure(cli_env, account, sent_folder="")
    account.append([mail(n) + b"x" * 3000 for n in range(MESSAGES)])
    code, stderr = crash_mid_fetch(account, cli_env)
    db = cli_env["COMPTOIR_DB"]
    kept = count(db)
    assert 0 < kept < MESSAGES, f"the crash should land mid-sync ({kept} stored)"
    assert code == 75, stderr  # temporary: a cron wrapper may just run it again
    assert len(stderr.splitlines()) == 1 and "Traceback" not in stderr
    assert stderr.startswith("error: support: the connection to 127.0.0.1:")
    assert "lost while fetching folder INBOX" in stderr
    assert "what was fetched is stored: run again to resume" in stderr
    # The cursor is exactly where the stored messages end.
    assert count(db, LAST_UID) == kept == count(db, DISTINCT)

    down = comptoir("fetch")  # still down: said so, nothing changes
    assert down.returncode == 75 and "refused the connection" in down.stderr
    assert count(db) == kept

    restart_dovecot(account.server)
    done = comptoir("fetch", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["support"]["new"] == MESSAGES - kept
    assert count(db) == count(db, DISTINCT) == count(db, LAST_UID) == MESSAGES


async def test_a_full_sent_folder_counts_the_reply_as_sent_once(
    full_account: Account, store: Store, smtp: SmtpServer
) -> None:
    account = full_account
    await replied(account, store)  # the customer's mail fills the quota
    via = smtp_options(smtp)
    first = await account.flush(store, **via)
    (entry,) = await list_outbox(store)
    assert (first.sent, len(smtp.sink.messages), entry.state) == (1, 1, "sent")
    (line,) = first.errors
    assert line.startswith("support: reply 1 was sent; keeping its copy failed: ")
    assert "the mailbox at 127.0.0.1 is full ([OVERQUOTA] Quota exceeded" in line
    assert "delete or archive mail" in line and "\n" not in line
    assert "secs)" not in line  # the server's timings are noise to a person
    assert entry.last_error in line

    soon = await account.flush(store, **via)  # not due yet
    later = int(time.time()) + FILING_DELAY + 1
    still_full = await account.flush(store, later, **via)
    assert (soon.sent, soon.errors, still_full.sent) == (0, [], 0)
    assert len(still_full.errors) == 1 and "OVERQUOTA" in still_full.errors[0]

    client = account.client()  # the person makes room, as the line says
    client.select_folder("INBOX")
    client.delete_messages(client.search(["ALL"]))
    client.expunge()
    client.logout()
    filed = await account.flush(store, later + FILING_DELAY + 1, **via)
    assert (filed.sent, filed.errors, len(smtp.sink.messages)) == (0, [], 1)
    (entry,) = await list_outbox(store)
    assert entry.state == "sent"
    rows = await store.conn.execute_fetchall("SELECT message_id_header FROM messages")
    headers = [str(row[0]) for row in rows]
    assert sum(in_sent(account, f"<{h}>") for h in headers) == 1
