"""`comptoir sla` and `comptoir report` as a user runs them, on a small real store."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from plugins.api import Address, InboundMessage
from storage.actions import Actor, set_status
from storage.connection import open_store
from storage.ingest import IngestItem, ingest_messages
from tests.support import CliRunner

SHOP = Address("Shop", "shop@example.com")
ANN = Address("Ann", "ann@example.com")
CONFIG = """\
[shop]
addresses = ["shop@example.com"]
timezone = "UTC"

[sla.calendars.always]
mon = ["00:00-24:00"]
tue = ["00:00-24:00"]
wed = ["00:00-24:00"]
thu = ["00:00-24:00"]
fri = ["00:00-24:00"]
sat = ["00:00-24:00"]
sun = ["00:00-24:00"]

[[sla.policies]]
name = "tight"
first_response = "1h"
resolution = "1d"
"""
LOOSE = CONFIG.replace('first_response = "1h"', 'first_response = "8h"')


def _mail(n: int, who: Address, to: Address, at: datetime) -> InboundMessage:
    return InboundMessage(
        external_id=f"x{n}",
        raw=f"m{n}".encode(),
        sender=who,
        to=(to,),
        subject="Colis",
        text="?",
        sent_at=at,
        message_id=f"x{n}@example.com",
        in_reply_to=(f"x{n - 1}@example.com",) if n else (),
    )


async def _fill(db: Path, start: datetime) -> None:
    messages = [
        _mail(0, ANN, SHOP, start),
        _mail(1, SHOP, ANN, start + timedelta(hours=2)),
    ]
    async with open_store(db) as store:
        await ingest_messages(
            store,
            "import",
            [IngestItem(m, 0) for m in messages],
            frozenset({SHOP.address}),
        )
        at = int((start + timedelta(hours=3)).timestamp())
        await set_status(store, 1, "closed", Actor("agent", "Camille"), at=at)


@pytest.fixture
def inbox(cli_env: dict[str, str], tmp_path: Path) -> datetime:
    """One conversation answered after 2 hours, then closed."""
    Path(cli_env["COMPTOIR_CONFIG"]).write_text(CONFIG, encoding="utf-8")
    (tmp_path / "loose.toml").write_text(LOOSE, encoding="utf-8")
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=2)
    asyncio.run(_fill(Path(cli_env["COMPTOIR_DB"]), start))
    return start


def test_sla_show_lists_policies_and_calendars(
    comptoir: CliRunner, inbox: datetime
) -> None:
    done = comptoir("sla", "show")
    assert done.returncode == 0, done.stderr
    assert (
        "1. tight  when any: first_response 1h business, resolution 1d business"
        in done.stdout
    )
    shown = json.loads(comptoir("sla", "show", "--json").stdout)
    assert shown["calendars"]["always"]["hours"][0] == "mon 00:00-24:00"


def test_sla_explain_tells_each_timer(comptoir: CliRunner, inbox: datetime) -> None:
    done = comptoir("sla", "explain", "1")
    assert done.returncode == 0, done.stderr
    assert "first_response: breached, target 1h business (tight)" in done.stdout
    assert "1h00 overdue" in done.stdout
    assert "resolution: met" in done.stdout
    timers = json.loads(comptoir("sla", "explain", "1", "--json").stdout)["timers"]
    assert [(t["metric"], t["state"]) for t in timers] == [
        ("resolution", "met"),
        ("first_response", "breached"),
    ]
    missing = comptoir("sla", "explain", "99")
    assert (missing.returncode, missing.stderr.strip()) == (
        1,
        "error: there is no conversation 99",
    )


def test_replay_compares_attainment(
    comptoir: CliRunner, inbox: datetime, tmp_path: Path
) -> None:
    done = comptoir("sla", "replay", "--policy", str(tmp_path / "loose.toml"), "--json")
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["current"]["first_response"] == 0.0
    assert figures["replayed"]["first_response"] == 1.0


def test_report_json_and_csv(comptoir: CliRunner, inbox: datetime) -> None:
    done = comptoir("report", "--since", "7d", "--json")
    assert done.returncode == 0, done.stderr
    group = json.loads(done.stdout)["groups"]["all"]
    assert group["first_response"]["calendar_seconds"]["median"] == 7200
    assert group["first_response"]["attainment"] == 0.0
    assert group["resolution"]["attainment"] == 1.0
    assert group["first_contact_resolution"] == 1.0
    rows = list(
        csv.reader(io.StringIO(comptoir("report", "--by", "channel", "--csv").stdout))
    )
    assert rows[0] == ["group", "figure", "value"]
    assert ["import", "volume.messages_in", "1"] in rows
    bad = comptoir("report", "--by", "colour")
    assert bad.returncode == 2 and "--by 'colour'" in bad.stderr
