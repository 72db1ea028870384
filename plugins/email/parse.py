"""One email, bytes in, an `InboundMessage` out: never raises, says what it guessed.

Speed matters (imports of whole mailboxes), so the message is parsed once with
the stdlib's fast compat32 parser and only what is shown is decoded: a few
headers, the body parts, the attachments. Anything odd on the way is described
in `defects` rather than raised.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message

from plugins.api import Address, Attachment, InboundMessage
from plugins.email import headers as h
from plugins.email.attachments import (
    Pending,
    extract_uuencoded,
    leaf_files,
    named,
    nested_bytes,
)
from plugins.email.bodies import (
    enriched_to_text,
    html_to_text,
    join_texts,
    part_text,
)
from plugins.email.fastparse import parse_bytes, parse_headers_only
from plugins.email.headerblock import lacks_separators, readable, with_separators
from plugins.email.quickparse import QuickMessage, quick_parse
from plugins.email.slices import Original
from plugins.email.structure import ENRICHED_TYPES, Leaf, Structure, Walker
from plugins.email.transfer import IDENTITY, payload_of, transfer_encoding

_MESSAGE_TYPES = frozenset({"message/rfc822", "message/global"})
_PKCS7 = frozenset({"application/pkcs7-mime", "application/x-pkcs7-mime"})
_MAX_FORWARDS = 5
_MAX_DEFECTS = 50
# Threading needs the root and the latest ids; a hostile header holds 120,000.
_MAX_REFERENCES = 200


@dataclass(slots=True)
class _Draft:
    """What has been read so far; kept when a later step fails."""

    sender: Address | None = None
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    reply_to: tuple[Address, ...] = ()
    subject: str = ""
    text: str = ""
    html: str | None = None
    sent_at: datetime | None = None
    message_id: str | None = None
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    defects: list[str] = field(default_factory=list)
    top_type: str = "text/plain"
    parts: tuple[str, ...] = ()
    automatic: str = ""


def parse_email(
    raw: bytes, external_id: str | None = None, *, quick: bool = True
) -> InboundMessage:
    """Parse one message; `raw` is kept as is and identifies it unless told otherwise.

    `quick=False` always uses the feed parser (the tests compare both paths).
    """
    if external_id is None:
        external_id = "sha256:" + hashlib.sha256(raw).hexdigest()
    draft = _Draft()
    try:
        _read(raw, draft, quick)
    except Exception as exc:  # last resort: a record with what was read, never a crash
        draft.defects.append(f"parsing stopped early: {type(exc).__name__}")
    return InboundMessage(
        external_id=external_id,
        raw=raw,
        sender=draft.sender,
        to=draft.to,
        cc=draft.cc,
        reply_to=draft.reply_to,
        subject=draft.subject,
        text=draft.text,
        html=draft.html,
        sent_at=draft.sent_at,
        message_id=draft.message_id,
        in_reply_to=draft.in_reply_to,
        references=draft.references,
        attachments=draft.attachments,
        defects=_defects(draft.defects),
        top_type=draft.top_type,
        parts=draft.parts,
        automatic=draft.automatic,
    )


def _defects(found: list[str]) -> tuple[str, ...]:
    """Each defect once, as clean text; a pathological message gets a summary."""
    unique = list(dict.fromkeys(h.clean(d) for d in found))
    if len(unique) <= _MAX_DEFECTS:
        return tuple(unique)
    more = len(unique) - _MAX_DEFECTS
    return (*unique[:_MAX_DEFECTS], f"... and {more} more defects")


def _read(raw: bytes, draft: _Draft, quick: bool) -> None:
    if not raw or raw.isspace():  # what `not raw.strip()` says, without a copy
        draft.defects.append("empty message")
        return
    try:
        # The same tree either way; the quick path declines what it cannot vouch
        # for, clean header blocks included, so only then is the block repaired.
        message = quick_parse(raw, h.POLICY) if quick else None
        if message is None:  # a multipart without its ';' is declined too
            raw = readable(raw, draft.defects)
            message = parse_bytes(raw, h.POLICY)
            if lacks_separators(message):
                raw = with_separators(raw)
                message = parse_bytes(raw, h.POLICY)
    except RecursionError:  # the stdlib parser recurses once per nesting level
        draft.defects.append("MIME parts nested too deeply: body read as one part")
        message = parse_headers_only(raw, h.POLICY)
    if not message.keys():
        draft.defects.append("no header fields found")
    try:
        _read_headers(message, draft)
    except Exception as exc:  # keep going: the body is worth reading regardless
        draft.defects.append(f"header fields partly unread: {type(exc).__name__}")
    draft.top_type = h.content_type(message)
    structure = Walker(draft.defects).walk(message)
    draft.parts = tuple(leaf.type for leaf in structure.leaves)
    _read_body(structure, Original(raw, message), draft)
    if not draft.text.strip():
        draft.text = _sealed_note(message, draft.top_type) or draft.text


def _sealed_note(message: Message, top_type: str) -> str | None:
    """What to show for a body no one can read without a key."""
    if top_type == "multipart/encrypted":
        kind = "PGP/MIME" if "pgp" in str(message.get_param("protocol")) else "MIME"
    elif top_type in _PKCS7:
        if str(message.get_param("smime-type", "")).lower() == "signed-data":
            return (
                "(This message is S/MIME signed in a form comptoir cannot open: "
                "read it in a mail client that supports S/MIME.)"
            )
        kind = "S/MIME"
    else:
        return None
    return (
        f"(This message is encrypted ({kind}): comptoir cannot show its content. "
        "Open the original in a mail client that holds the key.)"
    )


def _raw_values(message: Message) -> Callable[[str], list[str]]:
    """The raw values (folding kept, so that folding whitespace reads as one
    space) of the fields of a lowercase name."""
    if isinstance(message, QuickMessage):
        return message.raw_values
    fields: dict[str, list[str]] = {}
    for name, value in message.raw_items():
        fields.setdefault(name.lower(), []).append(value)
    return lambda name: fields.get(name, [])


def _read_headers(message: Message, draft: _Draft) -> None:
    values = _raw_values(message)

    def first(name: str) -> str | None:
        found = values(name)
        return found[0] if found else None

    defects = draft.defects
    senders = h.addresses(values("from"), "From header", defects)
    draft.sender = senders[0] if senders else None
    draft.to = tuple(h.addresses(values("to"), "To header", defects))
    draft.cc = tuple(h.addresses(values("cc"), "Cc header", defects))
    reply_to = values("reply-to")
    draft.reply_to = tuple(h.addresses(reply_to, "Reply-To header", defects))
    draft.subject = h.text_header(first("subject"), "Subject header", defects)
    draft.sent_at = h.sent_at(first("date"), defects)
    draft.message_id = h.message_id(first("message-id"))
    draft.in_reply_to = h.message_ids(first("in-reply-to"))
    draft.references = _trimmed(h.message_ids(first("references")), defects)
    draft.automatic = h.automatic(values)


def _trimmed(references: tuple[str, ...], defects: list[str]) -> tuple[str, ...]:
    """The thread's root and its latest ids, as mail clients trim References."""
    if len(references) <= _MAX_REFERENCES:
        return references
    defects.append(
        f"References header of {len(references):,} ids: kept the first and the "
        f"last {_MAX_REFERENCES - 1}"
    )
    return (references[0], *references[1 - _MAX_REFERENCES :])


def _read_body(structure: Structure, original: Original, draft: _Draft) -> None:
    defects = draft.defects
    body = structure.body_leaves()
    uuencoded: list[Pending] = []
    shown = [leaf for leaf in structure.text if id(leaf) in body] or [
        leaf
        for leaf in structure.leaves
        if leaf.type in ENRICHED_TYPES and id(leaf) in body
    ]
    texts = [_leaf_text(leaf, uuencoded, defects) for leaf in shown]
    # An HTML-only body is in both lists; its decoded text was cached then.
    htmls = [
        _decoded(leaf, defects) for leaf in structure.html if leaf.type == "text/html"
    ]
    html = "\n".join(htmls)
    draft.html = html if html.strip() else None
    draft.text = join_texts(texts)
    if not draft.text.strip() and draft.html:
        draft.text = html_to_text(draft.html, "the HTML body", defects)
    pending: list[Pending] = []
    for leaf in structure.leaves:
        if id(leaf) not in body:
            pending.extend(leaf_files(leaf, original, defects))
    if not draft.text and draft.html is None:
        draft.text = _forwarded_text(structure, original, defects)
    draft.attachments = named(pending + uuencoded)


def _decoded(leaf: Leaf, defects: list[str]) -> str:
    if leaf.content is None:
        leaf.content = part_text(leaf.part, leaf.where, defects)
    return leaf.content


def _leaf_text(leaf: Leaf, found: list[Pending], defects: list[str]) -> str:
    content = _decoded(leaf, defects)
    if leaf.type == "text/html":
        return html_to_text(content, leaf.where, defects)
    if leaf.type in ENRICHED_TYPES:
        return enriched_to_text(content, leaf.type)
    content, files = extract_uuencoded(content, leaf.where, defects)
    found.extend(files)
    return content


def _forwarded_text(
    structure: Structure, original: Original, defects: list[str], depth: int = 0
) -> str:
    """A message that only forwards another one shows the forwarded text."""
    for leaf in structure.leaves:
        inner = payload_of(leaf.part)
        if leaf.type not in _MESSAGE_TYPES or not isinstance(inner, list) or not inner:
            continue
        message = inner[0]
        if transfer_encoding(leaf.part) not in IDENTITY:
            message = parse_bytes(
                nested_bytes(leaf, original, defects) or b"", h.POLICY
            )
        sub = Walker(defects, leaf.path).walk(message)
        ids = sub.body_leaves()
        text = join_texts(
            [_leaf_text(x, [], defects) for x in sub.text if id(x) in ids]
        )
        if not text and depth < _MAX_FORWARDS:
            text = _forwarded_text(sub, original, defects, depth + 1)
        return text
    return ""
