"""An automatic answer as cron runs it: Dovecot brings the question, the answer
leaves through aiosmtpd marked as a machine's, the timers ignore it, and the
customer writing again goes to a person."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.utils import format_datetime
from pathlib import Path

import pytest

from tests.functional_tests.email.conftest import SHOP, Account, smtp_options
from tests.functional_tests.email.test_cli_email import configure
from tests.servers import SmtpServer
from tests.support import CliRunner

pytestmark = pytest.mark.server

TRACKING = "https://www.laposte.fr/outils/suivre-vos-envois?code=6A42"
SUIVI = (
    "Bonjour {{ customer.first_name }},\n\nVotre commande {{ order.number }} est "
    "partie avec {{ order.carrier }} : {{ order.tracking_url }}\n\nCamille\n"
)


def question(n: int, text: str, at: datetime, answering: str = "") -> bytes:
    head = {
        "From": "Ann Martin <ann@example.com>",
        "To": SHOP,
        "Subject": "Re: Ma commande" if answering else "Ma commande",
        "Message-ID": f"<ask{n}@example.com>",
        "Date": format_datetime(at),
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if answering:
        head |= {
            "In-Reply-To": answering,
            "References": f"<ask1@example.com> {answering}",
        }
    lines = "".join(f"{k}: {v}\r\n" for k, v in head.items())
    return f"{lines}\r\n{text}\r\n".encode()


def orders_file(folder: Path, shipped: datetime) -> Path:
    path = folder / "orders.csv"
    path.write_text(
        "Name,Email,Financial Status,Fulfillment Status,Created at,Fulfilled at,"
        "Currency,Total,Tracking Number,Tracking URL,Lineitem name,Lineitem quantity\n"
        f"#1042,ann@example.com,paid,fulfilled,{shipped - timedelta(days=1):%Y-%m-%d %H:%M:%S +0000},"
        f"{shipped:%Y-%m-%d %H:%M:%S +0000},EUR,24.90,6A42,{TRACKING},Sencha 100 g,1\n",
        encoding="utf-8",
    )
    return path


def automation(config: Path) -> None:
    config.write_text(
        config.read_text() + '[automation]\norder_status = "send"\nthreshold = 0.6\n'
    )


async def test_send_answers_through_smtp_outside_the_timers_then_hands_over(
    account: Account,
    comptoir: CliRunner,
    cli_env: dict[str, str],
    smtp: SmtpServer,
    tmp_path: Path,
) -> None:
    configure(cli_env, account, **smtp_options(smtp))
    automation(Path(cli_env["COMPTOIR_CONFIG"]))
    now = datetime.now(UTC)
    run = comptoir
    added = run("replies", "add", "suivi", "--tag", "order_status", "--body", SUIVI)
    assert added.returncode == 0, added.stderr
    imported = run(
        "import", "orders", str(orders_file(tmp_path, now - timedelta(hours=20)))
    )
    assert imported.returncode == 0, imported.stderr
    account.append([question(1, "Bonjour, où en est ma commande 1042 ? Merci", now)])
    fetched = await asyncio.to_thread(run, "fetch")
    assert fetched.returncode == 0, fetched.stderr
    assert (await asyncio.to_thread(run, "outbox", "flush")).returncode == 0

    (envelope,) = smtp.sink.messages
    answer = message_from_bytes(envelope.original_content)
    assert envelope.rcpt_tos == ["ann@example.com"]
    assert answer["Auto-Submitted"] == "auto-replied"
    assert answer["In-Reply-To"] == "<ask1@example.com>"
    assert answer["Subject"] == "Re: Ma commande"
    body = answer.get_payload(decode=True).decode()
    assert body.startswith("Bonjour Ann,") and "#1042" in body
    assert "La Poste" in body and TRACKING in body

    shown = json.loads(run("conversations", "show", "1", "--json").stdout)
    assert shown["summary"]["status"] == "closed"
    assert [e["kind"] for e in shown["events"] if e["kind"] != "status"] == [
        "message_in",
        "auto_message",
    ]
    (decision,) = shown["automation"]
    assert (decision["action"], decision["reason"]) == (
        "sent",
        "answered with 'suivi' for order #1042",
    )
    timers = json.loads(run("sla", "explain", "1", "--json").stdout)
    first = next(t for t in timers["timers"] if t["metric"] == "first_response")
    assert first["stop_reason"] == "automated"  # no person's response, no judging
    report = json.loads(run("report", "--json").stdout)["groups"]["all"]
    assert report["first_response"]["business_seconds"]["count"] == 0
    assert report["first_response"]["judged"] == 0

    again = question(2, "Toujours rien, le suivi ne bouge pas !", datetime.now(UTC),
                     answering=answer["Message-ID"])  # fmt: skip
    account.append([again])
    fetched = await asyncio.to_thread(run, "fetch")
    assert fetched.returncode == 0, fetched.stderr
    assert (await asyncio.to_thread(run, "outbox", "flush")).returncode == 0
    assert len(smtp.sink.messages) == 1  # nothing more was sent
    shown = json.loads(run("conversations", "show", "1", "--json").stdout)
    assert shown["summary"]["status"] == "open"
    handed = shown["automation"][-1]
    assert handed["action"] == "handed_over"
    assert handed["reason"] == "the customer wrote again after the automatic answer"
    waiting = run("search", "is:unanswered", "--json")
    assert waiting.returncode == 0, waiting.stderr
    human = run("conversations", "show", "1").stdout
    assert "handed_over, the customer wrote again after the automatic answer" in human
