"""The config file: defaults, a valid file, and every mistake reported by line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from zoneinfo import available_timezones

import pytest

from console import shop_zone as config_module
from console.config import (
    Config,
    ConfigError,
    ConfigIssue,
    check_config,
    load_config,
    local_timezone,
    locate_keys,
    resolve_config_path,
)
from console.config_file import write_default_config
from plugins.api import ConfigurationError

Write = Callable[[str], Path]
needs_tzdata = pytest.mark.skipif(
    not available_timezones(), reason="no time zone database on this system"
)


@pytest.fixture(autouse=True)
def fixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")
    monkeypatch.setenv("USER", "lea")
    monkeypatch.delenv("COMPTOIR_CONFIG", raising=False)


@pytest.fixture
def write(tmp_path: Path) -> Write:
    def write(text: str) -> Path:
        path = tmp_path / "config.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def errors(issues: list[ConfigIssue]) -> list[tuple[int | None, str]]:
    return [(i.line, i.message) for i in issues if i.severity == "error"]


def test_no_file_means_defaults(tmp_path: Path) -> None:
    path = tmp_path / "missing.toml"
    config = load_config(path)
    assert config == Config()
    assert config.path is None
    assert config.shop.name == "My shop"
    assert config.shop.addresses == ()
    assert config.shop.timezone == "Europe/Paris"
    assert config.shop.agent == "lea"
    assert config.channels == {}
    assert check_config(path) == []


def test_default_agent_and_zone_fallbacks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("USER")
    monkeypatch.setenv("TZ", "Nowhere/Atlantis")
    monkeypatch.setattr(config_module, "_LOCALTIME", str(tmp_path / "no-localtime"))
    monkeypatch.setattr(config_module, "_TIMEZONE_FILE", str(tmp_path / "no-timezone"))
    assert local_timezone() == "UTC"
    assert load_config(tmp_path / "missing.toml").shop.agent == "Agent"
    (tmp_path / "timezone").write_text("America/Montreal\n")
    monkeypatch.setattr(config_module, "_TIMEZONE_FILE", str(tmp_path / "timezone"))
    assert local_timezone() == "America/Montreal"


def test_a_link_to_the_zone_database_names_the_zone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("TZ")
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Asia/Tokyo")
    monkeypatch.setattr(config_module, "_LOCALTIME", str(link))
    assert local_timezone() == "Asia/Tokyo"


def test_path_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert resolve_config_path(None).name == "config.toml"
    assert resolve_config_path(None).parent.name == "comptoir"
    monkeypatch.setenv("COMPTOIR_CONFIG", str(tmp_path / "env.toml"))
    assert resolve_config_path(None) == tmp_path / "env.toml"
    assert resolve_config_path(tmp_path / "flag.toml") == tmp_path / "flag.toml"


FULL = """\
# The shop
[shop]
name = "Chez Léa"
addresses = ["Support@ChezLea.Example", "orders@chezlea.example"]
timezone = "America/New_York"
agent = "Léa"

[channels.support]
type = "email"
imap_host = "imap.chezlea.example"
username = "support@chezlea.example"
folders = ["INBOX", "Archive"]

[channels."chat box"]
type = "chat"
"""


def test_a_full_valid_file(write: Write) -> None:
    path = write(FULL)
    config = load_config(path)
    assert config.path == path
    assert config.shop.name == "Chez Léa"
    assert config.shop.addresses == (
        "support@chezlea.example",
        "orders@chezlea.example",
    )
    assert config.shop.timezone == "America/New_York"
    assert config.shop.agent == "Léa"
    assert config.channels == {
        "support": {
            "type": "email",
            "imap_host": "imap.chezlea.example",
            "username": "support@chezlea.example",
            "folders": ["INBOX", "Archive"],
        },
        "chat box": {"type": "chat"},
    }
    assert check_config(path) == []


def test_dotted_keys_and_inline_tables_are_read(write: Write) -> None:
    text = 'shop.name = "A"\nchannels.mail = { type = "email", imap_host = "h", username = "u" }\n'
    config = load_config(write(text))
    assert config.shop.name == "A"
    assert config.channels == {
        "mail": {"type": "email", "imap_host": "h", "username": "u"}
    }


def test_syntax_error_names_its_line_and_column(write: Write) -> None:
    path = write('[shop]\nname = "A"\n\n\n\n\nagent = Léa\n')
    assert errors(check_config(path)) == [
        (
            7,
            "invalid TOML: invalid value at column 9 "
            '(text needs quotes, like name = "My shop")',
        ),
    ]
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert isinstance(raised.value, ConfigurationError)  # the CLI exits 2 on it
    assert raised.value.line == 7
    assert raised.value.title == f"{path}:7"


def test_a_key_set_twice(write: Write) -> None:
    issues = check_config(write('[shop]\nname = "a"\nname = "b"\n'))
    assert [(i.line, "set twice" in i.message) for i in issues] == [(3, True)]


def test_addresses_as_a_string(write: Write) -> None:
    path = write('[shop]\nname = "A"\naddresses = "a@b.example"\n')
    [(line, message)] = errors(check_config(path))
    assert line == 3
    assert message.startswith(
        'shop.addresses must be a list of addresses, like ["support@shop.example"]'
    )
    assert 'addresses = ["a@b.example"]' in message


def test_invalid_addresses_point_at_their_own_line(write: Write) -> None:
    text = (
        "[shop]\n"
        "addresses = [\n"
        '  "ok@shop.example",\n'
        '  "nope",\n'
        '  "Shop <s@shop.example>",\n'
        "]\n"
    )
    assert errors(check_config(write(text))) == [
        (4, 'shop.addresses: "nope" is not an email address'),
        (
            5,
            'shop.addresses: "Shop <s@shop.example>" is not an email address; '
            'write just "s@shop.example"',
        ),
    ]


@needs_tzdata
@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("Europe/Pari", "Europe/Paris"),
        ("paris", "Europe/Paris"),
        ("new york", "America/New_York"),
    ],
)
def test_unknown_time_zone_suggests_close_names(
    write: Write, written: str, suggested: str
) -> None:
    [(line, message)] = errors(check_config(write(f'[shop]\ntimezone = "{written}"\n')))
    assert line == 2
    assert message.startswith(f'shop.timezone: unknown time zone "{written}"')
    assert f'did you mean "{suggested}"' in message


def test_unknown_key_suggests_the_closest(write: Write) -> None:
    path = write('[shop]\nname = "A"\n\nadresses = ["a@b.example"]\n')
    assert errors(check_config(path)) == [
        (4, "shop.adresses is not a known setting; did you mean shop.addresses?"),
    ]


def test_unknown_key_in_dotted_and_inline_forms(write: Write) -> None:
    text = 'shop = { name = "A", agnet = "B" }\n'
    assert errors(check_config(write(text))) == [
        (1, "shop.agnet is not a known setting; did you mean shop.agent?"),
    ]
    text = '# x\nshop.name = "A"\nshop.zone = "UTC"\n'
    [(line, message)] = errors(check_config(write(text)))
    assert line == 3
    assert message.startswith("shop.zone is not a known setting")


def test_a_shop_setting_above_the_shop_table(write: Write) -> None:
    path = write('name = "A"\n[shop]\n')
    assert errors(check_config(path)) == [
        (1, "name belongs under [shop]; did you mean shop.name?"),
    ]


def test_wrong_types(write: Write) -> None:
    text = 'shop = "A"\n'
    assert errors(check_config(write(text))) == [
        (1, "shop must be a table, like [shop]")
    ]
    text = "[shop]\nname = 3\nagent = ''\n"
    assert errors(check_config(write(text))) == [
        (2, 'shop.name must be text in quotes, like name = "My shop"'),
        (3, 'shop.agent must be text in quotes, like agent = "Léa"'),
    ]


def test_several_mistakes_are_reported_together(write: Write) -> None:
    text = (
        "[shop]\n"  # 1
        "name = 1\n"  # 2
        'adresses = ["a@b.example"]\n'  # 3
        'timezone = "Mars/Olympus"\n'  # 4
        "\n"  # 5
        "[channels.support]\n"  # 6
        'host = "imap.example"\n'  # 7
        "[channels.chat]\n"  # 8
        "type = 7\n"  # 9
    )
    path = write(text)
    issues = check_config(path)
    assert [(i.line, i.severity) for i in issues] == [
        (2, "error"),
        (3, "error"),
        (4, "error"),
        (6, "error"),
        (9, "error"),
    ]
    assert issues[3].message == 'channels.support needs a type, like type = "email"'
    assert issues[4].message.startswith("channels.chat.type must be a channel type")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert raised.value.line == 2
    assert raised.value.message.endswith(
        "(and 4 more: `comptoir config check` lists them)"
    )


def test_unknown_tables_are_kept_with_a_warning(write: Write) -> None:
    path = write('[shop]\nname = "A"\n\n[widgets]\nsize = "2h"\n[chanels.x]\n')
    issues = check_config(path)
    assert [(i.line, i.severity) for i in issues] == [(4, "warning"), (6, "warning")]
    assert "[widgets] is not a known section" in issues[0].message
    assert issues[1].message.endswith("did you mean [channels]?")
    config = load_config(path)  # warnings alone do not stop anything
    assert config.extra == {"widgets": {"size": "2h"}, "chanels": {"x": {}}}


def test_channels_must_be_tables_and_secrets_are_flagged(write: Write) -> None:
    text = '[channels]\nsms = "x"\n[channels.mail]\ntype = "chat"\ntoken = "p"\n'
    issues = check_config(write(text))
    assert [(i.line, i.severity) for i in issues] == [(2, "error"), (5, "warning")]
    assert issues[0].message.startswith("channels.sms must be a table")
    assert "system keyring" in issues[1].message


def test_email_options_are_checked_and_a_password_is_refused(write: Write) -> None:
    text = (
        '[channels.mail]\ntype = "email"\nimap_host = "imap.example"\n'
        'username = "me"\npassword = "p"\nimap_tls = "ssl"\nimap_prot = 993\n'
    )
    issues = check_config(write(text))
    assert [(i.line, i.severity) for i in issues] == [
        (5, "error"),
        (6, "error"),
        (7, "error"),
    ]
    assert "secrets never go in the config file" in issues[0].message
    assert "*_command" in issues[0].message
    assert 'must be one of "tls", "starttls", "none"' in issues[1].message
    assert (
        "channels.mail.imap_prot is not a setting of this channel" in issues[2].message
    )
    assert "did you mean imap_port?" in issues[2].message


def test_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "bin.toml").write_bytes(b'[shop]\nname = "\xff"\n')
    assert check_config(tmp_path / "bin.toml") == [
        ConfigIssue(2, "error", "not UTF-8 text")
    ]
    [issue] = check_config(tmp_path)  # a directory
    assert issue.line is None
    assert issue.message.startswith("cannot read the file")
    assert issue.format(tmp_path).startswith(f"{tmp_path}: error: cannot read")


def test_locator_skips_multiline_strings_and_arrays() -> None:
    text = (
        "[shop]\n"  # 1
        'name = """\n'  # 2
        "agent = not a key\n"  # 3
        '"""\n'  # 4
        "addresses = [\n"  # 5
        '  ["nested"],\n'  # 6
        "]\n"  # 7
        "'timezone' = 'UTC'\n"  # 8
        '[ channels . "my box" ]\n'  # 9
        "opts = { a = 1, b = 2 }\n"  # 10
    )
    where = locate_keys(text)
    assert where[("shop",)] == 1
    assert where[("shop", "name")] == 2
    assert ("shop", "agent") not in where
    assert ("nested",) not in where
    assert where[("shop", "timezone")] == 8
    assert where[("channels",)] == where[("channels", "my box")] == 9
    assert where[("channels", "my box", "opts", "b")] == 10


def test_default_config_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    write_default_config(
        path, 'Chez "Léa"', ["Support@ChezLea.Example"], "Europe/Paris", "Léa\\Z"
    )
    text = path.read_text(encoding="utf-8")
    assert "keyring" in text
    assert "password" not in text.replace("passwords come", "")
    assert check_config(path) == []
    shop = load_config(path).shop
    assert shop.name == 'Chez "Léa"'
    assert shop.addresses == ("support@chezlea.example",)
    assert shop.timezone == "Europe/Paris"
    assert shop.agent == "Léa\\Z"


@pytest.mark.parametrize(
    "text",
    [
        '[shop]\nname = "x"\ntimezone = "Asia/Tokyo"  # here\n\n[survey]\nenabled = false\n',
        'shop.timezone = "Asia/Tokyo"\n',
        'shop = { name = "x", timezone = "Asia/Tokyo" }\n',
    ],
)
def test_the_quick_zone_reading_agrees_with_the_config(
    tmp_path: Path, text: str
) -> None:
    """`comptoir search` reads the shop's zone without loading the config whole."""
    from console.shop_zone import shop_zone

    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    assert load_config(path).shop.timezone == "Asia/Tokyo"
    assert str(shop_zone(path)) == "Asia/Tokyo"
