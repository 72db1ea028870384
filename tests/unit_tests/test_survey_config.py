"""The `[survey]` table: read with defaults, every mistake named by its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.config import check_config, load_config
from console.config_survey import survey_senders
from storage.survey_settings import DEFAULT_QUESTION, SurveySettings

SHOP = '[shop]\naddresses = ["shop@tea.example"]\ntimezone = "UTC"\n'
EMAIL = 'type = "email"\nimap_host = "imap.tea.example"\nusername = "shop"\n'
CHANNELS = (
    f'[channels.support]\n{EMAIL}address = "support@tea.example"\n'
    f'[channels.orders]\n{EMAIL}address = "orders@tea.example"\n'
)


@pytest.fixture
def path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("COMPTOIR_CONFIG", raising=False)
    return tmp_path / "config.toml"


def test_off_by_default_and_read_when_written(path: Path) -> None:
    path.write_text(SHOP)
    assert load_config(path).survey == SurveySettings()
    path.write_text(
        SHOP + CHANNELS + '[survey]\nenabled = true\nchannels = ["support"]\n'
        'delay = "2h"\nwithin = "7 days"\nsubject = "Votre avis"\n'
    )
    config = load_config(path)
    assert config.survey == SurveySettings(
        True, ("support",), 7200, 7 * 86400, "Votre avis", DEFAULT_QUESTION
    )
    assert survey_senders(config) == {"support": "support@tea.example"}


def test_channel_types_choose_every_instance_of_the_type(path: Path) -> None:
    path.write_text(SHOP + CHANNELS + "[survey]\nenabled = true\n")
    assert survey_senders(load_config(path)) == {
        "support": "support@tea.example",
        "orders": "orders@tea.example",
    }


def test_mistakes_are_named_by_line(path: Path) -> None:
    path.write_text(
        SHOP  # lines 1-3
        + "[survey]\n"  # 4
        'enabled = "yes"\n'  # 5
        'delay = "soon"\n'  # 6
        'within = "0d"\n'  # 7
        'question = "Hello {{ customer.first_name "\n'  # 8
        "chanels = []\n"  # 9
        'subject = "{{ ask(\\"Order\\") }}"\n'  # 10
    )
    found = [(i.line, i.severity, i.message) for i in check_config(path)]
    assert found == [
        (5, "error", "survey.enabled is true or false"),
        (6, "error", "survey.delay: 'soon' is not a duration like \"1h\", \"30min\" "
         'or "14d"'),
        (7, "error", "survey.within: '0d' is not a duration like \"1h\", \"30min\" "
         'or "14d" (more than 0)'),
        (8, "error", "survey.question: line 1: unexpected end of template, "
         "expected 'end of print statement'."),
        (9, "error", "survey.chanels is not a known setting; did you mean "
         "survey.channels?"),
        (10, "error", "survey.subject: cannot ask for values (ask(...))"),
    ]  # fmt: skip


def test_a_channel_that_is_not_configured_is_a_warning(path: Path) -> None:
    path.write_text(SHOP + CHANNELS + '[survey]\nenabled = true\nchannels = ["chat"]\n')
    found = [(i.line, i.severity, i.message) for i in check_config(path)]
    assert found == [
        (16, "warning", 'survey.channels: "chat" is no configured channel or type')
    ]


def test_some_channels_get_a_delay_of_their_own(path: Path) -> None:
    chat = '[channels.site]\ntype = "chat"\nurl = "https://chat.tea.example"\n'
    path.write_text(
        SHOP
        + CHANNELS
        + chat
        + '[survey]\nenabled = true\nchannels = ["email", "chat"]\n'
        'delay = "2h"\ndelays = { chat = "0min", orders = "30min" }\n'
    )
    survey = load_config(path).survey
    assert survey.delays == {"site": 0, "orders": 1800}
    assert [survey.delay_for(n) for n in ("site", "orders", "support")] == [
        0,
        1800,
        7200,
    ]
    path.write_text(
        SHOP + CHANNELS + "[survey]\nenabled = true\n"
        'delays = { sms = "1h", support = "soon" }\n'
    )
    issues = [(i.line, i.severity, i.message) for i in check_config(path)]
    assert (16, "warning", 'survey.delays.sms: "sms" is no configured channel or type') in issues  # fmt: skip
    assert any(
        line == 16 and level == "error" and message.startswith("survey.delays.support: 'soon'")
        for line, level, message in issues
    )  # fmt: skip
