"""`comptoir fetch` reads each customer's language where it parses their mail
(the parse workers, a batch big enough to go to them), from the shop's
configured languages, and leaves the shop's own mail unread."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.functional_tests.email.conftest import SHOP, Account
from tests.functional_tests.email.test_cli_email import configure
from tests.support import CliRunner

pytestmark = pytest.mark.server
WORDS = {
    "fr": "Bonjour, mon colis n'est toujours pas arrivé, pouvez-vous vérifier ?",
    "de": "Guten Tag, mein Paket ist immer noch nicht angekommen, bitte prüfen.",
    "en": "Hello, my parcel still has not arrived, could you please check?",
}


def _mail(n: int, sender: str, words: str) -> bytes:
    head = (
        f"From: <{sender}>\r\nTo: {SHOP}\r\nSubject: Commande {n}\r\n"
        f"Message-ID: <lang{n}@example.com>\r\n"
        "Date: Mon, 04 May 2026 09:00:00 +0200\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
    )
    return f"{head}\r\n{words}\r\n".encode()


def test_fetched_mail_gets_its_language(
    account: Account, comptoir: CliRunner, cli_env: dict[str, str]
) -> None:
    configure(cli_env, account)
    config = Path(cli_env["COMPTOIR_CONFIG"])
    text = config.read_text().replace(
        "[shop]\n", '[shop]\nlanguages = ["fr", "de", "en"]\n'
    )
    config.write_text(text)
    codes = ["fr", "de", "en"] * 10  # 30 messages: parsed by the workers
    mails = [_mail(n, f"c{n}@example.com", WORDS[c]) for n, c in enumerate(codes)]
    mails.append(_mail(99, SHOP, WORDS["de"]))  # the shop's own: not read
    account.append(mails)
    done = comptoir("fetch")
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(cli_env["COMPTOIR_DB"])
    try:
        rows = conn.execute(
            "SELECT message_id_header, language FROM messages ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    found = {str(mid): lang for mid, lang in rows}
    assert found == {
        **{f"lang{n}@example.com": c for n, c in enumerate(codes)},
        "lang99@example.com": "",  # nothing read
    }
    shown = comptoir("conversations", "show", "1", "--json")
    assert json.loads(shown.stdout)["summary"]["language"] == "fr"
