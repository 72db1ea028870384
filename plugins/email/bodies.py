"""Body parts as text: transfer and charset decoding, HTML rendered as plain text."""

from __future__ import annotations

import re
from email.message import Message

from inscriptis import get_text
from inscriptis.model.config import ParserConfig

from plugins.email.charsets import decode_text
from plugins.email.transfer import decode_body

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_BLANK_LINES = re.compile(r"\n{3,}")
# inscriptis writes a link as [text](url); customers send tracking and product
# links, so each URL is kept, as a numbered note under the text.
_LINKS = ParserConfig(display_links=True)
_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()\s]*)\)")
# `charset=utf-8` as nearly every part writes it; anything else goes to the stdlib.
_PLAIN_CHARSET = re.compile(r';\s*charset\s*=\s*"?([\w.:+-]+)"?\s*(?:;|$)', re.I)


def normalise(text: str) -> str:
    """Unix line endings; NUL removed (SQLite and terminals both choke on it)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    return text


def part_text(part: Message, where: str, defects: list[str]) -> str:
    """A text part's content as a str, whatever its encodings claim."""
    data = decode_body(part, where, defects)
    charset = charset_of(part)
    return normalise(decode_text(data, charset, where, defects))


def charset_of(part: Message) -> str | None:
    """The declared charset, lowercased (RFC 2231 forms included), or None."""
    header = part.get("content-type")
    if not header or "charset" not in header.lower():
        return None
    plain = _PLAIN_CHARSET.search(header)
    if plain is not None and "*" not in header:
        return plain.group(1).lower()
    return part.get_content_charset()


def html_to_text(html: str, where: str, defects: list[str]) -> str:
    """HTML as a person would read it; inscriptis fetches nothing (no network)."""
    if not html.strip():
        return ""
    try:
        text = get_text(_XML_DECLARATION.sub("", html, count=1), _LINKS)
    except Exception as exc:  # lxml rejects some documents outright
        defects.append(f"HTML of {where} not renderable ({type(exc).__name__})")
        text = _TAG.sub(" ", html)
    text, notes = _footnotes(text)
    # inscriptis pads table cells and paragraphs: no trailing spaces, no runs
    # of blank lines.
    lines = "\n".join(line.rstrip() for line in normalise(text).split("\n"))
    return (_BLANK_LINES.sub("\n\n", lines).strip("\n") + notes).strip("\n")


def _footnotes(text: str) -> tuple[str, str]:
    """Links as "text [1]" with "[1] url" below; a link whose text is its URL
    (or its address, for mailto:) stays as that text."""
    if "](" not in text:
        return text, ""
    numbers: dict[str, int] = {}

    def note(found: re.Match[str]) -> str:
        label, url = found.group(1), found.group(2)
        plain = url.removeprefix("mailto:")
        if not url.lower().startswith(("http:", "https:")) or label.strip() in (
            url,
            plain,
        ):
            return label or plain
        number = numbers.setdefault(url, len(numbers) + 1)
        return f"{label} [{number}]" if label.strip() else f"[{number}]"

    text = _LINK.sub(note, text)
    if not numbers:
        return text, ""
    return text, "\n\n" + "\n".join(f"[{n}] {url}" for url, n in numbers.items())


# text/enriched (RFC 1896) and text/richtext (RFC 1341): formatting commands
# dropped, `<<` and `<lt>` are '<', and line breaks as each defines them.
_ENRICHED_PARAM = re.compile(r"<param>.*?</param>", re.I | re.S)
_COMMAND = re.compile(r"<(/?[a-zA-Z0-9-]{1,60})>")


def enriched_to_text(content: str, kind: str) -> str:
    """The text of a text/enriched or text/richtext part."""
    text = normalise(content)
    if kind == "text/enriched":
        text = _ENRICHED_PARAM.sub("", text)
        # One line break is a space; n in a row are n - 1 breaks.
        text = re.sub(r"\n(\n*)", lambda m: m.group(1) or " ", text)
        text = _COMMAND.sub("", text.replace("<<", "\x00"))
        return text.replace("\x00", "<").strip()

    def command(found: re.Match[str]) -> str:
        name = found.group(1).lower()
        return {"lt": "<", "nl": "\n", "np": "\n\n"}.get(name, "")

    return _COMMAND.sub(command, text.replace("\n", " ")).strip()


def join_texts(texts: list[str]) -> str:
    """Several inline text parts, one after the other, separated by a blank line."""
    pieces = [t.strip("\n") for t in texts]
    return "\n\n".join(p for p in pieces if p.strip())
