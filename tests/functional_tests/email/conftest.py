"""Email tests run against a real Dovecot and a real aiosmtpd on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio
from imapclient import IMAPClient

from plugins.email.settings import EmailSettings
from storage.connection import Store
from storage.pipeline.ingest import IngestReport
from storage.pipeline.instances import Channels
from storage.pipeline.outbox import FlushReport, flush_outbox
from storage.pipeline.runs import fetch_instance
from tests.imap_proxy import imap_proxy  # noqa: F401  (a fixture)
from tests.servers import (
    SMTP_PASSWORD,
    SMTP_USER,
    Dovecot,
    Sink,
    SmtpServer,
    free_port,
    start_dovecot,
    stop_dovecot,
)

pytestmark = pytest.mark.server
SHOP = "shop@tea.example"
SHOP_SET = frozenset({SHOP})


@dataclass(slots=True)
class Account:
    """A fresh mailbox on the test Dovecot, and a client to play the world."""

    server: Dovecot
    user: str
    password: str

    def options(self, **extra: Any) -> dict[str, Any]:
        return {
            "type": "email",
            "imap_host": "127.0.0.1",
            "imap_port": self.server.sslport,
            "username": self.user,
            "address": SHOP,
            "password_env": "COMPTOIR_TEST_IMAP_PW",
            "ca_file": str(self.server.cafile),
            **extra,
        }

    def channels(self, **extra: Any) -> Channels:
        """The config's channels: this account as instance `support`."""
        return Channels({"support": self.options(**extra)}, "Tea shop", SHOP_SET)

    async def fetch(self, store: Store, **extra: Any) -> IngestReport:
        """One `comptoir fetch` of the account, through the core's pipeline."""
        channels = self.channels(**extra)
        async with channels.open("support", store) as channel:
            return await fetch_instance(store, channel, shop=SHOP_SET)

    async def flush(
        self, store: Store, now: int | None = None, **extra: Any
    ) -> FlushReport:
        """One `comptoir outbox flush` with this account's channel."""
        return await flush_outbox(store, self.channels(**extra), now=now)

    def settings(self, **extra: Any) -> EmailSettings:
        options = self.options(**extra)
        options.pop("type")
        return EmailSettings.from_options("support", options)

    def client(self) -> IMAPClient:
        client = IMAPClient(
            "127.0.0.1",
            port=self.server.sslport,
            ssl=True,
            ssl_context=self.server.ssl_context(),
        )
        client.login(self.user, self.password)
        return client

    def append(self, raws: list[bytes], folder: str = "INBOX") -> None:
        client = self.client()
        try:
            for start in range(0, len(raws), 200):
                client.multiappend(folder, raws[start : start + 200])
        finally:
            client.logout()


def _account(
    server: Dovecot, user: str, password: str, mp: pytest.MonkeyPatch
) -> Account:
    mp.setenv("COMPTOIR_TEST_IMAP_PW", password)
    mp.setenv("COMPTOIR_TEST_SMTP_PW", SMTP_PASSWORD)
    return Account(server, user, password)


@pytest.fixture
def account(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> Account:
    return _account(dovecot, *dovecot.add_user(), monkeypatch)


@pytest.fixture
def full_account(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> Account:
    """A mailbox whose quota (QUOTA_MESSAGES) refuses any more mail."""
    return _account(dovecot, *dovecot.add_full_user(), monkeypatch)


@contextmanager
def own_dovecot_account(
    mp: pytest.MonkeyPatch, imap: str = "", extra: str = ""
) -> Iterator[Account]:
    """An account on a Dovecot of its own, set up as `start_dovecot` says."""
    server = start_dovecot(imap, extra)
    try:
        yield _account(server, *server.add_user(), mp)
    finally:
        stop_dovecot(server)


@pytest.fixture
def own_server_account(monkeypatch: pytest.MonkeyPatch) -> Iterator[Account]:
    """An account on a Dovecot of its own, which the test may crash and restart
    (the session's shared server must stay up for the other tests)."""
    with own_dovecot_account(monkeypatch) as account:
        yield account


# Dovecots set up as some servers are: each fixture starts its own.
NO_EXTENSIONS = "  imap_capability = IMAP4rev1 LITERAL+ UIDPLUS MULTIAPPEND"
ONE_SESSION = "  mail_max_userip_connections = 1"
GERMAN_SENT = """\
namespace inbox {
  mailbox Sent {
    auto = no
    special_use =
  }
  mailbox "Gesendete Objekte" {
    special_use = \\Sent
    auto = subscribe
  }
}
"""


@pytest.fixture
def bare_account(monkeypatch: pytest.MonkeyPatch) -> Iterator[Account]:
    """A Dovecot offering neither IDLE, CONDSTORE, QRESYNC nor SPECIAL-USE."""
    with own_dovecot_account(monkeypatch, imap=NO_EXTENSIONS) as account:
        yield account


@pytest.fixture
def one_session_account(monkeypatch: pytest.MonkeyPatch) -> Iterator[Account]:
    """A Dovecot that lets each user open one session at a time."""
    with own_dovecot_account(monkeypatch, imap=ONE_SESSION) as account:
        yield account


@pytest.fixture
def german_account(monkeypatch: pytest.MonkeyPatch) -> Iterator[Account]:
    """A Dovecot whose Sent folder is "Gesendete Objekte", flagged \\Sent."""
    with own_dovecot_account(monkeypatch, extra=GERMAN_SENT) as account:
        yield account


def mail(n: int, sender: str = "ann@example.com", **headers: str) -> bytes:
    """A small customer mail, distinct per n."""
    lines = {
        "From": f"Ann <{sender}>",
        "To": SHOP,
        "Subject": f"Question {n}",
        "Message-ID": f"<q{n}@example.com>",
        "Date": "Mon, 04 May 2026 09:00:00 +0200",
        **headers,
    }
    head = "".join(f"{k}: {v}\r\n" for k, v in lines.items())
    return f"{head}\r\nHello, about order #{1000 + n}.\r\n".encode()


@pytest_asyncio.fixture
async def smtp(dovecot: Dovecot) -> AsyncIterator[SmtpServer]:
    """aiosmtpd with STARTTLS and login, trusting the same CA as Dovecot."""
    server = SmtpServer(Sink(), free_port(), dovecot.cafile)
    await server.start()
    yield server
    await server.stop()


def smtp_options(server: SmtpServer) -> dict[str, Any]:
    return {
        "smtp_host": "127.0.0.1",
        "smtp_port": server.port,
        "smtp_tls": "starttls",
        "smtp_username": SMTP_USER,
        "smtp_password_env": "COMPTOIR_TEST_SMTP_PW",
    }
