"""Times people type: `2h`, `30m`, `3d`, `tomorrow`, `tomorrow 9:00`, `monday`, `2026-05-04 14:00`."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

_SPAN = re.compile(r"^(\d+)\s*(m|min|h|d|w)$")
_UNITS = {"m": 60, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6, "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3,
    "vendredi": 4, "samedi": 5, "dimanche": 6,
}  # fmt: skip
_CLOCK = re.compile(r"^(\d{1,2})(?::|h)?(\d{2})?$")
MORNING = time(9, 0)


class WhenError(ValueError):
    pass


def _clock(text: str) -> time:
    match = _CLOCK.match(text)
    if not match or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
        raise WhenError(f"{text!r} is not a time of day: write 9:00 or 14h30")
    return time(int(match.group(1)), int(match.group(2) or 0))


def parse_when(text: str, now: datetime) -> datetime:
    """The instant meant by `text`, in `now`'s time zone; always in the future."""
    words = text.strip().lower().split()
    if not words:
        raise WhenError("say when: 2h, tomorrow 9:00, monday")
    if match := _SPAN.match("".join(words)):
        return now + timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2)])
    day, rest = words[0], words[1:]
    at = _clock(rest[0]) if rest else MORNING
    if day in ("tomorrow", "demain"):
        target = now.date() + timedelta(days=1)
    elif day in ("today", "aujourd'hui", "tonight"):
        target = now.date()
        at = _clock(rest[0]) if rest else time(18, 0)
    elif day in _DAYS:
        ahead = (_DAYS[day] - now.weekday() - 1) % 7 + 1
        target = now.date() + timedelta(days=ahead)
    else:
        return _absolute(text.strip(), now)
    moment = datetime.combine(target, at, now.tzinfo)
    if moment <= now:
        raise WhenError(f"{text!r} has already passed")
    return moment


def _absolute(text: str, now: datetime) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise WhenError(
            f"{text!r} is not a time: write 2h, 3d, tomorrow 9:00, monday or 2026-05-04 14:00"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=now.tzinfo)
    if moment <= now:
        raise WhenError(f"{text!r} has already passed")
    return moment
