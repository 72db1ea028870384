"""The sender against aiosmtpd and Dovecot: once, headers, Sent, recovery."""

from __future__ import annotations

import time
from email import message_from_bytes
from email.message import Message

import pytest

from storage.connection import Store
from storage.outbox import Author, list_outbox, queue_reply
from storage.outbox_state import due_replies, mark_sending, outbox_counts
from tests.functional_tests.email.conftest import (
    SHOP,
    Account,
    mail,
    smtp_options,
)
from tests.servers import SmtpServer

pytestmark = pytest.mark.server
CAMILLE = Author("Camille", SHOP)


async def replied(account: Account, store: Store) -> tuple[int, int]:
    """A customer's mail synced from INBOX, and the shop's queued reply."""
    account.append([mail(1)])
    await account.fetch(store)
    rows = await store.conn.execute_fetchall("SELECT conversation_id FROM messages")
    conv = int(next(iter(rows))[0])
    pk = await queue_reply(
        store, conv, "Bonjour Ann,\nIt ships today.", CAMILLE, quote=True
    )
    return conv, pk


def in_sent(account: Account, message_id: str) -> int:
    client = account.client()
    client.select_folder("Sent", readonly=True)
    found = client.search(["HEADER", "Message-ID", message_id])
    client.logout()
    return len(found)


def sent_mail(smtp: SmtpServer) -> list[Message]:
    return [message_from_bytes(e.original_content) for e in smtp.sink.messages]


async def test_smtp_down_then_back_sends_exactly_once_and_files_in_sent(
    account: Account, store: Store, smtp: SmtpServer
) -> None:
    conv, pk = await replied(account, store)
    via = smtp_options(smtp)
    await smtp.stop()
    down = await account.flush(store, **via)
    (entry,) = await list_outbox(store)
    assert (down.sent, down.retrying, entry.state, entry.attempts) == (
        0,
        1,
        "queued",
        1,
    )
    assert "refused the connection" in entry.last_error
    await smtp.start()
    assert (await account.flush(store, **via)).sent == 0  # backoff
    later = int(time.time()) + 3600
    up = await account.flush(store, later, **via)
    again = await account.flush(store, later + 3600, **via)
    assert (up.sent, again.sent, len(smtp.sink.messages)) == (1, 0, 1)
    (entry,) = await list_outbox(store)
    assert entry.state == "sent"
    (sent,) = sent_mail(smtp)
    header = await store.conn.execute_fetchall(
        "SELECT message_id_header FROM messages WHERE id = ?", (pk,)
    )
    message_id = next(iter(header))[0]
    assert sent["Message-ID"] == f"<{message_id}>"
    assert sent["From"] == f"Tea shop <{SHOP}>"
    assert sent["To"] == "Ann <ann@example.com>"
    assert sent["In-Reply-To"] == sent["References"] == "<q1@example.com>"
    assert sent["Subject"] == "Re: Question 1" and sent["Date"]
    body = sent.get_payload(decode=True).decode()
    assert body.startswith("Bonjour Ann,\nIt ships today.\n") or body.startswith(
        "Bonjour Ann,\r\nIt ships today."
    )
    assert "> Hello, about order #1001." in body  # the quoted original
    assert in_sent(account, f"<{message_id}>") == 1
    # The next sync meets the copy in Sent: the same reply, not a second one.
    await account.fetch(store)
    rows = await store.conn.execute_fetchall(
        "SELECT count(*) FROM messages WHERE conversation_id = ?", (conv,)
    )
    assert next(iter(rows))[0] == 2


async def test_a_permanent_refusal_stays_visible(
    account: Account, store: Store, smtp: SmtpServer
) -> None:
    await replied(account, store)
    smtp.sink.refuse = "550 5.1.1 no such user"
    report = await account.flush(store, **smtp_options(smtp))
    (entry,) = await list_outbox(store)
    assert (report.failed, entry.state) == (1, "failed")
    assert "550" in entry.last_error and "no such user" in entry.last_error
    assert (await outbox_counts(store))["failed"] == 1


async def test_a_reply_left_sending_is_looked_up_in_sent_before_a_resend(
    account: Account, store: Store, smtp: SmtpServer
) -> None:
    await replied(account, store)
    (row,) = await due_replies(store)
    raw = f"Message-ID: <{row.message_id_header}>\r\n\r\nx\r\n".encode()
    await mark_sending(store, row, raw, "support", False)  # died after its 250...
    account.append([raw], "Sent")  # ...and the server filed the mail itself
    report = await account.flush(store, **smtp_options(smtp))
    assert (report.sent, len(smtp.sink.messages)) == (1, 0)
    (entry,) = await list_outbox(store)
    assert (entry.state, entry.maybe_twice) == ("sent", False)


async def test_a_reply_left_sending_and_not_in_sent_is_sent_once(
    account: Account, store: Store, smtp: SmtpServer
) -> None:
    await replied(account, store)
    (row,) = await due_replies(store)
    first = b"Message-ID: <" + row.message_id_header.encode() + b">\r\n\r\nfirst\r\n"
    await mark_sending(store, row, first, "support", False)  # died mid-send
    report = await account.flush(store, **smtp_options(smtp))
    assert (report.sent, len(smtp.sink.messages)) == (1, 1)
    # The same bytes as the first attempt, Message-ID included, and said so.
    assert smtp.sink.messages[0].original_content.replace(b"\r\n", b"\n") == (
        first.replace(b"\r\n", b"\n")
    )
    (entry,) = await list_outbox(store)
    assert (entry.state, entry.maybe_twice) == ("sent", True)


async def test_a_reply_to_all_keeps_cc_and_bcc_travels_in_the_envelope_only(
    account: Account, store: Store, smtp: SmtpServer
) -> None:
    from dataclasses import replace

    from storage.recipients import parse_addresses, reply_recipients
    from storage.sending import send_reply

    account.append([mail(1, Cc="Bob <bob@example.com>, " + SHOP)])
    await account.fetch(store)
    rows = await store.conn.execute_fetchall("SELECT conversation_id FROM messages")
    conv = int(next(iter(rows))[0])
    everyone = await reply_recipients(store, conv, frozenset({SHOP}), everyone=True)
    blind = parse_addresses("boss@tea.example", "Bcc")
    await send_reply(
        store, conv, "Hello both.", CAMILLE, recipients=replace(everyone, bcc=blind)
    )
    report = await account.flush(store, **smtp_options(smtp))
    assert report.sent == 1
    (envelope,) = smtp.sink.messages
    assert sorted(envelope.rcpt_tos) == [
        "ann@example.com",
        "bob@example.com",
        "boss@tea.example",
    ]
    (sent,) = sent_mail(smtp)
    assert (sent["To"], sent["Cc"]) == (
        "Ann <ann@example.com>",
        "Bob <bob@example.com>",
    )
    assert sent["Bcc"] is None and b"boss@tea.example" not in envelope.original_content
