"""The built-in email channel passes the plugin contract (plugins/testing) as a
third party's channel would: found by its entry point, against a real Dovecot
and a real aiosmtpd on loopback."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime
from typing import Any

import pytest

from plugins.api import Channel
from plugins.email import imap_sync
from plugins.registry import load_channel
from plugins.testing import ChannelContract, Setup, StaticContext
from tests.functional_tests.email.conftest import SHOP, Account, smtp_options
from tests.servers import SMTP_PASSWORD, SmtpServer, free_port

pytestmark = pytest.mark.server


class MailRemote:
    """Customers mailing the shop's INBOX; what the SMTP server received."""

    def __init__(self, account: Account, smtp: SmtpServer) -> None:
        self.account, self.smtp = account, smtp

    def deliver(self, texts: Sequence[str]) -> None:
        raws = []
        for n, text in enumerate(texts):
            mail = EmailMessage(policy=SMTP_POLICY)
            mail["From"] = f"Client {n} <client{n}@example.com>"
            mail["To"] = SHOP
            mail["Subject"] = f"Commande {n}"
            mail["Message-ID"] = f"<{abs(hash(text))}.{n}@example.com>"
            mail["Date"] = format_datetime(datetime.now(UTC))
            mail.set_content(text)
            raws.append(mail.as_bytes())
        self.account.append(raws)

    def received(self) -> list[str]:
        out = []
        for envelope in self.smtp.sink.messages:
            message = message_from_bytes(envelope.original_content)
            body = message.get_body(("plain",)) if message.is_multipart() else message
            payload = body.get_payload(decode=True) if body is not None else b""
            out.append(
                payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
            )
        return out


def settings(account: Account, smtp: SmtpServer, **extra: Any) -> dict[str, Any]:
    options = {**account.options(**smtp_options(smtp)), **extra}
    for key in ("type", "password_env", "smtp_password_env"):
        options.pop(key, None)  # secrets come from the context here
    return options


class TestEmailContract(ChannelContract):
    @pytest.fixture(autouse=True)
    def small_batches(self, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
        """Two UIDs per FETCH, so that a kill falls between two batches."""
        monkeypatch.setattr(imap_sync, "CHUNK", 2)
        yield

    @pytest.fixture
    def channel_class(self) -> type[Channel]:
        return load_channel("email")

    @pytest.fixture
    def channel_setup(self, account: Account, smtp: SmtpServer) -> Setup:
        secrets = {"password": account.password, "smtp_password": SMTP_PASSWORD}
        return Setup(settings(account, smtp), StaticContext(secrets))

    @pytest.fixture
    def remote(self, account: Account, smtp: SmtpServer) -> MailRemote:
        return MailRemote(account, smtp)

    @pytest.fixture
    def bad_credentials(self, account: Account, smtp: SmtpServer) -> Setup:
        secrets = {"password": "not-it", "smtp_password": "not-it"}
        return Setup(settings(account, smtp), StaticContext(secrets))

    @pytest.fixture
    def unreachable(self, account: Account, smtp: SmtpServer) -> Setup:
        closed = {"imap_port": free_port(), "smtp_port": free_port()}
        secrets = {"password": account.password, "smtp_password": SMTP_PASSWORD}
        return Setup(settings(account, smtp, **closed), StaticContext(secrets))
