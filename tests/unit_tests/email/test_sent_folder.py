"""The Sent folder among an account's folders, and INBOX in any case."""

from __future__ import annotations

from plugins.email.folders import Listed, find_sent, missing


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
