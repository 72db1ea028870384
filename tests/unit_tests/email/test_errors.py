"""How IMAP failures are said: one line a person can act on, of the right kind."""

from __future__ import annotations

import imaplib
import ssl

from plugins.api import TemporarilyUnavailable
from plugins.email.errors import QuotaExceeded, explain, server_text


def said(exc: BaseException, doing: str = "fetching folder INBOX") -> object:
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
