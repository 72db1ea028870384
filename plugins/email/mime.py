"""The MIME bytes of a reply, built once from the stored record."""

from __future__ import annotations

from datetime import UTC
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr

from plugins.api import OutboundReply


def bracket(message_id: str) -> str:
    """`<id>` as headers write it; the store keeps ids without brackets."""
    return f"<{message_id.strip().strip('<>')}>"


def _quoted(reply: OutboundReply) -> str:
    quote = reply.quote
    if quote is None or not quote.text:
        return ""
    when = (
        format_datetime(quote.sent_at.astimezone(UTC)) if quote.sent_at else "earlier"
    )
    lines = quote.text.rstrip("\n").splitlines() or [""]
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
    return f"\n\nOn {when}, {quote.author or 'you'} wrote:\n{quoted}\n"


def build_reply(reply: OutboundReply, from_address: str) -> bytes:
    """RFC 5322 bytes: From with the shop's name, the Message-ID chosen when the
    reply was queued, In-Reply-To and References for the customer's threading."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = formataddr((reply.sender.name, from_address))
    msg["To"] = ", ".join(formataddr((p.name, p.address)) for p in reply.to)
    if reply.cc:
        msg["Cc"] = ", ".join(formataddr((p.name, p.address)) for p in reply.cc)
    # No Bcc header, ever: blind copies travel in the SMTP envelope only.
    msg["Subject"] = reply.subject
    msg["Date"] = format_datetime(reply.sent_at.astimezone(UTC))
    msg["Message-ID"] = bracket(reply.message_id)
    if reply.in_reply_to:
        msg["In-Reply-To"] = bracket(reply.in_reply_to)
    if reply.references:
        # Folded by the policy; very long chains keep the first and the last ones
        # (RFC 5322 3.6.4 allows trimming the middle).
        refs = list(reply.references)
        if len(refs) > 20:
            refs = refs[:1] + refs[-19:]
        msg["References"] = " ".join(bracket(r) for r in refs)
    if reply.automatic:  # RFC 3834: out-of-office responders must not answer it
        msg["Auto-Submitted"] = "auto-generated"
    msg["MIME-Version"] = "1.0"
    body = reply.text if reply.text.endswith("\n") else reply.text + "\n"
    msg.set_content(body + _quoted(reply), subtype="plain", charset="utf-8")
    for item in reply.attachments:
        maintype, _, subtype = item.content_type.partition("/")
        msg.add_attachment(
            item.data,
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            filename=item.filename,
        )
    return msg.as_bytes()
