"""What the core lends a channel instance (`plugins.api.ChannelContext`).

Secrets come from `{key}_env`, then `{key}_command` (its first output line,
like aerc's source-cred-cmd), then the system keyring (service "comptoir",
user "INSTANCE/KEY"; no keyring at all is normal), then a prompt when a person
is at a terminal. Never from the config file.
"""

from __future__ import annotations

import asyncio
import getpass
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from plugins.api import AuthenticationError

KEYRING_SERVICE = "comptoir"
COMMAND_TIMEOUT = 60


def _from_command(command: str, key: str, instance: str) -> str:
    try:
        done = subprocess.run(
            command, shell=True, capture_output=True, text=True,
            timeout=COMMAND_TIMEOUT, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise AuthenticationError(
            f"{key}_command did not finish in {COMMAND_TIMEOUT} s: is it waiting for input?",
            instance,
        ) from None
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or [""])[0]
        raise AuthenticationError(
            f"{key}_command failed (exit {done.returncode})"
            + (f": {said}" if said else ""),
            instance,
        )
    return (done.stdout.splitlines() or [""])[0]


def _from_keyring(user: str) -> str:
    try:
        import keyring
        import keyring.errors
    except ImportError:
        return ""
    try:
        return keyring.get_password(KEYRING_SERVICE, user) or ""
    except keyring.errors.KeyringError:  # no backend, or a locked one
        return ""
    except Exception:  # third-party backends raise what they like (dbus, ...)
        return ""


def resolve_secret(
    instance: str, settings: Mapping[str, Any], key: str, what: str, interactive: bool
) -> str:
    """The secret, from the first source that has one; AuthenticationError
    naming what to set when none does."""
    env = str(settings.get(f"{key}_env") or "")
    if env and (value := os.environ.get(env)):
        return value
    if command := str(settings.get(f"{key}_command") or ""):
        if value := _from_command(command, key, instance):
            return value
        raise AuthenticationError(f"{key}_command printed nothing", instance)
    user = f"{instance}/{key}"
    if value := _from_keyring(user):
        return value
    asked = (
        getpass.getpass(f"{what} for {instance}: ")
        if interactive and sys.stdin.isatty()
        else ""
    )
    if asked:
        return asked
    hints = [f"set ${env}"] if env else []
    hints += [
        f"set {key}_env or {key}_command",
        f"or run: keyring set {KEYRING_SERVICE} {user}",
    ]
    raise AuthenticationError(f"no {what} found: " + ", ".join(hints), instance)


@dataclass(slots=True)
class CliChannelContext:
    """The context of a channel used by a command (no store behind it)."""

    instance: str
    settings: Mapping[str, Any]
    shop_name: str = ""
    shop_addresses: frozenset[str] = frozenset()
    interactive: bool = False
    known_ids: set[str] = field(default_factory=set)

    async def known(self, external_ids: Sequence[str]) -> set[str]:
        return self.known_ids & set(external_ids)

    async def secret(self, key: str, what: str) -> str:
        return await asyncio.to_thread(
            resolve_secret, self.instance, self.settings, key, what, self.interactive
        )

    def warn(self, message: str) -> None:
        print(f"warning: {self.instance}: {message}", file=sys.stderr)
