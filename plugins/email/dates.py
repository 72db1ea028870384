"""Dates in RFC 5322's own form, read by one regex.

Nearly every mailer writes `Tue, 1 Dec 2026 14:34:00 +0100`, which the stdlib's
`parsedate_to_datetime` reads in a dozen steps of Python. Any other form is
left to the stdlib (plugins.email.headers.sent_at).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache

# RFC 5322's own form of a date, as nearly every mailer writes it (a comment
# may follow). A year below 1000 and the zone -0000 are read by the stdlib.
_MONTHS: tuple[str, ...] = ("Jan", "Feb", "Mar", "Apr", "May", "Jun")
_MONTHS += ("Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PLAIN_DATE = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?([0-9]{1,2}) ("
    + "|".join(_MONTHS)
    + r") ([1-9][0-9]{3}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([+-][0-9]{4})(?: .*)?"
)
_MONTH_NUMBERS = {name: number for number, name in enumerate(_MONTHS, 1)}


def plain_date(text: str) -> datetime | None:
    """What `parsedate_to_datetime` gives for the plain form (errors too), in
    one regex where the stdlib takes a dozen steps; None for any other form."""
    found = _PLAIN_DATE.fullmatch(text)
    if found is None or found[7] == "-0000":
        return None
    day, month, year, hour, minute, second, zone = found.groups()
    numbers = (int(year), _MONTH_NUMBERS[month], int(day))
    clock = (int(hour), int(minute), int(second))
    return datetime(*numbers, *clock, tzinfo=_zone(zone))


@lru_cache(maxsize=256)
def _zone(zone: str) -> timezone:
    """+hhmm as the stdlib reads it (+0060 is an hour; 24 hours or more raise)."""
    sign = -1 if zone[0] == "-" else 1
    seconds = int(zone[1:3]) * 3600 + int(zone[3:5]) * 60
    return timezone(timedelta(seconds=sign * seconds))
