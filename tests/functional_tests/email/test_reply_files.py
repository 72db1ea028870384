"""A reply with a file (a name in French, with accents and a dash) and the
agent's signature, sent through the real SMTP server: both arrive, the file as
proper MIME with its type and an RFC 2231 name, the signature above the quote."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from console.attach_files import read_attachment
from console.reply_settings import Signatures
from console.signature import render_signature, signed
from storage.connection import Store
from storage.outbox import Author, queue_reply
from storage.reply_context import reply_context
from tests.functional_tests.email.conftest import SHOP, Account, mail, smtp_options
from tests.servers import SmtpServer

pytestmark = pytest.mark.server
NAME = "Facture n°1042 — été.pdf"


async def test_the_file_and_the_signature_arrive(
    account: Account, store: Store, smtp: SmtpServer, tmp_path: Path
) -> None:
    account.append([mail(1)])
    await account.fetch(store)
    rows = await store.conn.execute_fetchall("SELECT conversation_id FROM messages")
    conv = int(next(iter(rows))[0])
    pdf = tmp_path / NAME
    pdf.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    signatures = Signatures(
        {"fr": "Bien à vous,\n{{ agent.first_name }}, {{ shop.name }}"}
    )
    context = await reply_context(
        store,
        conv,
        order_number=None,
        shop={"name": "Tea shop"},
        agent={"name": "Camille"},
    )
    signature = render_signature(signatures, "Camille", "fr", context)
    body = signed("Bonjour Ann,\nvoici votre facture, ci-jointe.", signature)
    attachment = read_attachment(pdf, 0, 10 * 1024 * 1024)
    await queue_reply(
        store, conv, body, Author("Camille", SHOP), attachments=[attachment], quote=True
    )
    done = await account.flush(store, **smtp_options(smtp))
    assert done.sent == 1

    (envelope,) = smtp.sink.messages
    raw = envelope.original_content
    assert (
        b"filename*=utf-8''Facture%20n%C2%B01042%20%E2%80%94%20%C3%A9t%C3%A9.pdf" in raw
    )
    sent = message_from_bytes(raw, policy=policy.default)
    assert isinstance(sent, EmailMessage)
    (file,) = list(sent.iter_attachments())
    assert file.get_filename() == NAME
    assert file.get_content_type() == "application/pdf"
    assert file.get_content() == pdf.read_bytes()
    text = sent.get_body(("plain",))
    assert text is not None
    content = text.get_content().replace("\r\n", "\n")
    assert content.startswith(
        "Bonjour Ann,\nvoici votre facture, ci-jointe.\n\nBien à vous,\nCamille, Tea shop\n"
    )
    signature_at, quote_at = content.index("Bien à vous"), content.index("\n> ")
    assert signature_at < quote_at  # the signature is not inside the quoted history
