"""Customer text made safe for a terminal: shown as text, never obeyed."""

from __future__ import annotations

# Spelled out rather than imported: `comptoir search` prints lines through here
# and loads neither typing nor re for them when nothing needs escaping.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

# C0 and C1 controls (but tab and newline), DEL, and the bidi overrides and
# isolates that can reorder what a line appears to say.
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def _visible(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def printable(text: str) -> str:
    """Escape every control or bidi character as a visible `\\uXXXX`."""
    if text.isprintable():  # none of them (all are Cc or Cf): nothing to do
        return text
    import re  # compiled once, kept by re's cache

    return re.sub(_UNSAFE, _visible, text)


def escaped_line(text: str) -> str:
    """One printable line, nothing else changed: a file name in an error."""
    return printable(text).replace("\n", "\\n").replace("\t", "\\t")


def one_line(text: str, width: int | None = None) -> str:
    """A single printable line, cut to `width` with an ellipsis."""
    line = printable(" ".join(text.split()))
    if width is not None and len(line) > width:
        return line[: max(0, width - 1)] + "…"
    return line


# Signature parts are files, but a person reads them as "this mail is signed".
_SIGNATURES = {
    "application/pgp-signature": "PGP",
    "application/pkcs7-signature": "S/MIME",
    "application/x-pkcs7-signature": "S/MIME",
}


def signed_by(content_type: str) -> str | None:
    """'PGP' or 'S/MIME' for a signature part, None for any other file."""
    return _SIGNATURES.get(content_type.lower())
