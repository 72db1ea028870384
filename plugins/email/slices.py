"""The exact bytes of one part, cut out of the raw message along its path.

compat32 keeps a leaf's body as it was, but a nested message (message/rfc822)
is parsed into objects, and writing those back is not byte-exact (header
spacing, line endings, blank lines around boundaries). A forwarded message is
better kept exactly as received, so its bytes are cut from the original. The
cut is trusted only when it finds as many parts at every level as the parser
did; otherwise the caller writes the parsed form back instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message

from plugins.email.transfer import payload_of

_HEADER_END = re.compile(rb"\r?\n\r?\n")


@dataclass(frozen=True, slots=True)
class Original:
    """The message as received, and as parsed."""

    raw: bytes
    root: Message

    @property
    def linesep(self) -> str:
        return "\r\n" if b"\r\n" in self.raw[:4096] else "\n"


def part_content(original: Original, path: tuple[int, ...]) -> bytes | None:
    """The body bytes (transfer encoding not undone) of the part at `path`."""
    entity = original.raw
    container = original.root
    for index in path:
        body = _body(entity)
        boundary = container.get_boundary()
        children = payload_of(container)
        if body is None or boundary is None or not isinstance(children, list):
            return None
        pieces = _split(body, boundary)
        if pieces is None or len(pieces) != len(children) or index > len(pieces):
            return None
        entity = pieces[index - 1]
        child = children[index - 1]
        if not isinstance(child, Message):
            return None
        container = child
    return _body(entity)


def _body(entity: bytes) -> bytes | None:
    """What follows the header block (all of it when there are no headers)."""
    if entity.startswith(b"\n"):
        return entity[1:]
    if entity.startswith(b"\r\n"):
        return entity[2:]
    found = _HEADER_END.search(entity)
    return entity[found.end() :] if found else None


def _split(body: bytes, boundary: str) -> list[bytes] | None:
    """The parts between the delimiter lines of `boundary` (RFC 2046 5.1.1)."""
    try:
        mark = boundary.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return None
    delimiter = re.compile(rb"^--" + re.escape(mark) + rb"(--)?[ \t]*\r?$", re.M)
    found = list(delimiter.finditer(body))
    if not found:
        return None
    pieces: list[bytes] = []
    for here, after in zip(found, [*found[1:], None], strict=True):
        if here.group(1):  # the close delimiter: the epilogue follows
            return pieces
        start = here.end() + 1  # past the delimiter line's newline
        end = len(body) if after is None else after.start()
        # The line break before a delimiter belongs to the delimiter.
        if after is not None:
            end -= 2 if body[end - 2 : end] == b"\r\n" else 1
        pieces.append(body[start : max(start, end)])
    return pieces
