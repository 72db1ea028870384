"""The reports screen's recurring problems: a chart per intent and week, the
products named in damaged and return messages, and each bar's conversations."""

from __future__ import annotations

from pathlib import Path

from console.tui.reports_screen import ReportsScreen
from storage.connection import open_store
from storage.queue import queue_ids
from tests.console_tests.conftest import (
    MakeApp,
    inbox,
    intents_read,
    screen_text,
    settle,
)


def flat(app: object) -> str:
    return "".join(screen_text(app).split())  # type: ignore[arg-type]


async def test_a_bar_of_the_intent_chart_opens_its_conversations(
    make_app: MakeApp, demo_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await intents_read(pilot)
        await pilot.press("R")
        await settle(pilot)
        for _ in range(4):
            await pilot.press("tab")
            await settle(pilot)
        text = flat(app)
        assert "Messagesperintent,byweek" in text
        assert "Resolvedalone" in text and "CSATauto/person" in text
        assert "order_status" in text  # the bars' list
        await pilot.press("tab")
        await settle(pilot)
        assert "Productsnamed:damaged" in flat(app)
        for _ in range(5):  # round again, to the intents
            await pilot.press("tab")
            await settle(pilot)
        bars = app.screen.query_one("#report-bars")
        bars.focus()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, ReportsScreen)
        screen = inbox(pilot)
        query = screen.bar.query_text
        assert screen.bar.name_shown == "Report" and query.startswith("intent:")
        async with open_store(demo_db) as store:
            wanted = await queue_ids(store, query)
        assert wanted and sorted(screen.queue.ids) == sorted(wanted)
