"""The shop's time zone, read cheaply: people see every time in it, with its
offset, and `comptoir search` must not pay for the whole config check (nor for
tomllib and platformdirs most of the time, nor re and contextlib) to know it."""

from __future__ import annotations

import os
import sys
from datetime import UTC, tzinfo

# Module-level so that tests can point elsewhere.
_LOCALTIME = "/etc/localtime"
_TIMEZONE_FILE = "/etc/timezone"


def is_timezone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def local_timezone() -> str:
    """The system's IANA zone name ($TZ, /etc/localtime's link, /etc/timezone)."""
    from contextlib import suppress

    candidates = [os.environ.get("TZ", "").removeprefix(":"), _link(_LOCALTIME)]
    with suppress(OSError), open(_TIMEZONE_FILE, encoding="utf-8") as file:
        candidates.append(file.read().strip())
    names = (c.rpartition("zoneinfo/")[2] for c in candidates)
    return next((n for n in names if n and is_timezone(n)), "UTC")


def _link(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:  # not a link, or no such file: another source may say
        return ""


def _config_path(explicit: object) -> str:
    """As console.config.resolve_config_path, without importing platformdirs on
    Linux (the XDG rule it applies there)."""
    path = str(explicit or os.environ.get("COMPTOIR_CONFIG") or "")
    if path:
        return os.path.expanduser(path)
    if sys.platform == "linux":
        base = os.environ.get("XDG_CONFIG_HOME", "").strip()
        base = base or os.path.expanduser("~/.config")
        return os.path.join(base, "comptoir", "config.toml")
    import platformdirs

    return str(platformdirs.user_config_path("comptoir") / "config.toml")


def _written_zone(text: str) -> str | None:
    """`[shop] timezone` as written: a quick look, then TOML's own reading if
    the file says `timezone` in any other way (a dotted key, an inline table)."""
    if "timezone" not in text:
        return None
    found = _plain_zone(text)
    if found:
        return found
    import tomllib

    try:
        table = tomllib.loads(text).get("shop")
    except ValueError:  # not TOML: the commands that read it all will say so
        return None
    name = table.get("timezone") if isinstance(table, dict) else None
    return name if isinstance(name, str) else None


def _plain_zone(text: str) -> str | None:
    """`timezone = "Europe/Paris"` on a line of its own in a plain `[shop]`
    table, as the config template writes it; None for anything else. Read
    line by line: `comptoir search` reads it and loads no re for it."""
    table = None
    for line in text.splitlines():
        bare = line.strip()
        if bare.startswith("["):
            table = bare[1:-1].strip() if bare.endswith("]") else None
        elif table == "shop" and bare.startswith("timezone"):
            key, equals, value = bare.partition("=")
            value = value.split("#", 1)[0].strip()
            name, quote = value[1:-1], value[:1]
            if key.strip() == "timezone" and equals and quote in ("'", '"'):
                plain = name and value[-1] == quote and not set("\"'") & set(name)
                return name if plain else None
    return None


# Zones that are UTC, answered without loading the zone database.
_UTC = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal",
                  "Etc/Zulu", "Zulu", "GMT", "Etc/GMT", "Etc/GMT0", "GMT0"})  # fmt: skip


def _system_name() -> str:
    """The system's zone name as $TZ or /etc/localtime's link says, unchecked."""
    name = os.environ.get("TZ", "").removeprefix(":")
    if not name:
        name = _link(_LOCALTIME)
    return name.rpartition("zoneinfo/")[2]


def shop_zone(config_path: object = None) -> tzinfo:
    """`[shop] timezone` of the config (`--config`, `COMPTOIR_CONFIG`, the user
    config directory), else the system's, as `load_config` fills it in. A config
    with mistakes still tells its zone here; the commands that need the rest of
    it report the mistakes."""
    try:
        with open(_config_path(config_path), encoding="utf-8") as file:
            name = _written_zone(file.read())
    except (OSError, UnicodeDecodeError):  # absent or unreadable: the defaults
        name = None
    if (name or _system_name()) in _UTC:
        return UTC  # most servers: no zone database to load
    from zoneinfo import ZoneInfo

    if name is not None and is_timezone(name):
        return ZoneInfo(name)
    return ZoneInfo(local_timezone())
