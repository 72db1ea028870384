"""Generate a deterministic corpus of realistic customer-support mail.

    python benchmarks/generate_mail.py OUT --count 100000 [--format maildir|mbox]
        [--seed 1] [--shop-address support@boutique-exemple.fr]

The corpus is the inbox of a small online shop: threads of 1-8 messages between
customers (French, German, English) and the shop, newsletters answered by several
customers, the usual MIME structures, charsets and transfer encodings.  The same
seed always gives the same bytes (no wall clock: dates are spread over 90 days
from 2026-01-05) and messages are written as they are made, so memory stays flat.
Prints one JSON line: {"messages", "bytes", "seconds", "conversations"}.

Stdlib only: it must not import the project's packages.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import bisect
import calendar
import html
import importlib.util
import json
import random
import re
import string
import sys
import time
import unicodedata
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Generic, Protocol, TypeVar
from urllib.parse import quote as percent_encode


def _load_vocabulary() -> ModuleType:
    """Load the sibling ``mail_vocabulary.py`` (benchmarks/ is not a package)."""
    name = "mail_vocabulary"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).with_name("mail_vocabulary.py")
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


V = _load_vocabulary()
T = TypeVar("T")
Vocab = dict[str, tuple[str, ...]]
Context = dict[str, str]

EPOCH = calendar.timegm((2026, 1, 5, 0, 0, 0))  # a Monday
SPAN_DAYS = 90
DST_START = calendar.timegm((2026, 3, 29, 1, 0, 0))  # European summer time
LANG_INDEX = {"fr": 0, "de": 1, "en": 2}
HOUR_WEIGHTS = (  # by local hour: business hours heavy
    *(0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 3, 5, 6, 6),
    *(4.5, 4, 5.5, 6, 5.5, 5, 4, 3.5, 3.5, 3, 2, 1),
)
AGENTS = ("Camille", "Julien", "Sophie", "Marc", "Léa")
OUTLOOK_HOSTS = ("AM0PR07MB", "PA4P190MB", "DB9PR02MB", "VI1PR06MB", "AS8PR04MB")
REPLY_PREFIX = {("outlook", "de"): "AW: ", ("outlook", "fr"): "RE: "}
Q_SAFE = frozenset(string.ascii_letters + string.digits + "!*+-/")
ALNUM = string.ascii_letters + string.digits
MBOX_FROM = re.compile(rb"^(>*From )", re.MULTILINE)
SHAPE_RUN = re.compile(r"#+|A+|X+")
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
ASCII_FOLD = str.maketrans({"ß": "ss", "œ": "oe", "\u0131": "i", "ø": "o"})
DUPLICATE_ID_RATE = 0.001
LOST_THREADING_RATE = 0.05
NEWSLETTER_RATE = 0.012


class Pick(Generic[T]):
    """Weighted choice with precomputed cumulative weights (fast, deterministic)."""

    __slots__ = ("cumulative", "items", "total")

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self.items = [item for item, _ in pairs]
        self.cumulative: list[float] = []
        for _, weight in pairs:
            self.cumulative.append((self.cumulative or [0.0])[-1] + weight)
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> T:
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.total)]


def weights(spec: str) -> Pick[str]:
    """``"utf-8:85 iso-8859-1:15"`` -> a weighted choice."""
    pairs = [item.rsplit(":", 1) for item in spec.split()]
    return Pick([(value, float(weight)) for value, weight in pairs])


@dataclass(frozen=True, slots=True)
class Mailer:
    """How one mail client writes: quoting, charsets, encodings, line wrapping."""

    key: str
    quote: str  # attribution style, a key of V.ATTRIBUTIONS
    charsets: Pick[str]
    ctes: Pick[str]  # for text that is not plain ASCII
    b_words: float = 0.0  # share of RFC 2047 B (rather than Q) encoded words
    wrap: bool = False
    flowed: bool = False
    smart_quotes: bool = False
    mobile: bool = False
    upper_charset: bool = True


MAILERS = {
    mailer.key: mailer
    for mailer in (
        Mailer(
            "gmail",
            "gmail",
            weights("utf-8:85 iso-8859-1:15"),
            weights("quoted-printable:60 base64:35 8bit:5"),
            b_words=0.8,
        ),
        Mailer(
            "thunderbird",
            "thunderbird",
            weights("utf-8:80 windows-1252:10 iso-8859-15:10"),
            weights("8bit:75 quoted-printable:25"),
            wrap=True,
            flowed=True,
        ),
        Mailer(
            "apple",
            "apple",
            weights("utf-8:85 windows-1252:15"),
            weights("quoted-printable:85 base64:15"),
            smart_quotes=True,
        ),
        Mailer(
            "iphone",
            "apple",
            weights("utf-8:1"),
            weights("quoted-printable:70 base64:30"),
            smart_quotes=True,
            mobile=True,
        ),
        Mailer(
            "outlook",
            "outlook",
            weights("windows-1252:45 iso-8859-1:25 utf-8:30"),
            weights("quoted-printable:75 8bit:15 base64:10"),
            upper_charset=False,
        ),
        Mailer(
            "webmail",
            "thunderbird",
            weights("utf-8:55 iso-8859-15:30 iso-8859-1:15"),
            weights("8bit:45 quoted-printable:45 base64:10"),
            b_words=0.3,
            wrap=True,
            upper_charset=False,
        ),
        Mailer(
            "newsletter", "gmail", weights("utf-8:1"), weights("quoted-printable:1")
        ),
    )
}
CUSTOMER_MAILERS = weights(
    "gmail:30 outlook:18 iphone:14 apple:12 thunderbird:12 webmail:14"
)
LANGS = weights("fr:55 de:30 en:15")
DOMAINS = {lang: Pick(pairs) for lang, pairs in V.MAIL_DOMAINS.items()}
TOPICS = Pick(V.TOPIC_WEIGHTS)
THREAD_LENGTHS = weights("1:18 2:30 3:18 4:14 5:8 6:6 7:3 8:3")
STRUCTURES = weights("plain:53 alternative:31 html:8 mixed:8")
ATTACHMENT_KINDS = weights("pdf:40 jpg:40 txt:20")
MAILDIR_FLAGS = weights("S:55 RS:30 FS:5 :5 FRS:5")


# --------------------------------------------------------------------------- people


@dataclass(slots=True)
class Person:
    first: str
    last: str
    name: str  # display name, "" for a bare address
    address: str
    lang: str
    mailer: Mailer
    agent_header: str
    uk: bool = False

    @property
    def label(self) -> str:
        return self.name or self.address


def ascii_fold(text: str, german: bool) -> str:
    if german:
        text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    folded = unicodedata.normalize("NFKD", text.lower().translate(ASCII_FOLD))
    return folded.encode("ascii", "ignore").decode()


def local_part(rng: random.Random, first: str, last: str, lang: str) -> str:
    german = lang == "de" and rng.random() < 0.6
    f = re.sub(r"[^a-z0-9-]", "", ascii_fold(first, german))
    la = re.sub(r"[^a-z0-9]", "", ascii_fold(last, german))
    n = rng.randint(1, 99)
    shapes = (
        *(f"{f}.{la}", f"{f}.{la}", f"{f[0]}{la}", f"{f}{la}{n}", f"{f}_{la}"),
        *(f"{la}.{f}", f"{f}.{la}{1950 + n % 55}", f"{f}{n}", f"{f[0]}.{la}"),
    )
    return shapes[rng.randrange(len(shapes))]


def display_name(rng: random.Random, first: str, last: str) -> str:
    roll = rng.random()
    if roll < 0.08:
        return ""
    if roll < 0.14:
        return f"{last.upper()} {first}"
    if roll < 0.20:
        return f"{last}, {first}"
    return first if roll < 0.24 else f"{first} {last}"


def make_customer(rng: random.Random, lang: str | None = None) -> Person:
    lang = lang or LANGS(rng)
    first = rng.choice(V.FIRST_NAMES[lang])
    last = rng.choice(V.LAST_NAMES[lang]).replace("_", " ")
    domain = DOMAINS[lang](rng)
    usual = V.DOMAIN_MAILERS.get(domain)
    mailer = MAILERS[usual if usual and rng.random() < 0.7 else CUSTOMER_MAILERS(rng)]
    address = f"{local_part(rng, first, last, lang)}@{domain}"
    name = display_name(rng, first, last)
    agent = rng.choice(V.MAILER_AGENTS[mailer.key])
    uk = lang == "en" and rng.random() < 0.6
    return Person(first, last, name, address, lang, mailer, agent, uk)


def shop_name(address: str) -> str:
    """``support@boutique-exemple.fr`` -> ``Boutique Exemple``."""
    label = address.rpartition("@")[2].split(".")[0]
    return " ".join(word.capitalize() for word in label.split("-"))


# --------------------------------------------------------------------------- time


def cet_offset(ts: float) -> int:
    return 2 if ts >= DST_START else 1


def offset_for(person: Person, ts: float) -> int:
    return cet_offset(ts) - 1 if person.uk else cet_offset(ts)


class Clock:
    """Maps message i of n to a date: monotonic, weekdays and business hours heavy."""

    def __init__(self, count: int) -> None:
        self.count = max(count, 1)
        self.weights: list[float] = []
        for hour in range(SPAN_DAYS * 24):
            ts = EPOCH + hour * 3600
            local = time.gmtime(ts + cet_offset(ts) * 3600)
            weekend = 0.45 if local.tm_wday >= 5 else 1.0
            self.weights.append(HOUR_WEIGHTS[local.tm_hour] * weekend)
        self.cumulative = [0.0]
        for weight in self.weights:
            self.cumulative.append(self.cumulative[-1] + weight)

    def at(self, index: int, rng: random.Random) -> float:
        position = (index + rng.random()) / self.count * self.cumulative[-1]
        hour = min(bisect.bisect(self.cumulative, position) - 1, len(self.weights) - 1)
        within = (position - self.cumulative[hour]) / self.weights[hour]
        return EPOCH + (hour + min(within, 0.999)) * 3600


def rfc_date(ts: float, offset: int, pad: bool = False) -> str:
    t = time.gmtime(ts + offset * 3600)
    day = f"{t.tm_mday:02d}" if pad else str(t.tm_mday)
    return (
        f"{V.DAYS_RFC[t.tm_wday]}, {day} {V.MONTHS_RFC[t.tm_mon - 1]} {t.tm_year} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} +{offset:02d}00"
    )


def date_fields(ts: float, offset: int, lang: str) -> Context:
    """The pieces quote attributions are made of, in the reader's language."""
    t = time.gmtime(ts + offset * 3600)
    names = V.DATE_NAMES[lang]
    return {
        "d": str(t.tm_mday),
        "dd": f"{t.tm_mday:02d}",
        "mm": f"{t.tm_mon:02d}",
        "y": str(t.tm_year),
        "H": f"{t.tm_hour:02d}",
        "M": f"{t.tm_min:02d}",
        "h12": str(t.tm_hour % 12 or 12),
        "ampm": "AM" if t.tm_hour < 12 else "PM",
        "dshort": names["days_short"][t.tm_wday],
        "dlong": names["days_long"][t.tm_wday],
        "mshort": names["months_short"][t.tm_mon - 1],
        "mlong": names["months_long"][t.tm_mon - 1],
    }


def human_date(ts: float, lang: str) -> str:
    t = time.gmtime(ts)
    month = V.DATE_NAMES[lang]["months_long"][t.tm_mon - 1]
    return f"{t.tm_mday}. {month}" if lang == "de" else f"{t.tm_mday} {month}"


# --------------------------------------------------------------------------- encoding


def encoded_words(text: str, charset: str, b_mode: bool) -> str:
    """RFC 2047 encoded words of at most 75 characters, one per folded line."""
    prefix = f"=?{charset}?{'B' if b_mode else 'Q'}?"
    room = 75 - len(prefix) - 2
    chunks = b_chunks(text, charset, room) if b_mode else q_chunks(text, charset, room)
    return "\n ".join(f"{prefix}{chunk}?=" for chunk in chunks)


def b_chunks(text: str, charset: str, room: int) -> list[str]:
    chunks: list[str] = []
    current = b""
    for char in text:  # never split a character's bytes between two words
        raw = char.encode(charset)
        if current and (len(current) + len(raw) + 2) // 3 * 4 > room:
            chunks.append(base64.b64encode(current).decode())
            current = b""
        current += raw
    return [*chunks, base64.b64encode(current).decode()]


def q_chunks(text: str, charset: str, room: int) -> list[str]:
    chunks: list[str] = []
    current = ""
    for char in text:
        if char in Q_SAFE:
            piece = char
        elif char == " ":
            piece = "_"
        else:
            piece = "".join(f"={byte:02X}" for byte in char.encode(charset))
        if current and len(current) + len(piece) > room:
            chunks.append(current)
            current = ""
        current += piece
    return [*chunks, current]


def header_text(text: str, charset: str, b_mode: bool) -> str:
    if text.isascii():
        return text
    try:
        text.encode(charset)
    except UnicodeEncodeError:
        charset = "utf-8"
    return encoded_words(text, charset, b_mode)


def subject_text(text: str, charset: str, b_mode: bool) -> str:
    """Q-encoding clients leave the leading ASCII words (``Re: ``) unencoded."""
    if text.isascii() or b_mode:
        return header_text(text, charset, b_mode)
    words = text.split(" ")
    first = next(i for i, word in enumerate(words) if not word.isascii())
    head = " ".join(words[:first])
    tail = header_text(" ".join(words[first:]), charset, b_mode)
    return f"{head} {tail}" if head else tail


def format_address(name: str, address: str, charset: str, b_mode: bool) -> str:
    if not name:
        return address
    if not name.isascii():
        return f"{header_text(name, charset, b_mode)} <{address}>"
    if any(char in name for char in ",.'()<>@;:[]"):
        return f'"{name}" <{address}>'
    return f"{name} <{address}>"


def rfc2231_param(attribute: str, value: str) -> str:
    """``name="x"`` for ASCII, else RFC 2231 (split into continuations if long)."""
    if value.isascii():
        return f'{attribute}="{value}"'
    encoded = percent_encode(value.encode("utf-8"), safe="")
    if len(encoded) <= 50:
        return f"{attribute}*=utf-8''{encoded}"
    pieces = [""]
    for token in re.findall(r"%[0-9A-F]{2}|.", encoded):
        if len(pieces[-1]) + len(token) > 45:
            pieces.append("")
        pieces[-1] += token
    pieces[0] = "utf-8''" + pieces[0]
    return ";\n ".join(f"{attribute}*{i}*={piece}" for i, piece in enumerate(pieces))


def base64_lines(data: bytes) -> bytes:
    """Like ``base64.encodebytes`` (76-character lines), in fewer calls."""
    encoded = binascii.b2a_base64(data, newline=False)
    lines = [encoded[i : i + 76] for i in range(0, len(encoded), 76)]
    return b"\n".join(lines) + b"\n" if lines else b""


def encode_body(data: bytes, cte: str) -> bytes:
    if cte == "base64":
        return base64_lines(data)
    if cte == "quoted-printable":
        return binascii.b2a_qp(data)
    return data


def pattern(rng: random.Random, shape: str) -> str:
    """Fill a shape: ``#`` a digit, ``A`` a capital letter, ``X`` either."""
    return SHAPE_RUN.sub(lambda run: fill_run(rng, run.group()), shape)


def fill_run(rng: random.Random, run: str) -> str:
    if run[0] == "#":
        return f"{rng.randrange(10 ** len(run)):0{len(run)}d}"
    alphabet = LETTERS if run[0] == "A" else LETTERS + string.digits
    return "".join(rng.choices(alphabet, k=len(run)))


# --------------------------------------------------------------------------- text


@dataclass(slots=True)
class Sent:
    """What a later reply needs from an earlier message."""

    msgid: str
    sender: Person
    to_label: str
    ts: float
    subject: str
    text: str


@dataclass(slots=True)
class Outgoing:
    """A message to compose: who, what (paragraphs of new text), how it threads."""

    sender: Person
    to: Person
    lang: str
    subject: str
    paragraphs: list[str]
    ts: float
    context: Context
    incoming: bool = True  # customer -> shop (else the shop is writing)
    quote: Sent | None = None
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    structure: str = ""  # forced MIME structure, else drawn at random
    attachment: str = ""  # preferred attachment kind
    bottom_post: bool = False
    extra_headers: list[str] = field(default_factory=list)


def wrap(paragraph: str, width: int, flowed: bool) -> list[str]:
    if len(paragraph) <= width or "\n" in paragraph:
        return paragraph.split("\n")
    lines: list[str] = []
    current: list[str] = []
    length = -1
    for word in paragraph.split(" "):
        if current and length + 1 + len(word) > width:
            lines.append(" ".join(current) + (" " if flowed else ""))
            current, length = [], -1
        current.append(word)
        length += 1 + len(word)
    return [*lines, " ".join(current)]


def attribution(sent: Sent, style: str, reply: Outgoing) -> list[str]:
    """The 'On <date>, <name> wrote:' lines, dated in the replier's time zone."""
    offset = offset_for(reply.sender, sent.ts)
    fields = date_fields(sent.ts, offset, reply.lang)
    fields["name"] = sent.sender.label
    fields["addr"] = sent.sender.address
    fields["to"] = sent.to_label
    fields["subject"] = sent.subject
    template: str = V.ATTRIBUTIONS[style][reply.lang]
    return template.format_map(fields).split("|")


def previous_lines(sent: Sent) -> list[str]:
    return sent.text.rstrip("\n").split("\n")[:40]


def quote_block(sent: Sent, style: str, reply: Outgoing) -> list[str]:
    heading = attribution(sent, style, reply)
    previous = previous_lines(sent)
    if style == "outlook":
        return ["________________________________", *heading, "", *previous]
    quoted = [
        ">" + ln if ln.startswith(">") or not ln else "> " + ln for ln in previous
    ]
    if style == "apple":
        return ["> " + heading[0], ">", *quoted]
    if style == "gmail":
        return [*heading, "", *quoted]
    return [*heading, *quoted]


def render_plain(out: Outgoing, mailer: Mailer) -> str:
    lines: list[str] = []
    width = 72 if mailer.wrap else 900
    for paragraph in out.paragraphs:
        if lines:
            lines.append("")
        lines += wrap(paragraph, width, mailer.flowed)
    if out.quote is not None:
        quoted = quote_block(out.quote, mailer.quote, out)
        lines = [*quoted, "", *lines] if out.bottom_post else [*lines, "", "", *quoted]
    return "\n".join(lines) + "\n"


def html_lines(lines: Sequence[str]) -> str:
    return "<br>\n".join(html.escape(line, quote=False) for line in lines)


def html_quote(sent: Sent, mailer: Mailer, reply: Outgoing) -> str:
    style = "outlook" if mailer.quote == "outlook" else "gmail"
    heading = html_lines(attribution(sent, style, reply))
    return (
        f'<div class="gmail_quote">{heading}<br>\n'
        '<blockquote type="cite" style="margin:0 0 0 .8ex;'
        'border-left:1px solid #ccc;padding-left:1ex">\n'
        f"{html_lines(previous_lines(sent))}\n</blockquote></div>\n"
    )


def render_html(out: Outgoing, mailer: Mailer, charset: str) -> str:
    content = "\n".join(
        f"<p>{html_lines(p.split(chr(10)))}</p>" for p in out.paragraphs
    )
    if out.quote is not None:
        content += "\n" + html_quote(out.quote, mailer, out)
    if mailer.key == "gmail":
        return f'<div dir="ltr">{content}</div>\n'
    if mailer.key == "newsletter":
        content = V.NEWSLETTER_FRAME.format(content=content, **out.context)
    head = V.OUTLOOK_STYLE if mailer.key == "outlook" else ""
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    return (
        f"<html>\n<head>\n{meta}\n{head}</head>\n<body>\n{content}\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- MIME

Part = tuple[list[str], bytes]


@dataclass(slots=True)
class Mail:
    data: bytes
    ts: float
    envelope_from: str
    incoming: bool


class Composer:
    """Turns an ``Outgoing`` into RFC 5322 bytes, built by hand for speed."""

    def __init__(self, rng: random.Random, shop_address: str) -> None:
        self.rng = rng
        self.shop_address = shop_address
        self.shop_domain = shop_address.rpartition("@")[2]
        self.serial = 0
        self.recent_ids: deque[str] = deque(maxlen=500)

    def compose(self, out: Outgoing) -> tuple[Mail, Sent]:
        mailer = out.sender.mailer
        text = render_plain(out, mailer)
        charset = mailer.charsets(self.rng)
        try:
            text.encode(charset)
        except UnicodeEncodeError:  # what mail clients do: fall back to UTF-8
            charset = "utf-8"
        head, body = self.body(
            out, out.structure or STRUCTURES(self.rng), text, charset
        )
        msgid = self.message_id(out)
        headers = self.headers(out, msgid, charset) + head
        data = "\n".join(headers).encode("ascii") + b"\n\n" + body
        sent = Sent(msgid, out.sender, out.to.label, out.ts, out.subject, text)
        return Mail(data, out.ts, out.sender.address, out.incoming), sent

    # -- headers

    def headers(self, out: Outgoing, msgid: str, charset: str) -> list[str]:
        sender, to = out.sender, out.to
        b_mode = self.rng.random() < sender.mailer.b_words
        date = rfc_date(
            out.ts, offset_for(sender, out.ts), sender.mailer.key == "outlook"
        )
        lines = [f"Return-Path: <{sender.address}>"]
        if out.incoming:
            lines.append(f"Delivered-To: {self.shop_address}")
        lines += (
            self.received_incoming(out) if out.incoming else self.received_outgoing(out)
        )
        lines += [
            "From: " + format_address(sender.name, sender.address, charset, b_mode),
            "To: " + format_address(to.name, to.address, charset, b_mode),
            "Subject: " + subject_text(out.subject, charset, b_mode),
            f"Date: {date}",
            f"Message-ID: {msgid}",
        ]
        if out.in_reply_to:
            lines.append(f"In-Reply-To: {out.in_reply_to}")
        if out.references:
            lines.append("References: " + "\n ".join(out.references))
        return [
            *lines,
            *self.client_headers(out),
            *out.extra_headers,
            "MIME-Version: 1.0",
        ]

    def client_headers(self, out: Outgoing) -> list[str]:
        rng, sender = self.rng, out.sender
        lines = [sender.agent_header] if sender.agent_header else []
        if sender.mailer.key == "gmail":
            lines.append(f"X-Gm-Message-State: AOJu0Y{rng.randbytes(22).hex()}")
        elif sender.mailer.key == "outlook":
            index = base64.b64encode(rng.randbytes(22)).decode()
            language = {"fr": "fr-FR", "de": "de-DE", "en": "en-GB"}[out.lang]
            lines += [f"Thread-Index: AQH{index}", f"Content-Language: {language}"]
        return lines

    def message_id(self, out: Outgoing) -> str:
        rng = self.rng
        self.serial += 1
        if self.recent_ids and rng.random() < DUPLICATE_ID_RATE:  # as in the wild
            return self.recent_ids[rng.randrange(len(self.recent_ids))]
        # Random bits plus a bijective hash of the serial: unique, random-looking.
        unique = (self.serial * 2654435761) & 0xFFFFFFFF
        token = f"{rng.getrandbits(96):024x}{unique:08x}"
        msgid = message_id_for(rng, out.sender, token, out.ts)
        self.recent_ids.append(msgid)
        return msgid

    def received_incoming(self, out: Outgoing) -> list[str]:
        rng, sender = self.rng, out.sender
        domain = sender.address.rpartition("@")[2]
        if domain == "gmail.com":
            relay = f"mail-{rng.choice('aefw')}{rng.choice('jrl')}1-f{rng.randint(41, 199)}.google.com"
        elif sender.mailer.key == "newsletter":
            relay = f"s{rng.randint(1, 40)}.smtp-relay.mailin.fr"
        else:
            relay = f"mout{rng.randint(1, 30)}.{domain}"
        sent = rfc_date(out.ts + 1, offset_for(sender, out.ts), pad=True)
        return [
            f"Received: from {relay} ({relay} [{random_ip(rng)}])\n"
            f"\tby mx1.{self.shop_domain} (Postfix) with ESMTPS id {queue_id(rng)}\n"
            f"\tfor <{self.shop_address}>; {self.arrival(out.ts)}",
            f"Received: by {relay} with SMTP id {rng.getrandbits(48):012x};\n\t{sent}",
        ]

    def received_outgoing(self, out: Outgoing) -> list[str]:
        rng, host = self.rng, f"smtp.{self.shop_domain}"
        arrival = self.arrival(out.ts)
        return [
            f"Received: from [192.168.1.{rng.randint(2, 250)}] (unknown [{random_ip(rng)}])\n"
            f"\tby {host} (Postfix) with ESMTPSA id {queue_id(rng)}\n"
            f"\tfor <{out.to.address}>; {arrival}",
            f"Received: by {host} (Postfix, from userid 1000)\n"
            f"\tid {queue_id(rng)}; {arrival}",
        ]

    def arrival(self, ts: float) -> str:
        return rfc_date(ts + self.rng.randint(2, 40), cet_offset(ts), pad=True)

    # -- bodies

    def body(self, out: Outgoing, structure: str, text: str, charset: str) -> Part:
        mailer = out.sender.mailer
        if structure == "plain":
            return self.text_part(text, "plain", charset, mailer)
        if structure == "html":
            return self.text_part(
                render_html(out, mailer, charset), "html", charset, mailer
            )
        if structure == "alternative":
            return self.alternative(out, text, charset)
        if self.rng.random() < 0.5:
            inner = self.alternative(out, text, charset)
        else:
            inner = self.text_part(text, "plain", charset, mailer)
        attachments = [
            self.attachment(out) for _ in range(1 + (self.rng.random() < 0.2))
        ]
        return self.multipart("mixed", [inner, *attachments], mailer)

    def alternative(self, out: Outgoing, text: str, charset: str) -> Part:
        mailer = out.sender.mailer
        plain = self.text_part(text, "plain", charset, mailer)
        rich = self.text_part(
            render_html(out, mailer, charset), "html", charset, mailer
        )
        return self.multipart("alternative", [plain, rich], mailer)

    def text_part(self, text: str, subtype: str, charset: str, mailer: Mailer) -> Part:
        raw = text.encode(charset, "xmlcharrefreplace")
        cte = "7bit" if raw.isascii() else mailer.ctes(self.rng)
        label = charset.upper() if mailer.upper_charset else charset
        quoted = mailer.key in ("gmail", "outlook")
        params = f'charset="{label}"' if quoted else f"charset={label}"
        if mailer.flowed and subtype == "plain":
            params += "; format=flowed"
        headers = [f"Content-Type: text/{subtype}; {params}"]
        if cte != "7bit" or self.rng.random() < 0.7:  # 7bit is the default anyway
            headers.append(f"Content-Transfer-Encoding: {cte}")
        return headers, encode_body(raw, cte)

    def multipart(self, subtype: str, parts: list[Part], mailer: Mailer) -> Part:
        boundary = boundary_for(self.rng, mailer)
        chunks = []
        if mailer.key in ("thunderbird", "outlook"):
            chunks.append(b"This is a multi-part message in MIME format.\n")
        for headers, body in parts:
            chunks += [f"--{boundary}\n".encode(), "\n".join(headers).encode(), b"\n\n"]
            chunks.append(body if body.endswith(b"\n") else body + b"\n")
        chunks.append(f"--{boundary}--\n".encode())
        return [
            f'Content-Type: multipart/{subtype};\n boundary="{boundary}"'
        ], b"".join(chunks)

    def attachment(self, out: Outgoing) -> Part:
        kind = out.attachment or ATTACHMENT_KINDS(self.rng)
        name = attachment_name(self.rng, kind, out.lang, out.context)
        ctype, data = attachment_payload(self.rng, kind, out)
        disposition = "attachment; " + rfc2231_param("filename", name)
        if out.sender.mailer.key == "outlook":
            disposition += f";\n size={len(data)}"
        headers = [
            f"Content-Type: {ctype};\n " + rfc2231_param("name", name),
            f"Content-Disposition: {disposition}",
            "Content-Transfer-Encoding: base64",
        ]
        return headers, base64_lines(data)


def random_ip(rng: random.Random) -> str:
    return f"{rng.randint(2, 223)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randint(1, 254)}"


def queue_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(40):010X}"


def message_id_for(rng: random.Random, sender: Person, token: str, ts: float) -> str:
    key, domain = sender.mailer.key, sender.address.rpartition("@")[2]
    if key == "gmail":
        raw = base64.urlsafe_b64encode(bytes.fromhex(token) + rng.randbytes(8))
        return f"<CA{raw.decode()}@mail.gmail.com>"
    if key == "outlook":
        host = f"{rng.choice(OUTLOOK_HOSTS)}{rng.randint(1000, 9999)}"
        return f"<{host}{token.upper()}@{host}.eurprd0{rng.randint(1, 8)}.prod.outlook.com>"
    if key == "newsletter":
        stamp = time.strftime("%Y%m%d%H%M", time.gmtime(ts))
        return f"<{stamp}.{token[12:]}@smtp-relay.mailin.fr>"
    if key == "webmail":
        return f"<{token}@{domain}>"
    uuid = "-".join((token[:8], token[8:12], token[12:16], token[16:20], token[20:]))
    return f"<{uuid.upper() if key in ('apple', 'iphone') else uuid}@{domain}>"


def boundary_for(rng: random.Random, mailer: Mailer) -> str:
    key = mailer.key
    if key == "gmail":
        return f"000000000000{rng.getrandbits(64):016x}"
    if key in ("apple", "iphone"):
        h = f"{rng.getrandbits(128):032X}"
        return f"Apple-Mail={h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    if key == "outlook":
        return f"_000_{rng.choice(OUTLOOK_HOSTS)}{rng.getrandbits(64):016X}_"
    if key == "thunderbird":
        return "------------" + "".join(rng.choices(ALNUM, k=24))
    return f"=_{rng.getrandbits(128):032x}"


def attachment_name(rng: random.Random, kind: str, lang: str, ctx: Context) -> str:
    fields = {
        "order": ctx["order_digits"],
        "invoice": ctx["invoice"],
        "n": str(rng.randint(1000, 9999)),
        "stamp": f"2026{rng.randint(1, 3):02d}{rng.randint(1, 28):02d}_"
        f"{rng.randint(8, 19):02d}{rng.randint(0, 5959):04d}",
    }
    template: str = rng.choice(V.ATTACHMENT_NAMES[kind][lang])
    return template.format_map(fields)


def attachment_payload(
    rng: random.Random, kind: str, out: Outgoing
) -> tuple[str, bytes]:
    """A PDF-like invoice (2-20 KB), a JPEG-like photo (5-30 KB) or a note."""
    if kind == "pdf":
        body = rng.randbytes(rng.randint(2000, 20000))
        return "application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + body + b"\n%%EOF\n"
    if kind == "jpg":
        body = rng.randbytes(rng.randint(5000, 30000))
        return (
            "image/jpeg",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + body + b"\xff\xd9",
        )
    ctx = out.context
    lines = [
        out.sender.label,
        ctx["order"],
        ctx["product"],
        ctx["tracking"],
        ctx["amount"],
    ]
    lines += rng.sample(V.RARE_WORDS, 3)
    return "text/plain; charset=utf-8", ("\n".join(lines) + "\n").encode()


# --------------------------------------------------------------------------- drafting


def fill(rng: random.Random, pool: Sequence[str], ctx: Context) -> str:
    return rng.choice(pool).format_map(ctx)


def ordered_sample(
    rng: random.Random, pool: Sequence[str], low: int, high: int
) -> list[str]:
    """Some of ``pool``, kept in their written order (so sentences still flow)."""
    picked = rng.sample(range(len(pool)), min(len(pool), rng.randint(low, high)))
    return [pool[index] for index in sorted(picked)]


def sentences(
    rng: random.Random, pool: Sequence[str], low: int, high: int, ctx: Context
) -> str:
    return " ".join(t.format_map(ctx) for t in ordered_sample(rng, pool, low, high))


def typo(rng: random.Random, text: str) -> str:
    """Swap two letters of one word, as hurried customers do."""
    words = text.split(" ")
    index = rng.randrange(len(words))
    word = words[index]
    if len(word) > 4 and word.isalpha():
        at = rng.randrange(1, len(word) - 2)
        words[index] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return " ".join(words)


def styled_subject(rng: random.Random, subject: str) -> str:
    roll = rng.random()
    if roll < 0.04:
        return subject.upper()
    if roll < 0.08:
        return subject.rstrip("!? ") + " !!!"
    return subject.lower() if roll < 0.11 else subject


def reply_subject(
    rng: random.Random, sender: Person, lang: str, base: str, last: Sent
) -> str:
    prefix = REPLY_PREFIX.get((sender.mailer.key, lang), "Re: ")
    if prefix != "Re: " and not last.subject.startswith(prefix):
        return prefix + last.subject  # Outlook stacks prefixes: "AW: Re: ..."
    if rng.random() < 0.03:
        return "Re: " + last.subject  # "Re: Re: ..."
    return prefix + base


def customer_opening(
    rng: random.Random, voc: Vocab, topic: str, ctx: Context
) -> list[str]:
    asks = ordered_sample(rng, voc[f"{topic}.ask"], 1, 4)
    split = rng.randint(1, len(asks))
    body = [
        " ".join(a.format_map(ctx) for a in part)
        for part in (asks[:split], asks[split:])
    ]
    body = [paragraph for paragraph in body if paragraph]
    if rng.random() < 0.35:
        body.append(sentences(rng, voc["filler"], 1, 2, ctx))
    if rng.random() < 0.05:  # the occasional very long message
        body += [sentences(rng, voc["filler"], 2, 4, ctx) for _ in range(3)]
    if rng.random() < 0.12:
        at = rng.randrange(len(body))
        body[at] = typo(rng, body[at])
    return [fill(rng, voc["greet_customer"], ctx), *body]


def customer_follow_up(
    rng: random.Random, voc: Vocab, topic: str, ctx: Context, final: bool
) -> list[str]:
    if final and rng.random() < 0.7:  # threads mostly end on a thank-you
        body = fill(rng, voc["satisfied_customer"], ctx)
    else:
        body = sentences(rng, voc["follow_customer"], 1, 2, ctx)
        if rng.random() < 0.3:
            body += " " + fill(rng, voc[f"{topic}.ask"], ctx)
    if rng.random() < 0.7:
        return [fill(rng, voc["greet_customer_reply"], ctx), body]
    return [body]


def customer_sign_off(
    rng: random.Random, voc: Vocab, person: Person, ctx: Context
) -> str:
    roll = rng.random()
    name = person.first if roll < 0.45 else f"{person.first} {person.last}"
    if roll > 0.9:
        name += "\n" + ctx["phone"]
    return fill(rng, voc["close_customer"], ctx) + "\n" + name


def shop_sign_off(rng: random.Random, voc: Vocab, ctx: Context) -> str:
    return (
        fill(rng, voc["close_shop"], ctx) + "\n" + fill(rng, voc["shop_signature"], ctx)
    )


# --------------------------------------------------------------------------- threads


class Thread(Protocol):
    @property
    def done(self) -> bool: ...

    def next(self, corpus: Corpus, ts: float) -> Mail: ...


class Conversation:
    """A customer writes about one topic; customer and shop then alternate."""

    def __init__(self, corpus: Corpus, customer: Person, ts: float) -> None:
        rng = corpus.rng
        self.customer = customer
        self.lang = customer.lang
        self.voc: Vocab = V.VOCAB[self.lang]
        self.topic = TOPICS(rng)
        self.length = int(THREAD_LENGTHS(rng))
        self.ctx = corpus.context(customer, rng.choice(AGENTS), ts)
        subject = fill(rng, self.voc[f"{self.topic}.subject"], self.ctx)
        self.subject = styled_subject(rng, subject)
        self.bottom_poster = rng.random() < 0.3
        self.ids: list[str] = []
        self.last: Sent | None = None

    @property
    def done(self) -> bool:
        return len(self.ids) >= self.length

    def next(self, corpus: Corpus, ts: float) -> Mail:
        rng = corpus.rng
        order_format = rng.choice(V.ORDER_FORMATS[self.lang])
        self.ctx["order"] = order_format.format(self.ctx["order_digits"])
        if len(self.ids) % 2 == 0:
            out = self.from_customer(corpus, ts)
        else:
            out = self.from_shop(corpus, ts)
        if self.last is not None:
            self.thread(rng, out, self.last)
        if out.sender.mailer.smart_quotes:
            out.paragraphs = [p.replace("'", "\u2019") for p in out.paragraphs]
        mail, self.last = corpus.composer.compose(out)
        self.ids.append(self.last.msgid)
        return mail

    def thread(self, rng: random.Random, out: Outgoing, last: Sent) -> None:
        out.subject = reply_subject(rng, out.sender, self.lang, self.subject, last)
        out.quote = last if rng.random() < 0.85 else None
        if rng.random() >= LOST_THREADING_RATE:
            out.in_reply_to = last.msgid
            out.references = self.ids[-8:]

    def from_customer(self, corpus: Corpus, ts: float) -> Outgoing:
        rng, voc, ctx, customer = corpus.rng, self.voc, self.ctx, self.customer
        if self.ids:
            final = len(self.ids) + 1 >= self.length
            paragraphs = customer_follow_up(rng, voc, self.topic, ctx, final)
        else:
            paragraphs = customer_opening(rng, voc, self.topic, ctx)
        paragraphs.append(customer_sign_off(rng, voc, customer, ctx))
        if customer.mailer.mobile:
            paragraphs.append(voc["mobile_signature"][0])
        out = Outgoing(
            customer, corpus.shop_inbox, self.lang, self.subject, paragraphs, ts, ctx
        )
        out.bottom_post = self.bottom_poster and customer.mailer.key == "thunderbird"
        if self.topic in ("damaged_item", "wrong_size"):  # customers send photos
            out.attachment = "jpg"
            out.structure = "mixed" if not self.ids and rng.random() < 0.25 else ""
        return out

    def from_shop(self, corpus: Corpus, ts: float) -> Outgoing:
        rng, voc, ctx = corpus.rng, self.voc, self.ctx
        answers = voc[f"{self.topic}.answer"]
        paragraphs = [
            fill(rng, voc["greet_shop"], ctx),
            sentences(rng, answers, 1, 3, ctx),
        ]
        if len(self.ids) > 2 or rng.random() < 0.3:
            paragraphs.append(fill(rng, voc["follow_shop"], ctx))
        paragraphs.append(shop_sign_off(rng, voc, ctx))
        sender = corpus.shop_sender()
        out = Outgoing(
            sender, self.customer, self.lang, self.subject, paragraphs, ts, ctx
        )
        out.incoming = False
        if self.topic in ("invoice_request", "return_request"):  # the shop sends PDFs
            out.attachment = "pdf"
            out.structure = "mixed" if rng.random() < 0.25 else ""
        return out


class Newsletter:
    """A shop newsletter, then replies from several customers, some answered."""

    def __init__(self, corpus: Corpus, ts: float) -> None:
        rng = corpus.rng
        self.lang = "fr" if rng.random() < 0.7 else "de"
        self.voc: Vocab = V.VOCAB[self.lang]
        self.ctx = corpus.context(corpus.shop_inbox, "", ts + 10 * 86400)
        self.subject = rng.choice(self.voc["newsletter.subject"])
        self.replies_left = rng.randint(2, 9)
        self.root: Sent | None = None
        self.unanswered: list[Sent] = []

    @property
    def done(self) -> bool:
        return self.root is not None and not self.replies_left and not self.unanswered

    def next(self, corpus: Corpus, ts: float) -> Mail:
        rng, composer = corpus.rng, corpus.composer
        if self.root is None:
            mail, self.root = composer.compose(self.newsletter(corpus, ts))
        elif self.unanswered and (not self.replies_left or rng.random() < 0.4):
            reply = self.unanswered.pop(rng.randrange(len(self.unanswered)))
            mail, _ = composer.compose(self.answer(corpus, self.root, reply, ts))
        else:
            self.replies_left -= 1
            mail, sent = composer.compose(self.reply(corpus, self.root, ts))
            if rng.random() < 0.5:
                self.unanswered.append(sent)
        return mail

    def newsletter(self, corpus: Corpus, ts: float) -> Outgoing:
        rng, voc, ctx = corpus.rng, self.voc, self.ctx
        offers = []
        for product in rng.sample(V.PRODUCTS, rng.randint(3, 5)):
            offers.append(
                f"• {product[LANG_INDEX[self.lang]]} - {rng.randint(15, 159)},90 €"
            )
        ctx["n"] = str(rng.randint(1, 999))
        ctx["unsubscribe"] = (
            f"https://www.{corpus.domain}/newsletter/desinscription?u={rng.getrandbits(48):012x}"
        )
        paragraphs = [
            fill(rng, voc["newsletter.intro"], ctx),
            "\n".join(offers),
            fill(rng, voc["newsletter.outro"], ctx),
            ctx["unsubscribe"],
        ]
        out = Outgoing(
            corpus.newsletter_sender,
            corpus.shop_inbox,
            self.lang,
            self.subject,
            paragraphs,
            ts,
            ctx,
        )
        out.structure = "alternative"
        out.extra_headers = [
            f"Reply-To: {corpus.shop} <{corpus.shop_address}>",
            f"List-Unsubscribe: <{ctx['unsubscribe']}>,\n <mailto:unsubscribe@{corpus.domain}>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            "Precedence: bulk",
        ]
        return out

    def reply(self, corpus: Corpus, root: Sent, ts: float) -> Outgoing:
        rng = corpus.rng
        customer = corpus.customer(self.lang if rng.random() < 0.85 else "en")
        voc: Vocab = V.VOCAB[customer.lang]
        ctx = corpus.context(customer, "", ts)
        paragraphs = [sentences(rng, voc["newsletter.reply"], 1, 2, ctx)]
        if rng.random() < 0.6:
            paragraphs.insert(0, fill(rng, voc["greet_customer"], ctx))
        paragraphs.append(customer_sign_off(rng, voc, customer, ctx))
        subject = reply_subject(rng, customer, customer.lang, self.subject, root)
        out = Outgoing(
            customer, corpus.shop_inbox, customer.lang, subject, paragraphs, ts, ctx
        )
        out.quote = root if rng.random() < 0.6 else None
        out.in_reply_to, out.references = root.msgid, [root.msgid]
        return out

    def answer(self, corpus: Corpus, root: Sent, reply: Sent, ts: float) -> Outgoing:
        rng, customer = corpus.rng, reply.sender
        voc: Vocab = V.VOCAB[customer.lang]
        ctx = corpus.context(customer, rng.choice(AGENTS), ts)
        answer = fill(rng, voc["discount_code.answer"], ctx)
        paragraphs = [
            fill(rng, voc["greet_shop"], ctx),
            answer + " " + fill(rng, voc["follow_shop"], ctx),
            shop_sign_off(rng, voc, ctx),
        ]
        subject = "Re: " + self.subject
        out = Outgoing(
            corpus.shop_sender(), customer, customer.lang, subject, paragraphs, ts, ctx
        )
        out.incoming, out.quote = False, reply
        out.in_reply_to, out.references = reply.msgid, [root.msgid, reply.msgid]
        return out


# --------------------------------------------------------------------------- corpus


class Corpus:
    """The stream of messages: a bounded pool of open threads, interleaved."""

    def __init__(self, count: int, seed: int, shop_address: str) -> None:
        self.rng = random.Random(seed)
        self.count = count
        self.shop_address = shop_address
        self.domain = shop_address.rpartition("@")[2]
        self.shop = shop_name(shop_address)
        self.composer = Composer(self.rng, shop_address)
        self.clock = Clock(count)
        self.regulars: deque[Person] = deque(maxlen=300)
        self.conversations = 0
        self.shop_inbox = self.shop_person("thunderbird", shop_address)
        self.newsletter_sender = self.shop_person(
            "newsletter", f"newsletter@{self.domain}"
        )

    def shop_person(self, mailer: str, address: str) -> Person:
        agent = V.MAILER_AGENTS[mailer][0]
        return Person("", "", self.shop, address, "fr", MAILERS[mailer], agent)

    def shop_sender(self) -> Person:
        """The shop answers from Thunderbird, or from the owner's phone."""
        mailer = "thunderbird" if self.rng.random() < 0.75 else "iphone"
        return self.shop_person(mailer, self.shop_address)

    def customer(self, lang: str | None = None) -> Person:
        rng = self.rng
        if self.regulars and rng.random() < 0.15:  # a returning customer
            person = self.regulars[rng.randrange(len(self.regulars))]
            if lang is None or person.lang == lang:
                return person
        person = make_customer(rng, lang)
        self.regulars.append(person)
        return person

    def context(self, person: Person, agent: str, ts: float) -> Context:
        """Values for the vocabulary's placeholders, for one conversation."""
        rng, lang = self.rng, person.lang
        index = LANG_INDEX[lang]
        product, product2 = rng.sample(V.PRODUCTS, 2)
        size, size2 = rng.sample(V.SIZES, 2)
        carrier = rng.choice(V.CARRIERS[lang])
        order = str(rng.randint(10000, 99999))
        return {
            "order": order,
            "order_digits": order,
            "product": product[index],
            "product2": product2[index],
            "color": rng.choice(V.COLORS)[index],
            "size": size,
            "size2": size2,
            "carrier": carrier,
            "tracking": pattern(rng, V.TRACKING_PATTERNS[carrier]),
            "days": str(rng.randint(3, 15)),
            "date": human_date(ts - rng.randint(2, 12) * 86400, lang),
            "code": rng.choice(V.COUPONS),
            "code2": pattern(rng, "MERCI-XXXX"),
            "invoice": f"F2026-{rng.randint(1, 99999):05d}",
            "company": rng.choice(V.COMPANIES),
            "digicode": pattern(rng, "A####"),
            "rare": rng.choice(V.RARE_WORDS),
            "agent": agent,
            "first": person.first,
            "last": person.last,
            "shop": self.shop,
            "domain": self.domain,
            **self.local_context(lang),
        }

    def local_context(self, lang: str) -> Context:
        rng = self.rng
        house = str(rng.randint(1, 120))
        street = rng.choice(V.STREETS[lang])
        cents = rng.randint(900, 24900)
        euros = f"{cents // 100},{cents % 100:02d}"
        local = {
            key: pattern(rng, shape) for key, shape in V.LOCAL_PATTERNS[lang].items()
        }
        return {
            "house": house,
            "street": f"{house} {street}" if lang == "fr" else street,
            "city": rng.choice(V.CITIES[lang]),
            "amount": f"€{euros.replace(',', '.')}" if lang == "en" else f"{euros} €",
            **local,
        }

    def new_thread(self, ts: float) -> Thread:
        self.conversations += 1
        if self.rng.random() < NEWSLETTER_RATE:
            return Newsletter(self, ts)
        return Conversation(self, self.customer(), ts)

    def messages(self) -> Iterator[Mail]:
        rng = self.rng
        pool: list[Thread] = []
        open_threads = max(3, min(48, self.count // 150))
        for index in range(self.count):
            ts = self.clock.at(index, rng)
            if len(pool) < open_threads:
                pool.append(self.new_thread(ts))
            slot = rng.randrange(len(pool))
            thread = pool[slot]
            yield thread.next(self, ts)
            if thread.done:
                pool[slot] = pool[-1]
                pool.pop()


# --------------------------------------------------------------------------- output


class MaildirWriter:
    """One file per message: cur/ with flags, or new/ (mostly the latest mail)."""

    def __init__(self, root: Path, seed: int, count: int) -> None:
        if root.exists() and any(root.iterdir()):
            raise SystemExit(f"{root} exists and is not empty")
        for sub in ("cur", "new", "tmp"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        self.root = root
        self.rng = random.Random(f"maildir-{seed}")  # names never change the mail
        self.count = count
        self.sequence = 0

    def write(self, mail: Mail) -> int:
        rng = self.rng
        self.sequence += 1
        delivered = int(mail.ts) + rng.randint(2, 40)
        name = f"{delivered}.M{rng.randrange(1_000_000)}P{rng.randint(300, 65000)}"
        name += f"Q{self.sequence}.mx1"
        if rng.random() < 0.5:
            name += f",S={len(mail.data)}"  # Dovecot's size field
        recent = self.sequence > 0.9 * self.count
        if rng.random() < (0.6 if recent else 0.05):
            path = self.root / "new" / name
        else:
            flags = MAILDIR_FLAGS(rng) if mail.incoming else "S"
            path = self.root / "cur" / f"{name}:2,{flags}"
        path.write_bytes(mail.data)
        return len(mail.data)

    def close(self) -> None:
        pass


class MboxWriter:
    """mboxrd: From_ separators, body lines matching ``>*From `` get one more ``>``."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = path.open("wb")

    def write(self, mail: Mail) -> int:
        separator = f"From {mail.envelope_from} {time.asctime(time.gmtime(mail.ts))}\n"
        data = mail.data
        if b"From " in data:  # cheap test first: the regex is the slow part
            data = MBOX_FROM.sub(rb">\1", data)
        chunk = separator.encode() + data + b"\n"
        self.handle.write(chunk)
        return len(chunk)

    def close(self) -> None:
        self.handle.close()


def generate(
    out: Path,
    count: int,
    fmt: str = "maildir",
    seed: int = 1,
    shop_address: str = "support@boutique-exemple.fr",
) -> dict[str, float]:
    """Write ``count`` messages to ``out``; return the summary the CLI prints."""
    started = time.perf_counter()
    corpus = Corpus(count, seed, shop_address)
    writer = MaildirWriter(out, seed, count) if fmt == "maildir" else MboxWriter(out)
    total = 0
    try:
        for mail in corpus.messages():
            total += writer.write(mail)
    finally:
        writer.close()
    return {
        "messages": count,
        "bytes": total,
        "seconds": round(time.perf_counter() - started, 3),
        "conversations": corpus.conversations,
    }


def maildir_messages(count: int) -> list[bytes]:
    """The messages of benchmarks/out/maildir-COUNT in file name order, the
    Maildir written first (by this script, default seed) if it is not there."""
    target = Path(__file__).resolve().parent / "out" / f"maildir-{count}"
    if not (target / "cur").is_dir():
        generate(target, count, "maildir", 1, "support@boutique-exemple.fr")
    files = sorted(p for sub in ("cur", "new") for p in (target / sub).iterdir())
    return [p.read_bytes() for p in files]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="Maildir directory or mbox file")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--format", choices=("maildir", "mbox"), default="maildir")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shop-address", default="support@boutique-exemple.fr")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must not be negative")
    summary = generate(args.out, args.count, args.format, args.seed, args.shop_address)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
