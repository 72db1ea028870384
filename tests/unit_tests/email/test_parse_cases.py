"""`parse_email` on small messages written here, one difficulty at a time."""

from __future__ import annotations

import base64
import hashlib
import os
import socket
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from plugins.api import Address
from plugins.email.attachments import safe_filename
from plugins.email.parse import parse_email


def mail(headers: str, body: bytes = b"Hello.\n") -> bytes:
    """A message from header lines (no trailing newline needed) and a body."""
    return headers.strip("\n").encode() + b"\n\n" + body


def mixed(*parts: bytes, boundary: str = "XX") -> bytes:
    """A multipart/mixed message whose parts are given with their headers."""
    body = b"".join(b"--" + boundary.encode() + b"\n" + p + b"\n" for p in parts)
    body += b"--" + boundary.encode() + b"--\n"
    head = f"From: a@example.com\nContent-Type: multipart/mixed; boundary={boundary}"
    return mail(head, body)


# Headers: RFC 2047, 8-bit, addresses, dates, ids


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("=?ISO-8859-1?Q?Caf=E9_cr=E8me?=", "Café crème"),
        (
            "=?utf-8?q?Commande_n=C2=B012_?= =?utf-8?q?livr=C3=A9e?=",
            "Commande n°12 livrée",
        ),
        ("=?UTF-8?B?w6l0w6kgw6AgUGFyaXM=?=", "été à Paris"),
        # One character split across two words: decoded together.
        ("=?utf-8?B?4oKs?= =?utf-8?B?IDEw?=", "€ 10"),
        ("Re: =?iso-8859-15?q?=A4?= and text", "Re: € and text"),
        ("=?utf-8*fr?q?bonjour?=", "bonjour"),
        ("Die Hasen und\n   die Frösche", "Die Hasen und die Frösche"),
    ],
)
def test_encoded_subjects_are_decoded(subject: str, expected: str) -> None:
    record = parse_email(mail(f"Subject: {subject}"))
    assert record.subject == expected
    assert record.defects == ()


def test_an_encoded_word_with_bad_base64_is_kept_with_a_defect() -> None:
    record = parse_email(mail("Subject: ok =?utf-8?B?@@@?= =?utf-8?q?fin?="))
    assert record.subject == "ok =?utf-8?B?@@@?= fin"
    assert record.defects == (
        "invalid base64 in an encoded word of Subject header, kept as is",
    )


def test_an_encoded_word_with_damaged_base64_keeps_what_decodes() -> None:
    record = parse_email(mail("Subject: =?utf-8?B?w6l0w6k*?="))
    assert record.subject == "été"
    assert record.defects == (
        "invalid base64 in an encoded word of Subject header, decoded what it could",
    )


def test_an_encoded_word_in_an_unknown_charset_falls_back() -> None:
    record = parse_email(mail("Subject: =?x-foo?q?caf=C3=A9?="))
    assert record.subject == "café"
    assert record.defects == (
        "unknown charset 'x-foo' in Subject header, read as UTF-8",
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Réponse".encode(), "Réponse"), ("Réponse".encode("latin-1"), "Réponse")],
)
def test_undeclared_8bit_headers_are_utf8_else_windows_1252(
    raw: bytes, expected: str
) -> None:
    record = parse_email(
        b"Subject: " + raw + b"\nFrom: J\xc3\xa9r\xc3\xb4me <j@example.com>\n\nx"
    )
    assert record.subject == expected
    assert record.sender == Address("Jérôme", "j@example.com")


def test_control_characters_leave_the_subject() -> None:
    record = parse_email(mail("Subject: a\x01b\x7fc =?utf-8?q?d=0Ae=00f?=\tg"))
    assert record.subject == "abc d ef g"


def test_addresses_of_every_kind() -> None:
    record = parse_email(
        mail(
            'From: "Doe, Jane" <jane@example.com>\n'
            "To: =?utf-8?q?Ma=C3=AFa?= <maia@example.com>, bob@example.com\n"
            "Cc: Team: x@example.com, y@example.com;\n"
            "Reply-To: jane (Jane Doe)\n"
        )
    )
    assert record.sender == Address("Doe, Jane", "jane@example.com")
    assert record.to == (
        Address("Maïa", "maia@example.com"),
        Address("", "bob@example.com"),
    )
    assert record.cc == (Address("", "x@example.com"), Address("", "y@example.com"))
    assert record.reply_to == (Address("Jane Doe", "jane"),)


def test_date_with_a_zone_is_kept_aware() -> None:
    record = parse_email(mail("Date: Mon, 03 Mar 2025 10:15:00 +0100"))
    assert record.sent_at == datetime(
        2025, 3, 3, 10, 15, tzinfo=timezone(timedelta(hours=1))
    )


def test_date_without_a_zone_is_utc_with_a_defect() -> None:
    record = parse_email(mail("Date: Mon, 03 Mar 2025 10:15:00 -0000"))
    assert record.sent_at == datetime(2025, 3, 3, 10, 15, tzinfo=UTC)
    assert record.defects == ("Date header has no time zone, assumed UTC",)


def test_an_invalid_date_is_none_with_a_defect() -> None:
    record = parse_email(mail("Date: the day after tomorrow"))
    assert record.sent_at is None
    assert record.defects == ("invalid Date header 'the day after tomorrow'",)


def test_message_ids_lose_their_brackets_and_junk() -> None:
    record = parse_email(
        mail(
            "Message-ID: <abc@example.com>\n"
            "In-Reply-To: <p1@example.com> (Jane's message of Monday)\n"
            "References: <r1@example.com>\n <r2@example.com> junk <r1@example.com>"
        )
    )
    assert record.message_id == "abc@example.com"
    assert record.in_reply_to == ("p1@example.com",)
    assert record.references == ("r1@example.com", "r2@example.com")


def test_spaces_inside_a_message_id_are_dropped() -> None:
    record = parse_email(
        mail("Message-ID: < abc@example.com >\nReferences: <r1@ex.com> <r 2@ex.com>")
    )
    assert record.message_id == "abc@example.com"
    assert record.references == ("r1@ex.com", "r2@ex.com")


def test_a_bare_message_id_is_kept() -> None:
    assert parse_email(mail("Message-ID: 1234.5678")).message_id == "1234.5678"


# Bodies: charsets, transfer encodings, HTML


@pytest.mark.parametrize(
    ("charset", "data", "expected"),
    [
        ("utf8", "déjà".encode(), "déjà"),
        ("latin1", "déjà".encode("latin-1"), "déjà"),
        ("iso-8859-1", b"\x93quoted\x94", "\u201cquoted\u201d"),  # really cp1252
        ("ks_c_5601-1987", "안녕하세요".encode("cp949"), "안녕하세요"),
        ("unicode-1-1-utf-7", "déjà".encode("utf-7"), "déjà"),
        ('"Shift_JIS"', "こんにちは".encode("cp932"), "こんにちは"),
    ],
)
def test_declared_charsets_and_their_aliases(
    charset: str, data: bytes, expected: str
) -> None:
    record = parse_email(mail(f"Content-Type: text/plain; charset={charset}", data))
    assert record.text == expected
    assert record.defects == ()


@pytest.mark.parametrize("charset", ["x-foo", "x-unknown"])
def test_an_unknown_charset_falls_back_with_a_defect(charset: str) -> None:
    record = parse_email(
        mail(f"Content-Type: text/plain; charset={charset}", "prêt".encode())
    )
    assert record.text == "prêt"
    assert record.defects == (f"unknown charset '{charset}' in part 1, read as UTF-8",)


def test_a_wrong_charset_falls_back_to_windows_1252() -> None:
    record = parse_email(mail("Content-Type: text/plain; charset=utf-8", b"pr\xeat"))
    assert record.text == "prêt"
    assert record.defects == ("undecodable utf-8 text in part 1, read as windows-1252",)


@pytest.mark.parametrize(
    ("data", "expected"), [("prêt".encode(), "prêt"), ("prêt".encode("cp1252"), "prêt")]
)
def test_undeclared_8bit_text_is_utf8_else_windows_1252(
    data: bytes, expected: str
) -> None:
    record = parse_email(mail("Subject: x", data))
    assert record.text == expected
    assert record.defects == ()


def test_quoted_printable_and_line_endings() -> None:
    raw = (
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"caf=C3=A9 au=\r\n lait\r\nligne 2=0D=0Aligne 3=0Dligne 4\r\n"
    )
    assert parse_email(raw).text == "café au lait\nligne 2\nligne 3\nligne 4"


def test_broken_base64_keeps_what_decodes() -> None:
    data = base64.b64encode(b"%PDF-1.4 a whole document")[:-3]
    part = (
        b"Content-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n" + data
    )
    record = parse_email(mixed(b"Content-Type: text/plain\n\nsee attached", part))
    assert record.attachments[0].data == b"%PDF-1.4 a whole documen"
    assert record.defects == ("invalid base64 in part 2, kept 24 decoded bytes",)


def test_alternative_prefers_plain_text_and_keeps_the_html() -> None:
    body = (
        b"--B\nContent-Type: text/plain\n\nplain version\n"
        b"--B\nContent-Type: text/html\n\n<p>html <b>version</b></p>\n--B--\n"
    )
    record = parse_email(mail("Content-Type: multipart/alternative; boundary=B", body))
    assert record.text == "plain version"
    assert record.html == "<p>html <b>version</b></p>"
    assert record.parts == ("text/plain", "text/html")
    assert record.attachments == ()


def test_html_only_mail_reads_as_text_and_fetches_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the parser opened a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    html = (
        b"<html><head><link rel=stylesheet href='http://tracker.example/a.css'></head>"
        b"<body><p>Bonjour,</p><p>ma commande <b>#1042</b> n'est pas arriv&eacute;e."
        b'<img src="http://tracker.example/pixel.gif"></p>'
        b"<ul><li>taille M</li><li>bleu</li></ul></body></html>"
    )
    record = parse_email(mail("Content-Type: text/html; charset=utf-8", html))
    assert record.html is not None and "pixel.gif" in record.html
    assert "ma commande #1042 n'est pas arrivée." in record.text
    assert "taille M" in record.text
    assert "<" not in record.text


def test_inline_text_parts_of_a_mixed_message_are_joined() -> None:
    record = parse_email(
        mixed(
            b"Content-Type: text/plain\n\nfirst\n",
            b"Content-Type: text/plain\n\nsecond",
        )
    )
    assert record.text == "first\n\nsecond"
    assert record.attachments == ()


# Attachments


def test_rfc2231_filenames_with_a_charset() -> None:
    record = parse_email(
        mixed(
            b"Content-Type: text/plain\n\nx",
            b"Content-Type: application/pdf\nContent-Disposition: attachment;\n"
            b" filename*=UTF-8''r%C3%A9sum%C3%A9%20sign%C3%A9.pdf\n\n%PDF",
            b"Content-Type: image/png\nContent-Disposition: attachment;\n"
            b" filename*0*=iso-8859-1''%E9t%E9;\n filename*1=.png\n\nPNG",
            b'Content-Type: text/plain; name="=?utf-8?q?re=C3=A7u.txt?="\n'
            b"Content-Disposition: attachment\n\nx",
        )
    )
    names = [a.filename for a in record.attachments]
    assert names == ["résumé signé.pdf", "été.png", "reçu.txt"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\cmd.exe", "cmd.exe"),
        ("/evil/filename", "filename"),
        ("...hidden", "hidden"),
        ("a\x00b\x1fc.txt", "abc.txt"),
        ('what?*<>|:".doc', "what_______.doc"),
        ("CON", "_CON"),
        ("nul.tar.gz", "_nul.tar.gz"),
        ("com1.txt", "_com1.txt"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
        ("..", "attachment-3.pdf"),
        (None, "attachment-3.pdf"),
    ],
)
def test_file_names_are_made_safe(name: str | None, expected: str) -> None:
    assert safe_filename(name, 3, "application/pdf") == expected


def test_a_traversal_name_in_a_message_is_made_safe() -> None:
    record = parse_email(
        mixed(
            b"Content-Type: text/plain\n\nx",
            b'Content-Type: application/octet-stream\nContent-Disposition: attachment; filename="../../etc/passwd"\n\nroot',
            b"Content-Type: application/pdf\n\n%PDF",
        )
    )
    assert [a.filename for a in record.attachments] == ["passwd", "attachment-2.pdf"]


def test_uuencoded_files_leave_the_text() -> None:
    encoded = b"begin 644 ../hello.txt\n" + _uu(b"Hello, world!\n") + b"`\nend\n"
    record = parse_email(mail("Subject: uu", b"Before.\n\n" + encoded + b"\nAfter.\n"))
    assert record.text == "Before.\n\nAfter."
    assert [(a.filename, a.content_type, a.data) for a in record.attachments] == [
        ("hello.txt", "text/plain", b"Hello, world!\n")
    ]


def test_an_x_uuencode_part_is_decoded() -> None:
    part = b"Content-Type: application/octet-stream\nContent-Transfer-Encoding: x-uuencode\n\n"
    part += b"begin 600 data.bin\n" + _uu(b"\x00\x01binary") + b"`\nend"
    record = parse_email(mixed(b"Content-Type: text/plain\n\nx", part))
    assert record.attachments[0].data == b"\x00\x01binary"


def _uu(data: bytes) -> bytes:
    import binascii

    return binascii.b2a_uu(data)


FORWARDED = b"From: Jane <jane@example.com>\nSubject: original\nContent-Type: text/plain\n\nThe original text.\n"


def test_a_nested_message_is_one_eml_attachment() -> None:
    record = parse_email(
        mixed(
            b"Content-Type: text/plain\n\nSee below.",
            b"Content-Type: message/rfc822\n\n" + FORWARDED,
        )
    )
    assert record.text == "See below."
    assert record.parts == ("text/plain", "message/rfc822")
    (eml,) = record.attachments
    assert (eml.filename, eml.content_type) == ("message-1.eml", "message/rfc822")
    inner = parse_email(eml.data)
    assert inner.subject == "original"
    assert inner.text == "The original text."


def test_a_nested_message_keeps_its_exact_bytes() -> None:
    inner = b"Subject:  two  spaces\nX-Folded: a\n\tb\nFrom:x@example.com\n\nbody\n\n"
    record = parse_email(
        mixed(
            b"Content-Type: text/plain\n\nx",
            b"Content-Type: message/rfc822\n\n" + inner,
        )
    )
    assert record.attachments[0].data == inner


def test_a_message_that_only_forwards_shows_the_forwarded_text() -> None:
    record = parse_email(mail("Content-Type: message/rfc822", FORWARDED))
    assert record.text == "The original text."
    assert record.parts == ("message/rfc822",)
    assert len(record.attachments) == 1


def test_a_base64_encoded_nested_message_is_decoded() -> None:
    part = b"Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
    part += base64.encodebytes(FORWARDED)
    record = parse_email(mixed(b"Content-Type: text/plain\n\nfwd", part))
    assert parse_email(record.attachments[0].data).subject == "original"


def test_tnef_contents_are_listed_after_winmail_dat(corpus: Path) -> None:
    blob = corpus / "email" / "mimekit" / "tnef" / "winmail.tnef"
    part = b"Content-Type: application/ms-tnef\nContent-Disposition: attachment; filename=winmail.dat\n"
    part += b"Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(
        Path(blob).read_bytes()
    )
    record = parse_email(mixed(b"Content-Type: text/plain\n\nsee", part))
    names = [a.filename for a in record.attachments]
    assert names[0] == "winmail.dat"
    assert len(names) == 3
    assert all(len(a.data) > 1000 for a in record.attachments)


def test_a_broken_tnef_is_a_defect() -> None:
    part = b"Content-Type: application/ms-tnef; name=winmail.dat\n\nnot tnef at all"
    record = parse_email(mixed(b"Content-Type: text/plain\n\nsee", part))
    assert [a.filename for a in record.attachments] == ["winmail.dat"]
    assert record.defects == ("unreadable TNEF data in part 2: ValueError",)


# Damaged input


def test_a_missing_boundary_reads_the_body_as_text() -> None:
    record = parse_email(
        mail("Content-Type: multipart/mixed", b"--X\n\nsome text\n--X--\n")
    )
    assert "some text" in record.text
    assert record.top_type == "multipart/mixed"
    assert "missing MIME boundary in multipart/mixed" in record.defects


def test_a_truncated_multipart_keeps_its_parts() -> None:
    raw = mixed(b"Content-Type: text/plain\n\nhello", b"Content-Type: image/png\n\nPNG")
    record = parse_email(raw[: raw.rindex(b"--XX--")])
    assert record.text == "hello"
    assert "missing closing MIME boundary of multipart/mixed" in record.defects


def test_empty_input() -> None:
    record = parse_email(b"")
    assert record.raw == b""
    assert record.external_id == "sha256:" + hashlib.sha256(b"").hexdigest()
    assert (record.subject, record.text, record.sender, record.parts) == (
        "",
        "",
        None,
        (),
    )
    assert record.defects == ("empty message",)


def test_random_bytes() -> None:
    raw = os.urandom(5000)
    record = parse_email(raw)
    assert record.raw == raw
    assert record.text.encode("utf-8")


def test_huge_headers() -> None:
    raw = b"Subject: " + b"x" * 2_000_000 + b"\nTo: " + b"a@b, " * 50_000 + b"\n\nbody"
    record = parse_email(raw)
    assert len(record.subject) == 2_000_000
    assert len(record.to) == 50_000


def test_the_external_id_is_kept_when_given() -> None:
    assert parse_email(b"x", external_id="imap:1").external_id == "imap:1"


@pytest.mark.parametrize(
    "raw",
    [
        b"Subject: " + b"=?a?q?x" * 40_000 + b"\n\nx",
        b"From: " + b" " * 200_000 + b"x\n\nx",
        b'To: "' + b" " * 200_000 + b"\n\nx",
        b"Subject: x\n\n" + b"begin 644 x\n" * 40_000,
        b"Subject: x\n\nbegin 644 " + b" " * 200_000 + b"x",
        b"Content-Type: text/html\n\n" + b"<" * 200_000,
        b"Content-Type: text/plain; charset=" + b"a" * 200_000 + b" x\n\nx",
        b"Subject: x\n\n" + (b"a\n" * 7 + b"b:c\n") * 50_000,
    ],
    ids=["words", "from", "quote", "uu-begins", "uu-name", "html", "charset", "runs"],
)
def test_hostile_inputs_cost_linear_time(raw: bytes) -> None:
    """Each took seconds to minutes with a backtracking pattern; now milliseconds."""
    start = time.perf_counter()
    parse_email(raw)
    assert time.perf_counter() - start < 2


def test_an_unreadable_from_costs_only_the_from() -> None:
    record = parse_email(b"From: " + b"(" * 5000 + b"\nSubject: hi\n\nbody")
    assert (record.sender, record.subject, record.text) == (None, "hi", "body")
    assert record.defects == ("From header too deeply nested to read",)


def test_a_nested_message_with_bare_cr_line_ends_is_written_back() -> None:
    """The parser splits on a lone CR; the exact cut cannot, so it writes back."""
    raw = (
        b"Content-Type: multipart/mixed; boundary=a\r\r--a\rContent-Type: text/plain"
        b"\r\rhi\r--a\rContent-Type: message/rfc822\r\rSubject: x\r\rbody\r--a--\r"
    )
    record = parse_email(raw)
    assert record.text == "hi"
    assert parse_email(record.attachments[0].data).subject == "x"


def test_a_stray_boundary_line_adds_no_empty_part() -> None:
    raw = mail(
        "Content-Type: multipart/mixed; boundary=b",
        b"--b\nContent-Type: text/plain\n\nhello\n--b\n\n--b--\n",
    )
    assert parse_email(raw).parts == ("text/plain",)
