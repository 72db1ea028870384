"""The mailbox part of `comptoir setup`: its servers, its password, its login checked.

The servers are looked up by the email plugin (autoconfig) and offered for
confirmation; the login is checked by the same probe as `comptoir channels
check`, with the password where it will live (the keyring, a command or a
variable), so that a passing check means the saved config works.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from console.i18n import _
from console.setup_password import PasswordChoice, choose_password
from console.setup_prompts import Asker, as_text, email_address
from console.setup_servers import (
    MailboxOptions,
    Servers,
    choose_servers,
    typed_servers,
)


@dataclass(slots=True)
class Mailbox:
    """The channel table to write: values to set, keys to remove, comments."""

    instance: str
    options: dict[str, Any]
    drop: tuple[str, ...] = ()
    comments: list[str] = field(default_factory=list)


def _options(address: str, servers: Servers) -> dict[str, Any]:
    return {
        "type": "email",
        "address": address,
        "username": servers.username,
        "imap_host": servers.imap_host,
        "imap_port": servers.imap_port,
        "imap_tls": servers.imap_tls,
        "smtp_host": servers.smtp_host,
        "smtp_port": servers.smtp_port,
        "smtp_tls": servers.smtp_tls,
    }


def _check(instance: str, options: Mapping[str, Any]) -> tuple[bool, str]:
    """The probe `comptoir channels check` runs, on the table about to be written."""
    from plugins.api import PluginError
    from storage.pipeline.instances import Channels

    async def check() -> tuple[bool, str]:
        async with Channels({instance: options}).open(instance) as channel:
            report = await channel.check()
        return report.ok, report.summary()

    try:
        return asyncio.run(check())
    except PluginError as exc:  # options wrong, or no password where it was put
        return False, exc.message


def ask_mailbox(
    asker: Asker,
    instance: str,
    table: Mapping[str, Any],
    default_address: str,
    given: MailboxOptions,
) -> Mailbox | None:
    """Ask until the login works (or the person settles for one that does not);
    None: set up nothing (the person gave up)."""
    address = asker.ask(
        _("Mailbox address"), email_address, str(table.get("address", default_address)),
        given.address, "--mailbox",
    )  # fmt: skip
    servers = choose_servers(asker, address, table, given)
    password = choose_password(asker, instance, servers.username, table, given)
    folders: dict[str, Any] = {}
    while True:
        merged = {**table, **_options(address, servers), **folders}
        options = {k: v for k, v in merged.items() if v is not None}
        options.update(password.options)
        for key in password.drop:
            options.pop(key, None)
        try:
            asker.say(_("Checking the login (IMAP, folders, SMTP)…"))
            ok, verdict = _check(instance, options)
            asker.say(f"  {_('ok') if ok else _('FAILED')}: {verdict}")
            what = "k" if ok else _what_now(asker)
            if what == "k":
                return _mailbox(instance, options, password, table)
        except BaseException:  # ctrl+c: the keyring as it was, then stop
            password.undo()
            raise
        given = MailboxOptions()  # what the command line said did not work
        if what in ("p", "q"):
            password.undo()
        if what == "q":
            return None
        if what == "p":
            login = servers.username
            password = choose_password(asker, instance, login, table, given, password)
        elif what == "s":
            servers = typed_servers(asker, servers, given)
        else:
            folders = _folders(asker, options)


def _folders(asker: Asker, options: Mapping[str, Any]) -> dict[str, Any]:
    """The folders read, and the one sent replies are filed in (named on the server
    as the failed check listed them)."""
    current = ", ".join(options.get("folders", ["INBOX"]))
    folders = asker.ask(_("Folders to read, comma-separated"), _names, current)
    sent = asker.ask(
        _("Sent folder (auto, or empty for none)"),
        as_text,
        str(options.get("sent_folder", "auto")),
    )
    if sent.strip().lower() == "auto":
        return {"folders": folders, "sent_folder": None}  # found by its flag
    return {"folders": folders, "sent_folder": sent}


def _names(answer: str) -> list[str]:
    names = [n.strip() for n in answer.split(",") if n.strip()]
    if not names:
        raise ValueError(_("name at least one folder, like INBOX"))
    return names


def _what_now(asker: Asker) -> str:
    """After a failed check: what to change, keep it as is (k) or no mailbox (q)."""
    if not asker.interactive:
        return "q"
    asker.say(_("What now? p: another password, s: other servers, f: other folders,"))
    asker.say(_("k: save as is, q: no mailbox for now"))

    def choice(answer: str) -> str:
        if answer.strip().lower()[:1] not in ("p", "s", "f", "k", "q"):
            raise ValueError(_("answer p, s, f, k or q"))
        return answer.strip().lower()[:1]

    return asker.ask(_("Choice"), choice, "p")


def _mailbox(
    instance: str,
    options: dict[str, Any],
    password: PasswordChoice,
    table: Mapping[str, Any],
) -> Mailbox:
    comments = [
        # The file's own words, in English as the rest of the file.
        "An IMAP/SMTP mailbox, set up by `comptoir setup`.",
        "The password is never written here: it comes from the system keyring",
        f"(keyring set comptoir {instance}), password_command or password_env.",
    ]
    drop = tuple(k for k in table if k not in options)
    return Mailbox(instance, options, drop, comments if not table else [])
