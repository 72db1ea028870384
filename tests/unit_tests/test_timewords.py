"""Durations and instants as people type them: one vocabulary for the snooze, the
search, the CLI's options and the config."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from storage.timewords import (
    TimeWordError,
    format_instant,
    format_span,
    future_instant,
    iso_utc,
    parse_duration,
    parse_instant,
)

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 25, 16, 30, tzinfo=PARIS)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2h", datetime(2026, 11, 25, 18, 30, tzinfo=PARIS)),
        ("30min", datetime(2026, 11, 25, 17, 0, tzinfo=PARIS)),
        ("1h 30min", datetime(2026, 11, 25, 18, 0, tzinfo=PARIS)),
        ("3d", datetime(2026, 11, 28, 16, 30, tzinfo=PARIS)),
        ("in 2 hours", datetime(2026, 11, 25, 18, 30, tzinfo=PARIS)),
        ("tomorrow", datetime(2026, 11, 26, 9, 0, tzinfo=PARIS)),
        ("tomorrow 14:15", datetime(2026, 11, 26, 14, 15, tzinfo=PARIS)),
        ("demain 8h", datetime(2026, 11, 26, 8, 0, tzinfo=PARIS)),
        ("monday", datetime(2026, 11, 30, 9, 0, tzinfo=PARIS)),
        ("Wednesday", datetime(2026, 12, 2, 9, 0, tzinfo=PARIS)),  # not today
        ("vendredi 10:00", datetime(2026, 11, 27, 10, 0, tzinfo=PARIS)),
        ("2026-12-01 14:00", datetime(2026, 12, 1, 14, 0, tzinfo=PARIS)),
    ],
)
def test_snooze_times_people_type(text: str, expected: datetime) -> None:
    assert future_instant(text, NOW) == expected


@pytest.mark.parametrize(
    "text", ["", "soon", "tomorrow 25:00", "2020-01-01", "today 8:00", "2h ago"]
)
def test_what_cannot_be_a_future_time_is_refused_with_a_hint(text: str) -> None:
    with pytest.raises(TimeWordError):
        future_instant(text, NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d", datetime(2026, 11, 18, 16, 30, tzinfo=PARIS)),
        ("3mo", datetime(2026, 8, 27, 17, 30, tzinfo=PARIS)),  # 90 days exactly
        ("2w", datetime(2026, 11, 11, 16, 30, tzinfo=PARIS)),
        ("45min", datetime(2026, 11, 25, 15, 45, tzinfo=PARIS)),
        ("yesterday", datetime(2026, 11, 24, 0, 0, tzinfo=PARIS)),
        ("monday", datetime(2026, 11, 23, 0, 0, tzinfo=PARIS)),
        ("2026-05-01", datetime(2026, 5, 1, 0, 0, tzinfo=PARIS)),  # the shop's day
        ("2026-05-01T14:00+00:00", datetime(2026, 5, 1, 14, 0, tzinfo=UTC)),
    ],
)
def test_since_and_after_count_back(text: str, expected: datetime) -> None:
    assert parse_instant(text, NOW, past=True) == expected


def test_a_bare_m_is_refused_as_ambiguous_in_every_use() -> None:
    for attempt in (
        lambda: parse_duration("3m"),
        lambda: parse_instant("3m", NOW, past=True),
        lambda: future_instant("30m", NOW),
    ):
        with pytest.raises(TimeWordError, match=r"min for minutes or \d+mo for months"):
            attempt()


def test_durations_in_seconds() -> None:
    assert parse_duration("30min") == 1800
    assert parse_duration("1 hour") == 3600
    assert parse_duration("2d") == 2 * 86400
    assert parse_duration("1mo") == 30 * 86400
    with pytest.raises(TimeWordError, match="unknown unit 'y'"):
        parse_duration("1y")


def test_instants_are_written_in_the_shops_zone_with_the_offset() -> None:
    summer = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    winter = int(datetime(2026, 12, 1, 12, 0, tzinfo=UTC).timestamp())
    assert format_instant(summer, PARIS) == "2026-07-01 14:00 +02:00"
    assert format_instant(winter, PARIS, weekday=True) == "Tue 2026-12-01 13:00 +01:00"
    assert iso_utc(winter) == "2026-12-01T12:00:00Z"
    assert iso_utc(summer.astimezone(PARIS)) == "2026-07-01T12:00:00Z"
    assert [format_span(s) for s in (59, 600, 3720, 93600)] == [
        "0min",
        "10min",
        "1h02",
        "1d2h",
    ]
