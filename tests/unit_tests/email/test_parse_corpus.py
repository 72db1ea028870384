"""`parse_email` against real-world mail: every corpus message, and the oracle.

The oracle holds what the source projects' own tests expect of their files.
Each project counts and names things its own way; `_check` maps every field
onto the record, and DECLINED lists, with the reason, each expectation that
contradicts a choice made here (or is wrong).
"""

from __future__ import annotations

import json
import re
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import pytest

from plugins.api import InboundMessage
from plugins.email.attachments import safe_filename
from plugins.email.fastparse import parse_bytes
from plugins.email.headers import POLICY, address_pairs
from plugins.email.parse import parse_email
from tests.conftest import CORPUS

MAIL = CORPUS / "email"
# mbox files (the mbox reader's business), the projects' expected-output files
# (.ref, -summary.txt), raw TNEF blobs and the source notes are not messages.
_MBOX = re.compile(r"\.mbox|^mbox\.rlug$")
_NOT_MESSAGE = (".ref", ".tnef", "-summary.txt", "SOURCES.md")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_MESSAGE_TYPES = ("message/rfc822", "message/global")


def _files() -> tuple[list[Path], list[Path]]:
    if not MAIL.is_dir():
        return [], []
    every = sorted(p for p in MAIL.rglob("*") if p.is_file())
    other = [p for p in every if _MBOX.search(p.name) or p.name.endswith(_NOT_MESSAGE)]
    return [p for p in every if p not in other], other


MESSAGES, OTHER_FILES = _files()
ORACLE: list[dict[str, Any]] = (
    json.loads((CORPUS / "oracle.json").read_text(encoding="utf-8"))
    if (CORPUS / "oracle.json").is_file()
    else []
)


def _id(path: Path) -> str:
    return str(path.relative_to(MAIL))


def _oracle_id(entry: dict[str, Any]) -> str:
    ref = f"[{entry['ref']}]" if "ref" in entry else ""
    return f"{entry['source']}/{entry['file']}{ref}"


# Fields that describe no property of one parsed message.
NOT_APPLICABLE = {
    "mbox_messages": "a message count of an mbox file: the mbox reader's test",
    "subjects": "per-message subjects of an mbox file: the mbox reader's test",
    "from_markers": "mbox From_ separators: the mbox reader's test",
    "total_parts": "counts multipart containers, which the record does not list",
    "html_body": "Stalwart's htmlBody also lists text/plain parts (RFC 8621 "
    "fallback); the record holds the HTML or None",
    "parts_listed": "MIME-tools entity count, containers included: checked "
    "through part_types",
    "top_level_parts": "MIME-tools entity count: checked through part_types",
}

DECLINED: dict[tuple[str, str], str] = {
    ("mail-mime-parser-php/emails/m0018.txt", "leaf_parts"): "mail-mime-parser "
    "makes uuencoded blocks child parts of the text/plain; `parts` lists MIME "
    "parts only (one text/plain) and the three files are checked as attachments",
    ("mail-mime-parser-php/emails/m0018.txt", "parts_spec"): "same: uuencoded "
    "blocks are attachments, not MIME parts",
    ("mail-mime-parser-php/emails/m1009.txt", "attachments"): "mail-mime-parser "
    "never counts an inline text/plain part as an attachment; a named inline text "
    "part after the first one is a file (RFC 8621), so 3, not 2",
    ("mail-mime-parser-php/emails/m4004.txt", "attachments"): "mail-mime-parser "
    "hides the signature of multipart/signed; every non-body leaf is listed here "
    "(a view may hide application/pgp-signature), so 5, not 4",
    ("php-mime-mail-parser/mails/m0010", "attachment_names"): "'noname1' is "
    "php-mime-mail-parser's invented name; ours is 'attachment-1.bin'",
    ("php-mime-mail-parser/mails/m0016", "attachments"): "the only part is a named "
    "inline text/plain: it is the body here (first part of the message, RFC "
    "8621), not an attachment",
    ("php-mime-mail-parser/mails/m0016", "attachment_names"): "same: that part "
    "is the body",
    ("php-mime-mail-parser/mails/m0016", "attachment_sizes"): "same: that part "
    "is the body",
    ("mime-tools/testmsgs/ak-0696.msg[ak-0696-replace.ref]", "part_types"): (
        "ExtractNested=REPLACE puts the forwarded message in place of its "
        "message/rfc822 part; the part is kept here, as ak-0696-nest.ref expects"
    ),
    ("dovecot-via-stalwart/rfc/004.eml", "from_parsed"): "'From: "
    "Moderator-Address' has no '@': Python reads the word as an address (as "
    "'From: user2' in mime-tools re-fwd.msg), Stalwart as a display name",
    ("dovecot-via-stalwart/thirdparty/002.eml", "attachments"): "Stalwart turns a "
    "text part whose base64 is garbage into an attachment; here it stays in the "
    "text (what decodes) with a defect",
    ("dovecot-via-stalwart/malformed/010.eml", "text_body"): "the message is "
    "only a message/rfc822 part: with no text of its own, the record shows the "
    "forwarded message's text (Stalwart's textBody stays empty)",
    ("dovecot-via-stalwart/malformed/022.eml", "leaf_parts"): "the "
    "message/rfc822 part holds no valid message; Stalwart then counts it as a "
    "plain leaf, where it otherwise keeps nested messages out of its leaf count",
}
# Dovecot's tests of broken MIME structure: each is read the way Python's parser
# reads RFC 2046 boundaries, which is not Stalwart's way.
_BROKEN = {
    "000": "back-to-back delimiter lines, headers without a blank line after "
    "them: Python keeps three empty parts; Stalwart expects no leaf",
    "003": "the inner multipart reuses the outer boundary 'a': Python nests the "
    "text part in it and shows it; Stalwart expects 1 leaf, an attachment, no text",
    "004": "no delimiter line ('--ab', '--ac') is boundary 'a': Python reads the "
    "whole body as text; Stalwart expects an attachment and no text",
    "005": "the inner delimiter '--a----' is also the close delimiter of the "
    "outer boundary 'a--': Python closes the outer multipart there and no text "
    "is left; Stalwart expects a text body",
    "006": "the inner boundary 'ab' extends the outer 'a', neither is closed: "
    "Python shows 'body' as the text; Stalwart expects an attachment, no text",
    "007": "the inner part's headers run into its first delimiter (no blank "
    "line): Python reads one empty text part; Stalwart expects 2 leaves, one an "
    "attachment",
    "008": "the inner multipart is never closed: Python ends it at the outer "
    "delimiter and shows text/plain then text/html inline; Stalwart expects an "
    "attachment",
    "009": "the inner multipart is never closed: Python ends it at the outer "
    "delimiter, three inline text parts all shown; Stalwart expects 2 leaves "
    "and an attachment",
    "011": "same structure as 009",
}
for _name, _fields in {
    "000": ("leaf_parts",),
    "003": ("leaf_parts", "attachments", "text_body"),
    "004": ("attachments", "text_body"),
    "005": ("text_body",),
    "006": ("attachments", "text_body"),
    "007": ("leaf_parts", "attachments", "text_body"),
    "008": ("attachments",),
    "009": ("leaf_parts", "attachments"),
    "011": ("leaf_parts", "attachments"),
}.items():
    for _field in _fields:
        DECLINED[(f"dovecot-via-stalwart/malformed/{_name}.eml", _field)] = _BROKEN[
            _name
        ]


@pytest.mark.parametrize("path", MESSAGES, ids=_id)
def test_every_message_parses(path: Path) -> None:
    raw = path.read_bytes()
    record = parse_email(raw)
    assert record.raw == raw
    assert isinstance(record.subject, str)
    assert not _CONTROLS.search(record.subject)
    if record.sender is not None:
        assert not _CONTROLS.search(record.sender.name + record.sender.address)
    assert record.sent_at is None or record.sent_at.tzinfo is not None
    for attachment in record.attachments:
        assert attachment.filename == safe_filename(attachment.filename, 0, "")
    _all_text_encodable(record)


@pytest.mark.parametrize("path", OTHER_FILES, ids=_id)
def test_files_that_are_not_one_message_do_not_crash_it(path: Path) -> None:
    raw = path.read_bytes()
    assert parse_email(raw).raw == raw


def _all_text_encodable(record: InboundMessage) -> None:
    """No lone surrogate escapes the parser: everything is storable as UTF-8."""
    texts = [record.subject, record.text, record.html or "", record.top_type]
    texts += [*record.parts, *record.defects, *record.references]
    texts += [a.filename + a.content_type for a in record.attachments]
    for address in (*record.to, *record.cc, *record.reply_to):
        texts.append(address.name + address.address)
    for text in texts:
        text.encode("utf-8")


@pytest.mark.parametrize("entry", ORACLE, ids=_oracle_id)
def test_oracle(entry: dict[str, Any]) -> None:
    if "mbox_messages" in entry:
        pytest.skip(NOT_APPLICABLE["mbox_messages"])
    key = _oracle_id(entry)
    record = parse_email((MAIL / entry["source"] / entry["file"]).read_bytes())
    failures = {
        field: problem
        for field, problem in _check(entry, record).items()
        if (key, field) not in DECLINED
    }
    assert failures == {}


@pytest.mark.usefixtures("corpus")
def test_declined_expectations_still_fail() -> None:
    """A declined expectation that now holds should leave the DECLINED list."""
    by_id = {_oracle_id(entry): entry for entry in ORACLE}
    for (key, field), _reason in DECLINED.items():
        entry = by_id[key]
        record = parse_email((MAIL / entry["source"] / entry["file"]).read_bytes())
        assert field in _check(entry, record), (key, field)


def _check(entry: dict[str, Any], record: InboundMessage) -> dict[str, str]:
    """Each oracle field that the record does not meet, with what differs."""
    found: dict[str, str] = {}
    for field, expected in entry.items():
        checker = _CHECKS.get(field)
        if checker is None:
            continue
        problem = checker(expected, record, entry)
        if problem:
            found[field] = problem
    return found


def _differs(got: object, expected: object) -> str:
    return "" if got == expected else f"got {got!r}, expected {expected!r}"


def _pair(record: InboundMessage) -> tuple[str, str] | None:
    sender = record.sender
    return (sender.name, sender.address) if sender else None


def _header_pairs(text: str) -> list[tuple[str, str]]:
    return [(n, a) for n, a in getaddresses([text]) if n or a]


def _from(expected: Any, record: InboundMessage, _: dict[str, Any]) -> str:
    if isinstance(expected, str):  # MIME-tools: the header as written
        return _differs(_pair(record), _header_pairs(expected)[0])
    return _differs(_pair(record), (expected.get("name", ""), expected["email"]))


def _to(expected: Any, record: InboundMessage, _: dict[str, Any]) -> str:
    got = [(a.name, a.address) for a in record.to]
    if isinstance(expected, str):
        return _differs(got, _header_pairs(expected))
    return _differs(got[:1], [(expected["name"], expected["email"])])


def _from_parsed(expected: Any, record: InboundMessage, _: dict[str, Any]) -> str:
    if expected is None:
        return _differs(record.sender, None)
    first = expected["Address"]["List"][0]
    return _differs(_pair(record), (first["name"] or "", first["address"] or ""))


def _leaf_parts(expected: int, record: InboundMessage, entry: dict[str, Any]) -> str:
    parts = record.parts
    if entry["source"] == "dovecot-via-stalwart":
        # Stalwart keeps a nested message apart, not as a leaf of the outer one.
        parts = tuple(p for p in parts if p not in _MESSAGE_TYPES)
    return _differs(len(parts), expected)


def _spec_leaves(spec: Any) -> list[str]:
    """mail-mime-parser's nested spec: {type: [children]}, [type, [children]],
    [null, type] (an attachment), or a bare leaf type."""
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict):
        return [leaf for children in spec.values() for leaf in _spec_leaves(children)]
    if isinstance(spec, list) and len(spec) == 2 and spec[0] is None:
        return _spec_leaves(spec[1])
    if (
        isinstance(spec, list)
        and len(spec) == 2
        and isinstance(spec[0], str)
        and spec[0].startswith("multipart/")
        and isinstance(spec[1], list)
    ):
        return _spec_leaves(spec[1])
    return [leaf for item in spec for leaf in _spec_leaves(item)]


def _parts_spec(expected: Any, record: InboundMessage, _: dict[str, Any]) -> str:
    return _differs(list(record.parts), _spec_leaves(expected))


def _names(expected: list[str], record: InboundMessage, _: dict[str, Any]) -> str:
    wanted = [safe_filename(name, 0, "") for name in expected]
    return _differs([a.filename for a in record.attachments], wanted)


def _part_types(
    expected: dict[str, str], record: InboundMessage, entry: dict[str, Any]
) -> str:
    """MIME-tools' entity tree (Part_2_1 is inside Part_2): leaves must match
    `parts`, and what a message/rfc822 part holds must match its attachment."""
    # dup-names.ref gives no top type: five parts make it a multipart.
    top = entry.get("type") or ("multipart/mixed" if expected else "text/plain")
    return _tree_problem("", expected, top, record)


def _tree_problem(
    prefix: str, types: dict[str, str], root_type: str, record: InboundMessage
) -> str:
    children = _children(prefix, types)
    if root_type.startswith("multipart/") and children:
        leaves = _leaf_keys(children, types)
    else:
        leaves = [prefix]
    expected = [types.get(key, root_type) for key in leaves]
    problem = _differs(list(record.parts), expected)
    if problem:
        return f"under {prefix or 'the message'}: {problem}"
    nested = [a for a in record.attachments if a.content_type in _MESSAGE_TYPES]
    holders = [key for key in leaves if types.get(key, root_type) in _MESSAGE_TYPES]
    for holder, attachment in zip(holders, nested, strict=False):
        inner = _children(holder, types)
        if len(inner) == 1:
            problem = _tree_problem(
                inner[0], types, types[inner[0]], parse_email(attachment.data)
            )
            if problem:
                return problem
    return ""


def _children(prefix: str, types: dict[str, str]) -> list[str]:
    head = f"{prefix}_" if prefix else "Part_"
    return [k for k in types if k.startswith(head) and "_" not in k[len(head) :]]


def _leaf_keys(keys: list[str], types: dict[str, str]) -> list[str]:
    out: list[str] = []
    for key in keys:
        inner = _children(key, types)
        if inner and types[key].startswith("multipart/"):
            out.extend(_leaf_keys(inner, types))
        else:
            out.append(key)
    return out


def _filenames(
    expected: dict[str, str], record: InboundMessage, _: dict[str, Any]
) -> str:
    names = [a.filename for a in record.attachments]
    missing = [n for n in expected.values() if safe_filename(n, 0, "") not in names]
    return f"{missing} not among {names}" if missing else ""


_CHECKS: dict[str, Any] = {
    "subject": lambda e, r, _: _differs(r.subject, e or ""),
    "from": _from,
    "from_header": _from,
    "to": _to,
    "to_header": _to,
    "from_parsed": _from_parsed,
    "top_type": lambda e, r, _: _differs(r.top_type, e),
    "type": lambda e, r, _: _differs(r.top_type, e),
    "message_id": lambda e, r, _: _differs(r.message_id, e),
    "leaf_parts": _leaf_parts,
    "parts_spec": _parts_spec,
    "attachments": lambda e, r, _: _differs(len(r.attachments), e),
    "attachment_names": _names,
    "attachment_sizes": lambda e, r, _: _differs(
        [len(a.data) for a in r.attachments], e
    ),
    "embedded": lambda e, r, _: _differs(
        sum(a.disposition == "inline" for a in r.attachments), e
    ),
    "text_body": lambda e, r, _: _differs(bool(r.text.strip()), e > 0),
    "part_types": _part_types,
    "filenames": _filenames,
}


def _shape(message: Message) -> list[tuple[object, ...]]:
    return [
        (
            part.get_content_type(),
            [type(defect).__name__ for defect in part.defects],
            part.preamble,
            part.epilogue,
            None if part.is_multipart() else part.get_payload(),
            part.items(),
        )
        for part in message.walk()
    ]


@pytest.mark.usefixtures("corpus")
def test_the_private_feed_parser_builds_the_stdlib_tree() -> None:
    """fastparse only skips compiling boundary patterns: same tree, same defects."""
    stdlib = BytesParser(policy=POLICY)
    different = [
        _id(path)
        for path in MESSAGES
        if _shape(parse_bytes(raw := path.read_bytes(), POLICY))
        != _shape(stdlib.parsebytes(raw))
    ]
    assert different == []


@pytest.mark.usefixtures("corpus")
def test_plain_addresses_read_as_getaddresses_reads_them() -> None:
    """The fast path for `Name <a@b>` agrees with the stdlib on every corpus field."""
    values = [
        value
        for path in MESSAGES
        for name, value in parse_bytes(path.read_bytes(), POLICY).raw_items()
        if name.lower() in {"from", "to", "cc", "reply-to", "sender"}
    ]
    values += ['"Doe, J" <a@b.c>', "Doug  Sauder <a@b.c>", "<a@b.c>", "J. Doe <a@b.c>"]
    for value in values:
        unfolded = re.sub(r"\r?\n[ \t]*", " ", value)
        if _NAME_WITH_AT.search(unfolded):
            continue  # the stdlib splits such a name off (test_parse_outside_mail)
        assert address_pairs([value]) == getaddresses([unfolded]), value


_NAME_WITH_AT = re.compile(r'(^|,)\s*[^,<>"()]*@[^,<>"()]*<')
