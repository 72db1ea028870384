"""Content-Transfer-Encoding: a part's raw body back to its bytes, keeping what decodes."""

from __future__ import annotations

import binascii
import re
from email.message import Message

_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/]")
IDENTITY = frozenset({"", "7bit", "8bit", "binary", "7-bit", "8-bit"})
_UUENCODE = frozenset({"x-uuencode", "uuencode", "x-uue", "uue"})


def payload_of(part: Message) -> str | list[Message] | None:
    """The part's payload as parsed: its sub-messages, or its body as a str.

    Not get_payload(): for 8-bit parts it returns text decoded with 'replace'.
    """
    payload = getattr(part, "_payload", None)
    return payload if isinstance(payload, str | list) else None


def raw_body(part: Message) -> bytes:
    """The part's body bytes as they were in the message (before any decoding)."""
    payload = payload_of(part)
    if not isinstance(payload, str):
        return b""
    try:
        return payload.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return payload.encode("utf-8", "surrogateescape")


def transfer_encoding(part: Message) -> str:
    value = part.get("content-transfer-encoding")
    if not value:
        return ""
    return str(value).split(";", 1)[0].strip().strip("\"'").lower()


def decode_body(part: Message, where: str, defects: list[str]) -> bytes:
    """The part's content bytes, its transfer encoding undone."""
    return decode_bytes(raw_body(part), transfer_encoding(part), where, defects)


def decode_bytes(data: bytes, encoding: str, where: str, defects: list[str]) -> bytes:
    """Undo a Content-Transfer-Encoding (given lowercased), keeping what decodes."""
    if encoding == "base64":
        return decode_base64(data, where, defects)
    if encoding == "quoted-printable":
        return binascii.a2b_qp(data)
    if encoding in _UUENCODE:
        decoded = decode_uu(data.splitlines())
        if decoded is None:
            defects.append(f"invalid uuencoded data in {where}, kept as is")
            return data
        return decoded
    if encoding not in IDENTITY:
        defects.append(f"unknown Content-Transfer-Encoding {encoding!r} in {where}")
    return data


def decode_base64(data: bytes, where: str, defects: list[str]) -> bytes:
    """Base64 that tolerates junk and bad padding; a repair is a defect."""
    try:
        return binascii.a2b_base64(data)
    except binascii.Error:
        pass
    decoded = repair_base64(data)
    defects.append(f"invalid base64 in {where}, kept {len(decoded)} decoded bytes")
    return decoded


def repair_base64(data: bytes) -> bytes:
    """Whatever whole bytes the base64 letters before any '=' still give."""
    letters = _NOT_BASE64.sub(b"", data.split(b"=", 1)[0])
    extra = len(letters) % 4
    if extra == 1:  # a lone trailing letter carries no whole byte
        letters = letters[:-1]
    elif extra:
        letters += b"=" * (4 - extra)
    return binascii.a2b_base64(letters)


def decode_uu(lines: list[bytes]) -> bytes | None:
    """Decode uuencoded lines (begin/end lines skipped); None if nothing decodes."""
    out = bytearray()
    for line in lines:
        text = line.rstrip(b"\r\n")
        word = text.strip()
        if word == b"end":
            break
        if not word or word == b"`" or word.startswith(b"begin "):
            continue
        chunk = _uu_line(text)
        if chunk is None:
            break  # keep what decoded before the damage
        out += chunk
    return bytes(out) if out else None


def _uu_line(line: bytes) -> bytes | None:
    try:
        return binascii.a2b_uu(line)
    except binascii.Error:
        pass
    # Some encoders pad lines wrongly: trust the length byte (as the uu module did).
    count = (((line[0] - 32) & 63) * 4 + 5) // 3
    try:
        return binascii.a2b_uu(line[:count])
    except binascii.Error:
        return None
