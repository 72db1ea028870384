"""How IMAP failures are said: one line a person can act on, of the right kind."""

from __future__ import annotations

import imaplib
import ssl

from imapclient.exceptions import LoginError

from plugins.api import (
    AuthenticationError,
    ConfigurationError,
    PluginError,
    TemporarilyUnavailable,
)
from plugins.email.errors import (
    QuotaExceeded,
    ServerRefused,
    decoded,
    explain,
    server_text,
)


def said(exc: BaseException, doing: str = "fetching folder INBOX") -> PluginError:
    return explain(exc, "support", "imap.example", 993, doing)


def test_a_tls_session_cut_mid_sync_is_a_lost_connection_not_a_setup_fault() -> None:
    error = said(ssl.SSLEOFError(8, "EOF occurred in violation of protocol"))
    assert isinstance(error, TemporarilyUnavailable)
    assert "lost while fetching folder INBOX" in error.message
    assert "run again to resume" in error.message and "TLS mode" not in error.message


def test_a_server_abort_mid_fetch_is_temporary() -> None:
    error = said(imaplib.IMAP4.abort("command: FETCH => socket error: EOF"))
    assert isinstance(error, TemporarilyUnavailable) and error.title == "support"


def test_a_full_mailbox_says_what_to_do_without_the_servers_noise() -> None:
    refusal = imaplib.IMAP4.error(
        "append failed: [OVERQUOTA] Quota exceeded (mailbox for user is full) "
        "(0.019 + 0.000 + 0.018 secs)."
    )
    assert server_text(refusal) == (
        "[OVERQUOTA] Quota exceeded (mailbox for user is full)"
    )
    error = said(refusal, "filing in Sent")
    assert isinstance(error, QuotaExceeded)
    assert error.message == (
        "the mailbox at imap.example is full ([OVERQUOTA] Quota exceeded (mailbox "
        "for user is full)) while filing in Sent: delete or archive mail on the server"
    )


def login(text: str) -> PluginError:
    return said(ServerRefused("LOGIN", text), "logging in")


def test_a_login_refusal_is_read_by_its_response_code_first() -> None:
    kinds = {
        "[LIMIT] Too many sessions": TemporarilyUnavailable,
        "[INUSE] Mailbox locked": TemporarilyUnavailable,
        "[UNAVAILABLE] Backend down": TemporarilyUnavailable,
        "[AUTHENTICATIONFAILED] Invalid credentials (Failure)": AuthenticationError,
        "[EXPIRED] Password expired": AuthenticationError,
        "[PRIVACYREQUIRED] Use TLS": ConfigurationError,
        "Login failed.": AuthenticationError,  # no code: the usual meaning
        "[ALERT] Too many simultaneous connections. (Failure)": TemporarilyUnavailable,
        "[ALERT] Please log in via your web browser": AuthenticationError,
    }
    for text, kind in kinds.items():
        error = login(text)
        assert type(error) is kind, text
        assert f"({text})" in error.message
    assert "the password has expired" in login("[EXPIRED] x").message
    bye = imaplib.IMAP4.abort("Maximum number of connections from user+IP exceeded")
    assert "too many connections" in said(bye, "logging in").message


def test_other_refusals_by_code_then_by_words() -> None:
    def refusal(text: str) -> PluginError:
        return said(ServerRefused("EXAMINE", text), "opening folder Archive")

    for text in (
        "[NONEXISTENT] Unknown Mailbox: Archive (now in authenticated state)",
        "[TRYCREATE] Mailbox doesn't exist: Archive",
        "Mailbox does not exist",  # Cyrus
        "Mailbox doesn't exist: Archive",  # Dovecot without a code
        "The specified folder could not be found in the store.",  # Exchange
    ):
        error = refusal(text)
        assert isinstance(error, ConfigurationError), text
        assert "the folder does not exist" in error.message
    assert isinstance(refusal("[OVERQUOTA] Quota exceeded"), QuotaExceeded)
    assert isinstance(refusal("[UNAVAILABLE] try later"), TemporarilyUnavailable)
    assert isinstance(refusal("[NOPERM] Access denied"), ConfigurationError)
    other = refusal("[CANNOT] No")
    assert type(other) is PluginError and other.message.endswith(": [CANNOT] No")


def test_the_servers_words_are_kept_whole_in_any_charset() -> None:
    assert decoded("Échec".encode()) == "Échec"
    assert decoded("Échec".encode("latin-1")) == "Échec"  # an old server
    as_repr = imaplib.IMAP4.error("Échec d'accès".encode())  # imaplib's bytes
    assert server_text(LoginError(str(as_repr))) == "Échec d'accès"
