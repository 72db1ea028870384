"""The console's start (issue 14): straight to the first screen, loading only what
it draws, and the one check left for later still stops a broken config."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import COMPTOIR
from tests.functional_tests.test_console_tmux import Tmux, run

needs_tmux = pytest.mark.skipif(
    not shutil.which("tmux"), reason="tmux is not installed"
)
NOT_ON_THE_FIRST_SCREEN = (
    "numpy",  # the timers' bulk arithmetic
    "jinja2",  # canned replies
    "holidays",  # the calendars' public holidays
    "imapclient",  # the email channel's protocols
    "aiosmtplib",
    "plugins.email",
    "httpx",  # the chat channel's client
    "starlette",  # the demo's chat server, started once the queue shows
    "uvicorn",
    "storage.pipeline.live",  # the channels' keepers
    "console.tui.composer",  # made once the queue is painted
    "console.spelling",
    "textual.widgets._text_area",
    "storage.orders",  # read with the first conversation shown
    "typer",  # the CLI
    "pydantic",
    "babel",  # dates and amounts: loaded on the first one formatted
)


def test_the_first_screen_loads_none_of_what_it_does_not_draw(tmp_path: Path) -> None:
    """What `console.launch` loads to open the console: its modules, and the
    config read as open_app reads it (a calendar with public holidays, an
    email channel and a chat channel, whose plugins check their options once
    the first screen is painted)."""
    config = tmp_path / "config.toml"
    config.write_text(
        '[sla.calendars.shop]\nmon = ["09:00-18:00"]\nholidays = "FR"\n\n'
        '[channels.shop]\ntype = "email"\nimap_host = "imap.example.com"\n'
        'username = "shop@example.com"\n\n'
        '[channels.chat]\ntype = "chat"\nurl = "https://shop.example/chat"\n'
        'origins = ["https://shop.example"]\ntoken_env = "CHAT_TOKEN"\n'
    )
    code = (
        "import sys; import console.launch, console.open_app, console.tui.app\n"
        "from console.demo.opening import config_usable\n"
        f"assert config_usable(__import__('pathlib').Path({str(config)!r}))\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(done.stdout.split())
    assert "textual.app" in loaded and "console.tui.inbox_screen" in loaded
    assert [m for m in NOT_ON_THE_FIRST_SCREEN if m in loaded] == []


def _demo_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPTOIR_")}
    env["COMPTOIR_DEMO_DB"] = str(tmp_path / "demo.db")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    return env


def _exit_status(tmux: Tmux) -> str:
    """The program's exit status once it has ended ('signal N' if a signal
    ended it). tmux notes it when it reaps the program, which it sometimes
    leaves a zombie for a while: then the kernel's record says it."""
    import time

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        shown = run([*tmux.base, "display", "-p", "-t", "s",
                     "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}:#{pane_pid}"])  # fmt: skip
        dead, status, signal, pid = str(shown.stdout).strip().split(":")
        if dead == "1" and (status or signal):
            return status or f"signal {signal}"
        stat = Path(f"/proc/{pid}/stat")
        fields = stat.read_text().rsplit(")", 1)[1].split() if stat.exists() else []
        if fields and fields[0] == "Z":  # exit_code, the 52nd field of stat(5)
            code = int(fields[49])
            return str(code >> 8) if code & 0x7F == 0 else f"signal {code & 0x7F}"
        time.sleep(0.1)
    raise AssertionError(f"the program is still running:\n{tmux.screen()}")


@needs_tmux
def test_comptoir_demo_opens_the_built_demo_in_a_terminal(tmp_path: Path) -> None:
    env = _demo_env(tmp_path)
    built = subprocess.run(
        [str(COMPTOIR), "demo", "--no-open"], env=env, capture_output=True, text=True
    )
    assert built.returncode == 0, built.stderr
    assignments = " ".join(
        f"{k}={env[k]}" for k in ("COMPTOIR_DEMO_DB", "XDG_CONFIG_HOME")
    )
    tmux = Tmux(f"env -u COMPTOIR_DB -u COMPTOIR_CONFIG {assignments} {COMPTOIR} demo")
    try:
        shown = tmux.wait_for("Needs answer (")
        assert "La Théière Bleue" in shown and "Demo inbox of" not in shown
        tmux.keys("C-q")
        assert _exit_status(tmux) == "0"
    finally:
        tmux.close()


LATER_CHECKS = {
    "holidays": (
        '[sla.calendars.shop]\nmon = ["09:00-18:00"]\nholidays = "ZZ"\n',
        ":7: holidays: unknown country 'ZZ'",
    ),
    "channel options": (
        '[channels.shop]\ntype = "email"\nimap_host = "imap.example.com"\n'
        'username = "shop@example.com"\nimap_tls = "none"\n',
        ':9: channels.shop.imap_tls = "none"',  # the rest wraps in the box
    ),
}


@needs_tmux
@pytest.mark.parametrize("check", sorted(LATER_CHECKS))
def test_a_mistake_checked_later_stops_the_console_once_it_shows(
    demo_template: Path, tmp_path: Path, check: str
) -> None:
    """Checked after the first screen (the holidays package and the channels'
    plugins are slow to load), it stops the app as any config mistake does:
    said with its line, exit 2. A channel's plugin refuses such options
    itself, so nothing connects meanwhile."""
    table, said = LATER_CHECKS[check]
    db = tmp_path / "inbox.db"
    shutil.copy(demo_template, db)
    short = Path(tempfile.mkdtemp(prefix="c"))  # the path is said whole, unwrapped
    config = short / "config.toml"
    config.write_text(
        '[shop]\nname = "La Théière Bleue"\ntimezone = "Europe/Paris"\n\n' + table,
        encoding="utf-8",
    )
    tmux = Tmux(f"env COMPTOIR_DB={db} COMPTOIR_CONFIG={config} {COMPTOIR}")
    try:
        shown = tmux.wait_for(f"{config}{said}")  # with its path: not a toast
        assert "The config has a mistake" in shown
        tmux.keys("Enter")
        assert _exit_status(tmux) == "2"
    finally:
        tmux.close()
        shutil.rmtree(short)
