"""The [sla] table: a default when absent, the demo's read whole, mistakes by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.config import check_config, load_config
from console.config_sla import sla_settings
from console.demo import data

BAD = """\
[shop]
timezone = "Europe/Paris"
[sla.calendars.x]
mon = ["9-17", "10:00-09:00"]
holidays = "ZZ"
[[sla.policies]]
name = "a"
first_response = "4h"
[[sla.policies]]
name = "b"
priority = "urgnt"
first_response = "soon"
calendar = "y"
colour = 1
"""


@pytest.fixture(autouse=True)
def paris(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")


def test_no_sla_table_means_office_hours_and_the_standard_policy(
    tmp_path: Path,
) -> None:
    settings = sla_settings(load_config(tmp_path / "none.toml"))
    (policy,) = settings.policies
    assert policy.name == "standard"
    assert {m: str(t) for m, t in policy.targets.items()} == {
        "first_response": "4h business",
        "next_response": "8h business",
        "resolution": "3d business",
    }
    calendar = settings.calendars[policy.calendar]
    assert calendar.timezone == "Europe/Paris"
    assert calendar.hours[0] == ((540, 1080),) and calendar.hours[5] == ()


def test_the_demo_config_reads_whole(tmp_path: Path) -> None:
    path = tmp_path / "demo.toml"
    path.write_text('[shop]\nname = "x"\n' + data.SLA, encoding="utf-8")
    assert check_config(path) == []
    settings = sla_settings(load_config(path))
    assert [p.name for p in settings.policies] == ["urgent", "chat", "standard"]
    chat = settings.policies[1]
    assert str(chat.targets["first_response"]) == "15min calendar"
    assert chat.channels == {"chat"} and chat.calendar == "boutique"
    boutique = settings.calendars["boutique"]
    assert boutique.hours[0] == ((540, 750), (840, 1080))
    assert boutique.country == "FR" and boutique.closures[0][2] == "congés d'été"


def test_mistakes_are_reported_by_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(BAD, encoding="utf-8")
    found = [(i.line, i.message.split(";")[0]) for i in check_config(path)]
    assert found == [
        (3, "calendar x opens no hour"),
        (4, 'mon: "9-17" is not hours'),
        (4, 'mon: "10:00-09:00" ends before it starts'),
        (5, "holidays: unknown country 'ZZ'"),
        (11, "b: unknown priority 'urgnt'"),
        (
            12,
            "first_response: 'soon' is not a target like "
            '"30min", "4h", "2d" or "8h calendar"',
        ),
        (13, "b: no calendar 'y' (business-hours)"),
        (14, "sla.policies.2.colour is not a known setting"),
    ]
