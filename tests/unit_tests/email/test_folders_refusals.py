"""The Sent folder among an account's folders; refused messages' retries."""

from __future__ import annotations

import json

from plugins.email.folders import Listed, find_sent, missing
from plugins.email.imap_read import FetchResult
from plugins.email.refusals import Refusal, after_fetch, dump, load


def folder(name: str, *flags: str, delimiter: str = "/") -> Listed:
    return Listed(name, frozenset(f.upper() for f in flags), delimiter)


def test_the_flag_wins_then_the_usual_name_nearest_the_top() -> None:
    gmail = [
        folder("INBOX"),
        folder("[Gmail]", "\\Noselect"),
        folder("[Gmail]/Messages envoyés", "\\Sent"),
        folder("Sent"),  # a label someone made: not the Sent folder
    ]
    assert find_sent(gmail) == "[Gmail]/Messages envoyés"
    courier = [folder("INBOX"), folder("INBOX.Sent", delimiter="."),
               folder("INBOX.Old.Sent", delimiter=".")]  # fmt: skip
    assert find_sent(courier) == "INBOX.Sent"
    outlook = [folder("Inbox"), folder("Sent Items"), folder("Sent Messages")]
    assert find_sent(outlook) == "Sent Items"
    assert find_sent([folder("INBOX"), folder("Sent", "\\Noselect")]) is None
    assert find_sent([folder("INBOX"), folder("Drafts")]) is None


def test_inbox_is_inbox_in_any_case_and_no_other_name_is() -> None:
    listed = [folder("INBOX"), folder("Archive")]
    assert missing(listed, ["inbox", "Inbox", "archive", "Archive"]) == ["archive"]


def test_a_refused_message_is_asked_again_then_given_up_once() -> None:
    words = "Some messages could not be FETCHed (Failure)"
    pending, given_up = after_fetch({}, FetchResult([], {7: words, 9: words}))
    assert (sorted(pending), given_up) == ([7, 9], [])
    saved = json.loads(json.dumps(dump(pending)))  # through a cursor and back
    assert load(saved) == pending
    returned = FetchResult([(9, b"x", None)], {7: words})
    pending, given_up = after_fetch(load(saved), returned)
    assert (pending, given_up) == ({7: Refusal(7, words, 2)}, [])
    pending, given_up = after_fetch(pending, FetchResult([], {7: words}))
    assert (pending, given_up) == ({}, [Refusal(7, words, 3)])
