"""shop.languages, [replies] and [signatures]: read with defaults, every
mistake named by its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.config import check_config, load_config
from console.reply_settings import DEFAULT_MAX_ATTACHMENTS, ReplySettings
from storage.languages import DEFAULT_LANGUAGES


@pytest.fixture
def path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("COMPTOIR_CONFIG", raising=False)
    return tmp_path / "config.toml"


def test_defaults_without_the_tables(path: Path) -> None:
    path.write_text('[shop]\nname = "Thé"\n')
    config = load_config(path)
    assert config.shop.languages == DEFAULT_LANGUAGES
    assert config.replies == ReplySettings()
    assert config.replies.max_attachments == DEFAULT_MAX_ATTACHMENTS


def test_everything_read_when_written(path: Path) -> None:
    path.write_text(
        '[shop]\nlanguages = ["EN", "fr"]\nagent = "Camille Martin"\n'
        '[replies]\nmax_attachments_mb = 2.5\nspelling = false\nwords = ["Sencha"]\n'
        '[signatures]\nfr = "Bien à vous,\\n{{ agent.first_name }}"\n'
        'default = "-- \\nLa Théière Bleue"\n'
        '[signatures.agents."Camille Martin"]\nen = "Cheers, Camille"\n'
    )
    config = load_config(path)
    assert config.shop.languages == ("en", "fr")
    replies = config.replies
    assert (replies.max_attachments, replies.spelling, replies.words) == (
        int(2.5 * 1024 * 1024),
        False,
        ("Sencha",),
    )
    signatures = replies.signatures
    assert signatures.template("Camille Martin", "en") == "Cheers, Camille"
    assert signatures.template("Camille Martin", "fr") == (
        "Bien à vous,\n{{ agent.first_name }}"
    )
    assert signatures.template("Léa", "de") == "-- \nLa Théière Bleue"
    assert signatures.template("Léa", None) == "-- \nLa Théière Bleue"


def test_mistakes_are_named_by_line(path: Path) -> None:
    path.write_text(
        '[shop]\nlanguages = ["fr", "klingon"]\n'  # 1-2
        "[replies]\n"  # 3
        "max_attachments_mb = -1\n"  # 4
        'spelling = "yes"\n'  # 5
        "word = []\n"  # 6
        "[signatures]\n"  # 7
        'fr = "Bien à vous {{ agent.name "\n'  # 8
        'xx = "Hi"\n'  # 9
    )
    found = [(i.line, i.message) for i in check_config(path)]
    assert [line for line, _ in found] == [2, 4, 5, 6, 8, 9]
    assert '"klingon" is not a language code' in found[0][1]
    assert "max_attachments_mb is a number of megabytes" in found[1][1]
    assert "replies.spelling is true or false" in found[2][1]
    assert "did you mean replies.words?" in found[3][1]
    assert found[4][1].startswith("signatures.fr: line 1:")
    assert "signatures.xx is not a language code" in found[5][1]
