"""The `[sla]` table: calendars and an ordered list of policies, checked by line.

[sla.calendars.shop]
timezone = "Europe/Paris"        # default: shop.timezone
mon = ["09:00-12:30", "14:00-18:00"]
holidays = "FR"                  # country (and region = "57") of `holidays`
closed = ["2026-12-24"]
closures = [{ from = "2026-08-03", to = "2026-08-16", name = "vacances" }]

[[sla.policies]]
name = "urgent"
priority = ["urgent", "high"]    # also channel, tags, customer_tags
first_response = "1h"            # "30min", "1h", "2d"; add " calendar" to
next_response = "4h"             # count every hour, not opening hours
resolution = "2d"
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from storage.sla.calendar import WEEKDAYS, Calendar, Closure, Interval
from storage.sla.policy import (
    DEFAULT_AT_RISK,
    DEFAULT_CALENDAR,
    METRICS,
    Policy,
    SlaSettings,
    Target,
    default_calendar,
    default_policy,
)
from storage.timewords import AmbiguousUnit, TimeWordError, duration_parts
from storage.vocabulary import Priority, words

if TYPE_CHECKING:
    from console.config import Config, _Checker

SLA_KEYS = ("calendars", "policies")
CALENDAR_KEYS = ("timezone", *WEEKDAYS, "holidays", "region", "closed", "closures")
CONDITIONS = ("channel", "priority", "tags", "customer_tags")
POLICY_KEYS = ("name", "calendar", *CONDITIONS, *METRICS, "at_risk")
_SPAN = re.compile(r"([01]\d|2[0-3]):([0-5]\d)-(([01]\d|2[0-3]):([0-5]\d)|24:00)")
_TARGET_UNITS = ("min", "h", "d")  # a business day is the calendar's opening day
_TARGET_LIKE = '"30min", "4h", "2d" or "8h calendar"'


def settings_or_default(sla: SlaSettings | None, timezone: str) -> SlaSettings:
    """What applies: the file's `[sla]`, else Mon-Fri 9-18 and the standard policy."""
    if sla is not None:
        return sla
    return SlaSettings(
        (default_policy(),), {DEFAULT_CALENDAR: default_calendar(timezone)}
    )


def sla_settings(config: Config) -> SlaSettings:
    return settings_or_default(config.sla, config.shop.timezone)


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _policy_lines(text: str) -> dict[tuple[str, ...], int]:
    """Lines of each [[sla.policies]] table and of its keys, by the table's number."""
    found: dict[tuple[str, ...], int] = {}
    number = 0
    for no, line in enumerate(text.splitlines(), 1):
        bare = line.strip().replace(" ", "")
        if bare.startswith("["):
            number = number + 1 if bare.startswith("[[sla.policies]]") else -abs(number)
            if number > 0:
                found[("sla", "policies", str(number))] = no
        elif number > 0 and (key := re.match(r"\s*([A-Za-z0-9_-]+)\s*=", line)):
            found.setdefault(("sla", "policies", str(number), key[1]), no)
    return found


class SlaChecker:
    def __init__(self, checker: _Checker, timezone: str) -> None:
        self.c, self.timezone = checker, timezone
        checker.where.update(_policy_lines(checker.text))

    def sla(self, raw: object) -> SlaSettings | None:
        if not isinstance(raw, dict):
            self.c.add(("sla",), "sla must be a table, like [sla.calendars.shop]")
            return None
        for key in [k for k in raw if k not in SLA_KEYS]:
            self.c.unknown(("sla", key), SLA_KEYS)
        calendars = self.calendars(raw.get("calendars", {}))
        first = next(iter(calendars), DEFAULT_CALENDAR)
        calendars.setdefault(DEFAULT_CALENDAR, default_calendar(self.timezone))
        policies = self.policies(raw.get("policies", []), calendars, first)
        return SlaSettings(tuple(policies) or (default_policy(first),), calendars)

    def calendars(self, raw: object) -> dict[str, Calendar]:
        if not isinstance(raw, dict) or not all(
            isinstance(v, dict) for v in raw.values()
        ):
            self.c.add(
                ("sla", "calendars"), "calendars are tables: [sla.calendars.shop]"
            )
            return {}
        found: dict[str, Calendar] = {}
        for name, spec in raw.items():
            if (calendar := self.calendar(name, spec)) is not None:
                found[name] = calendar
        return found

    def calendar(self, name: str, spec: dict[str, Any]) -> Calendar | None:
        where = ("sla", "calendars", name)
        for key in [k for k in spec if k not in CALENDAR_KEYS]:
            self.c.unknown((*where, key), CALENDAR_KEYS)
        from console.shop_zone import is_timezone

        zone = spec.get("timezone", self.timezone)
        if not isinstance(zone, str) or not is_timezone(zone):
            self.c.add((*where, "timezone"), f"unknown time zone {zone!r}")
            return None
        hours = tuple(self.day(where, day, spec.get(day, [])) for day in WEEKDAYS)
        country, region = self.holidays(where, spec)
        closed = self.dates((*where, "closed"), spec.get("closed", []))
        closures = self.closures((*where, "closures"), spec.get("closures", []))
        if not any(hours):
            msg = f'calendar {name} opens no hour; add mon = ["09:00-18:00"]'
            self.c.add(where, msg)
            return None
        return Calendar(
            name, zone, hours, country, region, frozenset(closed), tuple(closures)
        )

    def day(
        self, where: tuple[str, ...], day: str, raw: object
    ) -> tuple[Interval, ...]:
        spans = [raw] if isinstance(raw, str) else raw
        path, like = (*where, day), f'like {day} = ["09:00-12:30", "14:00-18:00"]'
        if not isinstance(spans, list) or not all(isinstance(s, str) for s in spans):
            self.c.add(path, f"{day} must list opening hours, {like}")
            return ()
        found: list[Interval] = []
        for text in spans:
            if not _SPAN.fullmatch(text.replace(" ", "")):
                self.c.add(path, f'{day}: "{text}" is not hours; {like}', value=text)
                continue
            a, b = map(_minutes, text.replace(" ", "").split("-"))
            if b <= a:
                self.c.add(path, f'{day}: "{text}" ends before it starts', value=text)
                continue
            found.append((a, b))
        found.sort()
        if any(x[1] > y[0] for x, y in pairwise(found)):
            self.c.add(path, f"{day}: opening hours overlap")
            return ()
        return tuple(found)

    def holidays(
        self, where: tuple[str, ...], spec: dict[str, Any]
    ) -> tuple[str | None, str | None]:
        country, region = spec.get("holidays"), spec.get("region")
        if country is None:
            if region is not None:
                self.c.add((*where, "region"), 'a region needs holidays = "FR" too')
            return None, None
        if not self.c.full and isinstance(country, str):
            return country.upper(), None if region is None else str(region)
        import holidays

        supported = holidays.list_supported_countries()
        if not isinstance(country, str) or country.upper() not in supported:
            msg = f'holidays: unknown country {country!r}; use a code like "FR"'
            self.c.add((*where, "holidays"), msg)
            return None, None
        country = country.upper()
        if region is not None and str(region) not in supported[country]:
            known = ", ".join(supported[country][:12])
            msg = f"region {region!r} is not a region of {country} (known: {known})"
            self.c.add((*where, "region"), msg)
            return country, None
        return country, None if region is None else str(region)

    def dates(self, path: tuple[str, ...], raw: object) -> list[date]:
        if not isinstance(raw, list):
            self.c.add(path, 'closed days are a list, like ["2026-12-24"]')
            return []
        found = []
        for item in raw:
            if isinstance(item, date):
                found.append(item)
                continue
            try:
                found.append(date.fromisoformat(str(item)))
            except ValueError:
                msg = f'"{item}" is not a date like "2026-12-24"'
                self.c.add(path, msg, value=str(item))
        return found

    def closures(self, path: tuple[str, ...], raw: object) -> list[Closure]:
        like = 'like { from = "2026-08-03", to = "2026-08-16", name = "vacances" }'
        if not isinstance(raw, list) or not all(isinstance(c, dict) for c in raw):
            self.c.add(path, f"closures are a list of tables, {like}")
            return []
        found: list[Closure] = []
        for item in raw:
            ends = self.dates(path, [item.get("from"), item.get("to")])
            if len(ends) != 2 or ends[1] < ends[0]:
                self.c.add(path, f"a closure needs from <= to, {like}")
                continue
            found.append((ends[0], ends[1], str(item.get("name", "closure"))))
        return found

    def policies(
        self, raw: object, calendars: dict[str, Calendar], first: str
    ) -> list[Policy]:
        if not isinstance(raw, list) or not all(isinstance(p, dict) for p in raw):
            self.c.add(("sla", "policies"), "policies are [[sla.policies]] tables")
            return []
        found = []
        for number, spec in enumerate(raw, 1):
            policy = self.policy(number, spec, calendars, first)
            if policy is not None:
                found.append(policy)
        return found

    def policy(
        self,
        number: int,
        spec: dict[str, Any],
        calendars: dict[str, Calendar],
        first: str,
    ) -> Policy | None:
        where = ("sla", "policies", str(number))
        name = str(spec.get("name", f"policy {number}"))
        for key in [k for k in spec if k not in POLICY_KEYS]:
            self.c.unknown((*where, key), POLICY_KEYS)
        calendar = spec.get("calendar", first)
        conditions = {key: self.words(where, key, spec.get(key)) for key in CONDITIONS}
        for priority in conditions["priority"] - set(Priority):
            msg = f"{name}: unknown priority {priority!r}; use {words(Priority)}"
            self.c.add((*where, "priority"), msg, value=priority)
        targets = {
            str(m): t for m in METRICS if (t := self.target(where, m, spec)) is not None
        }
        risk = spec.get("at_risk", DEFAULT_AT_RISK)
        if not isinstance(risk, int | float) or not 0 < risk < 1:
            self.c.add((*where, "at_risk"), f"{name}: at_risk is a share, like 0.75")
            risk = DEFAULT_AT_RISK
        if calendar not in calendars:
            known = ", ".join(calendars)
            self.c.add(
                (*where, "calendar"), f"{name}: no calendar {calendar!r} ({known})"
            )
            return None
        return Policy(
            name,
            targets,
            str(calendar),
            conditions["channel"],
            conditions["priority"],
            conditions["tags"],
            conditions["customer_tags"],
            float(risk),
        )

    def words(self, where: tuple[str, ...], key: str, raw: object) -> frozenset[str]:
        values = [raw] if isinstance(raw, str) else raw
        if raw is None:
            return frozenset()
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            self.c.add((*where, key), f'{key} is a list of names, like ["vip"]')
            return frozenset()
        return frozenset(values)

    def target(
        self, where: tuple[str, ...], metric: str, spec: dict[str, Any]
    ) -> Target | None:
        raw = spec.get(metric)
        if raw is None:
            return None
        wrong = f"{metric}: {raw!r} is not a target like {_TARGET_LIKE}"
        if not isinstance(raw, str):
            self.c.add((*where, metric), wrong)
            return None
        amount, kind = raw.strip().lower(), "business"
        for clock in ("business", "calendar"):
            if amount.endswith(clock):
                amount, kind = amount.removesuffix(clock).strip(), clock
        try:
            parts = duration_parts(amount)
        except AmbiguousUnit as problem:
            self.c.add((*where, metric), f"{metric}: {problem}")
            return None
        except TimeWordError:
            self.c.add((*where, metric), wrong)
            return None
        if len(parts) != 1 or parts[0][1] not in _TARGET_UNITS or parts[0][0] == 0:
            self.c.add((*where, metric), wrong)
            return None
        number, unit = parts[0]
        return Target(number, unit, kind == "business")
