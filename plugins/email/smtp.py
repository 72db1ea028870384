"""SMTP with aiosmtplib: one verified, logged-in session reused for every reply
of a flush, and failures sorted into the plugin API's kinds.

The server's 250 to the end of DATA is the only success; `send` returns at
once then (QUIT waits for `close`), so the core records it as sent with the
least delay the protocol allows.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import aiosmtplib

from plugins.api import (
    AuthenticationError,
    ConfigurationError,
    DeliveryRefused,
    PluginError,
    TemporarilyUnavailable,
)
from plugins.email.errors import CertificateError, explain
from plugins.email.imap_connect import tls_context
from plugins.email.settings import EmailSettings

TIMEOUT = 30.0

Password = Callable[[], Awaitable[str]]


def _client(settings: EmailSettings, password: str) -> aiosmtplib.SMTP:
    mode = settings.smtp_tls
    return aiosmtplib.SMTP(
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        use_tls=mode == "tls",
        start_tls=mode == "starttls",
        tls_context=tls_context(settings) if mode != "none" else None,
        username=settings.smtp_username,
        password=password,
        timeout=TIMEOUT,
    )


def classify(
    exc: BaseException, settings: EmailSettings, handed_over: bool = False
) -> PluginError:
    """What went wrong, in one line, as the error kind that says what follows:
    retry later, fail for good, or wait for a person."""
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    title = settings.instance
    if isinstance(exc, PluginError):
        return exc
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return AuthenticationError(
            f"{where} refused the SMTP user name or password: check them, then "
            "`comptoir outbox retry`",
            title,
        )
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        who = ", ".join(r.recipient for r in exc.recipients)
        codes = [r.code for r in exc.recipients]
        text = f"{where} refused the recipient {who}"
        if all(400 <= code < 500 for code in codes):
            return TemporarilyUnavailable(f"{text} for now ({codes[0]})", title)
        return DeliveryRefused(text, title)
    if isinstance(exc, aiosmtplib.SMTPResponseException) and exc.code >= 400:
        text = f"{where} answered {exc.code} {exc.message}"
        if exc.code in (452, 552):
            text += " (mailbox or message size limit)"
        if exc.code < 500:
            return TemporarilyUnavailable(text, title)
        return DeliveryRefused(text, title)
    cause = exc.__cause__ or exc.__context__
    if isinstance(exc, aiosmtplib.SMTPException) and isinstance(cause, OSError):
        exc = cause  # a connect error: say what the socket said
    try:
        said = explain(exc, title, settings.smtp_host, settings.smtp_port, "sending")
    except Exception:
        said = TemporarilyUnavailable(f"{where}: {type(exc).__name__}: {exc}", title)
    if isinstance(said, CertificateError):
        return ConfigurationError(said.message, title)
    if isinstance(said, TemporarilyUnavailable) and handed_over:
        return TemporarilyUnavailable(
            f"{said.message} (after the mail was handed over: it may have arrived)",
            title,
            maybe_delivered=True,
        )
    return said


class SmtpSession:
    """One logged-in connection, opened at the first send, kept for the next."""

    def __init__(self, settings: EmailSettings, password: Password) -> None:
        self.s, self.password = settings, password
        self.client: aiosmtplib.SMTP | None = None

    async def _connected(self) -> aiosmtplib.SMTP:
        if self.client is not None and self.client.is_connected:
            return self.client
        client = _client(self.s, await self.password())
        try:
            await client.connect()
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise classify(exc, self.s) from exc
        self.client = client
        return client

    async def send(self, raw: bytes, sender: str, recipients: Sequence[str]) -> str:
        """Hand one message over; the server's words of acceptance."""
        client = await self._connected()
        handed_over = False
        try:
            await client.mail(sender)
            refused = []
            for recipient in recipients:
                try:
                    await client.rcpt(recipient)
                except aiosmtplib.SMTPRecipientRefused as exc:
                    refused.append(exc)
            if len(refused) == len(recipients):
                await client.rset()
                raise aiosmtplib.SMTPRecipientsRefused(refused)
            handed_over = True
            answer = await client.data(raw)
        except (aiosmtplib.SMTPException, OSError) as exc:
            if isinstance(exc, aiosmtplib.SMTPResponseException):
                handed_over = False  # the server answered: it did not take it
            await self._drop()
            raise classify(exc, self.s, handed_over) from exc
        return f"{answer.code} {answer.message}"

    async def _drop(self) -> None:
        client, self.client = self.client, None
        if client is not None:
            client.close()

    async def close(self) -> None:
        client, self.client = self.client, None
        if client is not None and client.is_connected:
            try:
                await client.quit()
            except (aiosmtplib.SMTPException, OSError):
                client.close()


async def smtp_login_check(settings: EmailSettings, password: str) -> str:
    """Connect, TLS, log in, quit: raises a PluginError naming the account."""
    client = _client(settings, password)
    try:
        await client.connect()
        await client.quit()
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise classify(exc, settings) from exc
    return f"{settings.smtp_username}@{settings.smtp_host}:{settings.smtp_port}"
