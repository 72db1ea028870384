"""The pieces `comptoir setup` is made of: opening hours, the config writer."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.config import check_config, load_config
from console.config_file import (
    read_document,
    save_document,
    set_channel,
    set_opening_hours,
    set_shop,
)
from console.opening_hours import format_hours, parse_hours

WEEK = ["09:00-12:30", "14:00-18:00"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            "mon-fri 9-18",
            {d: ["09:00-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
        ),
        ("lun-mar 9h-12h30 14h-18h", {"mon": WEEK, "tue": WEEK}),
        ("Monday, Wednesday 09:00-12:30, 14:00-18:00", {"mon": WEEK, "wed": WEEK}),
        ("sat-mon 10-16", {d: ["10:00-16:00"] for d in ("mon", "sat", "sun")}),
        ("fri 9-12:30; fri 14-18:00", {"fri": WEEK}),
        ("sun 20-24", {"sun": ["20:00-24:00"]}),
    ],
)
def test_opening_hours_as_typed(typed: str, expected: dict[str, list[str]]) -> None:
    assert parse_hours(typed) == expected


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("mon-fri", "give days, then hours"),
        ("moon 9-18", '"moon" is not a day'),
        ("mon 18-9", '"18-9" ends before it starts'),
        ("mon 9-25", '"25" is not a time of day'),
        ("mon 24-24", '"24" is not a time of day'),
        ("mon 9-12 11-13", "mon: 09:00-12:00 and 11:00-13:00 overlap"),
        ("", "no opening hours given"),
    ],
)
def test_opening_hours_mistakes_are_named(typed: str, said: str) -> None:
    with pytest.raises(ValueError, match=said):
        parse_hours(typed)


@pytest.mark.parametrize(
    "typed",
    ["mon-fri 09:00-18:00", "mon-fri 09:00-12:30 14:00-18:00; sat 10:00-13:00", "24/7"],
)
def test_opening_hours_read_back_as_written(typed: str) -> None:
    assert format_hours(parse_hours(typed)) == typed


def test_a_new_file_is_commented_and_valid(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    document = read_document(path)
    set_shop(document, "Chez Léa", ["Bonjour@Lea.Example"], "Europe/Paris", "Léa")
    set_opening_hours(document, parse_hours("mon-fri 9-18"))
    set_channel(document, "support", {"type": "email", "imap_host": "imap.lea.example",
                "username": "bonjour@lea.example"}, ["A mailbox."])  # fmt: skip
    save_document(document, path)
    text = path.read_text(encoding="utf-8")
    assert "# No secrets here, ever" in text and "# A mailbox." in text
    assert '# holidays = "FR"' in text
    assert check_config(path) == []
    config = load_config(path)
    assert config.shop.addresses == ("bonjour@lea.example",)
    assert config.channels["support"]["imap_host"] == "imap.lea.example"
    assert path.stat().st_mode & 0o077 == 0  # a new file is the person's alone


def test_changing_hours_keeps_the_calendars_other_lines(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[sla.calendars.boutique]\n# ours\ntimezone = "Europe/Paris"\n'
        'tue = ["09:00-18:00"]\nmon = ["09:00-18:00"]\nholidays = "FR"\n'
        "# end\n",
        encoding="utf-8",
    )
    document = read_document(path)
    set_opening_hours(document, parse_hours("mon 10-12; sat 10-13"))
    save_document(document, path)
    assert path.read_text(encoding="utf-8") == (
        '[sla.calendars.boutique]\n# ours\ntimezone = "Europe/Paris"\n'
        'mon = ["10:00-12:00"]\nsat = ["10:00-13:00"]\nholidays = "FR"\n'
        "# end\n"
    )


def test_a_channel_changes_in_place_and_drops_an_old_password_source(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[channels.support]\ntype = "email"\nimap_host = "old"  # before the move\n'
        'username = "u"\npassword_env = "OLD"\nfolders = ["INBOX", "Ventes"]\n',
        encoding="utf-8",
    )
    document = read_document(path)
    set_channel(
        document,
        "support",
        {"imap_host": "new", "password_command": "pass show x"},
        drop=["password_env"],
    )
    save_document(document, path)
    assert path.read_text(encoding="utf-8") == (
        '[channels.support]\ntype = "email"\nimap_host = "new"  # before the move\n'
        'username = "u"\nfolders = ["INBOX", "Ventes"]\n'
        'password_command = "pass show x"\n'
    )


def test_a_sent_folder_left_on_auto_is_unset_so_the_server_flags_it() -> None:
    from console.setup_mailbox import _folders
    from console.setup_prompts import Asker

    asker = Asker(interactive=False)  # takes each default, as a script would
    assert _folders(asker, {"sent_folder": "Envoyés"}) == {
        "folders": ["INBOX"],
        "sent_folder": "Envoyés",
    }
    assert _folders(asker, {}) == {"folders": ["INBOX"], "sent_folder": None}


def test_writing_a_command_takes_write_access_from_group_and_others(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[shop]\nname = "x"\n', encoding="utf-8")
    path.chmod(0o664)
    document = read_document(path)
    set_channel(document, "support", {"type": "email", "password_command": "pass x"})
    save_document(document, path)
    assert path.stat().st_mode & 0o777 == 0o644
