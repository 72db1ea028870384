"""The servers part of `comptoir setup`: looked up from the address and offered,
or typed (each value defaulting to the guess), or kept from the config.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from console.i18n import _
from console.setup_prompts import Asker, required

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
            f"  {_('login'):<6} {self.username}",
        ]


def _security(answer: str) -> Security:
    value = answer.strip().lower()
    if value not in ("tls", "starttls"):
        raise ValueError(_('answer "tls" (implicit TLS) or "starttls"'))
    return "tls" if value == "tls" else "starttls"


def _port(answer: str) -> int:
    if not answer.strip().isdigit() or not 0 < int(answer) < 65536:
        raise ValueError(
            _('"{answer}" is not a port number').format(answer=answer.strip())
        )
    return int(answer)


def _existing(table: Mapping[str, Any], address: str) -> Servers | None:
    """The servers the config names, if any (and only ones setup could write)."""
    if "imap_host" not in table or table.get("address", address) != address:
        return None
    try:
        return _servers_of(table, address)
    except (ValueError, TypeError):  # plaintext to loopback, or a broken value
        return None


def _servers_of(table: Mapping[str, Any], address: str) -> Servers:
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
    """What the email channel finds published for the address's domain."""
    from plugins.registry import load_channel

    domain = address.rpartition("@")[2]
    asker.say(_("Looking up the mail servers of {domain}…").format(domain=domain))
    found = asyncio.run(load_channel("email").suggest(address))
    if found is None:
        asker.say(_("  Nothing is published for this domain: give the servers below."))
        return None
    servers = _servers_of(found.settings, address)  # no SMTP said: the usual guess
    asker.say(_("Found in {source}:").format(source=found.source))
    for line in servers.lines():
        asker.say(line)
    if found.warning:
        asker.say("  " + _("Check them: {warning}.").format(warning=found.warning))
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
    server = _("{kind} server").format(kind=label)
    host = asker.ask(server, required, host, given[0], f"{flag}-host")
    chosen = asker.ask(
        _("{kind} security (tls, starttls)").format(kind=label),
        _security,
        tls,
        given[1],
        f"{flag}-security",
    )
    usual = port if chosen == tls else PORTS[kind][chosen]
    port_question = _("{kind} port").format(kind=label)
    port = asker.ask(port_question, _port, str(usual), given[2], f"{flag}-port")
    return host, port, chosen


def typed_servers(asker: Asker, guess: Servers, given: MailboxOptions) -> Servers:
    imap = _server(
        asker, "imap", guess.imap_host, guess.imap_port, guess.imap_tls,
        [given.imap_host, given.imap_security, given.imap_port],
    )  # fmt: skip
    smtp = _server(
        asker, "smtp", guess.smtp_host, guess.smtp_port, guess.smtp_tls,
        [given.smtp_host, given.smtp_security, given.smtp_port],
    )  # fmt: skip
    username = asker.ask(_("Login"), required, guess.username, given.login, "--login")
    return Servers(*imap, *smtp, username)


def choose_servers(
    asker: Asker, address: str, table: Mapping[str, Any], given: MailboxOptions
) -> Servers:
    domain = address.rpartition("@")[2]
    fallback = Servers(
        f"imap.{domain}", 993, "tls", f"smtp.{domain}", 587, "starttls", address
    )
    if given.imap_host is not None:  # the command line says: no looking up
        return typed_servers(asker, fallback, given)
    current = _existing(table, address)
    if current:
        asker.say(_("The servers in the config:"))
        for line in current.lines():
            asker.say(line)
        if asker.yes(_("Keep them?")):
            return current
    found = _discovered(asker, address)
    if found and asker.yes(_("Use these?")):
        return found
    return typed_servers(asker, found or current or fallback, given)
