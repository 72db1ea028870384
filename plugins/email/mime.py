"""The MIME bytes of a reply, built once from the stored record."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr

from plugins.api import Attachment
from storage.outbox_state import OutgoingMail


def bracket(message_id: str) -> str:
    """`<id>` as headers write it; the store keeps ids without brackets."""
    return f"<{message_id.strip().strip('<>')}>"


def _quoted(mail: OutgoingMail) -> str:
    if not mail.quote:
        return ""
    when = (
        format_datetime(datetime.fromtimestamp(mail.quote_at, UTC))
        if mail.quote_at
        else "earlier"
    )
    lines = mail.quote.rstrip("\n").splitlines() or [""]
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
    return f"\n\nOn {when}, {mail.quote_from or 'you'} wrote:\n{quoted}\n"


def build_reply(
    mail: OutgoingMail,
    from_name: str,
    from_address: str,
    attachments: Sequence[Attachment] = (),
) -> bytes:
    """RFC 5322 bytes: From with the shop's name, the Message-ID chosen when the
    reply was queued, In-Reply-To and References for the customer's threading."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = formataddr((from_name, from_address))
    msg["To"] = ", ".join(formataddr(p) for p in mail.to)
    if mail.cc:
        msg["Cc"] = ", ".join(formataddr(p) for p in mail.cc)
    # No Bcc header, ever: blind copies travel in the SMTP envelope only.
    msg["Subject"] = mail.subject
    msg["Date"] = format_datetime(datetime.fromtimestamp(mail.sent_at, UTC))
    msg["Message-ID"] = bracket(mail.message_id_header)
    if mail.in_reply_to:
        msg["In-Reply-To"] = bracket(mail.in_reply_to)
    if mail.references:
        # Folded by the policy; very long chains keep the first and the last ones
        # (RFC 5322 3.6.4 allows trimming the middle).
        refs = list(mail.references)
        if len(refs) > 20:
            refs = refs[:1] + refs[-19:]
        msg["References"] = " ".join(bracket(r) for r in refs)
    if mail.automated:  # RFC 3834: out-of-office responders must not answer it
        msg["Auto-Submitted"] = "auto-generated"
    msg["MIME-Version"] = "1.0"
    body = mail.body if mail.body.endswith("\n") else mail.body + "\n"
    msg.set_content(body + _quoted(mail), subtype="plain", charset="utf-8")
    for item in attachments:
        maintype, _, subtype = item.content_type.partition("/")
        msg.add_attachment(
            item.data,
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            filename=item.filename,
        )
    return msg.as_bytes()


def wrap_note(text: str, width: int = 72) -> str:
    """Long error texts from servers, cut for a one-line display."""
    return textwrap.shorten(" ".join(text.split()), width)
