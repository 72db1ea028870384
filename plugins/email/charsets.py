"""Charset labels as mail really uses them, and decoding that always succeeds.

A label is mapped to a Python codec once (cached). Unknown labels, and bytes that
do not fit the declared charset, fall back to UTF-8 read strictly, then
Windows-1252, which is what undeclared Western mail nearly always is (a known
multibyte charset with a few bad bytes keeps its own reading, bad bytes
replaced); each fallback is reported in the caller's defect list.
"""

from __future__ import annotations

import codecs
import re
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


# 7-bit charsets: their bytes are ASCII, so UTF-8 would "succeed" and show the
# escapes raw. Their supersets are tried instead, then the codec itself with
# bad sequences replaced.
_SEVEN_BIT: dict[str, tuple[str, ...]] = {
    "iso2022_jp": ("iso2022_jp_2", "iso2022_jp_ext", "cp50221"),
    "iso2022_jp_1": ("iso2022_jp_2", "cp50221"),
    "iso2022_jp_2": ("cp50221",),
    "iso2022_jp_ext": ("cp50221",),
    "iso2022_kr": (),
    "utf-7": (),
    "hz": (),
}


def _decode_wrong(data: bytes, codec: str, where: str, defects: list[str]) -> str:
    """The declared charset does not fit the bytes: UTF-8, else the best guess."""
    if codec in _SEVEN_BIT and data.isascii():
        return _decode_seven_bit(data, codec, where, defects)
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


def _decode_seven_bit(data: bytes, codec: str, where: str, defects: list[str]) -> str:
    for superset in _SEVEN_BIT[codec]:
        try:
            return (
                decode_cp50221(data) if superset == "cp50221" else data.decode(superset)
            )
        except (UnicodeDecodeError, ValueError):
            continue
    defects.append(f"undecodable {codec} text in {where}, bad sequences replaced")
    return data.decode(codec, "replace")


_ISO2022_ESCAPE = re.compile(rb"\x1b(\(B|\(J|\(I|\$@|\$B|\$\(D)")


def decode_cp50221(data: bytes) -> str:
    """ISO-2022-JP as Windows writes it (CP50220/50221): JIS X 0208 with the NEC
    special characters (①, ㈱, Ⅲ) and the IBM extensions, and half-width kana.
    Each JIS pair is moved to Shift_JIS and read as cp932, which holds them all;
    raises UnicodeDecodeError on what is no such text."""
    out = bytearray()
    mode = b"(B"
    at = 0
    for escape in [*_ISO2022_ESCAPE.finditer(data), None]:
        end = len(data) if escape is None else escape.start()
        out += _to_shift_jis(data[at:end], mode)
        if escape is not None:
            mode, at = escape.group(1), escape.end()
    if b"\x1b" in data[at:]:
        raise UnicodeDecodeError("cp50221", data, 0, len(data), "unknown escape")
    return out.decode("cp932")


def _to_shift_jis(chunk: bytes, mode: bytes) -> bytes:
    if mode in (b"(B", b"(J"):
        return chunk
    if mode == b"(I":  # JIS X 0201 katakana: the same byte with its high bit set
        return bytes(byte | 0x80 for byte in chunk)
    if mode == b"$(D":
        raise UnicodeDecodeError("cp50221", chunk, 0, len(chunk), "JIS X 0212")
    out = bytearray()
    for piece in _LINE_BREAKS.split(chunk):  # no break should sit in a JIS run
        if piece in (b"\n", b"\r\n") or len(piece) % 2 == 0:
            out += piece if piece[:1] in (b"\n", b"\r") else _jis_pairs(piece)
        else:
            raise UnicodeDecodeError("cp50221", chunk, 0, len(chunk), "odd JIS run")
    return bytes(out)


_LINE_BREAKS = re.compile(rb"(\r?\n)")


def _jis_pairs(piece: bytes) -> bytes:
    out = bytearray()
    for first, second in zip(piece[::2], piece[1::2], strict=True):
        if first & 1:
            second += 0x1F + (second >= 0x60)
        else:
            second += 0x7E
        lead = ((first + 1) >> 1) + 0x70
        out += bytes((lead + 0x40 if lead >= 0xA0 else lead, second))
    return bytes(out)
