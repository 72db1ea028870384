"""`c` then `u` on an overdue conversation gives its timers back exactly (issue 11,
point 14): the badge in the queue and `comptoir sla explain` as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.tui.badges import deadline_badge
from tests.console_tests.conftest import NOW, MakeApp, inbox, settle
from tests.support import CliRunner


def _explain(comptoir: CliRunner, db: Path, conversation: int) -> str:
    at = NOW.isoformat()
    done = comptoir("--db", str(db), "sla", "explain", str(conversation), "--at", at)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def console_config(cli_env: dict[str, str]) -> None:
    """The CLI reads what the console's settings say: the default policy, Paris."""
    Path(cli_env["COMPTOIR_CONFIG"]).write_text('[shop]\ntimezone = "Europe/Paris"\n')


@pytest.mark.usefixtures("console_config")
async def test_close_then_undo_restores_the_timers(
    make_app: MakeApp, demo_db: Path, comptoir: CliRunner
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = inbox(pilot)
        conversation = screen.open_id
        assert conversation is not None
        badge = deadline_badge(screen.queue.deadlines[conversation], NOW)
        assert badge.text.strip().startswith("-")  # overdue, as in the issue
        before = _explain(comptoir, demo_db, conversation)
        assert (
            "resolution: breached" in before and "next_response #1: at_risk" in before
        )
        await pilot.press("c")
        await settle(pilot)
        closed = _explain(comptoir, demo_db, conversation)
        assert "next_response #1: met" in closed  # the close stopped it
        await pilot.press("u")
        await settle(pilot)
        assert _explain(comptoir, demo_db, conversation) == before
        assert conversation in screen.queue.ids
        assert deadline_badge(screen.queue.deadlines[conversation], NOW) == badge
        detail = await app.inbox.conversation(conversation)
        assert detail.summary.status == "open"
        assert [e.kind for e in detail.events][-2:] == ["status", "status"]
