"""Mail written by other people's software: what `parse_email` must still read.

Each message is written here, byte by byte, in the shape it was seen in.
"""

from __future__ import annotations

import base64

import pytest

from plugins.api import Address
from plugins.email.headers import address_pairs
from plugins.email.mailfile import refusal
from plugins.email.parse import parse_email


def test_binary_transfer_encoding_and_utf16_text_are_read() -> None:
    """RFC 3030 BINARYMIME: NUL bytes in a part, a UTF-16 text part."""
    text = "Bonjour, où est mon colis ?\r\nMerci\r\n".encode("utf-16")
    raw = (
        b"From: Ann <ann@example.com>\r\nSubject: binaire\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain; charset=utf-16\r\n"
        b"Content-Transfer-Encoding: binary\r\n\r\n" + text + b"\r\n"
        b'--b\r\nContent-Type: application/octet-stream; name="x.bin"\r\n'
        b"Content-Transfer-Encoding: binary\r\n\r\n\x00\x01\x02\x00\r\n--b--\r\n"
    )
    assert refusal(raw) is None
    record = parse_email(raw)
    assert record.text == "Bonjour, où est mon colis ?\nMerci"
    assert [a.data for a in record.attachments] == [b"\x00\x01\x02\x00"]


@pytest.mark.parametrize(
    ("head", "what"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "an Outlook .msg"),
        (b"PK\x03\x04\x14\x00\x00\x00", "a ZIP archive"),
        (b"%PDF-1.7\n%\xe2\xe3", "a PDF document"),
        (b"\x00\x01\x02\x03garbage", "a binary file"),
    ],
)
def test_non_mail_files_are_told_by_their_first_bytes(head: bytes, what: str) -> None:
    reason = refusal(head)
    assert reason is not None and what in reason


def test_the_angle_address_wins_over_a_display_name_holding_an_at_sign() -> None:
    record = parse_email(b"From: bob@old-isp.net <bob@new-isp.org>\nSubject: t\n\nx\n")
    assert record.sender == Address("bob@old-isp.net", "bob@new-isp.org")


def test_a_list_whose_display_name_holds_an_at_sign_keeps_it_as_the_name() -> None:
    """Where the stdlib reads `bob@old <bob@new>` as two addresses, the angle
    address wins (mikel-mail's own expectation for its test field)."""
    value = "smith@gmail.com, Mikel@Lindsaar <raasdnil@gmail.com>, tom@gmail.com"
    assert address_pairs([value]) == [
        ("", "smith@gmail.com"),
        ("Mikel@Lindsaar", "raasdnil@gmail.com"),
        ("", "tom@gmail.com"),
    ]


def test_a_raw_escape_in_the_from_name_keeps_the_address() -> None:
    record = parse_email(b"From: Jo \x1b[31mRed <jo@example.org>\nSubject: t\n\nx\n")
    assert record.sender is not None
    assert record.sender.address == "jo@example.org"
    assert "\x1b" not in record.sender.name


def test_a_byte_order_mark_before_the_headers_loses_nothing() -> None:
    record = parse_email(b"\xef\xbb\xbfFrom: a@example.com\nSubject: Colis\n\nBody\n")
    assert (record.sender, record.subject, record.text) == (
        Address("", "a@example.com"),
        "Colis",
        "Body",
    )


def test_obsolete_space_before_the_colon_is_a_header_field() -> None:
    raw = (
        b"From: Ann <ann@example.com>\nX-Mailer : Old 1.0\nSubject: Colis\n"
        b"Content-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\n"
        b"Where is it?\n--B--\n"
    )
    record = parse_email(raw)
    assert (record.subject, record.text, record.top_type) == (
        "Colis",
        "Where is it?",
        "multipart/mixed",
    )
    assert record.defects == ()


def test_a_stray_line_among_the_headers_is_skipped_with_a_defect() -> None:
    raw = (
        b"From: Ann <ann@example.com>\nSubject: A long subject that was\n"
        b"folded without its space\nTo: shop@example.com\n\nBody\n"
    )
    record = parse_email(raw)
    assert record.subject == "A long subject that was"
    assert record.to == (Address("", "shop@example.com"),)
    assert record.text == "Body"
    assert any("stray line" in d and "folded without" in d for d in record.defects)


def test_headers_without_a_blank_line_still_end_at_the_body() -> None:
    record = parse_email(b"From: a@example.com\nSubject: t\nHello\nthere\n")
    assert record.text == "Hello\nthere"


# Charsets and structure


def test_iso_2022_jp_with_nec_characters_is_decoded() -> None:
    word = base64.b64encode(b"\x1b$B-!-j$3$s\x1b(B").decode()
    body = b"\x1b$B-!$3$s\x1b(B ok\n"
    raw = (
        f"From: a@example.jp\nSubject: =?ISO-2022-JP?B?{word}?=\n"
        "Content-Type: text/plain; charset=ISO-2022-JP\n\n"
    ).encode() + body
    record = parse_email(raw)
    assert record.subject == "①㈱こん"
    assert record.text == "①こん ok"


def test_raw_utf7_is_decoded_even_when_a_sequence_is_bad() -> None:
    raw = b"From: a@example.com\nContent-Type: text/plain; charset=UTF-7\n\n1+1=2 caf+AOk-\n"
    assert parse_email(raw).text.endswith("caf\xe9")


def test_a_boundary_folded_without_its_semicolon_is_still_multipart() -> None:
    raw = (
        b"From: a@example.com\nContent-Type: multipart/alternative\n"
        b' boundary="zz"\n\n--zz\nContent-Type: text/plain\n\nhello\n'
        b"--zz\nContent-Type: text/html\n\n<p>hi</p>\n--zz--\n"
    )
    record = parse_email(raw)
    assert (record.top_type, record.parts, record.text) == (
        "multipart/alternative",
        ("text/plain", "text/html"),
        "hello",
    )


def test_a_related_set_whose_html_root_is_not_first_shows_the_html() -> None:
    raw = (
        b"From: a@example.com\nContent-Type: multipart/related; boundary=R\n\n"
        b"--R\nContent-Type: image/png\nContent-ID: <logo>\n"
        b"Content-Transfer-Encoding: base64\n\niVBORw0KGgo=\n"
        b"--R\nContent-Type: text/html\n\n<p>Votre commande est partie</p>\n--R--\n"
    )
    record = parse_email(raw)
    assert record.text == "Votre commande est partie"
    assert [a.content_type for a in record.attachments] == ["image/png"]


def test_a_related_set_follows_its_start_parameter() -> None:
    raw = (
        b"From: a@example.com\n"
        b'Content-Type: multipart/related; boundary=R; start="<root>"\n\n'
        b"--R\nContent-Type: text/plain\nContent-ID: <other>\n\nnot the root\n"
        b"--R\nContent-Type: text/html\nContent-ID: <root>\n\n<p>the root</p>\n--R--\n"
    )
    assert parse_email(raw).text == "the root"


@pytest.mark.parametrize(
    ("kind", "body", "expected"),
    [
        (
            "text/enriched",
            b"<bold>Now</bold> is the\ntime <<ok>\n\n<param>x</param>end\n",
            "Now is the time <ok>\nend",
        ),
        ("text/richtext", b"Hello<nl>World <bold>x</bold><lt>3\n", "Hello\nWorld x<3"),
    ],
)
def test_enriched_and_richtext_bodies_are_shown_as_text(
    kind: str, body: bytes, expected: str
) -> None:
    raw = f"From: a@example.com\nContent-Type: {kind}\n\n".encode() + body
    assert parse_email(raw).text == expected


@pytest.mark.parametrize(
    ("content_type", "says"),
    [
        (
            'multipart/encrypted; protocol="application/pgp-encrypted"; boundary=E',
            "encrypted (PGP/MIME)",
        ),
        ("application/pkcs7-mime; smime-type=enveloped-data", "encrypted (S/MIME)"),
    ],
)
def test_an_encrypted_message_says_so(content_type: str, says: str) -> None:
    body = (
        b"--E\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n"
        b"--E\nContent-Type: application/octet-stream\n\n-----BEGIN PGP MESSAGE-----\n"
        b"hQEMA\n-----END PGP MESSAGE-----\n--E--\n"
        if "multipart" in content_type
        else b"MIAGCSqGSIb3DQEHA6CAMIACAQAxggFE\n"
    )
    raw = f"From: a@example.com\nContent-Type: {content_type}\n".encode()
    raw += (
        b"Content-Transfer-Encoding: base64\n\n" if "pkcs7" in content_type else b"\n"
    )
    record = parse_email(raw + body)
    assert says in record.text


def test_signatures_are_named_as_mail_clients_name_them() -> None:
    raw = (
        b"From: a@example.com\n"
        b'Content-Type: multipart/signed; protocol="application/pgp-signature"; '
        b"boundary=S\n\n--S\nContent-Type: text/plain\n\nsigned text\n"
        b"--S\nContent-Type: application/pgp-signature\n\n"
        b"-----BEGIN PGP SIGNATURE-----\nxx\n-----END PGP SIGNATURE-----\n--S--\n"
    )
    record = parse_email(raw)
    assert record.text == "signed text"
    assert [a.filename for a in record.attachments] == ["signature.asc"]


def test_a_nameless_uuencoded_block_becomes_a_file() -> None:
    block = b"begin 644\n#0V%T\n`\nend\n"
    record = parse_email(b"From: a@example.com\n\nSee below\n\n" + block)
    assert record.text == "See below"
    assert [(a.filename, a.data) for a in record.attachments] == [
        ("attachment-1.bin", b"Cat")
    ]


def test_html_links_are_kept_as_numbered_notes() -> None:
    html = (
        '<p>Suivi : <a href="https://track.example/123">votre colis</a>, '
        '<a href="https://shop.example/p">https://shop.example/p</a> '
        '<a href="mailto:x@example.com">x@example.com</a> '
        '<a href="https://track.example/123">encore</a></p>'
    )
    raw = b"From: a@example.com\nContent-Type: text/html\n\n" + html.encode()
    assert parse_email(raw).text == (
        "Suivi : votre colis [1], https://shop.example/p x@example.com encore [1]"
        "\n\n[1] https://track.example/123"
    )
