"""An email instance's settings: read from its config table, checked, defaulted.

`problems` lists every mistake by key (the config checker reports them by
line), from the options declared in `options.py`; `EmailSettings.from_options`
builds the settings or raises the first. No password is ever read from the
config: only where to find it (the core's ChannelContext.secret reads it).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any, Literal

from plugins.api import ConfigurationError, validate_options
from plugins.email.options import OPTIONS
from plugins.options import with_defaults

TlsMode = Literal["tls", "starttls", "none"]
IMAP_PORTS = {"tls": 993, "starttls": 143, "none": 143}
SMTP_PORTS = {"tls": 465, "starttls": 587, "none": 25}
KNOWN = tuple(option.name for option in OPTIONS)


@dataclass(frozen=True, slots=True)
class EmailSettings:
    instance: str
    imap_host: str
    username: str
    imap_port: int
    imap_tls: TlsMode
    folders: tuple[str, ...]
    # Synced too (replies sent from a phone count) and filed into. None: the
    # folder the server flags \Sent (RFC 6154), else one of the usual names;
    # "": none at all.
    sent_folder: str | None
    address: str  # the account's own address (From of replies)
    smtp_host: str
    smtp_port: int
    smtp_tls: TlsMode
    smtp_username: str
    ca_file: str  # an extra CA to trust (a self-signed server)
    allow_plaintext: bool  # only ever on loopback
    poll_interval: int

    @property
    def sync_folders(self) -> tuple[str, ...]:
        """The folders named in the config (the Sent folder when it is named)."""
        extra = (self.sent_folder,) if self.sent_folder else ()
        return tuple(dict.fromkeys((*self.folders, *extra)))

    @classmethod
    def from_options(cls, instance: str, options: dict[str, Any]) -> EmailSettings:
        """Checked, each unset option at its declared default (ports follow the
        TLS mode, SMTP follows IMAP); where secrets come from is not kept here."""
        found = problems(instance, options)
        if found:
            raise ConfigurationError(found[0][1], instance)
        values = with_defaults(
            OPTIONS, {k: v for k, v in options.items() if k != "type"}
        )
        values["folders"] = tuple(canonical(f) for f in values["folders"])
        if values.get("sent_folder"):
            values["sent_folder"] = canonical(values["sent_folder"])
        values.setdefault("sent_folder", None)
        values.setdefault("imap_port", IMAP_PORTS[values["imap_tls"]])
        values.setdefault("smtp_port", SMTP_PORTS[values["smtp_tls"]])
        values.setdefault("smtp_host", values["imap_host"])
        values.setdefault("smtp_username", values["username"])
        default_address = values["username"] if "@" in values["username"] else ""
        values.setdefault("address", default_address)
        values.setdefault("ca_file", "")
        kept = {k: values[k] for k in cls.__dataclass_fields__ if k != "instance"}
        return cls(instance=instance, **kept)


def canonical(folder: str) -> str:
    """INBOX is INBOX in any case (RFC 3501); every other name is as written."""
    return "INBOX" if folder.upper() == "INBOX" else folder


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _value_problems(label: str, options: dict[str, Any]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for key in ("imap_port", "smtp_port", "poll_interval"):
        value = options.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value <= 0:
            found.append((key, f"{label}.{key} must be a positive number, like 993"))
    folders = options.get("folders")
    if isinstance(folders, list) and not (folders and all(folders)):
        found.append(("folders", f'{label}.folders must name folders, like ["INBOX"]'))
    return found


def problems(instance: str, options: dict[str, Any]) -> list[tuple[str, str]]:
    """Every mistake in an email instance's options, as (key, message): the
    declared options' check, then the rules between options."""
    label = f"channels.{instance}"
    found = validate_options(label, OPTIONS, options) + _value_problems(label, options)
    plain = [k for k in ("imap_tls", "smtp_tls") if options.get(k) == "none"]
    hosts = {
        "imap_tls": options.get("imap_host"),
        "smtp_tls": options.get("smtp_host", options.get("imap_host")),
    }
    for key in plain:
        host = hosts[key]
        if not options.get("allow_plaintext") or not (
            isinstance(host, str) and is_loopback(host)
        ):
            found.append(
                (key, f'{label}.{key} = "none" sends the password in clear: allowed '
                 "only to a loopback host, with allow_plaintext = true")
            )  # fmt: skip
    return found
