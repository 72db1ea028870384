"""Network and protocol failures, said in one line naming the account and what to do.

Each error is one of the plugin API's kinds, so that callers know whether to
retry (`TemporarilyUnavailable`), ask for a new password (`AuthenticationError`)
or have the config fixed (`ConfigurationError`). A server's refusal is read by
its response code first (RFC 5530: `[LIMIT]`, `[UNAVAILABLE]`, `[NONEXISTENT]`,
...), by its words only when it gives none; its words are kept as it wrote
them, accents included.
"""

from __future__ import annotations

import ast
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


class ServerRefused(Exception):
    """A command the server answered NO or BAD to, with its words decoded."""

    def __init__(self, command: str, text: str) -> None:
        super().__init__(f"{command} failed: {text}")
        self.command, self.text = command, text


def decoded(raw: bytes | str) -> str:
    """A server's words as text: UTF-8 as RFC 9051 has it, else Latin-1 (some
    old servers); never a character dropped."""
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


# Dovecot ends its answers with timings, imaplib starts them with the command:
# neither helps a person.
_TIMINGS = re.compile(r"\s*\([0-9.+ ]+ secs\)\.?$")
_COMMAND = re.compile(r"^[a-z ]+ failed: ", re.IGNORECASE)
_CODE = re.compile(r"^\[([A-Za-z-]+)")
_MISSING = re.compile(
    r"does ?n[o']t exist|no such (mailbox|folder)|unknown (mailbox|folder)"
    r"|(mailbox|folder) not found|could not be found",
    re.IGNORECASE,
)
_TOO_MANY = re.compile(r"too many|maximum number of connections", re.IGNORECASE)
# Codes that settle what a refusal means (RFC 5530, RFC 3501's TRYCREATE);
# with any other ([ALERT], a vendor's own) the words are read instead.
_SETTLED = frozenset((
    "LIMIT", "INUSE", "UNAVAILABLE", "SERVERBUG", "PRIVACYREQUIRED", "EXPIRED",
    "CONTACTADMIN", "AUTHENTICATIONFAILED", "AUTHORIZATIONFAILED", "OVERQUOTA",
    "NONEXISTENT", "TRYCREATE", "NOPERM", "CANNOT", "ALREADYEXISTS", "CORRUPTION",
    "EXPUNGEISSUED", "CLIENTBUG",
))  # fmt: skip


def server_text(exc: BaseException) -> str:
    """The server's own words, without the protocol noise around them."""
    if isinstance(exc, ServerRefused):
        text = exc.text
    else:
        text = _COMMAND.sub("", _unrepr(str(exc).strip()))
    return _TIMINGS.sub("", text.strip())


def _unrepr(text: str) -> str:
    """imaplib hands some refusals over as bytes, which imapclient then turns
    into their repr (`b"\\xc3\\xa9..."`): the words, decoded."""
    if text[:2] in ('b"', "b'") and text[-1:] == text[1]:
        try:
            return decoded(ast.literal_eval(text))
        except (ValueError, SyntaxError):
            return text
    return text


def response_code(text: str) -> str:
    """The response code the answer starts with ('LIMIT'), or ''."""
    found = _CODE.match(text)
    return found.group(1).upper() if found else ""


def _lost(where: str, doing: str, exc: BaseException, instance: str) -> PluginError:
    return TemporarilyUnavailable(
        f"the connection to {where} was lost while {doing} ({exc or 'closed'}); "
        "what was fetched is stored: run again to resume",
        instance,
    )


def _too_many(host: str, text: str, instance: str) -> PluginError:
    return TemporarilyUnavailable(
        f"{host} has too many connections open to this mailbox ({text}): close "
        "another mail program using it, or wait: will retry",
        instance,
    )


def login_refused(host: str, text: str, instance: str) -> PluginError:
    """What a NO to LOGIN means, by its RFC 5530 code."""
    code = response_code(text)
    words = code not in _SETTLED
    if code in ("LIMIT", "INUSE") or (words and _TOO_MANY.search(text)):
        return _too_many(host, text, instance)
    if code in ("UNAVAILABLE", "SERVERBUG"):
        return TemporarilyUnavailable(
            f"{host} cannot log in just now ({text}): will retry", instance
        )
    if code == "PRIVACYREQUIRED":
        return ConfigurationError(
            f'{host} takes no password without TLS ({text}): set imap_tls = "tls" '
            'or "starttls"',
            instance,
        )
    hints = {
        "EXPIRED": "the password has expired: change it with the mail provider, "
        "then where comptoir reads it",
        "AUTHORIZATIONFAILED": "this user may not open the mailbox: check username",
        "CONTACTADMIN": "ask the mail provider why",
    }
    hint = hints.get(
        code, "check them (password_env, password_command or the keyring entry)"
    )
    return AuthenticationError(
        f"{host} refused the user name or password ({text}): {hint}", instance
    )


def refused(host: str, text: str, doing: str, instance: str) -> PluginError:
    """What a NO to any other command means, by its code, then its words."""
    code = response_code(text)
    words = code not in _SETTLED
    if code == "OVERQUOTA" or (words and _quota(text)):
        return QuotaExceeded(
            f"the mailbox at {host} is full ({text}) while {doing}: delete or "
            "archive mail on the server",
            instance,
        )
    if code in ("NONEXISTENT", "TRYCREATE") or (words and _MISSING.search(text)):
        return ConfigurationError(
            f"{doing}: the folder does not exist on {host} ({text}): fix the "
            "folders or sent_folder setting (`comptoir channels check` lists them)",
            instance,
        )
    if code in ("LIMIT", "INUSE", "UNAVAILABLE", "SERVERBUG"):
        return TemporarilyUnavailable(
            f"{host} cannot serve {doing} just now ({text}): will retry", instance
        )
    if code == "NOPERM":
        return ConfigurationError(
            f"{host} does not let this account do {doing} ({text}): check the "
            "folders and sent_folder settings",
            instance,
        )
    return PluginError(f"{host} refused {doing}: {text}", instance)


def _quota(text: str) -> bool:
    text = text.lower()
    return "quota" in text or "mailbox full" in text


def _network(
    exc: BaseException, host: str, port: int, doing: str, instance: str
) -> PluginError | None:
    """The socket and TLS failures; None for anything else."""
    where = f"{host}:{port}"
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
        return _lost(where, doing, exc, instance)  # cut under us: no setup fault
    if isinstance(exc, ssl.SSLError):
        return TemporarilyUnavailable(
            f"TLS with {where} failed ({exc.reason}): check the port and the TLS "
            "mode (tls for 993/465, starttls for 143/587)",
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
    return None


def explain(
    exc: BaseException, instance: str, host: str, port: int, doing: str
) -> PluginError:
    """The PluginError that says what `exc` means to a person."""
    from imapclient.exceptions import IMAPClientError, LoginError

    if isinstance(exc, PluginError):
        return exc
    if (found := _network(exc, host, port, doing, instance)) is not None:
        return found
    logging_in = doing == "logging in"
    if isinstance(exc, imaplib.IMAP4.abort | OSError | EOFError):
        text = server_text(exc)  # a BYE: "Too many connections" at login
        if logging_in and (response_code(text) == "LIMIT" or _TOO_MANY.search(text)):
            return _too_many(host, text, instance)
        return _lost(f"{host}:{port}", doing, exc, instance)
    if isinstance(exc, ServerRefused) and exc.command == "LOGIN":
        return login_refused(host, server_text(exc), instance)
    if isinstance(exc, LoginError):
        return login_refused(host, server_text(exc), instance)
    if isinstance(exc, ServerRefused | IMAPClientError | imaplib.IMAP4.error):
        return refused(host, server_text(exc), doing, instance)
    raise exc


@contextmanager
def explained(instance: str, host: str, port: int, doing: str) -> Iterator[None]:
    """Turn any failure inside into a one-line PluginError naming the account."""
    try:
        yield
    except Exception as exc:
        raise explain(exc, instance, host, port, doing) from exc
