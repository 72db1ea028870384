"""`comptoir config path|show|check`, run as the real script in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

COMPTOIR = Path(sys.executable).parent / "comptoir"
Run = Callable[..., subprocess.CompletedProcess[str]]

GOOD = """\
[shop]
name = "Chez Léa"
addresses = ["Support@ChezLea.Example"]
timezone = "America/New_York"

[channels.support]
type = "email"
imap_host = "imap.chezlea.example"
username = "support@chezlea.example"
"""
BAD = """\
[shop]
name = "Chez Léa"
adresses = ["support@chezlea.example"]

[channels.support]
host = "imap.example"
"""


@pytest.fixture
def run(tmp_path: Path) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPTOIR_")}
    env |= {
        "TZ": "Europe/Paris",
        "USER": "lea",
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
        "COMPTOIR_DB": str(tmp_path / "comptoir.db"),
    }

    def run(*args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(COMPTOIR), *args],
            capture_output=True,
            text=True,
            env=env | extra_env,
            cwd=tmp_path,
            timeout=30,
        )

    return run


def config_file(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_path_follows_flag_then_env_then_default(run: Run, tmp_path: Path) -> None:
    flag, env = tmp_path / "flag.toml", tmp_path / "env.toml"
    done = run("--config", str(flag), "config", "path")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{flag}\n", "")
    done = run("config", "path", COMPTOIR_CONFIG=str(env))
    assert done.stdout == f"{env}\n"
    done = run("--config", str(flag), "config", "path", COMPTOIR_CONFIG=str(env))
    assert done.stdout == f"{flag}\n"
    done = run("config", "path")
    assert done.stdout.strip().endswith("config.toml")
    if sys.platform.startswith("linux"):  # platformdirs follows XDG there
        assert done.stdout == f"{tmp_path / 'xdg' / 'comptoir' / 'config.toml'}\n"


def test_show_json_fills_in_defaults(run: Run, tmp_path: Path) -> None:
    path = config_file(tmp_path, GOOD)
    done = run("--config", str(path), "config", "show", "--json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout) == {
        "path": str(path),
        "exists": True,
        "shop": {
            "name": "Chez Léa",
            "addresses": ["support@chezlea.example"],
            "timezone": "America/New_York",
            "agent": "lea",
            "languages": ["fr", "en", "de", "es", "it"],
            "language": "",  # the interface's: the locale's
        },
        "channels": {
            "support": {
                "type": "email",
                "imap_host": "imap.chezlea.example",
                "username": "support@chezlea.example",
            }
        },
        "replies": {"max_attachments_mb": 10.0, "spelling": True, "words": []},
        "signatures": {"agents": {}},
    }


def test_show_without_a_file_prints_defaults_as_toml(run: Run, tmp_path: Path) -> None:
    done = run("--config", str(tmp_path / "none.toml"), "config", "show")
    assert done.returncode == 0, done.stderr
    shown = tomllib.loads(done.stdout)  # the text is itself valid TOML
    assert shown == {
        "shop": {
            "name": "My shop",
            "addresses": [],
            "timezone": "Europe/Paris",
            "agent": "lea",
            "languages": ["fr", "en", "de", "es", "it"],
            "language": "",
        },
        "replies": {"max_attachments_mb": 10.0, "spelling": True, "words": []},
        "signatures": {"agents": {}},
    }


def test_show_stops_on_the_first_error(run: Run, tmp_path: Path) -> None:
    path = config_file(tmp_path, BAD)
    done = run("--config", str(path), "config", "show", "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith(f"error: {path}:3: shop.adresses is not a known setting")


def test_check_ok(run: Run, tmp_path: Path) -> None:
    path = config_file(tmp_path, GOOD)
    done = run("--config", str(path), "config", "check")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{path}: ok\n", "")


def test_check_without_a_file(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "none.toml"
    done = run("--config", str(path), "config", "check")
    assert done.returncode == 0
    assert done.stdout == f"no config file at {path}; using defaults\n"


def test_check_lists_every_error_and_exits_2(run: Run, tmp_path: Path) -> None:
    path = config_file(tmp_path, BAD)
    done = run("--config", str(path), "config", "check")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"{path}:3: error: shop.adresses is not a known setting; "
        "did you mean shop.addresses?",
        f'{path}:5: error: channels.support needs a type, like type = "email"',
    ]


def test_check_warnings_alone_pass(run: Run, tmp_path: Path) -> None:
    path = config_file(tmp_path, GOOD + '\n[widgets]\nsize = "2h"\n')
    done = run("config", "check", COMPTOIR_CONFIG=str(path))
    assert done.returncode == 0
    assert done.stdout == f"{path}: ok (1 warning)\n"
    assert (
        done.stderr
        == f"{path}:11: warning: [widgets] is not a known section, so it is unused\n"
    )


def test_check_reports_toml_syntax_by_line(run: Run, tmp_path: Path) -> None:
    path = config_file(tmp_path, '[shop]\nname = "A"\nagent = Léa\n', "env.toml")
    done = run("config", "check", COMPTOIR_CONFIG=str(path))
    assert done.returncode == 2
    assert done.stderr.startswith(f"{path}:3: error: invalid TOML: invalid value")
