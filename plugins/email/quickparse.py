"""Plain MIME trees built with bytes operations: the feed parser's tree, sooner.

The stdlib feed parser walks a message line by line in Python, which is the
largest cost of parsing typical shop mail (a text part, an HTML alternative, a
file or two). This module builds the very same compat32 `Message` tree from
`bytes.find` and a few regular expressions, for the shapes it fully
understands: header blocks of well-formed fields, leaf parts, and multiparts
whose delimiters are clean. Anything else (no blank line after the headers, a
bare CR, message/* parts, digests, a missing or repeated delimiter, anything
the feed parser would record as a defect) returns None, and the caller parses
with the feed parser. Accepted trees are checked against the feed parser's
over the whole corpus and generated mail in the tests.
"""

from __future__ import annotations

import re
from email.message import Message
from email.policy import Compat32
from itertools import pairwise
from typing import Any

from plugins.email.transfer import payload_of

MAX_DEPTH = 4
# One header field: the feed parser's header line (name of printable ASCII but
# ':', no space) and its continuation lines. A block of header lines must be
# nothing but such fields, else some line would be a defect or the envelope.
# Its value as compat32's header_source_parse gives it: leading blanks of the
# first line dropped, folding kept, the last line break dropped (a bare CR is
# never there: such messages are declined first). A block with one kind of
# line break is read by a simpler pattern, a third faster.
_NAME = r"([\x21-\x39\x3b-\x7e]+):[ \t]*"
_FIELD = re.compile(_NAME + r"([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)\r?\n")
_FIELD_LF = re.compile(_NAME + r"([^\n]*(?:\n[ \t][^\n]*)*)\n")
_FIELD_CRLF = re.compile(_NAME + r"([^\r]*(?:\r\n[ \t][^\r]*)*)\r\n")
_BLOCK = re.compile(rb"(?:[\x21-\x39\x3b-\x7e]+:[^\n]*\n(?:[ \t][^\n]*\n)*)+")
_BLANK = re.compile(rb"\n\r?\n")
_BARE_CR = re.compile(rb"\r(?!\n)")
# What may follow '--boundary' on a delimiter line (the feed parser's
# boundaryendRE, given lines that end in LF or CRLF only).
_DELIMITER_TAIL = re.compile(rb"(--)?[ \t]*(\r?\n)?")
_IDENTITY = ("7bit", "8bit", "binary")
# `type/subtype; boundary=token`, the one parameter plain and unambiguous: what
# `get_boundary` returns for it is the token, without its (parameter parsing
# is a tenth of the work otherwise). No '*' (RFC 2231), quote inside, '\\', '<>'.
_TOKEN = r"[A-Za-z0-9'()+_,./:=?-]+"
_PLAIN_BOUNDARY = re.compile(
    rf'[^;"=\\]*;[ \t]*(?i:boundary)[ \t]*=[ \t]*(?:"({_TOKEN})"|({_TOKEN}))[ \t]*',
    re.ASCII,
)


class QuickMessage(Message):
    """A `Message` that is only read once parsed: a header is looked up in an
    index (`Message.get` lowercases every field's name, and a parse asks a
    dozen times per part), and the content type is worked out once."""

    _index: dict[str, tuple[str, str]]
    _last: dict[str, tuple[str, str]] | None = None
    _type: str | None = None

    def set_fields(self, fields: list[tuple[str, str]]) -> None:
        self._headers = fields
        # The first field of a name is the one `get` returns.
        self._index = {field[0].lower(): field for field in reversed(fields)}

    def raw_values(self, name: str) -> list[str]:
        """The raw values of every field of a (lowercase) name, in order."""
        field = self._index.get(name)
        if field is None:
            return []
        if self._last is None:  # where the last is the first, the name is once
            fields = self._headers
            same = len(self._index) == len(fields)
            self._last = self._index if same else {f[0].lower(): f for f in fields}
        if field is self._last[name]:
            return [field[1]]
        return [value for key, value in self._headers if key.lower() == name]

    def get(self, name: str, failobj: Any = None) -> Any:
        field = self._index.get(name.lower())
        if field is None:
            return failobj
        return self.policy.header_fetch_parse(*field)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._index

    def get_content_type(self) -> str:
        if self._type is None:
            self._type = super().get_content_type()
        return self._type


class _Unsure(Exception):
    """The message is not of a shape this module reproduces exactly."""


def quick_parse(raw: bytes, policy: Compat32) -> Message | None:
    """The feed parser's tree for `raw`, or None if unsure it would be the same."""
    # A bare CR ends a line for the feed parser: too rare to handle here.
    if _BARE_CR.search(raw) is not None:
        return None
    try:
        return _entity(raw, 0, len(raw), policy, (), 0)
    except _Unsure:
        return None


def _text(data: bytes) -> str:
    return data.decode("ascii", "surrogateescape")


def _headers(raw: bytes, start: int, end: int, message: QuickMessage) -> int:
    """Read the header block into `message`; the offset of the body."""
    if raw.startswith(b"\n", start) or raw.startswith(b"\r\n", start):
        if start == 0:
            raise _Unsure  # a message without any header field
        message.set_fields([])
        return start + (1 if raw[start] == 0x0A else 2)  # a part without fields
    blank = _BLANK.search(raw, start, end)
    if blank is None:
        raise _Unsure  # headers up to the end: the feed parser's corner cases
    block_end = blank.start() + 1
    if _BLOCK.fullmatch(raw, start, block_end) is None:
        raise _Unsure
    block = _text(raw[start:block_end])
    if "\r" not in block:
        field = _FIELD_LF
    elif block.count("\r") == block.count("\n"):  # every CR is before an LF
        field = _FIELD_CRLF
    else:
        field = _FIELD
    # What set_raw would append, field by field, in order.
    message.set_fields(field.findall(block))
    return blank.end()


def _entity(
    raw: bytes,
    start: int,
    end: int,
    policy: Compat32,
    outer: tuple[bytes, ...],
    depth: int,
) -> Message:
    """One message or part spanning raw[start:end]; a part's last line break is
    still in its span (the parent removes it, as the feed parser does)."""
    message = QuickMessage(policy=policy)
    body = _headers(raw, start, end, message)
    # As the feed parser decides; one call where it makes several.
    maintype, _, subtype = message.get_content_type().partition("/")
    if maintype == "message":
        raise _Unsure  # nested messages: the feed parser's own recursion
    if maintype != "multipart":
        message.set_payload(_text(raw[body:end]))
        return message
    if depth >= MAX_DEPTH or subtype == "digest":
        raise _Unsure  # a digest's parts default to message/rfc822
    cte = str(message.get("content-transfer-encoding", "8bit")).lower()
    boundary = boundary_of(message)
    if cte not in _IDENTITY or not boundary or not boundary.isascii():
        raise _Unsure
    separator = b"--" + boundary.encode("ascii")
    if separator in outer or "\r" in boundary or "\n" in boundary:
        raise _Unsure  # the same delimiter at two levels ends parts early
    nested = (*outer, separator)
    _multipart(raw, body, end, message, policy, separator, nested, depth)
    return message


def boundary_of(message: Message) -> str | None:
    """What `message.get_boundary()` returns, sooner for the plain form."""
    value = message.get("content-type")
    plain = None if value is None else _PLAIN_BOUNDARY.fullmatch(value)
    if plain is None:
        return message.get_boundary()
    return plain.group(1) or plain.group(2)


def _delimiters(
    raw: bytes, start: int, end: int, separator: bytes
) -> list[tuple[int, int, bool]]:
    """(line start, line end, closes) of each delimiter line in raw[start:end]."""
    found: list[tuple[int, int, bool]] = []
    at = raw.find(separator, start, end)
    while at >= 0:
        if at == start or raw[at - 1] == 0x0A:
            newline = raw.find(b"\n", at, end)
            line_end = end if newline < 0 else newline + 1
            tail = _DELIMITER_TAIL.fullmatch(raw, at + len(separator), line_end)
            if tail is not None:
                found.append((at, line_end, tail.group(1) is not None))
                if tail.group(1) is not None:
                    return found  # the rest is the epilogue
        at = raw.find(separator, at + 1, end)
    return found


def _strip_eol(text: str) -> str:
    """The feed parser's rule: the line break before a delimiter belongs to it."""
    if text.endswith("\r\n"):
        return text[:-2]
    if text.endswith("\n"):
        return text[:-1]
    return text


def _multipart(
    raw: bytes,
    body: int,
    end: int,
    message: Message,
    policy: Compat32,
    separator: bytes,
    outer: tuple[bytes, ...],
    depth: int,
) -> None:
    found = _delimiters(raw, body, end, separator)
    if len(found) < 2 or found[0][2] or not found[-1][2]:
        raise _Unsure  # no parts, or no closing delimiter: defects
    if found[0][0] > body:
        message.preamble = _strip_eol(_text(raw[body : found[0][0]]))
    for (_, part_start, _), (part_end, _, _) in pairwise(found):
        if part_start >= part_end:
            raise _Unsure  # two delimiters in a row: the feed parser skips one
        part = _entity(raw, part_start, part_end, policy, outer, depth + 1)
        if part.get_content_maintype() == "multipart":
            epilogue = part.epilogue
            part.epilogue = _strip_eol(epilogue) if epilogue else None
        else:
            payload = payload_of(part)
            if isinstance(payload, str):  # always: set by _entity
                part.set_payload(_strip_eol(payload))
        message.attach(part)
    message.epilogue = _text(raw[found[-1][1] : end])
