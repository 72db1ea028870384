"""The shop's time zone, read cheaply: people see every time in it, with its
offset (`comptoir search` must not pay for the whole config check to know it)."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_LOCALTIME = Path("/etc/localtime")  # module-level so that tests can point elsewhere
_TIMEZONE_FILE = Path("/etc/timezone")


def is_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def local_timezone() -> str:
    """The system's IANA zone name ($TZ, /etc/localtime's link, /etc/timezone)."""
    candidates = [os.environ.get("TZ", "").removeprefix(":")]
    with suppress(OSError):  # not a link, or no such file: the next source may say
        candidates.append(str(_LOCALTIME.readlink()))
    with suppress(OSError):
        candidates.append(_TIMEZONE_FILE.read_text(encoding="utf-8").strip())
    names = (c.rpartition("zoneinfo/")[2] for c in candidates)
    return next((n for n in names if n and is_timezone(n)), "UTC")


def shop_zone(config_path: Path | str | None = None) -> ZoneInfo:
    """`[shop] timezone` of the config (`--config`, `COMPTOIR_CONFIG`, the user
    config directory), else the system's, as `load_config` fills it in. A config
    with mistakes still tells its zone here; the commands that need the rest of
    it report the mistakes."""
    import tomllib

    path = config_path or os.environ.get("COMPTOIR_CONFIG")
    if not path:
        from console.config import default_config_path

        path = default_config_path()
    try:
        shop = tomllib.loads(Path(path).expanduser().read_text("utf-8")).get("shop")
    except (OSError, ValueError):  # absent, unreadable, not TOML
        shop = None
    name = shop.get("timezone") if isinstance(shop, dict) else None
    if isinstance(name, str) and is_timezone(name):
        return ZoneInfo(name)
    return ZoneInfo(local_timezone())
