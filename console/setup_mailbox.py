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
from typing import Any, Literal

from console.setup_password import PasswordChoice, choose_password
from console.setup_prompts import Asker, as_text, email_address, required

Security = Literal["tls", "starttls"]
PORTS = {"imap": {"tls": 993, "starttls": 143}, "smtp": {"tls": 465, "starttls": 587}}


@dataclass(slots=True)
class MailboxOptions:
    """What the command line answered (None: ask, or keep the default)."""

    address: str | None = None
    imap_host: str | None = None
    imap_port: str | None = None
    imap_security: str | None = None
    smtp_host: str | None = None
    smtp_port: str | None = None
    smtp_security: str | None = None
    login: str | None = None
    password_command: str | None = None
    password_env: str | None = None


@dataclass(frozen=True, slots=True)
class Servers:
    imap_host: str
    imap_port: int
    imap_tls: Security
    smtp_host: str
    smtp_port: int
    smtp_tls: Security
    username: str

    def lines(self) -> list[str]:
        return [
            f"  IMAP   {self.imap_host}:{self.imap_port} ({self.imap_tls.upper()})",
            f"  SMTP   {self.smtp_host}:{self.smtp_port} ({self.smtp_tls.upper()})",
            f"  login  {self.username}",
        ]


@dataclass(slots=True)
class Mailbox:
    """The channel table to write: values to set, keys to remove, comments."""

    instance: str
    options: dict[str, Any]
    drop: tuple[str, ...] = ()
    comments: list[str] = field(default_factory=list)


def _security(answer: str) -> Security:
    value = answer.strip().lower()
    if value not in ("tls", "starttls"):
        raise ValueError('answer "tls" (implicit TLS) or "starttls"')
    return "tls" if value == "tls" else "starttls"


def _port(answer: str) -> int:
    if not answer.strip().isdigit() or not 0 < int(answer) < 65536:
        raise ValueError(f'"{answer.strip()}" is not a port number')
    return int(answer)


def _existing(table: Mapping[str, Any], address: str) -> Servers | None:
    if "imap_host" not in table or table.get("address", address) != address:
        return None
    imap_tls = _security(str(table.get("imap_tls", "tls")))
    smtp_tls = _security(str(table.get("smtp_tls", "starttls")))
    return Servers(
        str(table["imap_host"]),
        int(table.get("imap_port", PORTS["imap"][imap_tls])),
        imap_tls,
        str(table.get("smtp_host", table["imap_host"])),
        int(table.get("smtp_port", PORTS["smtp"][smtp_tls])),
        smtp_tls,
        str(table.get("username", address)),
    )


def _discovered(asker: Asker, address: str) -> Servers | None:
    from plugins.email.autoconfig import Sources, discover

    asker.say(f"Looking up the mail servers of {address.rpartition('@')[2]}…")
    found = asyncio.run(discover(address, Sources.from_env()))
    if found is None:
        asker.say("  Nothing is published for this domain: give the servers below.")
        return None
    imap, smtp = found.imap, found.smtp
    servers = Servers(
        imap.host,
        imap.port,
        imap.security,
        smtp.host if smtp else imap.host,  # no SMTP said: the usual guess
        smtp.port if smtp else 587,
        smtp.security if smtp else "starttls",
        imap.username,
    )
    asker.say(f"Found in {found.source}:")
    for line in servers.lines():
        asker.say(line)
    if found.warning:
        asker.say(f"  Check them: {found.warning}.")
    return servers


def _server(
    asker: Asker,
    kind: str,
    host: str,
    port: int,
    tls: Security,
    given: list[str | None],
) -> tuple[str, int, Security]:
    """One server's host, security and port; the port follows a changed security."""
    label, flag = kind.upper(), f"--{kind}"
    host = asker.ask(f"{label} server", required, host, given[0], f"{flag}-host")
    chosen = asker.ask(
        f"{label} security (tls, starttls)",
        _security,
        tls,
        given[1],
        f"{flag}-security",
    )
    usual = port if chosen == tls else PORTS[kind][chosen]
    port = asker.ask(f"{label} port", _port, str(usual), given[2], f"{flag}-port")
    return host, port, chosen


def _typed(asker: Asker, guess: Servers, given: MailboxOptions) -> Servers:
    imap = _server(
        asker, "imap", guess.imap_host, guess.imap_port, guess.imap_tls,
        [given.imap_host, given.imap_security, given.imap_port],
    )  # fmt: skip
    smtp = _server(
        asker, "smtp", guess.smtp_host, guess.smtp_port, guess.smtp_tls,
        [given.smtp_host, given.smtp_security, given.smtp_port],
    )  # fmt: skip
    username = asker.ask("Login", required, guess.username, given.login, "--login")
    return Servers(*imap, *smtp, username)


def _choose_servers(
    asker: Asker, address: str, table: Mapping[str, Any], given: MailboxOptions
) -> Servers:
    domain = address.rpartition("@")[2]
    fallback = Servers(
        f"imap.{domain}", 993, "tls", f"smtp.{domain}", 587, "starttls", address
    )
    if given.imap_host is not None:  # the command line says: no looking up
        return _typed(asker, fallback, given)
    current = _existing(table, address)
    if current:
        asker.say("The servers in the config:")
        for line in current.lines():
            asker.say(line)
        if asker.yes("Keep them?"):
            return current
    found = _discovered(asker, address)
    if found and asker.yes("Use these?"):
        return found
    return _typed(asker, found or current or fallback, given)


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
    from plugins.api import ConfigurationError
    from plugins.email.service import check_account
    from plugins.email.settings import EmailSettings

    try:
        settings = EmailSettings.from_options(
            instance, {k: v for k, v in options.items() if k != "type"}
        )
    except ConfigurationError as exc:
        return False, exc.message
    result = asyncio.run(check_account(settings))
    return result.ok, result.verdict


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
        "Mailbox address", email_address, str(table.get("address", default_address)),
        given.address, "--mailbox",
    )  # fmt: skip
    servers = _choose_servers(asker, address, table, given)
    password = choose_password(asker, instance, servers.username, table, given)
    folders: dict[str, Any] = {}
    while True:
        options = {**table, **_options(address, servers), **folders}
        options.update(password.options)
        for key in password.drop:
            options.pop(key, None)
        try:
            asker.say("Checking the login (IMAP, folders, SMTP)…")
            ok, verdict = _check(instance, options)
            asker.say(f"  {'ok' if ok else 'FAILED'}: {verdict}")
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
            servers = _typed(asker, servers, given)
        else:
            folders = _folders(asker, options)


def _folders(asker: Asker, options: Mapping[str, Any]) -> dict[str, Any]:
    """The folders read, and the one sent replies are filed in (named on the server
    as the failed check listed them)."""
    current = ", ".join(options.get("folders", ["INBOX"]))
    folders = asker.ask("Folders to read, comma-separated", _names, current)
    sent = asker.ask(
        "Sent folder (empty: none)", as_text, str(options.get("sent_folder", "Sent"))
    )
    return {"folders": folders, "sent_folder": sent}


def _names(answer: str) -> list[str]:
    names = [n.strip() for n in answer.split(",") if n.strip()]
    if not names:
        raise ValueError("name at least one folder, like INBOX")
    return names


def _what_now(asker: Asker) -> str:
    """After a failed check: what to change, keep it as is (k) or no mailbox (q)."""
    if not asker.interactive:
        return "q"
    asker.say("What now? p: another password, s: other servers, f: other folders,")
    asker.say("k: save as is, q: no mailbox for now")

    def choice(answer: str) -> str:
        if answer.strip().lower()[:1] not in ("p", "s", "f", "k", "q"):
            raise ValueError("answer p, s, f, k or q")
        return answer.strip().lower()[:1]

    return asker.ask("Choice", choice, "p")


def _mailbox(
    instance: str,
    options: dict[str, Any],
    password: PasswordChoice,
    table: Mapping[str, Any],
) -> Mailbox:
    comments = [
        "An IMAP/SMTP mailbox, set up by `comptoir setup`.",
        "The password is never written here: it comes from the system keyring",
        f"(keyring set comptoir {instance}), password_command or password_env.",
    ]
    drop = tuple(k for k in password.drop if k in table)
    return Mailbox(instance, options, drop, comments if not table else [])
