"""SMTP with aiosmtplib: verified TLS, login, and failures sorted into
transient (retry later) and permanent (a person must act)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import aiosmtplib

from plugins.api import PluginError
from plugins.email.errors import CertificateError, explain
from plugins.email.imap_connect import tls_context
from plugins.email.settings import EmailSettings

TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class SendFailure(Exception):
    message: str
    transient: bool


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


def classify(exc: BaseException, settings: EmailSettings) -> SendFailure:
    """What went wrong, in one line, and whether trying again may help."""
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return SendFailure(
            f"{where} refused the SMTP user name or password: check them, then "
            "`comptoir outbox retry`",
            False,
        )
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        who = ", ".join(r.recipient for r in exc.recipients)
        return SendFailure(f"{where} refused the recipient {who}", False)
    if isinstance(exc, aiosmtplib.SMTPResponseException) and exc.code >= 400:
        text = f"{where} answered {exc.code} {exc.message}"
        if exc.code in (452, 552):
            text += " (mailbox or message size limit)"
        return SendFailure(text, exc.code < 500)
    cause = exc.__cause__ or exc.__context__
    if isinstance(exc, aiosmtplib.SMTPException) and isinstance(cause, OSError):
        exc = cause  # a connect error: say what the socket said
    try:
        explained = explain(
            exc, settings.instance, settings.smtp_host, settings.smtp_port, "sending"
        )
    except Exception:
        return SendFailure(f"{where}: {type(exc).__name__}: {exc}", True)
    permanent = isinstance(explained, CertificateError)
    return SendFailure(explained.message, not permanent)


async def send_raw(
    settings: EmailSettings,
    password: str,
    raw: bytes,
    sender: str,
    recipients: Sequence[str],
) -> None:
    """Send, or raise SendFailure; the server's 250 is the only success."""
    try:
        await aiosmtplib.send(
            raw,
            sender=sender,
            recipients=list(recipients),
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            use_tls=settings.smtp_tls == "tls",
            start_tls=settings.smtp_tls == "starttls",
            tls_context=tls_context(settings) if settings.smtp_tls != "none" else None,
            username=settings.smtp_username,
            password=password,
            timeout=TIMEOUT,
        )
    except PluginError as exc:
        raise SendFailure(exc.message, False) from exc
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise classify(exc, settings) from exc


async def smtp_login_check(settings: EmailSettings, password: str) -> None:
    """Connect, TLS, log in, quit: raises a PluginError naming the account."""
    client = _client(settings, password)
    try:
        await client.connect()
        await client.quit()
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise PluginError(classify(exc, settings).message, settings.instance) from exc
