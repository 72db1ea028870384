"""Which parts are the body and which are attachments: RFC 8621 section 4.1.4.

JMAP's `parseStructure` is a published algorithm for this, used by JMAP servers
(Cyrus, Stalwart), so the walk follows it: the text body, the HTML body and the
leaves in depth-first order. Two differences: every leaf that is not shown as
text/plain or text/html is an attachment (an inline image's bytes must be kept
too), and a nested message is one leaf, its own parts staying in its `.eml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message

from plugins.email.charsets import decode_text
from plugins.email.headers import content_type as type_of
from plugins.email.headers import text_header
from plugins.email.transfer import payload_of

BODY_TYPES = frozenset({"text/plain", "text/html"})
# text/enriched and text/richtext (RFC 1896, 1341): files, as JMAP has them,
# but the body's text when a message has no other.
ENRICHED_TYPES = frozenset({"text/enriched", "text/richtext"})

MAX_DEPTH = 100
_MEDIA = ("image/", "audio/", "video/")
_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])")
_DEFECTS = {
    "NoBoundaryInMultipartDefect": "missing MIME boundary in {type}",
    "StartBoundaryNotFoundDefect": "MIME boundary of {type} not found in its body",
    "CloseBoundaryNotFoundDefect": "missing closing MIME boundary of {type}",
    "MultipartInvariantViolationDefect": "{type} without parts",
    "MissingHeaderBodySeparatorDefect": "no blank line after the headers",
    "FirstHeaderLineIsContinuationDefect": "first header line is a continuation",
    "MisplacedEnvelopeHeaderDefect": "misplaced 'From ' line among the headers",
}


@dataclass(slots=True)
class Leaf:
    """One leaf part: where it is, what it is, how it wants to be shown.

    `path` gives the 1-based index of the part at each level of multipart
    nesting, () for a message that is not multipart.
    """

    part: Message
    path: tuple[int, ...]
    type: str
    disposition: str | None
    name: str | None
    content: str | None = None  # the decoded text, once read

    @property
    def number(self) -> str:
        """The IMAP-style part number: "2.1" is the first part of the second."""
        return dotted(self.path) or "1"

    @property
    def where(self) -> str:
        return f"part {self.number}"


@dataclass(slots=True)
class Structure:
    leaves: list[Leaf] = field(default_factory=list)
    text: list[Leaf] = field(default_factory=list)
    html: list[Leaf] = field(default_factory=list)

    def body_leaves(self) -> set[int]:
        """ids of the text/plain and text/html leaves shown as the body; with
        none, of the text/enriched and text/richtext leaves not attached."""
        found = {
            id(leaf) for leaf in (*self.text, *self.html) if leaf.type in BODY_TYPES
        }
        return found or {
            id(leaf)
            for leaf in self.leaves
            if leaf.type in ENRICHED_TYPES and leaf.disposition != "attachment"
        }


def dotted(path: tuple[int, ...]) -> str:
    return ".".join(map(str, path))


def filename_of(part: Message, where: str, defects: list[str]) -> str | None:
    """The part's file name: RFC 2231 parameters, and RFC 2047 words Outlook sends."""
    value: str | tuple[str | None, str | None, str] | None = None
    # Parameter parsing is slow and most parts have no name: look before parsing.
    if "filename" in str(part.get("content-disposition", "")).lower():
        value = part.get_param("filename", None, "content-disposition")
    if value is None and "name" in str(part.get("content-type", "")).lower():
        value = part.get_param("name", None, "content-type")
    if isinstance(value, tuple):  # RFC 2231: (charset, language, %-decoded text)
        charset, _, text = value
        try:
            value = decode_text(text.encode("latin-1"), charset or None, where, defects)
        except UnicodeEncodeError:
            value = text
    if not isinstance(value, str):
        return None
    return text_header(value, where, defects) or None


def related_root(part: Message, children: list[tuple[Message, tuple[int, ...]]]) -> int:
    """The index of a multipart/related's root (RFC 2387): the part its `start`
    parameter names, else the first, unless that is a file and a text or
    alternative part follows (senders that put the pictures first)."""
    start = part.get_param("start")
    if isinstance(start, str) and start.strip("<> "):
        wanted = start.strip("<> ")
        for index, (child, _) in enumerate(children):
            if str(child.get("content-id", "")).strip("<> ") == wanted:
                return index
    types = [type_of(child) for child, _ in children]
    if types and (types[0] in BODY_TYPES or types[0].startswith("multipart/")):
        return 0
    for index, kind in enumerate(types):
        if kind in BODY_TYPES or kind == "multipart/alternative":
            return index
    return 0


def _phantom(part: Message) -> bool:
    """A part with no header and no content: what a stray boundary line leaves."""
    payload = payload_of(part)
    return not part.keys() and isinstance(payload, str) and not payload.strip()


class Walker:
    """Walks one parsed message; defects found on the way go to `defects`."""

    def __init__(self, defects: list[str], prefix: tuple[int, ...] = ()) -> None:
        self.defects = defects
        self.prefix = prefix
        self.structure = Structure()

    def walk(self, root: Message) -> Structure:
        s = self.structure
        self._parse([(root, self.prefix)], "mixed", False, s.html, s.text, 0)
        return s

    def _parse(
        self,
        parts: list[tuple[Message, tuple[int, ...]]],
        multipart: str,
        in_alternative: bool,
        html: list[Leaf] | None,
        text: list[Leaf] | None,
        depth: int,
        root: int = 0,
    ) -> None:
        text_length = len(text) if text is not None else -1
        html_length = len(html) if html is not None else -1
        for index, (part, path) in enumerate(parts):
            content_type = type_of(part)
            self._note_defects(part, path, content_type)
            children = self._children(part, path, content_type, depth)
            if children is not None:
                sub = content_type.partition("/")[2]
                alternative = in_alternative or sub == "alternative"
                first = related_root(part, children) if sub == "related" else 0
                self._parse(children, sub, alternative, html, text, depth + 1, first)
                continue
            leaf = self._leaf(part, path, content_type)
            if not self._is_inline(leaf, index - root, multipart):
                continue
            if multipart == "alternative":
                target = {"text/plain": text, "text/html": html}.get(leaf.type)
                if target is not None:
                    target.append(leaf)
                continue
            if in_alternative and leaf.type == "text/plain":
                html = None
            if in_alternative and leaf.type == "text/html":
                text = None
            for body in (text, html):
                if body is not None:
                    body.append(leaf)
        if multipart == "alternative" and text is not None and html is not None:
            if text_length == len(text) and html_length != len(html):
                text.extend(html[html_length:])
            elif html_length == len(html) and text_length != len(text):
                html.extend(text[text_length:])

    @staticmethod
    def _is_inline(leaf: Leaf, index: int, multipart: str) -> bool:
        """RFC 8621: a body candidate, unless a part of a related set other than
        its root, or a named text part after the first (then it is meant as a
        file). `index` counts from the root of a related set."""
        media = leaf.type.startswith(_MEDIA)
        return (
            leaf.disposition != "attachment"
            and (leaf.type in BODY_TYPES or media)
            and (index == 0 or (multipart != "related" and (media or not leaf.name)))
        )

    def _children(
        self, part: Message, path: tuple[int, ...], content_type: str, depth: int
    ) -> list[tuple[Message, tuple[int, ...]]] | None:
        if not content_type.startswith("multipart/"):
            return None
        payload = payload_of(part)
        if not isinstance(payload, list) or not payload:
            return None  # no usable boundary: read the body as text
        if depth >= MAX_DEPTH:
            self.defects.append(f"MIME parts nested deeper than {MAX_DEPTH} levels")
            return None
        return [
            (child, (*path, k))
            for k, child in enumerate(payload, 1)
            if isinstance(child, Message) and not _phantom(child)
        ]

    def _leaf(self, part: Message, path: tuple[int, ...], content_type: str) -> Leaf:
        if content_type.startswith("multipart/"):
            content_type = "text/plain"  # its parts could not be told apart
        where = f"part {dotted(path) or 1}"
        leaf = Leaf(
            part,
            path,
            content_type,
            part.get_content_disposition(),
            filename_of(part, where, self.defects),
        )
        self.structure.leaves.append(leaf)
        return leaf

    def _note_defects(
        self, part: Message, path: tuple[int, ...], content_type: str
    ) -> None:
        for defect in part.defects:
            kind = type(defect).__name__
            template = _DEFECTS.get(kind)
            if template is None:
                template = _WORDS.sub(" ", kind.removesuffix("Defect")).lower()
            text = template.format(type=content_type)
            self.defects.append(f"{text} (part {dotted(path)})" if path else text)
