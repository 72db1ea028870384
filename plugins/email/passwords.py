"""Where an account's password comes from, in this order.

1. the environment variable named by `password_env`;
2. the first line printed by `password_command` (like aerc's source-cred-cmd);
3. the system keyring, service "comptoir", user = the instance name (a machine
   with no keyring backend is normal: it just has nothing to give);
4. a prompt, only when a person is at a terminal.

Never the config file. SMTP uses its own `smtp_password_*` settings when set,
then the keyring entry "INSTANCE/smtp", then whatever the IMAP side resolves.
"""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from collections.abc import Callable

from plugins.api import PluginError
from plugins.command import run_command
from plugins.email.settings import EmailSettings

SERVICE = "comptoir"
COMMAND_TIMEOUT = 60

Prompt = Callable[[str], str]


class PasswordError(PluginError):
    """No password could be found, or its command failed."""


def _from_command(command: str, instance: str) -> str:
    try:
        done = run_command(command, COMMAND_TIMEOUT)  # killed whole at the timeout
    except subprocess.TimeoutExpired:
        raise PasswordError(
            f"password_command did not finish in {COMMAND_TIMEOUT} s and was "
            "stopped: is it waiting for input?",
            instance,
        ) from None
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or [""])[0]
        raise PasswordError(
            f"password_command failed (exit {done.returncode}){': ' + said if said else ''}",
            instance,
        )
    first = (done.stdout.splitlines() or [""])[0]
    if not first:
        raise PasswordError("password_command printed nothing", instance)
    return first


def _from_keyring(user: str) -> str:
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


def _resolve(
    env: str, command: str, keyring_user: str, instance: str, prompt: Prompt | None
) -> str:
    if env and (value := os.environ.get(env)):
        return value
    if command:
        return _from_command(command, instance)
    if value := _from_keyring(keyring_user):
        return value
    return prompt(keyring_user) if prompt else ""


def _missing(settings: EmailSettings, what: str) -> PasswordError:
    hints = []
    if settings.password_env:
        hints.append(f"set ${settings.password_env}")
    hints.append('set password_command (like "pass show shop/imap")')
    hints.append(f"or run: keyring set {SERVICE} {settings.instance}")
    return PasswordError(
        f"no {what} password found: " + ", ".join(hints), settings.instance
    )


def imap_password(settings: EmailSettings, prompt: Prompt | None = prompt_tty) -> str:
    """The IMAP password, from the first source that has one."""
    found = _resolve(
        settings.password_env,
        settings.password_command,
        settings.instance,
        settings.instance,
        prompt,
    )
    if not found:
        raise _missing(settings, "IMAP")
    return found


def smtp_password(settings: EmailSettings, prompt: Prompt | None = prompt_tty) -> str:
    """The SMTP password: its own sources first, then the IMAP password's."""
    found = _resolve(
        settings.smtp_password_env,
        settings.smtp_password_command,
        f"{settings.instance}/smtp",
        settings.instance,
        None,
    )
    return found or imap_password(settings, prompt)
