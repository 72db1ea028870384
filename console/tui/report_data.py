"""The figures the reports screen shows, computed off the event loop.

The figures are pure Python over every conversation active in the period, so
they run in a thread: the screen keeps answering keys while a big shop's month
is counted.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from console.recurring import Recurring, recurring
from storage.connection import Store
from storage.sla.figures import Figures, all_timers, figures_for, report
from storage.sla.history import History, active_between
from storage.sla.policy import SlaSettings


@dataclass(frozen=True, slots=True)
class ReportData:
    since: datetime
    until: datetime
    overall: dict[str, Any]  # storage.sla.figures.figures_for's nested dict
    weekly: dict[str, dict[str, Any]]  # "2026-W47" -> figures of that week's starts
    recurring: Recurring | None = None  # intents per week, products named


def _compute(
    histories: list[History], sla: SlaSettings, since: int, until: int, zone: ZoneInfo
) -> tuple[Figures, dict[str, Figures]]:
    timers = all_timers(histories, sla, until)  # once for both groupings
    overall = report(histories, sla, since, until, None, zone, timers)
    weekly = report(histories, sla, since, until, "week", zone, timers)
    if "all" not in overall:  # nothing happened in the period
        return figures_for([], {}, since, until, zone), weekly
    return overall["all"], weekly


async def load_report(
    store: Store, sla: SlaSettings, zone: ZoneInfo, now: datetime, days: int
) -> ReportData:
    since = now - timedelta(days=days)
    start, end = int(since.timestamp()), int(now.timestamp())
    histories = await active_between(store, start, end)
    overall, weekly = await asyncio.to_thread(
        _compute, histories, sla, start, end, zone
    )
    problems = await recurring(store, histories, start, end, zone)
    return ReportData(since, now, overall, weekly, problems)
