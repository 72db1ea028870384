"""An email instance's settings: read from its config table, checked, defaulted.

`problems` lists every mistake by key (the config checker reports them by
line); `EmailSettings.from_options` builds the settings or raises the first.
No password is ever read from the config: only where to find it.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any, Literal

from plugins.api import ConfigurationError

TlsMode = Literal["tls", "starttls", "none"]
TLS_MODES: tuple[TlsMode, ...] = ("tls", "starttls", "none")
IMAP_PORTS = {"tls": 993, "starttls": 143, "none": 143}
SMTP_PORTS = {"tls": 465, "starttls": 587, "none": 25}
FORBIDDEN = ("password", "passwd", "smtp_password", "secret", "token")

_TEXT = (
    "imap_host", "username", "address", "sent_folder", "smtp_host",
    "smtp_username", "password_env", "password_command", "smtp_password_env",
    "smtp_password_command", "ca_file", "imap_tls", "smtp_tls",
)  # fmt: skip
_INTEGER = ("imap_port", "smtp_port")
_BOOLEAN = ("allow_plaintext",)
_LIST = ("folders",)
KNOWN = ("type", *_TEXT, *_INTEGER, *_BOOLEAN, *_LIST)


@dataclass(frozen=True, slots=True)
class EmailSettings:
    instance: str
    imap_host: str
    username: str
    imap_port: int = 993
    imap_tls: TlsMode = "tls"
    folders: tuple[str, ...] = ("INBOX",)
    # Synced too (replies sent from a phone count) and filed into. None: the
    # folder the server flags \Sent (RFC 6154), else one of the usual names;
    # "": none at all.
    sent_folder: str | None = None
    address: str = ""  # the account's own address (From of replies)
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_tls: TlsMode = "starttls"
    smtp_username: str = ""
    password_env: str = ""
    password_command: str = ""
    smtp_password_env: str = ""
    smtp_password_command: str = ""
    ca_file: str = ""  # an extra CA to trust (a self-signed server)
    allow_plaintext: bool = False  # only ever on loopback

    @property
    def sync_folders(self) -> tuple[str, ...]:
        """The folders named in the config (the Sent folder when it is named)."""
        extra = (self.sent_folder,) if self.sent_folder else ()
        return tuple(dict.fromkeys((*self.folders, *extra)))

    @classmethod
    def from_options(cls, instance: str, options: dict[str, Any]) -> EmailSettings:
        found = problems(instance, options)
        if found:
            raise ConfigurationError(found[0][1], instance)
        values = {k: v for k, v in options.items() if k in KNOWN and k != "type"}
        if "folders" in values:
            values["folders"] = tuple(canonical(f) for f in values["folders"])
        if values.get("sent_folder"):
            values["sent_folder"] = canonical(values["sent_folder"])
        imap_tls = values.get("imap_tls", "tls")
        smtp_tls = values.get("smtp_tls", "starttls")
        values.setdefault("imap_port", IMAP_PORTS[imap_tls])
        values.setdefault("smtp_port", SMTP_PORTS[smtp_tls])
        values.setdefault("smtp_host", values["imap_host"])
        values.setdefault("smtp_username", values["username"])
        if "@" in values["username"]:
            values.setdefault("address", values["username"])
        return cls(instance=instance, **values)


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


def _type_problems(label: str, options: dict[str, Any]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for key, value in options.items():
        if key in _TEXT and not isinstance(value, str):
            found.append((key, f'{label}.{key} must be text in quotes, like "x"'))
        elif key in _INTEGER and (
            not isinstance(value, int) or isinstance(value, bool) or value <= 0
        ):
            found.append((key, f"{label}.{key} must be a port number, like 993"))
        elif key in _BOOLEAN and not isinstance(value, bool):
            found.append((key, f"{label}.{key} must be true or false"))
        elif key in _LIST and not (
            isinstance(value, list)
            and value
            and all(isinstance(v, str) and v for v in value)
        ):
            found.append((key, f'{label}.{key} must be a list, like ["INBOX"]'))
    return found


def problems(instance: str, options: dict[str, Any]) -> list[tuple[str, str]]:
    """Every mistake in an email instance's options, as (key, message)."""
    label = f"channels.{instance}"
    found: list[tuple[str, str]] = []
    for key in options:
        if key in FORBIDDEN:
            found.append(
                (key, f"{label}.{key}: passwords never go in the config file; set "
                 "password_env (a variable's name), password_command (like "
                 '"pass show shop/imap") or store it in the system keyring')
            )  # fmt: skip
        elif key not in KNOWN:
            found.append((key, f"{label}.{key} is not an email setting"))
    for key in ("imap_host", "username"):
        if key not in options:
            found.append((key, f'{label} needs {key}, like {key} = "..."'))
    found += _type_problems(label, options)
    for key in ("imap_tls", "smtp_tls"):
        mode = options.get(key, "tls")
        if isinstance(mode, str) and mode not in TLS_MODES:
            found.append((key, f'{label}.{key} must be "tls", "starttls" or "none"'))
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
