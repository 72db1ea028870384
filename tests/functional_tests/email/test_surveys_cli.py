"""A survey from closing to CSAT, as cron runs it: aiosmtpd gets the mail, Dovecot
brings the customer's answer back."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime
from email import message_from_bytes
from email.utils import format_datetime
from pathlib import Path

import pytest

from storage.actions import Actor, set_status
from storage.connection import open_store
from storage.outbox import Author, queue_reply
from storage.queue import queue_ids
from tests.functional_tests.email.conftest import SHOP, Account, mail, smtp_options
from tests.functional_tests.email.test_cli_email import configure
from tests.servers import SmtpServer
from tests.support import CliRunner

pytestmark = pytest.mark.server


def answer(survey_id: str, references: str, text: str) -> bytes:
    head = {
        "From": "Ann <ann@example.com>",
        "To": SHOP,
        "Subject": "Re: Tea shop: how did we do?",
        "Message-ID": "<answer1@example.com>",
        "In-Reply-To": survey_id,
        "References": f"{references} {survey_id}",
        "Date": format_datetime(datetime.now(UTC)),
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
    }
    lines = "".join(f"{k}: {v}\r\n" for k, v in head.items())
    return f"{lines}\r\n{text}".encode()


def enable_surveys(config: Path) -> None:
    config.write_text(config.read_text() + '[survey]\nenabled = true\ndelay = "1h"\n')


async def closed_after_a_reply(db: Path) -> None:
    """The shop answered three hours ago and closed the conversation two hours ago."""
    now = int(time.time())
    async with open_store(db) as store:
        await queue_reply(
            store, 1, "It ships today.", Author("Camille", SHOP), at=now - 3 * 3600
        )
        await set_status(store, 1, "closed", Actor("agent", "Camille"), at=now - 7200)


async def test_survey_sent_answered_and_counted(
    account: Account, comptoir: CliRunner, cli_env: dict[str, str], smtp: SmtpServer
) -> None:
    configure(cli_env, account, **smtp_options(smtp))
    off = await asyncio.to_thread(comptoir, "surveys", "send")
    assert (off.returncode, off.stdout) == (2, "")
    assert "surveys are off" in off.stderr
    enable_surveys(Path(cli_env["COMPTOIR_CONFIG"]))
    account.append([mail(1)])
    assert (await asyncio.to_thread(comptoir, "fetch")).returncode == 0
    db = Path(cli_env["COMPTOIR_DB"])
    await closed_after_a_reply(db)

    listed = await asyncio.to_thread(comptoir, "surveys", "send", "--dry-run")
    assert listed.returncode == 0, listed.stderr
    assert (
        listed.stdout.startswith("1\t")
        and "\tsupport\tann@example.com\tQuestion 1\n" in listed.stdout
    )
    closed = listed.stdout.split("\t")[1]  # in the shop's zone, with its offset
    assert closed[-6] in "+-" and closed[-3] == ":", closed
    sent = await asyncio.to_thread(comptoir, "surveys", "send")
    assert (sent.returncode, sent.stdout, sent.stderr) == (0, "", "")
    again = await asyncio.to_thread(comptoir, "surveys", "send", "--dry-run")
    assert (again.returncode, again.stdout) == (0, "")
    flushed = await asyncio.to_thread(comptoir, "outbox", "flush")
    assert flushed.returncode == 0, flushed.stderr

    reply, survey = (message_from_bytes(e.original_content) for e in smtp.sink.messages)
    assert survey["From"] == f"Tea shop <{SHOP}>"
    assert survey["To"] == "Ann <ann@example.com>"
    assert survey["Subject"] == "Tea shop: how did we do?"
    assert survey["Auto-Submitted"] == "auto-generated"
    assert reply["Auto-Submitted"] is None  # a person's reply is not automatic
    assert survey["In-Reply-To"] == reply["Message-ID"]
    assert survey["References"] == f"<q1@example.com> {reply['Message-ID']}"
    body = survey.get_payload(decode=True).decode()
    assert body.startswith("Hello Ann,") and "from 1 (not at all) to 5" in body

    quoted = "\r\n".join(f"> {line}" for line in body.splitlines())
    text = f"4 merci\r\n\r\nLe 2 déc. 2026, Tea shop a écrit :\r\n{quoted}\r\n"
    account.append([answer(survey["Message-ID"], survey["References"], text)])
    fetched = await asyncio.to_thread(comptoir, "fetch")
    assert fetched.returncode == 0, fetched.stderr

    shown = json.loads(comptoir("conversations", "show", "1", "--json").stdout)
    assert shown["summary"]["status"] == "closed"
    kinds = [e["kind"] for e in shown["events"]]
    assert kinds[-2:] == ["auto_message", "survey_answer"]
    assert len(shown["messages"]) == 4  # the survey's copy in Sent is not a fifth
    async with open_store(db) as store:
        assert 1 not in await queue_ids(store, "status:open is:unanswered")
        assert 1 not in await queue_ids(store, "is:unanswered")
    report = json.loads(comptoir("report", "--json").stdout)
    assert report["groups"]["all"]["csat"] == {"answers": 1, "satisfied": 1.0}
    csv = comptoir("report", "--csv").stdout
    assert "all,csat.answers,1\n" in csv and "all,csat.satisfied,1.0\n" in csv
    text_report = comptoir("report").stdout
    assert "csat.satisfied" in text_report and "100.0%" in text_report
