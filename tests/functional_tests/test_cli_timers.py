"""The timers' hard cases (issue 11, points 13-18), each worked out by hand from
tests/functional_tests/timeline.py and read back with `comptoir sla explain`."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.actions import set_priority, set_status, undo_status
from storage.conversation_edit import merge_conversations, split_conversation
from storage.timewords import format_instant
from tests.functional_tests.timeline import (
    AGENT,
    CONFIG,
    PARIS,
    SHOP,
    act,
    mail,
    monday,
    stamp,
)
from tests.support import CliRunner

ANN = "Ann <ann@example.com>"
BOB = "Bob <bob@example.com>"


@pytest.fixture
def shop(cli_env: dict[str, str], tmp_path: Path) -> Path:
    """The config of timeline.py; the folder the mail files go to."""
    Path(cli_env["COMPTOIR_CONFIG"]).write_text(CONFIG, encoding="utf-8")
    return tmp_path / "mail"


def _explain(comptoir: CliRunner, conversation: int, at: str) -> str:
    done = comptoir("sla", "explain", str(conversation), "--at", f"2026-03-02 {at}")
    assert done.returncode == 0, done.stderr
    return done.stdout


def _import(comptoir: CliRunner, *files: Path) -> None:
    done = comptoir("import", "eml", "-q", *map(str, files))
    assert done.returncode == 0, done.stderr


def test_an_automatic_acknowledgement_from_the_shop_is_no_response(
    comptoir: CliRunner, shop: Path
) -> None:
    """Point 13: Ann writes at 10:00, the shop's responder answers at 10:01; the
    15-minute target passes at 10:15 all the same."""
    _import(
        comptoir,
        mail(shop, "a1", ANN, monday("10:00")),
        mail(
            shop,
            "ack",
            f"Shop <{SHOP}>",
            monday("10:01"),
            "Re: Colis",
            "a1",
            "Auto-Submitted: auto-replied\n",
            to=ANN,
        ),
    )
    assert _explain(comptoir, 1, "11:00").splitlines()[3:6] == [
        "first_response: breached, target 15min calendar (standard), due Mon "
        "2026-03-02 10:15 +01:00; 1h00 business, 1h00 calendar, 45min overdue",
        "  Mon 2026-03-02 10:00 +01:00  started  first customer message",
        "  Mon 2026-03-02 10:15 +01:00  breached the 15min calendar target passed",
    ]
    shown = comptoir("conversations", "show", "1").stdout
    assert "auto_message by automation Shop <shop@example.com>" in shown
    assert "reply_out" not in shown


def _close_and_undo(db: Path) -> None:
    async def change(store: object) -> None:
        made = await set_status(store, 1, "closed", AGENT, at=stamp("10:40"))  # type: ignore[arg-type]
        assert made is not None
        await undo_status(store, 1, made, AGENT, at=stamp("10:41"))  # type: ignore[arg-type]

    act(db, change)


def test_close_then_undo_gives_the_timers_back_exactly(
    comptoir: CliRunner, shop: Path, cli_env: dict[str, str]
) -> None:
    """Point 14, from the store's side (the console's keys: test_undo_timers.py):
    an unanswered conversation closed at 10:40 by mistake and undone at 10:41
    is as if never closed; without the undo, the close stops every timer."""
    _import(comptoir, mail(shop, "a1", ANN, monday("10:00")))
    before = _explain(comptoir, 1, "11:00")
    _close_and_undo(Path(cli_env["COMPTOIR_DB"]))
    assert _explain(comptoir, 1, "11:00") == before
    assert "first_response: breached" in before and "45min overdue" in before
    assert comptoir("conversations", "show", "1", "--json").returncode == 0
    status = json.loads(comptoir("conversations", "show", "1", "--json").stdout)
    assert status["summary"]["status"] == "open"
    act(
        Path(cli_env["COMPTOIR_DB"]),
        lambda store: set_status(store, 1, "closed", AGENT, at=stamp("10:40")),
    )
    closed = _explain(comptoir, 1, "11:00")
    assert "first_response: breached, target 15min calendar" in closed
    assert "Mon 2026-03-02 10:40 +01:00  breached conversation closed" in closed
    period = ("--since", "2026-03-02", "--until", "2026-03-03", "--json")
    (figures,) = json.loads(comptoir("report", *period).stdout)["groups"].values()
    assert figures["reopen_rate"] == 0.0  # the undone close reopened nothing


def test_split_and_merge_take_the_timers_with_the_messages(
    comptoir: CliRunner, shop: Path, cli_env: dict[str, str]
) -> None:
    """Point 15. Ann writes at 10:00, the shop answers at 10:05, Ann asks
    something else at 10:30 in the same thread; the conversation is made
    high priority and tagged vip at 10:10; at 10:40 her second message is
    split off. Bob's second conversation (10:20) is merged at 10:25 into his
    first (written 10:00, answered 10:10)."""
    db = Path(cli_env["COMPTOIR_DB"])
    _import(
        comptoir,
        mail(shop, "a1", ANN, monday("10:00")),
        mail(shop, "r1", f"Shop <{SHOP}>", monday("10:05"), "Re: Colis", "a1", to=ANN),
        mail(shop, "a2", ANN, monday("10:30"), "Re: Colis", "r1"),
        mail(shop, "b1", BOB, monday("10:00"), "Facture"),
        mail(
            shop, "r2", f"Shop <{SHOP}>", monday("10:10"), "Re: Facture", "b1", to=BOB
        ),
        mail(shop, "b2", BOB, monday("10:20"), "Autre chose"),
    )
    shown = json.loads(comptoir("conversations", "show", "1", "--json").stdout)
    second = shown["messages"][-1]["id"]
    act(db, lambda store: set_priority(store, 1, "high", AGENT, at=stamp("10:10")))
    assert comptoir("conversations", "tag", "1", "--tag", "vip").returncode == 0
    act(db, lambda store: split_conversation(store, second, AGENT, at=stamp("10:40")))
    act(db, lambda store: merge_conversations(store, 3, 2, AGENT, at=stamp("10:25")))

    new = json.loads(comptoir("conversations", "show", "4", "--json").stdout)
    assert (new["summary"]["priority"], new["summary"]["tags"]) == ("high", ["vip"])
    # The message split off keeps its timer, under the urgent policy (priority
    # high): 4 business hours from 10:30, due 14:30.
    split_off = _explain(comptoir, 4, "11:00")
    assert (
        "first_response: active, target 4h business (urgent), due Mon 2026-03-02 "
        "14:30 +01:00; 30min business, 30min calendar"
    ) in split_off
    # The original keeps no timer for the message that moved away.
    original = _explain(comptoir, 1, "11:00")
    assert "next_response" not in original
    assert "first_response: met" in original
    # Bob's 10:20 message came with the merge: a next response is due by 11:20.
    merged = _explain(comptoir, 2, "11:00")
    assert (
        "next_response #1: active, target 1h calendar (standard), due Mon "
        "2026-03-02 11:20 +01:00; 40min business, 40min calendar"
    ) in merged


def test_mail_dated_ahead_of_the_clock_takes_the_time_received(
    comptoir: CliRunner, shop: Path
) -> None:
    """Point 16: a customer's clock 20 minutes fast. The file arrived 5
    minutes ago (its time); its Date is 20 minutes ahead."""
    now = int(time.time())
    received = now - 300
    ahead = datetime.fromtimestamp(now + 1200, PARIS)
    path = mail(shop, "fast", ANN, ahead)
    os.utime(path, (received, received))
    _import(comptoir, path)
    explained = comptoir("sla", "explain", "1")
    assert explained.returncode == 0, explained.stderr
    date = datetime.fromtimestamp(now + 1200, UTC).strftime("%Y-%m-%d %H:%M UTC")
    start = format_instant(received, PARIS, weekday=True)
    due = format_instant(received + 900, PARIS, weekday=True)
    assert f"first_response: active, target 15min calendar (standard), due {due}" in (
        explained.stdout
    )
    assert (
        f"  {start}  started  first customer message (received then; its Date, "
        f"{date}, was ahead of the clock)"
    ) in explained.stdout
    shown = comptoir("conversations", "show", "1").stdout
    assert "is ahead of the clock: the time received is used" in shown


def test_each_stop_is_named_for_what_it_was(
    comptoir: CliRunner, shop: Path, cli_env: dict[str, str]
) -> None:
    """Point 17. Ann writes at 10:00; answered 10:05; closed 10:10; Ann writes
    again at 11:00 (reopening it); answered 11:30; closed 12:00. Resolution ran
    10:00-10:10 and 11:00-12:00: 1h10 of its 8 business hours."""
    db = Path(cli_env["COMPTOIR_DB"])
    _import(
        comptoir,
        mail(shop, "a1", ANN, monday("10:00")),
        mail(shop, "r1", f"Shop <{SHOP}>", monday("10:05"), "Re: Colis", "a1", to=ANN),
    )
    act(db, lambda store: set_status(store, 1, "closed", AGENT, at=stamp("10:10")))
    _import(
        comptoir,
        mail(shop, "a2", ANN, monday("11:00"), "Re: Colis", "r1"),
        mail(shop, "r2", f"Shop <{SHOP}>", monday("11:30"), "Re: Colis", "a2", to=ANN),
    )
    act(db, lambda store: set_status(store, 1, "closed", AGENT, at=stamp("12:00")))
    lines = _explain(comptoir, 1, "13:00").splitlines()
    resolution = lines[: lines.index("")]
    assert resolution == [
        # due: were the clock still running, 6h50 more from 12:00, Tuesday 10:50
        "resolution: met, target 1d business (standard), due Tue 2026-03-03 10:50 "
        "+01:00; 1h10 business, 1h10 calendar",
        "  Mon 2026-03-02 10:00 +01:00  started  first customer message",
        "  Mon 2026-03-02 10:10 +01:00  closed   conversation closed",
        "  Mon 2026-03-02 11:00 +01:00  resumed  reopened by the customer",
        "  Mon 2026-03-02 12:00 +01:00  met      conversation closed",
    ]
    assert (
        "next_response #1: met, target 1h calendar (standard), due Mon 2026-03-02 "
        "12:00 +01:00; 30min business, 30min calendar"
    ) in lines


def test_a_breach_stays_a_breach_when_another_policy_applies(
    comptoir: CliRunner, shop: Path, cli_env: dict[str, str]
) -> None:
    """Point 18. Ann writes at 8:00, before opening: the standard 15 minutes run
    out at 8:15. At 10:04, 1h49 late, the conversation is made high priority:
    the urgent policy's 4 business hours from 8:00 would be due at 13:00, but
    the breach stands. Carl's, raised at 8:10 before any breach, takes the
    urgent targets from his first message on."""
    db = Path(cli_env["COMPTOIR_DB"])
    _import(
        comptoir,
        mail(shop, "a1", ANN, monday("08:00")),
        mail(shop, "c1", "Carl <carl@example.com>", monday("08:00"), "Théière"),
    )
    act(db, lambda store: set_priority(store, 1, "high", AGENT, at=stamp("10:04")))
    act(db, lambda store: set_priority(store, 2, "high", AGENT, at=stamp("08:10")))
    late = _explain(comptoir, 1, "10:30").splitlines()
    first = late.index(next(line for line in late if line.startswith("first_response")))
    assert late[first : first + 4] == [
        "first_response: breached, target 15min calendar (standard), due Mon "
        "2026-03-02 08:15 +01:00; 1h30 business, 2h30 calendar, 2h15 overdue",
        "  Mon 2026-03-02 08:00 +01:00  started  first customer message",
        "  Mon 2026-03-02 08:15 +01:00  breached the 15min calendar target passed",
        "  Mon 2026-03-02 10:04 +01:00  policy   policy urgent applies (priority high)",
    ]
    assert (
        "first_response: active, target 4h business (urgent), due Mon 2026-03-02 "
        "13:00 +01:00; 1h30 business, 2h30 calendar"
    ) in _explain(comptoir, 2, "10:30")
