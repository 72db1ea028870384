"""`comptoir demo` through the real CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import COMPTOIR
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


def test_the_demo_hints_work_as_printed(
    comptoir: CliRunner, cli_env: dict[str, str], tmp_path: Path
) -> None:
    """Issue 11, point 20: the printed commands, run in a shell as they are,
    see the demo's database and config, as the console opened by `comptoir
    demo` does: its policies, its figures, its database."""
    import asyncio
    import os
    import subprocess

    from console.config import load_config
    from console.config_sla import sla_settings
    from storage.connection import open_store
    from storage.sla.deadlines import conversation_timers

    cli_env["COMPTOIR_DEMO_DB"] = str(tmp_path / "demo" / "demo.db")
    cli_env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    printed = comptoir("demo", "--no-open")
    assert printed.returncode == 0, printed.stderr
    commands = [
        line.strip() for line in printed.stdout.splitlines() if line.startswith("  ")
    ]
    assert commands[0].startswith("export COMPTOIR_DB=")
    shell = {
        k: v for k, v in cli_env.items() if k not in ("COMPTOIR_DB", "COMPTOIR_CONFIG")
    }
    shell["PATH"] = f"{Path(str(COMPTOIR)).parent}{os.pathsep}{shell['PATH']}"
    script = (
        "set -e\n" + "\n".join(commands) + "\ncomptoir db path\ncomptoir sla show\n"
    )
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=shell, check=False
    )
    assert done.returncode == 0, done.stderr
    assert cli_env["COMPTOIR_DEMO_DB"] in done.stdout.splitlines()  # db path
    assert "1. urgent  when priority high, urgent" in done.stdout  # the demo's policies
    explain = next(c for c in commands if c.startswith("comptoir sla explain"))
    conversation = int(explain.split()[-1])
    config = load_config(Path(cli_env["XDG_CONFIG_HOME"]) / "comptoir" / "demo.toml")
    settings = sla_settings(config)

    async def timers() -> list[str]:
        async with open_store(Path(cli_env["COMPTOIR_DEMO_DB"])) as store:
            found = await conversation_timers(
                store,
                conversation,
                datetime.now(UTC),
                settings.policies,
                settings.calendars,
            )
        return [f"{t.metric}: {t.state}, target {t.target} ({t.policy})" for t in found]

    for line in asyncio.run(timers()):  # what the console computes, the CLI says
        assert line in done.stdout


KILLED_WRITER = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("PRAGMA wal_autocheckpoint=0")
conn.execute("UPDATE conversations SET subject = 'changed'")
conn.commit()
conn.execute("VACUUM")  # every page written anew, into the WAL
os._exit(0)  # as a console closed with its terminal: the WAL stays behind
"""


def test_a_rebuild_after_a_console_killed_with_its_terminal_opens(
    comptoir: CliRunner, cli_env: dict[str, str], tmp_path: Path
) -> None:
    """The old demo's write-ahead log left beside it must not be read as the
    new demo's (SQLite: 'database disk image is malformed')."""
    import subprocess
    import sys

    demo = tmp_path / "demo" / "demo.db"
    cli_env["COMPTOIR_DEMO_DB"] = str(demo)
    cli_env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    assert comptoir("demo", "--json").returncode == 0
    subprocess.run([sys.executable, "-c", KILLED_WRITER, str(demo)], check=True)
    assert demo.with_name("demo.db-wal").stat().st_size > 0
    rebuilt = comptoir("demo", "--rebuild", "--json")
    assert rebuilt.returncode == 0, rebuilt.stderr
    listed = comptoir("--db", str(demo), "conversations", "list", "--status", "open")
    assert listed.returncode == 0, listed.stderr
    assert "changed" not in listed.stdout
