"""Network and protocol failures, said in one line naming the account and what to do.

Each error is one of the plugin API's kinds, so that callers know whether to
retry (`TemporarilyUnavailable`), ask for a new password (`AuthenticationError`)
or have the config fixed (`ConfigurationError`).
"""

from __future__ import annotations

import imaplib
import re
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager

from plugins.api import (
    AuthenticationError,
    ConfigurationError,
    PluginError,
    TemporarilyUnavailable,
)


class CertificateError(PluginError):
    """The server's certificate does not verify: never silently accepted."""


class QuotaExceeded(PluginError):
    """The mailbox is full: the server refuses to store more."""


# Dovecot ends its answers with timings, imaplib starts them with the command:
# neither helps a person.
_TIMINGS = re.compile(r"\s*\([0-9.+ ]+ secs\)\.?$")
_COMMAND = re.compile(r"^[a-z]+ failed: ", re.IGNORECASE)


def server_text(exc: BaseException) -> str:
    """The server's own words, without the protocol noise around them."""
    return _TIMINGS.sub("", _COMMAND.sub("", str(exc).strip()))


def _quota(text: str) -> bool:
    text = text.lower()
    return "overquota" in text or "quota" in text or "mailbox full" in text


def _lost(where: str, doing: str, exc: BaseException, instance: str) -> PluginError:
    return TemporarilyUnavailable(
        f"the connection to {where} was lost while {doing} ({exc or 'closed'}); "
        "what was fetched is stored: run again to resume",
        instance,
    )


def explain(
    exc: BaseException, instance: str, host: str, port: int, doing: str
) -> PluginError:
    """The PluginError that says what `exc` means to a person."""
    from imapclient.exceptions import IMAPClientError, LoginError

    where = f"{host}:{port}"
    if isinstance(exc, PluginError):
        return exc
    if isinstance(exc, socket.gaierror):
        return TemporarilyUnavailable(
            f"cannot find the server {host} (unknown host): check the host name "
            "in the config, or the network",
            instance,
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        return CertificateError(
            f"the certificate of {where} does not verify ({exc.verify_message}): "
            "check the host name; if the server uses its own certificate, set "
            "ca_file to it",
            instance,
        )
    if isinstance(exc, ssl.SSLEOFError | ssl.SSLZeroReturnError):
        return _lost(
            where, doing, exc, instance
        )  # TLS closed under us: not a setup fault
    if isinstance(exc, ssl.SSLError):
        return TemporarilyUnavailable(
            f"TLS with {where} failed ({exc.reason}): check the port and the TLS "
            "mode (tls for 993/465, starttls for 143/587)",
            instance,
        )
    if isinstance(exc, LoginError):
        return AuthenticationError(
            f"{host} refused the user name or password: check them "
            "(password_env, password_command or the keyring entry)",
            instance,
        )
    if isinstance(exc, ConnectionRefusedError):
        return TemporarilyUnavailable(
            f"{where} refused the connection: is the server up and the port right?",
            instance,
        )
    if isinstance(exc, TimeoutError | socket.timeout):
        return TemporarilyUnavailable(
            f"{where} did not answer in time while {doing}: will retry", instance
        )
    if isinstance(exc, imaplib.IMAP4.abort | OSError | EOFError):
        return _lost(where, doing, exc, instance)
    if isinstance(exc, IMAPClientError | imaplib.IMAP4.error):
        text = server_text(exc)
        if _quota(text):
            return QuotaExceeded(
                f"the mailbox at {host} is full ({text}) while {doing}: delete or "
                "archive mail on the server",
                instance,
            )
        if "nonexistent" in text.lower() or "doesn't exist" in text.lower():
            return ConfigurationError(
                f"{doing}: the folder does not exist on {host} ({text}): fix the "
                "folders or sent_folder setting (`comptoir channels check` lists them)",
                instance,
            )
        return PluginError(f"{host} refused {doing}: {text}", instance)
    raise exc


@contextmanager
def explained(instance: str, host: str, port: int, doing: str) -> Iterator[None]:
    """Turn any failure inside into a one-line PluginError naming the account."""
    try:
        yield
    except Exception as exc:
        raise explain(exc, instance, host, port, doing) from exc
