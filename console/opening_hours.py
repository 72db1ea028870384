"""Opening hours as a person types them, and back: "mon-fri 9-12:30 14-18; sat 10-13".

Days are English or French, in full or by their first letters (`mon`, `lundi`,
`jeu`); ranges wrap (`sat-mon`); times are `9`, `9:30`, `09h30` or `24:00` at
the end of a day; `24/7` opens every hour. The result is what `[sla.calendars]`
takes: each weekday's list of "HH:MM-HH:MM".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import pairwise

from console.i18n import _
from storage.sla.calendar import WEEKDAYS

Hours = dict[str, list[str]]
DEFAULT_HOURS = "mon-fri 09:00-18:00"
_FRENCH = {"lun": "mon", "mar": "tue", "mer": "wed", "jeu": "thu", "ven": "fri"}
_FRENCH |= {"sam": "sat", "dim": "sun"}
_TIME = re.compile(r"(\d{1,2})(?:[:h](\d{2}))?h?")


def _day(word: str) -> str:
    short = word.strip().lower()[:3]
    day = _FRENCH.get(short, short)
    if day not in WEEKDAYS:
        said = _('"{word}" is not a day (mon ... sun, or lun ... dim)')
        raise ValueError(said.format(word=word))
    return day


def _days(text: str) -> list[str]:
    days: list[str] = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        start = WEEKDAYS.index(_day(first))
        end = WEEKDAYS.index(_day(last)) if last else start
        span = (end - start) % 7
        days += [WEEKDAYS[(start + n) % 7] for n in range(span + 1)]
    return days


def _minutes(text: str, end: bool) -> int:
    found = _TIME.fullmatch(text.strip().lower())
    if not found:
        raise ValueError(
            _('"{text}" is not a time (like 9, 9:30 or 14h)').format(text=text)
        )
    hours, minutes = int(found[1]), int(found[2] or 0)
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not end)):
        raise ValueError(_('"{text}" is not a time of day').format(text=text))
    return hours * 60 + minutes


def _span(text: str) -> str:
    first, dash, last = text.partition("-")
    if not dash:
        said = _('"{text}" is not a span of hours (like 9-18)')
        raise ValueError(said.format(text=text))
    start, end = _minutes(first, False), _minutes(last, True)
    if end <= start:
        raise ValueError(_('"{text}" ends before it starts').format(text=text))
    return f"{start // 60:02}:{start % 60:02}-{end // 60:02}:{end % 60:02}"


def parse_hours(text: str) -> Hours:
    """{"mon": ["09:00-18:00"], ...}; raises ValueError naming the bad part."""
    if text.strip().lower() in ("24/7", "24h/24", "always"):
        return {day: ["00:00-24:00"] for day in WEEKDAYS}
    hours: Hours = {}
    for group in filter(str.strip, re.split(r"[;\n]", text)):
        found = re.fullmatch(r"\s*(\D+?)\s*(\d.*?)\s*", group)
        if not found:
            said = _('"{text}": give days, then hours (mon-fri 9-18)')
            raise ValueError(said.format(text=group.strip()))
        parts = re.split(r"[\s,]+", found[2])
        for day in _days(re.sub(r"\s+", "", found[1])):
            hours[day] = sorted({*hours.get(day, []), *map(_span, parts)})
    if not hours:
        raise ValueError(_("no opening hours given"))
    for day, spans in hours.items():
        _no_overlap(day, spans)
    return {day: hours[day] for day in WEEKDAYS if day in hours}


def _no_overlap(day: str, spans: Sequence[str]) -> None:
    for before, after in pairwise(spans):
        if after[:5] < before[6:]:
            said = _("{day}: {before} and {after} overlap")
            raise ValueError(said.format(day=day, before=before, after=after))


def format_hours(hours: Mapping[str, Sequence[str]]) -> str:
    """The short form back: days with the same hours grouped, "mon-fri 09:00-18:00"."""
    groups: list[tuple[list[str], tuple[str, ...]]] = []
    for day in WEEKDAYS:
        spans = tuple(hours.get(day, ()))
        if not spans:
            continue
        previous = groups[-1] if groups else None
        follows = (
            previous and WEEKDAYS.index(previous[0][-1]) == WEEKDAYS.index(day) - 1
        )
        if previous and follows and previous[1] == spans:
            previous[0].append(day)
        else:
            groups.append(([day], spans))
    if len(groups) == 1 and len(groups[0][0]) == 7 and groups[0][1] == ("00:00-24:00",):
        return "24/7"
    return "; ".join(
        f"{days[0]}{'-' + days[-1] if len(days) > 1 else ''} {' '.join(spans)}"
        for days, spans in groups
    )
