"""`parse_email` never raises, whatever the bytes, and never alters them."""

from __future__ import annotations

from email.message import Message
from email.parser import BytesParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.api import InboundMessage
from plugins.email.fastparse import parse_bytes
from plugins.email.headers import POLICY
from plugins.email.parse import parse_email
from tests.conftest import CORPUS

FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _seeds() -> list[bytes]:
    """A few corpus messages of different shapes, as material to damage."""
    names = [
        "mail-mime-parser-php/emails/m0015.txt",
        "mime-tools/testmsgs/multi-nested.msg",
        "dovecot-via-stalwart/rfc/007.eml",
        "mikel-mail/emails/attachment_emails/attachment_message_rfc822.eml",
        "mimekit/tnef/ukr.eml",
        "php-mime-mail-parser/mails/m0018",
    ]
    found = [CORPUS / "email" / name for name in names]
    seeds = [path.read_bytes()[:20_000] for path in found if path.is_file()]
    return seeds or [_HANDMADE]


_HANDMADE = (
    b"From: =?utf-8?q?J=C3=A9r=C3=B4me?= <j@example.com>\r\n"
    b"Subject: =?iso-8859-1?B?Y2Fm6Q==?=\r\n"
    b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
    b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nbonjour\r\n"
    b"--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ntext\r\n"
    b"--b\r\nContent-Type: application/ms-tnef; name=winmail.dat\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\neJ8+IgAA\r\n--b--\r\n"
)
SEEDS = [*_seeds(), _HANDMADE]


def _sound(record: InboundMessage, raw: bytes) -> None:
    assert record.raw == raw
    assert isinstance(record.text, str)
    for text in (record.subject, record.text, record.html or "", *record.defects):
        text.encode("utf-8")  # no lone surrogate leaks out
    assert "\n" not in record.subject and "\r" not in record.subject


@FUZZ
@given(st.binary(max_size=4000))
def test_any_bytes(raw: bytes) -> None:
    _sound(parse_email(raw), raw)


@FUZZ
@given(
    seed=st.sampled_from(SEEDS),
    cut=st.floats(min_value=0, max_value=1),
    flips=st.lists(
        st.tuples(st.floats(min_value=0, max_value=1), st.integers(0, 255)),
        max_size=12,
    ),
)
def test_damaged_messages(
    seed: bytes, cut: float, flips: list[tuple[float, int]]
) -> None:
    raw = bytearray(seed[: max(1, int(len(seed) * cut))])
    for where, value in flips:
        raw[min(len(raw) - 1, int(len(raw) * where))] = value
    _sound(parse_email(bytes(raw)), bytes(raw))


@FUZZ
@given(
    st.lists(
        st.sampled_from(
            [
                b"Content-Type: multipart/mixed; boundary=a\n",
                b"Content-Type: message/rfc822\n",
                b"Content-Type: text/plain; charset=x-\xff\n",
                b"Content-Transfer-Encoding: base64\n",
                b"Content-Transfer-Encoding: x-uuencode\n",
                b"Content-Disposition: attachment; filename*0*=utf-8''%FF%\n",
                b"Subject: =?utf-8?B?====?= =?x?q?=ZZ?=\n",
                b"Date: Mon, 99 Foo 99999 99:99 +9999\n",
                b"\n",
                b"--a\n",
                b"--a--\n",
                b"begin 644 x\nM\n`\nend\n",
                b"\x00\xff\r",
                b"\r",
                b"Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n",
            ]
        ),
        max_size=40,
    )
)
def test_structures_assembled_from_hostile_pieces(pieces: list[bytes]) -> None:
    raw = b"".join(pieces)
    _sound(parse_email(raw), raw)


def test_seeds_are_there() -> None:
    assert len(SEEDS) > 1, "no corpus message to damage: only the handmade one"


def _shape(message: Message) -> list[tuple[object, ...]]:
    return [
        (
            part.get_content_type(),
            [type(defect).__name__ for defect in part.defects],
            part.preamble,
            part.epilogue,
            getattr(part, "_payload", None) if not part.is_multipart() else None,
            part.items(),
        )
        for part in message.walk()
    ]


_LINES = st.sampled_from(
    [
        "Content-Type: multipart/mixed; boundary=a",
        "Content-Type: message/rfc822",
        "Subject: x",
        " folded",
        "From someone",
        "--a",
        "--a--",
        "",
        "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=",
        "plain words without a colon",
        "a: b",
        "\x00comptoir-run-0\x00",
        "\xff\xfe",
    ]
)


@FUZZ
@given(
    blocks=st.lists(st.tuples(_LINES, st.integers(1, 12)), max_size=15),
    endings=st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=1, max_size=9),
)
def test_the_fast_parser_builds_the_stdlib_tree(
    blocks: list[tuple[str, int]], endings: list[str]
) -> None:
    """Runs of lines handed over as one token must not change the tree."""
    lines = [line for line, repeat in blocks for _ in range(repeat)]
    text = "".join(line + endings[i % len(endings)] for i, line in enumerate(lines))
    raw = text.encode("utf-8", "surrogateescape")
    fast = parse_bytes(raw, POLICY)
    assert _shape(fast) == _shape(BytesParser(policy=POLICY).parsebytes(raw))
