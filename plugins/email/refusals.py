"""Messages a server refused to hand over: retried a few times, then reported.

Gmail, Yahoo and Office 365 refuse a message they cannot read (`NO Some
messages could not be FETCHed`); often it comes back later. A folder's cursor
keeps the refused UIDs with their attempts (`dump`/`load` give a JSON-ready
form); each fetch asks for them again with the new UIDs, and `after_fetch` says
which are still pending and which to report now, once, as given up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from plugins.email.imap_read import FetchResult

TRIES = 3  # fetches that ask for a refused message before it is reported


@dataclass(frozen=True, slots=True)
class Refusal:
    uid: int
    words: str  # the server's, as it said them the last time
    attempts: int = 1


def after_fetch(
    pending: Mapping[int, Refusal], result: FetchResult, tries: int = TRIES
) -> tuple[dict[int, Refusal], list[Refusal]]:
    """(refusals still to retry, refusals given up now) after a fetch that asked
    for the pending UIDs again. A pending UID now returned, or neither returned
    nor refused (expunged meanwhile), is settled."""
    still: dict[int, Refusal] = {}
    given_up: list[Refusal] = []
    for uid, words in result.refused.items():
        before = pending.get(uid)
        refusal = Refusal(uid, words, before.attempts + 1 if before else 1)
        if refusal.attempts >= tries:
            given_up.append(refusal)
        else:
            still[uid] = refusal
    return still, given_up


def dump(pending: Mapping[int, Refusal]) -> dict[str, list[object]]:
    """A JSON-ready form for a cursor: {"uid": [words, attempts]}."""
    return {str(r.uid): [r.words, r.attempts] for r in pending.values()}


def load(saved: Mapping[str, list[object]]) -> dict[int, Refusal]:
    return {
        int(uid): Refusal(int(uid), str(words), int(str(attempts)))
        for uid, (words, attempts) in saved.items()
    }
