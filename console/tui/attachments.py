"""Saving a conversation's attachments, and opening them with the system's opener."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from console.i18n import _, ngettext
from storage.models import ConversationDetail

OPEN_TIMEOUT = 20.0  # seconds; openers hand the file to an app and return


def attachments_folder(conversation_id: int) -> Path:
    return (
        platformdirs.user_downloads_path()
        / "comptoir"
        / f"conversation-{conversation_id}"
    )


# File systems refuse a name over 255 bytes; room is kept for " (12)".
_NAME_BYTES = 240


def _fitted(name: str) -> str:
    """The name in at most _NAME_BYTES of UTF-8, its extension kept (names
    stored by older versions were capped in characters, not bytes)."""
    if len(name.encode()) <= _NAME_BYTES:
        return name
    suffix = Path(name).suffix if len(Path(name).suffix.encode()) <= 20 else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    room = _NAME_BYTES - len(suffix.encode())
    return stem.encode()[:room].decode("utf-8", "ignore").rstrip(" .") + suffix


def free_name(folder: Path, filename: str) -> Path:
    """`name.pdf`, then `name (2).pdf`: never overwrite what is already there."""
    # Names were made safe on import; twice is cheap.
    safe = _fitted(Path(filename).name or "attachment")
    target = folder / safe
    number = 2
    while target.exists():
        target = folder / f"{Path(safe).stem} ({number}){Path(safe).suffix}"
        number += 1
    return target


@dataclass(slots=True)
class Saved:
    """What a save wrote, and each file it could not write with the reason."""

    paths: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        count = len(self.paths)
        text = ngettext("Saved {count} file", "Saved {count} files", count)
        text = text.format(count=count)
        if self.paths:
            where = _(" in {folder} · o opens it")
            text += where.format(folder=self.paths[0].parent)
        if self.failed:
            name, reason = self.failed[0]
            text += ". " + _("Not saved: {name} ({reason})").format(
                name=name[:60], reason=reason
            )
            if len(self.failed) > 1:
                more = _(" and {count} more").format(count=len(self.failed) - 1)
                text += more
        return text


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
        said = _("No system opener (xdg-open) here; the files are in {folder}")
        return said.format(folder=path), False
    if not has_display():
        said = _("No display to open files on; the files are in {folder}")
        return said.format(folder=path), False
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
        said = _("{opener} did not answer in {seconds} s; the files are in {folder}")
        return said.format(
            opener=name, seconds=f"{OPEN_TIMEOUT:.0f}", folder=path
        ), False
    if done.returncode != 0:
        exited = _("exit {code}").format(code=done.returncode)
        reason = (done.stderr.strip().splitlines() or [exited])[0]
        said = _("{opener} could not open {folder}: {reason}")
        return said.format(opener=name, folder=path, reason=reason), False
    return _("Opened {folder} with {opener}").format(folder=path, opener=name), True
