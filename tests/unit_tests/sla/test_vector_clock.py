"""The bulk calendar arithmetic's lookups by the minute give exactly what a
bisection gives, for instants anywhere in a second, at the span's edges and
outside it."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from storage.sla.calendar import WEEKDAYS, Calendar, weekly
from storage.sla.vector_clock import ByMinute, VectorClock

SHOP = Calendar(
    "shop",
    "Europe/Paris",
    weekly({d: [("09:00", "12:30"), ("14:00", "18:00")] for d in WEEKDAYS[:5]}),
    country="FR",
)
LOW = int(datetime(2026, 3, 2, 8, 59, 59, tzinfo=UTC).timestamp())
HIGH = LOW + 40 * 86400


@pytest.mark.parametrize("side", ["left", "right"])
def test_the_table_answers_as_a_bisection(side: str) -> None:
    starts = np.asarray(SHOP.open_intervals(LOW, HIGH)[0], dtype=np.int64)
    found = ByMinute.of(starts, "left" if side == "left" else "right", LOW, HIGH)
    assert found is not None
    rng = np.random.default_rng(1)
    edges_and_near = np.concatenate([starts + d for d in (-61, -60, -1, 0, 1, 59, 60)])
    inside = edges_and_near[(edges_and_near >= LOW) & (edges_and_near <= HIGH)]
    values = np.concatenate([rng.integers(LOW, HIGH + 1, 20_000), inside, [LOW, HIGH]])
    expected = np.searchsorted(starts, values, side=found.side)
    assert np.array_equal(found.find(values), expected)
    outside = np.array([LOW - 3600, HIGH + 86400], dtype=np.int64)  # bisected
    assert np.array_equal(
        found.find(outside), np.searchsorted(starts, outside, side=found.side)
    )


def test_no_table_for_edges_off_the_minute_or_a_span_too_long() -> None:
    assert ByMinute.of(np.array([60, 90, 180]), "right", 0, 600) is None
    assert ByMinute.of(np.array([60, 120]), "right", 0, 10**9) is None


def test_the_clock_adds_and_measures_as_the_calendar() -> None:
    clock = VectorClock.of(SHOP, LOW, HIGH)
    assert clock.at_start is not None and clock.at_through is not None
    rng = np.random.default_rng(2)
    starts = rng.integers(LOW, LOW + 20 * 86400, 2_000)
    seconds = rng.integers(0, 5 * 86400 // 4, 2_000)
    due = clock.add(starts, seconds)
    assert due.tolist() == [
        SHOP.add(int(s), int(n)) for s, n in zip(starts, seconds, strict=True)
    ]
    used = clock.cumulative(due) - clock.cumulative(starts)
    assert used.tolist() == [
        SHOP.measure(int(s), int(d)) for s, d in zip(starts, due, strict=True)
    ]
