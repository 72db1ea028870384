"""Fetching from servers that answer FETCH differently, legally.

Through the misbehaving proxy (tests/imap_proxy.py) in front of the real
Dovecot: a NO for one message (Gmail, Yahoo, Office 365), one message's data
split over two answers; and a Dovecot without IDLE, CONDSTORE or SPECIAL-USE.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import pytest

from plugins.email.imap_connect import close, connect, select
from plugins.email.imap_read import fetch_bodies
from tests.functional_tests.email.conftest import Account, mail, smtp_options
from tests.functional_tests.email.test_cli_email import configure, count
from tests.imap_proxy import ImapProxy, Misbehaviour
from tests.servers import SmtpServer
from tests.support import CliRunner

pytestmark = pytest.mark.server
REFUSAL = "Some messages could not be FETCHed (Failure)"
ARRIVED = datetime(2026, 3, 2, 8, 30, 5, tzinfo=UTC)


def undated(n: int) -> bytes:
    """A mail with no Date header: only the server's INTERNALDATE dates it."""
    return b"".join(line for line in mail(n).splitlines(True) if b"Date:" not in line)


def test_a_refused_message_keeps_every_other_and_names_itself(
    account: Account, imap_proxy: ImapProxy
) -> None:
    raws = [mail(n) for n in range(1, 6)]
    account.append(raws)
    imap_proxy.rules = Misbehaviour(refuse_uids=frozenset({3}))
    client = connect(account.settings(imap_port=imap_proxy.port), account.password)
    try:
        select(client, "INBOX")
        got = fetch_bodies(client, [1, 2, 3, 4, 5])
        assert [(uid, raw) for uid, raw, _when in got.messages] == [
            (1, raws[0]), (2, raws[1]), (4, raws[3]), (5, raws[4]),
        ]  # fmt: skip
        assert got.refused == {3: REFUSAL}
        assert "UID FETCH" in imap_proxy.rules.seen_commands
        imap_proxy.rules = Misbehaviour()  # the server can read it again
        again = fetch_bodies(client, [3])
        assert [raw for _uid, raw, _when in again.messages] == [raws[2]]
        assert again.refused == {}
    finally:
        close(client)


def test_fetch_stores_what_the_server_gave_and_says_what_it_refused(
    account: Account,
    imap_proxy: ImapProxy,
    comptoir: CliRunner,
    cli_env: dict[str, str],
) -> None:
    configure(cli_env, account, imap_port=imap_proxy.port)
    account.append([mail(n) for n in range(1, 4)])
    account.append([mail(9)], "Sent")  # a later folder is still reached
    imap_proxy.rules = Misbehaviour(refuse_uids=frozenset({2}))
    done = comptoir("fetch", "--json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        f"warning: support: not fetched: folder INBOX UID 2: {REFUSAL}; tried "
        "again at the next fetch; the rest is stored\n"
    )
    summary = json.loads(done.stdout)["support"]
    assert summary["new"] == 3
    (refused,) = summary["not_fetched"]
    assert refused["reason"] == f"folder INBOX UID 2: {REFUSAL}"
    assert not refused["given_up"]
    subjects = "SELECT group_concat(subject, '|') FROM messages ORDER BY id"
    db = cli_env["COMPTOIR_DB"]
    assert count(db) == 3
    assert "Question 2" not in str(_one(db, subjects))


def _one(db: str, sql: str) -> object:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("order", ["after", "before"])
def test_internaldate_in_its_own_answer_still_dates_the_message(
    order: str,
    account: Account,
    imap_proxy: ImapProxy,
    comptoir: CliRunner,
    cli_env: dict[str, str],
) -> None:
    configure(cli_env, account, imap_port=imap_proxy.port, sent_folder="")
    client = account.client()
    try:
        client.append("INBOX", undated(1), msg_time=ARRIVED)
    finally:
        client.logout()
    imap_proxy.rules = Misbehaviour(split_fetch=order)
    done = comptoir("fetch")
    assert (done.returncode, done.stderr) == (0, "")
    shown = json.loads(comptoir("conversations", "show", "1", "--json").stdout)
    (message,) = shown["messages"]
    assert message["sent_at"] == "2026-03-02T08:30:05Z"


def test_a_server_without_condstore_is_synced_by_uidnext(
    bare_account: Account, comptoir: CliRunner, cli_env: dict[str, str]
) -> None:
    configure(cli_env, bare_account)
    client = connect(bare_account.settings(), bare_account.password)
    try:
        assert not client.has_capability("CONDSTORE")
        assert not client.has_capability("IDLE")
    finally:
        close(client)
    bare_account.append([mail(1), mail(2)])
    bare_account.append([mail(3)], "Sent")  # found by its usual name
    first = comptoir("fetch", "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["support"]["new"] == 3
    sent = "SELECT count(*) FROM messages WHERE external_id LIKE 'imap/Sent/%'"
    assert count(cli_env["COMPTOIR_DB"], sent) == 1
    again = comptoir("fetch", "--json")
    assert json.loads(again.stdout)["support"]["new"] == 0
    bare_account.append([mail(4)])
    last = comptoir("fetch", "--json")
    assert json.loads(last.stdout)["support"]["new"] == 1


async def test_a_message_refused_at_every_fetch_is_given_up_and_listed_by_check(
    account: Account,
    imap_proxy: ImapProxy,
    comptoir: CliRunner,
    cli_env: dict[str, str],
    smtp: SmtpServer,
) -> None:
    configure(cli_env, account, imap_port=imap_proxy.port, **smtp_options(smtp))
    account.append([mail(n) for n in range(1, 4)])
    imap_proxy.rules = Misbehaviour(refuse_uids=frozenset({2}))
    said = [comptoir("fetch").stderr for _ in range(3)]  # tried at each fetch
    assert "tried again at the next fetch" in said[0] and said[0] == said[1]
    assert said[2].endswith(
        "given up (`comptoir channels check` lists it); the rest is stored\n"
    )
    imap_proxy.rules = Misbehaviour(refuse_uids=frozenset({2}))
    quiet = comptoir("fetch")  # given up: not asked for again, not said again
    assert (quiet.returncode, quiet.stderr) == (0, "")
    assert "UID FETCH" not in imap_proxy.rules.seen_commands
    checked = await asyncio.to_thread(comptoir, "channels", "check")
    assert checked.returncode == 0, checked.stdout
    (line,) = [x for x in checked.stdout.splitlines() if "not fetched" in x]
    assert line.startswith("support: not fetched since ")
    assert line.endswith(f": folder INBOX UID 2: {REFUSAL}")
    assert count(cli_env["COMPTOIR_DB"]) == 2
