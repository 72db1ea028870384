"""The words a customer wrote in a message: quoted history, signatures and
legal footers left out, then folded to plain lower-case ASCII for the model.

Mail clients quote in many ways ("> ", "Le ... a écrit :", Outlook's
"-----Original Message-----" and "De : / Envoyé :" blocks with nothing quoted),
and a signature often starts with a sign-off ("Cordialement,", "Best,") above a
name, a title, a phone number. What the shop wrote before, or the customer's
job title, must not decide what the customer asks now.
"""

from __future__ import annotations

import re
import unicodedata

_INTRO = re.compile(
    r"^\s*(?:on\b.{3,200}\bwrote\s*:?|le\b.{3,200}\ba [ée]crit\s*:?"
    r"|am\b.{3,200}\bschrieb\b.{0,80}:"
    r"|-{2,}\s*(?:original message|message d'origine|mensaje original"
    r"|forwarded message|message transf[ée]r[ée])\s*-{2,}"
    r"|_{5,}\s*)\s*$",
    re.IGNORECASE,
)
# Outlook's header block: "De : ...", then "Envoyé :", "À :", "Objet :"...
_HEADER = re.compile(
    r"^\s*\**(?:from|de|sent|envoy[ée]|to|[àa]|cc|subject|objet|date)\s*:\**\s",
    re.IGNORECASE,
)
_DEVICE = re.compile(
    r"^\s*(?:envoy[ée] (?:de|depuis) (?:mon|ma) .{1,40}|sent from (?:my )?.{1,40}"
    r"|get outlook for .{1,30}|t[ée]l[ée]charger outlook .{1,40})$",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"^\s*(?:(?:bien |tr[èe]s )?cordialement|bien [àa] (?:vous|toi)|bien amicalement"
    r"|salutations(?: distingu[ée]es)?|(?:bonne|belle) (?:journ[ée]e|soir[ée]e)"
    r"|merci(?: d'avance| par avance| beaucoup| encore)?|je vous remercie.{0,30}"
    r"|(?:best|kind|warm|many)?\s*(?:regards|wishes)|best|cheers|thanks?(?: you)?"
    r"|many thanks|thanks (?:again|in advance)|yours(?: faithfully| sincerely| truly)?"
    r"|sincerely|take care|ta|bises|amiti[ée]s|a bient[ôo]t|see you)"
    r"\s*[,.!]?\s*(?:[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,2})?\s*$",
    re.IGNORECASE,
)
_FOLD = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "°": " "})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_SENTENCE = re.compile(
    r"(?<=[.?!;])\s+|\n+|,?\s+(?:et|and|puis|then|mais|but)\s+(?=\S+\s+\S+\s+\S+)"
)


def own_text(body: str) -> str:
    """What the customer wrote in this message: above the quoted history,
    without `>` lines, the signature or the device line."""
    lines = body.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        bare = line.strip()
        if _INTRO.match(line) or bare in ("--", "-- ", "—"):
            break
        if _HEADER.match(line) and _headers_follow(lines[index : index + 4]):
            break
        if _DEVICE.match(bare):
            break
        if not bare.startswith(">"):
            kept.append(line.rstrip())
    return _drop_sign_off(kept)


def _headers_follow(lines: list[str]) -> bool:
    """Two header lines in a row: an Outlook quote, not a sentence with a colon."""
    return sum(1 for line in lines if _HEADER.match(line)) >= 2


def _drop_sign_off(lines: list[str]) -> str:
    """A sign-off ends the message when only short lines (name, title, phone)
    follow it; what it ends must hold words, else the sign-off is the message."""
    while lines and not lines[-1].strip():
        lines.pop()
    for index in range(len(lines) - 1, 0, -1):
        if len(lines) - index > 12:
            break
        if _SIGN_OFF.match(lines[index]) and _short_tail(lines[index + 1 :]):
            head = "\n".join(lines[:index]).strip()
            if len(head.split()) >= 2:
                return head
    text = "\n".join(lines).strip()
    # "Merci, Julien" or "Thanks, Sophie" closing the last line of a short mail.
    return re.sub(
        r"(?<=[.?!])\s+(?:merci|thanks|cheers|ta)\s*[,.!]*\s*[A-Z][\w'-]*\s*$",
        "",
        text,
    )


def _short_tail(lines: list[str]) -> bool:
    return all(len(line.split()) <= 8 for line in lines)


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: `Où est ma commande ?`
    becomes `ou est ma commande`."""
    plain = unicodedata.normalize("NFKD", text.translate(_FOLD).lower())
    ascii_text = plain.encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub(" ", ascii_text).strip()


def sentences(text: str) -> list[str]:
    """The customer's text cut where a new request may start."""
    return [part.strip() for part in _SENTENCE.split(text) if part and part.strip()]


def strip_reply_prefix(subject: str) -> tuple[str, bool]:
    """The subject without Re:/Fwd:/TR:/AW: and a leading [shop] tag; True when it
    had a reply prefix (then it is most often the shop's own subject)."""
    rest, replied = subject.strip(), False
    while True:
        match = re.match(
            r"^(?:\[[^\]]{1,40}\]\s*|(re|fwd?|tr|aw|réf|ref)\s*:\s*)", rest, re.I
        )
        if not match:
            return rest, replied
        replied = replied or bool(match.group(1))
        rest = rest[match.end() :]


_FRENCH = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "une",
        "est",
        "et",
        "je",
        "vous",
        "pour",
        "pas",
        "que",
        "qui",
        "dans",
        "sur",
        "avec",
        "mon",
        "ma",
        "mes",
        "votre",
        "vos",
        "merci",
        "bonjour",
        "commande",
        "colis",
        "ai",
        "au",
        "du",
        "ce",
        "cette",
        "mais",
        "plus",
        "tout",
    ]
)
_ENGLISH = frozenset(
    [
        "the",
        "a",
        "an",
        "is",
        "and",
        "i",
        "you",
        "for",
        "not",
        "that",
        "which",
        "in",
        "on",
        "with",
        "my",
        "your",
        "thanks",
        "thank",
        "hello",
        "hi",
        "order",
        "parcel",
        "have",
        "it",
        "to",
        "of",
        "be",
        "this",
        "but",
        "can",
        "could",
        "please",
    ]
)


def language(folded: str) -> str:
    """'fr' or 'en', by common words; French when it cannot tell."""
    french, english = _common_words(folded)
    return "en" if english > french else "fr"


def language_told(folded: str) -> bool:
    """Whether `language` had words to go by (not a guess by default)."""
    french, english = _common_words(folded)
    return french != english


def _common_words(folded: str) -> tuple[int, int]:
    words = folded.split()
    french = sum(1 for word in words if word in _FRENCH)
    return french, sum(1 for word in words if word in _ENGLISH)
