"""Scripts act on conversations as the console's keys do (issue 11, point 21), and
every command writes times in the shop's zone for people, in UTC for scripts
(point 19)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from storage.timewords import format_instant, future_instant
from tests.functional_tests.timeline import CONFIG, PARIS, mail, monday
from tests.support import CliRunner

ANN = "Ann <ann@example.com>"
BOB = "Bob <bob@example.com>"


@pytest.fixture
def two(comptoir: CliRunner, cli_env: dict[str, str], tmp_path: Path) -> None:
    """Ann's conversation 1 (Monday 2 March, 10:00) and Bob's 2 (10:00 too)."""
    Path(cli_env["COMPTOIR_CONFIG"]).write_text(CONFIG, encoding="utf-8")
    folder = tmp_path / "mail"
    files = [
        mail(folder, "a1", ANN, monday("10:00")),
        mail(folder, "b1", BOB, monday("10:00"), "Facture"),
    ]
    done = comptoir("import", "eml", "-q", *map(str, files))
    assert done.returncode == 0, done.stderr


def _events(comptoir: CliRunner, conversation: int) -> list[tuple[str, str | None]]:
    shown = json.loads(
        comptoir("conversations", "show", str(conversation), "--json").stdout
    )
    return [(e["kind"], e["value"]) for e in shown["events"]]


@pytest.mark.usefixtures("two")
def test_status_changes_one_event_each_and_json_lines(comptoir: CliRunner) -> None:
    done = comptoir("conversations", "close", "1", "2", "--json")
    assert done.returncode == 0, done.stderr
    assert [json.loads(line) for line in done.stdout.splitlines()] == [
        {"conversation": 1, "action": "closed", "value": None, "changed": True},
        {"conversation": 2, "action": "closed", "value": None, "changed": True},
    ]
    again = comptoir("conversations", "close", "1")
    assert again.stdout == "1: closed (already)\n"
    assert _events(comptoir, 1).count(("status", "closed")) == 1
    assert comptoir("conversations", "reopen", "1").stdout == "1: open\n"
    assert comptoir("conversations", "pending", "2").stdout == "2: pending\n"
    listed = comptoir("conversations", "list", "--status", "pending").stdout
    assert listed.split()[:2] == ["2", "pending"]


@pytest.mark.usefixtures("two")
def test_a_missing_conversation_is_named_and_the_others_still_change(
    comptoir: CliRunner,
) -> None:
    done = comptoir("conversations", "close", "1", "99", "2")
    assert done.returncode == 1
    assert done.stderr == "error: conversation 99: there is no conversation 99\n"
    assert done.stdout == "1: closed\n2: closed\n"


@pytest.mark.usefixtures("two")
def test_snooze_tag_priority_assign_and_note(comptoir: CliRunner) -> None:
    snoozed = comptoir("conversations", "snooze", "2", "--until", "tomorrow 9:00")
    assert snoozed.returncode == 0, snoozed.stderr
    wake = future_instant("tomorrow 9:00", datetime.now(PARIS))
    shown = comptoir("conversations", "show", "2").stdout
    assert f"status: snoozed until {format_instant(wake, PARIS)}" in shown
    assert comptoir("conversations", "snooze", "2", "--until", "3m").returncode == 2

    tagged = comptoir("conversations", "tag", "1", "2", "--tag", "vip", "-t", "colis")
    assert tagged.stdout == "1: tag vip colis\n2: tag vip colis\n"
    assert comptoir("conversations", "untag", "1", "--tag", "vip").returncode == 0
    assert [v for k, v in _events(comptoir, 1) if k.startswith("tag")] == [
        "vip",
        "colis",
        "vip",
    ]
    assert comptoir("conversations", "priority", "1", "--to", "URGENT").returncode == 0
    wrong = comptoir("conversations", "priority", "1", "--to", "asap")
    assert (wrong.returncode, wrong.stderr) == (
        2,
        "error: --to: unknown priority 'asap': use low, normal, high, urgent\n",
    )
    assert comptoir("conversations", "assign", "1", "--to", "Léa").returncode == 0
    assert comptoir("conversations", "assign", "1", "--nobody").returncode == 0
    assert [v for k, v in _events(comptoir, 1) if k in ("priority", "assignee")] == [
        "urgent",
        "Léa",
        None,
    ]
    noted = comptoir(
        "conversations", "note", "1", "2", input="Appeler le transporteur.\n"
    )
    assert noted.returncode == 0, noted.stderr
    shown = comptoir("conversations", "show", "1").stdout
    assert "## #" in shown and "Appeler le transporteur." in shown
    assert (
        comptoir("conversations", "show", "1").stdout.count("note by agent Camille")
        == 1
    )


@pytest.mark.usefixtures("two")
def test_times_read_in_the_shops_zone_and_write_utc_for_scripts(
    comptoir: CliRunner, tmp_path: Path
) -> None:
    summer = mail(
        tmp_path / "mail", "s1", ANN, datetime(2026, 7, 6, 15, 30, tzinfo=PARIS)
    )
    assert comptoir("import", "eml", "-q", str(summer)).returncode == 0
    listed = comptoir("conversations", "list").stdout
    assert "2026-03-02 10:00 +01:00" in listed and "2026-07-06 15:30 +02:00" in listed
    shown = comptoir("conversations", "show", "1").stdout
    assert "<- #1 2026-03-02 10:00 +01:00 Ann <ann@example.com>" in shown
    assert "  2026-03-02 10:00 +01:00 message_in by customer" in shown
    as_json = json.loads(comptoir("conversations", "show", "1", "--json").stdout)
    assert as_json["messages"][0]["sent_at"] == "2026-03-02T09:00:00Z"
    assert as_json["events"][0]["at"] == "2026-03-02T09:00:00Z"
    timers = json.loads(
        comptoir("sla", "explain", "1", "--at", "2026-03-02 10:05", "--json").stdout
    )
    assert timers["at"] == "2026-03-02T09:05:00Z"
    first = next(t for t in timers["timers"] if t["metric"] == "first_response")
    assert (first["started"], first["due"], first["state"]) == (
        "2026-03-02T09:00:00Z",
        "2026-03-02T09:15:00Z",
        "active",
    )
    assert first["steps"][0] == {
        "at": "2026-03-02T09:00:00Z",
        "what": "started",
        "why": "first customer message",
    }
    found = comptoir("search", "Message", "s1.").stdout
    assert "2026-07-06 15:30 +02:00" in found
    hit = json.loads(comptoir("search", "--json", "s1").stdout.splitlines()[0])
    assert hit["sent_at"] == "2026-07-06T13:30:00Z"
    report = comptoir("report", "--since", "2026-03-01", "--until", "2026-03-03")
    assert report.stdout.startswith(
        "2026-03-01 00:00 +01:00 to 2026-03-03 00:00 +01:00"
    )
    figures = json.loads(
        comptoir(
            "report", "--since", "2026-03-01", "--until", "2026-03-03", "--json"
        ).stdout
    )
    assert (figures["since"], figures["until"]) == (
        "2026-02-28T23:00:00Z",
        "2026-03-02T23:00:00Z",
    )


def test_the_reference_and_the_help_name_every_action(comptoir: CliRunner) -> None:
    helped = comptoir("conversations", "--help").stdout
    verbs = [
        "close",
        "reopen",
        "pending",
        "snooze",
        "tag",
        "untag",
        "priority",
        "assign",
        "note",
    ]
    assert all(f"  {verb} " in helped for verb in verbs)
