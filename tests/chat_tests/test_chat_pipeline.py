"""The website chat through the core's pipeline, end to end, as a shop runs it
(`comptoir fetch`, a reply queued by the console's code, `comptoir outbox
flush`): a visitor's message reaches the store and the queue; a reply stays in
the core's outbox until the widget server has it; a visitor who left is
answered by e-mail in the same conversation, and is the same customer when
they later write by e-mail."""

from __future__ import annotations

import asyncio
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

from storage.connection import open_store
from storage.outbox import Author
from storage.queue import queue_ids
from storage.sending import send_reply
from tests.chat_tests.live import LiveWidget
from tests.chat_tests.pipeline_support import (
    SHOP,
    Visitor,
    chat_config,
    json_lines,
    ok,
)
from tests.functional_tests.email.conftest import Account, account, smtp, smtp_options
from tests.servers import SmtpServer, free_port
from tests.support import CliRunner

pytestmark = pytest.mark.server
__all__ = ["account", "smtp"]  # fixtures, for this module

CAMILLE = Author("Camille", SHOP)


async def reply(db: Path, conversation_id: int, text: str) -> None:
    """The agent's reply, queued as the console's composer queues it."""
    async with open_store(db) as store:
        await send_reply(store, conversation_id, text, CAMILLE)


async def run(comptoir: CliRunner, *args: str) -> Any:
    return await asyncio.to_thread(comptoir, *args)


async def test_a_chat_reply_waits_in_the_outbox_until_the_widget_server_has_it(
    live_widget: Any, comptoir: CliRunner, cli_env: dict[str, str], tmp_path: Path
) -> None:
    port, widget_file = free_port(), tmp_path / "widget.db"
    live: LiveWidget = live_widget(path=widget_file, port=port)
    chat_config(cli_env, live)
    visitor = Visitor(live)
    try:
        await visitor.start()
        await visitor.say("q1", "Bonjour, avez-vous encore du Sencha ?")
        assert (await run(comptoir, "fetch", "chat")).returncode == 0
        (row,) = json_lines(comptoir, "conversations", "list")
        assert row["channel"] == "chat"
        db = Path(cli_env["COMPTOIR_DB"])
        async with open_store(db) as store:
            assert await queue_ids(store, "is:unanswered") == [row["id"]]

        await asyncio.to_thread(live.stop)  # the shop's web server is down
        await reply(db, row["id"], "Oui, 40 sachets en stock.")
        down = await run(comptoir, "outbox", "flush")
        assert down.returncode != 0 and "chat" in down.stderr
        (entry,) = json_lines(comptoir, "outbox", "list")
        assert (entry["state"], entry["channel"]) == ("queued", "chat")
        assert entry["last_error"]

        live_widget(path=widget_file, port=port)  # back, with its own file
        ok(comptoir, "outbox", "retry", str(entry["id"]))
        ok(comptoir, "outbox", "flush")
        ok(comptoir, "outbox", "flush")  # nothing is sent twice
        (entry,) = json_lines(comptoir, "outbox", "list")
        assert entry["state"] == "sent"
        assert await visitor.replies() == ["Oui, 40 sachets en stock."]
    finally:
        await visitor.close()


def mail_from(key: str, text: str, answering: str = "") -> bytes:
    """Léa's mail to the shop; an answer to `answering` (a Message-ID) if given."""
    head = (
        f"From: Léa Dubois <lea.dubois@example.fr>\r\nTo: {SHOP}\r\n"
        f"Subject: Re: votre colis\r\nMessage-ID: <{key}@example.fr>\r\n"
        "Date: Thu, 03 Dec 2026 10:00:00 +0000\r\n"
        + (f"In-Reply-To: {answering}\r\n" if answering else "")
        + "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
    )
    return f"{head}\r\n{text}\r\n".encode()


async def test_a_visitor_who_left_is_answered_by_email_in_the_same_conversation(
    live_widget: Any,
    account: Account,
    smtp: SmtpServer,
    comptoir: CliRunner,
    cli_env: dict[str, str],
    tmp_path: Path,
) -> None:
    live: LiveWidget = live_widget(away_after=1)
    chat_config(cli_env, live, {**account.options(), **smtp_options(smtp)})
    visitor = Visitor(live)
    try:
        await visitor.start("Léa Dubois", "lea.dubois@example.fr")
        await visitor.say("q1", "Je dois partir, répondez-moi par mail.")
        assert (await run(comptoir, "fetch", "chat")).returncode == 0
        (row,) = json_lines(comptoir, "conversations", "list")
        await asyncio.sleep(1.5)  # longer than away_after: she has left the page
        db = Path(cli_env["COMPTOIR_DB"])
        await reply(db, row["id"], "Votre colis part demain matin.")
        flushed = await run(comptoir, "outbox", "flush")
        assert flushed.returncode == 0, flushed.stderr

        (sent,) = [
            message_from_bytes(e.original_content, policy=policy.default)
            for e in smtp.sink.messages
        ]
        assert sent["To"] == "Léa Dubois <lea.dubois@example.fr>"
        assert "Votre colis part demain matin." in sent.get_body().get_content()  # type: ignore[union-attr]
        (entry,) = json_lines(comptoir, "outbox", "list")
        assert (entry["state"], entry["channel"]) == ("sent", "support")
        assert "lea.dubois@example.fr" in entry["recipient"]
        shown = json_lines(comptoir, "conversations", "show", str(row["id"]))[0]
        assert [m["text"].strip() for m in shown["messages"]] == [
            "Je dois partir, répondez-moi par mail.",
            "Votre colis part demain matin.",
        ]
        # the reply waits in the widget too, for when she comes back
        assert await visitor.replies() == ["Votre colis part demain matin."]

        answer = tmp_path / "answer.eml"
        answer.write_bytes(mail_from("lea-answer", "Merci !", sent["Message-ID"]))
        later = tmp_path / "later.eml"
        later.write_bytes(mail_from("lea-later", "Une autre question."))
        ok(comptoir, "import", "eml", str(answer), str(later))
        rows = {r["id"]: r for r in json_lines(comptoir, "conversations", "list")}
        assert rows[row["id"]]["message_count"] == 3  # her answer, in the same thread
        assert len(rows) == 2  # her new question: a conversation of its own,
        assert len({r["customer_id"] for r in rows.values()}) == 1  # hers
    finally:
        await visitor.close()
