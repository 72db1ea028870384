"""`comptoir automation replay`, `outreach` and `intents` through the real CLI,
on the demo inbox built as a user builds it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.support import CliRunner


@pytest.fixture
def demo(comptoir: CliRunner, cli_env: dict[str, str], tmp_path: Path) -> list[str]:
    """The demo inbox and its config (automation on for order_status), built now."""
    cli_env["COMPTOIR_DEMO_DB"] = str(tmp_path / "demo" / "demo.db")
    cli_env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    built = comptoir("demo", "--json")
    assert built.returncode == 0, built.stderr
    paths = json.loads(built.stdout)
    return ["--db", paths["database"], "--config", paths["config"]]


def everything(db: str) -> list[str]:
    """Every row of every table, and the schema: the whole database as SQL."""
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines()]


def test_replay_and_outreach_dry_run_print_and_change_nothing(
    comptoir: CliRunner, demo: list[str]
) -> None:
    before = everything(demo[1])
    replay = comptoir(*demo, "automation", "replay", "--since", "30d", "--json")
    assert replay.returncode == 0, replay.stderr
    plans = lines(replay.stdout)
    actions = {plan["action"] for plan in plans}
    assert {"sent", "drafted", "handed_over"} <= actions
    sent = [p for p in plans if p["action"] == "sent"]
    assert all(p["intent"] == "order_status" and p["order"] for p in sent)
    assert all(str(p["order"]) in str(p["text"]) for p in sent)
    assert any("shows as delivered" in str(p["reason"]) for p in plans)
    human = comptoir(*demo, "automation", "replay", "--since", "30d")
    assert "sent: answered with" in human.stdout and "    | " in human.stdout
    dry = comptoir(*demo, "outreach", "send", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "== unfulfilled" in dry.stdout and "Subject: " in dry.stdout
    listed = lines(comptoir(*demo, "outreach", "list", "--json").stdout)
    assert {d["rule"] for d in listed} == {"unfulfilled", "tracking", "refund"}
    assert everything(demo[1]) == before


def test_outreach_send_records_each_message_on_the_customer(
    comptoir: CliRunner, demo: list[str], tmp_path: Path
) -> None:
    config = Path(demo[3])
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[channels.email]\ntype = "email"\nimap_host = "imap.example.com"\n'
        'username = "bonjour@latheierebleue.fr"\n',
        encoding="utf-8",
    )
    listed = comptoir(*demo, "outreach", "list", "--rule", "tracking", "--json")
    assert listed.returncode == 0, listed.stderr
    first = lines(listed.stdout)[0]
    sent = comptoir(
        *demo, "outreach", "send", "--rule", "tracking", str(first["order"])
    )
    assert sent.returncode == 0, sent.stderr
    outbox = comptoir(*demo, "outbox", "list", "--json")
    (queued,) = lines(outbox.stdout)
    assert queued["recipient"] == first["to"]
    after = lines(
        comptoir(*demo, "outreach", "list", "--rule", "tracking", "--json").stdout
    )
    assert first["order"] not in [d["order"] for d in after]
    shown = json.loads(
        comptoir(
            *demo, "conversations", "show", str(queued["conversation_id"]), "--json"
        ).stdout
    )
    assert any(
        e["kind"] == "auto_message" and e["value"] == "outreach"
        for e in shown["events"]
    )


def test_intents_are_listed_corrected_and_read(
    comptoir: CliRunner, demo: list[str]
) -> None:
    listed = lines(
        comptoir(*demo, "intents", "list", "--since", "400d", "--json").stdout
    )
    counts = {row["intent"]: row["messages"] for row in listed}
    assert counts["order_status"] > 0 and counts["thanks"] > 0
    assert {row["intent"]: row["mode"] for row in listed}["order_status"] == "send"
    wrong = comptoir(*demo, "intents", "set", "1", "teleportation")
    assert wrong.returncode == 1 and "unknown intent" in wrong.stderr
    fixed = comptoir(*demo, "intents", "set", "1", "cancel")  # gift wrap: read as other
    assert fixed.returncode == 0, fixed.stderr
    again = lines(
        comptoir(*demo, "intents", "list", "--since", "400d", "--json").stdout
    )
    assert {r["intent"]: r["messages"] for r in again}["cancel"] == counts["cancel"] + 1
    assert comptoir(*demo, "intents", "read", "--all").returncode == 0
    trained = comptoir(*demo, "intents", "train")
    assert trained.returncode == 0 and "features" in trained.stdout


def test_report_by_intent_leads_back_to_the_conversations(
    comptoir: CliRunner, demo: list[str]
) -> None:
    done = comptoir(*demo, "report", "--by", "intent", "--since", "60d", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {"order_status", "damaged", "thanks"} <= set(report["groups"])
    assert "rate" in report["groups"]["order_status"]["automation"]
    weeks = report["intents"]["weeks"]
    bar = next(bars["damaged"] for bars in weeks.values() if "damaged" in bars)
    assert bar["query"].startswith("intent:damaged after:")
    assert bar["count"] >= len(bar["conversations"]) > 0
    (top, *_) = report["intents"]["products"]["damaged"]
    assert top["count"] > 0 and top["conversations"]
    human = comptoir(*demo, "report", "--by", "intent", "--since", "60d").stdout
    assert "messages per intent and week:" in human
    assert "products named most in damaged messages:" in human


async def test_intent_search_finds_the_bar_s_conversations(
    demo_template: Path, tmp_path: Path
) -> None:
    from storage.connection import open_store
    from storage.queue import queue_ids

    copy = tmp_path / "demo.db"
    shutil.copy(demo_template, copy)
    async with open_store(copy) as store:
        damaged = set(await queue_ids(store, "intent:damaged"))
        thanks = set(await queue_ids(store, "intent:thanks"))
        rows = await store.conn.execute_fetchall(
            "SELECT DISTINCT m.conversation_id FROM message_intents i JOIN messages m "
            "ON m.id = i.message_id WHERE i.intent = 'damaged'"
        )
    assert damaged == {int(r[0]) for r in rows} and damaged
    assert thanks and thanks != damaged
