"""A visitor's entry, as the widget server hands it over, made an InboundMessage.

The raw original kept by the core is the entry's JSON exactly as received, so
`parse` gives the same message back. Each entry names the one before it in the
visitor's conversation as In-Reply-To (a reply of the shop's by the Message-ID
the core chose for it), and carries the visitor's id as its thread key.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

from plugins.api import Address, Attachment, InboundMessage


def message_id(server: str, seq: int) -> str:
    return f"{seq}.{server}@chat.comptoir.invalid"


def _entry_message_id(entry: dict[str, Any], server: str) -> str:
    if entry["direction"] == "out":  # a reply: the core chose its Message-ID
        data = entry.get("data") or {}
        return str(data.get("message_id") or entry["key"])
    return message_id(server, int(entry["seq"]))


def handle(visitor_id: str) -> str:
    return f"widget:{visitor_id}"


def to_message(raw: bytes, trust_given_email: bool) -> InboundMessage:
    """`raw`: one item of the server's `inbound` answer, with `server` added.
    `trust_given_email`: a typed (unsigned) address counts as the visitor's
    identity; when the shop verifies identities, only signed ones do."""
    item = json.loads(raw)
    server, entry, visitor = item["server"], item["entry"], item["visitor"]
    previous = item.get("previous")
    data = entry.get("data") or {}
    name, email = str(visitor.get("name", "")), str(visitor.get("email", ""))
    reached = (Address(name, email),) if email else ()
    trusted = email and (visitor.get("email_verified") or trust_given_email)
    parent = data.get("answers") if entry["kind"] == "rating" else None
    if parent is None and previous is not None:
        parent = _entry_message_id(previous, server)
    files: tuple[Attachment, ...] = ()
    if file := entry.get("file"):
        blob = base64.b64decode(item.get("file_data", ""))
        files = (Attachment(file["filename"], file["content_type"], blob),)
    topic = str(visitor.get("topic") or "")
    return InboundMessage(
        external_id=f"{server}:{entry['seq']}",
        raw=raw,
        sender=Address(name, handle(visitor["id"]), "chat"),
        reply_to=reached,
        subject=topic or (f"Chat with {name}" if name else "Chat"),
        text=str(entry.get("text", "")),
        sent_at=datetime.fromtimestamp(float(entry["at"]), UTC),
        message_id=message_id(server, int(entry["seq"])),
        in_reply_to=(str(parent),) if parent else (),
        attachments=files,
        top_type="text/plain",
        parts=("text/plain", *(f.content_type for f in files)),
        thread_key=str(visitor["id"]),
        cursor=json.dumps({"server": server, "seq": int(entry["seq"])}),
        also_known_as=(Address(name, email.lower()),) if trusted else (),
    )


def raw_item(item: dict[str, Any], server: str) -> bytes:
    """The bytes kept as the message's original: the item as the server sent it."""
    return json.dumps(
        {"server": server, **item}, ensure_ascii=False, sort_keys=True
    ).encode()
