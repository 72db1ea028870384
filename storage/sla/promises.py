"""Spotting a promised time in a reply, in French or English, to propose a promise.

"je vous recontacte avant 14 heures", "by Friday", "tomorrow", "within 24 hours",
"d'ici lundi", "demain", "sous 48 heures", "before 2pm". A day without a time
means the end of that day's opening hours (or 18:00 if the shop is closed then).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from storage.sla.calendar import Calendar, CalendarTime

DAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6, "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3,
    "vendredi": 4, "samedi": 5, "dimanche": 6,
}  # fmt: skip
_DAY = "|".join(DAYS)
_BEFORE = r"(?:before|by|until|avant|d['\u2019]ici|jusqu'à|pour)"
_CLOCK = re.compile(
    rf"\b{_BEFORE}\s+(?:(\d{{1,2}})\s*(?::|h|heures?)\s*(\d{{2}})?|(\d{{1,2}})\s*(am|pm))",
    re.I,
)
_WITHIN = re.compile(
    r"\b(?:within|in the next|sous|dans les|d['\u2019]ici)\s+(\d{1,3})\s*"
    r"(hours?|h\b|heures?|days?|jours?|minutes?|min)",
    re.I,
)
_WEEKDAY = re.compile(
    rf"\b(?:{_BEFORE}|on|this|next|ce|lundi prochain)?\s*({_DAY})\b", re.I
)
_TOMORROW = re.compile(r"\b(tomorrow|demain)\b", re.I)
_TODAY = re.compile(r"\b(today|later today|aujourd['\u2019]hui|ce soir)\b", re.I)


@dataclass(frozen=True, slots=True)
class PromiseProposal:
    due: datetime  # aware, UTC
    phrase: str  # the words that promised it


def _end_of_day(day: datetime, calendar: Calendar | CalendarTime) -> datetime:
    hours = calendar.hours[day.weekday()] if isinstance(calendar, Calendar) else ()
    closing = hours[-1][1] if hours else 18 * 60
    midnight = day.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + timedelta(minutes=closing)


def _clock(match: re.Match[str], local: datetime) -> datetime | None:
    if match[3]:  # 2pm
        hour = int(match[3]) % 12 + (12 if match[4].lower() == "pm" else 0)
        minute = 0
    else:
        hour, minute = int(match[1]), int(match[2] or 0)
    if hour > 23 or minute > 59:
        return None
    due = datetime.combine(local.date(), time(hour, minute), local.tzinfo)
    return due if due > local else due + timedelta(days=1)


def detect_promises(
    text: str,
    sent_at: datetime,
    calendar: Calendar | CalendarTime,
    language: str | None = None,
) -> list[PromiseProposal]:
    """Every promised time in `text`, earliest first (`language` is a hint only:
    both languages are always read, replies mix them)."""
    zone = calendar.zone if isinstance(calendar, Calendar) else ZoneInfo("UTC")
    local = sent_at.astimezone(zone)
    found: list[tuple[datetime, str]] = []
    for m in _CLOCK.finditer(text):
        if (due := _clock(m, local)) is not None:
            found.append((due, m[0]))
    for m in _WITHIN.finditer(text):
        unit = m[2].lower()
        size = {"h": 3600, "d": 86400, "j": 86400, "m": 60}[unit[0]]
        found.append((local + timedelta(seconds=int(m[1]) * size), m[0]))
    for m in _TOMORROW.finditer(text):
        found.append((_end_of_day(local + timedelta(days=1), calendar), m[0]))
    if not found:
        for m in _TODAY.finditer(text):
            found.append((_end_of_day(local, calendar), m[0]))
    for m in _WEEKDAY.finditer(text):
        ahead = (DAYS[m[1].lower()] - local.weekday() - 1) % 7 + 1  # never today
        found.append(
            (_end_of_day(local + timedelta(days=ahead), calendar), m[0].strip())
        )
    return sorted(
        (PromiseProposal(due.astimezone(UTC), phrase) for due, phrase in found),
        key=lambda p: p.due,
    )
