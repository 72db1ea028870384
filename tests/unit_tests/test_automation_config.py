"""`[intents]`, `[automation]` and `[outreach]`: read with defaults, every
mistake named by its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.config import check_config, load_config
from storage.automation.settings import AutomationSettings
from storage.intents.settings import BUILT_IN
from storage.outreach.settings import OutreachSettings

SHOP = '[shop]\naddresses = ["shop@tea.example"]\ntimezone = "UTC"\n'


@pytest.fixture
def path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("COMPTOIR_CONFIG", raising=False)
    return tmp_path / "config.toml"


def test_defaults_answer_nothing_by_themselves(path: Path) -> None:
    path.write_text(SHOP)
    config = load_config(path)
    assert config.intents.intents == BUILT_IN
    assert config.automation == AutomationSettings()
    assert not config.automation.active
    assert config.automation.mode("order_status") == "off"
    assert config.outreach == OutreachSettings()


def test_written_settings_are_read(path: Path) -> None:
    path.write_text(
        SHOP + '[intents]\nextra = ["wholesale"]\ntags = { pro = "wholesale", suivi = '
        '"order_status" }\nrecent_days = 30\n'
        '[automation]\norder_status = "send"\nwholesale = "suggest"\nthreshold = 0.8\n'
        'replies = { order_status = ["suivi", "tracking"] }\nclose_after_send = false\n'
        'max_age = "12h"\ntransit_days = 3\n'
        '[outreach]\nunfulfilled_days = 2\nreplies = { tracking = ["enquete"] }\n'
    )
    config = load_config(path)
    assert config.intents.intents == (*BUILT_IN, "wholesale")
    assert config.intents.tags["pro"] == "wholesale"
    assert config.intents.tags["suivi"] == "order_status"
    assert config.intents.recent_days == 30
    assert config.automation == AutomationSettings(
        {"order_status": "send", "wholesale": "suggest"},
        0.8,
        {"order_status": ("suivi", "tracking")},
        False,
        12 * 3600,
        3,
    )
    assert config.outreach.unfulfilled_days == 2
    assert config.outreach.replies == {"tracking": ("enquete",)}


def test_each_mistake_is_named_by_its_line(path: Path) -> None:
    path.write_text(
        SHOP
        + "[intents]\n"  # line 4
        + 'extra = ["Wholesale!"]\n'  # 5
        + 'tags = { casse = "breakage" }\n'  # 6
        + "[automation]\n"  # 7
        + 'order_status = "always"\n'  # 8
        + "threshold = 1.5\n"  # 9
        + 'max_age = "3m"\n'  # 10
        + 'teleport = "send"\n'  # 11
        + "[outreach]\n"  # 12
        + 'tracking_days = "five"\n'  # 13
        + 'replies = { lost = ["x"] }\n'  # 14
    )
    issues = {
        (i.line, i.message.split(":")[0].split(" ")[0]) for i in check_config(path)
    }
    lines = sorted(line for line, _ in issues)
    assert lines == [5, 6, 8, 9, 10, 11, 13, 14]
    messages = " ".join(i.message for i in check_config(path))
    assert '"Wholesale!" must be a lower-case word' in messages
    assert "'breakage' is no intent" in messages
    assert 'automation.order_status is "off", "suggest" or "send"' in messages
    assert "ambiguous" in messages  # 3m: minutes or months
    assert "teleport is not a known setting" in messages
    assert "outreach.replies.lost: use one of unfulfilled, tracking, refund" in messages
