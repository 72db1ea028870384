"""A message's content hash: the same mail, however it travelled here.

Raw originals are kept exactly as received; the hash that tells whether a
message is stored already is taken over a canonical form of those bytes, so
that one mail is recognised whether it was read from a Maildir file (LF line
ends), fetched over IMAP (CRLF), or exported to an mbox by comptoir and
imported back (`From ` lines quoted as `>From `, a blank line added).
"""

from __future__ import annotations

import hashlib
import re
import zlib

# mboxrd quoting, any depth: `>From `, `>>From ` and `From ` read alike.
_QUOTED_FROM = re.compile(rb"^>+(?=From )", re.MULTILINE)
# A mail starts with a header field; a chat line or a JSON record does not.
_FIELD = re.compile(rb"\s*[A-Za-z][A-Za-z0-9-]*[ \t]*:")


def looks_like_mail(raw: bytes) -> bool:
    """Whether raw bytes are a whole mail, which its content alone identifies."""
    return _FIELD.match(raw.removeprefix(b"\xef\xbb\xbf")) is not None


def canonical(raw: bytes) -> bytes:
    """LF line ends, mbox quoting undone, no trailing line breaks."""
    data = raw
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
    if b">From " in data:
        data = _QUOTED_FROM.sub(b"", data)
    return data


def content_sha256(raw: bytes) -> str:
    """The hash of the canonical form; copies the bytes only when they change."""
    data = canonical(raw)
    end = len(data)
    while end and data[end - 1] == 0x0A:  # no copy for the trailing line breaks
        end -= 1
    return hashlib.sha256(memoryview(data)[:end]).hexdigest()


def stored_content_sha256(encoding: str, data: bytes) -> str:
    """The same, for a raw original as the store keeps it (for migrations)."""
    raw = zlib.decompress(data) if encoding == "zlib" else bytes(data)
    return content_sha256(raw)
