"""Writing the TOML config: a commented new file, or the person's file changed in place.

tomlkit keeps what is there (comments, order, tables comptoir does not know):
`comptoir setup` run again changes only the values it asked about. A secret
never goes in: only where to find it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Comment, Table, Whitespace
from tomlkit.toml_document import TOMLDocument

from storage.sla.calendar import WEEKDAYS

_TEMPLATE = """\
# comptoir configuration; docs/configuration.md lists every setting.
# No secrets here, ever: passwords come from the system keyring or from a
# command (like `pass show shop/imap`), never from this file.

[shop]
# The shop's name, as canned replies and reports show it.
name = "My shop"
# The shop's own addresses: mail sent from them counts as the shop's replies.
addresses = []
# IANA time zone of business hours, response timers and the dates shown.
timezone = "UTC"
# Your name, as replies are signed.
agent = "Agent"

# One table per channel instance (two mailboxes are two instances);
# `comptoir setup` adds one, or write it by hand, e.g.:
# [channels.support]
# type = "email"
"""
_SHOP_COMMENTS = {
    "name": "The shop's name, as canned replies and reports show it.",
    "addresses": "The shop's own addresses: mail sent from them counts as its replies.",
    "timezone": "IANA time zone of business hours, response timers and the dates shown.",
    "agent": "Your name, as replies are signed.",
}
CALENDAR = "shop"  # the calendar `comptoir setup` writes when there is none


def read_document(path: Path) -> TOMLDocument:
    """The file as it stands (utf-8, a BOM tolerated), or a commented new one."""
    if path.exists():
        return tomlkit.parse(path.read_text(encoding="utf-8-sig"))
    return tomlkit.parse(_TEMPLATE)


def save_document(document: TOMLDocument, path: Path) -> None:
    """Written beside the target, then renamed: a crash leaves the old file whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=".config-", dir=path.parent)
    try:
        text = tomlkit.dumps(document)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        if path.exists():
            mode = path.stat().st_mode & 0o777
            if "_command" in text:  # a command others could rewrite is refused on load
                mode &= ~0o022
            os.chmod(partial, mode)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _table(parent: Table | TOMLDocument, key: str, *, super_table: bool) -> Table:
    if key not in parent:
        parent.add(key, tomlkit.table(is_super_table=super_table))
    found = parent[key]
    if not isinstance(found, Table):
        raise ValueError(f"{key} is not a table")
    return found


def put(table: Table | TOMLDocument, key: str, value: Any, comment: str = "") -> None:
    """Change a value where it stands; a new key comes after its comment."""
    if key in table:
        table[key] = value
        return
    if comment:
        table.add(tomlkit.comment(comment))
    table.add(key, value)


def set_shop(
    document: TOMLDocument,
    name: str,
    addresses: Sequence[str],
    timezone: str,
    agent: str,
) -> None:
    shop = _table(document, "shop", super_table=False)
    values = {
        "name": name,
        "addresses": [a.strip().lower() for a in addresses],
        "timezone": timezone,
        "agent": agent,
    }
    for key, value in values.items():
        put(shop, key, value, _SHOP_COMMENTS[key])


def first_calendar(document: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    """The calendar the default policy uses (the first one), or ("shop", {})."""
    calendars = document.get("sla", {}).get("calendars", {})
    for name, spec in calendars.items():
        if isinstance(spec, Mapping):
            return str(name), spec
    return CALENDAR, {}


def set_opening_hours(
    document: TOMLDocument, hours: Mapping[str, Sequence[str]]
) -> None:
    """The first calendar's days (`mon` ... `sun`), other keys and comments kept."""
    name, _ = first_calendar(document)
    sla = _table(document, "sla", super_table=True)
    calendars = _table(sla, "calendars", super_table=True)
    old = calendars.get(name)
    fresh = tomlkit.table()
    if not isinstance(old, Table):
        fresh.add(tomlkit.comment("Opening hours: response timers count only these."))
        _add_days(fresh, hours)
        fresh.add(tomlkit.comment('holidays = "FR"   # closed on public holidays'))
        calendars[name] = fresh
        return
    placed = False
    for key, item in old.value.body:  # the days go where the first one stood
        if key is not None and key.key in WEEKDAYS:
            if not placed:
                _add_days(fresh, hours)
                placed = True
        elif isinstance(item, Comment | Whitespace):
            fresh.add(item)
        elif key is not None:
            fresh.add(key, item)
    if not placed:
        _add_days(fresh, hours)
    calendars[name] = fresh


def _add_days(table: Table, hours: Mapping[str, Sequence[str]]) -> None:
    for day in WEEKDAYS:
        if hours.get(day):
            table.add(day, list(hours[day]))


def set_channel(
    document: TOMLDocument,
    instance: str,
    options: Mapping[str, Any],
    comments: Iterable[str] = (),
    drop: Iterable[str] = (),
) -> None:
    """A channel's table: `options` set, `drop` removed, anything else kept."""
    channels = _table(document, "channels", super_table=True)
    if instance not in channels:
        table = tomlkit.table()
        for line in comments:
            table.add(tomlkit.comment(line))
        channels.add(instance, table)
    table = _table(channels, instance, super_table=False)
    for key, value in options.items():
        put(table, key, value)
    for key in drop:
        if key in table:
            del table[key]


def write_default_config(
    path: Path,
    shop_name: str,
    addresses: Sequence[str],
    timezone: str,
    agent: str,
    extra: str = "",
) -> None:
    """Write a commented starting file; no secret ever goes in it."""
    document = tomlkit.parse(_TEMPLATE + extra)
    set_shop(document, shop_name, addresses, timezone, agent)
    save_document(document, path)
