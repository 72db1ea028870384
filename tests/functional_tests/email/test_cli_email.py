"""The email commands as a user or cron runs them, against Dovecot and aiosmtpd."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import COMPTOIR
from tests.functional_tests.email.conftest import SHOP, Account, mail, smtp_options
from tests.servers import SMTP_PASSWORD, SmtpServer
from tests.support import CliRunner

pytestmark = pytest.mark.server
LAST_UID = (
    "SELECT json_extract(cursor, '$.folders.INBOX.last_uid') FROM sync_cursors "
    "WHERE channel = 'support'"
)


def configure(env: dict[str, str], account: Account, **extra: object) -> None:
    options = {**account.options(), **extra}
    lines = [
        "[shop]",
        'name = "Tea shop"',
        f'addresses = ["{SHOP}"]',
        "[channels.support]",
    ]
    lines += [f"{key} = {json.dumps(value)}" for key, value in options.items()]
    Path(env["COMPTOIR_CONFIG"]).write_text("\n".join(lines) + "\n")
    env["COMPTOIR_TEST_IMAP_PW"] = account.password
    env["COMPTOIR_TEST_SMTP_PW"] = SMTP_PASSWORD


def count(db: str, sql: str = "SELECT count(*) FROM messages") -> int:
    if not Path(db).exists():
        return 0
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # killed before the schema was created
        return 0
    finally:
        conn.close()


def test_fetch_is_silent_for_cron_and_idempotent(
    account: Account, comptoir: CliRunner, cli_env: dict[str, str]
) -> None:
    configure(cli_env, account)
    account.append([mail(1), mail(2)])
    first = comptoir("fetch")
    assert (first.returncode, first.stdout, first.stderr) == (0, "", "")
    again = comptoir("fetch", "support", "--json")
    assert again.returncode == 0
    assert json.loads(again.stdout)["support"]["new"] == 0
    assert count(cli_env["COMPTOIR_DB"]) == 2


def test_wrong_password_names_the_account(
    account: Account, comptoir: CliRunner, cli_env: dict[str, str]
) -> None:
    configure(cli_env, account)
    cli_env["COMPTOIR_TEST_IMAP_PW"] = "not-the-password"
    done = comptoir("fetch")
    assert done.returncode == 1
    assert done.stderr.startswith("error: support: 127.0.0.1 refused the user name")
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr


def test_unknown_host_and_missing_folder_are_one_line(
    account: Account, comptoir: CliRunner, cli_env: dict[str, str]
) -> None:
    configure(cli_env, account, imap_host="no-such-host.invalid")
    done = comptoir("fetch")
    assert done.returncode == 75  # perhaps the network: temporary
    assert "support: cannot find the server no-such-host.invalid" in done.stderr
    configure(cli_env, account, folders=["INBOX", "Archive"])
    done = comptoir("fetch")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Archive" in done.stderr
    assert "does not exist" in done.stderr


def test_certificate_mismatch_is_refused(
    account: Account, comptoir: CliRunner, cli_env: dict[str, str]
) -> None:
    options = account.options()
    del options["ca_file"]  # the test server's certificate is self-signed
    configure(cli_env, account, **options)
    Path(cli_env["COMPTOIR_CONFIG"]).write_text(
        Path(cli_env["COMPTOIR_CONFIG"]).read_text().replace("ca_file", "# ca_file")
    )
    done = comptoir("fetch")
    assert done.returncode == 1
    assert "support: the certificate of 127.0.0.1" in done.stderr
    assert "set ca_file" in done.stderr


async def test_channels_check_gives_a_verdict_per_account(
    account: Account, comptoir: CliRunner, cli_env: dict[str, str], smtp: SmtpServer
) -> None:
    configure(cli_env, account, **smtp_options(smtp))
    listed = comptoir("channels", "list")
    assert listed.stdout.startswith("support\temail\t")
    import asyncio

    done = await asyncio.to_thread(comptoir, "channels", "check")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("support: ok: IMAP ")
    cli_env["COMPTOIR_TEST_SMTP_PW"] = "wrong"
    done = await asyncio.to_thread(comptoir, "channels", "check")
    assert done.returncode == 1
    assert (
        "support: FAILED:" in done.stdout
        and "SMTP user name or password" in done.stdout
    )


def test_fetch_killed_mid_sync_resumes_without_loss_or_double(
    account: Account, cli_env: dict[str, str], tmp_path: Path, comptoir: CliRunner
) -> None:
    configure(cli_env, account)
    raws = [mail(n) + b"x" * 2000 for n in range(3000)]
    account.append(raws)
    db = cli_env["COMPTOIR_DB"]
    proc = subprocess.Popen(
        [str(COMPTOIR), "fetch", "-q"],
        env=cli_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its parse workers share the group
    )
    deadline = time.monotonic() + 60
    while count(db) == 0 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    assert proc.poll() is None, proc.communicate()[1]
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = count(db)
    assert 0 < stored < len(raws), "the kill should land mid-sync"
    done = comptoir("fetch")
    assert done.returncode == 0, done.stderr
    assert count(db) == len(raws)
    assert count(db, "SELECT count(DISTINCT content_sha256) FROM messages") == len(raws)
    assert count(db, LAST_UID) == 3000


async def test_outbox_commands(
    account: Account, comptoir: CliRunner, cli_env: dict[str, str], smtp: SmtpServer
) -> None:
    import asyncio

    from storage.connection import open_store
    from storage.outbox import Author, queue_reply

    configure(cli_env, account, **smtp_options(smtp))
    account.append([mail(1)])
    assert (await asyncio.to_thread(comptoir, "fetch")).returncode == 0
    async with open_store(Path(cli_env["COMPTOIR_DB"])) as store:
        await queue_reply(store, 1, "Thanks!", Author("Camille", SHOP))
    smtp.sink.refuse = "554 5.7.1 rejected"
    failed = await asyncio.to_thread(comptoir, "outbox", "flush")
    assert failed.returncode == 1 and "554" in failed.stderr
    listed = comptoir("outbox", "list", "--state", "failed")
    assert listed.stdout.startswith("1\tfailed\t") and "554" in listed.stdout
    shop_time = r"\t\d{4}-\d\d-\d\d \d\d:\d\d [+-]\d\d:\d\d\t"  # with its offset
    assert re.search(shop_time, listed.stdout)
    smtp.sink.refuse = ""
    assert comptoir("outbox", "retry", "1").returncode == 0
    sent = await asyncio.to_thread(comptoir, "outbox", "flush")
    assert sent.returncode == 0, sent.stderr
    assert len(smtp.sink.messages) == 1
    entry = json.loads(comptoir("outbox", "list", "--json").stdout)
    assert entry["state"] == "sent"
    assert entry["created_at"].endswith("Z") and entry["sent_at"].endswith("Z")
    refused = comptoir("outbox", "cancel", "1")
    assert refused.returncode == 1 and "only failed or queued" in refused.stderr
