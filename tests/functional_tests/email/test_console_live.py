"""The console with a real mailbox: new mail shows up by itself, a reply goes out."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest

from console.tui.app import ComptoirApp
from console.tui.inbox_data import Settings
from console.tui.inbox_screen import InboxScreen
from storage.survey_settings import SurveySettings
from tests.functional_tests.email.conftest import SHOP, Account, mail, smtp_options
from tests.servers import SmtpServer

pytestmark = pytest.mark.server


def live_settings(
    account: Account, smtp: SmtpServer, tmp_path: Path, **extra: Any
) -> Settings:
    """The shop's inbox on the test Dovecot, replies out through the test SMTP."""
    return Settings(
        db_path=tmp_path / "inbox.db",
        shop_name="La Théière Bleue",
        shop_address=SHOP,
        agent="Camille",
        channels={"support": account.options(**smtp_options(smtp))},
        shop_addresses=(SHOP,),
        **extra,
    )


async def wait_until(check: object, limit: float) -> float:
    """Seconds it took for `check()` to be true; fails after `limit` seconds."""
    began = time.monotonic()
    while not check():  # type: ignore[operator]
        if time.monotonic() - began > limit:
            raise AssertionError("timed out")
        await asyncio.sleep(0.05)
    return time.monotonic() - began


async def test_mail_arrives_by_itself_and_a_reply_is_sent_once(
    account: Account, smtp: SmtpServer, tmp_path: Path
) -> None:
    app = ComptoirApp(live_settings(account, smtp, tmp_path))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause(1.5)  # the watcher's first sync of the empty mailbox
        screen = app.screen
        assert isinstance(screen, InboxScreen) and screen.queue.ids == []
        account.append([mail(1)])
        waited = await wait_until(lambda: len(screen.queue.ids) == 1, limit=5)
        assert waited < 2.0, f"new mail took {waited:.2f} s to reach the queue"
        await pilot.pause(0.3)
        conversation = screen.queue.ids[0]
        await pilot.press("r", *"It has shipped.", "ctrl+s")
        await wait_until(lambda: len(smtp.sink.messages) == 1, limit=10)
        await pilot.pause(0.5)
        sent = smtp.sink.messages[0].original_content
        assert b"It has shipped." in sent and b"In-Reply-To: <q1@example.com>" in sent
        states = await app.inbox.outbox_of(conversation)
        assert [state for state, _ in states.values()] == ["sent"]
        screen.automations.send_now()  # a second flush sends nothing again
        await pilot.pause(1.0)
        assert len(smtp.sink.messages) == 1


async def test_closing_sends_the_satisfaction_survey_when_it_is_due(
    account: Account, smtp: SmtpServer, tmp_path: Path
) -> None:
    settings = live_settings(
        account,
        smtp,
        tmp_path,
        survey=SurveySettings(enabled=True, delay=0),
        survey_senders={"support": SHOP},
    )
    account.append([mail(1)])
    app = ComptoirApp(settings)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        await wait_until(lambda: len(screen.queue.ids) == 1, limit=5)
        await pilot.pause(0.3)
        conversation = screen.queue.ids[0]
        await pilot.press("r", *"It has shipped.", "ctrl+s")
        await wait_until(lambda: len(smtp.sink.messages) == 1, limit=10)
        assert b"How happy" not in smtp.sink.messages[0].original_content
        # Answered, it left the queue; closed, its survey is due at once (delay 0).
        await app.inbox.set_status(conversation, "closed")
        screen.automations.queue_surveys()  # its own timer, every few minutes
        await wait_until(lambda: len(smtp.sink.messages) == 2, limit=10)
        survey = smtp.sink.messages[1].original_content
        assert b"How happy are you" in survey
        assert b"In-Reply-To:" in survey
        screen.automations.queue_surveys()  # one survey per closing, however often
        screen.automations.send_now()
        await pilot.pause(1.0)
        assert len(smtp.sink.messages) == 2
