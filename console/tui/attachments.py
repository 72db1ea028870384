"""Saving a conversation's attachments, and opening them with the system's opener."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path

import platformdirs

from storage.models import ConversationDetail

OPEN_TIMEOUT = 20.0  # seconds; openers hand the file to an app and return


def attachments_folder(conversation_id: int) -> Path:
    return (
        platformdirs.user_downloads_path()
        / "comptoir"
        / f"conversation-{conversation_id}"
    )


def free_name(folder: Path, filename: str) -> Path:
    """`name.pdf`, then `name (2).pdf`: never overwrite what is already there."""
    safe = (
        Path(filename).name or "attachment"
    )  # names were made safe on import; twice is cheap
    target = folder / safe
    number = 2
    while target.exists():
        target = folder / f"{Path(safe).stem} ({number}){Path(safe).suffix}"
        number += 1
    return target


def wanted(detail: ConversationDetail) -> list[tuple[str, str]]:
    """(file name, sha256) of every attachment, oldest message first."""
    return [
        (attachment.filename, attachment.sha256)
        for message in detail.messages
        for attachment in message.attachments
    ]


def system_opener() -> str | None:
    for name in ("xdg-open", "open") if sys.platform != "win32" else ():
        if found := shutil.which(name):
            return found
    return None


def has_display() -> bool:
    """Whether a desktop is there to open files on (not over SSH, not a console)."""
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


async def open_folder(path: Path) -> tuple[str, bool]:
    """Hand the folder to the desktop's opener and wait for it (no zombie left);
    a sentence saying what happened, and whether it worked."""
    opener = system_opener()
    if opener is None:
        return f"No system opener (xdg-open) here; the files are in {path}", False
    if not has_display():
        return f"No display to open files on; the files are in {path}", False
    name = Path(opener).name
    try:
        done = await asyncio.to_thread(
            subprocess.run,
            [opener, str(path)],
            capture_output=True,
            text=True,
            timeout=OPEN_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return (
            f"{name} did not answer in {OPEN_TIMEOUT:.0f} s; the files are in {path}",
            False,
        )
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[0]
        return f"{name} could not open {path}: {reason}", False
    return f"Opened {path} with {name}", True
