"""What each installed plugin is, found without importing any into comptoir.

Each plugin is loaded in a child process of its own (`python -m
plugins.registry GROUP NAME`), so one that crashes, exits or hangs while it is
imported is reported as broken and the listing goes on.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass

from plugins.registry import GROUPS, PluginEntry, list_plugins


@dataclass(frozen=True, slots=True)
class PluginStatus:
    entry: PluginEntry
    error: str = ""
    label: str = ""
    api_version: str = ""


def _start(entry: PluginEntry) -> subprocess.Popen[str]:
    # -P: the current directory never shadows comptoir's own packages.
    command = [sys.executable, "-P", "-m", "plugins.registry", entry.group, entry.name]
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read(
    entry: PluginEntry, child: subprocess.Popen[str], timeout: float
) -> PluginStatus:
    try:
        out, _ = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return PluginStatus(entry, f"its import did not finish in {timeout:g} s")
    lines = out.strip().splitlines()
    try:  # the last line is ours; a plugin may print before it
        found = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        found = {}
    if not isinstance(found, dict) or not found:
        return PluginStatus(
            entry, f"its import ended the process (exit {child.returncode})"
        )
    return PluginStatus(
        entry,
        str(found.get("error", "")),
        str(found.get("label", "")),
        str(found.get("api_version", "")),
    )


def inspect_installed(
    groups: tuple[str, ...] = GROUPS, timeout: float = 20.0
) -> list[PluginStatus]:
    """Every installed plugin of these groups, loaded in parallel children."""
    entries = [entry for group in groups for entry in list_plugins(group)]
    children = [_start(entry) for entry in entries]
    deadline = time.monotonic() + timeout
    return [
        _read(entry, child, max(0.1, deadline - time.monotonic()))
        for entry, child in zip(entries, children, strict=True)
    ]
