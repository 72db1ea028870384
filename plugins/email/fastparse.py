"""The stdlib's compat32 feed parser, minus its two slowest steps, same results.

For every multipart, `email.feedparser` compiles a regular expression around the
boundary. Boundaries are unique per message, so `re`'s cache never helps and the
compile (pure Python) costs about as much as parsing the rest of a typical
message. This module loads a private copy of `email.feedparser` whose `re`
hands back a plain prefix matcher for that one pattern; the copy is not
registered anywhere, so every other user of the email package is unaffected.
The other step, one loop turn per line of the message, is cut down in `runs`.
"""

from __future__ import annotations

import importlib.util
import re
from email.feedparser import FeedParser
from email.generator import BytesGenerator
from email.message import Message
from email.parser import BytesParser
from email.policy import Compat32
from io import BytesIO
from typing import Any

from plugins.email.runs import collapse, restore

# The feed parser's boundary pattern is '(?P<sep>' + re.escape('--' + boundary)
# followed by this tail; only the groups 'end' and 'linesep' are ever read.
_HEAD = "(?P<sep>"
_TAIL_TEXT = r")(?P<end>--)?(?P<ws>[ \t]*)(?P<linesep>\r\n|\r|\n)?$"
_TAIL = re.compile(_TAIL_TEXT[1:])
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)


class _BoundaryMatcher:
    """Matches what the compiled boundary pattern matches, without compiling it."""

    __slots__ = ("separator",)

    def __init__(self, separator: str) -> None:
        self.separator = separator

    def match(self, line: str) -> re.Match[str] | None:
        if not line.startswith(self.separator):
            return None
        return _TAIL.match(line, len(self.separator))


class _ReForFeedParser:
    """Stands in for the `re` module inside the private feed parser copy."""

    def compile(self, pattern: str, flags: int = 0) -> Any:
        if pattern.startswith(_HEAD) and pattern.endswith(_TAIL_TEXT) and not flags:
            escaped = pattern[len(_HEAD) : -len(_TAIL_TEXT)]
            return _BoundaryMatcher(_UNESCAPE.sub(r"\1", escaped))
        return re.compile(pattern, flags)

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)


def _private_feed_parser() -> type[FeedParser]:
    spec = importlib.util.find_spec("email.feedparser")
    if spec is None or spec.loader is None:
        return FeedParser
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except (ImportError, OSError):  # no source to load (frozen build): stay correct
        return FeedParser
    module.re = _ReForFeedParser()  # type: ignore[attr-defined]
    parser: type[FeedParser] = module.FeedParser
    return parser


_FeedParser = _private_feed_parser()


def parse_bytes(raw: bytes, policy: Compat32) -> Message:
    """What `BytesParser(policy=policy).parsebytes(raw)` returns, sooner."""
    text, runs = collapse(raw)
    feed = _FeedParser(policy=policy)
    feed.feed(text)
    message = feed.close()
    if runs:
        restore(message, runs)
    return message


def parse_headers_only(raw: bytes, policy: Compat32) -> Message:
    """The header block parsed, the whole body kept as one unparsed string."""
    return BytesParser(policy=policy).parsebytes(raw, headersonly=True)


def message_bytes(message: Message, policy: Compat32, linesep: str) -> bytes:
    """A parsed message written back as bytes: 8-bit content and headers as read."""
    out = BytesIO()
    writer = BytesGenerator(
        out, mangle_from_=False, policy=policy.clone(cte_type="8bit", linesep=linesep)
    )
    writer.flatten(message)
    return out.getvalue()
