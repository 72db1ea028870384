"""A header field's addresses are read once and kept for the next messages:
each message still gets its own addresses and the defects reading them noted."""

from __future__ import annotations

from plugins.email.headers import addresses
from plugins.email.parse import parse_email

_ODD_TO = b"To: =?utf-8?b?QW5u!?= <ann@example.com>, ;;;\r\n"


def test_each_message_notes_the_defects_of_a_field_read_before() -> None:
    raw = b"From: shop@example.com\r\n" + _ODD_TO + b"Subject: t\r\n\r\nx\r\n"
    first, second = parse_email(raw), parse_email(raw.replace(b": t", b": u"))
    assert first.to == second.to
    assert [a.address for a in first.to] == ["ann@example.com"]
    noted = [d for d in first.defects if "To header" in d]
    assert noted
    assert [d for d in second.defects if "To header" in d] == noted


def test_the_caller_owns_what_it_gets() -> None:
    defects: list[str] = []
    found = addresses(["Ann <ann@example.com>"], "To header", defects)
    found.append(found[0])
    assert len(addresses(["Ann <ann@example.com>"], "To header", defects)) == 1
    assert defects == []
