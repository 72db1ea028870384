"""When a sentence says something will happen: "avant 14 h", "by Friday",
"tomorrow morning", "within 24 hours", "d'ici lundi", "dans la journée".

A day without a time means the end of that day's opening hours (18:00 when the
shop is closed then); "morning" means noon. A clock time belongs to the day the
sentence names ("demain avant 14 h" is tomorrow at 14:00), else to the next
time that clock shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from storage.sla.calendar import Calendar, CalendarTime

DAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6, "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3,
    "vendredi": 4, "samedi": 5, "dimanche": 6,
}  # fmt: skip
_APOSTROPHE = "['\u2019]"
_BEFORE = rf"(?:before|by|until|avant|d{_APOSTROPHE}ici|jusqu{_APOSTROPHE}à|pour|at|à)"
_CLOCK = re.compile(
    rf"\b{_BEFORE}\s+(?:(\d{{1,2}})\s*(?::|h\b|h(?=\d)|heures?)\s*(\d{{2}})?"
    r"|(\d{1,2})\s*(am|pm)\b|(noon|midi)\b)",
    re.I,
)
_WITHIN = re.compile(
    r"\b(?:within|in the next|sous|dans les|dans|d['\u2019]ici)\s+(\d{1,3})\s*"
    r"(hours?|h\b|heures?|days?|jours?|minutes?|min\b)",
    re.I,
)
_HOUR = re.compile(r"\b(?:within the hour|within an hour|dans l['\u2019]heure)\b", re.I)
_TOMORROW = re.compile(r"\b(?:tomorrow|demain)\b", re.I)
_MORNING = re.compile(r"\b(?:tomorrow morning|demain matin)\b", re.I)
_TODAY = re.compile(
    r"\b(?:today|later today|tonight|this (?:afternoon|evening)|aujourd['\u2019]hui"
    r"|ce soir|cet après-midi|dans la journée)\b",
    re.I,
)
_WEEKDAY = re.compile(rf"\b({'|'.join(DAYS)})\b", re.I)
_EARLY_NEXT_WEEK = re.compile(
    r"\b(?:early next week|(?:en )?début de semaine prochaine)\b", re.I
)
_END_OF_WEEK = re.compile(
    r"\b(?:(?:by )?the end of the week|(?:en |d['\u2019]ici la )?fin de (?:la )?semaine"
    r"|next week|la semaine prochaine)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Moment:
    due: datetime  # aware, in the shop's zone
    words: str  # the words that said it


def end_of_day(day: datetime, calendar: Calendar | CalendarTime) -> datetime:
    hours = calendar.hours[day.weekday()] if isinstance(calendar, Calendar) else ()
    closing = hours[-1][1] if hours else 18 * 60
    midnight = day.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + timedelta(minutes=closing)


def _ahead(local: datetime, weekday: int) -> datetime:
    """The next such weekday, never today."""
    return local + timedelta(days=(weekday - local.weekday() - 1) % 7 + 1)


def _named_day(sentence: str, local: datetime) -> datetime | None:
    if _TOMORROW.search(sentence):
        return local + timedelta(days=1)
    if found := _WEEKDAY.search(sentence):
        return _ahead(local, DAYS[found[1].lower()])
    return None


def _clock(
    match: re.Match[str], local: datetime, day: datetime | None
) -> datetime | None:
    if match[5]:  # noon, midi
        hour, minute = 12, 0
    elif match[3]:  # 2pm
        hour = int(match[3]) % 12 + (12 if match[4].lower() == "pm" else 0)
        minute = 0
    else:
        hour, minute = int(match[1]), int(match[2] or 0)
    if hour > 23 or minute > 59:
        return None
    base = (day or local).date()
    due = datetime.combine(base, time(hour, minute), local.tzinfo)
    return due if due > local else due + timedelta(days=1)


def moments(
    sentence: str, local: datetime, calendar: Calendar | CalendarTime
) -> list[Moment]:
    """Every time the sentence names, from `local` (the moment it is sent)."""
    day = _named_day(sentence, local)
    found: list[Moment] = []
    for m in _CLOCK.finditer(sentence):
        if (due := _clock(m, local, day)) is not None:
            found.append(Moment(due, m[0]))
    for m in _WITHIN.finditer(sentence):
        size = {"h": 3600, "d": 86400, "j": 86400, "m": 60}[m[2][0].lower()]
        found.append(Moment(local + timedelta(seconds=int(m[1]) * size), m[0]))
    for m in _HOUR.finditer(sentence):
        found.append(Moment(local + timedelta(hours=1), m[0]))
    for m in _MORNING.finditer(sentence):
        noon = (local + timedelta(days=1)).replace(hour=12, minute=0, second=0)
        found.append(Moment(noon.replace(microsecond=0), m[0]))
    if not found:
        for m in _TOMORROW.finditer(sentence):
            found.append(Moment(end_of_day(local + timedelta(days=1), calendar), m[0]))
        for m in _WEEKDAY.finditer(sentence):
            ahead = _ahead(local, DAYS[m[1].lower()])
            found.append(Moment(end_of_day(ahead, calendar), m[0]))
    if not found:
        for m in _TODAY.finditer(sentence):
            found.append(Moment(end_of_day(local, calendar), m[0]))
        for m in _EARLY_NEXT_WEEK.finditer(sentence):
            found.append(Moment(end_of_day(_ahead(local, 0), calendar), m[0]))
    if not found:
        for m in _END_OF_WEEK.finditer(sentence):
            if "next" in m[0] or "prochaine" in m[0]:
                friday = _ahead(local, 0) + timedelta(days=4)
            else:
                friday = local + timedelta(days=(4 - local.weekday()) % 7)
            found.append(Moment(end_of_day(friday, calendar), m[0]))
    return found
