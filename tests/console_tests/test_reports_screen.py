"""`R`: the reports screen shows the same figures as `comptoir report`, for the
period chosen, and its charts; snapshots at 80x24 and 140x40 (frozen clock)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from console.tui.reports_screen import ReportsScreen
from storage.connection import open_store
from storage.sla.figures import report
from storage.sla.history import active_between
from storage.sla.policy import default_settings
from tests.console_tests.conftest import NOW, MakeApp, screen_text, settle
from tests.console_tests.test_snapshots import Compare, check

PARIS = ZoneInfo("Europe/Paris")


async def expected(db: Path, days: int) -> dict[str, Any]:
    """The figures computed straight from the store, as the CLI does."""
    since, until = int((NOW - timedelta(days=days)).timestamp()), int(NOW.timestamp())
    async with open_store(db) as store:
        histories = await active_between(store, since, until)
    found = report(
        histories, default_settings("Europe/Paris"), since, until, None, PARIS
    )
    return found["all"]


def figure(app: Any, label: str) -> str:
    """The number shown after `label` at the start of a screen line."""
    squashed = label.replace(" ", "")
    for line in screen_text(app).splitlines():
        line = "".join(line.split())
        if line.startswith(squashed):
            found = re.match(r"[\d.]+", line[len(squashed) :])
            assert found, line
            return found.group()
    raise AssertionError(f"{label!r} is not on the screen")


def flat(app: Any) -> str:
    """The screen without spaces (the SVG export drops runs of blanks)."""
    return "".join(screen_text(app).split())


async def test_r_shows_the_period_figures_and_1_to_4_change_the_period(
    make_app: MakeApp, demo_db: Path
) -> None:
    month, week = await expected(demo_db, 30), await expected(demo_db, 7)
    assert month["conversations"] != week["conversations"]  # the switch shows
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, ReportsScreen)
        text = flat(app)
        assert "last30days,24Oct2026to23Nov2026" in text
        assert figure(app, "Conversations") == str(month["conversations"])
        attained = round(month["first_response"]["attainment"] * 100)
        assert figure(app, "SLA first response") == str(attained)
        assert figure(app, "Backlog") == str(month["backlog"]["open"])

        await pilot.press("1")
        await settle(pilot)
        text = flat(app)
        assert "last7days,16Nov2026" in text
        assert figure(app, "Conversations") == str(week["conversations"])

        await pilot.press("escape")
        assert not isinstance(app.screen, ReportsScreen)


async def test_tab_goes_through_the_charts(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        titles = []
        for _ in range(7):
            text = flat(app)
            titles.append(
                next(
                    t
                    for t in (
                        "by weekday",
                        "First response, median hours",
                        "SLA attained per week",
                        "by hour",
                        "per intent, by week",
                        "Products named: damaged",
                    )
                    if t.replace(" ", "") in text
                )
            )
            await pilot.press("tab")
            await settle(pilot)
        assert titles == [
            "by weekday",
            "First response, median hours",
            "SLA attained per week",
            "by hour",
            "per intent, by week",
            "Products named: damaged",
            "by weekday",
        ]


def test_snapshot_reports_at_80_by_24(snap_compare: Compare, make_app: MakeApp) -> None:
    check(snap_compare, make_app, (80, 24), ["R"])


def test_snapshot_reports_at_140_by_40_attainment_chart(
    snap_compare: Compare, make_app: MakeApp
) -> None:
    check(snap_compare, make_app, (140, 40), ["R", "tab", "tab"])
