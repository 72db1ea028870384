"""Quoted history and signatures in a message: what the customer did not write now.

The console folds the history away; the language detector reads only the
customer's own words (a reply above the shop's French answer is in English).
"""

from __future__ import annotations

import re

# "On Mon, 4 May 2026, Ann <ann@x> wrote:", "Le 4 mai 2026 à 10:02, Ann a écrit :",
# "Am ... schrieb ...:", "El ... escribió:", "Il giorno ... ha scritto:", Outlook's
# "-----Original Message-----" and "De : ... Envoyé : ..." blocks.
_INTRO = re.compile(
    r"^\s*(on .{3,200} wrote:|le .{3,200} a écrit ?:|am .{3,200} schrieb .{0,80}:"
    r"|el .{3,200} escribió:|il giorno .{3,200} ha scritto:"
    r"|-{2,}\s*(original message|message d'origine|mensaje original"
    r"|ursprüngliche nachricht|messaggio originale)\s*-{2,}"
    r"|(from|de|von|da) ?: .+)\s*$",
    re.IGNORECASE,
)
# What mail apps add under the text: "Sent from my iPhone" and its translations.
_DEVICE = re.compile(
    r"^\s*(sent from my .{1,40}|envoyé de mon .{1,40}|envoyé depuis mon .{1,40}"
    r"|von meinem .{1,40} gesendet|enviado desde mi .{1,40}|inviato da .{1,40}"
    r"|get outlook for .{1,30})\s*$",
    re.IGNORECASE,
)
_SIGNATURE = ("--", "-- ", "—")


def split_quoted(text: str) -> tuple[str, str]:
    """The new text, and the quoted history after it ('' when there is none).

    History starts at a quote intro line or at the first run of `>` lines that
    goes on to the end (apart from blank lines and signatures' dashes).
    """
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if _INTRO.match(line) and _quoted_below(lines[index + 1 :]):
            return _join(lines[:index]), _join(lines[index:])
        if line.startswith(">") and _rest_is_quote(lines[index:]):
            return _join(lines[:index]), _join(lines[index:])
    return text.rstrip(), ""


def customer_words(text: str) -> str:
    """The words the customer wrote in this message: above the quoted history,
    the `-- ` signature and the "Sent from my iPhone" line, `>` lines left out."""
    new, _ = split_quoted(text)
    kept: list[str] = []
    for line in new.splitlines():
        if line.rstrip() in _SIGNATURE or _DEVICE.match(line):
            break
        if not line.startswith(">"):
            kept.append(line)
    return _join(kept).strip()


def _quoted_below(lines: list[str]) -> bool:
    body = [line for line in lines if line.strip()]
    return bool(body) and (body[0].startswith(">") or len(body) >= 2)


def _rest_is_quote(lines: list[str]) -> bool:
    body = [line for line in lines if line.strip()]
    quoted = sum(1 for line in body if line.startswith(">"))
    return quoted >= max(1, int(len(body) * 0.8))


def _join(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n")
