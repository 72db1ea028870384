"""A visitor in real headless Chromium and the shop through the core, as the
issue's "done" reads: the visitor's message reaches the store and the queue
(`comptoir fetch`); the agent's reply, queued by the console's code and sent
by `comptoir outbox flush`, shows in the page and stays after a reload; the
rating after close reaches `comptoir report`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from storage.actions import Actor, set_status
from storage.connection import open_store
from storage.outbox import Author
from storage.queue import queue_ids
from storage.sending import send_reply
from tests.chat_tests.browser import Console, browser, needs_chromium
from tests.chat_tests.channel_support import run
from tests.chat_tests.live import LiveWidget, ShopPage
from tests.chat_tests.pipeline_support import SHOP, chat_config, json_lines, ok
from tests.chat_tests.test_widget_browser import console, visit
from tests.chat_tests.widget_page import WidgetPage
from tests.support import CliRunner

pytestmark = [needs_chromium, pytest.mark.server]
__all__ = ["browser", "console", "visit"]  # fixtures, for this module


def test_a_visitor_in_the_browser_and_the_shop_through_the_core(
    live_widget: Callable[..., LiveWidget],
    visit: Callable[..., WidgetPage],
    console: Console,
    comptoir: CliRunner,
    cli_env: dict[str, str],
) -> None:
    live = live_widget(page=ShopPage())
    chat_config(cli_env, live)
    db = Path(cli_env["COMPTOIR_DB"])
    widget = visit(live.site + "/")
    widget.open()
    widget.introduce("Léa Dubois", "lea.dubois@example.fr")
    widget.write("Bonjour, où en est ma commande 1042 ?")
    widget.sent("commande 1042")

    ok(comptoir, "fetch", "chat")
    (row,) = json_lines(comptoir, "conversations", "list")
    assert (row["channel"], row["customer_name"]) == ("chat", "Léa Dubois")

    async def waiting() -> list[int]:
        async with open_store(db) as store:
            return await queue_ids(store, "is:unanswered")

    assert run(waiting) == [row["id"]]

    async def answer() -> None:  # as the console's composer queues a reply
        async with open_store(db) as store:
            await send_reply(
                store, row["id"], "Elle part demain, Léa !", Author("Camille", SHOP)
            )

    run(answer)
    ok(comptoir, "outbox", "flush")
    widget.reply_shown("Elle part demain")
    widget.page.reload()
    WidgetPage(widget.page).reply_shown("Elle part demain")
    assert run(waiting) == []

    async def close() -> None:
        async with open_store(db) as store:
            await set_status(store, row["id"], "closed", Actor("agent", "Camille"))

    run(close)
    ok(comptoir, "surveys", "send")
    ok(comptoir, "outbox", "flush")
    rating = widget.page.locator("form.rating")
    rating.wait_for(timeout=10_000)
    widget.page.click("form.rating .star[data-score='5']")
    widget.page.fill("form.rating textarea", "Très rapide")
    widget.page.click("form.rating button[type=submit]")
    widget.page.locator("li.rated", has_text="5/5").wait_for(timeout=10_000)

    ok(comptoir, "fetch", "chat")
    report = json.loads(ok(comptoir, "report", "--json"))
    assert report["groups"]["all"]["csat"] == {"answers": 1, "satisfied": 1.0}
    (row,) = json_lines(comptoir, "conversations", "list")
    assert row["status"] == "closed"  # a rating does not reopen it
    assert console.problems() == []
