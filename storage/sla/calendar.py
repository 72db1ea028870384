"""Business-time arithmetic: opening hours in a time zone, holidays, closures.

A calendar is turned into a sorted list of open intervals in UTC seconds, one
year at a time, with the open seconds before each interval summed up. Measuring
business time is then two bisections, and adding business time one: no loop
over days, and daylight-saving changes are handled once, when the local opening
times of a day are converted to UTC.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A calendar that opens no second within this many years never will.
_SEARCH_YEARS = 12

Interval = tuple[int, int]  # minutes after local midnight, [start, end), end <= 1440
Closure = tuple[date, date, str]  # first and last closed day, inclusive; a name


class NeverOpen(ValueError):
    """The calendar has no opening hours within reach."""


@dataclass(frozen=True, slots=True)
class Holiday:
    day: date
    name: str


@dataclass(frozen=True)
class Calendar:
    """Opening hours per weekday (Monday first), in a time zone, less closed days."""

    name: str
    timezone: str
    hours: tuple[tuple[Interval, ...], ...]
    country: str | None = None
    subdivision: str | None = None
    closed_dates: frozenset[date] = frozenset()
    closures: tuple[Closure, ...] = ()
    _index: _OpenIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.hours) != 7:
            raise ValueError("a calendar needs the hours of seven weekdays")
        object.__setattr__(self, "_index", _OpenIndex(self))

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def day_seconds(self) -> int:
        """A business day: the week's open seconds shared by its open weekdays."""
        days = [sum(b - a for a, b in day) for day in self.hours]
        open_days = [d for d in days if d > 0]
        return sum(open_days) * 60 // len(open_days) if open_days else 86400

    def holidays(self, years: range) -> dict[date, str]:
        """Public holidays, listed dates and closures in these years, by day."""
        found: dict[date, str] = {}
        if self.country:
            import holidays

            try:
                table = holidays.country_holidays(
                    self.country, subdiv=self.subdivision, years=list(years)
                )
            except NotImplementedError as unknown:  # a config not checked in full
                raise ValueError(f"calendar {self.name}: {unknown}") from unknown
            found.update((day, str(name)) for day, name in table.items())
        for day in self.closed_dates:
            if day.year in years:
                found[day] = "closed"
        for first, last, name in self.closures:
            day = max(first, date(years.start, 1, 1))
            while day <= last and day.year in years:
                found[day] = name or "closure"
                day += timedelta(days=1)
        return found

    def next_holidays(self, after: date, count: int = 5) -> list[Holiday]:
        table = self.holidays(range(after.year, after.year + 2))
        days = sorted(d for d in table if d >= after)[:count]
        return [Holiday(d, table[d]) for d in days]

    def add(self, start: int, seconds: int) -> int:
        """The instant (UTC seconds) once `seconds` open seconds after `start`."""
        return self._index.add(start, seconds)

    def measure(self, start: int, end: int) -> int:
        """Open seconds between two instants (negative if `end` is earlier)."""
        index = self._index
        index.cover(min(start, end))
        index.cover(max(start, end))  # both first: a rebuild shifts the sums
        return index.cumulative(end) - index.cumulative(start)

    def open_intervals(
        self, low: int, high: int
    ) -> tuple[list[int], list[int], list[int], list[int]]:
        """Starts, ends, open seconds before and through each open interval, over
        whole years holding `low` and `high` (covered in one go: a later rebuild
        would shift the sums)."""
        index = self._index
        index.cover(low)
        index.cover(high)
        return index.starts, index.ends, index.before, index.through

    def is_open(self, at: int) -> bool:
        return self._index.cumulative(at + 1) > self._index.cumulative(at)


class CalendarTime:
    """Every second counts: targets in calendar time."""

    name = "calendar time"
    day_seconds = 86400

    def add(self, start: int, seconds: int) -> int:
        return start + seconds

    def measure(self, start: int, end: int) -> int:
        return end - start


Clock = Calendar | CalendarTime
CALENDAR_TIME = CalendarTime()


class _OpenIndex:
    """Open intervals of whole years: starts, ends, open seconds before each."""

    def __init__(self, calendar: Calendar) -> None:
        self.calendar = calendar
        self.first_year = self.last_year = 0  # no year built yet
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.before: list[int] = []  # open seconds before interval i
        self.through: list[int] = []  # open seconds up to the end of interval i
        self.low = self.high = 0  # the UTC span the years cover (none yet)

    def _build(self, first: int, last: int) -> None:
        starts: list[int] = []
        ends: list[int] = []
        closed = self.calendar.holidays(range(first, last + 1))
        zone, hours = self.calendar.zone, self.calendar.hours
        day = date(first, 1, 1)
        while day.year <= last:
            if day not in closed:
                midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
                for a, b in hours[day.weekday()]:
                    # Wall-clock arithmetic, then UTC: right on both DST days.
                    lo = int((midnight + timedelta(minutes=a)).timestamp())
                    hi = int((midnight + timedelta(minutes=b)).timestamp())
                    if hi > lo:
                        starts.append(lo)
                        ends.append(hi)
            day += timedelta(days=1)
        before, through, total = [], [], 0
        for lo, hi in zip(starts, ends, strict=True):
            before.append(total)
            total += hi - lo
            through.append(total)
        self.starts, self.ends, self.before, self.through = (
            starts,
            ends,
            before,
            through,
        )
        self.first_year, self.last_year = first, last
        # A day before and after the span: local midnights differ from UTC ones.
        self.low = int(datetime(first, 1, 2, tzinfo=UTC).timestamp())
        self.high = int(datetime(last, 12, 31, tzinfo=UTC).timestamp())

    def cover(self, at: int) -> None:
        if self.low <= at < self.high:
            return
        year = datetime.fromtimestamp(at, UTC).year
        if not self.first_year:
            self._build(year - 1, year + 1)
        else:
            self._build(min(self.first_year, year - 1), max(self.last_year, year + 1))

    def cumulative(self, at: int) -> int:
        """Open seconds from the start of the built span to `at`."""
        self.cover(at)
        i = bisect_right(self.starts, at) - 1
        if i < 0:
            return 0
        return self.before[i] + min(at, self.ends[i]) - self.starts[i]

    def add(self, start: int, seconds: int) -> int:
        if seconds <= 0:
            return start
        if not (self.low <= start < self.high):
            self.cover(start)
        # cumulative(start), inlined: this is the hot path of every deadline
        i = bisect_right(self.starts, start) - 1
        target = seconds
        if i >= 0:
            target += self.before[i] + min(start, self.ends[i]) - self.starts[i]
        for _ in range(_SEARCH_YEARS):
            j = bisect_left(self.through, target)
            if j < len(self.through):
                return self.starts[j] + target - self.before[j]
            # Same first year, so the sums before `start` stay as they were.
            self._build(self.first_year, self.last_year + 1)
        raise NeverOpen(f"calendar {self.calendar.name!r} never opens")


def weekly(spec: dict[str, list[tuple[str, str]]]) -> tuple[tuple[Interval, ...], ...]:
    """Hours from `{"mon": [("09:00", "12:30"), ...]}`; absent days are closed."""

    def minutes(text: str) -> int:
        hours, _, mins = text.partition(":")
        return int(hours) * 60 + int(mins or 0)

    return tuple(
        tuple(sorted((minutes(a), minutes(b)) for a, b in spec.get(day, [])))
        for day in WEEKDAYS
    )


def add_business(start: datetime, seconds: float, calendar: Clock) -> datetime:
    """The instant `seconds` of open time after `start` (aware datetimes, UTC out)."""
    due = calendar.add(int(start.timestamp()), round(seconds))
    return datetime.fromtimestamp(due, UTC)


def business_seconds(a: datetime, b: datetime, calendar: Clock) -> int:
    """Open seconds between two aware datetimes."""
    return calendar.measure(int(a.timestamp()), int(b.timestamp()))
