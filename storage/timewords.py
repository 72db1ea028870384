"""Durations and instants as people write them, one vocabulary everywhere: the
search's `after:3mo`, a snooze's `tomorrow 9:00`, the CLI's `--since 30d`, the
config's `first_response = "4h"`; and how instants are written back (a person's
in the shop's time zone with its offset, a script's in ISO-8601 UTC).

Units: `min` minutes, `h` hours, `d` days, `w` weeks, `mo` months (30 days).
A bare `m` is refused: it is minutes to some and months to others.
A date or time written without a zone is in the shop's zone (that of `now`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

MINUTE, HOUR, DAY, WEEK = 60, 3600, 86400, 7 * 86400
MONTH = 30 * DAY
# Every spelling, to its canonical unit.
_UNITS = {
    **dict.fromkeys(("min", "mins", "minute", "minutes"), "min"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "h"),
    **dict.fromkeys(("d", "day", "days"), "d"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "w"),
    **dict.fromkeys(("mo", "month", "months"), "mo"),
}
UNIT_SECONDS = {"min": MINUTE, "h": HOUR, "d": DAY, "w": WEEK, "mo": MONTH}
UNITS_HELP = "min (minutes), h, d, w, mo (months)"
# Compiled at first use (re keeps them), and re imported there too:
# `comptoir search` only writes instants.
_PART = r"(\d+)\s*([a-z]+)"
_SPAN = r"(?:\d+\s*[a-z]+\s*)+"
_CLOCK = r"(\d{1,2})(?:[:h](\d{2})?)?"
_DAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6, "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3,
    "vendredi": 4, "samedi": 5, "dimanche": 6,
}  # fmt: skip
_RELATIVE_DAYS = {
    "today": 0, "aujourd'hui": 0, "tonight": 0, "tomorrow": 1, "demain": 1,
    "yesterday": -1, "hier": -1,
}  # fmt: skip
MORNING = time(9, 0)
EVENING = time(18, 0)
EXAMPLES = "2h, 30min, 3d, 2w, 3mo, tomorrow 9:00, monday or 2026-05-04 14:00"


class TimeWordError(ValueError):
    """A duration or instant a person wrote wrongly; the message says how to
    write it."""


class AmbiguousUnit(TimeWordError):
    """`3m`: minutes to some, months to others."""


def duration_parts(text: str) -> list[tuple[int, str]]:
    """`1h 30min` as [(1, "h"), (30, "min")], units made canonical."""
    import re

    spoken = text.strip().lower()
    if not re.fullmatch(_SPAN, spoken):
        raise TimeWordError(
            f"{text!r} is not a duration: write 30min, 4h, 2d, 1w or 3mo"
        )
    parts = []
    for amount, unit in re.findall(_PART, spoken):
        if unit == "m":
            raise AmbiguousUnit(
                f"{text!r} is ambiguous: write {amount}min for minutes or "
                f"{amount}mo for months"
            )
        if unit not in _UNITS:
            raise TimeWordError(f"{text!r}: unknown unit {unit!r}; use {UNITS_HELP}")
        parts.append((int(amount), _UNITS[unit]))
    return parts


def parse_duration(text: str) -> int:
    """A duration in seconds: `30min`, `4h`, `1h 30min`, `2d`, `1w`, `3mo`."""
    return sum(amount * UNIT_SECONDS[unit] for amount, unit in duration_parts(text))


def parse_instant(text: str, now: datetime, *, past: bool) -> datetime:
    """The instant `text` means, seen from `now` (whose zone a zone-less date or
    time is in). A span counts back from now when `past` (`--since 30d`,
    `after:3mo`), forward otherwise (a snooze's `2h`); `2h ago` and `in 2h` say
    which themselves. A day alone is its start when `past`, else 9:00."""
    spoken = " ".join(text.strip().lower().split())
    if not spoken:
        raise TimeWordError(f"say when: {EXAMPLES}")
    if spoken == "now":
        return now
    sign, span = (-1 if past else 1), spoken
    if spoken.endswith(" ago"):
        sign, span = -1, spoken.removesuffix(" ago")
    elif spoken.startswith("in "):
        sign, span = 1, spoken.removeprefix("in ")
    import re

    if re.fullmatch(_SPAN, span):  # exact seconds, across a change of offset too
        moved = now.astimezone(UTC) + sign * timedelta(seconds=parse_duration(span))
        return moved.astimezone(now.tzinfo)
    found = _day_and_time(spoken, now, past)
    if found is not None:
        return found
    return _absolute(text.strip(), now)


def _day_and_time(spoken: str, now: datetime, past: bool) -> datetime | None:
    day, *rest = spoken.split(" ", 1)
    if day in _RELATIVE_DAYS:
        target = now.date() + timedelta(days=_RELATIVE_DAYS[day])
        default = EVENING if day in ("today", "aujourd'hui", "tonight") else MORNING
    elif day in _DAYS:
        if past:  # the last such day before today
            back = (now.weekday() - _DAYS[day] - 1) % 7 + 1
            target = now.date() - timedelta(days=back)
        else:  # the next one after today
            ahead = (_DAYS[day] - now.weekday() - 1) % 7 + 1
            target = now.date() + timedelta(days=ahead)
        default = MORNING
    else:
        return None
    at = _clock(rest[0]) if rest else (time(0, 0) if past else default)
    return datetime.combine(target, at, now.tzinfo)


def _clock(text: str) -> time:
    import re

    match = re.fullmatch(_CLOCK, text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
        raise TimeWordError(f"{text!r} is not a time of day: write 9:00 or 14h30")
    return time(int(match.group(1)), int(match.group(2) or 0))


def _absolute(text: str, now: datetime) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise TimeWordError(f"{text!r} is not a time: write {EXAMPLES}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=now.tzinfo)
    return moment


def future_instant(text: str, now: datetime) -> datetime:
    """When to wake a snoozed conversation: an instant after `now`."""
    moment = parse_instant(text, now, past=False)
    if moment <= now:
        raise TimeWordError(f"{text!r} has already passed")
    return moment


def _moment(value: datetime | int) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromtimestamp(value, UTC)


def format_instant(
    value: datetime | int, zone: tzinfo, *, weekday: bool = False
) -> str:
    """For a person: `2026-05-04 14:02 +02:00` in the shop's zone."""
    local = _moment(value).astimezone(zone)
    offset = local.strftime("%z")
    shown = local.strftime("%a %Y-%m-%d %H:%M" if weekday else "%Y-%m-%d %H:%M")
    return f"{shown} {offset[:3]}:{offset[3:]}"


def format_day(value: datetime | int, zone: tzinfo) -> str:
    """The shop's calendar day of an instant: `2026-05-04`."""
    return _moment(value).astimezone(zone).date().isoformat()


def iso_utc(value: datetime | date | int | None) -> str | None:
    """For a script: `2026-05-04T12:02:00Z`."""
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    return _moment(value).astimezone(UTC).isoformat().replace("+00:00", "Z")


def format_span(seconds: int, days: bool = True) -> str:
    """A length of time in a few characters: `45min`, `2h05`, `3d4h`; without
    `days` (business time, whose days are not 24 hours), `52h00`."""
    seconds = abs(seconds)
    if seconds < HOUR:
        return f"{seconds // MINUTE}min"
    if seconds < DAY or not days:
        return f"{seconds // HOUR}h{seconds % HOUR // MINUTE:02d}"
    return f"{seconds // DAY}d{seconds % DAY // HOUR}h"
