"""The top header block made readable before parsing, the raw bytes untouched.

The stdlib's feed parser ends the header block at the first line that is not a
field: `X-Mailer : Old 1.0` (whitespace before the colon, the obsolete syntax
RFC 5322 section 4.5 still asks readers to accept), or a folded line that lost
its leading space, turns From, Subject and the whole MIME tree into body text.
As MimeKit and Stalwart do, the obsolete form is read as a field and a stray
line between two fields is skipped with a defect. A UTF-8 byte-order mark
before the first field (a message saved by a Windows editor) is skipped; and a
Content-Type whose parameters lack their ';' (found in the parsed tree, so that
only such a message is scanned again) gets it.
Only the bytes handed to the parser change: the message keeps its raw original.
"""

from __future__ import annotations

import re
from email.message import Message

_BOM = b"\xef\xbb\xbf"
_FIELD = re.compile(rb"[\x21-\x39\x3b-\x7e]+:")
_OBSOLETE = re.compile(rb"([\x21-\x39\x3b-\x7e]+)[ \t]+:")
_BLANK = re.compile(rb"\n\r?\n")
# Fields and their continuation lines, nothing else (the quick parser's test).
_CLEAN = re.compile(rb"(?:[\x21-\x39\x3b-\x7e]+:[^\n]*\n(?:[ \t][^\n]*\n)*)+")
# `Content-Type: multipart/mixed` then a folded `boundary="..."` with no ';'
# between them: the parameter is lost and the multipart read as text.
_UNSEPARATED = re.compile(
    rb"^(content-type:[ \t]*[\w.+-]+/[\w.+-]+)(?=[ \t]*(?:\r?\n)?[ \t]+[\w*-]+[ \t]*=)",
    re.I | re.M,
)
# A stray line is skipped only when a field follows within this many lines;
# otherwise the header block ends there, as it always did (no blank line).
_STRAY_RUN = 3
# Header blocks are small; a hostile one is read this far at most.
_LIMIT = 1 << 20


def _is_field(line: bytes) -> bool:
    return _FIELD.match(line) is not None or _OBSOLETE.match(line) is not None


def _blank(line: bytes) -> bool:
    return line in (b"\n", b"\r\n", b"")


def _lines(data: bytes) -> list[bytes]:
    """The lines of the header block and the first line after it, at most."""
    lines: list[bytes] = []
    at = 0
    while at < min(len(data), _LIMIT):
        newline = data.find(b"\n", at)
        end = len(data) if newline < 0 else newline + 1
        lines.append(data[at:end])
        if _blank(lines[-1]):
            break
        at = end
    return lines


def readable(raw: bytes, defects: list[str]) -> bytes:
    """The bytes to parse: `raw`, or a copy whose header block is repaired."""
    data = raw.removeprefix(_BOM)
    blank = _BLANK.search(data, 0, _LIMIT)
    if data is raw and blank and _CLEAN.fullmatch(data, 0, blank.start() + 1):
        return raw  # the common case, settled by one regex
    lines = _lines(data)
    kept: list[bytes] = []
    changed = data is not raw
    index = 0
    while index < len(lines):
        line = lines[index]
        field = _as_field(line, index)
        if field is not None:
            kept.append(field)
            changed = changed or field is not line
            index += 1
            if _blank(line):
                break
            continue
        run = _stray_run(lines, index) if index else 0
        if not run:
            break  # the headers end here: a body with no blank line before it
        for stray in lines[index : index + run]:
            text = stray.rstrip(b"\r\n").decode("utf-8", "replace")[:60]
            defects.append(f"stray line in the header block skipped: {text!r}")
        index += run
        changed = True
    if not changed:
        return raw
    consumed = sum(len(line) for line in lines[:index])
    return b"".join(kept) + data[consumed:]


# A Content-Type value as parsed: a type, then parameters with no ';' before.
_LOOSE_PARAMETERS = re.compile(r"\s*[\w.+-]+/[\w.+-]+\s+[\w*-]+\s*=")


def lacks_separators(message: Message) -> bool:
    """Whether a part's Content-Type lost its parameters for want of a ';'.
    Checked on the parsed tree, so that the raw bytes are scanned only then."""
    for part in message.walk():
        value = part.get("content-type")
        if value and ";" not in value and _LOOSE_PARAMETERS.match(value):
            return True
    return False


def with_separators(raw: bytes) -> bytes:
    """The bytes with a ';' before each such Content-Type's parameters."""
    return _UNSEPARATED.sub(rb"\1;", raw)


def _as_field(line: bytes, index: int) -> bytes | None:
    """The line as the parser should read it, or None for a stray line."""
    if _blank(line) or _FIELD.match(line) or line[:1] in (b" ", b"\t"):
        return line
    if index == 0 and line.startswith(b"From "):
        return line  # an mbox envelope line: the parser's business
    obsolete = _OBSOLETE.match(line)
    if obsolete is not None:
        return obsolete.group(1) + b":" + line[obsolete.end() :]
    return None


def _stray_run(lines: list[bytes], start: int) -> int:
    """How many stray lines from `start` come before a field; 0 if none does."""
    for offset in range(1, _STRAY_RUN + 1):
        following = start + offset
        if following >= len(lines) or _blank(lines[following]):
            return 0
        if _is_field(lines[following]):
            return offset
    return 0
