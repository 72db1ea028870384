"""Quoted history in a message: found so that it can be folded away."""

from __future__ import annotations

import re

# "On Mon, 4 May 2026, Ann <ann@x> wrote:", "Le 4 mai 2026 à 10:02, Ann a écrit :",
# Outlook's "-----Original Message-----" and "De : ... Envoyé : ..." blocks.
_INTRO = re.compile(
    r"^\s*(on .{3,200} wrote:|le .{3,200} a écrit ?:|am .{3,200} schrieb .{0,80}:"
    r"|-{2,}\s*(original message|message d'origine|mensaje original)\s*-{2,}"
    r"|(from|de) ?: .+)\s*$",
    re.IGNORECASE,
)


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


def _quoted_below(lines: list[str]) -> bool:
    body = [line for line in lines if line.strip()]
    return bool(body) and (body[0].startswith(">") or len(body) >= 2)


def _rest_is_quote(lines: list[str]) -> bool:
    body = [line for line in lines if line.strip()]
    quoted = sum(1 for line in body if line.startswith(">"))
    return quoted >= max(1, int(len(body) * 0.8))


def _join(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n")
