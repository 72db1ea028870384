"""Mail written by a responder (out of office, vacation) is recognised by its headers."""

from __future__ import annotations

import pytest

from plugins.email.parse import parse_email

HEAD = (
    "From: Ann <ann@example.com>\r\nTo: shop@example.com\r\n"
    "Subject: Automatic reply: Your order\r\nMessage-ID: <ooo1@example.com>\r\n"
    "In-Reply-To: <reply1@shop.example>\r\n"
)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ("Auto-Submitted: auto-replied\r\n", "Auto-Submitted: auto-replied"),
        ("Auto-Submitted: auto-generated; owner-email=x@y\r\n", "Auto-Submitted"),
        ("X-Autoreply: yes\r\n", "X-Autoreply: yes"),
        ("X-Autorespond: Vacation\r\n", "X-Autorespond: Vacation"),
        ("Precedence: auto_reply\r\n", "Precedence: auto_reply"),
        ("Auto-Submitted: no\r\n", ""),  # RFC 3834: written by a person
        ("Precedence: bulk\r\n", ""),  # a newsletter, not a responder
        ("", ""),
    ],
)
@pytest.mark.parametrize("quick", [True, False])
def test_responders_are_known_by_their_headers(
    headers: str, expected: str, quick: bool
) -> None:
    raw = (HEAD + headers + "\r\nI am away until Monday.\r\n").encode()
    found = parse_email(raw, quick=quick).automatic
    assert found.startswith(expected) and bool(found) == bool(expected)
