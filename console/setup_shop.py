"""The shop part of `comptoir setup`: name, addresses, time zone, agent, opening hours.

Each default is what the config says already, else what comptoir would assume
without a config (the system's time zone, $USER, Monday to Friday 9 to 18).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from console.config import _zone_suggestions
from console.config_file import first_calendar
from console.i18n import _
from console.opening_hours import DEFAULT_HOURS, Hours, format_hours, parse_hours
from console.setup_prompts import Asker, email_addresses, required
from console.shop_zone import is_timezone, local_timezone
from storage.sla.calendar import WEEKDAYS


@dataclass(slots=True)
class ShopOptions:
    """What the command line answered (None: ask, or keep the default)."""

    name: str | None = None
    addresses: str | None = None
    timezone: str | None = None
    agent: str | None = None
    hours: str | None = None


@dataclass(frozen=True, slots=True)
class Shop:
    name: str
    addresses: list[str]
    timezone: str
    agent: str
    hours: Hours


def time_zone(answer: str) -> str:
    zone = answer.strip()
    if is_timezone(zone):
        return zone
    close = _(" or ").join(_zone_suggestions(zone))
    hint = (
        _("; did you mean {zones}?").format(zones=close)
        if close
        else _(', like "Europe/Paris"')
    )
    raise ValueError(_('"{zone}" is not a known time zone').format(zone=zone) + hint)


def _current_hours(document: Mapping[str, Any]) -> str:
    _, calendar = first_calendar(document)
    days = {d: [str(s) for s in calendar.get(d, [])] for d in WEEKDAYS}
    return format_hours(days) if any(days.values()) else DEFAULT_HOURS


def ask_shop(asker: Asker, document: Mapping[str, Any], given: ShopOptions) -> Shop:
    shop = document.get("shop", {})
    asker.heading(_("The shop"))
    name = asker.ask(
        _("Shop name"), required, str(shop.get("name", "My shop")), given.name, "--name"
    )
    addresses = asker.ask(
        _("Shop addresses (customers write to them), comma-separated"),
        email_addresses,
        ", ".join(str(a) for a in shop.get("addresses", [])),
        given.addresses,
        "--address",
    )
    zone = asker.ask(
        _("Time zone"),
        time_zone,
        str(shop.get("timezone") or local_timezone()),
        given.timezone,
        "--timezone",
    )
    agent = asker.ask(
        _("Your name, as replies are signed"),
        required,
        str(shop.get("agent") or os.environ.get("USER") or "Agent"),
        given.agent,
        "--agent",
    )
    asker.hint(
        _(
            "Response timers run in opening hours, like: mon-fri 9-12:30 14-18; sat 10-13"
        )
    )
    hours = asker.ask(
        _("Opening hours"),
        parse_hours,
        _current_hours(document),
        given.hours,
        "--hours",
    )
    return Shop(name, addresses, zone, agent, hours)
