"""The demo's messages as channels deliver them: real mail bytes, chat events."""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from functools import cache

from console.demo.data import SHOP_ADDRESS, SHOP_NAME
from plugins.api import Address, Channel, InboundMessage, RawMessage
from plugins.registry import load_channel

SHOP = Address(SHOP_NAME, SHOP_ADDRESS)


def tiny_png() -> bytes:
    """A valid 2x2 blue PNG: the photo of a broken teapot, in spirit."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data))
        )

    pixels = b"".join(b"\x00" + b"\x1f\x4e\xa0" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


INVOICE = b"%PDF-1.4\n% Facture La Theiere Bleue\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def email_message(
    sender: Address,
    recipient: Address,
    subject: str,
    text: str,
    at: datetime,
    message_id: str,
    parents: list[str],
    attachment: str | None = None,
) -> InboundMessage:
    mail = EmailMessage()
    mail["From"] = str(sender)
    mail["To"] = str(recipient)
    mail["Subject"] = subject
    mail["Date"] = format_datetime(at)
    mail["Message-ID"] = f"<{message_id}>"
    if parents:
        mail["In-Reply-To"] = f"<{parents[-1]}>"
        mail["References"] = " ".join(f"<{p}>" for p in parents)
    mail.set_content(text)
    if attachment == "photo":
        mail.add_attachment(
            tiny_png(), maintype="image", subtype="png", filename="théière.png"
        )
    elif attachment == "invoice":
        mail.add_attachment(
            INVOICE, maintype="application", subtype="pdf", filename="facture.pdf"
        )
    if mail.is_multipart():
        mail.set_boundary(f"=_demo_{message_id}")  # the stdlib's would be random
    # Parsed as any mail is: by the email channel, found by its entry point,
    # and known by its bytes, as a file's message is.
    raw = mail.as_bytes()
    key = "sha256:" + hashlib.sha256(raw).hexdigest()
    return _email_channel().parse(RawMessage(key, raw))


def chat_message(
    session: str,
    n: int,
    sender: Address,
    recipient: Address,
    subject: str,
    text: str,
    at: datetime,
    parent: str | None,
) -> InboundMessage:
    event = {
        "session": session,
        "seq": n,
        "from": sender.address,
        "text": text,
        "at": at.isoformat(),
    }
    return InboundMessage(
        external_id=f"chat:{session}:{n}",
        raw=json.dumps(event, ensure_ascii=False).encode(),
        sender=sender,
        to=(recipient,),
        subject=subject,
        text=text,
        sent_at=at,
        message_id=f"{session}.{n}@chat.latheierebleue.fr",
        in_reply_to=(parent,) if parent else (),
        thread_key=session,
        top_type="text/plain",
        parts=("text/plain",),
    )


def quoted(text: str, author: str, at: datetime, french: bool) -> str:
    intro = (
        f"Le {at:%d/%m/%Y à %H:%M}, {author} a écrit :"
        if french
        else f"On {at:%d %b %Y at %H:%M}, {author} wrote:"
    )
    return "\n\n" + intro + "\n" + "\n".join(f"> {line}" for line in text.splitlines())


@cache
def _email_channel() -> type[Channel]:
    """Found once: each lookup reads every installed package's entry points
    (half of the demo's build time when done per message)."""
    return load_channel("email")
