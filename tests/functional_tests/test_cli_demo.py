"""`comptoir demo` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import CliRunner


def test_demo_builds_once_then_reuses_and_rebuilds_on_request(
    comptoir: CliRunner, cli_env: dict[str, str], tmp_path: Path
) -> None:
    cli_env["COMPTOIR_DEMO_DB"] = str(tmp_path / "demo" / "demo.db")
    cli_env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    first = comptoir("demo", "--json")
    assert first.returncode == 0, first.stderr
    built = json.loads(first.stdout)
    assert built["database"] == cli_env["COMPTOIR_DEMO_DB"]
    assert Path(built["config"]).is_file()
    again = json.loads(comptoir("demo", "--json").stdout)
    assert again["conversations"] == built["conversations"]
    assert comptoir("demo", "--rebuild", "--json").returncode == 0
    listed = comptoir(
        "--db", built["database"], "conversations", "list", "--status", "open"
    )
    assert listed.returncode == 0 and listed.stdout.count("\n") >= 20
    human = comptoir("demo")
    assert "conversations list" in human.stdout and "Théière" in human.stdout
