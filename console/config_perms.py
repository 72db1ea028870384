"""A config that names a command must be its user's own, writable by no one else.

comptoir runs `password_command` (and any other `*_command` setting) from the
config file: whoever can write the file can make comptoir run their command as
this user. ssh and mutt refuse such a file for the same reason; so does comptoir.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

Key = tuple[str, ...]


def command_keys(channels: Mapping[str, Mapping[str, Any]]) -> list[Key]:
    """Every `channels.NAME.*_command` setting that names a command."""
    return [
        ("channels", name, key)
        for name, options in channels.items()
        for key, value in options.items()
        if key.endswith("_command") and isinstance(value, str) and value.strip()
    ]


def _unsafe(info: os.stat_result) -> str:
    """Why others could change the file; '' when only its user can."""
    if info.st_uid not in (os.getuid(), 0):
        return f"belongs to another user (uid {info.st_uid})"
    if info.st_mode & stat.S_IWOTH:
        return "can be changed by anyone"
    if info.st_mode & stat.S_IWGRP:
        return "can be changed by its group"
    return ""


def unsafe_commands(
    path: Path, channels: Mapping[str, Mapping[str, Any]]
) -> list[tuple[Key, str]]:
    """The one error to report when `path` names commands others could change."""
    keys = command_keys(channels)
    try:
        why = _unsafe(path.stat()) if keys else ""
    except OSError:
        return []
    if not why:
        return []
    key = keys[0]
    fix = f"chmod 600 {path}"
    if why.startswith("belongs"):
        fix = f"chown {os.getuid()} {path} && {fix}"
    return [
        (
            key,
            f"{'.'.join(key)} runs a command, but the file {why} (who could make "
            f"comptoir run any command): {fix}",
        )
    ]
