"""The normal first day: import the mailbox's archive, then connect the account.

Dovecot keeps its Maildir files with LF line ends and serves them over IMAP
with CRLF; each message must still be stored once.
"""

from __future__ import annotations

import json

import pytest

from tests.functional_tests.email.conftest import Account, mail
from tests.functional_tests.email.test_cli_email import configure, count
from tests.support import CliRunner

pytestmark = pytest.mark.server


def test_a_maildir_import_then_an_imap_fetch_stores_each_message_once(
    account: Account, comptoir: CliRunner, cli_env: dict[str, str]
) -> None:
    account.append([mail(n) for n in range(1, 6)])
    maildir = account.server.maildir(account.user)
    on_disk = sorted(p.read_bytes() for p in (maildir / "cur").iterdir()) + sorted(
        p.read_bytes() for p in (maildir / "new").iterdir()
    )
    assert on_disk and all(b"\r\n" not in raw for raw in on_disk)  # LF files
    imported = comptoir("import", "maildir", "--json", str(maildir))
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["new"] == 5

    configure(cli_env, account)
    fetched = comptoir("fetch", "--json")
    assert fetched.returncode == 0, fetched.stderr
    assert json.loads(fetched.stdout)["support"]["new"] == 0
    assert count(cli_env["COMPTOIR_DB"]) == 5
    # The raw original stays as it was first received: the Maildir's LF bytes.
    exported = comptoir("export", "mbox")
    assert b"\r\n" not in exported.stdout.encode()

    account.append([mail(6)])  # new mail still comes in
    assert json.loads(comptoir("fetch", "--json").stdout)["support"]["new"] == 1
    assert count(cli_env["COMPTOIR_DB"]) == 6
