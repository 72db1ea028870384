"""A Bot API `Update` as comptoir's InboundMessage.

Only `message` updates become messages (a customer writing to the bot, alone
or in a group). Files are described in the text, not downloaded: a photo or a
document would need `getFile` and a second download per file.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from plugins.api import Address, InboundMessage

ALLOWED_UPDATES = ["message"]


def raw_bytes(update: dict[str, Any]) -> bytes:
    """The update as the server sent it (keys in its order, text unescaped)."""
    return json.dumps(update, ensure_ascii=False, separators=(",", ":")).encode()


def _size(item: dict[str, Any]) -> str:
    size = item.get("file_size")
    return f", {size / 1024:.0f} KB" if isinstance(size, int) else ""


def _described(message: dict[str, Any]) -> list[str]:
    """One line per thing that is not text, so the agent sees it was sent."""
    lines = []
    if message.get("photo"):
        lines.append("[photo, not downloaded: open the chat in Telegram to see it]")
    for kind in ("document", "audio", "video", "animation"):
        if isinstance(item := message.get(kind), dict):
            name = item.get("file_name") or kind
            lines.append(f"[{kind} {name}{_size(item)}, not downloaded]")
    if isinstance(voice := message.get("voice"), dict):
        lines.append(f"[voice message, {voice.get('duration', '?')} s, not downloaded]")
    if isinstance(sticker := message.get("sticker"), dict):
        lines.append(f"[sticker {sticker.get('emoji', '')}]".replace(" ]", "]"))
    if isinstance(place := message.get("location"), dict):
        lines.append(f"[location {place.get('latitude')}, {place.get('longitude')}]")
    if isinstance(contact := message.get("contact"), dict):
        lines.append(f"[contact {_name(contact)} {contact.get('phone_number', '')}]")
    return lines


def _name(person: dict[str, Any]) -> str:
    parts = [person.get("first_name"), person.get("last_name")]
    return " ".join(str(p) for p in parts if p)


def _phone_of_sender(message: dict[str, Any], sender_id: object) -> tuple[Address, ...]:
    """A customer who shares their own contact card gives their phone number."""
    contact = message.get("contact")
    if isinstance(contact, dict) and contact.get("user_id") == sender_id:
        phone = str(contact.get("phone_number", "")).strip()
        if phone:
            return (Address(_name(contact), phone, kind="phone"),)
    return ()


def to_message(update: dict[str, Any]) -> InboundMessage | None:
    """The update's message, None for other kinds of update; never raises."""
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    raw = raw_bytes(update)
    try:
        chat = message["chat"]
        user = message.get("from") or {}
        sender_id = user.get("id", chat["id"])
        text = message.get("text") or message.get("caption") or ""
        return InboundMessage(
            external_id=f"{chat['id']}:{message['message_id']}",
            raw=raw,
            sender=Address(
                _name(user) or str(chat.get("title", "")),
                f"telegram:{sender_id}",
                kind="chat",
            ),
            text="\n".join([text, *_described(message)]).strip(),
            sent_at=datetime.fromtimestamp(message["date"], UTC),
            thread_key=str(chat["id"]),
            also_known_as=_phone_of_sender(message, sender_id),
        )
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        return InboundMessage(
            external_id=f"update:{update.get('update_id')}",
            raw=raw,
            defects=(f"not a Bot API message: {type(exc).__name__} {exc}",),
        )
