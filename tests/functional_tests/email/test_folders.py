"""Folder names and the Sent folder, as different servers have them.

INBOX is INBOX in any case (RFC 3501). With no `sent_folder` set, the Sent
folder is the one flagged `\\Sent` (RFC 6154), else one with a usual name; an
account without one (a fresh Cyrus account) is fetched without a word to cron.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from plugins.email.folders import find_sent, listing
from plugins.email.imap_connect import close, connect
from tests.functional_tests.email.conftest import (
    SHOP,
    Account,
    mail,
    smtp_options,
)
from tests.functional_tests.email.test_cli_email import configure, count
from tests.imap_proxy import ImapProxy, Misbehaviour
from tests.servers import SmtpServer
from tests.support import CliRunner

pytestmark = pytest.mark.server
NO_SENT_FOLDER = Misbehaviour(
    hide_folders=frozenset({"Sent"}), hide_capabilities=frozenset({"SPECIAL-USE"})
)


def in_folder(env: dict[str, str], folder: str) -> int:
    """Messages stored from this folder (their key names it)."""
    return count(
        env["COMPTOIR_DB"],
        f"SELECT count(*) FROM messages WHERE external_id LIKE 'imap/{folder}/%'",
    )


def shop_mail(n: int) -> bytes:
    return mail(n, sender=SHOP, To="ann@example.com")


async def test_inbox_in_any_case_is_checked_and_fetched(
    account: Account, comptoir: CliRunner, cli_env: dict[str, str], smtp: SmtpServer
) -> None:
    configure(cli_env, account, folders=["inbox"], **smtp_options(smtp))
    account.append([mail(1)])
    checked = await asyncio.to_thread(comptoir, "channels", "check")
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.startswith(
        f"support: ok: IMAP ok ({account.user}@127.0.0.1:{account.server.sslport}); "
        "folders ok (reads INBOX, Sent); SMTP ok "
    )
    done = comptoir("fetch", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["support"]["new"] == 1
    assert in_folder(cli_env, "INBOX") == 1
    again = comptoir("fetch", "--json")  # the same folder as INBOX: nothing new
    assert json.loads(again.stdout)["support"]["new"] == 0


def test_the_sent_folder_is_found_by_its_special_use_flag(
    german_account: Account, comptoir: CliRunner, cli_env: dict[str, str]
) -> None:
    account = german_account
    configure(cli_env, account)
    account.append([mail(1)])
    account.append([shop_mail(2)], "Gesendete Objekte")  # sent from a phone
    done = comptoir("fetch", "--json")
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["support"]["new"] == 2
    assert in_folder(cli_env, "Gesendete Objekte") == 1


def test_without_special_use_the_usual_name_is_found(
    account: Account, imap_proxy: ImapProxy
) -> None:
    imap_proxy.rules = Misbehaviour(
        hide_capabilities=frozenset({"SPECIAL-USE"}),
        hide_list_flags=frozenset({"\\Sent"}),
    )
    client = connect(account.settings(imap_port=imap_proxy.port), account.password)
    try:
        listed = listing(client)
    finally:
        close(client)
    assert {f.name: f.flags for f in listed}["Sent"] == {"\\HASNOCHILDREN"}
    assert find_sent(listed) == "Sent"


async def test_an_account_without_a_sent_folder_is_fetched_and_said_once(
    account: Account,
    imap_proxy: ImapProxy,
    comptoir: CliRunner,
    cli_env: dict[str, str],
    smtp: SmtpServer,
) -> None:
    configure(cli_env, account, imap_port=imap_proxy.port, **smtp_options(smtp))
    account.append([mail(1)])
    imap_proxy.rules = NO_SENT_FOLDER  # a fresh Cyrus account
    done = comptoir("fetch")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")  # cron: quiet
    assert count(cli_env["COMPTOIR_DB"]) == 1
    assert "EXAMINE" in imap_proxy.rules.seen_commands
    said = (
        "127.0.0.1 has no Sent folder: replies sent from another mail program are "
        "not read; set sent_folder if it has another name"
    )
    summary = json.loads(comptoir("fetch", "--json").stdout)["support"]
    assert summary["warnings"] == []  # said by `channels check`, not at every fetch
    checked = await asyncio.to_thread(comptoir, "channels", "check")
    assert checked.returncode == 0
    assert f"folders ok (reads INBOX; {said}); SMTP " in checked.stdout


def test_a_sent_folder_named_but_missing_warns_and_inbox_is_stored(
    account: Account,
    imap_proxy: ImapProxy,
    comptoir: CliRunner,
    cli_env: dict[str, str],
) -> None:
    configure(cli_env, account, imap_port=imap_proxy.port, sent_folder="Sent")
    account.append([mail(1)])
    imap_proxy.rules = NO_SENT_FOLDER
    done = comptoir("fetch")
    assert done.returncode == 0
    assert done.stderr == (
        "warning: support: folder Sent not found on 127.0.0.1 (it has: INBOX): fix "
        "sent_folder, or remove it to use the folder marked as Sent\n"
    )
    assert count(cli_env["COMPTOIR_DB"]) == 1
    checked = comptoir("channels", "check")
    assert checked.returncode == 1
    assert "FAILED: folders: folder Sent not found on 127.0.0.1" in checked.stdout
