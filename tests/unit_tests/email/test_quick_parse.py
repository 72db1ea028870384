"""The quick MIME path builds the feed parser's tree exactly, or declines.

Both paths run over every corpus message, over generated shop mail and over
fuzzed MIME shapes: wherever the quick path accepts a message, its tree and the
resulting `InboundMessage` must equal the feed parser's.
"""

from __future__ import annotations

import subprocess
import sys
from email.message import Message
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.email.fastparse import parse_bytes
from plugins.email.headers import POLICY
from plugins.email.parse import parse_email
from plugins.email.quickparse import QuickMessage, boundary_of, quick_parse
from plugins.email.sources import read_maildir
from tests.support import every_raw_message

ROOT = Path(__file__).resolve().parents[3]


def _tree(message: Message) -> object:
    """Everything of a parsed message that anything downstream may read."""
    payload = message.__dict__["_payload"]
    return (
        message.__dict__["_headers"],
        message.preamble,
        message.epilogue,
        [(type(d).__name__, str(d)) for d in message.defects],
        message.get_default_type(),
        message.get_unixfrom(),
        message.__dict__["_charset"],
        [_tree(p) for p in payload] if isinstance(payload, list) else payload,
    )


_NAMES = ("Content-Type", "content-transfer-encoding", "SUBJECT", "from", "X-Absent")


def _lookups(part: Message) -> object:
    """What the indexed look-ups of a quick part answer, asked of any part."""
    names = [*part.keys(), *_NAMES]
    return (
        [(part.get(name), part.get(name, "missing"), name in part) for name in names],
        [part.get_content_type(), part.get_content_type(), part.get_content_maintype()],
    )


def _check(raw: bytes) -> bool:
    """Both paths agree on `raw`; whether the quick path took it."""
    quick = quick_parse(raw, POLICY)
    if quick is not None:
        feed = parse_bytes(raw, POLICY)
        assert _tree(quick) == _tree(feed)
        for part, same in zip(quick.walk(), feed.walk(), strict=True):
            assert boundary_of(part) == part.get_boundary()
            assert isinstance(part, QuickMessage)
            assert _lookups(part) == _lookups(same)
            for name in {key.lower() for key in [*same.keys(), *_NAMES]}:
                raw_values = [v for k, v in same.raw_items() if k.lower() == name]
                assert part.raw_values(name.lower()) == raw_values
    assert parse_email(raw) == parse_email(raw, quick=False)
    return quick is not None


def _check_all(raws: list[bytes]) -> float:
    taken = 0
    for index, raw in enumerate(raws):
        try:
            taken += _check(raw)
        except AssertionError as exc:
            raise AssertionError(f"message {index}: {raw[:200]!r}") from exc
    return taken / len(raws)


def test_every_corpus_message(corpus: Path) -> None:
    raws = every_raw_message(corpus / "email")
    assert len(raws) > 500
    # Odd real-world mail: most of it is still plain enough.
    assert _check_all(raws) > 0.6


def test_generated_shop_mail(tmp_path: Path) -> None:
    target = tmp_path / "maildir"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate_mail.py"),
            str(target),
            *("--count", "2500", "--seed", "11"),
        ],
        check=True,
        capture_output=True,
    )
    raws = [m.raw for m in read_maildir(target)]
    assert len(raws) == 2500
    assert _check_all(raws) > 0.95  # the mail the quick path is made for


# Pieces of MIME, mostly well-formed, that the fuzzing assembles and damages.
_FIELDS = st.sampled_from(
    [
        "Subject: hello",
        "Subject:  =?utf-8?q?caf=C3=A9?=",
        "From: A <a@example.com>",
        "To: b@example.com,\n c@example.com",
        "X-Folded: a\n\tb",
        "X-Empty:",
        "X-Blank: \n ",
        "Content-Disposition: attachment; filename=a.txt",
        "X-8bit: caf\xe9",
    ]
)
_BAD_FIELDS = st.sampled_from(
    [
        "From me",
        "Bad Name: x",
        ": no name",
        " cont",
        "x",
        "Content-Transfer-Encoding: qp",
    ]
)
_LEAF_TYPES = st.sampled_from(
    [
        "text/plain",
        "text/html; charset=utf-8",
        "image/png; name=a.png",
        "message/rfc822",
        "text",
        "application/pdf",
    ]
)
_BOUNDARIES = st.sampled_from(["b", "bb", "b c", "c", "b--", "=_x"])
_SUBTYPES = st.sampled_from(["mixed", "alternative", "related"])
_BODY_LINES = st.sampled_from(
    [
        "text",
        "",
        " ",
        "--b",
        "--b--",
        "--bb",
        "--c",
        "x--b",
        "y--c--",
        "a: b",
        "\tx",
        "\xff",
    ]
)


@st.composite
def _rarely(
    draw: st.DrawFn, usual: st.SearchStrategy[str], odd: st.SearchStrategy[str]
) -> str:
    """Mostly the usual, one time in ten the odd: damage everywhere would leave
    the quick path nothing to accept."""
    # Not 0: hypothesis draws the bounds of a range far more often than 1 in 10.
    return draw(odd if draw(st.integers(0, 9)) == 5 else usual)


@st.composite
def _entity(draw: st.DrawFn, depth: int, outer: tuple[str, ...]) -> list[str]:
    lines = draw(st.lists(_rarely(_FIELDS, _BAD_FIELDS), max_size=3))
    multipart = depth < 3 and draw(st.booleans())
    boundary = draw(_BOUNDARIES)
    if multipart:
        usual = st.sampled_from(['"{}"', "{}"])
        odd = st.sampled_from(['"{} "', "{}*", '"{}'])
        quoted = draw(_rarely(usual, odd)).format(boundary)
        subtypes = _rarely(_SUBTYPES, st.just("digest"))
        lines.append(f"Content-Type: multipart/{draw(subtypes)}; boundary={quoted}")
    elif draw(st.booleans()):
        lines.append(f"Content-Type: {draw(_LEAF_TYPES)}")
        if draw(st.booleans()):
            lines.append("Content-Transfer-Encoding: base64")
    if draw(st.integers(0, 15)) != 5:
        lines.append("")
    if not multipart:
        return lines + draw(st.lists(_BODY_LINES, max_size=4))
    tails = _rarely(st.just(""), st.sampled_from([" ", "\t ", "x", "--"]))
    lines += draw(st.lists(_BODY_LINES, max_size=2))  # the preamble
    for _ in range(draw(st.sampled_from([1, 2, 3, 2, 1, 0]))):
        lines.append(f"--{boundary}{draw(tails)}")
        lines += draw(_entity(depth + 1, (*outer, boundary)))
    if draw(st.integers(0, 9)) != 5:
        lines.append(f"--{boundary}--{draw(tails)}")
    return lines + draw(st.lists(_BODY_LINES, max_size=2))  # the epilogue


@st.composite
def _messages(draw: st.DrawFn) -> bytes:
    eol = draw(_rarely(st.sampled_from(["\n", "\r\n"]), st.just("\r")))
    text = eol.join(draw(_entity(0, ())))
    if draw(st.integers(0, 5)) != 3:
        text += eol
    if draw(st.integers(0, 9)) == 5:  # a stray CR, LF or NUL somewhere
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["\r", "\n", "\x00", "-"])) + text[at:]
    return text.encode("latin-1")


@settings(
    max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(_messages())
def test_fuzzed_shapes(raw: bytes) -> None:
    _check(raw)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes(raw: bytes) -> None:
    _check(raw)


_BLANKS = st.sampled_from(["", " ", "\t", "  "])


@st.composite
def _content_types(draw: st.DrawFn) -> str:
    """Near the plain `type; boundary=token` form, one piece off now and then."""
    odd_kinds = st.sampled_from(["a=b", 'x"y', "", "m\xe9", "a\\"])
    kind = draw(_rarely(st.just("multipart/mixed"), odd_kinds))
    names = st.sampled_from(["boundary", "BOUNDARY", "Boundary"])
    name = draw(_rarely(names, st.sampled_from(["boundary*", "boundary*0", "bound"])))
    safe = "aZ0'()+_,./:=?-"
    token = draw(
        _rarely(
            st.text(alphabet=safe, min_size=1, max_size=8),
            st.text(alphabet=safe + ' "\\<>*%;\xe9', max_size=8),
        )
    )
    quote = draw(_rarely(st.sampled_from(['"', ""]), st.just("<")))
    end = quote.replace("<", ">") if draw(st.integers(0, 9)) != 5 else ""
    tail = draw(
        _rarely(_BLANKS, st.sampled_from([";", "; b=c", "; boundary=z", '"', "*"]))
    )
    pieces = [kind, ";", draw(_BLANKS), name, draw(_BLANKS), "=", draw(_BLANKS)]
    return "".join([*pieces, quote, token, end, tail])


@settings(max_examples=2000, deadline=None)
@given(_content_types())
def test_boundary_as_the_stdlib_reads_it(value: str) -> None:
    message = Message()
    message["Content-Type"] = value
    assert boundary_of(message) == message.get_boundary()


_ODD = [
    # Encoded words, folded, in two charsets; a name with raw UTF-8 and Latin-1.
    b"From: =?utf-8?q?J=C3=B6rg?= <j@example.de>\nSubject: =?utf-8?q?caf=C3=A9?=\n"
    b" =?iso-8859-1?b?6Q==?= fin\nTo: J\xc3\xb6rg <j@example.de>,\n\tL\xe9a <l@x.fr>\n"
    b"\nBonjour\n",
    # The same field twice, a header without a value, an empty body.
    b"From: a@example.com\nFrom: b@example.com\nX-Empty:\nSubject: t\n\n",
    # Base64 with bad padding, a charset Python lacks, an odd Date.
    b"From: a@example.com\nDate: 5 Jan 26 07:58 -0000\nContent-Type: text/plain;"
    b' charset="x-no-such-charset"\nContent-Transfer-Encoding: base64\n\nQm9uam91cg\n',
    # Alternative parts, quoted-printable, and a file named the RFC 2231 way.
    b'From: a@example.com\nContent-Type: multipart/mixed; boundary="m"\n\n--m\n'
    b'Content-Type: multipart/alternative; boundary="a"\n\n--a\nContent-Type: '
    b"text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
    b"caf=C3=A9 =\nsoft\n--a\nContent-Type: text/html; charset=utf-8\n\n<p>caf\xc3\xa9"
    b"</p>\n--a--\n--m\nContent-Type: application/pdf\nContent-Disposition: "
    b"attachment; filename*=utf-8''re%C3%A7u.pdf\nContent-Transfer-Encoding: base64"
    b"\n\nJVBERi0=\n--m--\n",
]


def test_odd_hand_made_messages() -> None:
    for raw in _ODD:
        for eol in (b"\n", b"\r\n"):
            assert _check(raw.replace(b"\n", eol)), raw[:60]
