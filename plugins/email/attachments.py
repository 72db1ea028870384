"""Attachments: the files of a message, with names safe to write to disk.

Every leaf that is not shown as the body is a file; so is every uuencoded block
of a text body, and every file inside a TNEF (winmail.dat) attachment. A nested
message (message/rfc822) is one `.eml` file, written back from its parsed form.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass
from email.message import Message

from tnefparse import TNEF

from plugins.api import Attachment
from plugins.email.fastparse import message_bytes
from plugins.email.headers import POLICY, message_id
from plugins.email.slices import Original, part_content
from plugins.email.structure import Leaf
from plugins.email.transfer import (
    IDENTITY,
    decode_body,
    decode_bytes,
    decode_uu,
    payload_of,
    transfer_encoding,
)

MAX_NAME = 200  # bytes of UTF-8
# Only the built-in table: the system's mime.types differs from host to host.
_TYPES = mimetypes.MimeTypes()
_EXTENSIONS = {
    "application/octet-stream": ".bin",
    "image/jpg": ".jpg",
    "image/pjpeg": ".jpg",
    "message/rfc822": ".eml",
    "message/global": ".eml",
    "message/delivery-status": ".txt",
    "message/disposition-notification": ".txt",
    "text/enriched": ".txt",
    "text/richtext": ".rtx",
    "application/ms-tnef": ".dat",
    "application/vnd.ms-tnef": ".dat",
}
_TNEF_TYPES = frozenset({"application/ms-tnef", "application/vnd.ms-tnef"})
# Unnamed parts that mail clients name by what they are.
_USUAL_NAMES = {
    "application/pgp-signature": "signature.asc",
    "application/pkcs7-signature": "smime.p7s",
    "application/x-pkcs7-signature": "smime.p7s",
    "application/pgp-keys": "key.asc",
}
SIGNATURE_TYPES = frozenset(_USUAL_NAMES) - {"application/pgp-keys"}
# Names Windows refuses for a file whatever the extension.
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
)
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"|?*\u202a-\u202e\u2066-\u2069]')
# Line by line, and the search for `end` done once per block: linear time.
_UU_BEGIN = re.compile(
    r"^begin(?:-base64)? +[0-7]{3,4}(?: +(\S[^\r\n]*))?[ \t]*\n", re.MULTILINE
)
_UU_END = re.compile(r"^end[ \t]*(?:\n|\Z)", re.MULTILINE)


@dataclass(slots=True)
class Pending:
    """An attachment found in the walk, named once its position is known."""

    name: str | None
    content_type: str
    data: bytes
    disposition: str = "attachment"
    content_id: str | None = None


def extension_for(content_type: str) -> str:
    known = _EXTENSIONS.get(content_type)
    if known:
        return known
    guessed = _TYPES.guess_extension(content_type, strict=False)
    return guessed or ".bin"


def type_for(filename: str) -> str:
    """A content type guessed from a file name (uuencoded and TNEF files have none)."""
    guessed, _ = _TYPES.guess_type(filename, strict=False)
    return guessed or "application/octet-stream"


def safe_filename(name: str | None, index: int, content_type: str) -> str:
    """A file name safe on any disk; a missing one is made from the content type.

    Directories are dropped (`../../etc/passwd` gives `passwd`), controls and
    characters Windows forbids are removed or replaced, leading dots go (no
    hidden files, no `..`), reserved device names get a prefix, and the length
    is capped keeping the extension.
    """
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub(_unsafe_char, base).strip(" .")
    if base.split(".", 1)[0].rstrip().lower() in _RESERVED:
        base = "_" + base
    if not base and content_type in _USUAL_NAMES:
        return _USUAL_NAMES[content_type]
    if not base:
        kind = "message" if content_type.startswith("message/") else "attachment"
        return f"{kind}-{index}{extension_for(content_type)}"
    return _cap(base)


def _unsafe_char(match: re.Match[str]) -> str:
    char = match.group()
    return "_" if char in '<>:"|?*' else ""


def _cap(name: str) -> str:
    """At most MAX_NAME bytes in UTF-8 (file systems count bytes, 255 at most),
    the extension kept."""
    if len(name.encode()) <= MAX_NAME:
        return name
    stem, dot, ext = name.rpartition(".")
    if not (dot and 0 < len(ext.encode()) <= 20):
        stem, ext = name, ""
    room = MAX_NAME - (len(ext.encode()) + 1 if ext else 0)
    short = stem.encode()[:room].decode("utf-8", "ignore").rstrip(" .")
    return f"{short}.{ext}" if ext else short


def extract_uuencoded(
    text: str, where: str, defects: list[str]
) -> tuple[str, list[Pending]]:
    """Take `begin 644 name` ... `end` blocks out of a text body as files.

    `text` has Unix line endings already.
    """
    if "begin " not in text:
        return text, []
    found: list[Pending] = []
    kept = ""
    end = 0
    begin = _UU_BEGIN.search(text)
    while begin is not None:
        close = _UU_END.search(text, begin.end())
        if close is None:
            break  # no `end` line below: no later block can be whole either
        lines = text[begin.end() : close.start()].encode("latin-1", "replace")
        data = decode_uu(lines.splitlines())
        if data is None:
            defects.append(f"invalid uuencoded block in {where}, left in the text")
        else:
            name = (begin.group(1) or "").strip() or None
            found.append(Pending(name, type_for(name or ""), data))
            kept = _joined(kept, text[end : begin.start()])
            end = close.end()
        begin = _UU_BEGIN.search(text, close.end())
    if not found:
        return text, []
    return _joined(kept, text[end:]), found


def _joined(before: str, after: str) -> str:
    """Two pieces of text around a removed block: one blank line between them."""
    if not before.strip() or not after.strip():
        return before + after
    return before.rstrip("\n") + "\n\n" + after.lstrip("\n")


def is_tnef(content_type: str, name: str | None) -> bool:
    return content_type in _TNEF_TYPES or (name or "").lower() == "winmail.dat"


def tnef_files(data: bytes, where: str, defects: list[str]) -> list[Pending]:
    """The files inside a TNEF (winmail.dat) attachment; a broken one is a defect."""
    try:
        tnef = TNEF(data, do_checksum=False)
        files = [(_tnef_name(a), bytes(a.data)) for a in tnef.attachments]
    except Exception as exc:  # tnefparse raises anything on damaged input
        defects.append(f"unreadable TNEF data in {where}: {type(exc).__name__}")
        return []
    names = _distinct([name for name, _ in files])
    return [
        Pending(name, type_for(name or ""), blob)
        for name, (_, blob) in zip(names, files, strict=True)
    ]


def _distinct(names: list[str | None]) -> list[str | None]:
    """Outlook names every unnamed object "Untitled Attachment": the second of
    a name becomes "Untitled Attachment (2)", so that saving keeps both."""
    seen: dict[str, int] = {}
    out: list[str | None] = []
    for name in names:
        if not name:
            out.append(name)
            continue
        count = seen[name.lower()] = seen.get(name.lower(), 0) + 1
        stem, dot, ext = name.rpartition(".")
        if count == 1:
            out.append(name)
        elif dot and stem:
            out.append(f"{stem} ({count}).{ext}")
        else:
            out.append(f"{name} ({count})")
    return out


def _tnef_name(attachment: object) -> str | None:
    long_name = getattr(attachment, "long_filename", None)
    name: object = long_name() if callable(long_name) else None
    if isinstance(name, bytes):
        name = name.decode("utf-8", "replace")
    return name.strip("\x00") if isinstance(name, str) else None


def leaf_files(leaf: Leaf, original: Original, defects: list[str]) -> list[Pending]:
    """The attachment a leaf is, and for TNEF the files inside it too."""
    part = leaf.part
    data = nested_bytes(leaf, original, defects)
    if data is None:
        data = decode_body(part, leaf.where, defects)
    disposition = leaf.disposition
    content_id = message_id(part.get("content-id"))
    if disposition not in {"inline", "attachment"}:
        disposition = "inline" if content_id else "attachment"
    first = Pending(leaf.name, leaf.type, data, disposition, content_id)
    if not is_tnef(leaf.type, leaf.name):
        return [first]
    return [first, *tnef_files(data, leaf.where, defects)]


def nested_bytes(leaf: Leaf, original: Original, defects: list[str]) -> bytes | None:
    """A message/* part's content: cut from the raw message, else written back."""
    inner = payload_of(leaf.part)
    if not isinstance(inner, list):
        return None  # not parsed as messages: an ordinary leaf
    encoding = transfer_encoding(leaf.part)
    data = part_content(original, leaf.path)
    if data is None or not _starts_as(data, inner, encoding):
        try:
            data = b"".join(message_bytes(m, POLICY, original.linesep) for m in inner)
        except Exception as exc:  # the generator trips over some damaged messages
            defects.append(f"{leaf.where} not written back: {type(exc).__name__}")
            return b""
    if encoding in IDENTITY:
        return data
    # Base64 or quoted-printable (not allowed, but sent): the parser read the
    # encoded text as a message; what it holds is that text decoded.
    return decode_bytes(data.lstrip(b"\r\n"), encoding, leaf.where, defects)


def _starts_as(data: bytes, inner: list[Message], encoding: str) -> bool:
    """A sanity check of a cut: it begins with the nested message's first field."""
    if encoding not in IDENTITY or not inner or not inner[0].keys():
        return True
    first = inner[0].keys()[0].encode("ascii", "surrogateescape")
    return data[: len(first)].lower() == first.lower()


def named(pending: list[Pending]) -> tuple[Attachment, ...]:
    """The attachments, each with a safe name (made up from its position if need be)."""
    return tuple(
        Attachment(
            safe_filename(p.name, index, p.content_type),
            p.content_type,
            p.data,
            p.disposition,
            p.content_id,
        )
        for index, p in enumerate(pending, 1)
    )
