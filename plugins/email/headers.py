"""Header fields as a person reads them: text, addresses, dates and message ids.

The message is parsed with the fast compat32 policy, which hands header values
back as raw strings: 8-bit bytes smuggled in as surrogates, RFC 2047 encoded
words and folding still in place. This module turns those into clean text,
reporting what it had to guess in a defect list.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import Message
from email.policy import Compat32
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache

from plugins.api import Address
from plugins.email.charsets import decode_text, decode_undeclared
from plugins.email.dates import plain_date
from plugins.email.transfer import repair_base64

# Lenient like the stdlib's (senders put spaces and '?' where RFC 2047 forbids),
# but a word's text never holds "=?x": each try stops at the next word, so a
# hostile header of unclosed words costs linear time, not quadratic.
_WORD = re.compile(r"=\?([^?]*?)\?([qQbB])\?((?:(?!=\?[^=]).)*?)\?=", re.DOTALL)
_LINE_BREAK = re.compile(r"\r?\n")
# Folding whitespace shown as one space: "und\r\n   die" reads "und die".
_FOLD = re.compile(r"\r?\n[ \t]*")
_ESCAPED = re.compile("[\udc80-\udcff]+")
# C0 and C1 controls and DEL; whitespace ones become a space, the rest go.
_CONTROLS: dict[int, str | None] = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)])
_CONTROLS.update({ord(c): " " for c in "\t\n\v\f\r"})
# One plain address, the common case, read without the general (slow) parser.
# No two pieces of a pattern can match the same characters: no backtracking.
_ADDR_SPEC = r"[^\s<>()\[\],;:\"@\\]+@[^\s<>()\[\],;:\"@\\]+"
_ANGLE = rf"<\s*(?P<address>{_ADDR_SPEC})\s*>"
_QUOTED_ADDRESS = re.compile(rf'"(?P<name>[^"\\\r\n]*)"\s*{_ANGLE}')
_PHRASE_ADDRESS = re.compile(rf"(?P<name>[^\"<>()\[\],;:@\\\r\n]*){_ANGLE}")
_BARE_ADDRESS = re.compile(_ADDR_SPEC)
# One mailbox whose display name the stdlib would split: an '@' in it
# (`bob@old-isp.net <bob@new-isp.org>`), a comma, a '[' left by a stripped
# escape sequence. The angle-bracket address wins, the rest is the name.
_LOOSE_ADDRESS = re.compile(rf"(?P<name>[^<>\"]*?)\s*{_ANGLE}")
# In a list: a name holding '@' before its angle address, to be quoted.
_AT_PHRASE = re.compile(r'(^|,)(\s*)([^,<>"()]*@[^,<>"()]*?)(\s*<)')
_ADDRESS_CONTROLS = dict.fromkeys([*range(0x09), *range(0x0B, 0x20), 0x7F], " ")
_BRACKETED = re.compile(r"<([^<>]*)>")
_SPACES = re.compile(r"\s+")


def decode_8bit(value: str) -> str:
    """Undo the parser's surrogate escapes: raw header bytes as UTF-8 or cp1252."""
    if value.isascii():
        return value
    return _ESCAPED.sub(_decode_run, value)


def _decode_run(match: re.Match[str]) -> str:
    return decode_undeclared(match.group().encode("ascii", "surrogateescape"))


class MailPolicy(Compat32):
    """compat32 with RFC 5322 unfolding, and never a `Header` object.

    compat32 leaves line breaks inside values, so a boundary folded inside its
    quotes never matches; and it wraps values holding 8-bit bytes in `Header`
    objects whose str() turns those bytes into '?'. Here values come back as
    plain strings, 8-bit bytes still escaped, for this package to decode.
    """

    def header_fetch_parse(self, name: str, value: str) -> str:
        return _LINE_BREAK.sub("", value) if "\n" in value else value

    def fold_binary(self, name: str, value: str) -> bytes:
        # Writing a nested message back: its header lines exactly as they came,
        # where compat32 would refold them and RFC 2047-encode 8-bit bytes.
        line = f"{name}: {value}{self.linesep}"
        return line.encode("utf-8", "surrogateescape")


POLICY = MailPolicy()


def content_type(part: Message) -> str:
    """The part's content type, lowercased; compat32 gives text/plain if invalid."""
    value = part.get_content_type()
    return value if value.isascii() else clean(value)


def clean(text: str) -> str:
    """One line of text: 8-bit decoded, unfolded, controls dropped, stripped."""
    text = decode_8bit(text)
    if "\n" in text:
        text = _FOLD.sub(" ", text)
    if not text.isprintable():
        text = text.translate(_CONTROLS)
    return text.strip()


def decode_words(value: str, where: str, defects: list[str]) -> str:
    """Decode RFC 2047 encoded words, one at a time, so one bad word costs itself.

    Whitespace between two encoded words is dropped, as RFC 2047 says, and
    adjacent words of one charset are decoded together: senders split multibyte
    characters across words. Raw 8-bit bytes in or between words are kept as
    the bytes they were.
    """
    if "=?" not in value:
        return decode_8bit(value)
    out: list[str] = []
    pending = bytearray()
    charset = ""
    end = 0
    after_word = False
    for match in _WORD.finditer(value):
        gap = value[end : match.start()]
        data = _word_bytes(match.group(2), match.group(3), where, defects)
        end = match.end()
        keep_gap = bool(gap) and not (after_word and gap.isspace())
        if keep_gap or data is None or match.group(1).lower() != charset:
            _flush(out, pending, charset, where, defects)
            if keep_gap:
                out.append(decode_8bit(gap))
        if data is None:  # undecodable: keep the word as the sender wrote it
            out.append(decode_8bit(match.group(0)))
            after_word = False
            continue
        pending += data
        charset = match.group(1).lower()
        after_word = True
    _flush(out, pending, charset, where, defects)
    out.append(decode_8bit(value[end:]))
    return "".join(out)


def _flush(
    out: list[str], pending: bytearray, charset: str, where: str, defects: list[str]
) -> None:
    if pending:
        out.append(decode_text(bytes(pending), charset, where, defects))
        pending.clear()


def _word_bytes(
    encoding: str, payload: str, where: str, defects: list[str]
) -> bytes | None:
    try:
        data = payload.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:  # already decoded text (an RFC 2231 value)
        data = payload.encode("utf-8")
    if encoding in "qQ":
        return binascii.a2b_qp(data, header=True)
    data = data.strip()
    try:
        return binascii.a2b_base64(data + b"=" * (-len(data) % 4), strict_mode=True)
    except binascii.Error:
        pass
    repaired = repair_base64(data)
    kept = "decoded what it could" if repaired else "kept as is"
    defects.append(f"invalid base64 in an encoded word of {where}, {kept}")
    return repaired or None


def text_header(value: str | None, where: str, defects: list[str]) -> str:
    """A header field as one line of text (Subject, display names)."""
    if not value:
        return ""
    if "\n" in value:
        value = _FOLD.sub(" ", value)
    return clean(decode_words(value, where, defects))


# A field read this way is kept for the next message: the shop's own address
# is in nearly every To (a parse worker reads thousands), a customer's From in
# every message of a thread. Long values are read each time.
_KEPT_ADDRESSES = 256
_KEPT_LENGTH = 200


def addresses(values: list[str], where: str, defects: list[str]) -> list[Address]:
    """Every address of the given header fields, names decoded, in order."""
    if len(values) != 1 or len(values[0]) > _KEPT_LENGTH:
        return _read_addresses(values, where, defects)
    found, noted = _one_field(values[0], where)
    defects.extend(noted)
    return list(found)


@lru_cache(maxsize=_KEPT_ADDRESSES)
def _one_field(value: str, where: str) -> tuple[tuple[Address, ...], tuple[str, ...]]:
    """The addresses of one field, and the defects reading them noted."""
    defects: list[str] = []
    return tuple(_read_addresses([value], where, defects)), tuple(defects)


def _read_addresses(values: list[str], where: str, defects: list[str]) -> list[Address]:
    result: list[Address] = []
    try:
        pairs = address_pairs(values)
    except RecursionError:  # the stdlib recurses into nested (comments)
        defects.append(f"{where} too deeply nested to read")
        return result
    for name, address in pairs:
        if not name and not address:
            continue
        result.append(
            Address(text_header(name, where, defects), clean(address).strip("<>"))
        )
    if values and not result and any(v.strip() for v in values):
        defects.append(f"no address could be read in {where}")
    return result


def address_pairs(values: list[str]) -> list[tuple[str, str]]:
    """(name, address) pairs as `getaddresses` gives them, plain cases first."""
    if not values:
        return []
    if len(values) == 1:
        value = values[0].strip()
        if _BARE_ADDRESS.fullmatch(value):
            return [("", value)]
        quoted = _QUOTED_ADDRESS.fullmatch(value)
        if quoted is not None:
            return [(quoted["name"], quoted["address"])]
        phrase = _PHRASE_ADDRESS.fullmatch(value)
        if phrase is not None:
            return [(" ".join(phrase["name"].split()), phrase["address"])]
        # Controls (a raw ESC) would make the stdlib read '[' as a domain literal.
        value = _FOLD.sub(" ", value).translate(_ADDRESS_CONTROLS)
        loose = _LOOSE_ADDRESS.fullmatch(value.strip())
        if loose is not None and value.count("<") == 1:
            name = " ".join(loose["name"].split())
            if not ("," in name and "@" in name):  # else a list: "a@b, Ann <c@d>"
                return [(name, loose["address"])]
    return getaddresses([_list_value(v) for v in values])


def _list_value(value: str) -> str:
    """A list as the stdlib can read it: unfolded, controls as spaces, a name
    that holds an '@' quoted so that it is not taken for an address."""
    value = _FOLD.sub(" ", value) if "\n" in value else value
    if not value.isprintable():
        value = value.translate(_ADDRESS_CONTROLS)
    if "@" in value and "<" in value:
        value = _AT_PHRASE.sub(r'\1\2"\3"\4', value)
    return value


def sent_at(value: str | None, defects: list[str]) -> datetime | None:
    """The Date header as an aware datetime; a naive one is taken as UTC."""
    if value is None:
        return None
    text = clean(value)
    try:
        moment = plain_date(text) or parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        defects.append(f"invalid Date header {text[:80]!r}")
        return None
    if moment.tzinfo is None:
        defects.append("Date header has no time zone, assumed UTC")
        moment = moment.replace(tzinfo=UTC)
    return moment


def message_ids(value: str | None) -> tuple[str, ...]:
    """The `<...>` ids of a header, brackets removed, in order, without repeats.

    Without brackets (broken senders) the words holding an '@' are taken.
    """
    if not value:
        return ()
    text = clean(value)
    found = [_SPACES.sub("", token) for token in _BRACKETED.findall(text)]
    if not found:
        found = [w.strip("<>\"'(),;") for w in text.split() if "@" in w]
    return tuple(dict.fromkeys(token for token in found if token))


def message_id(value: str | None) -> str | None:
    """The Message-ID without brackets; a bare id is kept as the sender wrote it."""
    ids = message_ids(value)
    if ids:
        return ids[0]
    text = clean(value or "").strip("<>")
    return text.split()[0] if text else None


# What out-of-office and other responders mark their mail with (RFC 3834's
# Auto-Submitted, and the older headers of Exchange, Gmail and vacation(1)).
_AUTOMATIC = (
    ("auto-submitted", lambda v: v.split(";")[0].strip().lower() not in ("", "no")),
    ("x-autoreply", lambda v: v.strip().lower() not in ("", "no", "false")),
    ("x-autorespond", lambda v: bool(v.strip())),
    ("precedence", lambda v: v.strip().lower() == "auto_reply"),
)


def automatic(values: Callable[[str], list[str]]) -> str:
    """The header that says a responder wrote the message, as "Name: value";
    `values` gives the raw values of the fields of a lowercase name."""
    for name, says_so in _AUTOMATIC:
        for value in values(name):
            if says_so(value):
                return f"{name.title()}: {clean(value.strip())[:80]}"
    return ""
