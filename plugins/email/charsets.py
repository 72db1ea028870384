"""Charset labels as mail really uses them, and decoding that always succeeds.

A label is mapped to a Python codec once (cached). Unknown labels, and bytes that
do not fit the declared charset, fall back to UTF-8 read strictly, then
Windows-1252, which is what undeclared Western mail nearly always is (a known
multibyte charset with a few bad bytes keeps its own reading, bad bytes
replaced); each fallback is reported in the caller's defect list.
"""

from __future__ import annotations

import codecs
from functools import lru_cache

# Labels mail clients send that Python does not know.
_ALIASES: dict[str, str] = {
    "unicode-1-1-utf-7": "utf-7",
    "unicode-2-0-utf-7": "utf-7",
    "x-sjis": "shift_jis",
    "windows-31j": "cp932",
    "x-gbk": "gbk",
    "iso-8859-8-i": "iso-8859-8",
    "iso-8859-6-i": "iso-8859-6",
    "windows-874": "cp874",
    "x-mac-roman": "mac-roman",
    "x-mac-cyrillic": "mac-cyrillic",
}
# Codecs read as the Microsoft superset senders really use (WHATWG practice):
# Latin-1 mail is Windows-1252 (curly quotes, euro sign), and so on.
_SUPERSETS: dict[str, str] = {
    "iso8859-1": "cp1252",
    "euc_kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
    "tis-620": "cp874",
}

# Labels that name no charset at all: decode as undeclared text.
_NO_CHARSET = frozenset(
    {"x-unknown", "unknown", "unknown-8bit", "x-user-defined", "default", "charset"}
)

# Python codecs that are not mail charsets (they eval escapes, never decode, or
# are bytes-to-bytes transforms registered as text).
_NOT_CHARSETS = frozenset(
    {"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode"}
)


def clean_label(label: str) -> str:
    """The label lowercased, without quotes, spaces or an RFC 2231 language tag."""
    return label.strip().strip("\"'").strip().split("*", 1)[0].lower()


@lru_cache(maxsize=512)
def codec_for(label: str) -> str | None:
    """The Python codec for a charset label, or None when it names none we trust."""
    name = clean_label(label)
    if not name or name in _NO_CHARSET:
        return None
    name = _ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return _SUPERSETS.get(info.name, info.name)


def decode_undeclared(data: bytes) -> str:
    """Bytes of unknown charset: UTF-8 if they are valid UTF-8, else Windows-1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined: they become U+FFFD, never an error.
        return data.decode("cp1252", "replace")


def decode_text(data: bytes, label: str | None, where: str, defects: list[str]) -> str:
    """Decode `data` declared as `label`; any fallback is recorded as a defect."""
    if label is None or not label.strip():
        return data.decode("ascii") if data.isascii() else decode_undeclared(data)
    codec = codec_for(label)
    if codec is None:
        defects.append(
            f"unknown charset {clean_label(label)!r} in {where}, "
            f"read as {_guess_name(data)}"
        )
        return decode_undeclared(data)
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError, ValueError):
        return _decode_wrong(data, codec, where, defects)


def _decode_wrong(data: bytes, codec: str, where: str, defects: list[str]) -> str:
    """The declared charset does not fit the bytes: UTF-8, else the best guess."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        defects.append(f"undecodable {codec} text in {where}, read as UTF-8")
        return text
    if codec in {"ascii", "utf-8", "cp1252"}:
        defects.append(f"undecodable {codec} text in {where}, read as windows-1252")
        return data.decode("cp1252", "replace")
    # A multibyte charset with a few bad bytes: keep the rest of its text rather
    # than turning all of it into Windows-1252 mojibake.
    defects.append(f"undecodable {codec} text in {where}, bad bytes replaced")
    try:
        return data.decode(codec, "replace")
    except (LookupError, ValueError):
        return data.decode("cp1252", "replace")


def _guess_name(data: bytes) -> str:
    if data.isascii():
        return "ASCII"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "windows-1252"
    return "UTF-8"
