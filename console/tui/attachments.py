"""Saving a conversation's attachments, and opening them with the system's opener."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import platformdirs

from storage.models import ConversationDetail


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


def open_with_system(path: Path) -> str:
    """Hand the path to the desktop's opener; a sentence saying what happened."""
    opener = system_opener()
    if opener is None:
        return f"No system opener (xdg-open) here; the files are in {path}"
    subprocess.Popen(
        [opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return f"Opened {path}"
