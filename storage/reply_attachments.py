"""Attachments in the check before sending: a reply that says "ci-joint" or
"attached" with nothing attached, or a canned reply that expects a file
(`attach: invoice`) sent without it. Warnings, not refusals: the person may
send anyway.
"""

from __future__ import annotations

import re

from storage.quotes import split_quoted

# "ci-joint", "pièce jointe", "je vous joins", "attached", "attachment",
# "anbei", "im Anhang", "adjunto", "allegato", in their usual forms.
_MENTION = re.compile(
    r"\b(ci-joint(?:e|s|es)?|pi[eè]ces? jointes?|je vous joins|vous trouverez joint"
    r"|attached|attachments?|enclosed|anbei|im anhang|angeh[äa]ngt"
    r"|adjunt[oa]s?|te adjunto|le adjunto|allegat[oaie]|in allegato)\b",
    re.IGNORECASE,
)


def mentioned_attachment(text: str) -> str | None:
    """The words of the reply's own text that announce an attachment."""
    own, _ = split_quoted(text)
    lines = (line for line in own.splitlines() if not line.startswith(">"))
    found = _MENTION.search("\n".join(lines))
    return found.group() if found else None
