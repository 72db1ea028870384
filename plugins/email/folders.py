"""Which folders an account reads: those configured, and its Sent folder.

The Sent folder is the one named by `sent_folder`; when that is not set, the
one the server flags `\\Sent` (RFC 6154 SPECIAL-USE: "Sent Items", "Envoyés",
"[Gmail]/Sent Mail"...), else one with a usual name. An account with none is
normal (a fresh Cyrus account has no Sent folder): it is said, never an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from imapclient import IMAPClient

from plugins.email.settings import EmailSettings, canonical

# Names mail programs give the Sent folder, most usual first (by leaf name).
USUAL_SENT = ("Sent", "Sent Items", "Sent Messages", "Sent Mail", "Sent-mail")


@dataclass(frozen=True, slots=True)
class Listed:
    name: str
    flags: frozenset[str]  # upper-cased: \\SENT, \\NOSELECT...
    delimiter: str


@dataclass(frozen=True, slots=True)
class FolderPlan:
    """What to read, in order, and what to tell the person about it."""

    read: tuple[str, ...]  # the configured folders, then the Sent folder
    sent: str | None  # where sent replies are, and are filed; None: nowhere
    warning: str = ""  # a sent_folder the server lacks: said at each fetch
    remark: str = ""  # no Sent folder found: said by `channels check`


def listing(client: IMAPClient) -> list[Listed]:
    """Every folder of the account (LIST "" "*"), INBOX spelled INBOX."""
    return [
        Listed(
            canonical(str(name)),
            frozenset(_text(flag).upper() for flag in flags),
            _text(delimiter or b""),
        )
        for flags, delimiter, name in client.list_folders()
    ]


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def find_sent(listed: Sequence[Listed]) -> str | None:
    """The folder flagged \\Sent, else the shallowest with a usual name."""
    usable = [f for f in listed if "\\NOSELECT" not in f.flags]
    for folder in usable:
        if "\\SENT" in folder.flags:
            return folder.name
    for usual in USUAL_SENT:
        named = [f for f in usable if _leaf(f).casefold() == usual.casefold()]
        if named:
            return min(named, key=_depth).name
    return None


def _leaf(folder: Listed) -> str:
    if not folder.delimiter:
        return folder.name
    return folder.name.rsplit(folder.delimiter, 1)[-1]


def _depth(folder: Listed) -> int:
    return folder.name.count(folder.delimiter) if folder.delimiter else 0


def missing(listed: Sequence[Listed], wanted: Sequence[str]) -> list[str]:
    """The names in `wanted` the account does not have."""
    have = {f.name for f in listed}
    return [name for name in wanted if canonical(name) not in have]


def plan(listed: Sequence[Listed], settings: EmailSettings) -> FolderPlan:
    """The folders to read: the configured ones (a missing one fails later, at
    its EXAMINE, naming it), then the Sent folder if the account has one."""
    host, named = settings.imap_host, settings.sent_folder
    if named == "":
        return FolderPlan(settings.folders, None)
    if named is not None and missing(listed, [named]):
        others = ", ".join(sorted(f.name for f in listed))
        warning = (
            f"folder {named} not found on {host} (it has: {others}): fix "
            "sent_folder, or remove it to use the folder marked as Sent"
        )
        return FolderPlan(settings.folders, None, warning=warning)
    sent = named or find_sent(listed)
    if sent is None:
        remark = (
            f"{host} has no Sent folder: replies sent from another mail program "
            "are not read; set sent_folder if it has another name"
        )
        return FolderPlan(settings.folders, None, remark=remark)
    return FolderPlan(tuple(dict.fromkeys((*settings.folders, sent))), sent)


def plan_folders(client: IMAPClient, settings: EmailSettings) -> FolderPlan:
    """`plan` over the account's folders as listed now (one LIST)."""
    if settings.sent_folder == "":
        return FolderPlan(settings.folders, None)  # nothing to look for
    return plan(listing(client), settings)
