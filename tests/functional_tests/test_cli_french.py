"""The CLI in French (issue 15): what it says to a person follows the locale
or `[shop] language`; what scripts read (--json, stdout's data) does not change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.support import CliRunner


def test_lang_fr_says_errors_in_french(
    comptoir: CliRunner, cli_env: dict[str, str], tmp_path: Path
) -> None:
    cli_env["LANG"] = "fr_FR.UTF-8"  # not installed here: gettext needs none
    done = comptoir("db", "check")
    assert done.returncode == 1
    assert done.stderr == f"erreur : pas de base de données à {tmp_path / 'cli.db'}\n"


def test_the_config_language_wins_and_json_stays_as_it_is(
    comptoir: CliRunner, cli_env: dict[str, str], demo_template: Path
) -> None:
    shutil.copy(demo_template, cli_env["COMPTOIR_DB"])
    Path(cli_env["COMPTOIR_CONFIG"]).write_text('[shop]\nlanguage = "fr"\n')
    shown = comptoir("conversations", "show", "1")
    assert shown.returncode == 0, shown.stderr
    assert "statut : " in shown.stdout and "événements :" in shown.stdout
    as_json = json.loads(comptoir("conversations", "show", "1", "--json").stdout)
    assert as_json["summary"]["status"] in ("open", "pending", "snoozed", "closed")
    cli_env["LANG"] = "fr_FR.UTF-8"
    Path(cli_env["COMPTOIR_CONFIG"]).write_text('[shop]\nlanguage = "en"\n')
    assert "status: " in comptoir("conversations", "show", "1").stdout


def test_a_wrong_language_in_the_config_is_one_clear_line(
    comptoir: CliRunner, cli_env: dict[str, str]
) -> None:
    Path(cli_env["COMPTOIR_CONFIG"]).write_text('[shop]\nlanguage = "de"\n')
    done = comptoir("config", "check")
    assert done.returncode == 2
    assert 'shop.language is the interface\'s language: "fr" or "en"' in done.stderr
