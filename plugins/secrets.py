"""Where a channel's secret comes from, in this order, for every channel alike.

1. the environment variable named by the option `{key}_env`;
2. the first line printed by the command `{key}_command` (like aerc's
   source-cred-cmd: `pass show shop/imap`);
3. the system keyring, service "comptoir", user `INSTANCE` for `password`,
   `INSTANCE/NAME` for `NAME_password` or any other key (a machine with no
   keyring backend is normal: it just has nothing to give);
4. a prompt, only when a person is at a terminal.

Never the config file. The core's ChannelContext.secret calls `resolve_secret`.
"""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from typing import Any

from plugins.api import AuthenticationError
from plugins.command import run_command

SERVICE = "comptoir"
COMMAND_TIMEOUT = 60

Prompt = Callable[[str], str]


def keyring_user(instance: str, key: str) -> str:
    """`support` for the password, `support/smtp` for `smtp_password`."""
    if key == "password":
        return instance
    return f"{instance}/{key.removesuffix('_password') or key}"


def from_command(command: str, instance: str, option: str) -> str:
    """The first line the command prints; AuthenticationError if it fails."""
    try:
        done = run_command(command, COMMAND_TIMEOUT)  # killed whole at the timeout
    except subprocess.TimeoutExpired:
        raise AuthenticationError(
            f"{option} did not finish in {COMMAND_TIMEOUT} s and was stopped: is it "
            "waiting for input?",
            instance,
        ) from None
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or [""])[0]
        raise AuthenticationError(
            f"{option} failed (exit {done.returncode}){': ' + said if said else ''}",
            instance,
        )
    first = (done.stdout.splitlines() or [""])[0]
    if not first:
        raise AuthenticationError(f"{option} printed nothing", instance)
    return first


def from_keyring(user: str) -> str:
    try:
        import keyring
        import keyring.errors
    except ImportError:  # keyring is a dependency, but a broken install is no reason
        return ""
    try:
        return keyring.get_password(SERVICE, user) or ""
    except keyring.errors.KeyringError:  # no backend, or a locked one: not an error
        return ""
    except Exception:  # third-party backends raise what they like (dbus, ...)
        return ""


def prompt_tty(label: str) -> str:
    if not sys.stdin.isatty():
        return ""
    return getpass.getpass(f"Password for {label}: ")


def missing(instance: str, settings: Mapping[str, Any], key: str, what: str) -> str:
    """What to set, in one line, when no source had the secret."""
    hints = []
    if env := settings.get(f"{key}_env"):
        hints.append(f"set ${env}")
    hints.append(f'set {key}_command (like "pass show shop/imap")')
    hints.append(f"or run: keyring set {SERVICE} {keyring_user(instance, key)}")
    return f"no {what} found: " + ", ".join(hints)


def resolve_secret(
    instance: str,
    settings: Mapping[str, Any],
    key: str,
    prompt: Prompt | None = None,
) -> str:
    """The secret from the first source that has one; "" when none has."""
    env = settings.get(f"{key}_env")
    if isinstance(env, str) and env and (value := os.environ.get(env)):
        return value
    command = settings.get(f"{key}_command")
    if isinstance(command, str) and command:
        return from_command(command, instance, f"{key}_command")
    user = keyring_user(instance, key)
    if value := from_keyring(user):
        return value
    return prompt(user) if prompt is not None else ""
