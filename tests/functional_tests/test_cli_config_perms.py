"""A config naming a password_command that others could change is refused,
with one line saying the chmod that fixes it (as ssh and mutt do)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import CliRunner

CONFIG = """\
[shop]
name = "Tea shop"

[channels.support]
type = "email"
imap_host = "127.0.0.1"
username = "support"
password_command = "echo pw"
"""


def write(cli_env: dict[str, str], mode: int, text: str = CONFIG) -> Path:
    path = Path(cli_env["COMPTOIR_CONFIG"])
    path.write_text(text)
    path.chmod(mode)
    return path


@pytest.mark.parametrize(
    ("mode", "why"),
    [(0o666, "can be changed by anyone"), (0o620, "can be changed by its group")],
)
def test_a_config_others_can_change_is_refused_with_the_chmod(
    mode: int, why: str, cli_env: dict[str, str], comptoir: CliRunner
) -> None:
    path = write(cli_env, mode)
    done = comptoir("fetch")
    assert done.returncode == 2
    assert done.stderr == (
        f"error: {path}:8: channels.support.password_command runs a command, but "
        f"the file {why} (who could make comptoir run any command): chmod 600 {path}\n"
    )
    checked = comptoir("config", "check")
    assert (
        checked.returncode == 2
        and f"chmod 600 {path}" in checked.stdout + checked.stderr
    )
    path.chmod(0o600)  # as the line says
    assert comptoir("config", "check").returncode == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file away needs root")
def test_a_config_owned_by_another_user_is_refused(
    cli_env: dict[str, str], comptoir: CliRunner
) -> None:
    path = write(cli_env, 0o600)
    os.chown(path, 65534, 65534)
    done = comptoir("channels", "list")
    assert done.returncode == 2
    assert "belongs to another user (uid 65534)" in done.stderr
    assert done.stderr.endswith(f": chown 0 {path} && chmod 600 {path}\n")


def test_a_config_without_commands_may_be_shared(
    cli_env: dict[str, str], comptoir: CliRunner
) -> None:
    write(cli_env, 0o664, CONFIG.replace('password_command = "echo pw"', ""))
    assert comptoir("config", "check").returncode == 0
